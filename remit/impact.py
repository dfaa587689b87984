"""Remittance flows and what costs take out of them (METHODOLOGY.md, development impact).

Cost paid on a flow = flow x cost / 100; savings at a target = flow x (current - target) / 100,
and zero when the cost already meets the target.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from remit import costs
from remit.corridors import SCOPES
from remit.sdg import SDG_TARGET_PCT


def cost_paid_usd(flow_usd: float, cost_pct: float) -> float:
    """What senders pay in fees and FX margins on a flow at an average cost."""
    return flow_usd * cost_pct / 100


def savings_usd(flow_usd: float, current_pct: float, target_pct: float) -> float:
    """Money left with recipients if costs fell from current to target; never negative."""
    return max(0.0, flow_usd * (current_pct - target_pct) / 100)


_COUNTRY_SCOPE = {"focus": "c.focus_subregion IS NOT NULL", "world": "NOT c.is_aggregate"}
assert set(_COUNTRY_SCOPE) == set(SCOPES)


def _where(scope: str) -> str:
    if scope not in _COUNTRY_SCOPE:
        raise ValueError(f"scope must be one of {sorted(_COUNTRY_SCOPE)}, not {scope!r}")
    return _COUNTRY_SCOPE[scope]


def dependence(con: duckdb.DuckDBPyConnection, scope: str = "world", max_age_years: int = 5) -> pd.DataFrame:
    """Each economy's latest remittances received as % of GDP (WDI received / WDI GDP x 100).

    The latest year where both are published is used per country and returned with the row;
    economies whose latest such year is more than max_age_years older than the newest are left out.
    """
    return con.execute(
        f"""
        SELECT c.iso3, c.name, c.focus_subregion, y.year,
               y.remit_received_usd, y.gdp_usd,
               y.remit_received_usd / y.gdp_usd * 100 AS remit_received_pct_gdp_calc
        FROM country_year y JOIN country c USING (iso3)
        WHERE {_where(scope)} AND NOT c.is_aggregate
          AND y.remit_received_usd > 0 AND y.gdp_usd > 0
          AND y.year >= (SELECT max(year) FROM country_year WHERE remit_received_usd > 0 AND gdp_usd > 0) - ?
        QUALIFY y.year = max(y.year) OVER (PARTITION BY c.iso3)
        ORDER BY remit_received_pct_gdp_calc DESC
        """,  # noqa: S608 (the scope fragment comes from the _COUNTRY_SCOPE allow-list)
        [max_age_years],
    ).df()


def at_stake(
    con: duckdb.DuckDBPyConnection, scope: str = "focus", target_pct: float = SDG_TARGET_PCT, max_age_years: int = 5
) -> pd.DataFrame:
    """Per receiving economy: remittances received, the average cost of sending there (WDI
    SI.RMT.COST.IB.ZS, latest year), the cost that implies on the flow and the saving at a target.

    The flow is that of dependence(): the latest year with both flow and GDP, so that a saving can be
    set against GDP of the same year. The cost series ends in 2020; both years are returned.
    Economies without a cost figure are kept with empty cost columns.
    """
    flows = dependence(con, scope, max_age_years).rename(columns={"year": "flow_year"})
    cost = con.execute(
        """SELECT iso3, year AS cost_year, cost_to_country_pct FROM country_year
           WHERE cost_to_country_pct IS NOT NULL QUALIFY year = max(year) OVER (PARTITION BY iso3)"""
    ).df()
    df = flows.merge(cost, on="iso3", how="left", validate="one_to_one")
    has_cost = df["cost_to_country_pct"].notna()
    df["cost_paid_usd"] = (df["remit_received_usd"] * df["cost_to_country_pct"] / 100).where(has_cost)
    df["savings_at_target_usd"] = (
        (df["remit_received_usd"] * (df["cost_to_country_pct"] - target_pct) / 100).clip(lower=0).where(has_cost)
    )
    return df.sort_values("remit_received_usd", ascending=False, ignore_index=True)


# --- Money at stake on the corridor basis: the one computation behind every page's totals ---------


def _members(con: duckdb.DuckDBPyConnection, scope: str | list[str] | tuple[str, ...]) -> list[str]:
    if isinstance(scope, str):
        sql = f"SELECT iso3 FROM country c WHERE {_where(scope)} AND NOT c.is_aggregate ORDER BY 1"  # noqa: S608 (allow-list)
        return [r[0] for r in con.execute(sql).fetchall()]
    return list(scope)


def money_at_stake(
    con: duckdb.DuckDBPyConnection,
    scope: str | list[str] | tuple[str, ...] = "focus",
    target_pct: float = 3.0,
    period: str | None = None,
    extend_uncovered: bool = False,
) -> pd.DataFrame:
    """Per receiving economy (a scope, or a list of ISO3 codes): what senders pay and would save at a
    target, on the flow that has a corridor cost (remit.costs.country_cost: corridor averages, bilateral
    estimates of the year nearest the quarter).

    cost_paid_usd = sum of flow x corridor cost; savings_usd = sum of flow x (corridor cost - target),
    each corridor at least 0. The flow without a corridor cost is reported apart (uncovered_flow_usd);
    only with extend_uncovered is the weighted cost of the covered corridors applied to it
    (cost_paid_uncovered_usd, savings_uncovered_usd), never the unweighted country average.
    period None: each economy's latest quarter with every corridor.
    """
    members = _members(con, scope)
    meta = con.execute("SELECT iso3, name, focus_subregion FROM country").df().set_index("iso3")
    rows = []
    for iso, c in costs.country_costs(con, members, "to", period).items():
        paid = sum(k.flow_usd * k.cost_pct / 100 for k in c.corridors if k.flow_usd)
        saved = sum(max(0.0, k.flow_usd * (k.cost_pct - target_pct) / 100) for k in c.corridors if k.flow_usd)
        uncovered = c.uncovered_flow_usd()
        extend = extend_uncovered and c.weighted_pct is not None
        rows.append(
            {
                "iso3": iso,
                "name": meta.at[iso, "name"],
                "focus_subregion": meta.at[iso, "focus_subregion"],
                "period": c.period,
                "age_years": c.age_years,
                "weights_year": c.weights_year,
                "corridors_n": c.corridors_n,
                "corridors_with_flow_n": sum(1 for k in c.corridors if k.flow_usd),
                "weighted_cost_pct": c.weighted_pct,
                "unweighted_mean_pct": c.unweighted_mean_pct,
                "published_pct": c.published_pct,
                "published_year": c.published_year,
                "modelled_flow_usd": c.total_flow_usd,
                "covered_flow_usd": c.covered_flow_usd,
                "uncovered_flow_usd": uncovered,
                "coverage_pct": c.coverage_pct,
                "target_pct": float(target_pct),
                "cost_paid_usd": paid,
                "savings_usd": saved,
                "cost_paid_uncovered_usd": uncovered * c.weighted_pct / 100 if extend else None,
                "savings_uncovered_usd": savings_usd(uncovered, c.weighted_pct, target_pct) if extend else None,
                "meets_target": c.weighted_pct <= target_pct if c.weighted_pct is not None else None,
                "cost_sources": ",".join(sorted({k.source_id for k in c.corridors})),
            }
        )
    rows += _unpriced_rows(
        con, members, priced={r["iso3"] for r in rows}, meta=meta, target_pct=target_pct, period=period
    )
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    gdp = con.execute("SELECT iso3, year AS weights_year, gdp_usd FROM country_year WHERE gdp_usd > 0").df()
    df = df.merge(gdp, on=["iso3", "weights_year"], how="left", validate="one_to_one")
    df["savings_pct_gdp"] = df["savings_usd"] / df["gdp_usd"] * 100
    df["basis"] = "corridors with a cost x bilateral estimates"
    return df.sort_values("savings_usd", ascending=False, ignore_index=True)


def _unpriced_rows(
    con: duckdb.DuckDBPyConnection,
    members: list[str],
    *,
    priced: set[str],
    meta: pd.DataFrame,
    target_pct: float,
    period: str | None,
) -> list[dict]:
    """The members with a modelled inflow but no priced corridor: their whole inflow is uncovered, so that the
    coverage of a scope counts it as remit.costs.country_cost does for a region (every member's modelled
    inflow, in the matrix year nearest the scope's quarter). Cost, savings and quarter stay empty."""
    missing = [m for m in members if m not in priced]
    scope_period = period or costs.latest_country_period(con, members, "to") if missing else None
    year = costs.nearest_year(costs.flow_years(con), scope_period) if scope_period else None
    if year is None:
        return []
    totals = costs.modelled_totals(con, missing, "to", [year])
    return [
        {
            "iso3": r.own_iso3,
            "name": meta.at[r.own_iso3, "name"],
            "focus_subregion": meta.at[r.own_iso3, "focus_subregion"],
            "period": None,
            "age_years": None,
            "weights_year": int(r.weights_year),
            "corridors_n": 0,
            "corridors_with_flow_n": 0,
            "weighted_cost_pct": None,
            "unweighted_mean_pct": None,
            "published_pct": None,
            "published_year": None,
            "modelled_flow_usd": float(r.total_flow_usd),
            "covered_flow_usd": 0.0,
            "uncovered_flow_usd": float(r.total_flow_usd),
            "coverage_pct": 0.0,
            "target_pct": float(target_pct),
            "cost_paid_usd": None,
            "savings_usd": None,
            "cost_paid_uncovered_usd": None,
            "savings_uncovered_usd": None,
            "meets_target": None,
            "cost_sources": "",
        }
        for r in totals.sort_values("own_iso3").itertuples()
        if r.total_flow_usd > 0
    ]


def stake_totals(stake: pd.DataFrame) -> dict:
    """The totals every page shows for a money_at_stake table (or any subset of its rows). coverage_pct is the
    share of the modelled inflow of every economy in the table, those without any priced corridor included
    (the same definition as remit.costs.country_cost for a region); economies_n counts those with a price,
    unpriced_economies_n the others."""
    if stake.empty:
        return {"economies_n": 0, "covered_flow_usd": 0.0, "uncovered_flow_usd": 0.0, "cost_paid_usd": 0.0,
                "savings_usd": 0.0, "coverage_pct": None, "weighted_cost_pct": None, "periods": [],
                "weights_years": [], "cost_paid_uncovered_usd": None, "savings_uncovered_usd": None,
                "unpriced_economies_n": 0}  # fmt: skip
    covered = float(stake["covered_flow_usd"].sum())
    modelled = float(stake["modelled_flow_usd"].sum())
    extended = stake["cost_paid_uncovered_usd"].notna().any()
    priced = stake["corridors_n"] > 0
    return {
        "economies_n": int(priced.sum()),
        "unpriced_economies_n": int((~priced).sum()),
        "covered_flow_usd": covered,
        "uncovered_flow_usd": float(stake["uncovered_flow_usd"].sum()),
        "coverage_pct": covered / modelled * 100 if modelled > 0 else None,
        "cost_paid_usd": float(stake["cost_paid_usd"].sum()),
        "savings_usd": float(stake["savings_usd"].sum()),
        "weighted_cost_pct": float(stake["cost_paid_usd"].sum() / covered * 100) if covered > 0 else None,
        "periods": sorted(set(stake["period"].dropna())),
        "weights_years": sorted({int(y) for y in stake["weights_year"].dropna()}),
        "cost_paid_uncovered_usd": float(stake["cost_paid_uncovered_usd"].sum()) if extended else None,
        "savings_uncovered_usd": float(stake["savings_uncovered_usd"].sum()) if extended else None,
    }
