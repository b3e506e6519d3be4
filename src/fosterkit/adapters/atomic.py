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
import secrets
import shutil
import signal
import socket
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
#: name (eight hex digits), XXXXXXXX eight random letters, digits or underscores.
_OURS = re.compile(r"^\..+\.(?P<pid>[0-9]{1,10})@(?P<host>[0-9a-f]{8})\.[a-z0-9_]{8}\.part$")
#: A temporary file of an earlier fosterkit, which named no process: ``.NAME.XXXXXXXX.part``.
_EARLIER = r"^\.{name}\.[a-z0-9_]{{8}}\.part$"
#: An earlier fosterkit's temporary file older than this (seconds) is taken as left by a kill.
EARLIER_STALE_AFTER = 24 * 60 * 60


#: The signals that stop a command part-way (as an exception, in the command line).
_STOPPING = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the stopping signals until the block ends (where the platform can).

    Around removing temporary files: a second ``Ctrl-C`` while they are being removed would
    otherwise leave some of them. The signal takes effect as soon as the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # the mask as it is, unchanged
    try:
        # Inside the ``try``: a signal that came just before runs its handler as this call
        # returns, with the mask already changed, and the ``finally`` must still put it back.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


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


#: The characters of a temporary name's unique part.
_UNIQUE = "abcdefghijklmnopqrstuvwxyz0123456789_"
#: Flags for making a new temporary file: never one that is there, never through a link.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _new_file(path: Path) -> None:
    os.close(os.open(path, _NEW_FILE, 0o600))


def _new_folder(path: Path) -> None:
    path.mkdir(mode=0o700)


def _make_beside(where: Path, make: Callable[[Path], None], made: list[Path]) -> Path:
    """Make a new temporary file or folder beside ``where`` with ``make``; its path.

    The path is added to ``made`` before it is made, so that a stop at any point (``Ctrl-C``
    is an exception that can come between any two steps) never leaves one the caller's clean-up
    does not know of.
    """
    for _ in range(100):
        unique = "".join(secrets.choice(_UNIQUE) for _ in range(8))
        path = where.parent / f".{where.name}.{_marker()}.{unique}.part"
        made.append(path)
        try:
            make(path)
        except FileExistsError:
            made.remove(path)  # not ours: try another name
            continue
        except OSError as err:
            made.remove(path)
            raise UnwritableFolderError(f"cannot write in {where.parent}: {err.strerror or err}") from err
        return path
    raise UnwritableFolderError(f"cannot write in {where.parent}: no free name for a temporary file")


def _remove_made(made: list[Path]) -> None:
    with _signals_held():
        for path in made:
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


@contextlib.contextmanager
def temporary_beside(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place when the block ends cleanly.

    Temporary files that killed writes left in the folder are removed first.
    """
    target = Path(path)
    remove_stale_parts(target)
    made: list[Path] = []
    try:
        temp = _make_beside(target, _new_file, made)
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        temp.replace(target)
    finally:
        _remove_made(made)


@contextlib.contextmanager
def scratch_beside(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a new folder beside ``path``, readable by its owner only, removed with all it holds after.

    For writers whose libraries need temporary files of their own: given the staging file of
    :func:`temporary_beside` (or any path), the files stay on the target's file system, out of
    the system's temporary folder, and a folder left by a killed write is removed by the next.
    Temporary files and folders that killed writes left beside ``path`` are removed first.
    """
    where = Path(path)
    remove_stale_parts(where)
    made: list[Path] = []
    try:
        yield _make_beside(where, _new_folder, made)
    finally:
        _remove_made(made)


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
