"""docs/translating.md: the commands it gives translators work as documented."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from contactplan import catalog_tool

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "translating.md"


def _documented_commands() -> list[list[str]]:
    lines = re.findall(
        r"^    (python -m contactplan\.catalog_tool [^\n]+)$", DOC.read_text(encoding="utf-8"), re.MULTILINE
    )
    return [line.split() for line in lines]


def test_documented_commands_work_on_a_copy(tmp_path: Path) -> None:
    commands = _documented_commands()
    actions = [c[3] for c in commands]
    assert actions == ["extract", "init", "update", "compile", "check"]
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales, ignore=shutil.ignore_patterns("POT_*"))
    new = commands[1][4]
    shutil.rmtree(locales / new, ignore_errors=True)
    for command in commands:
        result = subprocess.run(
            [sys.executable, *command[1:], "-d", str(locales)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 0, (command, result.stderr)
    po = locales / new / "LC_MESSAGES" / "contactplan.po"
    assert po.is_file() and po.with_suffix(".mo").is_file()
    header = catalog_tool.extra_headers(po.read_text(encoding="utf-8"))
    assert header == {"X-Contactplan-Reviewed": "no", "X-Contactplan-Review-Note": catalog_tool.DRAFT_NOTE}
    # update and compile kept the review fields of the shipped catalogs
    assert (
        catalog_tool.extra_headers(
            (locales / "pl" / "LC_MESSAGES" / "contactplan.po").read_text(encoding="utf-8")
        )["X-Contactplan-Reviewed"]
        == "no"
    )


def test_the_review_fields_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for field in (
        "X-Contactplan-Reviewed: no",
        "X-Contactplan-Reviewed: yes",
        "X-Contactplan-Reviewer",
        catalog_tool.DRAFT_NOTE,
    ):
        assert field in text


def test_every_msgctxt_is_documented() -> None:
    from contactplan.messages import (
        INTERPRETER_GENDER_CONTEXTS,
        KEY_DATE,
        KEY_PLACE,
        KEY_TIME,
        LANGUAGE_NAMES,
        RECIPIENT_GENDER_CONTEXTS,
        VOCATIVE_GREETINGS,
    )

    text = DOC.read_text(encoding="utf-8")
    contexts = {*RECIPIENT_GENDER_CONTEXTS.values(), *INTERPRETER_GENDER_CONTEXTS.values()}
    contexts |= {m.context for m in LANGUAGE_NAMES.values() if m.context}
    contexts |= {
        m.context for m in (*VOCATIVE_GREETINGS.values(), KEY_DATE, KEY_TIME, KEY_PLACE) if m.context
    }
    for context in contexts:
        assert f'"{context}"' in text, context
    assert "leave them empty" in text.lower() and "{time} UK time" in text
