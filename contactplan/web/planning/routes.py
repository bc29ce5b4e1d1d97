"""Plan a visit, and accept the proposal."""

from __future__ import annotations

from typing import Any

from flask import request

from ...api import ProposalRefused, accept_proposal, case_data, contact_request, propose_contact
from ...errors import ContactplanError, StartRefused
from ..findings import page_finding, page_words
from ..naming import member_words
from ..pages import Edit, case_page, save, stored, today, web
from .forms import PlanForm


@web.route("/cases/<reference:reference>/plan", methods=["GET", "POST"])
def plan(reference: str) -> Any:
    newest = stored(reference)
    case = newest.case
    form = PlanForm()
    form.start.zone = case.case.timezone
    form.attendees.offer([(m.id, member_words(m, today(case))) for m in case.members])
    context: dict[str, Any] = {"proposal": None, "replanned": None, "refused": None}

    def again(status: int, **extra: Any) -> Any:
        return case_page("planning/plan.html", newest, status, form=form, **context, **extra)

    if request.method == "GET":
        form.version.data = str(newest.version)
        return again(200)
    if not form.validate():
        return again(400)
    if form.start.data is None:
        form.start.add_error("Enter the date and time of the visit, for example 8 12 2026 at 16:00")
        return again(400)
    try:
        wanted = contact_request(
            form.kind.data or "home_visit",
            form.start.data,
            duration_minutes=form.duration_minutes.data or None,
            attendees=form.attendees.data or (),
            practitioner=form.practitioner.data,
            location=(form.location.data or "").strip() or None,
            today=today(case),
        )
    except ContactplanError as exc:
        form.practitioner.add_error(str(exc)[:1].upper() + str(exc)[1:])
        return again(400)
    accept = request.form.get("save") is not None
    if accept and form.base_version() != newest.version:
        # Someone saved since the proposal was made: plan again on the newest
        # version and show it, never add it to an old one.
        context["replanned"] = [h.by for h in reversed(_newer(reference, form.base_version()))][:1]
        form.version.data = str(newest.version)
        accept = False
    try:
        proposal = propose_contact(case, wanted)
    except StartRefused as exc:  # in the past, or someone already elsewhere: said beside the date
        form.start.add_error(str(exc)[:1].upper() + str(exc)[1:])
        return again(400)
    except ContactplanError as exc:
        form.form_errors.append(str(exc)[:1].upper() + str(exc)[1:])
        return again(400)
    context["proposal"] = proposal
    applied = proposal.applied_to(case)
    context["proposal_findings"] = [page_finding(f, applied) for f in proposal.findings]
    context["said"] = {
        name: [page_words(str(text), applied, member_ids=True) for text in getattr(proposal, name)]
        for name in ("explanations", "bookings", "warnings")
    }
    context["unresolved"] = [
        (page_words(u.message, applied, member_ids=True), u.code) for u in proposal.unresolved
    ]
    if not accept:
        return again(409 if context["replanned"] else 200)
    try:
        accepted = accept_proposal(case, proposal)
    except ProposalRefused as refused:  # it would bring an error into the case: nothing is saved
        context["refused"] = [page_finding(f, applied).message for f in refused.findings]
        return again(409)
    new_data = case_data(accepted)
    kind = form.kind.label_of(form.kind.data)
    reason = f"{kind} on {form.start.data:%-d %b %Y} planned with contactplan's proposal"
    return save(newest, Edit(form, lambda _: new_data, reason, again))


def _newer(reference: str, version: int | None) -> list[Any]:
    from ..pages import current_actor, current_store

    entries = current_store().history(reference, changes=False, actor=current_actor(), audit=None)
    return [h for h in entries if version is None or h.version > version]
