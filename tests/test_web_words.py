"""Plain words on the page: no page's visible text holds a case file key, an
option, a command or an id (codes may stay, in small print), for every
example and every page of it; and every rule has a page's own "how to put
it right" (``contactplan.web.findings.PAGE_FIX``), in words."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import msgspec
import pytest
from web_support import FAILURES, ROOT, ClientRequest, address

from contactplan import model
from contactplan.api import load_case, rules
from contactplan.model import Case
from contactplan.store import Store
from contactplan.web.findings import PAGE_FIX, speaks_code

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
COMMANDS = (
    "check",
    "plan",
    "languages",
    "letter",
    "letters",
    "calendar",
    "db",
    "users",
    "serve",
    "explain",
    "rules",
    "translations",
    "due",
    "invite",
    "publish",
)


def snake_words() -> set[str]:
    """Every key of the case file and every value written the file's way with an underscore."""
    words: set[str] = set()
    for struct in (getattr(model, name) for name in dir(model)):
        if isinstance(struct, type) and issubclass(struct, msgspec.Struct):
            words.update(f.encode_name for f in msgspec.structs.fields(struct) if "_" in f.encode_name)
    for name in dir(model):
        literal = getattr(model, name)
        if typing.get_origin(literal) is typing.Literal:
            words.update(str(v) for v in typing.get_args(literal) if "_" in str(v))
    return words


SNAKE = snake_words()


def ids(case: Case) -> set[str]:
    return {
        x.id for section in (case.members, case.interpreters, case.contacts, case.letters) for x in section
    }


def problems(text: str, case: Case | None) -> list[str]:
    found = [w for w in SNAKE if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    found += re.findall(r"--[a-z][a-z-]+", text)
    found += [m for m in re.findall(r"contactplan (\w+)", text) if m in COMMANDS]
    found += ["`"] if "`" in text else []
    if case is not None:
        found += [i for i in ids(case) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    return found


def pages_of(case: Case) -> list[str]:
    base = "/cases/" + case.reference
    return [
        base,
        f"{base}/members/add",
        f"{base}/contacts/add",
        f"{base}/letters/add",
        f"{base}/interpreters/add",
        f"{base}/plan",
        f"{base}/settings",
        *(f"{base}/members/{m.id}" for m in case.members),
        *(f"{base}/members/{m.id}/remove" for m in case.members),
        *(f"{base}/interpreters/{i.id}" for i in case.interpreters),
        *(f"{base}/contacts/{c.id}" for c in case.contacts),
        *(f"{base}/contacts/{c.id}/remove" for c in case.contacts),
        *(f"{base}/letters/{x.id}" for x in case.letters),
        *(f"{base}/letters/{x.id}/edit" for x in case.letters),
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_page_speaks_the_case_file_or_the_command_line(
    client_request: ClientRequest, store: Store, example: Path
) -> None:
    case = load_case(example)
    client_request.import_file(example)
    said: dict[str, list[str]] = {}
    for path in ["/", "/new-case", "/import", *pages_of(case)]:
        page = client_request.get(path)
        text = re.sub(r"(Check )?CP\d{3}(, [a-z-]+)?", "", page.text)  # codes, in small print
        found = problems(text, case)
        if found:
            said[path] = found
    # and the findings with their ways to put them right, and each acknowledgement page
    for finding in store.findings(case.reference):
        if finding.acknowledged:
            continue
        query = f"/cases/{case.reference}/acknowledge?code={finding.code}&member={finding.member or ''}&contact={finding.contact or ''}&letter={finding.letter or ''}"
        page = client_request.get(query, expected=None)
        found = problems(re.sub(r"CP\d{3}", "", page.text), case)
        if found:
            said[query] = found
    assert not said, said


def test_a_proposal_a_conflict_and_an_added_error_speak_plain_words(client_request: ClientRequest) -> None:
    from web_support import FAILURES, REF

    case = load_case(FAILURES)
    client_request.import_file()
    proposal = client_request.submit(
        f"/cases/{REF}/plan",
        {"start-day": "8", "start-month": "12", "start-year": "2026", "start-time": "16:00"},
        button=("propose", "1"),
        expected=200,
    )
    assert not problems(re.sub(r"CP\d{3}", "", proposal.text), case), proposal.text
    asked = client_request.submit(f"/cases/{REF}/contacts/hv-02", {"duration_minutes": "20"}, expected=None)
    assert not problems(re.sub(r"CP\d{3}", "", asked.text), case)
    sam = client_request.as_user("Sam Patel")
    opened = client_request.get(f"/cases/{REF}/members/marek")
    sam.submit(f"/cases/{REF}/members/marek", address("4 Sam Street"))
    clash = client_request.submit(
        f"/cases/{REF}/members/marek", address("5 Jo Street"), page=opened, expected=409
    )
    assert not problems(re.sub(r"CP\d{3}", "", clash.text), case)


def test_every_rule_has_the_pages_own_words() -> None:
    documented = set(re.findall(r"^\| (CP\d{3}) \|", (ROOT / "docs" / "checks.md").read_text(), re.M))
    codes = set(rules()) | documented | {"CP106", "CP206", "CP504", "CP505", "CP902"}  # the 2026-12 rules too
    missing = sorted(codes - set(PAGE_FIX))
    assert not missing, f"no page wording for {missing}: add it to contactplan/web/findings.py PAGE_FIX"
    for code, words in PAGE_FIX.items():
        assert not speaks_code(words), (code, words)
        assert words.endswith(".") and words[:1].isupper(), code


def test_names_that_look_like_regex_replacements_land_as_written() -> None:
    """A name is text, never a replacement template: ``\\1`` or ``\\g<0>``
    in a member's or interpreter's name reached re.sub and gave a server
    error (found by the generated round-trip)."""
    from contactplan.api import load_case
    from contactplan.web.findings import page_words

    case = load_case(FAILURES)
    odd = msgspec.structs.replace(case.members[0], name=r"\1 \g<0>")
    case = msgspec.structs.replace(case, members=[odd, *case.members[1:]])
    said = page_words(f"{odd.id} needs an interpreter", case, member_ids=True)
    assert said.startswith(r"\1 \g<0>")
