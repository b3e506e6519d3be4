"""Rows as a source reader hands them to an import: cells, rows, and rows that could not be read."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

__all__ = ["Cell", "SourceRow", "UnreadableRow"]

#: One cell of a source row as a reader hands it over: text (CSV), a spreadsheet's typed value,
#: or a list of values (JSON). ``None`` and text of spaces only are blank.
Cell = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | list[Any] | None


@frozen
class UnreadableRow:
    """A row a reader could not get cells out of (a line that is not JSON, say): why, and the row as it was.

    The import rejects the row with ``message`` and keeps ``text`` in the rejects file.
    """

    message: str
    text: str


#: One row of a source: its number as the person who keeps the file sees it (the spreadsheet's
#: row number, the line of a JSON Lines file), and its cells, either in column order (a
#: sequence, for tables; the header is itself one of the rows), by name (a mapping, for
#: sources whose rows name their own fields), or an :class:`UnreadableRow`.
SourceRow = tuple[int, Sequence[Cell] | Mapping[str, Cell] | UnreadableRow]
