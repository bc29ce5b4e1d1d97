"""``contactplan check``, ``rules`` and ``explain``."""

# No `from __future__ import annotations`: typer reads the annotations of every
# command when it runs; written as objects they cost nothing then (as strings,
# each would be compiled and evaluated on every start).
from pathlib import Path
from typing import Annotated

import typer

from ..findings import Finding, FindingsReport
from ..wording import shown_path, terminal_safe
from . import (
    EXIT_CLEAN,
    FormatOption,
    IgnoreOption,
    PolicyOption,
    SelectOption,
    TextOrJson,
    TodayOption,
    command,
    print_json,
    say,
    table,
    use_colour,
)

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def finding_line(file: str, finding: Finding, colour: bool = False) -> str:
    """``FILE: CODE [severity] message (member: x, contact: y)``: one line,
    whatever the values hold. Every value is made terminal-safe (control
    characters escaped, direction controls named) and a file name that holds
    anything unusual is quoted, so that nothing can start a line of its own."""
    labelled = (("member", finding.member), ("contact", finding.contact), ("letter", finding.letter))
    ids = ", ".join(f"{label}: {value}" for label, value in labelled if value is not None)
    code, severity = terminal_safe(finding.code), f"[{terminal_safe(finding.severity)}]"
    if colour:
        code = typer.style(code, bold=True)
        severity = typer.style(severity, fg=_SEVERITY_COLOURS.get(finding.severity))
    line = f"{terminal_safe(shown_path(file))}: {code} {severity} {terminal_safe(finding.message)}"
    line = f"{line} ({terminal_safe(ids)})" if ids else line
    if finding.acknowledged is not None:
        ack = finding.acknowledged
        line += terminal_safe(f" [acknowledged by {ack.by} on {ack.date}: {ack.reason}]")
    return line


@command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Case files, or folders holding *.yaml, *.yml, *.json.", show_default=False
        ),
    ],
    format: FormatOption = TextOrJson.text,
    today: TodayOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    policy: PolicyOption = None,
) -> None:
    """Check case files and report what in each plan repeats a failure case
    reviews keep finding. Exit 0: no errors; 1: at least one error; 2: a file
    could not be read."""
    from ..api import check_paths
    from ..checks import parse_policy

    report = check_paths(
        paths,
        today=today,
        policy=parse_policy(policy or []),
        select=[select] if select else [],
        ignore=[ignore] if ignore else [],
    )
    print_report(report, format)


def print_report(report: FindingsReport, format: TextOrJson) -> None:
    """What could not be read on standard error, the findings (a line each,
    or JSON) and the summary; then exit with the report's status."""
    for problem in report.unreadable:
        say(f"contactplan: error: {problem}", err=True)
    if format is TextOrJson.json:
        print_json(report.as_json())
    else:
        colour = use_colour()
        lines = [finding_line(where, finding, colour) for where, finding in report.located()]
        if lines:
            typer.echo("\n".join(lines), color=colour)
        say(report.summary())
    if report.exit_status != EXIT_CLEAN:
        raise typer.Exit(report.exit_status)


@command()
def rules(format: FormatOption = TextOrJson.text) -> None:
    """List every check: code, name, severity and what it finds."""
    from ..checks import REGISTRY

    checks = list(REGISTRY.values())
    if format is TextOrJson.json:
        print_json(
            [{"code": c.code, "name": c.name, "severity": c.severity, "finds": c.summary} for c in checks]
        )
        return
    rows = [[c.code, c.name, c.severity, c.summary] for c in checks]
    say(table(rows, ["code", "name", "severity", "finds"]))
    say("\n`contactplan explain CODE` documents one.")


@command()
def explain(
    code: Annotated[
        str, typer.Argument(help="A check's code (CP101) or name (sibling-interpreter).", show_default=False)
    ],
) -> None:
    """Document one check: what it finds, why it matters, how to fix the plan,
    with an example case file and the same file fixed."""
    import shutil

    from ..checks.docs import explain_text

    width = min(shutil.get_terminal_size((80, 24)).columns, 88) - 2
    say(explain_text(code, width))
