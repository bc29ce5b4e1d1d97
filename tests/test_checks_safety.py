"""CP601-CP602: each check on a case that triggers it and on a near miss."""

from __future__ import annotations

from typing import Any

import pytest
from checks_support import base, contact, found, keys, member


def support(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data["letters"] = [{"id": "da", "template": "domestic_abuse_support", "to": "mum", **extra}]
    return data


def partner(data: dict[str, Any], alleged: bool = True) -> dict[str, Any]:
    data["members"].append(
        {
            "id": "dad",
            "name": "Tom Partner",
            "role": "partner",
            "alleged_perpetrator": alleged,
            "languages": [{"tag": "pl", "speaks": "native"}, {"tag": "en", "speaks": "fluent"}],
            "language_assessment": {"date": "2026-09-01", "method": "observation"},
        }
    )
    return data


# ---- CP601


def test_cp601_support_letter_by_post() -> None:
    data = support(base())
    assert keys(data, "CP601") == [("mum", None, "da")]
    (finding,) = found(data, "CP601")
    assert finding.severity == "error"
    assert finding.message == (
        "The domestic abuse support letter da to Ana Mother goes by post to the family home, where someone "
        "who harms them may open it: hand it over when they are seen alone (delivery: by_hand) or send it "
        "to a safe address they have given (delivery: safe_contact)"
    )


def test_cp601_handed_over_where_the_alleged_perpetrator_is() -> None:
    data = partner(support(base(), delivery="by_hand", explained_at="hv2"))
    contact(data, "hv2")["attendees"].append("dad")
    assert keys(data, "CP601") == [("mum", "hv2", "da")]
    assert "which Tom Partner (alleged perpetrator) attends" in found(data, "CP601")[0].message


def test_cp601_near_miss_handed_over_without_them() -> None:
    data = partner(support(base(), delivery="by_hand", explained_at="hv1"))
    contact(data, "hv2")["attendees"].append("dad")
    assert found(data, "CP601") == []
    data = partner(support(base(), delivery="by_hand", explained_at="hv2"), alleged=False)
    contact(data, "hv2")["attendees"].append("dad")
    assert found(data, "CP601") == []


def test_cp601_safe_contact_the_recipient_does_not_have() -> None:
    data = support(base(), delivery="safe_contact")
    assert keys(data, "CP601") == [("mum", None, "da")]
    member(data, "mum")["safe_contact"] = {"phone": "07700 900123"}
    assert "no safe address or email" in found(data, "CP601")[0].message


@pytest.mark.parametrize("safe", [{"address": "c/o Refuge, PO Box 1"}, {"email": "a@example.org"}])
def test_cp601_near_miss_a_safe_contact_with_an_address_or_email(safe: dict[str, str]) -> None:
    data = support(base(), delivery="safe_contact")
    member(data, "mum")["safe_contact"] = safe
    assert found(data, "CP601") == []


def test_cp601_near_miss_other_letters_and_a_sent_one_still_counts() -> None:
    data = base()
    data["letters"] = [{"id": "inv", "template": "appointment", "to": "mum", "contact": "hv2"}]
    assert found(data, "CP601") == []
    assert keys(support(base(), sent="2026-11-01"), "CP601") == [("mum", None, "da")]


# ---- CP602


def test_cp602_alleged_perpetrator_interprets_instead_of_cp103() -> None:
    data = partner(base())
    contact(data, "hv2")["interpreting"] = [
        {"for": ["mum"], "language": "pl", "by": "dad", "status": "confirmed"}
    ]
    assert keys(data, "CP602") == [("dad", "hv2", None)]
    assert found(data, "CP103") == [] and found(data, "CP110") == []
    assert found(data, "CP602")[0].message == (
        "Tom Partner (partner, alleged perpetrator) interprets for Ana Mother at the home visit on 20 Nov "
        "2026: book a professional interpreter and see them without the alleged perpetrator"
    )
    assert found(data, "CP103", ignore=["CP602"]) == []


def test_cp602_for_a_childs_time_alone_and_a_sibling_alleged() -> None:
    data = partner(base())
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "by": "dad"}]
    assert keys(data, "CP602") == [("dad", "hv1", None)]
    data = base()
    data["members"].append({"id": "bro", "name": "Bro", "role": "sibling", "date_of_birth": "2009-01-01",
                            "alleged_perpetrator": True, "languages": [{"tag": "pl", "speaks": "native"}]})  # fmt: skip
    contact(data, "hv2")["interpreting"] = [
        {"for": ["mum"], "language": "pl", "by": "bro", "status": "confirmed"}
    ]
    assert keys(data, "CP602") == [("bro", "hv2", None)] and found(data, "CP101") == []


def test_cp602_near_miss_not_alleged_is_cp103() -> None:
    data = partner(base(), alleged=False)
    contact(data, "hv2")["interpreting"] = [
        {"for": ["mum"], "language": "pl", "by": "dad", "status": "confirmed"}
    ]
    assert found(data, "CP602") == []
    assert keys(data, "CP103") == [("dad", "hv2", None)]
