"""The language of each section of a tagged PDF (:mod:`.pdf`).

WeasyPrint writes a tagged PDF (PDF/UA-1: a structure tree a screen reader
follows) with the document's language, ``/Lang``, from ``<html lang>``: the
letter's main language. It gives no language to the structure elements
below, so a screen reader would read the English copy after an Urdu letter
with an Urdu voice. :func:`section_languages`, a WeasyPrint *finisher*, sets
``/Lang`` on the structure element (``/Sect``) of each page of a section,
from that section's ``lang``.

It reads WeasyPrint's page boxes (``page._page_box``), as WeasyPrint's own
tagging does; should a WeasyPrint release change them, the sections keep the
document's language and nothing else changes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["section_languages"]


def _section_language(box: Any) -> str | None:
    """The ``lang`` of the first ``<section>`` in a page's box tree."""
    stack = [box]
    while stack:
        current = stack.pop()
        element = getattr(current, "element", None)
        if getattr(current, "element_tag", None) == "section" and element is not None:
            lang = element.get("lang")
            return str(lang) if lang else None
        stack.extend(reversed(getattr(current, "children", ())))
    return None


def section_languages(document: Any, pdf: Any) -> None:
    """Set ``/Lang`` on each page's ``/Sect`` to its section's language (a
    WeasyPrint ``finisher``)."""
    import pydyf  # type: ignore[import-untyped]

    try:
        pages = [_section_language(page._page_box) for page in document.pages]
        references = list(pdf.page_references)
    except (AttributeError, TypeError):
        return
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("S") != "/Sect" or "Pg" not in item:
            continue
        try:
            lang = pages[references.index(item["Pg"])]
        except (ValueError, IndexError):
            continue
        if lang:
            item["Lang"] = pydyf.String(lang)
