"""The ``fosterkit register`` commands: make the register workbook, and read it back into records."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.packs import load_policy_file
from fosterkit.adapters.register_files import RegisterCheck, make_register_file, read_register_file
from fosterkit.cli._args import DATE_METAVAR, add_format_option, add_json_option, date_arg, service_name
from fosterkit.cli._output import Outcome, count, day, emit_json
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.errors import FosterkitError
from fosterkit.interviews import DEFAULT_POLICY
from fosterkit.plugins import make_plugin_manager

__all__ = ["add_commands"]


def _cmd_new(args: argparse.Namespace) -> int:
    check_targets(
        [("OUT.xlsx", args.out)], [("--from", args.records), ("--policy", args.policy)], force=args.force
    )
    if args.service is None and not args.records:
        raise FosterkitError(
            "give the service's name with --service NAME (or records with --from to take it from)"
        )
    # the day is taken here, at the edge, never in the core; a register with no records has nothing due
    today: datetime.date | None = (args.today or datetime.date.today()) if args.records else None
    with Outcome("register new", json=args.json) as outcome:
        from fosterkit.cli.check import service_for  # loaded when used: command modules stay apart

        plugins = make_plugin_manager()
        service = (
            service_for(args.service, args.records, plugins, "the register") if args.records else args.service
        )
        held = make_register_file(
            args.out,
            service=service,
            records=args.records if args.records else (),
            force=args.force,
            plugins=plugins,
            format_name=args.format_name,
            today=today,
            policy=load_policy_file(args.policy) if args.policy else DEFAULT_POLICY,
        )
        outcome.wrote(args.out, "exit-interview register")
        outcome.summary.update(
            service=service, records=held, due_on=None if today is None else today.isoformat()
        )
        outcome.say(
            f"Wrote {args.out}: the exit-interview register for {service}, holding {count(held, 'record')}."
        )
        if today is not None:
            outcome.say(f"Its 'Due now' sheet lists what is due or overdue on {day(today)}.")
    return 0


def _as_json(result: RegisterCheck, out: str) -> dict[str, Any]:
    reading = result.reading
    return {
        "service": reading.service,
        "version": reading.version,
        "records": len(reading.records),
        "out": out,
        "problems": [
            {"where": p.where, "sheet": p.sheet, "cell": p.cell, "value": p.value, "message": p.message}
            for p in reading.problems
        ],
        "breaches": [
            {
                "process": process,
                "rule": b.rule.value,
                "path": b.path,
                "message": b.message,
                "instead": b.instead,
            }
            for process, b in result.breaches
        ],
        "record_problems": [p.describe() for p in result.check.problems],
        "notes": list(reading.notes),
    }


def _cmd_read(args: argparse.Namespace) -> int:
    check_targets([("--out", args.out)], [("REGISTER.xlsx", args.register)], force=args.force)
    result = read_register_file(args.register, plugins=make_plugin_manager())
    write_jsonl(result.reading.records, args.out)
    if args.json:
        emit_json(_as_json(result, args.out))
        return 0 if result.clean else 1
    reading = result.reading
    print(f"{reading.service}: {count(len(reading.records), 'record')} written to {args.out}")
    for note in reading.notes:
        print(f"  note: {note}")
    for problem in reading.problems:
        value = f" (holds '{problem.value}')" if problem.value else ""
        print(f"  not read: {problem}{value}")
    for process, breach in result.breaches:
        print(f"  rule broken: process {process}: {breach.describe()}")
    for record_problem in result.check.problems:
        print(f"  record problem: {record_problem.describe()}")
    print(
        f"  {count(len(reading.problems), 'value')} not read, "
        f"{count(len(result.breaches), 'rule breach', 'rule breaches')}, "
        f"{count(len(result.check.problems), 'record problem')}"
    )
    return 0 if result.clean else 1


def add_commands(commands: Any) -> None:
    """Add ``register new`` and ``register read`` to the command line's sub-commands."""
    register = commands.add_parser(
        "register",
        help="the register workbook a team keeps its exit interviews in",
        description=(
            "Make the register workbook a fostering team keeps its exit-interview practice in (households, "
            "leavers, processes, bookings, interviews, findings and responses), and read it back."
        ),
    )
    actions = register.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="make a register, empty or holding records")
    new.add_argument("out", metavar="OUT.xlsx")
    new.add_argument(
        "--service",
        type=service_name,
        metavar="NAME",
        help="the fostering service's name (default with --from: the name the household records give)",
    )
    new.add_argument("--from", dest="records", metavar="RECORDS.jsonl", help="records to put in the register")
    new.add_argument(
        "--today",
        type=date_arg,
        metavar=DATE_METAVAR,
        help="with --from, the day the 'Due now' sheet lists what is due on (default: today's date)",
    )
    new.add_argument("--policy", metavar="FILE", help="the service's time limits (TOML), for 'Due now'")
    add_format_option(new, "register")
    add_force_option(new, "OUT.xlsx")
    add_json_option(new)
    new.set_defaults(run=_cmd_new)
    read = actions.add_parser(
        "read",
        help="read a register back into records and check the process rules (exit 1 on any problem)",
        description=(
            "Read every row of a register into records, written to --out as JSON Lines, then list each value "
            "that could not be taken (by sheet and cell), each process rule broken and each record problem."
        ),
    )
    read.add_argument("register", metavar="REGISTER.xlsx")
    read.add_argument("--out", required=True, metavar="RECORDS.jsonl", help="where to write the records")
    read.add_argument("--json", action="store_true", help="print JSON for machines")
    add_force_option(read, "--out")
    read.set_defaults(run=_cmd_read)
