"""Tools for testing code that uses fosterkit: hypothesis strategies for every public type.

Install with the ``testing`` extra (``pip install "fosterkit[testing]"``), which brings
hypothesis. See :mod:`fosterkit.testing.strategies`, and :func:`check_taxonomy` to run
fosterkit's taxonomy invariants against your own pack or extension.
"""

try:
    import hypothesis  # noqa: F401
except ImportError as err:  # pragma: no cover - only without the extra
    raise ImportError(
        "fosterkit.testing needs hypothesis; install fosterkit with the 'testing' extra: "
        'pip install "fosterkit[testing]"'
    ) from err

from fosterkit.testing import strategies
from fosterkit.testing.checks import check_taxonomy

__all__ = ["check_taxonomy", "strategies"]
