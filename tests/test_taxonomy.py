"""The built-in reasons taxonomy, its rules, queries, migration and extensions."""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import pytest

from fosterkit import Reason, TaxonomyExtension, Triage, load_catalogue, load_taxonomy
from fosterkit.adapters.packs import parse_taxonomy_toml
from fosterkit.errors import TaxonomyError, UnknownCodeError
from fosterkit.reasons import AliasSet, Influence, extend_taxonomy
from fosterkit.serial import taxonomy_from_json, taxonomy_to_dict, taxonomy_to_json
from fosterkit.testing import check_taxonomy

REQUIRED = [
    "support.supervising_social_worker",
    "support.out_of_hours",
    "support.short_breaks",
    "support.training",
    "support.peer_support",
    "support.child_needs",
    "valued.equal_partner",
    "valued.decisions_and_reviews",
    "valued.delegated_authority",
    "valued.information_about_child",
    "valued.listened_to",
    "finance.fees_allowances",
    "finance.payment_problems",
    "finance.tax_benefits",
    "finance.work",
    "allegations.allegation",
    "allegations.standards_of_care",
    "placements.outside_approval_range",
    "placements.poor_matching",
    "placements.none_offered",
    "placements.unplanned_ending",
    "placements.cancelled_without_explanation",
    "wellbeing.burnout",
    "wellbeing.own_children",
    "personal.retirement",
    "personal.health",
    "personal.family_change",
    "personal.moving",
    "personal.work",
    "positive.special_guardianship",
    "positive.adoption",
    "positive.child_arrangements_order",
    "positive.staying_put",
    "positive.returned_home",
    "transfer.local_authority",
    "transfer.independent_agency",
    "transfer.trust_or_other",
    "decisions.approval_terminated",
    "staff.supervising_social_worker_changes",
    "concerns.inappropriate_conduct",
    "concerns.safeguarding",
    "other.not_stated",
]


# -- the built-in pack -------------------------------------------------------------------------


def test_builtin_taxonomy_covers_the_required_reasons() -> None:
    taxonomy = load_taxonomy()
    leaves = {r.code for r in taxonomy.leaves()}
    assert set(REQUIRED) <= leaves


def test_builtin_taxonomy_passes_the_public_check() -> None:
    assert check_taxonomy(load_taxonomy()) is load_taxonomy()


def test_every_leaf_has_one_known_national_category_and_its_other_mappings() -> None:
    taxonomy = load_taxonomy()
    categories = {c.id for c in taxonomy.national.categories}
    for leaf in taxonomy.leaves():
        resolved = taxonomy.resolve(leaf.code)
        assert resolved.national_category in categories, leaf.code
        assert resolved.influence is not None
        assert resolved.triage is not None


def test_inappropriate_conduct_and_safeguarding_are_urgent_by_default() -> None:
    taxonomy = load_taxonomy()
    urgent = {r.code for r in taxonomy.leaves() if taxonomy.resolve(r.code).triage is Triage.URGENT}
    assert urgent == {"concerns.inappropriate_conduct", "concerns.safeguarding"}


@pytest.mark.parametrize(
    ("code", "category", "ssda903"),
    [
        ("allegations.allegation", "allegations", "ALLEG"),
        ("allegations.standards_of_care", "standards_of_care", "STAND"),
        ("decisions.approval_terminated", "approval_terminated", "APPRR"),
        ("wellbeing.child_behaviour", "personal_circumstances", "CREQB"),
        ("personal.retirement", "retirement", "CLOSE"),
        ("transfer.independent_agency", "transfer", "CLOSE"),
    ],
)
def test_crosswalks(code: str, category: str, ssda903: str) -> None:
    resolved = load_taxonomy().resolve(code)
    assert (resolved.national_category, resolved.ssda903_reason) == (category, ssda903)


def test_positive_endings_map_to_episode_ceased_codes() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.resolve("positive.special_guardianship").ssda903_ceased == ("E45", "E46")
    assert taxonomy.resolve("positive.adoption").ssda903_ceased == ("E11", "E12")
    assert taxonomy.resolve("positive.staying_put").ssda903_ceased == ("E17",)
    assert taxonomy.resolve("positive.adoption").influence is Influence.NO
    assert taxonomy.resolve("positive.adoption").national_category == "child_permanence"


def test_national_categories_are_data_with_provenance() -> None:
    national = load_taxonomy().national
    assert national.confirmed is False
    assert national.checked == datetime.date(2026, 11, 23)
    assert "Ofsted" in national.source
    assert len(national.categories) == 9


def test_references_point_into_the_catalogue() -> None:
    taxonomy = load_taxonomy()
    rows = set(load_catalogue(taxonomy.pack.framework).coverage().rows)
    assert set(taxonomy.reverse_map()) <= rows
    assert taxonomy.element_references() <= rows


def test_json_round_trip() -> None:
    taxonomy = load_taxonomy()
    again = taxonomy_from_json(taxonomy_to_json(taxonomy))
    assert again == taxonomy
    assert taxonomy_to_dict(again)["schema_version"] == 1


# -- queries -----------------------------------------------------------------------------------


def test_lookup_by_code_and_alias() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.get("support.training").label == "Training and learning"
    extended = load_taxonomy(
        extensions=[
            TaxonomyExtension(
                name="Anytown", aliases=(AliasSet(code="personal.retirement", names=("RET", "Retired")),)
            )
        ]
    )
    assert extended.get("ret").code == "personal.retirement"
    assert extended.get("  retired ").code == "personal.retirement"


def test_unknown_code_suggests_the_closest() -> None:
    taxonomy = load_taxonomy()
    with pytest.raises(UnknownCodeError) as caught:
        taxonomy.get("suport.trainng")
    assert caught.value.suggestions[0] == "support.training"
    assert "did you mean 'support.training'" in str(caught.value)
    with pytest.raises(UnknownCodeError) as caught:
        taxonomy.get("retirment")
    assert "personal.retirement" in caught.value.suggestions


def test_tree_queries() -> None:
    taxonomy = load_taxonomy()
    assert [r.code for r in taxonomy.ancestors("support.training")] == ["support"]
    assert [r.code for r in taxonomy.children("positive")][:2] == [
        "positive.special_guardianship",
        "positive.adoption",
    ]
    assert {r.code for r in taxonomy.descendants("transfer")} == {
        "transfer.local_authority",
        "transfer.independent_agency",
        "transfer.trust_or_other",
    }
    assert all(r.code.startswith("finance.") for r in taxonomy.leaves("finance"))
    assert taxonomy.at_level("support.training", 1) == "support"
    assert taxonomy.walk()[0].code == "support"


def test_by_national_category_and_reverse_map() -> None:
    taxonomy = load_taxonomy()
    assert {r.code for r in taxonomy.by_national_category("retirement")} == {"personal.retirement"}
    assert "support.peer_support" in {r.code for r in taxonomy.addressed_by("KP3")}
    assert taxonomy.reverse_map()["KP3"] == ("support.peer_support",)
    with pytest.raises(KeyError, match="unknown national category"):
        taxonomy.by_national_category("nope")


# -- rules -------------------------------------------------------------------------------------


def _pack_text() -> str:
    from importlib import resources

    return (
        resources.files("fosterkit")
        .joinpath("data", "taxonomies", "reasons-2026.toml")
        .read_text(encoding="utf-8")
    )


def test_broken_pack_lists_every_problem_at_once() -> None:
    text = _pack_text()
    text = text.replace('code = "support.out_of_hours"', 'code = "support.short_breaks"')
    text = text.replace('addressed_by = ["KP3", "R7"]', 'addressed_by = ["KP3", "R9"]')
    text = text.replace('code = "personal.moving"', 'code = "persona.moving"')
    text = text.replace('label = "Health"\n', "")
    text = text.replace(
        'code = "other.other"\nlabel = "Another reason"',
        'code = "other.other"\nlabel = "Another reason"\nnational_category = "elsewhere"',
    )
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy_toml(text, source="local.toml")
    found = {(p.entry, p.field) for p in caught.value.problems}
    assert found == {
        ("support.short_breaks", "code"),
        ("support.peer_support", "addressed_by"),
        ("persona.moving", "code"),
        ("personal.health", "label"),
        ("other.other", "national_category"),
    }
    message = str(caught.value)
    assert message.startswith("local.toml: invalid taxonomy, 5 problems:")
    assert "parent 'persona' does not exist" in message


def _reason(code: str, **kw: object) -> Reason:
    return Reason(code=code, label=code, **kw)  # type: ignore[arg-type]


def test_retired_codes_migrate_to_live_ones_and_old_records_still_count() -> None:
    base = load_taxonomy()
    reasons = (
        *base.reasons,
        _reason("support.respite", retired="2025.1", successor="support.breaks_old"),
        _reason("support.breaks_old", retired="2026.1", successor="support.short_breaks"),
    )
    taxonomy = attrs.evolve(base, reasons=reasons)
    assert taxonomy.migrate("support.respite") == "support.short_breaks"
    assert taxonomy.migrate("support.short_breaks") == "support.short_breaks"
    assert "support.respite" not in {r.code for r in taxonomy.leaves()}
    counts = taxonomy.count(["support.respite", "support.short_breaks", "personal.retirement"], level=1)
    assert counts == {"support": 2, "personal": 1}


def test_successor_cycles_are_refused() -> None:
    base = load_taxonomy()
    reasons = (
        *base.reasons,
        _reason("support.a", retired="2", successor="support.b"),
        _reason("support.b", retired="2", successor="support.a"),
    )
    with pytest.raises(TaxonomyError, match="cycle"):
        attrs.evolve(base, reasons=reasons)


def test_retired_code_needs_a_successor() -> None:
    base = load_taxonomy()
    with pytest.raises(TaxonomyError, match="needs a successor"):
        attrs.evolve(base, reasons=(*base.reasons, _reason("support.gone", retired="2")))


# -- extensions --------------------------------------------------------------------------------


def test_extension_codes_inherit_their_parents_mappings_unless_set() -> None:
    ext = TaxonomyExtension(
        name="Anytown",
        reasons=(
            _reason("support.supervising_social_worker.duty_cover"),
            _reason("personal.health.carers_own", influence=Influence.PARTLY, triage=Triage.URGENT),
        ),
    )
    taxonomy = load_taxonomy(extensions=[ext])
    duty = taxonomy.resolve("support.supervising_social_worker.duty_cover")
    parent = taxonomy.resolve("support.supervising_social_worker")
    assert (duty.national_category, duty.addressed_by, duty.influence) == (
        parent.national_category,
        parent.addressed_by,
        parent.influence,
    )
    assert taxonomy.resolve("personal.health.carers_own").triage is Triage.URGENT
    assert taxonomy.pack.extended_by == ("Anytown",)
    # the built-in leaf now has a local child: records coded with either are counted under support
    assert "support.supervising_social_worker" not in {r.code for r in taxonomy.leaves()}


def test_an_extension_may_not_redefine_a_builtin_code() -> None:
    ext = TaxonomyExtension(name="Anytown", reasons=(_reason("support.training"),))
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(extensions=[ext])
    [problem] = caught.value.problems
    assert problem.source == "Anytown"
    assert "redefines a built-in code" in problem.message


def test_conflicts_between_extensions_name_both() -> None:
    a = TaxonomyExtension(name="North", reasons=(_reason("support.local"),))
    b = TaxonomyExtension(name="South", reasons=(_reason("support.local"),))
    c = TaxonomyExtension(name="East", aliases=(AliasSet(code="support.training", names=("RET",)),))
    d = TaxonomyExtension(name="West", aliases=(AliasSet(code="personal.retirement", names=("ret",)),))
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(extensions=[a, b, c, d])
    messages = [p.describe() for p in caught.value.problems]
    assert any("South" in m and "also defined by extension 'North'" in m for m in messages)
    assert any("West" in m and "already names 'support.training' (in East)" in m for m in messages)


def test_extension_references_are_checked_against_the_catalogue() -> None:
    ext = TaxonomyExtension(
        name="Anytown", reasons=(_reason("finance.mileage", addressed_by=("KP1", "KP9")),)
    )
    with pytest.raises(TaxonomyError, match="'KP9' is not a key principle"):
        load_taxonomy(extensions=[ext])


def test_extension_for_another_taxonomy_is_refused() -> None:
    base = load_taxonomy()
    with pytest.raises(TaxonomyError, match="written for taxonomy 'reasons-2019'"):
        extend_taxonomy(base, TaxonomyExtension(name="Old", extends="reasons-2019"))


def test_check_taxonomy_on_a_file(tmp_path: Path) -> None:
    path = tmp_path / "anytown.toml"
    path.write_text(
        'schema_version = 1\nname = "Anytown"\n\n[[reasons]]\ncode = "finance.mileage"\nlabel = "Mileage"\n'
        '\n[[aliases]]\ncode = "personal.retirement"\nnames = ["RET"]\n',
        encoding="utf-8",
    )
    taxonomy = check_taxonomy(path)
    assert taxonomy.get("RET").code == "personal.retirement"
    path.write_text(
        'schema_version = 1\nname = "Anytown"\n[[reasons]]\ncode = "finance"\nlabel = "x"\n', encoding="utf-8"
    )
    with pytest.raises(AssertionError, match="redefines a built-in code"):
        check_taxonomy(path)
