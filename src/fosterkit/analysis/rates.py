"""Retention rates for one period, in the shape national figures are published, so a service can compare.

:func:`retention_rates` reads a stream of records once (households, departures, data collection
records and exit processes in any order and mix) into the summaries of
:mod:`fosterkit.analysis._summaries`, or is given those summaries. What it returns has been
through small-number suppression (:mod:`fosterkit.analysis.suppression`); the counts behind it
never leave this module.

Households at the start
    Either the number the caller supplies, or those in the records approved before the first
    day of the period and not deregistered or transferred by the end of the day before it. A
    household approved on the first day counts as an approval in the period, not as one at the
    start, so that households at the start plus approvals less leavers gives those at the end.

Departures
    Departures whose notice falls in the period, each counted once however often it appears.

Tenure and early attrition
    From the household's approval to the day it left (``leaving_on``, or the notice date when
    that is not recorded), in whole years counted from the anniversary of approval: a household
    approved on 10 May 2025 that leaves on 9 May 2026 is under a year; on 10 May 2026 it is not.
    Early attrition is the first tenure band. A departure without its household's record, or
    dated before the approval, cannot be judged and is counted as unknown.

Positive endings
    Departures whose main reason falls under the taxonomy's ``positive`` theme (the child found
    permanence, with the carer or elsewhere). The main reason is the primary reason of the latest
    exit interview record (stage 2 over stage 1), or else the first reason stated on the
    departure; codes are brought up to date with :meth:`~fosterkit.reasons.Taxonomy.migrate`.

Preventable
    As in :func:`~fosterkit.analysis.exit_insights`: the answer of stage 2 if it has one, else
    that of stage 1; departures with neither are "not asked". The share is of those who answered
    yes or no.

Age profile
    The age bands of the carers in leaving households, from their equality data (special
    category). It is published only when more carers than the threshold have a recorded age band,
    and then band by band with the usual suppression.

Mainstream and connected persons
    Every figure above is for all households together. :attr:`RetentionRates.by_approval_kind`
    splits households at the start, approvals, departures and the leaving rate between
    mainstream households and connected persons (family and friends approved for a particular
    child, ``Household.approval_kind``), with departures whose household record is missing
    under ``unknown``. Each measure is suppressed as a one-way table whose total is the
    all-households figure. Households at the start by kind come from the household records,
    unless the caller gives ``mainstream_households_at_start``.

National comparison
    :attr:`RetentionRates.national` (see :mod:`fosterkit.analysis.approval_kinds`) compares only
    the mainstream leaving rate with the national
    mainstream figure: Ofsted, *Fostering in England 2024 to 2025*, about 33,400 mainstream
    fostering households at 31 March 2025 and 4,690 mainstream households deregistered in the
    year (about 14.0 per 100; the deregistrations as reported second-hand). A period other than
    a year is scaled to a year by its length, which is only a rough guide.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from attrs import define, field, frozen

from fosterkit._util import validators as v
from fosterkit._util.collector import collector_paused
from fosterkit.analysis._categories import (
    AGE_LABELS,
    POSITIVE_THEME,
    PREVENTABLE_ROWS,
    TENURE_BANDS,
    UNKNOWN_COLUMN,
    UNKNOWN_TENURE,
    answer_row,
    classifier,
    label,
)
from fosterkit.analysis._kept import Home, home_by_dates
from fosterkit.analysis._summaries import Summaries, View, check_households_at_start, summaries_of
from fosterkit.analysis.approval_kinds import (
    MEASURES,
    ApprovalKindRates,
    NationalComparison,
    compare_nationally,
    split_by_kind,
)
from fosterkit.analysis.periods import Period
from fosterkit.analysis.suppression import (
    SUPPRESSED,
    Suppressed,
    check_count,
    check_difference,
    check_threshold,
    suppress,
    suppress_total,
)
from fosterkit.interviews.metrics import Share
from fosterkit.reasons import Taxonomy
from fosterkit.records import AgeBand, ApprovalKind, DestinationKind

__all__ = [
    "AGE_LABELS",
    "POSITIVE_THEME",
    "PREVENTABLE_ROWS",
    "TENURE_BANDS",
    "CountRow",
    "RetentionRates",
    "retention_rates",
]

_count = check_count
_maybe_share = v.instance_of((Share, type(None)))


@frozen(kw_only=True)
class CountRow:
    """One row of a published table: a category and its count (``SUPPRESSED`` when suppressed)."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    count: int | Suppressed = field(validator=_count)


@frozen(kw_only=True)
class RetentionRates:
    """Retention figures for one period, safe to show to anyone who may see the published figures.

    A suppressed count is :data:`~fosterkit.analysis.SUPPRESSED` (show it with
    :func:`fosterkit.analysis.shown`). A share or rate is given only when every count it is made
    from is published; it is ``None`` otherwise.
    """

    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=v.instance_of(datetime.date))
    threshold: int = field(validator=v.instance_of(int))
    """Counts from 1 up to this are suppressed."""
    households_at_start: int | Suppressed = field(validator=_count)
    households_at_start_source: Literal["supplied", "derived"] = field(validator=v.instance_of(str))
    """Whether the caller gave the number of households at the start or it came from the records."""
    approvals: int | Suppressed = field(validator=_count)
    """Households approved in the period."""
    departures: int | Suppressed = field(validator=_count)
    """Departures with notice in the period."""
    net_change: int | Suppressed = field(validator=check_difference)
    """Approvals less departures; shown only when both are."""
    leaving_rate: float | None = field(validator=v.instance_of((float, type(None))))
    """Departures as a percentage of households at the start; may pass 100 when new households
    leave too. ``None`` when either count is suppressed or there were no households at the start."""
    voluntary: int | Suppressed = field(validator=_count)
    """Departures the carer chose: resignation, retirement, transfer."""
    ended_by_service: int | Suppressed = field(validator=_count)
    """Departures where the service terminated the approval."""
    voluntary_share: Share | None = field(validator=_maybe_share)
    """Voluntary departures out of all departures."""
    preventable: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Departures by the leaver's answer to whether leaving could have been prevented."""
    preventable_share: Share | None = field(validator=_maybe_share)
    """"Yes" out of "yes" and "no"."""
    positive: int | Suppressed = field(validator=_count)
    """Departures whose main reason was a positive ending (the child found permanence)."""
    positive_share: Share | None = field(validator=_maybe_share)
    """Positive endings out of all departures."""
    early_attrition: int | Suppressed = field(validator=_count)
    """Departures of households that left within 12 months of approval (the first tenure band)."""
    early_attrition_unknown: int | Suppressed = field(validator=_count)
    """Departures whose tenure could not be judged (the tenure table's unknown row)."""
    early_attrition_share: Share | None = field(validator=_maybe_share)
    """Early attrition out of the departures whose tenure is known."""
    transfers: int | Suppressed = field(validator=_count)
    """Departures that transferred to another fostering service."""
    transfers_by_destination: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Transfers by the kind of service the household went to."""
    tenure: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Departures by years from approval to leaving, then those not known; sums to ``departures``."""
    carers_with_age: int | Suppressed = field(validator=_count)
    """Carers in leaving households with an age band recorded."""
    age_profile: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Those carers by age band; empty when the profile is withheld."""
    age_profile_withheld: str | None = field(validator=v.optional(v.text))
    """Why the age profile is not shown, if it is not."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])
    """What a reader needs to know: the method, the threshold, anything left out."""
    by_approval_kind: tuple[ApprovalKindRates, ...] = field(
        default=(), validator=v.tuple_of(ApprovalKindRates)
    )
    """Mainstream, then connected persons, then (only if there are any) departures whose household
    is not known. Every other figure is for all households together."""
    national: NationalComparison | None = field(
        default=None, validator=v.instance_of((NationalComparison, type(None)))
    )
    """The mainstream leaving rate beside the national mainstream figure."""


# -- the single pass ---------------------------------------------------------------------------

#: The rates read a household's dates and its carers' age bands, and all that is kept of a departure.
_VIEW = View(home=home_by_dates)


@define
class _Tally:
    """The counts before suppression."""

    households_at_start: int
    derived_households_at_start: int = 0
    approvals: int = 0
    departures: int = 0
    voluntary: int = 0
    ended_by_service: int = 0
    preventable: dict[str, int] = field(factory=lambda: {code: 0 for code, _label in PREVENTABLE_ROWS})
    positive: int = 0
    transfers: dict[DestinationKind, int] = field(factory=lambda: dict.fromkeys(DestinationKind, 0))
    tenure: dict[str, int] = field(
        factory=lambda: {code: 0 for code, *_rest in (*TENURE_BANDS, UNKNOWN_TENURE)}
    )
    ages: dict[AgeBand, int] = field(factory=lambda: dict.fromkeys(AgeBand, 0))
    missing_households: int = 0
    """Departures in the period whose household is not in the records."""
    before_approval: int = 0
    """Departures in the period dated before their household's approval."""
    unknown_codes: set[str] = field(factory=set)
    conflicting: int = 0
    kinds: dict[str, dict[str, int]] = field(
        factory=lambda: {
            measure: {kind.value: 0 for kind in ApprovalKind} | {UNKNOWN_COLUMN[0]: 0} for measure in MEASURES
        }
    )
    """Each measure by approval kind (``unknown`` for departures without a household record)."""


@collector_paused
def _tally(
    records: Iterable[object] | Summaries,
    *,
    period: Period,
    taxonomy: Taxonomy,
    households_at_start: int | None,
) -> _Tally:
    """Count ``records`` (or their summaries) without suppression."""
    reading = summaries_of(records).read(_VIEW)
    derived = sum(home.at_start(period) for home in reading.homes.values())
    tally = _Tally(
        households_at_start=derived if households_at_start is None else households_at_start,
        derived_households_at_start=derived,
        approvals=sum(period.contains(home.approved_on) for home in reading.homes.values()),
        conflicting=len(reading.conflicting),
    )
    for kept in reading.homes.values():
        tally.kinds["households_at_start"][kept.approval_kind.value] += kept.at_start(period)
        tally.kinds["approvals"][kept.approval_kind.value] += period.contains(kept.approved_on)
    theme = classifier(taxonomy, 1)
    for leaver in reading.leavers.values():
        if not period.contains(leaver.notice_on):
            continue
        tally.departures += 1
        if leaver.route.ended_by_service:
            tally.ended_by_service += 1
        else:
            tally.voluntary += 1
        if leaver.destination is not None:
            tally.transfers[leaver.destination] += 1
        tally.preventable[answer_row(leaver.answer)] += 1
        main = leaver.main_reason
        if main is not None:
            found = theme(main)
            if found is None:
                tally.unknown_codes.add(main)
            tally.positive += found == POSITIVE_THEME
        home: Home | None = reading.homes.get(leaver.household_id)
        kind = UNKNOWN_COLUMN[0] if home is None else home.approval_kind.value
        tally.kinds["departures"][kind] += 1
        tenure = leaver.tenure(home)
        tally.tenure[tenure] += 1
        if home is None:
            tally.missing_households += 1
            continue
        for band in home.ages:
            tally.ages[band] += 1
        tally.before_approval += tenure == UNKNOWN_TENURE[0]
    return tally


# -- publishing --------------------------------------------------------------------------------


def _rows(labels: Iterable[tuple[str, str]], counts: dict[str, int | Suppressed]) -> tuple[CountRow, ...]:
    return tuple(CountRow(code=code, label=label, count=counts[code]) for code, label in labels)


def _share(of: int | Suppressed, count: int | Suppressed) -> Share | None:
    return None if of is SUPPRESSED or count is SUPPRESSED else Share(of, count)


def retention_rates(
    records: Iterable[object] | Summaries,
    *,
    period: Period,
    taxonomy: Taxonomy,
    households_at_start: int | None = None,
    threshold: int = 5,
    mainstream_households_at_start: int | None = None,
) -> RetentionRates:
    """Leaving rate, approvals against departures, and the make-up of leavers in ``period``, suppressed.

    ``records`` is read once and may mix :class:`~fosterkit.Household`,
    :class:`~fosterkit.Departure`, :class:`~fosterkit.DataCollectionRecord` and
    :class:`~fosterkit.ExitProcess` objects in any order; other objects are passed over. A record
    seen more than once counts once; the summaries of the records
    (:func:`~fosterkit.analysis._summaries.summarise`) may be given in their place.
    ``households_at_start`` is the service's own count of
    approved households when the period began; without it the count comes from the household
    records. ``threshold`` (3 to 10) is the largest count that is suppressed; anything else
    raises ``ValueError``. ``mainstream_households_at_start`` is the service's own count of
    mainstream households when the period began, for the split by approval kind and the national
    comparison; without it that count comes from the household records. The rules are set out
    in :mod:`fosterkit.analysis.rates`.
    """
    check_threshold(threshold)
    check_households_at_start(households_at_start)
    check_households_at_start(mainstream_households_at_start)
    tally = _tally(records, period=period, taxonomy=taxonomy, households_at_start=households_at_start)
    t = threshold

    households = suppress_total(tally.households_at_start, t)
    approvals = suppress_total(tally.approvals, t)
    departures = suppress_total(tally.departures, t)
    both = approvals is not SUPPRESSED and departures is not SUPPRESSED
    shown_rate = households is not SUPPRESSED and households > 0 and departures is not SUPPRESSED
    leaving_rate = 100 * tally.departures / tally.households_at_start if shown_rate else None

    route = suppress({"voluntary": tally.voluntary, "service": tally.ended_by_service}, t)
    voluntary_share = _share(departures, route["voluntary"]) if route["service"] is not SUPPRESSED else None

    preventable = suppress(tally.preventable, t)
    yes, no = preventable["yes"], preventable["no"]
    preventable_share = None if yes is SUPPRESSED or no is SUPPRESSED else Share(yes + no, yes)

    positive = suppress({"positive": tally.positive, "other": tally.departures - tally.positive}, t)
    positive_share = _share(departures, positive["positive"]) if positive["other"] is not SUPPRESSED else None

    tenure = suppress(tally.tenure, t)
    early, unknown = tenure[TENURE_BANDS[0][0]], tenure[UNKNOWN_TENURE[0]]
    judged = SUPPRESSED if departures is SUPPRESSED or unknown is SUPPRESSED else departures - unknown

    transfers_total = sum(tally.transfers.values())
    by_destination = suppress({kind.value: n for kind, n in tally.transfers.items()}, t)

    known_ages = sum(tally.ages.values())
    carers_with_age = suppress_total(known_ages, t)
    withheld: str | None = None
    age_rows: tuple[CountRow, ...] = ()
    if known_ages == 0:
        withheld = "No carer in a leaving household has an age band recorded."
    elif carers_with_age is SUPPRESSED:
        withheld = f"{threshold} or fewer carers in leaving households have an age band recorded."
    else:
        ages = suppress({band.value: n for band, n in tally.ages.items()}, t)
        age_rows = _rows(((band.value, label) for band, label in AGE_LABELS.items()), ages)

    totals = {"households_at_start": households, "approvals": approvals, "departures": departures}
    by_kind = split_by_kind(tally.kinds, totals, t, mainstream_households_at_start)
    return RetentionRates(
        start=period.start,
        end=period.end,
        threshold=threshold,
        households_at_start=households,
        households_at_start_source="derived" if households_at_start is None else "supplied",
        approvals=approvals,
        departures=departures,
        net_change=tally.approvals - tally.departures if both else SUPPRESSED,
        leaving_rate=leaving_rate,
        voluntary=route["voluntary"],
        ended_by_service=route["service"],
        voluntary_share=voluntary_share,
        preventable=_rows(PREVENTABLE_ROWS, preventable),
        preventable_share=preventable_share,
        positive=positive["positive"],
        positive_share=positive_share,
        early_attrition=early,
        early_attrition_unknown=unknown,
        early_attrition_share=_share(judged, early),
        transfers=suppress_total(transfers_total, t),
        transfers_by_destination=_rows(
            ((kind.value, label(kind.value)) for kind in DestinationKind),
            by_destination,
        ),
        tenure=_rows(((code, label) for code, label, _years in TENURE_BANDS), tenure)
        + _rows([UNKNOWN_TENURE], tenure),
        carers_with_age=carers_with_age,
        age_profile=age_rows,
        age_profile_withheld=withheld,
        notes=_notes(
            period,
            tally,
            threshold,
            supplied=households_at_start is not None,
            mainstream_supplied=mainstream_households_at_start is not None,
        ),
        by_approval_kind=by_kind,
        national=compare_nationally(period, by_kind[0]),
    )


def _notes(
    period: Period, tally: _Tally, threshold: int, *, supplied: bool, mainstream_supplied: bool
) -> tuple[str, ...]:
    notes = [
        f"Period: {period.label}. Departures are counted by the date notice was given; approvals by "
        "the date of approval.",
        f"Counts from 1 to {threshold} are suppressed and shown as [c]. Where a single suppressed "
        "count could be worked out from a published total, the next smallest count is suppressed too. "
        "Shares and rates are given only when every count they use is published.",
        "Households at the start were "
        + (
            "supplied by the service."
            if supplied
            else "counted from the household records: approved before the period began and not yet "
            "deregistered or transferred."
        ),
        "Tenure runs from approval to the leaving date (the notice date where none is recorded); "
        "early attrition is leaving within 12 months of approval.",
        "A positive ending is a departure whose main reason falls under the taxonomy's "
        "'Positive endings' theme.",
        "Figures are for all households, mainstream and connected persons together, except where split "
        "by approval kind. Mainstream households at the start were "
        + ("supplied by the service." if mainstream_supplied else "counted from the household records.")
        + " Only the mainstream leaving rate is compared with the national mainstream figure.",
    ]
    if tally.missing_households:
        notes.append(
            "Some departures have no household record, so their tenure and carers' ages are not known."
        )
    if tally.before_approval:
        notes.append("Some departures are dated before their household's approval; their tenure is unknown.")
    if tally.unknown_codes:
        notes.append("Some main reasons are not in the taxonomy; they are not counted as positive endings.")
    if tally.conflicting:
        notes.append(
            "Some records appear more than once with different details; one version of each was used."
        )
    return tuple(notes)
