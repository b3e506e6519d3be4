"""What losing foster carers costs a service, estimated from assumptions that are stated with it.

Two parts make the estimate. Each household that leaves has to be replaced, and finding,
assessing and approving a new one costs the service money (``recruit_and_approve``). And a
household that had a child with it when it left leaves that child to be placed elsewhere; while
a replacement is found, the placement is often bought from an independent fostering agency, at
more a week than an in-house placement costs. So::

    recruitment      = recruit_and_approve x departures
    extra placements = (weekly_agency - weekly_in_house) x weeks_to_replace
                       x placements_per_household x caring departures x share covered by an agency
    total            = recruitment + extra placements

The weekly costs default to the 2016-17 averages from the National Fostering Stocktake (2018):
about £475 a week for a local-authority placement and about £798 with an independent agency,
as a county council reported them to its corporate parenting panel (paragraph 2.7). There is
no public figure for recruiting and approving a household ("thousands of pounds", says the
exit-interview guide) nor for how long a replacement takes, so those two have no default: the
service states its own, and the estimate prints them beside the result.

Money is :class:`decimal.Decimal` throughout, worked out exactly; it is rounded to whole pounds
only for display (:func:`format_pounds`). Nothing here reads files or the clock; a TOML file of
assumptions is read by the loader and passed to :func:`cost_assumptions_from_dict`.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, Problem, StructureError
from fosterkit.records import Departure

__all__ = [
    "AGENCY_WEEKLY_2016_17",
    "IN_HOUSE_WEEKLY_2016_17",
    "MOST",
    "STOCKTAKE_2018",
    "CostAssumptions",
    "CostEstimate",
    "CostPart",
    "cost_assumptions_from_dict",
    "format_pounds",
    "turnover_cost",
]

#: Where the default weekly costs come from.
STOCKTAKE_2018 = (
    "2016-17 average, National Fostering Stocktake (Narey and Owers, 2018), as reported in a county "
    "council's response to its corporate parenting panel, paragraph 2.7"
)
#: Average weekly cost of a local-authority foster placement, 2016-17.
IN_HOUSE_WEEKLY_2016_17 = Decimal(475)
#: Average weekly cost of a placement with an independent fostering agency, 2016-17.
AGENCY_WEEKLY_2016_17 = Decimal(798)

_OWN_FIGURE = "the service's own assumption; there is no official figure"
_SET_BY_SERVICE = "set by the service; no source given"

#: Enough digits that sums and products of realistic figures are exact.
_PRECISION = 60


def _to_decimal(value: object) -> object:
    """Whole numbers become Decimals; anything else is left for the validator to judge."""
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_zero():
        return Decimal(0)  # no "-0" in reports
    return value


#: The largest figure each assumption may be, so a typing slip (``1e25``) is refused, not costed.
#: Far above any real figure: ten years to replace a household, £100,000 a week for a placement,
#: £1,000,000 to recruit and approve a household, ten children placed with one household.
MOST = {
    "recruit_and_approve": Decimal(1_000_000),
    "weeks_to_replace": Decimal(520),
    "weekly_in_house": Decimal(100_000),
    "weekly_agency": Decimal(100_000),
    "placements_per_household": Decimal(10),
}
#: The most significant digits an assumption may be given with (``0.1`` has one).
_MOST_DIGITS = 20
#: The most decimal places an assumption may have: a millionth of a pound or week is already absurd.
_MOST_PLACES = 6


def _amount(kind: str, *, positive: bool = False) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Decimal):
            raise FieldError(
                attribute.name,
                f"expected {kind} as a whole number or a Decimal, got {type(value).__name__}",
            )
        if not value.is_finite():
            raise FieldError(attribute.name, f"expected a finite amount, got {value}")
        if value < 0 or (positive and value == 0):
            raise FieldError(
                attribute.name, f"must be {'more than' if positive else 'at least'} 0, got {_shown(value)}"
            )
        most = MOST[attribute.name]
        if value > most:
            raise FieldError(attribute.name, f"must be at most {most:,} {kind}, got {_shown(value)}")
        if len(value.as_tuple().digits) > _MOST_DIGITS:
            raise FieldError(attribute.name, f"has more than {_MOST_DIGITS} digits, got {_shown(value)}")
        if _places(value) > _MOST_PLACES:
            raise FieldError(
                attribute.name, f"has more than {_MOST_PLACES} decimal places, got {_shown(value)}"
            )

    return check


def _places(value: Decimal) -> int:
    """How many decimal places ``value`` needs (``0.50`` needs one, ``1E+2`` none)."""
    _sign, digits, exponent = value.as_tuple()
    shown = "".join(map(str, digits))
    return max(0, -(int(exponent) + len(shown) - len(shown.rstrip("0"))))


def _shown(value: Decimal) -> str:
    """A figure for an error message, shortened so a number of a thousand digits stays one short line."""
    text = str(value)
    return text if len(text) <= 24 else f"{value:.6E}"


_money = _amount("pounds")
_source = v.optional(v.text)


def _agency(instance: CostAssumptions, _attribute: object, value: Decimal) -> None:
    if isinstance(value, Decimal) and value < instance.weekly_in_house:
        raise FieldError(
            "weekly_agency",
            f"£{value} a week is less than the in-house £{instance.weekly_in_house}; the estimate "
            "counts the extra cost of agency placements, so it needs weekly_agency >= weekly_in_house",
        )


@frozen(kw_only=True)
class CostAssumptions:
    """The figures a turnover cost estimate rests on, each with a note of where it comes from.

    ``recruit_and_approve`` and ``weeks_to_replace`` have no official figure, so they have no
    default: the service sets them. Amounts are whole pounds (``int``) or ``Decimal``.
    """

    recruit_and_approve: Decimal = field(converter=_to_decimal, validator=_money)
    """Pounds to recruit, assess and approve one new household."""
    weeks_to_replace: Decimal = field(converter=_to_decimal, validator=_amount("weeks"))
    """Weeks a placement is bought from an agency while a replacement household is found."""
    weekly_in_house: Decimal = field(default=IN_HOUSE_WEEKLY_2016_17, converter=_to_decimal, validator=_money)
    """Pounds a week for a placement with one of the service's own households."""
    weekly_agency: Decimal = field(
        default=AGENCY_WEEKLY_2016_17, converter=_to_decimal, validator=[_money, _agency]
    )
    """Pounds a week for a placement with an independent fostering agency."""
    placements_per_household: Decimal = field(
        default=Decimal(1), converter=_to_decimal, validator=_amount("placements", positive=True)
    )
    """Children placed, on average, with a household that leaves while caring."""
    recruit_and_approve_source: str | None = field(default=None, validator=_source)
    """Where ``recruit_and_approve`` comes from; each figure has such a note (``None``: a standard one)."""
    weeks_to_replace_source: str | None = field(default=None, validator=_source)
    weekly_in_house_source: str | None = field(default=None, validator=_source)
    weekly_agency_source: str | None = field(default=None, validator=_source)
    placements_per_household_source: str | None = field(default=None, validator=_source)

    def source(self, name: str) -> str:
        """Where the figure ``name`` comes from: the note given, or a standard note if none was."""
        if name not in _AMOUNT_KEYS:
            raise KeyError(f"no assumption {name!r}; the assumptions are {', '.join(_AMOUNT_KEYS)}")
        given: str | None = getattr(self, f"{name}_source")
        if given is not None:
            return given
        default = _DEFAULTS.get(name)
        if default is not None and getattr(self, name) == default[0]:
            return default[1]
        return _OWN_FIGURE if default is None else _SET_BY_SERVICE

    def lines(self) -> tuple[str, ...]:
        """Each assumption as a line of text, with its source."""
        return (
            f"Recruiting and approving a household: {_money_text(self.recruit_and_approve)} "
            f"({self.source('recruit_and_approve')})",
            f"Weeks a placement is bought from an agency until a replacement is found: "
            f"{_number(self.weeks_to_replace)} ({self.source('weeks_to_replace')})",
            f"In-house placement: {_money_text(self.weekly_in_house)} a week "
            f"({self.source('weekly_in_house')})",
            f"Independent agency placement: {_money_text(self.weekly_agency)} a week "
            f"({self.source('weekly_agency')})",
            f"Placements per household: {_number(self.placements_per_household)} "
            f"({self.source('placements_per_household')})",
        )


_AMOUNT_KEYS = (
    "recruit_and_approve",
    "weeks_to_replace",
    "weekly_in_house",
    "weekly_agency",
    "placements_per_household",
)
_KEYS = (*_AMOUNT_KEYS, *(f"{key}_source" for key in _AMOUNT_KEYS))
#: The documented defaults and their sources.
_DEFAULTS = {
    "weekly_in_house": (IN_HOUSE_WEEKLY_2016_17, STOCKTAKE_2018),
    "weekly_agency": (AGENCY_WEEKLY_2016_17, STOCKTAKE_2018),
    "placements_per_household": (Decimal(1), "fosterkit's default: one child placed with each household"),
}


def cost_assumptions_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> CostAssumptions:
    """Cost assumptions from a mapping, such as a parsed TOML file of ``name = value`` lines.

    Amounts may be whole numbers, Decimals, decimal text (``"475.50"``) or floats (read by their
    shortest decimal form, so ``798.5`` is exactly 798.50). Keys not set keep their defaults.
    Every problem is reported at once, as a :class:`~fosterkit.errors.StructureError`.
    """
    if not isinstance(data, Mapping):
        raise StructureError(
            [Problem(path="", message=f"expected a table of assumptions, got {type(data).__name__}")], source
        )
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            message = (
                f"unknown assumption {key!r}; the assumptions are {', '.join(_AMOUNT_KEYS)} (and *_source)"
            )
            problems.append(Problem(path=str(key), field=str(key), message=message))
        elif key in _AMOUNT_KEYS:
            values[key] = _read_amount(value)
        else:
            values[key] = value
    for key in ("recruit_and_approve", "weeks_to_replace"):
        if key not in data:
            message = "required: there is no official figure, so the service states its own"
            problems.append(Problem(path=key, field=key, message=message))
    if not problems:
        try:
            return CostAssumptions(**values)
        except FieldError as err:
            problems.append(Problem(path=err.field, field=err.field, message=err.message))
    raise StructureError(problems, source)


def _read_amount(value: object) -> object:
    if isinstance(value, float):
        # TOML's inf and nan become Decimal's, which the validators refuse by name.
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", ""))
        except decimal.InvalidOperation:
            return value
    return value


@frozen(kw_only=True)
class CostPart:
    """One part of the estimate: what it is, how much, and the sum that gives it."""

    name: str
    amount: Decimal
    """Exact, not rounded."""
    working: str
    """The arithmetic, in words and rounded figures, for a report."""


@frozen(kw_only=True)
class CostEstimate:
    """An estimate of what turnover cost, with its parts and the assumptions it rests on."""

    departures: int
    caring: int
    """Of the departures, how many had a child placed when they left."""
    agency_share: Decimal
    """The share of those children placed with an agency until a replacement is found."""
    assumptions: CostAssumptions
    recruitment: CostPart
    extra_placements: CostPart

    @property
    def parts(self) -> tuple[CostPart, CostPart]:
        """The recruitment part and the extra placement part."""
        return (self.recruitment, self.extra_placements)

    @property
    def total(self) -> Decimal:
        """The exact total of the parts."""
        return self.recruitment.amount + self.extra_placements.amount

    def lines(self) -> tuple[str, ...]:
        """The estimate as lines of text: the total, how each part was worked out, and the assumptions."""
        return (
            f"Estimated cost of turnover: {format_pounds(self.total)}",
            *(f"{part.name}: {part.working}" for part in self.parts),
            "Assumptions:",
            *(f"- {line}" for line in self.assumptions.lines()),
        )

    def explain(self) -> str:
        """:meth:`lines` joined into one text."""
        return "\n".join(self.lines())


def turnover_cost(
    departures: int | Iterable[Departure],
    assumptions: CostAssumptions,
    *,
    caring: int | None = None,
    replaced_by_agency_share: int | Decimal = 1,
) -> CostEstimate:
    """Estimate what losing ``departures`` households costs, with the working shown.

    ``departures`` is a count, or the departures themselves (each id counted once). ``caring``
    says how many of them had a child placed when they left (all of them if not given); only
    those add placement costs. ``replaced_by_agency_share`` (0 to 1, default 1: every such child)
    is the share placed with an independent agency while a replacement household is found.
    """
    count = _count(departures)
    caring = count if caring is None else caring
    if isinstance(caring, bool) or not isinstance(caring, int) or not 0 <= caring <= count:
        raise ValueError(f"caring must be a whole number from 0 to the {count} departures, not {caring!r}")
    share = _to_decimal(replaced_by_agency_share)
    if not isinstance(share, Decimal) or not share.is_finite() or not 0 <= share <= 1:
        raise ValueError(
            "replaced_by_agency_share must be a whole number or Decimal from 0 to 1, "
            f"not {replaced_by_agency_share!r}"
        )
    if not isinstance(assumptions, CostAssumptions):
        raise TypeError(f"assumptions must be CostAssumptions, not {type(assumptions).__name__}")
    a = assumptions
    with decimal.localcontext() as context:
        context.prec = _PRECISION
        recruitment = a.recruit_and_approve * count
        gap = a.weekly_agency - a.weekly_in_house
        extra = gap * a.weeks_to_replace * a.placements_per_household * caring * share
    return CostEstimate(
        departures=count,
        caring=caring,
        agency_share=share,
        assumptions=a,
        recruitment=CostPart(
            name="Recruiting and approving replacements",
            amount=recruitment,
            working=f"{_plural(count, 'departure')} x {_money_text(a.recruit_and_approve)} "
            f"= {format_pounds(recruitment)}",
        ),
        extra_placements=CostPart(
            name="Agency placements until replaced",
            amount=extra,
            working=f"({_money_text(a.weekly_agency)} - {_money_text(a.weekly_in_house)}) a week "
            f"x {_plural(a.weeks_to_replace, 'week')} x {_plural(a.placements_per_household, 'placement')} "
            f"x {_plural(caring, 'caring departure')} x {_percent(share)} placed with an agency "
            f"= {format_pounds(extra)}",
        ),
    )


def format_pounds(amount: Decimal | int) -> str:
    """``amount`` rounded to whole pounds (halves up) for display, such as ``£16,796``."""
    whole = Decimal(amount).quantize(Decimal(1), rounding=decimal.ROUND_HALF_UP)
    sign = "-" if whole < 0 else ""
    return f"{sign}£{abs(whole):,}"


def _count(departures: int | Iterable[Departure]) -> int:
    if isinstance(departures, int) and not isinstance(departures, bool):
        if departures < 0:
            raise ValueError(f"the number of departures cannot be negative, got {departures}")
        return departures
    if isinstance(departures, (bool, str, bytes)) or not isinstance(departures, Iterable):
        raise TypeError(f"departures must be a count or Departure records, not {type(departures).__name__}")
    ids: set[str] = set()
    for position, departure in enumerate(departures, start=1):
        if not isinstance(departure, Departure):
            raise TypeError(f"item {position} is a {type(departure).__name__}, not a Departure")
        ids.add(departure.id)
    return len(ids)


def _money_text(amount: Decimal) -> str:
    """An assumed amount as given: whole pounds, or pounds and pence."""
    if amount == amount.to_integral_value():
        return format_pounds(amount)
    exponent = amount.as_tuple().exponent
    pence = amount if isinstance(exponent, int) and exponent < -2 else amount.quantize(Decimal("0.01"))
    return f"£{pence:,}"


def _number(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else str(value)


def _plural(value: Decimal | int, noun: str) -> str:
    return f"{_number(value)} {noun}{'' if value == 1 else 's'}"


def _percent(share: Decimal) -> str:
    return f"{_number(share * 100)}%"
