"""What a service's own reason codes mean in the taxonomy, as far as their words honestly say.

A local code is matched, in turn, by:

1. being a taxonomy code or alias (case aside);
2. its meaning, the file's own label for it (from a column beside the codes) or else the code
   itself with a well-known initialism spelled out (``SGO``: special guardianship order),
   matching a reason's label, alias or last code part: word for word, or with the telling words
   of one held in the other ("Ill health" holds "Health"; "Allegation" is held in "An allegation
   against the household");
3. a short code (three to six letters, no digits) being the start or the consonants of the
   first word of exactly one reason's label or alias (``RET``: Retirement, ``TRF``: Transfer,
   ``HLTH``: Health), or the start of its words' initials (``SSW``: Supervising social worker).

A meaning several unrelated reasons share ("Family reasons") is never settled: it is left for a
person with the candidates named (for a short code nothing settles, the reasons whose label
starts with its first three letters: ``RETD``, perhaps ``personal.retirement``). When the
candidates lie on one line of the hierarchy (a theme and one of its reasons), the closest is taken.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from attrs import frozen

from fosterkit.errors import UnknownCodeError
from fosterkit.imports.draft.words import content_words, same_word, words
from fosterkit.reasons import Reason, Taxonomy

__all__ = ["CodeMeaning", "reason_meaning"]

#: Initialisms every English fostering service uses, spelled out to be matched as words.
_INITIALISMS: Mapping[str, str] = {
    "sgo": "special guardianship order",
    "cao": "child arrangements order",
    "ifa": "independent fostering agency",
    "la": "local authority",
    "ssw": "supervising social worker",
    "sw": "social worker",
    "ff": "family and friends",
    "f&f": "family and friends",
}
#: How many telling words a local label may add to a reason's ("Not enough support" to "Support").
_MOST_ADDED = 2
#: The shortest code read as the start or consonants of a word.
_SHORTEST_ABBREVIATION = 3
#: Words passed over before a label's first word: articles, and the field's own word.
_LEADING = frozenset({"a", "an", "the", "reason", "reasons"})


@frozen
class CodeMeaning:
    """What the draft makes of one local code: the taxonomy code it means, or the candidates."""

    code: str | None
    """The taxonomy code, when the code's words settle it."""
    candidates: tuple[str, ...] = ()
    """When they do not: the codes it might mean (none when nothing comes near)."""


def _names(reason: Reason) -> tuple[str, ...]:
    """What a reason is called: its label, its aliases, and the last part of its code as words."""
    return (reason.label, *reason.aliases, reason.code.rpartition(".")[2].replace("_", " "))


def _held(inner: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    return all(any(same_word(word, other) for other in outer) for word in inner)


def _distance(local: tuple[str, ...], name: tuple[str, ...]) -> int | None:
    """How far a label's telling words are from a reason name's: ``None`` when neither holds the other."""
    if not local or not name:
        return None
    if _held(local, name):
        return len(name) - len(local)
    if _held(name, local) and len(local) - len(name) <= _MOST_ADDED:
        return len(local) - len(name)
    return None


def _one_line(codes: list[str]) -> bool:
    """Whether the codes lie on one line of the hierarchy (each an ancestor of the next)."""
    ordered = sorted(codes, key=len)
    return all(later.startswith(f"{earlier}.") for earlier, later in itertools.pairwise(ordered))


def _settle(found: dict[str, int]) -> CodeMeaning:
    """The closest candidate when they lie on one line and one is closest; else the candidates."""
    if not found:
        return CodeMeaning(None)
    ranked = sorted(found, key=lambda code: (found[code], len(code)))
    closest = [code for code in ranked if found[code] == found[ranked[0]]]
    if _one_line(ranked) and len(closest) == 1:
        return CodeMeaning(closest[0])
    return CodeMeaning(None, tuple(ranked[:3]))


def _by_words(text: str, live: tuple[Reason, ...]) -> CodeMeaning:
    """The reason whose label, alias or code part says what ``text`` says."""
    wanted = " ".join(words(text))
    exact = {r.code for r in live for name in _names(r) if " ".join(words(name)) == wanted}
    if len(exact) == 1:
        return CodeMeaning(exact.pop())
    local = content_words(text)
    found: dict[str, int] = {}
    for reason in live:
        distances = [d for name in _names(reason) if (d := _distance(local, content_words(name))) is not None]
        if distances:
            found[reason.code] = min(distances)
    return _settle(found)


def _initials(name: tuple[str, ...]) -> str:
    return "".join(word[0] for word in name)


def _abbreviates(code: str, name: str) -> bool:
    """Whether ``code`` is the start or the consonants of the name's first word, or its initials' start.

    Articles and the word "reason" before the first word are passed over.
    """
    spoken = list(words(name))
    while spoken and spoken[0] in _LEADING:
        spoken.pop(0)
    if not spoken:
        return False
    if len(code) < _SHORTEST_ABBREVIATION:
        return False
    first = spoken[0]
    consonants = first[0] == code[0] and not set(code[1:]) & set("aeiou")
    if first.startswith(code) or (
        consonants and re.fullmatch(".*?".join(map(re.escape, code)) + ".*", first)
    ):
        return True
    return _initials(tuple(spoken)).startswith(code)


def _by_abbreviation(code: str, live: tuple[Reason, ...]) -> CodeMeaning:
    """The reason a short code abbreviates, when it is one and only one line of the hierarchy."""
    found = {r.code: 0 for r in live for name in (r.label, *r.aliases) if _abbreviates(code, name)}
    if not found:
        return CodeMeaning(None)
    if _one_line(list(found)):
        return CodeMeaning(min(found, key=len))  # the broader: a theme claims less than one reason
    return CodeMeaning(None, tuple(sorted(found))[:3])


def _known(taxonomy: Taxonomy, text: str) -> str | None:
    try:
        return taxonomy.get(text).code
    except UnknownCodeError:
        same = [code for code in taxonomy.codes if code.casefold() == text.casefold()]
        return same[0] if len(same) == 1 else None


def reason_meaning(value: str, taxonomy: Taxonomy, label: str = "") -> CodeMeaning:
    """The taxonomy code a file's own reason ``value`` means (``label``: the file's meaning of it)."""
    known = _known(taxonomy, value)
    if known is not None:
        return CodeMeaning(known)
    live = tuple(r for r in taxonomy.reasons if r.is_live)
    key = value.strip().casefold()
    short = re.fullmatch(r"[a-z&]{2,6}", key) is not None
    text = label or " ".join(_INITIALISMS.get(word, word) for word in words(value))
    meaning = _by_words(text, live)
    if meaning.code is None and not label and short and key not in _INITIALISMS:
        by_letters = _by_abbreviation(key, live)
        if by_letters.code is not None or by_letters.candidates:
            return by_letters
    if meaning.code is None and not meaning.candidates and label:
        return _by_words(value, live)
    if meaning.code is None and not meaning.candidates and short:
        return CodeMeaning(None, _starting(key[:_SHORTEST_ABBREVIATION], live))
    return meaning


def _starting(start: str, live: tuple[Reason, ...]) -> tuple[str, ...]:
    """Codes whose label's first word starts like ``start``: suggestions only, never taken."""
    found = []
    for reason in live:
        spoken = [w for w in words(reason.label) if w not in _LEADING]
        if spoken and spoken[0].startswith(start):
            found.append(reason.code)
    return tuple(found[:3])
