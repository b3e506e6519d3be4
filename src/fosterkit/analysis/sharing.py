"""Pseudonymised copies of records, for sharing beyond the service (with a regional partnership, say).

:func:`pseudonymise` returns a record of the same kind, still valid, in which only coded values,
pseudonyms and coarse dates are left:

- every id is replaced by a keyed hash (HMAC-SHA256 under a key only the service holds), so the
  same id gives the same pseudonym every time and a departure's ``household_id`` still matches
  its household's ``id``, but nobody without the key can turn a pseudonym back into the id or
  check a guess;
- every date is moved to the first of its month;
- any text field whose name contains ``postcode`` keeps only the outward code (``SW1A``);
- every reason code is checked against the policy's taxonomy: an alias becomes its code, and
  anything else (a name, an address, a note typed into the field) is dropped from a list of codes,
  or replaced by ``[c]`` where the record requires a code;
- free text (what carers said, notes), special-category data (equality) and every other text
  field that is not an id, a code or a postcode are removed, unless the policy names the field
  in ``keep``; enums, yes/no and numbers are codes by construction and stay;
- the content of an interview whose carer did not consent to anonymised use (the record's
  ``consent_to_anonymised_use`` is not ``True``) is withheld whatever ``keep`` says: the record
  stays as a shell holding only its pseudonymised ids, its stage and its month, so the receiver
  can see that an interview was held; the findings and responses of an interview built on it go
  too.

Everything removed is counted by field in a :class:`SharingSummary`; the values never are.

Which fields are ids
    ``id``, any field named ``*_id`` or ``*_ids``, any text field checked as an identifier, and
    the staff ids of the exit-interview process (supervising social worker, line management,
    interviewer, staff also present, the owner of an escalation) and a complaint's reference. A
    service's own record kind can name the namespace of any text field with ``attrs`` metadata
    ``{"pseudonym": "staff"}``.

Namespaces
    A pseudonym depends on the kind of thing the id names, not on the field it sits in: a
    household's ``id`` and a departure's ``household_id`` are both hashed as ``household:<id>``.
    ``id`` takes the namespace of its class (``DataCollectionRecord`` -> ``data_collection_record``);
    ``household_id`` and ``household_ids`` take ``household``; staff ids share ``staff``, so who
    counts as independent of the carer's social worker is unchanged.

Dates that must stay in order
    Dates keep their order when moved to the first of the month, so rules such as "leaving is
    not before notice" still hold. A rule that one date falls strictly after another (a stage 2
    window opens after stage 1) can break when both fall in one month; the later date then goes
    to the first of the next month. A record whose rules still fail is refused with
    :class:`SharingError`, never passed on half-changed.

Keys
    A key must be hard to guess: at least :data:`MIN_KEY_BYTES` random-looking bytes, not text
    someone typed, not a short block repeated. :func:`key_weakness` says what is wrong with one;
    ``fosterkit share --new-key FILE`` (or ``secrets.token_bytes(32)``) makes a good one.

The thresholds in :class:`SharingPolicy` are carried for the step that publishes figures from the
shared data; this module does not count anything.
"""

from __future__ import annotations

import datetime
import enum
import functools
import hashlib
import hmac
import itertools
import re
import types
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
from attrs import define, field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.suppression import DEFAULT_THRESHOLD, check_threshold
from fosterkit.errors import FieldError, FosterkitError, UnknownCodeError
from fosterkit.interviews.process import Cancellation, ComplaintReferral, Escalation, ExitProcess
from fosterkit.interviews.record import DataCollectionRecord, is_free_text
from fosterkit.interviews.stages import Appointment, StageTwoWindow
from fosterkit.reasons import Taxonomy, holds_reason_codes
from fosterkit.records import StatusChange, is_special_category

__all__ = [
    "DEFAULT_QUOTE_THRESHOLD",
    "GOOD_KEY_ADVICE",
    "MIN_HEX_KEY_DIGITS",
    "MIN_KEY_BYTES",
    "NEW_KEY_BYTES",
    "PSEUDONYM",
    "WITHHELD",
    "Removal",
    "SharingError",
    "SharingPolicy",
    "SharingSummary",
    "key_weakness",
    "pseudonymise",
    "pseudonymise_all",
    "shorten_postcode",
]

R = TypeVar("R")

#: ``attrs`` metadata key naming the pseudonym namespace of an id field (``{"pseudonym": "staff"}``).
PSEUDONYM = "pseudonym"
#: The fewest bytes a key may have (128 bits), and then only if they look random.
MIN_KEY_BYTES = 16
#: How many random bytes a new key has (``fosterkit share --new-key``).
NEW_KEY_BYTES = 32
#: The fewest hex digits of a key kept as text (``secrets.token_hex(32)`` gives 64).
MIN_HEX_KEY_DIGITS = 64
#: How to make a good key; ends every message refusing one.
GOOD_KEY_ADVICE = (
    f"make a good key with 'fosterkit share --new-key FILE' ({NEW_KEY_BYTES} random bytes), "
    f"or secrets.token_bytes({NEW_KEY_BYTES}) in Python"
)
#: Counts of free-text quotes from 1 up to this are not published, unless the policy says otherwise.
DEFAULT_QUOTE_THRESHOLD = 10
#: What a required text or code field holds once its value is removed ("confidential").
WITHHELD = "[c]"

_PREFIX = "p-"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648 base32, lower case
_CONSENT = "consent_to_anonymised_use"
#: What a shell of an interview record without consent keeps besides its ids and dates.
_SHELL_KEEPS = frozenset({"stage", _CONSENT})

#: Ids in fosterkit's own records whose field names do not say so, and their namespaces.
_NAMED_IDS: dict[tuple[type, str], str] = {
    (ExitProcess, "supervising_social_worker"): "staff",
    (ExitProcess, "line_management"): "staff",
    (Appointment, "interviewer"): "staff",
    (Appointment, "also_present"): "staff",
    (Escalation, "owner"): "staff",
    (ComplaintReferral, "reference"): "complaint",
}
#: Notes in fosterkit's own records not marked as free text, which sharing treats as free text all the same.
_ALSO_FREE_TEXT = frozenset(
    {(StatusChange, "note"), (Cancellation, "reason"), (StageTwoWindow, "moved_because")}
)


class SharingError(FosterkitError):
    """A record cannot be pseudonymised as it is (its rules fail, or a postcode is not one)."""


# -- keys --------------------------------------------------------------------------------------------

_TYPED = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
_HEX = frozenset(b"0123456789abcdefABCDEF")
#: How much of a (very long) key the randomness checks look at, so they stay quick.
_LOOKED_AT = 1024
#: Code points nobody types: private use (controls are checked apart).
_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0x10FFFF))


def _untyped(char: str) -> bool:
    """Whether ``char`` is one nobody types: a control that is not white space, or private use."""
    point = ord(char)
    if point < 0x20 or 0x7F <= point < 0xA0:
        return not char.isspace()
    return any(low <= point <= high for low, high in _PRIVATE_USE)


def _expected_distinct(count: int, alphabet: int) -> float:
    """How many different symbols ``count`` random symbols from ``alphabet`` hold, on average."""
    return alphabet * (1 - (1 - 1 / alphabet) ** count)


def _looks_random(symbols: Sequence[int], alphabet: int) -> bool:
    """Whether ``symbols`` could well be random: no block repeated, enough different values and steps.

    Random keys fail this about once in many millions; typed, patterned or padded keys fail it.
    """
    symbols = symbols[:_LOOKED_AT]
    count = len(symbols)
    for period in range(1, count // 2 + 1):
        if all(symbols[i] == symbols[i - period] for i in range(period, count)):
            return False
    steps = [(b - a) % alphabet for a, b in itertools.pairwise(symbols)]
    return len(set(symbols)) >= 0.6 * _expected_distinct(count, alphabet) and len(set(steps)) >= 0.6 * (
        _expected_distinct(len(steps), alphabet)
    )


def _typed(key: bytes) -> bool:
    """Whether ``key`` reads as text someone could type: nearly all printable ASCII, or UTF-8 text.

    Random bytes pass for text about once in a hundred thousand 16-byte keys, and practically
    never for 32 bytes.
    """
    if sum(byte in _TYPED for byte in key) * 10 >= len(key) * 9:
        return True
    try:
        text = key.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(_untyped(char) for char in text)


def key_weakness(key: object) -> str | None:
    """What makes ``key`` too easy to guess, in plain English, or ``None`` if it is good enough.

    A key is refused if it has fewer than :data:`MIN_KEY_BYTES` bytes; if it is text, like a
    typed password (printable ASCII, or any printable UTF-8); or if it does not look random (a
    short block repeated, too few different bytes, a run such as 0, 1, 2...). The one text form
    accepted is a long random hex string (:data:`MIN_HEX_KEY_DIGITS` digits or more, as
    ``secrets.token_hex(32)`` makes), whose bytes are used as they are.
    """
    if not isinstance(key, bytes):
        return f"the key must be bytes (a secret the service keeps), not {type(key).__name__}"
    advice = "; " + GOOD_KEY_ADVICE
    if len(key) >= MIN_HEX_KEY_DIGITS and set(key) <= _HEX:
        digits = [int(chr(byte), 16) for byte in key]
        if _looks_random(digits, 16):
            return None
        return "the key's hex digits repeat or follow a pattern, so it can be guessed" + advice
    if len(key) < MIN_KEY_BYTES:
        return f"the key must be at least {MIN_KEY_BYTES} random bytes long, not {len(key)}" + advice
    if _typed(key):
        hex_hint = f" (a key kept as hex needs {MIN_HEX_KEY_DIGITS} random hex digits or more)"
        return (
            "the key is printable text, like a typed password, which can be guessed"
            + (hex_hint if set(key) <= _HEX else "")
            + advice
        )
    if not _looks_random(key, 256):
        return (
            "the key repeats itself or has too few different bytes to be random, so it can be guessed"
            + advice
        )
    return None


# -- the policy ------------------------------------------------------------------------------------


def _key(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    weakness = key_weakness(value)
    if weakness is not None:
        raise FieldError(attribute.name, weakness)


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, (str, bytes)):
        raise FieldError("keep", f"expected a set of field names, not one text {value!r}")
    return frozenset(value)


def _keep(_instance: object, attribute: attrs.Attribute[Any], value: frozenset[object]) -> None:
    for name in sorted(value, key=repr):
        if not isinstance(name, str) or not name.isidentifier():
            raise FieldError(attribute.name, f"{name!r} is not a field name")


def _taxonomy(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Taxonomy):
        raise FieldError(
            attribute.name,
            f"expected the taxonomy reason codes are checked against (fosterkit.load_taxonomy()), "
            f"not {type(value).__name__}",
        )


def _threshold(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    try:
        check_threshold(value)
    except ValueError as err:
        raise FieldError(attribute.name, str(err)) from None


def _quote_threshold(instance: SharingPolicy, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(attribute.name, f"expected a whole number, got {type(value).__name__}")
    if value <= instance.threshold:
        raise FieldError(
            attribute.name,
            f"must be higher than the threshold ({instance.threshold}) for counts, not {value}",
        )


@frozen(kw_only=True)
class SharingPolicy:
    """How records are pseudonymised for sharing: the key, the taxonomy, any fields kept, thresholds.

    ``key`` is a secret the service keeps, refused if it is easy to guess (see
    :func:`key_weakness`); the same key gives the same pseudonyms, so keep it to link later
    extracts, and never share it. It is left out of ``repr``. ``taxonomy`` is what reason codes
    are checked against (``fosterkit.load_taxonomy()`` for the built-in one). ``keep`` names
    free-text, special-category or other text fields to keep (``{"went_well"}``); a name applies
    to every field of that name, in every kind of record, but never to the content of an
    interview without consent, nor to a field that holds reason codes.
    """

    key: bytes = field(repr=False, validator=_key)
    taxonomy: Taxonomy = field(repr=False, eq=False, validator=_taxonomy)
    keep: frozenset[str] = field(default=frozenset(), converter=_names, validator=_keep)
    threshold: int = field(default=DEFAULT_THRESHOLD, validator=_threshold)
    """Counts from 1 up to this are suppressed when figures are published (3 to 10)."""
    quote_threshold: int = field(default=DEFAULT_QUOTE_THRESHOLD, validator=_quote_threshold)
    """A quote of free text is published only from groups larger than this; above ``threshold``."""

    def pseudonym(self, namespace: str, value: str) -> str:
        """The pseudonym of ``value`` as an id of kind ``namespace`` (``"household"``, ``"staff"``...).

        ``p-`` and 16 base32 characters: the first 80 bits of HMAC-SHA256 of ``namespace:value``.
        """
        digest = hmac.digest(self.key, f"{namespace}:{value}".encode(), hashlib.sha256)
        number = int.from_bytes(digest[:10], "big")
        return _PREFIX + "".join(_ALPHABET[(number >> shift) & 31] for shift in range(75, -1, -5))

    def code(self, value: object) -> str | None:
        """The reason code ``value`` stands for (a code, or an alias of one), or ``None`` if it is neither."""
        if not isinstance(value, str):
            return None
        if value in self.taxonomy:
            return value
        try:
            return self.taxonomy.get(value).code
        except UnknownCodeError:
            return None


# -- what was removed ------------------------------------------------------------------------------


class Removal(enum.Enum):
    """Why a value was removed while sharing."""

    NO_CONSENT = "interview content withheld, no consent to anonymised use"
    NOT_A_CODE = "not a reason code"
    FREE_TEXT = "free text"
    SPECIAL_CATEGORY = "special-category (equality) data"
    OTHER_TEXT = "other text, not an id, code or postcode"


@define
class SharingSummary:
    """What sharing took out, counted by why and by field (``"DataCollectionRecord.went_well"``).

    Only counts are kept, never the values removed. An interview record without consent counts
    once under its kind (``"DataCollectionRecord"``); a list counts each item removed.
    """

    records: int = 0
    """How many records were pseudonymised."""
    removed: Counter[tuple[Removal, str]] = field(factory=Counter)

    def count(self, why: Removal, where: str, how_many: int = 1) -> None:
        """Count ``how_many`` values removed from ``where`` for ``why``."""
        if how_many:
            self.removed[why, where] += how_many

    def total(self, why: Removal | None = None) -> int:
        """How many values were removed (for ``why``, or for any reason)."""
        return sum(n for (reason, _where), n in self.removed.items() if why in (None, reason))

    def lines(self) -> list[str]:
        """One line per reason for removal, naming each field and how many values left it."""
        lines = []
        for why in Removal:
            found = sorted((where, n) for (reason, where), n in self.removed.items() if reason is why)
            if found:
                lines.append(f"Removed ({why.value}): " + ", ".join(f"{where} {n}" for where, n in found))
        return lines


# -- postcodes -------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)(?: ?([0-9][A-Z]{2}))?")


def shorten_postcode(text: str) -> str:
    """The outward code of a UK postcode (``"sw1a 1aa"`` -> ``"SW1A"``); an outward code alone is kept.

    Spaces and case do not matter. Text that is not shaped like a postcode raises ``ValueError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a postcode as text, got {type(text).__name__}")
    match = _POSTCODE.fullmatch(" ".join(text.upper().split()))
    if match is None:
        raise ValueError(f"{text!r} is not a UK postcode (such as 'SW1A 1AA', or the outward code 'SW1A')")
    return match.group(1)


# -- plans: what to do with each field of a class, worked out once --------------------------------


class _Do(enum.Enum):
    ID = "id"
    DATE = "date"
    POSTCODE = "postcode"
    CODES = "codes"
    FREE_TEXT = "free_text"
    SPECIAL = "special_category"
    OTHER = "other_text"
    NESTED = "nested"


#: What each kind of removable field is counted as.
_REMOVALS = {
    _Do.FREE_TEXT: Removal.FREE_TEXT,
    _Do.SPECIAL: Removal.SPECIAL_CATEGORY,
    _Do.OTHER: Removal.OTHER_TEXT,
}
#: Fields beside an interview record without consent that are emptied with it (findings, responses).
_CONTENT = frozenset({_Do.CODES, _Do.FREE_TEXT, _Do.SPECIAL, _Do.OTHER, _Do.NESTED})


@frozen
class _Step:
    name: str
    do: _Do
    where: str
    """``Class.field``, as the summary names it."""
    namespace: str = ""
    blank: Any = None
    """What the field is set to when its value is removed."""
    nested: bool = False
    """Whether a kept special-category value may hold records to pseudonymise."""


@frozen
class _Plan:
    steps: tuple[_Step, ...]
    dates: frozenset[str]
    consent: bool
    """Whether the class records consent to anonymised use (an interview record)."""
    shell: tuple[tuple[str, Any], ...]
    """The fields a record without consent loses, and what they become."""
    consent_from: tuple[str, ...]
    """Fields holding an interview record whose consent governs the rest of this record."""


def _unwrap(kind: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` or ``tuple[X, ...]``, and whether it was a tuple."""
    if get_origin(kind) in (Union, types.UnionType):
        args = [a for a in get_args(kind) if a is not type(None)]
        if len(args) == 1:
            kind = args[0]
    if get_origin(kind) is tuple:
        args = [a for a in get_args(kind) if a is not Ellipsis]
        if len(args) == 1:
            return args[0], True
    return kind, False


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _validators(attribute: attrs.Attribute[Any]) -> list[Any]:
    found: list[Any] = []
    pending: list[Any] = [attribute.validator]
    while pending:
        check = pending.pop()
        inner = getattr(check, "_validators", None)
        if inner is not None:
            pending.extend(inner)
        elif check is not None:
            found.append(check)
    return found


def _namespace(cls: type, attribute: attrs.Attribute[Any]) -> str | None:
    given = attribute.metadata.get(PSEUDONYM)
    if given is not None:
        return str(given)
    if (cls, attribute.name) in _NAMED_IDS:
        return _NAMED_IDS[cls, attribute.name]
    if attribute.name == "id":
        return _snake(cls.__name__)
    for suffix in ("_id", "_ids"):
        if attribute.name.endswith(suffix) and len(attribute.name) > len(suffix):
            return attribute.name[: -len(suffix)]
    return None


def _blank(attribute: attrs.Attribute[Any]) -> Any:
    default: Any = attribute.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    if default is not attrs.NOTHING:
        return default
    inner, is_tuple = _unwrap(attribute.type)
    if is_tuple:
        return ()
    return WITHHELD if inner is str else None


@functools.cache
def _holds_records(kind: Any) -> bool:
    if attrs.has(kind):
        return bool(_plan(kind).steps)
    return any(_holds_records(arg) for arg in get_args(kind) if arg is not Ellipsis)


_PLAIN = (bool, int, float, enum.Enum, datetime.date, type(None))


@functools.cache
def _plain(kind: Any) -> bool:
    """Whether values of ``kind`` hold no text: numbers, yes/no, enums, dates, or records of them."""
    if isinstance(kind, type) and (issubclass(kind, _PLAIN) or attrs.has(kind)):
        return not attrs.has(kind) or not _plan(kind).steps
    args = [arg for arg in get_args(kind) if arg is not Ellipsis]
    return get_origin(kind) in (Union, types.UnionType, tuple) and bool(args) and all(map(_plain, args))


def _type(attribute: attrs.Attribute[Any]) -> Any:
    return attribute.type


def _records_consent(kind: Any) -> bool:
    return attrs.has(kind) and _CONSENT in attrs.fields_dict(kind)


def _step(cls: type, attribute: attrs.Attribute[Any]) -> _Step | None:
    name, kind = attribute.name, _type(attribute)
    inner, _is_tuple = _unwrap(kind)
    where = f"{cls.__qualname__}.{name}"
    blank = _blank(attribute)
    namespace = _namespace(cls, attribute)
    if is_special_category(attribute):
        return _Step(name, _Do.SPECIAL, where, blank=blank, nested=_holds_records(kind))
    if is_free_text(attribute) or (cls, name) in _ALSO_FREE_TEXT:
        return _Step(name, _Do.FREE_TEXT, where, blank=blank)
    if namespace is not None:
        if inner is not str:
            raise SharingError(f"{where} is an id but not text, so it cannot be pseudonymised")
        return _Step(name, _Do.ID, where, namespace=namespace)
    if isinstance(inner, type) and issubclass(inner, datetime.date):
        return _Step(name, _Do.DATE, where)
    if inner is str and "postcode" in name:
        return _Step(name, _Do.POSTCODE, where)
    if holds_reason_codes(attribute):
        if inner is not str:
            raise SharingError(f"{where} holds reason codes but not as text, so they cannot be checked")
        return _Step(name, _Do.CODES, where, blank=blank)
    if inner is str and v.identifier in _validators(attribute):
        return _Step(name, _Do.ID, where, namespace=name)
    if _holds_records(kind):
        return _Step(name, _Do.NESTED, where, blank=blank)
    if _plain(kind):
        return None
    return _Step(name, _Do.OTHER, where, blank=blank)


@functools.cache
def _plan(cls: type) -> _Plan:
    attrs.resolve_types(cls)
    steps: list[_Step] = []
    shell: list[tuple[str, Any]] = []
    consent_from: list[str] = []
    has_consent = _records_consent(cls)
    for attribute in attrs.fields(cls):
        step = _step(cls, attribute)
        if step is not None:
            steps.append(step)
        kept = step is not None and step.do in (_Do.ID, _Do.DATE)
        if has_consent and not kept and attribute.name not in _SHELL_KEEPS:
            shell.append((attribute.name, _blank(attribute)))
        if _records_consent(_unwrap(_type(attribute))[0]):
            consent_from.append(attribute.name)
    dates = frozenset(step.name for step in steps if step.do is _Do.DATE)
    return _Plan(
        tuple(steps),
        dates,
        consent=has_consent,
        shell=tuple(shell),
        consent_from=tuple(consent_from),
    )


# -- applying a plan --------------------------------------------------------------------------------


@frozen
class _Context:
    policy: SharingPolicy
    summary: SharingSummary
    keep_text: bool = False
    """Inside a special-category value kept by name: its text stays as it is."""


def _each(value: Any, change: Callable[[Any], Any]) -> Any:
    """``change`` applied to a value, or to each item of a tuple; ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(change(item) for item in value)
    return change(value)


def _size(value: Any) -> int:
    """How many values ``value`` holds: none for ``None``, ``""`` or ``()``, each item of a tuple."""
    if isinstance(value, tuple):
        return sum(_size(item) for item in value)
    return 0 if value is None or value == "" else 1


def _first_of_month(day: datetime.date) -> datetime.date:
    if isinstance(day, datetime.datetime):
        return day.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1, day=1)


def _describe(record: object) -> str:
    name = getattr(record, "id", None)
    return type(record).__qualname__ + (f" {name!r}" if isinstance(name, str) else "")


def _codes(step: _Step, value: Any, context: _Context) -> Any:
    """Only the reason codes of ``value``: aliases become codes, anything else is dropped and counted."""
    policy = context.policy
    if isinstance(value, tuple):
        codes: list[str] = []
        for item in value:
            code = policy.code(item)
            if code is None:
                context.summary.count(Removal.NOT_A_CODE, step.where)
            elif code not in codes:
                codes.append(code)
        return tuple(codes)
    if value is None or value == "":
        return value
    code = policy.code(value)
    if code is None:
        context.summary.count(Removal.NOT_A_CODE, step.where)
        return step.blank
    return code


def _run(step: _Step, value: Any, context: _Context, record: object) -> Any:
    do, policy = step.do, context.policy
    if do is _Do.ID:
        return _each(value, lambda v: policy.pseudonym(step.namespace, v) if v else v)
    if do is _Do.DATE:
        return _each(value, _first_of_month)
    if do is _Do.NESTED:
        return _each(value, lambda v: _pseudonymise(v, context))
    if do is _Do.POSTCODE:
        try:
            return _each(value, lambda v: shorten_postcode(v) if v else v)
        except ValueError:
            raise SharingError(f"{_describe(record)}: {step.name}: this is not a UK postcode") from None
    if do is _Do.CODES:
        return _codes(step, value, context)
    if step.name in policy.keep or (do is _Do.OTHER and context.keep_text):
        if step.nested:
            inside = attrs.evolve(context, keep_text=True)
            return _each(value, lambda v: _pseudonymise(v, inside))
        return value
    context.summary.count(_REMOVALS[do], step.where, _size(value))
    return step.blank


def _without_consent(record: object, plan: _Plan, context: _Context) -> dict[str, Any]:
    """The changes that leave only ids, the stage and the month of an interview record."""
    context.summary.count(Removal.NO_CONSENT, type(record).__qualname__)
    changes = dict(plan.shell)
    for step in plan.steps:
        if step.do in (_Do.ID, _Do.DATE):
            changes[step.name] = _run(step, getattr(record, step.name), context, record)
    return changes


def _withheld_beside(record: object, plan: _Plan) -> bool:
    """Whether ``record`` holds an interview record without consent (an interview's findings go with it)."""
    for name in plan.consent_from:
        inner = getattr(record, name)
        if attrs.has(type(inner)) and getattr(inner, _CONSENT) is not True:
            return True
    return False


def _changes(record: object, plan: _Plan, context: _Context) -> dict[str, Any]:
    if plan.consent and getattr(record, _CONSENT) is not True:
        return _without_consent(record, plan, context)
    withheld = _withheld_beside(record, plan)
    changes: dict[str, Any] = {}
    for step in plan.steps:
        value = getattr(record, step.name)
        if withheld and step.do in _CONTENT and step.name not in plan.consent_from:
            context.summary.count(Removal.NO_CONSENT, step.where, _size(value))
            changed = step.blank
        else:
            changed = _run(step, value, context, record)
        if changed is not value:
            changes[step.name] = changed
    if isinstance(record, DataCollectionRecord) and "secondary_reasons" in changes:
        primary = changes.get("primary_reason", record.primary_reason)
        changes["secondary_reasons"] = tuple(c for c in changes["secondary_reasons"] if c != primary)
    return changes


def _pseudonymise(record: R, context: _Context) -> R:
    kind = type(record)
    if not attrs.has(kind):
        return record
    plan = _plan(kind)
    changes = _changes(record, plan, context)
    if not changes:
        return record
    for _attempt in range(2 * len(plan.dates) + 1):
        try:
            return attrs.evolve(record, **changes)  # type: ignore[misc]
        except FieldError as err:
            moved = changes.get(err.field)
            if err.field not in plan.dates or not isinstance(moved, datetime.date):
                raise SharingError(f"{_describe(record)}: after pseudonymising, {err}") from None
            changes[err.field] = _next_month(moved)
    raise SharingError(f"{_describe(record)}: its dates cannot be moved to the first of a month validly")


def pseudonymise(record: R, policy: SharingPolicy, summary: SharingSummary | None = None) -> R:
    """A pseudonymised copy of ``record``, of the same kind and valid (see the module's notes).

    Any attrs record class works, fosterkit's own (households, departures, data collection
    records, exit processes) and a service's own, nested records and tuples of them included.
    What is removed is counted in ``summary``, if given. Raises :class:`SharingError` if the
    record cannot be made valid again.
    """
    if not isinstance(policy, SharingPolicy):
        raise TypeError(f"policy must be a SharingPolicy, not {type(policy).__name__}")
    if not attrs.has(type(record)):
        raise TypeError(f"expected a record (an attrs class), got {type(record).__name__}")
    summary = SharingSummary() if summary is None else summary
    shared = _pseudonymise(record, _Context(policy, summary))
    summary.records += 1
    return shared


def pseudonymise_all(
    records: Iterable[R], policy: SharingPolicy, summary: SharingSummary | None = None
) -> Iterator[R]:
    """Pseudonymise a stream of records one at a time, keeping their order (nothing is held back).

    What is removed is counted in ``summary``, if given, as the stream is read.
    """
    for record in records:
        yield pseudonymise(record, policy, summary)
