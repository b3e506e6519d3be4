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

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, FosterkitError

__all__ = [
    "NonStandardPeriodError",
    "Period",
    "check_standard",
    "half_year",
    "last_complete_half_year",
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
    def label(self) -> str:
        """A name for reports, such as ``2026-27 H1 (1 Apr 2026 to 30 Sep 2026)``."""
        dates = f"{_day(self.start)} to {_day(self.end)}"
        year = _year_name(reporting_year(self.start).start.year)
        if self.is_half_year:
            return f"{year} {'H1' if self.start.month == 4 else 'H2'} ({dates})"
        if self.is_reporting_year:
            return f"{year} ({dates})"
        if self.is_quarter:
            return f"{year} Q{(self.start.month - 4) % 12 // 3 + 1} ({dates})"
        return dates

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
