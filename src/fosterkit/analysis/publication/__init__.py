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
transfers, a national category that one route decides against that route. The audit
workbook's insights are counted and suppressed in the same run (:func:`released_counts`), and a
publication log (:class:`PublicationLog`) carries what earlier releases showed and hid into the
next, the counts of a year, its halves and its quarters tied together. Suppression
(:func:`fosterkit.analysis.suppression.protect`) hides counts from 1 to the threshold and then
more, until no hidden non-zero count can be worked out exactly from what is shown by any
combination of those sums. Rates and shares are worked out only from shown counts.

Beside what carers said, the tables of :data:`PRACTICE_TABLES` show what the service did: exit
interviews offered, taken up and how they were held, urgent findings escalated in time, what
became of carers' suggestions ("you said, we did", with the service's publishable summaries in
:attr:`Publication.changes`) and households considering leaving by how they decided.

The package keeps one idea to a module: the published shapes (``_models``), the tables as data
(``_specs``), the counts behind them (``_counts``), their layout and sums (``_layout``) and the
figures (``_figures``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

from fosterkit.analysis._categories import Breakdown
from fosterkit.analysis._summaries import Summaries, check_households_at_start, summaries_of
from fosterkit.analysis.periods import Period, check_standard
from fosterkit.analysis.publication._counts import Change, Counts, Key, count, key, period_code
from fosterkit.analysis.publication._figures import figures
from fosterkit.analysis.publication._insight_counts import (
    addressed_key,
    insight_counts,
    insight_sums,
    interviewed_key,
    reason_key,
    said_at_key,
)
from fosterkit.analysis.publication._layout import Sum, cross_sums, lay_out, relations
from fosterkit.analysis.publication._log import LoggedRelease, PublicationLog, key_period, period_sums
from fosterkit.analysis.publication._models import (
    CellRef,
    Figure,
    Publication,
    PublishedChange,
    PublishedTable,
    Relation,
    TableLine,
    Withheld,
)
from fosterkit.analysis.publication._specs import (
    BREAKDOWNS,
    PRACTICE_TABLES,
    SPECIAL_CATEGORIES,
    SPECIAL_CATEGORY_TABLES,
    BreakdownColumns,
    SpecialCategory,
)
from fosterkit.analysis.suppression import SUPPRESSED, Suppressed, check_threshold, determined, protect
from fosterkit.reasons import Taxonomy

__all__ = [
    "PRACTICE_TABLES",
    "SPECIAL_CATEGORY_TABLES",
    "CellRef",
    "Figure",
    "LoggedRelease",
    "Publication",
    "PublicationLog",
    "PublishedChange",
    "PublishedTable",
    "Relation",
    "ReleasedCounts",
    "TableLine",
    "Withheld",
    "publish_tables",
    "publish_with_log",
    "released_counts",
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
    any_period: bool = False,
    log: PublicationLog | None = None,
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

    ``period`` must be a reporting year, half-year or quarter
    (:func:`~fosterkit.analysis.periods.check_standard`) unless ``any_period`` is true. Each
    period's counts are suppressed by that period's own tables, so the trend's earlier periods
    show exactly what their own publications show. ``log`` holds what earlier publications
    released (:func:`publish_with_log` gives it back with this one added): counts published
    before are published again as they were, counts suppressed before stay suppressed, and
    counts of nesting periods are suppressed together.
    """
    return publish_with_log(
        records,
        taxonomy=taxonomy,
        period=period,
        threshold=threshold,
        households_at_start=households_at_start,
        trend_periods=trend_periods,
        special_category=special_category,
        breakdowns=breakdowns,
        any_period=any_period,
        log=log,
    )[0]


def publish_with_log(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] = _EVERY_BREAKDOWN,
    any_period: bool = False,
    log: PublicationLog | None = None,
) -> tuple[Publication, PublicationLog]:
    """:func:`publish_tables`, and the publication log with this publication added."""
    publication, logged, _cells = _publish(
        records,
        taxonomy=taxonomy,
        period=period,
        threshold=threshold,
        households_at_start=households_at_start,
        trend_periods=trend_periods,
        special_category=special_category,
        breakdowns=breakdowns,
        any_period=any_period,
        log=log,
    )
    return publication, logged


@frozen
class ReleasedCounts:
    """The counts of one period as its publication releases them, for the insights to show.

    Each is the number, or :data:`~fosterkit.analysis.suppression.SUPPRESSED` where the
    publication (and so the audit workbook) hides it; a count nothing in the period falls under
    is 0. Built by :func:`released_counts`.
    """

    period: Period
    cells: dict[Key, int | Suppressed]

    def _get(self, k: Key) -> int | Suppressed:
        return self.cells.get(k, 0)

    @property
    def _here(self) -> str:
        return period_code(self.period)

    def departures(self) -> int | Suppressed:
        """Departures with notice in the period."""
        return self._get(key("departures", ("period", self._here)))

    def interviewed(self, held: bool = True) -> int | Suppressed:
        """Those of them with an exit interview record (``held``), or without one."""
        return self._get(interviewed_key(self._here, held))

    def main_theme(self, theme: str) -> int | Suppressed:
        """Departures whose main reason is under ``theme``."""
        return self._get(key("departures", ("period", self._here), ("main_theme", theme)))

    def any_theme(self, theme: str) -> int | Suppressed:
        """Departures giving any reason under ``theme``."""
        return self._get(key("departures", ("period", self._here), ("any_theme", theme)))

    def preventable(self, row: str) -> int | Suppressed:
        """Departures by their answer on prevention: ``yes``, ``no``, ``not_sure`` or ``not_asked``."""
        return self._get(key("departures", ("period", self._here), ("preventable", row)))

    def reason(self, code: str) -> int | Suppressed:
        """Departures giving reason ``code`` (today's code) at either stage or on the departure."""
        return self._get(reason_key(self._here, code))

    def addressed_by(self, element_id: str) -> int | Suppressed:
        """Departures giving a reason that ``element_id`` addresses and the service can act on."""
        return self._get(addressed_key(self._here, element_id))

    def said_at(self, theme: str, where: str) -> int | Suppressed:
        """Departures giving a reason under ``theme`` at ``where``: ``stage_1``, ``stage_2`` or ``stated``."""
        return self._get(said_at_key(self._here, theme, where))


def released_counts(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    any_period: bool = False,
    log: PublicationLog | None = None,
) -> tuple[ReleasedCounts, PublicationLog]:
    """The counts of ``period`` as :func:`publish_tables` with its default tables releases them.

    The publication is worked out in full, the insights' own counts included, so what the audit
    workbook shows for a period hides exactly what ``publish`` hides for it. The log comes back
    with the release added, as from :func:`publish_with_log`.
    """
    _publication, logged, cells = _publish(
        records, taxonomy=taxonomy, period=period, threshold=threshold, any_period=any_period, log=log
    )
    return ReleasedCounts(period, cells), logged


def _publish(
    records: Iterable[object] | Summaries,
    *,
    taxonomy: Taxonomy,
    period: Period,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] = _EVERY_BREAKDOWN,
    any_period: bool = False,
    log: PublicationLog | None = None,
) -> tuple[Publication, PublicationLog, dict[Key, int | Suppressed]]:
    """The publication, the log with it added, and every count of ``period`` as released."""
    wanted, chosen = _check(threshold, households_at_start, trend_periods, special_category, breakdowns)
    check_standard(period, any_period=any_period)
    log = log if log is not None else PublicationLog()
    summaries = summaries_of(records)
    periods = [period]
    while len(periods) < trend_periods:
        periods.insert(0, periods[0].previous)
    setting = _Options(taxonomy=taxonomy, threshold=threshold, chosen=chosen, wanted=wanted)
    here = _release(summaries, setting, period, households_at_start, log)
    earlier = [_release(summaries, setting, p, None, log) for p in periods[:-1]]
    merged = Counts(conflicting=here.counts.conflicting)
    for release in (*earlier, here):
        merged.counts.update(release.counts.counts)
        for dimension, used in release.counts.used.items():
            merged.used.setdefault(dimension, set()).update(used)
    layouts, withheld = lay_out(
        taxonomy, period, periods, merged, threshold=threshold, chosen=chosen, wanted=wanted
    )
    values: dict[Key, int] = {}
    hidden: set[Key] = set()
    for release in (*earlier, here):
        values.update(release.values)
        hidden |= release.hidden
    shown_keys = [k for layout in layouts for line in layout.keys for k in line]
    values.update((k, 0) for k in shown_keys if k not in values)  # a theme no departure of a period gave
    sums = [s for layout in layouts for s in layout.sums()] + cross_sums(period_code(period))
    sums = [(total, parts) for total, parts in sums if total in values and all(p in values for p in parts)]
    tables = tuple(layout.table(values, hidden) for layout in layouts)
    by_name = {t.name: t for t in tables}
    revised = sum(release.revised for release in (*earlier, here))
    publication = Publication(
        start=period.start,
        end=period.end,
        period_label=period.label,
        threshold=threshold,
        tables=tables,
        figures=figures(by_name),
        withheld=tuple(withheld),
        relations=relations(layouts, sums),
        notes=_notes(
            threshold,
            households_at_start is not None,
            here.counts.conflicting,
            len(periods),
            standard=period.is_standard,
            logged=bool(log.cells),
            revised=revised,
            given_away=sum(release.given_away for release in (*earlier, here)),
        ),
        changes=_changes(by_name["you_said_we_did"], here.counts.changes),
    )
    released: dict[Key, int | Suppressed] = {
        k: SUPPRESSED if k in here.hidden else value for k, value in here.values.items()
    }
    cells = {k: (None if k in hidden else values[k]) for k in dict.fromkeys(shown_keys)}
    cells |= {k: (None if value is SUPPRESSED else value) for k, value in released.items() if k not in cells}
    logged = LoggedRelease(
        start=period.start,
        end=period.end,
        threshold=threshold,
        counts=len(cells),
        suppressed=sum(value is None for value in cells.values()),
    )
    return publication, log.adding(cells, logged), released


def _changes(table: PublishedTable, changes: set[Change]) -> tuple[PublishedChange, ...]:
    """The publishable changes, each once, in the table's order, listed only where their count is shown.

    A summary listed beside a suppressed count would tell a reader that count is not zero, which
    suppression does not allow for; where the count is shown, the summary adds nothing to it.
    """
    rows = {line.code: (n, line.label) for n, line in enumerate(table.rows)}
    columns = {line.code: (n, line.label) for n, line in enumerate(table.columns)}
    found = [
        (rows[theme][0], columns[outcome][0], summary, theme, outcome)
        for theme, outcome, summary in changes
        if theme in rows and outcome in columns and table.count(theme, outcome) is not SUPPRESSED
    ]
    return tuple(
        PublishedChange(
            theme=theme,
            theme_label=rows[theme][1],
            outcome=outcome,
            outcome_label=columns[outcome][1],
            summary=summary,
        )
        for _row, _column, summary, theme, outcome in sorted(found)
    )


@frozen(kw_only=True)
class _Options:
    """What every period's tables are laid out from, besides the period."""

    taxonomy: Taxonomy
    threshold: int
    chosen: Sequence[BreakdownColumns]
    wanted: Sequence[SpecialCategory]


@frozen(kw_only=True)
class _Release:
    """One period's counts, suppressed by all of that period's tables and the log."""

    counts: Counts
    values: dict[Key, int]
    hidden: set[Key]
    revised: int
    """Counts published before whose records have changed since; shown as published before."""
    given_away: int
    """Suppressed counts that earlier publications already gave away between them."""


def _release(
    summaries: Summaries,
    options: _Options,
    period: Period,
    households_at_start: int | None,
    log: PublicationLog,
) -> _Release:
    """:func:`_work_out_release`, once per summaries for the same arguments.

    The publication, the previous period of the report's comparison and the insights all ask
    for the same releases; the first works each out and the others find it kept in
    :attr:`Summaries.memo <fosterkit.analysis._summaries.Summaries.memo>`. Each kept release
    holds its taxonomy and log, so the ids in its key stay theirs.
    """
    logged = None if not log.cells and not log.releases else id(log)
    chosen, wanted = tuple(options.chosen), tuple(options.wanted)
    key = (
        "release",
        id(options.taxonomy),
        options.threshold,
        chosen,
        wanted,
        period,
        households_at_start,
        logged,
    )
    kept = summaries.memo.get(key)
    if kept is None:
        kept = (
            _work_out_release(summaries, options, period, households_at_start, log),
            options.taxonomy,
            log,
        )
        summaries.memo[key] = kept
    release: _Release = kept[0]
    return release


def _work_out_release(
    summaries: Summaries,
    options: _Options,
    period: Period,
    households_at_start: int | None,
    log: PublicationLog,
) -> _Release:
    """Count and suppress every table of ``period`` on its own, consistently with ``log``."""
    taxonomy, threshold = options.taxonomy, options.threshold
    counts = count(
        summaries, taxonomy=taxonomy, period=period, periods=[period], households_at_start=households_at_start
    )
    layouts, _withheld = lay_out(
        taxonomy, period, [period], counts, threshold=threshold, chosen=options.chosen, wanted=options.wanted
    )
    here = period_code(period)
    sums = [s for layout in layouts for s in layout.sums()] + cross_sums(here)
    own = {k: counts.counts.get(k, 0) for layout in layouts for line in layout.keys for k in line}
    for k, value in insight_counts(summaries, taxonomy=taxonomy, period=period).items():
        own.setdefault(k, value)
    sums += insight_sums(taxonomy, here, own)
    logged = log.around(period)
    values = dict(own)
    revised = 0
    for k, was in logged.items():
        if was is not None and k in own and own[k] != was:
            revised += 1
        if was is not None:
            values[k] = was
    now, their_sums = _logged_system(summaries, options, [k for k in logged if k not in own])
    for k, count_now in now.items():
        values.setdefault(k, count_now)
    sums += their_sums
    sums = [(total, parts) for total, parts in sums if total in values and all(p in values for p in parts)]
    sums += period_sums(values)
    headline = [key("departures", ("period", here)), key("households", ("at_start", here))]
    fixed = {k for k, was in logged.items() if was is not None}
    before = {k for k, was in logged.items() if was is None}
    hidden = protect(values, sums, threshold, keep=headline, hidden=before, fixed=fixed)
    given_away = _given_away(values, sums, hidden, fixed)
    return _Release(
        counts=counts,
        values={k: values[k] for k in own},
        hidden=hidden & own.keys(),
        revised=revised,
        given_away=given_away,
    )


def _logged_system(
    summaries: Summaries, options: _Options, keys: Sequence[Key]
) -> tuple[dict[Key, int], list[Sum]]:
    """Today's counts under ``keys`` (of other periods in the log), and the sums of those periods' tables."""
    by_period: dict[Period, list[Key]] = {}
    for k in keys:
        found = key_period(k)
        if found is not None:
            by_period.setdefault(found[1], []).append(k)
    values: dict[Key, int] = {}
    sums: list[Sum] = []
    for period, wanted in by_period.items():
        counted = count(
            summaries, taxonomy=options.taxonomy, period=period, periods=[period], households_at_start=None
        )
        theirs = insight_counts(summaries, taxonomy=options.taxonomy, period=period)
        values.update((k, counted.counts.get(k, theirs.get(k, 0))) for k in wanted)
        layouts, _withheld = lay_out(
            options.taxonomy,
            period,
            [period],
            counted,
            threshold=options.threshold,
            chosen=options.chosen,
            wanted=options.wanted,
        )
        sums += [s for layout in layouts for s in layout.sums()] + cross_sums(period_code(period))
        sums += insight_sums(options.taxonomy, period_code(period), [*theirs, *counted.counts])
    return values, sums


def _given_away(values: dict[Key, int], sums: list[Sum], hidden: set[Key], fixed: set[Key]) -> int:
    """How many non-zero hidden counts the published ones fix between them (only ever through ``fixed``)."""
    if not fixed:
        return 0
    exposed = determined(sorted(hidden, key=repr), sums)
    return sum(1 for k in exposed if values[k])


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


def _notes(
    threshold: int,
    supplied: bool,
    conflicting: bool,
    periods: int,
    *,
    standard: bool,
    logged: bool,
    revised: int,
    given_away: int,
) -> tuple[str, ...]:
    notes = [
        "Departures are counted in the period notice was given in; approvals by the date of approval.",
        "Reasons are those given at either interview stage, only where the carer consented to their "
        "anonymised use, else those stated when the household left; the main reason is the first "
        "reason of the latest stage.",
        f"Counts from 1 to {threshold} are suppressed and shown as [c]. Further counts are suppressed "
        "until no suppressed count can be worked out from the published ones, across every table here.",
        "Rates and shares use only published counts.",
        "Exit interviews: departures in the period by whether an exit interview was offered, those "
        "offered by the stages held, and those that held stage 1 by how the interviews were held; an "
        "interview counts as offered, taken up or declined as in the service's process figures.",
        "You said, we did: suggestions from exit interviews count only where the carer consented to "
        "their anonymised use; a suggestion without it is not counted anywhere, and the carers' own "
        "words are never published. A summary of what the service did is listed only where the "
        "service marked it publishable and the count it belongs to is shown.",
        "Considering leaving: households the service talked to about leaving before any notice, by "
        "how their latest conversation in the period ended.",
        "Households at the start were "
        + ("supplied by the service." if supplied else "counted from the household records."),
    ]
    if periods > 1:
        notes.append(
            f"The trend shows {periods} periods of the same length, the last being this one; each "
            "period's counts are suppressed as that period's own publication suppresses them."
        )
    if not standard:
        notes.append(
            "This period is not a reporting year, half-year or quarter: comparing it with another "
            "publication for an overlapping period can single out carers."
        )
    if logged:
        notes.append(
            "Counts published before are shown as they were, and counts suppressed before stay "
            "suppressed, so this publication can be set beside the earlier ones safely."
        )
    if revised:
        notes.append(
            f"{revised} count{'s' if revised != 1 else ''} published before "
            f"{'have' if revised != 1 else 'has'} changed in the records since; "
            f"{'they are' if revised != 1 else 'it is'} shown as first published."
        )
    if given_away:
        notes.append(
            f"{given_away} suppressed count{'s' if given_away != 1 else ''} could already be worked out "
            "from earlier publications together; nothing here adds to that."
        )
    if conflicting:
        notes.append(
            "Some records appear more than once with different details; one version of each was used."
        )
    return tuple(notes)
