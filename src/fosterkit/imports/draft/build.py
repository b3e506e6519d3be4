"""Drafting a mapping: each record kind's fields matched to the source's columns, the rest left TODO."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from fosterkit.imports.draft.fields import FALLBACK, FIXED, HINTS, SAME_AS, Guess, Slot, slots
from fosterkit.imports.draft.header import Column, SourceSample, auto_header, column_cells, read_source
from fosterkit.imports.draft.headings import HeadingSynonyms
from fosterkit.imports.draft.labels import code_labels
from fosterkit.imports.draft.matching import assign
from fosterkit.imports.draft.profile import ColumnProfile, profile_column
from fosterkit.imports.draft.render import KindDraft, render
from fosterkit.imports.draft.result import Draft
from fosterkit.imports.draft.shapes import distinct_share, looks_like_ids
from fosterkit.imports.draft.toml_text import shown_string
from fosterkit.imports.draft.value_maps import fill, initiator_hint
from fosterkit.imports.source import SourceRow
from fosterkit.imports.values import ValueKind, normalise
from fosterkit.reasons import Taxonomy
from fosterkit.serial.kinds import RECORD_KINDS

__all__ = ["draft_mapping"]

#: The share of rows with a reference of their own for it to serve as each row's id too.
_ONE_A_ROW = 0.95
#: ``[source]`` keys the draft writes itself, never taken as a reader's option.
_SOURCE_KEYS = frozenset({"format", "header_row", "ignore", "dates"})


def _check_options(options: Mapping[str, object]) -> None:
    for key, value in options.items():
        if key in _SOURCE_KEYS:
            raise ValueError(f"{key!r} is set by the draft itself, not passed as a reader option")
        if not isinstance(value, (str, int, bool)):
            raise ValueError(f"reader option {key!r} is text, a whole number or true/false, not {value!r}")


def _todo_hints(slot: Slot, same: str | None, by_path: Mapping[str, Guess]) -> list[str]:
    """Comment lines suggesting what a required field left TODO might be."""
    hint = HINTS.get(slot.path) or HINTS.get(slot.name)
    if hint:
        lines = [hint]
    elif same is not None:
        lines = [f"{slot.path}: the same column as {same}"]
    elif slot.choices is not None:
        lines = [f"{slot.path}: one of {', '.join(str(m.value) for m in slot.choices)}"]
    else:
        lines = []
    if slot.name == "initiated_by":
        lines += initiator_hint(slot.path, by_path.get(slot.path.replace("initiated_by", "route")))
    return lines


def _unfound(
    guess: Guess, by_path: Mapping[str, Guess], near: tuple[float, int] | None, source: SourceSample
) -> None:
    """Mark a required field no column was found for as TODO, with hints and the closest column."""
    slot = guess.slot
    same = SAME_AS.get((slot.kind, slot.path))
    guess.todo = True
    guess.after.append("TODO: no column found; name it or give a default")
    guess.above.extend(_todo_hints(slot, same, by_path))
    if near is not None:
        column = source.columns[near[1]].name
        guess.above.append(f"{slot.path}: the closest column is {shown_string(column)}")


def _index(found_slots: list[Slot], path: str) -> int:
    return next((i for i, slot in enumerate(found_slots) if slot.path == path), -1)


def _one_a_row(profile: ColumnProfile) -> bool:
    """Whether a column of references holds a different one in (nearly) every row."""
    return looks_like_ids(profile, own=True) and distinct_share(profile) >= _ONE_A_ROW


def _fall_back(
    kind: str, found_slots: list[Slot], taken: dict[int, list[int]], profiles: list[ColumnProfile]
) -> dict[int, str]:
    """Give a field no column was found for the column of the field it falls back on, if that suits it.

    Returns, by field, the comment saying why it reads that column.
    """
    why: dict[int, str] = {}
    for s, slot in enumerate(found_slots):
        other = FALLBACK.get((kind, slot.path))
        if s in taken or other is None:
            continue
        columns = taken.get(_index(found_slots, other[0]))
        if columns and len(columns) == 1 and _one_a_row(profiles[columns[0]]):
            taken[s] = list(columns)
            why[s] = other[1]
    return why


def _drop_labels(
    found_slots: list[Slot], taken: dict[int, list[int]], source: SourceSample, profiles: list[ColumnProfile]
) -> None:
    """Leave out of a reason field the columns that only spell out its codes ("Reason description")."""
    for s, chosen in taken.items():
        if found_slots[s].value is not ValueKind.REASON or len(chosen) < 2:
            continue
        for c in list(chosen):
            if c in chosen:
                others = [(source.columns[o], profiles[o]) for o in chosen if o != c]
                name = code_labels(source, source.columns[c], others)[0]
                chosen[:] = [o for o in chosen if source.columns[o].name != name]


def _labels(
    guess: Guess, source: SourceSample, chosen: list[int], free: list[tuple[Column, ColumnProfile]]
) -> dict[str, str]:
    """The file's own labels for a reason field's codes, from a column beside them (noted above the field)."""
    if guess.slot.value is not ValueKind.REASON:
        return {}
    labels: dict[str, str] = {}
    for c in chosen:
        name, found = code_labels(source, source.columns[c], free)
        if name:
            guess.above.append(
                f"{guess.slot.path}: the codes' meanings are read from column {shown_string(name)}"
            )
            labels = {**found, **labels}
    return labels


def _found(
    found_slots: list[Slot],
    taken: dict[int, list[int]],
    source: SourceSample,
    profiles: list[ColumnProfile],
    taxonomy: Taxonomy,
) -> dict[int, Guess]:
    """The guess for each field a column was taken for, filled in from its columns' values."""
    used = {c for chosen in taken.values() for c in chosen}
    free = [(column, profiles[c]) for c, column in enumerate(source.columns) if c not in used]
    found: dict[int, Guess] = {}
    for s, chosen in taken.items():
        guess = found[s] = Guess(found_slots[s], columns=[source.columns[c].name for c in chosen])
        fill(guess, [profiles[c] for c in chosen], taxonomy, _labels(guess, source, chosen, free))
    return found


def _draft_kind(
    kind: str,
    source: SourceSample,
    profiles: list[ColumnProfile],
    taxonomy: Taxonomy,
    headings: HeadingSynonyms,
) -> tuple[KindDraft, set[int]]:
    """One record kind's fields as the draft writes them, and the columns they use.

    A field found in a column is filled in from the column's values; one fixed by the record's
    rules, or read from the same column as another, is written so; a required one not found is
    left TODO; an optional one not found is only named.
    """
    found_slots, groups = slots(kind, RECORD_KINDS[kind])
    taken, near = assign(found_slots, source.columns, profiles, taxonomy, headings)
    present = {found_slots[s].item for s in taken if found_slots[s].item}
    fell_back = _fall_back(kind, found_slots, taken, profiles)
    _drop_labels(found_slots, taken, source, profiles)
    found = _found(found_slots, taken, source, profiles, taxonomy)
    for s, why in fell_back.items():
        found[s].after.append(why)
    by_path = {guess.slot.path: guess for guess in found.values()}
    guesses: list[Guess] = []
    left: list[str] = []
    for s, slot in enumerate(found_slots):
        guess = found.get(s) or Guess(slot)
        fixed = FIXED.get((kind, slot.path))
        same = SAME_AS.get((kind, slot.path))
        model = by_path.get(same or "")
        if fixed is not None:
            guess.default = fixed[0]
            guess.after.append(fixed[1])
        elif model is not None:
            guess.columns, guess.dates = list(model.columns), model.dates
            guess.after.append(f"the same column as {same}")
        elif s not in found and slot.needed and (not slot.item or slot.item in present):
            _unfound(guess, by_path, near.get(s), source)
        elif s not in found:
            left.append(slot.path)
            continue
        guesses.append(guess)
    return KindDraft(kind, guesses, [*left, *groups]), {c for chosen in taken.values() for c in chosen}


def _kinds(kinds: Sequence[str]) -> list[str]:
    """The record kinds asked for, each once, checked."""
    wanted = list(dict.fromkeys(kinds))
    if not wanted:
        raise ValueError("name at least one record kind")
    unknown = [k for k in wanted if k not in RECORD_KINDS]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))} is not a record kind ({', '.join(RECORD_KINDS)})")
    return wanted


def _header_row(source: SourceSample, records: list[KindDraft]) -> int:
    """The ``header_row`` the draft writes: 0 when the import would find the header by itself."""
    wanted = {normalise(c) for record in records for g in record.guesses for c in g.columns}
    found_alone = auto_header(source, wanted) == len(source.scanned)
    return source.header_row if source.header_cells and not found_alone else 0


def _date_warnings(records: list[KindDraft]) -> list[str]:
    return [
        f"records.{record.kind}.{guess.slot.path}: {line}"
        for record in records
        for guess in record.guesses
        for line in guess.after
        if line.startswith("not read as dates")
    ]


def draft_mapping(
    rows: Iterable[SourceRow],
    *,
    kinds: Sequence[str],
    taxonomy: Taxonomy,
    headings: HeadingSynonyms,
    format: str = "",
    options: Mapping[str, object] | None = None,
    sample: int = 500,
) -> Draft:
    """Draft an import mapping for ``rows`` giving records of each of ``kinds``.

    The header is looked for among the first rows (title rows and grouped headings above it
    are passed over); up to ``sample`` rows below it are profiled. Columns are matched to fields
    by ``headings`` (fosterkit's own are ``fosterkit.adapters.packs.load_headings()``) and by
    their values. ``format`` and ``options`` (the reader's, as ``encoding`` or ``sheet``) are
    written into ``[source]``. Nothing is read but ``rows``; the draft is the same for the same rows.
    """
    if sample < 1:
        raise ValueError(f"sample is at least 1 row, not {sample}")
    wanted_kinds = _kinds(kinds)
    reader_options = dict(options or {})
    _check_options(reader_options)
    source = read_source(rows, sample)
    profiles = [profile_column(c.name, column_cells(source, c), len(source.rows)) for c in source.columns]
    records: list[KindDraft] = []
    used: set[int] = set()
    for kind in wanted_kinds:
        record, taken = _draft_kind(kind, source, profiles, taxonomy, headings)
        records.append(record)
        used |= taken
    ignored = [c.name for i, c in enumerate(source.columns) if i not in used]
    text, todo = render(
        source=source,
        records=records,
        ignored=ignored,
        header_row=_header_row(source, records),
        format=format,
        options=reader_options,
    )
    return Draft(
        text=text,
        header_row=source.header_row,
        columns=tuple(profiles),
        guessed={r.kind: {g.slot.path: tuple(g.columns) for g in r.guesses if g.columns} for r in records},
        todo=todo,
        ignored=tuple(ignored),
        left_out=tuple(f"{r.kind}.{path}" for r in records for path in r.left),
        warnings=(*source.warnings, *_date_warnings(records)),
    )
