"""`propose_contact`: the proposed contact passes the checks, and each choice
is the one a safeguarding practitioner would make."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contactplan.casefile import load_case, load_case_text
from contactplan.checks import run_checks
from contactplan.errors import DuplicateIdError, UsageError
from contactplan.findings import Finding
from contactplan.model import Case
from contactplan.planning import ContactRequest, Proposal, parse_practitioner, propose_contact

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 11, 22)
START = dt.datetime(2026, 12, 8, 10, 0)


def request(**changes: object) -> ContactRequest:
    values: dict[str, object] = {"kind": "home_visit", "start": START, "today": TODAY}
    values.update(changes)
    return ContactRequest(**values)  # type: ignore[arg-type]


def new_findings(case: Case, proposal: Proposal) -> set[Finding]:
    """What the checks say, independently, about the new contact and letters."""
    before = {f.key for f in run_checks(case, today=TODAY)}
    letters = {letter.id for letter in proposal.letters}
    return {
        f
        for f in run_checks(proposal.applied_to(case), today=TODAY)
        if f.contact == proposal.contact.id or f.letter in letters or f.key not in before
    }


def assert_safe(case: Case, proposal: Proposal) -> None:
    """No error the proposal does not own up to, and its findings are the checks' own."""
    found = new_findings(case, proposal)
    assert found == set(proposal.findings)
    errors = {(f.code, f.member) for f in found if f.severity == "error"}
    assert errors <= {(u.code, u.member) for u in proposal.unresolved}


def family(members: str, interpreters: str = "", contacts: str = "", policy: str = "") -> Case:
    text = "contactplan: 1\ncase: {reference: CP-TEST-PLAN}\nmembers:\n" + members
    if interpreters:
        text += "interpreters:\n" + interpreters
    if contacts:
        text += "contacts:\n" + contacts
    if policy:
        text += "policy:\n" + policy
    return load_case_text(text, "test.yaml")


POLISH_MOTHER = """\
  - id: mum
    name: Test Mother
    role: parent
    gender: female
    languages:
      - {tag: pl, speaks: native, reads: fluent}
      - {tag: en, speaks: basic, reads: basic}
"""
POLISH_CHILD = """\
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2019-05-05
    languages:
      - {tag: pl, speaks: fluent}
      - {tag: en, speaks: basic}
"""
ENGLISH_CHILD = """\
  - id: kid2
    name: Test Child Two
    role: subject_child
    date_of_birth: 2016-05-05
    languages:
      - {tag: en, speaks: native, reads: fluent}
"""
#: A relative who lives elsewhere: the interpreter's other contact is hers,
#: so that nobody of the new contact is booked twice.
AUNT = """\
  - id: aunt
    name: Test Aunt
    role: relative
    household: false
    languages:
      - {tag: pl, speaks: native, reads: fluent}
"""
EWA = "  - {id: int-ewa, name: Ewa Test, languages: [pl], gender: female, registration: NRPSI 1}\n"
ADAM = "  - {id: int-adam, name: Adam Test, languages: [pl], gender: male, registration: NRPSI 2}\n"


# --------------------------------------------------------------------------
# The example families


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", ["home_visit", "office_visit", "phone_call"])
def test_example_families_get_a_contact_that_passes_the_checks(path: Path, kind: str) -> None:
    case = load_case(path)
    proposal = propose_contact(case, request(kind=kind))
    assert_safe(case, proposal)
    assert not proposal.errors
    # a call is no time alone: a child seen alone nowhere else is named as unavoidable
    assert all(u.code in ("CP201", "CP205") and kind == "phone_call" for u in proposal.unresolved)


def test_the_failures_family_gets_ewa_time_alone_and_polish_letters(examples: Path) -> None:
    case = load_case(examples / "nowak-family-failures.yaml")
    proposal = propose_contact(case, request())
    contact = proposal.contact
    assert contact.id == "hv-2026-12-08"
    assert contact.attendees == ["magda", "marek", "kuba", "zosia"]
    [arrangement] = contact.interpreting
    assert (arrangement.for_, arrangement.language, arrangement.interpreter) == (
        ["magda", "marek", "kuba"],
        "pl",
        "int-pl-ewa",
    )
    assert (arrangement.mode, arrangement.status, arrangement.by) == ("in_person", "requested", None)
    [alone] = contact.seen_alone
    assert (alone.child, alone.interpreter, alone.by, alone.language) == ("kuba", "int-pl-ewa", None, "pl")
    assert contact.duration_minutes == 60 + alone.duration_minutes  # type: ignore[operator]
    assert [(letter.to, letter.languages) for letter in proposal.letters] == [
        ("magda", None),
        ("marek", None),
    ]
    assert not any("zosia" in (a.by or "") for a in contact.interpreting)
    text = " ".join(proposal.explanations)
    assert "hv-02" in text  # the planned visit that still has a sibling interpreting


def test_the_gender_asked_for_is_met(examples: Path) -> None:
    case = load_case(examples / "nowak-family-good.yaml")
    proposal = propose_contact(case, request())
    assert proposal.contact.interpreting[0].interpreter == "int-pl-ewa"
    assert any("Adam Lis" in e and "female" in e for e in proposal.explanations)


# --------------------------------------------------------------------------
# Interpreters from the register


def test_an_interpreter_booked_at_an_overlapping_time_is_not_proposed() -> None:
    case = family(
        POLISH_MOTHER + POLISH_CHILD + AUNT,
        EWA + ADAM,
        "  - {id: other, kind: office_visit, start: 2026-12-08T11:00, attendees: [aunt],"
        " interpreting: [{for: [aunt], language: pl, interpreter: int-ewa, status: confirmed}]}\n",
    )
    proposal = propose_contact(case, request())
    assert proposal.contact.interpreting[0].interpreter == "int-adam"
    assert any("int-ewa" in e and "overlapping" in e and "other" in e for e in proposal.explanations)
    assert_safe(case, proposal)


@pytest.mark.parametrize(
    "other",
    [
        "start: 2026-12-08T08:30, duration_minutes: 90",  # ends as ours starts
        "start: 2026-12-08T11:00, status: cancelled",  # cancelled
        "start: 2026-12-09T10:00",  # another day
    ],
)
def test_an_interpreter_free_at_that_time_is_proposed(other: str) -> None:
    case = family(
        POLISH_MOTHER + POLISH_CHILD + AUNT,
        EWA + ADAM,
        f"  - {{id: other, kind: office_visit, {other}, attendees: [aunt],"
        " interpreting: [{for: [aunt], language: pl, interpreter: int-ewa, status: confirmed}]}\n",
    )
    assert propose_contact(case, request()).contact.interpreting[0].interpreter == "int-ewa"


def test_an_interpreter_busy_with_a_childs_time_alone_elsewhere_is_not_proposed() -> None:
    case = family(
        POLISH_MOTHER + POLISH_CHILD,
        EWA,
        "  - {id: other, kind: school_visit, start: 2026-12-08T10:30, attendees: [kid],"
        " seen_alone: [{child: kid, interpreter: int-ewa}]}\n",
    )
    proposal = propose_contact(case, request(attendees=("mum",)))
    assert proposal.contact.interpreting[0].interpreter is None
    assert_safe(case, proposal)


def test_with_nobody_suitable_an_interpreter_is_requested_with_what_to_book() -> None:
    case = family(
        POLISH_MOTHER.replace(
            "    gender: female\n", "    gender: female\n    interpreter_preferences: {gender: female}\n"
        )
        + POLISH_CHILD,
        ADAM + "  - {id: int-una, name: Una Test, languages: [pl], gender: female}\n",
    )
    proposal = propose_contact(case, request())
    [arrangement] = proposal.contact.interpreting
    assert (arrangement.interpreter, arrangement.by, arrangement.status) == (None, None, "requested")
    [alone] = proposal.contact.seen_alone
    assert (alone.interpreter, alone.by, alone.language) == (None, None, "pl")
    [booking] = proposal.bookings
    assert booking.startswith("Book a registered interpreter for Polish (polski), female, in person")
    assert "kid" in booking and "time alone" in booking
    why = " ".join(proposal.explanations)
    assert "int-adam" in why and "int-una" in why and "no professional registration" in why
    assert_safe(case, proposal)
    assert not proposal.errors


def test_interpreters_are_found_in_the_persons_language_exactly() -> None:
    case = family(
        """\
  - id: dad
    name: Test Father
    role: parent
    languages: [{tag: syl, speaks: native}, {tag: en, speaks: basic, reads: fluent}]
  - id: mum
    name: Test Mother
    role: parent
    languages: [{tag: pa-Arab, speaks: native, reads: native}]
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2018-01-01
    languages: [{tag: pt-BR, speaks: native}]
""",
        "  - {id: int-bn, name: B Test, languages: [bn], registration: R1}\n"
        "  - {id: int-ur, name: U Test, languages: [ur], registration: R2}\n"
        "  - {id: int-pt, name: P Test, languages: [pt-PT], registration: R3}\n"
        "  - {id: int-pa, name: S Test, languages: [pa], registration: R4}\n",
    )
    proposal = propose_contact(case, request())
    chosen = {a.language: a.interpreter for a in proposal.contact.interpreting}
    assert chosen == {"syl": None, "pa-Arab": "int-pa", "pt-BR": None}
    assert_safe(case, proposal)


def test_one_interpreter_is_not_proposed_for_two_languages_at_once() -> None:
    case = family(
        POLISH_MOTHER
        + POLISH_CHILD
        + "  - {id: gran, name: Test Gran, role: relative, languages: [{tag: uk, speaks: native, reads: native}]}\n",
        "  - {id: int-both, name: Both Test, languages: [pl, uk], registration: R1}\n",
    )
    proposal = propose_contact(case, request())
    assert [(a.language, a.interpreter) for a in proposal.contact.interpreting] == [
        ("pl", "int-both"),
        ("uk", None),
    ]
    assert_safe(case, proposal)


def test_familiar_interpreter_preferred() -> None:
    case = family(
        POLISH_MOTHER + POLISH_CHILD,
        EWA + ADAM,
        "  - {id: old, kind: office_visit, start: 2026-11-01T10:00, status: held, attendees: [mum],"
        " interpreting: [{for: [mum], language: pl, interpreter: int-adam, status: confirmed}]}\n",
    )
    assert propose_contact(case, request()).contact.interpreting[0].interpreter == "int-adam"


def test_conflicting_gender_wishes_get_two_interpreters() -> None:
    dad = """\
  - id: dad
    name: Test Father
    role: parent
    languages: [{tag: pl, speaks: native, reads: native}]
    interpreter_preferences: {gender: male}
"""
    mum = POLISH_MOTHER + "    interpreter_preferences: {gender: female}\n"
    case = family(mum + dad + POLISH_CHILD, EWA + ADAM)
    proposal = propose_contact(case, request())
    assert [(a.for_, a.interpreter) for a in proposal.contact.interpreting] == [
        (["mum", "kid"], "int-ewa"),
        (["dad"], "int-adam"),
    ]
    assert_safe(case, proposal)


# --------------------------------------------------------------------------
# Signers


BSL_MOTHER = """\
  - id: mum
    name: Test Mother
    role: parent
    languages:
      - {tag: bfi, speaks: native}
      - {tag: en, speaks: none, reads: fluent}
    interpreter: not_needed
"""


def test_a_signer_gets_a_bsl_interpreter() -> None:
    case = family(
        BSL_MOTHER + ENGLISH_CHILD,
        "  - {id: int-en, name: E Test, languages: [en], registration: R1}\n"
        "  - {id: int-bsl, name: S Test, languages: [sgn-GB], registration: NRCPD 1}\n",
    )
    proposal = propose_contact(case, request())
    [arrangement] = proposal.contact.interpreting
    assert (arrangement.for_, arrangement.language, arrangement.interpreter) == (["mum"], "bfi", "int-bsl")
    [letter] = proposal.letters
    assert letter.to == "mum"  # reads English fluently
    assert_safe(case, proposal)


def test_a_signer_is_not_interpreted_by_telephone() -> None:
    case = family(BSL_MOTHER + ENGLISH_CHILD)
    proposal = propose_contact(case, request(kind="phone_call"))
    assert proposal.contact.interpreting[0].mode == "video"
    assert "British Sign Language" in proposal.bookings[0]
    assert_safe(case, proposal)


# --------------------------------------------------------------------------
# The child's voice


def test_a_child_with_no_interpreter_need_is_still_seen_alone() -> None:
    case = family(POLISH_MOTHER + ENGLISH_CHILD, EWA)
    proposal = propose_contact(case, request())
    [alone] = proposal.contact.seen_alone
    assert (alone.child, alone.interpreter, alone.by, alone.language) == ("kid2", None, None, None)
    assert [a.for_ for a in proposal.contact.interpreting] == [["mum"]]
    assert_safe(case, proposal)


def test_every_subject_child_is_seen_alone_in_their_own_language() -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD + ENGLISH_CHILD, EWA)
    proposal = propose_contact(case, request())
    alone = {a.child: (a.interpreter, a.language) for a in proposal.contact.seen_alone}
    assert alone == {"kid": ("int-ewa", "pl"), "kid2": (None, None)}
    minutes = sum(a.duration_minutes or 0 for a in proposal.contact.seen_alone)
    assert proposal.contact.duration_minutes == 60 + minutes


def test_no_time_alone_on_a_phone_call() -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD, EWA)
    proposal = propose_contact(case, request(kind="phone_call"))
    assert proposal.contact.seen_alone == []
    assert proposal.contact.interpreting[0].mode == "telephone"
    assert any("Plan a visit" in e for e in proposal.explanations)


def test_a_child_left_out_with_with_is_not_seen_alone() -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD, EWA)
    proposal = propose_contact(case, request(attendees=("mum",)))
    assert proposal.contact.attendees == ["mum"]
    assert proposal.contact.seen_alone == []
    assert_safe(case, proposal)


# --------------------------------------------------------------------------
# Duration


@pytest.mark.parametrize(
    ("asked", "expected"),
    [(None, 90), (30, 90), (90, 90), (120, 120)],
)
def test_duration_is_long_enough(asked: int | None, expected: int) -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD, EWA)
    assert propose_contact(case, request(duration_minutes=asked)).contact.duration_minutes == expected


def test_duration_follows_the_policy() -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD, EWA, policy="  interpreted_contact_min_minutes: 75\n")
    assert propose_contact(case, request()).contact.duration_minutes == 75 + 30


def test_duration_without_interpreting() -> None:
    case = family(ENGLISH_CHILD)
    proposal = propose_contact(case, request(duration_minutes=15))
    assert proposal.contact.duration_minutes == 20  # the time alone
    assert proposal.contact.interpreting == []


# --------------------------------------------------------------------------
# Letters


def test_someone_who_reads_no_language_gets_a_call_not_a_letter() -> None:
    case = family(
        "  - {id: gran, name: Test Gran, role: carer, languages: [{tag: ti, speaks: native, reads: none}]}\n"
        + POLISH_CHILD,
    )
    proposal = propose_contact(case, request())
    # a phone call with a Tigrinya interpreter before the visit goes through the letter with her
    [call] = proposal.calls
    assert (call.kind, call.attendees, call.interpreting[0].language) == ("phone_call", ["gran"], "ti")
    assert call.interpreting[0].mode == "telephone"
    [letter] = proposal.letters
    assert (letter.to, letter.explained_at) == ("gran", call.id)
    assert any("Tigrinya" in e and call.id in e for e in proposal.explanations)
    assert_safe(case, proposal)


def test_no_translation_and_reads_english_well_gets_an_english_letter() -> None:
    case = family(
        "  - {id: dad, name: Test Dad, role: parent, languages: [{tag: fi, speaks: native, reads: native},"
        " {tag: en, speaks: conversational, reads: fluent}]}\n" + ENGLISH_CHILD
    )
    proposal = propose_contact(case, request())
    [letter] = proposal.letters
    assert letter.languages == ["en"]
    assert_safe(case, proposal)
    assert not proposal.errors


def test_no_translation_and_no_english_gets_a_call() -> None:
    case = family(
        "  - {id: dad, name: Test Dad, role: parent, languages: [{tag: fi, speaks: native, reads: native}]}\n"
        + ENGLISH_CHILD
    )
    proposal = propose_contact(case, request())
    assert proposal.letters == ()
    assert [(u.code, u.member) for u in proposal.unresolved] == [("CP302", "dad")]
    assert_safe(case, proposal)


def test_children_get_no_letter() -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD + ENGLISH_CHILD, EWA)
    assert [letter.to for letter in propose_contact(case, request()).letters] == ["mum"]


def test_unknown_languages_are_an_unavoidable_cp401() -> None:
    case = family(POLISH_CHILD + "  - {id: dad, name: Test Dad, role: parent}\n", EWA)
    proposal = propose_contact(case, request())
    assert ("CP401", "dad") in {(u.code, u.member) for u in proposal.unresolved}
    assert ("CP401", "dad") in {(f.code, f.member) for f in proposal.errors}
    assert_safe(case, proposal)


# --------------------------------------------------------------------------
# Ids and the request


def test_generated_ids_do_not_clash() -> None:
    case = family(
        POLISH_CHILD,
        contacts="  - {id: hv-2026-12-08, kind: home_visit, start: 2026-12-01T10:00, status: cancelled}\n",
    )
    proposal = propose_contact(case, request())
    assert proposal.contact.id == "hv-2026-12-08-2"
    assert propose_contact(case, request(kind="school_visit")).contact.id == "sv-2026-12-08"


def test_an_id_already_used_is_refused() -> None:
    case = family(POLISH_CHILD, contacts="  - {id: visit, kind: home_visit, start: 2026-12-01T10:00}\n")
    with pytest.raises(DuplicateIdError, match="'visit'"):
        propose_contact(case, request(contact_id="visit"))
    assert propose_contact(case, request(contact_id="visit-2")).contact.id == "visit-2"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "home_vist"}, "did you mean 'home_visit'"),
        ({"attendees": ("kidd",)}, "did you mean 'kid'"),
        ({"contact_id": "Visit 1"}, "an id uses only"),
    ],
)
def test_bad_requests_are_usage_errors(changes: dict[str, object], message: str) -> None:
    case = family(POLISH_CHILD)
    with pytest.raises(UsageError, match=message):
        propose_contact(case, request(**changes))


def test_practitioner_and_location() -> None:
    case = family(POLISH_MOTHER.replace("    gender", "    address: 1 Test Road\n    gender") + POLISH_CHILD)
    proposal = propose_contact(case, request(practitioner=parse_practitioner("Sam Test <sam@example.org>")))
    [who] = proposal.contact.practitioners
    assert (who.name, who.email) == ("Sam Test", "sam@example.org")
    assert proposal.contact.location == "1 Test Road"
    assert propose_contact(case, request(kind="office_visit")).contact.location is None
    assert parse_practitioner("Sam Test").email is None
    with pytest.raises(UsageError):
        parse_practitioner("<sam@example.org")


def test_proposal_data_is_case_file_data() -> None:
    case = family(POLISH_MOTHER + POLISH_CHILD, EWA)
    data = propose_contact(case, request()).data()
    contact = data["contacts"][0]
    assert list(contact)[:3] == ["id", "kind", "start"]
    assert contact["start"] == "2026-12-08T10:00"
    assert contact["interpreting"][0]["for"] == ["mum", "kid"]
    assert "title" not in contact and "seen" not in contact
