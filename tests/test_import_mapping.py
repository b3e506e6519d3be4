from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from fosterkit.adapters.packs import load_mapping_file, load_taxonomy, parse_mapping_toml
from fosterkit.errors import Problem
from fosterkit.imports.compiled import CompiledMapping, compile_mapping
from fosterkit.imports.mapping import MappingError
from fosterkit.imports.rows import MappedRow, RejectedRow, map_rows
from fosterkit.imports.source import Cell, SourceRow
from fosterkit.records import Departure, Household, HouseholdStatus

TAXONOMY = load_taxonomy()

LEAVERS = """
schema_version = 1

[source]
ignore = ["Carer name"]

[records.household]
id = "Household"
"service.name" = { default = "Anytown Fostering" }
"service.kind" = { default = "local_authority" }
"carers[0].id" = "Carer 1"
"carers[1].id" = "Carer 2"
approved_on = "Approved"
approval_kind = { default = "mainstream" }
approved_for = { column = "Types", split = ";", values = { LT = "long_term", ST = "short_term" } }
caring_now = { column = "Caring", default = false }
"history[0].status" = { default = "approved" }
"history[0].since" = "Approved"
"history[1].status" = { default = "deregistered" }
"history[1].since" = "Date Left"

[records.departure]
id = "Ref"
household_id = "Household"
notice_on = "Notice"
leaving_on = "Date Left"
route = { column = "Route", values = { RES = "resignation", RET = "retirement" } }
initiated_by = { default = "carer" }
stated_reasons = { columns = ["Reason", "Reason 2"], values = { RET = "personal.retirement" } }
"""

HEADER = [
    "Ref",
    "Household",
    "Carer name",
    "Carer 1",
    "Carer 2",
    "Approved",
    "Types",
    "Caring",
    "Notice",
    "Date Left",
    "Route",
    "Reason",
    "Reason 2",
]


def compiled(text: str = LEAVERS) -> CompiledMapping:
    return compile_mapping(parse_mapping_toml(text), TAXONOMY)


def problems(text: str) -> list[str]:
    with pytest.raises(MappingError) as caught:
        compiled(text)
    return [p.describe() for p in caught.value.problems]


def row(**cells: Cell) -> list[Cell]:
    base: dict[str, Cell] = {
        "Ref": "D1",
        "Household": "H1",
        "Carer name": "Siân Ŵyn",
        "Carer 1": "C1",
        "Carer 2": "",
        "Approved": "01/04/2015",
        "Types": "LT; ST",
        "Caring": "no",
        "Notice": "01/02/2024",
        "Date Left": "01/03/2024",
        "Route": "RET",
        "Reason": "RET",
        "Reason 2": "",
    }
    base.update({k.replace("_", " "): v for k, v in cells.items()})
    return [base[h] for h in HEADER]


def test_one_row_gives_a_household_and_its_departure() -> None:
    table = map_rows([(1, HEADER), (2, row())], compiled())
    (mapped,) = list(table.rows)
    assert isinstance(mapped, MappedRow)
    household, departure = mapped.records
    assert isinstance(household, Household)
    assert [c.id for c in household.carers] == ["C1"]  # the blank second carer is left out
    assert household.approved_for[0].value == "long_term"
    assert household.status is HouseholdStatus.DEREGISTERED
    assert household.history[1].since == datetime.date(2024, 3, 1)
    assert isinstance(departure, Departure)
    assert departure.stated_reasons == ("personal.retirement",)
    assert departure.route.value == "retirement"


def test_a_list_item_whose_columns_are_all_blank_is_left_out_defaults_and_all() -> None:
    table = map_rows([(1, HEADER), (2, row(Date_Left=""))], compiled())
    (mapped,) = list(table.rows)
    assert isinstance(mapped, MappedRow)
    household, departure = mapped.records
    assert household.status is HouseholdStatus.APPROVED
    assert departure.leaving_on is None


def test_every_problem_in_a_row_is_named_with_its_column_and_value() -> None:
    bad = row(Notice="31/02/2024", Route="Resigned", Reason="RETD", Caring="maybe", Carer_1="")
    table = map_rows([(1, HEADER), (7, bad)], compiled())
    (rejected,) = list(table.rows)
    assert isinstance(rejected, RejectedRow)
    messages = [p.describe() for p in rejected.problems]
    assert "row 7: `31/02/2024` in column `Notice` is not a date (February 2024 has no day 31)" in messages
    assert "row 7: code `RETD` in column `Reason` is not mapped — did you mean `RET`?" in messages
    assert any("`Resigned` in column `Route`" in m and "did you mean `resignation`" in m for m in messages)
    assert any("`maybe` in column `Caring` is not yes or no" in m for m in messages)
    assert "row 7: carers (`Carer 1`, `Carer 2` empty): required field is missing" in messages
    assert rejected.cells == bad


def test_rules_of_the_record_are_reported_against_the_columns() -> None:
    table = map_rows([(1, HEADER), (3, row(Notice="01/05/2024"))], compiled())
    (rejected,) = list(table.rows)
    assert isinstance(rejected, RejectedRow)
    messages = [p.message for p in rejected.problems]
    assert (
        "`01/03/2024` in column `Date Left`: 2024-03-01 is before notice was given (2024-05-01)" in messages
    )
    assert rejected.problems[0].entry == "D1"


def test_title_rows_above_the_header_and_blank_rows_are_passed_over() -> None:
    rows: list[SourceRow] = [
        (1, ["Leavers 2024-25"] + [None] * 12),
        (2, ["Carer details", None, None, None, None, None, None, None, "Leaving"]),
        (3, [" ref ", *HEADER[1:]]),
        (4, [None] * 13),
        (5, row()),
        (6, ["", "  "]),
    ]
    table = map_rows(rows, compiled())
    assert table.header_row == 3
    assert [r.row for r in table.rows] == [5]
    assert (table.counts.before_header, table.counts.blank, table.counts.rows) == (2, 2, 1)


def test_a_header_missing_a_column_is_one_error_before_any_row() -> None:
    header = [h if h != "Date Left" else "Date left (dd/mm)" for h in HEADER]
    with pytest.raises(MappingError) as caught:
        map_rows([(1, header), (2, row())], compiled())
    (problem,) = caught.value.problems
    assert "the file has no column 'Date Left'" in problem.message
    assert "did you mean 'Date left (dd/mm)'" in problem.message


def test_columns_neither_mapped_nor_ignored_are_refused_by_name() -> None:
    with pytest.raises(MappingError, match="columns neither mapped nor ignored: 'Address'"):
        map_rows([(1, [*HEADER, "Address"])], compiled())


def test_reserved_columns_of_a_rejects_file_are_passed_over() -> None:
    table = map_rows(
        [(1, ["fosterkit_row", "fosterkit_problems", *HEADER]), (2, [7, "was wrong", *row()])], compiled()
    )
    (mapped,) = list(table.rows)
    assert isinstance(mapped, MappedRow)


def test_values_beyond_the_header_are_a_problem_not_lost() -> None:
    table = map_rows([(1, HEADER), (2, [*row(), "stray"])], compiled())
    (rejected,) = list(table.rows)
    assert isinstance(rejected, RejectedRow)
    assert "`stray` is beyond the last column of the header (column 14)" in rejected.problems[0].message


def test_an_explicit_header_row() -> None:
    text = LEAVERS.replace('ignore = ["Carer name"]', 'ignore = ["Carer name"]\nheader_row = 2')
    table = map_rows([(1, HEADER), (2, HEADER), (3, row())], compiled(text))
    assert table.header_row == 2
    with pytest.raises(MappingError, match="no row 2"):
        map_rows([(1, HEADER)], compiled(text))


def test_no_header_at_all() -> None:
    with pytest.raises(MappingError, match="no row among the first 2 names any mapped column"):
        map_rows([(1, ["a", "b"]), (2, ["c", "d"])], compiled())


def test_an_empty_source_has_no_rows() -> None:
    table = map_rows([], compiled())
    assert list(table.rows) == []


def test_a_wrong_mapping_lists_every_problem_at_once() -> None:
    text = """
schema_version = 1
[source]
dates = ["mm/dd/yyyy"]
[records.departure]
id = "Ref"
household_idd = "HH"
notice_on = { column = "Notice", dates = ["dd/mm/yyyy"] }
route = { column = "Route", values = { RES = "resign" } }
initiated_by = { default = "someone" }
stated_reasons = { columns = ["Reason"], values = { R = "no.such" } }
leaving_on = { column = "Left", split = ";" }
[records.carer]
id = "X"
"""
    found = problems(text)
    assert any("'mm/dd/yyyy' is not a date form" in p for p in found)
    assert any("Departure has no field 'household_idd'; did you mean 'household_id'?" in p for p in found)
    assert any("route.values.RES: 'resign' is not one of" in p for p in found)
    assert any("initiated_by.default: 'someone' is not one of" in p for p in found)
    assert any("stated_reasons.values.R: 'no.such' is mapped" in p or "'no.such'" in p for p in found)
    assert any("leaving_on.split: only a field holding several values is split" in p for p in found)
    assert any("required field 'household_id' is not mapped" in p for p in found)
    assert any("'carer' is not a record kind" in p for p in found)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("service", "'service' is a group of fields: map each one, as service.name"),
        ("carers", "'carers' is a list of records: map each one's fields, as carers[0].id"),
        ("carers[0]", "'carers[0]' is a record; map its fields"),
        ("approved_for[0]", "'approved_for' is not a list of records"),
        ("approved_on.year", "holds a single value; it has no field 'year'"),
        ("1bad", "is not a field path"),
    ],
)
def test_field_paths_that_lead_nowhere(path: str, message: str) -> None:
    text = LEAVERS + f'\n[records.household."{path}"]\ncolumn = "Approved"\n'
    text = text.replace("[records.departure]", "[records.departure]", 1)
    # A second table for the household kind is not TOML; build a fresh mapping instead.
    mapping = f'schema_version = 1\n[records.household]\n"{path}" = "Approved"\n'
    assert any(message in p for p in problems(mapping))


def test_nested_required_fields_are_checked() -> None:
    mapping = (
        'schema_version = 1\n[records.household]\nid = "H"\n"service.name" = "S"\n"carers[0].id" = "C"\n'
    )
    found = problems(mapping)
    assert any("required field 'service.kind' is not mapped" in p for p in found)
    assert any("required field 'approved_on' is not mapped" in p for p in found)
    assert not any("carers" in p for p in found)


def test_a_mapped_and_ignored_column_and_a_field_mapped_twice() -> None:
    mapping = (
        'schema_version = 1\n[source]\nignore = ["Ref"]\n'
        '[records.departure]\nid = "Ref"\n"household_id" = "HH"\n" household_id" = "HH2"\n'
    )
    found = problems(mapping)
    assert any("column 'Ref' is both mapped and ignored" in p for p in found)


def test_todo_left_by_a_draft_is_refused_by_place() -> None:
    mapping = (
        'schema_version = 1\n[records.departure]\nid = "TODO"\nhousehold_id = "HH"\nnotice_on = "N"\n'
        'initiated_by = { default = "TODO" }\nroute = { column = "R", values = { X = "TODO" } }\n'
    )
    found = problems(mapping)
    assert any("records.departure.id: the column is still TODO" in p for p in found)
    assert any("initiated_by.default: the default is still TODO" in p for p in found)
    assert any("route.values.X: 'X' still maps to TODO" in p for p in found)
    assert not any("is not mapped" in p for p in found)


def test_the_shape_of_the_file_is_checked_first() -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping_toml("schema_version = 2\n")
    assert "schema version 2 is not supported" in str(caught.value)
    with pytest.raises(MappingError, match="not valid TOML"):
        parse_mapping_toml("schema_version = \n")
    with pytest.raises(MappingError, match=r"records.*\[records.KIND\]"):
        parse_mapping_toml("schema_version = 1\n[source]\n")


def test_a_mapping_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"missing\.toml: no such file$"):
        load_mapping_file(tmp_path / "missing.toml")
    path = tmp_path / "map.toml"
    path.write_text(LEAVERS, encoding="utf-8")
    mapping = load_mapping_file(path)
    assert mapping.name == str(path)
    assert mapping.source.ignore == ("Carer name",)


def test_named_rows_are_checked_one_by_one() -> None:
    text = LEAVERS.replace('ignore = ["Carer name"]', 'ignore = ["Carer name", "Notes"]')
    named: dict[str, Cell] = dict(zip(HEADER, row(), strict=True))
    table = map_rows([(1, named), (2, {**named, "Ref": "D2", "Extra": "x"})], compiled(text))
    first, second = list(table.rows)
    assert isinstance(first, MappedRow)
    assert isinstance(second, RejectedRow)
    assert "column `Extra` is neither mapped nor ignored" in second.problems[0].message
    assert table.header is None


def test_undecodable_text_is_rejected_with_advice() -> None:
    bad = row(Ref="D\udce9")
    (rejected,) = list(map_rows([(1, HEADER), (2, bad)], compiled()).rows)
    assert isinstance(rejected, RejectedRow)
    assert 'encoding = "cp1252"' in rejected.problems[0].message


def test_problem_descriptions() -> None:
    assert Problem(path="x", message="y").describe() == "x: y"
