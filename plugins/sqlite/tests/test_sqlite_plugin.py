"""The SQLite exporter and importer: the conformance kit, then what only a database does (upserts, schema)."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from fosterkit import Departure, Initiator, LeavingRoute
from fosterkit.errors import StructureError
from fosterkit.plugins import RECORD_KINDS, ExportError, Option
from fosterkit.records import SPECIAL_CATEGORY
from fosterkit.testing import conformance
from fosterkit_sqlite import MIGRATIONS, SCHEMA_VERSION, DatabaseError, Migration, plugin, upgrade
from fosterkit_sqlite import schema as layout

EXPORTER = plugin.fosterkit_exporters()[0]
IMPORTER = plugin.fosterkit_importers()[0]
HOUSEHOLD = next(conformance.sample_records(1, kind="household"))


@contextlib.contextmanager
def _db(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _query(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with _db(path) as conn:
        return list(conn.execute(sql, params))


def _run(path: Path, *statements: str) -> None:
    with _db(path) as conn:
        for statement in statements:
            conn.execute(statement)


def _type_into(path: Path, kind: str, record_id: str, column: str, text: str) -> str:
    """Change one value, as another program writing to the database might."""
    with _db(path) as conn:
        conn.execute(f'UPDATE "{kind}" SET "{column}" = ? WHERE id = ?', (text, record_id))
    return f"{kind} id {record_id!r}"


def _dump(path: Path) -> list[str]:
    """Everything the database holds, as SQL."""
    with _db(path) as conn:
        return list(conn.iterdump())


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


def _fails_after(records: Iterable[object], count: int) -> Iterator[object]:
    for n, record in enumerate(records):
        if n == count:
            raise RuntimeError("the record source broke")
        yield record


def _export_error(records: Iterable[object], target: Path, **options: object) -> BaseException:
    with pytest.raises(ExportError) as caught:
        EXPORTER.export(records, target, **options)
    assert caught.value.exporter == "sqlite"
    return caught.value.cause


def _read_error(path: Path, **options: object) -> StructureError:
    with pytest.raises(StructureError) as caught:
        list(IMPORTER.records(path, **options))
    assert caught.value.source == str(path)
    return caught.value


def _message(err: BaseException) -> str:
    assert isinstance(err, StructureError)
    (problem,) = err.problems
    return problem.message


# --- the conformance kit ---------------------------------------------------------------------


def test_the_exporter_passes_the_conformance_kit(tmp_path: Path) -> None:
    # No cells= check: a database is not a spreadsheet, and its text is stored as it is.
    conformance.check_exporter(EXPORTER, tmp_path, importer=IMPORTER, content=_dump, keyed_by_id=True)


def test_every_kind_round_trips_through_the_importer(tmp_path: Path) -> None:
    conformance.check_round_trip(
        EXPORTER, IMPORTER, tmp_path, content=_dump, keyed_by_id=True, edit=_type_into
    )


def test_the_exporter_updates_the_real_target_in_place(tmp_path: Path) -> None:
    assert EXPORTER.atomic is False
    seen: list[Path] = []

    def spy(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
        seen.append(path)
        return EXPORTER.write(records, path, options)

    target = tmp_path / "cases.sqlite"
    assert attrs.evolve(EXPORTER, write=spy).export([_departure()], target) == 1
    assert seen == [target]
    assert [p.name for p in tmp_path.iterdir()] == ["cases.sqlite"]


# --- the database it writes ------------------------------------------------------------------


def test_a_new_database_has_the_plugins_tables_and_one_table_per_kind(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    assert EXPORTER.export([_departure()], target) == 1
    tables = _query(target, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert tables == [("departure",), ("fosterkit_meta",), ("fosterkit_tables",)]
    assert _query(target, "SELECT name, value FROM fosterkit_meta") == [("schema_version", "1")]
    assert _query(target, "SELECT kind, special_category FROM fosterkit_tables") == [("departure", 0)]
    columns = _query(target, "SELECT name, type, \"notnull\", pk FROM pragma_table_info('departure')")
    assert columns == [
        ("id", "TEXT", 1, 1),
        ("household_id", "TEXT", 1, 0),
        ("notice_on", "TEXT", 1, 0),
        ("leaving_on", "TEXT", 0, 0),
        ("initiated_by", "TEXT", 1, 0),
        ("route", "TEXT", 1, 0),
        ("destination", "TEXT", 0, 0),
        ("stated_reasons", "TEXT", 0, 0),
    ]


def test_rows_hold_iso_dates_enum_values_json_and_nulls(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    records = [_departure(1), _departure(2, leaving_on=datetime.date(2025, 5, 1), stated_reasons=())]
    EXPORTER.export(records, target)
    assert _query(target, "SELECT * FROM departure ORDER BY id") == [
        ("DEP-1", "HH-1", "2025-03-03", None, "carer", "resignation", None, '["=1+1"]'),
        ("DEP-2", "HH-1", "2025-03-03", "2025-05-01", "carer", "resignation", None, "[]"),
    ]
    assert list(IMPORTER.records(target)) == records


def test_yes_no_is_stored_as_0_or_1_and_read_back_as_bool(tmp_path: Path) -> None:
    records = list(conformance.sample_records(2))
    assert [r.consent_to_anonymised_use for r in records] == [True, False]
    target = tmp_path / "r.db"
    EXPORTER.export(records, target)
    stored = _query(
        target,
        "SELECT consent_to_anonymised_use, typeof(consent_to_anonymised_use) FROM data_collection_record "
        "ORDER BY id",
    )
    assert stored == [(1, "integer"), (0, "integer")]
    assert list(IMPORTER.records(target)) == records


def test_text_is_stored_exactly_not_neutralised(tmp_path: Path) -> None:
    base = next(conformance.sample_records(1))
    records = [
        attrs.evolve(base, id=f"DCR-{n:02d}", would_have_kept=text, went_well=text)
        for n, text in enumerate(conformance.FORMULA_TEXTS)
    ]
    target = tmp_path / "f.db"
    EXPORTER.export(records, target)
    stored = _query(target, "SELECT would_have_kept, went_well FROM data_collection_record ORDER BY id")
    assert stored == [(text, text) for text in conformance.FORMULA_TEXTS]
    assert list(IMPORTER.records(target)) == records


def test_no_records_with_a_kind_makes_the_empty_table(tmp_path: Path) -> None:
    target = tmp_path / "e.db"
    assert EXPORTER.export([], target, kind="departure") == 0
    assert list(IMPORTER.records(target)) == []
    assert _query(target, "SELECT kind FROM fosterkit_tables") == [("departure",)]


def test_no_records_and_no_kind_makes_only_the_plugins_tables(tmp_path: Path) -> None:
    target = tmp_path / "e.db"
    assert EXPORTER.export([], target) == 0
    assert _query(target, "SELECT count(*) FROM fosterkit_tables") == [(0,)]
    assert _message(_read_error(target)) == "the database has no record tables"


# --- upserts ---------------------------------------------------------------------------------


def test_exporting_the_same_records_twice_leaves_the_same_database(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    records = list(conformance.sample_records(30))
    EXPORTER.export(records, target)
    once = _dump(target)
    assert EXPORTER.export(records, target) == 30
    assert _dump(target) == once
    assert list(IMPORTER.records(target)) == records


def test_a_changed_record_updates_its_row_and_others_stay(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1), _departure(2)], target)
    changed = _departure(2, route=LeavingRoute.RETIREMENT, leaving_on=datetime.date(2025, 6, 30))
    assert EXPORTER.export([changed, _departure(3)], target) == 2
    assert list(IMPORTER.records(target)) == [_departure(1), changed, _departure(3)]
    assert _query(target, "SELECT route, leaving_on FROM departure WHERE id = 'DEP-2'") == [
        ("retirement", "2025-06-30")
    ]


def test_an_id_repeated_in_one_export_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(9)], target)
    before = _dump(target)
    records = [_departure(1), _departure(2), _departure(1, route=LeavingRoute.RETIREMENT)]
    cause = _export_error(records, target)
    assert isinstance(cause, StructureError)
    (problem,) = cause.problems
    assert (problem.source, problem.path, problem.entry) == ("record 3", "id", "DEP-1")
    assert problem.message == "the same id as record 1; a table holds one row per id, so ids must not repeat"
    assert _dump(target) == before


def test_kinds_have_tables_of_their_own_in_one_database(tmp_path: Path) -> None:
    target = tmp_path / "all.db"
    records = list(conformance.sample_records(3))
    EXPORTER.export([_departure(1)], target)
    EXPORTER.export(records, target)
    assert _query(target, "SELECT kind FROM fosterkit_tables ORDER BY kind") == [
        ("data_collection_record",),
        ("departure",),
    ]
    assert list(IMPORTER.records(target, kind="departure")) == [_departure(1)]
    assert list(IMPORTER.records(target, kind="data_collection_record")) == records
    assert _message(_read_error(target)) == (
        "choose a table with the kind option; the record tables are: data_collection_record, departure"
    )
    error = _read_error(target, kind="household")
    assert error.problems[0].path == "table household"
    assert error.problems[0].message == (
        "no such record table; the record tables are: data_collection_record, departure"
    )


def test_a_second_kind_in_one_export_fails_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1)], target)
    before = _dump(target)
    cause = _export_error([_departure(2), HOUSEHOLD], target)
    assert str(cause).startswith(f"record 2 (id {HOUSEHOLD.id!r}) is a Household")
    assert _dump(target) == before


# --- one transaction -------------------------------------------------------------------------


def test_a_failure_part_way_leaves_the_database_exactly_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export(conformance.sample_records(40), target)
    before_dump, before_bytes = _dump(target), target.read_bytes()
    # Changed versions of stored records, then new ones, then the source breaks.
    changed = (attrs.evolve(r, went_well="changed") for r in conformance.sample_records(1200))
    cause = _export_error(_fails_after(changed, 1100), target)
    assert str(cause) == "the record source broke"
    assert _dump(target) == before_dump
    assert target.read_bytes() == before_bytes
    assert [p.name for p in tmp_path.iterdir()] == ["d.db"]


def test_a_failure_in_a_new_table_leaves_no_table(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure()], target)
    before = _dump(target)
    _export_error(_fails_after(conformance.sample_records(10), 5), target)
    assert _dump(target) == before


# --- special-category data -------------------------------------------------------------------


def test_each_table_says_whether_it_holds_equality_data(tmp_path: Path) -> None:
    plain, asked = tmp_path / "plain.db", tmp_path / "asked.db"
    EXPORTER.export(conformance.special_households(), plain)
    EXPORTER.export(conformance.special_households(), asked, special_category=True)
    assert _query(plain, "SELECT kind, special_category FROM fosterkit_tables") == [("household", 0)]
    assert _query(asked, "SELECT kind, special_category FROM fosterkit_tables") == [("household", 1)]
    assert _query(plain, "SELECT carers FROM household WHERE id = 'HH-000002'") == [
        ('[{"id":"C-2-1","equality":null},{"id":"C-2-2","equality":null}]',)
    ]


def test_a_table_holding_equality_data_refuses_an_export_without_it(tmp_path: Path) -> None:
    target = tmp_path / "h.db"
    plain, special, _ = conformance.special_households()
    EXPORTER.export([special], target, special_category=True)
    before = _dump(target)
    cause = _export_error([plain], target)
    assert isinstance(cause, StructureError)
    (problem,) = cause.problems
    assert problem.path == "table household"
    assert problem.message.startswith(
        "an earlier export put special-category (equality) data in this table; "
        "export with special_category=true to update it"
    )
    assert _dump(target) == before


def test_the_reader_refuses_a_table_holding_equality_data_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "h.db"
    EXPORTER.export(conformance.special_households()[1:], target, special_category=True)
    error = _read_error(target)
    (problem,) = error.problems
    assert (problem.path, problem.message) == (
        "table household",
        "an export put special-category (equality) data in this table; "
        "import with special_category=true to read special-category (equality) data",
    )


def test_a_plain_table_takes_equality_data_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "h.db"
    plain, special, _ = conformance.special_households()
    EXPORTER.export([plain], target)
    EXPORTER.export([special], target, special_category=True)
    assert _query(target, "SELECT special_category FROM fosterkit_tables") == [(1,)]
    assert list(IMPORTER.records(target, special_category=True)) == [plain, special]


@attrs.frozen(kw_only=True)
class _Probe:
    """A record kind with a special-category column of its own, and numbers (no built-in kind has them)."""

    id: str
    count: int
    share: float
    active: bool | None = None
    seen_on: datetime.date | None = None
    sex: str | None = attrs.field(default=None, metadata={SPECIAL_CATEGORY: True})


@pytest.fixture
def probe_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(RECORD_KINDS, "probe", _Probe)


@pytest.mark.usefixtures("probe_kind")
def test_column_types_follow_the_cell_kinds(tmp_path: Path) -> None:
    target = tmp_path / "p.db"
    records = [
        _Probe(id="P-1", count=-(2**63), share=0.25, active=True, seen_on=datetime.date(2024, 2, 29)),
        _Probe(id="P-2", count=2**63 - 1, share=float("inf"), active=False),
        _Probe(id="P-3", count=0, share=0.5),
    ]
    EXPORTER.export(records, target)
    columns = _query(target, "SELECT name, type, \"notnull\" FROM pragma_table_info('probe')")
    assert columns == [
        ("id", "TEXT", 1),
        ("count", "INTEGER", 1),
        ("share", "REAL", 1),
        ("active", "INTEGER", 0),
        ("seen_on", "TEXT", 0),
    ]
    stored = _query(target, "SELECT typeof(count), typeof(share), active, seen_on FROM probe ORDER BY id")
    assert stored == [
        ("integer", "real", 1, "2024-02-29"),
        ("integer", "real", 0, None),
        ("integer", "real", None, None),
    ]
    assert list(IMPORTER.records(target)) == records


@pytest.mark.usefixtures("probe_kind")
def test_special_category_columns_are_made_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "p.db"
    plain = _Probe(id="P-1", count=1, share=1.0, sex="female")
    EXPORTER.export([plain], target)
    names = [name for (name,) in _query(target, "SELECT name FROM pragma_table_info('probe')")]
    assert "sex" not in names
    assert list(IMPORTER.records(target)) == [attrs.evolve(plain, sex=None)]
    special = _Probe(id="P-2", count=2, share=2.0, sex="male")
    EXPORTER.export([special], target, special_category=True)
    assert _query(target, "SELECT id, sex FROM probe ORDER BY id") == [("P-1", None), ("P-2", "male")]
    back = list(IMPORTER.records(target, special_category=True))
    assert back == [attrs.evolve(plain, sex=None), special]


@pytest.mark.usefixtures("probe_kind")
@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"count": 2**63}, "count", "9223372036854775808 does not fit in SQLite's 64-bit INTEGER"),
        ({"share": float("nan")}, "share", "NaN cannot be stored (SQLite would keep it as NULL)"),
    ],
)
def test_numbers_sqlite_cannot_hold_are_refused(
    tmp_path: Path, changes: dict[str, Any], column: str, message: str
) -> None:
    target = tmp_path / "p.db"
    good = _Probe(id="P-1", count=1, share=1.0)
    cause = _export_error([good, attrs.evolve(good, id="P-2", **changes)], target)
    assert isinstance(cause, StructureError)
    (problem,) = cause.problems
    assert (problem.source, problem.path, problem.entry, problem.message) == (
        "record 2",
        column,
        "P-2",
        message,
    )
    assert not target.exists()


@pytest.mark.parametrize("name", ["fosterkit_meta", "sqlite_probe"])
def test_a_kind_named_like_the_plugins_own_tables_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setitem(RECORD_KINDS, name, _Probe)
    cause = _export_error([_Probe(id="P-1", count=1, share=1.0)], tmp_path / "p.db")
    assert _message(cause) == f"a record kind named {name!r} cannot have a table of its own"


# --- the schema and its migrations -----------------------------------------------------------


def test_the_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert SCHEMA_VERSION == MIGRATIONS[-1].version == 1


def _with_step_two(monkeypatch: pytest.MonkeyPatch, *statements: str) -> None:
    step = Migration(version=2, description="a test step", statements=statements)
    monkeypatch.setattr(layout, "MIGRATIONS", (*MIGRATIONS, step))


def test_an_older_database_is_migrated_by_an_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1)], target)
    _with_step_two(
        monkeypatch, "CREATE TABLE fosterkit_audit (note TEXT)", "INSERT INTO fosterkit_audit VALUES ('x')"
    )
    EXPORTER.export([_departure(2)], target)
    assert _query(target, "SELECT value FROM fosterkit_meta WHERE name = 'schema_version'") == [("2",)]
    assert _query(target, "SELECT note FROM fosterkit_audit") == [("x",)]
    assert [r.id for r in IMPORTER.records(target)] == ["DEP-1", "DEP-2"]


def test_a_failing_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1)], target)
    before = _dump(target)
    _with_step_two(
        monkeypatch, "CREATE TABLE fosterkit_audit (note TEXT)", "INSERT INTO no_such_table VALUES (1)"
    )
    cause = _export_error([_departure(2)], target)
    assert isinstance(cause, DatabaseError)
    assert str(cause) == f"{target}: cannot use the database (no such table: no_such_table)"
    assert _dump(target) == before


def test_the_reader_refuses_an_older_database_until_it_is_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1)], target)
    _with_step_two(monkeypatch, "CREATE TABLE fosterkit_audit (note TEXT)")
    assert _message(_read_error(target)) == (
        "schema version 1 is older than this fosterkit-sqlite's (2); "
        "export to the database, or call fosterkit_sqlite.upgrade on it, to migrate it first"
    )
    assert upgrade(target) == 2
    assert list(IMPORTER.records(target)) == [_departure(1)]


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1)], target)
    _run(target, "UPDATE fosterkit_meta SET value = '2' WHERE name = 'schema_version'")
    before = target.read_bytes()
    expected = (
        "schema version 2 is newer than this fosterkit-sqlite knows (1); "
        "use a newer fosterkit-sqlite with this database"
    )
    cause = _export_error([_departure(2)], target)
    assert _message(cause) == expected
    assert str(target) in str(cause)
    assert target.read_bytes() == before
    error = _read_error(target)
    assert (error.problems[0].path, error.problems[0].message) == ("fosterkit_meta", expected)


def test_a_schema_version_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1)], target)
    _run(target, "UPDATE fosterkit_meta SET value = 'two' WHERE name = 'schema_version'")
    assert _message(_read_error(target)) == "schema_version is 'two', not a whole number"


def test_a_case_systems_own_tables_are_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "case.db"
    _run(target, "CREATE TABLE carers (ref TEXT)", "INSERT INTO carers VALUES ('A1')")
    EXPORTER.export([_departure(1)], target)
    assert _query(target, "SELECT ref FROM carers") == [("A1",)]
    assert list(IMPORTER.records(target)) == [_departure(1)]


def test_a_table_of_the_kinds_name_made_by_others_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "case.db"
    _run(target, "CREATE TABLE departure (ref TEXT)")
    cause = _export_error([_departure(1)], target)
    assert (
        _message(cause)
        == "the database has a table or index named 'departure' that fosterkit-sqlite did not make"
    )


# --- reading: errors -------------------------------------------------------------------------


def _departures_db(tmp_path: Path) -> Path:
    target = tmp_path / "d.db"
    EXPORTER.export([_departure(1), _departure(2)], target)
    return target


def test_a_renamed_column_is_named(tmp_path: Path) -> None:
    target = _departures_db(tmp_path)
    _run(target, 'ALTER TABLE departure RENAME COLUMN route TO "Route"')
    error = _read_error(target)
    (problem,) = error.problems
    assert (problem.path, problem.message) == (
        "table departure",
        "not a departure table: missing columns route; unexpected columns Route",
    )
    assert str(error).startswith(f"{target}: invalid data: table departure: not a departure table")
    # The exporter refuses it too, rather than writing around it.
    assert _message(_export_error([_departure(3)], target)) == problem.message


def test_a_column_of_another_type_is_named(tmp_path: Path) -> None:
    target = tmp_path / "d.db"
    EXPORTER.export([], target, kind="departure")
    _run(
        target,
        "ALTER TABLE departure DROP COLUMN destination",
        "ALTER TABLE departure ADD COLUMN destination INTEGER",
    )
    assert _message(_read_error(target)) == "column 'destination' is INTEGER, not TEXT"


def test_bad_json_names_its_column(tmp_path: Path) -> None:
    target = _departures_db(tmp_path)
    _run(target, "UPDATE departure SET stated_reasons = '[\"a\"' WHERE id = 'DEP-1'")
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.path, problem.entry) == (
        "departure id 'DEP-1'",
        "stated_reasons",
        "DEP-1",
    )
    assert problem.message == "'[\"a\"' is not valid JSON (Expecting ',' delimiter)"


def test_a_yes_no_cell_that_is_not_0_or_1_is_named(tmp_path: Path) -> None:
    target = tmp_path / "r.db"
    EXPORTER.export(conformance.sample_records(2), target)
    _run(target, "UPDATE data_collection_record SET consent_to_anonymised_use = 2 WHERE id = 'DCR-000001'")
    (problem,) = _read_error(target).problems
    assert (problem.source, problem.path, problem.entry, problem.message) == (
        "data_collection_record id 'DCR-000001'",
        "consent_to_anonymised_use",
        "DCR-000001",
        "2 is not 0 or 1 (a yes/no column)",
    )


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_bytes(b"id,household_id\r\nDEP-1,HH-1\r\n")
    assert _message(_read_error(target)) == "not a sound SQLite database (file is not a database)"
    # Nor is it written over.
    cause = _export_error([_departure()], target)
    assert str(cause) == f"{target}: not a sound SQLite database (file is not a database)"
    assert target.read_bytes() == b"id,household_id\r\nDEP-1,HH-1\r\n"


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_a_truncated_database_is_named(tmp_path: Path, keep: float) -> None:
    target = tmp_path / "r.db"
    EXPORTER.export(conformance.sample_records(300), target)
    data = target.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    assert _message(_read_error(target)) == "not a sound SQLite database (database disk image is malformed)"


def test_a_missing_file_is_named_and_not_made(tmp_path: Path) -> None:
    target = tmp_path / "nowhere.db"
    assert _message(_read_error(target)) == "no such database file"
    assert not target.exists()


def test_an_empty_file_is_not_a_fosterkit_database(tmp_path: Path) -> None:
    target = tmp_path / "empty.db"
    target.write_bytes(b"")
    assert _message(_read_error(target)) == "not a fosterkit database: it has no fosterkit_meta table"


# --- the entry point -------------------------------------------------------------------------


def test_found_through_its_entry_point() -> None:
    offers = conformance.check_plugin("sqlite")
    assert (offers.info.distribution, offers.info.version) == ("fosterkit-sqlite", "0.1.0")
    assert offers.info.hooks == ("fosterkit_exporters", "fosterkit_importers")
    exporter, importer = offers.exporters["sqlite"], offers.importers["sqlite"]
    assert exporter.suffixes == importer.suffixes == (".sqlite", ".db")
    assert exporter.atomic is False
    assert [o.name for o in exporter.options] == ["kind", "special_category"]
    assert [o.name for o in importer.options] == ["kind", "special_category"]
    assert all(isinstance(o, Option) for o in exporter.options)
    assert exporter.options[0].choices == ("", *RECORD_KINDS)
