"""The child process that lays letters out as PDF with WeasyPrint
(:mod:`contactplan.letters.pdf` starts it and talks to it).

It runs as a script, by its path, and imports nothing of contactplan but
the finisher a request names: a crash in Pango or WeasyPrint (they segfault when there are no fonts at all)
ends this process only, and the process that asked (the command, or the web
server) reports it in one message and carries on.

It reads requests on standard input and answers each on standard output,
until standard input closes (its parent ended):

- request: 4 bytes (big-endian length), then that many bytes of JSON:
  ``{"documents": [{"html": ..., "css": ...}, ...], "own_files": DIR,
  "write_pdf": {"pdf_variant": ..., "finisher": "module:function"}}``;
  the documents' pages are put together into one PDF, written with
  WeasyPrint's ``write_pdf`` options (a finisher imported by name);
- answer: 1 byte (``P``: a PDF follows; ``E``: an error message follows;
  ``U``: WeasyPrint can't start here, a message follows), 4 bytes
  (big-endian length), then that many bytes.

WeasyPrint fetches nothing from anywhere: its URL fetcher refuses every URL
but the files of ``own_files`` (the package's own fonts and styles), and a
refused URL stops the letter.
"""

from __future__ import annotations

import importlib
import json
import logging
import struct
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, BinaryIO

#: What a letter may load from the package's own folder.
OWN_SUFFIXES = frozenset({".css", ".woff", ".woff2", ".ttf", ".otf"})


def _read(stream: BinaryIO, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _answer(stream: BinaryIO, kind: bytes, payload: bytes) -> None:
    stream.write(kind + struct.pack(">I", len(payload)) + payload)
    stream.flush()


def own_file(url: str, own: Path) -> bool:
    """Whether ``url`` is one of the package's own fonts or styles."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(urllib.request.url2pathname(parts.path)).resolve()
    return path.is_relative_to(own) and path.suffix.lower() in OWN_SUFFIXES and path.is_file()


def _fetcher(own: Path) -> Any:
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class OwnFilesOnly(URLFetcher):  # type: ignore[misc]
        """Refuses every URL but the package's own fonts and styles."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not own_file(url, own):
                raise ValueError(
                    f"the letter asked for {url[:200]!r}, which is not one of contactplan's own files"
                )
            return super().fetch(url, headers)

    return OwnFilesOnly(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)


def render(request: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    fetcher = _fetcher(Path(request["own_files"]).resolve())
    documents = [
        HTML(string=item["html"], base_url=None, url_fetcher=fetcher).render(
            stylesheets=[CSS(string=item["css"], url_fetcher=fetcher)]
        )
        for item in request["documents"]
    ]
    pages = [page for document in documents for page in document.pages]
    options = dict(request.get("write_pdf") or {})
    if "finisher" in options:  # "module:function", imported here (it runs in this process)
        module, _, name = options["finisher"].partition(":")
        options["finisher"] = getattr(importlib.import_module(module), name)
    pdf = documents[0].copy(pages).write_pdf(**options)
    return bytes(pdf)


def _limit_memory() -> None:
    """The address space this process may use, from its first argument:
    a runaway layout ends in a MemoryError (an answer) or, at worst, this
    process."""
    if len(sys.argv) < 2:
        return
    try:
        import resource
    except ImportError:  # not on POSIX: the time limit still holds
        return
    limit = int(sys.argv[1])
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main() -> None:
    _limit_memory()
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # its warnings are not the user's
    logging.getLogger("fontTools").setLevel(logging.CRITICAL)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed may mix with the answers
    try:
        import weasyprint  # noqa: F401
    except ImportError as exc:
        unavailable: str | None = f"WeasyPrint is not installed ({exc})"
    except OSError as exc:  # Pango or its libraries are missing
        unavailable = f"WeasyPrint can't start: {exc}"
    else:
        unavailable = None
    while True:
        header = _read(stdin, 4)
        if header is None:
            return
        body = _read(stdin, struct.unpack(">I", header)[0])
        if body is None:
            return
        if unavailable is not None:
            _answer(stdout, b"U", unavailable.encode("utf-8"))
            continue
        try:
            pdf = render(json.loads(body))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # WeasyPrint's errors (a refused URL is a BaseException): one message
            cause = exc.__cause__ or exc
            _answer(stdout, b"E", f"{type(cause).__name__}: {cause}"[:2000].encode("utf-8"))
        else:
            _answer(stdout, b"P", pdf)


if __name__ == "__main__":
    main()
