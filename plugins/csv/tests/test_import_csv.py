"""A messy leavers export, as case systems and hand-kept sheets produce them, imported from CSV."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from fosterkit import Departure, Household, HouseholdStatus, import_source, parse_mapping_toml, read_jsonl
from fosterkit.cli import main

MAPPING = """
schema_version = 1

[source]
encoding = "auto"
ignore = ["Carer name", "Notes"]

[records.household]
id = "HH ref"
"service.name" = { default = "Gwasanaeth Maethu Môn" }
"service.kind" = { default = "local_authority" }
"carers[0].id" = "Carer ID"
"carers[1].id" = "Second carer ID"
approved_on = "Approval date"
approval_kind = { column = "Approval", values = { MS = "mainstream", CP = "connected_person" } }
caring_now = "Caring at notice"
"history[0].status" = { default = "approved" }
"history[0].since" = "Approval date"
"history[1].status" = { default = "leaving" }
"history[1].since" = "Notice"

[records.household.approved_for]
column = "Types"
split = "/"
values = { LT = "long_term", ST = "short_term", RB = "short_breaks" }

[records.departure]
id = "Leaver ref"
household_id = "HH ref"
notice_on = "Notice"
leaving_on = "Left"
route = { column = "Route", values = { RES = "resignation", RET = "retirement", TRF = "transfer" } }
initiated_by = { default = "carer" }
destination = { column = "To", values = { IFA = "independent_agency", LA = "local_authority" } }

[records.departure.stated_reasons]
columns = ["Reason 1", "Reason 2"]

[records.departure.stated_reasons.values]
RET = "personal.retirement"
FIN = "finance.fees_allowances"
SSW = "support.supervising_social_worker"
"""

HEADER = [
    "Leaver ref ",
    " HH ref",
    "Carer name",
    "Carer ID",
    "Second carer ID",
    "Approval",
    "approval date",
    "Types",
    "Caring at notice",
    "Notice",
    "Left",
    "Route",
    "To",
    "Reason 1",
    "Reason 2",
    "Notes",
]

ROWS: list[list[str]] = [
    ["Cyngor Sir Ynys Môn / Isle of Anglesey County Council"],
    ["Foster carer leavers, April 2024 to March 2025"],
    [],
    HEADER,
    # 5: accepted; UK dates, a Welsh name, a formula in the ignored notes
    [
        "L1",
        "H1",
        "Siân Ŵyn",
        "C1",
        "C2",
        "MS",
        "03/04/2012",
        "LT/ST",
        "no",
        "14/01/2025",
        "28/02/2025",
        "RET",
        "",
        "RET",
        "",
        "=SUM(A1:A9)",
    ],
    # 6: accepted; ISO dates, trailing spaces, lower-case codes
    [
        "L2 ",
        "H2",
        "Dafydd ap Gwilym",
        "C3 ",
        "",
        "ms",
        "2019-06-01",
        "st",
        "Yes ",
        "2025-02-03",
        "2025-03-31",
        "res",
        "",
        "SSW",
        "fin",
        "",
    ],
    [],
    # 8: rejected: 31 February
    [
        "L3",
        "H3",
        "Zoë Brontë",
        "C4",
        "",
        "CP",
        "01/09/2020",
        "RB",
        "no",
        "10/02/2025",
        "31/02/2025",
        "RES",
        "",
        "FIN",
        "",
        "+44 7700 900123",
    ],
    # 9: rejected: unknown local reason code, and a route nobody mapped
    [
        "L4",
        "H4",
        "Chidi Okafor",
        "C5",
        "",
        "MS",
        "12/12/2018",
        "LT",
        "no",
        "15/03/2025",
        "30/04/2025",
        "RESIGNED",
        "",
        "RETD",
        "",
        "@risk",
    ],
    # 10: accepted; an Excel day number, a transfer
    [
        "L5",
        "H5",
        "Åsa Öberg",
        "C6",
        "C7",
        "MS",
        "40210",
        "ST/RB",
        "yes",
        "20/03/2025",
        "45777",
        "TRF",
        "IFA",
        "",
        "",
        "",
    ],
    # 11: a duplicate of row 5 (filled in below)
    [],
    # 12: rejected: the same leaver as row 6 with another date
    [
        "L2",
        "H2",
        "Dafydd ap Gwilym",
        "C3",
        "",
        "MS",
        "2019-06-01",
        "ST",
        "yes",
        "2025-02-03",
        "2025-04-30",
        "RES",
        "",
        "SSW",
        "FIN",
        "",
    ],
    # 13: rejected: left before notice
    [
        "L6",
        "H6",
        "Ffion Ellis",
        "C8",
        "",
        "MS",
        "05/05/2016",
        "ST",
        "no",
        "20/03/2025",
        "01/03/2025",
        "TRF",
        "",
        "",
        "",
        "-",
    ],
    ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]
ROWS[10] = list(ROWS[4])


def write(path: Path, encoding: str, delimiter: str = ",") -> Path:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(ROWS)
    body = text.getvalue()
    if encoding == "cp1252":  # Excel on Windows cannot write ŵ in its "CSV" format: it writes w
        body = body.replace("Ŵ", "W")
    path.write_bytes(body.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_the_messy_export_imports_exactly_the_expected_rows(tmp_path: Path, encoding: str) -> None:
    source = write(tmp_path / "leavers.csv", encoding)
    mapping = parse_mapping_toml(MAPPING, source="leavers.toml")
    result = import_source(source, mapping, out=tmp_path / "records.jsonl")
    assert result.header_row == 4
    assert (result.rows, result.accepted, result.rejected, result.duplicates, result.conflicts) == (
        8,
        3,
        4,
        1,
        1,
    )
    assert result.blank == 2
    problems = {(p.row, p.message) for p in result.problems}
    assert problems == {
        (8, "`31/02/2025` in column `Left` is not a date (February 2025 has no day 31)"),
        (9, "code `RETD` in column `Reason 1` is not mapped — did you mean `RET`?"),
        (
            9,
            "`RESIGNED` in column `Route` is not mapped under [values] for route, and is not one of "
            "resignation, retirement, transfer, termination_after_allegation, "
            "termination_after_standards_concern, termination_other — did you mean `resignation`?",
        ),
        (12, "departure `L2` was already given by row 6 with other values; correct one of the two rows"),
        (13, "`01/03/2025` in column `Left`: 2025-03-01 is before notice was given (2025-03-20)"),
    }
    records = read_jsonl(tmp_path / "records.jsonl")
    households = [r for r in records if isinstance(r, Household)]
    departures = [r for r in records if isinstance(r, Departure)]
    assert [h.id for h in households] == ["H1", "H2", "H5"]
    assert [d.id for d in departures] == ["L1", "L2", "L5"]
    first = households[0]
    assert first.service.name == "Gwasanaeth Maethu Môn"
    assert [c.id for c in first.carers] == ["C1", "C2"]
    assert first.status is HouseholdStatus.LEAVING
    assert households[2].approved_on == datetime.date(2010, 2, 1)
    assert departures[1].stated_reasons == ("support.supervising_social_worker", "finance.fees_allowances")
    assert departures[2].leaving_on == datetime.date(2025, 4, 30)
    assert departures[2].destination is not None
    # Ignored columns never reach the records.
    text = (tmp_path / "records.jsonl").read_text(encoding="utf-8")
    assert "Siân" not in text
    assert "SUM" not in text


def test_rejected_rows_keep_every_cell_and_can_be_fixed_and_imported_again(tmp_path: Path) -> None:
    source = write(tmp_path / "leavers.csv", "utf-8-sig")
    out = tmp_path / "records.jsonl"
    mapping = parse_mapping_toml(MAPPING)
    result = import_source(source, mapping, out=out)
    assert result.rejects is not None
    with Path(result.rejects).open(encoding="utf-8-sig", newline="") as kept:
        rejects = list(csv.reader(kept))
    assert rejects[0] == ["fosterkit_row", "fosterkit_problems", *HEADER]
    assert [r[0] for r in rejects[1:]] == ["8", "9", "12", "13"]
    assert rejects[1][2:-1] == ROWS[7][:-1]
    # Formula-looking text is marked for spreadsheets, in the cells and in the problems alike.
    assert rejects[1][-1] == "'+44 7700 900123"
    assert rejects[2][-1] == "'@risk"
    assert rejects[4][-1] == "'-"
    fixed = [
        [*row[2:12], "31/03/2025" if row[0] == "8" else row[12], *row[13:]] if row[0] == "8" else row[2:]
        for row in rejects[1:]
    ]
    for row in fixed:
        if row[0] == "L4":
            row[11], row[13] = "RES", "RET"
        if row[0] == "L2":
            row[10] = "2025-03-31"
        if row[0] == "L6":
            row[10], row[12] = "01/04/2025", "LA"
    fixed_path = tmp_path / "fixed.csv"
    with fixed_path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(rejects[0])
        writer.writerows([[r[0], r[1], *f] for r, f in zip(rejects[1:], fixed, strict=True)])
    again = import_source(fixed_path, mapping, out=out, rejects=tmp_path / "fixed.rejects.csv")
    assert again.rejected == 0, [p.describe() for p in again.problems]
    assert (again.accepted, again.new, again.unchanged) == (4, 6, 2)  # row L2 now matches what is there
    ids = [r.id for r in read_jsonl(out) if isinstance(r, Departure)]
    assert ids == ["L1", "L2", "L5", "L3", "L4", "L6"]


def test_a_semicolon_export_with_the_delimiter_set(tmp_path: Path) -> None:
    source = write(tmp_path / "leavers.csv", "utf-8", delimiter=";")
    mapping = parse_mapping_toml(MAPPING.replace('encoding = "auto"', 'encoding = "auto"\ndelimiter = ";"'))
    result = import_source(source, mapping, out=tmp_path / "records.jsonl")
    assert (result.accepted, result.rejected) == (3, 4)


def test_the_command_line_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "leavers.csv", "cp1252")
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    args = [
        "import",
        str(source),
        "--mapping",
        str(tmp_path / "map.toml"),
        "--out",
        str(tmp_path / "r.jsonl"),
    ]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "8 rows read" in out
    assert "accepted 3, rejected 4 (1 conflicting id), duplicates 1" in out
    assert "row 8: `31/02/2025` in column `Left` is not a date" in out
    assert main([*args, "--strict", "--json", "--force"]) == 1
    assert '"written": false' in capsys.readouterr().out
    fine = tmp_path / "fine.csv"
    fine.write_text("\n".join(",".join(r) for r in [HEADER, ROWS[4]]) + "\n", encoding="utf-8")
    assert (
        main(
            ["import", str(fine), "--mapping", str(tmp_path / "map.toml"), "--out", str(tmp_path / "f.jsonl")]
        )
        == 0
    )
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Ref,Something\nL1,x\n", encoding="utf-8")
    assert (
        main(
            [
                "import",
                str(wrong),
                "--mapping",
                str(tmp_path / "map.toml"),
                "--out",
                str(tmp_path / "w.jsonl"),
            ]
        )
        == 2
    )
    assert "no row among the first 2 names any mapped column" in capsys.readouterr().err
    assert not (tmp_path / "w.jsonl").exists()
