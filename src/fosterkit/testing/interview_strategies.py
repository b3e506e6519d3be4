"""Hypothesis strategies for interview stages and appointments (re-exported by ``strategies``)."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from fosterkit.interviews import (
    Answer,
    Appointment,
    Companion,
    CompanionKind,
    DataCollectionRecord,
    InterviewStage,
    Location,
    Rating,
    StageTwoWindow,
    Suggestion,
    SupportArea,
)
from fosterkit.testing._common import SOME_REASONS, unicode_text
from fosterkit.testing.carers_strategies import record_ids

__all__ = ["appointments", "companions", "data_collection_records", "stage_two_windows"]


_DAYS = st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31))


def companions() -> st.SearchStrategy[Companion]:
    """A companion, by kind."""
    return st.builds(Companion, kind=st.sampled_from(CompanionKind))


def appointments(stage: InterviewStage | None = None) -> st.SearchStrategy[Appointment]:
    """A booked interview."""
    return st.builds(
        _appointment,
        id=record_ids(),
        stage=st.just(stage) if stage else st.sampled_from(InterviewStage),
        on=_DAYS,
        location=st.sampled_from(Location),
        location_agreed=st.booleans(),
        interviewer=record_ids(),
        also_present=st.lists(record_ids(), unique=True, max_size=2).map(tuple),
        companion=st.one_of(st.none(), companions()),
    )


def _appointment(**values: Any) -> Appointment:
    interviewer, also = values["interviewer"], values.pop("also_present")
    return Appointment(also_present=tuple(s for s in also if s != interviewer), **values)


@st.composite
def stage_two_windows(draw: st.DrawFn) -> StageTwoWindow:
    """A stage 2 window: the default, or one moved (with a reason) to suit the carer."""
    window = StageTwoWindow.default(draw(_DAYS))
    if draw(st.booleans()):
        return window
    opens = window.stage_one_on + datetime.timedelta(days=draw(st.integers(1, 120)))
    closes = opens + datetime.timedelta(days=draw(st.integers(0, 60)))
    return window.moved(opens, closes, because=draw(st.sampled_from(["carer on holiday", "carer's request"])))


def _free_text() -> st.SearchStrategy[str]:
    return unicode_text(max_size=60)


@st.composite
def data_collection_records(
    draw: st.DrawFn,
    reasons: st.SearchStrategy[str] | None = None,
    *,
    departure_id: str | None = None,
    stage: InterviewStage | None = None,
    interviewed_on: datetime.date | None = None,
) -> DataCollectionRecord:
    """A data collection record; ``reasons`` draws reason codes (by default a few built-in ones).

    ``departure_id``, ``stage`` and ``interviewed_on`` fix those fields when given.
    """
    codes = draw(
        st.lists(
            reasons if reasons is not None else st.sampled_from(SOME_REASONS),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    areas = draw(st.lists(st.sampled_from(SupportArea), unique=True))
    suggestion_ids = draw(st.lists(record_ids(), unique=True, max_size=3))
    answers = st.one_of(st.none(), st.sampled_from(Answer))
    return DataCollectionRecord(
        id=draw(record_ids()),
        departure_id=departure_id or draw(record_ids()),
        stage=stage or draw(st.sampled_from([InterviewStage.EXIT_STAGE_1, InterviewStage.EXIT_STAGE_2])),
        interviewed_on=interviewed_on or draw(_DAYS),
        primary_reason=codes[0],
        secondary_reasons=tuple(codes[1:]),
        ratings=tuple(Rating(area=a, score=draw(st.integers(1, 5))) for a in areas),
        preventable=draw(answers),
        would_have_kept=draw(_free_text()),
        foster_again=draw(answers),
        recommend_fostering=draw(answers),
        went_well=draw(_free_text()),
        suggestions=tuple(
            Suggestion(id=i, text=draw(_free_text().filter(lambda t: bool(t.strip()))))
            for i in suggestion_ids
        ),
        consent_to_anonymised_use=draw(st.booleans()),
    )
