"""What earlier publications released, and the sums that join counts of periods that nest.

A :class:`PublicationLog` holds every count a service has published, by key (the same keys as
:mod:`fosterkit.analysis.publication._counts`), with ``None`` for a count that was suppressed: never
the hidden value itself, so the log is as safe to keep as the publications are. A later
publication reads it to stay consistent with the earlier ones: a count published before is
published again as it was, a count suppressed before stays suppressed, and counts of periods
that hold one another (a year and its halves) are joined by the sums a reader could form, so
suppression protects hidden counts across all of them together.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._counts import Key

__all__ = ["LoggedRelease", "PublicationLog", "key_period", "period_of_code", "period_sums"]

#: Dimensions whose value is a period (``start/end``): the counts of a period are those of the
#: periods that tile it added up.
_TILED = ("period", "approved_in")
#: Dimensions whose value is a period, but whose count is taken on its first day: equal for every
#: period that starts on the same day.
_ON_FIRST_DAY = ("at_start",)
#: Dimensions whose value is a period, but whose units may fall in several periods (a household
#: talked to in both halves of a year): no sum joins the counts of periods that nest.
_UNTILED = ("considered_in",)
#: The most ways of tiling one period that are listed; more add nothing a reader could not form.
_MOST_TILINGS = 16


def period_of_code(code: str) -> Period:
    """The period written as ``start/end`` in ISO form (a count's ``period`` condition)."""
    first, _sep, last = code.partition("/")
    return Period(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))


def key_period(count_key: Key) -> tuple[str, Period] | None:
    """The period dimension of ``count_key`` and its period, or ``None`` if it has none."""
    for dimension, value in count_key[1]:
        if dimension in _TILED or dimension in _ON_FIRST_DAY or dimension in _UNTILED:
            return dimension, period_of_code(value)
    return None


def _base(count_key: Key, dimension: str) -> Key:
    """``count_key`` without its period condition."""
    return (count_key[0], tuple(c for c in count_key[1] if c[0] != dimension))


def _tilings(whole: Period, inside: list[Period]) -> Iterator[tuple[Period, ...]]:
    """Each way the periods ``inside`` (all within ``whole``) cover it end to end, without overlap."""
    starting: dict[datetime.date, list[Period]] = {}
    for part in inside:
        starting.setdefault(part.start, []).append(part)
    found = 0
    stack: list[tuple[datetime.date, tuple[Period, ...]]] = [(whole.start, ())]
    while stack and found < _MOST_TILINGS:
        day, chosen = stack.pop()
        for part in starting.get(day, ()):
            if part.end == whole.end:
                found += 1
                yield (*chosen, part)
            else:
                stack.append((part.end + datetime.timedelta(days=1), (*chosen, part)))


def period_sums(keys: Iterable[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """The sums a reader could form between counts of periods that nest, among ``keys``.

    Counts that differ only in their period are joined: a period's count is the sum of the counts
    of any periods among ``keys`` that tile it (a year is its two halves, a half its two
    quarters), and counts taken on the first day of periods that start on the same day are equal.
    Counts of units that may fall in several periods (households talked to about leaving) are
    joined by nothing.
    """
    groups: dict[tuple[str, Key], dict[Period, Key]] = {}
    for count_key in keys:
        found = key_period(count_key)
        if found is not None and found[0] not in _UNTILED:
            dimension, period = found
            groups.setdefault((dimension, _base(count_key, dimension)), {})[period] = count_key
    sums: list[tuple[Key, tuple[Key, ...]]] = []
    for (dimension, _base_key), by_period in sorted(groups.items(), key=lambda item: repr(item[0])):
        periods = sorted(by_period, key=lambda p: (p.start, -p.days))
        if dimension in _ON_FIRST_DAY:
            first: dict[datetime.date, Key] = {}
            for period in periods:
                if period.start in first:
                    sums.append((first[period.start], (by_period[period],)))
                else:
                    first[period.start] = by_period[period]
            continue
        for whole in periods:
            inside = [p for p in periods if p != whole and whole.start <= p.start and p.end <= whole.end]
            for tiling in _tilings(whole, inside):
                sums.append((by_period[whole], tuple(by_period[p] for p in tiling)))
    return sums


def _cells(value: object) -> dict[Key, int | None]:
    return dict(value)  # type: ignore[call-overload, no-any-return]


def _cell_values(_instance: object, attribute: Any, value: Mapping[Key, int | None]) -> None:
    for count_key, count in value.items():
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
            raise ValueError(f"{attribute.name}: {count_key!r} holds {count!r}, not a count or None")


@frozen(kw_only=True)
class LoggedRelease:
    """One publication in the log: its period and threshold, and how many counts it released."""

    start: datetime.date = field(validator=v.instance_of(datetime.date))
    end: datetime.date = field(validator=v.instance_of(datetime.date))
    threshold: int = field(validator=v.instance_of(int))
    counts: int = field(validator=v.instance_of(int))
    suppressed: int = field(validator=v.instance_of(int))


@frozen(kw_only=True)
class PublicationLog:
    """Every count published so far (``None`` where suppressed) and the publications that did it."""

    cells: Mapping[Key, int | None] = field(factory=dict, converter=_cells, validator=_cell_values)
    releases: tuple[LoggedRelease, ...] = field(default=(), validator=v.tuple_of(LoggedRelease))

    def around(self, period: Period) -> dict[Key, int | None]:
        """The logged counts a publication for ``period`` must stay consistent with.

        Those of every period within the widest logged period that holds ``period`` (or within
        ``period`` itself): the counts that can be joined to its own by sums of nesting periods.
        """
        hull = period
        for count_key in self.cells:
            found = key_period(count_key)
            if found is not None:
                logged = found[1]
                if logged.start <= hull.start and hull.end <= logged.end:
                    hull = logged
        result = {}
        for count_key, count in self.cells.items():
            found = key_period(count_key)
            if found is not None and hull.start <= found[1].start and found[1].end <= hull.end:
                result[count_key] = count
        return result

    def adding(self, cells: Mapping[Key, int | None], release: LoggedRelease) -> PublicationLog:
        """The log with ``release`` and its ``cells`` added; a count logged already keeps its entry."""
        merged = dict(cells)
        merged.update(self.cells)
        return PublicationLog(cells=merged, releases=(*self.releases, release))
