"""Letters that fit their reader (issue 23): what matters first, Deaf readers
who sign, large print, the name in the vocative; and (issue 24) one missing
word in a catalog never refuses every letter.

These tests call the library (``contactplan.letters``) and, where the refusal
or the finding matters, the command. Tests that read the shipped catalogs
need them complete (``contactplan translations``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from typer.testing import CliRunner

from contactplan import catalogs
from contactplan import messages as msg
from contactplan.casefile import load_case, load_case_text
from contactplan.checks.letters import letter_findings
from contactplan.cli import app
from contactplan.letters import compose, render_letter
from contactplan.model import Case, Letter

ROOT = Path(__file__).resolve().parent.parent
HOLLIS = ROOT / "examples" / "hollis-family-deaf.yaml"
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
AKHTAR = ROOT / "examples" / "akhtar-haddad-family.yaml"
TODAY = dt.date(2026, 11, 22)
runner = CliRunner()


def _text(case: Case, letter: Letter, tags: list[str], **options: object) -> str:
    out = render_letter(case, letter, tags, format="text", today=TODAY, **options)  # type: ignore[arg-type]
    assert isinstance(out, str)
    return "".join(c for c in out if c not in "\u2066\u2067\u2069")


def _hollis_with_relay() -> Case:
    """The Hollis family with the Deaf relay interpreter Daniel needs booked
    for the home visit (the example leaves it out for CP118 to find)."""
    text = HOLLIS.read_text(encoding="utf-8").replace(
        "interpreter: bsl-bea, mode: in_person, status: confirmed,\n         booking_reference: ESL-5122}",
        "interpreter: bsl-bea, relay_interpreter: relay-dee, mode: in_person,\n"
        "         status: confirmed, booking_reference: ESL-5122}",
        1,
    )
    assert "relay_interpreter: relay-dee, mode: in_person" in text
    return load_case_text(text, "hollis.yaml")


# A Deaf mother from Poland who signs Polish Sign Language (PJM), reads Polish
# and needs a Deaf relay interpreter too.
POLISH_DEAF = """\
contactplan: 1
case:
  reference: CP-2026-0520
  agency: {name: Example City Council Children's Services, phone: "01234 567890",
           email: childrens.services@example.gov.uk}
  lead_practitioner: {name: Sam Carter, role: Social Worker, email: sam.carter@example.gov.uk}
members:
  - id: ewa
    name: Ewa Kowalska
    name_vocative: Ewo
    role: parent
    gender: female
    address: "9 Sample Street, Example City EX6 6FF"
    languages:
      - {tag: pso, speaks: native}
      - {tag: pl, speaks: none, reads: fluent}
    communication_needs: [deaf_relay]
  - id: ola
    name: Ola Kowalska
    role: subject_child
    date_of_birth: 2018-05-01
    languages: [{tag: pl, speaks: native, reads: basic}, {tag: en, speaks: fluent, reads: conversational}]
interpreters:
  - {id: pjm-anna, name: Anna Nowicka, languages: [pso], gender: female, registration: "NRCPD 30001"}
  - {id: relay-jan, name: Jan Wiśniewski, languages: [pso], gender: male, registration: "NRCPD 30002"}
contacts:
  - id: hv-1
    kind: home_visit
    start: 2026-12-02T10:00
    duration_minutes: 60
    location: "9 Sample Street, Example City EX6 6FF"
    practitioners: [{name: Sam Carter, role: Social Worker}]
    attendees: [ewa, ola]
    interpreting:
      - {for: [ewa], language: pso, interpreter: pjm-anna, relay_interpreter: relay-jan, mode: in_person,
         status: confirmed}
    seen_alone: [{child: ola, duration_minutes: 20}]
letters:
  - {id: inv-1, template: appointment, to: ewa, contact: hv-1}
"""


# ---- what matters first


def test_the_date_time_and_place_come_first_in_the_box() -> None:
    case = load_case(AKHTAR)
    (section, *_rest) = compose.sections(case, case.letter("inv-hv-02-samina"), ["en"], today=TODAY)
    order = [p.block for p in section.paragraphs]
    assert order.index("key") < order.index("body") and order.index("title") < order.index("key")
    key = ["".join(x if isinstance(x, str) else x.text for x in p.parts) for p in section.block("key")]
    assert key == [
        "What: Home visit",
        "Date: Tuesday, 1 December 2026",
        "Time: 10:00 UK time",
        "Place: 7 Sample Lane, Example City EX3 3CC",
    ]


def test_a_missed_appointment_letter_puts_the_new_appointment_first() -> None:
    case = load_case(AKHTAR)
    text = _text(case, case.letter("missed-paed-01"), ["en"])
    box = text.index("We have made a new appointment for you:")
    assert box < text.index("Dear Samina Akhtar,") < text.index("was not brought to the appointment")
    assert (
        "Date: Wednesday, 25 November 2026\nTime: 14:30 UK time\nPlace: Example City Child Development Centre"
        in (text[box:])
    )


def test_with_no_new_appointment_the_missed_one_is_first() -> None:
    case = load_case(AKHTAR)
    contacts = [c for c in case.contacts if c.id != "paed-02"]
    case = msgspec.structs.replace(case, contacts=contacts)
    text = _text(case, case.letter("missed-paed-01"), ["en"])
    assert text.index(
        "The appointment that was missed:\nWhat: Health appointment\nDate: Monday, 16 November 2026"
    ) < (text.index("We will contact you soon to make a new appointment."))


# ---- Deaf readers who sign


def test_a_deaf_parents_letter_in_english_signs_and_does_not_call() -> None:
    case = _hollis_with_relay()
    text = _text(case, case.letter("inv-hv-1-daniel"), ["en"])
    assert "We have booked a British Sign Language interpreter for you." in text
    assert "We have also booked a Deaf relay interpreter for you: Dee Morgan." in text
    assert "We can go through this letter with you in British Sign Language, with an interpreter." in text
    assert "email us or send us a text message, or contact us through a video relay service" in text
    assert "speaks" not in text and "read this letter to you" not in text and "please call" not in text


def test_the_relay_interpreter_is_named_only_to_the_parent_who_needs_one() -> None:
    case = _hollis_with_relay()
    grace = _text(case, case.letter("inv-hv-1-grace"), ["en"])
    assert "British Sign Language interpreter" in grace and "relay interpreter" not in grace


def test_a_relay_interpreter_not_yet_confirmed_is_not_named() -> None:
    case = _hollis_with_relay()
    contacts = [
        msgspec.structs.replace(
            c, interpreting=[msgspec.structs.replace(a, status="requested") for a in c.interpreting]
        )
        if c.id == "hv-1"
        else c
        for c in case.contacts
    ]
    case = msgspec.structs.replace(case, contacts=contacts)
    text = _text(case, case.letter("inv-hv-1-daniel"), ["en"])
    assert (
        "We have asked for a British Sign Language interpreter for you." in text and "Dee Morgan" not in text
    )


def test_a_hearing_parents_letter_is_unchanged() -> None:
    case = load_case(AKHTAR)
    text = _text(case, case.letter("inv-hv-02-samina"), ["en"])
    assert "an interpreter who speaks Urdu" in text and "please call or email us" in text
    assert "video relay" not in text


def test_a_deaf_parents_letter_in_polish() -> None:
    case = load_case_text(POLISH_DEAF, "case.yaml")
    text = _text(case, case.letter("inv-1"), ["pl"], english_copy=False)
    assert "Szanowna Pani Ewo," in text  # the vocative recorded in the case file
    assert "Zamówiliśmy tłumaczkę, język: polski język migowy (PJM)." in text
    assert "tłumacza pośredniczącego, który jest osobą Głuchą: Jan Wiśniewski." in text
    assert "Z pomocą tłumacza możemy omówić z Panią ten list, język: polski język migowy (PJM)." in text
    assert "e-mail lub SMS" in text and "zadzwonić" not in text


def test_a_deaf_parents_abuse_support_letter_gives_999_bsl_and_emergency_sms() -> None:
    case = _hollis_with_relay()
    letter = Letter(id="da", template="domestic_abuse_support", to="grace", delivery="by_hand")
    text = _text(case, letter, ["en"])
    assert "through 999 BSL (www.999bsl.co.uk or the 999 BSL app)" in text
    assert "text the word register to 999" in text
    assert "press 55" not in text  # the silent solution is for a voice call
    assert "0808 2000 247" in text


@pytest.mark.parametrize("tag", [catalogs.locale_tag(locale) for locale in catalogs.LOCALES])
def test_every_catalog_has_the_signers_wording(tag: str) -> None:
    """needs the catalogs: a Deaf parent's letter in any language says "signs", not "speaks"."""
    case = load_case_text(POLISH_DEAF, "case.yaml")
    sections = compose.sections(case, case.letter("inv-1"), [tag], english_copy=False, today=TODAY)
    assert sections[0].fallbacks == []


# ---- large print


def _large(case: Case, member_id: str) -> Case:
    members = [
        msgspec.structs.replace(m, communication_needs=[*m.communication_needs, "large_print"])
        if m.id == member_id
        else m
        for m in case.members
    ]
    return msgspec.structs.replace(case, members=members)


def test_large_print_is_written_not_refused() -> None:
    path = ROOT / "examples" / "akhtar-haddad-family.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    preferred_spoken: ur\n", "    preferred_spoken: ur\n    communication_needs: [large_print]\n", 1
    )
    case = load_case_text(text, "case.yaml")
    codes = {f.code for f in letter_findings(case, case.letter("inv-hv-02-samina"), today=TODAY)}
    assert "CP303" not in codes
    page = render_letter(case, case.letter("inv-hv-02-samina"), ["ur"], today=TODAY)
    assert '<section class="letter large-print" lang="ur" dir="rtl">' in page
    assert '<section class="letter" lang="en" dir="ltr">' in page  # the copy for the records: the usual size


def test_large_print_is_16_pt_or_more_in_the_pdf() -> None:
    """Every glyph of the letter the reader gets is drawn at 16 pt or more,
    but the address in the envelope's window (it is for the post) and the
    page's footer."""
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    case = _large(load_case(NOWAK), "magda")
    pdf = render_letter(case, case.letter("inv-hv-02"), ["pl"], format="pdf", english_copy=False, today=TODAY)
    assert isinstance(pdf, bytes)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sizes: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes[text.strip()] = min(sizes.get(text.strip(), 1000.0), size * scale)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    small = {t: s for t, s in sizes.items() if s < 15.9}
    window = {"Magda Nowak", "12 Example Road", "Example City EX2 2BB"}
    assert set(small) <= window | {t for t in small if "CP-2026-0142" in t}, small
    assert len(reader.pages) >= 2  # the same letter, on more pages


def test_large_print_in_every_language_still_renders() -> None:
    case = _large(load_case(NOWAK), "magda")
    for locale in catalogs.LOCALES:
        page = render_letter(case, case.letter("inv-hv-02"), [catalogs.locale_tag(locale)], today=TODAY)
        assert "large-print" in page


# ---- the vocative


def test_the_greeting_uses_the_recorded_vocative_in_polish() -> None:
    case = load_case(NOWAK)
    case = msgspec.structs.replace(
        case,
        members=[
            msgspec.structs.replace(m, name_vocative="Magdo") if m.id == "magda" else m for m in case.members
        ],
    )
    text = _text(case, case.letter("inv-hv-02"), ["pl"])
    assert "Szanowna Pani Magdo," in text
    assert "Dear Magda Nowak," in text  # the English copy: the full name


@pytest.mark.parametrize(("tag", "gender", "greeting"), [
    ("lt", "male", "Gerbiamasis Jonai,"),
    ("uk", "female", "Шановна пані Олено!"),
    ("pl", None, "Dzień dobry Magdo,"),
])  # fmt: skip
def test_the_vocative_follows_the_language_and_gender(tag: str, gender: str | None, greeting: str) -> None:
    vocative = greeting.split()[-1].strip(",!")
    case = load_case(NOWAK)
    case = msgspec.structs.replace(
        case,
        members=[
            msgspec.structs.replace(m, name_vocative=vocative, gender=gender) if m.id == "magda" else m
            for m in case.members
        ],
    )
    assert greeting in _text(case, case.letter("inv-hv-02"), [tag], english_copy=False)


def test_a_language_without_a_vocative_greets_with_the_full_name() -> None:
    case = load_case(NOWAK)
    case = msgspec.structs.replace(
        case,
        members=[
            msgspec.structs.replace(m, name_vocative="Magdo") if m.id == "magda" else m for m in case.members
        ],
    )
    text = _text(case, case.letter("inv-hv-02"), ["ro"], english_copy=False)
    assert "Stimată doamnă Magda Nowak," in text and "Magdo" not in text


# ---- one missing word never refuses every letter (issue 24)


def _without(monkeypatch: pytest.MonkeyPatch, locale: str, message: msg.Message) -> None:
    """The shipped catalog for ``locale`` with ``message`` left out."""
    import gettext

    real = catalogs.translation(locale)
    assert isinstance(real, gettext.GNUTranslations)
    key = message.id if message.context is None else f"{message.context}\x04{message.id}"
    table = dict(real._catalog)  # type: ignore[attr-defined]
    table.pop(key)
    copy = gettext.GNUTranslations.__new__(gettext.GNUTranslations)
    copy.__dict__.update(real.__dict__)
    copy._catalog = table  # type: ignore[attr-defined]
    original = catalogs.translation

    def translation(name: str) -> gettext.NullTranslations:
        return copy if name == locale else original(name)

    monkeypatch.setattr(catalogs, "translation", translation)
    catalogs.status.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_status() -> Iterator[None]:
    """``catalogs.status`` is cached: a test that leaves a message out must
    not leave its answer behind."""
    catalogs.status.cache_clear()
    yield
    catalogs.status.cache_clear()


def test_a_kind_with_no_translated_name_is_called_an_appointment(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "pl", msg.KIND_NAMES["home_visit"])
    case = load_case(NOWAK)
    letter = case.letter("inv-hv-02")
    assert catalogs.status("appointment", "pl").available  # the template is still complete
    (section, _copy) = compose.sections(case, letter, ["pl"], today=TODAY)
    assert section.fallbacks == [msg.KIND_NAMES["home_visit"]]
    assert "Rodzaj spotkania: Wizyta\n" in _text(case, letter, ["pl"])
    (finding,) = [f for f in letter_findings(case, letter, today=TODAY) if "no name" in f.message]
    assert finding.code == "CP304" and finding.severity == "info"
    assert 'has no name for a "Home visit" (the letter says "Appointment" instead)' in finding.message


def test_a_missing_signers_sentence_uses_the_hearing_one(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "pl", msg.CONTACT_US_SIGN)
    case = load_case_text(POLISH_DEAF, "case.yaml")
    letter = case.letter("inv-1")
    (section,) = compose.sections(case, letter, ["pl"], english_copy=False, today=TODAY)
    assert section.fallbacks == [msg.CONTACT_US_SIGN]
    assert compose.fallbacks_in(case, letter, "pl") == (msg.CONTACT_US_SIGN,)
    messages = [f.message for f in letter_findings(case, letter, today=TODAY) if f.code == "CP304"]
    assert any("no wording yet for a Deaf reader who signs" in m for m in messages), messages


def test_what_a_letter_may_say_another_way_matches_what_it_did(monkeypatch: pytest.MonkeyPatch) -> None:
    """fallback_messages (what the check reports) lists exactly the messages
    the letter looks for: leave them all out, and each is said another way."""
    case = load_case_text(POLISH_DEAF, "case.yaml")
    letter = case.letter("inv-1")
    wanted = compose.fallback_messages(case, letter)
    assert set(wanted) == {
        msg.KIND_NAMES["home_visit"], msg.INTERPRETER_BOOKED_SIGN, msg.RELAY_BOOKED,
        msg.INTERPRETER_FREE_SIGN, msg.CONTACT_US_SIGN,
    }  # fmt: skip
    for message in wanted:
        _without(monkeypatch, "pl", message)
    (section,) = compose.sections(case, letter, ["pl"], english_copy=False, today=TODAY)
    assert set(section.fallbacks) == set(wanted)


def test_the_letter_command_writes_it_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _without(monkeypatch, "pl", msg.KIND_NAMES["home_visit"])
    result = runner.invoke(app, ["letter", str(NOWAK), "inv-hv-02", "--today", "2026-11-22"])
    assert result.exit_code == 0, result.stderr
    assert "CP304 [info]" in result.stderr and 'no name for a "Home visit"' in result.stderr
