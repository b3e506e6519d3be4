"""The conformance kit: third-party offers written here pass it, and broken ones fail it, saying why."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

from fosterkit.errors import Problem, StructureError
from fosterkit.framework import Catalogue, PackSet
from fosterkit.plugins import (
    RECORD_KINDS,
    TRACKER_COLUMNS,
    Cell,
    Exporter,
    Importer,
    ResponseTracker,
    SourceReader,
    TrackerFormat,
    TrackerReading,
    check_fits,
    exporters,
    importers,
    make_plugin_manager,
    read_entries,
    special_category_option,
    table_schema,
    tracker_row,
)
from fosterkit.testing import conformance

ROOT = Path(__file__).resolve().parents[1]


def _documented() -> dict[str, Any]:
    """The names the example in docs/conformance.md defines, by running it."""
    page = (ROOT / "docs" / "conformance.md").read_text(encoding="utf-8")
    source = page.split("```python\n", 1)[1].split("```", 1)[0]
    names: dict[str, Any] = {"__name__": "anytown_tests"}
    exec(compile(source, "docs/conformance.md", "exec"), names)
    return names


DOCUMENTED = _documented()
EXPORTER: Exporter = DOCUMENTED["EXPORTER"]
IMPORTER: Importer = DOCUMENTED["IMPORTER"]
DEPARTURES = ("departure",)


def _edit_line(path: Path, kind: str, record_id: str, column: str, text: str) -> str:
    """Type ``text`` into ``column`` of ``record_id``'s line of the example's tab-separated file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    number = next(n for n, line in enumerate(lines) if line.split("\t")[0] == record_id)
    cells = lines[number].split("\t")
    cells[header.index(column)] = text
    lines[number] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"line {number + 1}"


# -- the kit's own promises ---------------------------------------------------------------------------


def test_every_built_in_kind_has_samples_and_a_strategy() -> None:
    assert set(conformance.BUILT_IN_KINDS) == set(RECORD_KINDS) == set(conformance.record_strategies())
    for kind in conformance.BUILT_IN_KINDS:
        records = list(conformance.sample_records(12, kind=kind))
        assert len({r.id for r in records}) == 12
        assert all(type(r) is RECORD_KINDS[kind] for r in records)


def test_the_samples_hold_formula_looking_text_where_the_kind_has_text() -> None:
    for kind in ("household", "data_collection_record"):
        records = conformance.formula_records(kind)
        assert len(records) == len(conformance.FORMULA_TEXTS)
    assert conformance.formula_records("departure") == []  # its reasons are in a JSON column


def test_without_hypothesis_the_kit_says_what_to_install() -> None:
    code = (
        "import sys\nsys.modules['hypothesis'] = None\n"
        "try:\n    import fosterkit.testing.conformance\nexcept ImportError as err:\n    print(err)"
    )
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert (
        "needs hypothesis; install fosterkit with the 'testing' extra: pip install \"fosterkit[testing]\""
        in said
    )


def test_a_kind_without_samples_is_named() -> None:
    with pytest.raises(ValueError, match="no sample records of kind 'probe'"):
        next(conformance.sample_records(1, kind="probe"))


# -- a third-party exporter and importer of departures only -----------------------------------------


def test_the_documented_example_passes(tmp_path: Path) -> None:
    DOCUMENTED["test_the_exporter_passes_the_kit"](tmp_path / "exporter")
    DOCUMENTED["test_departures_round_trip"](tmp_path / "round-trip")


def test_a_departures_only_exporter_is_checked_with_departures_only(tmp_path: Path) -> None:
    conformance.check_round_trip(EXPORTER, IMPORTER, tmp_path, kinds=DEPARTURES, edit=_edit_line)
    # Records given name their kinds: departures again.
    records = list(conformance.sample_records(5, kind="departure"))
    conformance.check_exporter(EXPORTER, tmp_path / "given", records=records, importer=IMPORTER)


def test_an_exporter_that_names_no_kinds_is_not_given_a_guess(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"anytown_tsv: say which record kinds the exporter writes"):
        conformance.check_exporter(EXPORTER, tmp_path)
    with pytest.raises(ValueError, match="name one or more registered record kinds"):
        conformance.check_exporter(EXPORTER, tmp_path, kinds=("leaver",))


def test_an_exporter_that_drops_a_field_is_caught(tmp_path: Path) -> None:
    def no_leaving_date(records: Iterator[Any], path: Path, options: Mapping[str, object]) -> int:
        return int(EXPORTER.write((attrs.evolve(r, leaving_on=None) for r in records), path, options))

    dropping = attrs.evolve(EXPORTER, name="dropping", write=no_leaving_date)
    with pytest.raises(
        AssertionError, match=r"dropping: 12 departure records read back for 12 written; first"
    ):
        conformance.check_exporter(dropping, tmp_path, kinds=DEPARTURES, importer=IMPORTER)
    with pytest.raises(
        AssertionError, match="dropping: departure records did not come back as they were written"
    ):
        conformance.check_round_trip(dropping, IMPORTER, tmp_path, kinds=DEPARTURES)


def test_an_exporter_that_leaves_a_partial_file_is_caught(tmp_path: Path) -> None:
    in_place = attrs.evolve(EXPORTER, name="in_place", atomic=False)  # writes the target itself
    with pytest.raises(
        AssertionError, match="in_place: a failed export changed the records the target holds"
    ):
        conformance.check_exporter(in_place, tmp_path, kinds=DEPARTURES, importer=IMPORTER)
    with pytest.raises(AssertionError, match=r"in_place: a failed export to a new target left files behind"):
        conformance.check_exporter(in_place, tmp_path / "alone", kinds=DEPARTURES)


def test_an_exporter_that_miscounts_or_writes_live_formulas_is_caught(tmp_path: Path) -> None:
    def undercount(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
        return int(EXPORTER.write(records, path, options)) - 1

    liar = attrs.evolve(EXPORTER, name="liar", write=undercount)
    with pytest.raises(AssertionError, match=r"liar: reported 11 records written, not 12 \(departure\)"):
        conformance.check_exporter(liar, tmp_path / "liar", kinds=DEPARTURES)
    with pytest.raises(AssertionError, match=r"anytown_tsv: cell '=SUM\(A1\)' would be read as a formula"):
        conformance.check_exporter(
            EXPORTER, tmp_path / "cells", kinds=DEPARTURES, cells=lambda _: ["=SUM(A1)"]
        )


def test_an_exporter_that_holds_every_record_is_caught(tmp_path: Path) -> None:
    def hoarding(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
        everything = [(record, table_schema("departure").text_row(record)) for record in records]
        return int(EXPORTER.write(iter(r for r, _ in everything), path, options))

    hoarder = attrs.evolve(EXPORTER, name="hoarder", write=hoarding)
    with pytest.raises(AssertionError, match="hoarder: memory grew with the number of records"):
        conformance.check_exporter(hoarder, tmp_path, kinds=DEPARTURES)


def test_an_importer_that_does_not_say_where_a_bad_value_is_is_caught(tmp_path: Path) -> None:
    def nameless(path: Path, options: Mapping[str, object]) -> Iterator[object]:
        try:
            yield from IMPORTER.read(path, options)
        except StructureError as err:
            raise StructureError(err.problems) from None

    vague = attrs.evolve(IMPORTER, name="vague", read=nameless)
    with pytest.raises(AssertionError, match=r"vague: the error does not name the file and 'line 3'"):
        conformance.check_round_trip(
            EXPORTER, vague, tmp_path, kinds=DEPARTURES, edit=_edit_line, max_examples=3
        )


# -- fosterkit's own JSON Lines exporter, which writes every kind ---------------------------------------


def test_the_json_lines_exporter_passes_for_every_kind(tmp_path: Path) -> None:
    plugins = make_plugin_manager(load_entrypoints=False)
    jsonl, reader = exporters(plugins)[0]["jsonl"], importers(plugins)[0]["jsonl"]
    kinds = conformance.BUILT_IN_KINDS
    conformance.check_round_trip(jsonl, reader, tmp_path / "round-trip", kinds=kinds, max_examples=10)
    conformance.check_exporter(jsonl, tmp_path / "alone", kinds=("exit_process",), importer=reader)


def test_equality_data_written_unasked_is_caught(tmp_path: Path) -> None:
    plugins = make_plugin_manager(load_entrypoints=False)
    jsonl, reader = exporters(plugins)[0]["jsonl"], importers(plugins)[0]["jsonl"]
    # Takes the option, but writes every field whatever it says, as JSON Lines does.
    leaky = attrs.evolve(jsonl, name="leaky", options=(special_category_option("equality data"),))
    with pytest.raises(
        AssertionError, match=r"leaky: equality \(special-category\) data was written without"
    ):
        conformance.check_round_trip(leaky, reader, tmp_path, kinds=("household",), max_examples=2)


# -- a third-party source reader of tab-separated text ---------------------------------------------------


def _read_tsv(path: Path, options: Mapping[str, object]) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", newline="\n") as lines:
        for number, line in enumerate(lines, start=1):
            text = line.removesuffix("\n")
            yield number, text.split("\t") if text else []


def _write_tsv(
    rows: Sequence[Sequence[Cell]], path: Path, data: st.DataObject
) -> Mapping[str, object] | None:
    texts = [str(cell) for row in rows for cell in row if cell is not None]
    if any(re.search("[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", text) for text in texts):
        return None  # a tab-separated line cannot hold these
    lines = ["\t".join("" if cell is None else str(cell) for cell in row) for row in rows]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return {}


TSV = SourceReader(name="tsv", suffixes=(".tsv",), description="tab-separated text", read_rows=_read_tsv)
_TSV_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=8)


def test_a_third_party_source_reader_passes(tmp_path: Path) -> None:
    conformance.check_source_reader(TSV, tmp_path, write=_write_tsv, texts=_TSV_TEXT, max_examples=15)


def test_a_source_reader_that_numbers_rows_from_nought_is_caught(tmp_path: Path) -> None:
    def from_nought(path: Path, options: Mapping[str, object]) -> Iterator[tuple[int, list[str]]]:
        return ((number - 1, cells) for number, cells in _read_tsv(path, options))

    wrong = attrs.evolve(TSV, name="from_nought", read_rows=from_nought)
    with pytest.raises(AssertionError, match="from_nought: rows did not come back as written"):
        conformance.check_source_reader(wrong, tmp_path, write=_write_tsv, texts=_TSV_TEXT, max_examples=5)


# -- a third-party response-tracker format: JSON --------------------------------------------------------


def _cell(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _write_json(tracker: ResponseTracker, catalogue: Catalogue, path: Path) -> None:
    check_fits(tracker, catalogue)
    rows = [[_cell(value) for value in tracker_row(entry, catalogue)] for entry in tracker.entries]
    meta = {"pack": tracker.pack, "pack_version": tracker.pack_version, "service": tracker.service}
    path.write_text(json.dumps({**meta, "rows": rows}), encoding="utf-8")


def _read_json(path: Path, packs: PackSet) -> TrackerReading:
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        catalogue = packs.get(data["pack"])
    except KeyError as err:
        raise StructureError([Problem(path="pack", message=str(err.args[0]))], str(path)) from None
    entries, problems = read_entries(
        enumerate(data["rows"], start=1),
        catalogue,
        sheet=path.name,
        cell_name=lambda column, row: f"row {row}, {TRACKER_COLUMNS[column].key}",
    )
    tracker = ResponseTracker(
        pack=data["pack"], pack_version=data["pack_version"], service=data["service"], entries=entries
    )
    return TrackerReading(tracker=tracker, problems=problems)


def _type_json(path: Path, recommendation: str, column: str, text: str) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = [c.key for c in TRACKER_COLUMNS]
    number, row = next((n, row) for n, row in enumerate(data["rows"], start=1) if row[0] == recommendation)
    row[keys.index(column)] = text
    path.write_text(json.dumps(data), encoding="utf-8")
    return f"row {number}, {column}"


JSON_TRACKER = TrackerFormat(
    name="json", suffixes=(".json",), description="the tracker as JSON", write=_write_json, read=_read_json
)


def test_a_third_party_tracker_format_passes(tmp_path: Path) -> None:
    conformance.check_tracker_format(JSON_TRACKER, tmp_path, edit=_type_json, max_examples=30)


def test_a_tracker_format_that_hides_what_it_could_not_read_is_caught(tmp_path: Path) -> None:
    def hiding(path: Path, packs: PackSet) -> TrackerReading:
        return attrs.evolve(_read_json(path, packs), problems=())

    quiet = attrs.evolve(JSON_TRACKER, name="quiet", read=hiding)
    with pytest.raises(AssertionError, match=r"quiet: problems \[\], where read_entries has \["):
        conformance.check_tracker_format(quiet, tmp_path, edit=_type_json, max_examples=60)


def test_a_tracker_format_that_names_cells_wrongly_is_caught(tmp_path: Path) -> None:
    def elsewhere(path: Path, recommendation: str, column: str, text: str) -> str:
        return "Z99" if _type_json(path, recommendation, column, text) else ""

    with pytest.raises(AssertionError, match=r"json: problem .* names cell 'row \d+, \w+', not 'Z99'"):
        conformance.check_tracker_format(JSON_TRACKER, tmp_path, edit=elsewhere, max_examples=30)


# -- installed plugins -----------------------------------------------------------------------------------


def test_a_plugin_that_is_not_installed_is_named() -> None:
    with pytest.raises(AssertionError, match="no_such_plugin: no plugin of that name is installed"):
        conformance.check_plugin("no_such_plugin")


def test_the_documented_example_plugin_passes_the_kit_and_mypy_strict(
    anytown_installed: Path, tmp_path: Path
) -> None:
    """docs/plugins.md's Anytown plugin, installed as pip would, is what the docs say it is."""
    offers = conformance.check_plugin("anytown")
    conformance.check_exporter(offers.exporters["anytown"], tmp_path)  # kinds declared by the exporter
    plugin = anytown_installed / "anytown_fosterkit" / "plugin.py"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(plugin)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_signatures_on_the_conformance_page_are_the_kits() -> None:
    import inspect

    page = (Path(__file__).resolve().parents[1] / "docs" / "conformance.md").read_text(encoding="utf-8")
    block = page.split("## Signatures", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    for name in re.findall(r"^def (\w+)\(", block, re.M):
        documented = re.search(rf"^def {name}\((.*?)\) -> (.*?): \.\.\.$", block, re.M | re.S)
        assert documented is not None, name
        signature = inspect.signature(getattr(conformance, name))
        params = [str(p).replace("'", "") for p in signature.parameters.values()]
        shown = [p.strip().rstrip(",") for p in documented.group(1).strip().splitlines() if p.strip() != "*,"]
        assert shown == params, name
        assert documented.group(2) == str(signature.return_annotation).replace("'", ""), name
