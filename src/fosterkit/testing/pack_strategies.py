"""Hypothesis strategies for packs of themed recommendations, cross-links and response trackers."""

from __future__ import annotations

from hypothesis import strategies as st

from fosterkit.framework import Catalogue, CrossLink, PackInfo, Recommendation, Theme
from fosterkit.testing._common import unicode_text
from fosterkit.tracker import ResponseStatus, ResponseTracker, TrackerEntry

__all__ = [
    "TYPED",
    "cross_links",
    "recommendation_packs",
    "response_statuses",
    "response_trackers",
    "themes",
    "tracker_entries",
    "typed_texts",
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


#: Text people type into cells that trips up spreadsheets and CSV: formulas, quotes, line ends.
TYPED = (
    "=1+1",
    "=SUM(A1:A9)",
    "@SUM(A1)",
    "+x",
    "-y",
    "'quoted",
    "\uff1dfull-width equals",
    "line one\nline two",
    "a\r\nb",
    "a lone\rcarriage return",
    'a "quoted", with a comma',
    "_x000D_ as typed",
    "Gwynedd \u2014 Ll\u0177r, 12 \u00a3",
    "control\x01\x1b characters",
    "\tTabbed",
    "  spaces either side  ",
)


def typed_texts(*, nul: bool = True, max_size: int = 40) -> st.SearchStrategy[str]:
    """What a person types into a cell: empty, any Unicode, or one of :data:`TYPED`.

    ``nul=False`` leaves out the NUL character, which a CSV file cannot carry.
    """
    typed = unicode_text(min_size=1, max_size=max_size)
    if not nul:
        typed = typed.filter(lambda text: "\0" not in text)
    return st.one_of(st.just(""), st.sampled_from(TYPED), typed)


def tracker_entries(
    recommendation: str, *, texts: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[TrackerEntry]:
    """A response to ``recommendation``, its text from ``texts`` (default :func:`typed_texts`)."""
    words = texts if texts is not None else typed_texts()
    return st.builds(
        TrackerEntry,
        recommendation=st.just(recommendation),
        status=response_statuses(),
        response=words,
        action=words,
        owner=words,
        evidence=words,
        due=st.none() | st.dates(),
        updated=st.none() | st.dates(),
    )


@st.composite
def response_trackers(
    draw: st.DrawFn, catalogue: Catalogue, *, texts: st.SearchStrategy[str] | None = None
) -> ResponseTracker:
    """A filled-in tracker for ``catalogue``: one entry per recommendation, in order.

    The pack version is the catalogue's or an older or odd one, as a tracker kept for years has.
    """
    words = texts if texts is not None else typed_texts()
    return ResponseTracker(
        pack=catalogue.pack.id,
        pack_version=draw(st.sampled_from((catalogue.pack.version, "2017.9", "=2"))),
        service=draw(words.filter(str.strip)),
        entries=tuple(draw(tracker_entries(rec.id, texts=words)) for rec in catalogue.recommendations),
    )
