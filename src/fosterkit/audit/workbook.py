"""What goes into an audit workbook, and what comes back out of one.

The core decides the content (:class:`AuditWorkbook`); a format plugin (an
:class:`~fosterkit.plugins.contracts.AuditFormat`, such as the Excel plugin's) lays it out and reads it
back into an :class:`AuditReading`. Neither needs the other's
library: the core never imports openpyxl.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from attrs import evolve, field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.insights import Insights
from fosterkit.audit.answers import Position
from fosterkit.audit.cycle import AuditCycle, default_cycle_end, next_cycle
from fosterkit.errors import CellProblem, FieldError
from fosterkit.framework.catalogue import Catalogue
from fosterkit.offer.gaps import GapAnalysis

__all__ = ["AuditReading", "AuditWorkbook", "CellProblem", "plan_audit_workbook"]


def _fits_catalogue(instance: AuditWorkbook, _attribute: object, cycle: AuditCycle) -> None:
    catalogue = instance.catalogue
    if cycle.pack != catalogue.pack.id:
        raise FieldError(
            "cycle", f"the cycle is for pack {cycle.pack!r}, the catalogue is {catalogue.pack.id!r}"
        )
    elements = {p.id for p in catalogue.principles} | {r.id for r in catalogue.recommendations}
    for answer in cycle.answers:
        catalogue.question(answer.question_id)
    for choice in cycle.priorities:
        if choice.element_id not in elements:
            raise FieldError("cycle", f"{choice.element_id} is not a key principle or recommendation")
    for action in cycle.actions:
        if action.link is not None and action.link not in elements:
            raise FieldError(
                "cycle", f"an action is linked to {action.link}, which the catalogue does not have"
            )


@frozen(kw_only=True)
class AuditWorkbook:
    """Everything an audit workbook shows: the catalogue, the cycle so far, and what came before.

    ``cycle`` may already hold answers, priorities and actions (carried forward, or filled in
    elsewhere); ``previous`` holds last cycle's position for each question, shown beside it.
    ``cycle.offer`` is the support offer shown on the Support offer sheet (carried from last cycle).
    """

    catalogue: Catalogue = field(validator=v.instance_of(Catalogue))
    cycle: AuditCycle = field(validator=[v.instance_of(AuditCycle), _fits_catalogue])
    generated_on: datetime.date = field(validator=v.instance_of(datetime.date))
    previous: Mapping[str, Position] = field(factory=dict)
    previous_label: str = field(default="", validator=v.optional_text)
    """The label of the cycle ``previous`` comes from."""
    insights: Insights | None = field(default=None, validator=v.instance_of((Insights, type(None))))
    gaps: GapAnalysis | None = field(default=None, validator=v.instance_of((GapAnalysis, type(None))))
    """The gaps in the support offer carried from last cycle, against exit interview insights
    (shown on a Gaps sheet); made when the workbook is generated from last cycle's and records."""


def plan_audit_workbook(
    catalogue: Catalogue,
    *,
    service: str,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    previous: AuditCycle | None = None,
    insights: Insights | None = None,
) -> AuditWorkbook:
    """The audit workbook for a new cycle.

    With ``previous`` (last cycle, read back from its workbook) the new cycle starts the day
    after it ended and runs as long as it did (see :func:`next_cycle`), carries its open actions
    forward and shows its positions beside each question. Otherwise the cycle starts ``today``
    and runs six months. ``start`` and ``end`` override either.
    """
    if previous is None:
        begin = start or today
        cycle = AuditCycle(
            service=service,
            start=begin,
            end=end or default_cycle_end(begin),
            pack=catalogue.pack.id,
            pack_version=catalogue.pack.version,
        )
        return AuditWorkbook(catalogue=catalogue, cycle=cycle, generated_on=today, insights=insights)
    if previous.pack != catalogue.pack.id:
        raise ValueError(
            f"last cycle's workbook is for pack {previous.pack!r}; this catalogue is {catalogue.pack.id!r}"
        )
    cycle = next_cycle(previous, start=start, end=end, service=service)
    known = {q.id for q in catalogue.questions}
    positions = {qid: pos for qid, pos in previous.positions.items() if qid in known}
    cycle = evolve(cycle, pack_version=catalogue.pack.version)
    return AuditWorkbook(
        catalogue=catalogue,
        cycle=cycle,
        generated_on=today,
        previous=positions,
        previous_label=previous.label,
        insights=insights,
    )


@frozen(kw_only=True)
class AuditReading:
    """An audit workbook read back: the cycle, and every value that could not be accepted.

    A cell with a problem is left out of ``cycle`` (the rest of its row is kept) and listed in
    ``problems`` with its sheet, cell and value, so nothing is silently lost. ``notes`` says what
    was found but not read and needs no fixing (a column a team added, say).
    """

    cycle: AuditCycle = field(validator=v.instance_of(AuditCycle))
    problems: tuple[CellProblem, ...] = field(default=(), validator=v.tuple_of(CellProblem))
    notes: tuple[str, ...] = field(default=(), validator=v.tuple_of(str))

    @property
    def ok(self) -> bool:
        """Whether every value was accepted."""
        return not self.problems
