"""Run every benchmark side by side and judge the targets: one command, one table.

    .venv/bin/python benchmarks/run.py --records 100000            # the full run
    .venv/bin/python benchmarks/run.py --records 2000 --repeat 1   # a quick look
    .venv/bin/python benchmarks/run.py --cases csv_export --json out.json
    .venv/bin/python benchmarks/run.py --records 5000 --rounds 3 --clock cpu  # on a busy machine
    .venv/bin/python benchmarks/run.py --quick                     # every group, small, in minutes

Each case runs in a fresh Python process: the case's untimed setup, ``--warmup`` untimed runs,
then ``--repeat`` timed runs; the child reports its times (wall clock and the process's CPU
time) and its peak resident memory (``ru_maxrss``). Cases of a group do the same work (the first
in the group is the baseline the others are compared with), so only ratios measured in one run
are compared: the machines are shared and noisy. With ``--rounds`` the whole list of cases is
run that many times over, one case after the other, and the times of all rounds are pooled: a
burst of other work on the machine then slows one round of every case rather than all the runs
of one case. ``--clock cpu`` judges by CPU time, which other processes sharing the cores
disturb far less than the wall clock. Cases marked ``scale`` run at that many times
``--records`` (the 1M runs). A case whose library is not installed is listed as skipped, never
silently left out. ``--quick`` runs every group at a small size (:data:`QUICK`: 1,000 records,
scale cases at 2x, one timed run, no warm-up), to see that everything runs and roughly where it
stands; its verdicts are not the targets' verdicts at full scale.

Every child runs with ``OPENPYXL_LXML=False``: openpyxl uses lxml whenever it is installed, and
fosterkit does not install it, so the figures do not depend on what else is in the environment.
A case that measures openpyxl with lxml says so in its ``env`` (and requires lxml).

Synthetic data (``benchmarks/data.py``, fixed seed) is written once per size to the work folder
(``--work``, default a folder under the system's temporary folder) and reused.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

#: The modules that hold cases; each has a ``CASES`` list.
CASE_MODULES = ("cases_exchange", "cases_analysis", "cases_pandas", "cases_startup")

#: Environment variables every child process gets unless its case sets them otherwise.
CHILD_ENV = {"OPENPYXL_LXML": "False"}

#: What ``--quick`` sets: records per case, the most a ``scale`` case multiplies them by, timed
#: runs and warm-up runs.
QUICK = {"records": 1000, "scale_cap": 2, "repeat": 1, "warmup": 0}


@dataclass(frozen=True)
class Context:
    """What a case gets: how many records, and a folder for its files and cached data."""

    records: int
    work: Path

    def path(self, name: str) -> Path:
        """A file for this case's output, fresh for each run."""
        return self.work / f"{os.getpid()}-{name}"


@dataclass(frozen=True)
class Case:
    """One way of doing a group's work.

    ``setup(context)`` prepares inputs outside the timing and returns them; ``run(context,
    state)`` does the work once and is timed. ``requires`` names modules that must be
    importable. ``scale`` multiplies ``--records`` for this case.
    """

    group: str
    name: str
    description: str
    run: Callable[[Context, Any], object]
    setup: Callable[[Context], Any] = field(default=lambda context: None)
    requires: tuple[str, ...] = ()
    scale: int = 1
    env: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """``group.name``, as the table and ``--cases`` name it."""
        return f"{self.group}.{self.name}"


@dataclass(frozen=True)
class Target:
    """A limit on ``subject`` against ``baseline`` (both case keys).

    ``measure`` is ``time`` (median time ratio, at most ``limit``), ``speedup`` (baseline time
    over subject time, at least ``limit``), ``per_record`` (median time per record ratio, at most
    ``limit``), ``memory`` (peak memory growth in MiB, at most ``limit``) or ``peak`` (the
    subject's own peak memory in MiB, at most ``limit``; ``baseline`` is then the subject itself).
    """

    description: str
    subject: str
    baseline: str
    measure: str
    limit: float


def _cases() -> list[Case]:
    found: list[Case] = []
    for name in CASE_MODULES:
        found += importlib.import_module(name).CASES
    return found


def _targets() -> list[Target]:
    found: list[Target] = []
    for name in CASE_MODULES:
        found += getattr(importlib.import_module(name), "TARGETS", [])
    return found


def _missing(case: Case) -> list[str]:
    return [name for name in case.requires if importlib.util.find_spec(name) is None]


# -- the child: one case in a fresh process ----------------------------------------------------


def _child(key: str, records: int, repeat: int, warmup: int, work: Path) -> dict[str, Any]:
    [case] = [c for c in _cases() if c.key == key]
    context = Context(records=records, work=work)
    state = case.setup(context)
    for _ in range(warmup):
        case.run(context, state)
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        case.run(context, state)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"times": times, "cpu_times": cpu_times, "peak_rss_kib": peak, "records": records}


# -- the parent ----------------------------------------------------------------------------------


def _measure(case: Case, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    scale = case.scale if args.scale_cap is None else min(case.scale, args.scale_cap)
    records = args.records * scale
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        case.key,
        "--records",
        str(records),
        "--repeat",
        str(args.repeat),
        "--warmup",
        str(args.warmup),
        "--work",
        str(work),
    ]
    env = {**os.environ, **CHILD_ENV, **dict(case.env)}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1], "records": records}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


#: The child's times that each ``--clock`` shows and judges by.
_CLOCK = {"wall": "times", "cpu": "cpu_times"}


def _median(result: dict[str, Any], clock: str = "wall") -> float | None:
    times = result.get(_CLOCK[clock])
    return statistics.median(times) if times else None


def _pooled(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One case's results over several rounds: every time, and the highest peak memory."""
    failed = [r for r in rounds if "error" in r or "skipped" in r]
    if failed:
        return failed[0]
    return {
        "times": [t for r in rounds for t in r["times"]],
        "cpu_times": [t for r in rounds for t in r["cpu_times"]],
        "peak_rss_kib": max(r["peak_rss_kib"] for r in rounds),
        "records": rounds[0]["records"],
    }


def _judge(target: Target, results: dict[str, dict[str, Any]], clock: str = "wall") -> tuple[str, str]:
    """The verdict on ``target`` (PASS, FAIL or SKIP) and the figure behind it."""
    subject, baseline = results.get(target.subject, {}), results.get(target.baseline, {})
    a, b = _median(subject, clock), _median(baseline, clock)
    if a is None or b is None:
        return "SKIP", "not measured"
    if target.measure == "speedup":
        value = b / a
        passed = value >= target.limit
        detail = f"{value:.2f}x faster (needs {target.limit:.2f}x)"
    elif target.measure == "memory":
        value = (subject["peak_rss_kib"] - baseline["peak_rss_kib"]) / 1024
        passed = value <= target.limit
        detail = f"{value:+.1f} MiB (limit {target.limit:.0f} MiB)"
    elif target.measure == "peak":
        value = subject["peak_rss_kib"] / 1024
        passed = value <= target.limit
        detail = f"{value:.1f} MiB at {subject['records']} records (limit {target.limit:.0f} MiB)"
    else:
        value = a / b
        if target.measure == "per_record":
            value *= baseline["records"] / subject["records"]
        passed = value <= target.limit
        per = " per record" if target.measure == "per_record" else ""
        detail = f"{value:.2f}x{per} (limit {target.limit:.2f}x)"
    if target.measure in {"time", "speedup"}:
        peaks = subject["peak_rss_kib"] / 1024, baseline["peak_rss_kib"] / 1024
        detail += f"; peak {peaks[0]:.0f} MiB against {peaks[1]:.0f} MiB"
    return ("PASS" if passed else "FAIL"), detail


def _table(cases: Sequence[Case], results: dict[str, dict[str, Any]], clock: str = "wall") -> str:
    """The results as a text table, each case against the first of its group."""
    lines = [
        f"{'case':<44} {'records':>9} {'median s' if clock == 'wall' else 'cpu s':>9} {'µs/rec':>8} "
        f"{'peak MiB':>9} {'vs first':>9}",
    ]
    firsts: dict[str, float | None] = {}
    for case in cases:
        result = results[case.key]
        if "skipped" in result or "error" in result:
            why = result.get("skipped") or f"error: {result['error']}"
            lines.append(f"{case.key:<44} {result.get('records', ''):>9} {why}")
            continue
        median = _median(result, clock)
        assert median is not None
        first = firsts.setdefault(case.group, median)
        ratio = f"{median / first:.2f}x" if first else "-"
        per_record = 1e6 * median / max(result["records"], 1)
        lines.append(
            f"{case.key:<44} {result['records']:>9} {median:>9.3f} {per_record:>8.1f} "
            f"{result['peak_rss_kib'] / 1024:>9.1f} {ratio:>9}"
        )
    return "\n".join(lines)


#: The libraries whose versions the results name.
LIBRARIES = (
    "openpyxl",
    "xlsxwriter",
    "lxml",
    "pandas",
    "tablib",
    "pydantic",
    "cattrs",
    "rustpy-xlsxwriter",
)


def _versions() -> dict[str, str]:
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "libraries": _versions(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks (or, with ``--child``, one case); exit 1 if any case failed to run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000, help="records per case (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="run every case this many times over, in turn (default 1)"
    )
    parser.add_argument(
        "--clock", choices=sorted(_CLOCK), default="wall", help="the times to judge by (default wall)"
    )
    parser.add_argument("--cases", default="", help="comma-separated groups or case keys (default all)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--work", type=Path, help="folder for data and outputs (default: a temporary one)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every group small: 1000 records, scale cases at 2x, 1 run, no warm-up (overrides those)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.scale_cap = None
    if args.quick:
        vars(args).update(QUICK)
    work = args.work or Path(tempfile.gettempdir()) / "fosterkit-benchmarks"
    work.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(_child(args.child, args.records, args.repeat, args.warmup, work)))
        return 0

    wanted = {name.strip() for name in args.cases.split(",") if name.strip()}
    cases = [c for c in _cases() if not wanted or c.group in wanted or c.key in wanted]
    rounds: dict[str, list[dict[str, Any]]] = {case.key: [] for case in cases}
    for number in range(1, args.rounds + 1):
        for case in cases:
            missing = _missing(case)
            if missing:
                rounds[case.key].append({"skipped": f"skipped: {', '.join(missing)} not installed"})
            else:
                rounds[case.key].append(_measure(case, args, work))
            print(f"  measured {case.key} (round {number})", file=sys.stderr, flush=True)
    results = {key: _pooled(found) for key, found in rounds.items()}
    print(_table(cases, results, args.clock))
    machine = _machine()
    libraries = ", ".join(f"{name} {version}" for name, version in machine["libraries"].items())
    print(f"# {machine['cpus']} cpus, {machine['platform']}, Python {machine['python']}; {libraries}")
    print(f"# {args.clock} clock, median of {args.rounds} round(s) x {args.repeat} run(s) per case")
    verdicts = []
    for target in _targets():
        if {target.subject, target.baseline} <= set(results):
            verdict, detail = _judge(target, results, args.clock)
            verdicts.append({"target": target.description, "verdict": verdict, "detail": detail})
            print(f"{verdict:<5} {target.description}: {detail}")
    if args.json:
        data = {
            "machine": machine,
            "records": args.records,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "rounds": args.rounds,
            "clock": args.clock,
            "quick": args.quick,
            "cases": {c.key: {"description": c.description, **results[c.key]} for c in cases},
            "targets": verdicts,
        }
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
