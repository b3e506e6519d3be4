"""Local response trackers: where a service stands on each recommendation of a framework pack."""

from __future__ import annotations

from fosterkit.tracker.model import (
    COLUMNS,
    ResponseStatus,
    ResponseTracker,
    TrackerCell,
    TrackerColumn,
    TrackerEntry,
    TrackerReading,
    check_fits,
    column_letter,
    new_tracker,
    read_entries,
    status_by_theme,
    tracker_row,
)

__all__ = [
    "COLUMNS",
    "ResponseStatus",
    "ResponseTracker",
    "TrackerCell",
    "TrackerColumn",
    "TrackerEntry",
    "TrackerReading",
    "check_fits",
    "column_letter",
    "new_tracker",
    "read_entries",
    "status_by_theme",
    "tracker_row",
]
