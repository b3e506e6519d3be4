"""How well ``fosterkit mapping init`` drafts a mapping: scored over a corpus of synthetic exports.

Each export of ``tests/draft_corpus.py`` (in the style of Mosaic, Liquidlogic, CHARMS, hand-kept
spreadsheets, ...) is written to a temporary folder, read back through fosterkit's own source
reader, drafted with :func:`fosterkit.draft_mapping` for departures, and compared with the
export's answer key: each field's column, each date field's forms, and each local code's
meaning. Every part is **right**, left **TODO** for a person, or **wrong** (worse than TODO: a
person has to notice it). A column drafted for a field the file has no column for counts as
wrong too::

    .venv/bin/python benchmarks/draft_accuracy.py             # the table
    .venv/bin/python benchmarks/draft_accuracy.py --detail    # and every part not right
    .venv/bin/python benchmarks/draft_accuracy.py --headings MORE.toml   # with more heading synonyms
    .venv/bin/python benchmarks/draft_accuracy.py --json out.json

Accuracy is judged, never time: nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from draft_corpus import CORPUS, Item, score, source_rows  # noqa: E402
from fosterkit.adapters.packs import load_headings, load_taxonomy  # noqa: E402
from fosterkit.imports.draft import draft_mapping  # noqa: E402

_OUTCOMES = ("right", "todo", "wrong")


def measure(headings_files: list[str]) -> list[Item]:
    """Every scored part of every export's draft."""
    taxonomy = load_taxonomy()
    headings = load_headings(*headings_files)
    items: list[Item] = []
    with tempfile.TemporaryDirectory() as folder:
        for export in CORPUS:
            draft = draft_mapping(
                source_rows(export, Path(folder)), kinds=["departure"], taxonomy=taxonomy, headings=headings
            )
            items += score(export, draft, taxonomy)
    return items


def _row(name: str, items: list[Item]) -> str:
    counts = Counter(item.outcome for item in items)
    extra = sum(item.extra for item in items)
    parts = [f"{counts[o]:>5}" for o in _OUTCOMES]
    share = f"{100 * counts['right'] / len(items):5.1f}%" if items else "     -"
    return f"{name:<20} {len(items):>5} {' '.join(parts)} {extra:>6}  {share}"


def table(items: list[Item]) -> str:
    """The table: by export and overall, parts right, left TODO and wrong."""
    lines = [
        f"{'export':<20} {'parts':>5} {'right':>5} {'todo':>5} {'wrong':>5} {'extra':>6}  right",
    ]
    for export in CORPUS:
        lines.append(_row(export.name, [i for i in items if i.export == export.name]))
    lines.append("-" * len(lines[0]))
    for kind, label in (("column", "columns"), ("dates", "date forms"), ("value", "local values")):
        lines.append(_row(f"  {label}", [i for i in items if i.name.startswith(f"{kind}:")]))
    lines.append(_row("all", items))
    lines.append("extra: columns drafted for a field the file has none for (counted in wrong)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy table (and, asked, every part not right, or a JSON file)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--headings", action="append", default=[], metavar="FILE")
    parser.add_argument("--detail", action="store_true", help="list every part not drafted right")
    parser.add_argument("--json", metavar="FILE", help="write every scored part to FILE")
    args = parser.parse_args(argv)
    items = measure(args.headings)
    print(table(items))
    if args.detail:
        print()
        for item in items:
            if item.outcome != "right":
                print(f"{item.outcome:<5} {item.export:<18} {item.name}: {item.detail}")
    if args.json:
        rows = [
            {"export": i.export, "part": i.name, "outcome": i.outcome, "detail": i.detail, "extra": i.extra}
            for i in items
        ]
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
