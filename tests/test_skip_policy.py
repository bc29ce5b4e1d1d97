"""The skip policy (``tests/skip_policy.py``, issue 20): in CI a skip fails
the run unless its reason is on the short list; locally it stays a skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from skip_policy import ALLOWED_IN_CI, allowed_in_ci

TESTS = Path(__file__).resolve().parent

SAMPLE = """
import pytest

def test_missing_tool():
    pytest.skip("chromium is not installed")

def test_not_root():
    pytest.skip("not root: only root can give a file to another user")

def test_passes():
    pass
"""

MODULE_SKIPPED = """
import pytest

pytest.importorskip("a_module_nobody_has")

def test_never_runs():
    pass
"""


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(TESTS)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "skip_policy",
         "--rootdir", str(folder), "-c", os.devnull, str(folder)],
        capture_output=True, text=True, cwd=folder, env=env, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_locally_a_skip_stays_a_skip_with_its_reason(tmp_path: Path, ci: str | None) -> None:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    done = run_pytest(tmp_path, ci)
    assert done.returncode == 0, done.stdout
    assert "chromium is not installed" in done.stdout
    assert "skips CI does not accept" not in done.stdout


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_in_ci_a_skip_fails_the_run_naming_it(tmp_path: Path, ci: str) -> None:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    done = run_pytest(tmp_path, ci)
    assert done.returncode == 1, done.stdout
    refused = done.stdout.split("skips CI does not accept")[1]
    assert "test_sample.py::test_missing_tool: chromium is not installed" in refused
    assert "test_not_root" not in refused.split("short test summary")[0]


def test_in_ci_a_module_skipped_whole_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_module.py").write_text(MODULE_SKIPPED)
    done = run_pytest(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    assert "a_module_nobody_has" in done.stdout.split("skips CI does not accept")[1]


def test_in_ci_allowed_reasons_pass(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n\ndef test_not_root():\n    pytest.skip('not root: a device node')\n"
    )
    assert run_pytest(tmp_path, "true").returncode == 0


def test_the_list_is_short() -> None:
    assert len(ALLOWED_IN_CI) <= 3
    assert allowed_in_ci("not root: x") and not allowed_in_ci("PostgreSQL tests skipped: no pg_ctl")
