"""How long `contactplan --version`, a one-file `languages` and a one-file
`check` take to answer, against a bare `python -c pass`.

Goals (issue 17): a one-file `check` under 8x a bare Python start,
`--version` under 3x. Each command runs as a subprocess; the median of
``--runs`` runs is reported (and the best, which is what the program costs
on an idle machine). The package's bytecode is compiled first
(``compileall``), as installing it would: a checkout run with
``PYTHONDONTWRITEBYTECODE`` would otherwise compile every changed module on
every run. To see where the time goes:

    python -X importtime -m contactplan check examples/nowak-family-good.yaml 2>&1 | sort -t'|' -k2 -n

    .venv/bin/python benchmarks/bench_startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"contactplan --version": 3.0, "contactplan check (one file)": 8.0}


def timed(command: list[str], runs: int) -> tuple[float, float, float]:
    """The median and the best wall-clock time of ``runs`` runs, and the
    median CPU time (user + system) of the process: on a busy machine the
    wall clock measures the other processes too, the CPU time much less."""
    samples, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples), min(samples), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "contactplan")], check=True)
    exe = str(Path(sys.executable).parent / "contactplan")
    example = str(ROOT / "examples" / "nowak-family-good.yaml")
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("contactplan --version", [exe, "--version"]),
        ("python -m contactplan --version", [sys.executable, "-m", "contactplan", "--version"]),
        ("contactplan languages (one file)", [exe, "languages", example]),
        ("contactplan check (one file)", [exe, "check", example, "--today", "2026-11-22"]),
    ]
    # Interleaved rounds, so that a busy moment of the machine weighs on every command alike.
    samples: dict[str, list[tuple[float, float, float]]] = {label: [] for label, _ in commands}
    for _ in range(max(runs // 5, 1)):
        for label, command in commands:
            samples[label].append(timed(command, 5))

    def figures(label: str) -> tuple[float, float, float]:
        rows = samples[label]
        return (
            statistics.median(m for m, _, _ in rows),
            min(b for _, b, _ in rows),
            statistics.median(c for _, _, c in rows),
        )

    base = figures("python -c pass")
    print(f"{'':<33} {'wall median':>14} {'wall best':>16} {'CPU median':>16}   goal")
    for label, _ in commands:
        got = figures(label)
        cells = "".join(
            f" {value * 1000:7.1f} ms {value / ref:5.1f}x" for value, ref in zip(got, base, strict=True)
        )
        goal = f"< {GOALS[label]:.0f}x" if label in GOALS else ""
        print(f"{label:<33}{cells}   {goal}")


if __name__ == "__main__":
    main()
