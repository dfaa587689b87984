"""The migrants' commands: quote (the true cost of one quote) and compare (every provider in a corridor)."""

from __future__ import annotations

import argparse

from remit import corridors, quotes
from remit.cli.common import emit, missing, open_store


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

    emit(payload, args.json, text)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    con = open_store()
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
            f"  {'' if missing(r['rank']) else int(r['rank']):>3} {str(r['firm'])[:28]:<28} {r['total_cost_pct']:6.2f}%  "
            f"{r['received_value_lcu']:>12,.0f}  {r['estimate']}{'' if r['transparent'] else '  (rate not disclosed)'}"
            for r in p["providers"]
        ]
        return "\n".join([head, *rows])

    emit(payload, args.json, text)
    return 0
