"""The audit-tool workbook as written: sheets, cells, validations, protection and formulas."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from fosterkit import Catalogue, load_catalogue
from fosterkit.analysis.insights import SUPPRESSED, ElementInsight, ReasonCount, ThemeCount
from fosterkit.plugins import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    AuditWorkbook,
    Insights,
    Position,
    PriorityChoice,
    PriorityLevel,
    Step,
)
from fosterkit_excel import audit_layout as layout
from fosterkit_excel.audit_writer import write_audit_workbook

START = datetime.date(2026, 4, 1)
END = datetime.date(2026, 9, 30)
TODAY = datetime.date(2026, 3, 20)
STEPS = dict(zip(layout.STEP_SHEETS, Step, strict=True))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _cycle(catalogue: Catalogue, **changes: Any) -> AuditCycle:
    return AuditCycle(
        service="Northshire fostering",
        start=START,
        end=END,
        pack=catalogue.pack.id,
        pack_version=catalogue.pack.version,
        **changes,
    )


def _insights() -> Insights:
    return Insights(
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2026, 3, 31),
        threshold=5,
        departures=40,
        interviewed=31,
        themes=(
            ThemeCount(code="support", label="Support from the service", primary=12, mentioned=20),
            ThemeCount(code="money", label="Money", primary=SUPPRESSED, mentioned=7),
        ),
        preventable=14,
        preventable_base=28,
        preventable_percent=50.0,
        elements=(
            ElementInsight(
                element_id="KP3",
                title="Peer support",
                rank=1,
                score=12.5,
                leavers=15,
                reasons=(
                    ReasonCount(code="isolated", label="Felt isolated", leavers=9),
                    ReasonCount(code="no-group", label="No support group", leavers=SUPPRESSED),
                ),
            ),
            ElementInsight(
                element_id="R4", title="Self-care", rank=2, score=4.0, leavers=SUPPRESSED, reasons=()
            ),
        ),
        notes=("Counts are of households.",),
    )


def _write(path: Path, catalogue: Catalogue, **changes: Any) -> Any:
    """Write a workbook (``changes`` go to AuditWorkbook) and load it back with openpyxl."""
    fields: dict[str, Any] = {"catalogue": catalogue, "cycle": _cycle(catalogue), "generated_on": TODAY}
    fields.update(changes)
    target = path / "audit.xlsx"
    write_audit_workbook(AuditWorkbook(**fields), target)
    return openpyxl.load_workbook(target)


def _elements(catalogue: Catalogue) -> list[str]:
    return [p.id for p in catalogue.principles] + [r.id for r in catalogue.recommendations]


def _header(ws: Any, columns: dict[str, str]) -> dict[str, Any]:
    return {letter: ws[f"{letter}1"].value for letter in columns}


def _validations(ws: Any) -> dict[str, Any]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


# -- structure -------------------------------------------------------------------------------------


@pytest.mark.parametrize("with_insights", [False, True])
def test_sheets_in_layout_order(tmp_path: Path, catalogue: Catalogue, with_insights: bool) -> None:
    wb = _write(tmp_path, catalogue, insights=_insights() if with_insights else None)
    expected = [s for s in layout.SHEETS if (with_insights or s != layout.INSIGHTS) and s != layout.GAPS]
    assert wb.sheetnames == expected
    assert wb.active.title == layout.START
    assert wb[layout.META].sheet_state == "hidden"
    assert wb.properties.creator == "fosterkit"
    assert wb.properties.title


def test_headers_match_layout(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue)
    tables = {
        layout.FRAMEWORK: layout.FRAMEWORK_COLUMNS,
        **dict.fromkeys(layout.STEP_SHEETS, layout.STEP_COLUMNS),
        layout.PRIORITIES: layout.PRIORITY_COLUMNS,
        layout.ACTIONS: layout.ACTION_COLUMNS,
        layout.PROGRESS: layout.PROGRESS_COLUMNS,
    }
    for sheet, columns in tables.items():
        assert _header(wb[sheet], columns) == columns, sheet
        assert wb[sheet]["A1"].font.bold


#: Where each sheet's panes are frozen: below its header, and right of the columns that say what
#: a row is about (the question, the key principle), so they stay in view beside the answers.
FROZEN = {
    layout.START: "A2",
    layout.FRAMEWORK: "D2",
    **dict.fromkeys(layout.STEP_SHEETS, "E2"),
    layout.PRIORITIES: "D2",
    layout.ACTIONS: "B2",
    layout.OFFER: "B4",
    layout.OFFER_FIGURES: "C4",
    layout.PROGRESS: "C2",
    layout.INSIGHTS: "A2",
}
PORTRAIT = {layout.START, layout.PROGRESS}


def test_print_settings_and_frozen_headers(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue, insights=_insights())
    for ws in wb.worksheets:
        if ws.title == layout.INSIGHTS:
            continue  # its own module's tests check it
        setup = ws.page_setup
        assert setup.orientation == ("portrait" if ws.title in PORTRAIT else "landscape"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
        assert str(setup.paperSize) == ws.PAPERSIZE_A4
        header = 3 if ws.title in (layout.OFFER, layout.OFFER_FIGURES) else 1  # under a guide line
        assert ws.print_title_rows == f"${header}:${header}"
        if ws.title != layout.META:
            assert ws.freeze_panes == FROZEN[ws.title], ws.title
            assert ws.oddFooter.center.text == ws.title  # finish_printing ran: sheet name in the footer
            assert ws.print_area


def test_every_answer_cell_is_shaded_boxed_and_its_row_grows(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue, cycle=_cycle(catalogue, actions=(AuditAction(action="Survey"),)))
    answers = {
        **dict.fromkeys(layout.STEP_SHEETS, "FHIJK"),
        layout.PRIORITIES: "GHI",
        layout.ACTIONS: "ABCDEFGHI",
        layout.OFFER: "ABCDEFGHI",
    }
    for sheet, letters in answers.items():
        ws = wb[sheet]
        first = 4 if sheet == layout.OFFER else 2
        for row in (first, ws.max_row):
            for letter in letters:
                cell = ws[f"{letter}{row}"]
                assert cell.fill.fgColor.rgb.endswith("FFF9E6"), cell.coordinate
                assert cell.border.left.style == "thin", f"{sheet}!{cell.coordinate}"
                assert not cell.protection.locked
                assert cell.alignment.wrap_text
            assert ws.row_dimensions[row].height, f"{sheet} row {row}"
    # a question's row is at least three lines tall (room to write on paper)
    assert wb["Assess"].row_dimensions[2].height >= 45
    # and no row is marked custom height, which a spreadsheet never grows as text is typed
    with zipfile.ZipFile(tmp_path / "audit.xlsx") as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    custom = [int(row) for xml in sheets for row in re.findall(rb'<row r="(\d+)"[^>]*customHeight="1"', xml)]
    assert len(sheets) >= 10
    assert all(row == 1 for row in custom)  # only a guide line above a header is fixed


def test_an_overdue_action_is_highlighted_by_a_rule_that_uses_today(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    wb = _write(tmp_path, catalogue)
    ws = wb[layout.ACTIONS]
    last = 1 + layout.ACTION_ROWS
    rules = [(str(ranges.sqref), rule) for ranges in ws.conditional_formatting for rule in ranges.rules]
    ((where, rule),) = rules
    assert where == f"A2:I{last}"
    (formula,) = rule.formula
    assert "TODAY()" in formula
    assert "$E2" in formula
    assert '"done"' in formula
    guide = " ".join(str(c.value) for row in wb[layout.START].iter_rows() for c in row)
    assert "past its due date and not done shows in red" in guide


def test_protection(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue)
    protected = [
        layout.FRAMEWORK,
        *layout.STEP_SHEETS,
        layout.PRIORITIES,
        layout.OFFER,
        layout.OFFER_FIGURES,
        layout.PROGRESS,
        layout.META,
    ]
    for sheet in protected:
        assert wb[sheet].protection.sheet, sheet
        assert wb[sheet].protection.password is None, sheet
    assert not wb[layout.ACTIONS].protection.sheet


# -- the step sheets ---------------------------------------------------------------------------------


def test_one_row_per_question_in_catalogue_order(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue)
    for sheet, step in STEPS.items():
        ws = wb[sheet]
        questions = catalogue.find_questions(step=step)
        assert questions
        assert ws.max_row == 1 + len(questions)
        assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == [q.id for q in questions]
        first = questions[0]
        assert ws["B2"].value == catalogue.section(first.section).title
        assert ws["C2"].value == (first.lens.label if first.lens else None)
        assert ws["D2"].value == first.text
        assert ws["E2"].value == (", ".join(first.tags) or None)
        assert ws["L2"].value == "," + ",".join(sorted(catalogue.touches(first))) + ","
        assert ws.column_dimensions["L"].hidden
        assert ws["D2"].alignment.wrap_text


def test_step_cells_locked_and_unlocked(tmp_path: Path, catalogue: Catalogue) -> None:
    ws = _write(tmp_path, catalogue)["Assess"]
    for row in (2, ws.max_row):
        for letter in "FHIJK":
            assert not ws[f"{letter}{row}"].protection.locked, f"{letter}{row}"
        for letter in "ABCDEGL":
            assert ws[f"{letter}{row}"].protection.locked, f"{letter}{row}"


def test_step_validations(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue)
    for sheet in layout.STEP_SHEETS:
        ws = wb[sheet]
        last = ws.max_row
        found = _validations(ws)
        assert set(found) == {f"F2:F{last}", f"I2:I{last}", f"K2:K{last}"}
        position, priority, target = found[f"F2:F{last}"], found[f"I2:I{last}"], found[f"K2:K{last}"]
        assert position.formula1 == '"Not in place,Partly in place,In place,Not applicable"'
        assert priority.formula1 == '"High,Medium,Low"'
        assert (target.type, target.operator) == ("date", "between")
        assert (target.formula1, target.formula2) == ("36526", "73415")
        assert "31/03/2027" in target.error
        for validation in found.values():
            assert validation.showErrorMessage
            assert validation.errorStyle == "stop"
            assert validation.allow_blank
            assert not validation.showDropDown  # the arrow is shown
            assert validation.error
            assert validation.errorTitle


def test_prefilled_answers(tmp_path: Path, catalogue: Catalogue) -> None:
    assess = catalogue.find_questions(step=Step.ASSESS)
    review = catalogue.find_questions(step=Step.REVIEW)
    answers = (
        AuditAnswer(
            question_id=assess[0].id,
            position=Position.PARTLY_IN_PLACE,
            reflections='=HYPERLINK("http://x")\r\nsecond line',
            priority=PriorityLevel.HIGH,
            owner="@owner",
            target_date=datetime.date(2027, 3, 31),
        ),
        AuditAnswer(question_id=review[-1].id, position=Position.IN_PLACE),
    )
    wb = _write(
        tmp_path,
        catalogue,
        cycle=_cycle(catalogue, answers=answers),
        previous={assess[0].id: Position.NOT_IN_PLACE},
        previous_label="1 Oct 2025 to 31 Mar 2026",
    )
    ws = wb["Assess"]
    assert ws["F2"].value == "Partly in place"
    assert ws["G2"].value == "Not in place"
    assert ws["G3"].value is None
    assert ws["H2"].data_type == "s"
    assert ws["H2"].value == '\'=HYPERLINK("http://x")_x000D_\nsecond line'
    assert ws["I2"].value == "High"
    assert (ws["J2"].value, ws["J2"].data_type) == ("'@owner", "s")
    assert ws["K2"].value.date() == datetime.date(2027, 3, 31)
    assert ws["K2"].number_format == "dd/mm/yyyy"
    assert ws["F3"].value is None
    last = wb["Review"].max_row
    assert wb["Review"][f"F{last}"].value == "In place"


def test_no_formulas_outside_progress(tmp_path: Path, catalogue: Catalogue) -> None:
    action = AuditAction(action="=1+1", notes="-2", owner="+3")
    choice = PriorityChoice(element_id="KP1", rationale="=cmd|' /C calc'!A0")
    cycle = _cycle(catalogue, actions=(action,), priorities=(choice,))
    wb = _write(tmp_path, catalogue, cycle=attrs.evolve(cycle, service="=Service"), insights=_insights())
    for ws in wb.worksheets:
        if ws.title == layout.PROGRESS:
            continue
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
    assert wb[layout.ACTIONS]["A2"].value == "'=1+1"
    assert wb[layout.PRIORITIES]["H2"].value == "'=cmd|' /C calc'!A0"
    assert wb[layout.START]["B3"].value == "'=Service"


def test_text_xml_cannot_hold_is_escaped(tmp_path: Path, catalogue: Catalogue) -> None:
    question = catalogue.questions[0].id
    answer = AuditAnswer(question_id=question, reflections="bell\x07 and _x0041_")
    cycle = attrs.evolve(_cycle(catalogue, answers=(answer,)), service="North\x01shire")
    wb = _write(tmp_path, catalogue, cycle=cycle)
    assert wb["Assess"]["H2"].value == "bell_x0007_ and _x005F_x0041_"
    assert wb[layout.START]["B3"].value == "North_x0001_shire"
    assert "North shire" in wb.properties.title


# -- Framework, Priorities, Action plan ------------------------------------------------------------


def test_framework_rows_and_defined_name(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue)
    ws = wb[layout.FRAMEWORK]
    ids = _elements(catalogue)
    last = 1 + len(ids)
    assert [ws.cell(row=r, column=1).value for r in range(2, last + 1)] == ids
    coverage = catalogue.coverage()
    first_rec = catalogue.recommendations[0]
    row = 2 + len(catalogue.principles)
    assert ws[f"B{row}"].value == "Recommendation"
    assert first_rec.grade is not None
    assert ws[f"E{row}"].value == first_rec.grade.label
    assert ws[f"E{row}"].fill.fgColor.rgb.endswith("C6EFCE")  # strong evidence is green
    assert ws["B2"].value == "Key principle"
    assert ws["E2"].value is None
    assert ws["F2"].value == coverage.count(ids[0])
    assert [ws[f"{c}2"].value for c in "GHIJ"] == [coverage.steps[ids[0]][s] for s in Step]
    name = wb.defined_names[layout.ELEMENTS_NAME]
    assert name.attr_text == f"Framework!$A$2:$A${last}"


def test_priorities(tmp_path: Path, catalogue: Catalogue) -> None:
    choices = (
        PriorityChoice(element_id="KP3", focus=True, rationale="Carers asked for it", lead="Jo"),
        PriorityChoice(element_id="R4", focus=False, rationale="Next year"),
    )
    wb = _write(tmp_path, catalogue, cycle=_cycle(catalogue, priorities=choices), insights=_insights())
    ws = wb[layout.PRIORITIES]
    ids = _elements(catalogue)
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert list(rows) == ids
    kp3, r4, kp1 = rows["KP3"], rows["R4"], rows["KP1"]
    assert [ws[f"{c}{kp3}"].value for c in "FGHI"] == [1, "Yes", "Carers asked for it", "Jo"]
    assert [ws[f"{c}{r4}"].value for c in "FGH"] == [2, "No", "Next year"]
    r4_grade = catalogue.recommendation("R4").grade
    assert r4_grade is not None
    assert ws[f"D{r4}"].value == r4_grade.label
    assert [ws[f"{c}{kp1}"].value for c in "FGHI"] == [None, None, None, None]
    assert ws[f"E{kp1}"].value == catalogue.coverage().count("KP1")
    for letter in "GHI":
        assert not ws[f"{letter}{kp1}"].protection.locked
    for letter in "ABCDEF":
        assert ws[f"{letter}{kp1}"].protection.locked
    (focus,) = ws.data_validations.dataValidation
    assert str(focus.sqref) == f"G2:G{1 + len(ids)}"
    assert focus.formula1 == '"Yes,No"'
    assert focus.showErrorMessage


def test_action_plan(tmp_path: Path, catalogue: Catalogue) -> None:
    actions = (
        AuditAction(
            action="Start a peer group",
            link="KP3",
            owner="Sam",
            start=datetime.date(2026, 4, 10),
            due=datetime.date(2026, 6, 1),
            status=ActionStatus.IN_PROGRESS,
            notes="Venue booked",
            next_check_in=datetime.date(2026, 5, 1),
            carried_from="1 Oct 2025 to 31 Mar 2026",
        ),
        AuditAction(action="Survey carers"),
    )
    wb = _write(tmp_path, catalogue, cycle=_cycle(catalogue, actions=actions))
    ws = wb[layout.ACTIONS]
    row = [ws[f"{c}2"].value for c in "ABCFGI"]
    assert row == [
        "Start a peer group",
        "KP3",
        "Sam",
        "In progress",
        "Venue booked",
        "1 Oct 2025 to 31 Mar 2026",
    ]
    assert [ws[f"{c}2"].value.date() for c in "DEH"] == [
        datetime.date(2026, 4, 10),
        datetime.date(2026, 6, 1),
        datetime.date(2026, 5, 1),
    ]
    assert [ws[f"{c}3"].value for c in "ABF"] == ["Survey carers", None, "Not started"]
    last = 1 + len(actions) + layout.ACTION_ROWS
    assert ws[f"A{last + 1}"].value is None
    for letter in "DEH":
        assert ws[f"{letter}{last}"].number_format == "dd/mm/yyyy"
    found = _validations(ws)
    assert set(found) == {f"{c}2:{c}{last}" for c in "BFDEH"}
    assert found[f"B2:B{last}"].formula1 == layout.ELEMENTS_NAME
    assert found[f"F2:F{last}"].formula1 == '"Not started,In progress,Done,Blocked"'
    assert found[f"D2:D{last}"].type == "date"
    assert all(v.showErrorMessage for v in found.values())


# -- Progress ----------------------------------------------------------------------------------------


def test_progress_formulas_and_chart(tmp_path: Path, catalogue: Catalogue) -> None:
    wb = _write(tmp_path, catalogue)
    ws = wb[layout.PROGRESS]
    ids = _elements(catalogue)
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == ids
    last = {sheet: 1 + len(catalogue.find_questions(step=step)) for sheet, step in STEPS.items()}
    expected = "=" + "+".join(
        f'SUMPRODUCT(ISNUMBER(SEARCH(","&$A2&",",{s}!$L$2:$L${n}))*(LOWER(TRIM({s}!$F$2:$F${n}))=LOWER(C$1)))'
        for s, n in last.items()
    )
    assert ws["C2"].value == expected
    assert ws["F3"].value == expected.replace("$A2", "$A3").replace("C$1", "F$1")
    assert ws["G2"].value == "=H2-SUM(C2:F2)"
    assert ws["H2"].value == "=" + "+".join(
        f'SUMPRODUCT(--ISNUMBER(SEARCH(","&$A2&",",{s}!$L$2:$L${n})))' for s, n in last.items()
    )
    for sheet in layout.STEP_SHEETS:
        assert f"{sheet}!$F$2:$F${last[sheet]}" in ws["E16"].value
    (chart,) = ws._charts
    assert chart.grouping == "stacked"
    assert chart.overlap == 100
    assert len(chart.series) == 5
    assert "Answers by position" in chart.title.tx.rich.p[0].r[0].t


# -- Start here, insights, META -------------------------------------------------------------------


def test_start_here(tmp_path: Path, catalogue: Catalogue) -> None:
    ws = _write(tmp_path, catalogue)[layout.START]
    assert ws["A1"].value == "Foster Care Practice Guide audit tool"
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(2, ws.max_row + 1)}
    assert values["Service"].value == "Northshire fostering"
    assert values["Cycle"].value == "1 Apr 2026 to 30 Sep 2026"
    assert values["Starts"].value.date() == START
    assert values["Ends"].number_format == "dd/mm/yyyy"
    assert values["Previous cycle"].value == "none"
    assert values["Generated"].value.date() == TODAY
    for label in ("Assess", "Plan", "Do", "Review", "KP1", "R7", "ALL", "ALL RECS", "EDIE"):
        assert values[label].value, label
    for grade in catalogue.grades:
        assert values[grade.label].value == grade.definition


def test_insights_sheet(tmp_path: Path, catalogue: Catalogue) -> None:
    ws = _write(tmp_path, catalogue, insights=_insights())[layout.INSIGHTS]
    cells = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert cells[0][0] == "Exit interview insights"
    assert cells[0][1] == "01/04/2025 to 31/03/2026"
    by_label: dict[object, tuple[object, ...]] = {}
    for row in cells:  # the first row of each label: the chart's data repeats the themes below
        if row[0] is not None:
            by_label.setdefault(row[0], row[1:])
    assert by_label["Households that left"][0] == 40
    assert by_label["Percentage who said it could have been prevented"][0] == 0.5  # shown as 50.0%
    assert by_label["Money"][:2] == ("[c]", 7)
    assert by_label["Theme"][:2] == ("Main reason", "Mentioned")
    assert by_label["Rank"] == ("Id", "Title", "Score", "Leavers", "Reasons behind it")
    assert by_label[1] == (
        "KP3",
        "Peer support",
        12.5,
        15,
        "Felt isolated (9); No support group (fewer than 6)",
    )
    assert by_label[2][:4] == ("R4", "Self-care", 4.0, "[c]")
    assert by_label["Counts are of households."] is not None
    assert any(str(row[0]).startswith("[c] marks a count from 1 to 5") for row in cells)


def test_meta(tmp_path: Path, catalogue: Catalogue) -> None:
    ws = _write(tmp_path, catalogue, previous_label="1 Oct 2025 to 31 Mar 2026")[layout.META]
    meta = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    assert list(meta) == list(layout.META_KEYS)
    assert meta["format"] == layout.FORMAT
    assert meta["format_version"] == layout.FORMAT_VERSION
    assert meta["pack"] == catalogue.pack.id
    assert meta["pack_version"] == catalogue.pack.version
    assert meta["service"] == "Northshire fostering"
    assert (meta["cycle_start"], meta["cycle_end"]) == ("2026-04-01", "2026-09-30")
    assert meta["previous_cycle"] == "1 Oct 2025 to 31 Mar 2026"
    assert meta["generated_on"] == "2026-03-20"
    assert meta["fosterkit_version"]
    assert ws.protection.sheet
