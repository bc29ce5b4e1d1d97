"""How long `contactplan --version` and a one-file `languages` take to answer,
against a bare `python -c pass` (the goal: --version under 5x).

    .venv/bin/python benchmarks/bench_startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    exe = str(Path(sys.executable).parent / "contactplan")
    example = str(ROOT / "examples" / "nowak-family-good.yaml")
    base = timed([sys.executable, "-c", "pass"], runs)
    print(f"python -c pass                      {base * 1000:7.1f} ms")
    for label, command in [
        ("contactplan --version", [exe, "--version"]),
        ("python -m contactplan --version", [sys.executable, "-m", "contactplan", "--version"]),
        ("contactplan languages (one file)", [exe, "languages", example]),
        ("contactplan check (one file)", [exe, "check", example, "--today", "2026-11-22"]),
    ]:
        took = timed(command, runs)
        print(f"{label:<35} {took * 1000:7.1f} ms  {took / base:5.1f}x")


if __name__ == "__main__":
    main()
