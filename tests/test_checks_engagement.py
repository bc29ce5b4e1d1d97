"""CP501-CP503: each check on a case that triggers it and on a near miss."""

from __future__ import annotations

from typing import Any

import pytest
from checks_support import base, contact, found, keys


def with_missed(*ids: str) -> dict[str, Any]:
    data = base()
    for i, contact_id in enumerate(ids):
        data["contacts"].append(
            {
                **contact(data, "hv1"),
                "id": contact_id,
                "start": f"2026-10-0{i + 1}T10:00",
                "status": "was_not_brought",
            }
        )
    return data


@pytest.fixture(autouse=True)
def fake_catalogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Polish and English translations exist, whatever locales/ holds today."""
    from contactplan import catalogs

    def status(template: str, tag: str) -> Any:
        known = tag in ("en", "pl")
        return catalogs.CatalogStatus(
            tag, template, available=known, reviewed=known, locale=tag if known else None
        )

    monkeypatch.setattr(catalogs, "status", status)


def test_cp501_two_missed_contacts_not_followed_up() -> None:
    data = with_missed("m1", "m2")
    (finding,) = found(data, "CP501")
    assert (finding.member, finding.contact, finding.letter) == (None, None, None)
    assert "(m1)" in finding.message and "(m2)" in finding.message


def test_cp501_near_miss_one_followed_up_by_a_contact_or_a_letter() -> None:
    data = with_missed("m1", "m2")
    contact(data, "hv2")["follow_up_of"] = "m2"
    assert found(data, "CP501") == []
    data = with_missed("m1", "m2")
    data["letters"] = [
        {"id": "l", "template": "missed_appointment", "to": "mum", "contact": "m1", "follow_up_of": "m1",
         "sent": "2026-10-05"}
    ]  # fmt: skip
    assert found(data, "CP501") == []


def test_cp501_changed_an_unsent_letter_or_a_missed_contact_follows_nothing_up() -> None:
    data = with_missed("m1", "m2")
    data["letters"] = [
        {"id": "l", "template": "missed_appointment", "to": "mum", "contact": "m1", "follow_up_of": "m1"}
    ]
    assert len(found(data, "CP501")) == 1  # not sent yet
    data = with_missed("m1", "m2", "m3")
    contact(data, "m3")["follow_up_of"] = ["m1", "m2"]  # missed itself
    (finding,) = found(data, "CP501")
    assert "(m1)" in finding.message and "(m2)" in finding.message and "(m3)" in finding.message


def test_cp501_a_cancelled_follow_up_does_not_count_and_threshold() -> None:
    data = with_missed("m1", "m2")
    contact(data, "hv2").update(follow_up_of="m2", status="cancelled")
    assert len(found(data, "CP501")) == 1
    assert found(data, "CP501", policy={"missed_contacts_threshold": 3}) == []
    assert found(with_missed("m1"), "CP501") == []


def invitation(data: dict[str, Any], contact_id: str, languages: list[str] | None) -> None:
    letter: dict[str, Any] = {"id": "inv", "template": "appointment", "to": "mum", "contact": contact_id}
    if languages is not None:
        letter["languages"] = languages
    data["letters"] = [letter]


def test_cp502_missed_after_an_english_invitation() -> None:
    data = with_missed("m1")
    invitation(data, "m1", ["en"])
    assert keys(data, "CP502") == [(None, "m1", "inv")]
    assert keys(data, "CP301") == [("mum", "m1", "inv")]


@pytest.mark.parametrize("languages", [None, ["pl"], ["pl", "en"]])
def test_cp502_near_miss_invitation_in_her_language(languages: list[str] | None) -> None:
    data = with_missed("m1")
    invitation(data, "m1", languages)
    assert found(data, "CP502") == []


def test_cp502_near_miss_reads_english_well_or_contact_not_missed() -> None:
    data = with_missed("m1")
    invitation(data, "m1", ["en"])
    data["members"][0]["languages"][1]["reads"] = "fluent"
    assert found(data, "CP502") == []
    data = base()
    invitation(data, "hv2", ["en"])
    assert found(data, "CP502") == [] and len(found(data, "CP301")) == 1


def partner(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data["members"].append(
        {"id": "bf", "name": "Bo Friend", "role": "partner", "languages": [{"tag": "en", "speaks": "native"}],
         "language_assessment": {"date": "2026-09-01", "method": "observation"}, **extra}
    )  # fmt: skip
    return data


def test_cp503_household_adult_never_seen() -> None:
    data = partner(base())
    assert keys(data, "CP503") == [("bf", None, None)]
    assert "Bo Friend (partner) lives in the household" in found(data, "CP503")[0].message


def test_cp503_only_at_a_cancelled_or_missed_contact_still_counts() -> None:
    data = partner(with_missed("m1"))
    contact(data, "m1")["attendees"] = ["bf"]
    assert keys(data, "CP503") == [("bf", None, None)]


def test_cp503_near_miss_not_household_attends_or_a_child() -> None:
    assert found(partner(base(), household=False), "CP503") == []
    data = partner(base())
    contact(data, "hv2")["attendees"].append("bf")
    assert found(data, "CP503") == []
    data = base()
    data["members"].append({"id": "teen", "name": "Teen", "role": "relative", "date_of_birth": "2010-01-01"})
    assert found(data, "CP503") == []


# ---- follow_up_of as a list (changed)


def test_cp501_follow_up_of_a_list_of_ids() -> None:
    data = with_missed("m1", "m2", "m3")
    contact(data, "hv2")["follow_up_of"] = ["m1", "m2"]
    assert found(data, "CP501") == []
    data["letters"] = [{"id": "l", "template": "missed_appointment", "to": "mum", "contact": "m3",
                        "follow_up_of": ["m3"], "sent": "2026-10-10"}]  # fmt: skip
    contact(data, "hv2")["follow_up_of"] = ["m1"]
    assert found(data, "CP501") == []


# ---- CP502 (changed): the CP303 situation


def test_cp502_missed_after_an_invitation_to_someone_who_reads_no_language() -> None:
    from checks_support import member

    data = with_missed("m1")
    member(data, "mum")["languages"] = [{"tag": "pl", "speaks": "native", "reads": "basic"}]
    invitation(data, "m1", None)
    assert keys(data, "CP502") == [(None, "m1", "inv")]
    assert found(data, "CP502")[0].message == (
        "The home visit on 1 Oct 2026 was missed after the invitation inv went to Ana Mother, who reads no "
        "language well enough, and nobody went through it with them"
    )
    # near miss: gone through with her, with a Polish interpreter, the day before
    data["contacts"].append({**contact(data, "hv1"), "id": "pc", "kind": "phone_call",
                             "start": "2026-09-30T10:00", "status": "held"})  # fmt: skip
    data["letters"][0]["explained_at"] = "pc"
    assert found(data, "CP502") == []
