"""Pausing Python's cyclic garbage collector while the analyses read and count.

Reading and counting a service's records makes and keeps many small objects (summaries, keys,
sets of key numbers) and no reference cycle. Each pass of the cyclic collector would look again
at every object still alive, the summaries included, so they pause it: at 100,000 departures
this saves about a tenth of the reading and a sixth of the counting (see docs/performance.md).
The pause is process-wide, lasts only as long as the call, and the collector is left as it was,
even on an error; a call inside another leaves it to the outer one.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused"]

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """``function``, run with the cyclic garbage collector paused, then put back as it was."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused
