"""`contactplan translations`, `translations export` and `translations
import` end to end through the command line (issue 24, items 1 and 2):
export Urdu, correct two translations as a reviewer would, take the file
back with the reviewer's name; `translations --format json` and CP304 then
say those two are reviewed and the others not; a file with a broken
placeholder is refused naming the message. Always on a test's copy of the
catalogs (``CONTACTPLAN_LOCALES``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from translations_support import XLIFF, run, shipped_bytes

from contactplan import catalogs
from contactplan.messages import OPTIONAL, TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
AKHTAR = str(ROOT / "examples" / "akhtar-haddad-family.yaml")
REVIEWED_ON = "2026-12-01"


# ---- the table


def test_translations_json_counts_messages_and_reviews() -> None:
    done = run("translations", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert all(
        set(r) == {"language", "template", "complete", "reviewed", "messages", "reviewed_messages"}
        for r in rows
    )
    english = next(r for r in rows if r["language"] == "en" and r["template"] == "appointment")
    assert english["reviewed"] and english["messages"] == english["reviewed_messages"] == len(
        TEMPLATES["appointment"]
    )
    polish = next(r for r in rows if r["language"] == "pl" and r["template"] == "appointment")
    assert polish["complete"] and not polish["reviewed"] and polish["reviewed_messages"] == 0
    assert polish["messages"] >= len(TEMPLATES["appointment"])


def test_translations_text_shows_the_share_reviewed() -> None:
    done = run("translations")
    assert done.returncode == 0
    line = next(
        line for line in done.stdout.splitlines() if line.startswith("pl ") and "appointment " in line
    )
    assert "complete" in line and "no (draft): 0 of " in line and "(0%)" in line
    assert "0 translated templates fully reviewed" in done.stdout


# ---- the package


def _export(folder: Path, *extra: str) -> Path:
    done = run("translations", "export", "--language", "ur", "-o", str(folder), *extra)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Urdu package, exported once from the shipped catalogs (export
    only reads them): the tests take it back into their own copies."""
    assert catalogs.LOCALES_ENV not in os.environ
    return _export(tmp_path_factory.mktemp("package") / "ur", "--back-translation")


def _units(xlf: Path) -> dict[str, etree._Element]:
    root = etree.parse(str(xlf)).getroot()
    return {unit.get("id"): unit for unit in root.iter(f"{XLIFF}unit")}


def _find(units: dict[str, etree._Element], english: str) -> etree._Element:
    """The unit whose source reads ``english`` (placeholders as their ``disp``)."""
    for unit in units.values():
        source = unit.find(f"{XLIFF}segment/{XLIFF}source")
        assert source is not None
        text = (source.text or "") + "".join((ph.get("disp") or "") + (ph.tail or "") for ph in source)
        if text == english and unit.find(f"{XLIFF}notes/{XLIFF}note[@category='variant']") is None:
            return unit
    raise AssertionError(english)


def test_export_writes_what_an_agency_needs(package: Path) -> None:
    from pypdf import PdfReader

    folder = package
    names = {p.name for p in folder.iterdir()}
    assert {
        "contactplan-ur.xlf",
        "contactplan-ur.po",
        "README.txt",
        "contactplan-ur-back-translation.csv",
    } <= names
    for template in TEMPLATES:
        assert f"{template}.pdf" in names
        assert f"{template}-to-a-woman.pdf" in names  # Urdu addresses a woman differently
    root = etree.parse(str(folder / "contactplan-ur.xlf")).getroot()
    assert root.tag == f"{XLIFF}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "ur")
    assert root.find(f"{XLIFF}file").get("trgDir") == "rtl"
    units = _units(folder / "contactplan-ur.xlf")
    # every message, one unit a plural form
    sources = {(m.context, m.id) for t in TEMPLATES.values() for m in t} | {
        (m.context, m.id) for m in OPTIONAL
    }
    plurals = {m for t in TEMPLATES.values() for m in t if m.plural}
    assert len(units) == len(sources) + len(plurals) * (2 - 1)  # Urdu has two plural forms
    for unit in units.values():
        children = [child.tag for child in unit]
        assert children == [f"{XLIFF}notes", f"{XLIFF}segment"], children  # notes first, as XLIFF 2.0 says
        segment = unit.find(f"{XLIFF}segment")
        assert segment.get("state") in ("initial", "translated")  # nothing is reviewed yet
        assert segment.get("{http://www.w3.org/XML/1998/namespace}space") is None
        notes = {n.get("category"): n.text for n in unit.iter(f"{XLIFF}note")}
        assert notes["description"] and notes["review"]
    when = _find(units, "We came to see you on {date} at {time}, but we could not see anyone.")
    phs = when.findall(f".//{XLIFF}source/{XLIFF}ph")
    assert [(p.get("disp"), p.get("canDelete"), p.get("canCopy")) for p in phs] == [
        ("{date}", "no", "no"),
        ("{time}", "no", "no"),
    ]
    target_phs = when.findall(f".//{XLIFF}target/{XLIFF}ph")
    assert sorted(p.get("id") for p in target_phs) == sorted(p.get("id") for p in phs)
    assert (
        "Used in: missed appointment letter"
        in when.find(f"{XLIFF}notes/{XLIFF}note[@category='location']").text
    )
    # the PDF: the letter in Urdu, then in English
    text = "".join(page.extract_text() for page in PdfReader(folder / "appointment.pdf").pages)
    assert "Invitation to an appointment" in text and "SAMPLE-0001" in text
    assert any("\u0600" <= c <= "\u06ff" for c in text)
    # the back-translation column, empty for the agency to fill in
    rows = list(
        csv.reader(io.StringIO((folder / "contactplan-ur-back-translation.csv").read_text("utf-8-sig")))
    )
    assert rows[0][-1] == "back-translation into English" and all(row[-1] == "" for row in rows[1:])
    assert "reviewed by a qualified translator: 0" in (folder / "README.txt").read_text(encoding="utf-8")


def test_export_refuses_english_and_unknown_languages(locales_copy: Path, tmp_path: Path) -> None:
    for tag, said in (("en", "English is the source"), ("am", "no catalog for Amharic")):
        done = run("translations", "export", "--language", tag, "-o", str(tmp_path / tag))
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / tag).exists()


# ---- the reviewed file back


def _revise(xlf: Path, out: Path, change: Callable[[dict[str, etree._Element]], None]) -> Path:
    tree = etree.parse(str(xlf))
    units = {unit.get("id"): unit for unit in tree.getroot().iter(f"{XLIFF}unit")}
    change(units)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def _correct(unit: etree._Element, words: str) -> None:
    """What a reviewer does in a translation tool: correct the text of the
    target, keep the placeholder tags."""
    target = unit.find(f"{XLIFF}segment/{XLIFF}target")
    assert target is not None
    target.text = words + (target.text or "")


def _urdu(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(r["template"]): r for r in rows if r["language"] == "ur"}


def test_export_correct_two_import_those_two_reviewed(
    locales_copy: Path, tmp_path: Path, package: Path
) -> None:
    before_shipped = shipped_bytes()
    folder = package
    table_before = _urdu(json.loads(run("translations", "--format", "json").stdout))

    def two(units: dict[str, etree._Element]) -> None:
        _correct(_find(units, "Dear {name},"), "جناب/محترمہ ")
        _correct(_find(units, "Yours sincerely,"), "نیک تمناؤں کے ساتھ، ")

    returned = _revise(folder / "contactplan-ur.xlf", tmp_path / "returned.xlf", two)
    done = run(
        "translations",
        "import",
        str(returned),
        "--reviewer",
        "Amina Rahman, NRPSI 12345",
        "--date",
        REVIEWED_ON,
    )
    assert done.returncode == 0, done.stderr
    assert "2 translations changed, 2 messages marked reviewed by Amina Rahman (NRPSI 12345)" in done.stdout
    assert 'reviewed: message "Dear {name},"' in done.stdout

    # the record names the reviewer, the qualification and the date
    record = json.loads((locales_copy / "ur" / "LC_MESSAGES" / catalogs.REVIEWS_FILE).read_text("utf-8"))
    assert {(r["msgid"], r["reviewer"], r["qualification"], r["date"]) for r in record["reviews"]} == {
        ("Dear {name},", "Amina Rahman", "NRPSI 12345", REVIEWED_ON),
        ("Yours sincerely,", "Amina Rahman", "NRPSI 12345", REVIEWED_ON),
    }
    # translations --format json: those two reviewed, the others not
    after = _urdu(json.loads(run("translations", "--format", "json").stdout))
    for template, row in after.items():
        assert row["reviewed_messages"] == 2 and row["reviewed"] is False
        assert row["messages"] == table_before[template]["messages"]
    # CP304 says so, naming what is not reviewed
    check = run("check", AKHTAR, "--today", "2026-11-22", "--select", "CP304", "--format", "json")
    urdu = [f for f in json.loads(check.stdout) if f["letter"] == "inv-hv-02-samina"]
    assert len(urdu) == 1 and urdu[0]["severity"] == "info"
    used = after["appointment"]["messages"]
    assert f"{int(str(used)) - 2} of the {used} messages it uses are not" in urdu[0]["message"]
    assert "Dear {name}," not in urdu[0]["message"]
    # the letter uses the corrected text
    letter = run("letter", AKHTAR, "inv-hv-02-samina", "--format", "text", "--today", "2026-11-22")
    assert letter.returncode == 0 and "نیک تمناؤں کے ساتھ" in letter.stdout
    # and nothing shipped was touched
    assert shipped_bytes() == before_shipped


def test_a_segment_marked_reviewed_counts_and_an_untouched_draft_does_not(
    locales_copy: Path, tmp_path: Path, package: Path
) -> None:
    folder = package

    def confirm(units: dict[str, etree._Element]) -> None:
        segment = _find(units, "Place: {place}").find(f"{XLIFF}segment")
        assert segment is not None
        segment.set("state", "final")

    returned = _revise(folder / "contactplan-ur.xlf", tmp_path / "returned.xlf", confirm)
    done = run("translations", "import", str(returned), "--reviewer", "Li Wei, CIOL", "--date", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert "0 translations changed, 1 message marked reviewed" in done.stdout
    # the same file again: nothing new, the review stays as it was
    again = run("translations", "import", str(returned), "--reviewer", "Someone Else, ITI")
    assert again.returncode == 0 and "0 translations changed, 0 messages marked reviewed" in again.stdout
    record = json.loads((locales_copy / "ur" / "LC_MESSAGES" / catalogs.REVIEWS_FILE).read_text("utf-8"))
    assert [(r["msgid"], r["reviewer"], r["date"]) for r in record["reviews"]] == [
        ("Place: {place}", "Li Wei", "2026-12-01")
    ]
    # a later export says who reviewed it
    units = _units(_export(tmp_path / "again") / "contactplan-ur.xlf")
    where = _find(units, "Place: {place}")
    assert where.find(f"{XLIFF}segment").get("state") == "reviewed"
    assert (
        "Reviewed by Li Wei (CIOL) on 2026-12-01"
        in where.find(f"{XLIFF}notes/{XLIFF}note[@category='review']").text
    )


def test_the_po_file_comes_back_too(locales_copy: Path, tmp_path: Path, package: Path) -> None:
    folder = package
    text = (folder / "contactplan-ur.po").read_text(encoding="utf-8")
    assert text.count("#, fuzzy") > 50 and "python-brace-format" in text
    # one corrected, one confirmed by clearing its fuzzy mark
    text = text.replace('msgstr "تاریخ: {date}"', 'msgstr "تاریخِ خط: {date}"', 1)
    text = text.replace('#, fuzzy\nmsgid "Appointment at our office"', 'msgid "Appointment at our office"', 1)
    returned = tmp_path / "returned.po"
    returned.write_text(text, encoding="utf-8")
    done = run(
        "translations", "import", str(returned), "--reviewer", "Ewa Example, Example Language Services"
    )
    assert done.returncode == 0, done.stderr
    assert "1 translation changed, 2 messages marked reviewed" in done.stdout


def _refused(returned: Path, locales: Path) -> str:
    before = {p.name: p.read_bytes() for p in (locales / "ur" / "LC_MESSAGES").iterdir()}
    done = run("translations", "import", str(returned), "--reviewer", "Amina Rahman, NRPSI 12345")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "nothing was changed" in done.stderr
    assert {p.name: p.read_bytes() for p in (locales / "ur" / "LC_MESSAGES").iterdir()} == before
    return done.stderr


def test_a_broken_placeholder_is_refused_naming_each_message(
    locales_copy: Path, tmp_path: Path, package: Path
) -> None:
    folder = package

    def broken(units: dict[str, etree._Element]) -> None:
        target = _find(units, "Dear {name},").find(f"{XLIFF}segment/{XLIFF}target")
        assert target is not None
        for ph in list(target):  # the placeholder deleted
            target.remove(ph)
        target.text = "محترم،"
        when = _find(units, "We came to see you on {date} at {time}, but we could not see anyone.").find(
            f"{XLIFF}segment/{XLIFF}target"
        )
        assert when is not None
        when[0].tail = " {تاریخ} " + (when[0].tail or "")  # a placeholder typed, and translated
        _correct(_find(units, "Yours sincerely,"), "نیک تمناؤں کے ساتھ، ")  # a good change beside them

    err = _refused(_revise(folder / "contactplan-ur.xlf", tmp_path / "returned.xlf", broken), locales_copy)
    assert 'message "Dear {name},": placeholders do not match the English (missing {name})' in err
    assert 'message "We came to see you on {date} at {time}, but we could not see anyone.": a brace' in err
    assert "Yours sincerely" not in err


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            "source",
            'message "Place: {place}" (appointment at a glance): the English in the file is not contactplan\'s',
        ),
        ("unit", "not a message of this catalog"),
        (
            "duplicate",
            'message "Place: {place}" (appointment at a glance): placeholders do not match the English',
        ),
    ],
)
def test_a_file_that_does_not_match_is_refused(
    locales_copy: Path, tmp_path: Path, package: Path, change: str, said: str
) -> None:
    folder = package

    def edit(units: dict[str, etree._Element]) -> None:
        unit = _find(units, "Place: {place}")
        segment = unit.find(f"{XLIFF}segment")
        assert segment is not None
        if change == "source":
            source = segment.find(f"{XLIFF}source")
            assert source is not None
            source.text = "Venue: "
        elif change == "unit":
            unit.set("id", "m000000000000")
        else:
            target = segment.find(f"{XLIFF}target")
            assert target is not None
            target.append(etree.fromstring(etree.tostring(target[0])))

    err = _refused(_revise(folder / "contactplan-ur.xlf", tmp_path / "returned.xlf", edit), locales_copy)
    assert said in err


@pytest.mark.parametrize(
    ("content", "suffix", "said"),
    [
        (b"<xliff version='2.0'", ".xlf", "not an XLIFF 2.0 file"),
        (
            b"<?xml version='1.0'?><xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'/>",
            ".xlf",
            "XLIFF",
        ),
        (b"garbage line\n", ".po", "not a gettext catalog"),
        (b'msgid "x"\nmsgstr "y"\n', ".po", "does not say its language"),
        (b'msgid ""\nmsgstr ""\n"Language: am\\n"\n', ".po", "no catalog for Amharic"),
    ],
)
def test_a_file_that_is_no_translation_is_one_message(
    locales_copy: Path, tmp_path: Path, content: bytes, suffix: str, said: str
) -> None:
    path = tmp_path / f"returned{suffix}"
    path.write_bytes(content)
    err = _refused(path, locales_copy)
    assert said in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--reviewer", "Amina Rahman"], "give the reviewer's name and qualification"),
        (["--reviewer", "Amina Rahman, NRPSI 12345", "--date", "2999-01-01"], "is in the future"),
        (["--reviewer", "Amina Rahman, NRPSI 12345", "--date", "01/12/2026"], "YYYY-MM-DD"),
    ],
)
def test_import_needs_a_named_qualified_reviewer_and_a_real_date(
    locales_copy: Path, package: Path, args: list[str], said: str
) -> None:
    folder = package
    done = run("translations", "import", str(folder / "contactplan-ur.xlf"), *args)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr


def test_import_writes_to_the_checkout_s_locales_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No file is written here: only where it would go."""
    from contactplan.translation_exchange import default_locales_folder

    monkeypatch.delenv(catalogs.LOCALES_ENV, raising=False)
    assert default_locales_folder() == ROOT / "locales"
    monkeypatch.setenv(catalogs.LOCALES_ENV, str(tmp_path))
    assert default_locales_folder() == tmp_path


def test_a_review_is_dated_today_unless_told(locales_copy: Path, package: Path) -> None:
    """Through the library, on a frozen clock: the date is the review's day."""
    from contactplan import clock
    from contactplan.translation_exchange import import_file

    returned = _revise(
        package / "contactplan-ur.xlf",
        locales_copy.parent / "returned.xlf",
        lambda units: _correct(_find(units, "Place: {place}"), "مقام: "),
    )
    with clock.frozen(dt.date(2026, 12, 9)):
        result = import_file(returned, "Amina Rahman, NRPSI 12345", locales=locales_copy)
    assert result.reviewed == ['message "Place: {place}" (appointment at a glance)']
    record = json.loads((locales_copy / "ur" / "LC_MESSAGES" / catalogs.REVIEWS_FILE).read_text("utf-8"))
    assert [r["date"] for r in record["reviews"]] == ["2026-12-09"]
    assert catalogs.status("appointment", "ur").reviewed_messages == 1


def test_an_old_translation_of_changed_english_is_reviewed_only_when_confirmed(
    locales_copy: Path, tmp_path: Path
) -> None:
    """A message whose English changed since it was translated (fuzzy in the
    catalog) goes out as `initial`; sent back untouched it stays fuzzy and
    unreviewed, confirmed it becomes the translation and is reviewed."""
    po = locales_copy / "ur" / "LC_MESSAGES" / "contactplan.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace('msgid "Place: {place}"', '#, fuzzy\nmsgid "Place: {place}"', 1), encoding="utf-8"
    )
    assert run_tool("compile", "ur", locales_copy) == 0
    folder = _export(tmp_path / "package")
    # the template is not complete: its letters are shown in English only, and the README says so
    names = {p.name for p in folder.iterdir()}
    assert {"appointment-english-only.pdf", "missed_appointment-english-only.pdf"} <= names
    assert "domestic_abuse_support.pdf" in names and "appointment.pdf" not in names
    assert "shown in English only): appointment, missed_appointment" in (folder / "README.txt").read_text(
        "utf-8"
    )
    where = _find(_units(folder / "contactplan-ur.xlf"), "Place: {place}")
    assert where.find(f"{XLIFF}segment").get("state") == "initial"
    untouched = run(
        "translations", "import", str(folder / "contactplan-ur.xlf"), "--reviewer", "Li Wei, CIOL"
    )
    assert (
        untouched.returncode == 0 and "0 translations changed, 0 messages marked reviewed" in untouched.stdout
    )
    assert '#, fuzzy\nmsgid "Place: {place}"' in po.read_text(encoding="utf-8")

    def confirm(units: dict[str, etree._Element]) -> None:
        _find(units, "Place: {place}").find(f"{XLIFF}segment").set("state", "final")

    returned = _revise(folder / "contactplan-ur.xlf", tmp_path / "returned.xlf", confirm)
    done = run("translations", "import", str(returned), "--reviewer", "Li Wei, CIOL")
    assert done.returncode == 0 and "1 translation changed, 1 message marked reviewed" in done.stdout
    assert '#, fuzzy\nmsgid "Place: {place}"' not in po.read_text(encoding="utf-8")
    rows = json.loads(run("translations", "--format", "json").stdout)
    assert (
        next(r for r in rows if r["language"] == "ur" and r["template"] == "appointment")["reviewed_messages"]
        == 1
    )


def run_tool(action: str, locale: str, root: Path) -> int:
    from contactplan import catalog_tool

    return catalog_tool.main([action, locale, "-d", str(root)])


def test_annotations_a_tool_adds_are_read_as_text(locales_copy: Path, tmp_path: Path, package: Path) -> None:
    """A translation tool may wrap words in an annotation (<mrk>) or write a
    character as <cp>: the words are kept, the markup is not."""

    def annotate(units: dict[str, etree._Element]) -> None:
        target = _find(units, "Yours sincerely,").find(f"{XLIFF}segment/{XLIFF}target")
        assert target is not None
        mark = etree.SubElement(target, f"{XLIFF}mrk", id="c1", type="comment", value="checked")
        mark.text, target.text = target.text, ""
        etree.SubElement(target, f"{XLIFF}cp", hex="0021")

    returned = _revise(package / "contactplan-ur.xlf", tmp_path / "returned.xlf", annotate)
    done = run("translations", "import", str(returned), "--reviewer", "Amina Rahman, NRPSI 12345")
    assert done.returncode == 0, done.stderr
    assert 'reviewed: message "Yours sincerely,"' in done.stdout
    po = (locales_copy / "ur" / "LC_MESSAGES" / "contactplan.po").read_text(encoding="utf-8")
    assert 'msgid "Yours sincerely,"\nmsgstr "والسلام،!"' in po


def test_a_message_split_into_segments_is_refused(locales_copy: Path, tmp_path: Path, package: Path) -> None:
    assert etree.parse(str(package / "contactplan-ur.xlf")).getroot()[0].get("canResegment") == "no"

    def split(units: dict[str, etree._Element]) -> None:
        unit = _find(units, "Dear {name},")
        unit.append(etree.fromstring(etree.tostring(unit.find(f"{XLIFF}segment"))))

    err = _refused(_revise(package / "contactplan-ur.xlf", tmp_path / "returned.xlf", split), locales_copy)
    assert 'message "Dear {name},": split into several segments' in err
    assert err.count("split into several segments") == 1
