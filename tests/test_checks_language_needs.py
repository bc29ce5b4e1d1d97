"""CP401-CP404: each check on a case that triggers it and on a near miss."""

from __future__ import annotations

from checks_support import base, contact, found, keys, member


def test_cp401_attendee_with_no_languages() -> None:
    data = base()
    member(data, "mum")["languages"] = []
    assert keys(data, "CP401") == [("mum", None, None)]
    assert found(data, "CP402") == []


def test_cp401_letter_recipient_with_no_languages() -> None:
    data = base()
    data["members"].append({"id": "dad", "name": "Dad", "role": "parent"})
    data["letters"] = [{"id": "l1", "template": "domestic_abuse_support", "to": "dad"}]
    assert keys(data, "CP401") == [("dad", None, None)]


def test_cp401_near_miss_only_at_a_cancelled_contact() -> None:
    data = base()
    data["members"].append({"id": "dad", "name": "Dad", "role": "parent", "household": False})
    data["contacts"].append({**contact(data, "hv1"), "id": "x", "status": "cancelled", "attendees": ["dad"]})
    assert found(data, "CP401") == []


def test_cp402_languages_without_assessment() -> None:
    data = base()
    del member(data, "mum")["language_assessment"]
    assert keys(data, "CP402") == [("mum", None, None)]
    assert found(base(), "CP402") == []


def test_cp403_stale_and_exactly_the_limit() -> None:
    data = base()
    member(data, "mum")["language_assessment"] = {"date": "2025-11-21", "method": "records"}
    member(data, "kid")["language_assessment"] = {"date": "2025-11-22", "method": "records"}
    assert keys(data, "CP403") == [("mum", None, None)]
    assert "366 days ago (the limit is 365)" in found(data, "CP403")[0].message
    assert len(found(data, "CP403", policy={"language_assessment_max_age_days": 300})) == 2


def test_cp404_assessed_through_family() -> None:
    data = base()
    member(data, "mum")["language_assessment"] = {"date": "2026-09-01", "method": "family_interpreter"}
    member(data, "kid")["language_assessment"] = {"date": "2026-09-01", "method": "self_report"}
    assert keys(data, "CP404") == [("mum", None, None)]
