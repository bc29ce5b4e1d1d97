"""Time zones in the calendar: every parser reads back the instants planned.

VTIMEZONEs are written as yearly rules (RRULE) derived from zoneinfo. These
tests read the files back with icalendar and with vobject (an independent
parser, which builds the zone from the VTIMEZONE with dateutil) and compare
UTC instants with zoneinfo, in winter, in summer and around the changes of the
clocks. With the TZID renamed, neither parser can fall back on a zone database
it knows: the instants then come from our VTIMEZONE alone. Thunderbird's
parser, ical.js, is run too where Node.js and ical.js are installed
(``CONTACTPLAN_ICALJS=/path/to/node_modules``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from contactplan.calendar import event_uid, export, vtimezone
from contactplan.calendar.vtimezone import transitions as _transitions
from contactplan.casefile import load_case_text

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Europe/Dublin"]
#: Local start times (naive: in the case's zone) and one with an offset.
STARTS = {
    "winter": "2026-01-15T09:30",
    "summer": "2026-07-15T09:30",
    "night-of-spring-change": "2026-03-29T00:30",  # 120 minutes: crosses 01:00 UTC (London)
    "us-spring-change": "2026-03-08T01:30",
    "day-after-autumn-change": "2026-10-26T09:00",
    "next-year": "2027-11-02T09:30",
    "with-offset": "2026-06-01T08:00+00:00",
    "year-end": "2026-12-31T23:30",
}


def case_text(zone: str) -> str:
    contacts = "\n".join(
        f'  - {{id: {key}, kind: office_visit, start: "{start}", duration_minutes: 120}}'
        for key, start in STARTS.items()
    )
    return f"""\
contactplan: 1
case: {{reference: CP-{zone.replace("/", "-")}, timezone: {zone}}}
members:
  - {{id: child, name: Test Child, role: subject_child, date_of_birth: 2020-01-01}}
contacts:
{contacts}
"""


def planned(zone: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """The UTC instants each contact means, by UID, computed with zoneinfo."""
    out = {}
    for key, start in STARTS.items():
        when = dt.datetime.fromisoformat(start)
        if when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo(zone))
        begin = when.astimezone(dt.UTC)
        out[event_uid(f"CP-{zone.replace('/', '-')}", key)] = (begin, begin + dt.timedelta(minutes=120))
    return out


def calendar_for(zones: list[str]) -> str:
    cases = [(z, load_case_text(case_text(z), z)) for z in zones]
    return export(cases, now=NOW).data.decode("utf-8")


def renamed(text: str, zones: list[str]) -> str:
    """The TZIDs replaced by names no zone database knows."""
    for zone in zones:
        text = text.replace(f"TZID:{zone}", f"TZID:Test-{zone.replace('/', '-')}")
        text = text.replace(f"TZID={zone}:", f"TZID=Test-{zone.replace('/', '-')}:")
    return text


def read_icalendar(text: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    calendar = icalendar.Calendar.from_ical(text)
    return {
        str(e["UID"]): (e.decoded("DTSTART").astimezone(dt.UTC), e.decoded("DTEND").astimezone(dt.UTC))
        for e in calendar.walk("VEVENT")
    }


def read_vobject(text: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    calendar = vobject.readOne(text)
    return {
        e.uid.value: (e.dtstart.value.astimezone(dt.UTC), e.dtend.value.astimezone(dt.UTC))
        for e in calendar.vevent_list
    }


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("reader", [read_icalendar, read_vobject], ids=["icalendar", "vobject"])
@pytest.mark.parametrize("rename", [False, True], ids=["tzid", "vtimezone-only"])
def test_parsers_read_back_the_planned_instants(zone: str, reader: object, rename: bool) -> None:
    text = calendar_for([zone])
    if rename:
        text = renamed(text, [zone])
        assert f"TZID={zone}" not in text
    assert reader(text) == planned(zone)  # type: ignore[operator]


def test_several_zones_in_one_file() -> None:
    text = calendar_for(ZONES)
    assert text.count("BEGIN:VTIMEZONE") == len(ZONES)
    wanted = {uid: when for zone in ZONES for uid, when in planned(zone).items()}
    assert read_vobject(renamed(text, ZONES)) == wanted
    assert read_icalendar(renamed(text, ZONES)) == wanted


def test_dtstart_carries_the_case_zone() -> None:
    text = calendar_for(["America/New_York"])
    assert "DTSTART;TZID=America/New_York:20260115T093000\r\n" in text
    assert "DTSTART;TZID=America/New_York:20260601T040000\r\n" in text  # the offset time, converted


# --------------------------------------------------------------------------
# the VTIMEZONE itself


def test_london_is_two_yearly_rules_not_date_lists() -> None:
    vtz = vtimezone("Europe/London", 2026, 2026)
    text = vtz.to_ical().decode()
    assert "RDATE" not in text
    (standard,) = vtz.walk("STANDARD")
    (daylight,) = vtz.walk("DAYLIGHT")
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    # dated from 1970 as calendar programs write them (vobject takes a zone
    # whose rules start after 2000 for UTC)
    assert standard.decoded("DTSTART") == dt.datetime(1970, 10, 25, 2, 0)
    assert daylight.decoded("DTSTART") == dt.datetime(1970, 3, 29, 1, 0)
    assert (str(standard["TZNAME"]), str(daylight["TZNAME"])) == ("GMT", "BST")


def test_new_york_second_and_first_sunday() -> None:
    vtz = vtimezone("America/New_York", 2026, 2027)
    assert vtz.walk("DAYLIGHT")[0]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"
    assert vtz.walk("STANDARD")[0]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"


def test_zone_without_changes_is_one_standard_component() -> None:
    vtz = vtimezone("Asia/Kolkata", 2026, 2026)
    (standard,) = vtz.subcomponents
    assert standard.name == "STANDARD"
    assert "RRULE" not in standard and "RDATE" not in standard
    assert standard.decoded("TZOFFSETTO") == dt.timedelta(hours=5, minutes=30)


# Zones whose rules changed in the years asked for, to prove the runs of rules
# with UNTIL: Samoa stopped daylight saving in 2021, Morocco moves its clocks
# around Ramadan, Iran stopped in 2022, Brazil in 2019.
HARD_ZONES = [
    *ZONES,
    "Pacific/Apia",
    "Africa/Casablanca",
    "Asia/Tehran",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "UTC",
]


@pytest.mark.slow
@pytest.mark.parametrize("zone", HARD_ZONES)
def test_vtimezone_gives_zoneinfo_offsets_every_three_hours(zone: str) -> None:
    vtz = vtimezone(zone, 2020, 2022)
    text = vtz.to_ical().decode()
    assert "RDATE" not in text
    by_icalendar = cast(icalendar.Timezone, icalendar.Timezone.from_ical(text)).to_tz(lookup_tzid=False)
    wrapped = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
        + text.replace(f"TZID:{zone}", "TZID:Test-Zone")
        + "END:VCALENDAR\r\n"
    )
    by_vobject = vobject.readOne(wrapped).vtimezone.gettzinfo()
    reference = ZoneInfo(zone)
    moments = [dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=3 * i) for i in range(8 * 365 * 3)]
    # and a second either side of each change of the clocks
    for change in _transitions(reference, 2020, 2022):
        moments += [change.at - dt.timedelta(seconds=1), change.at]
    for when in moments:
        expected = when.astimezone(reference).utcoffset()
        assert when.astimezone(by_icalendar).utcoffset() == expected, (zone, when)
        assert when.astimezone(by_vobject).utcoffset() == expected, (zone, when)


# --------------------------------------------------------------------------
# Thunderbird's parser, where it is installed


def _icaljs() -> tuple[str, Path] | None:
    node = shutil.which("node")
    modules = os.environ.get("CONTACTPLAN_ICALJS")
    if node is None or not modules or not (Path(modules) / "ical.js").is_dir():
        return None
    return node, Path(modules)


READER_JS = """
const ICAL = require('ical.js');
const text = require('fs').readFileSync(0, 'utf8');
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
const out = {};
for (const component of calendar.getAllSubcomponents('vevent')) {
  const event = new ICAL.Event(component);
  out[event.uid] = [event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString()];
}
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(_icaljs() is None, reason="Node.js with ical.js not installed (set CONTACTPLAN_ICALJS)")
def test_icaljs_reads_back_the_planned_instants() -> None:
    found = _icaljs()
    assert found is not None
    node, modules = found
    text = renamed(calendar_for(ZONES), ZONES)
    result = subprocess.run(
        [node, "-e", READER_JS],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    read = {
        uid: tuple(dt.datetime.fromisoformat(v.replace("Z", "+00:00")) for v in when)
        for uid, when in json.loads(result.stdout).items()
    }
    wanted = {uid: when for zone in ZONES for uid, when in planned(zone).items()}
    assert read == wanted
