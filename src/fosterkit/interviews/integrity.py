"""Cross-record checks: references resolve, dates are in order, ids are not repeated.

Each record is valid on its own when it is built; these rules need several records at once.
:func:`check_records` reads records in any order and mix of kinds, in one pass, keeping only
compact facts about each (its id, dates and references, never the record itself), and resolves
the references at the end. Every problem is reported with the record's kind, id and position;
none stops the check.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

import attrs
from attrs import frozen

from fosterkit.interviews.integrity_result import (
    REPORTED_ONLY,
    RULES,
    SETS_ASIDE,
    CheckResult,
    Position,
    RecordProblem,
    where,
)
from fosterkit.interviews.post_approval import PostApprovalInterview
from fosterkit.interviews.process import ExitProcess
from fosterkit.interviews.process_review import ProcessReview
from fosterkit.interviews.record import DataCollectionRecord
from fosterkit.interviews.stages import InterviewStage
from fosterkit.records import ConsideringLeaving, Departure, Household

__all__ = [
    "REPORTED_ONLY",
    "RULES",
    "SETS_ASIDE",
    "CheckResult",
    "Position",
    "RecordChecker",
    "RecordProblem",
    "check_records",
]

_KINDS: tuple[tuple[type, str], ...] = (
    (Household, "household"),
    (Departure, "departure"),
    (ExitProcess, "exit_process"),
    (DataCollectionRecord, "data_collection_record"),
    (ConsideringLeaving, "considering_leaving"),
    (PostApprovalInterview, "post_approval_interview"),
    (ProcessReview, "process_review"),
)


@frozen
class _Household:
    position: Position
    approved_on: datetime.date


@frozen
class _Departure:
    position: Position
    household_id: str
    notice_on: datetime.date
    leaving_on: datetime.date | None


@frozen
class _Process:
    position: Position
    departure: _Departure
    departure_id: str


@frozen
class _Interview:
    position: Position
    departure_id: str
    stage: InterviewStage
    on: datetime.date


@frozen
class _WithHousehold:
    """A conversation or post-approval interview: its kind, id, place, household and date."""

    kind: str
    id: str
    position: Position
    household_id: str
    on: datetime.date


_Fact = TypeVar("_Fact", _Household, _Departure)


class RecordChecker:
    """Collects facts about records one at a time; :meth:`result` resolves them.

    Use :func:`check_records` unless records come with lines that are not records (as
    :func:`fosterkit.adapters.checking.check_file` does: :meth:`reject` reports those).
    """

    def __init__(self) -> None:
        self._ids: defaultdict[tuple[str, str], list[Position]] = defaultdict(list)
        self._households: dict[str, _Household] = {}
        self._departures: dict[str, _Departure] = {}
        self._processes: list[tuple[str, _Process]] = []
        self._interviews: list[tuple[str, _Interview]] = []
        self._with_household: list[_WithHousehold] = []
        self._problems: list[RecordProblem] = []
        self._kinds: Counter[str] = Counter()
        self._count = 0

    def reject(self, position: Position, id: str | None, message: str) -> None:
        """A line that is not a valid record: reported and set aside."""
        self._count += 1
        self._problems.append(
            RecordProblem(
                kind="record", id=id, position=position, rule="invalid_line", message=message, sets_aside=True
            )
        )

    def add(self, position: Position, record: object) -> None:
        """Note one record's facts (its id, dates and references)."""
        self._count += 1
        kind = next((name for cls, name in _KINDS if isinstance(record, cls)), type(record).__name__)
        self._kinds[kind] += 1
        record_id = getattr(record, "id", None)
        if isinstance(record_id, str):
            self._ids[kind, record_id].append(position)
        if isinstance(record, Household):
            _keep_first(self._households, record.id, _Household(position, record.approved_on))
        elif isinstance(record, Departure):
            _keep_first(self._departures, record.id, _departure(position, record))
        elif isinstance(record, ExitProcess):
            self._add_process(position, record)
        elif isinstance(record, DataCollectionRecord):
            interview = _Interview(position, record.departure_id, record.stage, record.interviewed_on)
            self._interviews.append((record.id, interview))
        elif isinstance(record, ConsideringLeaving):
            fact = _WithHousehold(kind, record.id, position, record.household_id, record.held_on)
            self._with_household.append(fact)
        elif isinstance(record, PostApprovalInterview):
            fact = _WithHousehold(kind, record.id, position, record.household_id, record.interviewed_on)
            self._with_household.append(fact)

    def _add_process(self, position: Position, process: ExitProcess) -> None:
        departure = _departure(position, process.departure)
        self._processes.append((process.id, _Process(position, departure, process.departure.id)))
        notice = process.departure.notice_on
        held: dict[InterviewStage, datetime.date] = {}
        for booking in process.bookings:
            appointment = booking.appointment
            if appointment.on < notice:
                self._report(
                    "exit_process",
                    process.id,
                    position,
                    "interview_before_notice",
                    f"appointment {appointment.id!r} ({appointment.stage.value}) is on {appointment.on}, "
                    f"before notice was given on {notice} (departure {process.departure.id!r})",
                )
            if booking.interview is not None:
                held.setdefault(appointment.stage, booking.interview.record.interviewed_on)
        self._stage_order(
            "exit_process", process.id, position, held, f"in exit process {process.id!r} (its own bookings)"
        )

    def _report(self, kind: str, id: str | None, position: Position, rule: str, message: str) -> None:
        problem = RecordProblem(
            kind=kind, id=id, position=position, rule=rule, message=message, sets_aside=rule in SETS_ASIDE
        )
        self._problems.append(problem)

    def _stage_order(
        self,
        kind: str,
        id: str,
        position: Position,
        held: Mapping[InterviewStage, datetime.date],
        where: str,
    ) -> None:
        second = held.get(InterviewStage.EXIT_STAGE_2)
        if second is None:
            return
        first = held.get(InterviewStage.EXIT_STAGE_1)
        if first is None:
            self._report(
                kind,
                id,
                position,
                "stage_2_without_stage_1",
                f"stage 2 was held on {second}, but no stage 1 {where}",
            )
        elif second <= first:
            self._report(
                kind,
                id,
                position,
                "stage_2_before_stage_1",
                f"stage 2 on {second} is not after stage 1 on {first} {where}",
            )

    def result(self) -> CheckResult:
        """Resolve references and dates, and return every problem found."""
        unchecked = self._resolve()
        problems = sorted(
            self._problems, key=lambda p: (_order(p.position), p.rule, p.kind, p.id or "", p.message)
        )
        return CheckResult(
            problems=tuple(problems),
            records=self._count,
            kinds=dict(self._kinds),
            set_aside=frozenset(p.position for p in problems if p.sets_aside),
            unchecked=unchecked,
        )

    def _resolve(self) -> tuple[str, ...]:
        self._duplicates()
        unchecked = []
        if self._kinds["household"]:
            self._households_of_departures()
            self._households_of_conversations()
        elif self._departures or self._with_household:
            unchecked.append(
                "no households in the records: the households of departures, conversations and "
                "post-approval interviews were not checked"
                if self._with_household
                else "no households in the records: departures' households were not checked"
            )
        if self._kinds["departure"]:
            self._departures_of_processes()
            self._departures_of_interviews()
        elif self._processes or self._interviews:
            unchecked.append(
                "no departures in the records: exit processes' and interviews' departures were not checked"
            )
        self._overlaps()
        self._interview_stages()
        self._cascade()
        return tuple(unchecked)

    def _duplicates(self) -> None:
        for (kind, record_id), positions in self._ids.items():
            if len(positions) < 2:
                continue
            for position in positions:
                others = ", ".join(where(p) for p in sorted(positions, key=_order) if p != position)
                self._report(
                    kind,
                    record_id,
                    position,
                    "duplicate_id",
                    f"the same id is used by the {kind} at {others}",
                )

    def _households_of_departures(self) -> None:
        for departure_id, departure in self._departures.items():
            self._household_dates("departure", departure_id, departure.position, departure)
        for process_id, process in self._processes:
            if process.departure_id not in self._departures:
                self._household_dates("exit_process", process_id, process.position, process.departure)

    def _households_of_conversations(self) -> None:
        """Conversations and post-approval interviews: their household is known, and had been approved."""
        for fact in self._with_household:
            household = self._households.get(fact.household_id)
            if household is None:
                message = f"its household {fact.household_id!r} is not in the records"
                self._report(fact.kind, fact.id, fact.position, "missing_household", message)
            elif fact.on < household.approved_on:
                self._report(
                    fact.kind,
                    fact.id,
                    fact.position,
                    "before_approval",
                    f"it is dated {fact.on}, before household {fact.household_id!r} "
                    f"({where(household.position)}) was approved on {household.approved_on}",
                )

    def _household_dates(self, kind: str, id: str, position: Position, departure: _Departure) -> None:
        household = self._households.get(departure.household_id)
        if household is None:
            self._report(
                kind,
                id,
                position,
                "missing_household",
                f"its household {departure.household_id!r} is not in the records",
            )
            return
        if departure.notice_on < household.approved_on:
            self._report(
                kind,
                id,
                position,
                "notice_before_approval",
                f"notice was given on {departure.notice_on}, before household {departure.household_id!r} "
                f"({where(household.position)}) was approved on {household.approved_on}",
            )
        if departure.leaving_on is not None and departure.leaving_on < departure.notice_on:
            self._report(
                kind,
                id,
                position,
                "leaving_before_notice",
                f"the household left on {departure.leaving_on}, "
                f"before notice was given on {departure.notice_on}",
            )

    def _departure_of(self, kind: str, id: str, position: Position, departure_id: str) -> _Departure | None:
        """The departure a record belongs to, or ``None`` (reported as ``missing_departure``)."""
        found = self._departures.get(departure_id)
        if found is None:
            self._report(
                kind,
                id,
                position,
                "missing_departure",
                f"its departure {departure_id!r} is not in the records",
            )
        return found

    def _departures_of_processes(self) -> None:
        for process_id, process in self._processes:
            found = self._departure_of("exit_process", process_id, process.position, process.departure_id)
            if found is not None and attrs.evolve(found, position=process.position) != process.departure:
                self._report(
                    "exit_process",
                    process_id,
                    process.position,
                    "departure_mismatch",
                    f"its copy of departure {process.departure_id!r} differs from the departure record at "
                    f"{where(found.position)} (household, notice or leaving date)",
                )

    def _departures_of_interviews(self) -> None:
        for record_id, interview in self._interviews:
            kind = "data_collection_record"
            found = self._departure_of(kind, record_id, interview.position, interview.departure_id)
            if found is not None and interview.on < found.notice_on:
                self._report(
                    kind,
                    record_id,
                    interview.position,
                    "interview_before_notice",
                    f"the interview on {interview.on} is before notice was given on {found.notice_on} "
                    f"(departure {interview.departure_id!r}, {where(found.position)})",
                )

    def _interview_stages(self) -> None:
        firsts: dict[str, datetime.date] = {}
        for _, interview in self._interviews:
            if interview.stage is InterviewStage.EXIT_STAGE_1:
                earliest = firsts.get(interview.departure_id, interview.on)
                firsts[interview.departure_id] = min(earliest, interview.on)
        for record_id, interview in self._interviews:
            if interview.stage is not InterviewStage.EXIT_STAGE_2:
                continue
            held = {InterviewStage.EXIT_STAGE_2: interview.on}
            if interview.departure_id in firsts:
                held[InterviewStage.EXIT_STAGE_1] = firsts[interview.departure_id]
            where = f"record for departure {interview.departure_id!r}"
            self._stage_order("data_collection_record", record_id, interview.position, held, where)

    def _overlaps(self) -> None:
        by_household: defaultdict[str, list[tuple[str, _Departure]]] = defaultdict(list)
        for departure_id, departure in self._departures.items():
            by_household[departure.household_id].append((departure_id, departure))
        for household_id, departures in by_household.items():
            departures.sort(key=lambda item: (item[1].notice_on, item[0]))
            for index, (first_id, first) in enumerate(departures):
                for second_id, second in departures[index + 1 :]:
                    if first.leaving_on is not None and first.leaving_on < second.notice_on:
                        break
                    for (this_id, this), (other_id, other) in (
                        ((first_id, first), (second_id, second)),
                        ((second_id, second), (first_id, first)),
                    ):
                        self._report(
                            "departure",
                            this_id,
                            this.position,
                            "overlapping_departures",
                            f"household {household_id!r} is also leaving by departure {other_id!r} "
                            f"({where(other.position)}) from {other.notice_on} "
                            f"to {other.leaving_on or 'no leaving date'}",
                        )

    def _cascade(self) -> None:
        """Set aside the exit processes and interviews whose departure is set aside."""
        aside = {p.position for p in self._problems if p.sets_aside}
        departures = {d for d, fact in self._departures.items() if fact.position in aside}
        departures |= {d for (kind, d), at in self._ids.items() if kind == "departure" and len(at) > 1}
        dependants = [("exit_process", i, p.position, p.departure_id) for i, p in self._processes]
        dependants += [("data_collection_record", i, r.position, r.departure_id) for i, r in self._interviews]
        for kind, record_id, position, departure_id in dependants:
            if departure_id in departures and position not in aside:
                self._aside(kind, record_id, position, f"departure {departure_id!r}")
                aside.add(position)

    def _aside(self, kind: str, id: str, position: Position, what: str) -> None:
        self._report(kind, id, position, "reference_set_aside", f"{what}, which it belongs to, is set aside")


def _departure(position: Position, departure: Departure) -> _Departure:
    return _Departure(position, departure.household_id, departure.notice_on, departure.leaving_on)


def _keep_first(facts: dict[str, _Fact], key: str, fact: _Fact) -> None:
    """Keep the facts of the earliest position, so a repeated id gives the same result in any order."""
    found = facts.get(key)
    if found is None or _order(fact.position) < _order(found.position):
        facts[key] = fact


def _order(position: Position) -> tuple[int, int, str]:
    return (0, position, "") if isinstance(position, int) else (1, 0, position)


def _positioned(records: Iterable[object]) -> Iterator[tuple[Position, object]]:
    for index, item in enumerate(records, start=1):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (int, str)):
            yield item[0], item[1]
        else:
            yield f"record {index}", item


def check_records(records: Iterable[object]) -> CheckResult:
    """Check records against every cross-record rule, in one pass, and return every problem.

    ``records`` holds records, or ``(position, record)`` pairs where the position names the
    record's place (a line number, shown as ``line N``, or any text); plain records are named
    ``record N`` by their order. Any order and any mix of kinds is fine. Only compact facts
    about each record are kept, so memory grows with the number of ids, not the records' size.
    References to a kind the records hold none of are not checked (see
    :attr:`CheckResult.unchecked`), so a file of departures alone is not all problems.
    """
    checker = RecordChecker()
    for position, record in _positioned(records):
        checker.add(position, record)
    return checker.result()
