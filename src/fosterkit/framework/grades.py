"""Evidence grades (strong > good > promising) and their published definitions."""

from __future__ import annotations

import enum
import functools

from attrs import field, frozen

from fosterkit._util import validators as v

__all__ = ["EvidenceGrade", "GradeDefinition"]


@functools.total_ordering
class EvidenceGrade(enum.Enum):
    """How strong the evidence behind a recommendation is. Grades compare: strong > good > promising."""

    STRONG = "strong"
    GOOD = "good"
    PROMISING = "promising"

    @property
    def rank(self) -> int:
        """3 for strong, 2 for good, 1 for promising."""
        return _RANKS[self]

    @property
    def label(self) -> str:
        """The grade as the guide writes it (``"Strong evidence"``)."""
        return f"{self.value.capitalize()} evidence"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, EvidenceGrade):
            return NotImplemented
        return self.rank < other.rank


_RANKS = {EvidenceGrade.STRONG: 3, EvidenceGrade.GOOD: 2, EvidenceGrade.PROMISING: 1}


@frozen(kw_only=True)
class GradeDefinition:
    """What a grade means, in the pack's words."""

    grade: EvidenceGrade = field(validator=v.instance_of(EvidenceGrade))
    label: str = field(validator=v.text)
    definition: str = field(validator=v.text)
