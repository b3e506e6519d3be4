"""The report's Start here sheet: who the report is for, what each sheet shows, and the tables left out."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import SUPPRESSED, Report, Withheld
from fosterkit_excel.audit_styles import BOLD, TITLE_FONT, heading, put_date, put_number, put_text
from fosterkit_excel.report_charts import THEME_CHART_TITLE
from fosterkit_excel.report_names import (
    COMPARED,
    CONVERSATIONS,
    COST,
    FIGURES,
    LEAVERS,
    PRIORITIES,
    PROCESS,
    THEMES,
    TREND,
    YOU_SAID,
)
from fosterkit_excel.report_paging import finish_sheet

__all__ = ["write_about", "write_withheld"]


def write_about(ws: Any, report: Report, present: Sequence[str]) -> None:
    """Fill the Start here sheet: the report's details, the key to ``[c]``, the ``present`` sheets."""
    publication = report.publication
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    heading(ws, 1, "Retention report", columns=2, font=TITLE_FONT)
    row = 3
    audience = report.audience.title
    details: list[tuple[str, str | int | datetime.date]] = [
        ("Service", report.service),
        ("For", audience[0].upper() + audience[1:]),
        ("Period", publication.period_label),
        ("From", publication.start),
        ("To", publication.end),
        ("Made on", report.made_on),
        ("Suppression threshold", publication.threshold),
    ]
    if report.wording is not None:
        details.insert(2, ("About this report", report.wording.purpose))
    for label, value in details:
        put_text(ws, row, 1, label).font = BOLD
        if isinstance(value, str):
            put_text(ws, row, 2, value)
        elif isinstance(value, datetime.date):
            put_date(ws, row, 2, value).alignment = Alignment(horizontal="left", vertical="top")
        else:
            put_number(ws, row, 2, value).alignment = Alignment(horizontal="left", vertical="top")
        row += 1
    put_text(ws, row, 1, str(SUPPRESSED)).font = BOLD
    put_text(
        ws,
        row,
        2,
        f"A suppressed count. Every count from 1 to {publication.threshold} is suppressed, and then "
        "other counts as well, so that no suppressed count can be worked out from the totals and "
        "other counts shown anywhere in this workbook. Rates and shares use only counts that are shown.",
    )
    row += 2

    heading(ws, row, "The sheets", columns=2)
    row += 1
    for name, text in _sheet_guide(report, present):
        put_text(ws, row, 1, name).font = BOLD
        put_text(ws, row, 2, text)
        row += 1
    row += 1

    if publication.notes:
        heading(ws, row, "Notes", columns=2)
        row += 1
        for number, note in enumerate(publication.notes, start=1):
            put_number(ws, row, 1, number).alignment = Alignment(horizontal="left", vertical="top")
            put_text(ws, row, 2, note)
            row += 1
        row += 1

    heading(ws, row, "Tables left out", columns=2)
    row += 1
    write_withheld(ws, row, publication.withheld)
    finish_sheet(ws)


def _sheet_guide(report: Report, present: Sequence[str]) -> list[tuple[str, str]]:
    """What each sheet of the workbook shows, for the sheets it has."""
    guide = [
        (
            FIGURES,
            "Rates and shares worked out from the counts shown. Mainstream households only: the "
            "mainstream leaving rate, and the national mainstream figure beside it (the only pair to "
            "compare). Connected persons (family and friends) only: their own leaving rate. All "
            "households, mainstream and connected persons together: every other figure, the overall "
            "leaving rate included, which is not comparable with the national figure.",
        ),
        (
            LEAVERS,
            "Households and departures, first for all households together, then split between "
            "mainstream households and connected persons (each column adding up to the all-households "
            "figure); departures of all households by leaving route, by who ended the approval, by "
            "where transfers went, by tenure, by whether leaving could have been prevented and by "
            "national category (the route first, then the main reason); and the carers in leaving "
            "households by any special-category data published.",
        ),
        (
            THEMES,
            "Departures of all households by the theme of the main reason and of any reason given, "
            "broken down in several ways (the approval-kind tables put mainstream households and "
            "connected persons in separate columns), with a chart "
            f"({THEME_CHART_TITLE.lower()}); last, the themes by where each reason was raised: at the "
            "stage 1 interview, at stage 2, or only on the departure record.",
        ),
        (
            TREND,
            "The themes period by period, this period last, with a chart of the departures in each period.",
        ),
        (PRIORITIES, "Key principles and recommendations, ranked by the reasons for leaving they address."),
        (
            COST,
            "An estimate of what turnover cost, with its working and assumptions."
            if report.cost is not None
            else "Why the cost of turnover is not estimated.",
        ),
        (
            COMPARED,
            "This period beside the previous one of the same length, each as its own publication "
            f"shows it; a count suppressed in either is {SUPPRESSED}, and the change is given only "
            "where both are shown.",
        ),
        (
            PROCESS,
            "How the exit-interview process ran: offers, take-up at each stage, how the interviews "
            "were held, and urgent concerns escalated.",
        ),
        (
            YOU_SAID,
            "Suggestions by theme and what became of them, and what the service did, in its own words "
            "where it chose to publish them.",
        ),
        (CONVERSATIONS, "Conversations with carers considering leaving, and how many stayed."),
    ]
    if "figures" not in report.sections:  # the headline figures alone
        headline = (
            "The headline figures: approvals less departures, and the leaving rate (the mainstream one "
            "beside the national mainstream figure, the only pair to compare)."
        )
        guide = [(FIGURES, headline) if n == FIGURES else (n, t) for n, t in guide]
    if "leavers" not in report.sections:  # the summary alone: no breakdowns
        guide = [
            (LEAVERS, "Households and departures in the period.") if n == LEAVERS else (n, t)
            for n, t in guide
        ]
    if "theme_breakdowns" not in report.sections:
        themes = "Departures by the theme of the main reason" + (
            " and of any reason given" if "any_themes" in report.sections else ""
        )
        guide = [(THEMES, f"{themes}, with a chart.") if n == THEMES else (n, t) for n, t in guide]
    texts = dict(guide)
    return [(name, texts[name]) for name in present if name in texts]


def write_withheld(ws: Any, row: int, withheld: Sequence[Withheld]) -> int:
    """List the tables left out and why, from ``row``; returns the next free row."""
    if not withheld:
        put_text(ws, row, 1, "None: every table was published.", wrap=False)
        return row + 1
    for table in withheld:
        put_text(ws, row, 1, table.title).font = BOLD
        put_text(ws, row, 2, f"Not published: {table.reason}.")
        row += 1
    return row
