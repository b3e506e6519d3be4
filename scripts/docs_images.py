"""Make every picture in docs/images again from the real files fosterkit writes.

Usage:
    python scripts/docs_images.py [--only NAME ...] [--dpi N] [--keep DIR]

Each picture is one printed page: the script writes the workbooks and documents with the
``fosterkit`` command (from ``docs/examples``), prints each once with LibreOffice, finds the
page that holds the picture (by the sheet name in its footer, or by a phrase on it), and turns
that page into a PNG with ``pdftoppm``. ``--only`` makes just the named pictures (paths under
docs/images, e.g. ``audit/03-assess.png``); ``--keep DIR`` keeps the files and PDFs made.

Exit codes: 0 every picture made; 1 a picture's page was not found or a command failed;
3 LibreOffice or poppler is not installed.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from attrs import evolve, frozen

from fosterkit import load_catalogue
from fosterkit.adapters.audit_files import save_audit_workbook
from fosterkit.adapters.offer_files import load_offer
from fosterkit.audit.workbook import plan_audit_workbook
from fosterkit.testing.rendering import missing_tools, page_texts, squashed, to_pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
IMAGES = ROOT / "docs" / "images"
SERVICE = "Anytown Fostering"
TODAY = datetime.date(2026, 12, 7)


@frozen
class Picture:
    """One picture: the file it is printed from, and how its page is found."""

    image: str
    source: str
    sheet: str = ""
    """The sheet whose first page is the picture (found by the page's footer)."""
    phrase: str = ""
    """Or a phrase printed on the page (the first page holding it)."""
    nth: int = 1
    """Which page of the sheet, or which page holding the phrase (from 1)."""


_AUDIT_SHEETS = (
    "Start here",
    "Framework",
    "Assess",
    "Plan",
    "Do",
    "Review",
    "Priorities",
    "Action plan",
    "Progress",
    "Exit interview insights",
)

PICTURES = (
    *(
        Picture(f"audit/{number:02d}-{sheet.lower().replace(' ', '-')}.png", "audit.xlsx", sheet=sheet)
        for number, sheet in enumerate(_AUDIT_SHEETS, start=1)
    ),
    Picture("support-offer/support-offer.png", "audit.xlsx", sheet="Support offer"),
    Picture("support-offer/gaps.png", "audit.xlsx", sheet="Gaps"),
    Picture("register/before-notice.png", "register.xlsx", sheet="Before notice"),
    Picture("register/bookings.png", "register.xlsx", sheet="Bookings"),
    Picture("register/interviews.png", "register.xlsx", sheet="Interviews"),
    Picture("register/findings.png", "register.xlsx", sheet="Findings"),
    Picture("register/responses.png", "register.xlsx", sheet="Responses"),
    Picture("register/due-now.png", "register.xlsx", sheet="Due now"),
    Picture("report/trend.png", "report.xlsx", phrase="Departures by period"),
    Picture("tracker/summary.png", "tracker.xlsx", sheet="Summary"),
    Picture("documents/discussion-guide.png", "guide.docx", phrase="use one of these codes"),
    Picture("documents/feedback-letter.png", "feedback.docx", phrase=""),
    Picture("documents/report-panel.png", "report-panel.docx", phrase="Departures offered an exit interview"),
)

_FOOTER = re.compile(r"^\s*(?P<left>.*?)\s{2,}(?P<sheet>\S.*?)\s{2,}Page \d+ of \d+\s*$")


def _fosterkit(folder: Path, *args: str) -> None:
    command = [str(Path(sys.executable).with_name("fosterkit")), *args]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"fosterkit {' '.join(args)} failed: {done.stderr.strip()}")


def _audit(folder: Path) -> None:
    """Last cycle's workbook with the example support offer, then this cycle's with the records."""
    catalogue = load_catalogue()
    last = plan_audit_workbook(
        catalogue,
        service=SERVICE,
        today=TODAY - datetime.timedelta(days=183),
        start=TODAY - datetime.timedelta(days=183),
    )
    last = evolve(
        last, cycle=evolve(last.cycle, offer=load_offer(EXAMPLES / "offer.toml", catalogue=catalogue))
    )
    save_audit_workbook(last, folder / "last.xlsx")
    _fosterkit(
        folder,
        "audit-workbook",
        "audit.xlsx",
        "--from",
        "last.xlsx",
        "--records",
        str(EXAMPLES / "records.jsonl"),
        "--any-period",
        "--no-log",
    )


def _tracker(folder: Path) -> None:
    """A tracker with some statuses filled in, so the Summary's live counts show."""
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    _fosterkit(
        folder, "tracker", "new", "--pack", "stocktake-2018", "--out", "tracker.xlsx", "--service", SERVICE
    )
    wb = load_workbook(folder / "tracker.xlsx")
    ws = wb["Tracker"]
    header = [str(cell.value or "").strip().casefold() for cell in ws[1]]
    status = header.index("status") + 1
    words = ("In place", "In progress", "Planned", "Under review", "Not adopted", "For government or others")
    for offset, row in enumerate(range(2, ws.max_row + 1)):
        if offset % 4 != 3:
            ws.cell(row=row, column=status, value=words[offset % len(words)])
    wb.save(folder / "tracker.xlsx")


_MAKERS: dict[str, Callable[[Path], None]] = {
    "audit.xlsx": _audit,
    "register.xlsx": lambda folder: _fosterkit(
        folder, "register", "new", "register.xlsx", "--service", SERVICE,
        "--from", str(EXAMPLES / "register-walkthrough.jsonl"), "--today", TODAY.isoformat(),
    ),
    "report.xlsx": lambda folder: _fosterkit(
        folder, "report", str(EXAMPLES / "records.jsonl"), "--out", "report.xlsx", "--trend", "8",
        "--any-period", "--no-log", "--today", TODAY.isoformat(),
    ),
    "tracker.xlsx": _tracker,
    "guide.docx": lambda folder: _fosterkit(folder, "discussion-guide", "--out", "guide.docx"),
    "feedback.docx": lambda folder: _fosterkit(
        folder, "letter", "feedback", "--record", "DEP-31", "--from",
        str(EXAMPLES / "register-walkthrough.jsonl"), "--out", "feedback.docx", "--today", TODAY.isoformat(),
    ),
    "report-panel.docx": lambda folder: _fosterkit(
        folder, "report", str(EXAMPLES / "register-walkthrough.jsonl"), "--for", "panel", "--out",
        "report-panel.docx", "--any-period", "--no-log", "--today", TODAY.isoformat(),
    ),
}  # fmt: skip


def _page(pages: list[str], picture: Picture) -> int | None:
    """The index of ``picture``'s page among ``pages``, or None."""
    found = 0
    for index, text in enumerate(pages):
        lines = [line for line in text.splitlines() if line.strip()]
        if picture.sheet:
            footer = _FOOTER.match(lines[-1]) if lines else None
            hit = footer is not None and footer["sheet"].strip() == picture.sheet
        else:
            hit = squashed(picture.phrase) in squashed(text)
        if hit:
            found += 1
            if found == picture.nth:
                return index
    return None


def main(argv: list[str] | None = None) -> int:
    """Make the pictures asked for; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="*", default=(), metavar="NAME", help="only these pictures")
    parser.add_argument("--dpi", type=int, default=70, help="resolution of the pictures (default 70)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the files made here")
    args = parser.parse_args(argv)
    if missing := missing_tools():
        print(f"docs_images: needs {' and '.join(missing)}", file=sys.stderr)
        return 3
    chosen = [p for p in PICTURES if not args.only or p.image in args.only]
    unknown = set(args.only) - {p.image for p in PICTURES}
    if unknown:
        print(f"docs_images: no picture named {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="fosterkit-images-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        failed = 0
        for source in dict.fromkeys(p.source for p in chosen):
            _MAKERS[source](folder)
            pdf = to_pdf(folder / source, folder / "pdf")
            pages = page_texts(pdf)
            for picture in (p for p in chosen if p.source == source):
                index = _page(pages, picture)
                if index is None:
                    print(f"{picture.image}: no page of {source} for it", file=sys.stderr)
                    failed += 1
                    continue
                target = IMAGES / picture.image
                target.parent.mkdir(parents=True, exist_ok=True)
                number = str(index + 1)
                stem = folder / "png" / target.stem
                stem.parent.mkdir(exist_ok=True)
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        str(args.dpi),
                        "-f",
                        number,
                        "-l",
                        number,
                        "-singlefile",
                        str(pdf),
                        str(stem),
                    ],
                    check=True,
                )
                shutil.copyfile(stem.with_suffix(".png"), target)
                print(f"{picture.image}: page {number} of {source}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
