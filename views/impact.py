"""What lower costs are worth: remittances to a country or region, where they come from, what senders
pay on them, and what a lower cost would leave with families (the scenario builder)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import scenarios
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from remit.errors import RemitError
from remit.i18n import N_
from ui import cached
from ui.cached import charts
from ui.i18n import _, current
from ui.url_state import (
    ignored_choice,
    ignored_flag,
    ignored_number,
    plain,
    seed_from_link,
    warn_ignored,
    write_to_link,
)
from ui.widgets import chart, citation, download, money, source_names

# The English names of the choices are what the links hold (?goal=SDG+3%25); only their display is translated.
LATEST = N_("Latest for each corridor")
YOUR_VALUE = N_("Your value")
GOALS = {N_("SDG 3%"): SDG_TARGET_PCT, N_("5%"): SDG_CORRIDOR_CEILING_PCT, YOUR_VALUE: None}
PROVIDER_GOALS = {"SmaRT": "smart", N_("Cheapest service"): "cheapest"}
SHIFT_LABELS = {
    "bank_to_mto": N_("Banks → money transfer operators"),
    "digital": N_("Bank or cash → digital services"),
}
MEASURES = {
    N_("US$"): ("received_usd", "complete", N_("US$")),
    N_("% of GDP"): ("received_pct_gdp", "gdp_complete", N_("% of GDP")),
    N_("Per person"): ("received_per_person_usd", "population_complete", N_("US$ per person")),
}
# Texts that come from remit.scenarios and the data, for the catalogues: shown with _(value).
SHIFT_MOVES = {  # scenarios.SHIFTS[...][2]
    "digital": N_("from non-digital (bank branch or cash) services to digital ones"),
    "bank_to_mto": N_("from banks to money transfer operators"),
}
COST_BASES = (N_("corridor average"), N_("receiving-country average"), N_("no cost data"))  # scenarios.*_AVERAGE
REASONS = (  # scenarios.provider_status and scenarios.shift_available
    N_(
        "These targets need the provider-level RPW workbook (every service in every corridor), which is "
        "not loaded: the shipped data has corridor averages only. The Data & methods page explains how to load it."
    ),
    N_("the inputs lack the costs of the two service types"),
    N_(
        "It needs the average cost of digital and of non-digital services in each corridor, which only the "
        "provider-level RPW workbook has. The shipped corridor averages give the share of services that "
        "are digital (55 corridors to South Asia), not what they cost."
    ),
    N_(
        "None of these corridors has separate averages for banks and money transfer operators; the shipped "
        "data has them only for corridors to Bangladesh, India, Nepal and the Philippines."
    ),
)
MEASURE_NAMES = (  # scenarios.COMPARATORS
    N_("Remittances received"),
    N_("GDP"),
    N_("Remittance inflows (KNOMAD)"),
    N_("Aid (net ODA received)"),
    N_("Foreign direct investment (net inflows)"),
    N_("Migration and Development Brief data"),
)
LACKING = {"oda_received_usd": N_("aid"), "fdi_inflow_usd": N_("foreign direct investment")}

t = current()


def gpct(value: float) -> str:
    """A percentage with as many decimals as it needs (3 -> '3%', 3.5 -> '3.5%'), in the reader's locale."""
    text = f"{value:g}"
    return t.percent(value, len(text.split(".")[1]) if "." in text else 0)


def pc(value: float, digits: int = 2) -> str:
    """A percentage rounded as Python rounds (7.205 -> '7.21%', as f"{x:.2f}%" wrote it), in the reader's locale."""
    return t.percent(round(float(value), digits), digits)


def area_name(area: scenarios.Area) -> str:
    """What the picker shows for an area, in the reader's language."""
    if area.key == "focus":
        return _("Focus region (all {n} economies)", n=len(area.members))
    if area.key.startswith("focus:"):
        return _("Focus region: {region}", region=_(area.key.split(":", 1)[1]))
    if area.key.startswith("wb:"):
        return _("World Bank region: {region}", region=_(area.key.split(":", 1)[1]))
    return t.country(area.key, area.label)


NAME_COLUMNS = ["sending_iso3", "receiving_iso3", "sending_name", "receiving_name"]  # what corridor_name reads


def corridor_name(r: object) -> str:
    return t.corridor(r.sending_iso3, r.receiving_iso3, r.sending_name, r.receiving_name)


def target_text(sc: scenarios.Scenario) -> str:
    """The target as the assumptions and the briefing state it: '3% (the SDG 10.c target)'."""
    if sc.target == "level":
        if sc.target_pct == SDG_TARGET_PCT:
            return _("{level} (the SDG 10.c target)", level=gpct(sc.target_pct))
        if sc.target_pct == SDG_CORRIDOR_CEILING_PCT:
            return _("{level} (the SDG 10.c corridor ceiling)", level=gpct(sc.target_pct))
        return gpct(sc.target_pct)
    if sc.target == "smart":
        return _("the corridor's SmaRT (mean of the three cheapest qualifying services)")
    return _("the corridor's cheapest transparent service")


def target_short(sc: scenarios.Scenario) -> str:
    """The target without its explanation, for labels: '3%'."""
    if sc.target == "level":
        return gpct(sc.target_pct)
    return _("the corridor's SmaRT") if sc.target == "smart" else _("the corridor's cheapest transparent service")


def note(r: object, sc: scenarios.Scenario) -> str:
    """What a reader needs to know about one corridor's result, in the reader's language."""
    return "; ".join(_(message, **values) for message, values in scenarios.note_messages(r, sc))


# --- The summary for a briefing (scenarios.summary_text, in the reader's language) ----------------------


def amount(usd: float) -> str:
    """An amount as the briefing writes it: 'US$ 2.90 billion', 'US$ 290 million'."""
    if pd.isna(usd):
        return _("n/a")
    if abs(usd) >= 1e9:
        return _("US$ {amount} billion", amount=t.number(usd / 1e9, 2))
    if abs(usd) >= 1e6:
        return _("US$ {amount} million", amount=t.number(usd / 1e6, 0))
    return _("US$ {amount}", amount=t.number(usd, 0))


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def briefing(
    area: str,
    tot: dict,
    sc: scenarios.Scenario,
    *,
    result: pd.DataFrame,
    gdp_usd: float | None,
    gdp_year: int | None,
    requested_period: str | None,
) -> str:
    """A short paragraph a policymaker can paste into a briefing, with every assumption and source."""
    flow_years = join([str(y) for y in tot["flow_years"]])
    periods = tot["cost_periods"]
    period_text = periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}" if periods else _("no quarter")
    scaled = sc.scale_to_wdi and tot["flow_used_years"] != tot["flow_years"]
    values = {"area": area, "amount": amount(tot["flow_usd"]), "n": tot["senders_n"], "years": flow_years}
    if scaled:
        text = [
            _(
                "Remittances to {area}: about {amount} a year from {n} sending countries (the {years} modelled "
                "shares of each sending country applied to the latest World Bank total ({latest})).",
                latest=join([str(y) for y in tot["flow_used_years"]]),
                **values,
            )
        ]
    else:
        text = [
            _(
                "Remittances to {area}: about {amount} a year from {n} sending countries (World Bank/KNOMAD "
                "modelled bilateral estimates for {years}).",
                **values,
            )
        ]
    if tot["flow_covered_usd"] <= 0:
        text.append(
            _(
                "None of these corridors has cost data in {period} in the World Bank's Remittance Prices "
                "Worldwide, so the cost and the savings cannot be estimated.",
                period=requested_period,
            )
            if requested_period
            else _(
                "None of these corridors has cost data in the World Bank's Remittance Prices Worldwide, so the "
                "cost and the savings cannot be estimated."
            )
        )
        return " ".join(text)
    cost = {
        "share": pc(tot["coverage_pct"], 0),
        "covered": amount(tot["flow_covered_usd"]),
        "periods": period_text,
        "n": tot["corridors_country_average_n"],
        "years": join([str(y) for y in tot["country_average_years"]]),
        "paid": amount(tot["cost_paid_usd"]),
        "average": pc(tot["current_cost_weighted_pct"]),
    }
    whole = tot["coverage_pct"] >= 99.5
    if tot["corridors_country_average_n"]:
        text.append(
            _(
                "For the whole flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}), and "
                "for {n} corridors without one the receiving country's average cost (WDI, {years}) imply that "
                "senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of the "
                "amount sent (weighted by flow).",
                **cost,
            )
            if whole
            else _(
                "For {share} of this flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}), "
                "and for {n} corridors without one the receiving country's average cost (WDI, {years}) imply "
                "that senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of "
                "the amount sent (weighted by flow).",
                **cost,
            )
        )
    else:
        text.append(
            _(
                "For the whole flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}) imply "
                "that senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of "
                "the amount sent (weighted by flow).",
                **cost,
            )
            if whole
            else _(
                "For {share} of this flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}) "
                "imply that senders pay about {paid} a year in fees and exchange-rate margins, on average "
                "{average} of the amount sent (weighted by flow).",
                **cost,
            )
        )
    # The saving comes from the corridors that cost more than the target (and from a shift, if any): say how
    # many there are, so that an average below the target does not read as a contradiction.
    target = target_text(sc)
    to = gpct(sc.target_pct) if sc.target == "level" else _("that level")
    above, meeting = tot["corridors_above_target_n"], tot["corridors_meeting_target_n"]
    costed = above + meeting
    shifted = sc.shift is not None and sc.shift_share_pct > 0
    shift = (
        _("{share} of the flow moved {how}", share=gpct(sc.shift_share_pct), how=_(SHIFT_MOVES[sc.shift]))
        if shifted
        else ""
    )
    counts = {"above": above, "costed": costed, "target": target, "to": to, "shift": shift}
    if above:
        if costed > above:
            text.append(
                _("1 of the {costed} corridors with a cost figure costs more than {target}.", **counts)
                if above == 1
                else _("{above} of the {costed} corridors with a cost figure cost more than {target}.", **counts)
            )
        else:
            text.append(
                _("The corridor with a cost figure costs more than {target}.", **counts)
                if above == 1
                else _("All {above} corridors with a cost figure cost more than {target}.", **counts)
            )
        if above > 1:
            lever = (
                _("If those fell to {to} and {shift}", **counts) if shifted else _("If those fell to {to}", **counts)
            )
        else:
            lever = (
                _("If that corridor fell to {to} and {shift}", **counts)
                if shifted
                else _("If that corridor fell to {to}", **counts)
            )
    elif shifted:
        text.append(
            _("The corridor with a cost figure costs no more than {target}.", **counts)
            if costed == 1
            else _("None of the {costed} corridors with a cost figure costs more than {target}.", **counts)
        )
        lever = _("If {shift}", **counts)
    else:
        lever = None
        text.append(
            _(
                "The corridor with a cost figure costs no more than {target}, so a cut to {to} would save nothing.",
                **counts,
            )
            if costed == 1
            else _(
                "None of the {costed} corridors with a cost figure costs more than {target}, so a cut to {to} "
                "would save nothing.",
                **counts,
            )
        )
    if lever:
        saving = {
            "condition": lever,
            "amount": amount(tot["savings_usd"]),
            "share": pc(tot["savings_usd"] / gdp_usd * 100) if gdp_usd and gdp_usd > 0 else "",
            "year": gdp_year,
            "total": amount(tot["savings_period_usd"]),
            "n": sc.years,
            "growth": gpct(sc.growth_pct),
        }
        with_gdp = bool(gdp_usd and gdp_usd > 0)
        if sc.years <= 1:
            text.append(
                _(
                    "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP).",
                    **saving,
                )
                if with_gdp
                else _("{condition}, recipients would keep about {amount} more a year.", **saving)
            )
        elif sc.growth_pct:
            text.append(
                _(
                    "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP), or "
                    "{total} over {n} years with flows growing {growth} a year.",
                    **saving,
                )
                if with_gdp
                else _(
                    "{condition}, recipients would keep about {amount} more a year, or {total} over {n} years "
                    "with flows growing {growth} a year.",
                    **saving,
                )
            )
        else:
            text.append(
                _(
                    "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP), or "
                    "{total} over {n} years with flows at today's level.",
                    **saving,
                )
                if with_gdp
                else _(
                    "{condition}, recipients would keep about {amount} more a year, or {total} over {n} years "
                    "with flows at today's level.",
                    **saving,
                )
            )
    if meeting:
        rows = result[result["meets_target"].fillna(False).astype(bool)].sort_values("flow_used_usd", ascending=False)
        named = [
            f"{corridor_name(r)} ({pc(r.cost_used_pct)}, {r.cost_used_period})"
            for r in rows[[*NAME_COLUMNS, "cost_used_pct", "cost_used_period"]].head(5).itertuples()
        ]
        listed = ", ".join(named)
        if meeting > len(named) and named:
            listed = _("{corridors} and {n} more", corridors=listed, n=meeting - len(named))
        level = {"n": meeting, "target": gpct(sc.target_pct)}
        if sc.target == "level":
            head = (
                _("1 corridor already costs {target} or less", **level)
                if meeting == 1
                else _("{n} corridors already cost {target} or less", **level)
            )
        else:
            head = (
                _("1 corridor already costs no more than the target", **level)
                if meeting == 1
                else _("{n} corridors already cost no more than the target", **level)
            )
        end = (
            "."
            if not above
            else _("; a cut saves nothing there.")
            if not shifted
            else _("; only the shift can save there.")
        )
        text.append(head + (f": {listed}" if named else "") + end)
    if tot["corridors_no_cost_n"]:
        n = tot["corridors_no_cost_n"]
        left = {"n": n, "amount": amount(tot["flow_no_cost_usd"])}
        text.append(
            _("1 corridor ({amount}) has no cost data and is left out.", **left)
            if n == 1
            else _("{n} corridors ({amount}) have no cost data and are left out.", **left)
        )
    text.append(
        _(
            "Bilateral flows are modelled estimates, not observations, and flows and costs refer to different "
            "years. Sources: World Bank, Remittance Prices Worldwide; World Bank/KNOMAD bilateral remittance "
            "estimates; World Bank, World Development Indicators."
        )
    )
    return " ".join(text)


st.title(_("What would cheaper remittances be worth?"))
st.markdown(
    _(
        "How much of the money migrants send home goes to fees and exchange-rate margins, and how much more would "
        "reach families if costs fell to the SDG's **3%**, to **5%**, to the cheapest services or to a level you "
        "choose. Every input of the scenario is on this page; every number states its year and source."
    )
)

# --- The receiving country or region (?country=TJK, KSV, XKX, a name, or a region's label) -----------
areas = cached.impact_areas()
by_label = {a.label: a for a in areas}
if t.code != "en":  # countries in the reader's alphabetical order, after the regions
    regions = [a for a in areas if a.kind != "country"]
    by_label = {a.label: a for a in regions + sorted((a for a in areas if a.kind == "country"), key=area_name)}
asked = st.query_params.get("country")
normalised = None
if asked and asked not in by_label and "country" not in st.session_state:
    normalised = cached.impact_area_label(asked)
    if normalised:
        st.query_params["country"] = normalised  # the link says what it opened: ?country=KSV -> ?country=Kosovo
        st.rerun()
    else:
        st.warning(
            _(
                "No receiving country or region called '{name}' in the data; showing the focus region.",
                name=plain(asked, 40),
            )
        )
# Not bound to the link: a bound widget would write its translated label there (see ui/url_state.py).
first_area = areas[0].label
seed_from_link("country", list(by_label), first_area)
names = {label: area_name(a) for label, a in by_label.items()}
choice = st.selectbox(
    _("Receiving country or region"),
    list(by_label),
    format_func=names.get,  # computed here: a format_func may be called after the run (AppTest)
    key="country",
    help=_(
        "Type to search. Regions come first: the focus region (South-Eastern Europe, Eastern Europe and "
        "Central Asia) and its parts, then the World Bank's regions. Codes work in the link too: ?country=TJK, "
        "?country=KSV or ?country=XKX."
    ),
)
write_to_link("country", choice, first_area)
area = by_label[choice]
members = area.members
is_country = area.kind == "country"
if area.key == "focus":
    where = _("the focus region")
elif area.key.startswith("focus:"):
    where = _("{region} (focus region)", region=_(area.key.split(":", 1)[1]))
elif area.key.startswith("wb:"):
    where = _("{region} (World Bank region)", region=_(area.key.split(":", 1)[1]))
else:
    where = area_name(area)
if not is_country:
    st.caption(_("{n} economies: {codes}.", n=len(members), codes=", ".join(members)))

# The link is read here, before the widgets: a value they do not offer is said, not dropped silently.
years = cached.impact_flow_years(members)
provider = cached.impact_provider_status()
goals = list(GOALS) + (list(PROVIDER_GOALS) if provider["available"] else [])
cost_periods = cached.impact_cost_periods()
warn_ignored(
    ignored_choice("measure", MEASURES, what=_("measure"), shown=_("US$")),
    ignored_choice(
        "year",
        [str(y) for y in years],
        what=_("year of the bilateral estimates"),
        shown=str(years[0]) if years else _("none"),
        reason=_("no estimates for it here"),
    ),
    ignored_choice("goal", goals, what=_("target"), shown=_("SDG 3%")),
    ignored_number("target", 0, 30, what=_("target"), shown=gpct(SDG_TARGET_PCT)),
    ignored_choice(
        "period",
        [LATEST, *cost_periods],
        what=_("cost quarter"),
        shown=_("latest for each corridor"),
        reason=_("no cost data then"),
    ),
    ignored_number("growth", -20, 30, what=_("growth of flows"), shown=_("0% a year")),
    ignored_number("years", 1, 15, what=_("number of years"), shown="5", whole=True),
    ignored_number("shift", 0, 100, what=_("share of the flow that moves"), shown=gpct(0), whole=True),
    ignored_flag("fill", what=_("'Use the receiving country's average cost'"), shown=_("it off")),
    ignored_flag("scale", what=_("'Scale the modelled flows'"), shown=_("it off")),
)

# --- 1. Remittances received -------------------------------------------------------------------------
st.header(_("Remittances received by {area}", area=where))
series = cached.impact_received(members)
wdi = citation("wdi_received")
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
        else _(
            "Personal remittances received, current US$ (WDI BX.TRF.PWKR.CD.DT), {n} economies.",
            n=int(latest["economies_n"]),
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

    comp = cached.impact_comparisons(members)
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
                "Measure": _(r.measure),
                "Value": money(r.value_usd),
                "Year": _("{year} (est.)", year=int(r.year)) if estimate else str(int(r.year)),
                "Source": _("{indicator}, vintage {vintage}", indicator=_(r.indicator), vintage=r.vintage),
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
        f"{_(LACKING[r.column]) if r.column in LACKING else _(r.measure)} (WDI {r.indicator})"
        for r in absent.itertuples()
    ]
    if lacking:
        st.caption(_("Not in the shipped data, so not compared: {measures}.", measures=", ".join(lacking)))
    if comp_sources:
        st.caption(_("**Cite this:** {cite}", cite=citation(*comp_sources)))

# --- 2. Where the money comes from (modelled) ----------------------------------------------------------
st.header(_("Where the money comes from"))
if not years:
    st.info(_("The bilateral remittance estimates have no flows into {area}, so no scenario can be built.", area=where))
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
flows_in = cached.impact_scenario_inputs(members, int(flow_year), None)
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
top = top.assign(sending_name=[t.country(c, n) for c, n in zip(top["sending_iso3"], top["sending_name"], strict=True)])
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

# --- 3. The scenario ------------------------------------------------------------------------------------
st.header(_("What costs take, and what a lower cost would leave with families"))
asked_target = "target" in st.query_params and "goal" not in st.query_params
with st.container(border=True):
    st.markdown(_("**Scenario**"))
    c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1])
    with c1:
        seed_from_link("goal", goals, YOUR_VALUE if asked_target else next(iter(GOALS)))
        goal = st.segmented_control(
            _("Target cost"),
            goals,
            format_func=t,
            required=True,
            key="goal",
            help=_(
                "SDG 10.c: an average cost below 3% by 2030 and no corridor above 5%. Costs are for sending "
                "USD 200, in % of the amount sent."
            ),
        )
        # The default target (SDG 3%) stays out of the link, unless the link also sets a level (?target=4):
        # that alone opens as YOUR_VALUE.
        write_to_link("goal", goal, None if "target" in st.query_params else next(iter(GOALS)))
        if goal == YOUR_VALUE:
            target_pct = st.number_input(
                _("Your target (% of the amount sent)"),
                min_value=0.0,
                max_value=30.0,
                value=SDG_TARGET_PCT,
                step=0.5,
                format="%.1f",
                key="target",
                bind="query-params",
            )
        else:
            target_pct = GOALS.get(goal)
    with c2:
        seed_from_link("period", [LATEST, *cost_periods], LATEST)
        period_choice = st.selectbox(
            _("Cost quarter"),
            [LATEST, *cost_periods],
            format_func=lambda p: t(LATEST) if p == LATEST else p,
            key="period",
            help=_(
                "Corridor average cost of sending USD 200 (World Bank RPW). 'Latest for each corridor' takes "
                "each corridor's newest quarter (most end in 2020Q3; corridors to South Asia run to 2025Q3). A "
                "single quarter leaves out corridors without data in it."
            ),
        )
        write_to_link("period", period_choice, LATEST)
    with c3:
        growth = st.number_input(
            _("Growth of flows (% a year)"),
            min_value=-20.0,
            max_value=30.0,
            value=0.0,
            step=0.5,
            format="%.1f",
            key="growth",
            bind="query-params",
        )
    with c4:
        n_years = st.slider(_("Years the total covers"), 1, 15, 5, key="years", bind="query-params")
    fill = st.toggle(
        _("Use the receiving country's average cost where a corridor has no cost data"),
        key="fill",
        bind="query-params",
        help=_(
            "World Bank WDI SI.RMT.COST.IB.ZS, the average cost of sending money to the country (latest "
            "year, 2020 for most). An average over the corridors surveyed, so only a stand-in for a corridor's "
            "own cost. Off: corridors without cost data are left out of the totals."
        ),
    )
    scale = st.toggle(
        _("Scale the modelled flows to the latest WDI total"),
        key="scale",
        bind="query-params",
        help=_(
            "Keeps each sending country's share of the {year} estimates and applies it to what the "
            "receiving country received in its latest WDI year. Assumes the shares have not changed since.",
            year=flow_year,
        ),
    )
    inputs = cached.impact_scenario_inputs(members, int(flow_year), None if period_choice == LATEST else period_choice)
    available = {k: scenarios.shift_available(inputs, k) for k in scenarios.SHIFTS}
    usable = [k for k, (ok, _reason, _n) in available.items() if ok]
    s1, s2 = st.columns([1.3, 2])
    with s1:
        if usable:
            warn_ignored(
                ignored_choice(
                    "shift_kind",
                    [SHIFT_LABELS[k] for k in usable],
                    what=_("service shift"),
                    shown=_(SHIFT_LABELS[usable[0]]),
                    reason=_("not possible with these corridors' data"),
                )
            )
            # The link holds the shift's English name (?shift_kind=Banks → money transfer operators).
            by_name = {SHIFT_LABELS[k]: k for k in usable}
            if "shift_kind" not in st.session_state or st.session_state["shift_kind"] not in usable:
                st.session_state["shift_kind"] = by_name.get(st.query_params.get("shift_kind"), usable[0])
            shift = st.radio(
                _("Move senders to cheaper services"),
                usable,
                format_func=lambda k: t(SHIFT_LABELS[k]),
                key="shift_kind",
                help=_(
                    "A share of the flow moves from the dearer to the cheaper service type, at the average cost "
                    "of each type in the corridor; the corridor's cost falls at most to the cheaper type's "
                    "average. Assumes at least that share goes through the dearer type today: the data does not "
                    "say how much does."
                ),
            )
            write_to_link("shift_kind", SHIFT_LABELS[shift], SHIFT_LABELS[usable[0]])
        else:
            shift = None
            st.radio(
                _("Move senders to cheaper services (not available)"),
                list(SHIFT_LABELS),
                format_func=lambda k: t(SHIFT_LABELS[k]),
                disabled=True,
                key="shift_kind_off",
            )
    with s2:
        if usable:
            shift_share = st.slider(
                _("Share of the flow that moves (%)"), 0, 100, 0, step=5, key="shift", bind="query-params"
            )
            st.caption(_("Applies to the {n} corridors with both averages.", n=available[shift][2]))
        else:
            shift_share = 0
            st.slider(_("Share of the flow that moves (%)"), 0, 100, 0, disabled=True, key="shift_off")
    if not provider["available"]:
        st.segmented_control(
            _("Per-corridor targets (not available)"),
            list(PROVIDER_GOALS),
            format_func=t,
            disabled=True,
            key="goal_provider",
            help=_(provider["reason"]),
        )
    missing = (
        [_("Not available here. **SmaRT and cheapest service** targets: {reason}", reason=_(provider["reason"]))]
        if not provider["available"]
        else []
    )
    missing += [
        _("Not available here. **{lever}**: {reason}", lever=_(SHIFT_LABELS[k]), reason=_(reason))
        for k, (ok, reason, _n) in available.items()
        if not ok
    ]
    for line in missing:
        st.caption(f":material/block: {line}")

target_kind = PROVIDER_GOALS.get(goal, "level")
scenario = scenarios.Scenario(
    target_pct=float(target_pct) if target_pct is not None else SDG_TARGET_PCT,
    target=target_kind,
    use_country_average=bool(fill),
    scale_to_wdi=bool(scale),
    shift=shift if shift_share else None,
    shift_share_pct=float(shift_share),
    growth_pct=float(growth),
    years=int(n_years),
)
try:
    result = scenarios.apply(inputs, scenario)
except scenarios.UnavailableTarget:
    st.error(_("This target needs provider-level prices for these corridors, which are not loaded."))
    st.stop()
except RemitError as exc:
    st.error(str(exc))
    st.stop()
tot = scenarios.totals(result, scenario)
target_label = target_short(scenario)
flow_years_text = ", ".join(map(str, tot["flow_used_years"]))
periods_used = tot["cost_periods"]
period_text = (
    _("no quarter")
    if not periods_used
    else periods_used[0]
    if len(periods_used) == 1
    else f"{periods_used[0]}–{periods_used[-1]}"
)

# GDP of the flows' year (or the latest before it) for the comparison.
gdp_rows = series[series["gdp_complete"] & series["gdp_usd"].notna()] if not series.empty else series
gdp_rows = gdp_rows[gdp_rows["year"] <= max(tot["flow_used_years"] or [0])] if not gdp_rows.empty else gdp_rows
gdp_usd, gdp_year = (
    (float(gdp_rows.iloc[-1]["gdp_usd"]), int(gdp_rows.iloc[-1]["year"])) if not gdp_rows.empty else (None, None)
)

covered = tot["flow_covered_usd"] > 0
r1, r2, r3, r4 = st.columns(4)
r1.metric(
    _("Sent to {country}, {years}", country=where, years=flow_years_text)
    if is_country
    else _("Sent to the region, {years}", years=flow_years_text),
    money(tot["flow_usd"]),
    help=_(
        "Sum of the bilateral estimates (modelled), scaled to the latest WDI total, from {n} sending countries.",
        n=tot["senders_n"],
    )
    if scenario.scale_to_wdi
    else _("Sum of the bilateral estimates (modelled), from {n} sending countries.", n=tot["senders_n"]),
)
r2.metric(
    _("Paid in fees and FX margins, a year"),
    money(tot["cost_paid_usd"]) if covered else "–",
    help=_(
        "Flow × current cost ÷ 100, summed over the corridors with a cost figure ({share} of the flow).",
        share=pc(tot["coverage_pct"], 0) if pd.notna(tot["coverage_pct"]) else "–",
    ),
)
r3.metric(
    _("Saving a year at {target} + shift", target=target_label)
    if scenario.shift
    else _("Saving a year at {target}", target=target_label),
    money(tot["savings_usd"]) if covered else "–",
    help=_(
        "Flow × (current cost − scenario cost) ÷ 100 per corridor, never below 0: a corridor that already meets "
        "the target saves nothing."
    ),
)
r4.metric(
    _("Saving over {n} years", n=scenario.years) if scenario.years > 1 else _("Saving over 1 year"),
    money(tot["savings_period_usd"]) if covered else "–",
    help=_(
        "The yearly saving × {factor}: flows growing {growth} a year over {n} years (the saving per dollar stays "
        "the same).",
        factor=t.number(tot["period_factor"], 2),
        growth=gpct(scenario.growth_pct),
        n=scenario.years,
    ),
)

# The assumptions, next to the result.
growing = {"year": flow_year, "years": flow_years_text, "growth": gpct(scenario.growth_pct)}
if scenario.scale_to_wdi:
    flows_line = (
        _(
            "**Flows:** modelled shares of {year} scaled to the latest WDI total ({years}), growing {growth} a year",
            **growing,
        )
        if scenario.growth_pct
        else _("**Flows:** modelled shares of {year} scaled to the latest WDI total ({years})", **growing)
    )
else:
    flows_line = (
        _(
            "**Flows:** bilateral estimates for {year} (modelled, World Bank/KNOMAD), growing {growth} a year",
            **growing,
        )
        if scenario.growth_pct
        else _("**Flows:** bilateral estimates for {year} (modelled, World Bank/KNOMAD)", **growing)
    )
costs = {
    "quarter": _("each corridor's latest quarter") if period_choice == LATEST else period_choice,
    "periods": period_text,
    "years": ", ".join(map(str, tot["country_average_years"])),
    "n": tot["corridors_country_average_n"],
}
costs_line = (
    _(
        "**Costs:** RPW corridor average for sending USD 200, {quarter} ({periods}); the receiving country's WDI "
        "average ({years}) for {n} corridors without one",
        **costs,
    )
    if tot["corridors_country_average_n"]
    else _("**Costs:** RPW corridor average for sending USD 200, {quarter} ({periods})", **costs)
)
target_line = (
    _(
        "**Target:** {target}; {share} of the flow moves {how}",
        target=target_text(scenario),
        share=gpct(scenario.shift_share_pct),
        how=_(SHIFT_MOVES[scenario.shift]),
    )
    if scenario.shift
    else _("**Target:** {target}", target=target_text(scenario))
)
coverage_line = _(
    "**Coverage:** {n} of {total} corridors, {share} of the flow",
    n=tot["corridors_n"] - tot["corridors_no_cost_n"],
    total=tot["corridors_n"],
    share=pc(tot["coverage_pct"], 0) if pd.notna(tot["coverage_pct"]) else "–",
)
st.markdown(" · ".join([flows_line, costs_line, target_line, coverage_line]))
method = _(
    "Flows and costs refer to different years. Savings = flow × (current cost − scenario cost) ÷ 100 per corridor; "
    "the scenario cost is the lower of the target and the cost after any shift, and a corridor already at or "
    "below the target saves 0."
)
if gdp_usd and covered:
    method += " " + _(
        "The yearly saving equals **{gdp_share} of GDP** ({year}, WDI) and **{flow_share}** of the flow.",
        gdp_share=pc(tot["savings_usd"] / gdp_usd * 100),
        year=gdp_year,
        flow_share=pc(tot["savings_usd"] / tot["flow_usd"] * 100),
    )
st.caption(method)
if not covered:
    period = {"area": where, "period": period_choice}
    no_average = result["country_avg_cost_pct"].isna().all()
    if period_choice != LATEST:
        said = (
            _(
                "None of the corridors into {area} has cost data in {period} in the World Bank's Remittance Prices "
                "Worldwide, so the cost paid and the savings cannot be estimated: there is no average cost for the "
                "receiving country either.",
                **period,
            )
            if no_average
            else _(
                "None of the corridors into {area} has cost data in {period} in the World Bank's Remittance Prices "
                "Worldwide, so the cost paid and the savings cannot be estimated.",
                **period,
            )
        )
    else:
        said = (
            _(
                "None of the corridors into {area} has cost data in the World Bank's Remittance Prices Worldwide, "
                "so the cost paid and the savings cannot be estimated: there is no average cost for the receiving "
                "country either.",
                **period,
            )
            if no_average
            else _(
                "None of the corridors into {area} has cost data in the World Bank's Remittance Prices Worldwide, "
                "so the cost paid and the savings cannot be estimated.",
                **period,
            )
        )
    if not fill and result["country_avg_cost_pct"].notna().any():
        said += " " + _("Switch on 'Use the receiving country's average cost' to use the WDI average instead.")
    st.warning(said, icon=":material/warning:")
elif tot["corridors_no_cost_n"]:
    avg = result.drop_duplicates("receiving_iso3")
    said = _(
        "{n} of {total} corridors ({flow}, {share} of the flow) have no cost data and are **left out** of the cost "
        "and the savings.",
        n=tot["corridors_no_cost_n"],
        total=tot["corridors_n"],
        flow=money(tot["flow_no_cost_usd"]),
        share=pc(100 - tot["coverage_pct"], 0),
    )
    if not fill and result.loc[result["cost_basis"] == scenarios.NO_COST_DATA, "country_avg_cost_pct"].notna().any():
        if is_country and avg["country_avg_cost_pct"].notna().iloc[0]:
            said += " " + _(
                "Switch on 'Use the receiving country's average cost' above to include them at the country's "
                "average ({country}'s average: {cost}, WDI {year}).",
                country=where,
                cost=pc(avg["country_avg_cost_pct"].iloc[0]),
                year=int(avg["country_avg_year"].iloc[0]),
            )
        else:
            said += " " + _(
                "Switch on 'Use the receiving country's average cost' above to include them at the country's average."
            )
    else:
        said += " " + _("There is no receiving-country average to fill them with.")
    st.warning(said, icon=":material/warning:")
if tot["corridors_meeting_target_n"]:
    n_meeting = tot["corridors_meeting_target_n"]
    listed = ", ".join(
        f"{corridor_name(r)} ({pc(r.cost_used_pct)}, {r.cost_used_period})"
        for r in result.loc[
            result["meets_target"].fillna(False).astype(bool), [*NAME_COLUMNS, "cost_used_pct", "cost_used_period"]
        ]
        .head(8)
        .itertuples()
    )
    if n_meeting > 8:
        listed = _("{corridors} and more", corridors=listed)
    said = (
        _("{n} corridors already meet the target: {corridors}.", n=n_meeting, corridors=listed)
        if n_meeting > 1
        else _("1 corridor already meets the target: {corridors}.", corridors=listed)
    )
    if scenario.shift:
        said += " " + _("Lowering the target saves nothing there; only the shift between service types can.")
    else:
        said += " " + (_("Their saving is 0.") if n_meeting > 1 else _("Its saving is 0."))
    st.success(said, icon=":material/check_circle:")

costed = result[result["cost_used_pct"].notna()].copy()
costed["corridor"] = (
    [t.country(c, n) for c, n in zip(costed["sending_iso3"], costed["sending_name"], strict=True)]
    if is_country
    else [corridor_name(r) for r in costed[NAME_COLUMNS].itertuples()]
)
sources_used = sorted(set(result["flow_source"]) | set(costed["cost_used_source"].dropna()))
cite = citation(*sources_used, *(["wdi_received"] if scenario.scale_to_wdi else []))
if not costed.empty:
    top_costed = costed.sort_values("cost_paid_usd", ascending=False).head(12)
    target_bar = (
        _("Target {target}, {share} shift", target=target_label, share=gpct(scenario.shift_share_pct))
        if scenario.shift
        else _("Target {target}", target=target_label)
    )
    chart(
        charts.savings_bars(
            top_costed,
            "corridor",
            _("Paid now and saved, a year"),
            _(
                "Into {area}: flows {years} (modelled), costs {periods}",
                area=where,
                years=flow_years_text,
                periods=period_text,
            )
            + "<br>"
            + target_bar,
            _("World Bank RPW; KNOMAD estimates"),
            t=t,
        ),
        top_costed[
            [
                "sending_iso3",
                "receiving_iso3",
                "flow_used_usd",
                "cost_used_pct",
                "cost_used_period",
                "target_pct",
                "cost_paid_usd",
                "savings_usd",
            ]
        ],  # fmt: skip
        f"savings-{area.key}",
        cite,
        note=_(
            "The {n} corridors with the largest cost paid, of {total} with a cost figure.",
            n=len(top_costed),
            total=len(costed),
        ),
    )

st.subheader(_("Every corridor"))
head = {
    "corridor_label": _("Corridor"),
    "flow_used_usd": _("Flow (US$)"),
    "flow_used_year": _("Flow year"),
    "share_of_receiving_pct": _("Share (%)"),
    "cost_basis": _("Cost basis"),
    "cost_used_period": _("Cost period"),
    "cost_used_pct": _("Cost now (%)"),
    "target_pct": _("Target (%)"),
    "scenario_cost_pct": _("Scenario cost (%)"),
    "cost_paid_usd": _("Paid (US$/yr)"),
    "savings_usd": _("Saving (US$/yr)"),
    "savings_period_usd": _("Saving over {n} yr (US$)", n=scenario.years),
    "note": _("Note"),
    "flow_source": _("Flow source"),
    "cost_used_source": _("Cost source"),
}
table = result.assign(
    corridor_label=[corridor_name(r) for r in result[NAME_COLUMNS].itertuples()],
    cost_basis=[_(b) for b in result["cost_basis"]],
    note=[note(r, scenario) for r in result[scenarios.NOTE_COLUMNS].itertuples()],
    flow_source=source_names(result["flow_source"]),
    cost_used_source=source_names(result["cost_used_source"]),
).rename(columns=head)
order = ["corridor_label", "flow_used_usd", "share_of_receiving_pct", "cost_used_pct", "cost_used_period",
         "cost_paid_usd", "savings_usd", "note", "cost_basis", "target_pct", "scenario_cost_pct",
         "savings_period_usd", "flow_used_year", "flow_source", "cost_used_source"]  # fmt: skip
st.dataframe(
    table[[head[c] for c in order]],
    hide_index=True,
    height=min(36 * (len(table) + 1) + 2, 460),
    placeholder="–",
    column_config={
        head["corridor_label"]: st.column_config.TextColumn(width="large"),
        head["flow_used_usd"]: st.column_config.NumberColumn(format="compact", help=_("Modelled bilateral estimate")),
        head["cost_paid_usd"]: st.column_config.NumberColumn(format="compact"),
        head["savings_usd"]: st.column_config.NumberColumn(format="compact"),
        head["savings_period_usd"]: st.column_config.NumberColumn(format="compact"),
        head["share_of_receiving_pct"]: st.column_config.NumberColumn(
            format="%.1f", help=_("Share of the receiving country's modelled inflow in the flow year")
        ),
        head["cost_used_pct"]: st.column_config.NumberColumn(format="%.2f"),
        head["target_pct"]: st.column_config.NumberColumn(format="%.2f"),
        head["scenario_cost_pct"]: st.column_config.NumberColumn(format="%.2f"),
        head["flow_used_year"]: st.column_config.NumberColumn(format="%d"),
        head["note"]: st.column_config.TextColumn(width="large"),
        head["cost_basis"]: st.column_config.TextColumn(width="medium"),
        head["flow_source"]: st.column_config.TextColumn(width="large"),
        head["cost_used_source"]: st.column_config.TextColumn(width="large"),
    },
)
export = result.assign(
    area=area.label,
    target=scenario.target,
    target_level_pct=scenario.target_pct if scenario.target == "level" else None,
    use_country_average=scenario.use_country_average,
    scale_to_wdi=scenario.scale_to_wdi,
    shift=scenario.shift,
    shift_share_pct=scenario.shift_share_pct,
    growth_pct=scenario.growth_pct,
    years=scenario.years,
)
download(
    export,
    f"scenario-{area.key}-{flow_year}",
    cite,
    note=_("The CSV has every corridor with its inputs, sources and the scenario's assumptions."),
)

st.subheader(_("Summary for a briefing"))
summary = briefing(
    where,
    tot,
    scenario,
    result=result,
    gdp_usd=gdp_usd if covered else None,
    gdp_year=gdp_year,
    requested_period=None if period_choice == LATEST else period_choice,
)
st.code(summary, language=None, wrap_lines=True)
st.caption(
    _("Copy it with the icon at the top right of the box. It states the years, the assumptions and the sources.")
)
st.page_link(
    "views/savings_world.py",  # i18n: not text: the page's file
    label=_("Savings by country: the world ranking"),
    icon=":material/leaderboard:",
)
