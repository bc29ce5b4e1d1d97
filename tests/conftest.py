"""Shared fixtures and settings. Keep this small: each test module owns its own data.

* Hypothesis runs under one of two profiles, chosen by ``HYPOTHESIS_PROFILE``:
  ``dev`` (quick, for a developer's loop: the default) and ``ci`` (more
  examples, no deadline: the default in CI, ``CI=true``).
* ``@pytest.mark.slow`` marks long sweeps (every time zone, every language):
  they run by default; ``pytest -m "not slow"`` leaves them out.
* Golden files (``tests/golden/``): after a deliberate change, rewrite them
  with ``pytest --update-golden`` and read the diff before committing.
* No skip hides a failure (``skip_policy.py``): a test never skips because
  the product failed, and in CI (``CI=true``) every skip fails the run unless
  its reason is on a short list.
* ``@pytest.mark.chromium`` marks the tests that drive Debian's Chromium;
  ``make test-future`` (the suite 500 days ahead) leaves them out (the
  Makefile says why).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from golden_support import Golden
from hypothesis import HealthCheck, settings

#: Assertion-rewritten before any test module imports its helpers.
pytest_plugins = ["web_support", "translations_support", "chromium_support", "skip_policy"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"

settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from what the code produces now",
    )


def pytest_configure(config: pytest.Config) -> None:
    from skip_policy import IN_CI  # once pytest has loaded (and rewritten) the plugin

    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))
    config.addinivalue_line("markers", "slow: a long sweep (deselect with -m 'not slow')")
    config.addinivalue_line("markers", "chromium: drives Debian's Chromium (deselect with -m 'not chromium')")


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))
