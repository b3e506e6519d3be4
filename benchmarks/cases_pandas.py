"""The publication's tables as an analyst with pandas would compute them, against fosterkit's.

One group, ``pandas``, led by its baseline:

- ``pandas.tables`` -- idiomatic pandas over the service's JSON Lines file (the analysis
  cases' file): ``pd.read_json(path, lines=True)``, ``pd.json_normalize`` for the households'
  histories, then ``groupby``, ``value_counts`` and ``crosstab`` for the unsuppressed counts of
  the summary (households at the start, approvals, departures), departures by leaving route,
  by who ended the approval, by destination, by tenure band and by preventability, and
  departures by theme of the main reason (and of any reason) by route, tenure band and service
  kind. Its setup computes them once and checks every count fosterkit shows in the same tables
  (``publish_tables`` at the lowest threshold, 3) against them, and raises if one differs.
- ``pandas.fosterkit_publish`` -- ``publish_tables`` over the same file: every table of the
  publication (thirty, with the trend and the practice tables), suppressed together.
- ``pandas.fosterkit_all`` -- the analysis group's one pass: the records summarised once, then
  themes, rates, exit insights and the publication.

pandas does less than fosterkit here (a dozen tables, no suppression, no validation of the
records), so a time at or below pandas' is the issue's target, not a like-for-like race.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from cases_analysis import PERIOD, Analysis, all_analyses, all_setup, service_file
from run import Case, Context, Target

import fosterkit
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.analysis import (
    SUPPRESSED,
    publish_tables,
)

__all__ = ["CASES", "TARGETS", "pandas_tables"]

#: A table's counts by ``(row code, column code)``; a table of one column uses ``count``.
Cells = Counter[tuple[str, str]]

#: Household statuses that end an approval (``HouseholdStatus.is_final``).
FINAL = ("deregistered", "transferred")

#: Tenure bands: code and the whole years from approval it stays under (``TENURE_BANDS``).
BANDS = (("under_1", 1), ("1_to_2", 2), ("2_to_5", 5), ("5_to_10", 10))


def _one_column(counts: Any) -> Cells:
    """A ``value_counts`` as a one-column table with its total."""
    cells: Cells = Counter({(str(code), "count"): int(n) for code, n in counts.items()})
    cells[("total", "count")] = int(counts.sum())
    return cells


def _crossed(frame: Any, rows: str, columns: str) -> Cells:
    """A ``crosstab`` with totals (``margins``) as cells."""
    import pandas as pd

    table = pd.crosstab(frame[rows], frame[columns], margins=True, margins_name="total")
    return Counter({(str(r), str(c)): int(n) for (r, c), n in table.stack().items() if n})


def pandas_tables(path: Path) -> dict[str, Cells]:
    """The publication's unsuppressed counts for :data:`PERIOD` from ``path``, with pandas."""
    import numpy as np
    import pandas as pd

    records = pd.read_json(path, lines=True, dtype=False)
    households = records[records["kind"] == "household"]
    departures = records[records["kind"] == "departure"]
    interviews = records[records["kind"] == "data_collection_record"]
    start, end = pd.Timestamp(PERIOD.start), pd.Timestamp(PERIOD.end)

    # Households: approval, the first final status in the history, the service's kind.
    history = households[["id", "history"]].explode("history").dropna(subset=["history"])
    history = pd.concat(
        [history["id"].reset_index(drop=True), pd.json_normalize(history["history"].tolist())], axis=1
    )
    left = history[history["status"].isin(FINAL)].groupby("id")["since"].first()
    homes = pd.DataFrame(
        {
            "household_id": households["id"].to_numpy(),
            "approved_on": pd.to_datetime(households["approved_on"]).to_numpy(),
            "service_kind": households["service"].str.get("kind").to_numpy(),
        }
    )
    homes["home_left_on"] = pd.to_datetime(homes["household_id"].map(left))

    # Interviews with consent: the latest record of each stage, stage 2 over stage 1.
    said = interviews[interviews["consent_to_anonymised_use"].eq(True)]
    said = said.sort_values(["departure_id", "stage", "interviewed_on", "id"])
    said = said.drop_duplicates(["departure_id", "stage"], keep="last")
    said = said.assign(
        reasons=[[p, *s] for p, s in zip(said["primary_reason"], said["secondary_reasons"], strict=True)]
    )
    main = said.groupby("departure_id")["primary_reason"].last()
    answer = said.dropna(subset=["preventable"]).groupby("departure_id")["preventable"].last()

    # Departures with notice in the period, with their households.
    fields = ["id", "household_id", "notice_on", "leaving_on", "route", "destination", "stated_reasons"]
    leavers = departures[fields].assign(
        notice_on=pd.to_datetime(departures["notice_on"]), leaving_on=pd.to_datetime(departures["leaving_on"])
    )
    leavers = leavers[leavers["notice_on"].between(start, end)]
    leavers = leavers.merge(homes, on="household_id", how="left")
    stated_first = leavers["stated_reasons"].str.get(0)
    leavers["main_reason"] = leavers["id"].map(main).fillna(stated_first)
    leavers["main_theme"] = leavers["main_reason"].str.split(".").str[0].fillna("none")
    leavers["preventable"] = leavers["id"].map(answer).fillna("not_asked")
    leavers["initiated"] = np.where(leavers["route"].str.startswith("termination"), "service", "voluntary")
    left_on = leavers["leaving_on"].fillna(leavers["notice_on"])
    approved = leavers["approved_on"]
    bands = [left_on < approved + pd.DateOffset(years=years) for _code, years in BANDS]
    leavers["tenure"] = np.select(bands, [code for code, _years in BANDS], "10_plus")
    unknown = approved.isna() | (left_on < approved)
    leavers.loc[unknown, "tenure"] = "unknown"
    leavers["service_kind"] = leavers["service_kind"].fillna("unknown")

    # Any reason: the consenting interviews' reasons, else those stated on the departure.
    given = said[["departure_id", "reasons"]].explode("reasons")
    stated = leavers.loc[~leavers["id"].isin(said["departure_id"]), ["id", "stated_reasons"]]
    stated = stated.rename(columns={"id": "departure_id", "stated_reasons": "reasons"}).explode("reasons")
    reasons = pd.concat([given, stated]).dropna(subset=["reasons"])
    reasons["any_theme"] = reasons["reasons"].str.split(".").str[0]
    reasons = reasons.drop_duplicates(["departure_id", "any_theme"])
    columns = ["id", "route", "tenure", "service_kind"]
    anything = reasons.merge(leavers[columns], left_on="departure_id", right_on="id")

    day_before = start - pd.Timedelta(days=1)
    at_start = (homes["approved_on"] <= day_before) & ~(homes["home_left_on"] <= day_before)
    tables: dict[str, Cells] = {
        "summary": Counter(
            {
                ("households_at_start", "count"): int(at_start.sum()),
                ("approvals", "count"): int(homes["approved_on"].between(start, end).sum()),
                ("departures", "count"): len(leavers),
            }
        ),
        "route": _one_column(leavers["route"].value_counts()),
        "initiated": _one_column(leavers["initiated"].value_counts()),
        "destination": _one_column(leavers.loc[leavers["route"] == "transfer", "destination"].value_counts()),
        "tenure": _one_column(leavers["tenure"].value_counts()),
        "preventable": _one_column(leavers["preventable"].value_counts()),
    }
    for by in ("route", "tenure", "service_kind"):
        tables[f"main_theme_by_{by}"] = _crossed(leavers, "main_theme", by)
        cells = _crossed(anything, "any_theme", by)
        for column, n in leavers[by].value_counts().items():  # the total row: every departure
            cells[("total", str(column))] = int(n)
        cells[("total", "total")] = len(leavers)
        tables[f"any_theme_by_{by}"] = cells
    return tables


def _check(path: Path, found: dict[str, Cells]) -> None:
    """Raise unless every count fosterkit shows in these tables is pandas' (and pandas has no other)."""
    publication = publish_tables(
        iter_jsonl(path), taxonomy=fosterkit.load_taxonomy(), period=PERIOD, threshold=3
    )
    compared = 0
    for name, cells in found.items():
        table = publication.table(name)
        rows, columns = [r.code for r in table.rows], [c.code for c in table.columns]
        extra = [cell for cell, n in cells.items() if n and (cell[0] not in rows or cell[1] not in columns)]
        if extra:
            raise AssertionError(f"{name}: pandas counts cells fosterkit's table has not: {extra[:5]}")
        for row, line in zip(rows, table.counts, strict=True):
            for column, shown in zip(columns, line, strict=True):
                if shown is SUPPRESSED:
                    continue
                if cells.get((row, column), 0) != shown:
                    raise AssertionError(
                        f"{name} [{row}, {column}]: pandas {cells.get((row, column), 0)}, fosterkit {shown}"
                    )
                compared += 1
    if not compared:
        raise AssertionError("no count was shown to compare")


def _pandas_setup(context: Context) -> Path:
    path = service_file(context.work, context.records)
    _check(path, pandas_tables(path))
    return path


def _pandas_run(_context: Context, path: Path) -> dict[str, Cells]:
    return pandas_tables(path)


def _publish_run(_context: Context, state: Analysis) -> object:
    return publish_tables(iter_jsonl(state.path), taxonomy=state.taxonomy, period=PERIOD)


CASES: list[Case] = [
    Case(
        "pandas",
        "tables",
        "pandas: read_json(lines=True), json_normalize, groupby/crosstab: the unsuppressed tables (checked)",
        _pandas_run,
        _pandas_setup,
        requires=("pandas",),
    ),
    Case(
        "pandas",
        "fosterkit_publish",
        "publish_tables(iter_jsonl(path)): every table of the publication, suppressed",
        _publish_run,
        all_setup,
    ),
    Case(
        "pandas",
        "fosterkit_all",
        "summarise once, then themes, rates, exit insights and the publication (as analysis.all_100k)",
        all_analyses,
        all_setup,
    ),
]

TARGETS: list[Target] = [
    Target(
        "the publication (fosterkit) at or below pandas' time for its tables",
        "pandas.fosterkit_publish",
        "pandas.tables",
        "time",
        1.0,
    ),
]
