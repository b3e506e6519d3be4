"""The ``fosterkit audit-workbook`` and ``fosterkit audit-read`` commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fosterkit.adapters.audit_files import generate_audit_workbook, read_audit_workbook
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue
from fosterkit.analysis import Period
from fosterkit.analysis.suppression import check_threshold
from fosterkit.audit import AuditReading
from fosterkit.cli._args import PERIOD_FORMS, PERIOD_METAVAR, add_format_option, date_arg, period_arg
from fosterkit.cli._output import warn, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli._release import add_release_options, log_file, log_target, warn_any_period
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.cli.check import add_check_option, records_to_use
from fosterkit.plugins import make_plugin_manager
from fosterkit.serial.converter import unstructure

__all__ = ["add_commands"]


def _report(reading: AuditReading, source: str) -> None:
    for problem in reading.problems:
        warn(f"{source}: {problem}")


def _cmd_audit_workbook(args: argparse.Namespace) -> int:
    check_targets(
        [("OUT.xlsx", args.out)],
        [("--from", args.previous), ("--records", args.records)],
        force=args.force,
        updated=log_target(args) if args.records else [],
    )
    try:
        check_threshold(args.threshold)
    except ValueError as err:
        print(f"fosterkit: {err}", file=sys.stderr)
        return 2
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    catalogue = load_catalogue(args.pack)
    previous = None
    if args.previous:
        previous = read_audit_workbook(args.previous, catalogue=catalogue, plugins=plugins)
        _report(previous, args.previous)
    workbook = generate_audit_workbook(
        args.out,
        service=args.service,
        records=None if args.records is None else records_to_use(args.records, args, plugins),
        previous=previous,
        start=args.start,
        end=args.end,
        period=args.period,
        any_period=args.any_period,
        log_file=None if args.records is None else log_file(args, args.out),
        threshold=args.threshold,
        catalogue=catalogue,
        taxonomy=None if args.records is None else command_taxonomy(plugins),
        plugins=plugins,
        format_name=args.format_name,
    )
    cycle = workbook.cycle
    lines = [
        f"Wrote {args.out}: the {catalogue.pack.title} audit tool for {cycle.service}, "
        f"cycle {cycle.label}, {len(catalogue.questions)} questions."
    ]
    if previous is not None:
        lines.append(
            f"Carried {len(cycle.actions)} open action(s) and {len(workbook.previous)} position(s) "
            f"from {workbook.previous_label}."
        )
        if cycle.offer is not None:
            lines.append(
                f"Carried the support offer: {len(cycle.offer.programmes)} programme(s), "
                f"{len(cycle.offer.figures)} row(s) of figures."
            )
    if workbook.insights is not None:
        insights = workbook.insights
        warn_any_period(Period(insights.start, insights.end), args.any_period)
        lines.append(
            f"Exit interview insights for {insights.start} to {insights.end} "
            f"(counts 1-{insights.threshold} suppressed)."
        )
    if workbook.gaps is not None:
        lines.append("Gaps in the support offer, worst first:")
        lines.extend(f"  {line}" for line in workbook.gaps.lines())
    print("\n".join(lines))
    return 0


def _cmd_audit_read(args: argparse.Namespace) -> int:
    reading = read_audit_workbook(args.workbook, catalogue=load_catalogue(args.pack))
    cycle = reading.cycle
    if args.json:
        import json

        data: dict[str, Any] = {
            "cycle": unstructure(cycle),
            "problems": [
                {"where": p.where, "sheet": p.sheet, "cell": p.cell, "value": p.value, "message": p.message}
                for p in reading.problems
            ],
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        positions = len(cycle.positions)
        print(f"{cycle.service}: cycle {cycle.label} ({cycle.pack} {cycle.pack_version})")
        print(f"  answers: {len(cycle.answers)} ({positions} with a position)")
        print(f"  focus: {', '.join(cycle.focus) or 'none chosen'}")
        open_actions = len(cycle.open_actions)
        print(f"  actions: {len(cycle.actions)} ({open_actions} open)")
        offer = cycle.offer
        if offer is not None:
            counts = f"{len(offer.programmes)} programme(s), {len(offer.figures)} row(s) of figures"
            print(f"  support offer: {counts}")
        for problem in reading.problems:
            print(f"  problem: {problem}")
    return 1 if reading.problems else 0


def add_commands(commands: Any) -> None:
    """Add ``audit-workbook`` and ``audit-read`` to the command line's sub-commands."""
    generate = commands.add_parser(
        "audit-workbook",
        help="generate the audit-tool workbook for a new cycle",
        description=(
            "Write the Reflective Tool's audit workbook: every question of the Assess, Plan, Do and "
            "Review steps with dropdowns for the answers, the framework, priorities, an action plan "
            "and progress formulas with a chart, and Support offer sheets for the programmes offered "
            "to carers. With --records it adds exit interview insights; with --from it carries last "
            "cycle's open actions, positions and support offer forward; with both, a Gaps sheet."
        ),
    )
    generate.add_argument("out", metavar="OUT.xlsx")
    generate.add_argument("--service", metavar="NAME", help="the fostering service's name")
    generate.add_argument("--records", metavar="RECORDS.jsonl", help="exit records for the insights sheet")
    add_check_option(generate)
    generate.add_argument(
        "--from", dest="previous", metavar="LAST.xlsx", help="last cycle's filled-in workbook"
    )
    generate.add_argument(
        "--start", type=date_arg, metavar="DATE", help="first day of the cycle (default today)"
    )
    generate.add_argument(
        "--end", type=date_arg, metavar="DATE", help="last day of the cycle (default six months on)"
    )
    generate.add_argument(
        "--period",
        type=period_arg,
        metavar=PERIOD_METAVAR,
        help=f"period of the insights: {PERIOD_FORMS} (default the last complete half-year of the "
        "April-March year)",
    )
    generate.add_argument(
        "--threshold", type=int, default=5, metavar="N", help="suppress counts from 1 to N (3-10, default 5)"
    )
    add_release_options(generate, "OUT.xlsx")
    generate.add_argument("--pack", default=DEFAULT_PACK, help="catalogue pack (default the built-in)")
    add_format_option(generate, "audit-workbook")
    add_force_option(generate, "OUT.xlsx")
    generate.set_defaults(run=_cmd_audit_workbook)

    read = commands.add_parser(
        "audit-read",
        help="read a filled-in audit workbook back (exit 1 if any value cannot be accepted)",
        description=(
            "Read an audit workbook back: answers, priorities and actions, then every value that "
            "could not be accepted with its sheet and cell, such as Assess!F12."
        ),
    )
    read.add_argument("workbook", metavar="WORKBOOK.xlsx")
    read.add_argument("--json", action="store_true", help="print JSON for machines")
    read.add_argument("--pack", default=DEFAULT_PACK, help="catalogue pack (default the built-in)")
    read.set_defaults(run=_cmd_audit_read)
