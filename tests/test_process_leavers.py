"""Every leaver is accounted for: departures with no exit process in `due`, metrics and `check`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import fosterkit as fk
from fosterkit.cli import main
from fosterkit.interviews import DueKind, Share
from fosterkit.interviews.due import offers_overdue, without_process

D = datetime.date
NOTICE = D(2026, 3, 2)
ALLEGATION = fk.LeavingRoute.TERMINATION_AFTER_ALLEGATION


def departure(
    id: str, notice_on: datetime.date = NOTICE, route: fk.LeavingRoute = fk.LeavingRoute.RESIGNATION
) -> fk.Departure:
    return fk.Departure(
        id=id,
        household_id=f"HH-{id}",
        notice_on=notice_on,
        initiated_by=fk.Initiator.SERVICE if route.ended_by_service else fk.Initiator.CARER,
        route=route,
        destination=fk.records.DestinationKind.LOCAL_AUTHORITY if route is fk.LeavingRoute.TRANSFER else None,
    )


def process(id: str, leaver: fk.Departure, offered_on: datetime.date | None = None) -> fk.ExitProcess:
    started = fk.ExitProcess.start(id, leaver, supervising_social_worker="SSW-1")
    return started if offered_on is None else started.offer(offered_on)


def offers(items: list[fk.interviews.DueItem]) -> list[tuple[str, str | None, datetime.date, bool]]:
    return [(i.subject, i.process_id, i.due_on, i.overdue) for i in items if i.kind is DueKind.OFFER]


# -- due -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", list(fk.LeavingRoute))
def test_a_leaver_with_no_process_is_due_an_offer_whatever_the_route(route: fk.LeavingRoute) -> None:
    leaver = departure("DEP-1", route=route)
    items = fk.due([], D(2026, 3, 5), departures=[leaver])
    assert [(i.kind, i.subject, i.departure_id, i.household_id, i.process_id) for i in items] == [
        (DueKind.OFFER, "DEP-1", "DEP-1", "HH-DEP-1", None),
        (DueKind.CHECKLIST, "DEP-1", "DEP-1", "HH-DEP-1", None),
    ]
    assert all(i.without_process for i in items)


def test_an_allegation_leaver_with_no_process_is_due_then_overdue() -> None:
    leaver = departure("DEP-9", route=ALLEGATION)
    on_time = fk.due([], D(2026, 3, 9), departures=[leaver])
    late = fk.due([], D(2026, 3, 10), departures=[leaver])
    assert offers(on_time) == [("DEP-9", None, D(2026, 3, 9), False)]
    assert offers(late) == [("DEP-9", None, D(2026, 3, 9), True)]
    assert late[0].describe() == (
        "DEP-9 (household HH-DEP-9, no exit process): offer OVERDUE 2026-03-09: no exit process yet "
        "(termination_after_allegation, notice 2026-03-02): open one and offer an exit interview"
    )


def test_the_offer_follows_the_policy_time_limit() -> None:
    policy = fk.ProcessPolicy(offer_within_days=3)
    items = fk.due([], D(2026, 3, 6), policy=policy, departures=[departure("DEP-1")])
    assert offers(items) == [("DEP-1", None, D(2026, 3, 5), True)]


def test_a_leaver_with_a_process_is_due_through_the_process_once() -> None:
    leaver = departure("DEP-1")
    # the departure record is in the file as well as the process, twice over
    items = fk.due([process("EXIT-1", leaver)], D(2026, 3, 5), departures=[leaver, leaver])
    assert offers(items) == [("EXIT-1", "EXIT-1", D(2026, 3, 9), False)]
    assert items[0].departure_id == "DEP-1"
    offered = fk.due([process("EXIT-1", leaver, D(2026, 3, 3))], D(2026, 3, 5), departures=[leaver])
    assert offers(offered) == []


def test_without_process_keeps_each_unmatched_departure_once_in_order() -> None:
    one, two, three = departure("DEP-1"), departure("DEP-2"), departure("DEP-3")
    assert without_process([three, one, two, three], [process("EXIT-1", one)]) == [three, two]


def test_an_overdue_offer_is_a_breach_with_or_without_a_process() -> None:
    bare = departure("DEP-1", route=fk.LeavingRoute.TERMINATION_AFTER_STANDARDS_CONCERN)
    unoffered = process("EXIT-2", departure("DEP-2"))
    offered = process("EXIT-3", departure("DEP-3"), D(2026, 3, 3))
    items = fk.due([unoffered, offered], D(2026, 3, 10), departures=[bare])
    found = offers_overdue(items)
    assert [(item.subject, breach.path, breach.rule) for item, breach in found] == [
        ("DEP-1", "exit_process", fk.interviews.Rule.OFFER_FIRST),
        ("EXIT-2", "offered_on", fk.interviews.Rule.OFFER_FIRST),
    ]
    assert found[0][1].message == "no exit interview offered; the offer was due by 2026-03-09"
    assert offers_overdue(fk.due([unoffered], D(2026, 3, 9), departures=[bare])) == []


# -- metrics ---------------------------------------------------------------------------------------


def test_the_offer_rate_is_over_departures_not_processes() -> None:
    leavers = [departure("DEP-1"), departure("DEP-2", route=ALLEGATION), departure("DEP-3")]
    metrics = fk.process_metrics([process("EXIT-1", leavers[0], D(2026, 3, 3))], departures=leavers)
    assert metrics.departures == 3
    assert metrics.offered == Share(3, 1)
    assert str(metrics.offered) == "1 of 3 (33%)"
    assert metrics.without_process == Share(3, 2)
    assert metrics.took_up == Share(3, 0)
    assert metrics.checklist_sent == Share(3, 0)
    assert metrics.took_up_of_offered == Share(1, 0)
    assert metrics.processes == 1


def test_a_departure_counts_once_however_often_it_appears() -> None:
    leaver = departure("DEP-1")
    twice = [process("EXIT-1", leaver), process("EXIT-2", leaver, D(2026, 3, 4))]
    metrics = fk.process_metrics(twice, departures=[leaver, leaver])
    assert (metrics.departures, metrics.offered, metrics.without_process) == (1, Share(1, 1), Share(1, 0))
    assert metrics.processes == 2


def test_departures_with_no_process_are_counted_in_the_period_by_notice_date() -> None:
    leavers = [departure("DEP-1", D(2026, 3, 31)), departure("DEP-2", D(2026, 4, 1))]
    march = fk.process_metrics([], departures=leavers, start=D(2026, 3, 1), end=D(2026, 4, 1))
    assert (march.departures, march.offered, march.without_process) == (1, Share(1, 0), Share(1, 1))
    assert fk.process_metrics([], departures=leavers).departures == 2


def test_a_process_outside_the_period_keeps_its_departure_record_out_too() -> None:
    leaver = departure("DEP-1", D(2026, 2, 20))
    metrics = fk.process_metrics([process("EXIT-1", leaver)], departures=[leaver], start=D(2026, 3, 1))
    assert metrics.departures == 0


# -- the command line ------------------------------------------------------------------------------


def interview_record() -> fk.DataCollectionRecord:
    return fk.DataCollectionRecord(
        id="DCR-1",
        departure_id="DEP-1",
        stage=fk.InterviewStage.EXIT_STAGE_1,
        interviewed_on=D(2026, 3, 12),
        primary_reason="finance.fees_allowances",
        consent_to_anonymised_use=True,
    )


def household() -> fk.Household:
    return fk.Household(
        id="HH-DEP-1",
        service=fk.records.Service(name="Anytown", kind=fk.records.ServiceKind.LOCAL_AUTHORITY),
        carers=(fk.Carer(id="C-1"),),
        approved_on=D(2020, 10, 1),
        approval_kind=fk.records.ApprovalKind.MAINSTREAM,
        approved_for=(fk.records.PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(fk.records.StatusChange(status=fk.HouseholdStatus.APPROVED, since=D(2020, 10, 1)),),
    )


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Three leavers: DEP-1 with an offered process (and its record), DEP-2 and DEP-3 with none."""
    path = tmp_path / "mixed.jsonl"
    first = departure("DEP-1")
    fk.write_jsonl(
        [
            household(),
            first,
            departure("DEP-2", D(2026, 3, 4), ALLEGATION),
            interview_record(),
            process("EXIT-1", first, D(2026, 3, 3)),
            departure("DEP-3", D(2026, 3, 20)),
        ],
        path,
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_process_due_reads_a_mixed_file(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "process", "due", str(mixed), "--today", "2026-03-12")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        "DEP-2 (household HH-DEP-2, no exit process): offer OVERDUE 2026-03-11: no exit process yet "
        "(termination_after_allegation, notice 2026-03-04): open one and offer an exit interview"
    ) in lines
    assert any(
        line.startswith("DEP-3 (household HH-DEP-3, no exit process): offer due 2026-03-27") for line in lines
    )
    assert not any(line.startswith("DEP-1") for line in lines)
    assert lines[-1] == "2 leavers with no exit process, each due an offer of an exit interview"


def test_process_due_json_names_the_departure_and_household(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "process", "due", str(mixed), "--today", "2026-03-12", "--json")
    assert code == 0
    items = json.loads(out)
    bare = [i for i in items if i["kind"] == "offer" and i["process_id"] is None]
    assert [(i["departure_id"], i["household_id"], i["overdue"]) for i in bare] == [
        ("DEP-2", "HH-DEP-2", True),
        ("DEP-3", "HH-DEP-3", False),
    ]
    assert {i["departure_id"] for i in items if i["process_id"] == "EXIT-1"} == {"DEP-1"}


def test_process_metrics_are_over_departures(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "process", "metrics", str(mixed))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Rates are over departures with notice in the period, each counted once")
    assert "departures: 3" in lines
    assert "without process: 2 of 3 (67%)" in lines
    assert "offered: 1 of 3 (33%)" in lines
    assert "processes: 1" in lines
    code, out, _ = run(capsys, "process", "metrics", str(mixed), "--json", "--to", "2026-03-10")
    figures = json.loads(out)
    assert figures["base"] == "departures"
    assert (figures["departures"], figures["offered"], figures["without_process"]) == (
        2,
        {"of": 2, "count": 1},
        {"of": 2, "count": 1},
    )


def test_process_check_reports_each_leaver_whose_offer_is_overdue(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "process", "check", str(mixed), "--today", "2026-03-28")
    assert code == 1
    assert out.splitlines() == [
        "DEP-2 (household HH-DEP-2): exit_process: no exit interview offered; the offer was due by "
        "2026-03-11 [offer_first]; instead, open an exit process and offer an exit interview, "
        "whatever the route of leaving",
        "DEP-3 (household HH-DEP-3): exit_process: no exit interview offered; the offer was due by "
        "2026-03-27 [offer_first]; instead, open an exit process and offer an exit interview, "
        "whatever the route of leaving",
        "2 rule breaches found",
    ]
    code, out, _ = run(capsys, "process", "check", str(mixed), "--today", "2026-03-11")
    assert (code, out) == (0, "0 rule breaches found\n")


def test_process_check_judges_by_the_computers_date_without_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.jsonl"
    fk.write_jsonl([departure("DEP-1", D(2000, 1, 3))], path)  # overdue since 2000-01-10
    code, out, _ = run(capsys, "process", "check", str(path))
    assert (code, out.splitlines()[-1]) == (1, "1 rule breach found")
