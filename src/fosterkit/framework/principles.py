"""Key principles and recommendations of a practice framework."""

from __future__ import annotations

from attrs import field, frozen

from fosterkit import _validators as v
from fosterkit.framework.grades import EvidenceGrade

__all__ = ["KeyPrinciple", "Recommendation"]


@frozen(kw_only=True)
class KeyPrinciple:
    """A key principle (KP1–KP8 in the Practice Guide): what to do, why, and how for whom."""

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    why: str = field(validator=v.text)
    how_senior_leaders: str = field(validator=v.text)
    how_practitioners: str = field(validator=v.text)


@frozen(kw_only=True)
class Recommendation:
    """A recommendation (R1–R7 in the Practice Guide) with the strength of its evidence."""

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    summary: str = field(validator=v.text)
    grade: EvidenceGrade = field(validator=v.instance_of(EvidenceGrade))
    outcome: str = field(validator=v.text)
