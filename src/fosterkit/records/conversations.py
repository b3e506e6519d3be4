"""Conversations with carers who say they are considering leaving, before any notice is given.

A carer who is thinking of leaving can still be kept if someone listens and puts support in
place. A :class:`ConsideringLeaving` record keeps what was said (concerns coded with the reason
taxonomy, as a departure's reasons are), what support was offered, and how it ended: the carer
stayed, left, or had not yet decided, in which case a follow-up date is required. Carers who were
kept this way would otherwise leave no trace in the records.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, Problem
from fosterkit.reasons import REASON_CODES, Taxonomy, code_problems
from fosterkit.records.free_text import FREE_TEXT

__all__ = [
    "ConsideringLeaving",
    "ConversationOutcome",
    "HeldBy",
    "conversation_reason_problems",
    "latest_conversations",
]


class ConversationOutcome(enum.Enum):
    """How a considering-leaving conversation ended, as far as the service knows."""

    STAYED = "stayed"
    """The carer decided to stay."""
    LEFT = "left"
    """The carer went on to give notice."""
    UNDECIDED = "undecided"
    """The carer has not decided yet: a follow-up date is required."""


class HeldBy(enum.Enum):
    """How the member of staff who held the conversation stands towards the carer.

    The same three values as :class:`fosterkit.interviews.StaffRole`, which works the role out
    from an exit process's staff ids; a conversation before notice has no process, so its role
    is recorded.
    """

    SUPERVISING_SOCIAL_WORKER = "supervising_social_worker"
    LINE_MANAGEMENT = "line_management"
    """In the line-management chain of the carer's supervising social worker (a team manager)."""
    INDEPENDENT = "independent"


_date = v.instance_of(datetime.date)


def _follow_up(instance: ConsideringLeaving, _attribute: object, value: datetime.date | None) -> None:
    if value is None:
        if instance.outcome is ConversationOutcome.UNDECIDED:
            raise FieldError("follow_up_on", "an undecided conversation needs a follow-up date")
        return
    if value < instance.held_on:
        raise FieldError("follow_up_on", f"{value} is before the conversation ({instance.held_on})")


def _departure(instance: ConsideringLeaving, _attribute: object, value: str | None) -> None:
    if value is not None and instance.outcome is not ConversationOutcome.LEFT:
        raise FieldError(
            "departure_id", f"only a carer who left has a departure, not one who {_said(instance)}"
        )


def _said(instance: ConsideringLeaving) -> str:
    return "stayed" if instance.outcome is ConversationOutcome.STAYED else "is undecided"


@v.names_its_id
@frozen(kw_only=True)
class ConsideringLeaving:
    """A conversation with a carer considering leaving, held before any notice was given.

    ``concerns`` are reason codes from the taxonomy (or aliases of them), the main one first;
    check them with :func:`conversation_reason_problems`. ``held_by`` is a staff id in the
    service's own system, ``held_by_role`` how that person stands towards the carer.
    """

    id: str = field(validator=v.identifier)
    household_id: str = field(validator=v.identifier)
    held_on: datetime.date = field(validator=_date)
    held_by: str = field(validator=v.identifier)
    held_by_role: HeldBy = field(validator=v.instance_of(HeldBy))
    concerns: tuple[str, ...] = field(
        default=(),
        validator=v.distinct_texts,
        metadata={REASON_CODES: True},
    )
    support_offered: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    """What the service offered to put in place, in the service's words (free text: it may name
    people, so publication leaves it out)."""
    outcome: ConversationOutcome = field(validator=v.instance_of(ConversationOutcome))
    follow_up_on: datetime.date | None = field(
        default=None, validator=v.all_of(v.instance_of((datetime.date, type(None))), _follow_up)
    )
    """When to talk again; required while the carer is undecided, on or after the conversation."""
    departure_id: str | None = field(default=None, validator=v.all_of(v.optional(v.identifier), _departure))
    """The departure that followed, for a carer who left (may be left out until it is recorded)."""


def conversation_reason_problems(conversation: ConsideringLeaving, taxonomy: Taxonomy) -> list[Problem]:
    """The concerns the taxonomy does not know, each with the closest codes suggested."""
    located = [(f"concerns[{i}]", code) for i, code in enumerate(conversation.concerns)]
    return code_problems(taxonomy, conversation.id, located)


def latest_conversations(conversations: Iterable[ConsideringLeaving]) -> list[ConsideringLeaving]:
    """Each household's latest conversation (by date, then id), in the order households first appear."""
    latest: dict[str, ConsideringLeaving] = {}
    for conversation in conversations:
        found = latest.get(conversation.household_id)
        if found is None or (conversation.held_on, conversation.id) > (found.held_on, found.id):
            latest[conversation.household_id] = conversation
    return list(latest.values())
