"""The case file reader: every bad input is one clean error naming file, line and field."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contactplan.casefile import iter_case_files, load_case, load_case_text
from contactplan.casefile.yaml12 import parse
from contactplan.cli import app
from contactplan.errors import CaseFileError

BASE = """\
contactplan: 1
case:
  reference: CP-TEST-1
  agency: {name: Example Agency, phone: 0123}
members:
  - id: mum
    name: Test Parent
    role: parent
    languages:
      - {tag: pl, speaks: native, reads: fluent}
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2020-01-01
    languages:
      - {tag: pl, speaks: native}
interpreters:
  - {id: int-pl, name: Test Interpreter, languages: [pl], registration: "NRPSI 1"}
contacts:
  - id: c1
    kind: home_visit
    start: 2026-12-01T10:00
    attendees: [mum, kid]
    interpreting:
      - {for: [mum], language: pl, interpreter: int-pl, status: confirmed}
    seen_alone:
      - {child: kid, duration_minutes: 20, language: pl}
letters:
  - {id: l1, template: appointment, to: mum, contact: c1}
"""


def test_base_reads() -> None:
    case = load_case_text(BASE, "case.yaml")
    assert case.reference == "CP-TEST-1"
    assert case.case.agency is not None and case.case.agency.phone == "0123"  # text stays text
    assert case.contacts[0].interpreting[0].for_ == ["mum"]
    assert case.policy.seen_alone_max_gap_days == 15


def test_examples_read(examples: Path) -> None:
    files = list(iter_case_files([examples]))
    assert len(files) >= 2
    for file in files:
        load_case(file)


def test_yaml_12_meanings() -> None:
    text = BASE.replace("tag: pl, speaks: native, reads: fluent", "tag: no, speaks: native, reads: fluent")
    text = text.replace("name: Test Parent", "name: yes")
    case = load_case_text(text, "case.yaml")
    assert case.members[0].languages[0].tag == "no"  # Norwegian, not False
    assert case.members[0].name == "yes"


def test_plain_numbers_stay_text_where_text_is_expected() -> None:
    case = load_case_text(BASE.replace("reference: CP-TEST-1", "reference: 0142"), "c.yaml")
    assert case.reference == "0142"


def test_json_is_accepted(tmp_path: Path) -> None:
    data = {
        "contactplan": 1,
        "case": {"reference": "J-1"},
        "members": [{"id": "a", "name": "A", "role": "subject_child", "date_of_birth": "2020-01-01"}],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, indent=2))
    assert load_case(path).reference == "J-1"


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (name, transform, line, field, words in the message)
BAD = [
    ("yaml syntax", lambda t: t + "  - {tag: [}\n", 30, None, "not valid YAML"),
    (
        "wrong version",
        lambda t: replace_line(t, "contactplan: 1", "contactplan: 2"),
        1,
        "contactplan",
        "version 2",
    ),
    (
        "unknown tag",
        lambda t: replace_line(t, "tag: pl, speaks: native}", "tag: zz, speaks: native}"),
        16,
        "members[1].languages[0].tag",
        "unknown language 'zz'",
    ),
    (
        "malformed tag",
        lambda t: replace_line(t, "tag: pl, speaks: native}", "tag: 'p_l!', speaks: native}"),
        16,
        "members[1].languages[0].tag",
        "unknown language",
    ),
    (
        "language name",
        lambda t: replace_line(t, "tag: pl, speaks: native}", "tag: Polish, speaks: native}"),
        16,
        "members[1].languages[0].tag",
        "did you mean 'pl'",
    ),
    (
        "bad date",
        lambda t: replace_line(t, "2020-01-01", "2020-02-30"),
        14,
        "members[1].date_of_birth",
        "not a valid date",
    ),
    (
        "date as words",
        lambda t: replace_line(t, "2020-01-01", "1st January 2020"),
        14,
        "members[1].date_of_birth",
        "YYYY-MM-DD",
    ),
    (
        "bad time",
        lambda t: replace_line(t, "2026-12-01T10:00", "2026-12-01T25:00"),
        22,
        "contacts[0].start",
        "not a valid date and time",
    ),
    (
        "date without time",
        lambda t: replace_line(t, "2026-12-01T10:00", "2026-12-01"),
        22,
        "contacts[0].start",
        "YYYY-MM-DDTHH:MM",
    ),
    (
        "unknown attendee",
        lambda t: replace_line(t, "attendees: [mum, kid]", "attendees: [mum, kidd]"),
        23,
        "contacts[0].attendees[1]",
        "'kidd' is not the id of any member",
    ),
    (
        "duplicate id",
        lambda t: replace_line(t, "  - id: kid\n", "  - id: mum\n"),
        11,
        "members[1].id",
        "duplicate id 'mum'",
    ),
    (
        "missing name",
        lambda t: replace_line(t, "    name: Test Child\n", ""),
        11,
        "members[1].name",
        "missing required key 'name'",
    ),
    (
        "bad level",
        lambda t: replace_line(t, "speaks: native}", "speaks: good}"),
        16,
        "members[1].languages[0].speaks",
        "'good' is not allowed",
    ),
    (
        "duplicate key",
        lambda t: replace_line(t, "    name: Test Child\n", "    name: Test Child\n    name: Other\n"),
        13,
        "members[1].name",
        "duplicate key 'name'",
    ),
    (
        "child without date of birth",
        lambda t: replace_line(t, "    date_of_birth: 2020-01-01\n", ""),
        11,
        "members[1]",
        "date_of_birth",
    ),
    (
        "misspelt key",
        lambda t: replace_line(
            t,
            "    languages:\n      - {tag: pl, speaks: native}",
            "    langauges:\n      - {tag: pl, speaks: native}",
        ),
        15,
        "members[1].langauges",
        "did you mean 'languages'",
    ),
    (
        "unknown interpreter",
        lambda t: replace_line(t, "interpreter: int-pl,", "interpreter: int-pl-x,"),
        25,
        "contacts[0].interpreting[0].interpreter",
        "not the id of any interpreter",
    ),
    (
        "interpreter and by",
        lambda t: replace_line(t, "interpreter: int-pl,", "interpreter: int-pl, by: mum,"),
        25,
        "contacts[0].interpreting[0]",
        "not both",
    ),
    (
        "confirmed without interpreter",
        lambda t: replace_line(t, "interpreter: int-pl, ", ""),
        25,
        "contacts[0].interpreting[0]",
        "names who interprets",
    ),
    (
        "seen alone language without arrangement",
        lambda t: replace_line(t, "duration_minutes: 20, language: pl", "duration_minutes: 20, language: ro"),
        27,
        "contacts[0].seen_alone[0].language",
        "no interpreting arrangement",
    ),
    (
        "letter without contact",
        lambda t: replace_line(t, ", contact: c1}", "}"),
        29,
        "letters[0]",
        "missing required key 'contact'",
    ),
    (
        "unknown kind",
        lambda t: replace_line(t, "kind: home_visit", "kind: home_vist"),
        21,
        "contacts[0].kind",
        "did you mean 'home_visit'",
    ),
    (
        "bad time zone",
        lambda t: replace_line(
            t, "  reference: CP-TEST-1\n", "  reference: CP-TEST-1\n  timezone: Europe/Londn\n"
        ),
        4,
        "case.timezone",
        "unknown time zone",
    ),
    (
        "negative duration",
        lambda t: replace_line(t, "duration_minutes: 20", "duration_minutes: -5"),
        27,
        "contacts[0].seen_alone[0].duration_minutes",
        "a whole number at least 1",
    ),
    ("bad id", lambda t: replace_line(t, "id: l1", "id: 'Letter One'"), 29, "letters[0].id", "lower-case"),
    (
        "no subject child",
        lambda t: replace_line(t, "role: subject_child", "role: sibling"),
        5,
        "members",
        "subject_child",
    ),
    (
        "household not a bool",
        lambda t: replace_line(t, "    role: parent\n", "    role: parent\n    household: no\n"),
        9,
        "members[0].household",
        "expected true or false",
    ),
    (
        "tags not allowed",
        lambda t: replace_line(t, "reference: CP-TEST-1", "reference: !!python/name:os.system ''"),
        3,
        "case.reference",
        "not allowed",
    ),
]


@pytest.mark.parametrize(("name", "transform", "line", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input(name: str, transform, line: int, field: str | None, words: str) -> None:  # type: ignore[no-untyped-def]
    text = transform(BASE)
    with pytest.raises(CaseFileError) as caught:
        load_case_text(text, "case.yaml")
    error = caught.value
    assert error.file == "case.yaml"
    assert error.line == line, str(error)
    assert error.field == field, str(error)
    assert words in str(error)
    assert str(error).startswith(f"case.yaml:{line}: ")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text("")
    with pytest.raises(CaseFileError, match="empty"):
        load_case(tmp_path / "e.yaml")


def test_comment_only_file(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text("# nothing yet\n")
    with pytest.raises(CaseFileError, match="empty"):
        load_case(tmp_path / "e.yaml")


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_bytes(bytes(range(256)))
    with pytest.raises(CaseFileError, match="not a text file"):
        load_case(tmp_path / "b.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_bytes("contactplan: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CaseFileError, match="not UTF-8") as caught:
        load_case(tmp_path / "b.yaml")
    assert caught.value.line == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        load_case(tmp_path / "nope.yaml")


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(BASE + "#" * (1024 * 1024))
    with pytest.raises(CaseFileError, match="larger than 1024 KiB"):
        load_case(path)


def test_alias_bomb() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(CaseFileError, match="aliases expand"):
        load_case_text("\n".join(lines) + "\n", "bomb.yaml")


def test_small_alias_is_fine() -> None:
    text = BASE.replace("  - id: c1\n", "  - id: c1\n    practitioners: &team [{name: Jo Smith}]\n")
    assert load_case_text(text, "c.yaml").contacts[0].practitioners[0].name == "Jo Smith"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("contactplan: 1\na: &x 1\nb: &x 2\n", 3, "the anchor &x is given twice (first on line 2)"),
        ("contactplan: 1\na: *nope\n", 2, "*nope refers to no anchor &nope before it"),
        ("contactplan: 1\n---\ncontactplan: 1\n", 2, "a second document ('---') in one case file"),
        ("contactplan: 1\na: &r [1, *r]\n", 2, "*r is inside the value &r names"),
        ("contactplan: 1\n? [a]\n: b\n", 2, "keys must be plain text"),
        ("", None, "the file is empty"),
    ],
)
def test_anchors_aliases_and_documents_are_named_clearly(text: str, line: int | None, message: str) -> None:
    with pytest.raises(CaseFileError) as raised:
        parse(text, "a.yaml")
    assert message in str(raised.value)
    assert raised.value.line == line


def test_an_alias_is_a_copy_with_its_own_lines() -> None:
    """An alias replays its anchor's value: a copy at the alias's path, with the
    anchor's lines, plain scalars' original text kept; an alias as a key names it."""
    text = "contactplan: 1\nteam: &t [{name: Jo, phone: 0123}]\nagain: *t\n&k key: 1\nother: {*k : 2}\n"
    data, doc = parse(text, "a.yaml")
    assert data["again"] == data["team"] == [{"name": "Jo", "phone": 123}]
    assert data["again"] is not data["team"]
    assert data["key"] == 1 and data["other"] == {"key": 2}
    assert doc.line(("again", 0, "phone")) == 2 and doc.raw[("again", 0, "phone")] == "0123"


def test_deep_nesting() -> None:
    with pytest.raises(CaseFileError, match="nested too deeply"):
        load_case_text("contactplan: 1\ncase: " + "[" * 200 + "]" * 200 + "\n", "deep.yaml")


def test_top_level_not_a_mapping() -> None:
    with pytest.raises(CaseFileError, match="mapping"):
        load_case_text("- just\n- a list\n", "list.yaml")


def test_preferred_languages_are_normalised() -> None:
    text = BASE.replace("    role: parent\n", "    role: parent\n    preferred_spoken: PL\n")
    assert load_case_text(text, "c.yaml").members[0].preferred_spoken == "pl"


def test_folder_lists_case_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.yaml", "sub/b.yml", "sub/c.json", "notes.txt"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_case_files([tmp_path])]
    assert found == ["a.yaml", "sub/b.yml", "sub/c.json"]


runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "transform", "line", "field", "words"), BAD[:6], ids=[b[0] for b in BAD[:6]]
)
def test_cli_exit_2_without_traceback(
    tmp_path: Path, name: str, transform: Callable[[str], str], line: int, field: str | None, words: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(transform(BASE))
    for command in (["check", str(path)], ["languages", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert re.search(rf"case\.yaml:{line}: ", result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["languages", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_a_time_the_clocks_skip_is_an_error_naming_the_line() -> None:
    from contactplan.casefile import load_case_text

    text = (
        "contactplan: 1\ncase: {reference: T-1}\nmembers:\n"
        "  - {id: kid, name: K, role: subject_child, date_of_birth: 2020-01-01}\n"
        "contacts:\n  - id: c1\n    kind: home_visit\n    start: 2026-03-29T01:30\n"
    )
    with pytest.raises(CaseFileError) as caught:
        load_case_text(text, "case.yaml")
    assert caught.value.line == 8 and caught.value.field == "contacts[0].start"
    assert "does not exist in Europe/London" in str(caught.value)
    # near misses: the hour before, the hour after, and another zone's night
    for start in ("2026-03-29T00:59", "2026-03-29T02:00", "2026-03-08T01:30"):
        load_case_text(text.replace("2026-03-29T01:30", start), "case.yaml")
    with pytest.raises(CaseFileError):
        load_case_text(
            text.replace("2026-03-29T01:30", "2026-03-08T02:30").replace(
                "{reference: T-1}", "{reference: T-1, timezone: America/New_York}"
            ),
            "case.yaml",
        )


def test_a_time_the_clocks_show_twice_is_the_first() -> None:
    import datetime as dt

    from contactplan.casefile import load_case_text

    text = (
        "contactplan: 1\ncase: {reference: T-1}\nmembers:\n"
        "  - {id: kid, name: K, role: subject_child, date_of_birth: 2020-01-01}\n"
        "contacts:\n  - id: c1\n    kind: home_visit\n    start: 2026-10-25T01:30\n"
    )
    case = load_case_text(text, "case.yaml")
    start = case.localize(case.contacts[0].start)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # BST, the first
