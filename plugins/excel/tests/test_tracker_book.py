"""The response tracker workbook: the conformance kit, then its layout, protection and typed cells."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue, PackSet, installed_packs, make_plugin_manager, new_tracker
from fosterkit.errors import StructureError
from fosterkit.plugins import TRACKER_COLUMNS, ResponseStatus, ResponseTracker
from fosterkit.testing import conformance
from fosterkit.tracker import TrackerEntry
from fosterkit_excel.tracker_book import ABOUT, SUMMARY, TRACKER, read_tracker_book, write_tracker_book
from fosterkit_excel.xstring import unescape

PACKS, _FAILURES = installed_packs(make_plugin_manager())
STOCKTAKE = PACKS.get("stocktake-2018")
TINY, PLAIN = conformance.sample_packs()
D = datetime.date


def _type_into(path: Path, recommendation: str, column: str, text: str) -> str:
    """Type ``text`` into ``column`` on ``recommendation``'s row of the Tracker sheet, as a person would."""
    wb = load_workbook(path)
    ws = wb[TRACKER]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == recommendation)
    cell = ws.cell(row=row, column=[c.key for c in TRACKER_COLUMNS].index(column) + 1)
    cell.value = text
    wb.save(path)
    return str(cell.coordinate)


def _cells(path: Path) -> list[object]:
    """Every cell value of every sheet, text as Excel shows it."""
    wb = load_workbook(path)
    return [
        unescape(cell.value) if isinstance(cell.value, str) else cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
    ]


def test_the_format_passes_the_conformance_kit(tmp_path: Path) -> None:
    conformance.check_tracker_format(
        conformance.check_plugin("excel").tracker_formats["excel"],
        tmp_path,
        catalogues=[STOCKTAKE],
        edit=_type_into,
        max_examples=40,
    )


def test_formula_looking_text_is_stored_neutralised_as_the_records_exporter_does(tmp_path: Path) -> None:
    fmt = conformance.check_plugin("excel").tracker_formats["excel"]
    conformance.check_tracker_format(fmt, tmp_path, cells=_cells, max_examples=5)


# -- layout ---------------------------------------------------------------------------------------


def _written(path: Path, tracker: ResponseTracker | None = None, catalogue: Catalogue = STOCKTAKE) -> Path:
    write_tracker_book(tracker or new_tracker(catalogue, service="Anytown Fostering"), catalogue, path)
    return path


def test_the_about_sheet_says_whose_tracker_it_is_and_how_to_fill_it_in(tmp_path: Path) -> None:
    wb = load_workbook(_written(tmp_path / "t.xlsx"))
    assert wb.sheetnames == [ABOUT, TRACKER, SUMMARY]
    about = wb[ABOUT]
    labels = {about[f"A{row}"].value: about[f"B{row}"].value for row in range(3, 9)}
    assert labels == {
        "Service": "Anytown Fostering",
        "Pack": "stocktake-2018",
        "Pack title": STOCKTAKE.pack.title,
        "Pack version": STOCKTAKE.pack.version,
        "Publisher": "Department for Education",
        "Sources": labels["Sources"],
    }
    assert "Foster Care in England" in labels["Sources"]
    column_a = [about.cell(row=r, column=1).value for r in range(1, about.max_row + 1)]
    assert "How to fill this in" in column_a
    assert all(status.label in column_a for status in ResponseStatus)
    assert about.protection.sheet
    assert not about.protection.password


def test_the_tracker_sheet_has_a_row_per_recommendation_under_the_header(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(
        STOCKTAKE, due=D(2027, 3, 31), updated=D(2026, 11, 30), status=ResponseStatus.IN_PLACE
    )
    ws = load_workbook(_written(tmp_path / "t.xlsx", tracker))[TRACKER]
    assert [c.value for c in ws[1]] == [column.heading for column in TRACKER_COLUMNS]
    assert [ws[f"A{row}"].value for row in range(2, 30)] == [r.id for r in STOCKTAKE.recommendations]
    assert ws.max_row == 29
    assert ws["B2"].value == "Helping carers to make fostering more effective"
    assert ws["D2"].value == "In place"
    assert ws["D3"].value == "Not started"
    assert ws["I2"].value == datetime.datetime(2027, 3, 31)
    assert ws["I2"].number_format == ws["J3"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:J29"
    assert ws["E2"].alignment.wrap_text
    second_theme = 2 + len(STOCKTAKE.in_theme(STOCKTAKE.themes[0].id))
    assert ws[f"A{second_theme}"].border.top.style == "medium"  # a line where each theme starts
    assert ws[f"J{second_theme - 1}"].border.top.style is None
    assert ws.column_dimensions["C"].width >= 40


def test_formula_looking_text_is_text_in_its_cells(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(TINY, response="=1+1", action="@SUM(A1)", owner="+x", evidence="-y")
    wb = load_workbook(_written(tmp_path / "t.xlsx", tracker, TINY))
    assert not [
        c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert [(wb[TRACKER][ref].value, wb[TRACKER][ref].data_type) for ref in ("E2", "H2", "B4")] == [
        ("'=1+1", "s"),
        ("'-y", "s"),
        ("'=Beta, which looks like a formula", "s"),
    ]


def test_the_status_column_has_a_dropdown_of_the_labels(tmp_path: Path) -> None:
    ws = load_workbook(_written(tmp_path / "t.xlsx"))[TRACKER]
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1
    (validation,) = lists
    assert str(validation.sqref) == "D2:D29"
    assert validation.formula1 == '"' + ",".join(s.label for s in ResponseStatus) + '"'
    assert validation.showErrorMessage
    assert validation.errorStyle == "stop"
    assert validation.allow_blank
    dates = sorted(str(v.sqref) for v in ws.data_validations.dataValidation if v.type == "date")
    assert dates == ["I2:I29", "J2:J29"]


def test_only_the_editable_columns_are_unlocked(tmp_path: Path) -> None:
    ws = load_workbook(_written(tmp_path / "t.xlsx"))[TRACKER]
    assert ws.protection.sheet
    assert not ws.protection.password
    assert ws.protection.autoFilter is False  # filtering is still allowed
    for index, column in enumerate(TRACKER_COLUMNS, start=1):
        for row in (2, 29):
            cell = ws.cell(row=row, column=index)
            assert cell.protection.locked is (not column.editable), (column.key, row)
            shaded = cell.fill.fill_type == "solid"
            assert shaded is (not column.editable), (column.key, row)


def test_the_summary_counts_responses_by_theme_and_status(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(STOCKTAKE, status=ResponseStatus.IN_PROGRESS)
    ws = load_workbook(_written(tmp_path / "t.xlsx", tracker))[SUMMARY]
    header = [c.value for c in ws[1]]
    assert header == ["Theme", *(s.label for s in ResponseStatus), "Total"]
    rows = {ws.cell(row=r, column=1).value: [c.value for c in ws[r][1:]] for r in range(2, 10)}
    first_theme = STOCKTAKE.themes[0]
    in_it = len(STOCKTAKE.in_theme(first_theme.id))
    assert rows[first_theme.title] == [in_it - 1, 0, 0, 1, 0, 0, 0, in_it]
    assert rows["All recommendations"] == [27, 0, 0, 1, 0, 0, 0, 28]


def test_a_pack_without_themes_is_summarised_as_no_theme(tmp_path: Path) -> None:
    ws = load_workbook(_written(tmp_path / "t.xlsx", catalogue=PLAIN))[SUMMARY]
    assert ws["A2"].value == "No theme"
    assert ws["I2"].value == 2


def test_the_same_tracker_gives_the_same_bytes(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(STOCKTAKE, updated=D(2026, 12, 1), response="Agreed at panel")
    first = _written(tmp_path / "one.xlsx", tracker).read_bytes()
    assert _written(tmp_path / "two.xlsx", tracker).read_bytes() == first


# -- reading what people typed --------------------------------------------------------------------


def _fill(path: Path, edits: dict[str, object], sheet: str = TRACKER) -> Path:
    """Type values into cells, as a person would in Excel, and save."""
    wb = load_workbook(path)
    for ref, value in edits.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


def test_what_people_type_is_read(tmp_path: Path) -> None:
    path = _fill(
        _written(tmp_path / "t.xlsx"),
        {
            "D2": "under review",
            "D3": "in_progress",
            "E2": "  Agreed at panel  ",
            "G2": 42,
            "I2": datetime.datetime(2027, 3, 31),
            "J2": "2026-11-30",
        },
    )
    reading = read_tracker_book(path, PACKS)
    assert reading.ok
    first, second = reading.tracker.entries[:2]
    assert first == TrackerEntry(
        recommendation="3.1",
        status=ResponseStatus.UNDER_REVIEW,
        response="  Agreed at panel  ",
        owner="42",
        due=D(2027, 3, 31),
        updated=D(2026, 11, 30),
    )
    assert second.status is ResponseStatus.IN_PROGRESS


def test_an_unknown_recommendation_shows_its_row_and_a_deleted_row_is_added_blank(tmp_path: Path) -> None:
    path = _fill(_written(tmp_path / "t.xlsx"), {"A5": "99.9", "E5": "Said about 3.4"})
    wb = load_workbook(path)
    wb[TRACKER].delete_rows(7)  # 3.6
    wb.save(path)
    reading = read_tracker_book(path, PACKS)
    assert reading.problems[0].value.startswith("99.9 | ")
    assert [p.cell for p in reading.problems] == ["A5", "A29", "A29"]
    assert [r.id for r in STOCKTAKE.recommendations] == [e.recommendation for e in reading.tracker.entries]
    assert reading.tracker.entry("3.4") == TrackerEntry(recommendation="3.4")


def test_rows_inserted_above_the_details_on_the_about_sheet_do_no_harm(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb[ABOUT].insert_rows(2, amount=3)
    wb.save(path)
    reading = read_tracker_book(path, PACKS)
    assert reading.ok
    assert reading.tracker == new_tracker(STOCKTAKE, service="Anytown Fostering")


# -- files that are not a tracker ----------------------------------------------------------------


def test_a_pack_that_is_not_installed_is_named_at_its_cell(tmp_path: Path) -> None:
    with pytest.raises(StructureError) as caught:
        read_tracker_book(_written(tmp_path / "t.xlsx"), PackSet.of([TINY, PLAIN]))
    assert [p.path for p in caught.value.problems] == ["About!B4"]


@pytest.mark.parametrize(
    ("edit", "where", "says"),
    [
        ({"A4": "Framework"}, "About!A", "no row labelled 'Pack'"),
        ({"B3": "  "}, "About!B3", "the service is blank"),
        ({"B6": None}, "About!B6", "the pack version is blank"),
    ],
)
def test_a_missing_detail_on_the_about_sheet_is_refused(
    tmp_path: Path, edit: dict[str, object], where: str, says: str
) -> None:
    path = _fill(_written(tmp_path / "t.xlsx"), edit, sheet=ABOUT)
    with pytest.raises(StructureError, match=says) as caught:
        read_tracker_book(path, PACKS)
    assert caught.value.problems[0].path == where


def test_a_moved_column_is_refused(tmp_path: Path) -> None:
    path = _fill(_written(tmp_path / "t.xlsx"), {"E1": "Response"})
    with pytest.raises(StructureError, match="should be headed 'Our response'") as caught:
        read_tracker_book(path, PACKS)
    assert caught.value.problems[0].path == "Tracker!E1"


def test_a_workbook_without_the_tracker_sheets_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(
        StructureError, match=r"not a fosterkit response tracker.*'About' or 'Tracker'.*'Sheet1'"
    ):
        read_tracker_book(tmp_path / "other.xlsx", PACKS)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "the file is empty$"),
        (b"not a workbook at all", "not an Excel workbook: it holds text under an Excel file name$"),
        (b"PK\x03\x04 truncated", "a damaged or incomplete workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(StructureError, match=r"broken\.xlsx: " + said):
        read_tracker_book(path, PACKS)


def test_a_damaged_workbook_is_refused(tmp_path: Path) -> None:
    data = _written(tmp_path / "t.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StructureError):
        read_tracker_book(path, PACKS)


# -- the plugin -----------------------------------------------------------------------------------


def test_a_cleared_row_keeps_the_row_numbers_below_it(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb[TRACKER]
    for column in range(1, len(TRACKER_COLUMNS) + 1):
        ws.cell(row=5, column=column).value = None
        ws.cell(row=5, column=column).style = "Normal"
    ws["D10"] = "Nearly"
    wb.save(path)
    reading = read_tracker_book(path, PACKS)
    assert [(p.cell, p.value) for p in reading.problems] == [("D10", "Nearly"), ("A30", "")]
    assert reading.problems[1].message == "recommendation 3.4 has no row; it is added blank"
