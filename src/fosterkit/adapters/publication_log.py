"""Adapter: the publication log kept beside a service's publications, read and written as JSON.

``fosterkit publish`` and ``fosterkit report`` read the log in the folder they write to (or the
one named with ``--log``) and add what they published to it, so that each publication stays
consistent with the ones before (see :class:`fosterkit.analysis.publication.PublicationLog`).
The log holds only what was published: a suppressed count is ``null``, never its value.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

from fosterkit.adapters.atomic import write_beside
from fosterkit.analysis.publication import LoggedRelease, PublicationLog
from fosterkit.errors import FosterkitError

__all__ = ["LOG_NAME", "PublicationLogError", "log_beside", "read_log", "write_log"]

#: The name of the log in the folder of the publications.
LOG_NAME = "publication-log.json"
_FORMAT = "fosterkit publication log"
_VERSION = 1


class PublicationLogError(FosterkitError):
    """A publication log that cannot be read as one."""


def log_beside(out: str | os.PathLike[str]) -> Path:
    """The log kept in the folder of the publication ``out``."""
    return Path(out).parent / LOG_NAME


def _cell(item: Any, path: Path, n: int) -> tuple[tuple[str, tuple[tuple[str, str], ...]], int | None]:
    where = f"{path}: cell {n + 1}"
    if not isinstance(item, dict):
        raise PublicationLogError(f"{where} is not an object")
    population, conditions, count = item.get("population"), item.get("conditions"), item.get("count")
    if not isinstance(population, str) or not isinstance(conditions, list):
        raise PublicationLogError(f"{where}: population must be text and conditions a list")
    pairs = []
    for pair in conditions:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise PublicationLogError(f"{where}: each condition is a pair of texts, not {_shown(pair)}")
        pairs.append((pair[0], pair[1]))
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise PublicationLogError(
            f"{where}: count must be a whole number from 0 up, or null, not {_shown(count)}"
        )
    return (population, tuple(sorted(pairs))), count


def _shown(value: Any) -> str:
    """A value from the log as its JSON reads (``null``, ``"x"``, ``[1, 2]``), cut short."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _release(item: Any, path: Path, n: int) -> LoggedRelease:
    try:
        return LoggedRelease(
            start=datetime.date.fromisoformat(item["start"]),
            end=datetime.date.fromisoformat(item["end"]),
            threshold=item["threshold"],
            counts=item["counts"],
            suppressed=item["suppressed"],
        )
    except (KeyError, TypeError, ValueError, FosterkitError) as err:
        raise PublicationLogError(f"{path}: release {n + 1} cannot be read: {err}") from None


def read_log(path: str | os.PathLike[str]) -> PublicationLog:
    """The log at ``path``; an empty log if there is no file there yet."""
    where = Path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PublicationLog()
    except (OSError, UnicodeDecodeError) as err:
        raise PublicationLogError(f"{where}: cannot read the publication log: {err}") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise PublicationLogError(f"{where}: not a publication log (not JSON: {err})") from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise PublicationLogError(f"{where}: not a fosterkit publication log")
    if data.get("version") != _VERSION:
        raise PublicationLogError(
            f"{where}: a publication log of version {_shown(data.get('version'))}, not {_VERSION}"
        )
    cells = data.get("cells", [])
    releases = data.get("releases", [])
    if not isinstance(cells, list) or not isinstance(releases, list):
        raise PublicationLogError(f"{where}: cells and releases must be lists")
    return PublicationLog(
        cells=dict(_cell(item, where, n) for n, item in enumerate(cells)),
        releases=tuple(_release(item, where, n) for n, item in enumerate(releases)),
    )


def write_log(path: str | os.PathLike[str], log: PublicationLog) -> Path:
    """Write ``log`` to ``path`` whole or not at all."""
    where = Path(path)
    data = {
        "format": _FORMAT,
        "version": _VERSION,
        "about": (
            "Every count published, so later publications stay consistent with these; "
            "null is a suppressed count. Keep this file with the publications."
        ),
        "releases": [
            {
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
                "threshold": r.threshold,
                "counts": r.counts,
                "suppressed": r.suppressed,
            }
            for r in log.releases
        ],
        "cells": [
            {"population": population, "conditions": [list(pair) for pair in conditions], "count": count}
            for (population, conditions), count in sorted(log.cells.items(), key=repr)
        ],
    }

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1, ensure_ascii=False)
            stream.write("\n")

    write_beside(where, write)
    return where
