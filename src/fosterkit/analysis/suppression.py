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
    "determined",
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


def _reduced(hidden: Sequence[K], sums: Sequence[tuple[K, Sequence[K]]]) -> dict[int, dict[int, int]]:
    """The sums in reduced row echelon form over the ``hidden`` entries (by position), by exact elimination.

    Each sum says ``total = sum(parts)``; entries not in ``hidden`` are known numbers, so only the
    hidden ones are unknowns. The result maps each pivot to its row (whole coefficients); no
    pivot appears in another pivot's row.
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
    return pivots


def _determined(hidden: Sequence[K], sums: Sequence[tuple[K, Sequence[K]]]) -> list[K]:
    """The hidden entries that the published sums fix exactly: those whose reduced row holds no other."""
    pivots = _reduced(hidden, sums)
    return [hidden[column] for column, row in sorted(pivots.items()) if len(row) == 1]


def _pinned(hidden: Sequence[K], sums: Sequence[tuple[K, Sequence[K]]], counts: Mapping[K, int]) -> list[K]:
    """The hidden non-zero entries not shown to be free once a reader also knows no count is negative.

    An entry is free when the hidden counts can be changed along one basic direction of the
    sums (a whole-number move that keeps every sum) without any count going below zero: the
    changed counts are then another answer that fits everything shown. An entry that no such
    move changes is treated as pinned, though a move along several directions at once might
    free it; so this errs on the side of hiding more.
    """
    pivots = _reduced(hidden, sums)
    free_columns = set(range(len(hidden))) - set(pivots)
    by_free: dict[int, list[int]] = {}
    for pivot, row in pivots.items():
        for column in row:
            if column != pivot:
                by_free.setdefault(column, []).append(pivot)
    loose: set[int] = set()
    for free in free_columns:
        holding = by_free.get(free, [])
        scale = math.lcm(*(abs(pivots[p][p]) for p in holding)) if holding else 1
        move = {free: scale}
        for pivot in holding:
            move[pivot] = -pivots[pivot][free] * scale // pivots[pivot][pivot]
        divisor = math.gcd(*move.values())
        for sign in (1, -1):
            if all(counts[hidden[i]] + sign * step // divisor >= 0 for i, step in move.items()):
                loose.update(move)
                break
    return [key for i, key in enumerate(hidden) if counts[key] and i not in loose]


def determined(hidden: Sequence[K], sums: Iterable[tuple[K, Sequence[K]]]) -> list[K]:
    """The entries of ``hidden`` that the sums fix exactly when every other entry is known."""
    return _determined(hidden, [(total, tuple(parts)) for total, parts in sums])


def _itself(key: K) -> Any:
    return key


def protect(
    counts: Mapping[K, int],
    sums: Iterable[tuple[K, Sequence[K]]],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    order: Callable[[K], Any] | None = None,
    keep: Iterable[K] = (),
    hidden: Iterable[K] = (),
    fixed: Iterable[K] = (),
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
    ``order``), the one that leaves the fewest hidden counts exposed is hidden. Then the same again
    for a reader who also knows that no count is below zero: every hidden non-zero count must be
    one that some whole-number change of the hidden counts, keeping every sum and no count below
    zero, would alter. Every key in ``sums``
    must be in ``counts``. The result depends only on the arguments.

    Earlier releases: entries in ``hidden`` start hidden whatever their count (they were hidden
    before, so they stay hidden), and entries in ``fixed`` are never hidden (they were published
    before, so hiding them now would protect nothing). A hidden count that the ``fixed`` entries
    alone already give away cannot be protected and is left as it is.
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
    published = set(fixed)
    for key in (*hidden, *published):
        if key not in counts:
            raise KeyError(f"{key!r} is hidden or fixed but has no count")
    hiding = {key for key, count in counts.items() if 1 <= count <= threshold} | set(hidden)
    hiding -= published
    holding: dict[K, list[int]] = {}
    for n, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            holding.setdefault(key, []).append(n)
    totals = {total for total, _parts in relations}
    kept = set(keep)

    given_away: set[K] = set()
    if published:  # what earlier releases already give away cannot be protected now
        unfixed = sorted(set(counts) - published, key=rank)
        given_away = set(_determined(unfixed, relations))
        # Hiding a count that is known already protects nothing: treat it as published,
        # unless it is small enough to hide for its own sake.
        published |= {key for key in given_away if not 1 <= counts[key] <= threshold}
        hiding -= published

    def exposed_by(trying: set[K]) -> list[K]:
        found = _determined(sorted(trying, key=rank), relations)
        return [key for key in found if counts[key] and key not in given_away]

    def pinned_by(trying: set[K]) -> list[K]:
        return [key for key in _pinned(sorted(trying, key=rank), relations, counts) if key not in given_away]

    hidden_now = set(hiding)
    # First by exact elimination alone (quick), then also knowing that no count is below zero.
    for check in (exposed_by, pinned_by):
        exposed = check(hidden_now)
        while exposed:
            found = _candidates(exposed, relations, holding, hidden_now | published)
            tier = min(((key in kept, counts[key] == 0) for key in found), default=None)
            candidates = sorted(
                (key for key in found if (key in kept, counts[key] == 0) == tier),
                key=lambda key: (key in totals, counts[key], rank(key)),
            )
            best: tuple[int, list[K], K] | None = None
            for candidate in candidates[:_LOOKAHEAD]:
                after = check(hidden_now | {candidate})
                if best is None or len(after) < best[0]:
                    best = (len(after), after, candidate)
                if not after:
                    break
            if best is None:  # pragma: no cover - everything that could be hidden is
                break
            hidden_now.add(best[2])
            exposed = best[1]
    return hidden_now


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
