"""The CSV exporter and importer: the conformance kit, then what only CSV does (bytes, header, bad rows)."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from fosterkit import Departure, Initiator, LeavingRoute
from fosterkit.errors import StructureError
from fosterkit.plugins import RECORD_KINDS, table_schema
from fosterkit.records import SPECIAL_CATEGORY
from fosterkit.testing import conformance
from fosterkit_csv import plugin

EXPORTER = plugin.fosterkit_exporters()[0]
IMPORTER = plugin.fosterkit_importers()[0]

DEPARTURE_HEADER = "id,household_id,notice_on,leaving_on,initiated_by,route,destination,stated_reasons"
#: A departure with a formula-looking reason; ``_departure`` changes it.
DEPARTURE = Departure(
    id="DEP-1",
    household_id="HH-1",
    notice_on=datetime.date(2025, 3, 3),
    initiated_by=Initiator.CARER,
    route=LeavingRoute.RESIGNATION,
    stated_reasons=("=1+1",),
)


def _departure(n: int = 1, **changes: object) -> Departure:
    return attrs.evolve(DEPARTURE, id=f"DEP-{n}", **changes)  # type: ignore[arg-type]


def _cells(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.reader(file):
            yield from row


def _type_into(path: Path, kind: str, record_id: str, column: str, text: str) -> str:
    """Type ``text`` into ``column`` on ``record_id``'s row, as a person editing the file would."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    number = next(n for n, row in enumerate(rows) if n and row[0] == record_id)
    rows[number][rows[0].index(column)] = text
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return f"row {number + 1}"


def _write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _read_error(path: Path, **options: object) -> StructureError:
    with pytest.raises(StructureError) as caught:
        list(IMPORTER.records(path, **options))
    return caught.value


# --- the conformance kit ---------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_the_exporter_passes_the_conformance_kit(tmp_path: Path, bom: bool) -> None:
    conformance.check_exporter(EXPORTER, tmp_path, importer=IMPORTER, cells=_cells, options={"bom": bom})


@pytest.mark.parametrize("bom", [False, True])
def test_every_kind_round_trips_through_the_importer(tmp_path: Path, bom: bool) -> None:
    found = conformance.check_plugin("csv")  # as fosterkit finds them, marked with the plugin
    conformance.check_round_trip(
        found.exporters["csv"],
        found.importers["csv"],
        tmp_path,
        cells=_cells,
        edit=_type_into,
        options={"bom": bom},
    )


def test_found_through_its_entry_point() -> None:
    offers = conformance.check_plugin("csv")
    assert (offers.info.distribution, offers.info.version) == ("fosterkit-csv", "0.1.0")
    assert offers.info.hooks == (
        "fosterkit_exporters",
        "fosterkit_importers",
        "fosterkit_source_readers",
        "fosterkit_tracker_formats",
    )
    exporter, importer = offers.exporters["csv"], offers.importers["csv"]
    assert exporter.suffixes == importer.suffixes == (".csv",)
    assert [o.name for o in exporter.options] == ["kind", "special_category", "bom"]
    assert [o.name for o in importer.options] == ["kind", "special_category"]
    assert exporter.options[0].choices == ("", *RECORD_KINDS)


# --- exact output ----------------------------------------------------------------------------


def test_writes_exact_bytes(tmp_path: Path) -> None:
    target = tmp_path / "d.csv"
    records = [_departure(1), _departure(2, leaving_on=datetime.date(2025, 5, 1), stated_reasons=())]
    assert EXPORTER.export(records, target) == 2
    assert (
        target.read_bytes()
        == (
            f"{DEPARTURE_HEADER}\r\n"
            'DEP-1,HH-1,2025-03-03,,carer,resignation,,"[""=1+1""]"\r\n'
            "DEP-2,HH-1,2025-03-03,2025-05-01,carer,resignation,,[]\r\n"
        ).encode()
    )
    assert list(IMPORTER.records(target)) == records


def test_bom_option_writes_a_byte_order_mark_the_reader_accepts(tmp_path: Path) -> None:
    target = tmp_path / "d.csv"
    EXPORTER.export([_departure()], target, bom=True)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,household_id,")
    assert data.count(b"\xef\xbb\xbf") == 1
    assert list(IMPORTER.records(target)) == [_departure()]


def test_text_with_quotes_commas_and_line_breaks_is_one_row(tmp_path: Path) -> None:
    record = next(conformance.sample_records(1))
    odd = attrs.evolve(record, would_have_kept='a, "b"\r\nc\nd\re', went_well="=\n")
    target = tmp_path / "r.csv"
    EXPORTER.export([odd, odd], target)
    assert list(IMPORTER.records(target)) == [odd, odd]
    # Three rows to a spreadsheet, though the file has more lines.
    with target.open(encoding="utf-8", newline="") as file:
        assert len(list(csv.reader(file))) == 3


# --- zero records ----------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_no_records_and_no_kind_writes_an_empty_file(tmp_path: Path, bom: bool) -> None:
    target = tmp_path / "empty.csv"
    assert EXPORTER.export([], target, bom=bom) == 0
    assert target.read_bytes() == b""
    assert list(IMPORTER.records(target)) == []
    assert list(IMPORTER.records(target, kind="departure")) == []


@pytest.mark.parametrize(("bom", "start"), [(False, b""), (True, b"\xef\xbb\xbf")])
def test_no_records_with_a_kind_writes_the_header_alone(tmp_path: Path, bom: bool, start: bytes) -> None:
    target = tmp_path / "header.csv"
    assert EXPORTER.export([], target, kind="departure", bom=bom) == 0
    assert target.read_bytes() == start + f"{DEPARTURE_HEADER}\r\n".encode()
    assert list(IMPORTER.records(target)) == []
    assert list(IMPORTER.records(target, kind="departure")) == []
    error = _read_error(target, kind="household")
    assert error.problems[0].source == "row 1"
    assert error.problems[0].message.startswith("not a household table: missing columns service.name,")


# --- special-category data -------------------------------------------------------------------


def test_the_reader_refuses_equality_data_by_row_and_column(tmp_path: Path) -> None:
    target = tmp_path / "h.csv"
    plain, special, _ = conformance.special_households()
    EXPORTER.export([plain, special], target, special_category=True)
    records = IMPORTER.records(target)
    assert next(records) == plain  # the row without equality data is read
    with pytest.raises(StructureError) as caught:
        next(records)
    (problem,) = caught.value.problems
    assert (problem.source, problem.path, problem.entry) == ("row 3", "carers", special.id)
    assert "special_category=true" in problem.message
    assert caught.value.source == str(target)


@attrs.frozen(kw_only=True)
class _Probe:
    """A record kind with a special-category column of its own (none of the built-in kinds has one)."""

    id: str
    sex: str | None = attrs.field(default=None, metadata={SPECIAL_CATEGORY: True})


def test_special_category_columns_are_refused_unless_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(RECORD_KINDS, "probe", _Probe)
    importer = plugin.fosterkit_importers()[0]  # offers the kinds registered when the hook runs
    assert importer.options[0].choices[-1] == "probe"
    target = _write_text(tmp_path / "p.csv", "id,sex\r\nP-1,female\r\nP-2,\r\n")
    with pytest.raises(StructureError) as caught:
        list(importer.records(target))
    (problem,) = caught.value.problems
    assert (problem.source, problem.path) == ("row 1", "header")
    assert problem.message == (
        "the file has special-category columns (sex); "
        "import with special_category=true to read special-category (equality) data"
    )
    expected = [_Probe(id="P-1", sex="female"), _Probe(id="P-2")]
    assert list(importer.records(target, special_category=True)) == expected
    assert list(importer.records(target, kind="probe", special_category=True)) == expected
    # Without the special-category column the same kind is read without asking.
    plain = _write_text(tmp_path / "plain.csv", "id\r\nP-1\r\n")
    assert list(importer.records(plain)) == [_Probe(id="P-1")]


def test_a_header_that_fits_several_kinds_needs_the_kind_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(RECORD_KINDS, "probe", _Probe)
    monkeypatch.setitem(RECORD_KINDS, "probe_again", _Probe)
    importer = plugin.fosterkit_importers()[0]
    target = _write_text(tmp_path / "p.csv", "id\r\nP-1\r\n")
    with pytest.raises(StructureError) as caught:
        list(importer.records(target))
    (problem,) = caught.value.problems
    assert (
        problem.message
        == "the header fits several kinds (probe, probe_again); choose one with the kind option"
    )
    assert list(importer.records(target, kind="probe_again")) == [_Probe(id="P-1")]


# --- the header and the kind -----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_the_kind_is_inferred_from_the_header(tmp_path: Path, kind: str) -> None:
    from fosterkit_csv import schema_for_header

    assert schema_for_header(table_schema(kind).header).kind == kind
    target = _write_text(tmp_path / "h.csv", ",".join(table_schema(kind).header) + "\r\n")
    assert list(IMPORTER.records(target)) == []


def test_a_header_of_no_kind_is_named_against_the_closest_kind(tmp_path: Path) -> None:
    header = DEPARTURE_HEADER.replace(",destination", "").replace("notice_on", "notice_date")
    target = _write_text(tmp_path / "bad.csv", f"{header},colour\r\n")
    error = _read_error(target)
    (problem,) = error.problems
    assert (problem.source, problem.path) == ("row 1", "header")
    assert problem.message == (
        "the header matches no record kind (choose one with the kind option); closest: not a departure "
        "table: missing columns notice_on, destination; unexpected columns notice_date, colour"
    )
    assert str(error).startswith(f"{target}: invalid data: row 1: header: the header matches no record kind")


def test_a_wrong_header_for_the_given_kind_names_the_columns(tmp_path: Path) -> None:
    target = _write_text(tmp_path / "bad.csv", DEPARTURE_HEADER.replace("route", "Route") + "\r\n")
    (problem,) = _read_error(target, kind="departure").problems
    assert problem.message == "not a departure table: missing columns route; unexpected columns Route"
    (problem,) = _read_error(target, kind="data_collection_record").problems
    assert problem.message.startswith("not a data_collection_record table: missing columns departure_id,")


def test_columns_in_another_order_are_refused(tmp_path: Path) -> None:
    header = "household_id,id" + DEPARTURE_HEADER.removeprefix("id,household_id")
    target = _write_text(tmp_path / "bad.csv", header + "\r\n")
    (problem,) = _read_error(target, kind="departure").problems
    assert problem.message == "not a departure table: the columns are in a different order"


# --- bad rows --------------------------------------------------------------------------------


def _departure_file(tmp_path: Path, *rows: str) -> Path:
    good = "DEP-1,HH-1,2025-03-03,,carer,resignation,,[]"
    return _write_text(tmp_path / "d.csv", "\r\n".join([DEPARTURE_HEADER, good, *rows]) + "\r\n")


def test_bad_json_names_its_column(tmp_path: Path) -> None:
    target = _departure_file(tmp_path, 'DEP-2,HH-1,2025-03-03,,carer,resignation,,"[""a"""')
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.path, problem.entry) == ("row 3", "stated_reasons", "DEP-2")
    assert problem.message == "'[\"a\"' is not valid JSON (Expecting ',' delimiter)"


def test_a_bad_date_names_its_column(tmp_path: Path) -> None:
    target = _departure_file(tmp_path, "DEP-2,HH-1,2025-02-30,,carer,resignation,,[]")
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.path, problem.entry) == ("row 3", "notice_on", "DEP-2")


def test_a_truncated_row_is_named(tmp_path: Path) -> None:
    target = _departure_file(tmp_path, "DEP-2,HH-1,2025-03-03")
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.entry) == ("row 3", "DEP-2")
    assert problem.message == "3 cells where the header has 8 (a truncated or damaged row)"


def test_a_row_with_too_many_cells_is_named(tmp_path: Path) -> None:
    target = _departure_file(tmp_path, "DEP-2,HH-1,2025-03-03,,carer,resignation,,[],extra")
    (problem,) = _read_error(target).problems
    assert problem.source == "row 3"
    assert problem.message == "9 cells where the header has 8 (a truncated or damaged row)"


def test_a_blank_line_is_an_empty_row_not_skipped(tmp_path: Path) -> None:
    target = _departure_file(tmp_path, "", "DEP-3,HH-1,2025-03-03,,carer,resignation,,[]")
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.entry) == ("row 3", None)
    assert problem.message == "0 cells where the header has 8 (a truncated or damaged row)"


def test_a_file_cut_off_inside_a_quoted_cell_is_named(tmp_path: Path) -> None:
    target = tmp_path / "cut.csv"
    EXPORTER.export([_departure(1), _departure(2)], target)
    data = target.read_bytes()
    target.write_bytes(data[: data.rindex(b'"=1+1') + 3])
    error = _read_error(target)
    (problem,) = error.problems
    assert problem.source == "row 3"
    assert problem.message.startswith("not valid CSV (")


def test_bytes_that_are_not_utf8_are_named(tmp_path: Path) -> None:
    good = "DEP-1,HH-1,2025-03-03,,carer,resignation,,[]"
    target = tmp_path / "latin1.csv"
    target.write_bytes(f"{DEPARTURE_HEADER}\r\n{good}\r\n".encode() + b"DEP-2,HH-\xe9,2025\r\n")
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.message) == ("row 3", "cell 2 is not UTF-8 text")


def test_a_utf16_file_is_refused_at_the_header(tmp_path: Path) -> None:
    target = tmp_path / "utf16.csv"
    target.write_bytes(f"{DEPARTURE_HEADER}\r\n".encode("utf-16"))
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.message) == ("row 1", "cell 1 is not UTF-8 text")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    target = tmp_path / "nowhere.csv"
    error = _read_error(target)
    assert error.source == str(target)
    assert error.problems[0].message == "no such file"


def test_a_cell_over_the_csv_field_limit_is_named_and_readable_with_a_higher_limit(tmp_path: Path) -> None:
    record = attrs.evolve(next(conformance.sample_records(1)), would_have_kept="x" * 200_000)
    target = tmp_path / "big.csv"
    EXPORTER.export([record], target)
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.message) == (
        "row 2",
        "not valid CSV (field larger than field limit (131072))",
    )
    before = csv.field_size_limit(1_000_000)
    try:
        assert list(IMPORTER.records(target)) == [record]
    finally:
        csv.field_size_limit(before)
