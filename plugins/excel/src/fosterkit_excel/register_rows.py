"""From records to the register's rows: where each sheet's rows come from in the records.

Records are taken in their serialised form (:func:`fosterkit.record_to_dict`), so a row is a
dictionary read through the paths of :mod:`fosterkit_excel.register_layout`. A process's leaver
and interviews go on the Leavers and Interviews sheets, linked by their ids; a data collection
record held at no booking has a row of its own on the Interviews sheet. Conversations before
notice, post-approval interviews (their suggestions on a sheet of their own) and reviews of the
process (one row for each change decided) have sheets of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fosterkit import record_to_dict
from fosterkit.errors import Problem, StructureError
from fosterkit_excel.register_layout import (
    BEFORE,
    BEFORE_NOTICE,
    BOOKINGS,
    CHANGES,
    COMPLAINTS,
    FINDINGS,
    HOUSEHOLDS,
    INTERVIEWS,
    LEAVERS,
    OPT_OUTS,
    POST_APPROVAL,
    POST_SUGGESTIONS,
    PROCESSES,
    RESPONSES,
    REVIEWS,
    STATUS,
    SUGGESTIONS,
    TABLES,
)

__all__ = ["Row", "get_path", "sheet_rows"]

#: A row as a dictionary of paths (and links, ``@Sheet``) to serialised values.
Row = dict[str, Any]


def get_path(row: Row, path: str) -> Any:
    """The value at ``path`` in ``row`` (``None`` where any step is missing)."""
    if path.startswith(("@", "^")) or path in row:
        return row.get(path)
    if path.startswith("#"):
        area = path[1:]
        return next((r["score"] for r in row.get("ratings", ()) if r["area"] == area), None)
    value: Any = row
    for step in path.split("."):
        if isinstance(value, list) and step.isdigit():
            value = value[int(step)] if int(step) < len(value) else None
        elif isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return value


def _refuse(message: str, entry: str) -> StructureError:
    return StructureError([Problem(path="", entry=entry, message=message)], "register")


class _Rows:
    """The rows of every sheet, filled in record by record."""

    def __init__(self) -> None:
        self.sheets: dict[str, list[Row]] = {t.sheet: [] for t in TABLES}
        self.leavers: dict[str, Row] = {}
        self.ids: dict[str, set[str]] = {
            sheet: set()
            for sheet in (HOUSEHOLDS, PROCESSES, INTERVIEWS, BEFORE_NOTICE, POST_APPROVAL, REVIEWS)
        }

    def add(self, sheet: str, row: Row) -> None:
        self.sheets[sheet].append(row)

    def once(self, sheet: str, key: str) -> None:
        if key in self.ids[sheet]:
            raise _refuse(f"the id is used by two rows of the {sheet} sheet; a register needs one", key)
        self.ids[sheet].add(key)

    def leaver(self, departure: Row) -> None:
        """A leaver, once: a process's copy and a departure record of the same id must agree."""
        key = departure["id"]
        known = self.leavers.get(key)
        if known is None:
            self.leavers[key] = departure
            self.add(LEAVERS, departure)
        elif known != departure:
            raise _refuse("two different departures have this id (a process's and another)", key)

    def household(self, data: Row) -> None:
        self.once(HOUSEHOLDS, data["id"])
        self.add(HOUSEHOLDS, data)
        for change in data["history"]:
            self.add(STATUS, {**change, f"@{HOUSEHOLDS}": data["id"]})

    def practice(self, kind: str, data: Row) -> None:
        """A record around the exit process: a conversation, a post-approval interview, a review."""
        key = data["id"]
        link = {f"@{sheet}": key for sheet in (POST_APPROVAL, REVIEWS)}
        if kind == "considering_leaving":
            self.once(BEFORE_NOTICE, key)
            self.add(BEFORE_NOTICE, data)
        elif kind == "post_approval_interview":
            self.once(POST_APPROVAL, key)
            self.add(POST_APPROVAL, data)
            for suggestion in data.get("suggestions", ()):
                self.add(POST_SUGGESTIONS, {**suggestion, **link})
        else:
            self.once(REVIEWS, key)
            self.add(REVIEWS, data)
            for change in data.get("changes", ()):
                self.add(CHANGES, {"text": change, **link})

    def interview(self, record: Row, held: Row | None) -> None:
        key = record["id"]
        self.once(INTERVIEWS, key)
        self.add(INTERVIEWS, {**record, "^feedback_sent_on": held and held.get("feedback_sent_on")})
        link = {f"@{INTERVIEWS}": key}
        for suggestion in record.get("suggestions", ()):
            self.add(SUGGESTIONS, {**suggestion, **link})
        for finding in (held or {}).get("findings", ()):
            self.add(FINDINGS, {**finding, **link})
        for response in (held or {}).get("responses", ()):
            self.add(RESPONSES, {**response, **link})

    def process(self, data: Row) -> None:
        key = data["id"]
        self.once(PROCESSES, key)
        self.leaver(data["departure"])
        self.add(PROCESSES, {**data, f"@{LEAVERS}": data["departure"]["id"]})
        link = {f"@{PROCESSES}": key}
        if data.get("pre_interview") is not None:
            self.add(BEFORE, {**data["pre_interview"], **link})
        for opt_out in data.get("opt_outs", ()):
            self.add(OPT_OUTS, {**opt_out, **link})
        for complaint in data.get("complaints", ()):
            self.add(COMPLAINTS, {**complaint, **link})
        for booking in data.get("bookings", ()):
            held = booking.get("interview")
            record = None if held is None else held["record"]
            self.add(
                BOOKINGS, {**booking, **link, f"@{INTERVIEWS}": None if record is None else record["id"]}
            )
            if held is not None:
                self.interview(held["record"], held)


def sheet_rows(records: Iterable[object]) -> dict[str, list[Row]]:
    """The rows of every sheet of the register holding ``records``, by sheet name.

    Raises :class:`~fosterkit.errors.StructureError` for two records of one kind with one id,
    or a process whose leaver differs from the departure record of the same id.
    """
    rows = _Rows()
    processes: list[Row] = []
    interviews: list[Row] = []
    for record in records:
        data = record_to_dict(record)
        kind = data.pop("kind")
        data.pop("schema_version", None)
        if kind == "household":
            rows.household(data)
        elif kind == "departure":
            rows.leaver(data)
        elif kind == "exit_process":
            processes.append(data)
        elif kind == "data_collection_record":
            interviews.append(data)
        elif kind in ("considering_leaving", "post_approval_interview", "process_review"):
            rows.practice(kind, data)
        else:
            raise _refuse(f"a {kind} record has no sheet in this register", str(data.get("id", "")))
    for process in processes:
        rows.process(process)
    for record in interviews:
        rows.interview(record, None)
    return rows.sheets
