"""Corridor costs over time: histories, quarterly summaries and rankings (METHODOLOGY.md).

All figures are the cost of sending USD 200 as a % of the amount sent. On corridor-level data a
mean across corridors is a "mean of corridor averages", not the World Bank's Global Average
(a mean over services).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from remit.countries import CountryResolver
from remit.errors import UnknownCorridor
from remit.keys import Corridor
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

# The only SQL fragments built from a user's choice: an allow-list keyed by scope.
SCOPES: dict[str, str] = {
    "focus": "(s.focus_subregion IS NOT NULL OR r.focus_subregion IS NOT NULL)",
    "world": "TRUE",
}

# Corridor-quarter rows with both countries' names, regions, income groups and focus subregions, the
# source, and the official SmaRT of the UN SDG database where it has one (smart_cost_pct_200 and its
# smart_source_id; empty otherwise): the one query corridor costs are read through (here and in
# remit.explorer). Callers add a WHERE clause from fixed fragments (SCOPES) with bound values.
CORRIDOR_FRAME = """
    SELECT c.period, c.period_start, c.sending_iso3, c.receiving_iso3,
           s.name AS sending_name, r.name AS receiving_name,
           s.wb_region AS sending_region, r.wb_region AS receiving_region,
           s.wb_income_group AS sending_income_group, r.wb_income_group AS receiving_income_group,
           s.focus_subregion AS sending_subregion, r.focus_subregion AS receiving_subregion,
           c.total_cost_pct_200, c.total_cost_pct_500, c.fee_pct_200, c.fx_margin_pct_200,
           c.bank_cost_pct_200, c.mto_cost_pct_200, c.services_n, c.digital_services_pct, c.source_id,
           src.covers_all_corridors, m.smart_cost_pct_200, m.source_id AS smart_source_id
    FROM corridor_cost c
    JOIN country s ON s.iso3 = c.sending_iso3
    JOIN country r ON r.iso3 = c.receiving_iso3
    JOIN source src ON src.source_id = c.source_id
    LEFT JOIN corridor_smart m
      ON m.period = c.period AND m.sending_iso3 = c.sending_iso3 AND m.receiving_iso3 = c.receiving_iso3
"""


def _scope(scope: str) -> str:
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {sorted(SCOPES)}, not {scope!r}")
    return SCOPES[scope]


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter from first to last inclusive, '2011Q1'..'2020Q3', so gaps can be shown."""
    return [str(p) for p in pd.period_range(pd.Period(first, "Q"), pd.Period(last, "Q"), freq="Q")]


def resolver(con: duckdb.DuckDBPyConnection) -> CountryResolver:
    """A name/code resolver over the store's country table."""
    return CountryResolver.from_table(con.execute("SELECT iso3, name FROM country ORDER BY iso3").fetchall())


def corridor_history(con: duckdb.DuckDBPyConnection, sending: str, receiving: str) -> pd.DataFrame:
    """Every quarter of one corridor, ISO3 codes or names in, with the official SmaRT cost where the UN
    SDG database has one (smart_cost_pct_200, smart_source_id); UnknownCorridor if it has no data."""
    countries = resolver(con)
    send, recv = countries.resolve(sending), countries.resolve(receiving)
    df = con.execute(
        CORRIDOR_FRAME + " WHERE c.sending_iso3 = ? AND c.receiving_iso3 = ? ORDER BY c.period", [send, recv]
    ).df()
    if df.empty:
        raise unknown_corridor(con, Corridor(send, recv), countries)
    return df


def unknown_corridor(
    con: duckdb.DuckDBPyConnection, corridor: Corridor, countries: CountryResolver | None = None
) -> UnknownCorridor:
    """The error for a pair with no cost data, naming where the data does go from the sender and into the receiver."""
    names = (countries or resolver(con)).display
    send, recv = corridor.send, corridor.recv

    def codes(sql: str, code: str) -> list[str]:
        return [r[0] for r in con.execute(sql, [code]).fetchall()]

    return UnknownCorridor(
        f"{names.get(send, send)} ({send})",
        f"{names.get(recv, recv)} ({recv})",
        codes("SELECT DISTINCT receiving_iso3 FROM corridor_cost WHERE sending_iso3 = ? ORDER BY 1", send),
        codes("SELECT DISTINCT sending_iso3 FROM corridor_cost WHERE receiving_iso3 = ? ORDER BY 1", recv),
    )


def latest_period(con: duckdb.DuckDBPyConnection, complete_only: bool = True) -> str:
    """The latest quarter with data (from a source covering all corridors, by default)."""
    where = "WHERE source_id IN (SELECT source_id FROM source WHERE covers_all_corridors)" if complete_only else ""
    return con.execute(f"SELECT max(period) FROM corridor_cost {where}").fetchone()[0]  # noqa: S608 (constant)


def corridor_costs(con: duckdb.DuckDBPyConnection, scope: str = "world", complete_only: bool = True) -> pd.DataFrame:
    """Corridor-quarter rows with country names, limited to a scope."""
    where = _scope(scope)
    if complete_only:
        where += " AND c.source_id IN (SELECT source_id FROM source WHERE covers_all_corridors)"
    return con.execute(CORRIDOR_FRAME + f" WHERE {where} ORDER BY c.period, c.sending_iso3, c.receiving_iso3").df()


def quarterly_summary(costs: pd.DataFrame) -> pd.DataFrame:
    """Per quarter across corridors: count, mean of corridor averages, spread, SDG shares, and the SDG
    "no corridor above 5%" count by the official SmaRT (smart_n corridors have a SmaRT figure,
    above_5pct_smart_n of them are above 5%: see smart_counts).

    Quarters without any data between the first and last stay in the result as empty rows, so
    that a chart shows the gap instead of drawing through it.
    """
    cols = [
        "corridors_n",
        "mean_of_corridor_averages_pct",
        "median_pct",
        "p10_pct",
        "p90_pct",
        "min_pct",
        "max_pct",
        "above_5pct_n",
        "below_3pct_n",
        "above_5pct_share_pct",
        "below_3pct_share_pct",
        "smart_n",
        "above_5pct_smart_n",
    ]
    if costs.empty:
        return pd.DataFrame(columns=["period", "period_start", *cols])
    g = costs.groupby("period")["total_cost_pct_200"]
    out = pd.DataFrame(
        {
            "corridors_n": g.size(),
            "mean_of_corridor_averages_pct": g.mean(),
            "median_pct": g.median(),
            "p10_pct": g.quantile(0.10),
            "p90_pct": g.quantile(0.90),
            "min_pct": g.min(),
            "max_pct": g.max(),
            "above_5pct_n": g.apply(lambda s: int((s > SDG_CORRIDOR_CEILING_PCT).sum())),
            "below_3pct_n": g.apply(lambda s: int((s < SDG_TARGET_PCT).sum())),
        }
    )
    out["above_5pct_share_pct"] = out["above_5pct_n"] / out["corridors_n"] * 100
    out["below_3pct_share_pct"] = out["below_3pct_n"] / out["corridors_n"] * 100
    smart = smart_counts(costs)
    out["smart_n"], out["above_5pct_smart_n"] = smart["smart_n"], smart["above_5pct_smart_n"]
    grid = quarter_range(out.index.min(), out.index.max())
    out = out.reindex(grid).rename_axis("period").reset_index()
    out["period_start"] = pd.PeriodIndex(out["period"], freq="Q").to_timestamp()
    return out[["period", "period_start", *cols]]


def smart_counts(costs: pd.DataFrame, by: str | list[str] = "period") -> pd.DataFrame:
    """Per group of corridor rows (default: per quarter): smart_n, the corridors with an official SmaRT figure
    (UN SDG database, 2016-2021), and above_5pct_smart_n, those whose SmaRT is above the 5% ceiling.

    SmaRT is the average of the three cheapest services a typical sender can use; the World Bank measures the
    SDG's "no corridor above 5%" with it, so this count stands beside the count by corridor average. Rows
    without a smart_cost_pct_200 column count as having no SmaRT figure."""
    smart = costs["smart_cost_pct_200"] if "smart_cost_pct_200" in costs else pd.Series(float("nan"), costs.index)
    frame = pd.DataFrame({"has": smart.notna(), "above": smart > SDG_CORRIDOR_CEILING_PCT}, index=costs.index)
    keys = [costs[k] for k in ([by] if isinstance(by, str) else by)]
    g = frame.groupby(keys)
    return pd.DataFrame({"smart_n": g["has"].sum().astype(int), "above_5pct_smart_n": g["above"].sum().astype(int)})


def ranking(costs: pd.DataFrame, period: str) -> pd.DataFrame:
    """All corridors of one quarter, most expensive first."""
    q = costs[costs["period"] == period]
    cols = ["sending_iso3", "sending_name", "receiving_iso3", "receiving_name", "total_cost_pct_200",
            "smart_cost_pct_200", "source_id"]  # fmt: skip
    return q.sort_values("total_cost_pct_200", ascending=False)[cols].reset_index(drop=True)
