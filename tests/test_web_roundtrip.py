"""Every edit form of the page, opened and sent back unchanged, leaves the
stored case identical and writes no version (issue 25 item 2): times with
their offset and seconds, practitioners with role and phone, what a letter
follows up, ``seen: []``, text with spaces, line breaks and markup, and
every key a form doesn't show. Through the real routes, as a browser sends
the forms back (``tests/web_support.py``: text areas with CR LF, one-line
inputs without line breaks): for every example, a case made to be awkward,
and generated cases (hypothesis)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from web_support import NOW, ROOT, TEAM, ClientRequest

from contactplan import clock
from contactplan.api import case_data, load_case, read_case_data
from contactplan.errors import CaseFileError
from contactplan.model import Case
from contactplan.store import Store
from contactplan.web import create_app

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def forms_of(case: Case) -> list[str]:
    """Every edit form of a case."""
    base = "/cases/" + case.reference
    return [
        *(f"{base}/members/{m.id}" for m in case.members),
        *(f"{base}/interpreters/{i.id}" for i in case.interpreters),
        *(f"{base}/contacts/{c.id}" for c in case.contacts),
        *(f"{base}/letters/{x.id}/edit" for x in case.letters),
        f"{base}/settings",
    ]


def sent_back_unchanged(client: ClientRequest, store: Store, case: Case) -> None:
    reference = case.reference
    before, version = store.load(reference)
    for path in forms_of(before):
        answer = client.submit(path, expected=None)
        assert answer.status == 302, (path, answer.status, answer.text[:2000])
        after, now = store.load(reference)
        assert now == version, f"{path} wrote version {now}: {store.history(reference)[-1].changes}"
        assert after == before, path


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_form_of_every_example(client_request: ClientRequest, store: Store, example: Path) -> None:
    case = load_case(example)
    store.import_cases([case], "Jo Smith", team=TEAM)
    sent_back_unchanged(client_request, store, case)


AWKWARD = """\
contactplan: 1
case:
  reference: CP/2026/ODD-1
  timezone: America/New_York
  agency: {name: "  Spaced  Service ", address: "Line one\\n  Line two, indented\\n", phone: "call: 0123"}
  lead_practitioner: {name: Jo <Smith> & Co, role: "Social Worker ", phone: "+1 (212) 555-0100"}
members:
  - {id: kid, name: "Ana \\"Ani\\" O'Brien ", role: subject_child, date_of_birth: 2016-02-29,
     languages: [{tag: es, speaks: native, reads: basic}, {tag: en, speaks: fluent}],
     preferred_written: es, interpreter_preferences: {}}
  - {id: mum, name: "María\\nJosé", role: parent, household: false, address: "<b>not bold</b>\\r\\nApt 2",
     communication_needs: [large_print, deaf_relay], safe_contact: {notes: "  text first  "},
     language_assessment: {date: 2026-01-05, method: records}}
interpreters:
  - {id: int-1, name: "Lu  Wei", languages: [es], phone: "not a number, ring the desk", email: "lu@example.org",
     known_to: [mum]}
contacts:
  - id: c-1
    kind: home_visit
    start: 2026-07-01T10:00:30-04:00
    duration_minutes: 45
    status: was_not_brought
    practitioners: [{name: Jo Smith, role: Social Worker, phone: "0123 456"}, {name: "Dr X", email: x@example.org}]
    attendees: [kid]
    seen: []
    sequence: 7
    notes: "  two spaces\\n\\nand a blank line  "
  - id: c-2
    kind: office_visit
    start: 2026-07-08T09:15:00
    title: "  Follow-up <visit> "
    follow_up_of: [c-1]
    interpreting: [{for: [mum], language: es, status: requested, booking_reference: " REF-1 "}]
    seen_alone: [{child: kid, language: es}]
  - id: c-3
    kind: phone_call
    start: 2026-07-09T16:00:00+00:00
    follow_up_of: c-1
    interpreting: [{for: [mum], language: es, interpreter: int-1, mode: telephone, status: confirmed}]
letters:
  - {id: l-1, template: missed_appointment, to: mum, contact: c-1, follow_up_of: c-1, languages: [es, en],
     sent: 2026-07-02, delivery: safe_contact}
  - {id: l-2, template: appointment, to: mum, contact: c-2, explained_at: c-3, follow_up_of: [c-1]}
"""


def test_an_awkward_case(client_request: ClientRequest, store: Store) -> None:
    case = load_case(AWKWARD, name="awkward.yaml")
    store.import_cases([case], "Jo Smith", team=TEAM)
    sent_back_unchanged(client_request, store, case)


# --------------------------------------------------------------------------
# Generated cases

TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n<>&\"' "),
    min_size=1,
    max_size=20,
).filter(lambda t: t.strip() != "")
TAGS = ["pl", "en", "ur", "ar", "bfi", "ckb", "pa-Arab", "so"]
LEVELS = ["none", "basic", "conversational", "fluent", "native"]
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata"]


def coin(draw: st.DrawFn) -> bool:
    """A coin toss (typed, so mypy does not read it in its context's type)."""
    return bool(draw(st.booleans()))


@st.composite
def times(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=dt.date(2026, 1, 5), max_value=dt.date(2027, 6, 30)))
    hour, minute = draw(st.integers(9, 17)), draw(st.sampled_from([0, 15, 30, 59]))
    second = draw(st.sampled_from([0, 0, 30]))
    offset = draw(st.sampled_from(["", "", "+00:00", "-04:00", "+05:30"]))
    text = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return text + (f":{second:02d}" if second or offset else "") + offset


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    n_members = draw(st.integers(1, 3))
    members = []
    for i in range(n_members):
        role = (
            "subject_child" if i == 0 else draw(st.sampled_from(["parent", "sibling", "relative", "carer"]))
        )
        langs = draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))
        member: dict[str, Any] = {"id": f"m{i}", "name": draw(TEXT), "role": role}
        if role in ("subject_child", "sibling") or draw(st.booleans()):
            member["date_of_birth"] = draw(
                st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2025, 1, 1))
            ).isoformat()
        member["languages"] = [
            {
                "tag": t,
                "speaks": draw(st.sampled_from(LEVELS)),
                **({} if t == "bfi" else {"reads": draw(st.sampled_from(LEVELS))}),
            }
            for t in langs
        ]
        if langs and coin(draw):
            member["preferred_spoken"] = langs[0]
        options: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
            ("address", TEXT),
            ("gender", st.sampled_from(["female", "male", "other"])),
            ("household", st.booleans()),
            ("interpreter", st.sampled_from(["auto", "required", "not_needed"])),
            ("interpreter_preferences", st.sampled_from([{}, {"gender": "female"}])),
            (
                "communication_needs",
                st.lists(st.sampled_from(["easy_read", "braille", "lipspeaker"]), unique=True),
            ),
            ("safe_contact", st.fixed_dictionaries({}, optional={"phone": TEXT, "notes": TEXT})),
            (
                "language_assessment",
                st.fixed_dictionaries(
                    {"date": st.just("2026-03-01"), "method": st.sampled_from(["records", "self_report"])},
                    optional={"by": TEXT},
                ),
            ),
        )
        for key, value in options:
            if coin(draw):
                member[key] = draw(value)
        members.append(member)
    ids = [m["id"] for m in members]
    interpreters = (
        [
            {
                "id": "int-a",
                "name": draw(TEXT),
                "languages": draw(st.lists(st.sampled_from(TAGS[:4]), min_size=1, max_size=2, unique=True)),
                **draw(
                    st.fixed_dictionaries({}, optional={"registration": TEXT, "phone": TEXT, "agency": TEXT})
                ),
            }
        ]
        if draw(st.booleans())
        else []
    )
    contacts: list[dict[str, Any]] = []
    for j in range(draw(st.integers(0, 3))):
        contact: dict[str, Any] = {
            "id": f"c{j}",
            "kind": draw(st.sampled_from(["home_visit", "office_visit", "phone_call", "health_appointment"])),
            "start": draw(times()),
            "status": draw(st.sampled_from(["planned", "held", "was_not_brought", "cancelled"])),
            "attendees": draw(st.lists(st.sampled_from(ids), unique=True)),
        }
        options = (
            ("title", TEXT),
            ("location", TEXT),
            ("notes", TEXT),
            ("duration_minutes", st.integers(1, 240)),
            ("sequence", st.integers(0, 9)),
            ("seen", st.lists(st.sampled_from(ids), unique=True)),
            (
                "practitioners",
                st.lists(
                    st.fixed_dictionaries({"name": TEXT}, optional={"role": TEXT, "phone": TEXT}), max_size=2
                ),
            ),
        )
        for key, value in options:
            if draw(st.booleans()):
                contact[key] = draw(value)
        if contacts and coin(draw):
            earlier = [c["id"] for c in contacts]
            contact["follow_up_of"] = draw(
                st.one_of(
                    st.sampled_from(earlier), st.lists(st.sampled_from(earlier), min_size=1, unique=True)
                )
            )
        if draw(st.booleans()):
            arrangement: dict[str, Any] = {
                "for": draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)),
                "language": draw(st.sampled_from(TAGS)),
            }
            if interpreters and coin(draw):
                arrangement.update(
                    interpreter="int-a", status=draw(st.sampled_from(["confirmed", "requested"]))
                )
            arrangement["mode"] = draw(st.sampled_from(["in_person", "video", "telephone"]))
            contact["interpreting"] = [arrangement]
        if draw(st.booleans()):
            contact["seen_alone"] = [
                {
                    "child": "m0",
                    **({"duration_minutes": draw(st.integers(1, 60))} if draw(st.booleans()) else {}),
                }
            ]
        contacts.append(contact)
    letters: list[dict[str, Any]] = []
    if contacts and coin(draw):
        letter: dict[str, Any] = {
            "id": "l0",
            "template": draw(st.sampled_from(["appointment", "missed_appointment"])),
            "to": draw(st.sampled_from(ids)),
            "contact": contacts[0]["id"],
        }
        options = (
            ("languages", st.lists(st.sampled_from(["en", "pl", "ur"]), min_size=1, max_size=2, unique=True)),
            ("sent", st.just("2026-06-30")),
            ("follow_up_of", st.sampled_from([contacts[0]["id"], [contacts[0]["id"]]])),
        )
        for key, value in options:
            if draw(st.booleans()):
                letter[key] = draw(value)
        letters.append(letter)
    info: dict[str, Any] = {"reference": "CP-GEN-1", "timezone": draw(st.sampled_from(ZONES))}
    if draw(st.booleans()):
        info["agency"] = {
            "name": draw(TEXT),
            **draw(st.fixed_dictionaries({}, optional={"address": TEXT, "phone": TEXT})),
        }
    if draw(st.booleans()):
        info["lead_practitioner"] = {
            "name": draw(TEXT),
            **draw(st.fixed_dictionaries({}, optional={"role": TEXT, "email": st.just("jo@example.org")})),
        }
    return {
        "contactplan": 1,
        "case": info,
        "members": members,
        "interpreters": interpreters,
        "contacts": contacts,
        "letters": letters,
    }


@pytest.fixture
def fresh_stores(template_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A new store (a copy of the template) for each generated case."""

    def make() -> Store:
        path = tmp_path_factory.mktemp("roundtrip") / "web.sqlite3"
        shutil.copyfile(template_store, path)
        return Store(f"sqlite:///{path}")

    yield make


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(data=cases())
def test_generated_cases(fresh_stores: Any, data: dict[str, Any]) -> None:
    try:
        case = read_case_data(data, name="generated")
    except CaseFileError:
        reject()
    assert read_case_data(case_data(case)) == case
    with fresh_stores() as store, clock.frozen(NOW):
        store.import_cases([case], "Jo Smith", team=TEAM)
        sent_back_unchanged(ClientRequest(create_app(store)), store, case)
