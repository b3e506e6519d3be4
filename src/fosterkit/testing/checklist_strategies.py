"""Hypothesis strategies for checklists for leaving carers (re-exported by ``strategies``)."""

from __future__ import annotations

from hypothesis import strategies as st

from fosterkit.interviews.checklist import Checklist, ChecklistItem
from fosterkit.records import LeavingRoute
from fosterkit.testing._common import unicode_text
from fosterkit.testing.carers_strategies import record_ids

__all__ = ["checklist_items", "checklists", "leaving_routes"]


def _words(max_size: int = 40) -> st.SearchStrategy[str]:
    return unicode_text(min_size=1, max_size=max_size, blank=False)


def _paragraphs() -> st.SearchStrategy[str]:
    """One to three paragraphs separated by blank lines, long enough to wrap, some with long words."""
    word = st.one_of(_words(12), _words(100))
    paragraph = st.lists(word, min_size=1, max_size=40).map(" ".join)
    return st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)


def leaving_routes() -> st.SearchStrategy[tuple[LeavingRoute, ...]]:
    """The routes an item applies to: often none (every route), else a few distinct ones."""
    return st.one_of(st.just(()), st.lists(st.sampled_from(LeavingRoute), min_size=1, unique=True).map(tuple))


def checklist_items(id: str | None = None) -> st.SearchStrategy[ChecklistItem]:
    """One checklist item, for every route or for some."""
    return st.builds(
        ChecklistItem,
        id=st.just(id) if id else record_ids(),
        title=_words(),
        text=_paragraphs(),
        routes=leaving_routes(),
        source=st.one_of(st.just(""), _words()),
    )


@st.composite
def checklists(draw: st.DrawFn, max_items: int = 8) -> Checklist:
    """A valid checklist: one to ``max_items`` items with distinct ids."""
    ids = draw(st.lists(record_ids(), min_size=1, max_size=max_items, unique=True))
    return Checklist(
        id=draw(record_ids()),
        title=draw(_words()),
        version=draw(_words(12)),
        introduction=draw(_paragraphs()),
        items=tuple(draw(checklist_items(item_id)) for item_id in ids),
    )
