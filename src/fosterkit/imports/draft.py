"""Drafting an import mapping from a source's own rows (``fosterkit mapping init``).

:func:`draft_mapping` looks at the first rows of a source: it finds the header, profiles each
column (how often it is blank, its distinct values, whether it holds dates, numbers or yes/no)
and, for each field of the record kinds asked for, guesses the column it comes from by the
column's name (with a small table of headings common in local-authority exports), checked
against what the column holds. Whatever it cannot guess is written as ``TODO`` with a comment
saying what is wanted, so fosterkit refuses the mapping until a person has filled it in; every
column no field uses is listed under ``ignore`` and marked for checking, so nothing is dropped
without someone deciding it. The draft is text for a person to finish, never used as it is.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs
from attrs import define, frozen

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.errors import UnknownCodeError
from fosterkit.imports.compiled import value_kind
from fosterkit.imports.mapping import DEFAULT_DATE_FORMATS, MAPPING_SCHEMA_VERSION, RESERVED_COLUMNS, TODO
from fosterkit.imports.rows import HEADER_SCAN_ROWS
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow
from fosterkit.imports.values import BadValue, ValueKind, ValueReader, clean, normalise, shown, value_reader
from fosterkit.reasons import Taxonomy
from fosterkit.records import LeavingRoute
from fosterkit.serial.kinds import RECORD_KINDS

__all__ = ["DISTINCT_KEPT", "ColumnProfile", "Draft", "draft_mapping"]

#: How many distinct values of a column a profile keeps (and a drafted value map lists).
DISTINCT_KEPT = 50

#: A column whose name scores this much against a field's headings is taken for it.
_TAKE = 0.8
#: A lower score, named in a TODO's comment as the closest column.
_NEAR = 0.7

_SOURCE_KEYS = frozenset({"format", "header_row", "ignore", "dates"})
_RESERVED = frozenset(normalise(c) for c in RESERVED_COLUMNS)

# -- TOML text ----------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    if _has_surrogate(text):
        raise ValueError(f"{text!r} holds bytes that are not text; TOML cannot hold it")
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _shown_string(text: str) -> str:
    """``text`` quoted for a comment, undecodable bytes shown as the replacement character."""
    return _string("".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text))


def _key(text: str) -> str:
    return text if _BARE_KEY.fullmatch(text) else _string(text)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"{value!r} is not a value a mapping holds")


def _wrapped(words: Sequence[str], lead: str, width: int = 100) -> list[str]:
    lines: list[str] = []
    line = lead
    for word in words:
        if len(line) + len(word) + 2 > width and line.strip() != lead.strip():
            lines.append(line.rstrip(", ").rstrip())
            line = lead
        line += f"{word}, "
    if line.strip() != lead.strip():
        lines.append(line.rstrip(", ").rstrip())
    return lines


# -- reading cells ------------------------------------------------------------------------------

#: Month first, as US software writes dates; tried only for text no day-first form reads.
_US = "%m/%d/%Y"
#: The order date forms are tried in for a value, and listed in a field's ``dates``.
_DATE_TRIALS = ("dd/mm/yyyy", "iso", "d mon yyyy", "dd/mm/yy", _US, "excel")
_DATE_ORDER = (_US, "dd/mm/yyyy", "iso", "excel", "d mon yyyy", "dd/mm/yy")
_DATE_READERS = {form: value_reader(ValueKind.DATE, dates=(form,)) for form in _DATE_TRIALS}
_EPOCH = datetime.date(1899, 12, 30)
#: Excel day numbers taken for dates: 1950 to 2099 (smaller or larger numbers are more likely counts).
_SERIALS = ((datetime.date(1950, 1, 1) - _EPOCH).days, (datetime.date(2100, 1, 1) - _EPOCH).days)
_NUMBER = value_reader(ValueKind.FLOAT)
_YES_NO = value_reader(ValueKind.BOOL)
_SEPARATORS = (";", ",", "|")
_MIXED = "the cells separate values in more than one way; use one separator throughout the file"
_ROUTE = value_reader(ValueKind.ENUM, choices=LeavingRoute)


def _reads(reader: ValueReader, value: object) -> bool:
    try:
        reader(value)
    except BadValue:
        return False
    return True


def _heading(cell: Cell) -> str:
    """A header cell's text as the import compares it."""
    if cell is None:
        return ""
    return (cell if isinstance(cell, str) else shown(cell)).strip()


def _text(value: object) -> str | None:
    """A cleaned cell as a value map's key sees it; ``None`` for yes/no cells and lists."""
    if isinstance(value, (bool, list)):
        return None
    if isinstance(value, str):
        return value
    return shown(value)


def _date_form(value: object) -> str | None:
    """The first date form reading ``value`` (``""`` for a real date cell), or ``None``."""
    if isinstance(value, datetime.date):
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "excel" if _SERIALS[0] <= value < _SERIALS[1] else None
    if not isinstance(value, str) or not value[:1].isdigit():
        return None  # every date form starts with a digit
    for form in _DATE_TRIALS:
        if form == "excel" and not (re.fullmatch(r"\d{5}(?:\.\d+)?", value) and _plausible(value)):
            continue
        if _reads(_DATE_READERS[form], value):
            return form
    return None


def _plausible(text: str) -> bool:
    return _SERIALS[0] <= float(text) < _SERIALS[1]


def _is_label(text: str) -> bool:
    """Text that reads as a heading: not a date and not a number."""
    return _date_form(text) is None and not _reads(_NUMBER, text)


@frozen(kw_only=True)
class ColumnProfile:
    """What a sample of one column holds."""

    name: str
    """The column's name as the draft writes it (the header cell, trimmed)."""
    rows: int
    """Rows sampled (blank rows aside)."""
    filled: int
    """Of those, rows where the column is not blank."""
    distinct: tuple[str, ...]
    """Its distinct values as text (case and spacing aside), in order seen; at most :data:`DISTINCT_KEPT`."""
    more_distinct: bool
    """It has more distinct values than ``distinct`` keeps."""
    dates: float
    """Share of the filled cells that are dates: date cells, dates in a known form, or Excel day numbers."""
    written_dates: float
    """Share of the filled cells that are date cells or dates written out (Excel day numbers aside)."""
    date_forms: tuple[str, ...]
    """The date forms its text needs, in the order a mapping would list them."""
    unread_dates: tuple[str, ...]
    """Up to three values no date form reads, when most of the column are dates."""
    numbers: float
    yes_no: float
    separator: str
    """``;``, ``,`` or ``|`` when some cell holds several values separated by it; else empty."""

    @property
    def blank(self) -> float:
        """Share of the sampled rows where the column is blank."""
        return 1 - self.filled / self.rows if self.rows else 1.0


def _profile(name: str, cells: list[object], rows: int) -> ColumnProfile:
    distinct: dict[str, str] = {}
    more = False
    filled = dated = written = numbers = yes_no = 0
    forms: list[tuple[object, str | None]] = []
    day_first_only = False
    separators: set[str] = set()
    for value in cells:
        filled += 1
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = _text(item)
            if text is None or _has_surrogate(text):
                continue
            if normalise(text) not in distinct:
                if len(distinct) < DISTINCT_KEPT:
                    distinct[normalise(text)] = text
                else:
                    more = True
            if isinstance(item, str):
                separators.update(s for s in _SEPARATORS if s in item)
        if isinstance(value, list):
            continue
        form = _date_form(value)
        forms.append((value, form))
        if form == "dd/mm/yyyy" and isinstance(value, str) and int(re.split(r"\D", value)[0]) > 12:
            day_first_only = True
        numbers += _reads(_NUMBER, value) and not isinstance(value, bool)
        yes_no += _reads(_YES_NO, value)
    month_first = not day_first_only and any(form == _US for _, form in forms)
    needed: set[str] = set()
    unread: list[str] = []
    for value, form in forms:
        if form == "dd/mm/yyyy" and month_first and _reads(_DATE_READERS[_US], value):
            form = _US
        if form == _US and not month_first:
            form = None
        if form is None:
            if len(unread) < 3:
                unread.append(shown(value))
            continue
        dated += 1
        written += form != "excel"
        if form:
            needed.add(form)
    share = dated / filled if filled else 0.0
    return ColumnProfile(
        name=name,
        rows=rows,
        filled=filled,
        distinct=tuple(distinct.values()),
        more_distinct=more,
        dates=share,
        written_dates=written / filled if filled else 0.0,
        date_forms=tuple(f for f in _DATE_ORDER if f in needed),
        unread_dates=tuple(unread) if share >= 0.5 else (),
        numbers=numbers / filled if filled else 0.0,
        yes_no=yes_no / filled if filled else 0.0,
        separator=next((s for s in _SEPARATORS if s in separators), ""),
    )


# -- the source's columns -----------------------------------------------------------------------


@frozen
class _Column:
    name: str
    place: int | str
    """The column's index (tables) or key (rows naming their cells)."""


@define
class _Source:
    columns: list[_Column] = attrs.Factory(list)
    rows: list[Sequence[Cell] | Mapping[str, Cell]] = attrs.Factory(list)
    header_row: int = 0
    header_cells: list[str] = attrs.Factory(list)
    """The header's texts, trimmed (tables only)."""
    scanned: list[list[str]] = attrs.Factory(list)
    """The texts of the rows above the header (tables only)."""
    warnings: list[str] = attrs.Factory(list)
    named: bool = False
    """Rows name their own cells (JSON Lines): there is no header row."""


def _blank(cells: Sequence[Cell] | Mapping[str, Cell]) -> bool:
    values = cells.values() if isinstance(cells, Mapping) else cells
    return all(clean(c) is None for c in values)


def _add_column(source: _Source, name: str, place: int | str, seen: set[str], where: str) -> None:
    if not name:
        return
    key = normalise(name)
    if key in _RESERVED:
        return
    if _has_surrogate(name):
        source.warnings.append(
            f"{where} is named {_shown_string(name)}, which is not text in the file's encoding: "
            "set the encoding under [source] and draft again"
        )
        return
    if key in seen:
        source.warnings.append(
            f"{where} is called {_string(name)} like an earlier column: rename one before importing"
        )
        return
    seen.add(key)
    source.columns.append(_Column(name, place))


def _header_index(rows: list[Sequence[Cell]]) -> int | None:
    """The row a person would call the header: the first with (nearly) the most distinct labels."""
    scores = [len({normalise(t) for t in map(_heading, cells) if t and _is_label(t)}) for cells in rows]
    best = max(scores, default=0)
    if not best:
        return None
    need = max(1, math.ceil(0.8 * best))
    return next(i for i, score in enumerate(scores) if score >= need)


def _read_source(rows: Iterable[SourceRow], sample: int) -> _Source:
    stream = iter(rows)
    source = _Source()
    first: list[tuple[int, Sequence[Cell]]] = []
    named = False
    for number, cells in stream:
        if isinstance(cells, UnreadableRow):
            continue
        if isinstance(cells, Mapping):
            named = True
            if not _blank(cells):
                source.rows.append(cells)
            break
        first.append((number, cells))
        if len(first) >= HEADER_SCAN_ROWS:
            break
    if named:
        source.rows.extend(_data(stream, sample - len(source.rows), named=True))
        source.named = True
        seen: set[str] = set()
        keys: set[str] = set()
        for cells in source.rows:
            assert isinstance(cells, Mapping)
            for key in cells:
                if key in keys:
                    continue
                keys.add(key)
                if not key.strip():
                    source.warnings.append("some rows have a field with a blank name; it cannot be mapped")
                _add_column(source, key.strip(), key, seen, f"field {_shown_string(key)}")
        return source
    index = _header_index([cells for _, cells in first])
    if index is None:
        if first:
            source.warnings.append(
                f"no header found in the first {len(first)} rows: the file names no columns"
            )
        return source
    source.header_row, header = first[index]
    source.header_cells = [_heading(c) for c in header]
    source.scanned = [[_heading(c) for c in cells] for _, cells in first[:index]]
    seen = set()
    for position, name in enumerate(source.header_cells):
        _add_column(source, name, position, seen, f"column {position + 1}")
    source.rows = list(_data(itertools.chain(first[index + 1 :], stream), sample, named=False))
    return source


def _data(
    rows: Iterator[SourceRow], sample: int, *, named: bool
) -> Iterator[Sequence[Cell] | Mapping[str, Cell]]:
    taken = 0
    if sample < 1:
        return
    for _, cells in rows:
        if isinstance(cells, UnreadableRow) or isinstance(cells, Mapping) != named or _blank(cells):
            continue
        yield cells
        taken += 1
        if taken >= sample:
            return


def _column_cells(source: _Source, column: _Column) -> list[object]:
    found: list[object] = []
    for cells in source.rows:
        if isinstance(cells, Mapping):
            cell = cells.get(str(column.place))
        else:
            assert isinstance(column.place, int)
            cell = cells[column.place] if column.place < len(cells) else None
        value = clean(cell)
        if value is not None and value != []:
            found.append(value)
    return found


# -- the fields of a record kind ----------------------------------------------------------------

#: Local headings for each field, most telling first; looked up by ``kind.path``, then path,
#: then field name. Compared case, punctuation and filler words aside.
_HEADINGS: dict[str, str] = {
    "id": "id | ref | reference | record id | record ref",
    "household.id": "household ref | household id | household number | household | ref | id",
    "departure.id": (
        "departure id | departure ref | leaver ref | leaver id | leaving ref | leaving id | case ref"
        " | ref | id"
    ),
    "data_collection_record.id": "interview ref | interview id | record ref | ref | id",
    "household_id": (
        "household ref | household id | household number | household | carer ref | carer id | carer number"
        " | foster carer ref"
    ),
    "departure_id": "departure ref | departure id | leaver ref | leaver id | leaving ref",
    "notice_on": (
        "notice date | date notice given | date of notice | notice given | notice received"
        " | date notice received | notice | resignation date | date resigned"
    ),
    "leaving_on": (
        "date left | leaving date | end date | date deregistered | deregistration date | date of leaving"
        " | date of deregistration | left on | left | date ended | approval end date"
    ),
    "initiated_by": "initiated by | initiator | who initiated | ended by | who ended | instigated by",
    "route": (
        "route | leaving route | leaving type | type of leaving | ending type | end type"
        " | deregistration type | reason type | how left"
    ),
    "destination": (
        "destination | transferred to | transfer to | moving to | new provider | new provider type"
        " | destination type"
    ),
    "stated_reasons": (
        "reasons | reason | reason for leaving | reasons for leaving | reason code | reason codes"
        " | stated reasons | stated reason | leaving reason | leaving reasons"
    ),
    "primary_reason": (
        "primary reason | main reason | main reason for leaving | reason | reason for leaving | reason code"
    ),
    "secondary_reasons": (
        "secondary reasons | secondary reason | other reasons | other reason | additional reasons"
        " | further reasons"
    ),
    "approved_on": (
        "approval date | date approved | date of approval | approved on | approved | registration date"
        " | date registered | start date"
    ),
    "approval_kind": "approval type | approval kind | carer type | type of carer | fostering type",
    "approved_for": (
        "approved for | approval range | approval categories | approval category | placement types"
        " | placement type"
    ),
    "caring_now": (
        "caring now | currently caring | child placed | children placed | child in placement"
        " | currently placed | placement now | has placement"
    ),
    "service.name": (
        "service | service name | fostering service | local authority | authority | agency | provider"
        " | provider name"
    ),
    "service.kind": "service type | service kind | provider type | agency type | type of service",
    "carers[0].id": (
        "carer 1 ref | carer 1 id | first carer ref | first carer id | main carer ref | carer ref 1"
        " | carer id 1 | carer ref | carer id | carer 1"
    ),
    "carers[1].id": (
        "carer 2 ref | carer 2 id | second carer ref | second carer id | joint carer ref | carer ref 2"
        " | carer id 2 | carer 2"
    ),
    "stage": "stage | interview stage | exit stage | interview type",
    "interviewed_on": "interview date | date of interview | interviewed on | date interviewed",
    "preventable": "preventable | could have been prevented | avoidable",
    "would_have_kept": "what would have kept | would have kept | what would have helped",
    "foster_again": "foster again | would foster again",
    "recommend_fostering": "recommend fostering | would recommend fostering | would recommend",
    "went_well": "went well | what went well",
    "consent_to_anonymised_use": "consent | consent to anonymised use | consent given | consent to use",
}

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

#: How many items a draft maps of a list of records the record requires (other lists: one).
_LIST_ITEMS = {"carers": 2}

#: Fields whose value is fixed by the record's own rules: the default, and why.
_FIXED = {("household", "history[0].status"): ("approved", "a household's history starts with its approval")}

#: Fields read from the same column as another field of the record.
_SAME_AS = {("household", "history[0].since"): "approved_on"}

#: Suggestions for a required field no column was found for (never filled in unasked).
_HINTS = {
    "initiated_by": (
        "initiated_by: carer for resignations, retirements and transfers; service for terminations"
    ),
    "service.name": 'service.name: the service\'s own name, as { default = "Anytown Fostering" }',
    "service.kind": 'service.kind: for a council\'s own export, { default = "local_authority" }',
    "approval_kind": 'approval_kind: with no connected-person carers in the file, { default = "mainstream" }',
    "stage": 'stage: if every interview is at stage 1, { default = "exit_stage_1" }',
}

_FILLER = frozenset({"of", "the", "a", "an", "for", "to", "and", "on", "by"})
_ABBREVIATIONS = {
    "reference": "ref",
    "refs": "ref",
    "identifier": "id",
    "number": "no",
    "num": "no",
    "nbr": "no",
    "dt": "date",
    "hh": "household",
}


def _tokens(text: str) -> tuple[str, ...]:
    words = re.findall(r"[^\W_]+", text.casefold().replace("&", " and "))
    return tuple(_ABBREVIATIONS.get(w, w) for w in words if w not in _FILLER)


def _stem(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens without a trailing number ("reason 2" is a "reason")."""
    if tokens and tokens[-1].isdigit():
        return tokens[:-1]
    if tokens and re.fullmatch(r"\D+\d+", tokens[-1]):
        return (*tokens[:-1], re.sub(r"\d+$", "", tokens[-1]))
    return tokens


def _similarity(heading: tuple[str, ...], phrase: tuple[str, ...]) -> float:
    if not heading or not phrase:
        return 0.0
    if heading == phrase:
        return 1.0
    if len(phrase) > 1 and set(phrase) <= set(heading):
        return 0.85
    ratio = difflib.SequenceMatcher(None, " ".join(heading), " ".join(phrase)).ratio()
    overlap = len(set(heading) & set(phrase)) / len(set(heading) | set(phrase))
    return 0.9 * max(ratio, overlap)


@frozen
class _Slot:
    """One field a draft may map: its path, what it holds, and whether a record needs it."""

    kind: str
    path: str
    name: str
    value: ValueKind
    many: bool
    choices: type[enum.Enum] | None
    needed: bool
    """Required, as far as its own record (or list item) goes."""
    item: str
    """The path of the optional list item it belongs to (``carers[1]``), or empty."""
    phrases: tuple[tuple[str, ...], ...]


def _phrases(kind: str, path: str, name: str) -> tuple[tuple[str, ...], ...]:
    listed = _HEADINGS.get(f"{kind}.{path}") or _HEADINGS.get(path) or _HEADINGS.get(name) or ""
    found = [phrase.strip() for phrase in listed.split("|")]
    spoken = re.sub(r"\[(\d+)\]", lambda m: f" {int(m.group(1)) + 1} ", path).replace(".", " ")
    return tuple(dict.fromkeys(t for t in (*map(_tokens, found), _tokens(spoken.replace("_", " "))) if t))


def _slots(kind: str, cls: type) -> tuple[list[_Slot], list[str]]:
    """The fields of ``cls`` a draft maps, and the optional groups and lists it only names."""
    slots: list[_Slot] = []
    groups: list[str] = []

    def walk(current: type, prefix: str, needed: bool, item: str) -> None:
        attrs.resolve_types(current)
        for attribute in attrs.fields(current):
            shape, maybe = unwrap_optional(attribute.type)
            optional = maybe or attribute.default is not attrs.NOTHING
            path = f"{prefix}{attribute.name}"
            inner = list_item(shape)
            if inner is not None and attrs.has(inner):
                if optional:
                    groups.append(f"{path}[0]")
                    continue
                for index in range(_LIST_ITEMS.get(attribute.name, 1)):
                    place = f"{path}[{index}]"
                    walk(inner, f"{place}.", needed, item or (place if index else ""))
                continue
            if attrs.has(shape):
                if optional:
                    groups.append(path)
                else:
                    walk(shape, f"{path}.", needed, item)
                continue
            leaf = inner if inner is not None else shape
            value = value_kind(leaf, attribute)
            if value is None:
                continue
            choices = leaf if value is ValueKind.ENUM else None
            slots.append(
                _Slot(
                    kind=kind,
                    path=path,
                    name=attribute.name,
                    value=value,
                    many=inner is not None,
                    choices=choices,
                    needed=needed and not optional,
                    item=item,
                    phrases=_phrases(kind, path, attribute.name),
                )
            )

    walk(cls, "", True, "")
    return slots, groups


# -- guessing -----------------------------------------------------------------------------------


def _fits(slot: _Slot, profile: ColumnProfile) -> bool:
    """Whether what the column holds suits the field (a column with no values suits any)."""
    if not profile.filled:
        return True
    if slot.value is ValueKind.DATE:
        return profile.dates >= 0.6
    if slot.value is ValueKind.BOOL:
        return profile.yes_no >= 0.8
    if slot.value in (ValueKind.INT, ValueKind.FLOAT):
        return profile.numbers >= 0.8
    return profile.written_dates < 0.6


def _name_score(slot: _Slot, heading: tuple[str, ...]) -> float:
    best = 0.0
    stem = _stem(heading)
    for rank, phrase in enumerate(slot.phrases):
        weight = 1 - 0.01 * min(rank, 10)
        score = _similarity(heading, phrase)
        if stem != heading:
            score = max(score, 0.97 * _similarity(stem, phrase))
        best = max(best, weight * score)
    return best


def _pieces(profile: ColumnProfile, split: str) -> list[str]:
    pieces: dict[str, str] = {}
    for text in profile.distinct:
        for piece in text.split(split) if split else [text]:
            piece = piece.strip()
            if piece and normalise(piece) not in pieces:
                pieces[normalise(piece)] = piece
    return list(pieces.values())


def _value_score(slot: _Slot, profile: ColumnProfile, codes: _Codes, shared: set[object]) -> float:
    """A score from the column's values alone: most of them valid choices or known reason codes."""
    key: object = slot.choices if slot.value is ValueKind.ENUM else slot.value
    if key in shared or slot.value not in (ValueKind.ENUM, ValueKind.REASON):
        return 0.0
    if slot.choices is not None and len(slot.choices) < 3:
        return 0.0
    pieces = _pieces(profile, profile.separator if slot.many else "")
    if slot.choices is not None:
        forms = {_choice_form(form) for m in slot.choices for form in (str(m.value), m.name)}
        good = sum(_choice_form(p) in forms for p in pieces)
    else:
        good = sum(codes.known(p) for p in pieces)
    if good < 2 or good / len(pieces) < 0.75:
        return 0.0
    return 0.5 + 0.4 * good / len(pieces)


def _choice_form(text: str) -> str:
    """A choice as the enum reader compares it: case, spacing, hyphens and underscores aside."""
    return normalise(text.replace("-", " ").replace("_", " "))


def _known_code(taxonomy: Taxonomy, text: str) -> bool:
    try:
        taxonomy.get(text)
    except UnknownCodeError:
        return False
    return True


class _Codes:
    """The taxonomy's codes and aliases, to tell known codes quickly (``Taxonomy.get`` also suggests)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.codes = frozenset(taxonomy.codes)
        self.aliases = frozenset(normalise(a) for r in taxonomy.reasons for a in r.aliases)

    def known(self, text: str) -> bool:
        return text in self.codes or normalise(text) in self.aliases


@define
class _Guess:
    """What the draft says about one field."""

    slot: _Slot
    columns: list[str] = attrs.Factory(list)
    default: object = None
    dates: tuple[str, ...] = ()
    split: str = ""
    values: list[tuple[str, str, str]] = attrs.Factory(list)
    """Value-map entries: the file's value, its target, and a comment."""
    above: list[str] = attrs.Factory(list)
    """Comment lines written above the field."""
    after: list[str] = attrs.Factory(list)
    """Comments written after the field (joined on its line)."""
    todo: bool = False
    """The column is TODO."""
    seen: list[str] = attrs.Factory(list)
    """The distinct values (pieces, when split) its columns hold in the sample."""


def _assign(
    slots: list[_Slot],
    columns: list[_Column],
    profiles: list[ColumnProfile],
    taxonomy: Taxonomy,
) -> tuple[dict[int, list[int]], dict[int, tuple[float, int]]]:
    """Each field's columns (by index), each column used by one field; and the closest misses."""
    headings = [_tokens(c.name) for c in columns]
    choices = [s.choices if s.value is ValueKind.ENUM else s.value for s in slots]
    shared: set[object] = {c for c in choices if choices.count(c) > 1}
    codes = _Codes(taxonomy)
    scored: list[tuple[float, int, int]] = []
    near: dict[int, tuple[float, int]] = {}
    for s, slot in enumerate(slots):
        if (slot.kind, slot.path) in _FIXED or (slot.kind, slot.path) in _SAME_AS:
            continue
        for c, profile in enumerate(profiles):
            if not _fits(slot, profile):
                continue
            score = _name_score(slot, headings[c])
            if score < _TAKE:
                score = max(score, _value_score(slot, profile, codes, shared))
            if score >= _TAKE:
                scored.append((-score, s, c))
            elif score >= _NEAR and score > near.get(s, (0.0, 0))[0]:
                near[s] = (score, c)
    scored.sort()
    taken: dict[int, list[int]] = {}
    used: set[int] = set()
    for _, s, c in scored:
        if s in taken or c in used:
            continue
        chosen = [c]
        if slots[s].many:
            stem = _stem(headings[c])
            chosen += [
                other
                for other in range(len(columns))
                if other != c
                and other not in used
                and _stem(headings[other]) == stem
                and _fits(slots[s], profiles[other])
            ]
        taken[s] = sorted(chosen)
        used.update(chosen)
    return taken, {s: miss for s, miss in near.items() if s not in taken and miss[1] not in used}


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
    return initial[0] if len(initial) == 1 and len(squeezed) >= 2 else None


def _choice_values(guess: _Guess, pieces: list[str]) -> None:
    choices = guess.slot.choices
    assert choices is not None
    reader = value_reader(ValueKind.ENUM, choices=choices)
    allowed = ", ".join(str(m.value) for m in choices)
    for piece in pieces:
        if _reads(reader, piece):
            continue
        mixed = any(s in piece for s in _SEPARATORS)
        found = None if mixed else _guess_choice(piece, choices)
        if mixed:
            guess.values.append((piece, TODO, f"TODO: {_MIXED}; or one of {allowed}"))
        elif found is None:
            guess.values.append((piece, TODO, f"TODO: one of {allowed}"))
        else:
            guess.values.append((piece, found, ""))


def _reason_values(guess: _Guess, pieces: list[str], taxonomy: Taxonomy) -> None:
    for piece in pieces:
        if _known_code(taxonomy, piece):
            continue
        same = [code for code in taxonomy.codes if code.casefold() == piece.casefold()]
        if len(same) == 1:
            guess.values.append((piece, same[0], ""))
            continue
        suggested = taxonomy.suggest(piece, 3)
        if any(s in piece for s in _SEPARATORS):
            comment = f"TODO: {_MIXED}"
        elif suggested:
            comment = "TODO: perhaps " + ", ".join(suggested)
        else:
            comment = "TODO: no close code in the taxonomy; choose one"
        guess.values.append((piece, TODO, comment))


def _fill(guess: _Guess, profiles: list[ColumnProfile], taxonomy: Taxonomy) -> None:
    """The split, date forms and value map a guessed field needs, from its columns' profiles."""
    slot = guess.slot
    if slot.many:
        guess.split = next((p.separator for p in profiles if p.separator), "")
    if slot.value is ValueKind.DATE:
        needed = {form for p in profiles for form in p.date_forms}
        if not needed <= set(DEFAULT_DATE_FORMATS):
            guess.dates = tuple(f for f in _DATE_ORDER if f in needed)
        if _US in needed:
            guess.above.append(f"{slot.path}: the dates look month first (as 12/31/2024); check them")
        unread = [v for p in profiles for v in p.unread_dates][:3]
        if unread:
            guess.after.append("not read as dates: " + ", ".join(map(_shown_string, unread)))
    if slot.value in (ValueKind.ENUM, ValueKind.REASON):
        pieces: dict[str, str] = {}
        for profile in profiles:
            for piece in _pieces(profile, guess.split):
                pieces.setdefault(normalise(piece), piece)
        guess.seen = list(pieces.values())
        if slot.value is ValueKind.ENUM:
            _choice_values(guess, list(pieces.values()))
        else:
            _reason_values(guess, list(pieces.values()), taxonomy)
        if any(p.more_distinct for p in profiles):
            guess.above.append(
                f"{slot.path}: the sample has more than {DISTINCT_KEPT} values; only those are listed"
            )
    blank = max((p.blank for p in profiles if p.rows), default=0.0)
    if slot.needed and not slot.item and blank and len(profiles) == 1:
        guess.after.append(
            f"blank in {round(blank * profiles[0].rows)} of {profiles[0].rows} sampled rows: "
            "those rows will be rejected unless a default is given"
        )


def _initiator_hint(path: str, route: _Guess | None) -> list[str]:
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
        entries.append(f"{_shown_string(value)} = {_string(who)}")
    if not entries:
        return []
    return [
        "or read it from the route column:",
        f"{_key(path)} = {{ column = {_string(route.columns[0])}, values = {{ {', '.join(entries)} }} }}",
    ]


def _route_ended_by_service(value: str) -> bool:
    try:
        route = _ROUTE(value)
    except BadValue:
        raise ValueError(value) from None
    return LeavingRoute(route).ended_by_service


# -- the draft ----------------------------------------------------------------------------------


@frozen(kw_only=True)
class Draft:
    """A drafted import mapping: its TOML text, and what was found and guessed in making it."""

    text: str
    """The mapping as TOML, for a person to check and finish."""
    header_row: int
    """The header's row number (0 when rows name their own columns, or none was found)."""
    columns: tuple[ColumnProfile, ...]
    """Every column of the source, profiled, in the file's order."""
    guessed: dict[str, dict[str, tuple[str, ...]]]
    """By record kind, each field path mapped to the columns it was guessed from."""
    todo: tuple[str, ...]
    """Each place left as TODO, named as :class:`~fosterkit.imports.mapping.MappingError` names it."""
    ignored: tuple[str, ...]
    """The columns no field uses, listed under ``ignore`` for a person to confirm."""
    left_out: tuple[str, ...]
    """Optional fields (``kind.path``) no column was found for, named in a comment."""
    warnings: tuple[str, ...]
    """Things to look at that the mapping itself will not refuse (odd column names, unread dates)."""


def _check_options(options: Mapping[str, object]) -> None:
    for key, value in options.items():
        if key in _SOURCE_KEYS:
            raise ValueError(f"{key!r} is set by the draft itself, not passed as a reader option")
        if not isinstance(value, (str, int, bool)):
            raise ValueError(f"reader option {key!r} is text, a whole number or true/false, not {value!r}")


def _auto_header(source: _Source, wanted: set[str]) -> int:
    """The row the import would take for the header when the mapping names none."""
    if not wanted:
        return 0
    for number, texts in enumerate([*source.scanned, source.header_cells]):
        if wanted <= {normalise(t) for t in texts if t}:
            return number
    return -1


def _draft_kind(
    kind: str, source: _Source, profiles: list[ColumnProfile], taxonomy: Taxonomy
) -> tuple[list[_Guess], list[str], set[int]]:
    """One record kind's fields as the draft writes them, the optional ones left out, the columns used."""
    slots, groups = _slots(kind, RECORD_KINDS[kind])
    taken, near = _assign(slots, source.columns, profiles, taxonomy)
    present = {slots[s].item for s in taken if slots[s].item}
    found: dict[int, _Guess] = {}
    for s, chosen in taken.items():
        guess = found[s] = _Guess(slots[s], columns=[source.columns[c].name for c in chosen])
        _fill(guess, [profiles[c] for c in chosen], taxonomy)
    by_path = {guess.slot.path: guess for guess in found.values()}
    guesses: list[_Guess] = []
    left: list[str] = []
    for s, slot in enumerate(slots):
        guess = found.get(s) or _Guess(slot)
        fixed = _FIXED.get((kind, slot.path))
        same = _SAME_AS.get((kind, slot.path))
        model = by_path.get(same or "")
        if fixed is not None:
            guess.default = fixed[0]
            guess.after.append(fixed[1])
        elif model is not None:
            guess.columns, guess.dates = list(model.columns), model.dates
            guess.after.append(f"the same column as {same}")
        elif s not in found and slot.needed and (not slot.item or slot.item in present):
            guess.todo = True
            guess.after.append("TODO: no column found; name it or give a default")
            guess.above.extend(_todo_hints(slot, same, by_path))
            if s in near:
                column = source.columns[near[s][1]].name
                guess.above.append(f"{slot.path}: the closest column is {_shown_string(column)}")
        elif s not in found:
            left.append(slot.path)
            continue
        guesses.append(guess)
    return guesses, [*left, *groups], {c for chosen in taken.values() for c in chosen}


def _todo_hints(slot: _Slot, same: str | None, by_path: Mapping[str, _Guess]) -> list[str]:
    """Comment lines suggesting what a required field left TODO might be."""
    hint = _HINTS.get(slot.path) or _HINTS.get(slot.name)
    if hint:
        lines = [hint]
    elif same is not None:
        lines = [f"{slot.path}: the same column as {same}"]
    elif slot.choices is not None:
        lines = [f"{slot.path}: one of {', '.join(str(m.value) for m in slot.choices)}"]
    else:
        lines = []
    if slot.name == "initiated_by":
        lines += _initiator_hint(slot.path, by_path.get(slot.path.replace("initiated_by", "route")))
    return lines


def draft_mapping(
    rows: Iterable[SourceRow],
    *,
    kinds: Sequence[str],
    taxonomy: Taxonomy,
    format: str = "",
    options: Mapping[str, object] | None = None,
    sample: int = 500,
) -> Draft:
    """Draft an import mapping for ``rows`` giving records of each of ``kinds``.

    The header is looked for among the first rows (title rows and grouped headings above it
    are passed over); up to ``sample`` rows below it are profiled. ``format`` and ``options``
    (the reader's, as ``encoding`` or ``sheet``) are written into ``[source]``. Nothing is read
    but ``rows``; the draft is the same for the same rows.
    """
    if sample < 1:
        raise ValueError(f"sample is at least 1 row, not {sample}")
    wanted_kinds = list(dict.fromkeys(kinds))
    if not wanted_kinds:
        raise ValueError("name at least one record kind")
    unknown = [k for k in wanted_kinds if k not in RECORD_KINDS]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))} is not a record kind ({', '.join(RECORD_KINDS)})")
    reader_options = dict(options or {})
    _check_options(reader_options)
    source = _read_source(rows, sample)
    profiles = [_profile(c.name, _column_cells(source, c), len(source.rows)) for c in source.columns]

    records: list[tuple[str, list[_Guess], list[str]]] = []
    used: set[int] = set()
    for kind in wanted_kinds:
        guesses, left, taken = _draft_kind(kind, source, profiles, taxonomy)
        records.append((kind, guesses, left))
        used |= taken

    ignored = [c.name for i, c in enumerate(source.columns) if i not in used]
    wanted = {normalise(c) for _, guesses, _ in records for g in guesses for c in g.columns}
    found_alone = _auto_header(source, wanted) == len(source.scanned)
    header_row = source.header_row if source.header_cells and not found_alone else 0
    warnings = list(source.warnings)
    for kind, guesses, _ in records:
        for guess in guesses:
            for line in guess.after:
                if line.startswith("not read as dates"):
                    warnings.append(f"records.{kind}.{guess.slot.path}: {line}")
    text, todo = _render(
        source=source,
        records=records,
        ignored=ignored,
        header_row=header_row,
        format=format,
        options=reader_options,
    )
    return Draft(
        text=text,
        header_row=source.header_row,
        columns=tuple(profiles),
        guessed={
            kind: {g.slot.path: tuple(g.columns) for g in guesses if g.columns}
            for kind, guesses, _ in records
        },
        todo=todo,
        ignored=tuple(ignored),
        left_out=tuple(f"{kind}.{path}" for kind, _, left in records for path in left),
        warnings=tuple(warnings),
    )


# -- writing it out -----------------------------------------------------------------------------


def _comments(lines: Iterable[str]) -> list[str]:
    return [f"# {line}" for line in lines]


def _inline(guess: _Guess) -> str:
    """The field's entry on one line: a column name, or an inline table."""
    if guess.todo:
        return f"{{ column = {_string(TODO)} }}"
    parts: list[str] = []
    if len(guess.columns) == 1:
        parts.append(f"column = {_string(guess.columns[0])}")
    elif guess.columns:
        parts.append(f"columns = {_toml_value(guess.columns)}")
    if guess.default is not None:
        parts.append(f"default = {_toml_value(guess.default)}")
    if guess.split:
        parts.append(f"split = {_string(guess.split)}")
    if guess.dates:
        parts.append(f"dates = {_toml_value(list(guess.dates))}")
    if len(parts) == 1 and len(guess.columns) == 1:
        return _string(guess.columns[0])
    return "{ " + ", ".join(parts) + " }"


def _tail(comments: list[str]) -> str:
    return f"  # {'; '.join(comments)}" if comments else ""


def _render(
    *,
    source: _Source,
    records: list[tuple[str, list[_Guess], list[str]]],
    ignored: list[str],
    header_row: int,
    format: str,
    options: Mapping[str, object],
) -> tuple[str, tuple[str, ...]]:
    todo: list[str] = []
    out = [
        f"# Import mapping drafted by `fosterkit mapping init` from {len(source.rows)} sampled rows.",
        "# Check every guess and fill in each TODO: fosterkit refuses the mapping while one is left.",
        f"schema_version = {MAPPING_SCHEMA_VERSION}",
        "",
        "[source]",
    ]
    if format:
        out.append(f"format = {_string(format)}")
    out.extend(f"{_key(key)} = {_toml_value(value)}" for key, value in options.items())
    if source.header_row > 1 and source.header_cells:
        out.append(f"# The header is row {source.header_row}; the rows above it are passed over.")
    if header_row:
        out.append(f"header_row = {header_row}")
    out.append(f"dates = {_toml_value(list(DEFAULT_DATE_FORMATS))}")
    if ignored:
        out.append("ignore = [")
        out.extend(f"    {_string(name)},  # TODO: not mapped - keep ignored or map it" for name in ignored)
        out.append("]")
    else:
        out.append("ignore = []")
    out.extend(_comments(source.warnings))
    for kind, guesses, left in records:
        out += ["", f"[records.{_key(kind)}]"]
        tables: list[_Guess] = []
        for guess in guesses:
            where = f"records.{kind}.{guess.slot.path}"
            if guess.values:
                tables.append(guess)
                continue
            out.extend(_comments(guess.above))
            out.append(f"{_key(guess.slot.path)} = {_inline(guess)}{_tail(guess.after)}")
            if guess.todo:
                todo.append(where)
        if left:
            out.append("# Optional fields no column was found for (add any the file has):")
            out.extend(_wrapped(left, "#   "))
        for guess in tables:
            where = f"records.{kind}.{guess.slot.path}"
            table = f"records.{_key(kind)}.{_key(guess.slot.path)}"
            out += [""]
            out.extend(_comments(guess.above))
            out.append(f"[{table}]{_tail(guess.after)}")
            if len(guess.columns) == 1:
                out.append(f"column = {_string(guess.columns[0])}")
            else:
                out.append(f"columns = {_toml_value(guess.columns)}")
            if guess.split:
                out.append(f"split = {_string(guess.split)}")
            if guess.dates:
                out.append(f"dates = {_toml_value(list(guess.dates))}")
            out += ["", f"[{table}.values]"]
            for key, target, comment in guess.values:
                out.append(f"{_string(key)} = {_string(target)}{_tail([comment] if comment else [])}")
                if target == TODO:
                    todo.append(f"{where}.values.{key}")
    return "\n".join(out) + "\n", tuple(todo)
