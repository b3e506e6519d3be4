"""Small-number suppression, so that published counts cannot single out a carer.

This follows the rule the Department for Education applies to its children's social care
statistics: a count from 1 to 5 is not published but shown as ``[c]`` (confidential), and a
further count is hidden wherever a hidden one could otherwise be worked out by subtraction
from a published total (secondary suppression). Zero is published as it is. The threshold
(5 by default) can be raised or lowered within 3 to 10 to suit a service's own policy.

Suppressed counts are ``None`` here; :func:`fosterkit.analysis.shown` turns them into ``[c]``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

__all__ = ["DEFAULT_THRESHOLD", "check_threshold", "suppress", "suppress_count", "suppress_total"]

K = TypeVar("K", bound=Hashable)

#: Counts from 1 up to this are suppressed unless a caller asks otherwise.
DEFAULT_THRESHOLD = 5
#: The thresholds a caller may choose from.
THRESHOLDS = range(3, 11)


def check_threshold(threshold: int) -> int:
    """Return ``threshold`` if it is a whole number from 3 to 10; raise ``ValueError`` if not."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold not in THRESHOLDS:
        raise ValueError(
            f"the suppression threshold must be a whole number from {THRESHOLDS.start} to "
            f"{THRESHOLDS.stop - 1}, not {threshold!r}"
        )
    return threshold


def suppress_count(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """``count``, or ``None`` if it is from 1 to ``threshold`` (primary suppression only)."""
    check_threshold(threshold)
    return None if 1 <= count <= threshold else count


def suppress_total(total: int, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """A published total: ``None`` if it is from 1 to ``threshold``, else the total itself."""
    return suppress_count(total, threshold)


def suppress(counts: Mapping[K, int], threshold: int = DEFAULT_THRESHOLD) -> dict[K, int | None]:
    """Suppress a one-way table of counts whose total (the sum) is published beside it.

    Primary suppression hides every count from 1 to ``threshold``. If that hides exactly one
    count while the total is shown, the count could be recovered by subtracting the others
    from the total, so the smallest other non-zero count is hidden too (the first in the
    mapping's order among equals). If the total itself is suppressed, every count is.
    """
    check_threshold(threshold)
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts cannot be negative")
    if suppress_total(sum(counts.values()), threshold) is None:
        return dict.fromkeys(counts)
    result: dict[K, int | None] = {key: suppress_count(count, threshold) for key, count in counts.items()}
    hidden = [key for key, count in result.items() if count is None]
    if len(hidden) == 1:
        visible = [(count, key) for key, count in result.items() if count]
        if visible:
            result[min(visible, key=lambda item: item[0])[1]] = None
    return result
