"""``fosterkit --help`` and ``--version`` load no more than argparse needs; commands load lazily.

No timings here (the machines are shared and noisy): the tests check which modules are loaded,
which is what the time depends on. ``benchmarks/run.py --cases startup`` measures the time.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import fosterkit
from fosterkit.cli import _parser, main
from fosterkit.cli._commands import COMMANDS, DISABLE_ENV
from fosterkit.plugins import DISABLE_ENV as PLUGINS_DISABLE_ENV

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "src" / "fosterkit" / "cli"

#: The fosterkit modules the top-level parser needs: the package, the wiring and its table.
WIRING = {"fosterkit", "fosterkit.cli", "fosterkit.cli._commands"}
#: The third-party libraries fosterkit uses, none of which --help or --version needs.
LIBRARIES = {"attrs", "cattrs", "pluggy"}


def _imported(*args: str) -> set[str]:
    """The modules loaded by the time ``fosterkit ARGS``, run in a fresh Python, exits.

    Read from ``sys.modules`` at exit rather than from ``-X importtime``, which does not show
    modules loaded through ``importlib.import_module`` (as command modules are).
    """
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('LOADED', *sorted(sys.modules), file=sys.stderr))\n"
        "from fosterkit.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [loaded] = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
    return set(loaded.split()[1:])


def _ours(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "fosterkit" or m.startswith("fosterkit.")}


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_load_only_the_wiring(option: str) -> None:
    modules = _imported(option)
    assert _ours(modules) == WIRING
    assert not {m.split(".")[0] for m in modules} & LIBRARIES


def test_a_command_loads_its_own_module_and_no_other_command() -> None:
    modules = _ours(_imported("taxonomy", "--help"))
    assert "fosterkit.cli.taxonomy" in modules
    others = {f"fosterkit.cli.{module}" for module, _ in COMMANDS.values()} - {"fosterkit.cli.taxonomy"}
    assert not modules & others


def test_importing_fosterkit_loads_nothing_but_the_package() -> None:
    code = (
        "import sys, fosterkit; print(sorted(m for m in sys.modules if m.startswith(('fosterkit', 'attrs'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['fosterkit']"


def test_help_lists_every_command_with_its_help_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())  # help lines are wrapped to the terminal
    for name, (_, help_line) in COMMANDS.items():
        assert f" {name} {help_line} " in shown, name


def test_version_is_the_installed_version_and_the_projects(capsys: pytest.CaptureFixture[str]) -> None:
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in project  # hatch reads it from fosterkit/__init__.py
    assert 'path = "src/fosterkit/__init__.py"' in project
    assert fosterkit.__version__ == importlib.metadata.version("fosterkit")
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"fosterkit {fosterkit.__version__}\n"


# -- the table of commands cannot drift from the modules -------------------------------------


def _added_by(module: str) -> list[tuple[str, str | None]]:
    """The commands (name, help line) that ``fosterkit.cli.MODULE.add_commands`` adds, in order."""
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers()
    importlib.import_module(f"fosterkit.cli.{module}").add_commands(commands)
    return [(action.dest, action.help) for action in commands._choices_actions]


def test_each_module_adds_exactly_the_commands_the_table_gives_it() -> None:
    for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
        expected = [(name, help_line) for name, (owner, help_line) in COMMANDS.items() if owner == module]
        assert _added_by(module) == expected, module


def test_every_command_module_is_in_the_table() -> None:
    listed = {module for module, _ in COMMANDS.values()}
    with_commands = {
        path.stem
        for path in CLI.glob("*.py")
        if not path.stem.startswith("_") and "def add_commands(" in path.read_text(encoding="utf-8")
    }
    assert with_commands == listed


def test_the_whole_parser_has_every_command_in_the_tables_order() -> None:
    [commands] = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert [(a.dest, a.help) for a in commands._choices_actions] == [(n, h) for n, (_, h) in COMMANDS.items()]
    for name, parser in commands.choices.items():
        assert parser.add_help, f"{name} is still a stand-in in the whole parser"


def test_global_options_before_the_command_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--disable-plugin", "jsonl", "--no-plugins", "checklist", "--markdown"]) == 0
    assert capsys.readouterr().out.startswith("#")


def test_a_command_without_its_options_is_refused_by_its_own_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["checklist", "--route", "nowhere"])
    assert exit_.value.code == 2
    assert "fosterkit checklist: error: argument --route" in capsys.readouterr().err


def test_the_help_names_the_same_variable_the_plugin_manager_reads() -> None:
    assert DISABLE_ENV == PLUGINS_DISABLE_ENV


# -- the lazy package ------------------------------------------------------------------------


def _type_checking_names() -> dict[str, str]:
    """Each name the ``if TYPE_CHECKING:`` block of ``fosterkit/__init__.py`` imports, by module."""
    tree = ast.parse((ROOT / "src" / "fosterkit" / "__init__.py").read_text(encoding="utf-8"))
    [block] = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
    return {
        alias.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module != "typing"
        for alias in node.names
    }


def test_every_public_name_is_loaded_from_the_module_type_checkers_see() -> None:
    table = fosterkit._PUBLIC
    assert set(table) == set(fosterkit.__all__) - {"__version__"}
    assert _type_checking_names() == table
    for name, module in table.items():
        assert getattr(fosterkit, name) is getattr(importlib.import_module(module), name), name


def test_a_name_can_be_imported_from_the_package_and_a_subpackage_reached() -> None:
    code = (
        "import fosterkit\n"
        "from fosterkit import Catalogue\n"
        "assert fosterkit.Catalogue is Catalogue\n"
        "assert fosterkit.framework.Catalogue is Catalogue\n"
        "assert 'Catalogue' in dir(fosterkit)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
