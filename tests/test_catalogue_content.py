"""The built-in Practice Guide pack matches its source documents exactly.

The expected tables below were taken from Foundations' Reflective Tool (2026): every question's
step, section, lens and tags as the source prints them. Counts per step are the source's.
"""

from __future__ import annotations

from collections import Counter

import pytest

from fosterkit import EvidenceGrade, Step, load_catalogue
from fosterkit.framework import Lens

# question id -> (lens, tags), in source order
EXPECTED = {
    "AS-KNOW-01": ("strategic", ("KP1",)),
    "AS-KNOW-02": ("strategic", ("EDIE", "KP1")),
    "AS-KNOW-03": ("strategic", ("KP1",)),
    "AS-KNOW-04": ("strategic", ("KP1",)),
    "AS-KNOW-05": ("strategic", ("KP4",)),
    "AS-KNOW-06": ("strategic", ("KP4",)),
    "AS-KNOW-07": ("strategic", ("KP1", "KP4")),
    "AS-KNOW-08": ("strategic", ("KP1", "KP4", "ALL RECS")),
    "AS-KNOW-09": ("strategic", ("KP1", "KP4")),
    "AS-KNOW-10": ("practice", ("KP1", "KP2")),
    "AS-KNOW-11": ("practice", ("KP5", "KP7")),
    "AS-KNOW-12": ("practice", ("KP1",)),
    "AS-KNOW-13": ("practice", ("ALL RECS",)),
    "AS-KNOW-14": ("practice", ("KP2",)),
    "AS-DATA-01": (None, ()),
    "AS-DATA-02": (None, ()),
    "AS-DATA-03": (None, ()),
    "AS-DATA-04": (None, ()),
    "AS-DATA-05": (None, ()),
    "AS-DATA-06": (None, ()),
    "AS-DATA-07": (None, ()),
    "AS-DATA-08": (None, ()),
    "AS-DATA-09": (None, ()),
    "AS-LOCAL-01": ("strategic", ("KP1",)),
    "AS-LOCAL-02": ("strategic", ("KP7", "ALL RECS")),
    "AS-LOCAL-03": ("strategic", ("KP1",)),
    "AS-LOCAL-04": ("strategic", ("ALL RECS",)),
    "AS-LOCAL-05": ("strategic", ("ALL",)),
    "AS-LOCAL-06": ("strategic", ("KP4", "KP5")),
    "AS-LOCAL-07": ("strategic", ("KP1", "KP2", "KP4")),
    "AS-LOCAL-08": ("strategic", ("KP2", "KP6")),
    "AS-LOCAL-09": ("strategic", ("KP1", "ALL RECS")),
    "AS-LOCAL-10": ("strategic", ("KP1", "KP2", "ALL RECS")),
    "AS-LOCAL-11": ("strategic", ("KP2",)),
    "AS-LOCAL-12": ("strategic", ("KP1", "R7")),
    "AS-LOCAL-13": ("practice", ("KP2",)),
    "AS-LOCAL-14": ("practice", ("KP2",)),
    "AS-LOCAL-15": ("practice", ("KP1",)),
    "AS-LOCAL-16": ("practice", ("KP4", "KP7")),
    "AS-LOCAL-17": ("practice", ("KP7", "KP1")),
    "AS-LOCAL-18": ("practice", ("KP4", "KP6", "KP7", "EDIE")),
    "AS-LOCAL-19": ("practice", ("KP1", "KP4")),
    "AS-LOCAL-20": ("practice", ("KP1", "KP6")),
    "AS-LOCAL-21": ("practice", ("KP4", "KP5", "KP8")),
    "AS-LOCAL-22": ("practice", ("KP3", "KP4", "KP7")),
    "AS-TRAIN-01": ("strategic", ("ALL RECS",)),
    "AS-TRAIN-02": ("strategic", ("KP7", "EDIE")),
    "AS-TRAIN-03": ("strategic", ("KP2", "KP3")),
    "AS-TRAIN-04": ("strategic", ("KP4", "KP7")),
    "AS-TRAIN-05": ("strategic", ("ALL",)),
    "AS-TRAIN-06": ("strategic", ("KP3",)),
    "AS-TRAIN-07": ("strategic", ("KP1",)),
    "AS-TRAIN-08": ("practice", ("KP1", "KP7")),
    "AS-TRAIN-09": ("practice", ("KP6",)),
    "AS-TRAIN-10": ("practice", ("ALL RECS",)),
    "AS-TRAIN-11": ("practice", ("ALL RECS",)),
    "AS-TRAIN-12": ("practice", ("KP3", "KP8", "EDIE")),
    "AS-TRAIN-13": ("practice", ("KP3", "KP8")),
    "AS-TRAIN-14": ("practice", ("KP5", "KP6")),
    "AS-TRAIN-15": ("practice", ("KP1",)),
    "AS-TRAIN-16": ("practice", ("KP1", "KP3")),
    "AS-TRAIN-17": ("practice", ("KP1",)),
    "AS-TRAIN-18": ("practice", ("KP4",)),
    "AS-TRAIN-19": ("practice", ("KP2",)),
    "AS-TRAIN-20": ("practice", ("KP4",)),
    "AS-LIVED-01": ("strategic", ("KP7", "EDIE")),
    "AS-LIVED-02": ("strategic", ("KP1", "KP2")),
    "AS-LIVED-03": ("strategic", ("KP2",)),
    "AS-EDIE-01": (None, ()),
    "AS-EDIE-02": (None, ()),
    "AS-EDIE-03": (None, ()),
    "AS-EDIE-04": (None, ()),
    "AS-EDIE-05": (None, ()),
    "AS-EDIE-06": (None, ()),
    "AS-EDIE-07": (None, ()),
    "AS-EDIE-08": (None, ()),
    "AS-EDIE-09": (None, ()),
    "AS-EDIE-10": (None, ()),
    "AS-LIVED-04": ("practice", ("KP1", "KP7", "EDIE")),
    "AS-LIVED-05": ("practice", ("KP1", "KP2", "KP4")),
    "AS-LIVED-06": ("practice", ("KP2",)),
    "AS-LIVED-07": ("practice", ("KP7",)),
    "AS-LIVED-08": ("practice", ("KP6",)),
    "AS-WORK-01": ("strategic", ("KP4", "KP5")),
    "AS-WORK-02": ("strategic", ("KP6", "EDIE")),
    "AS-WORK-03": ("strategic", ("KP5",)),
    "AS-WORK-04": ("strategic", ("KP4", "KP8", "ALL RECS")),
    "AS-WORK-05": ("strategic", ("KP7",)),
    "AS-WORK-06": ("practice", ("ALL RECS",)),
    "AS-WORK-07": ("practice", ("KP7", "KP8")),
    "AS-WORK-08": ("practice", ("KP2",)),
    "AS-WORK-09": ("practice", ("KP4", "KP5", "EDIE")),
    "AS-WORK-10": ("practice", ("KP2", "KP7")),
    "AS-WORK-11": ("practice", ("KP2",)),
    "AS-WORK-12": ("practice", ("KP2",)),
    "PL-PRIO-01": (None, ("KP1",)),
    "PL-PRIO-02": (None, ("KP1", "KP7")),
    "PL-PRIO-03": (None, ("ALL RECS",)),
    "PL-PRIO-04": (None, ("KP3",)),
    "PL-PRIO-05": (None, ("KP1",)),
    "PL-PRIO-06": (None, ("KP4", "KP5", "KP6", "EDIE")),
    "PL-PRIO-07": (None, ("KP1", "ALL RECS")),
    "PL-BARR-01": ("strategic", ()),
    "PL-BARR-02": ("practice", ()),
    "PL-CHANGE-01": ("strategic", ("KP7", "ALL RECS", "EDIE")),
    "PL-CHANGE-02": ("strategic", ("KP7",)),
    "PL-CHANGE-03": ("strategic", ("KP1", "KP2", "EDIE")),
    "PL-CHANGE-04": ("strategic", ("KP7",)),
    "PL-CHANGE-05": ("strategic", ("KP8",)),
    "PL-CHANGE-06": ("strategic", ("KP4", "KP8")),
    "PL-CHANGE-07": ("strategic", ("ALL RECS",)),
    "PL-CHANGE-08": ("practice", ("KP1",)),
    "PL-CHANGE-09": ("practice", ("KP3", "EDIE")),
    "PL-CHANGE-10": ("practice", ("KP8",)),
    "DO-STUCK-01": (None, ()),
    "DO-STUCK-02": (None, ()),
    "DO-STUCK-03": (None, ()),
    "DO-STUCK-04": (None, ()),
    "DO-STUCK-05": (None, ()),
    "DO-STUCK-06": (None, ()),
    "DO-STUCK-07": (None, ()),
    "RV-REVIEW-01": (None, ("ALL",)),
    "RV-REVIEW-02": (None, ("KP6",)),
    "RV-REVIEW-03": (None, ("KP4", "KP6")),
    "RV-REVIEW-04": (None, ("KP1", "EDIE")),
    "RV-REVIEW-05": (None, ("ALL RECS",)),
    "RV-REVIEW-06": (None, ("ALL",)),
    "RV-REVIEW-07": (None, ("ALL RECS",)),
    "RV-REVIEW-08": (None, ("ALL",)),
    "RV-REVIEW-09": (None, ("KP1", "KP4")),
    "RV-REVIEW-10": (None, ("ALL",)),
    "RV-REVIEW-11": (None, ("ALL",)),
    "RV-REVIEW-12": (None, ("KP2", "EDIE")),
    "RV-REVIEW-13": (None, ("ALL",)),
}

SECTIONS = [
    ("knowing", Step.ASSESS, 14),
    ("data", Step.ASSESS, 9),
    ("local", Step.ASSESS, 22),
    ("training", Step.ASSESS, 20),
    ("lived", Step.ASSESS, 8),
    ("edie", Step.ASSESS, 10),
    ("workforce", Step.ASSESS, 12),
    ("priorities", Step.PLAN, 7),
    ("barriers", Step.PLAN, 2),
    ("changes", Step.PLAN, 10),
    ("stuck", Step.DO, 7),
    ("review", Step.REVIEW, 13),
]


def test_question_count_per_step_matches_the_reflective_tool() -> None:
    catalogue = load_catalogue()
    assert catalogue.counts_by_step() == {Step.ASSESS: 95, Step.PLAN: 19, Step.DO: 7, Step.REVIEW: 13}
    assert len(catalogue.questions) == 134


def test_sections_and_their_sizes() -> None:
    catalogue = load_catalogue()
    assert [(s.id, s.step) for s in catalogue.sections] == [(sid, step) for sid, step, _ in SECTIONS]
    sizes = Counter(q.section for q in catalogue.questions)
    assert dict(sizes) == {sid: n for sid, _, n in SECTIONS}


def test_every_question_is_tagged_and_lensed_as_the_source() -> None:
    catalogue = load_catalogue()
    assert [q.id for q in catalogue.questions] == list(EXPECTED)
    for question in catalogue.questions:
        lens, tags = EXPECTED[question.id]
        assert (question.lens.value if question.lens else None) == lens, question.id
        assert question.tags == tags, question.id


def test_question_ids_encode_their_step() -> None:
    prefixes = {Step.ASSESS: "AS-", Step.PLAN: "PL-", Step.DO: "DO-", Step.REVIEW: "RV-"}
    for question in load_catalogue().questions:
        assert question.id.startswith(prefixes[question.step])


def test_untagged_prompts_carry_no_tag() -> None:
    catalogue = load_catalogue()
    untagged = {q.id for q in catalogue.questions if not q.tags}
    assert untagged == {qid for qid, (_, tags) in EXPECTED.items() if not tags}
    assert {q.section for q in catalogue.questions if q.id in untagged} == {
        "data",
        "edie",
        "barriers",
        "stuck",
    }


def test_eight_principles_and_seven_recommendations_with_the_guides_grades() -> None:
    catalogue = load_catalogue()
    assert [p.id for p in catalogue.principles] == [f"KP{n}" for n in range(1, 9)]
    assert {r.id: r.grade for r in catalogue.recommendations} == {
        "R1": EvidenceGrade.STRONG,
        "R2": EvidenceGrade.STRONG,
        "R3": EvidenceGrade.GOOD,
        "R4": EvidenceGrade.GOOD,
        "R5": EvidenceGrade.GOOD,
        "R6": EvidenceGrade.GOOD,
        "R7": EvidenceGrade.PROMISING,
    }


def test_three_grade_definitions_with_the_published_thresholds() -> None:
    catalogue = load_catalogue()
    assert [d.grade for d in catalogue.grades] == [
        EvidenceGrade.STRONG,
        EvidenceGrade.GOOD,
        EvidenceGrade.PROMISING,
    ]
    for definition in catalogue.grades:
        assert "20" in definition.definition
        assert "UK" in definition.definition


@pytest.mark.parametrize("element", [*(f"KP{n}" for n in range(1, 9)), *(f"R{n}" for n in range(1, 8))])
def test_every_principle_and_recommendation_is_reached(element: str) -> None:
    assert load_catalogue().coverage().count(element) > 0


def test_lenses_only_where_the_source_gives_one() -> None:
    catalogue = load_catalogue()
    lensless = {q.section for q in catalogue.questions if q.lens is None}
    assert lensless == {"data", "edie", "priorities", "stuck", "review"}
    assert {q.lens for q in catalogue.find_questions(section="barriers")} == {Lens.STRATEGIC, Lens.PRACTICE}


def test_pack_cites_its_sources() -> None:
    pack = load_catalogue().pack
    assert pack.id == "practice-guide-2026"
    assert {s.publisher for s in pack.sources} == {"Foundations"}
    assert len(pack.sources) == 2
