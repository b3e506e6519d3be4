"""Reading a filled-in audit workbook back into an :class:`~fosterkit.audit.AuditReading`.

The workbook is opened in openpyxl's read-only mode, with defusedxml guarding the XML and the
archive checked for decompression bombs first. A workbook that is not ours, or is missing a
sheet, raises :class:`~fosterkit.errors.StructureError`; a bad value in a cell is reported as a
:class:`~fosterkit.audit.CellProblem` naming the sheet and cell, and the rest is still read.

Each column is found by its header (:func:`find_columns`), wherever it now is: a column a team
inserted (a RAG rating, say) is left as it is and named in the reading's notes, and only a
missing column that fosterkit reads is an error.
"""

from __future__ import annotations

import datetime
import enum
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.datetime import from_excel  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue
from fosterkit.errors import CellProblem, FosterkitError
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
from fosterkit_excel.reader import (
    error_value_message,
    is_error_value,
    quietly,
    read_filled_in,
    structure_error,
)
from fosterkit_excel.xstring import unescape

__all__ = [
    "CellReader",
    "Columns",
    "cell_text",
    "filled_rows",
    "find_columns",
    "read_audit_workbook",
]

C = TypeVar("C", bound=enum.Enum)

_UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class CellReader:
    """Reads the cells of one sheet, adding the problems found in them to ``problems``.

    ``notes`` gathers what was found and left unread (a column a team added).
    """

    def __init__(self, name: str, problems: list[CellProblem], notes: list[str] | None = None) -> None:
        self.name = name
        self.problems = problems
        self.notes: list[str] = [] if notes is None else notes

    def columns(
        self, ws: Any, path: Path, layout: Mapping[str, str], required: Iterable[str], row: int = 1
    ) -> Columns:
        """This sheet's columns of ``layout``, found by their headers in ``row`` (:func:`find_columns`)."""
        return find_columns(ws, path, self.name, layout, self.notes, required=required, row=row)

    def problem(self, cell: str, value: object, message: str) -> None:
        """Report ``message`` about the value in ``cell``."""
        self.problems.append(CellProblem(sheet=self.name, cell=cell, value=_as_shown(value), message=message))

    def text(self, value: object) -> str:
        """A text cell's value as typed (numbers people typed become text)."""
        return cell_text(value)

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


def cell_text(value: object) -> str:
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


def _folded(value: object) -> str:
    """A header as compared: its text without case or white space."""
    return "".join(cell_text(value).split()).casefold()


class Columns:
    """Where the columns of one sheet's layout are now, found by their headers.

    Columns are named by the letter :mod:`fosterkit_excel.audit_layout` gives them (``"F"``
    for a step sheet's *Current position*); :meth:`cell` and :meth:`value` say where each is now.
    """

    def __init__(
        self,
        sheet: str,
        layout: Mapping[str, str],
        found: Mapping[str, int],
        notes: list[str],
        headed: Iterable[int] = (),
    ) -> None:
        self.sheet = sheet
        self.layout = dict(layout)
        self.found = dict(found)
        self.notes = notes
        self._noted = set(headed)  # columns with a header: noted already, or read

    @property
    def read(self) -> set[int]:
        """The 1-based numbers of the columns fosterkit reads."""
        return set(self.found.values())

    def cell(self, key: str, row: int) -> str:
        """The cell of ``row`` in the column laid out at ``key``, where it is now (``F7`` or ``G7``)."""
        return f"{get_column_letter(self.found.get(key, 1))}{row}"

    def value(self, cells: Sequence[object], key: str) -> object:
        """The value in ``cells`` (a whole row) of the column laid out at ``key``; ``None`` if absent."""
        index = self.found.get(key)
        return cells[index - 1] if index is not None and index <= len(cells) else None

    def header(self, letter: str) -> str | None:
        """The layout's header of the column now at ``letter`` (``None`` for a column not read)."""
        for key, index in self.found.items():
            if get_column_letter(index) == letter:
                return self.layout[key]
        return None

    def note_unheaded(self, index: int) -> None:
        """Note (once) that the column numbered ``index`` has values but no header, so is not read."""
        if index in self._noted:
            return
        self._noted.add(index)
        self.notes.append(
            f"{self.sheet}: column {get_column_letter(index)} has no header, so fosterkit does not read "
            "it; its values were left as they are"
        )


def find_columns(
    ws: Any,
    path: Path,
    sheet: str,
    layout: Mapping[str, str],
    notes: list[str],
    *,
    required: Iterable[str],
    row: int = 1,
) -> Columns:
    """Find each column of ``layout`` (``{letter: header}``) by its header in ``row``.

    Headers match ignoring case and spaces. A headed column that is not in the layout (or
    repeats a header) gets a note in ``notes``; a ``required`` column not found raises
    :class:`~fosterkit.errors.StructureError` naming the sheet and the header.
    """
    header = quietly(path, lambda: next(iter(ws.iter_rows(min_row=row, max_row=row, values_only=True)), ()))
    wanted = {_folded(title): key for key, title in layout.items()}
    found: dict[str, int] = {}
    headed: list[int] = []
    for index, value in enumerate(header, start=1):
        name = _folded(value)
        if not name:
            continue
        key = wanted.get(name)
        letter = get_column_letter(index)
        headed.append(index)
        if key is None:
            notes.append(
                f"{sheet}: column {letter} {cell_text(value).strip()!r} is not one fosterkit reads; "
                "its values were left as they are"
            )
        elif key in found:
            notes.append(
                f"{sheet}: column {letter} repeats the header {layout[key]!r} of column "
                f"{get_column_letter(found[key])}; fosterkit reads that one and left this one's values "
                "as they are"
            )
        else:
            found[key] = index
    missing = [layout[key] for key in required if key not in found]
    if missing:
        headers = ", ".join(repr(m) for m in missing)
        raise structure_error(
            path,
            f"the {sheet!r} sheet has no column headed {headers} in row {row}: was it renamed or deleted? "
            "Put the header back (any column will do) and read the workbook again",
            f"{sheet}!{row}:{row}",
        )
    return Columns(sheet, layout, found, notes, headed)


def filled_rows(
    ws: Any, path: Path, columns: Columns, sheet: CellReader, first: int = 2
) -> Iterator[tuple[int, list[object]]]:
    """Rows from ``first`` on with something in a column fosterkit reads, with their row numbers.

    Each row is padded to at least the last column read. A cell holding an error value
    (``#DIV/0!``, ``#N/A``: what a formula that failed leaves) in a column read is refused
    there, by cell, and read as blank: it is not an answer. A value in a column with no header
    is noted once and left alone.
    """
    width = max(columns.read, default=1)
    read = columns.read
    rows = quietly(path, lambda: iter(ws.iter_rows(min_row=first, values_only=True)))
    number = first - 1
    while True:
        row = quietly(path, lambda: next(rows, None))
        number += 1
        if row is None:
            return
        cells = list(row) + [None] * (width - len(row))
        for index, value in enumerate(cells, start=1):
            if index not in read:
                if not _blank((value,)):
                    columns.note_unheaded(index)
                continue
            if is_error_value(value):
                sheet.problem(f"{get_column_letter(index)}{number}", value, error_value_message(str(value)))
                cells[index - 1] = None
        if _blank(cells[index - 1] for index in read):
            continue
        yield number, cells


def _meta(wb: Any, path: Path) -> dict[str, str]:
    ws = wb[layout.META]
    values: dict[str, str] = {}
    for row in quietly(path, lambda: list(ws.iter_rows(min_row=1, max_col=2, values_only=True))):
        if row and row[0] is not None:
            values[str(row[0])] = "" if len(row) < 2 else cell_text(row[1])
    if values.get("format") != layout.FORMAT:
        raise structure_error(
            path, f"not a fosterkit audit workbook: its {layout.META!r} sheet does not say {layout.FORMAT!r}"
        )
    missing = [key for key in layout.META_KEYS if key not in values]
    if missing:
        raise structure_error(path, f"the {layout.META!r} sheet is missing {', '.join(missing)}")
    try:
        version = int(float(values["format_version"]))
    except ValueError:
        raise structure_error(path, f"format_version {values['format_version']!r} is not a number") from None
    if version > layout.FORMAT_VERSION:
        raise structure_error(
            path,
            f"the workbook is format {version}, newer than this plugin reads ({layout.FORMAT_VERSION}); "
            "upgrade fosterkit-excel",
        )
    return values


def _check_sheets(names: Sequence[str], path: Path) -> None:
    if layout.META not in names:
        listed = ", ".join(repr(n) for n in names) or "none"
        raise structure_error(
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
        raise structure_error(path, message)


#: The columns of each sheet that fosterkit reads back (by the layout's letters): each is required.
_STEP_READ = "AFHIJK"
_PRIORITY_READ = "AGHI"


def _answers(
    ws: Any, path: Path, sheet: CellReader, catalogue: Catalogue, seen: set[str]
) -> list[AuditAnswer]:
    columns = sheet.columns(ws, path, layout.STEP_COLUMNS, _STEP_READ)
    known = {q.id for q in catalogue.questions}
    found = []
    for number, cells in filled_rows(ws, path, columns, sheet):
        qid_cell = columns.value(cells, "A")
        qid = sheet.text(qid_cell).strip()
        position_cell, reflections, priority_cell, owner, target = (
            columns.value(cells, key) for key in "FHIJK"
        )
        if _blank((position_cell, reflections, priority_cell, owner, target)):
            continue
        where = columns.cell("A", number)
        if not qid:
            sheet.problem(where, qid_cell, "an answer with no question id")
            continue
        if qid not in known:
            sheet.problem(where, qid_cell, f"question {qid!r} is not in the {catalogue.pack.id} catalogue")
            continue
        if qid in seen:
            sheet.problem(
                where, qid_cell, f"question {qid!r} is answered more than once; this row is left out"
            )
            continue
        answer = AuditAnswer(
            question_id=qid,
            position=sheet.choice(Position, position_cell, columns.cell("F", number), "position"),
            reflections=sheet.text(reflections),
            priority=sheet.choice(PriorityLevel, priority_cell, columns.cell("I", number), "priority"),
            owner=sheet.text(owner),
            target_date=sheet.date(target, columns.cell("K", number), "Target date"),
        )
        if not answer.is_blank:
            seen.add(qid)
            found.append(answer)
    return found


def _elements(catalogue: Catalogue) -> list[str]:
    return [p.id for p in catalogue.principles] + [r.id for r in catalogue.recommendations]


def _priorities(ws: Any, path: Path, sheet: CellReader, catalogue: Catalogue) -> list[PriorityChoice]:
    columns = sheet.columns(ws, path, layout.PRIORITY_COLUMNS, _PRIORITY_READ)
    known = _elements(catalogue)
    chosen: dict[str, PriorityChoice] = {}
    for number, cells in filled_rows(ws, path, columns, sheet):
        focus_cell = columns.value(cells, "G")
        rationale, lead = sheet.text(columns.value(cells, "H")), sheet.text(columns.value(cells, "I"))
        focus_text = sheet.text(focus_cell).strip().lower()
        if not focus_text and not rationale and not lead:
            continue
        element_cell = columns.value(cells, "A")
        element = sheet.text(element_cell).strip()
        where = columns.cell("A", number)
        if element not in known:
            message = (
                f"{element!r} is not a key principle or recommendation of the {catalogue.pack.id} catalogue"
            )
            sheet.problem(where, element_cell, message)
            continue
        if element in chosen:
            sheet.problem(where, element_cell, f"{element} is listed more than once; this row is left out")
            continue
        if focus_text not in ("", *layout.YES_NO):
            sheet.problem(columns.cell("G", number), focus_cell, f"{focus_text!r} is not yes or no")
        chosen[element] = PriorityChoice(
            element_id=element, focus=focus_text == "yes", rationale=rationale, lead=lead
        )
    return [chosen[e] for e in known if e in chosen]


def _actions(ws: Any, path: Path, sheet: CellReader, catalogue: Catalogue) -> list[AuditAction]:
    columns = sheet.columns(ws, path, layout.ACTION_COLUMNS, layout.ACTION_COLUMNS)
    known = set(_elements(catalogue))
    found = []
    for number, cells in filled_rows(ws, path, columns, sheet):
        value = {key: columns.value(cells, key) for key in layout.ACTION_COLUMNS}
        action = sheet.text(value["A"])
        if not action.strip():
            shown = "; ".join(
                f"{header}={sheet.text(value[key])}"
                for key, header in layout.ACTION_COLUMNS.items()
                if value[key] is not None
            )
            sheet.problem(
                columns.cell("A", number),
                value["A"],
                f"a row with no action described ({shown}); describe the action",
            )
            continue
        link = sheet.text(value["B"]).strip() or None
        if link is not None and link not in known:
            sheet.problem(
                columns.cell("B", number), value["B"], f"{link!r} is not a key principle or recommendation"
            )
            link = None
        status = sheet.choice(ActionStatus, value["F"], columns.cell("F", number), "status")
        found.append(
            AuditAction(
                action=action,
                link=link,
                owner=sheet.text(value["C"]),
                start=sheet.date(value["D"], columns.cell("D", number), "Start"),
                due=sheet.date(value["E"], columns.cell("E", number), "Due"),
                status=status or ActionStatus.NOT_STARTED,
                notes=sheet.text(value["G"]),
                next_check_in=sheet.date(value["H"], columns.cell("H", number), "Next check-in"),
                carried_from=sheet.text(value["I"]),
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
    return AuditReading(cycle=reading.cycle, problems=(*reading.problems, *unsaved), notes=reading.notes)


def _read(wb: Any, path: Path, catalogue: Catalogue | None) -> AuditReading:
    _check_sheets(list(wb.sheetnames), path)
    meta = _meta(wb, path)
    if catalogue is None:
        catalogue = _builtin(meta["pack"], path)
    if meta["pack"] != catalogue.pack.id:
        raise structure_error(
            path, f"the workbook is for catalogue pack {meta['pack']!r}, not {catalogue.pack.id!r}"
        )
    problems: list[CellProblem] = []
    notes: list[str] = []
    seen: set[str] = set()
    answers: list[AuditAnswer] = []
    for name in layout.STEP_SHEETS:
        answers += _answers(wb[name], path, CellReader(name, problems, notes), catalogue, seen)
    order = {q.id: n for n, q in enumerate(catalogue.questions)}
    answers.sort(key=lambda a: order[a.question_id])
    priorities = _priorities(
        wb[layout.PRIORITIES], path, CellReader(layout.PRIORITIES, problems, notes), catalogue
    )
    actions = _actions(wb[layout.ACTIONS], path, CellReader(layout.ACTIONS, problems, notes), catalogue)
    from fosterkit_excel.audit_offer_reader import read_offer  # it builds on this module's helpers

    offer = read_offer(wb, path, catalogue, problems, notes)
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
        raise structure_error(path, f"the {layout.META!r} sheet does not describe a cycle: {err}") from None
    return AuditReading(cycle=cycle, problems=tuple(problems), notes=tuple(notes))


def _builtin(pack: str, path: Path) -> Catalogue:
    from fosterkit import installed_packs

    builtin, _ = installed_packs(None)
    if pack not in builtin.packs:
        raise structure_error(
            path, f"the workbook is for catalogue pack {pack!r}, which is not built in: pass its catalogue"
        )
    return builtin.packs[pack]
