"""Hypothesis drives mutated and random case files through the reader:
the only outcomes are a valid case or one clean CaseFileError, whatever value
stands at whatever place of the file."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from contactplan.casefile import load_case_text
from contactplan.casefile.yaml12 import parse
from contactplan.errors import CaseFileError
from contactplan.model import Case

GOOD = (Path(__file__).resolve().parent.parent / "examples" / "nowak-family-good.yaml").read_text()
LINES = GOOD.splitlines(keepends=True)


def read(text: str) -> None:
    try:
        case = load_case_text(text, "fuzz.yaml")
    except CaseFileError as error:
        message = str(error)
        assert message.startswith("fuzz.yaml")
        assert "\n" not in message.strip() or "YAML" in message
    else:
        assert isinstance(case, Case)


@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    read(text)


@given(st.data())
def test_mutated_lines(data: st.DataObject) -> None:
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace", "swap"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "replace":
            indent = len(lines[index]) - len(lines[index].lstrip())
            value = data.draw(
                st.one_of(
                    st.text(max_size=30),
                    st.sampled_from(
                        [
                            "no",
                            "yes",
                            "~",
                            "0123",
                            "12:30",
                            "1e9",
                            ".inf",
                            "&a x",
                            "*a",
                            "!!binary AA==",
                            "[",
                            "{",
                            "- -",
                        ]
                    ),
                )
            )
            key = lines[index].strip().split(":", 1)[0] or "x"
            lines[index] = " " * indent + f"{key}: {value}\n"
        else:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        if not lines:
            break
    read("".join(lines))


@given(st.binary(max_size=200))
def test_random_bytes_as_text(raw: bytes) -> None:
    read(raw.decode("utf-8", "replace"))


# --------------------------------------------------------------------------
# Any value anywhere (issue 17): the reader raises CaseFileError or nothing.

GOOD_DATA = yaml.safe_load(GOOD.replace("\t", " "))

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**31 - 2, max_value=2**70),
    st.integers(min_value=-(2**70), max_value=-1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.text(alphabet="0123456789/-:T.+ ", max_size=25),  # dates, times, offsets
    st.sampled_from(
        [
            "GMT",
            "Etc/UTC",
            "+01:00",
            "bsl",
            "sgn",
            "Kurdish",
            "01/12/2026",
            "0002-01-01",
            "9999-12-31T10:00",
            "2026-02-30",
            "no",
            "0123",
            "12:30",
            "x" * 5000,
            "en-" + "-".join(["abcde"] * 1000),
            "\x1b[2J",
            "\u202e",
            "con",
            "a\n",
            "../../etc/passwd",
        ]
    ),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


PATHS = [p for p in _paths(GOOD_DATA) if p]


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    result = copy.deepcopy(data)
    place = result
    for part in path[:-1]:
        place = place[part]
    place[path[-1]] = value
    return result


def _default(value: Any) -> str:
    return str(value)  # dates PyYAML read from the example


@given(st.sampled_from(PATHS), _VALUES)
# what crashed the reader before (issue 17): RecursionError in the tag parser
@example(("members", 0, "languages", 0, "tag"), "en-" + "-".join(["abcde"] * 1000))
@example(("case", "timezone"), "Europe/" + "A" * 900_000)
@example(("members", 0, "languages"), ["pl"])
def test_no_value_anywhere_raises_anything_but_case_file_error(path: tuple[Any, ...], value: Any) -> None:
    text = json.dumps(_replaced(GOOD_DATA, path, value), default=_default, ensure_ascii=False)
    read(text)


@given(st.sampled_from(PATHS), _SCALARS.filter(lambda v: isinstance(v, str)))
def test_no_plain_yaml_scalar_anywhere_raises_anything_but_case_file_error(
    path: tuple[Any, ...], value: str
) -> None:
    """The same, with the value written as YAML writes it (plain where it can)."""
    text = yaml.safe_dump(_replaced(GOOD_DATA, path, value), allow_unicode=True, sort_keys=False)
    read(text)


@given(st.sampled_from([p for p in PATHS if p[-1] != "contactplan"]), st.text(min_size=1, max_size=20))
def test_an_unknown_key_anywhere_is_a_case_file_error(path: tuple[Any, ...], key: str) -> None:
    data = json.loads(json.dumps(GOOD_DATA, default=_default))
    target = data
    for part in path[:-1]:
        target = target[part]
    if isinstance(target, dict) and key not in target:
        target[key] = 1
    read(json.dumps(data))


# Text PyYAML (a YAML 1.1 writer) leaves plain where YAML 1.2 reads a number
# (``0o7``, ``1e5``) is left out: that difference is the writer's, and the
# reader keeps such text where text is expected (``Document.raw``).
_WORDS = st.text(st.characters(categories=["L", "M", "Zs", "P"]), max_size=8)
_WRITTEN_SCALARS = st.one_of(
    _WORDS,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "no", "on", "0x1f", "12:30", "0123", "~", "null", ".inf", "&a", "*a", "! x"]),
)
_WRITTEN = st.recursive(
    _WRITTEN_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_WORDS, inner, max_size=4),
    max_leaves=20,
)


@given(_WRITTEN, _WRITTEN, st.integers(0, 3), st.sampled_from([None, True, False]))
def test_what_yaml_writes_reads_back_the_same_with_every_line(
    shared: Any, other: Any, copies: int, flow: bool | None
) -> None:
    """The event-driven reader (``casefile.yaml12``) against PyYAML's writer:
    any nesting, block or flow style, values shared by anchors and aliases;
    every value read back equal, and every one has a line."""
    data = {"shared": shared, "other": other, "copies": [shared] * copies, "deeper": {"x": [shared]}}
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    read_back, document = parse(text, "written.yaml")
    assert read_back == data
    lines = len(text.splitlines())
    for path in _paths(read_back):
        line = document.line(path)
        assert line is not None and 1 <= line <= lines, (path, text)
