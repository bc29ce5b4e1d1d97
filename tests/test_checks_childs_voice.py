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


def test_cp201_near_miss_time_alone_through_family_still_counts() -> None:
    data = base()
    data["members"].append(
        {"id": "gran", "name": "Gran", "role": "relative", "languages": [{"tag": "en", "speaks": "native"}]}
    )
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "by": "gran"}]
    contact(data, "hv2")["seen_alone"] = []
    assert found(data, "CP201") == []
    assert keys(data, "CP103") == [("gran", "hv1", None)]


# ---- CP202


def test_cp202_seen_alone_with_no_interpreter() -> None:
    data = polish_child(base())
    assert keys(data, "CP202") == [("kid", "hv1", None), ("kid", "hv2", None)]
    assert "with no interpreter and speaks Polish" in found(data, "CP202")[0].message


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
    assert "the interpreting is in Romanian" in found(data, "CP202")[0].message


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
