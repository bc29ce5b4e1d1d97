"""A letter as plain text: every value from the case file or from Babel is
isolated with LEFT-TO-RIGHT or RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL
ISOLATE (the direction :attr:`.compose.Value.dir` gives it, as the HTML and
the PDF do), in every language, so that a name (an Arabic name in an English
sentence, or one holding direction marks) or a phone number in an Urdu
sentence cannot reorder the sentence around it."""

from __future__ import annotations

from ..wording import one_line
from .compose import ENGLISH_COPY_HEADING, PRACTITIONER_HEADING, Part, Section

__all__ = ["to_text"]

_ISOLATES = {"ltr": "\u2066", "rtl": "\u2067"}
_PDI = "\u2069"


def to_text(parts: list[Section]) -> str:
    blocks: list[str] = []
    for section in parts:
        lines: list[str] = []
        if section.english_copy:
            lines += ["=" * 72, ENGLISH_COPY_HEADING.upper(), "=" * 72, ""]
        if section.practitioner:
            lines += ["=" * 72, PRACTITIONER_HEADING.upper(), "=" * 72, ""]
        group = None
        for paragraph in section.paragraphs:
            if section.practitioner and paragraph.block == "title":
                continue
            text = "".join(_text_part(p) for p in paragraph.parts)
            kind: str | None = (
                paragraph.block if paragraph.block in ("sender", "address", "meta", "key") else None
            )
            kind = kind or ("detail" if paragraph.css.startswith("detail") else None)
            if kind is None:
                lines += ["", text, ""]
            else:
                lines += [text] if kind == group else ["", text]
            group = kind
        blocks.append(_squeeze(lines))
    return "\n\n".join(blocks) + "\n"


def _text_part(part: Part) -> str:
    if isinstance(part, str):
        return part
    return f"{_ISOLATES[part.dir]}{one_line(part.text)}{_PDI}"


def _squeeze(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
