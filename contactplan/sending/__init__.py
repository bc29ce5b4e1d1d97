"""Sending calendar entries to agency systems: invitations by e-mail (iMIP,
RFC 6047) and events published to a CalDAV calendar (RFC 4791).

The calendar package writes the iCalendar data and decides, with its privacy
rules, what an entry may show; this package only carries it:

* :mod:`.imip` turns each planned or cancelled contact into one e-mail per
  practitioner and booked interpreter (never a family member), with a plain
  English body, a ``text/calendar; method=REQUEST`` (or ``CANCEL``) part and
  the same data as an ``.ics`` attachment, and sends only what changed since
  the last run;
* :mod:`.ledger` remembers what was sent (by UID, recipient and SEQUENCE): in
  the store when one is used, else in a state file beside the case file;
* :mod:`.smtp` sends with :mod:`smtplib` (settings from the environment);
* :mod:`.publish` stores one resource per event on a CalDAV server with the
  ``caldav`` library.

Every failure is a :class:`SendError` with one message that never holds a
password.
"""

from __future__ import annotations

from .errors import SendError

__all__ = ["SendError"]
