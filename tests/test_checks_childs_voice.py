"""CP201-CP204: each check on a case that triggers it and on a near miss."""

from __future__ import annotations

from typing import Any

import pytest
from checks_support import base, contact, findings, found, keys, member


def polish_child(data: dict[str, Any]) -> dict[str, Any]:
    member(data, "kid")["languages"] = [{"tag": "pl", "speaks": "native"}]
    for c in data["contacts"]:
        c["interpreting"][0]["for"] = ["mum", "kid"]
    return data


# ---- CP201


def test_cp201_child_never_seen_alone() -> None:
    data = base()
    for c in data["contacts"]:
        c["seen_alone"] = []
    assert keys(data, "CP201") == [("kid", None, None)]
    assert found(data, "CP203") == []  # never seen alone is CP201 only


@pytest.mark.parametrize("status", ["cancelled", "was_not_brought"])
def test_cp201_time_alone_only_at_a_contact_out_of_play(status: str) -> None:
    data = base()
    contact(data, "hv1")["status"] = status
    contact(data, "hv2")["seen_alone"] = []
    assert keys(data, "CP201") == [("kid", None, None)]


def test_cp201_time_alone_through_family_is_not_time_alone() -> None:
    data = base()
    data["members"].append(
        {"id": "gran", "name": "Gran", "role": "relative", "languages": [{"tag": "en", "speaks": "native"}]}
    )
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "by": "gran"}]
    contact(data, "hv2")["seen_alone"] = []
    assert keys(data, "CP201") == [("kid", None, None)]
    assert keys(data, "CP103") == [("gran", "hv1", None)]


def test_cp201_time_alone_by_language_through_a_family_arrangement_is_not_time_alone() -> None:
    data = base()
    data["members"].append(
        {"id": "gran", "name": "Gran", "role": "relative", "languages": [{"tag": "pl", "speaks": "native"}]}
    )
    for c in data["contacts"]:
        c["interpreting"] = [{"for": ["mum"], "language": "pl", "by": "gran", "status": "confirmed"}]
        c["seen_alone"] = [{"child": "kid", "language": "pl"}]
    assert keys(data, "CP201") == [("kid", None, None)]
    # near miss: a professional arrangement in that language as well
    for c in data["contacts"]:
        c["interpreting"].append(
            {"for": ["mum"], "language": "pl", "interpreter": "ewa", "status": "confirmed"}
        )
    assert found(data, "CP201") == []


# ---- CP202


def test_cp202_seen_alone_with_no_interpreter() -> None:
    data = polish_child(base())
    assert keys(data, "CP202") == [("kid", "hv1", None), ("kid", "hv2", None)]
    assert found(data, "CP202")[0].message == (
        "Kit Child speaks Polish and is seen alone at the home visit on 10 Nov 2026 with no interpreter: book "
        "a professional interpreter in Polish for the time alone"
    )


def test_cp202_near_miss_right_interpreter() -> None:
    data = polish_child(base())
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "interpreter": "ewa"}]
    contact(data, "hv2")["seen_alone"] = [{"child": "kid", "language": "pl"}]  # the contact's own arrangement
    assert findings(data) == []


def test_cp202_interpreter_in_the_wrong_language() -> None:
    data = polish_child(base())
    data["interpreters"].append({"id": "ion", "name": "Ion", "languages": ["ro"], "registration": "N 2"})
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "interpreter": "ion"}]
    contact(data, "hv2")["seen_alone"] = [{"child": "kid", "interpreter": "ewa"}]
    assert keys(data, "CP202") == [("kid", "hv1", None)]
    assert "is seen alone at the home visit on 10 Nov 2026 through an interpreter in Romanian: " in (
        found(data, "CP202")[0].message
    )


def test_cp202_interpreter_with_several_languages() -> None:
    data = polish_child(base())
    data["interpreters"].append(
        {"id": "multi", "name": "Multi", "languages": ["ro", "pl"], "registration": "N"}
    )
    data["interpreters"].append(
        {"id": "other", "name": "Other", "languages": ["ro", "ru"], "registration": "N"}
    )
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "interpreter": "multi"}]
    contact(data, "hv2")["seen_alone"] = [{"child": "kid", "interpreter": "other"}]
    assert keys(data, "CP202") == [("kid", "hv2", None)]


def test_cp202_not_for_a_close_variant() -> None:
    data = base()
    member(data, "kid")["languages"] = [{"tag": "pt-PT", "speaks": "native"}]
    data["interpreters"].append({"id": "br", "name": "Br", "languages": ["pt-BR"], "registration": "N"})
    for c in data["contacts"]:
        c["seen_alone"] = [{"child": "kid", "interpreter": "br"}]
    assert found(data, "CP202") == []


def test_cp202_family_member_is_cp101_not_cp202() -> None:
    data = polish_child(base())
    data["members"].append(
        {"id": "sis", "name": "Sis", "role": "sibling", "date_of_birth": "2012-01-01",
         "languages": [{"tag": "pl", "speaks": "native"}, {"tag": "en", "speaks": "native"}]}
    )  # fmt: skip
    for c in data["contacts"]:
        c["seen_alone"] = [{"child": "kid", "by": "sis"}]
    assert found(data, "CP202") == []
    assert len(found(data, "CP101")) == 2


def test_cp202_near_miss_child_who_needs_no_interpreter() -> None:
    assert found(base(), "CP202") == []


# ---- CP203


def spread(alone_days: list[str], days: list[str]) -> dict[str, Any]:
    data = base()
    template = contact(data, "hv1")
    data["contacts"] = []
    for i, day in enumerate(days):
        entry = {**template, "id": f"c{i}", "start": f"{day}T10:00"}
        entry["seen_alone"] = [{"child": "kid"}] if day in alone_days else []
        data["contacts"].append(entry)
    return data


def test_cp203_gap_longer_than_the_limit() -> None:
    data = spread(["2026-11-01", "2026-11-17"], ["2026-11-01", "2026-11-17", "2026-11-20"])
    (finding,) = found(data, "CP203")
    assert (finding.member, finding.contact) == ("kid", None)
    assert "16 days, from 1 Nov 2026 to 17 Nov 2026 (the limit is 15)" in finding.message


def test_cp203_near_miss_gap_of_exactly_the_limit() -> None:
    data = spread(["2026-11-01", "2026-11-16"], ["2026-11-01", "2026-11-16", "2026-11-20"])
    assert found(data, "CP203") == []


def test_cp203_gap_before_the_first_and_after_the_last_time_alone() -> None:
    before = spread(["2026-11-17"], ["2026-11-01", "2026-11-17"])
    after = spread(["2026-11-01"], ["2026-11-01", "2026-11-17"])
    assert keys(before, "CP203") == keys(after, "CP203") == [("kid", None, None)]


def test_cp203_policy_from_the_file() -> None:
    data = spread(["2026-11-01", "2026-11-17"], ["2026-11-01", "2026-11-17"])
    data["policy"] = {"seen_alone_max_gap_days": 16}
    assert found(data, "CP203") == []
    assert len(found(data, "CP203", policy={"seen_alone_max_gap_days": 10})) == 1


# ---- CP204


def test_cp204_held_contact_child_not_seen() -> None:
    data = base()
    contact(data, "hv1")["seen"] = ["mum"]
    del contact(data, "hv2")["seen"]
    assert keys(data, "CP204") == [("kid", "hv1", None), ("kid", "hv2", None)]
    assert "records nobody as seen" in found(data, "CP204")[1].message


def test_cp204_near_miss_planned_contact_or_child_seen() -> None:
    data = base()
    del contact(data, "hv2")["seen"]
    contact(data, "hv2")["status"] = "planned"
    assert found(data, "CP204") == []


# ---- CP204 (changed): not for a phone call


def test_cp204_near_miss_a_phone_call() -> None:
    data = base()
    contact(data, "hv2").update(kind="phone_call", seen=["mum"])
    assert found(data, "CP204") == []
    contact(data, "hv2").update(kind="video_call")
    assert keys(data, "CP204") == [("kid", "hv2", None)]


# ---- young children: CP205, and CP201-CP203 don't apply


def young(data: dict[str, Any], born: str = "2026-04-10") -> dict[str, Any]:
    member(data, "kid").update(date_of_birth=born, languages=[])
    member(data, "kid").pop("language_assessment")
    for c in data["contacts"]:
        c["seen_alone"] = []
    return data


def test_cp205_young_child_attends_no_visit() -> None:
    data = young(base())
    for c in data["contacts"]:
        c["attendees"] = ["mum"]
        c["seen"] = ["mum"]
    assert keys(data, "CP205") == [("kid", None, None)]
    (finding,) = found(data, "CP205")
    assert finding.severity == "error"
    assert finding.message == (
        "Kit Child (aged 7 months) is a young child and attends no planned or held visit: nobody sees "
        "and observes them"
    )


def test_cp205_only_calls_and_meetings_do_not_see_a_child() -> None:
    data = young(base(), "2024-02-01")
    contact(data, "hv1")["kind"] = "phone_call"
    contact(data, "hv2")["kind"] = "core_group"
    assert found(data, "CP205")[0].message.startswith("Kit Child (aged 2) is a young child")
    contact(data, "hv2")["kind"] = "development_review"
    assert found(data, "CP205") == []


def test_cp205_near_miss_a_visit_the_young_child_attends() -> None:
    data = young(base())
    codes = {f.code for f in findings(data)}
    assert not codes & {"CP201", "CP202", "CP203", "CP205", "CP401"}


def test_cp205_near_miss_not_a_young_child_on_today() -> None:
    data = young(base(), "2023-11-22")  # 3 today
    for c in data["contacts"]:
        c["attendees"] = ["mum"]
        c["seen"] = ["mum"]
    assert found(data, "CP205") == []
    assert keys(data, "CP201") == [("kid", None, None)]


def test_cp203_young_children_are_not_expected_to_be_seen_alone() -> None:
    data = young(base())
    contact(data, "hv1")["seen_alone"] = [{"child": "kid"}]
    data["contacts"].append(
        {**contact(data, "hv2"), "id": "hv3", "start": "2026-12-20T10:00", "status": "planned"}
    )
    data["contacts"][-1].pop("seen")
    assert found(data, "CP203") == []


def test_cp203_time_alone_with_family_interpreting_does_not_count() -> None:
    data = base()
    gran = {
        "id": "gran",
        "name": "Gran",
        "role": "relative",
        "languages": [{"tag": "en", "speaks": "native"}],
    }
    data["members"].append(gran)
    contact(data, "hv2").update(start="2026-11-24T10:00", seen_alone=[{"child": "kid", "by": "gran"}])
    later = {**contact(data, "hv1"), "id": "hv3", "start": "2026-12-05T10:00", "status": "planned"}
    later.pop("seen")
    data["contacts"].append({**later, "seen_alone": []})
    assert keys(data, "CP203") == [("kid", None, None)]
    contact(data, "hv2")["seen_alone"] = [{"child": "kid"}]
    assert found(data, "CP203") == []
