"""The counts the audit workbook's insights show beyond the publication's tables, in the same system.

The insights sheet shows, for one period, how many leavers were interviewed, how many gave each
reason behind a principle or recommendation, how many gave any reason a principle or
recommendation addresses, and by theme where reasons were raised (stage 1, stage 2, stated).
They are counted here under keys like the publication's own and suppressed in the same run as
the publication's tables (:func:`fosterkit.analysis.publication.released_counts`), so the
workbook and ``publish`` for one period hide exactly the same counts and nothing one shows
undoes what the other hides.

The sums a reader could form between them are listed too: those interviewed and those not make
up the departures, and two counts of departures giving any reason from one set of reasons are
one count (a principle addressed by a single reason counts the same leavers as that reason, a
theme with a single reason likewise).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from fosterkit._util.collector import collector_paused
from fosterkit.analysis._categories import UNKNOWN_THEME, classifier
from fosterkit.analysis._summaries import Summaries
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._counts import Key, Numbered, key, period_code, with_notice_in
from fosterkit.analysis.publication._layout import Sum
from fosterkit.reasons import Influence, Taxonomy

__all__ = [
    "addressed_key",
    "insight_counts",
    "insight_sums",
    "interviewed_key",
    "reason_key",
    "said_at_key",
]


def interviewed_key(here: str, held: bool) -> Key:
    """Departures in the period with (``held``) or without an exit interview record."""
    return key("departures", ("period", here), ("interviewed", "yes" if held else "no"))


def reason_key(here: str, code: str) -> Key:
    """Departures in the period that gave reason ``code`` (today's code) at any stage."""
    return key("departures", ("period", here), ("reason", code))


def addressed_key(here: str, element_id: str) -> Key:
    """Departures in the period that gave a reason ``element_id`` addresses (and the service can act on)."""
    return key("departures", ("period", here), ("addressed_by", element_id))


def said_at_key(here: str, theme: str, where: str) -> Key:
    """Departures in the period that gave a reason under ``theme`` at ``where`` (a stage, or stated)."""
    return key("departures", ("period", here), ("any_theme", theme), ("said_at", where))


def _weighed(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Each live code the service has some influence over, with the elements that address it."""
    found: dict[str, tuple[str, ...]] = {}
    for reason in taxonomy.walk():
        if not reason.is_live:
            continue
        resolved = taxonomy.resolve(reason.code)
        if resolved.influence is not Influence.NO:
            found[reason.code] = tuple(resolved.addressed_by)
    return found


@collector_paused
def insight_counts(summaries: Summaries, *, taxonomy: Taxonomy, period: Period) -> dict[Key, int]:
    """The insights' own counts for ``period``: interviewed or not, by reason, by element, by stage."""
    here = period_code(period)
    current = classifier(taxonomy)
    theme = classifier(taxonomy, 1)
    weighed = _weighed(taxonomy)
    numbered = Numbered()
    number, tally = numbered.number, numbered.tally
    interviewed = {yes: number(interviewed_key(here, yes)) for yes in (True, False)}
    by_reason: dict[str, tuple[int, ...]] = {}
    by_source: dict[tuple[str, str], int] = {}
    for _, leaver in with_notice_in(summaries, summaries.read().leavers, [period]):
        keys = {interviewed[leaver.interviewed]}
        for given in leaver.reasons:
            found = by_reason.get(given)
            if found is None:
                code = current(given)
                found = by_reason[given] = (
                    ()
                    if code is None
                    else (
                        number(reason_key(here, code)),
                        *(number(addressed_key(here, element)) for element in weighed.get(code, ())),
                    )
                )
            keys.update(found)
        for source in leaver.sourced:
            one = by_source.get(source)
            if one is None:
                given, where = source
                one = by_source[source] = number(said_at_key(here, theme(given) or UNKNOWN_THEME[0], where))
            keys.add(one)
        for one in keys:
            tally[one] += 1
    counts: Counter[Key] = Counter()
    numbered.add_to(counts)
    return {k: counts[k] for k in insight_keys(taxonomy, here)} | dict(counts)


def insight_keys(taxonomy: Taxonomy, here: str) -> list[Key]:
    """Every key the insights may read for a period, so that a count of none is held as 0."""
    keys = [interviewed_key(here, True), interviewed_key(here, False)]
    weighed = _weighed(taxonomy)
    keys += [reason_key(here, code) for code in weighed]
    keys += [addressed_key(here, e) for e in dict.fromkeys(e for es in weighed.values() for e in es)]
    return keys


def insight_sums(taxonomy: Taxonomy, here: str, keys: Iterable[Key]) -> list[Sum]:
    """The sums a reader knows among the insights' counts and the publication's, for ``keys`` present."""
    present = set(keys)
    sums: list[Sum] = [
        (
            key("departures", ("period", here)),
            (interviewed_key(here, True), interviewed_key(here, False)),
        )
    ]
    # Departures giving any reason of one set are one count, whatever the set is called.
    by_set: dict[frozenset[str], list[Key]] = {}
    weighed = _weighed(taxonomy)
    for code in weighed:
        by_set.setdefault(frozenset({code}), []).append(reason_key(here, code))
    addressing: dict[str, set[str]] = {}
    for code, elements in weighed.items():
        for element in elements:
            addressing.setdefault(element, set()).add(code)
    for element, codes in addressing.items():
        by_set.setdefault(frozenset(codes), []).append(addressed_key(here, element))
    theme = classifier(taxonomy, 1)
    under: dict[str, set[str]] = {}
    for reason in taxonomy.walk():
        if reason.is_live:
            found = theme(reason.code)
            if found is not None:
                under.setdefault(found, set()).add(reason.code)
    for root, codes in under.items():
        if codes <= weighed.keys():  # the theme's count is of these codes only when each has a count
            by_set.setdefault(frozenset(codes), []).append(
                key("departures", ("period", here), ("any_theme", root))
            )
    for same in by_set.values():
        there = [k for k in same if k in present]
        sums += [(there[0], (other,)) for other in there[1:]]
    return [(t, ps) for t, ps in sums if t in present and all(p in present for p in ps)]
