"""`contactplan plan` through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from contactplan.casefile import load_case
from contactplan.cli import app

runner = CliRunner()
PLAN = ["--kind", "home_visit", "--start", "2026-12-08T10:00", "--today", "2026-11-22"]


@pytest.fixture
def failures(examples: Path, tmp_path: Path) -> Path:
    target = tmp_path / "my-case.yaml"
    shutil.copy(examples / "nowak-family-failures.yaml", target)
    return target


def test_yaml_to_paste_and_explanations_as_comments(failures: Path) -> None:
    before = failures.read_bytes()
    result = runner.invoke(app, ["plan", str(failures), *PLAN])
    assert result.exit_code == 0, result.output
    pasted = yaml.safe_load(result.stdout)
    assert [c["id"] for c in pasted["contacts"]] == ["hv-2026-12-08"]
    assert pasted["contacts"][0]["interpreting"][0]["interpreter"] == "int-pl-ewa"
    assert [letter["to"] for letter in pasted["letters"]] == ["magda", "marek"]
    assert all(line.startswith("#") for line in result.stderr.splitlines())
    assert "# Why:" in result.stderr and "# To book:" in result.stderr
    assert failures.read_bytes() == before  # nothing written without --write


def test_json(failures: Path) -> None:
    result = runner.invoke(app, ["plan", str(failures), *PLAN, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "contact",
        "letters",
        "explanations",
        "bookings",
        "unresolved",
        "findings",
        "written",
        "calls",
        "warnings",
        "errors_caused",
        "errors_in_case",
    }
    assert data["contact"]["id"] == "hv-2026-12-08"
    assert data["written"] is None
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    assert data["errors_caused"] == []
    # the old plan's errors (a sister interpreting at hv-02) are the case's, not the proposal's
    assert {(f["code"], f["contact"]) for f in data["errors_in_case"]} >= {("CP101", "hv-02")}
    assert {"code", "name", "severity", "message", "member", "contact", "letter", "acknowledged"} == set(
        data["findings"][0]
    )


def test_write_then_check_shows_the_new_contact_without_errors(failures: Path) -> None:
    result = runner.invoke(app, ["plan", str(failures), *PLAN, "--write"])
    assert result.exit_code == 0, result.output
    assert f"to {failures}" in result.stderr
    case = load_case(failures)
    assert case.contacts[-1].id == "hv-2026-12-08"
    assert "# An invented family whose plan repeats" in failures.read_text(encoding="utf-8")
    checked = runner.invoke(app, ["check", str(failures), "--today", "2026-11-22", "--format", "json"])
    findings = json.loads(checked.stdout)
    assert checked.exit_code == 1  # the old plan's errors are still there
    assert not [f for f in findings if f["contact"] == "hv-2026-12-08" and f["severity"] == "error"]
    assert not [f for f in findings if f["code"] in ("CP201", "CP503")]  # fixed by the new visit
    text = runner.invoke(app, ["check", str(failures), "--today", "2026-11-22"])
    assert "hv-2026-12-08" in text.stdout


def test_a_second_write_with_the_same_id_refuses(failures: Path) -> None:
    first = runner.invoke(app, ["plan", str(failures), *PLAN, "--write", "--id", "hv-new"])
    assert first.exit_code == 0, first.output
    written = failures.read_bytes()
    second = runner.invoke(app, ["plan", str(failures), *PLAN, "--write", "--id", "hv-new"])
    assert second.exit_code == 2
    assert "'hv-new'" in second.stderr and "refusing" in second.stderr
    assert "Traceback" not in second.output
    assert failures.read_bytes() == written


def test_a_second_visit_at_the_same_time_is_refused_naming_the_first(failures: Path) -> None:
    runner.invoke(app, ["plan", str(failures), *PLAN, "--write"])
    written = failures.read_bytes()
    result = runner.invoke(app, ["plan", str(failures), *PLAN, "--write"])
    assert result.exit_code == 2, result.output
    assert "hv-2026-12-08" in result.stderr and "clashes" in result.stderr
    assert "leave out --start" in result.stderr
    assert failures.read_bytes() == written
    # without --start: the first suitable time from --today (Sunday 22 Nov): Monday after school
    later = runner.invoke(app, ["plan", str(failures), *PLAN[:2], *PLAN[4:], "--format", "json"])
    assert later.exit_code == 0, later.output
    data = json.loads(later.stdout)
    assert data["contact"]["start"] == "2026-11-23T15:30"
    assert any(
        "the first suitable time" in e and "after school for zosia (7)" in e for e in data["explanations"]
    )


def test_with_practitioner_duration_and_location(failures: Path) -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            str(failures),
            *PLAN,
            "--format",
            "json",
            "--with",
            "magda,kuba",
            "--with",
            "marek",
            "--practitioner",
            "Sam Test <sam@example.org>",
            "--duration",
            "120",
            "--location",
            "Family centre",
        ],
    )
    assert result.exit_code == 0, result.output
    contact = json.loads(result.stdout)["contact"]
    assert contact["attendees"] == ["magda", "marek", "kuba"]
    assert contact["practitioners"] == [{"name": "Sam Test", "email": "sam@example.org"}]
    assert (contact["duration_minutes"], contact["location"]) == (120, "Family centre")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "home_vist", "--start", "2026-12-08T10:00"], "did you mean 'home_visit'"),
        (["--kind", "home_visit", "--start", "8/12/2026"], "--start"),
        (
            [
                "--kind",
                "home_visit",
                "--start",
                "2026-12-08T10:00",
                "--with",
                "kubba",
                "--today",
                "2026-11-22",
            ],
            "did you mean 'kuba'",
        ),
        (
            [
                "--kind",
                "home_visit",
                "--start",
                "2026-12-08T10:00",
                "--id",
                "Bad Id",
                "--today",
                "2026-11-22",
            ],
            "an id uses only",
        ),
        (
            ["--kind", "home_visit", "--start", "2026-12-08T10:00", "--id", "hv-02", "--today", "2026-11-22"],
            "refusing",
        ),
        (["--kind", "home_visit", "--start", "2026-12-08T10:00", "--today", "22/11/2026"], "--today"),
        (
            [
                "--kind",
                "home_visit",
                "--start",
                "2026-12-08T10:00",
                "--practitioner",
                "<x@y>",
                "--today",
                "2026-11-22",
            ],
            "practitioner",
        ),
    ],
)
def test_bad_input_exits_2_with_one_message_and_writes_nothing(
    failures: Path, args: list[str], message: str
) -> None:
    before = failures.read_bytes()
    result = runner.invoke(app, ["plan", str(failures), *args, "--write"])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert failures.read_bytes() == before


def test_a_broken_case_file_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("contactplan: 1\ncase: {reference: X}\nmembers: []\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(broken), *PLAN])
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr


def test_an_unavoidable_error_exits_1(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "contactplan: 1\ncase: {reference: X}\nmembers:\n"
        "  - {id: kid, name: Test Child, role: subject_child, date_of_birth: 2019-01-01,"
        " languages: [{tag: en, speaks: native}]}\n"
        "  - {id: dad, name: Test Dad, role: parent}\n",
        encoding="utf-8",
    )
    before = case.read_bytes()
    result = runner.invoke(app, ["plan", str(case), *PLAN, "--write"])
    assert result.exit_code == 1
    # --write refuses what would bring an error into the case, naming each
    assert "not added to" in result.stderr and "CP401" in result.stderr and "member: dad" in result.stderr
    assert case.read_bytes() == before
    # without --write it is proposed, with the same exit status
    shown = runner.invoke(app, ["plan", str(case), *PLAN, "--format", "json"])
    assert shown.exit_code == 1
    assert [(f["code"], f["member"]) for f in json.loads(shown.stdout)["errors_caused"]] == [("CP401", "dad")]
