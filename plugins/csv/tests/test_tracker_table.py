"""The response tracker as CSV: exact round trips, the table's layout, problems by row and column."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.adapters.packs import installed_packs
from fosterkit.audit.workbook import CellProblem
from fosterkit.errors import StructureError
from fosterkit.framework.catalogue import Catalogue
from fosterkit.framework.pack import PackInfo
from fosterkit.framework.packset import PackSet
from fosterkit.framework.principles import Recommendation, Theme
from fosterkit.plugins import make_plugin_manager, tracker_formats
from fosterkit.testing import strategies as fks
from fosterkit.tracker import COLUMNS, ResponseStatus, ResponseTracker, TrackerEntry, new_tracker
from fosterkit_csv.tracker_table import HEADER, read_tracker_table, write_tracker_table

PACKS, _FAILURES = installed_packs(make_plugin_manager())
STOCKTAKE = PACKS.get("stocktake-2018")
D = datetime.date

TINY = Catalogue(
    pack=PackInfo(id="tiny-pack", title="A tiny pack", version="1.0", publisher="Anytown Council"),
    themes=(Theme(id="alpha", title="Alpha"), Theme(id="beta", title="=Beta, which looks like a formula")),
    recommendations=(
        Recommendation(id="R1", title="Do the first thing", summary="First.", theme="alpha"),
        Recommendation(id="R2", title="-Do the second thing", summary="Second.", theme="alpha"),
        Recommendation(id="R3", title="Do the third thing", summary="Third.", theme="beta"),
    ),
)
#: A pack without themes.
PLAIN = Catalogue(
    pack=PackInfo(id="plain-pack", title="A plain pack", version="2", publisher="Anytown Council"),
    recommendations=(
        Recommendation(id="1", title="One", summary="One."),
        Recommendation(id="2", title="Two", summary="Two."),
    ),
)
TINY_PACKS = PackSet.of([TINY, PLAIN])


def _examples(count: int) -> settings:
    return settings(
        max_examples=count, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )


@_examples(10)
@given(tracker=fks.response_trackers(STOCKTAKE, texts=fks.typed_texts(nul=False)))
def test_a_stocktake_tracker_comes_back_exactly(tmp_path: Path, tracker: ResponseTracker) -> None:
    path = tmp_path / "tracker.csv"
    write_tracker_table(tracker, STOCKTAKE, path)
    reading = read_tracker_table(path, PACKS)
    assert reading.problems == ()
    assert reading.tracker == tracker


@_examples(40)
@given(data=st.data())
def test_a_tracker_of_any_pack_comes_back_exactly(tmp_path: Path, data: st.DataObject) -> None:
    catalogue = data.draw(st.sampled_from((TINY, PLAIN)))
    tracker = data.draw(fks.response_trackers(catalogue, texts=fks.typed_texts(nul=False)))
    path = tmp_path / "tiny.csv"
    write_tracker_table(tracker, catalogue, path)
    reading = read_tracker_table(path, TINY_PACKS)
    assert reading.problems == ()
    assert reading.tracker == tracker


# -- the table ------------------------------------------------------------------------------------


def _tracker(catalogue: Catalogue = STOCKTAKE, **first: Any) -> ResponseTracker:
    tracker = new_tracker(catalogue, service="Anytown Fostering")
    entries = (TrackerEntry(recommendation=catalogue.recommendations[0].id, **first), *tracker.entries[1:])
    return ResponseTracker(
        pack=tracker.pack, pack_version=tracker.pack_version, service=tracker.service, entries=entries
    )


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
    tracker = _tracker(status=ResponseStatus.IN_PROGRESS, due=D(2027, 3, 31), response="Agreed")
    path = _written(tmp_path / "t.csv", tracker)
    assert path.read_bytes().startswith(
        b"\xef\xbb\xbfservice,pack,pack_version,recommendation,theme,title,status,"
    )
    rows = _table(path)
    assert rows[0] == list(HEADER) == ["service", "pack", "pack_version", *(c.key for c in COLUMNS)]
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


def test_formula_looking_text_is_neutralised_as_the_records_exporter_does(tmp_path: Path) -> None:
    tracker = _tracker(response="=1+1", action="@SUM(A1)", owner="+x", evidence="-y")
    tracker = ResponseTracker(
        pack=tracker.pack, pack_version="=2", service="=HYPERLINK(1)", entries=tracker.entries
    )
    rows = _table(_written(tmp_path / "t.csv", tracker))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert [first[key] for key in ("service", "pack_version", "response", "action", "owner", "evidence")] == [
        "'=HYPERLINK(1)",
        "'=2",
        "'=1+1",
        "'@SUM(A1)",
        "'+x",
        "'-y",
    ]
    tiny = _table(_written(tmp_path / "tiny.csv", catalogue=TINY))
    assert [row[4:6] for row in tiny[1:]] == [
        ["Alpha", "Do the first thing"],
        ["Alpha", "'-Do the second thing"],
        ["'=Beta, which looks like a formula", "Do the third thing"],
    ]
    for row in (*rows[1:], *tiny[1:]):
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)
    assert read_tracker_table(tmp_path / "t.csv", PACKS).tracker == tracker


def test_a_nul_character_is_refused_when_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"recommendation 3\.1, column owner: the text holds a NUL"):
        write_tracker_table(_tracker(owner="a\0b"), STOCKTAKE, tmp_path / "t.csv")


def test_a_tracker_for_another_pack_is_not_written(tmp_path: Path) -> None:
    with pytest.raises(StructureError, match="not 'tiny-pack'"):
        write_tracker_table(new_tracker(STOCKTAKE, service="Anytown"), TINY, tmp_path / "t.csv")


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


def test_a_bad_status_or_date_is_named_by_row_and_column_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[2][6:8] = ["Nearly done", "Kept"]
    rows[2][11:13] = ["31/03/2027", "2026-01-02"]
    reading = read_tracker_table(_save(path, rows), PACKS)
    assert [(p.sheet, p.cell, p.value) for p in reading.problems] == [
        ("t.csv", "row 3, column status", "Nearly done"),
        ("t.csv", "row 3, column due", "31/03/2027"),
    ]
    assert "is not a status" in reading.problems[0].message
    assert "YYYY-MM-DD" in reading.problems[1].message
    entry = reading.tracker.entry("3.2")
    assert (entry.status, entry.response, entry.due, entry.updated) == (
        ResponseStatus.NOT_STARTED,
        "Kept",
        None,
        D(2026, 1, 2),
    )


def test_an_unknown_recommendation_and_a_deleted_row_are_reported(tmp_path: Path) -> None:
    path = _written(tmp_path / "t.csv")
    rows = _table(path)
    rows[4][3] = "99.9"  # was 3.4
    del rows[6]  # 3.6
    reading = read_tracker_table(_save(path, rows), PACKS)
    assert [(p.cell, p.message) for p in reading.problems] == [
        (
            "row 5, column recommendation",
            "recommendation '99.9' is not a recommendation of stocktake-2018; the row is not read",
        ),
        ("row 29, column recommendation", "recommendation 3.4 has no row; it is added blank"),
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


def test_a_pack_that_is_not_installed_is_named_with_the_installed_ones(tmp_path: Path) -> None:
    with pytest.raises(StructureError) as caught:
        read_tracker_table(_written(tmp_path / "t.csv"), TINY_PACKS)
    (problem,) = caught.value.problems
    assert problem.path == "row 2, column pack"
    assert "'stocktake-2018'" in problem.message
    assert "installed: plain-pack, tiny-pack" in problem.message


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


# -- the plugin -----------------------------------------------------------------------------------


def test_the_format_is_offered_through_the_entry_point(tmp_path: Path) -> None:
    formats, failures = tracker_formats(make_plugin_manager())
    assert failures == ()
    table = formats["csv"]
    assert (table.plugin, table.suffixes) == ("csv", (".csv",))
    tracker = _tracker(status=ResponseStatus.PLANNED, response="Through the business plan")
    table.write(tracker, STOCKTAKE, tmp_path / "t.csv")
    assert table.read(tmp_path / "t.csv", PACKS).tracker == tracker


def test_problems_are_cell_problems(tmp_path: Path) -> None:
    path = _written(tmp_path / "my tracker.csv")
    rows = _table(path)
    rows[1][6] = "Done?"
    (problem,) = read_tracker_table(_save(path, rows), PACKS).problems
    assert isinstance(problem, CellProblem)
    assert str(problem).startswith("'my tracker.csv'!row 2, column status: 'Done?' is not a status")
