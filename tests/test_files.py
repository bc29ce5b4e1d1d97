"""contactplan.files: whole or nothing, private, only regular files replaced,
nothing left behind (issue 17). Each test here failed on the code before."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from contactplan import files
from contactplan.errors import CaseFileError, OutputError
from contactplan.files import (
    read_regular,
    remove_stale_temporaries,
    safe_file_name,
    write_atomic,
    write_files_together,
    write_output,
)

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".contactplan-") and ".lock" not in p.name
    )


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


# --------------------------------------------------------------------------
# write_atomic


def test_a_new_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "out.ics", "data")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == "data"
    assert leftovers(tmp_path) == []


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "team.ics"
    target.write_text("old")
    target.chmod(0o660)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o660
    assert target.read_text() == "new"


@pytest.mark.skipif(not IS_ROOT, reason="not root: only root can give a file to another user")
def test_a_replaced_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    target = tmp_path / "team.yaml"
    target.write_text("old")
    os.chown(target, 1234, 4321)
    target.chmod(0o660)
    write_atomic(target, "new")
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 4321, 0o660)


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match=r"read-only \(mode 0444\)"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert leftovers(tmp_path) == []


def test_a_hard_linked_file_is_not_split(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("old")
    os.link(target, tmp_path / "other-name.yaml")
    with pytest.raises(OutputError, match="2 hard links; replacing it would split the link"):
        write_atomic(target, "new")
    assert (tmp_path / "other-name.yaml").read_text() == "old"
    assert target.stat().st_nlink == 2


def private_null_device(folder: Path) -> Path:
    """A character device of our own (the null device's numbers) in a test
    folder: the tests never aim a write at the machine's real /dev/null, which a
    broken refusal would replace with a regular file (as root, for everyone)."""
    device = folder / "null-device"
    if not IS_ROOT:
        pytest.skip("not root: only root can make a device node")
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as exc:  # a container without the right to make devices
        pytest.skip(f"cannot make a device node here, even as root: {exc}")
    return device


def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    device = private_null_device(tmp_path)
    before = os.stat(device)
    with pytest.raises(
        OutputError, match=r"is a device, not a regular file: refusing to replace it \(use -o - "
    ):
        write_atomic(device, "data")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("special", ["/dev/contactplan-test-not-there", "/proc/self/fd/1"])
def test_paths_in_dev_and_proc_are_refused_by_name(special: str) -> None:
    """Refused before anything is created: a broken refusal would leave a
    stray file in /dev (removed here), never touch a real device."""
    try:
        with pytest.raises(OutputError, match=r"special file.*use -o - "):
            write_atomic(special, "data")
    finally:
        if special.startswith("/dev/") and os.path.lexists(special):
            os.unlink(special)


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    device = private_null_device(tmp_path)
    link = tmp_path / "calendar.ics"
    link.symlink_to(device)
    with pytest.raises(OutputError, match="is a device, not a regular file: refusing to replace it"):
        write_atomic(link, "data")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(device).st_mode)


def test_a_fifo_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=r"is a FIFO \(named pipe\), not a regular file: refusing"):
        write_atomic(fifo, "data")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_to_a_regular_file_updates_that_file(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.ics", "the folder missing does not exist"),
        ("x" * 300 + ".ics", "file name too long"),
        (".", "is a folder"),
    ],
)
def test_every_output_error_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match=message):
        write_atomic(where, "data")


def test_a_folder_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refused(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(OutputError, match=r"cannot write in .*permission denied"):
        write_atomic(tmp_path / "out.ics", "data")


def test_a_full_disk_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ics"
    target.write_text("old")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OutputError, match="cannot be written: no space left on the disk"):
        write_atomic(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_temporary_names_never_hold_the_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(source: str | Path, target: str | Path) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(tmp_path / "nowak-family.ics", "data")
    write_files_together(tmp_path / "letters", {"inv-magda.html": "x"})
    assert seen and all("nowak" not in name and "magda" not in name for name in seen)
    assert all(name.startswith(".contactplan-") or name.endswith(".new") for name in seen)


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    pid = dead_pid()
    stale = tmp_path / f".contactplan-{pid}-0123456789abcdef.tmp"
    stale.write_text("half a case file")
    stale_folder = tmp_path / f".contactplan-{pid}-fedcba9876543210.tmp"
    stale_folder.mkdir()
    (stale_folder / "letter.html").write_text("x")
    mine = tmp_path / f".contactplan-{os.getpid()}-00112233445566aa.tmp"
    mine.write_text("being written")
    unrelated = tmp_path / ".contactplan-notes.txt"
    unrelated.write_text("keep")
    write_atomic(tmp_path / "out.ics", "data")
    assert not stale.exists() and not stale_folder.exists()
    assert mine.exists() and unrelated.exists()
    # two days older than the file system's clock says it is now (not this
    # machine's clock: `faketime` or a network share can move one and not the other)
    old = mine.stat().st_mtime - 2 * 24 * 3600
    os.utime(mine, (old, old))
    assert remove_stale_temporaries(tmp_path, now=old + 2 * 24 * 3600) == [mine.name]


def test_ages_are_measured_on_the_file_systems_clock(tmp_path: Path) -> None:
    """This machine's clock a year ahead of the file server's: a live run's
    temporary file written a minute ago is not taken for a stale one."""
    mine = tmp_path / f".contactplan-{os.getpid()}-00112233445566aa.tmp"
    mine.write_text("being written")
    written = mine.stat().st_mtime
    assert remove_stale_temporaries(tmp_path, now=written + 60) == []
    assert remove_stale_temporaries(tmp_path, now=written + 365 * 24 * 3600) == [mine.name]
    mine.write_text("being written")
    write_atomic(tmp_path / "out.ics", "data")  # measures on the clock of the file it makes
    assert mine.exists()


def test_sigkill_during_a_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """A real SIGKILL while the new content is half written: the target is
    untouched, and the next run removes the temporary file."""
    target = tmp_path / "case.yaml"
    target.write_text("the old content\n" * 100)
    ready = tmp_path / "ready"
    script = textwrap.dedent(
        f"""
        import os, time
        from contactplan import files
        def half(fd, payload, before, label):
            os.write(fd, payload[: len(payload) // 2])
            open({str(ready)!r}, "w").close()
            time.sleep(60)
        files._fill = half
        files.write_atomic({str(target)!r}, "the new content\\n" * 100)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.02)
        process.kill()
        process.wait(10)
    finally:
        if process.poll() is None:  # pragma: no cover
            process.kill()
    assert target.read_text() == "the old content\n" * 100
    assert len(leftovers(tmp_path)) == 1
    write_atomic(tmp_path / "next.ics", "x")
    assert leftovers(tmp_path) == []


def test_sigterm_during_a_command_removes_the_temporary(tmp_path: Path) -> None:
    """SIGTERM (a closed terminal, a scheduler) ends the run through Python's
    clean-up: exit 143, one line, no traceback, nothing left behind."""
    target = tmp_path / "calendar.ics"
    ready = tmp_path / "ready"
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from contactplan import files
        real = files._fill
        def slow(fd, payload, before, label):
            os.write(fd, payload[:10])
            open({str(ready)!r}, "w").close()
            time.sleep(60)
        files._fill = slow
        sys.argv = ["contactplan", "calendar", {str(ROOT / "examples" / "nowak-family-good.yaml")!r},
                    "-o", {str(target)!r}]
        from contactplan.__main__ import main
        main()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert time.monotonic() < deadline and process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.terminate()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143
    assert "Traceback" not in err and "stopped" in err
    assert not target.exists()
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------
# write_output, write_files_together, safe_file_name


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    stream = io.BytesIO()
    monkeypatch.chdir(tmp_path)
    assert write_output("-", "BEGIN:VCALENDAR\r\n", stream=stream) is None
    assert stream.getvalue() == b"BEGIN:VCALENDAR\r\n"
    assert list(tmp_path.iterdir()) == []


def test_a_set_of_files_is_written_together_and_says_what_it_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    assert write_files_together(folder, {"a.html": "A1", "b.html": "B1"}) == []
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert write_files_together(folder, {"b.html": "B2", "c.html": "C2"}) == ["b.html"]
    assert {p.name: p.read_text() for p in folder.iterdir()} == {
        "a.html": "A1",
        "b.html": "B2",
        "c.html": "C2",
    }
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_a_set_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.html").write_text("A1")
    (folder / "c.html").mkdir()  # can't be replaced: found before anything is written
    with pytest.raises(OutputError, match=r"c\.html: is a folder"):
        write_files_together(folder, {"a.html": "A2", "b.html": "B2", "c.html": "C2"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.html", "c.html"]
    assert (folder / "a.html").read_text() == "A1"
    (folder / "c.html").rmdir()
    # the third move fails (a disk error): the first two are put back as they were
    real_replace = os.replace
    moves = []

    def third_fails(source: str | Path, target: str | Path) -> None:
        if Path(source).name.endswith(".new"):
            moves.append(source)
            if len(moves) == 3:
                raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(OutputError, match="no letters written"):
        write_files_together(folder, {"a.html": "A2", "b.html": "B2", "c.html": "C2"})
    monkeypatch.undo()
    assert {p.name: p.read_text() for p in folder.iterdir()} == {"a.html": "A1"}
    assert (folder / "a.html").stat().st_nlink == 1


@pytest.mark.parametrize("bad", ["letter\n", "con", "nul", "com1", "lpt9", "aux", "../x", "A", "", "x" * 101])
def test_ids_that_cannot_be_file_names(bad: str) -> None:
    with pytest.raises(OutputError):
        safe_file_name(bad, ".html")


@pytest.mark.parametrize("good", ["inv-hv-02", "con-letter", "com10", "nul_1", "a"])
def test_ids_that_are_file_names(good: str) -> None:
    assert safe_file_name(good, ".html") == good + ".html"


# --------------------------------------------------------------------------
# read_regular


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    with pytest.raises(CaseFileError, match="FIFO"):
        read_regular(fifo, 1024)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused(tmp_path: Path, device: str) -> None:
    link = tmp_path / "case.yaml"
    link.symlink_to(device)
    with pytest.raises(CaseFileError, match="a device"):
        read_regular(link, 1024)


def test_at_most_the_limit_is_read(tmp_path: Path) -> None:
    big = tmp_path / "case.yaml"
    big.write_bytes(b"x" * 2049)
    with pytest.raises(CaseFileError, match="larger than 2 KiB"):
        read_regular(big, 2048)
    assert read_regular(big, 4096) == b"x" * 2049


def test_files_module_is_cheap_to_import() -> None:
    """files.py is imported by every read: no hashlib, secrets or filelock until a lock is taken."""
    code = (
        "import sys, contactplan.files; print(sorted({'secrets', 'filelock', 'hashlib'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
    assert files.LOCK_TIMEOUT_SECONDS > 0


def test_the_lock_can_be_taken_again_by_its_holder(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("x")
    with files.edit_lock(target), files.edit_lock(target):
        write_atomic(target, "y")
    assert target.read_text() == "y"
    assert not files._HELD
