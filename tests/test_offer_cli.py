"""``fosterkit offer check`` and ``offer gaps``: faults by TOML line and field, and the gaps end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fosterkit.adapters.offer_files import offer_key_lines, parse_offer_toml
from fosterkit.adapters.packs import load_catalogue
from fosterkit.cli import main
from fosterkit.offer import OfferFormError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "offer.toml"
RECORDS = ROOT / "docs" / "examples" / "records.jsonl"

BAD = """\
carers = "40%"

[[programme]]
id = "group"
name = "Anytown carer wellbeing group"
kind = "locally_developed"
recommendations = ["R4", "R44"]
principles = ["KP9"]

[[programme]]
id = "group"
name = "Anytown group, listed again"
kind = "locally_developed"

[[figures]]
programme_id = "group"
period = "2025-26"
referred = 10
started = 0.4
completed = -1

[[figures]]
programme_id = "grup"
period = "2025-26"
referred = 10
started = 12
completed = 1

[[figures.outcomes]]
area = "carer_wellbeing"
measure = "a made-up scale"
scale = 70
"""

#: Each fault of BAD: its line, its TOML path, and words its message must hold.
FAULTS = [
    (1, "carers", "a percentage where a count is expected"),
    (7, "programme[0].recommendations[1]", "no recommendation 'R44'; did you mean 'R4'?"),
    (8, "programme[0].principles[0]", "no key principle 'KP9'"),
    (11, "programme[1].id", "listed 2 times"),
    (19, "figures[0].started", "a fraction where a count is expected"),
    (20, "figures[0].completed", "must be zero or more"),
    (23, "figures[1].programme_id", "which the offer does not list; did you mean 'group'?"),
    (32, "figures[1].outcomes[0].scale", "expected text"),
]


def test_every_fault_is_reported_at_once_by_line_and_field() -> None:
    with pytest.raises(OfferFormError) as caught:
        parse_offer_toml(BAD, catalogue=load_catalogue(), source="offer.toml")
    found = [(p.source, p.path, p.message) for p in caught.value.problems]
    assert len(found) == len(FAULTS)
    for (source, path, message), (line, want_path, words) in zip(found, FAULTS, strict=True):
        assert (source, path) == (f"line {line}", want_path)
        assert words in message


def test_offer_check_prints_one_line_per_fault_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "offer.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["offer", "check", "--from", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(FAULTS)
    assert out[1].startswith(f"{bad}: line 7: programme[0].recommendations[1] (id 'group'): ")


def test_offer_check_passes_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["offer", "check", "--from", str(EXAMPLE)]) == 0
    assert "no problems: 3 programmes, 3 sets of figures" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "words"),
    [("audit.xlsx", "audit.xlsx"), ("offer.txt", "an offer is read from .toml or .xlsx")],
)
def test_other_files_are_refused_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, words: str
) -> None:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    assert main(["offer", "gaps", "--from", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_file_exits_2_and_invalid_toml_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["offer", "check", "--from", str(tmp_path / "none.toml")]) == 2
    assert "none.toml: no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("carers = [", encoding="utf-8")
    assert main(["offer", "check", "--from", str(broken)]) == 1
    assert "not valid TOML" in capsys.readouterr().out


def test_gaps_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["offer", "gaps", "--from", str(EXAMPLE), "--records", str(RECORDS), "--period", "2025-26"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "R1 (strong evidence): no programme; 0 leavers in 2025-26 gave reasons R1 addresses."
    assert "R3 (good evidence): no programme; [c] leavers in 2025-26 gave reasons R3 addresses." in lines
    r4 = "R4 (good evidence): low completion: Anytown carer wellbeing group;"
    assert any(line.startswith(r4) for line in lines)
    assert "KP2: no programme." in lines


def test_gaps_json_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["offer", "gaps", "--from", str(EXAMPLE), "--records", str(RECORDS), "--period", "2025-26"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["carers"] == 120
    assert data["period"] == "2025-26"
    by_id = {gap["id"]: gap for gap in data["recommendations"]}
    assert set(by_id) == {f"R{n}" for n in range(1, 8)}
    r4 = by_id["R4"]
    assert r4["verdict"] == "low_completion"
    assert r4["grade"] == "good"
    assert r4["programmes"] == ["Anytown carer wellbeing group"]
    assert (r4["started"], r4["completed"]) == (22, 9)
    assert r4["reach"] == {"count": 22, "of": 120, "percent": pytest.approx(100 * 22 / 120)}
    assert r4["completion"]["count"] == 9
    assert r4["leavers"] == 8
    assert by_id["R3"]["leavers"] == "[c]"
    assert r4["line"].startswith("R4 (good evidence)")
    assert {p["id"] for p in data["principles"]} == {f"KP{n}" for n in range(1, 9)}


def test_gaps_without_records_leave_leavers_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["offer", "gaps", "--from", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] is None
    assert all(gap["leavers"] is None for gap in data["recommendations"])


def test_key_lines_number_nested_tables_within_their_parent() -> None:
    text = "[[figures]]\na = 1\n[[figures.outcomes]]\nb = 2\n[[figures]]\n[[figures.outcomes]]\nb = 3\n"
    lines = offer_key_lines(text)
    assert lines["figures[0].a"] == 2
    assert lines["figures[0].outcomes[0].b"] == 4
    assert lines["figures[1].outcomes[0].b"] == 7


def test_gaps_release_through_the_publication_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The leavers' counts are a release: with --log they agree with earlier releases and are kept."""
    log = tmp_path / "publication-log.json"
    records = ["--records", str(RECORDS), "--log", str(log)]
    publish = ["publish", str(RECORDS), "--out", str(tmp_path / "figures.csv"), "--period", "2025-26"]
    assert main([*publish, "--log", str(log)]) == 0
    published = len(json.loads(log.read_text(encoding="utf-8"))["releases"])
    capsys.readouterr()
    assert main(["offer", "gaps", "--from", str(EXAMPLE), *records, "--period", "2025-26", "--json"]) == 0
    shown = {gap["id"]: gap["leavers"] for gap in json.loads(capsys.readouterr().out)["recommendations"]}
    assert len(json.loads(log.read_text(encoding="utf-8"))["releases"]) == published + 1
    capsys.readouterr()
    assert main(["offer", "gaps", "--from", str(EXAMPLE), *records, "--period", "2025-26", "--json"]) == 0
    again = {gap["id"]: gap["leavers"] for gap in json.loads(capsys.readouterr().out)["recommendations"]}
    assert again == shown
