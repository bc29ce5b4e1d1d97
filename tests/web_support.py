"""Fixtures and helpers for the web page's tests through Flask's test client
(``tests/test_web*.py``): a store with two accounts, the app over it, signing
in, CSRF tokens, importing an example, and sending a page's form back as a
browser would. The fixtures are loaded for every test module (``tests/conftest.py``);
test modules import the helpers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from contactplan import clock
from contactplan.store import Store
from contactplan.store.users import add_user
from contactplan.web import create_app

__all__ = [
    "FAILURES",
    "GOOD",
    "PASSWORD",
    "REF",
    "ROOT",
    "TODAY",
    "form_fields",
    "import_file",
    "post_form",
    "signed_in",
    "token",
    "visible",
]

ROOT = Path(__file__).resolve().parent.parent
FAILURES = ROOT / "examples" / "nowak-family-failures.yaml"
GOOD = ROOT / "examples" / "nowak-family-good.yaml"
TODAY = dt.date(2026, 11, 22)
PASSWORD = "correct horse battery staple"
REF = "CP-2026-0142"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    add_user(store, "Jo Smith", PASSWORD)
    add_user(store, "Sam Patel", PASSWORD)
    return store


@pytest.fixture
def app(store: Store) -> Iterator[Flask]:
    # The clock stands at noon on TODAY, the day the examples are documented
    # on (their visits of 24 Nov to 2 Dec still to come): the store and the
    # pages measure from it as the checks do (weeks later those visits,
    # never recorded, count for nothing).
    with clock.frozen(dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=dt.UTC)):
        yield create_app(store, today=TODAY)


def token(client: FlaskClient, path: str) -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found[1]


def signed_in(app: Flask, name: str = "Jo Smith") -> FlaskClient:
    client = app.test_client()
    answer = client.post(
        "/sign-in", data={"csrf_token": token(client, "/sign-in"), "name": name, "password": PASSWORD}
    )
    assert answer.status_code == 302, answer.text
    return client


def import_file(client: FlaskClient, path: Path = FAILURES, **extra: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(
            "/import",
            data={"csrf_token": token(client, "/import"), "file": (handle, path.name), **extra},
            content_type="multipart/form-data",
        )


def form_fields(html: str, form_index: int = -1) -> list[tuple[str, str]]:
    """The values a browser would send from a page's form (text, hidden,
    checked boxes, selected options, textareas)."""
    forms = re.findall(r"<form\b.*?</form>", html, flags=re.S)
    form = forms[form_index]
    out: list[tuple[str, str]] = []
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = re.search(r'value="([^"]*)"', tag)
        if kind in ("checkbox", "radio") and " checked" not in tag:
            continue
        if kind in ("submit", "file"):
            continue
        out.append((name[1], _unescape(value[1]) if value else ""))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        out.append((name, _unescape(chosen[1]) if chosen else ""))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, flags=re.S):
        out.append((name, _unescape(body)))
    return out


def visible(html: str) -> str:
    """The page's text without its tags (``Polish (<bdi>polski</bdi>)`` -> ``Polish (polski)``)."""
    return _unescape(re.sub(r"<[^>]+>", "", html))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def post_form(client: FlaskClient, path: str, changes: dict[str, str], button: str = "save") -> Any:
    page = client.get(path)
    assert page.status_code == 200, page.text
    fields = [(k, v) for k, v in form_fields(page.text) if k not in changes]
    fields += list(changes.items())
    fields.append((button, "1"))
    return client.post(path, data=MultiDict(fields))
