"""Letters on the page (``contactplan.web.letters``): adding and changing
one, the preview (or the reasons it must not be sent, in words), HTML and PDF."""

from __future__ import annotations

import pytest
from web_support import REF, ClientRequest

from contactplan.store import Store

LETTER = f"/cases/{REF}/letters/inv-hv-02"


def test_an_english_letter_to_someone_who_cant_read_it_is_refused_in_words(
    client_request: ClientRequest,
) -> None:
    client_request.import_file()
    answer = client_request.get(LETTER)
    assert "must not be sent" in answer.text and "CP301" in answer.text
    assert "How to put it right: Leave the letter's languages empty" in answer.text
    assert (
        "--language" not in answer.text
        and "languages:" not in answer.text
        and "contactplan languages" not in answer.text
    )
    assert client_request.client.get(f"{LETTER}/letter.html").status_code == 302


def test_a_polish_letter_previewed_and_downloaded(client_request: ClientRequest) -> None:
    client_request.import_file()
    client_request.submit(f"{LETTER}/edit", {"languages": ""})
    preview = client_request.get(LETTER)
    assert "Polish" in preview.text and "<iframe" in preview.html
    inline = client_request.client.get(f"{LETTER}/letter.html")
    assert inline.status_code == 200 and 'lang="pl"' in inline.text
    assert inline.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "script-src" not in inline.headers["Content-Security-Policy"]
    download = client_request.client.get(f"{LETTER}/letter.html?download=1")
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="CP-2026-0142-inv-hv-02.html"'
    )


def test_a_letter_as_pdf(client_request: ClientRequest) -> None:
    client_request.import_file()
    client_request.submit(f"{LETTER}/edit", {"languages": ""})
    assert "Download as PDF" in client_request.get(LETTER).text
    pdf = client_request.client.get(f"{LETTER}/letter.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert (
        pdf.headers["Content-Type"] == "application/pdf"
        and "attachment" in pdf.headers["Content-Disposition"]
    )


def test_add_a_letter_named_in_words(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    page = client_request.get(f"/cases/{REF}/letters/add")
    assert "Short id" not in page.text and "Home visit on 1 Dec 2026 at 10:00" in page.text
    client_request.submit(
        f"/cases/{REF}/letters/add", {"template": "appointment", "to": "marek", "contact": "hv-02"}
    )
    letter = store.load(REF)[0].letters[-1]
    assert (letter.id, letter.to, letter.contact) == ("inv-hv-02-marek", "marek", "hv-02")
    case = client_request.get(f"/cases/{REF}")
    assert "Appointment letter to Marek Zielinski" in case.text


def test_a_letter_keeps_what_it_follows_up(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    client_request.submit(
        f"/cases/{REF}/letters/add",
        {
            "template": "missed_appointment",
            "to": "magda",
            "contact": "paed-02",
            "follow_up_of": ["paed-01", "paed-02"],
        },
    )
    letter = store.load(REF)[0].letters[-1]
    assert letter.follow_up_of == ["paed-01", "paed-02"]
    client_request.submit(f"/cases/{REF}/letters/{letter.id}/edit")
    assert store.load(REF)[1] == 2  # saved unchanged: no new version


def test_a_letter_without_a_sender_says_where_to_add_one(
    client_request: ClientRequest, tmp_path: object
) -> None:
    from pathlib import Path

    from web_support import FAILURES

    assert isinstance(tmp_path, Path)
    text = FAILURES.read_text()
    start, end = text.index("  agency:\n"), text.index("  lead_practitioner:\n")
    file = tmp_path / "no-sender.yaml"
    file.write_text(text[:start] + text[end:])
    client_request.import_file(file)
    page = client_request.get(LETTER)
    assert "The letter has no sender" in page.text and f'href="/cases/{REF}/settings"' in page.html


@pytest.mark.parametrize("typed", ["Polish", "pl, nonsense-tag-here"])
def test_a_bad_language_is_refused_beside_its_field(client_request: ClientRequest, typed: str) -> None:
    client_request.import_file()
    answer = client_request.submit(f"{LETTER}/edit", {"languages": typed}, expected=400)
    assert answer.summary()[0][0] == "languages"
