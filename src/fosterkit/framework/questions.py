"""Sections of the Reflective Tool and their reflective questions, with tags.

A question's tags say which key principles and recommendations it bears on. Besides their ids,
three special tags exist: ``ALL`` (every principle and recommendation), ``ALL RECS`` (every
recommendation) and ``EDIE`` (an equality, diversity, inclusion and equity prompt, which adds
no principle or recommendation of its own).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.framework.cycle import Lens, Step

__all__ = ["ALL", "ALL_RECS", "EDIE", "SPECIAL_TAGS", "ReflectiveQuestion", "Section", "reached_by"]

ALL: Final = "ALL"
ALL_RECS: Final = "ALL RECS"
EDIE: Final = "EDIE"
SPECIAL_TAGS: Final = (ALL, ALL_RECS, EDIE)


def reached_by(tags: Iterable[str], principles: Iterable[str], recommendations: Iterable[str]) -> set[str]:
    """The principle and recommendation ids that ``tags`` reach.

    ``ALL`` reaches every principle and recommendation, ``ALL RECS`` every recommendation,
    ``EDIE`` nothing, and any other tag itself (known or not).
    """
    principle_ids, rec_ids = set(principles), set(recommendations)
    reached: set[str] = set()
    for tag in tags:
        if tag == ALL:
            reached |= principle_ids | rec_ids
        elif tag == ALL_RECS:
            reached |= rec_ids
        elif tag != EDIE:
            reached.add(tag)
    return reached


@frozen(kw_only=True)
class Section:
    """A titled group of questions within one step."""

    id: str = field(validator=v.identifier)
    step: Step = field(validator=v.instance_of(Step))
    title: str = field(validator=v.text)
    summary: str = field(default="", validator=v.optional_text)


@frozen(kw_only=True)
class ReflectiveQuestion:
    """A reflective question or prompt.

    ``lens`` is ``None`` where the source gives the question no strategic or practice lens
    (the Plan, Do and Review prompts, the data and EDIE boxes); ``tags`` is empty where the
    source tags it with nothing.
    """

    id: str = field(validator=v.identifier)
    step: Step = field(validator=v.instance_of(Step))
    section: str = field(validator=v.identifier)
    text: str = field(validator=v.text)
    lens: Lens | None = field(default=None, validator=v.instance_of((Lens, type(None))))
    tags: tuple[str, ...] = field(
        default=(), validator=[v.instance_of(tuple), v.items(v.text), v.distinct_items]
    )
