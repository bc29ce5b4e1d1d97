"""Record what happened (``contactplan.web.outcomes``): the question flow
for a contact whose start has passed, on the day after it and a month later."""

from __future__ import annotations

import datetime as dt

import pytest
from web_support import GOOD, REF, ClientRequest, Page

from contactplan import clock
from contactplan.api import check_case
from contactplan.store import Store

#: The paediatric appointment of the good example: 24 Nov 2026 at 14:00,
#: Kuba 15 minutes alone "with the Polish interpreter", Ewa booked.
PAED = f"/cases/{REF}/outcomes/paed-02"
DAY_AFTER = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
MONTH_LATER = dt.datetime(2026, 12, 24, 9, 0, tzinfo=dt.UTC)


def _flow(client_request: ClientRequest, answers: dict[str, object], *, held: bool = True) -> Page:
    """Answer each page of the flow as a user would; return the check page."""
    first = client_request.get(PAED)
    page = client_request.submit(
        PAED, {"status": answers["status"]}, button=("continue", "1"), page=first, expected=200
    )
    if held:
        assert "Who was seen at the Community paediatrician on 24 Nov 2026 at 14:00" in page.text, page.text[
            200:3000
        ]
        details = {k: v for k, v in answers.items() if k != "status"}
        page = client_request.submit(PAED, details, button=("continue", "1"), page=page, expected=200)
    assert "Check your answers" in page.text, page.text[:2000]
    return page


@pytest.mark.parametrize("at", [DAY_AFTER, MONTH_LATER], ids=["day-after", "month-later"])
def test_held_with_time_alone_through_the_booked_interpreter(
    client_request: ClientRequest, store: Store, at: dt.datetime
) -> None:
    client_request.import_file(GOOD)
    with clock.frozen(at):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        today = at.date()
        before = {f.code for f in check_case(store.load_stored(REF).case, today=today)}
        if at == MONTH_LATER:
            assert "CP504" in before  # the outcome was never recorded
        check = _flow(
            client_request,
            {
                "status": "held",
                "seen": ["magda", "kuba"],
                "alone_0": "yes",
                "minutes_0": "15",
                "through_0": "int-pl-ewa",
                "came_0": "yes",
            },
        )
        text = check.text
        assert "It happened (held)" in text and "Seen Magda Nowak, Kuba Nowak" in text
        assert "Kuba Nowak seen alone Yes, for 15 minutes, through Ewa Kowalska" in text
        done = client_request.submit(PAED, page=check)
        assert done.location == f"/cases/{REF}"
        contact = store.load_stored(REF).case.contact("paed-02")
        assert contact.status == "held" and contact.seen == ["magda", "kuba"]
        assert [(s.child, s.duration_minutes, s.interpreter) for s in contact.seen_alone] == [
            ("kuba", 15, "int-pl-ewa")
        ]
        after = check_case(store.load_stored(REF).case, today=today)
        assert not [f for f in after if f.code == "CP504" and f.contact == "paed-02"]
        history = store.history(REF)[-1]
        assert history.by == "Jo Smith" and (history.reason or "").startswith(
            "Community paediatrician on 24 Nov 2026: held"
        )


def test_was_not_brought_records_no_time_alone(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file(GOOD)
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        check = _flow(client_request, {"status": "was_not_brought"}, held=False)
        assert "None is recorded: the contact did not happen" in check.text
        asks = client_request.submit(PAED, page=check, expected=200)
        # a second missed health appointment: the page says what it brings first
        assert "This adds an error" in asks.text
        done = client_request.submit(PAED, page=asks, button=("save", "anyway"))
        assert done.location == f"/cases/{REF}"
    contact = store.load_stored(REF).case.contact("paed-02")
    assert contact.status == "was_not_brought"
    assert contact.seen is None and contact.seen_alone == []


def test_not_seen_alone_needs_a_reason_and_every_error_at_once(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file(GOOD)
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        first = client_request.get(PAED)
        details = client_request.submit(
            PAED, {"status": "held"}, button=("continue", "1"), page=first, expected=200
        )
        wrong = client_request.submit(
            PAED, {"seen": ["kuba"], "alone_0": "no"}, button=("continue", "1"), page=details, expected=400
        )
        assert [m for _, m in wrong.summary()] == [
            "Say why Kuba was not seen alone",
            "Say whether Ewa Kowalska came",
        ]
        assert wrong.beside("why_not_0") == "Say why Kuba was not seen alone"
        # the interpreter who didn't come can't have interpreted
        wrong = client_request.submit(
            PAED,
            {"alone_0": "yes", "minutes_0": "10", "through_0": "int-pl-ewa", "came_0": "no"},
            button=("continue", "1"),
            page=wrong,
            expected=400,
        )
        assert wrong.beside("through_0") == "Ewa Kowalska did not come: choose who interpreted"
        check = client_request.submit(
            PAED,
            {"alone_0": "no", "why_not_0": "He was asleep", "came_0": "no", "through_0": ""},
            button=("continue", "1"),
            page=wrong,
            expected=200,
        )
        assert "Kuba Nowak seen alone No: He was asleep" in check.text
        assert "Ewa Kowalska (Polish interpreter) Did not come" in check.text
        asks = client_request.submit(PAED, page=check, expected=200)
        assert "This adds" in asks.text, asks.text
        client_request.submit(PAED, page=asks, button=("save", "anyway"))
    contact = store.load_stored(REF).case.contact("paed-02")
    assert contact.seen_alone == [] and contact.interpreting[0].status == "cancelled"
    assert "Kuba Nowak not seen alone: He was asleep" in (store.history(REF)[-1].reason or "")


def test_change_an_answer_from_check_your_answers(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file(GOOD)
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        check = _flow(client_request, {"status": "cancelled"}, held=False)
        back = client_request.submit(PAED, page=check, button=("change", "what"), expected=200)
        assert (
            back.form()
            and "What happened at the Community paediatrician on 24 Nov 2026 at 14:00?" in back.text
        )
        check = client_request.submit(
            PAED, {"status": "no_access"}, button=("continue", "1"), page=back, expected=200
        )
        assert "No access" in check.text
        client_request.submit(PAED, page=check)
    assert store.load_stored(REF).case.contact("paed-02").status == "no_access"


def test_a_contact_still_to_come_has_no_outcome_yet(client_request: ClientRequest) -> None:
    client_request.import_file(GOOD)
    page = client_request.get(f"/cases/{REF}/outcomes/hv-02", expected=409)
    assert "has not started yet" in page.text
    client_request.get(f"/cases/{REF}/outcomes/nothing-here", expected=404)


def test_a_started_contact_s_form_points_to_record_what_happened(client_request: ClientRequest) -> None:
    client_request.import_file(GOOD)
    later = client_request.get(f"/cases/{REF}/contacts/hv-02")
    assert "This contact has started" not in later.text
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        page = client_request.get(f"/cases/{REF}/contacts/paed-02")
        assert "This contact has started: this page changes what was planned" in page.text
        assert f'href="/cases/{REF}/outcomes/paed-02">record what happened</a>' in page.html
