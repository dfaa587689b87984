"""The policymakers' commands: corridor, corridors, country, savings, briefing."""

from __future__ import annotations

import argparse

from remit import corridors, costs, explorer, impact
from remit.cli.common import clean, emit, open_store
from remit.errors import RemitError
from remit.messages import msg


def cmd_corridor(args: argparse.Namespace) -> int:
    con = open_store()
    hist = corridors.corridor_history(con, args.send, args.recv)
    first = hist.iloc[0]
    sources = dict(con.execute("SELECT source_id, citation FROM source").fetchall())
    history = [
        {
            "period": r.period,
            "total_cost_pct": clean(r.total_cost_pct_200),
            "total_cost_pct_500": clean(r.total_cost_pct_500),
            "fee_pct": clean(r.fee_pct_200),
            "fx_margin_pct": clean(r.fx_margin_pct_200),
            "smart_pct": clean(r.smart_cost_pct_200),
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
        "latest_total_cost_pct": clean(hist["total_cost_pct_200"].iloc[-1]),
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

    emit(payload, args.json, text)
    return 0


def cmd_corridors(args: argparse.Namespace) -> int:
    con = open_store()
    period = explorer.check_period(con, args.period or corridors.latest_period(con))
    countries = corridors.resolver(con)
    send = tuple(countries.resolve(c) for c in args.send or [])
    recv = tuple(countries.resolve(c) for c in args.recv or [])
    ranked = explorer.ranking(con, period)
    shown = explorer.filter_corridors(ranked, send=send, recv=recv)
    sources = dict(con.execute("SELECT source_id, citation FROM source").fetchall())
    cost = shown["total_cost_pct_200"]
    counts = explorer.sdg_counts(shown)
    payload = {
        "period": period,
        "age_years": costs.quarter_age_years(period),
        "amount_usd": 200,
        "unit": "% of the amount sent",
        "filters": {"send": list(send), "recv": list(recv)},
        "count": len(shown),
        "corridors_in_quarter": len(ranked),
        "mean_of_corridor_averages_pct": clean(cost.mean()) if len(shown) else None,
        "above_5pct_n": counts["above_5pct_n"],
        "below_3pct_n": counts["below_3pct_n"],
        # The SDG's "no corridor above 5%" as the World Bank measures it: by the official SmaRT (UN SDG database).
        "above_5pct_smart_n": counts["above_5pct_smart_n"],
        "smart_n": counts["smart_n"],
        "corridors": [
            {
                "rank": int(r.rank),
                "corridor": r.corridor,
                "sending_iso3": r.sending_iso3,
                "sending_name": r.sending_name,
                "receiving_iso3": r.receiving_iso3,
                "receiving_name": r.receiving_name,
                "total_cost_pct": clean(r.total_cost_pct_200),
                "total_cost_pct_500": clean(r.total_cost_pct_500),
                "smart_pct": clean(r.smart_cost_pct_200),
                "sdg_band": r.sdg_band,
                "change_1y_pp": clean(r.change_1y_pp),
                "change_5y_pp": clean(r.change_5y_pp),
                "source": r.source_id,
            }
            for r in shown.itertuples()
        ],
        "sources": {
            sid: sources[sid]
            for sid in sorted({*shown["source_id"].unique(), *shown["smart_source_id"].dropna().unique()})
        },
        "note": "Corridor averages (mean over the services surveyed in a corridor); rank among all corridors in "
        "the quarter, most expensive first; changes in percentage points on the same quarter 1 and 5 years earlier. "
        "smart_pct: the official SmaRT (UN SDG database), the average of the three cheapest services a typical "
        "sender can use; the World Bank measures the SDG's 'no corridor above 5%' with it (above_5pct_smart_n of "
        "smart_n corridors with a SmaRT figure).",
    }

    def text(p: dict) -> str:
        head = f"{p['period']}: {p['count']} of {p['corridors_in_quarter']} corridors, cost of sending USD 200 (% of amount sent)"
        rows = [
            f"  {c['rank']:>4}  {c['corridor']:<8} {c['total_cost_pct']:6.2f}  {c['sending_name']} -> {c['receiving_name']}"
            for c in p["corridors"]
        ]
        above = (
            f"Above 5%: {p['above_5pct_n']} of {p['count']} by corridor average; by SmaRT (the World Bank's SDG "
            f"measure) {p['above_5pct_smart_n']} of the {p['smart_n']} with a SmaRT figure"
        )
        return "\n".join([head, *rows, above, *(f"Source: {c}" for c in p["sources"].values())])

    emit(payload, args.json, text)
    return 0


def _country_side(cost: costs.CountryCost, prefix: str, sources: dict[str, str]) -> dict:
    """One direction of `country`: the three measures, weights, coverage and the corridors."""
    return {
        f"{prefix}_period": cost.period,
        f"{prefix}_age_years": cost.age_years,
        f"{prefix}_weighted_pct": clean(cost.weighted_pct),
        f"{prefix}_unweighted_pct": clean(cost.unweighted_mean_pct),
        f"{prefix}_published_pct": clean(cost.published_pct),
        f"{prefix}_published_year": cost.published_year,
        f"{prefix}_published_source": sources.get(cost.published_source) if cost.published_source else None,
        f"{prefix}_weights_year": cost.weights_year,
        f"{prefix}_coverage_pct": clean(cost.coverage_pct),
        f"{prefix}_covered_flow_usd": clean(cost.covered_flow_usd),
        f"{prefix}_modelled_flow_usd": clean(cost.total_flow_usd),
        f"{prefix}_corridors_n": cost.corridors_n,
        f"{prefix}_why_they_differ": str(costs.why_they_differ(cost)) if cost.period else None,
        f"{prefix}_corridors": [
            {
                "corridor": f"{k.sending_iso3}-{k.receiving_iso3}",
                "sending_iso3": k.sending_iso3,
                "receiving_iso3": k.receiving_iso3,
                "partner_name": k.partner_name,
                "cost_pct": clean(k.cost_pct),
                "smart_pct": clean(k.smart_pct),
                "flow_usd": clean(k.flow_usd),
                "weight": clean(k.weight),
                "source": k.source_id,
            }
            for k in cost.corridors
        ],
    }


def cmd_country(args: argparse.Namespace) -> int:
    con = open_store()
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
        "coverage_pct": clean(to.coverage_pct) if to.corridors else None,
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
        "cost_paid_usd": clean(row["cost_paid_usd"]) if row is not None else None,
        "savings_usd": clean(row["savings_usd"]) if row is not None else None,
        "uncovered_flow_usd": clean(row["uncovered_flow_usd"]) if row is not None else None,
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

    emit(payload, args.json, text)
    return 0


def cmd_savings(args: argparse.Namespace) -> int:
    from remit import corridor_savings

    con = open_store()
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

    emit(payload, args.json, text)
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from remit import briefing, scenarios

    scenario = scenarios.Scenario(
        target_pct=args.target,
        use_country_average=args.use_country_average,
        years=args.years,
        growth_pct=args.growth,
    )
    done = briefing.briefing(open_store(), args.country, scenario, flow_year=args.year, period=args.period)
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
    emit(payload, args.json, lambda p: " ".join(p["paragraphs"]))
    return 0
