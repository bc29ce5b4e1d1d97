"""How long `contactplan check` takes over a folder of case files, against
only parsing the same files with PyYAML's CSafeLoader, and how it grows.

Goals (issue 3): checking 2,000 files takes at most 2x the bare parse and
grows linearly; a one-file check answers in under 12x a bare `python -c pass`
(issue 17 lowers that to 8x: `bench_startup.py`).

    .venv/bin/python benchmarks/bench_check.py [--files 2000] [--runs 3] [--keep DIR]

Case files are synthetic and realistic in size: a family of 4 to 7 members,
5 to 30 contacts over a few months with interpreting and time alone, an
interpreter register and letters. Every command runs as a subprocess, so
interpreter start-up and imports are counted on both sides. The package's
bytecode is compiled first (``compileall``), as installing it would.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["pl", "ro", "pa", "ur", "pt", "ar", "bn", "so", "ti", "uk", "sq", "fa", "ps", "ku", "es", "it"]
KINDS = ["home_visit", "school_visit", "office_visit", "health_appointment", "core_group", "phone_call"]
STATUSES = ["held"] * 5 + ["planned"] * 5 + ["cancelled", "was_not_brought", "no_access", "did_not_attend"]
LEVELS = ["basic", "conversational", "fluent", "native"]
METHODS = ["professional_interpreter", "self_report", "family_interpreter", "records"]
EXTRA_ROLES = ["sibling", "partner", "relative", "subject_child"]
PLANS = ["early_help", "child_protection", "child_in_need", "looked_after", "child_protection"]


def person(rng: random.Random, i: int, role: str, born: int, language: str) -> dict[str, Any]:
    member: dict[str, Any] = {
        "id": f"m{i}",
        "name": f"Person {i} Example",
        "role": role,
        "date_of_birth": f"{born}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "gender": rng.choice(["female", "male"]),
        "languages": [
            {"tag": language, "speaks": "native", "reads": rng.choice(LEVELS)},
            {"tag": "en", "speaks": rng.choice(LEVELS), "reads": rng.choice(LEVELS)},
        ],
    }
    if rng.random() < 0.8:
        member["language_assessment"] = {
            "date": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "method": rng.choice(METHODS),
            "by": "A Practitioner",
        }
    return member


def case_file(rng: random.Random, n: int) -> dict[str, Any]:
    language = tag = rng.choice(LANGUAGES)
    size = rng.randint(4, 7)
    roles = ["parent", "subject_child", *rng.choices(EXTRA_ROLES, k=size - 2)]
    members = [
        person(rng, i, role, rng.randint(2010, 2024) if role in ("subject_child", "sibling") else 1985, tag)
        for i, role in enumerate(roles)
    ]
    for i, member in enumerate(members):  # children on plans (CP206, `due`), without drawing from rng
        if member["role"] == "subject_child" and (n + i) % 5:
            member["plan"] = {"type": PLANS[(n + i) % 5], "since": "2026-09-01"}
    interpreters = [
        {"id": f"int{j}", "name": f"Interpreter {j}", "agency": "Example Language Services",
         "languages": [language], "gender": rng.choice(["female", "male"]),
         "registration": f"NRPSI {rng.randint(10000, 99999)}" if rng.random() < 0.9 else None}
        for j in range(rng.randint(1, 4))
    ]  # fmt: skip
    contacts = []
    for k in range(rng.randint(5, 30)):
        attendees = rng.sample([m["id"] for m in members], rng.randint(2, len(members)))
        children = [m["id"] for m in members if m["role"] == "subject_child" and m["id"] in attendees]
        contact: dict[str, Any] = {
            "id": f"c{k:02d}",
            "kind": rng.choice(KINDS),
            "start": f"2026-{rng.randint(9, 12):02d}-{rng.randint(10, 28)}T{rng.randint(9, 16):02d}:00",
            "duration_minutes": rng.choice([30, 45, 60, 90]),
            "location": f"{k} Example Road, Example City",
            "status": rng.choice(STATUSES),
            "practitioners": [{"name": "Jo Smith", "role": "Social Worker", "email": "jo@example.gov.uk"}],
            "attendees": attendees,
            "interpreting": [
                {"for": [a for a in attendees if a not in children][:2] or attendees[:1],
                 "language": language,
                 "interpreter": rng.choice(interpreters)["id"], "mode": "in_person",
                 "status": rng.choice(["confirmed", "requested"]), "booking_reference": f"ELS-{k}"}
            ],
        }  # fmt: skip
        if children and rng.random() < 0.6:
            contact["seen_alone"] = [{"child": children[0], "duration_minutes": 20, "language": language}]
        if contact["status"] == "held":
            contact["seen"] = attendees
        contacts.append(contact)
    letters = [
        {"id": f"l{k}", "template": "appointment", "to": "m0", "contact": c["id"]}
        | ({"languages": ["en"]} if rng.random() < 0.3 else {})
        for k, c in enumerate(rng.sample(contacts, rng.randint(1, min(5, len(contacts)))))
    ]
    letters.append({"id": "da", "template": "domestic_abuse_support", "to": "m0"})
    return {
        "contactplan": 1,
        "case": {"reference": f"CP-BENCH-{n:05d}", "timezone": "Europe/London",
                 "lead_practitioner": {"name": "Jo Smith", "email": "jo@example.gov.uk"}},
        "members": members,
        "interpreters": interpreters,
        "contacts": contacts,
        "letters": letters,
    }  # fmt: skip


def generate(folder: Path, count: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = yaml.safe_dump(case_file(rng, n), sort_keys=False, allow_unicode=True)
        (folder / f"case-{n:05d}.yaml").write_text(text, encoding="utf-8")


BARE_PARSE = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


def timed(command: list[str], runs: int) -> float:
    """The median wall-clock time of ``runs`` runs; a run that fails to read a file stops the benchmark."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.decode()[:500]}")
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the files here and keep them")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "contactplan")
    # An installed package has its bytecode compiled at install time; a checkout
    # run with PYTHONDONTWRITEBYTECODE would compile every module on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "contactplan")], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        top = args.keep or Path(scratch)
        sizes = sorted({args.files // 4, args.files // 2, args.files})
        for size in sizes:
            generate(top / f"n{size}", size)
        one = next((top / f"n{sizes[0]}").glob("*.yaml"))
        average = sum(p.stat().st_size for p in (top / f"n{args.files}").glob("*.yaml")) / args.files
        print(f"{args.files} synthetic case files, {average / 1024:.1f} KiB each on average\n")
        print(f"{'files':>6} {'bare parse':>12} {'check':>10} {'ratio':>7} {'check per file':>16}")
        for size in sizes:
            folder = str(top / f"n{size}")
            bare = timed([sys.executable, "-c", BARE_PARSE, folder], args.runs)
            check = timed([exe, "check", folder, "--today", "2026-11-22", "--format", "json"], args.runs)
            per_file = check / size * 1000
            print(f"{size:>6} {bare:>11.2f}s {check:>9.2f}s {check / bare:>6.2f}x {per_file:>13.2f} ms")
        base = timed([sys.executable, "-c", "pass"], max(args.runs, 15))
        single = timed([exe, "check", str(one), "--today", "2026-11-22"], max(args.runs, 15))
        print(f"\npython -c pass {base * 1000:.1f} ms; one-file check {single * 1000:.1f} ms", end=" ")
        print(f"= {single / base:.1f}x")


if __name__ == "__main__":
    main()
