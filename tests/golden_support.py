"""Golden files: compare output with a file under tests/golden/, or rewrite it
with ``pytest --update-golden`` (the ``golden`` fixture in conftest.py)."""

from __future__ import annotations

from pathlib import Path


class Golden:
    """Compare output with a golden file, or rewrite it with ``--update-golden``."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, path: Path, actual: str | bytes) -> None:
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(actual, bytes):
                path.write_bytes(actual)
            else:
                path.write_text(actual, encoding="utf-8")
        expected: str | bytes = path.read_bytes() if isinstance(actual, bytes) else path.read_text("utf-8")
        assert actual == expected, f"{path} differs (pytest --update-golden to accept, then read the diff)"
