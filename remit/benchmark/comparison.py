"""Comparing products with the market: percentile, rank and levels among services, peer groups, the
reference levels and the gaps to them (benchmark_frame). The tables drawn from a benchmarked result (peer
sets, references, peer groups, positions, history) are in results.py."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import duckdb
import numpy as np
import pandas as pd

from remit.benchmark.market import corridor_table, market_age, quarter_age_years, services_table
from remit.benchmark.products import Product, joined
from remit.corridors import latest_period, resolver, unknown_corridor
from remit.errors import MissingData
from remit.explorer import check_period
from remit.keys import Corridor
from remit.messages import Joined, Term, msg
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

_EPS = 1e-9


def percentile(value: float, values: Sequence[float] | np.ndarray) -> float | None:
    """Share of `values` below `value`, ties counted half, in % (0 = cheapest, 100 = dearest); None if empty."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return None
    below = float((v < value - _EPS).sum())
    equal = float((np.abs(v - value) <= _EPS).sum())
    return (below + 0.5 * equal) / len(v) * 100


_FIRM_ALIASES = {"mto": "money transfer operator", "money transfer company": "money transfer operator",
                 "post": "post office", "postal": "post office", "mno": "mobile operator"}  # fmt: skip


def _term(text: object) -> str:
    t = " ".join(str(text).split()).casefold()
    return _FIRM_ALIASES.get(t, t)


def matches(value: object, wanted: object) -> bool:
    """A service's attribute matches the product's: equal ignoring case and spacing, or containing it as
    whole words ('Account' matches 'Bank account'); MTO means Money Transfer Operator."""
    if value is None or wanted is None or (isinstance(value, float) and math.isnan(value)):
        return False
    v, w = _term(value), _term(wanted)
    return bool(w) and (v == w or re.search(rf"\b{re.escape(w)}\b", v) is not None)


# (the product's column, the services' column) of each dimension of a peer group
PEER_DIMENSIONS = (
    ("firm_type", "firm_type"),
    ("payment_instrument", "payment_instrument"),
    ("payout", "pickup_method"),
)


def peer_mask(services: pd.DataFrame, product: Mapping[str, object], dims: Sequence[str]) -> pd.Series:
    mask = pd.Series(True, index=services.index)
    for own, theirs in PEER_DIMENSIONS:
        if own in dims:
            wanted = product.get(own)
            mask &= services[theirs].map(lambda v, w=wanted: matches(v, w))
    return mask


def is_given(product: Mapping[str, object], col: str) -> bool:
    v = product.get(col)
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and bool(str(v).strip())


def service_stats(services: pd.DataFrame, price: float) -> dict:
    """Rank, percentile and levels among transparent services (opaque ones are counted, not ranked)."""
    ranked = services[~services["non_transparent"]]
    costs = ranked["total_cost_pct_200"].to_numpy(dtype=float)
    smart = np.sort(ranked.loc[ranked["qualifies_for_smart"], "total_cost_pct_200"].to_numpy(dtype=float))[:3]
    n = len(costs)
    return {
        "services_n": n,
        "providers_n": int(ranked["firm"].nunique()),
        "non_transparent_n": int(services["non_transparent"].sum()),
        "services_average_pct": float(costs.mean()) if n else None,
        "cheapest_pct": float(costs.min()) if n else None,
        "most_expensive_pct": float(costs.max()) if n else None,
        "spread_pp": float(costs.max() - costs.min()) if n else None,
        "rank": int((costs < price - _EPS).sum()) + 1 if n else None,
        "rank_of": n + 1 if n else None,
        "percentile": percentile(price, costs),
        "smart_pct": float(smart.mean()) if len(smart) else None,
        "smart_services_n": len(smart),
    }


REFERENCE_LEVELS = (  # (key, label); gap columns are gap_to_<key>_pp, _usd, _usd_per_year
    ("average", msg("Corridor average")),
    ("smart", msg("SmaRT (3 cheapest qualifying services)")),
    ("cheapest", msg("Cheapest service")),
    ("peer", msg("Peer group average")),
    ("3pct", msg("SDG target 3%")),  # SDG_TARGET_PCT
    ("5pct", msg("SDG ceiling 5%")),  # SDG_CORRIDOR_CEILING_PCT
    ("corridors_mean", msg("Mean of corridor averages (all corridors)")),
)
LEVEL_COLUMN = {
    "average": "corridor_average_pct",
    "smart": "smart_pct",
    "cheapest": "cheapest_pct",
    "peer": "peer_average_pct",
    "3pct": "sdg_target_pct",
    "5pct": "sdg_ceiling_pct",
    "corridors_mean": "mean_of_corridor_averages_pct",
}


# What a price is ranked against. "peers" (the default): the corridor's own services when provider prices are
# loaded, otherwise corridors from the same sending country, to the same receiving country and to the same
# region (each reported); "world": every corridor average of the quarter, only when asked for.
AGAINST = ("peers", "world")
# The corridor peer sets in the order the headline takes the first that has corridors: (key, column prefix).
CORRIDOR_PEER_SETS = (("sending_country", "peers_sending"), ("receiving_country", "peers_receiving"),
                      ("region", "peers_region"))  # fmt: skip


def _corridor_peers(quarter: pd.DataFrame, send: str, recv: str, region: object, price: float) -> dict:
    """n, percentile and mean of the corridor averages in one quarter from the same sending country, to the same
    receiving country and to the same (receiving) region; the corridor itself is one of them when surveyed."""
    out: dict = {}
    masks = {
        "peers_sending": quarter["sending_iso3"] == send,
        "peers_receiving": quarter["receiving_iso3"] == recv,
        "peers_region": quarter["receiving_region"] == region
        if region is not None
        else pd.Series(False, index=quarter.index),
    }
    for prefix, mask in masks.items():
        values = quarter.loc[mask, "total_cost_pct_200"].to_numpy(dtype=float)
        out[f"{prefix}_n"] = len(values)
        out[f"{prefix}_percentile"] = percentile(price, values)
        out[f"{prefix}_average_pct"] = float(values.mean()) if len(values) else None
    return out


def benchmark_frame(
    products: pd.DataFrame,
    corridor_costs: pd.DataFrame,
    services_for: Callable[[str], pd.DataFrame] | None,
    *,
    fallback_period: str,
    period: str | None = None,
    transfers_per_year: float | None = None,
    against: str = "peers",
) -> pd.DataFrame:
    """Benchmark products (parse_price_list's good rows, or Product.as_row() rows) against the market.

    Args:
        products: sending_iso3, receiving_iso3, amount_usd, fee_pct, fx_margin_pct, total_cost_pct and
            optionally product, firm_type, payment_instrument, payout, speed, transfers_per_year, row.
        corridor_costs: corridor_table(con).
        services_for: period -> services_table(con, period); None when provider prices are not loaded.
        fallback_period: the quarter for corridors without any cost data (latest with every corridor).
        period: one quarter for every product; None: each corridor's latest quarter with data.
        transfers_per_year: the volume for products without their own; None leaves yearly gaps blank.
        against: "peers" ranks a price among the corridor's services (with provider prices) or, without them,
            among the corridors from the same sending country, then to the same receiving country, then to the
            same region (the first set with corridors); "world" among every corridor average of the quarter.
            peer_set, peers_n and peers_percentile say which set, how many and where; every set is reported.
    """
    if against not in AGAINST:
        raise ValueError(f"against must be one of {AGAINST}, not {against!r}")
    cc = corridor_costs
    quarters = dict(tuple(cc.groupby("period")))
    regions = dict(zip(cc["receiving_iso3"], cc["receiving_region"], strict=False)) if "receiving_region" in cc else {}
    latest = cc.groupby(["sending_iso3", "receiving_iso3"])["period"].max().to_dict()
    by_key = cc.set_index(["period", "sending_iso3", "receiving_iso3"])
    by_period = {p: np.sort(g["total_cost_pct_200"].to_numpy(dtype=float)) for p, g in cc.groupby("period")}
    names = dict(zip(cc["sending_iso3"], cc["sending_name"], strict=False)) | dict(
        zip(cc["receiving_iso3"], cc["receiving_name"], strict=False)
    )
    service_cache: dict[str, dict[tuple[str, str], pd.DataFrame]] = {}  # quarter -> corridor -> its services
    rows = []
    for record in products.to_dict(orient="records"):
        p = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in record.items()}  # NaN -> None
        send, recv = p["sending_iso3"], p["receiving_iso3"]
        price = float(p["total_cost_pct"])
        amount = float(p["amount_usd"])
        volume = p.get("transfers_per_year")
        volume = volume if volume is not None and not pd.isna(volume) else transfers_per_year
        notes = [p["note"]] if p.get("note") else []
        firm = _term(p.get("firm_type") or "")
        firm_column = (
            "bank_cost_pct_200"
            if re.fullmatch(r"(?:commercial\s+)?banks?", firm)
            else "mto_cost_pct_200"
            if firm == "money transfer operator"
            else None
        )
        corridor_latest = latest.get((send, recv))
        if period is not None:
            when, basis = period, msg("the quarter chosen")
        elif corridor_latest is not None:
            when, basis = corridor_latest, msg("the corridor's latest quarter with data")
        else:
            when, basis = fallback_period, msg("the latest quarter with data for every corridor")
        out = {
            "row": p.get("row"),
            "product": p.get("product"),
            "corridor": f"{send}-{recv}",
            "sending_iso3": send,
            "sending_name": names.get(send, send),
            "receiving_iso3": recv,
            "receiving_name": names.get(recv, recv),
            "amount_usd": amount,
            "fee_usd": amount * float(p["fee_pct"]) / 100,
            "fee_pct": float(p["fee_pct"]),
            "fx_margin_pct": float(p["fx_margin_pct"]),
            "total_cost_pct": price,
            "cost_usd": amount * price / 100,
            "transfers_per_year": volume,
            "speed": p.get("speed"),
            "payout": p.get("payout"),
            "firm_type": p.get("firm_type"),
            "payment_instrument": p.get("payment_instrument"),
            "period": when,
            "period_basis": basis,
            "corridor_average_pct": None,
            "source_id": None,
            "services_in_average_n": None,
        }
        key = (when, send, recv)
        if key in by_key.index:
            ref = by_key.loc[key]
            out["corridor_average_pct"] = float(ref["total_cost_pct_200"])
            out["source_id"] = ref["source_id"]
            out["services_in_average_n"] = None if pd.isna(ref["services_n"]) else int(ref["services_n"])
            corridor_firm = ref[firm_column] if firm_column else None
        else:
            corridor_firm = None
            if corridor_latest is None:
                notes.append(msg("no cost data for this corridor: the World Bank does not survey it"))
            else:
                notes.append(
                    msg(
                        "no corridor average in {period} (the corridor's latest is {latest})",
                        period=when,
                        latest=corridor_latest,
                    )
                )
        values = by_period.get(when, np.array([]))
        out["corridors_in_quarter_n"] = len(values)
        out["mean_of_corridor_averages_pct"] = float(values.mean()) if len(values) else None
        out["median_corridor_average_pct"] = float(np.median(values)) if len(values) else None
        out["percentile_among_corridor_averages"] = percentile(price, values)
        out["receiving_region"] = regions.get(recv)
        out.update(_corridor_peers(quarters.get(when, cc.iloc[:0]), send, recv, regions.get(recv), price))
        out["age_years"] = quarter_age_years(when)
        out["market_age"] = market_age(when)
        out["sdg_target_pct"], out["sdg_ceiling_pct"] = SDG_TARGET_PCT, SDG_CORRIDOR_CEILING_PCT

        stats: dict = {}
        peer: dict = {}
        if services_for is not None:
            if when not in service_cache:
                service_cache[when] = {
                    key: g for key, g in services_for(when).groupby(["sending_iso3", "receiving_iso3"], sort=False)
                }
            s = service_cache[when].get((send, recv))
            if s is not None and len(s):
                stats = service_stats(s, price)
                dims = [own for own, _ in PEER_DIMENSIONS if is_given(p, own)]
                if dims:
                    peers = s[peer_mask(s, p, dims)]
                    ps = service_stats(peers, price)
                    peer = {
                        "peer_group": " · ".join(str(p[d]) for d in dims),
                        "peer_services_n": ps["services_n"],
                        "peer_average_pct": ps["services_average_pct"],
                        "peer_rank": ps["rank"],
                        "peer_rank_of": ps["rank_of"],
                    }
                    if is_given(p, "firm_type"):
                        same = s[peer_mask(s, p, ["firm_type"])]
                        fs = service_stats(same, price)
                        peer["firm_type_average_pct"] = fs["services_average_pct"]
                        peer["firm_type_services_n"] = fs["services_n"]
                        peer["firm_type_basis"] = msg("services of the same firm type")
                    if not ps["services_n"]:
                        notes.append(
                            msg(
                                "no surveyed service of the same kind ({terms}) in {period}",
                                terms=terms(p[d] for d in dims),
                                period=when,
                            )
                        )
            else:
                notes.append(msg("no provider prices for this corridor in {period}", period=when))
        if "firm_type_average_pct" not in peer and corridor_firm is not None and not pd.isna(corridor_firm):
            peer["firm_type_average_pct"] = float(corridor_firm)
            peer["firm_type_basis"] = msg(
                "corridor data: {average}",
                average=msg("banks' average")
                if firm_column == "bank_cost_pct_200"
                else msg("money transfer operators' average"),
            )
        out.update({
            "services_n": stats.get("services_n"),
            "providers_n": stats.get("providers_n"),
            "non_transparent_n": stats.get("non_transparent_n"),
            "rank_among_services": stats.get("rank"),
            "rank_of": stats.get("rank_of"),
            "percentile_among_services": stats.get("percentile"),
            "services_average_pct": stats.get("services_average_pct"),
            "cheapest_pct": stats.get("cheapest_pct"),
            "most_expensive_pct": stats.get("most_expensive_pct"),
            "spread_pp": stats.get("spread_pp"),
            "smart_pct": stats.get("smart_pct"),
            "smart_services_n": stats.get("smart_services_n"),
            "peer_group": peer.get("peer_group"),
            "peer_services_n": peer.get("peer_services_n"),
            "peer_average_pct": peer.get("peer_average_pct"),
            "peer_rank": peer.get("peer_rank"),
            "peer_rank_of": peer.get("peer_rank_of"),
            "firm_type_average_pct": peer.get("firm_type_average_pct"),
            "firm_type_services_n": peer.get("firm_type_services_n"),
            "firm_type_basis": peer.get("firm_type_basis"),
        })  # fmt: skip
        out.update(_headline(out, against))
        for ref_key, _ in REFERENCE_LEVELS:
            level = out.get(LEVEL_COLUMN[ref_key])
            gap = None if level is None or pd.isna(level) else price - float(level)
            out[f"gap_to_{ref_key}_pp"] = gap
            out[f"gap_to_{ref_key}_usd"] = None if gap is None else amount * gap / 100
            out[f"gap_to_{ref_key}_usd_per_year"] = (
                None if gap is None or volume is None or pd.isna(volume) else amount * gap / 100 * float(volume)
            )
        out["note"] = joined([n for n in notes if n])
        rows.append(out)
    result = pd.DataFrame(rows)
    if result.empty:
        return result
    for col in result.columns:
        if col.endswith(("_pct", "_pp", "_usd", "_usd_per_year", "_percentile", "age_years")) or col.startswith(
            "percentile"
        ):
            result[col] = pd.to_numeric(result[col], errors="coerce").astype(float)
    for col in ("services_n", "providers_n", "non_transparent_n", "peers_n", "peers_sending_n", "peers_receiving_n",
                "peers_region_n", "rank_among_services", "rank_of", "smart_services_n",
                "peer_services_n", "peer_rank", "peer_rank_of", "firm_type_services_n", "corridors_in_quarter_n",
                "services_in_average_n", "row"):  # fmt: skip
        result[col] = pd.to_numeric(result[col], errors="coerce").astype("Int64")
    result["transfers_per_year"] = pd.to_numeric(result["transfers_per_year"], errors="coerce").astype(float)
    return result


def _headline(out: Mapping[str, object], against: str) -> dict:
    """The peer set a price is ranked in: peer_set, peers_n, peers_percentile (None: no peers at all)."""
    if against == "world":
        return {"peer_set": "world", "peers_n": out["corridors_in_quarter_n"],
                "peers_percentile": out["percentile_among_corridor_averages"]}  # fmt: skip
    if out.get("services_n"):
        return {"peer_set": "corridor_services", "peers_n": out["services_n"],
                "peers_percentile": out["percentile_among_services"]}  # fmt: skip
    for key, prefix in CORRIDOR_PEER_SETS:
        if out[f"{prefix}_n"]:
            return {"peer_set": key, "peers_n": out[f"{prefix}_n"], "peers_percentile": out[f"{prefix}_percentile"]}
    return {"peer_set": None, "peers_n": 0, "peers_percentile": None}


# Result columns that only provider-level prices fill (a page may hide them without an import).
SERVICE_RESULT_COLUMNS = frozenset(
    {"services_n", "providers_n", "non_transparent_n", "rank_among_services", "rank_of", "percentile_among_services",
     "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct", "smart_services_n", "peer_group",
     "peer_services_n", "peer_average_pct", "peer_rank", "peer_rank_of", "gap_to_smart_pp", "gap_to_cheapest_pp",
     "gap_to_peer_pp"}
)  # fmt: skip


def _checked_period(con: duckdb.DuckDBPyConnection, period: str | None) -> str | None:
    return None if period is None else check_period(con, period)


def benchmark_price_list(
    con: duckdb.DuckDBPyConnection,
    products: pd.DataFrame,
    *,
    period: str | None = None,
    transfers_per_year: float | None = None,
    against: str = "peers",
) -> pd.DataFrame:
    """benchmark_frame over the store: parse_price_list's good rows in, one benchmarked row per product out."""
    has_services = con.execute("SELECT count(*) > 0 FROM provider_price").fetchone()[0]
    return benchmark_frame(
        products,
        corridor_table(con),
        (lambda p: services_table(con, p)) if has_services else None,
        fallback_period=latest_period(con),
        period=_checked_period(con, period),
        transfers_per_year=transfers_per_year,
        against=against,
    )


def benchmark_product(
    con: duckdb.DuckDBPyConnection,
    product: Product,
    *,
    period: str | None = None,
    strict: bool = False,
    against: str = "peers",
) -> dict:
    """One product benchmarked (a row of benchmark_frame as a dict). strict: an unknown corridor or a
    quarter without data for the corridor raises (for the command line) instead of becoming a note."""
    period = _checked_period(con, period)
    if strict:
        have = con.execute(
            "SELECT list(period ORDER BY period) FROM corridor_cost WHERE sending_iso3 = ? AND receiving_iso3 = ?",
            [product.sending_iso3, product.receiving_iso3],
        ).fetchone()[0]
        if not have:
            raise unknown_corridor(con, Corridor(product.sending_iso3, product.receiving_iso3))
        if period is not None and period not in have:
            raise MissingData(
                msg(
                    "No cost data for {sending} -> {receiving} in {period}: the corridor has data from {first} to "
                    "{last}.",
                    sending=product.sending_iso3,
                    receiving=product.receiving_iso3,
                    period=period,
                    first=have[0],
                    last=have[-1],
                )
            )
    frame = benchmark_price_list(
        con,
        pd.DataFrame([product.as_row()]),
        period=period,
        transfers_per_year=product.transfers_per_year,
        against=against,
    )
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def resolve_product(con: duckdb.DuckDBPyConnection, sending: str, receiving: str) -> tuple[str, str]:
    """ISO3 codes of a corridor from user input (codes, names, KSV); UnknownCountry otherwise."""
    countries = resolver(con)
    return countries.resolve(sending), countries.resolve(receiving)


def terms(values: Iterable[object]) -> Joined:
    """Values from the data or a price list ('Bank', 'Cash') joined as 'Bank · Cash', each translated where the
    catalogues know it."""
    return Joined(tuple(Term(str(v)) for v in values), " · ")
