"""Tools for testing code that uses fosterkit: hypothesis strategies for every public type.

Install with the ``testing`` extra (``pip install "fosterkit[testing]"``), which brings
hypothesis. See :mod:`fosterkit.testing.strategies`, and :func:`check_taxonomy` and
:func:`check_catalogue` to run fosterkit's invariants against your own taxonomy or framework pack.
"""

try:
    import hypothesis  # noqa: F401
except ImportError as err:  # pragma: no cover - only without the extra
    raise ImportError(
        "fosterkit.testing needs hypothesis; install fosterkit with the 'testing' extra: "
        'pip install "fosterkit[testing]"'
    ) from err

from fosterkit.testing import offer_strategies, strategies
from fosterkit.testing.checks import check_catalogue, check_taxonomy

__all__ = ["check_catalogue", "check_taxonomy", "offer_strategies", "strategies"]
