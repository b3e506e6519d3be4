"""An import mapping: how the columns of a file kept elsewhere become fosterkit records.

A mapping is usually written as TOML (see ``docs/importing.md``) and read with
:func:`fosterkit.load_mapping_file`. It says which source reader opens the file and with what
options, which columns to leave out, the date forms to accept, and, for each kind of record a
row gives, where each field's value comes from: one or more columns, a default, a map from the
file's own codes to fosterkit's, how to split a cell holding several values, and date forms.
"""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, ProblemsError

__all__ = [
    "DEFAULT_DATE_FORMATS",
    "MAPPING_SCHEMA_VERSION",
    "RESERVED_COLUMNS",
    "TODO",
    "FieldMapping",
    "ImportMapping",
    "MappingError",
    "RecordMapping",
    "SourceSettings",
]

#: Version of the mapping file's form.
MAPPING_SCHEMA_VERSION = 1

#: The date forms tried, in order, when a mapping names none.
DEFAULT_DATE_FORMATS = ("dd/mm/yyyy", "iso", "excel")

#: What a drafted mapping (``fosterkit mapping init``) puts where it could not guess; a mapping
#: still holding it is refused, naming each place.
TODO = "TODO"

#: Columns fosterkit adds to a rejects file; an import always passes over them, so a fixed
#: rejects file can be imported again with the same mapping.
RESERVED_COLUMNS = ("fosterkit_row", "fosterkit_problems", "fosterkit_text")

_SCALAR = (str, int, float, bool)


class MappingError(ProblemsError):
    """An import mapping that cannot be used with this file; nothing was read or written.

    Every problem is listed at once: unknown fields, required fields left unmapped, values and
    defaults that are not valid, columns missing from the file's header or not accounted for.
    """

    kind = "import mapping"


def _value_map(_instance: object, _attribute: object, value: dict[str, Any]) -> None:
    for key, target in value.items():
        if not isinstance(key, str) or not isinstance(target, _SCALAR):
            raise FieldError("values", f"{key!r} maps to {target!r}; a value map takes text to text")


def _default(_instance: object, _attribute: object, value: object) -> None:
    ok = value is None or isinstance(value, _SCALAR)
    ok = ok or (isinstance(value, list) and all(isinstance(item, _SCALAR) for item in value))
    if not ok:
        raise FieldError(
            "default", f"a default is text, a number, true/false or a list of those, not {value!r}"
        )


def _columns(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    for name in value:
        if not name.strip():
            raise FieldError("columns", "a column name is not empty")


@frozen(kw_only=True)
class FieldMapping:
    """Where one field's value comes from.

    ``columns`` are tried in order and the first that is not blank gives the value; for a field
    holding several values (reason codes, placement types) every column gives values, and
    ``split`` cuts each cell into several. ``values`` maps the file's own codes to fosterkit's,
    ``default`` is used when every column is blank (or none is named), and ``dates`` overrides
    the mapping's date forms for this field.
    """

    path: str = field(validator=v.text)
    """The field's path in the record: ``notice_on``, ``service.name``, ``carers[1].id``."""
    columns: tuple[str, ...] = field(default=(), validator=[*v.tuple_of(str), _columns])
    default: Any = field(default=None, validator=_default)
    values: dict[str, Any] = field(factory=dict, validator=_value_map)
    split: str = field(default="", validator=v.optional_text)
    dates: tuple[str, ...] = field(default=(), validator=v.tuple_of(str))


@frozen(kw_only=True)
class RecordMapping:
    """The records of one kind each source row gives, field by field."""

    kind: str = field(validator=v.text)
    fields: tuple[FieldMapping, ...] = field(validator=v.tuple_of(FieldMapping))


@frozen(kw_only=True)
class SourceSettings:
    """How the file is opened and read: reader, its options, header row, columns left out, date forms."""

    format: str = field(default="", validator=v.optional_text)
    """The source reader's name (``csv``, ``excel``, ``jsonl``, a plugin's); empty: by the file's suffix."""
    header_row: int = field(default=0, validator=v.instance_of(int))
    """The header's row number; 0: the first row naming every mapped column (rows above it are passed)."""
    ignore: tuple[str, ...] = field(default=(), validator=v.tuple_of(str))
    """Columns deliberately left out (names, addresses, notes): every other column must be mapped."""
    dates: tuple[str, ...] = field(default=DEFAULT_DATE_FORMATS, validator=v.tuple_of(str))
    options: dict[str, Any] = field(factory=dict)
    """The reader's own options (``encoding``, ``sheet``), checked against what it takes."""


@frozen(kw_only=True)
class ImportMapping:
    """A whole mapping: the source settings and the records each row gives."""

    source: SourceSettings = field(factory=SourceSettings)
    records: tuple[RecordMapping, ...] = field(validator=v.tuple_of(RecordMapping))
    name: str = field(default="", eq=False)
    """Where the mapping came from (its file), for messages."""
