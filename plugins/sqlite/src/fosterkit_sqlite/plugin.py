"""The ``sqlite`` exporter and importer, registered under the entry-point group ``fosterkit``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from fosterkit.plugins import Exporter, Importer, hookimpl, kind_option, special_category_option
from fosterkit_sqlite.reader import read_sqlite
from fosterkit_sqlite.writer import write_sqlite

__all__ = ["fosterkit_exporters", "fosterkit_importers"]

_SUFFIXES = (".sqlite", ".db")


def _write(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
    return write_sqlite(
        records, path, kind=str(options["kind"]) or None, special_category=bool(options["special_category"])
    )


def _read(path: Path, options: Mapping[str, object]) -> Iterator[object]:
    return read_sqlite(path, kind=str(options["kind"]), special_category=bool(options["special_category"]))


@hookimpl
def fosterkit_exporters() -> Sequence[Exporter]:
    """The SQLite exporter."""
    return [
        Exporter(
            name="sqlite",
            suffixes=_SUFFIXES,
            description=(
                "records upserted by id into a SQLite database, one table per kind, in one transaction"
            ),
            write=_write,
            options=(
                kind_option("the kind of record to write; empty: the first record decides"),
                special_category_option("include special-category (equality) data, left out by default"),
            ),
            # The database is updated in place, under the exporter's own transaction.
            atomic=False,
        )
    ]


@hookimpl
def fosterkit_importers() -> Sequence[Importer]:
    """The SQLite importer."""
    return [
        Importer(
            name="sqlite",
            suffixes=_SUFFIXES,
            description="records of one kind from a SQLite database the sqlite exporter wrote, ordered by id",
            read=_read,
            options=(
                kind_option("the table to read; empty: the database's only record table"),
                special_category_option(
                    "read a table holding special-category (equality) data; refused without it"
                ),
            ),
        )
    ]
