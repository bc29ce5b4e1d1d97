"""A service's rule (issue 24, item 3): with `translations: reviewed_only`
an unreviewed translation is an error for letters (CP304 as an error, said
in the message); the default stays as it was (CP304 is info). With every
message of the Polish appointment letter reviewed, in a test's own copy of
the catalogs, that letter is written with no CP304 at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from translations_support import XLIFF, run

ROOT = Path(__file__).resolve().parent.parent
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
STRICT = "policy:\n  translations: reviewed_only\n"
TODAY = "2026-11-22"


def _case(tmp_path: Path, policy: str = STRICT) -> Path:
    path = tmp_path / "nowak.yaml"
    path.write_text(NOWAK.read_text(encoding="utf-8") + "\n" + policy, encoding="utf-8")
    return path


def _review_polish_appointment(tmp_path: Path) -> None:
    """Export Polish, confirm every message the appointment letter uses (as
    a reviewer would, segment by segment), take the file back."""
    package = tmp_path / "package"
    done = run("translations", "export", "--language", "pl", "-o", str(package))
    assert done.returncode == 0, done.stderr
    tree = etree.parse(str(package / "contactplan-pl.xlf"))
    confirmed: set[str] = set()
    for unit in tree.getroot().iter(f"{XLIFF}unit"):
        where = unit.find(f"{XLIFF}notes/{XLIFF}note[@category='location']")
        assert where is not None and where.text
        letters = where.text.removeprefix("Used in: ").rstrip(".").split(", ")
        segment = unit.find(f"{XLIFF}segment")
        assert segment is not None
        if "appointment letter" in letters and segment.find(f"{XLIFF}target") is not None:
            segment.set("state", "reviewed")
            confirmed.add(str(unit.get("id")).split("-p")[0])  # a plural form is part of one message
    returned = tmp_path / "returned.xlf"
    tree.write(str(returned), xml_declaration=True, encoding="UTF-8")
    done = run(
        "translations", "import", str(returned), "--reviewer", "Ewa Example, NRPSI 10001", "--date", TODAY
    )
    assert done.returncode == 0, done.stderr
    assert f"{len(confirmed)} messages marked reviewed" in done.stdout


def test_default_policy_still_writes_drafts_with_cp304_info(tmp_path: Path) -> None:
    done = run("letter", str(NOWAK), "inv-hv-02", "--format", "text", "--today", TODAY)
    assert done.returncode == 0
    assert "CP304 [info]" in done.stderr and "policy" not in done.stderr


def test_reviewed_only_refuses_a_letter_from_an_unreviewed_translation(tmp_path: Path) -> None:
    case = _case(tmp_path)
    done = run("letter", str(case), "inv-hv-02", "--format", "text", "--today", TODAY)
    assert done.returncode == 1 and done.stdout == ""
    assert "CP304 [error]" in done.stderr
    assert "Your service's policy allows only translations reviewed by a qualified translator" in done.stderr
    check = run("check", str(case), "--today", TODAY, "--select", "CP304", "--format", "json")
    assert check.returncode == 1
    assert {f["severity"] for f in json.loads(check.stdout)} == {"error"}


def test_reviewed_only_from_the_command_line(tmp_path: Path) -> None:
    check = run(
        "check", str(NOWAK), "--today", TODAY, "--select", "CP304", "--policy", "translations=reviewed_only"
    )
    assert check.returncode == 1 and "CP304 [error]" in check.stdout
    bad = run("check", str(NOWAK), "--policy", "translations=reviewed")
    assert bad.returncode == 2 and "drafts_allowed, reviewed_only" in bad.stderr


def test_a_policy_that_is_no_policy_is_an_input_error(tmp_path: Path) -> None:
    case = _case(tmp_path, "policy:\n  translations: reviewed\n")
    done = run("check", str(case), "--today", TODAY)
    assert done.returncode == 2 and "policy.translations" in done.stderr and "Traceback" not in done.stderr


def test_every_message_of_the_polish_appointment_reviewed_no_cp304(
    locales_copy: Path, tmp_path: Path
) -> None:
    _review_polish_appointment(tmp_path)
    rows = json.loads(run("translations", "--format", "json").stdout)
    polish = {r["template"]: r for r in rows if r["language"] == "pl"}
    assert polish["appointment"]["reviewed"] is True
    assert polish["appointment"]["reviewed_messages"] == polish["appointment"]["messages"]
    assert polish["missed_appointment"]["reviewed"] is False  # its own sentences are still drafts

    case = _case(tmp_path)
    done = run("letter", str(case), "inv-hv-02", "--format", "text", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    assert "CP304" not in done.stderr and "Z poważaniem" in done.stdout
    # the near miss: the missed appointment letter uses messages nobody reviewed
    missed = run("letter", str(case), "missed-paed-01", "--format", "text", "--today", TODAY)
    assert missed.returncode == 1 and "CP304 [error]" in missed.stderr
    assert "is not fully reviewed" in missed.stderr and "We will contact you soon" not in missed.stderr
    check = run("check", str(case), "--today", TODAY, "--select", "CP304", "--format", "json")
    found = {f["letter"]: f["severity"] for f in json.loads(check.stdout)}
    assert "inv-hv-02" not in found and "inv-paed-02" not in found
    assert found["missed-paed-01"] == "error"


@pytest.mark.parametrize("template", ["appointment"])
def test_the_shipped_polish_catalog_is_still_a_draft(template: str) -> None:
    """The test above reviewed a copy: the shipped catalog says draft."""
    rows = json.loads(run("translations", "--format", "json").stdout)
    row = next(r for r in rows if r["language"] == "pl" and r["template"] == template)
    assert row["reviewed"] is False and row["reviewed_messages"] == 0
