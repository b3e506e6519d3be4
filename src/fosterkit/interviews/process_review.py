"""The annual review of the exit-interview process: what it found, what it decided, who was told.

The figures for the review come from :func:`~fosterkit.interviews.process_metrics`; a
:class:`ProcessReview` records the review itself, so that what it decided, and whether carers
and staff were told, can be followed up, and the next review falls due.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError
from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.stages import add_months
from fosterkit.records import FREE_TEXT

__all__ = ["ProcessReview", "latest_review"]

_maybe_date = v.instance_of((datetime.date, type(None)))


def _not_before(name: str, what: str) -> Callable[[ProcessReview, object, datetime.date | None], None]:
    def check(instance: ProcessReview, _attribute: object, value: datetime.date | None) -> None:
        if value is not None and value < instance.held_on:
            raise FieldError(name, f"{what} ({value}) before the review was held ({instance.held_on})")

    return check


def _next_due(instance: ProcessReview, _attribute: object, value: datetime.date | None) -> None:
    if value is not None and value <= instance.held_on:
        raise FieldError(
            "next_due_on", f"the next review ({value}) comes after this one ({instance.held_on})"
        )


@v.names_its_id
@frozen(kw_only=True)
class ProcessReview:
    """One review of the exit-interview process, and what followed from it.

    ``next_due_on`` left out means the policy's interval after ``held_on`` (a year, by default):
    see :meth:`next_due`.
    """

    id: str = field(validator=v.identifier)
    held_on: datetime.date = field(validator=v.instance_of(datetime.date))
    findings: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    """What the review found, in the service's words."""
    changes: tuple[str, ...] = field(
        default=(),
        validator=[v.instance_of(tuple), v.items(v.text), v.distinct_items],
        metadata={FREE_TEXT: True},
    )
    """The changes it decided, each in a few words (free text, so kept out of publications)."""
    communicated_to_carers_on: datetime.date | None = field(
        default=None, validator=[_maybe_date, _not_before("communicated_to_carers_on", "carers were told")]
    )
    communicated_to_staff_on: datetime.date | None = field(
        default=None, validator=[_maybe_date, _not_before("communicated_to_staff_on", "staff were told")]
    )
    next_due_on: datetime.date | None = field(default=None, validator=[_maybe_date, _next_due])

    def next_due(self, policy: ProcessPolicy = DEFAULT_POLICY) -> datetime.date:
        """When the next review is due: ``next_due_on``, or the policy's interval after this one."""
        if self.next_due_on is not None:
            return self.next_due_on
        return add_months(self.held_on, policy.process_review_months)

    @property
    def communicated(self) -> bool:
        """Whether both carers and staff were told what the review decided."""
        return self.communicated_to_carers_on is not None and self.communicated_to_staff_on is not None


def latest_review(reviews: Iterable[ProcessReview]) -> ProcessReview | None:
    """The most recent review (the later id when two were held the same day), or ``None``."""
    return max(reviews, key=lambda r: (r.held_on, r.id), default=None)
