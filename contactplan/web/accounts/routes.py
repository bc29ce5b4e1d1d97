"""Signing in (a local account, throttled) and out."""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, redirect, render_template, session, url_for

from ..pages import current_store, web
from .forms import ConfirmForm, SignInForm


@web.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    from ...store.users import HOLD, SignIn, session_stamp
    from ...store.users import sign_in as check

    if current_app.config["CONTACTPLAN_TRUST_HEADER"]:
        return redirect(url_for("web.caseload"))
    form = SignInForm()
    notice = None
    if session.pop("timed_out", None):
        notice = "You were signed out after a while without using the page. Sign in again."
    if form.validate_on_submit():
        outcome = check(current_store(), form.name.data, form.password.data)
        if outcome is SignIn.OK:
            wanted = session.get("next") or ""
            session.clear()
            session["user"] = " ".join(form.name.data.split())
            session["stamp"] = session_stamp(current_store(), session["user"])
            session["seen"] = time.time()
            session.permanent = True
            if not (wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted):
                wanted = url_for("web.caseload")
            return redirect(wanted)
        if outcome is SignIn.HELD:
            problem = (
                f"Too many wrong passwords: this account can't sign in for "
                f"{int(HOLD.total_seconds() // 60)} minutes"
            )
        elif outcome is SignIn.DISABLED:
            problem = "This account is disabled: ask whoever runs this page"
        else:
            problem = "Enter a correct user name and password"
        form.name.add_error(problem)
        form.password.data = ""
        return render_template("accounts/sign_in.html", form=form, notice=notice), 401
    return render_template("accounts/sign_in.html", form=form, notice=notice), (400 if form.errors else 200)


@web.route("/sign-out", methods=["POST"])
def sign_out() -> Any:
    form = ConfirmForm()
    if form.validate_on_submit():
        session.clear()
    return redirect(url_for("web.sign_in"))
