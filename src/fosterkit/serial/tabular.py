"""Records as table rows: the one flattening every tabular exporter (CSV, Excel, a database) uses.

A record's kind fixes its columns. Each scalar field is a column named after the field. A
nested record that is always there gives dotted columns (``service.name``). Lists, and nested
records that may be absent, are one column holding JSON (``["finance.fees_allowances"]``). Dates
are dates, numbers are numbers, yes/no are booleans, enumerations are their values, and an
absent value is an empty cell.

Text a spreadsheet would read as a formula is neutralised on the way out and restored on the way
back (:mod:`fosterkit.serial.cells`); rows are made by functions worked out once per table
(:mod:`fosterkit.serial.row_plans`).

Special-category fields (equality data) are left out unless asked for by name. This module
does no I/O; the plugins that read and write files use it.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen

from fosterkit._util.types import unwrap_optional
from fosterkit.errors import FosterkitError, Problem, StructureError
from fosterkit.interviews.record import is_free_text
from fosterkit.records import is_special_category
from fosterkit.serial.cells import (
    FORMULA_STARTS,
    CellKind,
    Column,
    Value,
    cell_reader,
    neutralise,
    restore,
    same,
)
from fosterkit.serial.converter import structure
from fosterkit.serial.kinds import RECORD_KINDS, record_kind
from fosterkit.serial.row_plans import row_plan
from fosterkit.serial.special import can_hold_special_category, without_special_category

__all__ = [
    "FORMULA_STARTS",
    "CellKind",
    "Column",
    "MixedKindsError",
    "TableSchema",
    "Value",
    "can_hold_special_category",
    "neutralise",
    "restore",
    "single_kind",
    "table_schema",
    "without_special_category",
]


_SCALARS = {
    str: CellKind.TEXT,
    int: CellKind.INT,
    float: CellKind.FLOAT,
    bool: CellKind.BOOL,
    datetime.date: CellKind.DATE,
}


def _columns(cls: type, prefix: tuple[str, ...], special: bool) -> Iterator[Column]:
    attrs.resolve_types(cls)
    for field in attrs.fields(cls):
        if is_special_category(field) and not special:
            continue
        path = (*prefix, field.name)
        inner, optional = unwrap_optional(field.type)
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            kind = CellKind.ENUM
        elif isinstance(inner, type) and inner in _SCALARS:
            kind = _SCALARS[inner]
        elif attrs.has(inner) and not optional:
            yield from _columns(inner, path, special)
            continue
        else:
            kind = CellKind.JSON
        yield Column(
            name=".".join(path),
            path=path,
            kind=kind,
            optional=optional,
            type=field.type,
            free_text=is_free_text(field),
        )


class MixedKindsError(FosterkitError):
    """A table holds one kind of record; another kind turned up."""


@frozen
class TableSchema:
    """The columns of one kind of record, and how rows and records turn into each other."""

    kind: str
    cls: type = attrs.field(repr=False)
    columns: tuple[Column, ...] = attrs.field(repr=False)
    special_category: bool = False
    """Whether special-category fields are included."""
    _plans: dict[tuple[bool, bool], Callable[[object], tuple[Any, ...]]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )
    """Row makers already worked out, by ``(safe, text)``."""
    _read_plans: dict[bool, list[tuple[Column, Callable[[object], Any]]]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )
    """Cell readers already worked out, by ``safe``."""

    def _readers(self, safe: bool) -> list[tuple[Column, Callable[[object], Any]]]:
        readers = self._read_plans.get(safe)
        if readers is None:
            unguard = restore if safe else same
            readers = self._read_plans[safe] = [(c, cell_reader(c, unguard)) for c in self.columns]
        return readers

    def _plan(self, *, safe: bool, text: bool) -> Callable[[object], tuple[Any, ...]]:
        plan = self._plans.get((safe, text))
        if plan is None:
            plan = self._plans[safe, text] = row_plan(self, safe=safe, text=text)
        return plan

    @property
    def header(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def row(self, record: object, *, safe: bool = True) -> tuple[Value, ...]:
        """The record's cells, typed; with ``safe``, text is neutralised for spreadsheets."""
        return self._plan(safe=safe, text=False)(record)

    def text_row(self, record: object) -> tuple[str, ...]:
        """The record's cells as text (for CSV): ISO dates, ``true``/``false``, empty for nothing."""
        return self._plan(safe=True, text=True)(record)

    def row_maker(self, *, safe: bool = True) -> Callable[[object], tuple[Value, ...]]:
        """The function :meth:`row` calls, worked out once: for exporters, to call per record."""
        return self._plan(safe=safe, text=False)

    def text_row_maker(self) -> Callable[[object], tuple[str, ...]]:
        """The function :meth:`text_row` calls, worked out once: for exporters, to call per record."""
        return self._plan(safe=True, text=True)

    def record(self, cells: Sequence[object], *, where: str | None = None, safe: bool = True) -> Any:
        """The record a row holds, from typed or text cells; ``where`` (``row 7``) names it in errors.

        ``safe`` says the cells were written neutralised (as :meth:`row` writes by default).
        """
        if len(cells) != len(self.columns):
            message = f"expected {len(self.columns)} cells, got {len(cells)}"
            raise StructureError([Problem(path="", message=message)], where)
        data: dict[str, Any] = {}
        problems: list[Problem] = []
        for (column, read), cell in zip(self._readers(safe), cells, strict=True):
            try:
                value = read(cell)
            except ValueError as err:
                problems.append(Problem(path=column.name, field=column.path[-1], message=str(err)))
                continue
            path = column.path
            if len(path) == 1:
                data[path[0]] = value
                continue
            node = data
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
        if problems:
            raise StructureError([attrs.evolve(p, entry=_entry(data)) for p in problems], where)
        return structure(data, self.cls, source=where)

    def check_header(self, header: Sequence[object], *, where: str | None = None) -> None:
        """Refuse a header that is not this schema's, naming the missing and unexpected columns."""
        given = [str(h) for h in header]
        if given == list(self.header):
            return
        missing = [h for h in self.header if h not in given]
        extra = [h for h in given if h not in self.header]
        parts = []
        if missing:
            parts.append(f"missing columns {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected columns {', '.join(extra)}")
        if not parts:
            parts.append("the columns are in a different order")
        message = f"not a {self.kind} table: " + "; ".join(parts)
        raise StructureError([Problem(path="header", message=message)], where)


def table_schema(kind: str | type, *, special_category: bool = False) -> TableSchema:
    """The table schema of a record kind (``"departure"``) or class."""
    if isinstance(kind, str):
        try:
            cls = RECORD_KINDS[kind]
        except KeyError:
            known = ", ".join(RECORD_KINDS)
            raise KeyError(f"unknown record kind {kind!r}; known kinds: {known}") from None
        name = kind
    else:
        cls = kind
        name = next((n for n, c in RECORD_KINDS.items() if c is kind), kind.__name__)
    return TableSchema(name, cls, tuple(_columns(cls, (), special_category)), special_category)


def single_kind(
    records: Iterable[object], *, kind: str | None = None, special_category: bool = False
) -> tuple[TableSchema | None, Iterator[object]]:
    """The schema of a stream of records of one kind, and the stream (read lazily, as it was).

    Without ``kind`` the first record decides. A record of another kind raises
    :class:`MixedKindsError` naming its position and id when the stream reaches it.
    """
    stream = iter(records)
    if kind is None:
        try:
            first = next(stream)
        except StopIteration:
            return None, iter(())
        schema = table_schema(record_kind(first), special_category=special_category)
        stream = _chain(first, stream)
    else:
        schema = table_schema(kind, special_category=special_category)
    return schema, _checked(schema, stream)


def _chain(first: object, rest: Iterator[object]) -> Iterator[object]:
    yield first
    yield from rest


def _checked(schema: TableSchema, stream: Iterator[object]) -> Iterator[object]:
    for position, record in enumerate(stream, start=1):
        if type(record) is not schema.cls:
            name = getattr(record, "id", None)
            about = f" (id {name!r})" if isinstance(name, str) else ""
            raise MixedKindsError(
                f"record {position}{about} is a {type(record).__name__}; "
                f"this table holds {schema.kind} records (export one kind at a time)"
            )
        yield record


def _get(record: object, path: tuple[str, ...]) -> Any:
    value = record
    for part in path:
        value = getattr(value, part)
    return value


def _entry(data: Mapping[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) else None
