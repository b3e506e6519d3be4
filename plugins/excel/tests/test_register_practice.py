"""The register's sheets around the exit process, and a check that every field of a record has a column.

Conversations before notice, post-approval interviews and reviews of the process are written
from records made here (no stored file), changed as a person might, and read back.
"""

from __future__ import annotations

import datetime
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Household
from fosterkit.adapters.register_files import make_register_file, read_register_file
from fosterkit.interviews import PostApprovalInterview, ProcessReview, Rating, Suggestion, SupportArea
from fosterkit.plugins import RECORD_KINDS
from fosterkit.records import (
    ApprovalKind,
    Carer,
    ConsideringLeaving,
    ConversationOutcome,
    HeldBy,
    HouseholdStatus,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)
from fosterkit_excel.register_layout import TABLES, table

D = datetime.date

#: Where each part of a record is kept: the longest matching prefix of a field's path names the sheet.
_SHEETS: dict[str, dict[str, str]] = {
    "household": {"": "Households", "history.": "Status changes"},
    "departure": {"": "Leavers"},
    "data_collection_record": {"": "Interviews", "suggestions.": "Suggestions"},
    "exit_process": {
        "": "Exit processes",
        "departure.": "Leavers",
        "pre_interview.": "Before interview",
        "opt_outs.": "Opt-outs",
        "complaints.": "Complaints",
        "bookings.": "Bookings",
        "bookings.interview.record.": "Interviews",
        "bookings.interview.record.suggestions.": "Suggestions",
        "bookings.interview.findings.": "Findings",
        "bookings.interview.responses.": "Responses",
        "bookings.interview.": "Interviews",
    },
    "considering_leaving": {"": "Before notice"},
    "post_approval_interview": {"": "Post-approval interviews", "suggestions.": "Post-approval suggestions"},
    "process_review": {"": "Process reviews", "changes": "Changes decided"},
}
#: Fields a register keeps in another form: rating areas are columns, equality data is never held.
_ELSEWHERE = ("ratings.", "carers.equality.", "changes")


def _leaves(kind: type, prefix: str = "") -> list[str]:
    """The path of every field of ``kind`` that holds a value, through nested records and lists."""
    found = []
    hints = typing.get_type_hints(kind)
    for item in attrs.fields(kind):
        hint = hints[item.name]
        inner = [a for a in typing.get_args(hint) if a not in (type(None), Ellipsis)] or [hint]
        nested = [a for a in inner if attrs.has(a)]
        path = f"{prefix}{item.name}"
        found += _leaves(nested[0], f"{path}.") if nested else [path]
    return found


def _held(sheet: str) -> set[str]:
    paths = {c.path for c in table(sheet).columns}
    return paths | {p.replace(".0.", ".").replace(".1.", ".") for p in paths}


@pytest.mark.parametrize("kind", sorted(_SHEETS))
def test_every_field_of_a_record_has_a_column(kind: str) -> None:
    missing = []
    for path in _leaves(RECORD_KINDS[kind]):
        prefix = max((p for p in _SHEETS[kind] if path.startswith(p)), key=len)
        local = path[len(prefix) :]
        if path.startswith(_ELSEWHERE) or local.startswith(_ELSEWHERE) or not local:
            continue
        if local not in _held(_SHEETS[kind][prefix]) and f"^{local}" not in _held(_SHEETS[kind][prefix]):
            missing.append(f"{_SHEETS[kind][prefix]}: {local}")
    assert missing == []


def test_every_sheet_is_written_and_read() -> None:
    assert {s for sheets in _SHEETS.values() for s in sheets.values()} == {t.sheet for t in TABLES}


def _home(key: str) -> Household:
    return Household(
        id=key,
        service=Service(name="Anytown", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id=f"C-{key}"),),
        approved_on=D(2025, 9, 1),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=True,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=D(2025, 9, 1)),),
    )


def _practice() -> list[object]:
    """Two households: one considering leaving and kept, one newly approved; and a review of the process."""
    talk = ConsideringLeaving(
        id="T1", household_id="H1", held_on=D(2026, 2, 3), held_by="tm1",
        held_by_role=HeldBy.LINE_MANAGEMENT, concerns=("support.training", "personal.health"),
        support_offered="Respite weekend; a mentor carer", outcome=ConversationOutcome.STAYED,
    )  # fmt: skip
    interview = PostApprovalInterview(
        id="PA1", household_id="H2", interviewed_on=D(2026, 3, 2), interviewer="rec1",
        recruitment_went_well="Quick assessment", ratings=(Rating(area=SupportArea.TRAINING, score=4),),
        suggestions=(Suggestion(id="S1", text="Meet other new carers"),), consent_to_anonymised_use=True,
    )  # fmt: skip
    review = ProcessReview(
        id="PR1", held_on=D(2026, 4, 1), findings="Stage 2 offers late",
        changes=("Offer stage 2 at stage 1", "Tell carers; by letter"),
        communicated_to_staff_on=D(2026, 4, 10),
    )  # fmt: skip
    return [_home("H1"), _home("H2"), talk, interview, review]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.xlsx"
    make_register_file(path, service="Anytown", records=_practice())
    return path


def _ref(ws: Any, header: str, row: int = 2) -> str:
    return f"{next(c.column_letter for c in ws[1] if c.value == header)}{row}"


def _type(path: Path, sheet: str, header: str, value: object, row: int = 2) -> str:
    wb = load_workbook(path)
    ws = wb[sheet]
    ref = _ref(ws, header, row)
    ws[ref] = value
    wb.save(path)
    return ref


def _shown(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    return [tuple(c.value for c in row) for row in wb[sheet].iter_rows(min_row=1, max_row=3)]


def test_the_practice_reads_back_equal(register: Path) -> None:
    result = read_register_file(register)
    assert result.reading.problems == ()
    assert sorted(result.reading.records, key=repr) == sorted(_practice(), key=repr)


def test_choices_show_as_words_and_changes_one_a_row(register: Path) -> None:
    header, row, _ = _shown(register, "Before notice")
    assert dict(zip(header, row, strict=True))["Held by (role)"] == "Line management"
    assert dict(zip(header, row, strict=True))["Concerns"] == "support.training; personal.health"
    changes = _shown(register, "Changes decided")
    assert [r[1] for r in changes[1:]] == ["Offer stage 2 at stage 1", "Tell carers; by letter"]


def test_a_conversation_for_an_unknown_household_is_named(register: Path) -> None:
    ref = _type(register, "Before notice", "Household id", "H404")
    result = read_register_file(register)
    problem = result.reading.problems[0]
    assert (problem.sheet, problem.cell, problem.value) == ("Before notice", ref, "H404")
    assert "ConsideringLeaving" not in {type(r).__name__ for r in result.reading.records}
    assert "PostApprovalInterview" in {type(r).__name__ for r in result.reading.records}


def test_an_undecided_conversation_needs_its_follow_up_date(register: Path) -> None:
    _type(register, "Before notice", "Outcome", "Undecided")
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell) == (
        "Before notice",
        _ref(load_workbook(register)["Before notice"], "Follow up on"),
    )
    assert "follow-up" in problem.message


def test_an_outcome_not_in_the_list_is_named(register: Path) -> None:
    ref = _type(register, "Before notice", "Outcome", "Maybe")
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell, problem.value) == ("Before notice", ref, "Maybe")
    assert "Stayed, Left, Undecided" in problem.message


def test_a_suggestion_for_an_unknown_interview_is_named(register: Path) -> None:
    ref = _type(register, "Post-approval suggestions", "Interview id", "PA404")
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell) == ("Post-approval suggestions", ref)


def test_a_review_told_to_staff_before_it_was_held_is_named(register: Path) -> None:
    ref = _type(register, "Process reviews", "Staff told on", datetime.datetime(2026, 3, 1))
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell) == ("Process reviews", ref)
    assert "before the review" in problem.message


def test_a_change_decided_twice_is_named(register: Path) -> None:
    _type(register, "Changes decided", "Change", "Tell carers; by letter", row=2)
    problem = read_register_file(register).reading.problems[0]
    assert problem.sheet in ("Process reviews", "Changes decided")
    assert "changes" in problem.message
