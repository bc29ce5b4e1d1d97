"""VTIMEZONE components written as yearly rules (RRULE), derived from zoneinfo.

Pure functions of a zone name and a span of years: no I/O, nothing else of
contactplan. icalendar's own ``add_missing_timezones`` writes lists of dates
(RDATE), of which ical.js (Thunderbird) and vobject read only the first, and
which Outlook ignores: an appointment would move by an hour. Rules read the
same in every client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vText

__all__ = ["transitions", "vtimezone"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Transition:
    at: dt.datetime  # the instant, UTC
    before: dt.timedelta  # UTC offset before
    after: dt.timedelta  # UTC offset after
    name: str  # the zone's abbreviation after

    @property
    def onset(self) -> dt.datetime:
        """The local time it happens, on the clock before (as VTIMEZONE's DTSTART wants)."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def daylight(self) -> bool:
        """Clocks go forward: a DAYLIGHT rule (also for zones, like Dublin, whose
        tzdata calls winter the daylight-saving time)."""
        return self.after > self.before

    def shape(self) -> tuple[object, ...]:
        """What a yearly rule repeats: everything except the year and day."""
        onset = self.onset
        return (self.daylight, onset.month, onset.weekday(), onset.time(), self.before, self.after, self.name)

    def weeks(self) -> set[int]:
        """The BYDAY ordinals that give this day: the n-th weekday of the month,
        and -1 when it is the last one."""
        onset = self.onset
        nth = {(onset.day - 1) // 7 + 1}
        next_week = onset + dt.timedelta(days=7)
        return nth | {-1} if next_week.month != onset.month else nth


def _state(zone: ZoneInfo, when: dt.datetime) -> tuple[dt.timedelta, str]:
    local = when.astimezone(zone)
    return local.utcoffset() or dt.timedelta(0), local.tzname() or ""


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[_Transition]:
    """Every change of UTC offset in the years given, found to the second."""
    found = []
    when = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    state = _state(zone, when)
    while when < end:
        step = when + dt.timedelta(hours=12)
        after = _state(zone, step)
        if after[0] != state[0]:
            low, high = int(when.timestamp()), int(step.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                moment = dt.datetime.fromtimestamp(middle, dt.UTC)
                low, high = (middle, high) if _state(zone, moment)[0] == state[0] else (low, middle)
            found.append(_Transition(dt.datetime.fromtimestamp(high, dt.UTC), state[0], after[0], after[1]))
        when, state = step, after
    return found


def _runs(transitions: list[_Transition]) -> list[tuple[list[_Transition], set[int]]]:
    """Transitions of one kind grouped into yearly rules: consecutive years with
    the same month, weekday, time and offsets, and a BYDAY ordinal in common."""
    runs: list[tuple[list[_Transition], set[int]]] = []
    for transition in transitions:
        if runs:
            items, weeks = runs[-1]
            last = items[-1]
            common = weeks & transition.weeks()
            if transition.at.year == last.at.year + 1 and transition.shape() == last.shape() and common:
                runs[-1] = ([*items, transition], common)
                continue
        runs.append(([transition], transition.weeks()))
    return runs


#: The year the first rule of a VTIMEZONE is dated from, as calendar programs
#: write them: vobject takes a zone whose rules start after 2000 for UTC.
_RULES_FROM = 1970


def vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``zone_name`` that gives the right UTC offset for every
    time from ``first_year`` to ``last_year``, written as yearly rules.

    The rules are derived from zoneinfo over the years asked for, a year either
    side: each run of years in which a change falls on the same weekday of the
    same month (last Sunday of March) becomes one STANDARD or DAYLIGHT component
    with an RRULE; the last run of each kind is left open (the rule in force
    continues); a change that repeats no rule is one component of its own. A
    zone without changes (Asia/Kolkata) gets one STANDARD component. Rules in
    force at the start are dated from 1970, as calendar programs write them
    (the years before those asked for are not meant to be exact).
    """
    zone = ZoneInfo(zone_name)
    first, last = first_year - 1, last_year + 1
    changes = transitions(zone, first, last)
    timezone = Timezone()
    timezone.add("tzid", zone_name)
    if not changes or changes[0].at.year > first:
        offset, name = _state(zone, dt.datetime(first, 1, 1, tzinfo=zone))
        start = dt.datetime(_RULES_FROM, 1, 1)
        timezone.add_component(_observance(TimezoneStandard(), start, offset, offset, name))
    for daylight in (False, True):
        runs = _runs([t for t in changes if t.daylight is daylight])
        for index, (items, weeks) in enumerate(runs):
            head, tail = items[0], items[-1]
            kind = TimezoneDaylight() if daylight else TimezoneStandard()
            if len(items) == 1:
                timezone.add_component(_observance(kind, head.onset, head.before, head.after, head.name))
                continue
            ordinal = -1 if -1 in weeks else min(weeks)
            weekday = head.onset.weekday()
            start = head.onset
            if head.at.year == first:
                day = _nth_weekday(_RULES_FROM, start.month, weekday, ordinal)
                start = dt.datetime.combine(day, start.time())
            component = _observance(kind, start, head.before, head.after, head.name)
            byday = f"{ordinal}{_WEEKDAYS[weekday]}"
            rule: dict[str, object] = {"freq": "yearly", "bymonth": start.month, "byday": byday}
            if index < len(runs) - 1 or tail.at.year < last:
                # a day after the last change: past it however a reader
                # compares UNTIL (UTC) with DTSTART (local), long before the next
                rule["until"] = tail.at + dt.timedelta(days=1)
            component.add("rrule", rule)
            timezone.add_component(component)
    return timezone


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date:
    """The ``ordinal``-th ``weekday`` (0 = Monday) of the month; -1: the last."""
    if ordinal > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observance(
    component: TimezoneStandard | TimezoneDaylight,
    start: dt.datetime,
    before: dt.timedelta,
    after: dt.timedelta,
    name: str,
) -> TimezoneStandard | TimezoneDaylight:
    component.add("dtstart", start)
    component.add("tzoffsetfrom", before)
    component.add("tzoffsetto", after)
    if name:
        component.add("tzname", vText(name))
    return component
