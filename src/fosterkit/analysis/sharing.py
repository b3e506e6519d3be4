"""Pseudonymised copies of records, for sharing beyond the service (with a regional partnership, say).

:func:`pseudonymise` returns a record of the same kind, still valid, in which:

- every id is replaced by a keyed hash (HMAC-SHA256 under a key only the service holds), so the
  same id gives the same pseudonym every time and a departure's ``household_id`` still matches
  its household's ``id``, but nobody without the key can turn a pseudonym back into the id or
  check a guess;
- every date is moved to the first of its month;
- any text field whose name contains ``postcode`` keeps only the outward code (``SW1A``);
- free text (what carers said, notes) and special-category data (equality) are removed, unless
  the policy names the field in ``keep``.

Which fields are ids
    ``id``, any field named ``*_id`` or ``*_ids``, and the staff ids of the exit-interview
    process (supervising social worker, line management, interviewer, staff also present, the
    owner of an escalation) and a complaint's reference. A service's own record kind can name
    the namespace of any text field with ``attrs`` metadata ``{"pseudonym": "staff"}``.

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

The thresholds in :class:`SharingPolicy` are carried for the step that publishes figures from the
shared data; this module does not count anything.
"""

from __future__ import annotations

import datetime
import enum
import functools
import hashlib
import hmac
import re
import types
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
from attrs import field, frozen

from fosterkit.analysis.suppression import DEFAULT_THRESHOLD, check_threshold
from fosterkit.errors import FieldError, FosterkitError
from fosterkit.interviews.process import Cancellation, ComplaintReferral, Escalation, ExitProcess
from fosterkit.interviews.record import is_free_text
from fosterkit.interviews.stages import Appointment, StageTwoWindow
from fosterkit.records import StatusChange, is_special_category

__all__ = [
    "DEFAULT_QUOTE_THRESHOLD",
    "MIN_KEY_BYTES",
    "PSEUDONYM",
    "WITHHELD",
    "SharingError",
    "SharingPolicy",
    "pseudonymise",
    "pseudonymise_all",
    "shorten_postcode",
]

R = TypeVar("R")

#: ``attrs`` metadata key naming the pseudonym namespace of an id field (``{"pseudonym": "staff"}``).
PSEUDONYM = "pseudonym"
#: The shortest key accepted, in bytes.
MIN_KEY_BYTES = 16
#: Counts of free-text quotes from 1 up to this are not published, unless the policy says otherwise.
DEFAULT_QUOTE_THRESHOLD = 10
#: What a required free-text field holds once its text is removed ("confidential").
WITHHELD = "[c]"

_PREFIX = "p-"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648 base32, lower case

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


# -- the policy ------------------------------------------------------------------------------------


def _key(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bytes):
        raise FieldError(
            attribute.name, f"the key must be bytes (a secret the service keeps), not {type(value).__name__}"
        )
    if len(value) < MIN_KEY_BYTES:
        raise FieldError(
            attribute.name,
            f"the key must be at least {MIN_KEY_BYTES} bytes long, got {len(value)}; "
            "use a random key such as secrets.token_bytes(32)",
        )


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, (str, bytes)):
        raise FieldError("keep", f"expected a set of field names, not one text {value!r}")
    return frozenset(value)


def _keep(_instance: object, attribute: attrs.Attribute[Any], value: frozenset[object]) -> None:
    for name in sorted(value, key=repr):
        if not isinstance(name, str) or not name.isidentifier():
            raise FieldError(attribute.name, f"{name!r} is not a field name")


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
    """How records are pseudonymised for sharing: the key, any fields kept, publication thresholds.

    ``key`` is a secret of at least 16 bytes that the service keeps; the same key gives the same
    pseudonyms, so keep it to link later extracts, and never share it. It is left out of ``repr``.
    ``keep`` names free-text or special-category fields to keep (``{"went_well"}``); a name
    applies to every field of that name, in every kind of record.
    """

    key: bytes = field(repr=False, validator=_key)
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
    FREE_TEXT = "free_text"
    SPECIAL = "special_category"
    NESTED = "nested"


@frozen
class _Step:
    name: str
    do: _Do
    namespace: str = ""
    blank: Any = None
    """What a removed free-text or special-category field is set to."""
    nested: bool = False
    """Whether a kept special-category value may hold records to pseudonymise."""


@frozen
class _Plan:
    steps: tuple[_Step, ...]
    dates: frozenset[str]


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


def _blank(attribute: attrs.Attribute[Any], *, text: str | None) -> Any:
    default: Any = attribute.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    if default is not attrs.NOTHING:
        return default
    inner, is_tuple = _unwrap(attribute.type)
    if is_tuple:
        return ()
    return text if inner is str else None


@functools.cache
def _holds_records(kind: Any) -> bool:
    if attrs.has(kind):
        return bool(_plan(kind).steps)
    return any(_holds_records(arg) for arg in get_args(kind) if arg is not Ellipsis)


@functools.cache
def _plan(cls: type) -> _Plan:
    attrs.resolve_types(cls)
    steps: list[_Step] = []
    for attribute in attrs.fields(cls):
        name, kind = attribute.name, attribute.type
        inner, _is_tuple = _unwrap(kind)
        namespace = _namespace(cls, attribute)
        if is_special_category(attribute):
            steps.append(
                _Step(name, _Do.SPECIAL, blank=_blank(attribute, text=None), nested=_holds_records(kind))
            )
        elif is_free_text(attribute) or (cls, name) in _ALSO_FREE_TEXT:
            steps.append(_Step(name, _Do.FREE_TEXT, blank=_blank(attribute, text=WITHHELD)))
        elif namespace is not None:
            if inner is not str:
                raise SharingError(
                    f"{cls.__qualname__}.{name} is an id but not text, so it cannot be pseudonymised"
                )
            steps.append(_Step(name, _Do.ID, namespace=namespace))
        elif isinstance(inner, type) and issubclass(inner, datetime.date):
            steps.append(_Step(name, _Do.DATE))
        elif inner is str and "postcode" in name:
            steps.append(_Step(name, _Do.POSTCODE))
        elif _holds_records(kind):
            steps.append(_Step(name, _Do.NESTED))
    dates = frozenset(step.name for step in steps if step.do is _Do.DATE)
    return _Plan(tuple(steps), dates)


# -- applying a plan --------------------------------------------------------------------------------


def _each(value: Any, change: Any) -> Any:
    """``change`` applied to a value, or to each item of a tuple; ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(change(item) for item in value)
    return change(value)


def _first_of_month(day: datetime.date) -> datetime.date:
    if isinstance(day, datetime.datetime):
        return day.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1, day=1)


def _describe(record: object) -> str:
    name = getattr(record, "id", None)
    return type(record).__qualname__ + (f" {name!r}" if isinstance(name, str) else "")


def _run(step: _Step, value: Any, policy: SharingPolicy, record: object) -> Any:
    do = step.do
    if do is _Do.ID:
        return _each(value, lambda v: policy.pseudonym(step.namespace, v) if v else v)
    if do is _Do.DATE:
        return _each(value, _first_of_month)
    if do is _Do.NESTED:
        return _each(value, lambda v: _pseudonymise(v, policy))
    if do is _Do.POSTCODE:
        try:
            return _each(value, lambda v: shorten_postcode(v) if v else v)
        except ValueError as err:
            raise SharingError(f"{_describe(record)}: {step.name}: {err}") from None
    if step.name in policy.keep:
        return _each(value, lambda v: _pseudonymise(v, policy)) if step.nested else value
    return step.blank


def _pseudonymise(record: R, policy: SharingPolicy) -> R:
    kind = type(record)
    if not attrs.has(kind):
        return record
    plan = _plan(kind)
    changes: dict[str, Any] = {}
    for step in plan.steps:
        value = getattr(record, step.name)
        changed = _run(step, value, policy, record)
        if changed is not value:
            changes[step.name] = changed
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


def pseudonymise(record: R, policy: SharingPolicy) -> R:
    """A pseudonymised copy of ``record``, of the same kind and valid (see the module's notes).

    Any attrs record class works, fosterkit's own (households, departures, data collection
    records, exit processes) and a service's own, nested records and tuples of them included.
    Raises :class:`SharingError` if the record cannot be made valid again.
    """
    if not isinstance(policy, SharingPolicy):
        raise TypeError(f"policy must be a SharingPolicy, not {type(policy).__name__}")
    if not attrs.has(type(record)):
        raise TypeError(f"expected a record (an attrs class), got {type(record).__name__}")
    return _pseudonymise(record, policy)


def pseudonymise_all(records: Iterable[R], policy: SharingPolicy) -> Iterator[R]:
    """Pseudonymise a stream of records one at a time, keeping their order (nothing is held back)."""
    for record in records:
        yield pseudonymise(record, policy)
