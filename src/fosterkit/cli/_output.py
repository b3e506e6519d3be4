"""Output helpers shared by the ``fosterkit`` commands: wrapped text, dates, plurals and JSON.

A command that produces a result prints it for people, or with ``--json`` prints only JSON on
standard output. A command that writes files says what it wrote through :class:`Outcome`, in
one shape for every such command::

    {"command": "report", "wrote": [{"path": "report.xlsx", "what": "retention report"}],
     "summary": {...}, "notes": ["..."], "warnings": ["..."]}

``notes`` are the lines the command prints for people; ``warnings`` those it wrote to standard
error while it ran (they still go there too).
"""

from __future__ import annotations

import datetime
import json
import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fosterkit.cli._progress import clear_progress

if TYPE_CHECKING:  # the plugin machinery is not loaded for a type
    from fosterkit.plugins import PluginFailure

__all__ = [
    "INDENT",
    "Outcome",
    "collecting_warnings",
    "count",
    "day",
    "emit_json",
    "one_service",
    "warn",
    "warn_failures",
    "words",
    "wrap",
]

INDENT = "    "


def _width() -> int:
    return max(60, min(110, shutil.get_terminal_size((100, 24)).columns))


def wrap(text: str, indent: str = INDENT) -> str:
    """``text`` filled to the terminal's width, every line indented."""
    return textwrap.fill(
        " ".join(text.split()), width=_width(), initial_indent=indent, subsequent_indent=indent
    )


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON."""
    clear_progress()
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


#: The warnings of the command running, while :func:`collecting_warnings` gathers them.
_collected: list[list[str]] = []


@contextmanager
def collecting_warnings() -> Iterator[list[str]]:
    """Gather every :func:`warn` given in the block (each still goes to standard error)."""
    gathered: list[str] = []
    _collected.append(gathered)
    try:
        yield gathered
    finally:
        _collected.remove(gathered)


def warn(message: str) -> None:
    """A warning for people, on standard error."""
    clear_progress()
    for gathered in _collected:
        gathered.append(message)
    print(f"fosterkit: warning: {message}", file=sys.stderr)


def one_service(names: Iterable[str], source: str, what: str, default: str) -> str:
    """The one service ``names`` holds; else ``default``, said in one warning (``what`` calls it so)."""
    found = sorted(set(names))
    if len(found) == 1:
        return found[0]
    named = "no service" if not found else f"{len(found)} services ({', '.join(found)})"
    warn(
        f"{source}: the household records name {named}, so {what} the service '{default}' "
        "(give --service NAME)"
    )
    return default


def count(number: int, thing: str, things: str | None = None) -> str:
    """``1 record``, ``2 records``: a number with its noun, singular or plural (``things`` if irregular)."""
    return f"{number:,} {thing if number == 1 else things or thing + 's'}"


def words(code: str) -> str:
    """A code such as ``missing_departure`` or ``data_collection_record`` as words people read."""
    return code.replace("_", " ")


def day(date: datetime.date) -> str:
    """A date as people read it in messages: ``31 Mar 2027``."""
    return f"{date.day} {date:%b %Y}"


class Outcome:
    """What a command did, said as lines for people or, with ``--json``, as one JSON object.

    Use it as a context manager around the command's work: warnings given meanwhile are kept
    for the JSON. :meth:`wrote` records a file written, :meth:`say` a line for people, and
    ``summary`` takes the command's figures; on leaving the block without an error the lines
    are printed, or the JSON emitted.
    """

    def __init__(self, command: str, *, json: bool) -> None:
        self.command = command
        self.json = json
        self.files: list[dict[str, str]] = []
        self.summary: dict[str, Any] = {}
        self.notes: list[str] = []
        self.kept: dict[str, Any] = {}
        """Keys a command's JSON held before this shape, kept at the top level so scripts still work."""
        self._warnings: list[str] = []
        self._gathering: Any = None

    def wrote(self, path: object, what: str) -> None:
        """Record that the command wrote ``path`` (``what``: what it is, in a few words)."""
        self.files.append({"path": str(path), "what": what})

    def say(self, line: str) -> None:
        """A line for people (printed at the end; a note in the JSON)."""
        self.notes.extend(line.split("\n"))

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: command, wrote, summary, notes, warnings."""
        return {
            **self.kept,
            "command": self.command,
            "wrote": list(self.files),
            "summary": dict(self.summary),
            "notes": list(self.notes),
            "warnings": list(self._warnings),
        }

    def __enter__(self) -> Outcome:
        self._gathering = collecting_warnings()
        self._warnings = self._gathering.__enter__()
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self._gathering.__exit__(kind, error, trace)
        if kind is not None:
            return
        if self.json:
            emit_json(self.as_dict())
        elif self.notes:
            print("\n".join(self.notes))


def warn_failures(failures: Iterable[PluginFailure]) -> None:
    """One warning for each plugin failure or clash."""
    for failure in failures:
        warn(failure.describe())
