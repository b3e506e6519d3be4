"""Figures to publish: aggregate tables only, suppressed together so no hidden count can be worked out.

:func:`publish_tables` reads a stream of records once and builds every table of a publication
for one period: departures by route, initiator, destination, tenure and preventability; main
and any reasons by theme, broken down by service kind, route, tenure band, placement type and
caring; a trend of themes over recent periods; carers' age bands (and, if asked for by name,
disability and ethnicity) only when more carers than the threshold have them recorded; and the
households at the start and approvals. No id, date of a record or free text reaches a table.

Every count is held under a key that says what it counts (the population and the conditions),
so a count shown in several tables (the departures by route are the column totals of the themes
by route, say) is one number, shown or hidden everywhere together. The sums a reader could use
are listed (``Publication.relations``): each row and column against its total where the
categories do not overlap, the routes against the initiator, the destinations against
transfers, the periods of the trend against the period itself. Suppression
(:func:`fosterkit.analysis.suppression.protect`) hides counts from 1 to the threshold and then
more, until no hidden non-zero count can be worked out exactly from what is shown by any
combination of those sums. Rates and shares are worked out only from shown counts.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.exit_insights import UNKNOWN_THEME, _answer, _Said
from fosterkit.analysis.periods import Period
from fosterkit.analysis.rates import (
    _ANSWER_ROW,
    _UNKNOWN_TENURE,
    AGE_LABELS,
    POSITIVE_THEME,
    PREVENTABLE_ROWS,
    TENURE_BANDS,
    _check_households,
    _Home,
    _home,
    _Summaries,
)
from fosterkit.analysis.suppression import check_threshold, protect
from fosterkit.analysis.themes import (
    UNKNOWN_COLUMN,
    Breakdown,
    _breakdown_columns,
    _columns_of,
    _reasons,
    _row_codes,
    _theme_home,
)
from fosterkit.analysis.themes import _Home as _ThemeHome
from fosterkit.errors import UnknownCodeError
from fosterkit.interviews.stages import InterviewStage
from fosterkit.reasons import Taxonomy
from fosterkit.records import DestinationKind, Household, LeavingRoute

__all__ = [
    "SPECIAL_CATEGORY_TABLES",
    "CellRef",
    "Figure",
    "Publication",
    "PublishedTable",
    "Relation",
    "TableLine",
    "Withheld",
    "publish_tables",
]

#: The special-category tables a caller may ask for by name; ``age_band`` is in by default.
SPECIAL_CATEGORY_TABLES = ("age_band", "disability", "ethnicity")

#: The code of every total row and column.
TOTAL = "total"

_NO_REASON = ("none", "No reason recorded")
_BREAKDOWN_DIMENSION = {
    Breakdown.SERVICE_KIND: ("service_kind", "Service kind"),
    Breakdown.ROUTE: ("route", "Leaving route"),
    Breakdown.TENURE_BAND: ("tenure", "Tenure band"),
    Breakdown.PLACEMENT_TYPE: ("placement_type", "Placement type"),
    Breakdown.CARING: ("caring", "Caring"),
}
_count = v.optional(v.non_negative)

#: What a count counts: the population, then its conditions as sorted ``(dimension, value)`` pairs.
_Key = tuple[str, tuple[tuple[str, str], ...]]


def _key(population: str, *conditions: tuple[str, str]) -> _Key:
    return (population, tuple(sorted(conditions)))


# -- the published shapes ----------------------------------------------------------------------


@frozen(kw_only=True)
class TableLine:
    """A row or column of a published table: its code and label (``total`` for totals)."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)


@frozen(kw_only=True)
class PublishedTable:
    """One aggregate table: counts by row and column, totals included, ``None`` where suppressed."""

    name: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    unit: str = field(validator=v.text)
    """What is counted: ``departures``, ``carers`` or ``households``."""
    row_heading: str = field(validator=v.text)
    column_heading: str = field(validator=v.text)
    rows: tuple[TableLine, ...] = field(validator=v.tuple_of(TableLine))
    columns: tuple[TableLine, ...] = field(validator=v.tuple_of(TableLine))
    counts: tuple[tuple[int | None, ...], ...] = field(validator=v.instance_of(tuple))
    """One tuple per row, one entry per column."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])

    def __attrs_post_init__(self) -> None:
        if len(self.counts) != len(self.rows) or any(len(line) != len(self.columns) for line in self.counts):
            raise ValueError(f"table {self.name}: counts must have one entry per row and column")

    def count(self, row: str, column: str = TOTAL) -> int | None:
        """The count at ``row`` and ``column`` (by code); ``KeyError`` if either is not in the table."""
        rows = [line.code for line in self.rows]
        columns = [line.code for line in self.columns]
        if row not in rows:
            raise KeyError(f"table {self.name} has no row {row!r}")
        if column not in columns:
            raise KeyError(f"table {self.name} has no column {column!r}")
        return self.counts[rows.index(row)][columns.index(column)]


@frozen(kw_only=True)
class CellRef:
    """Where a count is shown: a table's name, a row code and a column code."""

    table: str = field(validator=v.text)
    row: str = field(validator=v.text)
    column: str = field(validator=v.text)


@frozen(kw_only=True)
class Relation:
    """A sum a reader could form: ``total`` is the sum of ``parts``.

    A relation with one part says that two cells of the publication count the same thing.
    """

    total: CellRef = field(validator=v.instance_of(CellRef))
    parts: tuple[CellRef, ...] = field(validator=v.tuple_of(CellRef))


@frozen(kw_only=True)
class Figure:
    """A rate, share or count worked out from shown counts; ``None`` when any of them is suppressed."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    value: int | float | None = field(validator=v.instance_of((int, float, type(None))))
    unit: str = field(validator=v.text)
    """``count`` or ``percent``."""


@frozen(kw_only=True)
class Withheld:
    """A table left out of the publication, and why."""

    name: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    reason: str = field(validator=v.text)


@frozen(kw_only=True)
class Publication:
    """Every table of one publication, suppressed together; safe to publish as it is."""

    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=v.instance_of(datetime.date))
    period_label: str = field(validator=v.text)
    threshold: int = field(validator=v.instance_of(int))
    """Counts from 1 up to this are suppressed."""
    tables: tuple[PublishedTable, ...] = field(validator=v.tuple_of(PublishedTable))
    figures: tuple[Figure, ...] = field(validator=v.tuple_of(Figure))
    withheld: tuple[Withheld, ...] = field(validator=v.tuple_of(Withheld))
    relations: tuple[Relation, ...] = field(validator=v.tuple_of(Relation))
    """The sums a reader could form across all the tables; none of them fixes a hidden count."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])

    def table(self, name: str) -> PublishedTable:
        """The table called ``name``; ``KeyError`` (naming those there are) if there is none."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"no table {name!r}; the tables are {', '.join(t.name for t in self.tables)}")

    def figure(self, code: str) -> Figure:
        """The figure with ``code``; ``KeyError`` if there is none."""
        for figure in self.figures:
            if figure.code == code:
                return figure
        raise KeyError(f"no figure {code!r}")


# -- the single pass ---------------------------------------------------------------------------


@frozen
class _Both:
    """What is kept of a household: what rates and themes keep, and its carers' equality data."""

    rates: _Home
    theme: _ThemeHome
    carers: tuple[tuple[str, str, str], ...]
    """``(age band, disability, ethnicity)`` per carer, blank where not recorded, in a fixed order."""

    @property
    def key(self) -> tuple[object, ...]:
        return (self.rates.key, self.theme.key, self.carers)


def _both(household: Household) -> _Both:
    carers = []
    for carer in household.carers:
        data = carer.equality
        if data is None:
            carers.append(("", "", ""))
            continue
        carers.append(
            (
                "" if data.age_band is None else data.age_band.value,
                "" if data.disability is None else ("yes" if data.disability else "no"),
                " ".join((data.ethnicity or "").split()),
            )
        )
    return _Both(_home(household), _theme_home(household), tuple(sorted(carers)))


@frozen(kw_only=True)
class _Spec:
    """A table before suppression: every cell's key, and whether its lines add up."""

    name: str
    title: str
    unit: str
    row_heading: str
    column_heading: str
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    keys: tuple[tuple[_Key, ...], ...]
    rows_add_up: bool
    """Each unit falls in one row only, so the rows add up to the total row."""
    columns_add_up: bool
    notes: tuple[str, ...] = ()

    def sums(self) -> list[tuple[_Key, tuple[_Key, ...]]]:
        """``(total, parts)`` for each line that adds up; the last row and column are the totals."""
        result: list[tuple[_Key, tuple[_Key, ...]]] = []
        height, width = len(self.rows), len(self.columns)
        if self.columns_add_up and width > 1:
            result += [(line[-1], line[:-1]) for line in self.keys]
        if self.rows_add_up and height > 1:
            result += [
                (self.keys[-1][j], tuple(self.keys[i][j] for i in range(height - 1))) for j in range(width)
            ]
        return result


def _grid(
    name: str,
    title: str,
    *,
    unit: str,
    base: tuple[tuple[str, str], ...],
    row_dimension: tuple[str, str],
    rows: Sequence[tuple[str, str]],
    column_dimension: tuple[str, str] | None,
    columns: Sequence[tuple[str, str]],
    rows_add_up: bool,
    columns_add_up: bool,
    notes: tuple[str, ...] = (),
    population: str = "departures",
) -> _Spec:
    """A table of ``population`` by row (and column) with a total row (and column)."""
    row_dim, row_heading = row_dimension
    all_rows = (*rows, (TOTAL, "Total"))
    if column_dimension is None:
        keys = tuple(
            (_key(population, *base, *(() if r == TOTAL else ((row_dim, r),))),) for r, _label in all_rows
        )
        return _Spec(
            name=name,
            title=title,
            unit=unit,
            row_heading=row_heading,
            column_heading="Count",
            rows=all_rows,
            columns=(("count", "Count"),),
            keys=keys,
            rows_add_up=rows_add_up,
            columns_add_up=False,
            notes=notes,
        )
    col_dim, column_heading = column_dimension
    all_columns = (*columns, (TOTAL, "Total"))

    def cell(r: str, c: str) -> _Key:
        conditions = [*base]
        if r != TOTAL:
            conditions.append((row_dim, r))
        if c != TOTAL:
            conditions.append((col_dim, c))
        return _key(population, *conditions)

    return _Spec(
        name=name,
        title=title,
        unit=unit,
        row_heading=row_heading,
        column_heading=column_heading,
        rows=all_rows,
        columns=all_columns,
        keys=tuple(tuple(cell(r, c) for c, _ in all_columns) for r, _ in all_rows),
        rows_add_up=rows_add_up,
        columns_add_up=columns_add_up,
        notes=notes,
    )


def _code(period: Period) -> str:
    return f"{period.start.isoformat()}/{period.end.isoformat()}"


def _trend_periods(period: Period, count: int) -> list[Period]:
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].previous)
    return periods


def _name(value: str) -> str:
    return value.replace("_", " ").capitalize()


class _Counts:
    """Counts by key, each unit once per key."""

    def __init__(self) -> None:
        self.counts: Counter[_Key] = Counter()
        self.used: dict[str, set[str]] = {}
        """Values seen per dimension (for rows and columns that appear only when used)."""

    def unit(self, keys: Iterable[_Key]) -> None:
        self.counts.update(set(keys))

    def seen(self, dimension: str, value: str) -> str:
        self.used.setdefault(dimension, set()).add(value)
        return value


def publish_tables(
    records: Iterable[object],
    *,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] = tuple(_BREAKDOWN_DIMENSION),
) -> Publication:
    """Every table of a publication for ``period``, suppressed together so no hidden count can be recovered.

    ``records`` is read once and may mix households, departures, data collection records and
    exit processes in any order; a record seen twice counts once. Departures count in the period
    their notice was given in; reasons and preventability are read as in
    :func:`~fosterkit.analysis.reason_themes` and :func:`~fosterkit.analysis.retention_rates`.
    ``trend_periods`` (1 to 12) is how many periods of the same length, ending with ``period``,
    the trend shows. ``special_category`` names the equality tables wanted, from
    :data:`SPECIAL_CATEGORY_TABLES`; each is published only when more carers than the threshold
    have it recorded. ``breakdowns`` chooses the theme tables (all but ``Breakdown.NONE`` by
    default); fewer tables leave fewer counts to hide for a small service. ``threshold`` is 3 to
    10. A period with no records gives tables of zeros.
    """
    check_threshold(threshold)
    _check_households(households_at_start)
    if isinstance(trend_periods, bool) or not isinstance(trend_periods, int) or not 1 <= trend_periods <= 12:
        raise ValueError(f"trend_periods must be a whole number from 1 to 12, not {trend_periods!r}")
    wanted = tuple(dict.fromkeys(special_category))
    unknown = [name for name in wanted if name not in SPECIAL_CATEGORY_TABLES]
    if unknown or isinstance(special_category, str):
        raise ValueError(
            f"special_category names tables from {', '.join(SPECIAL_CATEGORY_TABLES)}, "
            f"not {special_category!r}"
        )

    chosen = tuple(dict.fromkeys(breakdowns))
    if any(by not in _BREAKDOWN_DIMENSION for by in chosen):
        raise ValueError(
            "breakdowns are chosen from "
            + ", ".join(by.value for by in _BREAKDOWN_DIMENSION)
            + f", not {breakdowns!r}"
        )
    summaries = _Summaries(_both)
    for record in records:
        summaries.add(record)
    periods = _trend_periods(period, trend_periods)
    here = _code(period)
    span = f"{periods[0].start.isoformat()}/{periods[-1].end.isoformat()}"
    counts = _Counts()
    themes: dict[str, str | None] = {}

    def theme_of(code: str) -> str:
        if code not in themes:
            try:
                themes[code] = taxonomy.at_level(taxonomy.migrate(code), 1)
            except UnknownCodeError:
                themes[code] = None
        found = themes[code]
        return counts.seen("theme", UNKNOWN_THEME[0] if found is None else found)

    for departure_id in sorted(summaries.departures):
        left = summaries.departures[departure_id]
        inside = [p for p in periods if p.contains(left.notice_on)]
        if not inside:
            continue
        stages = summaries.interviews.get(departure_id, {})
        given = list(dict.fromkeys(theme_of(code) for code in _reasons(left, stages)))
        main = given[0] if given else _NO_REASON[0]
        keys: list[_Key] = []
        for base in (("period", _code(inside[0])), ("period", span)):
            keys += [_key("departures", base), _key("departures", base, ("main_theme", main))]
            keys += [_key("departures", base, ("any_theme", t)) for t in given]
        if inside[0] != period:
            counts.unit(keys)
            continue
        at = ("period", here)
        both = summaries.homes.get(left.household_id)
        home = None if both is None else both.theme
        route = left.route.value
        keys += [
            _key("departures", at, ("route", route)),
            _key("departures", at, ("initiated", "service" if left.route.ended_by_service else "voluntary")),
            _key("departures", at, ("preventable", _prevented(stages))),
        ]
        if left.destination is not None:
            keys.append(_key("departures", at, ("route", route), ("destination", left.destination.value)))
        for by, (dimension, _heading) in _BREAKDOWN_DIMENSION.items():
            for column in _columns_of(by, left, home):
                counts.seen(dimension, column)
                keys += [
                    _key("departures", at, (dimension, column)),
                    _key("departures", at, (dimension, column), ("main_theme", main)),
                ]
                keys += [_key("departures", at, (dimension, column), ("any_theme", t)) for t in given]
        counts.unit(keys)
        if both is not None:
            for carer in both.carers:
                carer_keys = []
                for name, value in zip(SPECIAL_CATEGORY_TABLES, carer, strict=True):
                    if value:
                        counts.seen(name, value)
                        has = (f"has_{name}", "yes")
                        carer_keys += [_key("carers", at, has, (name, value)), _key("carers", at, has)]
                counts.counts.update(carer_keys)

    day_before = period.start - datetime.timedelta(days=1)
    for both in summaries.homes.values():
        home_keys = []
        if period.contains(both.rates.approved_on):
            home_keys.append(_key("households", ("approved_in", here)))
        if both.rates.approved_on <= day_before and (
            both.rates.left_on is None or both.rates.left_on > day_before
        ):
            home_keys.append(_key("households", ("at_start", here)))
        counts.unit(home_keys)
    if households_at_start is not None:
        counts.counts[_key("households", ("at_start", here))] = households_at_start

    specs, withheld = _specs(
        taxonomy, period, periods, counts, threshold=threshold, wanted=wanted, span=span, chosen=chosen
    )
    sums = [s for spec in specs for s in spec.sums()]
    sums += _cross_sums(here)
    shown_keys = {key for spec in specs for line in spec.keys for key in line}
    values = {key: counts.counts.get(key, 0) for key in shown_keys}
    sums = [(total, parts) for total, parts in sums if total in values and all(p in values for p in parts)]
    headline = [_key("departures", ("period", here)), _key("households", ("at_start", here))]
    hidden = protect(values, sums, threshold, keep=headline)
    tables = tuple(_table(spec, values, hidden) for spec in specs)
    publication_tables = {t.name: t for t in tables}
    return Publication(
        start=period.start,
        end=period.end,
        period_label=period.label,
        threshold=threshold,
        tables=tables,
        figures=_figures(publication_tables),
        withheld=tuple(withheld),
        relations=_relations(specs, sums),
        notes=_notes(threshold, households_at_start is not None, summaries, periods),
    )


def _prevented(stages: dict[InterviewStage, _Said]) -> str:
    answer = _answer(stages)
    return "not_asked" if answer is None else _ANSWER_ROW[answer]


def _cross_sums(here: str) -> list[tuple[_Key, tuple[_Key, ...]]]:
    """Sums that join tables: routes make up each initiator, and the routes make up the whole."""
    at = ("period", here)
    voluntary = tuple(
        _key("departures", at, ("route", r.value)) for r in LeavingRoute if not r.ended_by_service
    )
    service = tuple(_key("departures", at, ("route", r.value)) for r in LeavingRoute if r.ended_by_service)
    return [
        (_key("departures", at, ("initiated", "voluntary")), voluntary),
        (_key("departures", at, ("initiated", "service")), service),
    ]


def _theme_rows(taxonomy: Taxonomy, counts: _Counts) -> list[tuple[str, str]]:
    shown = _row_codes(taxonomy, 1)
    used = counts.used.get("theme", set())
    extra = used - set(shown) - {UNKNOWN_THEME[0]}
    shown += [r.code for r in taxonomy.walk() if r.code in extra]
    rows = [(code, taxonomy.get(code).label) for code in shown]
    return rows + ([UNKNOWN_THEME] if UNKNOWN_THEME[0] in used else [])


def _specs(
    taxonomy: Taxonomy,
    period: Period,
    periods: Sequence[Period],
    counts: _Counts,
    *,
    threshold: int,
    wanted: Sequence[str],
    span: str,
    chosen: Sequence[Breakdown],
) -> tuple[list[_Spec], list[Withheld]]:
    here = _code(period)
    at = (("period", here),)
    specs = [
        _Spec(
            name="summary",
            title="Households and departures",
            unit="households and departures",
            row_heading="Measure",
            column_heading="Count",
            rows=(
                ("households_at_start", "Approved households at the start of the period"),
                ("approvals", "Households approved in the period"),
                ("departures", "Departures (notice given in the period)"),
            ),
            columns=(("count", "Count"),),
            keys=(
                (_key("households", ("at_start", here)),),
                (_key("households", ("approved_in", here)),),
                (_key("departures", *at),),
            ),
            rows_add_up=False,
            columns_add_up=False,
        ),
        _grid(
            "route",
            "Departures by leaving route",
            unit="departures",
            base=at,
            row_dimension=("route", "Leaving route"),
            rows=[(r.value, _name(r.value)) for r in LeavingRoute],
            column_dimension=None,
            columns=(),
            rows_add_up=True,
            columns_add_up=False,
        ),
        _grid(
            "initiated",
            "Departures the carer chose and departures ended by the service",
            unit="departures",
            base=at,
            row_dimension=("initiated", "Who ended the approval"),
            rows=[("voluntary", "The carer (resignation, retirement, transfer)"), ("service", "The service")],
            column_dimension=None,
            columns=(),
            rows_add_up=True,
            columns_add_up=False,
        ),
        _grid(
            "destination",
            "Transfers to other fostering services, by kind of service",
            unit="departures",
            base=(*at, ("route", LeavingRoute.TRANSFER.value)),
            row_dimension=("destination", "Kind of service"),
            rows=[(d.value, _name(d.value)) for d in DestinationKind],
            column_dimension=None,
            columns=(),
            rows_add_up=True,
            columns_add_up=False,
        ),
        _grid(
            "tenure",
            "Departures by years from approval to leaving",
            unit="departures",
            base=at,
            row_dimension=("tenure", "Tenure"),
            rows=[(code, label) for code, label, _years in TENURE_BANDS] + [_UNKNOWN_TENURE],
            column_dimension=None,
            columns=(),
            rows_add_up=True,
            columns_add_up=False,
            notes=("Under 1 year is early attrition: leaving within 12 months of approval.",),
        ),
        _grid(
            "preventable",
            "Departures by whether the leaver said leaving could have been prevented",
            unit="departures",
            base=at,
            row_dimension=("preventable", "Could it have been prevented?"),
            rows=list(PREVENTABLE_ROWS),
            column_dimension=None,
            columns=(),
            rows_add_up=True,
            columns_add_up=False,
        ),
    ]
    theme_rows = _theme_rows(taxonomy, counts)
    for by in chosen:
        dimension, heading = _BREAKDOWN_DIMENSION[by]
        columns = _breakdown_columns(by)
        if UNKNOWN_COLUMN[0] in counts.used.get(dimension, set()) and by is not Breakdown.ROUTE:
            columns.append(_UNKNOWN_TENURE if by is Breakdown.TENURE_BAND else UNKNOWN_COLUMN)
        several = by is Breakdown.PLACEMENT_TYPE
        extra = ("A household approved for several types of fostering counts under each.",) if several else ()
        specs.append(
            _grid(
                f"main_theme_by_{dimension}",
                f"Departures by theme of the main reason and {heading.lower()}",
                unit="departures",
                base=at,
                row_dimension=("main_theme", "Theme of the main reason"),
                rows=[*theme_rows, _NO_REASON],
                column_dimension=(dimension, heading),
                columns=columns,
                rows_add_up=True,
                columns_add_up=not several,
                notes=extra,
            )
        )
        specs.append(
            _grid(
                f"any_theme_by_{dimension}",
                f"Departures giving any reason under each theme, by {heading.lower()}",
                unit="departures",
                base=at,
                row_dimension=("any_theme", "Theme of any reason given"),
                rows=theme_rows,
                column_dimension=(dimension, heading),
                columns=columns,
                rows_add_up=False,
                columns_add_up=not several,
                notes=(
                    "A departure counts once in each theme it gave a reason under, so rows overlap.",
                    *extra,
                ),
            )
        )
    trend_columns = [(_code(p), p.label) for p in periods]
    for dimension, title, rows, add_up in (
        (
            "main_theme",
            "Departures by theme of the main reason, period by period",
            [*theme_rows, _NO_REASON],
            True,
        ),
        ("any_theme", "Departures giving any reason under each theme, period by period", theme_rows, False),
    ):
        specs.append(
            _Spec(
                name=f"{dimension}_trend",
                title=title,
                unit="departures",
                row_heading="Theme",
                column_heading="Period",
                rows=(*rows, (TOTAL, "Total")),
                columns=(*trend_columns, (TOTAL, "All these periods")),
                keys=tuple(
                    tuple(
                        _key("departures", ("period", c), *(() if r == TOTAL else ((dimension, r),)))
                        for c in [*(code for code, _ in trend_columns), span]
                    )
                    for r in [*(code for code, _ in rows), TOTAL]
                ),
                rows_add_up=add_up,
                columns_add_up=True,
            )
        )
    withheld = []
    for name in wanted:
        title = f"Carers in leaving households by {name.replace('_', ' ')}"
        has = (f"has_{name}", "yes")
        recorded = counts.counts.get(_key("carers", *at, has), 0)
        if recorded <= threshold:
            withheld.append(
                Withheld(
                    name=f"carers_by_{name}",
                    title=title,
                    reason=f"{threshold} or fewer carers in leaving households have it recorded"
                    if recorded
                    else "no carer in a leaving household has it recorded",
                )
            )
            continue
        specs.append(
            _grid(
                f"carers_by_{name}",
                title,
                unit="carers",
                base=(*at, has),
                row_dimension=(name, _name(name)),
                rows=_special_rows(name, counts),
                column_dimension=None,
                columns=(),
                rows_add_up=True,
                columns_add_up=False,
                population="carers",
                notes=("Special-category data: only carers with it recorded are counted.",),
            )
        )
    return specs, withheld


def _special_rows(name: str, counts: _Counts) -> list[tuple[str, str]]:
    if name == "age_band":
        return [(band.value, label) for band, label in AGE_LABELS.items()]
    if name == "disability":
        return [("yes", "Disabled"), ("no", "Not disabled")]
    return [(value, value) for value in sorted(counts.used.get(name, set()), key=str.casefold)]


def _table(spec: _Spec, values: dict[_Key, int], hidden: set[_Key]) -> PublishedTable:
    return PublishedTable(
        name=spec.name,
        title=spec.title,
        unit=spec.unit,
        row_heading=spec.row_heading,
        column_heading=spec.column_heading,
        rows=tuple(TableLine(code=c, label=label) for c, label in spec.rows),
        columns=tuple(TableLine(code=c, label=label) for c, label in spec.columns),
        counts=tuple(tuple(None if key in hidden else values[key] for key in line) for line in spec.keys),
        notes=spec.notes,
    )


def _relations(specs: Sequence[_Spec], sums: Sequence[tuple[_Key, tuple[_Key, ...]]]) -> tuple[Relation, ...]:
    places: dict[_Key, list[CellRef]] = {}
    for spec in specs:
        for (r, _), line in zip(spec.rows, spec.keys, strict=True):
            for (c, _), key in zip(spec.columns, line, strict=True):
                places.setdefault(key, []).append(CellRef(table=spec.name, row=r, column=c))
    relations = [Relation(total=places[t][0], parts=tuple(places[p][0] for p in parts)) for t, parts in sums]
    for refs in places.values():
        relations += [Relation(total=refs[0], parts=(ref,)) for ref in refs[1:]]
    return tuple(relations)


def _percent(part: int | None, whole: int | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return round(100 * part / whole, 1)


def _figures(tables: dict[str, PublishedTable]) -> tuple[Figure, ...]:
    summary = tables["summary"]
    at_start = summary.count("households_at_start", "count")
    approvals = summary.count("approvals", "count")
    departures = summary.count("departures", "count")
    route = tables["route"]
    tenure = tables["tenure"]
    preventable = tables["preventable"]
    yes, no = preventable.count("yes", "count"), preventable.count("no", "count")
    positive = tables["main_theme_trend"].count(POSITIVE_THEME, tables["main_theme_trend"].columns[-2].code)
    early = tenure.count(TENURE_BANDS[0][0], "count")
    unknown = tenure.count(_UNKNOWN_TENURE[0], "count")
    judged = None if departures is None or unknown is None else departures - unknown
    return (
        Figure(
            code="net_change",
            label="Approvals less departures",
            value=_minus(approvals, departures),
            unit="count",
        ),
        Figure(
            code="leaving_rate",
            label="Departures per 100 households at the start",
            value=_percent(departures, at_start),
            unit="percent",
        ),
        Figure(
            code="voluntary_share",
            label="Departures the carer chose, per cent",
            value=_percent(tables["initiated"].count("voluntary", "count"), departures),
            unit="percent",
        ),
        Figure(
            code="preventable_share",
            label="Said preventable, per cent of those answering yes or no",
            value=_percent(yes, None if yes is None or no is None else yes + no),
            unit="percent",
        ),
        Figure(
            code="positive_share",
            label="Positive endings (the child found permanence), per cent",
            value=_percent(positive, departures),
            unit="percent",
        ),
        Figure(
            code="early_attrition_share",
            label="Left within 12 months of approval, per cent of those with a known tenure",
            value=_percent(early, judged),
            unit="percent",
        ),
        Figure(
            code="transfer_share",
            label="Transfers to other services, per cent",
            value=_percent(route.count(LeavingRoute.TRANSFER.value, "count"), departures),
            unit="percent",
        ),
    )


def _minus(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def _notes(
    threshold: int, supplied: bool, summaries: _Summaries[_Both], periods: Sequence[Period]
) -> tuple[str, ...]:
    notes = [
        "Departures are counted in the period notice was given in; approvals by the date of approval.",
        "Reasons are those of the stage 2 interview where there is one, else stage 1, else those stated "
        "when the household left; the first is the main reason.",
        f"Counts from 1 to {threshold} are suppressed and shown as [c]. Further counts are suppressed "
        "until no suppressed count can be worked out from the published ones, across every table here.",
        "Rates and shares use only published counts.",
        "Households at the start were "
        + ("supplied by the service." if supplied else "counted from the household records."),
    ]
    if len(periods) > 1:
        notes.append(f"The trend shows {len(periods)} periods of the same length, the last being this one.")
    if summaries.conflicting:
        notes.append(
            "Some records appear more than once with different details; one version of each was used."
        )
    return tuple(notes)
