"""Typed access to parsed iCalendar data, for the tests that read it back.

icalendar types ``component[name]`` as the union of every property type it
knows, and ``walk()`` as a list of plain components. A test knows which type it
reads: these helpers say so once (``typing.cast``: nothing is converted or
checked here; the tests' own assertions do the checking).
"""

from __future__ import annotations

from typing import TypeVar, cast

import icalendar
from icalendar.prop import vCalAddress

T = TypeVar("T")


def vevents(calendar: icalendar.Component) -> list[icalendar.Event]:
    """The calendar's VEVENTs (icalendar parses each one as an ``Event``)."""
    return cast("list[icalendar.Event]", calendar.walk("VEVENT"))


def one(component: icalendar.Component, name: str, kind: type[T]) -> T:
    """The property ``name``, which the test knows occurs once, as a ``kind``."""
    return cast(T, component[name])


def several(component: icalendar.Component, name: str, kind: type[T]) -> list[T]:
    """The property ``name``, which the test knows occurs more than once (icalendar gives a list)."""
    return cast("list[T]", component[name])


def attendees_of(event: icalendar.Event) -> list[vCalAddress]:
    """The event's ATTENDEEs, none, one or several (icalendar gives one alone, not in a list)."""
    found = event.get("ATTENDEE", [])
    return cast("list[vCalAddress]", found if isinstance(found, list) else [found])
