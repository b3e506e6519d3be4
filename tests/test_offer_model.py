"""The support offer's classes refuse impossible numbers; offer_problems finds what they cannot see alone."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from fosterkit.adapters.packs import load_catalogue
from fosterkit.errors import FieldError
from fosterkit.offer import (
    Delivery,
    MakeUp,
    Programme,
    ProgrammeFigures,
    ProgrammeKind,
    SupportOffer,
    offer_problems,
)
from fosterkit.testing import offer_strategies as fko

CATALOGUE = load_catalogue()


def _programme(**changes: Any) -> Programme:
    fields: dict[str, Any] = {
        "id": "group",
        "name": "Anytown carer wellbeing group",
        "kind": ProgrammeKind.LOCALLY_DEVELOPED,
        "recommendations": ("R4",),
        "principles": ("KP3",),
        "delivery": (Delivery.GROUP,),
    }
    return Programme(**{**fields, **changes})


def _figures(**changes: Any) -> ProgrammeFigures:
    fields: dict[str, Any] = {
        "programme_id": "group",
        "period": "2025-26",
        "referred": 10,
        "started": 8,
        "completed": 5,
    }
    return ProgrammeFigures(**{**fields, **changes})


def test_a_sound_programme_and_its_figures_are_accepted() -> None:
    offer = SupportOffer(programmes=(_programme(),), figures=(_figures(),), carers=100)
    assert offer_problems(offer, CATALOGUE) == []
    assert offer.programme("group").name == "Anytown carer wellbeing group"
    assert offer.figures_for("group") == (_figures(),)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"referred": -1, "started": 0, "completed": 0}, "referred", "zero or more"),
        ({"started": 11}, "started", "more than referred"),
        ({"completed": 9}, "completed", "more than started"),
        ({"referred": 0.4}, "referred", "a count"),
        ({"referred": "40%"}, "referred", "a count"),
        ({"referred": True}, "referred", "expected int"),
        ({"sessions_attended": 3}, "sessions_attended", "sessions_offered"),
        ({"sessions_offered": 2, "sessions_attended": 17}, "sessions_attended", "started x sessions_offered"),
        ({"acceptability": 4.5}, "acceptability_scale", "scale"),
        ({"acceptability": float("nan"), "acceptability_scale": "1-5"}, "acceptability", "a number"),
    ],
)
def test_figures_refuse_impossible_numbers_naming_the_field(
    changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(FieldError) as caught:
        _figures(**changes)
    assert caught.value.field == field
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"places_per_year": -3}, "places_per_year"),
        ({"recommendations": ("R4", "R4")}, "recommendations"),
        ({"recommendations": ["R4"]}, "recommendations"),
        ({"delivery": (Delivery.GROUP, Delivery.GROUP)}, "delivery"),
        ({"kind": "locally_developed"}, "kind"),
        ({"name": " "}, "name"),
    ],
)
def test_a_programme_refuses_bad_fields_naming_the_field_and_programme(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(FieldError) as caught:
        _programme(**changes)
    assert caught.value.field == field
    assert caught.value.entry == "group"


def test_make_up_and_carers_are_counts() -> None:
    with pytest.raises(FieldError, match="attendees"):
        MakeUp(group="connected persons", attendees=-1)
    with pytest.raises(FieldError, match="carers"):
        SupportOffer(carers=12.5)  # type: ignore[arg-type]


def test_offer_problems_lists_every_reference_fault_at_once() -> None:
    offer = SupportOffer(
        programmes=(
            _programme(recommendations=("R4", "R44"), principles=("KP9",)),
            _programme(name="Listed again"),
        ),
        figures=(_figures(), _figures(), _figures(programme_id="grup")),
    )
    found = {(p.path, p.field): p.message for p in offer_problems(offer, CATALOGUE)}
    assert set(found) == {
        ("programmes[0].recommendations[1]", "recommendations"),
        ("programmes[0].principles[0]", "principles"),
        ("programmes[1].id", "id"),
        ("figures[1].period", "period"),
        ("figures[2].programme_id", "programme_id"),
    }
    assert "did you mean 'R4'?" in found["programmes[0].recommendations[1]", "recommendations"]
    assert "did you mean 'group'?" in found["figures[2].programme_id", "programme_id"]
    assert "listed 2 times" in found["programmes[1].id", "id"]


@given(fko.support_offers(CATALOGUE))
def test_generated_offers_have_no_problems(offer: SupportOffer) -> None:
    assert offer_problems(offer, CATALOGUE) == []


@given(fko.programme_figures())
def test_generated_figures_are_consistent(figures: ProgrammeFigures) -> None:
    assert 0 <= figures.completed <= figures.started <= figures.referred
