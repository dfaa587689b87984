"""Command line for analysts and scripts: python -m remit COMMAND [--json].

The subcommands, flags and JSON keys are a public contract: add to them, never rename.
This module holds the parser, the checks every number and quarter passes, and main(); the commands live by
who uses them: data.py (build, info, import-rpw, averages, update), policy.py (corridor, corridors, country,
savings, briefing), migrants.py (quote, compare), institutions.py (benchmark); common.py what they share.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence

from remit import limits
from remit.cli.data import cmd_averages, cmd_build, cmd_import_rpw, cmd_info, cmd_update
from remit.cli.institutions import cmd_benchmark
from remit.cli.migrants import cmd_compare, cmd_quote
from remit.cli.policy import cmd_briefing, cmd_corridor, cmd_corridors, cmd_country, cmd_savings
from remit.errors import RemitError
from remit.messages import Num, msg


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m remit", description="Remittance costs and flows from World Bank data.")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the DuckDB store from data/")
    b.add_argument("--quiet", action="store_true", help="no progress lines")
    b.set_defaults(run=cmd_build)
    i = sub.add_parser("info", help="sources, vintages, row counts, corridors and periods in the store")
    i.set_defaults(run=cmd_info)
    c = sub.add_parser("corridor", help="cost history of one corridor")
    c.add_argument("send", metavar="SEND", help="sending country: ISO3 code or name")
    c.add_argument("recv", metavar="RECV", help="receiving country: ISO3 code or name")
    c.set_defaults(run=cmd_corridor)
    imp = sub.add_parser("import-rpw", help="import the World Bank's provider-level RPW workbook (.xlsx)")
    imp.add_argument("path", metavar="PATH", help="rpw_dataset_2011_YYYY_qN.xlsx downloaded from the World Bank")
    imp.set_defaults(run=cmd_import_rpw)
    avg = sub.add_parser("averages", help="Global Average and averages by group, from imported provider prices")
    avg.add_argument("--period", help="quarter like 2025Q3 (default: the latest imported)")
    avg.add_argument("--include-non-transparent", action="store_true", help="count services that hide their FX rate")
    avg.set_defaults(run=cmd_averages)
    q = sub.add_parser("quote", help="the true cost of one quote: fee, FX margin, total, what arrives")
    q.add_argument("--send", type=float, required=True, help="amount sent, in the sending currency")
    q.add_argument("--fee", type=float, default=0.0, help="fee, in the sending currency")
    q.add_argument("--rate", type=float, help="the provider's exchange rate")
    q.add_argument("--received", type=float, help="the amount that arrives (instead of --rate)")
    q.add_argument("--mid-rate", type=float, help="the mid-market rate, to reveal the FX margin")
    q.add_argument("--fee-on-top", action="store_true", help="the fee is paid on top of the amount sent")
    q.set_defaults(run=cmd_quote)
    cmp_ = sub.add_parser("compare", help="every provider in a corridor for an amount (needs provider prices)")
    cmp_.add_argument("send", metavar="SEND", help="sending country: ISO3 code or name")
    cmp_.add_argument("recv", metavar="RECV", help="receiving country: ISO3 code or name")
    cmp_.add_argument("--amount", type=float, default=200.0, help="amount sent (default 200)")
    cmp_.add_argument(
        "--currency", choices=["USD", "LCU"], default="USD", help="USD, or the sending country's currency"
    )
    cmp_.set_defaults(run=cmd_compare)
    upd = sub.add_parser("update", help="download the newest RPW workbook and WDI flows, then rebuild the store")
    upd.set_defaults(run=cmd_update)
    cor = sub.add_parser("corridors", help="every corridor's average cost in one quarter, most expensive first")
    cor.add_argument("--period", help="quarter like 2020Q3 (default: the latest with every corridor)")
    cor.add_argument("--send", action="append", metavar="COUNTRY", help="only from this country (ISO3 or name)")
    cor.add_argument("--recv", action="append", metavar="COUNTRY", help="only to this country (ISO3 or name)")
    cor.add_argument("--json", action="store_true", help="print JSON")
    cor.set_defaults(run=cmd_corridors)
    ctry = sub.add_parser(
        "country", help="a country's cost of remittances: flow-weighted, mean of corridors, published"
    )
    ctry.add_argument("country", metavar="ISO3_OR_NAME", help="ISO3 code or name (KSV and XKX both work)")
    ctry.add_argument("--period", help="quarter like 2020Q3 (default: the country's latest with every corridor)")
    ctry.add_argument(
        "--target", type=float, default=3.0, help="target cost %% for the saving on the covered flow (default 3)"
    )
    ctry.add_argument("--json", action="store_true", help="print JSON")
    ctry.set_defaults(run=cmd_country)
    sav = sub.add_parser("savings", help="what one corridor's senders pay, and would save at a target cost")
    sav.add_argument("send", metavar="SEND", help="sending country: ISO3 code or name")
    sav.add_argument("recv", metavar="RECV", help="receiving country: ISO3 code or name (KSV and XKX both work)")
    sav.add_argument("--target", default="3", help="target cost in %% of the amount sent (default 3, the SDG), or "
                     "'smart' / 'cheapest' when provider prices are imported")  # fmt: skip
    sav.add_argument("--year", type=int, help="year of the bilateral flow estimate (default: the corridor's latest)")
    sav.add_argument("--period", help="cost quarter like 2020Q3 (default: the corridor's latest)")
    sav.add_argument(
        "--use-country-average",
        action="store_true",
        help="if the corridor has no cost data, use the receiving country's average cost (WDI SI.RMT.COST.IB.ZS)",
    )
    sav.add_argument("--json", action="store_true", help="print JSON")
    sav.set_defaults(run=cmd_savings)
    brf = sub.add_parser("briefing", help="the policy briefing on a receiving country or region, with its figures")
    brf.add_argument("country", help="a country name or ISO3 code, or a region's label (as the impact page)")
    brf.add_argument("--target", type=float, default=3.0, help="target cost in %% of the amount sent (default 3)")
    brf.add_argument("--year", type=int, help="year of the bilateral estimates (default: the latest)")
    brf.add_argument("--period", help="cost quarter such as 2024Q4 (default: each corridor's latest)")
    brf.add_argument("--years", type=int, default=1, help="years the saving is summed over (default 1)")
    brf.add_argument("--growth", type=float, default=0.0, help="growth of flows, %% a year (default 0)")
    brf.add_argument(
        "--use-country-average",
        action="store_true",
        help="fill corridors without cost data with the flow-weighted cost of the covered corridors (remit.costs)",
    )
    brf.add_argument("--json", action="store_true", help="print JSON")
    brf.set_defaults(run=cmd_briefing)
    bm = sub.add_parser("benchmark", help="where one price sits in its corridor: average, SDG levels, services")
    bm.add_argument("send", metavar="SEND", help="sending country: ISO3 code or name")
    bm.add_argument("recv", metavar="RECV", help="receiving country: ISO3 code or name (KSV and XKX both work)")
    fee = bm.add_mutually_exclusive_group(required=True)
    fee.add_argument("--fee-pct", type=float, help="the fee as %% of the amount sent")
    fee.add_argument("--fee-usd", type=float, help="the fee in US dollars")
    bm.add_argument(
        "--fx-margin-pct", type=float, help="the exchange-rate margin in %% (or give --rate and --mid-rate)"
    )
    bm.add_argument("--rate", type=float, help="your exchange rate (receiving currency per unit of sending currency)")
    bm.add_argument("--mid-rate", type=float, help="the mid-market rate, quoted like --rate")
    bm.add_argument("--amount", type=float, default=200.0, help="amount sent in US$ (default 200)")
    bm.add_argument("--period", help="quarter like 2020Q3 (default: the corridor's latest with data)")
    bm.add_argument("--transfers-per-year", type=float, help="yearly volume, to put the gaps in US$ a year")
    bm.add_argument("--firm-type", help="for the peer group: Bank, Money Transfer Operator, ...")
    bm.add_argument("--payment-instrument", help="for the peer group: Cash, Account, Card, Online, ...")
    bm.add_argument("--payout", help="for the peer group: the pickup method (Cash, Bank account, ...)")
    bm.add_argument("--speed", help="e.g. 'Same day' (over 5 days does not count for SmaRT)")
    bm.add_argument("--product", help="a name for the product, echoed back")
    bm.add_argument(
        "--against",
        choices=("peers", "world"),
        default="peers",
        help="rank among the corridor's services or the corridors from the same sending country, to the same "
        "receiving country and region (peers, the default), or among every corridor in the world",
    )
    bm.set_defaults(run=cmd_benchmark)
    for p in (b, i, c, imp, avg, upd, q, cmp_, bm):
        p.add_argument("--json", action="store_true", help="print JSON")
    return ap


# Every number the CLI accepts, with the range it makes sense in: (option, low, high). Outside it (or not
# finite) the command stops with one line, instead of printing 309 digits or 'inf'.
AMOUNT_MAX = limits.AMOUNT_MAX
BOUNDS = {
    "amount": (limits.AMOUNT_MIN, limits.AMOUNT_MAX),
    "send": (limits.AMOUNT_MIN, limits.AMOUNT_MAX),
    "fee": (0, limits.FEE_MAX),
    "fee_usd": (0, limits.FEE_MAX),
    "received": (0, limits.RECEIVED_MAX),
    "rate": (limits.RATE_MIN, limits.RATE_MAX),
    "mid_rate": (limits.RATE_MIN, limits.RATE_MAX),
    "fee_pct": (0, limits.PCT_MAX),
    "fx_margin_pct": (limits.MARGIN_MIN, limits.MARGIN_MAX),
    "transfers_per_year": (0, limits.TRANSFERS_MAX),
}
_QUARTER = re.compile(r"\s*\d{4}\s*[Qq]\s*[1-4]\s*")


def _check_arguments(args: argparse.Namespace) -> None:
    """Numbers within BOUNDS and a --period that looks like a quarter, or a RemitError saying which."""
    for name, (low, high) in BOUNDS.items():
        value = getattr(args, name, None)
        if value is None or isinstance(value, str | list | tuple):  # 'send' is a country (or several) elsewhere
            continue
        if not math.isfinite(value) or not low <= value <= high:
            raise RemitError(
                msg(
                    "--{option} must be a number from {low} to {high}, not {value}.",
                    option=name.replace("_", "-"),
                    low=Num(low, 0 if low == int(low) else 9),
                    high=Num(high),
                    value=f"{value:.6g}",
                )
            )
    period = getattr(args, "period", None)
    if period is not None and not _QUARTER.fullmatch(period):
        raise RemitError(msg("--period must be a quarter like 2020Q3, not '{text}'.", text=period[:40]))


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        _check_arguments(args)
        return args.run(args)
    except RemitError as exc:
        print(f"remit: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file that cannot be read or written: a name too long, a full disk, no permission
        name = f" ({str(exc.filename)[:60]}{'…' if len(str(exc.filename)) > 60 else ''})" if exc.filename else ""
        print(f"remit: {exc.strerror or exc}{name}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
