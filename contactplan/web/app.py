"""The Flask application: configuration, the journeys, who the user is,
and the headers every response carries."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Sequence
from typing import Any

from flask import Flask, Response, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import PathConverter

from ..store import Store
from ..store.sessions import LIFETIME
from .pages import current_store

__all__ = ["JOURNEYS", "create_app"]

#: The journeys, each a package with its routes, forms and templates
#: (``pages.py`` says how one is built); ``outcomes`` is "Record what happened".
JOURNEYS = (
    "accounts",
    "cases",
    "members",
    "contacts",
    "outcomes",
    "letters",
    "planning",
    "register",
    "settings",
    "admin",
)

#: The Content-Security-Policy of every page: nothing inline, nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
#: Endpoints open without signing in.
PUBLIC = frozenset({"web.sign_in", "static"})
#: The header a sign-on proxy sends its secret in (``--proxy-secret-file``).
PROXY_SECRET_HEADER = "X-Contactplan-Proxy-Secret"

log = logging.getLogger("contactplan.web")


class ReferenceConverter(PathConverter):
    """A case reference in a URL: ``/cases/CP/2026/0142/members/add``. Local
    authorities' references often hold slashes, which ``<reference>`` would
    not match (the link then led nowhere); the routes after it still match,
    since werkzeug prefers the rule with more fixed parts."""

    regex = "[^/].*?"


class _App(Flask):
    def log_exception(self, exc_info: Any) -> None:
        """Not Flask's log line: it names the path, and ids in paths are often
        first names; :func:`_server_error` logs the endpoint and the kind of error."""


def create_app(
    database: str | Store | None = None,
    *,
    trust_header: str | None = None,
    proxy_secret: str | None = None,
    server_names: Sequence[str] | None = None,
    behind_proxy: bool = False,
    sign_in_slots: int = 4,
    secret_key: str | None = None,
    idle_minutes: int = 30,
    today: dt.date | None = None,
    testing: bool = False,
) -> Flask:
    """The web application over the store at ``database`` (a URL, a
    :class:`~contactplan.store.Store`, or None for the default store).

    ``trust_header``: take the user's name from this request header, set by a
    single sign-on reverse proxy (no local sign-in then), on requests that
    carry ``proxy_secret`` in the ``X-Contactplan-Proxy-Secret`` header
    (others are refused with 403; without a secret, every request is).
    ``server_names``: the host names the page answers to (the ``Host``
    header, port aside); any other is 400, so that a page on another site
    whose name leads to this machine (DNS rebinding) gets nothing. None: any
    (tests). ``sign_in_slots``: how many sign-ins may be under way at once
    (each may wait its turn for a password check, holding a server thread;
    leave some of the server's threads for everything else). ``behind_proxy``:
    requests come through an HTTPS reverse proxy (``X-Forwarded-Proto``,
    ``X-Forwarded-For`` are trusted from one hop; cookies are ``Secure``).
    ``secret_key`` signs the session cookie (default: a new random key, so
    that forms in flight fail when the server restarts; the sessions
    themselves are held by the store). ``idle_minutes``: a session ends
    after this long without a request (and after 12 hours whatever happens).
    ``today``: the date the checks measure from (default: the server's date,
    for tests).
    """
    app = _App(__name__)
    app.url_map.converters["reference"] = ReferenceConverter
    store = database if isinstance(database, Store) else Store(database)
    app.extensions["contactplan.store"] = store
    app.extensions["contactplan.sign_in_slots"] = threading.BoundedSemaphore(max(1, sign_in_slots))
    secure = behind_proxy
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_urlsafe(48),
        TESTING=testing,
        CONTACTPLAN_TRUST_HEADER=trust_header,
        CONTACTPLAN_PROXY_SECRET=proxy_secret,
        CONTACTPLAN_SERVER_NAMES=(
            None if server_names is None else frozenset(_bare_host(n) for n in server_names)
        ),
        CONTACTPLAN_TODAY=today,
        CONTACTPLAN_IDLE_SECONDS=idle_minutes * 60,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,  # a case file is at most 1 MiB
        SESSION_COOKIE_NAME="__Host-contactplan" if secure else "contactplan",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_PATH="/",
        PERMANENT_SESSION_LIFETIME=LIFETIME,
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        WTF_CSRF_SSL_STRICT=secure,
        TEMPLATES_AUTO_RELOAD=False,
    )
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    CSRFProtect(app)
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    import importlib

    from . import filters
    from .pages import web

    for journey in JOURNEYS:
        importlib.import_module(f"{__package__}.{journey}.routes")
    filters.register(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.register_blueprint(web)
    app.before_request(_host_is_ours)
    app.before_request(_who_is_it)
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(413, _too_large)
    app.register_error_handler(500, _server_error)
    return app


def _bare_host(host: str) -> str:
    """A Host header's name, without its port, in lower case (``[::1]:8000`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _host_is_ours() -> Any:
    """400 for a request whose Host is not one of the page's names."""
    names = current_app.config["CONTACTPLAN_SERVER_NAMES"]
    if names is None:
        return None
    host = request.headers.get("Host", "")
    if _bare_host(host) in names:
        return None
    return render_template(
        "error.html",
        title="Wrong address",
        message="This page is not served at this address. Open it from its usual address.",
    ), 400


def _who_is_it() -> Any:
    """Set ``g.actor`` (who is acting, as the store knows them) and
    ``g.user`` (their name), or send the request to sign in.

    With local accounts the cookie carries a session id from
    :mod:`contactplan.store.sessions` and nothing else about the user: the
    server says whether that session is still good (signed out anywhere,
    idle, past its lifetime, account disabled or given a new password: not).
    Behind a sign-on proxy the name comes from its header (see
    :func:`_from_proxy`)."""
    g.user = None
    g.actor = None
    if request.endpoint == "static":
        return None
    header = current_app.config["CONTACTPLAN_TRUST_HEADER"]
    if header:
        return _from_proxy(header)
    from ..store.sessions import session_user

    sid = session.get("sid")
    if sid is not None:
        live = session_user(
            current_store(),
            sid if isinstance(sid, str) else None,
            address=request.remote_addr,
            idle=dt.timedelta(seconds=current_app.config["CONTACTPLAN_IDLE_SECONDS"]),
        )
        if live is None:
            session.clear()
            session["timed_out"] = True
        else:
            g.actor = live.actor
            g.user = live.actor.name
    if g.user is None and request.endpoint not in PUBLIC:
        if request.method == "GET" and request.endpoint is not None:
            session["next"] = request.full_path if request.query_string else request.path
        return redirect(url_for("web.sign_in"))
    return _reads_only()


def _reads_only() -> Any:
    """An auditor reads and changes nothing: a form they post anyway (their
    pages show no buttons to change anything) is refused, and recorded."""
    actor = g.actor
    if actor is None or actor.may_change:
        return None
    if request.endpoint in ("web.sign_out", "web.sign_in"):
        return None
    if request.method in ("GET", "HEAD"):
        # a form that changes a case is not shown to them at all (the
        # administration pages show an auditor no change buttons instead)
        rule = request.url_rule
        view = current_app.view_functions.get(request.endpoint or "")
        admin = getattr(view, "__module__", "").startswith("contactplan.web.admin")
        if rule is None or "POST" not in (rule.methods or ()) or admin:
            return None
        return _read_only_page("Go back to the case to read it.")
    reference = (request.view_args or {}).get("reference")
    current_store().record(actor, "change", reference, outcome="refused", detail="an auditor changes nothing")
    return _read_only_page("Nothing was saved.")


def _read_only_page(then: str) -> Any:
    """The page an auditor gets for a form that would change a case."""
    return render_template(
        "error.html",
        title="You can read this, not change it",
        message=f"Auditors read cases and the audit; they change nothing. {then}",
    ), 403


def _from_proxy(header: str) -> Any:
    """The user named by the sign-on proxy's header: only on a request that
    carries the proxy's secret (else 403); the name decoded as UTF-8 (WSGI
    hands headers over as Latin-1); an account made on the first visit
    (with no team: they see nothing until an admin gives them one)."""
    import hmac

    from ..store.access import AccessError
    from ..store.users import UserError, ensure_sso_user

    secret: str | None = current_app.config["CONTACTPLAN_PROXY_SECRET"]
    given_secret = request.headers.get(PROXY_SECRET_HEADER, "")
    if not secret or not hmac.compare_digest(
        given_secret.encode("latin-1", "replace"), secret.encode("utf-8")
    ):
        return render_template("accounts/no_proxy.html"), 403
    raw = request.headers.get(header, "")
    try:
        given = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        given = ""
    given = " ".join(given.split())[:200]
    if not given or any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in given):
        return render_template("accounts/no_user.html", header=header), 401
    store = current_store()
    try:
        name = ensure_sso_user(store, given)
        g.actor = store.acting(name, via="web", address=request.remote_addr)
    except (AccessError, UserError):
        return render_template(
            "error.html",
            title="You can't use this page",
            message="Your account here is disabled. Ask whoever runs this page.",
        ), 403
    g.user = g.actor.name
    return _reads_only()


def _headers(response: Response) -> Response:
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers.setdefault("X-Frame-Options", "DENY")
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        # Case data must not stay in shared browsers' caches or proxies.
        headers["Cache-Control"] = "no-store"
    return response


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template(
        "error.html",
        title="Your form expired",
        message=(
            "The form was sent without its security token, or after you were signed out. "
            "Go back, reload the page and try again: nothing was saved."
        ),
    ), 400


def _not_found(error: Exception) -> tuple[str, int]:
    return render_template(
        "error.html",
        title="Page not found",
        message=(
            "There is no such page, case, member, contact or letter. "
            "Check the address, or go back to the caseload."
        ),
    ), 404


def _too_large(error: Exception) -> tuple[str, int]:
    return render_template(
        "error.html", title="The file is too large", message=("A case file can be at most 1 MiB.")
    ), 413


def _server_error(error: Exception) -> tuple[str, int]:
    original = getattr(error, "original_exception", None) or error
    # Never the message: it may quote a family member's name from a case file.
    log.error("internal error at %s: %s", request.endpoint, type(original).__name__)
    return render_template(
        "error.html",
        title="Sorry, there is a problem with the service",
        message=("Nothing was saved. Try again later; if it keeps happening, tell whoever runs this page."),
    ), 500
