"""A letter as a PDF for printing: the HTML page laid out by WeasyPrint.

WeasyPrint is an optional extra (``pip install 'contactplan[pdf]'``) and
needs the system's fonts for every script a letter is written in (on
Debian and Ubuntu the ``fonts-noto-core``, ``fonts-noto-cjk`` and
``fonts-noto-extra`` packages; see ``docs/letters.md``). The fonts used are
embedded in the PDF (subset), and the text stays extractable and
searchable.

The PDF adds to the HTML page what a browser cannot be trusted with: real
page margins and, in the footer of every page, the case reference and
"page X / Y", so a reader knows no page is missing.
"""

from __future__ import annotations

from ..errors import UsageError
from .compose import Section
from .html import FONTS, to_html

__all__ = ["PdfUnavailable", "to_pdf"]

INSTALL_HINT = (
    "writing a letter as PDF needs WeasyPrint: install the extra with "
    "pip install 'contactplan[pdf]' (or uv sync --extra pdf), and the system fonts for the letter's "
    "scripts (Debian/Ubuntu: apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-extra); "
    "or write --format html and print it from a browser"
)


class PdfUnavailable(UsageError):
    """WeasyPrint (the ``pdf`` extra) is not installed, or cannot start."""


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


#: The footer of the practitioner's page of a domestic abuse support letter,
#: which is laid out on its own so that the letter's pages count only
#: themselves ("1 / 1"): a reader never wonders about a missing page.
PRACTITIONER_FOOTER = "For the practitioner only: not part of the letter"


def to_pdf(parts: list[Section], reference: str) -> bytes:
    """The letter as PDF bytes. Raises :class:`PdfUnavailable` with what to
    install when WeasyPrint is missing."""
    from ..extras import needed

    try:
        with needed("pdf"):
            from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    except OSError as exc:  # the Pango library is missing
        raise PdfUnavailable(f"{INSTALL_HINT} ({exc})") from None
    letter = [s for s in parts if not s.practitioner]
    aside = [s for s in parts if s.practitioner]
    documents = [
        HTML(string=to_html(letter, reference), base_url=None).render(
            stylesheets=[CSS(string=_print_css(reference))]
        )
    ]
    if aside:
        sheet = CSS(string=_print_css(PRACTITIONER_FOOTER, numbered=False))
        documents.append(HTML(string=to_html(aside, reference), base_url=None).render(stylesheets=[sheet]))
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    assert pdf is not None
    return bytes(pdf)
