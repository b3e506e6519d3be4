"""The ``fosterkit offer gaps`` and ``fosterkit offer check`` commands: the support-offer map."""

from __future__ import annotations

import argparse
from typing import Any

from fosterkit.adapters.offer_files import load_offer
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue
from fosterkit.adapters.publication_log import read_log, write_log
from fosterkit.analysis import Suppressed
from fosterkit.analysis.publication import ReleasedCounts, released_counts
from fosterkit.cli._args import add_json_option, add_period_options, chosen_period
from fosterkit.cli._output import count, emit_json, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli._release import warn_any_period
from fosterkit.cli._targets import check_targets
from fosterkit.cli.check import add_check_option, records_to_use
from fosterkit.interviews.metrics import Share
from fosterkit.offer import GapAnalysis, OfferFormError, RecommendationGap, gap_analysis
from fosterkit.plugins import make_plugin_manager

__all__ = ["add_commands"]


def _released(args: argparse.Namespace) -> ReleasedCounts | None:
    if args.records is None:
        return None
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    period = chosen_period(args)
    warn_any_period(period, args.any_period)
    released, logged = released_counts(
        records_to_use(args.records, args, plugins),
        taxonomy=command_taxonomy(plugins),
        period=period,
        threshold=args.threshold,
        any_period=args.any_period,
        log=read_log(args.log) if args.log else None,
    )
    if args.log:  # the counts shown here are a release like any other: later ones must agree with them
        write_log(args.log, logged)
    return released


def _share(share: Share | None) -> dict[str, Any] | None:
    return None if share is None else {"count": share.count, "of": share.of, "percent": share.percent}


def _count(value: int | Suppressed | None) -> int | str | None:
    return str(value) if isinstance(value, Suppressed) else value


def _gap_json(gap: RecommendationGap, period_label: str | None) -> dict[str, Any]:
    return {
        "id": gap.recommendation_id,
        "title": gap.title,
        "grade": None if gap.grade is None else gap.grade.value,
        "verdict": gap.verdict.value,
        "programmes": list(gap.programmes),
        "started": gap.started,
        "completed": gap.completed,
        "reach": _share(gap.reach),
        "completion": _share(gap.completion),
        "leavers": _count(gap.leavers),
        "line": gap.line(period_label),
    }


def _analysis_json(analysis: GapAnalysis, source: str, carers: int | None) -> dict[str, Any]:
    return {
        "offer": source,
        "carers": carers,
        "period": analysis.period_label,
        "recommendations": [_gap_json(gap, analysis.period_label) for gap in analysis.recommendations],
        "principles": [
            {"id": p.principle_id, "title": p.title, "programmes": list(p.programmes)}
            for p in analysis.principles
        ],
    }


def _cmd_gaps(args: argparse.Namespace) -> int:
    check_targets(
        [],
        [("--from", args.from_), ("--records", args.records)],
        force=False,
        updated=[("the publication log (--log)", args.log)],
    )
    catalogue = load_catalogue(args.pack)
    offer = load_offer(args.from_, catalogue=catalogue)
    analysis = gap_analysis(
        offer,
        catalogue,
        released=_released(args),
        low_reach=args.low_reach,
        low_completion=args.low_completion,
    )
    if args.json:
        emit_json(_analysis_json(analysis, args.from_, offer.carers))
        return 0
    print("\n".join(analysis.lines()))
    for principle in analysis.principles:
        names = ", ".join(principle.programmes) or "no programme"
        print(f"{principle.principle_id}: {names}.")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(args.pack)
    try:
        offer = load_offer(args.from_, catalogue=catalogue)
    except OfferFormError as err:
        if any(problem.whole_file for problem in err.problems):
            raise
        if args.json:
            lines = [problem.describe() for problem in err.problems]
            emit_json({"offer": args.from_, "pack": catalogue.pack.id, "problems": lines})
            return 1
        for problem in err.problems:
            print(f"{args.from_}: {problem.describe()}")
        return 1
    if args.json:
        emit_json(
            {
                "offer": args.from_,
                "pack": catalogue.pack.id,
                "programmes": len(offer.programmes),
                "figures": len(offer.figures),
                "problems": [],
            }
        )
        return 0
    print(
        f"{args.from_}: no problems: {count(len(offer.programmes), 'programme')}, "
        f"{count(len(offer.figures), 'set')} of figures, checked against {catalogue.pack.id}."
    )
    return 0


def _from_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--from",
        dest="from_",
        required=True,
        metavar="OFFER.toml",
        help="the support offer: a TOML file (see docs/examples/offer.toml)",
    )
    command.add_argument("--pack", default=DEFAULT_PACK, help="catalogue pack (default the built-in)")


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"'{text}': give a percentage from 0 to 100")
    return value


def add_commands(commands: Any) -> None:
    """Add ``offer gaps`` and ``offer check`` to the command line's sub-commands."""
    offer = commands.add_parser(
        "offer",
        help="the support offer: programmes for carers against the recommendations, and the gaps",
        description="Check a service's support offer, or show where it falls short of the recommendations.",
    )
    actions = offer.add_subparsers(dest="offer_command", required=True, metavar="ACTION")

    gaps = actions.add_parser(
        "gaps",
        help="each recommendation: its programmes, reach, completion and verdict, worst gap first",
        description=(
            "Show, for each recommendation of the pack, its evidence grade, the programmes serving "
            "it, their reach (carers who started, of all carers) and completion, and a verdict: no "
            "programme, low reach, low completion or covered; strong evidence with no programme "
            "first. With --records, each line also says how many leavers in the period gave "
            "reasons the recommendation addresses, as the publication shows the count ([c] where "
            "it is suppressed). Then each key principle with the programmes embodying it."
        ),
    )
    _from_option(gaps)
    gaps.add_argument("--records", metavar="RECORDS.jsonl|REGISTER.xlsx", help="records of leavers")
    add_check_option(gaps)
    add_period_options(
        gaps,
        what="the leavers' period",
        threshold_help="suppress leavers' counts from 1 to N, as the publication does (3-10, default 5)",
    )
    gaps.add_argument(
        "--log",
        metavar="FILE",
        help="the publication log to stay consistent with, and to add these counts to (the one your "
        "publications keep, such as publication-log.json)",
    )
    gaps.add_argument(
        "--any-period",
        action="store_true",
        help="allow a period that is not a reporting year (April to March), half-year or quarter",
    )
    gaps.add_argument(
        "--low-reach",
        type=_percent,
        default=10.0,
        metavar="PERCENT",
        help="reach below this is low (default 10)",
    )
    gaps.add_argument(
        "--low-completion",
        type=_percent,
        default=50.0,
        metavar="PERCENT",
        help="completion below this is low (default 50)",
    )
    gaps.add_argument("--json", action="store_true", help="print JSON for machines, with every field")
    gaps.set_defaults(run=_cmd_gaps)

    check = actions.add_parser(
        "check",
        help="list every problem in a support offer (exit 1 if any)",
        description=(
            "Check a support offer against the pack: unknown recommendation or principle ids, "
            "counts that are not whole numbers or do not add up (completed <= started <= referred), "
            "a programme listed twice, figures for a programme not listed. Each problem is one line "
            "naming the line and field; the exit status is 1 when there are any."
        ),
    )
    _from_option(check)
    add_json_option(check, "the problems")
    check.set_defaults(run=_cmd_check)
