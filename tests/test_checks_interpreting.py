"""CP101-CP115: each check on a case that triggers it and on a near miss."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from checks_support import base, contact, findings, found, keys, load, member

from contactplan.checks import run_checks


def add_member(data: dict[str, Any], member_id: str, role: str, born: str, **extra: Any) -> None:
    entry = {
        "id": member_id,
        "name": member_id.title() + " Person",
        "role": role,
        "date_of_birth": born,
        "languages": [
            {"tag": "pl", "speaks": "native"},
            {"tag": "en", "speaks": "fluent", "reads": "fluent"},
        ],
        "language_assessment": {"date": "2026-09-01", "method": "observation"},
        **extra,
    }
    data["members"].append(entry)
    for c in data["contacts"]:
        c["attendees"].append(member_id)
        c["seen"].append(member_id)


def interpreted_by(data: dict[str, Any], who: str, contact_id: str = "hv2") -> None:
    contact(data, contact_id)["interpreting"] = [
        {"for": ["mum"], "language": "pl", "by": who, "status": "confirmed"}
    ]


def family_codes(data: dict[str, Any]) -> list[str]:
    return [f.code for f in findings(data) if f.code in ("CP101", "CP102", "CP103", "CP104", "CP110")]


# ---- CP101-CP104 and the overlap rule


def test_cp101_sibling_interprets_only_cp101() -> None:
    data = base()
    add_member(data, "sis", "sibling", "2012-03-01")
    interpreted_by(data, "sis")
    assert family_codes(data) == ["CP101"]
    (finding,) = found(data, "CP101")
    assert (finding.member, finding.contact, finding.letter) == ("sis", "hv2", None)
    assert finding.severity == "error" and finding.name == "sibling-interpreter"
    assert "Sis Person (sibling, aged 14) interprets for Ana Mother" in finding.message


def test_cp101_subject_child_interpreting_and_time_alone_through_sibling() -> None:
    data = base()
    add_member(data, "sis", "sibling", "2012-03-01")
    contact(data, "hv1")["seen_alone"] = [{"child": "kid", "by": "sis"}]
    interpreted_by(data, "kid")
    assert keys(data, "CP101") == [("sis", "hv1", None), ("kid", "hv2", None)]


def test_cp101_near_miss_registered_interpreter() -> None:
    data = base()
    add_member(data, "sis", "sibling", "2012-03-01")
    assert findings(data) == []


def test_cp101_one_finding_per_contact_for_several_uses() -> None:
    data = base()
    add_member(data, "sis", "sibling", "2012-03-01")
    interpreted_by(data, "sis")
    contact(data, "hv2")["seen_alone"] = [{"child": "kid", "by": "sis"}]
    (finding,) = found(data, "CP101")
    assert "for Ana Mother and for Kit Child's time alone" in finding.message


def test_cp102_other_child_and_relative_under_18() -> None:
    data = base()
    add_member(data, "cousin", "relative", "2008-11-21")  # 17 on 2026-11-20
    interpreted_by(data, "cousin")
    assert family_codes(data) == ["CP102"]
    assert keys(data, "CP102") == [("cousin", "hv2", None)]


def test_cp102_near_miss_relative_turned_18_that_day_is_cp103() -> None:
    data = base()
    add_member(data, "cousin", "relative", "2008-11-20")  # 18 on 2026-11-20
    interpreted_by(data, "cousin")
    assert family_codes(data) == ["CP103"]


def test_cp102_other_child_role() -> None:
    data = base()
    add_member(data, "friend", "other_child", "2000-01-01")
    interpreted_by(data, "friend")
    assert family_codes(data) == ["CP102"]


def test_cp103_partner_interprets() -> None:
    data = base()
    add_member(data, "partner", "partner", "1985-01-01")
    interpreted_by(data, "partner")
    assert keys(data, "CP103") == [("partner", "hv2", None)]
    assert family_codes(data) == ["CP103"]


def test_cp104_unregistered_interpreter_once_per_contact() -> None:
    data = base()
    data["interpreters"][0]["registration"] = None
    assert family_codes(data) == ["CP104", "CP104"]
    assert keys(data, "CP104") == [(None, "hv1", None), (None, "hv2", None)]


def test_cp104_near_miss_blank_registration_counts_as_none() -> None:
    data = base()
    data["interpreters"][0]["registration"] = "  "
    assert len(found(data, "CP104")) == 2
    data["interpreters"][0]["registration"] = "NRPSI 9"
    assert found(data, "CP104") == []


def test_overlap_decided_before_ignore() -> None:
    data = base()
    add_member(data, "sis", "sibling", "2012-03-01")
    interpreted_by(data, "sis")
    assert found(data, "CP103", ignore=["CP101"]) == []
    assert found(data, "CP102", ignore=["CP101"]) == []


def test_family_interpreting_at_cancelled_contact_is_out_of_play() -> None:
    data = base()
    add_member(data, "sis", "sibling", "2012-03-01")
    interpreted_by(data, "sis")
    contact(data, "hv2")["status"] = "cancelled"
    assert found(data, "CP101") == []


# ---- CP110


def test_cp110_attendee_without_arrangement() -> None:
    data = base()
    contact(data, "hv2")["interpreting"] = []
    assert keys(data, "CP110") == [("mum", "hv2", None)]
    assert "Ana Mother needs an interpreter (speaks Polish)" in found(data, "CP110")[0].message


def test_cp110_cancelled_arrangement_does_not_cover() -> None:
    data = base()
    contact(data, "hv2")["interpreting"][0]["status"] = "cancelled"
    assert keys(data, "CP110") == [("mum", "hv2", None)]


def test_cp110_near_miss_requested_arrangement_covers() -> None:
    data = base()
    contact(data, "hv2")["interpreting"] = [{"for": ["mum"], "language": "pl", "status": "requested"}]
    assert found(data, "CP110") == []


def test_cp110_unknown_needs_are_not_treated_as_needing() -> None:
    data = base()
    member(data, "mum")["languages"] = []
    contact(data, "hv2")["interpreting"] = []
    assert found(data, "CP110") == []
    assert keys(data, "CP401") == [("mum", None, None)]


def test_cp110_signer_needs_interpreter_even_when_not_needed() -> None:
    data = base()
    member(data, "mum").update(
        languages=[{"tag": "bfi", "speaks": "native"}, {"tag": "en", "speaks": "basic", "reads": "fluent"}],
        interpreter="not_needed",
    )
    contact(data, "hv2")["interpreting"] = []
    (finding,) = found(data, "CP110")
    assert "signs British Sign Language" in finding.message


def test_cp110_interpreted_time_alone_does_not_cover_the_whole_contact() -> None:
    # Only an interpreting arrangement covers an attendee (checks.md); the
    # child needs the interpreter while the adults talk about them too.
    data = base()
    member(data, "kid")["languages"] = [{"tag": "pl", "speaks": "native"}]
    contact(data, "hv2")["seen_alone"] = [{"child": "kid", "interpreter": "ewa"}]
    assert keys(data, "CP110") == [("kid", "hv1", None), ("kid", "hv2", None)]


def test_cp110_child_in_the_arrangement_is_covered() -> None:
    data = base()
    member(data, "kid")["languages"] = [{"tag": "pl", "speaks": "native"}]
    contact(data, "hv2")["interpreting"][0]["for"].append("kid")
    assert keys(data, "CP110") == [("kid", "hv1", None)]


# ---- CP111, CP112


@pytest.mark.parametrize(
    ("speaks", "booked"),
    [
        ("pl", "ro"),
        ("syl", "bn"),  # Sylheti is not Bengali
        ("pa", "ur"),  # Punjabi is not Urdu
        ("ckb", "ku"),  # Sorani is not Kurmanji
        ("yue", "zh"),  # Cantonese is not Mandarin
        ("bfi", "en"),  # a signer
    ],
)
def test_cp111_wrong_language(speaks: str, booked: str) -> None:
    data = base()
    member(data, "mum")["languages"] = [{"tag": speaks, "speaks": "native"}]
    data["interpreters"][0]["languages"] = [booked]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = booked
    assert keys(data, "CP111") == [("mum", "hv1", None), ("mum", "hv2", None)]
    assert found(data, "CP112") == []


def test_cp111_register_does_not_list_the_language() -> None:
    data = base()
    data["interpreters"][0]["languages"] = ["ro"]
    (first, _) = found(data, "CP111")
    assert "Ewa Interpreter, booked to interpret in Polish, does not list it" in first.message


@pytest.mark.parametrize(("speaks", "booked"), [("pa-Arab", "pa-Guru"), ("pl", "pl-PL")])
def test_cp111_near_miss_same_spoken_language(speaks: str, booked: str) -> None:
    data = base()
    member(data, "mum")["languages"] = [{"tag": speaks, "speaks": "native"}]
    data["interpreters"][0]["languages"] = [booked]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = booked
    assert found(data, "CP111") == [] and found(data, "CP112") == []


def test_cp111_near_miss_a_second_arrangement_in_the_right_language() -> None:
    data = base()
    data["interpreters"].append({"id": "ion", "name": "Ion", "languages": ["ro"], "registration": "N 2"})
    contact(data, "hv2")["interpreting"].insert(
        0, {"for": ["mum"], "language": "ro", "interpreter": "ion", "status": "confirmed"}
    )
    assert found(data, "CP111") == []


@pytest.mark.parametrize(("speaks", "booked"), [("pt-PT", "pt-BR"), ("fa", "fa-AF")])
def test_cp112_close_variant(speaks: str, booked: str) -> None:
    data = base()
    member(data, "mum")["languages"] = [{"tag": speaks, "speaks": "native"}]
    data["interpreters"][0]["languages"] = [booked]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = booked
    assert keys(data, "CP112") == [("mum", "hv1", None), ("mum", "hv2", None)]
    assert found(data, "CP111") == []
    assert found(data, "CP112")[0].severity == "warning"


def test_cp112_near_miss_same_variant() -> None:
    data = base()
    member(data, "mum")["languages"] = [{"tag": "pt-PT", "speaks": "native"}]
    data["interpreters"][0]["languages"] = ["pt"]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = "pt-PT"
    assert found(data, "CP112") == [] and found(data, "CP111") == []


# ---- CP113


def planned_at(start: str, status: str = "requested") -> dict[str, Any]:
    data = base()
    hv2 = contact(data, "hv2")
    hv2.update(start=start, status="planned", seen=None)
    hv2.pop("seen")
    hv2["interpreting"][0]["status"] = status
    return data


def test_cp113_requested_within_48_hours_of_today() -> None:
    assert keys(planned_at("2026-11-23T10:00"), "CP113") == [(None, "hv2", None)]


def test_cp113_exactly_48_hours_counts_one_minute_more_does_not() -> None:
    assert keys(planned_at("2026-11-24T00:00"), "CP113") == [(None, "hv2", None)]
    assert found(planned_at("2026-11-24T00:01"), "CP113") == []


def test_cp113_near_miss_confirmed_or_in_the_past() -> None:
    assert found(planned_at("2026-11-23T10:00", "confirmed"), "CP113") == []
    assert found(planned_at("2026-11-21T23:00"), "CP113") == []


def test_cp113_policy_and_now_without_today() -> None:
    data = planned_at("2026-11-25T10:00")
    assert found(data, "CP113") == []
    assert len(found(data, "CP113", policy={"interpreter_confirm_hours": 96})) == 1
    case = load(data)
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    assert [f.code for f in run_checks(case, now=now) if f.code == "CP113"] == ["CP113"]
    later = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
    assert [f.code for f in run_checks(case, now=later) if f.code == "CP113"] == []


# ---- CP114


def test_cp114_preference_unmet() -> None:
    data = base()
    member(data, "mum")["interpreter_preferences"] = {"gender": "male"}
    assert keys(data, "CP114") == [("mum", "hv1", None), ("mum", "hv2", None)]


def test_cp114_requested_counts_as_booked_and_unknown_gender_is_unmet() -> None:
    data = base()
    member(data, "mum")["interpreter_preferences"] = {"gender": "female"}
    data["interpreters"].append({"id": "al", "name": "Al", "languages": ["pl"], "registration": "N 3"})
    contact(data, "hv2")["interpreting"][0].update(interpreter="al", status="requested")
    (finding,) = found(data, "CP114")
    assert finding.contact == "hv2" and "is not recorded as female" in finding.message


def test_cp114_near_miss_preference_met() -> None:
    data = base()
    member(data, "mum")["interpreter_preferences"] = {"gender": "female"}
    assert found(data, "CP114") == []


# ---- CP115


def test_cp115_interpreted_contact_too_short_and_exactly_the_minimum() -> None:
    data = base()
    contact(data, "hv1")["duration_minutes"] = 59
    contact(data, "hv2")["duration_minutes"] = 60
    assert keys(data, "CP115") == [(None, "hv1", None)]


def test_cp115_near_miss_no_interpreting() -> None:
    data = base()
    member(data, "mum")["interpreter"] = "not_needed"
    for c in data["contacts"]:
        c["interpreting"] = []
        c["duration_minutes"] = 30
    assert [f.code for f in findings(data)] == ["CP405"]


def test_cp115_health_appointment_minimum_and_calls_never() -> None:
    data = base()
    contact(data, "hv1").update(kind="health_appointment", duration_minutes=19)
    contact(data, "hv2").update(kind="development_review", duration_minutes=20)
    assert keys(data, "CP115") == [(None, "hv1", None)]
    for kind in ("phone_call", "video_call"):
        contact(data, "hv1").update(kind=kind, duration_minutes=10)
        assert found(data, "CP115") == []


def test_cp115_not_where_only_family_members_interpret() -> None:
    data = base()
    add_member(data, "aunt", "relative", "1980-01-01")
    for c in data["contacts"]:
        c["duration_minutes"] = 30
        c["interpreting"] = [{"for": ["mum"], "language": "pl", "by": "aunt", "status": "confirmed"}]
    assert found(data, "CP115") == []
    # a requested arrangement naming nobody yet is a professional interpreter's
    contact(data, "hv2")["interpreting"].append({"for": ["mum"], "language": "pl", "status": "requested"})
    assert keys(data, "CP115") == [(None, "hv2", None)]


# ---- CP114 (changed)


def test_cp114_never_for_a_family_member_interpreting() -> None:
    data = base()
    member(data, "mum")["interpreter_preferences"] = {"gender": "female"}
    add_member(data, "son", "relative", "2000-01-01", gender="male")
    interpreted_by(data, "son")
    assert keys(data, "CP114") == []
    assert keys(data, "CP103") == [("son", "hv2", None)]


# ---- CP104 and the relay interpreter


def test_cp104_an_unregistered_relay_interpreter() -> None:
    data = base()
    data["interpreters"].append({"id": "relay", "name": "Dee Relay", "languages": ["bfi"]})
    contact(data, "hv2")["interpreting"][0]["relay_interpreter"] = "relay"
    assert keys(data, "CP104") == [(None, "hv2", None)]
    data["interpreters"][-1]["registration"] = "NRCPD 2"
    assert found(data, "CP104") == []


# ---- CP105


def test_cp105_interpreter_known_to_an_attendee() -> None:
    data = base()
    data["interpreters"][0]["known_to"] = ["mum"]
    assert keys(data, "CP105") == [("mum", "hv1", None), ("mum", "hv2", None)]
    (first, _) = found(data, "CP105")
    assert first.severity == "warning"
    assert "Ewa Interpreter interprets at the home visit on 10 Nov 2026 and knows Ana Mother personally" in (
        first.message
    )


def test_cp105_near_miss_the_person_they_know_is_not_there() -> None:
    data = base()
    data["members"].append({"id": "gran", "name": "Gran", "role": "relative", "household": False})
    data["interpreters"][0]["known_to"] = ["gran"]
    assert found(data, "CP105") == []
    contact(data, "hv2")["status"] = "cancelled"
    contact(data, "hv2")["attendees"].append("gran")
    assert found(data, "CP105") == []


# ---- CP116


def signer(data: dict[str, Any]) -> dict[str, Any]:
    member(data, "mum")["languages"] = [
        {"tag": "bfi", "speaks": "native"},
        {"tag": "en", "speaks": "none", "reads": "fluent"},
    ]
    data["interpreters"][0].update(languages=["bfi"], registration="NRCPD 1")
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = "bfi"
    return data


def test_cp116_sign_language_arrangement_by_telephone() -> None:
    data = signer(base())
    contact(data, "hv2")["interpreting"][0]["mode"] = "telephone"
    assert keys(data, "CP116") == [("mum", "hv2", None)]
    (finding,) = found(data, "CP116")
    assert finding.severity == "error"
    assert finding.message == (
        "The British Sign Language interpreting for Ana Mother at the home visit on 20 Nov 2026 is by "
        "telephone: sign language can't be interpreted by telephone; meet in person or use video"
    )


def test_cp116_a_phone_call_with_a_signer() -> None:
    data = signer(base())
    contact(data, "hv2").update(kind="phone_call", duration_minutes=30)
    contact(data, "hv2")["interpreting"][0]["mode"] = "video"
    assert keys(data, "CP116") == [("mum", "hv2", None)]
    assert "Ana Mother signs British Sign Language and the phone call on 20 Nov 2026 is by telephone" in (
        found(data, "CP116")[0].message
    )


def test_cp116_near_miss_video_or_a_spoken_language_by_telephone() -> None:
    data = signer(base())
    contact(data, "hv2").update(kind="video_call")
    contact(data, "hv2")["interpreting"][0]["mode"] = "video"
    assert found(data, "CP116") == []
    data = base()
    contact(data, "hv2").update(kind="phone_call")
    contact(data, "hv2")["interpreting"][0]["mode"] = "telephone"
    assert found(data, "CP116") == []


# ---- CP117


def second_language(data: dict[str, Any], russian: str = "fluent") -> dict[str, Any]:
    member(data, "mum")["languages"] = [
        {"tag": "lt", "speaks": "native", "reads": "fluent"},
        {"tag": "ru", "speaks": russian, "reads": "fluent"},
    ]
    data["interpreters"][0]["languages"] = ["ru"]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = "ru"
    return data


def test_cp117_interpreting_in_a_fluent_second_language_instead_of_cp111() -> None:
    data = second_language(base())
    assert keys(data, "CP117") == [("mum", "hv1", None), ("mum", "hv2", None)]
    assert found(data, "CP111") == []
    assert found(data, "CP117")[0].message == (
        "Ana Mother speaks Lithuanian and the interpreting at the home visit on 10 Nov 2026 is in Russian, "
        "a second language: confirm they agree, or book an interpreter in their own language"
    )


def test_cp117_near_miss_only_conversational_is_cp111() -> None:
    data = second_language(base(), russian="conversational")
    assert found(data, "CP117") == []
    assert len(found(data, "CP111")) == 2


def test_cp117_a_register_interpreter_who_does_not_list_it_is_still_cp111() -> None:
    data = second_language(base())
    data["interpreters"][0]["languages"] = ["uk"]
    assert found(data, "CP117") == []
    assert "does not list it in the register" in found(data, "CP111")[0].message


# ---- CP118


def relay_needed(data: dict[str, Any]) -> dict[str, Any]:
    signer(data)
    member(data, "mum")["communication_needs"] = ["deaf_relay"]
    data["interpreters"].append(
        {"id": "relay", "name": "Dee Relay", "languages": ["bfi"], "registration": "NRCPD 2"}
    )
    return data


def test_cp118_deaf_relay_missing() -> None:
    data = relay_needed(base())
    contact(data, "hv1")["interpreting"][0]["relay_interpreter"] = "relay"
    assert keys(data, "CP118") == [("mum", "hv2", None)]
    assert found(data, "CP118")[0].message == (
        "Ana Mother needs a Deaf relay interpreter and the interpreting at the home visit on 20 Nov 2026 has "
        "none: add a relay_interpreter from the register"
    )


def test_cp118_near_miss_no_arrangement_at_all_is_cp110() -> None:
    data = relay_needed(base())
    contact(data, "hv1")["interpreting"][0]["relay_interpreter"] = "relay"
    contact(data, "hv2")["interpreting"] = []
    assert found(data, "CP118") == []
    assert keys(data, "CP110") == [("mum", "hv2", None)]
