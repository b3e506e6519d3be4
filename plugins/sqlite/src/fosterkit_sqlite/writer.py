"""Writing records into a SQLite database: one table per kind, one row per id, all in one transaction.

The records are streamed to SQLite one at a time and upserted (``INSERT ... ON CONFLICT (id)
DO UPDATE``), so exporting the same records again leaves the database as it was, and a changed
record replaces its row. Everything, from migrating the schema to the last row, is one
transaction: if the records or anything else fail part-way, it is rolled back and the database
is exactly as it was. A new database is made beside the target and moved into place whole, so
an export that fails or is stopped leaves no database at all.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from fosterkit.errors import Problem, StructureError
from fosterkit.plugins import CellKind, TableSchema, Value, scratch_folder, single_kind, table_schema
from fosterkit.plugins import can_hold_special_category as can_hold_special
from fosterkit_sqlite import schema as layout
from fosterkit_sqlite._connect import connect, in_transaction

__all__ = ["upgrade", "write_sqlite"]

_INT_RANGE = range(-(2**63), 2**63)

_ASK = (
    "export with special_category=true to update it (equality data is not removed by leaving it "
    "out), or export to a new database"
)


def write_sqlite(
    records: Iterable[object],
    path: Path,
    *,
    kind: str | None = None,
    special_category: bool = False,
) -> int:
    """Upsert ``records`` (all of one kind) into the database at ``path``; returns how many.

    The database is made if there is none, and migrated to the plugin's schema if it is older.
    Without ``kind`` the first record decides it; with no records and no kind only the plugin's
    own tables are made. Text is stored as it is: a database is not a spreadsheet, so nothing
    is neutralised. Unless ``special_category`` is true, special-category (equality) data is
    left out, and a table an earlier export filled with such data is refused.
    """
    schema, stream = single_kind(records, kind=kind, special_category=special_category)
    source = os.fspath(path)
    if path.exists() or path.is_symlink():
        return _write_into(path, source, schema, stream)
    # A new database is made in a folder beside the target and moved into place when it is
    # whole, so a stopped export leaves no database behind, and one killed outright leaves only
    # that hidden folder, which the next write there removes.
    with scratch_folder(path) as folder:
        staged = folder / path.name
        count = _write_into(staged, source, schema, stream)
        staged.replace(path)
    return count


def _write_into(path: Path, source: str, schema: TableSchema | None, stream: Iterator[object]) -> int:
    with contextlib.closing(connect(path, source)) as conn:
        return in_transaction(conn, source, lambda: _write(conn, schema, stream, source))


def upgrade(path: Path) -> int:
    """Migrate the database at ``path`` (made if missing) to the plugin's schema; returns its version."""
    source = os.fspath(path)
    with contextlib.closing(connect(path, source)) as conn:
        return in_transaction(conn, source, lambda: layout.migrate(conn, source, layout.MIGRATIONS))


def _write(
    conn: sqlite3.Connection, schema: TableSchema | None, stream: Iterator[object], source: str
) -> int:
    layout.migrate(conn, source, layout.MIGRATIONS)
    if schema is None:
        return 0
    _prepare(conn, schema, source)
    return _upsert(conn, schema, stream, source)


def _prepare(conn: sqlite3.Connection, schema: TableSchema, source: str) -> None:
    """Make the kind's table, or check the one there is and let it hold what this export writes."""
    layout.check_kind(schema, source)
    tables = layout.registered_tables(conn)
    if schema.kind not in tables:
        layout.create_table(conn, schema, source)
        return
    special = tables[schema.kind]
    if special and not schema.special_category:
        message = f"an earlier export put special-category (equality) data in this table; {_ASK}"
        raise StructureError([Problem(path=f"table {schema.kind}", message=message)], source)
    layout.check_table(conn, table_schema(schema.kind, special_category=special), source)
    if schema.special_category and not special:
        layout.add_special_columns(conn, schema)


def _upsert_sql(schema: TableSchema) -> str:
    names = [layout.quote(name) for name in schema.header]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != '"id"')
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return (
        f"INSERT INTO {layout.quote(schema.kind)} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT (id) {action}"
    )


def _upsert(conn: sqlite3.Connection, schema: TableSchema, stream: Iterator[object], source: str) -> int:
    """Upsert the records as they arrive: ``executemany`` draws one row at a time from a generator."""
    # The ids of this export, to refuse a second record with the same id rather than let it
    # silently replace the first. A temporary table lives outside the database file.
    conn.execute("CREATE TEMP TABLE fosterkit_export_ids (id TEXT NOT NULL PRIMARY KEY, position INTEGER)")
    seen = conn.cursor()
    cells = _cell_maker(schema, source)
    id_at = schema.header.index("id")
    position = 0

    def rows() -> Iterator[tuple[Value, ...]]:
        nonlocal position
        # position is left at the last record drawn, which names the row SQLite refuses.
        for position, record in enumerate(stream, start=1):
            row = cells(record, position)
            seen.execute(_SEEN, (row[id_at], position))
            if seen.rowcount != 1:
                raise _repeated_id(conn, row[id_at], position, source)
            yield row

    try:
        conn.executemany(_upsert_sql(schema), rows())
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError) as err:
        # The row refused is the last one drawn.
        message = f"the database refused the row ({type(err).__name__}: {err})"
        entry = _id_of(conn, position)
        raise StructureError(
            [Problem(path="", message=message, entry=entry, source=f"record {position}")], source
        ) from None
    conn.execute("DROP TABLE temp.fosterkit_export_ids")
    return position


_SEEN = "INSERT INTO temp.fosterkit_export_ids (id, position) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"


def _id_of(conn: sqlite3.Connection, position: int) -> str | None:
    found = conn.execute(
        "SELECT id FROM temp.fosterkit_export_ids WHERE position = ?", (position,)
    ).fetchone()
    return None if found is None else str(found[0])


def _repeated_id(conn: sqlite3.Connection, record_id: Value, position: int, source: str) -> StructureError:
    (first,) = conn.execute(
        "SELECT position FROM temp.fosterkit_export_ids WHERE id = ?", (record_id,)
    ).fetchone()
    message = f"the same id as record {first}; a table holds one row per id, so ids must not repeat"
    problem = Problem(path="id", message=message, entry=str(record_id), source=f"record {position}")
    return StructureError([problem], source)


def _cell_maker(schema: TableSchema, source: str) -> Callable[[object, int], tuple[Value, ...]]:
    """A function turning a record into what SQLite stores: ISO text for dates, checked numbers."""
    # A kind that can never hold special-category data gives the same cells either way; the
    # full schema skips stripping each record of data it cannot have.
    plain = not schema.special_category and not can_hold_special(schema.cls)
    row = (table_schema(schema.cls, special_category=True) if plain else schema).row
    id_at = schema.header.index("id")
    dates = [i for i, c in enumerate(schema.columns) if c.kind is CellKind.DATE]
    numbers = [(i, c.name) for i, c in enumerate(schema.columns) if c.kind in _NUMBERS]

    def cells(record: object, position: int) -> tuple[Value, ...]:
        # Not neutralised (safe=False): formula escapes are for spreadsheets, and a database
        # keeps the text exactly as it was given.
        values = row(record, safe=False)
        if not (dates or numbers):
            return values
        out = list(values)
        for i in dates:
            value = out[i]
            if isinstance(value, datetime.date):
                out[i] = value.isoformat()
        for i, name in numbers:
            message = _number_problem(out[i])
            if message:
                problem = Problem(
                    path=name, message=message, entry=str(out[id_at]), source=f"record {position}"
                )
                raise StructureError([problem], source)
        return tuple(out)

    return cells


_NUMBERS = frozenset({CellKind.INT, CellKind.FLOAT})


def _number_problem(value: Value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int) and value not in _INT_RANGE:
        return f"{value} does not fit in SQLite's 64-bit INTEGER"
    if isinstance(value, float) and math.isnan(value):
        return "NaN cannot be stored (SQLite would keep it as NULL)"
    return ""
