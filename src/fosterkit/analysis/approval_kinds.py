"""Mainstream and connected-person households apart, and the mainstream leaving rate beside the national one.

National figures for fostering in England are for mainstream households only: they leave out
connected persons (family and friends approved for a particular child). So a service's figures
are split by ``Household.approval_kind`` (:func:`split_by_kind`), and only its mainstream
leaving rate is compared with the national mainstream rate (:func:`compare_nationally`).

The national figures are from Ofsted, *Fostering in England 2024 to 2025* (main findings): about
33,400 mainstream fostering households at 31 March 2025 (the headline figure, read in the
source) and 4,690 mainstream households deregistered in 2024 to 2025 (as reported by a secondary
source), about 14.0 per 100. The national base is the households at the end of the year, the
service's the households at the start of its period, and a period other than a year is scaled to
a year by its length: the comparison is a rough guide.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis._categories import APPROVAL_KIND_LABELS, UNKNOWN_COLUMN
from fosterkit.analysis.periods import Period
from fosterkit.analysis.suppression import SUPPRESSED, Suppressed, check_count, check_difference, suppress
from fosterkit.records import ApprovalKind

__all__ = [
    "MEASURES",
    "NATIONAL_MAINSTREAM_DEREGISTERED",
    "NATIONAL_MAINSTREAM_HOUSEHOLDS",
    "NATIONAL_SOURCE",
    "ApprovalKindRates",
    "NationalComparison",
    "compare_nationally",
    "split_by_kind",
]

#: The measures split by approval kind.
MEASURES = ("households_at_start", "approvals", "departures")

_count = check_count

#: Mainstream fostering households in England at 31 March 2025 (about; Ofsted, headline figure).
NATIONAL_MAINSTREAM_HOUSEHOLDS = 33_400

#: Mainstream fostering households in England deregistered in 2024 to 2025 (as reported).
NATIONAL_MAINSTREAM_DEREGISTERED = 4_690

#: Where the national mainstream figures come from, and how sure they are.
NATIONAL_SOURCE = (
    "Ofsted, Fostering in England 2024 to 2025: about 33,400 mainstream fostering households at "
    "31 March 2025 (headline figure) and 4,690 mainstream households deregistered in 2024 to 2025 "
    "(as reported by a secondary source)."
)


@frozen(kw_only=True)
class ApprovalKindRates:
    """The figures of one approval kind: ``mainstream``, ``connected_person``, or ``unknown``.

    ``unknown`` holds departures whose household record is missing; it has no households.
    """

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    households_at_start: int | Suppressed = field(validator=_count)
    approvals: int | Suppressed = field(validator=_count)
    departures: int | Suppressed = field(validator=_count)
    net_change: int | Suppressed = field(validator=check_difference)
    """Approvals less departures; shown only when both are."""
    leaving_rate: float | None = field(validator=v.instance_of((float, type(None))))
    """Departures per 100 households of this kind at the start; ``None`` when a count is suppressed
    or there were none at the start."""


@frozen(kw_only=True)
class NationalComparison:
    """The service's mainstream leaving rate beside the national mainstream one (mainstream only)."""

    mainstream_leaving_rate: float | None = field(validator=v.instance_of((float, type(None))))
    """The service's mainstream departures per 100 mainstream households at the start, over a year:
    scaled by the period's length when the period is not a year. ``None`` when it cannot be shown."""
    annualised: bool = field(validator=v.instance_of(bool))
    """Whether the service's rate was scaled to a year from a shorter or longer period."""
    national_leaving_rate: float = field(validator=v.instance_of(float))
    """National mainstream deregistrations per 100 mainstream households."""
    national_households: int = field(validator=v.instance_of(int))
    national_deregistered: int = field(validator=v.instance_of(int))
    source: str = field(validator=v.text)


def _rate(departures: int | Suppressed, at_start: int | Suppressed) -> float | None:
    """Departures per 100 households at the start, when both are shown and there were some."""
    if departures is SUPPRESSED or at_start is SUPPRESSED or at_start == 0:
        return None
    return 100 * departures / at_start


def split_by_kind(
    kinds: Mapping[str, Mapping[str, int]],
    totals: Mapping[str, int | Suppressed],
    threshold: int,
    mainstream_at_start: int | None,
) -> tuple[ApprovalKindRates, ...]:
    """Each measure of :data:`MEASURES` split by approval kind, suppressed as a one-way table.

    ``kinds`` holds each measure's counts by approval kind (and ``unknown``); ``totals`` the
    all-households figures as published: a part never gives away a hidden total, as every part is
    hidden with it. ``mainstream_at_start``, if given, replaces the mainstream households at the start.
    """
    counts = {measure: dict(by_kind) for measure, by_kind in kinds.items()}
    if mainstream_at_start is not None:
        counts["households_at_start"][ApprovalKind.MAINSTREAM.value] = mainstream_at_start
    shown: dict[str, dict[str, int | Suppressed]] = {}
    for measure, by_kind in counts.items():
        shown[measure] = suppress(by_kind, threshold)
        if totals[measure] is SUPPRESSED:  # the parts would give away a hidden total
            shown[measure] = dict.fromkeys(by_kind, SUPPRESSED)
    columns = [(kind.value, name) for kind, name in APPROVAL_KIND_LABELS.items()]
    if counts["departures"][UNKNOWN_COLUMN[0]]:
        columns.append((UNKNOWN_COLUMN[0], "Household not known"))
    rows = []
    for code, name in columns:
        at_start, approvals, departures = (shown[m][code] for m in MEASURES)
        both = approvals is not SUPPRESSED and departures is not SUPPRESSED
        rows.append(
            ApprovalKindRates(
                code=code,
                label=name,
                households_at_start=at_start,
                approvals=approvals,
                departures=departures,
                net_change=approvals - departures if both else SUPPRESSED,  # type: ignore[operator]
                leaving_rate=_rate(departures, at_start),
            )
        )
    return tuple(rows)


def compare_nationally(period: Period, mainstream: ApprovalKindRates) -> NationalComparison:
    """The mainstream leaving rate, over a year, beside the national mainstream one."""
    annualised = not 365 <= period.days <= 366
    rate = mainstream.leaving_rate
    if rate is not None and annualised:
        rate = rate * 365.25 / period.days
    return NationalComparison(
        mainstream_leaving_rate=rate,
        annualised=annualised,
        national_leaving_rate=100 * NATIONAL_MAINSTREAM_DEREGISTERED / NATIONAL_MAINSTREAM_HOUSEHOLDS,
        national_households=NATIONAL_MAINSTREAM_HOUSEHOLDS,
        national_deregistered=NATIONAL_MAINSTREAM_DEREGISTERED,
        source=NATIONAL_SOURCE,
    )
