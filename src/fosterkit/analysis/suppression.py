"""Small-number suppression, so that published counts cannot single out a carer.

This follows the rule the Department for Education applies to its children's social care
statistics: a count from 1 to 5 is not published but shown as ``[c]`` (confidential), and a
further count is hidden wherever a hidden one could otherwise be worked out by subtraction
from a published total (secondary suppression). Zero is published as it is. The threshold
(5 by default) can be raised or lowered within 3 to 10 to suit a service's own policy.

:func:`suppress` and :func:`protect` work on counts and the sums that join them;
:func:`suppress_grid` on a two-way table laid out with its margins.

A suppressed count is :data:`SUPPRESSED`, the one member of :class:`Suppressed`: never ``None``
and never a number, so it cannot be taken for zero or skipped by ``if count:`` (testing its truth
raises ``TypeError``). It prints as ``[c]``; :func:`fosterkit.analysis.shown` gives that text.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs

from fosterkit.errors import FieldError

__all__ = [
    "DEFAULT_THRESHOLD",
    "SUPPRESSED",
    "Cell",
    "Suppressed",
    "check_threshold",
    "protect",
    "suppress",
    "suppress_count",
    "suppress_grid",
    "suppress_total",
]

K = TypeVar("K", bound=Hashable)

#: Counts from 1 up to this are suppressed unless a caller asks otherwise.
DEFAULT_THRESHOLD = 5
#: The thresholds a caller may choose from.
THRESHOLDS = range(3, 11)


class Suppressed(enum.Enum):
    """The marker of a suppressed count: a count from 1 to the threshold, or one hidden with it.

    It has one member, :data:`SUPPRESSED`. A published count is ``int | Suppressed``: test it with
    ``count is SUPPRESSED`` (or ``isinstance(count, Suppressed)``), which type checkers understand.
    It is not ``None``, not an ``int`` and equal to nothing but itself, so it is never taken for
    zero; ``bool(SUPPRESSED)`` raises ``TypeError``, so ``if count:`` cannot pass over it silently.
    It prints as ``[c]``, as government statistics show a suppressed count.
    """

    SUPPRESSED = "[c]"

    def __repr__(self) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __bool__(self) -> bool:
        raise TypeError(
            "a suppressed count is neither true nor false: test it with `count is SUPPRESSED` "
            "(or isinstance(count, Suppressed)) before using it as a number"
        )


#: A suppressed count, shown as ``[c]``; the one member of :class:`Suppressed`.
SUPPRESSED: Final = Suppressed.SUPPRESSED


def check_count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Attrs validator: a count of zero or more, or :data:`SUPPRESSED` (never ``None``)."""
    if value is SUPPRESSED:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(attribute.name, f"expected a count (int) or SUPPRESSED, got {type(value).__name__}")
    if value < 0:
        raise FieldError(attribute.name, f"must be zero or more, got {value}")


def check_difference(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Attrs validator: a whole number of any sign (one count less another), or :data:`SUPPRESSED`."""
    if value is not SUPPRESSED and (isinstance(value, bool) or not isinstance(value, int)):
        raise FieldError(attribute.name, f"expected int or SUPPRESSED, got {type(value).__name__}")


def check_threshold(threshold: int) -> int:
    """Return ``threshold`` if it is a whole number from 3 to 10; raise ``ValueError`` if not."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold not in THRESHOLDS:
        raise ValueError(
            f"the suppression threshold must be a whole number from {THRESHOLDS.start} to "
            f"{THRESHOLDS.stop - 1}, not {threshold!r}"
        )
    return threshold


def suppress_count(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | Suppressed:
    """``count``, or :data:`SUPPRESSED` if it is from 1 to ``threshold`` (primary suppression only)."""
    check_threshold(threshold)
    return SUPPRESSED if 1 <= count <= threshold else count


def suppress_total(total: int, threshold: int = DEFAULT_THRESHOLD) -> int | Suppressed:
    """A published total: :data:`SUPPRESSED` if it is from 1 to ``threshold``, else the total itself."""
    return suppress_count(total, threshold)


def suppress(counts: Mapping[K, int], threshold: int = DEFAULT_THRESHOLD) -> dict[K, int | Suppressed]:
    """Suppress a one-way table of counts whose total (the sum) is published beside it.

    Primary suppression hides every count from 1 to ``threshold``. If that hides exactly one
    count while the total is shown, the count could be recovered by subtracting the others
    from the total, so the smallest other non-zero count is hidden too (the first in the
    mapping's order among equals). If the total itself is suppressed, every count is.
    """
    check_threshold(threshold)
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts cannot be negative")
    if suppress_total(sum(counts.values()), threshold) is SUPPRESSED:
        return dict.fromkeys(counts, SUPPRESSED)
    result: dict[K, int | Suppressed] = {
        key: suppress_count(count, threshold) for key, count in counts.items()
    }
    hidden = [key for key, count in result.items() if count is SUPPRESSED]
    if len(hidden) == 1:
        visible = [(count, key) for key, count in result.items() if count is not SUPPRESSED and count]
        if visible:
            result[min(visible, key=lambda item: item[0])[1]] = SUPPRESSED
    return result


def _combine(row: dict[int, int], other: dict[int, int], column: int) -> dict[int, int]:
    """``row`` with ``column`` eliminated by a multiple of ``other``, in lowest whole terms."""
    a, b = other[column], row[column]
    mixed = {i: a * c for i, c in row.items()}
    for i, c in other.items():
        mixed[i] = mixed.get(i, 0) - b * c
    mixed = {i: c for i, c in mixed.items() if c}
    divisor = math.gcd(*mixed.values()) if mixed else 1
    return {i: c // divisor for i, c in mixed.items()}


def _determined(hidden: Sequence[K], sums: Sequence[tuple[K, Sequence[K]]]) -> list[K]:
    """The hidden entries that the published sums fix exactly, by exact Gauss-Jordan elimination.

    Each sum says ``total = sum(parts)``; entries not in ``hidden`` are known numbers, so only
    the hidden ones are unknowns. An unknown is fixed when its reduced row holds no other.
    """
    index = {key: i for i, key in enumerate(hidden)}
    pivots: dict[int, dict[int, int]] = {}
    for total, parts in sums:
        row: dict[int, int] = {}
        if total in index:
            row[index[total]] = -1
        for part in parts:
            if part in index:
                row[index[part]] = row.get(index[part], 0) + 1
        row = {i: c for i, c in row.items() if c}
        for column in [c for c in row if c in pivots]:
            if column in row:
                row = _combine(row, pivots[column], column)
        if not row:
            continue
        column = min(row)
        for other_column, other in list(pivots.items()):
            if column in other:
                pivots[other_column] = _combine(other, row, column)
        pivots[column] = row
    return [hidden[column] for column, row in sorted(pivots.items()) if len(row) == 1]


def _itself(key: K) -> Any:
    return key


def protect(
    counts: Mapping[K, int],
    sums: Iterable[tuple[K, Sequence[K]]],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    order: Callable[[K], Any] | None = None,
    keep: Iterable[K] = (),
) -> set[K]:
    """The entries to hide so that no hidden non-zero count can be worked out from what is shown.

    ``counts`` holds every published entry of a set of linked tables, each under a key that
    names what it counts, so an entry shown in two tables appears once. ``sums`` lists every
    relation a reader could use, each as ``(total, parts)`` meaning the total is the sum of the
    parts: rows and columns against their totals, and any total that is the sum of entries of
    another table. Counts from 1 to ``threshold`` are hidden first. Then, while the shown
    entries fix any hidden non-zero count exactly, by any combination of the sums (checked by
    exact elimination, not line by line), one more entry is hidden, chosen from the shown entries of
    the sums holding such a count. Entries in ``keep`` (a headline total, say) are chosen only
    if nothing else is shown there, and zeros only if no non-zero entry is; of the first few of
    the rest (entries that are no sum's total first, then the smallest, then the first in
    ``order``), the one that leaves the fewest hidden counts exposed is hidden. Every key in ``sums``
    must be in ``counts``. The result depends only on the arguments.
    """
    check_threshold(threshold)
    rank: Callable[[K], Any] = order if order is not None else _itself
    relations = [(total, tuple(parts)) for total, parts in sums]
    for total, parts in relations:
        for key in (total, *parts):
            if key not in counts:
                raise KeyError(f"a sum names {key!r}, which has no count")
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts cannot be negative")
    hidden = {key for key, count in counts.items() if 1 <= count <= threshold}
    holding: dict[K, list[int]] = {}
    for n, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            holding.setdefault(key, []).append(n)
    totals = {total for total, _parts in relations}
    kept = set(keep)

    def exposed_by(hiding: set[K]) -> list[K]:
        return [key for key in _determined(sorted(hiding, key=rank), relations) if counts[key]]

    exposed = exposed_by(hidden)
    while exposed:
        found = _candidates(exposed, relations, holding, hidden)
        tier = min(((key in kept, counts[key] == 0) for key in found), default=None)
        candidates = sorted(
            (key for key in found if (key in kept, counts[key] == 0) == tier),
            key=lambda key: (key in totals, counts[key], rank(key)),
        )
        best: tuple[int, list[K], K] | None = None
        for candidate in candidates[:_LOOKAHEAD]:
            after = exposed_by(hidden | {candidate})
            if best is None or len(after) < best[0]:
                best = (len(after), after, candidate)
            if not after:
                break
        if best is None:  # pragma: no cover - a fixed count always has a sum showing something
            raise AssertionError(f"{exposed!r} are fixed but no sum holding them shows anything")
        hidden.add(best[2])
        exposed = best[1]
    return hidden


#: How many of the likeliest entries are tried before one more is hidden.
_LOOKAHEAD = 6


def _candidates(
    exposed: Sequence[K],
    relations: Sequence[tuple[K, tuple[K, ...]]],
    holding: Mapping[K, list[int]],
    hidden: set[K],
) -> set[K]:
    """Shown entries of the sums holding an exposed count, or if none, of sums reached through hidden ones."""
    seen_keys = set(exposed)
    frontier = list(exposed)
    seen_sums: set[int] = set()
    while frontier:
        sums = {n for key in frontier for n in holding.get(key, ()) if n not in seen_sums}
        seen_sums |= sums
        keys = {key for n in sums for key in (relations[n][0], *relations[n][1])}
        shown = {key for key in keys if key not in hidden}
        if shown:
            return shown
        frontier = [key for key in keys if key not in seen_keys]
        seen_keys.update(frontier)
    return set()


#: A position in a grid: ``(row, column)``.
Cell = tuple[int, int]


def suppress_grid(grid: Sequence[Sequence[int]], threshold: int, *, hidden: Iterable[Cell] = ()) -> set[Cell]:
    """The entries of ``grid`` to hide so that no hidden entry can be found by subtracting along a line.

    ``grid`` is a table laid out with its margins: the last entry of each row is that row's
    total, the last row holds the column totals, and the bottom-right entry is the grand total.
    Entries from 1 to ``threshold`` are hidden, as are those in ``hidden``. Then, until nothing
    changes, each row and then each column with exactly one hidden entry has its smallest shown
    entry hidden as well: the smallest non-zero one, or a zero if there is none, the first in the
    line on a tie. Every row and column then has no hidden entry or at least two. The result is
    the set of hidden ``(row, column)`` positions, and depends only on the grid.
    """
    check_threshold(threshold)
    height = len(grid)
    width = len(grid[0]) if grid else 0
    if any(len(line) != width for line in grid):
        raise ValueError("every row of the grid must be as long as the first")
    if any(count < 0 for line in grid for count in line):
        raise ValueError("counts cannot be negative")
    result = {(i, j) for i in range(height) for j in range(width) if 1 <= grid[i][j] <= threshold}
    result.update(hidden)
    lines = [[(i, j) for j in range(width)] for i in range(height)]
    lines += [[(i, j) for i in range(height)] for j in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            shown = [
                (grid[i][j] == 0, grid[i][j], n, (i, j))
                for n, (i, j) in enumerate(line)
                if (i, j) not in result
            ]
            if len(line) - len(shown) == 1 and shown:
                result.add(min(shown)[3])
                changed = True
    return result
