"""Hypothesis strategies for carers, households and departures (re-exported by ``strategies``)."""

from __future__ import annotations

import datetime
import string

from hypothesis import strategies as st

from fosterkit.records import (
    AgeBand,
    ApprovalKind,
    Carer,
    Departure,
    DestinationKind,
    Equality,
    Household,
    HouseholdStatus,
    Initiator,
    LeavingRoute,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)
from fosterkit.testing._common import SOME_REASONS, unicode_text

__all__ = ["carers", "departures", "equalities", "households", "record_ids", "services", "status_histories"]

_EARLIEST = datetime.date(1990, 1, 1)
_LATEST = datetime.date(2040, 12, 31)


def record_ids() -> st.SearchStrategy[str]:
    """Pseudonymous ids as services write them (``HH-00123``, ``a7f3``...)."""
    return st.builds(
        str.__add__,
        st.sampled_from(string.ascii_letters + string.digits),
        st.text(string.ascii_letters + string.digits + "-_", max_size=10).map(lambda s: s.rstrip("-_")),
    )


def _words() -> st.SearchStrategy[str]:
    return unicode_text(min_size=1, max_size=20, blank=False)


def equalities() -> st.SearchStrategy[Equality]:
    """Equality attributes, each present or not."""
    maybe_text = st.one_of(st.none(), _words())
    return st.builds(
        Equality,
        age_band=st.one_of(st.none(), st.sampled_from(AgeBand)),
        sex=maybe_text,
        ethnicity=maybe_text,
        disability=st.one_of(st.none(), st.booleans()),
        sexual_orientation=maybe_text,
        religion=maybe_text,
        language=maybe_text,
    )


def carers(id: str | None = None) -> st.SearchStrategy[Carer]:
    """A carer, with or without equality attributes."""
    return st.builds(
        Carer, id=st.just(id) if id else record_ids(), equality=st.one_of(st.none(), equalities())
    )


def services() -> st.SearchStrategy[Service]:
    """A fostering service."""
    return st.builds(Service, name=_words(), kind=st.sampled_from(ServiceKind))


@st.composite
def status_histories(draw: st.DrawFn, approved_on: datetime.date) -> tuple[StatusChange, ...]:
    """A valid status history starting with approval on ``approved_on``."""
    changes = [StatusChange(status=HouseholdStatus.APPROVED, since=approved_on)]
    day = approved_on
    for _ in range(draw(st.integers(0, 4))):
        day = day + datetime.timedelta(days=draw(st.integers(0, 900)))
        status = draw(st.sampled_from(HouseholdStatus))
        changes.append(StatusChange(status=status, since=day, note=draw(st.one_of(st.just(""), _words()))))
        if status.is_final:
            break
    return tuple(changes)


@st.composite
def households(draw: st.DrawFn) -> Household:
    """A household with one or two carers and a valid history."""
    approved_on = draw(st.dates(_EARLIEST, _LATEST - datetime.timedelta(days=4000)))
    ids = draw(st.lists(record_ids(), min_size=1, max_size=2, unique=True))
    return Household(
        id=draw(record_ids()),
        service=draw(services()),
        carers=tuple(draw(carers(i)) for i in ids),
        approved_on=approved_on,
        approval_kind=draw(st.sampled_from(ApprovalKind)),
        approved_for=tuple(draw(st.lists(st.sampled_from(PlacementType), min_size=1, unique=True))),
        caring_now=draw(st.booleans()),
        history=draw(status_histories(approved_on)),
    )


@st.composite
def departures(
    draw: st.DrawFn,
    household_id: str | None = None,
    reasons: st.SearchStrategy[str] | None = None,
) -> Departure:
    """A departure whose route, initiator and destination agree.

    ``reasons`` draws the stated reason codes (by default, a few built-in ones).
    """
    route = draw(st.sampled_from(LeavingRoute))
    notice_on = draw(st.dates(_EARLIEST, _LATEST - datetime.timedelta(days=400)))
    leaving_on = draw(
        st.one_of(st.none(), st.integers(0, 365).map(lambda d: notice_on + datetime.timedelta(days=d)))
    )
    pool = reasons if reasons is not None else st.sampled_from(SOME_REASONS)
    return Departure(
        id=draw(record_ids()),
        household_id=household_id or draw(record_ids()),
        notice_on=notice_on,
        leaving_on=leaving_on,
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
        destination=draw(st.sampled_from(DestinationKind)) if route is LeavingRoute.TRANSFER else None,
        stated_reasons=tuple(draw(st.lists(pool, unique=True, max_size=3))),
    )
