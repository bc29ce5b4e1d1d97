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
* Files over 1 MiB, binary files, and aliases that expand the document are
  refused. JSON is read as the YAML subset it is.

The parts: :mod:`.yaml12` parses (libyaml, YAML 1.2), :mod:`.structure`
checks the structure against :mod:`contactplan.model` with msgspec and words
its errors, :mod:`.validate` checks what the values mean, :mod:`.edit` adds
to a file in place and :mod:`.serialize` writes model objects as case file data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import CaseFileError
from ..model import Case
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
    data, doc = parse(text, name)
    check_version(data, doc)
    case = convert(data, doc)
    Validator(case, doc).run()
    return case


def load_case(path: str | Path) -> Case:
    """Read and validate the case file at ``path``.

    Raises :class:`~contactplan.errors.CaseFileError` naming the file, the line
    and the field for anything that is not a valid case file.
    """
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise CaseFileError(name, "is a folder, not a case file")
        if size > MAX_BYTES:
            raise CaseFileError(name, f"larger than {MAX_BYTES // 1024} KiB: refused")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise CaseFileError(name, "no such file") from None
    except PermissionError:
        raise CaseFileError(name, "permission denied") from None
    except OSError as exc:
        raise CaseFileError(name, f"cannot be read: {exc.strerror or exc}") from None
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
    and ``*.json`` file below them, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES and p.is_file())
        else:
            yield path
