"""The fields of a record kind a draft maps, the rules some of them follow, and what the draft says of each.

A record's fields are walked down through groups and lists of records: each field a cell can
fill is a :class:`Slot`; optional groups and lists are only named, for a person to add.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs
from attrs import define, frozen

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.imports.compiled import value_kind
from fosterkit.imports.values import ValueKind
from fosterkit.serial.kinds import RECORD_KINDS

__all__ = ["FALLBACK", "FIXED", "HINTS", "SAME_AS", "Guess", "Slot", "field_keys", "slots"]

#: How many items a draft maps of a list of records the record requires (other lists: one).
_LIST_ITEMS = {"carers": 2}

#: Fields whose value is fixed by the record's own rules: the default, and why.
FIXED = {("household", "history[0].status"): ("approved", "a household's history starts with its approval")}

#: Fields read from the same column as another field of the record.
SAME_AS = {("household", "history[0].since"): "approved_on"}

#: Fields with no column of their own read from another field's column, when it holds one value a
#: row: a leavers list with only the household's (or carer's) reference has one departure a household.
FALLBACK = {
    ("departure", "id"): (
        "household_id",
        "one departure a household in this file: the household's reference serves as its id",
    )
}

#: Suggestions for a required field no column was found for (never filled in unasked).
HINTS = {
    "initiated_by": (
        "initiated_by: carer for resignations, retirements and transfers; service for terminations"
    ),
    "service.name": 'service.name: the service\'s own name, as { default = "Anytown Fostering" }',
    "service.kind": 'service.kind: for a council\'s own export, { default = "local_authority" }',
    "approval_kind": 'approval_kind: with no connected-person carers in the file, { default = "mainstream" }',
    "stage": 'stage: if every interview is at stage 1, { default = "exit_stage_1" }',
}


@frozen
class Slot:
    """One field a draft may map: its path, what it holds, and whether a record needs it."""

    kind: str
    path: str
    name: str
    value: ValueKind
    many: bool
    choices: type[enum.Enum] | None
    needed: bool
    """Required, as far as its own record (or list item) goes."""
    item: str
    """The path of the optional list item it belongs to (``carers[1]``), or empty."""


@define
class _Walk:
    """What walking a record kind's fields has found so far."""

    kind: str
    slots: list[Slot] = attrs.Factory(list)
    groups: list[str] = attrs.Factory(list)


def slots(kind: str, cls: type) -> tuple[list[Slot], list[str]]:
    """The fields of ``cls`` a draft maps, and the optional groups and lists it only names."""
    walk = _Walk(kind)
    _walk(walk, cls, "", needed=True, item="")
    return walk.slots, walk.groups


def _walk(walk: _Walk, current: type, prefix: str, *, needed: bool, item: str) -> None:
    """Add the fields of ``current`` (at ``prefix``) to ``walk``, going down into groups and lists."""
    attrs.resolve_types(current)
    for attribute in attrs.fields(current):
        shape, maybe = unwrap_optional(attribute.type)
        optional = maybe or attribute.default is not attrs.NOTHING
        path = f"{prefix}{attribute.name}"
        inner = list_item(shape)
        if inner is not None and attrs.has(inner):
            if optional:
                walk.groups.append(f"{path}[0]")
                continue
            for index in range(_LIST_ITEMS.get(attribute.name, 1)):
                place = f"{path}[{index}]"
                _walk(walk, inner, f"{place}.", needed=needed, item=item or (place if index else ""))
        elif attrs.has(shape):
            if optional:
                walk.groups.append(path)
            else:
                _walk(walk, shape, f"{path}.", needed=needed, item=item)
        else:
            _leaf(
                walk,
                attribute,
                inner if inner is not None else shape,
                path,
                many=inner is not None,
                needed=needed and not optional,
                item=item,
            )


def _leaf(
    walk: _Walk, attribute: attrs.Attribute[Any], leaf: Any, path: str, *, many: bool, needed: bool, item: str
) -> None:
    """Add a field a cell can fill as a slot (one holding nothing a cell can give is passed over)."""
    value = value_kind(leaf, attribute)
    if value is None:
        return
    walk.slots.append(
        Slot(
            kind=walk.kind,
            path=path,
            name=attribute.name,
            value=value,
            many=many,
            choices=leaf if value is ValueKind.ENUM else None,
            needed=needed,
            item=item,
        )
    )


def field_keys() -> frozenset[str]:
    """Every key heading synonyms may be listed under: ``kind.path``, ``path`` or a field's name."""
    keys: set[str] = set()
    for kind, cls in RECORD_KINDS.items():
        for slot in slots(kind, cls)[0]:
            keys.update((f"{kind}.{slot.path}", slot.path, slot.name))
    return frozenset(keys)


@define
class Guess:
    """What the draft says about one field."""

    slot: Slot
    columns: list[str] = attrs.Factory(list)
    default: object = None
    dates: tuple[str, ...] = ()
    split: str = ""
    values: list[tuple[str, str, str]] = attrs.Factory(list)
    """Value-map entries: the file's value, its target, and a comment."""
    above: list[str] = attrs.Factory(list)
    """Comment lines written above the field."""
    after: list[str] = attrs.Factory(list)
    """Comments written after the field (joined on its line)."""
    todo: bool = False
    """The column is TODO."""
    seen: list[str] = attrs.Factory(list)
    """The distinct values (pieces, when split) its columns hold in the sample."""
