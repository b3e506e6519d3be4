"""The summaries keep one copy of each date and tuple that many records share, and mean the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit.analysis import summarise
from test_analysis_rates import scenario


def test_equal_dates_are_kept_once() -> None:
    summaries = summarise(scenario())
    dates = [
        d for home in summaries.homes.values() for d in (home.approved_on, home.left_on) if d is not None
    ]
    dates += [d for leaver in summaries.leavers.values() for d in (leaver.notice_on, leaver.leaving_on) if d]
    assert len({id(d) for d in dates}) == len(set(dates))


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_sharing_changes_nothing_whatever_the_order(random: object) -> None:
    records = scenario()
    shuffled = list(records)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = summarise(records), summarise(shuffled)
    assert (first.homes, first.leavers) == (second.homes, second.leavers)
