"""The one atomic write: a file appears whole or not at all, and a failure leaves the old one.

Everything fosterkit writes goes through :func:`temporary_beside`: a temporary file in the
target's own folder (so the final rename stays on one file system), created readable by its
owner only (mode 0600 on POSIX), synced, then renamed over the target. If writing raises or
the process is killed, the old file is untouched and the temporary file is removed (or, after
a kill, left as a hidden ``.NAME.*.part`` file, never as the target).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar, cast

from fosterkit.errors import UnwritableFolderError

__all__ = ["UnwritableFolderError", "atomic_write", "atomic_write_bytes", "temporary_beside", "write_beside"]

T = TypeVar("T")


@contextlib.contextmanager
def temporary_beside(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place when the block ends cleanly."""
    target = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise UnwritableFolderError(f"cannot write in {target.parent}: {err.strerror or err}") from err
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        temp.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_beside(path: str | os.PathLike[str], write: Callable[[Path], T]) -> T:
    """Have ``write`` fill a temporary file beside ``path``, then move it into place.

    The file is synced and renamed over ``path`` only when ``write`` returns; if it raises, the
    temporary file is removed and any existing file at ``path`` is left untouched. A folder that
    cannot be written in raises :class:`UnwritableFolderError` saying so.
    """
    with temporary_beside(path) as temp:
        return write(temp)


@contextlib.contextmanager
def _open_beside(path: str | os.PathLike[str], mode: str, **options: Any) -> Iterator[IO[Any]]:
    with temporary_beside(path) as temp, temp.open(mode, **options) as file:
        yield file


def atomic_write(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str = "\n"
) -> contextlib.AbstractContextManager[TextIO]:
    """Write a text file all at once or not at all: a context manager yielding the open file.

    The new file is created readable by its owner only (mode 0600 on POSIX); nothing of the
    file it replaces (permissions, owner, links) is kept. Line endings are written as ``newline``.
    """
    return cast(
        "contextlib.AbstractContextManager[TextIO]",
        _open_beside(path, "w", encoding=encoding, newline=newline),
    )


def atomic_write_bytes(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[BinaryIO]:
    """Like :func:`atomic_write`, for bytes (spreadsheets, archives)."""
    return cast("contextlib.AbstractContextManager[BinaryIO]", _open_beside(path, "wb"))
