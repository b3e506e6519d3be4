"""Argument types and options shared by the ``fosterkit`` commands, so each is checked one way."""

from __future__ import annotations

import argparse
import datetime
import re
from collections.abc import Callable

from fosterkit.analysis import Period, PeriodNameError, last_complete_half_year, parse_period
from fosterkit.cli._output import day
from fosterkit.errors import FosterkitError

__all__ = [
    "DATE_METAVAR",
    "PERIOD_FORMS",
    "PERIOD_METAVAR",
    "add_format_option",
    "add_json_option",
    "add_period_options",
    "chosen_period",
    "date_arg",
    "period_arg",
    "service_name",
    "whole_number",
]


#: How a date option is shown in help: the UK order, as the workbooks show dates.
DATE_METAVAR = "DD/MM/YYYY"

_UK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_MONTHS = tuple(datetime.date(2000, month, 1).strftime("%B") for month in range(1, 13))


def _date(text: str) -> datetime.date:
    """The date ``text`` gives as DD/MM/YYYY (31/03/2027, 31/3/2027) or YYYY-MM-DD (2027-03-31)."""
    cleaned = text.strip()
    if found := _UK.fullmatch(cleaned):
        day, month, year = (int(part) for part in found.groups())
    elif found := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in found.groups())
    else:
        raise ValueError(f"'{text}' is not a date: write it as DD/MM/YYYY, such as 31/03/2027")
    if not 1 <= month <= 12:
        raise ValueError(
            f"'{text}' is not a date: there is no month {month} (write it as DD/MM/YYYY, such as 31/03/2027)"
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: {_MONTHS[month - 1]} {year} has no day {day}") from None


def date_arg(text: str) -> datetime.date:
    """A date given as DD/MM/YYYY (the day and month may have one digit) or as YYYY-MM-DD."""
    try:
        return _date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


#: How ``--period`` is shown in help.
PERIOD_METAVAR = "PERIOD"
#: What ``--period`` accepts, for help texts.
PERIOD_FORMS = (
    "2025-26 H1, 2025-26 H2, 2025-26 (the April-March year), 2025-26 Q1 to Q4, or "
    "START..END as DD/MM/YYYY..DD/MM/YYYY"
)


def period_arg(text: str) -> Period:
    """A period given by name (``2025-26 H1``, ``2025-26``, ``2025-26 Q2``) or as START..END.

    START and END are dates as :func:`date_arg` takes them: 01/04/2026..30/09/2026, or ISO.
    """
    first, dots, last = text.strip().partition("..")
    try:
        if dots:
            start, end = _date(first), _date(last)
            if end < start:
                raise ValueError(
                    f"'{text}' is not a period: it ends ({day(end)}) before it starts ({day(start)})"
                )
            return Period(start, end)
        return parse_period(text)
    except (PeriodNameError, ValueError) as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    except FosterkitError as err:
        raise argparse.ArgumentTypeError(f"'{text}' is not a period: {err}") from None


def add_period_options(
    command: argparse.ArgumentParser,
    *,
    what: str = "the period",
    threshold_help: str = "suppress counts from 1 to N (3-10, default 5)",
) -> None:
    """``--period``, ``--today`` and ``--threshold``: how a command that releases counts chooses them."""
    command.add_argument(
        "--period",
        type=period_arg,
        metavar=PERIOD_METAVAR,
        help=f"{what}, by notice date: {PERIOD_FORMS} "
        "(default the last complete half-year of the April-March year)",
    )
    command.add_argument(
        "--today", type=date_arg, metavar=DATE_METAVAR, help="the date the default period is judged from"
    )
    command.add_argument(
        "--threshold",
        type=whole_number(3, 10, "the threshold"),
        default=5,
        metavar="N",
        help=threshold_help,
    )


def chosen_period(args: argparse.Namespace) -> Period:
    """``--period``, or the last complete half-year before ``--today`` (default today's date)."""
    period: Period = args.period or last_complete_half_year(args.today or datetime.date.today())
    return period


def service_name(value: str) -> str:
    """A service's name: any text but blank."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the service name must not be empty")
    return value


def whole_number(low: int, high: int | None, what: str) -> Callable[[str], int]:
    """An argument type for a whole number from ``low`` to ``high`` (no upper bound for ``None``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"of {low} or more"
            raise argparse.ArgumentTypeError(f"'{text}': {what} is a whole number {bounds}")
        return value

    return parse


def add_json_option(parser: argparse.ArgumentParser, what: str = "what was done") -> None:
    """``--json``: print only JSON on standard output (see :mod:`fosterkit.cli._output` for the shape)."""
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON for machines")


def add_format_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--format NAME``: choose among installed formats that write the output's suffix."""
    parser.add_argument(
        "--format",
        dest="format_name",
        metavar="NAME",
        help=f"the {what} format to use when plugins clash over the file's suffix (NAME or PLUGIN:NAME)",
    )
