"""The response tracker as a workbook: Start here, Tracker and Summary sheets, and reading it back.

*Start here* holds the service and the pack as a two-column table of labels (column A) and
values (column B), with guidance below it; the reader finds the values by their labels, so rows
inserted above them do no harm (trackers written before it was renamed call it *About*, and
are read too). *Tracker* has the header of :data:`fosterkit.tracker.COLUMNS` in row 1 and one
row per recommendation below it. The columns fosterkit fills in from the pack are grey and
locked; the ones the service fills in are answer cells (:func:`~fosterkit_excel.audit_styles.answer_cell`),
and the sheet is protected without a password. The reader finds the columns by their headers,
so a column added or moved is a note, and only a missing column the service fills in is an
error. *Summary* counts the entries by theme and status with formulas over the Tracker sheet,
so it changes as the tracker is filled in; it is not read back.

Text is always written as text, never a formula (neutralised as the audit workbook does), and
comes back exactly. Writing the same tracker twice gives the same bytes.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Border, PatternFill, Side  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue, PackSet
from fosterkit.errors import CellProblem, Problem, StructureError
from fosterkit.plugins import TRACKER_COLUMNS as COLUMNS
from fosterkit.plugins import (
    ResponseStatus,
    ResponseTracker,
    TrackerReading,
    check_fits,
    column_letter,
    neutralise,
    read_entries,
    status_by_theme,
    tracker_row,
)
from fosterkit_excel.audit_reader import cell_text
from fosterkit_excel.audit_styles import (
    ANSWER_BORDER,
    BOLD,
    TITLE_FONT,
    answer_cell,
    date_validation,
    fit_rows,
    heading,
    list_validation,
    print_setup,
    protect,
    put_date,
    put_number,
    put_text,
    set_row_height,
    sheet_ref,
)
from fosterkit_excel.print_layout import finish_printing
from fosterkit_excel.reader import (
    error_value_message,
    is_error_value,
    quietly,
    read_filled_in,
    structure_error,
)
from fosterkit_excel.report_saving import save_stamped

__all__ = [
    "ABOUT",
    "DETAIL_LABELS",
    "START_HERE",
    "SUMMARY",
    "TRACKER",
    "read_tracker_book",
    "write_tracker_book",
]

START_HERE: Final = "Start here"
#: What the Start here sheet was called before; trackers with it are still read.
ABOUT: Final = "About"
TRACKER: Final = "Tracker"
SUMMARY: Final = "Summary"

#: The Start here sheet's labels (column A) from row 3 down; each value is beside its label in B.
#: The reader looks the labels up, so ``Service`` is normally B3, ``Pack`` B4, ``Pack version`` B6.
DETAIL_LABELS: Final = ("Service", "Pack", "Pack title", "Pack version", "Publisher", "Sources")
_FIRST_DETAIL_ROW: Final = 3
#: How far down the Start here sheet the reader looks for the labels.
_DETAIL_SEARCH_ROWS: Final = 200

#: Excel counts days from 1900 and gets February 1900 wrong: earlier dates are written as ISO text.
_FIRST_EXCEL_DATE: Final = datetime.date(1900, 3, 1)
#: The time stamped in the file when no entry says when it was last updated.
_DEFAULT_STAMP: Final = datetime.datetime(2000, 1, 1)

#: Column widths of the Tracker sheet. They add up to 171, so the sheet prints one page wide on
#: A4 landscape at about 85% (9 pt or more); long text wraps and the row grows.
_WIDTHS: Final = {
    "recommendation": 15,
    "theme": 14,
    "title": 27,
    "status": 13,
    "response": 27,
    "action": 21,
    "owner": 11,
    "evidence": 21,
    "due": 11,
    "updated": 11,
}
#: Rows holding answer cells are at least this many lines tall: room to write on a printout.
_ANSWER_LINES: Final = 3

#: Grey on what fosterkit fills in from the pack (locked).
_LOCKED_FILL = PatternFill(fill_type="solid", start_color="EDEDED", end_color="EDEDED")
_MEDIUM = Side(style="medium", color="808080")
#: A line above the first row of each theme.
_THEME_BORDER = Border(top=_MEDIUM)
#: An answer cell's box with the theme line on top.
_THEME_ANSWER_BORDER = Border(
    left=ANSWER_BORDER.left, right=ANSWER_BORDER.right, top=_MEDIUM, bottom=ANSWER_BORDER.bottom
)
#: Overdue rows: a light red, as spreadsheets mark what needs attention.
_OVERDUE_FILL = PatternFill(fill_type="solid", start_color="F8CBAD", end_color="F8CBAD")
#: Statuses for which a due date that has passed is not overdue.
_SETTLED = (ResponseStatus.IN_PLACE, ResponseStatus.NOT_ADOPTED, ResponseStatus.FOR_OTHERS)
#: Themes with longer titles are counted by a reference to their cell on the Summary.
_LONGEST_CRITERION: Final = 200
_RULE_BELOW = Border(bottom=Side(style="thin", color="808080"))
_RULE_ABOVE = Border(top=Side(style="thin", color="808080"))
_SUMMARY_HEADER = Alignment(horizontal="center", vertical="bottom", wrap_text=True)
_CENTRE_TOP = Alignment(horizontal="center", vertical="top")

_GUIDE = (
    (
        "What this is",
        "One row per recommendation of the pack on the Tracker sheet, for recording how the service "
        "responds to each: what it says, the business-plan action that answers it, who owns it, where "
        "it stands and what shows it is happening.",
    ),
    (
        "What to fill in",
        "The shaded, boxed cells of the Tracker sheet: Status, Our response, Business-plan action, "
        "Owner, Evidence, Due by and Last updated. Rows grow as you type. The grey columns come from "
        "the pack and are locked, as are this sheet and the Summary. The sheets are protected without "
        "a password (Review > Unprotect Sheet).",
    ),
    (
        "Changing the layout",
        "You may add columns of your own (a RAG rating, say) or move the columns: fosterkit finds its "
        "columns by their headers and notes the others when it reads the tracker back. Keep the "
        "headers' words, keep one row per recommendation and do not rename the sheets.",
    ),
    (
        "Status",
        "Pick one from the list in the cell (the choices are below), or leave it blank for Not "
        "started. Capital letters do not matter when fosterkit reads it.",
    ),
    (
        "Dates",
        "Due by and Last updated are dates, shown as 31/03/2027 (day, month, year). Type them that "
        "way or as 2027-03-31.",
    ),
    (
        "Overdue",
        "A row turns light red when its Due by date has passed and its status is not In place, Not "
        "adopted or For government or others.",
    ),
    (
        "Summary",
        "Counts the responses by theme and status with formulas over the Tracker sheet, so the "
        "counts change as statuses are chosen; a blank status counts as Not started. fosterkit counts "
        "them again when it reads the tracker back.",
    ),
    (
        "Printing",
        "Each sheet prints on A4, one page wide, with the Tracker's header on every page and the "
        "service, sheet name and page number at the foot.",
    ),
)

_STATUS_MEANINGS = {
    ResponseStatus.NOT_STARTED: "Nothing has been done about it yet.",
    ResponseStatus.UNDER_REVIEW: "It needs looking into further before the service decides what to do.",
    ResponseStatus.PLANNED: "The service has decided what to do and planned it.",
    ResponseStatus.IN_PROGRESS: "The action is under way.",
    ResponseStatus.IN_PLACE: "It is done, or was already how the service works.",
    ResponseStatus.NOT_ADOPTED: "The service decided against it; the response says why.",
    ResponseStatus.FOR_OTHERS: "It is for government or other bodies; the service has no action of its own.",
}


# -- writing -----------------------------------------------------------------------------------


def write_tracker_book(tracker: ResponseTracker, catalogue: Catalogue, path: Path) -> None:
    """Write ``tracker`` (for the pack ``catalogue``) to ``path`` as an .xlsx workbook."""
    check_fits(tracker, catalogue)
    wb = Workbook()
    wb.remove(wb.active)
    _start_here(wb.create_sheet(START_HERE), tracker, catalogue)
    _tracker(wb.create_sheet(TRACKER), tracker, catalogue)
    _summary(wb.create_sheet(SUMMARY), tracker, catalogue)
    # Document properties are XML that openpyxl does not escape: keep printable characters only.
    service = "".join(ch if ch.isprintable() else " " for ch in tracker.service)
    wb.properties.title = f"{catalogue.pack.title} response tracker: {service}"
    wb.properties.creator = "fosterkit"
    updated = [e.updated for e in tracker.entries if e.updated is not None]
    stamp = datetime.datetime.combine(max(updated), datetime.time()) if updated else _DEFAULT_STAMP
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.calculation.fullCalcOnLoad = True  # the Summary's formulas have no saved values
    wb.active = 0
    finish_printing(wb, tracker.service)
    save_stamped(wb, path, stamp)


def _sources(catalogue: Catalogue) -> str:
    lines = []
    for source in catalogue.pack.sources:
        line = f"{source.title} ({source.publisher}, {source.year})"
        lines.append(f"{line} {source.url}" if source.url else line)
    return "\n".join(lines)


def _start_here(ws: Any, tracker: ResponseTracker, catalogue: Catalogue) -> None:
    pack = catalogue.pack
    for letter, width in {"A": 22, "B": 75}.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, f"{pack.title}: response tracker", columns=2, font=TITLE_FONT)
    values = (
        tracker.service,
        tracker.pack,
        pack.title,
        tracker.pack_version,
        pack.publisher,
        _sources(catalogue),
    )
    row = _FIRST_DETAIL_ROW
    for label, value in zip(DETAIL_LABELS, values, strict=True):
        put_text(ws, row, 1, label).font = BOLD
        put_text(ws, row, 2, value)
        row += 1
    row += 1
    heading(ws, row, "How to fill this in", columns=2)
    row += 1
    for label, text in _GUIDE:
        put_text(ws, row, 1, label).font = BOLD
        put_text(ws, row, 2, text)
        row += 1
    row += 1
    heading(ws, row, "Status choices", columns=2)
    row += 1
    for status in ResponseStatus:
        put_text(ws, row, 1, status.label).font = BOLD
        put_text(ws, row, 2, _STATUS_MEANINGS[status])
        row += 1
    fit_rows(ws)
    print_setup(ws)
    ws.print_title_rows = None  # a page of guidance: nothing to repeat
    ws.page_setup.orientation = "portrait"
    protect(ws)


def _tracker_cell(ws: Any, row: int, column: int, value: str | datetime.date | None) -> Any:
    if value is None or isinstance(value, datetime.date):  # only the date columns are None
        if value is not None and value < _FIRST_EXCEL_DATE:
            return put_text(ws, row, column, value.isoformat(), wrap=False)
        return put_date(ws, row, column, value)
    return put_text(ws, row, column, value)


def _tracker(ws: Any, tracker: ResponseTracker, catalogue: Catalogue) -> None:
    letters = {column.key: column_letter(index) for index, column in enumerate(COLUMNS)}
    for index, column in enumerate(COLUMNS, start=1):
        cell = put_text(ws, 1, index, column.heading)
        cell.font = BOLD
        cell.fill = _LOCKED_FILL
        ws.column_dimensions[letters[column.key]].width = _WIDTHS.get(column.key, 15)
    themes = {rec.id: rec.theme for rec in catalogue.recommendations}
    last = 1 + len(tracker.entries)
    previous: str | None = None
    for row, entry in enumerate(tracker.entries, start=2):
        theme = themes[entry.recommendation]
        starts_theme = row > 2 and theme != previous
        previous = theme
        for index, (column, value) in enumerate(zip(COLUMNS, tracker_row(entry, catalogue), strict=True), 1):
            cell = _tracker_cell(ws, row, index, value)
            if column.editable:
                answer_cell(cell)
            else:
                cell.fill = _LOCKED_FILL
            if starts_theme:
                cell.border = _THEME_ANSWER_BORDER if column.editable else _THEME_BORDER
    last_letter = column_letter(len(COLUMNS) - 1)
    if tracker.entries:
        status, due = letters["status"], letters["due"]
        list_validation(ws, f"{status}2:{status}{last}", [s.label for s in ResponseStatus], "status")
        for key in ("due", "updated"):
            date_validation(ws, f"{letters[key]}2:{letters[key]}{last}")
        settled = ",".join(f'TRIM(${status}2)<>"{s.label}"' for s in _SETTLED)
        ws.conditional_formatting.add(
            f"A2:{last_letter}{last}",
            FormulaRule(formula=[f"AND(ISNUMBER(${due}2),${due}2<TODAY(),{settled})"], fill=_OVERDUE_FILL),
        )
    ws.auto_filter.ref = f"A1:{last_letter}{last}"
    fit_rows(ws, min_lines=_ANSWER_LINES)
    set_row_height(ws, 1, 30)  # two lines: bold headers such as "Last updated" wrap
    print_setup(ws, freeze=f"{letters['status']}2")
    protect(ws, filters=True)


def _criterion(text: str) -> str:
    """``text`` as a COUNTIFS criterion that matches it exactly, as a formula's string literal.

    COUNTIFS reads ``*``, ``?`` and ``~`` as wildcards and a leading ``<``, ``>`` or ``=`` as a
    comparison; ``="..."`` with wildcards escaped by ``~`` compares for equality only.
    """
    escaped = "".join("~" + ch if ch in "*?~" else ch for ch in text)
    return '"=' + escaped.replace('"', '""') + '"'


def _summary(ws: Any, tracker: ResponseTracker, catalogue: Catalogue) -> None:
    statuses = list(ResponseStatus)
    titles = ["Theme", *(s.label for s in statuses), "Total"]
    for column, title in enumerate(titles, start=1):
        cell = put_text(ws, 1, column, title)
        cell.font = BOLD
        cell.fill = _LOCKED_FILL
        cell.alignment = _SUMMARY_HEADER if column > 1 else Alignment(vertical="bottom", wrap_text=True)
        width = 26 if column == 1 else 8 if column == len(titles) else 11.5  # 114.5: portrait at 9 pt+
        ws.column_dimensions[column_letter(column - 1)].width = width
    letters = {column.key: column_letter(index) for index, column in enumerate(COLUMNS)}
    last = 1 + len(tracker.entries)
    tracker_sheet = sheet_ref(TRACKER)
    themes = f"{tracker_sheet}!${letters['theme']}$2:${letters['theme']}${last}"
    status_range = f"{tracker_sheet}!${letters['status']}$2:${letters['status']}${last}"
    first_status, last_status = column_letter(1), column_letter(len(statuses))
    row = 1
    for row, theme in enumerate(status_by_theme(tracker, catalogue), start=2):
        title = catalogue.theme(theme).title if theme else ""
        put_text(ws, row, 1, title or "No theme")
        # The theme's title in the formula, not a reference to the cell beside it: a title with
        # a wildcard in it would match other themes, and "No theme" is a blank on the Tracker.
        # (Excel takes criteria of up to 255 characters: a longer title is matched by its cell.)
        criterion = _criterion(neutralise(title)) if len(title) < _LONGEST_CRITERION else f"$A{row}"
        in_theme = f"{themes},{criterion if title else chr(34) * 2}"
        for column, status in enumerate(statuses, start=2):
            count = f"COUNTIFS({in_theme},{status_range},{_criterion(status.label)})"
            if status is ResponseStatus.NOT_STARTED:  # a blank status is Not started
                count += f'+COUNTIFS({in_theme},{status_range},"")'
            put_number(ws, row, column, f"={count}" if tracker.entries else 0).alignment = _CENTRE_TOP
        total = f"=SUM({first_status}{row}:{last_status}{row})"
        put_number(ws, row, len(titles), total).alignment = _CENTRE_TOP
    totals = row + 1
    put_text(ws, totals, 1, "All recommendations").font = BOLD
    for column in range(2, len(titles) + 1):
        letter = column_letter(column - 1)
        cell = put_number(ws, totals, column, f"=SUM({letter}2:{letter}{row})" if row > 1 else 0)
        cell.font = BOLD
        cell.alignment = _CENTRE_TOP
    for column in range(1, len(titles) + 1):
        ws.cell(row=1, column=column).border = _RULE_BELOW
        ws.cell(row=totals, column=column).border = _RULE_ABOVE
    put_text(
        ws,
        totals + 2,
        1,
        "The counts are formulas over the Tracker sheet's Theme and Status columns, so they change "
        "as the Tracker is filled in. A blank status counts as Not started.",
    )
    ws.merge_cells(start_row=totals + 2, start_column=1, end_row=totals + 2, end_column=len(titles))
    fit_rows(ws)
    set_row_height(ws, 1, 45)  # three lines: "For government or others" wraps whole
    set_row_height(ws, totals + 2, 30)  # a merged cell's text is not measured by fit_rows
    print_setup(ws)
    ws.page_setup.orientation = "portrait"
    protect(ws)


# -- reading -----------------------------------------------------------------------------------

#: The columns a tracker cannot be read without: the recommendation and what the service fills in.
_REQUIRED: Final = tuple(c.key for c in COLUMNS if c.editable or c.key == "recommendation")


def read_tracker_book(path: str | os.PathLike[str], packs: PackSet) -> TrackerReading:
    """Read a response tracker workbook written by :func:`write_tracker_book` (and filled in since).

    The pack the Start here sheet names is looked up in ``packs``. The Tracker sheet's columns
    are found by their headers: a column added or moved is listed in the reading's ``notes``.
    Values that cannot be accepted are listed in its ``problems`` with their cell; a file that
    is not a tracker workbook, is damaged, lacks a sheet or a column the service fills in, or
    names a pack that is not installed raises :class:`~fosterkit.errors.StructureError`.
    """
    source = Path(path)
    reading, unsaved = read_filled_in(source, lambda wb: _read(wb, source, packs), (TRACKER,))
    if not unsaved:
        return reading
    return TrackerReading(
        tracker=reading.tracker, problems=(*reading.problems, *unsaved), notes=reading.notes
    )


def _read(wb: Any, path: Path, packs: PackSet) -> TrackerReading:
    names = list(wb.sheetnames)
    details = next((name for name in (START_HERE, ABOUT) if name in names), None)
    if details is None or TRACKER not in names:
        missing = [repr(START_HERE)] if details is None else []
        missing += [] if TRACKER in names else [repr(TRACKER)]
        listed = ", ".join(repr(n) for n in names) or "none"
        raise structure_error(
            path,
            f"not a fosterkit response tracker: it has no {' or '.join(missing)} sheet "
            f"(its sheets: {listed}); was a sheet renamed or deleted?",
        )
    found = _details(wb[details], details, path)
    pack_id, pack_cell = found["Pack"]
    try:
        catalogue = packs.get(pack_id)
    except KeyError as err:
        raise structure_error(
            path, f"the tracker is for pack {pack_id!r}, which is not installed: {err.args[0]}", pack_cell
        ) from None
    ws = wb[TRACKER]
    where, notes = _columns(ws, path)
    refused: list[CellProblem] = []
    letters = {
        index: get_column_letter(where[c.key] + 1) for index, c in enumerate(COLUMNS) if c.key in where
    }
    entries, problems = read_entries(
        _rows(ws, path, where, refused),
        catalogue,
        sheet=TRACKER,
        cell_name=lambda column, row: f"{letters.get(column) or column_letter(column)}{row}",
    )
    tracker = ResponseTracker(
        pack=catalogue.pack.id,
        pack_version=found["Pack version"][0],
        service=found["Service"][0],
        entries=entries,
    )
    return TrackerReading(tracker=tracker, problems=(*refused, *problems), notes=tuple(notes))


def _details(ws: Any, sheet: str, path: Path) -> dict[str, tuple[str, str]]:
    """The service, pack and pack version with the cells they are in, found by their labels."""
    wanted = {label.casefold(): label for label in ("Service", "Pack", "Pack version")}
    found: dict[str, tuple[str, str]] = {}
    rows = quietly(path, lambda: list(ws.iter_rows(max_row=_DETAIL_SEARCH_ROWS, max_col=2, values_only=True)))
    for number, row in enumerate(rows, start=1):
        cells = list(row) + [None] * (2 - len(row))
        label = wanted.get(cell_text(cells[0]).strip().casefold())
        if label is not None and label not in found:
            value = cell_text(cells[1])
            found[label] = (value.strip() if label == "Pack" else value, f"{sheet}!B{number}")
    for label in wanted.values():
        if label not in found:
            message = (
                f"the {sheet} sheet has no row labelled {label!r} in column A, so the tracker's "
                f"{label.lower()} is not known; was it renamed or deleted?"
            )
            raise structure_error(path, message, f"{sheet}!A")
        value, cell = found[label]
        if not value.strip():
            raise structure_error(path, f"the {label.lower()} is blank; the tracker needs it", cell)
    return found


def _heading_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _columns(ws: Any, path: Path) -> tuple[dict[str, int], list[str]]:
    """Where each column is (0-based, by its header in row 1), and notes on what is not as written.

    A header not of the tracker's, a repeated header and a column not where it was written are
    notes; a missing column the service fills in (or the recommendation's) is an error.
    """
    header: Sequence[object] = quietly(
        path, lambda: next(iter(ws.iter_rows(min_row=1, max_row=1, values_only=True)), ())
    )
    by_heading = {_heading_key(c.heading): c for c in COLUMNS}
    where: dict[str, int] = {}
    notes: list[str] = []
    for index, value in enumerate(header):
        text = cell_text(value).strip()
        column = by_heading.get(_heading_key(text))
        letter = get_column_letter(index + 1)
        if not text:
            continue
        if column is None:
            notes.append(
                f"{TRACKER}!{letter}1: column {letter} ({text!r}) is not a tracker column; it was not read"
            )
        elif column.key in where:
            first = get_column_letter(where[column.key] + 1)
            notes.append(
                f"{TRACKER}!{letter}1: column {letter} is headed {text!r} as column {first} is; "
                f"only column {first} was read"
            )
        else:
            where[column.key] = index
    missing = [c for c in COLUMNS if c.key in _REQUIRED and c.key not in where]
    if missing:
        raise StructureError(
            [
                Problem(
                    path=f"{TRACKER}!1",
                    message=f"the {TRACKER} sheet has no column headed {c.heading!r} in row 1; "
                    "was it renamed or deleted?",
                )
                for c in missing
            ],
            os.fspath(path),
        )
    moved = [
        f"{c.heading!r} is in column {get_column_letter(where[c.key] + 1)}, not {column_letter(index)}"
        for index, c in enumerate(COLUMNS)
        if c.key in where and where[c.key] != index
    ]
    if moved:
        notes.append(f"{TRACKER}: columns were found by their headers ({'; '.join(moved)})")
    return where, notes


#: A cell's value as :func:`~fosterkit.tracker.read_entries` takes it.
_Cell = str | int | float | bool | datetime.date | datetime.datetime | None


def _cell(value: object) -> _Cell:
    """A cell's value as :func:`~fosterkit.tracker.read_entries` takes it (a date typed as one a date)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return cell_text(value)
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value
    return str(value)  # a time or a duration, which no column holds


def _rows(
    ws: Any, path: Path, where: dict[str, int], refused: list[CellProblem]
) -> Iterator[tuple[int, list[_Cell]]]:
    """The rows below the header with their row numbers, in :data:`COLUMNS` order.

    Only the tracker's columns are read (``where`` says where each is); a cell holding an error
    value (a formula that failed) is read as blank and added to ``refused``.
    """
    width = max(where.values()) + 1
    rows = quietly(path, lambda: iter(ws.iter_rows(min_row=2, max_col=width, values_only=True)))
    number = 1
    while True:
        row = quietly(path, lambda: next(rows, None))
        number += 1
        if row is None:
            return
        found = list(row) + [None] * (width - len(row))
        cells: list[_Cell] = []
        for column in COLUMNS:
            index = where.get(column.key)
            value = None if index is None else found[index]
            if index is not None and is_error_value(value):
                cell = f"{get_column_letter(index + 1)}{number}"
                refused.append(
                    CellProblem(
                        sheet=TRACKER, cell=cell, value=str(value), message=error_value_message(str(value))
                    )
                )
                value = None
            cells.append(_cell(value))
        yield number, cells
