"""Reporting periods: the April-to-March year, its two halves and its four quarters.

A reporting year runs from 1 April to 31 March, as children's social care returns do. Its first
half (H1) is April to September, its second half (H2) October to March; its quarters (Q1 to Q4)
start in April, July, October and January. These are the *standard* periods: any two of them
either do not overlap or one lies wholly inside the other, so figures published for them can be
checked against each other (a year is its two halves). Figures are published for standard periods
unless a caller deliberately asks for another (see :func:`check_standard`). Dates are always
passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime
import re

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, FosterkitError

__all__ = [
    "NonStandardPeriodError",
    "Period",
    "PeriodNameError",
    "check_standard",
    "half_year",
    "last_complete_half_year",
    "parse_period",
    "quarter",
    "reporting_year",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_date = v.instance_of(datetime.date)


def _day(day: datetime.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _not_before_start(instance: Period, _attribute: object, value: datetime.date) -> None:
    if value < instance.start:
        raise FieldError("end", f"{value} is before the start of the period ({instance.start})")


@frozen
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: datetime.date = field(validator=_date)
    end: datetime.date = field(validator=[_date, _not_before_start])

    @property
    def days(self) -> int:
        """How many days the period holds."""
        return (self.end - self.start).days + 1

    @property
    def is_half_year(self) -> bool:
        """Whether this is H1 or H2 of a reporting year."""
        return half_year(self.start) == self

    @property
    def is_reporting_year(self) -> bool:
        """Whether this is a whole reporting year (1 April to 31 March)."""
        return reporting_year(self.start) == self

    @property
    def is_quarter(self) -> bool:
        """Whether this is one of the four quarters of a reporting year."""
        return quarter(self.start) == self

    @property
    def is_standard(self) -> bool:
        """Whether this is a reporting year, one of its halves or one of its quarters."""
        return self.is_reporting_year or self.is_half_year or self.is_quarter

    @property
    def name(self) -> str:
        """The short name :func:`parse_period` reads back.

        ``2026-27 H1`` for a half-year, ``2026-27`` for a reporting year, ``2026-27 Q3`` for a
        quarter, and ``START..END`` in ISO form for any other period.
        """
        year = _year_name(reporting_year(self.start).start.year)
        if self.is_half_year:
            return f"{year} {'H1' if self.start.month == 4 else 'H2'}"
        if self.is_reporting_year:
            return year
        if self.is_quarter:
            return f"{year} Q{(self.start.month - 4) % 12 // 3 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """A name for reports, such as ``2026-27 H1 (1 Apr 2026 to 30 Sep 2026)``."""
        dates = f"{_day(self.start)} to {_day(self.end)}"
        return dates if not self.is_standard else f"{self.name} ({dates})"

    @property
    def previous(self) -> Period:
        """The period before this one.

        The previous half-year for a half-year, the previous reporting year for a year, the
        previous quarter for a quarter, and otherwise the same number of days ending the day
        before ``start``.
        """
        before = self.start - datetime.timedelta(days=1)
        if self.is_half_year:
            return half_year(before)
        if self.is_reporting_year:
            return reporting_year(before)
        if self.is_quarter:
            return quarter(before)
        return Period(before - datetime.timedelta(days=self.days - 1), before)

    def contains(self, day: datetime.date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day <= self.end


def _year_name(first: int) -> str:
    return f"{first}-{(first + 1) % 100:02d}"


def reporting_year(day: datetime.date) -> Period:
    """The reporting year (1 April to 31 March) that ``day`` falls in."""
    first = day.year if day.month >= 4 else day.year - 1
    return Period(datetime.date(first, 4, 1), datetime.date(first + 1, 3, 31))


def half_year(day: datetime.date) -> Period:
    """The half of the reporting year that ``day`` falls in: April-September or October-March."""
    year = reporting_year(day)
    if day.month in range(4, 10):
        return Period(year.start, datetime.date(year.start.year, 9, 30))
    return Period(datetime.date(year.start.year, 10, 1), year.end)


def quarter(day: datetime.date) -> Period:
    """The quarter of the reporting year that ``day`` falls in (Q1 is April to June)."""
    first = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    after = (
        first.replace(year=first.year + 1, month=1)
        if first.month == 10
        else first.replace(month=first.month + 3)
    )
    return Period(first, after - datetime.timedelta(days=1))


#: ``2025-26``, then an optional part: ``H1``, ``H2``, ``Q1`` to ``Q4`` (any case, a space or none).
_NAMED = re.compile(r"([0-9]{4})-([0-9]{2}) *(?:([hq])([0-9]))?", re.IGNORECASE)
_FORMS = (
    "a reporting year such as 2025-26, a half-year such as 2025-26 H1 or 2025-26 H2, "
    "a quarter such as 2025-26 Q1 (Q1 to Q4), or dates as YYYY-MM-DD..YYYY-MM-DD"
)


class PeriodNameError(FosterkitError, ValueError):
    """A period's name that :func:`parse_period` cannot read."""


def parse_period(text: str) -> Period:
    """The period ``text`` names: ``2025-26``, ``2025-26 H1``, ``2025-26 Q3`` or ``START..END``.

    Names are read in any case, with or without the space (``2025-26h2``); the two years must
    follow each other. Anything else raises :class:`PeriodNameError` naming ``text`` and the
    forms accepted. ``parse_period(p.name) == p`` for every period ``p``.
    """
    cleaned = text.strip()
    first, dots, last = cleaned.partition("..")
    if dots:
        try:
            return Period(
                datetime.date.fromisoformat(first.strip()), datetime.date.fromisoformat(last.strip())
            )
        except (ValueError, FosterkitError) as err:
            raise PeriodNameError(f"{text!r} is not a period: {err}") from None
    found = _NAMED.fullmatch(cleaned)
    if not found:
        raise PeriodNameError(f"{text!r} is not a period: give {_FORMS}")
    year, follows, part, number = found.groups()
    start = int(year)
    if int(follows) != (start + 1) % 100:
        raise PeriodNameError(
            f"{text!r} is not a period: a reporting year runs over two years that follow each other, "
            f"such as {_year_name(start)}"
        )
    if not 1 <= start <= 9998:
        raise PeriodNameError(f"{text!r} is not a period: the year {start} is out of range")
    april = datetime.date(start, 4, 1)
    if part is None:
        return reporting_year(april)
    index = int(number)
    if part.lower() == "h" and index in (1, 2):
        return half_year(april if index == 1 else datetime.date(start, 10, 1))
    if part.lower() == "q" and 1 <= index <= 4:
        return quarter(datetime.date(start + (index == 4), (3 * index) % 12 + 1, 1))
    raise PeriodNameError(f"{text!r} is not a period: halves are H1 and H2, quarters Q1 to Q4")


class NonStandardPeriodError(FosterkitError):
    """Figures were asked for a period that is not a reporting year, half-year or quarter."""


def check_standard(period: Period, *, any_period: bool = False) -> Period:
    """``period`` if it is standard (a reporting year, half or quarter), or if ``any_period`` allows it.

    Figures for periods that overlap without one holding the other can be subtracted to single
    out the few carers who fall in one and not the other (two runs a day apart single out the
    carers who gave notice on that day), so other periods are refused unless asked for.
    """
    if period.is_standard or any_period:
        return period
    year = reporting_year(period.start)
    raise NonStandardPeriodError(
        f"{period.start} to {period.end} is not a reporting period: figures are published for an "
        f"April-to-March year ({year.start} to {year.end}), one of its halves or one of its quarters, "
        "so that no two publications can be subtracted to single out a carer; "
        "ask for any other period deliberately (--any-period)"
    )


def last_complete_half_year(today: datetime.date) -> Period:
    """The latest half-year that ended before ``today``."""
    return half_year(today).previous
