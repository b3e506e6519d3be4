"""This period beside the previous one: the key counts as each period's own publication shows them.

A :class:`Comparison` sets the counts of one period beside those of the period before it of the
same length (:attr:`~fosterkit.analysis.periods.Period.previous`): the departures, the leavers
interviewed, the departures by the theme of their main reason, and the counts of the process
tables (offers, take-up, escalations, conversations) where the publication has them. Each side
is exactly what that period's own publication shows (:func:`compare` is given both
publications and what each released), so a count suppressed there is
:data:`~fosterkit.analysis.suppression.SUPPRESSED` here too, and the change is worked out only
where both counts are shown. A change is shown less shown: it tells a reader nothing the two
publications did not, so no suppressed count can be worked out from it.
"""

from __future__ import annotations

from collections.abc import Iterator

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.audiences import CONVERSATIONS, MAIN_THEMES, PROCESS, SUMMARY, section_of
from fosterkit.analysis.publication import Publication, PublishedTable, ReleasedCounts
from fosterkit.analysis.suppression import Suppressed, check_count

__all__ = ["ComparedCount", "Comparison", "compare"]

#: The code of every total row and column of a published table.
_TOTAL = "total"
#: The sections whose tables' counts are compared line by line.
_COMPARED_TABLES = (PROCESS, CONVERSATIONS)


@frozen(kw_only=True)
class ComparedCount:
    """One count in both periods: ``SUPPRESSED`` on a side where that period's publication hides it."""

    code: str = field(validator=v.text)
    """What is counted, as ``table/row`` or ``table/row/column``."""
    label: str = field(validator=v.text)
    section: str = field(validator=v.text)
    """The report section the count belongs to (:mod:`fosterkit.analysis.audiences`)."""
    previous: int | Suppressed = field(validator=check_count)
    current: int | Suppressed = field(validator=check_count)

    @property
    def change(self) -> int | None:
        """``current`` less ``previous``, or ``None`` when either is suppressed."""
        if isinstance(self.previous, Suppressed) or isinstance(self.current, Suppressed):
            return None
        return self.current - self.previous


@frozen(kw_only=True)
class Comparison:
    """The key counts of a period beside those of the period before it."""

    period_label: str = field(validator=v.text)
    previous_label: str = field(validator=v.text)
    counts: tuple[ComparedCount, ...] = field(validator=v.tuple_of(ComparedCount))

    def only(self, sections: tuple[str, ...]) -> Comparison:
        """The comparison with only the counts of ``sections``."""
        return Comparison(
            period_label=self.period_label,
            previous_label=self.previous_label,
            counts=tuple(c for c in self.counts if c.section in sections),
        )


def _this_period(table: PublishedTable) -> str:
    """The code of the last period column of a trend table: the publication's own period."""
    return [column.code for column in table.columns if column.code != _TOTAL][-1]


def _themes(current: Publication, previous: Publication) -> Iterator[ComparedCount]:
    """The departures by main theme, from each publication's trend, in the current one's order."""
    trends = [{t.name: t for t in p.tables}.get("main_theme_trend") for p in (current, previous)]
    now, before = trends
    if now is None or before is None:  # a publication without a trend has no themes to compare
        return
    codes = [line.code for line in before.rows]
    for line in now.rows:
        if line.code == _TOTAL or line.code not in codes:
            continue
        yield ComparedCount(
            code=f"main_theme/{line.code}",
            label=f"Main reason: {line.label}",
            section=MAIN_THEMES,
            previous=before.count(line.code, _this_period(before)),
            current=now.count(line.code, _this_period(now)),
        )


def _tables(current: Publication, previous: Publication) -> Iterator[ComparedCount]:
    """Every count of the process and conversation tables that both publications show."""
    before = {t.name: t for t in previous.tables}
    for table in current.tables:
        section = section_of(table.name)
        other = before.get(table.name)
        if section not in _COMPARED_TABLES or other is None:
            continue
        rows = {line.code for line in other.rows}
        columns = {line.code for line in other.columns}
        shown = [c for c in table.columns if c.code in columns]
        for row in table.rows:
            if row.code not in rows:
                continue
            for column in shown:
                several = len(shown) > 1
                yield ComparedCount(
                    code=f"{table.name}/{row.code}" + (f"/{column.code}" if several else ""),
                    label=f"{table.title}: {row.label}" + (f" ({column.label})" if several else ""),
                    section=section,
                    previous=other.count(row.code, column.code),
                    current=table.count(row.code, column.code),
                )


def compare(
    current: Publication,
    current_released: ReleasedCounts,
    previous: Publication,
    previous_released: ReleasedCounts,
) -> Comparison:
    """Set ``current`` beside ``previous``, each with the counts its own release showed.

    The departures come from each publication's summary, the leavers interviewed from what each
    release showed (``*_released``, the counts the audit workbook shows), the themes from each
    publication's trend (this period's column) and the process counts from the tables both have.
    """
    headline = [
        ComparedCount(
            code="summary/departures",
            label="Departures",
            section=SUMMARY,
            previous=previous.table("summary").count("departures", "count"),
            current=current.table("summary").count("departures", "count"),
        ),
        ComparedCount(
            code="interviewed/yes",
            label="Leavers with an exit interview record",
            section=SUMMARY,
            previous=previous_released.interviewed(),
            current=current_released.interviewed(),
        ),
    ]
    return Comparison(
        period_label=current.period_label,
        previous_label=previous.period_label,
        counts=(*headline, *_themes(current, previous), *_tables(current, previous)),
    )
