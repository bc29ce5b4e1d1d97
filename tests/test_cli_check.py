"""`contactplan check`, `rules` and `explain` through the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checks_support import BASE
from typer.testing import CliRunner

from contactplan.checks import REGISTRY
from contactplan.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FAILURES = str(EXAMPLES / "nowak-family-failures.yaml")
GOOD = str(EXAMPLES / "nowak-family-good.yaml")
LINE = re.compile(r"^(?P<file>.+): (?P<code>CP\d{3}) \[(?P<severity>error|warning|info)\] (?P<message>.+)$")
KEYS = ["file", "case", "code", "name", "severity", "message", "member", "contact", "letter", "acknowledged"]

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_text_one_line_a_finding_then_a_summary() -> None:
    code, out, err = run("check", FAILURES, "--today", "2026-11-22")
    assert code == 1 and err == ""
    *lines, summary = out.splitlines()
    assert len(lines) == 14
    assert all(LINE.match(line) for line in lines)
    assert lines[0] == (
        f"{FAILURES}: CP101 [error] Zosia Nowak (sibling, aged 7) interprets for Magda Nowak at the home "
        "visit on 10 Nov 2026: book a professional interpreter (member: zosia, contact: hv-01)"
    )
    assert summary == "14 findings (9 errors, 5 warnings) in 1 of 1 file checked."
    assert "\x1b[" not in out  # no colour off a terminal


def test_json_exactly_per_spec() -> None:
    code, out, _ = run("check", FAILURES, "--today", "2026-11-22", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert len(data) == 14 and all(list(item) == KEYS for item in data)
    assert data[-3] == {
        "file": FAILURES,
        "case": "CP-2026-0142",
        "code": "CP502",
        "name": "missed-after-unreadable-invitation",
        "severity": "error",
        "message": data[-3]["message"],
        "member": None,
        "contact": "paed-02",
        "letter": "inv-paed-02",
        "acknowledged": None,
    }


def test_good_plan_exit_0_and_empty_json_array_when_nothing_to_report() -> None:
    code, out, _ = run("check", GOOD, "--today", "2026-11-22")
    assert code == 0 and "[error]" not in out and "[warning]" not in out
    code, out, _ = run("check", GOOD, "--today", "2026-11-22", "--format", "json", "--ignore", "CP3")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run("check", GOOD, "--today", "2026-11-22", "--ignore", "CP3")
    assert out == "1 file checked: no findings.\n"


def test_select_and_ignore() -> None:
    code, out, _ = run(
        "check", FAILURES, "--today", "2026-11-22", "--select", "CP5,CP404", "--ignore", "cp502,CP505"
    )
    assert code == 0
    assert [LINE.match(line)["code"] for line in out.splitlines()[:-1]] == ["CP404", "CP501", "CP503"]  # type: ignore[index]


def test_bad_select_or_policy_exit_2() -> None:
    code, _, err = run("check", GOOD, "--select", "XX1")
    assert code == 2 and "--select: 'XX1'" in err
    code, _, err = run("check", GOOD, "--policy", "seen_alone_gap=3")
    assert code == 2 and "seen_alone_max_gap_days" in err
    code, _, err = run("check", GOOD, "--policy", "seen_alone_max_gap_days=-3")
    assert code == 2 and "whole number" in err
    code, _, err = run("check", GOOD, "--today", "22/11/2026")
    assert code == 2 and "--today" in err


def test_policy_overrides_the_case_file(tmp_path: Path) -> None:
    data = json.loads(json.dumps(BASE))
    data["policy"] = {"interpreted_contact_min_minutes": 120}
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    code, out, _ = run("check", str(case), "--today", "2026-11-22")
    assert out.count("CP115") == 2 and code == 0
    code, out, _ = run(
        "check", str(case), "--today", "2026-11-22", "--policy", "interpreted_contact_min_minutes=90"
    )
    assert "CP115" not in out


def test_folder_with_a_broken_file_reports_it_and_checks_the_others(tmp_path: Path) -> None:
    (tmp_path / "a-good.json").write_text(json.dumps(BASE))
    broken = dict(BASE, members=[dict(BASE["members"][0], langauges=[])])
    (tmp_path / "b-broken.json").write_text(json.dumps(broken, indent=1))
    (tmp_path / "c-failures.yaml").write_text(Path(FAILURES).read_text())
    (tmp_path / "notes.txt").write_text("not a case file")
    code, out, err = run("check", str(tmp_path), "--today", "2026-11-22")
    assert code == 2
    assert re.search(r"b-broken\.json:\d+: members\[0\]\.langauges", err)
    assert "c-failures.yaml: CP101 [error]" in out
    assert out.splitlines()[-1] == (
        "14 findings (9 errors, 5 warnings) in 1 of 2 files checked; 1 file could not be read."
    )
    code, out, err = run("check", str(tmp_path), "--today", "2026-11-22", "--format", "json")
    assert code == 2 and len(json.loads(out)) == 14 and "b-broken.json" in err


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "no case files" in err


def test_names_from_the_file_cannot_break_a_line(tmp_path: Path) -> None:
    data = json.loads(json.dumps(BASE))
    data["members"][0]["name"] = "Ana\nexamples/x.yaml: CP000 [info] forged\r"
    data["contacts"][1]["interpreting"] = []
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    _, out, _ = run("check", str(case), "--today", "2026-11-22")
    assert len(out.splitlines()) == 2 and "CP000 [info] forged" in out.splitlines()[0]


def test_rules_and_explain() -> None:
    code, out, _ = run("rules")
    assert code == 0
    for check in REGISTRY.values():
        assert re.search(rf"^{check.code}\s+{check.name}\s+{check.severity}\s+", out, re.MULTILINE)
    code, out, _ = run("rules", "--format", "json")
    assert [r["code"] for r in json.loads(out)] == sorted(REGISTRY)
    code, out, _ = run("explain", "CP101")
    assert code == 0 and out.startswith("CP101 sibling-interpreter (error)\n")
    assert "What it finds:" in out and "Why it matters:" in out and "How to fix the plan:" in out
    code, out, _ = run("explain", "child-never-seen-alone")
    assert out.startswith("CP201 ")
    code, _, err = run("explain", "CP999")
    assert code == 2 and "no check 'CP999'" in err


@pytest.mark.parametrize(
    "args", [["check", FAILURES, "--today", "2026-11-22"], ["rules"], ["explain", "CP301"]]
)
def test_check_does_not_load_babel_or_icalendar(args: list[str]) -> None:
    script = (
        "import sys\n"
        "from contactplan.cli import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='contactplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('babel', 'icalendar'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "HEAVY []" in result.stdout


def test_colour_only_when_asked_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from contactplan import cli
    from contactplan.cli.check import finding_line
    from contactplan.findings import Finding

    finding = Finding("CP101", "sibling-interpreter", "error", "Zosia interprets", "zosia", "hv-01", None)
    plain = finding_line("case.yaml", finding, False)
    assert plain == "case.yaml: CP101 [error] Zosia interprets (member: zosia, contact: hv-01)"
    coloured = finding_line("case.yaml", finding, True)
    assert "\x1b[" in coloured and re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.use_colour() is False
