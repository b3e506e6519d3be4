"""A messy leavers workbook, as case systems and hand-kept sheets produce them, imported from Excel."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Departure, Household, import_source, parse_mapping_toml, read_jsonl

MAPPING = """
schema_version = 1

[source]
format = "excel"
sheet = "Leavers"
ignore = ["Carer name", "Notes"]

[records.household]
id = "HH ref"
"service.name" = { default = "Anytown Fostering" }
"service.kind" = { default = "independent_agency" }
"carers[0].id" = "Carer ID"
approved_on = "Approved"
approval_kind = { default = "mainstream" }
approved_for = { column = "Types", split = ",", values = { LT = "long_term", ST = "short_term" } }
caring_now = "Caring"
"history[0].status" = { default = "approved" }
"history[0].since" = "Approved"

[records.departure]
id = "Leaver ref"
household_id = "HH ref"
notice_on = "Notice"
leaving_on = "Left"
route = { column = "Route", values = { RES = "resignation", RET = "retirement" } }
initiated_by = { default = "carer" }

[records.departure.stated_reasons]
column = "Reasons"
split = ";"
values = { RET = "personal.retirement", FIN = "finance.fees_allowances" }
"""

HEADER = [
    "Leaver ref",
    "HH ref",
    "Carer name",
    "Carer ID",
    "Approved",
    "Types",
    "Caring",
    "Notice",
    "Left",
    "Route",
    "Reasons",
    "Notes",
]

D = datetime.date
DT = datetime.datetime


def workbook(path: Path) -> Path:
    book = Workbook()
    cover = book.active
    cover.title = "About"
    cover["A1"] = "Exported from the case system"
    sheet = book.create_sheet("Leavers")
    sheet["A1"] = "Anytown Fostering: leavers 2024-25"
    sheet.merge_cells("A1:L1")
    sheet["A2"] = "Household"
    sheet.merge_cells("A2:G2")
    sheet["H2"] = "Leaving"
    sheet.merge_cells("H2:L2")
    sheet.append(HEADER)  # row 3
    rows: list[list[object]] = [
        # 4: accepted: real date cells, a Welsh name, a formula-looking note kept as text
        [
            "L1",
            "H1",
            "Gwenllian ap Rhys",
            "C1",
            D(2012, 4, 3),
            "LT,ST",
            True,
            D(2025, 1, 14),
            DT(2025, 2, 28),
            "RET",
            "RET",
            "=SUM(A1:A3)",
        ],
        # 5: accepted: text dates in two forms, trailing spaces, a number as an id
        [
            "L2 ",
            1002,
            "Ŵyn Owen",
            "C2",
            "01/06/2019",
            "ST",
            "no",
            "2025-02-03",
            "31/03/2025",
            "RES ",
            "FIN;RET",
            None,
        ],
        [None] * 12,  # 6: blank
        # 7: rejected: an unknown code and a date that is not one
        [
            "L3",
            "H3",
            "Zoë Ng",
            "C3",
            D(2020, 9, 1),
            "LT",
            False,
            D(2025, 2, 10),
            "31/02/2025",
            "RES",
            "RETD",
            "@risk",
        ],
        # 8: a duplicate of row 4 (filled in below)
        [],
        # 9: accepted: an Excel day number stored as a number
        ["L4", "H4", "Åsa Berg", "C4", 40210, "LT", "yes", 45736, None, "RES", "FIN", None],
    ]
    rows[4] = list(rows[0])
    for row in rows:
        sheet.append(row)
    sheet["L4"].data_type = "s"  # the formula-looking note is text, as a case system writes it
    sheet["L4"].value = "=SUM(A1:A3)"
    sheet["L8"].data_type = "s"
    sheet["L8"].value = "=SUM(A1:A3)"
    book.save(path)
    return path


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_the_messy_workbook_imports_exactly_the_expected_rows(tmp_path: Path, engine: str) -> None:
    source = workbook(tmp_path / "leavers.xlsx")
    mapping = parse_mapping_toml(
        MAPPING.replace('sheet = "Leavers"', f'sheet = "Leavers"\nengine = "{engine}"')
    )
    result = import_source(source, mapping, out=tmp_path / "records.jsonl")
    assert result.header_row == 3
    assert (result.rows, result.accepted, result.rejected, result.duplicates, result.blank) == (5, 3, 1, 1, 1)
    assert {(p.row, p.message) for p in result.problems} == {
        (7, "`31/02/2025` in column `Left` is not a date (February 2025 has no day 31)"),
        (7, "code `RETD` in column `Reasons` is not mapped — did you mean `RET`?"),
    }
    records = read_jsonl(tmp_path / "records.jsonl")
    households = [r for r in records if isinstance(r, Household)]
    departures = [r for r in records if isinstance(r, Departure)]
    assert [h.id for h in households] == ["H1", "1002", "H4"]
    assert [d.id for d in departures] == ["L1", "L2", "L4"]
    assert households[0].caring_now is True
    assert households[2].approved_on == D(2010, 2, 1)
    assert departures[0].leaving_on == D(2025, 2, 28)
    assert departures[1].stated_reasons == ("finance.fees_allowances", "personal.retirement")
    assert departures[2].notice_on == D(2025, 3, 20)
    text = (tmp_path / "records.jsonl").read_text(encoding="utf-8")
    assert "Gwenllian" not in text
    assert "SUM" not in text
    assert result.rejects is not None
    rejects = Path(result.rejects).read_text(encoding="utf-8-sig")
    assert "7,`31/02/2025` in column `Left`" in rejects
    assert "Zoë Ng" in rejects
    assert ",'@risk" in rejects
    assert "2020-09-01" in rejects  # date cells are written as ISO dates, which the mapping reads back


def test_the_rejects_of_a_workbook_import_again_as_csv(tmp_path: Path) -> None:
    source = workbook(tmp_path / "leavers.xlsx")
    out = tmp_path / "records.jsonl"
    first = import_source(source, parse_mapping_toml(MAPPING), out=out)
    assert first.rejects is not None
    fixed = Path(first.rejects).read_text(encoding="utf-8-sig").replace("31/02/2025", "28/02/2025")
    fixed = fixed.replace("RETD", "RET")
    (tmp_path / "fixed.csv").write_text(fixed, encoding="utf-8-sig")
    as_csv = parse_mapping_toml(MAPPING.replace('format = "excel"\nsheet = "Leavers"', 'format = "csv"'))
    again = import_source(tmp_path / "fixed.csv", as_csv, out=out)
    assert (again.accepted, again.rejected, again.new) == (1, 0, 2)
