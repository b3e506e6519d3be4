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

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from fosterkit.analysis._categories import UNKNOWN_THEME, answer_row, classifier
from fosterkit.analysis._kept import Home, Leaver, Talk
from fosterkit.analysis._summaries import Summaries
from fosterkit.analysis.national import RULES, national_lookup
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._specs import BREAKDOWNS, NOT_CODED, SAID_AT, SPECIAL_CATEGORY_TABLES
from fosterkit.interviews.metrics import DepartureProcess
from fosterkit.reasons import Taxonomy
from fosterkit.records import LeavingRoute

__all__ = [
    "NO_REASON",
    "Change",
    "Counts",
    "Key",
    "count",
    "held_key",
    "key",
    "national_sums",
    "period_code",
    "practice_keys",
    "take_up_sums",
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
    """
    reading = summaries.read()
    counts = Counts(conflicting=bool(reading.conflicting))
    theme = classifier(taxonomy, 1)
    national = national_lookup(taxonomy)
    here = period_code(period)
    span = f"{periods[0].start.isoformat()}/{periods[-1].end.isoformat()}"
    for departure_id, leaver in reading.leavers.items():
        inside = [p for p in periods if p.contains(leaver.notice_on)]
        if not inside:
            continue
        found = (theme(code) for code in leaver.reasons)
        given = list(dict.fromkeys(counts.seen("theme", code or UNKNOWN_THEME[0]) for code in found))
        main = given[0] if given else NO_REASON[0]
        keys: list[Key] = []
        for base in (("period", period_code(inside[0])), ("period", span)):
            keys += [key("departures", base), key("departures", base, ("main_theme", main))]
            keys += [key("departures", base, ("any_theme", t)) for t in given]
        if inside[0] != period:
            counts.unit(keys)
            continue
        home = reading.homes.get(leaver.household_id)
        at = ("period", here)
        keys.append(key("departures", at, ("national_category", national(leaver.route, leaver.main_reason))))
        keys += _said_at_keys(counts, leaver, at, theme)
        keys += practice_keys(summaries.process(departure_id, leaver.notice_on), at)
        counts.unit(keys + _keys_in_period(counts, leaver, home, at, main, given))
        _count_suggestions(counts, leaver, at, theme)
        if home is not None:
            _count_carers(counts, home, ("period", here))
    for home in reading.homes.values():
        kind = ("approval_kind", home.approval_kind.value)
        home_keys = []
        if period.contains(home.approved_on):
            home_keys += [
                key("households", ("approved_in", here)),
                key("households", ("approved_in", here), kind),
            ]
        if home.at_start(period):
            home_keys += [key("households", ("at_start", here)), key("households", ("at_start", here), kind)]
        counts.unit(home_keys)
    if households_at_start is not None:
        counts.counts[key("households", ("at_start", here))] = households_at_start
    _count_talks(counts, summaries.talks, period)
    return counts


def held_key(at: tuple[str, str]) -> Key:
    """Departures in the period (``at``) that held exit stage 1."""
    return key("departures", at, ("exit_stage_1", "held"))


def practice_keys(process: DepartureProcess, at: tuple[str, str]) -> list[Key]:
    """A departure's keys by how its exit interviews were offered and held, as the process figures read it."""
    offered = ("exit_offer", "yes" if process.offered else "no" if process.has_process else "no_process")
    keys = [key("departures", at, offered)]
    if not process.offered:
        return keys
    if process.took_up:
        row = "both_stages" if process.stage_two else "stage_1_only"
    else:
        row = "declined" if process.declined else "not_held"
    keys.append(key("departures", at, offered, ("exit_take_up", row)))
    if process.took_up:
        held = ("exit_stage_1", "held")
        answers = {
            "independent": not process.not_independent,
            "stage_1_on_time": process.stage_one_in_time(),
            "feedback_given": not process.feedback_missing,
        }
        keys.append(held_key(at))
        keys += [key("departures", at, held, (q, "yes" if yes else "no")) for q, yes in answers.items()]
    if process.urgent:
        urgent = ("urgent_finding", "yes")
        in_time = ("escalated_in_time", "no" if process.urgent_late else "yes")
        keys += [key("departures", at, urgent), key("departures", at, urgent, in_time)]
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


def _keys_in_period(
    counts: Counts, leaver: Leaver, home: Home | None, at: tuple[str, str], main: str, given: list[str]
) -> list[Key]:
    """The keys of a departure in the period: route, who ended it, preventable and every breakdown."""
    route = ("route", leaver.route.value)
    keys = [
        key("departures", at, route),
        key("departures", at, ("initiated", "service" if leaver.route.ended_by_service else "voluntary")),
        key("departures", at, ("preventable", answer_row(leaver.answer))),
    ]
    if leaver.destination is not None:
        keys.append(key("departures", at, route, ("destination", leaver.destination.value)))
    for breakdown in BREAKDOWNS:
        for column in leaver.columns(breakdown.by, home):
            where = (breakdown.dimension, counts.seen(breakdown.dimension, column))
            keys += [key("departures", at, where), key("departures", at, where, ("main_theme", main))]
            keys += [key("departures", at, where, ("any_theme", t)) for t in given]
    return keys


def _said_at_keys(
    counts: Counts, leaver: Leaver, at: tuple[str, str], theme: Callable[[str], str | None]
) -> list[Key]:
    """A departure's keys by theme and where it raised a reason under it (stage 1, stage 2, stated)."""
    return [
        key(
            "departures",
            at,
            ("any_theme", counts.seen("theme", theme(reason) or UNKNOWN_THEME[0])),
            (SAID_AT, where),
        )
        for reason, where in leaver.sourced
    ]


def _count_carers(counts: Counts, home: Home, at: tuple[str, str]) -> None:
    """Count each carer of a leaving household under each special category it has recorded."""
    for carer in home.carers:
        carer_keys = []
        for name, value in zip(SPECIAL_CATEGORY_TABLES, carer, strict=True):
            if value:
                has = (f"has_{name}", "yes")
                carer_keys += [
                    key("carers", at, has, (name, counts.seen(name, value))),
                    key("carers", at, has),
                ]
        counts.counts.update(carer_keys)


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
