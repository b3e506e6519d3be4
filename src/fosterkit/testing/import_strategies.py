"""Hypothesis strategies for imports: records laid out as another system's export would lay them out.

:func:`foreign_tables` draws records of one kind and a table holding them as a case system or a
hand-kept sheet might: columns in any order under any names, title rows above the header,
dates in UK, ISO or Excel day-number form, yes/no in several spellings, and lists in one cell
split by ``;``. It also gives the import mapping that reads the table back. Write the table in
your own format and check that importing it gives the records back: that is how fosterkit's
CSV and Excel readers are tested, and how a plugin's reader can be.
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs
from attrs import frozen
from hypothesis import assume
from hypothesis import strategies as st

from fosterkit.imports.mapping import FieldMapping, ImportMapping, RecordMapping, SourceSettings
from fosterkit.imports.source import Cell
from fosterkit.serial.cells import looks_like_formula
from fosterkit.serial.converter import structure, unstructure
from fosterkit.serial.tabular import without_special_category
from fosterkit.testing.carers_strategies import departures, households
from fosterkit.testing.interview_strategies import data_collection_records

__all__ = ["ForeignTable", "foreign_tables"]

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_NAMES = ("Col", "Field", "Maes", "Données", "Ref")


@frozen(kw_only=True)
class ForeignTable:
    """Records of one kind, a table holding them as another system would, and the mapping that reads it."""

    kind: str
    records: tuple[Any, ...]
    """What an import of the table must give: the records with text trimmed, as imports trim it."""
    rows: tuple[tuple[Cell, ...], ...]
    """Every row: title rows, then the header, then one row per record."""
    header_row: int
    """The header's row number, counting from 1."""
    fields: tuple[FieldMapping, ...]

    def mapping(self, format: str = "", **options: object) -> ImportMapping:
        """The import mapping that reads this table with the named reader and its options."""
        return ImportMapping(
            source=SourceSettings(format=format, options=dict(options)),
            records=(RecordMapping(kind=self.kind, fields=self.fields),),
        )


def _flatten(data: dict[str, Any], prefix: str, into: dict[str, Any]) -> dict[str, Any]:
    """A record's unstructured form as field paths: dotted for nested records, ``[i]`` for their lists."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key == "equality" or value == []:
            continue  # special-category data (taken out first), or an empty list (its default)
        if isinstance(value, dict):
            _flatten(value, f"{path}.", into)
        elif isinstance(value, list) and isinstance(value[0], dict):
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
        return text[1:] if len(text) > 1 and text[0] == "'" and looks_like_formula(text[1:]) else text
    return value


def _date(draw: st.DrawFn, value: str, typed: bool) -> Cell:
    day = datetime.date.fromisoformat(value)
    forms = ["uk", "iso", "excel", *(["cell"] if typed else [])]
    form = draw(st.sampled_from(forms))
    if form == "uk":
        return day.strftime("%d/%m/%Y")
    if form == "excel":
        serial = (day - _EXCEL_EPOCH).days
        return serial if typed and draw(st.booleans()) else str(serial)
    return day if form == "cell" else value


def _cell(draw: st.DrawFn, value: Any, kind: str, typed: bool) -> Cell:
    if value is None:
        return None if typed and draw(st.booleans()) else ""
    if kind == "many":
        return " ; ".join(str(_cell(draw, item, "one", False)) for item in value)
    if kind == "date":
        return _date(draw, value, typed)
    if isinstance(value, bool):
        if typed and draw(st.booleans()):
            return value
        return draw(st.sampled_from(["yes", "TRUE", "Y", "1"] if value else ["no", "FALSE", "N", "0"]))
    if isinstance(value, int):
        return value if typed and draw(st.booleans()) else str(value)
    return str(value)


def _kinds_of(cls: type) -> dict[str, str]:
    """For each field path of ``cls`` that holds a date, "date"; used to write dates in other forms."""
    found: dict[str, str] = {}

    def walk(kind: Any, prefix: str) -> None:
        if not attrs.has(kind):
            return
        attrs.resolve_types(kind)
        for field in attrs.fields(kind):
            inner = field.type
            args = getattr(inner, "__args__", ())
            if inner is datetime.date or datetime.date in args:
                found[f"{prefix}{field.name}"] = "date"
            for arg in (inner, *args):
                if attrs.has(arg):
                    walk(arg, f"{prefix}{field.name}.")

    walk(cls, "")
    return found


def _strip_index(path: str) -> str:
    while "[" in path:
        start = path.index("[")
        path = path[:start] + path[path.index("]", start) + 1 :]
    return path


@st.composite
def foreign_tables(
    draw: st.DrawFn,
    kinds: tuple[str, ...] = ("departure", "household", "data_collection_record"),
    *,
    typed: bool = False,
) -> ForeignTable:
    """Records of one of ``kinds`` laid out as another system's table, with the mapping that reads it.

    With ``typed``, cells may be a spreadsheet's typed values (dates, numbers, true/false,
    empty cells as ``None``); without it every cell is text, as in CSV. Text holds no NUL
    characters, which no export holds.
    """
    kind = draw(st.sampled_from(kinds))
    strategy: st.SearchStrategy[Any] = {
        "departure": departures(),
        "household": households(),
        "data_collection_record": data_collection_records(),
    }[kind]
    drawn = draw(st.lists(strategy, min_size=1, max_size=6, unique_by=lambda r: r.id))
    records = [without_special_category(r) for r in drawn]
    flat = [_flatten(unstructure(r), "", {}) for r in records]
    dates = _kinds_of(type(records[0]))
    paths = list(dict.fromkeys(p for row in flat for p in row))
    many = {p for row in flat for p, v in row.items() if isinstance(v, list)}
    order = draw(st.permutations(paths))
    names = {path: f"{draw(st.sampled_from(_NAMES))} {n}" for n, path in enumerate(order)}

    def kind_of(path: str) -> str:
        return "many" if path in many else dates.get(_strip_index(path), "one")

    body = [tuple(_cell(draw, row.get(p), kind_of(p), typed) for p in order) for row in flat]
    titles = [(f"Export {n}",) for n in range(draw(st.integers(0, 2)))]
    rows = (*titles, tuple(names[p] for p in order), *body)
    assume(not any(isinstance(c, str) and "\x00" in c for row in rows for c in row))
    fields = tuple(FieldMapping(path=p, columns=(names[p],), split=";" if p in many else "") for p in order)
    expected = tuple(structure(_as_imported(unstructure(r)), type(r)) for r in records)
    return ForeignTable(kind=kind, records=expected, rows=rows, header_row=len(titles) + 1, fields=fields)
