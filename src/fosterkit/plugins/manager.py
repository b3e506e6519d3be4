"""Finding, registering and calling plugins, each one's faults kept to itself.

Plugins come in through one door: the built-ins named in :data:`DEFAULT_PLUGINS` first (so
they work from a source tree that was never installed), then every entry point of the group
``fosterkit``, one at a time. Hooks are called through pluggy, so an implementation may take
any subset of its hook's arguments and ``tryfirst``, ``trylast`` and wrappers mean what pluggy
says. Each implementation runs guarded: any exception it raises (``SystemExit`` included, a
user's Ctrl-C not) is kept as a :class:`PluginFailure` naming the plugin, and the others still
answer. Whatever a plugin prints while loading or running goes to standard error, never into
a command's ``--json`` output.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import functools
import importlib
import os
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import metadata
from importlib.metadata import entry_points
from typing import Any

import attrs
import pluggy
from attrs import frozen

from fosterkit.plugins import hookspecs

__all__ = [
    "DEFAULT_PLUGINS",
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "PluginFailure",
    "PluginInfo",
    "Plugins",
    "call_hook",
    "disabled_plugins",
    "disabling",
    "hookimpl",
    "make_plugin_manager",
    "plugin_infos",
]

#: The entry-point group plugins register under.
ENTRY_POINT_GROUP = hookspecs.PROJECT

#: Marks a function in a plugin module as the implementation of a hook of the same name.
hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT)

#: fosterkit's own plugins, registered before any entry point as ``(name, module)``: the JSON
#: Lines exporter, importer and source reader, and the built-in framework packs. Each can be
#: blocked by name like any plugin.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (
    ("jsonl", "fosterkit.adapters.jsonl_plugin"),
    ("fosterkit", "fosterkit.adapters.packs_plugin"),
)

#: The environment variable naming plugins to leave out, separated by commas (for scripts).
DISABLE_ENV = "FOSTERKIT_DISABLE_PLUGINS"

_cli_disabled: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "fosterkit_disabled", default=()
)
_cli_no_entry_points: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "fosterkit_no_plugins", default=False
)


@frozen
class PluginFailure:
    """A plugin that could not be loaded, whose hook raised, or whose offer clashes: who, when, and why."""

    plugin: str
    """The plugin's name; for a clash, the names of the plugins that clash, joined by ", "."""
    stage: str
    error: str
    clash: bool = False
    """Two plugins claim one name or suffix: neither failed, but they cannot both have it."""

    def describe(self) -> str:
        """One line for people."""
        if self.clash:
            names = " and ".join(repr(name) for name in self.plugin.split(", "))
            return f"plugins {names} clash while {self.stage}: {self.error}"
        return f"plugin {self.plugin!r} failed while {self.stage}: {self.error}"


class _CallLog:
    """What the guarded implementations of the hook call under way answered, and who failed."""

    def __init__(self) -> None:
        self.results: list[tuple[str, object]] = []
        self.failures: list[PluginFailure] = []


@frozen
class Plugins:
    """A plugin manager together with the plugins that failed to load."""

    manager: pluggy.PluginManager
    failures: tuple[PluginFailure, ...]
    distributions: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    """For each plugin loaded from an entry point: its distribution's name and version."""
    builtin: frozenset[str] = frozenset()
    """The names of the plugins registered from :data:`DEFAULT_PLUGINS`."""
    log: _CallLog = attrs.field(factory=_CallLog, repr=False, eq=False)


def _cause(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Send what a plugin prints to standard error, so it never mixes with a command's output."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def _own_version() -> str:
    try:
        return metadata.version("fosterkit")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "unknown"


def disabled_plugins() -> tuple[str, ...]:
    """The plugins to leave out by default: ``--disable-plugin`` (command line), then :data:`DISABLE_ENV`."""
    from_env = tuple(n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip())
    return (*_cli_disabled.get(), *from_env)


@contextlib.contextmanager
def disabling(names: Iterable[str], *, installed: bool = False) -> Iterator[None]:
    """Leave ``names`` out of every plugin manager built in the ``with`` block (``--disable-plugin``).

    ``installed`` leaves out every plugin installed through an entry point too, keeping only
    the built-ins (``--no-plugins``).
    """
    token = _cli_disabled.set(tuple(names))
    no_entry_points = _cli_no_entry_points.set(installed)
    try:
        yield
    finally:
        _cli_no_entry_points.reset(no_entry_points)
        _cli_disabled.reset(token)


def _guard(log: _CallLog, plugin: str, hook: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            with _quiet():
                value = function(*args, **kwargs)
        except (Exception, SystemExit) as err:  # noqa: BLE001 - reported naming the plugin
            log.failures.append(PluginFailure(plugin, f"running {hook}", _cause(err)))
            return None
        if value is not None:
            log.results.append((plugin, value))
        return value

    return guarded


def _guarded(manager: pluggy.PluginManager, log: _CallLog, name: str, plugin: object) -> object:
    """A stand-in for ``plugin`` holding its hook implementations, each guarded (wrappers as they are)."""
    stand_in = types.SimpleNamespace(__name__=getattr(plugin, "__name__", name), plugin=plugin)
    for attr in dir(plugin):
        opts = manager.parse_hookimpl_opts(plugin, attr)
        if opts is None:
            continue
        function = getattr(plugin, attr)
        if not (opts.get("wrapper") or opts.get("hookwrapper")):
            function = _guard(log, name, opts.get("specname") or attr, function)
        setattr(stand_in, attr, function)
    return stand_in


def _register(plugins: list[tuple[str, object]], manager: pluggy.PluginManager, log: _CallLog) -> None:
    for name, plugin in plugins:
        manager.register(_guarded(manager, log, name, plugin), name=name)


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    blocked: Iterable[str] | None = None,
    extra: Iterable[tuple[str, object]] = (),
    defaults: bool = True,
) -> Plugins:
    """Build a plugin manager with fosterkit's hooks.

    ``defaults`` registers :data:`DEFAULT_PLUGINS`; ``load_entrypoints`` loads installed
    plugins (entry-point group ``fosterkit``), one at a time; ``extra`` registers ``(name,
    plugin)`` pairs directly, as tests do. Plugins named in ``blocked`` (by default
    :func:`disabled_plugins`) are left out. A second plugin under a name already taken is
    refused and reported.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    log = _CallLog()
    failures: list[PluginFailure] = []
    distributions: dict[str, tuple[str, str]] = {}
    skip = set(disabled_plugins() if blocked is None else blocked)
    for name in skip:
        manager.set_blocked(name)
    builtin: set[str] = set()

    def add(name: str, stage: str, load: Callable[[], object]) -> bool:
        if name in skip:
            return False
        try:
            with _quiet():
                plugin = load()
            _register([(name, plugin)], manager, log)
        except (Exception, SystemExit) as err:  # noqa: BLE001 - reported, and the others keep loading
            failures.append(PluginFailure(name, stage, _cause(err)))
            return False
        return True

    if defaults:
        for name, module in DEFAULT_PLUGINS:
            if add(name, "loading", functools.partial(importlib.import_module, module)):
                builtin.add(name)
                distributions[name] = ("fosterkit", _own_version())
    if load_entrypoints and not _cli_no_entry_points.get():
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.dist is not None and ep.name not in skip:
                distributions[ep.name] = (ep.dist.name, ep.dist.version)
            add(ep.name, "loading", ep.load)
    for name, plugin in extra:
        add(name, "registering", functools.partial(lambda p: p, plugin))
    failures.extend(_unknown_hooks(manager))
    return Plugins(manager, tuple(failures), distributions, frozenset(builtin), log)


def _unknown_hooks(manager: pluggy.PluginManager) -> list[PluginFailure]:
    """A failure, under the plugin's own name, for each function marked as a hook that fosterkit has not.

    pluggy's ``check_pending`` stops at the first; this names every one, with the nearest real hook.
    """
    known = [name for name in dir(hookspecs) if name.startswith(f"{hookspecs.PROJECT}_")]
    failures = []
    for name, caller in sorted(vars(manager.hook).items()):
        if name.startswith("_") or caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            nearest = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
            error = f"{name!r} is not a fosterkit hook{hint}"
            failures.append(PluginFailure(impl.plugin_name, "checking hooks", error))
    return failures


def call_hook(
    plugins: Plugins, hook_name: str, **kwargs: Any
) -> tuple[list[tuple[str, Any]], list[PluginFailure]]:
    """Call a hook through pluggy: each answer with the plugin that gave it, and each plugin's failure.

    Answers come in pluggy's call order; ``None`` answers are left out, as pluggy leaves them.
    A hook wrapper that raises is reported naming every wrapper of the hook.
    """
    log = plugins.log
    saved = log.results, log.failures
    log.results, log.failures = [], []
    try:
        caller = getattr(plugins.manager.hook, hook_name)
        try:
            returned = caller(**kwargs)
        except (Exception, SystemExit) as err:  # noqa: BLE001 - only a wrapper can raise here
            wrappers = [i.plugin_name for i in caller.get_hookimpls() if i.wrapper or i.hookwrapper]
            log.failures.append(
                PluginFailure(", ".join(wrappers) or "?", f"running {hook_name}", _cause(err))
            )
            returned = []
        answered = {id(value) for value in returned or ()}
        results = [(plugin, value) for plugin, value in log.results if id(value) in answered]
        seen = {id(value) for _, value in results}
        results += [("(a hook wrapper)", value) for value in returned or () if id(value) not in seen]
        return results, log.failures
    finally:
        log.results, log.failures = saved


@frozen
class PluginInfo:
    """An installed plugin: its name, distribution and version, and the hooks it implements."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool = False


def plugin_infos(plugins: Plugins) -> tuple[PluginInfo, ...]:
    """Every registered plugin, sorted by name, with the hooks it implements."""
    infos = []
    for name, plugin in plugins.manager.list_name_plugin():
        if plugin is None:
            continue
        callers = plugins.manager.get_hookcallers(plugin) or []
        dist, version = plugins.distributions.get(name, (None, None))
        hooks = tuple(sorted(c.name for c in callers))
        infos.append(PluginInfo(name, dist, version, hooks, name in plugins.builtin))
    return tuple(sorted(infos, key=lambda i: i.name))
