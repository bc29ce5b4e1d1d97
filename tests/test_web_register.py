"""The register of interpreters on the web page ("Add an interpreter",
"Change an interpreter", the case page's "Interpreters on the register")
through Flask's test client: saving through the reader and the store, every
refusal beside its field, no lost work, CSRF, and the checks it feeds
(CP104: no registration; CP105: known to the family)."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from web_support import REF, form_fields, import_file, post_form, signed_in, visible
from werkzeug.datastructures import MultiDict

from contactplan.store import Store
from contactplan.web.register import parse_tags

# The fixtures ``store`` (SQLite, two accounts) and ``app`` come from
# tests/web_support.py, loaded for every module by tests/conftest.py.

ADD = f"/cases/{REF}/interpreters/add"
EWA = f"/cases/{REF}/interpreters/int-pl-ewa"

ANNA = {
    "id": "int-anna",
    "name": "Anna Wiśniewska",
    "agency": "Example Language Services",
    "registration": "NRPSI 54321",
    "languages": "pl",
    "gender": "female",
    "email": "anna.w@example-language.co.uk",
    "phone": "01632 960 001",
}


def beside(page: str, field: str) -> str:
    """The error message shown beside a form field (GOV.UK: ``<p id="FIELD-error">``)."""
    found = re.search(rf'<p id="{re.escape(field)}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no error message beside {field}"
    return visible(found[1]).replace("Error:", "").strip()


def summary(page: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found, "no error summary"
    return visible(found[0])


# --------------------------------------------------------------------------
# Adding and changing


def test_add_an_interpreter_and_see_it_on_the_case_page(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    case_page = client.get(f"/cases/{REF}").text
    assert f'href="{ADD}"' in case_page and "Add an interpreter" in case_page
    assert "Interpreters on the register" in case_page and f'href="{EWA}"' in case_page
    answer = post_form(client, ADD, {**ANNA, "known_to": "marek"})
    assert answer.status_code == 302, answer.text
    case, version = store.load(REF)
    anna = case.interpreter("int-anna")
    assert version == 2
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
    assert store.history(REF)[-1].by == "Jo Smith"
    page = visible(client.get(f"/cases/{REF}").text)
    section = page.split("Interpreters on the register", 1)[1].split("Contacts, in time order", 1)[0]
    assert "Anna Wiśniewska" in section and "Polish (polski)" in section and "NRPSI 54321" in section
    assert "Knows Marek Zielinski" in section and "Example Language Services" in section
    assert "interpreter int-anna added" in page and "Saved as version 2" in page


def test_an_interpreter_without_registration_is_shown_as_not_registered(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, ADD, {**ANNA, "registration": "", "agency": "", "email": "", "phone": ""})
    assert answer.status_code == 302, answer.text
    anna = store.load(REF)[0].interpreter("int-anna")
    assert (anna.registration, anna.agency, anna.email, anna.phone) == (None, None, None, None)
    section = visible(client.get(f"/cases/{REF}").text).split("Interpreters on the register", 1)[1]
    assert "Not registered" in section.split("Contacts, in time order", 1)[0]


def test_change_an_interpreter_keeps_what_was_not_changed(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    page = client.get(EWA)
    assert page.status_code == 200 and "Change Ewa Kowalska" in page.text
    assert 'value="pl"' in page.text and 'value="NRPSI 12345"' in page.text
    assert 'name="id"' in page.text and 'id="id"' not in page.text  # the id is fixed: not an input
    answer = post_form(client, EWA, {"agency": "Another Agency Ltd", "languages": "pl, ru"})
    assert answer.status_code == 302, answer.text
    ewa = store.load(REF)[0].interpreter("int-pl-ewa")
    assert ewa.agency == "Another Agency Ltd" and ewa.languages == ["pl", "ru"]
    assert ewa.registration == "NRPSI 12345" and ewa.email == "ewa.k@example-language.co.uk"
    assert ewa.gender == "female"
    assert "interpreter int-pl-ewa changed" in client.get(f"/cases/{REF}").text


def test_the_picker_finds_every_candidate_and_adds_the_one_chosen(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    found = post_form(client, ADD, {"name": "Rojin Ahmed", "find_language": "Kurdish"}, button="find")
    assert found.status_code == 200
    shown = visible(found.text)
    assert "Kurmanji" in shown and "Sorani" in shown and "could mean more than one" in shown
    added = client.post(
        ADD, data=MultiDict([*form_fields(found.text), ("pick_language", "kmr"), ("add_language", "1")])
    )
    assert added.status_code == 200 and 'name="languages" type="text" value="kmr"' in added.text
    assert 'value="Rojin Ahmed"' in added.text  # what was typed is kept
    again = client.post(
        ADD,
        data=MultiDict(
            [(k, v) for k, v in form_fields(added.text) if k != "find_language"]
            + [("find_language", "polski"), ("find", "1")]
        ),
    )
    assert "Polish (polski)" in visible(again.text)
    both = client.post(ADD, data=MultiDict([*form_fields(again.text), ("add_language", "1")]))
    assert 'value="kmr, pl"' in both.text
    assert "Kurmanji" in visible(both.text) and "Polish (polski)" in visible(both.text)
    for typed, words in [
        ("bsl", "British Sign Language is &#39;bfi&#39;"),
        ("Qwertyuiop", "No language found"),
    ]:
        answer = post_form(client, ADD, {"find_language": typed}, button="find")
        assert answer.status_code == 200 and words in answer.text, typed
    empty = post_form(client, ADD, {"find_language": ""}, button="find")
    assert empty.status_code == 200 and "Type a language&#39;s name or its tag" in empty.text
    punjabi = visible(post_form(client, ADD, {"find_language": "Punjabi"}, button="find").text)
    assert "Punjabi" in punjabi and "Shahmukhi" not in punjabi  # an interpreter's languages are spoken


def test_unknown_interpreter_and_case_are_not_found(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    assert client.get(f"/cases/{REF}/interpreters/int-nobody").status_code == 404
    assert client.get("/cases/NO-SUCH-CASE/interpreters/add").status_code == 404


# --------------------------------------------------------------------------
# Refusals: an error summary, the message beside its field, status 400, nothing saved


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("languages", "Polish", "did you mean 'pl'?"),
        ("languages", "pl, Kurdish", "did you mean 'kmr' (Kurmanji) or 'ckb' (Sorani)?"),
        ("languages", "bsl", "British Sign Language is 'bfi'"),
        ("languages", "xx-zz", "no language found by that name or tag"),
        ("languages", "", "Enter at least one language"),
        ("email", "anna.w@", "Enter an email address in the correct format"),
        ("email", "Anna <anna@example.com>", "Enter an email address in the correct format"),
        ("phone", "call the agency", "Enter a telephone number"),
        ("phone", "123", "Enter a telephone number"),
        ("id", "Int Anna!", "Use only small letters"),
        ("id", "", "Enter a short id"),
        ("name", "  ", "Enter the interpreter's name"),
        ("gender", "woman", "Not a valid choice"),
        ("known_to", "nobody", "Choose from the list"),
    ],
)
def test_a_bad_value_is_refused_beside_its_field(
    app: Flask, store: Store, field: str, typed: str, words: str
) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, ADD, {**ANNA, field: typed})
    assert answer.status_code == 400, answer.text
    assert "There is a problem" in answer.text
    assert words in summary(answer.text)
    assert words in beside(answer.text, field)
    if field not in {"gender", "known_to"}:
        assert f'value="{html.escape(typed, quote=True)}"' in answer.text.replace("&#34;", "&quot;")
    assert store.load(REF)[1] == 1  # nothing saved


def test_near_misses_are_taken(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(
        client,
        ADD,
        {
            **ANNA,
            "languages": "PL, sgn-GB, pl",
            "email": " anna.w@example-language.co.uk ",
            "phone": "+44 (0)1632 960001 ext 22",
        },
    )
    assert answer.status_code == 302, answer.text
    anna = store.load(REF)[0].interpreter("int-anna")
    assert anna.languages == ["pl", "bfi"] and anna.email == "anna.w@example-language.co.uk"
    assert anna.phone == "+44 (0)1632 960001 ext 22"


def test_parse_tags() -> None:
    assert parse_tags(" pl , ckb,, ") == ["pl", "ckb"]
    assert parse_tags("") == []
    with pytest.raises(ValueError, match="did you mean 'pl'"):
        parse_tags("Polish")


def test_an_id_already_used_is_refused(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, ADD, {**ANNA, "id": "int-pl-ewa"})
    assert answer.status_code == 400
    assert "already used" in summary(answer.text) and "already used" in beside(answer.text, "id")
    assert store.load(REF)[1] == 1


def test_an_interpreters_id_can_not_be_changed(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, EWA, {"id": "int-ewa-k", "agency": "Another Agency Ltd"})
    assert answer.status_code == 400
    assert "an interpreter's id can't be changed once saved" in html.unescape(answer.text)
    case, version = store.load(REF)
    assert version == 1 and case.interpreter("int-pl-ewa").agency == "Example Language Services"


def test_every_form_needs_its_csrf_token(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    for path in [ADD, EWA]:
        answer = client.post(path, data={**ANNA, "id": "int-x", "save": "1"})
        assert answer.status_code == 400, path
        assert "Your form expired" in answer.text
    assert store.load(REF)[1] == 1


# --------------------------------------------------------------------------
# No lost work


def test_someone_else_saved_first_the_form_comes_back_with_the_input_kept(app: Flask, store: Store) -> None:
    jo = signed_in(app, "Jo Smith")
    sam = signed_in(app, "Sam Patel")
    import_file(jo)
    jo_page = jo.get(EWA)
    assert post_form(sam, EWA, {"registration": "NRPSI 99999"}).status_code == 302
    fields = [(k, v) for k, v in form_fields(jo_page.text) if k not in {"agency", "languages"}]
    fields += [("agency", "Jo's Agency"), ("languages", "pl, ru"), ("save", "1")]
    clash = jo.post(EWA, data=MultiDict(fields))
    assert clash.status_code == 409
    assert "Someone else saved this case first" in clash.text and "Sam Patel" in clash.text
    assert "interpreter int-pl-ewa changed (registration)" in clash.text
    assert 'value="Jo&#39;s Agency"' in clash.text and 'value="pl, ru"' in clash.text  # Jo's input kept
    assert 'name="version" value="2"' in clash.text
    assert store.load(REF)[0].interpreter("int-pl-ewa").agency == "Example Language Services"
    again = jo.post(EWA, data=MultiDict([*form_fields(clash.text), ("save", "1")]))
    assert again.status_code == 302, again.text
    ewa = store.load(REF)[0].interpreter("int-pl-ewa")
    assert (ewa.agency, ewa.languages) == ("Jo's Agency", ["pl", "ru"])
    assert ewa.registration == "NRPSI 12345"  # Jo's form, saved on top of Sam's version, as shown
    assert [h.by for h in store.history(REF)] == ["Jo Smith", "Sam Patel", "Jo Smith"]


# --------------------------------------------------------------------------
# The checks it feeds


def codes_at(store: Store, contact: str) -> set[str]:
    return {f.code for f in store.findings(REF) if f.contact == contact and not f.acknowledged}


def test_findings_change_with_the_register(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    anna = f"/cases/{REF}/interpreters/int-anna"
    assert post_form(client, ADD, {**ANNA, "registration": ""}).status_code == 302
    # the planned visit: Anna interprets for Magda instead of her daughter
    used = post_form(client, f"/cases/{REF}/contacts/hv-02", {"interpreting-0-who": "int:int-anna"})
    assert used.status_code == 302, used.text
    assert "CP104" in codes_at(store, "hv-02") and "CP101" not in codes_at(store, "hv-02")
    assert "CP104" in visible(client.get(f"/cases/{REF}").text)
    registered = post_form(client, anna, {"registration": "NRPSI 54321"})
    assert registered.status_code == 302
    assert "CP104" not in codes_at(store, "hv-02") and "CP105" not in codes_at(store, "hv-02")
    known = post_form(client, anna, {"known_to": "magda"})
    assert known.status_code == 302
    assert "CP105" in codes_at(store, "hv-02")
    assert "CP105 interpreter-known-to-family" in visible(client.get(f"/cases/{REF}").text)
    page = client.get(anna).text  # unticked: a browser sends nothing for it
    unknown = client.post(
        anna, data=MultiDict([(k, v) for k, v in form_fields(page) if k != "known_to"] + [("save", "1")])
    )
    assert unknown.status_code == 302 and "CP105" not in codes_at(store, "hv-02")
