"""The post-approval interview: what a newly approved household says about recruitment and first support.

A county council's response to the 2018 national fostering stocktake plans an interview six
months after approval, to learn from the recruitment process and the support given at the start
(the stocktake response in ``sources/``; not the exit-interview guide). It is an *interview*, not
a review, so that nobody takes it for the statutory annual review of approval.

It is a record of its own rather than a :class:`~fosterkit.interviews.DataCollectionRecord` at
another stage: that record's reasons are reasons for leaving and belong to a departure, and
every analysis reads them as a leaver's. Here there is no departure. What a new carer says may
still point to a risk of leaving, so ``concerns`` are coded with the same taxonomy.
"""

from __future__ import annotations

import datetime

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import Problem
from fosterkit.interviews.record import Rating, Suggestion, _ratings, _suggestions
from fosterkit.reasons import REASON_CODES, Taxonomy, code_problems
from fosterkit.records import FREE_TEXT

__all__ = ["PostApprovalInterview", "post_approval_reason_problems"]


@v.names_its_id
@frozen(kw_only=True)
class PostApprovalInterview:
    """One post-approval interview with a household, held about six months after its approval.

    Questions the carer did not answer stay empty; nothing is filled in for them. ``ratings``
    are of the support so far (1 poor to 5 very good); ``concerns`` are taxonomy codes (check them
    with :func:`post_approval_reason_problems`).
    """

    id: str = field(validator=v.identifier)
    household_id: str = field(validator=v.identifier)
    interviewed_on: datetime.date = field(validator=v.instance_of(datetime.date))
    interviewer: str = field(validator=v.identifier)
    """A staff id in the service's own system."""
    recruitment_went_well: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    """What went well in the enquiry, assessment and approval."""
    recruitment_could_improve: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    """What the service could do better in recruitment and assessment."""
    ratings: tuple[Rating, ...] = field(default=(), validator=[*v.tuple_of(Rating), _ratings])
    concerns: tuple[str, ...] = field(
        default=(),
        validator=[v.instance_of(tuple), v.items(v.text), v.distinct_items],
        metadata={REASON_CODES: True},
    )
    """Anything already worrying the carer, as reason codes (early signs of a risk of leaving)."""
    suggestions: tuple[Suggestion, ...] = field(default=(), validator=[*v.tuple_of(Suggestion), _suggestions])
    consent_to_anonymised_use: bool = field(validator=v.instance_of(bool))
    """Whether the carer agreed that what they said may be used, anonymised, beyond their own case."""


def post_approval_reason_problems(interview: PostApprovalInterview, taxonomy: Taxonomy) -> list[Problem]:
    """Concerns and suggestion themes the taxonomy does not know, each with the closest codes suggested."""
    located = [(f"concerns[{i}]", code) for i, code in enumerate(interview.concerns)]
    located += [
        (f"suggestions[{i}].theme", s.theme)
        for i, s in enumerate(interview.suggestions)
        if s.theme is not None
    ]
    return code_problems(taxonomy, interview.id, located)
