"""A contact on the page (``contactplan.web.contacts``): when (in the
case's time zone), who is expected, who interprets for whom (the pickers
offer only people who may interpret), time alone, who was seen."""

from __future__ import annotations

from pathlib import Path

from web_support import FAILURES, GOOD, REF, ClientRequest

from contactplan.api import load_case
from contactplan.store import Store

ADD = f"/cases/{REF}/contacts/add"
HV02 = f"/cases/{REF}/contacts/hv-02"
WHEN = {"start-day": "15", "start-month": "12", "start-year": "2026", "start-time": "16:00"}


def options(page_html: str, name: str) -> list[str]:
    import lxml.html

    form = lxml.html.fromstring(page_html).forms[-1]
    (select,) = form.xpath(f'.//select[@name="{name}"]')
    return [str(o.text_content()) for o in select.xpath(".//option")]


def test_a_contact_with_a_sibling_interpreting_is_found_on_save(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file(GOOD)
    reference = load_case(GOOD).reference
    add = f"/cases/{reference}/contacts/add"
    fields = {
        **WHEN,
        "kind": "home_visit",
        "attendees": ["magda"],
        "interpreting-0-for": ["magda"],
        "interpreting-0-language": "pl",
        "interpreting-0-by": "zosia",
        "interpreting-0-status": "confirmed",
    }
    asked = client_request.submit(add, fields, expected=200)
    assert "This adds an error" in asked.text
    client_request.submit(add, page=asked, button=("save", "anyway"))
    contact = store.load(reference)[0].contacts[-1]
    assert contact.id == "hv-2026-12-15"  # made up, as the planner would
    assert any(f.code == "CP101" and f.contact == contact.id for f in store.findings(reference))


def test_a_contact_needs_a_date_and_a_time(client_request: ClientRequest) -> None:
    client_request.import_file()
    late = client_request.submit(ADD, {**WHEN, "start-time": "25:00"}, expected=400)
    assert "24-hour clock" in late.beside("start")
    assert late.summary()[0][0] == "start-time"
    undated = client_request.submit(ADD, {"start-time": "10:00"}, expected=400)
    assert "Enter the date" in undated.text


def test_every_mistake_in_a_contact_at_once(client_request: ClientRequest) -> None:
    client_request.import_file()
    answer = client_request.submit(
        ADD,
        {
            **WHEN,
            "duration_minutes": "ninety",
            "practitioners-0-name": "Jo Smith",
            "practitioners-0-email": "jo at example",
            "interpreting-0-for": ["magda"],
            "interpreting-0-language": "Polish",
        },
        expected=400,
    )
    targets = [target for target, _ in answer.summary()]
    assert targets == ["duration_minutes", "practitioners-0-email", "interpreting-0-language"]


def test_editing_a_contact_keeps_what_the_form_does_not_change(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    client_request.submit(HV02, {"status": "cancelled"})
    contact = store.load(REF)[0].contact("hv-02")
    assert contact.status == "cancelled" and contact.sequence == 1
    assert contact.interpreting and contact.interpreting[0].by == "zosia"  # nothing else lost


def test_practitioners_keep_their_role_and_phone(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    client_request.submit(
        HV02, {"practitioners-0-phone": "01234 567899", "practitioners-0-role": "Senior Social Worker"}
    )
    (jo,) = store.load(REF)[0].contact("hv-02").practitioners
    assert (jo.name, jo.role, jo.email, jo.phone) == (
        "Jo Smith",
        "Senior Social Worker",
        "jo.smith@example.gov.uk",
        "01234 567899",
    )


def test_the_pickers_offer_only_people_who_may_interpret(
    client_request: ClientRequest, tmp_path: Path
) -> None:
    """Never a young child, never the subject child, never an alleged
    perpetrator; and for a child's time alone, never a child at all."""
    text = FAILURES.read_text()
    baby = "  - id: ola\n    name: Ola Nowak\n    role: sibling\n    date_of_birth: 2025-08-01\n"
    uncle = "  - id: piotr\n    name: Piotr Nowak\n    role: relative\n    household: false\n    alleged_perpetrator: true\n"
    file = tmp_path / "family.yaml"
    file.write_text(text.replace("\ninterpreters:", "\n" + baby + uncle + "\ninterpreters:", 1))
    client_request.import_file(file)
    page = client_request.get(ADD).html
    interpreting = options(page, "interpreting-0-by")
    assert any(o.startswith("Magda Nowak") for o in interpreting)
    assert any(
        o.startswith("Zosia Nowak (7)") for o in interpreting
    )  # recorded when it happens: the checks report it
    assert not any(o.startswith(("Ola Nowak", "Kuba Nowak", "Piotr Nowak")) for o in interpreting)
    alone = options(page, "seen_alone-0-by")
    assert any(o.startswith("Magda Nowak") for o in alone)
    assert not any(o.startswith(("Zosia", "Ola", "Kuba", "Piotr")) for o in alone)
    children = options(page, "seen_alone-0-child")
    assert any(o.startswith("Kuba Nowak") for o in children) and not any(
        o.startswith("Ola") for o in children
    )
    # what the record already holds is still shown, so that it is kept
    held = client_request.get(f"/cases/{REF}/contacts/hv-01").html
    assert "Zosia Nowak (7), sibling" in options(held, "interpreting-0-by")


def test_a_time_written_with_an_offset_is_shown_in_the_cases_zone_and_kept(
    client_request: ClientRequest, store: Store, tmp_path: Path
) -> None:
    file = tmp_path / "offset.yaml"
    file.write_text(
        FAILURES.read_text().replace("start: 2026-12-01T10:00", "start: 2026-07-01T10:00:30+00:00", 1)
    )
    client_request.import_file(file)
    page = client_request.get(HV02)
    assert (
        'value="11:00:30"' in page.html
        and 'name="start-month" type="text" inputmode="numeric" value="7"' in page.html
    )
    client_request.submit(HV02)
    assert (
        str(store.load(REF)[0].contact("hv-02").start) == "2026-07-01 10:00:30+00:00"
        and store.load(REF)[1] == 1
    )
    client_request.submit(HV02, {"start-time": "12:00"})
    moved = store.load(REF)[0].contact("hv-02")
    assert moved.start.isoformat() == "2026-07-01T12:00:00" and moved.sequence == 1


def test_who_was_seen_nobody_and_not_recorded_are_told_apart(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    client_request.submit(f"/cases/{REF}/contacts/hv-01", {"seen": ["-none-"]})
    assert store.load(REF)[0].contact("hv-01").seen == []
    client_request.submit(f"/cases/{REF}/contacts/hv-01", {"seen": None})
    assert store.load(REF)[0].contact("hv-01").seen is None
