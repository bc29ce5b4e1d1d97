"""Propose a whole contact that passes every check (``contactplan plan``).

Given a case and the visit a practitioner wants (:class:`ContactRequest`),
:func:`propose_contact` works out who comes, who interprets for whom in which
language, the time alone with each subject child, how long it must last and
the letters to send, explains each choice in plain words, and runs the checks
on the case with the proposal added to report what it could not avoid.

Nothing here prints, reads or writes files: :func:`contactplan.add_contact_to_file`
adds a proposal to a case file, the command line prints it. :mod:`.request`
holds what is asked and answered, :mod:`.planner` the decisions.
"""

from __future__ import annotations

from ..model import Case
from .planner import Planner
from .request import ContactRequest, Proposal, StartRefused, Unresolved, parse_practitioner

__all__ = [
    "ContactRequest",
    "Proposal",
    "StartRefused",
    "Unresolved",
    "parse_practitioner",
    "propose_contact",
]


def propose_contact(case: Case, request: ContactRequest) -> Proposal:
    """The whole contact ``request`` asks for, planned to pass every check.

    Raises :class:`~contactplan.errors.UsageError` for a request that cannot be
    planned (an unknown kind or member, a malformed id), :class:`StartRefused`
    for a start in the past or at a time when someone of the contact is at
    another one (or when no suitable time is found without a start), and
    :class:`~contactplan.errors.DuplicateIdError` for an id the case already uses.
    """
    return Planner(case, request).propose()
