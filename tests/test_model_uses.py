"""``Case.uses``: where a case names a member, interpreter, contact or letter
(what the web page's "Remove" checks before anything is saved)."""

from __future__ import annotations

from contactplan.api import load_case

CASE = """\
contactplan: 1
case: {reference: CP-USES}
members:
  - {id: mum, name: Test Mother, role: parent, languages: [{tag: pl, speaks: native}]}
  - {id: kid, name: Test Child, role: subject_child, date_of_birth: 2015-05-05}
  - {id: gran, name: Test Gran, role: relative}
  - {id: lodger, name: Test Lodger, role: other_adult}
interpreters:
  - {id: ewa, name: Ewa Test, languages: [pl], known_to: [gran]}
  - {id: relay, name: Relay Test, languages: [pl]}
  - {id: spare, name: Spare Test, languages: [pl]}
contacts:
  - id: missed
    kind: home_visit
    start: 2026-11-01T10:00
    status: no_access
    attendees: [mum, kid]
  - id: visit
    kind: home_visit
    start: 2026-12-01T10:00
    attendees: [mum, kid]
    follow_up_of: missed
    interpreting:
      - {for: [mum], language: pl, interpreter: ewa, relay_interpreter: relay, status: confirmed}
    seen_alone: [{child: kid, duration_minutes: 20}]
letters:
  - {id: inv, template: appointment, to: mum, contact: visit, languages: [pl]}
acknowledged:
  - {code: CP504, reason: checked, by: Jo, date: 2026-11-02, member: gran}
"""


def test_every_place_a_member_is_named() -> None:
    case = load_case(CASE)
    assert case.uses("members", "mum") == [
        ("contact", "missed", "expected there"),
        ("contact", "visit", "expected there"),
        ("contact", "visit", "interpreted for"),
        ("letter", "inv", "addressed to"),
    ]
    assert ("contact", "visit", "seen alone") in case.uses("members", "kid")
    assert case.uses("members", "gran") == [
        ("interpreter", "ewa", "known to them"),
        ("acknowledgement", "CP504 (1)", "about it"),
    ]
    assert case.uses("members", "lodger") == []  # named nowhere: can be removed


def test_every_place_an_interpreter_a_contact_or_a_letter_is_named() -> None:
    case = load_case(CASE)
    assert case.uses("interpreters", "ewa") == [("contact", "visit", "booked")]
    assert case.uses("interpreters", "relay") == [("contact", "visit", "relay interpreter")]
    assert case.uses("interpreters", "spare") == []
    assert case.uses("contacts", "missed") == [("contact", "visit", "follows it up")]
    assert case.uses("contacts", "visit") == [("letter", "inv", "about it")]
    assert case.uses("letters", "inv") == []
    # ids are per kind: a member id is not a contact's
    assert case.uses("contacts", "mum") == []
