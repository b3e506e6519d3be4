"""The CSV exporter and importer, registered under the entry-point group ``fosterkit``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from fosterkit.convert import RECORD_KINDS
from fosterkit.exchange import Exporter, Importer, Option
from fosterkit.plugins import hookimpl
from fosterkit_csv.reader import read_csv
from fosterkit_csv.writer import write_csv

__all__ = ["fosterkit_exporters", "fosterkit_importers"]


def _kind_option(description: str) -> Option:
    # Read when the hook runs, so kinds registered by then are offered too.
    return Option(name="kind", type=str, default="", description=description, choices=("", *RECORD_KINDS))


def _write(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
    return write_csv(
        records,
        path,
        kind=str(options["kind"]) or None,
        special_category=bool(options["special_category"]),
        bom=bool(options["bom"]),
    )


def _read(path: Path, options: Mapping[str, object]) -> Iterator[object]:
    return read_csv(path, kind=str(options["kind"]), special_category=bool(options["special_category"]))


@hookimpl
def fosterkit_exporters() -> Sequence[Exporter]:
    """The CSV exporter."""
    return [
        Exporter(
            name="csv",
            suffixes=(".csv",),
            description="records of one kind as CSV: a header row, then one row per record (UTF-8)",
            write=_write,
            options=(
                _kind_option("the kind of record to write; empty: the first record decides"),
                Option(
                    name="special_category",
                    type=bool,
                    default=False,
                    description="include special-category (equality) data, left out by default",
                ),
                Option(
                    name="bom",
                    type=bool,
                    default=False,
                    description="start the file with a UTF-8 byte-order mark, for Excel",
                ),
            ),
        )
    ]


@hookimpl
def fosterkit_importers() -> Sequence[Importer]:
    """The CSV importer."""
    return [
        Importer(
            name="csv",
            suffixes=(".csv",),
            description="records of one kind from CSV as the csv exporter writes it (UTF-8, BOM or not)",
            read=_read,
            options=(
                _kind_option("the kind of record the file holds; empty: the header decides"),
                Option(
                    name="special_category",
                    type=bool,
                    default=False,
                    description="accept special-category (equality) data; without it such a file is refused",
                ),
            ),
        )
    ]
