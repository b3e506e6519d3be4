"""The documentation's command-line examples and pack example really work.

(`pycon` examples in the Markdown files run as doctests through pytest's --doctest-glob.)
"""

from __future__ import annotations

import contextlib
import datetime
import doctest
import functools
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from fosterkit import generate_audit_workbook, load_taxonomy, parse_catalogue_toml
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.packs import parse_policy_toml
from fosterkit.cli import main
from fosterkit.interviews import ExitProcess, ProcessPolicy

ROOT = Path(__file__).resolve().parents[1]
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]


def commands() -> list[tuple[str, list[str]]]:
    found = []
    for page in DOCS:
        for line in page.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^(?:\$ |\.venv/bin/)fosterkit (.*)$", line.strip())
            if match:
                found.append((f"{page.name}: {line.strip()}", shlex.split(match.group(1), comments=True)))
    return found


def test_the_docs_show_commands() -> None:
    assert len(commands()) >= 6


@pytest.mark.parametrize(("where", "args"), commands(), ids=[w for w, _ in commands()])
def test_documented_command_runs(
    where: str,
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pack_text: str,
    anytown_installed: Path,
) -> None:
    (tmp_path / "my-framework.toml").write_text(pack_text, encoding="utf-8")
    (tmp_path / "anytown.toml").write_text(_extension_example(), encoding="utf-8")
    (tmp_path / "our-policy.toml").write_text(_toml_example("process.md"), encoding="utf-8")
    write_jsonl([_worked_example_process()], tmp_path / "processes.jsonl")
    write_jsonl([_worked_example_process().departure], tmp_path / "departures.jsonl")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    if args[:2] != ["audit-workbook", "audit.xlsx"] or "--force" in args:  # a first run makes it
        generate_audit_workbook(
            tmp_path / "audit.xlsx", service="Anytown Fostering", today=datetime.date(2026, 11, 23)
        )
    monkeypatch.chdir(tmp_path)
    assert main(args) == 0, where
    assert capsys.readouterr().out


def test_the_pack_example_in_the_reference_loads() -> None:
    page = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)
    catalogue = parse_catalogue_toml(example, source="docs/catalogue.md")
    assert catalogue.pack.id == "my-framework"
    assert catalogue.coverage().count("R1") == 1


def _toml_example(name: str) -> str:
    page = (ROOT / "docs" / name).read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)
    return str(example)


def _extension_example() -> str:
    return _toml_example("taxonomy.md")


@functools.cache
def _worked_example_process() -> ExitProcess:
    """The process built by the worked example in docs/process.md, by running its code."""
    text = (ROOT / "docs" / "process.md").read_text(encoding="utf-8").split("## What is due")[0]
    names: dict[str, object] = {}
    for example in doctest.DocTestParser().get_examples(text):
        if "try:" in example.source:
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(example.source, "docs/process.md", "exec"), names)
    process = names["process"]
    assert isinstance(process, ExitProcess)
    return process


def test_the_policy_example_loads() -> None:
    policy = parse_policy_toml(_toml_example("process.md"), source="docs/process.md")
    assert policy != ProcessPolicy()


def test_the_taxonomy_table_matches_the_pack() -> None:
    taxonomy = load_taxonomy()
    page = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    page = page[page.index("## The built-in codes") :]
    rows = re.findall(r"^\| (?:\*\*)?`([a-z0-9_.]+)`(?:\*\*)? \| (.*) \|$", page, flags=re.MULTILINE)
    documented = {code: [cell.strip() for cell in rest.split("|")] for code, rest in rows}
    assert list(documented) == [r.code for r in taxonomy.walk()]
    leaves = {r.code for r in taxonomy.leaves()}
    for code, cells in documented.items():
        if code not in leaves:
            continue
        resolved = taxonomy.resolve(code)
        ssda903 = " ".join(filter(None, [resolved.ssda903_reason, "/".join(resolved.ssda903_ceased)]))
        assert resolved.influence is not None
        assert resolved.triage is not None
        expected = [
            resolved.label,
            resolved.national_category,
            ssda903,
            resolved.influence.value,
            resolved.triage.value,
            " ".join(resolved.addressed_by),
        ]
        assert cells == expected, code


def test_every_hook_has_a_reference_entry_matching_its_signature() -> None:
    import inspect

    from fosterkit.plugins import hookspecs

    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspecs) if name.startswith("fosterkit_")]
    assert hooks
    for name in hooks:
        signature = inspect.signature(getattr(hookspecs, name))
        params = ", ".join(
            f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
            for p in signature.parameters.values()
        )
        heading = f"### `{name}({params}) -> {signature.return_annotation}`"
        assert heading in page, heading
        # The section opens with the hook's docstring summary: hookspecs.py is the one source.
        summary = " ".join((inspect.getdoc(getattr(hookspecs, name)) or "").split("\n\n")[0].split())
        opening = " ".join(page.split(heading, 1)[1].strip().split("\n\n")[0].split())
        assert opening == summary.replace("``", "`"), name


def test_readme_marks_the_two_setup_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = re.search(r"<!-- ci:install -->\n```sh\n(.*)\n```", readme)
    test = re.search(r"<!-- ci:test -->\n```sh\n(.*)\n```", readme)
    assert install
    assert test
    assert "pytest" in test.group(1)
    main_job = install.group(1).rsplit("&&", 1)[1].strip()
    assert main_job.startswith(".venv/bin/fosterkit audit-workbook audit.xlsx")
    monkeypatch.chdir(tmp_path)
    assert main(shlex.split(main_job)[1:]) == 0
    assert (tmp_path / "audit.xlsx").stat().st_size > 0
