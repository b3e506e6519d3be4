"""SQLite exporter and importer for fosterkit records: one table per kind, rows upserted by id."""

from fosterkit_sqlite.reader import read_sqlite
from fosterkit_sqlite.schema import MIGRATIONS, SCHEMA_VERSION, DatabaseError, Migration
from fosterkit_sqlite.writer import upgrade, write_sqlite

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DatabaseError",
    "Migration",
    "read_sqlite",
    "upgrade",
    "write_sqlite",
]
