"""The generated audit workbook as other clients see it.

python-calamine (a Rust parser, independent of openpyxl) checks sheets and values; the sheet XML,
read with the standard library through defusedxml, checks validations, protection and formulas;
LibreOffice, when installed, opens the file, recalculates the formulas and prints it.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from defusedxml import ElementTree  # type: ignore[import-untyped, unused-ignore]
from python_calamine import CalamineWorkbook

from fosterkit import load_catalogue
from fosterkit.plugins import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    AuditWorkbook,
    Position,
    Step,
)
from fosterkit_excel import audit_layout as layout
from fosterkit_excel import write_audit_workbook

CATALOGUE = load_catalogue()
TODAY = datetime.date(2026, 11, 23)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
ROOT = Path(__file__).resolve().parents[3]


def _questions(step: Step) -> list[str]:
    return [q.id for q in CATALOGUE.find_questions(step=step)]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook with a few answers and actions, as a service might have it mid-cycle."""
    assess, review = _questions(Step.ASSESS), _questions(Step.REVIEW)
    cycle = AuditCycle(
        service="Anytown Fostering",
        start=TODAY,
        end=datetime.date(2027, 5, 22),
        pack=CATALOGUE.pack.id,
        pack_version=CATALOGUE.pack.version,
        answers=(
            AuditAnswer(question_id=assess[0], position=Position.IN_PLACE, reflections="=HYPERLINK(x)"),
            AuditAnswer(question_id=assess[1], position=Position.NOT_IN_PLACE, owner="Llŷr"),
            AuditAnswer(question_id=review[0], position=Position.PARTLY_IN_PLACE),
        ),
        actions=(AuditAction(action="Start a peer group", link="KP3", status=ActionStatus.IN_PROGRESS),),
    )
    path = tmp_path_factory.mktemp("clients") / "audit.xlsx"
    write_audit_workbook(AuditWorkbook(catalogue=CATALOGUE, cycle=cycle, generated_on=TODAY), path)
    return path


def _rows(path: Path, sheet: str) -> list[list[Any]]:
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_name(sheet).to_python()
    finally:
        workbook.close()


def _sheet_xml(path: Path, sheet: str) -> Any:
    """The parsed XML of the worksheet called ``sheet``."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        rid = next(s.get(rel_ns) for s in book.iterfind("m:sheets/m:sheet", NS) if s.get("name") == sheet)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return ElementTree.fromstring(archive.read("xl/" + target.removeprefix("/xl/")))


def test_calamine_sees_the_sheets_in_order(filled: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(filled))
    try:
        assert workbook.sheet_names == [s for s in layout.SHEETS if s not in (layout.INSIGHTS, layout.GAPS)]
        hidden = {m.name: m.visible for m in workbook.sheets_metadata}
        assert str(hidden[layout.META]).lower().endswith("hidden")
    finally:
        workbook.close()


@pytest.mark.parametrize("step", list(Step))
def test_calamine_sees_one_row_per_question_with_its_text(filled: Path, step: Step) -> None:
    rows = _rows(filled, step.label)
    assert rows[0] == list(layout.STEP_COLUMNS.values())
    assert [r[0] for r in rows[1 : 1 + len(_questions(step))]] == _questions(step)
    first = CATALOGUE.question(rows[1][0])
    assert rows[1][3] == first.text
    assert rows[1][11] == "," + ",".join(sorted(CATALOGUE.touches(first))) + ","


def test_calamine_sees_answers_as_strings_not_formulas(filled: Path) -> None:
    rows = _rows(filled, "Assess")
    assert rows[1][5] == "In place"
    assert rows[1][7] == "'=HYPERLINK(x)"
    assert rows[2][9] == "Llŷr"
    actions = _rows(filled, layout.ACTIONS)
    assert actions[1][:2] == ["Start a peer group", "KP3"]
    assert actions[1][5] == "In progress"


def test_calamine_sees_the_framework_and_meta(filled: Path) -> None:
    framework = _rows(filled, layout.FRAMEWORK)
    ids = [r[0] for r in framework[1:] if r[0]]
    assert ids == [p.id for p in CATALOGUE.principles] + [r.id for r in CATALOGUE.recommendations]
    coverage = CATALOGUE.coverage()
    assert [int(r[5]) for r in framework[1 : 1 + len(ids)]] == [coverage.count(i) for i in ids]
    meta = {r[0]: r[1] for r in _rows(filled, layout.META)}
    assert meta["format"] == layout.FORMAT
    assert meta["pack"] == CATALOGUE.pack.id
    assert meta["cycle_start"] == TODAY.isoformat()


def test_the_xml_holds_the_dropdowns_and_date_checks(filled: Path) -> None:
    assess = _sheet_xml(filled, "Assess")
    last = len(_questions(Step.ASSESS)) + 1
    rules = {v.get("sqref"): v for v in assess.iterfind("m:dataValidations/m:dataValidation", NS)}
    position = rules[f"F2:F{last}"]
    assert position.get("type") == "list"
    assert (
        position.findtext("m:formula1", namespaces=NS)
        == '"Not in place,Partly in place,In place,Not applicable"'
    )
    assert position.get("showErrorMessage") == "1"
    assert rules[f"I2:I{last}"].findtext("m:formula1", namespaces=NS) == '"High,Medium,Low"'
    assert rules[f"K2:K{last}"].get("type") == "date"
    protection = assess.find("m:sheetProtection", NS)
    assert protection is not None
    assert protection.get("sheet") == "1"
    assert protection.get("password") is None
    actions = _sheet_xml(filled, layout.ACTIONS)
    formulas = {
        v.findtext("m:formula1", namespaces=NS)
        for v in actions.iterfind("m:dataValidations/m:dataValidation", NS)
    }
    assert layout.ELEMENTS_NAME in formulas


def test_the_xml_holds_live_progress_formulas(filled: Path) -> None:
    progress = _sheet_xml(filled, layout.PROGRESS)
    cells = {
        c.get("r"): c.findtext("m:f", namespaces=NS) for c in progress.iterfind("m:sheetData/m:row/m:c", NS)
    }
    assert cells["A2"] is None
    for step in Step:
        assert f"{step.label}!$L$2" in (cells["C2"] or "")
    assert re.search(r"SUMPRODUCT\(.*SEARCH\(\",\"&\$A2&\",\"", cells["C2"] or "")
    assert cells["G2"] == "H2-SUM(C2:F2)"
    formula_cells = [ref for ref, formula in cells.items() if formula]
    assert len(formula_cells) == 6 * len(CATALOGUE.coverage().rows)


def test_only_the_progress_sheet_has_formulas(filled: Path) -> None:
    for sheet in layout.SHEETS:
        if sheet in (layout.PROGRESS, layout.INSIGHTS, layout.GAPS):
            continue
        root = _sheet_xml(filled, sheet)
        assert root.find("m:sheetData/m:row/m:c/m:f", NS) is None, sheet


# -- LibreOffice -----------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@needs_libreoffice
def test_libreoffice_recalculates_progress_from_the_answers(filled: Path, tmp_path: Path) -> None:
    """LibreOffice opens the file, works out every formula and saves it; calamine reads the results.

    One answer is typed in lower case, as in workbooks of earlier versions: it counts all the same.
    """
    book = openpyxl.load_workbook(filled)
    assert book["Assess"]["F3"].value == "Not in place"
    book["Assess"]["F3"] = "not in place"
    (tmp_path / "in").mkdir()
    book.save(tmp_path / "in" / filled.name)
    filled = tmp_path / "in" / filled.name
    profile = tmp_path / "profile"
    command = [
        str(SOFFICE),
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(tmp_path / "out"),
        str(filled),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    rows = _rows(tmp_path / "out" / filled.name, layout.PROGRESS)
    header = rows[0]
    table = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:] if r[0]}
    assess, review = _questions(Step.ASSESS), _questions(Step.REVIEW)
    answered = {
        assess[0]: "in place",
        assess[1]: "not in place",
        review[0]: "partly in place",
    }
    coverage = CATALOGUE.coverage()
    for element in coverage.rows:
        touching = set(coverage.questions[element])
        expected = {
            p.value: sum(1 for q, a in answered.items() if a == p.value and q in touching) for p in Position
        }
        got = {p.value: int(table[element][p.value.capitalize()]) for p in Position}
        assert got == expected, element
        assert int(table[element]["Questions touching it"]) == coverage.count(element)
        assert int(table[element]["Not answered"]) == coverage.count(element) - sum(expected.values())


@needs_libreoffice
def test_the_render_script_prints_the_workbook(filled: Path, tmp_path: Path) -> None:
    script = ROOT / "scripts" / "render_audit_workbook.py"
    done = subprocess.run(
        [sys.executable, str(script), str(filled), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "audit.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
