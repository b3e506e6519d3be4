"""Records written out as a foreign CSV export (any column order, names and encoding) import back equal."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fosterkit import import_source
from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.testing.import_strategies import ForeignTable, foreign_tables

_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(foreign_tables(), st.data())
def test_records_exported_by_another_system_import_back_equal(
    table: ForeignTable, data: st.DataObject
) -> None:
    text = io.StringIO()
    csv.writer(text).writerows(table.rows)
    body = text.getvalue()
    encodings = [e for e in _ENCODINGS if _fits(body, e)]
    assume(encodings)
    encoding = data.draw(st.sampled_from(encodings))
    mapping = table.mapping("csv", encoding=data.draw(st.sampled_from(["auto", encoding])))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.csv"
        source.write_bytes(body.encode(encoding))
        out = Path(folder) / "records.jsonl"
        result = import_source(source, mapping, out=out)
        assert result.rejected == 0, [p.describe() for p in result.problems]
        assert result.header_row == table.header_row
        assert tuple(read_jsonl(out)) == table.records
        again = import_source(source, mapping, out=out)
        assert (again.new, again.updated, again.unchanged) == (0, 0, len(table.records))
