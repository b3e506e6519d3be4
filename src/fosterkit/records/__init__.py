"""Households and carers, their status over time, how they leave, and talks before notice."""

from __future__ import annotations

from fosterkit.records.carers import (
    SPECIAL_CATEGORY,
    AgeBand,
    ApprovalKind,
    Carer,
    Departure,
    DestinationKind,
    Equality,
    Household,
    HouseholdStatus,
    Initiator,
    LeavingRoute,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
    is_special_category,
    reason_problems,
)
from fosterkit.records.conversations import (
    ConsideringLeaving,
    ConversationOutcome,
    HeldBy,
    conversation_reason_problems,
    latest_conversations,
)
from fosterkit.records.free_text import FREE_TEXT, is_free_text

__all__ = [
    "FREE_TEXT",
    "SPECIAL_CATEGORY",
    "AgeBand",
    "ApprovalKind",
    "Carer",
    "ConsideringLeaving",
    "ConversationOutcome",
    "Departure",
    "DestinationKind",
    "Equality",
    "HeldBy",
    "Household",
    "HouseholdStatus",
    "Initiator",
    "LeavingRoute",
    "PlacementType",
    "Service",
    "ServiceKind",
    "StatusChange",
    "conversation_reason_problems",
    "is_free_text",
    "is_special_category",
    "latest_conversations",
    "reason_problems",
]
