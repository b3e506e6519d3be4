"""The ``fosterkit publish``, ``fosterkit report`` and ``fosterkit share`` commands."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path
from typing import Any

from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue, load_cost_file
from fosterkit.adapters.publishing import publish_file, report_file, report_format_for
from fosterkit.analysis import SUPPRESSED, Breakdown, Publication, last_complete_half_year
from fosterkit.analysis.publication import SPECIAL_CATEGORY_TABLES
from fosterkit.analysis.sharing import SharingError, SharingPolicy, pseudonymise_all
from fosterkit.cli._args import add_format_option, date_arg, period_arg, whole_number
from fosterkit.cli._output import warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli.check import add_check_option, records_to_use
from fosterkit.errors import FieldError
from fosterkit.plugins import make_plugin_manager

__all__ = ["add_commands"]

_BREAKDOWNS = {by.value: by for by in Breakdown if by is not Breakdown.NONE}


def _choices(allowed: list[str], what: str) -> Any:
    def parse(text: str) -> tuple[str, ...]:
        if text.strip() == "none":
            return ()
        names = tuple(name.strip() for name in text.split(",") if name.strip())
        wrong = [name for name in names if name not in allowed]
        if wrong or not names:
            raise argparse.ArgumentTypeError(
                f"{text!r}: {what} are chosen from {', '.join(allowed)} (comma-separated), or none"
            )
        return names

    return parse


def _options(args: argparse.Namespace) -> dict[str, Any]:
    period = args.period or last_complete_half_year(args.today or datetime.date.today())
    return {
        "period": period,
        "threshold": args.threshold,
        "households_at_start": args.households_at_start,
        "trend_periods": args.trend,
        "special_category": args.special_category,
        "breakdowns": tuple(_BREAKDOWNS[name] for name in args.breakdowns),
    }


def _summary(publication: Publication, out: str, what: str) -> str:
    counts = [count for table in publication.tables for line in table.counts for count in line]
    hidden = sum(count is SUPPRESSED for count in counts)
    lines = [
        f"Wrote {out}: {what} for {publication.period_label}, {len(publication.tables)} tables, "
        f"{hidden} of {len(counts)} counts suppressed (1 to {publication.threshold}, and more so none "
        "can be worked out)."
    ]
    lines += [f"Withheld {w.name}: {w.reason}." for w in publication.withheld]
    return "\n".join(lines)


def _cmd_publish(args: argparse.Namespace) -> int:
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    taxonomy = command_taxonomy(plugins)
    publication = publish_file(
        records_to_use(args.records, args), args.out, taxonomy=taxonomy, plugins=plugins, **_options(args)
    )
    print(_summary(publication, args.out, "aggregate tables"))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    report_format_for(args.out, plugins, args.format_name)
    assumptions = load_cost_file(args.cost) if args.cost else None
    report = report_file(
        records_to_use(args.records, args),
        args.out,
        service=args.service,
        assumptions=assumptions,
        catalogue=load_catalogue(args.pack),
        plugins=plugins,
        taxonomy=command_taxonomy(plugins),
        format_name=args.format_name,
        **_options(args),
    )
    print(_summary(report.publication, args.out, f"the retention report for {report.service}"))
    print("Cost: " + (report.cost.lines()[0] if report.cost is not None else report.cost_withheld or ""))
    return 0


#: The environment variable a sharing key may come from, as text, when no --key-file is given.
KEY_VARIABLE = "FOSTERKIT_SHARING_KEY"


def _sharing_key(args: argparse.Namespace) -> bytes:
    if args.key_file:
        return Path(args.key_file).read_bytes().removesuffix(b"\n").removesuffix(b"\r")
    text = os.environ.get(KEY_VARIABLE, "")
    if not text:
        raise SharingError(
            f"no sharing key: give --key-file FILE or set {KEY_VARIABLE}; the same key gives the same "
            "pseudonyms, so keep it safe and use it for every extract"
        )
    return text.encode("utf-8")


def _cmd_share(args: argparse.Namespace) -> int:
    try:
        policy = SharingPolicy(key=_sharing_key(args), keep=frozenset(args.keep))
    except FieldError as err:
        raise SharingError(f"cannot share with this key or --keep: {err}") from None
    written = write_jsonl(pseudonymise_all(records_to_use(args.records, args), policy), args.out)
    kept = f"; kept by name: {', '.join(sorted(policy.keep))}" if policy.keep else ""
    print(
        f"Wrote {args.out}: {written} records with ids pseudonymised, dates to the first of the month, "
        f"free text and equality data removed{kept}."
    )
    return 0


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("records", metavar="RECORDS.jsonl")
    add_check_option(command)
    command.add_argument(
        "--period",
        type=period_arg,
        metavar="START..END",
        help="the period, by notice date (default the last complete half-year of the April-March year)",
    )
    command.add_argument(
        "--today", type=date_arg, metavar="YYYY-MM-DD", help="the date the default period is judged from"
    )
    command.add_argument(
        "--threshold",
        type=whole_number(3, 10, "the threshold"),
        default=5,
        metavar="N",
        help="suppress counts from 1 to N (3-10, default 5)",
    )
    command.add_argument(
        "--households-at-start",
        type=whole_number(0, None, "the number of households"),
        metavar="N",
        help="approved households when the period began (default: counted from the records)",
    )
    command.add_argument(
        "--trend",
        type=whole_number(1, 12, "the number of periods"),
        default=4,
        metavar="N",
        help="periods in the trend, ending with this one (1-12, default 4)",
    )
    command.add_argument(
        "--special-category",
        type=_choices(list(SPECIAL_CATEGORY_TABLES), "special-category tables"),
        default=("age_band",),
        metavar="NAMES",
        help=f"equality tables, from {', '.join(SPECIAL_CATEGORY_TABLES)}, or none (default age_band); "
        "each is shown only when more carers than the threshold have it recorded",
    )
    command.add_argument(
        "--breakdowns",
        type=_choices(list(_BREAKDOWNS), "breakdowns"),
        default=tuple(_BREAKDOWNS),
        metavar="NAMES",
        help=f"theme tables by {', '.join(_BREAKDOWNS)} (default all), or none",
    )


def add_commands(commands: Any) -> None:
    """Add ``publish``, ``report`` and ``share`` to the command line's sub-commands."""
    publish = commands.add_parser(
        "publish",
        help="aggregate tables safe to publish: no ids, no free text, small counts suppressed",
        description=(
            "Write the publication's aggregate tables for a period as CSV (one row per count) or "
            "JSON: departures by route, initiator, destination, tenure and preventability, themes "
            "of the reasons by breakdown and over time, and carers' age bands. Counts from 1 to "
            "the threshold are suppressed as [c], and more counts are suppressed, across all the "
            "tables together, until none can be worked out from the others."
        ),
    )
    publish.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")
    _common(publish)
    publish.set_defaults(run=_cmd_publish)

    report = commands.add_parser(
        "report",
        help="the retention report workbook: the published tables, priorities, cost and charts",
        description=(
            "Write the retention report (with the Excel plugin, an .xlsx workbook): the "
            "publication's tables, the principles and recommendations to work on first, the cost "
            "of turnover from --cost assumptions, and charts of reasons by theme and of the "
            "leaving trend. Its figures are suppressed as the publication's are."
        ),
    )
    report.add_argument("--out", required=True, metavar="REPORT.xlsx")
    report.add_argument("--service", default="Fostering service", metavar="NAME", help="the service's name")
    report.add_argument(
        "--cost", metavar="COST.toml", help="turnover cost assumptions (see docs/analysis.md)"
    )
    report.add_argument("--pack", default=DEFAULT_PACK, help="catalogue pack (default the built-in)")
    _common(report)
    add_format_option(report, "report")
    report.set_defaults(run=_cmd_report)

    share = commands.add_parser(
        "share",
        help="pseudonymise records for sharing (a regional partnership, say) under the service's key",
        description=(
            "Copy records for sharing: ids become keyed pseudonyms (HMAC-SHA256 under the service's "
            "key; the same key gives the same pseudonyms), dates go to the first of their month, "
            "postcodes keep their outward code, and free text and equality data are removed unless "
            f"named with --keep. The key comes from --key-file or the {KEY_VARIABLE} variable."
        ),
    )
    share.add_argument("records", metavar="RECORDS.jsonl")
    add_check_option(share)
    share.add_argument("--out", required=True, metavar="SHARED.jsonl")
    share.add_argument(
        "--key-file",
        metavar="FILE",
        help="a file holding the key, 16 bytes or more (a final line break is not part of it)",
    )
    share.add_argument(
        "--keep",
        type=lambda text: tuple(name.strip() for name in text.split(",") if name.strip()),
        default=(),
        metavar="FIELDS",
        help="free-text or equality fields to keep, comma-separated (such as went_well)",
    )
    share.set_defaults(run=_cmd_share)
