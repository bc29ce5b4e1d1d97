"""``contactplan db check``: every open case's own checks, and the caseload
check across cases (CP701, an interpreter double-booked), exactly as
``contactplan check`` runs them over several files (the same functions of
:mod:`contactplan.checks`: :func:`~contactplan.checks.start_checks` and
:func:`~contactplan.checks.caseload.across_cases`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import ContactplanError
from ..findings import Finding, FindingsReport
from .store import Store

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
) -> StoreCheckReport:
    """Check every open case in the store as ``check`` checks files, then the
    caseload (CP701) across them."""
    from ..checks import CaseRun, parse_codes, start_checks
    from ..checks.caseload import across_cases

    selected, ignored = parse_codes(list(select), "--select"), parse_codes(list(ignore), "--ignore")
    report = StoreCheckReport()
    runs: list[tuple[str, int, CaseRun]] = []
    for stored in _readable(store, report):
        run = start_checks(
            stored.case,
            today=today,
            policy=policy,
            select=selected,
            ignore=ignored,
            now=now,
            case_index=len(runs),
        )
        runs.append((stored.reference, stored.version, run))
    # CP701 across the open cases, then each case's acknowledgements, as `check` does for files
    double_booked = across_cases([run.bookings for _, _, run in runs]) if len(runs) > 1 else {}
    for index, (reference, version, run) in enumerate(runs):
        across = double_booked.get(index, ())
        own = run.finish()
        report.cases.append(CaseReport(reference, version, run.finish(across) if across else own, own))
    return report


def _readable(store: Store, report: StoreCheckReport) -> Iterable[Any]:
    iterator = store.open_cases()
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except ContactplanError as exc:  # pragma: no cover - stored documents passed the reader
            report.unreadable.append(exc)
