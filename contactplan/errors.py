"""Exceptions the library raises; the command line turns them into messages.

Every error about input names where it is: the file, the line and the field,
so that ``str(error)`` reads ``case.yaml:14: members[1].languages[0].tag:
unknown language 'zz' (did you mean 'pl'?)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Contact


class ContactplanError(Exception):
    """Base class of every error contactplan raises on purpose."""


class CaseFileError(ContactplanError):
    """A case file that cannot be read or is not a valid case file."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        from .wording import shown_path  # a file name with a line break can't forge a line

        file = shown_path(self.file)
        where = file if self.line is None else f"{file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {what}{hint}"


class UnknownLanguageError(ContactplanError, ValueError):
    """A text that is not a valid BCP 47 language tag."""

    def __init__(self, text: str, suggestion: str | None = None) -> None:
        self.text = text
        self.suggestion = suggestion
        message = f"unknown language {text!r}"
        super().__init__(message)

    @property
    def hint(self) -> str | None:
        return f"did you mean {self.suggestion!r}?" if self.suggestion else None


class UsageError(ContactplanError):
    """A request the library cannot carry out as asked (an unknown id, a bad option value)."""


class StartRefused(UsageError):
    """A start the planner will not plan at: in the past, or when a family
    member or practitioner of the contact is already at another contact of
    the case. The message is in plain words (the web page shows it beside
    the date); ``clashes`` are the contacts in the way."""

    def __init__(self, message: str, clashes: tuple[Contact, ...] = ()) -> None:
        self.clashes = clashes
        super().__init__(message)


class OutputError(ContactplanError):
    """An output file that could not be written."""


class DuplicateIdError(UsageError):
    """An id that is already used in the case file (``contactplan plan --id``)."""


class MissingExtraError(ContactplanError):
    """A command needs an optional extra that is not installed
    (:mod:`contactplan.extras`)."""

    def __init__(self, extra: str, purpose: str, module: str | None = None) -> None:
        self.extra = extra
        self.module = module
        missing = f" (the module {module!r} is missing)" if module else ""
        super().__init__(f"{purpose} needs the {extra} extra: pip install 'contactplan[{extra}]'{missing}")


class PdfRefused(ContactplanError):
    """A letter not written as PDF, though it may be written as HTML: it
    would print boxes (no font on this machine for its script), it would
    take too long to lay out, or WeasyPrint failed on it. ``problems``: each
    reason (:func:`contactplan.api.pdf_problems`); nothing is written."""

    def __init__(self, problems: Sequence[object] = (), message: str | None = None) -> None:
        self.problems = list(problems)
        text = message or "; ".join(str(p) for p in self.problems)
        super().__init__(f"the letter is not written as PDF: {text}")
