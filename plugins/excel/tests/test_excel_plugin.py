"""The Excel exporter and importer: the conformance kit, then what only a workbook does (typed cells)."""

from __future__ import annotations

import datetime
import time
import zipfile
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import openpyxl.xml  # type: ignore[import-untyped, unused-ignore]
import pytest
import xlsxwriter  # type: ignore[import-untyped, unused-ignore]
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.errors import StructureError
from fosterkit.plugins import RECORD_KINDS, Exporter, ExportError, Importer, OptionError, table_schema
from fosterkit.testing import conformance
from fosterkit_excel import plugin
from fosterkit_excel.reader import read_records
from fosterkit_excel.writer import DATE_FORMAT, OPTIONS, _Sheet, write_records
from fosterkit_excel.xstring import escape, unescape


def _exporter() -> Exporter:
    return plugin.fosterkit_exporters()[0]


def _importer() -> Importer:
    return plugin.fosterkit_importers()[0]


def _values(path: Path) -> list[object]:
    """Every cell value of every sheet, as stored (values only)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [value for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for value in row]
    finally:
        wb.close()


def _cells(path: Path) -> Iterable[object]:
    """Every cell value, text as Excel shows it (``_x000D_`` read back as a carriage return)."""
    return [unescape(value) if isinstance(value, str) else value for value in _values(path)]


def _rows(path: Path) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def _sheet(path: Path, rows: list[list[object]], title: str = "data_collection_record") -> Path:
    """A workbook written by openpyxl itself (as a person or another program might)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _type_into(path: Path, kind: str, record_id: str, column: str, text: str) -> str:
    """Type ``text`` into ``column`` on ``record_id``'s row, as a person would in Excel, and save."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == record_id)
    ws.cell(row=row, column=[c.value for c in ws[1]].index(column) + 1).value = text
    wb.save(path)
    return f"{ws.title} row {row}"


def _dcr_rows() -> list[list[object]]:
    schema = table_schema("data_collection_record")
    rows: list[list[object]] = [list(schema.header)]
    rows.extend(list(schema.row(r)) for r in conformance.sample_records(3))
    return rows


# --- the conformance kit ---------------------------------------------------------------------


def test_the_exporter_passes_the_conformance_kit(tmp_path: Path) -> None:
    conformance.check_exporter(_exporter(), tmp_path, importer=_importer(), cells=_cells)


def test_every_kind_round_trips_through_the_importer(tmp_path: Path) -> None:
    found = conformance.check_plugin("excel")  # as fosterkit finds them, marked with the plugin
    conformance.check_round_trip(
        found.exporters["excel"], found.importers["excel"], tmp_path, cells=_cells, edit=_type_into
    )


# --- typed cells -------------------------------------------------------------------------------


def test_cells_are_typed_and_text_is_never_a_formula(tmp_path: Path) -> None:
    target = tmp_path / "dcr.xlsx"
    records = list(conformance.sample_records(9))
    assert _exporter().export(records, target) == 9
    wb = openpyxl.load_workbook(target)  # the full reader, which keeps cell types and styles
    ws = wb["data_collection_record"]
    header = [c.value for c in ws[1]]
    assert header == list(table_schema("data_collection_record").header)
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    date_cells = [row[header.index("interviewed_on")] for row in ws.iter_rows(min_row=2)]
    assert [c.is_date for c in date_cells] == [True] * 9
    assert {c.number_format for c in date_cells} == {DATE_FORMAT}
    assert [c.value for c in date_cells] == [
        datetime.datetime.combine(r.interviewed_on, datetime.time()) for r in records
    ]
    consent = [row[header.index("consent_to_anonymised_use")].value for row in ws.iter_rows(min_row=2)]
    assert consent == [r.consent_to_anonymised_use for r in records]
    assert all(type(v) is bool for v in consent)
    text_cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert text_cells
    assert {c.data_type for c in text_cells} == {"s"}
    kept = [row[header.index("would_have_kept")].value for row in ws.iter_rows(min_row=2)]
    assert kept[0] == "'" + conformance.FORMULA_TEXTS[0]  # neutralised '=HYPERLINK(...)'
    wb.close()
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert "HYPERLINK" in sheet_xml


def test_text_cells_are_text_even_without_neutralising(tmp_path: Path) -> None:
    texts = ["=1+1", '=HYPERLINK("http://example.invalid")', "http://example.invalid", "1.5", "{=A1}"]
    wb = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"), OPTIONS)
    ws = wb.add_worksheet("t", worksheet_class=_Sheet)
    for col, text in enumerate(texts):
        ws.write_string(0, col, text)  # as the writer writes every text cell
    wb.close()
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert "<hyperlink" not in sheet_xml
    assert "<v>" not in sheet_xml  # no number either
    assert _values(tmp_path / "t.xlsx") == texts


@pytest.mark.parametrize(
    "text",
    [
        "<r>looks like rich text</r>",
        "<r><t>a</t></r><r><t>b</t></r>",
        "_x0041_x0042_",
        "_x000D__x000D_",
        "a\rb_x000D_\x01",
        " <r>spaced</r> ",
        "&amp; <b> & ]]>",
    ],
)
def test_text_xlsxwriter_would_alter_comes_back_exactly(tmp_path: Path, text: str) -> None:
    record = attrs.evolve(next(conformance.sample_records(1)), went_well=text)
    target = tmp_path / "r.xlsx"
    _exporter().export([record], target)
    assert list(_importer().records(target)) == [record]


@attrs.frozen(kw_only=True)
class Measure:
    id: str
    count: int
    share: float
    counted_on: datetime.date
    done: bool
    note: str | None = None


@pytest.fixture
def measure_kind(monkeypatch: pytest.MonkeyPatch) -> str:
    """A record kind with whole-number and fractional columns, registered for one test only."""
    monkeypatch.setitem(RECORD_KINDS, "xl_measure", Measure)
    return "xl_measure"


def test_numbers_stay_numbers(tmp_path: Path, measure_kind: str) -> None:
    records = [
        Measure(id="M1", count=3, share=0.25, counted_on=datetime.date(2024, 2, 29), done=True),
        Measure(id="M2", count=-(10**15) + 1, share=-1.5, counted_on=datetime.date(1999, 12, 31), done=False),
    ]
    target = tmp_path / "m.xlsx"
    assert write_records(records, target) == 2
    rows = _rows(target)
    assert rows[0] == ("id", "count", "share", "counted_on", "done", "note")
    # The sheet records its dimension, so a row read back is as wide as the header.
    assert rows[1] == ("M1", 3, 0.25, datetime.datetime(2024, 2, 29), True, None)
    assert [type(v) for v in rows[2][1:5]] == [int, float, datetime.datetime, bool]
    assert list(read_records(target)) == records


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"count": 10**15}, "1000000000000000 has more digits than a spreadsheet keeps (15)"),
        ({"share": 0.1 + 0.2}, "0.30000000000000004 cannot be held exactly in a spreadsheet"),
        ({"share": float("nan")}, "nan cannot be held exactly in a spreadsheet"),
        ({"note": "x" * 32768}, "text longer than a cell holds (32767)"),
        ({"note": "\U0001f600" * 16384}, "text longer than a cell holds (32767)"),
        ({"note": "\U0001f600" * 16381 + "\x01"}, "text longer than a cell holds (32767)"),  # once escaped
        (
            {"counted_on": datetime.date(1899, 12, 31)},
            "1899-12-31 is before 1 January 1900, the first day a spreadsheet holds",
        ),
    ],
)
def test_values_a_spreadsheet_cannot_hold_are_refused(
    tmp_path: Path, measure_kind: str, changes: dict[str, object], message: str
) -> None:
    good = Measure(id="M1", count=1, share=0.5, counted_on=datetime.date(2024, 1, 1), done=True)
    bad = attrs.evolve(good, id="M2", **changes)  # type: ignore[arg-type]
    target = tmp_path / "m.xlsx"
    with pytest.raises(ExportError) as caught:
        _exporter().export([good, bad], target)
    column = next(iter(changes))
    assert str(caught.value.cause) == f"record 2: invalid data: {column} (id 'M2'): {message}"
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(1900, 1, 1),
        datetime.date(1900, 2, 28),
        datetime.date(1900, 3, 1),
        datetime.date(9999, 12, 31),
    ],
)
def test_first_and_last_days_come_back(tmp_path: Path, measure_kind: str, day: datetime.date) -> None:
    record = Measure(id="M1", count=1, share=0.5, counted_on=day, done=True)
    write_records([record], tmp_path / "m.xlsx")
    assert list(read_records(tmp_path / "m.xlsx")) == [record]


def test_longest_text_a_cell_holds_is_written(tmp_path: Path, measure_kind: str) -> None:
    record = Measure(
        id="M1", count=1, share=0.5, counted_on=datetime.date(2024, 1, 1), done=True, note="y" * 32767
    )
    write_records([record], tmp_path / "m.xlsx")
    assert list(read_records(tmp_path / "m.xlsx")) == [record]


# --- text XML cannot hold ---------------------------------------------------------------------


@given(st.text())
def test_escaping_round_trips_any_text(text: str) -> None:
    escaped = escape(text)
    assert unescape(escaped) == text
    assert not any(c in escaped for c in "\r\x00\x01\x0b\x1f\ufffe\uffff")


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("a\rb", "a_x000D_b"),
        ("a\r\nb", "a_x000D_\nb"),
        ("bell\x07", "bell_x0007_"),
        ("_x000D_", "_x005F_x000D_"),
        ("_x00d_", "_x00d_"),
        ("\ufffe", "_xFFFE_"),
        ("plain", "plain"),
    ],
)
def test_text_xml_cannot_hold_is_escaped_as_excel_does(text: str, stored: str) -> None:
    assert escape(text) == stored
    assert unescape(stored) == text


def test_carriage_returns_and_control_characters_come_back(tmp_path: Path) -> None:
    record = next(conformance.sample_records(1))
    record = attrs.evolve(record, would_have_kept="one\r\ntwo\rthree\x01_x000D_", went_well="\x1b[1m")
    _exporter().export([record], tmp_path / "r.xlsx")
    assert list(_importer().records(tmp_path / "r.xlsx")) == [record]


# --- special-category data -----------------------------------------------------------------------


def test_equality_data_is_refused_by_row_and_column(tmp_path: Path) -> None:
    target = tmp_path / "hh.xlsx"
    _exporter().export(conformance.special_households()[1:], target, special_category=True)
    with pytest.raises(StructureError) as caught:
        list(_importer().records(target))
    assert str(caught.value) == (
        f"{target}: household row 2: invalid data: carers (id 'HH-000002'): "
        "holds special-category (equality) data: read it with special_category=True"
    )


# --- options, sheets and kinds -------------------------------------------------------------------


def test_options() -> None:
    for item in (_exporter(), _importer()):
        assert [(o.name, o.type, o.default) for o in item.options] == [
            ("kind", str, ""),
            ("special_category", bool, False),
            ("sheet", str, ""),
        ]
        assert item.options[0].choices == ("", *RECORD_KINDS)
        assert item.suffixes == (".xlsx",)
    with pytest.raises(OptionError):
        _exporter().resolve_options({"kind": "spreadsheet"})


def test_sheet_option_names_the_sheet_and_reading_finds_it(tmp_path: Path) -> None:
    target = tmp_path / "named.xlsx"
    records = list(conformance.sample_records(2))
    _exporter().export(records, target, sheet="Exit interviews 2024")
    wb = openpyxl.load_workbook(target, read_only=True)
    assert wb.sheetnames == ["Exit interviews 2024"]
    wb.close()
    assert list(_importer().records(target)) == records  # the header tells the kind
    assert list(_importer().records(target, sheet="Exit interviews 2024")) == records


@pytest.mark.parametrize(
    ("sheet", "problem"),
    [
        ("a/b", "contains /, which Excel does not allow"),
        ("x" * 32, "is 32 characters long (Excel allows 31)"),
        ("'quoted'", "starts or ends with an apostrophe, which Excel does not allow"),
        ("History", "is reserved by Excel"),
        ("   ", "is empty"),
    ],
)
def test_bad_sheet_names_are_refused(tmp_path: Path, sheet: str, problem: str) -> None:
    with pytest.raises(OptionError) as caught:
        _exporter().export(conformance.sample_records(1), tmp_path / "x.xlsx", sheet=sheet)
    assert str(caught.value) == f"sheet name {sheet!r} {problem}; choose another with the option sheet="
    assert list(tmp_path.iterdir()) == []


def test_kind_option_writes_a_header_even_with_no_records(tmp_path: Path) -> None:
    target = tmp_path / "empty.xlsx"
    assert _exporter().export([], target, kind="departure") == 0
    assert _rows(target) == [table_schema("departure").header]
    assert list(_importer().records(target)) == []


def test_no_records_and_no_kind_give_an_empty_sheet(tmp_path: Path) -> None:
    target = tmp_path / "empty.xlsx"
    assert _exporter().export([], target) == 0
    assert _rows(target) == []
    assert list(_importer().records(target)) == []


def test_importer_kind_option_must_match_the_header(tmp_path: Path) -> None:
    target = tmp_path / "dcr.xlsx"
    _exporter().export(conformance.sample_records(2), target)
    with pytest.raises(StructureError) as caught:
        list(_importer().records(target, kind="departure"))
    message = str(caught.value)
    assert message.startswith(f"{target}: invalid data: data_collection_record row 1: not a departure table:")
    assert "missing columns household_id, notice_on" in message


def test_empty_rows_are_passed_over(tmp_path: Path) -> None:
    rows = _dcr_rows()
    target = _sheet(tmp_path / "gaps.xlsx", [rows[0], rows[1], [None] * len(rows[0]), rows[2]])
    assert list(_importer().records(target)) == list(conformance.sample_records(2))


def test_several_sheets_need_the_sheet_option(tmp_path: Path) -> None:
    target = _sheet(tmp_path / "two.xlsx", _dcr_rows())
    wb = openpyxl.load_workbook(target)
    wb.create_sheet("Notes").append(["written by hand"])
    wb.save(target)
    with pytest.raises(StructureError) as caught:
        list(_importer().records(target))
    assert str(caught.value) == (
        f"{target}: the workbook has 2 sheets (data_collection_record, Notes); choose one with sheet="
    )
    assert list(_importer().records(target, sheet="data_collection_record")) == list(
        conformance.sample_records(3)
    )
    with pytest.raises(
        StructureError, match=r"there is no sheet 'Nope' \(sheets: data_collection_record, Notes\)"
    ):
        list(_importer().records(target, sheet="Nope"))


# --- bad input -----------------------------------------------------------------------------------


def _refusal(path: Path) -> str:
    """What the importer says, refusing the workbook at ``path``."""
    with pytest.raises(StructureError) as caught:
        list(_importer().records(path))
    return str(caught.value)


def test_wrong_header_names_missing_and_unexpected_columns(tmp_path: Path) -> None:
    rows = _dcr_rows()
    rows[0][3] = "interview_date"
    target = _sheet(tmp_path / "header.xlsx", rows)
    assert _refusal(target) == (
        f"{target}: invalid data: data_collection_record row 1: not a data_collection_record table: "
        "missing columns interviewed_on; unexpected columns interview_date"
    )


def test_header_of_no_kind_on_an_unnamed_sheet(tmp_path: Path) -> None:
    target = _sheet(tmp_path / "other.xlsx", [["name", "age"], ["x", 3]], title="Sheet1")
    assert _refusal(target) == (
        f"{target}: invalid data: Sheet1 row 1: the header is not that of any record kind "
        f"({', '.join(RECORD_KINDS)}); name the kind with kind="
    )


def test_bad_json_cell_names_row_record_and_column(tmp_path: Path) -> None:
    rows = _dcr_rows()
    rows[2][rows[0].index("ratings")] = "[{broken"
    target = _sheet(tmp_path / "json.xlsx", rows)
    with pytest.raises(StructureError) as caught:
        list(_importer().records(target))
    assert caught.value.source == f"{target}: data_collection_record row 3"
    assert [(p.path, p.entry) for p in caught.value.problems] == [("ratings", "DCR-000001")]


def test_value_beyond_the_header_is_refused(tmp_path: Path) -> None:
    rows = _dcr_rows()
    rows[1].append("stray note")
    target = _sheet(tmp_path / "wide.xlsx", rows)
    assert _refusal(target) == (
        f"{target}: invalid data: data_collection_record row 2: "
        "a value beyond the last column of the header (column 15)"
    )


def _exported(directory: Path) -> Path:
    target = directory / "good.xlsx"
    _exporter().export(conformance.sample_records(50), target)
    return target


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"\x00\x01 not a workbook at all " * 40, id="random-bytes"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-30], id="end-cut-off"),
        pytest.param(lambda data: b"PK\x03\x04" + bytes(200), id="zip-header-only"),
    ],
)
def test_broken_files_give_a_clear_error(tmp_path: Path, damage: Any) -> None:
    target = tmp_path / "broken.xlsx"
    target.write_bytes(damage(_exported(tmp_path).read_bytes()))
    with pytest.raises(StructureError) as caught:
        list(_importer().records(target))
    message = str(caught.value)
    assert message.startswith(f"{target}: ")
    assert message.split(": ", 1)[1].startswith(
        ("not an Excel workbook", "the file is empty", "a damaged or incomplete workbook")
    )


def _rewritten(source: Path, target: Path, part: str, content: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, content if info.filename == part else old.read(info.filename))
    return target


ENTITIES = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {name} "{("&" + inner + ";") * 10}">'
    for inner, name in zip("abcdefgh", "bcdefghi", strict=True)
)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BOMB_SHEET = (
    f'<?xml version="1.0"?><!DOCTYPE worksheet [{ENTITIES}]><worksheet xmlns="{NS}"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_entity_bomb_is_refused_quickly(tmp_path: Path, part: str) -> None:
    source = _exported(tmp_path)
    if part == "xl/workbook.xml":
        with zipfile.ZipFile(source) as archive:
            original = archive.read(part).decode()
        body = original.split("?>", 1)[-1]
        content = f'<?xml version="1.0"?><!DOCTYPE workbook [{ENTITIES}]>{body}'
    else:
        content = BOMB_SHEET
    target = _rewritten(source, tmp_path / "bomb.xlsx", part, content.encode())
    started = time.perf_counter()
    with pytest.raises(StructureError) as caught:
        list(_importer().records(target))
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith(f"{target}: not a readable .xlsx workbook")
    # refused before any XML is parsed, whichever parser openpyxl would use (lxml or defusedxml)
    assert f"part {part} declares a document type (<!DOCTYPE)" in str(caught.value)


def test_decompression_bomb_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fosterkit_excel import reader

    monkeypatch.setattr(reader, "MAX_PART_BYTES", 100_000)
    source = _exported(tmp_path)
    padding = b"<!-- " + b" " * 5_000_000 + b" -->"  # packs about 1000 to 1
    with zipfile.ZipFile(source) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    target = _rewritten(source, tmp_path / "zipbomb.xlsx", "xl/worksheets/sheet1.xml", padding + sheet)
    with pytest.raises(StructureError, match="refused as a decompression bomb"):
        list(_importer().records(target))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StructureError) as caught:
        list(_importer().records(tmp_path / "nowhere.xlsx"))
    assert str(caught.value).startswith(f"{tmp_path / 'nowhere.xlsx'}: no such file")


def test_defusedxml_guards_openpyxl() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def _open_handles(path: Path) -> int:
    fds = Path("/proc/self/fd")
    links = []
    for fd in fds.iterdir():
        try:
            links.append(fd.readlink())
        except OSError:  # closed while listing
            continue
    return sum(1 for link in links if link == path.resolve())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
def test_reading_closes_the_workbook(tmp_path: Path) -> None:
    target = _exported(tmp_path)
    records = _importer().records(target)
    assert isinstance(records, Generator)
    next(records)
    assert _open_handles(target) == 1
    records.close()  # stopping early closes the file
    assert _open_handles(target) == 0
    assert len(list(_importer().records(target))) == 50
    assert _open_handles(target) == 0


def test_more_records_than_a_sheet_holds_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fosterkit_excel import writer

    monkeypatch.setattr(writer, "MAX_RECORDS", 3)
    target = tmp_path / "x.xlsx"
    assert _exporter().export(conformance.sample_records(3), target) == 3
    with pytest.raises(ExportError) as caught:
        _exporter().export(conformance.sample_records(4), target)
    assert str(caught.value.cause) == (
        "record 4: invalid data: id 'DCR-000003': an Excel sheet holds at most 3 records under its header"
    )
    assert len(list(_importer().records(target))) == 3  # the earlier file is left as it was


# --- discovery -----------------------------------------------------------------------------------


def test_found_through_its_entry_point() -> None:
    offers = conformance.check_plugin("excel")
    assert (offers.info.distribution, offers.info.version) == ("fosterkit-excel", "0.1.0")
    assert list(offers.exporters) == list(offers.importers) == ["excel"]
