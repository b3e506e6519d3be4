"""The installed packs taken together, with their cross-links answered both ways.

Each pack holds the links it declares (:class:`~fosterkit.framework.CrossLink`). A
:class:`PackSet` resolves them against the other packs: a link from stocktake 3.7 to the
Practice Guide's KP3 is found from either end. A link whose pack is not installed, or whose
element that pack does not have, is kept in :attr:`PackSet.dangling` with the reason, never
dropped silently, and is left out of the answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import field, frozen

from fosterkit.framework.catalogue import Catalogue
from fosterkit.framework.links import CrossLink, ElementRef

__all__ = ["DanglingLink", "Link", "PackSet"]


@frozen(kw_only=True, order=True)
class Link:
    """A cross-link seen from one end: ``here`` is the element asked about, ``there`` the other."""

    here: ElementRef
    there: ElementRef
    topic: str
    declared_in: str
    """The id of the pack whose data holds the link."""


@frozen(kw_only=True)
class DanglingLink:
    """A declared link that cannot be followed, and why."""

    declared_in: str
    link: CrossLink
    reason: str

    def describe(self) -> str:
        """One line naming the link and the reason."""
        link = self.link
        return f"{self.declared_in}:{link.element} -> {link.pack}:{link.target}: {self.reason}"


def _resolve(packs: Mapping[str, Catalogue]) -> tuple[tuple[Link, ...], tuple[DanglingLink, ...]]:
    resolved: list[Link] = []
    dangling: list[DanglingLink] = []
    for pack_id, catalogue in packs.items():
        for link in catalogue.links:
            other = packs.get(link.pack)
            if other is None:
                dangling.append(
                    DanglingLink(
                        declared_in=pack_id, link=link, reason=f"pack {link.pack!r} is not installed"
                    )
                )
                continue
            if link.target not in other.element_ids:
                reason = f"pack {link.pack!r} (version {other.pack.version}) has no element {link.target!r}"
                dangling.append(DanglingLink(declared_in=pack_id, link=link, reason=reason))
                continue
            here = ElementRef(pack=pack_id, id=link.element)
            there = ElementRef(pack=link.pack, id=link.target)
            resolved.append(Link(here=here, there=there, topic=link.topic, declared_in=pack_id))
            resolved.append(Link(here=there, there=here, topic=link.topic, declared_in=pack_id))
    return tuple(resolved), tuple(dangling)


def _sorted_packs(packs: Mapping[str, Catalogue]) -> dict[str, Catalogue]:
    return dict(sorted(packs.items()))


def _providers(providers: Mapping[str, str]) -> dict[str, str]:
    return dict(providers)


@frozen
class PackSet:
    """Catalogue packs by id (built-in and contributed by plugins), with cross-links both ways.

    ``providers`` says where each pack came from (``"fosterkit"`` for the built-in ones, or the
    plugin's name).
    """

    packs: Mapping[str, Catalogue] = field(converter=_sorted_packs)
    providers: Mapping[str, str] = field(factory=dict, converter=_providers)
    _links: tuple[Link, ...] = field(init=False, repr=False, eq=False)
    dangling: tuple[DanglingLink, ...] = field(init=False, eq=False)
    """Links that cannot be followed, with the reason for each."""

    def __attrs_post_init__(self) -> None:
        for pack_id, catalogue in self.packs.items():
            if catalogue.pack.id != pack_id:
                raise ValueError(f"pack {catalogue.pack.id!r} is filed under the id {pack_id!r}")
        links, dangling = _resolve(self.packs)
        object.__setattr__(self, "_links", tuple(sorted(set(links))))
        object.__setattr__(self, "dangling", dangling)

    @classmethod
    def of(cls, catalogues: Iterable[Catalogue]) -> PackSet:
        """A set of the given packs (their ids must differ)."""
        packs: dict[str, Catalogue] = {}
        for catalogue in catalogues:
            if catalogue.pack.id in packs:
                raise ValueError(f"pack {catalogue.pack.id!r} is given twice")
            packs[catalogue.pack.id] = catalogue
        return cls(packs)

    def get(self, pack_id: str) -> Catalogue:
        """The pack with this id; ``KeyError`` naming the installed packs if there is none."""
        try:
            return self.packs[pack_id]
        except KeyError:
            raise KeyError(
                f"no pack {pack_id!r} is installed; installed: {', '.join(self.packs) or 'none'}"
            ) from None

    def title(self, ref: ElementRef) -> str:
        """The title of the element ``ref`` points at."""
        return self.get(ref.pack).element(ref.id).title

    def links(self, pack: str, element: str | None = None, *, to_pack: str | None = None) -> tuple[Link, ...]:
        """The links of ``element`` of ``pack`` (of all its elements when ``element`` is None), both ways.

        Each :class:`Link` is seen from the element asked about, whichever pack declared it.
        ``to_pack`` keeps only links into that pack. Raises ``KeyError`` for an unknown pack or
        element.
        """
        catalogue = self.get(pack)
        if element is not None:
            catalogue.element(element)
        return tuple(
            link
            for link in self._links
            if link.here.pack == pack
            and (element is None or link.here.id == element)
            and (to_pack is None or link.there.pack == to_pack)
        )

    def all_links(self) -> tuple[Link, ...]:
        """Every resolved link, once, as declared (``here`` is the declaring pack's element)."""
        return tuple(link for link in self._links if link.here.pack == link.declared_in)
