from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.packs import load_taxonomy
from fosterkit.imports.values import (
    BadValue,
    ValueKind,
    clean,
    date_format_problem,
    shown,
    value_reader,
)
from fosterkit.records import LeavingRoute

D = datetime.date


def read_date(cell: object, *forms: str) -> object:
    return value_reader(ValueKind.DATE, dates=forms or ("dd/mm/yyyy", "iso", "excel"))(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31/01/2024", D(2024, 1, 31)),
        ("1/2/2024", D(2024, 2, 1)),
        ("01-02-2024", D(2024, 2, 1)),
        ("01.02.2024", D(2024, 2, 1)),
        ("2024-02-01", D(2024, 2, 1)),
        ("2024-02-01 00:00:00", D(2024, 2, 1)),
        ("2024-02-01T00:00", D(2024, 2, 1)),
        ("45322", D(2024, 1, 31)),
        (45322, D(2024, 1, 31)),
        (45322.75, D(2024, 1, 31)),
        (61, D(1900, 3, 1)),
        (59, D(1900, 2, 28)),
        (1, D(1900, 1, 1)),
        (D(2023, 5, 6), D(2023, 5, 6)),
        (datetime.datetime(2023, 5, 6, 0, 0), D(2023, 5, 6)),
        (datetime.datetime(2023, 5, 6, 14, 30), D(2023, 5, 6)),
    ],
)
def test_dates_in_the_forms_met_in_practice(cell: object, expected: datetime.date) -> None:
    assert read_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("31/02/2024", "February 2024 has no day 31"),
        ("29/02/2023", "February 2023 has no day 29"),
        ("12/13/2024", "there is no month 13"),
        ("2024/02/01", "is not a date in a form this mapping reads"),
        ("next week", "is not a date in a form this mapping reads"),
        (60, "29 February 1900, which never was"),
        (0, "runs from 1 to 2958465"),
        (True, "is not a date"),
    ],
)
def test_dates_that_are_not_dates_say_why(cell: object, why: str) -> None:
    with pytest.raises(BadValue, match=why):
        read_date(cell)


def test_a_number_is_a_date_only_when_excel_day_numbers_are_allowed() -> None:
    with pytest.raises(BadValue, match="add 'excel'"):
        read_date(45322, "dd/mm/yyyy")


def test_other_date_forms() -> None:
    assert read_date("3 Mar 2024", "d mon yyyy") == D(2024, 3, 3)
    assert read_date("3 March 2024", "d mon yyyy") == D(2024, 3, 3)
    assert read_date("01/02/24", "dd/mm/yy") == D(2024, 2, 1)
    assert read_date("01/02/85", "dd/mm/yy") == D(1985, 2, 1)
    assert read_date("2024.02.01", "%Y.%m.%d") == D(2024, 2, 1)


def test_a_form_that_fits_an_impossible_day_lets_later_forms_try() -> None:
    assert read_date("12/31/2024", "dd/mm/yyyy", "%m/%d/%Y") == D(2024, 12, 31)
    assert read_date("20240131", "dd/mm/yyyy", "iso", "excel", "%Y%m%d") == D(2024, 1, 31)
    with pytest.raises(BadValue, match="there is no month 31"):
        read_date("12/31/2024")


def test_date_forms_are_checked() -> None:
    assert date_format_problem("iso") is None
    assert date_format_problem("%d.%m.%Y") is None
    message = date_format_problem("mm/dd/yyyy")
    assert message is not None
    assert "is not a date form" in message


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(9999, 12, 31)))
def test_excel_day_numbers_agree_with_the_calendar(day: datetime.date) -> None:
    serial = (day - D(1899, 12, 30)).days
    assert read_date(serial) == day
    assert read_date(day.strftime("%d/%m/%Y")) == day
    assert read_date(day.isoformat()) == day


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Yes", True), ("n", False), ("TRUE", True), ("0", False), (1, True), (False, False)],
)
def test_yes_and_no(cell: object, expected: bool) -> None:
    assert value_reader(ValueKind.BOOL)(cell) is expected


def test_numbers() -> None:
    assert value_reader(ValueKind.INT)("1,200") == 1200
    assert value_reader(ValueKind.INT)(3.0) == 3
    assert value_reader(ValueKind.INT)("4.0") == 4
    assert value_reader(ValueKind.FLOAT)("£1,250.50") == 1250.5
    with pytest.raises(BadValue, match="not a whole number"):
        value_reader(ValueKind.INT)("3.5")
    with pytest.raises(BadValue, match="yes/no"):
        value_reader(ValueKind.INT)(True)


def test_text_from_typed_cells() -> None:
    read = value_reader(ValueKind.TEXT)
    assert read(12345.0) == "12345"
    assert read(D(2024, 1, 2)) == "02/01/2024"
    with pytest.raises(BadValue):
        read(True)


def test_choices_by_value_map_value_name_and_spacing() -> None:
    read = value_reader(ValueKind.ENUM, choices=LeavingRoute, values={"RES": "resignation"}, field="route")
    assert read("RES") == "resignation"
    assert read("res") == "resignation"
    assert read("Retirement") == "retirement"
    assert read("Termination after allegation") == "termination_after_allegation"
    assert read("termination-after-allegation") == "termination_after_allegation"
    with pytest.raises(BadValue, match="did you mean `RES`") as caught:
        read("RESS")
    assert "is not mapped under [values] for route" in caught.value.tail


def test_reason_codes_are_mapped_then_checked_against_the_taxonomy() -> None:
    taxonomy = load_taxonomy()
    read = value_reader(ValueKind.REASON, taxonomy=taxonomy, values={"RET": "personal.retirement"})
    assert read("RET") == "personal.retirement"
    assert read("personal.health") == "personal.health"
    with pytest.raises(BadValue) as caught:
        read("RETD")
    assert caught.value.noun == "code"
    assert caught.value.tail == "is not mapped — did you mean `RET`?"
    bad = value_reader(ValueKind.REASON, taxonomy=taxonomy, values={"X": "no.such"})
    with pytest.raises(BadValue, match=r"mapped to 'no\.such', which the taxonomy does not know"):
        bad("X")


def test_cleaning_cells() -> None:
    assert clean("  D1 \u00a0") == "D1"
    assert clean("   ") is None
    assert clean("'=SUM(A1)") == "=SUM(A1)"
    assert clean("'quoted") == "'quoted"
    assert clean(3) == 3


def test_shown() -> None:
    assert shown(D(2024, 2, 1)) == "01/02/2024"
    assert shown(datetime.datetime(2024, 2, 1, 9, 5)) == "01/02/2024 09:05"
    assert shown(3.0) == "3"
    assert shown(["a", 1]) == "a, 1"
