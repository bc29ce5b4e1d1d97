"""Fixtures and helpers for the web page's tests through Flask's test client
(``tests/test_web*.py``, one module a journey, as the app has them).

- ``store``: a copy of a store migrated once per test session, with two
  accounts (Jo Smith, Sam Patel, practitioners in the team :data:`TEAM`, so
  that they see the cases they import) whose passwords were hashed with a cheap
  argon2 (``cheap_passwords``): a test's set-up costs a file copy, not a
  migration and two slow hashes.
- ``app``: the page over that store, with the clock frozen on :data:`NOW`.
- ``client_request``: notifications-admin's idea: one object that is
  signed in, fetches a page, checks its status and parses it
  (:class:`Page`), and sends a page's form back as a browser would, with
  some values changed (:meth:`ClientRequest.submit`).

The fixtures are loaded for every test module (``tests/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from contactplan import clock
from contactplan.store import Store

__all__ = [
    "FAILURES",
    "GOOD",
    "NOW",
    "PASSWORD",
    "REF",
    "ROOT",
    "TEAM",
    "TODAY",
    "ClientRequest",
    "Page",
    "address",
    "address_of",
    "browser_form",
    "import_file",
    "signed_in",
    "token",
    "visible",
]

ROOT = Path(__file__).resolve().parent.parent
FAILURES = ROOT / "examples" / "nowak-family-failures.yaml"
GOOD = ROOT / "examples" / "nowak-family-good.yaml"
TODAY = dt.date(2026, 11, 22)
#: The page's clock in these tests: 22 Nov 2026, 09:00 UK time.
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery staple"
REF = "CP-2026-0142"
#: The team of the two accounts of ``store``.
TEAM = "Children's services North"


def _cheap_hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session")
def cheap_passwords() -> Iterator[None]:
    """Passwords hashed with a cheap argon2 for the whole session (signing in
    verifies with the parameters stored in the hash, so it is cheap too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("contactplan.store.users._hasher", _cheap_hasher)
        yield


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory, cheap_passwords: None) -> Path:
    """A store migrated once, with the two accounts: copied for each test."""
    from contactplan.store.users import add_user

    path = tmp_path_factory.mktemp("web-template") / "web.sqlite3"
    with Store(f"sqlite:///{path}") as store:
        add_user(store, "Jo Smith", PASSWORD, team=TEAM)
        add_user(store, "Sam Patel", PASSWORD, team=TEAM)
    return path


@pytest.fixture
def store(template_store: Path, tmp_path: Path, cheap_passwords: None) -> Iterator[Store]:
    path = tmp_path / "web.sqlite3"
    shutil.copyfile(template_store, path)
    with Store(f"sqlite:///{path}") as store:
        yield store


@pytest.fixture
def app(store: Store) -> Iterator[Flask]:
    from contactplan.store.throttle import client_throttle
    from contactplan.web import create_app

    # wrong sign-ins are counted per client in the process's memory, and the
    # test client is always 127.0.0.1
    client_throttle.clear()
    with clock.frozen(NOW):
        yield create_app(store)
    client_throttle.clear()


def address(*lines: str, postcode: str = "") -> dict[str, str]:
    """The member form's address as typed: its lines, one an input, and a
    postcode (the inputs not given left empty)."""
    shown = [*lines, *[""] * (3 - len(lines))]
    return {**{f"address-line{n}": line for n, line in enumerate(shown, 1)}, "address-postcode": postcode}


def address_of(member: Any) -> str | None:
    """A member's address as one text, whether the case keeps it as one or as its lines."""
    value = member.address
    return ", ".join(value) if isinstance(value, list) else value


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


def visible(html: str) -> str:
    """The page's text without its tags (``Polish (<bdi>polski</bdi>)`` -> ``Polish (polski)``)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def browser_form(html: str, index: int = -1) -> list[tuple[str, str]]:
    """What a browser sends from a page's form (``index``: which form):
    text and hidden inputs, ticked boxes, selected options, text areas.
    As a browser does, a text area loses the line break right after its
    tag and sends its line breaks as CR LF; a one-line input drops line
    breaks from its value."""
    import lxml.html

    form = lxml.html.fromstring(html).forms[index]
    out: list[tuple[str, str]] = []
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "textarea":
            value = element.text or ""
            value = value[1:] if value.startswith("\n") else value
            out.append((name, value.replace("\r\n", "\n").replace("\n", "\r\n")))
        elif element.tag == "select":
            options = element.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            out.extend((name, o.get("value", o.text or "")) for o in chosen)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    out.append((name, element.get("value") if element.get("value") is not None else "on"))
                continue
            out.append((name, (element.get("value") or "").replace("\r", "").replace("\n", "")))
    return out


class Page:
    """A page fetched by :class:`ClientRequest`: its response, HTML, visible text and parts."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.status = response.status_code
        self.html: str = response.get_data(as_text=True)

    @property
    def text(self) -> str:
        """The visible text, its white space made single."""
        body = self.html.split("<body", 1)[-1]
        return " ".join(visible(re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)).split())

    def form(self, index: int = -1) -> list[tuple[str, str]]:
        return browser_form(self.html, index)

    def summary(self) -> list[tuple[str, str]]:
        """The error summary: (the link's target, the message) for each entry."""
        found = re.search(r'<div class="govuk-error-summary".*?</ul>', self.html, re.S)
        assert found, "no error summary"
        out = []
        for item in re.findall(r"<li>(.*?)</li>", found[0], re.S):
            link = re.search(r'href="#([^"]*)"', item)
            out.append((link[1] if link else "", " ".join(visible(item).split())))
        return out

    def beside(self, field_id: str) -> str:
        """The error message shown with a field (GOV.UK: ``<p id="FIELD-error">``)."""
        found = re.search(
            rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>', self.html, re.S
        )
        assert found, f"no error message beside {field_id}"
        return " ".join(visible(found[1]).replace("Error:", "").split())

    @property
    def location(self) -> str:
        return str(self.response.headers.get("Location", ""))


class ClientRequest:
    """A signed-in test client: ``get`` and ``post`` check the status and
    parse the page; ``submit`` sends a page's form back as a browser would."""

    def __init__(self, app: Flask, user: str = "Jo Smith") -> None:
        self.app = app
        self.user = user
        self.client = signed_in(app, user)

    def as_user(self, user: str) -> ClientRequest:
        return ClientRequest(self.app, user)

    def get(self, path: str, expected: int | None = 200) -> Page:
        page = Page(self.client.get(path))
        if expected is not None:
            assert page.status == expected, (path, page.status, page.text[:3000])
        return page

    def post(self, path: str, data: Any, expected: int | None = 302) -> Page:
        page = Page(self.client.post(path, data=data if isinstance(data, MultiDict) else MultiDict(data)))
        if expected is not None:
            assert page.status == expected, (path, page.status, page.text[:3000])
        return page

    def submit(
        self,
        path: str,
        changes: dict[str, Any] | None = None,
        *,
        button: tuple[str, str] | None = ("save", "1"),
        form: int = -1,
        page: Page | None = None,
        expected: int | None = 302,
    ) -> Page:
        """Open ``path`` (or use ``page``), change some values of its form
        (a value ``None`` takes the field out, a list sends it several
        times: checkboxes), press ``button`` and post it to ``path``."""
        shown = page or self.get(path)
        changes = changes or {}
        fields = [(k, v) for k, v in shown.form(form) if k not in changes]
        for name, value in changes.items():
            if value is None:
                continue
            for one in value if isinstance(value, list) else [value]:
                fields.append((name, one))
        if button is not None:
            fields.append(button)
        return self.post(path, MultiDict(fields), expected)

    def import_file(self, path: Path = FAILURES, **extra: Any) -> Page:
        page = Page(import_file(self.client, path, **extra))
        assert page.status == 302, page.text[:2000]
        return page


@pytest.fixture
def client_request(app: Flask) -> ClientRequest:
    """Jo Smith, signed in."""
    return ClientRequest(app)
