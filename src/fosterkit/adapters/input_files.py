"""Adapter: whether a file given to read can be read, said the same way by every command."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fosterkit.errors import cannot_read

__all__ = ["file_fault"]


def file_fault(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as an input file ("no such file", "a folder, not a file"), or ``None``.

    Devices, pipes and sockets are refused too: an import reads its source more than once.
    """
    try:
        info = Path(path).stat()
    except OSError as err:
        return cannot_read(err)
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, pipe or socket)"
    try:
        with Path(path).open("rb"):
            pass
    except OSError as err:
        return cannot_read(err)
    return None
