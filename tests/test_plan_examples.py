"""`plan` on every bundled example (and the test families of
docs/planning.md), three kinds each, with and without `--start`, as of the
examples' own date, the day after this was written and a month later: no
CP701 of its own, nobody booked twice at once, nothing in the past; `--write`
adds it exactly when it brings no error into the case, and then the file's
check has no error the proposal did not already find in it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from plan_support import double_booked
from typer.testing import CliRunner

from contactplan.casefile import load_case
from contactplan.checks import run_checks
from contactplan.cli import app
from contactplan.model import Case, Contact
from contactplan.planning import ContactRequest, propose_contact
from contactplan.timeline import is_working_day

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "tests" / "data" / "deaf-family.yaml",
    ROOT / "tests" / "data" / "perpetrator-family.yaml",
]
#: The examples' own date, the day after this was written, and a month later.
TODAYS = ["2026-11-22", "2026-12-08", "2027-01-07"]
KINDS = ["home_visit", "office_visit", "video_call"]
runner = CliRunner()


def asked_start(today: str) -> str:
    """16:00 on the first weekday two days or more after ``today``."""
    day = dt.date.fromisoformat(today) + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return f"{day.isoformat()}T16:00"


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("at_a_time", [True, False], ids=["start", "no-start"])
def test_plan_write_never_conflicts_and_brings_no_error(
    path: Path, kind: str, today: str, at_a_time: bool, tmp_path: Path
) -> None:
    target = tmp_path / path.name
    shutil.copy(path, target)
    day = dt.date.fromisoformat(today)
    case = load_case(target)
    before = run_checks(case, today=day)
    start = ["--start", asked_start(today)] if at_a_time else []
    args = ["plan", str(target), "--kind", kind, *start, "--today", today, "--write", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    proposal = json.loads(result.stdout)
    # written exactly when it brings no error into the case
    assert (proposal["written"] == str(target)) is (proposal["errors_caused"] == [])
    assert (result.exit_code == 1) is bool(proposal["errors_caused"])
    contacts = [proposal["contact"], *proposal["calls"]]
    ids = {c["id"] for c in contacts}
    if proposal["written"] is None:
        return
    after_case = load_case(target)
    after = run_checks(after_case, today=day)
    # no CP701 of its own, nor anything else that books someone twice at once
    assert not [f for f in after if f.code == "CP701" and f.contact in ids]
    again = propose_contact(case, _request(kind, start, day))
    assert double_booked(case, again) == []
    # nothing in the past
    for contact in after_case.contacts:
        if contact.id in ids:
            assert contact.start.date() >= day
    # every error after it was in the case before
    earlier = {f.key for f in before if f.fails}
    late_before = {f.member for f in before if f.fails and f.code == "CP206"}
    new = [f for f in after if f.fails and f.key not in earlier]
    assert all(f.code == "CP206" and f.member in late_before for f in new), new
    # without --start: a working day, within working hours, after school for a pupil at home
    if not at_a_time:
        chosen = after_case.contact(proposal["contact"]["id"])
        assert is_working_day(chosen.start.date(), after_case.policy.working_days)
        assert dt.time(9) <= chosen.start.time() and _end(chosen).time() <= dt.time(18)
        if kind == "home_visit" and _pupils(after_case, chosen):
            assert chosen.start.time() >= dt.time(15, 30)


def _request(kind: str, start: list[str], day: dt.date) -> ContactRequest:
    when = dt.datetime.fromisoformat(start[1]) if start else None
    return ContactRequest(kind=kind, start=when, today=day)


def _end(contact: Contact) -> dt.datetime:
    return contact.start + dt.timedelta(minutes=contact.duration_minutes)


def _pupils(case: Case, contact: Contact) -> list[str]:
    day = contact.start.date()
    found = []
    for member_id in contact.attendees:
        age = case.member(member_id).age_on(day)
        if age is not None and 5 <= age <= 16:
            found.append(member_id)
    return found
