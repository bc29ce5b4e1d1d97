"""The registry: exactly the spec's checks, each documented; docs/checks.md in
step; selection, policy and the names the messages use."""

from __future__ import annotations

from pathlib import Path

import pytest

from contactplan.checks import (
    DOC_SECTIONS,
    REGISTRY,
    get_check,
    parse_codes,
    parse_policy,
    selected_checks,
)
from contactplan.checks.docs import render
from contactplan.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent

# ../shared/spec/checks.md: a contract. Keep in step by hand, never generated.
SPEC = {
    "CP101": ("sibling-interpreter", "error"),
    "CP102": ("child-interpreter", "error"),
    "CP103": ("family-interpreter", "error"),
    "CP104": ("unregistered-interpreter", "warning"),
    "CP110": ("interpreter-missing", "error"),
    "CP111": ("interpreter-language-mismatch", "error"),
    "CP112": ("interpreter-variant", "warning"),
    "CP113": ("interpreter-unconfirmed", "warning"),
    "CP114": ("interpreter-preference-unmet", "warning"),
    "CP115": ("interpreted-contact-too-short", "warning"),
    "CP201": ("child-never-seen-alone", "error"),
    "CP202": ("seen-alone-without-interpreter", "error"),
    "CP203": ("seen-alone-gap", "warning"),
    "CP204": ("child-not-seen", "warning"),
    "CP301": ("english-only-letter", "error"),
    "CP302": ("letter-translation-missing", "error"),
    "CP303": ("letter-unreadable", "warning"),
    "CP304": ("translation-unreviewed", "info"),
    "CP401": ("language-needs-unrecorded", "error"),
    "CP402": ("language-needs-unassessed", "warning"),
    "CP403": ("language-assessment-stale", "warning"),
    "CP404": ("assessed-through-family", "warning"),
    "CP501": ("missed-contacts-not-followed-up", "warning"),
    "CP502": ("missed-after-unreadable-invitation", "error"),
    "CP503": ("household-adult-never-seen", "warning"),
}
FAMILY_OF = {
    "1": "interpreting",
    "2": "childs_voice",
    "3": "letters",
    "4": "language_needs",
    "5": "engagement",
}


def test_exactly_the_spec_codes_names_and_severities() -> None:
    assert {code: (c.name, c.severity) for code, c in REGISTRY.items()} == SPEC


@pytest.mark.parametrize("code", sorted(SPEC))
def test_every_check_is_documented(code: str) -> None:
    check = REGISTRY[code]
    assert check.family == FAMILY_OF[code[2]]
    assert check.summary and "\n" not in check.summary and not check.summary.endswith(".")
    sections = check.sections
    assert list(sections) == list(DOC_SECTIONS), f"{code} lacks a documentation section"
    assert all(len(text) > 40 for text in sections.values())


def test_docs_checks_md_is_generated_from_the_registry() -> None:
    written = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert written == render(), "regenerate: python -m contactplan.checks.docs > docs/checks.md"


def test_get_check_by_code_or_name() -> None:
    assert get_check("cp101").code == "CP101"
    assert get_check("seen-alone-gap").code == "CP203"
    with pytest.raises(UsageError, match="no check 'CP999'"):
        get_check("CP999")


def test_select_and_ignore_by_code_or_prefix() -> None:
    assert parse_codes("CP1, cp30,CP501") == ["CP1", "CP30", "CP501"]
    assert parse_codes(None) == []
    chosen = [c.code for c in selected_checks(["CP1", "CP30"], ["CP11"])]
    assert chosen == ["CP101", "CP102", "CP103", "CP104", "CP301", "CP302", "CP303", "CP304"]
    assert len(selected_checks()) == len(SPEC)
    with pytest.raises(UsageError, match="--ignore: 'CP9'"):
        parse_codes("CP9", "--ignore")
    with pytest.raises(UsageError):
        parse_codes("E501")


def test_parse_policy() -> None:
    assert parse_policy(["seen_alone_max_gap_days=10", "missed_contacts_threshold = 3"]) == {
        "seen_alone_max_gap_days": 10,
        "missed_contacts_threshold": 3,
    }
    for bad in ["seen_alone_gap=10", "seen_alone_max_gap_days", "seen_alone_max_gap_days=-1",
                "seen_alone_max_gap_days=ten", "missed_contacts_threshold=0"]:  # fmt: skip
        with pytest.raises(UsageError, match="--policy"):
            parse_policy([bad])


def test_common_language_names_are_cldrs() -> None:
    """languages._COMMON_ENGLISH_NAMES spares `check` loading CLDR's name data;
    it must say exactly what CLDR says."""
    import langcodes

    from contactplan import languages

    for tag, name in languages._COMMON_ENGLISH_NAMES.items():
        assert langcodes.Language.get(tag).display_name("en") == name
        assert languages.english_name(tag) == languages._ENGLISH_NAMES.get(tag, name)
