"""Reasons foster carers leave: a versioned taxonomy, its mappings, extensions and migration."""

from fosterkit.reasons.extensions import AliasSet, TaxonomyExtension, extend_taxonomy
from fosterkit.reasons.model import (
    CODE_PATTERN,
    REASON_CODES,
    Influence,
    NationalCategory,
    Reason,
    ResolvedReason,
    Ssda903Code,
    Ssda903Kind,
    TaxonomyInfo,
    Triage,
    holds_reason_codes,
)
from fosterkit.reasons.taxonomy import NationalCategories, Taxonomy, code_problems

__all__ = [
    "CODE_PATTERN",
    "REASON_CODES",
    "AliasSet",
    "Influence",
    "NationalCategories",
    "NationalCategory",
    "Reason",
    "ResolvedReason",
    "Ssda903Code",
    "Ssda903Kind",
    "Taxonomy",
    "TaxonomyExtension",
    "TaxonomyInfo",
    "Triage",
    "code_problems",
    "extend_taxonomy",
    "holds_reason_codes",
]
