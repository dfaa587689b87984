"""Remittance flows and what costs take out of them (METHODOLOGY.md, development impact).

Cost paid on a flow = flow x cost / 100; savings at a target = flow x (current - target) / 100,
and zero when the cost already meets the target.
"""

from __future__ import annotations

import duckdb
import pandas as pd

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
