"""Sections of the Country profile page: the country picked, its key figures, its neighbours, its remittance
flows and its biggest partners (the corridors to and from it: ui/country_corridors.py).

Each render_… function draws one section from a CountryPage (what pick_country read for the country picked);
views/country_profile.py is a short script that calls them in order.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import explorer
from remit.costs import CountryCost, age_message, why_they_differ
from remit.i18n import Translator
from remit.sdg import SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.smart import smart_count_line
from ui.url_state import coded_selectbox, unknown_codes
from ui.widgets import MILLIONS, chart, citation, download, in_millions, money, quarters, short_sources

DEFAULT_COUNTRY = "TJK"
MAX_LINES = 8


def band_colors(values: pd.Series) -> list[str]:
    return [charts.sdg_colour(v) for v in values]


def pct(value: float, digits: int = 2) -> str:
    t = current()
    return "–" if pd.isna(value) else t.percent(round(float(value), digits), digits)  # rounded as f"{x:.2f}" did


def names(codes: pd.Series, english: pd.Series) -> list[str]:
    """Country names in the reader's language (the data's English names in English)."""
    t = current()
    return [t.country(c, n) for c, n in zip(codes, english, strict=True)]


@dataclass
class CountryPage:
    """The country picked and what the store has for it."""

    t: Translator
    iso3: str
    name: str  # in the reader's language
    latest_complete: str  # the latest quarter that covers every corridor
    profile: dict
    flows: pd.DataFrame
    status: pd.DataFrame  # every corridor to and from it (column direction: "to" or "from")
    to: pd.DataFrame
    frm: pd.DataFrame
    cost_to: tuple[float, int | None]  # the World Bank's published average cost to it, and its year
    cost_from: tuple[float, int | None]


@cached.per_reader
def country_options() -> dict[str, str]:
    """'Tajikistan (TJK)' by ISO3 for every country with data, in the reader's language (read-only)."""
    t = current()
    countries = cached.countries_with_data()
    return {iso: f"{t.country(iso, nm)} ({iso})" for iso, nm in zip(countries["iso3"], countries["name"], strict=True)}


def pick_country() -> CountryPage:
    """The country picker (?country=TJK), a warning for codes without data, and the country's region line."""
    t = current()
    countries = cached.countries_with_data()
    options = country_options()
    iso3 = coded_selectbox(
        _("Country"),
        options,
        key="country",
        default=DEFAULT_COUNTRY,
        help=_("Type a name or an ISO3 code. The link keeps the code (?country=TJK)."),
    )
    if bad := unknown_codes("country"):
        st.warning(_("No data for {codes}; showing {country}.", codes=", ".join(bad), country=options[iso3]))
    latest_complete = quarters()[1]  # the latest quarter that covers every corridor
    profile = cached.country_profile(iso3, latest_complete)
    me = countries.set_index("iso3").loc[iso3]
    name = t.country(iso3, me["name"])
    meta = cached.countries().set_index("iso3").loc[iso3]
    facts = [_(str(meta["wb_region"])) if pd.notna(meta["wb_region"]) else None]
    facts.append(_(str(meta["wb_income_group"])) if pd.notna(meta["wb_income_group"]) else None)
    if pd.notna(meta["focus_subregion"]):
        facts.append(_("focus region: {region}", region=_(str(meta["focus_subregion"]))))
    st.caption(" · ".join(f for f in facts if f))
    flows, status = profile["flows"], profile["status"]
    return CountryPage(
        t,
        iso3,
        name,
        latest_complete,
        profile,
        flows,
        status,
        status[status["direction"] == "to"] if len(status) else status,
        status[status["direction"] == "from"] if len(status) else status,
        explorer.latest_value(flows, "cost_to_country_pct"),
        explorer.latest_value(flows, "cost_from_country_pct"),
    )


def render_headline_figures(c: CountryPage) -> None:
    """Received, as a share of GDP, per person, and paid: the latest year of each."""
    flows = c.flows
    received, r_year = explorer.latest_value(flows, "remit_received_usd")
    paid, p_year = explorer.latest_value(flows, "remit_paid_usd")
    share, s_year = explorer.latest_value(flows, "remit_received_pct_gdp_calc")
    wdi_share, w_year = explorer.latest_value(flows, "remit_received_pct_gdp_wdi")
    per_person, pp_year = explorer.latest_value(flows, "remit_received_per_person_usd")
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(
        _("Received, {year}", year=r_year or "–"),
        money(received),
        help=_("Personal remittances received, WDI BX.TRF.PWKR.CD.DT, current US$."),
    )
    k2.metric(
        _("Received, % of GDP, {year}", year=s_year or "–"),
        pct(share, 1),
        help=_(
            "Computed here: remittances received ÷ GDP (WDI NY.GDP.MKTP.CD), both in current US$. The WDI's own "
            "series BX.TRF.PWKR.DT.GD.ZS gives {share} for {year} (its shipped vintage ends in 2021).",
            share=pct(wdi_share, 1),
            year=w_year,
        )
        if w_year
        else _(
            "Computed here: remittances received ÷ GDP (WDI NY.GDP.MKTP.CD), both in current US$. The WDI's own "
            "% of GDP series has no value for this country."
        ),
    )
    k3.metric(
        _("Received per person, {year}", year=pp_year or "–"),
        money(per_person),
        help=_("Remittances received ÷ population (WDI SP.POP.TOTL), same year."),
    )
    k4.metric(
        # "Sent abroad", not "Paid": the same page gives what senders pay in fees ("Paid in fees and FX margins")
        _("Sent abroad, {year}", year=p_year or "–"),
        money(paid),
        help=_(
            "Personal remittances paid: the money sent from the country to other countries, WDI BM.TRF.PWKR.CD.DT, current US$."
        ),
    )


def render_cost_figures(page: CountryPage) -> None:
    """The cost of sending to and from it, the corridors above 5%, and the three measures of the cost."""
    iso3, name, to, frm = page.iso3, page.name, page.to, page.frm
    cost_to, ct_year = page.cost_to
    cost_from, cf_year = page.cost_from
    j1, j2, j3, j4 = st.columns(4)
    cost_of = {word: cached.country_cost(iso3, word) for word in ("to", "from")}
    for col, word in ((j1, "to"), (j2, "from")):
        c = cost_of[word]
        if c.period is None:
            published, year = (cost_to, ct_year) if word == "to" else (cost_from, cf_year)
            col.metric(
                _("Cost of sending to it, {year}", year=year)
                if word == "to"
                else _("Cost of sending from it, {year}", year=year)
                if year
                else _("Cost of sending to it")
                if word == "to"
                else _("Cost of sending from it"),
                pct(published),
                help=_("The World Bank's published average (WDI); no corridor in the data."),
            )
            continue
        col.metric(
            _("Cost of sending to it, {period}", period=c.period)
            if word == "to"
            else _("Cost of sending from it, {period}", period=c.period),
            pct(c.weighted_pct),
            help=_(
                "Flow-weighted: each corridor's average cost of sending USD 200, weighted by the money sent through it "
                "(World Bank/KNOMAD bilateral estimates for {year}, modelled). {age}.",
                year=c.weights_year,
                age=say(age_message(c.period)),
            ),
        )

    for col, part, word in ((j3, to, "to"), (j4, frm, "from")):
        if len(part):
            now = explorer.latest_status(part)
            values = {"country": name, "quarters": quarters_text(now["quarters"])}
            col.metric(
                _("Corridors to it above 5%") if word == "to" else _("Corridors from it above 5%"),
                _("{n} of {total}", n=now["above_5pct_n"], total=now["corridors_n"]),
                help=_(
                    "Every corridor to {country} at its latest quarter with data ({quarters}): the cost of sending "
                    "USD 200, against the SDG 10.c ceiling of 5%.",
                    **values,
                )
                if word == "to"
                else _(
                    "Every corridor from {country} at its latest quarter with data ({quarters}): the cost of sending "
                    "USD 200, against the SDG 10.c ceiling of 5%.",
                    **values,
                ),
            )
            col.caption(smart_count_line(now, explain=False))
        else:
            col.metric(_("Corridors to it") if word == "to" else _("Corridors from it"), _("none surveyed"))

    for word in ("to", "from"):
        three_measures(cost_of[word], word)


def render_money_at_stake(page: CountryPage) -> None:
    """Money at stake on the covered flow: the country's row of Savings by country (remit.impact.money_at_stake),
    so the figures read the same on both pages and in the CLI."""
    world_stake = cached.money_at_stake("world", SDG_TARGET_PCT).set_index("iso3")
    if page.iso3 not in world_stake.index or pd.isna(world_stake.at[page.iso3, "weighted_cost_pct"]):
        return
    row = world_stake.loc[page.iso3]
    s1, s2, s3, _s4 = st.columns(4)
    s1.metric(
        _("Flow with a corridor cost, {years}", years=int(row["weights_year"])),
        money(row["covered_flow_usd"]),
        help=_(
            "Modelled bilateral estimates (World Bank/KNOMAD) of the money sent to {country} through the corridors "
            "that have a cost figure: {coverage} of its modelled inflow.",
            country=page.name,
            coverage=pct(row["coverage_pct"], 0),
        ),
    )
    s2.metric(_("Paid in fees and FX margins, a year"), money(row["cost_paid_usd"]))
    s3.metric(
        _("Saving a year at {target}", target=pct(SDG_TARGET_PCT, 0)),
        money(row["savings_usd"]),
        help=_(
            "A year, if every corridor with a cost cost {target} at most ({period}): the same figure as on Savings "
            "by country and What lower costs are worth.",
            target=pct(SDG_TARGET_PCT, 0),
            period=say(age_message(row["period"])),
        ),
    )


def three_measures(c: CountryCost, word: str) -> None:
    """The weighted cost beside the mean of corridors and the published average, and why they differ."""
    if c.period is None:
        return
    parts = [
        _(
            "**{what}**, {age}",
            what=_("Sending to it") if word == "to" else _("Sending from it"),
            age=say(age_message(c.period)),
        ),  # fmt: skip
        _(
            "flow-weighted {cost} (coverage {coverage} of the modelled flow, {year} estimates)",
            cost=pct(c.weighted_pct),
            coverage=pct(c.coverage_pct, 0),
            year=c.weights_year,
        )  # fmt: skip
        if c.weighted_pct is not None
        else _("flow-weighted: no corridor with a modelled flow"),
        _n(
            "mean of {n} corridor average {cost}",
            "mean of {n} corridor averages {cost}",
            c.corridors_n,
            cost=pct(c.unweighted_mean_pct),
        ),  # fmt: skip
    ]
    if c.published_pct is not None:
        source = _("UN SDG database") if str(c.published_source).startswith("sdg") else _("WDI")
        parts.append(
            _(
                "published average {cost} ({year}, {source})",
                cost=pct(c.published_pct),
                year=c.published_year,
                source=source,
            )  # fmt: skip
        )
    st.caption(" · ".join(parts) + ". " + say(why_they_differ(c)))


def quarters_text(quarters: list[tuple[str, int]]) -> str:
    """'2020Q3' or '2020Q3 for 19 corridors, 2025Q3 for 1'."""
    if len(quarters) == 1:
        return quarters[0][0]
    (first, n), *rest = quarters
    return ", ".join(
        [
            _("{quarter} for {n} corridors", quarter=first, n=n),
            *(_("{quarter} for {n}", quarter=q, n=k) for q, k in rest),
        ]
    )


# --- Neighbours -----------------------------------------------------------------------------------


def render_neighbours(c: CountryPage) -> None:
    """The country beside the other countries of its peer group (received, or sent when it only sends)."""
    t, iso3, name, latest_complete = c.t, c.iso3, c.name, c.latest_complete
    near = c.profile["neighbours"]
    if len(near) and near["is_selected"].any() and len(near) > 1:
        group = _(str(near["peer_group"].iloc[0]))
        # The side where the country has corridors: money sent to it, or (a sending country) money sent from it.
        sending = near["side"].iloc[0] == "sending"
        direction = "from" if sending else "to"
        st.header(_("Compared with {group}", group=group))
        if sending:
            st.caption(
                _(
                    "No corridor to {country} is surveyed, so {country} is compared with the other sending countries "
                    "of {group}: the cost of sending money from each.",
                    country=name,
                    group=group,
                )
            )
        near = near.sort_values("mean_of_corridor_averages_pct", ascending=False)
        near = near.assign(name=names(near["iso3"], near["name"]))
        first_line = (
            _("Sending countries in {group}, {period}", group=group, period=latest_complete)
            if sending
            else _("Receiving countries in {group}, {period}", group=group, period=latest_complete)
        )
        chart(
            charts.labelled_bars(
                near,
                "mean_of_corridor_averages_pct",
                "name",
                _("Cost of sending USD 200 from each (%)") if sending else _("Cost of sending USD 200 to each (%)"),
                first_line + "<br>" + _("Mean of corridor averages; {country} in blue", country=name),
                source=short_sources(["rpw_databank"]),
                x_title=_("% of the amount sent (mean of corridor averages)"),
                colors=[charts.BLUE if s else charts.GREY for s in near["is_selected"]],
                t=t,
            ),
            near[
                [
                    "iso3",
                    "name",
                    "mean_of_corridor_averages_pct",
                    "corridors_n",
                    "min_pct",
                    "max_pct",
                    f"wdi_cost_{direction}_country_pct",
                    "period",
                ]
            ],
            f"neighbours-{direction}-{iso3}-{latest_complete}",
            citation("rpw_databank", "wdi_cost_from" if sending else "wdi_cost_to"),
            note=_(
                "Mean of corridor averages: each corridor from the country counted once. The World Bank's own "
                "average, a mean over services, is in the CSV for comparison."
            )
            if sending
            else _(
                "Mean of corridor averages: each corridor to the country counted once. The World Bank's own "
                "average, a mean over services, is in the CSV for comparison."
            ),
        )
    elif len(near):
        st.caption(
            _(
                "No comparison with the other countries of {group}: no corridor to or from {country} has data in "
                "{period}.",
                group=_(str(near["peer_group"].iloc[0])),
                country=name,
                period=latest_complete,
            )
        )


# --- Remittance flows -----------------------------------------------------------------------------


def render_flows(c: CountryPage) -> None:
    """Remittances received and paid over time, as a share of GDP, and every year's figures."""
    t, iso3, name, flows = c.t, c.iso3, c.name, c.flows
    st.header(_("Remittances received and paid by {country}", country=name))
    if flows.empty:
        st.info(_("The World Bank publishes no remittance flows for {country} in the shipped data.", country=name))
    else:
        recent = flows[flows["year"] >= 2000]
        span = f"{int(recent['year'].min())}–{int(recent['year'].max())}"
        flow_cite = citation("wdi_received", "wdi_paid")
        chart(
            charts.flows_over_time(
                recent,
                _("Received and paid (current US$)"),
                f"{name}, {span}",
                _("World Bank WDI, BX.TRF.PWKR.CD.DT (Jul 2025),<br>BM.TRF.PWKR.CD.DT (May 2023)"),
                t=t,
            ),
            recent[["year", "remit_received_usd", "remit_paid_usd"]],
            f"flows-{iso3}",
            flow_cite,
            note=_("Paid ends in 2022 in the shipped vintage."),
        )
        if recent["remit_received_pct_gdp_calc"].notna().any() or recent["remit_received_pct_gdp_wdi"].notna().any():
            chart(
                charts.share_of_gdp(
                    recent,
                    _("Remittances received (% of GDP)"),
                    _("{country}, {span}: computed here and as published", country=name, span=span),
                    _("World Bank WDI, BX.TRF.PWKR.CD.DT ÷ NY.GDP.MKTP.CD;<br>BX.TRF.PWKR.DT.GD.ZS (May 2023)"),
                    t=t,
                ),
                recent[
                    [
                        "year",
                        "remit_received_usd",
                        "gdp_usd",
                        "remit_received_pct_gdp_calc",
                        "remit_received_pct_gdp_wdi",
                    ]
                ],
                f"share-of-gdp-{iso3}",
                citation("wdi_received", "wdi_gdp", "wdi_received_pct_gdp"),
                note=_("The two differ slightly where the GDP vintages differ; the published series ends in 2021."),
            )
        table = recent.sort_values("year", ascending=False)[
            [
                "year",
                "remit_received_usd",
                "remit_paid_usd",
                "remit_received_pct_gdp_calc",
                "remit_received_pct_gdp_wdi",
                "remit_received_per_person_usd",
                "population",
                "cost_to_country_pct",
                "cost_from_country_pct",
            ]
        ]
        with st.expander(_("Every year's figures for {country}", country=name)):
            st.dataframe(
                in_millions(table, ["remit_received_usd", "remit_paid_usd", "population"]),
                hide_index=True,
                placeholder="–",
                column_config={
                    "year": st.column_config.NumberColumn(_("Year"), format="%d"),
                    "remit_received_usd": st.column_config.NumberColumn(_("Received (US$ million)"), format=MILLIONS),
                    "remit_paid_usd": st.column_config.NumberColumn(_("Sent abroad (US$ million)"), format=MILLIONS),
                    "remit_received_pct_gdp_calc": st.column_config.NumberColumn(
                        _("Received, % of GDP"), format="%.1f"
                    ),
                    "remit_received_pct_gdp_wdi": st.column_config.NumberColumn(_("% of GDP (WDI)"), format="%.1f"),
                    "remit_received_per_person_usd": st.column_config.NumberColumn(
                        _("Per person (US$)"), format="%.0f"
                    ),
                    "population": st.column_config.NumberColumn(_("Population (million)"), format=MILLIONS),
                    "cost_to_country_pct": st.column_config.NumberColumn(_("Cost to (%)"), format="%.2f"),
                    "cost_from_country_pct": st.column_config.NumberColumn(_("Cost from (%)"), format="%.2f"),
                },
            )
        download(
            flows,
            f"remittance-flows-{iso3}",
            citation("wdi_received", "wdi_paid", "wdi_gdp", "wdi_population", "wdi_received_pct_gdp", "wdi_cost_to"),
            note=_(
                "One row per year from the World Bank's WDI files. Received as % of GDP and per person are computed "
                "here (received ÷ GDP, received ÷ population); the WDI's own published % of GDP is given beside it."
            ),
        )


# --- Bilateral partners (modelled) --------------------------------------------------------------------


def render_partners(page: CountryPage) -> None:
    """The biggest senders to and receivers from the country (modelled estimates)."""
    t, iso3, name, profile = page.t, page.iso3, page.name, page.profile
    st.header(_("Biggest partners (modelled estimates)"))
    st.markdown(
        _(
            "Bilateral remittances are **modelled estimates** by the World Bank/KNOMAD from migrant stocks and "
            "incomes, not measured flows: use them as orders of magnitude. Where the World Bank surveys the corridor, "
            "its latest measured cost is shown beside it."
        )
    )
    left, right = st.columns(2)
    for col, key, word in ((left, "partners_to", "to"), (right, "partners_from", "from")):
        part = profile[key]
        inbound = word == "to"
        with col:
            if part.empty:
                st.info(
                    _("No bilateral estimates to {country}.", country=name)
                    if inbound
                    else _("No bilateral estimates from {country}.", country=name)
                )
                continue
            year = int(part["year"].iloc[0])
            label = [  # the cost with its quarter: a price without one read as today's
                _("{partner} · cost {cost}, {quarter}", partner=p, cost=pct(c, 1), quarter=q) if pd.notna(c) else p
                for p, c, q in zip(
                    names(part["partner_iso3"], part["partner_name"]),
                    part["latest_total_cost_pct_200"],
                    part["cost_period"],
                    strict=True,
                )
            ]
            shape = {"country": name, "year": year, "n": len(part)}
            chart(
                charts.labelled_bars(
                    part.assign(label=label, estimated_musd=part["estimated_usd"] / 1e6),
                    "estimated_musd",
                    "label",
                    _("Estimated inflows (US$ m)") if inbound else _("Estimated outflows (US$ m)"),
                    (
                        _("Remittances sent to {country}", **shape)
                        + "<br>"
                        + _("Modelled estimates, {year}: the {n} largest senders", **shape)
                    )
                    if inbound
                    else (
                        _("Remittances sent from {country}", **shape)
                        + "<br>"
                        + _("Modelled estimates, {year}: the {n} largest receivers", **shape)
                    ),
                    source=_("KNOMAD/World Bank, Bilateral Remittance Matrix {year}", year=year),
                    x_title=_("US$ million (modelled estimate)"),
                    colors=[charts.GREY] * len(part),
                    text_format="{:,.1f}",
                    sdg=False,
                    t=t,
                ),
                part,
                f"partners-{word}-{iso3}-{year}",
                citation(*part["source_id"].unique()),
                note=_("Modelled estimates, not observations: they rank partners by the model, not by measured flows."),
            )
