"""Adapter: check a JSON Lines file of records against the cross-record rules, streaming.

:func:`check_file` reads the file once, line by line, and reports every problem with its line
number: lines that are not valid records (as :func:`~fosterkit.adapters.jsonl.scan_jsonl`
gives them) and every cross-record rule :func:`~fosterkit.interviews.check_records` checks.
:func:`usable_records` is what a command runs first: the check, then a second streaming pass
that yields the records to use, with those set aside left out.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from fosterkit.adapters.jsonl import Progress, RecordLine, RejectedLine, scan_jsonl
from fosterkit.errors import Problem, StructureError
from fosterkit.interviews.integrity import RecordChecker
from fosterkit.interviews.integrity_result import CheckResult

__all__ = ["check_file", "usable_records"]

Target = str | os.PathLike[str]


def _describe(problem: Problem) -> str:
    text = problem.describe()
    prefix = f"{problem.source}: " if problem.source else ""
    return text.removeprefix(prefix)


def check_file(path: Target, *, progress: Progress | None = None) -> CheckResult:
    """Every problem in a JSON Lines file of records, each with its line (one streaming pass).

    A line that is not a valid record (not JSON, another ``schema_version``, a field that does
    not fit) is reported under the rule ``invalid_line`` and the check goes on. Only a file that
    cannot be read raises (:class:`~fosterkit.errors.StructureError`). ``progress`` is told how
    far the reading is (see :func:`~fosterkit.adapters.jsonl.scan_jsonl`).
    """
    checker = RecordChecker()
    with contextlib.closing(scan_jsonl(path, progress=progress)) as lines:
        for line in lines:
            if isinstance(line, RecordLine):
                checker.add(line.line, line.record)
            else:
                entry = next((p.entry for p in line.problems if p.entry is not None), None)
                checker.reject(line.line, entry, "; ".join(_describe(p) for p in line.problems))
    return checker.result()


def usable_records(path: Target, *, progress: Progress | None = None) -> tuple[Iterator[object], CheckResult]:
    """The file's records with those the check sets aside left out, and the check's result.

    The check reads the file once; the records come from a second streaming pass. A file with
    lines that are not valid records is refused, as :func:`~fosterkit.adapters.jsonl.iter_jsonl`
    refuses it: :class:`~fosterkit.errors.StructureError` naming every such line. ``progress``
    sees the two passes as one reading of twice the file, with the records the check counted
    while the second pass runs.
    """
    first = None if progress is None else _halves(progress, first=True)
    result = check_file(path, progress=first)
    rejected = [p for p in result.problems if p.rule == "invalid_line"]
    if rejected:
        # Read again for each bad line's own problems, which name its field (the check keeps text).
        problems = [p for line in scan_jsonl(path) if isinstance(line, RejectedLine) for p in line.problems]
        raise StructureError(problems, os.fspath(path))
    second = None if progress is None else _halves(progress, first=False, records=result.records)
    return _kept(path, result.set_aside, second), result


def _halves(progress: Progress, *, first: bool, records: int = 0) -> Progress:
    """``progress`` told of one of two passes over a file as half of one reading."""

    def told(done: int, total: int, seen: int) -> None:
        progress(done if first else total + done, 2 * total, seen if first else records)

    return told


def _kept(
    path: Target, set_aside: frozenset[int | str], progress: Progress | None = None
) -> Iterator[object]:
    with contextlib.closing(scan_jsonl(path, progress=progress)) as lines:
        for line in lines:
            if isinstance(line, RecordLine) and line.line not in set_aside:
                yield line.record
