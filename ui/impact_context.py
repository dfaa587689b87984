"""The impact page's context sections: remittances received, how they compare, where they come from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import scenarios
from remit.i18n import N_
from ui import cached
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.impact_inputs import MEASURES, Place, pc
from ui.url_state import seed_from_link, write_to_link
from ui.widgets import chart, citation, money, vintage

# What the data lacks, named short in the line under the comparisons.
LACKING = {"oda_received_usd": N_("aid"), "fdi_inflow_usd": N_("foreign direct investment")}


def render_received(place: Place) -> pd.DataFrame:
    """Remittances received by the area over time, and how they compare with GDP, aid and investment."""
    t = current()
    area, where, is_country, members = place.area, place.where, place.is_country, place.members
    st.header(_("Remittances received by {area}", area=where))
    series = cached.impact_received(members)
    if series.empty:
        st.info(
            _(
                "The World Development Indicators have no remittance figures for {area} (only zeros, which the WDI "
                "writes for economies that do not report them).",
                area=where,
            )
        )
    else:
        latest = series[series["complete"]].iloc[-1]
        with_gdp = series[series["gdp_complete"] & series["received_pct_gdp"].notna()]
        with_pop = series[series["population_complete"] & series["received_per_person_usd"].notna()]
        m1, m2, m3 = st.columns(3)
        m1.metric(
            _("Received in {year}", year=int(latest["year"])),
            money(latest["received_usd"]),
            help=_("Personal remittances received, current US$ (WDI BX.TRF.PWKR.CD.DT).")
            if is_country
            else _n(
                "Personal remittances received, current US$ (WDI BX.TRF.PWKR.CD.DT), {n} economy.",
                "Personal remittances received, current US$ (WDI BX.TRF.PWKR.CD.DT), {n} economies.",
                int(latest["economies_n"]),
            ),
        )
        if not with_gdp.empty:
            g = with_gdp.iloc[-1]
            m2.metric(
                _("Share of GDP, {year}", year=int(g["year"])),
                pc(g["received_pct_gdp"], 1),
                help=_("Remittances received ÷ GDP, both in current US$ (WDI), for the latest year with both."),
            )
        if not with_pop.empty:
            p = with_pop.iloc[-1]
            m3.metric(
                _("Per person, {year}", year=int(p["year"])),
                money(p["received_per_person_usd"]),
                help=_("Remittances received ÷ population (WDI SP.POP.TOTL), per resident, not per recipient."),
            )
        seed_from_link("measure", list(MEASURES), next(iter(MEASURES)))
        measure = st.segmented_control(_("Show"), list(MEASURES), format_func=t, required=True, key="measure")
        write_to_link("measure", measure, next(iter(MEASURES)))
        column, complete, unit = MEASURES[measure]
        shown = series[series[complete]]
        span = f"{int(shown['year'].min())}–{int(shown['year'].max())}" if not shown.empty else ""
        heading = where[:1].upper() + where[1:]
        chart(
            charts.received_over_time(
                shown,
                column,
                _("Remittances received ({unit})", unit=_(unit)),
                f"{heading}, {span}"
                if is_country
                else _("{area}, {span}, years with data for all", area=heading, span=span),
                {
                    "received_usd": _("World Bank WDI, BX.TRF.PWKR.CD.DT"),
                    "received_pct_gdp": _("World Bank WDI, received ÷ GDP"),
                }.get(column, _("World Bank WDI, received ÷ population")),
                y_title=_(unit),
                t=t,
            ),
            shown[["year", "received_usd", "received_pct_gdp", "received_per_person_usd", "economies_n", "members_n"]],
            f"received-{area.key}-{measure}",
            citation("wdi_received", "wdi_gdp", "wdi_population"),
            note=_("% of GDP and per person are computed here from the WDI's current-US$ series.")
            + ("" if is_country else " " + _("For a group: sums over the economies with both figures that year.")),
        )
    return series


def render_comparisons(place: Place, series: pd.DataFrame) -> None:
    """How the area's remittances compare with GDP, aid and investment (what the data has of them)."""
    if series.empty:
        return
    with_gdp = series[series["gdp_complete"] & series["received_pct_gdp"].notna()]
    comp = cached.impact_comparisons(place.members)
    # Only measures with a figure are rows; what the data lacks (aid, investment) is one line below the table.
    absent = comp[~comp["available"]]
    st.subheader(
        _("How remittances compare with the economy, aid and investment")
        if not absent["column"].isin(["oda_received_usd", "fdi_inflow_usd"]).any()
        else _("How remittances compare with the economy")
    )
    rows = []
    for r in comp[comp["available"]].itertuples():
        estimate = r.column == "knomad_inflow_usd" and int(r.year) >= 2023
        rows.append(
            {
                "Measure": say(scenarios.COMPARATORS[r.column][0]),
                "Value": money(r.value_usd),
                "Year": _("{year} (est.)", year=int(r.year)) if estimate else str(int(r.year)),
                "Source": _(
                    "{indicator}, vintage {vintage}",
                    indicator=say(scenarios.COMPARATORS[r.column][1]),
                    vintage=vintage(r.vintage),
                ),
            }
        )
    if not with_gdp.empty:
        g = with_gdp.iloc[-1]
        rows.insert(
            2,
            {
                "Measure": _("Remittances received ÷ GDP"),
                "Value": pc(g["received_pct_gdp"], 1),
                "Year": str(int(g["year"])),
                "Source": _("Computed here: BX.TRF.PWKR.CD.DT ÷ NY.GDP.MKTP.CD, same year"),
            },
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Measure": st.column_config.TextColumn(_("Measure"), width="medium"),
            "Value": st.column_config.TextColumn(_("Value"), width="small"),
            "Year": st.column_config.TextColumn(_("Year"), width="small"),
            "Source": st.column_config.TextColumn(_("Source"), width="large"),
        },
    )
    comp_sources = [s for s in comp["source_id"].dropna().unique()]
    lacking = [
        f"{_(LACKING[r.column]) if r.column in LACKING else say(scenarios.COMPARATORS[r.column][0])} "
        f"(WDI {r.indicator})"
        for r in absent.itertuples()
    ]
    if lacking:
        st.caption(_("Not in the shipped data, so not compared: {measures}.", measures=", ".join(lacking)))
    if comp_sources:
        st.caption(_("**Cite this:** {cite}", cite=citation(*comp_sources)))


def render_flows(place: Place, series: pd.DataFrame, years: list[int]) -> int:
    """Where the money comes from (modelled bilateral estimates); returns the year chosen. Stops the page
    when the estimates have no flows into the area."""
    t = current()
    area, where = place.area, place.where
    st.header(_("Where the money comes from"))
    if not years:
        st.info(
            _("The bilateral remittance estimates have no flows into {area}, so no scenario can be built.", area=where)
        )
        st.stop()
    flow_year = st.selectbox(
        _("Year of the bilateral estimates"),
        years,
        key="year",
        bind="query-params",
        help=_(
            "World Bank/KNOMAD bilateral remittance estimates exist for 2010–2017 and 2021. They are modelled "
            "from migrant stocks and incomes, not observed."
        ),
    )
    flows_in = cached.impact_scenario_inputs(place.members, int(flow_year), None)
    if flows_in.empty:
        st.info(
            _(
                "The {year} bilateral estimates have no flows into {area}. Try another year: for {area} they cover "
                "{years}.",
                year=flow_year,
                area=where,
                years=", ".join(map(str, sorted(years))),
            )
        )
        st.stop()

    shares = scenarios.sender_shares(flows_in)
    top = shares.head(15)
    top = top.assign(
        sending_name=[t.country(c, n) for c, n in zip(top["sending_iso3"], top["sending_name"], strict=True)]
    )
    bilateral_source = flows_in["flow_source"].iloc[0]
    wdi_that_year = (
        not series.empty
        and (series["year"] == int(flow_year)).any()
        and series.loc[series["year"] == int(flow_year), "complete"].iloc[0]
    )
    modelled = {"year": flow_year, "total": money(shares["flow_usd"].sum())}
    chart(
        charts.flow_bars(
            top,
            "sending_name",
            _("Estimated remittances by sending country"),
            _(
                "Into {area}, {year}: {n} largest of {total} senders",
                area=where,
                year=flow_year,
                n=len(top),
                total=len(shares),
            ),
            _("World Bank/KNOMAD, modelled estimates {year}", year=flow_year),
            t=t,
        ),
        shares,
        f"senders-{area.key}-{flow_year}",
        citation(bilateral_source),
        note=_(
            "**Modelled estimates, not observations.** The World Bank/KNOMAD matrix for {year} spreads each "
            "country's remittances over sending countries using migrant stocks and incomes. The estimates add up to "
            "{total}; the WDI reports {wdi} received in {year}.",
            wdi=money(series.loc[series["year"] == int(flow_year), "received_usd"].iloc[0]),
            **modelled,
        )
        if wdi_that_year
        else _(
            "**Modelled estimates, not observations.** The World Bank/KNOMAD matrix for {year} spreads each "
            "country's remittances over sending countries using migrant stocks and incomes. The estimates add up to "
            "{total}.",
            **modelled,
        ),
    )
    return int(flow_year)
