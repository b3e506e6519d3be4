"""Importing records from files kept elsewhere: mappings, reading cells, mapping rows, drafting mappings.

A mapping (:class:`ImportMapping`, read from TOML by :func:`mapping_from_dict`) says which
columns of a case system's export give which fields of which records; :func:`compile_mapping`
checks it against the taxonomy, and :func:`map_rows` turns a source's rows into records or
rejected rows, each problem named by row and column. Reading the files themselves is the
adapters' job (:func:`fosterkit.import_source`).
"""

from __future__ import annotations

from fosterkit.imports.compiled import (
    CompiledField,
    CompiledMapping,
    CompiledRecord,
    compile_mapping,
    value_kind,
)
from fosterkit.imports.draft import Draft, HeadingsError, HeadingSynonyms, draft_mapping
from fosterkit.imports.form import mapping_from_dict
from fosterkit.imports.mapping import (
    DEFAULT_DATE_FORMATS,
    MAPPING_SCHEMA_VERSION,
    RESERVED_COLUMNS,
    TODO,
    FieldMapping,
    ImportMapping,
    MappingError,
    RecordMapping,
    SourceSettings,
)
from fosterkit.imports.rows import (
    HEADER_SCAN_ROWS,
    MappedRow,
    RejectedRow,
    RowCounts,
    RowProblem,
    SourceTable,
    map_rows,
)
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow

__all__ = [
    "DEFAULT_DATE_FORMATS",
    "HEADER_SCAN_ROWS",
    "MAPPING_SCHEMA_VERSION",
    "RESERVED_COLUMNS",
    "TODO",
    "Cell",
    "CompiledField",
    "CompiledMapping",
    "CompiledRecord",
    "Draft",
    "FieldMapping",
    "HeadingSynonyms",
    "HeadingsError",
    "ImportMapping",
    "MappedRow",
    "MappingError",
    "RecordMapping",
    "RejectedRow",
    "RowCounts",
    "RowProblem",
    "SourceRow",
    "SourceSettings",
    "SourceTable",
    "UnreadableRow",
    "compile_mapping",
    "draft_mapping",
    "map_rows",
    "mapping_from_dict",
    "value_kind",
]
