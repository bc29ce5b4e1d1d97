"""Time as a case lives it (contactplan.timeline): working days and bank
holidays, what a contact counts as today, when a child on a plan is due a visit."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactplan import timeline as tl
from contactplan.casefile import load_case_text
from contactplan.errors import CaseFileError
from contactplan.model import REGIONS, Case, Region

D = dt.date
EW: Region = "england-and-wales"


def test_the_table_is_what_the_holidays_package_says_now() -> None:
    """_bank_holidays.py is generated from the holidays package: regenerate and
    compare (run ``python -m contactplan.timeline._generate`` after an upgrade)."""
    from contactplan.timeline import _generate

    assert _generate.TARGET.read_text(encoding="utf-8") == _generate.render()
    assert _generate.main(["--check"]) == 0


@pytest.mark.parametrize("region", REGIONS)
def test_years_outside_the_table_are_asked_of_the_package(region: Region) -> None:
    from contactplan.timeline import _bank_holidays

    after = _bank_holidays.YEARS[1] + 1
    found = tl.bank_holidays(region, after)
    assert D(after, 12, 25) in found or D(after, 12, 27) in found  # Christmas, or its substitute
    assert found == tl.package_bank_holidays(tl.SUBDIVISIONS[region], range(after, after + 1))


@pytest.mark.parametrize(
    ("region", "day", "name"),
    [
        (EW, D(2026, 12, 25), "Christmas Day"),
        (EW, D(2026, 12, 28), "Boxing Day (observed)"),
        (EW, D(2027, 1, 1), "New Year's Day"),
        (EW, D(2027, 8, 30), "Late Summer Bank Holiday"),
        ("scotland", D(2027, 1, 4), "New Year Holiday (observed)"),
        ("scotland", D(2027, 8, 2), "Summer Bank Holiday"),
        ("northern-ireland", D(2027, 3, 17), "Saint Patrick's Day"),
        ("northern-ireland", D(2027, 7, 12), "Battle of the Boyne"),
    ],
)
def test_bank_holidays_of_each_region(region: Region, day: dt.date, name: str) -> None:
    assert tl.holiday_name(day, region) == name
    assert not tl.is_working_day(day, region)


def test_regions_differ_where_their_bank_holidays_do() -> None:
    assert tl.is_working_day(D(2027, 1, 4), EW)
    assert not tl.is_working_day(D(2027, 1, 4), "scotland")
    assert tl.is_working_day(D(2027, 8, 30), "scotland")
    assert tl.is_working_day(D(2027, 7, 12), EW)
    with pytest.raises(ValueError, match="not a region"):
        tl.bank_holidays("wales", 2027)


def test_working_days_across_christmas() -> None:
    # Thu 24 Dec 2026: Fri 25 and Mon 28 are bank holidays, 26-27 a weekend
    assert tl.add_working_days(D(2026, 12, 24), 1, EW) == D(2026, 12, 29)
    # 1 Jan 2027 too: ten working days after Thu 17 Dec is Tue 5 Jan
    assert tl.add_working_days(D(2026, 12, 17), 10, EW) == D(2027, 1, 5)
    assert tl.working_days_between(D(2026, 12, 17), D(2027, 1, 5), EW) == 10
    assert tl.add_working_days(D(2026, 12, 26), 0, EW) == D(2026, 12, 26)
    assert tl.working_days_between(D(2027, 1, 5), D(2026, 12, 17), EW) == 0


@given(st.dates(D(2015, 1, 1), D(2040, 12, 31)), st.integers(0, 60))
def test_adding_and_counting_working_days_agree(day: dt.date, count: int) -> None:
    later = tl.add_working_days(day, count, EW)
    assert tl.working_days_between(day, later, EW) == count
    assert count == 0 or tl.is_working_day(later, EW)


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("10 working days", tl.Interval(10, "working_days")),
        ("1 working day", tl.Interval(1, "working_days")),
        ("6 weeks", tl.Interval(6, "weeks")),
        ("28 days", tl.Interval(28, "days")),
        (" 2 Weeks ", tl.Interval(2, "weeks")),
        ("none", None),
    ],
)
def test_intervals(text: str, interval: tl.Interval | None) -> None:
    assert tl.parse_interval(text) == interval
    if interval is not None:
        assert tl.parse_interval(str(interval)) == interval


@pytest.mark.parametrize("text", ["10 workdays", "fortnight", "0 days", "10", "six weeks", "9999 weeks", ""])
def test_intervals_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"interval|at least|at most"):
        tl.parse_interval(text)


def test_interval_due_after() -> None:
    assert tl.Interval(6, "weeks").due_after(D(2026, 12, 1), EW) == D(2027, 1, 12)
    assert tl.Interval(28, "days").due_after(D(2026, 12, 1), EW) == D(2026, 12, 29)
    assert tl.Interval(10, "working_days").due_after(D(2026, 12, 17), EW) == D(2027, 1, 5)


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        ("planned", D(2026, 12, 7), tl.Standing.PLANNED),  # that day: not started
        ("planned", D(2026, 12, 8), tl.Standing.PLANNED),
        ("planned", D(2026, 12, 9), tl.Standing.PLANNED),  # the second working day after
        ("planned", D(2026, 12, 10), tl.Standing.NO_OUTCOME),
        ("held", D(2027, 6, 1), tl.Standing.HELD),
        ("was_not_brought", D(2027, 6, 1), tl.Standing.MISSED),
        ("no_access", D(2027, 6, 1), tl.Standing.MISSED),
        ("cancelled", D(2027, 6, 1), tl.Standing.CANCELLED),
    ],
)
def test_what_a_contact_counts_as(status: str, today: dt.date, expected: tl.Standing) -> None:
    # a contact on Monday 7 Dec 2026, with the default grace of 2 working days
    assert tl.standing(status, D(2026, 12, 7), today, 2, EW) is expected  # type: ignore[arg-type]


def test_the_outcome_grace_skips_bank_holidays() -> None:
    # Thu 24 Dec: Tue 29 and Wed 30 Dec are the two working days after it
    assert tl.outcome_due(D(2026, 12, 24), 2, EW) == D(2026, 12, 30)
    assert tl.standing("planned", D(2026, 12, 24), D(2026, 12, 30), 2, EW) is tl.Standing.PLANNED
    assert tl.standing("planned", D(2026, 12, 24), D(2026, 12, 31), 2, EW) is tl.Standing.NO_OUTCOME
    assert tl.standing("planned", D(2026, 12, 24), D(2026, 12, 25), 0, EW) is tl.Standing.NO_OUTCOME


def _case(visits: str, plan: str = "{type: child_protection, since: 2026-12-01}", policy: str = "") -> Case:
    return load_case_text(
        "contactplan: 1\n"
        "case: {reference: T-1}\n" + (f"policy: {policy}\n" if policy else "") + "members:\n"
        "  - {id: mum, name: Ana Example, role: parent, languages: [{tag: en, speaks: native, reads: native}]}\n"
        f"  - {{id: kid, name: Kit Example, role: subject_child, date_of_birth: 2016-05-01, plan: {plan},\n"
        "     languages: [{tag: en, speaks: native, reads: native}]}\n"
        "contacts:\n" + visits,
        "t.yaml",
    )


def _visit(
    ident: str, day: str, status: str = "held", kind: str = "home_visit", seen: str = "[mum, kid]"
) -> str:
    more = f", seen: {seen}" if status == "held" else ""
    return f"  - {{id: {ident}, kind: {kind}, start: {day}T10:00, status: {status}, attendees: [mum, kid]{more}}}\n"


def test_visit_due_across_christmas() -> None:
    case = _case(
        _visit("hv-1", "2026-12-03")
        + _visit("hv-2", "2026-12-17")
        + _visit("hv-3", "2027-01-05", "planned")
        + _visit("hv-4", "2027-01-19", "planned")
    )
    kid = case.member("kid")
    due = tl.visit_due(case, kid, D(2026, 12, 18))
    assert due is not None
    assert (due.last, due.last_contact, due.due, due.overdue) == (
        D(2026, 12, 17),
        "hv-2",
        D(2027, 1, 5),
        False,
    )
    assert (due.planned, due.planned_contact, due.planned_in_time) == (D(2027, 1, 5), "hv-3", True)
    assert not any(s.too_long for s in tl.visit_stretches(case, kid, D(2026, 12, 18)))
    # hv-3 is past its outcome grace on Fri 8 Jan: it counts for nothing
    later = tl.visit_due(case, kid, D(2027, 1, 8))
    assert later is not None
    assert (later.last_contact, later.due, later.overdue, later.planned_contact) == (
        "hv-2",
        D(2027, 1, 5),
        True,
        "hv-4",
    )
    late = [s for s in tl.visit_stretches(case, kid, D(2027, 1, 8)) if s.too_long]
    assert [(s.start_contact, s.end_contact, s.due) for s in late] == [("hv-2", "hv-4", D(2027, 1, 5))]
    # a month later, nothing recorded: the stretch runs up to today
    month = [s for s in tl.visit_stretches(case, kid, D(2027, 2, 15)) if s.too_long]
    assert [(s.start_contact, s.end, s.end_contact) for s in month] == [("hv-2", None, None)]


def test_what_counts_as_a_visit() -> None:
    case = _case(
        _visit("cg-1", "2026-12-03", kind="core_group")
        + _visit("hc-1", "2026-12-04", kind="health_appointment")
        + _visit("pc-1", "2026-12-05", kind="phone_call")
        + _visit("hv-1", "2026-12-07", seen="[mum]")
        + _visit("hv-2", "2026-12-08", "no_access")
        + _visit("hv-3", "2026-12-09", "cancelled")
        + _visit("sv-1", "2026-12-10", kind="school_visit")
        + _visit("ov-1", "2026-12-11", kind="office_visit", status="planned")
    )
    kid = case.member("kid")
    assert [v.contact for v in tl.plan_visits(case, kid, D(2026, 12, 11))] == ["sv-1", "ov-1"]
    assert [v.contact for v in tl.plan_visits(case, kid, D(2026, 12, 16))] == ["sv-1"]


def test_visits_before_the_plan_and_on_its_first_day() -> None:
    case = _case(_visit("hv-0", "2026-11-20") + _visit("hv-1", "2026-12-01"))
    kid = case.member("kid")
    stretches = tl.visit_stretches(case, kid, D(2026, 12, 2))
    assert [(s.start_contact, s.end_contact) for s in stretches] == [("hv-1", None)]
    due = tl.visit_due(case, kid, D(2026, 12, 2))
    assert due is not None and due.last_contact == "hv-1" and due.due == D(2026, 12, 15)


def test_no_plan_or_no_interval_means_nothing_is_due() -> None:
    case = _case(_visit("hv-1", "2026-12-03"), plan="{type: early_help, since: 2026-12-01}")
    assert tl.visit_due(case, case.member("kid"), D(2027, 3, 1)) is None
    assert tl.visit_stretches(case, case.member("kid"), D(2027, 3, 1)) == []
    assert tl.visit_due(case, case.member("mum"), D(2027, 3, 1)) is None


def test_the_policy_sets_the_interval_and_the_region() -> None:
    case = _case(
        _visit("hv-1", "2026-12-31"),
        policy="{visit_every: {child_protection: 2 working days}, working_days: scotland}",
    )
    due = tl.visit_due(case, case.member("kid"), D(2027, 1, 1))
    # Scotland: 1, 2 (Sat) and 4 Jan 2027 are not working days
    assert due is not None and due.due == D(2027, 1, 6)
    assert case.policy.visit_every.looked_after == "6 weeks"  # the others keep their defaults


@pytest.mark.parametrize(
    ("policy", "plan", "message"),
    [
        ("{visit_every: {child_protection: fortnightly}}", None, "policy.visit_every.child_protection"),
        ("{visit_every: {child_protecton: 2 weeks}}", None, "did you mean 'child_protection'"),
        ("{working_days: wales}", None, "england-and-wales"),
        ("{outcome_due_working_days: 1000}", None, "more than 260"),
        ("", "{type: supervision, since: 2026-12-01}", "plan.type"),
        ("", "{type: child_protection}", "since"),
    ],
)
def test_plan_and_policy_mistakes_are_input_errors(policy: str, plan: str | None, message: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        _case(_visit("hv-1", "2026-12-03"), policy=policy, **({"plan": plan} if plan else {}))
    assert message in str(caught.value)


def test_a_plan_belongs_to_a_subject_child() -> None:
    with pytest.raises(CaseFileError, match="subject child"):
        load_case_text(
            "contactplan: 1\ncase: {reference: T-1}\nmembers:\n"
            "  - {id: mum, name: A, role: parent, plan: {type: child_in_need, since: 2026-12-01}}\n"
            "  - {id: kid, name: K, role: subject_child, date_of_birth: 2016-05-01}\n",
            "t.yaml",
        )
