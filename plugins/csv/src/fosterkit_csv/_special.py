"""Where special-category (equality) data can sit in a table, worked out once per record class.

:func:`fosterkit.serial.tabular.without_special_category` walks a whole record; knowing from the types
that a class can never hold such data lets the reader and writer skip that walk for it.
"""

from __future__ import annotations

from fosterkit.plugins import CellKind, Column, TableSchema, can_hold_special_category

__all__ = ["special_columns"]


def special_columns(schema: TableSchema) -> tuple[Column, ...]:
    """The JSON columns whose values can hold special-category data (carers' equality data, say)."""
    return tuple(c for c in schema.columns if c.kind is CellKind.JSON and can_hold_special_category(c.type))
