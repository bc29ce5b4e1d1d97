"""The registry of checks: each check's code, name, severity, one line and
documentation, and the function that finds it.

A check is a function of a :class:`~contactplan.checks.context.Context`
that yields :class:`Hit` objects (a message and the ids it concerns);
:meth:`Check.run` turns them into :class:`~contactplan.findings.Finding`
objects carrying the check's code, name and severity. Each family module
declares its checks with its :class:`Family`'s ``check`` decorator; the
function's docstring is the documentation ``contactplan explain`` shows and
``docs/checks.md`` is generated from. :func:`build_registry` collects the
families into the registry, explicitly, in :mod:`contactplan.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from .context import Context

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
    """What a check found, before it is stamped with the check's code.
    ``severity``: None for the check's own; a policy may raise one (CP304
    under ``translations: reviewed_only``)."""

    message: str
    member: str | None = None
    contact: str | None = None
    letter: str | None = None
    severity: Severity | None = None


CheckFunction = Callable[["Context"], Iterable[Hit]]


Status = Literal["stable", "preview", "removed"]
#: What a check's code must look like.
CODE_PATTERN = re.compile(r"^CP[1-9]\d\d$")


@dataclass(frozen=True, slots=True)
class Check:
    """One check, as ruff declares a rule: its code, name, severity and one
    line, the family it belongs to, the line telling how to fix what it finds
    (kept apart from each finding's message), a minimal case file that
    triggers it (``example``) and the same file fixed (``fixed``), and its
    status (``stable``, ``preview`` or ``removed``)."""

    code: str
    name: str
    severity: Severity
    summary: str
    family: str
    function: CheckFunction
    fix: str = ""
    example: str = ""
    fixed: str = ""
    status: Status = "stable"

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
        severity = hit.severity or self.severity
        return Finding(self.code, self.name, severity, message, hit.member, hit.contact, hit.letter)

    def run(self, context: Context) -> Iterator[Finding]:
        return (self.finding(hit) for hit in self.function(context))


class Family:
    """A family of checks (one module, one hundred of codes): its checks are
    declared with :meth:`check` and collected into the registry by
    :func:`build_registry`."""

    def __init__(self, name: str, title: str, hundred: int) -> None:
        self.name = name
        self.title = title
        self.hundred = hundred
        self.checks: list[Check] = []

    def check(
        self,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        *,
        fix: str = "",
        example: str = "",
        fixed: str = "",
        status: Status = "stable",
    ) -> Callable[[CheckFunction], CheckFunction]:
        """Declare the decorated function as check ``code`` of this family."""

        def declare(function: CheckFunction) -> CheckFunction:
            self.checks.append(
                Check(code, name, severity, summary, self.name, function, fix, _example(example),
                      _example(fixed), status)
            )  # fmt: skip
            return function

        return declare


def _example(text: str) -> str:
    """An example case file as written in a check's declaration, without the indentation."""
    return _cleandoc(text) + "\n" if text.strip() else ""


def build_registry(families: Iterable[Family]) -> dict[str, Check]:
    """Every check of ``families``, by code in code order. Refuses a code that
    is malformed, used twice, or outside its family's hundred, and a check
    without its ``fix`` (one line), ``example`` or ``fixed`` example."""
    registry: dict[str, Check] = {}
    for family in families:
        for item in family.checks:
            if not CODE_PATTERN.fullmatch(item.code):
                raise ValueError(f"check code {item.code!r} is not CP followed by three digits")
            if int(item.code[2]) != family.hundred:
                raise ValueError(
                    f"check {item.code} is declared in family {family.name} ({family.hundred}xx)"
                )
            if item.code in registry:
                raise ValueError(f"check {item.code} declared twice")
            for part in ("fix", "example", "fixed"):
                if not getattr(item, part).strip():
                    raise ValueError(f"check {item.code} declares no {part!r}: every check has one")
            if "\n" in item.fix:
                raise ValueError(f"check {item.code}: 'fix' is one line")
            registry[item.code] = item
    return dict(sorted(registry.items()))
