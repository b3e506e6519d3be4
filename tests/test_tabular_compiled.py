"""The row makers compiled for each record kind give exactly the rows of the general row maker."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.serial.kinds import RECORD_KINDS
from fosterkit.serial.row_plans import compiled_plan, general_plan
from fosterkit.serial.tabular import FORMULA_STARTS, table_schema
from fosterkit.testing import strategies
from fosterkit.testing.conformance import sample_records

#: A strategy for each record kind the tables hold.
KINDS = strategies.records_by_kind()


def outcome(make: Any, record: object) -> tuple[str, object]:
    try:
        return ("row", make(record))
    except Exception as err:  # noqa: BLE001 - whatever the general maker raises, the compiled one must too
        return ("error", type(err))


def test_every_record_kind_has_a_strategy() -> None:
    assert set(KINDS) == set(RECORD_KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), safe=st.booleans(), text=st.booleans(), special=st.booleans())
def test_compiled_row_maker_gives_the_general_row(
    kind: str, data: st.DataObject, safe: bool, text: bool, special: bool
) -> None:
    record = data.draw(KINDS[kind], label="record")
    schema = table_schema(kind, special_category=special)
    compiled = compiled_plan(schema, safe=safe, text=text)
    assert compiled is not None
    general = general_plan(schema, safe=safe, text=text)
    assert outcome(compiled, record) == outcome(general, record)


FORMULA_LIKE = st.text(alphabet=st.sampled_from(sorted(FORMULA_STARTS | {"'", "a", " "})), max_size=4)


@given(text=st.one_of(FORMULA_LIKE, st.text(max_size=6)), safe=st.booleans())
def test_compiled_text_cells_are_neutralised_as_the_general_ones(text: str, safe: bool) -> None:
    record = attrs.evolve(next(sample_records(1)), went_well=text, would_have_kept=text)
    schema = table_schema("data_collection_record")
    for as_text in (True, False):
        compiled = compiled_plan(schema, safe=safe, text=as_text)
        assert compiled is not None
        assert compiled(record) == general_plan(schema, safe=safe, text=as_text)(record)
