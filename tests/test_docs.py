"""The documentation's command-line examples and pack example really work.

(`pycon` examples in the Markdown files run as doctests through pytest's --doctest-glob.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from fosterkit import parse_catalogue_toml
from fosterkit.cli import main

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
) -> None:
    (tmp_path / "my-framework.toml").write_text(pack_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(args) == 0, where
    assert capsys.readouterr().out


def test_the_pack_example_in_the_reference_loads() -> None:
    page = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)
    catalogue = parse_catalogue_toml(example, source="docs/catalogue.md")
    assert catalogue.pack.id == "my-framework"
    assert catalogue.coverage().count("R1") == 1


def test_readme_marks_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = re.search(r"<!-- ci:install -->\n```sh\n(.*)\n```", readme)
    test = re.search(r"<!-- ci:test -->\n```sh\n(.*)\n```", readme)
    assert install
    assert test
    assert install.group(1).endswith("fosterkit catalogue")
    assert "pytest" in test.group(1)
