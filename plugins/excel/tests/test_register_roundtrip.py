"""The register round trip: records to a register and back, equal; and through LibreOffice too.

A practice is households, a departure for some of them, an exit process for some departures,
a few data collection records held at no booking, conversations before notice, post-approval
interviews and reviews of the process, each with an id of its own, as a service's register
holds them. Equality data is left out: a register never holds it. Ratings
come back in the order of the rating columns, so a practice holds them in that order.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit import DataCollectionRecord, Departure, ExitProcess, Household
from fosterkit.adapters.register_files import make_register_file, read_register_file
from fosterkit.interviews import PostApprovalInterview
from fosterkit.plugins import SupportArea
from fosterkit.serial.converter import unstructure
from fosterkit.testing.carers_strategies import departures, households
from fosterkit.testing.interview_strategies import data_collection_records
from fosterkit.testing.process_strategies import exit_processes
from fosterkit.testing.strategies import (
    considering_leaving_conversations,
    post_approval_interviews,
    process_reviews,
)

R = TypeVar("R", DataCollectionRecord, PostApprovalInterview)


def _plain(home: Household, number: int) -> Household:
    carers = tuple(attrs.evolve(c, equality=None) for c in home.carers)
    return attrs.evolve(home, id=f"H{number}", carers=carers)


def _rated(record: R) -> R:
    order = list(SupportArea)
    return attrs.evolve(record, ratings=tuple(sorted(record.ratings, key=lambda r: order.index(r.area))))


def _ids(process: ExitProcess, number: int) -> ExitProcess:
    """The process with ids unique across the practice (appointments and records numbered per process)."""
    bookings = []
    for booking in process.bookings:
        appointment = attrs.evolve(booking.appointment, id=f"P{number}-{booking.appointment.id}")
        held = booking.interview
        if held is not None:
            record = _rated(attrs.evolve(held.record, id=f"P{number}-{held.record.id}"))
            held = attrs.evolve(held, record=record)
        bookings.append(attrs.evolve(booking, appointment=appointment, interview=held))
    return attrs.evolve(process, id=f"P{number}", bookings=tuple(bookings))


@st.composite
def practices(draw: st.DrawFn, max_households: int = 4) -> list[object]:
    """Records as a register holds them: households, departures, processes, records held at no booking."""
    homes = [
        _plain(h, n) for n, h in enumerate(draw(st.lists(households(), min_size=1, max_size=max_households)))
    ]
    records: list[object] = list(homes)
    leavers: list[Departure] = []
    for number, home in enumerate(homes):
        if draw(st.booleans()):
            leaver = attrs.evolve(draw(departures(household_id=home.id)), id=f"D{number}")
            leavers.append(leaver)
            records.append(leaver)
    for number, leaver in enumerate(leavers):
        if draw(st.booleans()):
            records.append(_ids(draw(exit_processes(departure=leaver)), number))
    for number, leaver in enumerate(leavers[:2]):
        if draw(st.booleans()):
            record: DataCollectionRecord = draw(data_collection_records(departure_id=leaver.id))
            records.append(_rated(attrs.evolve(record, id=f"R{number}")))
    records += _around_the_process(draw, homes, leavers)
    return records


def _around_the_process(draw: st.DrawFn, homes: list[Household], leavers: list[Departure]) -> list[object]:
    """Conversations before notice, post-approval interviews and reviews, linked to the practice's ids."""
    found: list[object] = []
    for number, home in enumerate(homes[:2]):
        if draw(st.booleans()):
            talk = draw(considering_leaving_conversations(household_id=home.id))
            left = talk.departure_id is not None and leavers
            talk = attrs.evolve(talk, id=f"T{number}", departure_id=leavers[0].id if left else None)
            found.append(talk)
        if draw(st.booleans()):
            interview = draw(post_approval_interviews(household_id=home.id))
            found.append(_rated(attrs.evolve(interview, id=f"PA{number}")))
    for number in range(draw(st.integers(0, 2))):
        found.append(attrs.evolve(draw(process_reviews()), id=f"PR{number}"))
    return found


def _key(record: object) -> tuple[str, str]:
    return type(record).__name__, str(getattr(record, "id", ""))


def _round_trip(records: list[object], path: Path) -> list[object]:
    make_register_file(path, service="Anytown fostering", records=records, force=True)
    result = read_register_file(path)
    assert result.reading.problems == ()
    assert result.reading.service == "Anytown fostering"
    return sorted(result.reading.records, key=_key)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=practices())
def test_records_register_records_round_trip_equal(records: list[object], tmp_path: Path) -> None:
    assert _round_trip(records, tmp_path / "register.xlsx") == sorted(records, key=_key)


def test_an_empty_register_reads_back_empty(tmp_path: Path) -> None:
    assert _round_trip([], tmp_path / "empty.xlsx") == []


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=practices(max_households=3))
def test_a_register_saved_by_libreoffice_reads_back_the_same(records: list[object], tmp_path: Path) -> None:
    made = tmp_path / "made" / "register.xlsx"
    made.parent.mkdir(exist_ok=True)
    make_register_file(made, service="Anytown fostering", records=records, force=True)
    out = tmp_path / "saved"
    assert SOFFICE is not None
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(made),
        ],
        check=True,
        capture_output=True,
    )
    saved = read_register_file(out / "register.xlsx")
    assert saved.reading.problems == ()
    # LibreOffice saves a carriage return in a cell's text as a line feed: the one change it makes.
    assert _line_feeds(sorted(saved.reading.records, key=_key)) == _line_feeds(sorted(records, key=_key))


def _line_feeds(value: object) -> object:
    """``value`` unstructured, with every carriage return in its text made a line feed."""
    data = unstructure(value)

    def convert(item: object) -> object:
        if isinstance(item, str):
            return item.replace("\r\n", "\n").replace("\r", "\n")
        if isinstance(item, list | tuple):
            return [convert(part) for part in item]
        if isinstance(item, dict):
            return {key: convert(part) for key, part in item.items()}
        return item

    return convert(data)
