from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit import Carer, Departure, Household, HouseholdStatus, Initiator, LeavingRoute
from fosterkit.errors import StructureError
from fosterkit.plugins import exporters, importers, make_plugin_manager, plugin_infos
from fosterkit.plugins.contracts import Exporter, ExportError, Importer
from fosterkit.records import (
    SPECIAL_CATEGORY,
    AgeBand,
    ApprovalKind,
    Equality,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)
from fosterkit.serial.kinds import RECORD_KINDS
from fosterkit.serial.tabular import table_schema, without_special_category
from fosterkit.testing import strategies as fks
from fosterkit.testing.conformance import check_exporter, sample_records
from fosterkit_csv import plugin

EXPORTER = plugin.fosterkit_exporters()[0]
IMPORTER = plugin.fosterkit_importers()[0]

DCR_HEADER = ",".join(table_schema("data_collection_record").header)
DEPARTURE_HEADER = "id,household_id,notice_on,leaving_on,initiated_by,route,destination,stated_reasons"


def _cells(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.reader(file):
            yield from row


def _household(equality: Equality | None) -> Household:
    approved = datetime.date(2019, 4, 1)
    return Household(
        id="HH-1",
        service=Service(name="Anytown fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id="C-1", equality=equality), Carer(id="C-2")),
        approved_on=approved,
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved),),
    )


def _departure(n: int = 1, **changes: object) -> Departure:
    fields: dict[str, object] = {
        "id": f"DEP-{n}",
        "household_id": "HH-1",
        "notice_on": datetime.date(2025, 3, 3),
        "leaving_on": None,
        "initiated_by": Initiator.CARER,
        "route": LeavingRoute.RESIGNATION,
        "stated_reasons": ("=1+1",),
    }
    fields.update(changes)
    return Departure(**fields)  # type: ignore[arg-type]


def _write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _read_error(path: Path, **options: object) -> StructureError:
    with pytest.raises(StructureError) as caught:
        list(IMPORTER.records(path, **options))
    return caught.value


# --- conformance -----------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_conformance_kit_passes(tmp_path: Path, bom: bool) -> None:
    check_exporter(EXPORTER, tmp_path, importer=IMPORTER, cells=_cells, options={"bom": bom})


def test_conformance_kit_passes_for_households_with_special_category(tmp_path: Path) -> None:
    equality = Equality(age_band=AgeBand.FROM_45_TO_54, ethnicity="=cmd")
    check_exporter(
        EXPORTER,
        tmp_path,
        records=[_household(equality), _household(None)],
        options={"special_category": True},
        cells=_cells,
    )


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
    record = next(sample_records(1))
    odd = attrs.evolve(record, would_have_kept='a, "b"\r\nc\nd\re', went_well="=\n")
    target = tmp_path / "r.csv"
    EXPORTER.export([odd, odd], target)
    assert list(IMPORTER.records(target)) == [odd, odd]
    # Three rows to a spreadsheet, though the file has more lines.
    with target.open(encoding="utf-8", newline="") as file:
        assert len(list(csv.reader(file))) == 3


def test_formulas_are_neutralised_and_restored(tmp_path: Path) -> None:
    record = attrs.evolve(next(sample_records(1)), would_have_kept="=SUM(A1)", went_well="'quoted")
    target = tmp_path / "f.csv"
    EXPORTER.export([record], target)
    row = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))[1]
    header = table_schema("data_collection_record").header
    cells = dict(zip(header, row, strict=True))
    assert (cells["would_have_kept"], cells["went_well"]) == ("'=SUM(A1)", "''quoted")
    assert list(IMPORTER.records(target)) == [record]


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


def test_a_second_kind_fails_the_export_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "mixed.csv"
    with pytest.raises(ExportError, match=r"record 2 \(id 'HH-1'\) is a Household"):
        EXPORTER.export([_departure(), _household(None)], target)
    assert list(tmp_path.iterdir()) == []


def test_the_kind_option_refuses_records_of_another_kind(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="this table holds household records"):
        EXPORTER.export([_departure()], tmp_path / "x.csv", kind="household")


# --- special-category data -------------------------------------------------------------------


def test_equality_data_is_not_written_by_default(tmp_path: Path) -> None:
    household = _household(Equality(age_band=AgeBand.FROM_25_TO_34, religion="Quaker"))
    target = tmp_path / "h.csv"
    EXPORTER.export([household], target)
    text = target.read_text(encoding="utf-8")
    assert "Quaker" not in text
    assert "25_34" not in text
    rows = list(csv.reader(text.splitlines()))
    assert rows[1][3] == '[{"id":"C-1","equality":null},{"id":"C-2","equality":null}]'
    back = list(IMPORTER.records(target))
    assert back == [without_special_category(household)]
    assert back[0].carers[0].equality is None


def test_equality_data_round_trips_when_asked_for(tmp_path: Path) -> None:
    household = _household(Equality(age_band=AgeBand.FROM_25_TO_34, religion="Quaker"))
    target = tmp_path / "h.csv"
    EXPORTER.export([household], target, special_category=True)
    assert '""religion"":""Quaker""' in target.read_text(encoding="utf-8")
    assert list(IMPORTER.records(target, special_category=True)) == [household]


def test_the_reader_refuses_equality_data_it_was_not_asked_to_read(tmp_path: Path) -> None:
    target = tmp_path / "h.csv"
    plain, special = _household(None), _household(Equality(sex="female"))
    EXPORTER.export([plain, special], target, special_category=True)
    records = IMPORTER.records(target)
    assert next(records) == plain  # the row without equality data is read
    with pytest.raises(StructureError) as caught:
        next(records)
    (problem,) = caught.value.problems
    assert (problem.source, problem.path, problem.entry) == ("row 3", "carers", "HH-1")
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


# --- hypothesis round trips ------------------------------------------------------------------

KIND_STRATEGIES = {
    "household": fks.households(),
    "departure": fks.departures(),
    "data_collection_record": fks.data_collection_records(),
    "exit_process": fks.exit_processes(),
}


def test_every_kind_has_a_strategy() -> None:
    assert set(KIND_STRATEGIES) == set(RECORD_KINDS)


def _round_trip(kind: str, records: list[object], bom: bool, infer: bool) -> None:
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "r.csv"
        assert EXPORTER.export(records, target, kind=kind, special_category=True, bom=bom) == len(records)
        back = list(IMPORTER.records(target, kind="" if infer else kind, special_category=True))
    assert back == records


@pytest.mark.parametrize("kind", list(KIND_STRATEGIES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), bom=st.booleans(), infer=st.booleans())
def test_round_trip_is_exact(kind: str, data: st.DataObject, bom: bool, infer: bool) -> None:
    records = data.draw(st.lists(KIND_STRATEGIES[kind], min_size=1, max_size=3), label="records")
    _round_trip(kind, records, bom, infer)


# --- the entry point -------------------------------------------------------------------------


def test_found_through_its_entry_point() -> None:
    plugins = make_plugin_manager()
    assert plugins.failures == ()
    info = next(i for i in plugin_infos(plugins) if i.name == "csv")
    assert (info.distribution, info.version) == ("fosterkit-csv", "0.1.0")
    assert info.hooks == (
        "fosterkit_exporters",
        "fosterkit_importers",
        "fosterkit_source_readers",
        "fosterkit_tracker_formats",
    )
    exporter = exporters(plugins)[0]["csv"]
    importer = importers(plugins)[0]["csv"]
    assert isinstance(exporter, Exporter)
    assert isinstance(importer, Importer)
    assert (exporter.plugin, importer.plugin) == ("csv", "csv")
    assert exporter.suffixes == importer.suffixes == (".csv",)
    assert [o.name for o in exporter.options] == ["kind", "special_category", "bom"]
    assert [o.name for o in importer.options] == ["kind", "special_category"]
    assert exporter.options[0].choices == ("", *RECORD_KINDS)


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


def test_a_bad_value_names_the_row_record_and_column(tmp_path: Path) -> None:
    target = _departure_file(tmp_path, "DEP-2,HH-1,2025-03-03,,carer,walked_off,,[]")
    records = IMPORTER.records(target)
    assert next(records) == _departure(1, stated_reasons=())  # streamed: the good row comes first
    with pytest.raises(StructureError) as caught:
        next(records)
    (problem,) = caught.value.problems
    assert (problem.source, problem.path, problem.entry) == ("row 3", "route", "DEP-2")
    assert "walked_off" in problem.message
    assert caught.value.source == str(target)


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
    assert error.problems[0].message.startswith("cannot read the file: No such file")


def test_a_cell_over_the_csv_field_limit_is_named_and_readable_with_a_higher_limit(tmp_path: Path) -> None:
    record = attrs.evolve(next(sample_records(1)), would_have_kept="x" * 200_000)
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
