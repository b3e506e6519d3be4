"""Key principles, recommendations and the themes that group recommendations in a framework."""

from __future__ import annotations

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.framework.grades import EvidenceGrade

__all__ = ["KeyPrinciple", "Recommendation", "Theme"]


@frozen(kw_only=True)
class KeyPrinciple:
    """A key principle (KP1–KP8 in the Practice Guide): what to do, why, and how for whom."""

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    why: str = field(validator=v.text)
    how_senior_leaders: str = field(validator=v.text)
    how_practitioners: str = field(validator=v.text)


@frozen(kw_only=True)
class Theme:
    """A titled group of recommendations (the stocktake's "Recruitment", say)."""

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    summary: str = field(default="", validator=v.optional_text)


@frozen(kw_only=True)
class Recommendation:
    """A recommendation: R1–R7 in the Practice Guide, paragraphs 3.1–9.3 in the 2018 stocktake.

    ``grade`` and ``outcome`` are for frameworks that grade their evidence (the Practice Guide
    does, the stocktake does not); ``theme`` is the id of the pack's theme the recommendation
    belongs to, for packs that group their recommendations.
    """

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    summary: str = field(validator=v.text)
    grade: EvidenceGrade | None = field(default=None, validator=v.instance_of((EvidenceGrade, type(None))))
    outcome: str = field(default="", validator=v.optional_text)
    theme: str | None = field(default=None, validator=v.instance_of((str, type(None))))
