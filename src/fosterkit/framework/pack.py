"""What a catalogue pack is: its identity, version and the documents it is drawn from."""

from __future__ import annotations

import datetime

from attrs import field, frozen

from fosterkit._util import validators as v

__all__ = ["PackInfo", "SourceDocument"]


@frozen(kw_only=True)
class SourceDocument:
    """A published document a pack's content is drawn from."""

    title: str = field(validator=v.text)
    publisher: str = field(validator=v.text)
    year: int = field(validator=v.instance_of(int))
    url: str = field(default="", validator=v.optional_text)


@frozen(kw_only=True)
class PackInfo:
    """A catalogue pack's identity: id, title, version, who published the framework, sources."""

    id: str = field(validator=v.identifier)
    title: str = field(validator=v.text)
    version: str = field(validator=v.text)
    publisher: str = field(validator=v.text)
    checked: datetime.date | None = field(default=None, validator=v.instance_of((datetime.date, type(None))))
    """When the pack was last checked against its sources."""
    description: str = field(default="", validator=v.optional_text)
    sources: tuple[SourceDocument, ...] = field(default=(), validator=v.tuple_of(SourceDocument))
