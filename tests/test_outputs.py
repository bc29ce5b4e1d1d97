"""Outputs through the command line (issue 17): `-o -` is standard output,
nothing but a regular file is ever replaced, a set of letters is written
whole or not at all and says what it replaced, every OSError is one message
and exit 2, never a traceback. And `plan --write` refuses what it must."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from contactplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
#: The checkout's own package, whatever the folder a command runs in.
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
GOOD = ROOT / "examples" / "nowak-family-good.yaml"
runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contactplan", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=ENV,
    )


def one_error(done: subprocess.CompletedProcess[str] | Result, *words: str) -> None:
    code = done.returncode if isinstance(done, subprocess.CompletedProcess) else done.exit_code
    err = getattr(done, "stderr", "") or ""
    assert code == 2, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


# --------------------------------------------------------------------------
# calendar -o


def test_calendar_dash_is_standard_output(tmp_path: Path) -> None:
    done = run("calendar", str(GOOD), "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("BEGIN:VCALENDAR")
    assert not (ROOT / "-").exists()


def test_calendar_never_replaces_a_device(tmp_path: Path) -> None:
    from test_files import private_null_device

    device = private_null_device(tmp_path)
    before = os.stat(device)
    done = run("calendar", str(GOOD), "-o", str(device))
    one_error(done, str(device), "not a regular file", "-o -")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_calendar_onto_a_fifo_is_refused_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    done = run("calendar", str(GOOD), "-o", str(fifo))
    one_error(done, "FIFO", "refusing to replace it")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("missing/out.ics", ["does not exist"]),
        ("x" * 300 + ".ics", ["file name too long"]),
        (".", ["is a folder"]),
    ],
)
def test_calendar_output_errors_are_one_message(tmp_path: Path, where: str, words: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "contactplan", "calendar", str(GOOD), "-o", where],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=ENV,
    )
    one_error(done, *words)


@pytest.mark.skipif(os.geteuid() != 0, reason="not root: only root can make a folder root can't write")
def test_calendar_into_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "team.ics"
    target.write_text("old")
    target.chmod(0o444)
    done = run("calendar", str(GOOD), "-o", str(target))
    one_error(done, "read-only")
    assert target.read_text() == "old"


# --------------------------------------------------------------------------
# letters -o DIR


def test_letters_says_which_letters_it_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    first = run("letters", str(GOOD), "-o", str(folder), "--today", "2026-11-22")
    assert first.returncode == 0 and any(folder.glob("*.html")), first.stderr
    assert "replaced" not in first.stderr
    second = run("letters", str(GOOD), "-o", str(folder), "--today", "2026-11-22")
    assert "replaced letters that were already in" in second.stderr
    assert not [p for p in folder.iterdir() if p.name.startswith(".contactplan-")]


def test_letters_with_an_id_windows_reserves_writes_nothing(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = GOOD.read_text(encoding="utf-8")
    first_letter = text.index("letters:")
    head, tail = text[:first_letter], text[first_letter:]
    import re

    ids = re.findall(r"- id: ([a-z0-9_-]+)", tail)
    assert ids
    case.write_text(head + tail.replace(f"- id: {ids[0]}\n", "- id: con\n", 1), encoding="utf-8")
    folder = tmp_path / "letters"
    done = run("letters", str(case), "-o", str(folder), "--today", "2026-11-22")
    assert done.returncode == 2, done.stderr
    assert "Windows reserves" in done.stderr and "Traceback" not in done.stderr
    assert not folder.exists() or not any(folder.iterdir())


# --------------------------------------------------------------------------
# plan --write


def copy_good(tmp_path: Path) -> Path:
    target = tmp_path / "case.yaml"
    shutil.copyfile(GOOD, target)
    return target


PLAN = ("--kind", "office_visit", "--start", "2026-12-08T10:00", "--today", "2026-11-22", "--write")


def test_plan_write_refuses_a_read_only_case_file(tmp_path: Path) -> None:
    target = copy_good(tmp_path)
    target.chmod(0o444)
    before = target.read_bytes()
    done = run("plan", str(target), *PLAN)
    one_error(done, "read-only")
    assert target.read_bytes() == before and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_plan_write_refuses_a_hard_linked_case_file(tmp_path: Path) -> None:
    target = copy_good(tmp_path)
    os.link(target, tmp_path / "shared.yaml")
    before = target.read_bytes()
    done = run("plan", str(target), *PLAN)
    one_error(done, "hard links", "split the link")
    assert target.read_bytes() == before == (tmp_path / "shared.yaml").read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="not root: only root can give a file to another user")
def test_plan_write_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    target = copy_good(tmp_path)
    os.chown(target, 1234, 4321)
    target.chmod(0o660)
    done = run("plan", str(target), *PLAN)
    assert done.returncode in (0, 1), done.stderr
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 4321, 0o660)
    assert b"ov-2026-12-08" in target.read_bytes()


def test_plan_write_twice_with_the_same_id_is_told(tmp_path: Path) -> None:
    """(Two runs at once with the same default id: tests/test_concurrency.py.)"""
    target = copy_good(tmp_path)
    assert run("plan", str(target), *PLAN, "--id", "ov-same").returncode in (0, 1)
    after = target.read_bytes()
    done = run("plan", str(target), *PLAN, "--id", "ov-same")
    one_error(done, "ov-same", "already")
    assert target.read_bytes() == after


def test_plan_write_leaves_no_temporary_and_no_name_in_any_file_name(tmp_path: Path) -> None:
    target = tmp_path / "nowak-family.yaml"
    shutil.copyfile(GOOD, target)
    done = run("plan", str(target), *PLAN)
    assert done.returncode in (0, 1), done.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in names if n != "nowak-family.yaml" and "nowak" in n] == []
    assert not [n for n in names if n.endswith(".tmp")]


def test_runner_sees_the_same_app() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("check", "languages", "letter", "letters", "calendar", "plan"):
        assert name in result.output


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_standard_output_is_one_message() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "contactplan", "calendar", str(GOOD)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=ENV,
            timeout=120,
        )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "standard output: no space left on the disk" in done.stderr


def test_a_closed_pipe_is_no_traceback() -> None:
    command = f"{sys.executable} -m contactplan rules | head -c 10 > /dev/null"
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=120
    )
    assert "Traceback" not in done.stderr
