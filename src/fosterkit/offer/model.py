"""The support offer: the programmes a service offers its foster carers, and their figures.

The Reflective Tool's Assess step asks a service to map the support it offers carers (with its
corporate parenting partners) against the Practice Guide's recommendations, and to look at who
takes it up, who finishes it, what carers think of it and what it achieves. A
:class:`SupportOffer` holds that map as plain data: each :class:`Programme` with the
recommendations and key principles it serves, and its :class:`ProgrammeFigures` per period.

The classes refuse numbers that cannot be right (a negative count, more completing than
starting) with a :class:`~fosterkit.errors.FieldError` naming the field. What can only be
checked against a catalogue or across the whole offer (an unknown recommendation id, a
programme listed twice) is listed by :func:`offer_problems`, all at once.
"""

from __future__ import annotations

import difflib
import enum
import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, Problem
from fosterkit.framework.catalogue import Catalogue

__all__ = [
    "Delivery",
    "MakeUp",
    "Outcome",
    "OutcomeArea",
    "Programme",
    "ProgrammeFigures",
    "ProgrammeKind",
    "SupportOffer",
    "offer_problems",
    "reference_problems",
]


class ProgrammeKind(enum.Enum):
    """What kind of programme it is, as the Assess step asks."""

    GUIDE_INTERVENTION = "guide_intervention"
    """An evidence-based intervention named in the Practice Guide."""
    OTHER_EVIDENCE_BASED = "other_evidence_based"
    """Evidence-based, but not one the Practice Guide names."""
    LOCALLY_DEVELOPED = "locally_developed"
    """Developed by the service or its partners."""

    @property
    def label(self) -> str:
        """The kind in words: ``"Locally developed"``."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ProgrammeKind.GUIDE_INTERVENTION: "Intervention named in the Practice Guide",
    ProgrammeKind.OTHER_EVIDENCE_BASED: "Other evidence-based",
    ProgrammeKind.LOCALLY_DEVELOPED: "Locally developed",
}


class Delivery(enum.Enum):
    """How a programme is delivered; a programme may be delivered in several ways."""

    GROUP = "group"
    ONE_TO_ONE = "one_to_one"
    ONLINE = "online"
    PEER_LED = "peer_led"
    PRACTITIONER_LED = "practitioner_led"

    @property
    def label(self) -> str:
        """The way in words: ``"One-to-one"``."""
        return self.value.replace("_to_", "-to-").replace("_", "-").capitalize()


class OutcomeArea(enum.Enum):
    """What an outcome measure is about."""

    CARER_WELLBEING = "carer_wellbeing"
    PLACEMENT_STABILITY = "placement_stability"
    SATISFACTION = "satisfaction"
    CARER_RETENTION = "carer_retention"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The area in words: ``"Carer wellbeing"``."""
        return self.value.replace("_", " ").capitalize()


def _count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a whole number of zero or more (a share or a fraction is refused as such)."""
    if isinstance(value, float) or (isinstance(value, str) and value.strip().endswith("%")):
        raise FieldError(
            attribute.name, f"expected a count (a whole number), got {value!r}; give the number, not a share"
        )
    v.instance_of(int)(_instance, attribute, value)
    v.non_negative(_instance, attribute, value)  # type: ignore[arg-type]


def _number(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a finite number (int or float, not bool)."""
    v.instance_of((int, float))(_instance, attribute, value)
    if not math.isfinite(value):  # type: ignore[arg-type]
        raise FieldError(attribute.name, f"expected a number, got {value!r}")


def _ids(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a tuple of distinct ids."""
    v.instance_of(tuple)(_instance, attribute, value)
    v.items(v.identifier)(_instance, attribute, value)  # type: ignore[arg-type]
    v.distinct_items(_instance, attribute, value)  # type: ignore[arg-type]


@v.names_its_id
@frozen(kw_only=True)
class Programme:
    """A programme of support a service offers its carers, alone or with partners."""

    id: str = field(validator=v.identifier)
    """Its identifier, unique in the offer."""
    name: str = field(validator=v.text)
    kind: ProgrammeKind = field(validator=v.instance_of(ProgrammeKind))
    provider: str = field(default="", validator=v.optional_text)
    """Who delivers it: the service, a partner in corporate parenting, a charity."""
    recommendations: tuple[str, ...] = field(default=(), validator=_ids)
    """The ids of the recommendations it serves (R1-R7 in the Practice Guide)."""
    principles: tuple[str, ...] = field(default=(), validator=_ids)
    """The ids of the key principles it embodies (KP1-KP8 in the Practice Guide)."""
    delivery: tuple[Delivery, ...] = field(default=(), validator=[*v.tuple_of(Delivery), v.distinct_items])
    for_whom: str = field(default="", validator=v.optional_text)
    """Who it is for, in words."""
    places_per_year: int | None = field(default=None, validator=v.optional(_count))


@frozen(kw_only=True)
class Outcome:
    """One outcome measure of a programme, before and after, on its own scale."""

    area: OutcomeArea = field(validator=v.instance_of(OutcomeArea))
    measure: str = field(validator=v.text)
    """The measure's name (a wellbeing scale, say)."""
    scale: str = field(validator=v.text)
    """Its scale in words: ``"14-70, higher is better"``."""
    before: float | None = field(default=None, validator=v.optional(_number))
    after: float | None = field(default=None, validator=v.optional(_number))


@frozen(kw_only=True)
class MakeUp:
    """How many attendees came from one group of carers, against that group's number where known."""

    group: str = field(validator=v.text)
    """The group of carers: ``"connected persons"``, say."""
    attendees: int = field(validator=_count)
    carers: int | None = field(default=None, validator=v.optional(_count))
    """Carers in that group in the service's population, where known."""


def _not_above(limit: str) -> Any:
    """Require a count no larger than the count in the field ``limit``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
        bound = getattr(instance, limit)
        if isinstance(bound, int) and value > bound:
            raise FieldError(attribute.name, f"{value} is more than {limit} ({bound})")

    return check


def _attendance(instance: ProgrammeFigures, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is None:
        return
    if instance.sessions_offered is None:
        raise FieldError(attribute.name, "give sessions_offered too, so attendance has a base")
    most = instance.started * instance.sessions_offered
    if value > most:
        raise FieldError(
            attribute.name,
            f"{value} is more than started x sessions_offered "
            f"({instance.started} x {instance.sessions_offered} = {most})",
        )


def _scale_given(instance: ProgrammeFigures, attribute: attrs.Attribute[Any], value: str) -> None:
    v.optional_text(instance, attribute, value)
    if instance.acceptability is not None and not value.strip():
        raise FieldError(
            attribute.name, "say the rating's scale (such as '1-5, 5 best') when acceptability is given"
        )


@frozen(kw_only=True)
class ProgrammeFigures:
    """A programme's figures for one period: who was referred, started and completed, and more.

    Counts are whole numbers of zero or more, with ``completed <= started <= referred``.
    """

    programme_id: str = field(validator=v.identifier)
    period: str = field(validator=v.text)
    """The period the figures cover, by name (``"2025-26"``)."""
    referred: int = field(validator=_count)
    started: int = field(validator=[_count, _not_above("referred")])
    completed: int = field(validator=[_count, _not_above("started")])
    sessions_offered: int | None = field(default=None, validator=v.optional(_count))
    sessions_attended: int | None = field(default=None, validator=[v.optional(_count), _attendance])
    """Sessions attended, summed over everyone who started."""
    acceptability: float | None = field(default=None, validator=v.optional(_number))
    """The average rating attendees gave the programme."""
    acceptability_scale: str = field(default="", validator=_scale_given)
    outcomes: tuple[Outcome, ...] = field(default=(), validator=v.tuple_of(Outcome))
    make_up: tuple[MakeUp, ...] = field(default=(), validator=v.tuple_of(MakeUp))

    @property
    def key(self) -> tuple[str, str]:
        """``(programme_id, period)``: figures are listed once for each."""
        return (self.programme_id, self.period)


@frozen(kw_only=True)
class SupportOffer:
    """A service's support offer: its programmes and their figures.

    Build one freely; :func:`offer_problems` checks it against a catalogue and across entries.
    """

    programmes: tuple[Programme, ...] = field(default=(), validator=v.tuple_of(Programme))
    figures: tuple[ProgrammeFigures, ...] = field(default=(), validator=v.tuple_of(ProgrammeFigures))
    carers: int | None = field(default=None, validator=v.optional(_count))
    """Approved fostering households in the service: the base of a programme's reach."""

    def programme(self, programme_id: str) -> Programme:
        """The programme with this id (the first, if listed twice)."""
        for programme in self.programmes:
            if programme.id == programme_id:
                return programme
        raise KeyError(f"no programme with id {programme_id!r}")

    def figures_for(self, programme_id: str) -> tuple[ProgrammeFigures, ...]:
        """The figures given for a programme, in the order listed."""
        return tuple(f for f in self.figures if f.programme_id == programme_id)


def _nearest(text: str, known: Sequence[str]) -> str:
    """``"; did you mean 'R4'?"`` for the closest of ``known`` to ``text``, or ``""`` when none is close."""
    close = difflib.get_close_matches(text.upper(), [k.upper() for k in known], n=1, cutoff=0.5)
    if not close:
        return ""
    match = next(k for k in known if k.upper() == close[0])
    return f"; did you mean {match!r}?"


def _unknown_ids(
    path: str, entry: str, ids: Iterable[str], known: Sequence[str], what: str, pack: str
) -> list[Problem]:
    field_name = path.rsplit(".", 1)[-1]
    return [
        Problem(
            path=f"{path}[{index}]",
            entry=entry,
            field=field_name,
            message=f"{pack} has no {what} {item!r}{_nearest(item, known)}",
        )
        for index, item in enumerate(ids)
        if item not in known
    ]


def offer_problems(offer: SupportOffer, catalogue: Catalogue) -> list[Problem]:
    """Everything wrong with an offer that its classes cannot see alone, listed together.

    Unknown recommendation or principle ids (with the nearest known id), a programme id listed
    twice, figures for a programme not listed, and figures listed twice for one programme and
    period. Paths are ``programmes[i].field`` and ``figures[i].field``.
    """
    return reference_problems(
        [(p.id, p.recommendations, p.principles) for p in offer.programmes],
        [f.key for f in offer.figures],
        catalogue,
    )


def reference_problems(
    programmes: Sequence[tuple[str, Sequence[str], Sequence[str]]],
    figures: Sequence[tuple[str, str]],
    catalogue: Catalogue,
) -> list[Problem]:
    """:func:`offer_problems` on bare references, for readers that could not build every entry.

    ``programmes`` holds ``(id, recommendations, principles)`` of each programme and ``figures``
    ``(programme_id, period)`` of each set of figures, as listed.
    """
    problems: list[Problem] = []
    recs = [r.id for r in catalogue.recommendations]
    principles = [p.id for p in catalogue.principles]
    pack = catalogue.pack.id
    for index, (programme_id, recommendations, embodies) in enumerate(programmes):
        at = f"programmes[{index}]"
        problems += _unknown_ids(
            f"{at}.recommendations", programme_id, recommendations, recs, "recommendation", pack
        )
        problems += _unknown_ids(
            f"{at}.principles", programme_id, embodies, principles, "key principle", pack
        )
    ids = [programme[0] for programme in programmes]
    for _first, programme_id, count in v.repeats(ids):
        for index in [i for i, p in enumerate(ids) if p == programme_id][1:]:
            problems.append(
                Problem(
                    path=f"programmes[{index}].id",
                    entry=programme_id,
                    field="id",
                    message=f"programme {programme_id!r} is listed {count} times; list each programme once",
                )
            )
    listed = set(ids)
    for index, (programme_id, _period) in enumerate(figures):
        if programme_id not in listed:
            problems.append(
                Problem(
                    path=f"figures[{index}].programme_id",
                    entry=programme_id,
                    field="programme_id",
                    message=f"figures for programme {programme_id!r}, which the offer does not list"
                    f"{_nearest(programme_id, ids)}",
                )
            )
    for _first, (programme_id, period), _count in v.repeats(list(figures)):
        for index in [i for i, k in enumerate(figures) if k == (programme_id, period)][1:]:
            problems.append(
                Problem(
                    path=f"figures[{index}].period",
                    entry=programme_id,
                    field="period",
                    message=f"figures for programme {programme_id!r} in {period!r} are listed twice; "
                    "give one set of figures for each programme and period",
                )
            )
    return problems
