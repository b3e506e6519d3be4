"""Records and their kinds: the flat serialised form with ``schema_version`` and ``kind``.

Records (households, departures, data collection records, processes, considering-leaving
conversations, post-approval interviews and reviews of the process) are serialised flat, with
a ``kind`` naming their class; :data:`RECORD_KINDS` lists the kinds and
:func:`register_record_kind` adds one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs

from fosterkit.errors import (
    Problem,
    StructureError,
)
from fosterkit.interviews.post_approval import PostApprovalInterview
from fosterkit.interviews.process import ExitProcess
from fosterkit.interviews.process_review import ProcessReview
from fosterkit.interviews.record import DataCollectionRecord
from fosterkit.records import ConsideringLeaving, Departure, Household
from fosterkit.serial._compiled import compiled_structure
from fosterkit.serial.converter import brief, own_id, structure, type_name, unstructure
from fosterkit.serial.forms import check_schema_version

__all__ = [
    "RECORD_KINDS",
    "RECORD_SCHEMA_VERSION",
    "accepted_kinds",
    "record_from_dict",
    "record_kind",
    "record_to_dict",
    "register_record_kind",
]

# -- records -------------------------------------------------------------------------------------

#: Version of the records' serialised form (one JSON object per record, as in JSON Lines).
RECORD_SCHEMA_VERSION = 1

#: Record kinds, by the name written in a record's ``kind`` key, in registration order.
#: Add a kind with :func:`register_record_kind`, which checks it, rather than by assignment.
RECORD_KINDS: dict[str, type] = {}

#: Keys of a serialised record that are not fields of its class.
_RECORD_KEYS = ("schema_version", "kind")

_KIND_NAME = re.compile(r"[a-z][a-z0-9_]*")


def register_record_kind(name: str, cls: type) -> None:
    """Make ``cls`` (a frozen attrs record class) readable and writable as records of kind ``name``.

    A kind has one class and a class one kind. The class may not have a top-level field named
    ``kind`` or ``schema_version``: the serialised form keeps those keys for itself.
    """
    if not isinstance(name, str) or not _KIND_NAME.fullmatch(name):
        raise ValueError(f"record kind {name!r} must be lower-case letters, digits and '_'")
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise TypeError(f"record kind {name!r}: {cls!r} is not an attrs class")
    clashes = sorted({a.name for a in attrs.fields(cls)}.intersection(_RECORD_KEYS))
    if clashes:
        raise ValueError(
            f"record kind {name!r}: {cls.__qualname__} has a field named {clashes[0]!r}, "
            "which the serialised form of records keeps for itself"
        )
    if RECORD_KINDS.get(name, cls) is not cls:
        raise ValueError(f"record kind {name!r} is already {RECORD_KINDS[name].__qualname__}")
    for other, known in RECORD_KINDS.items():
        if known is cls and other != name:
            raise ValueError(f"{cls.__qualname__} is already record kind {other!r}")
    RECORD_KINDS[name] = cls


register_record_kind("household", Household)
register_record_kind("departure", Departure)
register_record_kind("data_collection_record", DataCollectionRecord)
register_record_kind("exit_process", ExitProcess)
register_record_kind("considering_leaving", ConsideringLeaving)
register_record_kind("post_approval_interview", PostApprovalInterview)
register_record_kind("process_review", ProcessReview)


def _kind_list(names: Collection[str]) -> str:
    return ", ".join(repr(n) for n in names)


def record_kind(obj: object) -> str:
    """The kind name of a record (``"departure"`` for a :class:`~fosterkit.records.Departure`)."""
    for name, cls in RECORD_KINDS.items():
        if type(obj) is cls:
            return name
    raise TypeError(
        f"{type(obj).__qualname__} is not a record kind; the kinds are {_kind_list(RECORD_KINDS)}"
    )


def record_to_dict(obj: object) -> dict[str, Any]:
    """Unstructure a record: ``schema_version``, then ``kind``, then the record's own fields."""
    return {"schema_version": RECORD_SCHEMA_VERSION, "kind": record_kind(obj), **unstructure(obj)}


#: Tuples of kinds :func:`accepted_kinds` has returned.
_CHECKED_KINDS: set[tuple[str, ...]] = set()


def accepted_kinds(kinds: str | Collection[str] | None) -> tuple[str, ...]:
    """The record kinds ``kinds`` names (all of them for ``None``), checked, in registration order."""
    if isinstance(kinds, tuple) and kinds in _CHECKED_KINDS:
        return kinds  # what this function returned before: read per line, so not worked out again
    wanted = set(RECORD_KINDS) if kinds is None else {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = sorted(wanted - set(RECORD_KINDS))
    if unknown:
        raise ValueError(f"unknown record kind {unknown[0]!r}; the kinds are {_kind_list(RECORD_KINDS)}")
    accepted = tuple(name for name in RECORD_KINDS if name in wanted)
    _CHECKED_KINDS.add(accepted)
    return accepted


#: Each kind's compiled structure function (a kind's class never changes once registered).
_QUICK: dict[str, Callable[[Any], Any]] = {}


def record_from_dict(
    data: object, *, source: str | None = None, kinds: str | Collection[str] | None = None
) -> object:
    """Structure one record from its serialised form (with ``schema_version`` and ``kind``).

    ``kinds`` (a kind name or several) limits which kinds are accepted; a record of another
    kind is refused, not skipped. Every problem names the record's id when it has one.
    """
    accepted = accepted_kinds(kinds)
    if type(data) is dict:
        kind = data.get("kind")
        version = data.get("schema_version")
        if kind in accepted and type(version) is int and version == RECORD_SCHEMA_VERSION:
            quick = _QUICK.get(kind)
            if quick is None:
                quick = _QUICK[kind] = compiled_structure(RECORD_KINDS[kind], _RECORD_KEYS)
            try:  # the common case, in one compiled function; any problem is found again below
                return quick(data)
            except Exception:  # noqa: BLE001 - structured again below, to word every problem
                pass
    if not isinstance(data, Mapping):
        message = f"expected a record (a JSON object), got {type_name(data)}"
        raise StructureError([Problem(path="", message=message)], source)
    entry = own_id(data)
    try:
        body = check_schema_version(data, RECORD_SCHEMA_VERSION, source, StructureError)
    except StructureError as err:
        raise StructureError(
            [attrs.evolve(p, entry=p.entry or entry) for p in err.problems], source
        ) from None
    kind = body.pop("kind", None)
    if kind not in accepted:
        if kind is None:
            message = f"required field is missing; one of {_kind_list(accepted)}"
        elif isinstance(kind, str) and kind in RECORD_KINDS:
            message = f"{kind!r} records are not accepted here; expected {_kind_list(accepted)}"
        else:
            message = f"{brief(kind)} is not a record kind; expected {_kind_list(accepted)}"
        raise StructureError([Problem(path="kind", field="kind", entry=entry, message=message)], source)
    return structure(body, RECORD_KINDS[kind], source=source)
