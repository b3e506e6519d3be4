"""The response tracker as CSV: the conformance kit, then the table's layout and what people edit in it."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from fosterkit import Catalogue, PackSet, installed_packs, make_plugin_manager, new_tracker
from fosterkit.errors import StructureError
from fosterkit.plugins import TRACKER_COLUMNS, ResponseStatus, ResponseTracker
from fosterkit.testing import conformance
from fosterkit.testing.strategies import typed_texts
from fosterkit.tracker import TrackerEntry
from fosterkit_csv.tracker_table import HEADER, read_tracker_table, write_tracker_table

PACKS, _FAILURES = installed_packs(make_plugin_manager())
STOCKTAKE = PACKS.get("stocktake-2018")
D = datetime.date


def _type_into(path: Path, recommendation: str, column: str, text: str) -> str:
    """Type ``text`` into ``column`` on ``recommendation``'s row, as a person editing the CSV would."""
    rows = _table(path)
    number = next(
        n for n, row in enumerate(rows) if n and row[HEADER.index("recommendation")] == recommendation
    )
    rows[number][HEADER.index(column)] = text
    _save(path, rows)
    return f"row {number + 1}, column {column}"


def test_the_format_passes_the_conformance_kit(tmp_path: Path) -> None:
    conformance.check_tracker_format(
        conformance.check_plugin("csv").tracker_formats["csv"],
        tmp_path,
        catalogues=[STOCKTAKE],
        texts=typed_texts(nul=False),  # a CSV file cannot carry a NUL character
        cells=lambda path: [cell for row in _table(path) for cell in row],
        edit=_type_into,
        max_examples=50,
    )


# -- the table ------------------------------------------------------------------------------------


def _written(path: Path, tracker: ResponseTracker | None = None, catalogue: Catalogue = STOCKTAKE) -> Path:
    write_tracker_table(tracker or new_tracker(catalogue, service="Anytown Fostering"), catalogue, path)
    return path


def _table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def _save(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def test_the_table_is_tidy_with_a_bom_and_machine_friendly_keys(tmp_path: Path) -> None:
    tracker = conformance.sample_tracker(
        STOCKTAKE, status=ResponseStatus.IN_PROGRESS, due=D(2027, 3, 31), response="Agreed"
    )
    path = _written(tmp_path / "t.csv", tracker)
    assert path.read_bytes().startswith(
        b"\xef\xbb\xbfservice,pack,pack_version,recommendation,theme,title,status,"
    )
    rows = _table(path)
    assert rows[0] == list(HEADER) == ["service", "pack", "pack_version", *(c.key for c in TRACKER_COLUMNS)]
    assert len(rows) == 29
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first == {
        "service": "Anytown Fostering",
        "pack": "stocktake-2018",
        "pack_version": "2018.1",
        "recommendation": "3.1",
        "theme": "Helping carers to make fostering more effective",
        "title": STOCKTAKE.recommendation("3.1").title,
        "status": "in_progress",
        "response": "Agreed",
        "action": "",
        "owner": "",
        "evidence": "",
        "due": "2027-03-31",
        "updated": "",
    }
    assert [row[6] for row in rows[2:]] == ["not_started"] * 27


def test_a_nul_character_is_refused_when_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"recommendation 3\.1, column owner: the text holds a NUL"):
        write_tracker_table(
            conformance.sample_tracker(STOCKTAKE, owner="a\0b"), STOCKTAKE, tmp_path / "t.csv"
        )


# -- reading what people edited ------------------------------------------------------------------


def test_labels_columns_in_any_order_and_no_display_columns_are_read(tmp_path: Path) -> None:
    rows = _table(_written(tmp_path / "t.csv"))
    keep = ["status", "recommendation", "pack_version", "updated", "pack", "response", "service"]
    keep += ["action", "owner", "evidence", "due"]
    moved = [[row[rows[0].index(key)] for key in keep] for row in rows]
    moved[1][0] = "In progress"
    moved[2][0] = "under review"
    moved[1][3] = "2026-11-30"
    path = _save(tmp_path / "moved.csv", moved, encoding="utf-8")  # without a BOM
    reading = read_tracker_table(path, PACKS)
    assert reading.ok
    assert reading.tracker.entries[0] == TrackerEntry(
        recommendation="3.1", status=ResponseStatus.IN_PROGRESS, updated=D(2026, 11, 30)
    )
    assert reading.tracker.entries[1].status is ResponseStatus.UNDER_REVIEW


def test_a_deleted_row_is_reported_below_the_last_row(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    del rows[6]  # 3.6
    reading = read_tracker_table(_save(path, rows), PACKS)
    assert [(p.cell, p.message) for p in reading.problems] == [
        ("row 29, column recommendation", "recommendation 3.6 has no row; it is added blank"),
    ]
    assert [e.recommendation for e in reading.tracker.entries] == [r.id for r in STOCKTAKE.recommendations]


def test_a_row_naming_another_service_or_pack_is_reported_and_still_read(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[3][0:3] = ["Othertown", "", "2019.1"]
    rows[4][0:3] = ["", "", ""]
    rows[3][7] = "Still read"
    reading = read_tracker_table(_save(path, rows), PACKS)
    assert [(p.cell, p.value) for p in reading.problems] == [
        ("row 4, column service", "Othertown"),
        ("row 4, column pack_version", "2019.1"),
    ]
    assert (
        reading.problems[0].message
        == "the service is 'Othertown' here but 'Anytown Fostering' on row 2, whose is used"
    )
    assert reading.tracker.service == "Anytown Fostering"
    assert reading.tracker.entry("3.3").response == "Still read"


def test_columns_and_cells_that_are_not_read_are_reported(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[0].append("notes")
    rows[1].append("A note")
    rows[2] += ["", "past the header"]
    reading = read_tracker_table(_save(path, rows), PACKS)
    assert [(p.cell, p.value) for p in reading.problems] == [
        ("row 1, column notes", "notes"),
        ("row 3", "past the header"),
    ]
    assert reading.tracker == new_tracker(STOCKTAKE, service="Anytown Fostering")


def test_a_row_that_is_not_valid_csv_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    lines[2] = 'Anytown Fostering,stocktake-2018,2018.1,3.2,"Theme" broken'
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    reading = read_tracker_table(path, PACKS)
    assert [p.cell for p in reading.problems] == ["row 3", "row 30, column recommendation"]
    assert "not valid CSV" in reading.problems[0].message
    assert reading.problems[0].value.startswith("Anytown Fostering,stocktake-2018")


def test_a_file_saved_by_excel_as_windows_1252_is_read(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[1][7] = "Café budget, £2,000"
    reading = read_tracker_table(_save(path, rows, encoding="cp1252"), PACKS)
    assert reading.ok
    assert reading.tracker.entries[0].response == "Café budget, £2,000"


# -- files that are not a tracker table ---------------------------------------------------------


def test_a_pack_that_is_not_installed_is_named_at_its_cell(tmp_path: Path) -> None:
    with pytest.raises(StructureError) as caught:
        read_tracker_table(_written(tmp_path / "t.csv"), PackSet.of(conformance.sample_packs()))
    assert [p.path for p in caught.value.problems] == ["row 2, column pack"]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = [[cell for index, cell in enumerate(row) if index not in (6, 11)] for row in _table(path)]
    with pytest.raises(StructureError, match=r"lacks the column\(s\) status, due;") as caught:
        read_tracker_table(_save(path, rows), PACKS)
    assert caught.value.problems[0].path == "row 1"


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[0][5] = "owner"
    with pytest.raises(StructureError, match=r"the column\(s\) owner more than once"):
        read_tracker_table(_save(path, rows), PACKS)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "the file is empty"),
        (",".join(HEADER).encode() + b"\r\n", "no rows below its header"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "workbook"),
    ],
)
def test_a_file_that_is_not_a_tracker_table_is_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(StructureError, match=says):
        read_tracker_table(path, PACKS)


def test_a_first_row_without_a_service_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[1][0] = " "
    with pytest.raises(StructureError, match="the first row names no service") as caught:
        read_tracker_table(_save(path, rows), PACKS)
    assert caught.value.problems[0].path == "row 2, column service"
