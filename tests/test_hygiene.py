"""The repository and the wheel carry nothing of a developer's machine."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The folders that begin an absolute path of someone's machine: a CI or
#: sandbox work folder, a home folder. Written in parts, so that this file,
#: too, names no machine path and is searched like every other.
_SLASH, _BACKSLASH = "/", "\\"
_WORK, _HOME, _ROOT, _USERS = "work", "home", "root", "Users"
#: Absolute paths of someone's machine: a home folder, a CI or sandbox work folder.
MACHINE_PATH = re.compile(
    r"(?<![\w.])("
    + "|".join(
        [
            re.escape(_SLASH + _WORK + _SLASH),
            re.escape(_SLASH + _HOME + _SLASH) + "[a-z_]",
            re.escape(_SLASH + _ROOT + _SLASH),
            re.escape(_SLASH + _USERS + _SLASH) + "[A-Za-z]",
            "[A-Z]:" + re.escape(_BACKSLASH + _USERS + _BACKSLASH),
        ]
    )
    + ")"
)


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
    found = [hit for path in _tracked() for hit in machine_paths(str(path), path.read_bytes())]
    assert found == []


def test_no_working_notes_are_tracked() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _tracked()}
    assert not {n for n in names if n.startswith("locales/") and not n.endswith((".po", ".mo", ".pot"))}


def test_the_pattern_finds_what_it_should() -> None:
    work = _SLASH + _WORK + _SLASH + "main/locales"
    home = _SLASH + _HOME + _SLASH + "jo/x"
    windows = "C:" + _BACKSLASH + _USERS + _BACKSLASH + "jo"
    found = machine_paths("x", f"see {work} and {home} and {windows}".encode())
    assert [hit.split(": ", 1)[1] for hit in found] == [
        repr(_SLASH + _WORK + _SLASH),
        repr(_SLASH + _HOME + _SLASH + "j"),
        repr("C:" + _BACKSLASH + _USERS + _BACKSLASH),
    ]
    assert not machine_paths("x", b"contactplan/locales/pl, https://example.org/home/page, ./root/x")
