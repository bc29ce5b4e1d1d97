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
PASSWORD = "correct horse battery staple"
TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
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
def server(template_store: Path, tmp_path: Path) -> Iterator[Server]:
    """A fresh store with two accounts (a copy of the web tests' template:
    ``tests/web_support.py``), served by waitress in a thread, its clock
    frozen on 22 Nov 2026."""
    import shutil

    from waitress.server import create_server

    from contactplan import clock
    from contactplan.store import Store
    from contactplan.web import create_app

    path = tmp_path / "browser.sqlite3"
    shutil.copyfile(template_store, path)
    store = Store(f"sqlite:///{path}")
    app = create_app(store)
    httpd = create_server(app, host="127.0.0.1", port=0, threads=4, ident="contactplan-test")
    thread = threading.Thread(target=httpd.run, name="waitress", daemon=True)
    try:
        with clock.frozen(NOW):
            thread.start()
            yield Server(f"http://127.0.0.1:{httpd.effective_port}", store)
    finally:
        httpd.close()
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    """The session's one Chromium (``tests/chromium_support.py``)."""
    return chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
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


def import_failures(page: Any, server: Server, file: Path = FAILURES) -> None:
    page.goto(server.url + "/import")
    page.set_input_files("#file", str(file))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/**")


def new_page(browser: Any, width: int = 1280, height: int = 900) -> Any:
    """A page in a context of its own (a second person, another screen width)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    return context.new_page()


def screenshot(page: Any, name: str) -> Path | None:
    """The whole page as a PNG in ``$CONTACTPLAN_SCREENSHOTS`` (when set), to look at."""
    import os

    folder = os.environ.get("CONTACTPLAN_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
