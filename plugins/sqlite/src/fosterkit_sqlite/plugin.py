"""The ``sqlite`` exporter and importer, registered under the entry-point group ``fosterkit``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from fosterkit.convert import RECORD_KINDS
from fosterkit.exchange import Exporter, Importer, Option
from fosterkit.plugins import hookimpl
from fosterkit_sqlite.reader import read_sqlite
from fosterkit_sqlite.writer import write_sqlite

__all__ = ["fosterkit_exporters", "fosterkit_importers"]

_SUFFIXES = (".sqlite", ".db")


def _kind_option(description: str) -> Option:
    # Read when the hook runs, so kinds registered by then are offered too.
    return Option(name="kind", type=str, default="", description=description, choices=("", *RECORD_KINDS))


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
                _kind_option("the kind of record to write; empty: the first record decides"),
                Option(
                    name="special_category",
                    type=bool,
                    default=False,
                    description="include special-category (equality) data, left out by default",
                ),
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
                _kind_option("the table to read; empty: the database's only record table"),
                Option(
                    name="special_category",
                    type=bool,
                    default=False,
                    description="read a table holding special-category (equality) data; refused without it",
                ),
            ),
        )
    ]
