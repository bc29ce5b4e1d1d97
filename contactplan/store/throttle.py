"""Throttling of password checks (issue 26): per client and for the whole
process, in memory, never per account.

* :class:`ClientThrottle`: each client (the page's remote address) may get
  :data:`CLIENT_FAILURES` sign-ins wrong within :data:`CLIENT_WINDOW`; after
  that its further attempts are refused without checking a password until
  the oldest failure is older than the window. Counted by client, not by
  account: nobody can keep someone else out of their account by getting
  their password wrong on purpose.
* :class:`Gate`: at most :data:`CONCURRENT_CHECKS` password checks (argon2,
  tens of milliseconds of CPU and 64 MiB each) run at once in the process;
  the others wait their turn, up to :data:`WAIT`, then are turned away
  ("busy"). A flood of sign-ins can then slow sign-ins down, but never a
  save (the checks run outside any database transaction) and never eat the
  machine's memory.

Both are kept in the process's memory: with several server processes each
has its own (say so in the deployment; a reverse proxy's rate limit sits
well in front of them).
"""

from __future__ import annotations

import collections
import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "CLIENT_FAILURES",
    "CLIENT_WINDOW",
    "CONCURRENT_CHECKS",
    "WAIT",
    "ClientThrottle",
    "Gate",
    "client_throttle",
    "gate",
]

#: Wrong sign-ins one client may make within :data:`CLIENT_WINDOW`.
CLIENT_FAILURES = 10
CLIENT_WINDOW = dt.timedelta(minutes=15)
#: Password checks at once in one process.
CONCURRENT_CHECKS = 2
#: How long a sign-in waits for its turn before it is turned away, in seconds.
WAIT = 30.0
#: Clients remembered at most (the oldest are forgotten first).
MAX_CLIENTS = 10_000


class ClientThrottle:
    """Failed sign-ins per client, in a sliding window."""

    def __init__(
        self,
        failures: int = CLIENT_FAILURES,
        window: dt.timedelta = CLIENT_WINDOW,
        clients: int = MAX_CLIENTS,
    ) -> None:
        self.failures = failures
        self.window = window
        self.clients = clients
        self._lock = threading.Lock()
        self._seen: collections.OrderedDict[str, collections.deque[dt.datetime]] = collections.OrderedDict()

    def _recent(self, client: str, now: dt.datetime) -> collections.deque[dt.datetime]:
        times = self._seen.get(client)
        if times is None:
            return collections.deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._seen[client]
        return times

    def blocked_until(self, client: str, now: dt.datetime) -> dt.datetime | None:
        """When ``client`` may try again (None: now)."""
        with self._lock:
            times = self._recent(client, now)
            if len(times) < self.failures:
                return None
            return times[0] + self.window

    def failed(self, client: str, now: dt.datetime) -> None:
        with self._lock:
            times = self._recent(client, now)
            times.append(now)
            self._seen[client] = times
            self._seen.move_to_end(client)
            while len(self._seen) > self.clients:
                self._seen.popitem(last=False)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._seen.pop(client, None)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


class Gate:
    """At most ``size`` password checks at once; the others wait their turn."""

    def __init__(self, size: int = CONCURRENT_CHECKS, wait: float = WAIT) -> None:
        self.size = size
        self.wait = wait
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """``True`` inside when this check got its turn, ``False`` when it
        waited :attr:`wait` seconds in vain (the caller turns it away)."""
        got = self._slots.acquire(timeout=self.wait)
        try:
            yield got
        finally:
            if got:
                self._slots.release()


#: The process's throttle and gate, used by :func:`contactplan.store.users.sign_in`.
client_throttle = ClientThrottle()
gate = Gate()
