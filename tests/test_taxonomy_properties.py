"""Property tests of the taxonomy, written with the strategies fosterkit ships to its users."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import Taxonomy
from fosterkit.errors import TaxonomyError
from fosterkit.reasons import extend_taxonomy
from fosterkit.serial import taxonomy_from_dict, taxonomy_from_json, taxonomy_to_dict, taxonomy_to_json
from fosterkit.testing import check_taxonomy
from fosterkit.testing import strategies as fks
from fosterkit.testing.taxonomy_strategies import PRACTICE_GUIDE_ELEMENTS


@given(fks.taxonomies())
def test_validation_accepts_every_generated_taxonomy(taxonomy: Taxonomy) -> None:
    again = taxonomy_from_dict(taxonomy_to_dict(taxonomy), elements=PRACTICE_GUIDE_ELEMENTS)
    assert again == taxonomy
    check_taxonomy(taxonomy)


@given(fks.broken_taxonomy_data())
def test_validation_rejects_every_broken_taxonomy_with_the_right_error(broken: fks.BrokenTaxonomy) -> None:
    with pytest.raises(TaxonomyError) as caught:
        taxonomy_from_dict(broken.data, elements=PRACTICE_GUIDE_ELEMENTS, source="generated")
    assert caught.value.source == "generated"
    problems = caught.value.problems
    assert any(p.field == broken.field and broken.code in (None, p.entry) for p in problems), (
        broken.defect,
        problems,
    )


@given(fks.taxonomies(), st.data())
def test_migration_always_ends_at_a_live_code(taxonomy: Taxonomy, data: st.DataObject) -> None:
    code = data.draw(fks.codes(taxonomy))
    live = taxonomy.migrate(code)
    assert taxonomy.get(live).is_live
    assert taxonomy.migrate(live) == live


@given(fks.taxonomies())
def test_json_round_trips_are_exact(taxonomy: Taxonomy) -> None:
    assert taxonomy_from_json(taxonomy_to_json(taxonomy, indent=None)) == taxonomy


@given(
    fks.taxonomies().flatmap(lambda t: st.tuples(st.just(t), fks.taxonomy_extensions(t, name="A"))), st.data()
)
def test_merging_non_conflicting_extensions_is_order_independent(
    pair: tuple[Taxonomy, object], data: st.DataObject
) -> None:
    taxonomy, first = pair
    merged_first = extend_taxonomy(taxonomy, first)  # type: ignore[arg-type]
    second = data.draw(fks.taxonomy_extensions(merged_first, name="B"))
    one_way = extend_taxonomy(taxonomy, first, second)  # type: ignore[arg-type]
    other_way = extend_taxonomy(taxonomy, second, first)  # type: ignore[arg-type]
    assert one_way == other_way
    assert taxonomy_to_dict(one_way) == taxonomy_to_dict(other_way)
    assert set(one_way.codes) == set(taxonomy.codes) | {r.code for r in (*first.reasons, *second.reasons)}  # type: ignore[attr-defined]


@given(fks.taxonomies(), st.data())
def test_counts_are_conserved_when_rolled_up(taxonomy: Taxonomy, data: st.DataObject) -> None:
    codes = data.draw(st.lists(fks.codes(taxonomy), max_size=30))
    level = data.draw(st.integers(1, 4))
    assert sum(taxonomy.count(codes, level=level).values()) == len(codes)
    for code in taxonomy.count(codes, level=level):
        assert taxonomy.get(code).level <= level
