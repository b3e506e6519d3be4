"""Practice frameworks: principles, recommendations, themes, evidence grades, questions and cross-links."""

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
from fosterkit.framework.links import CrossLink, ElementRef, parse_ref
from fosterkit.framework.pack import PackInfo, SourceDocument
from fosterkit.framework.packset import DanglingLink, Link, PackSet
from fosterkit.framework.principles import KeyPrinciple, Recommendation, Theme
from fosterkit.framework.questions import ALL, ALL_RECS, EDIE, SPECIAL_TAGS, ReflectiveQuestion, Section

__all__ = [
    "ALL",
    "ALL_RECS",
    "EDIE",
    "SPECIAL_TAGS",
    "Catalogue",
    "CoverageMatrix",
    "CrossLink",
    "DanglingLink",
    "ElementRef",
    "EvidenceBody",
    "EvidenceGrade",
    "EvidenceKind",
    "GradeDefinition",
    "KeyPrinciple",
    "Lens",
    "Link",
    "PackInfo",
    "PackSet",
    "Recommendation",
    "ReflectiveQuestion",
    "RiskOfBias",
    "Section",
    "SourceDocument",
    "Step",
    "Study",
    "StudyDesign",
    "Theme",
    "grade_evidence",
    "meets_criteria",
    "parse_ref",
    "study_qualifies",
]
