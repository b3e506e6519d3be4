"""The ``fosterkit publish``, ``fosterkit report`` and ``fosterkit share`` commands."""

from __future__ import annotations

import argparse
from typing import Any

from fosterkit.adapters.document_files import load_template_pack
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue, load_cost_file
from fosterkit.adapters.publishing import publish_file, report_file, report_writer_for
from fosterkit.adapters.share_keys import KEY_VARIABLE, key_from_environment, read_key_file, write_new_key
from fosterkit.analysis import SUPPRESSED, Audience, Breakdown, Publication
from fosterkit.analysis.publication import SPECIAL_CATEGORY_TABLES
from fosterkit.analysis.report import DEFAULT_SERVICE
from fosterkit.analysis.sharing import (
    NEW_KEY_BYTES,
    SharingError,
    SharingPolicy,
    SharingSummary,
    pseudonymise_all,
)
from fosterkit.cli._args import (
    add_format_option,
    add_json_option,
    add_period_options,
    chosen_period,
    service_name,
    whole_number,
)
from fosterkit.cli._output import Outcome, count, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli._release import add_release_options, log_file, log_target, warn_any_period
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.cli.check import add_check_option, records_to_use, service_for
from fosterkit.errors import FieldError
from fosterkit.plugins import make_plugin_manager

__all__ = ["add_commands"]

_BREAKDOWNS = {by.value: by for by in Breakdown if by is not Breakdown.NONE}
#: ``--for``'s choices: each audience, with a hyphen for the underscore.
_AUDIENCES = {audience.value.replace("_", "-"): audience for audience in Audience}


def _audience(text: str) -> Audience:
    found = _AUDIENCES.get(text.strip().lower().replace("_", "-"))
    if found is None:
        raise argparse.ArgumentTypeError(f"'{text}': the report is for one of {', '.join(_AUDIENCES)}")
    return found


def _choices(allowed: list[str], what: str) -> Any:
    def parse(text: str) -> tuple[str, ...]:
        if text.strip() == "none":
            return ()
        names = tuple(name.strip() for name in text.split(",") if name.strip())
        wrong = [name for name in names if name not in allowed]
        if wrong or not names:
            raise argparse.ArgumentTypeError(
                f"'{text}': {what} are chosen from {', '.join(allowed)} (comma-separated), or none"
            )
        return names

    return parse


def _options(args: argparse.Namespace) -> dict[str, Any]:
    period = chosen_period(args)
    warn_any_period(period, args.any_period)
    return {
        "period": period,
        "any_period": args.any_period,
        "log_file": log_file(args, args.out),
        "threshold": args.threshold,
        "households_at_start": args.households_at_start,
        "trend_periods": args.trend,
        "special_category": args.special_category,
        "breakdowns": tuple(_BREAKDOWNS[name] for name in args.breakdowns),
    }


def _summary(outcome: Outcome, publication: Publication, out: str, what: str) -> None:
    """Say what was published: the file, the period, the tables, the counts suppressed, tables withheld."""
    counts = [number for table in publication.tables for line in table.counts for number in line]
    hidden = sum(number is SUPPRESSED for number in counts)
    outcome.say(
        f"Wrote {out}: {what} for {publication.period_label}, {count(len(publication.tables), 'table')}, "
        f"{hidden:,} of {count(len(counts), 'count')} suppressed (1 to {publication.threshold}, and more "
        "so none can be worked out)."
    )
    outcome.summary.update(
        period=publication.period_label,
        tables=len(publication.tables),
        counts=len(counts),
        suppressed=hidden,
        threshold=publication.threshold,
        withheld=[{"table": w.title, "why": w.reason} for w in publication.withheld],
    )
    for withheld in publication.withheld:
        outcome.say(f"Withheld the table '{withheld.title}': {withheld.reason}.")


def _cmd_publish(args: argparse.Namespace) -> int:
    check_targets(
        [("--out", args.out)], [("RECORDS.jsonl", args.records)], force=args.force, updated=log_target(args)
    )
    with Outcome("publish", json=args.json) as outcome:
        plugins = make_plugin_manager()
        warn_failures(plugins.failures)
        taxonomy = command_taxonomy(plugins)
        publication = publish_file(
            records_to_use(args.records, args, plugins),
            args.out,
            taxonomy=taxonomy,
            plugins=plugins,
            **_options(args),
        )
        outcome.wrote(args.out, "aggregate tables")
        _logged(outcome, args)
        _summary(outcome, publication, args.out, "aggregate tables")
    return 0


def _logged(outcome: Outcome, args: argparse.Namespace) -> None:
    log = log_file(args, args.out)
    if log is not None:
        outcome.wrote(log, "publication log")


def _cmd_report(args: argparse.Namespace) -> int:
    check_targets(
        [("--out", args.out)],
        [("RECORDS.jsonl", args.records), ("--cost", args.cost), ("--templates", args.templates)],
        force=args.force,
        updated=log_target(args),
    )
    with Outcome("report", json=args.json) as outcome:
        _report(args, outcome)
    return 0


def _report(args: argparse.Namespace, outcome: Outcome) -> None:
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    pack = load_template_pack(args.templates)
    report_writer_for(args.out, plugins, args.format_name, pack)  # a missing format is said before any work
    assumptions = load_cost_file(args.cost) if args.cost else None
    report = report_file(
        records_to_use(args.records, args, plugins),
        args.out,
        service=service_for(args.service, args.records, plugins, "the report"),
        assumptions=assumptions,
        catalogue=load_catalogue(args.pack),
        plugins=plugins,
        taxonomy=command_taxonomy(plugins),
        format_name=args.format_name,
        audience=args.audience,
        templates=args.templates,
        **_options(args),
    )
    what = f"the retention report for {report.service} (written for {report.audience.title})"
    outcome.wrote(args.out, "retention report")
    _logged(outcome, args)
    _summary(outcome, report.publication, args.out, what)
    cost = report.cost.lines()[0] if report.cost is not None else report.cost_withheld or ""
    outcome.say("Cost: " + cost)
    outcome.summary.update(service=report.service, audience=report.audience.title, cost=cost)


def _sharing_key(args: argparse.Namespace) -> bytes:
    if args.key_file:
        return read_key_file(args.key_file, allow_shared=args.allow_shared_key_file)
    key = key_from_environment()
    if key is None:
        raise SharingError(
            f"no sharing key: give --key-file FILE or set {KEY_VARIABLE} (make a key with "
            "'fosterkit share --new-key FILE'); the same key gives the same pseudonyms, so keep it safe "
            "and use it for every extract"
        )
    return key


def _cmd_new_key(args: argparse.Namespace) -> int:
    if args.records or args.out or args.key_file:
        raise SharingError(
            "--new-key FILE makes a key and does nothing else; share afterwards with --key-file FILE"
        )
    with Outcome("share", json=args.json) as outcome:
        write_new_key(args.new_key)
        outcome.wrote(args.new_key, "sharing key")
        outcome.summary["key_bytes"] = NEW_KEY_BYTES
        outcome.say(
            f"Wrote a new sharing key to {args.new_key}: {NEW_KEY_BYTES} random bytes, readable by you only. "
            "Keep it as carefully as the records and use it for every extract: the same key gives the same "
            "pseudonyms."
        )
    return 0


def _cmd_share(args: argparse.Namespace) -> int:
    check_targets(
        [("--out", args.out)],
        [("RECORDS.jsonl", args.records), ("--key-file", args.key_file)],
        force=args.force,
    )
    if args.new_key:
        return _cmd_new_key(args)
    if not args.records or not args.out:
        raise SharingError(
            "share needs RECORDS.jsonl and --out SHARED.jsonl (or --new-key FILE, to make a key)"
        )
    key = _sharing_key(args)
    with Outcome("share", json=args.json) as outcome:
        plugins = make_plugin_manager()
        warn_failures(plugins.failures)
        try:
            policy = SharingPolicy(key=key, taxonomy=command_taxonomy(plugins), keep=frozenset(args.keep))
        except FieldError as err:
            raise SharingError(f"cannot share with this key or --keep: {err}") from None
        summary = SharingSummary()
        written = write_jsonl(
            pseudonymise_all(records_to_use(args.records, args, plugins), policy, summary), args.out
        )
        kept = f"; kept by name: {', '.join(sorted(policy.keep))}" if policy.keep else ""
        outcome.wrote(args.out, "pseudonymised records")
        outcome.summary.update(records=written, kept=sorted(policy.keep))
        outcome.say(
            f"Wrote {args.out}: {count(written, 'record')} with ids pseudonymised, dates to the first of the "
            f"month, only known reason codes kept, free text, other text and equality data removed{kept}."
        )
        outcome.say("\n".join(summary.lines()) or "Nothing else was removed.")
    return 0


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("records", metavar="RECORDS.jsonl")
    add_json_option(command)
    add_check_option(command)
    add_period_options(command)
    command.add_argument(
        "--households-at-start",
        type=whole_number(0, 1_000_000, "the number of households"),
        metavar="N",
        help="approved households when the period began (default: counted from the records)",
    )
    add_release_options(command)
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
    add_force_option(publish, "--out")
    _common(publish)
    publish.set_defaults(run=_cmd_publish)

    report = commands.add_parser(
        "report",
        help="the retention report workbook: the published tables, priorities, cost and charts",
        description=(
            "Write the retention report (with the Excel plugin, an .xlsx workbook): the "
            "publication's tables, the principles and recommendations to work on first, the cost "
            "of turnover from --cost assumptions, charts of reasons by theme and of the leaving "
            "trend, and this period beside the previous one. --for chooses the reader; each gets "
            "only its own sections. Its figures are suppressed as the publication's are."
        ),
    )
    report.add_argument(
        "--out",
        required=True,
        metavar="REPORT.xlsx|REPORT.docx",
        help="the report: a workbook (.xlsx, the Excel plugin) or a Word document (.docx, the Word plugin)",
    )
    report.add_argument(
        "--templates",
        metavar="PACK.toml",
        help="the service's template pack: its letterhead and the report's wording (default the built-in)",
    )
    add_force_option(report, "--out")
    report.add_argument(
        "--service",
        type=service_name,
        metavar="NAME",
        help="the service's name (default: the name the household records give, if they agree on "
        f"one, else '{DEFAULT_SERVICE}')",
    )
    report.add_argument(
        "--for",
        dest="audience",
        type=_audience,
        default=Audience.MANAGEMENT,
        metavar="|".join(_AUDIENCES),
        help="who the report is for: management gets everything; the fostering panel gets the "
        "summary, themes, process, 'you said, we did', conversations, priorities and the comparison; "
        "a carers' association gets totals only, nothing about any one carer (default management)",
    )
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
            "postcodes keep their outward code, reason codes the taxonomy does not know are dropped, "
            "and free text, other text and equality data are removed unless named with --keep. The "
            "content of an interview whose carer did not consent to anonymised use is withheld "
            "whatever --keep says; only its stage and month go. What was removed is counted by field. "
            f"The key comes from --key-file or the {KEY_VARIABLE} variable; make one with --new-key FILE."
        ),
    )
    share.add_argument("records", nargs="?", metavar="RECORDS.jsonl")
    add_check_option(share)
    share.add_argument("--out", metavar="SHARED.jsonl", help="the pseudonymised copy (required to share)")
    add_force_option(share, "--out")
    share.add_argument(
        "--key-file",
        metavar="FILE",
        help="a file holding the key, readable by its owner only (a final line break is not part of it)",
    )
    share.add_argument(
        "--allow-shared-key-file",
        action="store_true",
        help="use a key file that other users can read (refused otherwise)",
    )
    share.add_argument(
        "--new-key",
        metavar="FILE",
        help=f"write a new random key ({NEW_KEY_BYTES} bytes) to FILE, readable by you only, and stop; "
        "an existing FILE is never replaced",
    )
    share.add_argument(
        "--keep",
        type=lambda text: tuple(name.strip() for name in text.split(",") if name.strip()),
        default=(),
        metavar="FIELDS",
        help="free-text or equality fields to keep, comma-separated (such as went_well)",
    )
    add_json_option(share)
    share.set_defaults(run=_cmd_share)
