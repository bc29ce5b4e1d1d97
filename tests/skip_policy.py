"""No skip hides a failure (issue 20): a pytest plugin, loaded by ``conftest.py``.

A test never skips because the product failed: it fails. A test may skip
because this machine lacks something (Chromium, PostgreSQL, Node.js):
locally that skip stays a skip, with its reason (``-ra``), since ``make
test`` installs what the tests need and the reason says what was missing.
In CI (the ``CI`` environment variable set, as CI services do: ``CI=true``)
every skip fails the run, unless its reason begins with one of
:data:`ALLOWED_IN_CI`: what no set-up of the machine can give. Keep that
list short; ``docs/development.md`` documents it.
"""

from __future__ import annotations

import os

import pytest

__all__ = ["ALLOWED_IN_CI", "IN_CI", "allowed_in_ci", "skip_reason"]

#: CI is on: ``CI`` is set, and not to 0, false or no.
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

#: The only beginnings of a skip's reason CI accepts.
ALLOWED_IN_CI = (
    "another operating system:",  # POSIX FIFOs, devices and signals, on Windows
    "not root:",  # giving a file to another user, making a device node, a folder root can't write
)

#: The skips of this run CI does not accept: (test, reason).
_REFUSED: list[tuple[str, str]] = []


def skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The reason a skip gave, without pytest's ``Skipped:`` label."""
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def allowed_in_ci(reason: str) -> bool:
    return reason.startswith(ALLOWED_IN_CI)


def _note(report: pytest.TestReport | pytest.CollectReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = skip_reason(report)
        if not allowed_in_ci(reason):
            _REFUSED.append((report.nodeid, reason))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _note(report)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _note(report)  # a whole module skipped (pytest.skip(allow_module_level=True), importorskip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if IN_CI and _REFUSED and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not (IN_CI and _REFUSED):
        return
    terminalreporter.section("skips CI does not accept", sep="=", red=True, bold=True)
    for nodeid, reason in _REFUSED:
        terminalreporter.line(f"{nodeid}: {reason}")
    terminalreporter.line(
        f"{len(_REFUSED)} skipped in CI (CI=true): fix what failed, or install what they need "
        f"(make test does); in CI a test may skip only for: {', '.join(ALLOWED_IN_CI)}",
        red=True,
    )
