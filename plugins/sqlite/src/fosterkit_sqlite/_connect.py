"""Opening a database and running work in one transaction, with SQLite's errors named by file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from fosterkit.errors import Problem, StructureError
from fosterkit_sqlite.schema import DatabaseError

__all__ = ["JOURNALS", "connect", "in_transaction", "owner_only", "translate"]

T = TypeVar("T")


def translate(err: sqlite3.Error, source: str) -> DatabaseError | StructureError:
    """SQLite's error as fosterkit's: a database that cannot be used, or a file that is not a sound one."""
    if isinstance(err, sqlite3.OperationalError):
        return DatabaseError(source, f"cannot use the database ({err})")
    if isinstance(err, sqlite3.IntegrityError):
        return StructureError([Problem(path="", message=f"the database refused a change ({err})")], source)
    return StructureError([Problem(path="", message=f"not a sound SQLite database ({err})")], source)


#: What SQLite keeps beside a database while it is written: its journals, each made with the
#: database's own permissions.
JOURNALS = ("-journal", "-wal", "-shm")


def owner_only(path: Path) -> None:
    """Make the database at ``path`` readable by its owner only, creating it (empty) if there is none.

    SQLite gives the journals it makes beside a database the database's permissions, so they
    are owner-only too, whatever the umask. A database (or journal) already there loses any
    access by group and others; a file of another owner's is left as it is.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    except OSError:  # no such folder, say: SQLite says why it cannot open the database
        return
    for file in (path, *(path.with_name(path.name + end) for end in JOURNALS)):
        with contextlib.suppress(OSError):
            found = file.stat()
            mode = stat.S_IMODE(found.st_mode)
            if stat.S_ISREG(found.st_mode) and mode & 0o077:
                file.chmod(mode & 0o700)


def connect(path: Path, source: str, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode, so transactions are begun and ended here, explicitly.

    A database opened to write is made owner-only first (:func:`owner_only`).
    """
    try:
        if read_only:
            # A URI, so that a missing file is an error rather than a new, empty database.
            uri = path.resolve().as_uri() + "?mode=ro"
            return sqlite3.connect(uri, uri=True, isolation_level=None)
        owner_only(path)
        return sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as err:
        raise DatabaseError(source, f"cannot open the database ({err})") from None


def in_transaction(conn: sqlite3.Connection, source: str, work: Callable[[], T], *, write: bool = True) -> T:
    """``work()`` inside one transaction: committed when it returns, rolled back if anything fails."""
    try:
        # IMMEDIATE takes the write lock up front, so a busy database fails before any work is done.
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    except sqlite3.Error as err:
        raise translate(err, source) from None
    try:
        result = work()
        conn.execute("COMMIT")
    except BaseException as err:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(err, sqlite3.Error):
            raise translate(err, source) from err
        raise
    return result
