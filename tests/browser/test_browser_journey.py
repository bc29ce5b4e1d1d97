"""The whole journey in Chromium: sign in, import the failures example,
plan a visit and accept it, cancel the visit where the sister interprets,
acknowledge the one already held, download the Polish letter; two people
editing at once (both changes kept; the same field chosen); a save that
adds an error; the same journey by keyboard only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import NEEDS_CHROMIUM, REF, Server, import_failures, new_page, screenshot, sign_in
from web_support import address_of

pytestmark = [NEEDS_CHROMIUM, pytest.mark.chromium]


def unacknowledged(server: Server, code: str) -> list[Any]:
    return [f for f in server.store.findings(REF) if f.code == code and not f.acknowledged]


def plan_visit(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/cases/{REF}")
    page.click("text=Plan a visit")
    page.fill("#start-day", "8")
    page.fill("#start-month", "12")
    page.fill("#start-year", "2026")
    page.fill("#start-time", "16:00")
    page.click("button[name=propose]")
    page.wait_for_selector("#proposal")


def test_the_whole_journey(page: Any, server: Server, tmp_path: Path) -> None:
    sign_in(page, server)
    import_failures(page, server)
    assert unacknowledged(server, "CP101") and unacknowledged(server, "CP201")
    assert "Zosia Nowak (sibling, aged 7) interprets for Magda Nowak" in page.inner_text("main")

    plan_visit(page, server)
    assert "Why" in page.inner_text("main")
    page.click("text=Accept and add to the case")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert "Saved" in page.inner_text(".govuk-notification-banner")
    assert not unacknowledged(server, "CP201")

    # The visit still planned with the sister interpreting: cancel it.
    page.goto(f"{server.url}/cases/{REF}/contacts/hv-02")
    page.select_option("#status", "cancelled")
    page.click("button[name=save]")
    # Kuba's child protection visit was due by 1 Dec: the page says so first
    assert "This adds an error" in page.inner_text("main")
    page.click("button[value=anyway]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    # The visit already held can't be changed: acknowledge it, with a reason.
    page.click("a[href*='acknowledge?code=CP101'][href*='contact=hv-01']")
    page.fill("#why", "Held before the case was opened; the GP practice and the school were told.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert not unacknowledged(server, "CP101")
    assert "Acknowledged by Jo Smith" in page.inner_text("#main-content")

    # The Polish letter of the new visit.
    letter = next(
        x for x in server.store.load(REF)[0].letters if x.to == "magda" and x.id.startswith("inv-hv-2026")
    )
    page.goto(f"{server.url}/cases/{REF}/letters/{letter.id}")
    assert "CP302" not in page.inner_text("main"), "the Polish catalog must translate the appointment letter"
    with page.expect_download() as info:
        page.click("text=Download the letter (HTML)")
    saved = tmp_path / "letter.html"
    info.value.save_as(saved)
    assert re.search(r'<html[^>]*lang="pl"', saved.read_text(encoding="utf-8"))
    assert info.value.suggested_filename == f"{REF}-{letter.id}.html"


def test_two_people_editing_one_member_at_once(browser: Any, server: Server) -> None:
    jo, sam = new_page(browser), new_page(browser)
    try:
        sign_in(jo, server, "Jo Smith")
        import_failures(jo, server)
        sign_in(sam, server, "Sam Patel")
        path = f"{server.url}/cases/{REF}/members/marek"
        # different fields: both kept, nothing asked
        jo.goto(path)
        sam.goto(path)
        sam.fill("#address-line1", "3 Other Street")
        sam.fill("#address-line2", "Example City")
        sam.click("button[name=save]")
        sam.wait_for_url(f"{server.url}/cases/{REF}")
        jo.select_option("#language_assessment-method", "self_report")
        jo.fill("#language_assessment-date-day", "20")
        jo.fill("#language_assessment-date-month", "11")
        jo.fill("#language_assessment-date-year", "2026")
        jo.click("button[name=save]")
        jo.wait_for_url(f"{server.url}/cases/{REF}")
        assert "Changes saved meanwhile by others are kept" in jo.inner_text(".govuk-notification-banner")
        marek = server.store.load(REF)[0].member("marek")
        assert address_of(marek) == "3 Other Street, Example City" and marek.language_assessment is not None
        # the same field: both values shown, the one chosen saved
        jo.goto(path)
        sam.goto(path)
        sam.fill("#address-line1", "4 Sam Street")
        sam.click("button[name=save]")
        sam.wait_for_url(f"{server.url}/cases/{REF}")
        jo.fill("#address-line1", "5 Jo Street")
        jo.click("button[name=save]")
        assert "Sam Patel changed the same thing" in jo.inner_text("h1")
        main = jo.inner_text("main")
        assert "Keep Sam Patel's: 4 Sam Street" in main and "Use yours: 5 Jo Street" in main
        screenshot(jo, "conflict-1280")
        jo.check("text=Use yours")
        jo.click("text=Save with these choices")
        jo.wait_for_url(f"{server.url}/cases/{REF}")
        assert address_of(server.store.load(REF)[0].member("marek")) == "5 Jo Street, Example City"
        assert [h.by for h in server.store.history(REF)] == [
            "Jo Smith",
            "Sam Patel",
            "Jo Smith",
            "Sam Patel",
            "Jo Smith",
        ]
    finally:
        jo.context.close()
        sam.context.close()


def test_a_save_that_adds_an_error_asks_first(page: Any, server: Server) -> None:
    sign_in(page, server)
    import_failures(page, server)
    page.goto(f"{server.url}/cases/{REF}/contacts/add")
    page.select_option("#kind", "phone_call")
    page.fill("#start-day", "9")
    page.fill("#start-month", "12")
    page.fill("#start-year", "2026")
    page.fill("#start-time", "17:00")
    page.fill("#duration_minutes", "30")
    page.check("#attendees")  # Magda
    page.check("#interpreting-0-for")
    page.fill("#interpreting-0-language", "pl")
    page.select_option("#interpreting-0-by", "zosia")
    page.select_option("#interpreting-0-status", "confirmed")
    page.click("button[name=save]")
    assert page.inner_text("h1") == "This adds an error"
    assert (
        "Zosia Nowak (sibling, aged 7) interprets for Magda Nowak at the phone call on 9 Dec 2026"
        in page.inner_text("main")
    )
    screenshot(page, "adds-error-1280")
    page.click("text=Change it")
    assert page.input_value("#start-time") == "17:00"
    page.select_option("#interpreting-0-by", "")
    page.select_option("#interpreting-0-interpreter", "int-pl-ewa")
    page.click("button[name=save]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert server.store.load(REF)[0].contacts[-1].interpreting[0].interpreter == "int-pl-ewa"


def _tab_to(page: Any, matches: str, limit: int = 300) -> None:
    """Press Tab until the focused element matches the JS predicate ``matches`` (given ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({matches}); }})()"):
            return
    raise AssertionError(f"never reached by Tab: {matches}")


def test_the_journey_by_keyboard_only(page: Any, server: Server) -> None:
    page.goto(server.url + "/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    _tab_to(page, "el.id === 'name'")
    page.keyboard.type("Jo Smith")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/")
    # import by keyboard needs a file chooser: the example is imported the usual way
    import_failures(page, server)
    page.goto(server.url + "/")
    _tab_to(page, f"el.getAttribute('href') === '/cases/{REF}'")  # named by the child
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    _tab_to(page, "el.textContent.trim() === 'Plan a visit'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{REF}/plan")
    _tab_to(page, "el.id === 'start-day'")
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    _tab_to(page, "el.id === 'start-time'")
    page.keyboard.type("16:00")
    _tab_to(page, "el.name === 'propose'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#proposal")
    _tab_to(page, "el.name === 'save'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert "Saved" in page.inner_text(".govuk-notification-banner")
    # every focused element is visible with GOV.UK's yellow focus state
    _tab_to(page, "el.textContent.trim() === 'Add a member'")
    colour = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert colour == "rgb(255, 221, 0)"
