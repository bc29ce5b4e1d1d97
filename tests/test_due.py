"""`contactplan due` (cli.md): what each case needs next, most urgent first,
over files or a store; text and JSON; exit 0 when nothing is overdue, 1 when
something is, 2 when a case can't be read. And the API the web page calls."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from checks_support import base, load, member
from typer.testing import CliRunner

import contactplan
from contactplan.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KEYS = ["case", "code", "member", "contact", "due", "overdue", "message"]
D = dt.date

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def due_json(*args: str) -> tuple[int, list[dict[str, Any]]]:
    code, out, _ = run("due", *args, "--format", "json")
    return code, json.loads(out)


def visit(ident: str, start: str, status: str = "held", alone: bool = True, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": ident, "kind": "home_visit", "start": start, "duration_minutes": 90, "status": status,
        "attendees": ["mum", "kid"],
        "interpreting": [{"for": ["mum"], "language": "pl", "interpreter": "ewa", "status": "confirmed"}],
        "seen_alone": [{"child": "kid"}] if alone else [],
    }  # fmt: skip
    if status == "held":
        item["seen"] = ["mum", "kid"]
    return item | extra


def write(tmp_path: Path, data: dict[str, Any], name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def on_plan(data: dict[str, Any], since: str = "2026-11-09") -> dict[str, Any]:
    member(data, "kid")["plan"] = {"type": "child_protection", "since": since}
    return data


def test_json_shape_and_nothing_overdue_exit_0(tmp_path: Path) -> None:
    path = write(tmp_path, on_plan(base()))
    code, items = due_json(str(path), "--today", "2026-11-22")
    assert code == 0
    assert all(list(item) == KEYS for item in items)
    assert items == []  # a visit is due on 4 Dec, time alone on 5 Dec: beyond 27 Nov
    code, items = due_json(str(path), "--today", "2026-11-22", "--within", "11")
    assert code == 0
    (visit_due, alone) = items
    assert visit_due == {
        "case": "CP-TEST-1",
        "code": "CP206",
        "member": "kid",
        "contact": None,
        "due": "2026-12-04",
        "overdue": False,
        "message": "A visit where Kit Child is seen (child protection plan: at least every 10 working days; last "
        "seen at the home visit on 20 Nov 2026) is due by 4 Dec 2026: none planned in time",
    }
    assert (alone["code"], alone["member"], alone["due"], alone["overdue"]) == (
        "CP203",
        "kid",
        "2026-12-05",
        False,
    )


def test_a_case_nobody_updated_most_urgent_first_exit_1(tmp_path: Path) -> None:
    data = on_plan(base())
    data["contacts"] += [
        visit("hv3", "2026-12-01T10:00", "planned"),
        visit("hv4", "2026-12-15T10:00", "planned"),
    ]
    path = write(tmp_path, data)
    code, items = due_json(str(path), "--today", "2026-12-22")
    assert code == 1
    assert [(i["code"], i["contact"], i["due"], i["overdue"]) for i in items] == [
        ("CP504", "hv3", "2026-12-03", True),
        ("CP206", None, "2026-12-04", True),  # 10 working days after 20 Nov (hv3 counts for nothing)
        ("CP203", None, "2026-12-05", True),  # 15 days after the last real time alone
        ("CP504", "hv4", "2026-12-17", True),
    ]
    dates = [i["due"] for i in items]
    assert dates == sorted(dates)
    code, out, _ = run("due", str(path), "--today", "2026-12-22")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "CP-TEST-1: CP504 [overdue, due 2026-12-03] Record what happened at the home visit on 1 Dec 2026: "
        "held (who was seen, who was seen alone), missed or cancelled; it was due by 3 Dec 2026, and until "
        "then the contact counts for nothing (contact: hv3)"
    )
    assert lines[-1] == "4 things due, 4 of them overdue, in 1 case (within 5 working days)."


def test_the_day_after_and_a_month_later(tmp_path: Path) -> None:
    data = on_plan(base())
    data["contacts"].append(visit("hv3", "2026-12-01T10:00", "planned"))
    path = write(tmp_path, data)
    code, items = due_json(str(path), "--today", "2026-11-23", "--within", "10")  # the day after
    assert code == 0
    assert [(i["code"], i["contact"], i["due"]) for i in items] == [
        ("CP206", "hv3", "2026-12-04"),
        ("CP203", "hv3", "2026-12-05"),
    ]
    assert items[0]["message"].endswith("is due by 4 Dec 2026: planned for the home visit on 1 Dec 2026")
    code, items = due_json(str(path), "--today", "2026-12-22")  # a month later, nothing recorded
    assert code == 1 and {i["code"] for i in items} == {"CP504", "CP206", "CP203"}


def test_interpreters_still_to_confirm(tmp_path: Path) -> None:
    data = base()
    data["contacts"].append(
        visit("hv3", "2026-11-25T10:00", "planned",
              interpreting=[{"for": ["mum"], "language": "pl", "status": "requested"}])
    )  # fmt: skip
    path = write(tmp_path, data)
    code, items = due_json(str(path), "--today", "2026-11-22")
    assert code == 0
    (item,) = [i for i in items if i["code"] == "CP113"]
    assert (item["contact"], item["due"], item["overdue"]) == ("hv3", "2026-11-23", False)
    assert item["message"] == (
        "Confirm the Polish interpreter for the home visit on 25 Nov 2026 at 10:00 (still only requested), by "
        "23 Nov 2026"
    )
    code, items = due_json(str(path), "--today", "2026-11-24")
    assert code == 1 and [i["overdue"] for i in items if i["code"] == "CP113"] == [True]


def test_within_and_young_children(tmp_path: Path) -> None:
    data = on_plan(base())
    path = write(tmp_path, data)
    assert due_json(str(path), "--today", "2026-11-22", "--within", "0")[1] == []
    member(data, "kid")["date_of_birth"] = "2025-01-01"  # a young child: seen and observed, not alone
    path = write(tmp_path, data)
    codes = [i["code"] for i in due_json(str(path), "--today", "2026-11-22", "--within", "20")[1]]
    assert codes == ["CP206"]


def test_over_the_examples_on_their_day_and_ten_weeks_on() -> None:
    code, items = due_json(str(EXAMPLES), "--today", "2026-11-22")
    assert code == 0 and not any(i["overdue"] for i in items)
    code, items = due_json(str(EXAMPLES), "--today", "2027-02-15")
    assert code == 1 and all(i["overdue"] for i in items)
    assert {i["code"] for i in items} == {"CP504", "CP206", "CP203"}


def test_over_a_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    files = [str(EXAMPLES / n) for n in ("akhtar-haddad-family.yaml", "hollis-family-deaf.yaml")]
    assert run("db", "import", *files, "--database", url, "--by", "Jo Smith")[0] == 0
    code, items = due_json("--database", url, "--today", "2027-02-15")
    assert code == 1
    assert {i["case"] for i in items} == {"CP-2026-0311", "CP-2026-0457"}
    assert items == due_json(*files, "--today", "2027-02-15")[1]


def test_bad_input_is_one_message_exit_2(tmp_path: Path) -> None:
    code, _, err = run("due", str(EXAMPLES), "--database", "x.sqlite3")
    assert code == 2 and "not both" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("contactplan: 1\ncase: {reference: X}\nmembers: []\n", encoding="utf-8")
    code, out, err = run(
        "due", str(broken), str(EXAMPLES / "hollis-family-deaf.yaml"), "--today", "2026-11-22"
    )
    assert code == 2 and "broken.yaml:3: members" in err
    assert out.splitlines()[-1].endswith("1 case file could not be read.")
    code, _, err = run("due", str(tmp_path / "empty"), "--today", "2026-11-22")
    assert code == 2
    code, _, err = run("due", str(EXAMPLES), "--within", "-1")
    assert code == 2


def test_the_api_the_web_page_calls() -> None:
    case = load(on_plan(base()))
    items = contactplan.due_for_case(case, today=D(2026, 12, 22))
    assert [(i.code, i.overdue) for i in items] == [("CP206", True), ("CP203", True)]
    assert items[0].as_dict()["due"] == "2026-12-04"
    report = contactplan.due_for_cases([case, case], today=D(2026, 12, 22))
    assert report.cases == 2 and len(report.items) == 4 and report.exit_status == 1
    with pytest.raises(contactplan.UsageError):
        contactplan.due_for_case(case, within=-1)
