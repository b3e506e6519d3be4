"""The practice framework: key principles, recommendations, evidence grades and reflective questions."""

from fosterkit.framework.catalogue import Catalogue, CoverageMatrix
from fosterkit.framework.cycle import Lens, Step
from fosterkit.framework.evidence import (
    EvidenceBody,
    EvidenceKind,
    RiskOfBias,
    Study,
    StudyDesign,
    grade_evidence,
    meets_criteria,
    study_qualifies,
)
from fosterkit.framework.grades import EvidenceGrade, GradeDefinition
from fosterkit.framework.pack import PackInfo, SourceDocument
from fosterkit.framework.principles import KeyPrinciple, Recommendation
from fosterkit.framework.questions import ALL, ALL_RECS, EDIE, SPECIAL_TAGS, ReflectiveQuestion, Section

__all__ = [
    "ALL",
    "ALL_RECS",
    "EDIE",
    "SPECIAL_TAGS",
    "Catalogue",
    "CoverageMatrix",
    "EvidenceBody",
    "EvidenceGrade",
    "EvidenceKind",
    "GradeDefinition",
    "KeyPrinciple",
    "Lens",
    "PackInfo",
    "Recommendation",
    "ReflectiveQuestion",
    "RiskOfBias",
    "Section",
    "SourceDocument",
    "Step",
    "Study",
    "StudyDesign",
    "grade_evidence",
    "meets_criteria",
    "study_qualifies",
]
