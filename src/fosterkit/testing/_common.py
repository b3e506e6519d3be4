"""Pieces shared by the strategy modules (kept apart so they can import them without a cycle)."""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["SOME_REASONS", "unicode_text"]

#: A few built-in reason codes, drawn from by default where records state reasons.
SOME_REASONS = ("personal.retirement", "support.training", "finance.fees_allowances", "wellbeing.burnout")


def unicode_text(*, min_size: int = 0, max_size: int = 80, blank: bool = True) -> st.SearchStrategy[str]:
    """Any Unicode a JSON or TOML file can hold; with ``blank=False``, never only spaces."""
    text = st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=min_size, max_size=max_size
    )
    return text if blank else text.filter(lambda s: bool(s.strip()))
