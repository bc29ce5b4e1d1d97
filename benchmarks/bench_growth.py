"""Does checking one big case grow linearly? (issue 17, item 6)

Builds cases of 1k, 2k, 4k and 8k members, of as many contacts, and of as
many interpreters (each in the shape that was quadratic: member names YAML
would read as numbers, interpreters with unquoted phone numbers), and times,
in this process (CPU time, best of ``--runs``), each part of a one-file
check: parsing the YAML, turning it into the model, validating it, building
the checks' context, and each check.

For each part it prints the time at each size and the growth from 1k to 8k
divided by the size ratio (8): 1.0 is linear; the goal is under 1.3. Parts
over the goal are marked SUPER-LINEAR (parts that take under 20 ms at 8k are
too small to judge and marked so). Case files over 1 MiB are refused by the
reader; the limit is lifted here, since the point is how the work grows.

    .venv/bin/python benchmarks/bench_growth.py [--sizes 1000,2000,4000,8000] [--runs 3] [--only members]

The whole command is timed too (``contactplan check`` as a subprocess, with
its start-up) unless ``--no-cli``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contactplan.errors import ContactplanError

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.3
#: Parts that take less than this at the largest size: timer noise and caches decide their growth.
SMALL = 0.020
TODAY = dt.date(2026, 11, 22)

HEAD = """\
contactplan: 1
case: {reference: CP-BENCH-GROWTH, timezone: Europe/London}
"""


def members_case(n: int) -> str:
    """``n`` members, most of them relatives whose names are digits (YAML would read a number)."""
    lines = [HEAD, "members:\n"]
    lines.append("  - {id: mum, name: Test Mother, role: parent, languages: [{tag: pl, speaks: native}]}\n")
    lines.append(
        "  - {id: kid, name: Test Child, role: subject_child, date_of_birth: 2015-05-05, "
        "languages: [{tag: en, speaks: native}]}\n"
    )
    for i in range(n - 2):
        lines.append(
            f"  - {{id: m{i}, name: {100000 + i}, role: relative, "
            "languages: [{tag: pl, speaks: native}]}\n"
        )
    lines.append("interpreters:\n  - {id: int1, name: Ewa Test, languages: [pl], registration: NRPSI 1}\n")
    lines.append(
        "contacts:\n  - {id: c0, kind: home_visit, start: 2026-12-01T10:00, attendees: [mum, kid], "
        "interpreting: [{for: [mum], language: pl, interpreter: int1, status: confirmed}], "
        "seen_alone: [{child: kid, duration_minutes: 20}]}\n"
    )
    return "".join(lines)


def contacts_case(n: int) -> str:
    """``n`` contacts over two years, each with an interpreter, time alone, some missed."""
    lines = [HEAD, "members:\n"]
    lines.append("  - {id: mum, name: Test Mother, role: parent, languages: [{tag: pl, speaks: native}]}\n")
    lines.append(
        "  - {id: kid, name: Test Child, role: subject_child, date_of_birth: 2015-05-05, "
        "languages: [{tag: en, speaks: native}]}\n"
    )
    lines.append("interpreters:\n  - {id: int1, name: Ewa Test, languages: [pl], registration: NRPSI 1}\n")
    lines.append("contacts:\n")
    start = dt.datetime(2022, 1, 3, 9, 0)
    statuses = ["held", "held", "planned", "was_not_brought", "cancelled"]
    for i in range(n):
        when = start + dt.timedelta(days=i // 4, hours=2 * (i % 4))  # office hours: no clock change
        status = statuses[i % len(statuses)]
        lines.append(
            f"  - {{id: c{i}, kind: office_visit, start: {when:%Y-%m-%dT%H:%M}, status: {status}, "
            "attendees: [mum, kid], interpreting: [{for: [mum], language: pl, interpreter: int1, "
            "status: confirmed}], seen_alone: [{child: kid, duration_minutes: 20}]}\n"
        )
    return "".join(lines)


def interpreters_case(n: int) -> str:
    """``n`` interpreters with unquoted phone numbers (YAML would read a number)."""
    lines = [HEAD, "members:\n"]
    lines.append("  - {id: mum, name: Test Mother, role: parent, languages: [{tag: pl, speaks: native}]}\n")
    lines.append(
        "  - {id: kid, name: Test Child, role: subject_child, date_of_birth: 2015-05-05, "
        "languages: [{tag: en, speaks: native}]}\n"
    )
    lines.append("interpreters:\n")
    for i in range(n):
        lines.append(
            f"  - {{id: int{i}, name: Interpreter {i}, languages: [pl], phone: 0{7700900000 + i}}}\n"
        )
    lines.append(
        "contacts:\n  - {id: c0, kind: office_visit, start: 2026-12-01T10:00, attendees: [mum, kid], "
        "interpreting: [{for: [mum], language: pl, interpreter: int0, status: confirmed}], "
        "seen_alone: [{child: kid, duration_minutes: 20}]}\n"
    )
    return "".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "members": members_case,
    "contacts": contacts_case,
    "interpreters": interpreters_case,
}


def best_of(runs: int, function: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        gc.collect()  # each part pays for its own garbage, not for the one before
        start = time.process_time()  # CPU time: steadier than the wall clock on a shared machine
        result = function()
        times.append(time.process_time() - start)
    return min(times), result


def parts(text: str, runs: int) -> dict[str, float]:
    """Seconds spent in each part of checking ``text``."""
    import contactplan.casefile as casefile
    from contactplan.casefile.structure import convert
    from contactplan.casefile.validate import Validator, check_version
    from contactplan.casefile.yaml12 import parse
    from contactplan.checks import selected_checks
    from contactplan.checks.context import Context

    casefile.MAX_BYTES = 1 << 30  # the point is how the work grows, not the size limit
    out: dict[str, float] = {}
    # as load_case_text runs them: with the cyclic garbage collector paused
    out["read: parse YAML"], (data, doc) = best_of(
        runs, lambda: _gc_paused(lambda: parse(text, "bench.yaml"))
    )
    check_version(data, doc)
    out["read: to the model"], case = best_of(runs, lambda: _gc_paused(lambda: convert(data, doc)))
    out["read: validate"], _ = best_of(runs, lambda: Validator(case, doc).run())
    out["check: context"], context = best_of(runs, lambda: Context.build(case, today=TODAY))
    for check in selected_checks():
        out[f"check: {check.code} {check.name}"], _ = best_of(runs, lambda c=check: list(c.run(context)))
    out["whole: load_case_text + run_checks"], _ = best_of(runs, lambda: _whole(text))
    return out


def _gc_paused(work: Callable[[], Any]) -> Any:
    """``work()`` with the garbage collector paused, as the reader pauses it."""
    from contactplan.perf import gc_paused

    with gc_paused():
        return work()


def _whole(text: str) -> object:
    from contactplan.casefile import load_case_text
    from contactplan.checks import run_checks

    return run_checks(load_case_text(text, "bench.yaml"), today=TODAY)


def cli_time(text: str, runs: int) -> float | None:
    """The whole ``contactplan check`` (None when the file is over the reader's 1 MiB)."""
    if len(text.encode()) > 1024 * 1024:
        return None
    exe = str(Path(sys.executable).parent / "contactplan")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        path.write_text(text, encoding="utf-8")
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                [exe, "check", str(path), "--today", TODAY.isoformat()], capture_output=True, check=False
            )
            samples.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                return None
        return min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,2000,4000,8000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SHAPES), action="append")
    parser.add_argument("--no-cli", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ratio = sizes[-1] / sizes[0]
    slow: list[str] = []
    for shape in args.only or list(SHAPES):
        print(f"\n== {shape}: {', '.join(f'{s:,}' for s in sizes)} (size x{ratio:g}) ==")
        texts = {size: SHAPES[shape](size) for size in sizes}
        try:
            timings = {size: parts(texts[size], args.runs) for size in sizes}
        except ContactplanError as exc:
            print(f"could not be read: {exc}")
            slow.append(f"{shape}: could not be read ({exc})")
            continue
        if not args.no_cli:
            for size in sizes:
                took = cli_time(texts[size], args.runs)
                if took is not None:
                    timings[size]["cli: contactplan check (with start-up)"] = took
        names = [name for name in timings[sizes[0]] if all(name in timings[s] for s in sizes)]
        width = max(len(n) for n in names)
        header = "".join(f"{s:>10,}" for s in sizes)
        print(f"{'part':<{width}} {header}   growth/size")
        for name in names:
            row = "".join(f"{timings[s][name] * 1000:9.1f}m" for s in sizes)
            first, last = timings[sizes[0]][name], timings[sizes[-1]][name]
            growth = (last / first) / ratio if first > 0 else float("inf")
            if last < SMALL:
                verdict = "(too small to judge)"
            elif growth > GOAL:
                verdict = "SUPER-LINEAR"
                slow.append(
                    f"{shape}: {name} ({growth:.1f}x the size ratio, {last * 1000:.0f} ms at {sizes[-1]:,})"
                )
            else:
                verdict = "ok"
            print(f"{name:<{width}} {row}   {growth:5.2f}  {verdict}")
    print(f"\nGoal: growth under {GOAL}x the size ratio.")
    if slow:
        print("Still super-linear:")
        for line in slow:
            print(f"  - {line}")
    else:
        print("Every part grows linearly.")


if __name__ == "__main__":
    main()
