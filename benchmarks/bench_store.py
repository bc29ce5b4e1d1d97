"""How fast the store imports and checks a caseload, on SQLite and PostgreSQL.

Goals (issue 14): `contactplan db import` under 10 ms a case;
`contactplan db check` over every case in the store no slower than 1.5x
`contactplan check` over the same files on disk, measured in the same run.
Issue 21: `contactplan due --database` (what every open case needs next)
within 2x of `db check` on the same store.

    .venv/bin/python benchmarks/bench_store.py [--files 2000] [--runs 3] [--engines sqlite,postgresql]

The case files are those of ``bench_check.py`` (the same generator and seed).
PostgreSQL runs in a throwaway cluster started with the machine's ``pg_ctl``
(the tests' helper, ``tests/store_support.py``), on 127.0.0.1, with its
normal durability settings; it is left out, with the reason, when PostgreSQL
is not installed. Every command runs as a subprocess, so start-up and imports
are counted on both sides.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_check import generate, timed  # noqa: E402

TODAY = "2026-11-22"


def once(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.decode()[:500]}")
    return time.perf_counter() - start


# Every module both commands import, compiled to bytecode as an install would
# (a checkout run with PYTHONDONTWRITEBYTECODE compiles them on every run).
_IMPORTS = (
    "import sys, contactplan.cli, contactplan.api, contactplan.checks, contactplan.casefile\n"
    "import contactplan.store, contactplan.store.caseload, sqlalchemy.dialects.sqlite\n"
    "try:\n    import psycopg, sqlalchemy.dialects.postgresql.psycopg\nexcept ImportError:\n    pass\n"
    "import alembic.command, alembic.config\n"
    "print('\\n'.join(m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)))\n"
)


def compile_imports() -> None:
    import py_compile

    listed = subprocess.run([sys.executable, "-c", _IMPORTS], check=True, capture_output=True, text=True)
    for name in listed.stdout.split():
        if name.endswith(".py"):
            with contextlib.suppress(py_compile.PyCompileError, OSError):
                py_compile.compile(name, doraise=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "contactplan")
    compile_imports()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "cases"
        generate(folder, args.files)
        print(f"{args.files} synthetic case files (bench_check.py's generator)\n")
        print(
            f"{'engine':<11} {'import':>9} {'per case':>9} {'check files':>12} {'db check':>9} {'ratio':>6}"
            f" {'due':>7} {'due/db check':>13}"
        )
        for engine in args.engines.split(","):
            cluster = None
            if engine == "sqlite":
                url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
            elif engine == "postgresql":
                from store_support import start_cluster

                cluster, why = start_cluster(durable=True)
                if cluster is None:
                    print(f"{engine:<11} left out: {why}")
                    continue
                url = cluster.create_database()
            else:
                raise SystemExit(f"--engines: {engine!r} is not sqlite or postgresql")
            try:
                imported = once([exe, "db", "import", str(folder), "--database", url, "--by", "bench"])
                files = timed([exe, "check", str(folder), "--today", TODAY, "--format", "json"], args.runs)
                stored = timed(
                    [exe, "db", "check", "--database", url, "--today", TODAY, "--format", "json"], args.runs
                )
                due = timed([exe, "due", "--database", url, "--today", TODAY, "--format", "json"], args.runs)
            finally:
                if cluster is not None:
                    cluster.stop()
            per_case = imported / args.files * 1000
            print(
                f"{engine:<11} {imported:>8.2f}s {per_case:>6.2f} ms {files:>11.2f}s {stored:>8.2f}s "
                f"{stored / files:>5.2f}x {due:>6.2f}s {due / stored:>12.2f}x"
            )
        print(
            "\nGoals: import under 10 ms a case; db check at most 1.5x check over the files; "
            "due at most 2x db check."
        )


if __name__ == "__main__":
    main()
