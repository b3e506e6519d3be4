"""The records of a service's exit-interview practice, sorted by kind, and what is due on a day.

The process commands and the register's *Due now* sheet work from the same records: exit
processes, departures, households, considering-leaving conversations, post-approval interviews
and reviews of the process. Other kinds (data collection records are held inside their
processes) are passed over. The day is always passed in; nothing here reads a clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from typing import Any

from attrs import frozen

from fosterkit.interviews import (
    DEFAULT_POLICY,
    DueItem,
    ExitProcess,
    PostApprovalInterview,
    ProcessPolicy,
    ProcessReview,
    due,
)
from fosterkit.records import ConsideringLeaving, Departure, Household

__all__ = ["PracticeRecords", "due_now", "gather"]


@frozen
class PracticeRecords:
    """The records the process commands use, by kind, each in the order it came."""

    processes: tuple[ExitProcess, ...] = ()
    departures: tuple[Departure, ...] = ()
    households: tuple[Household, ...] = ()
    conversations: tuple[ConsideringLeaving, ...] = ()
    post_approval_interviews: tuple[PostApprovalInterview, ...] = ()
    process_reviews: tuple[ProcessReview, ...] = ()

    def holds(self, kind: str) -> bool:
        """Whether there are records of ``kind``: ``considering_leaving``, ``post_approval_interview``..."""
        found: tuple[object, ...] = {
            "considering_leaving": self.conversations,
            "post_approval_interview": self.post_approval_interviews,
            "process_review": self.process_reviews,
        }[kind]
        return bool(found)


_KINDS = (ExitProcess, Departure, Household, ConsideringLeaving, PostApprovalInterview, ProcessReview)


def gather(records: Iterable[object]) -> PracticeRecords:
    """The records of the kinds the process commands use, sorted by kind; the rest passed over."""
    found: dict[type, list[Any]] = {kind: [] for kind in _KINDS}
    for record in records:
        if type(record) in found:
            found[type(record)].append(record)
    return PracticeRecords(*(tuple(found[kind]) for kind in _KINDS))


def due_now(
    records: PracticeRecords,
    today: datetime.date,
    *,
    policy: ProcessPolicy = DEFAULT_POLICY,
    post_approval_held: Collection[str] = (),
) -> list[DueItem]:
    """Everything due or overdue on ``today`` across every kind of record, overdue first.

    ``post_approval_held`` names households whose post-approval interview was held with no
    record of it among ``records``.
    """
    return due(
        records.processes,
        today,
        policy=policy,
        households=records.households,
        post_approval_held=post_approval_held,
        departures=records.departures,
        post_approval_interviews=records.post_approval_interviews,
        conversations=records.conversations,
        process_reviews=records.process_reviews,
    )
