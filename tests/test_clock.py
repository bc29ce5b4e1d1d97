"""One clock (``contactplan.clock``): every "now" and "today" comes from it,
so that a test, ``--today``, the web server's ``CONTACTPLAN_TODAY`` and the
system clock (``faketime``) move them all together, and no test depends on
the day it runs (issue 20; ``make test-future`` runs the suite 500 days ahead).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from contactplan import clock

PACKAGE = Path(__file__).resolve().parent.parent / "contactplan"

#: The calls that read the system clock as a date or a date and time.
CLOCK_READS = {"today", "now", "utcnow"}
CLOCK_TYPES = {"date", "datetime"}


def clock_reads(source: str, name: str) -> list[str]:
    """Each ``date.today()``, ``datetime.now()``, ``dt.datetime.utcnow()``...
    in ``source``, as ``file:line: call``."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in CLOCK_READS:
            continue
        owner = node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if owner_name in CLOCK_TYPES:
            found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_nothing_but_the_clock_reads_the_system_clock() -> None:
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "clock.py"
        for hit in clock_reads(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    ]
    assert found == [], "read the time from contactplan.clock (now, today(zone)):\n" + "\n".join(found)


def test_the_search_finds_every_spelling() -> None:
    source = """
import datetime
import datetime as dt
from datetime import date, datetime as DT
a = date.today()
b = dt.datetime.now(dt.UTC)
c = datetime.datetime.utcnow()
d = dt.date.today()
e = datetime.now()
f = clock.now()
g = clock.today(zone)
h = self.today()
"""
    assert [hit.split(": ", 1)[1] for hit in clock_reads(source, "x.py")] == [
        "date.today()",
        "dt.datetime.now(dt.UTC)",
        "datetime.datetime.utcnow()",
        "dt.date.today()",
        "datetime.now()",
    ]
    assert clock_reads(PACKAGE.joinpath("clock.py").read_text(encoding="utf-8"), "clock.py")


def test_frozen_pins_now_and_today_and_lets_go() -> None:
    with clock.frozen(dt.date(2026, 12, 1)) as at:
        assert at == dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
        assert clock.now() == at
        assert clock.today(ZoneInfo("Europe/London")) == dt.date(2026, 12, 1)
        with clock.frozen(dt.datetime(2027, 3, 28, 23, 30, tzinfo=dt.UTC)):
            # past midnight in London (BST), still the 28th in New York
            assert clock.today(ZoneInfo("Europe/London")) == dt.date(2027, 3, 29)
            assert clock.today(ZoneInfo("America/New_York")) == dt.date(2027, 3, 28)
        assert clock.now() == at
    assert abs(clock.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_a_naive_instant_is_read_as_utc() -> None:
    with clock.frozen(dt.datetime(2026, 12, 1, 9, 0)):
        assert clock.now() == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
