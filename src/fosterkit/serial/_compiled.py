"""Compiled structure functions: a record class built from a dict in one generated function.

For each attrs class a function is generated, once, that checks each field's value inline (the
same checks as the converter's hooks, written as ``type(value) is str`` rather than a call per
field) and calls the class, whose validators then run as always. It takes only the common,
plainly valid case: any surprise raises, and the caller structures the data again through
:func:`~fosterkit.serial.converter.structure`, which finds every problem and words it. So a
compiled function builds exactly what the converter builds, or nothing.

Types it does not know (none of the record kinds' fields today) fall to the converter's quick
hook for that type.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Collection
from typing import Any

import attrs

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.serial.converter import quick_hook

__all__ = ["compiled_structure"]

#: Compiled functions, by class and the extra keys its top level allows.
_COMPILED: dict[tuple[type, frozenset[str]], Callable[[Any], Any]] = {}
#: Classes whose function is being written.
_COMPILING: set[type] = set()


def compiled_structure(cls: type, extra_keys: Collection[str] = ()) -> Callable[[Any], Any]:
    """The compiled structure function of attrs class ``cls``: ``function(data) -> instance``.

    ``extra_keys`` are keys the top-level dict may hold besides the fields (and that are ignored):
    ``schema_version`` and ``kind`` for a record. The function raises on anything it does not
    take; the caller then structures again with the converter.
    """
    key = (cls, frozenset(extra_keys))
    found = _COMPILED.get(key)
    if found is None:
        if cls in _COMPILING:  # a class that holds itself: its own hook, not an endless compile
            hook = quick_hook(cls)
            return lambda data: hook(data, cls)
        _COMPILING.add(cls)
        try:
            found = _COMPILED[key] = _Compiler().function(cls, key[1])
        finally:
            _COMPILING.discard(cls)
    return found


def _unsure() -> Any:
    """Raised from a compiled function: the converter decides (and words the problem)."""
    raise ValueError("not taken by the compiled structure function")


class _Compiler:
    """Writes the source of one class's function (and those of the classes it holds)."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"_unsure": _unsure, "_date": datetime.date.fromisoformat}
        self.lines: list[str] = []
        self.count = 0

    def name(self, value: Any, prefix: str) -> str:
        self.count += 1
        name = f"_{prefix}{self.count}"
        self.names[name] = value
        return name

    def temp(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def function(self, cls: type, extra_keys: frozenset[str]) -> Callable[[Any], Any]:
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        if any(not f.init or f.converter is not None for f in fields):
            hook = quick_hook(cls)
            return lambda data: hook(data, cls)
        allowed = self.name(frozenset(f.name for f in fields) | extra_keys, "keys")
        body = [
            "def structure(o):",
            f"  if type(o) is not dict or not o.keys() <= {allowed}: _unsure()",
            "  given = {}",
        ]
        for field in fields:
            indent = "  "
            if field.default is not attrs.NOTHING:
                body.append(f"  if {field.name!r} in o:")
                indent = "    "
            value = self.temp()
            body.append(f"{indent}{value} = o[{field.name!r}]")
            body += [indent + line for line in self.value(field.type, value)]
            body.append(f"{indent}given[{field.alias!r}] = {value}")
        body.append(f"  return {self.name(cls, 'cls')}(**given)")
        namespace = dict(self.names)
        # Our own source (no data in it), compiled first as attrs and cattrs do. Run as a code
        # object, not a string: CPython remembers a Ctrl-C that lands while a *string* is being
        # run and ends the process by SIGINT at exit, even after the command caught it.
        source = compile("\n".join(body), f"<fosterkit structure: {cls.__qualname__}>", "exec")
        exec(source, namespace)
        function: Callable[[Any], Any] = namespace["structure"]
        return function

    def value(self, kind: Any, var: str) -> list[str]:
        """Lines that check ``var`` against ``kind`` and set it to the structured value."""
        inner, optional = unwrap_optional(kind)
        if optional:
            return [f"if {var} is not None:", *("  " + line for line in self.value(inner, var))]
        if kind is str or kind is int:
            return [f"if type({var}) is not {kind.__name__}: _unsure()"]
        if kind is bool:
            return [f"if {var} is not True and {var} is not False: _unsure()"]
        if kind is datetime.date:
            return [f"if type({var}) is not str: _unsure()", f"{var} = _date({var})"]
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            members = self.name({member.value: member for member in kind}, "enum")
            return [f"{var} = {members}[{var}]"]
        if isinstance(kind, type) and attrs.has(kind):
            return [f"{var} = {self.name(compiled_structure(kind), 'structure')}({var})"]
        item = list_item(kind)
        if item is not None:
            return self.items(item, var)
        hook, name = quick_hook(kind), self.name(kind, "type")
        return [f"{var} = {self.name(hook, 'hook')}({var}, {name})"]

    def items(self, kind: Any, var: str) -> list[str]:
        """Lines that check that ``var`` is a list and set it to the tuple of its items structured."""
        lines = [f"if type({var}) is not list: _unsure()"]
        if kind is str:
            item = self.temp()
            return [
                *lines,
                f"for {item} in {var}:",
                f"  if type({item}) is not str: _unsure()",
                f"{var} = tuple({var})",
            ]
        item, done = self.temp(), self.temp()
        each = self.value(kind, item)
        if len(each) == 1 and each[0].startswith(f"{item} = "):  # one expression: a comprehension
            return [*lines, f"{var} = tuple([{each[0].removeprefix(f'{item} = ')} for {item} in {var}])"]
        return [
            *lines,
            f"{done} = []",
            f"for {item} in {var}:",
            *("  " + line for line in each),
            f"  {done}.append({item})",
            f"{var} = tuple({done})",
        ]
