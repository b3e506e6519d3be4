"""Every command that produces a result takes ``--json``, and then prints only JSON.

:data:`CASES` lists every sub-command the command line has (found from ``--help``, so a new
command fails :func:`test_every_command_is_listed` until it is added here): either the
arguments that run it with ``--json`` and what its JSON is, or why it has no ``--json``.
Commands that write files share one shape: ``command``, ``wrote`` (each file's ``path`` and
``what``), ``summary``, ``notes`` and ``warnings``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import attrs
import pytest

from fosterkit.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
RECORDS = str(EXAMPLES / "records.jsonl")
#: The keys of the shape every command that writes files gives.
SHAPE = {"command", "wrote", "summary", "notes", "warnings"}


@attrs.frozen
class Case:
    """How to run one command with ``--json``: ``shape`` for the common shape of commands that write."""

    argv: tuple[str, ...]
    shape: bool = False
    codes: tuple[int, ...] = (0,)
    """Exit statuses that are a result (``check`` commands exit 1 on a problem found)."""


@attrs.frozen
class NoJson:
    """A command with no ``--json``, and why."""

    why: str


def _case(*argv: str, shape: bool = False, codes: tuple[int, ...] = (0,)) -> Case:
    return Case(argv, shape, codes)


CASES: dict[str, Case | NoJson] = {
    "catalogue": _case("catalogue", "--json"),
    "questions": _case("questions", "--json"),
    "coverage": _case("coverage", "--json"),
    "links": _case("links", "--json"),
    "taxonomy": _case("taxonomy", "--json"),
    "taxonomy check": NoJson(
        "validates a file: the exit status is the result (in cli/__init__.py, being moved elsewhere)"
    ),
    "checklist": _case("checklist", "--json"),
    "plugins": _case("plugins", "--json", codes=(0, 1)),
    "export": _case("export", RECORDS, "--to", "jsonl", "--out", "{out}/e.jsonl", "--json", shape=True),
    "audit-workbook": _case("audit-workbook", "{out}/a.xlsx", "--records", RECORDS, "--json", shape=True),
    "audit-read": _case("audit-read", "{work}/audit.xlsx", "--json"),
    "tracker new": _case(
        "tracker", "new", "--pack", "stocktake-2018", "--out", "{out}/t.xlsx", "--json", shape=True
    ),
    "tracker check": _case("tracker", "check", "{work}/tracker.xlsx", "--json"),
    "tracker export": _case(
        "tracker", "export", "{work}/tracker.xlsx", "--out", "{out}/t.csv", "--json", shape=True
    ),
    "import": _case(
        "import",
        "{work}/leavers.csv",
        "--mapping",
        "{work}/leavers-mapping.toml",
        "--out",
        "{out}/imported.jsonl",
        "--json",
        codes=(0, 1),
    ),
    "mapping init": _case(
        "mapping", "init", "{work}/leavers.csv", "--out", "{out}/m.toml", "--json", shape=True
    ),
    "mapping check": _case("mapping", "check", "{work}/leavers-mapping.toml", "{work}/leavers.csv", "--json"),
    "publish": _case("publish", RECORDS, "--out", "{out}/p.csv", "--json", shape=True),
    "report": _case("report", RECORDS, "--out", "{out}/r.xlsx", "--json", shape=True),
    "share": _case(
        "share", RECORDS, "--out", "{out}/s.jsonl", "--key-file", "{work}/key", "--json", shape=True
    ),
    "check": _case("check", RECORDS, "--json"),
    "process due": _case("process", "due", RECORDS, "--today", "20/03/2026", "--json"),
    "process metrics": _case("process", "metrics", RECORDS, "--json"),
    "process check": _case("process", "check", RECORDS, "--today", "20/03/2026", "--json", codes=(0, 1)),
    "register new": _case("register", "new", "{out}/reg.xlsx", "--from", RECORDS, "--json", shape=True),
    "register read": _case("register", "read", "{work}/register.xlsx", "--out", "{out}/b.jsonl", "--json"),
    "letter": _case(
        "letter",
        "offer",
        "--record",
        "DEP-001",
        "--from",
        RECORDS,
        "--out",
        "{out}/l.docx",
        "--json",
        shape=True,
    ),
    "discussion-guide": _case("discussion-guide", "--out", "{out}/g.docx", "--json", shape=True),
    "templates": _case("templates", "--out", "{out}/pack.toml", "--json", shape=True),
    "offer gaps": _case("offer", "gaps", "--from", "{work}/offer.toml", "--json"),
    "offer check": _case("offer", "check", "--from", "{work}/offer.toml", "--json"),
}


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def _listed(text: str) -> list[str]:
    """The sub-command names a ``--help`` text lists under its positional arguments."""
    section = text.split("positional arguments:", 1)[-1].split("\noptions:", 1)[0]
    return re.findall(r"^ {4}([a-z][a-z0-9-]*)(?: |$)", section, re.MULTILINE)


def _runs_alone(text: str) -> bool:
    """Whether a command with actions also runs without one: it has options of its own beside --help."""
    options = text.split("\noptions:", 1)[-1]
    return bool(re.search(r"^ {2}--(?!help)", options, re.MULTILINE))


def _commands(capsys: pytest.CaptureFixture[str]) -> list[str]:
    found = []
    for name in _listed(_help(capsys)):
        text = _help(capsys, name)
        actions = [f"{name} {action}" for action in _listed(text)]
        found.extend([name, *actions] if not actions or _runs_alone(text) else actions)
    return found


def test_every_command_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _commands(capsys)
    assert len(commands) > 25  # the help was read
    missing = [name for name in commands if name not in CASES]
    assert missing == [], f"add these commands to CASES, with --json or a reason why not: {missing}"
    assert sorted(CASES) == sorted(commands)  # and none listed that is gone


@pytest.mark.parametrize("name", sorted(CASES))
def test_help_says_json_exactly_where_the_table_does(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    has = "--json" in _help(capsys, *name.split())
    assert has is isinstance(CASES[name], Case)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Inputs the commands read: examples, a key, and a register, audit workbook and tracker."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("leavers.csv", "leavers-mapping.toml", "offer.toml"):
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "key").write_bytes(
        bytes.fromhex("db52918c84eff03429c48c01584d77c050c18a52dfd7806944f108c9666d9214")
    )
    (folder / "key").chmod(0o600)
    made = [
        ["register", "new", str(folder / "register.xlsx"), "--from", RECORDS],
        ["audit-workbook", str(folder / "audit.xlsx")],
        ["tracker", "new", "--pack", "stocktake-2018", "--out", str(folder / "tracker.xlsx")],
    ]
    for argv in made:
        assert main(argv) == 0
    return folder


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if isinstance(case, Case)))
def test_json_is_all_that_goes_to_standard_output(
    name: str, work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    assert isinstance(case, Case)
    capsys.readouterr()
    argv = [part.format(work=work, out=tmp_path) for part in case.argv]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in case.codes, err
    data = json.loads(out)  # the whole of standard output is one JSON document
    assert isinstance(data, dict | list)
    if not case.shape:
        return
    assert isinstance(data, dict)
    assert set(data) >= SHAPE
    assert data["command"] == name
    assert data["wrote"], "a command that writes says what it wrote"
    for written in data["wrote"]:
        assert set(written) == {"path", "what"}
        assert Path(written["path"]).exists() or (tmp_path / written["path"]).exists()
        assert written["what"]
        assert "_" not in written["what"]
    assert isinstance(data["summary"], dict)
    assert all(isinstance(line, str) for line in [*data["notes"], *data["warnings"]])


def test_warnings_are_in_the_json_and_still_on_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.json"
    period = "01/05/2026..31/05/2026"  # not a reporting period: allowed with a warning
    code = main(
        ["publish", RECORDS, "--out", str(out), "--json", "--no-log", "--period", period, "--any-period"]
    )
    printed, err = capsys.readouterr()
    assert code == 0
    data = json.loads(printed)
    assert data["warnings"], err
    assert all(f"fosterkit: warning: {warning}" in err for warning in data["warnings"])
    assert data["wrote"] == [{"path": str(out), "what": "aggregate tables"}]


def test_without_json_the_same_notes_are_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.csv"
    assert main(["publish", RECORDS, "--out", str(out), "--no-log", "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert main(["publish", RECORDS, "--out", str(out), "--no-log", "--force"]) == 0
    assert capsys.readouterr().out.splitlines() == notes
