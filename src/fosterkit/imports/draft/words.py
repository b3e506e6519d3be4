"""Comparing the words of a local label with fosterkit's: the words that carry meaning, and when two are one.

"Ill health" and "Health", "Retired" and "Retirement", "Adopted child" and "Adoption by the
carer" share their telling words; "the", "of", "carer" and "child" tell nothing in a fostering
service's labels and are left out. Two words are the same when equal, or when they share a long
start and differ only in their endings (``retired``, ``retirement``).
"""

from __future__ import annotations

import re

__all__ = ["content_words", "same_word", "words"]

#: Words that carry no meaning of their own in a fostering service's labels.
_EMPTY = frozenset(
    {
        "a", "an", "the", "of", "to", "and", "or", "on", "by", "for", "in", "with", "from", "at", "s",
        "carer", "carers", "foster", "fostering", "child", "service", "household", "another", "reason",
        "reasons",
    }
)  # fmt: skip
#: The shortest shared start that makes two different words one.
_SHARED_START = 5


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``, case-folded, punctuation aside."""
    return tuple(re.findall(r"[^\W_]+", text.casefold().replace("&", " and ")))


def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that carry meaning, in order, each once."""
    return tuple(dict.fromkeys(w for w in words(text) if w not in _EMPTY))


def same_word(one: str, other: str) -> bool:
    """Whether two words are one: equal, or sharing all but their endings (``retired``, ``retirement``)."""
    if one == other:
        return True
    shared = len(_common_start(one, other))
    return shared >= max(_SHARED_START, min(len(one), len(other)) - 2)


def _common_start(one: str, other: str) -> str:
    end = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        end += 1
    return one[:end]
