"""Foster carers, households, their approval and status over time, and how they leave.

Households are identified by the service's own pseudonymous id; fosterkit never needs names.
Equality, diversity and inclusion attributes are optional and marked as special-category data
(``attrs`` metadata ``special_category=True``), so exporters can leave them out by default.
"""

from __future__ import annotations

import datetime
import enum
import itertools
from typing import Any

import attrs
from attrs import Factory, field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, Problem
from fosterkit.reasons import REASON_CODES, Taxonomy, code_problems

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

#: ``attrs`` metadata key marking a field that holds special-category personal data.
SPECIAL_CATEGORY = "special_category"


def is_special_category(attribute: attrs.Attribute[Any]) -> bool:
    """Whether a field holds special-category personal data (exports leave these out by default)."""
    return bool(attribute.metadata.get(SPECIAL_CATEGORY, False))


class ServiceKind(enum.Enum):
    """The kind of fostering service."""

    LOCAL_AUTHORITY = "local_authority"
    INDEPENDENT_AGENCY = "independent_agency"
    TRUST = "trust"


class DestinationKind(enum.Enum):
    """Where a transferring household goes."""

    LOCAL_AUTHORITY = "local_authority"
    INDEPENDENT_AGENCY = "independent_agency"
    TRUST = "trust"
    OTHER = "other"
    UNKNOWN = "unknown"
    """The record does not say (the default of a transfer given no destination)."""


class ApprovalKind(enum.Enum):
    """Mainstream fostering, or approval as a connected person (family and friends, kinship)."""

    MAINSTREAM = "mainstream"
    CONNECTED_PERSON = "connected_person"


class PlacementType(enum.Enum):
    """The kinds of fostering a household is approved for."""

    EMERGENCY = "emergency"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"
    SHORT_BREAKS = "short_breaks"
    PARENT_AND_CHILD = "parent_and_child"
    REMAND = "remand"
    FOSTERING_FOR_ADOPTION = "fostering_for_adoption"
    SPECIALIST = "specialist"
    """Therapeutic or treatment fostering, or care for children with complex needs."""

    def ssda903_placement(self, approval: ApprovalKind) -> str:
        """The SSDA903 foster placement code (U1-U6) a child placed under this type would carry."""
        related = approval is ApprovalKind.CONNECTED_PERSON
        if self is PlacementType.LONG_TERM:
            return "U1" if related else "U4"
        if self is PlacementType.FOSTERING_FOR_ADOPTION:
            return "U2" if related else "U5"
        return "U3" if related else "U6"


class HouseholdStatus(enum.Enum):
    """A household's status with its service."""

    APPROVED = "approved"
    ON_HOLD = "on_hold"
    LEAVING = "leaving"
    DEREGISTERED = "deregistered"
    TRANSFERRED = "transferred"

    @property
    def is_final(self) -> bool:
        """Deregistered and transferred households have left the service."""
        return self in (HouseholdStatus.DEREGISTERED, HouseholdStatus.TRANSFERRED)


class AgeBand(enum.Enum):
    """Age bands for equality monitoring."""

    UNDER_25 = "under_25"
    FROM_25_TO_34 = "25_34"
    FROM_35_TO_44 = "35_44"
    FROM_45_TO_54 = "45_54"
    FROM_55_TO_64 = "55_64"
    FROM_65 = "65_plus"


@frozen(kw_only=True)
class Equality:
    """Equality, diversity and inclusion attributes of one carer; every one optional.

    Free-text values follow whatever classification the service already uses (for example
    the census categories for ethnicity), so they can be compared with its other returns.
    """

    age_band: AgeBand | None = field(default=None, validator=v.instance_of((AgeBand, type(None))))
    sex: str | None = field(default=None, validator=v.optional(v.text))
    ethnicity: str | None = field(default=None, validator=v.optional(v.text))
    disability: bool | None = field(default=None, validator=v.instance_of((bool, type(None))))
    sexual_orientation: str | None = field(default=None, validator=v.optional(v.text))
    religion: str | None = field(default=None, validator=v.optional(v.text))
    language: str | None = field(default=None, validator=v.optional(v.text))


@frozen(kw_only=True)
class Carer:
    """One carer in a household, identified only by the service's pseudonymous id."""

    id: str = field(validator=v.identifier)
    equality: Equality | None = field(
        default=None,
        validator=v.instance_of((Equality, type(None))),
        metadata={SPECIAL_CATEGORY: True},
    )


@frozen(kw_only=True)
class Service:
    """The fostering service a household belongs to."""

    name: str = field(validator=v.text)
    kind: ServiceKind = field(validator=v.instance_of(ServiceKind))


@frozen(kw_only=True)
class StatusChange:
    """From ``since`` on, the household had ``status``."""

    status: HouseholdStatus = field(validator=v.instance_of(HouseholdStatus))
    since: datetime.date = field(validator=v.instance_of(datetime.date))
    note: str = field(default="", validator=v.optional_text)


def _carers(_instance: object, _attribute: object, value: tuple[Carer, ...]) -> None:
    if not 1 <= len(value) <= 2:
        raise FieldError("carers", f"a household has one or two carers, not {len(value)}")
    ids = [c.id for c in value]
    if len(set(ids)) != len(ids):
        raise FieldError("carers", "the two carers need different ids")


def _approved_for(_instance: object, _attribute: object, value: tuple[PlacementType, ...]) -> None:
    if not value:
        raise FieldError("approved_for", "a household is approved for at least one placement type")


def _history(instance: Household, _attribute: object, value: tuple[StatusChange, ...]) -> None:
    if not value:
        raise FieldError("history", "the history starts with the approval")
    if value[0].status is not HouseholdStatus.APPROVED or value[0].since != instance.approved_on:
        raise FieldError("history[0]", "the history starts with status 'approved' on the approval date")
    for index, (before, after) in enumerate(itertools.pairwise(value), start=1):
        if after.since < before.since:
            raise FieldError(
                f"history[{index}].since", f"{after.since} is before the previous change ({before.since})"
            )
        if before.status.is_final:
            raise FieldError(
                f"history[{index}]", f"nothing follows '{before.status.value}': the household had left"
            )


@v.names_its_id
@frozen(kw_only=True)
class Household:
    """A fostering household: its carers, service, approval, and status over time."""

    id: str = field(validator=v.identifier)
    """The service's own pseudonymous id for the household."""
    service: Service = field(validator=v.instance_of(Service))
    carers: tuple[Carer, ...] = field(validator=v.all_of(v.tuple_items(Carer), _carers))
    approved_on: datetime.date = field(validator=v.instance_of(datetime.date))
    approval_kind: ApprovalKind = field(validator=v.instance_of(ApprovalKind))
    approved_for: tuple[PlacementType, ...] = field(
        validator=v.all_of(v.all_of(v.tuple_items(PlacementType), v.distinct_items), _approved_for)
    )
    caring_now: bool = field(validator=v.instance_of(bool))
    """Whether a child is living with the household now."""
    history: tuple[StatusChange, ...] = field(validator=v.all_of(v.tuple_items(StatusChange), _history))

    @property
    def status(self) -> HouseholdStatus:
        """The latest status."""
        return self.history[-1].status

    def status_on(self, day: datetime.date) -> HouseholdStatus | None:
        """The status on ``day`` (``None`` before approval)."""
        found = None
        for change in self.history:
            if change.since > day:
                break
            found = change.status
        return found

    def tenure_days(self, on: datetime.date) -> int:
        """Days from approval to ``on`` (or to leaving, if the household left before ``on``)."""
        end = on
        for change in self.history:
            if change.status.is_final and change.since <= on:
                end = change.since
        return max(0, (end - self.approved_on).days)


class Initiator(enum.Enum):
    """Who started the household's leaving."""

    CARER = "carer"
    SERVICE = "service"


class LeavingRoute(enum.Enum):
    """How a household leaves."""

    RESIGNATION = "resignation"
    RETIREMENT = "retirement"
    TRANSFER = "transfer"
    TERMINATION_AFTER_ALLEGATION = "termination_after_allegation"
    TERMINATION_AFTER_STANDARDS_CONCERN = "termination_after_standards_concern"
    TERMINATION_OTHER = "termination_other"

    @property
    def ended_by_service(self) -> bool:
        """Whether the service ended the approval (a termination)."""
        return self.value.startswith("termination")


def _leaving_on(instance: Departure, _attribute: object, value: datetime.date | None) -> None:
    if value is not None and value < instance.notice_on:
        raise FieldError("leaving_on", f"{value} is before notice was given ({instance.notice_on})")


def _destination(instance: Departure, _attribute: object, value: DestinationKind | None) -> None:
    if instance.route is LeavingRoute.TRANSFER and value is None:
        raise FieldError(
            "destination", "a transfer says what kind of service the household goes to (or unknown)"
        )
    if instance.route is not LeavingRoute.TRANSFER and value is not None:
        raise FieldError("destination", "only a transfer has a destination")


def _default_destination(instance: Departure | None = None) -> DestinationKind | None:
    """A transfer's destination when none is given: ``unknown`` (``None`` asked without a record)."""
    if instance is not None and instance.route is LeavingRoute.TRANSFER:
        return DestinationKind.UNKNOWN
    return None


def _initiator(instance: Departure, _attribute: object, value: Initiator) -> None:
    if instance.route.ended_by_service and value is not Initiator.SERVICE:
        raise FieldError("initiated_by", "a termination of approval is initiated by the service")
    if not instance.route.ended_by_service and value is not Initiator.CARER:
        raise FieldError("initiated_by", f"a {instance.route.value} is initiated by the carer")


@v.names_its_id
@frozen(kw_only=True)
class Departure:
    """A household leaving its service: when, who started it, by which route, and why.

    ``stated_reasons`` are reason codes from the taxonomy (or aliases of them), in the carer's
    order of importance; check them with :meth:`fosterkit.reasons.Taxonomy.get`.
    """

    id: str = field(validator=v.identifier)
    household_id: str = field(validator=v.identifier)
    notice_on: datetime.date = field(validator=v.instance_of(datetime.date))
    leaving_on: datetime.date | None = field(
        default=None, validator=v.all_of(v.instance_of((datetime.date, type(None))), _leaving_on)
    )
    initiated_by: Initiator = field(validator=v.all_of(v.instance_of(Initiator), _initiator))
    route: LeavingRoute = field(validator=v.instance_of(LeavingRoute))
    destination: DestinationKind | None = field(
        default=Factory(_default_destination, takes_self=True),
        validator=v.all_of(v.instance_of((DestinationKind, type(None))), _destination),
    )
    """Where a transfer goes; left out, a transfer's is ``unknown`` and any other route's ``None``."""
    stated_reasons: tuple[str, ...] = field(
        default=(),
        validator=v.distinct_texts,
        metadata={REASON_CODES: True},
    )


def reason_problems(departure: Departure, taxonomy: Taxonomy) -> list[Problem]:
    """The stated reasons the taxonomy does not know, each with the closest codes suggested."""
    located = [(f"stated_reasons[{i}]", code) for i, code in enumerate(departure.stated_reasons)]
    return code_problems(taxonomy, departure.id, located)
