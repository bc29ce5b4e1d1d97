"""Reading and writing files safely, since every file is about children at risk.

* **Whole or not at all.** Every output goes to a temporary file in the same
  folder, is flushed to disk, and is renamed over the target
  (:func:`write_atomic`); a set of files goes to a temporary folder first and
  is moved into place only when every file was written
  (:func:`write_files_together`).
* **Private, and kept as it was.** A new file is readable by its owner only
  (0600); a file that is replaced keeps its owner, group and mode (a
  team-shared 0660 file stays shared, and stays theirs).
* **Only regular files are replaced.** A folder, a device (``/dev/null``), a
  FIFO or a socket is refused, and so are special paths (``/dev/stdout``):
  standard output is ``-o -`` (:func:`write_output`). A read-only file is
  not replaced, nor a file with several hard links (replacing it would split
  the link: the other names would keep the old content).
* **Nothing left behind.** Temporary names are ``.contactplan-PID-RANDOM.tmp``:
  they never hold the target's name (which often holds a family's name).
  They are removed on every exit Python can catch; those left by a run that
  was killed are removed by the next run in that folder.
* **No lost update.** :func:`edit_lock` is the one exclusive lock every
  read-modify-write of a case file takes (the ``filelock`` library).

Every failure is an :class:`~contactplan.errors.OutputError` naming the file
and saying what to do; no ``OSError`` escapes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from .errors import CaseFileError, OutputError
from .model import ID_PATTERN
from .wording import shown_path as shown

__all__ = [
    "RESERVED_NAMES",
    "check_replaceable",
    "describe_os_error",
    "edit_lock",
    "is_stdout",
    "read_regular",
    "remove_stale_temporaries",
    "safe_file_name",
    "shown",
    "write_atomic",
    "write_files_together",
    "write_output",
]

#: File names Windows reserves whatever the extension (``con.html`` is the console).
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
    | {f"{base}{n}" for base in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]}
)
#: What an id may hold to become a file name (the case file's id pattern), matched whole.
_SAFE_NAME = re.compile(ID_PATTERN)
_PREFIX = ".contactplan-"
_TEMPORARY = re.compile(r"\.contactplan-(\d{1,10})-[0-9a-f]{8,32}\.tmp")
#: Left by a run that was killed: older than this, removed even when the process id is in use again.
_STALE_AFTER_SECONDS = 24 * 3600
#: How long to wait for another run that is changing the same case file.
LOCK_TIMEOUT_SECONDS = 30.0
_MAX_NAME_BYTES = 255


# --------------------------------------------------------------------------
# Names


def safe_file_name(identifier: str, suffix: str = "") -> str:
    """``identifier + suffix`` as a file name, or :class:`OutputError` when
    the id could be anything else than one plain name: it must be the whole
    of ``[a-z0-9_-]{1,100}`` (``fullmatch``: a trailing line break does not
    pass) and not a name Windows reserves (``con``, ``nul``, ``com1``, ...)."""
    if not _SAFE_NAME.fullmatch(identifier):
        raise OutputError(
            f"{shown(identifier)}: cannot be used as a file name "
            "(ids are lower-case letters, digits, '-' and '_', at most 100)"
        )
    if identifier.split(".")[0] in RESERVED_NAMES:
        raise OutputError(
            f"{identifier}: is a name Windows reserves for a device; give the letter another id"
        )
    return identifier + suffix


def _temporary_name() -> str:
    return f"{_PREFIX}{os.getpid()}-{os.urandom(8).hex()}.tmp"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's live process
        return True
    return True


def remove_stale_temporaries(folder: str | os.PathLike[str], *, now: float | None = None) -> list[str]:
    """Remove the temporary files and folders that a contactplan run killed
    while writing left in ``folder`` (their process is gone, or they are over
    a day old); returns their names. Never fails: what can't be removed stays.

    ``now``: the time on the file system's clock, best the modification time
    of a file this run has just made in ``folder``: ages are then measured on
    one clock, even where this machine's clock is not the file server's (a
    network share) or is moved (``faketime``). Default: this machine's clock."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    if now is None:
        now = time.time()
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if _process_alive(int(match.group(1))) and now - info.st_mtime < _STALE_AFTER_SECONDS:
            continue
        try:
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


# --------------------------------------------------------------------------
# Reading


def read_regular(path: str | os.PathLike[str], limit: int, name: str | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Opened without blocking (a FIFO can't hang the run) and checked with
    ``fstat`` before anything is read; a folder, FIFO, device or socket, a
    file over ``limit`` bytes and any ``OSError`` are a
    :class:`~contactplan.errors.CaseFileError` naming ``name``.
    """
    label = name if name is not None else shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise CaseFileError(label, "no such file") from None
    except PermissionError:
        raise CaseFileError(label, "permission denied") from None
    except OSError as exc:
        raise CaseFileError(label, f"cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CaseFileError(label, "is a folder, not a case file")
        if not stat.S_ISREG(info.st_mode):
            raise CaseFileError(label, f"is {_kind(info.st_mode)}, not a case file: refused")
        if info.st_size > limit:
            raise CaseFileError(label, f"larger than {limit // 1024} KiB: refused")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise CaseFileError(label, f"larger than {limit // 1024} KiB: refused")
        return b"".join(chunks)
    except OSError as exc:
        raise CaseFileError(label, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


# --------------------------------------------------------------------------
# Checks before replacing


def _special(target: Path) -> bool:
    """``/dev/...`` and ``/proc/...`` (``/dev/stdout``, ``/dev/fd/1``): never replaced."""
    text = os.path.abspath(target)
    return (
        sys.platform != "win32" and text.startswith(("/dev/", "/proc/")) and not text.startswith("/dev/shm/")
    )


def _resolved(path: str | os.PathLike[str]) -> Path:
    """The file ``path`` names, with symbolic links followed (the file a link
    points to is updated, the link stays a link)."""
    target = Path(path)
    if _special(target):
        raise OutputError(
            f"{shown(path)}: is a special file; contactplan writes only regular files "
            "(use -o - to write to standard output)"
        )
    if len(os.fsencode(target.name)) > _MAX_NAME_BYTES:
        raise OutputError(f"{shown(path)}: file name too long (at most {_MAX_NAME_BYTES} bytes)")
    try:
        link = target.is_symlink()
    except OSError as exc:
        raise OutputError(f"{shown(path)}: {describe_os_error(exc)}") from None
    if link:
        try:
            target = target.resolve()
        except (OSError, RuntimeError) as exc:  # a loop
            raise OutputError(f"{shown(path)}: the link can't be followed: {exc}") from None
        if _special(target):
            raise OutputError(
                f"{shown(path)}: points to a special file ({shown(target)}); contactplan writes "
                "only regular files (use -o - to write to standard output)"
            )
    return target


def _may_write(info: os.stat_result, path: Path) -> bool:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root may write anything: a file nobody may write is still meant to stay as it is
        return bool(info.st_mode & 0o222)
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def check_replaceable(path: str | os.PathLike[str], *, name: str | None = None) -> os.stat_result | None:
    """The status of the file at ``path`` before it is replaced, or None when
    there is no file there yet. :class:`OutputError` (nothing written) for a
    folder, anything that isn't a regular file, a read-only file, and a file
    with several hard links."""
    target = Path(path)
    label = name or shown(path)
    if len(os.fsencode(target.name)) > _MAX_NAME_BYTES:
        raise OutputError(f"{label}: file name too long (at most {_MAX_NAME_BYTES} bytes)")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{label}: {describe_os_error(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{label}: is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{label}: is {_kind(info.st_mode)}, not a regular file: refusing to replace it "
            "(use -o - to write to standard output)"
        )
    if info.st_nlink > 1:
        raise OutputError(
            f"{label}: has {info.st_nlink} hard links; replacing it would split the link (the other "
            "names would keep the old content): nothing written. Write to a copy, or remove the other links"
        )
    if not _may_write(info, target):
        raise OutputError(
            f"{label}: is read-only (mode {stat.S_IMODE(info.st_mode):04o}): nothing written. "
            "Make it writable first if it is meant to change"
        )
    return info


def describe_os_error(exc: OSError) -> str:
    """What an OSError means for the person who asked for the file
    (``permission denied``, ``no space left on the disk``)."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    if code == errno.ENOSPC:
        return "no space left on the disk"
    if code == errno.EDQUOT:
        return "disk quota exceeded"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.ENOTDIR:
        return "a part of the path is not a folder"
    if code == errno.EISDIR:
        return "is a folder"
    return exc.strerror or str(exc)


# --------------------------------------------------------------------------
# Writing


def _folder_of(target: Path, label: str) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise OutputError(f"{label}: the folder {shown(folder)} does not exist") from None
    except OSError as exc:
        raise OutputError(f"{label}: the folder {shown(folder)}: {describe_os_error(exc)}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{label}: {shown(folder)} is not a folder")
    return folder


def _fill(fd: int, payload: bytes, before: os.stat_result | None, label: str) -> None:
    """Write ``payload`` to the new file ``fd`` with the mode, owner and group
    of the file it replaces (0600 and the caller's for a new file)."""
    if before is None:
        os.fchmod(fd, 0o600)
    else:
        if hasattr(os, "fchown") and (before.st_uid, before.st_gid) != _owner(fd):
            try:
                os.fchown(fd, before.st_uid, before.st_gid)
            except PermissionError:
                raise OutputError(
                    f"{label}: belongs to another user or group; replacing it would take it from them: "
                    "nothing written. Ask its owner, or write to another file"
                ) from None
        os.fchmod(fd, stat.S_IMODE(before.st_mode) & 0o777)
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _owner(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    mode: int = 0o600,
    verify: Callable[[], None] | None = None,
    name: str | None = None,
) -> Path:
    """Write ``data`` to ``path`` all at once.

    Either the whole new content is there or the old file is untouched: the
    data goes to a temporary file in the same folder, is flushed to disk, and
    is renamed over ``path``. A new file gets ``mode`` (0600); a file that is
    replaced keeps its owner, group and mode. A symbolic link is followed.
    ``verify`` runs just before the rename and may raise to write nothing.
    Raises :class:`OutputError` when it cannot (see :func:`check_replaceable`).
    """
    label = name or shown(path)
    target = _resolved(path)
    folder = _folder_of(target, label)
    before = check_replaceable(target, name=label)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temporary = folder / _temporary_name()
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise OutputError(f"{label}: cannot write in {shown(folder)}: {describe_os_error(exc)}") from None
    try:
        remove_stale_temporaries(folder, now=os.fstat(fd).st_mtime)
        try:
            _fill(fd, payload, before, label)
        finally:
            os.close(fd)
        if before is None and mode != 0o600:
            os.chmod(temporary, mode)
        if verify is not None:
            verify()
        os.replace(temporary, target)
    except OSError as exc:
        _unlink(temporary)
        raise OutputError(f"{label}: cannot be written: {describe_os_error(exc)}") from None
    except BaseException:
        _unlink(temporary)
        raise
    _sync_folder(folder)
    return target


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def is_stdout(target: str | os.PathLike[str] | None) -> bool:
    """Whether an ``-o`` value means standard output (``-``)."""
    return target is not None and os.fspath(target) == "-"


def write_output(
    target: str | os.PathLike[str], data: str | bytes, *, stream: BinaryIO | None = None
) -> Path | None:
    """Write an output where ``-o`` asked: ``-`` is standard output (or
    ``stream``), anything else a file written by :func:`write_atomic`.
    Returns the file written (None for standard output)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if is_stdout(target):
        out = stream if stream is not None else sys.stdout.buffer
        try:
            out.write(payload)
            out.flush()
        except OSError as exc:
            raise OutputError(f"standard output: {describe_os_error(exc)}") from None
        return None
    return write_atomic(target, payload)


def write_files_together(folder: str | os.PathLike[str], files: Mapping[str, str | bytes]) -> list[str]:
    """Write every file of ``files`` (``{file name: content}``) into
    ``folder``, all of them or none; returns the names of the files that were
    there before and have been replaced.

    The folder is made (0700) when missing. Each name must be a plain file
    name (see :func:`safe_file_name`); every file already there must be one
    :func:`write_atomic` could replace. The files are written into a temporary
    folder inside ``folder`` first, and moved into place only when all of
    them are written; should a move still fail, the files already moved are
    put back as they were.
    """
    place = Path(folder)
    label = shown(folder)
    for file_name in files:
        if file_name in ("", ".", "..") or "/" in file_name or os.sep in file_name or "\x00" in file_name:
            raise OutputError(f"{shown(file_name)}: is not a plain file name")
    if _special(place):
        raise OutputError(f"{label}: is a special folder; write the letters to a folder of your own")
    try:
        place.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{label}: is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{label}: cannot make the folder: {describe_os_error(exc)}") from None
    if not place.is_dir():
        raise OutputError(f"{label}: is not a folder")
    before = {
        file_name: check_replaceable(place / file_name, name=shown(place / file_name)) for file_name in files
    }
    staging = place / _temporary_name()
    try:
        os.mkdir(staging, 0o700)
    except OSError as exc:
        raise OutputError(f"{label}: cannot write in the folder: {describe_os_error(exc)}") from None
    with contextlib.suppress(OSError):
        remove_stale_temporaries(place, now=os.stat(staging).st_mtime)
    moved: list[str] = []
    kept = staging / "before"
    try:
        os.mkdir(kept, 0o700)
        # numbered, not named: a letter's name often holds a family member's
        for number, (file_name, content) in enumerate(files.items()):
            payload = content.encode("utf-8") if isinstance(content, str) else content
            fd = os.open(staging / f"{number}.new", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                _fill(fd, payload, before[file_name], shown(place / file_name))
            finally:
                os.close(fd)
        for number, file_name in enumerate(files):
            if before[file_name] is not None:
                os.link(place / file_name, kept / f"{number}.old")  # to put back on failure
            os.replace(staging / f"{number}.new", place / file_name)
            moved.append(file_name)
    except BaseException as exc:
        numbers = {file_name: number for number, file_name in enumerate(files)}
        for file_name in reversed(moved):
            with contextlib.suppress(OSError):
                if before[file_name] is not None:
                    os.replace(kept / f"{numbers[file_name]}.old", place / file_name)
                else:
                    os.unlink(place / file_name)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{label}: {describe_os_error(exc)}: no letters written") from None
        raise
    shutil.rmtree(staging, ignore_errors=True)
    _sync_folder(place)
    return [file_name for file_name in files if before[file_name] is not None]


# --------------------------------------------------------------------------
# Locking


@contextlib.contextmanager
def edit_lock(path: str | os.PathLike[str], *, name: str | None = None) -> Iterator[None]:
    """Hold the exclusive lock on the case file at ``path`` (a lock file
    ``.contactplan-<hash>.lock`` beside it, named from the file's path, never
    holding its name): every run that reads, changes and writes a case file
    holds it, so that no two runs write one over the other. Waits up to
    :data:`LOCK_TIMEOUT_SECONDS` for another run, then raises :class:`OutputError`.
    Taken again by the same process while it holds it, it just goes on."""
    import hashlib

    label = name or shown(path)
    target = Path(path)
    folder = _folder_of(target, label)
    digest = hashlib.sha256(os.fsencode(os.path.abspath(target))).hexdigest()[:20]
    if digest in _HELD:
        yield
        return
    from filelock import FileLock, Timeout

    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) & 0o666 | 0o600
    except OSError:
        mode = 0o600
    lock = FileLock(folder / f"{_PREFIX}{digest}.lock", timeout=LOCK_TIMEOUT_SECONDS, mode=mode)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"{label}: another contactplan run has been changing this file for "
            f"{LOCK_TIMEOUT_SECONDS:.0f} seconds: nothing written; run the command again"
        ) from None
    except OSError as exc:
        reason = describe_os_error(exc)
        raise OutputError(f"{label}: cannot lock the file for changing it: {reason}") from None
    _HELD.add(digest)
    try:
        yield
    finally:
        _HELD.discard(digest)
        lock.release()


#: The case files whose lock this process holds (their digests).
_HELD: set[str] = set()
