"""Writing the audit-tool workbook: guidance, the framework, the four step sheets and the plan.

The sheets, columns and names follow :mod:`fosterkit_excel.audit_layout`, which the reader
relies on. Text is always written as text (neutralised, so nothing becomes a formula); the only
formulas are on the Progress sheet. Question cells are locked and answer cells unlocked.

Every sheet prints one page wide at 9 pt or more: its printed columns add up to at most about 185
width units (landscape) or 115 (portrait), and text wraps instead of widening a column.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped, unused-ignore]
from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Catalogue
from fosterkit.plugins import (
    ALL,
    ALL_RECS,
    EDIE,
    ActionStatus,
    AuditWorkbook,
    EvidenceGrade,
    Position,
    PriorityLevel,
    ReflectiveQuestion,
    Step,
)
from fosterkit_excel import audit_layout as layout
from fosterkit_excel import audit_offer_sheet as offer_sheet
from fosterkit_excel.audit_insights_sheet import write_insights
from fosterkit_excel.audit_styles import (
    BOLD,
    GRADE_FILLS,
    LEFT_TOP,
    TITLE_FONT,
    answer_cell,
    date_validation,
    fit_rows,
    header_row,
    heading,
    list_validation,
    print_setup,
    protect,
    put_date,
    put_number,
    put_text,
    sentence_case,
    sheet_ref,
)
from fosterkit_excel.print_layout import finish_printing
from fosterkit_excel.staging import staged_beside

__all__ = ["write_audit_workbook"]

_STEPS = dict(zip(layout.STEP_SHEETS, Step, strict=True))

_STEP_GUIDE = {
    Step.ASSESS: (
        "Go through each question with the people who give and receive support. Pick the current "
        "position from the list, and note what shows it under Reflections and evidence. Last cycle "
        "shows where you stood before, if there was an earlier workbook."
    ),
    Step.PLAN: (
        "Use these prompts to decide what to change. Mark how much each matters under Priority, and "
        "give it an owner and a target date."
    ),
    Step.DO: "Record how the changes are being carried out, and what is helping or getting in the way.",
    Step.REVIEW: (
        "Look back at what changed and what you learned from it, so the next cycle starts from the evidence."
    ),
}

_SHEET_GUIDE = {
    layout.PRIORITIES: (
        "Say yes or no to focusing on each key principle and recommendation this cycle, why, and who "
        "leads it. Where exit interviews were analysed, their rank shows what mattered to carers who left."
    ),
    layout.ACTIONS: (
        "One row per action, linked to the key principle or recommendation it serves. For more rows, "
        "insert them within the table, so they keep its lists and print. An action past its due date "
        "and not done shows in red. Actions not done are carried into the next cycle's workbook."
    ),
    layout.OFFER: (
        "The programmes of support you offer carers, against the recommendations and key principles, "
        "and on Offer figures their take-up, completion and outcomes each period. Both are carried "
        "into the next cycle's workbook."
    ),
    layout.GAPS: (
        "Worked out from last cycle's support offer and exit interviews: each recommendation's "
        "programmes, reach and completion, worst gaps first."
    ),
    layout.PROGRESS: (
        "Counts the answers touching each key principle and recommendation by position; it updates as "
        "the step sheets are filled in."
    ),
    layout.INSIGHTS: (
        "What carers who left said in exit interviews, with small counts held back so no one can be "
        "identified."
    ),
}

_PROTECTION_GUIDE = (
    "The shaded cells are for your answers and are unlocked; the questions and other cells are "
    "locked so the workbook can be read back into fosterkit. Sheets are protected without a "
    "password: to change one, use Review > Unprotect Sheet."
)

_TAG_MEANINGS = {
    ALL: "Every key principle and recommendation.",
    ALL_RECS: "Every recommendation.",
    EDIE: (
        "A prompt about equality, diversity, inclusion and equity; it adds no key principle or "
        "recommendation of its own."
    ),
}

_POSITION_FILLS = {
    Position.IN_PLACE: "C6EFCE",
    Position.PARTLY_IN_PLACE: "FFEB9C",
    Position.NOT_IN_PLACE: "FFC7CE",
}

#: An action past its due date (a real date before today) and not done: a rule, so it stays true.
_OVERDUE = 'AND(ISNUMBER($E2),$E2<TODAY(),LOWER(TRIM($F2))<>"done")'
_OVERDUE_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
_OVERDUE_FONT = Font(color="9C0006")

#: The fewest lines a question's answer row has: room to write by hand on a printout.
_ANSWER_LINES = 3

#: Chart colours for the Progress columns C-G.
_SERIES_COLOURS = ("E06666", "F6B26B", "6AA84F", "A6A6A6", "D9D9D9")


def write_audit_workbook(workbook: AuditWorkbook, path: Path) -> None:
    """Write the audit-tool workbook for ``workbook`` to ``path`` (.xlsx)."""
    catalogue, cycle = workbook.catalogue, workbook.cycle
    wb = Workbook()
    wb.remove(wb.active)
    _start(wb.create_sheet(layout.START), workbook)
    last_element = _framework(wb.create_sheet(layout.FRAMEWORK), catalogue)
    wb.defined_names[layout.ELEMENTS_NAME] = DefinedName(
        layout.ELEMENTS_NAME, attr_text=f"{sheet_ref(layout.FRAMEWORK)}!$A$2:$A${last_element}"
    )
    step_rows: dict[str, int] = {}
    for name, step in _STEPS.items():
        step_rows[name] = _step(wb.create_sheet(name), workbook, catalogue.find_questions(step=step))
    offer_sheet.link_offer_questions(
        wb[layout.STEP_SHEETS[0]], step_rows[layout.STEP_SHEETS[0]], min_lines=_ANSWER_LINES
    )
    _priorities(wb.create_sheet(layout.PRIORITIES), workbook)
    _actions(wb.create_sheet(layout.ACTIONS), workbook)
    offer_sheet.write_offer(wb.create_sheet(layout.OFFER), catalogue, cycle.offer)
    offer_sheet.write_figures(wb.create_sheet(layout.OFFER_FIGURES), cycle.offer)
    _progress(wb.create_sheet(layout.PROGRESS), catalogue, step_rows)
    if workbook.insights is not None:
        write_insights(wb.create_sheet(layout.INSIGHTS), workbook.insights)
    if workbook.gaps is not None:
        offer_sheet.write_gaps(wb.create_sheet(layout.GAPS), workbook.gaps)
    _meta(wb.create_sheet(layout.META), workbook)
    # Document properties are XML that openpyxl does not escape: keep printable characters only.
    service = "".join(ch if ch.isprintable() else " " for ch in cycle.service)
    wb.properties.title = f"{catalogue.pack.title} audit tool: {service}, {cycle.label}"
    wb.properties.creator = "fosterkit"
    wb.active = 0
    finish_printing(wb, cycle.service)
    with staged_beside(path):
        wb.save(path)


def _elements(catalogue: Catalogue) -> list[tuple[str, str, str, EvidenceGrade | None]]:
    """Each key principle then recommendation: id, kind, title and grade (``None`` for principles)."""
    rows: list[tuple[str, str, str, EvidenceGrade | None]] = [
        (p.id, "Key principle", p.title, None) for p in catalogue.principles
    ]
    rows += [(r.id, "Recommendation", r.title, r.grade) for r in catalogue.recommendations]
    return rows


def _grade_cell(ws: Any, row: int, column: int, grade: EvidenceGrade | None) -> None:
    if grade is not None:
        put_text(ws, row, column, grade.label).fill = GRADE_FILLS[grade]
    else:
        put_text(ws, row, column, "")


# -- Start here ------------------------------------------------------------------------------


def _start(ws: Any, workbook: AuditWorkbook) -> None:
    catalogue, cycle = workbook.catalogue, workbook.cycle
    pack = catalogue.pack
    for letter, width in {"A": 20, "B": 74, "C": 16}.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, f"{pack.title} audit tool", columns=3, font=TITLE_FONT)
    row = 3
    details: list[tuple[str, Any]] = [
        ("Service", cycle.service),
        ("Cycle", cycle.label),
        ("Starts", cycle.start),
        ("Ends", cycle.end),
        ("Framework", f"{pack.title} (version {pack.version})"),
        ("Previous cycle", workbook.previous_label or "none"),
        ("Generated", workbook.generated_on),
    ]
    for label, value in details:
        put_text(ws, row, 1, label).font = BOLD
        if isinstance(value, str):
            put_text(ws, row, 2, value)
        else:
            put_date(ws, row, 2, value).alignment = LEFT_TOP
        row += 1

    row += 1
    heading(ws, row, "How to use the four steps", columns=3)
    row += 1
    for name, step in _STEPS.items():
        put_text(ws, row, 1, name).font = BOLD
        put_text(ws, row, 2, _STEP_GUIDE[step])
        row += 1
    for name, text in _SHEET_GUIDE.items():
        if (name == layout.INSIGHTS and workbook.insights is None) or (
            name == layout.GAPS and workbook.gaps is None
        ):
            continue
        put_text(ws, row, 1, name).font = BOLD
        put_text(ws, row, 2, text)
        row += 1
    put_text(ws, row, 1, "Answer cells").font = BOLD
    put_text(ws, row, 2, _PROTECTION_GUIDE)
    row += 2

    heading(ws, row, "What the tags mean", columns=3)
    row += 1
    for element_id, _kind, title, grade in _elements(catalogue):
        put_text(ws, row, 1, element_id).font = BOLD
        put_text(ws, row, 2, title)
        _grade_cell(ws, row, 3, grade)
        row += 1
    for tag, meaning in _TAG_MEANINGS.items():
        put_text(ws, row, 1, tag).font = BOLD
        put_text(ws, row, 2, meaning)
        row += 1
    row += 1

    heading(ws, row, "Evidence grades", columns=3)
    row += 1
    for definition in catalogue.grades:
        put_text(ws, row, 1, definition.label).fill = GRADE_FILLS[definition.grade]
        put_text(ws, row, 2, definition.definition)
        row += 1
    fit_rows(ws)
    print_setup(ws, orientation="portrait")


# -- Framework -------------------------------------------------------------------------------


def _framework(ws: Any, catalogue: Catalogue) -> int:
    """Fill the Framework sheet; returns its last row."""
    widths = {"A": 6, "B": 14, "C": 32, "D": 58, "E": 13, "F": 10, "G": 8, "H": 8, "I": 8, "J": 8}
    header_row(ws, layout.FRAMEWORK_COLUMNS, widths)
    coverage = catalogue.coverage()
    summaries = {p.id: p.why for p in catalogue.principles} | {
        r.id: r.summary for r in catalogue.recommendations
    }
    row = 1
    for row, (element_id, kind, title, grade) in enumerate(_elements(catalogue), start=2):
        put_text(ws, row, 1, element_id)
        put_text(ws, row, 2, kind)
        put_text(ws, row, 3, title)
        put_text(ws, row, 4, summaries[element_id])
        _grade_cell(ws, row, 5, grade)
        put_number(ws, row, 6, coverage.count(element_id))
        for column, step in enumerate(Step, start=7):
            put_number(ws, row, column, coverage.steps[element_id][step])
    ws.auto_filter.ref = f"A1:J{row}"
    fit_rows(ws)
    print_setup(ws, freeze="D2")
    protect(ws, filters=True)
    return row


# -- the four step sheets ----------------------------------------------------------------------


def _step(ws: Any, workbook: AuditWorkbook, questions: Sequence[ReflectiveQuestion]) -> int:
    """Fill one step sheet with ``questions``; returns its last question row (1 if there are none)."""
    catalogue, cycle = workbook.catalogue, workbook.cycle
    widths = {
        "A": 12,
        "B": 13,
        "C": 9,
        "D": 50,
        "E": 10,
        "F": 12,
        "G": 10,
        "H": 38,
        "I": 9,
        "J": 11,
        "K": 11,
        "L": 14,
    }
    header_row(ws, layout.STEP_COLUMNS, widths)
    ws.column_dimensions["L"].hidden = True
    last = 1 + len(questions)
    for row, question in enumerate(questions, start=2):
        answer = cycle.answer(question.id)
        before = workbook.previous.get(question.id)
        put_text(ws, row, 1, question.id)
        put_text(ws, row, 2, catalogue.section(question.section).title)
        put_text(ws, row, 3, question.lens.label if question.lens is not None else "")
        put_text(ws, row, 4, question.text)
        put_text(ws, row, 5, ", ".join(question.tags))
        put_text(ws, row, 6, sentence_case(answer.position.value) if answer and answer.position else "")
        put_text(ws, row, 7, sentence_case(before.value) if before is not None else "")
        put_text(ws, row, 8, answer.reflections if answer else "")
        put_text(ws, row, 9, sentence_case(answer.priority.value) if answer and answer.priority else "")
        put_text(ws, row, 10, answer.owner if answer else "")
        put_date(ws, row, 11, answer.target_date if answer else None)
        put_text(ws, row, 12, "," + ",".join(sorted(catalogue.touches(question))) + ",", wrap=False)
        for column in (6, 8, 9, 10, 11):
            answer_cell(ws.cell(row=row, column=column))
    if questions:
        list_validation(ws, f"F2:F{last}", [sentence_case(p.value) for p in Position], "position")
        list_validation(ws, f"I2:I{last}", [sentence_case(p.value) for p in PriorityLevel], "priority")
        date_validation(ws, f"K2:K{last}")
        for position, colour in _POSITION_FILLS.items():
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            rule = FormulaRule(formula=[f'LOWER(TRIM($F2))="{position.value}"'], fill=fill)
            ws.conditional_formatting.add(f"F2:F{last}", rule)
        ws.auto_filter.ref = f"A1:K{last}"
    fit_rows(ws, min_lines=_ANSWER_LINES)
    print_setup(ws, freeze="E2")  # the question stays in view while scrolling to the answers
    protect(ws, filters=True)
    return last


# -- Priorities and Action plan ------------------------------------------------------------------


def _priorities(ws: Any, workbook: AuditWorkbook) -> None:
    catalogue = workbook.catalogue
    widths = {"A": 6, "B": 14, "C": 40, "D": 13, "E": 10, "F": 10, "G": 10, "H": 38, "I": 16}
    header_row(ws, layout.PRIORITY_COLUMNS, widths)
    coverage = catalogue.coverage()
    ranks = {e.element_id: e.rank for e in workbook.insights.elements} if workbook.insights else {}
    choices = {c.element_id: c for c in workbook.cycle.priorities}
    row = 1
    for row, (element_id, kind, title, grade) in enumerate(_elements(catalogue), start=2):
        put_text(ws, row, 1, element_id)
        put_text(ws, row, 2, kind)
        put_text(ws, row, 3, title)
        _grade_cell(ws, row, 4, grade)
        put_number(ws, row, 5, coverage.count(element_id))
        put_number(ws, row, 6, ranks.get(element_id))
        choice = choices.get(element_id)
        yes, no = (sentence_case(word) for word in layout.YES_NO)
        put_text(ws, row, 7, "" if choice is None else (yes if choice.focus else no))
        put_text(ws, row, 8, choice.rationale if choice else "")
        put_text(ws, row, 9, choice.lead if choice else "")
        for column in (7, 8, 9):
            answer_cell(ws.cell(row=row, column=column))
    if row > 1:
        list_validation(ws, f"G2:G{row}", [sentence_case(word) for word in layout.YES_NO], "yes or no")
    fit_rows(ws, min_lines=2)
    print_setup(ws, freeze="D2")
    protect(ws)


def _actions(ws: Any, workbook: AuditWorkbook) -> None:
    widths = {"A": 42, "B": 12, "C": 16, "D": 11, "E": 11, "F": 12, "G": 36, "H": 14, "I": 13}
    header_row(ws, layout.ACTION_COLUMNS, widths)
    actions = workbook.cycle.actions
    for row, action in enumerate(actions, start=2):
        put_text(ws, row, 1, action.action)
        put_text(ws, row, 2, action.link or "")
        put_text(ws, row, 3, action.owner)
        put_date(ws, row, 4, action.start)
        put_date(ws, row, 5, action.due)
        put_text(ws, row, 6, sentence_case(action.status.value))
        put_text(ws, row, 7, action.notes)
        put_date(ws, row, 8, action.next_check_in)
        put_text(ws, row, 9, action.carried_from)
    last = 1 + len(actions) + layout.ACTION_ROWS
    for row in range(2 + len(actions), last + 1):
        for column in (1, 7, 9):
            put_text(ws, row, column, "")
        for column in (4, 5, 8):
            put_date(ws, row, column, None)
    for row in range(2, last + 1):  # every cell of the table is typed in; blank rows are ruled to write on
        for column in range(1, len(layout.ACTION_COLUMNS) + 1):
            answer_cell(ws.cell(row=row, column=column))
    list_validation(ws, f"B2:B{last}", layout.ELEMENTS_NAME, "key principle or recommendation")
    list_validation(ws, f"F2:F{last}", [sentence_case(s.value) for s in ActionStatus], "status")
    for letter in "DEH":
        date_validation(ws, f"{letter}2:{letter}{last}")
    rule = FormulaRule(formula=[_OVERDUE], fill=_OVERDUE_FILL, font=_OVERDUE_FONT)
    ws.conditional_formatting.add(f"A2:I{last}", rule)
    fit_rows(ws, min_lines=2)
    print_setup(ws, freeze="B2")


# -- Progress ------------------------------------------------------------------------------------


def _progress(ws: Any, catalogue: Catalogue, step_rows: dict[str, int]) -> None:
    widths = {"A": 6, "B": 40, "C": 11, "D": 11, "E": 11, "F": 11, "G": 11, "H": 11}
    header_row(ws, layout.PROGRESS_COLUMNS, widths)
    answered = [(sheet_ref(name), last) for name, last in step_rows.items() if last > 1]
    row = 1
    for row, (element_id, _kind, title, _grade) in enumerate(_elements(catalogue), start=2):
        put_text(ws, row, 1, element_id)
        put_text(ws, row, 2, title)
        touches = f'ISNUMBER(SEARCH(","&$A{row}&",",{{sheet}}!$L$2:$L${{last}}))'
        for column, letter in enumerate("CDEF", start=3):
            terms = [
                f"SUMPRODUCT({touches.format(sheet=s, last=n)}"
                f"*(LOWER(TRIM({s}!$F$2:$F${n}))=LOWER({letter}$1)))"
                for s, n in answered
            ]
            put_number(ws, row, column, "=" + ("+".join(terms) or "0"))
        put_number(ws, row, 7, f"=H{row}-SUM(C{row}:F{row})")
        terms = [f"SUMPRODUCT(--{touches.format(sheet=s, last=n)})" for s, n in answered]
        put_number(ws, row, 8, "=" + ("+".join(terms) or "0"))
    if row > 1:
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = "Answers by position for each key principle and recommendation"
        chart.y_axis.title = "Questions"
        chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.add_data(Reference(ws, min_col=3, max_col=7, min_row=1, max_row=row), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=row))
        for series, colour in zip(chart.series, _SERIES_COLOURS, strict=False):
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.width = 24
        chart.height = max(10.0, 0.8 * (row - 1) + 4)
        ws.add_chart(chart, "J2")
    fit_rows(ws)
    print_setup(ws, freeze="C2", orientation="portrait")
    protect(ws)


# -- META ----------------------------------------------------------------------------------------


def _meta(ws: Any, workbook: AuditWorkbook) -> None:
    cycle = workbook.cycle
    values: list[str | int] = [
        layout.FORMAT,
        layout.FORMAT_VERSION,
        workbook.catalogue.pack.id,
        cycle.pack_version,
        cycle.service,
        cycle.start.isoformat(),
        cycle.end.isoformat(),
        workbook.previous_label,
        workbook.generated_on.isoformat(),
        importlib.metadata.version("fosterkit"),
    ]
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 40
    for row, (key, value) in enumerate(zip(layout.META_KEYS, values, strict=True), start=1):
        put_text(ws, row, 1, key, wrap=False)
        if isinstance(value, int):
            put_number(ws, row, 2, value)
        else:
            put_text(ws, row, 2, value, wrap=False)
    ws.sheet_state = "hidden"
    print_setup(ws, freeze="A1")
    protect(ws)
