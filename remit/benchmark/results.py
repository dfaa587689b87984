"""What a benchmarked product or list shows, drawn from benchmark_frame's results: its peer sets, the reference
levels with their gaps, peer groups of the corridor's services, the corridors' spread, a corridor's reference
levels over quarters, and the services' positions for a ranking chart."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from remit.benchmark.comparison import (
    CORRIDOR_PEER_SETS,
    LEVEL_COLUMN,
    PEER_DIMENSIONS,
    REFERENCE_LEVELS,
    is_given,
    peer_mask,
    service_stats,
    terms,
)
from remit.messages import Country, Message, Term, msg


def peer_set_label(key: str, result: Mapping[str, object]) -> Message:
    """The name of a peer set for one benchmarked product ('Corridors from Germany')."""
    if key == "corridor_services":
        return msg("Services in this corridor")
    if key == "sending_country":
        return msg(
            "Corridors from {country}", country=Country(str(result["sending_iso3"]), str(result["sending_name"]))
        )
    if key == "receiving_country":
        return msg(
            "Corridors to {country}", country=Country(str(result["receiving_iso3"]), str(result["receiving_name"]))
        )
    if key == "region":
        return msg("Corridors to the region {region}", region=Term(str(result.get("receiving_region") or "?")))
    return msg("All corridors in the world")


def peer_sets(result: Mapping[str, object]) -> pd.DataFrame:
    """Every peer set of one benchmarked product: peer_set (key), label, peers_n, percentile, average_pct and
    headline (the set the price is ranked in). The corridor's services come first when there are any; the
    world last."""
    rows = []
    if result.get("services_n"):
        rows.append(("corridor_services", result["services_n"], result["percentile_among_services"],
                     result.get("services_average_pct")))  # fmt: skip
    for key, prefix in CORRIDOR_PEER_SETS:
        rows.append((key, result[f"{prefix}_n"], result[f"{prefix}_percentile"], result[f"{prefix}_average_pct"]))
    rows.append(("world", result["corridors_in_quarter_n"], result["percentile_among_corridor_averages"],
                 result["mean_of_corridor_averages_pct"]))  # fmt: skip
    return pd.DataFrame(
        [
            {
                "peer_set": key,
                "label": peer_set_label(key, result),
                "peers_n": int(n or 0),
                "percentile": None if pct is None or pd.isna(pct) else float(pct),
                "average_pct": None if avg is None or pd.isna(avg) else float(avg),
                "headline": key == result.get("peer_set"),
            }
            for key, n, pct, avg in rows
        ]
    )


def references(result: Mapping[str, object]) -> pd.DataFrame:
    """The reference levels of one benchmarked product with the gaps, levels the data lacks left out."""
    rows = []
    for key, name in REFERENCE_LEVELS:
        level = result.get(LEVEL_COLUMN[key])
        if level is None or (isinstance(level, float) and math.isnan(level)):
            continue
        label = (
            msg("Peer group average ({terms})", terms=terms(str(result["peer_group"]).split(" · ")))
            if key == "peer" and result.get("peer_group")
            else name
        )
        rows.append(
            {
                "reference": label,
                "level_pct": float(level),  # type: ignore[arg-type]
                "gap_pp": result[f"gap_to_{key}_pp"],
                "gap_usd_per_transfer": result[f"gap_to_{key}_usd"],
                "gap_usd_per_year": result[f"gap_to_{key}_usd_per_year"],
            }
        )
    firm = result.get("firm_type_average_pct")
    if firm is not None and not (isinstance(firm, float) and math.isnan(firm)):
        price, amount = float(result["total_cost_pct"]), float(result["amount_usd"])  # type: ignore[arg-type]
        volume = result.get("transfers_per_year")
        gap = price - float(firm)  # type: ignore[arg-type]
        rows.insert(
            min(4, len(rows)),
            {
                "reference": msg(
                    "Same firm type ({term}; {basis})",
                    term=Term(str(result["firm_type"])),
                    basis=result["firm_type_basis"],
                ),
                "level_pct": float(firm),  # type: ignore[arg-type]
                "gap_pp": gap,
                "gap_usd_per_transfer": amount * gap / 100,
                "gap_usd_per_year": None
                if volume is None or (isinstance(volume, float) and math.isnan(volume))
                else amount * gap / 100 * float(volume),  # type: ignore[arg-type]
            },
        )
    return pd.DataFrame(rows, columns=["reference", "level_pct", "gap_pp", "gap_usd_per_transfer", "gap_usd_per_year"])


_SAME = {  # a peer group of one dimension, named with the product's value
    "firm_type": lambda v: msg("Same firm type: {term}", term=Term(v)),
    "payment_instrument": lambda v: msg("Same payment instrument: {term}", term=Term(v)),
    "payout": lambda v: msg("Same pickup method: {term}", term=Term(v)),
}
_SAME_SEVERAL = {  # the peer group of every dimension given (in PEER_DIMENSIONS' order)
    ("firm_type", "payment_instrument"): msg("Same firm type, payment instrument"),
    ("firm_type", "payout"): msg("Same firm type, pickup method"),
    ("payment_instrument", "payout"): msg("Same payment instrument, pickup method"),
    ("firm_type", "payment_instrument", "payout"): msg("Same firm type, payment instrument, pickup method"),
}


def peer_groups(services: pd.DataFrame, product: Mapping[str, object]) -> pd.DataFrame:
    """The product against peer groups of one corridor's services in one quarter: all services, the same
    firm type, payment instrument, pickup method, and all three. Spread = most expensive - cheapest."""
    price = float(product["total_cost_pct"])  # type: ignore[arg-type]
    groups: list[tuple[Message, list[str]]] = [(msg("All services"), [])]
    given = [own for own, _ in PEER_DIMENSIONS if is_given(product, own)]
    for own in given:
        groups.append((_SAME[own](str(product[own])), [own]))
    if len(given) > 1:
        groups.append((_SAME_SEVERAL[tuple(given)], given))
    rows = []
    for label, dims in groups:
        s = services[peer_mask(services, product, dims)] if dims else services
        st = service_stats(s, price)
        rows.append(
            {
                "peer_group": label,
                "services_n": st["services_n"],
                "providers_n": st["providers_n"],
                "average_pct": st["services_average_pct"],
                "cheapest_pct": st["cheapest_pct"],
                "most_expensive_pct": st["most_expensive_pct"],
                "spread_pp": st["spread_pp"],
                "your_gap_to_average_pp": None
                if st["services_average_pct"] is None
                else price - st["services_average_pct"],
                "your_rank": st["rank"],
                "of": st["rank_of"],
                "your_percentile": st["percentile"],
            }
        )
    return pd.DataFrame(rows)


def corridor_spread(results: pd.DataFrame) -> pd.DataFrame:
    """Per corridor of a benchmarked list: the quarter, the corridor average, services and providers,
    cheapest, most expensive and spread (pp), SmaRT, and how many of the list's products are in it."""
    cols = ["corridor", "sending_name", "receiving_name", "period", "corridor_average_pct", "services_n",
            "providers_n", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct"]  # fmt: skip
    if results.empty:
        return pd.DataFrame(columns=[*cols, "products_n"])
    g = results.groupby(["corridor", "period"], sort=False)
    out = g[[c for c in cols if c not in ("corridor", "period")]].first()
    out["products_n"] = g.size()
    return out.reset_index()[[*cols, "products_n"]].sort_values("corridor").reset_index(drop=True)


def reference_history(
    hist: pd.DataFrame, services: pd.DataFrame | None, total_cost_pct: float | None = None
) -> pd.DataFrame:
    """One corridor's reference levels over quarters: the corridor average (explorer.histories, gaps kept)
    and, with provider prices, the cheapest service, SmaRT and the number of services; plus the gap of a
    price to the average in each quarter."""
    out = hist[["period", "period_start", "total_cost_pct_200", "source_id"]].rename(
        columns={"total_cost_pct_200": "corridor_average_pct"}
    )
    out = out.assign(cheapest_pct=np.nan, smart_pct=np.nan, services_n=pd.NA)
    if services is not None and len(services):
        per = {p: service_stats(g, total_cost_pct or 0.0) for p, g in services.groupby("period")}
        out["cheapest_pct"] = out["period"].map(lambda p: per[p]["cheapest_pct"] if p in per else np.nan)
        out["smart_pct"] = out["period"].map(lambda p: per[p]["smart_pct"] if p in per else np.nan)
        out["services_n"] = out["period"].map(lambda p: per[p]["services_n"] if p in per else pd.NA)
    out["cheapest_pct"] = pd.to_numeric(out["cheapest_pct"], errors="coerce").astype(float)
    out["smart_pct"] = pd.to_numeric(out["smart_pct"], errors="coerce").astype(float)
    out["services_n"] = pd.to_numeric(out["services_n"], errors="coerce").astype("Int64")
    if total_cost_pct is not None:
        out["your_total_cost_pct"] = float(total_cost_pct)
        out["gap_to_average_pp"] = float(total_cost_pct) - out["corridor_average_pct"]
    return out.reset_index(drop=True)


def positions(services: pd.DataFrame, result: Mapping[str, object]) -> pd.DataFrame:
    """One corridor's transparent services in one quarter plus the user's price, for a ranking chart:
    label (firm · pickup method · speed), total_cost_pct, kind ('you', 'peer' or 'other')."""
    ranked = services[~services["non_transparent"]]
    dims = [own for own, _ in PEER_DIMENSIONS if is_given(result, own)]
    peer = peer_mask(ranked, result, dims) if dims else pd.Series(False, index=ranked.index)
    label = (
        ranked["firm"].astype(str)
        + " · "
        + ranked["pickup_method"].fillna("?").astype(str)
        + " · "
        + ranked["speed"].fillna("?").astype(str)
    )
    others = pd.DataFrame(
        {"label": label, "total_cost_pct": ranked["total_cost_pct_200"], "kind": np.where(peer, "peer", "other")}
    )
    you = pd.DataFrame(
        [
            {
                "label": f"▶ {result.get('product') or 'Your price'}",
                "total_cost_pct": result["total_cost_pct"],
                "kind": "you",
            }
        ]
    )
    return (
        pd.concat([others, you], ignore_index=True).sort_values("total_cost_pct", kind="stable").reset_index(drop=True)
    )
