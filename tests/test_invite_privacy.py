"""Names never leak (issue 26): a case reference that holds a family name
(``CP-WRZOSEK-KUBA``), a surname typed without its accents, a street or a
postcode alone never reach a calendar file, an invitation sent through a
real SMTP server, or a published event; importing such a case warns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servers import SmtpServer
from test_invite import case_file, edit, run, smtp_env  # noqa: F401  (the fixture)

from contactplan.calendar.privacy import PrivacyScreen, fold, reference_names, screened_reference
from contactplan.casefile import load_case, load_case_text

#: What identifies the family of tests/data/invite-case.yaml once edited below.
LEAKS = ["wrzosek", "kuba", "zosia", "zieli", "heatherfield", "ex2 2bb", "ex22bb", "magda"]


@pytest.fixture
def named_case(case_file: Path) -> Path:  # noqa: F811
    """The invitation test case with a reference made of names, an accented
    surname, and free text naming the family in other ways."""
    edit(case_file, "reference: CP-TEST-SEND", "reference: CP-WRZOSEK-KUBA")
    edit(case_file, "name: Zosia Wrzosek", "name: Zosia Zielińska")
    text = case_file.read_text(encoding="utf-8")
    # a location that names the street alone, one that is the postcode alone, a title with the surname unaccented
    text = text.replace(
        'location: "Civic Centre, Example Street"', 'location: "Heatherfield Rd, by the shop"', 1
    )
    text = text.replace('location: "Civic Centre, Example Street"', 'location: "EX22BB"', 1)
    case_file.write_text(text, encoding="utf-8")
    edit(case_file, "kind: home_visit", "kind: home_visit\n    title: Zielinska family visit")
    return case_file


def leaks(text: str) -> list[str]:
    plain = fold(text)
    return [word for word in LEAKS if word in plain]


def test_the_reference_and_the_names_never_reach_a_calendar_file(named_case: Path) -> None:
    result = run("calendar", named_case, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert leaks(result.stdout) == []
    assert "SUMMARY:Home visit · CP-***-***" in result.stdout
    assert "X-CONTACTPLAN-CASE:CP-***-***" in result.stdout
    # with names asked for, everything is there
    named = run("calendar", named_case, "-o", "-", "--include-names")
    assert "CP-WRZOSEK-KUBA" in named.stdout and "Zielinska family visit" in named.stdout


def test_the_reference_and_the_names_never_reach_an_invitation(named_case: Path) -> None:
    with SmtpServer() as server:
        result = run("invite", named_case, env=smtp_env(server))
    assert result.returncode in (0, 1), result.stderr
    assert server.received
    for received in server.received:
        message = received.message
        parts = [f"{key}: {value}" for key, value in message.items()]  # headers, decoded
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                parts.append(payload.decode("utf-8", "replace"))
        text = re.sub(r"\r?\n[ \t]", "", "\n".join(parts))  # iCalendar lines folded back
        assert leaks(text) == [], leaks(text)
        assert "Invitation: Home visit · CP-***-***" in str(message["Subject"]) or "CP-***-***" in text


def test_importing_a_case_whose_reference_holds_names_warns(named_case: Path, tmp_path: Path) -> None:
    result = run("db", "import", named_case, "--database", str(tmp_path / "s.sqlite3"))
    assert result.returncode == 0
    said = " ".join(result.stderr.split())
    assert (
        "CP-WRZOSEK-KUBA: the case reference holds a family member's name or address (kuba, wrzosek)" in said
    )
    assert "'CP-***-***'" in said


def test_the_screen_catches_accents_streets_and_postcodes_and_lets_the_rest_through() -> None:
    case = load_case_text(
        "contactplan: 1\n"
        "case: {reference: CP/2026/ZIELINSKA}\n"
        "members:\n"
        "  - {id: kid, name: Łucja Zielińska, role: subject_child, date_of_birth: 2019-05-05,\n"
        '     address: "Flat 2, 41 Bolton Lane, Leeds LS6 3AB"}\n',
        "c.yaml",
    )
    screen = PrivacyScreen(case)
    for text in (
        "Zielinska",
        "lucja",
        "ZIELIŃSKA",
        "Bolton Ln",
        "41 Bolton Lane",
        "ls63ab",
        "LS6 3AB",
        "5 May 2019",
    ):
        assert not screen.may_show(text), text
    for text in ("Civic Centre", "Room 4", "Leeds General Infirmary entrance B", "Lane 3 of the car park"):
        assert screen.may_show(text), text
    assert screened_reference(case) == "CP/2026/***"
    assert reference_names(case) == ["zielinska"]
    assert reference_names(load_case(Path(__file__).parent / "data" / "invite-case.yaml")) == []


@given(st.text(max_size=40))
def test_the_screened_reference_never_holds_a_family_word(reference: str) -> None:
    case = load_case_text(
        "contactplan: 1\ncase: {reference: X}\nmembers:\n"
        "  - {id: kid, name: Kuba Wrzosek, role: subject_child, date_of_birth: 2019-05-05}\n",
        "c.yaml",
    )
    import msgspec

    case = msgspec.structs.replace(
        case, case=msgspec.structs.replace(case.case, reference=f"CP-{reference}-KUBA")
    )
    shown = fold(screened_reference(case))
    assert not re.search(r"(?<![a-z0-9])(kuba|wrzosek)(?![a-z0-9])", shown)
