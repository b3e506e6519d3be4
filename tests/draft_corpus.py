"""A corpus of synthetic case-system exports of foster-carer departures, each with its answer key.

Made up here, in the style of exports services really send (Mosaic-like reports, Liquidlogic-like
lists and forms, CHARMS-like extracts, spreadsheets kept by hand, a database dump): differing
headings, title rows above the header, dates written in different ways, local codes with and
without a column of their meanings, columns holding couple/single or yes/no. None of them is a
vendor's real format; the rows are invented from a fixed seed.

Each :class:`Export` holds its rows and its :class:`Key`: the column (or columns) each departure
field should be drafted from, the date forms its dates need, and what each local code means.
:func:`score` compares a drafted mapping with the key; :func:`source_rows` writes the export to a
folder (CSV text in its encoding, or an ``.xlsx`` made with openpyxl) and reads it back through
fosterkit's own source readers, as ``fosterkit mapping init`` does. Used by
``tests/test_draft_corpus.py`` and ``benchmarks/draft_accuracy.py``.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import tomllib
from attrs import field, frozen

from fosterkit.adapters.importing import reader_for
from fosterkit.errors import UnknownCodeError
from fosterkit.imports.draft import Draft
from fosterkit.imports.mapping import DEFAULT_DATE_FORMATS, ImportMapping, SourceSettings
from fosterkit.imports.source import Cell, SourceRow
from fosterkit.imports.values import BadValue, ValueKind, normalise, value_reader
from fosterkit.plugins import make_plugin_manager
from fosterkit.reasons import Taxonomy
from fosterkit.records import LeavingRoute

__all__ = [
    "CORPUS",
    "FIELDS",
    "Export",
    "Item",
    "Key",
    "score",
    "source_rows",
    "write_export",
]

#: The departure fields the key gives a column for (when the export has one).
FIELDS = (
    "id",
    "household_id",
    "notice_on",
    "leaving_on",
    "initiated_by",
    "route",
    "destination",
    "stated_reasons",
)
_DATE_FIELDS = ("notice_on", "leaving_on")
_US = "%m/%d/%Y"
_ROUTE = value_reader(ValueKind.ENUM, choices=LeavingRoute)

#: Acceptable answers: a code or choice may have several right answers; none means a person must judge.
Accept = tuple[str, ...]


@frozen
class Key:
    """The right draft of one export, and what only a person can settle."""

    columns: Mapping[str, tuple[tuple[str, ...], ...]]
    """By field, the acceptable column lists (a field the file has no column for is absent)."""
    dates: Mapping[str, tuple[str, ...]]
    """By date field, the date forms its values need (none: date cells only)."""
    values: Mapping[str, Mapping[str, Accept]]
    """By field (route, stated_reasons), each local value needing a map and what it may map to."""
    judgement: frozenset[str] = frozenset()
    """Items (as :attr:`Item.name` gives them) a draft may fairly leave TODO for a person."""


@frozen
class Export:
    """One synthetic export: its rows as a reader gives them, how it is stored, and its key."""

    name: str
    style: str
    """What it is made to look like (in the style of, never the real format)."""
    rows: tuple[tuple[Cell, ...], ...]
    key: Key
    suffix: str = "csv"
    encoding: str = "utf-8"
    date_cells: bool = field(default=False)
    """Dates are stored as workbook date cells (``.xlsx`` only)."""


@frozen
class Item:
    """One scored part of a draft: a field's column, its date forms, or one local value's map."""

    export: str
    name: str
    """``column:FIELD``, ``dates:FIELD`` or ``value:FIELD:LOCAL``."""
    outcome: str
    """``right``, ``todo`` or ``wrong``."""
    detail: str = ""
    extra: bool = False
    """A column drafted for a field the file has no column for (always wrong)."""


# -- local codes --------------------------------------------------------------------------------

#: A local code book: (the file's code, its meaning as the file's label column gives it, accepted codes).
Book = tuple[tuple[str, str, Accept], ...]

#: Short codes with no label column, in the style of a council's own list.
ABBREVIATIONS: Book = (
    ("RET", "", ("personal.retirement",)),
    ("HLTH", "", ("personal.health",)),
    ("SGO", "", ("positive.special_guardianship",)),
    ("TRF", "", ("transfer", "transfer.local_authority", "transfer.independent_agency")),
    ("ADOP", "", ("positive.adoption",)),
    ("FEES", "", ("finance.fees_allowances",)),
    ("SSW", "", ("support.supervising_social_worker",)),
    ("ALG", "", ("allegations.allegation", "allegations")),
    ("OTH", "", ("other", "other.other")),
    ("PC1", "", ()),
)
#: Numbered codes with a description column, in the style of a CHARMS-like extract.
NUMBERED: Book = (
    ("R01", "Retirement", ("personal.retirement",)),
    ("R02", "Ill health", ("personal.health",)),
    ("R03", "Special Guardianship Order", ("positive.special_guardianship",)),
    ("R04", "Transfer to another agency", ("transfer", "transfer.independent_agency")),
    ("R05", "Financial reasons", ("finance",)),
    ("R06", "Lack of support", ("support",)),
    ("R07", "Allegation", ("allegations.allegation",)),
    ("R08", "Change of circumstances", ()),
    ("R09", "Moving house", ("personal.moving",)),
    ("R10", "Stress / burnout", ("wellbeing.burnout",)),
)
#: Words typed by hand.
WORDS: Book = (
    ("Retired", "", ("personal.retirement",)),
    ("Health", "", ("personal.health",)),
    ("Burnout", "", ("wellbeing.burnout",)),
    ("Moved to IFA", "", ("transfer.independent_agency", "transfer")),
    ("Own children", "", ("wellbeing.own_children",)),
    ("Allegation", "", ("allegations.allegation",)),
    ("Adopted child", "", ("positive.adoption",)),
    ("SGO", "", ("positive.special_guardianship",)),
    ("Staying put", "", ("positive.staying_put",)),
    ("Other", "", ("other", "other.other")),
    ("Family reasons", "", ()),
)
#: A picklist's labels, in the style of a Mosaic-like report.
PICKLIST: Book = (
    ("Retirement", "", ("personal.retirement",)),
    ("Health", "", ("personal.health",)),
    ("Stress and burnout", "", ("wellbeing.burnout",)),
    ("Moving home", "", ("personal.moving",)),
    ("Transfer to another fostering service", "", ("transfer",)),
    ("Special guardianship order", "", ("positive.special_guardianship",)),
    ("Poor matching", "", ("placements.poor_matching",)),
    ("Personal reasons", "", ("personal",)),
    ("Not enough support", "", ("support",)),
)
#: fosterkit's own codes, with a few slips, in the style of a service already using the taxonomy.
CODES: Book = (
    ("personal.retirement", "", ("personal.retirement",)),
    ("support.training", "", ("support.training",)),
    ("finance.fees_allowances", "", ("finance.fees_allowances",)),
    ("wellbeing.burnout", "", ("wellbeing.burnout",)),
    ("Personal.Health", "", ("personal.health",)),
    ("transfer.independent_agency", "", ("transfer.independent_agency",)),
    ("positive.staying_put", "", ("positive.staying_put",)),
)

#: Local route values, by the route they stand for.
RouteBook = Mapping[str, str]
ROUTE_CODES: RouteBook = {
    "resignation": "RES",
    "retirement": "RET",
    "transfer": "TRF",
    "termination_after_allegation": "TERM",
    "termination_after_standards_concern": "TERM",
    "termination_other": "TERM",
}
ROUTE_PAST: RouteBook = {
    "resignation": "Resigned",
    "retirement": "Retired",
    "transfer": "Transferred",
    "termination_after_allegation": "Terminated - allegation",
    "termination_after_standards_concern": "Terminated - standards of care",
    "termination_other": "Terminated - other",
}
ROUTE_WORDS: RouteBook = {
    "resignation": "Resignation",
    "retirement": "Retirement",
    "transfer": "Transfer",
    "termination_after_allegation": "Deregistered",
    "termination_after_standards_concern": "Deregistered",
    "termination_other": "Deregistered",
}
ROUTE_ENUM: RouteBook = {r.value: r.value for r in LeavingRoute}
#: Route values no draft can settle: several routes share them.
_SHARED_ROUTES = {"TERM", "Deregistered"}


# -- the departures the exports are made from -----------------------------------------------------

_SURNAMES = (
    "Okafor", "Davies", "Nowak", "Ahmed", "Jones", "O'Neill", "Kowalski", "Begum", "Evans", "Smith",
    "Ćosić", "Müller", "Patel", "Ní Bhriain", "Williams", "Hughes", "Chen", "Roberts", "Ferreira",
)  # fmt: skip
_ROUTES = (
    ("resignation", 45),
    ("retirement", 20),
    ("transfer", 20),
    ("termination_after_allegation", 5),
    ("termination_after_standards_concern", 4),
    ("termination_other", 6),
)


@frozen
class _Leaver:
    number: int
    surname: str
    couple: bool
    approved_on: datetime.date
    notice_on: datetime.date
    leaving_on: datetime.date | None
    route: str
    destination: str
    reasons: tuple[int, ...]
    """Indexes into the export's code book, the main reason first."""


def _leavers(seed: int, count: int, book: Book) -> list[_Leaver]:
    """``count`` invented departures, each code of ``book`` used at least once."""
    rng = random.Random(seed)
    routes = [r for r, _ in _ROUTES]
    weights = [w for _, w in _ROUTES]
    start = datetime.date(2023, 4, 1)
    out = []
    for n in range(count):
        route = rng.choices(routes, weights)[0]
        main = n if n < len(book) else _reason_for(route, book, rng)
        others = tuple(
            dict.fromkeys(i for i in rng.sample(range(len(book)), rng.choice((0, 0, 1, 2))) if i != main)
        )
        notice = start + datetime.timedelta(days=rng.randrange(0, 700))
        left = notice + datetime.timedelta(days=rng.randrange(14, 120))
        out.append(
            _Leaver(
                number=1000 + seed * 100 + n,
                surname=rng.choice(_SURNAMES),
                couple=rng.random() < 0.6,
                approved_on=notice - datetime.timedelta(days=rng.randrange(400, 6000)),
                notice_on=notice,
                leaving_on=None if rng.random() < 0.1 else left,
                route=route,
                destination=rng.choice(("IFA", "IFA", "LA", "")) if route == "transfer" else "",
                reasons=(main, *others),
            )
        )
    return out


def _reason_for(route: str, book: Book, rng: random.Random) -> int:
    """A main reason that fits the route, where the book has one."""
    wanted = {"retirement": "personal.retirement", "transfer": "transfer"}.get(route)
    fitting = [i for i, (_, _, accept) in enumerate(book) if wanted and wanted in accept]
    return fitting[0] if fitting else rng.randrange(len(book))


# -- writing values the ways exports write them ----------------------------------------------------


def _dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _dmy2(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%y") if day else ""


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _iso_time(day: datetime.date | None) -> str:
    return f"{day.isoformat()} 00:00:00" if day else ""


def _us(day: datetime.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def _mon(day: datetime.date | None) -> str:
    return f"{day.day} {day.strftime('%b %Y')}" if day else ""


def _serial(day: datetime.date | None) -> Cell:
    return (day - datetime.date(1899, 12, 30)).days if day else None


def _cell(day: datetime.date | None) -> Cell:
    return day


def _couple(leaver: _Leaver) -> str:
    return "Couple" if leaver.couple else "Single"


def _codes(leaver: _Leaver, book: Book, at: slice) -> list[str]:
    return [book[i][0] for i in leaver.reasons[at]]


def _table(
    title: Sequence[Sequence[Cell]], header: Sequence[str], body: list[list[Cell]]
) -> tuple[tuple[Cell, ...], ...]:
    """Title rows (padded to the header's width), the header and the rows, as a reader gives them."""
    width = len(header)
    rows: list[list[Cell]] = [[*row, *[None] * (width - len(row))] for row in title]
    rows.append(list(header))
    return tuple(tuple(r) for r in [*rows, *body])


def _value_key(book: Book | RouteBook) -> dict[str, Accept]:
    """The local values of a book that need a value map, with what each may map to."""
    out: dict[str, Accept] = {}
    if isinstance(book, tuple):
        for code, _label, accept in book:
            if code not in accept:
                out[code] = accept
        return out
    for route, local in book.items():
        if _reads_route(local) == route:
            continue
        if local in _SHARED_ROUTES:
            out[local] = ()
        else:
            out[local] = (route,)
    return out


def _reads_route(text: str) -> str | None:
    try:
        return str(_ROUTE(text))
    except BadValue:
        return None


def _one(*columns: str) -> tuple[tuple[str, ...], ...]:
    return (columns,)


# -- the exports --------------------------------------------------------------------------------


def _mosaic_report() -> Export:
    book = PICKLIST
    leavers = _leavers(1, 38, book)
    header = [
        "Person ID", "Person Name", "Household Type", "Approval Date", "Date Notice Received",
        "Date Deregistered", "Deregistration Type", "Reason for Leaving",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"{400000 + x.number}", f"Mr & Mrs {x.surname}" if x.couple else f"Ms {x.surname}", _couple(x),
            _dmy(x.approved_on), _dmy(x.notice_on), _dmy(x.leaving_on),
            {**ROUTE_WORDS, **{r: "Termination" for r in ROUTE_WORDS if r.startswith("term")}}[x.route],
            book[x.reasons[0]][0],
        ]
        for x in leavers
    ]  # fmt: skip
    routes = {**_value_key(ROUTE_WORDS), "Termination": ()}
    routes.pop("Deregistered", None)
    return Export(
        name="mosaic_report",
        style="a report in the style of Mosaic: title and run-date rows, person ids, picklist labels",
        rows=_table(
            [["Foster carer deregistrations 2023-25"], ["Run on 03/04/2025 by DATA.TEAM"], []], header, body
        ),
        key=Key(
            columns={
                "id": _one("Person ID"),
                "household_id": _one("Person ID"),
                "notice_on": _one("Date Notice Received"),
                "leaving_on": _one("Date Deregistered"),
                "route": _one("Deregistration Type"),
                "stated_reasons": _one("Reason for Leaving"),
            },
            dates={"notice_on": ("dd/mm/yyyy",), "leaving_on": ("dd/mm/yyyy",)},
            values={"route": routes, "stated_reasons": _value_key(book)},
            judgement=frozenset(
                {"column:id", "column:household_id", "value:stated_reasons:Personal reasons"}
            ),
        ),
    )


def _mosaic_workbook() -> Export:
    book = NUMBERED
    leavers = _leavers(2, 31, book)
    header = [
        "Foster Carer ID", "Household No.", "Approval Start", "Notice Date", "Approval End Date",
        "End Reason", "End Reason Description", "Ended By",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"P{700000 + x.number}", f"H{x.number}", _cell(x.approved_on), _cell(x.notice_on),
            _cell(x.leaving_on), book[x.reasons[0]][0], book[x.reasons[0]][1],
            "Fostering Service" if x.route.startswith("term") else "Carer",
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="mosaic_workbook",
        style="a workbook in the style of a Mosaic extract: date cells, codes beside their descriptions",
        rows=_table([], header, body),
        suffix="xlsx",
        date_cells=True,
        key=Key(
            columns={
                "id": (("Household No.",), ("Foster Carer ID",)),
                "household_id": _one("Household No."),
                "notice_on": _one("Notice Date"),
                "leaving_on": _one("Approval End Date"),
                "initiated_by": _one("Ended By"),
                "stated_reasons": _one("End Reason"),
            },
            dates={"notice_on": (), "leaving_on": ()},
            values={"stated_reasons": _value_key(book)},
            judgement=frozenset(
                {"value:stated_reasons:R05", "value:stated_reasons:R09", "value:stated_reasons:R06"}
            ),
        ),
    )


def _lcs_leavers() -> Export:
    book = ABBREVIATIONS
    leavers = _leavers(3, 44, book)
    header = [
        "Carer Ref", "Carer Name(s)", "Household Composition", "Notice Received", "De-reg date",
        "Leaving route", "Primary reason", "Secondary reason(s)", "Transferred to", "Exit interview offered",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"FC{x.number:05d}", f"{x.surname} family" if x.couple else x.surname, _couple(x).lower(),
            _iso(x.notice_on), _iso(x.leaving_on), ROUTE_CODES[x.route], book[x.reasons[0]][0],
            "; ".join(_codes(x, book, slice(1, None))), x.destination, "Y" if x.number % 3 else "N",
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="lcs_leavers",
        style="a leavers list in the style of Liquidlogic LCS, saved as Windows-1252 CSV",
        rows=_table([], header, body),
        encoding="cp1252",
        key=Key(
            columns={
                "id": _one("Carer Ref"),
                "household_id": _one("Carer Ref"),
                "notice_on": _one("Notice Received"),
                "leaving_on": _one("De-reg date"),
                "route": _one("Leaving route"),
                "destination": _one("Transferred to"),
                "stated_reasons": _one("Primary reason", "Secondary reason(s)"),
            },
            dates={"notice_on": ("iso",), "leaving_on": ("iso",)},
            values={
                "route": _value_key(ROUTE_CODES),
                "stated_reasons": _value_key(book),
            },
            judgement=frozenset({"value:stated_reasons:ALG"}),
        ),
    )


def _lcs_form() -> Export:
    book = WORDS
    leavers = _leavers(4, 27, book)
    header = [
        "Form ID", "Subject ID", "Subject Name", "Date resignation received", "Proposed end date",
        "Resignation/termination", "Reason 1", "Reason 2", "Reason 3", "Comments",
    ]  # fmt: skip
    body: list[list[Cell]] = []
    for x in leavers:
        reasons = [*_codes(x, book, slice(None)), "", "", ""][:3]
        body.append(
            [
                f"F-{x.number * 7}", f"{500000 + x.number}", x.surname, _mon(x.notice_on), _mon(x.leaving_on),
                "Termination" if x.route.startswith("term") else "Resignation", *reasons,
                "see case notes" if x.number % 4 == 0 else "",
            ]
        )  # fmt: skip
    return Export(
        name="lcs_form",
        style="form answers in the style of a Liquidlogic form export: a title row, d mon yyyy dates",
        rows=_table([["Form: foster carer resignation or termination"]], header, body),
        key=Key(
            columns={
                "id": _one("Form ID"),
                "household_id": _one("Subject ID"),
                "notice_on": _one("Date resignation received"),
                "leaving_on": _one("Proposed end date"),
                "route": _one("Resignation/termination"),
                "stated_reasons": _one("Reason 1", "Reason 2", "Reason 3"),
            },
            dates={"notice_on": ("d mon yyyy",), "leaving_on": ("d mon yyyy",)},
            values={"route": {"Termination": ()}, "stated_reasons": _value_key(book)},
            # A form's and a person's ids, and a heading naming two routes, need a person.
            judgement=frozenset(
                {"column:id", "column:household_id", "column:route", "value:route:Termination"}
            ),
        ),
    )


def _charms_extract() -> Export:
    book = NUMBERED
    leavers = _leavers(5, 52, book)
    header = [
        "Carer Reference", "Carer Surname", "Approval Type", "Single/Couple", "Date of Resignation",
        "Deregistration Date", "Reason Code", "Reason Description", "Secondary Reason Code",
        "Leaving Type", "New Provider",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"{x.number}", x.surname, "Connected person" if x.number % 5 == 0 else "Mainstream",
            _couple(x)[0],
            _dmy2(x.notice_on), _dmy2(x.leaving_on), book[x.reasons[0]][0], book[x.reasons[0]][1],
            ", ".join(_codes(x, book, slice(1, None))), ROUTE_PAST[x.route],
            {"IFA": "Independent agency", "LA": "Other LA"}.get(x.destination, ""),
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="charms_extract",
        style="an extract in the style of CHARMS: two-digit years, codes with a description column",
        rows=_table([], header, body),
        key=Key(
            columns={
                "id": _one("Carer Reference"),
                "household_id": _one("Carer Reference"),
                "notice_on": _one("Date of Resignation"),
                "leaving_on": _one("Deregistration Date"),
                "route": _one("Leaving Type"),
                "destination": _one("New Provider"),
                "stated_reasons": _one("Reason Code", "Secondary Reason Code"),
            },
            dates={"notice_on": ("dd/mm/yy",), "leaving_on": ("dd/mm/yy",)},
            values={
                "route": _value_key(ROUTE_PAST),
                "stated_reasons": _value_key(book),
            },
            judgement=frozenset(
                {"value:stated_reasons:R05", "value:stated_reasons:R09", "value:stated_reasons:R06"}
            ),
        ),
    )


def _charms_workbook() -> Export:
    book = CODES
    leavers = _leavers(6, 35, book)
    header = [
        "Household No.", "Carer 1 ID", "Carer 2 ID", "Date Notice Given", "Date Left", "Route",
        "Primary Reason", "Other Reasons", "Child in placement",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"HH{x.number}", f"C{x.number}1", f"C{x.number}2" if x.couple else None, _serial(x.notice_on),
            _serial(x.leaving_on), ROUTE_ENUM[x.route], book[x.reasons[0]][0],
            ", ".join(_codes(x, book, slice(1, None))), x.number % 2 == 0,
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="charms_workbook",
        style="a workbook in the style of a CHARMS report: dates as Excel day numbers, TRUE/FALSE cells",
        rows=_table([["Leavers"], ["Period: 2023-24 and 2024-25"]], header, body),
        suffix="xlsx",
        key=Key(
            columns={
                "id": _one("Household No."),
                "household_id": _one("Household No."),
                "notice_on": _one("Date Notice Given"),
                "leaving_on": _one("Date Left"),
                "route": _one("Route"),
                "stated_reasons": _one("Primary Reason", "Other Reasons"),
            },
            dates={"notice_on": ("excel",), "leaving_on": ("excel",)},
            values={"stated_reasons": _value_key(book)},
        ),
    )


def _hand_kept() -> Export:
    book = WORDS
    leavers = _leavers(7, 23, book)
    header = [
        "Ref", "Carers", "Couple or single", "Notice given", "Left", "Reason", "Route", "Went to",
        "Exit interview done?",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"{x.number}", f"{x.surname}", _couple(x),
            _dmy(x.notice_on) if x.number % 4 else _mon(x.notice_on),
            _dmy(x.leaving_on), ", ".join(_codes(x, book, slice(None))), ROUTE_WORDS[x.route],
            x.destination, "Yes" if x.number % 2 else "No",
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="hand_kept",
        style="a spreadsheet kept by hand: short headings, reasons typed as words, two date forms",
        rows=_table([], header, body),
        key=Key(
            columns={
                "id": _one("Ref"),
                "household_id": _one("Ref"),
                "notice_on": _one("Notice given"),
                "leaving_on": _one("Left"),
                "route": _one("Route"),
                "destination": _one("Went to"),
                "stated_reasons": _one("Reason"),
            },
            dates={"notice_on": ("dd/mm/yyyy", "d mon yyyy"), "leaving_on": ("dd/mm/yyyy",)},
            values={
                "route": _value_key(ROUTE_WORDS),
                "stated_reasons": _value_key(book),
            },
            judgement=frozenset({"column:household_id", "column:destination"}),
        ),
    )


def _hand_kept_titled() -> Export:
    book = WORDS
    leavers = _leavers(8, 29, book)
    header = [
        "No.", "Household", "Foster Carer(s)", "Single/Couple", "Date Notice", "Date Finished",
        "Reason for leaving", "Other reasons", "Transfer?", "Destination",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"{n}", f"HH{x.number:04d}", x.surname, _couple(x), _iso_time(x.notice_on),
            _iso_time(x.leaving_on),
            book[x.reasons[0]][0], "; ".join(_codes(x, book, slice(1, None))),
            "TRUE" if x.route == "transfer" else "FALSE", x.destination,
        ]
        for n, x in enumerate(leavers, start=1)
    ]  # fmt: skip
    title = [
        ["Fostering leavers 2023-24"],
        ["Prepared by the fostering team"],
        [],
        ["", "Household", "", "", "Dates"],
    ]
    return Export(
        name="hand_kept_titled",
        style="a spreadsheet kept by hand: title rows, a grouped heading row, a row counter, TRUE/FALSE",
        rows=_table(title, header, [*body, ["Total", f"{len(body)}"]]),
        key=Key(
            columns={
                "id": _one("Household"),
                "household_id": _one("Household"),
                "notice_on": _one("Date Notice"),
                "leaving_on": _one("Date Finished"),
                "destination": _one("Destination"),
                "stated_reasons": _one("Reason for leaving", "Other reasons"),
            },
            dates={"notice_on": ("iso",), "leaving_on": ("iso",)},
            values={"stated_reasons": _value_key(book)},
            # "Date Finished" is a heading no built-in synonym is near.
            judgement=frozenset({"column:leaving_on", "dates:leaving_on"}),
        ),
    )


def _us_dates() -> Export:
    book = CODES
    leavers = _leavers(9, 33, book)
    header = [
        "Person ID",
        "Household ID",
        "Notice Date",
        "End Date",
        "End Type",
        "Primary Reason",
        "Secondary Reasons",
    ]
    body: list[list[Cell]] = [
        [
            f"{x.number}", f"{90000 + x.number}", _us(x.notice_on), _us(x.leaving_on), ROUTE_ENUM[x.route],
            book[x.reasons[0]][0], "|".join(_codes(x, book, slice(1, None))),
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="us_dates",
        style="an export from a system set up for US dates (month first)",
        rows=_table([], header, body),
        key=Key(
            columns={
                "id": (("Person ID",), ("Household ID",)),
                "household_id": _one("Household ID"),
                "notice_on": _one("Notice Date"),
                "leaving_on": _one("End Date"),
                "route": _one("End Type"),
                "stated_reasons": _one("Primary Reason", "Secondary Reasons"),
            },
            dates={"notice_on": (_US,), "leaving_on": (_US,)},
            values={"stated_reasons": _value_key(book)},
            judgement=frozenset({"column:id"}),
        ),
    )


def _database_dump() -> Export:
    book = CODES
    leavers = _leavers(10, 40, book)
    header = [
        "departure_id", "household_ref", "notice_date", "date_left", "route", "initiated_by", "destination",
        "reason_codes",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"DEP-{x.number}", f"H-{x.number}", _iso(x.notice_on), _iso(x.leaving_on), x.route,
            "service" if x.route.startswith("term") else "carer",
            {"IFA": "independent_agency", "LA": "local_authority"}.get(x.destination, ""),
            "|".join(_codes(x, book, slice(None))),
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="database_dump",
        style="a database table dumped to CSV: snake_case names, ISO dates, codes joined by |",
        rows=_table([], header, body),
        key=Key(
            columns={
                "id": _one("departure_id"),
                "household_id": _one("household_ref"),
                "notice_on": _one("notice_date"),
                "leaving_on": _one("date_left"),
                "initiated_by": _one("initiated_by"),
                "route": _one("route"),
                "destination": _one("destination"),
                "stated_reasons": _one("reason_codes"),
            },
            dates={"notice_on": ("iso",), "leaving_on": ("iso",)},
            values={"stated_reasons": _value_key(book)},
        ),
    )


def _household_word() -> Export:
    book = PICKLIST
    leavers = _leavers(11, 26, book)
    header = ["Carer Ref", "Household", "Notice Date", "Date Deregistered", "Leaving Reason", "Leaving route"]
    body: list[list[Cell]] = [
        [
            f"CR/{x.number}", _couple(x), _cell(x.notice_on), _cell(x.leaving_on), book[x.reasons[0]][0],
            ROUTE_WORDS[x.route],
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="household_word",
        style="a workbook whose column called Household holds couple or single",
        rows=_table([], header, body),
        suffix="xlsx",
        date_cells=True,
        key=Key(
            columns={
                "id": _one("Carer Ref"),
                "household_id": _one("Carer Ref"),
                "notice_on": _one("Notice Date"),
                "leaving_on": _one("Date Deregistered"),
                "route": _one("Leaving route"),
                "stated_reasons": _one("Leaving Reason"),
            },
            dates={"notice_on": (), "leaving_on": ()},
            values={
                "route": _value_key(ROUTE_WORDS),
                "stated_reasons": _value_key(book),
            },
            judgement=frozenset({"value:stated_reasons:Personal reasons"}),
        ),
    )


def _returns_sheet() -> Export:
    book = ABBREVIATIONS
    leavers = _leavers(12, 36, book)
    header = [
        "Foster Carer ID", "Foster carer name", "Approval date", "Resignation date", "Approval End Date",
        "Reason for Leaving", "Route", "Agency type", "Fee band (£)",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"{x.number}", f"Mme {x.surname}" if x.number % 7 == 0 else x.surname, _dmy(x.approved_on),
            _dmy(x.notice_on), _dmy(x.leaving_on), " / ".join(_codes(x, book, slice(None, 1))),
            ROUTE_WORDS[x.route], {"IFA": "IFA", "LA": "LA"}.get(x.destination, ""),
            f"£{200 + x.number % 5 * 50}",
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="returns_sheet",
        style="a sheet kept for a statutory return, saved as Windows-1252 CSV with £ signs",
        rows=_table([], header, body),
        encoding="cp1252",
        key=Key(
            columns={
                "id": _one("Foster Carer ID"),
                "household_id": _one("Foster Carer ID"),
                "notice_on": _one("Resignation date"),
                "leaving_on": _one("Approval End Date"),
                "route": _one("Route"),
                "destination": _one("Agency type"),
                "stated_reasons": _one("Reason for Leaving"),
            },
            dates={"notice_on": ("dd/mm/yyyy",), "leaving_on": ("dd/mm/yyyy",)},
            values={
                "route": _value_key(ROUTE_WORDS),
                "stated_reasons": _value_key(book),
            },
            judgement=frozenset({"value:stated_reasons:ALG", "column:destination"}),
        ),
    )


def _case_list() -> Export:
    book = PICKLIST
    leavers = _leavers(13, 30, book)
    header = [
        "Case Ref", "Household Ref", "Date notice given", "Date left", "Leaving route", "Primary reason",
        "Secondary reason(s)", "Who ended it",
    ]  # fmt: skip
    body: list[list[Cell]] = [
        [
            f"L{x.number}", f"HR{x.number + 3}", _dmy(x.notice_on), _dmy(x.leaving_on), ROUTE_PAST[x.route],
            book[x.reasons[0]][0], "; ".join(_codes(x, book, slice(1, None))),
            "Service" if x.route.startswith("term") else "Carer",
        ]
        for x in leavers
    ]  # fmt: skip
    return Export(
        name="case_list",
        style="a case list with primary and secondary reason columns and who ended it",
        rows=_table([], header, body),
        key=Key(
            columns={
                "id": _one("Case Ref"),
                "household_id": _one("Household Ref"),
                "notice_on": _one("Date notice given"),
                "leaving_on": _one("Date left"),
                "initiated_by": _one("Who ended it"),
                "route": _one("Leaving route"),
                "stated_reasons": _one("Primary reason", "Secondary reason(s)"),
            },
            dates={"notice_on": ("dd/mm/yyyy",), "leaving_on": ("dd/mm/yyyy",)},
            values={
                "route": _value_key(ROUTE_PAST),
                "stated_reasons": _value_key(book),
            },
            judgement=frozenset({"column:initiated_by", "value:stated_reasons:Personal reasons"}),
        ),
    )


_MAKERS: tuple[Callable[[], Export], ...] = (
    _mosaic_report,
    _mosaic_workbook,
    _lcs_leavers,
    _lcs_form,
    _charms_extract,
    _charms_workbook,
    _hand_kept,
    _hand_kept_titled,
    _us_dates,
    _database_dump,
    _household_word,
    _returns_sheet,
    _case_list,
)


def _seen(export: Export) -> Export:
    """The export with its key's local values cut to those its rows hold."""
    held = {
        normalise(piece)
        for row in export.rows
        for cell in row
        if isinstance(cell, str)
        for piece in re.split(r"[;,|]| / ", cell)
    }
    values = {
        name: {local: accept for local, accept in wanted.items() if normalise(local) in held}
        for name, wanted in export.key.values.items()
    }
    return attrs.evolve(export, key=attrs.evolve(export.key, values=values))


#: Every export of the corpus, in a fixed order.
CORPUS: tuple[Export, ...] = tuple(_seen(make()) for make in _MAKERS)


# -- writing and reading an export ----------------------------------------------------------------


def _csv_text(export: Export) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in export.rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue()


def write_export(export: Export, folder: Path) -> Path:
    """Write ``export`` into ``folder`` as its file would arrive, and return the file's path."""
    path = folder / f"{export.name}.{export.suffix}"
    if export.suffix == "csv":
        path.write_bytes(_csv_text(export).encode(export.encoding, errors="replace"))  # as such systems save
        return path
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    sheet = book.active
    sheet.title = "Leavers"
    for row in export.rows:
        sheet.append(list(row))
    if export.date_cells:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
    book.save(path)
    return path


def source_rows(export: Export, folder: Path) -> list[SourceRow]:
    """The export's rows as fosterkit's source reader for its file gives them."""
    path = write_export(export, folder)
    probe = ImportMapping(source=SourceSettings(format=""), records=())
    reader, _ = reader_for(path, probe, make_plugin_manager())
    return list(reader.rows(path))


# -- scoring a draft ------------------------------------------------------------------------------


def _entry(draft: Draft, name: str) -> Any:
    records = tomllib.loads(draft.text).get("records", {})
    return records.get("departure", {}).get(name)


def _forms(draft: Draft, name: str) -> tuple[str, ...]:
    entry = _entry(draft, name)
    if isinstance(entry, dict) and entry.get("dates"):
        return tuple(entry["dates"])
    source = tomllib.loads(draft.text).get("source", {})
    return tuple(source.get("dates", DEFAULT_DATE_FORMATS))


def _as_is(name: str, value: str, taxonomy: Taxonomy) -> str | None:
    """What a value not in the map reads as by itself: a route, or a taxonomy code."""
    if name == "route":
        return _reads_route(value)
    try:
        return taxonomy.get(value).code
    except UnknownCodeError:
        return None


def _value_outcome(target: str | None, accept: Accept) -> tuple[str, str]:
    if target is None or target == "TODO":
        return ("right" if not accept else "todo"), str(target)
    if not accept:
        return "wrong", f"guessed {target} for a value only a person can settle"
    return ("right" if target in accept else "wrong"), target


def score(export: Export, draft: Draft, taxonomy: Taxonomy) -> list[Item]:
    """Each part of the key, judged against ``draft``: right, left TODO, or wrong."""
    guessed = draft.guessed.get("departure", {})
    items: list[Item] = []
    column_outcome: dict[str, str] = {}
    for name in FIELDS:
        drafted = guessed.get(name, ())
        options = export.key.columns.get(name)
        if options is None:
            if drafted:
                items.append(Item(export.name, f"column:{name}", "wrong", f"took {drafted}", extra=True))
            continue
        outcome = "right" if drafted in options else "todo" if not drafted else "wrong"
        column_outcome[name] = outcome
        items.append(Item(export.name, f"column:{name}", outcome, f"took {drafted}, want {options[0]}"))
    for name, needed in export.key.dates.items():
        outcome = column_outcome.get(name, "todo")
        forms = _forms(draft, name)
        if outcome == "right":
            fits = set(needed) <= set(forms) and (_US in needed or _US not in forms)
            outcome = "right" if fits else "wrong"
        items.append(Item(export.name, f"dates:{name}", outcome, f"{forms}, want {needed}"))
    for name, wanted in export.key.values.items():
        entry = _entry(draft, name)
        mapped = (
            {normalise(k): v for k, v in entry.get("values", {}).items()} if isinstance(entry, dict) else {}
        )
        for local, accept in wanted.items():
            # A value is judged by the draft's map; one not listed reads as it is, or is left to a person.
            outcome, detail = "todo", "not listed"
            if normalise(local) in mapped:
                outcome, detail = _value_outcome(mapped[normalise(local)], accept)
            elif column_outcome.get(name) == "right" and _as_is(name, local, taxonomy):
                outcome, detail = _value_outcome(_as_is(name, local, taxonomy), accept)
            items.append(Item(export.name, f"value:{name}:{local}", outcome, detail))
    return items
