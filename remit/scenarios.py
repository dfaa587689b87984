"""Savings scenarios: what lower remittance costs would be worth to the households that receive the money.

METHODOLOGY.md, development impact: cost paid on a flow = flow x average total cost / 100; the saving at a
target = flow x (current cost - target) / 100, and zero where a corridor already meets the target.

Per corridor (sending -> receiving country) a scenario combines:
- the flow: World Bank/KNOMAD bilateral remittance estimates for one year. They are MODELLED from migrant
  stocks and incomes, not observed; optionally each receiving country's estimates are scaled to its latest
  WDI total (the modelled shares are kept);
- the cost: the RPW corridor average for sending USD 200 (a simple mean over services) in one quarter, by
  default the latest quarter with data for that corridor. Where a corridor has no cost data, the flow-weighted
  cost of the receiving country's corridors that have one (remit.costs.country_costs, the same quarter or the
  country's latest with every corridor) is used only when the caller asks for it (use_country_average);
- a target: a cost level (3% SDG, 5%, any value), or per corridor the SmaRT level or the cheapest service,
  which need provider-level prices (table provider_price, filled by 'remit import-rpw');
- a shift of a share of the flow to cheaper service types: non-digital -> digital services (needs provider
  prices) or banks -> money transfer operators (corridor averages by firm type, where the data has them);
- growth of flows over a number of years.

Flows and costs come from different years: every result row carries both. No Streamlit here.

Over 600 lines on purpose: the store queries that gather a scenario's inputs, `apply`, the notes on each corridor
and `totals` change together (a new input column is read, applied, explained and summed in one change). What
reads a result lives elsewhere: remit.briefing (the text), remit.corridor_savings (one corridor, the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from remit import corridors, costs, impact
from remit.errors import RemitError
from remit.messages import Message, msg
from remit.sdg import SDG_TARGET_PCT

# What each cost basis is called wherever a result is shown.
CORRIDOR_AVERAGE = "corridor average"
COUNTRY_AVERAGE = "receiving-country average"  # WDI; only remit.corridor_savings (one corridor) uses it
# The stand-in for a corridor without a cost (use_country_average): the flow-weighted cost of the receiving
# country's corridors that have one (remit.costs), never the unweighted country average.
COVERED_WEIGHTED = "weighted cost of the covered corridors"
NO_COST_DATA = "no cost data"
COST_BASIS_NAMES = {  # the cost_basis column's values as a page names them
    CORRIDOR_AVERAGE: msg("corridor average"),
    COUNTRY_AVERAGE: msg("receiving-country average"),
    COVERED_WEIGHTED: msg("weighted cost of the covered corridors"),
    NO_COST_DATA: msg("no cost data"),
}

FLOW_LABEL = "modelled bilateral estimate"

# Targets: a cost level, or a per-corridor level computed from provider prices.
TARGETS: dict[str, str] = {
    "level": "a cost level",
    "smart": "the corridor's SmaRT (mean of the three cheapest qualifying services)",
    "cheapest": "the corridor's cheapest transparent service",
}
PROVIDER_TARGETS = ("smart", "cheapest")
TARGET_NAMES = {"level": "cost level", "smart": "SmaRT", "cheapest": "cheapest-service"}
# The provider-based targets as error messages name them ("The SmaRT target ...").
TARGET_LABELS = {"smart": msg("SmaRT"), "cheapest": msg("cheapest-service")}
NO_PROVIDER_PRICES = msg(
    "These targets need the provider-level RPW workbook (every service in every corridor), which is "
    "not loaded: the shipped data has corridor averages only. The Data & methods page explains how to load it."
)

# Shifts of senders between service types: (cost column moved from, cost column moved to, description,
# whether it needs provider prices).
SHIFTS: dict[str, tuple[str, str, str, bool]] = {
    "digital": (
        "non_digital_cost_pct",
        "digital_cost_pct",
        "from non-digital (bank branch or cash) services to digital ones",
        True,
    ),
    "bank_to_mto": ("bank_cost_pct", "mto_cost_pct", "from banks to money transfer operators", False),
}

# Comparisons with the size of the economy: (country_year column, what, WDI indicator). Aid and investment
# are not in the shipped data; they become available as soon as the build stores these columns.
# Flows and GDP are never zero where reported (a WDI 0 means not reported); net FDI and aid can be negative.
POSITIVE_ONLY = frozenset({"remit_received_usd", "gdp_usd", "knomad_inflow_usd"})
# latest_values writes them in English; a page names them with say(COMPARATORS[column][i]).
COMPARATORS: dict[str, tuple[Message, Message | str]] = {
    "remit_received_usd": (msg("Remittances received"), "BX.TRF.PWKR.CD.DT"),
    "gdp_usd": (msg("GDP"), "NY.GDP.MKTP.CD"),
    "knomad_inflow_usd": (msg("Remittance inflows (KNOMAD)"), msg("Migration and Development Brief data")),
    "oda_received_usd": (msg("Aid (net ODA received)"), "DT.ODA.ODAT.CD"),
    "fdi_inflow_usd": (msg("Foreign direct investment (net inflows)"), "BX.KLT.DINV.CD.WD"),
}

PROVIDER_TABLE = "provider_price"


class UnavailableTarget(RemitError):
    """A target or lever that needs data the store does not hold."""


# --- Areas: a receiving country or a region -------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A receiving country or a group of them; label is what users read (and the URL value)."""

    key: str  # ISO3 for a country; 'focus', 'focus:<subregion>' or 'wb:<region>' for a region
    label: str
    kind: str  # 'country' or 'region'
    members: tuple[str, ...]


FOCUS_LABEL = "Focus region (all {n} economies)"


def areas(con: duckdb.DuckDBPyConnection) -> list[Area]:
    """Regions first (the focus region, its subregions, World Bank regions: every member economy), then
    every economy that receives remittances in the data, by name."""
    economies = con.execute(
        """SELECT iso3, name, focus_subregion, wb_region,
                  EXISTS (SELECT 1 FROM bilateral_remittance b WHERE b.receiving_iso3 = c.iso3)
                  OR EXISTS (SELECT 1 FROM country_year y WHERE y.iso3 = c.iso3 AND y.remit_received_usd > 0)
                  AS receives
           FROM country c WHERE NOT is_aggregate ORDER BY name"""
    ).df()
    countries = economies[economies["receives"]]
    out: list[Area] = []
    focus = economies[economies["focus_subregion"].notna()]
    if not focus.empty:
        out.append(Area("focus", FOCUS_LABEL.format(n=len(focus)), "region", tuple(sorted(focus["iso3"]))))
        for sub, g in focus.groupby("focus_subregion", sort=True):
            out.append(Area(f"focus:{sub}", f"Focus region: {sub}", "region", tuple(sorted(g["iso3"]))))
    for region, g in economies[economies["wb_region"].notna()].groupby("wb_region", sort=True):
        out.append(Area(f"wb:{region}", f"World Bank region: {region}", "region", tuple(sorted(g["iso3"]))))
    out += [Area(r.iso3, r.name, "country", (r.iso3,)) for r in countries.itertuples()]
    return out


def find_area(options: list[Area], text: str, con: duckdb.DuckDBPyConnection | None = None) -> Area | None:
    """The area a URL value or a user's text names: its label, an ISO3 code (KSV and XKX both work) or a
    country name in any spelling the resolver knows; None when nothing matches."""
    t = str(text).strip()
    for a in options:
        if t.casefold() in (a.label.casefold(), a.key.casefold()):
            return a
    if con is not None:
        try:
            iso = corridors.resolver(con).resolve(t)
        except RemitError:
            return None
        return next((a for a in options if a.kind == "country" and a.key == iso), None)
    return None


# --- Store queries: the inputs of a scenario ----------------------------------------------------


def column_sources(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """country_year column -> the source_id it was read from."""
    return dict(con.execute("SELECT column_name, source_id FROM source WHERE column_name IS NOT NULL").fetchall())


def citations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT source_id, citation FROM source").fetchall())


def flow_years(con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...] | None = None) -> list[int]:
    """Years with bilateral remittance estimates (into any of the members, if given), newest first."""
    return [
        r[0]
        for r in con.execute(
            """SELECT DISTINCT year FROM bilateral_remittance
               WHERE ? IS NULL OR list_contains(?, receiving_iso3) ORDER BY 1 DESC""",
            [None if members is None else list(members), None if members is None else list(members)],
        ).fetchall()
    ]


def cost_periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Quarters with corridor cost data, newest first."""
    return [r[0] for r in con.execute("SELECT DISTINCT period FROM corridor_cost ORDER BY 1 DESC").fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()[0]
    )


def provider_status(con: duckdb.DuckDBPyConnection) -> dict:
    """Whether provider-level prices are loaded (they enable SmaRT, cheapest-service and digital levers)."""
    if _has_table(con, PROVIDER_TABLE):
        n, first, last = con.execute(
            f"SELECT count(*), min(period), max(period) FROM {PROVIDER_TABLE}"  # noqa: S608 (constant)
        ).fetchone()
        if n:
            return {"available": True, "services_n": n, "period_first": first, "period_last": last, "reason": ""}
    return {
        "available": False,
        "services_n": 0,
        "period_first": None,
        "period_last": None,
        "reason": NO_PROVIDER_PRICES,
    }


def received_series(con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Remittances received per year over the members: US$, % of GDP and per person (WDI).

    For a group, % of GDP and per person are computed over the members that have both figures in that year
    (sum of received / sum of GDP or population); economies_n says how many members have a figure. A zero is
    not a figure: the WDI writes 0 for economies that do not report (Turkmenistan, every year).
    """
    df = con.execute(
        """SELECT year,
                  sum(remit_received_usd) AS received_usd,
                  count(remit_received_usd) AS economies_n,
                  sum(remit_received_usd) FILTER (WHERE gdp_usd > 0)
                    / sum(gdp_usd) FILTER (WHERE remit_received_usd IS NOT NULL) * 100 AS received_pct_gdp,
                  count(*) FILTER (WHERE remit_received_usd IS NOT NULL AND gdp_usd > 0) AS economies_with_gdp_n,
                  sum(gdp_usd) FILTER (WHERE remit_received_usd IS NOT NULL) AS gdp_usd,
                  sum(remit_received_usd) FILTER (WHERE population > 0)
                    / sum(population) FILTER (WHERE remit_received_usd IS NOT NULL) AS received_per_person_usd,
                  count(*) FILTER (WHERE remit_received_usd IS NOT NULL AND population > 0) AS economies_with_population_n
           FROM country_year WHERE list_contains(?, iso3) AND remit_received_usd > 0
           GROUP BY year ORDER BY year""",
        [list(members)],
    ).df()
    df["members_n"] = len(members)
    # A group's total is comparable across years only when the same members report; mark those years.
    top = df["economies_n"].max() if not df.empty else 0
    df["complete"] = df["economies_n"] == top
    df["gdp_complete"] = df["economies_with_gdp_n"] == top
    df["population_complete"] = df["economies_with_population_n"] == top
    return df


def latest_values(con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """For each comparator present in the store: the latest year where every member with any value has
    one, the sum over members, and its source; comparators the store lacks come back unavailable."""
    present = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'country_year'"
        ).fetchall()
    }
    sources = column_sources(con)
    cites = citations(con)
    meta = {r[0]: (r[1], r[2]) for r in con.execute("SELECT source_id, publisher, vintage FROM source").fetchall()}
    rows = []
    for column, (name, source) in COMPARATORS.items():
        what, indicator = str(name), str(source)
        if column not in present:
            rows.append(
                {
                    "measure": what,
                    "column": column,
                    "indicator": indicator,
                    "available": False,
                    "value_usd": np.nan,
                    "year": pd.NA,
                    "economies_n": 0,
                    "source_id": None,
                    "publisher": None,
                    "vintage": None,
                    "citation": f"Not in the shipped data (World Bank WDI {indicator} is needed).",
                }
            )
            continue
        valid = f"{column} > 0" if column in POSITIVE_ONLY else f"{column} IS NOT NULL"
        hit = con.execute(
            f"""WITH v AS (SELECT year, sum({column}) AS value, count({column}) AS n
                           FROM country_year WHERE list_contains(?, iso3) AND {valid} GROUP BY year)
                SELECT year, value, n FROM v WHERE n = (SELECT max(n) FROM v) ORDER BY year DESC LIMIT 1""",  # noqa: S608 (column from the COMPARATORS allow-list)
            [list(members)],
        ).fetchone()
        sid = sources.get(column)
        rows.append(
            {
                "measure": what,
                "column": column,
                "indicator": indicator,
                "available": hit is not None,
                "value_usd": hit[1] if hit else np.nan,
                "year": hit[0] if hit else pd.NA,
                "economies_n": hit[2] if hit else 0,
                "source_id": sid,
                "publisher": meta.get(sid, (None, None))[0],
                "vintage": meta.get(sid, (None, None))[1],
                "citation": cites.get(sid, "") if hit else "No value for these economies in the shipped data.",
            }
        )
    return pd.DataFrame(rows)


def corridor_flows(con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...], year: int) -> pd.DataFrame:
    """Bilateral remittance estimates (MODELLED) into the members in one year, largest first."""
    return con.execute(
        """SELECT b.year AS flow_year, b.sending_iso3, s.name AS sending_name, b.receiving_iso3,
                  r.name AS receiving_name, b.remittance_usd AS flow_usd, b.source_id AS flow_source
           FROM bilateral_remittance b
           JOIN country s ON s.iso3 = b.sending_iso3 JOIN country r ON r.iso3 = b.receiving_iso3
           WHERE b.year = ? AND list_contains(?, b.receiving_iso3) AND b.remittance_usd > 0
           ORDER BY b.remittance_usd DESC, b.sending_iso3, b.receiving_iso3""",
        [int(year), list(members)],
    ).df()


def corridor_costs_into(
    con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...], period: str | None = None
) -> pd.DataFrame:
    """Every corridor into the members with any cost data: its first and last quarter, and the row of the
    chosen quarter (or of its latest quarter when period is None; cost columns empty if it lacks that one)."""
    return con.execute(
        """WITH span AS (
               SELECT sending_iso3, receiving_iso3, min(period) AS cost_first_period,
                      max(period) AS cost_last_period, count(*) AS cost_quarters_n
               FROM corridor_cost WHERE list_contains(?, receiving_iso3) GROUP BY ALL)
           SELECT span.*, c.period AS cost_period, c.total_cost_pct_200 AS corridor_cost_pct,
                  c.bank_cost_pct_200 AS bank_cost_pct, c.mto_cost_pct_200 AS mto_cost_pct,
                  c.digital_services_pct, c.services_n, c.source_id AS cost_source
           FROM span LEFT JOIN corridor_cost c
             ON c.sending_iso3 = span.sending_iso3 AND c.receiving_iso3 = span.receiving_iso3
            AND c.period = coalesce(?, span.cost_last_period)
           ORDER BY 1, 2""",
        [list(members), period],
    ).df()


FILL_COLUMNS = [
    "receiving_iso3",
    "fill_cost_pct",
    "fill_period",
    "fill_weights_year",
    "fill_coverage_pct",
    "fill_source",
]


def fill_costs(
    con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...], period: str | None = None
) -> pd.DataFrame:
    """Each member's stand-in for its corridors without a cost: the flow-weighted cost of its corridors that
    have one (remit.costs.country_costs: the quarter asked for, else the country's latest with every corridor),
    with that quarter, the year of the weights, the coverage and the cost sources."""
    rows = [
        (
            iso,
            c.weighted_pct,
            c.period,
            c.weights_year,
            c.coverage_pct,
            ",".join(sorted({k.source_id for k in c.corridors})),
        )
        for iso, c in costs.country_costs(con, members, "to", period).items()
        if c.weighted_pct is not None
    ]
    return pd.DataFrame(rows, columns=FILL_COLUMNS)


def latest_received(con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Each member's latest WDI remittances received (for scaling the modelled shares to it)."""
    return con.execute(
        """SELECT iso3 AS receiving_iso3, year AS wdi_year, remit_received_usd AS wdi_received_usd,
                  (SELECT min(source_id) FROM source WHERE column_name = 'remit_received_usd') AS wdi_source
           FROM country_year WHERE list_contains(?, iso3) AND remit_received_usd > 0
           QUALIFY year = max(year) OVER (PARTITION BY iso3)""",
        [list(members)],
    ).df()


def provider_levels(con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Per corridor and quarter from provider prices: SmaRT (mean of the three cheapest services that
    qualify: transparent, within 5 days, accessible), the cheapest transparent service, and the simple means
    of digital and non-digital transparent services. Empty without provider data."""
    cols = [
        "sending_iso3",
        "receiving_iso3",
        "cost_period",
        "smart_pct",
        "smart_services_n",
        "cheapest_pct",
        "digital_cost_pct",
        "non_digital_cost_pct",
    ]
    if not provider_status(con)["available"]:
        return pd.DataFrame(columns=cols)
    return con.execute(
        f"""WITH p AS (SELECT * FROM {PROVIDER_TABLE} WHERE list_contains(?, receiving_iso3)),
           ranked AS (
               SELECT period, sending_iso3, receiving_iso3, total_cost_pct_200,
                      row_number() OVER (PARTITION BY period, sending_iso3, receiving_iso3
                                         ORDER BY total_cost_pct_200) AS rank
               FROM p WHERE qualifies_for_smart),
           smart AS (
               SELECT period, sending_iso3, receiving_iso3, avg(total_cost_pct_200) AS smart_pct,
                      count(*) AS smart_services_n
               FROM ranked WHERE rank <= 3 GROUP BY ALL),
           split AS (
               SELECT period, sending_iso3, receiving_iso3, min(total_cost_pct_200) AS cheapest_pct,
                      avg(total_cost_pct_200) FILTER (WHERE is_digital) AS digital_cost_pct,
                      avg(total_cost_pct_200) FILTER (WHERE NOT is_digital) AS non_digital_cost_pct
               FROM p WHERE NOT non_transparent GROUP BY ALL)
           SELECT split.sending_iso3, split.receiving_iso3, split.period AS cost_period, smart.smart_pct,
                  smart.smart_services_n, split.cheapest_pct, split.digital_cost_pct, split.non_digital_cost_pct
           FROM split LEFT JOIN smart USING (period, sending_iso3, receiving_iso3)""",  # noqa: S608 (constant table name)
        [list(members)],
    ).df()[cols]


def scenario_inputs(
    con: duckdb.DuckDBPyConnection,
    members: list[str] | tuple[str, ...],
    flow_year: int | None = None,
    period: str | None = None,
) -> pd.DataFrame:
    """One row per corridor with a flow estimate into the members: the modelled flow, the corridor's cost
    (chosen quarter, or its latest), the receiving country's weighted cost over its covered corridors (the
    stand-in where asked, fill_costs), its latest WDI total, and the
    provider-based levels where provider prices are loaded."""
    years = flow_years(con)
    year = int(flow_year) if flow_year is not None else (years[0] if years else 0)
    flows = corridor_flows(con, members, year)
    prices = corridor_costs_into(con, members, period)
    key = ["sending_iso3", "receiving_iso3"]
    df = flows.merge(prices, on=key, how="left", validate="one_to_one")
    df = df.merge(fill_costs(con, members, period), on="receiving_iso3", how="left", validate="many_to_one")
    df = df.merge(latest_received(con, members), on="receiving_iso3", how="left", validate="many_to_one")
    levels = provider_levels(con, members)
    df = df.merge(levels, on=[*key, "cost_period"], how="left", validate="many_to_one")
    df["requested_period"] = period
    return df


# --- The scenario itself: pure functions over the inputs ------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """Every assumption of a savings scenario; the defaults are the SDG target on unscaled flows."""

    target_pct: float = SDG_TARGET_PCT  # used when target == 'level'
    target: str = "level"  # a TARGETS key
    use_country_average: bool = False  # fill corridors without cost data with the covered corridors' weighted cost
    scale_to_wdi: bool = False  # scale each receiving country's modelled flows to its latest WDI total
    shift: str | None = None  # a SHIFTS key
    shift_share_pct: float = 0.0  # share of the flow that moves to the cheaper service type
    growth_pct: float = 0.0  # growth of flows per year
    years: int = 1  # length of the period the totals cover

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"target must be one of {sorted(TARGETS)}, not {self.target!r}")
        if self.shift is not None and self.shift not in SHIFTS:
            raise ValueError(f"shift must be one of {sorted(SHIFTS)} or None, not {self.shift!r}")
        if not 0 <= self.shift_share_pct <= 100:
            raise ValueError("shift_share_pct must be between 0 and 100")
        if self.years < 1:
            raise ValueError("years must be at least 1")
        if self.growth_pct <= -100:
            raise ValueError("growth_pct must be above -100")

    def with_(self, **changes: object) -> Scenario:
        return replace(self, **changes)


def period_factor(growth_pct: float, years: int) -> float:
    """Sum of a flow over `years` years when it grows by growth_pct a year: 1 + (1+g) + ... + (1+g)^(n-1)."""
    g = 1 + growth_pct / 100
    return float(sum(g**k for k in range(int(years))))


def shift_available(inputs: pd.DataFrame, shift: str) -> tuple[bool, Message | str, int]:
    """Whether a shift lever can act on these corridors: (available, reason if not, corridors it covers)."""
    frm, to, what, needs_provider = SHIFTS[shift]
    if frm not in inputs or to not in inputs:
        return False, msg("the inputs lack the costs of the two service types"), 0
    both = inputs[frm].notna() & inputs[to].notna()
    n = int(both.sum())
    if n:
        return True, "", n
    if needs_provider:
        return (
            False,
            msg(
                "It needs the average cost of digital and of non-digital services in each corridor, which only the "
                "provider-level RPW workbook has. The shipped corridor averages give the share of services that "
                "are digital (55 corridors to South Asia), not what they cost."
            ),
            0,
        )
    return (
        False,
        msg(
            "None of these corridors has separate averages for banks and money transfer operators; the shipped "
            "data has them only for corridors to Bangladesh, India, Nepal and the Philippines."
        ),
        0,
    )


def apply(inputs: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The scenario per corridor: flow used, cost basis, cost paid, target, scenario cost and savings.

    savings_usd = flow x (current cost - scenario cost) / 100, where the scenario cost is the lower of the
    target and the cost after the shift; it is never negative, and 0 where a corridor already meets the
    target (meets_target). Rows without a cost keep empty cost columns and are left out of the totals.
    """
    sc = scenario
    df = inputs.copy()
    if sc.target in PROVIDER_TARGETS and df.get(f"{sc.target}_pct", pd.Series(dtype=float)).notna().sum() == 0:
        raise UnavailableTarget(
            msg(
                "The {target} target needs provider-level prices for these corridors, which are not loaded.",
                target=TARGET_LABELS[sc.target],
            )
        )

    # Flows: modelled estimates, optionally scaled to each receiving country's latest WDI total.
    bilateral_total = df.groupby("receiving_iso3")["flow_usd"].transform("sum")
    df["bilateral_total_usd"] = bilateral_total
    df["share_of_receiving_pct"] = df["flow_usd"] / bilateral_total * 100
    factor = (df["wdi_received_usd"] / bilateral_total).where(bilateral_total > 0)
    scaled = sc.scale_to_wdi & factor.notna()
    df["flow_scale"] = factor.where(scaled, 1.0).astype(float)
    df["flow_used_usd"] = df["flow_usd"] * df["flow_scale"]
    df["flow_used_year"] = df["wdi_year"].where(scaled, df["flow_year"]).astype("Int64")
    df["flow_used_source"] = df["flow_source"].where(~scaled, df["flow_source"] + " x " + df["wdi_source"].fillna(""))
    df["flow_basis"] = np.where(
        scaled,
        "modelled share x WDI total",
        np.where(sc.scale_to_wdi, "modelled estimate (no WDI total to scale to)", FLOW_LABEL),
    )

    # Costs: the corridor average, else (only when asked) the covered corridors' weighted cost.
    has_corridor = df["corridor_cost_pct"].notna()
    filled = sc.use_country_average & ~has_corridor & df["fill_cost_pct"].notna()
    df["cost_basis"] = np.select([has_corridor, filled], [CORRIDOR_AVERAGE, COVERED_WEIGHTED], NO_COST_DATA)
    df["cost_used_pct"] = df["corridor_cost_pct"].where(has_corridor, df["fill_cost_pct"].where(filled))
    fill_period = df["fill_period"].astype("string")
    df["cost_used_period"] = df["cost_period"].astype("string").where(has_corridor, fill_period.where(filled))
    df["cost_used_source"] = df["cost_source"].astype("string").where(has_corridor, pd.NA)
    df.loc[filled, "cost_used_source"] = df.loc[filled, "fill_source"]
    has_cost = df["cost_used_pct"].notna()

    # Target per corridor: one level, or the corridor's provider-based level (corridor averages only).
    if sc.target == "level":
        target = pd.Series(float(sc.target_pct), index=df.index)
    else:
        target = df[f"{sc.target}_pct"].where(has_corridor)
    df["target_pct"] = target

    # Shift: a share of the flow moves from the dearer to the cheaper service type (never a cost increase).
    gain = pd.Series(0.0, index=df.index)
    if sc.shift is not None and sc.shift_share_pct > 0:
        frm, to, *_ = SHIFTS[sc.shift]
        gap = df.get(frm, pd.Series(np.nan, index=df.index)) - df.get(to, pd.Series(np.nan, index=df.index))
        gain = (sc.shift_share_pct / 100 * gap.clip(lower=0)).where(has_corridor & gap.notna(), 0.0).fillna(0.0)
        # Moving senders to a service type can take the corridor's cost down to that type's cost, not below.
        floor = np.fmin(df["cost_used_pct"], df.get(to, pd.Series(np.nan, index=df.index)))
        df["shift_gap_pct"] = gap.where(has_corridor)
        after = np.fmax(df["cost_used_pct"] - gain, floor.where(gain > 0))
    else:
        df["shift_gap_pct"] = np.nan
        after = df["cost_used_pct"]
    df["cost_after_shift_pct"] = after.where(has_cost)
    scenario_cost = np.fmin(target, df["cost_after_shift_pct"])  # a missing target leaves the shifted cost
    df["scenario_cost_pct"] = scenario_cost.where(has_cost)

    flow = df["flow_used_usd"]
    df["cost_paid_usd"] = (flow * df["cost_used_pct"] / 100).where(has_cost)
    df["savings_usd"] = (flow * (df["cost_used_pct"] - df["scenario_cost_pct"]) / 100).clip(lower=0).where(has_cost)
    df["savings_target_usd"] = (
        (flow * (df["cost_used_pct"] - target) / 100).clip(lower=0).where(has_cost & target.notna(), 0.0)
    ).where(has_cost)
    df["savings_shift_usd"] = (df["savings_usd"] - df["savings_target_usd"]).clip(lower=0)
    df["meets_target"] = (df["cost_used_pct"] <= target).where(has_cost & target.notna())
    factor_n = period_factor(sc.growth_pct, sc.years)
    df["savings_period_usd"] = df["savings_usd"] * factor_n
    df["cost_paid_period_usd"] = df["cost_paid_usd"] * factor_n
    df["note"] = [_note(r, sc) for r in df[NOTE_COLUMNS].itertuples()]
    return df


# The columns a corridor's note reads (a narrow frame: itertuples costs per column, and results are wide).
NOTE_COLUMNS = [
    "cost_basis", "requested_period", "cost_first_period", "cost_last_period", "fill_period", "fill_weights_year", "target_pct",
    "cost_used_period", "meets_target", "savings_shift_usd", "shift_gap_pct", "corridor_cost_pct", "cost_used_pct",
]  # fmt: skip


NOT_MET_TARGET = {
    "level": lambda period: msg("no target level for this corridor in {period}: no target saving", period=period),
    "smart": lambda period: msg("no SmaRT level for this corridor in {period}: no target saving", period=period),
    "cheapest": lambda period: msg(
        "no cheapest-service level for this corridor in {period}: no target saving", period=period
    ),
}


def note_messages(r: object, sc: Scenario) -> list[Message]:
    """What a reader needs to know about one corridor's result (a row of NOTE_COLUMNS), as messages: the
    page renders them in the reader's language, `note` in English for the CLI and the CSV."""
    if r.cost_basis == NO_COST_DATA:
        requested = r.requested_period if isinstance(r.requested_period, str) else None
        if isinstance(r.cost_first_period, str) and requested:
            span = {"period": requested, "first": r.cost_first_period, "last": r.cost_last_period}
            if sc.use_country_average:
                return [
                    msg(
                        "no cost data in {period} (this corridor has data {first}–{last}) and no corridor into the "
                        "receiving country with a cost and a flow to take a weighted cost from",
                        **span,
                    )
                ]
            return [msg("no cost data in {period} (this corridor has data {first}–{last}), so it is left out", **span)]
        if sc.use_country_average:
            return [
                msg(
                    "no cost data for this corridor and no corridor into the receiving country with a cost and a "
                    "flow to take a weighted cost from"
                )
            ]
        return [msg("no cost data for this corridor, so it is left out")]
    parts: list[Message] = []
    if r.cost_basis == COVERED_WEIGHTED:
        parts.append(
            msg(
                "no corridor cost: the weighted cost of the receiving country's covered corridors ({period}, "
                "weighted by {year} flows) is applied",
                period=r.fill_period,
                year=f"{r.fill_weights_year:.0f}",
            )
        )
    if pd.isna(r.target_pct):
        parts.append(NOT_MET_TARGET[sc.target](r.cost_used_period))
    elif r.meets_target:
        from_shift = not pd.isna(r.savings_shift_usd) and r.savings_shift_usd > 0
        parts.append(
            msg("already meets the target: the saving comes from the shift")
            if from_shift
            else msg("already meets the target: saving 0")
        )
    if sc.shift is not None and sc.shift_share_pct > 0 and r.cost_basis == CORRIDOR_AVERAGE:
        if pd.isna(r.shift_gap_pct):
            parts.append(msg("no cost split by service type: no shift"))
        elif r.shift_gap_pct <= 0:
            parts.append(msg("the service type moved to is not cheaper here: no shift saving"))
    if r.corridor_cost_pct is not None and not pd.isna(r.cost_used_pct) and r.cost_used_pct < 0:
        parts.append(msg("negative average cost (FX margins below the reference rate), as published"))
    return parts


def _note(r: object, sc: Scenario) -> str:
    """The note in English (the CLI and the CSV of the library)."""
    return "; ".join(str(m) for m in note_messages(r, sc))


def totals(result: pd.DataFrame, scenario: Scenario) -> dict:
    """The scenario's totals; flow shares say how much of the flow the cost figures cover."""
    has_cost = result["cost_used_pct"].notna()
    covered = result[has_cost]
    flow_total = float(result["flow_used_usd"].sum())
    flow_covered = float(covered["flow_used_usd"].sum())
    weights = covered["flow_used_usd"]
    weighted = lambda col: float((covered[col] * weights).sum() / weights.sum()) if weights.sum() > 0 else np.nan  # noqa: E731
    periods = covered.loc[covered["cost_basis"] == CORRIDOR_AVERAGE, "cost_used_period"].dropna()
    return {
        "corridors_n": len(result),
        "senders_n": int(result["sending_iso3"].nunique()),
        "receivers_n": int(result["receiving_iso3"].nunique()),
        "corridors_with_corridor_cost_n": int((result["cost_basis"] == CORRIDOR_AVERAGE).sum()),
        # corridors at the covered corridors' weighted cost (use_country_average; the key keeps its old name)
        "corridors_country_average_n": int((result["cost_basis"] == COVERED_WEIGHTED).sum()),
        "corridors_no_cost_n": int((result["cost_basis"] == NO_COST_DATA).sum()),
        "corridors_meeting_target_n": int(result["meets_target"].fillna(False).astype(bool).sum()),
        # corridors with a cost and a target that cost more than it: the ones a lower cost would act on
        "corridors_above_target_n": int((result["meets_target"] == False).sum()),  # noqa: E712 (NA stays out)
        "corridors_meeting_target": [
            f"{r.sending_name} → {r.receiving_name} ({r.cost_used_pct:.2f}%, {r.cost_used_period})"
            for r in result.loc[
                result["meets_target"].fillna(False).astype(bool),
                ["sending_name", "receiving_name", "cost_used_pct", "cost_used_period", "flow_used_usd"],
            ]
            .sort_values("flow_used_usd", ascending=False)
            .itertuples()
        ],
        "flow_usd": flow_total,
        "flow_covered_usd": flow_covered,
        "flow_no_cost_usd": flow_total - flow_covered,
        "coverage_pct": flow_covered / flow_total * 100 if flow_total > 0 else np.nan,
        "flow_years": sorted({int(y) for y in result["flow_year"].dropna()}),
        "flow_used_years": sorted({int(y) for y in result["flow_used_year"].dropna()}),
        "cost_periods": sorted(set(periods)),
        # the quarters and weights years of those stand-ins
        "fill_periods": sorted(set(covered.loc[covered["cost_basis"] == COVERED_WEIGHTED, "fill_period"].dropna())),
        "country_average_years": sorted(
            {int(y) for y in covered.loc[covered["cost_basis"] == COVERED_WEIGHTED, "fill_weights_year"].dropna()}
        ),
        "current_cost_weighted_pct": weighted("cost_used_pct"),
        "scenario_cost_weighted_pct": weighted("scenario_cost_pct"),
        "cost_paid_usd": float(covered["cost_paid_usd"].sum()),
        "savings_usd": float(covered["savings_usd"].sum()),
        "savings_target_usd": float(covered["savings_target_usd"].sum()),
        "savings_shift_usd": float(covered["savings_shift_usd"].sum()),
        "period_factor": period_factor(scenario.growth_pct, scenario.years),
        "years": scenario.years,
        "savings_period_usd": float(covered["savings_period_usd"].sum()),
        "cost_paid_period_usd": float(covered["cost_paid_period_usd"].sum()),
    }


def sender_shares(flows: pd.DataFrame) -> pd.DataFrame:
    """Modelled flows grouped by sending country, largest first, with each one's share of the total."""
    g = flows.groupby(["sending_iso3", "sending_name"], as_index=False)["flow_usd"].sum()
    g["share_pct"] = g["flow_usd"] / g["flow_usd"].sum() * 100
    return g.sort_values("flow_usd", ascending=False, ignore_index=True)


# --- World ranking --------------------------------------------------------------------------------


def country_savings(
    con: duckdb.DuckDBPyConnection, target_pct: float = SDG_TARGET_PCT, max_age_years: int = 5
) -> pd.DataFrame:
    """Per economy: its whole inflow at the World Bank's average cost of sending money to it.

    Flow and GDP are the latest year with both (WDI), so the % of GDP compares like with like; the cost is
    the latest WDI SI.RMT.COST.IB.ZS (it ends in 2020). Economies without a cost figure are left out.
    """
    df = (
        impact.at_stake(con, "world", target_pct, max_age_years)
        .dropna(subset=["cost_to_country_pct"])
        .rename(columns={"remit_received_usd": "flow_usd", "savings_at_target_usd": "savings_usd"})
    )
    df["gdp_year"] = df["flow_year"]
    df["target_pct"] = float(target_pct)
    df["savings_pct_gdp"] = df["savings_usd"] / df["gdp_usd"] * 100
    df["meets_target"] = df["cost_to_country_pct"] <= target_pct
    df["basis"] = "whole inflow x country average cost"
    cols = ["iso3", "name", "focus_subregion", "flow_year", "flow_usd", "cost_year", "cost_to_country_pct",
            "target_pct", "cost_paid_usd", "savings_usd", "gdp_year", "gdp_usd", "savings_pct_gdp", "meets_target",
            "basis"]  # fmt: skip
    return df[cols].sort_values("savings_usd", ascending=False, ignore_index=True)


def corridor_savings_by_country(
    con: duckdb.DuckDBPyConnection, scenario: Scenario, flow_year: int | None = None, period: str | None = None
) -> pd.DataFrame:
    """Per receiving economy: the corridor scenario summed over its corridors, with GDP of the flow year."""
    members = [r[0] for r in con.execute("SELECT iso3 FROM country WHERE NOT is_aggregate ORDER BY 1").fetchall()]
    res = apply(scenario_inputs(con, members, flow_year, period), scenario)
    has = res["cost_used_pct"].notna()
    res["flow_covered_usd"] = res["flow_used_usd"].where(has, 0.0)
    g = res.groupby(["receiving_iso3", "receiving_name"], as_index=False).agg(
        flow_year=("flow_used_year", "max"),
        flow_usd=("flow_used_usd", "sum"),
        flow_covered_usd=("flow_covered_usd", "sum"),
        corridors_n=("sending_iso3", "size"),
        corridors_with_cost_n=("cost_used_pct", "count"),
        cost_paid_usd=("cost_paid_usd", "sum"),
        savings_usd=("savings_usd", "sum"),
        cost_periods=("cost_used_period", lambda s: ", ".join(sorted(set(s.dropna())))),
    )
    g = g[g["corridors_with_cost_n"] > 0].copy()
    g["coverage_pct"] = g["flow_covered_usd"] / g["flow_usd"] * 100
    g["target_pct"] = scenario.target_pct if scenario.target == "level" else np.nan
    gdp = con.execute(
        "SELECT iso3 AS receiving_iso3, year AS gdp_year, gdp_usd FROM country_year WHERE gdp_usd > 0"
    ).df()
    g = g.merge(gdp, left_on=["receiving_iso3", "flow_year"], right_on=["receiving_iso3", "gdp_year"], how="left")
    g["savings_pct_gdp"] = g["savings_usd"] / g["gdp_usd"] * 100
    focus = con.execute("SELECT iso3 AS receiving_iso3, focus_subregion FROM country").df()
    g = g.merge(focus, on="receiving_iso3", how="left").rename(
        columns={"receiving_iso3": "iso3", "receiving_name": "name"}
    )
    g["basis"] = "corridors with cost data x modelled flows"
    return g.sort_values("savings_usd", ascending=False, ignore_index=True)
