"""The registry: exactly the spec's checks (:data:`contactplan.checks.codes.SPEC_CODES`),
each documented with a fix, an example that triggers it and the same example
fixed; docs/checks.md in step; selection, policy and the names the messages use."""

from __future__ import annotations

from pathlib import Path

import pytest

from contactplan.casefile import load_case_text
from contactplan.checks import (
    DOC_SECTIONS,
    REGISTRY,
    get_check,
    parse_codes,
    parse_policy,
    run_checks,
    selected_checks,
)
from contactplan.checks._examples import EXAMPLE_TODAY
from contactplan.checks.codes import SPEC_CODES
from contactplan.checks.docs import explain_text, render
from contactplan.checks.registry import Family, build_registry
from contactplan.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent


def test_exactly_the_spec_codes_names_severities_and_families() -> None:
    assert {code: (c.name, c.severity, c.family) for code, c in REGISTRY.items()} == SPEC_CODES


@pytest.mark.parametrize("code", sorted(SPEC_CODES))
def test_every_check_is_documented_with_a_fix_and_examples(code: str) -> None:
    check = REGISTRY[code]
    assert check.summary and "\n" not in check.summary and not check.summary.endswith(".")
    sections = check.sections
    assert list(sections) == list(DOC_SECTIONS), f"{code} lacks a documentation section"
    assert all(len(text) > 40 for text in sections.values())
    assert check.fix and "\n" not in check.fix and check.fix != check.summary
    assert check.example.strip() and check.fixed.strip() and check.example != check.fixed
    assert check.status == "stable"


@pytest.fixture
def catalogs_as_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every language with a catalog in locales/ complete, none reviewed but
    English: what the examples of CP302 and CP304 assume, whatever state the
    catalogs are in while they are being extended."""
    from contactplan import catalogs

    def status(template: str, tag: str) -> catalogs.CatalogStatus:
        locale = catalogs.locale_for(tag)
        english = tag == "en" or tag.startswith("en-")
        available = english or locale is not None
        return catalogs.CatalogStatus(tag, template, available=available, reviewed=english, locale=locale)

    monkeypatch.setattr(catalogs, "status", status)


@pytest.mark.usefixtures("catalogs_as_shipped")
@pytest.mark.parametrize("code", sorted(SPEC_CODES))
def test_every_example_triggers_its_check_and_the_fixed_one_does_not(code: str) -> None:
    check = REGISTRY[code]
    example = load_case_text(check.example, f"{code} example")
    assert code in {f.code for f in run_checks(example, today=EXAMPLE_TODAY)}, check.example
    fixed = load_case_text(check.fixed, f"{code} fixed")
    assert code not in {f.code for f in run_checks(fixed, today=EXAMPLE_TODAY)}, check.fixed


def _family(*checks: tuple[str, str, str, str]) -> Family:
    family = Family("test", "Test", 9)
    for code, fix, example, fixed in checks:
        family.check(code, "test-check", "warning", "A test", fix=fix, example=example, fixed=fixed)(
            lambda context: iter(())
        )
    return family


def test_registry_refuses_a_check_without_fix_example_or_fixed() -> None:
    assert list(build_registry([_family(("CP999", "Do this.", "a: 1", "a: 2"))])) == ["CP999"]
    for missing in [
        ("CP999", "", "a: 1", "a: 2"),
        ("CP999", "Do.", " ", "a: 2"),
        ("CP999", "Do.", "a: 1", ""),
    ]:
        with pytest.raises(ValueError, match="declares no"):
            build_registry([_family(missing)])
    with pytest.raises(ValueError, match="one line"):
        build_registry([_family(("CP999", "Do\nthis.", "a: 1", "a: 2"))])
    with pytest.raises(ValueError, match="not CP followed by three digits"):
        build_registry([_family(("CP99", "Do.", "a: 1", "a: 2"))])
    with pytest.raises(ValueError, match="declared in family"):
        build_registry([_family(("CP199", "Do.", "a: 1", "a: 2"))])


def test_explain_shows_the_fix_and_both_examples() -> None:
    text = explain_text("CP101")
    assert "Fix:" in text and "Example (triggers it):" in text and "Fixed:" in text
    assert "by: sis" in text


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
    assert chosen == [
        "CP101",
        "CP102",
        "CP103",
        "CP104",
        "CP105",
        "CP106",
        "CP301",
        "CP302",
        "CP303",
        "CP304",
    ]
    assert len(selected_checks()) == len(SPEC_CODES)
    with pytest.raises(UsageError, match="--ignore: 'CP8'"):
        parse_codes("CP8", "--ignore")
    with pytest.raises(UsageError):
        parse_codes("E501")


def test_parse_policy() -> None:
    assert parse_policy(["seen_alone_max_gap_days=10", "missed_contacts_threshold = 3"]) == {
        "seen_alone_max_gap_days": 10,
        "missed_contacts_threshold": 3,
    }
    assert parse_policy(
        ["working_days=scotland", "visit_every.child_protection=2 weeks", "outcome_due_working_days=3"]
    ) == {
        "working_days": "scotland",
        "visit_every.child_protection": "2 weeks",
        "outcome_due_working_days": 3,
    }
    for bad in ["seen_alone_gap=10", "seen_alone_max_gap_days", "seen_alone_max_gap_days=-1",
                "seen_alone_max_gap_days=ten", "missed_contacts_threshold=0", "working_days=wales",
                "visit_every=10 working days", "visit_every.child_protection=fortnightly",
                "visit_every.supervision=2 weeks"]:  # fmt: skip
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
