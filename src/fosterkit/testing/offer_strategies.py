"""Strategies for a service's support offer: programmes, their figures, whole offers.

Every object is valid: counts are whole numbers with ``completed <= started <= referred``.
Given a catalogue, :func:`support_offers` builds offers that also pass
:func:`fosterkit.offer.offer_problems`: known ids only, each programme once, figures only for
listed programmes and once per programme and period.
"""

from __future__ import annotations

from hypothesis import strategies as st

from fosterkit.framework.catalogue import Catalogue
from fosterkit.offer import (
    Delivery,
    MakeUp,
    Outcome,
    OutcomeArea,
    Programme,
    ProgrammeFigures,
    ProgrammeKind,
    SupportOffer,
)
from fosterkit.testing._common import unicode_text

__all__ = ["make_ups", "outcomes", "programme_figures", "programme_ids", "programmes", "support_offers"]

#: Periods figures are given for, by name.
_PERIODS = ("2023-24", "2024-25", "2025-26", "2025-26 H1")
_COUNT = st.integers(min_value=0, max_value=500)


def programme_ids() -> st.SearchStrategy[str]:
    """A programme's id: ``group-3``, ``P7``."""
    return st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)


def _subset(ids: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    if not ids:
        return st.just(())
    return st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)).map(tuple)


@st.composite
def programmes(
    draw: st.DrawFn, catalogue: Catalogue | None = None, programme_id: str | None = None
) -> Programme:
    """A programme; with a catalogue, serving only its recommendations and principles."""
    recs = tuple(r.id for r in catalogue.recommendations) if catalogue else ("R1", "R2", "R3")
    principles = tuple(p.id for p in catalogue.principles) if catalogue else ("KP1", "KP2")
    return Programme(
        id=programme_id if programme_id is not None else draw(programme_ids()),
        name=draw(unicode_text(min_size=1, max_size=40, blank=False)),
        kind=draw(st.sampled_from(ProgrammeKind)),
        provider=draw(unicode_text(max_size=30)),
        recommendations=draw(_subset(recs)),
        principles=draw(_subset(principles)),
        delivery=tuple(draw(st.lists(st.sampled_from(Delivery), unique=True, max_size=3))),
        for_whom=draw(unicode_text(max_size=30)),
        places_per_year=draw(st.none() | _COUNT),
    )


def outcomes() -> st.SearchStrategy[Outcome]:
    """An outcome measure with its scale, before and after where given."""
    score = st.none() | st.floats(min_value=-100, max_value=100, allow_nan=False)
    return st.builds(
        Outcome,
        area=st.sampled_from(OutcomeArea),
        measure=unicode_text(min_size=1, max_size=30, blank=False),
        scale=unicode_text(min_size=1, max_size=20, blank=False),
        before=score,
        after=score,
    )


@st.composite
def make_ups(draw: st.DrawFn) -> MakeUp:
    """Attendees from one group of carers, against the group's size where known."""
    attendees = draw(_COUNT)
    return MakeUp(
        group=draw(unicode_text(min_size=1, max_size=30, blank=False)),
        attendees=attendees,
        carers=draw(st.none() | st.integers(min_value=attendees, max_value=attendees + 500)),
    )


@st.composite
def programme_figures(
    draw: st.DrawFn, programme_id: str | None = None, period: str | None = None
) -> ProgrammeFigures:
    """Consistent figures for one programme and period (``completed <= started <= referred``)."""
    referred = draw(_COUNT)
    started = draw(st.integers(min_value=0, max_value=referred))
    completed = draw(st.integers(min_value=0, max_value=started))
    offered = draw(st.none() | st.integers(min_value=0, max_value=20))
    attended = None if offered is None else draw(st.none() | st.integers(0, started * offered))
    rating = draw(st.none() | st.floats(min_value=1, max_value=5, allow_nan=False))
    return ProgrammeFigures(
        programme_id=programme_id if programme_id is not None else draw(programme_ids()),
        period=period if period is not None else draw(st.sampled_from(_PERIODS)),
        referred=referred,
        started=started,
        completed=completed,
        sessions_offered=offered,
        sessions_attended=attended,
        acceptability=rating,
        acceptability_scale="" if rating is None else "1-5, 5 best",
        outcomes=tuple(draw(st.lists(outcomes(), max_size=2))),
        make_up=tuple(draw(st.lists(make_ups(), max_size=2))),
    )


@st.composite
def support_offers(
    draw: st.DrawFn, catalogue: Catalogue | None = None, max_programmes: int = 6
) -> SupportOffer:
    """A whole offer: distinct programmes, figures only for them, once per programme and period."""
    ids = draw(st.lists(programme_ids(), unique=True, max_size=max_programmes))
    listed = tuple(draw(programmes(catalogue, programme_id=i)) for i in ids)
    keys = (
        draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(_PERIODS)), unique=True)) if ids else []
    )
    figures = tuple(draw(programme_figures(programme_id=i, period=p)) for i, p in keys)
    return SupportOffer(programmes=listed, figures=figures, carers=draw(st.none() | _COUNT))
