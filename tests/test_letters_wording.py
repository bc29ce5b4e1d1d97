"""What a letter says (issue 12): 24-hour times with their clock, the
spoken-language names of interpreters, gendered variants, one child or
several, "Who you will see", European Portuguese, and what a domestic abuse
support letter shows and leaves out.

These tests call the library (``contactplan.letters.render_letter``), which
writes a letter in the languages it is given: the refusals (CP301-CP303,
CP601) are decided before, by the checks, and tested in ``test_letters.py``.

Tests marked ``needs the catalogs`` read the shipped translations: they fail
while a catalog is incomplete (``contactplan translations`` says which).
"""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

import msgspec
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from contactplan import catalogs
from contactplan import messages as msg
from contactplan.casefile import load_case
from contactplan.letters import compose, render_letter
from contactplan.model import Case, Letter, SafeContact

ROOT = Path(__file__).resolve().parent.parent
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
AKHTAR = ROOT / "examples" / "akhtar-haddad-family.yaml"
TODAY = dt.date(2026, 11, 22)
ALL_TAGS = [catalogs.locale_tag(locale) for locale in catalogs.LOCALES]


def _text(case: Case, letter: Letter | str, tags: list[str], **options: object) -> str:
    chosen = case.letter(letter) if isinstance(letter, str) else letter
    out = render_letter(case, chosen, tags, format="text", today=TODAY, **options)  # type: ignore[arg-type]
    assert isinstance(out, str)
    # every value is isolated (LRI or RLI ... PDI): read the words without the isolates
    return "".join(c for c in out if c not in "\u2066\u2067\u2069")


def _html(case: Case, letter: Letter | str, tags: list[str], **options: object) -> str:
    chosen = case.letter(letter) if isinstance(letter, str) else letter
    out = render_letter(case, chosen, tags, format="html", today=TODAY, **options)  # type: ignore[arg-type]
    assert isinstance(out, str)
    return out


def _window(page: str) -> str:
    """What the envelope's window shows."""
    return page.split('<div class="window"', 1)[1].split("</div>")[0]


def _replace_member(case: Case, member_id: str, **changes: object) -> Case:
    members = [msgspec.structs.replace(m, **changes) if m.id == member_id else m for m in case.members]
    return msgspec.structs.replace(case, members=members)


def _replace_contact(case: Case, contact_id: str, **changes: object) -> Case:
    contacts = [msgspec.structs.replace(c, **changes) if c.id == contact_id else c for c in case.contacts]
    return msgspec.structs.replace(case, contacts=contacts)


# ---- times: 24-hour clock, Latin digits, which clock


def test_english_times_are_24_hour_uk_time() -> None:
    case = load_case(AKHTAR)
    text = _text(case, "missed-paed-01", ["en"])
    assert "on Monday, 16 November 2026 at 09:30 UK time" in text
    assert "Date: Wednesday, 25 November 2026\nTime: 14:30 UK time" in text
    assert "PM" not in text and "AM" not in text and "2:30" not in text.replace("14:30", "")


def test_a_zone_outside_the_uk_is_named() -> None:
    case = load_case(AKHTAR)
    dublin = msgspec.structs.replace(case, case=msgspec.structs.replace(case.case, timezone="Europe/Dublin"))
    text = _text(dublin, "missed-paed-01", ["en"])
    assert "at 09:30 (Ireland Time)" in text and "Time: 14:30 (Ireland Time)" in text
    assert "UK time" not in text


@pytest.mark.parametrize("tag", ALL_TAGS)
def test_every_language_writes_the_time_as_14_30(tag: str) -> None:
    """needs the catalogs: the time is ours, not Babel's, in every language."""
    case = load_case(AKHTAR)
    text = _text(case, "missed-paed-01", [tag], english_copy=False)
    assert "14:30" in text and "09:30" in text
    for twelve_hour in ("2:30", "PM", "AM", "p.m.", "a.m."):
        assert twelve_hour not in text.replace("14:30", "").replace("09:30", ""), (tag, twelve_hour)
    # "UK time" is translated (English words stay only in the names, places and sender block)
    assert "UK time" not in text


@pytest.mark.parametrize(("tag", "note"), [("ti", True), ("pl", False), ("ur", False)])
def test_the_clock_note_is_for_readers_who_may_count_from_dawn(tag: str, note: bool) -> None:
    case = load_case(AKHTAR)
    text = _text(case, "missed-paed-01", [tag])
    assert (msg.CLOCK_NOTE.id in text) is note  # the English copy repeats the note given in Tigrinya
    assert compose._needs_clock_note(["am"]) and compose._needs_clock_note(["ti-ER"])


# ---- names of interpreting languages


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("zh-Hant", "Mandarin"),
        ("zh-Hans", "Mandarin"),
        ("cmn", "Mandarin"),
        ("yue", "Cantonese"),
        ("pa-Arab", "Punjabi"),
        ("pa-Guru", "Punjabi"),
        ("fa-AF", "Dari"),
        ("prs", "Dari"),
        ("fa", "Farsi"),
        ("ckb", "Sorani Kurdish"),
        ("kmr", "Kurmanji Kurdish"),
        ("syl", "Sylheti"),
        ("bfi", "British Sign Language"),
        ("pt-BR", "Brazilian Portuguese"),
        ("ur", "Urdu"),
        ("pl", "Polish"),
    ],
)
def test_interpreter_language_is_a_spoken_language_in_english(language: str, name: str) -> None:
    w = compose._Writer(load_case(AKHTAR), "en", load_case(AKHTAR).member("samina"))
    assert w.language_name(language).text == name


@pytest.mark.parametrize("tag", ALL_TAGS)
@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans", "pa-Arab", "fa-AF", "pt-BR", "ur"])
def test_no_language_name_names_a_script_or_a_region(tag: str, language: str) -> None:
    """needs the catalogs for the table's names; else CLDR's name of the bare
    language. Never Babel's display name with a script or region in it
    ("Chinese (Simplified)", "Punjabi (Arabic)", "Persian (Afghanistan)")."""
    from babel import Locale

    case = load_case(AKHTAR)
    w = compose._Writer(case, tag, case.member("samina"))
    name = w.language_name(language).text
    assert name, (tag, language)
    script = {"zh-Hant": "Hant", "zh-Hans": "Hans", "pa-Arab": "Arab"}.get(language)
    if script is not None:
        assert w.locale.scripts[script] not in name, (tag, language, name)
    display = Locale.parse(language.replace("-", "_")).get_display_name(w.locale)
    if language != "ur":
        assert name != display, (tag, language, name)


def test_a_catalog_that_leaves_a_language_name_empty_gets_cldr(monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(NOWAK)
    _use_catalog(monkeypatch, "pl", {})
    w = compose._Writer(case, "pl", case.member("magda"))
    assert w.language_name("zh-Hant").text == "chiński"  # CLDR's Polish name of bare zh
    assert w.language_name("pt-BR").text == "portugalski"


# ---- gendered variants


def _use_catalog(
    monkeypatch: pytest.MonkeyPatch, locale: str, messages: dict[str | tuple[str, str], str]
) -> None:
    """Letters in ``locale`` read this catalog instead of the shipped one."""
    catalog = Catalog(locale=locale)
    for key, text in messages.items():
        context, msgid = key if isinstance(key, tuple) else (None, key)
        catalog.add(msgid, text, context=context)
    import io

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    fake = gettext.GNUTranslations(buffer)
    monkeypatch.setattr(catalogs, "translation", lambda name: fake)


_POLISH: dict[str | tuple[str, str], str] = {
    msg.GREETING.id: "Dzień dobry {name},",
    ("to a woman", msg.GREETING.id): "Szanowna Pani {name},",
    ("to a man", msg.GREETING.id): "",  # left empty: the neutral sentence
    msg.INTERPRETER_IN_PERSON.id: "Tłumacz będzie obecny osobiście.",
    ("female interpreter", msg.INTERPRETER_IN_PERSON.id): "Tłumaczka będzie obecna osobiście.",
    ("male interpreter", msg.INTERPRETER_IN_PERSON.id): "Tłumacz będzie obecny osobiście.",
}


@pytest.mark.parametrize(
    ("gender", "greeting"),
    [("female", "Szanowna Pani"), ("male", "Dzień dobry"), (None, "Dzień dobry"), ("other", "Dzień dobry")],
)
def test_the_greeting_follows_the_recipients_gender(
    monkeypatch: pytest.MonkeyPatch, gender: str | None, greeting: str
) -> None:
    case = _replace_member(load_case(NOWAK), "magda", gender=gender)
    _use_catalog(monkeypatch, "pl", _POLISH)
    section = compose._section(
        case, case.letter("inv-hv-02"), case.contact("hv-02"), "pl", today=TODAY, copy_follows=False,
        clock_note=False, window=compose._window(case, case.letter("inv-hv-02")), large_print=False,
    )  # fmt: skip
    text = "".join(p if isinstance(p, str) else p.text for para in section.paragraphs for p in para.parts)
    assert f"{greeting} Magda Nowak," in text


@pytest.mark.parametrize(
    ("interpreter_gender", "sentence"),
    [
        ("female", "Tłumaczka będzie obecna"),
        ("male", "Tłumacz będzie obecny"),
        (None, "Tłumacz będzie obecny"),
    ],
)
def test_the_interpreter_sentence_follows_the_interpreters_gender(
    monkeypatch: pytest.MonkeyPatch, interpreter_gender: str | None, sentence: str
) -> None:
    case = load_case(NOWAK)
    register = [msgspec.structs.replace(i, gender=interpreter_gender) for i in case.interpreters]
    case = msgspec.structs.replace(case, interpreters=register)
    _use_catalog(monkeypatch, "pl", _POLISH)
    section = compose._section(
        case, case.letter("inv-hv-02"), case.contact("hv-02"), "pl", today=TODAY, copy_follows=False,
        clock_note=False, window=compose._window(case, case.letter("inv-hv-02")), large_print=False,
    )  # fmt: skip
    text = "".join(p if isinstance(p, str) else p.text for para in section.paragraphs for p in para.parts)
    assert sentence in text


def test_no_interpreter_named_yet_is_neutral() -> None:
    case = load_case(AKHTAR)
    arrangement = case.contact("hv-02").interpreting[1]
    assert compose._interpreter_gender(case, arrangement) == "male"  # int-ar-omar
    nobody = msgspec.structs.replace(arrangement, interpreter=None)
    assert compose._interpreter_gender(case, nobody) is None
    unknown = [msgspec.structs.replace(i, gender=None) for i in case.interpreters]
    assert (
        compose._interpreter_gender(msgspec.structs.replace(case, interpreters=unknown), arrangement) is None
    )


# ---- wording


def test_who_you_will_see() -> None:
    text = _text(load_case(AKHTAR), "inv-hv-02-samina", ["en"])
    assert "Who you will see: Priya Shah" in text and "Who will come" not in text


def test_one_child_and_several_children_are_separate_sentences() -> None:
    case = load_case(AKHTAR)
    one = _text(case, "missed-paed-01", ["en"])
    assert "Bilal Akhtar was not brought to the appointment" in one
    assert "your child's health and safety" in one
    seen = case.contact("hv-02").seen_alone
    assert len(seen) == 1
    text = _text(case, "inv-hv-02-samina", ["en"])
    assert "spend some time with Bilal Akhtar on their own" in text
    other = case.member("bilal")
    twin = msgspec.structs.replace(other, id="sara", name="Sara Akhtar")
    two = msgspec.structs.replace(case, members=[*case.members, twin])
    two = _replace_contact(two, "hv-02", seen_alone=[*seen, msgspec.structs.replace(seen[0], child="sara")])
    text = _text(two, "inv-hv-02-samina", ["en"])
    assert "each of the children on their own, one at a time: Bilal Akhtar and Sara Akhtar" in text
    missed = _replace_contact(two, "paed-01", attendees=["samina", "bilal", "sara"], seen_alone=[])
    text = _text(missed, "missed-paed-01", ["en"])
    assert "Bilal Akhtar and Sara Akhtar were not brought" in text
    assert "your children's health and safety" in text


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-Hant"])
def test_one_form_languages_do_not_hedge_for_one_child(tag: str) -> None:
    """needs the catalogs: no "(if more than one child, ...)" for one child."""
    text = _text(load_case(AKHTAR), "inv-hv-02-samina", [tag], english_copy=False)
    assert "Bilal Akhtar" in text
    assert "如果" not in text.split("Bilal Akhtar")[1].split("\n")[0]


def test_core_group_has_no_english_words() -> None:
    assert "core group" not in msg.KIND_NAMES["core_group"].id.lower()


def test_portuguese_letters_are_european_portuguese() -> None:
    """needs the pt catalog: dates and names from Babel's pt_PT (Polish is
    "polaco" there, "polonês" in Brazil), whether the reader wrote pt or pt-BR."""
    case = load_case(NOWAK)
    for tag in ("pt", "pt-PT", "pt-BR"):
        page = _html(case, "inv-hv-02", [tag], english_copy=False)
        assert 'lang="pt-PT"' in page
        assert "polaco" in page and "polonês" not in page


# ---- domestic abuse support letters


def _safe(
    case: Case, member_id: str, address: str | None = "c/o Example Refuge, PO Box 12, Example City"
) -> Case:
    return _replace_member(case, member_id, safe_contact=SafeContact(address=address, phone="07700 900123"))


def _abuse_letter(case: Case, member_id: str, delivery: str = "safe_contact") -> Letter:
    return Letter(id="da", template="domestic_abuse_support", to=member_id, delivery=delivery)  # type: ignore[arg-type]


@pytest.mark.parametrize("tag", ALL_TAGS)
def test_abuse_letter_says_nothing_in_english_about_what_it_is(tag: str) -> None:
    """needs the catalogs: a neutral heading, no English copy by default, and
    no English words saying what the letter is about on the pages handed over
    (cli.md: nothing on the page says "domestic abuse" in English). A catalog
    that keeps the helpline's English name "(National Domestic Abuse
    Helpline)" beside its translation fails here: that is for the translators."""
    case = _safe(load_case(AKHTAR), "samina")
    page = _html(case, _abuse_letter(case, "samina"), [tag])
    letter_pages = page.split('class="letter practitioner"')[0]
    assert "Help with" not in letter_pages
    english = [m for m in ("Domestic Abuse", "domestic abuse", "Abuse") if m in letter_pages]
    assert not english, f"{tag}: the catalog's translation carries English words {english} (catalog to fix)"
    assert 'lang="en"' not in letter_pages  # no English copy
    title = page.split("<title>")[1].split("</title>")[0]
    assert "abuse" not in title.lower()


def test_abuse_letter_english_copy_only_when_asked() -> None:
    case = _safe(load_case(AKHTAR), "samina")
    page = _html(case, _abuse_letter(case, "samina"), ["ur"], english_copy=True)
    assert "English copy for the agency" in page and "Domestic Abuse Helpline" in page
    assert "<h1>Information for you</h1>" in page


def test_abuse_letter_ends_with_a_page_for_the_practitioner() -> None:
    case = _safe(load_case(AKHTAR), "samina")
    page = _html(case, _abuse_letter(case, "samina"), ["ur"])
    last = page.rindex("<section")
    assert 'class="letter practitioner" lang="en"' in page[last:]
    assert compose.PRACTITIONER_HEADING in page[last:]
    assert "not part of the letter" in page[last:] and "safe contact" in page[last:]
    text = _text(case, _abuse_letter(case, "samina"), ["ur"])
    assert text.rstrip().splitlines()[-1].startswith("Case reference:")
    assert compose.PRACTITIONER_HEADING.upper() in text


def test_safe_contact_delivery_prints_that_address_never_the_home() -> None:
    case = _safe(load_case(AKHTAR), "samina")
    page = _html(case, _abuse_letter(case, "samina"), ["ur"])
    window = _window(page)
    assert "c/o Example Refuge" in window and "PO Box 12" in window
    assert "Sample Lane" not in page.split('class="letter practitioner"')[0]


@pytest.mark.parametrize("delivery", ["post", "by_hand"])
def test_an_abuse_letter_not_sent_to_a_safe_contact_prints_no_address(delivery: str) -> None:
    case = load_case(AKHTAR)
    page = _html(case, _abuse_letter(case, "samina", delivery), ["ur"])
    window = _window(page)
    assert "Samina Akhtar" in window and "Sample Lane" not in page


def test_an_appointment_letter_prints_the_home_address_in_lines() -> None:
    page = _html(load_case(AKHTAR), "inv-hv-02-samina", ["ur"])
    window = _window(page)
    assert (
        '<bdi dir="ltr"><span class="latn">7 Sample Lane</span></bdi></p>\n'
        '<p class="recipient"><bdi dir="ltr"><span class="latn">Example City EX3 3CC</span></bdi>'
    ) in window
