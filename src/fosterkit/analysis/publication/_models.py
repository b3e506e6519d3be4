"""The shapes of a publication: its tables, the cells they share, the figures and the tables withheld.

Every count in them has been through suppression already (``SUPPRESSED`` where it is hidden), so a
:class:`Publication` can be written out as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.suppression import SUPPRESSED, Suppressed, check_count

__all__ = [
    "TOTAL",
    "CellRef",
    "Figure",
    "Publication",
    "PublishedChange",
    "PublishedTable",
    "Relation",
    "TableLine",
    "Withheld",
]

#: The code of every total row and column.
TOTAL = "total"


def _line_of_counts(instance: object, attribute: Any, value: object) -> None:
    v.instance_of(tuple)(instance, attribute, value)
    v.items(check_count)(instance, attribute, value)  # type: ignore[arg-type]  # a tuple, checked above


def _figure_value(instance: object, attribute: Any, value: int | float | Suppressed | None) -> None:
    if value is not SUPPRESSED and value is not None:
        v.instance_of((int, float))(instance, attribute, value)


@frozen(kw_only=True)
class TableLine:
    """A row or column of a published table: its code and label (``total`` for totals)."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)


@frozen(kw_only=True)
class PublishedTable:
    """One aggregate table: counts by row and column, totals included, ``SUPPRESSED`` where suppressed."""

    name: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    unit: str = field(validator=v.text)
    """What is counted: ``departures``, ``carers`` or ``households``."""
    row_heading: str = field(validator=v.text)
    column_heading: str = field(validator=v.text)
    rows: tuple[TableLine, ...] = field(validator=v.tuple_of(TableLine))
    columns: tuple[TableLine, ...] = field(validator=v.tuple_of(TableLine))
    counts: tuple[tuple[int | Suppressed, ...], ...] = field(
        validator=[v.instance_of(tuple), v.items(_line_of_counts)]
    )
    """One tuple per row, one entry per column."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])

    def __attrs_post_init__(self) -> None:
        if len(self.counts) != len(self.rows) or any(len(line) != len(self.columns) for line in self.counts):
            raise ValueError(f"table {self.name}: counts must have one entry per row and column")

    def count(self, row: str, column: str = TOTAL) -> int | Suppressed:
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
    """A rate, share or count worked out from shown counts.

    ``value`` is :data:`~fosterkit.analysis.SUPPRESSED` when a count it needs is suppressed, and
    ``None`` when it cannot be worked out from the counts shown (a share of none).
    """

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    value: int | float | Suppressed | None = field(validator=_figure_value)
    unit: str = field(validator=v.text)
    """``count`` or ``percent``."""


@frozen(kw_only=True)
class Withheld:
    """A table left out of the publication, and why."""

    name: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    reason: str = field(validator=v.text)


@frozen(kw_only=True, order=True)
class PublishedChange:
    """A change the service made or will make after carers' suggestions, in its own words ("we did").

    Only a summary the service marked publishable, of a suggestion from a carer who consented to
    anonymised use, that will change or has changed. It names no carer, record or date, and
    carries no count.
    """

    theme: str = field(validator=v.text)
    """The code of the theme's row in ``you_said_we_did``."""
    theme_label: str = field(validator=v.text)
    outcome: str = field(validator=v.text)
    """``will_change`` or ``already_changed``: the column of ``you_said_we_did``."""
    outcome_label: str = field(validator=v.text)
    summary: str = field(validator=v.text)


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
    changes: tuple[PublishedChange, ...] = field(default=(), validator=v.tuple_of(PublishedChange))
    """"You said, we did": the service's publishable summaries of what it changed, each once."""

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
