"""fosterkit's own JSON Lines exporter and importer.

They are registered through the same entry-point group as any third-party plugin
(``jsonl = "fosterkit.jsonl_plugin"`` in fosterkit's own ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from fosterkit.exchange import Exporter, Importer, Option
from fosterkit.plugins import hookimpl
from fosterkit.records_io import iter_jsonl, write_jsonl

__all__ = ["fosterkit_exporters", "fosterkit_importers"]


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
