"""fosterkit: run foster-carer exit interviews well, learn why carers leave, and act on it.

This module is the curated public API: the names most programs need, in one list
(:data:`__all__`). Everything else public lives in a topical subpackage, each with its own
``__all__``: :mod:`fosterkit.framework`, :mod:`fosterkit.reasons`, :mod:`fosterkit.records`,
:mod:`fosterkit.interviews`, :mod:`fosterkit.audit`, :mod:`fosterkit.tracker`,
:mod:`fosterkit.analysis`, :mod:`fosterkit.imports`, :mod:`fosterkit.serial`,
:mod:`fosterkit.errors`, :mod:`fosterkit.plugins` (for plugin authors) and
:mod:`fosterkit.testing` (hypothesis strategies and the conformance kit).

Importing fosterkit loads none of them: each name is loaded from its subpackage on first use
(``fosterkit.Catalogue``, ``from fosterkit import Catalogue``), so the command line starts
quickly and a program pays only for what it uses. The names that read or write files, or run
plugins, come from the adapters and the plugin machinery; the rest are the pure domain core,
which also runs where there are no files (a browser).
"""

from __future__ import annotations

import importlib

#: The version, as in ``pyproject.toml`` (a test checks it against the installed one); a plain
#: string, so ``fosterkit --version`` need not load importlib.metadata.
__version__ = "0.1.0"

#: Type checkers take any ``TYPE_CHECKING`` as true; not importing ``typing`` keeps startup light.
TYPE_CHECKING = False
if TYPE_CHECKING:  # the same names as _PUBLIC below, for type checkers and editors
    from typing import Any

    from fosterkit.adapters.audit_files import generate_audit_workbook, read_audit_workbook
    from fosterkit.adapters.importing import import_source
    from fosterkit.adapters.installed import installed_packs, installed_taxonomy
    from fosterkit.adapters.jsonl import iter_jsonl, read_jsonl, scan_jsonl, write_jsonl
    from fosterkit.adapters.packs import (
        load_catalogue,
        load_checklist,
        load_headings,
        load_mapping_file,
        load_taxonomy,
        parse_catalogue_toml,
        parse_mapping_toml,
    )
    from fosterkit.analysis import Publication, Report, build_report, exit_insights, publish_tables
    from fosterkit.audit import AuditCycle, AuditReading, AuditWorkbook, next_cycle
    from fosterkit.errors import FieldError, FosterkitError, Problem, StructureError
    from fosterkit.framework import (
        Catalogue,
        EvidenceGrade,
        KeyPrinciple,
        PackSet,
        Recommendation,
        ReflectiveQuestion,
        Step,
    )
    from fosterkit.imports import ImportMapping, draft_mapping
    from fosterkit.interviews import (
        Checklist,
        DataCollectionRecord,
        ExitProcess,
        InterviewStage,
        ProcessPolicy,
        Rule,
        RuleBroken,
        due,
        process_metrics,
    )
    from fosterkit.plugins import hookimpl, make_plugin_manager
    from fosterkit.reasons import Reason, Taxonomy, TaxonomyExtension, Triage
    from fosterkit.records import Carer, Departure, Household, HouseholdStatus, Initiator, LeavingRoute
    from fosterkit.serial import record_from_dict, record_to_dict, structure, unstructure
    from fosterkit.tracker import ResponseTracker, new_tracker

#: Each public name (but ``__version__``) by the module it is loaded from on first use.
_PUBLIC = {
    "generate_audit_workbook": "fosterkit.adapters.audit_files",
    "read_audit_workbook": "fosterkit.adapters.audit_files",
    "import_source": "fosterkit.adapters.importing",
    "installed_packs": "fosterkit.adapters.installed",
    "installed_taxonomy": "fosterkit.adapters.installed",
    "iter_jsonl": "fosterkit.adapters.jsonl",
    "read_jsonl": "fosterkit.adapters.jsonl",
    "scan_jsonl": "fosterkit.adapters.jsonl",
    "write_jsonl": "fosterkit.adapters.jsonl",
    "load_catalogue": "fosterkit.adapters.packs",
    "load_checklist": "fosterkit.adapters.packs",
    "load_headings": "fosterkit.adapters.packs",
    "load_mapping_file": "fosterkit.adapters.packs",
    "load_taxonomy": "fosterkit.adapters.packs",
    "parse_catalogue_toml": "fosterkit.adapters.packs",
    "parse_mapping_toml": "fosterkit.adapters.packs",
    "Publication": "fosterkit.analysis",
    "Report": "fosterkit.analysis",
    "build_report": "fosterkit.analysis",
    "exit_insights": "fosterkit.analysis",
    "publish_tables": "fosterkit.analysis",
    "AuditCycle": "fosterkit.audit",
    "AuditReading": "fosterkit.audit",
    "AuditWorkbook": "fosterkit.audit",
    "next_cycle": "fosterkit.audit",
    "FieldError": "fosterkit.errors",
    "FosterkitError": "fosterkit.errors",
    "Problem": "fosterkit.errors",
    "StructureError": "fosterkit.errors",
    "Catalogue": "fosterkit.framework",
    "EvidenceGrade": "fosterkit.framework",
    "KeyPrinciple": "fosterkit.framework",
    "PackSet": "fosterkit.framework",
    "Recommendation": "fosterkit.framework",
    "ReflectiveQuestion": "fosterkit.framework",
    "Step": "fosterkit.framework",
    "ImportMapping": "fosterkit.imports",
    "draft_mapping": "fosterkit.imports",
    "Checklist": "fosterkit.interviews",
    "DataCollectionRecord": "fosterkit.interviews",
    "ExitProcess": "fosterkit.interviews",
    "InterviewStage": "fosterkit.interviews",
    "ProcessPolicy": "fosterkit.interviews",
    "Rule": "fosterkit.interviews",
    "RuleBroken": "fosterkit.interviews",
    "due": "fosterkit.interviews",
    "process_metrics": "fosterkit.interviews",
    "hookimpl": "fosterkit.plugins",
    "make_plugin_manager": "fosterkit.plugins",
    "Reason": "fosterkit.reasons",
    "Taxonomy": "fosterkit.reasons",
    "TaxonomyExtension": "fosterkit.reasons",
    "Triage": "fosterkit.reasons",
    "Carer": "fosterkit.records",
    "Departure": "fosterkit.records",
    "Household": "fosterkit.records",
    "HouseholdStatus": "fosterkit.records",
    "Initiator": "fosterkit.records",
    "LeavingRoute": "fosterkit.records",
    "record_from_dict": "fosterkit.serial",
    "record_to_dict": "fosterkit.serial",
    "structure": "fosterkit.serial",
    "unstructure": "fosterkit.serial",
    "ResponseTracker": "fosterkit.tracker",
    "new_tracker": "fosterkit.tracker",
}

#: Subpackages that ``import fosterkit`` used to load, so ``fosterkit.framework`` and the like
#: still work after a bare ``import fosterkit``; they too are now loaded on first use.
_SUBPACKAGES = frozenset(
    (
        "analysis",
        "audit",
        "errors",
        "framework",
        "imports",
        "interviews",
        "offer",
        "reasons",
        "records",
        "serial",
        "tracker",
    )
)


def __getattr__(name: str) -> Any:
    """Load a public name (or a core subpackage) on first use, and keep it."""
    module = _PUBLIC.get(name)
    value: Any
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'fosterkit' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


__all__ = [
    "AuditCycle",
    "AuditReading",
    "AuditWorkbook",
    "Carer",
    "Catalogue",
    "Checklist",
    "DataCollectionRecord",
    "Departure",
    "EvidenceGrade",
    "ExitProcess",
    "FieldError",
    "FosterkitError",
    "Household",
    "HouseholdStatus",
    "ImportMapping",
    "Initiator",
    "InterviewStage",
    "KeyPrinciple",
    "LeavingRoute",
    "PackSet",
    "Problem",
    "ProcessPolicy",
    "Publication",
    "Reason",
    "Recommendation",
    "ReflectiveQuestion",
    "Report",
    "ResponseTracker",
    "Rule",
    "RuleBroken",
    "Step",
    "StructureError",
    "Taxonomy",
    "TaxonomyExtension",
    "Triage",
    "__version__",
    "build_report",
    "draft_mapping",
    "due",
    "exit_insights",
    "generate_audit_workbook",
    "hookimpl",
    "import_source",
    "installed_packs",
    "installed_taxonomy",
    "iter_jsonl",
    "load_catalogue",
    "load_checklist",
    "load_headings",
    "load_mapping_file",
    "load_taxonomy",
    "make_plugin_manager",
    "new_tracker",
    "next_cycle",
    "parse_catalogue_toml",
    "parse_mapping_toml",
    "process_metrics",
    "publish_tables",
    "read_audit_workbook",
    "read_jsonl",
    "record_from_dict",
    "record_to_dict",
    "scan_jsonl",
    "structure",
    "unstructure",
    "write_jsonl",
]
