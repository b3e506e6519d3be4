"""The data collection record: its rules, round trips, and free-text marking."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given

from fosterkit import (
    DataCollectionRecord,
    FieldError,
    InterviewStage,
    StructureError,
    load_taxonomy,
    structure,
    unstructure,
)
from fosterkit.interviews import Answer, Rating, Suggestion, SupportArea, is_free_text, record_reason_problems
from fosterkit.testing import strategies as fks


def record(**changes: Any) -> DataCollectionRecord:
    base = DataCollectionRecord(
        id="DCR-1",
        departure_id="DEP-1",
        stage=InterviewStage.EXIT_STAGE_1,
        interviewed_on=datetime.date(2026, 3, 9),
        primary_reason="finance.fees_allowances",
        secondary_reasons=("support.supervising_social_worker",),
        ratings=(
            Rating(area=SupportArea.SUPERVISING_SOCIAL_WORKER, score=2),
            Rating(area=SupportArea.PEER_SUPPORT, score=5),
        ),
        preventable=Answer.YES,
        would_have_kept="An allowance that covered the costs.",
        foster_again=Answer.NOT_SURE,
        recommend_fostering=Answer.YES,
        went_well="The carers' group.",
        suggestions=(Suggestion(id="S1", text="Review allowances every year."),),
        consent_to_anonymised_use=True,
    )
    return attrs.evolve(base, **changes)


def test_a_full_record() -> None:
    rec = record()
    assert rec.reasons == ("finance.fees_allowances", "support.supervising_social_worker")
    assert rec.rating(SupportArea.PEER_SUPPORT) == 5
    assert rec.rating(SupportArea.OUT_OF_HOURS) is None
    assert record_reason_problems(rec, load_taxonomy()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stage": InterviewStage.POST_APPROVAL_INTERVIEW}, "belongs to exit stage 1 or 2"),
        ({"secondary_reasons": ("finance.fees_allowances",)}, "already the primary reason"),
        (
            {"ratings": (Rating(area=SupportArea.TRAINING, score=3),) * 2},
            "'training' is rated more than once",
        ),
        (
            {"suggestions": (Suggestion(id="S1", text="a"), Suggestion(id="S1", text="b"))},
            "used more than once",
        ),
        ({"primary_reason": " "}, "must not be empty"),
    ],
)
def test_record_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(FieldError, match=message):
        record(**changes)


@pytest.mark.parametrize("score", [0, 6, -1])
def test_ratings_are_one_to_five(score: int) -> None:
    with pytest.raises(FieldError, match="from 1 \\(poor\\) to 5"):
        Rating(area=SupportArea.TRAINING, score=score)


def test_unknown_reason_codes_are_named_with_suggestions() -> None:
    problems = record_reason_problems(
        record(primary_reason="finance.fee", secondary_reasons=("burnout",)), load_taxonomy()
    )
    assert [(p.entry, p.path, p.field) for p in problems] == [
        ("DCR-1", "primary_reason", "primary_reason"),
        ("DCR-1", "secondary_reasons[0]", "secondary_reasons"),
    ]
    assert "wellbeing.burnout" in problems[1].message


def test_free_text_fields_are_marked() -> None:
    marked = {a.name for a in attrs.fields(DataCollectionRecord) if is_free_text(a)}
    assert marked == {"would_have_kept", "went_well"}
    assert [a.name for a in attrs.fields(Suggestion) if is_free_text(a)] == ["text"]


def test_malformed_record_names_record_and_field_path() -> None:
    data = unstructure(record())
    data["ratings"][1]["score"] = 9
    data["preventable"] = "maybe"
    with pytest.raises(StructureError) as caught:
        structure(data, DataCollectionRecord, source="records.jsonl line 12")
    found = {(p.entry, p.path) for p in caught.value.problems}
    assert found == {("DCR-1", "ratings[1].score"), ("DCR-1", "preventable")}


@given(fks.data_collection_records())
def test_records_round_trip(rec: DataCollectionRecord) -> None:
    assert structure(unstructure(rec), DataCollectionRecord) == rec
    assert record_reason_problems(rec, load_taxonomy()) == []
