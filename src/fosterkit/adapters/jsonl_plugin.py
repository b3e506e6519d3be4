"""fosterkit's own JSON Lines exporter and importer.

They are registered through the same entry-point group as any third-party plugin
(``jsonl = "fosterkit.adapters.jsonl_plugin"`` in fosterkit's own ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fosterkit.adapters.jsonl import MAX_LINE, decode_line, iter_jsonl, numbered_lines, write_jsonl
from fosterkit.errors import Problem
from fosterkit.imports.source import SourceRow, UnreadableRow
from fosterkit.plugins import hookimpl
from fosterkit.plugins.contracts import Exporter, Importer, Option, SourceReader

__all__ = ["fosterkit_exporters", "fosterkit_importers", "fosterkit_source_readers", "read_json_rows"]


def _write(records: Iterator[object], path: Path, _options: Mapping[str, object]) -> int:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        return write_jsonl(records, out)


def _read(path: Path, options: Mapping[str, object]) -> Iterator[object]:
    kind = options["kind"]
    return iter_jsonl(path, kinds=str(kind) if kind else None)


@hookimpl
def fosterkit_exporters() -> Sequence[Exporter]:
    """The JSON Lines exporter."""
    return [
        Exporter(
            name="jsonl",
            suffixes=(".jsonl",),
            description="records as JSON Lines: one per line, with schema_version and kind (every field)",
            write=_write,
        )
    ]


@hookimpl
def fosterkit_importers() -> Sequence[Importer]:
    """The JSON Lines importer."""
    return [
        Importer(
            name="jsonl",
            suffixes=(".jsonl",),
            description="records from JSON Lines written by fosterkit",
            read=_read,
            options=(
                Option(name="kind", type=str, default="", description="accept only this kind of record"),
            ),
        )
    ]


def _flatten(data: dict[str, Any], prefix: str, into: dict[str, Any]) -> dict[str, Any]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{name}.", into)
        else:
            into[name] = value
    return into


def read_json_rows(path: Path, _options: Mapping[str, object]) -> Iterator[SourceRow]:
    """Each non-blank line of a JSON Lines file as a row of named cells, nested objects as dotted names.

    Lines are read as :func:`~fosterkit.adapters.jsonl.decode_line` reads records, with the same
    care: a line that is not a JSON object, not UTF-8, nested too deeply, or holding a lone
    surrogate, a key given twice, a whole number of more than
    :data:`~fosterkit.adapters.jsonl.MAX_DIGITS` digits, an infinity or NaN comes back as an
    :class:`~fosterkit.plugins.contracts.UnreadableRow` with the line as it was and the problem,
    naming the key where it shows.
    """
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="\n") as lines:
        for number, raw, whole in numbered_lines(lines):
            text = raw.rstrip("\r\n")
            if not whole:
                yield number, UnreadableRow(f"the line is longer than {MAX_LINE:,} characters", text)
            elif text.strip():
                yield number, _row(text)


def _said(problem: Problem) -> str:
    """A line's problem for a rejected row: ``key: what``, or ``what (detail at column N)``."""
    if not problem.path.startswith("column "):
        return problem.describe().removeprefix("(top level): ")
    what, _, detail = problem.message.partition(": ")
    return f"{what} ({detail + ' ' if detail else ''}at {problem.path})"


def _row(text: str) -> dict[str, Any] | UnreadableRow:
    """A line as named cells, or why it cannot be one (never text that is not Unicode)."""
    data, problem = decode_line(text)
    if problem is not None:
        return UnreadableRow(_said(problem), text)
    if not isinstance(data, dict):
        return UnreadableRow("the line is not a JSON object", text)
    return _flatten(data, "", {})  # decode_line refuses nesting more than a few dozen levels deep


@hookimpl
def fosterkit_source_readers() -> Sequence[SourceReader]:
    """The JSON Lines source reader for imports."""
    return [
        SourceReader(
            name="jsonl",
            suffixes=(".jsonl", ".ndjson"),
            description="one JSON object per line, from any system; nested objects give dotted column names",
            read_rows=read_json_rows,
        )
    ]
