"""`fosterkit process due | metrics | check` over a JSON Lines file, and process policies from TOML."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import attrs
import pytest

import fosterkit as fk
import fosterkit.adapters.packs
from fosterkit.cli import main

D = datetime.date


def departure(id: str = "DEP-1") -> fk.Departure:
    return fk.Departure(
        id=id,
        household_id="HH-1",
        notice_on=D(2026, 3, 2),
        initiated_by=fk.Initiator.CARER,
        route=fk.LeavingRoute.RETIREMENT,
    )


def household() -> fk.Household:
    return fk.Household(
        id="HH-9",
        service=fk.records.Service(name="Anytown", kind=fk.records.ServiceKind.LOCAL_AUTHORITY),
        carers=(fk.Carer(id="C-9"),),
        approved_on=D(2025, 10, 1),
        approval_kind=fk.records.ApprovalKind.MAINSTREAM,
        approved_for=(fk.records.PlacementType.SHORT_TERM,),
        caring_now=True,
        history=(fk.records.StatusChange(status=fk.HouseholdStatus.APPROVED, since=D(2025, 10, 1)),),
    )


def cancelled(reason: str) -> fk.ExitProcess:
    """Offered, asked, booked and then cancelled by the service on 9 March."""
    process = (
        fk.ExitProcess.start("EXIT-1", departure(), supervising_social_worker="SSW-1")
        .offer(D(2026, 3, 3))
        .ask_before_interview(D(2026, 3, 3), raise_relationships=False, wants_companion=False)
        .book(
            fk.interviews.Appointment(
                id="A1",
                stage=fk.InterviewStage.EXIT_STAGE_1,
                on=D(2026, 3, 10),
                location=fk.interviews.Location.PHONE,
                location_agreed=True,
                interviewer="IND-1",
            ),
            D(2026, 3, 4),
        )
        .cancel("A1", D(2026, 3, 9), by=fk.Initiator.SERVICE, reason="ill")
    )
    booking = attrs.evolve(
        process.bookings[0],
        cancellation=fk.interviews.Cancellation(on=D(2026, 3, 9), by=fk.Initiator.SERVICE, reason=reason),
    )
    return attrs.evolve(process, bookings=(booking,))


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "processes.jsonl"
    fk.write_jsonl([cancelled("interviewer ill"), household()], path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_lists_items_with_the_overdue_ones_first(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("post_approval_from = 2025-01-01\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "process", "due", str(records), "--today", "2026-03-20", "--policy", str(policy)
    )
    assert code == 0
    assert out.splitlines() == [
        "EXIT-1: checklist OVERDUE 2026-03-16: send the leaving carer's checklist",
        "EXIT-1 (A1): rebooking OVERDUE 2026-03-19: "
        "the service cancelled exit_stage_1 on 2026-03-09: rebook it",
        "HH-9: post_approval_interview due 2026-04-01: post-approval interview: approved on 2025-10-01, "
        "interview due about 2026-04-01",
        "3 due on 20 Mar 2026, 2 of them overdue",
    ]


def test_due_takes_post_approval_interviews_held_and_a_policy(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        "rebook_within_days = 20\nchecklist_within_days = 30\npost_approval_from = 2025-01-01\n",
        encoding="utf-8",
    )
    args = ["process", "due", str(records), "--today", "2026-03-20", "--policy", str(policy)]
    code, out, _ = run(capsys, *args, "--review-held", "HH-9", "--json")
    assert code == 0
    items = json.loads(out)
    assert [(i["kind"], i["due_on"], i["overdue"]) for i in items] == [
        ("rebooking", "2026-03-29", False),
        ("checklist", "2026-04-01", False),
    ]


def test_metrics_reads_the_period(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "process", "metrics", str(records), "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["departures"] == 1
    assert figures["offered"] == {"of": 1, "count": 1}
    assert figures["cancellations_with_reason"] == {"of": 1, "count": 1}
    assert figures["median_days_notice_to_stage_one"] is None
    code, out, _ = run(capsys, "process", "metrics", str(records), "--from", "2026-04-01")
    assert code == 0
    assert "departures: 0" in out.splitlines()
    assert "offered: 0 of 0" in out.splitlines()
    assert "median days to rebook: -" in out.splitlines()


def test_check_exits_1_and_lists_each_breach(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "imported.jsonl"
    fk.write_jsonl([cancelled(""), attrs.evolve(cancelled("snow"), id="EXIT-2")], path)
    code, out, _ = run(capsys, "process", "check", str(path))
    assert code == 1
    assert out.splitlines() == [
        "EXIT-1: bookings[0].cancellation.reason: the appointment was cancelled without a reason "
        "[cancellation_reason]; instead, give the reason the carer will be told",
        "1 rule breach found",
    ]


def test_check_passes_a_clean_file(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "process", "check", str(records))[:2] == (0, "0 rule breaches found\n")


def test_a_bad_date_is_refused_by_the_parser(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["process", "due", str(records), "--today", "2026-02-30"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --today: '2026-02-30' is not a date: February 2026 has no day 30" in err


def test_a_missing_policy_file_exits_2(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        capsys, "process", "due", str(records), "--today", "2026-03-20", "--policy", "gone.toml"
    )
    assert (code, out) == (2, "")
    assert err == "fosterkit: gone.toml: no such file\n"


def test_a_file_with_departures_is_read_and_each_leaver_is_due_an_offer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.jsonl"
    fk.write_jsonl([household(), departure()], path)
    code, out, err = run(capsys, "process", "due", str(path), "--today", "2026-03-20")
    assert (code, err) == (0, "")
    assert "DEP-1 (household HH-1, no exit process): offer OVERDUE 2026-03-09" in out


def test_a_line_that_is_not_a_record_is_refused_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.jsonl"
    fk.write_jsonl([household()], path)
    with path.open("a", encoding="utf-8") as file:
        file.write('{"schema_version": 1, "kind": "departure", "id": "DEP-1"}\n')
    code, out, err = run(capsys, "process", "due", str(path), "--today", "2026-03-20")
    assert (code, out) == (2, "")
    assert "line 2" in err
    assert "Traceback" not in err


def test_policy_files_refuse_unknown_names_and_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('rebook_within_day = 5\nfeedback_within_days = "soon"\n', encoding="utf-8")
    with pytest.raises(fk.StructureError) as info:
        fk.adapters.packs.load_policy_file(path)
    assert info.value.source == str(path)
    assert sorted(p.path for p in info.value.problems) == ["feedback_within_days", "rebook_within_day"]


def test_a_policy_window_must_run_forwards() -> None:
    with pytest.raises(fk.StructureError, match=r"stage_two_weeks: expected \(earliest, latest\) weeks"):
        fk.adapters.packs.parse_policy_toml("stage_two_weeks = [6, 4]\n", source="policy.toml")


def test_a_policy_file_keeps_the_defaults_it_does_not_set() -> None:
    policy = fk.adapters.packs.parse_policy_toml("stage_two_weeks = [4, 8]\n")
    assert policy == attrs.evolve(fk.interviews.DEFAULT_POLICY, stage_two_weeks=(4, 8))
