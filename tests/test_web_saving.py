"""Saving, as every form of the page does it (``contactplan.web.pages.save``):
no colleague's change is ever lost (changes made meanwhile are put together
key by key; where both changed the same thing the page shows both values
and the user chooses); a save that adds an error says so first; a form
without its version is refused; a case closed meanwhile keeps the input and
offers to reopen it; a form sent back unchanged writes no version."""

from __future__ import annotations

from typing import Any

import pytest
from web_support import REF, ClientRequest, Page, address, address_of

from contactplan.store import Store
from contactplan.web.merge import merge

MAGDA = f"/cases/{REF}/members/magda"
HV02 = f"/cases/{REF}/contacts/hv-02"


def history(store: Store) -> list[tuple[str, list[str]]]:
    return [(h.by, h.changes) for h in store.history(REF)]


# --------------------------------------------------------------------------
# Two people at once


def test_changes_to_different_fields_are_both_kept(client_request: ClientRequest, store: Store) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    opened = jo.get(MAGDA)
    sam.submit(MAGDA, address("3 Other Street, Example City"))
    done = jo.submit(MAGDA, {"languages-1-reads": "conversational"}, page=opened)
    assert done.location == f"/cases/{REF}"
    magda = store.load(REF)[0].member("magda")
    assert address_of(magda) == "3 Other Street, Example City"  # Sam's change kept
    assert magda.languages[1].reads == "conversational"  # and Jo's
    # the history blames each for their own change only
    assert history(store)[1:] == [
        ("Sam Patel", ["member magda changed (address)"]),
        ("Jo Smith", ["member magda changed (languages)"]),
    ]
    page = jo.get(f"/cases/{REF}")
    assert "Changes saved meanwhile by others are kept" in page.text
    assert "Magda Nowak: languages changed" in page.text and "Magda Nowak: address changed" in page.text


def test_the_same_field_shows_both_values_and_saves_the_one_chosen(
    client_request: ClientRequest, store: Store
) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    for number, choice in ((1, "mine"), (2, "theirs")):
        sams, jos = f"{number} Sam Street", f"{number} Jo Street"
        opened = jo.get(MAGDA)
        sam.submit(MAGDA, address(sams))
        before = store.load(REF)[1]
        clash = jo.submit(MAGDA, {**address(jos), "name": "Magda Nowak-Kowal"}, page=opened, expected=409)
        assert "Sam Patel changed the same thing" in clash.text
        assert "Magda Nowak: address (for letters)" in clash.text
        assert f"Keep Sam Patel's: {sams}" in clash.text and f"Use yours: {jos}" in clash.text
        assert "Magda Nowak: address changed" in clash.text  # what they changed, in words
        assert store.load(REF)[1] == before  # nothing saved yet
        key = "choose-members/magda/address"
        jo.submit(MAGDA, {key: choice}, page=clash)
        magda = store.load(REF)[0].member("magda")
        assert address_of(magda) == (jos if choice == "mine" else sams)
        assert magda.name == "Magda Nowak-Kowal"  # Jo's other change kept either way
        jo.submit(MAGDA, {"name": "Magda Nowak"})


def test_a_value_shown_before_someone_else_saved_is_never_sent_back(
    client_request: ClientRequest, store: Store
) -> None:
    """The bug of issue 22: Jo's form still held the old address, Jo saved
    again as told, and the old address silently overwrote Priya's."""
    jo = client_request
    jo.import_file()
    priya = jo.as_user("Sam Patel")
    opened = jo.get(MAGDA)
    priya.submit(MAGDA, address("New address after the move"))
    jo.submit(MAGDA, {"language_assessment-method": "professional_interpreter"}, page=opened)
    # and again, from the very same old page (a second tab, the back button)
    jo.submit(MAGDA, {"language_assessment-by": "Jo Smith"}, page=opened)
    magda = store.load(REF)[0].member("magda")
    assert address_of(magda) == "New address after the move"
    assert magda.language_assessment is not None
    assert (magda.language_assessment.method, magda.language_assessment.by) == (
        "professional_interpreter",
        "Jo Smith",
    )


def test_an_item_removed_meanwhile_is_a_choice_too(client_request: ClientRequest, store: Store) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    path = f"/cases/{REF}/letters/inv-hv-02/edit"
    opened = jo.get(path)
    sam.submit(f"/cases/{REF}/letters/inv-hv-02/remove", {"reason": "sent by hand instead"})
    clash = jo.submit(path, {"languages": ""}, page=opened, expected=409)
    assert "Removed" in clash.text
    jo.submit(path, {"choose-letters/inv-hv-02": "theirs"}, page=clash)
    assert "inv-hv-02" not in {x.id for x in store.load(REF)[0].letters}


def test_two_contacts_added_at_once_on_the_same_day_are_both_kept(
    client_request: ClientRequest, store: Store
) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    add = f"/cases/{REF}/contacts/add"
    new = {
        "start-day": "9",
        "start-month": "12",
        "start-year": "2026",
        "start-time": "10:00",
        "kind": "office_visit",
    }
    opened = jo.get(add)
    sam.submit(add, {**new, "title": "Sam's visit"})
    jo.submit(add, {**new, "title": "Jo's visit"}, page=opened)
    titles = sorted(c.title or "" for c in store.load(REF)[0].contacts if c.start.day == 9)
    assert titles == ["Jo's visit", "Sam's visit"]


def test_merge_of_plain_data() -> None:
    base = {
        "case": {"reference": "R", "agency": {"name": "A", "phone": "1"}},
        "members": [{"id": "a", "x": 1, "y": 1}],
        "acknowledged": [{"code": "CP101"}],
    }
    theirs = {
        "case": {"reference": "R", "agency": {"name": "A", "phone": "2"}},
        "members": [{"id": "a", "x": 2, "y": 1}],
        "acknowledged": [{"code": "CP101"}, {"code": "CP204"}],
    }
    mine = {
        "case": {"reference": "R", "agency": {"name": "B", "phone": "1"}},
        "members": [{"id": "a", "x": 1, "y": 3}, {"id": "b"}],
        "acknowledged": [{"code": "CP101"}, {"code": "CP404"}],
    }
    merged, clashes = merge(base, theirs, mine)
    assert clashes == []
    assert merged == {
        "case": {"reference": "R", "agency": {"name": "B", "phone": "2"}},
        "members": [{"id": "a", "x": 2, "y": 3}, {"id": "b"}],
        "acknowledged": [{"code": "CP101"}, {"code": "CP204"}, {"code": "CP404"}],
    }
    clash_mine = {**mine, "members": [{"id": "a", "x": 5, "y": 1}]}
    merged, clashes = merge(base, theirs, clash_mine)
    assert [(c.path, c.theirs, c.mine) for c in clashes] == [(("members", "a", "x"), 2, 5)]
    assert merged["members"] == [{"id": "a", "x": 2, "y": 1}]  # theirs until chosen
    merged, clashes = merge(base, theirs, clash_mine, {"members/a/x": "mine"})
    assert clashes == [] and merged["members"] == [{"id": "a", "x": 5, "y": 1}]


# --------------------------------------------------------------------------
# A save that adds an error


def sibling_interprets(client_request: ClientRequest, page: Page | None = None, **more: Any) -> Page:
    return client_request.submit(
        f"/cases/{REF}/contacts/add",
        {
            "kind": "phone_call",
            "start-day": "9",
            "start-month": "12",
            "start-year": "2026",
            "start-time": "17:00",
            "duration_minutes": "30",
            "attendees": ["magda"],
            "interpreting-0-for": ["magda"],
            "interpreting-0-language": "pl",
            "interpreting-0-by": "zosia",
            "interpreting-0-status": "confirmed",
            **more,
        },
        page=page,
        expected=None,
    )


def test_a_save_that_adds_an_error_asks_first(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    asked = sibling_interprets(client_request)
    assert asked.status == 200
    assert "This adds an error" in asked.text
    assert (
        "Zosia Nowak (sibling, aged 7) interprets for Magda Nowak at the phone call on 9 Dec 2026"
        in asked.text
    )
    assert "Success" not in asked.text
    assert store.load(REF)[1] == 1  # nothing saved yet
    # "Change it": the form again, with everything typed
    back = client_request.submit(
        f"/cases/{REF}/contacts/add", page=asked, button=("change_it", "1"), form=-1, expected=200
    )
    assert back.html.count('value="17:00"') == 1 and "Add a contact" in back.text
    assert store.load(REF)[1] == 1
    # "Save anyway": saved, and said so without a green "Success"
    saved = client_request.submit(f"/cases/{REF}/contacts/add", page=asked, button=("save", "anyway"))
    case = client_request.get(saved.location)
    assert "Success" not in case.text and "govuk-notification-banner--success" not in case.html
    assert "Saved with 1 new error: Zosia Nowak (sibling, aged 7) interprets for Magda Nowak" in case.text
    assert store.load(REF)[1] == 2


def test_a_save_that_adds_no_error_is_a_success_only_when_the_case_has_none(
    client_request: ClientRequest, store: Store
) -> None:
    from web_support import ROOT

    client_request.import_file(ROOT / "examples" / "akhtar-haddad-family.yaml")
    reference = "CP-2026-0311"
    case = store.load(reference)[0]
    if any(f.severity == "error" and not f.acknowledged for f in store.findings(reference)):
        pytest.fail("the good example has errors: this test needs a case without")
    member = case.members[0].id
    client_request.submit(f"/cases/{reference}/members/{member}", address("1 New Road"))
    page = client_request.get(f"/cases/{reference}")
    assert "govuk-notification-banner--success" in page.html and "The checks found no errors" in page.text
    client_request.import_file()
    client_request.submit(MAGDA, address("1 New Road"))
    page = client_request.get(f"/cases/{REF}")
    assert "govuk-notification-banner--success" not in page.html
    assert "The case has 9 errors to put right" in page.text


# --------------------------------------------------------------------------
# Refused or unchanged


def test_a_form_without_its_version_is_refused(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    for version in (None, "", "x", "99"):
        answer = client_request.submit(MAGDA, {"version": version, **address("Somewhere else")}, expected=400)
        assert "sent without the version of the case" in answer.text
        assert "Somewhere else" in answer.html  # what was typed is kept
    assert store.load(REF)[1] == 1


def test_a_form_sent_back_unchanged_writes_no_version(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    answer = client_request.submit(HV02)
    assert answer.location == f"/cases/{REF}"
    assert store.load(REF)[1] == 1
    assert "Nothing changed, so nothing was saved" in client_request.get(answer.location).text


def test_a_changed_contact_moves_its_calendar_sequence_on_once(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    client_request.submit(HV02, {"location": "The family's new flat"})
    assert store.load(REF)[0].contact("hv-02").sequence == 1
    client_request.submit(HV02)
    assert store.load(REF)[0].contact("hv-02").sequence == 1 and store.load(REF)[1] == 2
    client_request.submit(HV02, {"duration_minutes": "75"})
    assert store.load(REF)[0].contact("hv-02").sequence == 2


def test_a_case_closed_meanwhile_keeps_the_input_and_offers_to_reopen(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    opened = client_request.get(MAGDA)
    store.close_case(REF, "Sam Patel", "family moved out of the area")
    answer = client_request.submit(MAGDA, address("A refuge, somewhere safe"), page=opened, expected=409)
    assert "Sam Patel closed this case" in answer.text and "family moved out of the area" in answer.text
    assert 'value="A refuge, somewhere safe"' in answer.html or "A refuge, somewhere safe" in answer.html
    assert "Reopen the case and save" in answer.text
    assert store.load_stored(REF).status == "closed"
    reopened = client_request.submit(MAGDA, page=answer, form=-2)
    assert reopened.location == f"/cases/{REF}"
    current = store.load_stored(REF)
    assert current.status == "open" and address_of(current.case.member("magda")) == "A refuge, somewhere safe"
    assert [h.action for h in store.history(REF)] == ["created", "closed", "reopened", "saved"]
