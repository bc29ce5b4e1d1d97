"""How long the web page's caseload takes to render for 2,000 open cases.

Goal (issue 15): within 300 ms on this machine (the wall-clock median, or
on a busy shared machine the CPU time of the request), once each case's caseload
facts are kept (they are kept on every save through the page; cases saved
by ``contactplan db import`` get them on the first caseload request, which
is timed separately as "first view").

    .venv/bin/python benchmarks/bench_web_caseload.py [--cases 2000] [--runs 7] [--database PATH]

The cases are the three bundled examples under 2,000 references, saved in
one transaction (their findings checked and kept, as any save does). The
page is requested through Flask's test client, signed in, so the time is
the whole request: session, store queries, template, response.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402

from contactplan.api import load_case  # noqa: E402
from contactplan.store import Store  # noqa: E402
from contactplan.web import create_app  # noqa: E402

EXAMPLES = ["nowak-family-failures", "nowak-family-good", "akhtar-haddad-family"]


def fill(store: Store, count: int) -> None:
    base = [load_case(ROOT / "examples" / f"{name}.yaml") for name in EXAMPLES]
    items = []
    for i in range(count):
        case = base[i % len(base)]
        info = msgspec.structs.replace(case.case, reference=f"CP-2026-{i:05d}")
        items.append((msgspec.structs.replace(case, case=info), None))
    store.save_many(items, "benchmark", "benchmark cases", today=dt.date(2026, 11, 22))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", type=Path, help="keep (or reuse) the store in this SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "bench.sqlite3"
        store = Store(f"sqlite:///{path}", upgrade=True)
        have = len(store.list())
        if have < args.cases:
            started = time.perf_counter()
            fill(store, args.cases)
            print(f"saved {args.cases} cases in {time.perf_counter() - started:.1f} s")
        app = create_app(store, today=dt.date(2026, 11, 22))
        client = app.test_client()
        from contactplan.store.users import add_user, list_users, session_stamp

        if "benchmark" not in {u.name for u in list_users(store)}:
            add_user(store, "benchmark", "a benchmark password")
        with client.session_transaction() as session:
            session["user"], session["seen"] = "benchmark", time.time()
            session["stamp"] = session_stamp(store, "benchmark")
        started = time.perf_counter()
        first = client.get("/")
        cold = time.perf_counter() - started
        assert first.status_code == 200, first.status_code
        times, cpu = [], []
        for _ in range(args.runs):
            started, ticks = time.perf_counter(), time.process_time()
            answer = client.get("/")
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - ticks)
            assert answer.status_code == 200
        rows = answer.text.count('<tr class="govuk-table__row">') - 1
        median = statistics.median(times)
        print(
            f"caseload of {rows} cases: first view {cold * 1000:.0f} ms; then median {median * 1000:.0f} ms, "
            f"best {min(times) * 1000:.0f} ms over {args.runs} runs ({len(answer.data) // 1024} KiB)"
        )
        print(
            f"CPU time of the request: median {statistics.median(cpu) * 1000:.0f} ms "
            "(steadier on a busy machine)"
        )
        met = min(median, statistics.median(cpu)) <= 0.3
        print("goal: 300 ms:", "met" if met else "NOT MET")
        store.close()
        return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
