"""The TOML form of a support offer, for services that keep their offer in a text file.

The form is ``carers = N`` at the top, a ``[[programme]]`` table per programme and a
``[[figures]]`` table per programme and period, with the fields of
:class:`~fosterkit.offer.model.Programme` and :class:`~fosterkit.offer.model.ProgrammeFigures`
(outcomes and make-up as ``[[figures.outcomes]]`` and ``[[figures.make_up]]`` tables).
:func:`offer_from_dict` reads the parsed TOML and lists every fault at once as an
:class:`OfferFormError`, each problem at its TOML path (``programme[1].recommendations[0]``);
the adapter that read the file adds the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import evolve

from fosterkit.errors import Problem, ProblemsError, StructureError
from fosterkit.framework.catalogue import Catalogue
from fosterkit.offer.model import SupportOffer, reference_problems
from fosterkit.serial.converter import structure

__all__ = ["COUNT_FIELDS", "OfferFormError", "offer_from_dict"]


class OfferFormError(ProblemsError):
    """A support offer's file is malformed or does not fit the catalogue; nothing of it was used."""

    kind = "support offer"


#: The fields holding a count of people, places or sessions, by table.
COUNT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "": ("carers",),
    "programme": ("places_per_year",),
    "figures": ("referred", "started", "completed", "sessions_offered", "sessions_attended"),
    "make_up": ("attendees", "carers"),
}

_TABLES = {"programme": "programmes", "figures": "figures"}


def _count_problem(path: str, value: object) -> Problem | None:
    """A problem for a count field holding something other than a whole number of zero or more."""
    field = path.rsplit(".", 1)[-1]
    message = None
    if isinstance(value, str) and value.strip().endswith("%"):
        message = f"a percentage where a count is expected: give the number, not {value!r}"
    elif isinstance(value, float):
        message = f"a fraction where a count is expected: give a whole number, not {value!r}"
    elif isinstance(value, int) and not isinstance(value, bool) and value < 0:
        message = f"must be zero or more, got {value}"
    return None if message is None else Problem(path=path, field=field, message=message)


def _tables(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    return value if isinstance(value, list) else []


def _count_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Counts given as shares, fractions or negative numbers, anywhere in the form."""
    found = [_count_problem(f, data[f]) for f in COUNT_FIELDS[""] if f in data]
    for table in _TABLES:
        for index, entry in enumerate(_tables(data, table)):
            if not isinstance(entry, dict):
                continue
            at = f"{table}[{index}]"
            found += [_count_problem(f"{at}.{f}", entry[f]) for f in COUNT_FIELDS[table] if f in entry]
            make_up = entry.get("make_up", [])
            for row, group in enumerate(make_up if isinstance(make_up, list) else []):
                if isinstance(group, dict):
                    found += [
                        _count_problem(f"{at}.make_up[{row}].{f}", group[f])
                        for f in COUNT_FIELDS["make_up"]
                        if f in group
                    ]
    return [problem for problem in found if problem is not None]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _texts(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _references(data: Mapping[str, Any], catalogue: Catalogue) -> list[Problem]:
    """What the entries refer to, checked even where an entry could not be built."""
    # An entry that is not a table, or has no id, stays in place (so indexes hold) with id "";
    # structuring has reported it already, so what is said of "" is left out.
    programmes = [
        (_text(entry.get("id")), _texts(entry.get("recommendations")), _texts(entry.get("principles")))
        if isinstance(entry, dict)
        else ("", [], [])
        for entry in _tables(data, "programme")
    ]
    figures = [
        (_text(entry.get("programme_id")), _text(entry.get("period")))
        if isinstance(entry, dict)
        else ("", "")
        for entry in _tables(data, "figures")
    ]
    return [p for p in reference_problems(programmes, figures, catalogue) if p.entry != ""]


def _toml_path(path: str) -> str:
    """``programmes[2].id`` as the TOML form names it: ``programme[2].id``."""
    return "programme" + path[len("programmes") :] if path.startswith("programmes[") else path


def _same_place(path: str, reported: set[str]) -> bool:
    return any(path == done or path.startswith((f"{done}.", f"{done}[")) for done in reported)


def offer_from_dict(
    data: Mapping[str, Any], *, catalogue: Catalogue | None = None, source: str | None = None
) -> SupportOffer:
    """The support offer in ``data`` (parsed TOML), or :class:`OfferFormError` listing every fault.

    Counts must be whole numbers of zero or more (a share such as ``"40%"`` or ``0.4`` is
    refused as such), with ``completed <= started <= referred``. Given a ``catalogue``, the
    recommendation and principle ids are checked against it and the offer is checked across
    its entries (:func:`~fosterkit.offer.offer_problems`): a programme listed twice, figures
    for a programme not listed. Problems are located by TOML path (``figures[0].started``).
    """
    problems = [
        Problem(
            path=key, field=key, message="unexpected key; the form has carers, [[programme]] and [[figures]]"
        )
        for key in data
        if key not in ("carers", *_TABLES)
    ]
    problems += [
        Problem(path=name, field=name, message=f"expected [[{name}]] tables, got {type(data[name]).__name__}")
        for name in _TABLES
        if name in data and not isinstance(data[name], list)
    ]
    problems += _count_problems(data)
    shaped = {
        "carers": data.get("carers"),
        **{plural: _tables(data, name) for name, plural in _TABLES.items()},
    }
    offer = None
    try:
        offer = structure(shaped, SupportOffer)
    except StructureError as err:
        reported = {p.path for p in problems}
        for problem in err.problems:
            path = _toml_path(problem.path)
            if not _same_place(path, reported):
                problems.append(evolve(problem, path=path))
    if catalogue is not None:
        problems += [evolve(p, path=_toml_path(p.path)) for p in _references(data, catalogue)]
    if problems or offer is None:
        raise OfferFormError(problems, source)
    return offer
