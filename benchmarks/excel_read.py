"""Measure reading an .xlsx sheet with openpyxl (read-only) and python-calamine, side by side.

Writes a deterministic workbook of N rows x 16 mixed columns (ids, dates, codes, whole numbers,
fractions, booleans, text with non-ASCII characters and text that looks like a formula), then
reads it in a fresh process per run and reports the median wall time and the peak resident
memory (``ru_maxrss`` of that child) of each way of reading::

    .venv/bin/python benchmarks/excel_read.py --rows 100000

``--rows`` may be given more than once (``--rows 10000 --rows 100000``). The fosterkit rows
(``read_excel_rows``) are measured too when the Excel plugin is installed.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

COLUMNS = (
    "case_id",
    "household_id",
    "referred_on",
    "approved_on",
    "status",
    "stage",
    "children",
    "age",
    "weekly_allowance",
    "caring_now",
    "carer_name",
    "notes",
    "free_text",
    "updated_at",
    "authority",
    "reasons",
)
_STATUSES = ("approved", "on_hold", "resigned", "deregistered", "in_assessment")
_STAGES = ("exit_stage_1", "exit_stage_2", "exit_stage_3", "")
_NAMES = ("Ŵyn Môn", "Siân Llŷr", "Zoë Ó Briain", "Łukasz Żółć", "Ana Núñez", "Jo Smith")
_FORMULA_LIKE = ("=1+2", "@SUM(A1)", "+44 20 7946 0000", "-", '=HYPERLINK("x")', "plain")
_WORDS = ("placement", "respite", "review", "panel", "support", "training", "allowance", "café")
_REASONS = ("finance.fees_allowances", "support.training", "family.health", "practice.matching")

#: The ways of reading that are measured: name -> what it does.
CASES = {
    "startup": "start Python and import both libraries, read nothing",
    "openpyxl": "openpyxl read-only, values_only=True, iter_rows",
    "calamine-iter": "python-calamine from_path, get_sheet_by_name, iter_rows",
    "calamine-list": "python-calamine from_path, get_sheet_by_name, to_python(skip_empty_area=False)",
    "fosterkit-openpyxl": "read_excel_rows(engine='openpyxl'): checks, then typed cells, trailing blanks cut",
    "fosterkit-calamine": "read_excel_rows(engine='calamine'): checks, then typed cells, trailing blanks cut",
}


def _row(rng: random.Random, number: int) -> list[object]:
    referred = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
    approved = referred + datetime.timedelta(days=rng.randrange(30, 400)) if rng.random() < 0.8 else None
    notes = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(8, 18)))
    updated = datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=rng.randrange(86400 * 365))
    reasons = ";".join(rng.sample(_REASONS, rng.randrange(1, 3)))
    return [
        f"CASE-{number:06d}",
        f"HH-{rng.randrange(5000):05d}",
        referred,
        approved,
        rng.choice(_STATUSES),
        rng.choice(_STAGES) or None,
        rng.randrange(0, 5),
        rng.randrange(21, 80),
        round(rng.uniform(100, 600), 2),
        rng.random() < 0.7,
        rng.choice(_NAMES),
        notes,
        rng.choice(_FORMULA_LIKE),
        updated,
        f"W0600{rng.randrange(10, 30):04d}",
        reasons,
    ]


def write_workbook(path: Path, rows: int, seed: int = 2026, dimension: bool = True) -> None:
    """Write the deterministic sheet ``data`` (a header, then ``rows`` rows) with openpyxl write-only.

    With ``dimension``, the sheet's ``<dimension ref="A1:P...">`` is added afterwards, as Excel
    writes it: openpyxl's write-only mode leaves it out, and without it openpyxl's read-only
    mode parses the whole sheet once more when the workbook is opened.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped, unused-ignore]

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")

    def cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(ws, value=value)
        text.data_type = "s"  # text, even when it starts with "="
        return text

    ws.append(list(COLUMNS))
    for number in range(1, rows + 1):
        ws.append([cell(value) for value in _row(rng, number)])
    wb.save(path)
    if dimension:
        _add_dimension(path, f"A1:P{rows + 1}")


def _add_dimension(path: Path, ref: str) -> None:
    written = path.with_suffix(".tmp")
    path.rename(written)
    with zipfile.ZipFile(written) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>'.encode(), 1)
            new.writestr(info, data)
    written.unlink()


def _read_openpyxl(path: Path) -> Iterable[Iterable[object]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        yield from wb["data"].iter_rows(values_only=True)
    finally:
        wb.close()


def _read_calamine(path: Path, whole: bool) -> Iterable[Iterable[object]]:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as wb:
        sheet = wb.get_sheet_by_name("data")
        yield from sheet.to_python(skip_empty_area=False) if whole else sheet.iter_rows()


def _read_fosterkit(path: Path, engine: str) -> Iterable[Iterable[object]]:
    from fosterkit_excel.source import read_excel_rows

    for _number, cells in read_excel_rows(path, {"sheet": "data", "engine": engine}):
        yield cells  # type: ignore[misc]


def _readers() -> dict[str, Callable[[Path], Iterable[Iterable[object]]]]:
    return {
        "startup": lambda path: (),
        "openpyxl": _read_openpyxl,
        "calamine-iter": lambda path: _read_calamine(path, whole=False),
        "calamine-list": lambda path: _read_calamine(path, whole=True),
        "fosterkit-openpyxl": lambda path: _read_fosterkit(path, "openpyxl"),
        "fosterkit-calamine": lambda path: _read_fosterkit(path, "calamine"),
    }


def child(case: str, path: Path) -> None:
    """Read every row of ``path`` one way and print the rows, cells and seconds as JSON."""
    import openpyxl  # noqa: F401  (imported before timing in every case)
    import python_calamine  # noqa: F401

    if case.startswith("fosterkit"):
        import fosterkit_excel.source  # noqa: F401  (fosterkit's import time is not reading)
    started = time.perf_counter()
    rows = cells = 0
    for row in _readers()[case](path):
        rows += 1
        cells += sum(1 for value in row if value is not None and value != "")
    print(json.dumps({"rows": rows, "cells": cells, "seconds": time.perf_counter() - started}))


def _run(case: str, path: Path) -> dict[str, Any]:
    """One fresh process: its own figures, plus whole-process wall time and peak RSS from wait4.

    Linux starts a child's peak RSS at its parent's, so this process imports neither library.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([sys.executable, __file__, "--child", case, str(path)], stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{case} failed with exit code {process.returncode}")
    result: dict[str, Any] = json.loads(text)
    result["wall"] = wall
    result["rss_mib"] = usage.ru_maxrss / 1024  # KiB on Linux
    return result


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cases() -> list[str]:
    # Looked for, not imported: this process must stay small (see _run).
    if importlib.util.find_spec("fosterkit_excel") is None:
        return [c for c in CASES if not c.startswith("fosterkit")]
    return list(CASES)


def main(argv: list[str] | None = None) -> None:
    """Write the workbooks, measure every way of reading each, and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, action="append", help="rows in the sheet (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per case (the median is shown)")
    parser.add_argument("--case", action="append", choices=list(CASES), help="measure only these cases")
    parser.add_argument(
        "--no-dimension", action="store_true", help="leave out <dimension>, as write-only mode does"
    )
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=2, metavar=("ROWS", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    if args.write:
        write_workbook(Path(args.write[1]), int(args.write[0]), dimension=not args.no_dimension)
        return
    sizes = args.rows or [10_000, 100_000]
    cases = args.case or _cases()
    print(
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
        f"Python {platform.python_version()}; openpyxl {_version('openpyxl')}, "
        f"python-calamine {_version('python-calamine')}, defusedxml {_version('defusedxml')}, "
        f"lxml {_version('lxml')}"
    )
    print(f"median of {args.runs} fresh processes per case; read = reading only, wall = whole process")
    print(f"sheet <dimension>: {'left out' if args.no_dimension else 'written, as Excel writes it'}\n")
    print("| rows | case | read s | wall s | peak RSS MiB | file MiB |")
    print("|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"sheet-{rows}.xlsx"
            # Written by another process: Linux passes a parent's peak memory on to its children,
            # so this one must stay small for the children's peak RSS to be their own.
            writer = [sys.executable, __file__, "--write", str(rows), str(path)]
            subprocess.run(writer + ["--no-dimension"] * args.no_dimension, check=True)
            size = path.stat().st_size / 2**20
            for case in cases:
                runs = [_run(case, path) for _ in range(args.runs)]
                if case != "startup" and runs[0]["rows"] != rows + 1:
                    raise SystemExit(f"{case} read {runs[0]['rows']} rows, not {rows + 1}")
                read = statistics.median(r["seconds"] for r in runs)
                wall = statistics.median(r["wall"] for r in runs)
                rss = statistics.median(r["rss_mib"] for r in runs)
                print(f"| {rows:,} | {case} | {read:.2f} | {wall:.2f} | {rss:.0f} | {size:.1f} |", flush=True)
    print()
    for case in cases:
        print(f"- {case}: {CASES[case]}")


if __name__ == "__main__":
    main()
