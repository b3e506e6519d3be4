"""Hypothesis strategies for fosterkit's framework types.

Every strategy builds valid objects: ones whose constructors accept them and, for
:func:`catalogues`, whole catalogues that pass every consistency rule. :func:`broken_catalogue_data`
builds serialised catalogues with exactly one known defect, to check that validation catches
it and reports it in the right place.

>>> from hypothesis import given
>>> from fosterkit.testing import strategies as fks
>>> @given(fks.catalogues())
... def test_every_principle_is_reached(catalogue):
...     coverage = catalogue.coverage()
...     assert all(coverage.count(row) > 0 for row in coverage.rows)
>>> test_every_principle_is_reached()
"""

from __future__ import annotations

import datetime
import string
from typing import Any

import attrs
from hypothesis import strategies as st

from fosterkit.framework import (
    SPECIAL_TAGS,
    Catalogue,
    EvidenceBody,
    EvidenceGrade,
    EvidenceKind,
    GradeDefinition,
    KeyPrinciple,
    Lens,
    PackInfo,
    Recommendation,
    ReflectiveQuestion,
    RiskOfBias,
    Section,
    SourceDocument,
    Step,
    Study,
    StudyDesign,
)
from fosterkit.framework.questions import reached_by
from fosterkit.serial.forms import catalogue_to_dict
from fosterkit.testing._common import unicode_text
from fosterkit.testing.audit_strategies import (
    audit_actions,
    audit_answers,
    audit_cycles,
    audit_dates,
    cell_texts,
    priority_choices,
)
from fosterkit.testing.carers_strategies import (
    carers,
    departures,
    equalities,
    households,
    record_ids,
    services,
    status_histories,
)
from fosterkit.testing.checklist_strategies import checklist_items, checklists, leaving_routes
from fosterkit.testing.import_strategies import ForeignTable, foreign_tables
from fosterkit.testing.interview_strategies import (
    appointments,
    companions,
    data_collection_records,
    stage_two_windows,
)
from fosterkit.testing.pack_strategies import (
    cross_links,
    recommendation_packs,
    response_statuses,
    response_trackers,
    themes,
    tracker_entries,
    typed_texts,
)
from fosterkit.testing.practice_strategies import (
    considering_leaving_conversations,
    post_approval_interviews,
    process_reviews,
)
from fosterkit.testing.process_strategies import (
    cancellations,
    checklists_sent,
    complaint_referrals,
    escalations,
    exit_processes,
    findings,
    opt_outs,
    pre_interviews,
    process_policies,
    responses,
)
from fosterkit.testing.taxonomy_strategies import (
    BrokenTaxonomy,
    broken_taxonomy_data,
    code_segments,
    codes,
    influences,
    taxonomies,
    taxonomy_extensions,
    triages,
)

__all__ = [
    "BrokenCatalogue",
    "BrokenTaxonomy",
    "ForeignTable",
    "appointments",
    "audit_actions",
    "audit_answers",
    "audit_cycles",
    "audit_dates",
    "broken_catalogue_data",
    "broken_taxonomy_data",
    "cancellations",
    "carers",
    "catalogues",
    "cell_texts",
    "checklist_items",
    "checklists",
    "checklists_sent",
    "code_segments",
    "codes",
    "companions",
    "complaint_referrals",
    "considering_leaving_conversations",
    "cross_links",
    "data_collection_records",
    "departures",
    "equalities",
    "escalations",
    "evidence_bodies",
    "evidence_grades",
    "evidence_kinds",
    "exit_processes",
    "findings",
    "foreign_tables",
    "grade_definitions",
    "households",
    "identifiers",
    "influences",
    "key_principles",
    "leaving_routes",
    "lenses",
    "opt_outs",
    "pack_infos",
    "post_approval_interviews",
    "pre_interviews",
    "priority_choices",
    "process_policies",
    "process_reviews",
    "recommendation_packs",
    "recommendations",
    "record_ids",
    "records_by_kind",
    "reflective_questions",
    "response_statuses",
    "response_trackers",
    "responses",
    "risks_of_bias",
    "sections",
    "services",
    "source_documents",
    "stage_two_windows",
    "status_histories",
    "steps",
    "studies",
    "study_designs",
    "taxonomies",
    "taxonomy_extensions",
    "texts",
    "themes",
    "tracker_entries",
    "triages",
    "typed_texts",
]

_ALNUM = string.ascii_letters + string.digits


def records_by_kind() -> dict[str, st.SearchStrategy[Any]]:
    """A strategy for each kind of record JSON Lines holds, by its ``kind``.

    The keys are those of :data:`fosterkit.serial.kinds.RECORD_KINDS`: a test that draws a record
    of every kind (a round trip, a compiled function against the general one) takes them here.
    """
    return {
        "household": households(),
        "departure": departures(),
        "data_collection_record": data_collection_records(),
        "exit_process": exit_processes(),
        "considering_leaving": considering_leaving_conversations(),
        "post_approval_interview": post_approval_interviews(),
        "process_review": process_reviews(),
    }


def _identifier(ends: str, middle: str) -> str:
    return ends[0] + (middle + ends[1:] if len(ends) > 1 else "")


def identifiers() -> st.SearchStrategy[str]:
    """Valid ids (``KP1``, ``AS-KNOW-01``, ``3.1``...), never one of the special tags."""
    ends = st.text(_ALNUM, min_size=1, max_size=2)
    middle = st.text(_ALNUM + "._-", max_size=8)
    return st.builds(_identifier, ends, middle).filter(lambda s: s not in SPECIAL_TAGS)


def texts(max_size: int = 80) -> st.SearchStrategy[str]:
    """Non-blank text, any Unicode a JSON or TOML file can hold."""
    return unicode_text(min_size=1, max_size=max_size, blank=False)


def steps() -> st.SearchStrategy[Step]:
    """Assess, Plan, Do or Review."""
    return st.sampled_from(Step)


def lenses() -> st.SearchStrategy[Lens]:
    """Strategic or practice."""
    return st.sampled_from(Lens)


def evidence_grades() -> st.SearchStrategy[EvidenceGrade]:
    """Strong, good or promising."""
    return st.sampled_from(EvidenceGrade)


def study_designs() -> st.SearchStrategy[StudyDesign]:
    """Any study design, including ones the criteria do not accept."""
    return st.sampled_from(StudyDesign)


def risks_of_bias() -> st.SearchStrategy[RiskOfBias]:
    """Low, moderate or high."""
    return st.sampled_from(RiskOfBias)


def evidence_kinds() -> st.SearchStrategy[EvidenceKind]:
    """A single study, a narrative synthesis or a meta-analysis."""
    return st.sampled_from(EvidenceKind)


def grade_definitions(grade: EvidenceGrade | None = None) -> st.SearchStrategy[GradeDefinition]:
    """A grade definition, for ``grade`` or any grade."""
    return st.builds(
        GradeDefinition,
        grade=st.just(grade) if grade else evidence_grades(),
        label=texts(30),
        definition=texts(),
    )


def key_principles(id: str | None = None) -> st.SearchStrategy[KeyPrinciple]:
    """A key principle, with the given id or a random one."""
    return st.builds(
        KeyPrinciple,
        id=st.just(id) if id else identifiers(),
        title=texts(),
        why=texts(),
        how_senior_leaders=texts(),
        how_practitioners=texts(),
    )


def recommendations(
    id: str | None = None,
    grades: st.SearchStrategy[EvidenceGrade] | None = None,
) -> st.SearchStrategy[Recommendation]:
    """A recommendation, with the given id (or a random one) and a grade drawn from ``grades``."""
    return st.builds(
        Recommendation,
        id=st.just(id) if id else identifiers(),
        title=texts(),
        summary=texts(),
        grade=grades or evidence_grades(),
        outcome=texts(40),
    )


def sections(id: str | None = None, step: Step | None = None) -> st.SearchStrategy[Section]:
    """A section of the Reflective Tool."""
    return st.builds(
        Section,
        id=st.just(id) if id else identifiers(),
        step=st.just(step) if step else steps(),
        title=texts(40),
        summary=st.one_of(st.just(""), texts()),
    )


def reflective_questions(
    *,
    id: str | None = None,
    section: Section | None = None,
    tags: st.SearchStrategy[tuple[str, ...]] | None = None,
) -> st.SearchStrategy[ReflectiveQuestion]:
    """A reflective question, in ``section`` if given, with tags drawn from ``tags``."""
    step = st.just(section.step) if section else steps()
    return st.builds(
        ReflectiveQuestion,
        id=st.just(id) if id else identifiers(),
        step=step,
        section=st.just(section.id) if section else identifiers(),
        text=texts(),
        lens=st.one_of(st.none(), lenses()),
        tags=tags if tags is not None else st.lists(identifiers(), unique=True, max_size=3).map(tuple),
    )


def source_documents() -> st.SearchStrategy[SourceDocument]:
    """A cited source document."""
    return st.builds(
        SourceDocument,
        title=texts(40),
        publisher=texts(30),
        year=st.integers(1990, 2100),
        url=st.one_of(
            st.just(""), st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9/-]{0,20}", fullmatch=True)
        ),
    )


def pack_infos() -> st.SearchStrategy[PackInfo]:
    """A pack's identity."""
    return st.builds(
        PackInfo,
        id=identifiers(),
        title=texts(40),
        version=texts(10),
        publisher=texts(30),
        checked=st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))),
        description=st.one_of(st.just(""), texts()),
        sources=st.lists(source_documents(), max_size=3).map(tuple),
    )


@st.composite
def catalogues(
    draw: st.DrawFn,
    *,
    max_principles: int = 8,
    max_recommendations: int = 7,
    max_questions: int = 25,
) -> Catalogue:
    """A consistent catalogue: unique ids, known tags and sections, every element reached."""
    n_principles = draw(st.integers(1, max_principles))
    n_recs = draw(st.integers(1, max_recommendations))
    n_sections = draw(st.integers(1, 5))
    ids = draw(
        st.lists(identifiers(), min_size=n_principles + n_recs, max_size=n_principles + n_recs, unique=True)
    )
    principle_ids, rec_ids = ids[:n_principles], ids[n_principles:]
    principles = tuple(draw(key_principles(id=i)) for i in principle_ids)
    recs = tuple(draw(recommendations(id=i)) for i in rec_ids)
    used_grades = sorted({r.grade for r in recs if r.grade is not None}, reverse=True)
    extra_grades = draw(
        st.lists(evidence_grades(), unique=True).map(lambda gs: [g for g in gs if g not in used_grades])
    )
    grades = tuple(draw(grade_definitions(g)) for g in [*used_grades, *extra_grades])
    section_ids = draw(st.lists(identifiers(), min_size=n_sections, max_size=n_sections, unique=True))
    all_sections = tuple(draw(sections(id=i)) for i in section_ids)

    tag_pool = [*principle_ids, *rec_ids, *SPECIAL_TAGS]
    tags = st.lists(st.sampled_from(tag_pool), unique=True, max_size=4).map(tuple)
    question_ids = iter(
        draw(
            st.lists(
                identifiers(),
                min_size=max_questions + len(ids),
                unique=True,
                max_size=max_questions + len(ids),
            )
        )
    )
    questions = [
        draw(
            reflective_questions(
                id=next(question_ids), section=draw(st.sampled_from(all_sections)), tags=tags
            )
        )
        for _ in range(draw(st.integers(0, max_questions)))
    ]
    reached = reached_by((t for q in questions for t in q.tags), principle_ids, rec_ids)
    for element in ids:
        if element not in reached:
            section = draw(st.sampled_from(all_sections))
            questions.append(
                draw(reflective_questions(id=next(question_ids), section=section, tags=st.just((element,))))
            )
    return Catalogue(
        pack=draw(pack_infos()),
        grades=grades,
        principles=principles,
        recommendations=recs,
        sections=all_sections,
        questions=tuple(questions),
    )


@attrs.frozen
class BrokenCatalogue:
    """A serialised catalogue with one known defect, and where validation must report it.

    ``field`` is the field the problem must name and ``entry`` the id of the entry it is in
    (``None`` when the defect is not inside an entry with an id).
    """

    data: dict[str, Any]
    defect: str
    field: str
    entry: str | None


@st.composite
def broken_catalogue_data(draw: st.DrawFn) -> BrokenCatalogue:
    """The serialised form of a valid catalogue with exactly one defect introduced."""
    data = catalogue_to_dict(draw(catalogues(max_questions=8)))
    questions: list[dict[str, Any]] = data["questions"]
    index = draw(st.integers(0, len(questions) - 1))
    question = questions[index]
    defect = draw(
        st.sampled_from(
            [
                "duplicate id",
                "unknown tag",
                "missing field",
                "unexpected field",
                "wrong type",
                "unknown section",
                "bad enum",
            ]
        )
    )
    if defect == "duplicate id" and len(questions) < 2:
        defect = "unknown tag"
    if defect == "duplicate id":
        other = draw(st.integers(0, len(questions) - 1).filter(lambda i: i != index))
        question["id"] = questions[other]["id"]
        return BrokenCatalogue(data, defect, "id", question["id"])
    if defect == "unknown tag":
        known = {p["id"] for p in data["principles"]} | {r["id"] for r in data["recommendations"]}
        tag = draw(identifiers().filter(lambda t: t not in known))
        question["tags"] = [*question["tags"], tag]
        return BrokenCatalogue(data, defect, "tags", question["id"])
    if defect == "missing field":
        field = draw(st.sampled_from(["text", "step", "section"]))
        del question[field]
        return BrokenCatalogue(data, defect, field, question["id"])
    if defect == "unexpected field":
        question["colour"] = "blue"
        return BrokenCatalogue(data, defect, "colour", question["id"])
    if defect == "wrong type":
        field, value = draw(
            st.sampled_from([("text", 7), ("tags", "KP1"), ("lens", True), ("section", ["x"])])
        )
        question[field] = value
        return BrokenCatalogue(data, defect, field, question["id"])
    if defect == "unknown section":
        section_ids = {s["id"] for s in data["sections"]}
        question["section"] = draw(identifiers().filter(lambda s: s not in section_ids))
        return BrokenCatalogue(data, defect, "section", question["id"])
    question["step"] = "reflect"
    return BrokenCatalogue(data, defect, "step", question["id"])


@st.composite
def studies(draw: st.DrawFn) -> Study:
    """A study, with group sizes around the criteria's threshold of 20."""
    sizes = st.one_of(st.integers(0, 60), st.sampled_from([19, 20, 21]))
    return Study(
        design=draw(study_designs()),
        comparable_country=draw(st.booleans()),
        risk_of_bias=draw(risks_of_bias()),
        intervention_size=draw(sizes),
        comparison_size=draw(sizes),
        showed_effect=draw(st.booleans()),
    )


@st.composite
def evidence_bodies(draw: st.DrawFn, kind: EvidenceKind | None = None) -> EvidenceBody:
    """A body of evidence: one study, or a synthesis of two to six."""
    kind = kind or draw(evidence_kinds())
    if kind is EvidenceKind.SINGLE_STUDY:
        return EvidenceBody(kind=kind, studies=(draw(studies()),))
    return EvidenceBody(
        kind=kind,
        studies=tuple(draw(st.lists(studies(), min_size=2, max_size=6))),
        synthesis_showed_effect=draw(st.booleans()),
    )
