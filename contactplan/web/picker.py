"""The language picker: a language found by its English name, its own name
or its tag, every candidate offered where a name is ambiguous (``Kurdish``:
Kurmanji or Sorani). The names and the candidates come from the language
engine (:mod:`contactplan.languages`), as the case file reader's do."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NOTHING_FOUND", "NOTHING_TYPED", "Candidate", "find_languages"]

#: What the picker says when nothing matches what was typed, and when nothing was.
NOTHING_FOUND = "No language found by that name or tag: try its English name, its own name or its tag"
NOTHING_TYPED = "Type a language's name or its tag to find it"


@dataclass(frozen=True, slots=True)
class Candidate:
    tag: str
    label: str
    note: str = ""
    #: a written language (a tag with its script: ``pa-Arab``, ``zh-Hant``)
    written: bool = False


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def find_languages(text: str, limit: int = 12) -> tuple[list[Candidate], str | None]:
    """Languages ``text`` may mean, best first, and what the engine says
    about a tag that is easy to get wrong (``bsl``), if anything."""
    from ..errors import UnknownLanguageError
    from ..languages import LanguageTagRefused, english_name, label, normalize_tag, own_name, suggest_tags
    from ..languages import _cldr_tables as cldr

    wanted = text.strip()
    if not wanted or len(wanted) > 60:
        return [], None
    found: list[str] = []
    notes: dict[str, str] = {}
    hint: str | None = None

    def add(tag: str, note: str = "") -> None:
        if tag not in found:
            found.append(tag)
            if note:
                notes[tag] = note

    try:
        add(normalize_tag(wanted), "the tag you typed")
    except LanguageTagRefused as refused:
        for tag in refused.tags:
            add(tag)
        if not refused.tags:
            hint = f"{refused}" + (f" ({refused.hint})" if refused.hint else "")
    except UnknownLanguageError:
        pass
    curated = suggest_tags(wanted)
    for tag in curated:
        add(tag)
    key = _key(wanted)
    for tag in [] if curated else cldr.COMMON_TAGS:
        names = (english_name(tag), own_name(tag))
        if any(_key(n) == key for n in names):
            add(tag)
    if len(key) >= 3 and not curated:
        for tag in cldr.COMMON_TAGS:
            names = (english_name(tag), own_name(tag))
            if any(_key(n).startswith(key) for n in names):
                add(tag)
    out = []
    for tag in found[:limit]:
        written = any(len(part) == 4 and part.isalpha() for part in tag.split("-")[1:])
        try:
            shown = label(tag, written)
        except Exception:
            shown = tag
        out.append(Candidate(tag, shown, notes.get(tag, ""), written))
    return out, hint
