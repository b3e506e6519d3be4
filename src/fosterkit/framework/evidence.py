"""Evidence grading as code, from the Practice Guide's published criteria.

The guide grades a body of evidence by the studies behind it:

* **strong**: a meta-analysis or narrative synthesis of at least two randomised controlled
  trials or quasi-experimental studies, done in the UK or a comparable high-income country,
  each at low risk of bias with at least 20 people in both the intervention and the
  comparison group, showing the intervention works;
* **good**: as strong, but the studies may be at moderate risk of bias, and only the
  intervention group needs 20 or more people;
* **promising**: a single such study (at low or moderate risk of bias, any group sizes)
  showing an effect.

:func:`grade_evidence` applies these rules. A study "qualifies" at a grade when it meets that
grade's criteria for a single study; a synthesis needs two qualifying studies for strong or
good, and any body with one qualifying study is at least promising. A body that does not show
an effect gets no grade at all.
"""

from __future__ import annotations

import enum
import functools

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError
from fosterkit.framework.grades import EvidenceGrade

__all__ = [
    "EvidenceBody",
    "EvidenceKind",
    "RiskOfBias",
    "Study",
    "StudyDesign",
    "grade_evidence",
    "meets_criteria",
    "study_qualifies",
]

#: Minimum group size in the published criteria.
MIN_GROUP_SIZE = 20


class StudyDesign(enum.Enum):
    """How a study compared people who had the intervention with people who did not."""

    RANDOMISED_CONTROLLED_TRIAL = "randomised_controlled_trial"
    QUASI_EXPERIMENTAL = "quasi_experimental"
    OTHER = "other"
    """Any other design (before-and-after, case study, survey…): never counts towards a grade."""

    @property
    def is_impact_evaluation(self) -> bool:
        """True for the two designs the criteria accept."""
        return self is not StudyDesign.OTHER


@functools.total_ordering
class RiskOfBias(enum.Enum):
    """A study's assessed risk of bias. Lower is better: ``LOW < MODERATE < HIGH``."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, RiskOfBias):
            return NotImplemented
        return _BIAS_ORDER.index(self) < _BIAS_ORDER.index(other)


_BIAS_ORDER = (RiskOfBias.LOW, RiskOfBias.MODERATE, RiskOfBias.HIGH)


class EvidenceKind(enum.Enum):
    """What a body of evidence is: one study, or a synthesis of several."""

    SINGLE_STUDY = "single_study"
    NARRATIVE_SYNTHESIS = "narrative_synthesis"
    META_ANALYSIS = "meta_analysis"

    @property
    def is_synthesis(self) -> bool:
        """True for a narrative synthesis or a meta-analysis."""
        return self is not EvidenceKind.SINGLE_STUDY


@frozen(kw_only=True)
class Study:
    """One evaluation of an intervention, described by what the grading criteria look at."""

    design: StudyDesign = field(validator=v.instance_of(StudyDesign))
    comparable_country: bool = field(validator=v.instance_of(bool))
    """Done in the UK or a comparable high-income country."""
    risk_of_bias: RiskOfBias = field(validator=v.instance_of(RiskOfBias))
    intervention_size: int = field(validator=[v.instance_of(int), v.non_negative])
    comparison_size: int = field(validator=[v.instance_of(int), v.non_negative])
    showed_effect: bool = field(validator=v.instance_of(bool))


def _check_body(instance: EvidenceBody, _attribute: object, studies: tuple[Study, ...]) -> None:
    if instance.kind is EvidenceKind.SINGLE_STUDY and len(studies) != 1:
        raise FieldError("studies", f"a single-study body has exactly one study, not {len(studies)}")
    if instance.kind.is_synthesis and len(studies) < 2:
        raise FieldError("studies", "a synthesis brings together at least two studies")


def _check_effect(instance: EvidenceBody, _attribute: object, value: bool | None) -> None:
    if instance.kind.is_synthesis and value is None:
        raise FieldError("synthesis_showed_effect", "a synthesis must say whether it showed an effect")
    if not instance.kind.is_synthesis and value is not None:
        raise FieldError(
            "synthesis_showed_effect", "a single study's effect is the study's own showed_effect"
        )


@frozen(kw_only=True)
class EvidenceBody:
    """The evidence behind a recommendation: one study, or a synthesis of studies.

    For a synthesis, ``synthesis_showed_effect`` is the synthesis's own conclusion; for a single
    study it stays ``None`` and the study's ``showed_effect`` counts.
    """

    kind: EvidenceKind = field(validator=v.instance_of(EvidenceKind))
    studies: tuple[Study, ...] = field(
        validator=[v.instance_of(tuple), v.items(v.instance_of(Study)), _check_body]
    )
    synthesis_showed_effect: bool | None = field(
        default=None, validator=[v.instance_of((bool, type(None))), _check_effect]
    )

    @property
    def shows_effect(self) -> bool:
        """Whether the evidence, taken as a whole, shows the intervention works."""
        if self.synthesis_showed_effect is not None:
            return self.synthesis_showed_effect
        return self.studies[0].showed_effect


def study_qualifies(study: Study, grade: EvidenceGrade) -> bool:
    """Whether one study meets the per-study criteria of ``grade``."""
    if not (study.design.is_impact_evaluation and study.comparable_country):
        return False
    if grade is EvidenceGrade.STRONG:
        return (
            study.risk_of_bias is RiskOfBias.LOW
            and study.intervention_size >= MIN_GROUP_SIZE
            and study.comparison_size >= MIN_GROUP_SIZE
        )
    if grade is EvidenceGrade.GOOD:
        return study.risk_of_bias <= RiskOfBias.MODERATE and study.intervention_size >= MIN_GROUP_SIZE
    return study.risk_of_bias <= RiskOfBias.MODERATE


def meets_criteria(body: EvidenceBody, grade: EvidenceGrade) -> bool:
    """Whether ``body`` meets every criterion of ``grade``."""
    if not body.shows_effect:
        return False
    qualifying = sum(1 for study in body.studies if study_qualifies(study, grade))
    if grade is EvidenceGrade.PROMISING:
        return qualifying >= 1
    return body.kind.is_synthesis and qualifying >= 2


def grade_evidence(body: EvidenceBody) -> EvidenceGrade | None:
    """The highest grade ``body`` meets, or ``None`` when it meets none.

    >>> study = Study(design=StudyDesign.RANDOMISED_CONTROLLED_TRIAL, comparable_country=True,
    ...               risk_of_bias=RiskOfBias.LOW, intervention_size=40, comparison_size=38,
    ...               showed_effect=True)
    >>> grade_evidence(EvidenceBody(kind=EvidenceKind.SINGLE_STUDY, studies=(study,)))
    <EvidenceGrade.PROMISING: 'promising'>
    >>> grade_evidence(EvidenceBody(kind=EvidenceKind.META_ANALYSIS, studies=(study, study),
    ...                             synthesis_showed_effect=True))
    <EvidenceGrade.STRONG: 'strong'>
    """
    for grade in sorted(EvidenceGrade, reverse=True):
        if meets_criteria(body, grade):
            return grade
    return None
