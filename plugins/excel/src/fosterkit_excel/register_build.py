"""Putting a register's rows together into records, and locating each problem in a cell.

Rows are linked by ids: a status change to its household, a booking to its process and (once
held) to its interview record, a finding to its record. Each record is built in its serialised
form and structured by :func:`fosterkit.record_from_dict`; a problem it finds is traced back,
through the path of the field, to the sheet, row and column it came from. A broken link, an id
used twice, or a row whose record cannot be made is listed; no row is passed over in silence.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from attrs import define

from fosterkit import InterviewStage, ProcessPolicy, StructureError, record_from_dict
from fosterkit.errors import CellProblem
from fosterkit.plugins import RECORD_KINDS, StageTwoWindow
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
)
from fosterkit_excel.register_read_rows import ReadRow, locate

__all__ = ["ReadRow", "build_records"]


#: The sheets of records around the exit process: each one's record kind, and its list on a sheet below.
_PRACTICE = {
    BEFORE_NOTICE: ("considering_leaving", "", ""),
    POST_APPROVAL: ("post_approval_interview", "suggestions", POST_SUGGESTIONS),
    REVIEWS: ("process_review", "changes", CHANGES),
}


@define
class _Record:
    kind: str
    data: dict[str, Any]
    pieces: list[tuple[str, ReadRow]]


class _Builder:
    def __init__(self, rows: Mapping[str, list[ReadRow]]) -> None:
        self.rows = rows
        self.problems: list[CellProblem] = []
        self.own: dict[str, dict[str, ReadRow]] = {}
        for sheet in (HOUSEHOLDS, LEAVERS, PROCESSES, INTERVIEWS, BOOKINGS, *_PRACTICE):
            self.own[sheet] = {}
            for row in rows[sheet]:
                self._claim(sheet, row)
        self.children: dict[str, dict[str, list[ReadRow]]] = {}
        for rows_of in rows.values():
            for row in rows_of:
                self._check_links(row)

    def _claim(self, sheet: str, row: ReadRow) -> None:
        key = row.key
        if key is None:
            return
        first = self.own[sheet].get(key)
        if first is not None:
            row.bad = True
            self.problems.append(row.problem(f"the id {key!r} is already used in row {first.number}"))
        else:
            self.own[sheet][key] = row

    def _check_links(self, row: ReadRow) -> None:
        for column in row.table.columns:
            target = row.values.get(column.path)
            if column.required and target is None and row.shown.get(column.path, "") == "":
                row.bad = True
                self.problems.append(row.problem(f"{column.header}: needed in every row", column.path))
            if not column.link or target is None:
                continue
            if target not in self.own[column.link]:
                row.bad = True
                message = f"{column.header}: no row of the {column.link!r} sheet has the id {target!r}"
                self.problems.append(row.problem(message, column.path))
            elif column.path.startswith("@"):
                self.children.setdefault(row.table.sheet, {}).setdefault(target, []).append(row)

    def under(self, sheet: str, key: str) -> list[ReadRow]:
        return self.children.get(sheet, {}).get(key, [])

    def household(self, row: ReadRow) -> _Record:
        data = row.data()
        changes = self.under(STATUS, row.key or "")
        approval = {"status": "approved", "since": data.get("approved_on")}
        history = [c.data() for c in changes]
        offset = 0 if history and {**history[0], "note": ""} == {**approval, "note": ""} else 1
        data["history"] = [approval] * offset + history
        pieces = [("", row)] + [(f"history[{i + offset}]", c) for i, c in enumerate(changes)]
        return _Record("household", data, pieces)

    def interview(self, row: ReadRow, prefix: str) -> tuple[dict[str, Any], list[tuple[str, ReadRow]]]:
        """The record of an Interviews row, with its suggestions, at ``prefix`` in its record."""
        record = row.data()
        dot = f"{prefix}." if prefix else ""
        pieces = [(prefix, row)]
        suggestions = self.under(SUGGESTIONS, row.key or "")
        record["suggestions"] = [s.data() for s in suggestions]
        pieces += [(f"{dot}suggestions[{i}]", s) for i, s in enumerate(suggestions)]
        return record, pieces

    def booking(self, row: ReadRow, prefix: str) -> tuple[dict[str, Any], list[tuple[str, ReadRow]]]:
        data = row.data()
        pieces = [(prefix, row)]
        held = row.link(INTERVIEWS)
        if held is not None:
            interview = self.own[INTERVIEWS][held]
            record, more = self.interview(interview, f"{prefix}.interview.record")
            findings, responses = self.under(FINDINGS, held), self.under(RESPONSES, held)
            data["interview"] = {
                "record": record,
                "findings": [f.data() for f in findings],
                "responses": [r.data() for r in responses],
            }
            feedback = interview.values.get("^feedback_sent_on")
            if feedback is not None:
                data["interview"]["feedback_sent_on"] = feedback
            pieces += more
            pieces += [(f"{prefix}.interview.findings[{i}]", f) for i, f in enumerate(findings)]
            pieces += [(f"{prefix}.interview.responses[{i}]", r) for i, r in enumerate(responses)]
        return data, pieces

    def process(self, row: ReadRow) -> _Record:
        data = row.data()
        key = row.key or ""
        leaver = self.own[LEAVERS][row.link(LEAVERS) or ""]
        data["departure"] = leaver.data()
        pieces: list[tuple[str, ReadRow]] = [("", row), ("departure", leaver)]
        before = self.under(BEFORE, key)
        for extra in before[1:]:
            extra.bad = True
            self.problems.append(extra.problem(f"process {key!r} already has a row in {before[0].number}"))
        if before:
            data["pre_interview"] = before[0].data()
            pieces.append(("pre_interview", before[0]))
        for sheet, name in ((OPT_OUTS, "opt_outs"), (COMPLAINTS, "complaints")):
            found = self.under(sheet, key)
            data[name] = [r.data() for r in found]
            pieces += [(f"{name}[{i}]", r) for i, r in enumerate(found)]
        data["bookings"] = []
        for index, booking in enumerate(self.under(BOOKINGS, key)):
            made, more = self.booking(booking, f"bookings[{index}]")
            data["bookings"].append(made)
            pieces += more
        if data.get("stage_two_window") is None:
            data["stage_two_window"] = _default_window(data["bookings"])
        return _Record("exit_process", data, pieces)

    def standalone(self, held: set[str]) -> list[_Record]:
        """Interviews held at no booking: records of their own, which cannot have findings or responses."""
        found = []
        for key, row in self.own[INTERVIEWS].items():
            if key in held:
                continue
            followed = self.under(FINDINGS, key) + self.under(RESPONSES, key)
            for extra in followed:
                extra.bad = True
                message = (
                    f"record {key!r} was held at no booking: give its appointment's Record id on Bookings"
                )
                self.problems.append(extra.problem(message))
            if row.values.get("^feedback_sent_on") is not None:
                row.bad = True
                message = (
                    "only an interview held at a booking is fed back on: link it from the Bookings sheet"
                )
                self.problems.append(row.problem(message, "^feedback_sent_on"))
            record, pieces = self.interview(row, "")
            found.append(_Record("data_collection_record", record, pieces))
        return found

    def practice(self) -> list[_Record]:
        """Conversations before notice, post-approval interviews with their suggestions, and reviews."""
        found = []
        for sheet, (kind, name, under) in _PRACTICE.items():
            for key, row in self.own[sheet].items():
                data = row.data()
                children = self.under(under, key) if under else []
                items = [c.data() for c in children]
                if name:
                    data[name] = [item.get("text") for item in items] if under == CHANGES else items
                pieces = [("", row)] + [(f"{name}[{i}]", c) for i, c in enumerate(children)]
                found.append(_Record(kind, data, pieces))
        return found

    def make(self, built: _Record) -> object | None:
        """The record, or ``None`` with each problem listed at its cell."""
        if any(row.bad for _, row in built.pieces):
            root = built.pieces[0][1]
            broken = next(r for _, r in built.pieces if r.bad)
            if not root.bad:
                where = f"{broken.table.sheet} row {broken.number}"
                self.problems.append(root.problem(f"not read, as a row it needs has a problem ({where})"))
            return None
        try:
            return record_from_dict({"schema_version": 1, "kind": built.kind, **built.data})
        except StructureError as err:
            for problem in err.problems:
                self.problems.append(locate(built.pieces, problem.path, problem.message))
            return None


def _default_window(bookings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The stage 2 window a held stage 1 opens, when the sheet leaves it blank (as ``complete`` does).

    A team that records stage 1 as held but not the window still sees stage 2 fall due, by the
    default policy's weeks (:class:`fosterkit.ProcessPolicy`).
    """
    for booking in bookings:
        held = (booking.get("interview") or {}).get("record") or {}
        on = held.get("interviewed_on")
        if booking.get("appointment", {}).get("stage") == InterviewStage.EXIT_STAGE_1.value and on:
            day = on if isinstance(on, datetime.date) else datetime.date.fromisoformat(str(on))
            window = StageTwoWindow.default(day, ProcessPolicy().stage_two_weeks)
            return {
                "stage_one_on": window.stage_one_on.isoformat(),
                "opens": window.opens.isoformat(),
                "closes": window.closes.isoformat(),
            }
    return None


def build_records(rows: Mapping[str, list[ReadRow]]) -> tuple[tuple[object, ...], tuple[CellProblem, ...]]:
    """The records the register's rows make, and each problem found in putting them together."""
    kinds = {"household", "departure", "exit_process", "data_collection_record"}
    assert kinds | {kind for kind, _, _ in _PRACTICE.values()} <= set(RECORD_KINDS)
    builder = _Builder(rows)
    built = [builder.household(row) for row in builder.own[HOUSEHOLDS].values()]
    built += [_Record("departure", row.data(), [("", row)]) for row in builder.own[LEAVERS].values()]
    processes = [builder.process(row) for row in builder.own[PROCESSES].values()]
    held: dict[str, ReadRow] = {}
    for row in rows[BOOKINGS]:
        key = row.link(INTERVIEWS)
        if key is not None and key in held:
            row.bad = True
            builder.problems.append(row.problem(f"record {key!r} is already held at row {held[key].number}"))
        elif key is not None:
            held[key] = row
    built += builder.standalone(set(held))
    built += processes
    built += builder.practice()
    records = [builder.make(record) for record in built]
    unique = list(dict.fromkeys(builder.problems))
    return tuple(r for r in records if r is not None), tuple(unique)
