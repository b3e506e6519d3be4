"""The ``fosterkit process`` commands: what is due, the process figures, and rule breaches.

Each reads one JSON Lines file, or a register workbook, that may mix households, departures,
data collection records, exit processes, considering-leaving conversations, post-approval
interviews and reviews of the process; a register's values that could not be read are listed
first. Every departure counts, with or without an exit process: a leaver nobody opened a
process for is due an offer, counts in the figures as not offered, and is a breach once the
offer is overdue. Records of other kinds are passed over.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import Any

import attrs

from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.packs import load_policy_file
from fosterkit.adapters.practice_records import PracticeRecords, due_now, gather
from fosterkit.adapters.register_files import is_register, read_register
from fosterkit.cli._args import DATE_METAVAR, add_json_option, date_arg
from fosterkit.cli._output import count, day, emit_json
from fosterkit.cli._progress import progress_bar
from fosterkit.interviews import (
    DEFAULT_POLICY,
    ProcessPolicy,
    breaches,
    process_metrics,
)
from fosterkit.interviews.due import offers_overdue, practice_overdue
from fosterkit.interviews.metrics import AROUND_THE_PROCESS
from fosterkit.plugins import make_plugin_manager
from fosterkit.serial.converter import unstructure

__all__ = ["add_commands"]


def _read(args: argparse.Namespace) -> tuple[PracticeRecords, int]:
    """The records of the file named, and how many register values could not be read.

    A register workbook (a suffix a register format reads, such as ``.xlsx``) is read through
    its format, and each value it could not take is reported first, on standard error when
    the output is JSON; any other file is read as JSON Lines.
    """
    path: str = args.records
    plugins = make_plugin_manager()
    if not is_register(path, plugins):
        with progress_bar(path) as bar:
            return gather(iter_jsonl(path, progress=bar)), 0
    reading = read_register(path, plugins=plugins)
    out = sys.stderr if getattr(args, "json", False) else sys.stdout
    for problem in reading.problems:
        held = f" (holds '{problem.value}')" if problem.value else ""
        print(f"not read: {problem}{held}", file=out)
    if reading.problems:
        print(f"{count(len(reading.problems), 'value')} of the register not read; the rest follows", file=out)
    return gather(reading.records), len(reading.problems)


def _policy_for(args: argparse.Namespace) -> ProcessPolicy:
    return load_policy_file(args.policy) if args.policy else DEFAULT_POLICY


def _cmd_due(args: argparse.Namespace) -> None:
    records, _ = _read(args)
    items = due_now(
        records, args.today, policy=_policy_for(args), post_approval_held=args.post_approval_held or ()
    )
    if args.json:
        emit_json([unstructure(item) for item in items])
        return
    for item in items:
        print(item.describe())
    overdue = sum(item.overdue for item in items)
    print(f"{len(items)} due on {day(args.today)}, {overdue} of them overdue")
    bare = len({item.subject for item in items if item.without_process})
    if bare:
        print(f"{count(bare, 'leaver')} with no exit process, each due an offer of an exit interview")


#: Said above the figures, so no reader takes a rate over processes for one over leavers.
_BASE_NOTE = (
    "Rates are over departures with notice in the period, each counted once, with or without "
    "an exit process (a leaver with no process counts as not offered)."
)


def _cmd_metrics(args: argparse.Namespace) -> None:
    records, _ = _read(args)
    metrics = process_metrics(
        records.processes,
        departures=records.departures,
        policy=_policy_for(args),
        start=args.start,
        end=args.end,
        conversations=records.conversations,
        post_approval_interviews=records.post_approval_interviews,
        process_reviews=records.process_reviews,
    )
    if args.json:
        data: dict[str, Any] = unstructure(metrics)
        emit_json({"base": "departures", **data})
        return
    print(_BASE_NOTE)
    # the figures around the process are shown when the file holds records of their kind
    hidden = {name for kind, names in AROUND_THE_PROCESS.items() if not records.holds(kind) for name in names}
    for name, value in attrs.asdict(metrics, recurse=False).items():
        if name in hidden:
            continue
        shown = "-" if value is None else "yes" if value is True else "no" if value is False else value
        print(f"{name.replace('_', ' ')}: {shown}")


def _cmd_check(args: argparse.Namespace) -> int:
    records, not_read = _read(args)
    today: datetime.date = args.today or datetime.date.today()
    found: list[dict[str, Any]] = []
    for process in records.processes:
        for breach in breaches(process):
            found.append(
                {"id": process.id, "rule": breach.rule.value, "line": f"{process.id}: {breach.describe()}"}
            )
    items = due_now(records, today, policy=_policy_for(args))
    for item, breach in offers_overdue(items):
        who = f"{item.subject} (household {item.household_id})" if item.without_process else item.subject
        found.append({"id": item.subject, "rule": breach.rule.value, "line": f"{who}: {breach.describe()}"})
    for item in practice_overdue(items):
        found.append({"id": item.subject, "rule": item.kind.value, "line": item.describe()})
    if args.json:
        emit_json({"today": today.isoformat(), "values_not_read": not_read, "breaches": found})
    else:
        for breach_found in found:
            print(breach_found["line"])
        print(f"{count(len(found), 'rule breach', 'rule breaches')} found")
    return 1 if found or not_read else 0


def add_commands(commands: Any) -> None:
    """Add ``fosterkit process due | metrics | check`` to the command parser."""
    process = commands.add_parser(
        "process",
        help="what is due, process metrics and rule breaches, from JSON Lines or a register workbook",
        description=(
            "Read departures, exit processes, households, considering-leaving conversations, "
            "post-approval interviews and reviews of the process from a JSON Lines file of records or "
            "a register workbook (other kinds are passed over; a register's values that cannot be "
            "read are listed first), and show what is due or overdue, the figures for the "
            "annual review, or every rule broken. Every departure counts, whether or not an exit "
            "process was opened for it: a leaver with no process is due an offer of an exit "
            "interview, whatever the route of leaving, and the figures are over departures. "
            "--policy reads a service's own time limits from a TOML file."
        ),
    )
    steps = process.add_subparsers(dest="action", metavar="ACTION", required=True)
    due_cmd = steps.add_parser("due", help="what is due or overdue on a date, for every leaver")
    due_cmd.add_argument(
        "--today", type=date_arg, required=True, metavar=DATE_METAVAR, help="the date to judge by"
    )
    due_cmd.add_argument(
        "--post-approval-held",
        "--review-held",
        dest="post_approval_held",
        action="append",
        metavar="HOUSEHOLD",
        help="a household whose post-approval interview was held, with no record of it in the file",
    )
    due_cmd.set_defaults(run=_cmd_due)
    metrics_cmd = steps.add_parser(
        "metrics", help="process figures for a period, over departures (by notice date)"
    )
    metrics_cmd.add_argument("--from", dest="start", type=date_arg, metavar=DATE_METAVAR, help="first day")
    metrics_cmd.add_argument(
        "--to", dest="end", type=date_arg, metavar=DATE_METAVAR, help="day after the last"
    )
    metrics_cmd.set_defaults(run=_cmd_metrics)
    check_cmd = steps.add_parser(
        "check",
        help=(
            "list every rule each process breaks, every leaver whose offer is overdue, and overdue "
            "follow-ups, reviews of the process and telling carers and staff of them (exit 1 if any)"
        ),
    )
    check_cmd.add_argument(
        "--today",
        type=date_arg,
        metavar=DATE_METAVAR,
        help="the date to judge overdue offers by (default: today's date)",
    )
    check_cmd.set_defaults(run=_cmd_check)
    for sub in (due_cmd, metrics_cmd, check_cmd):
        sub.add_argument(
            "records", metavar="RECORDS.jsonl", help="records as JSON Lines, or a register workbook (.xlsx)"
        )
        sub.add_argument("--policy", metavar="FILE", help="the service's time limits (TOML)")
        add_json_option(sub, "the result")
