"""Generated families (random languages, levels, registers and bookings;
young children, signers, people who need a Deaf relay interpreter, alleged
perpetrators, people who read no language): the proposal passes the checks,
except for what it owns up to, never invites an alleged perpetrator unless
named, never books sign language by telephone, and adds to the file as
written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from contactplan.casefile import load_case_text
from contactplan.casefile.edit import add_to_case_text
from contactplan.checks import run_checks
from contactplan.planning import ContactRequest, propose_contact

TODAY = dt.date(2026, 11, 22)
START = dt.datetime(2026, 12, 8, 10, 0)
TAGS = [
    "en",
    "pl",
    "ro",
    "pa-Arab",
    "pa",
    "ur",
    "bn",
    "syl",
    "ti",
    "ckb",
    "kmr",
    "ar",
    "fa",
    "fa-AF",
    "pt-BR",
    "pt-PT",
    "pt",
    "bfi",
    "so",
    "uk",
    "hu",
    "zh",
    "yue",
]
LEVELS = ["none", "basic", "conversational", "fluent", "native"]
GENDERS = [None, "female", "male"]
ADULT_ROLES = ["parent", "step_parent", "partner", "carer", "relative", "other_adult"]
KINDS = [
    "home_visit",
    "office_visit",
    "school_visit",
    "phone_call",
    "video_call",
    "core_group",
    "health_appointment",
]

SIGN_LANGUAGES = {"bfi"}  # no written form: `reads` is none


def _no_reading_of_signs(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "reads": "none"} if entry["tag"] in SIGN_LANGUAGES else entry


languages = st.lists(
    st.fixed_dictionaries(
        {"tag": st.sampled_from(TAGS), "speaks": st.sampled_from(LEVELS), "reads": st.sampled_from(LEVELS)}
    ).map(_no_reading_of_signs),
    max_size=3,
    unique_by=lambda entry: entry["tag"],
)


@st.composite
def member(draw: st.DrawFn, index: int, child: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"m{index}",
        "name": f"Member {index}",
        "role": "subject_child" if child else draw(st.sampled_from([*ADULT_ROLES, "sibling"])),
        "household": draw(st.booleans()),
        "languages": draw(languages if not child else languages.filter(bool) | languages),
        "interpreter": draw(st.sampled_from(["auto", "auto", "required", "not_needed"])),
    }
    if data["role"] in ("subject_child", "sibling"):
        # 2025 and 2026: young children (under 3 on the visit's date), who may have no languages
        data["date_of_birth"] = f"{draw(st.integers(2010, 2026))}-06-01"
    else:
        if draw(st.integers(0, 4)) == 0:
            data["alleged_perpetrator"] = True
    if draw(st.integers(0, 3)) == 0:
        data["communication_needs"] = ["deaf_relay"]
    gender = draw(st.sampled_from(GENDERS))
    if gender:
        data["interpreter_preferences"] = {"gender": gender}
    return data


@st.composite
def family(draw: st.DrawFn) -> dict[str, Any]:
    children = draw(st.integers(1, 2))
    adults = draw(st.integers(0, 3))
    members = [draw(member(i, child=i < children)) for i in range(children + adults)]
    interpreters = [
        {
            "id": f"int-{i}",
            "name": f"Interpreter {i}",
            "languages": draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=2, unique=True)),
            **({"gender": g} if (g := draw(st.sampled_from(GENDERS))) else {}),
            **({"registration": f"R{i}"} if draw(st.booleans()) else {}),
            **(
                {"known_to": draw(st.lists(st.sampled_from([m["id"] for m in members]), max_size=1))}
                if draw(st.booleans())
                else {}
            ),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    if draw(st.booleans()):
        interpreters.append(
            {"id": "int-relay", "name": "Deaf Relay", "languages": ["bfi"], "registration": "NRCPD relay"}
        )
    contacts = []
    for i in range(draw(st.integers(0, 2))):
        if not interpreters:
            break
        booked = draw(st.sampled_from(interpreters))["id"]
        when = START + dt.timedelta(minutes=draw(st.sampled_from([-120, -60, -30, 0, 30, 90, 1440])))
        contacts.append(
            {
                "id": f"c{i}",
                "kind": "office_visit",
                "start": when.isoformat(timespec="minutes"),
                "duration_minutes": draw(st.sampled_from([30, 60, 120])),
                "status": draw(st.sampled_from(["planned", "held", "cancelled"])),
                "attendees": [members[0]["id"]],
                "interpreting": [
                    {
                        "for": [members[0]["id"]],
                        "language": "pl",
                        "interpreter": booked,
                        "status": "confirmed",
                    }
                ],
            }
        )
    return {
        "contactplan": 1,
        "case": {"reference": "CP-FUZZ"},
        "members": members,
        "interpreters": interpreters,
        "contacts": contacts,
    }


@given(family(), st.sampled_from(KINDS), st.data())
def test_generated_families_get_a_contact_that_passes_the_checks(
    data: dict[str, Any], kind: str, chosen: st.DataObject
) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    case = load_case_text(text, "fuzz.yaml")
    ids = [m["id"] for m in data["members"]]
    named = tuple(chosen.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))))
    proposal = propose_contact(case, ContactRequest(kind=kind, start=START, today=TODAY, attendees=named))
    contact = proposal.contact
    day = START.date()
    young = case.policy.young_child_age_years
    # an alleged perpetrator attends only when named; a young subject child always attends
    for member in case.members:
        if member.alleged_perpetrator and member.id not in named:
            assert all(member.id not in c.attendees for c in proposal.contacts)
        if member.role == "subject_child" and member.is_young_child(day, young):
            assert member.id in contact.attendees
            assert all(s.child != member.id for s in contact.seen_alone)
    # never sign language by telephone, never a phone call with a signer
    for planned in proposal.contacts:
        for arrangement in planned.interpreting:
            assert not (arrangement.language == "bfi" and arrangement.mode == "telephone")
    # a letter to someone who reads no language is gone through at a call before the contact
    for letter in proposal.letters:
        if letter.explained_at is not None:
            call = next(c for c in proposal.calls if c.id == letter.explained_at)
            assert call.start < contact.start and call.attendees == [letter.to]

    # the checks, run here independently, agree with what the proposal reports
    before = {f.key for f in run_checks(case, today=TODAY)}
    letter_ids = {letter.id for letter in proposal.letters}
    found = {
        f
        for f in run_checks(proposal.applied_to(case), today=TODAY)
        if f.contact == contact.id or f.letter in letter_ids or f.key not in before
    }
    assert found == set(proposal.findings)
    # no error it does not own up to
    errors = {(f.code, f.member) for f in found if f.severity == "error"}
    assert errors <= {(u.code, u.member) for u in proposal.unresolved}, (errors, proposal.unresolved)
    # never a family member interpreting, never an unregistered or double-booked interpreter
    assert all(a.by is None for a in contact.interpreting) and all(s.by is None for s in contact.seen_alone)
    register = {i.id: i for i in case.interpreters}
    used = [a.interpreter for a in contact.interpreting if a.interpreter]
    used += [a.relay_interpreter for a in contact.interpreting if a.relay_interpreter]
    assert len(used) == len(set(used))
    for interpreter_id in used:
        assert (register[interpreter_id].registration or "").strip()
    # the proposal adds to the file as written, and reads back the same
    sections = proposal.data()
    updated = load_case_text(add_to_case_text(text, sections["contacts"], sections["letters"]), "fuzz.yaml")
    assert updated.contacts[len(case.contacts) :] == list(proposal.contacts)
    assert updated.letters[len(case.letters) :] == list(proposal.letters)
