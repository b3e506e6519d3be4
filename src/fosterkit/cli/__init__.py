"""The ``fosterkit`` command: a thin layer over the public API.

Exit codes: 0 success, 1 when ``process check`` finds rule breaches, 2 bad input (a broken pack,
an unknown tag, a wrong option); the message goes to standard error without a traceback. A
reader that stops reading early (``fosterkit import ... | head -1``) does not change the status:
the command finishes, its output going nowhere, and exits as it would have.

The command line starts quickly: the top-level parser is built from the table in
:mod:`fosterkit.cli._commands`, so ``fosterkit --help`` and ``--version`` import no command
module. The module that adds a command is imported only when that command is on the command
line, and the rest of fosterkit (attrs, cattrs, pluggy) only as the command runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from fosterkit.cli._commands import COMMANDS, DISABLE_ENV

TYPE_CHECKING = False  # as in fosterkit/__init__.py: no ``typing`` at startup
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Sequence
    from typing import Any, TextIO

__all__ = ["main"]


class _Version(argparse.Action):
    """``--version``, looking the version up only when asked: the lookup loads importlib.metadata."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        import fosterkit

        print(f"fosterkit {fosterkit.__version__}")
        parser.exit()


def _parser(commands: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The command parser, with the whole parser of each of ``commands`` (default: all of them).

    Every other command gets a stand-in with its name and help line that takes any arguments,
    so ``--help`` lists every command and the command on the line is found, while importing
    none of their modules. A command's module adds all its commands where the first of them
    is in the table, keeping the table's order.
    """
    parser = argparse.ArgumentParser(
        prog="fosterkit",
        description="Foster-carer exit interviews and the Foster Care Practice Guide framework.",
    )
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    parser.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help=f"leave out the plugin NAME (repeat for more; scripts can also set {DISABLE_ENV}=NAME,NAME)",
    )
    parser.add_argument(
        "--no-plugins",
        dest="no_installed_plugins",
        action="store_true",
        help="leave out every installed plugin, keeping only fosterkit's built-ins",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = {COMMANDS[name][0] for name in (COMMANDS if commands is None else commands)}
    added: set[str] = set()
    for name, (module, help_line) in COMMANDS.items():
        if module not in chosen:
            subparsers.add_parser(name, help=help_line, add_help=False)
        elif module not in added:
            importlib.import_module(f"{__name__}.{module}").add_commands(subparsers)
            added.add(module)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line parsed, importing only the module of the command on it.

    ``--help``, ``--version`` and a mistake before the command end here, at the first parse,
    which uses stand-ins for every command.
    """
    found, _ = _parser(()).parse_known_args(argv)
    return _parser([found.command]).parse_args(argv)


class _Unread:
    """Standard output (or error) that goes quiet, rather than failing, once its reader has gone.

    A write or flush that finds the pipe closed drops the text, and the stream's file descriptor
    is pointed at the null device so that nothing written later, Python's own flush at exit
    included, fails either.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False
        """Whether the reader left before everything was written."""

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._lost()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._lost()

    def _lost(self) -> None:
        self.gone = True
        try:
            number = self.stream.fileno()
        except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, number)
        finally:
            os.close(null)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    out, err = _Unread(sys.stdout), _Unread(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        return _main(argv)
    finally:
        out.flush()  # here, not at exit, so a reader that left is noticed while it can be
        err.flush()
        sys.stdout, sys.stderr = out.stream, err.stream


def _main(argv: Sequence[str] | None) -> int:
    args = _parse(argv)
    from fosterkit.cli._targets import stopping_on_terminate
    from fosterkit.errors import FosterkitError
    from fosterkit.plugins.manager import disabling

    run: Callable[[argparse.Namespace], int | None] = args.run
    try:
        with stopping_on_terminate(), disabling(args.disable_plugin, installed=args.no_installed_plugins):
            code = run(args)
    except KeyboardInterrupt:  # the user's Ctrl-C: stop quietly; writes in progress leave no file
        print("fosterkit: interrupted", file=sys.stderr)
        return 130
    except FosterkitError as err:
        print(f"fosterkit: {err}", file=sys.stderr)
        return 2
    except KeyError as err:
        print(f"fosterkit: {err.args[0] if err.args else err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # a pipe other than standard output and error, which never raise this
        print("fosterkit: stopped: a pipe was closed before everything was written to it", file=sys.stderr)
        return 141  # as a shell reports a process ended by SIGPIPE: the outcome is not known
    except OSError as err:  # a file that could not be read or written, named without a traceback
        where = f"{err.filename}: " if err.filename else ""
        print(f"fosterkit: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except (RecursionError, MemoryError, OverflowError, ValueError) as err:  # last resort: hostile input
        reasons = {
            RecursionError: "nested too deeply",
            MemoryError: "too large to hold in memory",
            OverflowError: "a number too large to work with",
        }
        text = reasons.get(type(err)) or (str(err).splitlines() or [type(err).__name__])[0][:200]
        print(f"fosterkit: cannot use the input: {text}", file=sys.stderr)
        return 2
    return code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
