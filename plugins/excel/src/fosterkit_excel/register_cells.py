"""One register cell: a serialised value as the cell shows it, and a cell's value read back.

Values travel in their serialised form (dates as ISO text, choices as their values, lists as
lists). A cell shows a date as a real date, a yes-or-no as ``Yes`` or ``No``, a choice as its
label (``Exit stage 1``) and several choices separated by semicolons. Reading takes the label
or the value, in any case, so a value typed by hand or pasted from elsewhere is read too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from fosterkit_excel.audit_reader import cell_text
from fosterkit_excel.register_layout import CHOICES, REASONS, Column, Kind, label

__all__ = ["FIRST_EXCEL_DATE", "SEPARATOR", "Unreadable", "cell_value", "read_cell"]

#: What separates several values in one cell.
SEPARATOR = "; "
#: Excel counts days from 1900 and gets February 1900 wrong: earlier dates are written as ISO text.
FIRST_EXCEL_DATE = datetime.date(1900, 3, 1)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YES = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


class Unreadable(ValueError):
    """A cell whose value its column cannot take; the message says what it should hold."""


def cell_value(column: Column, value: Any) -> Any:
    """What the cell of ``column`` shows for the serialised ``value`` (``None``: blank)."""
    if value is None or value == "" or value == []:
        return None
    kind = column.kind
    if kind is Kind.DATE:
        day = datetime.date.fromisoformat(value)
        return day.isoformat() if day < FIRST_EXCEL_DATE else day
    if kind is Kind.YES_NO:
        return "Yes" if value else "No"
    if kind is Kind.CHOICE:
        return _shown(column, str(value))
    if kind is Kind.CHOICES:
        items = [_shown(column, str(item)) for item in value]
        bad = next((item for item in items if ";" in item), None)
        if bad is not None:
            raise ValueError(f"{column.header}: {bad!r} holds a semicolon, which separates values")
        return SEPARATOR.join(items)
    if kind is Kind.SCORE:
        return int(value)
    return str(value)


def _shown(column: Column, value: str) -> str:
    return value if column.choices in ("", REASONS) else label(value)


def read_cell(column: Column, value: object) -> Any:
    """The serialised value of a cell of ``column`` (``None``: blank); :class:`Unreadable` if none fits."""
    kind = column.kind
    if value is None or (
        isinstance(value, str) and not (cell_text(value) if kind is Kind.TEXT else cell_text(value).strip())
    ):
        return None
    if kind is Kind.DATE:
        return _date(value).isoformat()
    if kind is Kind.YES_NO:
        return _yes_no(value)
    if kind is Kind.SCORE:
        return _score(value)
    text = cell_text(value)
    if kind is Kind.CHOICE:
        return _choice(column, text.strip())
    if kind is Kind.CHOICES:
        return [_choice(column, part.strip()) for part in text.split(";") if part.strip()]
    if kind is Kind.ID:
        return text.strip()
    return text


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            raise Unreadable("a date and time; give the date alone")
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = cell_text(value).strip()
        uk = _UK_DATE.match(text)
        try:
            if uk:
                return datetime.date(int(uk[3]), int(uk[2]), int(uk[1]))
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise Unreadable("not a date; type one such as 31/03/2027")


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    answer = _YES.get(cell_text(value).strip().casefold()) if isinstance(value, str) else None
    if answer is None:
        raise Unreadable("not Yes or No")
    return answer


def _score(value: object) -> int:
    number: object = value
    if isinstance(value, str):
        number = int(value.strip()) if value.strip().isdigit() else None
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 5:
        raise Unreadable("not a rating: a whole number from 1 (poor) to 5 (very good)")
    return number


def _lookup(choices: Sequence[str]) -> Mapping[str, str]:
    found = {value.casefold(): value for value in choices}
    found.update({label(value).casefold(): value for value in choices})
    return found


_LOOKUPS = {name: _lookup(values) for name, values in CHOICES.items()}


def _choice(column: Column, text: str) -> str:
    if column.choices in ("", REASONS):
        return text  # a staff id, or a reason code (checked against the taxonomy afterwards)
    value = _LOOKUPS[column.choices].get(text.casefold())
    if value is None:
        shown = ", ".join(label(v) for v in CHOICES[column.choices])
        raise Unreadable(f"not one of the choices ({shown})")
    return value
