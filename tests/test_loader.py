"""Loading packs: caching, and clear errors naming file, entry and field for broken packs."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from fosterkit import load_catalogue, parse_catalogue_toml
from fosterkit.adapters.packs import builtin_packs, load_catalogue_file
from fosterkit.errors import CatalogueError


def test_builtin_pack_is_listed_and_cached() -> None:
    assert "practice-guide-2026" in builtin_packs()
    assert load_catalogue() is load_catalogue("practice-guide-2026")


def test_unknown_builtin_pack_names_the_available_ones() -> None:
    with pytest.raises(CatalogueError, match="practice-guide-2026"):
        load_catalogue("no-such-pack")


def test_pack_file_round_trips_to_the_same_catalogue(tmp_path: Path, pack_text: str) -> None:
    path = tmp_path / "copy.toml"
    path.write_text(pack_text, encoding="utf-8")
    assert load_catalogue_file(path) == load_catalogue()


def _broken(pack_text: str, old: str, new: str, count: int = 1) -> str:
    assert old in pack_text, old
    return pack_text.replace(old, new, count)


def test_malformed_toml_names_the_file_and_line(pack_text: str) -> None:
    text = pack_text + '\n[[questions]\nid = "x"\n'
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    message = str(caught.value)
    assert message.startswith("local.toml: ")
    assert "not valid TOML" in message
    assert "line" in message


def test_unknown_tag_names_file_entry_and_field(pack_text: str) -> None:
    text = _broken(pack_text, 'tags = ["KP1"]', 'tags = ["KP9"]')
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    err = caught.value
    assert err.source == "local.toml"
    [problem] = err.problems
    assert (problem.entry, problem.field) == ("AS-KNOW-01", "tags")
    assert "'KP9'" in problem.message
    assert "local.toml" in str(err)
    assert "AS-KNOW-01" in str(err)


def test_duplicate_id_is_reported_once_with_its_entry(pack_text: str) -> None:
    text = _broken(pack_text, 'id = "AS-KNOW-02"', 'id = "AS-KNOW-01"')
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    [problem] = caught.value.problems
    assert (problem.entry, problem.field) == ("AS-KNOW-01", "id")
    assert "duplicate" in problem.message


def test_missing_field_names_entry_and_field(pack_text: str) -> None:
    start = pack_text.index('id = "KP3"')
    end = pack_text.index("how_senior_leaders", start)
    why_line = pack_text.index("why = ", start, end)
    text = pack_text[:why_line] + pack_text[pack_text.index("\n", why_line) + 1 :]
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    [problem] = caught.value.problems
    assert (problem.path, problem.entry, problem.field) == ("principles[2].why", "KP3", "why")
    assert problem.message == "required field is missing"


def test_all_problems_are_listed_at_once(pack_text: str) -> None:
    text = _broken(pack_text, 'tags = ["KP1"]', 'tags = ["KP9"]')
    text = _broken(text, 'id = "AS-KNOW-03"', 'id = "AS-KNOW-01"')
    text = _broken(text, 'lens = "practice"', 'lens = "frontline"')
    text = _broken(text, 'grade = "promising"\noutcome', 'grade = "weak"\noutcome')
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    fields = sorted((p.entry or "", p.field or "") for p in caught.value.problems)
    assert ("R7", "grade") in fields
    assert any(field == "lens" for _, field in fields)
    assert "invalid catalogue pack, " in str(caught.value)
    # structural problems are reported before consistency is checked, so all of these
    # were found in one pass
    assert len(caught.value.problems) == 2


def test_consistency_problems_are_all_listed(pack_text: str) -> None:
    text = _broken(pack_text, 'tags = ["KP1"]', 'tags = ["KP9"]')
    text = _broken(text, 'id = "AS-KNOW-03"', 'id = "AS-KNOW-01"')
    text = _broken(text, 'section = "knowing"', 'section = "knowing-you"')
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    found = {(p.entry, p.field) for p in caught.value.problems}
    assert found == {("AS-KNOW-01", "tags"), ("AS-KNOW-01", "id"), ("AS-KNOW-01", "section")}


def test_a_principle_no_question_reaches_is_an_error(pack_text: str) -> None:
    def retag(line: str) -> str:
        if not line.startswith("tags = "):
            return line
        tags = [t for t in ast.literal_eval(line.removeprefix("tags = ")) if t not in ("KP8", "ALL")]
        return "tags = " + json.dumps(tags)

    text = "\n".join(retag(line) for line in pack_text.splitlines())
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    assert [(p.entry, p.field) for p in caught.value.problems] == [("KP8", "id")]
    assert "not reached" in caught.value.problems[0].message


def test_unexpected_field_is_refused(pack_text: str) -> None:
    text = _broken(pack_text, 'id = "R2"\n', 'id = "R2"\ncolour = "blue"\n')
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    [problem] = caught.value.problems
    assert (problem.entry, problem.field) == ("R2", "colour")


def test_wrong_types_are_not_coerced(pack_text: str) -> None:
    text = _broken(pack_text, 'version = "2026.1"', "version = 2026")
    text = _broken(text, 'tags = ["KP1"]', 'tags = "KP1"')
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_toml(text, source="local.toml")
    messages = {p.path: p.message for p in caught.value.problems}
    assert messages == {
        "pack.version": "expected text, got integer",
        "questions[0].tags": "expected a list, got text",
    }


def test_schema_version_is_required_and_checked(pack_text: str) -> None:
    with pytest.raises(CatalogueError, match="schema version 9 is not supported"):
        parse_catalogue_toml(_broken(pack_text, "schema_version = 1", "schema_version = 9"), source="x.toml")
    with pytest.raises(CatalogueError, match="schema_version: required field is missing"):
        parse_catalogue_toml(_broken(pack_text, "schema_version = 1", ""), source="x.toml")


def test_unreadable_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"missing\.toml: no such file$"):
        load_catalogue_file(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "caf\xe9"'.encode("latin-1"))
    with pytest.raises(CatalogueError, match="not UTF-8"):
        load_catalogue_file(latin)


def test_a_failed_load_is_not_cached(tmp_path: Path, pack_text: str) -> None:
    path = tmp_path / "pack.toml"
    path.write_text(pack_text.replace('"KP1"', '"KP0"', 1), encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue_file(path)
    path.write_text(pack_text, encoding="utf-8")
    assert load_catalogue_file(path) == load_catalogue()
