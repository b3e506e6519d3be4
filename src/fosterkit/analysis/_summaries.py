"""One pass over the records: a small summary of each household and each departure, for every analysis.

:func:`summarise` reads a stream of records once (households, departures, data collection
records and exit processes in any order and mix; other objects are passed over) and keeps a
:class:`~fosterkit.analysis._kept.Home` for each household and a
:class:`~fosterkit.analysis._kept.Leaver` for each departure. Themes, rates, exit
insights and the publication are all worked out from these :class:`Summaries`, so a caller that
wants several of them (the report, say) reads and structures each record once and passes the
summaries to each analysis in place of the records.

Interview records
    Of the records for one departure and stage, the later wins, then the greater id; should two
    differing records share both, their contents decide (one without consent winning), so the
    order of the records never matters.

Consent
    What a record said (its reasons, its answer to "could it have been prevented?", anything
    else) is kept only if its carer consented to anonymised use (``consent_to_anonymised_use``
    is ``True``; anything else counts as not given). A record without consent still counts as an
    interview held (``Leaver.interviewed``: a fact of the process), and the service's own facts
    about the departure (its route, dates, destination, household and the reasons stated on it)
    count as ever; nothing else of it reaches any analysis.

Both stages
    A departure's reasons are those of both its consenting stage records, the latest stage's
    first, each once: a reason raised at stage 1 counts even when stage 2 says something else.
    The main reason is the primary reason of stage 2 if it has a consenting record, else of
    stage 1. With no consenting record the reasons stated on the departure are used. Its answer
    to "could it have been prevented?" is that of stage 2 if it gave one, else that of stage 1.

Exit processes and conversations
    Of each exit process only a few facts are kept (:class:`~fosterkit.interviews.metrics.ProcessFacts`:
    offered, stages held, independence, feedback, escalations), joined per departure as
    :func:`~fosterkit.interviews.metrics.process_metrics` joins them; of a considering-leaving
    conversation its household, date, id and outcome (:class:`~fosterkit.analysis._kept.Talk`).
    A process or conversation seen in versions that differ keeps the greatest (the facts of a
    process compared as tuples, a conversation by :attr:`~fosterkit.analysis._kept.Talk.order`).

A record seen more than once
    counts once. Should its versions differ, every version is kept
    (:attr:`Summaries.home_versions`, :attr:`Summaries.leaver_versions`; rarely more than one)
    and each analysis keeps the greatest by the key of its :class:`View`, and says so in its
    notes only when the versions differ in what that analysis reads. The summaries are the same
    whatever the order of the records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from attrs import define, field, frozen

from fosterkit._util.collector import collector_paused
from fosterkit.analysis._kept import (
    Home,
    Leaver,
    Said,
    Talk,
    home_key,
    home_of,
    leaver_key,
    leaver_of,
    said_of,
    talk_of,
)
from fosterkit.interviews.metrics import DepartureProcess, ProcessFacts, process_facts
from fosterkit.interviews.process import ExitProcess, Interview
from fosterkit.interviews.record import DataCollectionRecord
from fosterkit.interviews.stages import InterviewStage
from fosterkit.records import ConsideringLeaving, Departure, Household

__all__ = [
    "EVERYTHING",
    "Reading",
    "Summaries",
    "View",
    "check_households_at_start",
    "summaries_of",
    "summarise",
]

T = TypeVar("T")


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
    """By departure id."""
    conflicting: tuple[str, ...]
    """``household ID`` or ``departure ID`` for each record seen in versions that differ for the view."""


@frozen(repr=False)
class Summaries:
    """What the analyses need of a stream of records, by household id and by departure id."""

    homes: dict[str, Home]
    leavers: dict[str, Leaver]
    home_versions: dict[str, frozenset[Home]] = field(factory=dict)
    """Every version of each household seen in more than one that differ, by household id."""
    leaver_versions: dict[str, frozenset[Leaver]] = field(factory=dict)
    """Every version of each departure seen in more than one that differ, by departure id."""
    processes: dict[str, tuple[ProcessFacts, ...]] = field(factory=dict)
    """The facts of each exit process of a departure, by departure id (one entry per process id)."""
    talks: tuple[Talk, ...] = ()
    """Every considering-leaving conversation, each once."""
    memo: dict[object, Any] = field(init=False, factory=dict, eq=False, repr=False)
    """What an analysis worked out from these summaries and may be asked for again (a release of
    the publication's counts, say), so that the analyses of one pass share it."""

    def process(self, departure_id: str, notice_on: datetime.date) -> DepartureProcess:
        """What the exit processes of a departure (with notice on ``notice_on``) say of it, joined."""
        joined = DepartureProcess(notice_on)
        for facts in self.processes.get(departure_id, ()):
            joined.join(facts)
        return joined

    def __repr__(self) -> str:
        return f"Summaries({len(self.homes)} households, {len(self.leavers)} departures)"

    def read(self, view: View = EVERYTHING) -> Reading:
        """The summaries as an analysis with ``view`` reads them."""
        if not self.home_versions and not self.leaver_versions:
            return Reading(self.homes, self.leavers, ())
        conflicting: list[str] = []
        homes = {} if view.home is None else _choose(self.home_versions, view.home, "household", conflicting)
        leavers = _choose(self.leaver_versions, view.leaver, "departure", conflicting)
        return Reading(_Chosen(self.homes, homes), _Chosen(self.leavers, leavers), tuple(conflicting))


def _choose(
    versions: dict[str, frozenset[V]], key: Callable[[V], tuple[object, ...]], kind: str, differ: list[str]
) -> dict[str, V]:
    """The greatest version of each record by ``key``; ``differ`` gains those whose versions' keys differ."""
    chosen = {}
    for record_id in sorted(versions):
        found = versions[record_id]
        chosen[record_id] = max(found, key=key)
        if len({key(version) for version in found}) > 1:
            differ.append(f"{kind} {record_id}")
    return chosen


class _Shared(dict[Any, Any]):
    """Values by themselves: looking a value up gives the copy kept, keeping this one if none is."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


@define
class _Reader:
    """The summaries while the records are read."""

    homes: dict[str, Home] = field(factory=dict)
    leavers: dict[str, Leaver] = field(factory=dict)
    home_versions: dict[str, set[Home]] = field(factory=dict)
    leaver_versions: dict[str, set[Leaver]] = field(factory=dict)
    processes: dict[str, tuple[str, ProcessFacts]] = field(factory=dict)
    """Each exit process's departure id and facts, by process id."""
    talks: dict[str, Talk] = field(factory=dict)
    """Each considering-leaving conversation, by id."""
    said: dict[str, tuple[Said | None, Said | None]] = field(factory=dict)
    """What the latest records of stage 1 and of stage 2 said (nothing without consent), by departure id."""
    shared: _Shared = field(factory=lambda: _Shared())
    """One copy of each date or tuple (reasons, placement types, carers' data) that records share."""
    one: Callable[[Any], Any] = field(init=False)
    """The copy of a value kept already, if there is one, so that equal values share memory.

    The shared copies' own lookup, so that finding a copy kept already (nearly always) is one call
    into the dictionary, not a method of ours.
    """

    def __attrs_post_init__(self) -> None:
        self.one = self.shared.__getitem__

    def add(self, record: object) -> None:
        if isinstance(record, Household):
            _keep(self.homes, self.home_versions, record.id, home_of(record, self.one))
        elif isinstance(record, Departure):
            _keep(self.leavers, self.leaver_versions, record.id, leaver_of(record, self.one))
        elif isinstance(record, DataCollectionRecord):
            self.add_interview(record)
        elif isinstance(record, ExitProcess):
            departure = record.departure
            _keep(self.leavers, self.leaver_versions, departure.id, leaver_of(departure, self.one))
            for interview in record.interviews:
                self.add_interview(interview.record, interview)
            facts = (departure.id, process_facts(record))
            known = self.processes.setdefault(record.id, facts)
            if known != facts:
                self.processes[record.id] = max(known, facts, key=_facts_order)
        elif isinstance(record, ConsideringLeaving):
            talk = talk_of(record)
            found = self.talks.setdefault(record.id, talk)
            if found != talk and talk.order > found.order:
                self.talks[record.id] = talk

    def add_interview(self, record: DataCollectionRecord, interview: Interview | None = None) -> None:
        said = said_of(record, self.one, interview)
        first, second = self.said.get(record.departure_id, (None, None))
        if record.stage is InterviewStage.EXIT_STAGE_2:
            if second is None or said.order > second.order:
                self.said[record.departure_id] = (first, said)
        elif first is None or said.order > first.order:  # a data collection record is of stage 1 or 2
            self.said[record.departure_id] = (said, second)

    def told(self, departure_id: str, leaver: Leaver) -> Leaver:
        """``leaver`` with what the latest record of each stage said (nothing of a record without consent)."""
        stages = self.said.get(departure_id)
        if stages is None:
            return leaver
        first, second = stages
        answer = None if second is None else second.preventable
        if answer is None and first is not None:
            answer = first.preventable
        return Leaver(
            leaver.household_id,
            leaver.notice_on,
            leaver.leaving_on,
            leaver.route,
            leaver.destination,
            leaver.stated_reasons,
            () if first is None else first.reasons,
            () if second is None else second.reasons,
            answer,
            interviewed=True,
            suggestions=(() if first is None else first.suggestions)
            + (() if second is None else second.suggestions),
        )

    def summaries(self) -> Summaries:
        leavers = self.leavers
        for departure_id in self.said:  # interview records of a departure not read are passed over
            if departure_id in leavers:
                leavers[departure_id] = self.told(departure_id, leavers[departure_id])
        leaver_versions = {
            d: frozenset(self.told(d, version) for version in self.leaver_versions[d])
            for d in sorted(self.leaver_versions)
        }
        home_versions = {h: frozenset(self.home_versions[h]) for h in sorted(self.home_versions)}
        # The version kept under the id is the same whatever the order of the records.
        leavers.update((d, max(found, key=leaver_key)) for d, found in leaver_versions.items())
        self.homes.update((h, max(found, key=home_key)) for h, found in home_versions.items())
        processes: dict[str, tuple[ProcessFacts, ...]] = {}
        for _id, (departure_id, facts) in sorted(self.processes.items()):
            processes[departure_id] = (*processes.get(departure_id, ()), facts)
        talks = tuple(sorted(self.talks.values(), key=lambda talk: talk.order))
        return Summaries(self.homes, leavers, home_versions, leaver_versions, processes, talks)


def _facts_order(found: tuple[str, ProcessFacts]) -> tuple[object, ...]:
    """Which of two versions of an exit process is kept: the greater facts (by departure id, then facts)."""
    departure_id, facts = found
    held = facts.stage_one_on or datetime.date.min
    return (departure_id, facts.stage_one_on is not None, held, *(v for v in facts if isinstance(v, bool)))


def _keep(kept: dict[str, V], versions: dict[str, set[V]], record_id: str, summary: V) -> None:
    """Keep ``summary`` under ``record_id``, and every version if it differs from one kept already."""
    known = kept.setdefault(record_id, summary)
    if known != summary:
        versions.setdefault(record_id, {known}).add(summary)


@collector_paused
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
    """Refuse a caller's number of households at the start that is not a whole number from 0 up."""
    if households_at_start is None:
        return
    if isinstance(households_at_start, bool) or not isinstance(households_at_start, int):
        raise TypeError(f"households_at_start must be a whole number, not {households_at_start!r}")
    if households_at_start < 0:
        raise ValueError(f"households_at_start cannot be negative, not {households_at_start}")
