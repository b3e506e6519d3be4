"""The ``fosterkit tracker`` commands: make, check and export a local response tracker."""

from __future__ import annotations

import argparse
from typing import Any

from fosterkit.adapters.installed import installed_packs
from fosterkit.adapters.tracker_files import make_tracker_file, read_tracker, save_tracker
from fosterkit.cli._args import add_format_option, add_json_option, service_name
from fosterkit.cli._output import Outcome, count, emit_json
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.errors import TrackerError
from fosterkit.framework import PackSet
from fosterkit.plugins import Plugins, make_plugin_manager
from fosterkit.serial.converter import unstructure
from fosterkit.tracker import ResponseStatus, TrackerReading, status_by_theme

__all__ = ["add_commands"]


def _cmd_new(args: argparse.Namespace) -> int:
    check_targets([("--out", args.out)], [("--from", args.previous)], force=args.force)
    with Outcome("tracker new", json=args.json) as outcome:
        tracker = make_tracker_file(
            args.out,
            pack=args.pack,
            service=args.service,
            previous=args.previous,
            format_name=args.format_name,
        )
        carried = sum(1 for entry in tracker.entries if entry.status is not ResponseStatus.NOT_STARTED)
        note = f", {count(carried, 'response')} carried forward" if args.previous else ""
        outcome.wrote(args.out, "response tracker")
        outcome.summary.update(
            service=tracker.service,
            pack=tracker.pack,
            pack_version=tracker.pack_version,
            recommendations=len(tracker.entries),
            carried=carried if args.previous else 0,
        )
        outcome.say(
            f"Wrote {args.out}: {tracker.service}'s response tracker for "
            f"{tracker.pack} {tracker.pack_version}"
        )
        outcome.say(f"  {count(len(tracker.entries), 'recommendation')}{note}")
    return 0


def _problems_json(reading: TrackerReading) -> list[dict[str, str]]:
    return [
        {"where": p.where, "sheet": p.sheet, "cell": p.cell, "value": p.value, "message": p.message}
        for p in reading.problems
    ]


def _read(path: str) -> tuple[Plugins, PackSet, TrackerReading]:
    """The plugins, the installed packs and the tracker file read back against them."""
    plugins = make_plugin_manager()
    packs, _ = installed_packs(plugins)
    return plugins, packs, read_tracker(path, packs=packs, plugins=plugins)


def _cmd_check(args: argparse.Namespace) -> int:
    _, packs, reading = _read(args.tracker)
    tracker = reading.tracker
    catalogue = packs.get(tracker.pack)
    by_theme = status_by_theme(tracker, catalogue)
    if args.json:
        data: dict[str, Any] = {
            "tracker": unstructure(tracker),
            "installed_version": catalogue.pack.version,
            "by_status": {status.value: n for status, n in tracker.by_status().items()},
            "by_theme": {
                theme: {status.value: n for status, n in counts.items()} for theme, counts in by_theme.items()
            },
            "problems": _problems_json(reading),
            "notes": list(reading.notes),
        }
        emit_json(data)
        return 1 if reading.problems else 0
    print(f"{tracker.service}: response tracker for {tracker.pack} {tracker.pack_version}")
    if tracker.pack_version != catalogue.pack.version:
        print(f"  note: the installed pack is version {catalogue.pack.version}")
    counts = ", ".join(f"{status.label.lower()} {n}" for status, n in tracker.by_status().items() if n)
    print(f"  {len(tracker.entries)} recommendations: {counts}")
    for theme_id, theme_counts in by_theme.items():
        title = catalogue.theme(theme_id).title if theme_id else "(no theme)"
        total = sum(theme_counts.values())
        done = theme_counts[ResponseStatus.IN_PLACE]
        open_ = (
            total - done - theme_counts[ResponseStatus.FOR_OTHERS] - theme_counts[ResponseStatus.NOT_ADOPTED]
        )
        print(f"  {title}: {total}, {done} in place, {open_} still open")
    for note in reading.notes:
        print(f"  note: {note}")
    for problem in reading.problems:
        print(f"  problem: {problem}")
    return 1 if reading.problems else 0


def _cmd_export(args: argparse.Namespace) -> int:
    check_targets([("--out", args.out)], [("FILE", args.tracker)], force=args.force)
    plugins, packs, reading = _read(args.tracker)
    if reading.problems:
        listed = "\n".join(f"  {problem}" for problem in reading.problems)
        raise TrackerError(
            f"{args.tracker} has values that could not be read, and exporting would lose them; "
            f"fix them first:\n{listed}"
        )
    with Outcome("tracker export", json=args.json) as outcome:
        save_tracker(
            reading.tracker,
            packs.get(reading.tracker.pack),
            args.out,
            plugins=plugins,
            format_name=args.format_name,
        )
        outcome.wrote(args.out, "response tracker")
        outcome.summary["responses"] = len(reading.tracker.entries)
        outcome.say(
            f"Wrote {args.out}: {count(len(reading.tracker.entries), 'response')} from {args.tracker}"
        )
    return 0


def add_commands(commands: Any) -> None:
    """Add ``fosterkit tracker`` to the ``fosterkit`` parser's subcommands."""
    tracker = commands.add_parser(
        "tracker",
        help="a local response tracker for a framework's recommendations",
        description=(
            "Track how the service answers each recommendation of an installed pack (the 2018 "
            "stocktake, say): response, business-plan action, owner, status and evidence. "
            "'new' makes the workbook (.xlsx) or table (.csv), 'check' reads one back and "
            "sums it up, 'export' turns one format into the other."
        ),
    )
    actions = tracker.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="make a tracker for a pack")
    new.add_argument("--pack", required=True, metavar="ID", help="an installed pack (see catalogue --packs)")
    new.add_argument("--out", required=True, metavar="FILE", help="the tracker to write (.xlsx or .csv)")
    new.add_argument("--service", type=service_name, default="Fostering service", help="the service's name")
    new.add_argument(
        "--from", dest="previous", metavar="FILE", help="an earlier tracker whose responses carry forward"
    )
    add_format_option(new, "tracker")
    add_force_option(new, "--out")
    add_json_option(new)
    new.set_defaults(run=_cmd_new)
    check = actions.add_parser(
        "check", help="read a tracker back and sum it up (exit 1 if a value is not accepted)"
    )
    check.add_argument("tracker", metavar="FILE")
    check.add_argument("--json", action="store_true", help="print JSON for machines")
    check.set_defaults(run=_cmd_check)
    export = actions.add_parser("export", help="write a tracker in another format (.xlsx to .csv, say)")
    export.add_argument("tracker", metavar="FILE")
    export.add_argument("--out", required=True, metavar="FILE")
    add_format_option(export, "tracker")
    add_force_option(export, "--out")
    add_json_option(export)
    export.set_defaults(run=_cmd_export)
