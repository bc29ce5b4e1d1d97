"""`contactplan calendar` through the command line (typer's CliRunner)."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import icalendar
from typer.testing import CliRunner

from contactplan.casefile import load_case
from contactplan.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
GOOD = str(ROOT / "examples" / "nowak-family-good.yaml")
TEST_CASE = str(Path(__file__).parent / "data" / "calendar-case.yaml")


def without_dtstamp(data: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", b"", data)


def test_writes_to_standard_output() -> None:
    result = runner.invoke(app, ["calendar", GOOD])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert calendar["METHOD"] == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 2


def test_writes_a_file_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = runner.invoke(app, ["calendar", GOOD, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    shown = runner.invoke(app, ["calendar", GOOD]).stdout_bytes
    assert without_dtstamp(target.read_bytes()) == without_dtstamp(shown)


def test_a_folder_and_several_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calendar", str(ROOT / "examples"), TEST_CASE])
    assert result.exit_code == 0, result.output
    references = {
        str(e["X-CONTACTPLAN-CASE"]) for e in icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    }
    assert references >= {"CP-2026-0142", "CP-2026-0311", "CP-TEST-CAL"}
    # both Nowak files have case CP-2026-0142 and contact hv-02: one event, and a warning
    assert "same case reference and contact id" in result.stderr
    unfolded = result.stdout.replace("\r\n ", "")
    for name in ("Nowak", "Magda", "Akhtar", "Samina", "Wiśniew"):
        assert name not in unfolded
    # no member of any example, by any of their names
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        for member in load_case(path).members:
            for word in member.name.split():
                assert f" {word} " not in unfolded and f"{word}\\," not in unfolded, (path.name, word)


def test_include_names() -> None:
    result = runner.invoke(app, ["calendar", GOOD, "--include-names"])
    assert result.exit_code == 0
    unfolded = result.stdout.replace("\r\n ", "")
    assert "Magda Nowak" in unfolded and "12 Example Road" in unfolded


def test_contact_option() -> None:
    result = runner.invoke(app, ["calendar", TEST_CASE, "--contact", "visit-gran"])
    assert result.exit_code == 0
    assert len(icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")) == 1


def test_methods() -> None:
    request = runner.invoke(
        app, ["calendar", TEST_CASE, "--method", "request", "--contact", "hv-1", "--today", "2026-01-01"]
    )
    assert request.exit_code == 0
    assert b"METHOD:REQUEST\r\n" in request.stdout_bytes
    assert b"ATTENDEE;" in request.stdout_bytes
    assert "'not an address' is not an e-mail address: not invited" in request.stderr
    cancel = runner.invoke(app, ["calendar", TEST_CASE, "--method", "cancel"])
    assert cancel.exit_code == 0
    (event,) = icalendar.Calendar.from_ical(cancel.stdout_bytes).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"


def test_unknown_contact_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    result = runner.invoke(app, ["calendar", TEST_CASE, "--contact", "nope", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "contactplan: error: --contact: no contact with id 'nope'" in result.stderr
    assert not target.exists()
    assert "Traceback" not in result.output


def test_request_without_lead_email_is_exit_2(tmp_path: Path) -> None:
    text = (
        Path(TEST_CASE)
        .read_text(encoding="utf-8")
        .replace("    email: alex.morgan@example.gov.uk\n\nmembers:", "\nmembers:")
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["calendar", str(case), "--method", "request", "--today", "2026-01-01"])
    assert result.exit_code == 2
    assert "case.lead_practitioner.email" in result.stderr and "ORGANIZER" in result.stderr
    assert result.stdout == ""
    assert runner.invoke(app, ["calendar", str(case)]).exit_code == 0  # publish is fine without


def test_bad_case_file_names_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        Path(GOOD).read_text(encoding="utf-8").replace("duration_minutes: 90", "duration_minutes: long", 1),
        encoding="utf-8",
    )
    target = tmp_path / "out.ics"
    result = runner.invoke(app, ["calendar", GOOD, str(bad), "-o", str(target)])
    assert result.exit_code == 2
    assert re.search(r"bad\.yaml:\d+: contacts\[\d\]\.duration_minutes", result.stderr), result.stderr
    assert not target.exists()
    assert "Traceback" not in result.output


def test_missing_file_and_bad_method() -> None:
    missing = runner.invoke(app, ["calendar", "no-such-file.yaml"])
    assert missing.exit_code == 2
    assert "no-such-file.yaml: no such file" in missing.stderr
    bad_method = runner.invoke(app, ["calendar", GOOD, "--method", "invite"])
    assert bad_method.exit_code == 2


def test_empty_folder_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calendar", str(tmp_path)])
    assert result.exit_code == 2
    assert "no case files" in result.stderr
