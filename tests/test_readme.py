"""The README's Python session runs, and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _session() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    api = text[text.index("## Python API") :]
    found = re.search(r"```python\n(.*?)```", api, re.S)
    assert found is not None, "the README's Python API section has no python block"
    return found.group(1)


def test_the_readme_session_prints_what_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code = _session()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    out = printed.getvalue()
    # each `print(...)  # expected` in the session: the expected text is printed
    for expected in re.findall(r"print\(.*\)[ \t]+#[ \t]+(.+)$", code, re.M):
        shown = expected.split(":")[0].strip() if expected.startswith("['") else expected.strip()
        assert shown in out, f"README says {shown!r}; the session printed:\n{out}"
    assert os.path.exists(ROOT / "examples" / "nowak-family-good.yaml")
