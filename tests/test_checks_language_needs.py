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


# ---- CP405


def test_cp405_interpreter_need_overridden() -> None:
    data = base()
    member(data, "mum")["interpreter"] = "not_needed"
    assert keys(data, "CP405") == [("mum", None, None)]
    (finding,) = found(data, "CP405")
    assert finding.severity == "warning"
    assert finding.message == (
        "Ana Mother is recorded as not needing an interpreter but speaks Polish, and English only at basic "
        "level: check with a professional interpreter that they can follow, and record why"
    )


def test_cp405_near_miss_fluent_english_or_english_preferred() -> None:
    data = base()
    member(data, "mum").update(
        interpreter="not_needed",
        languages=[{"tag": "pl", "speaks": "native"}, {"tag": "en", "speaks": "fluent"}],
    )
    assert found(data, "CP405") == []
    member(data, "mum")["languages"] = [{"tag": "en", "speaks": "basic"}]
    assert found(data, "CP405") == []


def test_cp405_a_signer_recorded_not_needed() -> None:
    data = base()
    member(data, "mum").update(interpreter="not_needed", languages=[{"tag": "bfi", "speaks": "native"}])
    assert "(a signer still gets one)" in found(data, "CP405")[0].message


# ---- CP406


def test_cp406_ambiguous_tags() -> None:
    data = base()
    member(data, "mum")["languages"] = [
        {"tag": "ku", "speaks": "native"},
        {"tag": "zh-Hant", "speaks": "basic", "reads": "fluent"},
        {"tag": "pa", "speaks": "native", "reads": "fluent"},
    ]
    assert keys(data, "CP406") == [("mum", None, None)]
    message = found(data, "CP406")[0].message
    assert "`ku` (Kurdish" in message and "`zh-Hant` as a spoken language" in message
    assert "`pa` read with no script" in message


def test_cp406_near_misses() -> None:
    data = base()
    member(data, "mum")["languages"] = [
        {"tag": "kmr", "speaks": "native"},
        {"tag": "ckb", "speaks": "basic"},
        {"tag": "yue", "speaks": "native"},
        {"tag": "zh-Hant", "speaks": "none", "reads": "fluent"},
        {"tag": "pa-Arab", "speaks": "native", "reads": "fluent"},
        {"tag": "pa-IN", "speaks": "native", "reads": "none"},
    ]
    assert found(data, "CP406") == []


# ---- young children


def test_cp401_to_cp406_not_for_a_young_child() -> None:
    data = base()
    member(data, "kid").update(date_of_birth="2025-01-01", languages=[{"tag": "ku", "speaks": "basic"}])
    member(data, "kid").pop("language_assessment")
    assert not {f.code for f in found(data, "CP402") + found(data, "CP406")}
    member(data, "kid")["languages"] = []
    assert found(data, "CP401") == []


def test_cp406_near_miss_punjabi_read_in_gurmukhi_written_out() -> None:
    data = base()
    member(data, "mum")["languages"] = [{"tag": "pa-Guru", "speaks": "native", "reads": "fluent"}]
    assert found(data, "CP406") == []
