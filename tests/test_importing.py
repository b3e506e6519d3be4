from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import attrs
import pytest

from fosterkit.adapters.importing import import_source, open_source
from fosterkit.adapters.jsonl import read_jsonl, write_jsonl
from fosterkit.adapters.jsonl_plugin import read_json_rows
from fosterkit.adapters.packs import parse_mapping_toml
from fosterkit.errors import SourceError
from fosterkit.imports.mapping import MappingError
from fosterkit.imports.rows import MappedRow, RejectedRow
from fosterkit.plugins import hookimpl, make_plugin_manager
from fosterkit.plugins.contracts import SourceReader
from fosterkit.records import Departure

MAPPING_TEXT = """
schema_version = 1
[source]
ignore = ["name"]
[records.departure]
id = "ref"
household_id = "hh"
notice_on = "notice"
leaving_on = "left"
route = { column = "route", values = { RES = "resignation", RET = "retirement" } }
initiated_by = { default = "carer" }
stated_reasons = { columns = ["reasons"], values = { RET = "personal.retirement" } }
"""
MAPPING = parse_mapping_toml(MAPPING_TEXT, source="map.toml")


class _JsonOnly:
    """The core's JSON Lines reader alone, so these tests need no plugin distribution."""

    @hookimpl
    def fosterkit_source_readers(self) -> list[SourceReader]:
        return [
            SourceReader(name="jsonl", suffixes=(".jsonl",), description="rows", read_rows=read_json_rows)
        ]


PLUGINS = make_plugin_manager(load_entrypoints=False, defaults=False, extra=[("json", _JsonOnly())])


def ids(records: list[object]) -> list[str]:
    return [r.id for r in records if isinstance(r, Departure)]


def leaver(ref: str, **changes: Any) -> dict[str, Any]:
    row = {
        "ref": ref,
        "hh": f"H{ref}",
        "name": "Siân Ŵyn",
        "notice": "01/02/2024",
        "left": "01/03/2024",
        "route": "RET",
        "reasons": ["RET"],
    }
    row.update(changes)
    return row


def write_source(path: Path, rows: list[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(source: Path, out: Path, **kwargs: Any) -> Any:
    return import_source(source, MAPPING, out=out, plugins=PLUGINS, **kwargs)


def test_first_import_counts_and_keeps_every_row(tmp_path: Path) -> None:
    source = write_source(
        tmp_path / "leavers.jsonl",
        [leaver("D1"), leaver("D2", left="31/02/2024", reasons=["RETD"]), "not json", "", leaver("D3")],
    )
    result = run(source, tmp_path / "out.jsonl")
    assert (result.rows, result.accepted, result.rejected, result.duplicates) == (4, 2, 2, 0)
    assert (result.new, result.updated, result.unchanged) == (2, 0, 0)
    assert ids(read_jsonl(tmp_path / "out.jsonl")) == ["D1", "D3"]
    assert result.rejects == str(tmp_path / "out.rejects.jsonl")
    rejects = [json.loads(line) for line in Path(result.rejects).read_text(encoding="utf-8").splitlines()]
    assert rejects[0]["fosterkit_row"] == 2
    assert rejects[0]["name"] == "Siân Ŵyn"
    assert rejects[0]["fosterkit_problems"] == [
        "`31/02/2024` in column `left` is not a date (February 2024 has no day 31)",
        "code `RETD` in column `reasons` is not mapped — did you mean `RET`?",
    ]
    assert rejects[1] == {
        "fosterkit_row": 3,
        "fosterkit_problems": ["the row could not be read: not valid JSON (Expecting value at column 1)"],
        "fosterkit_text": "not json",
    }
    assert [p.row for p in result.problems] == [2, 2, 3]
    assert "accepted 2, rejected 2" in result.summary()


def test_importing_the_same_source_again_changes_nothing(tmp_path: Path) -> None:
    source = write_source(tmp_path / "s.jsonl", [leaver("D1"), leaver("D2")])
    out = tmp_path / "out.jsonl"
    run(source, out)
    before = out.read_bytes()
    again = run(source, out)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert out.read_bytes() == before


def test_a_changed_row_updates_its_record_in_place_and_other_records_stay(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run(write_source(tmp_path / "a.jsonl", [leaver("D1"), leaver("D2")]), out)
    first = read_jsonl(out)[0]
    assert isinstance(first, Departure)
    from_elsewhere = attrs.evolve(first, id="X9")
    write_jsonl([from_elsewhere, *read_jsonl(out)], out)
    source = write_source(tmp_path / "b.jsonl", [leaver("D1", left="05/03/2024"), leaver("D4")])
    # Without --update the changed row is a conflict: rejected, with both values, and D1 kept as it was.
    result = run(source, out)
    assert (result.new, result.updated, result.unchanged, result.conflicts) == (1, 0, 0, 1)
    (problem,) = result.problems
    assert problem.message.startswith("departure `D1` is already in ")
    assert '"2024-03-05" here' in problem.message
    assert " in the file, " in problem.message
    assert str(read_jsonl(out)[1].leaving_on) != "2024-03-05"  # type: ignore[attr-defined]
    assert "D1" in (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8")
    result = run(source, out, update=True)
    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    assert [(c.kind, c.id, c.fields) for c in result.changed] == [("departure", "D1", ("leaving_on",))]
    assert "records changed by --update (1):\n    departure D1: leaving_on" in result.summary()
    records = read_jsonl(out)
    assert ids(records) == ["X9", "D1", "D2", "D4"]
    assert isinstance(records[1], Departure)
    assert str(records[1].leaving_on) == "2024-03-05"


def test_duplicates_and_conflicts_within_one_source(tmp_path: Path) -> None:
    rows: list[dict[str, Any] | str] = [leaver("D1"), leaver("D1"), leaver("D1", left="02/03/2024")]
    result = run(write_source(tmp_path / "s.jsonl", rows), tmp_path / "out.jsonl")
    assert (result.accepted, result.duplicates, result.rejected, result.conflicts) == (1, 1, 1, 1)
    (problem,) = result.problems
    assert problem.row == 3
    assert problem.message == (
        "departure `D1` was already given by row 1 with other values; correct one of the two rows"
    )
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 1


def test_strict_writes_nothing_when_a_row_fails(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    result = run(
        write_source(tmp_path / "s.jsonl", [leaver("D1"), leaver("D2", route="X")]), out, strict=True
    )
    assert not result.written
    assert result.rejects is None
    assert out.read_text(encoding="utf-8") == ""
    assert not (tmp_path / "out.rejects.jsonl").exists()
    assert "nothing written" in result.summary()
    fine = run(write_source(tmp_path / "t.jsonl", [leaver("D1")]), out, strict=True)
    assert fine.written
    assert fine.ok


def test_fixed_rejects_import_again_with_the_same_mapping(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = run(write_source(tmp_path / "s.jsonl", [leaver("D1"), leaver("D2", route="RESS")]), out)
    assert first.rejects is not None
    rejects = Path(first.rejects)
    fixed = rejects.read_text(encoding="utf-8").replace('"RESS"', '"RES"')
    (tmp_path / "fixed.jsonl").write_text(fixed, encoding="utf-8")
    second = run(tmp_path / "fixed.jsonl", out, rejects=tmp_path / "fixed.rejects.jsonl")
    assert (second.accepted, second.rejected, second.new) == (1, 0, 1)
    assert ids(read_jsonl(out)) == ["D1", "D2"]
    assert (tmp_path / "fixed.rejects.jsonl").read_text(encoding="utf-8") == ""


def test_an_output_file_that_is_not_records_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(SourceError, match="has a line that is not a record"):
        run(write_source(tmp_path / "s.jsonl", [leaver("D1")]), out)
    assert out.read_text(encoding="utf-8") == "{broken\n"


def test_a_missing_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nothing\.jsonl: no such file"):
        run(tmp_path / "nothing.jsonl", tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


def test_the_reader_is_chosen_by_format_or_suffix_and_its_options_are_checked(tmp_path: Path) -> None:
    source = write_source(tmp_path / "s.txt", [leaver("D1")])
    with pytest.raises(MappingError, match=r"no source reader for \.txt: set format under \[source\]"):
        run(source, tmp_path / "out.jsonl")
    named = parse_mapping_toml(
        MAPPING_TEXT.replace("[source]", '[source]\nformat = "jsonl"'), source="m.toml"
    )
    result = import_source(source, named, out=tmp_path / "out.jsonl", plugins=PLUGINS)
    assert result.accepted == 1
    wrong = parse_mapping_toml(MAPPING_TEXT.replace("[source]", '[source]\nformat = "xml"'))
    with pytest.raises(MappingError, match="no source reader 'xml' \\(installed: jsonl\\)"):
        import_source(source, wrong, out=tmp_path / "out.jsonl", plugins=PLUGINS)
    option = parse_mapping_toml(MAPPING_TEXT.replace("[source]", '[source]\nencoding = "cp1252"'))
    with pytest.raises(MappingError, match="reader 'jsonl': unknown option 'encoding'"):
        import_source(tmp_path / "s.jsonl", option, out=tmp_path / "out.jsonl", plugins=PLUGINS)


def test_open_source_maps_without_writing(tmp_path: Path) -> None:
    source = write_source(tmp_path / "s.jsonl", [leaver("D1"), leaver("D2", hh="")])
    table = open_source(source, MAPPING, plugins=PLUGINS)
    first, second = list(table.rows)
    assert isinstance(first, MappedRow)
    assert isinstance(second, RejectedRow)
    assert second.problems[0].message == "column `hh` is empty, and household_id is required"
    assert list(tmp_path.iterdir()) == [source]


def test_progress_is_reported_every_thousand_rows(tmp_path: Path) -> None:
    source = write_source(tmp_path / "s.jsonl", [leaver(f"D{n}") for n in range(2500)])
    seen: list[int] = []
    result = run(source, tmp_path / "out.jsonl", progress=seen.append)
    assert seen == [1000, 2000]
    assert result.new == 2500


def _peak(rows: int, folder: Path) -> int:
    source = write_source(folder / f"s{rows}.jsonl", [leaver(f"D{n}") for n in range(rows)])
    tracemalloc.start()
    try:
        run(source, folder / f"out{rows}.jsonl")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_rows(tmp_path: Path) -> None:
    _peak(50, tmp_path)  # loads and caches what every import uses (the taxonomy, say)
    small = _peak(200, tmp_path)
    large = _peak(2_000, tmp_path)
    # Keeping each record, or even each id, would add well over 100 bytes a row.
    assert large < small + 100 * 1024, (small, large)


def test_an_output_in_a_missing_folder_is_refused_before_reading(tmp_path: Path) -> None:
    source = write_source(tmp_path / "s.jsonl", [leaver("D1")])
    with pytest.raises(SourceError, match="does not exist"):
        run(source, tmp_path / "missing" / "out.jsonl")
    with pytest.raises(SourceError, match="does not exist"):
        run(source, tmp_path / "out.jsonl", rejects=tmp_path / "missing" / "r.jsonl")
    assert not (tmp_path / "out.jsonl").exists()
