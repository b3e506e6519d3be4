"""Hypothesis strategies for packs of themed recommendations, cross-links and response trackers."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from fosterkit.framework import Catalogue, CrossLink, PackInfo, Recommendation, Theme
from fosterkit.testing._common import unicode_text
from fosterkit.testing.audit_strategies import cell_texts
from fosterkit.tracker import ResponseStatus, ResponseTracker, TrackerEntry

__all__ = [
    "cross_links",
    "recommendation_packs",
    "response_statuses",
    "response_trackers",
    "themes",
    "tracker_entries",
]


def _ids() -> st.SearchStrategy[str]:
    from fosterkit.testing.strategies import identifiers

    return identifiers()


def _texts(max_size: int = 80) -> st.SearchStrategy[str]:
    return unicode_text(min_size=1, max_size=max_size, blank=False)


def themes(id: str | None = None) -> st.SearchStrategy[Theme]:
    """A theme grouping recommendations."""
    return st.builds(
        Theme, id=st.just(id) if id else _ids(), title=_texts(40), summary=st.one_of(st.just(""), _texts())
    )


def cross_links(element: str, pack: str, target: str) -> st.SearchStrategy[CrossLink]:
    """A cross-link from ``element`` to ``pack:target`` with a random topic."""
    return st.builds(
        CrossLink, element=st.just(element), pack=st.just(pack), target=st.just(target), topic=_texts(40)
    )


@st.composite
def recommendation_packs(
    draw: st.DrawFn,
    *,
    links_to: Catalogue | None = None,
    max_themes: int = 5,
    max_recommendations: int = 12,
) -> Catalogue:
    """A pack of ungraded recommendations grouped in themes, like the 2018 stocktake.

    With ``links_to``, some of its elements link to elements of that pack (never to itself).
    """
    n_themes = draw(st.integers(1, max_themes))
    n_recs = draw(st.integers(n_themes, max(n_themes, max_recommendations)))
    ids = draw(st.lists(_ids(), min_size=n_themes + n_recs, max_size=n_themes + n_recs, unique=True))
    theme_ids, rec_ids = ids[:n_themes], ids[n_themes:]
    # every theme gets at least one recommendation, the rest go anywhere
    owners = [
        *theme_ids,
        *draw(st.lists(st.sampled_from(theme_ids), min_size=n_recs - n_themes, max_size=n_recs - n_themes)),
    ]
    recs = tuple(
        Recommendation(id=rec_id, title=draw(_texts(60)), summary=draw(_texts()), theme=theme)
        for rec_id, theme in zip(rec_ids, owners, strict=True)
    )
    pack_id = draw(_ids().filter(lambda i: links_to is None or i != links_to.pack.id))
    links: tuple[CrossLink, ...] = ()
    if links_to is not None and links_to.element_ids:
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from([*rec_ids, *theme_ids]), st.sampled_from(links_to.element_ids)),
                unique=True,
                max_size=8,
            )
        )
        links = tuple(draw(cross_links(here, links_to.pack.id, there)) for here, there in pairs)
    info = PackInfo(id=pack_id, title=draw(_texts(40)), version=draw(_texts(10)), publisher=draw(_texts(30)))
    return Catalogue(
        pack=info,
        themes=tuple(draw(themes(id=i)) for i in theme_ids),
        recommendations=recs,
        links=links,
    )


def response_statuses() -> st.SearchStrategy[ResponseStatus]:
    """Any response status."""
    return st.sampled_from(ResponseStatus)


def _dates() -> st.SearchStrategy[datetime.date | None]:
    return st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)))


def tracker_entries(recommendation: str) -> st.SearchStrategy[TrackerEntry]:
    """A response to ``recommendation``, its text as a person might type it into a cell."""
    return st.builds(
        TrackerEntry,
        recommendation=st.just(recommendation),
        status=response_statuses(),
        response=cell_texts(),
        action=cell_texts(),
        owner=cell_texts(30),
        evidence=cell_texts(),
        due=_dates(),
        updated=_dates(),
    )


@st.composite
def response_trackers(draw: st.DrawFn, catalogue: Catalogue) -> ResponseTracker:
    """A filled-in tracker for ``catalogue``: one entry per recommendation, in order."""
    return ResponseTracker(
        pack=catalogue.pack.id,
        pack_version=catalogue.pack.version,
        service=draw(_texts(40)),
        entries=tuple(draw(tracker_entries(rec.id)) for rec in catalogue.recommendations),
    )
