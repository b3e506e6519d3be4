"""Mainstream and connected-person households are counted apart; only mainstream meets the national figure."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings

from fosterkit import Departure, Household
from fosterkit.analysis import (
    SUPPRESSED,
    Breakdown,
    Period,
    build_report,
    publish_tables,
    reason_themes,
    retention_rates,
)
from fosterkit.analysis.approval_kinds import NATIONAL_MAINSTREAM_DEREGISTERED, NATIONAL_MAINSTREAM_HOUSEHOLDS
from fosterkit.analysis.rates import _tally
from fosterkit.records import ApprovalKind
from test_consent import CATALOGUE, H1, TAXONOMY, departure, household, services

D = datetime.date
MAINSTREAM = ApprovalKind.MAINSTREAM
CONNECTED = ApprovalKind.CONNECTED_PERSON
FEES = "finance.fees_allowances"
YEAR = Period(D(2026, 4, 1), D(2027, 3, 31))


def service(
    mainstream: int, connected: int, leaving: tuple[int, int], notice_on: datetime.date
) -> list[object]:
    """Households of each kind approved long ago, the first ``leaving`` of each kind leaving."""
    records: list[object] = []
    for kind, count, leavers in ((MAINSTREAM, mainstream, leaving[0]), (CONNECTED, connected, leaving[1])):
        for n in range(count):
            records.append(household(f"HH-{kind.value}{n}", D(2018, 1, 1), kind))
            if n < leavers:
                records.append(departure(f"{kind.value}{n}", notice_on, FEES))
    return records


def test_rates_split_by_approval_kind_and_compare_only_mainstream_nationally() -> None:
    rates = retention_rates(service(100, 40, (12, 8), D(2026, 6, 1)), taxonomy=TAXONOMY, period=YEAR)
    assert (rates.households_at_start, rates.departures, rates.leaving_rate) == (140, 20, 100 * 20 / 140)
    kinds = {k.code: k for k in rates.by_approval_kind}
    assert list(kinds) == ["mainstream", "connected_person"]  # no unknown: every household is known
    assert (kinds["mainstream"].households_at_start, kinds["mainstream"].departures) == (100, 12)
    assert kinds["mainstream"].leaving_rate == 12.0
    assert (kinds["connected_person"].households_at_start, kinds["connected_person"].departures) == (40, 8)
    assert kinds["connected_person"].leaving_rate == 20.0
    assert kinds["mainstream"].label == "Mainstream"
    assert "Connected persons" in kinds["connected_person"].label
    national = rates.national
    assert national is not None
    assert national.mainstream_leaving_rate == 12.0  # not the all-households 14.3
    assert not national.annualised
    assert national.national_leaving_rate == pytest.approx(100 * 4_690 / 33_400)
    assert (national.national_households, national.national_deregistered) == (33_400, 4_690)
    assert (NATIONAL_MAINSTREAM_HOUSEHOLDS, NATIONAL_MAINSTREAM_DEREGISTERED) == (33_400, 4_690)
    assert "Fostering in England 2024 to 2025" in national.source
    assert any("Only the mainstream leaving rate" in note for note in rates.notes)


def test_a_half_year_is_scaled_to_a_year_for_the_comparison() -> None:
    rates = retention_rates(service(100, 40, (12, 8), D(2026, 6, 1)), taxonomy=TAXONOMY, period=H1)
    assert rates.national is not None
    assert rates.national.annualised
    assert rates.national.mainstream_leaving_rate == pytest.approx(12.0 * 365.25 / H1.days)


def test_the_service_may_give_its_own_mainstream_count_at_the_start() -> None:
    records = service(100, 40, (12, 8), D(2026, 6, 1))
    rates = retention_rates(records, taxonomy=TAXONOMY, period=YEAR, mainstream_households_at_start=120)
    assert rates.by_approval_kind[0].households_at_start == 120
    assert rates.by_approval_kind[0].leaving_rate == 10.0
    assert any("Mainstream households at the start were supplied" in note for note in rates.notes)
    with pytest.raises(ValueError, match="cannot be negative"):
        retention_rates(records, taxonomy=TAXONOMY, period=YEAR, mainstream_households_at_start=-1)


def test_a_small_kind_is_suppressed_with_a_partner_and_a_missing_household_is_unknown() -> None:
    records = service(100, 40, (12, 2), D(2026, 6, 1))
    records += [departure(f"X{n}", D(2026, 6, 1), FEES) for n in range(7)]  # no household record
    rates = retention_rates(records, taxonomy=TAXONOMY, period=YEAR)
    kinds = {k.code: k for k in rates.by_approval_kind}
    assert kinds["connected_person"].departures is SUPPRESSED
    assert kinds["unknown"].departures is SUPPRESSED  # the next smallest, so 2 cannot be worked out
    assert kinds["mainstream"].departures == 12
    assert kinds["connected_person"].leaving_rate is None
    assert kinds["unknown"].households_at_start == 0


@settings(max_examples=40, deadline=None)
@given(services())
def test_the_kinds_add_up_to_all_households(records: list[object]) -> None:
    tally = _tally(records, period=H1, taxonomy=TAXONOMY, households_at_start=None)
    assert sum(tally.kinds["households_at_start"].values()) == tally.households_at_start
    assert sum(tally.kinds["approvals"].values()) == tally.approvals
    assert sum(tally.kinds["departures"].values()) == tally.departures
    connected = {r.id for r in records if isinstance(r, Household) and r.approval_kind is CONNECTED}
    leaving = [r for r in records if isinstance(r, Departure) and H1.contains(r.notice_on)]
    assert tally.kinds["departures"]["connected_person"] == sum(d.household_id in connected for d in leaving)


def test_themes_and_the_publication_split_by_approval_kind() -> None:
    records = service(20, 20, (7, 6), D(2026, 6, 1))
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.APPROVAL_KIND)
    assert [(c.code, c.leavers) for c in table.columns] == [("mainstream", 7), ("connected_person", 6)]
    assert any("compare only with the mainstream column" in note for note in table.notes)
    publication = publish_tables(records, taxonomy=TAXONOMY, period=H1)
    main = publication.table("main_theme_by_approval_kind")
    assert [c.code for c in main.columns] == ["mainstream", "connected_person", "total"]
    assert main.count("finance", "mainstream") == 7
    assert main.count("finance", "connected_person") == 6
    assert publication.table("any_theme_by_approval_kind").count("total", "total") == 13


def test_the_report_says_its_figures_are_for_all_households() -> None:
    records = service(20, 20, (7, 6), D(2026, 6, 1))
    report = build_report(
        records, taxonomy=TAXONOMY, catalogue=CATALOGUE, period=H1, service="Anytown", made_on=D(2027, 1, 1)
    )
    rate = report.publication.figure("leaving_rate")
    assert "all households" in rate.label
    assert "not comparable with the national mainstream rate" in rate.label
    summary = report.publication.table("summary")
    assert all(
        "mainstream and connected persons" in line.label for line in summary.rows if line.code != "total"
    )
    assert "main_theme_by_approval_kind" in [t.name for t in report.publication.tables]
