"""The one atomic write: a file appears whole or not at all, and a failure leaves the old one.

Everything fosterkit writes goes through :func:`temporary_beside`: a temporary file in the
target's own folder (so the final rename stays on one file system), created readable by its
owner only (mode 0600 on POSIX), synced, then renamed over the target. If writing raises (a
``SIGTERM`` or ``Ctrl-C`` included, in the command line), the old file is untouched and the
temporary file is removed. A process killed outright (``kill -9``) cannot remove it, so it is
left as a hidden ``.NAME.PID@HOST.XXXXXXXX.part`` file, never as the target; the next write in
that folder removes it once the process named in it is gone (:func:`remove_stale_parts`).

A writer that needs room of its own (a spreadsheet library's row files, say) gets a folder
beside the target with :func:`scratch_beside`, named the same way and removed the same way, so
nothing is staged in the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar, cast

from fosterkit.errors import UnwritableFolderError

__all__ = [
    "UnwritableFolderError",
    "atomic_write",
    "atomic_write_bytes",
    "remove_stale_parts",
    "scratch_beside",
    "temporary_beside",
    "write_beside",
]

T = TypeVar("T")

#: A temporary file or folder of ours: ``.NAME.PID@HOST.XXXXXXXX.part``, HOST a hash of the host's
#: name (eight hex digits), XXXXXXXX what :func:`tempfile.mkstemp` makes it unique with.
_OURS = re.compile(r"^\..+\.(?P<pid>[0-9]{1,10})@(?P<host>[0-9a-f]{8})\.[a-z0-9_]{8}\.part$")
#: A temporary file of an earlier fosterkit, which named no process: ``.NAME.XXXXXXXX.part``.
_EARLIER = r"^\.{name}\.[a-z0-9_]{{8}}\.part$"
#: An earlier fosterkit's temporary file older than this (seconds) is taken as left by a kill.
EARLIER_STALE_AFTER = 24 * 60 * 60


def _host() -> str:
    """This machine, as eight hex digits (a folder may be shared between machines)."""
    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'surrogateescape')):08x}"


def _marker() -> str:
    return f"{os.getpid()}@{_host()}"


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (taken as yes when it cannot be told)."""
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _remove(entry: os.DirEntry[str]) -> None:
    with contextlib.suppress(OSError):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            Path(entry.path).unlink()


def remove_stale_parts(path: str | os.PathLike[str]) -> int:
    """Remove temporary files left beside ``path`` by writes that were killed; returns how many.

    Only our own names are touched: ``.NAME.PID@HOST.XXXXXXXX.part`` files and folders in
    ``path``'s folder whose process, on this machine, is no longer running, and ``path``'s own
    ``.NAME.XXXXXXXX.part`` files of earlier versions once a day old. Anything that cannot be
    removed is left; this never fails a write.
    """
    target = Path(path)
    host = _host()
    earlier = re.compile(_EARLIER.format(name=re.escape(target.name)))
    removed = 0
    now = time.time()
    try:
        with os.scandir(target.parent) as entries:
            for entry in entries:
                match = _OURS.match(entry.name)
                if match is not None:
                    stale = match["host"] == host and not _running(int(match["pid"]))
                elif earlier.match(entry.name):
                    try:
                        stale = now - entry.stat(follow_symlinks=False).st_mtime > EARLIER_STALE_AFTER
                    except OSError:
                        stale = False
                else:
                    continue
                if stale:
                    _remove(entry)
                    removed += 1
    except OSError:
        return removed
    return removed


@contextlib.contextmanager
def temporary_beside(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place when the block ends cleanly.

    Temporary files that killed writes left in the folder are removed first.
    """
    target = Path(path)
    remove_stale_parts(target)
    temp: Path | None = None
    try:
        try:
            handle, temp_name = tempfile.mkstemp(
                prefix=f".{target.name}.{_marker()}.", suffix=".part", dir=target.parent
            )
        except OSError as err:
            raise UnwritableFolderError(f"cannot write in {target.parent}: {err.strerror or err}") from err
        temp = Path(temp_name)
        os.close(handle)
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        temp.replace(target)
    finally:
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


@contextlib.contextmanager
def scratch_beside(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a new folder beside ``path``, readable by its owner only, removed with all it holds after.

    For writers whose libraries need temporary files of their own: given the staging file of
    :func:`temporary_beside` (or any path), the files stay on the target's file system, out of
    the system's temporary folder, and a folder left by a killed write is removed by the next.
    """
    where = Path(path)
    try:
        folder = Path(
            tempfile.mkdtemp(prefix=f".{where.name}.{_marker()}.", suffix=".part", dir=where.parent)
        )
    except OSError as err:
        raise UnwritableFolderError(f"cannot write in {where.parent}: {err.strerror or err}") from err
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
