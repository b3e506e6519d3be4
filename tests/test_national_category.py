"""National categories: the route decides first, the main reason refines only where it leaves it open."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.analysis import publish_tables, summarise
from fosterkit.analysis.national import (
    NATIONAL_CATEGORIES,
    OTHER_UNKNOWN,
    RULES,
    national_category,
    national_lookup,
)
from fosterkit.analysis.publication._counts import key, national_sums
from fosterkit.analysis.suppression import protect
from fosterkit.records import LeavingRoute
from test_consent import H1, TAXONOMY, departure, interview

D = datetime.date
ROUTES = list(LeavingRoute)
CODES = [*TAXONOMY.codes, *(alias for r in TAXONOMY.reasons for alias in r.aliases), "made_up.reason"]
KNOWN = {c.id for c in TAXONOMY.national.categories}


@given(st.sampled_from(ROUTES), st.one_of(st.none(), st.sampled_from(CODES)))
def test_every_route_and_reason_gives_a_known_category_never_contradicting_the_route(
    route: LeavingRoute, reason: str | None
) -> None:
    category = national_category(route, reason, TAXONOMY)
    assert category in KNOWN
    assert category in {code for code, _label in NATIONAL_CATEGORIES}
    if route is not LeavingRoute.RESIGNATION:  # terminations, transfers and retirements
        assert category != "unhappy_with_service"
        assert category == next(rule.fixed for rule in RULES if rule.route is route)
    else:
        assert category not in ("transfer", "approval_terminated")


def test_the_rule_as_a_table() -> None:
    fixed = {rule.route: rule.fixed for rule in RULES}
    assert fixed == {
        LeavingRoute.RETIREMENT: "retirement",
        LeavingRoute.TRANSFER: "transfer",
        LeavingRoute.TERMINATION_AFTER_ALLEGATION: "allegations",
        LeavingRoute.TERMINATION_AFTER_STANDARDS_CONCERN: "standards_of_care",
        LeavingRoute.TERMINATION_OTHER: "approval_terminated",
        LeavingRoute.RESIGNATION: None,
    }
    assert [code for code, _label in NATIONAL_CATEGORIES] == [c.id for c in TAXONOMY.national.categories]
    assert dict(NATIONAL_CATEGORIES) == {c.id: c.label for c in TAXONOMY.national.categories}


@pytest.mark.parametrize(
    ("route", "reason", "expected"),
    [
        (LeavingRoute.TERMINATION_OTHER, "support.supervising_social_worker", "approval_terminated"),
        (LeavingRoute.TRANSFER, "finance.fees_allowances", "transfer"),
        (LeavingRoute.TERMINATION_AFTER_ALLEGATION, "personal.health", "allegations"),
        (LeavingRoute.TERMINATION_AFTER_STANDARDS_CONCERN, None, "standards_of_care"),
        (LeavingRoute.RETIREMENT, "positive.adoption", "retirement"),
        (LeavingRoute.RESIGNATION, "support.supervising_social_worker", "unhappy_with_service"),
        (LeavingRoute.RESIGNATION, "personal.retirement", "retirement"),
        (LeavingRoute.RESIGNATION, "positive.adoption", "child_permanence"),
        (LeavingRoute.RESIGNATION, "allegations.allegation", "allegations"),
        (LeavingRoute.RESIGNATION, "transfer.independent_agency", OTHER_UNKNOWN),  # needs the route
        (LeavingRoute.RESIGNATION, "decisions.approval_terminated", OTHER_UNKNOWN),
        (LeavingRoute.RESIGNATION, "made_up.reason", OTHER_UNKNOWN),
        (LeavingRoute.RESIGNATION, None, OTHER_UNKNOWN),
    ],
)
def test_examples(route: LeavingRoute, reason: str | None, expected: str) -> None:
    assert national_category(route, reason, TAXONOMY) == expected
    assert national_lookup(TAXONOMY)(route, reason) == expected


def test_a_leaver_takes_its_category_from_its_route_and_main_reason() -> None:
    records = [
        departure("A", D(2026, 5, 1), "support.training", route=LeavingRoute.TERMINATION_OTHER),
        departure("B", D(2026, 5, 1), "finance.fees_allowances"),
        interview("B", "personal.health"),
    ]
    leavers = summarise(records).leavers
    assert leavers["A"].national_category(TAXONOMY) == "approval_terminated"
    assert leavers["B"].national_category(TAXONOMY) == "personal_circumstances"  # the interview's reason


def test_the_publication_counts_departures_by_national_category() -> None:
    records: list[object] = []
    for n in range(6):
        records.append(departure(f"T{n}", D(2026, 5, 1), "support.training", route=LeavingRoute.TRANSFER))
        records.append(departure(f"R{n}", D(2026, 5, 1), "support.training"))
        records.append(
            departure(f"E{n}", D(2026, 5, 1), "support.training", route=LeavingRoute.TERMINATION_OTHER)
        )
    table = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3).table("national_category")
    assert table.title == "Departures by national category"
    assert [line.code for line in table.rows] == [*(code for code, _label in NATIONAL_CATEGORIES), "total"]
    assert table.count("transfer", "count") == 6
    assert table.count("unhappy_with_service", "count") == 6  # only the resignations
    assert table.count("approval_terminated", "count") == 6
    assert table.count("total", "count") == 18


def test_a_category_only_its_route_gives_is_one_count_with_that_routes_row() -> None:
    here = "2026-04-01/2026-09-30"
    sums = national_sums(here)
    at = ("period", here)
    assert sums == [
        (
            key("departures", at, ("national_category", "transfer")),
            (key("departures", at, ("route", "transfer")),),
        ),
        (
            key("departures", at, ("national_category", "approval_terminated")),
            (key("departures", at, ("route", "termination_other")),),
        ),
    ]
    # With that relation, a transfer count hidden in one table is hidden in the other.
    national = {
        key("departures", at, ("national_category", c)): n
        for c, n in [("transfer", 20), ("other_unknown", 3)]
    }
    routes = {key("departures", at, ("route", r)): n for r, n in [("transfer", 20), ("termination_other", 0)]}
    national[key("departures", at, ("national_category", "approval_terminated"))] = 0
    total = key("departures", at)
    counts = {**national, **routes, total: 23}
    table_sum = (total, tuple(national))
    national_transfer = key("departures", at, ("national_category", "transfer"))
    route_transfer = key("departures", at, ("route", "transfer"))
    # The total is a headline, kept shown, so the transfers are hidden to protect the 3 ...
    alone = protect(counts, [table_sum], 3, keep=[total])
    assert national_transfer in alone
    assert route_transfer not in alone  # ... and without the relation the route table gives them away
    hidden = protect(counts, [table_sum, *sums], 3, keep=[total])
    assert {national_transfer, route_transfer} <= hidden


def test_the_publication_knows_a_route_fixed_category_equals_the_routes_row() -> None:
    records = [departure(f"T{n}", D(2026, 5, 1), route=LeavingRoute.TRANSFER) for n in range(6)]
    publication = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3)
    pairs = {
        (r.total.table, r.total.row, r.parts[0].table, r.parts[0].row)
        for r in publication.relations
        if len(r.parts) == 1
    }
    assert ("national_category", "transfer", "route", "transfer") in pairs
    assert ("national_category", "approval_terminated", "route", "termination_other") in pairs
