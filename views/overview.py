"""Overview: where remittances cost too much, and how much money is at stake."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import charts
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.widgets import chart, citation, download, money, source_line

# The option text is also the URL value (?scope=World), so it stays short.
SCOPES = {"Focus region": "focus", "World": "world"}
FOCUS_NAME = "South-Eastern Europe, Eastern Europe and Central Asia"

st.title("Where do remittances cost too much?")
choice = st.segmented_control(
    "Region",
    list(SCOPES),
    default="Focus region",
    required=True,
    key="scope",
    bind="query-params",
    help=f"The focus region is {FOCUS_NAME}: the Western Balkans, Moldova, Ukraine and Belarus, the South "
    "Caucasus, Central Asia, and the Russian Federation and Türkiye as the main host countries. "
    "A corridor counts when it sends from or to one of these countries.",
)
scope = SCOPES[choice]
where = f"corridors from or to {FOCUS_NAME}" if scope == "focus" else "all corridors"
where_short = "Corridors from or to the focus region" if scope == "focus" else "All corridors"

summary = cached.quarterly_summary(scope)
costs = cached.corridor_costs(scope)
observed = summary.dropna(subset=["corridors_n"])
latest = observed.iloc[-1]
period = latest["period"]
span = f"{observed.iloc[0]['period']}–{period}"
year_ago = summary[summary["period"] == str(pd.Period(period, "Q") - 4)]
# The sources behind the figures shown: the shipped DataBank averages, or imported provider prices.
used = costs["source_id"].unique()
rpw, rpw_short = citation(*used), source_line(used)

st.markdown(
    f"The cost of sending **USD 200**, as a share of the amount sent, in {where}, from the World Bank's "
    f"Remittance Prices Worldwide. Latest quarter with data for every corridor: **{period}**."
)

c1, c2, c3, c4 = st.columns(4)
delta, arrow = None, "auto"
if not year_ago.empty and pd.notna(year_ago["mean_of_corridor_averages_pct"].iloc[0]):
    change = latest["mean_of_corridor_averages_pct"] - year_ago["mean_of_corridor_averages_pct"].iloc[0]
    if abs(change) >= 0.005:
        delta = f"{change:+.2f} pp on a year earlier"
    else:
        delta, arrow = "unchanged on a year earlier", "off"
c1.metric(
    f"Mean of corridor averages, {period}",
    f"{latest['mean_of_corridor_averages_pct']:.2f}%",
    delta=delta,
    delta_color="inverse" if arrow == "auto" else "off",
    delta_arrow=arrow,
    help="Simple mean over corridors of each corridor's average cost. Not the World Bank's Global "
    "Average, which is a mean over services (see Data & methods).",
)
c2.metric(
    f"Corridors above {SDG_CORRIDOR_CEILING_PCT:.0f}%, {period}",
    f"{int(latest['above_5pct_n'])} of {int(latest['corridors_n'])}",
    help="SDG 10.c: eliminate corridors costing more than 5%.",
)
c3.metric(
    f"Corridors below {SDG_TARGET_PCT:.0f}%, {period}",
    f"{int(latest['below_3pct_n'])} of {int(latest['corridors_n'])}",
    help="SDG 10.c: reduce the average cost to less than 3%.",
)
c4.metric(f"Most expensive corridor, {period}", f"{latest['max_pct']:.1f}%", help="The highest corridor average.")

chart(
    charts.cost_over_time(summary, "Cost of sending USD 200 (% of amount sent)", f"{where_short}, {span}", rpw_short),
    summary,
    f"cost-over-time-{scope}",
    rpw,
    note="Blank quarters had no data collection (2011–2012 were surveyed half-yearly); the line is not drawn"
    " through them.",
)
chart(
    charts.sdg_shares(summary, "Corridors above 5% and below 3% (% of corridors)", f"{where_short}, {span}", rpw_short),
    summary[["period", "corridors_n", "above_5pct_n", "above_5pct_share_pct", "below_3pct_n", "below_3pct_share_pct"]],
    f"sdg-shares-{scope}",
    rpw,
)

st.subheader(f"The most and least expensive corridors in {period}")
ranked = costs[costs["period"] == period].sort_values("total_cost_pct_200", ascending=False)
n = min(10, len(ranked) // 2)
left, right = st.columns(2)
with left:
    top = ranked.head(n)
    chart(
        charts.corridor_bars(top, f"{n} most expensive", f"{where_short}, {period}", rpw_short),
        top,
        f"most-expensive-{scope}-{period}",
        rpw,
    )
with right:
    cheapest = ranked.tail(n).iloc[::-1]
    chart(
        charts.corridor_bars(cheapest, f"{n} cheapest", f"{where_short}, {period}", rpw_short),
        cheapest,
        f"cheapest-{scope}-{period}",
        rpw,
    )

st.header("How much money is at stake?")
stake = cached.at_stake(scope, SDG_TARGET_PCT)
with_cost = stake.dropna(subset=["cost_to_country_pct"])
flow_years = sorted(stake["flow_year"].unique())
cost_years = sorted(with_cost["cost_year"].dropna().astype(int).unique())
years = lambda ys: "–" if not ys else (str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}")  # noqa: E731
total_flow = stake["remit_received_usd"].sum()
m1, m2, m3 = st.columns(3)
m1.metric(
    f"Remittances received, {years(flow_years)}",
    money(total_flow),
    help="Sum over the economies of their latest World Development Indicators value with GDP of the same year "
    f"({len(stake)} economies).",
)
m2.metric(
    "Paid in fees and FX margins (estimate)",
    money(with_cost["cost_paid_usd"].sum()),
    help="Each economy's whole inflow × the World Bank's average cost of sending money to it "
    f"(SI.RMT.COST.IB.ZS, {years(cost_years)}), for the {len(with_cost)} economies with a cost figure.",
)
m3.metric(
    f"Left with families at {SDG_TARGET_PCT:.0f}%",
    money(with_cost["savings_at_target_usd"].sum()),
    help="Inflow × (average cost − 3%) ÷ 100, and zero where the cost is already below 3%.",
)
st.caption(
    f"Each percentage point of cost on these flows is about **{money(total_flow / 100)} a year**. "
    f"Method: each economy's whole inflow × the World Bank's average cost of sending to it; "
    f"{len(stake) - len(with_cost)} economies have no cost figure and are left out of the estimates. "
    "*Savings by country* uses the same method; *What lower costs are worth* builds the figure corridor by corridor "
    "from modelled flows and corridor costs, so its totals differ."
)
table = stake.astype({"cost_year": "float"}).rename(
    columns={
        "name": "Receiving economy",
        "remit_received_usd": "Received (US$)",
        "cost_to_country_pct": "Average cost (%)",
        "savings_at_target_usd": "Saving at 3% (US$)",
        "cost_paid_usd": "Cost paid (US$)",
        "flow_year": "Flow year",
        "cost_year": "Cost year",
    }
)
cols = ["Receiving economy", "Received (US$)", "Average cost (%)", "Saving at 3% (US$)", "Cost paid (US$)",
        "Flow year", "Cost year"]  # fmt: skip
shown = table[cols].head(25)
st.dataframe(
    shown,
    hide_index=True,
    placeholder="–",
    height=36 * (len(shown) + 1) + 2,
    column_config={
        "Receiving economy": st.column_config.TextColumn(width="medium"),
        "Received (US$)": st.column_config.NumberColumn(format="compact"),
        "Cost paid (US$)": st.column_config.NumberColumn(format="compact"),
        "Saving at 3% (US$)": st.column_config.NumberColumn(format="compact"),
        "Average cost (%)": st.column_config.NumberColumn(format="%.2f"),
        "Flow year": st.column_config.NumberColumn(format="%d"),
        "Cost year": st.column_config.NumberColumn(format="%d"),
    },
)
if len(table) > len(shown):
    st.caption(f"The {len(shown)} largest of {len(table)} receiving economies; the CSV has them all.")
download(stake, f"at-stake-{scope}", citation("wdi_received", "wdi_cost_to"))

dep = cached.dependence(scope).head(20)
years = sorted(dep["year"].unique())
year_text = str(years[0]) if len(years) == 1 else f"latest year, {years[0]}–{years[-1]}"
chart(
    charts.dependence_bars(
        dep,
        "Remittances received (% of GDP)",
        f"Top {len(dep)} {'focus-region ' if scope == 'focus' else ''}economies, {year_text}",
        "World Bank WDI, BX.TRF.PWKR.CD.DT (Jul 2025) ÷ NY.GDP.MKTP.CD",
    ),
    dep,
    f"dependence-{scope}",
    citation("wdi_received", "wdi_gdp"),
    note="Computed here as remittances received ÷ GDP, both in current US$, for the latest year with both."
    " Blue: focus-region economies.",
)
