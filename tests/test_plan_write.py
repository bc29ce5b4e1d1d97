"""Adding a proposal to a case file in place: comments, order and layout kept
byte for byte, the result proved valid before anything is written."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import stat
from pathlib import Path

import pytest

from contactplan.casefile import load_case, load_case_text
from contactplan.casefile.edit import CaseEditError, add_to_case_file, add_to_case_text
from contactplan.casefile.serialize import render_yaml
from contactplan.errors import DuplicateIdError
from contactplan.planning import ContactRequest, Proposal, propose_contact

TODAY = dt.date(2026, 11, 22)


def propose(text: str, **changes: object) -> Proposal:
    values: dict[str, object] = {"kind": "home_visit", "start": dt.datetime(2026, 12, 8, 10), "today": TODAY}
    values.update(changes)
    return propose_contact(load_case_text(text), ContactRequest(**values))  # type: ignore[arg-type]


def add(text: str, **changes: object) -> tuple[str, Proposal]:
    proposal = propose(text, **changes)
    data = proposal.data()
    return add_to_case_text(text, data["contacts"], data["letters"]), proposal


def only_insertions(before: str, after: str) -> list[str]:
    """The lines added; fails if any line of ``before`` changed or moved."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), (op, old[i1:i2], new[j1:j2])
        if op == "insert":
            added += new[j1:j2]
    return added


def assert_added(before: str, after: str, proposal: Proposal) -> None:
    case = load_case_text(after)
    original = load_case_text(before)
    assert case.contacts[:-1] == original.contacts
    assert case.contacts[-1] == proposal.contact
    assert case.letters == original.letters + list(proposal.letters)


BASE = """\
# A comment at the top
contactplan: 1
case: {reference: CP-TEST-W}   # trailing comment
members:
  - id: mum
    name: Test Mother
    role: parent
    languages:
      - {tag: pl, speaks: native, reads: fluent}
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2019-05-05
    languages: [{tag: en, speaks: native}]
interpreters:
  - {id: int-ewa, name: Ewa Test, languages: [pl], registration: NRPSI 1}
"""
CONTACTS = """\
contacts:
  - id: old
    kind: office_visit
    start: 2026-11-01T10:00   # when it was
    status: held
    notes: |
      Kept as written.

  # a comment after the last contact
"""
LETTERS = """\
letters:
    -   id: inv-old        # odd indentation, kept
        template: appointment
        to: mum
        contact: old
# the end
"""


def test_the_failures_example_gets_the_visit_with_every_comment_kept(examples: Path, tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    before = (examples / "nowak-family-failures.yaml").read_text(encoding="utf-8")
    target.write_text(before, encoding="utf-8")
    target.chmod(0o644)
    proposal = propose_contact(
        load_case(target), ContactRequest("home_visit", dt.datetime(2026, 12, 8, 10), today=TODAY)
    )
    data = proposal.data()
    add_to_case_file(target, data["contacts"], data["letters"])
    after = target.read_text(encoding="utf-8")
    assert "# (../docs/background.md): the 7-year-old sister interprets for her mother,\n" in after
    added = only_insertions(before, after)
    assert "".join(added).count("- id:") + "".join(added).count("- {id:") == 1 + len(proposal.letters)
    assert_added(before, after, proposal)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644  # an existing file keeps its mode
    assert (examples / "nowak-family-failures.yaml").read_text(encoding="utf-8") == before


def test_inserted_after_the_last_item_before_trailing_comments() -> None:
    before = BASE + CONTACTS + LETTERS
    after, proposal = add(before)
    only_insertions(before, after)
    assert_added(before, after, proposal)
    lines = after.splitlines()
    new = lines.index(f"  - id: {proposal.contact.id}")
    assert lines[new - 1] == "" and lines[new - 2] == "      Kept as written."
    assert lines[new + 1].startswith("    kind: home_visit")
    assert lines.index("  # a comment after the last contact") > new
    letter = proposal.letters[0].id
    assert f"    - {{id: {letter}, template: appointment, to: mum, contact: {proposal.contact.id}}}" in lines
    assert lines[-1] == "# the end" and lines[-2].startswith(f"    - {{id: {letter}")
    assert load_case_text(after).contact("old").notes == "Kept as written.\n"


def test_missing_sections_are_added_at_the_end() -> None:
    after, proposal = add(BASE)
    added = only_insertions(BASE, after)
    assert added[0] == "contacts:\n" and "letters:\n" in added
    assert_added(BASE, after, proposal)


def test_a_missing_letters_section_is_added_after_contacts() -> None:
    before = BASE + CONTACTS
    after, proposal = add(before)
    only_insertions(before, after)
    letters = f"letters:\n  - {{id: {proposal.letters[0].id}, template: appointment, to: mum, contact: {proposal.contact.id}}}\n"
    assert after.endswith(letters + "  # a comment after the last contact\n")
    assert_added(before, after, proposal)


@pytest.mark.parametrize("empty", ["contacts: []\n", "contacts: []   # none yet\n", "contacts: [ ]\n"])
def test_an_empty_flow_list_becomes_a_block_list(empty: str) -> None:
    before = BASE + empty + "letters: []\n"
    after, proposal = add(before)
    assert "[]" not in after.replace("[ ]", "[]")
    assert ("# none yet" in after) == ("# none yet" in empty)
    assert f"contacts:{'   # none yet' if 'none' in empty else ''}\n  - id: {proposal.contact.id}\n" in after
    assert_added(before, after, proposal)


def test_a_flow_list_with_items_gets_one_more() -> None:
    before = BASE + "contacts: [{id: old, kind: office_visit, start: 2026-11-01T10:00, status: held}]\n"
    after, proposal = add(before)
    assert after.startswith(
        BASE + "contacts: [{id: old, kind: office_visit, start: 2026-11-01T10:00, status: held}, {"
    )
    assert_added(before, after, proposal)


def test_indentless_lists_and_no_final_line_break() -> None:
    before = BASE + "contacts:\n- id: old\n  kind: office_visit\n  start: 2026-11-01T10:00\n  status: held"
    after, proposal = add(before)
    assert f"  status: held\n- id: {proposal.contact.id}\n  kind: home_visit\n" in after
    assert_added(before, after, proposal)


def test_windows_line_breaks_are_kept() -> None:
    before = (BASE + CONTACTS + LETTERS).replace("\n", "\r\n")
    after, proposal = add(before)
    assert "\n" not in after.replace("\r\n", "")
    assert_added(before, after, proposal)


def test_a_json_case_file_stays_json() -> None:
    before = json.dumps(
        {
            "contactplan": 1,
            "case": {"reference": "CP-TEST-J"},
            "members": [
                {
                    "id": "mum",
                    "name": "Test Mother",
                    "role": "parent",
                    "languages": [{"tag": "pl", "speaks": "native", "reads": "fluent"}],
                },
                {
                    "id": "kid",
                    "name": "Test Child",
                    "role": "subject_child",
                    "date_of_birth": "2019-05-05",
                    "languages": [{"tag": "en", "speaks": "native"}],
                },
            ],
            "letters": [],
        },
        indent=2,
    )
    after, proposal = add(before)
    parsed = json.loads(after)
    assert parsed["contacts"][0]["id"] == proposal.contact.id
    assert parsed["letters"][0]["to"] == "mum"
    assert_added(before, after, proposal)


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + (BASE + CONTACTS).encode())
    proposal = propose(BASE + CONTACTS)
    data = proposal.data()
    add_to_case_file(target, data["contacts"], data["letters"])
    assert target.read_bytes().startswith(b"\xef\xbb\xbf# A comment at the top\ncontactplan: 1\n")
    assert load_case(target).contacts[-1] == proposal.contact


def test_a_symlink_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(BASE, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    data = propose(BASE).data()
    add_to_case_file(link, data["contacts"], data["letters"])
    assert link.is_symlink()
    assert len(load_case(real).contacts) == 1


def test_the_same_id_twice_is_refused() -> None:
    after, proposal = add(BASE + CONTACTS)
    data = proposal.data()
    with pytest.raises(DuplicateIdError):
        add_to_case_text(after, data["contacts"], data["letters"])


def test_nothing_is_written_when_the_result_would_not_read(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text(BASE, encoding="utf-8")
    data = propose(BASE).data()
    data["contacts"][0]["attendees"] = ["nobody"]
    with pytest.raises(CaseEditError, match="nothing written"):
        add_to_case_file(target, data["contacts"], data["letters"])
    assert target.read_text(encoding="utf-8") == BASE


def test_render_yaml_quotes_what_yaml_would_misread() -> None:
    text = render_yaml({"contacts": [{"id": "0123", "kind": "home_visit", "notes": "no"}], "letters": []})
    assert text == "contacts:\n  - id: \"0123\"\n    kind: home_visit\n    notes: 'no'\n"
