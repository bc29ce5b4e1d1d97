"""A small, clean case to build check tests from: every test changes one thing.

The base case gives no finding on TODAY: a Polish-speaking mother with a
registered Polish interpreter, a subject child who speaks English, seen alone
at both contacts, everyone's languages assessed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

from contactplan.casefile import load_case_text
from contactplan.checks import run_checks
from contactplan.findings import Finding
from contactplan.model import Case

TODAY = dt.date(2026, 11, 22)
ASSESSED = {"date": "2026-09-01", "method": "professional_interpreter", "by": "Jo Smith"}

BASE: dict[str, Any] = {
    "contactplan": 1,
    "case": {"reference": "CP-TEST-1"},
    "members": [
        {
            "id": "mum",
            "name": "Ana Mother",
            "role": "parent",
            "date_of_birth": "1990-01-01",
            "gender": "female",
            "languages": [
                {"tag": "pl", "speaks": "native", "reads": "fluent"},
                {"tag": "en", "speaks": "basic", "reads": "basic"},
            ],
            "language_assessment": ASSESSED,
        },
        {
            "id": "kid",
            "name": "Kit Child",
            "role": "subject_child",
            "date_of_birth": "2016-05-01",
            "languages": [{"tag": "en", "speaks": "native", "reads": "conversational"}],
            "language_assessment": ASSESSED,
        },
    ],
    "interpreters": [
        {
            "id": "ewa",
            "name": "Ewa Interpreter",
            "languages": ["pl"],
            "gender": "female",
            "registration": "NRPSI 1",
        },
    ],
    "contacts": [
        {
            "id": "hv1",
            "kind": "home_visit",
            "start": "2026-11-10T10:00",
            "duration_minutes": 90,
            "status": "held",
            "attendees": ["mum", "kid"],
            "interpreting": [{"for": ["mum"], "language": "pl", "interpreter": "ewa", "status": "confirmed"}],
            "seen_alone": [{"child": "kid", "duration_minutes": 20}],
            "seen": ["mum", "kid"],
        },
        {
            "id": "hv2",
            "kind": "home_visit",
            "start": "2026-11-20T10:00",
            "duration_minutes": 90,
            "status": "held",
            "attendees": ["mum", "kid"],
            "interpreting": [{"for": ["mum"], "language": "pl", "interpreter": "ewa", "status": "confirmed"}],
            "seen_alone": [{"child": "kid", "duration_minutes": 20}],
            "seen": ["mum", "kid"],
        },
    ],
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def member(data: dict[str, Any], member_id: str) -> dict[str, Any]:
    return next(m for m in data["members"] if m["id"] == member_id)


def contact(data: dict[str, Any], contact_id: str) -> dict[str, Any]:
    return next(c for c in data["contacts"] if c["id"] == contact_id)


def load(data: dict[str, Any]) -> Case:
    return load_case_text(json.dumps(data), "test.json")


def findings(data: dict[str, Any], **options: Any) -> list[Finding]:
    options.setdefault("today", TODAY)
    return run_checks(load(data), **options)


def found(data: dict[str, Any], code: str, **options: Any) -> list[Finding]:
    """The findings of one code."""
    return [f for f in findings(data, **options) if f.code == code]


def keys(data: dict[str, Any], code: str, **options: Any) -> list[tuple[str | None, str | None, str | None]]:
    """(member, contact, letter) of each finding of ``code``."""
    return [(f.member, f.contact, f.letter) for f in found(data, code, **options)]
