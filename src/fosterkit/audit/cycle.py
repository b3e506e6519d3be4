"""One turn of the Assess, Plan, Do, Review cycle as the audit tool records it."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping

from attrs import evolve, field, frozen

from fosterkit._util import validators as v
from fosterkit.audit.answers import AuditAction, AuditAnswer, Position, PriorityChoice
from fosterkit.errors import FieldError
from fosterkit.offer.model import SupportOffer

__all__ = ["AuditCycle", "default_cycle_end", "next_cycle"]


def _after_start(instance: AuditCycle, _attribute: object, value: datetime.date) -> None:
    if value < instance.start:
        raise FieldError("end", f"the cycle ends ({value}) before it starts ({instance.start})")


def _distinct_questions(_instance: object, _attribute: object, value: tuple[AuditAnswer, ...]) -> None:
    seen: set[str] = set()
    for answer in value:
        if answer.is_blank:
            raise FieldError("answers", f"the answer to {answer.question_id} is blank: leave it out instead")
        if answer.question_id in seen:
            raise FieldError("answers", f"question {answer.question_id} is answered twice")
        seen.add(answer.question_id)


def _distinct_elements(_instance: object, _attribute: object, value: tuple[PriorityChoice, ...]) -> None:
    seen: set[str] = set()
    for choice in value:
        if choice.element_id in seen:
            raise FieldError("priorities", f"{choice.element_id} is listed twice")
        seen.add(choice.element_id)


@frozen(kw_only=True)
class AuditCycle:
    """What a service recorded in one cycle: answers per question, priorities and actions.

    ``answers`` and ``priorities`` are in catalogue order and hold only entries with something
    filled in; ``actions`` are in the order of the action plan.
    """

    service: str = field(validator=v.text)
    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=[v.instance_of(datetime.date), _after_start])
    pack: str = field(validator=v.identifier)
    """The id of the catalogue pack the questions come from."""
    pack_version: str = field(validator=v.text)
    answers: tuple[AuditAnswer, ...] = field(
        default=(), validator=[*v.tuple_of(AuditAnswer), _distinct_questions]
    )
    priorities: tuple[PriorityChoice, ...] = field(
        default=(), validator=[*v.tuple_of(PriorityChoice), _distinct_elements]
    )
    actions: tuple[AuditAction, ...] = field(default=(), validator=v.tuple_of(AuditAction))
    offer: SupportOffer | None = field(default=None, validator=v.optional(v.instance_of(SupportOffer)))
    """The support offer recorded this cycle (programmes and their figures); ``None`` if the
    workbook had no Support offer sheet."""

    @property
    def label(self) -> str:
        """The cycle as people name it: ``"1 Apr 2026 to 30 Sep 2026"``."""
        return f"{_day(self.start)} to {_day(self.end)}"

    def answer(self, question_id: str) -> AuditAnswer | None:
        """The answer to ``question_id``, or ``None`` if nothing was recorded for it."""
        return next((a for a in self.answers if a.question_id == question_id), None)

    @property
    def positions(self) -> Mapping[str, Position]:
        """The position recorded for each question that has one."""
        return {a.question_id: a.position for a in self.answers if a.position is not None}

    @property
    def focus(self) -> tuple[str, ...]:
        """The key principles and recommendations chosen as a focus this cycle."""
        return tuple(c.element_id for c in self.priorities if c.focus)

    @property
    def open_actions(self) -> tuple[AuditAction, ...]:
        """Actions that are not done."""
        return tuple(a for a in self.actions if a.status.is_open)


def _day(day: datetime.date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def default_cycle_end(start: datetime.date, months: int = 6) -> datetime.date:
    """The last day of a cycle of ``months`` calendar months starting on ``start``."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=1)


def _same_length(previous: AuditCycle, begin: datetime.date) -> datetime.date:
    for months in range(1, 37):
        if default_cycle_end(previous.start, months) == previous.end:
            return default_cycle_end(begin, months)
    return begin + (previous.end - previous.start)


def next_cycle(
    previous: AuditCycle,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    service: str | None = None,
) -> AuditCycle:
    """The cycle after ``previous``: no answers yet, its open actions and support offer carried forward.

    The new cycle starts the day after ``previous`` ends unless ``start`` is given, and runs as
    long as ``previous`` did (the same number of calendar months, if it ran whole months)
    unless ``end`` is given. A carried action keeps the label of the
    cycle it was first carried from.
    """
    begin = start or previous.end + datetime.timedelta(days=1)
    finish = end or _same_length(previous, begin)
    carried = tuple(evolve(a, carried_from=a.carried_from or previous.label) for a in previous.open_actions)
    return AuditCycle(
        service=service or previous.service,
        start=begin,
        end=finish,
        pack=previous.pack,
        pack_version=previous.pack_version,
        actions=carried,
        offer=previous.offer,
    )
