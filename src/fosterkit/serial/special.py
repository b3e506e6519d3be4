"""Special-category fields (equality data): which record kinds can hold them, and records without them."""

from __future__ import annotations

import functools
from typing import Any, get_args

import attrs

from fosterkit.records import is_special_category

__all__ = ["can_hold_special_category", "without_special_category"]


@functools.cache
def can_hold_special_category(kind: Any) -> bool:
    """Whether values of type ``kind`` can hold special-category data at any depth.

    ``kind`` is a record class or a type such as ``tuple[Carer, ...]``; the answer is worked out
    once per type.
    """
    if attrs.has(kind):
        attrs.resolve_types(kind)
        return any(is_special_category(f) or can_hold_special_category(f.type) for f in attrs.fields(kind))
    return any(can_hold_special_category(arg) for arg in get_args(kind) if arg is not Ellipsis)


def without_special_category(record: Any) -> Any:
    """``record`` with every special-category field, at any depth, set back to its default.

    A record that holds none comes back as the same object.
    """
    if isinstance(record, tuple):
        cleaned = tuple(without_special_category(item) for item in record)
        return record if all(a is b for a, b in zip(cleaned, record, strict=True)) else cleaned
    kind: Any = type(record)
    if not attrs.has(kind) or not can_hold_special_category(kind):
        return record
    changes: dict[str, Any] = {}
    for field in attrs.fields(kind):
        value = getattr(record, field.name)
        if is_special_category(field):
            if value is not None:
                changes[field.name] = None
        else:
            cleaned_value = without_special_category(value)
            if cleaned_value is not value:
                changes[field.name] = cleaned_value
    return attrs.evolve(record, **changes) if changes else record
