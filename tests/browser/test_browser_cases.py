"""Starting a case and removing from it, in Chromium: the journey from the
caseload, the error summary's links, and axe-core on each page state."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import NEEDS_CHROMIUM, REF, Server, import_failures, sign_in
from test_browser_journey import _violations

pytestmark = [NEEDS_CHROMIUM, pytest.mark.chromium]


def test_a_practitioner_starts_a_case_from_the_caseload(page: Any, server: Server) -> None:
    sign_in(page, server)
    page.click("text=Start a new case")
    page.wait_for_url(server.url + "/new-case")
    page.fill("#reference", "CP/2026/0412")
    page.fill("#lead_name", "Jo Smith")
    page.fill("#member_name", "Amira Haddad")
    page.fill("#member_id", "amira")
    page.fill("#member_born-day", "3")
    page.fill("#member_born-month", "4")
    page.fill("#member_born-year", "2019")
    page.click("main button[type=submit]")
    page.wait_for_url(server.url + "/cases/CP/2026/0412")
    assert "Case CP/2026/0412 started" in page.inner_text(".govuk-notification-banner")
    assert "Amira Haddad" in page.inner_text("#members + table")
    # back on the caseload, the new case is a row whose link leads to it
    page.goto(server.url + "/")
    page.click("text=CP/2026/0412")
    page.wait_for_url("**/cases/CP*0412")
    assert page.inner_text("h1") == "CP/2026/0412"


def test_a_mistake_is_summarised_and_its_link_goes_to_the_field(page: Any, server: Server) -> None:
    sign_in(page, server)
    page.goto(server.url + "/new-case")
    page.fill("#reference", "CP-1")
    page.fill("#member_name", "Amira Haddad")
    page.fill("#member_id", "Amira")
    page.click("main button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    assert "small letters" in summary.inner_text()
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "member_id"
    assert page.input_value("#member_name") == "Amira Haddad"  # what was typed is kept


def test_a_member_is_removed_with_a_reason(page: Any, server: Server) -> None:
    sign_in(page, server)
    import_failures(page, server)
    page.goto(f"{server.url}/cases/{REF}/members/marek")
    page.click("text=Remove this member")
    page.wait_for_url(f"{server.url}/cases/{REF}/members/marek/remove")
    page.click("main button[type=submit]")  # no reason: refused
    assert "Say why it is removed" in page.inner_text(".govuk-error-summary")
    page.fill("#reason", "recorded in the wrong case")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert "Saved as version 2" in page.inner_text(".govuk-notification-banner")
    assert "Marek" not in page.inner_text("#members + table")
    assert "recorded in the wrong case" in page.inner_text("#history + table")


def test_axe_finds_no_serious_violation_on_these_pages(page: Any, server: Server) -> None:
    found: dict[str, list[str]] = {}
    sign_in(page, server)
    page.goto(server.url + "/new-case")
    found["new case"] = _violations(page)
    page.click("main button[type=submit]")
    found["new case (errors)"] = _violations(page)
    import_failures(page, server)
    page.goto(f"{server.url}/cases/{REF}/members/marek/remove")
    found["remove a member"] = _violations(page)
    page.goto(f"{server.url}/cases/{REF}/members/zosia/remove")
    assert "It can't be removed yet" in page.inner_text("main")
    found["remove: still named"] = _violations(page)
    assert {state: v for state, v in found.items() if v} == {}
