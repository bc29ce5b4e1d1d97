"""Letters: golden files in Polish, Urdu and Arabic, refusals, the commands,
and case-file values that must stay in their place in the HTML."""

from __future__ import annotations

import datetime as dt
import json
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import msgspec
import pytest
from golden_support import Golden
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from contactplan.casefile import load_case, load_case_text
from contactplan.cli import app
from contactplan.letters import LetterError, render_letter
from contactplan.model import Case, Letter, SafeContact
from contactplan.wording import one_line

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden" / "letters"
NOWAK = EXAMPLES / "nowak-family-good.yaml"
AKHTAR = EXAMPLES / "akhtar-haddad-family.yaml"
TODAY = "2026-11-22"
runner = CliRunner()

GOLDEN_CASES = [
    # (golden name, case file, letter id, language): the letter as the library writes it
    ("pl-appointment", NOWAK, "inv-hv-02", "pl"),
    ("pl-missed-appointment", NOWAK, "missed-paed-01", "pl"),
    ("pl-domestic-abuse-support", NOWAK, "da-support", "pl"),
    ("ur-missed-appointment", AKHTAR, "missed-paed-01", "ur"),
    ("ur-domestic-abuse-support", AKHTAR, "da-support", "ur"),
    ("ar-appointment", AKHTAR, "inv-hv-02-karim", "ar"),
    # times on the 24-hour clock with the translated "UK time" (09:30 and 14:30)
    ("bn-missed-appointment", AKHTAR, "missed-paed-01", "bn"),
    ("pa-missed-appointment", AKHTAR, "missed-paed-01", "pa-Guru"),
    ("ta-missed-appointment", AKHTAR, "missed-paed-01", "ta"),
    ("ti-missed-appointment", AKHTAR, "missed-paed-01", "ti"),
    ("so-missed-appointment", AKHTAR, "missed-paed-01", "so"),
]


def _safely_sent(case: Case, letter_id: str) -> Case:
    """The bundled domestic abuse letters go by post (CP601): these send
    them to a safe contact instead, as a practitioner would."""
    letter = case.letter(letter_id)
    if letter.template != "domestic_abuse_support" or letter.delivery != "post":
        return case
    safe = SafeContact(address="c/o Example Refuge, PO Box 12, Example City", phone="07700 900123")
    members = [
        msgspec.structs.replace(m, safe_contact=safe) if m.id == letter.to else m for m in case.members
    ]
    letters = [
        msgspec.structs.replace(item, delivery="safe_contact") if item.id == letter_id else item
        for item in case.letters
    ]
    return msgspec.structs.replace(case, members=members, letters=letters)


def _letter(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["letter", *args, "--today", TODAY])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["html", "txt"])
@pytest.mark.parametrize(("name", "case_file", "letter_id", "tag"), GOLDEN_CASES)
def test_golden_letters(
    name: str, case_file: Path, letter_id: str, tag: str, fmt: str, golden: Golden
) -> None:
    """needs the catalogs. HTML is compared on its <body>: the page's head
    (CSS) is the same for every letter and is tested once, not in every
    golden file."""
    case = _safely_sent(load_case(case_file), letter_id)
    out = render_letter(
        case,
        case.letter(letter_id),
        [tag],
        format="html" if fmt == "html" else "text",
        today=dt.date(2026, 11, 22),
    )
    assert isinstance(out, str)
    if fmt == "html":
        out = out[out.index("<body>") : out.index("</body>") + len("</body>")] + "\n"
    golden.check(GOLDEN / f"{name}.{fmt}", out)


def test_the_command_writes_what_the_library_writes() -> None:
    code, out, err = _letter(str(NOWAK), "inv-hv-02")
    assert code == 0, err
    case = load_case(NOWAK)
    assert out == render_letter(case, case.letter("inv-hv-02"), ["pl"], today=dt.date(2026, 11, 22))


def _plain(text: str | bytes) -> str:
    """Text letter output without the isolates (FSI ... PDI) around each value."""
    assert isinstance(text, str)
    return text.replace("\u2068", "").replace("\u2069", "")


def test_polish_letter_dates_are_polish() -> None:
    code, out, _ = _letter(str(NOWAK), "inv-hv-02", "--format", "text")
    assert code == 0
    out = _plain(out)
    assert "wtorek, 1 grudnia 2026, godz. 10:00" in out
    assert "Data: 22 listopada 2026" in out
    assert "Tuesday, 1 December 2026 at 10:00 UK time" in out  # the English copy


@pytest.mark.parametrize(
    ("tag", "gap"), [("zh-Hans", "。口译员"), ("zh-Hant", "。口譯員"), ("pl", ". Tłumacz")]
)
def test_sentences_joined_as_the_script_writes_them(tag: str, gap: str) -> None:
    case = load_case(NOWAK)
    out = render_letter(
        case, case.letter("inv-hv-02"), [tag], format="text", english_copy=False, today=dt.date(2026, 11, 22)
    )
    assert gap in out


def test_dates_follow_the_case_time_zone() -> None:
    case = load_case(AKHTAR)
    shifted = msgspec.structs.replace(case, case=msgspec.structs.replace(case.case, timezone="Asia/Karachi"))
    text = _plain(
        render_letter(
            shifted, shifted.letter("inv-hv-02-karim"), ["en"], format="text", today=dt.date(2026, 11, 22)
        )
    )
    # 10:00 written without an offset is 10:00 in the case's zone, whatever the zone
    assert "Tuesday, 1 December 2026 at 10:00 (Pakistan Time)" in text
    offset = msgspec.structs.replace(
        shifted,
        contacts=[
            msgspec.structs.replace(c, start=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
            for c in shifted.contacts
        ],
    )
    text = _plain(
        render_letter(
            offset, offset.letter("inv-hv-02-karim"), ["en"], format="text", today=dt.date(2026, 11, 22)
        )
    )
    assert "at 15:00 (Pakistan Time)" in text  # 10:00 UTC is 15:00 in Karachi


@pytest.mark.parametrize(("letter_id", "tag"), [("missed-paed-01", "ur"), ("inv-hv-02-karim", "ar")])
def test_rtl_letter_structure(letter_id: str, tag: str) -> None:
    code, out, _ = _letter(str(AKHTAR), letter_id)
    assert code == 0
    assert f'<html lang="{tag}" dir="rtl">' in out
    assert f'<section class="letter" lang="{tag}" dir="rtl">' in out
    english = out.index('<section class="letter" lang="en" dir="ltr">')
    assert english > out.index(f'lang="{tag}" dir="rtl">')
    assert "English copy for the agency&#x27;s records" in out[english:]
    assert "@page { size: A4" in out
    assert "<bdi>Samina Akhtar</bdi>" in out or "<bdi>Karim Haddad</bdi>" in out


def test_no_english_copy() -> None:
    code, out, _ = _letter(str(AKHTAR), "inv-hv-02-samina", "--no-english-copy")
    assert code == 0
    assert 'lang="en"' not in out and "English copy" not in out
    assert out.count('<section class="letter"') == 1


def test_letter_to_english_reader_has_one_section(tmp_path: Path) -> None:
    code, out, _ = _letter(
        str(AKHTAR),
        "--template",
        "appointment",
        "--to",
        "karim",
        "--contact",
        "hv-02",
        "--language",
        "en",
        "--language",
        "ar",
    )
    # Karim reads Arabic: English plus Arabic is allowed; the sections follow the order asked for
    assert code == 0
    assert out.index('lang="en"') < out.index('lang="ar" dir="rtl"')
    assert "English copy" not in out


def test_output_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "letter.html"
    code, out, err = _letter(str(AKHTAR), "inv-hv-02-samina", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_dash_is_standard_output() -> None:
    code, out, err = _letter(str(AKHTAR), "inv-hv-02-samina", "-o", "-", "--format", "text")
    assert code == 0, err
    assert "Samina Akhtar" in out


def test_cp304_is_labelled_info_not_warning() -> None:
    code, _, err = _letter(str(AKHTAR), "inv-hv-02-samina")
    assert code == 0
    assert "contactplan: info: " in err and "CP304 [info]" in err and "warning" not in err


def test_letters_writes_every_letter(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["letters", str(AKHTAR), "-o", str(out_dir), "--today", TODAY])
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == [
        "da-support.html",
        "inv-hv-02-karim.html",
        "inv-hv-02-samina.html",
        "missed-paed-01.html",
    ]
    assert "CP304" in result.stderr
    assert all(stat.S_IMODE((out_dir / name).stat().st_mode) == 0o600 for name in written)


def _posted_abuse_letter(tmp_path: Path) -> Path:
    """The Akhtar file with its domestic abuse letter sent by post (CP601)."""
    text = AKHTAR.read_text(encoding="utf-8")
    kept = [
        line
        for line in text.splitlines(keepends=True)
        if not line.startswith(("    delivery:", "    explained_at: paed-02"))
    ]
    case_file = tmp_path / "case.yaml"
    case_file.write_text("".join(kept), encoding="utf-8")
    return case_file


def test_letters_writes_every_letter_it_may_and_reports_the_refused(tmp_path: Path) -> None:
    """A domestic abuse letter by post (CP601) is refused and reported; the
    three others are still written; exit 1."""
    out_dir = tmp_path / "out"
    result = runner.invoke(
        app, ["letters", str(_posted_abuse_letter(tmp_path)), "-o", str(out_dir), "--today", TODAY]
    )
    assert result.exit_code == 1, result.stderr
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == ["inv-hv-02-karim.html", "inv-hv-02-samina.html", "missed-paed-01.html"]
    assert "CP601" in result.stderr and "next step" in result.stderr and "safe_contact" in result.stderr
    assert "1 letter refused (da-support), 3 written" in result.stderr


def test_letters_skips_letters_already_sent(tmp_path: Path) -> None:
    text = AKHTAR.read_text(encoding="utf-8").replace(
        "  - id: inv-hv-02-karim\n", "  - id: inv-hv-02-karim\n    sent: 2026-11-20\n", 1
    )
    case_file = tmp_path / "case.yaml"
    case_file.write_text(text, encoding="utf-8")
    out_dir = tmp_path / "out"
    result = runner.invoke(app, ["letters", str(case_file), "-o", str(out_dir), "--today", TODAY])
    assert "inv-hv-02-karim.html" not in {p.name for p in out_dir.iterdir()}
    assert "already sent: inv-hv-02-karim" in result.stderr
    assert (out_dir / "inv-hv-02-samina.html").exists()


def test_letters_in_text_and_pdf(tmp_path: Path) -> None:
    for fmt, suffix in (("text", ".txt"), ("pdf", ".pdf")):
        out_dir = tmp_path / fmt
        result = runner.invoke(
            app, ["letters", str(NOWAK), "-o", str(out_dir), "--today", TODAY, "--format", fmt]
        )
        assert result.exit_code == 0, result.stderr
        names = {p.name for p in out_dir.iterdir()}
        assert f"da-support{suffix}" in names and f"inv-hv-02{suffix}" in names


def test_template_letter_needs_a_contact() -> None:
    code, _, err = _letter(str(AKHTAR), "--template", "appointment", "--to", "samina")
    assert code == 2 and "needs a contact" in err


def test_missed_letter_about_a_planned_contact_is_refused() -> None:
    code, _, err = _letter(
        str(AKHTAR), "--template", "missed_appointment", "--to", "samina", "--contact", "hv-02"
    )
    assert code == 2 and "was not missed" in err


@pytest.mark.parametrize(
    "args",
    [
        ["nope"],
        ["--template", "appointment", "--to", "nobody", "--contact", "hv-02"],
        ["--template", "appointment", "--to", "samina", "--contact", "nothing"],
        ["inv-hv-02-samina", "--language", "klingon-xx"],
    ],
)
def test_bad_requests_exit_2(args: list[str]) -> None:
    code, _, err = _letter(str(AKHTAR), *args)
    assert code == 2, err
    assert "Traceback" not in err


# ---- refusals


READER = """\
contactplan: 1
case:
  reference: CP-TEST-9
members:
  - id: child
    name: Test Child
    role: subject_child
    date_of_birth: 2020-01-01
    languages:
      - {{tag: en, speaks: fluent}}
  - id: mum
    name: Test Parent
    role: parent
    date_of_birth: 1990-01-01
    languages:
      - {{tag: {tag}, speaks: native, reads: {reads}}}
      - {{tag: en, speaks: basic, reads: {english}}}
    safe_contact: {{address: "c/o Example Refuge, PO Box 12, Example City"}}
interpreters:
  - {{id: int-1, name: Ann Interpreter, languages: [{tag}], gender: female, registration: "NRPSI 1"}}
contacts:
  - id: visit
    kind: home_visit
    start: 2026-12-01T10:00
    attendees: [mum, child]
    interpreting:
      - {{for: [mum], language: {tag}, interpreter: int-1, mode: in_person, status: confirmed}}
letters:
  - id: da
    template: domestic_abuse_support
    to: mum
    delivery: safe_contact
"""


def _reader_case(tmp_path: Path, tag: str, reads: str = "fluent", english: str = "none") -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(READER.format(tag=tag, reads=reads, english=english), encoding="utf-8")
    return path


def test_cp301_english_only_to_someone_who_cannot_read_it(tmp_path: Path) -> None:
    code, out, err = _letter(str(_reader_case(tmp_path, "pl")), "da", "--language", "en")
    assert code == 1
    assert "CP301" in err and "next step" in err
    assert out == ""


def test_cp301_near_miss_english_to_a_fluent_reader(tmp_path: Path) -> None:
    code, out, err = _letter(str(_reader_case(tmp_path, "pl", english="fluent")), "da", "--language", "en")
    assert code == 0, err
    assert '<html lang="en"' in out and "CP301" not in err


@pytest.mark.parametrize("tag", ["pa-Arab", "syl"])
def test_cp302_no_translation(tmp_path: Path, tag: str) -> None:
    code, out, err = _letter(str(_reader_case(tmp_path, tag)), "da")
    assert code == 1
    assert "CP302" in err and "professional interpreter in their language" in err
    assert out == ""


def test_cp302_refuses_before_writing_anything(tmp_path: Path) -> None:
    target = tmp_path / "letter.html"
    code, _, _ = _letter(str(_reader_case(tmp_path, "syl")), "da", "-o", str(target))
    assert code == 1 and not target.exists()


def test_letters_writes_nothing_when_the_only_letter_is_refused(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = runner.invoke(
        app, ["letters", str(_reader_case(tmp_path, "syl")), "-o", str(out_dir), "--today", TODAY]
    )
    assert result.exit_code == 1
    assert "CP302" in result.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_cp304_is_info_not_a_refusal(tmp_path: Path) -> None:
    code, out, err = _letter(str(_reader_case(tmp_path, "ar")), "da")
    assert code == 0, err
    assert "CP304" in err and 'lang="ar" dir="rtl"' in out


def test_cp303_someone_who_cannot_read_it_gets_no_letter(tmp_path: Path) -> None:
    """Exit 1 naming CP303, with the way out: a visit or call with an
    interpreter, named in explained_at or with --explained-at."""
    code, out, err = _letter(str(_reader_case(tmp_path, "ur", reads="basic")), "da")
    assert code == 1
    assert "CP303" in err and "explained_at" in err and "--explained-at CONTACT" in err
    assert out == ""


def test_cp303_near_miss_explained_at_a_visit_with_an_interpreter(tmp_path: Path) -> None:
    case_file = _reader_case(tmp_path, "ur", reads="basic")
    code, out, err = _letter(str(case_file), "da", "--explained-at", "visit")
    assert code == 0, err
    assert 'lang="ur"' in out and "CP303" not in err  # their spoken language has a translation


def test_explained_at_an_unknown_contact_is_exit_2(tmp_path: Path) -> None:
    code, _, err = _letter(str(_reader_case(tmp_path, "ur", reads="basic")), "da", "--explained-at", "nope")
    assert code == 2 and "--explained-at" in err and "nope" in err


def test_cp601_abuse_letter_by_post_is_refused(tmp_path: Path) -> None:
    case_file = _reader_case(tmp_path, "pl")
    case_file.write_text(case_file.read_text().replace("    delivery: safe_contact\n", ""), encoding="utf-8")
    code, out, err = _letter(str(case_file), "da")
    assert code == 1 and out == ""
    assert "CP601" in err and "next step" in err


def test_abuse_letter_english_copy_only_with_the_option(tmp_path: Path) -> None:
    case_file = _reader_case(tmp_path, "pl")
    code, out, _ = _letter(str(case_file), "da")
    assert code == 0 and "English copy" not in out
    code, out, _ = _letter(str(case_file), "da", "--english-copy")
    assert code == 0 and "English copy for the agency" in out


def test_library_refuses_a_language_without_translation() -> None:
    case = load_case(AKHTAR)
    with pytest.raises(LetterError):
        render_letter(case, case.letter("da-support"), ["pa-Arab"], today=dt.date(2026, 11, 22))


# ---- translations


def test_translations_json() -> None:
    result = runner.invoke(app, ["translations", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert all(set(r) == {"language", "template", "complete", "reviewed"} for r in rows)
    complete = {r["language"] for r in rows if r["complete"]}
    assert {"en", "pl", "ur", "ar"} <= complete
    assert {"language": "pl", "template": "appointment", "complete": True, "reviewed": False} in rows
    assert {"language": "en", "template": "appointment", "complete": True, "reviewed": True} in rows


def test_translations_text() -> None:
    result = runner.invoke(app, ["translations"])
    assert result.exit_code == 0
    assert "Polish" in result.stdout and "draft" in result.stdout


# ---- case-file values stay in their place


class _Shape(HTMLParser):
    """The element structure of a page and the text inside each <bdi>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.bdi: list[str] = []
        self._in_bdi = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"<{tag} {sorted(attrs)}>")
        self._in_bdi += tag == "bdi"
        if tag == "bdi":
            self.bdi.append("")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"</{tag}>")
        self._in_bdi -= tag == "bdi"

    def handle_data(self, data: str) -> None:
        if self._in_bdi:
            self.bdi[-1] += data


def _shape(page: str) -> _Shape:
    parser = _Shape()
    parser.feed(page)
    parser.close()
    return parser


_BASE = load_case(AKHTAR)
_TRICKY = st.text(
    alphabet=st.sampled_from(list("<>&\"'/=` \n\r\t\x00\x1b\u202e\u2066\u2069\u200f\u061cab<script>]]>--!{}"))
    | st.characters(),
    min_size=1,
    max_size=40,
)


def _with(value: str) -> Case:
    # the address is printed a line per comma or line break: keep it to one line here
    address = "Flat " + " ".join(value.replace(",", " ").splitlines())
    members = [
        msgspec.structs.replace(m, name=value, address=address) if m.id == "samina" else m
        for m in _BASE.members
    ]
    contacts = [msgspec.structs.replace(c, location=value) for c in _BASE.contacts]
    info = msgspec.structs.replace(_BASE.case, reference=value)
    return msgspec.structs.replace(_BASE, members=members, contacts=contacts, case=info)


@given(value=_TRICKY)
def test_no_case_file_value_breaks_out_of_its_place(value: str) -> None:
    letter = Letter(id="x", template="appointment", to="samina", contact="hv-02")
    today = dt.date(2026, 11, 22)
    page = cast(str, render_letter(_with(value), letter, ["ur"], today=today))  # HTML: text
    plain = cast(str, render_letter(_with("VALUE"), letter, ["ur"], today=today))
    shape, expected = _shape(page), _shape(plain)
    assert shape.tags == expected.tags
    cleaned = one_line(value)
    assert shape.bdi.count(cleaned) == expected.bdi.count("VALUE") or cleaned == "VALUE"


def test_hidden_direction_marks_stay_inside_bdi() -> None:
    case = _with("\u202eevil\u202c Name")
    page = render_letter(
        case,
        Letter(id="x", template="domestic_abuse_support", to="samina"),
        ["ur"],
        today=dt.date(2026, 11, 22),
    )
    assert "<bdi>evil Name</bdi>" in page  # the direction controls are removed, the value isolated
    assert "\u202e" not in page


def test_case_text_loaded_from_yaml_is_escaped(tmp_path: Path) -> None:
    text = AKHTAR.read_text(encoding="utf-8").replace(
        "name: Samina Akhtar", 'name: "<script>alert(1)</script>"', 1
    )
    case = load_case_text(text, "case.yaml")
    page = render_letter(case, case.letter("da-support"), ["ur"], today=dt.date(2026, 11, 22))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_every_value_in_a_text_letter_is_isolated_in_every_language() -> None:
    """An Arabic name (or one holding an override) in an English or Polish
    sentence cannot reorder the rest of the line (issue 17)."""
    case = load_case(NOWAK)
    renamed = msgspec.structs.replace(
        case,
        members=[
            msgspec.structs.replace(m, name="\u0645\u0627\u062c\u062f\u0629 \u202eNowak")
            if m.id == "magda"
            else m
            for m in case.members
        ],
    )
    for tag in ("en", "pl"):
        text = render_letter(
            renamed, renamed.letter("inv-hv-02"), [tag], format="text", today=dt.date(2026, 11, 22)
        )
        assert isinstance(text, str)
        assert "\u202e" not in text
        assert "\u2068\u0645\u0627\u062c\u062f\u0629 Nowak\u2069" in text
        # every isolate is closed on its own line
        for line in text.splitlines():
            assert line.count("\u2068") == line.count("\u2069"), line
