"""Adapter: write a publication's tables to a file, and a retention report through a report format.

This module does the file work for ``fosterkit publish`` and ``fosterkit report``; the figures
themselves come from :func:`fosterkit.analysis.publish_tables` and
:func:`fosterkit.analysis.build_report`. Every file is written beside its target and moved into
place only when complete, so a failed write leaves any existing file as it was.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from fosterkit.adapters.atomic import write_beside
from fosterkit.adapters.document_files import DocumentWriteError, document_format_for, load_template_pack
from fosterkit.adapters.installed import installed_taxonomy
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue
from fosterkit.adapters.publication_log import read_log, write_log
from fosterkit.analysis.audiences import Audience
from fosterkit.analysis.cost import CostAssumptions
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication import Publication, publish_with_log
from fosterkit.analysis.report import Report, build_report
from fosterkit.analysis.suppression import SUPPRESSED
from fosterkit.analysis.themes import Breakdown
from fosterkit.documents.report_document import report_document, report_wording
from fosterkit.documents.templates import TemplatePack
from fosterkit.errors import FosterkitError, UnwritableFolderError
from fosterkit.framework import Catalogue
from fosterkit.plugins import Plugins, document_formats, format_for, make_plugin_manager, report_formats
from fosterkit.plugins.contracts import ReportFormat
from fosterkit.plugins.offers import missing_format
from fosterkit.reasons import Taxonomy
from fosterkit.serial.converter import unstructure
from fosterkit.serial.tabular import neutralise

__all__ = [
    "PUBLICATION_SUFFIXES",
    "PublishError",
    "publication_rows",
    "publish_file",
    "report_file",
    "report_format_for",
    "report_writer_for",
    "save_report",
    "write_publication",
]

Target = str | os.PathLike[str]

#: The files ``write_publication`` can write.
PUBLICATION_SUFFIXES = (".csv", ".json")

#: The header of a publication written as CSV: one row per count, then one per figure.
CSV_HEADER = ("table", "title", "unit", "row", "row_label", "column", "column_label", "value")


class PublishError(FosterkitError):
    """A publication or report that cannot be written as asked (an unknown suffix, say)."""


def publication_rows(publication: Publication) -> Iterator[tuple[str, ...]]:
    """The publication as flat rows: every count of every table, then every figure, then every change.

    Each row follows :data:`CSV_HEADER`; a suppressed count or figure is ``[c]``. A change the
    service made after carers' suggestions ("you said, we did") is a row of table ``changes``: its
    theme as the row, what became of it as the column, and the service's summary as the value.
    Text is given as it is (a CSV writer should mark formula-looking text, as
    :func:`write_publication` does).
    """
    for table in publication.tables:
        for row, counts in zip(table.rows, table.counts, strict=True):
            for column, count in zip(table.columns, counts, strict=True):
                yield (
                    table.name,
                    table.title,
                    table.unit,
                    row.code,
                    row.label,
                    column.code,
                    column.label,
                    str(count),
                )
    for figure in publication.figures:
        value = str(SUPPRESSED if figure.value is None else figure.value)
        yield ("figures", "Rates and shares", figure.unit, figure.code, figure.label, "value", "Value", value)
    for change in publication.changes:
        yield (
            "changes",
            "You said, we did: what the service changed or will change",
            "changes",
            change.theme,
            change.theme_label,
            change.outcome,
            change.outcome_label,
            change.summary,
        )


def _write_csv(publication: Publication, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_HEADER)
        for row in publication_rows(publication):
            writer.writerow([neutralise(cell) for cell in row])


def _publication_data(publication: Publication) -> dict[str, Any]:
    """The publication as JSON data, with ``null`` for each suppressed count or figure.

    ``changes`` lists the service's publishable summaries ("you said, we did"), each with its theme
    and what became of it.
    """
    data: dict[str, Any] = unstructure(publication)
    for table, written in zip(publication.tables, data["tables"], strict=True):
        written["counts"] = [[None if n is SUPPRESSED else n for n in line] for line in table.counts]
    for figure, written in zip(publication.figures, data["figures"], strict=True):
        written["value"] = None if figure.value is SUPPRESSED else figure.value
    return {"suppressed": f"null is a suppressed count or figure, shown as {SUPPRESSED}", **data}


def _write_json(publication: Publication, path: Path) -> None:
    data = _publication_data(publication)
    with path.open("w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=2, ensure_ascii=False)
        stream.write("\n")


def _publication_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in PUBLICATION_SUFFIXES:
        raise PublishError(
            f"cannot write a publication as {suffix or 'a file with no suffix'}: "
            f"use {' or '.join(PUBLICATION_SUFFIXES)} (fosterkit report writes a workbook)"
        )
    return suffix


def write_publication(publication: Publication, target: Target) -> Path:
    """Write ``publication`` to ``target``: ``.csv`` (one row per count) or ``.json`` (everything).

    The CSV starts with a byte-order mark so spreadsheets read it as UTF-8, and text that a
    spreadsheet would run as a formula is marked as text. The JSON holds the tables, figures,
    withheld tables, notes and the relations a reader could use, with ``null`` for suppressed.
    """
    path = Path(target)
    writer = _write_csv if _publication_suffix(path) == ".csv" else _write_json
    try:
        write_beside(path, lambda temp: writer(publication, temp))
    except UnwritableFolderError as err:
        raise PublishError(str(err)) from None
    return path


def report_format_for(
    path: Target, plugins: Plugins | None = None, format_name: str | None = None
) -> ReportFormat:
    """The installed report format that writes ``path``'s suffix (``format_name`` chooses on a clash)."""
    manager = plugins or make_plugin_manager()
    found, _ = report_formats(manager)
    return format_for(
        found.values(),
        path,
        action="write a report",
        kind="report",
        error=PublishError,
        name=format_name,
        builtin=manager.builtin,
    )


def report_writer_for(
    path: Target,
    plugins: Plugins | None = None,
    format_name: str | None = None,
    templates: TemplatePack | None = None,
) -> Callable[[Report, Path], None]:
    """How to write a report at ``path``: a report format, or else a document format, for its suffix.

    A report format (``.xlsx``: the Excel plugin) writes the report as it is; a document format
    (``.docx``: the Word plugin) is given the report laid out as a document, worded from
    ``templates`` (the built-in pack by default).
    """
    manager = plugins or make_plugin_manager()
    try:
        return report_format_for(path, manager, format_name).write
    except PublishError as report_error:
        try:
            document_format = document_format_for(path, manager, format_name)
        except DocumentWriteError as document_error:
            raise _neither(path, manager, report_error, document_error) from None
    pack = templates if templates is not None else load_template_pack()
    return lambda report, temp: document_format.write(report_document(report, pack), temp)


def _neither(
    path: Target, manager: Plugins, report_error: PublishError, document_error: Exception
) -> PublishError:
    """Why neither a report format nor a document format can write ``path``: every suffix either writes."""
    reports, _ = report_formats(manager)
    documents, _ = document_formats(manager)
    suffixes = [f.suffixes for f in reports.values()] + [f.suffixes for f in documents.values()]
    offered = sorted({suffix for claimed in suffixes for suffix in claimed})
    if not offered or "clash" in str(report_error) or "clash" in str(document_error):
        return report_error
    suffix = Path(path).suffix
    shown = suffix or "a file with no suffix"
    return PublishError(f"cannot write a report as {shown}: {missing_format(suffix, offered, 'report', '')}")


def save_report(
    report: Report,
    target: Target,
    *,
    plugins: Plugins | None = None,
    format_name: str | None = None,
    templates: TemplatePack | None = None,
) -> Path:
    """Write ``report`` at ``target`` with the format for its suffix (:func:`report_writer_for`)."""
    path = Path(target)
    write = report_writer_for(path, plugins, format_name, templates)
    try:
        write_beside(path, lambda temp: write(report, temp))
    except UnwritableFolderError as err:
        raise PublishError(str(err)) from None
    return path


def _records(records: Target | Iterable[object]) -> Iterable[object]:
    return iter_jsonl(records) if isinstance(records, (str, os.PathLike)) else records


def publish_file(
    records: Target | Iterable[object],
    out: Target,
    *,
    period: Period,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] | None = None,
    taxonomy: Taxonomy | None = None,
    plugins: Plugins | None = None,
    any_period: bool = False,
    log_file: Target | None = None,
) -> Publication:
    """Build the publication from ``records`` (a JSON Lines path or records) and write it to ``out``.

    The suffix of ``out`` is checked before anything is read. The arguments are those of
    :func:`~fosterkit.analysis.publish_tables`; the taxonomy includes installed local extensions.
    With ``log_file`` (usually :func:`~fosterkit.adapters.publication_log.log_beside` ``out``),
    the publication is kept consistent with those the log records, and added to it once written.
    """
    _publication_suffix(Path(out))
    manager = plugins or make_plugin_manager()
    options: dict[str, Any] = {} if breakdowns is None else {"breakdowns": breakdowns}
    log = read_log(log_file) if log_file is not None else None
    publication, logged = publish_with_log(
        _records(records),
        taxonomy=taxonomy or installed_taxonomy(manager)[0],
        period=period,
        threshold=threshold,
        households_at_start=households_at_start,
        trend_periods=trend_periods,
        special_category=special_category,
        any_period=any_period,
        log=log,
        **options,
    )
    write_publication(publication, out)
    if log_file is not None:
        write_log(log_file, logged)
    return publication


def report_file(
    records: Target | Iterable[object],
    out: Target,
    *,
    period: Period,
    service: str | None = None,
    made_on: datetime.date | None = None,
    assumptions: CostAssumptions | None = None,
    threshold: int = 5,
    households_at_start: int | None = None,
    trend_periods: int = 4,
    special_category: Sequence[str] = ("age_band",),
    breakdowns: Sequence[Breakdown] | None = None,
    catalogue: Catalogue | None = None,
    taxonomy: Taxonomy | None = None,
    plugins: Plugins | None = None,
    format_name: str | None = None,
    any_period: bool = False,
    log_file: Target | None = None,
    audience: Audience = Audience.MANAGEMENT,
    templates: Target | None = None,
) -> Report:
    """Build the retention report from ``records`` and write it to ``out`` (``.xlsx`` with the Excel plugin).

    The report format is found before anything is read. ``made_on`` defaults to today. With
    ``log_file``, the report's tables stay consistent with the publications the log records, and
    are added to it once the report is written. The report holds what ``audience`` gets, worded
    for it from the template pack ``templates`` (the built-in one by default), which also words
    a report written as a document (``.docx``); without ``service``,
    it names the service the household records name, if they agree on one.
    """
    manager = plugins or make_plugin_manager()
    pack = load_template_pack(templates)
    write = report_writer_for(out, manager, format_name, pack)
    report = build_report(
        _records(records),
        taxonomy=taxonomy or installed_taxonomy(manager)[0],
        catalogue=catalogue or load_catalogue(DEFAULT_PACK),
        period=period,
        service=service,
        made_on=made_on or datetime.date.today(),
        assumptions=assumptions,
        threshold=threshold,
        households_at_start=households_at_start,
        trend_periods=trend_periods,
        special_category=special_category,
        breakdowns=breakdowns,
        any_period=any_period,
        log=read_log(log_file) if log_file is not None else None,
        audience=audience,
        wording=report_wording(pack)[audience],
    )
    try:
        write_beside(Path(out), lambda temp: write(report, temp))
    except UnwritableFolderError as err:
        raise PublishError(str(err)) from None
    if log_file is not None and report.log is not None:
        write_log(log_file, report.log)
    return report
