"""When the planner plans (spec cli.md, "Plan", new (2026-12)): never two
bookings of one person at once, one call together for a household that
can't read, separate calls for an alleged perpetrator, nothing in the past,
the first suitable time when no start is given, before a child on a plan is
due a visit; and what it refuses to add. Each rule with a near miss."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from plan_support import double_booked
from typer.testing import CliRunner

from contactplan import clock
from contactplan.api import ProposalRefused, accept_proposal
from contactplan.casefile import load_case_text
from contactplan.checks import run_checks
from contactplan.cli import app
from contactplan.model import Case
from contactplan.planning import ContactRequest, Proposal, StartRefused, propose_contact

runner = CliRunner()
#: A Tuesday; the visit asked for is on the Thursday after school.
TODAY = dt.date(2026, 12, 8)
START = dt.datetime(2026, 12, 10, 16, 0)

HEAD = """\
contactplan: 1
case:
  reference: CP-TEST-TIME
  lead_practitioner: {name: Jo Smith, role: Social Worker, email: jo.smith@example.gov.uk}
"""
KID = """\
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2016-01-01
    languages: [{tag: ps, speaks: native, reads: basic}, {tag: en, speaks: fluent, reads: fluent}]
"""
#: Two parents and a grandmother who speak Pashto and read no language; the
#: grandmother is alleged to harm the others (named only with --with).
HOUSEHOLD = """\
  - id: mum
    name: Test Mother
    role: parent
    address: "1 Example Road, Example City"
    languages: [{tag: ps, speaks: native, reads: none}]
  - id: dad
    name: Test Father
    role: parent
    languages: [{tag: ps, speaks: native, reads: none}]
  - id: gran
    name: Test Grandmother
    role: relative
    alleged_perpetrator: true
    languages: [{tag: ps, speaks: native, reads: none}]
"""
PASHTO = "  - {id: int-ps, name: Pash Interpreter, languages: [ps], registration: NRPSI 1}\n"


def case_of(members: str, interpreters: str = PASHTO, contacts: str = "", extra: str = "") -> Case:
    text = HEAD + "members:\n" + members
    if interpreters:
        text += "interpreters:\n" + interpreters
    if contacts:
        text += "contacts:\n" + contacts
    return load_case_text(text + extra, "time.yaml")


def propose(case: Case, **changes: object) -> Proposal:
    values: dict[str, object] = {"kind": "home_visit", "start": START, "today": TODAY}
    values.update(changes)
    return propose_contact(case, ContactRequest(**values))  # type: ignore[arg-type]


def own_cp701(case: Case, proposal: Proposal) -> list[str]:
    ids = {c.id for c in proposal.contacts}
    return [
        f.contact or ""
        for f in run_checks(proposal.applied_to(case), today=TODAY)
        if f.code == "CP701" and f.contact in ids
    ]


# --------------------------------------------------------------------------
# One call together for a household; an alleged perpetrator apart


def test_a_household_that_cant_read_gets_one_call_together() -> None:
    case = case_of(HOUSEHOLD + KID)
    proposal = propose(case)
    [call] = proposal.calls
    assert sorted(call.attendees) == ["dad", "mum"]
    [arrangement] = call.interpreting
    assert sorted(arrangement.for_) == ["dad", "mum"] and arrangement.interpreter == "int-ps"
    letters = {letter.to: letter.explained_at for letter in proposal.letters}
    assert letters == {"mum": call.id, "dad": call.id}
    assert own_cp701(case, proposal) == [] and double_booked(case, proposal) == []
    assert any("one phone call together" in e for e in proposal.explanations)
    assert not proposal.caused


def test_an_alleged_perpetrator_gets_a_call_of_their_own_at_another_time() -> None:
    case = case_of(HOUSEHOLD + KID)
    proposal = propose(case, attendees=("mum", "dad", "gran", "kid"))
    calls = {tuple(sorted(c.attendees)): c for c in proposal.calls}
    assert set(calls) == {("dad", "mum"), ("gran",)}
    together, apart = calls[("dad", "mum")], calls[("gran",)]
    ends = together.start + dt.timedelta(minutes=together.duration_minutes)
    assert apart.start >= ends or apart.start + dt.timedelta(minutes=30) <= together.start
    # the same interpreter for both calls (not at once), and for the visit
    assert {a.interpreter for c in proposal.calls for a in c.interpreting} == {"int-ps"}
    assert own_cp701(case, proposal) == [] and double_booked(case, proposal) == []
    assert any("alleged perpetrator" in e and "call of their own" in e for e in proposal.explanations)


def test_someone_who_lives_elsewhere_gets_a_call_of_their_own() -> None:
    case = case_of(
        HOUSEHOLD.replace(
            "    role: parent\n    languages", "    role: parent\n    household: false\n    languages"
        )
        + KID
    )
    proposal = propose(case, attendees=("mum", "dad", "kid"))
    assert sorted(tuple(c.attendees) for c in proposal.calls) == [("dad",), ("mum",)]
    assert double_booked(case, proposal) == []


def test_different_languages_get_calls_at_different_times() -> None:
    case = case_of(
        HOUSEHOLD.replace(
            "tag: ps, speaks: native, reads: none}]\n  - id: gran",
            "tag: so, speaks: native, reads: none}]\n  - id: gran",
        )
        + KID,
        PASHTO + "  - {id: int-so, name: Som Interpreter, languages: [so], registration: NRPSI 2}\n",
    )
    proposal = propose(case)
    assert sorted(tuple(c.attendees) for c in proposal.calls) == [("dad",), ("mum",)]
    # one practitioner makes both calls: never at once
    first, second = proposal.calls
    assert first.start + dt.timedelta(minutes=first.duration_minutes) <= second.start
    assert double_booked(case, proposal) == []


def test_a_call_is_never_when_the_interpreter_is_booked_elsewhere() -> None:
    busy = (
        "  - {id: other, kind: office_visit, start: 2026-12-08T09:00, duration_minutes: 540, attendees: [],"
        " interpreting: [{for: [], language: ps, interpreter: int-ps, status: confirmed}]}\n"
    )
    case = case_of(HOUSEHOLD + KID, contacts=busy)
    proposal = propose(case)
    [call] = proposal.calls
    assert call.start.date() == dt.date(2026, 12, 9)  # not on the 8th: the interpreter is out all day
    assert call.interpreting[0].interpreter == "int-ps"
    assert double_booked(case, proposal) == []


# --------------------------------------------------------------------------
# Nothing in the past; never at a time someone is already booked


def test_a_start_in_the_past_is_refused() -> None:
    case = case_of(HOUSEHOLD + KID)
    with pytest.raises(
        StartRefused, match="is in the past: nothing is planned before the start of 8 Dec 2026"
    ):
        propose(case, start=dt.datetime(2026, 12, 7, 16, 0))
    propose(case, start=dt.datetime(2026, 12, 8, 16, 0))  # a near miss: later on --today


def test_on_the_real_today_the_past_is_before_now() -> None:
    case = case_of(HOUSEHOLD + KID)
    with clock.frozen(dt.datetime(2026, 12, 8, 14, 0, tzinfo=dt.UTC)):
        with pytest.raises(
            StartRefused, match=r"in the past: nothing is planned before now \(8 Dec 2026 at 14:00\)"
        ):
            propose(case, start=dt.datetime(2026, 12, 8, 10, 0))
        assert propose(case, start=dt.datetime(2026, 12, 8, 16, 0), attendees=("kid",)).contact


def test_cli_start_in_the_past_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + "members:\n" + HOUSEHOLD + KID, encoding="utf-8")
    before = path.read_bytes()
    args = [
        "plan",
        str(path),
        "--kind",
        "home_visit",
        "--start",
        "2026-12-01T10:00",
        "--today",
        "2026-12-08",
        "--write",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "in the past" in result.stderr and "leave out --start" in result.stderr
    assert "Traceback" not in result.output and path.read_bytes() == before


CLINIC = (
    "  - {id: gp-1, kind: health_appointment, start: 2026-12-10T15:30, duration_minutes: 60,"
    " attendees: [mum]}\n"
)


def test_a_family_member_already_booked_then_is_refused() -> None:
    case = case_of(HOUSEHOLD + KID, contacts=CLINIC)
    with pytest.raises(
        StartRefused, match=r"mum is at gp-1 \(health appointment, 10 Dec 2026 at 15:30 to 16:30\)"
    ) as refused:
        propose(case)
    assert [c.id for c in refused.value.clashes] == ["gp-1"]


@pytest.mark.parametrize(
    "other",
    [
        CLINIC.replace("start: 2026-12-10T15:30", "start: 2026-12-10T15:00"),  # ends as ours starts
        CLINIC.replace("attendees: [mum]}", "attendees: [mum], status: cancelled}"),
        CLINIC.replace("attendees: [mum]}", "attendees: [gran]}"),  # gran is not invited
    ],
)
def test_no_clash_near_misses(other: str) -> None:
    case = case_of(HOUSEHOLD + KID, contacts=other)
    assert propose(case).contact.start == START


def test_the_practitioner_already_booked_then_is_refused() -> None:
    meeting = (
        "  - {id: cg-1, kind: core_group, start: 2026-12-10T16:30, attendees: [],"
        " practitioners: [{name: J. Smith, email: Jo.Smith@example.gov.uk}]}\n"
    )
    with pytest.raises(StartRefused, match="Jo Smith is at cg-1"):
        propose(case_of(HOUSEHOLD + KID, contacts=meeting))
    # a near miss: another practitioner goes
    from contactplan.planning import parse_practitioner

    assert propose(
        case_of(HOUSEHOLD + KID, contacts=meeting), practitioner=parse_practitioner("Sam Lee")
    ).contact


# --------------------------------------------------------------------------
# The first suitable time


def test_without_a_start_the_first_suitable_time_after_school_for_a_pupil_at_home() -> None:
    case = case_of(HOUSEHOLD + KID)
    proposal = propose(case, start=None)
    assert proposal.contact.start == dt.datetime(2026, 12, 8, 15, 30)
    [call] = proposal.calls
    assert call.start < proposal.contact.start and call.start.date() == TODAY
    assert any(
        e.startswith("When: Tuesday 8 Dec 2026 at 15:30, the first suitable time")
        for e in proposal.explanations
    )
    # a near miss: an office appointment can be in the morning (the call before it first)
    office = propose(case, start=None, kind="office_visit")
    assert office.contact.start == dt.datetime(2026, 12, 8, 9, 30)
    assert not proposal.warnings and not office.warnings


def test_without_a_start_weekends_and_bank_holidays_are_skipped() -> None:
    case = case_of(KID, interpreters="")
    # Thursday 24 Dec: the 25th and the 28th are bank holidays, then a weekend between
    first = propose(case, start=None, today=dt.date(2026, 12, 24), kind="office_visit")
    assert first.contact.start == dt.datetime(2026, 12, 24, 9, 0)
    later = propose(case, start=None, today=dt.date(2026, 12, 25), kind="office_visit")
    assert later.contact.start == dt.datetime(2026, 12, 29, 9, 0)
    scotland = case_of(KID, interpreters="", extra="policy: {working_days: scotland}\n")
    # in Scotland 2 January is a bank holiday too (in 2027 a Saturday: Monday the 4th instead)
    assert propose(
        scotland, start=None, today=dt.date(2027, 1, 1), kind="office_visit"
    ).contact.start == dt.datetime(2027, 1, 5, 9, 0)


def test_without_a_start_a_time_when_everyone_is_free() -> None:
    case = case_of(HOUSEHOLD + KID, contacts=CLINIC.replace("2026-12-10T15:30", "2026-12-08T15:00"))
    proposal = propose(case, start=None)
    assert proposal.contact.start == dt.datetime(2026, 12, 8, 16, 0)  # after mum's clinic
    assert double_booked(case, proposal) == []


PLAN = "    plan: {type: child_protection, since: 2026-11-25}\n"


#: The practitioner's whole day, on each day given.
def away(*days: str) -> str:
    return "".join(
        f"  - {{id: away-{n}, kind: strategy_meeting, start: {day}T09:00, duration_minutes: 540, attendees: [],"
        " practitioners: [{name: Jo Smith, email: jo.smith@example.gov.uk}]}\n"
        for n, day in enumerate(days)
    )


def test_a_child_on_a_plan_is_visited_before_the_visit_is_due() -> None:
    # on a plan since 25 Nov (every 10 working days): due by 9 Dec
    case = case_of(KID + PLAN, interpreters="", contacts=away("2026-12-08"))
    proposal = propose(case, start=None)
    assert proposal.contact.start == dt.datetime(2026, 12, 9, 15, 30)
    assert any("this visit on 9 Dec 2026 is in time (due by 9 Dec 2026)" in e for e in proposal.explanations)
    assert not proposal.caused and not proposal.warnings


def test_when_no_time_is_free_before_the_visit_is_due_it_says_so() -> None:
    case = case_of(KID + PLAN, interpreters="", contacts=away("2026-12-08", "2026-12-09"))
    proposal = propose(case, start=None)
    assert proposal.contact.start == dt.datetime(2026, 12, 10, 15, 30)
    [warning] = proposal.warnings
    assert "No suitable time on or before 9 Dec 2026, when kid's next visit is due" in warning
    # the late visit is an error it brings into the case: it is not added as it is
    assert [(f.code, f.member) for f in proposal.caused] == [("CP206", "kid")]
    with pytest.raises(ProposalRefused, match="CP206"):
        accept_proposal(case, proposal)


def test_a_start_asked_for_after_the_visit_is_due_is_too_late() -> None:
    case = case_of(KID + PLAN, interpreters="")
    proposal = propose(case, start=dt.datetime(2026, 12, 11, 16, 0))
    assert any("is too late (CP206)" in w for w in proposal.warnings)
    assert [f.code for f in proposal.caused] == ["CP206"]
    # a near miss: on the day it is due
    assert not propose(case, start=dt.datetime(2026, 12, 9, 16, 0)).caused


def test_a_visit_already_late_is_not_blamed_on_the_proposal() -> None:
    case = case_of(KID + PLAN.replace("2026-11-25", "2026-11-02"), interpreters="")
    before = {(f.code, f.member) for f in run_checks(case, today=TODAY) if f.fails}
    assert ("CP206", "kid") in before
    proposal = propose(case, start=None)
    assert proposal.contact.start == dt.datetime(2026, 12, 8, 15, 30)
    assert any("already late" in w for w in proposal.warnings)
    assert not proposal.caused
    assert ("CP206", "kid") in {(f.code, f.member) for f in proposal.findings}
    accept_proposal(case, proposal)  # the earliest visit there can be is added


def test_a_call_is_not_a_visit_for_the_plan() -> None:
    case = case_of(KID + PLAN, interpreters="")
    proposal = propose(case, start=None, kind="phone_call", today=dt.date(2026, 12, 9))
    assert not any("visited at least every" in e for e in proposal.explanations)


# --------------------------------------------------------------------------
# CP106: an interpreter who knows anyone in the family never interprets a child's time alone


def test_an_interpreter_who_knows_the_family_never_interprets_time_alone() -> None:
    child = KID.replace("{tag: en, speaks: fluent, reads: fluent}", "{tag: en, speaks: basic, reads: basic}")
    known = PASHTO.replace("registration: NRPSI 1}", "registration: NRPSI 1, known_to: [gran]}")
    other = "  - {id: int-ps2, name: Second Interpreter, languages: [ps], registration: NRPSI 3}\n"
    case = case_of(HOUSEHOLD + child, known + other)
    proposal = propose(case)  # gran (who the interpreter knows) is not invited
    assert proposal.contact.seen_alone[0].interpreter == "int-ps2"
    assert any("(CP106)" in e for e in proposal.explanations)
    assert "CP106" not in {f.code for f in proposal.findings}
    # a near miss: with nobody known, the first in the register
    assert propose(case_of(HOUSEHOLD + child, PASHTO + other)).contact.seen_alone[0].interpreter == "int-ps"


# --------------------------------------------------------------------------
# What is refused, and what is only reported


def test_accept_adds_a_proposal_without_errors() -> None:
    case = case_of(HOUSEHOLD + KID)
    proposal = propose(case)
    accepted = accept_proposal(case, proposal)
    assert [c.id for c in accepted.contacts] == [c.id for c in proposal.contacts]


def test_accept_refuses_an_error_the_proposal_causes() -> None:
    case = case_of(HOUSEHOLD + KID + "  - {id: aunt, name: Test Aunt, role: relative}\n")
    proposal = propose(case)  # the aunt's languages are unknown: CP401
    assert [(f.code, f.member) for f in proposal.caused] == [("CP401", "aunt")]
    with pytest.raises(ProposalRefused) as refused:
        accept_proposal(case, proposal)
    assert "CP401" in str(refused.value) and refused.value.findings == list(proposal.caused)


def test_cli_write_refused_names_each_error_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + "members:\n" + KID + PLAN, encoding="utf-8")
    before = path.read_bytes()
    args = ["plan", str(path), "--kind", "home_visit", "--start", "2026-12-11T16:00", "--today", "2026-12-08"]
    result = runner.invoke(app, [*args, "--write"])
    assert result.exit_code == 1
    assert "not added to" in result.stderr and "CP206 [error]" in result.stderr
    assert path.read_bytes() == before
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert data["written"] is None and [f["code"] for f in data["errors_caused"]] == ["CP206"]
    # a near miss: without --start, in time, and written
    written = runner.invoke(app, [*args[:4], *args[6:], "--write"])
    assert written.exit_code == 0, written.output
    assert "Added hv-2026-12-08" in written.stderr
