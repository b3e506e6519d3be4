"""Writing records to CSV: a header row, then one row per record, as the records arrive."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from fosterkit.plugins import can_hold_special_category as can_hold_special
from fosterkit.plugins import single_kind, table_schema

__all__ = ["write_csv"]


def write_csv(
    records: Iterable[object],
    path: Path,
    *,
    kind: str | None = None,
    special_category: bool = False,
    bom: bool = False,
) -> int:
    """Write ``records`` (all of one kind) to ``path`` as CSV; returns how many rows were written.

    The header is the kind's column names and each cell is :meth:`TableSchema.text_row`'s text.
    Without ``kind`` the first record decides it; with no records and no kind the file is left
    empty, and with a kind it holds the header alone. ``bom`` starts the file with a UTF-8
    byte-order mark, which Excel needs to read it as UTF-8.
    """
    schema, stream = single_kind(records, kind=kind, special_category=special_category)
    # newline="" hands line endings to the csv module, which ends rows with \r\n and keeps
    # line breaks inside quoted cells as they are.
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        if schema is None:
            return 0
        writer = csv.writer(out)
        writer.writerow(schema.header)
        # A kind that can never hold special-category data gives the same cells either way;
        # the full schema skips stripping each record of data it cannot have.
        full = not special_category and not can_hold_special(schema.cls)
        text_row = (table_schema(schema.cls, special_category=True) if full else schema).text_row_maker()
        # The row maker is compiled for the kind (fosterkit.serial.tabular): a call per row, none per cell.
        writerow = writer.writerow
        count = 0
        for record in stream:
            writerow(text_row(record))
            count += 1
    return count
