"""The files a command writes: never one that exists unless ``--force``, never one it reads.

Every command that writes a file adds ``--force`` with :func:`add_force_option` and calls
:func:`check_targets` before it reads anything. A file the command would replace is refused
if it exists, unless ``--force`` was given; a file the command reads (by any name: the same
path, a symbolic link or a hard link to it) is refused as a target even with ``--force``, and
so is one file named for two outputs. The library's own functions replace files as asked;
this protection is the command line's.

:func:`stopping_on_terminate` turns ``SIGTERM`` and ``SIGHUP`` into an exception for the length
of a command, so a write in progress removes its temporary file as it does on ``Ctrl-C``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from fosterkit.errors import FosterkitError

__all__ = ["TargetError", "Terminated", "add_force_option", "check_targets", "stopping_on_terminate"]

#: A file the command names: what it is to the user (``--out``, ``RECORDS.jsonl``) and its path.
Named = tuple[str, "str | os.PathLike[str] | None"]


class TargetError(FosterkitError):
    """A command was asked to write over a file it must not replace."""


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (``SIGTERM``, ``SIGHUP``): handled as ``Ctrl-C``, so writes clean up."""


def add_force_option(parser: argparse.ArgumentParser, what: str = "the output file") -> None:
    """``--force``: replace the command's output if it exists (never one of its inputs)."""
    parser.add_argument(
        "--force", action="store_true", help=f"replace {what} if it exists (an input is never replaced)"
    )


def _same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same file on disk (links included) or the same place."""
    with contextlib.suppress(OSError):
        if first.samefile(second):
            return True
    with contextlib.suppress(OSError, RuntimeError):
        return first.resolve() == second.resolve()
    return first.absolute() == second.absolute()


def _given(files: Iterable[Named]) -> list[tuple[str, Path]]:
    return [(label, Path(path)) for label, path in files if path is not None and os.fspath(path) != ""]


def check_targets(
    targets: Iterable[Named],
    inputs: Iterable[Named] = (),
    *,
    force: bool,
    updated: Iterable[Named] = (),
) -> None:
    """Refuse, before anything is read, a write the command must not make (:class:`TargetError`).

    ``targets`` are the files the command replaces: each must not exist unless ``force``.
    ``updated`` are files it merges into (an import's records), which may exist. Neither may be
    a folder, one of ``inputs``, or the same file as another target.
    """
    written = _given(targets)
    merged = _given(updated)
    read = _given(inputs)
    outputs = [*merged, *written]
    for number, (label, path) in enumerate(outputs):
        if path.is_dir():
            raise TargetError(f"{path} is a folder; give {label} a file name")
        for input_label, source in read:
            if _same_file(path, source):
                raise TargetError(
                    f"refusing to write {path}: it is also one of this command's inputs "
                    f"({input_label} {source}); choose another file for {label} "
                    "(--force never replaces an input)"
                )
        for other_label, other in outputs[:number]:
            if _same_file(path, other):
                raise TargetError(
                    f"refusing to write {path} twice: {other_label} and {label} name the same file; "
                    f"choose another file for {label}"
                )
    if force:
        return
    for label, path in written:
        if path.exists() or path.is_symlink():
            raise TargetError(f"{path} exists; use --force to replace it, or choose another file for {label}")


#: The signals that ask a process to stop and would otherwise end it on the spot: ``SIGTERM``
#: (``kill``, a service manager) and ``SIGHUP`` (the terminal or remote session closed).
_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def stopping_on_terminate() -> Iterator[None]:
    """For the length of the block, ``SIGTERM`` or ``SIGHUP`` raises :class:`Terminated`.

    :class:`Terminated` is a ``KeyboardInterrupt``, so a command asked to stop unwinds as it does
    on ``Ctrl-C``: every ``finally`` runs and a write in progress removes its temporary file. A
    second such signal stops the process at once. A signal the process was started ignoring
    (``nohup``) stays ignored, and outside the main thread (where signals cannot be handled)
    nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        for number in handled:
            signal.signal(number, signal.SIG_DFL)
        raise Terminated

    previous = {number: signal.getsignal(number) for number in _STOPPING}
    handled = [number for number, handler in previous.items() if handler is not signal.SIG_IGN]
    for number in handled:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number in handled:
            before = previous[number]
            signal.signal(number, signal.SIG_DFL if before is None else before)
