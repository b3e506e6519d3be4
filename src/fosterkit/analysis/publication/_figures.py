"""The figures of a publication: rates and shares worked out from the counts its tables show.

A figure is ``SUPPRESSED`` when any count it needs is suppressed, so no figure gives away a hidden
count, and ``None`` when it cannot be worked out (a share of none). Every figure is for all
households, mainstream and connected persons together, and its label says so where a reader
might compare it with a national mainstream figure.
"""

from __future__ import annotations

from fosterkit.analysis._categories import POSITIVE_THEME, TENURE_BANDS, UNKNOWN_TENURE
from fosterkit.analysis.publication._models import TOTAL, Figure, PublishedTable
from fosterkit.analysis.suppression import SUPPRESSED, Suppressed
from fosterkit.records import LeavingRoute

__all__ = ["figures"]


def _percent(part: int | Suppressed, whole: int | Suppressed) -> float | Suppressed | None:
    if part is SUPPRESSED or whole is SUPPRESSED:
        return SUPPRESSED
    if whole == 0:
        return None
    return round(100 * part / whole, 1)


def figures(tables: dict[str, PublishedTable]) -> tuple[Figure, ...]:
    """The rates and shares of a publication, worked out from the counts its ``tables`` show."""
    summary = tables["summary"]
    at_start = summary.count("households_at_start", "count")
    approvals = summary.count("approvals", "count")
    departures = summary.count("departures", "count")
    route = tables["route"]
    tenure = tables["tenure"]
    preventable = tables["preventable"]
    yes, no = preventable.count("yes", "count"), preventable.count("no", "count")
    trend = tables["main_theme_trend"]
    this_period = [column for column in trend.columns if column.code != TOTAL][-1]
    positive = trend.count(POSITIVE_THEME, this_period.code)
    early = tenure.count(TENURE_BANDS[0][0], "count")
    unknown = tenure.count(UNKNOWN_TENURE[0], "count")
    judged = _minus(departures, unknown)
    return (
        Figure(
            code="net_change",
            label="Approvals less departures",
            value=_minus(approvals, departures),
            unit="count",
        ),
        Figure(
            code="leaving_rate",
            label="Departures per 100 households at the start (all households: mainstream and connected "
            "persons together, so not comparable with the national mainstream rate)",
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
            value=_percent(yes, SUPPRESSED if yes is SUPPRESSED or no is SUPPRESSED else yes + no),
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


def _minus(a: int | Suppressed, b: int | Suppressed) -> int | Suppressed:
    return SUPPRESSED if a is SUPPRESSED or b is SUPPRESSED else a - b
