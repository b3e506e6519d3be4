"""The local response tracker: statuses, making and carrying forward, and reading rows back."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit.adapters.tracker_files import make_tracker_file, read_tracker
from fosterkit.errors import FieldError, StructureError, TrackerError
from fosterkit.framework import Catalogue, PackInfo, Recommendation, Theme
from fosterkit.plugins import make_plugin_manager
from fosterkit.testing import strategies as fks
from fosterkit.tracker import (
    COLUMNS,
    ResponseStatus,
    ResponseTracker,
    TrackerCell,
    TrackerEntry,
    column_letter,
    new_tracker,
    read_entries,
    status_by_theme,
    tracker_row,
)

PACK = Catalogue(
    pack=PackInfo(id="anyshire-2027", title="Anyshire", version="1", publisher="Anyshire partnership"),
    themes=(Theme(id="support", title="Support"), Theme(id="keeping", title="Keeping carers")),
    recommendations=(
        Recommendation(id="A1", title="Peer groups", summary="Run them.", theme="support"),
        Recommendation(id="A2", title="Exit interviews", summary="Offer them.", theme="keeping"),
        Recommendation(id="A3", title="Fees", summary="Review them.", theme="keeping"),
    ),
)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("in_progress", ResponseStatus.IN_PROGRESS),
        ("In progress", ResponseStatus.IN_PROGRESS),
        (" IN-PLACE ", ResponseStatus.IN_PLACE),
        ("for government or others", ResponseStatus.FOR_OTHERS),
    ],
)
def test_statuses_are_read_by_value_or_label(text: str, status: ResponseStatus) -> None:
    assert ResponseStatus.parse(text) is status


def test_an_unknown_status_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="'done-ish' is not a status; use one of Not started, Under review"):
        ResponseStatus.parse("done-ish")


def test_a_new_tracker_lists_every_recommendation_in_order() -> None:
    tracker = new_tracker(PACK, service="Anytown")
    assert [e.recommendation for e in tracker.entries] == ["A1", "A2", "A3"]
    assert (tracker.pack, tracker.pack_version) == ("anyshire-2027", "1")
    assert tracker.by_status()[ResponseStatus.NOT_STARTED] == 3
    assert tracker.problems(PACK) == []


def test_carrying_forward_keeps_responses_and_refuses_to_lose_any() -> None:
    last = ResponseTracker(
        pack="anyshire-2027",
        pack_version="0",
        service="Anytown",
        entries=(TrackerEntry(recommendation="A2", status=ResponseStatus.IN_PLACE, owner="Jo"),),
    )
    tracker = new_tracker(PACK, service="Anytown", previous=last)
    assert tracker.entry("A2").owner == "Jo"
    assert tracker.entry("A1") == TrackerEntry(recommendation="A1")
    gone = ResponseTracker(
        pack="anyshire-2027",
        pack_version="0",
        service="Anytown",
        entries=(TrackerEntry(recommendation="A9", response="kept"),),
    )
    with pytest.raises(StructureError, match="anyshire-2027 has no recommendation 'A9'"):
        new_tracker(PACK, service="Anytown", previous=gone)


def test_a_recommendation_has_one_entry() -> None:
    with pytest.raises(FieldError, match="recommendation 'A1' has 2 entries"):
        ResponseTracker(
            pack="p",
            pack_version="1",
            service="s",
            entries=(TrackerEntry(recommendation="A1"), TrackerEntry(recommendation="A1")),
        )


def test_status_by_theme_counts_every_entry() -> None:
    tracker = new_tracker(PACK, service="Anytown")
    counts = status_by_theme(tracker, PACK)
    assert list(counts) == ["support", "keeping"]
    assert counts["keeping"][ResponseStatus.NOT_STARTED] == 2
    assert sum(sum(c.values()) for c in counts.values()) == len(tracker.entries)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 9, 25, 26, 27, 701, 702)] == [
        "A",
        "J",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def _rows(tracker: ResponseTracker, catalogue: Catalogue) -> list[tuple[int, tuple[TrackerCell, ...]]]:
    return [(row, tracker_row(entry, catalogue)) for row, entry in enumerate(tracker.entries, start=2)]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_rows_read_back_as_the_same_entries(data: st.DataObject) -> None:
    catalogue = data.draw(fks.recommendation_packs())
    tracker = data.draw(fks.response_trackers(catalogue))
    rows = _rows(tracker, catalogue)
    order = data.draw(st.permutations(rows))
    entries, problems = read_entries(order, catalogue, sheet="Tracker")
    assert problems == ()
    assert entries == tracker.entries


def test_values_that_cannot_be_taken_are_listed_and_the_rest_kept() -> None:
    tracker = new_tracker(PACK, service="Anytown")
    rows: list[list[TrackerCell]] = [list(values) for _, values in _rows(tracker, PACK)]
    status, due = [c.key for c in COLUMNS].index("status"), [c.key for c in COLUMNS].index("due")
    rows[0][status] = "sort of"
    rows[0][4] = "We run two groups"
    rows[1][due] = "next spring"
    rows[2][0] = "A1"  # a second row for A1, so A3 has none
    rows.append(["Z7", "", "", "In place", "kept anyway"])
    entries, problems = read_entries(enumerate(rows, start=2), PACK, sheet="Tracker")
    assert entries[0].response == "We run two groups"
    assert entries[0].status is ResponseStatus.NOT_STARTED
    assert entries[2] == TrackerEntry(recommendation="A3")
    found = [(p.where, p.value, p.message) for p in problems]
    assert ("Tracker!D2", "sort of", found[0][2]) == found[0]
    assert "not a status" in found[0][2]
    assert found[1][:2] == ("Tracker!I3", "next spring")
    assert "not a date" in found[1][2]
    assert found[2][0] == "Tracker!A4"
    assert "is given twice" in found[2][2]
    assert found[3][:2] == ("Tracker!A5", "Z7 | In place | kept anyway")
    assert "not a recommendation of anyshire-2027" in found[3][2]
    assert found[4][0] == "Tracker!A6"
    assert "recommendation A3 has no row; it is added blank" in found[4][2]


def test_dates_and_numbers_from_spreadsheets() -> None:
    tracker = new_tracker(PACK, service="Anytown")
    rows: list[list[TrackerCell]] = [list(values) for _, values in _rows(tracker, PACK)]
    rows[0][8] = datetime.datetime(2027, 3, 1, 0, 0)
    rows[0][9] = "2027-02-01"
    rows[0][6] = 42.0
    entries, problems = read_entries(enumerate(rows, start=2), PACK, sheet="Tracker")
    assert problems == ()
    assert (entries[0].due, entries[0].updated) == (datetime.date(2027, 3, 1), datetime.date(2027, 2, 1))
    assert entries[0].owner == "42"


def test_no_tracker_format_installed(tmp_path: Path) -> None:
    bare = make_plugin_manager(load_entrypoints=False)
    with pytest.raises(
        TrackerError, match="no response-tracker format is installed; install the fosterkit-excel plugin: "
    ):
        make_tracker_file(tmp_path / "t.xlsx", pack="practice-guide-2026", service="S", plugins=bare)
    with pytest.raises(TrackerError, match="no pack 'nope' is installed"):
        make_tracker_file(tmp_path / "t.xlsx", pack="nope", service="S", plugins=bare)
    with pytest.raises(StructureError, match="no such file"):
        read_tracker(tmp_path / "missing.xlsx", plugins=bare)
    assert not (tmp_path / "t.xlsx").exists()
