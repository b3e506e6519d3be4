"""Argument types and options shared by the ``fosterkit`` commands, so each is checked one way."""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable

from fosterkit.analysis import Period, PeriodNameError, last_complete_half_year, parse_period

__all__ = [
    "PERIOD_FORMS",
    "PERIOD_METAVAR",
    "add_format_option",
    "add_period_options",
    "chosen_period",
    "date_arg",
    "period_arg",
    "service_name",
    "whole_number",
]


def date_arg(text: str) -> datetime.date:
    """A date given as YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


#: How ``--period`` is shown in help.
PERIOD_METAVAR = "PERIOD"
#: What ``--period`` accepts, for help texts.
PERIOD_FORMS = "2025-26 H1, 2025-26 H2, 2025-26 (the April-March year), 2025-26 Q1 to Q4, or START..END"


def period_arg(text: str) -> Period:
    """A period given by name (``2025-26 H1``, ``2025-26``, ``2025-26 Q2``) or as START..END."""
    try:
        return parse_period(text)
    except PeriodNameError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


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
        "--today", type=date_arg, metavar="YYYY-MM-DD", help="the date the default period is judged from"
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
            raise argparse.ArgumentTypeError(f"{text!r}: {what} is a whole number {bounds}")
        return value

    return parse


def add_format_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--format NAME``: choose among installed formats that write the output's suffix."""
    parser.add_argument(
        "--format",
        dest="format_name",
        metavar="NAME",
        help=f"the {what} format to use when plugins clash over the file's suffix (NAME or PLUGIN:NAME)",
    )
