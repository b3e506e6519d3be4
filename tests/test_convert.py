"""The one converter: exact JSON round trips, strict structuring, located errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from fosterkit import Catalogue, ReflectiveQuestion, StructureError, load_catalogue, structure, unstructure
from fosterkit.errors import CatalogueError
from fosterkit.serial import catalogue_from_dict, catalogue_from_json, catalogue_to_dict, catalogue_to_json
from fosterkit.testing import strategies as fks


def test_builtin_catalogue_round_trips_through_json() -> None:
    catalogue = load_catalogue()
    text = catalogue_to_json(catalogue)
    assert json.loads(text)["schema_version"] == 1
    assert catalogue_from_json(text) == catalogue


@given(fks.catalogues())
def test_any_catalogue_round_trips_exactly(catalogue: Catalogue) -> None:
    again = catalogue_from_json(catalogue_to_json(catalogue, indent=None))
    assert again == catalogue
    assert catalogue_to_dict(again) == catalogue_to_dict(catalogue)


@given(fks.broken_catalogue_data())
def test_every_broken_catalogue_is_rejected_at_the_right_place(broken: fks.BrokenCatalogue) -> None:
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_dict(broken.data, source="generated.json")
    assert caught.value.source == "generated.json"
    assert any(p.field == broken.field and p.entry == broken.entry for p in caught.value.problems), (
        broken.defect,
        caught.value.problems,
    )


@given(fks.reflective_questions())
def test_questions_round_trip(question: ReflectiveQuestion) -> None:
    assert structure(unstructure(question), ReflectiveQuestion) == question


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"text": 5}, "text", "expected text, got integer"),
        ({"tags": "KP1"}, "tags", "expected a list, got text"),
        ({"tags": ["KP1", 2]}, "tags[1]", "expected text, got integer"),
        ({"tags": ["KP1", " "]}, "tags[1]", "must not be empty"),
        ({"lens": "both"}, "lens", "'both' is not one of 'strategic', 'practice'"),
        ({"step": None}, "step", "None is not one of 'assess', 'plan', 'do', 'review'"),
        ({"id": "has space"}, "id", "'has space' is not a valid id"),
        ({"extra": 1}, "extra", "unexpected field (not part of this record)"),
    ],
)
def test_structuring_errors_name_the_field(change: dict[str, Any], path: str, message: str) -> None:
    data = {"id": "Q1", "step": "assess", "section": "s", "text": "Why?", "tags": ["KP1"], **change}
    with pytest.raises(StructureError) as caught:
        structure(data, ReflectiveQuestion, source="q.json")
    [problem] = caught.value.problems
    assert problem.path == path
    assert problem.message.startswith(message)
    assert str(caught.value).startswith("q.json: invalid data: ")


def test_not_a_table() -> None:
    with pytest.raises(StructureError, match="expected a table of fields, got a list"):
        structure([], ReflectiveQuestion)


def test_booleans_are_not_numbers_and_text_is_not_a_boolean() -> None:
    from fosterkit.framework import Study

    data = {
        "design": "quasi_experimental",
        "comparable_country": "yes",
        "risk_of_bias": "low",
        "intervention_size": True,
        "comparison_size": 20.5,
        "showed_effect": True,
    }
    with pytest.raises(StructureError) as caught:
        structure(data, Study)
    assert {p.path: p.message for p in caught.value.problems} == {
        "comparable_country": "expected true or false, got text",
        "intervention_size": "expected a whole number, got true/false",
        "comparison_size": "expected a whole number, got number",
    }


def test_catalogue_json_errors_are_catalogue_errors() -> None:
    with pytest.raises(CatalogueError, match="not valid JSON"):
        catalogue_from_json("{", source="c.json")
    with pytest.raises(CatalogueError, match="expected a table"):
        catalogue_from_json("[]", source="c.json")


def test_entries_are_named_by_id_in_nested_errors() -> None:
    data = catalogue_to_dict(load_catalogue())
    data["questions"][5]["text"] = ""
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_dict(data, source="c.json")
    [problem] = caught.value.problems
    assert problem.describe() == "questions[5].text (id 'AS-KNOW-06'): must not be empty"
