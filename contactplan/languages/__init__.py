"""The language engine: tags, names, levels, who needs an interpreter, matching.

Every feature asks this module the same questions the same way:

* :func:`normalize_tag` turns what a person wrote (``PL``, ``sgn-GB``, ``iw``)
  into a canonical BCP 47 tag with langcodes, or raises
  :class:`~contactplan.errors.UnknownLanguageError` (with a suggestion:
  ``Polish`` -> ``pl``).
* :func:`needs_for` (:mod:`.needs`) derives the facts of the case file format
  for one member: interpreter needed, spoken and written language, reads
  English adequately.
* :func:`match_spoken` compares the language a person speaks with the language
  an interpreter works in: ``EXACT``, ``CLOSE`` (a regional form of the same
  language, to confirm with the family) or ``MISMATCH``.
  langcodes' ``tag_distance`` is deliberately not used: its distances come from
  software localisation, are asymmetric and would pass a Russian interpreter
  for a Ukrainian speaker. Here the same spoken language is the rule.
* :func:`same_written` compares written languages, where the script matters
  (Punjabi in Shahmukhi is not Punjabi in Gurmukhi).
"""

from __future__ import annotations

import enum
import functools
import re
from typing import TYPE_CHECKING

from ..errors import UnknownLanguageError
from ._sign_languages import SIGN_LANGUAGES

if TYPE_CHECKING:
    import langcodes

__all__ = [
    "LanguageNeeds",
    "Match",
    "english_name",
    "is_rtl",
    "is_sign_language",
    "label",
    "lists_language",
    "match_spoken",
    "needs_for",
    "normalize_tag",
    "own_name",
    "same_written",
    "script_of",
    "spoken_language",
    "written_language",
]

#: Scripts written right to left (ISO 15924).
RTL_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Yezi", "Mend"}
)

# Names practitioners and families use where CLDR's differ or are missing.
# Keys are canonical tags; the first match of the full tag, then tag without
# region, wins.
_ENGLISH_NAMES: dict[str, str] = {
    "fa": "Farsi",
    "fa-AF": "Dari",
    "ckb": "Kurdish (Sorani)",
    "ku": "Kurdish (Kurmanji)",
    "kmr": "Kurdish (Kurmanji)",
    "pa-Arab": "Punjabi (Shahmukhi)",
    "pa-Guru": "Punjabi (Gurmukhi)",
    "pnb": "Punjabi (Western, Shahmukhi)",
    "zh-Hans": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
    "zh": "Chinese (Mandarin)",
}
_OWN_NAMES: dict[str, str] = {
    # CLDR has no data for these; the names are the ones their speakers write.
    "syl": "সিলেটি",
    "fa-AF": "دری",
    "ckb": "کوردی (سۆرانی)",
    "ku": "Kurdî (Kurmancî)",
    "kmr": "Kurdî (Kurmancî)",
    "pa-Arab": "پنجابی (شاہ مکھی)",
    "pa-Guru": "ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ)",
    "pnb": "پنجابی",
    "rom": "romani čhib",
    "rmn": "romani čhib",
    "zh": "中文（普通话）",
}

# CLDR's English names of the languages families known to children's services
# most often speak, exactly as langcodes gives them (a test checks each), so
# that naming them in `contactplan check` messages does not load langcodes'
# name data (some 60 ms a run). Exact tags only: ``pt-BR`` still asks CLDR.
_COMMON_ENGLISH_NAMES: dict[str, str] = {
    "en": "English", "pl": "Polish", "ro": "Romanian", "pa": "Punjabi", "ur": "Urdu",
    "pt": "Portuguese", "es": "Spanish", "ar": "Arabic", "bn": "Bangla", "gu": "Gujarati",
    "it": "Italian", "cy": "Welsh", "bfi": "British Sign Language", "ti": "Tigrinya",
    "ps": "Pashto", "so": "Somali", "uk": "Ukrainian", "sq": "Albanian", "fr": "French",
    "de": "German", "lt": "Lithuanian", "lv": "Latvian", "ru": "Russian", "bg": "Bulgarian",
    "tr": "Turkish", "yue": "Cantonese", "ta": "Tamil", "hi": "Hindi", "ne": "Nepali",
    "hu": "Hungarian", "sk": "Slovak", "cs": "Czech", "am": "Amharic", "syl": "Sylheti",
}  # fmt: skip
# The same languages' own names, exactly as langcodes gives them (a test checks
# each), so that `contactplan languages` does not load the name data either.
_COMMON_OWN_NAMES: dict[str, str] = {
    "en": "English",
    "pl": "polski",
    "ro": "română",
    "pa": "ਪੰਜਾਬੀ",
    "ur": "اردو",
    "pt": "português",
    "es": "español",
    "ar": "العربية",
    "bn": "বাংলা",
    "gu": "ગુજરાતી",
    "it": "italiano",
    "cy": "Cymraeg",
    "ti": "ትግርኛ",
    "ps": "پښتو",
    "so": "Soomaali",
    "uk": "українська",
    "sq": "shqip",
    "fr": "français",
    "de": "Deutsch",
    "lt": "lietuvių",
    "lv": "latviešu",
    "ru": "русский",
    "bg": "български",
    "tr": "Türkçe",
    "yue": "粵語",
    "ta": "தமிழ்",
    "hi": "हिन्दी",
    "ne": "नेपाली",
    "hu": "magyar",
    "sk": "slovenčina",
    "cs": "čeština",
    "am": "አማርኛ",
}

# Tags families in England and Wales most often use (and the catalogs'), with
# the canonical tag, the spoken language each denotes (macrolanguages folded)
# and its script, exactly as langcodes gives them (a test checks each). Reading and checking a case
# file that uses only these never imports langcodes (some 30 ms a run).
_COMMON_TAGS: dict[str, tuple[str, str, str]] = {
    "en": ("en", "en", "Latn"),
    "pl": ("pl", "pl", "Latn"),
    "ro": ("ro", "ro", "Latn"),
    "pa": ("pa", "pa", "Guru"),
    "ur": ("ur", "ur", "Arab"),
    "pt": ("pt", "pt", "Latn"),
    "es": ("es", "es", "Latn"),
    "ar": ("ar", "ar", "Arab"),
    "bn": ("bn", "bn", "Beng"),
    "gu": ("gu", "gu", "Gujr"),
    "it": ("it", "it", "Latn"),
    "cy": ("cy", "cy", "Latn"),
    "bfi": ("bfi", "bfi", "Latn"),
    "ti": ("ti", "ti", "Ethi"),
    "ps": ("ps", "ps", "Arab"),
    "so": ("so", "so", "Latn"),
    "uk": ("uk", "uk", "Cyrl"),
    "sq": ("sq", "sq", "Latn"),
    "fr": ("fr", "fr", "Latn"),
    "de": ("de", "de", "Latn"),
    "lt": ("lt", "lt", "Latn"),
    "lv": ("lv", "lv", "Latn"),
    "ru": ("ru", "ru", "Cyrl"),
    "bg": ("bg", "bg", "Cyrl"),
    "tr": ("tr", "tr", "Latn"),
    "yue": ("yue", "yue", "Hant"),
    "ta": ("ta", "ta", "Taml"),
    "hi": ("hi", "hi", "Deva"),
    "ne": ("ne", "ne", "Deva"),
    "hu": ("hu", "hu", "Latn"),
    "sk": ("sk", "sk", "Latn"),
    "cs": ("cs", "cs", "Latn"),
    "am": ("am", "am", "Ethi"),
    "syl": ("syl", "syl", "Beng"),
    "pa-Arab": ("pa-Arab", "pa", "Arab"),
    "zh": ("zh", "zh", "Hans"),
    "zh-Hans": ("zh-Hans", "zh", "Hans"),
    "zh-Hant": ("zh-Hant", "zh", "Hant"),
    "fa": ("fa", "fa", "Arab"),
    "ckb": ("ckb", "ckb", "Arab"),
    "ku": ("ku", "ku", "Latn"),
    "kmr": ("kmr", "ku", "Latn"),
    "he": ("he", "he", "Hebr"),
    "nl": ("nl", "nl", "Latn"),
    "el": ("el", "el", "Grek"),
    "hr": ("hr", "hr", "Latn"),
    "sr": ("sr", "sr", "Cyrl"),
    "bs": ("bs", "bs", "Latn"),
    "mk": ("mk", "mk", "Cyrl"),
    "sl": ("sl", "sl", "Latn"),
    "et": ("et", "et", "Latn"),
    "fi": ("fi", "fi", "Latn"),
    "sv": ("sv", "sv", "Latn"),
    "da": ("da", "da", "Latn"),
    "no": ("no", "no", "Latn"),
    "nb": ("nb", "nb", "Latn"),
    "ja": ("ja", "ja", "Jpan"),
    "ko": ("ko", "ko", "Kore"),
    "vi": ("vi", "vi", "Latn"),
    "th": ("th", "th", "Thai"),
    "ms": ("ms", "ms", "Latn"),
    "id": ("id", "id", "Latn"),
    "fil": ("fil", "fil", "Latn"),
    "sw": ("sw", "sw", "Latn"),
    "yo": ("yo", "yo", "Latn"),
    "ig": ("ig", "ig", "Latn"),
    "ha": ("ha", "ha", "Latn"),
    "om": ("om", "om", "Latn"),
    "ml": ("ml", "ml", "Mlym"),
    "te": ("te", "te", "Telu"),
    "kn": ("kn", "kn", "Knda"),
    "mr": ("mr", "mr", "Deva"),
    "si": ("si", "si", "Sinh"),
    "ln": ("ln", "ln", "Latn"),
    "ff": ("ff", "ff", "Latn"),
    "wo": ("wo", "wo", "Latn"),
    "mt": ("mt", "mt", "Latn"),
    "ga": ("ga", "ga", "Latn"),
    "gd": ("gd", "gd", "Latn"),
    "kw": ("kw", "kw", "Latn"),
    "zza": ("zza", "zza", "Latn"),
    "rmn": ("rmn", "rmn", "Latn"),
    "rom": ("rom", "rom", "Latn"),
    "dv": ("dv", "dv", "Thaa"),
    "ky": ("ky", "ky", "Cyrl"),
    "kk": ("kk", "kk", "Cyrl"),
    "uz": ("uz", "uz", "Latn"),
    "tk": ("tk", "tk", "Latn"),
    "tg": ("tg", "tg", "Cyrl"),
    "hy": ("hy", "hy", "Armn"),
    "ka": ("ka", "ka", "Geor"),
    "az": ("az", "az", "Latn"),
    "mn": ("mn", "mn", "Cyrl"),
    "my": ("my", "my", "Mymr"),
    "km": ("km", "km", "Khmr"),
    "lo": ("lo", "lo", "Laoo"),
    "sd": ("sd", "sd", "Arab"),
    "ks": ("ks", "ks", "Arab"),
    "bal": ("bal", "bal", "Arab"),
    "pa-Guru": ("pa", "pa", "Guru"),
}

# Different language codes that are regional forms of one language: an
# interpreter in one may serve a speaker of another, but only after asking.
_CLOSE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"pa", "lah"}),  # Eastern and Western Punjabi
    frozenset({"hr", "bs", "sr"}),  # Croatian, Bosnian, Serbian (cnr is sr-ME)
    frozenset({"no", "nb", "nn"}),  # Norwegian
)
# (language, region) pairs that are named varieties of their own: a bare tag
# of that language then means its usual region, not "any region".
_NAMED_VARIETIES = frozenset({("fa", "AF")})

_TAG_SHAPE = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


class Match(enum.Enum):
    """How an interpreter's language serves a person's spoken language."""

    EXACT = "exact"
    CLOSE = "close"
    MISMATCH = "mismatch"


@functools.lru_cache(maxsize=4096)
def normalize_tag(text: str) -> str:
    """The canonical BCP 47 tag for ``text``: ``'sgn-GB'`` -> ``'bfi'``,
    ``'iw'`` -> ``'he'``, ``'PL'`` -> ``'pl'``, ``'pt_br'`` -> ``'pt-BR'``.

    Raises :class:`UnknownLanguageError` for malformed or unknown tags.
    """
    stripped = text.strip()
    if stripped in _COMMON_TAGS:
        return _COMMON_TAGS[stripped][0]
    if not _TAG_SHAPE.fullmatch(stripped):
        raise UnknownLanguageError(text, _suggest(stripped))
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    try:
        tag: str = langcodes.standardize_tag(stripped.replace("_", "-"))
        language = langcodes.Language.get(tag)
    except (LanguageTagError, ValueError):
        raise UnknownLanguageError(text, _suggest(stripped)) from None
    if not language.language or language.language == "und" or not language.is_valid():
        raise UnknownLanguageError(text, _suggest(stripped))
    return tag


def _suggest(text: str) -> str | None:
    """A tag for a language name (``Polish`` -> ``pl``), if there is one."""
    if not text or len(text) > 60:
        return None
    import langcodes

    try:
        return str(langcodes.find(text))
    except (LookupError, ValueError):
        return None


@functools.lru_cache(maxsize=1024)
def _parsed(tag: str) -> langcodes.Language:
    import langcodes

    return langcodes.Language.get(tag)


@functools.lru_cache(maxsize=1024)
def _spoken_base(tag: str) -> str:
    """The spoken language a tag denotes, macrolanguages folded (``cmn`` is ``zh``,
    ``kmr`` is ``ku``)."""
    if tag in _COMMON_TAGS:
        return _COMMON_TAGS[tag][1]
    import langcodes

    folded = langcodes.Language.get(langcodes.standardize_tag(tag, macro=True))
    return str(folded.language)


@functools.lru_cache(maxsize=1024)
def script_of(tag: str) -> str:
    """The script a tag is written in, explicit or likely (``pa`` -> ``Guru``)."""
    if tag in _COMMON_TAGS:
        return _COMMON_TAGS[tag][2]
    language = _parsed(tag)
    return str(language.script or language.maximize().script or "Zyyy")


def is_rtl(tag: str) -> bool:
    """Whether text in this language is written right to left."""
    return script_of(tag) in RTL_SCRIPTS


@functools.lru_cache(maxsize=1024)
def is_sign_language(tag: str) -> bool:
    """British Sign Language (``bfi``), ASL (``ase``), ... and ``sgn`` itself."""
    base = _COMMON_TAGS[tag][0].split("-")[0] if tag in _COMMON_TAGS else str(_parsed(tag).language)
    return base == "sgn" or base in SIGN_LANGUAGES


@functools.lru_cache(maxsize=1024)
def english_name(tag: str) -> str:
    """The language's name in English: ``pl`` -> ``Polish``, ``fa-AF`` -> ``Dari``."""
    name = _lookup(_ENGLISH_NAMES, tag) or _COMMON_ENGLISH_NAMES.get(tag)
    if name is not None:
        return name
    return str(_parsed(tag).display_name("en"))


@functools.lru_cache(maxsize=1024)
def own_name(tag: str) -> str:
    """The language's name in itself (``pl`` -> ``polski``); for languages CLDR
    lacks, the name its speakers use, and for sign languages the English name."""
    name = _lookup(_OWN_NAMES, tag)
    if name is not None:
        return name
    if is_sign_language(tag):
        return english_name(tag)
    if tag in _COMMON_OWN_NAMES:
        return _COMMON_OWN_NAMES[tag]
    autonym = str(_parsed(tag).autonym())
    if autonym.startswith("Unknown language"):
        return english_name(tag)
    return autonym


def label(tag: str) -> str:
    """``Polish (polski)``; just ``British Sign Language`` where the two names agree."""
    english, own = english_name(tag), own_name(tag)
    return english if own == english else f"{english} ({own})"


def _lookup(table: dict[str, str], tag: str) -> str | None:
    if tag in table:
        return table[tag]
    if tag in _COMMON_TAGS:  # no region to leave out
        return None
    import langcodes

    language = _parsed(tag)
    without_region = langcodes.Language.make(language=language.language, script=language.script)
    return table.get(without_region.to_tag())


def _regions(a: str, b: str) -> tuple[str | None, str | None]:
    if a in _COMMON_TAGS and b in _COMMON_TAGS:  # neither names a region
        return None, None
    la, lb = _parsed(a), _parsed(b)
    ra, rb = la.territory, lb.territory
    base = _spoken_base(a)
    if (ra is None) != (rb is None) and ((base, ra) in _NAMED_VARIETIES or (base, rb) in _NAMED_VARIETIES):
        ra = ra or la.maximize().territory
        rb = rb or lb.maximize().territory
    return ra, rb


@functools.lru_cache(maxsize=4096)
def match_spoken(person: str, interpreter: str) -> Match:
    """How an interpreter working in ``interpreter`` serves someone who speaks
    ``person`` (both canonical tags).

    The same spoken language is ``EXACT`` whatever the script (Punjabi in
    Gurmukhi or Shahmukhi); a region left out matches any region. Regional
    forms of one language (``pt-BR``/``pt-PT``, Farsi/Dari) are ``CLOSE``.
    Everything else, including Sylheti for Bengali, Urdu for Punjabi, Kurmanji
    for Sorani, Cantonese for Mandarin and English for a signer, is
    ``MISMATCH``.
    """
    a, b = _spoken_base(person), _spoken_base(interpreter)
    if a == b:
        ra, rb = _regions(person, interpreter)
        if ra is not None and rb is not None and ra != rb:
            return Match.CLOSE
        return Match.EXACT
    if any(a in group and b in group for group in _CLOSE_GROUPS):
        return Match.CLOSE
    return Match.MISMATCH


def lists_language(register: list[str], tag: str) -> bool:
    """Whether an interpreter listing ``register`` works in ``tag``
    (a listed ``pt`` covers ``pt-PT``; a listed ``pt-BR`` does not)."""
    return any(match_spoken(tag, listed) is Match.EXACT for listed in register)


def same_written(reader: str, text: str) -> bool:
    """Whether someone who reads ``reader`` reads text written in ``text``:
    the same language in the same script."""
    return _spoken_base(reader) == _spoken_base(text) and script_of(reader) == script_of(text)


def is_english(tag: str) -> bool:
    return _spoken_base(tag) == "en"


from .needs import LanguageNeeds, needs_for, spoken_language, written_language  # noqa: E402
