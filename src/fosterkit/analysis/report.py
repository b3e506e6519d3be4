"""The retention report: the published tables, the priorities they point to, and the cost of turnover.

:func:`build_report` gathers what a report workbook shows (the Excel plugin writes it; see
``fosterkit report``). Everything in it is safe to share as the publication is: the tables come
from :func:`~fosterkit.analysis.publish_tables`, the priorities are shown by rank and reason
only (their counts were suppressed separately, so they are left out rather than risk a hidden
count being worked out by comparing the two), and the cost of turnover is worked out from the
published number of departures, or withheld when that number is suppressed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis._summaries import Summaries, summaries_of
from fosterkit.analysis.cost import CostAssumptions, CostEstimate, turnover_cost
from fosterkit.analysis.exit_insights import exit_insights_with_log
from fosterkit.analysis.insights import raised_text
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication import Publication, PublicationLog, publish_with_log
from fosterkit.analysis.publication._specs import BREAKDOWNS
from fosterkit.analysis.suppression import SUPPRESSED
from fosterkit.analysis.themes import Breakdown
from fosterkit.framework import Catalogue
from fosterkit.reasons import Taxonomy

__all__ = ["Priority", "Report", "build_report"]


@frozen(kw_only=True)
class Priority:
    """A key principle or recommendation, in rank order, with the reasons that put it there."""

    rank: int = field(validator=v.instance_of(int))
    element_id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    reasons: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    """Labels of the reasons behind it, heaviest first, each with where it was raised
    (``"Fees and allowances (stage 1 and stage 2)"``)."""


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
    service: str,
    made_on: datetime.date,
    assumptions: CostAssumptions | None = None,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] | None = None,
    any_period: bool = False,
    log: PublicationLog | None = None,
) -> Report:
    """Build the retention report for ``period``.

    ``records`` (or the summaries of them, :func:`~fosterkit.analysis._summaries.summarise`)
    is read once into summaries that the tables and the priorities share. The cost of turnover
    is estimated only when ``assumptions`` are given (the cost to recruit and approve a
    household and the weeks to replace one are the service's own). Placement costs count the
    departures whose household was caring when that count is published, and every departure
    otherwise. The other arguments are those of :func:`~fosterkit.analysis.publish_tables`.
    """
    summaries = summaries_of(records)
    publication, logged = publish_with_log(
        summaries,
        taxonomy=taxonomy,
        period=period,
        threshold=threshold,
        households_at_start=households_at_start,
        trend_periods=trend_periods,
        special_category=special_category,
        breakdowns=tuple(b.by for b in BREAKDOWNS) if breakdowns is None else breakdowns,
        any_period=any_period,
        log=log,
    )
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
    priorities = tuple(
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
    departures = publication.table("summary").count("departures", "count")
    cost = None
    withheld = None
    if assumptions is None:
        withheld = "No cost assumptions were given, so the cost of turnover is not estimated."
    elif departures is SUPPRESSED:
        withheld = "The number of departures is suppressed, so the cost of turnover is not shown."
    else:
        cost = turnover_cost(departures, assumptions, caring=_caring(publication, departures))
    return Report(
        service=service,
        made_on=made_on,
        publication=publication,
        priorities=priorities,
        cost=cost,
        cost_withheld=withheld,
        log=None if log is None else logged,
    )
