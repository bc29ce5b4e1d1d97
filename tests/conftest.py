"""Shared fixtures and settings. Keep this small: each test module owns its own data.

* Hypothesis runs under one of two profiles, chosen by ``HYPOTHESIS_PROFILE``:
  ``dev`` (the default: quick, for a developer's loop) and ``ci`` (more
  examples, no deadline; ``.ci/run`` sets it).
* ``@pytest.mark.slow`` marks long sweeps (every time zone, every language):
  they run by default; ``pytest -m "not slow"`` leaves them out.
* Golden files (``tests/golden/``): after a deliberate change, rewrite them
  with ``pytest --update-golden`` and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from golden_support import Golden
from hypothesis import HealthCheck, settings

#: Assertion-rewritten before any test module imports its helpers.
pytest_plugins = ["web_support", "translations_support"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"

settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from what the code produces now",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a long sweep (deselect with -m 'not slow')")


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))
