"""The issue-20 story end to end: a Windows-1252 case-system export of 184 lines, first try.

The export (made here, no fixture) has 165 good leavers in mixed date forms with local reason
codes, a secondary-reasons column repeating the main code now and then, transfers with no
destination column, ten exact duplicates, seven bad rows, a blank row and a totals row. The
mapping is the one an analyst would write from the file's own headings. Every good row must be
accepted as it is, every bad row rejected with its line, and every other row listed with its line.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from fosterkit.adapters.importing import import_source
from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.cli import main
from fosterkit.records import Departure

HEADER = "Leaver ID,Carer Ref,Carer name,Notice Date,Date Left,Leaving Route,Main Reason,Other Reasons"
ROUTES = ["RES", "RET", "TRF", "DEREG"]
REASONS = ["RET", "FIN", "SSW", "BURN", "HLTH"]
NAMES = ["Siân Owen", "Zoë Brontë", "Renée Müller", "Ffion Jones", "Eilís Ó Sé"]

MAPPING = """schema_version = 1
[source]
format = "csv"
encoding = "cp1252"
ignore = ["Carer name"]
dates = ["dd/mm/yyyy", "iso", "d mon yyyy"]

[records.departure]
id = "Leaver ID"
household_id = "Carer Ref"
notice_on = "Notice Date"
leaving_on = "Date Left"
[records.departure.route]
column = "Leaving Route"
values = { RES = "resignation", RET = "retirement", TRF = "transfer", DEREG = "termination_other" }

[records.departure.initiated_by]
column = "Leaving Route"
values = { RES = "carer", RET = "carer", TRF = "carer", DEREG = "service" }

[records.departure.stated_reasons]
columns = ["Main Reason", "Other Reasons"]
split = ";"

[records.departure.stated_reasons.values]
RET = "personal.retirement"
FIN = "finance.fees_allowances"
SSW = "support.supervising_social_worker"
BURN = "wellbeing.burnout"
HLTH = "personal.health"
"""


def _date(day: datetime.date, n: int) -> str:
    """One of three forms, as a hand-fed case system mixes them."""
    if n % 3 == 0:
        return day.strftime("%d/%m/%Y")
    if n % 3 == 1:
        return day.isoformat()
    return f"{day.day} {day.strftime('%b %Y')}"


def _good(n: int) -> str:
    notice = datetime.date(2024, 4, 1) + datetime.timedelta(days=n)
    left = notice + datetime.timedelta(days=28 + n % 30)
    main_reason = REASONS[n % len(REASONS)]
    others = [REASONS[(n + 1) % len(REASONS)]]
    if n % 7 == 0:
        others.append(main_reason)  # the main code again in the secondary column
    route = ROUTES[n % len(ROUTES)]
    name = NAMES[n % len(NAMES)]
    return (
        f"L{n:04d},H{n:04d},{name},{_date(notice, n)},{_date(left, n + 1)},{route},{main_reason},"
        f"{'; '.join(others)}"
    )


BAD = [
    "L9001,H9001,Bad Date,31/02/2025,01/04/2025,RES,RET,",  # no 31 February
    "L9002,H9002,Bad Code,01/02/2025,01/04/2025,RES,XYZ,",  # an unknown reason code
    "L9003,H9003,Bad Route,01/02/2025,01/04/2025,MOVED,RET,",  # an unknown route code
    "L9004,,No Household,01/02/2025,01/04/2025,RES,RET,",  # no household
    "L9005,H9005,Left First,01/04/2025,01/02/2025,RES,RET,",  # left before notice
    "L9006,H9006,Bad Second,01/02/2025,01/04/2025,RES,RET,NOPE",  # an unknown secondary code
    "L0003,H0003,Same Id,01/01/2020,01/02/2020,RES,RET,",  # L0003 again with other values
]


def _export(folder: Path) -> tuple[Path, dict[str, int]]:
    """The export and where its special lines are (line numbers as an editor shows them)."""
    lines = [HEADER]
    where: dict[str, int] = {}
    for n in range(165):
        lines.append(_good(n))
        if n % 16 == 5:  # ten exact duplicates, each straight after its row
            lines.append(_good(n))
        if n == 40:
            lines.append(",,,,,,,")
            where["blank"] = len(lines)
        if n in (60, 70, 80, 90, 100, 110, 120):
            lines.append(BAD[(n - 60) // 10])
    lines.append("Total leavers,184,,,,,,")
    where["totals"] = len(lines)
    path = folder / "leavers-export.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path, where


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    source, where = _export(tmp_path)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return source, mapping, where


def test_the_export_has_the_shape_of_the_story(export: tuple[Path, Path, dict[str, int]]) -> None:
    source, _mapping, _where = export
    assert len(source.read_bytes().decode("cp1252").splitlines()) == 1 + 184
    with pytest.raises(UnicodeDecodeError):
        source.read_bytes().decode("utf-8")


def test_every_good_row_is_accepted_first_try(
    export: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    source, mapping, where = export
    result = import_source(source, mapping, out=tmp_path / "records.jsonl")
    assert (result.accepted, result.rejected, result.duplicates, result.blank, result.totals) == (
        165,
        7,
        10,
        1,
        1,
    )
    assert result.rows == 183  # every line below the header but the blank one
    records = read_jsonl(tmp_path / "records.jsonl")
    departures = [d for d in records if isinstance(d, Departure)]
    assert len(departures) == len(records) == 165
    transfers = [d for d in departures if d.route.value == "transfer"]
    assert transfers
    assert all(d.destination is not None and d.destination.value == "unknown" for d in transfers)
    repeated = [d for d in departures if int(d.id[1:]) % 7 == 0]
    assert all(len(d.stated_reasons) == len(set(d.stated_reasons)) == 2 for d in repeated)
    assert len(result.notes) == len(repeated)
    passed = {(p.why, p.row) for p in result.passed}
    assert ("blank", where["blank"]) in passed
    assert ("totals", where["totals"]) in passed
    assert sum(p.why == "duplicate" for p in result.passed) == 10


def test_each_bad_row_is_named_with_its_line_and_id(
    export: tuple[Path, Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, mapping, _where = export
    status = main(
        ["import", str(source), "--mapping", str(mapping), "--out", str(tmp_path / "r.jsonl"), "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    lines = source.read_bytes().decode("cp1252").splitlines()
    by_id: dict[str, list[str]] = {}
    for problem in data["problems"]:
        assert lines[problem["row"] - 1].startswith(problem["id"] + ","), problem
        by_id.setdefault(problem["id"], []).append(problem["message"])
    assert sorted(by_id) == ["L0003", "L9001", "L9002", "L9003", "L9004", "L9005", "L9006"]
    assert all(len(messages) == 1 for messages in by_id.values()), by_id
    assert "February 2025 has no day 31" in by_id["L9001"][0]
    assert "initiated_by, read from the same cell" in by_id["L9003"][0]
    rejects = (tmp_path / "r.rejects.csv").read_text(encoding="utf-8-sig")
    assert len(rejects.splitlines()) == 1 + 7
