"""The case's register of interpreters on the page
(``contactplan.web.register``): adding and changing one, every refusal
beside its field, the language picker (spoken languages only), and the
checks it feeds (CP104: no registration; CP105: known to the family)."""

from __future__ import annotations

import pytest
from web_support import REF, ClientRequest

from contactplan.store import Store
from contactplan.web.picker import parse_tags

ADD = f"/cases/{REF}/interpreters/add"
EWA = f"/cases/{REF}/interpreters/int-pl-ewa"

ANNA = {
    "name": "Anna Wiśniewska",
    "agency": "Example Language Services",
    "registration": "NRPSI 54321",
    "languages": "pl",
    "gender": "female",
    "email": "anna.w@example-language.co.uk",
    "phone": "01632 960 001",
}


def test_add_an_interpreter_and_see_it_on_the_case_page(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    case_page = client_request.get(f"/cases/{REF}")
    assert f'href="{ADD}"' in case_page.html and f'href="{EWA}"' in case_page.html
    client_request.submit(ADD, {**ANNA, "known_to": ["marek"]})
    case, version = store.load(REF)
    anna = case.interpreters[-1]
    assert version == 2 and anna.id == "int-anna-wisniewska"
    assert (anna.name, anna.agency, anna.registration, anna.languages, anna.gender) == (
        "Anna Wiśniewska",
        "Example Language Services",
        "NRPSI 54321",
        ["pl"],
        "female",
    )
    assert (anna.email, anna.phone, anna.known_to) == (
        "anna.w@example-language.co.uk",
        "01632 960 001",
        ["marek"],
    )
    page = client_request.get(f"/cases/{REF}").text
    section = page.split("Interpreters on the register", 1)[1].split("Contacts, in time order", 1)[0]
    assert "Anna Wiśniewska" in section and "Polish (polski)" in section and "NRPSI 54321" in section
    assert "Knows Marek Zielinski" in section and "Example Language Services" in section


def test_an_interpreter_without_registration_is_shown_as_not_registered(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    client_request.submit(ADD, {**ANNA, "registration": "", "agency": "", "email": "", "phone": ""})
    anna = store.load(REF)[0].interpreters[-1]
    assert (anna.registration, anna.agency, anna.email, anna.phone) == (None, None, None, None)
    page = client_request.get(f"/cases/{REF}").text
    assert (
        "Not registered"
        in page.split("Interpreters on the register", 1)[1].split("Contacts, in time order", 1)[0]
    )


def test_change_an_interpreter_keeps_what_was_not_changed(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    page = client_request.get(EWA)
    assert (
        "Change Ewa Kowalska" in page.text
        and 'value="pl"' in page.html
        and 'value="NRPSI 12345"' in page.html
    )
    client_request.submit(EWA, {"agency": "Another Agency Ltd", "languages": "pl, ru"})
    ewa = store.load(REF)[0].interpreter("int-pl-ewa")
    assert ewa.agency == "Another Agency Ltd" and ewa.languages == ["pl", "ru"]
    assert (
        ewa.registration == "NRPSI 12345"
        and ewa.email == "ewa.k@example-language.co.uk"
        and ewa.gender == "female"
    )
    assert (
        "Interpreter Ewa Kowalska: agency, languages they interpret changed"
        in client_request.get(f"/cases/{REF}").text
    )


def test_the_picker_finds_every_candidate_and_adds_the_one_chosen(client_request: ClientRequest) -> None:
    client_request.import_file()
    found = client_request.submit(
        ADD, {"name": "Rojin Ahmed", "find_language": "Kurdish"}, button=("find", "1"), expected=200
    )
    assert "Kurmanji" in found.text and "Sorani" in found.text and "could mean more than one" in found.text
    added = client_request.submit(
        ADD, {"pick_language": "kmr"}, page=found, button=("add_language", "1"), expected=200
    )
    assert 'name="languages" type="text" value="kmr"' in added.html and 'value="Rojin Ahmed"' in added.html
    again = client_request.submit(
        ADD, {"find_language": "polski"}, page=added, button=("find", "1"), expected=200
    )
    assert "Polish (polski)" in again.text
    both = client_request.submit(ADD, page=again, button=("add_language", "1"), expected=200)
    assert 'value="kmr, pl"' in both.html
    for typed, words in [("bsl", "British Sign Language is 'bfi'"), ("Qwertyuiop", "No language found")]:
        answer = client_request.submit(ADD, {"find_language": typed}, button=("find", "1"), expected=200)
        assert words in answer.text, typed
    empty = client_request.submit(ADD, {"find_language": ""}, button=("find", "1"), expected=200)
    assert "Type a language's name or its tag" in empty.text
    punjabi = client_request.submit(
        ADD, {"find_language": "Punjabi"}, button=("find", "1"), expected=200
    ).text
    assert "Punjabi" in punjabi and "Shahmukhi" not in punjabi  # an interpreter's languages are spoken


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("languages", "Polish", "did you mean 'pl'?"),
        (
            "languages",
            "pl, Kurdish",
            "did you mean 'kmr' (Kurmanji) or 'ckb' (Sorani) or 'sdh' (Southern Kurdish)?",
        ),
        ("languages", "bsl", "British Sign Language is 'bfi'"),
        ("languages", "xx-zz", "no language found by that name or tag"),
        ("languages", "", "Enter at least one language"),
        ("email", "anna.w@", "Enter an email address in the correct format"),
        ("email", "Anna <anna@example.com>", "Enter an email address in the correct format"),
        ("phone", "call the agency", "Enter a telephone number"),
        ("phone", "123", "Enter a telephone number"),
        ("name", "  ", "Enter the interpreter's name"),
        ("gender", "woman", "Choose from the list"),
        ("known_to", "nobody", "Choose from the list"),
    ],
)
def test_a_bad_value_is_refused_beside_its_field(
    client_request: ClientRequest, store: Store, field: str, typed: str, words: str
) -> None:
    client_request.import_file()
    answer = client_request.submit(ADD, {**ANNA, field: typed}, expected=400)
    assert any(words in message for _, message in answer.summary())
    assert words in answer.beside(field)
    assert store.load(REF)[1] == 1  # nothing saved


def test_every_mistake_at_once(client_request: ClientRequest) -> None:
    client_request.import_file()
    answer = client_request.submit(
        ADD, {**ANNA, "name": "", "languages": "Polish", "email": "x@", "phone": "123"}, expected=400
    )
    assert [target for target, _ in answer.summary()] == ["name", "languages", "email", "phone"]


def test_near_misses_are_taken(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    client_request.submit(
        ADD,
        {
            **ANNA,
            "languages": "PL, sgn-GB, pl",
            "email": "anna.w@example-language.co.uk",
            "phone": "+44 (0)1632 960001 ext 22",
        },
    )
    anna = store.load(REF)[0].interpreters[-1]
    assert anna.languages == ["pl", "bfi"] and anna.email == "anna.w@example-language.co.uk"
    assert anna.phone == "+44 (0)1632 960001 ext 22"


def test_parse_tags() -> None:
    assert parse_tags(" pl , ckb,, ") == ["pl", "ckb"]
    assert parse_tags("") == []
    with pytest.raises(ValueError, match="did you mean 'pl'"):
        parse_tags("Polish")


def test_every_form_needs_its_csrf_token(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    for path in [ADD, EWA]:
        answer = client_request.post(path, {**ANNA, "version": "1", "save": "1"}, expected=400)
        assert "Your form expired" in answer.text
    assert store.load(REF)[1] == 1


def codes_at(store: Store, contact: str) -> set[str]:
    return {f.code for f in store.findings(REF) if f.contact == contact and not f.acknowledged}


def test_findings_change_with_the_register(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    client_request.submit(ADD, {**ANNA, "registration": ""})
    anna = f"/cases/{REF}/interpreters/int-anna-wisniewska"
    # the planned visit: Anna interprets for Magda instead of her daughter
    client_request.submit(
        f"/cases/{REF}/contacts/hv-02",
        {"interpreting-0-by": "", "interpreting-0-interpreter": "int-anna-wisniewska"},
    )
    assert "CP104" in codes_at(store, "hv-02") and "CP101" not in codes_at(store, "hv-02")
    client_request.submit(anna, {"registration": "NRPSI 54321"})
    assert "CP104" not in codes_at(store, "hv-02") and "CP105" not in codes_at(store, "hv-02")
    asked = client_request.submit(anna, {"known_to": ["magda"]}, expected=None)
    if asked.status == 200:  # it adds a warning only: no question asked
        client_request.submit(anna, page=asked, button=("save", "anyway"))
    assert "CP105" in codes_at(store, "hv-02")
    assert "Check CP105, interpreter-known-to-family" in client_request.get(f"/cases/{REF}").text
    client_request.submit(anna, {"known_to": None})  # unticked: a browser sends nothing for it
    assert "CP105" not in codes_at(store, "hv-02")
