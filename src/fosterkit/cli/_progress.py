"""A progress bar for commands that read records: on standard error, on a terminal only.

The bar shows the share of the file read (by bytes) and the records read so far, is redrawn at
most about ten times a second, and is erased when the reading ends, so nothing of it is left in
the terminal. It is drawn only when standard error is a terminal and ``CI`` is not set: a pipe,
a log file or a test's capture sees nothing, and the reading then pays nothing for it (the
readers call no callback at all).

Readers report through a callback, ``progress(done, total, records)``: bytes read, bytes in
all, records so far (see :func:`fosterkit.adapters.jsonl.scan_jsonl`).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

__all__ = ["ProgressBar", "clear_progress", "progress_bar", "wanted"]

#: How long the bar waits at least between two drawings, in seconds.
EVERY = 0.1
_WIDTH = 24

#: The bar being shown, if any: a warning clears it first so the two never share a line.
_shown: list[ProgressBar] = []


def wanted(stream: TextIO | None = None) -> bool:
    """Whether a bar should be drawn on ``stream`` (standard error): a terminal, and not under CI."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class ProgressBar:
    """One line on ``stream`` showing how much of ``label`` is read: ``[#####.....]  48%  12,000 records``."""

    def __init__(self, label: str, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.stream = stream
        self.clock = clock
        self.drawn = False
        self._last = -EVERY
        self._state = (0, 0, 0)

    def __call__(self, done: int, total: int, records: int) -> None:
        """Take the reader's news; redraw if the last drawing is old enough, or the end is reached."""
        self._state = (done, total, records)
        now = self.clock()
        if now - self._last >= EVERY or (total and done >= total):
            self._last = now
            self.draw()

    def line(self) -> str:
        """The text of the bar as it stands."""
        done, total, records = self._state
        share = min(done / total, 1.0) if total > 0 else 0.0
        filled = round(share * _WIDTH)
        noun = "record" if records == 1 else "records"
        bar = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {share:4.0%}  {records:,} {noun}"
        room = _columns() - len(bar) - 3
        name = self.label if len(self.label) <= room else "..." + self.label[-max(room - 3, 0) :]
        return f"{name}  {bar}" if room > 3 else bar

    def draw(self) -> None:
        """Write the bar over the line it is on."""
        if self not in _shown:
            _shown.append(self)
        self.stream.write("\r" + self.line())
        self.stream.flush()
        self.drawn = True

    def erase(self) -> None:
        """Blank the line the bar is on, leaving the cursor at its start."""
        if self.drawn:
            self.stream.write("\r" + " " * min(len(self.line()) + 1, _columns()) + "\r")
            self.stream.flush()
            self.drawn = False
        if self in _shown:
            _shown.remove(self)


def _columns() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns - 1)


def clear_progress() -> None:
    """Erase the bar being shown, if any, before other text goes to the terminal (it comes back)."""
    for bar in list(_shown):
        bar.erase()


@contextmanager
def progress_bar(path: str | os.PathLike[str], *, shown: bool = True) -> Iterator[ProgressBar | None]:
    """A bar for reading ``path``, or ``None`` when no bar is wanted (or not ``shown``); erased at the end."""
    if not (shown and wanted()):
        yield None
        return
    bar = ProgressBar(f"reading {Path(path).name}", sys.stderr)
    try:
        yield bar
    finally:
        bar.erase()
