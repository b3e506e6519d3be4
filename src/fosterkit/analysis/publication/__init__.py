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

The package keeps one idea to a module: the published shapes (``_models``), the tables as data
(``_specs``), the counts behind them (``_counts``), their layout and sums (``_layout``) and the
figures (``_figures``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fosterkit.analysis._categories import Breakdown
from fosterkit.analysis._summaries import Summaries, check_households_at_start, summaries_of
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._counts import count, key, period_code
from fosterkit.analysis.publication._figures import figures
from fosterkit.analysis.publication._layout import cross_sums, lay_out, relations
from fosterkit.analysis.publication._models import (
    CellRef,
    Figure,
    Publication,
    PublishedTable,
    Relation,
    TableLine,
    Withheld,
)
from fosterkit.analysis.publication._specs import (
    BREAKDOWNS,
    SPECIAL_CATEGORIES,
    SPECIAL_CATEGORY_TABLES,
    BreakdownColumns,
    SpecialCategory,
)
from fosterkit.analysis.suppression import check_threshold, protect
from fosterkit.reasons import Taxonomy

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

_EVERY_BREAKDOWN = tuple(columns.by for columns in BREAKDOWNS)


def publish_tables(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] = _EVERY_BREAKDOWN,
) -> Publication:
    """Every table of a publication for ``period``, suppressed together so no hidden count can be recovered.

    ``records`` is read once and may mix households, departures, data collection records and
    exit processes in any order; a record seen twice counts once. The summaries of the records
    (:func:`~fosterkit.analysis._summaries.summarise`) may be given in their place. Departures
    count in the period their notice was given in; reasons and preventability are read as in
    :func:`~fosterkit.analysis.reason_themes` and :func:`~fosterkit.analysis.retention_rates`.
    ``trend_periods`` (1 to 12) is how many periods of the same length, ending with ``period``,
    the trend shows. ``special_category`` names the equality tables wanted, from
    :data:`SPECIAL_CATEGORY_TABLES`; each is published only when more carers than the threshold
    have it recorded. ``breakdowns`` chooses the theme tables (all but ``Breakdown.NONE`` by
    default); fewer tables leave fewer counts to hide for a small service. ``threshold`` is 3 to
    10. A period with no records gives tables of zeros.
    """
    wanted, chosen = _check(threshold, households_at_start, trend_periods, special_category, breakdowns)
    periods = [period]
    while len(periods) < trend_periods:
        periods.insert(0, periods[0].previous)
    counts = count(
        summaries_of(records),
        taxonomy=taxonomy,
        period=period,
        periods=periods,
        households_at_start=households_at_start,
    )
    layouts, withheld = lay_out(
        taxonomy, period, periods, counts, threshold=threshold, chosen=chosen, wanted=wanted
    )
    here = period_code(period)
    sums = [s for layout in layouts for s in layout.sums()] + cross_sums(here)
    values = {k: counts.counts.get(k, 0) for layout in layouts for line in layout.keys for k in line}
    sums = [(total, parts) for total, parts in sums if total in values and all(p in values for p in parts)]
    headline = [key("departures", ("period", here)), key("households", ("at_start", here))]
    hidden = protect(values, sums, threshold, keep=headline)
    tables = tuple(layout.table(values, hidden) for layout in layouts)
    return Publication(
        start=period.start,
        end=period.end,
        period_label=period.label,
        threshold=threshold,
        tables=tables,
        figures=figures({t.name: t for t in tables}),
        withheld=tuple(withheld),
        relations=relations(layouts, sums),
        notes=_notes(threshold, households_at_start is not None, counts.conflicting, len(periods)),
    )


def _check(
    threshold: int,
    households_at_start: int | None,
    trend_periods: int,
    special_category: Sequence[str],
    breakdowns: Sequence[Breakdown],
) -> tuple[list[SpecialCategory], list[BreakdownColumns]]:
    """Refuse options out of range; the special categories wanted and the breakdowns chosen, each once."""
    check_threshold(threshold)
    check_households_at_start(households_at_start)
    if isinstance(trend_periods, bool) or not isinstance(trend_periods, int) or not 1 <= trend_periods <= 12:
        raise ValueError(f"trend_periods must be a whole number from 1 to 12, not {trend_periods!r}")
    names = tuple(dict.fromkeys(special_category))
    if isinstance(special_category, str) or any(name not in SPECIAL_CATEGORY_TABLES for name in names):
        raise ValueError(
            f"special_category names tables from {', '.join(SPECIAL_CATEGORY_TABLES)}, "
            f"not {special_category!r}"
        )
    by_name = {category.name: category for category in SPECIAL_CATEGORIES}
    columns = {b.by: b for b in BREAKDOWNS}
    chosen = tuple(dict.fromkeys(breakdowns))
    if any(by not in columns for by in chosen):
        raise ValueError(
            "breakdowns are chosen from "
            + ", ".join(b.by.value for b in BREAKDOWNS)
            + f", not {breakdowns!r}"
        )
    return [by_name[name] for name in names], [columns[by] for by in chosen]


def _notes(threshold: int, supplied: bool, conflicting: bool, periods: int) -> tuple[str, ...]:
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
    if periods > 1:
        notes.append(f"The trend shows {periods} periods of the same length, the last being this one.")
    if conflicting:
        notes.append(
            "Some records appear more than once with different details; one version of each was used."
        )
    return tuple(notes)
