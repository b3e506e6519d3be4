"""Reading the Support offer and Offer figures sheets back into a :class:`~fosterkit.plugins.SupportOffer`.

Each value is checked where it sits: the offer's own classes refuse a negative count, a share
where a count belongs or more completing than starting, and
:func:`~fosterkit.plugins.offer_problems` finds unknown recommendation or principle ids and
entries listed twice. Every refusal becomes a :class:`~fosterkit.errors.CellProblem` naming the
sheet, cell and value; the value (or, where the entry cannot stand without it, its row) is left
out and the rest is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
from openpyxl.utils import coordinate_to_tuple, get_column_letter  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue
from fosterkit.errors import FieldError
from fosterkit.plugins import (
    Delivery,
    MakeUp,
    Outcome,
    OutcomeArea,
    Programme,
    ProgrammeFigures,
    ProgrammeKind,
    SupportOffer,
    offer_problems,
)
from fosterkit_excel import audit_offer_layout as layout
from fosterkit_excel.audit_reader import CellReader, Columns, filled_rows
from fosterkit_excel.reader import quietly, structure_error

__all__ = ["read_offer"]

_PATH = re.compile(r"^(programmes|figures)\[(\d+)\]\.(\w+)(?:\[(\d+)\])?$")

#: The column of each field, for naming the cell a refused value sits in.
_PROGRAMME_FIELDS = {
    "id": "A",
    "name": "B",
    "provider": "C",
    "kind": "D",
    "recommendations": "E",
    "principles": "F",
    "delivery": "G",
    "for_whom": "H",
    "places_per_year": "I",
}
_FIGURE_FIELDS = {
    "programme_id": "A",
    "period": "B",
    "referred": "C",
    "started": "D",
    "completed": "E",
    "sessions_offered": "F",
    "sessions_attended": "G",
    "acceptability": "H",
    "acceptability_scale": "I",
    "outcomes": "J",
}
_OUTCOME_FIELDS = {"area": "J", "measure": "K", "scale": "L", "before": "M", "after": "N"}
_GROUP_FIELDS = {"group": "O", "attendees": "P", "carers": "Q"}
#: Fields that go when the field named goes (a rating without its scale means nothing).
_WITH = {"acceptability_scale": ("acceptability",), "sessions_offered": ("sessions_attended",)}
_WHOLE = re.compile(r"^[+-]?\d+$")


class Sheet(CellReader):
    """An offer sheet's problems, with its column headings to name the field a cell holds.

    ``found`` says where each column of the layout is now, once the header row is read.
    """

    def __init__(self, name: str, problems: list[Any], headers: Mapping[str, str], notes: list[str]) -> None:
        super().__init__(name, problems, notes)
        self.headers = headers
        self.found = Columns(name, headers, {}, notes)

    def refused(self, cell: str, value: object, field: str, message: str) -> None:
        """Report ``message`` about ``cell``, named by its column heading (or ``field``)."""
        self.problem(cell, value, f"{self.found.header(cell.rstrip('0123456789')) or field}: {message}")

    def cells(
        self, fields: Mapping[str, str], number: int, row: list[object]
    ) -> dict[str, tuple[str, object]]:
        """Each of ``fields`` (``{field: layout letter}``) on row ``number``: its cell now, and its value."""
        return {
            name: (self.found.cell(letter, number), self.found.value(row, letter))
            for name, letter in fields.items()
        }


def _count(sheet: Sheet, value: object, cell: str, what: str) -> object:
    """A count cell as an int where it is one, ``None`` if blank, else as typed for the model to refuse."""
    if value is None or isinstance(value, bool):
        return None if value is None else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = sheet.text(value).strip()
        if not text:
            return None
        if _WHOLE.match(text):
            return int(text)
        try:
            return float(text)  # refused by the model as a share, or kept if whole
        except ValueError:
            if text.endswith("%"):
                return text
            sheet.problem(cell, value, f"{text!r} in {what} is not a number; give a count of carers")
            return None
    return value


def _number(sheet: Sheet, value: object, cell: str, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(sheet.text(value).strip())
    except ValueError:
        sheet.problem(cell, value, f"{sheet.text(value)!r} in {what} is not a number")
        return None


def _build(
    sheet: Sheet,
    make: Callable[..., Any],
    values: dict[str, object],
    cells: Mapping[str, tuple[str, object]],
    required: set[str],
) -> Any:
    """``make(**values)``, leaving out each optional value it refuses (reported at its cell).

    Returns ``None`` (with the problem reported) when a required value is refused.
    """
    while True:
        try:
            return make(**values)
        except FieldError as err:
            cell, raw = cells.get(err.field, next(iter(cells.values())))
            sheet.refused(cell, raw, err.field, err.message)
            if err.field in required or err.field not in values:
                return None
            for name in (err.field, *_WITH.get(err.field, ())):
                values.pop(name, None)


def _programme(sheet: Sheet, number: int, row: list[object]) -> Programme | None:
    cells = sheet.cells(_PROGRAMME_FIELDS, number, row)
    text = {name: sheet.text(raw) for name, (_cell, raw) in cells.items()}  # words kept as typed
    text["id"] = text["id"].strip()
    for name, what in (("id", "an id"), ("name", "a name"), ("kind", "a kind")):
        if not text[name].strip():
            sheet.problem(cells[name][0], cells[name][1], f"a programme needs {what}; this row is left out")
            return None
    kind = layout.choice_of(ProgrammeKind, text["kind"])
    if kind is None:
        allowed = "; ".join(k.label for k in ProgrammeKind)
        sheet.problem(
            cells["kind"][0], cells["kind"][1], f"{text['kind']!r} is not a kind of programme ({allowed})"
        )
        return None
    delivery = []
    for item in layout.split_list(text["delivery"]):
        way = layout.choice_of(Delivery, item)
        if way is None:
            allowed = ", ".join(d.label for d in Delivery)
            sheet.problem(
                cells["delivery"][0], cells["delivery"][1], f"{item!r} is not a way of delivery ({allowed})"
            )
        elif way not in delivery:
            delivery.append(way)
    values: dict[str, object] = {
        "id": text["id"],
        "name": text["name"],
        "kind": kind,
        "provider": text["provider"],
        "recommendations": tuple(layout.split_list(text["recommendations"])),
        "principles": tuple(layout.split_list(text["principles"])),
        "delivery": tuple(delivery),
        "for_whom": text["for_whom"],
    }
    places = _count(sheet, cells["places_per_year"][1], cells["places_per_year"][0], "Places per year")
    if places is not None:
        values["places_per_year"] = places
    return _build(sheet, Programme, values, cells, {"id", "name", "kind"})  # type: ignore[no-any-return]


def _outcome(sheet: Sheet, number: int, row: list[object]) -> Outcome | None:
    cells = sheet.cells(_OUTCOME_FIELDS, number, row)
    if all(sheet.text(raw).strip() == "" for _cell, raw in cells.values()):
        return None
    area_text = sheet.text(cells["area"][1]).strip()
    area = layout.choice_of(OutcomeArea, area_text) if area_text else OutcomeArea.OTHER
    if area is None:
        allowed = ", ".join(a.label for a in OutcomeArea)
        sheet.problem(cells["area"][0], cells["area"][1], f"{area_text!r} is not an outcome area ({allowed})")
        return None
    values: dict[str, object] = {
        "area": area,
        "measure": sheet.text(cells["measure"][1]),
        "scale": sheet.text(cells["scale"][1]),
        "before": _number(sheet, cells["before"][1], cells["before"][0], "Before"),
        "after": _number(sheet, cells["after"][1], cells["after"][0], "After"),
    }
    return _build(sheet, Outcome, values, cells, {"area", "measure", "scale"})  # type: ignore[no-any-return]


def _group(sheet: Sheet, number: int, row: list[object]) -> MakeUp | None:
    """The group of attendees on one row (``None`` for none, or when a value is refused)."""
    cells = sheet.cells(_GROUP_FIELDS, number, row)
    if all(sheet.text(raw).strip() == "" for _cell, raw in cells.values()):
        return None
    values: dict[str, object] = {"group": sheet.text(cells["group"][1])}
    for name in ("attendees", "carers"):
        cell, raw = cells[name]
        count = _count(sheet, raw, cell, sheet.headers[_GROUP_FIELDS[name]])
        if count is not None:
            values[name] = count
    return _build(sheet, MakeUp, values, cells, {"group", "attendees"})  # type: ignore[no-any-return]


def _figures(
    sheet: Sheet, number: int, row: list[object], earlier: dict[tuple[str, str], int], found: list[Any]
) -> ProgrammeFigures | None:
    """The figures on one row; ``None`` when it only adds an outcome or group to ``found``, or is refused."""
    cells = sheet.cells(_FIGURE_FIELDS, number, row)
    programme_id, period = sheet.text(cells["programme_id"][1]).strip(), sheet.text(cells["period"][1])
    for name, value, what in (("programme_id", programme_id, "programme id"), ("period", period, "period")):
        if not value.strip():
            sheet.problem(cells[name][0], cells[name][1], f"figures need a {what}; this row is left out")
            return None
    outcome = _outcome(sheet, number, row)
    group = _group(sheet, number, row)
    counts = ("referred", "started", "completed")
    if all(sheet.text(cells[n][1]).strip() == "" for n in counts) and (programme_id, period) in earlier:
        index = earlier[(programme_id, period)]
        previous = found[index]
        if outcome is not None:
            previous = attrs.evolve(previous, outcomes=(*previous.outcomes, outcome))
        if group is not None:
            previous = attrs.evolve(previous, make_up=(*previous.make_up, group))
        found[index] = previous
        return None
    values: dict[str, object] = {"programme_id": programme_id, "period": period}
    for name in ("referred", "started", "completed", "sessions_offered", "sessions_attended"):
        cell, raw = cells[name]
        what = sheet.headers[_FIGURE_FIELDS[name]]
        count = _count(sheet, raw, cell, what)
        if count is None and name in counts:
            sheet.problem(cell, raw, f"{what} is blank; give a count (0 if none)")
            return None
        if count is not None:
            values[name] = count
    acceptability = _number(sheet, cells["acceptability"][1], cells["acceptability"][0], "Acceptability")
    if acceptability is not None:
        values["acceptability"] = acceptability
    values["acceptability_scale"] = sheet.text(cells["acceptability_scale"][1])
    if outcome is not None:
        values["outcomes"] = (outcome,)
    if group is not None:
        values["make_up"] = (group,)
    required = {"programme_id", "period", *counts}
    return _build(sheet, ProgrammeFigures, values, cells, required)  # type: ignore[no-any-return]


def read_offer(
    wb: Any, path: Path, catalogue: Catalogue, problems: list[Any], notes: list[str] | None = None
) -> SupportOffer | None:
    """The support offer on the workbook's two offer sheets (``None`` if it has neither, or both are empty).

    Problems are added to ``problems`` and notes (a column not read) to ``notes``; a workbook
    with one offer sheet and not the other, or missing a column read, raises ``StructureError``.
    """
    notes = [] if notes is None else notes
    names = list(wb.sheetnames)
    if layout.OFFER not in names and layout.OFFER_FIGURES not in names:
        return None
    offer_ws = wb[layout.OFFER] if layout.OFFER in names else None
    figures_ws = wb[layout.OFFER_FIGURES] if layout.OFFER_FIGURES in names else None
    if offer_ws is None or figures_ws is None:
        missing = layout.OFFER if offer_ws is None else layout.OFFER_FIGURES
        raise structure_error(
            path, f"the audit workbook is missing the sheet {missing!r}: was it renamed or deleted?"
        )
    programmes_sheet = Sheet(layout.OFFER, problems, layout.PROGRAMME_COLUMNS, notes)
    figures_sheet = Sheet(layout.OFFER_FIGURES, problems, layout.FIGURE_COLUMNS, notes)
    for sheet, ws, columns in (
        (programmes_sheet, offer_ws, layout.PROGRAMME_COLUMNS),
        (figures_sheet, figures_ws, layout.FIGURE_COLUMNS),
    ):
        sheet.found = sheet.columns(ws, path, columns, columns, row=layout.HEADER_ROW)
    carers_cell, raw_carers = _carers(offer_ws, path)
    carers = _count(programmes_sheet, raw_carers, carers_cell, "Approved fostering households")
    programmes: list[Programme] = []
    programme_rows: list[int] = []
    first = layout.HEADER_ROW + 1
    for number, row in filled_rows(offer_ws, path, programmes_sheet.found, programmes_sheet, first):
        programme = _programme(programmes_sheet, number, row)
        if programme is not None:
            programmes.append(programme)
            programme_rows.append(number)
    figures: list[ProgrammeFigures] = []
    figure_rows: list[int] = []
    earlier: dict[tuple[str, str], int] = {}
    for number, row in filled_rows(figures_ws, path, figures_sheet.found, figures_sheet, first):
        found = _figures(figures_sheet, number, row, earlier, figures)
        if found is not None:
            earlier.setdefault(found.key, len(figures))
            figures.append(found)
            figure_rows.append(number)
    offer = _build(
        programmes_sheet,
        SupportOffer,
        {"programmes": tuple(programmes), "figures": tuple(figures), "carers": carers},
        {"carers": (carers_cell, raw_carers)},
        set(),
    )
    if offer is None:  # pragma: no cover - only carers can be refused, and it is optional
        return None
    if not offer.programmes and not offer.figures and offer.carers is None:
        return None  # nothing recorded, as in a workbook written with no offer
    return _checked(offer, catalogue, programmes_sheet, figures_sheet, (programme_rows, figure_rows))


def _carers(ws: Any, path: Path) -> tuple[str, object]:
    """The cell holding the number of approved households, and its value.

    It is :data:`~fosterkit_excel.audit_offer_layout.CARERS_CELL` as written; with a column
    inserted before it, the first cell after the label in its row that holds something.
    """
    row_number, _column = coordinate_to_tuple(layout.CARERS_CELL)
    row = quietly(
        path, lambda: next(iter(ws.iter_rows(min_row=row_number, max_row=row_number, values_only=True)), ())
    )
    for index, value in enumerate(row[1:], start=2):
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return f"{get_column_letter(index)}{row_number}", value
    return layout.CARERS_CELL, None


def _checked(
    offer: SupportOffer,
    catalogue: Catalogue,
    programmes_sheet: Sheet,
    figures_sheet: Sheet,
    rows: tuple[list[int], list[int]],
) -> SupportOffer:
    """``offer`` without what :func:`offer_problems` finds wrong, each problem reported by cell."""
    dropped: dict[str, set[int]] = {"programmes": set(), "figures": set()}
    removed_ids: dict[tuple[int, str], set[int]] = {}
    for problem in offer_problems(offer, catalogue):
        match = _PATH.match(problem.path)
        if match is None:  # pragma: no cover - every path offer_problems gives matches
            programmes_sheet.problem("A1", "", problem.message)
            continue
        table, index, name, item = match.group(1), int(match.group(2)), match.group(3), match.group(4)
        is_programme = table == "programmes"
        sheet = programmes_sheet if is_programme else figures_sheet
        columns = _PROGRAMME_FIELDS if is_programme else _FIGURE_FIELDS
        entry = offer.programmes[index] if is_programme else offer.figures[index]
        cell = sheet.found.cell(columns.get(name, "A"), rows[0 if is_programme else 1][index])
        shown = getattr(entry, name, "")
        value = ", ".join(shown) if isinstance(shown, tuple) else shown
        sheet.refused(cell, value, name, problem.message)
        if item is not None:
            removed_ids.setdefault((index, name), set()).add(int(item))
        else:
            dropped[table].add(index)
    programmes = []
    for index, programme in enumerate(offer.programmes):
        if index in dropped["programmes"]:
            continue

        def kept(name: str, ids: tuple[str, ...], at: int = index) -> tuple[str, ...]:
            gone = removed_ids.get((at, name), set())
            return tuple(x for i, x in enumerate(ids) if i not in gone)

        programmes.append(
            attrs.evolve(
                programme,
                recommendations=kept("recommendations", programme.recommendations),
                principles=kept("principles", programme.principles),
            )
        )
    figures = tuple(f for index, f in enumerate(offer.figures) if index not in dropped["figures"])
    return SupportOffer(programmes=tuple(programmes), figures=figures, carers=offer.carers)
