"""The example plans: the one that repeats the briefing's failures gives
exactly the findings documented here; the good one no error or warning."""

from __future__ import annotations

from pathlib import Path

from checks_support import TODAY

from contactplan.casefile import load_case
from contactplan.checks import run_checks

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

FAILURES = [
    # Zosia, 7, interprets for her mother at both home visits
    ("CP101", "zosia", "hv-01", None),
    ("CP101", "zosia", "hv-02", None),
    # Kuba, 4, speaks Polish better than English and nobody interprets for him
    ("CP110", "kuba", "hv-01", None),
    ("CP110", "kuba", "hv-02", None),
    # 45-minute visits with interpreting
    ("CP115", None, "hv-01", None),
    ("CP115", None, "hv-02", None),
    # Kuba is never seen on his own, and the held visit does not record seeing him
    ("CP201", "kuba", None, None),
    ("CP204", "kuba", "hv-01", None),
    # invitations in English to a mother who reads Polish
    ("CP301", "magda", "paed-02", "inv-paed-02"),
    ("CP301", "magda", "hv-02", "inv-hv-02"),
    # the partner's languages were never assessed; the mother's through the family
    ("CP402", "marek", None, None),
    ("CP404", "magda", None, None),
    # two paediatric appointments missed, one after an English invitation
    ("CP501", None, None, None),
    ("CP502", None, "paed-02", "inv-paed-02"),
    # the mother's partner lives in the home and is never seen
    ("CP503", "marek", None, None),
]


def test_failures_example_gives_exactly_the_documented_findings() -> None:
    findings = run_checks(load_case(EXAMPLES / "nowak-family-failures.yaml"), today=TODAY)
    assert [(f.code, f.member, f.contact, f.letter) for f in findings] == FAILURES


def test_good_example_gives_no_error_or_warning() -> None:
    findings = run_checks(load_case(EXAMPLES / "nowak-family-good.yaml"), today=TODAY)
    assert [f for f in findings if f.severity != "info"] == []
    # only the Polish translation being an unreviewed draft, if it still is
    assert {f.code for f in findings} <= {"CP304"}
