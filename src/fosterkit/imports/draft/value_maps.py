"""Guessing what a field's column needs besides its name: a value map for its codes, a split, date forms.

A choice field's local codes are guessed from a small table of local words ("RES" is a
resignation, "IFA" an independent agency), then from the choices' own spelling and words
("Terminated - standards of care"); a reason code is read by :mod:`~.reason_codes`, from its
label where the file has a column of them, and one whose meaning is not clear is left TODO with
the closest codes suggested. A guess that is not clear is never made: it is left TODO for a person.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Mapping

from fosterkit.errors import UnknownCodeError
from fosterkit.imports.draft.cells import DATE_ORDER, US_DATES, reads
from fosterkit.imports.draft.fields import Guess
from fosterkit.imports.draft.profile import DISTINCT_KEPT, SEPARATORS, ColumnProfile, pieces
from fosterkit.imports.draft.reason_codes import reason_meaning
from fosterkit.imports.draft.toml_text import shown_string, toml_key, toml_string
from fosterkit.imports.draft.words import content_words, same_word
from fosterkit.imports.mapping import DEFAULT_DATE_FORMATS, TODO
from fosterkit.imports.values import BadValue, ValueKind, normalise, value_reader
from fosterkit.reasons import Taxonomy
from fosterkit.records import LeavingRoute

__all__ = ["fill", "initiator_hint"]

_MIXED = "the cells separate values in more than one way; use one separator throughout the file"
_ROUTE = value_reader(ValueKind.ENUM, choices=LeavingRoute)

#: Local words for choices, by the choice's value (used only where the field offers that value).
_CHOICE_WORDS: dict[str, tuple[str, ...]] = {
    "resignation": ("res", "resigned", "resign"),
    "retirement": ("ret", "retired", "retire"),
    "transfer": ("trf", "tfr", "trans", "transferred"),
    "carer": ("foster carer", "fc", "carers", "household"),
    "service": ("la", "local authority", "agency", "council", "fostering service"),
    "local_authority": ("la", "council", "another la", "other la"),
    "independent_agency": ("ifa", "independent", "agency", "independent fostering agency"),
    "connected_person": ("connected", "kinship", "family and friends", "family & friends", "f&f"),
    "mainstream": ("general", "unrelated"),
    "short_term": ("st",),
    "long_term": ("lt", "permanent"),
    "short_breaks": ("sb", "respite", "short break"),
    "parent_and_child": ("p&c", "pac", "parent & child", "parent and baby"),
    "fostering_for_adoption": ("ffa", "f4a"),
    "emergency": ("emerg",),
    "yes": ("y",),
    "no": ("n",),
    "not_sure": ("unsure", "not sure", "don't know", "dont know", "dk"),
    "exit_stage_1": ("stage 1", "first", "1"),
    "exit_stage_2": ("stage 2", "second", "2"),
}


def _guess_choice(text: str, choices: type[enum.Enum]) -> str | None:
    """A choice for a local code ("RES" -> "resignation"), or ``None`` when it is not clear."""
    values = [str(m.value) for m in choices]
    plain = {v: normalise(v.replace("_", " ")) for v in values}
    key = normalise(text.replace("_", " ").replace("-", " "))
    for value in values:
        if key in {normalise(w) for w in _CHOICE_WORDS.get(value, ())}:
            return value
    squeezed = key.replace(" ", "")
    prefixed = [v for v in values if plain[v].replace(" ", "").startswith(squeezed)]
    if len(prefixed) == 1:
        return prefixed[0]
    close = difflib.get_close_matches(key, list(plain.values()), n=2, cutoff=0.8)
    if len(close) == 1:
        return next(v for v in values if plain[v] == close[0])
    pattern = re.compile(".*?".join(map(re.escape, squeezed)))
    initial = [v for v in values if squeezed and pattern.match(plain[v])]
    if len(initial) == 1 and len(squeezed) >= 2:
        return initial[0]
    return _by_words(text, values)


def _by_words(text: str, values: list[str]) -> str | None:
    """The one choice sharing most of the text's telling words ("Terminated - standards of care").

    The words shared must be at least half the text's, and two unless the choice is one word:
    "Other" alone does not make a ``termination_other``.
    """
    local = content_words(text)
    spelt = {value: content_words(value.replace("_", " ")) for value in values}
    counts = {value: sum(any(same_word(w, c) for c in spelt[value]) for w in local) for value in values}
    best = max(counts.values(), default=0)
    winners = [value for value, count in counts.items() if count == best]
    if not best or len(winners) != 1 or 2 * best < len(local):
        return None
    return winners[0] if best >= min(2, len(spelt[winners[0]])) else None


def _choice_values(guess: Guess, found: list[str]) -> None:
    choices = guess.slot.choices
    assert choices is not None
    reader = value_reader(ValueKind.ENUM, choices=choices)
    allowed = ", ".join(str(m.value) for m in choices)
    for piece in found:
        if reads(reader, piece):
            continue
        mixed = any(s in piece for s in SEPARATORS)
        choice = None if mixed else _guess_choice(piece, choices)
        if mixed:
            guess.values.append((piece, TODO, f"TODO: {_MIXED}; or one of {allowed}"))
        elif choice is None:
            guess.values.append((piece, TODO, f"TODO: one of {allowed}"))
        else:
            guess.values.append((piece, choice, ""))


def _reason_values(guess: Guess, found: list[str], taxonomy: Taxonomy, labels: Mapping[str, str]) -> None:
    """The value map of a reason field: each value not a code as it is, read by its words or left TODO."""
    for piece in found:
        if _known(taxonomy, piece):
            continue
        label = labels.get(normalise(piece), "")
        meaning = reason_meaning(piece, taxonomy, label)
        if meaning.code is not None:
            if meaning.code != piece:
                guess.values.append((piece, meaning.code, _reading(piece, label, meaning.code, taxonomy)))
            continue
        suggested = meaning.candidates or taxonomy.suggest(label or piece, 3)
        if any(s in piece for s in SEPARATORS):
            comment = f"TODO: {_MIXED}"
        elif suggested:
            comment = "TODO: perhaps " + ", ".join(suggested)
        else:
            comment = "TODO: no close code in the taxonomy; choose one"
        if label:
            comment += f" (its label: {shown_string(label)})"
        guess.values.append((piece, TODO, comment))


def _known(taxonomy: Taxonomy, text: str) -> bool:
    try:
        taxonomy.get(text)
    except UnknownCodeError:
        return False
    return True


def _reading(piece: str, label: str, code: str, taxonomy: Taxonomy) -> str:
    """The comment on a reason code read from words: what it was read as, to check."""
    if label:
        return f"check: its label is {shown_string(label)}"
    named = taxonomy.get(code).label
    if normalise(piece) in (normalise(code), normalise(named)):
        return ""
    return f"check: read as {shown_string(named)}"


def _fill_dates(guess: Guess, profiles: list[ColumnProfile]) -> None:
    """The date forms a date field needs beyond the default ones, and the values no form reads."""
    needed = {form for p in profiles for form in p.date_forms}
    if not needed <= set(DEFAULT_DATE_FORMATS):
        guess.dates = tuple(f for f in DATE_ORDER if f in needed)
    if US_DATES in needed:
        guess.above.append(f"{guess.slot.path}: the dates look month first (as 12/31/2024); check them")
    unread = [v for p in profiles for v in p.unread_dates][:3]
    if unread:
        guess.after.append("not read as dates: " + ", ".join(map(shown_string, unread)))


def _fill_values(
    guess: Guess, profiles: list[ColumnProfile], taxonomy: Taxonomy, labels: Mapping[str, str]
) -> None:
    """The value map of a choice or reason field: each value of its columns not already read as it is."""
    found: dict[str, str] = {}
    for profile in profiles:
        for piece in pieces(profile, guess.split):
            found.setdefault(normalise(piece), piece)
    guess.seen = list(found.values())
    if guess.slot.value is ValueKind.ENUM:
        _choice_values(guess, list(found.values()))
    else:
        _reason_values(guess, list(found.values()), taxonomy, labels)
    if any(p.more_distinct for p in profiles):
        guess.above.append(
            f"{guess.slot.path}: the sample has more than {DISTINCT_KEPT} values; only those are listed"
        )


def fill(
    guess: Guess, profiles: list[ColumnProfile], taxonomy: Taxonomy, labels: Mapping[str, str] | None = None
) -> None:
    """The split, date forms and value map a guessed field needs, from its columns' profiles.

    ``labels`` are the file's own labels for its reason codes, by code (normalised).
    """
    slot = guess.slot
    if slot.many:
        guess.split = next((p.separator for p in profiles if p.separator), "")
    if slot.value is ValueKind.DATE:
        _fill_dates(guess, profiles)
    if slot.value in (ValueKind.ENUM, ValueKind.REASON):
        _fill_values(guess, profiles, taxonomy, labels or {})
    blank = max((p.blank for p in profiles if p.rows), default=0.0)
    if slot.needed and not slot.item and blank and len(profiles) == 1:
        guess.after.append(
            f"blank in {round(blank * profiles[0].rows)} of {profiles[0].rows} sampled rows: "
            "those rows will be rejected unless a default is given"
        )


def initiator_hint(path: str, route: Guess | None) -> list[str]:
    """A commented suggestion reading initiated_by from the route column, where one was found."""
    if route is None or len(route.columns) != 1:
        return []
    mapped = {k: t for k, t, _ in route.values}
    entries = []
    for value in route.seen[:12]:
        target = mapped.get(value, value)
        try:
            ended = _route_ended_by_service(target)
        except ValueError:
            who = TODO
        else:
            who = "service" if ended else "carer"
        entries.append(f"{shown_string(value)} = {toml_string(who)}")
    if not entries:
        return []
    column = toml_string(route.columns[0])
    return [
        "or read it from the route column:",
        f"{toml_key(path)} = {{ column = {column}, values = {{ {', '.join(entries)} }} }}",
    ]


def _route_ended_by_service(value: str) -> bool:
    try:
        route = _ROUTE(value)
    except BadValue:
        raise ValueError(value) from None
    return LeavingRoute(route).ended_by_service
