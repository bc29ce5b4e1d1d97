"""Words shared by every feature's English output: lists of names, days,
interpreting modes, suggestions, and text from a case file made safe for one
line of output.

Checks, planning, calendar, the store and the command line all speak through
these, so that "10 Nov 2026", "Jo and Sam" and "did you mean 'pl'?" read the
same everywhere. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import unicodedata
from collections.abc import Iterable

from .vocabulary import INTERPRETING_MODES

__all__ = [
    "closest",
    "did_you_mean",
    "format_day",
    "format_day_time",
    "mode_words",
    "names",
    "one_line",
    "plural",
    "shown_path",
    "terminal_safe",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Control characters, lone surrogates, and line and paragraph separators.
_BREAKING_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
#: Characters that change the direction of the text after them.
#: Zero-width joiner and non-joiner: part of how Persian and Indic scripts are written.
_JOINERS = "\u200c\u200d"
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def names(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} and {listed[-1]}"


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_day(day: dt.date) -> str:
    """``10 Nov 2026``: unambiguous in every English-speaking office."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_day_time(when: dt.datetime) -> str:
    """``10 Nov 2026 at 14:30`` (the clock of ``when``'s own zone)."""
    return f"{format_day(when.date())} at {when:%H:%M}"


def mode_words(mode: str) -> str:
    """``in person``, ``by telephone``, ``by video``."""
    return INTERPRETING_MODES[mode]


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``choices`` closest to ``word`` (a misspelling), or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """``did you mean 'pl'?`` for the closest of ``choices``, or None."""
    close = closest(word, choices)
    return f"did you mean {close!r}?" if close else None


#: Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they
#: reorder the text after them, past the end of the value. The marks
#: (U+200E, U+200F, U+061C) only mark a direction and stay.
DIRECTION_FORMATTING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(text: str) -> str:
    """Text from a case file made safe to put on one line of output: control
    characters and line or paragraph breaks become spaces, so a value can
    never start a line of its own (a forged finding, a header, a property);
    direction embeddings, overrides and isolates are removed, so a value
    can't reorder the rest of the line (a letter isolates each value itself)."""
    return "".join(
        " " if unicodedata.category(ch) in _BREAKING_CATEGORIES else ch
        for ch in text
        if ch not in DIRECTION_FORMATTING
    )


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters shown escaped (``\\x1b``) and
    direction controls named (``<U+202E>``), so a value can neither send a
    terminal escape sequence nor reorder the rest of the line."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in BIDI_CONTROLS or (category in ("Cf", "Zl", "Zp") and ch not in _JOINERS):
            out.append(f"<U+{ord(ch):04X}>")
        elif category in ("Cc", "Cs"):
            out.append(ascii(ch)[1:-1] if ch != "\t" else " ")
        else:
            out.append(ch)
    return "".join(out)


def shown_path(path: str | os.PathLike[str]) -> str:
    """A file name as messages show it: as it is when it holds only ordinary
    characters, else quoted with escapes (``'bad\\nname.yaml'``,
    ``'x\\u202e.yaml'``), so that a file name can never start a line of its
    own (a forged finding) nor reorder or hide what follows it."""
    text = os.fspath(path)
    if text and text.strip() == text and all(ch.isprintable() and ch not in "'\"\\" for ch in text):
        return text
    return repr(text)
