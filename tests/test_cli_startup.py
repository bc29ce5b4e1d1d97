"""Start-up (issue 17, item 6): a command imports what it needs when it
needs it. The times are measured by ``benchmarks/bench_startup.py``; these
tests keep the imports that made them fast from coming back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = str(ROOT / "examples" / "nowak-family-good.yaml")
HEAVY = ("babel", "icalendar", "langcodes", "sqlalchemy", "rich", "filelock", "email_validator", "weasyprint")


def loaded(*argv: str) -> tuple[int, set[str]]:
    """The exit status of ``contactplan ARGV`` and the modules it imported."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        f"sys.argv = ['contactplan', *{list(argv)!r}]\n"
        "from contactplan.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return done.returncode, set(line.split()[1:])


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_no_framework() -> None:
    code, modules = loaded("--version")
    assert code == 0
    assert not tops(modules) & {"typer", "yaml", "msgspec", "click", *HEAVY}


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["check", GOOD, "--today", "2026-11-22"], "check"),
        (["languages", GOOD], "languages"),
        (["rules"], "check"),
    ],
)
def test_a_command_imports_only_its_own_module(argv: list[str], module: str) -> None:
    code, modules = loaded(*argv)
    assert code in (0, 1)
    commands = {m for m in modules if m.startswith("contactplan.cli.")}
    assert commands == {f"contactplan.cli.{module}"}
    assert not tops(modules) & set(HEAVY)


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "contactplan", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0
    for name in (
        "check",
        "rules",
        "explain",
        "languages",
        "letter",
        "letters",
        "translations",
        "calendar",
        "plan",
    ):
        assert name in done.stdout


def test_a_command_s_own_help_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "contactplan", "check", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0 and "--today" in done.stdout


def test_every_command_module_is_listed() -> None:
    """A new module in contactplan/cli/ must be in MODULES (and its commands
    in COMMAND_MODULES), or `--help` and the tests would not see it."""
    from contactplan import cli

    modules = {p.stem for p in (ROOT / "contactplan" / "cli").glob("*.py") if p.stem != "__init__"}
    assert modules == set(cli.MODULES)
    assert set(cli.COMMAND_MODULES.values()) <= set(cli.MODULES)
