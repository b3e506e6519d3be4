"""The response tracker workbook: the conformance kit, then its layout, protection and typed cells."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import attrs
import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue, PackSet, installed_packs, make_plugin_manager, new_tracker
from fosterkit.errors import StructureError
from fosterkit.plugins import TRACKER_COLUMNS, ResponseStatus, ResponseTracker, column_letter
from fosterkit.testing import conformance
from fosterkit.tracker import TrackerEntry
from fosterkit_excel.audit_styles import ANSWER_FILL
from fosterkit_excel.tracker_book import (
    ABOUT,
    START_HERE,
    SUMMARY,
    TRACKER,
    read_tracker_book,
    write_tracker_book,
)
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
    """Every cell value of every sheet, text as Excel shows it; the Summary's own formulas left out.

    The Summary's counts are formulas fosterkit writes over the Tracker sheet (tested below);
    what is checked here is that no text becomes one.
    """
    wb = load_workbook(path)
    return [
        unescape(cell.value) if isinstance(cell.value, str) else cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if not (ws.title == SUMMARY and cell.data_type == "f")
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


def test_the_start_here_sheet_says_whose_tracker_it_is_and_how_to_fill_it_in(tmp_path: Path) -> None:
    wb = load_workbook(_written(tmp_path / "t.xlsx"))
    assert wb.sheetnames == [START_HERE, TRACKER, SUMMARY]
    about = wb[START_HERE]
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
    guide = " ".join(str(about.cell(row=r, column=2).value) for r in range(1, about.max_row + 1))
    for said in ("31/03/2027", "2027-03-31", "light red", "formulas", "headers"):
        assert said in guide
    assert about.page_setup.orientation == "portrait"
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
    assert ws["I2"].number_format == ws["J3"].number_format == "dd/mm/yyyy"
    assert ws.freeze_panes == "D2"  # the recommendation, its theme and what it asks stay in view
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert sum(ws.column_dimensions[column_letter(i)].width for i in range(len(TRACKER_COLUMNS))) <= 180
    assert ws.auto_filter.ref == "A1:J29"
    assert ws["E2"].alignment.wrap_text
    second_theme = 2 + len(STOCKTAKE.in_theme(STOCKTAKE.themes[0].id))
    assert ws[f"A{second_theme}"].border.top.style == "medium"  # a line where each theme starts
    assert ws[f"J{second_theme}"].border.top.style == "medium"
    assert ws[f"J{second_theme - 1}"].border.top.style == "thin"  # the answer cell's box
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<row " in sheet
    assert 'customHeight="1"' not in sheet  # rows grow as people type


def test_formula_looking_text_is_text_in_its_cells(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(TINY, response="=1+1", action="@SUM(A1)", owner="+x", evidence="-y")
    wb = load_workbook(_written(tmp_path / "t.xlsx", tracker, TINY))
    formulas = [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    # Only the Summary's counts, which fosterkit writes, are formulas.
    summary = wb[SUMMARY]
    counts = [
        f"{SUMMARY}!{c.coordinate}"
        for row in summary.iter_rows(min_row=2, max_row=summary.max_row - 2, min_col=2)
        for c in row
    ]
    assert formulas == counts
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
            assert (cell.fill == ANSWER_FILL) is column.editable, (column.key, row)
            assert (cell.border.left.style == "thin") is column.editable, (column.key, row)


def test_the_summary_counts_by_theme_and_status_with_formulas_over_the_tracker(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(STOCKTAKE, status=ResponseStatus.IN_PROGRESS)
    ws = load_workbook(_written(tmp_path / "t.xlsx", tracker))[SUMMARY]
    header = [c.value for c in ws[1]]
    assert header == ["Theme", *(s.label for s in ResponseStatus), "Total"]
    assert all(c.alignment.wrap_text for c in ws[1])
    first_theme = STOCKTAKE.themes[0].title
    assert ws["A2"].value == first_theme
    themes, statuses = "Tracker!$B$2:$B$29", "Tracker!$D$2:$D$29"
    in_theme = f'COUNTIFS({themes},"={first_theme}",{statuses},'
    assert ws["B2"].value == f'={in_theme}"=Not started")+{in_theme}"")'  # blank is Not started
    assert ws["E2"].value == f'={in_theme}"=In progress")'
    assert ws["I2"].value == "=SUM(B2:H2)"
    last = 1 + len(STOCKTAKE.themes)
    assert ws[f"A{last + 1}"].value == "All recommendations"
    assert ws[f"H{last + 1}"].value == f"=SUM(H2:H{last})"
    assert "change as the Tracker is filled in" in ws[f"A{last + 3}"].value
    # What the formulas count is checked on the printed page, in test_tracker_printed.py.


def test_a_theme_title_is_matched_exactly_not_as_a_pattern(tmp_path: Path) -> None:
    odd = attrs.evolve(
        STOCKTAKE,
        themes=(attrs.evolve(STOCKTAKE.themes[0], title='<2 "carers"? *all* ~'), *STOCKTAKE.themes[1:]),
    )
    ws = load_workbook(_written(tmp_path / "t.xlsx", catalogue=odd))[SUMMARY]
    assert '"=<2 ""carers""~? ~*all~* ~~"' in ws["C2"].value


def test_a_pack_without_themes_is_summarised_as_no_theme(tmp_path: Path) -> None:
    ws = load_workbook(_written(tmp_path / "t.xlsx", catalogue=PLAIN))[SUMMARY]
    assert ws["A2"].value == "No theme"
    assert ws["C2"].value.startswith('=COUNTIFS(Tracker!$B$2:$B$3,"",')
    assert ws["I2"].value == "=SUM(B2:H2)"


def test_overdue_rows_are_highlighted_unless_settled(tmp_path: Path) -> None:
    ws = load_workbook(_written(tmp_path / "t.xlsx"))[TRACKER]
    (rules,) = [(str(cf.sqref), cf.rules) for cf in ws.conditional_formatting]
    assert rules[0] == "A2:J29"
    (rule,) = rules[1]
    formula = rule.formula[0]
    assert "$I2<TODAY()" in formula
    assert all(
        f'TRIM($D2)<>"{label}"' in formula
        for label in ("In place", "Not adopted", "For government or others")
    )


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
            "D2": "UNDER REVIEW",
            "D3": "in_progress",
            "E2": "  Agreed at panel  ",
            "G2": 42,
            "I2": datetime.datetime(2027, 3, 31),
            "J2": "2026-11-30",
            "I3": "31/03/2027",
            "J3": datetime.datetime(2026, 12, 1),
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
    assert (second.status, second.due, second.updated) == (
        ResponseStatus.IN_PROGRESS,
        D(2027, 3, 31),
        D(2026, 12, 1),
    )


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


def test_rows_inserted_above_the_details_on_the_start_here_sheet_do_no_harm(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb[START_HERE].insert_rows(2, amount=3)
    wb.save(path)
    reading = read_tracker_book(path, PACKS)
    assert reading.ok
    assert reading.tracker == new_tracker(STOCKTAKE, service="Anytown Fostering")


# -- files that are not a tracker ----------------------------------------------------------------


def test_a_pack_that_is_not_installed_is_named_at_its_cell(tmp_path: Path) -> None:
    with pytest.raises(StructureError) as caught:
        read_tracker_book(_written(tmp_path / "t.xlsx"), PackSet.of([TINY, PLAIN]))
    assert [p.path for p in caught.value.problems] == ["Start here!B4"]


@pytest.mark.parametrize(
    ("edit", "where", "says"),
    [
        ({"A4": "Framework"}, "Start here!A", "no row labelled 'Pack'"),
        ({"B3": "  "}, "Start here!B3", "the service is blank"),
        ({"B6": None}, "Start here!B6", "the pack version is blank"),
    ],
)
def test_a_missing_detail_on_the_about_sheet_is_refused(
    tmp_path: Path, edit: dict[str, object], where: str, says: str
) -> None:
    path = _fill(_written(tmp_path / "t.xlsx"), edit, sheet=START_HERE)
    with pytest.raises(StructureError, match=says) as caught:
        read_tracker_book(path, PACKS)
    assert caught.value.problems[0].path == where


def test_a_renamed_column_the_service_fills_in_is_refused_naming_its_header(tmp_path: Path) -> None:
    path = _fill(_written(tmp_path / "t.xlsx"), {"E1": "Response", "J1": "Updated"})
    with pytest.raises(StructureError, match="no column headed 'Our response' in row 1") as caught:
        read_tracker_book(path, PACKS)
    assert [p.path for p in caught.value.problems] == ["Tracker!1", "Tracker!1"]
    assert "'Last updated'" in caught.value.problems[1].message


def test_an_added_column_is_a_note_and_the_rest_is_read_by_header(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb[TRACKER]
    ws.insert_cols(4)  # before Status
    ws["D1"], ws["D2"], ws["E2"], ws["F2"], ws["J3"] = "RAG", "Red", "In place", "Agreed", "31/03/2027"
    wb.save(path)
    reading = read_tracker_book(path, PACKS)
    assert reading.ok
    first, second = reading.tracker.entries[:2]
    assert (first.status, first.response, second.due) == (ResponseStatus.IN_PLACE, "Agreed", D(2027, 3, 31))
    assert reading.notes[0] == "Tracker!D1: column D ('RAG') is not a tracker column; it was not read"
    assert "'Status' is in column E, not D" in reading.notes[1]


def test_swapped_columns_are_read_by_header_and_problems_name_the_cells_where_they_are(
    tmp_path: Path,
) -> None:
    path = _fill(
        _written(tmp_path / "t.xlsx"), {"D1": "Our response", "E1": "status", "E2": "Maybe", "D2": "Said"}
    )
    reading = read_tracker_book(path, PACKS)
    assert reading.tracker.entries[0].response == "Said"
    assert [(p.cell, p.value) for p in reading.problems] == [("E2", "Maybe")]
    assert reading.notes == (
        "Tracker: columns were found by their headers "
        "('Status' is in column E, not D; 'Our response' is in column D, not E)",
    )


def test_a_repeated_header_is_a_note_and_the_first_is_read(tmp_path: Path) -> None:
    path = _fill(_written(tmp_path / "t.xlsx"), {"K1": "Owner", "K2": "Someone else", "G2": "Jo"})
    reading = read_tracker_book(path, PACKS)
    assert reading.tracker.entries[0].owner == "Jo"
    assert reading.notes == ("Tracker!K1: column K is headed 'Owner' as column G is; only column G was read",)


def test_a_tracker_whose_first_sheet_is_called_about_is_read(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb[START_HERE].title = ABOUT
    wb.save(path)
    reading = read_tracker_book(path, PACKS)
    assert reading.ok
    assert reading.tracker == new_tracker(STOCKTAKE, service="Anytown Fostering")


def test_a_workbook_without_the_tracker_sheets_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(
        StructureError, match=r"not a fosterkit response tracker.*'Start here' or 'Tracker'.*'Sheet1'"
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
