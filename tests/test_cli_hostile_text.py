"""No text in a case file can make a command print a traceback, send a raw
control character to the terminal, or forge a line (issue 17, items 4 and 7).

Hypothesis puts any text (controls, direction controls, lone surrogates,
line separators) into the free-text fields of a valid case (names, the
address, a location, notes) and runs `languages`, `check`, `plan` and
`calendar`: each exits 0, 1 or 2 without a traceback, and its output holds no
raw control or direction character. The reference stays a plain one there
(the reader refuses a hostile reference, which would stop every command
before the other fields reach it); hostile references have a test of their
own: refused by every command, exit 2, one message, nothing raw printed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from contactplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
PLAIN_REFERENCE = "CP-2026-0142"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
runner = CliRunner()
YAML_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def case(texts: dict[str, str]) -> str:
    data = {
        "contactplan": 1,
        "case": {"reference": texts.get("reference", PLAIN_REFERENCE), "timezone": "Europe/London"},
        "members": [
            {
                "id": "mum",
                "name": texts["mother"],
                "role": "parent",
                "address": texts["address"],
                "languages": [{"tag": "pl", "speaks": "native", "reads": "fluent"}],
            },
            {
                "id": "kid",
                "name": texts["child"],
                "role": "subject_child",
                "date_of_birth": "2015-05-05",
                "languages": [{"tag": "en", "speaks": "native"}],
            },
        ],
        "interpreters": [
            {"id": "int1", "name": texts["interpreter"], "languages": ["pl"], "registration": "N 1"}
        ],
        "contacts": [
            {
                "id": "hv-01",
                "kind": "home_visit",
                "start": "2026-12-01T10:00",
                "location": texts["location"],
                "notes": texts["notes"],
                "attendees": ["mum", "kid"],
                "interpreting": [
                    {"for": ["mum"], "language": "pl", "interpreter": "int1", "status": "confirmed"}
                ],
                "seen_alone": [{"child": "kid", "duration_minutes": 20}],
            }
        ],
    }
    # YAML reads no surrogate pair escapes (so characters beyond U+FFFF stay as
    # they are), and no raw C1 control: those are written as \\uXXXX
    return YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False))


FIELDS = ("mother", "child", "address", "interpreter", "location", "notes")
hostile = st.text(
    alphabet=st.one_of(
        st.sampled_from("\x1b\x07\x00\r\n\x85\u2028\u2029\u202e\u2066\u2069\u200f\ufeff:;,\"'\\"),
        st.characters(exclude_categories=["Cs"]),  # a lone surrogate can't be in a UTF-8 file
    ),
    min_size=1,
    max_size=30,
)


def commands(path: Path) -> list[list[str]]:
    return [
        ["languages", str(path)],
        ["check", str(path), "--today", "2026-11-22"],
        ["plan", str(path), "--kind", "office_visit", "--start", "2026-12-08T10:00", "--today", "2026-11-22"],
        ["calendar", str(path), "-o", "-"],
    ]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.fixed_dictionaries({field: hostile for field in FIELDS}))
def test_no_text_makes_a_command_print_a_traceback(tmp_path_factory, texts: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "case.json"
    path.write_text(case(texts), encoding="utf-8")
    for args in commands(path):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        shown = result.output if args[0] != "calendar" else result.stderr
        assert not RAW.search(shown.replace("\n", "")), (args, shown)


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hostile.filter(lambda text: not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", text)))
def test_a_hostile_reference_is_refused_in_one_message(tmp_path_factory, reference: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("reference")
    path = folder / "case.json"
    plain = {field: "Anna" for field in FIELDS}
    path.write_text(case({**plain, "reference": reference}), encoding="utf-8")
    for args in commands(path):
        result = runner.invoke(app, args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 2, (args, result.output)
        assert "case reference" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output and not RAW.search(result.output.replace("\n", ""))


def test_the_plain_reference_lets_hostile_fields_reach_every_command(tmp_path: Path) -> None:
    """The near miss of the tests above: with the plain reference, text
    that is odd but allowed (quotes, separators, a direction override in the
    notes) reaches the commands, which answer and show it escaped."""
    texts = {field: 'Anna "; Nowak, \u202etxet' for field in FIELDS}
    path = tmp_path / "case.json"
    path.write_text(case(texts), encoding="utf-8")
    codes = {}
    for args in commands(path):
        result = runner.invoke(app, args)
        codes[args[0]] = result.exit_code
        shown = result.output if args[0] != "calendar" else result.stderr
        assert not RAW.search(shown.replace("\n", "")), (args, shown)
    assert codes["languages"] == 0 and codes["calendar"] == 0 and codes["check"] in (0, 1)
    assert codes["plan"] in (0, 1)
