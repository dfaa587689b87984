"""The data commands: build, info, import-rpw, averages (of imported provider prices), update."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from remit import prices, rpw, store, update
from remit.build import build_store
from remit.cli.common import emit, open_store


def cmd_build(args: argparse.Namespace) -> int:
    def progress(frac: float, msg: str) -> None:
        if not args.quiet:
            print(f"[{frac:4.0%}] {msg}", file=sys.stderr)

    summary = build_store(progress=progress)
    emit(
        summary,
        args.json,
        lambda s: f"Built {s['store']} in {s['seconds']} s: " + ", ".join(f"{k} {v:,}" for k, v in s["rows"].items()),
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    payload = dataclasses.asdict(store.info(open_store()))

    def text(p: dict) -> str:
        lines = [
            f"Store built {p['built_at_utc']} (schema {p['schema_version']})",
            f"{p['corridors']} corridors ({p['sending_countries']} sending, {p['receiving_countries']} receiving countries), {p['period_first']} to {p['period_last']}",
            f"Remittance flows {p['flow_years'][0]}-{p['flow_years'][1]}",
            "Sources:",
        ]
        lines += [
            f"  {s['source_id']:<28} {s['vintage']:<11} {s['rows_n']:>7,} rows  {s['title'][:70]}" for s in p["sources"]
        ]
        return "\n".join(lines)

    emit(payload, args.json, text)
    return 0


def cmd_import_rpw(args: argparse.Namespace) -> int:
    def progress(frac: float, msg: str) -> None:
        print(f"[{frac:4.0%}] {msg}", file=sys.stderr)

    report = rpw.import_and_rebuild(Path(args.path), progress=progress)

    def text(r: dict) -> str:
        flags = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in r["flags"].items())
        lines = [
            f"Imported {r['rows']:,} provider prices ({r['periods'][0]}-{r['periods'][-1]}, {r['corridors']} corridors) from {r['file']}.",
            f"Flagged and kept: {flags}.",
        ]
        if r["rejected_rows"]:
            lines.append(
                f"Rejected {r['rejected_rows']:,} rows: "
                + "; ".join(f"{k} ({v})" for k, v in r["rejected_by_reason"].items())
            )
            lines += [f"  {e['source_sheet']} row {e['source_row']}: {e['reason']}" for e in r["rejected_examples"][:5]]
        return "\n".join(lines)

    emit(report, args.json, text)
    return 0


def cmd_averages(args: argparse.Namespace) -> int:
    con = open_store()
    period = args.period or prices.latest_provider_period(con)
    payload = prices.averages(con, period, include_non_transparent=args.include_non_transparent)

    def text(p: dict) -> str:
        lines = [
            f"{p['period']}: Global Average {p['global_average_pct']:.2f}% of USD 200 "
            f"({p['services']:,} services in {p['corridors']} corridors)",
            "By firm type:",
        ]
        lines += [
            f"  {g['group']:<32} {g['average_total_cost_pct']:6.2f}%  ({g['services']} services)"
            for g in p["by_firm_type"]
        ]
        return "\n".join(lines)

    emit(payload, args.json, text)
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    def progress(frac: float, msg: str) -> None:
        if not args.json:
            print(f"[{frac:4.0%}] {msg}", file=sys.stderr)

    report = update.update(store.data_dir(), progress=progress)
    failed = {k: v for k, v in report.items() if v["status"] == "failed"}

    def text(r: dict) -> str:
        lines = []
        for k, v in r.items():
            line = f"{k}: {v['status']}" + (f" ({v['reason']})" if v["status"] == "failed" else "")
            if v["status"] == "ok" and "url_from" in v:  # which workbook URL was used, and why
                line += f" ({v['url']}, from {v['url_from']})"
            lines.append(line)
        return "\n".join(lines)

    emit(report, args.json, text)
    return 1 if failed else 0
