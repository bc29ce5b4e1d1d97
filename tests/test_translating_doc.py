"""docs/translating.md: the commands it gives translators work as documented."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from contactplan import catalog_tool, catalogs

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
    # a new catalog claims no review, and has no record of reviews
    assert catalog_tool.extra_headers(po.read_text(encoding="utf-8")) == {}
    assert not po.with_name(catalogs.REVIEWS_FILE).exists()


def test_how_reviews_work_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for said in (
        catalogs.REVIEWS_FILE,
        "contactplan translations export --language ur -o",
        "contactplan translations import",
        '--reviewer "Amina Rahman, NRPSI 12345"',
        "translations: reviewed_only",
        "translations: drafts_allowed",
        '"reviewed_messages"',
        "CONTACTPLAN_LOCALES",
        "X-Contactplan-Reviewed",
        "XLIFF 2.0",
        "NRPSI",
        "CIOL",
        "ITI",
    ):
        assert said in text, said
    # the example record is one the tool could have written
    line = next(line.strip() for line in text.splitlines() if line.strip().startswith('{"msgctxt"'))
    record = json.loads(line)
    assert set(record) == {"msgctxt", "msgid", "reviewer", "qualification", "date", "source", "translation"}
    assert record["source"] == catalogs.source_digest(record["msgid"], None, record["msgctxt"])


def _adding_steps() -> list[list[str]]:
    """The commands of the section "Adding a language", in order."""
    section = DOC.read_text(encoding="utf-8").split("## Adding a language", 1)[1].split("\n## ", 1)[0]
    return [
        line.split()
        for line in re.findall(r"^ {7}(python -m contactplan\.catalog_tool [^\n]+)$", section, re.M)
    ]


def test_adding_a_language_as_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of "Adding a language" on a copy of the catalogs: the
    name added to LOCALES (step 1, here in this process only), the catalog
    made, every message "translated" (a stand-in for a translator's text,
    placeholders kept), compiled and checked; the new language is then
    complete, a draft, and writes a letter."""
    steps = _adding_steps()
    assert [step[3] for step in steps] == ["init", "compile", "check"]
    new = steps[0][4]
    assert all(step[4] == new for step in steps) and new not in catalogs.LOCALES
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    monkeypatch.setattr(catalogs, "LOCALES", (*catalogs.LOCALES, new))
    monkeypatch.setattr(catalog_tool, "LOCALES", catalogs.LOCALES)
    monkeypatch.setenv(catalogs.LOCALES_ENV, str(locales))
    catalogs.clear_caches()
    try:
        assert catalog_tool.main([steps[0][3], new, "-d", str(locales)]) == 0
        po = locales / new / "LC_MESSAGES" / "contactplan.po"
        _translate_everything(po)
        for step in steps[1:]:
            assert catalog_tool.main([step[3], new, "-d", str(locales)]) == 0, step
        catalogs.clear_caches()
        status = catalogs.status("appointment", new)
        assert status.available and status.locale == new
        assert (status.reviewed, status.reviewed_messages) == (False, 0)
        from contactplan.api import load_case
        from contactplan.checks.letters import letter_findings
        from contactplan.letters import render_letter

        case = load_case(ROOT / "examples" / "nowak-family-good.yaml")
        day = dt.date(2026, 11, 22)
        page = render_letter(case, case.letter("inv-hv-02"), [new], today=day)
        assert f'lang="{new}"' in str(page) and "[el] Yours sincerely," in str(page)
        found = letter_findings(case, case.letter("inv-hv-02"), languages=[new], today=day)
        assert "CP304" in {f.code for f in found}  # a draft
    finally:
        monkeypatch.undo()
        catalogs.clear_caches()


def _translate_everything(po: Path) -> None:
    """A stand-in for the translator: every message given a text that keeps
    its placeholders, every plural form; gendered variants left empty."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id or message.context in (
            "to a woman",
            "to a man",
            "female interpreter",
            "male interpreter",
        ):
            continue
        if isinstance(message.id, str):
            message.string = f"[el] {message.id}"
        else:
            message.string = tuple(f"[el] {message.id[min(i, 1)]}" for i in range(catalog.num_plurals))
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100)


def test_every_catalog_s_script_has_a_font_stack() -> None:
    """Step 6: a catalog in a script the letters have no font for would be
    printed in whatever the system falls back to (or in boxes)."""
    from contactplan import languages
    from contactplan.letters.html import FONTS

    latin_like = {"Latn", "Cyrl", "Grek"}  # Noto Sans covers them
    for locale in catalogs.LOCALES:
        tag = catalogs.locale_tag(locale)
        script = languages.script_of(tag)
        has_stack = tag in FONTS or tag.split("-")[0] in FONTS
        assert script in latin_like or has_stack, f"{locale} ({script}): add a font stack to FONTS"


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
