"""The data collection record: what was learned in one exit interview, in one well-defined form.

Free-text fields are marked with ``attrs`` metadata ``free_text=True``: they may identify the
carer or others, so publication leaves them out and sharing drops them unless asked by name.

A data collection record is of exit stage 1 or 2: its reasons are reasons for leaving, and every
analysis reads it as a leaver's. A post-approval interview has no reasons for leaving and no
departure; it is a record of its own, :class:`~fosterkit.interviews.PostApprovalInterview`.
"""

from __future__ import annotations

import datetime
import enum

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, Problem
from fosterkit.interviews.stages import InterviewStage
from fosterkit.reasons import REASON_CODES, Taxonomy, code_problems
from fosterkit.records import FREE_TEXT, is_free_text

__all__ = [
    "FREE_TEXT",
    "Answer",
    "DataCollectionRecord",
    "Rating",
    "Suggestion",
    "SupportArea",
    "is_free_text",
    "record_reason_problems",
]


class SupportArea(enum.Enum):
    """The areas of support a leaving carer rates."""

    SUPERVISING_SOCIAL_WORKER = "supervising_social_worker"
    TRAINING = "training"
    PEER_SUPPORT = "peer_support"
    SHORT_BREAKS = "short_breaks"
    FINANCES = "finances"
    COMMUNICATION = "communication"
    """Communication, and being listened to."""
    MATCHING = "matching"
    OUT_OF_HOURS = "out_of_hours"


class Answer(enum.Enum):
    """A carer's answer to a yes-or-no question, where "not sure" is a real answer."""

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


def _score(_instance: object, _attribute: object, value: int) -> None:
    if not 1 <= value <= 5:
        raise FieldError("score", f"a rating is from 1 (poor) to 5 (very good), not {value}")


@frozen(kw_only=True)
class Rating:
    """How the carer rates one area of support, from 1 (poor) to 5 (very good)."""

    area: SupportArea = field(validator=v.instance_of(SupportArea))
    score: int = field(validator=v.all_of(v.instance_of(int), _score))


@frozen(kw_only=True)
class Suggestion:
    """Something the carer suggests the service changes. Each gets a response later."""

    id: str = field(validator=v.identifier)
    text: str = field(validator=v.text, metadata={FREE_TEXT: True})
    theme: str | None = field(default=None, validator=v.optional(v.text), metadata={REASON_CODES: True})
    """What the suggestion is about, as a reason code of the taxonomy (a theme or any code under one),
    so that "you said, we did" can be counted by theme; ``None`` when nobody has coded it."""


def _exit_stage(_instance: object, _attribute: object, value: InterviewStage) -> None:
    if value is InterviewStage.POST_APPROVAL_INTERVIEW:
        raise FieldError(
            "stage",
            "a data collection record belongs to exit stage 1 or 2; "
            "record a post-approval interview as a post_approval_interview record",
        )


def _secondary(instance: DataCollectionRecord, _attribute: object, value: tuple[str, ...]) -> None:
    if instance.primary_reason in value:
        raise FieldError("secondary_reasons", f"{instance.primary_reason!r} is already the primary reason")


def _ratings(_instance: object, _attribute: object, value: tuple[Rating, ...]) -> None:
    repeated = v.repeats([r.area for r in value])
    if repeated:
        raise FieldError("ratings", f"{repeated[0][1].value!r} is rated more than once")


def _suggestions(_instance: object, _attribute: object, value: tuple[Suggestion, ...]) -> None:
    repeated = v.repeats([s.id for s in value])
    if repeated:
        raise FieldError("suggestions", f"suggestion id {repeated[0][1]!r} is used more than once")


_answer = v.instance_of((Answer, type(None)))


@v.names_its_id
@frozen(kw_only=True)
class DataCollectionRecord:
    """The findings of one exit interview.

    Reasons are taxonomy codes (or aliases): one primary, any number of secondary ones.
    Questions the carer did not answer stay ``None`` or empty; nothing is filled in for them.
    """

    id: str = field(validator=v.identifier)
    departure_id: str = field(validator=v.identifier)
    stage: InterviewStage = field(validator=v.all_of(v.instance_of(InterviewStage), _exit_stage))
    interviewed_on: datetime.date = field(validator=v.instance_of(datetime.date))
    primary_reason: str = field(validator=v.text, metadata={REASON_CODES: True})
    secondary_reasons: tuple[str, ...] = field(
        default=(),
        validator=v.all_of(v.distinct_texts, _secondary),
        metadata={REASON_CODES: True},
    )
    ratings: tuple[Rating, ...] = field(default=(), validator=v.all_of(v.tuple_items(Rating), _ratings))
    preventable: Answer | None = field(default=None, validator=_answer)
    """Whether, in the carer's view, their leaving could have been prevented."""
    would_have_kept: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    """What would have kept the carer fostering with the service."""
    foster_again: Answer | None = field(default=None, validator=_answer)
    recommend_fostering: Answer | None = field(default=None, validator=_answer)
    went_well: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    suggestions: tuple[Suggestion, ...] = field(
        default=(), validator=v.all_of(v.tuple_items(Suggestion), _suggestions)
    )
    consent_to_anonymised_use: bool = field(validator=v.instance_of(bool))
    """Whether the carer agreed that what they said may be used, anonymised, beyond their own case."""

    @property
    def reasons(self) -> tuple[str, ...]:
        """The primary reason followed by the secondary ones."""
        return (self.primary_reason, *self.secondary_reasons)

    def rating(self, area: SupportArea) -> int | None:
        """The carer's rating of ``area``, or ``None`` if they gave none."""
        return next((r.score for r in self.ratings if r.area is area), None)


def record_reason_problems(record: DataCollectionRecord, taxonomy: Taxonomy) -> list[Problem]:
    """The record's reason codes the taxonomy does not know, each with the closest codes suggested."""
    located = [("primary_reason", record.primary_reason)]
    located += [(f"secondary_reasons[{i}]", code) for i, code in enumerate(record.secondary_reasons)]
    located += [
        (f"suggestions[{i}].theme", s.theme) for i, s in enumerate(record.suggestions) if s.theme is not None
    ]
    return code_problems(taxonomy, record.id, located)
