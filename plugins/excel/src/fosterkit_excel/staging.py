"""Where openpyxl stages a workbook while saving it: a folder beside the file, not the system's.

openpyxl writes each worksheet to a temporary file in :mod:`tempfile`'s default folder before
zipping it into the workbook, and a process killed while saving leaves those files there.
:func:`staged_beside` points that default at a folder beside the file being written (from
:func:`fosterkit.plugins.scratch_folder`) for the length of the save, then puts it back.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from fosterkit.plugins import scratch_folder

__all__ = ["staged_beside"]

# tempfile's default folder is one setting for the whole process: one save changes it at a time.
_LOCK = threading.Lock()


@contextlib.contextmanager
def staged_beside(path: Path) -> Iterator[Path]:
    """For the length of the block, temporary files made with no folder named go beside ``path``."""
    with scratch_folder(path) as folder, _LOCK:
        before = tempfile.tempdir
        tempfile.tempdir = str(folder)
        try:
            yield folder
        finally:
            tempfile.tempdir = before
