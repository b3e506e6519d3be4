"""Reading records back from a database the sqlite exporter wrote, one row at a time, ordered by id.

The database is opened read-only and never migrated by reading. Every problem raises
:class:`~fosterkit.errors.StructureError` from the file's path, naming the table and, for a
row, the record's id and the column.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from fosterkit.errors import Problem, StructureError
from fosterkit.plugins import RECORD_KINDS, CellKind, TableSchema, table_schema
from fosterkit_sqlite import schema as layout
from fosterkit_sqlite._connect import connect, translate

__all__ = ["read_sqlite"]

_ASK = "import with special_category=true to read special-category (equality) data"


def _error(source: str, where: str, message: str) -> StructureError:
    return StructureError([Problem(path=where, message=message)], source)


def read_sqlite(path: Path, *, kind: str = "", special_category: bool = False) -> Iterator[object]:
    """The records of one kind's table in the database at ``path``, ordered by id.

    ``kind`` names the table; without it the database must hold exactly one. Unless
    ``special_category`` is true, a table an export filled with special-category (equality)
    data is refused.
    """
    source = os.fspath(path)
    if not path.is_file():
        raise _error(source, "", "no such database file")
    with contextlib.closing(connect(path, source, read_only=True)) as conn:
        try:
            # One read transaction: the tables are checked and read as one snapshot.
            conn.execute("BEGIN")
            schema = _table(conn, kind, special_category, source)
            columns = ", ".join(layout.quote(name) for name in schema.header)
            cursor = conn.execute(f"SELECT {columns} FROM {layout.quote(schema.kind)} ORDER BY id")
        except sqlite3.Error as err:
            raise translate(err, source) from None
        yield from _records(cursor, schema, source)


def _table(conn: sqlite3.Connection, kind: str, special_category: bool, source: str) -> TableSchema:
    """The schema of the table to read, after checking the database and the table against it."""
    version = layout.schema_version(conn, source)
    latest = layout.MIGRATIONS[-1].version
    if version == 0:
        raise _error(source, "fosterkit_meta", "not a fosterkit database: it has no fosterkit_meta table")
    if version > latest:
        raise layout.too_new(version, latest, source)
    if version < latest:
        message = (
            f"schema version {version} is older than this fosterkit-sqlite's ({latest}); "
            "export to the database, or call fosterkit_sqlite.upgrade on it, to migrate it first"
        )
        raise _error(source, "fosterkit_meta", message)
    tables = layout.registered_tables(conn)
    listed = ", ".join(tables) or "none"
    if not tables:
        raise _error(source, "", "the database has no record tables")
    if not kind:
        if len(tables) != 1:
            message = f"choose a table with the kind option; the record tables are: {listed}"
            raise _error(source, "", message)
        (kind,) = tables
    elif kind not in tables:
        raise _error(source, f"table {kind}", f"no such record table; the record tables are: {listed}")
    if kind not in RECORD_KINDS:
        known = ", ".join(RECORD_KINDS)
        raise _error(source, f"table {kind}", f"unknown record kind {kind!r}; known kinds: {known}")
    if tables[kind] and not special_category:
        message = f"an export put special-category (equality) data in this table; {_ASK}"
        raise _error(source, f"table {kind}", message)
    schema = table_schema(kind, special_category=tables[kind])
    layout.check_table(conn, schema, source)
    return schema


def _records(cursor: sqlite3.Cursor, schema: TableSchema, source: str) -> Iterator[object]:
    bools = [i for i, c in enumerate(schema.columns) if c.kind is CellKind.BOOL]
    id_at = schema.header.index("id")
    last = None
    try:
        for row in cursor:
            where = f"{schema.kind} id {row[id_at]!r}"
            cells: Sequence[object] = _with_bools(row, bools, schema, where, source) if bools else row
            try:
                record = schema.record(cells, where=where, safe=False)
            except StructureError as err:
                located = [attrs.evolve(p, source=where) for p in err.problems]
                raise StructureError(located, source) from None
            last = row[id_at]
            yield record
    except sqlite3.Error as err:
        after = "" if last is None else f" after {schema.kind} id {last!r}"
        raise _error(source, f"table {schema.kind}", f"cannot read the rows{after} ({err})") from None


def _with_bools(
    row: tuple[object, ...], bools: list[int], schema: TableSchema, where: str, source: str
) -> list[object]:
    """The row with each yes/no column's 0 or 1 turned into ``False`` or ``True``."""
    cells = list(row)
    for i in bools:
        value = cells[i]
        if type(value) is int and value in (0, 1):
            cells[i] = bool(value)
        elif value is not None:
            column = schema.columns[i]
            problem = Problem(
                path=column.name,
                field=column.path[-1],
                message=f"{value!r} is not 0 or 1 (a yes/no column)",
                entry=str(row[schema.header.index("id")]),
                source=where,
            )
            raise StructureError([problem], source)
    return cells
