"""The ``excel`` exporter, importer and source reader, and audit, report, tracker and register formats."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fosterkit.plugins import (
    AuditFormat,
    Exporter,
    Importer,
    Option,
    RegisterFormat,
    ReportFormat,
    SourceReader,
    TrackerFormat,
    hookimpl,
    kind_option,
    special_category_option,
)
from fosterkit_excel.audit_reader import read_audit_workbook
from fosterkit_excel.audit_writer import write_audit_workbook
from fosterkit_excel.reader import read_records
from fosterkit_excel.register_reader import read_register
from fosterkit_excel.register_writer import write_register
from fosterkit_excel.report_writer import write_report_workbook
from fosterkit_excel.source import SUFFIXES, read_excel_rows, source_options
from fosterkit_excel.tracker_book import read_tracker_book, write_tracker_book
from fosterkit_excel.writer import write_records

__all__ = [
    "fosterkit_audit_formats",
    "fosterkit_exporters",
    "fosterkit_importers",
    "fosterkit_register_formats",
    "fosterkit_report_formats",
    "fosterkit_source_readers",
    "fosterkit_tracker_formats",
]


def _options() -> tuple[Option, ...]:
    return (
        kind_option("the kind of record in the sheet (empty: the first record, or the header, decides)"),
        special_category_option(
            "include special-category (equality) data, which is left out unless asked for"
        ),
        Option(
            name="sheet",
            type=str,
            default="",
            description="the sheet's name (empty: the record kind when writing, the only sheet when reading)",
        ),
    )


def _write(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
    return write_records(
        records,
        path,
        kind=str(options["kind"]) or None,
        special_category=bool(options["special_category"]),
        sheet=str(options["sheet"]),
    )


def _read(path: Path, options: Mapping[str, object]) -> Iterator[Any]:
    return read_records(
        path,
        kind=str(options["kind"]),
        special_category=bool(options["special_category"]),
        sheet=str(options["sheet"]),
    )


@hookimpl
def fosterkit_exporters() -> Sequence[Exporter]:
    """The Excel exporter."""
    return [
        Exporter(
            name="excel",
            suffixes=(".xlsx",),
            description="records of one kind as an Excel sheet: a header row, then typed cells, one row each",
            write=_write,
            options=_options(),
        )
    ]


@hookimpl
def fosterkit_importers() -> Sequence[Importer]:
    """The Excel importer."""
    return [
        Importer(
            name="excel",
            suffixes=(".xlsx",),
            description="records from an Excel sheet laid out as the excel exporter writes it",
            read=_read,
            options=_options(),
        )
    ]


@hookimpl
def fosterkit_source_readers() -> Sequence[SourceReader]:
    """The Excel source reader, for importing foreign workbooks."""
    return [
        SourceReader(
            name="excel",
            suffixes=SUFFIXES,
            description=(
                "every row of one sheet of an Excel workbook (.xlsx, .xlsm) from any system, "
                "title and blank rows included, with typed cells"
            ),
            read_rows=read_excel_rows,
            options=source_options(),
        )
    ]


@hookimpl
def fosterkit_audit_formats() -> Sequence[AuditFormat]:
    """The Excel audit-tool workbook."""
    return [
        AuditFormat(
            name="excel",
            suffixes=(".xlsx",),
            description="the audit-tool workbook: a sheet per step, dropdowns, progress formulas and a chart",
            write=write_audit_workbook,
            read=read_audit_workbook,
        )
    ]


@hookimpl
def fosterkit_report_formats() -> Sequence[ReportFormat]:
    """The Excel retention report workbook."""
    return [
        ReportFormat(
            name="excel",
            suffixes=(".xlsx",),
            description="the retention report: the published tables, priorities and cost, with charts",
            write=write_report_workbook,
        )
    ]


@hookimpl
def fosterkit_tracker_formats() -> Sequence[TrackerFormat]:
    """The Excel response-tracker workbook."""
    return [
        TrackerFormat(
            name="excel",
            suffixes=(".xlsx",),
            description=(
                "the response tracker workbook: a row per recommendation, a status dropdown, "
                "the pack's columns locked, and a summary by theme"
            ),
            write=write_tracker_book,
            read=read_tracker_book,
        )
    ]


@hookimpl
def fosterkit_register_formats() -> Sequence[RegisterFormat]:
    """The Excel register workbook a team runs its exit interviews from."""
    return [
        RegisterFormat(
            name="excel",
            suffixes=(".xlsx",),
            description=(
                "the exit-interview register: guidance and what is due now, then a sheet each for "
                "households, conversations before notice, post-approval interviews, leavers, "
                "processes, bookings, interviews, findings, responses and process reviews, "
                "with drop-downs and date checks"
            ),
            write=write_register,
            read=read_register,
        )
    ]
