"""Write the walk-through of docs/register.md: one carer's exit, its records and its pictures.

Usage: python scripts/make_register_walkthrough.py [--no-images]

Builds one made-up household's story with the public API (two conversations before notice,
the notice, the exit process through stage 1 with two suggestions and the answers to them, and
a review of the process), writes it to docs/examples/register-walkthrough.jsonl, makes a
register from it with ``fosterkit register new`` and prints chosen sheets, cut to the cells used, to
docs/images/register/ with /work/shared/tools/render (LibreOffice). Dates are fixed and
nothing is random, so the file is the same on every run. Nobody in it is real.

Exit codes: 0 done; 3 the renderer is missing (the records are still written); 1 it failed.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import fosterkit as fk
from fosterkit import interviews
from fosterkit.cli import main as fosterkit_main
from fosterkit.interviews import ProcessReview
from fosterkit.records import (
    ApprovalKind,
    ConsideringLeaving,
    ConversationOutcome,
    HeldBy,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "docs" / "examples" / "register-walkthrough.jsonl"
IMAGES = ROOT / "docs" / "images" / "register"
RENDER = Path("/work/shared/tools/render")
SERVICE = "Anytown Fostering"
#: The day the register's "Due now" sheet is worked out for.
TODAY = "2026-03-20"
#: The sheets pictured, and the file each picture is saved as.
PICTURES = {
    "Before notice": "before-notice.png",
    "Bookings": "bookings.png",
    "Interviews": "interviews.png",
    "Findings": "findings.png",
    "Responses": "responses.png",
    "Due now": "due-now.png",
}
#: Pictures are printed at this resolution, cut to the rows and columns used.
DPI = 96
#: The footer (the sheet's name and page number) is in the last tenth of a page: left out.
FOOTER = 0.9
#: Points of white round the cut.
MARGIN = 8.0

d = datetime.date


def story() -> list[object]:
    """The records of one household's exit, from the first conversation to the review."""
    household = fk.Household(
        id="HH-31",
        service=Service(name=SERVICE, kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(fk.Carer(id="HH-31-C1"), fk.Carer(id="HH-31-C2")),
        approved_on=d(2017, 6, 12),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.LONG_TERM,),
        caring_now=True,
        history=(StatusChange(status=fk.HouseholdStatus.APPROVED, since=d(2017, 6, 12)),),
    )
    # Before notice: the carer tells their team manager they are thinking of stopping.
    first = ConsideringLeaving(
        id="CL-31",
        household_id="HH-31",
        held_on=d(2026, 1, 12),
        held_by="TM-3",
        held_by_role=HeldBy.LINE_MANAGEMENT,
        concerns=("support.short_breaks", "wellbeing.burnout"),
        support_offered="two short-break weekends with a linked family; a peer mentor",
        outcome=ConversationOutcome.UNDECIDED,
        follow_up_on=d(2026, 1, 26),
    )
    second = ConsideringLeaving(
        id="CL-32",
        household_id="HH-31",
        held_on=d(2026, 1, 26),
        held_by="TM-3",
        held_by_role=HeldBy.LINE_MANAGEMENT,
        concerns=("wellbeing.burnout",),
        support_offered="short breaks came too late to change their minds",
        outcome=ConversationOutcome.LEFT,
        departure_id="DEP-31",
    )
    departure = fk.Departure(
        id="DEP-31",
        household_id="HH-31",
        notice_on=d(2026, 2, 2),
        leaving_on=d(2026, 4, 30),
        initiated_by=fk.Initiator.CARER,
        route=fk.LeavingRoute.RESIGNATION,
        stated_reasons=("wellbeing.burnout", "support.short_breaks"),
    )
    process = fk.ExitProcess.start(
        "EXIT-31", departure, supervising_social_worker="SSW-12", line_management=("TM-3", "SM-1")
    )
    process = process.offer(d(2026, 2, 3))
    process = process.send_checklist(d(2026, 2, 3), checklist="leaving-carers", version="1")
    process = process.ask_before_interview(
        d(2026, 2, 5),
        raise_relationships=False,
        wants_companion=False,
        complaints_explained=True,
        complaints_route="the service's complaints procedure",
    )
    process = process.book(
        interviews.Appointment(
            id="A-31",
            stage=fk.InterviewStage.EXIT_STAGE_1,
            on=d(2026, 2, 17),
            location=interviews.Location.NEUTRAL_VENUE,
            location_agreed=True,
            interviewer="IRO-5",
        ),
        booked_on=d(2026, 2, 5),
        interviewer_can_escalate=True,
    )
    record = fk.DataCollectionRecord(
        id="DCR-31",
        departure_id="DEP-31",
        stage=fk.InterviewStage.EXIT_STAGE_1,
        interviewed_on=d(2026, 2, 17),
        primary_reason="support.short_breaks",
        secondary_reasons=("wellbeing.burnout",),
        preventable=interviews.Answer.YES,
        would_have_kept="short breaks planned from the start, not asked for at breaking point",
        suggestions=(
            interviews.Suggestion(
                id="S1", text="Plan short breaks at each annual review", theme="support.short_breaks"
            ),
            interviews.Suggestion(
                id="S2", text="Pay for a sitter so carers can attend training", theme="support.training"
            ),
        ),
        consent_to_anonymised_use=True,
    )
    process = process.complete("A-31", record)
    process = process.triage("DCR-31", "support.short_breaks", fk.Triage.THEMATIC, d(2026, 2, 18))
    process = process.triage("DCR-31", "wellbeing.burnout", fk.Triage.THEMATIC, d(2026, 2, 18))
    process = process.respond(
        "DCR-31",
        "S1",
        interviews.ResponseKind.WILL_CHANGE,
        d(2026, 3, 2),
        summary="Short breaks are now planned at every household's annual review.",
        publish=True,
    )
    process = process.respond(
        "DCR-31",
        "S2",
        interviews.ResponseKind.CANNOT_CHANGE,
        d(2026, 3, 2),
        reason="no budget this year; raised for next year's plan",
    )
    process = process.send_feedback("DCR-31", d(2026, 3, 9))
    review = ProcessReview(
        id="PR-2026",
        held_on=d(2026, 3, 10),
        findings="short breaks came up in most exits this year",
        changes=("short breaks planned at every annual review",),
        communicated_to_carers_on=d(2026, 3, 16),
        communicated_to_staff_on=d(2026, 3, 12),
    )
    return [household, first, second, departure, process, review]


def _first_pages(text: str) -> dict[str, int]:
    """The first printed page (from 1) of each pictured sheet; each page's footer names its sheet."""
    first: dict[str, int] = {}
    for number, page in enumerate(text.split("\f"), start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for sheet in PICTURES:
            if lines and sheet not in first and re.match(rf"{re.escape(sheet)}(\s|$)", lines[-1]):
                first[sheet] = number
    return first


def _content_box(pdf: Path, page: int) -> tuple[float, float, float, float]:
    """The box (points: left, top, right, bottom) round the words on ``page``, footer left out."""
    html = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    height = float(re.findall(r'<page width="[\d.]+" height="([\d.]+)"', html)[0])
    words = [
        tuple(float(n) for n in found)
        for found in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)
    ]
    body = [w for w in words if w[3] < height * FOOTER]
    return (
        min(w[0] for w in body) - MARGIN,
        min(w[1] for w in body) - MARGIN,
        max(w[2] for w in body) + MARGIN,
        max(w[3] for w in body) + MARGIN,
    )


def _picture(pdf: Path, page: int, target: Path) -> None:
    """Print the used part of ``page`` of ``pdf`` to the PNG ``target``, at DPI dots per inch."""
    left, top, right, bottom = (round(n * DPI / 72) for n in _content_box(pdf, page))
    subprocess.run(
        [
            *("pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile"),
            *("-x", str(left), "-y", str(top), "-W", str(right - left), "-H", str(bottom - top)),
            *(str(pdf), str(target.with_suffix(""))),
        ],
        check=True,
    )


def main(argv: list[str]) -> int:
    """Write the records, make the register and render its pictures."""
    count = fk.write_jsonl(story(), RECORDS)
    print(f"{count} records written to {RECORDS.relative_to(ROOT)}")
    if "--no-images" in argv:
        return 0
    if not RENDER.is_file():
        print(f"no renderer at {RENDER}; pictures not made", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        register = folder / "register.xlsx"
        made = fosterkit_main(
            [
                *("register", "new", str(register), "--service", SERVICE),
                *("--from", str(RECORDS), "--today", TODAY, "--force"),
            ]
        )
        if made != 0:
            return 1
        out = folder / "rendered"
        subprocess.run([str(RENDER), str(out), str(register)], check=True)
        pdf = out / "register.pdf"
        pages = _first_pages((out / "register.txt").read_text(encoding="utf-8"))
        IMAGES.mkdir(parents=True, exist_ok=True)
        for sheet, name in PICTURES.items():
            if sheet not in pages:
                print(f"{sheet}: no page of the rendered register shows it", file=sys.stderr)
                return 1
            target = IMAGES / name
            _picture(pdf, pages[sheet], target)
            size = target.stat().st_size
            print(f"{sheet}: page {pages[sheet]} -> {target.relative_to(ROOT)} ({size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
