"""Corridor explorer for policymakers: rankings with change, group averages, map data, country profiles.

Every cost is a corridor average from the World Bank's Remittance Prices Worldwide (the mean over the
services surveyed in one corridor and quarter, METHODOLOGY.md). A mean across corridors (by region,
income group or country) is a *mean of corridor averages*: each corridor counts once, whatever its
number of services. It is not the World Bank's regional or Global Average, which are means over
services. Bilateral remittance flows are modelled estimates: they are labelled so and only ever
ranked as estimates.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from remit import costs
from remit.corridors import CORRIDOR_FRAME, quarter_range, quarterly_summary, smart_counts, unknown_corridor
from remit.errors import UnknownPeriod
from remit.keys import CORRIDOR_SEPARATOR, Corridor, corridor_code
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT, sdg_band

# Groupings of corridors: the only column names built into queries from a user's choice.
GROUPINGS: dict[str, tuple[str, str]] = {  # key -> (column of corridor_frame, label)
    "receiving_region": ("receiving_region", "Receiving region"),
    "sending_region": ("sending_region", "Sending region"),
    "receiving_income": ("receiving_income_group", "Receiving country's income group"),
    "sending_income": ("sending_income_group", "Sending country's income group"),
}
# Map sides: the country whose corridors are averaged, and the country at the other end.
SIDES: dict[str, tuple[str, str]] = {"receiving": ("receiving", "sending"), "sending": ("sending", "receiving")}
NOT_CLASSIFIED = "Not classified"
_PERIOD = re.compile(r"\d{4}Q[1-4]")

COST_COLUMNS = [
    "total_cost_pct_200",
    "total_cost_pct_500",
    "fee_pct_200",
    "fx_margin_pct_200",
    "bank_cost_pct_200",
    "mto_cost_pct_200",
]
# The official SmaRT of a corridor and quarter (UN SDG database, 2016-2021; empty where it has none).
SMART_COLUMNS = ["smart_cost_pct_200", "smart_source_id"]


# --- Corridors and quarters -----------------------------------------------------------------


def _with_codes(df: pd.DataFrame) -> pd.DataFrame:
    df.insert(0, "corridor", corridor_code(df["sending_iso3"], df["receiving_iso3"]))
    for side in ("sending", "receiving"):
        for col in (f"{side}_region", f"{side}_income_group"):
            df[col] = df[col].fillna(NOT_CLASSIFIED)
    return df


def corridor_frame(
    con: duckdb.DuckDBPyConnection, *, complete_only: bool = False, periods: list[str] | None = None
) -> pd.DataFrame:
    """Corridor-quarter rows with both countries' names, regions, income groups and the source.

    complete_only keeps the quarters from sources that cover every corridor (to 2020Q3 in the
    shipped data), so that averages over time compare like with like.
    """
    where, params = ["TRUE"], []
    if complete_only:
        where.append("src.covers_all_corridors")
    if periods is not None:
        where.append("list_contains(?, c.period)")
        params.append(list(periods))
    sql = CORRIDOR_FRAME + f" WHERE {' AND '.join(where)} ORDER BY c.period, c.sending_iso3, c.receiving_iso3"
    return _with_codes(con.execute(sql, params).df())  # noqa: S608 (fixed fragments; values bound)


def periods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every quarter with data: number of corridors and whether all corridors were covered then."""
    return con.execute(
        """SELECT c.period, count(*) AS corridors_n, bool_and(src.covers_all_corridors) AS complete
           FROM corridor_cost c JOIN source src USING (source_id) GROUP BY c.period ORDER BY c.period"""
    ).df()


def check_period(con: duckdb.DuckDBPyConnection, period: str) -> str:
    """The period if it has corridor data, else UnknownPeriod naming the quarters there are."""
    text = str(period).strip().upper()
    known = periods(con)
    if _PERIOD.fullmatch(text) and text in set(known["period"]):
        return text
    complete = known[known["complete"]]["period"]
    raise UnknownPeriod(
        str(period),
        first=known["period"].iloc[0],
        last=known["period"].iloc[-1],
        last_complete=complete.iloc[-1] if len(complete) else None,
        malformed=not _PERIOD.fullmatch(text),
    )


def corridor_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per corridor: code, names, first and last quarter, and which breakdowns it has."""
    df = con.execute(
        """SELECT c.sending_iso3, c.receiving_iso3, s.name AS sending_name, r.name AS receiving_name,
                  s.focus_subregion IS NOT NULL OR r.focus_subregion IS NOT NULL AS in_focus_region,
                  min(c.period) AS period_first, max(c.period) AS period_last, count(*) AS quarters_n,
                  count(c.total_cost_pct_500) > 0 AS has_usd_500,
                  count(c.fee_pct_200) > 0 AS has_fee_fx_split,
                  count(c.bank_cost_pct_200) + count(c.mto_cost_pct_200) > 0 AS has_bank_mto,
                  arg_max(c.total_cost_pct_200, c.period) AS latest_total_cost_pct_200
           FROM corridor_cost c JOIN country s ON s.iso3 = c.sending_iso3 JOIN country r ON r.iso3 = c.receiving_iso3
           GROUP BY ALL ORDER BY s.name, r.name"""
    ).df()
    df.insert(0, "corridor", corridor_code(df["sending_iso3"], df["receiving_iso3"]))
    df["label"] = df["sending_name"] + " → " + df["receiving_name"]
    return df


def histories(con: duckdb.DuckDBPyConnection, codes: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """The quarters of each corridor on one quarter grid (first to last quarter of any of them).

    Quarters a corridor has no data for stay in the result as empty rows, so a chart shows the gap.
    UnknownCorridor if a code has no data at all.
    """
    pairs = [Corridor.parse(c) for c in codes]
    if not pairs:
        return pd.DataFrame(
            columns=["corridor", "label", "period", "period_start", *COST_COLUMNS, "source_id", *SMART_COLUMNS]
        )
    rows = con.execute(
        CORRIDOR_FRAME + " WHERE list_contains(?, c.sending_iso3 || ? || c.receiving_iso3) ORDER BY c.period",
        [[p.code for p in pairs], CORRIDOR_SEPARATOR],
    ).df()
    rows = _with_codes(rows)
    for p in pairs:
        if not (rows["corridor"] == p.code).any():
            raise unknown_corridor(con, p)
    grid = quarter_range(rows["period"].min(), rows["period"].max())
    frames = []
    for code in dict.fromkeys(p.code for p in pairs):
        one = rows[rows["corridor"] == code].set_index("period").reindex(grid)
        first = rows[rows["corridor"] == code].iloc[0]
        for col in ("corridor", "sending_iso3", "receiving_iso3", "sending_name", "receiving_name"):
            one[col] = first[col]
        frames.append(one.rename_axis("period").reset_index())
    out = pd.concat(frames, ignore_index=True)
    out["period_start"] = pd.PeriodIndex(out["period"], freq="Q").to_timestamp()
    out["label"] = out["sending_name"] + " → " + out["receiving_name"]
    cols = ["corridor", "label", "sending_iso3", "sending_name", "receiving_iso3", "receiving_name"]
    return out[[*cols, "period", "period_start", *COST_COLUMNS, "services_n", "source_id", *SMART_COLUMNS]]


def history_summary(hist: pd.DataFrame, value: str = "total_cost_pct_200") -> pd.DataFrame:
    """Per corridor: first and latest quarter with data, the cost then, the change, quarters above 5%.

    value is the cost column (total_cost_pct_200 or total_cost_pct_500): the columns of the result are
    named after it (first_<value>, latest_<value>), and corridors without any figure in it are left out;
    latest_smart_pct is the official SmaRT in the latest quarter (for USD 200)."""
    rows = []
    smart = value == "total_cost_pct_200"  # SmaRT is the cost of sending USD 200
    for code, g in hist.dropna(subset=[value]).groupby("corridor", sort=False):
        first, last = g.iloc[0], g.iloc[-1]
        rows.append(
            {
                "corridor": code,
                "label": first["label"],
                "period_first": first["period"],
                f"first_{value}": first[value],
                "period_latest": last["period"],
                f"latest_{value}": last[value],
                "change_since_first_pp": last[value] - first[value],
                "quarters_n": len(g),
                "quarters_above_5pct_n": int((g[value] > SDG_CORRIDOR_CEILING_PCT).sum()),
                "latest_source_id": last["source_id"],
                # the official SmaRT in the latest quarter (USD 200 only; empty where the UN database has none)
                "latest_smart_pct": last.get("smart_cost_pct_200", float("nan")) if smart else float("nan"),
            }
        )
    columns = ["corridor", "label", "period_first", f"first_{value}", "period_latest", f"latest_{value}",
               "change_since_first_pp", "quarters_n", "quarters_above_5pct_n", "latest_source_id",
               "latest_smart_pct"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# --- Ranking of all corridors in a quarter ----------------------------------------------------


def ranking(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    """Every corridor of one quarter, most expensive first, with its rank among all corridors that
    quarter and its change on the same quarter one and five years earlier (blank where the corridor
    had no data then). UnknownPeriod if the quarter has no data."""
    period = check_period(con, period)
    p = pd.Period(period, "Q")
    year_ago, five_ago = str(p - 4), str(p - 20)
    rows = corridor_frame(con, periods=[period, year_ago, five_ago])
    now = rows[rows["period"] == period].copy()
    for tag, when in (("1y", year_ago), ("5y", five_ago)):
        then = rows[rows["period"] == when].set_index("corridor")["total_cost_pct_200"]
        now[f"total_cost_pct_200_{tag}_ago"] = now["corridor"].map(then)
        now[f"change_{tag}_pp"] = now["total_cost_pct_200"] - now[f"total_cost_pct_200_{tag}_ago"]
    now = now.sort_values(["total_cost_pct_200", "corridor"], ascending=[False, True]).reset_index(drop=True)
    now.insert(1, "rank", range(1, len(now) + 1))
    now["corridors_in_quarter_n"] = len(now)
    now["sdg_band"] = now["total_cost_pct_200"].map(sdg_band)
    now["period_1y_ago"], now["period_5y_ago"] = year_ago, five_ago
    return now.drop(columns=["period_start", "covers_all_corridors"])


def filter_corridors(
    df: pd.DataFrame,
    *,
    send: tuple[str, ...] = (),
    recv: tuple[str, ...] = (),
    either: tuple[str, ...] = (),
    sending_region: tuple[str, ...] = (),
    receiving_region: tuple[str, ...] = (),
    sending_income: tuple[str, ...] = (),
    receiving_income: tuple[str, ...] = (),
    above_5pct_only: bool = False,
    focus_only: bool = False,
) -> pd.DataFrame:
    """Corridors matching every filter given (an empty filter keeps all); `either` matches a country
    at either end; `focus_only` keeps the corridors from or to the focus region."""
    keep = pd.Series(True, index=df.index)
    if focus_only:
        keep &= df["sending_subregion"].notna() | df["receiving_subregion"].notna()
    for col, values in (
        ("sending_iso3", send),
        ("receiving_iso3", recv),
        ("sending_region", sending_region),
        ("receiving_region", receiving_region),
        ("sending_income_group", sending_income),
        ("receiving_income_group", receiving_income),
    ):
        if values:
            keep &= df[col].isin(values)
    if either:
        keep &= df["sending_iso3"].isin(either) | df["receiving_iso3"].isin(either)
    if above_5pct_only:
        keep &= df["total_cost_pct_200"] > SDG_CORRIDOR_CEILING_PCT
    return df[keep]


def sdg_counts(rows: pd.DataFrame) -> dict:
    """The SDG 10.c counts over corridor rows of one quarter (a ranking, filtered or not): corridors_n,
    above_5pct_n and below_3pct_n by corridor average, and beside them smart_n (corridors with an official
    SmaRT figure) and above_5pct_smart_n (those whose SmaRT is above 5%), the World Bank's measure of the
    SDG's "no corridor above 5%"."""
    cost = rows["total_cost_pct_200"]
    smart = rows["smart_cost_pct_200"] if "smart_cost_pct_200" in rows else pd.Series(float("nan"), rows.index)
    return {
        "corridors_n": len(rows),
        "above_5pct_n": int((cost > SDG_CORRIDOR_CEILING_PCT).sum()),
        "below_3pct_n": int((cost < SDG_TARGET_PCT).sum()),
        "smart_n": int(smart.notna().sum()),
        "above_5pct_smart_n": int((smart > SDG_CORRIDOR_CEILING_PCT).sum()),
    }


# --- Averages by region and income group over time ---------------------------------------------


def constant_set(costs: pd.DataFrame) -> pd.DataFrame:
    """Only the corridors with data in every quarter that has any data: a fixed set over time."""
    quarters = costs["period"].nunique()
    n = costs.groupby("corridor")["period"].nunique()
    return costs[costs["corridor"].isin(n[n == quarters].index)]


def group_summary(costs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group and quarter: corridors, mean of corridor averages, median, SDG counts and shares.

    Every group has every quarter of the overall range; quarters without data are empty rows.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {sorted(GROUPINGS)}, not {by!r}")
    col = GROUPINGS[by][0]
    frames = []
    grid = quarter_range(costs["period"].min(), costs["period"].max()) if len(costs) else []
    for group, g in costs.groupby(col, sort=True):
        s = quarterly_summary(g).set_index("period").reindex(grid).rename_axis("period").reset_index()
        s["period_start"] = pd.PeriodIndex(s["period"], freq="Q").to_timestamp()
        s.insert(0, "group", group)
        frames.append(s)
    if not frames:
        return pd.DataFrame(columns=["group", "period", "period_start", "corridors_n"])
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "grouping", GROUPINGS[by][1])
    return out


MIN_GROUP_CORRIDORS = 5  # a group with fewer corridors has an average that one corridor can swing


def group_sizes(summary: pd.DataFrame, minimum: int = MIN_GROUP_CORRIDORS) -> pd.DataFrame:
    """Per group of a group_summary: its corridors in its latest quarter with data, that quarter, and
    whether it is too small to compare (fewer than `minimum` corridors), largest first."""
    observed = summary.dropna(subset=["corridors_n"])
    last = observed.sort_values("period").groupby("group", sort=False).tail(1)
    out = pd.DataFrame(
        {
            "group": last["group"],
            "period": last["period"],
            "corridors_n": last["corridors_n"].astype(int),
        }
    )
    out["too_few"] = out["corridors_n"] < minimum
    return out.sort_values(["corridors_n", "group"], ascending=[False, True], ignore_index=True)


def group_members(costs: pd.DataFrame, by: str, group: str) -> list[str]:
    """The countries that make up one group (by name): for a receiving grouping the receiving countries,
    for a sending one the sending countries. Says, for instance, what 'Not classified' holds."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {sorted(GROUPINGS)}, not {by!r}")
    side = "receiving" if by.startswith("receiving") else "sending"
    names = costs.loc[costs[GROUPINGS[by][0]] == group, f"{side}_name"]
    return sorted(names.unique())


def sdg_picture(costs: pd.DataFrame) -> pd.DataFrame:
    """Per quarter: corridors above 5%, from 3% to 5% and below 3%, as counts and shares (SDG 10.c)."""
    s = quarterly_summary(costs)
    s["from_3_to_5pct_n"] = s["corridors_n"] - s["above_5pct_n"] - s["below_3pct_n"]
    s["from_3_to_5pct_share_pct"] = s["from_3_to_5pct_n"] / s["corridors_n"] * 100
    return s


def latest_by_group(summary: pd.DataFrame, years_back: int = 5, period: str | None = None) -> pd.DataFrame:
    """Each group in one quarter (default: the latest with data in any group), with its mean of
    corridor averages years_back earlier. Groups without data in that quarter are left out."""
    observed = summary.dropna(subset=["corridors_n"])
    period = period or observed["period"].max()
    then_period = str(pd.Period(period, "Q") - 4 * years_back)
    then = observed[observed["period"] == then_period].set_index("group")["mean_of_corridor_averages_pct"]
    now = observed[observed["period"] == period]
    out = pd.DataFrame(
        {
            "group": now["group"],
            "period": period,
            "corridors_n": now["corridors_n"].astype(int),
            "mean_of_corridor_averages_pct": now["mean_of_corridor_averages_pct"],
            "above_5pct_n": now["above_5pct_n"].astype(int),
            "above_5pct_share_pct": now["above_5pct_share_pct"],
            "below_3pct_n": now["below_3pct_n"].astype(int),
            "below_3pct_share_pct": now["below_3pct_share_pct"],
            "smart_n": now["smart_n"].astype(int),
            "above_5pct_smart_n": now["above_5pct_smart_n"].astype(int),
            f"period_{years_back}y_earlier": then_period,
            f"mean_{years_back}y_earlier_pct": now["group"].map(then),
        }
    )
    out[f"change_{years_back}y_pp"] = out["mean_of_corridor_averages_pct"] - out[f"mean_{years_back}y_earlier_pct"]
    return out.sort_values("mean_of_corridor_averages_pct", ascending=False, ignore_index=True)


# --- Map ----------------------------------------------------------------------------------------


def map_data(con: duckdb.DuckDBPyConnection, period: str, side: str = "receiving") -> pd.DataFrame:
    """Per receiving (or sending) country in one quarter: the mean of its corridor averages, the
    number of corridors, the cheapest and dearest, and the World Bank's own annual average cost to
    (from) the country for that year (WDI SI.RMT.COST.IB.ZS / OB.ZS, a mean over services)."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {sorted(SIDES)}, not {side!r}")
    period = check_period(con, period)
    this, other = SIDES[side]
    q = corridor_frame(con, periods=[period])
    g = q.groupby(f"{this}_iso3")
    out = pd.DataFrame(
        {
            "name": g[f"{this}_name"].first(),
            "wb_region": g[f"{this}_region"].first(),
            "wb_income_group": g[f"{this}_income_group"].first(),
            "focus_subregion": g[f"{this}_subregion"].first(),
            "corridors_n": g.size(),
            "mean_of_corridor_averages_pct": g["total_cost_pct_200"].mean(),
            "min_pct": g["total_cost_pct_200"].min(),
            "max_pct": g["total_cost_pct_200"].max(),
            "above_5pct_n": g["total_cost_pct_200"].apply(lambda s: int((s > SDG_CORRIDOR_CEILING_PCT).sum())),
            "cheapest_partner": g.apply(lambda d: d.loc[d["total_cost_pct_200"].idxmin(), f"{other}_name"]),
            "dearest_partner": g.apply(lambda d: d.loc[d["total_cost_pct_200"].idxmax(), f"{other}_name"]),
            "sources": g["source_id"].apply(lambda s: ", ".join(sorted(set(s)))),
        }
    ).rename_axis("iso3")
    out = out.join(smart_counts(q, f"{this}_iso3"))
    wdi_col = "cost_to_country_pct" if side == "receiving" else "cost_from_country_pct"
    wdi = con.execute(
        f"SELECT iso3, {wdi_col} FROM country_year WHERE year = ? AND {wdi_col} IS NOT NULL",  # noqa: S608 (wdi_col from a fixed pair)
        [int(period[:4])],
    ).df()
    out[f"wdi_{wdi_col}"] = out.index.map(wdi.set_index("iso3")[wdi_col])
    out["period"], out["side"], out["wdi_year"] = period, side, int(period[:4])
    # The flow-weighted cost and its coverage (remit.costs, the one country measure), beside the mean.
    weighted = costs.country_costs(con, list(out.index), "to" if side == "receiving" else "from", period)
    out["weighted_cost_pct"] = out.index.map(lambda c: weighted[c].weighted_pct if c in weighted else None)
    out["coverage_pct"] = out.index.map(lambda c: weighted[c].coverage_pct if c in weighted else None)
    out["weights_year"] = out.index.map(lambda c: weighted[c].weights_year if c in weighted else None)
    for col in ("weighted_cost_pct", "coverage_pct", "weights_year"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out.reset_index().sort_values("mean_of_corridor_averages_pct", ascending=False, ignore_index=True)


# --- Country profile ----------------------------------------------------------------------------


def countries_with_data(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Economies (no aggregates) with corridor costs or remittance flows, for a country picker."""
    return con.execute(
        """SELECT c.iso3, c.name, c.wb_region, c.focus_subregion,
                  EXISTS (SELECT 1 FROM corridor_cost k WHERE k.receiving_iso3 = c.iso3) AS has_corridors_to,
                  EXISTS (SELECT 1 FROM corridor_cost k WHERE k.sending_iso3 = c.iso3) AS has_corridors_from
           FROM country c
           WHERE NOT c.is_aggregate AND (
               EXISTS (SELECT 1 FROM corridor_cost k WHERE c.iso3 IN (k.sending_iso3, k.receiving_iso3))
               OR EXISTS (SELECT 1 FROM country_year y WHERE y.iso3 = c.iso3 AND y.remit_received_usd IS NOT NULL))
           ORDER BY c.name"""
    ).df()


def country_corridors(con: duckdb.DuckDBPyConnection, iso3: str) -> pd.DataFrame:
    """Every corridor-quarter that reaches the country ('to') or leaves it ('from'), with the partner."""
    df = corridor_frame(con)
    df = df[(df["receiving_iso3"] == iso3) | (df["sending_iso3"] == iso3)].copy()
    to = df["receiving_iso3"] == iso3
    df.insert(1, "direction", to.map({True: "to", False: "from"}))
    df.insert(2, "partner_iso3", df["sending_iso3"].where(to, df["receiving_iso3"]))
    df.insert(3, "partner_name", df["sending_name"].where(to, df["receiving_name"]))
    return df.reset_index(drop=True)


def corridor_status(costs: pd.DataFrame) -> pd.DataFrame:
    """Per corridor: its latest quarter, cost then, change on one and five years before, and its
    first quarter (2011 for most) with the cost then."""
    rows = []
    for code, g in costs.sort_values("period").groupby("corridor", sort=False):
        last, first = g.iloc[-1], g.iloc[0]
        by_period = g.set_index("period")["total_cost_pct_200"]
        p = pd.Period(last["period"], "Q")
        row = {
            "corridor": code,
            "sending_iso3": last["sending_iso3"],
            "sending_name": last["sending_name"],
            "receiving_iso3": last["receiving_iso3"],
            "receiving_name": last["receiving_name"],
            "period_latest": last["period"],
            "total_cost_pct_200": last["total_cost_pct_200"],
            "sdg_band": sdg_band(last["total_cost_pct_200"]),
            "change_1y_pp": last["total_cost_pct_200"] - by_period.get(str(p - 4), float("nan")),
            "change_5y_pp": last["total_cost_pct_200"] - by_period.get(str(p - 20), float("nan")),
            "period_first": first["period"],
            "first_total_cost_pct_200": first["total_cost_pct_200"],
            "change_since_first_pp": last["total_cost_pct_200"] - first["total_cost_pct_200"],
            "source_id": last["source_id"],
            "smart_cost_pct_200": last.get("smart_cost_pct_200", float("nan")),
            "smart_source_id": last.get("smart_source_id"),
        }
        for extra in ("direction", "partner_iso3", "partner_name"):
            if extra in g:
                row[extra] = last[extra]
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values("total_cost_pct_200", ascending=False, ignore_index=True) if len(out) else out


def latest_status(status: pd.DataFrame) -> dict:
    """A country's corridors (rows of corridor_status) each at its own latest quarter with data: how many,
    how many above the SDG 5% ceiling and below the 3% target (and by the official SmaRT: sdg_counts), and the
    quarters they come from as
    [(quarter, corridors)], the most common first (2020Q3 for most; 2025Q3 for corridors to South Asia).

    Counting only the corridors of the newest quarter would leave out every corridor that the newest
    source does not cover (a sending country's corridors to 2020Q3 when one reaches 2025Q3)."""
    counts = status["period_latest"].value_counts()
    quarters = sorted(counts.items(), key=lambda qn: (-qn[1], qn[0]))
    return {**sdg_counts(status), "quarters": [(str(q), int(n)) for q, n in quarters]}


def country_flows(con: duckdb.DuckDBPyConnection, iso3: str) -> pd.DataFrame:
    """The country's remittances by year: received and paid (WDI), % of GDP computed here and as
    published (WDI BX.TRF.PWKR.DT.GD.ZS), per person, and the average cost to and from it (WDI)."""
    df = con.execute(
        """SELECT year, remit_received_usd, remit_paid_usd, gdp_usd, population,
                  remit_received_usd / gdp_usd * 100 AS remit_received_pct_gdp_calc,
                  remit_received_pct_gdp AS remit_received_pct_gdp_wdi,
                  remit_received_usd / population AS remit_received_per_person_usd,
                  remit_paid_usd / population AS remit_paid_per_person_usd,
                  cost_to_country_pct, cost_from_country_pct,
                  knomad_inflow_usd, knomad_inflow_is_estimate, knomad_outflow_usd
           FROM country_year WHERE iso3 = ? ORDER BY year""",
        [iso3],
    ).df()
    flows = ["remit_received_usd", "remit_paid_usd", "knomad_inflow_usd", "knomad_outflow_usd"]
    return df.dropna(subset=flows, how="all").reset_index(drop=True)


def latest_value(flows: pd.DataFrame, column: str) -> tuple[float, int | None]:
    """(value, year) of the latest year with a value in column, or (nan, None)."""
    s = flows.dropna(subset=[column])
    if s.empty:
        return float("nan"), None
    return float(s[column].iloc[-1]), int(s["year"].iloc[-1])


def partners(con: duckdb.DuckDBPyConnection, iso3: str, direction: str = "to", n: int = 10) -> pd.DataFrame:
    """The country's biggest bilateral partners in the latest year of the MODELLED bilateral
    estimates: senders to it (direction 'to') or receivers from it ('from'), with the share of its
    estimated total and the partner corridor's latest measured cost where RPW surveys it."""
    if direction not in ("to", "from"):
        raise ValueError(f"direction must be 'to' or 'from', not {direction!r}")
    me, them = ("receiving_iso3", "sending_iso3") if direction == "to" else ("sending_iso3", "receiving_iso3")
    df = con.execute(
        f"""
        WITH est AS (
            SELECT * FROM bilateral_remittance
            WHERE {me} = ? AND {them} <> {me}
              AND year = (SELECT max(year) FROM bilateral_remittance WHERE {me} = ?)
        ), cost AS (
            SELECT sending_iso3, receiving_iso3, max(period) AS cost_period,
                   arg_max(total_cost_pct_200, period) AS latest_total_cost_pct_200
            FROM corridor_cost GROUP BY ALL
        )
        SELECT est.year, est.{them} AS partner_iso3, p.name AS partner_name, est.remittance_usd AS estimated_usd,
               est.remittance_usd / sum(est.remittance_usd) OVER () * 100 AS share_of_estimated_total_pct,
               cost.latest_total_cost_pct_200, cost.cost_period, est.source_id
        FROM est JOIN country p ON p.iso3 = est.{them}
        LEFT JOIN cost ON cost.sending_iso3 = est.sending_iso3 AND cost.receiving_iso3 = est.receiving_iso3
        ORDER BY est.remittance_usd DESC
        LIMIT ?
        """,  # noqa: S608 (me/them from a fixed pair of column names)
        [iso3, iso3, n],
    ).df()
    df.insert(0, "direction", direction)
    df["estimate_type"] = "modelled estimate"
    return df


def neighbours(con: duckdb.DuckDBPyConnection, iso3: str, period: str) -> pd.DataFrame:
    """Countries in the same focus subregion (or World Bank region, outside the focus region) with
    the mean of their corridors' averages in a quarter and the World Bank's own average cost that year
    (WDI), on the side where the country has corridors: the cost of sending TO each peer when money is
    sent to the country that quarter, else the cost of sending FROM each peer when it only sends money
    (Germany is compared with the other sending countries, not with receiving ones it is not among).
    Column `side` (from map_data) says which; the country itself is marked by is_selected,
    and is absent when it has no corridor either way that quarter."""
    me = con.execute("SELECT focus_subregion, wb_region FROM country WHERE iso3 = ?", [iso3]).fetchone()
    if me is None:
        return pd.DataFrame()
    column, value = ("focus_subregion", me[0]) if me[0] else ("wb_region", me[1])
    peers = con.execute(
        f"SELECT iso3 FROM country WHERE {column} = ? AND NOT is_aggregate",  # noqa: S608 (column from a fixed pair)
        [value],
    ).df()["iso3"]
    side = "receiving"
    m = map_data(con, period, side)
    if iso3 not in set(m["iso3"]):
        sending = map_data(con, period, "sending")
        if iso3 in set(sending["iso3"]):
            side, m = "sending", sending
    m = m[m["iso3"].isin(peers)].copy()
    m["is_selected"] = m["iso3"] == iso3
    m["peer_group"] = value
    return m.reset_index(drop=True)
