"""Signing in (a local account, throttled by client) and out (the session
ends on the server, wherever its cookie was copied).

A password check takes real CPU (argon2), and the store lets two run at once
(:data:`contactplan.store.throttle.gate`); a sign-in waiting for its turn
holds one of the server's threads. So that a flood of sign-ins can never
take every thread (and hold up a practitioner's save), at most
``sign_in_slots`` sign-ins are under way at once (``create_app``; ``serve``
leaves half of its threads for the other pages): one more is turned away at
once, with the same message as every failed sign-in."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, session, url_for

from ..pages import current_store, web
from .forms import ConfirmForm, SignInForm

#: What the page says for every sign-in that fails, whatever the reason
#: (wrong password, unknown name, disabled account, too many tries from this
#: computer, too many sign-ins at once): it never tells which names exist.
SIGN_IN_FAILED = (
    "Enter a correct user name and password. If they are right, wait a few minutes "
    "and try again, or ask whoever runs this page"
)


@web.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    from ...store.access import AccessError
    from ...store.sessions import open_session
    from ...store.users import SignIn, UserError, clean_name
    from ...store.users import sign_in as check

    if current_app.config["CONTACTPLAN_TRUST_HEADER"]:
        return redirect(url_for("web.caseload"))
    form = SignInForm()
    notice = None
    if session.pop("timed_out", None):
        notice = (
            "You were signed out: after a while without using the page, after 12 hours, "
            "or because you signed out elsewhere. Sign in again."
        )
    if form.validate_on_submit():
        store = current_store()
        client = request.remote_addr or "unknown"
        slots = current_app.extensions["contactplan.sign_in_slots"]
        if slots.acquire(blocking=False):
            try:
                outcome = check(store, form.name.data, form.password.data, client=client)
            finally:
                slots.release()
        else:
            outcome = SignIn.BUSY
            _record_busy(client)
        sid = None
        if outcome is SignIn.OK:
            try:
                sid = open_session(store, clean_name(form.name.data), address=client)
            except (AccessError, UserError):  # disabled between the check and now
                sid = None
        if sid is not None:
            wanted = session.get("next") or ""
            session.clear()
            session["sid"] = sid
            session.permanent = True
            if not (wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted):
                wanted = url_for("web.caseload")
            return redirect(wanted)
        form.name.add_error(SIGN_IN_FAILED)
        form.password.data = ""
        return render_template("accounts/sign_in.html", form=form, notice=notice), 401
    return render_template("accounts/sign_in.html", form=form, notice=notice), (400 if form.errors else 200)


def _record_busy(client: str) -> None:
    """A sign-in turned away before any password check (too many at once)."""
    from ...store.access import Actor

    current_store().record(
        Actor("(unknown name)", None, via="web", address=client),
        "sign-in",
        outcome="refused",
        detail="busy: too many sign-ins at once",
    )


@web.route("/sign-out", methods=["POST"])
def sign_out() -> Any:
    from ...store.sessions import end_session

    form = ConfirmForm()
    if form.validate_on_submit():
        sid = session.get("sid")
        if isinstance(sid, str):
            end_session(current_store(), sid)
        session.clear()
    return redirect(url_for("web.sign_in"))
