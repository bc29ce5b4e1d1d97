"""Fixtures of the browser tests (``browser_support``): a server, Chromium, a page."""

from browser_support import browser, page, server

__all__ = ["browser", "page", "server"]
