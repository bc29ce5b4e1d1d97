"""Shared fixtures. Keep this small: each test module owns its own data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


MINIMAL_CASE = """\
contactplan: 1
case:
  reference: CP-TEST-1
members:
  - id: child
    name: Test Child
    role: subject_child
    date_of_birth: 2020-01-01
    languages:
      - {tag: pl, speaks: native}
"""


@pytest.fixture
def minimal_case_text() -> str:
    return MINIMAL_CASE
