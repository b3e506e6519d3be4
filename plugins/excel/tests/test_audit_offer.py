"""The audit workbook's Support offer, Offer figures and Gaps sheets: written, filled in, read back."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

import fosterkit
from fosterkit import load_catalogue
from fosterkit.audit import plan_audit_workbook
from fosterkit.offer import (
    Delivery,
    Outcome,
    OutcomeArea,
    Programme,
    ProgrammeFigures,
    ProgrammeKind,
    SupportOffer,
    Verdict,
)
from fosterkit.testing.offer_strategies import support_offers
from fosterkit_excel import audit_layout as layout
from fosterkit_excel import read_audit_workbook, write_audit_workbook
from fosterkit_excel.audit_offer_layout import OFFER_QUESTIONS, choice_of

CATALOGUE = load_catalogue()
TODAY = datetime.date(2026, 4, 1)
ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "docs" / "examples" / "records.jsonl"


def _row(number: int, letters: str, values: list[Any]) -> dict[str, Any]:
    return {f"{letter}{number}": value for letter, value in zip(letters, values, strict=True)}


PROGRAMME_ROW = ["fc", "Fostering Changes", "Local authority", "Intervention named in the Practice Guide"]
FILLED = {
    layout.OFFER: {
        "C2": 140,
        **dict(zip(("A4", "B4", "C4", "D4"), PROGRAMME_ROW, strict=True)),
        "E4": "R4, R5",
        "F4": "KP3",
        "G4": "Group, practitioner-led",
        "H4": "Carers of children aged 2-12",
        "I4": 24,
        "A5": "buddy",
        "B5": "Buddy scheme",
        "D5": "Locally developed",
        "E5": "R2",
        "G5": "peer led",
    },
    layout.OFFER_FIGURES: {
        **_row(4, "ABCDEFGHI", ["fc", "2025-26", 30, 20, 15, 12, 200, 4.2, "1-5, 5 best"]),
        **_row(4, "JKLMN", ["Carer wellbeing", "WEMWBS", "14-70", 41, 47.5]),
        **_row(5, "ABJKL", ["fc", "2025-26", "Satisfaction", "Survey", "1-10"]),  # a second outcome
        **_row(6, "ABCDE", ["buddy", "2025-26", 12, "10", 10.0]),
    },
}

EXPECTED = SupportOffer(
    carers=140,
    programmes=(
        Programme(
            id="fc",
            name="Fostering Changes",
            provider="Local authority",
            kind=ProgrammeKind.GUIDE_INTERVENTION,
            recommendations=("R4", "R5"),
            principles=("KP3",),
            delivery=(Delivery.GROUP, Delivery.PRACTITIONER_LED),
            for_whom="Carers of children aged 2-12",
            places_per_year=24,
        ),
        Programme(
            id="buddy",
            name="Buddy scheme",
            kind=ProgrammeKind.LOCALLY_DEVELOPED,
            recommendations=("R2",),
            delivery=(Delivery.PEER_LED,),
        ),
    ),
    figures=(
        ProgrammeFigures(
            programme_id="fc",
            period="2025-26",
            referred=30,
            started=20,
            completed=15,
            sessions_offered=12,
            sessions_attended=200,
            acceptability=4.2,
            acceptability_scale="1-5, 5 best",
            outcomes=(
                Outcome(
                    area=OutcomeArea.CARER_WELLBEING, measure="WEMWBS", scale="14-70", before=41, after=47.5
                ),
                Outcome(area=OutcomeArea.SATISFACTION, measure="Survey", scale="1-10"),
            ),
        ),
        ProgrammeFigures(programme_id="buddy", period="2025-26", referred=12, started=10, completed=10),
    ),
)


def _blank(path: Path, offer: SupportOffer | None = None) -> Path:
    plan = plan_audit_workbook(CATALOGUE, service="Anytown Fostering", today=TODAY)
    if offer is not None:
        plan = attrs.evolve(plan, cycle=attrs.evolve(plan.cycle, offer=offer))
    write_audit_workbook(plan, path)
    return path


def _fill(path: Path, cells: dict[str, dict[str, Any]]) -> Path:
    wb = load_workbook(path)
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
    wb.save(path)
    return path


def test_filled_in_cells_read_back_as_the_offer(tmp_path: Path) -> None:
    reading = read_audit_workbook(_fill(_blank(tmp_path / "a.xlsx"), FILLED), CATALOGUE)
    assert reading.problems == ()
    assert reading.cycle.offer == EXPECTED


def test_an_offer_written_reads_back_the_same(tmp_path: Path) -> None:
    reading = read_audit_workbook(_blank(tmp_path / "a.xlsx", EXPECTED), CATALOGUE)
    assert reading.problems == ()
    assert reading.cycle.offer == EXPECTED


def _as_typed(offer: SupportOffer) -> SupportOffer:
    """``offer`` as people could type it: scores to 2 places (a spreadsheet keeps 15 digits); the
    rest, attendees' make-up by group included, must survive exactly."""

    def typed(score: float | None) -> float | None:
        return None if score is None else round(score, 2)

    def figures(f: ProgrammeFigures) -> ProgrammeFigures:
        outcomes = tuple(attrs.evolve(o, before=typed(o.before), after=typed(o.after)) for o in f.outcomes)
        return attrs.evolve(f, acceptability=typed(f.acceptability), outcomes=outcomes)

    return attrs.evolve(offer, figures=tuple(figures(f) for f in offer.figures))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offer=support_offers(CATALOGUE).map(_as_typed))
def test_any_offer_round_trips(tmp_path: Path, offer: SupportOffer) -> None:
    reading = read_audit_workbook(_blank(tmp_path / "h.xlsx", offer), CATALOGUE)
    assert reading.problems == ()
    empty = not offer.programmes and not offer.figures and offer.carers is None
    assert reading.cycle.offer == (None if empty else offer)


def test_a_blank_offer_reads_as_none_and_an_old_workbook_without_the_sheets_reads(tmp_path: Path) -> None:
    path = _blank(tmp_path / "a.xlsx")
    assert read_audit_workbook(path, CATALOGUE).cycle.offer is None
    wb = load_workbook(path)
    del wb[layout.OFFER]
    del wb[layout.OFFER_FIGURES]
    wb.save(path)
    reading = read_audit_workbook(path, CATALOGUE)
    assert reading.ok
    assert reading.cycle.offer is None


_FIGURES_ROW = dict(zip("ABCDE", ["fc", "2025-26", 30, 20, 15], strict=True))


def _figures(**changes: object) -> dict[str, Any]:
    return {f"{k}4": v for k, v in {**_FIGURES_ROW, **changes}.items()}


@pytest.mark.parametrize(
    ("sheet", "cells", "where", "words"),
    [
        (layout.OFFER_FIGURES, _figures(C="45%"), "C4", "Referred: expected a count"),
        (layout.OFFER_FIGURES, _figures(D=0.45), "D4", "Started: expected a count"),
        (layout.OFFER_FIGURES, _figures(E=-3), "E4", "Completed"),
        (layout.OFFER_FIGURES, _figures(E=25), "E4", "Completed: 25 is more than started (20)"),
        (layout.OFFER_FIGURES, _figures(D=40), "D4", "Started: 40 is more than referred (30)"),
        (layout.OFFER_FIGURES, _figures(C="lots"), "C4", "'lots' in Referred is not a number"),
        (layout.OFFER_FIGURES, _figures(C=None), "C4", "Referred is blank"),
        (layout.OFFER_FIGURES, _figures(A="nope"), "A4", "which the offer does not list"),
        (layout.OFFER_FIGURES, _figures(F=2, G=99), "G4", "Sessions attended: 99 is more than"),
        (layout.OFFER_FIGURES, _figures(H=4), "I4", "Acceptability scale"),
        (
            layout.OFFER_FIGURES,
            {**_figures(), "J4": "Happiness", "K4": "x", "L4": "y"},
            "J4",
            "not an outcome area",
        ),
        (layout.OFFER, {"E4": "R4, R9"}, "E4", "Recommendations: practice-guide"),
        (layout.OFFER, {"F4": "KP99"}, "F4", "Key principles:"),
        (layout.OFFER, {"D4": "Magic"}, "D4", "'Magic' is not a kind of programme"),
        (layout.OFFER, {"G4": "by post"}, "G4", "'by post' is not a way of delivery"),
        (layout.OFFER, {"I4": -1}, "I4", "Places per year"),
        (layout.OFFER, {"C2": "12%"}, "C2", "expected a count"),
        (
            layout.OFFER,
            {"A5": "fc", "B5": "Again", "D5": "Locally developed"},
            "A5",
            "'fc' is listed 2 times",
        ),
        (layout.OFFER, {"B4": None}, "B4", "a programme needs a name"),
    ],
)
def test_each_bad_value_is_named_by_cell_and_field(
    tmp_path: Path, sheet: str, cells: dict[str, Any], where: str, words: str
) -> None:
    programme = dict(zip(("A4", "B4", "C4", "D4"), PROGRAMME_ROW, strict=True))
    fill = {layout.OFFER: programme, layout.OFFER_FIGURES: {}}
    fill[sheet] = {**fill[sheet], **cells}
    reading = read_audit_workbook(_fill(_blank(tmp_path / "a.xlsx"), fill), CATALOGUE)
    found = [p for p in reading.problems if p.sheet == sheet and p.cell == where]
    assert found, reading.problems
    assert words in found[0].message
    assert str(found[0]).startswith(f"'{sheet}'!{where}: ")


def test_a_refused_value_leaves_the_rest_of_its_entry(tmp_path: Path) -> None:
    fill = {layout.OFFER: {**FILLED[layout.OFFER], "E4": "R4, R9", "I4": -1}}
    reading = read_audit_workbook(_fill(_blank(tmp_path / "a.xlsx"), fill), CATALOGUE)
    assert {p.cell for p in reading.problems} == {"E4", "I4"}
    assert reading.cycle.offer is not None
    programme = reading.cycle.offer.programme("fc")
    assert programme.recommendations == ("R4",)
    assert programme.places_per_year is None
    assert programme.principles == ("KP3",)


def test_the_offer_is_carried_to_the_next_cycle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = tmp_path / "last.xlsx"
    fosterkit.generate_audit_workbook(last, service="Anytown", today=TODAY, end=datetime.date(2026, 9, 30))
    _fill(last, FILLED)
    from fosterkit.cli import main

    out = tmp_path / "next.xlsx"
    assert main(["audit-workbook", str(out), "--from", str(last)]) == 0
    assert "Carried the support offer: 2 programmes, 2 rows of figures." in capsys.readouterr().out
    reading = read_audit_workbook(out, CATALOGUE)
    assert reading.problems == ()
    assert reading.cycle.offer == EXPECTED
    assert main(["audit-read", str(out)]) == 0
    assert "support offer: 2 programmes, 2 rows of figures" in capsys.readouterr().out


def _values(ws: Any) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_the_gaps_sheet_with_records_matches_the_insights(tmp_path: Path) -> None:
    last = tmp_path / "last.xlsx"
    fosterkit.generate_audit_workbook(last, service="Anytown", today=TODAY, end=datetime.date(2026, 9, 30))
    _fill(last, FILLED)
    out = tmp_path / "next.xlsx"
    made = fosterkit.generate_audit_workbook(out, previous=last, records=SAMPLE, today=TODAY, threshold=3)
    assert made.gaps is not None
    assert made.insights is not None
    wb = load_workbook(out)
    assert layout.GAPS in wb.sheetnames
    ws = wb[layout.GAPS]
    assert ws.protection.sheet
    rows = _values(ws)
    table = {r[0]: r for r in rows[4 : 4 + len(CATALOGUE.recommendations)]}
    assert set(table) == {r.id for r in CATALOGUE.recommendations}
    assert table["R4"][3] == "Fostering Changes"
    assert table["R4"][4] == "20 of 140 (14%)"
    assert table["R4"][5] == "15 of 20 (75%)"
    assert table["R4"][6] == "covered"
    assert table["R2"][6] == "low reach"  # 10 of 140 started: under 10%
    unserved = [r.id for r in CATALOGUE.recommendations if r.id not in ("R2", "R4", "R5")]
    assert all(table[r][6] == Verdict.NO_OFFER.label for r in unserved)
    # leavers are exactly what the insights sheet shows for the same element (or 0 when unranked)
    shown = {e.element_id: e.leavers for e in made.insights.elements}
    for rec_id, row in table.items():
        assert row[7] == str(shown.get(rec_id, 0))
    principles = {r[0]: r for r in rows if r[0] in {p.id for p in CATALOGUE.principles}}
    assert principles["KP3"][3] == "Fostering Changes"
    assert all(line in [r[0] for r in rows] for line in made.gaps.lines())
    # derived, never read back: the next reading ignores the sheet
    assert read_audit_workbook(out, CATALOGUE).cycle.offer == EXPECTED


def test_no_gaps_sheet_without_last_cycle(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    made = fosterkit.generate_audit_workbook(out, records=SAMPLE, today=TODAY, threshold=3)
    assert made.gaps is None
    assert layout.GAPS not in load_workbook(out, read_only=True).sheetnames


def test_drop_downs_and_checks_are_in_place(tmp_path: Path) -> None:
    wb = load_workbook(_blank(tmp_path / "a.xlsx"))
    offer = wb[layout.OFFER]
    lists = {str(dv.sqref): dv for dv in offer.data_validations.dataValidation}
    assert lists["D4:D23"].type == "list"
    assert "Locally developed" in lists["D4:D23"].formula1
    assert lists["E4:E23"].formula1 == '"' + ",".join(r.id for r in CATALOGUE.recommendations) + '"'
    assert lists["F4:F23"].formula1 == '"' + ",".join(p.id for p in CATALOGUE.principles) + '"'
    assert "Peer-led" in lists["G4:G23"].formula1
    assert lists["I4:I23"].type == "whole"
    assert lists["C2"].type == "whole"
    assert offer.protection.sheet
    assert not offer["B23"].protection.locked
    assert offer["A3"].protection.locked
    figures = wb[layout.OFFER_FIGURES]
    checks = {str(dv.sqref): dv for dv in figures.data_validations.dataValidation}
    assert checks["A4:A43"].formula1 == "SupportOfferProgrammes"
    assert "'Support offer'!$A$4:$A$23" in wb.defined_names["SupportOfferProgrammes"].attr_text
    assert all(checks[f"{c}4:{c}43"].type == "whole" for c in "CDEFG")
    assert "Carer wellbeing" in checks["J4:J43"].formula1
    assert figures["A1"].value.startswith("One row for each programme and period")


def test_the_assess_questions_about_the_offer_link_to_it(tmp_path: Path) -> None:
    ws = load_workbook(_blank(tmp_path / "a.xlsx"))["Assess"]
    linked = {
        ws.cell(row=r, column=1).value
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=1).hyperlink is not None
    }
    known = {q.id for q in CATALOGUE.questions}
    assert linked == {q for q in OFFER_QUESTIONS if q in known}
    assert len(linked) >= 4
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "AS-DATA-02")
    link = ws.cell(row=row, column=1).hyperlink
    assert link is not None
    assert link.location == "'Support offer'!A1"
    assert str(ws.cell(row=row, column=4).value).endswith("on the Support offer sheet.)")


@pytest.mark.parametrize("kind", [ProgrammeKind, Delivery, OutcomeArea])
def test_choices_read_by_label_or_value(kind: Any) -> None:
    for member in kind:
        label, value = member.label, f" {member.value.upper()} "
        assert choice_of(kind, label) is member
        assert choice_of(kind, value) is member
    assert choice_of(kind, "nothing like it") is None


def test_offer_gaps_and_check_read_the_offer_from_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fosterkit.cli import main

    good = _fill(_blank(tmp_path / "good.xlsx"), FILLED)
    assert main(["offer", "check", "--from", str(good)]) == 0
    assert "2 programmes, 2 sets of figures" in capsys.readouterr().out
    assert main(["offer", "gaps", "--from", str(good)]) == 0
    assert "R4 (good evidence): " in capsys.readouterr().out
    bad = _fill(_blank(tmp_path / "bad.xlsx"), {layout.OFFER: {**FILLED[layout.OFFER], "E5": "R44"}})
    assert main(["offer", "check", "--from", str(bad)]) == 1
    printed = capsys.readouterr().out
    assert "'Support offer'!E5" in printed
    assert "R44" in printed


def test_attendees_by_group_read_back_and_a_share_is_refused_by_cell(tmp_path: Path) -> None:
    groups = {
        **FILLED[layout.OFFER_FIGURES],
        **_row(4, "OPQ", ["Connected persons", 3, 40]),
        **_row(5, "OP", ["Carers over 60", 2]),
        **_row(6, "OPQ", ["Men", "45%", 30]),
    }
    cells = {layout.OFFER: FILLED[layout.OFFER], layout.OFFER_FIGURES: groups}
    reading = read_audit_workbook(_fill(_blank(tmp_path / "g.xlsx"), cells), CATALOGUE)
    fc = next(f for f in reading.cycle.offer.figures if f.programme_id == "fc")  # type: ignore[union-attr]
    assert [(g.group, g.attendees, g.carers) for g in fc.make_up] == [
        ("Connected persons", 3, 40),
        ("Carers over 60", 2, None),
    ]
    assert [(p.sheet, p.cell) for p in reading.problems] == [(layout.OFFER_FIGURES, "P6")]
    assert "45%" in reading.problems[0].value
