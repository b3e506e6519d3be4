"""The conformance kit: checks every format plugin runs from its own tests, fosterkit's and yours alike.

Each check is a plain function: call it from a pytest test with ``tmp_path`` and it raises
:class:`AssertionError`, naming the offer and what is wrong, when the offer breaks one of
fosterkit's promises. One check per kind of offer:

- :func:`check_exporter`: an exporter alone, kind by kind (options, counts, failures leave
  the target as it was and no partial file, flat memory, no live formulas);
- :func:`check_round_trip`: an exporter with its importer (any records of every kind come
  back equal, formula-looking text neutralised and restored, equality data left out unless
  asked for);
- :func:`check_source_reader`: a source reader for ``fosterkit import`` (rows numbered as
  people see them, cells as written, undecodable bytes kept, foreign exports import back);
- :func:`check_tracker_format`: a response-tracker format (round trips, and what people type
  accepted and refused as :func:`fosterkit.plugins.read_entries` does);
- :func:`check_audit_format`: an audit-workbook format (round trips);
- :func:`check_document_format`: a document format (letters, reports: any text written, the
  same bytes every time, a bad logo refused by name, and with ``words`` every line shown);
- :func:`check_plugin`: an installed plugin as fosterkit finds it through its entry point.

The checks draw examples with `hypothesis <https://hypothesis.readthedocs.io/>`_, which comes
with the ``testing`` extra: ``pip install "fosterkit[testing]"``. They need no test runner,
though pytest (with its ``tmp_path``) is the usual way to run them. See ``docs/conformance.md``.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as err:  # pragma: no cover - only without the extra
    raise ImportError(
        "fosterkit.testing.conformance (the plugin conformance kit) needs hypothesis; install "
        "fosterkit with the 'testing' extra: pip install \"fosterkit[testing]\""
    ) from err

from fosterkit.testing.conformance._exporters import check_exporter
from fosterkit.testing.conformance._formats import (
    PluginOffers,
    Words,
    check_audit_format,
    check_document_format,
    check_plugin,
    document_parts,
    documents,
    sample_document,
    sample_logo,
)
from fosterkit.testing.conformance._round_trip import RecordEditor, check_round_trip, formula_records
from fosterkit.testing.conformance._samples import (
    FORMULA_TEXTS,
    SPECIAL_MARK,
    record_strategies,
    sample_records,
    special_households,
)
from fosterkit.testing.conformance._sources import TableWriter, check_source_reader
from fosterkit.testing.conformance._support import BUILT_IN_KINDS, Cells, Content
from fosterkit.testing.conformance._trackers import (
    CellEditor,
    check_tracker_format,
    sample_packs,
    sample_tracker,
)

__all__ = [
    "BUILT_IN_KINDS",
    "FORMULA_TEXTS",
    "SPECIAL_MARK",
    "CellEditor",
    "Cells",
    "Content",
    "PluginOffers",
    "RecordEditor",
    "TableWriter",
    "Words",
    "check_audit_format",
    "check_document_format",
    "check_exporter",
    "check_plugin",
    "check_round_trip",
    "check_source_reader",
    "check_tracker_format",
    "document_parts",
    "documents",
    "formula_records",
    "record_strategies",
    "sample_document",
    "sample_logo",
    "sample_packs",
    "sample_records",
    "sample_tracker",
    "special_households",
]
