"""Cells: what a column holds, and the rules for a record's values as cells and back.

Text a spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``, tab, carriage
return or line feed, or their full-width forms) is prefixed with an apostrophe on the way out
(:func:`neutralise`), and the prefix is removed on the way back (:func:`restore`), so round
trips are exact. Every tabular format goes through these rules.
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
from collections.abc import Callable
from typing import Any

import attrs
from attrs import frozen

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.serial.converter import unstructure

__all__ = [
    "ESCAPE",
    "FORMULA_STARTS",
    "CellKind",
    "Column",
    "Value",
    "cell_converter",
    "cell_reader",
    "looks_like_formula",
    "neutralise",
    "read_cell",
    "restore",
    "same",
]

#: A cell's value as exporters receive it.
Value = str | int | float | bool | datetime.date | None

#: The first characters that make a spreadsheet treat text as a formula, full-width forms included.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

ESCAPE = "'"

#: What may stand before a formula's first character and still let a spreadsheet run it.
FORMULA_LEAD = " "


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could run ``text``: after any spaces, it starts with a :data:`FORMULA_STARTS`."""
    return text.lstrip(FORMULA_LEAD)[:1] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """``text`` made safe to put in a spreadsheet cell; :func:`restore` gives it back exactly.

    Text that :func:`looks_like_formula` (``=1+1``, `` =1+1``, a carriage return first) and
    text that starts with the apostrophe itself get an apostrophe in front.
    """
    if text and (text[0] == ESCAPE or looks_like_formula(text)):
        return ESCAPE + text
    return text


def restore(text: str) -> str:
    """The original text of a cell written with :func:`neutralise`."""
    return text[1:] if text.startswith(ESCAPE) else text


class CellKind(enum.Enum):
    """What a column holds."""

    TEXT = "text"
    ENUM = "enum"
    DATE = "date"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    JSON = "json"
    """A list, or a nested record that may be absent, as JSON text."""


@frozen(kw_only=True)
class Column:
    """One column: its header, where its value sits in the record, and what it holds."""

    name: str
    path: tuple[str, ...]
    kind: CellKind
    optional: bool
    """An empty cell means ``None`` (otherwise, for text, the empty string)."""
    type: Any = attrs.field(eq=False, repr=False)
    """The field's Python type, for JSON columns."""
    free_text: bool = False


def same(text: str) -> str:
    """The text as it is (the guard when cells are not neutralised)."""
    return text


def _json_text(guard: Callable[[str], str], kind: Any) -> Callable[[Any], str]:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if list_item(unwrap_optional(kind)[0]) in (str, int):  # a list of codes: nothing to unstructure

        def plain(value: Any) -> str:
            return guard(dumps(list(value)))

        return plain

    def convert(value: Any) -> str:
        return guard(dumps(unstructure(value)))

    return convert


def _enum_text(guard: Callable[[str], str]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        return guard(str(value.value))

    return convert


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _date_text(value: datetime.date) -> str:
    return value.isoformat()


_TEXT_OF: dict[CellKind, Callable[[Any], str]] = {
    CellKind.BOOL: _bool_text,
    CellKind.DATE: _date_text,
    CellKind.INT: str,
    CellKind.FLOAT: repr,
}


def cell_converter(column: Column, guard: Callable[[str], str], *, text: bool) -> Callable[[Any], Any] | None:
    """What turns a non-empty value of ``column`` into its cell; ``None`` when it goes in as it is."""
    kind = column.kind
    if kind is CellKind.TEXT:
        return None if guard is same else guard
    if kind is CellKind.ENUM:
        return _enum_text(guard)
    if kind is CellKind.JSON:
        return _json_text(guard, column.type)
    return _TEXT_OF[kind] if text else None


def read_cell(column: Column, cell: object, unguard: Callable[[str], str]) -> Any:
    """The JSON-like value a cell holds; the converter then checks it like any other input."""
    if cell is None or cell == "":
        return None if column.optional else ("" if column.kind is CellKind.TEXT else cell)
    kind = column.kind
    if isinstance(cell, datetime.datetime):
        cell = cell.date() if cell.time() == datetime.time() else cell
    if not isinstance(cell, str):
        if kind is CellKind.FLOAT and isinstance(cell, int) and not isinstance(cell, bool):
            return float(cell)
        return cell
    text = unguard(cell)
    if kind is CellKind.INT:
        return _parse(int, text)
    if kind is CellKind.FLOAT:
        return _parse(float, text)
    if kind is CellKind.BOOL:
        return {"true": True, "false": False}.get(text, text)
    if kind is CellKind.JSON:
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"{_short(text)} is not valid JSON ({err.msg})") from None
    return text


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{_short(text)} is not valid JSON ({err.msg})") from None


def cell_reader(column: Column, unguard: Callable[[str], str]) -> Callable[[object], Any]:
    """A reader for ``column``'s cells, worked out once: text cells (CSV) take a short path.

    It gives what :func:`read_cell` gives for every cell; typed cells (a spreadsheet's) go
    through :func:`read_cell` itself.
    """
    kind = column.kind
    blank_text = None if column.optional else ""
    parse: Callable[[str], Any]
    if kind is CellKind.INT:
        parse = functools.partial(_parse, int)
    elif kind is CellKind.FLOAT:
        parse = functools.partial(_parse, float)
    elif kind is CellKind.BOOL:
        words = {"true": True, "false": False}

        def parse(text: str) -> Any:
            return words.get(text, text)

    elif kind is CellKind.JSON:
        parse = _json_value
    else:
        parse = same

    def read(cell: object) -> Any:
        if cell.__class__ is str:
            if cell == "":
                return blank_text
            return parse(unguard(cell))
        return read_cell(column, cell, unguard)

    return read


def _parse(kind: type[int] | type[float], text: str) -> object:
    try:
        return kind(text)
    except ValueError:
        return text  # the converter names what was expected


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
