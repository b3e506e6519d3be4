"""The register's *Due now* sheet: what was due or overdue on the day the register was made.

The items come from fosterkit's ``due`` over every record in the register (overdue first, then
by date), worked out when the file is written. The sheet is derived: it does not change as
people edit the other sheets, it is locked, and reading the register back passes over it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final

from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import DueItem, column_letter
from fosterkit_excel.audit_styles import (
    LEFT_TOP,
    TITLE_FONT,
    WRAP,
    fit_rows,
    header_row,
    heading,
    print_setup,
    protect,
    put_date,
    put_text,
    set_row_height,
)
from fosterkit_excel.register_layout import label

__all__ = ["DUE_NOW", "write_due_now"]

DUE_NOW: Final = "Due now"
#: Each column: its header, its width.
_COLUMNS: Final = (
    ("State", 10),
    ("Due on", 12),
    ("What", 22),
    ("For", 14),
    ("Household", 13),
    ("About", 13),
    ("Why", 64),
)
_HEADER_ROW: Final = 4
_OVERDUE_FILL = PatternFill(fill_type="solid", start_color="F8CBAD", end_color="F8CBAD")
_OVERDUE_FONT = Font(name="Calibri", bold=True)


def _note(today: datetime.date, items: Sequence[Any]) -> str:
    overdue = sum(1 for item in items if item.overdue)
    things = "1 thing" if len(items) == 1 else f"{len(items)} things"
    counts = f"{things} due, {overdue} of them overdue" if items else "Nothing is due"
    return (
        f"On {today.day} {today:%B %Y}: {counts}. fosterkit worked this out from the other sheets "
        "when it made this file; it does not change as you edit them, and reading the register "
        "back passes over it. Make the register again with 'fosterkit register new --from' to "
        "bring it up to date. A due date that has passed since is shown in orange."
    )


def write_due_now(ws: Any, today: datetime.date, items: Sequence[DueItem]) -> None:
    """Fill ``ws`` with the ``items`` due on ``today`` (fosterkit due items, overdue first)."""
    letters = [column_letter(i) for i in range(len(_COLUMNS))]
    heading(ws, 1, DUE_NOW, columns=len(_COLUMNS), font=TITLE_FONT)
    ws.merge_cells(f"A2:{letters[-1]}2")
    put_text(ws, 2, 1, _note(today, items)).alignment = WRAP
    set_row_height(ws, 2, 32)
    header_row(
        ws,
        {letter: header for letter, (header, _) in zip(letters, _COLUMNS, strict=True)},
        {letter: width for letter, (_, width) in zip(letters, _COLUMNS, strict=True)},
        row=_HEADER_ROW,
    )
    for number, item in enumerate(items, start=_HEADER_ROW + 1):
        state = put_text(ws, number, 1, "Overdue" if item.overdue else "Due")
        put_date(ws, number, 2, item.due_on).alignment = LEFT_TOP
        put_text(ws, number, 3, label(str(item.kind.value)))
        put_text(ws, number, 4, item.subject)
        put_text(ws, number, 5, item.household_id or "")
        put_text(ws, number, 6, item.ref or "")
        put_text(ws, number, 7, item.why)
        if item.overdue:
            state.fill, state.font = _OVERDUE_FILL, _OVERDUE_FONT
    if items:
        last = _HEADER_ROW + len(items)
        ws.conditional_formatting.add(
            f"A{_HEADER_ROW + 1}:B{last}",
            FormulaRule(formula=[f"$B{_HEADER_ROW + 1}<TODAY()"], fill=_OVERDUE_FILL, stopIfTrue=False),
        )
        ws.auto_filter.ref = f"A{_HEADER_ROW}:{letters[-1]}{_HEADER_ROW + len(items)}"
    fit_rows(ws)
    print_setup(ws, freeze=f"C{_HEADER_ROW + 1}", title_rows=f"{_HEADER_ROW}:{_HEADER_ROW}")
    protect(ws, filters=True)
