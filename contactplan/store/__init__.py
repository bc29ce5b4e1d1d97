"""The shared record of cases (``docs/store.md``): SQLite by default,
PostgreSQL for a team's service, every change kept.

    >>> from contactplan.store import Store, ConflictError
    >>> store = Store("sqlite:///team.sqlite3")  # doctest: +SKIP
    >>> case, version = store.load("CP-2026-0142")  # doctest: +SKIP
    >>> store.save(changed, version, by="Jo Smith", reason="interpreter booked")  # doctest: +SKIP

Importing this package imports SQLAlchemy: only the store's commands and
the web page do.
"""

from __future__ import annotations

from .access import AccessError, Actor
from .caseload import CaseReport, StoreCheckReport, check_store
from .engine import ENV_VAR, StoreError, default_path, default_url, resolve_url, safe_url
from .store import (
    AcknowledgementRecord,
    AuditEntry,
    Booking,
    CaseClosedError,
    CaseSummary,
    ConflictError,
    HistoryEntry,
    Store,
    StoredCase,
    UnknownCaseError,
    UnreadableCase,
)

__all__ = [
    "ENV_VAR",
    "AccessError",
    "AcknowledgementRecord",
    "Actor",
    "AuditEntry",
    "Booking",
    "CaseClosedError",
    "CaseReport",
    "CaseSummary",
    "ConflictError",
    "HistoryEntry",
    "Store",
    "StoreCheckReport",
    "StoreError",
    "StoredCase",
    "UnknownCaseError",
    "UnreadableCase",
    "check_store",
    "default_path",
    "default_url",
    "resolve_url",
    "safe_url",
]
