"""fosterkit: run foster-carer exit interviews well, learn why carers leave, and act on it.

The public API is re-exported here; modules whose names start with an underscore are private.
"""

from importlib.metadata import PackageNotFoundError, version

from fosterkit.convert import (
    catalogue_from_dict,
    catalogue_from_json,
    catalogue_to_dict,
    catalogue_to_json,
    structure,
    unstructure,
)
from fosterkit.errors import CatalogueError, FieldError, FosterkitError, Problem, StructureError
from fosterkit.framework import (
    ALL,
    ALL_RECS,
    EDIE,
    Catalogue,
    CoverageMatrix,
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
    grade_evidence,
    meets_criteria,
    study_qualifies,
)
from fosterkit.loader import (
    DEFAULT_PACK,
    builtin_packs,
    load_catalogue,
    load_catalogue_file,
    parse_catalogue_toml,
)

try:
    __version__ = version("fosterkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "ALL",
    "ALL_RECS",
    "DEFAULT_PACK",
    "EDIE",
    "Catalogue",
    "CatalogueError",
    "CoverageMatrix",
    "EvidenceBody",
    "EvidenceGrade",
    "EvidenceKind",
    "FieldError",
    "FosterkitError",
    "GradeDefinition",
    "KeyPrinciple",
    "Lens",
    "PackInfo",
    "Problem",
    "Recommendation",
    "ReflectiveQuestion",
    "RiskOfBias",
    "Section",
    "SourceDocument",
    "Step",
    "StructureError",
    "Study",
    "StudyDesign",
    "__version__",
    "builtin_packs",
    "catalogue_from_dict",
    "catalogue_from_json",
    "catalogue_to_dict",
    "catalogue_to_json",
    "grade_evidence",
    "load_catalogue",
    "load_catalogue_file",
    "meets_criteria",
    "parse_catalogue_toml",
    "structure",
    "study_qualifies",
    "unstructure",
]
