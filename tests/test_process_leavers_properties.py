"""Properties: every departure is accounted for exactly once in `due` and in the metrics' base."""

from __future__ import annotations

import datetime

from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import Departure, ExitProcess, ProcessPolicy, due, process_metrics
from fosterkit.interviews import DueKind
from fosterkit.testing.strategies import departures, exit_processes, process_policies


@frozen
class Leavers:
    """Departures, the processes of some of them, and the departure records a file holds."""

    departures: tuple[Departure, ...]
    """Each departure once: what must be accounted for."""
    processes: tuple[ExitProcess, ...]
    records: tuple[Departure, ...]
    """Standalone departure records: with a process or not, some repeated, in any order."""


@st.composite
def leavers(draw: st.DrawFn) -> Leavers:
    """A file's worth of leavers: with a process, a record, both, or two processes."""
    found = draw(st.lists(departures(), max_size=6, unique_by=lambda d: d.id))
    processes: list[ExitProcess] = []
    records: list[Departure] = []
    for departure in found:
        how = draw(st.sampled_from(["process", "record", "both", "two processes"]))
        if how != "record":
            processes.append(draw(exit_processes(departure=departure)))
        if how == "two processes":
            processes.append(draw(exit_processes(departure=departure)))
        if how in ("record", "both"):
            records.extend([departure] * draw(st.integers(1, 2)))
    return Leavers(
        departures=tuple(found),
        processes=tuple(draw(st.permutations(processes))),
        records=tuple(draw(st.permutations(records))),
    )


def _offered(leavers: Leavers, departure: Departure) -> bool:
    return any(p.offered_on is not None for p in leavers.processes if p.departure.id == departure.id)


_TODAY = st.dates(datetime.date(1990, 1, 1), datetime.date(2041, 12, 31))


@settings(max_examples=60, deadline=None)
@given(leavers(), _TODAY, process_policies())
def test_every_departure_is_due_an_offer_or_done_exactly_once(
    found: Leavers, today: datetime.date, policy: ProcessPolicy
) -> None:
    items = due(found.processes, today, policy=policy, departures=found.records)
    offers = [item for item in items if item.kind is DueKind.OFFER]
    known = {d.id for d in found.departures}
    assert {item.departure_id for item in items} <= known
    for departure in found.departures:
        mine = [item for item in offers if item.departure_id == departure.id]
        unoffered = [p for p in found.processes if p.departure.id == departure.id and p.offered_on is None]
        if not any(p.departure.id == departure.id for p in found.processes):
            # no process: due (or overdue) exactly once, by departure id, with its household
            assert [(i.subject, i.household_id, i.process_id) for i in mine] == [
                (departure.id, departure.household_id, None)
            ]
            expected = departure.notice_on + datetime.timedelta(days=policy.offer_within_days)
            assert (mine[0].due_on, mine[0].overdue) == (expected, today > expected)
        else:
            # through its processes: one offer item for each process not yet offered, none once done
            assert sorted(i.process_id or "" for i in mine) == sorted(p.id for p in unoffered)


@settings(max_examples=60, deadline=None)
@given(leavers())
def test_each_departure_is_in_the_metrics_base_once(found: Leavers) -> None:
    metrics = process_metrics(found.processes, departures=found.records)
    without = [d for d in found.departures if not any(p.departure.id == d.id for p in found.processes)]
    assert metrics.departures == len(found.departures)
    assert metrics.processes == len(found.processes)
    assert metrics.without_process.count == len(without)
    assert metrics.offered.count == sum(_offered(found, d) for d in found.departures)
    for share in (
        metrics.without_process,
        metrics.offered,
        metrics.took_up,
        metrics.declined,
        metrics.checklist_sent,
    ):
        assert share.of == len(found.departures)
    assert metrics.declined.count + metrics.took_up.count <= metrics.offered.count


@settings(max_examples=60, deadline=None)
@given(leavers(), _TODAY, _TODAY)
def test_a_period_holds_the_departures_whose_notice_falls_in_it(
    found: Leavers, start: datetime.date, end: datetime.date
) -> None:
    metrics = process_metrics(iter(found.processes), departures=iter(found.records), start=start, end=end)
    inside = [d for d in found.departures if start <= d.notice_on < end]
    assert metrics.departures == len(inside)
    assert metrics.offered.count == sum(_offered(found, d) for d in inside)
