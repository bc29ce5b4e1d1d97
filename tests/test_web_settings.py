"""The case's settings on the page (``contactplan.web.settings``): the
sender block of its letters and the lead practitioner, used by letters."""

from __future__ import annotations

from pathlib import Path

from web_support import FAILURES, REF, ClientRequest

from contactplan.store import Store

SETTINGS = f"/cases/{REF}/settings"

SENDER = {
    "agency-name": "Northshire Children's Services",
    "agency-address": "County Hall\nNorthshire NS1 1AA",
    "agency-phone": "01632 960 100",
    "agency-email": "childrens.services@northshire.example",
    "lead_practitioner-name": "Priya Shah",
    "lead_practitioner-role": "Social Worker",
    "lead_practitioner-phone": "01632 960 101",
    "lead_practitioner-email": "priya.shah@northshire.example",
}


def without_sender(tmp_path: Path) -> Path:
    text = FAILURES.read_text()
    start, end = text.index("  agency:\n"), text.index("\nmembers:")
    file = tmp_path / "no-sender.yaml"
    file.write_text(text[:start] + text[end:])
    return file


def test_the_sender_and_the_lead_practitioner_are_set_and_used_by_letters(
    client_request: ClientRequest, store: Store, tmp_path: Path
) -> None:
    client_request.import_file(without_sender(tmp_path))
    assert f'href="{SETTINGS}"' in client_request.get(f"/cases/{REF}").html
    client_request.submit(SETTINGS, SENDER)
    info = store.load(REF)[0].case
    assert info.agency is not None and info.lead_practitioner is not None
    assert (info.agency.name, info.agency.address, info.agency.phone) == (
        "Northshire Children's Services",
        "County Hall\nNorthshire NS1 1AA",
        "01632 960 100",
    )
    assert (info.lead_practitioner.name, info.lead_practitioner.role) == ("Priya Shah", "Social Worker")
    client_request.submit(f"/cases/{REF}/letters/inv-hv-02/edit", {"languages": ""})
    letter = client_request.client.get(f"/cases/{REF}/letters/inv-hv-02/letter.html").get_data(as_text=True)
    assert "Northshire Children" in letter and "01632 960 100" in letter and "Priya Shah" in letter
    assert "no sender" not in client_request.get(f"/cases/{REF}/letters/inv-hv-02").text
    assert (
        "Case settings: service's details, lead practitioner changed"
        in client_request.get(f"/cases/{REF}").text
    )


def test_every_mistake_at_once(client_request: ClientRequest, store: Store, tmp_path: Path) -> None:
    client_request.import_file(without_sender(tmp_path))
    answer = client_request.submit(
        SETTINGS,
        {
            **SENDER,
            "agency-name": "",
            "agency-email": "not an address",
            "lead_practitioner-name": "",
            "lead_practitioner-phone": "ring me",
        },
        expected=400,
    )
    assert [target for target, _ in answer.summary()] == [
        "agency-name",
        "agency-email",
        "lead_practitioner-name",
        "lead_practitioner-phone",
    ]
    assert "Enter the service's name as well" in answer.beside("agency-name")
    assert store.load(REF)[1] == 1


def test_settings_saved_unchanged_write_nothing(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    client_request.submit(SETTINGS)
    assert store.load(REF)[1] == 1
