"""Open an audit workbook in LibreOffice (headless) and print it to PDF, or to one PNG per sheet.

Usage:
    python scripts/render_audit_workbook.py [WORKBOOK.xlsx] [--out DIR] [--sheets] [--png]

With no workbook, a fresh one is generated first (with the sample records in docs/examples if
they exist). The PDF shows that LibreOffice opens the file and how each sheet prints.
``--sheets`` prints each sheet to its own PDF, and ``--png`` turns the first page of each into
a PNG with ``pdftoppm``, which is how the pictures in docs/audit-workbook.md are made.

Exit codes: 0 converted; 3 LibreOffice (``soffice``) is not installed; 1 conversion failed.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "docs" / "examples" / "records.jsonl"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(soffice: str, workbook: Path, out: Path) -> Path:
    """Print ``workbook`` to ``out``/<name>.pdf with LibreOffice; returns the PDF's path."""
    with tempfile.TemporaryDirectory() as profile:
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(workbook),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    pdf = out / (workbook.stem + ".pdf")
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(
            f"LibreOffice could not convert {workbook}: {done.stderr.strip() or done.stdout.strip()}"
        )
    return pdf


def _one_sheet_copies(workbook: Path, folder: Path) -> list[tuple[str, Path]]:
    """A copy of ``workbook`` per visible sheet, with every other sheet hidden."""
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    names = [
        ws.title for ws in load_workbook(workbook, read_only=True).worksheets if ws.sheet_state == "visible"
    ]
    copies = []
    for number, name in enumerate(names, start=1):
        wb = load_workbook(workbook)
        for ws in wb.worksheets:
            if ws.title != name:
                ws.sheet_state = "hidden"
        wb.active = wb.worksheets.index(wb[name])
        target = folder / f"{number:02d}-{name.lower().replace(' ', '-')}.xlsx"
        wb.save(target)
        copies.append((name, target))
    return copies


def _generate(folder: Path) -> Path:
    import fosterkit

    target = folder / "audit-workbook.xlsx"
    records = SAMPLE if SAMPLE.is_file() else None
    fosterkit.generate_audit_workbook(
        target, service="Anytown Fostering", today=datetime.date(2026, 11, 23), records=records
    )
    return target


def main(argv: list[str] | None = None) -> int:
    """Render the workbook; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("workbook", nargs="?", type=Path, help="the workbook (default: generate one)")
    parser.add_argument(
        "--out", type=Path, default=Path("rendered"), help="where to write (default ./rendered)"
    )
    parser.add_argument("--sheets", action="store_true", help="one PDF per sheet")
    parser.add_argument(
        "--png", action="store_true", help="with --sheets, also a PNG of each sheet's first page"
    )
    args = parser.parse_args(argv)
    soffice = _soffice()
    if soffice is None:
        print("LibreOffice is not installed (no soffice on PATH); nothing rendered.", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    workbook = args.workbook or _generate(args.out)
    try:
        pdf = _convert(soffice, workbook, args.out)
        print(f"{pdf} ({pdf.stat().st_size} bytes)")
        if args.sheets or args.png:
            with tempfile.TemporaryDirectory() as work:
                for name, copy in _one_sheet_copies(workbook, Path(work)):
                    page = _convert(soffice, copy, args.out)
                    print(f"{name}: {page}")
                    if args.png and shutil.which("pdftoppm"):
                        stem = args.out / copy.stem
                        subprocess.run(
                            [
                                "pdftoppm",
                                "-png",
                                "-r",
                                "65",
                                "-f",
                                "1",
                                "-l",
                                "1",
                                "-singlefile",
                                str(page),
                                str(stem),
                            ],
                            check=True,
                        )
                        print(f"{name}: {stem}.png")
    except (RuntimeError, subprocess.SubprocessError) as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
