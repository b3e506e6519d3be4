"""The ``fosterkit plugins`` and ``fosterkit export`` commands."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from typing import Any

from fosterkit.adapters.atomic import remove_stale_parts
from fosterkit.adapters.installed import installed_packs, installed_taxonomy
from fosterkit.cli._args import add_json_option
from fosterkit.cli._output import Outcome, count, emit_json, warn_failures
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.cli.check import add_check_option, records_to_use
from fosterkit.errors import FosterkitError, StructureError
from fosterkit.plugins import (
    ExportError,
    MixedKindsError,
    PluginFailure,
    Plugins,
    audit_formats,
    exporters,
    importers,
    make_plugin_manager,
    pick,
    plugin_infos,
    report_formats,
    source_readers,
    tracker_formats,
)
from fosterkit.plugins.contracts import Exporter, OptionError, parse_option
from fosterkit.serial.kinds import RECORD_KINDS, record_kind

__all__ = ["ExportFailedError", "add_commands"]


class ExportFailedError(FosterkitError):
    """An export that stopped on a problem the exporter could say in words (the target left as it was)."""


def _cmd_plugins(args: argparse.Namespace) -> int:
    plugins = make_plugin_manager()
    found_exporters, exporter_failures = exporters(plugins)
    found_importers, importer_failures = importers(plugins)
    found_readers, reader_failures = source_readers(plugins)
    files: dict[str, Any] = {}
    more_failures: list[PluginFailure] = []
    for what, lookup in (("audit", audit_formats), ("report", report_formats), ("tracker", tracker_formats)):
        found, failed = lookup(plugins)
        files.update({f"{what} {name}": item for name, item in found.items()})
        more_failures.extend(failed)
    packs, pack_failures = installed_packs(plugins)
    _, taxonomy_failures = installed_taxonomy(plugins)
    failures = [
        *plugins.failures,
        *exporter_failures,
        *importer_failures,
        *reader_failures,
        *more_failures,
        *pack_failures,
        *taxonomy_failures,
    ]
    infos = plugin_infos(plugins)
    if args.json:
        emit_json(
            {
                "plugins": [
                    {
                        "name": i.name,
                        "distribution": i.distribution,
                        "version": i.version,
                        "hooks": list(i.hooks),
                        "builtin": i.builtin,
                    }
                    for i in infos
                ],
                "exporters": [_describe(e) for e in found_exporters.values()],
                "importers": [_describe(i) for i in found_importers.values()],
                "source_readers": [_describe(r) for r in found_readers.values()],
                "file_formats": [
                    {"for": key.split()[0], "name": f.name, "plugin": f.plugin, "suffixes": list(f.suffixes)}
                    for key, f in files.items()
                ],
                "packs": [
                    {"id": pack_id, "version": c.pack.version, "provider": packs.providers[pack_id]}
                    for pack_id, c in packs.packs.items()
                ],
                "failures": [
                    {"plugin": f.plugin, "stage": f.stage, "error": f.error, "clash": f.clash}
                    for f in failures
                ],
            }
        )
        return 1 if failures else 0
    print("Plugins:")
    for info in infos:
        version = f" {info.distribution} {info.version}" if info.distribution else ""
        builtin = " (built in)" if info.builtin else ""
        print(f"  {info.name}{version}{builtin}: {', '.join(info.hooks) or 'no hooks'}")
    sections: tuple[tuple[str, dict[str, Any]], ...] = (
        ("Exporters", found_exporters),
        ("Importers", found_importers),
        ("Source readers (for fosterkit import)", found_readers),
    )
    for title, items in sections:
        print(f"{title}:")
        for item in items.values():
            options = ", ".join(o.name for o in item.options)
            more = f" (options: {options})" if options else ""
            print(f"  {item.name} [{' '.join(item.suffixes)}] from {item.plugin}: {item.description}{more}")
    print("File formats (audit workbook, report, response tracker):")
    for key, item in files.items():
        print(f"  {key} [{' '.join(item.suffixes)}] from {item.plugin}: {item.description}")
    print("Framework packs:")
    for pack_id, catalogue in packs.packs.items():
        print(f"  {pack_id} {catalogue.pack.version} from {packs.providers[pack_id]}: {catalogue.pack.title}")
    if failures:
        print("Failed:")
        for failure in failures:
            print(f"  {failure.describe()}")
    return 1 if failures else 0


def _describe(item: Any) -> dict[str, Any]:
    return {
        "name": item.name,
        "plugin": item.plugin,
        "suffixes": list(item.suffixes),
        "description": item.description,
        "options": [
            {
                "name": o.name,
                "type": o.type.__name__,
                "default": o.default,
                "description": o.description,
                "choices": list(o.choices),
            }
            for o in item.options
        ],
    }


def _exporter(plugins: Plugins, name: str) -> Exporter:
    found, failures = exporters(plugins)
    warn_failures([*plugins.failures, *failures])
    try:
        return pick(found, name, "exporter")
    except LookupError as err:
        raise OptionError(str(err.args[0])) from None


def _of_kind(records: Iterator[object], kind: str) -> Iterator[object]:
    return (r for r in records if record_kind(r) == kind)


def _cmd_export(args: argparse.Namespace) -> None:
    plugins = make_plugin_manager()
    exporter = _exporter(plugins, args.to)
    options = dict(parse_option(exporter.options, text) for text in args.option or ())
    # An exporter that updates its target in place (a database, by id) adds to it: no --force.
    out = [("--out", args.out)]
    check_targets(
        out if exporter.atomic else (),
        [("RECORDS.jsonl", args.records)],
        force=args.force,
        updated=() if exporter.atomic else out,
    )
    if not exporter.atomic:
        # What killed writes left beside the target goes, as an atomic write's clean-up does it.
        remove_stale_parts(args.out)
    with Outcome("export", json=args.json) as outcome:
        written = _export(args, plugins, exporter, options)
        outcome.wrote(args.out, f"records ({exporter.name})")
        outcome.summary.update(records=written, exporter=exporter.name)
        if not args.quiet:
            outcome.say(f"{count(written, 'record')} exported to {args.out} ({exporter.name})")


def _export(args: argparse.Namespace, plugins: Plugins, exporter: Exporter, options: dict[str, Any]) -> int:
    """Export the records (the progress bar is drawn as they are read, unless ``--quiet``)."""
    records: Iterator[object] = records_to_use(args.records, args, plugins)
    if args.kind:
        records = _of_kind(records, args.kind)
        if any(o.name == "kind" for o in exporter.options):
            options.setdefault("kind", args.kind)
    try:
        return exporter.export(records, args.out, **options)
    except ExportError as err:
        if isinstance(err.cause, StructureError) and err.cause.source == os.fspath(args.records):
            raise err.cause from None  # the records file is at fault, not the exporter
        if isinstance(err.cause, MixedKindsError) and not args.kind:
            kinds = ", ".join(RECORD_KINDS)
            raise OptionError(f"{err.cause}; choose one kind with --kind ({kinds})") from None
        if isinstance(err.cause, OSError):
            raise err.cause from None  # a file or folder that cannot be written: said as any other
        if isinstance(err.cause, FosterkitError):
            raise ExportFailedError(
                f"{args.out} was not written ({exporter.name} export): {err.cause}"
            ) from None
        raise  # a fault in the exporter itself: its type is kept, for a report to the plugin's authors


def add_commands(commands: Any) -> None:
    """Add ``plugins`` and ``export`` to the command line's sub-commands."""
    plugins = commands.add_parser(
        "plugins",
        help="installed plugins, their exporters and importers, and any that failed",
        description=(
            "List installed plugins with their distribution, version and the hooks each implements, "
            "then what they offer, then any plugin that failed to load or run and any two that clash. "
            "Exits 1 when any plugin failed or clashed."
        ),
    )
    plugins.add_argument("--json", action="store_true", help="print JSON for machines")
    plugins.set_defaults(run=_cmd_plugins)

    export = commands.add_parser(
        "export",
        help="write records from a JSON Lines file with an exporter",
        description=(
            "Write the records of a JSON Lines file with an installed exporter (see 'fosterkit "
            "plugins'). An existing target is replaced only with --force, and only when the export "
            "succeeds; an exporter that updates in place (sqlite) adds to an existing database "
            "instead. Tabular formats take one kind of record: use --kind to pick one from a mixed file."
        ),
    )
    export.add_argument("records", metavar="RECORDS.jsonl")
    add_check_option(export)
    export.add_argument(
        "--to", required=True, metavar="EXPORTER", help="csv, excel, sqlite, jsonl or a plugin's"
    )
    export.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    export.add_argument("--kind", choices=list(RECORD_KINDS), help="export only records of this kind")
    export.add_argument(
        "--option", action="append", metavar="NAME=VALUE", help="an exporter option, such as bom=true"
    )
    export.add_argument("--quiet", action="store_true", help="no progress and no summary")
    add_force_option(export, "--out")
    add_json_option(export)
    export.set_defaults(run=_cmd_export)
