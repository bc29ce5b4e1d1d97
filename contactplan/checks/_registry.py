"""The registry of checks: each check's code, name, severity, one line and
documentation, and the function that finds it.

A check is a function of a :class:`~contactplan.checks._context.Context`
that yields :class:`Hit` objects (a message and the ids it concerns);
:meth:`Check.run` turns them into :class:`~contactplan.findings.Finding`
objects carrying the check's code, name and severity. Register one with
:func:`check`; its docstring is the documentation ``contactplan explain``
shows and ``docs/checks.md`` is generated from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ._context import Context

#: The sections every check's documentation has, in this order.
DOC_SECTIONS: tuple[str, ...] = ("What it finds", "Why it matters", "How to fix the plan")
_SECTION = re.compile(r"^(" + "|".join(re.escape(s) for s in DOC_SECTIONS) + r"):\s*", re.MULTILINE)


def _cleandoc(doc: str) -> str:
    """A docstring without its indentation (:func:`inspect.cleandoc`, without importing inspect)."""
    lines = doc.expandtabs().splitlines()
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    cleaned = [lines[0].strip(), *(line[margin:].rstrip() for line in lines[1:])] if lines else []
    return "\n".join(cleaned).strip("\n")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found, before it is stamped with the check's code."""

    message: str
    member: str | None = None
    contact: str | None = None
    letter: str | None = None


CheckFunction = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    name: str
    severity: Severity
    summary: str
    family: str
    function: CheckFunction

    @property
    def doc(self) -> str:
        """The documentation: *What it finds*, *Why it matters*, *How to fix the plan*."""
        return _cleandoc(self.function.__doc__ or "")

    @property
    def sections(self) -> dict[str, str]:
        """The documentation by section (:data:`DOC_SECTIONS`), each one paragraph."""
        parts = _SECTION.split(self.doc)
        found: dict[str, str] = {}
        for title, body in zip(parts[1::2], parts[2::2], strict=True):
            text = " ".join(body.split())
            found[title] = text[:1].upper() + text[1:]
        return found

    def finding(self, hit: Hit) -> Finding:
        message = hit.message[:1].upper() + hit.message[1:]
        return Finding(self.code, self.name, self.severity, message, hit.member, hit.contact, hit.letter)

    def run(self, context: Context) -> Iterator[Finding]:
        return (self.finding(hit) for hit in self.function(context))


#: Every check, by code; filled as the family modules are imported.
REGISTRY: dict[str, Check] = {}

#: The families, in the order of the codes, with their titles.
FAMILIES: dict[str, str] = {
    "interpreting": "Interpreting",
    "childs_voice": "The child's voice",
    "letters": "Letters",
    "language_needs": "Language needs",
    "engagement": "Engagement",
}


def check(code: str, name: str, severity: Severity, summary: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as check ``code``."""

    def register(function: CheckFunction) -> CheckFunction:
        if code in REGISTRY:
            raise RuntimeError(f"check {code} registered twice")
        family = function.__module__.rsplit(".", 1)[-1]
        REGISTRY[code] = Check(code, name, severity, summary, family, function)
        return function

    return register
