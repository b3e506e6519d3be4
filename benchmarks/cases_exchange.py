"""Benchmark cases for moving records in and out: Excel, CSV and JSON Lines, against bare libraries.

Every case of a group does the same work on the same records (``data.interview_records``, fixed
seed); the first case of each group is the baseline the table compares with:

- ``excel_export``: bare xlsxwriter (``constant_memory`` mode) writing exactly the workbook the
  Excel exporter writes (checked), the exporter itself through the plugin manager, bare openpyxl
  (write-only mode) without and with lxml, pandas with its default engine and with openpyxl,
  tablib, and, for reference only, the Rust-backed ``rustpy-xlsxwriter`` (the same cells, checked),
  to show how far the Python path is from a native floor.
- ``csv_export``: bare ``csv.writer`` fed by a hand-written loop that makes each record's text
  (the same bytes as the exporter's, checked), the exporter, and, as a floor, ``csv.writer`` of
  text rows made before the timing.
- ``csv_import``: ``csv.DictReader`` plus the cattrs converter, the CSV importer, and pydantic.
- ``jsonl``: writing then reading JSON Lines: a bare ``json`` loop over unstructured dicts, the
  same loop with the cattrs converter, and ``fosterkit.adapters.jsonl``.
- ``jsonl_read``: reading only (issue 25's must-have 2): a bare ``json.loads`` loop over the lines
  of a file ``write_jsonl`` wrote, and ``iter_jsonl``, which structures and checks every record.
- ``excel_stream``, ``csv_stream``, ``jsonl_stream``: a stream of records (made while it is
  written, never held as a list) through each exporter at 1x and 10x ``--records``, for the
  peak memory.

Inputs (record lists, rows, dicts) are built in each case's untimed setup. Output files go to
the work folder and are removed when the measuring process ends.
"""

from __future__ import annotations

import atexit
import csv
import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data import SEED, interview_records
from run import Case, Context, Target

from fosterkit import DataCollectionRecord
from fosterkit.adapters.jsonl import iter_jsonl, write_jsonl
from fosterkit.plugins import exporters, importers, make_plugin_manager
from fosterkit.plugins.contracts import Exporter, Importer
from fosterkit.serial.converter import converter
from fosterkit.serial.kinds import record_kind, record_to_dict
from fosterkit.serial.tabular import FORMULA_STARTS, CellKind, TableSchema, table_schema

__all__ = ["CASES", "TARGETS"]

#: The record kind every case here reads and writes.
KIND = "data_collection_record"
#: Date cells' number format, as the Excel plugin writes them (``fosterkit_excel.writer.DATE_FORMAT``).
DATE_FORMAT = "yyyy-mm-dd"


# -- shared helpers ------------------------------------------------------------------------------


def _output(context: Context, name: str) -> Path:
    """A fresh output file for this process, removed when the process ends."""
    path = context.path(name)
    atexit.register(path.unlink, missing_ok=True)
    return path


def _exporter(name: str) -> Exporter:
    """The exporter ``name`` as a user gets it: from the installed plugins."""
    found, _failures = exporters(make_plugin_manager())
    return found[name]


def _importer(name: str) -> Importer:
    """The importer ``name`` as a user gets it: from the installed plugins."""
    found, _failures = importers(make_plugin_manager())
    return found[name]


def _records(context: Context) -> list[DataCollectionRecord]:
    return list(interview_records(context.records))


@dataclass(frozen=True)
class _Table:
    """A header, the rows under it, and where to write them."""

    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    path: Path


@dataclass(frozen=True)
class _Export:
    """Records, and the exporter that writes them to ``path``."""

    exporter: Exporter
    records: list[DataCollectionRecord]
    path: Path


def _export_setup(name: str, suffix: str) -> Callable[[Context], _Export]:
    def setup(context: Context) -> _Export:
        return _Export(_exporter(name), _records(context), _output(context, f"out{suffix}"))

    return setup


def _export_run(_context: Context, state: _Export) -> None:
    state.exporter.export(state.records, state.path)


# -- excel_export --------------------------------------------------------------------------------

#: xlsxwriter's fastest streaming mode, writing text exactly as given: never a formula, a link or
#: a number. The Excel exporter writes with the same options.
XLSXWRITER_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": DATE_FORMAT,
}
#: How many records the setup of ``excel_export.xlsxwriter`` writes both ways to compare the files.
CHECKED_RECORDS = 1000


def _excel_setup(context: Context) -> _Table:
    """The header and the typed cells the Excel plugin writes: neutralised, then XML-escaped, text."""
    from fosterkit_excel.xstring import escape

    schema = table_schema(KIND)
    rows = [
        tuple(escape(value) if isinstance(value, str) else value for value in schema.row(record))
        for record in interview_records(context.records)
    ]
    return _Table(schema.header, rows, _output(context, "out.xlsx"))


def _width(name: str) -> int:
    """A column's width, as the exporter sets it: room for the header, within 12 to 40."""
    return max(12, min(40, len(name) + 4))


def _xlsxwriter_write(header: Sequence[str], rows: Iterable[Sequence[Any]], path: Path) -> None:
    """Bare xlsxwriter in ``constant_memory`` mode: the sheet the Excel exporter writes.

    The same sheet name, frozen header row, column widths and bold header; each row with
    ``write_row``, which types the cells itself: text as text (xlsxwriter escapes the characters
    XML cannot hold), dates with the exporter's number format, booleans and numbers as such, and
    ``None`` or empty text as no cell.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), XLSXWRITER_OPTIONS)
    ws = wb.add_worksheet(KIND)
    ws.freeze_panes(1, 0)
    bold = wb.add_format({"bold": True})
    for number, name in enumerate(header):
        ws.set_column(number, number, _width(name))
        ws.write_string(0, number, name, bold)
    write_row = ws.write_row
    for number, row in enumerate(rows, start=1):
        write_row(number, 0, row)
    wb.close()


def _parts(path: Path) -> dict[str, bytes]:
    """Every part of a workbook but its creation time (``docProps/core.xml``)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def _xlsxwriter_setup(context: Context) -> _Table:
    """The exporter's neutralised cells (xlsxwriter escapes text itself), checked to give its file.

    The first :data:`CHECKED_RECORDS` records are written both ways first: the workbooks must
    hold the same bytes (but for their creation time), or the comparison would be unfair.
    """
    schema = table_schema(KIND)
    rows = [schema.row(record) for record in interview_records(context.records)]
    few = min(context.records, CHECKED_RECORDS)
    bare, exported = _output(context, "check-bare.xlsx"), _output(context, "check-exported.xlsx")
    _xlsxwriter_write(schema.header, rows[:few], bare)
    _exporter("excel").export(interview_records(few), exported)
    if _parts(bare) != _parts(exported):
        raise AssertionError("bare xlsxwriter and the Excel exporter wrote different workbooks")
    bare.unlink()
    exported.unlink()
    return _Table(schema.header, rows, _output(context, "out.xlsx"))


def _xlsxwriter_run(_context: Context, state: _Table) -> None:
    _xlsxwriter_write(state.header, state.rows, state.path)


def _openpyxl_run(_context: Context, state: _Table) -> None:
    """Write the same sheet with bare openpyxl in write-only mode.

    The same sheet name, frozen header row, column widths and bold header; text as text cells
    (``data_type`` ``s``, never a formula), dates with the exporter's number format, booleans
    and numbers as openpyxl types them, ``None`` as an empty cell.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(KIND)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for number, name in enumerate(state.header, start=1):
        ws.column_dimensions[get_column_letter(number)].width = _width(name)
        cell = WriteOnlyCell(ws, value=name)
        cell.data_type = "s"
        cell.font = bold
        head.append(cell)
    ws.append(head)
    date = datetime.date
    for row in state.rows:
        cells: list[Any] = []
        for value in row:
            kind = type(value)
            if kind is str:
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                cells.append(cell)
            elif kind is date:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(state.path)


def _pandas_excel_run(_context: Context, state: _Table) -> None:
    """``to_excel`` with pandas' default engine: xlsxwriter when it is installed, else openpyxl."""
    import pandas

    frame = pandas.DataFrame(state.rows, columns=list(state.header))
    frame.to_excel(state.path, index=False)


def _pandas_openpyxl_run(_context: Context, state: _Table) -> None:
    import pandas

    frame = pandas.DataFrame(state.rows, columns=list(state.header))
    frame.to_excel(state.path, index=False, engine="openpyxl")


#: The module of the Rust-backed writer measured for reference (``pip install rustpy-xlsxwriter``).
RUST_XLSX = "rustpy_xlsxwriter"


@dataclass(frozen=True)
class _Dicts:
    """The cells as one dict per row (what ``rustpy_xlsxwriter`` takes), the header, and where to write."""

    header: tuple[str, ...]
    rows: list[dict[str, Any]]
    path: Path


def _rust_write(header: Sequence[str], rows: Iterable[dict[str, Any]], path: Path) -> None:
    """The sheet with ``rustpy_xlsxwriter``: sheet name, column widths, bold header, frozen top row."""
    import rustpy_xlsxwriter

    (
        rustpy_xlsxwriter.FastExcel(path)
        .format(datetime_format=DATE_FORMAT, bold_headers=True)
        .freeze(row=1, col=0)
        .sheet(KIND, rows, column_widths=[_width(name) for name in header])
        .save()
    )


def _cells(path: Path) -> list[tuple[tuple[Any, str], ...]]:
    """Each cell's value and type as openpyxl reads them back (a formula would be type ``f``)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        [sheet] = workbook.worksheets
        return [tuple((c.value, c.data_type) for c in row) for row in sheet.iter_rows()]
    finally:
        workbook.close()


def _rust_setup(context: Context) -> _Dicts:
    """The cells bare xlsxwriter writes, as dicts; the first rows written both ways must read back alike."""
    schema = table_schema(KIND)
    header = schema.header
    rows = [
        dict(zip(header, schema.row(record), strict=True)) for record in interview_records(context.records)
    ]
    few = min(context.records, CHECKED_RECORDS)
    bare, rust = _output(context, "check-bare.xlsx"), _output(context, "check-rust.xlsx")
    _xlsxwriter_write(header, [tuple(row.values()) for row in rows[:few]], bare)
    _rust_write(header, rows[:few], rust)
    if _cells(bare) != _cells(rust):
        raise AssertionError("rustpy_xlsxwriter and bare xlsxwriter wrote different cells")
    bare.unlink()
    rust.unlink()
    return _Dicts(header, rows, _output(context, "out.xlsx"))


def _rust_run(_context: Context, state: _Dicts) -> None:
    _rust_write(state.header, state.rows, state.path)


def _tablib_excel_run(_context: Context, state: _Table) -> None:
    import tablib

    data = tablib.Dataset(*state.rows, headers=list(state.header)).export("xlsx")
    state.path.write_bytes(data)


# -- csv_export ----------------------------------------------------------------------------------


def _same_as_exported(context: Context, write: Callable[[Path], None]) -> None:
    """Refuse to measure a baseline whose file differs in any byte from the CSV exporter's."""
    bare, exported = _output(context, "check-bare.csv"), _output(context, "check-exported.csv")
    write(bare)
    _exporter("csv").export(interview_records(context.records), exported)
    if bare.read_bytes() != exported.read_bytes():
        raise AssertionError(f"{bare} and the CSV exporter's {exported} differ")
    bare.unlink()
    exported.unlink()


def _csv_setup(context: Context) -> _Table:
    """The header and the text cells the CSV plugin writes (``TableSchema.text_row``), checked."""
    schema = table_schema(KIND)
    rows = [schema.text_row(record) for record in interview_records(context.records)]
    table = _Table(schema.header, rows, _output(context, "out.csv"))
    _same_as_exported(context, lambda path: _csv_writer_run(context, _Table(table.header, rows, path)))
    return table


def _csv_writer_run(_context: Context, state: _Table) -> None:
    """UTF-8 without a byte-order mark, ``newline=""``, the csv module's default dialect (CRLF)."""
    with state.path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(state.header)
        writer.writerows(state.rows)


def _records_table_setup(context: Context) -> _Lines:
    """The records, checked to give the exporter's file byte for byte by the by-hand loop."""
    lines = _Lines(_records(context), _output(context, "out.csv"))
    _same_as_exported(context, lambda path: _csv_writer_records_run(context, _Lines(lines.items, path)))
    return lines


def _guard(text: str) -> str:
    """``fosterkit.serial.tabular.neutralise``, written out: an apostrophe before formula-like text."""
    return "'" + text if text and (text[0] in FORMULA_STARTS or text[0] == "'") else text


def _csv_writer_records_run(_context: Context, state: _Lines) -> None:
    """Bare ``csv.writer`` from the records: each field turned into its text by hand, in the run.

    This is the CSV exporter's baseline: the same work, written out for this one kind. Text
    (ids, codes, free text, enumeration values, JSON) goes through the formula guard, dates
    become ISO text, yes/no ``true``/``false``, absent answers empty cells; lists are built as
    JSON-ready lists by hand and encoded with one prebuilt ``JSONEncoder``. The file has the
    same bytes as the exporter's (checked in the setup).
    """
    encode, guard = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode, _guard

    def answer(value: Any) -> str:
        return "" if value is None else guard(value.value)

    with state.path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(table_schema(KIND).header)
        for r in state.items:
            writer.writerow(
                (
                    guard(r.id),
                    guard(r.departure_id),
                    guard(r.stage.value),
                    r.interviewed_on.isoformat(),
                    guard(r.primary_reason),
                    guard(encode(list(r.secondary_reasons))),
                    guard(encode([{"area": x.area.value, "score": x.score} for x in r.ratings])),
                    answer(r.preventable),
                    guard(r.would_have_kept),
                    answer(r.foster_again),
                    answer(r.recommend_fostering),
                    guard(r.went_well),
                    guard(encode([{"id": x.id, "text": x.text, "theme": x.theme} for x in r.suggestions])),
                    "true" if r.consent_to_anonymised_use else "false",
                )
            )


# -- csv_import ----------------------------------------------------------------------------------


def _csv_source(context: Context) -> Path:
    """The CSV file of ``context.records`` records, written once by the CSV exporter and reused."""
    path = context.work / f"interviews-{SEED}-{context.records}.csv"
    if not path.exists():
        _exporter("csv").export(interview_records(context.records), path)
    return path


@dataclass(frozen=True)
class _Plan:
    """How a flat row of CSV text becomes the dict the converter structures, worked out once."""

    json: tuple[str, ...]
    """Lists (and absent-able nested records): JSON text."""
    blank_is_none: tuple[str, ...]
    """Optional columns: an empty cell is ``None``."""
    texts: tuple[str, ...]
    """Text and enumeration columns: a leading apostrophe (the formula guard) is taken off."""
    bools: tuple[str, ...]
    ints: tuple[str, ...]
    floats: tuple[str, ...]


def _plan(schema: TableSchema) -> _Plan:
    if any(len(column.path) > 1 for column in schema.columns):  # pragma: no cover - not for this kind
        raise ValueError("nested columns are not handled by the bare baseline")

    def names(*kinds: CellKind) -> tuple[str, ...]:
        return tuple(c.name for c in schema.columns if c.kind in kinds)

    return _Plan(
        json=names(CellKind.JSON),
        blank_is_none=tuple(c.name for c in schema.columns if c.optional and c.kind is not CellKind.JSON),
        texts=names(CellKind.TEXT, CellKind.ENUM),
        bools=names(CellKind.BOOL),
        ints=names(CellKind.INT),
        floats=names(CellKind.FLOAT),
    )


_BOOLS = {"true": True, "false": False}


def _unflatten(row: dict[str, Any], plan: _Plan) -> dict[str, Any]:
    """The minimum to turn a row of CSV text into the JSON-like dict the converter expects (in place).

    Dates stay ISO text (the converter parses them); ``true``/``false`` become booleans.
    """
    loads = json.loads
    for key in plan.json:
        text = row[key]
        row[key] = loads(text) if text else None
    for key in plan.blank_is_none:
        if row[key] == "":
            row[key] = None
    for key in plan.texts:
        text = row[key]
        if text and text[0] == "'":
            row[key] = text[1:]
    for key in plan.bools:
        row[key] = _BOOLS.get(row[key], row[key])
    for key in plan.ints:
        if row[key] is not None:
            row[key] = int(row[key])
    for key in plan.floats:
        if row[key] is not None:
            row[key] = float(row[key])
    return row


@dataclass(frozen=True)
class _Import:
    """The CSV file to read, and what each way of reading needs."""

    path: Path
    plan: _Plan
    cls: type
    importer: Importer | None = None


def _dictreader_setup(context: Context) -> _Import:
    schema = table_schema(KIND)
    return _Import(_csv_source(context), _plan(schema), schema.cls)


def _dictreader_cattrs_run(_context: Context, state: _Import) -> None:
    """``csv.DictReader``, then fosterkit's cattrs converter (``converter.structure``) on each row."""
    structure = converter.structure
    plan, cls = state.plan, state.cls
    with state.path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            structure(_unflatten(row, plan), cls)


def _fosterkit_import_setup(context: Context) -> _Import:
    schema = table_schema(KIND)
    return _Import(_csv_source(context), _plan(schema), schema.cls, _importer("csv"))


def _fosterkit_import_run(_context: Context, state: _Import) -> None:
    assert state.importer is not None
    for _ in state.importer.records(state.path):
        pass


def _pydantic_model() -> type:
    """A pydantic v2 model with DataCollectionRecord's fields, types, defaults and rating range."""
    from typing import Annotated

    import pydantic

    from fosterkit import InterviewStage
    from fosterkit.interviews import Answer, SupportArea

    frozen = pydantic.ConfigDict(extra="forbid", frozen=True)
    rating = pydantic.create_model(
        "Rating",
        __config__=frozen,
        area=(SupportArea, ...),
        score=(Annotated[int, pydantic.Field(ge=1, le=5)], ...),
    )
    suggestion = pydantic.create_model(
        "Suggestion", __config__=frozen, id=(str, ...), text=(str, ...), theme=(str | None, None)
    )
    return pydantic.create_model(
        "DataCollectionRecord",
        __config__=frozen,
        id=(str, ...),
        departure_id=(str, ...),
        stage=(InterviewStage, ...),
        interviewed_on=(datetime.date, ...),
        primary_reason=(str, ...),
        secondary_reasons=(tuple[str, ...], ()),
        ratings=(tuple[rating, ...], ()),  # type: ignore[valid-type]
        preventable=(Answer | None, None),
        would_have_kept=(str, ""),
        foster_again=(Answer | None, None),
        recommend_fostering=(Answer | None, None),
        went_well=(str, ""),
        suggestions=(tuple[suggestion, ...], ()),  # type: ignore[valid-type]
        consent_to_anonymised_use=(bool, ...),
    )


def _pydantic_setup(context: Context) -> _Import:
    schema = table_schema(KIND)
    return _Import(_csv_source(context), _plan(schema), _pydantic_model())


def _pydantic_run(_context: Context, state: _Import) -> None:
    """``csv.DictReader``, the same unflattening, then ``model_validate`` on each row."""
    validate = state.cls.model_validate  # type: ignore[attr-defined]
    plan = state.plan
    with state.path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            validate(_unflatten(row, plan))


# -- jsonl ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lines:
    """What is written (dicts or records), and where."""

    items: Sequence[Any]
    path: Path


def _dicts_setup(context: Context) -> _Lines:
    """Each record unstructured as fosterkit writes it: ``schema_version``, ``kind``, then its fields."""
    return _Lines(
        [record_to_dict(r) for r in interview_records(context.records)], _output(context, "out.jsonl")
    )


def _records_setup(context: Context) -> _Lines:
    return _Lines(_records(context), _output(context, "out.jsonl"))


def _json_loop_run(_context: Context, state: _Lines) -> None:
    """``json.dumps`` each dict to a line, then ``json.loads`` each line back (dicts, not records)."""
    dumps, loads = json.dumps, json.loads
    with state.path.open("w", encoding="utf-8", newline="\n") as out:
        for item in state.items:
            out.write(dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    with state.path.open(encoding="utf-8", newline="\n") as file:
        for line in file:
            loads(line)


def _cattrs_loop_run(_context: Context, state: _Lines) -> None:
    """The same loop with records: unstructure and structure through fosterkit's cattrs converter."""
    dumps, loads = json.dumps, json.loads
    unstructure, structure = converter.unstructure, converter.structure
    with state.path.open("w", encoding="utf-8", newline="\n") as out:
        for record in state.items:
            data = {"schema_version": 1, "kind": record_kind(record), **unstructure(record)}
            out.write(dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    with state.path.open(encoding="utf-8", newline="\n") as file:
        for line in file:
            data = loads(line)
            del data["schema_version"], data["kind"]
            structure(data, DataCollectionRecord)


def _records_io_run(_context: Context, state: _Lines) -> None:
    write_jsonl(state.items, state.path)
    for _ in iter_jsonl(state.path):
        pass


# -- jsonl_read ----------------------------------------------------------------------------------


def _jsonl_file_setup(context: Context) -> Path:
    """The records written once by ``write_jsonl``; both cases read this file."""
    path = _output(context, "in.jsonl")
    write_jsonl(interview_records(context.records), path)
    return path


def _json_loads_read_run(_context: Context, path: Path) -> None:
    """``json.loads`` each line: dicts, nothing checked."""
    loads = json.loads
    with path.open(encoding="utf-8", newline="\n") as file:
        for line in file:
            loads(line)


def _iter_jsonl_read_run(_context: Context, path: Path) -> None:
    for _ in iter_jsonl(path):
        pass


# -- streams: memory -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stream:
    """An exporter and its output file; the records are made while they are written."""

    exporter: Exporter
    path: Path


def _stream_setup(name: str, suffix: str) -> Callable[[Context], _Stream]:
    def setup(context: Context) -> _Stream:
        return _Stream(_exporter(name), _output(context, f"stream{suffix}"))

    return setup


def _stream_run(context: Context, state: _Stream) -> None:
    state.exporter.export(interview_records(context.records), state.path)


def _memory_cases() -> Iterable[Case]:
    for name, suffix, requires in (
        ("excel", ".xlsx", _EXCEL),
        ("csv", ".csv", ("fosterkit_csv",)),
        ("jsonl", ".jsonl", ()),
    ):
        for scale in (1, 10):
            yield Case(
                f"{name}_stream",
                f"{scale}x",
                f"{scale}x --records made one at a time and streamed through the {name} exporter",
                _stream_run,
                _stream_setup(name, suffix),
                requires=requires,
                scale=scale,
            )


# -- the cases and targets -----------------------------------------------------------------------

_EXCEL = ("fosterkit_excel", "xlsxwriter")

CASES: list[Case] = [
    Case(
        "excel_export",
        "xlsxwriter",
        "bare xlsxwriter, constant_memory: the same cells from precomputed rows (the same bytes, checked)",
        _xlsxwriter_run,
        _xlsxwriter_setup,
        requires=_EXCEL,
    ),
    Case(
        "excel_export",
        "fosterkit",
        "the excel exporter from the plugin manager, exporting a list of records",
        _export_run,
        _export_setup("excel", ".xlsx"),
        requires=_EXCEL,
    ),
    Case(
        "excel_export",
        "openpyxl",
        "bare openpyxl write-only, without lxml: the same cells from precomputed rows",
        _openpyxl_run,
        _excel_setup,
        requires=("openpyxl", "fosterkit_excel"),
    ),
    Case(
        "excel_export",
        "openpyxl_lxml",
        "the same with lxml (OPENPYXL_LXML=True)",
        _openpyxl_run,
        _excel_setup,
        requires=("openpyxl", "lxml", "fosterkit_excel"),
        env=(("OPENPYXL_LXML", "True"),),
    ),
    Case(
        "excel_export",
        "pandas",
        "pandas.DataFrame(rows, columns=header).to_excel(path, index=False): the default engine",
        _pandas_excel_run,
        _excel_setup,
        requires=("pandas", "fosterkit_excel"),
    ),
    Case(
        "excel_export",
        "pandas_openpyxl",
        "the same with engine='openpyxl' (without lxml)",
        _pandas_openpyxl_run,
        _excel_setup,
        requires=("pandas", "openpyxl", "fosterkit_excel"),
    ),
    Case(
        "excel_export",
        "tablib",
        'tablib.Dataset(*rows, headers=header).export("xlsx") (openpyxl, without lxml), written to a file',
        _tablib_excel_run,
        _excel_setup,
        requires=("tablib", "openpyxl", "fosterkit_excel"),
    ),
    Case(
        "excel_export",
        "rust_xlsxwriter",
        "reference only: rustpy_xlsxwriter (Rust), the same cells from dicts (checked against xlsxwriter)",
        _rust_run,
        _rust_setup,
        requires=(RUST_XLSX, "xlsxwriter", "openpyxl", "fosterkit_excel"),
    ),
    Case(
        "csv_export",
        "csv_writer_records",
        "bare csv.writer, each record made text by a hand-written loop (the same bytes, checked)",
        _csv_writer_records_run,
        _records_table_setup,
        requires=("fosterkit_csv",),
    ),
    Case(
        "csv_export",
        "fosterkit",
        "the csv exporter from the plugin manager, exporting a list of records",
        _export_run,
        _export_setup("csv", ".csv"),
        requires=("fosterkit_csv",),
    ),
    Case(
        "csv_export",
        "csv_writer_text",
        "floor, for reference: bare csv.writer of the exporter's text rows, made before the timing",
        _csv_writer_run,
        _csv_setup,
        requires=("fosterkit_csv",),
    ),
    Case(
        "csv_import",
        "dictreader_cattrs",
        "csv.DictReader, JSON cells and guards undone, then fosterkit's cattrs converter",
        _dictreader_cattrs_run,
        _dictreader_setup,
        requires=("fosterkit_csv",),
    ),
    Case(
        "csv_import",
        "fosterkit",
        "the csv importer from the plugin manager, every record read",
        _fosterkit_import_run,
        _fosterkit_import_setup,
        requires=("fosterkit_csv",),
    ),
    Case(
        "csv_import",
        "pydantic",
        "csv.DictReader, the same unflattening, then a pydantic v2 model's model_validate",
        _pydantic_run,
        _pydantic_setup,
        requires=("pydantic", "fosterkit_csv"),
    ),
    Case(
        "jsonl",
        "json_loop",
        "json.dumps each unstructured dict to a line, then json.loads each line back",
        _json_loop_run,
        _dicts_setup,
    ),
    Case(
        "jsonl",
        "cattrs_loop",
        "the same loop from and to records, through fosterkit's cattrs converter",
        _cattrs_loop_run,
        _records_setup,
    ),
    Case(
        "jsonl",
        "fosterkit",
        "records_io.write_jsonl (atomic), then iter_jsonl consumed",
        _records_io_run,
        _records_setup,
    ),
    Case(
        "jsonl_read",
        "json_loads",
        "reading only: json.loads each line of the file write_jsonl wrote (dicts, nothing checked)",
        _json_loads_read_run,
        _jsonl_file_setup,
    ),
    Case(
        "jsonl_read",
        "fosterkit",
        "reading only: iter_jsonl consumed, every record structured and checked",
        _iter_jsonl_read_run,
        _jsonl_file_setup,
    ),
    *_memory_cases(),
]

TARGETS: list[Target] = [
    Target(
        "Excel export at most 1.10x bare xlsxwriter",
        "excel_export.fosterkit",
        "excel_export.xlsxwriter",
        "time",
        1.10,
    ),
    Target(
        "Excel export at least 1.5x faster than pandas (default engine)",
        "excel_export.fosterkit",
        "excel_export.pandas",
        "speedup",
        1.5,
    ),
    Target(
        "Excel export at least 1.5x faster than pandas (openpyxl engine)",
        "excel_export.fosterkit",
        "excel_export.pandas_openpyxl",
        "speedup",
        1.5,
    ),
    Target(
        "Excel export at least 1.5x faster than tablib",
        "excel_export.fosterkit",
        "excel_export.tablib",
        "speedup",
        1.5,
    ),
    Target(
        "CSV export at most 1.25x bare csv.writer of the same values",
        "csv_export.fosterkit",
        "csv_export.csv_writer_records",
        "time",
        1.25,
    ),
    Target(
        "JSON Lines write and read at most 2x a bare json loop",
        "jsonl.fosterkit",
        "jsonl.json_loop",
        "time",
        2.0,
    ),
    Target(
        "JSON Lines reading at most 2x a bare json.loads loop",
        "jsonl_read.fosterkit",
        "jsonl_read.json_loads",
        "time",
        2.0,
    ),
    Target(
        "CSV import at most 1.5x bare DictReader + cattrs",
        "csv_import.fosterkit",
        "csv_import.dictreader_cattrs",
        "time",
        1.5,
    ),
    *(
        Target(
            f"{name} export: peak memory at 10x within 50 MiB of 1x",
            f"{name.lower()}_stream.10x",
            f"{name.lower()}_stream.1x",
            "memory",
            50,
        )
        for name in ("Excel", "CSV", "JSONL")
    ),
]
