"""CP701: an interpreter double-booked, in one case and across the case files
checked together (check_paths)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from checks_support import TODAY, base, contact, found, keys

from contactplan.api import check_paths


def planned(data: dict[str, Any], contact_id: str, start: str, minutes: int = 90) -> dict[str, Any]:
    entry = contact(data, contact_id)
    entry.update(start=start, status="planned", duration_minutes=minutes)
    entry.pop("seen", None)
    return data


def test_cp701_same_interpreter_at_two_overlapping_planned_contacts() -> None:
    data = planned(planned(base(), "hv1", "2026-12-01T10:00"), "hv2", "2026-12-01T11:00")
    assert keys(data, "CP701") == [(None, "hv1", None), (None, "hv2", None)]
    first = found(data, "CP701")[0]
    assert first.severity == "error"
    assert first.message == (
        "Ewa Interpreter is booked at the home visit on 1 Dec 2026 at 10:00 and, at the same time, at the "
        "home visit on 1 Dec 2026 at 11:00 (hv2): one family will have no interpreter; book another "
        "interpreter or move one contact"
    )


def test_cp701_near_misses() -> None:
    # touching ends
    assert (
        found(planned(planned(base(), "hv1", "2026-12-01T10:00"), "hv2", "2026-12-01T11:30"), "CP701") == []
    )
    # one of them held, or the arrangement cancelled
    data = planned(base(), "hv1", "2026-12-01T10:00")
    contact(data, "hv2").update(start="2026-12-01T11:00")
    assert found(data, "CP701") == []
    data = planned(planned(base(), "hv1", "2026-12-01T10:00"), "hv2", "2026-12-01T11:00")
    contact(data, "hv2")["interpreting"][0]["status"] = "cancelled"
    assert found(data, "CP701") == []
    # another interpreter with another registration
    data = planned(planned(base(), "hv1", "2026-12-01T10:00"), "hv2", "2026-12-01T11:00")
    data["interpreters"].append({"id": "ola", "name": "Ola", "languages": ["pl"], "registration": "NRPSI 2"})
    contact(data, "hv2")["interpreting"][0]["interpreter"] = "ola"
    assert found(data, "CP701") == []


def test_cp701_the_same_person_by_registration_under_two_register_ids() -> None:
    data = planned(planned(base(), "hv1", "2026-12-01T10:00"), "hv2", "2026-12-01T11:00")
    data["interpreters"].append(
        {"id": "ewa2", "name": "Ewa K", "languages": ["pl"], "registration": " nrpsi  1"}
    )
    contact(data, "hv2")["interpreting"][0]["interpreter"] = "ewa2"
    assert len(found(data, "CP701")) == 2


def write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_cp701_across_two_case_files(tmp_path: Path) -> None:
    one = planned(base(), "hv1", "2026-12-01T10:00")
    two = copy.deepcopy(one)
    two["case"]["reference"] = "CP-TEST-2"
    contact(two, "hv1").update(start="2026-12-01T11:00")
    planned(two, "hv2", "2026-12-03T10:00")
    for data in (one, two):
        data["interpreters"][0]["registration"] = None
        data["interpreters"][0]["email"] = "ewa@example.org"
    a, b = write(tmp_path, "a.json", one), write(tmp_path, "b.json", two)
    report = check_paths([tmp_path], today=TODAY)
    found_ = [(r.reference, f.member, f.contact) for r, f in report.findings if f.code == "CP701"]
    assert found_ == [("CP-TEST-1", None, "hv1"), ("CP-TEST-2", None, "hv1")]
    message = next(f.message for _, f in report.findings if f.code == "CP701")
    assert "(hv1, case CP-TEST-2)" in message
    assert report.exit_status == 1
    # each file on its own: no double booking; --ignore CP701 too
    assert not [f for _, f in check_paths([a], today=TODAY).findings if f.code == "CP701"]
    assert not [
        f for _, f in check_paths([a, b], today=TODAY, ignore=["CP701"]).findings if f.code == "CP701"
    ]


def test_cp701_near_miss_a_register_id_alone_names_nobody_in_another_case(tmp_path: Path) -> None:
    one = planned(base(), "hv1", "2026-12-01T10:00")
    one["interpreters"][0]["registration"] = None
    two = copy.deepcopy(one)
    two["case"]["reference"] = "CP-TEST-2"
    write(tmp_path, "a.json", one)
    write(tmp_path, "b.json", two)
    assert not [f for _, f in check_paths([tmp_path], today=TODAY).findings if f.code == "CP701"]
