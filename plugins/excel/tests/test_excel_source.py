"""The Excel source reader: the conformance kit, then what only a workbook does (typed cells, bombs)."""

from __future__ import annotations

import datetime
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped, unused-ignore]
from test_excel_plugin import ENTITIES, NS  # the importer's billion-laughs declarations

from fosterkit.errors import SourceError
from fosterkit.plugins import Cell, OptionError, SourceReader
from fosterkit.testing.conformance import check_plugin, check_source_reader
from fosterkit_excel import archive, plugin, sheet_area, source
from fosterkit_excel.source import ENGINES, read_excel_rows

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _rows(path: Path, engine: str, **options: object) -> list[tuple[int, Any]]:
    return list(read_excel_rows(path, {"engine": engine, **options}))


def _text(value: str) -> Any:
    """A value openpyxl writes as text whatever it starts with (``=1+2`` stays text)."""
    return ("text", value)


def _book(path: Path, cells: dict[str, object], *, title: str = "data", merges: Sequence[str] = ()) -> Path:
    """A workbook written by openpyxl in normal mode, as a person's spreadsheet might be."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for ref, value in cells.items():
        if isinstance(value, tuple):  # text, even when it looks like a formula
            ws[ref] = value[1]
            ws[ref].data_type = "s"
        else:
            ws[ref] = value
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _rewritten(source_path: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """A copy of a workbook with some parts replaced or added (the importer's tests replace one)."""
    with zipfile.ZipFile(source_path) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, parts.get(info.filename, old.read(info.filename)))
        for name, content in parts.items():
            if name not in old.namelist():
                new.writestr(name, content)
    return target


def _sheet_xml(rows: str) -> bytes:
    return f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def _with_sheet(tmp_path: Path, rows: str, name: str = "crafted.xlsx") -> Path:
    base = _book(tmp_path / "base.xlsx", {"A1": "x"})
    return _rewritten(base, tmp_path / name, {SHEET: _sheet_xml(rows)})


# --- discovery -----------------------------------------------------------------------------------


#: Text a cell holds exactly: no control characters (XML has none), no ``_x000D_`` escapes (Excel
#: reads them as the character), no spaces at either end (calamine drops text of spaces only).
_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and not re.search("_x[0-9A-Fa-f]{4}_", s))


def _writer(
    engine: str,
) -> Callable[[Sequence[Sequence[Cell]], Path, st.DataObject], Mapping[str, object] | None]:
    def write(rows: Sequence[Sequence[Cell]], path: Path, data: st.DataObject) -> Mapping[str, object] | None:
        """``rows`` as another system's workbook: typed cells, and text as text, formula-looking or not."""
        texts = [cell for row in rows for cell in row if isinstance(cell, str)]
        if any(ILLEGAL_CHARACTERS_RE.search(text) or "\r" in text for text in texts):
            return None  # XML has no control characters, and a spreadsheet turns CR into LF
        book = openpyxl.Workbook()
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = book.active.cell(r, c, value)
                    cell.data_type = "s" if isinstance(value, str) else cell.data_type
        book.save(path)
        return {"engine": engine}

    return write


def test_the_reader_passes_the_conformance_kit(tmp_path: Path, engine: str) -> None:
    reader = check_plugin("excel").source_readers["excel"]
    check_source_reader(reader, tmp_path, write=_writer(engine), texts=_TEXT, typed=True, max_examples=40)


def test_found_through_the_plugin_manager() -> None:
    reader = check_plugin("excel").source_readers["excel"]
    assert reader.suffixes == (".xlsx", ".xlsm")
    assert [o.name for o in reader.options] == ["sheet", "engine"]
    assert reader.resolve_options({}) == {"sheet": "", "engine": "calamine"}
    assert reader.read_rows is read_excel_rows


def test_options_are_checked(tmp_path: Path) -> None:
    reader: SourceReader = plugin.fosterkit_source_readers()[0]
    path = _book(tmp_path / "b.xlsx", {"A1": "x"})
    with pytest.raises(OptionError, match="calamine, openpyxl"):
        list(reader.rows(path, engine="pandas"))
    with pytest.raises(OptionError, match="unknown option 'kind'"):
        list(reader.rows(path, kind="household"))
    with pytest.raises(OptionError, match="calamine, openpyxl"):
        list(read_excel_rows(path, {"engine": "xlrd"}))
    assert list(reader.rows(path, engine="openpyxl")) == [(1, ["x"])]


# --- cells ---------------------------------------------------------------------------------------


def test_cells_are_typed(tmp_path: Path, engine: str) -> None:
    path = _book(
        tmp_path / "typed.xlsx",
        {
            "A1": _text("Ŵyn Môn"),
            "B1": _text("=1+2"),
            "C1": _text("@SUM(A1)"),
            "D1": _text("+44 20 7946 0000"),
            "A2": datetime.date(2024, 2, 29),
            "B2": datetime.datetime(2024, 2, 29, 13, 45, 10),
            "C2": datetime.time(9, 30),
            "D2": True,
            "E2": False,
            "A3": 42,
            "B3": -2.5,
            "C3": 10**15,
        },
    )
    rows = _rows(path, engine)
    assert rows == [
        (1, ["Ŵyn Môn", "=1+2", "@SUM(A1)", "+44 20 7946 0000"]),
        (
            2,
            [
                datetime.date(2024, 2, 29),
                datetime.datetime(2024, 2, 29, 13, 45, 10),
                datetime.time(9, 30),
                True,
                False,
            ],
        ),
        (3, [42, -2.5, 10**15]),
    ]
    dates = rows[1][1]
    assert type(dates[0]) is datetime.date
    assert type(dates[1]) is datetime.datetime
    assert [type(v) for v in dates[3:]] == [bool, bool]
    # calamine reads every number as a float; openpyxl keeps whole numbers as Excel writes them
    assert [type(v) for v in rows[2][1]] == ([float] * 3 if engine == "calamine" else [int, float, int])


def test_durations_come_back_as_excel_shows_them(tmp_path: Path, engine: str) -> None:
    wb = openpyxl.Workbook()
    wb.active.append([datetime.timedelta(hours=37, minutes=30), datetime.timedelta(seconds=59)])
    wb.save(tmp_path / "d.xlsx")
    assert _rows(tmp_path / "d.xlsx", engine) == [(1, ["37:30:00", "0:00:59"])]


def test_formula_cells_give_their_cached_values(tmp_path: Path, engine: str) -> None:
    path = _with_sheet(
        tmp_path,
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f><v>4</v></c>'
        '<c r="C1" t="str"><f>"x"&amp;A1</f><v>x2</v></c><c r="D1"><f>A1+1</f></c>'
        '<c r="E1" t="b"><f>A1&gt;1</f><v>1</v></c></row>',
    )
    assert _rows(path, engine) == [(1, [2, 4, "x2", None, True])]


def test_text_escapes_are_decoded_as_excel_does(tmp_path: Path, engine: str) -> None:
    path = _with_sheet(
        tmp_path,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>one_x000D_two</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>_x005F_x000D_ as typed</t></is></c></row>',
    )
    assert _rows(path, engine) == [(1, ["one\rtwo", "_x000D_ as typed"])]


def test_error_cells_and_blank_text_differ_between_engines(tmp_path: Path, engine: str) -> None:
    path = _with_sheet(
        tmp_path,
        '<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="inlineStr"><is><t> </t></is></c>'
        '<c r="C1" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c></row>',
    )
    # calamine passes on neither an error's text nor text of spaces only (without xml:space)
    cells = [None, None, " kept "] if engine == "calamine" else ["#N/A", " ", " kept "]
    assert _rows(path, engine) == [(1, cells)]


# --- rows ----------------------------------------------------------------------------------------


def test_every_row_is_numbered_as_excel_numbers_it(tmp_path: Path, engine: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Leavers report, 2025-26"
    ws["A3"], ws["B3"] = "id", "left on"
    ws["A4"], ws["B4"] = "C-1", datetime.date(2025, 5, 1)
    ws["A6"] = "C-2"
    ws["A9"].number_format = "0.00"  # formatted, but empty: not a row with a value
    ws["C9"] = None
    wb.save(tmp_path / "blank.xlsx")
    assert _rows(tmp_path / "blank.xlsx", engine) == [
        (1, ["Leavers report, 2025-26"]),
        (2, []),
        (3, ["id", "left on"]),
        (4, ["C-1", datetime.date(2025, 5, 1)]),
        (5, []),
        (6, ["C-2"]),
    ]


def test_data_starting_at_c3_keeps_rows_and_columns_aligned(tmp_path: Path, engine: str) -> None:
    path = _book(tmp_path / "c3.xlsx", {"C3": "id", "D3": "stage", "C4": "C-1", "E5": 7, "D7": "late"})
    assert _rows(path, engine) == [
        (1, []),
        (2, []),
        (3, [None, None, "id", "stage"]),
        (4, [None, None, "C-1"]),
        (5, [None, None, None, None, 7]),
        (6, []),
        (7, [None, None, None, "late"]),
    ]


def test_merged_cells_hold_their_value_in_the_top_left_cell_only(tmp_path: Path, engine: str) -> None:
    path = _book(
        tmp_path / "merged.xlsx",
        {"A1": "Placements", "A2": "Child", "B2": "Dates", "B3": "from", "C3": "to", "A4": "C-1"},
        merges=["A1:C1", "A2:A3", "B2:C2"],
    )
    assert _rows(path, engine) == [
        (1, ["Placements"]),
        (2, ["Child", "Dates"]),
        (3, [None, "from", "to"]),
        (4, ["C-1"]),
    ]


def test_an_empty_sheet_has_no_rows(tmp_path: Path, engine: str) -> None:
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    assert _rows(tmp_path / "empty.xlsx", engine) == []


def test_an_xlsm_workbook_is_read(tmp_path: Path, engine: str) -> None:
    base = _book(tmp_path / "base.xlsx", {"A1": "macro", "B1": 1})
    with zipfile.ZipFile(base) as old:
        types = old.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    path = _rewritten(base, tmp_path / "book.xlsm", {"[Content_Types].xml": types})
    assert _rows(path, engine) == [(1, ["macro", 1])]


# --- sheets --------------------------------------------------------------------------------------


def _sheets(path: Path, hidden_first: bool = False) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Lists"
    wb.active.append(["lookup"])
    wb.active.sheet_state = "hidden" if hidden_first else "visible"
    wb.active.append([3])
    chart = BarChart()
    chart.add_data(Reference(wb.active, min_col=1, min_row=2, max_row=2))
    wb.create_chartsheet("Chart").add_chart(chart)
    wb.create_sheet("Leavers").append(["leaver"])
    wb.create_sheet("Notes").append(["note"])
    wb.save(path)
    return path


def test_the_first_visible_worksheet_is_read_by_default(tmp_path: Path, engine: str) -> None:
    assert _rows(_sheets(tmp_path / "s.xlsx"), engine) == [(1, ["lookup"]), (2, [3])]
    assert _rows(_sheets(tmp_path / "h.xlsx", hidden_first=True), engine) == [(1, ["leaver"])]


def test_the_sheet_option_chooses_a_sheet(tmp_path: Path, engine: str) -> None:
    path = _sheets(tmp_path / "s.xlsx", hidden_first=True)
    assert _rows(path, engine, sheet="Notes") == [(1, ["note"])]
    assert _rows(path, engine, sheet="notes") == [(1, ["note"])]  # Excel's names ignore case
    assert _rows(path, engine, sheet="Lists") == [(1, ["lookup"]), (2, [3])]  # hidden, but named
    with pytest.raises(SourceError) as caught:
        _rows(path, engine, sheet="Carers")
    assert str(caught.value) == f"{path}: there is no sheet 'Carers' (sheets: Lists, Chart, Leavers, Notes)"
    with pytest.raises(SourceError, match="sheet 'Chart' is a chart, not a worksheet"):
        _rows(path, engine, sheet="Chart")


# --- hostile and broken files --------------------------------------------------------------------


def _refused(path: Path, engine: str) -> str:
    rows = read_excel_rows(path, {"engine": engine})
    with pytest.raises(SourceError) as caught:
        next(rows)  # refused before the first row
    assert caught.value.source == str(path)
    return caught.value.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(
            "id,name\nC-1,Ŵyn Môn\n".encode(),
            "not an Excel workbook: it holds text in columns (a CSV file) under an Excel file name",
            id="csv",
        ),
        pytest.param(
            b"\x00\x01\xfe not a workbook " * 40,
            "not an Excel workbook: it holds binary data, not text",
            id="bytes",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "an old-style .xls workbook, or an .xlsx protected by a password; "
            "open it in Excel and save it as .xlsx (without a password)",
            id="ole2",
        ),
    ],
)
def test_files_that_are_not_zip_archives(tmp_path: Path, engine: str, content: bytes, reason: str) -> None:
    path = tmp_path / "wrong.xlsx"
    path.write_bytes(content)
    assert _refused(path, engine) == reason


def _good(directory: Path) -> Path:
    """A workbook with enough rows that its sheet spans several blocks of the zip's deflate stream."""
    wb = openpyxl.Workbook()
    for n in range(2000):
        wb.active.append([f"C-{n}", n * 7919 % 1000, f"notes {n * 31 % 997} Ŵyn"])
    wb.save(directory / "good.xlsx")
    return directory / "good.xlsx"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-30], id="end-cut-off"),
        pytest.param(lambda data: b"PK\x03\x04" + bytes(200), id="zip-header-only"),
    ],
)
def test_damaged_zip_archives(tmp_path: Path, engine: str, damage: Callable[[bytes], bytes]) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damage(_good(tmp_path).read_bytes()))
    assert _refused(path, engine).startswith(
        "a damaged or incomplete workbook (the zip archive cannot be read"
    )


def test_damaged_data_inside_the_archive_is_found_before_any_row(tmp_path: Path, engine: str) -> None:
    good = _good(tmp_path)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as book:
        part = book.getinfo(SHEET)
    start = part.header_offset + 30 + len(part.filename.encode()) + len(part.extra)
    middle = start + part.compress_size // 2
    data[middle : middle + 64] = bytes(64)
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    assert _refused(path, engine).startswith("a damaged workbook: ")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    assert _refused(path, engine) == "not an Excel workbook: the zip archive has no xl/workbook.xml"


def test_a_workbook_that_is_also_another_format_is_refused(tmp_path: Path, engine: str) -> None:
    path = _rewritten(_good(tmp_path), tmp_path / "both.xlsx", {"xl/workbook.bin": b"\x83\x01\x00"})
    assert _refused(path, engine) == "not a plain .xlsx workbook: it also holds xl/workbook.bin"


def test_decompression_bomb_is_refused_before_unpacking(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_PART_BYTES", 100_000)
    padding = b"<!-- " + b" " * 5_000_000 + b" -->"  # packs about 1000 to 1
    path = _with_sheet(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path) as book:
        sheet = book.read(SHEET)
    bomb = _rewritten(path, tmp_path / "zipbomb.xlsx", {SHEET: padding + sheet})
    assert _refused(bomb, engine).endswith("refused as a decompression bomb")


def _with_shared_strings(tmp_path: Path, strings: str) -> Path:
    """A workbook whose sheet takes its text from xl/sharedStrings.xml, as Excel writes it."""
    base = _book(tmp_path / "base.xlsx", {"A1": "x"})
    with zipfile.ZipFile(base) as old:
        types = old.read("[Content_Types].xml").replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        rels = old.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
        )
    parts = {
        SHEET: _sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        "[Content_Types].xml": types,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/sharedStrings.xml": strings.encode(),
    }
    return _rewritten(base, tmp_path / "shared.xlsx", parts)


def test_shared_strings_are_read(tmp_path: Path, engine: str) -> None:
    strings = f'<?xml version="1.0"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>Môn</t></si></sst>'
    assert _rows(_with_shared_strings(tmp_path, strings), engine) == [(1, ["Môn"])]


BOMB_TEXT = "<t>&i;</t>"


@pytest.mark.parametrize("part", [SHEET, "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_xml_entity_bombs_are_refused(tmp_path: Path, engine: str, part: str) -> None:
    strings = f'<?xml version="1.0"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>x</t></si></sst>'
    path = _with_shared_strings(tmp_path, strings)
    with zipfile.ZipFile(path) as book:
        original = book.read(part).decode()
    root = re.search(r"<(\w+)[ >]", original.split("?>", 1)[-1]).group(1)  # type: ignore[union-attr]
    body = original.split("?>", 1)[-1].replace("<t>x</t>", BOMB_TEXT)
    hostile = f'<?xml version="1.0"?><!DOCTYPE {root} [{ENTITIES}]>{body}'
    bomb = _rewritten(path, tmp_path / "bomb.xlsx", {part: hostile.encode()})
    assert _refused(bomb, engine) == (
        f"part {part} declares a document type (<!DOCTYPE), which a workbook never has "
        "and which can hide an entity expansion attack; refused"
    )


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param(
            b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- made by hand -->\n", id="utf-8-bom-and-comment"
        ),
        pytest.param(b"<?xml version='1.0'?>\n<!-- " + b"-" * 70_000 + b" -->", id="long-comment"),
    ],
)
def test_a_document_type_after_a_prolog_is_refused(tmp_path: Path, engine: str, prolog: bytes) -> None:
    doctype = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
    hostile = prolog + f'{doctype}<worksheet xmlns="{NS}"/>'.encode()
    path = _rewritten(_good(tmp_path), tmp_path / "xxe.xlsx", {SHEET: hostile})
    reason = _refused(path, engine)
    assert "declares a document type" in reason or "bytes before its first element" in reason


def test_a_document_type_in_utf16_is_refused(tmp_path: Path, engine: str) -> None:
    hostile = (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [{ENTITIES}]><worksheet xmlns="{NS}"/>'
    )
    path = _rewritten(_good(tmp_path), tmp_path / "utf16.xlsx", {SHEET: hostile.encode("utf-16")})
    assert "declares a document type" in _refused(path, engine)


# --- the calamine engine's memory bound ----------------------------------------------------------


def test_calamine_is_not_asked_to_load_a_sheet_spanning_billions_of_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two values, in A1 and XFD1048576: calamine would allocate the 17-billion-cell rectangle
    # between them and abort the process. The check sees it without loading anything.
    path = _with_sheet(
        tmp_path,
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
    )
    with zipfile.ZipFile(path) as book:
        assert not sheet_area.fits(book, source.MAX_CALAMINE_CELLS)
    _streamed_with_openpyxl(monkeypatch)
    rows = read_excel_rows(path, {"engine": "calamine"})
    assert next(rows) == (1, [1])
    rows.close()


def _streamed_with_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> Iterator[list[Cell]]:
        raise AssertionError("calamine was asked to load the sheet")

    monkeypatch.setattr(source, "_calamine_rows", refuse)


def test_a_sheet_larger_than_the_bound_is_streamed_with_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "wide.xlsx", {"A1": "id", "AB1": "last", "A40": 7})
    monkeypatch.setattr(source, "MAX_CALAMINE_CELLS", 28 * 39)
    _streamed_with_openpyxl(monkeypatch)
    rows = _rows(path, "calamine")
    assert len(rows) == 40
    assert rows[0] == (1, ["id", *[None] * 26, "last"])
    assert rows[-1] == (40, [7])


@pytest.mark.parametrize(
    ("cells", "fits"),
    [
        pytest.param('<c r="A1"><v>1</v></c><c r="Z700000"><v>1</v></c>', True, id="inside"),
        pytest.param('<c r="A1"><v>1</v></c><c r="AA1"><v>1</v></c>', True, id="wider-in-first-chunk"),
        pytest.param('<c r="A1"><v>1</v></c><c r="Z800000"><v>1</v></c>', False, id="too-many-rows"),
        pytest.param('<c r="A1"><v>1</v></c><c><v>1</v></c>', False, id="cell-without-position"),
        pytest.param('<c s="1" r="A1"><v>1</v></c>', False, id="position-not-first"),
        pytest.param('<x:c r="A1"><v>1</v></x:c>', False, id="prefixed-cell"),
        pytest.param('<c r="a1"><v>1</v></c>', False, id="lower-case"),
        pytest.param('<c r="A01"><v>1</v></c>', False, id="leading-zero"),
        pytest.param("<c\nr='A1'><v>1</v></c>", False, id="other-spacing"),
    ],
)
def test_the_memory_bound_is_proved_only_for_plainly_written_cells(cells: str, fits: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            book.writestr(SHEET, _sheet_xml(f"<row>{cells}</row>"))
            book.writestr("xl/styles.xml", b"<styleSheet><cellXfs><xf/></cellXfs><colors/></styleSheet>")
        with zipfile.ZipFile(path) as book:
            assert sheet_area.fits(book, 20_000_000) is fits


def test_a_later_wide_cell_is_seen_across_chunks() -> None:
    filler = '<c r="A1"><v>1</v></c>' * 60_000  # more than one chunk of the search
    rows = _sheet_xml(f'<row r="1">{filler}<c r="XFD2"><v>1</v></c></row>')
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            book.writestr(SHEET, rows)
        with zipfile.ZipFile(path) as book:
            assert not sheet_area.fits(book, 20_000_000)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


@given(
    letters=st.text("ABCXYZa", min_size=1, max_size=4),
    digits=st.text("0123456789", min_size=1, max_size=8),
    width=st.integers(26, 20_000),
    height=st.integers(1, 2_000_000),
)
def test_the_bound_pattern_matches_exactly_the_cells_outside(
    letters: str, digits: str, width: int, height: int
) -> None:
    ref = f"{letters}{digits}"
    plain = letters.isupper() and not digits.startswith("0")
    inside = plain and _column(letters) <= width and int(digits) <= height
    found = sheet_area._outside(width, height).search(f'<row><c r="{ref}"><v>1</v></c>'.encode())
    assert (found is None) is inside
