"""Interview stages, appointments, and when each stage falls due.

Three conversations: a post-approval interview about six months after approval, exit stage 1
soon after a carer gives notice, and exit stage 2 after a period of reflection, by default four
to six weeks after stage 1. The carer's wishes can move the stage 2 window; the reason is
recorded.

The post-approval conversation is called an *interview*, not a review, so that nobody takes it
for the statutory annual review of a carer's approval. Its source is a county council's response
to the 2018 national fostering stocktake, which plans one six months after approval to learn
from recruitment and the first support (not the exit-interview guide).
"""

from __future__ import annotations

import calendar
import datetime
import enum

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError

__all__ = [
    "LEGACY_STAGE_VALUES",
    "POST_APPROVAL_INTERVIEW_MONTHS",
    "STAGE_TWO_WEEKS",
    "Appointment",
    "Companion",
    "CompanionKind",
    "InterviewStage",
    "Location",
    "StageTwoWindow",
    "add_months",
    "post_approval_interview_due",
]

#: Months after approval when the post-approval interview falls due (the county council's
#: stocktake response plans one six months after approval).
POST_APPROVAL_INTERVIEW_MONTHS = 6
#: Default stage 2 window, in weeks after stage 1: (earliest, latest).
STAGE_TWO_WEEKS = (4, 6)


#: Stage values written by earlier versions, read as the stage they became.
LEGACY_STAGE_VALUES = {"post_approval_review": "post_approval_interview"}


class InterviewStage(enum.Enum):
    """The three conversations with a carer.

    ``"post_approval_review"``, the value earlier versions wrote, still reads as
    :attr:`POST_APPROVAL_INTERVIEW` (see :data:`LEGACY_STAGE_VALUES`).
    """

    POST_APPROVAL_INTERVIEW = "post_approval_interview"
    EXIT_STAGE_1 = "exit_stage_1"
    EXIT_STAGE_2 = "exit_stage_2"

    @classmethod
    def _missing_(cls, value: object) -> InterviewStage | None:
        """A value an earlier version wrote, read as the stage it became."""
        renamed = LEGACY_STAGE_VALUES.get(value) if isinstance(value, str) else None
        return None if renamed is None else cls(renamed)


class Location(enum.Enum):
    """Where, or how, an interview takes place."""

    CARERS_HOME = "carers_home"
    SERVICE_OFFICE = "service_office"
    NEUTRAL_VENUE = "neutral_venue"
    PHONE = "phone"
    VIDEO = "video"


class CompanionKind(enum.Enum):
    """Who a carer brings with them."""

    PEER = "peer"
    """Another foster carer."""
    COLLEAGUE = "colleague"
    FRIEND = "friend"
    OTHER = "other"


@frozen(kw_only=True)
class Companion:
    """Someone the carer brings to the interview. Recorded by kind, never by name."""

    kind: CompanionKind = field(validator=v.instance_of(CompanionKind))


def _also_present(instance: Appointment, _attribute: object, value: tuple[str, ...]) -> None:
    if instance.interviewer in value:
        raise FieldError("also_present", f"{instance.interviewer!r} is already the interviewer")


@frozen(kw_only=True)
class Appointment:
    """A booked interview: stage, date, place, interviewer, other staff present and any companion.

    ``location_agreed`` records that the carer and the service both agreed the place.
    ``interviewer`` (who leads) and ``also_present`` are staff ids in the service's own system.
    """

    id: str = field(validator=v.identifier)
    stage: InterviewStage = field(validator=v.instance_of(InterviewStage))
    on: datetime.date = field(validator=v.instance_of(datetime.date))
    location: Location = field(validator=v.instance_of(Location))
    location_agreed: bool = field(validator=v.instance_of(bool))
    interviewer: str = field(validator=v.identifier)
    also_present: tuple[str, ...] = field(
        default=(), validator=[v.instance_of(tuple), v.items(v.identifier), v.distinct_items, _also_present]
    )
    companion: Companion | None = field(default=None, validator=v.instance_of((Companion, type(None))))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months, kept within the month (31 January + 1 month = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def post_approval_interview_due(
    approved_on: datetime.date, months: int = POST_APPROVAL_INTERVIEW_MONTHS
) -> datetime.date:
    """When the post-approval interview falls due: ``months`` after approval."""
    return add_months(approved_on, months)


def _closes(instance: StageTwoWindow, _attribute: object, value: datetime.date) -> None:
    if value < instance.opens:
        raise FieldError("closes", f"the window closes ({value}) before it opens ({instance.opens})")


def _opens(instance: StageTwoWindow, _attribute: object, value: datetime.date) -> None:
    if value <= instance.stage_one_on:
        raise FieldError("opens", f"stage 2 comes after stage 1 ({instance.stage_one_on}), not on {value}")


@frozen(kw_only=True)
class StageTwoWindow:
    """When exit stage 2 should happen. ``moved_because`` is set when the carer's wishes moved it."""

    stage_one_on: datetime.date = field(validator=v.instance_of(datetime.date))
    opens: datetime.date = field(validator=[v.instance_of(datetime.date), _opens])
    closes: datetime.date = field(validator=[v.instance_of(datetime.date), _closes])
    moved_because: str = field(default="", validator=v.optional_text)

    @classmethod
    def default(cls, stage_one_on: datetime.date, weeks: tuple[int, int] = STAGE_TWO_WEEKS) -> StageTwoWindow:
        """The default window: ``weeks`` (four to six) after stage 1."""
        earliest, latest = weeks
        return cls(
            stage_one_on=stage_one_on,
            opens=stage_one_on + datetime.timedelta(weeks=earliest),
            closes=stage_one_on + datetime.timedelta(weeks=latest),
        )

    def moved(self, opens: datetime.date, closes: datetime.date, because: str) -> StageTwoWindow:
        """The window moved to suit the carer; the reason is required and kept."""
        if not because.strip():
            raise FieldError("moved_because", "say why the window moved (the carer's wishes)")
        return StageTwoWindow(
            stage_one_on=self.stage_one_on, opens=opens, closes=closes, moved_because=because
        )

    def is_open(self, today: datetime.date) -> bool:
        """Whether ``today`` is inside the window."""
        return self.opens <= today <= self.closes

    def is_overdue(self, today: datetime.date) -> bool:
        """Whether the window has closed by ``today``."""
        return today > self.closes
