"""The plan checks, CP101-CP901 (``docs/checks.md``), ruff/flake8 style.

Each check lives in the module of its family (:mod:`.interpreting`,
:mod:`.childs_voice`, :mod:`.letters`, :mod:`.language_needs`,
:mod:`.engagement`, :mod:`.safety`, :mod:`.caseload`,
:mod:`.acknowledgements`), declared with its code, name, severity, one
line, fix, example, fixed example and documentation; :data:`REGISTRY` is
built from the families listed here and compared with the spec's table
(:data:`.codes.SPEC_CODES`) by a test. :func:`run_checks` runs them on a
case: the selected checks, then the case's acknowledgements (and CP901).

The overlap rule of CP101-CP104 and CP602 (only the most specific per
arrangement) is decided by :func:`.interpreting.interpreting_code` before
any selection, so ``--ignore CP101`` hides a sibling interpreting; it does
not turn it into CP103.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from ..errors import UsageError
from ..findings import Finding
from ..model import PLAN_TYPES, REGIONS, Case, Policy
from ..perf import gc_paused
from . import (
    acknowledgements,
    caseload,
    childs_voice,
    engagement,
    interpreting,
    language_needs,
    letters,
    safety,
)
from .acknowledgements import Acknowledgements
from .context import Context
from .registry import DOC_SECTIONS, Check, Family, build_registry

#: The families of checks, in the order of their codes.
FAMILY_LIST: tuple[Family, ...] = (
    interpreting.FAMILY,
    childs_voice.FAMILY,
    letters.FAMILY,
    language_needs.FAMILY,
    engagement.FAMILY,
    safety.FAMILY,
    caseload.FAMILY,
    acknowledgements.FAMILY,
)
#: The families by name, with their titles.
FAMILIES: dict[str, str] = {family.name: family.title for family in FAMILY_LIST}
#: Every check, by code, in code order.
REGISTRY: dict[str, Check] = build_registry(FAMILY_LIST)

__all__ = [
    "DOC_SECTIONS",
    "FAMILIES",
    "REGISTRY",
    "CaseRun",
    "Check",
    "get_check",
    "parse_codes",
    "parse_policy",
    "policy_for",
    "run_checks",
    "selected_checks",
    "start_checks",
]


def get_check(code_or_name: str) -> Check:
    """A check by code (``CP101``, ``cp101``) or name (``sibling-interpreter``)."""
    wanted = code_or_name.strip()
    found = REGISTRY.get(wanted.upper())
    if found is None:
        found = next((c for c in REGISTRY.values() if c.name == wanted.lower()), None)
    if found is None:
        raise UsageError(f"no check {code_or_name!r}: `contactplan rules` lists them")
    return found


def parse_codes(text: str | Iterable[str] | None, option: str = "--select") -> list[str]:
    """Codes or prefixes (``CP1``, ``CP30``, ``CP101``), comma-separated;
    each must select at least one check."""
    if text is None:
        return []
    parts = [text] if isinstance(text, str) else list(text)
    codes = [p.strip().upper() for part in parts for p in part.split(",") if p.strip()]
    for code in codes:
        if not any(c.startswith(code) for c in REGISTRY):
            raise UsageError(f"{option}: {code!r} is not a check code or the start of one (CP1, CP30, CP101)")
    return codes


def selected_checks(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Check]:
    """The checks to run, in code order: those selected (all when nothing is),
    less those ignored."""
    select, ignore = list(select), list(ignore)
    return [
        c
        for code, c in sorted(REGISTRY.items())
        if (not select or any(code.startswith(s) for s in select))
        and not any(code.startswith(i) for i in ignore)
    ]


_POLICY_KEYS: tuple[str, ...] = tuple(k for k in Policy.__struct_fields__ if k != "visit_every") + tuple(
    f"visit_every.{plan}" for plan in PLAN_TYPES
)
_TEXT_KEYS = frozenset({"working_days"}) | {f"visit_every.{plan}" for plan in PLAN_TYPES}


def parse_policy(items: Iterable[str]) -> dict[str, Any]:
    """``KEY=VALUE`` settings (``--policy``) as overrides, each checked: a
    whole number for the thresholds, a region for ``working_days``, an
    interval for ``visit_every.PLAN`` (``visit_every.child_protection=2 weeks``)."""
    from ..timeline import INTERVAL_HINT, parse_interval

    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in _POLICY_KEYS:
            raise UsageError(
                f"--policy: {item!r}: expected KEY=VALUE with KEY one of {', '.join(_POLICY_KEYS)}"
            )
        if key == "working_days":
            if value not in REGIONS:
                raise UsageError(f"--policy: working_days: {value!r} is not one of {', '.join(REGIONS)}")
            overrides[key] = value
            continue
        if key in _TEXT_KEYS:
            try:
                parse_interval(value)
            except ValueError:
                raise UsageError(f"--policy: {key}: {value!r}: {INTERVAL_HINT}") from None
            overrides[key] = value
            continue
        minimum = 1 if key == "missed_contacts_threshold" else 0
        if not value.isdigit() or int(value) < minimum:
            raise UsageError(f"--policy: {key}: {value!r} is not a whole number of {minimum} or more")
        overrides[key] = int(value)
    return overrides


def policy_for(case: Case, overrides: Mapping[str, Any] | None = None) -> Policy:
    """The case file's policy (itself over the defaults) with ``overrides``
    on top (``visit_every.PLAN`` keys change one plan's interval)."""
    if not overrides:
        return case.policy
    plain = {k: v for k, v in overrides.items() if not k.startswith("visit_every.")}
    every = {k.removeprefix("visit_every."): v for k, v in overrides.items() if k.startswith("visit_every.")}
    if every:
        plain["visit_every"] = msgspec.structs.replace(case.policy.visit_every, **every)
    return msgspec.structs.replace(case.policy, **plain)


@dataclass(slots=True)
class CaseRun:
    """One case's checks, run but not finished: the findings before
    acknowledgements, the codes checked, and the interpreters booked (for
    CP701 across cases). :meth:`finish` adds findings from across cases and
    applies the case's acknowledgements."""

    findings: list[Finding]
    checked: frozenset[str]
    acknowledgements: Acknowledgements
    bookings: list[caseload.Booking]

    def finish(self, extra: Iterable[Finding] = ()) -> list[Finding]:
        """The findings in code order, each reported once, with ``extra``
        (CP701 across cases) among them, acknowledged where an entry covers them."""
        merged: dict[tuple[str, str | None, str | None, str | None], Finding] = {}
        for finding in (*self.findings, *extra):
            merged.setdefault(finding.key, finding)
        ordered = sorted(merged.values(), key=lambda f: f.code)
        return self.acknowledgements.apply(ordered, self.checked)


def start_checks(
    case: Case,
    *,
    today: dt.date | None = None,
    policy: Mapping[str, Any] | Policy | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    now: dt.datetime | None = None,
    case_index: int = 0,
) -> CaseRun:
    """Run the selected checks on ``case`` (see :func:`run_checks`) and keep
    what :meth:`CaseRun.finish` and CP701 across cases need; ``case_index``
    tells this case's bookings from other cases'."""
    in_force = policy if isinstance(policy, Policy) else policy_for(case, policy)
    context = Context.build(case, today=today, now=now, policy=in_force)
    checks = selected_checks(select, ignore)
    findings: dict[tuple[str, str | None, str | None, str | None], Finding] = {}
    with gc_paused():  # linear in the size of the case: see contactplan.perf
        for check in checks:
            for finding in check.run(context):
                findings.setdefault(finding.key, finding)
    checked = frozenset(c.code for c in checks)
    booked = caseload.rebase(context.bookings, case_index) if "CP701" in checked else []
    return CaseRun(list(findings.values()), checked, Acknowledgements.of(case), booked)


def run_checks(
    case: Case,
    *,
    today: dt.date | None = None,
    policy: Mapping[str, Any] | Policy | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> list[Finding]:
    """The findings for ``case``, in code order, each reported once, those
    that the case's ``acknowledged`` entries cover marked (and CP901 for an
    entry that covers nothing).

    ``today`` is the date time checks use; without it, the machine's date,
    and CP113 measures from ``now`` (default: this instant) instead of the
    start of ``today``. ``policy`` overrides the case file's (a
    :class:`~contactplan.model.Policy`, or a mapping of overrides).
    ``select`` and ``ignore`` are codes or prefixes (:func:`parse_codes`);
    they apply before acknowledgements. CP701 looks at this case only:
    :func:`contactplan.api.check_paths` looks across the files it checks.
    """
    run = start_checks(case, today=today, policy=policy, select=select, ignore=ignore, now=now)
    return run.finish()
