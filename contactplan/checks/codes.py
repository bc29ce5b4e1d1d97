"""The codes, names and severities of ``../shared/spec/checks.md``: a contract
that tests outside the project rely on. Kept in step with the spec by hand,
never generated; a test compares it with the registry, so a check added,
renamed or given another severity in code alone fails the tests."""

from __future__ import annotations

from ..findings import Severity

#: code: (name, severity, family), exactly as the spec says.
SPEC_CODES: dict[str, tuple[str, Severity, str]] = {
    "CP101": ("sibling-interpreter", "error", "interpreting"),
    "CP102": ("child-interpreter", "error", "interpreting"),
    "CP103": ("family-interpreter", "error", "interpreting"),
    "CP104": ("unregistered-interpreter", "warning", "interpreting"),
    "CP105": ("interpreter-known-to-family", "warning", "interpreting"),
    "CP106": ("interpreter-known-to-family-alone", "error", "interpreting"),
    "CP110": ("interpreter-missing", "error", "interpreting"),
    "CP111": ("interpreter-language-mismatch", "error", "interpreting"),
    "CP112": ("interpreter-variant", "warning", "interpreting"),
    "CP113": ("interpreter-unconfirmed", "warning", "interpreting"),
    "CP114": ("interpreter-preference-unmet", "warning", "interpreting"),
    "CP115": ("interpreted-contact-too-short", "warning", "interpreting"),
    "CP116": ("sign-language-by-telephone", "error", "interpreting"),
    "CP117": ("interpreter-second-language", "warning", "interpreting"),
    "CP118": ("deaf-relay-missing", "error", "interpreting"),
    "CP201": ("child-never-seen-alone", "error", "childs_voice"),
    "CP202": ("seen-alone-without-interpreter", "error", "childs_voice"),
    "CP203": ("seen-alone-gap", "warning", "childs_voice"),
    "CP204": ("child-not-seen", "warning", "childs_voice"),
    "CP205": ("young-child-never-seen", "error", "childs_voice"),
    "CP206": ("statutory-visit-overdue", "error", "childs_voice"),
    "CP301": ("english-only-letter", "error", "letters"),
    "CP302": ("letter-translation-missing", "error", "letters"),
    "CP303": ("letter-unreadable", "error", "letters"),
    "CP304": ("translation-unreviewed", "info", "letters"),
    "CP401": ("language-needs-unrecorded", "error", "language_needs"),
    "CP402": ("language-needs-unassessed", "warning", "language_needs"),
    "CP403": ("language-assessment-stale", "warning", "language_needs"),
    "CP404": ("assessed-through-family", "warning", "language_needs"),
    "CP405": ("interpreter-need-overridden", "warning", "language_needs"),
    "CP406": ("language-ambiguous", "warning", "language_needs"),
    "CP501": ("missed-contacts-not-followed-up", "warning", "engagement"),
    "CP502": ("missed-after-unreadable-invitation", "error", "engagement"),
    "CP503": ("household-adult-never-seen", "warning", "engagement"),
    "CP504": ("contact-outcome-unrecorded", "error", "engagement"),
    "CP505": ("child-not-brought-repeatedly", "error", "engagement"),
    "CP601": ("unsafe-letter-route", "error", "safety"),
    "CP602": ("alleged-perpetrator-interprets", "error", "safety"),
    "CP701": ("interpreter-double-booked", "error", "caseload"),
    "CP901": ("unused-acknowledgement", "warning", "case_file"),
    "CP902": ("acknowledgement-not-allowed", "error", "case_file"),
}
