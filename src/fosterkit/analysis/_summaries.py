"""One pass over the records: a small summary of each household and each departure, for every analysis.

:func:`summarise` reads a stream of records once (households, departures, data collection
records and exit processes in any order and mix; other objects are passed over) and keeps a
:class:`Home` for each household and a :class:`Leaver` for each departure. Themes, rates, exit
insights and the publication are all worked out from these :class:`Summaries`, so a caller that
wants several of them (the report, say) reads and structures each record once and passes the
summaries to each analysis in place of the records.

Interview records
    Of the records for one departure and stage, the later wins, then the greater id; should two
    differing records share both, their contents decide, so the order of the records never
    matters. A departure's reasons are those of its stage 2 record if there is one, else stage 1,
    else the reasons stated on the departure; its answer to "could it have been prevented?" is
    that of stage 2 if it gave one, else that of stage 1.

A record seen more than once
    counts once. Should its versions differ, every version is kept (:attr:`Summaries.versions`,
    rarely more than one) and each analysis keeps the greatest by the key of its :class:`View`,
    and says so in its notes only when the versions differ in what that analysis reads. The
    summaries are the same whatever the order of the records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

from attrs import define, evolve, field, frozen

from fosterkit.analysis._categories import UNKNOWN_COLUMN, UNKNOWN_TENURE, Breakdown, tenure_band
from fosterkit.analysis.periods import Period
from fosterkit.interviews.process import ExitProcess
from fosterkit.interviews.record import Answer, DataCollectionRecord
from fosterkit.interviews.stages import InterviewStage
from fosterkit.records import AgeBand, Departure, DestinationKind, Household, LeavingRoute, PlacementType
from fosterkit.records import ServiceKind

__all__ = [
    "EVERYTHING",
    "Home",
    "Leaver",
    "Reading",
    "Said",
    "Summaries",
    "View",
    "check_households_at_start",
    "home_by_dates",
    "home_key",
    "leaver_key",
    "summaries_of",
    "summarise",
]

_PLACEMENT_ORDER = {kind: index for index, kind in enumerate(PlacementType)}
_LATEST_FIRST = (InterviewStage.EXIT_STAGE_2, InterviewStage.EXIT_STAGE_1)

#: A carer's special-category data: ``(age band, disability, ethnicity)``, blank where not recorded.
Carer = tuple[str, str, str]


@frozen
class Home:
    """What is kept of a household."""

    approved_on: datetime.date
    left_on: datetime.date | None
    """When its status first became final (deregistered or transferred)."""
    kind: ServiceKind
    approved_for: tuple[PlacementType, ...]
    """In a fixed order, whatever the order of the record."""
    caring_now: bool
    carers: tuple[Carer, ...]
    """Each carer's special-category data, in a fixed order."""

    @property
    def ages(self) -> tuple[AgeBand, ...]:
        """The age bands its carers have recorded, in order of their codes."""
        return tuple(AgeBand(age) for age, _disability, _ethnicity in self.carers if age)

    def at_start(self, period: Period) -> bool:
        """Whether it was approved, and not yet gone, on the day before ``period`` began."""
        day_before = period.start - datetime.timedelta(days=1)
        return self.approved_on <= day_before and (self.left_on is None or self.left_on > day_before)


def _carer(household: Household) -> Iterator[Carer]:
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


def _home(household: Household) -> Home:
    return Home(
        household.approved_on,
        next((c.since for c in household.history if c.status.is_final), None),
        household.service.kind,
        tuple(sorted(household.approved_for, key=_PLACEMENT_ORDER.__getitem__)),
        household.caring_now,
        tuple(sorted(_carer(household))),
    )


@frozen
class Said:
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


@frozen
class Leaver:
    """What is kept of a departure, with what its latest exit interview records said."""

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


def _leaver(departure: Departure) -> Leaver:
    return Leaver(
        departure.household_id,
        departure.notice_on,
        departure.leaving_on,
        departure.route,
        departure.destination,
        departure.stated_reasons,
    )


# -- keys: which of two versions of a record an analysis keeps ---------------------------------


def home_by_dates(home: Home) -> tuple[object, ...]:
    """A household's key by its dates and carers' age bands (what the rates read)."""
    ages = tuple(age for age, _disability, _ethnicity in home.carers if age)
    return (home.approved_on, home.left_on or datetime.date.max, ages, home.left_on is None)


def home_key(home: Home) -> tuple[object, ...]:
    """A household's key by all that is kept of it."""
    approved_for = tuple(p.value for p in home.approved_for)
    return (home_by_dates(home), (home.approved_on, home.kind.value, approved_for, home.caring_now), home.carers)


def leaver_key(leaver: Leaver) -> tuple[object, ...]:
    """A departure's key by all that is kept of it."""
    return (
        leaver.notice_on,
        leaver.leaving_on or datetime.date.min,
        leaver.household_id,
        leaver.route.value,
        "" if leaver.destination is None else leaver.destination.value,
        leaver.stated_reasons,
        leaver.leaving_on is not None,
    )


@frozen
class View:
    """What one analysis reads of a household and a departure, as a key that orders versions.

    Two versions of a record differ for the analysis when their keys differ; the greater is
    kept. ``home`` is ``None`` for an analysis that does not read households.
    """

    leaver: Callable[[Leaver], tuple[object, ...]] = leaver_key
    home: Callable[[Home], tuple[object, ...]] | None = home_key


#: The view of an analysis that reads all that is kept.
EVERYTHING = View()

V = TypeVar("V")


class _Chosen(Mapping[str, V], Generic[V]):
    """``kept`` with the few records seen in several versions replaced by the version chosen."""

    def __init__(self, kept: Mapping[str, V], chosen: dict[str, V]) -> None:
        self._kept = kept
        self._chosen = chosen

    def __getitem__(self, key: str) -> V:
        return self._chosen[key] if key in self._chosen else self._kept[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


@frozen
class Reading:
    """The summaries as one analysis reads them: one version of each record, and which differed."""

    homes: Mapping[str, Home]
    leavers: Mapping[str, Leaver]
    """By departure id, in order of id."""
    conflicting: tuple[str, ...]
    """``household ID`` or ``departure ID`` for each record seen in versions that differ for the view."""


@frozen(repr=False)
class Summaries:
    """What the analyses need of a stream of records, by household id and by departure id."""

    homes: dict[str, Home]
    leavers: dict[str, Leaver]
    """In order of departure id."""
    versions: dict[str, frozenset[Home] | frozenset[Leaver]] = field(factory=dict)
    """Every version of each record seen in more than one, under ``household ID`` or ``departure ID``."""

    def __repr__(self) -> str:
        return f"Summaries({len(self.homes)} households, {len(self.leavers)} departures)"

    def read(self, view: View = EVERYTHING) -> Reading:
        """The summaries as an analysis with ``view`` reads them."""
        if not self.versions:
            return Reading(self.homes, self.leavers, ())
        homes: dict[str, Home] = {}
        leavers: dict[str, Leaver] = {}
        conflicting = []
        for name, versions in sorted(self.versions.items()):
            kind, record_id = name.split(" ", 1)
            if kind == "household":
                if view.home is None:
                    continue
                key = view.home
                homes[record_id] = max((h for h in versions if isinstance(h, Home)), key=key)
            else:
                key = view.leaver  # type: ignore[assignment]
                leavers[record_id] = max((d for d in versions if isinstance(d, Leaver)), key=key)
            if len({key(version) for version in versions}) > 1:  # type: ignore[arg-type]
                conflicting.append(name)
        return Reading(_Chosen(self.homes, homes), _Chosen(self.leavers, leavers), tuple(conflicting))


@define
class _Reader:
    """The summaries while the records are read."""

    homes: dict[str, Home] = field(factory=dict)
    leavers: dict[str, Leaver] = field(factory=dict)
    versions: dict[str, set[Home] | set[Leaver]] = field(factory=dict)
    said: dict[tuple[str, InterviewStage], Said] = field(factory=dict)

    def add(self, record: object) -> None:
        if isinstance(record, Household):
            self.keep(self.homes, record.id, _home(record), "household")
        elif isinstance(record, Departure):
            self.keep(self.leavers, record.id, _leaver(record), "departure")
        elif isinstance(record, DataCollectionRecord):
            self.add_interview(record)
        elif isinstance(record, ExitProcess):
            self.keep(self.leavers, record.departure.id, _leaver(record.departure), "departure")
            for interview in record.interviews:
                self.add_interview(interview.record)

    def keep(self, kept: dict[str, V], record_id: str, summary: V, kind: str) -> None:
        known = kept.setdefault(record_id, summary)
        if known != summary:
            self.versions.setdefault(f"{kind} {record_id}", {known}).add(summary)  # type: ignore[arg-type]

    def add_interview(self, record: DataCollectionRecord) -> None:
        said = Said(record.interviewed_on, record.id, record.reasons, record.preventable)
        known = self.said.get((record.departure_id, record.stage))
        if known is None or said.order > known.order:
            self.said[record.departure_id, record.stage] = said

    def told(self, departure_id: str, leaver: Leaver) -> Leaver:
        """``leaver`` with what its latest interview records said."""
        found = [self.said.get((departure_id, stage)) for stage in _LATEST_FIRST]
        latest = [said for said in found if said is not None]
        if not latest:
            return leaver
        answer = next((said.preventable for said in latest if said.preventable is not None), None)
        return evolve(leaver, said=latest[0].reasons, answer=answer, interviewed=True)

    def summaries(self) -> Summaries:
        leavers = {d: self.told(d, self.leavers[d]) for d in sorted(self.leavers)}
        versions: dict[str, frozenset[Home] | frozenset[Leaver]] = {}
        for name, found in sorted(self.versions.items()):
            kind, record_id = name.split(" ", 1)
            if kind == "household":
                homes = frozenset(h for h in found if isinstance(h, Home))
                versions[name] = homes
                self.homes[record_id] = max(homes, key=home_key)
            else:
                told = frozenset(self.told(record_id, d) for d in found if isinstance(d, Leaver))
                versions[name] = told
                leavers[record_id] = max(told, key=leaver_key)
        return Summaries(self.homes, leavers, versions)


def summarise(records: Iterable[object]) -> Summaries:
    """Read ``records`` once and keep what the analyses need of each household and departure."""
    reader = _Reader()
    for record in records:
        reader.add(record)
    return reader.summaries()


def summaries_of(records: Iterable[object] | Summaries) -> Summaries:
    """``records`` if they are already summaries, else their summaries."""
    return records if isinstance(records, Summaries) else summarise(records)


def check_households_at_start(households_at_start: int | None) -> None:
    """Refuse a number of households at the start, given in place of the count from the summaries, that is not one."""
    if households_at_start is None:
        return
    if isinstance(households_at_start, bool) or not isinstance(households_at_start, int):
        raise TypeError(f"households_at_start must be a whole number, not {households_at_start!r}")
    if households_at_start < 0:
        raise ValueError(f"households_at_start cannot be negative, not {households_at_start}")
