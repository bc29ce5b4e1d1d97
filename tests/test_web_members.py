"""A member of the family on the page (``contactplan.web.members``): the
language picker, every mistake at once and each beside its field, in words;
the reader's errors on the field they name; nothing asked that the page can
make up (ids)."""

from __future__ import annotations

from web_support import REF, ClientRequest, address, address_of

from contactplan.store import Store
from contactplan.web.fields import address_parts

ADD = f"/cases/{REF}/members/add"
MAGDA = f"/cases/{REF}/members/magda"


def test_add_a_member_with_the_language_picker(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    found = client_request.submit(
        ADD, {"name": "Rojin Nowak", "find_language": "Kurdish"}, button=("find", "1"), expected=200
    )
    assert "Kurmanji" in found.text and "Sorani" in found.text and "could mean more than one" in found.text
    picked = client_request.submit(
        ADD, {"pick_language": "ckb"}, page=found, button=("add_language", "1"), expected=200
    )
    assert 'value="ckb"' in picked.html and 'value="Rojin Nowak"' in picked.html
    client_request.submit(ADD, {"role": "relative"}, page=picked)
    case, version = store.load(REF)
    rojin = case.members[-1]
    assert version == 2 and (rojin.id, rojin.name, rojin.languages[0].tag) == ("rojin", "Rojin Nowak", "ckb")
    assert store.history(REF)[-1].by == "Jo Smith"
    assert "Rojin Nowak added" in client_request.get(f"/cases/{REF}").text


def test_an_id_is_made_up_never_asked_for(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    page = client_request.get(ADD)
    assert "Short id" not in page.text and not any(name == "id" for name, _ in page.form())
    client_request.submit(ADD, {"name": "Magda Kowalska", "role": "relative", "household": None})
    client_request.submit(ADD, {"name": "Zoë Łukasiewicz", "role": "relative", "household": None})
    ids = [m.id for m in store.load(REF)[0].members]
    assert ids[-2:] == ["magda-2", "zoe"]


def test_the_picker_offers_a_tag_and_an_own_name(client_request: ClientRequest) -> None:
    client_request.import_file()
    for typed, shown in [("pl", "Polish (polski)"), ("polski", "Polish (polski)"), ("Punjabi", "Shahmukhi")]:
        answer = client_request.submit(ADD, {"find_language": typed}, button=("find", "1"), expected=200)
        assert shown in answer.text, typed
    nothing = client_request.submit(ADD, {"find_language": "Qwertyuiop"}, button=("find", "1"), expected=200)
    assert "No language found" in nothing.text


def test_every_mistake_at_once_each_linked_to_its_field_in_words(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    answer = client_request.submit(
        MAGDA,
        {
            "languages-0-tag": "Polish",
            "languages-1-tag": "kurdish",
            "date_of_birth-month": "13",
            "safe_contact-email": "not an address",
            "language_assessment-method": "",
        },
        expected=400,
    )
    summary = answer.summary()
    assert [target for target, _ in summary] == [
        "date_of_birth-day",
        "languages-0-tag",
        "languages-1-tag",
        "safe_contact-email",
        "language_assessment-method",
    ]
    said = " ".join(message for _, message in summary)
    assert "'pl'" in said and "'kmr' (Kurmanji) or 'ckb' (Sorani)" in said
    assert "Date of birth must be a real date" in said
    assert "Members[" not in said and "languages[0]" not in said
    assert "'pl'" in answer.beside("languages-0-tag")
    assert store.load(REF)[1] == 1  # nothing saved


def test_the_readers_error_is_in_words(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    answer = client_request.submit(f"/cases/{REF}/members/kuba", {"role": "sibling"}, expected=400)
    (entry,) = answer.summary()
    assert "Subject child" in entry[1] and "subject_child" not in answer.text
    assert store.load(REF)[1] == 1


def test_a_language_assessment_needs_its_date_and_its_method(client_request: ClientRequest) -> None:
    client_request.import_file()
    answer = client_request.submit(
        f"/cases/{REF}/members/marek", {"language_assessment-method": "self_report"}, expected=400
    )
    assert answer.summary() == [("language_assessment-date-day", "Enter the date of the assessment")]


def test_a_safe_contact_is_kept(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    client_request.submit(
        MAGDA,
        {
            "safe_contact-address-line1": "c/o Example Refuge",
            "safe_contact-address-line2": "PO Box 12",
            "safe_contact-phone": "07700 900123",
            "alleged_perpetrator": None,
        },
    )
    safe = store.load(REF)[0].member("magda").safe_contact
    assert safe is not None and (address_of(safe), safe.phone) == (
        "c/o Example Refuge, PO Box 12",
        "07700 900123",
    )


def test_a_member_form_refuses_what_the_reader_refuses(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    answer = client_request.submit(MAGDA, {"languages-0-tag": "Polish"}, expected=400)
    assert "There is a problem" in answer.text and "'pl'" in answer.text
    bad_date = client_request.submit(MAGDA, {"date_of_birth-month": "13"}, expected=400)
    assert "real date" in bad_date.text
    assert store.load(REF)[1] == 1


def test_the_address_is_its_lines_and_a_postcode(client_request: ClientRequest, store: Store) -> None:
    """An address written as one text is shown as its lines and its postcode;
    a changed one is kept as its lines (the list form, where the case model
    has it); one sent back unchanged stays exactly as written."""
    client_request.import_file()
    page = client_request.get(MAGDA)
    shown = dict(page.form())
    assert (shown["address-line1"], shown["address-line2"], shown["address-postcode"]) == (
        "12 Example Road",
        "Example City",
        "EX2 2BB",
    )
    assert "Address line 1" in page.text and "Postcode (optional)" in page.text
    client_request.submit(MAGDA, {"address-postcode": "EX2 2BC", "address-line3": "Flat 2"})
    magda = store.load(REF)[0].member("magda")
    assert address_of(magda) == "12 Example Road, Example City, Flat 2, EX2 2BC"
    assert address_parts(magda.address) == (["12 Example Road", "Example City", "Flat 2"], "EX2 2BC")
    client_request.submit(MAGDA, address())  # every line emptied
    assert store.load(REF)[0].member("magda").address is None


def test_an_address_as_text_or_as_lines() -> None:
    assert address_parts("1 Road\nTown, EX1 1AA") == (["1 Road", "Town"], "EX1 1AA")
    assert address_parts(["1 Road", "Town", "EX1 1AA"]) == (["1 Road", "Town"], "EX1 1AA")
    assert address_parts("Apt 2, Calle Mayor 5, Madrid") == (["Apt 2", "Calle Mayor 5", "Madrid"], "")
    assert address_parts(["  ", "1 Road"]) == (["1 Road"], "")
    assert address_parts(None) == ([], "")
