"""`contactplan languages` and `--version` through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from contactplan import __version__
from contactplan.cli import app

runner = CliRunner()

SIGNERS = """\
contactplan: 1
case: {reference: CP-TEST-2}
members:
  - id: dad
    name: Test Father
    role: parent
    languages:
      - {tag: sgn-GB, speaks: native}
      - {tag: en, speaks: none, reads: fluent}
    interpreter: not_needed
  - id: gran
    name: Test Grandmother
    role: relative
    household: false
    languages:
      - {tag: syl, speaks: native}
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2015-05-05
    languages:
      - {tag: syl, speaks: fluent}
      - {tag: en, speaks: native, reads: fluent}
  - id: baby
    name: Test Baby
    role: sibling
    date_of_birth: 2026-01-01
  - id: uncle
    name: Test Uncle
    role: relative
"""


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"contactplan {__version__}"


def test_version_fast_path_and_module() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "contactplan", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"contactplan {__version__}"


def test_json_facts(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SIGNERS)
    result = runner.invoke(app, ["languages", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    facts = {row["member"]: row for row in json.loads(result.output)}
    assert list(facts["dad"]) == [
        "member",
        "name",
        "role",
        "interpreter_needed",
        "spoken",
        "written",
        "reads_english",
    ]
    # a BSL signer needs an interpreter whatever the setting, reads English
    assert facts["dad"] | {} == {
        "member": "dad",
        "name": "Test Father",
        "role": "parent",
        "interpreter_needed": True,
        "spoken": "bfi",
        "written": "en",
        "reads_english": True,
    }
    # a Sylheti speaker who reads nothing has no written language
    assert (facts["gran"]["interpreter_needed"], facts["gran"]["spoken"], facts["gran"]["written"]) == (
        True,
        "syl",
        None,
    )
    # a child fluent in English needs no interpreter
    assert (facts["kid"]["interpreter_needed"], facts["kid"]["written"], facts["kid"]["reads_english"]) == (
        False,
        "en",
        True,
    )
    # unknown needs are null
    assert (
        facts["uncle"]["interpreter_needed"],
        facts["uncle"]["spoken"],
        facts["uncle"]["written"],
        facts["uncle"]["reads_english"],
    ) == (None, None, None, None)
    # a baby needs no languages and no interpreter (case-file.md: young child)
    assert facts["baby"]["interpreter_needed"] is False
    assert (facts["baby"]["spoken"], facts["baby"]["written"]) == (None, None)


def test_text_table(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SIGNERS)
    result = runner.invoke(app, ["languages", str(path)])
    assert result.exit_code == 0
    assert "British Sign Language [bfi]" in result.output
    assert "Sylheti (সিলেটি) [syl]" in result.output
    assert "reads no language well enough" in result.output
    assert "No languages recorded for uncle" in result.output
    assert "baby" not in result.output.split("No languages recorded for")[-1]


def test_example(examples: Path) -> None:
    result = runner.invoke(
        app, ["languages", str(examples / "nowak-family-failures.yaml"), "--format", "json"]
    )
    assert result.exit_code == 0
    facts = {row["member"]: row for row in json.loads(result.output)}
    assert facts["magda"]["interpreter_needed"] is True
    assert facts["magda"]["written"] == "pl"
    assert facts["zosia"]["interpreter_needed"] is False
