"""Row makers: the function that turns a record into its row, worked out once per table.

:func:`row_plan` compiles one function per record kind from the columns (no loop over the
columns, no call per cell); :func:`general_plan` is the plain version it must equal, which a
property test checks. The generated source comes only from the schema's own column plan.
"""

from __future__ import annotations

import json
import keyword
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.serial.cells import (
    ESCAPE,
    FORMULA_STARTS,
    CellKind,
    Column,
    cell_converter,
    looks_like_formula,
    neutralise,
    same,
)
from fosterkit.serial.converter import converter
from fosterkit.serial.special import can_hold_special_category, without_special_category

if TYPE_CHECKING:
    from fosterkit.serial.tabular import TableSchema

__all__ = ["compiled_plan", "general_plan", "row_plan"]


def row_plan(schema: TableSchema, *, safe: bool, text: bool) -> Callable[[object], tuple[Any, ...]]:
    """A row maker for ``schema``, worked out once: compiled for its columns when it can be.

    The compiled maker gives exactly what :func:`general_plan` gives (a property test checks
    it), without a loop over the columns or a call per cell.
    """
    return compiled_plan(schema, safe=safe, text=text) or general_plan(schema, safe=safe, text=text)


#: The first characters :func:`neutralise` puts an apostrophe before.
_GUARDED = FORMULA_STARTS | {ESCAPE}


def _guard_lines(cell: str, expression: str) -> list[str]:
    """Lines setting ``cell`` to ``neutralise(expression)``, without a call."""
    return [
        f"        {cell} = {expression}",
        f"        if {cell} and ({cell}[0] in _GUARDED or ({cell}[0] == ' ' and _formula({cell}))):",
        f"            {cell} = ESCAPE + {cell}",
    ]


def _cell_lines(
    column: Column, number: int, namespace: dict[str, Any], *, safe: bool, text: bool
) -> list[str] | None:
    """The source that sets ``c<number>`` from ``v<number>``, the column's value; ``None``: as it is.

    What the source needs besides the builtins goes into ``namespace``.
    """
    value, cell = f"v{number}", f"c{number}"
    kind = column.kind
    expression: str
    guard = safe
    empty = "''" if text else "None"
    lines = [f"    if {value} is None:", f"        {cell} = {empty}"]
    if kind is CellKind.TEXT:
        if not safe:
            return [f"    {cell} = '' if {value} is None else {value}"] if text else None
        expression = value
    elif kind is CellKind.ENUM:
        members = list(unwrap_optional(column.type)[0])
        plain = all(type(m.value) is str for m in members)
        expression = f"{value}._value_" if plain else f"str({value}._value_)"
        # Values no member has need no guard: the enumeration's values are all known.
        guard = safe and any(neutralise(str(m.value)) != str(m.value) for m in members)
    elif kind is CellKind.JSON:
        inner = unwrap_optional(column.type)[0]
        item = list_item(inner)
        if item in (str, int):  # a list of codes: nothing to unstructure, and JSON starting with [
            expression = f"_dumps(list({value}))"
            guard = False
        else:
            # The converter's hook for the declared type, found once, rather than a lookup by
            # the value's type for the list and each of its items.
            namespace[f"_unstructure{number}"] = converter.get_unstructure_hook(inner)
            expression = f"_dumps(_unstructure{number}({value}))"
        if item is not None:
            lines += [f"    elif not {value}:", f"        {cell} = '[]'"]
    elif not text:
        return None
    elif kind is CellKind.BOOL:
        expression = f"'true' if {value} else 'false'"
        guard = False
    elif kind is CellKind.DATE:
        expression = f"{value}.isoformat()"
        guard = False
    else:  # INT, FLOAT
        expression = f"{'repr' if kind is CellKind.FLOAT else 'str'}({value})"
        guard = False
    lines.append("    else:")
    return lines + (_guard_lines(cell, expression) if guard else [f"        {cell} = {expression}"])


def compiled_plan(
    schema: TableSchema, *, safe: bool, text: bool
) -> Callable[[object], tuple[Any, ...]] | None:
    """:func:`general_plan`'s row maker as one function, generated from the columns' source.

    Each field is read straight from the record and each cell made inline, so a row costs a
    call, not one per cell. ``None`` when a field's name is not a plain identifier.
    """
    names = [part for column in schema.columns for part in column.path]
    if not all(name.isidentifier() and not keyword.iskeyword(name) for name in names):
        return None  # pragma: no cover - attrs fields are identifiers
    namespace: dict[str, Any] = {
        "_GUARDED": _GUARDED,
        "_formula": looks_like_formula,
        "ESCAPE": ESCAPE,
        "_strip": without_special_category,
        "_dumps": json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode,
    }
    lines = ["def row(record):"]
    if not schema.special_category and can_hold_special_category(schema.cls):
        lines.append("    record = _strip(record)")
    cells = []
    for number, column in enumerate(schema.columns):
        lines.append(f"    v{number} = record.{'.'.join(column.path)}")
        made = _cell_lines(column, number, namespace, safe=safe, text=text)
        lines += made or []
        cells.append(f"c{number}" if made else f"v{number}")
    lines.append(f"    return ({''.join(cell + ', ' for cell in cells)})")
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<fosterkit row maker: {schema.kind}>", "exec"), namespace)
    row: Callable[[object], tuple[Any, ...]] = namespace["row"]
    row.__doc__ = source  # what it does, for anyone debugging it
    return row


def general_plan(schema: TableSchema, *, safe: bool, text: bool) -> Callable[[object], tuple[Any, ...]]:
    """A row maker for ``schema``, worked out once: one getter for all fields, one converter per column.

    Exports call it for every record, so nothing is decided per cell: the fields are read with
    one :func:`operator.attrgetter`, and only the columns that need it are converted. For
    ``text`` (CSV) every value becomes text and an absent one the empty string.
    """
    guard = neutralise if safe else same
    columns = schema.columns
    getter = operator.attrgetter(*(".".join(column.path) for column in columns))
    single = len(columns) == 1
    converters = [cell_converter(column, guard, text=text) for column in columns]
    steps = [(i, convert) for i, convert in enumerate(converters) if convert is not None]
    strip = not schema.special_category and can_hold_special_category(schema.cls)

    def values_of(record: object) -> list[Any]:
        if strip:
            record = without_special_category(record)
        got = getter(record)
        return [got] if single else list(got)

    if text:

        def text_row(record: object) -> tuple[Any, ...]:
            return tuple(
                [
                    "" if value is None else value if convert is None else convert(value)
                    for value, convert in zip(values_of(record), converters, strict=True)
                ]
            )

        return text_row

    def row(record: object) -> tuple[Any, ...]:
        values = values_of(record)
        for i, convert in steps:
            value = values[i]
            if value is not None:
                values[i] = convert(value)
        return tuple(values)

    return row
