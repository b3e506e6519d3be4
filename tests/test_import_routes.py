"""What each leaving route needs from an import: a transfer with no destination is "unknown", and counted."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from fosterkit import load_taxonomy
from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.adapters.packs import parse_mapping_toml
from fosterkit.analysis import publication as publication_module
from fosterkit.analysis import publish_tables
from fosterkit.analysis.periods import Period
from fosterkit.cli import main
from fosterkit.imports import compile_mapping
from fosterkit.records import Departure, DestinationKind, Initiator, LeavingRoute

H1 = Period(datetime.date(2026, 4, 1), datetime.date(2026, 9, 30))

#: A case-system export with no destination column: three transfers among five leavers.
NO_DESTINATION = [
    ("Ref", "Household", "Notice", "Left", "Route", "Reason"),
    ("D1", "H1", "02/05/2026", "30/05/2026", "RES", "RET"),
    ("D2", "H2", "03/05/2026", "", "TRF", "finance.fees_allowances"),
    ("D3", "H3", "04/05/2026", "NK", "TRF", "NK"),
    ("D4", "H4", "05/05/2026", "01/06/2026", "TRF", ""),
    ("D5", "H5", "06/05/2026", "", "TERM", ""),
]

MAPPING = """
schema_version = 1
[records.departure]
id = "Ref"
household_id = "Household"
notice_on = "Notice"
leaving_on = { column = "Left", values = { NK = "unknown" } }
route = { column = "Route", values = { RES = "resignation", TRF = "transfer", TERM = "termination_other" } }
initiated_by = { column = "Route", values = { RES = "carer", TRF = "carer", TERM = "service" } }
stated_reasons = { column = "Reason", values = { RET = "personal.retirement", NK = "unknown" } }
"""


def write_csv(path: Path, rows: Sequence[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run_import(tmp_path: Path, rows: Sequence[tuple[str, ...]], mapping: str) -> tuple[int, Path]:
    source = write_csv(tmp_path / "leavers.csv", rows)
    (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    args = ["import", str(source), "--mapping", str(tmp_path / "map.toml"), "--out", str(out), "--json"]
    return main(args), out


def departures(out: Path) -> dict[str, Departure]:
    found = read_jsonl(out, kinds="departure")
    return {d.id: d for d in found if isinstance(d, Departure)}


def test_transfers_without_a_destination_column_import_as_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_import(tmp_path, NO_DESTINATION, MAPPING)
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["problems"]
    assert (summary["accepted"], summary["rejected"]) == (5, 0)
    found = departures(out)
    assert {i: d.destination for i, d in found.items()} == {
        "D1": None,
        "D2": DestinationKind.UNKNOWN,
        "D3": DestinationKind.UNKNOWN,
        "D4": DestinationKind.UNKNOWN,
        "D5": None,
    }
    # NK mapped to unknown: the leaving date and the reason are simply not recorded.
    assert found["D3"].leaving_on is None
    assert found["D3"].stated_reasons == ()
    assert found["D1"].stated_reasons == ("personal.retirement",)
    assert main(["check", str(out)]) == 0  # the records check finds nothing wrong with them
    assert "0 problems" in capsys.readouterr().out
    assert '"destination": "unknown"' in out.read_text(encoding="utf-8").replace('":"', '": "')


def test_a_destination_column_with_blanks_and_a_local_unknown_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [(*NO_DESTINATION[0], "Moving to")]
    rows += [(*row, to) for row, to in zip(NO_DESTINATION[1:], ("", "IFA", "Not known", "", ""), strict=True)]
    to = '{ IFA = "independent_agency", "Not known" = "unknown" }'
    mapping = MAPPING + f'destination = {{ column = "Moving to", values = {to} }}\n'
    code, out = run_import(tmp_path, rows, mapping)
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["problems"]
    assert summary["accepted"] == 5
    found = departures(out)
    assert found["D2"].destination is DestinationKind.INDEPENDENT_AGENCY
    assert found["D3"].destination is DestinationKind.UNKNOWN
    assert found["D4"].destination is DestinationKind.UNKNOWN  # blank cell
    assert found["D1"].destination is None


def test_a_destination_on_a_resignation_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [(*NO_DESTINATION[0], "Moving to"), (*NO_DESTINATION[1], "IFA")]
    mapping = MAPPING + 'destination = { column = "Moving to", values = { IFA = "independent_agency" } }\n'
    code, _out = run_import(tmp_path, rows, mapping)
    summary = json.loads(capsys.readouterr().out)
    assert code != 0
    assert summary["rejected"] == 1
    assert "only a transfer has a destination" in json.dumps(summary["problems"])


def test_a_required_field_cannot_map_a_code_to_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = MAPPING.replace(
        'TERM = "termination_other" }', 'TERM = "termination_other", X = "unknown" }', 1
    )
    code, out = run_import(tmp_path, NO_DESTINATION, mapping)
    assert code == 2
    err = capsys.readouterr().err
    assert "'X' maps to 'unknown', but route is required and cannot be left unknown" in err
    assert not out.exists()


def test_unknown_is_only_not_recorded_where_the_field_has_no_such_value(tmp_path: Path) -> None:
    # destination has a value called unknown, so a code maps to it like any other: never left out.
    text = MAPPING + 'destination = { column = "To", values = { NK = "unknown" } }\n'
    compiled = compile_mapping(parse_mapping_toml(text), load_taxonomy())
    field = next(f for f in compiled.records[0].fields if f.mapping.path == "destination")
    assert field.read("nk") == "unknown"


def test_a_departure_record_without_a_destination_is_unknown_only_for_a_transfer() -> None:
    base: dict[str, Any] = {
        "id": "D1",
        "household_id": "H1",
        "notice_on": datetime.date(2026, 5, 1),
        "initiated_by": Initiator.CARER,
    }
    assert Departure(**base, route=LeavingRoute.TRANSFER).destination is DestinationKind.UNKNOWN
    assert Departure(**base, route=LeavingRoute.RESIGNATION).destination is None


def test_the_publication_counts_unknown_destinations_so_the_transfers_add_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [(*NO_DESTINATION[0], "Moving to")]
    rows += [(*row, to) for row, to in zip(NO_DESTINATION[1:], ("", "IFA", "", "", ""), strict=True)]
    mapping = MAPPING + 'destination = { column = "Moving to", values = { IFA = "independent_agency" } }\n'
    code, out = run_import(tmp_path, rows, mapping)
    capsys.readouterr()
    assert code == 0
    with mock.patch.object(publication_module, "protect", return_value=set()):
        published = publish_tables(read_jsonl(out), taxonomy=load_taxonomy(), period=H1)
    table = published.table("destination")
    assert table.count("unknown", "count") == 2
    assert table.count("independent_agency", "count") == 1
    assert table.count("total", "count") == 3 == published.table("route").count("transfer", "count")
    assert any(row.code == "unknown" and row.label == "Not known" for row in table.rows)
