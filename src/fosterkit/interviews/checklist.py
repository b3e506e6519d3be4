"""The checklist for leaving carers: what to do, or keep doing, after fostering with a service ends.

A :class:`Checklist` is data a service can edit (the built-in one is in our own words; see
``docs/checklist.md``). Each item says which leaving routes it applies to, so a carer who
transfers to another service is not told to end their self-employment. A checklist is rendered
as plain text for a letter or as Markdown. Which checklist was sent, and when, is recorded by
its ``id`` and ``version``.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError
from fosterkit.records import Departure, LeavingRoute

__all__ = ["LETTER_WIDTH", "Checklist", "ChecklistItem", "render_checklist"]

#: Columns the plain-text form is wrapped at.
LETTER_WIDTH = 78

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


@frozen(kw_only=True)
class ChecklistItem:
    """One thing a leaving carer has to do or keep doing, in plain words.

    ``routes`` are the leaving routes the item applies to; empty means every route.
    ``source`` says where the fact comes from, and whether it is confirmed.
    """

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    text: str = field(validator=v.text)
    """What to do. Paragraphs are separated by a blank line."""
    routes: tuple[LeavingRoute, ...] = field(
        default=(), validator=[*v.tuple_of(LeavingRoute), v.distinct_items]
    )
    source: str = field(default="", validator=v.optional_text)

    def applies_to(self, route: LeavingRoute) -> bool:
        """Whether the item applies to a carer leaving by ``route``."""
        return not self.routes or route in self.routes


def _items(_instance: object, _attribute: object, value: tuple[ChecklistItem, ...]) -> None:
    if not value:
        raise FieldError("items", "a checklist has at least one item")
    repeated = v.repeats([item.id for item in value])
    if repeated:
        index, item_id, count = repeated[0]
        raise FieldError(f"items[{index}].id", f"item id {item_id!r} is used {count} times")


@frozen(kw_only=True)
class Checklist:
    """What a leaving carer has to do or keep doing, as editable data.

    ``id`` and ``version`` identify the exact text a carer was sent.
    """

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    version: str = field(validator=v.text)
    introduction: str = field(validator=v.text)
    """Opening words of the letter. Paragraphs are separated by a blank line."""
    items: tuple[ChecklistItem, ...] = field(validator=[*v.tuple_of(ChecklistItem), _items])

    def item(self, item_id: str) -> ChecklistItem:
        """The item with id ``item_id``; :class:`KeyError` if there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"no checklist item {item_id!r}")

    def for_route(self, route: LeavingRoute) -> tuple[ChecklistItem, ...]:
        """The items that apply to a carer leaving by ``route``, in the checklist's order."""
        if not isinstance(route, LeavingRoute):
            raise FieldError("route", f"expected a LeavingRoute, got {route!r}")
        return tuple(item for item in self.items if item.applies_to(route))

    def for_departure(self, departure: Departure) -> tuple[ChecklistItem, ...]:
        """The items that apply to ``departure`` (by its route), in the checklist's order."""
        return self.for_route(departure.route)


def _paragraphs(text: str) -> Iterator[str]:
    """Each paragraph of ``text`` on one line, its whitespace collapsed; blank ones dropped."""
    for paragraph in _PARAGRAPH_BREAK.split(text):
        words = paragraph.split()
        if words:
            yield " ".join(words)


def _fill(text: str, indent: str = "", first: str | None = None) -> list[str]:
    lines: list[str] = []
    for paragraph in _paragraphs(text):
        if lines:
            lines.append("")
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=LETTER_WIDTH,
                initial_indent=indent if first is None or lines else first,
                subsequent_indent=indent,
            )
        )
    return lines


def _plain(checklist: Checklist, items: tuple[ChecklistItem, ...], service: str | None) -> list[str]:
    title = _fill(checklist.title)
    lines = [*title, "=" * max(len(line) for line in title)]
    if service is not None:
        lines += _fill(service)
    lines += ["", *_fill(checklist.introduction)]
    width = len(str(len(items)))
    for number, item in enumerate(items, start=1):
        marker = f"{number:>{width}}. "
        indent = " " * len(marker)
        lines += ["", *_fill(item.title, indent, first=marker), *_fill(item.text, indent)]
    lines += ["", *_fill(f"Checklist {checklist.id}, version {checklist.version}.")]
    return lines


def _markdown(checklist: Checklist, items: tuple[ChecklistItem, ...], service: str | None) -> list[str]:
    lines = [f"# {' '.join(checklist.title.split())}"]
    if service is not None:
        lines += ["", f"*{' '.join(service.split())}*"]
    for paragraph in _paragraphs(checklist.introduction):
        lines += ["", paragraph]
    for number, item in enumerate(items, start=1):
        marker = f"{number}. "
        indent = " " * len(marker)
        lines += ["", f"{marker}**{' '.join(item.title.split())}**"]
        for paragraph in _paragraphs(item.text):
            lines += ["", f"{indent}{paragraph}"]
    lines += ["", f"*Checklist `{checklist.id}`, version {' '.join(checklist.version.split())}.*"]
    return lines


def render_checklist(
    checklist: Checklist,
    route: LeavingRoute | None = None,
    *,
    markdown: bool = False,
    service: str | None = None,
) -> str:
    """The checklist ready for a letter: plain text wrapped at 78 columns, or Markdown.

    With ``route``, only the items for that leaving route are included, numbered from 1.
    ``service`` (the service's name) appears under the title. The output ends with the
    checklist's id and version, and is the same every time for the same input.
    """
    if service is not None and not service.strip():
        raise FieldError("service", "must not be empty")
    items = checklist.items if route is None else checklist.for_route(route)
    lines = (_markdown if markdown else _plain)(checklist, items, service)
    return "\n".join(lines)
