"""The case as it stands today (checks.md, 2026-12): CP504 (outcome
unrecorded), CP206 (statutory visits), CP203 up to today, CP201 and CP203
counting only real time alone, CP505 (not brought again and again), CP501
(what counts as a follow-up). Each with a case that triggers it and a near
miss. The base case's visits are on 10 and 20 Nov 2026; TODAY is 22 Nov."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from checks_support import base, contact, findings, found, keys, member

D = dt.date


def visit(ident: str, start: str, status: str = "held", **extra: Any) -> dict[str, Any]:
    """A home visit to mum and kid, with kid seen alone; held ones record who was seen."""
    item: dict[str, Any] = {
        "id": ident,
        "kind": "home_visit",
        "start": start,
        "duration_minutes": 90,
        "status": status,
        "attendees": ["mum", "kid"],
        "interpreting": [{"for": ["mum"], "language": "pl", "interpreter": "ewa", "status": "confirmed"}],
        "seen_alone": [{"child": "kid", "duration_minutes": 20}],
    }
    if status == "held":
        item["seen"] = ["mum", "kid"]
    item.update(extra)
    return item


def on_plan(
    data: dict[str, Any], since: str = "2026-11-09", kind: str = "child_protection"
) -> dict[str, Any]:
    member(data, "kid")["plan"] = {"type": kind, "since": since}
    return data


# ---- CP504


def test_cp504_a_past_contact_still_planned_counts_for_nothing() -> None:
    data = base()
    data["contacts"].append(visit("hv3", "2026-11-24T10:00", "planned"))
    assert found(data, "CP504", today=D(2026, 11, 26)) == []  # Tue and Wed: within the grace
    (finding,) = found(data, "CP504", today=D(2026, 11, 27))
    assert (finding.severity, finding.member, finding.contact) == ("error", None, "hv3")
    assert finding.message == (
        "The home visit on 24 Nov 2026 is still recorded as planned, 3 working days later (its outcome was "
        "due by 26 Nov 2026): record what happened (held, with who was seen and who was seen alone; missed; "
        "or cancelled). Until then it counts for nothing: nobody was seen there"
    )


@pytest.mark.parametrize("status", ["held", "cancelled", "was_not_brought", "no_access", "did_not_attend"])
def test_cp504_near_miss_an_outcome_is_recorded(status: str) -> None:
    data = base()
    data["contacts"].append(visit("hv3", "2026-11-24T10:00", status))
    assert found(data, "CP504", today=D(2027, 2, 15)) == []


def test_cp504_the_grace_is_the_policy_s_and_skips_bank_holidays() -> None:
    data = base()
    data["contacts"].append(visit("hv3", "2026-12-24T10:00", "planned"))
    assert found(data, "CP504", today=D(2026, 12, 30)) == []  # 25 and 28 Dec are bank holidays
    assert keys(data, "CP504", today=D(2026, 12, 31)) == [(None, "hv3", None)]
    data["policy"] = {"outcome_due_working_days": 5}
    assert found(data, "CP504", today=D(2026, 12, 31)) == []
    data["policy"] = {"outcome_due_working_days": 0}
    assert keys(data, "CP504", today=D(2026, 12, 25)) == [(None, "hv3", None)]


def test_an_unrecorded_contact_takes_part_in_no_other_check() -> None:
    data = base()
    member(data, "mum")["languages"][0]["tag"] = "ro"  # CP111 at every contact with Ewa
    data["contacts"].append(visit("hv3", "2026-12-01T10:00", "planned"))
    assert {f.contact for f in found(data, "CP111", today=D(2026, 12, 3))} == {"hv1", "hv2", "hv3"}
    later = findings(data, today=D(2026, 12, 4))
    assert {f.contact for f in later if f.code == "CP111"} == {"hv1", "hv2"}
    assert [(f.code, f.contact) for f in later if f.contact == "hv3"] == [("CP504", "hv3")]


# ---- CP201 and CP203: only real time alone, up to today


def test_cp201_changed_time_alone_at_a_contact_with_no_outcome_is_not_time_alone() -> None:
    data = base()
    data["contacts"] = [
        visit("hv1", "2026-11-10T10:00", "planned"),
        visit("hv2", "2026-11-20T10:00", "planned"),
    ]
    (finding,) = found(data, "CP201", today=D(2026, 12, 7))
    assert finding.message == (
        "Kit Child is not seen alone in any planned or held contact (time alone that does not count: at the "
        "home visit on 10 Nov 2026, no outcome is recorded; at the home visit on 20 Nov 2026, no outcome is "
        "recorded)"
    )
    # near miss: within the outcome grace the visit still counts as planned
    assert found(data, "CP201", today=D(2026, 11, 24)) == []


def test_cp201_changed_time_alone_through_an_interpreter_in_the_wrong_language() -> None:
    data = base()
    member(data, "kid")["languages"] = [{"tag": "pl", "speaks": "native"}]
    data["interpreters"].append({"id": "ion", "name": "Ion", "languages": ["ro"], "registration": "N 2"})
    for c in data["contacts"]:
        c["interpreting"][0]["for"] = ["mum", "kid"]
        c["seen_alone"] = [{"child": "kid", "interpreter": "ion"}]
    assert keys(data, "CP201") == [("kid", None, None)]
    assert len(found(data, "CP202")) == 2
    for c in data["contacts"]:  # near miss: the right interpreter
        c["seen_alone"] = [{"child": "kid", "interpreter": "ewa"}]
    assert found(data, "CP201") == [] and found(data, "CP202") == []


def test_cp203_changed_runs_up_to_today() -> None:
    data = base()
    assert found(data, "CP203", today=D(2026, 12, 5)) == []  # 15 days since 20 Nov
    (finding,) = found(data, "CP203", today=D(2026, 12, 6))
    assert (finding.member, finding.contact) == ("kid", None)
    assert (
        finding.message
        == "Kit Child is not seen alone since 20 Nov 2026, 16 days up to today (the limit is 15)"
    )


def test_cp203_changed_planned_visits_past_their_grace_do_not_end_the_gap() -> None:
    data = base()
    data["contacts"].append(visit("hv3", "2026-12-01T10:00", "planned"))
    assert found(data, "CP203", today=D(2026, 12, 3)) == []  # hv3 still counts as planned
    (finding,) = found(data, "CP203", today=D(2027, 2, 15))
    assert "since 20 Nov 2026, 87 days up to today" in finding.message


def test_cp203_a_future_visit_ends_the_stretch_and_is_named() -> None:
    data = base()
    data["contacts"].append(visit("hv3", "2026-12-18T10:00", "planned"))
    (finding,) = found(data, "CP203", today=D(2026, 11, 23))
    assert finding.message == (
        "Kit Child is not seen alone for 28 days, from 20 Nov 2026 to 18 Dec 2026 (the limit is 15)"
    )
    data["contacts"].append(visit("hv4", "2026-12-04T10:00", "planned"))  # near miss
    assert found(data, "CP203", today=D(2026, 11, 23)) == []


def test_cp203_changed_time_alone_through_an_interpreter_who_knows_the_family() -> None:
    data = base()
    member(data, "kid")["languages"] = [{"tag": "pl", "speaks": "native"}]
    data["interpreters"][0]["known_to"] = ["mum"]
    data["interpreters"].append({"id": "ola", "name": "Ola", "languages": ["pl"], "registration": "N 3"})
    contact(data, "hv1")["interpreting"][0]["for"] = ["mum", "kid"]
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "interpreter": "ola"}]
    contact(data, "hv2")["interpreting"][0]["for"] = ["mum", "kid"]
    contact(data, "hv2")["seen_alone"] = [{"child": "kid", "interpreter": "ewa"}]
    (finding,) = found(data, "CP203", today=D(2026, 11, 28))
    assert "since 10 Nov 2026, 18 days up to today" in finding.message
    assert keys(data, "CP106", today=D(2026, 11, 28)) == [("kid", "hv2", None)]


# ---- CP206


def _christmas(late: bool = False) -> dict[str, Any]:
    """A child on a child protection plan visited every 10 working days
    across Christmas 2026 (25 and 28 Dec and 1 Jan are bank holidays in
    England and Wales): 20 Nov, 4 Dec, 18 Dec, 6 Jan, 20 Jan. ``late``: the
    visit of 6 Jan a day later."""
    data = on_plan(base(), since="2026-11-20")
    days = ["2026-11-20", "2026-12-04", "2026-12-18", "2027-01-07" if late else "2027-01-06", "2027-01-20"]
    data["contacts"] = [visit(f"v{n}", f"{day}T10:00") for n, day in enumerate(days)]
    return data


def test_cp206_near_miss_every_10_working_days_across_christmas() -> None:
    data = _christmas()
    for today in (D(2026, 12, 21), D(2027, 1, 6), D(2027, 1, 21), D(2027, 2, 3)):
        assert found(data, "CP206", today=today) == [], today


def test_cp206_one_visit_a_day_later_across_christmas() -> None:
    data = _christmas(late=True)
    (finding,) = found(data, "CP206", today=D(2027, 1, 21))
    assert (finding.severity, finding.member, finding.contact) == ("error", "kid", "v3")
    assert finding.message == (
        "Kit Child (a child protection plan: a visit at least every 10 working days) is not seen at a visit "
        "from the home visit on 18 Dec 2026 to the home visit on 7 Jan 2027 (11 working days): a visit was "
        "due by 6 Jan 2027"
    )


def test_cp206_in_another_region_and_with_the_service_s_own_interval() -> None:
    data = _christmas()
    data["policy"] = {"working_days": "scotland"}  # 4 Jan is a bank holiday there too: 18 Dec + 10 is 7 Jan
    assert found(data, "CP206", today=D(2027, 1, 21)) == []
    data["policy"] = {"visit_every": {"child_protection": "2 weeks"}}
    assert keys(data, "CP206", today=D(2027, 1, 21)) == [("kid", "v3", None)]  # 18 Dec to 6 Jan: 19 days


def test_cp206_up_to_today_when_nobody_records_the_visits() -> None:
    data = _christmas()
    for c in data["contacts"][3:]:
        c["status"] = "planned"
        c.pop("seen")
    assert found(data, "CP206", today=D(2027, 1, 6)) == []  # the visit due today is planned today
    assert found(data, "CP206", today=D(2027, 1, 8)) == []  # and counts within its outcome grace
    (finding,) = found(data, "CP206", today=D(2027, 2, 15))
    assert (finding.member, finding.contact) == ("kid", None)
    assert finding.message == (
        "Kit Child (a child protection plan: a visit at least every 10 working days) has had no visit where "
        "they were seen since the home visit on 18 Dec 2026 (38 working days up to today): a visit was due by "
        "6 Jan 2027; visit and see them now"
    )
    assert [f.contact for f in found(data, "CP504", today=D(2027, 2, 15))] == ["v3", "v4"]


def test_cp206_the_next_planned_visit_too_late_and_from_the_start_of_the_plan() -> None:
    data = on_plan(base(), since="2026-10-20")
    data["contacts"].append(visit("hv3", "2026-12-10T10:00", "planned"))
    found_keys = keys(data, "CP206", today=D(2026, 11, 22))
    assert found_keys == [("kid", "hv1", None), ("kid", "hv3", None)]
    messages = [f.message for f in found(data, "CP206", today=D(2026, 11, 22))]
    assert messages[0].endswith(
        "from the start of the plan on 20 Oct 2026 to the home visit on 10 Nov 2026 (15 working days): a "
        "visit was due by 3 Nov 2026"
    )
    assert messages[1].endswith("a visit is due by 4 Dec 2026; bring the planned visit forward")


def test_cp206_what_is_not_a_visit() -> None:
    data = on_plan(base(), since="2026-11-02")
    contact(data, "hv1")["kind"] = "core_group"  # meetings never count
    contact(data, "hv2")["seen"] = ["mum"]  # nor a visit that did not see the child
    (finding,) = found(data, "CP206", today=D(2026, 11, 22))
    assert "since the start of the plan on 2 Nov 2026 (14 working days up to today)" in finding.message


def test_cp206_near_miss_no_plan_or_no_interval() -> None:
    data = base()
    assert found(data, "CP206", today=D(2027, 2, 15)) == []
    on_plan(data, kind="early_help")
    assert found(data, "CP206", today=D(2027, 2, 15)) == []
    on_plan(data, kind="looked_after")  # 6 weeks after 20 Nov: 1 Jan
    assert found(data, "CP206", today=D(2027, 1, 1)) == []
    assert keys(data, "CP206", today=D(2027, 1, 2)) == [("kid", None, None)]


def test_cp206_a_young_child_counts_when_seen() -> None:
    data = on_plan(base())
    member(data, "kid")["date_of_birth"] = "2025-06-01"
    for c in data["contacts"]:
        c["seen_alone"] = []
    assert found(data, "CP206", today=D(2026, 11, 22)) == []


# ---- CP505


def clinic(ident: str, start: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "kind": "health_appointment", "start": start, "duration_minutes": 30,
            "status": status, "attendees": ["mum", "kid"], **extra}  # fmt: skip


def test_cp505_not_brought_twice_in_a_row() -> None:
    data = base()
    data["contacts"] += [
        clinic("cl1", "2026-10-06T14:00", "was_not_brought"),
        clinic("cl2", "2026-10-27T14:00", "was_not_brought", follow_up_of="cl1"),
    ]
    (finding,) = found(data, "CP505")
    assert (finding.severity, finding.member, finding.contact) == ("error", "kid", "cl2")
    assert finding.message.startswith(
        "Kit Child was not brought to 2 health appointments in a row (health appointment on 6 Oct 2026 and "
        "health appointment on 27 Oct 2026) and has not been seen at one since"
    )
    # cl2 names cl1 in follow_up_of, but a missed contact follows nothing up
    assert "(cl1) and" in found(data, "CP501")[0].message


def test_cp505_near_misses() -> None:
    data = base()
    data["contacts"] += [
        clinic("cl1", "2026-10-06T14:00", "was_not_brought"),
        clinic("cl2", "2026-10-20T14:00", "held", seen=["mum", "kid"]),  # seen in between
        clinic("cl3", "2026-10-27T14:00", "was_not_brought"),
    ]
    assert found(data, "CP505") == []
    contact(data, "cl2")["seen"] = ["mum"]  # held, but the child was not seen
    assert keys(data, "CP505") == [("kid", "cl3", None)]
    contact(data, "cl2")["status"] = "did_not_attend"  # only "was not brought" counts
    assert keys(data, "CP505") == [("kid", "cl3", None)]
    assert found(data, "CP505", policy={"missed_contacts_threshold": 3}) == []
    data["contacts"].append(clinic("cl4", "2026-11-17T09:00", "held", seen=["kid"]))  # seen since
    assert found(data, "CP505") == []


def test_cp505_is_about_the_child_s_own_health_contacts() -> None:
    data = base()
    data["contacts"] += [
        clinic("cl1", "2026-10-06T14:00", "was_not_brought", attendees=["mum"]),
        clinic("cl2", "2026-10-27T14:00", "was_not_brought", attendees=["mum"]),
    ]
    assert found(data, "CP505") == []


# ---- acknowledgements: only what is past


def acknowledge(data: dict[str, Any], code: str, reason: str, **ids: str) -> dict[str, Any]:
    data.setdefault("acknowledged", []).append(
        {"code": code, "reason": reason, "by": "Jo Smith", "date": "2026-11-20", **ids}
    )
    return data


def test_cp902_great_aunt_says_she_is_too_shy() -> None:
    data = base()
    for c in data["contacts"]:
        c["seen_alone"] = []
    acknowledge(data, "CP201", "Great-aunt says Kit is too shy to be seen without her", member="kid")
    result = findings(data)
    (cp201,) = [f for f in result if f.code == "CP201"]
    assert cp201.acknowledged is None and cp201.fails
    (cp902,) = [f for f in result if f.code == "CP902"]
    assert (cp902.severity, cp902.member, cp902.contact, cp902.letter) == ("error", None, None, None)
    assert cp902.message.startswith(
        'Acknowledgement 1 of CP201 (member kid), by Jo Smith on 2026-11-20 ("Great-aunt says Kit is too '
        "shy to be seen without her\"), covers only what can't be acknowledged"
    )
    assert not [f for f in result if f.code == "CP901"]


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("CP504", lambda d: d["contacts"].append(visit("hv3", "2026-11-16T10:00", "planned"))),
        ("CP206", lambda d: on_plan(d, since="2026-10-01")),
        (
            "CP203",
            lambda d: [
                contact(d, "hv1").update(start="2026-11-01T10:00"),
                contact(d, "hv2").update(seen_alone=[]),
            ],
        ),
        ("CP402", lambda d: member(d, "mum").pop("language_assessment")),
    ],
)
def test_cp902_findings_about_the_case_or_what_is_to_come_are_never_acknowledged(
    code: str, change: Any
) -> None:
    data = base()
    change(data)
    acknowledge(data, code, "Discussed in supervision")
    result = [f for f in findings(data) if f.code in (code, "CP902")]
    assert [f.code for f in result] == [code, "CP902"]
    assert result[0].acknowledged is None


def test_cp902_near_miss_an_entry_that_silences_the_past_and_matches_the_future() -> None:
    data = base()
    data["members"].append({"id": "sis", "name": "Sis", "role": "sibling", "date_of_birth": "2013-01-01",
                            "languages": [{"tag": "pl", "speaks": "native"}, {"tag": "en", "speaks": "fluent"}],
                            "language_assessment": {"date": "2026-09-01", "method": "observation"}})  # fmt: skip
    data["contacts"].append(visit("hv3", "2026-12-01T10:00", "planned"))
    for c in ("hv1", "hv3"):
        contact(data, c)["interpreting"] = [
            {"for": ["mum"], "language": "pl", "by": "sis", "status": "confirmed"}
        ]
    acknowledge(data, "CP101", "Held at the door before an interpreter could be booked", member="sis")
    result = findings(data)
    marked = {f.contact: f.acknowledged is not None for f in result if f.code == "CP101"}
    assert marked == {"hv1": True, "hv3": False}  # the planned visit is not made to look dealt with
    assert not [f for f in result if f.code in ("CP901", "CP902")]


def test_a_missed_contact_and_a_sent_letter_are_past() -> None:
    data = base()
    data["contacts"].append(clinic("cl1", "2026-10-06T14:00", "was_not_brought"))
    data["letters"] = [{"id": "inv", "template": "appointment", "to": "mum", "contact": "cl1",
                        "languages": ["en"], "sent": "2026-09-20"}]  # fmt: skip
    acknowledge(data, "CP502", "Sent before her languages were known", contact="cl1")
    acknowledge(data, "CP301", "Sent before her languages were known", letter="inv")
    result = {f.code: f for f in findings(data)}
    assert result["CP502"].acknowledged is not None and result["CP301"].acknowledged is not None
    assert "CP902" not in result
