"""The register's building blocks: kinds of value, a :class:`Column`, a :class:`Table`, drop-down lists.

A column names its header (how the reader finds it, so columns may be moved or added), the
field it holds as a dotted path inside the row's object (``appointment.on``; a number is a
list position, ``carers.1.id``), the kind of value, where its drop-down comes from, its width,
and whether a row needs it. A column whose ``link`` is set holds the id of the row it belongs
to on another sheet rather than a field. The sheets themselves are declared in
:mod:`fosterkit_excel.register_layout`.
"""

from __future__ import annotations

import enum
import typing
from typing import Any, Final

from attrs import field, frozen

from fosterkit import HouseholdStatus, Initiator, InterviewStage, LeavingRoute, Triage
from fosterkit.plugins import (
    RECORD_KINDS,
    Answer,
    ApprovalKind,
    CompanionKind,
    DestinationKind,
    Location,
    PlacementType,
    ResponseKind,
    ServiceKind,
)

__all__ = [
    "CHOICES",
    "REASONS",
    "Column",
    "Kind",
    "Table",
    "choice_column",
    "date_column",
    "id_column",
    "label",
    "link_column",
    "yes_no_column",
]

#: The choice list of reason codes, which comes from the taxonomy rather than an enum.
REASONS: Final = "reasons"


class Kind(enum.Enum):
    """The kind of value a column holds, which decides how a cell is written and read."""

    TEXT = "text"
    ID = "id"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    """One value from a drop-down (an enum's values, or the reason codes)."""
    CHOICES = "choices"
    """Several values from one list, separated by semicolons."""
    SCORE = "score"
    """A whole number from 1 to 5."""


@frozen
class Column:
    """One column: its header, the field it holds, the kind of value, its drop-down, width and need."""

    header: str
    path: str
    kind: Kind = Kind.TEXT
    choices: str = ""
    """The choice list (a key of :data:`CHOICES`, or :data:`REASONS`) for choice columns."""
    width: float = 14
    required: bool = False
    link: str = ""
    """The sheet whose id this column holds, when the column links the row to a row there."""
    turned: bool = False
    """The header is printed turned up the page, so a narrow column of short values (a rating,
    Yes or No) takes little of the printed width."""


@frozen
class Table:
    """One sheet: its name, what a row is, and its columns (the first holds the row's own id, if any)."""

    sheet: str
    row: str
    columns: tuple[Column, ...] = field()

    def column(self, path: str) -> Column:
        """The column holding ``path``."""
        return next(c for c in self.columns if c.path == path)


def _values(kind: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in kind)


def _enum_at(kind: str, path: str) -> type[enum.Enum]:
    """The enum the field at ``path`` of a record ``kind`` takes, found through the record classes.

    The plugin API exports the record kinds but not every enum inside them; this keeps the
    drop-downs in step with the records without importing from the core's packages.
    """
    found: Any = RECORD_KINDS[kind]
    for step in path.split("."):
        hint = typing.get_type_hints(found)[step]
        inner = [a for a in typing.get_args(hint) if a not in (type(None), Ellipsis)]
        found = inner[0] if inner else hint
    if not (isinstance(found, type) and issubclass(found, enum.Enum)):
        raise TypeError(f"{kind}.{path} takes {found!r}, not an enum")
    return found


#: The drop-down lists taken from fosterkit's enums, by name; each value is shown as :func:`label`.
CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "service_kind": _values(ServiceKind),
    "approval_kind": _values(ApprovalKind),
    "placement": _values(PlacementType),
    "status": _values(HouseholdStatus),
    "initiator": _values(Initiator),
    "route": _values(LeavingRoute),
    "destination": _values(DestinationKind),
    "exit_stage": _values(InterviewStage)[1:],
    "location": _values(Location),
    "companion": _values(CompanionKind),
    "answer": _values(Answer),
    "triage": _values(Triage),
    "response": _values(ResponseKind),
    "escalation_route": _values(_enum_at("exit_process", "bookings.interview.findings.escalation.route")),
    "held_by": _values(_enum_at("considering_leaving", "held_by_role")),
    "conversation_outcome": _values(_enum_at("considering_leaving", "outcome")),
}


def label(value: str) -> str:
    """How a value is shown in a drop-down: ``exit_stage_1`` as ``Exit stage 1``."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def id_column(header: str, width: float = 11) -> Column:
    """The column holding the row's own id (first on its sheet)."""
    return Column(header, "id", Kind.ID, width=width, required=True)


def link_column(header: str, sheet: str, path: str = "", *, required: bool = True) -> Column:
    """A column holding the id of a row on ``sheet``: a field at ``path``, or the row's parent."""
    return Column(header, path or f"@{sheet}", Kind.ID, width=11, required=required, link=sheet)


def date_column(header: str, path: str, *, required: bool = False) -> Column:
    """A column of dates."""
    return Column(header, path, Kind.DATE, width=10.5, required=required)


def choice_column(
    header: str, path: str, choices: str, *, width: float = 16, required: bool = False
) -> Column:
    """A column of one value from the drop-down ``choices``."""
    return Column(header, path, Kind.CHOICE, choices, width=width, required=required)


def yes_no_column(
    header: str, path: str, *, required: bool = False, turned: bool = False, width: float = 10
) -> Column:
    """A column of Yes or No (narrow, its header turned up the page, when ``turned``)."""
    return Column(header, path, Kind.YES_NO, width=5 if turned else width, required=required, turned=turned)
