"""The financial institutions' command: benchmark (where one price sits in its corridor)."""

from __future__ import annotations

import argparse

from remit.cli.common import emit, open_store
from remit.messages import msg


def cmd_benchmark(args: argparse.Namespace) -> int:
    from remit import benchmark

    con = open_store()
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

    emit(payload, args.json, text)
    return 0
