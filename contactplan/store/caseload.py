"""``contactplan db check``: every open case's own checks, and the caseload
check across cases (CP701, an interpreter double-booked), exactly as
``contactplan check`` runs them over several files (the same functions of
:mod:`contactplan.checks`: :func:`~contactplan.checks.start_checks` and
:func:`~contactplan.checks.caseload.across_cases`).

One case that can't be read never stops the others: it is reported by
reference ("could not be read: ...") and counted, every other case is
checked, and the exit status is 2. A case saved under an earlier
contactplan that this one's reader refuses in part is read as saved,
checked, and gets a finding (:data:`~.document.STORED_RULE_CODE`) saying
what to correct."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import CaseFileError, ContactplanError
from ..findings import Finding, FindingsReport
from .access import Actor
from .document import STORED_RULE_CODE
from .store import Store, StoredCase

if TYPE_CHECKING:
    from ..checks import CaseRun

__all__ = ["CaseReport", "StoreCheckReport", "check_store"]


@dataclass(frozen=True, slots=True)
class CaseReport:
    """The findings of one stored case (at ``version``)."""

    reference: str
    version: int
    findings: list[Finding]
    #: The case's own findings, without CP701 across cases: what is stored with the version.
    own: list[Finding] = field(default_factory=list)


@dataclass
class StoreCheckReport(FindingsReport):
    """What ``db check`` found: the findings per open case, and the cases
    that could not be read back (each a :class:`ContactplanError`); counted
    and summed up as ``check``'s report is (:class:`FindingsReport`)."""

    unit: ClassVar[str] = "open case"
    cases: list[CaseReport] = field(default_factory=list)
    unreadable: list[ContactplanError] = field(default_factory=list)

    @property
    def findings(self) -> list[tuple[CaseReport, Finding]]:
        return [(report, finding) for report in self.cases for finding in report.findings]

    def groups(self) -> list[list[Finding]]:
        return [report.findings for report in self.cases]

    def located(self) -> list[tuple[str, Finding]]:
        return [(report.reference, finding) for report, finding in self.findings]

    def as_json(self) -> list[dict[str, Any]]:
        """``check --format json``'s objects, with ``file`` null and the case's ``version``."""
        return [
            {"file": None, "case": report.reference, **finding.as_dict(), "version": report.version}
            for report, finding in self.findings
        ]


def check_store(
    store: Store,
    *,
    today: dt.date | None = None,
    policy: Mapping[str, int] | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    now: dt.datetime | None = None,
    actor: Actor | None = None,
) -> StoreCheckReport:
    """Check every open case in the store (those ``actor`` may see) as
    ``check`` checks files, then the caseload (CP701) across them."""
    from ..checks import parse_codes, start_checks
    from ..checks.caseload import across_cases

    selected, ignored = parse_codes(list(select), "--select"), parse_codes(list(ignore), "--ignore")
    report = StoreCheckReport()
    runs: list[tuple[StoredCase, CaseRun]] = []
    for stored in store.open_cases(actor=actor):
        if not isinstance(stored, StoredCase):
            report.unreadable.append(stored.error)
            continue
        try:
            run = start_checks(
                stored.case,
                today=today,
                policy=policy,
                select=selected,
                ignore=ignored,
                now=now,
                case_index=len(runs),
            )
        except ContactplanError as exc:
            report.unreadable.append(_unchecked(stored, str(exc)))
            continue
        except Exception as exc:  # a value a later rule refuses may upset a check: this case only
            report.unreadable.append(_unchecked(stored, type(exc).__name__))
            continue
        runs.append((stored, run))
    # CP701 across the open cases, then each case's acknowledgements, as `check` does for files
    double_booked = across_cases([run.bookings for _, run in runs]) if len(runs) > 1 else {}
    for index, (stored, run) in enumerate(runs):
        across = double_booked.get(index, ())
        try:
            own = run.finish() + _stored_rules(stored)
            found = run.finish(across) + _stored_rules(stored) if across else own
        except Exception as exc:
            report.unreadable.append(_unchecked(stored, type(exc).__name__))
            continue
        report.cases.append(CaseReport(stored.reference, stored.version, found, own))
    return report


def _unchecked(stored: StoredCase, why: str) -> CaseFileError:
    return CaseFileError(
        f"{stored.reference} (in the store)",
        f"could not be checked: {why}" + (f" ({stored.problems[0]})" if stored.problems else ""),
    )


def _stored_rules(stored: StoredCase) -> list[Finding]:
    """The finding for what this contactplan's reader refuses in a version
    saved under an earlier one."""
    return [
        Finding(
            code=STORED_RULE_CODE,
            name="stored-case-now-refused",
            severity="error",
            message=(
                f"version {stored.version} was saved under an earlier contactplan and this one's reader "
                f"refuses part of it: {problem}; it was read and checked as saved: correct it (contactplan "
                "db export, fix the file, db import --replace) before it can be saved again"
            ),
        )
        for problem in stored.problems
    ]
