"""Hypothesis drives mutated and random case files through the reader:
the only outcomes are a valid case or one clean CaseFileError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from contactplan.casefile import load_case_text
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
