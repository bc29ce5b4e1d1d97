"""Building blocks for the checks' example case files (``example`` and
``fixed`` of each check): a minimal, valid case file, changed in one place.

The examples are checked with ``--today 2026-11-22`` (:data:`EXAMPLE_TODAY`);
a test runs every example (it must give its check's code) and every fixed
version (it must not)."""

from __future__ import annotations

import datetime as dt

#: The date the examples are checked on (``contactplan check --today 2026-11-22``).
EXAMPLE_TODAY = dt.date(2026, 11, 22)

#: A Polish-speaking mother who reads Polish.
MUM = "- {id: mum, name: Ana Example, role: parent, languages: [{tag: pl, speaks: native, reads: fluent}]}"
#: A nine-year-old who speaks and reads English.
KID = (
    "- {id: kid, name: Kit Example, role: subject_child, date_of_birth: 2016-05-01,\n"
    "   languages: [{tag: en, speaks: native, reads: fluent}]}"
)
#: A registered Polish interpreter.
EWA = "- {id: ewa, name: Ewa Example, languages: [pl], gender: female, registration: NRPSI 10001}"
#: The mother's interpreting arrangement, by the registered interpreter.
EWA_FOR_MUM = "{for: [mum], language: pl, interpreter: ewa, status: confirmed}"


def _block(text: str, indent: int) -> str:
    return "\n".join((" " * indent + line) if line else "" for line in text.strip("\n").split("\n"))


def contact(
    *,
    id: str = "hv-1",
    kind: str = "home_visit",
    start: str = "2026-12-01T10:00",
    duration: int = 90,
    status: str = "planned",
    attendees: str = "[mum, kid]",
    interpreting: str | None = EWA_FOR_MUM,
    seen_alone: str | None = "{child: kid}",
    more: str = "",
) -> str:
    """One contact, as a list item: by default the planned home visit of 90
    minutes on 1 Dec 2026, mum interpreted by Ewa, kid seen alone."""
    lines = [f"- id: {id}", f"  kind: {kind}", f"  start: {start}", f"  duration_minutes: {duration}"]
    if status != "planned":
        lines.append(f"  status: {status}")
    lines.append(f"  attendees: {attendees}")
    if interpreting is not None:
        lines.append(f"  interpreting: [{interpreting}]")
    if seen_alone is not None:
        lines.append(f"  seen_alone: [{seen_alone}]")
    text = "\n".join(lines)
    return text + ("\n" + _block(more, 2) if more else "")


def case_file(
    *,
    members: str = MUM + "\n" + KID,
    interpreters: str = EWA,
    contacts: str | None = None,
    letters: str = "",
    top: str = "",
    end: str = "",
) -> str:
    """A whole case file: the members, the register, the contacts (default:
    :func:`contact`), the letters and anything else at the end."""
    parts = ["contactplan: 1", "case: {reference: EX-1}" + ("\n" + top.strip("\n") if top else "")]
    parts.append("members:\n" + _block(members, 2))
    if interpreters:
        parts.append("interpreters:\n" + _block(interpreters, 2))
    chosen = contact() if contacts is None else contacts
    if chosen:
        parts.append("contacts:\n" + _block(chosen, 2))
    if letters:
        parts.append("letters:\n" + _block(letters, 2))
    if end:
        parts.append(end.strip("\n"))
    return "\n".join(parts) + "\n"
