"""Acknowledgements (case-file.md `acknowledged`) and CP901: an acknowledged
finding is still reported, marked, and does not fail the check; errors that
can still be put right are never acknowledged; an entry that matches nothing
is CP901."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checks_support import TODAY, base, contact, findings, found, keys
from typer.testing import CliRunner

from contactplan.api import check_paths
from contactplan.cli import app

ACK = {"reason": "Held before the case was opened.", "by": "Jo Smith", "date": "2026-11-12"}


def sibling_interprets(data: dict[str, Any], contact_id: str = "hv1") -> dict[str, Any]:
    data["members"].append({"id": "sis", "name": "Sis", "role": "sibling", "date_of_birth": "2013-01-01",
                            "languages": [{"tag": "pl", "speaks": "native"}, {"tag": "en", "speaks": "fluent"}],
                            "language_assessment": {"date": "2026-09-01", "method": "observation"}})  # fmt: skip
    contact(data, contact_id)["interpreting"] = [
        {"for": ["mum"], "language": "pl", "by": "sis", "status": "confirmed"}
    ]
    return data


def acknowledge(data: dict[str, Any], code: str, **ids: str) -> dict[str, Any]:
    data.setdefault("acknowledged", []).append({"code": code, **ids, **ACK})
    return data


def test_a_held_contact_error_is_acknowledged_and_still_reported() -> None:
    data = acknowledge(sibling_interprets(base()), "CP101", contact="hv1", member="sis")
    (finding,) = found(data, "CP101")
    assert finding.acknowledged is not None and not finding.fails
    assert finding.as_dict()["acknowledged"] == {
        "reason": "Held before the case was opened.",
        "by": "Jo Smith",
        "date": "2026-11-12",
    }
    assert found(data, "CP901") == []


def test_ids_left_out_match_anything_and_wrong_ids_match_nothing() -> None:
    data = acknowledge(sibling_interprets(base()), "CP101")
    assert found(data, "CP101")[0].acknowledged is not None
    data = acknowledge(sibling_interprets(base()), "CP101", contact="hv2")
    assert found(data, "CP101")[0].acknowledged is None
    assert keys(data, "CP901") == [(None, "hv2", None)]
    assert found(data, "CP901")[0].message == (
        "Acknowledgement 1 of CP101 (contact hv2), by Jo Smith on 2026-11-12, matches no finding: remove "
        "it, or correct its code or ids"
    )


def planned_visit(data: dict[str, Any]) -> dict[str, Any]:
    contact(data, "hv2").update(status="planned", start="2026-12-01T10:00")
    contact(data, "hv2").pop("seen")
    return data


def test_an_error_about_a_planned_contact_is_never_acknowledged_and_the_entry_is_cp902() -> None:
    data = acknowledge(planned_visit(sibling_interprets(base(), "hv2")), "CP101", contact="hv2")
    (finding,) = found(data, "CP101")
    assert finding.acknowledged is None and finding.fails
    assert found(data, "CP901") == []
    assert keys(data, "CP902") == [(None, None, None)]


def test_changed_a_warning_about_a_planned_contact_is_not_acknowledged_either() -> None:
    data = planned_visit(base())
    data["interpreters"][0]["registration"] = None
    acknowledge(data, "CP104")
    by_contact = {f.contact: f.acknowledged is not None for f in found(data, "CP104")}
    assert by_contact == {"hv1": True, "hv2": False}  # the held visit's, not the planned one's
    assert found(data, "CP902") == [] and found(data, "CP901") == []  # it silenced something


def letter_in_english(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data["letters"] = [{"id": "inv", "template": "appointment", "to": "mum", "contact": "hv2",
                        "languages": ["en"], **extra}]  # fmt: skip
    return data


def test_an_error_about_an_unsent_letter_is_never_acknowledged() -> None:
    data = acknowledge(letter_in_english(base()), "CP301", letter="inv")
    (finding,) = found(data, "CP301")
    assert finding.acknowledged is None and finding.fails
    assert found(data, "CP901") == []


def test_an_error_about_a_sent_letter_is_acknowledged() -> None:
    data = acknowledge(letter_in_english(base(), sent="2026-11-01"), "CP301", letter="inv")
    (finding,) = found(data, "CP301")
    assert finding.acknowledged is not None and not finding.fails


def test_select_and_ignore_apply_first_and_cp901_only_for_codes_checked() -> None:
    data = acknowledge(base(), "CP101", contact="hv1")
    assert keys(data, "CP901") == [(None, "hv1", None)]
    assert found(data, "CP901", ignore=["CP101"]) == []
    assert found(data, "CP901", select=["CP2", "CP9"]) == []
    assert [f.code for f in findings(data, select=["CP1"])] == []  # CP901 itself not selected


def test_cp901_near_miss_no_entries() -> None:
    assert found(base(), "CP901") == []


def test_exit_status_and_json_through_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(acknowledge(sibling_interprets(base()), "CP101", contact="hv1")), "utf-8")
    assert check_paths([path], today=TODAY).exit_status == 0
    result = CliRunner().invoke(app, ["check", str(path), "--today", "2026-11-22", "--format", "json"])
    assert result.exit_code == 0
    (item,) = json.loads(result.stdout)
    assert item["code"] == "CP101" and item["acknowledged"]["by"] == "Jo Smith"
    result = CliRunner().invoke(app, ["check", str(path), "--today", "2026-11-22"])
    assert result.exit_code == 0
    assert "[acknowledged by Jo Smith on 2026-11-12: Held before the case was opened.]" in result.stdout
