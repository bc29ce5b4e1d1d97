"""One Debian Chromium for the whole test session, driven by Playwright's
sync API (never a downloaded browser).

Playwright's sync API runs an event loop in the main thread while it is
open, and a second ``sync_playwright()`` in the same process refuses to
start inside it: so every test that prints or browses (the browser journeys,
the letters printed by Chromium) shares this one, opened on first use and
closed when the session ends.
"""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The session's Chromium (a Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
