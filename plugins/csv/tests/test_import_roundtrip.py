"""Records written out as a foreign CSV export (any column order, names and encoding) import back equal."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fosterkit import ImportMapping, import_source, structure, unstructure
from fosterkit.convert import record_kind
from fosterkit.imports.mapping import FieldMapping, RecordMapping, SourceSettings
from fosterkit.records_io import read_jsonl
from fosterkit.tabular import FORMULA_STARTS, without_special_category
from fosterkit.testing.strategies import data_collection_records, departures, households

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


def _flatten(data: dict[str, Any], prefix: str, into: dict[str, Any]) -> dict[str, Any]:
    """A record's unstructured form as field paths: dotted for nested records, [i] for their lists."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key == "equality" or value == []:
            continue  # special-category data (taken out first), or an empty list: its default
        if isinstance(value, dict):
            _flatten(value, f"{path}.", into)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                _flatten(item, f"{path}[{index}].", into)
        else:
            into[path] = value
    return into


def _as_imported(value: Any) -> Any:
    """What an import makes of text: trimmed, and a spreadsheet's apostrophe before a formula taken off."""
    if isinstance(value, dict):
        return {k: _as_imported(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_imported(v) for v in value]
    if isinstance(value, str):
        text = value.strip()
        return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS else text
    return value


def _cell(draw: st.DrawFn, value: Any, many: bool) -> str:
    if value is None:
        return ""
    if many:
        return " ; ".join(_cell(draw, item, False) for item in value)
    if isinstance(value, bool):
        return draw(st.sampled_from(["yes", "TRUE", "Y", "1"] if value else ["no", "FALSE", "N", "0"]))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        form = draw(st.sampled_from(["uk", "iso", "excel"]))
        if form == "uk":
            return day.strftime("%d/%m/%Y")
        if form == "excel":
            return str((day - _EXCEL_EPOCH).days)
    return str(value)


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[Any], ImportMapping, bytes]:
    """Records of one kind, a CSV export of them as another system might write it, and its mapping."""
    kind = draw(st.sampled_from(["departure", "household", "data_collection_record"]))
    strategy: st.SearchStrategy[Any] = {
        "departure": departures(),
        "household": households(),
        "data_collection_record": data_collection_records(),
    }[kind]
    records = draw(st.lists(strategy, min_size=1, max_size=6, unique_by=lambda r: r.id))
    records = [without_special_category(r) for r in records]
    flat = [_flatten(unstructure(r), "", {}) for r in records]
    paths = list(dict.fromkeys(p for row in flat for p in row))
    many = {p for row in flat for p, v in row.items() if isinstance(v, list)}
    order = draw(st.permutations(paths))
    names = {
        path: f"{draw(st.sampled_from(['Col', 'Field', 'Maes', 'Données']))} {n}"
        for n, path in enumerate(order)
    }
    rows = [[names[p] for p in order]]
    for row in flat:
        rows.append([_cell(draw, row.get(p), p in many) for p in order])
    titles = draw(st.integers(0, 2))
    text = io.StringIO()
    writer = csv.writer(text)
    for n in range(titles):
        writer.writerow([f"Export {n}"])
    writer.writerows(rows)
    body = text.getvalue()
    assume("\x00" not in body)  # a NUL byte makes a file binary, not CSV; no export holds one
    encodings = [e for e in _ENCODINGS if _fits(body, e)]
    encoding = draw(st.sampled_from(encodings))
    fields = tuple(FieldMapping(path=p, columns=(names[p],), split=";" if p in many else "") for p in order)
    mapping = ImportMapping(
        source=SourceSettings(format="csv", options={"encoding": draw(st.sampled_from(["auto", encoding]))}),
        records=(RecordMapping(kind=kind, fields=fields),),
    )
    expected = [structure(_as_imported(unstructure(r)), type(r)) for r in records]
    assert all(record_kind(r) == kind for r in expected)
    return expected, mapping, body.encode(encoding)


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(exports())
def test_records_exported_by_another_system_import_back_equal(
    case: tuple[list[Any], ImportMapping, bytes],
) -> None:
    expected, mapping, data = case
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.csv"
        source.write_bytes(data)
        result = import_source(source, mapping, out=Path(folder) / "records.jsonl")
        assert result.rejected == 0, [p.describe() for p in result.problems]
        assert read_jsonl(Path(folder) / "records.jsonl") == expected
        again = import_source(source, mapping, out=Path(folder) / "records.jsonl")
        assert (again.new, again.updated, again.unchanged) == (0, 0, len(expected))
