"""Reading one source cell as one field's value: text, numbers, yes/no, dates, enumerations, reason codes.

Each reader is built once per mapped field (:func:`value_reader`) and then called for every
cell, so the per-cell work is a lookup and a parse, never a decision about what the field is.
A cell that cannot be read raises :class:`BadValue` with the end of a sentence a data officer
can act on ("is not a date"); the caller puts the cell's value and column in front of it.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import math
import re
from collections.abc import Callable, Mapping, Sequence

from fosterkit.errors import UnknownCodeError
from fosterkit.imports.mapping import DEFAULT_DATE_FORMATS
from fosterkit.reasons import Taxonomy
from fosterkit.serial.cells import looks_like_formula

__all__ = [
    "DATE_FORMATS",
    "NOT_RECORDED",
    "UNKNOWN",
    "BadValue",
    "ValueKind",
    "ValueReader",
    "clean",
    "date_format_problem",
    "normalise",
    "not_recorded",
    "shown",
    "value_reader",
]

#: The date forms a mapping may name, besides ``strftime`` patterns such as ``"%d.%m.%Y"``.
DATE_FORMATS = {
    "dd/mm/yyyy": "day/month/year, as 31/01/2024 or 1-2-2024 (also with '.' or '-')",
    "dd/mm/yy": "day/month/two-digit year; years 00-68 are 2000-2068, 69-99 are 1969-1999",
    "iso": "year-month-day, as 2024-01-31",
    "d mon yyyy": "day, month name and year, as 3 Mar 2024 or 3 March 2024",
    "excel": "an Excel serial day number, as 45322 for 31/01/2024 (the 1900 date system)",
}


_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_UK_SHORT = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MIDNIGHT = re.compile(r"[ T]00:00(?::00(?:\.0+)?)?")
#: Excel's day 1 is 1 January 1900; it also counts a 29 February 1900 that never was (day 60).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_LAST = 2958465  # 31 December 9999

#: What a value-map lookup gives for text the map does not hold.
_MISSING = object()

#: Yes and no as spreadsheets and case systems write them (compared case-folded, trimmed). "1.0"
#: and "0.0" are how a float column of ones and noughts comes out of some exports.
_TRUE = frozenset({"yes", "y", "true", "t", "1", "1.0"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "0.0"})


class BadValue(ValueError):
    """A cell that does not hold a value of its field; ``args[0]`` ends the sentence ("is not a date")."""

    def __init__(self, tail: str, *, noun: str = "") -> None:
        super().__init__(tail)
        self.tail = tail
        self.noun = noun
        """What the value is called in the message ("code"), or empty."""


class ValueKind(enum.Enum):
    """What a mapped field holds, as far as reading a cell goes."""

    TEXT = "text"
    INT = "whole number"
    FLOAT = "number"
    BOOL = "yes or no"
    DATE = "date"
    ENUM = "choice"
    REASON = "reason code"


#: Reads one non-blank cell as the field's value (JSON-like, or a date).
ValueReader = Callable[[object], object]


def normalise(text: str) -> str:
    """The form names and codes are compared in: case-folded, runs of spaces collapsed."""
    return " ".join(text.split()).casefold()


def clean(cell: object) -> object:
    """A cell with surrounding spaces removed; blank text becomes ``None``.

    A leading apostrophe before a formula character (``'=SUM(A1)``) is the mark spreadsheets
    and fosterkit's own rejects files put on text, so it is taken off.
    """
    if isinstance(cell, str):
        text = cell.strip()
        if not text:
            return None
        if len(text) > 1 and text[0] == "'" and looks_like_formula(text[1:]):
            return text[1:]
        return text
    return cell


def shown(cell: object) -> str:
    """A cell's value as messages show it: text as it is, dates as dd/mm/yyyy, whole floats without ``.0``."""
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%d/%m/%Y %H:%M") if cell.time() != datetime.time() else f"{cell:%d/%m/%Y}"
    if isinstance(cell, datetime.date):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, list):
        return ", ".join(shown(item) for item in cell)
    return str(cell)


# -- text and numbers ---------------------------------------------------------------------------


def _text(cell: object) -> object:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        raise BadValue("is a yes/no value where text is expected")
    if isinstance(cell, (int, float, datetime.date)):
        return shown(cell)
    raise BadValue(f"is {type(cell).__name__}, not text")


#: The most digits a number in a cell may have: more is a slip or an attack, never a count or a score.
MAX_DIGITS = 30


def _check_digits(text: str) -> None:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise BadValue(f"is a number of {digits} digits (at most {MAX_DIGITS})")


def _int(cell: object) -> object:
    if isinstance(cell, bool):
        raise BadValue("is a yes/no value, not a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str):
        text = cell.replace(",", "")
        if re.fullmatch(r"[+-]?\d+(?:\.0*)?", text):
            _check_digits(text.partition(".")[0])
            return int(text.partition(".")[0])
    raise BadValue("is not a whole number")


def _float(cell: object) -> object:
    if isinstance(cell, bool):
        raise BadValue("is a yes/no value, not a number")
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and not math.isfinite(cell):
            raise BadValue("is not a finite number")
        return float(cell)
    if isinstance(cell, str):
        _check_digits(cell)
        try:
            value = float(cell.replace(",", "").removeprefix("£"))
        except ValueError:
            pass
        else:
            if math.isfinite(value):
                return value
    raise BadValue("is not a number")


def _bool(cell: object) -> object:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    if isinstance(cell, str):
        word = cell.strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise BadValue("is not yes or no (yes, no, y, n, true, false, 1 or 0)")


# -- dates --------------------------------------------------------------------------------------


def _day(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            name = datetime.date(2000, month, 1).strftime("%B")
            raise BadValue(f"is not a date ({name} {year} has no day {day})") from None
        raise BadValue(f"is not a date (there is no month {month})") from None


def _uk(text: str) -> datetime.date | None:
    found = _UK.fullmatch(text)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    return _day(year, month, day)


def _uk_short(text: str) -> datetime.date | None:
    found = _UK_SHORT.fullmatch(text)
    if found is None:
        return None
    day, month, short = (int(part) for part in found.groups())
    return _day(2000 + short if short <= 68 else 1900 + short, month, day)


def _iso(text: str) -> datetime.date | None:
    found = _ISO.fullmatch(text)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    return _day(year, month, day)


def _month_name(text: str) -> datetime.date | None:
    for pattern in ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d %b %y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _excel_serial(value: float | int) -> datetime.date:
    if value == 60:
        raise BadValue("is not a date (Excel's day 60 is 29 February 1900, which never was)")
    if not 1 <= value <= _EXCEL_LAST:
        raise BadValue("is not a date (an Excel day number runs from 1 to 2958465)")
    days = math.floor(value)
    return _EXCEL_EPOCH + datetime.timedelta(days=days if days > 60 else days + 1)


def _excel(text: str) -> datetime.date | None:
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    return _excel_serial(float(text))  # a number too big for a float is infinite, so out of range


def _pattern(pattern: str) -> Callable[[str], datetime.date | None]:
    def parse(text: str) -> datetime.date | None:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            return None

    return parse


_TEXT_DATES: dict[str, Callable[[str], datetime.date | None]] = {
    "dd/mm/yyyy": _uk,
    "dd/mm/yy": _uk_short,
    "iso": _iso,
    "d mon yyyy": _month_name,
    "excel": _excel,
}


def date_format_problem(name: str) -> str | None:
    """Why ``name`` is not a date form a mapping may name, or ``None`` if it is one."""
    if name in _TEXT_DATES:
        return None
    if "%" in name:
        try:
            datetime.date(2024, 1, 31).strftime(name)
        except ValueError as err:
            return f"{name!r} is not a valid date pattern ({err})"
        return None
    known = ", ".join(repr(n) for n in DATE_FORMATS)
    return f"{name!r} is not a date form: use one of {known}, or a pattern such as '%d.%m.%Y'"


def _date_reader(formats: Sequence[str]) -> ValueReader:
    parsers = [_TEXT_DATES.get(name) or _pattern(name) for name in formats]
    excel = "excel" in formats
    described = ", ".join(formats)

    def read_date(cell: object) -> object:
        if isinstance(cell, datetime.datetime):
            return cell.date()
        if isinstance(cell, datetime.date):
            return cell
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            if excel:
                return _excel_serial(cell)
            raise BadValue("is a number, not a date (add 'excel' to the date forms if it is a day number)")
        if not isinstance(cell, str):
            raise BadValue("is not a date")
        text = _MIDNIGHT.sub("", cell) if _MIDNIGHT.search(cell) else cell
        impossible: BadValue | None = None
        for parse in parsers:
            try:
                day = parse(text)
            except (
                BadValue
            ) as err:  # the form fits but the day does not exist; a later form may still read it
                impossible = impossible or err
                continue
            if day is not None:
                return day
        raise impossible or BadValue(f"is not a date in a form this mapping reads ({described})")

    return read_date


# -- choices and reason codes -------------------------------------------------------------------


def _lookup(values: Mapping[str, object]) -> Callable[[str], object]:
    """Find a cell's text in a value map: exactly, else case and spacing aside; :data:`_MISSING` if absent."""
    exact = dict(values)
    loose = {normalise(key): value for key, value in values.items()}

    def find(text: str) -> object:
        found = exact.get(text, _MISSING)
        if found is _MISSING:
            found = loose.get(normalise(text), _MISSING)
        return found

    return find


def _suggest(text: str, candidates: Sequence[str]) -> list[str]:
    by_form = {normalise(c): c for c in candidates}
    close = difflib.get_close_matches(normalise(text), list(by_form), n=3, cutoff=0.6)
    return [by_form[c] for c in close]


def _did_you_mean(options: Sequence[str]) -> str:
    if not options:
        return ""
    return " — did you mean " + " or ".join(f"`{o}`" for o in options) + "?"


def _enum_reader(kind: type[enum.Enum], values: Mapping[str, object], field: str) -> ValueReader:
    members = {normalise(str(m.value)): m.value for m in kind}
    members.update({normalise(m.name.replace("_", " ")): m.value for m in kind})
    spaced = {key.replace("_", " "): value for key, value in members.items()}
    find = _lookup(values)
    allowed = ", ".join(str(m.value) for m in kind)

    def read_choice(cell: object) -> object:
        text = _text(cell)
        assert isinstance(text, str)
        mapped = find(text)
        if mapped is not _MISSING:
            return mapped
        key = normalise(text).replace("-", " ").replace("_", " ")
        if key in spaced:
            return spaced[key]
        hint = _did_you_mean(_suggest(text, [*values, *(str(m.value) for m in kind)]))
        if values:
            tail = f"is not mapped under [values] for {field}, and is not one of {allowed}{hint}"
        else:
            tail = f"is not one of {allowed} (map it under {field}'s values){hint}"
        raise BadValue(tail)

    return read_choice


def _reason_reader(taxonomy: Taxonomy, values: Mapping[str, object]) -> ValueReader:
    find = _lookup(values)

    def read_reason(cell: object) -> object:
        text = _text(cell)
        assert isinstance(text, str)
        mapped = find(text)
        code = mapped if mapped is not _MISSING else text
        try:
            return taxonomy.get(str(code)).code
        except UnknownCodeError as err:
            local = _suggest(text, list(values))
            hint = _did_you_mean(local or list(err.suggestions))
            if mapped is not _MISSING:
                raise BadValue(f"is mapped to {code!r}, which the taxonomy does not know{hint}") from None
            raise BadValue(f"is not mapped{hint}", noun="code") from None

    return read_reason


def _map_key(cell: object) -> str | None:
    """The text a value map is searched for when a cell is typed; ``None`` for dates and the like."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, (int, float)):
        return shown(cell)
    return None


def _mapped(reader: ValueReader, values: Mapping[str, object]) -> ValueReader:
    """``reader`` after the mapping's own value map (for text, numbers, yes/no and dates)."""
    if not values:
        return reader
    find = _lookup(values)

    def read_mapped(cell: object) -> object:
        # A typed cell is looked up as a CSV of the same sheet would show it (a yes/no cell as TRUE
        # or FALSE, a number without ".0"), so a map reads alike whatever format the file came in.
        key = cell if isinstance(cell, str) else _map_key(cell)
        if key is not None:
            mapped = find(key)
            if mapped is not _MISSING:
                return reader(mapped)
        return reader(cell)

    return read_mapped


#: The value-map target that says a local code means "not recorded" (for a field that may be left out).
UNKNOWN = "unknown"


class _NotRecorded:
    def __repr__(self) -> str:
        return "NOT_RECORDED"


#: What a reader gives for a cell whose local code maps to :data:`UNKNOWN`: the field is left out.
NOT_RECORDED: object = _NotRecorded()


def not_recorded(reader: ValueReader, codes: Sequence[str]) -> ValueReader:
    """``reader``, giving :data:`NOT_RECORDED` for text matching one of ``codes`` (case and spacing aside)."""
    if not codes:
        return reader
    unknown = {normalise(code) for code in codes}

    def read_or_unknown(cell: object) -> object:
        if isinstance(cell, str) and normalise(cell) in unknown:
            return NOT_RECORDED
        return reader(cell)

    return read_or_unknown


def value_reader(
    kind: ValueKind,
    *,
    values: Mapping[str, object] | None = None,
    choices: type[enum.Enum] | None = None,
    taxonomy: Taxonomy | None = None,
    dates: Sequence[str] = DEFAULT_DATE_FORMATS,
    field: str = "",
) -> ValueReader:
    """The reader for one field's cells, with the mapping's value map applied first."""
    table = dict(values or {})
    if kind is ValueKind.ENUM:
        assert choices is not None
        return _enum_reader(choices, table, field)
    if kind is ValueKind.REASON:
        assert taxonomy is not None
        return _reason_reader(taxonomy, table)
    base = {
        ValueKind.TEXT: _text,
        ValueKind.INT: _int,
        ValueKind.FLOAT: _float,
        ValueKind.BOOL: _bool,
    }.get(kind) or _date_reader(dates)
    return _mapped(base, table)
