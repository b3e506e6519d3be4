"""The database's layout: the plugin's own tables, their migrations, and one table per record kind.

``fosterkit_meta`` holds the plugin's schema version (``schema_version``); ``fosterkit_tables``
lists the record tables the plugin made, each with whether it may hold special-category data.
A database older than the plugin is brought up to date by :data:`MIGRATIONS`, in order, inside
the caller's transaction; one newer than the plugin is refused.

A record table is named after its kind and has a column for each of the kind's columns in
:func:`fosterkit.serial.tabular.table_schema`, with ``id`` as its primary key.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from attrs import frozen

from fosterkit.errors import FosterkitError, Problem, StructureError
from fosterkit.plugins import CellKind, TableSchema, table_schema

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SQL_TYPES",
    "DatabaseError",
    "Migration",
    "add_special_columns",
    "check_kind",
    "check_table",
    "create_table",
    "migrate",
    "quote",
    "registered_tables",
    "schema_version",
    "too_new",
]


class DatabaseError(FosterkitError):
    """The database could not be opened, locked or written (not a problem in what it holds)."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


@frozen(kw_only=True)
class Migration:
    """One step of the plugin's schema: the version it brings a database to, and its statements."""

    version: int
    description: str
    statements: tuple[str, ...]


#: Every step of the plugin's schema, oldest first; a database at version ``n`` gets those after ``n``.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="the plugin's schema version, and the record tables it made",
        statements=(
            "CREATE TABLE fosterkit_meta (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE fosterkit_tables ("
            "kind TEXT NOT NULL PRIMARY KEY, "
            "special_category INTEGER NOT NULL CHECK (special_category IN (0, 1)))",
        ),
    ),
)

#: The schema version this plugin writes.
SCHEMA_VERSION = MIGRATIONS[-1].version

#: The SQLite type of each kind of column: dates are ISO text, yes/no is 0 or 1.
SQL_TYPES = {
    CellKind.TEXT: "TEXT",
    CellKind.ENUM: "TEXT",
    CellKind.JSON: "TEXT",
    CellKind.DATE: "TEXT",
    CellKind.INT: "INTEGER",
    CellKind.BOOL: "INTEGER",
    CellKind.FLOAT: "REAL",
}

_OWN_TABLES = frozenset({"fosterkit_meta", "fosterkit_tables"})


def quote(name: str) -> str:
    """``name`` as an SQL identifier (column names hold dots: ``"service.name"``)."""
    return '"' + name.replace('"', '""') + '"'


def _error(source: str, where: str, message: str) -> StructureError:
    return StructureError([Problem(path=where, message=message)], source)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    return found is not None


def schema_version(conn: sqlite3.Connection, source: str) -> int:
    """The plugin schema version the database is at; 0 when the plugin has never written to it."""
    if not _has_table(conn, "fosterkit_meta"):
        return 0
    try:
        row = conn.execute("SELECT value FROM fosterkit_meta WHERE name = 'schema_version'").fetchone()
    except sqlite3.OperationalError as err:
        message = f"the table is not fosterkit-sqlite's ({err})"
        raise _error(source, "fosterkit_meta", message) from None
    value = None if row is None else row[0]
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    message = "no schema_version" if row is None else f"schema_version is {value!r}, not a whole number"
    raise _error(source, "fosterkit_meta", message)


def too_new(version: int, latest: int, source: str) -> StructureError:
    """The error for a database written by a newer fosterkit-sqlite."""
    message = (
        f"schema version {version} is newer than this fosterkit-sqlite knows ({latest}); "
        "use a newer fosterkit-sqlite with this database"
    )
    return _error(source, "fosterkit_meta", message)


def migrate(conn: sqlite3.Connection, source: str, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the last of ``migrations``, inside the caller's transaction.

    Returns the version it is now at. A database at a newer version is refused with
    :class:`StructureError` and left alone.
    """
    current = schema_version(conn, source)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise too_new(current, latest, source)
    for step in migrations:
        if step.version <= current:
            continue
        for statement in step.statements:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO fosterkit_meta (name, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (str(step.version),),
        )
    return latest


def registered_tables(conn: sqlite3.Connection) -> dict[str, bool]:
    """The record tables the plugin made, by kind, each with whether it may hold special-category data."""
    rows = conn.execute("SELECT kind, special_category FROM fosterkit_tables ORDER BY kind")
    return {str(kind): bool(special) for kind, special in rows}


def _special_columns(kind: str) -> frozenset[str]:
    plain = set(table_schema(kind).header)
    return frozenset(h for h in table_schema(kind, special_category=True).header if h not in plain)


def _column_sql(schema: TableSchema) -> list[str]:
    special = _special_columns(schema.kind)
    parts = []
    for column in schema.columns:
        sql = f"{quote(column.name)} {SQL_TYPES[column.kind]}"
        if column.name == "id":
            sql += " NOT NULL PRIMARY KEY"
        elif not (column.optional or column.kind is CellKind.JSON or column.name in special):
            # JSON columns stay nullable: a union of several types may hold None.
            sql += " NOT NULL"
        parts.append(sql)
    return parts


def check_kind(schema: TableSchema, source: str) -> None:
    """Refuse a kind this plugin cannot keep in a table of its own."""
    kind = schema.kind
    if kind in _OWN_TABLES or kind.startswith("sqlite_"):
        raise _error(source, f"table {kind}", f"a record kind named {kind!r} cannot have a table of its own")
    id_column = next((c for c in schema.columns if c.name == "id"), None)
    if id_column is None or id_column.kind is not CellKind.TEXT:
        message = f"{kind} records have no text id field, which the sqlite exporter keys its rows on"
        raise _error(source, f"table {kind}", message)


def create_table(conn: sqlite3.Connection, schema: TableSchema, source: str) -> None:
    """Make the kind's table and list it in ``fosterkit_tables``; refuse a name others have taken."""
    check_kind(schema, source)
    if _has_table(conn, schema.kind):
        message = (
            f"the database has a table or index named {schema.kind!r} that fosterkit-sqlite did not make"
        )
        raise _error(source, f"table {schema.kind}", message)
    conn.execute(f"CREATE TABLE {quote(schema.kind)} ({', '.join(_column_sql(schema))})")
    conn.execute(
        "INSERT INTO fosterkit_tables (kind, special_category) VALUES (?, ?)",
        (schema.kind, int(schema.special_category)),
    )


def add_special_columns(conn: sqlite3.Connection, schema: TableSchema) -> None:
    """Let an existing table hold special-category data: add its columns (empty) and mark it."""
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({quote(schema.kind)})")}
    for column in schema.columns:
        if column.name not in have:
            conn.execute(
                f"ALTER TABLE {quote(schema.kind)} ADD COLUMN {quote(column.name)} {SQL_TYPES[column.kind]}"
            )
    conn.execute("UPDATE fosterkit_tables SET special_category = 1 WHERE kind = ?", (schema.kind,))


def check_table(conn: sqlite3.Connection, schema: TableSchema, source: str) -> None:
    """Refuse a kind's table whose columns are not the schema's, naming what differs."""
    where = f"table {schema.kind}"
    info = {
        str(row[1]): str(row[2]).upper() for row in conn.execute(f"PRAGMA table_info({quote(schema.kind)})")
    }
    if not info:
        raise _error(source, where, "the table is listed in fosterkit_tables but is missing")
    if set(info) != set(schema.header):
        # Put the table's columns in the schema's order, so the message is about names alone.
        present = [h for h in schema.header if h in info]
        try:
            schema.check_header([*present, *(name for name in info if name not in schema.header)])
        except StructureError as err:
            raise _error(source, where, err.problems[0].message) from None
    for column in schema.columns:
        wanted = SQL_TYPES[column.kind]
        if info[column.name] != wanted:
            message = f"column {column.name!r} is {info[column.name] or 'untyped'}, not {wanted}"
            raise _error(source, where, message)
