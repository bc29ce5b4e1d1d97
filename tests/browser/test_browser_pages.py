"""Every page in Chromium at 1280 and 390 pixels wide: axe-core finds no
serious or critical violation, and at 390 nothing scrolls sideways (WCAG
1.4.10 reflow). With ``CONTACTPLAN_SCREENSHOTS=DIR`` the pages are saved as
PNGs there, to look at."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import NEEDS_CHROMIUM, REF, Server, import_failures, new_page, screenshot, sign_in

pytestmark = [NEEDS_CHROMIUM]

PAGES = [
    "/",
    "/import",
    "/new-case",
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
    f"/cases/{REF}/settings",
    f"/cases/{REF}/members/marek/remove",
    f"/cases/{REF}/members/zosia/remove",
    f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-01",
    f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-02",
    f"/cases/{REF}/outcomes/hv-01",
    "/cases/NO-SUCH-CASE",
]


def violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def sideways(page: Any) -> int:
    """How far the page scrolls sideways, in CSS pixels (0: it reflows)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def name_of(path: str) -> str:
    return path.strip("/").replace(f"cases/{REF}", "case").replace("/", "-").split("?")[0] or "caseload"


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_reflows_and_axe_finds_no_serious_violation(
    browser: Any, server: Server, width: int
) -> None:
    page = new_page(browser, width=width, height=900)
    try:
        found: dict[str, list[str]] = {}
        wide: dict[str, int] = {}

        def look(state: str) -> None:
            found[state] = violations(page)
            if width < 600 and sideways(page) > 0:
                wide[state] = sideways(page)
            screenshot(page, f"{name_of(state)}-{width}")

        page.goto(server.url + "/sign-in")
        look("/sign-in")
        page.click("main button[type=submit]")  # the error summary
        look("sign-in (errors)")
        sign_in(page, server)
        import_failures(page, server)
        for path in PAGES:
            page.goto(server.url + path)
            look(path)
        # pages with their answers
        page.goto(f"{server.url}/cases/{REF}/plan")
        page.fill("#start-day", "8")
        page.fill("#start-month", "12")
        page.fill("#start-year", "2026")
        page.fill("#start-time", "16:00")
        page.click("button[name=propose]")
        look("plan (proposal)")
        page.goto(f"{server.url}/cases/{REF}/members/add")
        page.fill("#find_language", "Kurdish")
        page.click("button[name=find]")
        look("member (picker)")
        page.goto(f"{server.url}/cases/{REF}/members/magda")
        page.fill("#languages-0-tag", "Polish")
        page.fill("#languages-1-tag", "kurdish")
        page.fill("#date_of_birth-month", "13")
        page.click("text=A safe way to reach them")
        page.fill("#safe_contact-email", "not an address")
        page.click("button[name=save]")
        look("member (errors)")
        page.goto(f"{server.url}/cases/{REF}/interpreters/add")
        page.fill("#email", "not an address")
        page.click("button[name=save]")
        look("interpreter (errors)")
        page.goto(f"{server.url}/cases/{REF}/contacts/hv-02")
        page.select_option("#interpreting-0-by", "zosia")
        page.fill("#duration_minutes", "20")
        page.click("button[name=save]")
        look("adds an error")
        # someone else saves the same field meanwhile
        page.goto(f"{server.url}/cases/{REF}/members/marek")
        other = new_page(browser)
        try:
            sign_in(other, server, "Sam Patel")
            other.goto(f"{server.url}/cases/{REF}/members/marek")
            other.fill("#address-line1", "4 Sam Street")
            other.click("button[name=save]")
            other.wait_for_url(f"{server.url}/cases/{REF}")
        finally:
            other.context.close()
        page.fill("#address-line1", "5 Jo Street")
        page.click("button[name=save]")
        look("conflict")
        page.goto(f"{server.url}/sign-in")
        look("sign-in (signed in)")
        problems = {state: v for state, v in found.items() if v}
        assert not problems, problems
        assert not wide, f"scrolls sideways at {width} px: {wide}"
    finally:
        page.context.close()
