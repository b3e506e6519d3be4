"""Tools for testing code that uses fosterkit: hypothesis strategies for every public type.

Install with the ``testing`` extra (``pip install "fosterkit[testing]"``), which brings
hypothesis. See :mod:`fosterkit.testing.strategies`.
"""

try:
    import hypothesis  # noqa: F401
except ImportError as err:  # pragma: no cover - only without the extra
    raise ImportError(
        "fosterkit.testing needs hypothesis; install fosterkit with the 'testing' extra: "
        'pip install "fosterkit[testing]"'
    ) from err

from fosterkit.testing import strategies

__all__ = ["strategies"]
