"""Does the calendar export grow linearly with the number of contacts?

Two measures, each a ratio against a baseline timed in the same run, in CPU
time (user + system: on a shared, busy machine wall-clock time measures the
other users too):

1. ``contactplan calendar --method request`` and ``--method publish`` over a
   quarter, half and all of ``--files`` synthetic case files (those of
   ``bench_check.py``), against only parsing the same files with PyYAML's C
   loader, as subprocesses. Linear: the ratio stays the same as the files grow.
2. In-process, one case whose contacts are copied to 250, 500, 1,000 and
   2,000 (``--contacts``; a case file may be 1 MiB at most):
   ``calendar.export(method=request)`` against the interpreting checks alone
   on the same case (``run_checks`` with
   ``BLOCKING_CODES``, which the export runs once a case). Linear: the
   ratio stays the same; growth per doubling near 2.0, not 4.0.

The export used to gather each case's contacts by scanning every contact
chosen, once a case: quadratic over many files. It now gathers them in one
pass and checks each case once.

    .venv/bin/python benchmarks/bench_calendar.py [--files 2000] [--contacts 250,500,1000,2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_check import BARE_PARSE, case_file, generate  # noqa: E402

#: Before every synthetic contact (September to December 2026): all planned ones may be invited.
TODAY = "2026-09-01"


def cpu_timed(command: list[str], runs: int) -> float:
    """The median CPU time (user + system) of ``runs`` runs of ``command``: on
    a shared, busy machine the steadier figure (wall-clock time measures the
    other users too)."""
    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, check=False, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.decode()[:500]}")
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples)


def across_files(files: int, runs: int) -> None:
    exe = str(Path(sys.executable).parent / "contactplan")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "contactplan")], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        top = Path(scratch)
        sizes = sorted({files // 4, files // 2, files})
        for size in sizes:
            generate(top / f"n{size}", size)
        print(f"1. over case files (CPU time of the process, median of {runs} runs)\n")
        print(f"{'files':>6} {'bare parse':>11} {'request':>9} {'ratio':>7} {'publish':>9} {'ratio':>7}")
        for size in sizes:
            folder = str(top / f"n{size}")
            bare = cpu_timed([sys.executable, "-c", BARE_PARSE, folder], runs)
            request = cpu_timed([exe, "calendar", folder, "--method", "request", "--today", TODAY], runs)
            publish = cpu_timed([exe, "calendar", folder, "--today", TODAY], runs)
            print(
                f"{size:>6} {bare:>10.2f}s {request:>8.2f}s {request / bare:>6.2f}x "
                f"{publish:>8.2f}s {publish / bare:>6.2f}x"
            )


def _best(function: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.process_time()
        function()
        samples.append(time.process_time() - start)
    return min(samples)


def one_big_case(counts: list[int], runs: int) -> None:
    import yaml

    from contactplan.calendar import BLOCKING_CODES, Method, export
    from contactplan.casefile import load_case_text
    from contactplan.checks import run_checks

    data: dict[str, Any] = case_file(random.Random(2026), 1)
    pattern = data["contacts"]
    print(f"\n2. one case, its {len(pattern)} contacts copied (CPU time, best of {runs} runs)\n")
    print(f"{'contacts':>8} {'checks':>9} {'export':>9} {'ratio':>7} {'growth':>7}")
    today = dt.date.fromisoformat(TODAY)
    now = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
    last: float | None = None
    for count in counts:
        contacts = []
        for k in range(count):
            contact = copy.deepcopy(pattern[k % len(pattern)])
            contact["id"] = f"c{k:05d}"
            contacts.append(contact)
        data["contacts"] = contacts
        data["letters"] = [{"id": "da", "template": "domestic_abuse_support", "to": "m0"}]
        case = load_case_text(yaml.safe_dump(data, sort_keys=False), "big.yaml")
        checks = _best(partial(run_checks, case, today=today, select=sorted(BLOCKING_CODES)), runs)
        made = _best(partial(export, [("big.yaml", case)], method=Method.request, now=now, today=today), runs)
        growth = f"{made / last:>6.2f}x" if last else f"{'':>7}"
        print(f"{count:>8} {checks:>8.3f}s {made:>8.3f}s {made / checks:>6.2f}x {growth}")
        last = made


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--contacts", default="250,500,1000,2000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    across_files(args.files, args.runs)
    one_big_case([int(n) for n in args.contacts.split(",")], args.runs)


if __name__ == "__main__":
    main()
