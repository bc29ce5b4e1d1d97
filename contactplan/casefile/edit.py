"""Add contacts and letters to a case file in place (``contactplan plan --write``).

A case file is a person's document: their comments, the order of their keys,
their quoting and spacing must survive. So the file is never re-dumped: the
new items are inserted as text at the right place, found from the positions
PyYAML's composer gives each node:

* after the last item of the top-level ``contacts:`` / ``letters:`` block
  sequence, at the same indentation (comments after that item stay after it);
* into a flow sequence (``contacts: []`` in a YAML file becomes a block
  sequence; ``[...]`` with items, and JSON files, get a JSON item before the
  closing bracket);
* a missing section is added after the last line of the top-level mapping.

Before anything is written, the new text is read back with
:func:`contactplan.casefile.load_case_text`, and must give exactly the case
it was, with the new contact and letters at the end. Then the file is
replaced atomically, keeping its owner, group and mode, all under the file's
exclusive lock and only if it is still byte for byte what was read: no run
ever writes over another's contact or over an editor's save
(:func:`add_to_case_file`).
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import yaml

from ..errors import CaseFileError, ContactplanError, DuplicateIdError
from ..files import check_replaceable, edit_lock, read_regular, shown, write_atomic
from ..model import Case
from . import MAX_BYTES, load_case, load_case_text
from .serialize import items_text, section_text

__all__ = ["CaseChangedError", "CaseEditError", "add_to_case_file", "add_to_case_text", "read_case_for_edit"]

_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


class CaseEditError(ContactplanError):
    """The proposal could not be added to the case file safely; nothing was written."""


# --------------------------------------------------------------------------
# Node positions


class _PositionLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.resolver.BaseResolver,
):
    """The pure-Python composer: its marks count characters of the text."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        first = _BREAK.search(text)
        self.newline = first.group() if first is not None and first.group() == "\r\n" else "\n"

    def offset(self, mark: yaml.Mark) -> int:
        return self.starts[mark.line] + mark.column

    def line_start(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def after_line(self, mark: yaml.Mark) -> int:
        """Where the line after ``mark`` starts; ``mark``'s own line when
        nothing but indentation precedes it there (a block scalar ends so)."""
        start = self.line_start(mark.line)
        if not self.text[start : self.offset(mark)].strip():
            return start
        return self.line_start(mark.line + 1)

    def at_line_start(self, position: int, chunk: str) -> str:
        """``chunk`` preceded by a line break when ``position`` is not at a line's start."""
        if position > 0 and self.text[position - 1] not in "\r\n\x85\u2028\u2029":
            return self.newline + chunk
        return chunk


def _last_end(node: yaml.Node) -> yaml.Mark:
    """The end of the last thing written in ``node`` (not of the comments and
    blank lines that follow a block collection)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        key, value = node.value[-1]
        if isinstance(value, yaml.ScalarNode) and value.value == "" and not value.style:
            return _last_end(key)
        return _last_end(value)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1])
    mark: yaml.Mark = node.end_mark
    return mark


def _edits(text: str, sections: dict[str, list[dict[str, Any]]]) -> list[_Edit]:
    doc = _Text(text)
    try:
        root = _PositionLoader(text).get_single_node()
    except yaml.YAMLError as exc:  # pragma: no cover - the file was read as a case before
        raise CaseEditError(f"the file could not be read for editing: {exc}") from None
    if not isinstance(root, yaml.MappingNode):  # pragma: no cover - idem
        raise CaseEditError("the file is not a mapping of keys and values")
    values = {key.value: (key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    edits: list[_Edit] = []
    missing: list[str] = []
    for name, items in sections.items():
        if not items:
            continue
        if name not in values:
            missing.append(name)
            continue
        key, node = values[name]
        if not isinstance(node, yaml.SequenceNode):
            raise CaseEditError(f"{name}: is not a list, so nothing can be added to it")
        edits.append(_into_sequence(doc, key, node, items))
    if missing:
        edits.append(_new_sections(doc, root, {name: sections[name] for name in missing}))
    return edits


def _into_sequence(doc: _Text, key: yaml.Node, node: yaml.SequenceNode, items: list[dict[str, Any]]) -> _Edit:
    newline = doc.newline
    if node.flow_style:
        start, end = doc.offset(node.start_mark), doc.offset(node.end_mark)
        if not node.value and not _in_flow(doc, key):
            # `contacts: []` in a YAML file: drop the brackets, add a block sequence
            position = doc.line_start(node.end_mark.line + 1)
            rest = doc.text[end:position]  # spaces, a comment, the line break
            if not rest.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
                rest += newline
            while start > 0 and doc.text[start - 1] in " \t":
                start -= 1
            return _Edit(start, position, rest + items_text(items, key.start_mark.column + 2, newline))
        closing = end - 1
        if doc.text[closing] != "]":  # pragma: no cover - the composer's mark is after the bracket
            raise CaseEditError("the end of a flow list could not be found")
        separator = ", " if node.value else ""
        text = separator + ", ".join(json.dumps(item, ensure_ascii=False) for item in items)
        return _Edit(closing, closing, text)
    first = node.value[0]
    dash = node.start_mark.column
    if doc.text[doc.offset(node.start_mark)] != "-":  # pragma: no cover - defensive
        dash = max(first.start_mark.column - 2, 0)
    position = doc.after_line(_last_end(node))
    return _Edit(position, position, doc.at_line_start(position, items_text(items, dash, newline)))


def _in_flow(doc: _Text, key: yaml.Node) -> bool:
    """Whether ``key`` sits inside a flow mapping (a JSON file)."""
    before = doc.text[: doc.offset(key.start_mark)].rstrip()
    return before.endswith(("{", ","))


def _new_sections(doc: _Text, root: yaml.MappingNode, sections: dict[str, list[dict[str, Any]]]) -> _Edit:
    if root.flow_style:
        closing = doc.offset(root.end_mark) - 1
        if doc.text[closing] != "}":  # pragma: no cover - defensive
            raise CaseEditError("the end of the file's mapping could not be found")
        text = "".join(
            f", {json.dumps(name)}: [{', '.join(json.dumps(i, ensure_ascii=False) for i in items)}]"
            for name, items in sections.items()
        )
        return _Edit(closing, closing, text)
    column = root.start_mark.column
    position = doc.after_line(_last_end(root))
    text = "".join(section_text(name, items, column, doc.newline) for name, items in sections.items())
    return _Edit(position, position, doc.at_line_start(position, text))


# --------------------------------------------------------------------------
# Entry points


def add_to_case_text(
    text: str,
    contacts: list[dict[str, Any]],
    letters: list[dict[str, Any]],
    name: str = "<case>",
    *,
    original: Case | None = None,
) -> str:
    """The text of a case file with ``contacts`` and ``letters`` (case file
    data) added at the end of their lists, everything else byte for byte as it was.

    Raises :class:`DuplicateIdError` when an id is already used,
    :class:`CaseEditError` when the result would not be the same case plus the
    new items.
    """
    if original is None:
        original = load_case_text(text, name)
    _refuse_duplicates(original, contacts, letters)
    edits = _edits(text, {"contacts": contacts, "letters": letters})
    updated = text
    # from the end, so that earlier positions stay right; of two insertions at
    # one place, the first listed (contacts) ends up first
    for _, edit in sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[0]), reverse=True):
        updated = updated[: edit.start] + edit.text + updated[edit.end :]
    _prove(original, updated, name, len(contacts), len(letters))
    return updated


def _refuse_duplicates(case: Case, contacts: list[dict[str, Any]], letters: list[dict[str, Any]]) -> None:
    for what, existing, new in (("contact", case.contacts, contacts), ("letter", case.letters, letters)):
        taken = {item.id for item in existing}
        for item in new:
            if item["id"] in taken:
                hint = "; give the contact another id with --id" if what == "contact" else ""
                raise DuplicateIdError(
                    f"the case file already has a {what} with id {item['id']!r} (perhaps added by "
                    f"another run just now): nothing written{hint}"
                )


def _prove(original: Case, text: str, name: str, contacts: int, letters: int) -> None:
    """The new text reads, and is the original case with the new items at the end."""
    try:
        updated = load_case_text(text, name)
    except CaseFileError as exc:
        raise CaseEditError(
            f"adding the contact would not leave a valid case file ({exc}); nothing written"
        ) from None
    kept = msgspec.structs.replace(
        updated,
        contacts=updated.contacts[: len(updated.contacts) - contacts],
        letters=updated.letters[: len(updated.letters) - letters],
    )
    if kept != original or len(updated.contacts) != len(original.contacts) + contacts:
        raise CaseEditError(
            f"{name}: the contact could not be added without changing the rest; nothing written"
        )


def read_case_for_edit(path: str | Path) -> tuple[Case, bytes]:
    """The case in the file at ``path`` and the bytes it was read from, to
    give back to :func:`add_to_case_file` as ``expected``: what is added is
    then added to exactly the case it was planned for."""
    raw = read_regular(path, MAX_BYTES, str(path))
    return _case_of(raw, path), raw


def _case_of(raw: bytes, path: str | Path) -> Case:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        load_case(path)  # the reader's own message, with the line
        raise _changed(shown(path))  # it read well now: it changed in between
    return load_case_text(text, str(path))


class CaseChangedError(CaseEditError):
    """The case file changed between reading it and writing it back (another
    run, or a person saving it in an editor): nothing was written."""


def _changed(name: str) -> CaseChangedError:
    return CaseChangedError(
        f"{name}: the file changed since contactplan read it (another contactplan run, or someone "
        "saving it in an editor): nothing written; run the command again"
    )


def add_to_case_file(
    path: str | Path,
    contacts: list[dict[str, Any]],
    letters: list[dict[str, Any]],
    *,
    expected: bytes | None = None,
) -> Case:
    """Add ``contacts`` and ``letters`` to the case file at ``path`` in place;
    returns the case as now written. Nothing is lost and nothing half-written:

    * the whole read-modify-write holds the file's exclusive lock
      (:func:`contactplan.files.edit_lock`), so two runs never write one over
      the other; an id already in the file (read under the lock) is refused
      with :class:`DuplicateIdError`;
    * ``expected``: the bytes the proposal was made from
      (:func:`read_case_for_edit`); when the file no longer holds exactly
      them, :class:`CaseChangedError` and nothing is written. Just before the
      new file replaces the old one, the file is read again and must still be
      byte for byte what was read under the lock (an editor's save is never
      overwritten);
    * the file is replaced atomically and keeps its owner, group and mode; a
      read-only file, a file with several hard links, anything but a regular
      file is refused (:class:`~contactplan.errors.OutputError`). A symbolic
      link is followed: the file it points to is updated.
    """
    name = shown(path)
    target = Path(path)
    try:
        if target.is_symlink():
            target = target.resolve(strict=True)
    except (OSError, RuntimeError):
        raise CaseFileError(str(path), "the link points to no file, or goes round in a loop") from None
    with edit_lock(target, name=name):
        raw = read_regular(target, MAX_BYTES, str(path))
        if expected is not None and raw != expected:
            raise _changed(name)
        check_replaceable(target, name=name)
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        case = _case_of(raw, path)
        text = raw[len(bom) :].decode("utf-8")
        updated = add_to_case_text(text, contacts, letters, str(path), original=case)

        def unchanged() -> None:
            try:
                now = read_regular(target, MAX_BYTES, str(path))
            except CaseFileError:
                raise _changed(name) from None
            if now != raw:
                raise _changed(name)

        write_atomic(target, bom + updated.encode("utf-8"), verify=unchanged, name=name)
    return load_case_text(updated, str(path))
