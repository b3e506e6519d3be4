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
from fosterkit.cli._args import (
    DATE_METAVAR,
    PERIOD_FORMS,
    PERIOD_METAVAR,
    add_format_option,
    add_json_option,
    date_arg,
    period_arg,
    service_name,
)
from fosterkit.cli._output import Outcome, count, day, emit_json, warn, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli._release import add_release_options, log_file, log_target, warn_any_period
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.cli.check import add_check_option, records_to_use, service_for
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
    with Outcome("audit-workbook", json=args.json) as outcome:
        _audit_workbook(args, outcome)
    return 0


def _audit_workbook(args: argparse.Namespace, outcome: Outcome) -> None:
    """Write the workbook and say what went into it."""
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    catalogue = load_catalogue(args.pack)
    previous = None
    if args.previous:
        previous = read_audit_workbook(args.previous, catalogue=catalogue, plugins=plugins)
        _report(previous, args.previous)
    service = args.service
    if service is None and args.records is not None and previous is None:
        service = service_for(None, args.records, plugins, "the workbook")
    workbook = generate_audit_workbook(
        args.out,
        service=service,
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
    outcome.wrote(args.out, "audit workbook")
    if args.records is not None:
        log = log_file(args, args.out)
        if log is not None:
            outcome.wrote(log, "publication log")
    outcome.summary.update(
        service=cycle.service,
        cycle=cycle.label,
        questions=len(catalogue.questions),
        actions_carried=len(cycle.actions) if previous is not None else 0,
    )
    outcome.say(
        f"Wrote {args.out}: the {catalogue.pack.title} audit tool for {cycle.service}, "
        f"cycle {cycle.label}, {count(len(catalogue.questions), 'question')}."
    )
    if previous is not None:
        outcome.say(
            f"Carried {count(len(cycle.actions), 'open action')} and "
            f"{count(len(workbook.previous), 'position')} from {workbook.previous_label}."
        )
        if cycle.offer is not None:
            outcome.say(
                f"Carried the support offer: {count(len(cycle.offer.programmes), 'programme')}, "
                f"{count(len(cycle.offer.figures), 'row')} of figures."
            )
    if workbook.insights is not None:
        insights = workbook.insights
        warn_any_period(Period(insights.start, insights.end), args.any_period)
        outcome.say(
            f"Exit interview insights for {day(insights.start)} to {day(insights.end)} "
            f"(counts 1-{insights.threshold} suppressed)."
        )
    if workbook.gaps is not None:
        outcome.say("Gaps in the support offer, worst first:")
        for line in workbook.gaps.lines():
            outcome.say(f"  {line}")


def _cmd_audit_read(args: argparse.Namespace) -> int:
    reading = read_audit_workbook(args.workbook, catalogue=load_catalogue(args.pack))
    cycle = reading.cycle
    if args.json:
        data: dict[str, Any] = {
            "cycle": unstructure(cycle),
            "problems": [
                {"where": p.where, "sheet": p.sheet, "cell": p.cell, "value": p.value, "message": p.message}
                for p in reading.problems
            ],
            "notes": list(reading.notes),
        }
        emit_json(data)
    else:
        positions = len(cycle.positions)
        print(f"{cycle.service}: cycle {cycle.label} ({cycle.pack} {cycle.pack_version})")
        print(f"  answers: {len(cycle.answers)} ({positions} with a position)")
        print(f"  focus: {', '.join(cycle.focus) or 'none chosen'}")
        open_actions = len(cycle.open_actions)
        print(f"  actions: {len(cycle.actions)} ({open_actions} open)")
        offer = cycle.offer
        if offer is not None:
            counts = (
                f"{count(len(offer.programmes), 'programme')}, {count(len(offer.figures), 'row')} of figures"
            )
            print(f"  support offer: {counts}")
        for note in reading.notes:
            print(f"  note: {note}")
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
    generate.add_argument(
        "--service",
        type=service_name,
        metavar="NAME",
        help="the fostering service's name (default: last cycle's with --from, else the name the household "
        "records of --records give)",
    )
    generate.add_argument("--records", metavar="RECORDS.jsonl", help="exit records for the insights sheet")
    add_check_option(generate)
    generate.add_argument(
        "--from", dest="previous", metavar="LAST.xlsx", help="last cycle's filled-in workbook"
    )
    generate.add_argument(
        "--start", type=date_arg, metavar=DATE_METAVAR, help="first day of the cycle (default today)"
    )
    generate.add_argument(
        "--end", type=date_arg, metavar=DATE_METAVAR, help="last day of the cycle (default six months on)"
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
    add_json_option(generate)
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
