"""Evidence grading follows the published criteria; properties show the rules' shape."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import EvidenceGrade, FieldError
from fosterkit.framework import (
    EvidenceBody,
    EvidenceKind,
    RiskOfBias,
    Study,
    StudyDesign,
    grade_evidence,
    meets_criteria,
)
from fosterkit.testing import strategies as fks

GOOD_STUDY = Study(
    design=StudyDesign.RANDOMISED_CONTROLLED_TRIAL,
    comparable_country=True,
    risk_of_bias=RiskOfBias.LOW,
    intervention_size=20,
    comparison_size=20,
    showed_effect=True,
)


def synthesis(
    *studies: Study, effect: bool = True, kind: EvidenceKind = EvidenceKind.META_ANALYSIS
) -> EvidenceBody:
    return EvidenceBody(kind=kind, studies=studies, synthesis_showed_effect=effect)


def single(study: Study) -> EvidenceBody:
    return EvidenceBody(kind=EvidenceKind.SINGLE_STUDY, studies=(study,))


def test_grade_order() -> None:
    assert EvidenceGrade.STRONG > EvidenceGrade.GOOD > EvidenceGrade.PROMISING
    assert sorted(EvidenceGrade) == [EvidenceGrade.PROMISING, EvidenceGrade.GOOD, EvidenceGrade.STRONG]
    assert max(EvidenceGrade) is EvidenceGrade.STRONG


def test_strong_two_low_bias_studies_with_twenty_a_side() -> None:
    assert grade_evidence(synthesis(GOOD_STUDY, GOOD_STUDY)) is EvidenceGrade.STRONG
    assert (
        grade_evidence(synthesis(GOOD_STUDY, GOOD_STUDY, kind=EvidenceKind.NARRATIVE_SYNTHESIS))
        is EvidenceGrade.STRONG
    )


def test_moderate_bias_or_a_small_comparison_group_is_good() -> None:
    moderate = attrs.evolve(GOOD_STUDY, risk_of_bias=RiskOfBias.MODERATE)
    small_comparison = attrs.evolve(GOOD_STUDY, comparison_size=12)
    assert grade_evidence(synthesis(GOOD_STUDY, moderate)) is EvidenceGrade.GOOD
    assert grade_evidence(synthesis(small_comparison, GOOD_STUDY)) is EvidenceGrade.GOOD


def test_a_small_intervention_group_is_only_promising() -> None:
    small = attrs.evolve(GOOD_STUDY, intervention_size=19)
    assert grade_evidence(synthesis(small, small)) is EvidenceGrade.PROMISING
    assert grade_evidence(synthesis(small, GOOD_STUDY)) is EvidenceGrade.PROMISING


def test_one_study_is_at_most_promising() -> None:
    assert grade_evidence(single(GOOD_STUDY)) is EvidenceGrade.PROMISING
    tiny = attrs.evolve(GOOD_STUDY, intervention_size=3, comparison_size=2)
    assert grade_evidence(single(tiny)) is EvidenceGrade.PROMISING


@pytest.mark.parametrize(
    "change",
    [
        {"risk_of_bias": RiskOfBias.HIGH},
        {"comparable_country": False},
        {"design": StudyDesign.OTHER},
        {"showed_effect": False},
    ],
)
def test_a_single_study_that_fails_a_criterion_gets_no_grade(change: dict[str, Any]) -> None:
    assert grade_evidence(single(attrs.evolve(GOOD_STUDY, **change))) is None


def test_a_synthesis_without_an_effect_gets_no_grade() -> None:
    assert grade_evidence(synthesis(GOOD_STUDY, GOOD_STUDY, effect=False)) is None


def test_bodies_must_be_well_formed() -> None:
    with pytest.raises(FieldError, match="studies: a single-study body has exactly one study"):
        EvidenceBody(kind=EvidenceKind.SINGLE_STUDY, studies=(GOOD_STUDY, GOOD_STUDY))
    with pytest.raises(FieldError, match="at least two studies"):
        synthesis(GOOD_STUDY)
    with pytest.raises(FieldError, match="synthesis_showed_effect"):
        EvidenceBody(kind=EvidenceKind.META_ANALYSIS, studies=(GOOD_STUDY, GOOD_STUDY))
    with pytest.raises(FieldError, match="intervention_size: must be zero or more"):
        attrs.evolve(GOOD_STUDY, intervention_size=-1)


def _rank(grade: EvidenceGrade | None) -> int:
    return 0 if grade is None else grade.rank


_DESIGN_ORDER = [StudyDesign.OTHER, StudyDesign.QUASI_EXPERIMENTAL, StudyDesign.RANDOMISED_CONTROLLED_TRIAL]


@st.composite
def improved(draw: st.DrawFn, study: Study) -> Study:
    """The same study with one attribute made better (or left as good as it was)."""
    attribute = draw(st.sampled_from(["design", "country", "bias", "intervention", "comparison", "effect"]))
    if attribute == "design":
        return attrs.evolve(
            study, design=draw(st.sampled_from(_DESIGN_ORDER[_DESIGN_ORDER.index(study.design) :]))
        )
    if attribute == "country":
        return attrs.evolve(study, comparable_country=True)
    if attribute == "bias":
        return attrs.evolve(
            study, risk_of_bias=draw(st.sampled_from([r for r in RiskOfBias if r <= study.risk_of_bias]))
        )
    if attribute == "intervention":
        return attrs.evolve(study, intervention_size=study.intervention_size + draw(st.integers(0, 30)))
    if attribute == "comparison":
        return attrs.evolve(study, comparison_size=study.comparison_size + draw(st.integers(0, 30)))
    return attrs.evolve(study, showed_effect=True)


@given(fks.evidence_bodies(), st.data())
def test_improving_a_study_never_lowers_the_grade(body: EvidenceBody, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(body.studies) - 1))
    better = data.draw(improved(body.studies[index]))
    studies = (*body.studies[:index], better, *body.studies[index + 1 :])
    improved_body = attrs.evolve(body, studies=studies)
    assert _rank(grade_evidence(improved_body)) >= _rank(grade_evidence(body))


@given(fks.evidence_bodies())
def test_each_grade_also_meets_the_criteria_below_it(body: EvidenceBody) -> None:
    if meets_criteria(body, EvidenceGrade.STRONG):
        assert meets_criteria(body, EvidenceGrade.GOOD)
    if meets_criteria(body, EvidenceGrade.GOOD):
        assert meets_criteria(body, EvidenceGrade.PROMISING)


@given(fks.evidence_bodies())
def test_the_grade_is_the_highest_whose_criteria_are_met(body: EvidenceBody) -> None:
    grade = grade_evidence(body)
    met = [g for g in EvidenceGrade if meets_criteria(body, g)]
    assert grade == (max(met) if met else None)


@given(fks.evidence_bodies())
def test_no_effect_no_grade(body: EvidenceBody) -> None:
    if not body.shows_effect:
        assert grade_evidence(body) is None


@given(fks.evidence_bodies(kind=EvidenceKind.SINGLE_STUDY))
def test_a_single_study_is_never_more_than_promising(body: EvidenceBody) -> None:
    assert grade_evidence(body) in (None, EvidenceGrade.PROMISING)
