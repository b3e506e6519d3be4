"""One row read from a register sheet, and how a record's problem is traced back to its cell.

A :class:`ReadRow` keeps each value by the path of its column, the cell it came from and what
the cell showed, so that a problem found in a record put together from several rows can be
placed in the cell that holds the field (:func:`locate`).
"""

from __future__ import annotations

import re
from typing import Any

from attrs import Factory, define

from fosterkit.errors import CellProblem
from fosterkit_excel.register_layout import Table

__all__ = ["ReadRow", "locate"]

_INDEX = re.compile(r"\[(\d+)\]")


@define
class ReadRow:
    """One row read from a sheet: its values by column path, the cell of each, and what each showed."""

    table: Table
    number: int
    values: dict[str, Any] = Factory(dict)
    cells: dict[str, str] = Factory(dict)
    shown: dict[str, str] = Factory(dict)
    bad: bool = False
    """A cell of the row could not be taken (already listed as a problem)."""

    @property
    def key(self) -> str | None:
        """The row's own id (the first column's value), or a link's value for a row without one."""
        return self.values.get(self.table.columns[0].path)

    def link(self, sheet: str) -> str | None:
        """The id of the row on ``sheet`` this row links to."""
        column = next((c for c in self.table.columns if c.link == sheet), None)
        return None if column is None else self.values.get(column.path)

    def data(self) -> dict[str, Any]:
        """The row's fields as a serialised record (or part of one)."""
        data: dict[str, Any] = {}
        ratings: list[dict[str, Any]] = []
        for path, value in self.values.items():
            if path.startswith("#"):
                self.cells[f"ratings.{len(ratings)}.score"] = self.cells[path]
                ratings.append({"area": path[1:], "score": value})
            elif not path.startswith(("@", "^")):
                _put(data, path.split("."), value)
        if ratings:
            data["ratings"] = ratings
        compacted: dict[str, Any] = _compact(data)
        return compacted

    def problem(self, message: str, path: str = "") -> CellProblem:
        """A problem in the cell holding ``path`` (the row's first cell when no column holds it)."""
        path = path if path in self.cells else self.table.columns[0].path
        return CellProblem(
            sheet=self.table.sheet, cell=self.cells[path], value=self.shown[path], message=message
        )


def _put(data: Any, steps: list[str], value: Any) -> None:
    step, rest = steps[0], steps[1:]
    if isinstance(data, list):
        index = int(step)
        data.extend([None] * (index + 1 - len(data)))
        if not rest:
            data[index] = value
            return
        if data[index] is None:
            data[index] = [] if rest[0].isdigit() else {}
        _put(data[index], rest, value)
        return
    if not rest:
        data[step] = value
        return
    _put(data.setdefault(step, [] if rest[0].isdigit() else {}), rest, value)


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


def locate(pieces: list[tuple[str, ReadRow]], path: str, message: str) -> CellProblem:
    """The problem at ``path`` of a record, placed in the cell it came from."""
    for prefix, row in sorted(pieces, key=lambda piece: -len(piece[0])):
        if prefix and path != prefix and not path.startswith((f"{prefix}.", f"{prefix}[")):
            continue
        local = _INDEX.sub(r".\1", path[len(prefix) :].lstrip("."))
        steps = local.split(".")
        for end in range(len(steps), 0, -1):
            if ".".join(steps[:end]) in row.cells:
                return row.problem(message, ".".join(steps[:end]))
        return row.problem(f"{local or 'the row'}: {message}" if local else message)
    return pieces[0][1].problem(f"{path}: {message}")
