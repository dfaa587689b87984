"""Savings by country: every receiving economy ranked by what a cut in costs to a target would be worth,
in US$ and as % of GDP."""

from __future__ import annotations

import streamlit as st

from remit import charts
from remit.corridors import SDG_TARGET_PCT
from ui import cached
from ui.url_state import ignored_choice, ignored_flag, ignored_number, warn_ignored
from ui.widgets import chart, citation, download, money

BASES = {
    "Whole inflow": "country",
    "Corridors with cost data": "corridors",
}
SCOPES = {"World": "world", "Focus region": "focus"}
RANKS = {"US$": "savings_usd", "% of GDP": "savings_pct_gdp"}
TOP_N = 25

st.title("What would a cut in costs be worth, country by country?")
st.markdown(
    "Every receiving economy ranked by how much more of the money sent home would reach families if the cost "
    "of sending it fell to a target: in US dollars a year, and as a share of the economy (GDP)."
)
# Bound widgets drop a value they do not offer without a word: say so (the link is only read here).
years = cached.impact_flow_years()
warn_ignored(
    ignored_number("target", 0, 30, what="target", shown=f"{SDG_TARGET_PCT:g}%"),
    ignored_choice("basis", BASES, what="basis", shown="the whole inflow"),
    ignored_choice("economies", SCOPES, what="economies", shown="the world"),
    ignored_choice("rank", RANKS, what="ranking", shown="US$"),
    ignored_choice(
        "year",
        [str(y) for y in years],
        what="year of the bilateral estimates",
        shown=str(years[0]),
        reason="no estimates for it",
    ),
    ignored_flag("fill", what="'Use the receiving country's average cost'", shown="it off"),
)
c1, c2, c3, c4 = st.columns([1, 1.4, 1, 1])
target = c1.number_input(
    "Target cost (% of the amount sent)",
    min_value=0.0,
    max_value=30.0,
    value=SDG_TARGET_PCT,
    step=0.5,
    format="%.1f",
    key="target",
    bind="query-params",
    help="SDG 10.c: reduce the average cost of sending remittances to less than 3% by 2030.",
)
basis_label = c2.segmented_control(
    "Basis",
    list(BASES),
    default="Whole inflow",
    required=True,
    key="basis",
    bind="query-params",
    help="Whole inflow: each economy's remittances received (WDI) at the World Bank's average cost of sending "
    "money to it (SI.RMT.COST.IB.ZS). Corridors with cost data: the modelled bilateral flows of the corridors "
    "that have an RPW corridor average, at that average.",
)
scope_label = c3.segmented_control(
    "Economies", list(SCOPES), default="World", required=True, key="economies", bind="query-params"
)
rank_label = c4.segmented_control("Rank by", list(RANKS), default="US$", required=True, key="rank", bind="query-params")
basis, scope, rank = BASES[basis_label], SCOPES[scope_label], RANKS[rank_label]

if basis == "country":
    df = cached.impact_country_savings(float(target))
    flow_years = sorted(df["flow_year"].unique())
    cost_years = sorted(df["cost_year"].unique())
    how = (
        f"Flow: remittances received (WDI BX.TRF.PWKR.CD.DT) in the latest year with GDP "
        f"({', '.join(map(str, flow_years))}). Cost: the World Bank's average cost of sending money to the economy "
        f"(WDI SI.RMT.COST.IB.ZS, latest year: {', '.join(map(str, cost_years))}), applied to the whole inflow. "
        "% of GDP: the saving ÷ GDP of the flow's year."
    )
    cite = citation("wdi_received", "wdi_cost_to", "wdi_gdp")
    source_line = "World Bank WDI (received, cost, GDP)"
else:
    y1, y2 = st.columns([1, 3])
    flow_year = y1.selectbox("Year of the bilateral estimates", years, key="year", bind="query-params")
    fill = y2.toggle(
        "Use the receiving country's average cost where a corridor has none",
        key="fill",
        bind="query-params",
        help="WDI SI.RMT.COST.IB.ZS, latest year. Off: only corridors with an RPW corridor average count.",
    )
    df = cached.impact_corridor_savings_by_country(float(target), bool(fill), int(flow_year))
    how = (
        f"Flow: World Bank/KNOMAD bilateral remittance estimates for {flow_year} (modelled, not observed). Cost: "
        "each corridor's latest RPW corridor average for sending USD 200"
        + (", or the receiving country's WDI average where a corridor has none" if fill else "")
        + ". Only the flow with a cost figure counts (see the coverage column). % of GDP: the saving ÷ GDP in "
        f"{flow_year}."
    )
    cite = citation(
        "rpw_databank",
        "rpw_panel_southasia",
        f"bilateral_remittances_{flow_year}",
        "wdi_gdp",
        *(["wdi_cost_to"] if fill else []),
    )
    source_line = f"World Bank RPW; KNOMAD estimates {flow_year}; WDI"

if scope == "focus":
    df = df[df["focus_subregion"].notna()]
ranked = df.dropna(subset=[rank]).sort_values(rank, ascending=False, ignore_index=True)
gaining = ranked[ranked["savings_usd"] > 0]
meeting = len(ranked) - len(gaining)
where = "focus-region economies" if scope == "focus" else "economies"

m1, m2, m3 = st.columns(3)
m1.metric(
    f"Saving a year at {target:g}%",
    money(ranked["savings_usd"].sum()),
    help="Sum over the economies below. Flow × (current cost − target) ÷ 100, and 0 where the cost already "
    "meets the target.",
)
m2.metric(
    "Paid in fees and FX margins now, a year", money(ranked["cost_paid_usd"].sum()), help="Flow × current cost ÷ 100."
)
m3.metric(f"{where.capitalize()} already at or below {target:g}%", f"{meeting} of {len(ranked)}")
st.caption(how)

top = gaining.head(TOP_N)
if top.empty:
    st.info(f"Every one of these {where} already meets a {target:g}% target: nothing to save.")
else:
    percent = rank == "savings_pct_gdp"
    unit = "% of GDP" if percent else charts.usd_unit(top[rank])[1] + " a year"  # the unit the bars are drawn in
    chart(
        charts.savings_ranking(
            top,
            rank,
            f"Saving at {target:g}% ({unit})",
            f"Top {len(top)} {where}, {basis_label.lower()} basis"
            + (". Blue: focus region" if scope == "world" else ""),
            source_line,
            x_title="Saving, % of GDP" if percent else "US$",
            percent=percent,
        ),
        top,
        f"savings-ranking-{basis}-{scope}-{rank}",
        cite,
    )

st.subheader(f"All {len(ranked)} {where}")
cols = [
    c
    for c in [
        "name",
        "flow_year",
        "flow_usd",
        "coverage_pct",
        "cost_year",
        "cost_to_country_pct",
        "cost_periods",
        "target_pct",
        "cost_paid_usd",
        "savings_usd",
        "gdp_year",
        "savings_pct_gdp",
    ]
    if c in ranked.columns
]
st.dataframe(
    ranked[cols],
    hide_index=True,
    height=420,
    placeholder="–",
    column_config={
        "name": st.column_config.TextColumn("Economy", width="medium"),
        "flow_year": st.column_config.NumberColumn("Flow year", format="%d"),
        "flow_usd": st.column_config.NumberColumn("Flow (US$)", format="compact"),
        "coverage_pct": st.column_config.NumberColumn("Flow with cost data (%)", format="%.0f"),
        "cost_year": st.column_config.NumberColumn("Cost year", format="%d"),
        "cost_to_country_pct": st.column_config.NumberColumn("Average cost (%)", format="%.2f"),
        "cost_periods": "Cost quarters",
        "target_pct": st.column_config.NumberColumn("Target (%)", format="%.1f"),
        "cost_paid_usd": st.column_config.NumberColumn("Paid (US$/yr)", format="compact"),
        "savings_usd": st.column_config.NumberColumn("Saving (US$/yr)", format="compact"),
        "gdp_year": st.column_config.NumberColumn("GDP year", format="%d"),
        "savings_pct_gdp": st.column_config.NumberColumn("Saving (% of GDP)", format="%.3f"),
    },
)
download(ranked, f"savings-by-country-{basis}-{scope}", cite)
st.caption(
    "Not in the shipped data, so not compared: aid (WDI DT.ODA.ODAT.CD) and foreign direct investment "
    "(WDI BX.KLT.DINV.CD.WD)."
)
st.page_link("views/impact.py", label="Build a scenario for one country or region", icon=":material/tune:")
