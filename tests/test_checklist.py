"""The checklist for leaving carers: built-in data, routes, the letter, loading errors, the command."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.packs import (
    DEFAULT_CHECKLIST,
    builtin_checklists,
    load_checklist,
    load_checklist_file,
    parse_checklist_toml,
)
from fosterkit.cli import main
from fosterkit.errors import ChecklistError, FieldError
from fosterkit.interviews.checklist import LETTER_WIDTH, Checklist, ChecklistItem, render_checklist
from fosterkit.records import Departure, LeavingRoute
from fosterkit.serial.forms import checklist_from_dict, checklist_to_dict
from fosterkit.testing.carers_strategies import departures
from fosterkit.testing.checklist_strategies import checklists

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "checklist.md"

ENDS_FOSTERING = [route for route in LeavingRoute if route is not LeavingRoute.TRANSFER]
TERMINATIONS = [route for route in LeavingRoute if route.ended_by_service]


@pytest.fixture(scope="module")
def checklist_text() -> str:
    return (
        resources.files("fosterkit")
        .joinpath("data", "checklists", "leaving-carers.toml")
        .read_text(encoding="utf-8")
    )


def ids(items: tuple[ChecklistItem, ...]) -> list[str]:
    return [item.id for item in items]


def _after(text: str, anchor: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` after ``anchor`` replaced by ``new``."""
    start = text.index(anchor)
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


# -- the built-in checklist ------------------------------------------------------------------


def test_builtin_is_listed_loaded_and_cached() -> None:
    assert DEFAULT_CHECKLIST in builtin_checklists()
    checklist = load_checklist()
    assert checklist is load_checklist(DEFAULT_CHECKLIST)
    assert checklist.id == "leaving-carers"
    assert checklist.version.strip()
    assert 8 <= len(checklist.items) <= 12


def test_unknown_builtin_names_the_available_ones() -> None:
    with pytest.raises(ChecklistError, match="leaving-carers"):
        load_checklist("no-such-checklist")


def test_every_item_has_a_unique_id_and_a_source() -> None:
    items = load_checklist().items
    assert len(set(ids(items))) == len(items)
    for item in items:
        assert item.source.strip(), item.id


def test_the_builtin_covers_what_a_leaving_carer_has_to_do() -> None:
    checklist = load_checklist()
    assert {
        "hmrc-self-employment-ended",
        "final-tax-return",
        "national-insurance",
        "insurers",
        "memberships-legal-cover",
        "final-payments",
        "benefits",
        "keep-records",
    } <= set(ids(checklist.items))
    assert "qualifying care relief" in checklist.item("final-tax-return").text
    assert "under 12" in checklist.item("national-insurance").text
    assert "legal" in checklist.item("memberships-legal-cover").text


def test_unconfirmed_items_ask_to_check_rather_than_state_a_rule() -> None:
    unconfirmed = [item for item in load_checklist().items if "unconfirmed" in item.source]
    assert len(unconfirmed) >= 5
    for item in unconfirmed:
        wording = f"{item.title} {item.text}"
        assert not re.search(r"\b(must|required|requirement|by law|legally)\b", wording, re.IGNORECASE), (
            item.id
        )


def test_item_lookup() -> None:
    checklist = load_checklist()
    assert checklist.item("benefits").title == "Check how leaving affects any benefits"
    with pytest.raises(KeyError, match="no checklist item 'nope'"):
        checklist.item("nope")


# -- routes --------------------------------------------------------------------------------------


def test_a_transfer_keeps_self_employment() -> None:
    transfer = ids(load_checklist().for_route(LeavingRoute.TRANSFER))
    for item_id in ("hmrc-self-employment-ended", "final-tax-return", "national-insurance", "insurers"):
        assert item_id not in transfer
    assert "tax-after-transfer" in transfer
    assert "new-service" in transfer
    assert "challenge-decision" not in transfer


@pytest.mark.parametrize("route", ENDS_FOSTERING, ids=lambda r: r.value)
def test_leaving_fostering_ends_self_employment(route: LeavingRoute) -> None:
    found = ids(load_checklist().for_route(route))
    assert found.index("hmrc-self-employment-ended") < found.index("final-tax-return")
    assert "national-insurance" in found
    assert "tax-after-transfer" not in found
    assert "new-service" not in found
    assert ("challenge-decision" in found) is route.ended_by_service


@pytest.mark.parametrize("route", list(LeavingRoute), ids=lambda r: r.value)
def test_every_route_gets_the_common_items(route: LeavingRoute) -> None:
    found = ids(load_checklist().for_route(route))
    assert {"final-payments", "benefits", "keep-records", "memberships-legal-cover"} <= set(found)


def test_a_route_given_as_text_is_refused_not_ignored() -> None:
    with pytest.raises(FieldError, match="expected a LeavingRoute, got 'transfer'"):
        load_checklist().for_route("transfer")  # type: ignore[arg-type]
    with pytest.raises(FieldError, match="LeavingRoute"):
        render_checklist(load_checklist(), "transfer")  # type: ignore[arg-type]


@given(departures())
def test_for_departure_is_for_its_route(departure: Departure) -> None:
    checklist = load_checklist()
    assert checklist.for_departure(departure) == checklist.for_route(departure.route)


@given(checklists(), st.sampled_from(LeavingRoute))
def test_for_route_is_an_ordered_subset_that_keeps_items_for_every_route(
    checklist: Checklist, route: LeavingRoute
) -> None:
    found = checklist.for_route(route)
    assert list(found) == [item for item in checklist.items if item in found]
    for item in checklist.items:
        if not item.routes or route in item.routes:
            assert item in found
        else:
            assert item not in found


# -- the domain rules ------------------------------------------------------------------------


def _checklist(*items: ChecklistItem) -> Checklist:
    return Checklist(id="c", title="Leaving", version="1", introduction="Read this.", items=items)


def _item(item_id: str, routes: tuple[LeavingRoute, ...] = ()) -> ChecklistItem:
    return ChecklistItem(id=item_id, title="Do it", text="Do it soon.", routes=routes)


def test_a_checklist_has_at_least_one_item() -> None:
    with pytest.raises(FieldError, match="at least one item"):
        _checklist()


def test_item_ids_are_unique() -> None:
    with pytest.raises(FieldError) as caught:
        _checklist(_item("a"), _item("b"), _item("b"))
    assert caught.value.field == "items[1].id"
    assert "'b' is used 2 times" in caught.value.message


def test_an_item_names_a_route_once() -> None:
    with pytest.raises(FieldError, match="listed more than once"):
        _item("a", (LeavingRoute.TRANSFER, LeavingRoute.TRANSFER))


def test_routes_are_leaving_routes() -> None:
    with pytest.raises(FieldError) as caught:
        ChecklistItem(id="a", title="t", text="x", routes=("transfer",))  # type: ignore[arg-type]
    assert caught.value.field == "routes[0]"


# -- the letter --------------------------------------------------------------------------------


def _numbers(lines: list[str]) -> list[int]:
    return [int(m.group(1)) for line in lines if (m := re.match(r"^ *(\d+)\. \S", line))]


def test_plain_text_letter() -> None:
    checklist = load_checklist()
    items = checklist.for_route(LeavingRoute.RESIGNATION)
    text = render_checklist(checklist, LeavingRoute.RESIGNATION, service="Anytown County Council")
    lines = text.splitlines()
    assert lines[0] == checklist.title
    assert lines[1] == "=" * len(checklist.title)
    assert lines[2] == "Anytown County Council"
    assert all(len(line) <= LETTER_WIDTH for line in lines)
    assert max(len(line) for line in lines) > 60  # wrapped near the width, not in short bits
    assert _numbers(lines) == list(range(1, len(items) + 1))
    for number, item in enumerate(items, start=1):
        assert f"{number}. {item.title}" in lines  # fewer than ten items: no padding
    assert "Keep sending your tax return" not in text
    assert "Help your records move" not in text
    assert lines[-1] == f"Checklist {checklist.id}, version {checklist.version}."
    assert not text.endswith("\n")


def test_every_item_without_a_route() -> None:
    checklist = load_checklist()
    text = render_checklist(checklist)
    assert _numbers(text.splitlines()) == list(range(1, len(checklist.items) + 1))
    assert "Anytown" not in text


def test_wrapping_keeps_every_word_in_order() -> None:
    checklist = load_checklist()
    text = render_checklist(checklist)
    collapsed = " ".join(text.split())
    for item in checklist.items:
        assert " ".join(item.text.split()) in collapsed, item.id
    assert " ".join(checklist.introduction.split()[:12]) in collapsed


def test_markdown_letter() -> None:
    checklist = load_checklist()
    items = checklist.for_route(LeavingRoute.TRANSFER)
    text = render_checklist(checklist, LeavingRoute.TRANSFER, markdown=True, service="Anytown County Council")
    lines = text.splitlines()
    assert lines[0] == f"# {checklist.title}"
    assert "*Anytown County Council*" in lines
    numbered = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert numbered == [f"{n}. **{item.title}**" for n, item in enumerate(items, start=1)]
    for item in items:
        assert f"   {' '.join(item.text.split())}" in lines
    assert lines[-1] == f"*Checklist `{checklist.id}`, version {checklist.version}.*"


def test_markdown_indents_item_text_under_two_digit_numbers() -> None:
    items = tuple(_item(f"i{n}") for n in range(1, 12))
    lines = render_checklist(_checklist(*items), markdown=True).splitlines()
    at = lines.index("10. **Do it**")
    assert lines[at + 2] == "    Do it soon."
    plain = render_checklist(_checklist(*items)).splitlines()
    assert " 9. Do it" in plain
    assert "10. Do it" in plain
    assert plain[plain.index("10. Do it") + 1] == "    Do it soon."


def test_paragraphs_stay_apart() -> None:
    item = ChecklistItem(id="a", title="Title", text="First   paragraph\nstill first.\n \nSecond.")
    lines = render_checklist(_checklist(item)).splitlines()
    at = lines.index("1. Title")
    assert lines[at + 1 : at + 4] == ["   First paragraph still first.", "", "   Second."]


def test_a_blank_service_name_is_refused() -> None:
    with pytest.raises(FieldError, match="service"):
        render_checklist(load_checklist(), service="  ")


def _in_order(expected: list[str], lines: list[str]) -> bool:
    remaining = iter(lines)
    return all(any(line == wanted for line in remaining) for wanted in expected)


@given(checklists(max_items=12), st.one_of(st.none(), st.sampled_from(LeavingRoute)), st.booleans())
def test_any_checklist_renders_deterministically(
    checklist: Checklist, route: LeavingRoute | None, markdown: bool
) -> None:
    text = render_checklist(checklist, route, markdown=markdown, service="Anytown")
    assert text == render_checklist(checklist, route, markdown=markdown, service="Anytown")
    items = checklist.items if route is None else checklist.for_route(route)
    lines = text.splitlines()
    if markdown:
        expected = [f"{n}. **{' '.join(item.title.split())}**" for n, item in enumerate(items, start=1)]
    else:
        assert all(len(line) <= LETTER_WIDTH for line in lines)
        width = len(str(len(items)))
        expected = [
            textwrap.wrap(" ".join(item.title.split()), LETTER_WIDTH, initial_indent=f"{n:>{width}}. ")[0]
            for n, item in enumerate(items, start=1)
        ]
    assert _in_order(expected, lines)


# -- serialised form and loading ----------------------------------------------------------------


def test_builtin_round_trips_through_dict_and_json() -> None:
    checklist = load_checklist()
    data = checklist_to_dict(checklist)
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == 1
    assert checklist_from_dict(data) == checklist
    assert checklist_from_dict(json.loads(json.dumps(data))) == checklist


@given(checklists())
def test_any_checklist_round_trips(checklist: Checklist) -> None:
    data = json.loads(json.dumps(checklist_to_dict(checklist)))
    again = checklist_from_dict(data)
    assert again == checklist
    assert checklist_to_dict(again) == checklist_to_dict(checklist)


def test_file_copy_loads_the_same(tmp_path: Path, checklist_text: str) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(checklist_text, encoding="utf-8")
    assert load_checklist_file(path) == load_checklist()


def test_a_bad_route_names_file_item_and_field(tmp_path: Path, checklist_text: str) -> None:
    text = _after(checklist_text, 'id = "final-tax-return"', 'routes = ["resignation"', 'routes = ["moved"')
    path = tmp_path / "ours.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(path)
    err = caught.value
    assert err.source == str(path)
    [problem] = err.problems
    assert load_checklist().items[2].id == "final-tax-return"
    assert (problem.path, problem.entry, problem.field) == (
        "items[2].routes[0]",
        "final-tax-return",
        "routes",
    )
    assert "'moved' is not one of 'resignation'" in problem.message
    message = str(err)
    assert message.startswith(f"{path}: invalid checklist: items[2].routes[0] (id 'final-tax-return')")


def test_unknown_keys_are_refused(checklist_text: str) -> None:
    text = checklist_text.replace("schema_version = 1\n", 'schema_version = 1\ncolour = "blue"\n', 1)
    text = _after(text, 'id = "benefits"', "source = ", 'sorce = "x"\nsource = ')
    with pytest.raises(ChecklistError) as caught:
        parse_checklist_toml(text, source="ours.toml")
    found = {(p.path, p.entry, p.field, p.message) for p in caught.value.problems}
    unexpected = "unexpected field (not part of this record)"
    assert found == {
        ("colour", "leaving-carers", "colour", unexpected),
        ("items[8].sorce", "benefits", "sorce", unexpected),
    }


def test_every_problem_is_listed_at_once(checklist_text: str) -> None:
    text = _after(checklist_text, 'id = "insurers"', 'title = "', 'titel = "')
    text = _after(text, 'id = "keep-records"', "text = ", "text = 3\nx = ")
    text = text.replace('version = "2026.1"', "version = 2026.1", 1)
    with pytest.raises(ChecklistError) as caught:
        parse_checklist_toml(text, source="ours.toml")
    found = {(p.path, p.entry) for p in caught.value.problems}
    assert ("version", "leaving-carers") in found
    assert ("items[5].title", "insurers") in found
    assert ("items[5].titel", "insurers") in found
    assert ("items[9].text", "keep-records") in found
    assert ("items[9].x", "keep-records") in found
    assert len(found) == 5
    assert "invalid checklist, 5 problems:" in str(caught.value)


def test_duplicate_item_ids_name_the_item(checklist_text: str) -> None:
    text = checklist_text.replace('id = "insurers"', 'id = "benefits"', 1)
    with pytest.raises(ChecklistError) as caught:
        parse_checklist_toml(text, source="ours.toml")
    [problem] = caught.value.problems
    assert (problem.path, problem.entry, problem.field) == ("items[5].id", "benefits", "id")
    assert "used 2 times" in problem.message


def test_an_empty_checklist_is_refused(checklist_text: str) -> None:
    head = checklist_text[: checklist_text.index("[[items]]")]
    with pytest.raises(ChecklistError, match=r"items \(id 'leaving-carers'\): required field is missing"):
        parse_checklist_toml(head, source="ours.toml")
    with pytest.raises(ChecklistError, match="at least one item"):
        parse_checklist_toml(head + "items = []\n", source="ours.toml")


def test_schema_version_is_required_and_checked(checklist_text: str) -> None:
    with pytest.raises(ChecklistError, match="schema_version: required field is missing"):
        parse_checklist_toml(checklist_text.replace("schema_version = 1\n", "", 1))
    with pytest.raises(ChecklistError, match="schema version 2 is not supported"):
        parse_checklist_toml(checklist_text.replace("schema_version = 1\n", "schema_version = 2\n", 1))


def test_bad_toml_and_unreadable_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist_toml('[[items]\nid = "x"\n', source="ours.toml")
    assert str(caught.value).startswith("ours.toml: invalid checklist: not valid TOML")
    assert "not valid TOML" in str(caught.value)
    missing = tmp_path / "missing.toml"
    with pytest.raises(ChecklistError, match=r"missing\.toml: no such file$") as caught:
        load_checklist_file(missing)
    assert caught.value.source == str(missing)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ChecklistError, match="not UTF-8 text"):
        load_checklist_file(binary)


# -- the command -------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_prints_the_letter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "checklist", "--route", "retirement", "--service", "Anytown County Council")
    assert (code, err) == (0, "")
    expected = render_checklist(load_checklist(), LeavingRoute.RETIREMENT, service="Anytown County Council")
    assert out == expected + "\n"


def test_command_prints_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checklist", "--markdown")
    assert code == 0
    assert out == render_checklist(load_checklist(), markdown=True) + "\n"
    assert out.startswith("# ")


def test_command_json_is_the_checklist_for_the_route(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checklist", "--json")
    assert code == 0
    assert checklist_from_dict(json.loads(out)) == load_checklist()
    code, out, _ = run(capsys, "checklist", "--json", "--route", "transfer")
    assert code == 0
    data = json.loads(out)
    assert [item["id"] for item in data["items"]] == ids(load_checklist().for_route(LeavingRoute.TRANSFER))
    assert checklist_from_dict(data).version == load_checklist().version


def test_command_reads_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, checklist_text: str
) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(checklist_text.replace('version = "2026.1"', 'version = "anytown-3"'), encoding="utf-8")
    code, out, _ = run(capsys, "checklist", "--file", str(path))
    assert code == 0
    assert out.rstrip().endswith("Checklist leaving-carers, version anytown-3.")


def test_command_broken_file_exits_2_naming_file_item_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, checklist_text: str
) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(
        _after(checklist_text, 'id = "final-tax-return"', 'routes = ["resignation"', 'routes = ["moved"'),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "checklist", "--file", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"fosterkit: {path}: invalid checklist")
    assert "items[2].routes[0]" in err
    assert "'final-tax-return'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--route", "moved"], "invalid choice"),
        (["--markdown", "--json"], "not allowed with argument"),
        (["--service", " "], "the service name must not be empty"),
    ],
)
def test_command_bad_options_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["checklist", *args])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


# -- the documentation -------------------------------------------------------------------------


def test_the_docs_copy_and_file_commands_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = DOC.read_text(encoding="utf-8")
    [copy] = [line for line in page.splitlines() if line.startswith("python -c ")]
    [use] = [line for line in page.splitlines() if line.startswith("fosterkit checklist --file ")]
    monkeypatch.chdir(tmp_path)
    command = shlex.quote(sys.executable) + copy.removeprefix("python")
    subprocess.run(command, shell=True, check=True, cwd=tmp_path)
    assert main(shlex.split(use)[1:]) == 0
    assert "Anytown County Council" in capsys.readouterr().out
    assert load_checklist_file(tmp_path / "our-checklist.toml") == load_checklist()


def test_the_toml_example_in_the_docs_loads() -> None:
    page = DOC.read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)
    checklist = parse_checklist_toml(example, source="docs/checklist.md")
    assert checklist.id == "anytown-leavers"
    assert ids(checklist.for_route(LeavingRoute.TRANSFER)) == ["final-payments"]
