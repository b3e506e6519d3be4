"""The annual review of the process: the record, the next review and telling people, the figures."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fosterkit as fk
from fosterkit import FieldError
from fosterkit.cli import main
from fosterkit.interviews import DueKind, ProcessPolicy, ProcessReview, due, is_free_text, process_metrics
from fosterkit.interviews.due import NO_REVIEW_YET, practice_overdue
from fosterkit.serial.kinds import record_from_dict, record_to_dict
from fosterkit.testing import strategies as fks

D = datetime.date
HELD = D(2026, 5, 12)


def review(**changes: Any) -> ProcessReview:
    values: dict[str, Any] = {
        "id": "PR-2026",
        "held_on": HELD,
        "findings": "interviews were offered late after terminations",
        "changes": ("offer within a week whatever the route", "an independent interviewer for every stage"),
    }
    return ProcessReview(**{**values, **changes})


def process(notice_on: datetime.date) -> fk.ExitProcess:
    departure = fk.Departure(
        id=f"DEP-{notice_on}",
        household_id="HH-1",
        notice_on=notice_on,
        initiated_by=fk.Initiator.CARER,
        route=fk.LeavingRoute.RESIGNATION,
    )
    return fk.ExitProcess.start(f"EXIT-{notice_on}", departure, supervising_social_worker="SSW-1")


# -- the record --------------------------------------------------------------------------------


def test_the_next_review_defaults_to_the_policys_interval() -> None:
    assert review().next_due() == D(2027, 5, 12)
    assert review().next_due(ProcessPolicy(process_review_months=6)) == D(2026, 11, 12)
    assert review(next_due_on=D(2027, 3, 1)).next_due() == D(2027, 3, 1)
    fields = attrs.fields_dict(ProcessReview)
    assert is_free_text(fields["findings"])
    assert is_free_text(fields["changes"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"next_due_on": HELD},
            "next_due_on",
            "the next review (2026-05-12) comes after this one (2026-05-12)",
        ),
        (
            {"communicated_to_carers_on": D(2026, 5, 11)},
            "communicated_to_carers_on",
            "carers were told (2026-05-11) before the review was held (2026-05-12)",
        ),
        ({"communicated_to_staff_on": D(2025, 1, 1)}, "communicated_to_staff_on", "staff were told"),
        ({"changes": ("a", "a")}, "changes", "more than once"),
        ({"changes": (" ",)}, "changes", "must not be empty"),
    ],
)
def test_a_review_that_does_not_add_up_is_refused(changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(FieldError, match=re.escape(message)) as info:
        review(**changes)
    assert info.value.field.startswith(field)


@given(fks.process_reviews())
def test_a_review_round_trips_through_its_serialised_form(found: ProcessReview) -> None:
    data = record_to_dict(found)
    assert data["kind"] == "process_review"
    assert record_from_dict(json.loads(json.dumps(data))) == found


@given(fks.process_reviews(), st.integers(1, 24), st.integers(0, 400))
def test_the_next_review_always_comes_after_the_review(found: ProcessReview, months: int, days: int) -> None:
    assert found.next_due(ProcessPolicy(process_review_months=months)) > found.held_on
    for name in ("communicated_to_carers_on", "communicated_to_staff_on"):
        told = getattr(found, name)
        assert told is None or told >= found.held_on
    with pytest.raises(FieldError):
        attrs.evolve(found, next_due_on=found.held_on - datetime.timedelta(days=days))


# -- what is due -------------------------------------------------------------------------------


def items(today: datetime.date, *reviews: ProcessReview, **kwargs: Any) -> list[tuple[object, ...]]:
    found = due(kwargs.pop("processes", []), today, process_reviews=reviews, **kwargs)
    return [(i.kind, i.subject, i.due_on, i.overdue) for i in found if i.process_id is None]


def test_carers_and_staff_are_due_telling_what_the_review_decided() -> None:
    assert items(D(2026, 6, 9), review()) == [
        (DueKind.TELL_CARERS, "PR-2026", D(2026, 6, 9), False),
        (DueKind.TELL_STAFF, "PR-2026", D(2026, 6, 9), False),
    ]
    told = review(communicated_to_carers_on=D(2026, 6, 1))
    assert items(D(2026, 6, 10), told) == [(DueKind.TELL_STAFF, "PR-2026", D(2026, 6, 9), True)]
    both = attrs.evolve(told, communicated_to_staff_on=D(2026, 6, 2))
    assert items(D(2026, 6, 10), both) == []
    assert items(D(2026, 6, 10), review(), policy=ProcessPolicy(communicate_within_days=60)) == [
        (DueKind.TELL_CARERS, "PR-2026", D(2026, 7, 11), False),
        (DueKind.TELL_STAFF, "PR-2026", D(2026, 7, 11), False),
    ]


def test_the_next_review_is_listed_ahead_and_overdue_after_its_date() -> None:
    done = review(communicated_to_carers_on=HELD, communicated_to_staff_on=HELD)
    assert items(D(2027, 4, 13), done) == []
    assert items(D(2027, 4, 14), done) == [(DueKind.PROCESS_REVIEW, "PR-2026", D(2027, 5, 12), False)]
    assert items(D(2027, 5, 13), done) == [(DueKind.PROCESS_REVIEW, "PR-2026", D(2027, 5, 12), True)]
    [item] = due([], D(2027, 5, 13), process_reviews=[done])
    assert item.describe() == (
        "PR-2026: process_review OVERDUE 2027-05-12: review the process: the last review was on 2026-05-12"
    )
    moved = attrs.evolve(done, next_due_on=D(2026, 12, 1))
    assert items(D(2026, 12, 2), moved) == [(DueKind.PROCESS_REVIEW, "PR-2026", D(2026, 12, 1), True)]


def test_only_the_latest_review_counts() -> None:
    older = review(id="PR-2025", held_on=D(2025, 5, 1))
    latest = review(communicated_to_carers_on=HELD, communicated_to_staff_on=HELD)
    assert items(D(2026, 6, 1), latest, older) == []


def test_with_no_review_the_first_is_due_a_year_after_the_first_exit_process() -> None:
    assert items(D(2030, 1, 1)) == []  # no process, no review: nothing
    processes = [process(D(2025, 6, 2)), process(D(2025, 3, 3))]
    assert items(D(2026, 2, 1), processes=processes) == []
    first = [(DueKind.PROCESS_REVIEW, NO_REVIEW_YET, D(2026, 3, 3), False)]
    assert items(D(2026, 2, 3), processes=processes) == first
    assert not [i for i in due(processes, D(2026, 3, 4)) if i.process_id is None]  # reviews not followed
    [item] = [
        i for i in due(processes, D(2026, 3, 4), process_reviews=()) if i.kind is DueKind.PROCESS_REVIEW
    ]
    assert item.overdue
    assert item.describe() == (
        "(first review): process_review OVERDUE 2026-03-03: no review of the process recorded yet: "
        "the first is due 12 months after the first exit process (notice 2025-03-03)"
    )
    assert practice_overdue([item]) == []  # a file with no review says nothing of one held


# -- the figures and the command line ----------------------------------------------------------


def test_the_figures_give_the_last_review_and_whether_people_were_told() -> None:
    assert process_metrics([]).last_process_review_on is None
    assert process_metrics([]).last_review_told_carers is None
    reviews = [review(communicated_to_carers_on=D(2026, 6, 1)), review(id="PR-2025", held_on=D(2025, 5, 1))]
    metrics = process_metrics([], process_reviews=reviews)
    assert (
        metrics.last_process_review_on,
        metrics.last_review_told_carers,
        metrics.last_review_told_staff,
    ) == (
        HELD,
        True,
        False,
    )
    earlier = process_metrics([], process_reviews=reviews, end=D(2026, 4, 1))
    assert (earlier.last_process_review_on, earlier.last_review_told_staff) == (D(2025, 5, 1), False)


def test_process_commands_take_reviews(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "records.jsonl"
    fk.write_jsonl([review(communicated_to_staff_on=D(2026, 5, 20))], path)
    assert main(["process", "due", str(path), "--today", "2026-06-10"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "PR-2026: tell_carers OVERDUE 2026-06-09: "
        "tell carers what the review of the process on 2026-05-12 found and decided"
    )
    assert main(["process", "metrics", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3:] == [
        "last process review on: 2026-05-12",
        "last review told carers: no",
        "last review told staff: yes",
    ]
    assert main(["process", "check", str(path), "--today", "2026-06-10"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 rule breach found"
    assert main(["process", "check", str(path), "--today", "2026-06-09"]) == 0
