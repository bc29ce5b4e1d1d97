"""Text from a case file on the terminal and in text (issue 17): control
characters shown escaped (``\\x1b``), direction controls named
(``<U+202E>``), file names quoted when they hold anything unusual, so that a
value can neither drive the terminal, reorder a line, nor forge a line of
its own, in every command that prints case-file text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactplan.casefile.serialize import render_yaml
from contactplan.errors import CaseFileError
from contactplan.findings import Finding
from contactplan.wording import one_line, shown_path, terminal_safe

ROOT = Path(__file__).resolve().parent.parent
#: The checkout's own package, whatever the folder a command runs in.
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
GOOD = ROOT / "examples" / "nowak-family-good.yaml"
HOSTILE = "Magda\x1b[31mRED\x07\u202eNowak"
#: What must never reach a terminal raw: C0/C1 controls but line breaks, and direction controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def hostile_case(folder: Path, name: str = "case.yaml") -> Path:
    text = GOOD.read_text(encoding="utf-8")
    assert "name: Magda Nowak" in text
    text = text.replace("name: Magda Nowak", 'name: "Magda\\e[31mRED\\a\u202eNowak"', 1)
    target = folder / name
    target.write_text(text, encoding="utf-8")
    return target


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contactplan", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env=ENV,
    )


def assert_safe(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text))


def test_languages_escapes_names_and_keeps_columns(tmp_path: Path) -> None:
    done = run("languages", str(hostile_case(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout)
    assert "Magda\\x1b[31mRED\\x07<U+202E>Nowak" in done.stdout
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("member"))
    row = next(line for line in lines if line.startswith("magda"))
    assert row.index("parent") == header.index("role")


def test_plan_escapes_names_on_both_outputs(tmp_path: Path) -> None:
    case = hostile_case(tmp_path)
    done = run(
        "plan", str(case), "--kind", "home_visit", "--start", "2026-12-08T10:00", "--today", "2026-11-22"
    )
    assert done.returncode in (0, 1), done.stderr
    assert_safe(done.stdout)
    assert_safe(done.stderr)


def test_check_escapes_names_and_quotes_a_file_name_with_a_line_break(tmp_path: Path) -> None:
    odd = hostile_case(tmp_path, "bad\nname.yaml")
    done = run("check", odd.name, "--today", "2026-11-22", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert_safe(done.stdout)
    lines = done.stdout.splitlines()
    assert lines and lines[0].startswith("'bad\\nname.yaml': CP")
    # every line is a finding of that file, or the summary: none forged
    assert all(line.startswith("'bad\\nname.yaml': CP") for line in lines[:-1])
    assert "Magda\\x1b[31mRED\\x07<U+202E>Nowak" in done.stdout


def test_an_unreadable_file_with_a_line_break_in_its_name_is_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "x\nCP101 [error] forged.yaml"
    odd.write_text("contactplan: 1\nnot: [valid\n", encoding="utf-8")
    done = run("check", odd.name, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("CP101")] == []
    assert "'x\\nCP101 [error] forged.yaml'" in done.stderr


def test_finding_line_escapes_every_value() -> None:
    from contactplan.cli.check import finding_line

    finding = Finding(
        code="CP101",
        name="sibling-interpreter",
        severity="error",
        message=f"{HOSTILE} interprets\nCP999 [error] forged",
        member="magda",
        contact="hv-01",
    )
    line = finding_line("a\u202eb.yaml", finding)
    assert "\n" not in line
    assert_safe(line)
    assert line.startswith("'a\\u202eb.yaml': CP101 [error] Magda\\x1b[31mRED\\x07<U+202E>Nowak")


def test_case_file_errors_quote_odd_file_names() -> None:
    assert str(CaseFileError("a\nb.yaml", "bad", line=3)) == "'a\\nb.yaml':3: bad"
    assert str(CaseFileError("case.yaml", "bad", line=3)) == "case.yaml:3: bad"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("case.yaml", "case.yaml"),
        ("my case.yaml", "my case.yaml"),
        ("Zieliński.yaml", "Zieliński.yaml"),
        ("a\nb.yaml", "'a\\nb.yaml'"),
        ("a\u202eb.yaml", "'a\\u202eb.yaml'"),
        ("a\x1b.yaml", "'a\\x1b.yaml'"),
    ],
)
def test_shown_path(name: str, shown: str) -> None:
    assert shown_path(name) == shown


def test_terminal_safe_names_direction_controls_and_escapes_controls() -> None:
    assert terminal_safe(HOSTILE) == "Magda\\x1b[31mRED\\x07<U+202E>Nowak"
    assert terminal_safe("a\u2066b\u2069\u200fc") == "a<U+2066>b<U+2069><U+200F>c"
    assert terminal_safe("\u0645\u200c\u0647") == "\u0645\u200c\u0647"  # a joiner is writing


def test_one_line_removes_what_would_reorder_the_rest_of_the_line() -> None:
    assert one_line("Magda\u202eNowak\nCP101") == "MagdaNowak CP101"
    assert one_line("\u2067\u0645\u2069 \u200f") == "\u0645 \u200f"


@given(st.text())
def test_terminal_safe_leaves_nothing_raw(text: str) -> None:
    assert_safe(terminal_safe(text).replace("\n", ""))
    assert "\n" not in terminal_safe(text)


@given(st.text())
def test_one_line_is_one_line_that_reorders_nothing(text: str) -> None:
    out = one_line(text)
    assert not re.search("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]", out)


def test_yaml_to_paste_escapes_what_would_hide_or_reorder() -> None:
    text = render_yaml(
        {"contacts": [{"id": "a", "location": "1 Zielińska \u202eRoad\x1b[31m"}], "letters": []}
    )
    assert_safe(text)
    assert "\\u202E" in text and "\\e" in text
    plain = render_yaml({"contacts": [{"id": "a", "location": "1 Zielińska Road"}], "letters": []})
    assert "Zielińska" in plain


def test_a_text_letter_does_not_let_a_name_reorder_its_line(tmp_path: Path) -> None:
    case = hostile_case(tmp_path)
    done = run("letter", str(case), "inv-hv-02", "--format", "text", "--today", "2026-11-22")
    assert done.returncode == 0, done.stderr
    assert "\u202e" not in done.stdout and "\x1b" not in done.stdout and "\x07" not in done.stdout


def test_json_output_escapes_invisible_characters(tmp_path: Path) -> None:
    import json

    done = run("languages", str(hostile_case(tmp_path)), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout)
    assert "\\u202e" in done.stdout
    assert json.loads(done.stdout)[0]["name"] == "Magda\x1b[31mRED\x07\u202eNowak"


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_text_reads_back_the_same_and_hides_nothing(data: object) -> None:
    import json
    import unicodedata

    from contactplan.cli import json_text

    text = json_text(data)
    assert json.loads(text) == data
    assert not [ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]
