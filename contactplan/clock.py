"""What time it is, for every part of contactplan: one clock.

Every "now" and "today" in the library, the command line and the web page
comes from here, so that one setting moves them all together:

- the system clock (and Debian's ``faketime``) moves it for everything;
- a test, a demo or the web server's ``CONTACTPLAN_TODAY`` setting pins it
  with :func:`frozen`;
- a command's ``--today`` is passed down as an argument and wins over both.

Nothing else in the package calls ``datetime.date.today()`` or
``datetime.datetime.now()``: a test holds that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

_pinned: dt.datetime | None = None


def now() -> dt.datetime:
    """This instant, timezone-aware (UTC)."""
    if _pinned is not None:
        return _pinned
    return dt.datetime.now(dt.UTC)


def today(zone: dt.tzinfo | None = None) -> dt.date:
    """Today's date in ``zone`` (default: this machine's local time zone).

    Pass the case's time zone wherever a case is involved: a visit at 23:30
    UK time is on the UK date, whatever the server's zone."""
    instant = now()
    return instant.astimezone(zone).date() if zone is not None else instant.astimezone().date()


@contextlib.contextmanager
def frozen(at: dt.datetime | dt.date) -> Iterator[dt.datetime]:
    """Pin the clock at ``at`` (a date means its noon, UTC) while the block runs."""
    global _pinned
    if isinstance(at, dt.datetime):
        instant = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    else:
        instant = dt.datetime.combine(at, dt.time(12, 0), tzinfo=dt.UTC)
    before = _pinned
    _pinned = instant.astimezone(dt.UTC)
    try:
        yield _pinned
    finally:
        _pinned = before
