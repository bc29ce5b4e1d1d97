"""contactplan: language needs, interpreters, translated letters and calendar
entries for child-protection contact plans.

The Python API (:mod:`contactplan.api`) is what the command line and every
other front end use. It never prints and never exits: it raises the
exceptions of :mod:`contactplan.errors`.

    >>> import contactplan
    >>> case = contactplan.load_case("examples/nowak-family-good.yaml")  # doctest: +SKIP
    >>> [f.code for f in contactplan.check_case(case)]  # doctest: +SKIP

Names are imported when first used, so that ``contactplan --version`` and a
one-file check pay only for what they need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "CaseFileError",
    "CheckReport",
    "ConflictError",
    "ContactRequest",
    "ContactplanError",
    "DueReport",
    "DuplicateIdError",
    "FileReport",
    "Finding",
    "LetterRefused",
    "LetterRequest",
    "MemberLanguages",
    "Proposal",
    "RenderedLetter",
    "Store",
    "UsageError",
    "__version__",
    "add_contact_to_file",
    "check_case",
    "check_paths",
    "due_for_case",
    "due_for_cases",
    "due_for_paths",
    "export_calendar",
    "language_needs",
    "load_case",
    "propose_contact",
    "render_letter",
]

#: Where each exported name lives.
_HOMES: dict[str, str] = {
    **dict.fromkeys(
        (
            "CheckReport",
            "DueReport",
            "FileReport",
            "LetterRefused",
            "LetterRequest",
            "MemberLanguages",
            "RenderedLetter",
            "add_contact_to_file",
            "check_case",
            "check_paths",
            "due_for_case",
            "due_for_cases",
            "due_for_paths",
            "export_calendar",
            "language_needs",
            "load_case",
            "propose_contact",
            "render_letter",
        ),
        ".api",
    ),
    **dict.fromkeys(("CaseFileError", "ContactplanError", "DuplicateIdError", "UsageError"), ".errors"),
    "Finding": ".findings",
    "ContactRequest": ".planning",
    "Proposal": ".planning",
    # the shared record: importing it imports SQLAlchemy, so only when used
    "Store": ".store",
    "ConflictError": ".store",
}

if TYPE_CHECKING:
    from .api import (
        CheckReport,
        DueReport,
        FileReport,
        LetterRefused,
        LetterRequest,
        MemberLanguages,
        RenderedLetter,
        add_contact_to_file,
        check_case,
        check_paths,
        due_for_case,
        due_for_cases,
        due_for_paths,
        export_calendar,
        language_needs,
        load_case,
        propose_contact,
        render_letter,
    )
    from .errors import CaseFileError, ContactplanError, DuplicateIdError, UsageError
    from .findings import Finding
    from .planning import ContactRequest, Proposal
    from .store import ConflictError, Store


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'contactplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
