"""The options every command that releases counts shares: ``--any-period``, ``--log`` and ``--no-log``.

``publish``, ``report`` and ``audit-workbook --records`` each release suppressed counts for a
period. Each keeps to reporting periods unless ``--any-period`` is given (with a warning), and
each reads and adds to the same publication log (by default ``publication-log.json`` beside its
output), so that whatever a service releases, in whichever order, stays consistent.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fosterkit.adapters.publication_log import LOG_NAME, log_beside
from fosterkit.analysis import Period
from fosterkit.cli._output import warn

__all__ = ["add_release_options", "log_file", "log_target", "warn_any_period"]


def add_release_options(command: argparse.ArgumentParser, out: str = "--out") -> None:
    """Add ``--any-period``, ``--log FILE`` and ``--no-log`` to ``command``."""
    command.add_argument(
        "--any-period",
        action="store_true",
        help="allow a period that is not a reporting year (April to March), half-year or quarter",
    )
    command.add_argument(
        "--log",
        metavar="FILE",
        help=f"the publication log to stay consistent with and add to (default {LOG_NAME} beside {out})",
    )
    command.add_argument(
        "--no-log",
        action="store_true",
        help="neither read nor add to a publication log (later releases cannot stay consistent)",
    )


def warn_any_period(period: Period, any_period: bool) -> None:
    """Warn that a period other than a reporting period was chosen."""
    if any_period and not period.is_standard:
        warn(
            f"{period.label} is not a reporting year, half-year or quarter: anyone who sets these "
            "figures beside others for an overlapping period may single out carers"
        )


def log_file(args: argparse.Namespace, out: str) -> Path | None:
    """The log to read and add to: ``--log``, else the one beside ``out``; none with ``--no-log``."""
    if args.no_log:
        return None
    return Path(args.log) if args.log else log_beside(out)


def log_target(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """The publication log the command adds to: ``--log``, else the one beside its output.

    As a file the command adds to, it may exist; but it is never one of the command's inputs or
    the same file as its output (``--out publication-log.json`` would write both to one file).
    """
    log = log_file(args, args.out)
    return [("the publication log (--log)", None if log is None else str(log))]
