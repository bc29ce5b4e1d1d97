"""Read and validate case files (format version 1, ``docs/case-file.md``).

Reading rules, each enforced here:

* YAML 1.2 core meanings: ``no``, ``yes``, ``on``, ``off`` are text
  (``tag: no`` is Norwegian); ``12:30`` is not a number; dates are text until
  the format says a date is expected. A plain scalar that YAML reads as a
  number or boolean stays the text the person wrote where the format expects
  text (``phone: 0123`` is ``"0123"``).
* A key given twice, a key the format does not know, a missing required key,
  a wrong type or value and an id that refers to nothing are errors naming the
  file, the line and the field, with a suggestion where there is one.
* Only regular files are read, at most 1 MiB (a named pipe, a device or a
  socket is refused without waiting on it). Files over 1 MiB, binary files,
  and aliases that expand the document are refused; so are values too long
  to mean anything (a 900,000-character time zone), dates outside 1900-2200
  and numbers past sane bounds. JSON is read as the YAML subset it is.
* Mistakes practitioners make are refused with the fix: a time zone that is
  an abbreviation or a fixed offset (``GMT``), a tag that means something
  else (``bsl``), a language's name (``Kurdish``: ``kmr`` or ``ckb``), a
  date written the UK way (``01/12/2026``), a list of words where a list of
  mappings is expected (``languages: [pl]``).

The parts: :mod:`.yaml12` parses (libyaml, YAML 1.2), :mod:`.structure`
checks the structure against :mod:`contactplan.model` with msgspec and words
its errors, :mod:`.validate` checks what the values mean, :mod:`.edit` adds
to a file in place and :mod:`.serialize` writes model objects as case file data.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import CaseFileError
from ..model import Case
from ..perf import gc_paused
from .structure import convert, parse_datetime
from .validate import Validator, check_version
from .yaml12 import field_name, parse

__all__ = [
    "CASE_SUFFIXES",
    "MAX_BYTES",
    "field_name",
    "iter_case_files",
    "load_case",
    "load_case_text",
    "parse_datetime",
    "read_case_bytes",
]

MAX_BYTES = 1024 * 1024
CASE_SUFFIXES = (".yaml", ".yml", ".json")


def load_case_text(text: str, name: str = "<case>") -> Case:
    """A validated :class:`~contactplan.model.Case` from the text of a case file."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise CaseFileError(name, f"larger than {MAX_BYTES // 1024} KiB: refused")
    if "\x00" in text:
        raise CaseFileError(name, "not a text file (it contains NUL bytes)")
    if not text.strip():
        raise CaseFileError(name, "the file is empty: a case file starts with 'contactplan: 1'")
    # tens of thousands of small objects that live on: see contactplan.perf
    with gc_paused():
        data, doc = parse(text, name)
        check_version(data, doc)
        case = convert(data, doc)
    Validator(case, doc).run()
    return case


def read_case_bytes(path: str | Path) -> bytes:
    """The bytes of the case file at ``path``, read safely
    (:func:`contactplan.files.read_regular`): only a regular file (a named
    pipe, a device, a socket or a folder is refused without waiting or
    reading from it), at most :data:`MAX_BYTES`. Raises
    :class:`~contactplan.errors.CaseFileError` saying what is wrong: a link
    that leads nowhere or round in a loop, a folder that can't be listed."""
    from ..files import read_regular

    name = str(path)
    try:
        return read_regular(path, MAX_BYTES, name)
    except CaseFileError as error:
        file = Path(path)
        try:
            mode = os.stat(file).st_mode  # raises for a link to nowhere or a loop
            if stat.S_ISDIR(mode):
                raise CaseFileError(name, _folder_problem(file)) from None
            if stat.S_ISSOCK(mode):  # opening one fails before fstat can say what it is
                raise CaseFileError(name, "is a socket, not a case file: refused") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise CaseFileError(name, "a symbolic link loop: it never reaches a file") from None
            raise CaseFileError(name, _missing_problem(file)) from None
        raise error from None


def _missing_problem(path: Path) -> str:
    if path.is_symlink():
        return f"a symbolic link to {os.readlink(path)!r}, which does not exist"
    return "no such file"


def _folder_problem(path: Path) -> str:
    """Why a folder given where a file is read can't be read: a loop, a
    folder that can't be listed, or simply a folder."""
    if path.is_symlink():
        target = path.resolve()
        if target == path.parent.resolve() or target in path.parent.resolve().parents:
            return "a symbolic link to a folder above it (a loop)"
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        return f"a folder that can't be listed ({why}): its case files were not checked"
    return "is a folder, not a case file"


def load_case(path: str | Path) -> Case:
    """Read and validate the case file at ``path``.

    Raises :class:`~contactplan.errors.CaseFileError` naming the file, the line
    and the field for anything that is not a valid case file, and for
    anything that is not a regular file (:func:`read_case_bytes`).
    """
    name = str(path)
    raw = read_case_bytes(path)
    if b"\x00" in raw:
        raise CaseFileError(name, "not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseFileError(name, "not UTF-8 text", line=line) from None
    return load_case_text(text, name)


def iter_case_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path given, with folders replaced by every ``*.yaml``, ``*.yml``
    and ``*.json`` file below them, in a stable order.

    Nothing below a folder is left out silently: a folder that can't be
    listed, a symbolic link that leads nowhere or round in a loop, and a named
    pipe, device or socket with a case file's name are yielded too, so that
    :func:`load_case` reports each as unreadable. Symbolic links to folders
    are followed, each folder once.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, set())
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        yield folder  # load_case says why it can't be listed
        return
    for entry in entries:
        path = Path(entry.path)
        wanted = path.suffix.lower() in CASE_SUFFIXES
        try:
            link = entry.is_symlink()
            target = os.stat(entry.path)  # follows links
        except OSError:  # a link that leads nowhere, or a loop
            if wanted or not path.suffix:
                yield path
            continue
        if stat.S_ISDIR(target.st_mode):
            if link and (path.resolve() == folder.resolve() or path.resolve() in folder.resolve().parents):
                yield path  # a loop back up the tree
                continue
            yield from _walk(path, seen)
        elif wanted:
            yield path  # a regular file, or a special one load_case refuses
