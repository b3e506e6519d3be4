"""Writing the audit workbook's Support offer, Offer figures and Gaps sheets.

The first two are filled in by people (unlocked, shaded answer cells under drop-downs and
whole-number checks) and read back by :mod:`fosterkit_excel.audit_offer_reader`; Gaps is worked
out by fosterkit, locked, and never read back. Cells sit where
:mod:`fosterkit_excel.audit_offer_layout` says.
"""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.hyperlink import Hyperlink  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue
from fosterkit.plugins import (
    SUPPRESSED,
    Delivery,
    GapAnalysis,
    OutcomeArea,
    ProgrammeKind,
    SupportOffer,
)
from fosterkit_excel import audit_offer_layout as layout
from fosterkit_excel.audit_styles import (
    BOLD,
    GRADE_FILLS,
    LEFT_TOP,
    TITLE_FONT,
    answer_cell,
    fit_rows,
    header_row,
    heading,
    list_validation,
    print_setup,
    protect,
    put_number,
    put_text,
    set_row_height,
    sheet_ref,
)

__all__ = ["PROGRAMMES_NAME", "link_offer_questions", "write_figures", "write_gaps", "write_offer"]

#: The defined name holding the Support offer sheet's programme id cells, for the drop-down on figures.
PROGRAMMES_NAME = "SupportOfferProgrammes"

_OFFER_GUIDE = (
    "List each programme of support you offer carers, alone or with partners: one a row. Use the "
    "drop-downs; several recommendations, key principles or ways of delivery go in one cell, "
    "separated by commas. Figures for each period go on the Offer figures sheet."
)
_FIGURES_GUIDE = (
    "One row for each programme and period (such as 2025-26): counts are whole numbers of carers, "
    "with completed no more than started and started no more than referred. Sessions attended is "
    "summed over everyone who started. Group of carers: attendees from a group (connected persons, "
    "say) beside that group's carers in the service, where known. A further row for the same "
    "programme and period with no counts adds another outcome measure or group."
)


def _numbers(ws: Any, cells: str, *, whole: bool) -> None:
    """Accept only whole numbers of 0 or more (counts) or, unless ``whole``, any number in ``cells``."""
    bounds = {"operator": "greaterThanOrEqual", "formula1": "0"}
    if not whole:
        bounds = {"operator": "between", "formula1": "-1000000", "formula2": "1000000"}
    validation = DataValidation(
        type="whole" if whole else "decimal",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not a count" if whole else "Not a number",
        error=(
            "Enter a whole number of 0 or more (a count of carers or sessions, not a percentage)."
            if whole
            else "Enter a number, or leave the cell blank."
        ),
        **bounds,
    )
    validation.add(cells)
    ws.add_data_validation(validation)


def _several(ws: Any, cells: str, choices: list[str], what: str) -> None:
    """A drop-down that also lets people type several of its choices, separated by commas."""
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=f"Check the {what}"[:32],
        error=f"Choose from: {', '.join(choices)}; several may go in one cell, separated by commas."[:255],
    )
    validation.add(cells)
    ws.add_data_validation(validation)


def _guide(ws: Any, text: str, last_column: int) -> None:
    put_text(ws, 1, 1, text)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
    ws.row_dimensions[1].height = 45


def _answer_cells(ws: Any, first: int, last: int, columns: int) -> None:
    for row in range(first, last + 1):
        for column in range(1, columns + 1):
            answer_cell(ws.cell(row=row, column=column))


def _labels(kind: Any) -> list[str]:
    return [member.label for member in kind]


def write_offer(ws: Any, catalogue: Catalogue, offer: SupportOffer | None) -> None:
    """Fill the Support offer sheet with ``offer``'s programmes and blank rows to add more."""
    widths = {"A": 12, "B": 24, "C": 18, "D": 20, "E": 18, "F": 12, "G": 18, "H": 24, "I": 10}
    _guide(ws, _OFFER_GUIDE, len(layout.PROGRAMME_COLUMNS))
    put_text(ws, 2, 1, "Approved fostering households (the base of reach)").font = BOLD
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    carers = answer_cell(ws[layout.CARERS_CELL])
    carers.alignment = LEFT_TOP
    header_row(ws, layout.PROGRAMME_COLUMNS, widths, row=layout.HEADER_ROW)
    programmes = offer.programmes if offer is not None else ()
    if offer is not None and offer.carers is not None:
        carers.value = offer.carers
    first = layout.HEADER_ROW + 1
    for row, programme in enumerate(programmes, start=first):
        put_text(ws, row, 1, programme.id)
        put_text(ws, row, 2, programme.name)
        put_text(ws, row, 3, programme.provider)
        put_text(ws, row, 4, programme.kind.label)
        put_text(ws, row, 5, ", ".join(programme.recommendations))
        put_text(ws, row, 6, ", ".join(programme.principles))
        put_text(ws, row, 7, ", ".join(d.label for d in programme.delivery))
        put_text(ws, row, 8, programme.for_whom)
        put_number(ws, row, 9, programme.places_per_year)
    last = first + len(programmes) + layout.PROGRAMME_ROWS - 1
    _answer_cells(ws, first, last, len(layout.PROGRAMME_COLUMNS))
    for row in range(first + len(programmes), last + 1):
        for column in (1, 2, 3, 4, 5, 6, 7, 8):
            put_text(ws, row, column, "")
    list_validation(ws, f"D{first}:D{last}", _labels(ProgrammeKind), "kind of programme")
    _several(ws, f"E{first}:E{last}", [r.id for r in catalogue.recommendations], "recommendations")
    _several(ws, f"F{first}:F{last}", [p.id for p in catalogue.principles], "key principles")
    _several(ws, f"G{first}:G{last}", _labels(Delivery), "delivery")
    _numbers(ws, f"I{first}:I{last}", whole=True)
    _numbers(ws, layout.CARERS_CELL, whole=True)
    ws.parent.defined_names[PROGRAMMES_NAME] = DefinedName(
        PROGRAMMES_NAME, attr_text=f"{sheet_ref(ws.title)}!$A${first}:$A${last}"
    )
    fit_rows(ws, min_lines=2)
    ws.row_dimensions[1].height = 45
    set_row_height(ws, 2, 30)  # the label, wrapped in its merged cells, beside the number typed in
    print_setup(ws, freeze=f"B{first}", title_rows=f"{layout.HEADER_ROW}:{layout.HEADER_ROW}")
    protect(ws)


def write_figures(ws: Any, offer: SupportOffer | None) -> None:
    """Fill the Offer figures sheet: a row per programme, period and outcome or group, then blank rows."""
    widths = {
        **dict.fromkeys("CDEFG", 10),
        "A": 12,
        "B": 9,
        "H": 11,
        "I": 12,
        "J": 14,
        "K": 16,
        "L": 13,
        "M": 7,
        "N": 7,
        "O": 13,
        "P": 9,
        "Q": 9,
    }
    _guide(ws, _FIGURES_GUIDE, len(layout.FIGURE_COLUMNS))
    header_row(ws, layout.FIGURE_COLUMNS, widths, row=layout.HEADER_ROW)
    row = first = layout.HEADER_ROW + 1
    for figures in offer.figures if offer is not None else ():
        put_text(ws, row, 1, figures.programme_id)
        put_text(ws, row, 2, figures.period)
        for column, count in enumerate(
            (figures.referred, figures.started, figures.completed, figures.sessions_offered),
            start=3,
        ):
            put_number(ws, row, column, count)
        put_number(ws, row, 7, figures.sessions_attended)
        put_number(ws, row, 8, figures.acceptability)
        put_text(ws, row, 9, figures.acceptability_scale)
        for index in range(max(len(figures.outcomes), len(figures.make_up), 1)):
            if index:  # a further row for another outcome or group: same programme and period, no counts
                row += 1
                put_text(ws, row, 1, figures.programme_id)
                put_text(ws, row, 2, figures.period)
            if index < len(figures.outcomes):
                outcome = figures.outcomes[index]
                put_text(ws, row, 10, outcome.area.label)
                put_text(ws, row, 11, outcome.measure)
                put_text(ws, row, 12, outcome.scale)
                put_number(ws, row, 13, outcome.before)
                put_number(ws, row, 14, outcome.after)
            if index < len(figures.make_up):
                group = figures.make_up[index]
                put_text(ws, row, 15, group.group)
                put_number(ws, row, 16, group.attendees)
                put_number(ws, row, 17, group.carers)
        row += 1
    last = row + layout.FIGURE_ROWS - 1
    _answer_cells(ws, first, last, len(layout.FIGURE_COLUMNS))
    for blank in range(row, last + 1):
        for column in (1, 2, 9, 10, 11, 12, 15):
            put_text(ws, blank, column, "")
    list_validation(ws, f"A{first}:A{last}", PROGRAMMES_NAME, "programme on the Support offer sheet")
    for letter in "CDEFGPQ":
        _numbers(ws, f"{letter}{first}:{letter}{last}", whole=True)
    for letter in "HMN":
        _numbers(ws, f"{letter}{first}:{letter}{last}", whole=False)
    list_validation(ws, f"J{first}:J{last}", _labels(OutcomeArea), "outcome area")
    fit_rows(ws, min_lines=2)
    ws.row_dimensions[1].height = 45
    print_setup(ws, freeze=f"C{first}", title_rows=f"{layout.HEADER_ROW}:{layout.HEADER_ROW}")
    protect(ws)


def link_offer_questions(ws: Any, last: int, *, min_lines: int = 1) -> None:
    """Point the Assess questions about the support offer to the Support offer sheet.

    The question (column D) says where to record the offer, and its id (column A) links there:
    a short id, because a spreadsheet shows a linked cell's text on one line, unwrapped. Rows
    are fitted to the longer questions again, answer rows at least ``min_lines`` tall.
    """
    target = f"{sheet_ref(layout.OFFER)}!A1"
    for row in range(2, last + 1):
        question_id = ws.cell(row=row, column=1)
        if question_id.value not in layout.OFFER_QUESTIONS:
            continue
        question = ws.cell(row=row, column=4)
        question.value = (
            f"{question.value}\n(Record your programmes and their figures on the {layout.OFFER} sheet.)"
        )
        question_id.hyperlink = Hyperlink(
            ref=question_id.coordinate, location=target, tooltip=f"Go to the {layout.OFFER} sheet"
        )
    fit_rows(ws, min_lines=min_lines)


def _shown(count: object) -> str:
    if count is None:
        return ""
    return str(SUPPRESSED) if count is SUPPRESSED else str(count)


def write_gaps(ws: Any, gaps: GapAnalysis) -> None:
    """Fill the locked Gaps sheet: each recommendation against the offer, then each key principle."""
    widths = {"A": 7, "B": 36, "C": 14, "D": 30, "E": 14, "F": 14, "G": 15, "H": 22}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, "Gaps in the support offer", columns=8, font=TITLE_FONT)
    period = f" and the leavers of {gaps.period_label}" if gaps.period_label else ""
    put_text(
        ws,
        2,
        1,
        f"Worked out from last cycle's Support offer sheet{period}; worst gaps first. Reach is the "
        "carers who started of all approved households; completion, those who completed of those "
        f"who started. {SUPPRESSED} marks a small count held back. This sheet is not read back.",
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    ws.row_dimensions[2].height = 45
    titles = (
        "Id",
        "Recommendation",
        "Evidence grade",
        "Programmes",
        "Reach",
        "Completion",
        "Verdict",
        "Leavers giving reasons it addresses",
    )
    _bold_row(ws, 4, titles)
    row = 5
    for gap in gaps.recommendations:
        put_text(ws, row, 1, gap.recommendation_id)
        put_text(ws, row, 2, gap.title)
        if gap.grade is not None:
            put_text(ws, row, 3, gap.grade.label).fill = GRADE_FILLS[gap.grade]
        put_text(ws, row, 4, ", ".join(gap.programmes))
        if gap.programmes:  # with no programme there is nothing to reach or complete
            put_text(ws, row, 5, "" if gap.reach is None else str(gap.reach))
            put_text(ws, row, 6, "" if gap.completion is None else str(gap.completion))
        put_text(ws, row, 7, gap.verdict.label).font = BOLD
        put_text(ws, row, 8, _shown(gap.leavers))
        row += 1
    row += 1
    _bold_row(ws, row, ("Id", "Key principle", "", "Programmes embodying it"))
    row += 1
    for principle in gaps.principles:
        put_text(ws, row, 1, principle.principle_id)
        put_text(ws, row, 2, principle.title)
        put_text(ws, row, 4, ", ".join(principle.programmes) or "none")
        row += 1
    row += 1
    heading(ws, row, "In a line each", columns=8)
    for line in gaps.lines():
        row += 1
        put_text(ws, row, 1, line)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        ws.row_dimensions[row].height = 15 * (1 + len(line) // 150)
    fit_rows(ws)
    print_setup(ws, freeze="A5")  # two tables: only the sheet's title repeats on each page
    protect(ws)


def _bold_row(ws: Any, row: int, titles: tuple[str, ...]) -> None:
    for column, title in enumerate(titles, start=1):
        put_text(ws, row, column, title).font = BOLD
