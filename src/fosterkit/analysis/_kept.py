"""What is kept of each household, departure and exit interview record, and how two versions are told apart.

A :class:`Home` and a :class:`Leaver` are tuples holding only what some analysis reads, so a
service's whole history fits in memory; :mod:`fosterkit.analysis._summaries` builds them in its
one pass over the records. The keys at the end order two versions of one record, for an
analysis to keep the greater.

What an interview said reaches a :class:`Leaver` only when its carer consented to anonymised
use: :class:`Said` is made empty for any other record (:func:`said_of`), so no analysis can count
it. A leaver's reasons are those of both interview stages, the latest stage's first, and the
reasons stated on the departure only when no consenting interview gave any (see :class:`Leaver`).
The same holds for its suggestions (:class:`Suggested`): the theme each was coded under, what
became of it, and the service's summary where it may be published; never the carer's words.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple, Protocol, TypeVar

from fosterkit.analysis._categories import (
    STAGE_1,
    STAGE_2,
    STATED,
    UNKNOWN_COLUMN,
    UNKNOWN_TENURE,
    Breakdown,
    tenure_band,
)
from fosterkit.analysis.national import national_category
from fosterkit.analysis.periods import Period
from fosterkit.interviews.process import Interview, ResponseKind
from fosterkit.interviews.record import Answer, DataCollectionRecord
from fosterkit.reasons import Taxonomy
from fosterkit.records import (
    AgeBand,
    ApprovalKind,
    Carer,
    ConsideringLeaving,
    ConversationOutcome,
    Departure,
    DestinationKind,
    Household,
    LeavingRoute,
    PlacementType,
    ServiceKind,
)

__all__ = [
    "BY_HOUSEHOLD",
    "NO_RESPONSE",
    "CarerData",
    "Home",
    "Leaver",
    "One",
    "Said",
    "Suggested",
    "Talk",
    "home_by_dates",
    "home_key",
    "home_of",
    "household_profile",
    "leaver_key",
    "leaver_of",
    "said_of",
    "talk_of",
]

_PLACEMENT_ORDER = {kind: index for index, kind in enumerate(PlacementType)}
T = TypeVar("T")


class One(Protocol):
    """Gives the one copy kept of a value equal to the one given, so that equal values share memory."""

    def __call__(self, value: T, /) -> T: ...


#: A carer's special-category data: ``(age band, disability, ethnicity)``, blank where not recorded.
CarerData = tuple[str, str, str]


class Home(NamedTuple):
    """What is kept of a household (a tuple: small, and quick to make a million of)."""

    approved_on: datetime.date
    left_on: datetime.date | None
    """When its status first became final (deregistered or transferred)."""
    kind: ServiceKind
    approved_for: tuple[PlacementType, ...]
    """In a fixed order, whatever the order of the record."""
    caring_now: bool
    carers: tuple[CarerData, ...]
    """Each carer's special-category data, in a fixed order."""
    approval_kind: ApprovalKind = ApprovalKind.MAINSTREAM
    """Mainstream fostering, or approval as a connected person (family and friends)."""

    @property
    def ages(self) -> tuple[AgeBand, ...]:
        """The age bands its carers have recorded, in order of their codes."""
        return tuple(AgeBand(age) for age, _disability, _ethnicity in self.carers if age)

    def at_start(self, period: Period) -> bool:
        """Whether it was approved, and not yet gone, on the day before ``period`` began."""
        day_before = period.start - datetime.timedelta(days=1)
        return self.approved_on <= day_before and (self.left_on is None or self.left_on > day_before)


#: The special-category data of a carer who recorded none.
_NO_DATA: CarerData = ("", "", "")


def _carer_data(carer: Carer) -> CarerData:
    data = carer.equality
    if data is None:
        return _NO_DATA
    disability = data.disability
    return (
        "" if data.age_band is None else data.age_band._value_,  # ``value``, without the descriptor's call
        "" if disability is None else ("yes" if disability else "no"),
        " ".join((data.ethnicity or "").split()),
    )


def home_of(household: Household, one: One) -> Home:
    """What is kept of ``household``; ``one`` gives the copy kept of a date or tuple many records share."""
    approved_for = household.approved_for
    if len(approved_for) > 1:
        approved_for = tuple(sorted(approved_for, key=_PLACEMENT_ORDER.__getitem__))
    carers = tuple([one(_carer_data(carer)) for carer in household.carers])
    left_on = None
    for change in household.history:
        if change.status.is_final:
            left_on = one(change.since)
            break
    return Home(
        one(household.approved_on),
        left_on,
        household.service.kind,
        one(approved_for),
        household.caring_now,
        one(tuple(sorted(carers)) if len(carers) > 1 else carers),
        household.approval_kind,
    )


#: What became of a suggestion nobody has responded to yet (beside the values of ``ResponseKind``).
NO_RESPONSE = "no_response"
_OUTCOME_RANK = {NO_RESPONSE: 0, **{kind.value: n for n, kind in enumerate(ResponseKind, 1)}}
_PUBLISHABLE = (ResponseKind.WILL_CHANGE, ResponseKind.ALREADY_CHANGED)


class Suggested(NamedTuple):
    """What is kept of one suggestion of a consenting record: never the carer's words."""

    theme: str | None
    """The reason code it was coded under, as given; ``None`` when nobody coded it."""
    outcome: str
    """What became of it: the latest response's kind (a ``ResponseKind`` value), or :data:`NO_RESPONSE`."""
    summary: str = ""
    """The service's own summary of the change, only where it marked it publishable and it will
    change or has changed; else empty."""

    @property
    def order(self) -> tuple[str, int, str]:
        """A key telling versions apart: a suggestion with a response outranks one without."""
        return (self.theme or "", _OUTCOME_RANK[self.outcome], self.summary)


def _suggested(record: DataCollectionRecord, interview: Interview | None, one: One) -> tuple[Suggested, ...]:
    found = []
    for suggestion in record.suggestions:
        response = None if interview is None else interview.response(suggestion.id)
        if response is None:
            found.append(Suggested(suggestion.theme, NO_RESPONSE))
            continue
        summary = response.summary.strip() if response.publish and response.kind in _PUBLISHABLE else ""
        found.append(Suggested(suggestion.theme, response.kind.value, one(summary)))
    return tuple(found)


class Said(NamedTuple):
    """What is kept of an exit interview record: nothing of what it said without the carer's consent."""

    interviewed_on: datetime.date
    record_id: str
    reasons: tuple[str, ...]
    """Empty when the carer did not consent to anonymised use."""
    preventable: Answer | None
    """``None`` when the carer did not consent to anonymised use."""
    consented: bool = True
    suggestions: tuple[Suggested, ...] = ()
    """Empty when the carer did not consent to anonymised use."""

    @property
    def order(
        self,
    ) -> tuple[datetime.date, str, bool, tuple[str, ...], str, tuple[tuple[str, int, str], ...]]:
        """Which of two records for the same stage wins: the later, then the greater id, then the contents.

        Of two records alike in date and id, the one without consent wins, so that a withdrawal
        of consent recorded as a new version of a record is never outweighed; of two alike but for
        the responses to their suggestions (the record read alone, and within its exit process),
        the one with more answered.
        """
        answer = "" if self.preventable is None else self.preventable.value
        told = tuple(s.order for s in self.suggestions)
        return (self.interviewed_on, self.record_id, not self.consented, self.reasons, answer, told)


def said_of(record: DataCollectionRecord, one: One, interview: Interview | None = None) -> Said:
    """What is kept of ``record``: its reasons, answer and suggestions only if its carer consented.

    Consent is ``consent_to_anonymised_use`` on the record; anything but ``True`` counts as not
    given, and then nothing the carer said is kept, only that the interview took place. The
    responses to its suggestions are those of ``interview``, the record held within an exit
    process; a record read on its own has none.
    """
    if record.consent_to_anonymised_use is not True:
        return Said(one(record.interviewed_on), record.id, (), None, consented=False)
    suggested = _suggested(record, interview, one)
    return Said(
        one(record.interviewed_on), record.id, one(record.reasons), record.preventable, True, suggested
    )


class Talk(NamedTuple):
    """What is kept of a considering-leaving conversation: whose, when, and how it ended."""

    household_id: str
    held_on: datetime.date
    id: str
    outcome: ConversationOutcome

    @property
    def order(self) -> tuple[datetime.date, str, str, str]:
        """Which is the later of two (by date, then id, as ``latest_conversations`` has it), then contents."""
        return (self.held_on, self.id, self.outcome.value, self.household_id)


def talk_of(conversation: ConsideringLeaving) -> Talk:
    """What is kept of ``conversation`` (nothing of what was said or offered)."""
    return Talk(conversation.household_id, conversation.held_on, conversation.id, conversation.outcome)


class Leaver(NamedTuple):
    """What is kept of a departure, with what its consenting exit interview records said (a tuple).

    Reasons come from both interview stages: a reason raised at either counts, and nothing
    raised at stage 1 is dropped because there was a stage 2. The main reason is the primary
    reason of the latest stage whose record gave any (stage 2 over stage 1). Only when no
    consenting interview record gave a reason are the reasons stated on the departure used.
    """

    household_id: str
    notice_on: datetime.date
    leaving_on: datetime.date | None
    route: LeavingRoute
    destination: DestinationKind | None
    stated_reasons: tuple[str, ...]
    stage_1: tuple[str, ...] = ()
    """The reasons of the stage 1 record, if its carer consented; else empty."""
    stage_2: tuple[str, ...] = ()
    """The reasons of the stage 2 record, if its carer consented; else empty."""
    answer: Answer | None = None
    """Could it have been prevented: the answer of stage 2 if it gave one, else of stage 1 (consenting
    records only)."""
    interviewed: bool = False
    """Whether there is an exit interview record for it, consenting or not (a fact of the process)."""
    suggestions: tuple[Suggested, ...] = ()
    """The suggestions of its consenting stage records (stage 1's, then stage 2's)."""

    @property
    def said(self) -> bool:
        """Whether a consenting interview record gave a reason, so that the stated ones are not used."""
        return bool(self.stage_1 or self.stage_2)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Its reasons, each once, the main one first: the latest stage's, then the other stage's new ones.

        The reasons stated on the departure when no consenting interview record gave any.
        """
        if not self.stage_2:
            return self.stage_1 or self.stated_reasons
        if not self.stage_1:
            return self.stage_2
        return tuple(dict.fromkeys(self.stage_2 + self.stage_1))

    @property
    def sourced(self) -> tuple[tuple[str, str], ...]:
        """Each reason with where it came from (``stage_1``, ``stage_2``, ``stated``), latest stage first.

        A reason raised at both stages is given twice, once for each.
        """
        if not self.said:
            return tuple((reason, STATED[0]) for reason in self.stated_reasons)
        return tuple((reason, STAGE_2[0]) for reason in self.stage_2) + tuple(
            (reason, STAGE_1[0]) for reason in self.stage_1
        )

    @property
    def main_reason(self) -> str | None:
        """The first of :attr:`reasons`, if there is one."""
        reasons = self.reasons
        return reasons[0] if reasons else None

    @property
    def main_source(self) -> str | None:
        """Where the main reason came from (``stage_2``, ``stage_1`` or ``stated``), if there is one."""
        if self.stage_2:
            return STAGE_2[0]
        if self.stage_1:
            return STAGE_1[0]
        return STATED[0] if self.stated_reasons else None

    def national_category(self, taxonomy: Taxonomy) -> str:
        """Its national category: fixed by its route where the route decides, else by its main reason.

        See :func:`fosterkit.analysis.national.national_category`.
        """
        return national_category(self.route, self.main_reason, taxonomy)

    @property
    def left_on(self) -> datetime.date:
        """The day it left: ``leaving_on``, or the notice date when that is not recorded."""
        return self.leaving_on or self.notice_on

    def tenure(self, home: Home | None) -> str:
        """Its tenure band; ``unknown`` without its household's record or if it left before approval."""
        if home is None or self.left_on < home.approved_on:
            return UNKNOWN_TENURE[0]
        return tenure_band(home.approved_on, self.left_on)

    def columns(self, by: Breakdown, home: Home | None) -> tuple[str, ...]:
        """The columns of a theme table by ``by`` it falls in (several only for placement types).

        For a breakdown in :data:`BY_HOUSEHOLD` they depend on ``home`` alone.
        """
        # ``_value_`` is the member's value, as ``value`` gives it, without the descriptor's call:
        # this runs for every breakdown of every departure.
        if by is Breakdown.NONE:
            return ("all",)
        if by is Breakdown.ROUTE:
            return (self.route._value_,)
        if home is None:
            return (UNKNOWN_COLUMN[0],)
        if by is Breakdown.SERVICE_KIND:
            return (home.kind._value_,)
        if by is Breakdown.TENURE_BAND:
            return (self.tenure(home),)
        if by is Breakdown.PLACEMENT_TYPE:
            return tuple([kind._value_ for kind in home.approved_for])
        if by is Breakdown.APPROVAL_KIND:
            return (home.approval_kind._value_,)
        return ("caring" if home.caring_now else "not_caring",)


#: The breakdowns whose columns (:meth:`Leaver.columns`) depend on the household alone.
BY_HOUSEHOLD = frozenset(
    {Breakdown.SERVICE_KIND, Breakdown.PLACEMENT_TYPE, Breakdown.APPROVAL_KIND, Breakdown.CARING}
)


def household_profile(home: Home) -> tuple[object, ...]:
    """What the columns of :data:`BY_HOUSEHOLD` are decided by, quick to hash.

    The placement types are taken by identity: the summaries keep one copy of each tuple, so
    households approved for the same types share it. Valid while ``home`` is alive.
    """
    return (home.kind._value_, id(home.approved_for), home.approval_kind._value_, home.caring_now)


def leaver_of(departure: Departure, one: One) -> Leaver:
    """What is kept of ``departure`` before its interview records are read; ``one`` as for :func:`home_of`."""
    leaving_on = departure.leaving_on
    return Leaver(
        departure.household_id,
        one(departure.notice_on),
        None if leaving_on is None else one(leaving_on),
        departure.route,
        departure.destination,
        one(departure.stated_reasons),
    )


# -- keys: which of two versions of a record an analysis keeps ---------------------------------


def home_by_dates(home: Home) -> tuple[object, ...]:
    """A household's key by its dates, carers' age bands and approval kind (what the rates read)."""
    ages = tuple(age for age, _disability, _ethnicity in home.carers if age)
    # The "not gone" part only tells "not gone" from gone on the last day there is.
    return (
        home.approved_on,
        home.left_on or datetime.date.max,
        ages,
        home.left_on is None,
        home.approval_kind.value,
    )


def home_key(home: Home) -> tuple[object, ...]:
    """A household's key by all that is kept of it."""
    approved_for = tuple(p.value for p in home.approved_for)
    return (
        home_by_dates(home),
        (home.approved_on, home.kind.value, approved_for, home.caring_now),
        home.carers,
    )


def leaver_key(leaver: Leaver) -> tuple[object, ...]:
    """A departure's key by all that is kept of it."""
    return (
        leaver.notice_on,
        leaver.leaving_on or datetime.date.min,
        leaver.household_id,
        leaver.route.value,
        "" if leaver.destination is None else leaver.destination.value,
        leaver.stated_reasons,
        leaver.leaving_on is not None,  # tells "not recorded" from the first day there is
    )
