"""Cross-links: where an element of one framework speaks to the same thing as one in another."""

from __future__ import annotations

from attrs import field, frozen

from fosterkit._util import validators as v

__all__ = ["CrossLink", "ElementRef", "parse_ref"]


@frozen(kw_only=True, order=True)
class ElementRef:
    """An element (principle, recommendation or theme) of a pack, written ``pack:id``."""

    pack: str = field(validator=v.identifier)
    id: str = field(validator=v.identifier)

    def __str__(self) -> str:
        return f"{self.pack}:{self.id}"


def parse_ref(text: str, *, pack: str | None = None) -> ElementRef:
    """Read ``"pack:id"``, or a bare ``"id"`` in ``pack``; ``ValueError`` saying what is wrong."""
    pack_id, sep, element = text.strip().rpartition(":")
    if not sep:
        if pack is None:
            raise ValueError(f"{text!r} names no pack; write it as pack:id (practice-guide-2026:KP3)")
        pack_id = pack
    try:
        return ElementRef(pack=pack_id, id=element)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{text!r} is not an element reference: {err}") from None


@frozen(kw_only=True)
class CrossLink:
    """A link, held in one pack, from one of its elements to an element of another pack.

    ``topic`` says in a few words what the two share ("structured peer support"). A link is
    declared once, in either pack, and :class:`~fosterkit.framework.PackSet` answers it both ways.
    """

    element: str = field(validator=v.identifier)
    """The id of the principle, recommendation or theme in the pack that holds the link."""
    pack: str = field(validator=v.identifier)
    """The id of the other pack."""
    target: str = field(validator=v.identifier)
    """The id of the element in the other pack."""
    topic: str = field(validator=v.text)
