"""Attack a service's releases with an integer programme and count what is recovered.

The same attacker as ``tests/test_disclosure_series.py`` (``scipy.optimize.milp`` over every
released count and every sum a reader knows), run over many generated services to give the
figures quoted in ``docs/data-protection.md``. Needs the dev extras (scipy, hypothesis)::

    .venv/bin/python scripts/attack_releases.py [SERVICES]

For each series of releases it prints how many services were attacked, how many suppressed
non-zero counts they held between them, and how many of those the attacker pinned to their true
value. The controls (no log, or periods that are not reporting periods) show the attacker at work.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fosterkit.analysis import Period
from fosterkit.analysis.periods import half_year, quarter
from test_disclosure_series import (
    H1,
    H2_BEFORE,
    ROUTINE,
    Step,
    leavers,
    recovered_in,
    run_series,
    truth_of,
)

D = datetime.date
Q3, Q4 = quarter(D(2025, 10, 1)), quarter(D(2026, 1, 1))
SERIES: dict[str, tuple[Sequence[Step], bool, int]] = {
    "two consecutive half-years, no log": ([H2_BEFORE, H1], False, 4),
    "insights and publish for one half-year, no log": ([H1, ("insights", H1)], False, 4),
    "a year's routine releases (4 quarters, 2 halves, the year, 3 insights), with the log": (
        ROUTINE,
        True,
        4,
    ),
    "control: two quarters and their half, no log": ([Q3, Q4, half_year(Q3.start)], False, 1),
}


def attacked(records: list[object], steps: Sequence[Step], logged: bool, trend: int) -> tuple[int, int]:
    """(suppressed non-zero counts released, of those pinned to their true value)."""
    releases = run_series(records, steps, logged=logged, trend_periods=trend)
    periods: set[Period] = {p for shown, _cells in releases for p in shown}
    truth = truth_of(records, periods)
    hidden = {k for _shown, cells in releases for k, v in cells.items() if v is None and truth.get(k, 0)}
    shown = {k for _shown, cells in releases for k, v in cells.items() if v is not None}
    return len(hidden - shown), len(recovered_in(records, releases))


def attack_series(name: str, steps: Sequence[Step], logged: bool, trend: int, services: int) -> str:
    """Attack ``services`` generated services under one series; the line of totals."""
    totals = {"services": 0, "hidden": 0, "recovered": 0, "leaky": 0}

    @settings(
        max_examples=services,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(records=leavers())
    def attack_one(records: list[object]) -> None:
        hidden, recovered = attacked(records, steps, logged, trend)
        totals["services"] += 1
        totals["hidden"] += hidden
        totals["recovered"] += recovered
        totals["leaky"] += recovered > 0

    attack_one()
    return (
        f"{name}: {totals['services']} services, {totals['hidden']} suppressed non-zero counts "
        f"attacked, {totals['recovered']} recovered ({totals['leaky']} services leaking)"
    )


def main(services: int) -> None:
    """Attack ``services`` generated services under each series and print the totals."""
    for name, (steps, logged, trend) in SERIES.items():
        print(attack_series(name, steps, logged, trend, services), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
