"""Reading a filled-in audit workbook back into an :class:`~fosterkit.audit.AuditReading`.

The workbook is opened in openpyxl's read-only mode, with defusedxml guarding the XML and the
archive checked for decompression bombs first. A workbook that is not ours, or is missing a
sheet, raises :class:`~fosterkit.errors.StructureError`; a bad value in a cell is reported as a
:class:`~fosterkit.audit.CellProblem` naming the sheet and cell, and the rest is still read.
"""

from __future__ import annotations

import datetime
import enum
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.datetime import from_excel  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue
from fosterkit.errors import CellProblem, FosterkitError, Problem, StructureError
from fosterkit.plugins import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    AuditReading,
    Position,
    PriorityChoice,
    PriorityLevel,
    restore,
)
from fosterkit_excel import audit_layout as layout
from fosterkit_excel.reader import _quietly, error_value_message, is_error_value, read_filled_in
from fosterkit_excel.xstring import unescape

__all__ = ["read_audit_workbook"]

C = TypeVar("C", bound=enum.Enum)

_UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def _error(path: Path, message: str, where: str = "") -> StructureError:
    return StructureError([Problem(path=where, message=message)], os.fspath(path))


class _Sheet:
    """Rows of one sheet, with the problems found in them."""

    def __init__(self, name: str, problems: list[CellProblem]) -> None:
        self.name = name
        self.problems = problems

    def problem(self, cell: str, value: object, message: str) -> None:
        self.problems.append(CellProblem(sheet=self.name, cell=cell, value=_as_shown(value), message=message))

    def text(self, value: object) -> str:
        """A text cell's value as typed (numbers people typed become text)."""
        return _text(value)

    def choice(self, kind: type[C], value: object, cell: str, what: str) -> C | None:
        """One of the dropdown's choices, or ``None`` (and a problem) for anything else."""
        text = self.text(value).strip()
        if not text:
            return None
        try:
            return kind.parse(text)  # type: ignore[attr-defined, no-any-return]
        except ValueError:
            allowed = ", ".join(str(c.value) for c in kind)
            self.problem(cell, value, f"{text!r} is not a {what} (choose one of: {allowed})")
            return None

    def date(self, value: object, cell: str, what: str) -> datetime.date | None:
        """A date cell's date, or ``None`` (and a problem) for something that is not a date."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
            converted = from_excel(value)
            return converted.date() if isinstance(converted, datetime.datetime) else None
        if isinstance(value, str):
            parsed = _parse_date_text(value)
            if parsed is not None:
                return parsed
        self.problem(cell, value, f"{self.text(value)!r} in {what} is not a date (write it as 31/03/2027)")
        return None


def _text(value: object) -> str:
    """A cell's value as the text typed, with our escaping and neutralising undone."""
    if value is None:
        return ""
    if isinstance(value, str):
        return restore(unescape(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    return str(value)


def _blank(cells: Iterable[object]) -> bool:
    """Whether every cell is empty or holds only spaces."""
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _parse_date_text(text: str) -> datetime.date | None:
    for pattern, order in ((_UK_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                return None
    return None


def _as_shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value)


def _rows(
    ws: Any, path: Path, width: int, first: int = 2, sheet: _Sheet | None = None
) -> Iterator[tuple[int, list[object]]]:
    """Rows from ``first`` on, padded to ``width`` cells, with their row numbers; empty rows are skipped.

    With ``sheet``, a cell holding an error value (``#DIV/0!``, ``#N/A``: what a formula that
    failed leaves) is refused there, by cell, and read as blank: it is not an answer.
    """
    rows = _quietly(path, lambda: iter(ws.iter_rows(min_row=first, max_col=width, values_only=True)))
    number = first - 1
    while True:
        row = _quietly(path, lambda: next(rows, None))
        number += 1
        if row is None:
            return
        cells = list(row) + [None] * (width - len(row))
        if sheet is not None:
            for index, value in enumerate(cells):
                if is_error_value(value):
                    cell = f"{get_column_letter(index + 1)}{number}"
                    sheet.problem(cell, value, error_value_message(str(value)))
                    cells[index] = None
        if _blank(cells):
            continue
        yield number, cells


def _check_header(ws: Any, path: Path, sheet: str, columns: dict[str, str], row: int = 1) -> None:
    width = len(columns)
    header = _quietly(
        path, lambda: next(iter(ws.iter_rows(min_row=row, max_row=row, max_col=width, values_only=True)), ())
    )
    found = list(header) + [None] * (width - len(header))
    for (letter, expected), value in zip(columns.items(), found, strict=True):
        if str(value or "").strip() != expected:
            message = (
                f"column {letter} should be headed {expected!r} but is headed {value!r}; "
                "was it moved or renamed?"
            )
            raise _error(path, message, f"{sheet}!{letter}{row}")


def _meta(wb: Any, path: Path) -> dict[str, str]:
    ws = wb[layout.META]
    values: dict[str, str] = {}
    for row in _quietly(path, lambda: list(ws.iter_rows(min_row=1, max_col=2, values_only=True))):
        if row and row[0] is not None:
            values[str(row[0])] = "" if len(row) < 2 else _text(row[1])
    if values.get("format") != layout.FORMAT:
        raise _error(
            path, f"not a fosterkit audit workbook: its {layout.META!r} sheet does not say {layout.FORMAT!r}"
        )
    missing = [key for key in layout.META_KEYS if key not in values]
    if missing:
        raise _error(path, f"the {layout.META!r} sheet is missing {', '.join(missing)}")
    try:
        version = int(float(values["format_version"]))
    except ValueError:
        raise _error(path, f"format_version {values['format_version']!r} is not a number") from None
    if version > layout.FORMAT_VERSION:
        raise _error(
            path,
            f"the workbook is format {version}, newer than this plugin reads ({layout.FORMAT_VERSION}); "
            "upgrade fosterkit-excel",
        )
    return values


def _check_sheets(names: Sequence[str], path: Path) -> None:
    if layout.META not in names:
        listed = ", ".join(repr(n) for n in names) or "none"
        raise _error(
            path, f"not a fosterkit audit workbook: it has no {layout.META!r} sheet (its sheets: {listed})"
        )
    required = [s for s in layout.SHEETS if s not in layout.OPTIONAL_SHEETS]
    missing = [s for s in required if s not in names]
    if missing:
        extra = [n for n in names if n not in layout.SHEETS]
        hint = f"; sheets not expected: {', '.join(repr(n) for n in extra)}" if extra else ""
        message = (
            f"the audit workbook is missing the sheet(s) {', '.join(repr(m) for m in missing)}: "
            f"were they renamed or deleted?{hint}"
        )
        raise _error(path, message)


def _answers(ws: Any, path: Path, sheet: _Sheet, catalogue: Catalogue, seen: set[str]) -> list[AuditAnswer]:
    _check_header(ws, path, sheet.name, layout.STEP_COLUMNS)
    known = {q.id for q in catalogue.questions}
    found = []
    for number, cells in _rows(ws, path, len(layout.STEP_COLUMNS), sheet=sheet):
        qid = sheet.text(cells[0]).strip()
        position_cell, reflections, priority_cell, owner, target = (
            cells[5],
            cells[7],
            cells[8],
            cells[9],
            cells[10],
        )
        if _blank((position_cell, reflections, priority_cell, owner, target)):
            continue
        if not qid:
            sheet.problem(f"A{number}", cells[0], "an answer with no question id")
            continue
        if qid not in known:
            sheet.problem(
                f"A{number}", cells[0], f"question {qid!r} is not in the {catalogue.pack.id} catalogue"
            )
            continue
        if qid in seen:
            sheet.problem(
                f"A{number}", cells[0], f"question {qid!r} is answered more than once; this row is left out"
            )
            continue
        answer = AuditAnswer(
            question_id=qid,
            position=sheet.choice(Position, position_cell, f"F{number}", "position"),
            reflections=sheet.text(reflections),
            priority=sheet.choice(PriorityLevel, priority_cell, f"I{number}", "priority"),
            owner=sheet.text(owner),
            target_date=sheet.date(target, f"K{number}", "Target date"),
        )
        if not answer.is_blank:
            seen.add(qid)
            found.append(answer)
    return found


def _elements(catalogue: Catalogue) -> list[str]:
    return [p.id for p in catalogue.principles] + [r.id for r in catalogue.recommendations]


def _priorities(ws: Any, path: Path, sheet: _Sheet, catalogue: Catalogue) -> list[PriorityChoice]:
    _check_header(ws, path, sheet.name, layout.PRIORITY_COLUMNS)
    known = _elements(catalogue)
    chosen: dict[str, PriorityChoice] = {}
    for number, cells in _rows(ws, path, len(layout.PRIORITY_COLUMNS), sheet=sheet):
        focus_cell, rationale, lead = cells[6], sheet.text(cells[7]), sheet.text(cells[8])
        focus_text = sheet.text(focus_cell).strip().lower()
        if not focus_text and not rationale and not lead:
            continue
        element = sheet.text(cells[0]).strip()
        if element not in known:
            message = (
                f"{element!r} is not a key principle or recommendation of the {catalogue.pack.id} catalogue"
            )
            sheet.problem(f"A{number}", cells[0], message)
            continue
        if element in chosen:
            sheet.problem(f"A{number}", cells[0], f"{element} is listed more than once; this row is left out")
            continue
        if focus_text not in ("", *layout.YES_NO):
            sheet.problem(f"G{number}", focus_cell, f"{focus_text!r} is not yes or no")
        chosen[element] = PriorityChoice(
            element_id=element, focus=focus_text == "yes", rationale=rationale, lead=lead
        )
    return [chosen[e] for e in known if e in chosen]


def _actions(ws: Any, path: Path, sheet: _Sheet, catalogue: Catalogue) -> list[AuditAction]:
    _check_header(ws, path, sheet.name, layout.ACTION_COLUMNS)
    known = set(_elements(catalogue))
    found = []
    for number, cells in _rows(ws, path, len(layout.ACTION_COLUMNS), sheet=sheet):
        action = sheet.text(cells[0])
        if not action.strip():
            shown = "; ".join(
                f"{h}={sheet.text(c)}"
                for h, c in zip(layout.ACTION_COLUMNS.values(), cells, strict=True)
                if c is not None
            )
            sheet.problem(
                f"A{number}", cells[0], f"a row with no action described ({shown}); describe the action"
            )
            continue
        link = sheet.text(cells[1]).strip() or None
        if link is not None and link not in known:
            sheet.problem(f"B{number}", cells[1], f"{link!r} is not a key principle or recommendation")
            link = None
        status = sheet.choice(ActionStatus, cells[5], f"F{number}", "status")
        found.append(
            AuditAction(
                action=action,
                link=link,
                owner=sheet.text(cells[2]),
                start=sheet.date(cells[3], f"D{number}", "Start"),
                due=sheet.date(cells[4], f"E{number}", "Due"),
                status=status or ActionStatus.NOT_STARTED,
                notes=sheet.text(cells[6]),
                next_check_in=sheet.date(cells[7], f"H{number}", "Next check-in"),
                carried_from=sheet.text(cells[8]),
            )
        )
    return found


def read_audit_workbook(path: str | os.PathLike[str], catalogue: Catalogue | None = None) -> AuditReading:
    """Read an audit workbook generated by fosterkit (and filled in since) back into a cycle.

    ``catalogue`` defaults to the built-in pack the workbook names. Values that cannot be
    accepted are listed in the reading's ``problems`` with their sheet and cell; a file that is
    not an audit workbook, is damaged, or is missing a sheet raises ``StructureError``.
    """
    source = Path(path)
    # Progress holds live formulas of our own; the sheets people fill in should hold none unsaved.
    typed_in = (*layout.STEP_SHEETS, layout.PRIORITIES, layout.ACTIONS, layout.OFFER, layout.OFFER_FIGURES)
    reading, unsaved = read_filled_in(source, lambda wb: _read(wb, source, catalogue), typed_in)
    if not unsaved:
        return reading
    return AuditReading(cycle=reading.cycle, problems=(*reading.problems, *unsaved))


def _read(wb: Any, path: Path, catalogue: Catalogue | None) -> AuditReading:
    _check_sheets(list(wb.sheetnames), path)
    meta = _meta(wb, path)
    if catalogue is None:
        catalogue = _builtin(meta["pack"], path)
    if meta["pack"] != catalogue.pack.id:
        raise _error(path, f"the workbook is for catalogue pack {meta['pack']!r}, not {catalogue.pack.id!r}")
    problems: list[CellProblem] = []
    seen: set[str] = set()
    answers: list[AuditAnswer] = []
    for name in layout.STEP_SHEETS:
        answers += _answers(wb[name], path, _Sheet(name, problems), catalogue, seen)
    order = {q.id: n for n, q in enumerate(catalogue.questions)}
    answers.sort(key=lambda a: order[a.question_id])
    priorities = _priorities(wb[layout.PRIORITIES], path, _Sheet(layout.PRIORITIES, problems), catalogue)
    actions = _actions(wb[layout.ACTIONS], path, _Sheet(layout.ACTIONS, problems), catalogue)
    from fosterkit_excel.audit_offer_reader import read_offer  # it builds on this module's helpers

    offer = read_offer(wb, path, catalogue, problems)
    try:
        cycle = AuditCycle(
            service=meta["service"],
            start=datetime.date.fromisoformat(meta["cycle_start"]),
            end=datetime.date.fromisoformat(meta["cycle_end"]),
            pack=meta["pack"],
            pack_version=meta["pack_version"],
            answers=tuple(answers),
            priorities=tuple(priorities),
            actions=tuple(actions),
            offer=offer,
        )
    except (FosterkitError, ValueError) as err:
        raise _error(path, f"the {layout.META!r} sheet does not describe a cycle: {err}") from None
    return AuditReading(cycle=cycle, problems=tuple(problems))


def _builtin(pack: str, path: Path) -> Catalogue:
    from fosterkit import installed_packs

    builtin, _ = installed_packs(None)
    if pack not in builtin.packs:
        raise _error(
            path, f"the workbook is for catalogue pack {pack!r}, which is not built in: pass its catalogue"
        )
    return builtin.packs[pack]
