"""Who may see and change which case (issue 26, ``docs/store.md``).

* **practitioner** and **manager**: the cases of their team, reading and
  changing them; a manager may also restrict their team's cases;
* **admin**: every case, and the accounts, teams and restrictions;
* **auditor**: reads every case and the audit, changes nothing;
* a case **restricted** to named people is seen only by them (and by admins
  and auditors), whatever their team;
* an account without a team (one signed in by single sign-on for the first
  time) sees nothing until an admin gives it one;
* the **owner** of a store that has no admin account yet (one person's
  store on their own computer, ``make demo``): whoever runs the command line
  on it, with every right. Adding the first admin account ends that.

An :class:`Actor` is who is acting, as the store knows them. Store queries
take one and filter in SQL (:func:`visible`), so a case someone may not see
never reaches them: not in a list, a count, a check or an export. Asking
for it by reference is "no such case", exactly as for a reference that does
not exist, and is recorded in the audit as refused.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass, replace
from typing import Literal

import sqlalchemy as sa

from .engine import StoreError
from .schema import ROLES, case_access, case_teams, cases

__all__ = [
    "ROLES",
    "AccessError",
    "Actor",
    "Role",
    "Via",
    "command_line_address",
    "command_line_name",
    "visible",
]

Role = Literal["practitioner", "manager", "admin", "auditor"]
Via = Literal["cli", "web", "api"]
#: The environment variable naming who the command line acts as.
USER_VAR = "CONTACTPLAN_USER"


class AccessError(StoreError):
    """Someone asked for something their role does not allow (an auditor
    saving, a practitioner moving a case to another team, adding accounts
    without being an admin, an unknown or disabled account)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: their name as saved versions and the audit record it,
    their role and team, how they came (``cli``, ``web``, ``api``) and from
    where (an address, or ``login@host`` for the command line)."""

    name: str
    role: Role | None
    team_id: int | None = None
    team: str | None = None
    user_id: int | None = None
    via: Via = "api"
    address: str | None = None
    #: The owner of a store with no admin account yet: every right.
    owner: bool = False

    @property
    def role_name(self) -> str:
        """The role as the audit records it."""
        return "owner" if self.owner else (self.role or "none")

    @property
    def sees_all(self) -> bool:
        """Reads every case (admins, auditors, the owner)."""
        return self.owner or self.role in ("admin", "auditor")

    @property
    def is_admin(self) -> bool:
        return self.owner or self.role == "admin"

    @property
    def may_change(self) -> bool:
        """Changes the cases it sees (everyone but an auditor)."""
        return self.owner or self.role in ("practitioner", "manager", "admin")

    def at(self, via: Via, address: str | None) -> Actor:
        """The same person, coming another way."""
        return replace(self, via=via, address=address)


def visible(actor: Actor | None, table: sa.FromClause = cases) -> sa.ColumnElement[bool]:
    """The SQL condition on ``table`` (``cases`` or an alias of it) that
    keeps the cases ``actor`` may see (None: the library itself, every case)."""
    if actor is None or actor.sees_all:
        return sa.true()
    if actor.user_id is None or actor.role is None:
        return sa.false()
    # aliases of their own, correlated with `table` only: the query may join these tables too
    access, team = case_access.alias("visible_access"), case_teams.alias("visible_team")
    named = (
        sa.select(access.c.case_id)
        .where(access.c.case_id == table.c.id, access.c.user_id == actor.user_id)
        .correlate(table)
        .exists()
    )
    if actor.team_id is None:
        return named
    in_team = (
        sa.select(team.c.case_id)
        .where(team.c.case_id == table.c.id, team.c.team_id == actor.team_id, ~team.c.restricted)
        .correlate(table)
        .exists()
    )
    return sa.or_(in_team, named)


def command_line_name(given: str | None = None) -> str:
    """Who the command line acts as: ``--as NAME``, else
    ``CONTACTPLAN_USER``, else the login name on this computer."""
    if given and given.strip():
        return " ".join(given.split())
    named = os.environ.get(USER_VAR, "").strip()
    if named:
        return " ".join(named.split())
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no login name at all
        return "unknown"


def command_line_address() -> str:
    """Where a command line acts from, for the audit: ``login@host``."""
    try:
        login = getpass.getuser()
    except Exception:  # pragma: no cover - no login name at all
        login = "unknown"
    return f"{login}@{socket.gethostname()}"
