"""What is kept of each household, departure and exit interview record, and how two versions are told apart.

A :class:`Home` and a :class:`Leaver` are tuples holding only what some analysis reads, so a
service's whole history fits in memory; :mod:`fosterkit.analysis._summaries` builds them in its
one pass over the records. The keys at the end order two versions of one record, for an
analysis to keep the greater.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import NamedTuple, Protocol, TypeVar

from fosterkit.analysis._categories import UNKNOWN_COLUMN, UNKNOWN_TENURE, Breakdown, tenure_band
from fosterkit.analysis.periods import Period
from fosterkit.interviews.record import Answer
from fosterkit.records import (
    AgeBand,
    Departure,
    DestinationKind,
    Household,
    LeavingRoute,
    PlacementType,
    ServiceKind,
)

__all__ = [
    "CarerData",
    "Home",
    "Leaver",
    "One",
    "Said",
    "home_by_dates",
    "home_key",
    "home_of",
    "leaver_key",
    "leaver_of",
]

_PLACEMENT_ORDER = {kind: index for index, kind in enumerate(PlacementType)}
T = TypeVar("T")


class One(Protocol):
    """Gives the one copy kept of a value equal to the one given, so that equal values share memory."""

    def __call__(self, value: T, /) -> T: ...


#: A carer's special-category data: ``(age band, disability, ethnicity)``, blank where not recorded.
CarerData = tuple[str, str, str]


class Home(NamedTuple):
    """What is kept of a household (a tuple: small, and quick to make a million of)."""

    approved_on: datetime.date
    left_on: datetime.date | None
    """When its status first became final (deregistered or transferred)."""
    kind: ServiceKind
    approved_for: tuple[PlacementType, ...]
    """In a fixed order, whatever the order of the record."""
    caring_now: bool
    carers: tuple[CarerData, ...]
    """Each carer's special-category data, in a fixed order."""

    @property
    def ages(self) -> tuple[AgeBand, ...]:
        """The age bands its carers have recorded, in order of their codes."""
        return tuple(AgeBand(age) for age, _disability, _ethnicity in self.carers if age)

    def at_start(self, period: Period) -> bool:
        """Whether it was approved, and not yet gone, on the day before ``period`` began."""
        day_before = period.start - datetime.timedelta(days=1)
        return self.approved_on <= day_before and (self.left_on is None or self.left_on > day_before)


def _carers(household: Household) -> Iterator[CarerData]:
    for carer in household.carers:
        data = carer.equality
        if data is None:
            yield ("", "", "")
            continue
        yield (
            "" if data.age_band is None else data.age_band.value,
            "" if data.disability is None else ("yes" if data.disability else "no"),
            " ".join((data.ethnicity or "").split()),
        )


def home_of(household: Household, one: One) -> Home:
    """What is kept of ``household``; ``one`` gives the copy kept of a tuple many records share."""
    approved_for = household.approved_for
    if len(approved_for) > 1:
        approved_for = tuple(sorted(approved_for, key=_PLACEMENT_ORDER.__getitem__))
    carers = tuple(one(carer) for carer in _carers(household))
    return Home(
        household.approved_on,
        next((c.since for c in household.history if c.status.is_final), None),
        household.service.kind,
        one(approved_for),
        household.caring_now,
        one(tuple(sorted(carers)) if len(carers) > 1 else carers),
    )


class Said(NamedTuple):
    """What is kept of an exit interview record."""

    interviewed_on: datetime.date
    record_id: str
    reasons: tuple[str, ...]
    preventable: Answer | None

    @property
    def order(self) -> tuple[datetime.date, str, tuple[str, ...], str]:
        """Which of two records for the same stage wins: the later, then the greater id, then the contents."""
        answer = "" if self.preventable is None else self.preventable.value
        return (self.interviewed_on, self.record_id, self.reasons, answer)


class Leaver(NamedTuple):
    """What is kept of a departure, with what its latest exit interview records said (a tuple)."""

    household_id: str
    notice_on: datetime.date
    leaving_on: datetime.date | None
    route: LeavingRoute
    destination: DestinationKind | None
    stated_reasons: tuple[str, ...]
    said: tuple[str, ...] | None = None
    """The reasons of the latest interview record (stage 2 over stage 1); ``None`` without one."""
    answer: Answer | None = None
    """Could it have been prevented: the answer of stage 2 if it gave one, else of stage 1."""
    interviewed: bool = False
    """Whether there is an exit interview record for it."""

    @property
    def reasons(self) -> tuple[str, ...]:
        """Its reasons, the main one first: those of the latest interview record, else those stated."""
        return self.stated_reasons if self.said is None else self.said

    @property
    def main_reason(self) -> str | None:
        """The first of :attr:`reasons`, if there is one."""
        reasons = self.reasons
        return reasons[0] if reasons else None

    @property
    def left_on(self) -> datetime.date:
        """The day it left: ``leaving_on``, or the notice date when that is not recorded."""
        return self.leaving_on or self.notice_on

    def tenure(self, home: Home | None) -> str:
        """Its tenure band; ``unknown`` without its household's record or if it left before approval."""
        if home is None or self.left_on < home.approved_on:
            return UNKNOWN_TENURE[0]
        return tenure_band(home.approved_on, self.left_on)

    def columns(self, by: Breakdown, home: Home | None) -> tuple[str, ...]:
        """The columns of a theme table by ``by`` it falls in (several only for placement types)."""
        if by is Breakdown.NONE:
            return ("all",)
        if by is Breakdown.ROUTE:
            return (self.route.value,)
        if home is None:
            return (UNKNOWN_COLUMN[0],)
        if by is Breakdown.SERVICE_KIND:
            return (home.kind.value,)
        if by is Breakdown.TENURE_BAND:
            return (self.tenure(home),)
        if by is Breakdown.PLACEMENT_TYPE:
            return tuple(kind.value for kind in home.approved_for)
        return ("caring" if home.caring_now else "not_caring",)


def leaver_of(departure: Departure, one: One) -> Leaver:
    """What is kept of ``departure`` before its interview records are read; ``one`` as for :func:`home_of`."""
    return Leaver(
        departure.household_id,
        departure.notice_on,
        departure.leaving_on,
        departure.route,
        departure.destination,
        one(departure.stated_reasons),
    )


# -- keys: which of two versions of a record an analysis keeps ---------------------------------


def home_by_dates(home: Home) -> tuple[object, ...]:
    """A household's key by its dates and carers' age bands (what the rates read)."""
    ages = tuple(age for age, _disability, _ethnicity in home.carers if age)
    # The last part only tells "not gone" from gone on the last day there is.
    return (home.approved_on, home.left_on or datetime.date.max, ages, home.left_on is None)


def home_key(home: Home) -> tuple[object, ...]:
    """A household's key by all that is kept of it."""
    approved_for = tuple(p.value for p in home.approved_for)
    return (
        home_by_dates(home),
        (home.approved_on, home.kind.value, approved_for, home.caring_now),
        home.carers,
    )


def leaver_key(leaver: Leaver) -> tuple[object, ...]:
    """A departure's key by all that is kept of it."""
    return (
        leaver.notice_on,
        leaver.leaving_on or datetime.date.min,
        leaver.household_id,
        leaver.route.value,
        "" if leaver.destination is None else leaver.destination.value,
        leaver.stated_reasons,
        leaver.leaving_on is not None,  # tells "not recorded" from the first day there is
    )
