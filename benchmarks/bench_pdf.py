"""What the PDF safety of issue 20 costs, against a PDF of the same letter
laid out in the child process once it has started, in the same run: the
font check the web page asks before it offers a PDF (``api.pdf_problems``:
fontconfig, no layout), the HTML letter, and the first PDF (which starts
WeasyPrint in the child).

Goal: the font check under a quarter of the PDF it guards.

    .venv/bin/python benchmarks/bench_pdf.py [--runs 9]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from contactplan import api

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 22)
LETTERS = [
    (ROOT / "examples" / "akhtar-haddad-family.yaml", "missed-paed-01"),  # Urdu and English
    (ROOT / "examples" / "nowak-family-good.yaml", "inv-hv-02"),  # Polish and English
]
GOAL = 0.25


def median_seconds(work: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(path: Path, letter: str, runs: int) -> None:
    case = api.load_case(path)
    start = time.perf_counter()
    api.render_letter(case, letter, format="pdf", today=DAY)
    first = time.perf_counter() - start
    pdf = median_seconds(lambda: api.render_letter(case, letter, format="pdf", today=DAY), runs)
    check = median_seconds(lambda: api.pdf_problems(case, letter, today=DAY), runs)
    html = median_seconds(lambda: api.render_letter(case, letter, format="html", today=DAY), runs)
    verdict = "ok" if check / pdf < GOAL else "OVER GOAL"
    print(f"{path.stem} {letter}:")
    print(f"  PDF, child already started (baseline) {pdf * 1000:8.1f} ms")
    ratio = f"{check / pdf:5.2f}x  goal < {GOAL:g}x {verdict}"
    print(f"  font check (pdf_problems)             {check * 1000:8.1f} ms  {ratio}")
    print(f"  HTML letter                           {html * 1000:8.1f} ms  {html / pdf:5.2f}x")
    print(f"  first PDF (starts the child)          {first * 1000:8.1f} ms  {first / pdf:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    for path, letter in LETTERS:
        measure(path, letter, runs)


if __name__ == "__main__":
    main()
