"""Plan a visit on the page (``contactplan.web.planning``): the proposal
with its reasons in words, accepted in one step; planned again when someone
saved meanwhile; refused when it would add an error."""

from __future__ import annotations

from typing import Any

from web_support import REF, ClientRequest, address, address_of

from contactplan.store import Store

PLAN = f"/cases/{REF}/plan"
WHEN = {"start-day": "8", "start-month": "12", "start-year": "2026", "start-time": "16:00"}


def propose(client: ClientRequest, **more: Any) -> Any:
    return client.submit(PLAN, {**WHEN, **more}, button=("propose", "1"), expected=200)


def test_plan_a_visit_then_accept_it_in_one_step(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    proposed = propose(client_request)
    for text in ["The proposed home visit", "Why", "Ewa Kowalska", "Accept and add to the case"]:
        assert text in proposed.text, text
    why = proposed.text[proposed.text.index("Why") : proposed.text.index("What the checks say")]
    assert "--with" not in why and "int-pl-ewa" not in why and "magda" not in why
    assert store.load(REF)[1] == 1  # nothing saved by proposing
    client_request.submit(PLAN, page=proposed, form=-2, button=("save", "1"))
    case, version = store.load(REF)
    assert version == 2 and any(c.id.startswith("hv-2026-12-08") for c in case.contacts)
    codes = {f.code for f in store.findings(REF) if not f.acknowledged}
    assert "CP201" not in codes  # Kuba is now seen alone with an interpreter


def test_plan_accepted_after_someone_else_saved_is_planned_again(
    client_request: ClientRequest, store: Store
) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    proposed = propose(jo)
    sam.submit(f"/cases/{REF}/members/marek", address("3 Other Street"))
    again = jo.submit(PLAN, page=proposed, form=-2, button=("save", "1"), expected=409)
    assert "Sam Patel saved the case after this visit was proposed" in again.text
    assert "Accept and add to the case" in again.text and store.load(REF)[1] == 2
    jo.submit(PLAN, page=again, form=-2, button=("save", "1"))
    assert address_of(store.load(REF)[0].member("marek")) == "3 Other Street"
    assert store.load(REF)[1] == 3


def test_plan_refusals(client_request: ClientRequest) -> None:
    client_request.import_file()
    untimed = client_request.submit(PLAN, {**WHEN, "start-time": ""}, button=("propose", "1"), expected=400)
    assert "Enter the time" in untimed.text
    bad = client_request.submit(
        PLAN, {**WHEN, "practitioner": "Jo <<bad>>"}, button=("propose", "1"), expected=400
    )
    assert bad.summary()[0][0] == "practitioner"
