"""Strategies for what a service records in the audit tool: answers, priorities, actions, cycles.

Text is whatever a spreadsheet cell can hold and give back: any Unicode, formula-looking text and
control characters included, either empty or with something besides spaces. Dates fall within
the years the audit workbook's date validation allows (2000 to 2100).
"""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from fosterkit.audit import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    Position,
    PriorityChoice,
    PriorityLevel,
)
from fosterkit.framework.catalogue import Catalogue
from fosterkit.testing._common import unicode_text

__all__ = ["audit_actions", "audit_answers", "audit_cycles", "audit_dates", "cell_texts", "priority_choices"]

_FORMULA_LIKE = ("=SUM(A1:A9)", "+44 20 7946 0000", "-1", "@cmd", "=1+1", "'quoted", "\tTabbed")


def cell_texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text a person might type into a cell: empty, ordinary, formula-looking, or with control characters."""
    return st.one_of(
        st.just(""),
        unicode_text(min_size=1, max_size=max_size, blank=False),
        st.sampled_from(_FORMULA_LIKE),
        st.sampled_from(("line one\nline two", "a\r\nb", "_x000D_ as typed", "Gwynedd — Llŷr")),
    )


def audit_dates() -> st.SearchStrategy[datetime.date]:
    """A date the audit workbook accepts."""
    return st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))


def _optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


@st.composite
def audit_answers(draw: st.DrawFn, catalogue: Catalogue, question_id: str | None = None) -> AuditAnswer:
    """An answer with at least one thing filled in, to a question of ``catalogue``."""
    qid = question_id or draw(st.sampled_from([q.id for q in catalogue.questions]))
    answer = AuditAnswer(
        question_id=qid,
        position=draw(st.none() | st.sampled_from(Position)),
        reflections=draw(cell_texts()),
        priority=draw(st.none() | st.sampled_from(PriorityLevel)),
        owner=draw(cell_texts(20)),
        target_date=draw(st.none() | audit_dates()),
    )
    if answer.is_blank:
        return AuditAnswer(question_id=qid, position=draw(st.sampled_from(Position)))
    return answer


def _elements(catalogue: Catalogue) -> list[str]:
    return [p.id for p in catalogue.principles] + [r.id for r in catalogue.recommendations]


@st.composite
def priority_choices(draw: st.DrawFn, catalogue: Catalogue, element_id: str | None = None) -> PriorityChoice:
    """A key principle or recommendation of ``catalogue`` considered as a focus."""
    element = element_id or draw(st.sampled_from(_elements(catalogue)))
    return PriorityChoice(
        element_id=element, focus=draw(st.booleans()), rationale=draw(cell_texts()), lead=draw(cell_texts(20))
    )


@st.composite
def audit_actions(draw: st.DrawFn, catalogue: Catalogue) -> AuditAction:
    """A line of the action plan, linked to one of ``catalogue``'s principles or recommendations or none."""
    return AuditAction(
        action=draw(unicode_text(min_size=1, max_size=60, blank=False) | st.sampled_from(_FORMULA_LIKE)),
        link=draw(st.none() | st.sampled_from(_elements(catalogue))),
        owner=draw(cell_texts(20)),
        start=draw(st.none() | audit_dates()),
        due=draw(st.none() | audit_dates()),
        status=draw(st.sampled_from(ActionStatus)),
        notes=draw(cell_texts()),
        next_check_in=draw(st.none() | audit_dates()),
        carried_from=draw(st.sampled_from(("", "1 Apr 2026 to 30 Sep 2026"))),
    )


@st.composite
def audit_cycles(draw: st.DrawFn, catalogue: Catalogue, max_answers: int = 12) -> AuditCycle:
    """A cycle of ``catalogue`` with some answers, priorities and actions, in the order a reading gives."""
    question_ids = draw(
        st.lists(st.sampled_from([q.id for q in catalogue.questions]), max_size=max_answers, unique=True)
    )
    order = {q.id: n for n, q in enumerate(catalogue.questions)}
    answers = [draw(audit_answers(catalogue, qid)) for qid in sorted(question_ids, key=order.__getitem__)]
    elements = _elements(catalogue)
    chosen = draw(st.lists(st.sampled_from(elements), max_size=5, unique=True))
    priorities = [draw(priority_choices(catalogue, e)) for e in elements if e in chosen]
    start = draw(audit_dates())
    return AuditCycle(
        service=draw(unicode_text(min_size=1, max_size=40, blank=False)),
        start=start,
        end=start + datetime.timedelta(days=draw(st.integers(0, 400))),
        pack=catalogue.pack.id,
        pack_version=catalogue.pack.version,
        answers=tuple(answers),
        priorities=tuple(priorities),
        actions=tuple(draw(st.lists(audit_actions(catalogue), max_size=6))),
    )
