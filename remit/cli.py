"""Command line for analysts and scripts: python -m remit COMMAND [--json].

The subcommands, flags and JSON keys are a public contract: add to them, never rename.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from remit import corridors, costs, explorer, impact, prices, quotes, rpw, sdg, store, update
from remit.build import build_store, ensure_store
from remit.errors import RemitError
from remit.messages import Message, Num, msg


def _clean(value: object) -> object:
    """JSON-safe: NaN becomes null, numpy scalars become Python numbers, messages English text."""
    if isinstance(value, Message):
        return str(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _emit(payload: dict, as_json: bool, text: Callable[[dict], str]) -> None:
    if as_json:
        print(json.dumps(payload, indent=2, default=_clean, ensure_ascii=False))
    else:
        print(text(payload))


def _open() -> object:
    done = ensure_store(progress=None)
    if done.status != "ok":
        print(f"remit: data store {done}", file=sys.stderr)
    return store.connect()


def cmd_build(args: argparse.Namespace) -> int:
    def progress(frac: float, msg: str) -> None:
        if not args.quiet:
            print(f"[{frac:4.0%}] {msg}", file=sys.stderr)

    summary = build_store(progress=progress)
    _emit(
        summary,
        args.json,
        lambda s: f"Built {s['store']} in {s['seconds']} s: " + ", ".join(f"{k} {v:,}" for k, v in s["rows"].items()),
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    payload = dataclasses.asdict(store.info(_open()))

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

    _emit(payload, args.json, text)
    return 0


def cmd_corridor(args: argparse.Namespace) -> int:
    con = _open()
    hist = corridors.corridor_history(con, args.send, args.recv)
    first = hist.iloc[0]
    sources = dict(con.execute("SELECT source_id, citation FROM source").fetchall())
    history = [
        {
            "period": r.period,
            "total_cost_pct": _clean(r.total_cost_pct_200),
            "total_cost_pct_500": _clean(r.total_cost_pct_500),
            "fee_pct": _clean(r.fee_pct_200),
            "fx_margin_pct": _clean(r.fx_margin_pct_200),
            "smart_pct": _clean(r.smart_cost_pct_200),
            "source": r.source_id,
        }
        for r in hist.itertuples()
    ]
    used = [*hist["source_id"].unique(), *hist["smart_source_id"].dropna().unique()]
    payload = {
        "sending_iso3": first.sending_iso3,
        "sending_name": first.sending_name,
        "receiving_iso3": first.receiving_iso3,
        "receiving_name": first.receiving_name,
        "amount_usd": 200,
        "unit": "% of the amount sent",
        "period_first": hist["period"].iloc[0],
        "period_last": hist["period"].iloc[-1],
        "latest_total_cost_pct": _clean(hist["total_cost_pct_200"].iloc[-1]),
        "period": hist["period"].iloc[-1],
        "age_years": costs.quarter_age_years(hist["period"].iloc[-1]),
        "history": history,
        "sources": {sid: sources[sid] for sid in dict.fromkeys(used)},
    }

    def text(p: dict) -> str:
        head = f"{p['sending_name']} -> {p['receiving_name']}: cost of sending USD 200, % of amount sent"
        rows = [
            f"  {h['period']}  {h['total_cost_pct']:6.2f}"
            + (f"  SmaRT {h['smart_pct']:.2f}" if h["smart_pct"] is not None else "")
            for h in p["history"]
        ]
        rows.append(f"Latest: {costs.age_message(p['period'])}")
        return "\n".join([head, *rows, *(f"Source: {c}" for c in p["sources"].values())])

    _emit(payload, args.json, text)
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

    _emit(report, args.json, text)
    return 0


def cmd_averages(args: argparse.Namespace) -> int:
    con = _open()
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

    _emit(payload, args.json, text)
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

    _emit(report, args.json, text)
    return 1 if failed else 0


def cmd_corridors(args: argparse.Namespace) -> int:
    con = _open()
    period = explorer.check_period(con, args.period or corridors.latest_period(con))
    countries = corridors.resolver(con)
    send = tuple(countries.resolve(c) for c in args.send or [])
    recv = tuple(countries.resolve(c) for c in args.recv or [])
    ranked = explorer.ranking(con, period)
    shown = explorer.filter_corridors(ranked, send=send, recv=recv)
    sources = dict(con.execute("SELECT source_id, citation FROM source").fetchall())
    cost = shown["total_cost_pct_200"]
    payload = {
        "period": period,
        "age_years": costs.quarter_age_years(period),
        "amount_usd": 200,
        "unit": "% of the amount sent",
        "filters": {"send": list(send), "recv": list(recv)},
        "count": len(shown),
        "corridors_in_quarter": len(ranked),
        "mean_of_corridor_averages_pct": _clean(cost.mean()) if len(shown) else None,
        "above_5pct_n": int((cost > sdg.SDG_CORRIDOR_CEILING_PCT).sum()),
        "below_3pct_n": int((cost < sdg.SDG_TARGET_PCT).sum()),
        "corridors": [
            {
                "rank": int(r.rank),
                "corridor": r.corridor,
                "sending_iso3": r.sending_iso3,
                "sending_name": r.sending_name,
                "receiving_iso3": r.receiving_iso3,
                "receiving_name": r.receiving_name,
                "total_cost_pct": _clean(r.total_cost_pct_200),
                "total_cost_pct_500": _clean(r.total_cost_pct_500),
                "sdg_band": r.sdg_band,
                "change_1y_pp": _clean(r.change_1y_pp),
                "change_5y_pp": _clean(r.change_5y_pp),
                "source": r.source_id,
            }
            for r in shown.itertuples()
        ],
        "sources": {sid: sources[sid] for sid in sorted(shown["source_id"].unique())},
        "note": "Corridor averages (mean over the services surveyed in a corridor); rank among all corridors in "
        "the quarter, most expensive first; changes in percentage points on the same quarter 1 and 5 years earlier.",
    }

    def text(p: dict) -> str:
        head = f"{p['period']}: {p['count']} of {p['corridors_in_quarter']} corridors, cost of sending USD 200 (% of amount sent)"
        rows = [
            f"  {c['rank']:>4}  {c['corridor']:<8} {c['total_cost_pct']:6.2f}  {c['sending_name']} -> {c['receiving_name']}"
            for c in p["corridors"]
        ]
        return "\n".join([head, *rows, *(f"Source: {c}" for c in p["sources"].values())])

    _emit(payload, args.json, text)
    return 0


def _country_side(cost: costs.CountryCost, prefix: str, sources: dict[str, str]) -> dict:
    """One direction of `country`: the three measures, weights, coverage and the corridors."""
    return {
        f"{prefix}_period": cost.period,
        f"{prefix}_age_years": cost.age_years,
        f"{prefix}_weighted_pct": _clean(cost.weighted_pct),
        f"{prefix}_unweighted_pct": _clean(cost.unweighted_mean_pct),
        f"{prefix}_published_pct": _clean(cost.published_pct),
        f"{prefix}_published_year": cost.published_year,
        f"{prefix}_published_source": sources.get(cost.published_source) if cost.published_source else None,
        f"{prefix}_weights_year": cost.weights_year,
        f"{prefix}_coverage_pct": _clean(cost.coverage_pct),
        f"{prefix}_covered_flow_usd": _clean(cost.covered_flow_usd),
        f"{prefix}_modelled_flow_usd": _clean(cost.total_flow_usd),
        f"{prefix}_corridors_n": cost.corridors_n,
        f"{prefix}_why_they_differ": str(costs.why_they_differ(cost)) if cost.period else None,
        f"{prefix}_corridors": [
            {
                "corridor": f"{k.sending_iso3}-{k.receiving_iso3}",
                "sending_iso3": k.sending_iso3,
                "receiving_iso3": k.receiving_iso3,
                "partner_name": k.partner_name,
                "cost_pct": _clean(k.cost_pct),
                "smart_pct": _clean(k.smart_pct),
                "flow_usd": _clean(k.flow_usd),
                "weight": _clean(k.weight),
                "source": k.source_id,
            }
            for k in cost.corridors
        ],
    }


def cmd_country(args: argparse.Namespace) -> int:
    con = _open()
    iso3 = corridors.resolver(con).resolve(args.country)
    name = con.execute("SELECT name FROM country WHERE iso3 = ?", [iso3]).fetchone()[0]
    period = explorer.check_period(con, args.period) if args.period else None
    sources = dict(con.execute("SELECT source_id, citation FROM source").fetchall())
    to, frm = (costs.country_cost(con, iso3, d, period) for d in ("to", "from"))
    if not to.corridors and not frm.corridors:
        raise RemitError(
            msg("No corridor cost for {country} in {period}.", country=f"{name} ({iso3})", period=period)
            if period
            else msg("No corridor cost for {country} in the data.", country=f"{name} ({iso3})")
        )
    main = to if to.corridors else frm
    side_to = _country_side(to, "cost_to", sources)
    payload = {
        "iso3": iso3,
        "name": name,
        "period": main.period,
        "age_years": main.age_years,
        "weights_year": to.weights_year if to.corridors else frm.weights_year,
        "coverage_pct": _clean(to.coverage_pct) if to.corridors else None,
        "amount_usd": 200,
        "unit": "% of the amount sent",
        **side_to,
        "corridors": side_to["cost_to_corridors"],
        **(_country_side(frm, "cost_from", sources) if frm.corridors else {}),
        "note": "weighted: corridor averages weighted by the bilateral remittance estimates (modelled) of "
        "weights_year; coverage: share of the modelled flow that has a corridor cost; unweighted: mean of "
        "corridor averages; published: the World Bank's country average (WDI, else UN SDG), with its year.",
    }
    used = {k["source"] for side in ("cost_to", "cost_from") for k in payload.get(f"{side}_corridors", [])}
    used |= {c.published_source for c in (to, frm) if c.published_source}
    for year in {c.weights_year for c in (to, frm) if c.weights_year is not None}:
        used |= {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT source_id FROM bilateral_remittance WHERE year = ?", [year]
            ).fetchall()
        }
    # Money at stake on the flow with a corridor cost: the figures of Savings by country (remit.impact)
    stake = impact.money_at_stake(con, [iso3], args.target, period)
    row = stake.iloc[0] if len(stake) else None
    payload |= {
        "savings_target_pct": args.target,
        "cost_paid_usd": _clean(row["cost_paid_usd"]) if row is not None else None,
        "savings_usd": _clean(row["savings_usd"]) if row is not None else None,
        "uncovered_flow_usd": _clean(row["uncovered_flow_usd"]) if row is not None else None,
    }
    payload["sources"] = {sid: sources[sid] for sid in sorted(used)}

    def text(p: dict) -> str:
        lines = [f"{p['name']} ({p['iso3']})"]
        for side, label in (("cost_to", "Sending money to it"), ("cost_from", "Sending money from it")):
            if p.get(f"{side}_period") is None:
                continue
            age = costs.age_message(p[f"{side}_period"])
            cov = p[f"{side}_coverage_pct"]
            weighted = p[f"{side}_weighted_pct"]
            lines += [
                f"{label}, {age}:",
                f"  flow-weighted {weighted:.2f}% ({p[f'{side}_weights_year']} weights, coverage {cov:.0f}%)"
                if weighted is not None
                else "  flow-weighted: no corridor with a modelled flow",
                f"  mean of {p[f'{side}_corridors_n']} corridor averages {p[f'{side}_unweighted_pct']:.2f}%",
            ]
            if p[f"{side}_published_pct"] is not None:
                lines.append(f"  published average {p[f'{side}_published_pct']:.2f}% ({p[f'{side}_published_year']})")
            lines.append(f"  {p[f'{side}_why_they_differ']}")
        if p["savings_usd"] is not None:
            lines.append(
                f"Saving at {p['savings_target_pct']:g}% on the flow with a corridor cost: "
                f"US$ {p['savings_usd'] / 1e6:,.1f} m a year (paid now US$ {p['cost_paid_usd'] / 1e6:,.1f} m)"
            )
        return "\n".join([*lines, *(f"Source: {c}" for c in p["sources"].values())])

    _emit(payload, args.json, text)
    return 0


def cmd_savings(args: argparse.Namespace) -> int:
    from remit import corridor_savings

    con = _open()
    payload = corridor_savings.corridor_savings(
        con,
        args.send,
        args.recv,
        target=args.target,
        year=args.year,
        period=args.period,
        use_country_average=args.use_country_average,
    )

    def text(p: dict) -> str:
        lines = [
            f"{p['sending_name']} -> {p['receiving_name']}",
            f"  Flow {p['flow_year']}: US$ {p['flow_usd'] / 1e6:,.1f} m (modelled estimate, {p['flow_source']})",
            f"  Cost {p['cost_period']}: {p['current_cost_pct']:.2f}% of USD 200 ({p['cost_basis']}, {p['cost_source']})",
            f"  Paid in fees and FX margins: US$ {p['cost_paid_usd'] / 1e6:,.1f} m a year",
            f"  Saving at {p['target_pct']:.2f}% ({p['target']}): US$ {p['savings_usd'] / 1e6:,.1f} m a year",
        ]
        if p["note"]:
            lines.append(f"  Note: {p['note']}")
        return "\n".join([*lines, *(f"Source: {c}" for c in p["sources"].values())])

    _emit(payload, args.json, text)
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from remit import briefing, scenarios

    scenario = scenarios.Scenario(
        target_pct=args.target,
        use_country_average=args.use_country_average,
        years=args.years,
        growth_pct=args.growth,
    )
    done = briefing.briefing(_open(), args.country, scenario, flow_year=args.year, period=args.period)
    payload = {
        "country": done.area.label,
        "area_key": done.area.key,
        "paragraphs": [str(s) for s in done.sentences],
        "flow_year": done.flow_year,
        "period": done.period,
        "target_pct": scenario.target_pct,
        "years": scenario.years,
        "growth_pct": scenario.growth_pct,
        "use_country_average": scenario.use_country_average,
        "gdp_usd": done.gdp_usd,
        "gdp_year": done.gdp_year,
        **done.totals,
    }
    _emit(payload, args.json, lambda p: " ".join(p["paragraphs"]))
    return 0


def cmd_quote(args: argparse.Namespace) -> int:
    q = quotes.price_quote(
        args.send, args.fee, rate=args.rate, received=args.received, mid_rate=args.mid_rate, fee_on_top=args.fee_on_top
    )
    payload = {
        "amount_sent": q.amount_sent,
        "paid": q.paid,
        "fee": q.fee,
        "rate": q.rate,
        "received": q.received,
        "fee_pct": q.fee_pct,
        "fx_margin_pct": q.fx_margin_pct,
        "total_cost_pct": q.total_cost_pct,
        "cost_at_mid_rate": q.cost_in_sending_currency,
        "fee_convention": "paid on top" if q.fee_on_top else "deducted from the amount sent",
    }

    def text(p: dict) -> str:
        lines = [
            f"Received: {p['received']:,.2f} for {p['paid']:,.2f} paid (fee {p['fee_convention']})",
            f"Fee: {p['fee_pct']:.2f}% of the amount sent",
        ]
        if p["total_cost_pct"] is None:
            lines.append("FX margin and total cost: give --mid-rate to reveal them")
        else:
            lines += [f"FX margin: {p['fx_margin_pct']:.2f}%", f"Total cost: {p['total_cost_pct']:.2f}%"]
        return "\n".join(lines)

    _emit(payload, args.json, text)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    con = _open()
    countries = corridors.resolver(con)
    send, recv = countries.resolve(args.send), countries.resolve(args.recv)
    offers, facts = quotes.provider_offers(con, send, recv, args.amount, currency=args.currency)
    payload = {
        "sending_iso3": send,
        "receiving_iso3": recv,
        "amount": args.amount,
        "amount_currency": args.currency,
        **facts,
        "providers": offers.to_dict(orient="records"),
    }

    def text(p: dict) -> str:
        head = f"{send} -> {recv}, {p['period']}, {p['amount_lcu']:,.0f} {p['currency']} sent (ranked by what arrives)"
        rows = [
            f"  {'' if _missing(r['rank']) else int(r['rank']):>3} {str(r['firm'])[:28]:<28} {r['total_cost_pct']:6.2f}%  "
            f"{r['received_value_lcu']:>12,.0f}  {r['estimate']}{'' if r['transparent'] else '  (rate not disclosed)'}"
            for r in p["providers"]
        ]
        return "\n".join([head, *rows])

    _emit(payload, args.json, text)
    return 0


def cmd_benchmark(args: argparse.Namespace) -> int:
    from remit import benchmark

    con = _open()
    send, recv = benchmark.resolve_product(con, args.send, args.recv)
    if args.fx_margin_pct is not None:
        margin = args.fx_margin_pct
    elif args.rate is not None and args.mid_rate is not None:
        margin = benchmark.margin_from_rates(args.rate, args.mid_rate)
    else:
        raise benchmark.InvalidProduct(msg("Give --fx-margin-pct, or --rate with --mid-rate."))
    details = {
        "product": args.product,
        "speed": args.speed,
        "payout": args.payout,
        "firm_type": args.firm_type,
        "payment_instrument": args.payment_instrument,
        "transfers_per_year": args.transfers_per_year,
    }
    if args.fee_usd is not None:
        product = benchmark.Product.with_fee_usd(send, recv, args.fee_usd, margin, args.amount, **details)
    else:
        product = benchmark.Product(send, recv, args.fee_pct, margin, args.amount, **details)
    r = benchmark.benchmark_product(con, product, period=args.period, strict=True, against=args.against)
    citations = dict(con.execute("SELECT source_id, citation FROM source").fetchall())
    used = [s for s in (r["source_id"], "rpw_provider" if r["services_n"] else None) if s]
    if r["services_n"]:
        note = None
    elif con.execute("SELECT count(*) FROM provider_price").fetchone()[0]:
        note = f"The imported provider prices have no services for {send} -> {recv} in {r['period']}: no percentile among services."
    else:
        note = (
            "The percentile among the corridor's services, SmaRT, the cheapest service and peer groups need "
            "provider-level prices: import them with 'python -m remit import-rpw PATH'."
        )
    payload = {
        "sending_iso3": send,
        "sending_name": r["sending_name"],
        "receiving_iso3": recv,
        "receiving_name": r["receiving_name"],
        "unit": "% of the amount sent",
        "amount_usd": r["amount_usd"],
        "fee_usd": r["fee_usd"],
        "fee_pct": r["fee_pct"],
        "fx_margin_pct": r["fx_margin_pct"],
        "total_cost_pct": r["total_cost_pct"],
        "cost_usd": r["cost_usd"],
        "period": r["period"],
        "period_basis": r["period_basis"],
        "age_years": r["age_years"],
        "market_age": r["market_age"],
        "source": r["source_id"],
        "corridor_average_pct": r["corridor_average_pct"],
        "gap_to_average_pp": r["gap_to_average_pp"],
        "gap_to_average_usd": r["gap_to_average_usd"],
        "gap_to_3pct_pp": r["gap_to_3pct_pp"],
        "gap_to_3pct_usd": r["gap_to_3pct_usd"],
        "gap_to_5pct_pp": r["gap_to_5pct_pp"],
        "gap_to_5pct_usd": r["gap_to_5pct_usd"],
        "corridors_in_quarter": r["corridors_in_quarter_n"],
        "mean_of_corridor_averages_pct": r["mean_of_corridor_averages_pct"],
        "percentile_among_corridor_averages": r["percentile_among_corridor_averages"],
        "peer_set": r["peer_set"],
        "peers_n": r["peers_n"],
        "peers_percentile": r["peers_percentile"],
        "peer_sets": [
            {
                "peer_set": s["peer_set"],
                "label": s["label"],
                "peers_n": s["peers_n"],
                "percentile": s["percentile"],
                "average_pct": s["average_pct"],
            }
            for s in benchmark.peer_sets(r).to_dict(orient="records")
        ],  # fmt: skip
        "provider_data": bool(r["services_n"]),
        "services_n": r["services_n"],
        "providers_n": r["providers_n"],
        "rank": r["rank_among_services"],
        "rank_of": r["rank_of"],
        "percentile": r["percentile_among_services"],
        "cheapest_pct": r["cheapest_pct"],
        "gap_to_cheapest_pp": r["gap_to_cheapest_pp"],
        "smart_pct": r["smart_pct"],
        "gap_to_smart_pp": r["gap_to_smart_pp"],
        "peer_group": r["peer_group"],
        "peer_services_n": r["peer_services_n"],
        "peer_average_pct": r["peer_average_pct"],
        "gap_to_peer_pp": r["gap_to_peer_pp"],
        "transfers_per_year": r["transfers_per_year"],
        "gap_to_average_usd_per_year": r["gap_to_average_usd_per_year"],
        "gap_to_3pct_usd_per_year": r["gap_to_3pct_usd_per_year"],
        "references": benchmark.references(r).to_dict(orient="records"),
        "sources": {sid: citations[sid] for sid in used if sid in citations},
        "note": "; ".join(str(n) for n in (note, r["note"]) if n) or None,
    }

    def text(p: dict) -> str:
        lines = [
            f"{p['sending_name']} -> {p['receiving_name']}, {p['period']} ({p['period_basis']})",
            f"  Market figures: {p['market_age']}",
            f"  Your total cost: {p['total_cost_pct']:.2f}% of US$ {p['amount_usd']:,.0f} "
            f"(fee {p['fee_pct']:.2f}% + FX margin {p['fx_margin_pct']:.2f}%)",
        ]
        if p["corridor_average_pct"] is not None:
            lines.append(
                f"  Corridor average: {p['corridor_average_pct']:.2f}% (gap {p['gap_to_average_pp']:+.2f} pp, "
                f"US$ {p['gap_to_average_usd']:+,.2f} a transfer)"
            )
            if p["gap_to_average_usd_per_year"] is not None:
                lines.append(
                    f"  At {p['transfers_per_year']:,.0f} transfers a year: US$ {p['gap_to_average_usd_per_year']:+,.0f} "
                    "a year against the corridor average"
                )
        lines.append(
            f"  Gap to the 3% target: {p['gap_to_3pct_pp']:+.2f} pp; to the 5% ceiling: {p['gap_to_5pct_pp']:+.2f} pp"
        )
        if p["percentile"] is not None and p["peer_set"] == "corridor_services":
            lines.append(f"  Rank {p['rank']} of {p['rank_of']} among the services (percentile {p['percentile']:.0f})")
        for s in p["peer_sets"]:
            if s["peer_set"] == "corridor_services" or (s["peer_set"] == "world" and p["peer_set"] != "world"):
                continue
            mark = "*" if s["peer_set"] == p["peer_set"] else " "
            where = "no corridors" if not s["peers_n"] else f"percentile {s['percentile']:.0f} of {s['peers_n']}"
            lines.append(f" {mark}{s['label']}: {where}")
        if p["note"]:
            lines.append(f"  Note: {p['note']}")
        return "\n".join([*lines, *(f"Source: {c}" for c in p["sources"].values())])

    _emit(payload, args.json, text)
    return 0


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


def _missing(value: object) -> bool:
    """None or NaN (a service that hides its rate has no rank)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


# Every number the CLI accepts, with the range it makes sense in: (option, low, high). Outside it (or not
# finite) the command stops with one line, instead of printing 309 digits or 'inf'.
AMOUNT_MAX = 10_000_000
BOUNDS = {
    "amount": (1, AMOUNT_MAX),
    "send": (1, AMOUNT_MAX),
    "fee": (0, AMOUNT_MAX),
    "fee_usd": (0, AMOUNT_MAX),
    "received": (0, 1e12),
    "rate": (1e-9, 1e9),
    "mid_rate": (1e-9, 1e9),
    "fee_pct": (0, 100),
    "fx_margin_pct": (-100, 100),
    "transfers_per_year": (0, 1e9),
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
