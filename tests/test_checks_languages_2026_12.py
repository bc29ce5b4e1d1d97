"""The 2026-12 language rules: macrolanguages from ISO 639-3 data (CP111,
CP112, CP406 changed; Romani, Kurdish, Chinese are families of different
languages, the members of any other macrolanguage close variants), the
names that find them, CP106 (an interpreter who knows the family at a
child's time alone), and the letters' wording (CP302, CP303, titles as
written)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from checks_support import base, contact, found, keys, member

from contactplan import languages as lang
from contactplan.languages import Match, match_spoken, suggest_tags

ROMANI = ["rmc", "rmf", "rml", "rmn", "rmo", "rmw", "rmy"]


def test_macrolanguages_come_from_iso_639_3_data() -> None:
    assert sorted(lang.macrolanguage_members("rom")) == ROMANI
    assert sorted(lang.macrolanguage_members("ku")) == ["ckb", "kmr", "sdh"]
    assert {"cmn", "yue", "hak", "nan"} <= set(lang.macrolanguage_members("zh"))
    assert {"apd", "apc", "arb", "ary", "arz"} <= set(lang.macrolanguage_members("ar"))
    assert (lang.macrolanguage("rmc"), lang.macrolanguage("rom"), lang.macrolanguage("pl")) == (
        "rom",
        "rom",
        None,
    )
    assert lang.macrolanguage_members("pl") == []


@pytest.mark.parametrize(
    ("person", "interpreter", "expected"),
    [
        ("rmc", "rmy", Match.MISMATCH),  # Vlax Romani for a Carpathian Romani speaker
        ("rmy", "rmc", Match.MISMATCH),
        ("rmc", "rmn", Match.MISMATCH),
        ("rmc", "rom", Match.CLOSE),  # "a Romani interpreter": confirm
        ("rom", "rmc", Match.CLOSE),  # the right Carpathian interpreter for a mother recorded as rom
        ("rom", "rmy", Match.CLOSE),
        ("rmc", "rmc", Match.EXACT),
        ("ckb", "kmr", Match.MISMATCH),
        ("sdh", "ckb", Match.MISMATCH),
        ("cmn", "yue", Match.MISMATCH),
        ("hak", "cmn", Match.MISMATCH),
        ("apd", "apc", Match.CLOSE),  # Sudanese and Levantine Arabic
        ("arb", "apc", Match.CLOSE),  # Standard Arabic is one member among others
        ("apc", "ar", Match.EXACT),  # the family's own tag matches any member
        ("ar", "apd", Match.EXACT),
        ("als", "aln", Match.CLOSE),  # Tosk and Gheg Albanian
        ("sq", "aln", Match.EXACT),
        ("nb", "nn", Match.CLOSE),  # Norwegian, from the data, not a hand-made list
        ("ms", "zsm", Match.EXACT),
        ("ro", "rmy", Match.MISMATCH),  # Romanian is not Romani
        ("sk", "rmc", Match.MISMATCH),  # nor is Slovak
    ],
)
def test_match_spoken_across_macrolanguages(person: str, interpreter: str, expected: Match) -> None:
    assert match_spoken(person, interpreter) is expected


@pytest.mark.parametrize("name", ["Romani", "Romanes", "Roma", "romany", "Romani chib"])
def test_romani_names_offer_every_romani_language(name: str) -> None:
    assert sorted(suggest_tags(name)) == ROMANI
    assert suggest_tags(name)[:2] == ["rmc", "rmy"]  # Slovak and Czech Roma, Romanian Roma first


def test_kurdish_offers_every_kurdish_language() -> None:
    assert suggest_tags("Kurdish") == ["kmr", "ckb", "sdh"]


def test_the_web_picker_offers_every_romani_language() -> None:
    from contactplan.api import find_languages  # what the web picker offers

    found_tags = [c.tag for c in find_languages("Romanes")[0]]
    assert sorted(found_tags) == ROMANI


def romani_family(mum: str, booked: str, listed: str | None = None) -> dict[str, Any]:
    data = base()
    member(data, "mum")["languages"] = [
        {"tag": mum, "speaks": "native", "reads": "none"},
        {"tag": "sk", "speaks": "conversational", "reads": "basic"},
    ]
    data["interpreters"] = [
        {"id": "ewa", "name": "Eva Interpreter", "languages": [listed or booked], "registration": "NRPSI 1"}
    ]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = booked
    return data


def test_cp111_changed_vlax_for_carpathian() -> None:
    data = romani_family("rmc", "rmy")
    assert keys(data, "CP111") == [("mum", "hv1", None), ("mum", "hv2", None)]
    assert (
        "speaks Carpathian Romani but the interpreting is in Vlax Romani" in found(data, "CP111")[0].message
    )
    # near miss: the right one
    assert found(romani_family("rmc", "rmc"), "CP111") == []


def test_cp112_changed_an_interpreter_recorded_only_as_romani() -> None:
    data = romani_family("rmc", "rom")
    assert keys(data, "CP112") == [("mum", "hv1", None), ("mum", "hv2", None)]
    assert found(data, "CP111") == []


def test_cp406_and_cp112_not_cp111_for_a_mother_recorded_as_rom() -> None:
    data = romani_family("rom", "rmc")
    assert found(data, "CP111") == []
    assert keys(data, "CP112") == [("mum", "hv1", None), ("mum", "hv2", None)]
    (cp406,) = found(data, "CP406")
    assert cp406.member == "mum" and "Carpathian `rmc`, Vlax `rmy`" in cp406.message
    assert found(romani_family("rmc", "rmc"), "CP406") == []  # near miss


def test_cp112_changed_two_members_of_another_macrolanguage() -> None:
    data = base()
    member(data, "mum")["languages"] = [{"tag": "apd", "speaks": "native", "reads": "none"}]
    data["interpreters"][0]["languages"] = ["apc"]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = "apc"
    assert keys(data, "CP112") == [("mum", "hv1", None), ("mum", "hv2", None)]
    assert found(data, "CP111") == []
    data["interpreters"][0]["languages"] = ["ar"]  # near miss: the family's own tag matches any member
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = "ar"
    assert found(data, "CP112") == [] and found(data, "CP111") == []


# ---- CP106


def polish_child_seen_with(interpreter: str, knows: list[str]) -> dict[str, Any]:
    data = base()
    member(data, "kid")["languages"] = [{"tag": "pl", "speaks": "native"}, {"tag": "en", "speaks": "basic"}]
    data["interpreters"].append(
        {
            "id": "ola",
            "name": "Ola Interpreter",
            "languages": ["pl"],
            "registration": "NRPSI 2",
            "known_to": knows,
        }
    )
    for c in data["contacts"]:
        c["interpreting"][0]["for"] = ["mum", "kid"]
        c["seen_alone"] = [{"child": "kid", "interpreter": interpreter}]
    return data


def test_cp106_the_interpreter_of_the_time_alone_knows_the_family() -> None:
    data = polish_child_seen_with("ola", ["mum"])
    assert keys(data, "CP106") == [("kid", "hv1", None), ("kid", "hv2", None)]
    (first, _) = found(data, "CP106")
    assert first.severity == "error"
    assert first.message == (
        "Kit Child's time alone at the home visit on 10 Nov 2026 is interpreted by Ola Interpreter, who knows "
        "Ana Mother personally: a child will not speak freely through someone who knows their family; book "
        "another interpreter for the time alone"
    )
    assert keys(data, "CP201") == [("kid", None, None)]  # not time alone


def test_cp106_through_the_contact_s_arrangement_by_language() -> None:
    data = polish_child_seen_with("ewa", [])
    data["interpreters"][0]["known_to"] = ["kid"]
    for c in data["contacts"]:
        c["seen_alone"] = [{"child": "kid", "language": "pl"}]
    assert keys(data, "CP106") == [("kid", "hv1", None), ("kid", "hv2", None)]


def test_cp106_near_misses() -> None:
    assert found(polish_child_seen_with("ola", []), "CP106") == []  # knows nobody
    data = polish_child_seen_with("ewa", [])
    data["interpreters"][1]["known_to"] = ["mum"]  # knows mum, but does not interpret the time alone
    assert found(data, "CP106") == []
    for c in data["contacts"]:
        c["interpreting"][0]["interpreter"] = "ola"
    assert found(data, "CP106") == [] and len(found(data, "CP105")) == 2  # CP105 stays for the contact


# ---- letters and wording


def non_reader(data: dict[str, Any], languages: list[str] | None = None, **letter: Any) -> dict[str, Any]:
    member(data, "mum")["languages"] = [
        {"tag": "rmc", "speaks": "native", "reads": "none"},
        {"tag": "sk", "speaks": "conversational", "reads": "basic"},
    ]
    data["interpreters"][0]["languages"] = ["rmc"]
    for c in data["contacts"]:
        c["interpreting"][0]["language"] = "rmc"
    item: dict[str, Any] = {"id": "inv", "template": "appointment", "to": "mum", "contact": "hv3", **letter}
    if languages is not None:
        item["languages"] = languages
    data["contacts"].append(dict(contact(data, "hv2"), id="hv3", start="2026-12-01T10:00", status="planned"))
    data["contacts"][-1].pop("seen")
    data["letters"] = [item]
    return data


def test_cp302_changed_not_for_someone_who_reads_no_language() -> None:
    data = non_reader(base(), ["sk"])
    assert found(data, "CP302") == []
    assert keys(data, "CP303") == [("mum", "hv3", "inv")]
    assert "Slovak" not in found(data, "CP303")[0].message


def test_cp302_changed_never_for_a_sent_letter() -> None:
    data = base()
    member(data, "mum")["languages"][0].update(tag="am")  # reads Amharic fluently: no translation
    data["letters"] = [{"id": "inv", "template": "appointment", "to": "mum", "contact": "hv2"}]
    assert keys(data, "CP302") == [("mum", "hv2", "inv")]
    data["letters"][0]["sent"] = "2026-11-02"
    assert found(data, "CP302") == []


def test_titles_and_names_are_kept_as_written() -> None:
    data = base()
    contact(data, "hv2").update(title="Mia 2-2.5 year review", seen=["mum"])
    (finding,) = found(data, "CP204")
    assert finding.message.startswith("The Mia 2-2.5 year review on 20 Nov 2026 lists Kit Child")
    contact(data, "hv1")["seen"] = ["mum"]
    first = found(data, "CP204")[0]
    assert first.message.startswith("The home visit on 10 Nov 2026")  # a kind's own title in lower case


def test_cp303_for_a_letter_sent_in_september_gives_no_advice_about_september() -> None:
    data = non_reader(base(), sent="2026-09-01")
    data["letters"][0]["contact"] = "hv1"
    (finding,) = found(data, "CP303", today=dt.date(2026, 11, 22))
    assert "before" not in finding.message and "10 Nov" not in finding.message
    assert "from now on" in finding.message
