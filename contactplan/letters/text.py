"""A letter as plain text: right-to-left sections isolate every value with
FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, so a name cannot reorder
the sentence around it."""

from __future__ import annotations

from ..wording import one_line
from .compose import ENGLISH_COPY_HEADING, Part, Section

__all__ = ["to_text"]

_FSI, _PDI = "\u2068", "\u2069"


def to_text(parts: list[Section]) -> str:
    blocks: list[str] = []
    for section in parts:
        lines: list[str] = []
        if section.english_copy:
            lines += ["=" * 72, ENGLISH_COPY_HEADING.upper(), "=" * 72, ""]
        group = None
        for paragraph in section.paragraphs:
            text = "".join(_text_part(p, section.rtl) for p in paragraph.parts)
            kind = paragraph.css.split(" ")[0]
            if kind not in ("sender", "recipient", "detail"):
                lines += ["", text, ""]
            else:
                lines += [text] if kind == group else ["", text]
            group = kind
        blocks.append(_squeeze(lines))
    return "\n\n".join(blocks) + "\n"


def _text_part(part: Part, rtl: bool) -> str:
    if isinstance(part, str):
        return part
    clean = one_line(part.text)
    return f"{_FSI}{clean}{_PDI}" if rtl else clean


def _squeeze(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
