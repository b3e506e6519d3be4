"""The domain core stays pure: no plugin machinery, no spreadsheet library, no I/O.

import-linter (``lint-imports``, contracts in ``pyproject.toml``) keeps the layers apart; this
test reads the source of every module of every core package and fails on an import of the
standard library outside the allowed list, or on a call to a built-in that does I/O. Keeping
the core to the standard library's pure parts plus attrs also keeps it runnable in a browser
(Pyodide).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fosterkit"

# Modules and packages that make up the domain core.
CORE_PACKAGES = (
    "_util",
    "framework",
    "reasons",
    "records",
    "interviews",
    "audit",
    "documents",
    "offer",
    "tracker",
    "analysis",
    "imports",
    "serial",
)
DOMAIN = ["errors.py", *CORE_PACKAGES]

ALLOWED = {
    "errno",  # error numbers, to name an OS error in plain words; no I/O
    "__future__",
    "attrs",
    "cattrs",
    "json",  # parsing and writing text in memory; no files
    "copy",
    "abc",
    "keyword",
    "collections",
    "dataclasses",
    "datetime",
    "enum",
    "functools",
    "hashlib",  # keyed pseudonyms for sharing: hashing, no I/O
    "hmac",
    "itertools",
    "math",
    "operator",
    "re",
    "statistics",
    "string",
    "textwrap",
    "types",
    "typing",
    "difflib",
    "bisect",
    "calendar",
    "heapq",
    "decimal",
    "fractions",
    "gc",  # pausing the cyclic collector while many records are summarised; no I/O
}
ALLOWED_FOSTERKIT = {"fosterkit.errors", *(f"fosterkit.{package}" for package in CORE_PACKAGES)}
# The table layer compiles one row function per record kind from its own column plan, and the
# reader one structure function per record class from its fields (no user text reaches either
# generated source); those are the only compile() and exec() the core may call.
MAY_EXEC = {"fosterkit.serial.row_plans", "fosterkit.serial._compiled"}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval", "compile", "__import__", "breakpoint"}


def domain_files() -> list[Path]:
    files: list[Path] = []
    for entry in DOMAIN:
        path = SRC / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def imported_modules(tree: ast.AST, module: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.rsplit(".", node.level)[0]
                base = f"{package}.{node.module}" if node.module else package
            # `from fosterkit import _validators` imports fosterkit._util.validators, not the package
            names.extend(f"{base}.{alias.name}" if base == "fosterkit" else base for alias in node.names)
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_domain_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module_name(path)
    for name in imported_modules(tree, module):
        top = name.split(".")[0]
        if top == "fosterkit":
            assert any(name == ok or name.startswith(ok + ".") for ok in ALLOWED_FOSTERKIT), (
                f"{module} imports {name}, which is not part of the domain core"
            )
        else:
            assert top in ALLOWED, (
                f"{module} imports {name}; the domain core may not (I/O, plugins or spreadsheets)"
            )
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in {"compile", "exec"} and module in MAY_EXEC:
                continue
            assert node.func.id not in FORBIDDEN_CALLS, f"{module} calls {node.func.id}()"


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    tree = ast.parse("import openpyxl\nfrom pluggy import HookimplMarker\nimport os\n")
    names = imported_modules(tree, "fosterkit.framework.x")
    assert [n for n in names if n.split(".")[0] not in ALLOWED] == ["openpyxl", "pluggy", "os"]


def test_runtime_dependencies_are_only_attrs_cattrs_and_pluggy() -> None:
    from importlib.metadata import requires

    declared = requires("fosterkit") or []
    runtime = sorted(
        req.split(";")[0].split(">")[0].split("=")[0].strip()
        for req in declared
        if "extra ==" not in req
        and 'python_version < "3.11"' not in req
        and "python_version < '3.11'" not in req
    )
    assert runtime == ["attrs", "cattrs", "pluggy"]


def test_all_dependencies_are_pure_python() -> None:
    """attrs, cattrs and pluggy ship as pure-Python wheels, so the core runs under Pyodide."""
    from importlib.metadata import distribution

    for name in ("attrs", "cattrs", "pluggy"):
        files = distribution(name).files or []
        compiled = [str(f) for f in files if str(f).endswith((".so", ".pyd", ".dylib"))]
        assert compiled == [], f"{name} has compiled parts: {compiled}"


def test_every_core_package_is_checked() -> None:
    """A new package beside the core ones must be placed: in the core list here, or a named outer layer."""
    outer = {"adapters", "plugins", "cli", "testing", "data", "__pycache__"}
    packages = {p.name for p in SRC.iterdir() if p.is_dir()}
    assert packages - outer == set(CORE_PACKAGES)
