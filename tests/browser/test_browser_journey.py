"""The whole journey in Chromium: sign in, import the failures example, see
CP101 and CP201, plan a visit and accept it, see them gone, download the
Polish letter; two people editing at once; the same journey by keyboard
only; and axe-core on every page (no serious or critical violation)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import NEEDS_CHROMIUM, REF, Server, import_failures, sign_in

pytestmark = [NEEDS_CHROMIUM, pytest.mark.chromium]


def open_findings(page: Any) -> str:
    """The codes of the findings not acknowledged, from the case's findings panel."""
    panel: str = page.inner_text("#findings-summary")
    return panel


def unacknowledged(server: Server, code: str) -> list[Any]:
    return [f for f in server.store.findings(REF) if f.code == code and not f.acknowledged]


def plan_visit(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/cases/{REF}")
    page.click("text=Plan a visit")
    page.fill("#date-day", "8")
    page.fill("#date-month", "12")
    page.fill("#date-year", "2026")
    page.fill("#time", "16:00")
    page.click("button[name=propose]")
    page.wait_for_selector("#proposal")


def test_the_whole_journey(page: Any, server: Server, tmp_path: Path) -> None:
    sign_in(page, server)
    import_failures(page, server)
    panel = open_findings(page)
    assert "CP101" in panel and "CP201" in panel
    assert page.locator("text=sibling-interpreter").count() >= 1

    plan_visit(page, server)
    assert "Why" in page.inner_text("main")
    page.click("text=Accept and add to the case")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert "Saved as version 2" in page.inner_text(".govuk-notification-banner")
    assert "CP201" not in open_findings(page)
    assert not unacknowledged(server, "CP201")

    # The visit still planned with the sister interpreting: cancel it.
    page.goto(f"{server.url}/cases/{REF}/contacts/hv-02")
    page.select_option("#status", "cancelled")
    page.click("button[name=save]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    # The visit already held can't be changed: acknowledge it, with a reason.
    page.click("a[href*='acknowledge?code=CP101'][href*='contact=hv-01']")
    page.fill("#why", "Held before the case was opened; the GP practice and the school were told.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert "CP101" not in open_findings(page)
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
    html = saved.read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*lang="pl"', html)
    assert info.value.suggested_filename == f"{REF}-{letter.id}.html"


def test_two_people_editing_at_once(browser: Any, server: Server) -> None:
    jo_context = browser.new_context()
    sam_context = browser.new_context()
    try:
        jo, sam = jo_context.new_page(), sam_context.new_page()
        sign_in(jo, server, "Jo Smith")
        import_failures(jo, server)
        sign_in(sam, server, "Sam Patel")
        path = f"{server.url}/cases/{REF}/members/marek"
        jo.goto(path)
        sam.goto(path)
        sam.fill("#address", "3 Other Street, Example City")
        sam.click("button[name=save]")
        sam.wait_for_url(f"{server.url}/cases/{REF}")
        jo.fill("#name", "Marek Zieliński")
        jo.click("button[name=save]")
        banner = jo.inner_text(".govuk-notification-banner")
        assert "Someone else saved this case first" in banner and "Sam Patel" in banner
        assert "member marek changed (address)" in banner
        assert jo.input_value("#name") == "Marek Zieliński"  # nothing Jo typed is lost
        jo.click("button[name=save]")
        jo.wait_for_url(f"{server.url}/cases/{REF}")
        marek = server.store.load(REF)[0].member("marek")
        assert marek.name == "Marek Zieliński"
        assert [h.by for h in server.store.history(REF)] == ["Jo Smith", "Sam Patel", "Jo Smith"]
    finally:
        jo_context.close()
        sam_context.close()


def _tab_to(page: Any, matches: str, limit: int = 200) -> None:
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
    _tab_to(page, f"el.textContent.trim() === '{REF}'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    _tab_to(page, "el.textContent.trim() === 'Plan a visit'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{REF}/plan")
    _tab_to(page, "el.id === 'date-day'")
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    _tab_to(page, "el.id === 'time'")
    page.keyboard.type("16:00")
    _tab_to(page, "el.name === 'propose'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#proposal")
    _tab_to(page, "el.name === 'accept'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{REF}")
    assert "Saved as version 2" in page.inner_text(".govuk-notification-banner")
    # every focused element is visible with GOV.UK's yellow focus state
    _tab_to(page, "el.textContent.trim() === 'Add a member'")
    colour = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert colour == "rgb(255, 221, 0)"


PAGES = [
    "/sign-in",
    "/",
    "/import",
    f"/cases/{REF}",
    f"/cases/{REF}/members/magda",
    f"/cases/{REF}/members/add",
    f"/cases/{REF}/contacts/hv-02",
    f"/cases/{REF}/contacts/add",
    f"/cases/{REF}/letters/add",
    f"/cases/{REF}/letters/inv-hv-02",
    f"/cases/{REF}/letters/inv-hv-02/edit",
    f"/cases/{REF}/interpreters/add",
    f"/cases/{REF}/interpreters/int-pl-ewa",
    f"/cases/{REF}/plan",
    f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-01",
    f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-02",
    "/cases/NO-SUCH-CASE",
]


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violation_on_any_page(page: Any, server: Server) -> None:
    found: dict[str, list[str]] = {}
    page.goto(server.url + "/sign-in")
    found["/sign-in (empty)"] = _violations(page)
    page.click("main button[type=submit]")  # the error summary
    found["/sign-in (errors)"] = _violations(page)
    sign_in(page, server)
    import_failures(page, server)
    for path in PAGES[1:]:
        page.goto(server.url + path)
        found[path] = _violations(page)
    # pages with their answers: the proposal, the picker, a form's errors
    plan_visit(page, server)
    found["plan (proposal)"] = _violations(page)
    page.goto(f"{server.url}/cases/{REF}/members/add")
    page.fill("#find_language", "Kurdish")
    page.click("button[name=find]")
    found["member (picker)"] = _violations(page)
    page.click("button[name=save]")
    found["member (errors)"] = _violations(page)
    page.goto(f"{server.url}/cases/{REF}/interpreters/add")
    page.fill("#find_language", "Kurdish")
    page.click("button[name=find]")
    found["interpreter (picker)"] = _violations(page)
    page.fill("#email", "not an address")
    page.click("button[name=save]")
    found["interpreter (errors)"] = _violations(page)
    page.goto(f"{server.url}/sign-in")
    found["sign-in (signed in)"] = _violations(page)
    problems = {path: v for path, v in found.items() if v}
    assert not problems, problems
