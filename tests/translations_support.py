"""A test's own copy of the catalogs, so that no test ever marks a shipped
catalog reviewed: ``locales_copy`` copies ``locales/`` into the test's
folder and points contactplan at it (``CONTACTPLAN_LOCALES``), in this
process and in the commands the test runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contactplan import catalogs

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "locales"
XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture
def locales_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "locales"
    shutil.copytree(SHIPPED, copy)
    monkeypatch.setenv(catalogs.LOCALES_ENV, str(copy))
    catalogs.clear_caches()
    yield copy
    monkeypatch.delenv(catalogs.LOCALES_ENV)
    catalogs.clear_caches()


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``contactplan ARGS`` in a fresh process, with this process's
    environment (``CONTACTPLAN_LOCALES`` included)."""
    return subprocess.run(
        [sys.executable, "-m", "contactplan", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )


def shipped_bytes() -> dict[str, bytes]:
    """Every file of the shipped catalogs, to prove a test left them alone."""
    return {str(p.relative_to(SHIPPED)): p.read_bytes() for p in sorted(SHIPPED.rglob("*")) if p.is_file()}
