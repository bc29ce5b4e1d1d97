"""What was sent to whom: the memory that makes ``invite`` send only what changed.

Each invitation sent is remembered as ``(uid, recipient, sequence, method)``
once the SMTP server has accepted it, never before: a run that stops half-way
sends the rest next time and nothing twice.

* :class:`StoreLedger`: in the store (``--database`` or
  ``CONTACTPLAN_DATABASE_URL``), shared by the team;
* :class:`FileLedger`: a state file beside each case file, named from the
  case file's own name (``nowak.yaml`` -> ``nowak.yaml.sent-invitations``),
  JSON, mode 0600, written atomically after each message. The name does not
  end in ``.yaml``, ``.yml`` or ``.json``, so a folder of case files never
  reads it as a case file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..files import edit_lock, read_regular, shown, write_atomic
from .errors import SendError

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["STATE_SUFFIX", "FileLedger", "Ledger", "StoreLedger", "state_path"]

#: Added to the case file's name to name its state file.
STATE_SUFFIX = ".sent-invitations"
_STATE_LIMIT = 64 * 1024 * 1024


class Ledger(Protocol):
    """Where invitations sent are remembered. ``source`` is the case file
    the invitation came from (a state file is kept beside it)."""

    def last_sent(self, source: str, uid: str, recipient: str) -> tuple[int, str] | None: ...

    def record_sent(
        self, source: str, uid: str, recipient: str, sequence: int, method: str, sent_at: dt.datetime
    ) -> None: ...


def state_path(case_file: str | Path) -> Path:
    """The state file of a case file: beside it, named from its own name."""
    path = Path(case_file)
    return path.with_name(path.name + STATE_SUFFIX)


class StoreLedger:
    """Invitations sent, remembered in the store (``store.last_sent`` and
    ``store.record_sent``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def last_sent(self, source: str, uid: str, recipient: str) -> tuple[int, str] | None:
        return self.store.last_sent(uid, recipient)

    def record_sent(
        self, source: str, uid: str, recipient: str, sequence: int, method: str, sent_at: dt.datetime
    ) -> None:
        self.store.record_sent(uid, recipient, sequence, method, sent_at)


class FileLedger:
    """Invitations sent, remembered in a state file beside each case file.

    Use it as a context manager around the whole run: it holds a lock on each
    state file it reads, so that two runs at once can't both send."""

    def __init__(self) -> None:
        self._records: dict[Path, list[dict[str, Any]]] = {}
        self._locks = contextlib.ExitStack()

    def __enter__(self) -> FileLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self._locks.close()

    def _load(self, source: str) -> tuple[Path, list[dict[str, Any]]]:
        path = state_path(source)
        if path in self._records:
            return path, self._records[path]
        self._locks.enter_context(_locked(path))
        records: list[dict[str, Any]] = []
        if path.exists():
            data = read_regular(path, _STATE_LIMIT)
            try:
                loaded = json.loads(data)
                records = [r for r in loaded["sent"] if isinstance(r, dict)]
            except (ValueError, KeyError, TypeError):
                raise SendError(
                    f"{shown(path)}: is not a contactplan state file of invitations sent; nothing "
                    "sent (move it away only if you know no invitation went out for this case file)"
                ) from None
        self._records[path] = records
        return path, records

    def last_sent(self, source: str, uid: str, recipient: str) -> tuple[int, str] | None:
        _, records = self._load(source)
        wanted = recipient.casefold()
        for record in reversed(records):
            if record.get("uid") == uid and str(record.get("recipient", "")).casefold() == wanted:
                return int(record["sequence"]), str(record["method"])
        return None

    def record_sent(
        self, source: str, uid: str, recipient: str, sequence: int, method: str, sent_at: dt.datetime
    ) -> None:
        path, records = self._load(source)
        records.append(
            {
                "uid": uid,
                "recipient": recipient.casefold(),
                "sequence": sequence,
                "method": method,
                "sent_at": sent_at.astimezone(dt.UTC).isoformat(),
            }
        )
        document = {"contactplan_sent_invitations": 1, "sent": records}
        write_atomic(path, json.dumps(document, indent=1) + "\n")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with edit_lock(path):
        yield
