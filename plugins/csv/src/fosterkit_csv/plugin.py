"""The CSV exporter, importer, source reader and response-tracker format (entry-point group ``fosterkit``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from fosterkit.plugins import (
    Exporter,
    Importer,
    Option,
    SourceReader,
    TrackerFormat,
    hookimpl,
    kind_option,
    special_category_option,
)
from fosterkit_csv.reader import read_csv
from fosterkit_csv.source import ENCODINGS, read_csv_rows
from fosterkit_csv.tracker_table import read_tracker_table, write_tracker_table
from fosterkit_csv.writer import write_csv

__all__ = [
    "fosterkit_exporters",
    "fosterkit_importers",
    "fosterkit_source_readers",
    "fosterkit_tracker_formats",
]


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
                kind_option("the kind of record to write; empty: the first record decides"),
                special_category_option("include special-category (equality) data, left out by default"),
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
                kind_option("the kind of record the file holds; empty: the header decides"),
                special_category_option(
                    "accept special-category (equality) data; without it such a file is refused"
                ),
            ),
        )
    ]


@hookimpl
def fosterkit_source_readers() -> Sequence[SourceReader]:
    """The CSV source reader, for importing other systems' exports with a mapping."""
    return [
        SourceReader(
            name="csv",
            suffixes=(".csv", ".txt"),
            description="rows of text from any CSV export (UTF-8, UTF-8 with a BOM, or Windows-1252)",
            read_rows=read_csv_rows,
            options=(
                Option(
                    name="encoding",
                    type=str,
                    default="auto",
                    description="the file's encoding; auto: UTF-8 if the start of the file is, else cp1252",
                    choices=ENCODINGS,
                ),
                Option(
                    name="delimiter",
                    type=str,
                    default=",",
                    description="the one character between cells: , or ; or a tab",
                ),
            ),
        )
    ]


@hookimpl
def fosterkit_tracker_formats() -> Sequence[TrackerFormat]:
    """The CSV response-tracker table."""
    return [
        TrackerFormat(
            name="csv",
            suffixes=(".csv",),
            description=(
                "the response tracker as one tidy table: service, pack and version, then a row per "
                "recommendation (UTF-8 with a BOM)"
            ),
            write=write_tracker_table,
            read=read_tracker_table,
        )
    ]
