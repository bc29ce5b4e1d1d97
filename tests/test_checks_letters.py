"""CP301-CP304, and the functions `contactplan letter` shares with `check`
(letter_findings, due_languages). Which translations exist is faked: Polish
(a reviewed catalog), Romanian (an unreviewed draft) and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from checks_support import TODAY, base, contact, findings, found, keys, load, member

from contactplan import catalogs
from contactplan.checks.letters import due_languages, letter_findings

REVIEWED = {"en", "pl"}
DRAFTS = {"ro", "pa-Arab", "pa-Guru"}


@pytest.fixture(autouse=True)
def fake_catalogs(monkeypatch: pytest.MonkeyPatch) -> None:
    def status(template: str, tag: str) -> catalogs.CatalogStatus:
        base_tag = tag if tag.startswith("pa-") else tag.split("-")[0]
        available = base_tag in REVIEWED | DRAFTS
        return catalogs.CatalogStatus(
            tag,
            template,
            available=available,
            reviewed=base_tag in REVIEWED,
            locale=base_tag if available else None,
        )

    monkeypatch.setattr(catalogs, "status", status)


def letter(
    data: dict[str, Any], languages: list[str] | None = None, to: str = "mum", **extra: Any
) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": "inv", "template": "appointment", "to": to, "contact": "hv2", **extra}
    if languages is not None:
        entry["languages"] = languages
    data["letters"] = [entry]
    return data


def reads(data: dict[str, Any], *entries: tuple[str, str, str]) -> dict[str, Any]:
    member(data, "mum")["languages"] = [{"tag": t, "speaks": s, "reads": r} for t, s, r in entries]
    return data


# ---- CP301


def test_cp301_english_only_letter() -> None:
    data = letter(base(), ["en"])
    assert keys(data, "CP301") == [("mum", "hv2", "inv")]
    (finding,) = found(data, "CP301")
    assert finding.severity == "error"
    assert "is in English, which they do not read well enough: send it in Polish" in finding.message


@pytest.mark.parametrize("languages", [None, ["pl"], ["pl", "en"], ["PL"]])
def test_cp301_near_miss_her_written_language_included(languages: list[str] | None) -> None:
    assert findings(letter(base(), languages)) == []


def test_cp301_near_miss_english_to_someone_who_reads_it_well() -> None:
    data = reads(base(), ("pl", "native", "fluent"), ("en", "basic", "fluent"))
    assert found(letter(data, ["en"]), "CP301") == []
    data = reads(base(), ("pl", "native", "fluent"), ("en", "basic", "conversational"))
    assert len(found(letter(data, ["en"]), "CP301")) == 1


def test_cp301_script_matters() -> None:
    data = reads(base(), ("pa-Arab", "native", "fluent"))
    assert len(found(letter(data, ["pa-Guru"]), "CP301")) == 1
    assert found(letter(data, ["pa-Arab"]), "CP301") == []


def test_cp301_not_for_a_recipient_with_no_written_language_cp303_instead() -> None:
    data = letter(reads(base(), ("pl", "native", "basic")), ["en"])
    assert found(data, "CP301") == []
    assert keys(data, "CP303") == [("mum", "hv2", "inv")]


def test_cp301_written_language_without_translation_is_cp302_instead() -> None:
    data = letter(reads(base(), ("ti", "native", "fluent")), ["en"])
    assert found(data, "CP301") == []
    assert keys(data, "CP302") == [("mum", "hv2", "inv")]
    assert "is due in Tigrinya" in found(data, "CP302")[0].message


# ---- CP302


def test_cp302_chosen_language_without_translation() -> None:
    data = letter(reads(base(), ("ti", "native", "fluent")))
    assert keys(data, "CP302") == [("mum", "hv2", "inv")]


def test_cp302_asked_for_language_without_translation() -> None:
    data = letter(base(), ["pl", "so"])
    (finding,) = found(data, "CP302")
    assert "is due in Somali" in finding.message


def test_cp302_near_miss_translation_exists() -> None:
    assert found(letter(reads(base(), ("ro", "native", "fluent"))), "CP302") == []


# ---- CP303


@pytest.mark.parametrize("need", ["easy_read", "large_print", "braille", "audio", "sign_language_video"])
def test_cp303_communication_need(need: str) -> None:
    data = letter(base())
    member(data, "mum")["communication_needs"] = [need]
    assert keys(data, "CP303") == [("mum", "hv2", "inv")]


def test_cp303_near_miss_reads_conversational() -> None:
    assert found(letter(reads(base(), ("pl", "native", "conversational"))), "CP303") == []


def test_cp303_unknown_needs_are_cp401_only() -> None:
    data = letter(base())
    member(data, "mum")["languages"] = []
    codes = {f.code for f in findings(data)}
    assert "CP401" in codes and not codes & {"CP301", "CP303"}


# ---- CP304


def test_cp304_unreviewed_translation() -> None:
    data = letter(reads(base(), ("ro", "native", "fluent")))
    (finding,) = found(data, "CP304")
    assert (finding.severity, finding.member, finding.letter) == ("info", "mum", "inv")
    assert "The Romanian translation" in finding.message


def test_cp304_near_miss_reviewed_or_english() -> None:
    assert found(letter(base()), "CP304") == []
    assert found(letter(reads(base(), ("en", "native", "native"))), "CP304") == []


# ---- what `contactplan letter` uses


def test_due_languages() -> None:
    case = load(letter(base()))
    (inv,) = case.letters
    assert due_languages(case, inv) == ["pl"]
    assert due_languages(case, inv, ["en"]) == ["en"]
    spoken_only = load(letter(reads(base(), ("ro", "native", "none"))))
    assert due_languages(spoken_only, spoken_only.letters[0]) == ["ro"]
    no_translation = load(letter(reads(base(), ("ti", "native", "basic"))))
    assert due_languages(no_translation, no_translation.letters[0]) == ["en"]


def test_letter_findings_with_language_override() -> None:
    case = load(letter(base()))
    (inv,) = case.letters
    assert letter_findings(case, inv, today=TODAY) == []
    assert [f.code for f in letter_findings(case, inv, languages=["en"], today=TODAY)] == ["CP301"]
    assert [f.code for f in letter_findings(case, inv, languages=["ro"], today=TODAY)] == ["CP301", "CP304"]
    assert [f.code for f in letter_findings(case, inv, languages=["ti"], today=TODAY)] == ["CP301", "CP302"]


def test_letter_findings_for_a_letter_not_in_the_case() -> None:
    from contactplan.model import Letter

    case = load(base())
    ad_hoc = Letter(id="adhoc", template="domestic_abuse_support", to="mum")
    findings_ = letter_findings(case, ad_hoc, languages=["en"], today=TODAY)
    assert [(f.code, f.member, f.contact, f.letter) for f in findings_] == [
        ("CP301", "mum", None, "adhoc"),
        ("CP601", "mum", None, "adhoc"),  # by post, the default
    ]


def test_a_letter_to_nobody_in_the_case_is_a_usage_error() -> None:
    from contactplan.errors import UsageError
    from contactplan.model import Letter

    case = load(base())
    stray = Letter(id="x", template="domestic_abuse_support", to="nobody")
    with pytest.raises(UsageError, match="no member 'nobody'"):
        letter_findings(case, stray, today=TODAY)
    with pytest.raises(UsageError):
        due_languages(case, stray)


# ---- CP303 (changed to an error) and explained_at


def non_reader(data: dict[str, Any]) -> dict[str, Any]:
    reads(data, ("pl", "native", "none"))
    data["contacts"].append(
        {
            "id": "pc",
            "kind": "phone_call",
            "start": "2026-11-18T10:00",
            "duration_minutes": 30,
            "status": "held",
            "attendees": ["mum"],
            "interpreting": [
                {
                    "for": ["mum"],
                    "language": "pl",
                    "interpreter": "ewa",
                    "mode": "telephone",
                    "status": "confirmed",
                }
            ],
        }
    )
    return letter(data)


def test_cp303_is_an_error_with_what_to_do() -> None:
    data = non_reader(base())
    (finding,) = found(data, "CP303", today=dt.date(2026, 11, 19))  # the day before the visit
    assert finding.severity == "error" and (finding.member, finding.contact, finding.letter) == (
        "mum",
        "hv2",
        "inv",
    )
    assert finding.message == (
        "Ana Mother reads no language well enough to read the appointment letter inv: go through it with "
        "them before the home visit on 20 Nov 2026, at a visit or by phone with an interpreter in Polish, "
        "and name that contact in explained_at"
    )


def test_cp303_gives_no_advice_about_a_date_already_past() -> None:
    data = non_reader(base())
    data["letters"][0]["sent"] = "2026-11-02"
    (finding,) = found(data, "CP303")  # on 22 Nov: the visit of 20 Nov has passed
    assert finding.message == (
        "Ana Mother reads no language well enough to read the appointment letter inv: ask them what they "
        "understood of it, and go through letters with them at a visit or by phone with an interpreter in "
        "Polish from now on"
    )
    assert "before" not in finding.message


def test_cp303_near_miss_a_valid_explained_at() -> None:
    data = non_reader(base())
    data["letters"][0]["explained_at"] = "pc"
    assert found(data, "CP303") == []


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"status": "cancelled"}, "is cancelled"),
        ({"attendees": ["kid"]}, "is not attended by Ana Mother"),
        ({"start": "2026-11-20T10:00"}, "does not come before the home visit on 20 Nov 2026"),
        ({"interpreting": []}, "has no professional interpreter in Polish for them"),
    ],
)
def test_cp303_an_explained_at_that_does_not_count(change: dict[str, Any], why: str) -> None:
    data = non_reader(base())
    data["letters"][0]["explained_at"] = "pc"
    contact(data, "pc").update(change)
    (finding,) = found(data, "CP303")
    assert why in finding.message


def test_cp303_explained_at_through_a_family_member_does_not_count() -> None:
    data = non_reader(base())
    data["members"].append({"id": "aunt", "name": "Aunt", "role": "relative", "household": False,
                            "languages": [{"tag": "pl", "speaks": "native"}]})  # fmt: skip
    contact(data, "pc")["interpreting"] = [
        {"for": ["mum"], "language": "pl", "by": "aunt", "status": "confirmed"}
    ]
    data["letters"][0]["explained_at"] = "pc"
    assert "has no professional interpreter in Polish" in found(data, "CP303")[0].message


def test_cp303_a_signer_needs_video_not_a_phone_call() -> None:
    data = non_reader(base())
    member(data, "mum")["languages"] = [{"tag": "bfi", "speaks": "native"}, {"tag": "en", "speaks": "none"}]
    data["interpreters"][0]["languages"] = ["bfi"]
    contact(data, "pc")["interpreting"][0].update(language="bfi", mode="video")
    data["letters"][0]["explained_at"] = "pc"
    assert "is a phone call, which a signer can't use" in found(data, "CP303")[0].message
    contact(data, "pc")["kind"] = "video_call"
    assert found(data, "CP303") == []
    contact(data, "pc")["interpreting"][0]["mode"] = "telephone"
    assert "has no professional interpreter in British Sign Language" in found(data, "CP303")[0].message


def test_cp303_near_miss_deaf_relay_and_lipspeaker_are_met_by_print() -> None:
    data = letter(base())
    member(data, "mum")["communication_needs"] = ["deaf_relay", "lipspeaker"]
    assert found(data, "CP303") == []


def test_letter_findings_refuse_with_cp303_unless_explained_at_and_cp601() -> None:
    from contactplan.model import Letter

    case = load(non_reader(base()))
    (inv,) = case.letters
    assert [f.code for f in letter_findings(case, inv, today=TODAY)] == ["CP303"]
    explained = Letter(id="inv", template="appointment", to="mum", contact="hv2", explained_at="pc")
    assert letter_findings(case, explained, today=TODAY) == []
    support = Letter(id="da", template="domestic_abuse_support", to="mum")
    assert [f.code for f in letter_findings(case, support, today=TODAY)] == ["CP303", "CP601"]
    by_hand = Letter(
        id="da", template="domestic_abuse_support", to="mum", explained_at="hv1", delivery="by_hand"
    )
    assert letter_findings(case, by_hand, today=TODAY) == []
    by_phone = Letter(
        id="da", template="domestic_abuse_support", to="mum", explained_at="pc", delivery="by_hand"
    )
    assert [(f.code, f.contact) for f in letter_findings(case, by_phone, today=TODAY)] == [("CP601", "pc")]
    with pytest.raises(Exception, match="no contact 'nowhere'"):
        letter_findings(
            case, Letter(id="x", template="appointment", to="mum", contact="nowhere"), today=TODAY
        )
