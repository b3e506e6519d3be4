"""The counts behind a publication, each under a key that says what it counts.

A key is a population (``departures``, ``carers`` or ``households``) and its conditions as
sorted ``(dimension, value)`` pairs, so the departures by route in one table and the column
totals of the themes by route in another are one count under one key. :func:`count` goes once
over the summaries of the records and counts each unit once under every key it falls in.

Where a reason was raised is the condition ``("said_at", where)``, ``where`` being ``stage_1``,
``stage_2`` or ``stated`` (:attr:`~fosterkit.analysis._kept.Leaver.sourced`): a departure counts
once under each theme and place it gave a reason there, in the publication's own period only.
Households and departures by approval kind carry ``("approval_kind", kind)``; a departure
without its household's record is of kind ``unknown``.

The practice around leaving (:func:`practice_keys`): each departure in the period under
``("exit_offer", yes or no)``, those offered under ``("exit_take_up", row)``, those that held
stage 1 under ``("exit_stage_1", "held")`` and each question of how it was held, those with an
urgent finding under ``("urgent_finding", "yes")``; each suggestion of a consenting record
(population ``suggestions``) by ``suggestion_theme`` and ``response``; and each household talked
to about leaving (population ``households``) under ``("considered_in", period)`` by its latest
``conversation_outcome``.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from fosterkit._util.collector import collector_paused
from fosterkit.analysis._categories import UNKNOWN_THEME, answer_row, classifier
from fosterkit.analysis._kept import BY_HOUSEHOLD, CarerData, Home, Leaver, Talk, household_profile
from fosterkit.analysis._summaries import Summaries
from fosterkit.analysis.national import RULES, national_lookup
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._specs import BREAKDOWNS, NOT_CODED, SAID_AT, SPECIAL_CATEGORY_TABLES
from fosterkit.interviews.metrics import DepartureProcess
from fosterkit.interviews.record import Answer
from fosterkit.reasons import Taxonomy
from fosterkit.records import ApprovalKind, DestinationKind, LeavingRoute

__all__ = [
    "NO_REASON",
    "Change",
    "Counts",
    "Key",
    "Numbered",
    "PracticeProfile",
    "count",
    "held_key",
    "key",
    "national_sums",
    "period_code",
    "practice_keys",
    "practice_keys_of",
    "practice_profile",
    "take_up_sums",
    "with_notice_in",
]

#: A publishable change: (theme row code, what became of it, the service's summary).
Change = tuple[str, str, str]

#: What a count counts: the population, then its conditions as sorted ``(dimension, value)`` pairs.
Key = tuple[str, tuple[tuple[str, str], ...]]

#: The theme row of departures without a reason: (code, label).
NO_REASON = ("none", "No reason recorded")


def key(population: str, *conditions: tuple[str, str]) -> Key:
    """The key of the count of ``population`` meeting every one of ``conditions``."""
    size = len(conditions)
    if size == 3:  # the most usual (a period, a column, a theme): three comparisons, no list sorted
        first, second, third = conditions
        if first > second:
            first, second = second, first
        if second > third:
            second, third = third, second
            if first > second:
                first, second = second, first
        return (population, (first, second, third))
    if size == 2:
        first, second = conditions
        return (population, conditions if first <= second else (second, first))
    return (population, conditions if size < 2 else tuple(sorted(conditions)))


def period_code(period: Period) -> str:
    """A period as the value of a ``period`` condition: ``start/end`` in ISO form."""
    return f"{period.start.isoformat()}/{period.end.isoformat()}"


class Counts:
    """Counts by key, and the values seen of each dimension (for rows and columns shown only when used)."""

    def __init__(self, *, conflicting: bool = False) -> None:
        self.counts: Counter[Key] = Counter()
        self.used: dict[str, set[str]] = {}
        self.conflicting = conflicting
        """Whether some record was seen in versions that differ."""
        self.changes: set[Change] = set()
        """The publishable changes of the period's suggestions, each once."""

    def unit(self, keys: Iterable[Key]) -> None:
        """Count one unit once under each of ``keys``."""
        self.counts.update(set(keys))

    def seen(self, dimension: str, value: str) -> str:
        """Note that ``value`` of ``dimension`` was used, and give it back."""
        self.used.setdefault(dimension, set()).add(value)
        return value


@collector_paused
def count(
    summaries: Summaries,
    *,
    taxonomy: Taxonomy,
    period: Period,
    periods: Sequence[Period],
    households_at_start: int | None,
) -> Counts:
    """Count the departures, their carers and the households behind a publication for ``period``.

    ``periods`` are those of the trend, ending with ``period``. Departures with notice in any of
    them count by theme in their own period and in all of them together; those in ``period``
    count by every other dimension too, and their carers by special category. Households count
    as approved in the period or there at its start; ``households_at_start``, if given, replaces
    the latter.

    A departure's keys come in groups, each decided by a few of its facts (its themes, its
    route and answer, the columns of one breakdown, how its exit interviews went); each group's
    keys are made once for each distinct set of those facts and shared, and a departure counts
    once under the union of its groups, as if its keys were made one by one.
    """
    reading = summaries.read()
    counts = Counts(conflicting=bool(reading.conflicting))
    made = _Keys(counts, taxonomy, period, periods)
    tally, slots, processes = made.tally, made.slots, summaries.processes
    for departure_id, leaver in with_notice_in(summaries, reading.leavers, periods):
        notice_on = leaver.notice_on
        for inside in periods:
            if inside.contains(notice_on):
                break
        else:
            continue
        main, given = made.themes(leaver.reasons)
        keys: set[int] = set()
        for slot in made.trend(inside):
            keys.add(slot.alone)
            keys.add(slot.main.get(main) or slot.by_main(main))
            for t in given:
                keys.add(slot.any.get(t) or slot.by_any(t))
        if inside is period or inside == period:
            home = reading.homes.get(leaver.household_id)
            keys.update(made.national(leaver.route, leaver.main_reason))
            for reason, where in leaver.sourced:
                keys.add(made.said_at(reason, where))
            if departure_id in processes:
                keys.update(made.practice(practice_profile(summaries.process(departure_id, notice_on))))
            else:  # no exit process recorded: the same keys for every such departure
                keys.update(made.without_process)
            keys.update(made.basic(leaver.route, leaver.answer, leaver.destination))
            for index in made.by_departure:
                by_column = slots[index]
                for column in leaver.columns(BREAKDOWNS[index].by, home):
                    slot = by_column.get(column) or made.slot(index, column)
                    keys.add(slot.alone)
                    keys.add(slot.main.get(main) or slot.by_main(main))
                    for t in given:
                        keys.add(slot.any.get(t) or slot.by_any(t))
            for slot in made.household_slots(leaver, home):
                keys.add(slot.alone)
                keys.add(slot.main.get(main) or slot.by_main(main))
                for t in given:
                    keys.add(slot.any.get(t) or slot.by_any(t))
            _count_suggestions(counts, leaver, made.at, made.theme)
            if home is not None:
                for carer_key in made.carers(home.carers):
                    tally[carer_key] += 1
        for found in keys:
            tally[found] += 1
    made.add_to(counts.counts)
    households = counts.counts
    here = made.here
    households = counts.counts
    for kind, (approved, there) in _households(summaries, reading.homes, period).items():
        for condition, units in ((("approved_in", here), approved), (("at_start", here), there)):
            if units:
                households[key("households", condition)] += units
                households[key("households", condition, ("approval_kind", kind.value))] += units
    if households_at_start is not None:
        counts.counts[key("households", ("at_start", here))] = households_at_start
    _count_talks(counts, summaries.talks, period)
    return counts


def with_notice_in(
    summaries: Summaries, leavers: Mapping[str, Leaver], periods: Sequence[Period]
) -> Iterator[tuple[str, Leaver]]:
    """The departures with notice from the first of ``periods`` to the end of the last, by notice date.

    The ids of the departures in order of notice (with their dates) are kept on the summaries,
    so the counts of the several periods of a trend each look at their own departures only.
    """
    kept = summaries.memo.get(_BY_NOTICE)
    if kept is None or kept[0] is not leavers:
        ordered = sorted(leavers, key=lambda departure_id: leavers[departure_id].notice_on)
        kept = summaries.memo[_BY_NOTICE] = (leavers, [leavers[d].notice_on for d in ordered], ordered)
    _, days, ids = kept
    first = bisect.bisect_left(days, min(p.start for p in periods))
    for departure_id in itertools.islice(
        ids, first, bisect.bisect_right(days, max(p.end for p in periods), lo=first)
    ):
        yield departure_id, leavers[departure_id]


def _households(
    summaries: Summaries, homes: Mapping[str, Home], period: Period
) -> dict[ApprovalKind, tuple[int, int]]:
    """By approval kind, how many households were approved in ``period`` and how many were there at its start.

    There at the start is :meth:`Home.at_start <fosterkit.analysis._kept.Home.at_start>`: approved
    by the day before, and not gone by then. Worked out from the approval dates, and the later of
    approval and leaving of those that left, each kept in order on the summaries.
    """
    kept = summaries.memo.get(_BY_APPROVAL)
    if kept is None or kept[0] is not homes:
        dates: dict[ApprovalKind, tuple[list[datetime.date], list[datetime.date]]] = {}
        for home in homes.values():
            approved, gone = dates.setdefault(home.approval_kind, ([], []))
            approved.append(home.approved_on)
            if home.left_on is not None:
                gone.append(max(home.approved_on, home.left_on))
        for approved, gone in dates.values():
            approved.sort()
            gone.sort()
        kept = summaries.memo[_BY_APPROVAL] = (homes, dates)
    day_before = period.start - datetime.timedelta(days=1)
    found = {}
    for kind, (approved, gone) in kept[1].items():
        in_period = bisect.bisect_right(approved, period.end) - bisect.bisect_left(approved, period.start)
        there = bisect.bisect_right(approved, day_before) - bisect.bisect_right(gone, day_before)
        found[kind] = (in_period, there)
    return found


#: Where the summaries keep their departures in order of notice, and their households' dates.
_BY_NOTICE = "publication: departures by notice date"
_BY_APPROVAL = "publication: households' dates by approval kind"

#: The themes of a departure's reasons, each once in order, and its main theme.
_Themes = tuple[str, tuple[str, ...]]

#: What decides a departure's keys by its exit interviews (see :func:`practice_profile`).
PracticeProfile = tuple[bool, ...]


class _Slot:
    """The numbers of a population's keys under some conditions: alone, by main theme and by any theme."""

    __slots__ = ("alone", "any", "conditions", "main", "number", "population")

    def __init__(
        self, number: Callable[[Key], int], population: str, conditions: tuple[tuple[str, str], ...]
    ) -> None:
        self.number, self.population, self.conditions = number, population, conditions
        self.alone = number(key(population, *conditions))
        self.main: dict[str, int] = {}
        self.any: dict[str, int] = {}

    def by_main(self, theme: str) -> int:
        """The number of the key under these conditions and main theme ``theme``."""
        found = self.main[theme] = self.number(key(self.population, *self.conditions, ("main_theme", theme)))
        return found

    def by_any(self, theme: str) -> int:
        """The number of the key under these conditions and a reason of theme ``theme``."""
        found = self.any[theme] = self.number(key(self.population, *self.conditions, ("any_theme", theme)))
        return found


class Numbered:
    """Counts by key, kept by a number given each key.

    A set of small numbers is quicker to make and count than a set of the keys themselves.
    """

    def __init__(self) -> None:
        self.numbers: dict[Key, int] = {}
        self.keys: list[Key] = [("", ())]  # numbers start at 1, so that none is false
        self.tally: list[int] = [0]
        """How many units count under each number's key."""

    def number(self, wanted: Key) -> int:
        """The number of key ``wanted``, given it now if it has none."""
        found = self.numbers.get(wanted)
        if found is None:
            found = self.numbers[wanted] = len(self.keys)
            self.keys.append(wanted)
            self.tally.append(0)
        return found

    def add_to(self, counts: Counter[Key]) -> None:
        """Add what was counted by number to ``counts``, by key, in the order the keys were numbered."""
        keys = self.keys
        for number, units in enumerate(self.tally):
            if units:
                counts[keys[number]] += units


class _Keys(Numbered):
    """The keys of one count's groups, each group's made once for each distinct set of facts."""

    def __init__(self, counts: Counts, taxonomy: Taxonomy, period: Period, periods: Sequence[Period]) -> None:
        self.counts = counts
        self.theme = classifier(taxonomy, 1)
        self.national_of = national_lookup(taxonomy)
        self.period = period
        self.here = period_code(period)
        self.at = ("period", self.here)
        self.span = f"{periods[0].start.isoformat()}/{periods[-1].end.isoformat()}"
        super().__init__()
        self.kept: dict[object, tuple[int, ...]] = {}
        self.kept_one: dict[object, int] = {}
        self.kept_themes: dict[tuple[str, ...], _Themes] = {}
        self.trends: dict[Period, tuple[_Slot, _Slot]] = {}
        self.slots: list[dict[str, _Slot]] = [{} for _ in BREAKDOWNS]
        """Each breakdown's keys, by column."""
        self.by_departure = [i for i, b in enumerate(BREAKDOWNS) if b.by not in BY_HOUSEHOLD]
        """The breakdowns whose columns depend on the departure (by position)."""
        self.by_household = [i for i, b in enumerate(BREAKDOWNS) if b.by in BY_HOUSEHOLD]
        self.kept_households: dict[object, tuple[_Slot, ...]] = {}
        self.without_process = self.practice(practice_profile(DepartureProcess(period.start)))
        """The keys of a departure with no exit process (whose notice date then decides nothing)."""

    def themes(self, reasons: tuple[str, ...]) -> _Themes:
        """The main theme of ``reasons`` and all their themes, each once in order (noted as seen)."""
        found = self.kept_themes.get(reasons)
        if found is None:
            seen, theme = self.counts.seen, self.theme
            given = tuple(dict.fromkeys(seen("theme", theme(code) or UNKNOWN_THEME[0]) for code in reasons))
            found = self.kept_themes[reasons] = (given[0] if given else NO_REASON[0], given)
        return found

    def trend(self, inside: Period) -> tuple[_Slot, _Slot]:
        """By theme, in the departure's own period and in all the trend's periods together."""
        found = self.trends.get(inside)
        if found is None:
            own, span = ("period", period_code(inside)), ("period", self.span)
            found = self.trends[inside] = (
                _Slot(self.number, "departures", (own,)),
                _Slot(self.number, "departures", (span,)),
            )
        return found

    def national(self, route: LeavingRoute, main_reason: str | None) -> tuple[int, ...]:
        """By national category."""
        wanted = ("national", route, main_reason)
        found = self.kept.get(wanted)
        if found is None:
            category = self.national_of(route, main_reason)
            found = self.kept[wanted] = (
                self.number(key("departures", self.at, ("national_category", category))),
            )
        return found

    def said_at(self, reason: str, where: str) -> int:
        """By theme and where a reason under it was raised (stage 1, stage 2, stated)."""
        wanted = ("said_at", reason, where)
        found = self.kept_one.get(wanted)
        if found is None:
            seen, theme = self.counts.seen, self.theme
            code = seen("theme", theme(reason) or UNKNOWN_THEME[0])
            found = self.kept_one[wanted] = self.number(
                key("departures", self.at, ("any_theme", code), (SAID_AT, where))
            )
        return found

    def practice(self, profile: PracticeProfile) -> tuple[int, ...]:
        """By how the departure's exit interviews were offered and held."""
        wanted = ("practice", profile)
        found = self.kept.get(wanted)
        if found is None:
            found = self.kept[wanted] = tuple(map(self.number, practice_keys_of(profile, self.at)))
        return found

    def basic(
        self, route: LeavingRoute, answer: Answer | None, destination: DestinationKind | None
    ) -> tuple[int, ...]:
        """By route, who ended it, whether it was preventable and, for a transfer, where to."""
        wanted = ("basic", route, answer, destination)
        found = self.kept.get(wanted)
        if found is None:
            at, by_route = self.at, ("route", route.value)
            keys = [
                key("departures", at, by_route),
                key("departures", at, ("initiated", "service" if route.ended_by_service else "voluntary")),
                key("departures", at, ("preventable", answer_row(answer))),
            ]
            if destination is not None:
                keys.append(key("departures", at, by_route, ("destination", destination.value)))
            found = self.kept[wanted] = tuple(map(self.number, keys))
        return found

    def household_slots(self, leaver: Leaver, home: Home | None) -> tuple[_Slot, ...]:
        """The slots of every breakdown whose columns depend on the household alone."""
        wanted = None if home is None else household_profile(home)
        found = self.kept_households.get(wanted)
        if found is None:
            slots = self.slots
            found = self.kept_households[wanted] = tuple(
                slots[index].get(column) or self.slot(index, column)
                for index in self.by_household
                for column in leaver.columns(BREAKDOWNS[index].by, home)
            )
        return found

    def slot(self, index: int, column: str) -> _Slot:
        """The keys under column ``column`` of breakdown ``index`` of :data:`BREAKDOWNS` (noted as seen)."""
        dimension = BREAKDOWNS[index].dimension
        where = (dimension, self.counts.seen(dimension, column))
        found = self.slots[index][column] = _Slot(self.number, "departures", (self.at, where))
        return found

    def carers(self, carers: tuple[CarerData, ...]) -> tuple[int, ...]:
        """A household's carers under each special category each has recorded (a carer counts once each)."""
        wanted = ("carers", carers)
        found = self.kept.get(wanted)
        if found is None:
            keys: list[Key] = []
            for carer in carers:
                for name, value in zip(SPECIAL_CATEGORY_TABLES, carer, strict=True):
                    if value:
                        has = (f"has_{name}", "yes")
                        keys += [
                            key("carers", self.at, has, (name, self.counts.seen(name, value))),
                            key("carers", self.at, has),
                        ]
            found = self.kept[wanted] = tuple(map(self.number, keys))
        return found


def held_key(at: tuple[str, str]) -> Key:
    """Departures in the period (``at``) that held exit stage 1."""
    return key("departures", at, ("exit_stage_1", "held"))


def practice_profile(process: DepartureProcess) -> PracticeProfile:
    """What decides a departure's keys by how its exit interviews were offered and held."""
    return (
        process.offered,
        process.has_process,
        process.took_up,
        process.stage_two,
        process.declined,
        process.not_independent,
        process.took_up and process.stage_one_in_time(),
        process.feedback_missing,
        process.urgent,
        process.urgent_late,
    )


def practice_keys(process: DepartureProcess, at: tuple[str, str]) -> list[Key]:
    """A departure's keys by how its exit interviews were offered and held, as the process figures read it."""
    return practice_keys_of(practice_profile(process), at)


def practice_keys_of(profile: PracticeProfile, at: tuple[str, str]) -> list[Key]:
    """The keys of :func:`practice_keys` from a departure's :func:`practice_profile`."""
    (
        offered,
        has_process,
        took_up,
        stage_two,
        declined,
        not_independent,
        in_time,
        no_feedback,
        urgent,
        late,
    ) = profile
    offer = ("exit_offer", "yes" if offered else "no" if has_process else "no_process")
    keys = [key("departures", at, offer)]
    if not offered:
        return keys
    if took_up:
        row = "both_stages" if stage_two else "stage_1_only"
    else:
        row = "declined" if declined else "not_held"
    keys.append(key("departures", at, offer, ("exit_take_up", row)))
    if took_up:
        held = ("exit_stage_1", "held")
        answers = {
            "independent": not not_independent,
            "stage_1_on_time": in_time,
            "feedback_given": not no_feedback,
        }
        keys.append(held_key(at))
        keys += [key("departures", at, held, (q, "yes" if yes else "no")) for q, yes in answers.items()]
    if urgent:
        urgent_key = ("urgent_finding", "yes")
        in_time_key = ("escalated_in_time", "no" if late else "yes")
        keys += [key("departures", at, urgent_key), key("departures", at, urgent_key, in_time_key)]
    return keys


def take_up_sums(here: str) -> list[tuple[Key, tuple[Key, ...]]]:
    """Those that held stage 1 are those that held both stages and those that held stage 1 only."""
    at = ("period", here)
    offered = ("exit_offer", "yes")
    both, only = (
        key("departures", at, offered, ("exit_take_up", row)) for row in ("both_stages", "stage_1_only")
    )
    return [(held_key(at), (both, only))]


def _count_suggestions(
    counts: Counts, leaver: Leaver, at: tuple[str, str], theme: Callable[[str], str | None]
) -> None:
    """Count each suggestion of a consenting record by its theme and what became of it."""
    for suggestion in leaver.suggestions:
        code = suggestion.theme
        row = NOT_CODED[0] if code is None else theme(code) or UNKNOWN_THEME[0]
        where = ("suggestion_theme", counts.seen("suggestion_theme", row))
        outcome = ("response", suggestion.outcome)
        counts.unit(
            [
                key("suggestions", at),
                key("suggestions", at, where),
                key("suggestions", at, outcome),
                key("suggestions", at, where, outcome),
            ]
        )
        if suggestion.summary:
            counts.changes.add((row, suggestion.outcome, suggestion.summary))


def _count_talks(counts: Counts, talks: Iterable[Talk], period: Period) -> None:
    """Count each household talked to about leaving in ``period`` by its latest conversation there."""
    latest: dict[str, Talk] = {}
    for talk in talks:
        if period.contains(talk.held_on):
            found = latest.get(talk.household_id)
            if found is None or (talk.held_on, talk.id) > (found.held_on, found.id):
                latest[talk.household_id] = talk
    at = ("considered_in", period_code(period))
    for talk in latest.values():
        counts.unit(
            [key("households", at), key("households", at, ("conversation_outcome", talk.outcome.value))]
        )


def national_sums(here: str) -> list[tuple[Key, tuple[Key, ...]]]:
    """The national categories a route alone decides, each the same count as that route's row.

    Only a transfer is a transfer and only ``termination_other`` is "approval terminated", so
    those rows of the national table equal rows of the route table (a reader could set one
    beside the other); the other fixed categories take resignations too, so they are no sum.
    """
    at = ("period", here)
    only = {rule.fixed: rule.route for rule in RULES if rule.fixed is not None}
    for rule in RULES:
        for category in rule.refined_to:
            only.pop(category, None)
    return [
        (
            key("departures", at, ("national_category", category)),
            (key("departures", at, ("route", route.value)),),
        )
        for category, route in only.items()
        if isinstance(route, LeavingRoute)
    ]
