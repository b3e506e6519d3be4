"""Why leavers went, by theme of the taxonomy, broken down by who they were and across periods.

:func:`reason_themes` counts, for one period, how many departures gave each theme (or, at a
deeper ``level``, each reason) as their main reason and how many gave it at all, in columns
by service kind, leaving route, tenure band, placement type or whether the household was
caring. :func:`theme_trend` counts the same rows with one column per period. Both read a
stream of records once (households, departures, data collection records and exit processes
in any order and mix) into the summaries of :mod:`fosterkit.analysis._summaries`, or are given
those summaries; what they return has been through small-number suppression, and the counts
behind it are never returned.

Which reasons count for a departure
    As in :func:`~fosterkit.analysis.exit_insights`: those of both interview stages (a reason
    raised at stage 1 still counts when stage 2 says something else), each only from a record
    whose carer consented to anonymised use; with no such record, the reasons stated on the
    departure. The main reason is the primary reason of the stage 2 record if it gave one, else
    of stage 1, else the first stated, so each departure has one main reason and the main-reason
    table adds up. Codes are brought up to date with
    :meth:`~fosterkit.reasons.Taxonomy.migrate`; a code the taxonomy does not know counts in the
    row ``unknown``. A departure counts at most once in each row, however many of its reasons
    fall there.

Columns
    A departure falls in the column of its service's kind, its leaving route, or its tenure
    band (as in :mod:`fosterkit.analysis.rates`). For placement types it falls in the column of
    every type its household is approved for, so those columns may add up to more than the
    total. For caring, the household record says only whether a child lives there *now*
    (``Household.caring_now``), not whether one did when notice was given, and it holds no
    history of placements; the breakdown is only as good as that field when the record was
    taken. By approval kind, a departure falls in the column of its household's: mainstream or
    connected persons (family and friends). A departure whose household record is missing goes
    in the column ``unknown``.

By stage
    ``reason_themes(..., by_stage=True)`` shows where each reason came from: the stage 1
    interview, the stage 2 interview, or the departure record (stated). In the any-reason table
    a departure counts in the column of every stage at which it gave a reason in the row, so a
    reason raised at both stages counts in both and the columns may add up to more than the
    total; in the main-reason table it counts in the column its main reason came from. A
    column's departures are those that gave any reason there.

Suppression of a two-way table
    Each table is laid out with its row totals, column totals and grand total around it, and
    every row and every column of that layout, total included, is a sum that a reader could
    difference. Counts and totals from 1 to the threshold are hidden. Then, until nothing
    changes: in each row, then each column, in order, a line with exactly one hidden entry has
    its smallest shown non-zero entry hidden as well (a zero only if there is no other; the
    first in the line on a tie). The main-reason and any-reason tables share their column
    totals and grand total, so a total hidden in one is hidden in the other. This stops a hidden
    count being found by subtraction along a single row or column; it does not rule out every
    inference that could be drawn from several lines taken together.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable, Sequence

from attrs import define, field, frozen

from fosterkit._util import validators as v
from fosterkit._util.collector import collector_paused
from fosterkit.analysis._categories import (
    STAGE_COLUMNS,
    UNKNOWN_COLUMN,
    UNKNOWN_THEME,
    Breakdown,
    breakdown_columns,
    classifier,
    theme_rows,
)
from fosterkit.analysis._kept import Home, Leaver
from fosterkit.analysis._summaries import Summaries, View, summaries_of
from fosterkit.analysis.periods import Period
from fosterkit.analysis.suppression import (
    SUPPRESSED,
    Cell,
    Suppressed,
    check_count,
    check_threshold,
    suppress_grid,
)
from fosterkit.reasons import Taxonomy

__all__ = [
    "UNKNOWN_COLUMN",
    "Breakdown",
    "ThemeColumn",
    "ThemeRow",
    "ThemeTable",
    "ThemeTrend",
    "reason_themes",
    "suppress_grid",
    "theme_trend",
]

_count = check_count
_counts = [v.instance_of(tuple), v.items(_count)]


@frozen(kw_only=True)
class ThemeColumn:
    """A column of a theme table and its total (:data:`~fosterkit.analysis.SUPPRESSED` when suppressed)."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    leavers: int | Suppressed = field(validator=_count)
    """Departures in this column with at least one reason."""


@frozen(kw_only=True)
class ThemeRow:
    """A theme (or reason) and its counts, one per column; a suppressed count is ``SUPPRESSED``."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    primary: tuple[int | Suppressed, ...] = field(validator=_counts)
    """Departures whose main reason falls here, by column."""
    primary_total: int | Suppressed = field(validator=_count)
    """Departures whose main reason falls here, each once."""
    mentioned: tuple[int | Suppressed, ...] = field(validator=_counts)
    """Departures that gave a reason falling here at all, by column."""
    mentioned_total: int | Suppressed = field(validator=_count)
    """Departures that gave a reason falling here at all, each once."""


@frozen(kw_only=True)
class ThemeTable:
    """Departures with notice in one period by theme (or reason) and breakdown, suppressed."""

    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=v.instance_of(datetime.date))
    level: int = field(validator=v.instance_of(int))
    """1 for themes, 2 for the reasons under them, and so on."""
    breakdown: Breakdown = field(validator=v.instance_of(Breakdown))
    """``Breakdown.NONE`` for a table by stage."""
    threshold: int = field(validator=v.instance_of(int))
    """Counts from 1 up to this are suppressed."""
    columns: tuple[ThemeColumn, ...] = field(validator=v.tuple_of(ThemeColumn))
    rows: tuple[ThemeRow, ...] = field(validator=v.tuple_of(ThemeRow))
    leavers: int | Suppressed = field(validator=_count)
    """Departures with at least one reason, each once: the total of every ``primary_total``."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])
    by_stage: bool = field(default=False, validator=v.instance_of(bool))
    """Whether the columns are where the reasons came from: stage 1, stage 2, stated."""


@frozen(kw_only=True)
class ThemeTrend:
    """Departures by theme (or reason) with one column per period, suppressed."""

    periods: tuple[Period, ...] = field(validator=v.tuple_of(Period))
    level: int = field(validator=v.instance_of(int))
    threshold: int = field(validator=v.instance_of(int))
    columns: tuple[ThemeColumn, ...] = field(validator=v.tuple_of(ThemeColumn))
    """One per period, in the order given; the code is ``start/end`` in ISO form."""
    rows: tuple[ThemeRow, ...] = field(validator=v.tuple_of(ThemeRow))
    leavers: int | Suppressed = field(validator=_count)
    """Departures with at least one reason and notice in any of the periods, each once."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])


# -- the single pass ---------------------------------------------------------------------------


def _placed(home: Home) -> tuple[object, ...]:
    """What the themes read of a household: approval, service kind, placement types, caring, approval kind."""
    placements = tuple(p.value for p in home.approved_for)
    return (home.approved_on, home.kind.value, placements, home.caring_now, home.approval_kind.value)


#: The themes read a household's approval, kind, placement types, caring and approval kind, and all
#: of a departure.
_VIEW = View(home=_placed)


@define
class _Tally:
    """The counts before suppression; cells are keyed ``(row, column)``."""

    columns: list[tuple[str, str]]
    rows: list[tuple[str, str]] = field(factory=list)
    primary: dict[tuple[str, str], int] = field(factory=dict)
    mentioned: dict[tuple[str, str], int] = field(factory=dict)
    primary_totals: dict[str, int] = field(factory=dict)
    mentioned_totals: dict[str, int] = field(factory=dict)
    leavers: dict[str, int] = field(factory=dict)
    """Departures with at least one reason, by column."""
    total: int = 0
    """Departures with at least one reason, each once."""
    unknown_codes: set[str] = field(factory=set)
    without_reasons: int = 0
    missing_households: int = 0
    conflicting: bool = False


@collector_paused
def _tally(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    level: int,
    by: Breakdown,
    periods: Sequence[Period],
    trend: bool,
    by_stage: bool = False,
) -> _Tally:
    """Count ``records`` (or their summaries) without suppression.

    For a trend the columns are the periods; otherwise ``periods`` holds the one period and the
    columns come from ``by``, or are the stages each reason came from if ``by_stage``.
    """
    reading = summaries_of(records).read(_VIEW)
    row = classifier(taxonomy, level)
    period_columns = [(f"{p.start.isoformat()}/{p.end.isoformat()}", p.label) for p in periods]
    stages = list(STAGE_COLUMNS)
    columns_shown = period_columns if trend else stages if by_stage else breakdown_columns(by)
    tally = _Tally(columns=columns_shown, conflicting=bool(reading.conflicting))
    used: set[str] = set()
    for leaver in reading.leavers.values():
        if trend:
            columns = tuple(
                code
                for (code, _), p in zip(period_columns, periods, strict=True)
                if p.contains(leaver.notice_on)
            )
        elif periods[0].contains(leaver.notice_on):
            home = reading.homes.get(leaver.household_id)
            tally.missing_households += home is None
            columns = leaver.columns(by, home)
        else:
            columns = ()
        if not columns:
            continue
        found = [row(given) for given in leaver.reasons]
        tally.unknown_codes.update(
            given for given, code in zip(leaver.reasons, found, strict=True) if code is None
        )
        rows = list(dict.fromkeys(UNKNOWN_THEME[0] if code is None else code for code in found))
        if not rows:
            tally.without_reasons += 1
            continue
        tally.total += 1
        tally.primary_totals[rows[0]] = tally.primary_totals.get(rows[0], 0) + 1
        for code in rows:
            tally.mentioned_totals[code] = tally.mentioned_totals.get(code, 0) + 1
        if by_stage and not trend:
            _by_stage(tally, leaver, row, rows[0])
            continue
        for column in columns:
            used.add(column)
            tally.leavers[column] = tally.leavers.get(column, 0) + 1
            tally.primary[rows[0], column] = tally.primary.get((rows[0], column), 0) + 1
            for code in rows:
                tally.mentioned[code, column] = tally.mentioned.get((code, column), 0) + 1
    if UNKNOWN_COLUMN[0] in used and not trend:
        tally.columns.append(UNKNOWN_COLUMN)
    tally.rows = theme_rows(taxonomy, level, tally.mentioned_totals)
    return tally


def _by_stage(tally: _Tally, leaver: Leaver, row: Callable[[str], str | None], main: str) -> None:
    """Count a departure by where each of its reasons came from: its main reason's stage, each reason's."""
    source = leaver.main_source
    assert source is not None, "a departure with a reason has a main reason"
    tally.primary[main, source] = tally.primary.get((main, source), 0) + 1
    cells = {(row(given) or UNKNOWN_THEME[0], where) for given, where in leaver.sourced}
    for cell in cells:
        tally.mentioned[cell] = tally.mentioned.get(cell, 0) + 1
    for column in {where for _given, where in leaver.sourced}:
        tally.leavers[column] = tally.leavers.get(column, 0) + 1


# -- suppression -------------------------------------------------------------------------------


def _grid(tally: _Tally, cells: dict[tuple[str, str], int], totals: dict[str, int]) -> list[list[int]]:
    grid = [
        [cells.get((row, column), 0) for column, _label in tally.columns] + [totals.get(row, 0)]
        for row, _label in tally.rows
    ]
    grid.append([tally.leavers.get(column, 0) for column, _label in tally.columns] + [tally.total])
    return grid


def _publish(
    tally: _Tally, threshold: int
) -> tuple[tuple[ThemeColumn, ...], tuple[ThemeRow, ...], int | Suppressed]:
    """Suppress the main-reason and any-reason tables together; they share their bottom row."""
    primary = _grid(tally, tally.primary, tally.primary_totals)
    mentioned = _grid(tally, tally.mentioned, tally.mentioned_totals)
    bottom = len(tally.rows)
    shared: set[Cell] = set()
    while True:
        hide_primary = suppress_grid(primary, threshold, hidden=shared)
        hide_mentioned = suppress_grid(mentioned, threshold, hidden=shared)
        now = {cell for cell in hide_primary | hide_mentioned if cell[0] == bottom}
        if now == shared:
            break
        shared = now

    def shown(grid: list[list[int]], hide: set[Cell], i: int, j: int) -> int | Suppressed:
        return SUPPRESSED if (i, j) in hide else grid[i][j]

    width = len(tally.columns)
    columns = tuple(
        ThemeColumn(code=code, label=label, leavers=shown(primary, hide_primary, bottom, j))
        for j, (code, label) in enumerate(tally.columns)
    )
    rows = tuple(
        ThemeRow(
            code=code,
            label=label,
            primary=tuple(shown(primary, hide_primary, i, j) for j in range(width)),
            primary_total=shown(primary, hide_primary, i, width),
            mentioned=tuple(shown(mentioned, hide_mentioned, i, j) for j in range(width)),
            mentioned_total=shown(mentioned, hide_mentioned, i, width),
        )
        for i, (code, label) in enumerate(tally.rows)
    )
    return columns, rows, shown(primary, hide_primary, bottom, width)


# -- the public functions ----------------------------------------------------------------------


def _check_level(level: int) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or level < 1:
        raise ValueError(f"level must be a whole number from 1 (themes) up, not {level!r}")


def reason_themes(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    period: Period,
    level: int = 1,
    by: Breakdown = Breakdown.NONE,
    threshold: int = 5,
    by_stage: bool = False,
) -> ThemeTable:
    """Count the departures with notice in ``period`` by theme (or reason) and by ``by``, suppressed.

    ``records`` is read once and may mix :class:`~fosterkit.Household`,
    :class:`~fosterkit.Departure`, :class:`~fosterkit.DataCollectionRecord` and
    :class:`~fosterkit.ExitProcess` objects in any order; other objects are passed over. A record
    seen more than once counts once; the summaries of the records
    (:func:`~fosterkit.analysis._summaries.summarise`) may be given in their place. ``level`` 1
    gives a row per theme, 2 a row per reason under it, and so on. ``threshold`` (3 to 10) is
    the largest count that is suppressed; anything else raises ``ValueError``, as does a
    ``level`` below 1. With ``by_stage`` (and no other ``by``) the columns are where each
    reason came from: the stage 1 interview, the stage 2 interview, or stated on the departure.
    Periods usually are
    half-years of the April-to-March reporting year (:func:`~fosterkit.analysis.half_year`).
    The rules are set out in :mod:`fosterkit.analysis.themes`.
    """
    check_threshold(threshold)
    _check_level(level)
    if not isinstance(by, Breakdown):
        raise TypeError(f"by must be a Breakdown, not {by!r}")
    if by_stage and by is not Breakdown.NONE:
        raise ValueError(f"a table by stage has no other breakdown, not {by.value}")
    tally = _tally(
        records, taxonomy=taxonomy, level=level, by=by, periods=[period], trend=False, by_stage=by_stage
    )
    columns, rows, leavers = _publish(tally, threshold)
    return ThemeTable(
        start=period.start,
        end=period.end,
        level=level,
        breakdown=by,
        threshold=threshold,
        columns=columns,
        rows=rows,
        leavers=leavers,
        notes=_notes(
            tally,
            threshold,
            [f"Period: {period.label}, by the date notice was given."],
            by,
            by_stage=by_stage,
        ),
        by_stage=by_stage,
    )


def theme_trend(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    periods: Sequence[Period],
    level: int = 1,
    threshold: int = 5,
) -> ThemeTrend:
    """Count departures by theme (or reason) with one column per period, suppressed.

    ``periods`` (at least one, none overlapping another, such as consecutive half-years) are
    shown in the order given; a departure falls in the period its notice was given in. Records,
    ``level`` and ``threshold`` are as for :func:`reason_themes`, and the records are read once.
    """
    check_threshold(threshold)
    _check_level(level)
    periods = tuple(periods)
    if not periods:
        raise ValueError("a trend needs at least one period")
    by_start = sorted(periods, key=lambda p: p.start)
    for before, after in itertools.pairwise(by_start):
        if after.start <= before.end:
            raise ValueError(f"periods must not overlap: {before.label} and {after.label}")
    tally = _tally(records, taxonomy=taxonomy, level=level, by=Breakdown.NONE, periods=periods, trend=True)
    columns, rows, leavers = _publish(tally, threshold)
    return ThemeTrend(
        periods=periods,
        level=level,
        threshold=threshold,
        columns=columns,
        rows=rows,
        leavers=leavers,
        notes=_notes(
            tally, threshold, ["Each departure is counted in the period its notice was given in."], None
        ),
    )


#: How a departure's reasons are chosen, for the notes of every analysis that counts them.
_REASONS_NOTE = (
    "Reasons are those given at either interview stage (a reason raised at stage 1 still counts when "
    "stage 2 says something else), else those stated when the household left; the main reason is the "
    "primary reason of the latest stage. What a carer said is used only if they consented to "
    "anonymised use."
)

#: What the approval-kind columns are.
_APPROVAL_KIND_NOTE = (
    "Mainstream households and connected persons (family and friends approved for a particular "
    "child) are counted in separate columns; national figures for mainstream fostering compare "
    "only with the mainstream column."
)


def _notes(
    tally: _Tally, threshold: int, first: list[str], by: Breakdown | None, *, by_stage: bool = False
) -> tuple[str, ...]:
    notes = [
        *first,
        _REASONS_NOTE + " A departure counts once in each row.",
        f"Counts from 1 to {threshold} are suppressed and shown as [c], and further counts or totals are "
        "suppressed until no row or column has a single suppressed figure.",
    ]
    if by is Breakdown.PLACEMENT_TYPE:
        notes.append(
            "A household approved for several types of fostering is counted under each, so the columns "
            "can add up to more than the total."
        )
    if by_stage:
        notes.append(
            "By stage, a departure counts in the column of every stage at which it gave a reason in the "
            "row (a reason raised at both stages counts in both), so the columns can add up to more than "
            "the total; the main reason counts in the column it came from."
        )
    if by is Breakdown.APPROVAL_KIND:
        notes.append(_APPROVAL_KIND_NOTE)
    if by is Breakdown.CARING:
        notes.append(
            "Caring is whether a child lives with the household according to its record as it stands, "
            "not necessarily when notice was given."
        )
    if tally.missing_households and by not in (None, Breakdown.NONE, Breakdown.ROUTE):
        notes.append("Some departures have no household record; they are counted under 'Not known'.")
    if tally.unknown_codes:
        count = len(tally.unknown_codes)
        notes.append(
            f"{count} reason code{'s' if count != 1 else ''} not in the taxonomy "
            f"{'are' if count != 1 else 'is'} counted under '{UNKNOWN_THEME[1]}'."
        )
    if tally.without_reasons:
        notes.append("Some departures have no reasons recorded; they are not counted.")
    if tally.conflicting:
        notes.append(
            "Some records appear more than once with different details; one version of each was used."
        )
    return tuple(notes)
