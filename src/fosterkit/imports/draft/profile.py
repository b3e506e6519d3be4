"""Profiling a column from a sample of its cells: how often it is blank, its values, what they read as."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from fosterkit.imports.draft.cells import NUMBER, YES_NO, read_dates, reads
from fosterkit.imports.draft.toml_text import has_surrogate
from fosterkit.imports.values import normalise, shown

__all__ = ["DISTINCT_KEPT", "SEPARATORS", "ColumnProfile", "pieces", "profile_column"]

#: How many distinct values of a column a profile keeps (and a drafted value map lists).
DISTINCT_KEPT = 50

#: What may separate several values in one cell, in the order they are preferred.
SEPARATORS = (";", ",", "|")


@frozen(kw_only=True)
class ColumnProfile:
    """What a sample of one column holds."""

    name: str
    """The column's name as the draft writes it (the header cell, trimmed)."""
    rows: int
    """Rows sampled (blank rows aside)."""
    filled: int
    """Of those, rows where the column is not blank."""
    distinct: tuple[str, ...]
    """Its distinct values as text (case and spacing aside), in order seen; at most :data:`DISTINCT_KEPT`."""
    more_distinct: bool
    """It has more distinct values than ``distinct`` keeps."""
    dates: float
    """Share of the filled cells that are dates: date cells, dates in a known form, or Excel day numbers."""
    written_dates: float
    """Share of the filled cells that are date cells or dates written out (Excel day numbers aside)."""
    date_forms: tuple[str, ...]
    """The date forms its text needs, in the order a mapping would list them."""
    unread_dates: tuple[str, ...]
    """Up to three values no date form reads, when most of the column are dates."""
    numbers: float
    yes_no: float
    separator: str
    """``;``, ``,`` or ``|`` when some cell holds several values separated by it; else empty."""

    @property
    def blank(self) -> float:
        """Share of the sampled rows where the column is blank."""
        return 1 - self.filled / self.rows if self.rows else 1.0


def _text(value: object) -> str | None:
    """A cleaned cell as a value map's key sees it; ``None`` for yes/no cells and lists."""
    if isinstance(value, (bool, list)):
        return None
    if isinstance(value, str):
        return value
    return shown(value)


def _distinct(cells: Sequence[object]) -> tuple[list[str], bool, str]:
    """The column's distinct values (at most :data:`DISTINCT_KEPT`), whether there are more, its separator."""
    distinct: dict[str, str] = {}
    more = False
    separators: set[str] = set()
    for value in cells:
        for item in value if isinstance(value, list) else [value]:
            text = _text(item)
            if text is None or has_surrogate(text):
                continue
            if normalise(text) not in distinct:
                if len(distinct) < DISTINCT_KEPT:
                    distinct[normalise(text)] = text
                else:
                    more = True
            if isinstance(item, str):
                separators.update(s for s in SEPARATORS if s in item)
    return list(distinct.values()), more, next((s for s in SEPARATORS if s in separators), "")


def profile_column(name: str, cells: Sequence[object], rows: int) -> ColumnProfile:
    """The profile of column ``name`` from its non-blank ``cells`` in ``rows`` sampled rows."""
    distinct, more, separator = _distinct(cells)
    single = [value for value in cells if not isinstance(value, list)]
    dates = read_dates(single)
    filled = len(cells)

    def share(count: int) -> float:
        return count / filled if filled else 0.0

    return ColumnProfile(
        name=name,
        rows=rows,
        filled=filled,
        distinct=tuple(distinct),
        more_distinct=more,
        dates=share(dates.dated),
        written_dates=share(dates.written),
        date_forms=dates.forms,
        unread_dates=dates.unread if share(dates.dated) >= 0.5 else (),
        numbers=share(sum(reads(NUMBER, v) and not isinstance(v, bool) for v in single)),
        yes_no=share(sum(reads(YES_NO, v) for v in single)),
        separator=separator,
    )


def pieces(profile: ColumnProfile, split: str) -> list[str]:
    """The column's distinct values, each cut at ``split`` when it is given, trimmed and without repeats."""
    found: dict[str, str] = {}
    for text in profile.distinct:
        for piece in text.split(split) if split else [text]:
            piece = piece.strip()
            if piece and normalise(piece) not in found:
                found[normalise(piece)] = piece
    return list(found.values())
