"""Households and carers, their approval and status over time, and how they leave."""

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

__all__ = [
    "SPECIAL_CATEGORY",
    "AgeBand",
    "ApprovalKind",
    "Carer",
    "Departure",
    "DestinationKind",
    "Equality",
    "Household",
    "HouseholdStatus",
    "Initiator",
    "LeavingRoute",
    "PlacementType",
    "Service",
    "ServiceKind",
    "StatusChange",
    "is_special_category",
    "reason_problems",
]
