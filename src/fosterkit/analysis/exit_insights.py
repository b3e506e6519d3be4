"""What leavers in one period said: themes, preventability and the principles to work on first.

:func:`exit_insights` reads a stream of records once (households, departures, data collection
records and exit processes in any order and mix) into the summaries of
:mod:`fosterkit.analysis._summaries`, or is given those summaries. Everything it returns has
been through small-number suppression (:mod:`fosterkit.analysis.suppression`).

Which reasons count for a departure
    The reasons of both its exit interview records: the guide holds what is said at stage 1
    and at stage 2 equally valid, so a reason raised at either counts, each once. The main
    reason is the primary reason of stage 2, else of stage 1. With no interview record that
    gave a reason, the reasons stated on the departure itself are used, the first as the main
    one. :attr:`~fosterkit.analysis.Insights.stages` shows, theme by theme, how many leavers
    raised it at stage 1, at stage 2, or only on the departure record. Codes are brought up to
    date with :meth:`~fosterkit.reasons.Taxonomy.migrate`; a code the taxonomy does not know is
    counted under ``unknown`` ("Not in the taxonomy") rather than dropped.

Consent
    Nothing an interview record says (its reasons, its answer on prevention) is counted unless
    its carer consented to anonymised use; absent consent counts as not given. The interview
    still counts as held in :attr:`~fosterkit.analysis.Insights.interviewed` (a fact of the
    process, not of what was said), and the departure counts by the reasons stated on it.

Preventable
    The answer of stage 2 if it has one, otherwise that of stage 1. "Yes" counts as
    preventable; the base is the leavers who answered "yes" or "no". "Not sure" is a real
    answer but neither, so it is left out of both.

Scores for principles and recommendations
    Each reason of each departure carries a weight: 1 for the main reason and 0.5 for each
    other one (a stage 1 reason that stage 2 did not repeat included), times the service's
    influence over it (yes 1, partly 0.5, no 0, not set 0.5),
    times 1.5 if the leaver said their leaving was preventable, times a recency factor that
    rises in a straight line from 0.5 for notice on the first day of the period to 1 on the
    last. Every principle or recommendation the reason is addressed by receives the whole
    weight. A score is the exact sum, rounded to three decimals.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from fractions import Fraction

from attrs import define, field

from fosterkit._util.collector import collector_paused
from fosterkit.analysis._categories import STAGE_1, STAGE_2, STATED, UNKNOWN_THEME, classifier
from fosterkit.analysis._kept import Leaver
from fosterkit.analysis._summaries import Summaries, View, summaries_of
from fosterkit.analysis.insights import ElementInsight, Insights, ReasonCount, StageCount, ThemeCount
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication import PublicationLog, ReleasedCounts, released_counts
from fosterkit.analysis.suppression import SUPPRESSED, check_threshold
from fosterkit.framework import Catalogue
from fosterkit.interviews.record import Answer
from fosterkit.reasons import Influence, Taxonomy

__all__ = ["UNKNOWN_THEME", "exit_insights", "exit_insights_with_log"]

_PRIMARY = Fraction(1)
_SECONDARY = Fraction(1, 2)
_PREVENTABLE = Fraction(3, 2)
_INFLUENCE = {Influence.YES: Fraction(1), Influence.PARTLY: Fraction(1, 2), Influence.NO: Fraction(0)}
_NO_INFLUENCE_SET = Fraction(1, 2)
_PLACES = (STAGE_1[0], STAGE_2[0], STATED[0])


def _said_when(leaver: Leaver) -> tuple[object, ...]:
    """What the insights read of a departure: its notice date and the reasons stated on it."""
    return (leaver.notice_on, leaver.stated_reasons)


#: The insights read no household, and of a departure only its notice date and reasons.
_VIEW = View(leaver=_said_when, home=None)


@define
class _Element:
    """A principle or recommendation's running score."""

    score: Fraction = Fraction(0)
    leavers: set[str] = field(factory=set)
    weights: dict[str, Fraction] = field(factory=dict)
    reason_leavers: dict[str, set[str]] = field(factory=dict)
    units: int = 0
    """The score while counting, in whole numbers of the tally's common denominator."""
    code_units: dict[str, int] = field(factory=dict)
    """The weights while counting, likewise."""


def _catalogue_elements(catalogue: Catalogue) -> list[tuple[str, str]]:
    """Each key principle, then each recommendation, as ``(id, title)``."""
    return [(p.id, p.title) for p in catalogue.principles] + [
        (r.id, r.title) for r in catalogue.recommendations
    ]


def _common_denominator(period: Period) -> int:
    """A whole number that every weight times it is whole: ``_units`` gives weights so."""
    # A weight is (1 or 1/2) x (1, 1/2 or 0) x recency (halves of days-1) x (1 or 3/2).
    return 16 * max(period.days - 1, 1)


def _units(
    period: Period,
    scale: int,
    first: bool,
    influence: Influence | None,
    day: datetime.date,
    preventable: bool,
) -> int:
    """A reason's weight in whole numbers of ``1/scale``: main or not, influence, notice day, preventable."""
    weight = (
        (_PRIMARY if first else _SECONDARY)
        * (_NO_INFLUENCE_SET if influence is None else _INFLUENCE[influence])
        * _recency(period, day)
        * (_PREVENTABLE if preventable else 1)
    )
    exact = weight * scale
    if exact.denominator != 1:  # pragma: no cover - the scale is a common denominator of every weight
        raise AssertionError(f"weight {weight} is not a whole number of 1/{scale}")
    return exact.numerator


def _recency(period: Period, day: datetime.date) -> Fraction:
    if period.days == 1:
        return Fraction(1)
    return Fraction(1, 2) + Fraction((day - period.start).days, 2 * (period.days - 1))


@define
class _Tally:
    """The counts before suppression."""

    departures: int = 0
    interviewed: int = 0
    with_reasons: int = 0
    """Departures with at least one reason, the total of the ``primary`` column."""
    primary: dict[str, int] = field(factory=dict)
    mentioned: dict[str, int] = field(factory=dict)
    preventable: int = 0
    answered: int = 0
    elements: dict[str, _Element] = field(factory=dict)
    stages: dict[tuple[str, str], int] = field(factory=dict)
    """Departures by ``(theme, where a reason under it came from)``."""
    raised: dict[str, set[str]] = field(factory=dict)
    """Where each reason (today's code) was raised: ``stage_1``, ``stage_2``, ``stated``."""
    unknown_codes: set[str] = field(factory=set)
    outside_catalogue: set[str] = field(factory=set)
    conflicting: bool = False


@collector_paused
def _tally(
    records: Iterable[object] | Summaries, *, taxonomy: Taxonomy, period: Period, elements: Iterable[str]
) -> _Tally:
    """Count ``records`` (or their summaries) without suppression; ``elements`` are the catalogue's ids."""
    reading = summaries_of(records).read(_VIEW)
    known_elements = frozenset(elements)
    current = classifier(taxonomy)
    tally = _Tally(conflicting=bool(reading.conflicting))
    primary: dict[str, int] = {}
    mentioned: dict[str, int] = {}
    # Weights are summed as whole numbers of 1/scale, a denominator common to every weight.
    scale = _common_denominator(period)
    units_of: dict[tuple[bool, Influence | None, datetime.date, bool], int] = {}
    for departure_id, leaver in reading.leavers.items():
        if not period.contains(leaver.notice_on):
            continue
        tally.departures += 1
        tally.interviewed += leaver.interviewed
        answer = leaver.answer
        tally.preventable += answer is Answer.YES
        tally.answered += answer in (Answer.YES, Answer.NO)
        codes: list[str | None] = []  # today's codes, None for an unknown one
        seen: set[str] = set()  # a reason given twice (by two of its names, say) counts once
        for given in leaver.reasons:
            code = current(given)
            if code is None:
                tally.unknown_codes.add(given)
            if (code or given) not in seen:
                seen.add(code or given)
                codes.append(code)
        if not codes:
            continue
        tally.with_reasons += 1
        themes = [UNKNOWN_THEME[0] if code is None else taxonomy.at_level(code, 1) for code in codes]
        primary[themes[0]] = primary.get(themes[0], 0) + 1
        for theme in set(themes):
            mentioned[theme] = mentioned.get(theme, 0) + 1
        _count_stages(tally, leaver, taxonomy, current)
        preventable = answer is Answer.YES
        for index, code in enumerate(codes):
            if code is None:
                continue
            resolved = taxonomy.resolve(code)
            wanted = (index == 0, resolved.influence, leaver.notice_on, preventable)
            units = units_of.get(wanted)
            if units is None:
                units = units_of[wanted] = _units(period, scale, *wanted)
            if units == 0:
                continue
            for element_id in resolved.addressed_by:
                if element_id not in known_elements:
                    tally.outside_catalogue.add(element_id)
                    continue
                element = tally.elements.setdefault(element_id, _Element())
                element.units += units
                element.leavers.add(departure_id)
                element.code_units[code] = element.code_units.get(code, 0) + units
                element.reason_leavers.setdefault(code, set()).add(departure_id)
    for element in tally.elements.values():
        element.score = Fraction(element.units, scale)
        element.weights = {code: Fraction(units, scale) for code, units in element.code_units.items()}
    # Every live theme in the taxonomy's order (with its zeros), then any other theme used.
    rows = [r.code for r in taxonomy.roots() if r.is_live or r.code in mentioned]
    rows += [UNKNOWN_THEME[0]] if UNKNOWN_THEME[0] in mentioned else []
    tally.primary = {row: primary.get(row, 0) for row in rows}
    tally.mentioned = {row: mentioned.get(row, 0) for row in rows}
    return tally


def _count_stages(
    tally: _Tally, leaver: Leaver, taxonomy: Taxonomy, current: Callable[[str], str | None]
) -> None:
    """Count a departure once under each theme and each stage (or ``stated``) it gave a reason there."""
    cells = set()
    for given, where in leaver.sourced:
        code = current(given)
        if code is not None:
            tally.raised.setdefault(code, set()).add(where)
        cells.add((UNKNOWN_THEME[0] if code is None else taxonomy.at_level(code, 1), where))
    for cell in cells:
        tally.stages[cell] = tally.stages.get(cell, 0) + 1


def exit_insights(
    records: Iterable[object] | Summaries,
    *,
    catalogue: Catalogue,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    any_period: bool = False,
    log: PublicationLog | None = None,
) -> Insights:
    """Summarise why households whose notice falls in ``period`` left, with small counts suppressed.

    ``records`` is read once and may mix :class:`~fosterkit.Household`,
    :class:`~fosterkit.Departure`, :class:`~fosterkit.DataCollectionRecord` and
    :class:`~fosterkit.ExitProcess` objects in any order; other objects are passed over. A
    departure seen more than once counts once. In place of the records, the summaries of them
    (:func:`~fosterkit.analysis._summaries.summarise`) may be given, to share one reading with
    other analyses. ``threshold`` (3 to 10) is the largest count that is suppressed.

    Every count is suppressed exactly as :func:`~fosterkit.analysis.publish_tables` suppresses
    it for the same period (its default tables), in the same run: the insights and a
    publication can be set side by side. ``period`` must be a reporting period unless
    ``any_period``; ``log`` is the publication log, as for ``publish_tables``
    (:func:`exit_insights_with_log` gives it back with these counts added). The rules are set
    out in :mod:`fosterkit.analysis.exit_insights`.
    """
    return exit_insights_with_log(
        records,
        catalogue=catalogue,
        taxonomy=taxonomy,
        period=period,
        threshold=threshold,
        any_period=any_period,
        log=log,
    )[0]


def exit_insights_with_log(
    records: Iterable[object] | Summaries,
    *,
    catalogue: Catalogue,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    any_period: bool = False,
    log: PublicationLog | None = None,
) -> tuple[Insights, PublicationLog]:
    """:func:`exit_insights`, and the publication log with what they release added."""
    check_threshold(threshold)
    summaries = summaries_of(records)
    released, logged = released_counts(
        summaries, taxonomy=taxonomy, period=period, threshold=threshold, any_period=any_period, log=log
    )
    order = {element_id: i for i, (element_id, _title) in enumerate(_catalogue_elements(catalogue))}
    tally = _tally(summaries, taxonomy=taxonomy, period=period, elements=order)
    labels = {r.code: r.label for r in taxonomy.roots()}
    labels[UNKNOWN_THEME[0]] = UNKNOWN_THEME[1]
    themes = tuple(
        ThemeCount(
            code=code,
            label=labels[code],
            primary=released.main_theme(code),
            mentioned=released.any_theme(code),
        )
        for code in tally.primary
    )
    yes, no = released.preventable("yes"), released.preventable("no")
    base = SUPPRESSED if yes is SUPPRESSED or no is SUPPRESSED else yes + no
    insights = Insights(
        start=period.start,
        end=period.end,
        threshold=threshold,
        departures=released.departures(),
        interviewed=released.interviewed(),
        themes=themes,
        preventable=yes,
        preventable_base=base,
        preventable_percent=(
            None if yes is SUPPRESSED or base is SUPPRESSED or not base else 100 * yes / base
        ),
        elements=_ranked(tally, order, catalogue, taxonomy, released),
        stages=tuple(
            StageCount(
                code=theme.code,
                label=theme.label,
                **{
                    where: released.said_at(theme.code, where)
                    for where in (STAGE_1[0], STAGE_2[0], STATED[0])
                },
            )
            for theme in themes
        ),
        notes=_notes(
            period,
            threshold,
            unknown=len(tally.unknown_codes),
            conflicting=tally.conflicting,
            outside_catalogue=sorted(tally.outside_catalogue),
            without_reasons=tally.departures - tally.with_reasons,
        ),
    )
    return insights, logged


def _ranked(
    tally: _Tally,
    order: dict[str, int],
    catalogue: Catalogue,
    taxonomy: Taxonomy,
    released: ReleasedCounts,
) -> tuple[ElementInsight, ...]:
    elements = tally.elements
    titles = dict(_catalogue_elements(catalogue))
    scores = {element_id: float(round(element.score, 3)) for element_id, element in elements.items()}
    ranked = sorted((e for e in elements if scores[e] > 0), key=lambda e: (-scores[e], order[e]))
    return tuple(
        ElementInsight(
            element_id=element_id,
            title=titles[element_id],
            rank=rank,
            score=scores[element_id],
            leavers=released.addressed_by(element_id),
            reasons=tuple(
                ReasonCount(
                    code=code,
                    label=taxonomy.get(code).label,
                    leavers=released.reason(code),
                    raised_at=tuple(w for w in _PLACES if w in tally.raised.get(code, ())),
                )
                for code, _weight in sorted(
                    elements[element_id].weights.items(), key=lambda item: (-item[1], item[0])
                )
            ),
        )
        for rank, element_id in enumerate(ranked, start=1)
    )


def _notes(
    period: Period,
    threshold: int,
    *,
    unknown: int,
    conflicting: bool,
    outside_catalogue: list[str],
    without_reasons: int,
) -> tuple[str, ...]:
    notes = [
        f"Period: {period.label}, by the date notice was given. Departures with notice outside the "
        "period, and interview records about them, were left out.",
        f"Counts from 1 to {threshold} are suppressed and shown as [c], and further counts exactly as "
        "the publication for this period suppresses them, so that none can be worked out from this "
        "sheet, the publication or both together.",
        "Each reason weighs 1 if it is the main one and 0.5 if not, times the service's influence over "
        "it (yes 1, partly 0.5, no 0, not set 0.5), times 1.5 if the leaver said their leaving was "
        "preventable, times 0.5 to 1 by how late in the period notice was given. A principle or "
        "recommendation scores the sum of the weights of the reasons it addresses.",
        "Reasons are those given at either interview stage (a reason raised at stage 1 still counts when "
        "stage 2 says something else), else those stated when the household left; the main reason is the "
        "primary reason of the latest stage. 'Not sure' answers to whether leaving was preventable are "
        "left out of the preventable figures.",
        "What a carer said is used only if they consented to anonymised use; an interview without that "
        "consent counts as held, and the departure by the reasons stated on it.",
    ]
    if unknown:
        notes.append(
            f"{unknown} reason code{'s' if unknown != 1 else ''} not in the taxonomy "
            f"{'are' if unknown != 1 else 'is'} counted under '{UNKNOWN_THEME[1]}'."
        )
    if without_reasons:
        notes.append("Some departures have no reasons recorded; they are not in the theme counts.")
    if conflicting:
        notes.append(
            "Some departures appear more than once with different details; one version of each was used."
        )
    if outside_catalogue:
        notes.append(
            f"The taxonomy names {', '.join(outside_catalogue)}, which the catalogue does not hold; "
            "they are not ranked."
        )
    return tuple(notes)
