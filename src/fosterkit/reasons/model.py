"""The pieces of a reasons-for-leaving taxonomy: reasons, national code lists, and pack identity."""

from __future__ import annotations

import datetime
import enum
import re
from typing import Any

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError
from fosterkit.framework.pack import SourceDocument

__all__ = [
    "CODE_PATTERN",
    "REASON_CODES",
    "Influence",
    "NationalCategory",
    "Reason",
    "ResolvedReason",
    "Ssda903Code",
    "Ssda903Kind",
    "TaxonomyInfo",
    "Triage",
    "holds_reason_codes",
]

#: ``attrs`` metadata key marking a field of another record that holds reason codes (or aliases).
REASON_CODES = "reason_codes"


def holds_reason_codes(attribute: attrs.Attribute[Any]) -> bool:
    """Whether a record's field holds reason codes from the taxonomy (imports check them there)."""
    return bool(attribute.metadata.get(REASON_CODES, False))


#: A reason code: lower-case segments of letters, digits and underscores, joined by dots.
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


def check_code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not CODE_PATTERN.match(value):
        raise FieldError(
            attribute.name,
            f"{value!r} is not a reason code (lower-case words of letters, digits and '_', "
            "joined by dots, as in 'support.short_breaks')",
        )


class Influence(enum.Enum):
    """Whether the fostering service can influence a reason for leaving."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class Triage(enum.Enum):
    """How a finding with this reason is handled by default.

    ``URGENT`` findings are looked at one by one and escalated now; ``THEMATIC`` ones feed the
    analysis of themes across interviews.
    """

    URGENT = "urgent"
    THEMATIC = "thematic"


class Ssda903Kind(enum.Enum):
    """Which SSDA903 field a code belongs to."""

    PLACEMENT_CHANGE = "placement_change"
    """Reason for a change of placement (``CLOSE``, ``ALLEG``, ``CREQB``...)."""
    EPISODE_CEASED = "episode_ceased"
    """Reason an episode of care ceased (``E45``, ``E11``...)."""


@frozen(kw_only=True)
class NationalCategory:
    """A category under which a deregistration counts in the national (Ofsted) return.

    The list is data in the pack, with where it came from and when it was checked, so a service
    can correct it without a code change.
    """

    id: str = field(validator=v.identifier)
    label: str = field(validator=v.text)
    note: str = field(default="", validator=v.optional_text)


@frozen(kw_only=True)
class Ssda903Code:
    """A code from the DfE SSDA903 children-looked-after return that reasons cross-walk to."""

    code: str = field(validator=v.identifier)
    kind: Ssda903Kind = field(validator=v.instance_of(Ssda903Kind))
    label: str = field(validator=v.text)


@frozen(kw_only=True)
class Reason:
    """A node of the taxonomy. Its parent is its code without the last segment.

    Mapping fields left as ``None`` are inherited from the nearest ancestor that sets them
    (``addressed_by=()`` says "addressed by nothing", which stops inheritance). A reason with
    ``retired`` set is no longer used for new records; ``successor`` says which code replaces it.
    """

    code: str = field(validator=check_code)
    label: str = field(validator=v.text)
    description: str = field(default="", validator=v.optional_text)
    national_category: str | None = field(default=None, validator=v.instance_of((str, type(None))))
    ssda903_reason: str | None = field(default=None, validator=v.instance_of((str, type(None))))
    """SSDA903 reason-for-placement-change code, where one applies."""
    ssda903_ceased: tuple[str, ...] | None = field(default=None, validator=v.instance_of((tuple, type(None))))
    """SSDA903 episode-ceased codes this reason corresponds to (for endings such as adoption)."""
    influence: Influence | None = field(default=None, validator=v.instance_of((Influence, type(None))))
    addressed_by: tuple[str, ...] | None = field(default=None, validator=v.instance_of((tuple, type(None))))
    """Ids of the key principles and recommendations that address this reason."""
    triage: Triage | None = field(default=None, validator=v.instance_of((Triage, type(None))))
    aliases: tuple[str, ...] = field(
        default=(), validator=[v.instance_of(tuple), v.items(v.text), v.distinct_items]
    )
    """Other names for this reason, such as the labels a case system uses."""
    retired: str | None = field(default=None, validator=v.instance_of((str, type(None))))
    """The taxonomy version in which this code was retired."""
    successor: str | None = field(default=None, validator=v.optional(check_code))

    @property
    def parent(self) -> str | None:
        """The parent's code, or ``None`` for a top-level theme."""
        head, _, _ = self.code.rpartition(".")
        return head or None

    @property
    def level(self) -> int:
        """1 for a top-level theme, 2 for its children, and so on."""
        return self.code.count(".") + 1

    @property
    def is_live(self) -> bool:
        """Whether the code may be used for new records."""
        return self.retired is None


@frozen(kw_only=True)
class ResolvedReason:
    """A reason with every mapping filled in from its ancestors."""

    code: str
    label: str
    national_category: str | None
    ssda903_reason: str | None
    ssda903_ceased: tuple[str, ...]
    influence: Influence | None
    addressed_by: tuple[str, ...]
    triage: Triage | None


@frozen(kw_only=True)
class TaxonomyInfo:
    """A taxonomy pack's identity and provenance."""

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    version: str = field(validator=v.text)
    framework: str = field(validator=v.identifier)
    """The catalogue pack whose principles and recommendations ``addressed_by`` refers to."""
    checked: datetime.date | None = field(default=None, validator=v.instance_of((datetime.date, type(None))))
    description: str = field(default="", validator=v.optional_text)
    sources: tuple[SourceDocument, ...] = field(default=(), validator=v.tuple_of(SourceDocument))
    extended_by: tuple[str, ...] = field(default=(), validator=v.instance_of(tuple))
    """Names of the extensions merged into this taxonomy, sorted."""
