"""The response tracker as a workbook: About, Tracker and Summary sheets, and reading it back.

*About* holds the service and the pack as a two-column table of labels (column A) and values
(column B), with guidance below it; the reader finds the values by their labels, so rows
inserted above them do no harm. *Tracker* has the header of :data:`fosterkit.tracker.COLUMNS`
in row 1 and one row per recommendation below it. The columns fosterkit fills in from the pack
are grey and locked, the ones the service fills in are white and unlocked, and the sheet is
protected without a password. *Summary* counts the entries by theme and status when the file
is written; it is not read back.

Text is always written as text, never a formula (neutralised as the audit workbook does), and
comes back exactly. Writing the same tracker twice gives the same bytes.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Border, PatternFill, Side  # type: ignore[import-untyped, unused-ignore]
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
    read_entries,
    status_by_theme,
    tracker_row,
)
from fosterkit_excel.audit_reader import _text
from fosterkit_excel.audit_styles import (
    BOLD,
    LEFT_TOP,
    TITLE_FONT,
    UNLOCKED,
    date_validation,
    fit_rows,
    heading,
    list_validation,
    print_setup,
    protect,
    put_number,
    put_text,
)
from fosterkit_excel.reader import _quietly, error_value_message, is_error_value, read_filled_in
from fosterkit_excel.report_writer import _save

__all__ = [
    "ABOUT",
    "ABOUT_LABELS",
    "SUMMARY",
    "TRACKER",
    "read_tracker_book",
    "write_tracker_book",
]

ABOUT: Final = "About"
TRACKER: Final = "Tracker"
SUMMARY: Final = "Summary"

#: The About sheet's labels (column A) from row 3 down; each value is beside its label in B.
#: The reader looks the labels up, so ``Service`` is normally B3, ``Pack`` B4, ``Pack version`` B6.
ABOUT_LABELS: Final = ("Service", "Pack", "Pack title", "Pack version", "Publisher", "Sources")
_FIRST_ABOUT_ROW: Final = 3
#: How far down the About sheet the reader looks for the labels.
_ABOUT_SEARCH_ROWS: Final = 200

#: The date format of the Due by and Last updated columns.
DATE_FORMAT: Final = "yyyy-mm-dd"
#: Excel counts days from 1900 and gets February 1900 wrong: earlier dates are written as ISO text.
_FIRST_EXCEL_DATE: Final = datetime.date(1900, 3, 1)
#: Date validations accept 1 Jan 2000 (serial 36526) to 31 Dec 2100 (serial 73415).
_FIRST_DAY, _LAST_DAY = 36526, 73415
#: The time stamped in the file when no entry says when it was last updated.
_DEFAULT_STAMP: Final = datetime.datetime(2000, 1, 1)

_WIDTHS: Final = {
    "recommendation": 16,
    "theme": 24,
    "title": 45,
    "status": 18,
    "response": 45,
    "action": 40,
    "owner": 18,
    "evidence": 40,
    "due": 12,
    "updated": 13,
}

#: Grey on what fosterkit fills in from the pack (locked).
_LOCKED_FILL = PatternFill(fill_type="solid", start_color="EDEDED", end_color="EDEDED")
#: A line above the first row of each theme.
_THEME_BORDER = Border(top=Side(style="medium", color="808080"))

_GUIDE = (
    (
        "What this is",
        "One row per recommendation of the pack on the Tracker sheet, for recording how the service "
        "responds to each: what it says, the business-plan action that answers it, who owns it, where "
        "it stands and what shows it is happening.",
    ),
    (
        "What to fill in",
        "The white columns of the Tracker sheet: Status, Our response, Business-plan action, Owner, "
        "Evidence, Due by and Last updated. The grey columns come from the pack and are locked, as "
        "are this sheet and the Summary, so the file can be read back into fosterkit. The sheets are "
        "protected without a password (Review > Unprotect Sheet), but do not move, add or delete "
        "rows or columns, or rename the sheets.",
    ),
    (
        "Status",
        "Pick one from the list in the cell (the choices are below), or leave it blank for Not started.",
    ),
    ("Dates", "Type dates as 2027-03-31 (year, month, day)."),
    (
        "Summary",
        "Counts the responses by theme and status as they were when the file was made; it does not "
        "change as you type. fosterkit counts them again when it reads the tracker back.",
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


def _error(path: Path, message: str, where: str = "") -> StructureError:
    return StructureError([Problem(path=where, message=message)], os.fspath(path))


# -- writing -----------------------------------------------------------------------------------


def write_tracker_book(tracker: ResponseTracker, catalogue: Catalogue, path: Path) -> None:
    """Write ``tracker`` (for the pack ``catalogue``) to ``path`` as an .xlsx workbook."""
    check_fits(tracker, catalogue)
    wb = Workbook()
    wb.remove(wb.active)
    _about(wb.create_sheet(ABOUT), tracker, catalogue)
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
    wb.active = 0
    _save(wb, path, stamp)


def _sources(catalogue: Catalogue) -> str:
    lines = []
    for source in catalogue.pack.sources:
        line = f"{source.title} ({source.publisher}, {source.year})"
        lines.append(f"{line} {source.url}" if source.url else line)
    return "\n".join(lines)


def _about(ws: Any, tracker: ResponseTracker, catalogue: Catalogue) -> None:
    pack = catalogue.pack
    for letter, width in {"A": 24, "B": 95}.items():
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
    row = _FIRST_ABOUT_ROW
    for label, value in zip(ABOUT_LABELS, values, strict=True):
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
    protect(ws)


def _put_date(ws: Any, row: int, column: int, day: datetime.date | None) -> Any:
    """A real date cell shown as 2027-03-31 (the format is set even when blank)."""
    cell = ws.cell(row=row, column=column)
    cell.number_format = DATE_FORMAT
    cell.alignment = LEFT_TOP
    if day is not None and day < _FIRST_EXCEL_DATE:
        put_text(ws, row, column, day.isoformat(), wrap=False)
    elif day is not None:
        cell.value = day
    return cell


def _tracker(ws: Any, tracker: ResponseTracker, catalogue: Catalogue) -> None:
    letters = {column.key: column_letter(index) for index, column in enumerate(COLUMNS)}
    for index, column in enumerate(COLUMNS, start=1):
        cell = put_text(ws, 1, index, column.heading)
        cell.font = BOLD
        cell.fill = _LOCKED_FILL
        ws.column_dimensions[letters[column.key]].width = _WIDTHS.get(column.key, 20)
    themes = {rec.id: rec.theme for rec in catalogue.recommendations}
    last = 1 + len(tracker.entries)
    previous: str | None = None
    for row, entry in enumerate(tracker.entries, start=2):
        theme = themes[entry.recommendation]
        starts_theme = row > 2 and theme != previous
        previous = theme
        for index, (column, value) in enumerate(zip(COLUMNS, tracker_row(entry, catalogue), strict=True), 1):
            if isinstance(value, datetime.date) or value is None:  # only the date columns are None
                cell = _put_date(ws, row, index, value)
            else:
                cell = put_text(ws, row, index, value)
            if column.editable:
                cell.protection = UNLOCKED
            else:
                cell.fill = _LOCKED_FILL
            if starts_theme:
                cell.border = _THEME_BORDER
    if tracker.entries:
        status = letters["status"]
        list_validation(ws, f"{status}2:{status}{last}", [s.label for s in ResponseStatus], "status")
        for key in ("due", "updated"):
            date_validation(ws, f"{letters[key]}2:{letters[key]}{last}")
    ws.auto_filter.ref = f"A1:{column_letter(len(COLUMNS) - 1)}{last}"
    fit_rows(ws)
    print_setup(ws, freeze="B2")
    protect(ws, filters=True)


def _summary(ws: Any, tracker: ResponseTracker, catalogue: Catalogue) -> None:
    statuses = list(ResponseStatus)
    titles = ["Theme", *(s.label for s in statuses), "Total"]
    for column, title in enumerate(titles, start=1):
        cell = put_text(ws, 1, column, title)
        cell.font = BOLD
        cell.fill = _LOCKED_FILL
        ws.column_dimensions[column_letter(column - 1)].width = 45 if column == 1 else 13
    counts = status_by_theme(tracker, catalogue)
    row = 1
    for row, (theme, by_status) in enumerate(counts.items(), start=2):
        put_text(ws, row, 1, catalogue.theme(theme).title if theme else "No theme")
        for column, status in enumerate(statuses, start=2):
            put_number(ws, row, column, by_status[status])
        put_number(ws, row, len(titles), sum(by_status.values()))
    row += 1
    put_text(ws, row, 1, "All recommendations").font = BOLD
    totals = tracker.by_status()
    for column, status in enumerate(statuses, start=2):
        put_number(ws, row, column, totals[status]).font = BOLD
    put_number(ws, row, len(titles), len(tracker.entries)).font = BOLD
    put_text(
        ws,
        row + 2,
        1,
        "Counted when the file was made; the counts do not change as the Tracker is filled in.",
    )
    fit_rows(ws)
    print_setup(ws)
    protect(ws)


# -- reading -----------------------------------------------------------------------------------


def read_tracker_book(path: str | os.PathLike[str], packs: PackSet) -> TrackerReading:
    """Read a response tracker workbook written by :func:`write_tracker_book` (and filled in since).

    The pack the About sheet names is looked up in ``packs``. Values that cannot be accepted
    are listed in the reading's ``problems`` with their cell; a file that is not a tracker
    workbook, is damaged, lacks a sheet or names a pack that is not installed raises
    :class:`~fosterkit.errors.StructureError`.
    """
    source = Path(path)
    reading, unsaved = read_filled_in(source, lambda wb: _read(wb, source, packs), (TRACKER,))
    if not unsaved:
        return reading
    return TrackerReading(tracker=reading.tracker, problems=(*reading.problems, *unsaved))


def _read(wb: Any, path: Path, packs: PackSet) -> TrackerReading:
    names = list(wb.sheetnames)
    missing = [name for name in (ABOUT, TRACKER) if name not in names]
    if missing:
        listed = ", ".join(repr(n) for n in names) or "none"
        raise _error(
            path,
            f"not a fosterkit response tracker: it has no {' or '.join(repr(m) for m in missing)} sheet "
            f"(its sheets: {listed}); was a sheet renamed or deleted?",
        )
    about = _about_values(wb[ABOUT], path)
    pack_id, pack_cell = about["Pack"]
    try:
        catalogue = packs.get(pack_id)
    except KeyError as err:
        raise _error(
            path, f"the tracker is for pack {pack_id!r}, which is not installed: {err.args[0]}", pack_cell
        ) from None
    ws = wb[TRACKER]
    _check_header(ws, path)
    refused: list[CellProblem] = []
    entries, problems = read_entries(_rows(ws, path, refused), catalogue, sheet=TRACKER)
    tracker = ResponseTracker(
        pack=catalogue.pack.id,
        pack_version=about["Pack version"][0],
        service=about["Service"][0],
        entries=entries,
    )
    return TrackerReading(tracker=tracker, problems=(*refused, *problems))


def _about_values(ws: Any, path: Path) -> dict[str, tuple[str, str]]:
    """The service, pack and pack version with the cells they are in, found by their labels."""
    wanted = {label.casefold(): label for label in ("Service", "Pack", "Pack version")}
    found: dict[str, tuple[str, str]] = {}
    rows = _quietly(path, lambda: list(ws.iter_rows(max_row=_ABOUT_SEARCH_ROWS, max_col=2, values_only=True)))
    for number, row in enumerate(rows, start=1):
        cells = list(row) + [None] * (2 - len(row))
        label = wanted.get(_text(cells[0]).strip().casefold())
        if label is not None and label not in found:
            value = _text(cells[1])
            found[label] = (value.strip() if label == "Pack" else value, f"{ABOUT}!B{number}")
    for label in wanted.values():
        if label not in found:
            message = (
                f"the {ABOUT} sheet has no row labelled {label!r} in column A, so the tracker's "
                f"{label.lower()} is not known; was it renamed or deleted?"
            )
            raise _error(path, message, f"{ABOUT}!A")
        value, cell = found[label]
        if not value.strip():
            raise _error(path, f"the {label.lower()} is blank; the tracker needs it", cell)
    return found


def _check_header(ws: Any, path: Path) -> None:
    width = len(COLUMNS)
    header = _quietly(
        path, lambda: next(iter(ws.iter_rows(min_row=1, max_row=1, max_col=width, values_only=True)), ())
    )
    found = list(header) + [None] * (width - len(header))
    for index, (column, value) in enumerate(zip(COLUMNS, found, strict=True)):
        if _text(value).strip() != column.heading:
            letter = column_letter(index)
            message = (
                f"column {letter} should be headed {column.heading!r} but is headed {_text(value)!r}; "
                "was a column moved, added or renamed?"
            )
            raise _error(path, message, f"{TRACKER}!{letter}1")


#: A cell's value as :func:`~fosterkit.tracker.read_entries` takes it.
_Cell = str | int | float | bool | datetime.date | datetime.datetime | None


def _cell(value: object) -> _Cell:
    """A cell's value as :func:`~fosterkit.tracker.read_entries` takes it (a date typed as one a date)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value
    return str(value)  # a time or a duration, which no column holds


def _rows(ws: Any, path: Path, refused: list[CellProblem]) -> Iterator[tuple[int, list[_Cell]]]:
    """The rows below the header with their row numbers, as far as the last column of the table.

    A cell holding an error value (a formula that failed) is read as blank and added to ``refused``.
    """
    rows = _quietly(path, lambda: iter(ws.iter_rows(min_row=2, max_col=len(COLUMNS), values_only=True)))
    number = 1
    while True:
        row = _quietly(path, lambda: next(rows, None))
        number += 1
        if row is None:
            return
        cells: list[_Cell] = []
        for index, value in enumerate(row):
            if is_error_value(value):
                cell = f"{get_column_letter(index + 1)}{number}"
                refused.append(
                    CellProblem(
                        sheet=TRACKER, cell=cell, value=str(value), message=error_value_message(str(value))
                    )
                )
                value = None
            cells.append(_cell(value))
        yield number, cells
