"""The fosterkit command: output for people, JSON for machines, exit 2 and no traceback on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fosterkit import load_catalogue
from fosterkit.cli import main
from fosterkit.serial import catalogue_from_dict


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_catalogue_lists_principles_recommendations_and_grades(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalogue")
    assert (code, err) == (0, "")
    for element in [*(f"KP{n} " for n in range(1, 9)), *(f"R{n} " for n in range(1, 8))]:
        assert f"  {element}" in out
    assert "Strong evidence" in out
    assert "Good evidence" in out
    assert "Promising evidence" in out
    assert "134 reflective questions (Assess 95, Plan 19, Do 7, Review 13)" in out


def test_catalogue_json_is_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalogue", "--json")
    assert code == 0
    assert catalogue_from_dict(json.loads(out)) == load_catalogue()


def test_questions_filters_combine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions", "--step", "assess", "--tag", "KP4", "--json")
    assert code == 0
    data = json.loads(out)
    expected = load_catalogue().find_questions(step="assess", tag="KP4")
    assert data["count"] == len(expected) == len(data["questions"])
    assert [q["id"] for q in data["questions"]] == [q.id for q in expected]
    for question in data["questions"]:
        assert question["step"] == "assess"
        assert "KP4" in question["touches"]


def test_questions_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions", "--step", "do")
    assert code == 0
    assert out.count("DO-STUCK-") == 7
    assert out.rstrip().endswith("7 questions")


def test_repeated_filters_match_either(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions", "--tag", "EDIE", "--tag", "R7", "--lens", "practice", "--json")
    assert code == 0
    ids = {q["id"] for q in json.loads(out)["questions"]}
    catalogue = load_catalogue()
    assert ids == {q.id for q in catalogue.find_questions(tag=["EDIE", "R7"], lens="practice")}
    assert ids


def test_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "coverage", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)["rows"]}
    assert rows["R7"]["questions"][-1] == "RV-REVIEW-13"
    assert rows["KP1"]["count"] == sum(rows["KP1"]["by_step"].values())
    code, out, _ = run(capsys, "coverage")
    assert "KP8" in out


def test_unknown_tag_exits_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "questions", "--tag", "KP9")
    assert code == 2
    assert out == ""
    assert "unknown tag 'KP9'" in err


def test_broken_pack_file_exits_2_naming_file_entry_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pack_text: str
) -> None:
    path = tmp_path / "local.toml"
    path.write_text(pack_text.replace('tags = ["KP1"]', 'tags = ["KP9"]', 1), encoding="utf-8")
    code, _, err = run(capsys, "catalogue", "--pack-file", str(path))
    assert code == 2
    assert str(path) in err
    assert "AS-KNOW-01" in err
    assert "tags" in err


@pytest.mark.parametrize(
    ("command", "content", "kind"),
    [
        (["questions", "--pack-file"], 'x = "unterminated', "catalogue pack"),
        (["questions", "--pack-file"], 'schema_version = 1\n[pack]\nid = "p"\n', "catalogue pack"),
        (["questions", "--pack-file"], "", "catalogue pack"),
        (["checklist", "--file"], 'schema_version = 1\nid = "x"\n', "checklist"),
    ],
)
def test_no_traceback_from_the_real_command(
    tmp_path: Path, command: list[str], content: str, kind: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "fosterkit", *command, str(path)],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"fosterkit: {path}: invalid {kind}")


def test_bad_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["questions", "--step", "later"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# -- fosterkit taxonomy ------------------------------------------------------------------------

EXTENSION = """schema_version = 1
name = "Anytown County Council"
extends = "reasons-2026"

[[reasons]]
code = "support.supervising_social_worker.duty_cover"
label = "Duty cover while the worker was away"

[[aliases]]
code = "personal.retirement"
names = ["RET", "Retired"]
"""


def test_taxonomy_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "taxonomy")
    assert code == 0
    assert "\nsupport  Support from the service\n" in out
    assert "  support.training  Training and learning\n" in out
    assert "national: retirement; SSDA903 CLOSE; influence no; thematic" in out
    assert "working list" in out


def test_taxonomy_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    from fosterkit import load_taxonomy
    from fosterkit.serial import taxonomy_from_dict

    code, out, _ = run(capsys, "taxonomy", "--json")
    assert code == 0
    assert taxonomy_from_dict(json.loads(out)) == load_taxonomy()


def test_taxonomy_with_a_local_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "anytown.toml"
    path.write_text(EXTENSION, encoding="utf-8")
    code, out, _ = run(capsys, "taxonomy", "--extension", str(path))
    assert code == 0
    assert "Extended by: Anytown County Council" in out
    assert "    support.supervising_social_worker.duty_cover  Duty cover" in out
    code, out, _ = run(capsys, "taxonomy", "check", str(path))
    assert code == 0
    assert "adds 1 code and 2 aliases to reasons-2026" in out


def test_taxonomy_check_lists_every_error_and_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "anytown.toml"
    broken = EXTENSION.replace(
        'names = ["RET", "Retired"]', 'names = ["RET", "Support from the service", "support"]'
    )
    broken += (
        '\n[[reasons]]\ncode = "support"\nlabel = "Ours"\n\n[[reasons]]\ncode = "x.y"\nlabel = "Orphan"\n'
    )
    path.write_text(broken, encoding="utf-8")
    code, out, err = run(capsys, "taxonomy", "check", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"fosterkit: {path}: invalid taxonomy, 3 problems:")
    assert "redefines a built-in code" in err
    assert "alias 'support' already names 'support'" in err
    assert "parent 'x' does not exist" in err


def test_taxonomy_check_of_a_whole_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from importlib import resources

    text = (
        resources.files("fosterkit")
        .joinpath("data", "taxonomies", "reasons-2026.toml")
        .read_text(encoding="utf-8")
    )
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "taxonomy", "check", str(path))
    assert code == 0
    assert "OK - taxonomy reasons-2026 with 61 codes, 48 leaves" in out
    path.write_text(
        text.replace('addressed_by = ["KP3", "R7"]', 'addressed_by = ["KP3", "R8"]'), encoding="utf-8"
    )
    code, _, err = run(capsys, "taxonomy", "check", str(path))
    assert code == 2
    assert "support.peer_support" in err
    assert "'R8'" in err
