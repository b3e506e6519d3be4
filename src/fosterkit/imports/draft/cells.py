"""What a sampled cell reads as: a date in one of the forms a mapping names, a number, or yes/no.

Date forms are tried in a fixed order for each value; month-first dates (as US software writes
them) are taken only when nothing in the column rules them out, so ``03/04/2024`` stays the 3rd
of April unless every such date in the column reads better month first.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from attrs import frozen

from fosterkit.imports.values import BadValue, ValueKind, ValueReader, shown, value_reader

__all__ = [
    "DATE_ORDER",
    "NUMBER",
    "US_DATES",
    "YES_NO",
    "DateReading",
    "date_form",
    "read_dates",
    "reads",
]

#: Month first, as US software writes dates; tried only for text no day-first form reads.
US_DATES = "%m/%d/%Y"
#: The order date forms are tried in for a value.
_DATE_TRIALS = ("dd/mm/yyyy", "iso", "d mon yyyy", "dd/mm/yy", US_DATES, "excel")
#: The order date forms are listed in a field's ``dates``.
DATE_ORDER = (US_DATES, "dd/mm/yyyy", "iso", "excel", "d mon yyyy", "dd/mm/yy")
_DATE_READERS = {form: value_reader(ValueKind.DATE, dates=(form,)) for form in _DATE_TRIALS}
_EPOCH = datetime.date(1899, 12, 30)
#: Excel day numbers taken for dates: 1950 to 2099 (smaller or larger numbers are more likely counts).
_SERIALS = ((datetime.date(1950, 1, 1) - _EPOCH).days, (datetime.date(2100, 1, 1) - _EPOCH).days)
#: How many values no date form reads a reading keeps, to show.
_UNREAD_KEPT = 3

#: Reads a number.
NUMBER = value_reader(ValueKind.FLOAT)
#: Reads yes or no.
YES_NO = value_reader(ValueKind.BOOL)


def reads(reader: ValueReader, value: object) -> bool:
    """Whether ``reader`` takes ``value`` without a problem."""
    try:
        reader(value)
    except BadValue:
        return False
    return True


def date_form(value: object) -> str | None:
    """The first date form reading ``value`` (``""`` for a real date cell), or ``None``."""
    if isinstance(value, datetime.date):
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "excel" if _SERIALS[0] <= value < _SERIALS[1] else None
    if not isinstance(value, str) or not value[:1].isdigit():
        return None  # every date form starts with a digit
    for form in _DATE_TRIALS:
        if form == "excel" and not (re.fullmatch(r"\d{5}(?:\.\d+)?", value) and _plausible(value)):
            continue
        if reads(_DATE_READERS[form], value):
            return form
    return None


def _plausible(text: str) -> bool:
    return _SERIALS[0] <= float(text) < _SERIALS[1]


@frozen
class DateReading:
    """How the values of one column read as dates."""

    dated: int
    """Values read as dates: date cells, dates in a known form, or Excel day numbers."""
    written: int
    """Of those, the date cells and dates written out (Excel day numbers aside)."""
    forms: tuple[str, ...]
    """The date forms the text needs, in the order a mapping would list them."""
    unread: tuple[str, ...]
    """Up to three values no date form reads, as messages show them."""


def read_dates(values: Iterable[object]) -> DateReading:
    """Read each of one column's values as a date, settling whether its text is month first."""
    forms = [(value, date_form(value)) for value in values]
    day_first_only = any(
        form == "dd/mm/yyyy" and isinstance(value, str) and int(re.split(r"\D", value)[0]) > 12
        for value, form in forms
    )
    month_first = not day_first_only and any(form == US_DATES for _, form in forms)
    dated = written = 0
    needed: set[str] = set()
    unread: list[str] = []
    for value, form in forms:
        if form == "dd/mm/yyyy" and month_first and reads(_DATE_READERS[US_DATES], value):
            form = US_DATES
        if form == US_DATES and not month_first:
            form = None
        if form is None:
            if len(unread) < _UNREAD_KEPT:
                unread.append(shown(value))
            continue
        dated += 1
        written += form != "excel"
        if form:
            needed.add(form)
    return DateReading(dated, written, tuple(f for f in DATE_ORDER if f in needed), tuple(unread))
