"""The benchmark harness keeps working: every case runs at a tiny size, in a subprocess.

Nothing is imported from ``benchmarks/`` here: the harness and the case modules run in their
own processes, as they do for a real measurement. Timings are never judged (the machines are
shared and a tiny size says nothing); only that every case ran or was skipped for a missing
library, and that every target got a verdict.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
RUN = BENCHMARKS / "run.py"

#: Lists, in a child process, every case key and target of every case module the harness reads.
_LIST_CASES = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
import run
cases, targets = [], []
for name in run.CASE_MODULES:
    module = importlib.import_module(name)
    cases += [case.key for case in module.CASES]
    targets += [target.description for target in getattr(module, "TARGETS", [])]
print(json.dumps({"cases": cases, "targets": targets}))
"""


def _declared() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _LIST_CASES, str(BENCHMARKS)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    declared: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return declared


def test_every_case_runs_at_a_tiny_size(tmp_path: Path) -> None:
    declared = _declared()
    assert declared["cases"], "no benchmark cases found"
    out = tmp_path / "results.json"
    command = [
        sys.executable,
        str(RUN),
        "--records",
        "100",
        "--repeat",
        "1",
        "--warmup",
        "0",
        "--json",
        str(out),
        "--work",
        str(tmp_path / "work"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))

    results: dict[str, dict[str, Any]] = data["cases"]
    assert sorted(results) == sorted(declared["cases"])
    for key, result in results.items():
        assert "error" not in result, f"{key}: {result['error']}"
        if "skipped" in result:  # a library the case needs is not installed
            assert "not installed" in result["skipped"], key
            continue
        assert len(result["times"]) == 1, key
        assert all(isinstance(t, float) and t >= 0 for t in result["times"]), key
        assert isinstance(result["peak_rss_kib"], int), key
        assert result["peak_rss_kib"] > 0, key

    verdicts: list[dict[str, str]] = data["targets"]
    assert Counter(v["target"] for v in verdicts) == Counter(declared["targets"])
    for verdict in verdicts:
        # PASS or FAIL alike: timings at this size mean nothing, only that the target was judged.
        assert verdict["verdict"] in {"PASS", "FAIL", "SKIP"}, verdict


def _run(tmp_path: Path, *options: str) -> dict[str, Any]:
    """Run the harness with ``options`` and give back its JSON results."""
    out = tmp_path / "results.json"
    command = [sys.executable, str(RUN), *options, "--json", str(out), "--work", str(tmp_path / "work")]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    results: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return results


def test_quick_mode_runs_small_and_caps_the_scale_cases(tmp_path: Path) -> None:
    data = _run(tmp_path, "--quick", "--cases", "analysis.read_100k,analysis.read_1m,startup")
    assert (data["quick"], data["records"], data["repeat"], data["warmup"]) == (True, 1000, 1, 0)
    cases = data["cases"]
    assert cases["analysis.read_100k"]["records"] == 1000
    assert cases["analysis.read_1m"]["records"] == 2000  # a 10x case runs at 2x in quick mode
    assert all(len(result["times"]) == 1 for result in cases.values())


def test_without_quick_a_scale_case_runs_at_its_scale(tmp_path: Path) -> None:
    data = _run(tmp_path, "--records", "30", "--repeat", "1", "--warmup", "0", "--cases", "analysis.read_1m")
    assert data["quick"] is False
    assert data["cases"]["analysis.read_1m"]["records"] == 300


def test_a_peak_memory_target_is_judged_on_the_subject_alone(tmp_path: Path) -> None:
    data = _run(tmp_path, "--quick", "--cases", "analysis.all_1m")
    [verdict] = [v for v in data["targets"] if "peak memory at most" in v["target"]]
    peak = data["cases"]["analysis.all_1m"]["peak_rss_kib"] / 1024
    assert verdict["detail"].startswith(f"{peak:.1f} MiB at 2000 records")
    assert verdict["verdict"] == ("PASS" if peak <= 400 else "FAIL")
