"""Benchmark cases for how quickly the command line starts: ``--help`` and ``--version``.

Each run starts a fresh Python process, so the times include the interpreter's own start; the
baseline is a process that imports argparse and nothing else, and the target (issue 24) is
that ``fosterkit --help`` and ``fosterkit --version`` take at most four times as long.
``python -X importtime`` shows where the time goes; ``tests/test_cli_startup.py`` checks which
modules are loaded, without timing.
"""

from __future__ import annotations

import subprocess
import sys

from run import Case, Context, Target

__all__ = ["CASES", "TARGETS"]


def _python(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)


def _argparse(context: Context, state: object) -> None:
    _python("-c", "import argparse")


def _help(context: Context, state: object) -> None:
    _python("-m", "fosterkit", "--help")


def _version(context: Context, state: object) -> None:
    _python("-m", "fosterkit", "--version")


CASES: list[Case] = [
    Case("startup", "argparse", "a Python process that imports argparse, nothing else", _argparse),
    Case("startup", "help", "fosterkit --help (python -m fosterkit)", _help),
    Case("startup", "version", "fosterkit --version (python -m fosterkit)", _version),
]

TARGETS: list[Target] = [
    Target(
        "fosterkit --help within 4x of importing argparse", "startup.help", "startup.argparse", "time", 4.0
    ),
    Target(
        "fosterkit --version within 4x of importing argparse",
        "startup.version",
        "startup.argparse",
        "time",
        4.0,
    ),
]
