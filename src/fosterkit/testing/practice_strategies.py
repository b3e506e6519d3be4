"""Hypothesis strategies for the practice around the exit process (re-exported by ``strategies``).

Considering-leaving conversations, post-approval interviews and reviews of the process.
"""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from fosterkit.interviews import PostApprovalInterview, ProcessReview, Rating, Suggestion, SupportArea
from fosterkit.records import ConsideringLeaving, ConversationOutcome, HeldBy
from fosterkit.testing._common import SOME_REASONS, unicode_text
from fosterkit.testing.carers_strategies import record_ids

__all__ = ["considering_leaving_conversations", "post_approval_interviews", "process_reviews"]

_DAYS = st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31))
_change = unicode_text(min_size=1, max_size=40, blank=False)


def _later(day: datetime.date, draw: st.DrawFn, low: int = 0) -> datetime.date:
    return day + datetime.timedelta(days=draw(st.integers(low, 400)))


def _codes(draw: st.DrawFn, reasons: st.SearchStrategy[str] | None) -> tuple[str, ...]:
    pool = reasons if reasons is not None else st.sampled_from(SOME_REASONS)
    return tuple(draw(st.lists(pool, unique=True, max_size=3)))


@st.composite
def considering_leaving_conversations(
    draw: st.DrawFn,
    reasons: st.SearchStrategy[str] | None = None,
    *,
    household_id: str | None = None,
    outcome: ConversationOutcome | None = None,
) -> ConsideringLeaving:
    """A conversation with a carer considering leaving; an undecided one has its follow-up date.

    ``reasons`` draws the concerns' codes (by default a few built-in ones).
    """
    held_on = draw(_DAYS)
    ends = outcome or draw(st.sampled_from(ConversationOutcome))
    must_follow = ends is ConversationOutcome.UNDECIDED
    follow_up = _later(held_on, draw) if must_follow or draw(st.booleans()) else None
    left = ends is ConversationOutcome.LEFT and draw(st.booleans())
    return ConsideringLeaving(
        id=draw(record_ids()),
        household_id=household_id or draw(record_ids()),
        held_on=held_on,
        held_by=draw(record_ids()),
        held_by_role=draw(st.sampled_from(HeldBy)),
        concerns=_codes(draw, reasons),
        support_offered=draw(unicode_text(max_size=60)),
        outcome=ends,
        follow_up_on=follow_up,
        departure_id=draw(record_ids()) if left else None,
    )


@st.composite
def post_approval_interviews(
    draw: st.DrawFn, reasons: st.SearchStrategy[str] | None = None, *, household_id: str | None = None
) -> PostApprovalInterview:
    """A post-approval interview; ``reasons`` draws the concerns' codes (by default a few built-in ones)."""
    areas = draw(st.lists(st.sampled_from(SupportArea), unique=True))
    suggestion_ids = draw(st.lists(record_ids(), unique=True, max_size=3))
    return PostApprovalInterview(
        id=draw(record_ids()),
        household_id=household_id or draw(record_ids()),
        interviewed_on=draw(_DAYS),
        interviewer=draw(record_ids()),
        recruitment_went_well=draw(unicode_text(max_size=60)),
        recruitment_could_improve=draw(unicode_text(max_size=60)),
        ratings=tuple(Rating(area=a, score=draw(st.integers(1, 5))) for a in areas),
        concerns=_codes(draw, reasons),
        suggestions=tuple(
            Suggestion(id=i, text=draw(unicode_text(min_size=1, max_size=60, blank=False)))
            for i in suggestion_ids
        ),
        consent_to_anonymised_use=draw(st.booleans()),
    )


@st.composite
def process_reviews(draw: st.DrawFn) -> ProcessReview:
    """A review of the exit-interview process, with or without carers and staff told, and its next date."""
    held_on = draw(_DAYS)
    told = st.one_of(st.none(), st.integers(0, 120).map(lambda d: held_on + datetime.timedelta(days=d)))
    return ProcessReview(
        id=draw(record_ids()),
        held_on=held_on,
        findings=draw(unicode_text(max_size=80)),
        changes=tuple(draw(st.lists(_change, unique=True, max_size=3))),
        communicated_to_carers_on=draw(told),
        communicated_to_staff_on=draw(told),
        next_due_on=_later(held_on, draw, 1) if draw(st.booleans()) else None,
    )
