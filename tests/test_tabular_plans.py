"""The per-column readers worked out once give exactly what the general cell reader gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit.serial.cells import Column, cell_reader, read_cell, restore, same
from fosterkit.serial.kinds import RECORD_KINDS
from fosterkit.serial.tabular import table_schema

COLUMNS = [c for kind in RECORD_KINDS.values() for c in table_schema(kind, special_category=True).columns]
CELLS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["", "true", "false", "1", "-1", "1.5", "[1]", '["a"]', "{", "'=x", "2024-01-01"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


def outcome(read: object) -> tuple[str, object]:
    try:
        return ("value", read())  # type: ignore[operator]
    except ValueError as err:
        return ("error", str(err))


@settings(max_examples=500, deadline=None)
@given(column=st.sampled_from(COLUMNS), cell=CELLS, safe=st.booleans())
def test_a_column_reader_agrees_with_the_cell_reader(column: Column, cell: object, safe: bool) -> None:
    unguard = restore if safe else same
    assert outcome(lambda: cell_reader(column, unguard)(cell)) == outcome(
        lambda: read_cell(column, cell, unguard)
    )


@given(st.text(alphabet=" =+-@'\t\r\nab\uff1d", max_size=8))
def test_no_neutralised_text_looks_like_a_formula_and_every_one_comes_back(text: str) -> None:
    from fosterkit.serial.cells import looks_like_formula, neutralise

    guarded = neutralise(text)
    assert not looks_like_formula(guarded)
    assert restore(guarded) == text


def test_spaces_before_a_formula_are_guarded_too() -> None:
    from fosterkit.serial.cells import looks_like_formula, neutralise

    assert looks_like_formula(" =SUM(A1:A3)")
    assert looks_like_formula("   @everyone")
    assert not looks_like_formula(" plain text")
    assert neutralise(" =SUM(A1:A3)") == "' =SUM(A1:A3)"
    assert neutralise("  -2") == "'  -2"
