"""Writing the register workbook: a *Start here* sheet, then one sheet per table of the layout.

Each table's sheet has its header in row 1, frozen with the row's id columns, locked and
repeated on every printed page; the cells below are answer cells (shaded, boxed, unlocked,
wrapped, rows that grow as people type) with a drop-down or a date check where the column takes
one. Where a row has a date by which something should be done, a conditional format marks it
when the day has passed and it is still open. Drop-down lists live on a hidden *Lists* sheet
(the reason codes are too many to write into a validation). Every sheet prints one page wide at
9 pt or more (portrait when narrow), with a dozen ruled rows below the last one to write on.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.page import PageMargins  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Taxonomy
from fosterkit.plugins import DueNow, column_letter
from fosterkit_excel.audit_styles import (
    BOLD,
    DATE_FORMAT,
    TITLE_FONT,
    answer_cell,
    date_validation,
    fit_rows,
    header_row,
    heading,
    list_validation,
    print_setup,
    protect,
    put_text,
    set_row_height,
)
from fosterkit_excel.print_layout import finish_printing
from fosterkit_excel.register_cells import cell_value
from fosterkit_excel.register_due import DUE_NOW, write_due_now
from fosterkit_excel.register_layout import (
    BEFORE_NOTICE,
    BOOKINGS,
    CHOICES,
    FINDINGS,
    GUIDANCE,
    REASONS,
    REGISTER_VERSION,
    REVIEWS,
    TABLES,
    Column,
    Kind,
    Table,
    label,
)
from fosterkit_excel.register_rows import Row, get_path, sheet_rows
from fosterkit_excel.report_saving import save_stamped

__all__ = ["GUIDANCE_LABELS", "LISTS", "OVERDUE_FILL", "RULED_ROWS", "SPARE_ROWS", "write_register"]

LISTS: Final = "Lists"
#: Rows below the last one written that are unlocked and checked, ready for new entries.
SPARE_ROWS: Final = 200
#: Blank rows printed below the last one written, ruled, to write on by hand.
RULED_ROWS: Final = 12
#: How a row still open after its date is marked (the Due now sheet's overdue colour).
OVERDUE_FILL = PatternFill(fill_type="solid", start_color="F8CBAD", end_color="F8CBAD")
_OVERDUE_FONT = Font(color="9C0006")
#: The Guidance sheet's labels in column A; the reader finds the values beside them.
GUIDANCE_LABELS: Final = ("Service", "Register version")
_STAMP: Final = datetime.datetime(2000, 1, 1)
#: Data cells: wrapped, from the top left (a date beside text would otherwise run into it).
_CELL = Alignment(horizontal="left", vertical="top", wrap_text=True)
#: A header turned up the page, over a narrow column of short values.
_TURNED = Alignment(horizontal="center", vertical="bottom", wrap_text=True, text_rotation=90)
#: About how much height one letter of a turned header takes, in points (Calibri 11 pt, bold).
_TURNED_LETTER: Final = 5
#: Sheets whose columns add up to no more than this (width units) print portrait at 9 pt or more.
_PORTRAIT_WIDTH: Final = 100
#: Narrow margins (inches), so the widest sheet still prints at 9 pt one page wide.
_MARGINS = PageMargins(left=0.3, right=0.3, top=0.5, bottom=0.6, header=0.3, footer=0.3)

_GUIDE: Final = (
    (
        "What this is",
        "The working file for the service's exit interviews: each sheet holds one kind of thing "
        "(households, leavers, processes, bookings, interviews and what followed), one per row. "
        "Ids link the sheets: a booking names its process, a finding names its interview record.",
    ),
    (
        "Filling it in",
        "Type in the rows below the grey header; add rows at the bottom. Pick from the list in a "
        "cell where there is one; type dates as 31/03/2027. Where a cell takes several values "
        "(reasons, approved for), separate them with semicolons. Type values, not formulas: "
        "fosterkit refuses a formula, or the error a failed formula leaves, in a cell.",
    ),
    (
        "Reading it back",
        "fosterkit register read finds each column by its header, so columns may be moved and "
        "columns of your own added; keep the headers and sheet names as they are. Every value it "
        "cannot take is listed with its sheet, row and column, and the rest is read.",
    ),
    (
        "Reasons",
        "Reasons are codes from the reasons-for-leaving list; the Lists sheet (unhide it) gives "
        "each code with its meaning.",
    ),
    (
        "Overdue",
        "A row turns orange once its date has passed and it is still open: a finding's escalation "
        "past Due by and not done, a booking past its day with no Record id and not cancelled, an "
        "undecided conversation past Follow up on with none since, a review past Next due on.",
    ),
)


_DUE_NOW_GUIDE: Final = (
    "What was due or overdue on the day this file was made, overdue first: worked out by fosterkit "
    "from the other sheets, not typed in. It does not change as you work, and reading the register "
    "back passes over it; make the register again to bring it up to date."
)


def write_register(
    records: Sequence[object],
    service: str,
    taxonomy: Taxonomy,
    path: Path,
    due: DueNow | None = None,
) -> None:
    """Write the register holding ``records`` for ``service`` to ``path`` as an .xlsx workbook.

    Given ``due``, a *Due now* sheet after the guidance lists what is due on its day (overdue
    first), and the workbook opens on it.
    """
    rows = sheet_rows(records)
    wb = Workbook()
    wb.remove(wb.active)
    _guidance(wb.create_sheet(GUIDANCE), service, due_sheet=due is not None)
    if due is not None:
        write_due_now(wb.create_sheet(DUE_NOW), due.today, due.items)
    lists = _lists(wb, taxonomy)
    for table in TABLES:
        _table(wb.create_sheet(table.sheet), table, rows[table.sheet], lists)
    wb.move_sheet(LISTS, offset=len(TABLES))
    wb.properties.title = "".join(
        ch if ch.isprintable() else " " for ch in f"Exit interview register: {service}"
    )
    wb.properties.creator = "fosterkit"
    wb.active = 0 if due is None else 1
    finish_printing(wb, service)
    for table in TABLES:
        ws = wb[table.sheet]
        last = len(rows[table.sheet]) + 1 + RULED_ROWS
        ws.print_area = f"A1:{column_letter(len(table.columns) - 1)}{last}"
    save_stamped(wb, path, _STAMP)


def _guidance(ws: Any, service: str, *, due_sheet: bool) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 80
    heading(ws, 1, "Exit interview register", columns=2, font=TITLE_FONT)
    row = 3
    for text, value in zip(GUIDANCE_LABELS, (service, str(REGISTER_VERSION)), strict=True):
        put_text(ws, row, 1, text).font = BOLD
        put_text(ws, row, 2, value)
        row += 1
    row += 1
    heading(ws, row, "How to use it", columns=2)
    for text, value in _GUIDE:
        row += 1
        put_text(ws, row, 1, text).font = BOLD
        put_text(ws, row, 2, value)
    row += 2
    heading(ws, row, "The sheets", columns=2)
    if due_sheet:
        row += 1
        put_text(ws, row, 1, DUE_NOW).font = BOLD
        put_text(ws, row, 2, _DUE_NOW_GUIDE)
    for table in TABLES:
        row += 1
        put_text(ws, row, 1, table.sheet).font = BOLD
        needed = ", ".join(c.header for c in table.columns if c.required)
        put_text(ws, row, 2, f"Each row: {table.row}. Needed in every row: {needed}.")
    fit_rows(ws)
    print_setup(ws, freeze="A3")
    ws.page_setup.orientation = "portrait"
    protect(ws)


def _lists(wb: Any, taxonomy: Taxonomy) -> dict[str, str]:
    """The hidden sheet of drop-down lists; returns each list's defined name."""
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    names: dict[str, str] = {}
    columns: list[tuple[str, list[str], list[str] | None]] = [
        (name, [label(v) for v in values], None) for name, values in CHOICES.items()
    ]
    codes = list(taxonomy.codes)
    meanings = [taxonomy.get(code).label for code in codes]
    columns.append((REASONS, codes, meanings))
    index = 0
    for name, values, notes in columns:
        letter = column_letter(index)
        put_text(ws, 1, index + 1, name).font = BOLD
        for row, value in enumerate(values, start=2):
            put_text(ws, row, index + 1, value, wrap=False)
        ws.column_dimensions[letter].width = 28
        defined = f"fk_{name}"
        wb.defined_names[defined] = DefinedName(
            defined, attr_text=f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"
        )
        names[name] = defined
        index += 1
        if notes is not None:
            put_text(ws, 1, index + 1, "meaning").font = BOLD
            for row, note in enumerate(notes, start=2):
                put_text(ws, row, index + 1, note, wrap=False)
            ws.column_dimensions[column_letter(index)].width = 50
            index += 1
    return names


def _table(ws: Any, table: Table, rows: list[Row], lists: dict[str, str]) -> None:
    letters = [column_letter(i) for i in range(len(table.columns))]
    header_row(
        ws,
        {letter: c.header for letter, c in zip(letters, table.columns, strict=True)},
        {letter: c.width for letter, c in zip(letters, table.columns, strict=True)},
    )
    for index, column in enumerate(table.columns, start=1):
        if column.turned:
            ws.cell(row=1, column=index).alignment = _TURNED
    last = len(rows) + 1
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(table.columns, start=1):
            value = cell_value(column, get_path(row, column.path))
            if isinstance(value, str):
                put_text(ws, number, index, value, wrap=column.kind is Kind.TEXT)
            elif value is not None:
                ws.cell(row=number, column=index, value=value)
    end = last + SPARE_ROWS
    for index, (letter, column) in enumerate(zip(letters, table.columns, strict=True), start=1):
        first = answer_cell(ws.cell(row=2, column=index))
        first.alignment = _CELL
        if column.kind is Kind.DATE:
            first.number_format = DATE_FORMAT
        for number in range(3, end + 1):
            # The same style as the first, copied whole: setting each part cell by cell is slow.
            ws.cell(row=number, column=index)._style = copy(first._style)
        cells = f"{letter}2:{letter}{end}"
        if column.kind is Kind.DATE:
            date_validation(ws, cells, since=1950)
        elif column.kind is Kind.CHOICE and column.choices:
            list_validation(ws, cells, lists[column.choices], column.header.lower())
        elif column.kind is Kind.YES_NO:
            list_validation(ws, cells, ["Yes", "No"], "yes or no")
    ws.auto_filter.ref = f"A1:{letters[-1]}{last}"
    _overdue(ws, table, end)
    fit_rows(ws, min_lines=2)
    lines = max(_header_lines(c) for c in table.columns if not c.turned)
    turned = max((_turned_height(c.header) for c in table.columns if c.turned), default=0)
    set_row_height(ws, 1, max(turned, 15 * lines))
    ids = next((i for i, c in enumerate(table.columns[:2]) if c.kind is not Kind.ID), 2)
    print_setup(ws, freeze=f"{column_letter(max(ids, 1))}2")
    wide = sum(c.width for c in table.columns) > _PORTRAIT_WIDTH
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_margins = _MARGINS
    protect(ws, filters=True)
    ws.protection.insertRows = False
    ws.protection.deleteRows = False


def _turned_height(header: str) -> float:
    """The height (points) a turned header needs, written on two lines split at the best space."""
    words = header.split()
    longest = min(
        max(len(" ".join(words[:cut])), len(" ".join(words[cut:]))) for cut in range(1, len(words) + 1)
    )
    return _TURNED_LETTER * longest + 12


def _header_lines(column: Column) -> int:
    """How many lines a bold header takes in its column, wrapped at spaces (a cautious guess)."""
    room = max(1, int(column.width) - 1)
    lines, used = 1, 0
    for word in column.header.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, 0
        used += len(word) + (1 if used else 0)
    return lines


def _overdue(ws: Any, table: Table, end: int) -> None:
    """Mark a row still open after its date, by a conditional format that compares with TODAY()."""
    at = {c.path: f"${column_letter(i)}" for i, c in enumerate(table.columns)}
    rule = ""
    if table.sheet == FINDINGS:
        due, done = at["escalation.due_on"], at["escalation.done_on"]
        rule = f'AND(ISNUMBER({due}2),{due}2<TODAY(),{done}2="")'
    elif table.sheet == BOOKINGS:
        on, held, cancelled = at["appointment.on"], at["@Interviews"], at["cancellation.on"]
        rule = f'AND(ISNUMBER({on}2),{on}2<TODAY(),{held}2="",{cancelled}2="")'
    elif table.sheet == BEFORE_NOTICE:
        follow, outcome = at["follow_up_on"], at["outcome"]
        household, held = at["household_id"], at["held_on"]
        later = f'COUNTIFS({household}$2:{household}${end},{household}2,{held}$2:{held}${end},">"&{held}2)'
        rule = f'AND(ISNUMBER({follow}2),{follow}2<TODAY(),{outcome}2="Undecided",{later}=0)'
    elif table.sheet == REVIEWS:
        due, held = at["next_due_on"], at["held_on"]
        rule = f'AND(ISNUMBER({due}2),{due}2<TODAY(),COUNTIF({held}$2:{held}${end},">="&{due}2)=0)'
    if rule:
        cells = f"A2:{column_letter(len(table.columns) - 1)}{end}"
        ws.conditional_formatting.add(
            cells, FormulaRule(formula=[rule], fill=OVERDUE_FILL, font=_OVERDUE_FONT, stopIfTrue=False)
        )
