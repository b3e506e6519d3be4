"""What exit interviews say, summarised for the audit workbook: themes, preventability, priorities.

Every count here has already been through small-number suppression: a suppressed count is
:data:`SUPPRESSED` (shown as ``[c]``), never ``None``, so these objects can be printed or saved
as they are.
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.suppression import SUPPRESSED, Suppressed, check_count
from fosterkit.errors import FieldError

__all__ = [
    "SUPPRESSED",
    "ElementInsight",
    "Insights",
    "ReasonCount",
    "StageCount",
    "Suppressed",
    "ThemeCount",
    "raised_text",
    "shown",
]

_count = check_count
_percent = v.instance_of((float, type(None)))


def shown(count: int | Suppressed) -> int | str:
    """A count as published: the number, or the text ``[c]`` when it is :data:`SUPPRESSED`.

    ``None`` is not a count: it raises ``TypeError`` rather than pass for a suppressed one.
    """
    if count is None:
        raise TypeError("a count is an int or SUPPRESSED, not None")
    return str(count) if count is SUPPRESSED else count


@frozen(kw_only=True)
class ThemeCount:
    """How many leavers gave a reason under one top-level theme of the taxonomy."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    primary: int | Suppressed = field(validator=_count)
    """Leavers whose main reason falls under the theme."""
    mentioned: int | Suppressed = field(validator=_count)
    """Leavers who gave the theme as a main or secondary reason."""


@frozen(kw_only=True)
class StageCount:
    """How many leavers gave a reason under one theme at each stage, or stated it on the departure.

    A leaver who gave a reason under the theme at both interview stages counts in both, so the
    three need not add up to :attr:`ThemeCount.mentioned`. ``stated`` counts only leavers with no
    consenting interview record that gave a reason (the stated reasons are used only then).
    """

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    stage_1: int | Suppressed = field(validator=_count)
    stage_2: int | Suppressed = field(validator=_count)
    stated: int | Suppressed = field(validator=_count)


#: How each place a reason can be raised reads in a sentence.
_RAISED = {"stage_1": "stage 1", "stage_2": "stage 2", "stated": "stated on leaving"}


def _place(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _RAISED:
        raise FieldError(attribute.name, f"must be one of {', '.join(_RAISED)}, not {value!r}")


def raised_text(raised_at: tuple[str, ...]) -> str:
    """Where a reason was raised, in words: ``("stage_1", "stage_2")`` gives ``"stage 1 and stage 2"``."""
    return " and ".join(_RAISED[where] for where in raised_at)


@frozen(kw_only=True)
class ReasonCount:
    """A reason for leaving behind a principle or recommendation, and how many leavers gave it."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    leavers: int | Suppressed = field(validator=_count)
    raised_at: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(_place)])
    """Where leavers in the period raised it: ``stage_1``, ``stage_2``, ``stated`` (in that order)."""


@frozen(kw_only=True)
class ElementInsight:
    """A key principle or recommendation, ranked by the weight of the reasons it addresses."""

    element_id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    rank: int = field(validator=v.instance_of(int))
    score: float = field(validator=v.instance_of(float))
    leavers: int | Suppressed = field(validator=_count)
    """Leavers who gave at least one reason this element addresses."""
    reasons: tuple[ReasonCount, ...] = field(validator=v.tuple_of(ReasonCount))
    """The reasons behind the score, heaviest first."""


@frozen(kw_only=True)
class Insights:
    """Exit-interview insights for one period, safe to show to anyone who may see the workbook."""

    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=v.instance_of(datetime.date))
    threshold: int = field(validator=v.instance_of(int))
    """Counts from 1 up to this are suppressed."""
    departures: int | Suppressed = field(validator=_count)
    """Households that gave notice or were ended in the period."""
    interviewed: int | Suppressed = field(validator=_count)
    """Of those, how many have an exit interview record; suppressed also when the number *not*
    interviewed is from 1 to the threshold, so it cannot be worked out by subtraction."""
    themes: tuple[ThemeCount, ...] = field(validator=v.tuple_of(ThemeCount))
    preventable: int | Suppressed = field(validator=_count)
    """Interviewed leavers who said the departure could have been prevented."""
    preventable_base: int | Suppressed = field(validator=_count)
    """Interviewed leavers who answered the question."""
    preventable_percent: float | None = field(validator=_percent)
    """``preventable`` over ``preventable_base`` as a percentage; ``None`` when they are suppressed
    or 0 of 0."""
    elements: tuple[ElementInsight, ...] = field(validator=v.tuple_of(ElementInsight))
    """Principles and recommendations in ranked order, heaviest first; only those with a score."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])
    """What a reader needs to know: the method, the threshold, anything left out."""
    stages: tuple[StageCount, ...] = field(default=(), validator=v.tuple_of(StageCount))
    """The rows of :attr:`themes` again, by where each reason came from: stage 1, stage 2, stated."""
