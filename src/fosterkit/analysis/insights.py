"""What exit interviews say, summarised for the audit workbook: themes, preventability, priorities.

Every count here has already been through small-number suppression: a count of ``None`` is
suppressed (shown as ``[c]``), so these objects can be printed or saved as they are.
"""

from __future__ import annotations

import datetime

from attrs import field, frozen

from fosterkit._util import validators as v

__all__ = ["SUPPRESSED", "ElementInsight", "Insights", "ReasonCount", "ThemeCount", "shown"]

#: How a suppressed count is shown, as in government statistics.
SUPPRESSED = "[c]"

_count = v.optional(v.non_negative)
_percent = v.instance_of((float, type(None)))


def shown(count: int | None) -> int | str:
    """A count as published: the number, or ``[c]`` when it is suppressed."""
    return SUPPRESSED if count is None else count


@frozen(kw_only=True)
class ThemeCount:
    """How many leavers gave a reason under one top-level theme of the taxonomy."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    primary: int | None = field(validator=_count)
    """Leavers whose main reason falls under the theme."""
    mentioned: int | None = field(validator=_count)
    """Leavers who gave the theme as a main or secondary reason."""


@frozen(kw_only=True)
class ReasonCount:
    """A reason for leaving behind a principle or recommendation, and how many leavers gave it."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    leavers: int | None = field(validator=_count)


@frozen(kw_only=True)
class ElementInsight:
    """A key principle or recommendation, ranked by the weight of the reasons it addresses."""

    element_id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    rank: int = field(validator=v.instance_of(int))
    score: float = field(validator=v.instance_of(float))
    leavers: int | None = field(validator=_count)
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
    departures: int | None = field(validator=_count)
    """Households that gave notice or were ended in the period."""
    interviewed: int | None = field(validator=_count)
    """Of those, how many have an exit interview record; suppressed also when the number *not*
    interviewed is from 1 to the threshold, so it cannot be worked out by subtraction."""
    themes: tuple[ThemeCount, ...] = field(validator=v.tuple_of(ThemeCount))
    preventable: int | None = field(validator=_count)
    """Interviewed leavers who said the departure could have been prevented."""
    preventable_base: int | None = field(validator=_count)
    """Interviewed leavers who answered the question."""
    preventable_percent: float | None = field(validator=_percent)
    """``preventable`` over ``preventable_base`` as a percentage; ``None`` when suppressed or 0 of 0."""
    elements: tuple[ElementInsight, ...] = field(validator=v.tuple_of(ElementInsight))
    """Principles and recommendations in ranked order, heaviest first; only those with a score."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])
    """What a reader needs to know: the method, the threshold, anything left out."""
