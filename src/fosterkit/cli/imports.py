"""The ``fosterkit import`` and ``fosterkit mapping`` commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from fosterkit.adapters.atomic import atomic_write
from fosterkit.adapters.importing import RowsSeen, import_source, nothing_to_read, open_source, reader_for
from fosterkit.adapters.input_files import file_fault
from fosterkit.adapters.packs import load_headings, load_mapping_file, load_taxonomy
from fosterkit.cli._args import add_json_option
from fosterkit.cli._output import Outcome, count, emit_json, words
from fosterkit.cli._progress import wanted
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.errors import SourceError
from fosterkit.imports.compiled import compile_mapping
from fosterkit.imports.draft import draft_mapping
from fosterkit.imports.mapping import ImportMapping, SourceSettings
from fosterkit.plugins import make_plugin_manager
from fosterkit.plugins.contracts import parse_option

__all__ = ["add_commands"]

#: How many problems the command prints before saying how many more there are.
_SHOWN = 20


#: Sources whose rows are (nearly) their lines, so counting lines gives the bar its end.
_LINE_SUFFIXES = (".csv", ".txt", ".jsonl", ".ndjson")

_BAR = 30


def _lines(path: str) -> int | None:
    """About how many rows a text source holds (its line count), or ``None`` for other files."""
    if Path(path).suffix.lower() not in _LINE_SUFFIXES:
        return None
    try:
        with Path(path).open("rb") as file:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
    except OSError:
        return None


def progress_line(rows: int, total: int | None) -> str:
    """The progress shown on a terminal: a bar when the rows can be counted ahead, else a count."""
    if not total:
        return f"{rows:,} rows read"
    share = min(rows / total, 1.0)
    filled = round(share * _BAR)
    return f"[{'#' * filled}{'.' * (_BAR - filled)}] {share:4.0%} {rows:,} of about {total:,} rows"


def _progress(quiet: bool, source: str) -> Any:
    if quiet or not wanted():
        return None
    total = _lines(source)

    def show(rows: int) -> None:
        print(f"\r{progress_line(rows, total)}", end="", file=sys.stderr, flush=True)

    return show


def _rejects_file(args: argparse.Namespace) -> str | None:
    """The rejects file the import will write, when it is worth checking before the import.

    ``--rejects``, or else the default beside ``--out`` (``.rejects.csv`` for a source with a
    header, ``.rejects.jsonl`` for one whose rows name their columns) when a file by either
    name is there already: then the source's header is looked at to tell which.
    """
    if args.rejects:
        return str(args.rejects)
    out = Path(args.out)
    names = [out.with_name(out.stem + end) for end in (".rejects.csv", ".rejects.jsonl")]
    if not any(name.exists() or name.is_symlink() for name in names):
        return None
    table = open_source(args.source, args.mapping)
    close = getattr(table.rows, "close", None)
    if close is not None:
        close()  # only the header was wanted: let the reader close the file
    return str(names[0] if table.header is not None else names[1])


def _cmd_import(args: argparse.Namespace) -> int:
    inputs = [("SOURCE", args.source), ("--mapping", args.mapping)]
    check_targets([], inputs, force=args.force, updated=[("--out", args.out)])
    rejects = _rejects_file(args)
    check_targets([("--rejects", rejects)], inputs, force=args.force, updated=[("--out", args.out)])
    result = import_source(
        args.source,
        args.mapping,
        out=args.out,
        rejects=rejects,
        strict=args.strict,
        progress=_progress(args.quiet or args.json, args.source),
        update=args.update,
    )
    if not (args.quiet or args.json) and wanted() and result.rows >= 1000:
        print(file=sys.stderr)
    if args.json:
        wrote = [{"path": result.out, "what": "records"}] if result.written else []
        if result.written and result.rejects and result.rejected:
            wrote.append({"path": result.rejects, "what": "rejected rows"})
        data = {
            "command": "import",
            "wrote": wrote,
            "source": result.source,
            "out": result.out,
            "rejects": result.rejects,
            "written": result.written,
            "header_row": result.header_row,
            "rows": result.rows,
            "accepted": result.accepted,
            "rejected": result.rejected,
            "duplicates": result.duplicates,
            "conflicts": result.conflicts,
            "blank": result.blank,
            "totals": result.totals,
            "records": {"new": result.new, "updated": result.updated, "unchanged": result.unchanged},
            "problems": [
                {"row": p.row, "column": p.column, "id": p.entry, "message": p.message}
                for p in result.problems
            ],
            "notes": [
                {"row": n.row, "column": n.column, "id": n.entry, "message": n.message} for n in result.notes
            ],
            "changed": [{"kind": c.kind, "id": c.id, "fields": list(c.fields)} for c in result.changed],
            "passed_over": [
                {
                    "row": p.row,
                    "last_row": p.last_row,
                    "why": p.why,
                    "kind": p.kind,
                    "id": p.id,
                    "same_as": p.same_as,
                }
                for p in result.passed
            ],
        }
        emit_json(data)
    elif not args.quiet:
        print(result.summary())
        if result.problems:
            print("  problems in rejected rows:")
        for problem in result.problems[:_SHOWN]:
            print(f"    {problem.describe()}")
        if (result.rejected and len(result.problems) > _SHOWN) or result.rejected > len(result.problems):
            print(
                "    ... and more: every problem is in the rejects file"
                if result.written
                else "    ... and more"
            )
    return 0 if result.ok else 1


def _cmd_mapping_check(args: argparse.Namespace) -> int:
    mapping = load_mapping_file(args.mapping)
    compiled = compile_mapping(mapping, load_taxonomy())
    kinds = [r.kind for r in compiled.records]
    lines = [
        f"{args.mapping}: a mapping for {', '.join(words(kind) for kind in kinds)}, "
        f"reading {count(len(compiled.columns), 'column')}"
    ]
    header_row = None
    if args.source:
        table = open_source(args.source, mapping)
        if table.header is None:
            lines.append(
                f"{args.source}: its rows name their own columns, so each is checked as it is imported"
            )
        else:
            header_row = table.header_row
            lines.append(f"{args.source}: the header is on row {table.header_row} and fits the mapping")
    if args.json:
        emit_json(
            {
                "mapping": args.mapping,
                "kinds": kinds,
                "columns": len(compiled.columns),
                "source": args.source,
                "header_row": header_row,
                "notes": lines,
            }
        )
    else:
        print("\n".join(lines))
    return 0


def _cmd_mapping_init(args: argparse.Namespace) -> int:
    heading_files = [("--headings", path) for path in args.headings or ()]
    check_targets([("--out", args.out)], [("SOURCE", args.source), *heading_files], force=args.force)
    headings = load_headings(*(args.headings or ()))
    fault = file_fault(args.source)
    if fault is not None:
        raise SourceError(os.fspath(args.source), fault)
    probe = ImportMapping(source=SourceSettings(format=args.format or ""), records=())
    reader, _ = reader_for(args.source, probe, make_plugin_manager())
    options = dict(parse_option(reader.options, text) for text in args.option or ())
    source = Path(args.source)
    if source.stat().st_size == 0:
        raise nothing_to_read(source)
    seen = RowsSeen()
    draft = draft_mapping(
        seen.watch(reader.rows(args.source, **options)),
        kinds=args.kind or ["departure"],
        taxonomy=load_taxonomy(),
        headings=headings,
        format=reader.name,
        options=options,
    )
    if not seen.filled:
        raise nothing_to_read(source)
    if draft.header_row and not any(column.rows for column in draft.columns):
        raise nothing_to_read(source, draft.header_row)
    if args.out or args.json:
        with Outcome("mapping init", json=args.json) as outcome:
            outcome.summary.update(todo=len(draft.todo), format=reader.name)
            if args.out:
                with atomic_write(args.out) as out:
                    out.write(draft.text)
                outcome.wrote(args.out, "draft import mapping")
                outcome.say(f"Wrote {args.out}: {count(len(draft.todo), 'place')} marked TODO to fill in")
            else:
                outcome.summary["mapping"] = draft.text
    else:
        sys.stdout.write(draft.text)
    return 0


def add_commands(commands: Any) -> None:
    """Add ``import`` and ``mapping`` to the command line's sub-commands."""
    command = commands.add_parser(
        "import",
        help="import records from a case system's export or a spreadsheet, through a mapping",
        description=(
            "Read SOURCE (CSV, Excel, JSON Lines or a plugin's format) through an import mapping, merge "
            "the accepted records into RECORDS.jsonl by id, and write every rejected row, with what is "
            "wrong with it, to a rejects file. Exit status 0 when every row was taken, 1 when some were "
            "rejected, 2 when the mapping or the file cannot be used (nothing is written then)."
        ),
    )
    command.add_argument("source", metavar="SOURCE")
    command.add_argument("--mapping", required=True, metavar="MAP.toml", help="the import mapping")
    command.add_argument(
        "--out", required=True, metavar="RECORDS.jsonl", help="the records file to merge into"
    )
    command.add_argument(
        "--rejects", metavar="FILE", help="where rejected rows go (default: beside --out, named after it)"
    )
    command.add_argument("--strict", action="store_true", help="write nothing if any row is rejected")
    command.add_argument(
        "--update",
        action="store_true",
        help="replace records already in --out that a row gives with other values (listed by id and "
        "field); without it such a row is rejected as a conflict",
    )
    add_force_option(command, "the rejects file")
    command.add_argument("--json", action="store_true", help="print the summary as JSON")
    command.add_argument("--quiet", action="store_true", help="no progress and no summary")
    command.set_defaults(run=_cmd_import)

    mapping = commands.add_parser(
        "mapping",
        help="draft or check an import mapping",
        description="Draft an import mapping from a file's header and values, or check one.",
    )
    actions = mapping.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="draft a mapping from a source file, marking with TODO what could not be guessed",
        description=(
            "Read the header and up to 500 rows of SOURCE and draft an import mapping: the column for "
            "each field, value maps for codes, date forms, and columns to ignore. Anything it could not "
            "guess is marked TODO, and a mapping holding TODO is refused until it is filled in."
        ),
    )
    init.add_argument("source", metavar="SOURCE")
    init.add_argument(
        "--kind", action="append", help="a kind of record each row gives (repeatable; default: departure)"
    )
    init.add_argument("--format", help="the source reader (default: by the file's suffix)")
    init.add_argument(
        "--option", action="append", metavar="NAME=VALUE", help="a reader option, such as sheet=Leavers"
    )
    init.add_argument(
        "--headings",
        action="append",
        metavar="FILE",
        help="the column headings your case system uses for fields, added to the built-in ones (repeatable)",
    )
    init.add_argument("--out", metavar="MAP.toml", help="write the draft here (default: print it)")
    add_force_option(init, "--out")
    add_json_option(init, "what was written (without --out, the draft is in summary.mapping)")
    init.set_defaults(run=_cmd_mapping_init)
    check = actions.add_parser(
        "check",
        help="check a mapping, and (given a source) that the source's header fits it",
        description="Check a mapping against the record kinds and taxonomy; given SOURCE, its header too.",
    )
    check.add_argument("mapping", metavar="MAP.toml")
    check.add_argument("source", metavar="SOURCE", nargs="?")
    add_json_option(check, "the result")
    check.set_defaults(run=_cmd_mapping_check)
