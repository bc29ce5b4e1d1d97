"""The language engine, table by table."""

from __future__ import annotations

import datetime as dt

import pytest

from contactplan.errors import UnknownLanguageError
from contactplan.languages import (
    Match,
    english_name,
    is_rtl,
    is_sign_language,
    label,
    lists_language,
    match_spoken,
    needs_for,
    normalize_tag,
    own_name,
    same_written,
    script_of,
    written_name,
)
from contactplan.model import LanguageEntry, Member


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("pl", "pl"),
        ("PL", "pl"),
        ("sgn-GB", "bfi"),
        ("bfi", "bfi"),
        ("iw", "he"),
        ("pt_br", "pt-BR"),
        ("zh-hant", "zh-Hant"),
        ("pa-arab", "pa-Arab"),
        ("prs", "fa-AF"),
        ("mo", "ro"),
        (" en-gb ", "en-GB"),
        ("syl", "syl"),
        ("ckb", "ckb"),
    ],
)
def test_normalize(written: str, canonical: str) -> None:
    assert normalize_tag(written) == canonical


@pytest.mark.parametrize(
    "bad", ["zz", "xx-YY", "", "p l", "en-AB", "pl-Xyzw", "und", "123", "pl--", "a" * 20]
)
def test_unknown_tags_are_rejected(bad: str) -> None:
    with pytest.raises(UnknownLanguageError):
        normalize_tag(bad)


def test_language_name_suggests_its_tag() -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        normalize_tag("Polish")
    assert caught.value.suggestion == "pl"
    assert caught.value.hint == "did you mean 'pl'?"


@pytest.mark.parametrize(
    ("tag", "english", "own"),
    [
        ("pl", "Polish", "polski"),
        ("ur", "Urdu", "اردو"),
        ("bfi", "British Sign Language", "British Sign Language"),
        ("syl", "Sylheti", "সিলেটি"),
        ("fa", "Farsi", "فارسی"),
        ("fa-AF", "Dari", "دری"),
        ("ckb", "Sorani Kurdish", "کوردی (سۆرانی)"),
        ("kmr", "Kurmanji Kurdish", "Kurdî (Kurmancî)"),
        ("bn", "Bengali", "বাংলা"),  # not CLDR's "Bangla"
        ("pa", "Punjabi", "ਪੰਜਾਬੀ"),
        ("pa-Arab", "Punjabi", "پنجابی"),  # a spoken language has no script
        ("zh", "Mandarin", "中文（普通话）"),
        ("cmn", "Mandarin", "中文（普通话）"),
        ("yue", "Cantonese", "粵語"),
        ("cy", "Welsh", "Cymraeg"),
        ("ti", "Tigrinya", "ትግርኛ"),
        ("phr", "Pahari-Pothwari (Mirpuri)", "Pahari-Pothwari (Mirpuri)"),
        ("rom", "Romani", "romani čhib"),
        ("jam", "Jamaican Patois", "Jamaican Patois"),
    ],
)
def test_names(tag: str, english: str, own: str) -> None:
    assert english_name(tag) == english
    assert own_name(tag) == own


@pytest.mark.parametrize(
    ("tag", "written", "label_text"),
    [
        ("pa", "Punjabi (Gurmukhi script)", "Punjabi (Gurmukhi script) (ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ))"),
        ("pa-Arab", "Punjabi (Shahmukhi script)", "Punjabi (Shahmukhi script) (پنجابی (شاہ مکھی))"),
        ("zh-Hant", "Chinese (Traditional)", "Chinese (Traditional) (中文（繁體）)"),
        ("zh", "Chinese (Simplified)", "Chinese (Simplified) (中文（简体）)"),
        ("pl", "Polish", "Polish (polski)"),
        ("bn", "Bengali", "Bengali (বাংলা)"),
    ],
)
def test_written_names_name_the_script_where_reading_matters(tag: str, written: str, label_text: str) -> None:
    assert written_name(tag) == written
    assert label(tag, written=True) == label_text
    assert "script" not in label(tag) and "Simplified" not in label(tag) and "Traditional" not in label(tag)


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        ("ar", True),
        ("ur", True),
        ("fa", True),
        ("ps", True),
        ("ckb", True),
        ("he", True),
        ("pa-Arab", True),
        ("pa", False),
        ("pl", False),
        ("kmr", False),
        ("ti", False),
        ("bfi", False),
    ],
)
def test_direction(tag: str, rtl: bool) -> None:
    assert is_rtl(tag) is rtl


@pytest.mark.parametrize(
    ("tag", "sign"), [("bfi", True), ("ase", True), ("sgn", True), ("en", False), ("pl", False)]
)
def test_sign_languages(tag: str, sign: bool) -> None:
    assert is_sign_language(tag) is sign


@pytest.mark.parametrize(
    ("person", "interpreter", "expected"),
    [
        ("pl", "pl", Match.EXACT),
        ("pa-Arab", "pa", Match.EXACT),  # one spoken language in either script
        ("pa", "pa-Guru", Match.EXACT),
        ("pt-PT", "pt", Match.EXACT),  # a region left out matches any
        ("zh", "cmn", Match.EXACT),  # zh stands for Mandarin
        ("kmr", "ku", Match.EXACT),
        ("pt-PT", "pt-BR", Match.CLOSE),
        ("pt-BR", "pt-PT", Match.CLOSE),
        ("fa", "fa-AF", Match.CLOSE),  # Farsi and Dari
        ("fa-AF", "fa", Match.CLOSE),
        ("hr", "sr", Match.CLOSE),
        ("syl", "bn", Match.MISMATCH),  # Sylheti is not Bengali
        ("bn", "syl", Match.MISMATCH),
        ("pa", "ur", Match.MISMATCH),  # Punjabi is not Urdu
        ("pa-Arab", "ur", Match.MISMATCH),
        ("ckb", "kmr", Match.MISMATCH),  # Sorani is not Kurmanji
        ("ckb", "ku", Match.MISMATCH),
        ("bfi", "ase", Match.MISMATCH),  # BSL is not ASL
        ("bfi", "en", Match.MISMATCH),  # ... nor English
        ("uk", "ru", Match.MISMATCH),  # never a Russian interpreter for a Ukrainian speaker
        ("zh", "yue", Match.MISMATCH),  # Mandarin is not Cantonese
        ("ar", "fa", Match.MISMATCH),
    ],
)
def test_match_spoken(person: str, interpreter: str, expected: Match) -> None:
    assert match_spoken(person, interpreter) is expected


def test_register_listing() -> None:
    assert lists_language(["pt"], "pt-PT")
    assert not lists_language(["pt-BR"], "pt-PT")
    assert lists_language(["ur", "pa"], "pa-Arab")
    assert not lists_language(["bn"], "syl")


@pytest.mark.parametrize(
    ("reader", "text", "same"),
    [
        ("pa-Arab", "pa", False),  # Shahmukhi is not Gurmukhi
        ("pa", "pa-Guru", True),
        ("zh-Hant", "zh", False),
        ("zh", "zh-Hans", True),
        ("pt-PT", "pt-BR", True),
        ("sr", "sr-Latn", False),
        ("ur", "pa-Arab", False),
    ],
)
def test_same_written(reader: str, text: str, same: bool) -> None:
    assert same_written(reader, text) is same


def test_script_of() -> None:
    assert script_of("pa") == "Guru"
    assert script_of("pa-Arab") == "Arab"
    assert script_of("zh") == "Hans"


def member(languages: list[tuple[str, str, str]], **extra: object) -> Member:
    return Member(
        id="m",
        name="M",
        role=extra.pop("role", "parent"),  # type: ignore[arg-type]
        languages=[LanguageEntry(tag=t, speaks=s, reads=r) for t, s, r in languages],  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("languages", "extra", "needed", "spoken", "written", "reads_english"),
    [
        # Polish mother with a little English: interpreter, Polish letters
        ([("pl", "native", "fluent"), ("en", "basic", "basic")], {}, True, "pl", "pl", False),
        # fluent English speaker: no interpreter, reads English
        ([("pl", "native", "fluent"), ("en", "fluent", "fluent")], {}, False, "pl", "pl", True),
        # no English entry means none
        ([("ur", "native", "native")], {}, True, "ur", "ur", False),
        # Sylheti speaker who reads Bengali
        (
            [("syl", "native", "none"), ("bn", "conversational", "conversational")],
            {},
            True,
            "syl",
            "bn",
            False,
        ),
        # Sylheti speaker who reads nothing: no written language
        ([("syl", "native", "none"), ("en", "basic", "basic")], {}, True, "syl", None, False),
        # a signer needs a BSL interpreter even with interpreter: not_needed
        (
            [("bfi", "native", "none"), ("en", "none", "fluent")],
            {"interpreter": "not_needed"},
            True,
            "bfi",
            "en",
            True,
        ),
        # a child fluent in English
        (
            [("pl", "native", "basic"), ("en", "fluent", "fluent")],
            {"role": "subject_child"},
            False,
            "pl",
            "en",
            True,
        ),
        # required / not_needed settings
        ([("en", "native", "native")], {"interpreter": "required"}, True, "en", "en", True),
        ([("pl", "native", "fluent")], {"interpreter": "not_needed"}, False, "pl", "pl", False),
        # ties: the first listed wins
        ([("ro", "native", "fluent"), ("it", "native", "fluent")], {}, True, "ro", "ro", False),
        # preferred_written counts only when read at conversational or above
        (
            [("pl", "native", "fluent"), ("en", "basic", "basic")],
            {"preferred_written": "en"},
            True,
            "pl",
            "pl",
            False,
        ),
        (
            [("pl", "native", "fluent"), ("de", "basic", "conversational")],
            {"preferred_written": "de"},
            True,
            "pl",
            "de",
            False,
        ),
        (
            [("pa", "native", "none"), ("ur", "fluent", "fluent")],
            {"preferred_spoken": "ur"},
            True,
            "ur",
            "ur",
            False,
        ),
        # English-region entries count as English
        ([("en-GB", "native", "native")], {}, False, "en-GB", "en-GB", True),
    ],
)
def test_needs(
    languages: list[tuple[str, str, str]],
    extra: dict[str, object],
    needed: bool,
    spoken: str,
    written: str | None,
    reads_english: bool,
) -> None:
    facts = needs_for(member(languages, **extra))
    assert (facts.interpreter_needed, facts.spoken, facts.written, facts.reads_english) == (
        needed,
        spoken,
        written,
        reads_english,
    )


def test_unknown_needs_are_null() -> None:
    facts = needs_for(member([], interpreter="required"))
    assert not facts.known
    assert facts.interpreter_needed is None and facts.spoken is None and facts.written is None


def test_child_by_role_or_age() -> None:
    adult_sibling = member([], role="sibling", date_of_birth=dt.date(2000, 1, 1))
    assert adult_sibling.is_child(dt.date(2026, 1, 1))  # the role decides
    teenager = member([], role="relative", date_of_birth=dt.date(2009, 6, 2))
    assert teenager.is_child(dt.date(2027, 6, 1))
    assert not teenager.is_child(dt.date(2027, 6, 2))  # 18 today
    assert not member([], role="relative").is_child(dt.date(2026, 1, 1))


def test_sign_language_table_matches_language_data() -> None:
    from contactplan.languages._sign_languages import SIGN_LANGUAGES, generate

    assert generate() == SIGN_LANGUAGES


def test_common_own_names_are_cldr_autonyms() -> None:
    """languages._COMMON_OWN_NAMES spares `contactplan languages` loading the
    name data; every entry must be exactly what langcodes says."""
    import langcodes

    from contactplan import languages

    for tag, name in languages._COMMON_OWN_NAMES.items():
        assert str(langcodes.Language.get(tag).autonym()) == name, tag


def test_common_tags_are_what_langcodes_says() -> None:
    """languages._COMMON_TAGS lets reading and checking skip importing
    langcodes; every entry must be exactly langcodes' answer."""
    import langcodes

    from contactplan import languages

    for tag, (canonical, base, script) in languages._COMMON_TAGS.items():
        parsed = langcodes.Language.get(tag)
        assert languages.standardize(tag) == canonical, tag
        assert parsed.is_valid() and parsed.territory is None
        folded = langcodes.Language.get(langcodes.standardize_tag(tag, macro=True))
        assert str(folded.language) == base, tag
        assert str(parsed.script or parsed.maximize().script) == script, tag


def test_check_of_common_languages_does_not_import_langcodes(examples: object) -> None:
    import subprocess
    import sys

    code = (
        "import sys, datetime; from contactplan.casefile import load_case; "
        "from contactplan.checks import run_checks; "
        "run_checks(load_case('examples/nowak-family-good.yaml'), today=datetime.date(2026, 11, 22)); "
        "print('langcodes' in sys.modules)"
    )
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"


def test_generated_tables_are_what_the_generator_writes_now() -> None:
    """_cldr_tables.py is generated from langcodes/language_data: regenerate
    and compare (run ``python -m contactplan.languages._cldr_generate`` after
    a langcodes upgrade or a new tag)."""
    from contactplan.languages import _cldr_generate

    assert _cldr_generate.TARGET.read_text(encoding="utf-8") == _cldr_generate.render()
    assert _cldr_generate.main(["--check"]) == 0


def test_curated_names_are_kept_apart_from_cldrs() -> None:
    from contactplan.languages import _cldr_tables, _curated

    assert _cldr_tables.ENGLISH_NAMES["bn"] == "Bangla"  # CLDR's, as generated
    assert _curated.ENGLISH_NAMES["bn"] == "Bengali"  # the practitioners'
    assert english_name("bn") == "Bengali"


# --------------------------------------------------------------------------
# Tags that mean something else, and names where a tag is wanted


@pytest.mark.parametrize(
    ("typed", "words", "fix"),
    [
        ("bsl", "Basa-Gumna", "British Sign Language is 'bfi'"),
        ("BSL", "Basa-Gumna", "British Sign Language is 'bfi'"),
        ("bsl-GB", "Basa-Gumna", "British Sign Language is 'bfi'"),
        ("asl", "Asilulu", "American Sign Language is 'ase'"),
        ("ASL", "Asilulu", "American Sign Language is 'ase'"),
        ("isl", "Icelandic", "Irish Sign Language is 'isg'"),
        ("sgn", "sign language", "which sign language? British Sign Language is 'bfi'"),
        ("SGN", "sign language", "which sign language? British Sign Language is 'bfi'"),
    ],
)
def test_tags_easy_to_get_wrong_are_refused_with_the_fix(typed: str, words: str, fix: str) -> None:
    from contactplan.languages import LanguageTagRefused

    with pytest.raises(LanguageTagRefused) as caught:
        normalize_tag(typed)
    assert words in str(caught.value)
    assert caught.value.hint is not None and fix in caught.value.hint


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [("bfi", "bfi"), ("ase", "ase"), ("isg", "isg"), ("is", "is"), ("sgn-GB", "bfi"), ("sgn-US", "ase"),
     ("bs", "bs"), ("as", "as"), ("sl", "sl"), ("ka", "ka")],
)  # fmt: skip
def test_near_misses_are_valid_tags_the_spec_does_not_name(tag: str, canonical: str) -> None:
    assert normalize_tag(tag) == canonical


def test_a_tag_too_long_to_be_one_is_refused_before_parsing() -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        normalize_tag("en-" + "-".join(["abcde"] * 1000))  # 1,000 variant subtags: was a RecursionError
    assert len(str(caught.value)) < 100
    with pytest.raises(UnknownLanguageError):
        normalize_tag("x" * 900_000)


NAMES = [
    # (name written, every tag the message must offer)
    ("Polish", ["pl"]),
    ("polish", ["pl"]),
    ("Polsh", ["pl"]),  # misspelt
    ("Kurdish", ["kmr", "ckb"]),
    ("Kurdish (Sorani)", ["ckb"]),
    ("Sorani", ["ckb"]),
    ("Kurmanji", ["kmr"]),
    ("Badini", ["kmr"]),
    ("Chinese", ["cmn", "yue", "zh-Hans", "zh-Hant"]),
    ("Mandarin", ["cmn"]),
    ("Cantonese", ["yue"]),
    ("Punjabi", ["pa", "pa-Guru", "pa-Arab"]),
    ("Panjabi", ["pa", "pa-Guru", "pa-Arab"]),
    ("Mirpuri", ["phr"]),
    ("Pahari", ["phr"]),
    ("Pothwari", ["phr"]),
    ("Potwari", ["phr"]),
    ("Sylheti", ["syl"]),
    ("Bangla", ["bn"]),
    ("Bengali", ["bn"]),
    ("Farsi", ["fa"]),
    ("Persian", ["fa"]),
    ("Dari", ["fa-AF"]),
    ("Patois", ["jam"]),
    ("sign language", ["bfi"]),
    ("British Sign Language", ["bfi"]),
    ("Romani", ["rom"]),
    ("Roma", ["rom"]),
    ("Tigrinya", ["ti"]),
    ("Amharic", ["am"]),
    ("Somali", ["so"]),
    ("Pashto", ["ps"]),
    ("Urdu", ["ur"]),
    ("Arabic", ["ar"]),
    ("Romanian", ["ro"]),
    ("Albanian", ["sq"]),
    ("Ukrainian", ["uk"]),
    ("Lithuanian", ["lt"]),
    ("Gujarati", ["gu"]),
    ("Tamil", ["ta"]),
    ("Welsh", ["cy"]),
    ("Yiddish", ["yi"]),
    ("Creole", ["jam", "ht", "kri"]),
]


@pytest.mark.parametrize(("name", "tags"), NAMES, ids=[n for n, _ in NAMES])
def test_a_language_name_suggests_every_tag_it_may_mean(name: str, tags: list[str]) -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        normalize_tag(name)
    hint = caught.value.hint or ""
    for tag in tags:
        assert f"'{tag}'" in hint, (name, hint)


def test_romani_is_not_romanian() -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        normalize_tag("Romani")
    hint = (caught.value.hint or "").lower()
    # every Romani language is offered by name; Romanian and the bare macrolanguage are not
    assert "'rmc' (carpathian romani)" in hint and "'rmy' (vlax romani)" in hint
    assert "not 'ro' (romanian)" in hint and "nor 'rom' alone" in hint


def test_every_name_in_the_table_is_refused_and_suggests_valid_tags() -> None:
    """Each name of the table of languages of families known to UK children's
    services: refused as a tag (no name is itself a valid tag, which would be
    read silently), and each tag it suggests is a valid one."""
    from contactplan.languages import _curated, suggest_tags

    for name, entry in _curated._NAMES.items():
        with pytest.raises(UnknownLanguageError):
            normalize_tag(name)
        assert suggest_tags(name) == [c.tag for c in entry.candidates], name
        for candidate in entry.candidates:
            assert normalize_tag(candidate.tag), (name, candidate.tag)
    assert len(_curated.LANGUAGE_NAMES) == len(_curated._NAMES)  # no two names fold together


def test_reading_and_naming_common_languages_does_not_import_langcodes() -> None:
    """The reader's share of the one-file check: reading a case file in common
    languages and naming every language in it (spoken and written) never loads
    langcodes (the generated tables answer)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; from contactplan.casefile import load_case; from contactplan import languages as L; "
        "c = load_case('examples/nowak-family-good.yaml'); "
        "[(L.label(e.tag), L.label(e.tag, written=True), L.is_rtl(e.tag), L.is_sign_language(e.tag)) "
        " for m in c.members for e in m.languages]; "
        "[L.label(t) for t in ('bn', 'ckb', 'kmr', 'zh', 'zh-Hant', 'yue', 'pa-Arab', 'syl', 'bfi', 'fa', 'ti')]; "
        "print('langcodes' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"


def test_an_explicit_punjabi_script_is_kept() -> None:
    """`pa-Guru` says the person reads Gurmukhi; `pa` alone doesn't (CP406)."""
    from contactplan import languages

    assert languages.normalize_tag("pa-Guru") == "pa-Guru"
    assert languages.normalize_tag("pa_guru") == "pa-Guru"
    assert languages.normalize_tag("pa") == "pa"
    assert languages.normalize_tag("pa-Arab") == "pa-Arab"
    assert languages.normalize_tag("bn-Beng") == "bn"  # other languages: the usual script is left out
    assert languages.match_spoken("pa-Guru", "pa") is languages.Match.EXACT
    assert languages.same_written("pa-Guru", "pa") and not languages.same_written("pa-Guru", "pa-Arab")
