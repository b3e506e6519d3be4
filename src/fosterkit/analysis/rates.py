"""Retention rates for one period, in the shape national figures are published, so a service can compare.

:func:`retention_rates` reads a stream of records once (households, departures, data collection
records and exit processes in any order and mix) and keeps a small summary of each household and
each departure. What it returns has been through small-number suppression
(:mod:`fosterkit.analysis.suppression`); the counts behind it never leave this module.

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
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, Generic, Literal, Protocol, TypeVar

from attrs import define, field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.exit_insights import _answer, _Said
from fosterkit.analysis.periods import Period
from fosterkit.analysis.suppression import check_threshold, suppress, suppress_total
from fosterkit.errors import UnknownCodeError
from fosterkit.interviews.metrics import Share
from fosterkit.interviews.process import ExitProcess
from fosterkit.interviews.record import Answer, DataCollectionRecord
from fosterkit.interviews.stages import InterviewStage
from fosterkit.reasons import Taxonomy
from fosterkit.records import AgeBand, Departure, DestinationKind, Household, LeavingRoute

__all__ = [
    "AGE_LABELS",
    "POSITIVE_THEME",
    "PREVENTABLE_ROWS",
    "TENURE_BANDS",
    "CountRow",
    "RetentionRates",
    "retention_rates",
]

#: The taxonomy theme whose reasons are positive endings.
POSITIVE_THEME = "positive"

#: Tenure bands as ``(code, label, upper bound in whole years or None)``, then the unknown row.
TENURE_BANDS: tuple[tuple[str, str, int | None], ...] = (
    ("under_1", "Under 1 year", 1),
    ("1_to_2", "1 to 2 years", 2),
    ("2_to_5", "2 to 5 years", 5),
    ("5_to_10", "5 to 10 years", 10),
    ("10_plus", "10 years or more", None),
)
_UNKNOWN_TENURE = ("unknown", "Not known")

#: The rows of the preventable table: ``(code, label)``.
PREVENTABLE_ROWS: tuple[tuple[str, str], ...] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("not_sure", "Not sure"),
    ("not_asked", "Not asked or not answered"),
)

#: Labels of the age bands, in order.
AGE_LABELS: dict[AgeBand, str] = {
    AgeBand.UNDER_25: "Under 25",
    AgeBand.FROM_25_TO_34: "25 to 34",
    AgeBand.FROM_35_TO_44: "35 to 44",
    AgeBand.FROM_45_TO_54: "45 to 54",
    AgeBand.FROM_55_TO_64: "55 to 64",
    AgeBand.FROM_65: "65 and over",
}

_count = v.optional(v.non_negative)
_maybe_share = v.instance_of((Share, type(None)))


@frozen(kw_only=True)
class CountRow:
    """One row of a published table: a category and its count (``None`` when suppressed)."""

    code: str = field(validator=v.text)
    label: str = field(validator=v.text)
    count: int | None = field(validator=_count)


@frozen(kw_only=True)
class RetentionRates:
    """Retention figures for one period, safe to show to anyone who may see the published figures.

    A count of ``None`` is suppressed (show it with :func:`fosterkit.analysis.shown`). A share
    or rate is given only when every count it is made from is published; it is ``None`` otherwise.
    """

    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=v.instance_of(datetime.date))
    threshold: int = field(validator=v.instance_of(int))
    """Counts from 1 up to this are suppressed."""
    households_at_start: int | None = field(validator=_count)
    households_at_start_source: Literal["supplied", "derived"] = field(validator=v.instance_of(str))
    """Whether the caller gave the number of households at the start or it came from the records."""
    approvals: int | None = field(validator=_count)
    """Households approved in the period."""
    departures: int | None = field(validator=_count)
    """Departures with notice in the period."""
    net_change: int | None = field(validator=v.instance_of((int, type(None))))
    """Approvals less departures; shown only when both are."""
    leaving_rate: float | None = field(validator=v.instance_of((float, type(None))))
    """Departures as a percentage of households at the start; may pass 100 when new households
    leave too. ``None`` when either count is suppressed or there were no households at the start."""
    voluntary: int | None = field(validator=_count)
    """Departures the carer chose: resignation, retirement, transfer."""
    ended_by_service: int | None = field(validator=_count)
    """Departures where the service terminated the approval."""
    voluntary_share: Share | None = field(validator=_maybe_share)
    """Voluntary departures out of all departures."""
    preventable: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Departures by the leaver's answer to whether leaving could have been prevented."""
    preventable_share: Share | None = field(validator=_maybe_share)
    """"Yes" out of "yes" and "no"."""
    positive: int | None = field(validator=_count)
    """Departures whose main reason was a positive ending (the child found permanence)."""
    positive_share: Share | None = field(validator=_maybe_share)
    """Positive endings out of all departures."""
    early_attrition: int | None = field(validator=_count)
    """Departures of households that left within 12 months of approval (the first tenure band)."""
    early_attrition_unknown: int | None = field(validator=_count)
    """Departures whose tenure could not be judged (the tenure table's unknown row)."""
    early_attrition_share: Share | None = field(validator=_maybe_share)
    """Early attrition out of the departures whose tenure is known."""
    transfers: int | None = field(validator=_count)
    """Departures that transferred to another fostering service."""
    transfers_by_destination: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Transfers by the kind of service the household went to."""
    tenure: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Departures by years from approval to leaving, then those not known; sums to ``departures``."""
    carers_with_age: int | None = field(validator=_count)
    """Carers in leaving households with an age band recorded."""
    age_profile: tuple[CountRow, ...] = field(validator=v.tuple_of(CountRow))
    """Those carers by age band; empty when the profile is withheld."""
    age_profile_withheld: str | None = field(validator=v.optional(v.text))
    """Why the age profile is not shown, if it is not."""
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.text)])
    """What a reader needs to know: the method, the threshold, anything left out."""


# -- the single pass ---------------------------------------------------------------------------


@frozen
class _Home:
    """What is kept of a household."""

    approved_on: datetime.date
    left_on: datetime.date | None
    """When its status first became final (deregistered or transferred)."""
    ages: tuple[AgeBand, ...]
    """The age bands its carers have recorded, in a fixed order."""

    @property
    def key(self) -> tuple[datetime.date, datetime.date, tuple[str, ...]]:
        return (self.approved_on, self.left_on or datetime.date.max, tuple(a.value for a in self.ages))


@frozen
class _Left:
    """What is kept of a departure."""

    household_id: str
    notice_on: datetime.date
    leaving_on: datetime.date | None
    route: LeavingRoute
    destination: DestinationKind | None
    stated_reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[datetime.date, datetime.date, str, str, str, tuple[str, ...]]:
        return (
            self.notice_on,
            self.leaving_on or datetime.date.min,
            self.household_id,
            self.route.value,
            "" if self.destination is None else self.destination.value,
            self.stated_reasons,
        )


def _home(household: Household) -> _Home:
    left_on = next((c.since for c in household.history if c.status.is_final), None)
    ages = [c.equality.age_band for c in household.carers if c.equality is not None]
    return _Home(
        household.approved_on,
        left_on,
        tuple(sorted((a for a in ages if a is not None), key=lambda a: a.value)),
    )


class _Keyed(Protocol):
    @property
    def key(self) -> Any: ...


#: What is kept of a household: anything with a ``key`` that orders two summaries of one household.
H = TypeVar("H", bound=_Keyed)


@define
class _Summaries(Generic[H]):
    """The per-household and per-departure summaries built in one pass (themes use it too).

    ``summarise_home`` decides what is kept of a household; a record seen twice with other
    values keeps the greater summary by its ``key``, whatever the order, and is named in
    ``conflicting``.
    """

    summarise_home: Callable[[Household], H]
    homes: dict[str, H] = field(factory=dict)
    departures: dict[str, _Left] = field(factory=dict)
    interviews: dict[str, dict[InterviewStage, _Said]] = field(factory=dict)
    conflicting: set[str] = field(factory=set)

    def add(self, record: object) -> None:
        if isinstance(record, Household):
            self.add_home(record)
        elif isinstance(record, Departure):
            self.add_departure(record)
        elif isinstance(record, DataCollectionRecord):
            self.add_interview(record)
        elif isinstance(record, ExitProcess):
            self.add_departure(record.departure)
            for interview in record.interviews:
                self.add_interview(interview.record)

    def add_home(self, household: Household) -> None:
        home = self.summarise_home(household)
        known = self.homes.get(household.id)
        if known is not None and known != home:
            self.conflicting.add(f"household {household.id}")
            home = max(known, home, key=lambda h: h.key)
        self.homes[household.id] = home

    def add_departure(self, departure: Departure) -> None:
        left = _Left(
            departure.household_id,
            departure.notice_on,
            departure.leaving_on,
            departure.route,
            departure.destination,
            departure.stated_reasons,
        )
        known = self.departures.get(departure.id)
        if known is not None and known != left:
            self.conflicting.add(f"departure {departure.id}")
            left = max(known, left, key=lambda d: d.key)
        self.departures[departure.id] = left

    def add_interview(self, record: DataCollectionRecord) -> None:
        said = _Said(record.interviewed_on, record.id, record.reasons, record.preventable)
        stages = self.interviews.setdefault(record.departure_id, {})
        known = stages.get(record.stage)
        if known is None or said.order > known.order:
            stages[record.stage] = said


def _anniversary(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved on ``years`` years; 29 February falls back to the 28th in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _tenure_band(approved_on: datetime.date, left_on: datetime.date) -> str:
    for code, _label, years in TENURE_BANDS:
        if years is None or left_on < _anniversary(approved_on, years):
            return code
    raise AssertionError("unreachable: the last band is open")  # pragma: no cover


def _main_reason(left: _Left, stages: dict[InterviewStage, _Said]) -> str | None:
    for stage in (InterviewStage.EXIT_STAGE_2, InterviewStage.EXIT_STAGE_1):
        said = stages.get(stage)
        if said is not None:
            return said.reasons[0]
    return left.stated_reasons[0] if left.stated_reasons else None


_ANSWER_ROW = {Answer.YES: "yes", Answer.NO: "no", Answer.NOT_SURE: "not_sure"}


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
        factory=lambda: {code: 0 for code, *_rest in (*TENURE_BANDS, _UNKNOWN_TENURE)}
    )
    ages: dict[AgeBand, int] = field(factory=lambda: dict.fromkeys(AgeBand, 0))
    missing_households: int = 0
    """Departures in the period whose household is not in the records."""
    before_approval: int = 0
    """Departures in the period dated before their household's approval."""
    unknown_codes: set[str] = field(factory=set)
    conflicting: int = 0


def _tally(
    records: Iterable[object], *, period: Period, taxonomy: Taxonomy, households_at_start: int | None
) -> _Tally:
    """Read ``records`` once and count, without suppression."""
    summaries = _Summaries(_home)
    for record in records:
        summaries.add(record)
    day_before = period.start - datetime.timedelta(days=1)
    derived = sum(
        home.approved_on <= day_before and (home.left_on is None or home.left_on > day_before)
        for home in summaries.homes.values()
    )
    tally = _Tally(
        households_at_start=derived if households_at_start is None else households_at_start,
        derived_households_at_start=derived,
        approvals=sum(period.contains(home.approved_on) for home in summaries.homes.values()),
        conflicting=len(summaries.conflicting),
    )
    for departure_id, left in summaries.departures.items():
        if not period.contains(left.notice_on):
            continue
        tally.departures += 1
        if left.route.ended_by_service:
            tally.ended_by_service += 1
        else:
            tally.voluntary += 1
        if left.destination is not None:
            tally.transfers[left.destination] += 1
        stages = summaries.interviews.get(departure_id, {})
        answer = _answer(stages)
        tally.preventable["not_asked" if answer is None else _ANSWER_ROW[answer]] += 1
        main = _main_reason(left, stages)
        if main is not None:
            try:
                tally.positive += taxonomy.at_level(taxonomy.migrate(main), 1) == POSITIVE_THEME
            except UnknownCodeError:
                tally.unknown_codes.add(main)
        home = summaries.homes.get(left.household_id)
        if home is None:
            tally.missing_households += 1
            tally.tenure[_UNKNOWN_TENURE[0]] += 1
            continue
        for band in home.ages:
            tally.ages[band] += 1
        left_on = left.leaving_on or left.notice_on
        if left_on < home.approved_on:
            tally.before_approval += 1
            tally.tenure[_UNKNOWN_TENURE[0]] += 1
        else:
            tally.tenure[_tenure_band(home.approved_on, left_on)] += 1
    return tally


# -- publishing --------------------------------------------------------------------------------


def _rows(labels: Iterable[tuple[str, str]], counts: dict[str, int | None]) -> tuple[CountRow, ...]:
    return tuple(CountRow(code=code, label=label, count=counts[code]) for code, label in labels)


def _share(of: int | None, count: int | None) -> Share | None:
    return None if of is None or count is None else Share(of, count)


def _check_households(households_at_start: int | None) -> None:
    if households_at_start is None:
        return
    if isinstance(households_at_start, bool) or not isinstance(households_at_start, int):
        raise TypeError(f"households_at_start must be a whole number, not {households_at_start!r}")
    if households_at_start < 0:
        raise ValueError(f"households_at_start cannot be negative, not {households_at_start}")


def retention_rates(
    records: Iterable[object],
    *,
    period: Period,
    taxonomy: Taxonomy,
    households_at_start: int | None = None,
    threshold: int = 5,
) -> RetentionRates:
    """Leaving rate, approvals against departures, and the make-up of leavers in ``period``, suppressed.

    ``records`` is read once and may mix :class:`~fosterkit.Household`,
    :class:`~fosterkit.Departure`, :class:`~fosterkit.DataCollectionRecord` and
    :class:`~fosterkit.ExitProcess` objects in any order; other objects are passed over. A record
    seen more than once counts once. ``households_at_start`` is the service's own count of
    approved households when the period began; without it the count comes from the household
    records. ``threshold`` (3 to 10) is the largest count that is suppressed; anything else
    raises ``ValueError``. The rules are set out in :mod:`fosterkit.analysis.rates`.
    """
    check_threshold(threshold)
    _check_households(households_at_start)
    tally = _tally(records, period=period, taxonomy=taxonomy, households_at_start=households_at_start)
    t = threshold

    households = suppress_total(tally.households_at_start, t)
    approvals = suppress_total(tally.approvals, t)
    departures = suppress_total(tally.departures, t)
    both = approvals is not None and departures is not None
    leaving_rate = (
        100 * tally.departures / tally.households_at_start if households and departures is not None else None
    )

    route = suppress({"voluntary": tally.voluntary, "service": tally.ended_by_service}, t)
    voluntary_share = _share(departures, route["voluntary"]) if route["service"] is not None else None

    preventable = suppress(tally.preventable, t)
    yes, no = preventable["yes"], preventable["no"]
    preventable_share = None if yes is None or no is None else Share(yes + no, yes)

    positive = suppress({"positive": tally.positive, "other": tally.departures - tally.positive}, t)
    positive_share = _share(departures, positive["positive"]) if positive["other"] is not None else None

    tenure = suppress(tally.tenure, t)
    early, unknown = tenure[TENURE_BANDS[0][0]], tenure[_UNKNOWN_TENURE[0]]
    judged = None if departures is None or unknown is None else departures - unknown

    transfers_total = sum(tally.transfers.values())
    by_destination = suppress({kind.value: n for kind, n in tally.transfers.items()}, t)

    known_ages = sum(tally.ages.values())
    carers_with_age = suppress_total(known_ages, t)
    withheld: str | None = None
    age_rows: tuple[CountRow, ...] = ()
    if known_ages == 0:
        withheld = "No carer in a leaving household has an age band recorded."
    elif carers_with_age is None:
        withheld = f"{threshold} or fewer carers in leaving households have an age band recorded."
    else:
        ages = suppress({band.value: n for band, n in tally.ages.items()}, t)
        age_rows = _rows(((band.value, label) for band, label in AGE_LABELS.items()), ages)

    return RetentionRates(
        start=period.start,
        end=period.end,
        threshold=threshold,
        households_at_start=households,
        households_at_start_source="derived" if households_at_start is None else "supplied",
        approvals=approvals,
        departures=departures,
        net_change=tally.approvals - tally.departures if both else None,
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
            ((kind.value, kind.value.replace("_", " ").capitalize()) for kind in DestinationKind),
            by_destination,
        ),
        tenure=_rows(((code, label) for code, label, _years in TENURE_BANDS), tenure)
        + _rows([_UNKNOWN_TENURE], tenure),
        carers_with_age=carers_with_age,
        age_profile=age_rows,
        age_profile_withheld=withheld,
        notes=_notes(period, tally, threshold, supplied=households_at_start is not None),
    )


def _notes(period: Period, tally: _Tally, threshold: int, *, supplied: bool) -> tuple[str, ...]:
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
