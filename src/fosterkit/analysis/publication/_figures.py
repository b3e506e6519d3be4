"""The figures of a publication: rates and shares worked out from the counts its tables show.

A figure is ``SUPPRESSED`` when any count it needs is suppressed, so no figure gives away a hidden
count, and ``None`` when it cannot be worked out (a share of none). Each label says which
households it covers. Most figures are for all households, mainstream and connected persons
together; the leaving rates by approval kind come from the table ``households_by_approval_kind``,
and only the mainstream one stands beside the national mainstream figure
(:mod:`fosterkit.analysis.approval_kinds`), scaled to a year when the period is not one. The
figures of the practice around leaving (:func:`practice_figures`) come from its own tables.
"""

from __future__ import annotations

from fosterkit.analysis._categories import POSITIVE_THEME, TENURE_BANDS, UNKNOWN_TENURE
from fosterkit.analysis.approval_kinds import (
    NATIONAL_MAINSTREAM_DEREGISTERED,
    NATIONAL_MAINSTREAM_HOUSEHOLDS,
    NATIONAL_SOURCE,
)
from fosterkit.analysis.publication._log import period_of_code
from fosterkit.analysis.publication._models import TOTAL, Figure, PublishedTable
from fosterkit.analysis.suppression import SUPPRESSED, Suppressed
from fosterkit.records import ApprovalKind, LeavingRoute

__all__ = ["figures", "practice_figures"]


def _percent(
    part: int | Suppressed, whole: int | Suppressed, *, per: float = 100
) -> float | Suppressed | None:
    """``part`` per ``per`` of ``whole`` to one place; ``SUPPRESSED`` if either is, ``None`` of none."""
    if part is SUPPRESSED or whole is SUPPRESSED:
        return SUPPRESSED
    if whole == 0:
        return None
    return round(per * part / whole, 1)


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
        *_by_kind(tables["households_by_approval_kind"], this_period.code),
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
        *practice_figures(tables),
    )


def practice_figures(tables: dict[str, PublishedTable]) -> tuple[Figure, ...]:
    """The rates of the exit-interview process and of conversations before notice, from shown counts."""
    offer = tables["exit_interview_offer"]
    take_up = tables["exit_interview_take_up"]
    conduct = tables["exit_interview_conduct"]
    urgent = tables["urgent_escalations"]
    talks = tables["considering_leaving"]
    offered = offer.count("yes", "count")
    held = conduct.count("independent", TOTAL)

    def of_held(question: str) -> float | Suppressed | None:
        return _percent(conduct.count(question, "yes"), held)

    return (
        Figure(
            code="exit_offer_rate",
            label="Leavers offered an exit interview, per cent of departures",
            value=_percent(offered, offer.count(TOTAL, "count")),
            unit="percent",
        ),
        Figure(
            code="stage_1_take_up",
            label="Exit stage 1 held, per cent of leavers offered an interview",
            value=_percent(held, offered),
            unit="percent",
        ),
        Figure(
            code="stage_2_completion",
            label="Exit stage 2 held too, per cent of leavers who held stage 1",
            value=_percent(take_up.count("both_stages", "count"), held),
            unit="percent",
        ),
        Figure(
            code="independent_interviewer",
            label="Interviewer independent of the supervising social worker at every interview, per cent "
            "of leavers who held stage 1",
            value=of_held("independent"),
            unit="percent",
        ),
        Figure(
            code="stage_1_on_time",
            label="Stage 1 held on time, per cent of leavers who held it",
            value=of_held("stage_1_on_time"),
            unit="percent",
        ),
        Figure(
            code="feedback_given",
            label="Feedback sent after every interview, per cent of leavers who held stage 1",
            value=of_held("feedback_given"),
            unit="percent",
        ),
        Figure(
            code="urgent_escalated_in_time",
            label="Every urgent finding escalated in time, per cent of leavers with an urgent finding",
            value=_percent(urgent.count("yes", "count"), urgent.count(TOTAL, "count")),
            unit="percent",
        ),
        Figure(
            code="considering_leaving_stayed",
            label="Households considering leaving who stayed, per cent of those talked to in the period",
            value=_percent(talks.count("stayed", "count"), talks.count(TOTAL, "count")),
            unit="percent",
        ),
    )


def _by_kind(table: PublishedTable, period: str) -> tuple[Figure, ...]:
    """The leaving rates of mainstream households and of connected persons, with the national mainstream rate.

    ``period`` is the publication's own period (``start/end``): a rate for a period other than a
    year is also given scaled to a year, as the national figure is for a year.
    """

    def rate(kind: ApprovalKind, per: float = 100) -> float | Suppressed | None:
        return _percent(
            table.count(kind.value, "departures"), table.count(kind.value, "households_at_start"), per=per
        )

    days = period_of_code(period).days
    found = [
        Figure(
            code="mainstream_leaving_rate",
            label="Mainstream households only: departures per 100 mainstream households at the start "
            "of the period",
            value=rate(ApprovalKind.MAINSTREAM),
            unit="percent",
        )
    ]
    if not 365 <= days <= 366:
        yearly = rate(ApprovalKind.MAINSTREAM, per=100 * 365.25 / days)
        found.append(
            Figure(
                code="mainstream_leaving_rate_a_year",
                label=f"Mainstream households only: the rate above scaled to a year from this period's "
                f"{days} days, to set beside the national figure (a rough guide)",
                value=yearly,
                unit="percent",
            )
        )
    national = round(100 * NATIONAL_MAINSTREAM_DEREGISTERED / NATIONAL_MAINSTREAM_HOUSEHOLDS, 1)
    found += [
        Figure(
            code="national_mainstream_leaving_rate",
            label="National figure, mainstream households only: mainstream households deregistered in "
            f"England in a year per 100 mainstream households. Source: {NATIONAL_SOURCE}",
            value=national,
            unit="percent",
        ),
        Figure(
            code="connected_person_leaving_rate",
            label="Connected persons (family and friends) only: departures per 100 connected-person "
            "households at the start of the period; there is no national figure to compare it with",
            value=rate(ApprovalKind.CONNECTED_PERSON),
            unit="percent",
        ),
    ]
    return tuple(found)


def _minus(a: int | Suppressed, b: int | Suppressed) -> int | Suppressed:
    return SUPPRESSED if a is SUPPRESSED or b is SUPPRESSED else a - b
