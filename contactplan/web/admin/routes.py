"""Accounts, teams and who may see a case (administrators), and the audit
(administrators and auditors). Auditors see these pages without a button
that changes anything; anyone else gets "Page not found" for them, recorded
in the audit as refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from ...store import StoreError
from ..pages import current_actor, current_store, web
from .forms import ROLE_WORDS, AccountForm, AddAccountForm, AuditFilterForm, MoveForm, RestrictForm

#: The newest entries the audit page shows at once.
AUDIT_PAGE = 500

#: What each kind of audit entry records, in words.
ACTION_WORDS = {
    "view": "Viewed",
    "read": "Read",
    "download": "Downloaded",
    "calendar": "Downloaded the calendar",
    "export": "Exported",
    "save": "Saved a change",
    "import": "Imported",
    "close": "Closed",
    "archive": "Archived",
    "reopen": "Reopened",
    "move": "Moved to another team",
    "restrict": "Changed who may see it",
    "list": "Listed cases",
    "check": "Checked",
    "history": "Read the history",
    "findings": "Read the checks",
    "due": "Listed what is due",
    "audit": "Read the audit",
    "sign-in": "Signed in",
    "change": "Tried to change",
    "add account": "Added an account",
    "change account": "Changed an account",
    "disable account": "Disabled an account",
    "enable account": "Enabled an account",
    "set password": "Gave an account a new password",
    "list accounts": "Listed the accounts",
    "admin page": "Opened an administrator's page",
}
OUTCOME_WORDS = {
    "ok": "Allowed",
    "refused": "Refused",
    "not found": "No such case",
    "unreadable": "Could not be read",
}
AUDIT_ROLES = {
    **{role: words for role, (words, _) in ROLE_WORDS.items()},
    "owner": "Owner of the store",
    "none": "",
}
VIA_WORDS = {"web": "Web page", "cli": "Command line", "api": "Program"}


def _readers_only(what: str) -> None:
    """Admins and auditors only: 404 for anyone else (recorded as refused)."""
    actor = current_actor()
    if not actor.sees_all:
        current_store().record(actor, "admin page", outcome="refused", detail=what)
        abort(404)


def _admins_only(what: str) -> None:
    actor = current_actor()
    if not actor.is_admin:
        current_store().record(actor, "admin page", outcome="refused", detail=what)
        abort(404)


def _clean(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None


# --------------------------------------------------------------------------
# Accounts


@web.route("/admin/accounts")
def accounts() -> Any:
    from ...store.users import list_users

    _readers_only("accounts")
    found = list_users(current_store(), actor=current_actor())
    return render_template("admin/accounts.html", accounts=found, roles=ROLE_WORDS)


@web.route("/admin/accounts/add", methods=["GET", "POST"])
def add_account() -> Any:
    from ...store.users import add_user

    _admins_only("add an account")
    form = AddAccountForm()
    if form.validate_on_submit():
        try:
            name = add_user(
                current_store(),
                form.name.data,
                form.password.data,
                role=form.role.data,
                team=_clean(form.team.data),
                actor=current_actor(),
            )
        except StoreError as exc:
            _place(form, str(exc))
        else:
            flash(f"Added {name}: give them their password in person.", "success")
            return redirect(url_for("web.accounts"))
    status = 400 if form.errors else 200
    return render_template("admin/add_account.html", form=form, roles=ROLE_WORDS), status


@web.route("/admin/accounts/<path:name>", methods=["GET", "POST"])
def account(name: str) -> Any:
    from ...store.users import disable_user, enable_user, list_users, set_password, set_user

    _admins_only("change an account")
    store, actor = current_store(), current_actor()
    found = next((a for a in list_users(store) if a.name == name), None)
    if found is None:
        abort(404)
    form = AccountForm()
    if request.method == "GET":
        form.role.data = found.role
        form.team.data = found.team or ""
        form.access.data = "disabled" if found.disabled else "enabled"
    elif form.validate_on_submit():
        team = _clean(form.team.data)
        try:
            if form.password.data:
                from ...store.users import check_password

                check_password(form.password.data)
            if form.role.data != found.role or team != found.team:
                if found.name == actor.name and form.role.data != "admin":
                    raise StoreError("you can't take away your own administrator's role: ask another admin")
                set_user(store, name, role=form.role.data, team=team, no_team=team is None, actor=actor)
            if form.access.data == "disabled" and not found.disabled:
                if found.name == actor.name:
                    raise StoreError("you can't disable your own account: ask another admin")
                disable_user(store, name, actor=actor)
            elif form.access.data == "enabled" and found.disabled:
                enable_user(store, name, actor=actor)
            if form.password.data:
                set_password(store, name, form.password.data, actor=actor)
        except StoreError as exc:
            _place(form, str(exc))
        else:
            flash(f"Saved the account of {found.name}.", "success")
            return redirect(url_for("web.accounts"))
    status = 400 if form.errors else 200
    return render_template("admin/account.html", form=form, account=found, roles=ROLE_WORDS), status


def _place(form: Any, message: str) -> None:
    """A store's refusal beside the field it is about."""
    text = message[:1].upper() + message[1:]
    lowered = message.lower()
    for field_name in ("password", "team", "role", "name"):
        if field_name in lowered and field_name in form:
            form[field_name].add_error(text.replace("--role: ", ""))
            return
    form.form_errors.append(text)


# --------------------------------------------------------------------------
# Cases: their teams and who may see them


@web.route("/admin/cases")
def case_access() -> Any:
    _readers_only("cases and teams")
    found = current_store().list("all", actor=current_actor())
    return render_template("admin/cases.html", cases=found)


@web.route("/admin/case", methods=["GET", "POST"])
def case_team() -> Any:
    """Move a case to a team, and restrict it to named people (or lift that)."""
    from ...store import UnknownCaseError
    from ...store.users import list_teams, list_users

    _admins_only("a case's team")
    store, actor = current_store(), current_actor()
    reference = (request.values.get("reference") or "").strip()
    summary = next((c for c in store.list("all", actor=actor, audit=None) if c.reference == reference), None)
    if summary is None:
        abort(404)
    move, restrict = MoveForm(prefix="move"), RestrictForm(prefix="restrict")
    move.team.offer(
        [("", "No team (administrators and auditors only)"), *((t, t) for t in list_teams(store))]
    )
    # administrators and auditors see every case anyway; someone named stays offered
    try:
        named = store.restricted_to(reference, actor=actor)
    except UnknownCaseError:
        abort(404)
    people = [a for a in list_users(store) if a.role in ("practitioner", "manager") and not a.disabled]
    restrict.names.offer([(a.name, a.name) for a in people], keep=named)
    if request.method == "GET":
        move.team.data = summary.team or ""
        restrict.names.data = named
    elif request.form.get("action") == "move" and move.validate_on_submit():
        try:
            store.move_case(reference, move.team.data or None, actor=actor)
        except StoreError as exc:
            move.team.add_error(str(exc))
        else:
            flash(f"{reference} is now in {move.team.data or 'no team'}.", "success")
            return redirect(url_for("web.case_access"))
    elif request.form.get("action") == "restrict" and restrict.validate_on_submit():
        try:
            kept = store.restrict_case(reference, restrict.names.data or None, actor=actor)
        except StoreError as exc:
            restrict.names.add_error(str(exc))
        else:
            said = f"only {', '.join(kept)} (and administrators and auditors)" if kept else "its whole team"
            flash(f"{reference} can now be seen by {said}.", "success")
            return redirect(url_for("web.case_access"))
    status = 400 if (move.errors or restrict.errors) else 200
    return render_template(
        "admin/case.html", case=summary, move=move, restrict=restrict, named=named, reference=reference
    ), status


# --------------------------------------------------------------------------
# The audit


@web.route("/admin/audit")
def audit() -> Any:
    from ..filters import when

    _readers_only("the audit")
    form = AuditFilterForm(formdata=request.args)
    entries: list[Any] = []
    total = 0
    if form.validate():
        since = dt.datetime.combine(form.since.data, dt.time(0), tzinfo=dt.UTC) if form.since.data else None
        found = current_store().audit_entries(
            actor=current_actor(),
            reference=_clean(form.case.data),
            user=_clean(form.user.data),
            since=since,
        )
        total = len(found)
        entries = [
            {
                "at": f"{when(e.at)}:{e.at.second:02d}",
                "user": e.actor,
                "role": AUDIT_ROLES.get(e.role or "none", e.role or ""),
                "via": VIA_WORDS.get(e.via, e.via),
                "address": e.address or "",
                "action": ACTION_WORDS.get(e.action, e.action[:1].upper() + e.action[1:]),
                "case": e.reference or "",
                "version": e.version,
                "outcome": OUTCOME_WORDS.get(e.outcome, e.outcome),
                "refused": e.outcome != "ok",
                "detail": e.detail or "",
            }
            for e in reversed(found[-AUDIT_PAGE:])
        ]
    status = 400 if form.errors else 200
    return render_template(
        "admin/audit.html", form=form, entries=entries, total=total, page=AUDIT_PAGE
    ), status
