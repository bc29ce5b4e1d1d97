"""Write a letter in the recipient's language: HTML (one printable page per
language), PDF (the same page laid out by WeasyPrint, :mod:`.pdf`) or plain
text.

A letter is built once as a list of sections, one per language, each a list
of paragraphs (:mod:`.compose`); a paragraph is a translated sentence whose
placeholders are filled with values from the case file or from Babel.
:mod:`.html`, :mod:`.pdf` and :mod:`.text` write it out.

Which languages a letter is written in, and whether it may be written at all,
is decided by :mod:`contactplan.checks.letters` (CP301-CP304); this package
only refuses a language :mod:`contactplan.catalogs` cannot write completely.
Babel is imported inside the functions that use it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ..model import Case, Letter
from .compose import ENGLISH_COPY_HEADING, LetterError, Section, sections

__all__ = ["ENGLISH_COPY_HEADING", "Format", "LetterError", "Section", "render_letter", "sections"]

Format = Literal["html", "text", "pdf"]


def render_letter(
    case: Case,
    letter: Letter,
    languages: list[str],
    *,
    format: Format = "html",
    english_copy: bool | None = None,
    today: dt.date,
) -> str | bytes:
    """The letter as an HTML page or plain text (``str``), or a PDF
    (``bytes``). ``english_copy``: None (the default) adds the English copy
    after a translated letter, except to a domestic abuse support letter."""
    parts = sections(case, letter, languages, english_copy=english_copy, today=today)
    if format == "html":
        from .html import to_html

        return to_html(parts, case.reference)
    if format == "pdf":
        from .pdf import to_pdf

        return to_pdf(parts, case.reference)
    from .text import to_text

    return to_text(parts)
