"""Every case file in examples/, checked through the command line with a fixed
--today: exactly the findings documented here, each with whether it is
acknowledged, and the exit status. Which translations exist is as shipped
(every catalog in locales/ complete, only English reviewed), whatever state
the catalogs are in while they are being extended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contactplan import catalogs
from contactplan.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = "2026-11-22"

Found = tuple[str, str | None, str | None, str | None, bool]

# The plan that repeats the serious case review's failures.
NOWAK_FAILURES: list[Found] = [
    # Zosia, 7, interprets for her mother at both home visits
    ("CP101", "zosia", "hv-01", None, False),
    ("CP101", "zosia", "hv-02", None, False),
    # Kuba, 4, speaks Polish better than English and nobody interprets for him
    ("CP110", "kuba", "hv-01", None, False),
    ("CP110", "kuba", "hv-02", None, False),
    # Kuba is never seen on his own, and the held visit does not record seeing him
    ("CP201", "kuba", None, None, False),
    ("CP204", "kuba", "hv-01", None, False),
    # invitations in English to a mother who reads Polish
    ("CP301", "magda", "paed-02", "inv-paed-02", False),
    ("CP301", "magda", "hv-02", "inv-hv-02", False),
    # the partner's languages were never assessed; the mother's through the family
    ("CP402", "marek", None, None, False),
    ("CP404", "magda", None, None, False),
    # two paediatric appointments missed, one after an English invitation
    ("CP501", None, None, None, False),
    ("CP502", None, "paed-02", "inv-paed-02", False),
    # the mother's partner lives in the home and is never seen
    ("CP503", "marek", None, None, False),
    # Kuba was not brought to either paediatric appointment, and nobody has seen him at one since
    ("CP505", "kuba", "paed-02", None, False),
]

# The same family planned well: only the unreviewed Polish translation.
NOWAK_GOOD: list[Found] = [
    ("CP304", "magda", "paed-01", "missed-paed-01", False),
    ("CP304", "magda", "paed-02", "inv-paed-02", False),
    ("CP304", "magda", "hv-02", "inv-hv-02", False),
    ("CP304", "magda", None, "da-support", False),
]

AKHTAR_HADDAD: list[Found] = [
    ("CP304", "samina", "paed-01", "missed-paed-01", False),
    ("CP304", "samina", "hv-02", "inv-hv-02-samina", False),
    ("CP304", "karim", "hv-02", "inv-hv-02-karim", False),
    ("CP304", "samina", None, "da-support", False),
]

# Deaf parents: a phone call booked with Grace, and no relay interpreter for
# Daniel at the home visit; Daniel's letter is gone through by video (no CP303).
HOLLIS_DEAF: list[Found] = [
    ("CP116", "grace", "pc-1", None, False),
    ("CP118", "daniel", "hv-1", None, False),
]

# A history acknowledged: still reported, marked, and check exits 0.
BEGUM_HISTORY: list[Found] = [
    ("CP101", "tania", "hv-0", None, True),
    ("CP303", "shilpi", "cl-1", "inv-cl-1", True),
    ("CP502", None, "cl-1", "inv-cl-1", True),
]

EXPECTED: dict[str, tuple[list[Found], int]] = {
    "akhtar-haddad-family.yaml": (AKHTAR_HADDAD, 0),
    "begum-family-history.yaml": (BEGUM_HISTORY, 0),
    "hollis-family-deaf.yaml": (HOLLIS_DEAF, 1),
    "nowak-family-failures.yaml": (NOWAK_FAILURES, 1),
    "nowak-family-good.yaml": (NOWAK_GOOD, 0),
}


@pytest.fixture(autouse=True)
def catalogs_as_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    def status(template: str, tag: str) -> catalogs.CatalogStatus:
        locale = catalogs.locale_for(tag)
        english = tag == "en" or tag.startswith("en-")
        available = english or locale is not None
        return catalogs.CatalogStatus(tag, template, available=available, reviewed=english, locale=locale)

    monkeypatch.setattr(catalogs, "status", status)


def check(*paths: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(app, ["check", *map(str, paths), "--today", TODAY, "--format", "json"])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_every_example_is_held_here() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gives_exactly_its_findings(name: str) -> None:
    expected, status = EXPECTED[name]
    code, found = check(EXAMPLES / name)
    assert [
        (f["code"], f["member"], f["contact"], f["letter"], f["acknowledged"] is not None) for f in found
    ] == expected
    assert code == status


def test_good_example_has_no_error_or_warning() -> None:
    _, found = check(EXAMPLES / "nowak-family-good.yaml")
    assert {f["severity"] for f in found} <= {"info"}


def test_acknowledged_findings_carry_reason_by_and_date() -> None:
    _, found = check(EXAMPLES / "begum-family-history.yaml")
    assert found[0]["acknowledged"] == {
        "reason": "Held at the door on the first visit, before an interpreter could be booked; Tania was "
        "not asked about Ayaan. A Sylheti interpreter is booked for every contact since.",
        "by": "Priya Shah, Social Worker",
        "date": "2026-11-06",
    }


def test_the_whole_folder_at_once_gives_the_same_findings() -> None:
    """No interpreter is double-booked across the examples (CP701), and each
    file's findings are its own."""
    code, found = check(EXAMPLES)
    assert code == 1
    assert len(found) == sum(len(expected) for expected, _ in EXPECTED.values())
    assert not [f for f in found if f["code"] == "CP701"]


def test_ten_weeks_on_the_examples_tell_the_story_of_cases_nobody_updated() -> None:
    """On 15 Feb 2027 nothing after 22 Nov has been recorded: every visit since
    counts for nothing (CP504), the children on plans are overdue a visit
    (CP206), and their time alone is measured up to today (CP203)."""
    result = CliRunner().invoke(app, ["check", str(EXAMPLES), "--today", "2027-02-15", "--format", "json"])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    by_case: dict[str, set[str]] = {}
    for f in found:
        by_case.setdefault(Path(str(f["file"])).name, set()).add(str(f["code"]))
    for name in EXPECTED:
        assert {"CP504", "CP206"} <= by_case[name], name
    assert "CP203" in by_case["nowak-family-good.yaml"]
    (gap,) = [f for f in found if f["code"] == "CP203" and str(f["file"]).endswith("nowak-family-good.yaml")]
    assert (
        gap["message"]
        == "Kuba Nowak is not seen alone since 17 Nov 2026, 90 days up to today (the limit is 15)"
    )
    # on the day after the examples' day, and a month later, the story moves on
    day_after = CliRunner().invoke(app, ["check", str(EXAMPLES), "--today", "2026-11-23", "--format", "json"])
    assert len(json.loads(day_after.stdout)) == len(check(EXAMPLES)[1])
    month = CliRunner().invoke(app, ["check", str(EXAMPLES), "--today", "2026-12-22", "--format", "json"])
    assert {"CP504", "CP206", "CP203"} <= {f["code"] for f in json.loads(month.stdout)}
