"""The repository and the wheel carry nothing of a developer's machine."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Absolute paths of someone's machine: a home folder, a CI or sandbox work folder.
MACHINE_PATH = re.compile(r"(?<![\w.])(/work/|/home/[a-z_]|/root/|/Users/[A-Za-z]|[A-Z]:\\Users\\)")
_THIS = Path(__file__).name


def _tracked() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def machine_paths(name: str, data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace")
    return [f"{name}: {m.group(0)!r}" for m in MACHINE_PATH.finditer(text)]


def test_no_tracked_file_names_a_machine_path() -> None:
    found = [
        hit
        for path in _tracked()
        if path.name != _THIS
        for hit in machine_paths(str(path), path.read_bytes())
    ]
    assert found == []


def test_no_working_notes_are_tracked() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _tracked()}
    assert not {n for n in names if n.startswith("locales/") and not n.endswith((".po", ".mo", ".pot"))}


def test_the_pattern_finds_what_it_should() -> None:
    assert machine_paths("x", b"see /work/main/locales and /home/jo/x and C:\\Users\\jo")
    assert not machine_paths("x", b"contactplan/locales/pl, https://example.org/home/page, ./root/x")
