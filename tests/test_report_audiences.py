"""Reports for an audience: the sections each reader gets, their wording, and the comparison."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit import load_catalogue, load_taxonomy
from fosterkit.adapters.document_files import builtin_template_text
from fosterkit.adapters.report_texts import load_audience_wording, parse_audience_wording
from fosterkit.analysis import SUPPRESSED, Audience, Period, parse_period
from fosterkit.analysis.audiences import (
    ALL_SECTIONS,
    COST,
    EQUALITY,
    FIGURES,
    LEAVERS,
    PRIORITIES,
    PROCESS,
    SECTIONS,
    THEME_BREAKDOWNS,
    TREND,
    section_of,
)
from fosterkit.analysis.comparison import ComparedCount, compare
from fosterkit.analysis.cost import CostAssumptions
from fosterkit.analysis.publication import (
    Publication,
    PublicationLog,
    PublishedTable,
    ReleasedCounts,
    TableLine,
    publish_tables,
)
from fosterkit.analysis.report import DEFAULT_SERVICE, Report, build_report, for_sections
from fosterkit.documents import TemplateError
from fosterkit.records import Household, Service, ServiceKind
from test_analysis_rates import home, leave, said

D = datetime.date
TAXONOMY = load_taxonomy()
CATALOGUE = load_catalogue()
H1 = parse_period("2026-27 H1")
ASSUMPTIONS = CostAssumptions(
    recruit_and_approve=5000,
    recruit_and_approve_source="illustration",
    weeks_to_replace=26,
    weeks_to_replace_source="illustration",
)
REASONS = ("finance.fees_allowances", "support.training", "wellbeing.burnout", "personal.retirement")


def two_halves(before: Iterable[int], now: Iterable[int]) -> list[object]:
    """Forty households; in each half, ``n`` departures giving each reason (by position), half interviewed."""
    records: list[object] = [home(f"STOCK{n}", D(2015, 1, 5)) for n in range(40)]
    for half, (notice, counts) in enumerate([(D(2025, 11, 3), before), (D(2026, 5, 4), now)]):
        for reason, many in zip(REASONS, counts, strict=False):
            for n in range(many):
                dep = f"L{half}{reason.split('.')[1][:4]}{n}"
                records += [home(f"HH-{dep}", D(2018, 1, 1)), leave(dep, notice, reason)]
                if n % 2 == 0:
                    records.append(said(dep, reason))
    return records


def report_for(audience: Audience, records: list[object] | None = None, **options: Any) -> Report:
    return build_report(
        records if records is not None else two_halves([8, 2, 7, 0], [9, 3, 6, 7]),
        taxonomy=TAXONOMY,
        catalogue=CATALOGUE,
        period=options.pop("period", H1),
        service=options.pop("service", "Anytown Fostering"),
        made_on=D(2026, 11, 2),
        assumptions=ASSUMPTIONS,
        audience=audience,
        wording=load_audience_wording()[audience],
        **options,
    )


# -- the sections, as data --------------------------------------------------------------------------


def test_management_gets_every_section_and_the_others_fewer() -> None:
    assert SECTIONS[Audience.MANAGEMENT] == ALL_SECTIONS
    assert COST not in SECTIONS[Audience.PANEL]
    assert PRIORITIES in SECTIONS[Audience.PANEL]
    granular = {LEAVERS, THEME_BREAKDOWNS, TREND, EQUALITY, COST, PRIORITIES, FIGURES, PROCESS}
    assert not granular & set(SECTIONS[Audience.CARERS_ASSOCIATION])
    for sections in SECTIONS.values():
        assert list(sections) == [s for s in ALL_SECTIONS if s in sections]  # report order


@pytest.mark.parametrize(
    ("table", "section"),
    [
        ("summary", "summary"),
        ("route", "leavers"),
        ("main_theme_by_route", "theme_breakdowns"),
        ("any_theme_by_stage", "theme_breakdowns"),
        ("main_theme_trend", "trend"),
        ("carers_by_ethnicity", "equality"),
        ("exit_interview_offer", "process"),
        ("exit_interview_anything_new", "process"),
        ("urgent_escalations", "process"),
        ("you_said_we_did", "you_said_we_did"),
        ("considering_leaving", "conversations"),
        ("a_table_added_later", "leavers"),  # management only, until it is placed
    ],
)
def test_each_table_belongs_to_a_section(table: str, section: str) -> None:
    assert section_of(table) == section


# -- the report for each audience ------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports() -> dict[Audience, Report]:
    return {audience: report_for(audience) for audience in Audience}


def test_a_report_holds_only_what_its_audience_gets(reports: dict[Audience, Report]) -> None:
    for audience, report in reports.items():
        assert report.audience is audience
        assert report.sections == SECTIONS[audience]
        for table in report.publication.tables:
            assert section_of(table.name) in report.sections, (audience, table.name)
        for relation in report.publication.relations:
            kept = {t.name for t in report.publication.tables}
            assert {relation.total.table, *(p.table for p in relation.parts)} <= kept
    association = reports[Audience.CARERS_ASSOCIATION]
    names = [t.name for t in association.publication.tables]
    assert names[:2] == ["summary", "main_theme"]
    assert not any("_by_" in name or name.endswith("_trend") for name in names)
    assert association.priorities == ()
    assert association.cost is None
    assert (
        association.cost_withheld
        == "The cost of turnover is not part of a report for a foster carers' association."
    )
    assert {f.code for f in association.publication.figures} <= {
        "net_change",
        "leaving_rate",
        "mainstream_leaving_rate",
        "national_mainstream_leaving_rate",
    }
    panel = reports[Audience.PANEL]
    assert panel.cost is None
    assert panel.priorities == reports[Audience.MANAGEMENT].priorities != ()
    assert reports[Audience.MANAGEMENT].cost is not None
    assert {"main_theme", "any_theme"} <= {t.name for t in panel.publication.tables}


def test_every_audience_sees_the_same_counts(reports: dict[Audience, Report]) -> None:
    """The themes for all departures are the trend's own column: nothing is suppressed differently."""
    full = reports[Audience.MANAGEMENT].publication
    by_route = full.table("main_theme_by_route")
    for report in reports.values():
        main = report.publication.table("main_theme")
        assert [line.code for line in main.rows] == [line.code for line in by_route.rows]
        for line in main.rows:
            assert main.count(line.code, "count") == by_route.count(line.code, "total")
        assert report.publication.table("summary") == full.table("summary")


def test_each_section_has_its_introduction(reports: dict[Audience, Report]) -> None:
    wording = load_audience_wording()
    assert set(wording) == set(Audience)
    for audience, report in reports.items():
        assert report.wording == wording[audience]
        for section in report.sections:
            assert report.introduction(section)
    assert reports[Audience.CARERS_ASSOCIATION].introduction(COST) == ""


def test_the_wording_must_cover_each_section_and_no_other() -> None:
    """The wording is the template pack's: each audience's table needs an introduction to each of
    its sections, and nothing else; a fault names the pack file and the text."""
    good = builtin_template_text()
    assert parse_audience_wording(good, source="mine.toml")[Audience.PANEL].purpose
    extra = good.replace("[report_carers_association]\n", '[report_carers_association]\ngossip = "x"\n')
    with pytest.raises(TemplateError, match=r"mine\.toml: .*report_carers_association\.gossip"):
        parse_audience_wording(extra, source="mine.toml")
    missing = re.sub(r"(\[report_panel\]\n(?:.*\n)*?)summary = .*\n", r"\1", good, count=1)
    with pytest.raises(TemplateError, match=r"mine\.toml: .*report_panel\.summary"):
        parse_audience_wording(missing, source="mine.toml")
    with pytest.raises(TemplateError, match=r"mine\.toml: .*report_inspectors"):
        parse_audience_wording(good + '[report_inspectors]\npurpose = "x"\n', source="mine.toml")
    with pytest.raises(TemplateError, match=r"mine\.toml: .*report_management\.cost: .*unknown placeholder"):
        parse_audience_wording(
            re.sub(r"(\[report_management\]\n(?:.*\n)*?cost = \")", r"\1{carer} ", good, count=1),
            source="mine.toml",
        )


def test_the_wording_is_for_the_report_s_audience() -> None:
    with pytest.raises(ValueError, match="the wording is for panel, not management"):
        build_report(
            [],
            taxonomy=TAXONOMY,
            catalogue=CATALOGUE,
            period=H1,
            service="S",
            made_on=D(2026, 11, 2),
            wording=load_audience_wording()[Audience.PANEL],
        )


def test_without_a_service_name_the_records_name_it() -> None:
    records = two_halves([1], [2])
    assert report_for(Audience.PANEL, records, service=None).service == "Anytown Fostering"
    first = records[0]
    assert isinstance(first, Household)
    other = attrs.evolve(first, service=Service(name="Elsewhere", kind=ServiceKind.LOCAL_AUTHORITY))
    assert report_for(Audience.PANEL, [other, *records[1:]], service=None).service == DEFAULT_SERVICE
    assert report_for(Audience.PANEL, [], service=None).service == DEFAULT_SERVICE


# -- the comparison -----------------------------------------------------------------------------------


def test_the_comparison_shows_each_period_as_its_own_publication(reports: dict[Audience, Report]) -> None:
    report = reports[Audience.MANAGEMENT]
    comparison = report.comparison
    assert comparison is not None
    assert comparison.period_label == H1.label
    assert comparison.previous_label == H1.previous.label
    before = publish_tables(two_halves([8, 2, 7, 0], [9, 3, 6, 7]), taxonomy=TAXONOMY, period=H1.previous)
    trend = report.publication.table("main_theme_trend")
    columns = [c.code for c in trend.columns if c.code != "total"]
    counts = {c.code: c for c in comparison.counts}
    assert counts["summary/departures"].previous == before.table("summary").count("departures", "count") == 17
    assert counts["summary/departures"].current == 25
    assert counts["summary/departures"].change == 8
    for line in trend.rows:
        if line.code != "total":
            compared = counts[f"main_theme/{line.code}"]
            # the trend's earlier column is suppressed as that period's own publication suppresses it
            assert compared.previous == trend.count(line.code, columns[-2])
            assert compared.current == trend.count(line.code, columns[-1])
    support = counts["main_theme/support"]
    assert support.previous is SUPPRESSED
    assert support.change is None
    assert counts["interviewed/yes"].current == 14


def test_the_comparison_follows_the_audience(reports: dict[Audience, Report]) -> None:
    for report in reports.values():
        assert report.comparison is not None
        assert {c.section for c in report.comparison.counts} <= set(report.sections)


def test_the_log_keeps_what_the_comparison_showed_of_the_previous_period() -> None:
    report = report_for(Audience.CARERS_ASSOCIATION, log=PublicationLog())
    assert report.log is not None
    again = report_for(Audience.CARERS_ASSOCIATION, period=H1.previous, log=report.log)
    assert report.comparison is not None
    assert again.comparison is not None
    before = {c.code: c.previous for c in report.comparison.counts}
    assert {c.code: c.current for c in again.comparison.counts if c.code in before} == before


def _table(name: str, rows: list[str], counts: list[Any]) -> PublishedTable:
    return PublishedTable(
        name=name,
        title=name.replace("_", " ").capitalize(),
        unit="departures",
        row_heading="Row",
        column_heading="Column",
        rows=tuple(TableLine(code=r, label=r.capitalize()) for r in rows),
        columns=(TableLine(code="count", label="Count"),),
        counts=tuple((c,) for c in counts),
    )


def _publication(period: Period, tables: list[PublishedTable]) -> Publication:
    trend = PublishedTable(
        name="main_theme_trend",
        title="Trend",
        unit="departures",
        row_heading="Theme",
        column_heading="Period",
        rows=(TableLine(code="finance", label="Money and work"),),
        columns=(TableLine(code="p", label=period.name),),
        counts=((3 if period == H1 else SUPPRESSED,),),
    )
    return Publication(
        start=period.start,
        end=period.end,
        period_label=period.label,
        threshold=5,
        tables=(_table("summary", ["departures"], [12]), trend, *tables),
        figures=(),
        withheld=(),
        relations=(),
    )


def test_a_hand_built_publication_of_process_tables_compares_and_selects_by_name() -> None:
    now = _publication(
        H1,
        [
            _table("exit_interview_offer", ["offered", "not_offered"], [9, SUPPRESSED]),
            _table("urgent_escalations", ["in_time"], [0]),
            _table("considering_leaving", ["stayed", "left"], [SUPPRESSED, 6]),
            _table("you_said_we_did", ["finance"], [7]),
            _table("carers_by_age_band", ["55_64"], [8]),
        ],
    )
    before = _publication(
        H1.previous,
        [
            _table("exit_interview_offer", ["offered", "not_offered"], [7, 6]),
            _table("considering_leaving", ["stayed", "left"], [6, SUPPRESSED]),
        ],
    )
    empty = ReleasedCounts(H1, {})
    counts = {c.code: c for c in compare(now, empty, before, ReleasedCounts(H1.previous, {})).counts}
    assert counts["exit_interview_offer/offered"] == ComparedCount(
        code="exit_interview_offer/offered",
        label="Exit interview offer: Offered",
        section="process",
        previous=7,
        current=9,
    )
    assert counts["exit_interview_offer/offered"].change == 2
    assert counts["exit_interview_offer/not_offered"].change is None  # suppressed now
    assert counts["considering_leaving/stayed"].change is None
    assert counts["considering_leaving/left"].change is None  # suppressed before
    assert counts["main_theme/finance"].previous is SUPPRESSED
    assert "urgent_escalations/in_time" not in counts  # the earlier publication has no such table
    association = for_sections(now, SECTIONS[Audience.CARERS_ASSOCIATION])
    assert [t.name for t in association.tables] == [
        "summary",
        "main_theme",
        "you_said_we_did",
        "considering_leaving",
    ]
    panel = for_sections(now, SECTIONS[Audience.PANEL])
    assert "exit_interview_offer" in [t.name for t in panel.tables]
    assert "carers_by_age_band" not in [t.name for t in panel.tables]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    now=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    audience=st.sampled_from(Audience),
)
def test_a_change_is_shown_less_shown_and_nothing_else(
    before: list[int], now: list[int], audience: Audience
) -> None:
    report = report_for(audience, two_halves(before, now))
    assert report.comparison is not None
    for line in report.comparison.counts:
        if line.previous is SUPPRESSED or line.current is SUPPRESSED:
            assert line.change is None
        else:
            assert line.change == line.current - line.previous
