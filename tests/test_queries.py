"""Queries over a catalogue: questions by step, section, lens and tag; grades; coverage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import Catalogue, EvidenceGrade, Step, load_catalogue
from fosterkit.framework import ALL, ALL_RECS, EDIE, Lens
from fosterkit.testing import strategies as fks


def test_filters_combine() -> None:
    catalogue = load_catalogue()
    found = catalogue.find_questions(step="assess", tag="KP4")
    assert found
    for question in found:
        assert question.step is Step.ASSESS
        assert "KP4" in catalogue.touches(question)
    assert "AS-LOCAL-05" in {q.id for q in found}  # tagged ALL


def test_tag_query_expands_all_and_all_recs() -> None:
    catalogue = load_catalogue()
    r3 = {q.id for q in catalogue.find_questions(tag="R3")}
    tagged_all = {q.id for q in catalogue.questions if ALL in q.tags}
    tagged_all_recs = {q.id for q in catalogue.questions if ALL_RECS in q.tags}
    assert r3 == tagged_all | tagged_all_recs
    r7 = {q.id for q in catalogue.find_questions(tag="R7")}
    assert r7 == r3 | {"AS-LOCAL-12"}


def test_special_tags_match_literally() -> None:
    catalogue = load_catalogue()
    assert {q.id for q in catalogue.find_questions(tag=EDIE)} == {
        q.id for q in catalogue.questions if EDIE in q.tags
    }
    assert len(catalogue.find_questions(tag=ALL)) == 8


def test_several_values_of_one_filter_match_any() -> None:
    catalogue = load_catalogue()
    both = catalogue.find_questions(step=["do", Step.REVIEW])
    assert len(both) == 7 + 13


def test_lens_filter_excludes_questions_without_a_lens() -> None:
    catalogue = load_catalogue()
    strategic = catalogue.find_questions(lens=Lens.STRATEGIC)
    practice = catalogue.find_questions(lens="practice")
    lensless = [q for q in catalogue.questions if q.lens is None]
    assert len(strategic) + len(practice) + len(lensless) == len(catalogue.questions)
    assert not catalogue.find_questions(step="review", lens="strategic")


def test_section_filter_and_unknown_values() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.find_questions(section="edie")) == 10
    with pytest.raises(KeyError, match="no section with id 'nowhere'"):
        catalogue.find_questions(section="nowhere")
    with pytest.raises(KeyError, match="unknown tag 'KP9'"):
        catalogue.find_questions(tag="KP9")
    with pytest.raises(ValueError, match="'later' is not a valid Step"):
        catalogue.find_questions(step="later")


def test_recommendations_by_grade() -> None:
    catalogue = load_catalogue()
    assert [r.id for r in catalogue.recommendations_by_grade(EvidenceGrade.STRONG)] == ["R1", "R2"]
    assert [r.id for r in catalogue.recommendations_by_grade("good")] == ["R3", "R4", "R5", "R6"]
    assert [r.id for r in catalogue.recommendations_by_grade("good", or_better=True)] == [
        "R1",
        "R2",
        "R3",
        "R4",
        "R5",
        "R6",
    ]
    assert len(catalogue.recommendations_by_grade("promising", or_better=True)) == 7


def test_lookups() -> None:
    catalogue = load_catalogue()
    assert catalogue.principle("KP3").id == "KP3"
    assert catalogue.recommendation("R7").grade is EvidenceGrade.PROMISING
    assert catalogue.question("DO-STUCK-01").step is Step.DO
    assert catalogue.grade_definition(EvidenceGrade.GOOD).label == "Good evidence"
    with pytest.raises(KeyError, match="KP1, KP2"):
        catalogue.principle("KP9")


def test_coverage_matrix_of_the_builtin_catalogue() -> None:
    coverage = load_catalogue().coverage()
    assert coverage.rows == (*(f"KP{n}" for n in range(1, 9)), *(f"R{n}" for n in range(1, 8)))
    assert coverage.count("R7") == coverage.count("R6") + 1
    assert coverage.steps["KP1"][Step.DO] == 0
    assert sum(coverage.steps["KP1"].values()) == coverage.count("KP1")


@given(fks.catalogues())
def test_coverage_agrees_with_touches(catalogue: Catalogue) -> None:
    coverage = catalogue.coverage()
    for question in catalogue.questions:
        for row in coverage.rows:
            assert (question.id in coverage.questions[row]) == (row in catalogue.touches(question))


@given(fks.catalogues(), st.data())
def test_tag_query_returns_exactly_the_questions_touching_it(
    catalogue: Catalogue, data: st.DataObject
) -> None:
    row = data.draw(st.sampled_from(catalogue.coverage().rows))
    assert tuple(q.id for q in catalogue.find_questions(tag=row)) == catalogue.coverage().questions[row]


@given(fks.catalogues(), st.data())
def test_filters_are_an_intersection(catalogue: Catalogue, data: st.DataObject) -> None:
    step = data.draw(fks.steps())
    tag = data.draw(st.sampled_from(catalogue.tags))
    both = set(catalogue.find_questions(step=step, tag=tag))
    assert both == set(catalogue.find_questions(step=step)) & set(catalogue.find_questions(tag=tag))


@given(fks.steps())
def test_the_cycle_wraps_round(step: Step) -> None:
    assert step.next.previous is step
    assert step.next.next.next.next is step


def test_cycle_order() -> None:
    assert [s.label for s in Step] == ["Assess", "Plan", "Do", "Review"]
    assert Step.REVIEW.next is Step.ASSESS
    assert Step.ASSESS.previous is Step.REVIEW
