"""Browser tests: Playwright driving Debian's Chromium (never a downloaded
browser) against a real server, waitress on 127.0.0.1 and a free port,
started in a thread by the test session and stopped at its end.

Skipped, with the reason, only when /usr/bin/chromium is missing (``.ci/run``
installs it)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"
TODAY = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[2]
FAILURES = ROOT / "examples" / "nowak-family-failures.yaml"
REF = "CP-2026-0142"

#: Every browser test module carries this mark.
NEEDS_CHROMIUM = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt install chromium)"
)


@dataclass
class Server:
    url: str
    store: Any


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A fresh store with two accounts, served by waitress in a thread."""
    from waitress.server import create_server

    from contactplan.store import Store
    from contactplan.store.users import add_user
    from contactplan.web import create_app

    store = Store(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    add_user(store, "Jo Smith", PASSWORD)
    add_user(store, "Sam Patel", PASSWORD)
    from contactplan import clock

    app = create_app(store, today=TODAY)
    httpd = create_server(app, host="127.0.0.1", port=0, threads=4, ident="contactplan-test")
    thread = threading.Thread(target=httpd.run, name="waitress", daemon=True)
    # noon on TODAY, the day the examples are documented on (their visits of
    # 24 Nov to 2 Dec still to come), for the store and the pages as for the checks
    with clock.frozen(dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=dt.UTC)):
        thread.start()
        try:
            yield Server(f"http://127.0.0.1:{httpd.effective_port}", store)
        finally:
            httpd.close()
            thread.join(timeout=10)
            store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def sign_in(page: Any, server: Server, name: str = "Jo Smith") -> None:
    page.goto(server.url + "/sign-in")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(server.url + "/")


def import_failures(page: Any, server: Server) -> None:
    page.goto(server.url + "/import")
    page.set_input_files("#file", str(FAILURES))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/{REF}")
