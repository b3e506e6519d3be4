"""The tables of a publication laid out from their specifications: every cell's key, and the sums that hold.

:func:`lay_out` turns :data:`~fosterkit.analysis.publication._specs.TABLES` into a
:class:`Layout` per table published (and a :class:`~fosterkit.analysis.publication.Withheld`
per special-category table left out), with the rows and columns the taxonomy, the breakdowns,
the periods and the counts give. A layout knows which of its lines add up (:meth:`Layout.sums`);
:func:`cross_sums` adds the sums that join tables, and :func:`relations` says where each count
of those sums is shown, for a reader of the publication.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from attrs import frozen

from fosterkit.analysis._categories import UNKNOWN_COLUMN, breakdown_columns, label, theme_rows
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._counts import (
    NO_REASON,
    Counts,
    Key,
    key,
    national_sums,
    period_code,
    take_up_sums,
)
from fosterkit.analysis.publication._models import (
    TOTAL,
    CellRef,
    PublishedTable,
    Relation,
    TableLine,
    Withheld,
)
from fosterkit.analysis.publication._specs import (
    KINDS,
    MEASURES,
    NOT_CODED,
    RESPONSE_COLUMNS,
    SAID_AT,
    TABLES,
    UNKNOWN_KIND,
    WHERE_RAISED,
    BreakdownColumns,
    Columns,
    Lines,
    Per,
    Rows,
    SpecialCategory,
    TableSpec,
)
from fosterkit.analysis.suppression import SUPPRESSED
from fosterkit.reasons import Taxonomy
from fosterkit.records import LeavingRoute

__all__ = ["Layout", "Sum", "cross_sums", "lay_out", "relations"]

#: A sum a reader could form: ``(total, parts)``.
Sum = tuple[Key, tuple[Key, ...]]

#: A line of a table and the condition its cells meet (``None`` for a total that adds none).
_Line = tuple[str, str, tuple[str, str] | None]


@frozen(kw_only=True)
class Layout:
    """A table before suppression: every cell's key, and whether its lines add up."""

    name: str
    title: str
    unit: str
    row_heading: str
    column_heading: str
    rows: Lines
    columns: Lines
    keys: tuple[tuple[Key, ...], ...]
    rows_add_up: bool
    """Each unit falls in one row only, so the rows add up to the total row."""
    columns_add_up: bool
    notes: tuple[str, ...] = ()
    loose: tuple[int, ...] = ()
    """Columns (by index) whose rows, as counted, do not add up to the total row: no sum is given."""

    def sums(self) -> list[Sum]:
        """``(total, parts)`` for each line that adds up; the last row and column are the totals."""
        result: list[Sum] = []
        height, width = len(self.rows), len(self.columns)
        if self.columns_add_up and width > 1:
            result += [(line[-1], line[:-1]) for line in self.keys]
        if self.rows_add_up and height > 1:
            result += [
                (self.keys[-1][j], tuple(self.keys[i][j] for i in range(height - 1)))
                for j in range(width)
                if j not in self.loose
            ]
        return result

    def table(self, values: dict[Key, int], hidden: set[Key]) -> PublishedTable:
        """The published table: each cell's count from ``values``, ``SUPPRESSED`` where ``hidden``."""
        return PublishedTable(
            name=self.name,
            title=self.title,
            unit=self.unit,
            row_heading=self.row_heading,
            column_heading=self.column_heading,
            rows=tuple(TableLine(code=c, label=name) for c, name in self.rows),
            columns=tuple(TableLine(code=c, label=name) for c, name in self.columns),
            counts=tuple(tuple(SUPPRESSED if k in hidden else values[k] for k in line) for line in self.keys),
            notes=self.notes,
        )


@frozen(kw_only=True)
class _Setting:
    """What the tables of one publication are laid out from, besides their specifications."""

    taxonomy: Taxonomy
    period: Period
    periods: Sequence[Period]
    counts: Counts
    threshold: int


def lay_out(
    taxonomy: Taxonomy,
    period: Period,
    periods: Sequence[Period],
    counts: Counts,
    *,
    threshold: int,
    chosen: Sequence[BreakdownColumns],
    wanted: Sequence[SpecialCategory],
) -> tuple[list[Layout], list[Withheld]]:
    """Lay out every table for ``period``, in order, and say which are withheld.

    The trend runs over ``periods``; the theme tables are repeated for each of the ``chosen``
    breakdowns and the special-category table for each category ``wanted``. A special-category
    table is withheld unless more carers than the ``threshold`` have the category recorded.
    """
    setting = _Setting(taxonomy=taxonomy, period=period, periods=periods, counts=counts, threshold=threshold)
    layouts: list[Layout] = []
    withheld: list[Withheld] = []
    for per, group in itertools.groupby(TABLES, key=lambda spec: spec.per):
        specs = list(group)
        if per is Per.PUBLICATION:
            layouts += [_layout(spec, setting) for spec in specs]
        elif per is Per.BREAKDOWN:
            layouts += [_layout(spec, setting, breakdown=by) for by in chosen for spec in specs]
        else:
            for category in wanted:
                for spec in specs:
                    found = _special(spec, setting, category)
                    if isinstance(found, Withheld):
                        withheld.append(found)
                    else:
                        layouts.append(found)
    return layouts, withheld


def _special(spec: TableSpec, setting: _Setting, category: SpecialCategory) -> Layout | Withheld:
    """A special-category table, or why it is withheld."""
    layout = _layout(spec, setting, category=category)
    at = ("period", period_code(setting.period))
    recorded = setting.counts.counts.get(key("carers", at, (f"has_{category.name}", "yes")), 0)
    if recorded > setting.threshold:
        return layout
    reason = (
        f"{setting.threshold} or fewer carers in leaving households have it recorded"
        if recorded
        else "no carer in a leaving household has it recorded"
    )
    return Withheld(name=layout.name, title=layout.title, reason=reason)


def _layout(
    spec: TableSpec,
    setting: _Setting,
    *,
    breakdown: BreakdownColumns | None = None,
    category: SpecialCategory | None = None,
) -> Layout:
    """The layout of one table, for one ``breakdown`` or ``category`` if it is repeated."""
    fill = {}
    if breakdown is not None:
        fill = {"dimension": breakdown.dimension, "heading": breakdown.heading.lower()}
    if category is not None:
        words = category.name.replace("_", " ")
        fill = {"category": category.name, "category_words": words, "category_label": label(category.name)}
    name, title, row_dimension = (text.format(**fill) for text in (spec.name, spec.title, spec.row_dimension))
    conditions = tuple((d.format(**fill), value.format(**fill)) for d, value in spec.conditions)
    rows = _rows(spec.rows, setting, category)
    if spec.rows is Rows.MEASURES:
        return Layout(
            name=name,
            title=title,
            unit=spec.unit,
            row_heading=spec.row_heading.format(**fill),
            column_heading="Count",
            rows=rows,
            columns=(("count", "Count"),),
            keys=tuple((key(m.population, (m.dimension, period_code(setting.period))),) for m in MEASURES),
            rows_add_up=False,
            columns_add_up=False,
            notes=spec.notes,
        )
    if spec.columns is Columns.MEASURES:
        return _by_measure(spec, setting, rows)
    if spec.columns is not Columns.PERIODS:
        conditions = ((spec.period_dimension, period_code(setting.period)), *conditions)
    if spec.columns is Columns.YES_NO:
        return _by_answer(spec, rows, conditions)
    heading, columns = _columns(spec.columns, setting, breakdown)
    row_lines: list[_Line] = [(code, text, (row_dimension, code)) for code, text in rows]
    if spec.total_row:
        row_lines.append((TOTAL, "Total", None))
    return Layout(
        name=name,
        title=title,
        unit=spec.unit,
        row_heading=spec.row_heading.format(**fill),
        column_heading=heading,
        rows=tuple((code, text) for code, text, _where in row_lines),
        columns=tuple((code, text) for code, text, _where in columns),
        keys=tuple(
            tuple(key(spec.population, *conditions, *_where(r), *_where(c)) for c in columns)
            for r in row_lines
        ),
        rows_add_up=spec.rows_add_up and spec.total_row,
        columns_add_up=spec.columns_add_up and not (breakdown is not None and breakdown.overlapping),
        notes=spec.notes + (() if breakdown is None else breakdown.notes),
    )


def _by_measure(spec: TableSpec, setting: _Setting, rows: Lines) -> Layout:
    """A table whose columns are the measures of the summary table, split by its rows, then their total.

    The total row holds the summary's own counts, so each column adds up to the figure the summary
    publishes. A column whose parts, as counted, do not add up to it (households at the start
    supplied by the service, against those counted from the records by kind) declares no sum, as
    one that does not hold is no use to a reader, and says so in a note.
    """
    here = period_code(setting.period)
    lines: list[_Line] = [(code, text, (spec.row_dimension, code)) for code, text in rows]
    lines.append((TOTAL, "Total", None))
    keys = tuple(
        tuple(key(m.population, (m.dimension, here), *_where(line)) for m in MEASURES) for line in lines
    )
    counted = setting.counts.counts
    loose = tuple(
        j
        for j in range(len(MEASURES))
        if counted.get(keys[-1][j], 0) != sum(counted.get(line[j], 0) for line in keys[:-1])
    )
    notes = spec.notes + tuple(
        f"{MEASURES[j].heading}: the total was supplied by the service, while the rows are counted from "
        "the records, so they need not add up to it."
        for j in loose
    )
    return Layout(
        name=spec.name,
        title=spec.title,
        unit=spec.unit,
        row_heading=spec.row_heading,
        column_heading="Measure",
        rows=tuple((code, text) for code, text, _where in lines),
        columns=tuple((m.code, m.heading) for m in MEASURES),
        keys=keys,
        rows_add_up=spec.rows_add_up,
        columns_add_up=False,
        notes=notes,
        loose=loose,
    )


def _by_answer(spec: TableSpec, rows: Lines, conditions: tuple[tuple[str, str], ...]) -> Layout:
    """A table of questions answered yes or no for each unit: each row's yes and no add up to its total.

    Every row's total is the same count, of the units meeting ``conditions`` (the period's among them).
    """
    answers = (("yes", "Yes"), ("no", "No"))
    keys = tuple(
        (
            *(key(spec.population, *conditions, (code, answer)) for answer, _label in answers),
            key(spec.population, *conditions),
        )
        for code, _text in rows
    )
    return Layout(
        name=spec.name,
        title=spec.title,
        unit=spec.unit,
        row_heading=spec.row_heading,
        column_heading="Answer",
        rows=rows,
        columns=(*answers, (TOTAL, "Total")),
        keys=keys,
        rows_add_up=False,
        columns_add_up=True,
        notes=spec.notes,
    )


def _where(line: _Line) -> Iterator[tuple[str, str]]:
    if line[2] is not None:
        yield line[2]


def _rows(rows: Lines | Rows, setting: _Setting, category: SpecialCategory | None) -> Lines:
    """The rows of a table, without its total row."""
    if not isinstance(rows, Rows):
        return rows
    if rows is Rows.MEASURES:
        return tuple((m.code, m.label) for m in MEASURES)
    if rows is Rows.APPROVAL_KINDS:
        unknown_used = UNKNOWN_KIND[0] in setting.counts.used.get("approval_kind", set())
        return (*KINDS, UNKNOWN_KIND) if unknown_used else KINDS
    if rows is Rows.SPECIAL:
        assert category is not None, "a special-category table is laid out for a category"
        if category.rows is not None:
            return category.rows
        used = setting.counts.used.get(category.name, set())
        return tuple((value, value) for value in sorted(used, key=str.casefold))
    if rows is Rows.SUGGESTION_THEMES:
        used = setting.counts.used.get("suggestion_theme", set()) - {NOT_CODED[0]}
        return (*theme_rows(setting.taxonomy, 1, used), NOT_CODED)
    themes = tuple(theme_rows(setting.taxonomy, 1, setting.counts.used.get("theme", set())))
    return themes if rows is Rows.THEMES else (*themes, NO_REASON)


def _columns(
    columns: Columns, setting: _Setting, breakdown: BreakdownColumns | None
) -> tuple[str, list[_Line]]:
    """The heading and columns of a table, with the condition of each column's cells."""
    if columns is Columns.COUNT:
        return "Count", [("count", "Count", None)]
    if columns is Columns.PERIODS:  # no column for all the periods: it would move on with every release
        return "Period", [(period_code(p), p.label, ("period", period_code(p))) for p in setting.periods]
    if columns is Columns.STAGES:  # no total: a departure may raise a theme in several places
        return "Where the reason was raised", [(code, text, (SAID_AT, code)) for code, text in WHERE_RAISED]
    if columns is Columns.RESPONSES:
        lines = [(code, text, ("response", code)) for code, text in RESPONSE_COLUMNS]
        return "What became of it", [*lines, (TOTAL, "Total", None)]
    assert breakdown is not None, "a table by a breakdown is laid out for a breakdown"
    found = breakdown_columns(breakdown.by)
    if UNKNOWN_COLUMN[0] in setting.counts.used.get(breakdown.dimension, set()):
        found.append(UNKNOWN_COLUMN)
    lines = [(code, text, (breakdown.dimension, code)) for code, text in found]
    return breakdown.heading, [*lines, (TOTAL, "Total", None)]


def cross_sums(here: str) -> list[Sum]:
    """Sums that join tables: the routes the carer chose make up ``voluntary``, the rest ``service``.

    A national category that one route alone decides is that route's count (:func:`national_sums`),
    and those that held exit stage 1 are those that held both stages and stage 1 only (:func:`take_up_sums`).
    """
    at = ("period", here)
    voluntary = tuple(
        key("departures", at, ("route", r.value)) for r in LeavingRoute if not r.ended_by_service
    )
    service = tuple(key("departures", at, ("route", r.value)) for r in LeavingRoute if r.ended_by_service)
    return [
        (key("departures", at, ("initiated", "voluntary")), voluntary),
        (key("departures", at, ("initiated", "service")), service),
        *national_sums(here),
        *take_up_sums(here),
    ]


def relations(layouts: Sequence[Layout], sums: Sequence[Sum]) -> tuple[Relation, ...]:
    """Each sum as the cells that show its counts (the first of each), then each count shown twice."""
    places: dict[Key, list[CellRef]] = {}
    for layout in layouts:
        for (r, _), line in zip(layout.rows, layout.keys, strict=True):
            for (c, _), k in zip(layout.columns, line, strict=True):
                places.setdefault(k, []).append(CellRef(table=layout.name, row=r, column=c))
    found = [Relation(total=places[t][0], parts=tuple(places[p][0] for p in parts)) for t, parts in sums]
    for refs in places.values():
        found += [Relation(total=refs[0], parts=(ref,)) for ref in refs[1:]]
    return tuple(found)
