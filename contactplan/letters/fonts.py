"""Never boxes on a letter: before a PDF is written, the fonts this machine
will really use must cover every character of it.

WeasyPrint lays a letter out with Pango, and Pango takes its fonts from
fontconfig: for each run of text, the fonts fontconfig sorts for the run's
``font-family`` list and language (``FcFontSort``), and for each character
the first of them that has it. Where none has it, the page shows a box (a
"tofu"). Where the only font that has it is one no reader of the language
would accept (DejaVu Sans for Urdu: no Nastaliq, words run into each other,
lines leave the page), the letter is as good as unreadable.

:func:`font_problems` asks fontconfig the same question, through its C
library (``libfontconfig``, which Pango itself loads), for each section of a
letter in the section's language:

- every character must be in some font fontconfig has (else: the script and
  the Debian package that brings a font for it);
- the characters of the section's own script, where that is not Latin,
  Greek or Cyrillic, must come from one of the fonts the letter's stylesheet
  names for the language (:data:`contactplan.letters.html.FONTS`), not from
  whatever font happens to have them.

It needs no WeasyPrint and renders nothing: the web page asks it before it
offers a PDF. ``FONTCONFIG_FILE`` chooses another fontconfig setup, as it
does for Pango.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["SCRIPTS", "FontProblem", "Script", "font_problems", "fontconfig_error", "script_of_char"]


@dataclass(frozen=True)
class Script:
    """A writing system: its English name, where its characters are in
    Unicode, and the Debian package (Debian 12) with a font for it."""

    code: str  # ISO 15924
    name: str
    ranges: tuple[tuple[int, int], ...]
    package: str


#: The scripts a letter can hold, by ISO 15924 code. The packages are those
#: of Debian 12 (bookworm): ``fonts-noto-core`` has Noto Sans and the Noto
#: faces for Arabic (Naskh and Nastaliq Urdu), Bengali, Gujarati, Gurmukhi,
#: Tamil, Ethiopic and many more; ``fonts-noto-cjk`` the Chinese, Japanese
#: and Korean ones.
SCRIPTS: dict[str, Script] = {
    s.code: s
    for s in [
        Script(
            "Latn",
            "Latin",
            ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF)),
            "fonts-noto-core",
        ),
        Script("Grek", "Greek", ((0x370, 0x3FF), (0x1F00, 0x1FFF)), "fonts-noto-core"),
        Script(
            "Cyrl",
            "Cyrillic",
            ((0x400, 0x52F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)),
            "fonts-noto-core",
        ),
        Script("Armn", "Armenian", ((0x530, 0x58F),), "fonts-noto-core"),
        Script("Hebr", "Hebrew", ((0x590, 0x5FF), (0xFB1D, 0xFB4F)), "fonts-noto-core"),
        Script(
            "Arab",
            "Arabic",
            ((0x600, 0x6FF), (0x750, 0x77F), (0x870, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
            "fonts-noto-core",
        ),
        Script("Syrc", "Syriac", ((0x700, 0x74F),), "fonts-noto-core"),
        Script("Thaa", "Thaana", ((0x780, 0x7BF),), "fonts-noto-core"),
        Script(
            "Deva", "Devanagari", ((0x900, 0x963), (0x966, 0x97F), (0xA8E0, 0xA8FF)), "fonts-noto-core"
        ),  # not the dandas, which Bengali and others use too
        Script("Beng", "Bengali", ((0x980, 0x9FF),), "fonts-noto-core"),
        Script("Guru", "Gurmukhi", ((0xA00, 0xA7F),), "fonts-noto-core"),
        Script("Gujr", "Gujarati", ((0xA80, 0xAFF),), "fonts-noto-core"),
        Script("Orya", "Odia", ((0xB00, 0xB7F),), "fonts-noto-core"),
        Script("Taml", "Tamil", ((0xB80, 0xBFF), (0x11FC0, 0x11FFF)), "fonts-noto-core"),
        Script("Telu", "Telugu", ((0xC00, 0xC7F),), "fonts-noto-core"),
        Script("Knda", "Kannada", ((0xC80, 0xCFF),), "fonts-noto-core"),
        Script("Mlym", "Malayalam", ((0xD00, 0xD7F),), "fonts-noto-core"),
        Script("Sinh", "Sinhala", ((0xD80, 0xDFF),), "fonts-noto-core"),
        Script("Thai", "Thai", ((0xE00, 0xE7F),), "fonts-noto-core"),
        Script("Laoo", "Lao", ((0xE80, 0xEFF),), "fonts-noto-core"),
        Script("Tibt", "Tibetan", ((0xF00, 0xFFF),), "fonts-noto-core"),
        Script("Mymr", "Myanmar", ((0x1000, 0x109F),), "fonts-noto-core"),
        Script("Geor", "Georgian", ((0x10A0, 0x10FF), (0x2D00, 0x2D2F)), "fonts-noto-core"),
        Script("Ethi", "Ethiopic", ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)), "fonts-noto-core"),
        Script("Khmr", "Khmer", ((0x1780, 0x17FF),), "fonts-noto-core"),
        Script(
            "Hani",
            "Chinese (Han)",
            (
                (0x2E80, 0x2FDF),
                (0x3000, 0x303F),
                (0x3100, 0x312F),
                (0x31A0, 0x31BF),
                (0x31C0, 0x31EF),
                (0x3200, 0x33FF),
                (0x3400, 0x4DBF),
                (0x4E00, 0x9FFF),
                (0xF900, 0xFAFF),
                (0xFE30, 0xFE4F),
                (0xFF00, 0xFFEF),
                (0x20000, 0x3134F),
            ),
            "fonts-noto-cjk",
        ),
        Script("Kana", "Japanese kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF)), "fonts-noto-cjk"),
        Script(
            "Hang",
            "Korean (Hangul)",
            ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)),
            "fonts-noto-cjk",
        ),
        Script("Zsye", "emoji", ((0x1F000, 0x1FAFF), (0x2600, 0x27BF)), "fonts-noto-color-emoji"),
    ]
}
#: Scripts every general-purpose font has: any font that has the characters
#: will do (DejaVu prints Polish and Russian well).
ANY_FONT_WILL_DO = frozenset({"Latn", "Grek", "Cyrl", "Zyyy"})
#: What the tags of the letters' languages say about their script, where
#: that is not the one :data:`SCRIPTS` lists under the same code.
_SCRIPT_ALIASES = {"Hans": "Hani", "Hant": "Hani", "Jpan": "Hani", "Kore": "Hang"}
#: Characters any font has, or that are not drawn (spaces, controls, marks of direction).
_NOT_DRAWN = frozenset(
    "\t\n\r \u00a0\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"
)


def script_of_char(char: str) -> Script | None:
    """The script of ``char`` (None: punctuation, digits and symbols many scripts share)."""
    point = ord(char)
    for script in SCRIPTS.values():
        if any(low <= point <= high for low, high in script.ranges):
            return script
    return None


@dataclass(frozen=True)
class FontProblem:
    """Characters of a letter that this machine can't print well.

    ``language``: the English name of the section's language; ``script``:
    the script of the characters (their English name); ``own_script``:
    whether it is the language's own script (else: a name or an address in
    another script); ``missing``: no font has them at all (else: only fonts
    not meant for the language); ``characters``: a few of them; ``package``:
    the Debian package that brings a font for them; ``fonts``: the fonts the
    letter asks for."""

    language: str
    script: str
    own_script: bool
    missing: bool
    characters: str
    package: str
    fonts: tuple[str, ...] = ()

    @property
    def what(self) -> str:
        """What can't be printed, in a practitioner's words: "Bengali letters"."""
        if self.own_script:
            return f"{self.language} letters"
        return f"the {self.script} characters in this letter (in a name, an address or a place)"

    @property
    def advice(self) -> str:
        """The sentence for the web page, where a practitioner would print it."""
        return f"This server can't print {self.what}: ask your administrator to install {self.package}."

    def __str__(self) -> str:
        shown = ", ".join(f"{c} U+{ord(c):04X}" for c in self.characters)
        if self.missing:
            why = f"no font here has them: {shown}"
        else:
            asked = ", ".join(self.fonts[:3])
            why = f"the letter asks for {asked}; the fonts here would print them badly"
        return f"this machine has no font for {self.what} ({why}): install the Debian package {self.package}"


# --------------------------------------------------------------------------
# fontconfig, through its C library


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


_FC_MATCH_PATTERN = 0
_FC_WEIGHT_REGULAR = 80
_FC_WEIGHT_BOLD = 200


class _Fontconfig:
    """The few calls of libfontconfig that answer "which font will have this
    character?", as Pango asks them. One configuration a process, loaded
    again when the fonts on the machine change."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
        lib = ctypes.CDLL(name)
        void_p, char_p, c_int = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        lib.FcInitLoadConfigAndFonts.restype = void_p
        lib.FcInitLoadConfigAndFonts.argtypes = []
        lib.FcConfigUptoDate.argtypes = [void_p]
        lib.FcConfigUptoDate.restype = c_int
        lib.FcConfigDestroy.argtypes = [void_p]
        lib.FcPatternCreate.restype = void_p
        lib.FcPatternCreate.argtypes = []
        lib.FcPatternDestroy.argtypes = [void_p]
        lib.FcPatternAddString.argtypes = [void_p, char_p, char_p]
        lib.FcPatternAddInteger.argtypes = [void_p, char_p, c_int]
        lib.FcConfigSubstitute.argtypes = [void_p, void_p, c_int]
        lib.FcDefaultSubstitute.argtypes = [void_p]
        lib.FcFontSort.argtypes = [void_p, void_p, c_int, void_p, ctypes.POINTER(c_int)]
        lib.FcFontSort.restype = ctypes.POINTER(_FcFontSet)
        lib.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FcFontSet)]
        lib.FcPatternGetString.argtypes = [void_p, char_p, c_int, ctypes.POINTER(char_p)]
        lib.FcPatternGetCharSet.argtypes = [void_p, char_p, c_int, ctypes.POINTER(void_p)]
        lib.FcCharSetHasChar.argtypes = [void_p, ctypes.c_uint32]
        lib.FcCharSetHasChar.restype = c_int
        self.lib = lib
        self.config: int | None = None
        self.chosen: tuple[str | None, str | None] = (None, None)
        self.lock = threading.Lock()

    def _config(self) -> int:
        chosen = (os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))
        if self.config is not None and (chosen != self.chosen or not self.lib.FcConfigUptoDate(self.config)):
            self.lib.FcConfigDestroy(self.config)  # another setup, or fonts added or removed: read again
            self.config = None
        if self.config is None:
            self.config = self.lib.FcInitLoadConfigAndFonts()
            self.chosen = chosen
        assert self.config is not None
        return self.config

    def first_fonts(
        self, families: Iterable[str], language: str, chars: Iterable[str], weight: int
    ) -> dict[str, tuple[str, ...] | None]:
        """For each character, the family names of the first font fontconfig
        sorts for ``families`` and ``language`` that has it (None: no font has it)."""
        lib = self.lib
        with self.lock:
            config = self._config()
            pattern = lib.FcPatternCreate()
            try:
                for family in families:
                    lib.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
                lib.FcPatternAddString(pattern, b"lang", language.encode("ascii", "replace"))
                lib.FcPatternAddInteger(pattern, b"weight", weight)
                lib.FcConfigSubstitute(config, pattern, _FC_MATCH_PATTERN)
                lib.FcDefaultSubstitute(pattern)
                result = ctypes.c_int()
                found = lib.FcFontSort(config, pattern, 0, None, ctypes.byref(result))
            finally:
                lib.FcPatternDestroy(pattern)
            try:
                fonts = list(self._fonts(found))
                return {char: self._first(fonts, char) for char in chars}
            finally:
                if found:
                    lib.FcFontSetDestroy(found)

    def _fonts(self, found: ctypes._Pointer[_FcFontSet]) -> Iterator[tuple[tuple[str, ...], int]]:
        if not found:
            return
        lib = self.lib
        for index in range(found.contents.nfont):
            font = found.contents.fonts[index]
            charset = ctypes.c_void_p()
            if lib.FcPatternGetCharSet(font, b"charset", 0, ctypes.byref(charset)) != 0 or not charset.value:
                continue
            names: list[str] = []
            name = ctypes.c_char_p()
            while lib.FcPatternGetString(font, b"family", len(names), ctypes.byref(name)) == 0 and name.value:
                names.append(name.value.decode("utf-8", "replace"))
            yield tuple(names), charset.value

    def _first(self, fonts: list[tuple[tuple[str, ...], int]], char: str) -> tuple[str, ...] | None:
        point = ord(char)
        for names, charset in fonts:
            if self.lib.FcCharSetHasChar(charset, point):
                return names
        return None


_FONTCONFIG: _Fontconfig | None = None
_LOADING = threading.Lock()


def _fontconfig() -> _Fontconfig:
    global _FONTCONFIG
    with _LOADING:
        if _FONTCONFIG is None:
            _FONTCONFIG = _Fontconfig()
        return _FONTCONFIG


def fontconfig_error() -> str | None:
    """Why fontconfig can't be asked on this machine (None: it can)."""
    try:
        _fontconfig()
    except OSError as exc:
        return f"fontconfig is not installed ({exc}): install the Debian package libfontconfig1"
    return None


# --------------------------------------------------------------------------
# The check


_FAMILY = re.compile(r'"([^"]+)"|([^,"]+)')
_GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"})


def families(stack: str) -> tuple[str, ...]:
    """The family names of a CSS ``font-family`` value, generic names included."""
    return tuple(
        (quoted or bare).strip() for quoted, bare in _FAMILY.findall(stack) if (quoted or bare).strip()
    )


def _stack_for(tag: str) -> str:
    """The ``font-family`` the letter's stylesheet gives text in ``tag``
    (``[lang|=key]``: the longest key that is the tag or begins it)."""
    from .html import FONTS

    lowered = tag.lower()
    keys = [k for k in FONTS if lowered == k.lower() or lowered.startswith(k.lower() + "-")]
    return FONTS[max(keys, key=len)] if keys else FONTS["en"]


def font_problems(texts: Iterable[tuple[str, str]]) -> list[FontProblem]:
    """What this machine can't print well in ``texts``: pairs of a language
    tag and the text that will be printed in that language (each section of
    a letter, its footer in English). Raises :class:`OSError` when fontconfig
    itself is missing (:func:`fontconfig_error` says so in words)."""
    from .. import languages

    fc = _fontconfig()
    by_language: dict[str, set[str]] = {}
    for tag, text in texts:
        by_language.setdefault(tag, set()).update(
            c
            for c in unicodedata.normalize("NFC", text)
            if c not in _NOT_DRAWN and unicodedata.category(c)[0] != "C"
        )
    problems: list[FontProblem] = []
    for tag, chars in by_language.items():
        stack = families(_stack_for(tag))
        named = {f.casefold() for f in stack if f.casefold() not in _GENERIC and f != "Noto Sans"}
        own = _SCRIPT_ALIASES.get(languages.script_of(tag), languages.script_of(tag))
        language = languages.written_name(tag)
        ordered = sorted(chars)
        missing: dict[str, list[str]] = {}
        badly: dict[str, list[str]] = {}
        for weight in (_FC_WEIGHT_REGULAR, _FC_WEIGHT_BOLD):
            for char, names in fc.first_fonts(stack, tag, ordered, weight).items():
                script = script_of_char(char)
                if names is None:  # digits and punctuation count with the language's own script
                    missing.setdefault(script.code if script else own, []).append(char)
                elif (
                    script is not None
                    and script.code == own
                    and own not in ANY_FONT_WILL_DO
                    and not named & {n.casefold() for n in names}
                ):
                    badly.setdefault(own, []).append(char)
        for code, found in missing.items():
            problems.append(_problem(language, code, own, True, found, stack))
        for code, found in badly.items():
            if code not in missing:
                problems.append(_problem(language, code, own, False, found, stack))
    return problems


def _problem(
    language: str, code: str, own: str, missing: bool, chars: list[str], stack: tuple[str, ...]
) -> FontProblem:
    script = SCRIPTS.get(code)
    ordered = sorted(dict.fromkeys(chars), key=lambda c: (script_of_char(c) is None, c))  # letters first
    sample = "".join(ordered[:3])
    return FontProblem(
        language=language,
        script=script.name if script else "punctuation and symbols",
        own_script=code == own,
        missing=missing,
        characters=sample,
        package=script.package if script else "fonts-noto-core",
        fonts=tuple(f for f in stack if f.casefold() not in _GENERIC),
    )
