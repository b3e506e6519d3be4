"""The ``fosterkit check`` command, and the check the analyses and exporters run first."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fosterkit.adapters.checking import check_file, usable_records
from fosterkit.adapters.jsonl import RecordLine, iter_jsonl, scan_jsonl
from fosterkit.adapters.register_files import is_register, read_register, read_register_file
from fosterkit.analysis.report import DEFAULT_SERVICE
from fosterkit.cli._output import count, emit_json, one_service, warn, words
from fosterkit.cli._progress import progress_bar
from fosterkit.interviews import CheckResult
from fosterkit.plugins import Plugins, make_plugin_manager
from fosterkit.records import Household

__all__ = ["add_check_option", "add_commands", "records_service", "records_to_use", "service_for"]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{words(rule)} {n}" for rule, n in counts.items())


def _summary(result: CheckResult) -> str:
    """One line for people: records checked by kind, problems, records set aside."""
    kinds = _counts(dict(sorted(result.kinds.items()))) or "none"
    return (
        f"{count(result.records, 'record')} checked ({kinds}): {count(len(result.problems), 'problem')}, "
        f"{count(len(result.set_aside), 'record')} set aside"
    )


def records_service(path: str, plugins: Plugins) -> set[str] | None:
    """The names of the service the household records of ``path`` give (a register: its own).

    Only the lines that may be households are read as records, so this is quick even for a
    large file. ``None`` when the file cannot be read as records at all (missing, a folder, or
    not JSON Lines by its first line): reading it for the command says why, in one line.
    """
    if is_register(path, plugins):
        try:
            return {read_register(path, plugins=plugins).service}
        except (OSError, ValueError, LookupError):  # said when the register is read for the command
            return None
    try:
        with Path(path).open(encoding="utf-8-sig", errors="surrogateescape", newline="\n") as file:
            first = next((line for line in file if line.strip()), "")
            if first and not first.lstrip().startswith("{"):
                return None  # not JSON Lines: the command's own reading says what it holds
            wanted = [first] if "household" in first else []
            lines = io.StringIO("".join(wanted + [line for line in file if "household" in line]))
    except OSError:
        return None
    return {
        line.record.service.name
        for line in scan_jsonl(lines, kinds="household")
        if isinstance(line, RecordLine) and isinstance(line.record, Household)
    }


def service_for(given: str | None, path: str, plugins: Plugins, what: str) -> str:
    """``--service`` if given, else the one service the records name, else the default, said in one line.

    Nothing is said of a file that cannot be read: the command's reading of it says why.
    """
    if given is not None:
        return given
    names = records_service(path, plugins)
    if names is None:
        return DEFAULT_SERVICE
    return one_service(names, path, f"{what} calls", DEFAULT_SERVICE)


def records_to_use(path: str, args: argparse.Namespace, plugins: Plugins) -> Iterator[object]:
    """The records a command should use: checked first, unless ``--no-check`` was given.

    ``path`` is a JSON Lines file or a register workbook (a suffix a register format reads).

    The check runs when the records are first asked for (so a command still checks its other
    arguments before reading anything). It says on standard error how many records were set
    aside and why (counts by rule) and how many other problems were found, then yields the
    records with those set aside left out. Nothing is said when the check finds nothing. With
    ``--no-check`` every record is read as it is.
    """
    if is_register(path, plugins):
        yield from _register_records(path, args, plugins)
        return
    with progress_bar(path, shown=not getattr(args, "quiet", False)) as bar:
        if args.no_check:
            yield from iter_jsonl(path, progress=bar)
            return
        records, result = usable_records(path, progress=bar)
        if result.set_aside:
            warn(
                f"{path}: set aside {len(result.set_aside)} of {count(result.records, 'record')} "
                f"({_counts(result.by_rule(set_aside=True))}); run 'fosterkit check {path}' to see each one"
            )
        reported = result.by_rule(set_aside=False)
        if reported:
            others = count(sum(reported.values()), "other problem")
            warn(f"{path}: {others} found, records kept ({_counts(reported)})")
        yield from records


def _register_records(path: str, args: argparse.Namespace, plugins: Plugins) -> Iterator[object]:
    """The records of a register workbook, as :func:`records_to_use` gives those of a records file.

    Each value the register could not take has already left its row out; the cross-record
    check sets aside what it would set aside in a records file, unless ``--no-check``.
    """
    read = read_register_file(path, plugins=plugins)
    records = list(read.reading.records)
    if read.reading.problems:
        warn(
            f"{path}: {count(len(read.reading.problems), 'value')} of the register not read, "
            "their rows left out; "
            f"run 'fosterkit register read {path} --out FILE' to see each one"
        )
    result = read.check
    if args.no_check or not result.set_aside:
        yield from records
        return
    warn(
        f"{path}: set aside {len(result.set_aside)} of {count(result.records, 'record')} "
        f"({_counts(result.by_rule(set_aside=True))}); run 'fosterkit register read {path}' to see each one"
    )
    yield from (r for n, r in enumerate(records, start=1) if f"record {n}" not in result.set_aside)


def add_check_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-check`` to a command that reads records."""
    parser.add_argument(
        "--no-check",
        action="store_true",
        help="skip the cross-record check (for experts): use every record, even those it would set aside",
    )


def _as_json(path: str, result: CheckResult) -> dict[str, Any]:
    return {
        "file": path,
        "records": result.records,
        "kinds": dict(sorted(result.kinds.items())),
        "set_aside": len(result.set_aside),
        "by_rule": result.by_rule(),
        "unchecked": list(result.unchecked),
        "problems": [
            {
                "line": p.position,
                "kind": p.kind,
                "id": p.id,
                "rule": p.rule,
                "sets_aside": p.sets_aside,
                "message": p.message,
            }
            for p in result.problems
        ],
    }


def _cmd_check(args: argparse.Namespace) -> int:
    # A register workbook is checked on the records it gives (values it cannot take are listed
    # by 'register read'); a records file line by line.
    plugins = make_plugin_manager()
    if is_register(args.records, plugins):
        result = read_register_file(args.records, plugins=plugins).check
    else:
        with progress_bar(args.records) as bar:
            result = check_file(args.records, progress=bar)
    if args.json:
        emit_json(_as_json(args.records, result))
        return 0 if result.ok else 1
    for problem in result.problems:
        aside = " [set aside]" if problem.sets_aside else ""
        print(f"{problem.describe()}{aside}")
    for note in result.unchecked:
        print(f"Note: {note}.")
    print(f"{args.records}: {_summary(result)}.")
    if result.problems:
        print(f"By rule: {_counts(result.by_rule())}.")
    return 0 if result.ok else 1


def add_commands(commands: Any) -> None:
    """Add ``check`` to the command line's sub-commands."""
    check = commands.add_parser(
        "check",
        help="check records across records: references, dates in order, one departure at a time, ids",
        description=(
            "Check a JSON Lines file of records against every cross-record rule, in one streaming "
            "pass: each departure's household, each exit process's and interview's departure, "
            "approval before notice before leaving, interviews after notice, stage 2 after stage 1, "
            "one departure per household at a time, and ids used once. Every problem is listed "
            "with its line and id, and whether it sets the record aside from analysis. Exits 1 if "
            "any problem is found, 0 if none, 2 if the file cannot be read."
        ),
    )
    check.add_argument("records", metavar="RECORDS.jsonl")
    check.add_argument("--json", action="store_true", help="print JSON for machines")
    check.set_defaults(run=_cmd_check)
