"""Adapter: a service's support offer read from a file, each fault named by its line and field.

A TOML offer (``offer.toml``: ``carers = N``, ``[[programme]]`` and ``[[figures]]`` tables) is
read here through :func:`~fosterkit.adapters.toml_files.read_toml_file` and parsed in the core
(:func:`fosterkit.offer.offer_from_dict`); each problem is given the line of the key it is about.
An offer kept in the audit workbook's "Support offer" sheet is read by the workbook's reader:
:func:`load_offer` chooses by the file's suffix (see :data:`OFFER_SUFFIXES`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from attrs import evolve

from fosterkit.adapters.audit_files import read_audit_workbook
from fosterkit.adapters.toml_files import read_toml_file, toml_data
from fosterkit.errors import Problem
from fosterkit.framework.catalogue import Catalogue
from fosterkit.offer import OfferFormError, SupportOffer, offer_from_dict

__all__ = ["OFFER_SUFFIXES", "load_offer", "offer_key_lines", "parse_offer_toml"]

#: The kinds of file an offer is read from, by suffix.
OFFER_SUFFIXES = (".toml", ".xlsx")

_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.-]+)[ \t]*\]\]?")
_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_-]+|\"[^\"\n]*\")[ \t]*=")
_LAST_PART = re.compile(r"(\.[A-Za-z0-9_-]+|\[[0-9]+\])$")


def offer_key_lines(text: str) -> dict[str, int]:
    """The line of each table and key of an offer's TOML text, by TOML path (``figures[1].started``).

    Arrays of tables (``[[programme]]``, ``[[figures.outcomes]]``) are numbered as they come;
    a nested one is numbered within its parent's latest table.
    """
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    prefix = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            brackets, name = header.groups()
            parts = name.split(".")
            parent = ""
            for part in parts[:-1]:
                base = f"{parent}.{part}" if parent else part
                parent = f"{base}[{counts[base] - 1}]" if base in counts else base
            table = f"{parent}.{parts[-1]}" if parent else parts[-1]
            if brackets == "[[":
                counts[table] = counts.get(table, 0) + 1
                prefix = f"{table}[{counts[table] - 1}]"
            else:
                prefix = table
            lines.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip('"')
            lines.setdefault(f"{prefix}.{name}" if prefix else name, number)
    return lines


def _located(problem: Problem, lines: dict[str, int]) -> Problem:
    """``problem`` with the line of its path, or of the nearest enclosing key or table."""
    path = problem.path
    while path:
        if path in lines:
            return evolve(problem, source=f"line {lines[path]}")
        shorter = _LAST_PART.sub("", path)
        if shorter == path:
            break
        path = shorter
    return problem


def parse_offer_toml(
    text: str, *, catalogue: Catalogue | None = None, source: str = "<string>"
) -> SupportOffer:
    """A support offer from TOML text; :class:`~fosterkit.offer.OfferFormError` lists every fault by line."""
    data = toml_data(text, source, OfferFormError)
    try:
        return offer_from_dict(data, catalogue=catalogue, source=source)
    except OfferFormError as err:
        lines = offer_key_lines(text)
        located = [_located(p, lines) for p in err.problems]
        located.sort(key=lambda p: int(p.source.split()[-1]) if p.source else 0)
        raise OfferFormError(located, source) from None


#: The audit workbook's sheets that hold the support offer.
OFFER_SHEETS = ("Support offer", "Offer figures")


def _offer_in_workbook(path: str | os.PathLike[str], catalogue: Catalogue | None) -> SupportOffer:
    """The offer an audit workbook holds; its sheets' problems, by cell, as an :class:`OfferFormError`."""
    reading = read_audit_workbook(path, catalogue=catalogue)
    problems = [
        Problem(path=f"{p.where} ({p.value})" if p.value else p.where, message=p.message)
        for p in reading.problems
        if p.sheet in OFFER_SHEETS
    ]
    if problems:
        raise OfferFormError(problems, os.fspath(path))
    return reading.cycle.offer if reading.cycle.offer is not None else SupportOffer()


def load_offer(path: str | os.PathLike[str], *, catalogue: Catalogue | None = None) -> SupportOffer:
    """The support offer in a TOML file, checked against ``catalogue`` when one is given.

    An audit workbook (``.xlsx``) holds the offer on its "Support offer" and "Offer figures"
    sheets, read with the rest of the workbook by its format; each value those sheets could not
    take is a problem naming its sheet and cell.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        text, source = read_toml_file(path, OfferFormError)
        return parse_offer_toml(text, catalogue=catalogue, source=source)
    if suffix == ".xlsx":
        return _offer_in_workbook(path, catalogue)
    message = (
        f"an offer is read from {' or '.join(OFFER_SUFFIXES)}, not {suffix or 'a file without a suffix'}"
    )
    raise OfferFormError([Problem(path="", message=message, whole_file=True)], str(path))
