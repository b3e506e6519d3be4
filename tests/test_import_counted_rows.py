"""Every row an import counts is listed with its number; problems name their record; one cell, one message."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.adapters.importing import import_source
from fosterkit.cli import main

HEADER = ("Ref", "Household", "Notice", "Route")

MAPPING = """
schema_version = 1
[records.departure]
id = "Ref"
household_id = "Household"
notice_on = "Notice"
route = { column = "Route", values = { RES = "resignation", RET = "retirement" } }
initiated_by = { column = "Route", values = { RES = "carer", RET = "carer" } }
"""


def good(n: int) -> tuple[str, ...]:
    return (f"D{n}", f"H{n}", "02/05/2026", "RES")


def write(tmp_path: Path, rows: Sequence[Sequence[str]]) -> tuple[Path, Path]:
    """The export (a CSV under ``HEADER``) and its mapping, written into ``tmp_path``."""
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return source, mapping


def run_json(tmp_path: Path, rows: Sequence[Sequence[str]], capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    source, mapping = write(tmp_path, rows)
    main(["import", str(source), "--mapping", str(mapping), "--out", str(tmp_path / "r.jsonl"), "--json"])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


# Lines of the file: 1 is the header, so the rows below are lines 2 onwards.
MIXED = [
    good(1),  # 2
    ("", "", "", ""),  # 3 blank
    ("", "", "", ""),  # 4 blank
    good(2),  # 5
    good(1),  # 6 duplicate of line 2
    ("", "", "", ""),  # 7 blank
    ("Total", "", "", ""),  # 8 totals
    ("Grand total leavers", "2", "", ""),  # 9 totals
]


def test_counted_rows_are_listed_with_their_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(tmp_path, MIXED, capsys)
    assert (data["accepted"], data["rejected"], data["duplicates"], data["totals"], data["blank"]) == (
        2,
        0,
        1,
        2,
        3,
    )
    passed = [(p["row"], p["last_row"], p["why"], p["id"], p["same_as"]) for p in data["passed_over"]]
    assert passed == [
        (3, 4, "blank", None, None),
        (6, 6, "duplicate", "D1", 2),
        (7, 7, "blank", None, None),
        (8, 8, "totals", None, None),
        (9, 9, "totals", None, None),
    ]


def test_the_summary_says_where_each_counted_row_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, mapping = write(tmp_path, MIXED)
    status = main(["import", str(source), "--mapping", str(mapping), "--out", str(tmp_path / "r.jsonl")])
    out = capsys.readouterr().out
    assert status == 0
    assert "duplicates 1, totals rows 2" in out
    assert "rows 3-4: blank" in out
    assert "row 6: the same as row 2 (departure `D1`), taken once" in out
    assert "row 8: a totals row, not a record" in out


def test_a_row_with_words_besides_total_is_rejected_not_passed_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(tmp_path, [good(1), ("Total", "H9", "", "see notes")], capsys)
    assert data["totals"] == 0
    assert data["rejected"] == 1
    assert data["problems"][0]["row"] == 3


def test_a_real_record_whose_id_is_total_is_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(tmp_path, [("Total", "H1", "02/05/2026", "RES")], capsys)
    assert (data["accepted"], data["totals"]) == (1, 0)


def test_problems_carry_the_id_the_row_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ("D1", "H1", "31/02/2026", "RES"),
        ("D2", "", "02/05/2026", "RES"),
        ("", "H3", "02/05/2026", "RES"),
    ]
    data = run_json(tmp_path, rows, capsys)
    ids = {p["row"]: p["id"] for p in data["problems"]}
    assert ids == {2: "D1", 3: "D2", 4: None}


def test_one_bad_value_feeding_two_fields_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(tmp_path, [("D1", "H1", "02/05/2026", "XYZ")], capsys)
    [problem] = data["problems"]
    assert problem["id"] == "D1"
    assert "`XYZ` in column `Route`" in problem["message"]
    assert "for route" in problem["message"]
    assert "initiated_by, read from the same cell, does not take it either" in problem["message"]


def test_one_empty_cell_two_required_fields_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(tmp_path, [("D1", "H1", "02/05/2026", "")], capsys)
    assert [p["message"] for p in data["problems"]] == [
        "column `Route` is empty, and route and initiated_by are required"
    ]


def test_only_totals_below_the_header_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, mapping = write(tmp_path, [("Total", "0", "", "")])
    status = main(["import", str(source), "--mapping", str(mapping), "--out", str(tmp_path / "r.jsonl")])
    assert status == 2
    err = capsys.readouterr().err
    assert "no rows to import: only totals (row 2) below the header" in err
    assert not (tmp_path / "r.jsonl").exists()


def test_a_long_run_of_blank_rows_is_one_entry(tmp_path: Path) -> None:
    source, mapping = write(tmp_path, [good(1), *([("", "", "", "")] * 5000), good(2)])
    result = import_source(source, mapping, out=tmp_path / "r.jsonl")
    assert result.blank == 5000
    assert [(p.row, p.last_row, p.why) for p in result.passed] == [(3, 5002, "blank")]


ROW_KINDS = st.sampled_from(["good", "blank", "totals", "bad", "repeat"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(ROW_KINDS, min_size=1, max_size=30))
def test_every_row_is_accounted_for_once(tmp_path_factory: pytest.TempPathFactory, kinds: list[str]) -> None:
    """Rows read = accepted + rejected + duplicates + totals; each passed-over row is listed at its line."""
    folder = tmp_path_factory.mktemp("rows")
    rows: list[tuple[str, ...]] = []
    for n, kind in enumerate(kinds, start=1):
        rows.append(
            {
                "good": good(n),
                "blank": ("", "", "", ""),
                "totals": ("TOTAL", str(n), "", ""),
                "bad": (f"D{n}", f"H{n}", "not a date", "RES"),
                "repeat": good(0),
            }[kind]
        )
    if all(kind in ("blank", "totals") for kind in kinds):
        rows.append(good(999))
    source, mapping = write(folder, rows)
    result = import_source(source, mapping, out=folder / "r.jsonl")
    assert result.rows == result.accepted + result.rejected + result.duplicates + result.totals
    assert result.totals == kinds.count("totals")
    blank_lines = {line for p in result.passed if p.why == "blank" for line in range(p.row, p.last_row + 1)}
    expected_blank = {n + 1 for n, kind in enumerate(kinds, start=1) if kind == "blank"}
    assert blank_lines == expected_blank
    totals_lines = [p.row for p in result.passed if p.why == "totals"]
    assert totals_lines == [n + 1 for n, kind in enumerate(kinds, start=1) if kind == "totals"]
    repeats = [n + 1 for n, kind in enumerate(kinds, start=1) if kind == "repeat"]
    assert [p.row for p in result.passed if p.why == "duplicate"] == repeats[1:]
    assert all(p.same_as == repeats[0] for p in result.passed if p.why == "duplicate")
