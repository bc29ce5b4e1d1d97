"""A letter as a PDF for printing: the HTML page laid out by WeasyPrint.

WeasyPrint is an optional extra (``pip install 'contactplan[pdf]'``) and
needs the system's Pango and a font for every script a letter is written in
(on Debian and Ubuntu the ``fonts-noto-core`` and ``fonts-noto-cjk``
packages; see ``docs/letters.md``). The fonts used are embedded in the PDF
(subset), and the text stays extractable and searchable.

The PDF adds to the HTML page what a browser cannot be trusted with: real
page margins and, in the footer of every page, the case reference and
"page X / Y", so a reader knows no page is missing. It is a tagged PDF
(PDF/UA-1) with the letter's language, and each section's (:mod:`.tagging`),
so a screen reader can follow it.

A PDF is never worse than no letter:

- **no boxes**: before anything is laid out, :func:`pdf_problems` asks
  fontconfig whether the fonts this machine will really use cover every
  character of the letter (:mod:`.fonts`); if not, the letter is refused
  (:class:`PdfRefused`), naming the script and the Debian package to install;
- **no endless layout**: a value (a name, an address, a place) longer than
  :data:`MAX_VALUE_CHARS` characters, or values longer than
  :data:`MAX_VALUES_CHARS` in all, are refused: a 3,000-character Chinese
  name took WeasyPrint a minute, mixed scripts far longer;
- **no crash of the caller**: WeasyPrint runs in a child process
  (:mod:`.pdf_worker`), started once and reused, with a time limit
  (:data:`PDF_SECONDS`). Pango segfaults when there are no fonts at all;
  then, or when the limit passes, the child is ended and the letter refused
  in one message, while the command or the web server carries on;
- **nothing fetched**: WeasyPrint's URL fetcher refuses every URL but the
  package's own fonts and styles.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PdfRefused, UsageError
from .compose import Section, Value
from .fonts import FontProblem, font_problems, fontconfig_error
from .html import FONTS, to_html
from .tagging import section_languages

__all__ = [
    "MAX_PDF_BYTES",
    "MAX_VALUES_CHARS",
    "MAX_VALUE_CHARS",
    "PDF_MEMORY_BYTES",
    "PDF_SECONDS",
    "PRACTITIONER_FOOTER",
    "PdfProblem",
    "PdfRefused",
    "PdfUnavailable",
    "TooLong",
    "advice",
    "pdf_problems",
    "render_documents",
    "to_pdf",
]

#: The longest value (a name, an address line, a place) a PDF letter takes.
MAX_VALUE_CHARS = 300
#: The most characters of values, all together, a PDF letter takes.
MAX_VALUES_CHARS = 3_000
#: How long WeasyPrint may take for one letter (its first one in a process
#: includes starting it) before the letter is refused.
PDF_SECONDS = 20.0
#: The most memory (address space) the child may use: a runaway layout ends
#: there with a plain error, not with the machine swapping.
PDF_MEMORY_BYTES = 2 << 30
#: The largest PDF a letter may come to (a letter is a few pages: 100 kB).
MAX_PDF_BYTES = 20 << 20

#: The footer of the practitioner's page of a domestic abuse support letter,
#: which is laid out on its own so that the letter's pages count only
#: themselves ("1 / 1"): a reader never wonders about a missing page.
PRACTITIONER_FOOTER = "For the practitioner only: not part of the letter"

#: The folder whose fonts and styles a letter may load (and nothing else).
OWN_FILES = Path(__file__).resolve().parent
WORKER = OWN_FILES / "pdf_worker.py"


class PdfUnavailable(UsageError):
    """WeasyPrint can't start on this machine (Pango or fontconfig missing)."""


@dataclass(frozen=True)
class TooLong:
    """A value of the letter too long to lay out in good time."""

    length: int
    start: str
    limit: int
    total: bool = False

    @property
    def advice(self) -> str:
        """The sentence for the web page."""
        if self.total:
            return (
                f"This letter can't be printed as PDF: its names, addresses and places come to "
                f"{self.length:,} characters (at most {self.limit:,}). Shorten them."
            )
        return (
            f"This letter can't be printed as PDF: a name, an address or a place in it is "
            f"{self.length:,} characters long (at most {self.limit:,}). Shorten it."
        )

    def __str__(self) -> str:
        if self.total:
            return (
                f"the names, addresses and places in this letter come to {self.length:,} characters: "
                f"a PDF letter takes at most {self.limit:,}; shorten them in the case file"
            )
        return (
            f"a value in this letter is {self.length:,} characters long ({self.start!r}...): "
            f"a PDF letter takes values of at most {self.limit:,} characters; shorten it in the case file"
        )


PdfProblem = FontProblem | TooLong


def advice(problems: list[PdfProblem] | list[object]) -> list[str]:
    """The problems in a practitioner's words, one sentence a package to
    install ("This server can't print Urdu letters or English letters: ask
    your administrator to install fonts-noto-core.") and one a value too
    long. A script missing in a name is left out where the same script is
    missing as a language of the letter."""
    fonts = [p for p in problems if isinstance(p, FontProblem)]
    whole = {p.script for p in fonts if p.own_script}
    by_package: dict[str, list[str]] = {}
    for p in fonts:
        if p.own_script or p.script not in whole:
            by_package.setdefault(p.package, []).append(p.what)
    said = [
        f"This server can't print {_either(list(dict.fromkeys(what)))}: "
        f"ask your administrator to install {package}."
        for package, what in by_package.items()
    ]
    return said + [p.advice for p in problems if isinstance(p, TooLong)]


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


# --------------------------------------------------------------------------
# What would go wrong, before anything is laid out


def _footers(parts: list[Section], reference: str) -> list[str]:
    return [
        reference + " \u00b7 0123456789 / ",
        PRACTITIONER_FOOTER if any(s.practitioner for s in parts) else "",
    ]


def _section_texts(parts: list[Section], reference: str) -> list[tuple[str, str]]:
    """Each language of the letter with the text printed in it: every
    section's paragraphs (headings, values and all), and the footer, which
    is printed in English."""
    from .compose import ENGLISH_COPY_HEADING

    texts: list[tuple[str, str]] = []
    for section in parts:
        words = [section.title, ENGLISH_COPY_HEADING if section.english_copy else ""]
        for paragraph in section.paragraphs:
            words += [part.text if isinstance(part, Value) else part for part in paragraph.parts]
        texts.append((section.tag, "\n".join(words)))
    texts.append(("en", "\n".join(_footers(parts, reference))))
    return texts


def _too_long(parts: list[Section]) -> list[TooLong]:
    values = [
        part.text
        for section in parts
        for p in section.paragraphs
        for part in p.parts
        if isinstance(part, Value)
    ]
    long = [v for v in dict.fromkeys(values) if len(v) > MAX_VALUE_CHARS]
    found = [TooLong(len(v), v[:20], MAX_VALUE_CHARS) for v in long]
    total = sum(len(v) for v in set(values))
    if not found and total > MAX_VALUES_CHARS:
        found.append(TooLong(total, "", MAX_VALUES_CHARS, total=True))
    return found


def pdf_problems(parts: list[Section], reference: str) -> list[PdfProblem]:
    """Why this letter can't be written as PDF on this machine: characters
    no font here covers well (:class:`~.fonts.FontProblem`), values too long
    to lay out in good time (:class:`TooLong`). Empty: it can. Fast (no
    layout), for the web page to ask before it offers a PDF. Raises
    :class:`PdfUnavailable` when fontconfig itself is missing."""
    problems: list[PdfProblem] = list(_too_long(parts))
    missing = fontconfig_error()
    if missing is not None:
        raise PdfUnavailable(missing)
    problems += font_problems(_section_texts(parts, reference))
    return problems


# --------------------------------------------------------------------------
# Laying out, in a child process


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal, every character but letters and
    digits escaped (a case reference can hold anything)."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'


def _print_css(footer: str, *, numbered: bool = True) -> str:
    count = ' "  \\00b7  " counter(page) " / " counter(pages)' if numbered else ""
    return f"""
@page {{
  size: A4;
  margin: 10mm 18mm 12mm;
  @bottom-center {{
    content: {_css_string(footer)}{count};
    font-family: {FONTS["en"]}; font-size: 8pt; color: #000;
  }}
}}
.letter {{ width: auto; padding: 0; margin: 0; }}
"""


def _font_setup() -> tuple[str | None, str | None]:
    """The fontconfig setup a child started now would use (``FONTCONFIG_FILE``)."""
    return os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH")


class _Worker:
    """The child process that runs WeasyPrint (:mod:`.pdf_worker`)."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.fonts = _font_setup()
        self.process = subprocess.Popen(
            # -P: not its own folder first (html.py is there); its memory limit as argument
            [sys.executable, "-P", str(WORKER), str(PDF_MEMORY_BYTES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def alive(self) -> bool:
        """Running, in this process, with the font setup asked for now."""
        return self.owner == os.getpid() and self.fonts == _font_setup() and self.process.poll() is None

    def ask(self, request: bytes, seconds: float) -> tuple[bytes, bytes]:
        """Send one request, wait for its answer at most ``seconds``. Raises
        :class:`TimeoutError`, or :class:`EOFError` when the child ended."""
        stdin = self.process.stdin
        assert stdin is not None
        failed: list[BaseException] = []

        def send() -> None:
            try:
                stdin.write(struct.pack(">I", len(request)) + request)
                stdin.flush()
            except (BrokenPipeError, OSError, ValueError) as exc:
                failed.append(exc)

        writer = threading.Thread(target=send, name="contactplan-pdf-request", daemon=True)
        writer.start()
        deadline = time.monotonic() + seconds
        header = self._read(5, deadline)
        kind, size = header[:1], struct.unpack(">I", header[1:])[0]
        if size > MAX_PDF_BYTES:
            raise OverflowError(size)
        payload = self._read(size, deadline)
        writer.join(1)
        return kind, payload

    def _read(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        data = bytearray()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while len(data) < size:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise TimeoutError
                chunk = os.read(fd, min(size - len(data), 1 << 20))
                if not chunk:
                    raise EOFError
                data += chunk
        return bytes(data)

    def end(self, *, kill: bool = False) -> int | None:
        """End the child; its exit status (negative: the signal that ended it)."""
        if self.owner != os.getpid():
            return None
        try:
            if kill:
                self.process.kill()
            elif self.process.stdin is not None:
                self.process.stdin.close()  # the child ends when its input does
            return self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            self.process.kill()
            return self.process.wait()
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None and not stream.closed:
                    with contextlib.suppress(OSError):
                        stream.close()


_WORKER: _Worker | None = None
_LOCK = threading.Lock()


def _end_worker() -> None:
    global _WORKER
    with _LOCK:
        if _WORKER is not None:
            _WORKER.end()
            _WORKER = None


atexit.register(_end_worker)


def _how_it_ended(status: int | None) -> str:
    if status is not None and status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        detail = " (Pango does that when there are no fonts at all)" if name == "SIGSEGV" else ""
        return f"WeasyPrint crashed ({name}){detail}"
    return f"WeasyPrint stopped unexpectedly (exit status {status})"


def _importable(function: Callable[..., object]) -> str:
    """``module:name`` of a module-level function, for the child to import."""
    name = f"{function.__module__}:{function.__qualname__}"
    if "<" in name or function.__module__ == "__main__":
        raise ValueError(f"a PDF finisher must be a module-level function, not {name}")
    return name


def render_documents(
    documents: list[tuple[str, str]],
    *,
    seconds: float = PDF_SECONDS,
    pdf_variant: str | None = None,
    finisher: Callable[[Any, Any], None] | None = None,
) -> bytes:
    """The pages of ``documents`` (pairs of an HTML page and its print
    stylesheet) put together as one PDF, laid out by WeasyPrint in the child
    process. ``pdf_variant`` and ``finisher`` are WeasyPrint's
    ``write_pdf`` options of the same names; the finisher must be a
    module-level function (the child imports it by name). Raises
    :class:`PdfRefused` when it crashed or took longer than ``seconds`` (the
    child is ended; the next letter gets a new one), and
    :class:`PdfUnavailable` when WeasyPrint can't start on this machine."""
    global _WORKER
    options: dict[str, str] = {}
    if pdf_variant is not None:
        options["pdf_variant"] = pdf_variant
    if finisher is not None:
        options["finisher"] = _importable(finisher)
    request = json.dumps(
        {
            "documents": [{"html": h, "css": c} for h, c in documents],
            "own_files": str(OWN_FILES),
            "write_pdf": options,
        }
    ).encode("utf-8")
    with _LOCK:
        if _WORKER is None or not _WORKER.alive():
            if _WORKER is not None:
                _WORKER.end(kill=True)
            _WORKER = _Worker()
        worker = _WORKER
        try:
            kind, payload = worker.ask(request, seconds)
        except TimeoutError:
            worker.end(kill=True)
            _WORKER = None
            raise PdfRefused(message=f"laying it out took longer than {seconds:g} seconds") from None
        except EOFError:
            status = worker.end(kill=True)
            _WORKER = None
            raise PdfRefused(message=_how_it_ended(status)) from None
        except OverflowError as size:
            worker.end(kill=True)
            _WORKER = None
            raise PdfRefused(
                message=f"it came to {size.args[0]:,} bytes, more than a letter may ({MAX_PDF_BYTES:,})"
            ) from None
    message = payload.decode("utf-8", "replace")
    if kind == b"U":
        raise PdfUnavailable(
            f"{message}: on Debian or Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0; or write --format html and print it from a browser"
        )
    if kind == b"E":
        raise PdfRefused(message=f"WeasyPrint could not lay it out: {message}")
    return payload


def to_pdf(parts: list[Section], reference: str, *, seconds: float = PDF_SECONDS) -> bytes:
    """The letter as PDF bytes. Raises :class:`PdfRefused` (nothing to
    write) when :func:`pdf_problems` finds any, or when WeasyPrint crashed or
    took too long; :class:`~contactplan.errors.MissingExtraError` when
    WeasyPrint is not installed."""
    import importlib.util

    from ..extras import needed

    with needed("pdf"):
        if importlib.util.find_spec("weasyprint") is None:
            raise ModuleNotFoundError("No module named 'weasyprint'", name="weasyprint")
    problems = pdf_problems(parts, reference)
    if problems:
        raise PdfRefused(problems)
    letter = [s for s in parts if not s.practitioner]
    aside = [s for s in parts if s.practitioner]
    documents = [(to_html(letter, reference), _print_css(reference))]
    if aside:
        documents.append((to_html(aside, reference), _print_css(PRACTITIONER_FOOTER, numbered=False)))
    # tagged (PDF/UA-1), each section's language set (issue 23)
    return render_documents(documents, seconds=seconds, pdf_variant="pdf/ua-1", finisher=section_languages)
