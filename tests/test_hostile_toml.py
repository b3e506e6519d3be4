"""Hostile TOML files and absurd cost and policy figures fail cleanly, naming the file and field.

Every TOML reader (packs, taxonomies, extensions, checklists, policies, mappings, headings, cost
assumptions) goes through one parser, so each hostile file is tried against each reader.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters import packs
from fosterkit.adapters.packs import (
    MOST_POLICY_LIMIT,
    load_catalogue_file,
    load_checklist_file,
    load_cost_file,
    load_extension_file,
    load_headings_file,
    load_mapping_file,
    load_policy_file,
    load_taxonomy_file,
    load_taxonomy_or_extension_file,
    parse_cost_toml,
    parse_policy_toml,
)
from fosterkit.adapters.toml_files import MAX_KEY_PARTS, MAX_TOML_BYTES
from fosterkit.analysis.cost import MOST, CostAssumptions, cost_assumptions_from_dict
from fosterkit.errors import ProblemsError, StructureError

DEEP = 100_000
LONG_KEY = f"nested too deeply: a dotted key of more than {MAX_KEY_PARTS} parts"

READERS: list[Callable[[Path], Any]] = [
    load_catalogue_file,
    load_taxonomy_file,
    load_extension_file,
    load_taxonomy_or_extension_file,
    load_checklist_file,
    load_policy_file,
    load_mapping_file,
    load_headings_file,
    load_cost_file,
]

HOSTILE = {
    "deep array": (
        "# comment [[[\nok = '[[[['\na = " + "[" * DEEP + "]" * DEEP + "\n",
        "line 3: a: nested too deeply to read (more than 64 levels)",
    ),
    "deep inline table": (
        "[t]\nb.c = " + "{b = " * DEEP + "1" + "}" * DEEP + "\n",
        "line 2: b.c: nested too deeply to read (more than 64 levels)",
    ),
    "deep array over lines": (
        'x = """\n[[[\n"""\na = [\n' + "[\n" * DEEP + "]\n" * DEEP + "]\n",
        "line 4: a: nested too deeply to read (more than 64 levels)",
    ),
    "long dotted key": (
        "\n" + ".".join(["a"] * DEEP) + " = 1\n",
        f"line 2: a.a.a.a.a.a.a.a.a.a.a.a...: {LONG_KEY}",
    ),
    "deep table header": (
        "[" + ".".join(['"q"'] * DEEP) + "]\nx = 1\n",
        f'line 1: "q"."q"."q"."q"."q"."q"...: {LONG_KEY}',
    ),
    "many digits": (
        "x = 1\ny = " + "1" * 6000 + "\n",
        "line 2: y: a number of 6,000 digits, too many to read",
    ),
    "many digits in an array": (
        "x = [\n  1,\n  " + "1_0" * 3000 + "]\n",
        "line 3: x: a number of 6,000 digits, too many to read",
    ),
}


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("hostile", HOSTILE, ids=str)
def test_every_toml_reader_refuses_hostile_files_naming_the_file(
    tmp_path: Path, reader: Callable[[Path], Any], hostile: str
) -> None:
    text, message = HOSTILE[hostile]
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        reader(path)
    (problem,) = caught.value.problems
    assert caught.value.source == str(path)
    assert problem.describe() == message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_every_toml_reader_refuses_a_file_too_large(tmp_path: Path, reader: Callable[[Path], Any]) -> None:
    path = tmp_path / "large.toml"
    path.write_text("# padding\n" * (MAX_TOML_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(ProblemsError, match="larger than 1 MB"):
        reader(path)


@given(parts=st.integers(min_value=MAX_KEY_PARTS + 1, max_value=5_000), spaced=st.booleans())
def test_any_dotted_key_longer_than_the_most_is_refused(parts: int, spaced: bool) -> None:
    key = (" . " if spaced else ".").join(["k"] * parts)
    with pytest.raises(StructureError, match="a dotted key of more than"):
        parse_cost_toml(f"{key} = 1\n", source="c.toml")


def test_a_dotted_key_of_the_most_parts_is_read() -> None:
    key = ".".join(["k"] * MAX_KEY_PARTS)
    with pytest.raises(StructureError, match="unknown assumption 'k'"):
        parse_cost_toml(f"{key} = 1\nrecruit_and_approve = 1\nweeks_to_replace = 1\n", source="c.toml")


def test_the_built_in_files_are_within_the_limits() -> None:
    data = resources.files("fosterkit").joinpath("data")
    parsers: dict[str, Callable[..., object]] = {
        "catalogues": packs.parse_catalogue_toml,
        "taxonomies": packs.parse_taxonomy_toml,
        "checklists": packs.parse_checklist_toml,
        "headings": packs.parse_headings_toml,
    }
    for folder, parse in parsers.items():
        files = [f for f in data.joinpath(folder).iterdir() if f.name.endswith(".toml")]
        assert files, folder
        for file in files:
            text = file.read_text(encoding="utf-8")
            assert len(text.encode()) < MAX_TOML_BYTES // 10
            assert parse(text, source=file.name)


# -- cost assumptions ------------------------------------------------------------------------

COST = "recruit_and_approve = 6500\nweeks_to_replace = 26\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("weeks_to_replace = 1e25", "weeks_to_replace: must be at most 520 weeks, got 1E+25"),
        ("weeks_to_replace = 521", "weeks_to_replace: must be at most 520 weeks, got 521"),
        ("weeks_to_replace = -1", "weeks_to_replace: must be at least 0, got -1"),
        ("weeks_to_replace = nan", "weeks_to_replace: expected a finite amount, got NaN"),
        ("weeks_to_replace = inf", "weeks_to_replace: expected a finite amount, got Infinity"),
        ("weekly_in_house = -inf", "weekly_in_house: expected a finite amount, got -Infinity"),
        ("weekly_agency = 100001", "weekly_agency: must be at most 100,000 pounds, got 100001"),
        (
            "weekly_agency = " + "9" * 4000,
            "weekly_agency: must be at most 100,000 pounds, got 1.000000E+4000",
        ),
        ('weekly_agency = "1e999999999"', "weekly_agency: must be at most 100,000 pounds, got 1E+999999999"),
        ("recruit_and_approve = 1_000_001", "recruit_and_approve: must be at most 1,000,000 pounds"),
        ("placements_per_household = 11", "placements_per_household: must be at most 10 placements, got 11"),
        ('weeks_to_replace = "0.' + "1" * 40 + '"', "weeks_to_replace: has more than 20 digits"),
    ],
)
def test_absurd_cost_figures_are_refused_naming_file_and_field(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = tmp_path / "cost.toml"
    key = line.split(" = ")[0]
    kept = "".join(f"{row}\n" for row in COST.splitlines() if not row.startswith(key))
    path.write_text(kept + line + "\n", encoding="utf-8")
    with pytest.raises(StructureError) as caught:
        load_cost_file(path)
    assert str(caught.value).startswith(f"{path}: invalid data: line {kept.count(chr(10)) + 1}: {expected}")
    assert "\n" not in str(caught.value)
    (problem,) = caught.value.problems
    assert problem.field == key


@given(name=st.sampled_from(sorted(MOST)), data=st.data())
def test_each_figure_is_accepted_up_to_its_bound_and_refused_beyond(name: str, data: st.DataObject) -> None:
    most = MOST[name]
    base: dict[str, Any] = {
        "recruit_and_approve": 1,
        "weeks_to_replace": 1,
        "weekly_in_house": 0,
        "weekly_agency": MOST["weekly_agency"],
    }
    within = data.draw(st.decimals(min_value="0.01", max_value=most, places=2))
    beyond = data.draw(st.decimals(min_value=most + Decimal("0.01"), max_value=most * 10**6, places=2))
    assert getattr(cost_assumptions_from_dict({**base, name: within}), name) == within
    with pytest.raises(StructureError, match=f"^invalid data: {name}: must be at most"):
        cost_assumptions_from_dict({**base, name: beyond})


def test_the_bounds_hold_for_assumptions_made_in_python() -> None:
    with pytest.raises(ValueError, match="weeks_to_replace: must be at most 520 weeks"):
        CostAssumptions(recruit_and_approve=1, weeks_to_replace=10**30)


# -- process policies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "offer_within_days = 99999999999999999999",
            "offer_within_days: must be at most 3650, got a number of 20 digits",
        ),
        (
            f"review_months = {MOST_POLICY_LIMIT + 1}",
            f"review_months: must be at most 3650, got {MOST_POLICY_LIMIT + 1}",
        ),
        ("stage_two_weeks = [1, 99999]", "stage_two_weeks: must be at most 3650, got 99999"),
    ],
)
def test_policy_limits_past_the_calendar_are_refused(text: str, expected: str) -> None:
    with pytest.raises(StructureError) as caught:
        parse_policy_toml(text, source="policy.toml")
    assert str(caught.value) == f"policy.toml: invalid data: line 1: {expected}"


def test_a_policy_limit_at_the_most_is_accepted() -> None:
    assert parse_policy_toml(f"feedback_within_days = {MOST_POLICY_LIMIT}").feedback_within_days == 3650


# -- the command line ------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fosterkit", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.mark.parametrize("hostile", HOSTILE, ids=str)
def test_the_command_line_exits_2_with_one_line_for_a_hostile_toml_file(tmp_path: Path, hostile: str) -> None:
    text, message = HOSTILE[hostile]
    path = tmp_path / "checklist.toml"
    path.write_text(text, encoding="utf-8")
    result = _run("checklist", "--file", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == f"fosterkit: {path}: invalid checklist: {message}\n"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("weeks_to_replace = 1e25", "weeks_to_replace"),
        ("weeks_to_replace = 2\nweekly_agency = nan", "weekly_agency"),
    ],
)
def test_report_with_absurd_costs_exits_2_and_writes_nothing(tmp_path: Path, line: str, field: str) -> None:
    cost = tmp_path / "cost.toml"
    cost.write_text("recruit_and_approve = 6500\n" + line + "\n", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text("", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    result = _run("report", "--cost", str(cost), "--out", str(out), str(records))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line_of_field = ("recruit_and_approve = 6500\n" + line).count("\n") + 1
    assert result.stderr.startswith(f"fosterkit: {cost}: invalid data: line {line_of_field}: {field}: ")
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_process_with_a_policy_past_the_calendar_exits_2(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("offer_within_days = 99999999999999999999\n", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text("", encoding="utf-8")
    result = _run("process", "due", "--today", "2026-01-01", "--policy", str(policy), str(records))
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"fosterkit: {policy}: invalid data: line 1: offer_within_days: must be at most"
    )
