"""Hypothesis strategies for interview stages and appointments (re-exported by ``strategies``)."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from fosterkit.interviews import (
    Appointment,
    Companion,
    CompanionKind,
    InterviewStage,
    Location,
    StageTwoWindow,
)
from fosterkit.testing.carers_strategies import record_ids

__all__ = ["appointments", "companions", "stage_two_windows"]

_DAYS = st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31))


def companions() -> st.SearchStrategy[Companion]:
    """A companion, by kind."""
    return st.builds(Companion, kind=st.sampled_from(CompanionKind))


def appointments(stage: InterviewStage | None = None) -> st.SearchStrategy[Appointment]:
    """A booked interview."""
    return st.builds(
        Appointment,
        id=record_ids(),
        stage=st.just(stage) if stage else st.sampled_from(InterviewStage),
        on=_DAYS,
        location=st.sampled_from(Location),
        location_agreed=st.booleans(),
        interviewer=record_ids(),
        companion=st.one_of(st.none(), companions()),
    )


@st.composite
def stage_two_windows(draw: st.DrawFn) -> StageTwoWindow:
    """A stage 2 window: the default, or one moved (with a reason) to suit the carer."""
    window = StageTwoWindow.default(draw(_DAYS))
    if draw(st.booleans()):
        return window
    opens = window.stage_one_on + datetime.timedelta(days=draw(st.integers(1, 120)))
    closes = opens + datetime.timedelta(days=draw(st.integers(0, 60)))
    return window.moved(opens, closes, because=draw(st.sampled_from(["carer on holiday", "carer's request"])))
