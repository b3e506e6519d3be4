"""Benchmark cases for the analysis, the built-in packs and the audit workbook.

Three groups, each led by its baseline:

- ``analysis`` -- reading a service's records from JSON Lines, then themes, rates, exit
  insights and the publication tables from one reading of the file (``summarise`` once, the
  summaries given to each analysis, as the report does), at 1x and 10x ``--records``
  departures, so the per-record time and the memory at 10x can be judged; and, for reference,
  the four analyses each over a fresh stream of the file (four readings).
- ``catalogue`` -- the first load of the built-in catalogue and taxonomy (caches cleared
  before each run), against a load that finds them cached.
- ``audit_workbook`` -- generating an audit workbook with the exit insights sheet from a small
  service's records (openpyxl), without and with lxml.

The records files are written once per size into the work folder and reused by later runs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from data import SEED, service_records
from run import Case, Context, Target

import fosterkit
from fosterkit.adapters import packs as loader
from fosterkit.adapters.jsonl import iter_jsonl, write_jsonl
from fosterkit.analysis import (
    Period,
    exit_insights,
    publish_tables,
    reason_themes,
    retention_rates,
    summarise,
)

__all__ = ["CASES", "PERIOD", "TARGETS", "service_file"]

#: The half-year the analysis cases report on (the data spread over April 2023 to March 2026).
PERIOD = Period(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 9, 30))

#: How many departures the audit workbook's insights are made from, whatever ``--records`` is.
AUDIT_DEPARTURES = 500


def service_file(work: Path, departures: int) -> Path:
    """The JSON Lines file of ``service_records(departures)`` in ``work``, written on first use.

    The records stream from the generator into the file. :func:`~fosterkit.adapters.jsonl.write_jsonl`
    writes to a temporary name beside the file and renames it only when all records are in,
    so a run that is stopped half-way never leaves a short file to be reused as a cache.
    """
    path = work / f"service-{departures}-{SEED}.jsonl"
    if not path.is_file():
        write_jsonl(service_records(departures), path)
    return path


# -- analysis --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    path: Path
    catalogue: fosterkit.Catalogue
    taxonomy: fosterkit.Taxonomy


def _read_setup(context: Context) -> Path:
    return service_file(context.work, context.records)


def _read(context: Context, path: Path) -> int:
    count = 0
    for _record in iter_jsonl(path):
        count += 1
    return count


def all_setup(context: Context) -> Analysis:
    return Analysis(
        path=service_file(context.work, context.records),
        catalogue=fosterkit.load_catalogue(),
        taxonomy=fosterkit.load_taxonomy(),
    )


def all_analyses(context: Context, state: Analysis) -> tuple[object, ...]:
    """Every analysis from one reading of the file: the records summarised once, then shared."""
    summaries, taxonomy = summarise(iter_jsonl(state.path)), state.taxonomy
    return (
        reason_themes(summaries, taxonomy=taxonomy, period=PERIOD),
        retention_rates(summaries, taxonomy=taxonomy, period=PERIOD),
        exit_insights(summaries, catalogue=state.catalogue, taxonomy=taxonomy, period=PERIOD),
        publish_tables(summaries, taxonomy=taxonomy, period=PERIOD),
    )


def _all_4reads(context: Context, state: Analysis) -> tuple[object, ...]:
    """For reference: each analysis over a fresh stream of the file, so the file is read four times."""
    path, taxonomy = state.path, state.taxonomy
    return (
        reason_themes(iter_jsonl(path), taxonomy=taxonomy, period=PERIOD),
        retention_rates(iter_jsonl(path), taxonomy=taxonomy, period=PERIOD),
        exit_insights(iter_jsonl(path), catalogue=state.catalogue, taxonomy=taxonomy, period=PERIOD),
        publish_tables(iter_jsonl(path), taxonomy=taxonomy, period=PERIOD),
    )


# -- catalogue -------------------------------------------------------------------------------------


def _clear_pack_caches() -> None:
    """Forget the built-in catalogues and taxonomies the loader has parsed (``functools.cache``)."""
    loader._load_builtin_catalogue.cache_clear()
    loader._load_builtin_taxonomy.cache_clear()


def _load() -> tuple[fosterkit.Catalogue, fosterkit.Taxonomy]:
    return fosterkit.load_catalogue(), fosterkit.load_taxonomy()


def _cold_setup(context: Context) -> None:
    # Make sure clearing really empties the caches, so the case cannot quietly time cached loads.
    first = _load()
    _clear_pack_caches()
    second = _load()
    if first[0] is second[0] or first[1] is second[1]:
        raise RuntimeError("clearing the loader's caches did not make it load the packs again")


def _cold(context: Context, state: None) -> tuple[fosterkit.Catalogue, fosterkit.Taxonomy]:
    _clear_pack_caches()
    return _load()


def _warm_setup(context: Context) -> None:
    _load()


def _warm(context: Context, state: None) -> tuple[fosterkit.Catalogue, fosterkit.Taxonomy]:
    return _load()


# -- audit workbook --------------------------------------------------------------------------------


def _audit_setup(context: Context) -> Path:
    return service_file(context.work, AUDIT_DEPARTURES)


def _audit(context: Context, records: Path) -> object:
    target = context.path("audit.xlsx")
    try:
        return fosterkit.generate_audit_workbook(
            target, service="Benchmark", records=records, today=datetime.date(2026, 11, 1)
        )
    finally:
        target.unlink(missing_ok=True)  # each run writes a new workbook; none is left behind


CASES: list[Case] = [
    Case(
        "analysis",
        "read_100k",
        "read the service's JSON Lines records (iter_jsonl), nothing else",
        _read,
        _read_setup,
    ),
    Case(
        "analysis",
        "read_1m",
        "read the service's JSON Lines records (iter_jsonl), nothing else, at 10x",
        _read,
        _read_setup,
        scale=10,
    ),
    Case(
        "analysis",
        "all_100k",
        "summarise(iter_jsonl) once, then reason_themes, retention_rates, exit_insights, publish_tables",
        all_analyses,
        all_setup,
    ),
    Case(
        "analysis",
        "all_1m",
        "the same one pass, at 10x",
        all_analyses,
        all_setup,
        scale=10,
    ),
    Case(
        "analysis",
        "all_4reads",
        "for reference: the four analyses each over a fresh stream of the file (four readings)",
        _all_4reads,
        all_setup,
    ),
    Case(
        "catalogue",
        "cold",
        "first load_catalogue() + load_taxonomy(): the loader's caches cleared before each run",
        _cold,
        _cold_setup,
    ),
    Case(
        "catalogue",
        "warm",
        "load_catalogue() + load_taxonomy() again, cached",
        _warm,
        _warm_setup,
    ),
    Case(
        "audit_workbook",
        "generate",
        f"generate_audit_workbook with the insights of {AUDIT_DEPARTURES} departures (JSON Lines)",
        _audit,
        _audit_setup,
        requires=("openpyxl", "fosterkit_excel"),
    ),
    Case(
        "audit_workbook",
        "generate_lxml",
        "the same with openpyxl using lxml (OPENPYXL_LXML=True); fosterkit does not install lxml",
        _audit,
        _audit_setup,
        requires=("openpyxl", "lxml", "fosterkit_excel"),
        env=(("OPENPYXL_LXML", "True"),),
    ),
]

TARGETS: list[Target] = [
    Target(
        "analysis time per record at 10x within 10% of 1x",
        "analysis.all_1m",
        "analysis.all_100k",
        "per_record",
        1.10,
    ),
    Target(
        "all analyses (one pass) at most 1.5x reading the records alone",
        "analysis.all_100k",
        "analysis.read_100k",
        "time",
        1.5,
    ),
    # The analysis keeps a small summary per household and departure by design, so its peak
    # grows with them; issue 25 bounds it at a million departures.
    Target(
        "all analyses at 10x: peak memory at most 400 MiB",
        "analysis.all_1m",
        "analysis.all_1m",
        "peak",
        400,
    ),
]
