"""Starting a case and removing from it, in Chromium: the journey from the
caseload, the error summary's links."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import NEEDS_CHROMIUM, REF, Server, import_failures, sign_in

pytestmark = [NEEDS_CHROMIUM, pytest.mark.chromium]


def test_a_practitioner_starts_a_case_from_the_caseload(page: Any, server: Server) -> None:
    sign_in(page, server)
    page.click("text=Start a new case")
    page.wait_for_url(server.url + "/new-case")
    page.fill("#case-reference", "CP/2026/0412")
    page.fill("#case-lead_practitioner-name", "Jo Smith")
    page.fill("#members-0-name", "Amira Haddad")
    page.fill("#members-0-date_of_birth-day", "3")
    page.fill("#members-0-date_of_birth-month", "4")
    page.fill("#members-0-date_of_birth-year", "2019")
    page.click("main button[type=submit]")
    page.wait_for_url(server.url + "/cases/CP/2026/0412")
    assert "Case CP/2026/0412 started" in page.inner_text(".govuk-notification-banner")
    assert "Amira Haddad" in page.inner_text("#members + table")
    # back on the caseload, the new case is a row whose link leads to it
    page.goto(server.url + "/")
    page.click("main a:text('Amira Haddad')")  # a case is named by its children
    page.wait_for_url("**/cases/CP*0412")
    assert page.inner_text("h1") == "Amira Haddad, 7"
    assert "Case CP/2026/0412" in page.inner_text("main")


def test_every_mistake_is_summarised_and_each_link_goes_to_its_field(page: Any, server: Server) -> None:
    sign_in(page, server)
    page.goto(server.url + "/new-case")
    page.fill("#case-reference", "")
    page.fill("#members-0-name", "Amira Haddad")
    page.fill("#members-0-date_of_birth-month", "13")
    page.fill("#case-lead_practitioner-email", "jo at example")
    page.click("main button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    links = page.locator(".govuk-error-summary a")
    assert links.count() == 3
    for index, field in enumerate(
        ["case-reference", "case-lead_practitioner-email", "members-0-date_of_birth-day"]
    ):
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == field
    assert page.input_value("#members-0-name") == "Amira Haddad"  # what was typed is kept


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
    assert "Saved" in page.inner_text(".govuk-notification-banner")
    assert "Marek" not in page.inner_text("#members + table")
    assert "recorded in the wrong case" in page.inner_text("#history + table")
