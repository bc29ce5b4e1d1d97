"""The derived language facts (case-file.md) as every feature gets them from
languages.needs_for, and the young-child rule across the checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from checks_support import TODAY, base, findings, found, load, member

from contactplan.languages import needs_for
from contactplan.model import LanguageEntry, Member, Policy


def person(*languages: tuple[str, str, str], **extra: Any) -> Member:
    return Member(
        id="p",
        name="P",
        role=extra.pop("role", "parent"),
        languages=[LanguageEntry(tag=t, speaks=s, reads=r) for t, s, r in languages],  # type: ignore[arg-type]
        **extra,
    )


def test_preferred_spoken_english_never_needs_an_english_interpreter() -> None:
    child = person(("en", "basic", "none"), role="subject_child", date_of_birth=dt.date(2022, 1, 1))
    needs = needs_for(child, TODAY)
    assert needs.spoken == "en" and needs.interpreter_needed is False


def test_auto_other_language_and_english_below_fluent_needs_one() -> None:
    assert needs_for(person(("pl", "native", "fluent"), ("en", "conversational", "basic"))).interpreter_needed
    assert not needs_for(person(("pl", "native", "fluent"), ("en", "fluent", "basic"))).interpreter_needed
    assert needs_for(person(("pl", "native", "fluent"))).interpreter_needed  # no English entry: none


def test_required_and_not_needed() -> None:
    assert needs_for(person(("en", "native", "native"), interpreter="required")).interpreter_needed
    assert not needs_for(person(("pl", "native", "fluent"), interpreter="not_needed")).interpreter_needed


def test_a_signer_always_needs_one_even_when_recorded_not_needed() -> None:
    needs = needs_for(person(("bfi", "native", "none"), ("en", "none", "fluent"), interpreter="not_needed"))
    assert needs.signer and needs.interpreter_needed and needs.spoken == "bfi"
    assert needs.written == "en" and needs.reads_english


def test_a_tie_in_speaks_goes_to_the_first_listed() -> None:
    assert needs_for(person(("pl", "basic", "none"), ("en", "basic", "none"))).spoken == "pl"
    assert needs_for(person(("en", "basic", "none"), ("pl", "basic", "none"))).spoken == "en"


def test_preferred_written_counts_only_at_conversational_or_above() -> None:
    reader = person(("ur", "native", "fluent"), ("pa-Arab", "native", "basic"), preferred_written="pa-Arab")
    assert needs_for(reader).written == "ur"
    reader = person(
        ("ur", "native", "fluent"), ("pa-Arab", "native", "conversational"), preferred_written="pa-Arab"
    )
    assert needs_for(reader).written == "pa-Arab"
    assert needs_for(person(("syl", "native", "basic"))).written is None


def test_no_languages_is_unknown() -> None:
    needs = needs_for(person())
    assert (needs.known, needs.interpreter_needed, needs.spoken, needs.written) == (False, None, None, None)


@pytest.mark.parametrize(
    ("born", "young"),
    [(dt.date(2026, 4, 10), True), (dt.date(2023, 11, 23), True), (dt.date(2023, 11, 22), False)],
)
def test_young_child_on_the_date_in_question(born: dt.date, young: bool) -> None:
    child = person(("pl", "native", "none"), role="subject_child", date_of_birth=born, interpreter="required")
    needs = needs_for(child, TODAY)
    assert needs.young_child is young
    assert needs.interpreter_needed is (not young)
    if young:
        assert needs.known and needs.written is None and needs.reads_english is False


def test_young_child_age_comes_from_the_policy() -> None:
    child = person(("pl", "native", "none"), role="subject_child", date_of_birth=dt.date(2022, 6, 1))
    assert not needs_for(child, TODAY).young_child
    assert needs_for(child, TODAY, policy=Policy(young_child_age_years=5)).young_child
    assert needs_for(child, TODAY, young_child_age_years=5).young_child


def test_no_date_of_birth_is_never_a_young_child() -> None:
    assert not needs_for(person(("pl", "native", "fluent"), role="relative")).young_child


# ---- young children across the checks


def baby(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    member(data, "kid").update(date_of_birth="2026-04-10", **extra)
    return data


def test_a_baby_with_no_languages_is_not_cp401_cp110_cp201_cp202_cp203() -> None:
    data = baby(base(), languages=[])
    member(data, "kid").pop("language_assessment")
    for c in data["contacts"]:
        c["seen_alone"] = []
    codes = {f.code for f in findings(data)}
    assert not codes & {"CP401", "CP402", "CP110", "CP201", "CP202", "CP203", "CP205"}


def test_a_three_year_old_with_some_english_needs_no_interpreter() -> None:
    data = base()
    member(data, "kid").update(date_of_birth="2023-06-01", languages=[{"tag": "en", "speaks": "basic"}])
    assert found(data, "CP110") == []


def test_a_young_child_who_speaks_polish_needs_no_interpreter_at_a_contact() -> None:
    data = baby(base(), languages=[{"tag": "pl", "speaks": "basic"}])
    assert found(data, "CP110") == [] and found(data, "CP202") == []


def test_near_miss_a_child_of_three_is_not_young() -> None:
    data = base()
    member(data, "kid").update(date_of_birth="2023-11-01", languages=[{"tag": "pl", "speaks": "basic"}])
    assert {f.code for f in findings(data)} >= {"CP110", "CP202"}


def test_the_context_takes_age_on_the_contacts_date() -> None:
    from contactplan.checks.context import Context

    data = base()
    member(data, "kid").update(date_of_birth="2023-11-15", languages=[{"tag": "pl", "speaks": "basic"}])
    context = Context.build(load(data), today=TODAY)
    assert not context.is_young("kid")  # 3 on 22 Nov 2026
    assert context.is_young("kid", dt.date(2026, 11, 10))  # still 2 at hv1
    assert not context.needs_interpreter("kid", dt.date(2026, 11, 10))
    assert context.needs_interpreter("kid", dt.date(2026, 11, 20))
    keys_ = [(f.member, f.contact) for f in findings(data) if f.code == "CP110"]
    assert keys_ == [("kid", "hv2")]
