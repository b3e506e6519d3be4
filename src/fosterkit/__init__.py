"""fosterkit: run foster-carer exit interviews well, learn why carers leave, and act on it.

This module is the curated public API: the names most programs need, in one list
(:data:`__all__`). Everything else public lives in a topical subpackage, each with its own
``__all__``: :mod:`fosterkit.framework`, :mod:`fosterkit.reasons`, :mod:`fosterkit.records`,
:mod:`fosterkit.interviews`, :mod:`fosterkit.audit`, :mod:`fosterkit.tracker`,
:mod:`fosterkit.analysis`, :mod:`fosterkit.imports`, :mod:`fosterkit.serial`,
:mod:`fosterkit.errors`, :mod:`fosterkit.plugins` (for plugin authors) and
:mod:`fosterkit.testing` (hypothesis strategies and the conformance kit).

Importing fosterkit loads only the pure domain core. The names that read or write files, or
run plugins, are loaded on first use, so the core also runs where there are no files (a
browser).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
from fosterkit.reasons import Reason, Taxonomy, TaxonomyExtension, Triage
from fosterkit.records import Carer, Departure, Household, HouseholdStatus, Initiator, LeavingRoute
from fosterkit.serial import record_from_dict, record_to_dict, structure, unstructure
from fosterkit.tracker import ResponseTracker, new_tracker

if TYPE_CHECKING:
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
    from fosterkit.plugins import hookimpl, make_plugin_manager

    __version__: str

#: Names that read or write files or run plugins, and the module each comes from; loaded on
#: first use so that ``import fosterkit`` loads no adapter, pluggy, sqlite3 or tempfile.
_ON_FIRST_USE = {
    "generate_audit_workbook": "fosterkit.adapters.audit_files",
    "read_audit_workbook": "fosterkit.adapters.audit_files",
    "import_source": "fosterkit.adapters.importing",
    "iter_jsonl": "fosterkit.adapters.jsonl",
    "read_jsonl": "fosterkit.adapters.jsonl",
    "scan_jsonl": "fosterkit.adapters.jsonl",
    "write_jsonl": "fosterkit.adapters.jsonl",
    "installed_packs": "fosterkit.adapters.installed",
    "installed_taxonomy": "fosterkit.adapters.installed",
    "load_headings": "fosterkit.adapters.packs",
    "load_catalogue": "fosterkit.adapters.packs",
    "load_checklist": "fosterkit.adapters.packs",
    "load_mapping_file": "fosterkit.adapters.packs",
    "load_taxonomy": "fosterkit.adapters.packs",
    "parse_catalogue_toml": "fosterkit.adapters.packs",
    "parse_mapping_toml": "fosterkit.adapters.packs",
    "hookimpl": "fosterkit.plugins",
    "make_plugin_manager": "fosterkit.plugins",
}


def __getattr__(name: str) -> Any:
    """Load a name that reads files or runs plugins on first use."""
    if name == "__version__":  # importlib.metadata loads zipfile and tempfile: not at import time
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("fosterkit")
        except PackageNotFoundError:  # a source tree that was never installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'fosterkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_ON_FIRST_USE, "__version__"})


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
