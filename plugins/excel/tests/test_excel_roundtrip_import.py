"""Records written out as another system's workbook (any column order and names, typed cells) import back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped, unused-ignore]

from fosterkit import import_source
from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.testing.import_strategies import ForeignTable, foreign_tables


def _storable(table: ForeignTable) -> bool:
    """Whether a workbook can hold every text exactly: XML has no control characters and turns CR into LF."""
    texts = [c for row in table.rows for c in row if isinstance(c, str)]
    return not any(ILLEGAL_CHARACTERS_RE.search(t) or "\r" in t for t in texts)


def _write(table: ForeignTable, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for values in table.rows:
        sheet.append(list(values))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text such as "=x" stays text, as a case system writes it
    book.save(path)


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(table=foreign_tables(typed=True))
def test_records_in_another_systems_workbook_import_back_equal(engine: str, table: ForeignTable) -> None:
    assume(_storable(table))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.xlsx"
        _write(table, source)
        out = Path(folder) / "records.jsonl"
        result = import_source(source, table.mapping("excel", engine=engine), out=out)
        assert result.rejected == 0, [p.describe() for p in result.problems]
        assert result.header_row == table.header_row
        assert tuple(read_jsonl(out)) == table.records
