"""Curated language tables: what practitioners and families say, kept by hand.

Everything here is a decision, not a copy of CLDR (the copies are generated
into :mod:`._cldr_tables`):

* English names as UK practitioners say them where CLDR's differ (Bengali,
  not "Bangla"; Sorani Kurdish, not "Central Kurdish"; Mandarin, not
  "Chinese"), without the script: a spoken language has none. Where reading
  matters (the language a letter is written in) the script is named, from
  :data:`WRITTEN_NAMES`.
* Own names for languages CLDR has none for (Sylheti, Dari, ...).
* Tags that are valid BCP 47 but that a person means as something else
  (``bsl`` is Basa-Gumna, not British Sign Language): refused with the fix,
  exactly the list of ``docs/case-file.md``.
* Language names people write where a tag is wanted (``Kurdish``,
  ``Mirpuri``), with every tag they may mean.
"""

from __future__ import annotations

from typing import NamedTuple

from . import _cldr_tables

# Keys are canonical tags; the full tag is looked up first, then the tag without
# its region.
ENGLISH_NAMES: dict[str, str] = {
    "bn": "Bengali",
    "fa": "Farsi",
    "fa-AF": "Dari",
    "ckb": "Sorani Kurdish",
    "kmr": "Kurmanji Kurdish",
    "ku": "Kurdish",
    "sdh": "Southern Kurdish",
    "pa": "Punjabi",
    "pa-Arab": "Punjabi",
    "pa-Guru": "Punjabi",
    "pnb": "Western Punjabi",
    "zh": "Mandarin",
    "zh-Hans": "Mandarin",
    "zh-Hant": "Mandarin",
    "cmn": "Mandarin",
    "yue": "Cantonese",
    "syl": "Sylheti",
    "phr": "Pahari-Pothwari (Mirpuri)",
    "rom": "Romani",
    "jam": "Jamaican Patois",
    "bfi": "British Sign Language",
}

# The language a letter is written in, where the language is written in more
# than one script and the reader can read only one.
WRITTEN_NAMES: dict[str, str] = {
    "pa": "Punjabi (Gurmukhi script)",
    "pa-Guru": "Punjabi (Gurmukhi script)",
    "pa-Arab": "Punjabi (Shahmukhi script)",
    "zh": "Chinese (Simplified)",
    "zh-Hans": "Chinese (Simplified)",
    "cmn": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
}

OWN_NAMES: dict[str, str] = {
    # CLDR has no data for these; the names are the ones their speakers write.
    "syl": "সিলেটি",
    "fa-AF": "دری",
    "ckb": "کوردی (سۆرانی)",
    "ku": "Kurdî",
    "kmr": "Kurdî (Kurmancî)",
    "pa-Arab": "پنجابی",
    "pa-Guru": "ਪੰਜਾਬੀ",
    "pnb": "پنجابی",
    "rom": "romani čhib",
    "rmn": "romani čhib",
    "zh": "中文（普通话）",
    "zh-Hans": "中文（普通话）",
    "zh-Hant": "中文（普通話）",
    "cmn": "中文（普通话）",
}
OWN_WRITTEN_NAMES: dict[str, str] = {
    "pa-Arab": "پنجابی (شاہ مکھی)",
    "pa-Guru": "ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ)",
    "pa": "ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ)",
    "zh": "中文（简体）",
    "zh-Hans": "中文（简体）",
    "cmn": "中文（简体）",
    "zh-Hant": "中文（繁體）",
}


class Refused(NamedTuple):
    """A valid tag that a person means as something else."""

    means: str  # what the tag really is
    fix: str  # what to write instead


# By primary subtag, lower case (``BSL`` and ``bsl-GB`` too), exactly the list
# of docs/case-file.md; ``sgn`` only alone (``sgn-GB`` is British Sign Language).
REFUSED_TAGS: dict[str, Refused] = {
    "bsl": Refused(
        "is the code of Basa-Gumna, a Nigerian language",
        "British Sign Language is 'bfi'",
    ),
    "asl": Refused("is the code of Asilulu, a language of Indonesia", "American Sign Language is 'ase'"),
    "isl": Refused(
        "is a code of Icelandic",
        "Irish Sign Language is 'isg'; for Icelandic write 'is'",
    ),
}
REFUSED_ALONE: dict[str, Refused] = {
    "sgn": Refused(
        "means 'a sign language', not which one",
        "which sign language? British Sign Language is 'bfi', Irish Sign Language 'isg', "
        "American Sign Language 'ase'",
    ),
}


class Candidate(NamedTuple):
    """A tag a language name may mean."""

    tag: str
    means: str | None = None  # said after the tag when the name is ambiguous
    reading: bool = False  # a tag for the written language only


class NameEntry(NamedTuple):
    candidates: tuple[Candidate, ...]
    note: str | None = None


def _one(tag: str) -> NameEntry:
    return NameEntry((Candidate(tag),))


def _members(family: str, named: dict[str, str] | None = None, note: str | None = None) -> NameEntry:
    """Every language of a macrolanguage, from ISO 639-3's data (the
    generated :data:`._cldr_tables.MACROLANGUAGES`), those ``named`` first
    with the names practitioners use, the others by CLDR's English name."""
    first = dict(named or {})
    rest = [m for m, f in _cldr_tables.MACROLANGUAGES.items() if f == family and m not in first]
    return NameEntry(
        tuple(
            Candidate(tag, first.get(tag) or _cldr_tables.ENGLISH_NAMES.get(tag)) for tag in [*first, *rest]
        ),
        note,
    )


_KURDISH = _members("ku", {"kmr": "Kurmanji", "ckb": "Sorani"})
_CHINESE = NameEntry(
    (
        Candidate("cmn", "Mandarin"),
        Candidate("yue", "Cantonese"),
        Candidate("zh-Hans", "Simplified", reading=True),
        Candidate("zh-Hant", "Traditional", reading=True),
    )
)
_PUNJABI = NameEntry(
    (
        Candidate("pa"),
        Candidate("pa-Guru", "Gurmukhi", reading=True),
        Candidate("pa-Arab", "Shahmukhi", reading=True),
    )
)
_PAHARI = NameEntry((Candidate("phr", "Pahari-Pothwari, Mirpuri"),))
# Slovak and Czech Roma mostly speak Carpathian Romani, Romanian Roma Vlax:
# those first, then every other Romani language.
_ROMANI = _members(
    "rom",
    {"rmc": "Carpathian Romani", "rmy": "Vlax Romani", "rmn": "Balkan Romani"},
    "not 'ro' (Romanian), nor 'rom' alone (which Romani?)",
)
_SIGN = NameEntry(
    (
        Candidate("bfi", "British Sign Language"),
        Candidate("isg", "Irish Sign Language"),
        Candidate("ase", "American Sign Language"),
    )
)
_CREOLE = NameEntry(
    (
        Candidate("jam", "Jamaican Patois"),
        Candidate("ht", "Haitian Creole"),
        Candidate("kri", "Krio"),
        Candidate("mfe", "Mauritian Creole"),
        Candidate("pcm", "Nigerian Pidgin"),
    )
)
_BERBER = NameEntry(
    (
        Candidate("tzm", "Central Atlas Tamazight"),
        Candidate("kab", "Kabyle"),
        Candidate("shi", "Tashelhit"),
        Candidate("rif", "Tarifit"),
    )
)
_ARABIC = NameEntry((Candidate("ar"),))

# Names of languages of families known to children's services in the UK, with
# the tags they mean.
_NAMES: dict[str, NameEntry] = {
    "polish": _one("pl"),
    "romanian": _one("ro"),
    "moldovan": _one("ro"),
    "punjabi": _PUNJABI,
    "panjabi": _PUNJABI,
    "urdu": _one("ur"),
    "mirpuri": _PAHARI,
    "pahari": _PAHARI,
    "pothwari": _PAHARI,
    "potwari": _PAHARI,
    "pothohari": _PAHARI,
    "pahari pothwari": _PAHARI,
    "pahari potwari": _PAHARI,
    "hindko": _one("hno"),
    "saraiki": _one("skr"),
    "siraiki": _one("skr"),
    "sindhi": _one("sd"),
    "balochi": _one("bal"),
    "baluchi": _one("bal"),
    "pashto": _one("ps"),
    "pushto": _one("ps"),
    "portuguese": _one("pt"),
    "brazilian portuguese": _one("pt-BR"),
    "spanish": _one("es"),
    "arabic": _ARABIC,
    "sudanese arabic": _one("apd"),
    "bengali": _one("bn"),
    "bangla": _one("bn"),
    "sylheti": _one("syl"),
    "chittagonian": _one("ctg"),
    "gujarati": _one("gu"),
    "italian": _one("it"),
    "welsh": _one("cy"),
    "british sign": _one("bfi"),
    "irish sign": _one("isg"),
    "american sign": _one("ase"),
    "sign": _SIGN,
    "tigrinya": _one("ti"),
    "tigre": _one("tig"),
    "amharic": _one("am"),
    "oromo": _one("om"),
    "somali": _one("so"),
    "ukrainian": _one("uk"),
    "russian": _one("ru"),
    "albanian": _one("sq"),
    "kosovan": _one("sq"),
    "kurdish": _KURDISH,
    "kurmanji": _one("kmr"),
    "kurmanji kurdish": _one("kmr"),
    "badini": _one("kmr"),
    "bahdini": _one("kmr"),
    "sorani": _one("ckb"),
    "kurdish sorani": _one("ckb"),
    "feyli": _one("sdh"),
    "farsi": _one("fa"),
    "persian": _one("fa"),
    "iranian": _one("fa"),
    "dari": _one("fa-AF"),
    "hazaragi": _one("haz"),
    "chinese": _CHINESE,
    "mandarin": _one("cmn"),
    "cantonese": _one("yue"),
    "hakka": _one("hak"),
    "hokkien": _one("nan"),
    "vietnamese": _one("vi"),
    "french": _one("fr"),
    "german": _one("de"),
    "dutch": _one("nl"),
    "lithuanian": _one("lt"),
    "latvian": _one("lv"),
    "estonian": _one("et"),
    "bulgarian": _one("bg"),
    "hungarian": _one("hu"),
    "slovak": _one("sk"),
    "czech": _one("cs"),
    "croatian": _one("hr"),
    "serbian": _one("sr"),
    "bosnian": _one("bs"),
    "greek": _one("el"),
    "turkish": _one("tr"),
    "hebrew": _one("he"),
    "yiddish": _one("yi"),
    "tamil": _one("ta"),
    "hindi": _one("hi"),
    "nepali": _one("ne"),
    "malayalam": _one("ml"),
    "telugu": _one("te"),
    "marathi": _one("mr"),
    "sinhala": _one("si"),
    "sinhalese": _one("si"),
    "romani": _ROMANI,
    "romany": _ROMANI,
    "roma": _ROMANI,
    "romanes": _ROMANI,
    "romani chib": _ROMANI,
    "carpathian romani": _one("rmc"),
    "vlax romani": _one("rmy"),
    "balkan romani": _one("rmn"),
    "sinti": _one("rmo"),
    "sinte romani": _one("rmo"),
    "welsh romani": _one("rmw"),
    "baltic romani": _one("rml"),
    "kalo": _one("rmf"),
    "patois": _one("jam"),
    "jamaican": _one("jam"),
    "jamaican patois": _one("jam"),
    "creole": _CREOLE,
    "haitian creole": _one("ht"),
    "krio": _one("kri"),
    "pidgin": _one("pcm"),
    "nigerian pidgin": _one("pcm"),
    "yoruba": _one("yo"),
    "igbo": _one("ig"),
    "hausa": _one("ha"),
    "akan": _one("ak"),
    "swahili": _one("sw"),
    "lingala": _one("ln"),
    "kinyarwanda": _one("rw"),
    "kirundi": _one("rn"),
    "shona": _one("sn"),
    "ndebele": _one("nd"),
    "zulu": _one("zu"),
    "fula": _one("ff"),
    "fulani": _one("ff"),
    "wolof": _one("wo"),
    "mandinka": _one("mnk"),
    "berber": _BERBER,
    "tamazight": _BERBER,
    "kabyle": _one("kab"),
    "tagalog": _one("fil"),
    "filipino": _one("fil"),
    "malay": _one("ms"),
    "thai": _one("th"),
    "japanese": _one("ja"),
    "korean": _one("ko"),
    "burmese": _one("my"),
    "uzbek": _one("uz"),
    "tajik": _one("tg"),
    "turkmen": _one("tk"),
    "georgian": _one("ka"),
    "armenian": _one("hy"),
    "azerbaijani": _one("az"),
    "azeri": _one("az"),
    "english": _one("en"),
    "irish": _one("ga"),
    "gaelic": NameEntry((Candidate("gd", "Scottish Gaelic"), Candidate("ga", "Irish"))),
    "scottish gaelic": _one("gd"),
    "cornish": _one("kw"),
    "shelta": _one("sth"),
    "cant": _one("sth"),
    "traveller cant": _one("sth"),
}

_DROPPED_WORDS = frozenset({"language", "languages", "lang", "the"})


def name_key(text: str) -> str:
    """A language name folded for lookup: case, punctuation, word order and the
    word "language" don't count (``Kurdish (Sorani)`` = ``sorani kurdish``)."""
    words = "".join(ch if ch.isalpha() else " " for ch in text.casefold()).split()
    return " ".join(sorted(w for w in words if w not in _DROPPED_WORDS))


#: :data:`_NAMES` by :func:`name_key`.
LANGUAGE_NAMES: dict[str, NameEntry] = {name_key(name): entry for name, entry in _NAMES.items()}
