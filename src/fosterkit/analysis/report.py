"""The retention report: the published tables, the priorities they point to, and the cost of turnover.

:func:`build_report` gathers what a report workbook shows (the Excel plugin writes it; see
``fosterkit report``). Everything in it is safe to share as the publication is: the tables come
from :func:`~fosterkit.analysis.publish_tables`, the priorities are shown by rank and reason
only (their counts were suppressed separately, so they are left out rather than risk a hidden
count being worked out by comparing the two), and the cost of turnover is worked out from the
published number of departures, or withheld when that number is suppressed.

A report is written for one audience (:mod:`fosterkit.analysis.audiences`): it holds only the
sections that audience gets, so no format can show a table the audience should not see. The
whole publication is worked out and suppressed first, the same for every audience, and a report
keeps a part of it: the panel's report shows the same counts as the managers', never counts
suppressed differently. The comparison with the previous period (:mod:`fosterkit.analysis.comparison`)
publishes that period as its own publication would, against the same publication log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence

from attrs import evolve, field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis._summaries import Summaries, summaries_of
from fosterkit.analysis.audiences import (
    ALL_SECTIONS,
    ANY_THEMES,
    COMPARISON,
    COST,
    FIGURES,
    HEADLINE_FIGURES,
    MAIN_THEMES,
    PRIORITIES,
    SECTIONS,
    SUMMARY,
    YOU_SAID_WE_DID,
    Audience,
    AudienceWording,
    section_of,
)
from fosterkit.analysis.comparison import Comparison, compare
from fosterkit.analysis.cost import CostAssumptions, CostEstimate, turnover_cost
from fosterkit.analysis.exit_insights import exit_insights_with_log
from fosterkit.analysis.insights import raised_text
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication import (
    CellRef,
    Publication,
    PublicationLog,
    PublishedTable,
    Relation,
    ReleasedCounts,
    TableLine,
    publish_with_log,
)
from fosterkit.analysis.publication._specs import BREAKDOWNS
from fosterkit.analysis.suppression import SUPPRESSED
from fosterkit.analysis.themes import Breakdown
from fosterkit.errors import FieldError
from fosterkit.framework import Catalogue
from fosterkit.reasons import Taxonomy
from fosterkit.records import Household

__all__ = ["DEFAULT_SERVICE", "Priority", "Report", "build_report", "for_sections"]

#: The name a report gives the service when it is not told one and the records do not agree on one.
DEFAULT_SERVICE = "Fostering service"


@frozen(kw_only=True)
class Priority:
    """A key principle or recommendation, in rank order, with the reasons that put it there."""

    rank: int = field(validator=v.instance_of(int))
    element_id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    reasons: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    """Labels of the reasons behind it, heaviest first, each with where it was raised
    (``"Fees and allowances (stage 1 and stage 2)"``)."""


def _section(_instance: object, _attribute: object, value: object) -> None:
    if value not in ALL_SECTIONS:
        raise FieldError("sections", f"no section {value!r}; the sections are {', '.join(ALL_SECTIONS)}")


@frozen(kw_only=True)
class Report:
    """What a retention report shows; every figure in it is safe to share."""

    service: str = field(validator=v.text)
    made_on: datetime.date = field(validator=v.instance_of(datetime.date))
    publication: Publication = field(validator=v.instance_of(Publication))
    priorities: tuple[Priority, ...] = field(validator=v.tuple_of(Priority))
    cost: CostEstimate | None = field(validator=v.instance_of((CostEstimate, type(None))))
    cost_withheld: str | None = field(validator=v.optional(v.text))
    """Why there is no cost estimate, when there is none."""
    log: PublicationLog | None = field(default=None, validator=v.instance_of((PublicationLog, type(None))))
    """The publication log given, with this report's publication added; ``None`` if none was given."""
    audience: Audience = field(default=Audience.MANAGEMENT, validator=v.instance_of(Audience))
    sections: tuple[str, ...] = field(
        default=ALL_SECTIONS, validator=[v.instance_of(tuple), v.items(_section)]
    )
    """The sections the report holds, in order (:data:`fosterkit.analysis.audiences.SECTIONS`)."""
    comparison: Comparison | None = field(default=None, validator=v.instance_of((Comparison, type(None))))
    """This period beside the previous one; ``None`` if the report has no comparison."""
    wording: AudienceWording | None = field(
        default=None, validator=v.instance_of((AudienceWording, type(None)))
    )
    """Who the report is for and an introduction to each section; ``None`` for none."""

    def introduction(self, section: str) -> str:
        """The introduction to ``section`` for this report's audience, or ``""``."""
        return self.wording.introduction(section) if self.wording is not None else ""


def _caring(publication: Publication, departures: int) -> int | None:
    """Departures whose household was caring, when the caring table shows it; else ``None`` (all)."""
    try:
        caring = publication.table("main_theme_by_caring").count("total", "caring")
    except KeyError:
        return None
    return caring if caring is not SUPPRESSED and caring <= departures else None


def build_report(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    catalogue: Catalogue,
    period: Period,
    service: str | None,
    made_on: datetime.date,
    assumptions: CostAssumptions | None = None,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] | None = None,
    any_period: bool = False,
    log: PublicationLog | None = None,
    audience: Audience = Audience.MANAGEMENT,
    wording: AudienceWording | None = None,
) -> Report:
    """Build the retention report for ``period``, for ``audience``.

    ``records`` (or the summaries of them, :func:`~fosterkit.analysis._summaries.summarise`)
    is read once into summaries that the tables and the priorities share. The cost of turnover
    is estimated only when ``assumptions`` are given (the cost to recruit and approve a
    household and the weeks to replace one are the service's own). Placement costs count the
    departures whose household was caring when that count is published, and every departure
    otherwise. The other arguments are those of :func:`~fosterkit.analysis.publish_tables`.

    The report keeps only the sections ``audience`` gets (:data:`~fosterkit.analysis.audiences.SECTIONS`);
    ``wording`` (for the same audience) gives each section its introduction. With ``service``
    ``None``, the report names the service the household records name, if they all name one,
    else :data:`DEFAULT_SERVICE`. With the comparison,
    the previous period is published as its own publication would be, against ``log`` as given,
    and the log returned holds what the comparison showed of it.
    """
    if wording is not None and wording.audience is not audience:
        raise ValueError(f"the wording is for {wording.audience.value}, not {audience.value}")
    sections = SECTIONS[audience]
    names: set[str] = set()
    summaries = summaries_of(
        records if service is not None or isinstance(records, Summaries) else _named(records, names)
    )
    if service is None:
        service = names.pop() if len(names) == 1 else DEFAULT_SERVICE
    chosen = tuple(b.by for b in BREAKDOWNS) if breakdowns is None else tuple(breakdowns)

    def release(when: Period, at_start: int | None, trend: int) -> tuple[Publication, PublicationLog]:
        return publish_with_log(
            summaries,
            taxonomy=taxonomy,
            period=when,
            threshold=threshold,
            households_at_start=at_start,
            trend_periods=trend,
            special_category=special_category,
            breakdowns=chosen,
            any_period=any_period,
            log=log,
        )

    publication, logged = release(period, households_at_start, trend_periods)
    comparison = None
    if COMPARISON in sections:
        # The previous period as its own publication shows it (as an earlier period of the trend is).
        before, before_log = release(period.previous, None, 1)
        both = compare(publication, _released(period, logged), before, _released(period.previous, before_log))
        comparison = both.only(sections)
        # The log keeps what was shown of the previous period too, so later releases stay consistent.
        logged = PublicationLog(cells={**before_log.cells, **logged.cells}, releases=logged.releases)
    # The priorities read the same release as the tables (the log now holds it), so they agree.
    insights, _same_release = exit_insights_with_log(
        summaries,
        catalogue=catalogue,
        taxonomy=taxonomy,
        period=period,
        threshold=threshold,
        any_period=any_period,
        log=logged,
    )
    priorities = (
        ()
        if PRIORITIES not in sections
        else tuple(
            Priority(
                rank=element.rank,
                element_id=element.element_id,
                title=element.title,
                reasons=tuple(
                    f"{reason.label} ({raised_text(reason.raised_at)})" if reason.raised_at else reason.label
                    for reason in element.reasons
                ),
            )
            for element in insights.elements
        )
    )
    departures = publication.table("summary").count("departures", "count")
    cost = None
    withheld = None
    if COST not in sections:
        withheld = f"The cost of turnover is not part of a report for {audience.title}."
    elif assumptions is None:
        withheld = "No cost assumptions were given, so the cost of turnover is not estimated."
    elif departures is SUPPRESSED:
        withheld = "The number of departures is suppressed, so the cost of turnover is not shown."
    else:
        cost = turnover_cost(departures, assumptions, caring=_caring(publication, departures))
    return Report(
        service=service,
        made_on=made_on,
        publication=for_sections(publication, sections),
        priorities=priorities,
        cost=cost,
        cost_withheld=withheld,
        log=None if log is None else logged,
        audience=audience,
        sections=sections,
        comparison=comparison,
        wording=wording,
    )


def _named(records: Iterable[object], names: set[str]) -> Iterator[object]:
    """``records`` as they are, adding the name of each household's service to ``names``."""
    for record in records:
        if isinstance(record, Household):
            names.add(record.service.name)
        yield record


def _released(period: Period, log: PublicationLog) -> ReleasedCounts:
    """The counts of ``period`` as the release just added to ``log`` showed them."""
    return ReleasedCounts(
        period, {k: SUPPRESSED if count is None else count for k, count in log.cells.items()}
    )


#: Tables made from this period's column of a trend: section, trend, name, title, row heading.
_THIS_PERIOD_TABLES = (
    (
        MAIN_THEMES,
        "main_theme_trend",
        "main_theme",
        "Departures by theme of the main reason",
        "Theme of the main reason",
    ),
    (
        ANY_THEMES,
        "any_theme_trend",
        "any_theme",
        "Departures giving any reason under each theme",
        "Theme of any reason given",
    ),
)
#: The column of a table made from a trend.
_COLUMN = TableLine(code="count", label="Departures")


def _this_period(
    publication: Publication, trend_name: str, name: str, title: str, heading: str
) -> tuple[PublishedTable, list[Relation]]:
    """A table of this period's column of the trend ``trend_name``, and the relations that carry over.

    Its counts are the trend's own (shown or suppressed as there), so it adds nothing to what a
    reader could work out; it lets a report show the themes without the breakdowns or the trend.
    """
    trend = publication.table(trend_name)
    column = [line.code for line in trend.columns if line.code != "total"][-1]
    table = PublishedTable(
        name=name,
        title=title,
        unit=trend.unit,
        row_heading=heading,
        column_heading=_COLUMN.label,
        rows=trend.rows,
        columns=(_COLUMN,),
        counts=tuple((trend.count(line.code, column),) for line in trend.rows),
        notes=trend.notes,
    )

    def moved(ref: CellRef) -> CellRef | None:
        return (
            CellRef(table=name, row=ref.row, column=_COLUMN.code)
            if ref.table == trend_name and ref.column == column
            else None
        )

    relations = []
    for relation in publication.relations:
        total, parts = moved(relation.total), [moved(part) for part in relation.parts]
        if total is not None and all(part is not None for part in parts):
            relations.append(Relation(total=total, parts=tuple(p for p in parts if p is not None)))
    return table, relations


def for_sections(publication: Publication, sections: Sequence[str]) -> Publication:
    """The part of ``publication`` that ``sections`` show: its tables, figures, relations and withheld.

    The themes of this period for all departures (sections ``main_themes`` and ``any_themes``)
    are made from this period's column of the trends. Figures are all kept with ``figures``, the
    headline ones with ``summary`` alone; the service's published changes go with
    ``you_said_we_did``. The counts are those of ``publication``, unchanged.
    """
    tables = [t for t in publication.tables if section_of(t.name) in sections]
    relations = list(publication.relations)
    names = {t.name for t in publication.tables}
    for section, trend, name, title, heading in _THIS_PERIOD_TABLES:
        if section in sections and trend in names:
            table, carried = _this_period(publication, trend, name, title, heading)
            tables.append(table)
            relations += carried
    tables.sort(key=lambda t: ALL_SECTIONS.index(section_of(t.name)))
    kept = {t.name for t in tables}
    if FIGURES in sections:
        figures = publication.figures
    else:
        figures = tuple(f for f in publication.figures if SUMMARY in sections and f.code in HEADLINE_FIGURES)
    return evolve(
        publication,
        tables=tuple(tables),
        figures=figures,
        relations=tuple(
            r for r in relations if r.total.table in kept and all(p.table in kept for p in r.parts)
        ),
        withheld=tuple(w for w in publication.withheld if section_of(w.name) in sections),
        changes=publication.changes if YOU_SAID_WE_DID in sections else (),
    )
