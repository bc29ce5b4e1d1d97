"""The planner follows the same safety rules as the checks (spec cli.md,
"Plan (new rules)"): each rule with a case that triggers it and a near miss,
through the library and through the command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from contactplan.casefile import load_case, load_case_text
from contactplan.cli import app
from contactplan.errors import UsageError
from contactplan.model import Case
from contactplan.planning import ContactRequest, Proposal, propose_contact

DATA = Path(__file__).resolve().parent / "data"
DEAF = DATA / "deaf-family.yaml"
ABUSE = DATA / "perpetrator-family.yaml"
TODAY = dt.date(2026, 11, 22)
#: A Wednesday, after school.
START = dt.datetime(2026, 12, 9, 16, 0)
runner = CliRunner()


def propose(case: Case, **changes: object) -> Proposal:
    values: dict[str, object] = {"kind": "home_visit", "start": START, "today": TODAY}
    values.update(changes)
    return propose_contact(case, ContactRequest(**values))  # type: ignore[arg-type]


def family(members: str, interpreters: str = "", contacts: str = "", letters: str = "") -> Case:
    text = "contactplan: 1\ncase: {reference: CP-TEST-RULES}\nmembers:\n" + members
    for key, value in (("interpreters", interpreters), ("contacts", contacts), ("letters", letters)):
        if value:
            text += f"{key}:\n{value}"
    return load_case_text(text, "test.yaml")


MUM = """\
  - id: mum
    name: Test Mother
    role: parent
    languages:
      - {tag: pl, speaks: native, reads: fluent}
      - {tag: en, speaks: basic, reads: basic}
"""
OLDER = """\
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2016-05-05
    languages:
      - {tag: en, speaks: native, reads: fluent}
"""
BABY = """\
  - id: baby
    name: Test Baby
    role: subject_child
    date_of_birth: 2026-05-01
"""
TODDLER_WITH_LANGUAGES = """\
  - id: baby
    name: Test Baby
    role: subject_child
    date_of_birth: 2023-12-20
    languages:
      - {tag: en, speaks: basic}
"""
EWA = "  - {id: int-ewa, name: Ewa Test, languages: [pl], gender: female, registration: NRPSI 1}\n"


def plan_cli(path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(
        app,
        [
            "plan",
            str(path),
            "--kind",
            "home_visit",
            "--start",
            "2026-12-09T16:00",
            "--today",
            "2026-11-22",
            *extra,
        ],
    )
    data = json.loads(result.stdout) if "--format" in extra else yaml.safe_load(result.stdout)
    return result.exit_code, data, result.stderr


# --------------------------------------------------------------------------
# Young children


@pytest.mark.parametrize("baby", [BABY, TODDLER_WITH_LANGUAGES])
def test_no_time_alone_and_no_interpreter_for_a_young_child(baby: str) -> None:
    proposal = propose(family(MUM + baby + OLDER, EWA))
    contact = proposal.contact
    assert "baby" in contact.attendees
    assert [s.child for s in contact.seen_alone] == ["kid"]
    assert all("baby" not in a.for_ for a in contact.interpreting)
    assert not any(u.member == "baby" for u in proposal.unresolved)  # no CP401 for a baby
    assert any("baby is a young child" in e and "observed" in e for e in proposal.explanations)


def test_a_child_of_three_is_not_a_young_child() -> None:
    older = TODDLER_WITH_LANGUAGES.replace("2023-12-20", "2023-12-01")
    contact = propose(family(MUM + older, EWA)).contact
    assert [s.child for s in contact.seen_alone] == ["baby"]


def test_a_young_subject_child_always_attends() -> None:
    proposal = propose(family(MUM + BABY + OLDER, EWA), attendees=("mum", "kid"))
    assert proposal.contact.attendees == ["mum", "baby", "kid"]
    assert any("young subject child is always among the attendees" in e for e in proposal.explanations)
    # a near miss: an older subject child left out with --with stays out
    left_out = propose(family(MUM + BABY + OLDER, EWA), attendees=("mum",)).contact
    assert left_out.attendees == ["mum", "baby"]


def test_cli_young_child(tmp_path: Path) -> None:
    _code, data, notes = plan_cli(DEAF)
    contact = data["contacts"][-1]
    assert "noah" in contact["attendees"]
    assert [s["child"] for s in contact["seen_alone"]] == ["lily"]
    assert "No time alone with noah" in notes


# --------------------------------------------------------------------------
# Alleged perpetrators


def test_an_alleged_perpetrator_is_not_invited() -> None:
    case = load_case(ABUSE)
    proposal = propose(case)
    assert "victor" not in proposal.contact.attendees
    assert all(letter.to != "victor" for letter in proposal.letters)
    assert any("Not invited: victor" in e and "--with" in e for e in proposal.explanations)


def test_an_alleged_perpetrator_named_with_with_attends_but_not_at_time_alone() -> None:
    case = load_case(ABUSE)
    proposal = propose(case, attendees=("ana", "victor", "mara"))
    contact = proposal.contact
    assert "victor" in contact.attendees
    # interpreted for on his own, never with the mother he is alleged to harm
    covering = [a.for_ for a in contact.interpreting]
    assert ["victor"] in covering and ["ana"] in covering
    # and never by an interpreter who knows him (known_to)
    assert all(a.interpreter != "int-ro-ion" for a in contact.interpreting)
    assert all(s.by is None for s in contact.seen_alone)
    assert any(
        "victor" in e and "not present during any child's time alone" in e for e in proposal.explanations
    )
    assert any("During the time alone with mara, victor" in e for e in proposal.explanations)


def test_a_household_adult_not_alleged_is_invited() -> None:
    text = ABUSE.read_text(encoding="utf-8").replace("    alleged_perpetrator: true\n", "")
    assert "victor" in propose(load_case_text(text, "x.yaml")).contact.attendees


def test_cli_alleged_perpetrator(tmp_path: Path) -> None:
    code, data, notes = plan_cli(ABUSE)
    assert code == 0
    assert "victor" not in data["contacts"][-1]["attendees"]
    assert "Not invited: victor" in notes
    _code, data, notes = plan_cli(ABUSE, "--with", "ana,victor,mara")
    assert "victor" in data["contacts"][-1]["attendees"]


# --------------------------------------------------------------------------
# Sign language and Deaf relay interpreters


def test_sign_language_in_person_at_a_visit_with_a_relay() -> None:
    proposal = propose(load_case(DEAF))
    [arrangement] = proposal.contact.interpreting
    assert (arrangement.language, arrangement.mode) == ("bfi", "in_person")
    assert arrangement.interpreter == "int-bsl-ruth"  # the relay interpreter is not the BSL/English one
    assert arrangement.relay_interpreter == "int-bsl-relay"
    assert any("Deaf relay interpreter" in b for b in proposal.bookings)


def test_a_phone_call_with_a_signer_becomes_a_video_call() -> None:
    proposal = propose(load_case(DEAF), kind="phone_call", attendees=("grace",))
    assert proposal.contact.kind == "video_call"
    assert all(a.mode == "video" for a in proposal.contact.interpreting)
    assert any("sign language can't be interpreted by telephone" in e for e in proposal.explanations)
    # a near miss: a phone call with a hearing Polish speaker stays a phone call
    polish = propose(family(MUM + OLDER, EWA), kind="phone_call", attendees=("mum",))
    assert polish.contact.kind == "phone_call"
    assert polish.contact.interpreting[0].mode == "telephone"


def test_no_relay_in_the_register_is_listed_to_book() -> None:
    text = DEAF.read_text(encoding="utf-8").split("  - id: int-bsl-relay")[0]
    proposal = propose(load_case_text(text, "x.yaml"))
    [arrangement] = proposal.contact.interpreting
    assert arrangement.relay_interpreter is None
    assert any(u.code == "CP118" and u.member == "tom" for u in proposal.unresolved)
    assert any("Book a Deaf relay interpreter" in b for b in proposal.bookings)


def test_no_relay_without_the_need() -> None:
    text = DEAF.read_text(encoding="utf-8").replace("    communication_needs: [deaf_relay]\n", "")
    proposal = propose(load_case_text(text, "x.yaml"))
    assert proposal.contact.interpreting[0].relay_interpreter is None


def test_cli_deaf_family() -> None:
    _code, data, _notes = plan_cli(DEAF, "--format", "json")
    contact = data["contact"]
    assert contact["interpreting"][0]["relay_interpreter"] == "int-bsl-relay"
    assert contact["interpreting"][0]["mode"] == "in_person"
    [call] = data["calls"]
    assert call["kind"] == "video_call"


# --------------------------------------------------------------------------
# Missed contacts


def test_follow_up_of_names_every_missed_contact_nothing_follows_up() -> None:
    assert propose(load_case(ABUSE)).contact.follow_up_of == ["hv-01", "hv-02"]
    # one: a single id
    text = ABUSE.read_text(encoding="utf-8").replace(
        "    start: 2026-11-03T16:00\n    duration_minutes: 90\n    status: no_access",
        "    start: 2026-11-03T16:00\n    duration_minutes: 90\n    status: held\n    seen: [ana, mara, ilie]",
    )
    assert propose(load_case_text(text, "x.yaml")).contact.follow_up_of == "hv-01"
    # a near miss: a letter already follows them up
    followed = ABUSE.read_text(encoding="utf-8") + (
        "letters:\n  - {id: miss-1, template: missed_appointment, to: ana, contact: hv-02, "
        "follow_up_of: [hv-01, hv-02]}\n"
    )
    assert propose(load_case_text(followed, "x.yaml")).contact.follow_up_of is None


def test_cli_follow_up_of() -> None:
    _code, data, _notes = plan_cli(ABUSE)
    assert data["contacts"][-1]["follow_up_of"] == ["hv-01", "hv-02"]


# --------------------------------------------------------------------------
# Someone who can't read


def test_a_non_reader_gets_a_video_call_before_the_visit_named_in_the_letter() -> None:
    proposal = propose(load_case(DEAF))
    [call] = proposal.calls
    assert call.kind == "video_call"  # a signer: never a phone call
    assert call.attendees == ["tom"]
    assert call.start < proposal.contact.start
    [arrangement] = call.interpreting
    assert (arrangement.language, arrangement.mode, arrangement.for_) == ("bfi", "video", ["tom"])
    assert arrangement.relay_interpreter == "int-bsl-relay"
    letters = {letter.to: letter for letter in proposal.letters}
    assert letters["tom"].explained_at == call.id
    assert letters["grace"].explained_at is None  # a near miss: Grace reads English
    assert proposal.data()["contacts"][0]["id"] == call.id


def test_a_hearing_non_reader_gets_a_phone_call() -> None:
    reads_nothing = MUM.replace("reads: fluent", "reads: basic")
    proposal = propose(family(reads_nothing + OLDER, EWA))
    [call] = proposal.calls
    assert call.kind == "phone_call"
    assert call.interpreting[0].mode == "telephone"
    assert call.interpreting[0].language == "pl"
    assert proposal.letters[0].explained_at == call.id


def test_cli_writes_the_call_and_the_visit(tmp_path: Path) -> None:
    target = tmp_path / "deaf.yaml"
    shutil.copy(DEAF, target)
    _code, _data, notes = plan_cli(target, "--write")
    case = load_case(target)
    ids = [c.id for c in case.contacts]
    assert ids[-1] == "hv-2026-12-09" and ids[-2].startswith("video-")
    assert case.letter("inv-hv-2026-12-09-tom").explained_at == ids[-2]
    assert f"Added {ids[-2]}, hv-2026-12-09" in notes


# --------------------------------------------------------------------------
# Reasons in the words of the record


@pytest.mark.parametrize(
    ("member", "reason", "never"),
    [
        (
            "  - {id: a, name: A, role: parent, interpreter: not_needed, languages: [{tag: fr, speaks: native, reads: native}]}\n",
            "a needs no interpreter: recorded as not needing one.",
            "well enough",
        ),
        (
            "  - {id: a, name: A, role: parent, languages: [{tag: fr, speaks: native, reads: native}, {tag: en, speaks: fluent}]}\n",
            "a needs no interpreter: speaks English fluently.",
            "recorded",
        ),
        (
            "  - {id: a, name: A, role: parent, languages: [{tag: en, speaks: native, reads: native}]}\n",
            "a needs no interpreter: their preferred spoken language is English.",
            "fluently",
        ),
        (
            "  - {id: a, name: A, role: parent, interpreter: required, languages: [{tag: fr, speaks: native, reads: native}, "
            "{tag: en, speaks: fluent}]}\n",
            "a needs an interpreter in French (français): recorded as needing one.",
            "fluently",
        ),
    ],
)
def test_interpreter_reasons_come_from_the_record(member: str, reason: str, never: str) -> None:
    proposal = propose(family(member + OLDER))
    about = [e for e in proposal.explanations if e.startswith("a needs")]
    assert about[0].startswith(reason)
    assert not any("well enough" in e for e in proposal.explanations)
    assert never not in about[0]


def test_not_needed_with_little_english_says_what_the_record_says() -> None:
    member = "  - {id: a, name: A, role: parent, interpreter: not_needed, languages: [{tag: fr, speaks: native, reads: native}, {tag: en, speaks: basic}]}\n"
    proposal = propose(family(member + OLDER))
    about = next(e for e in proposal.explanations if e.startswith("a needs"))
    assert "recorded as not needing one" in about and "'basic'" in about and "CP405" in about


def test_cli_reasons() -> None:
    _code, _data, notes = plan_cli(ABUSE)
    assert "mara needs no interpreter: recorded as not needing one." in notes
    assert "well enough" not in notes


# --------------------------------------------------------------------------
# School hours


@pytest.mark.parametrize(
    ("start", "warned"),
    [
        (dt.datetime(2026, 12, 9, 11, 0), True),  # Wednesday 11:00
        (dt.datetime(2026, 12, 9, 8, 30), True),  # runs into school time
        (dt.datetime(2026, 12, 9, 15, 0), False),  # after school
        (dt.datetime(2026, 12, 12, 11, 0), False),  # Saturday
    ],
)
def test_school_age_child_at_home_in_school_hours_is_a_warning(start: dt.datetime, warned: bool) -> None:
    proposal = propose(family(MUM + OLDER, EWA), start=start)
    assert bool(proposal.warnings) is warned
    if warned:
        assert "kid (10)" in proposal.warnings[0] and "school" in proposal.warnings[0]


def test_no_school_hours_warning_for_a_school_visit_or_a_baby() -> None:
    at_school = propose(family(MUM + OLDER, EWA), kind="school_visit", start=dt.datetime(2026, 12, 9, 11, 0))
    assert not at_school.warnings
    baby = propose(family(MUM + BABY, EWA), start=dt.datetime(2026, 12, 9, 11, 0))
    assert not baby.warnings


def test_cli_school_hours_warning() -> None:
    result = runner.invoke(
        app,
        ["plan", str(ABUSE), "--kind", "home_visit", "--start", "2026-12-09T11:00", "--today", "2026-11-22"],
    )
    assert "# Warnings:" in result.stderr and "mara (9)" in result.stderr
    as_json = runner.invoke(
        app,
        [
            "plan",
            str(ABUSE),
            "--kind",
            "home_visit",
            "--start",
            "2026-12-09T11:00",
            "--today",
            "2026-11-22",
            "--format",
            "json",
        ],
    )
    assert any("mara (9)" in w for w in json.loads(as_json.stdout)["warnings"])


# --------------------------------------------------------------------------
# Dates and numbers a plan can't hold


@pytest.mark.parametrize(
    "changes",
    [
        {"start": dt.datetime(2, 1, 1, 10, 0)},
        {"start": dt.datetime(9999, 12, 31, 10, 0)},
        {"duration_minutes": 2**31},
    ],
)
def test_out_of_range_requests_are_usage_errors(changes: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        propose(load_case(ABUSE), **changes)


def test_contacts_far_in_the_future_do_not_crash_the_planner() -> None:
    import msgspec

    from contactplan.model import Contact, Interpreting

    case = family(MUM + OLDER, EWA)
    far = Contact(
        id="far",
        kind="office_visit",
        start=dt.datetime(9999, 12, 31, 23, 0),  # type: ignore[arg-type]
        duration_minutes=2**31,
        attendees=["mum"],
        interpreting=[Interpreting(for_=["mum"], language="pl", interpreter="int-ewa", status="confirmed")],
    )
    case = msgspec.structs.replace(case, contacts=[far])
    planner_only = __import__("contactplan.planning.planner", fromlist=["Planner"])
    planner = planner_only.Planner(case, ContactRequest(kind="home_visit", start=START, today=TODAY))
    # the overlap and booking logic copes (the checks are the reader's and checks' business)
    assert planner.busy_at(case.interpreters[0], case.localize(START), 60) == []
    planner.note_overlaps(case.localize(START), 60)


@pytest.mark.parametrize("start", ["0002-01-01T10:00", "9999-12-31T10:00"])
def test_cli_out_of_range_start_is_exit_2(start: str) -> None:
    result = runner.invoke(app, ["plan", str(ABUSE), "--kind", "home_visit", "--start", start])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("duration", ["2147483648", "1441"])
def test_cli_out_of_range_duration_is_exit_2(duration: str) -> None:
    result = runner.invoke(
        app,
        ["plan", str(ABUSE), "--kind", "home_visit", "--start", "2026-12-09T16:00", "--duration", duration],
    )
    assert result.exit_code == 2
    assert "--duration" in result.stderr and "Traceback" not in result.output
