"""What lower costs are worth: remittances to a country or region, where they come from, what senders
pay on them, and what a lower cost would leave with families (the scenario builder)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import charts, scenarios
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from remit.errors import RemitError
from ui import cached
from ui.url_state import ignored_choice, ignored_flag, ignored_number, warn_ignored
from ui.widgets import chart, citation, download, money, source_names

LATEST = "Latest for each corridor"
GOALS = {"SDG 3%": SDG_TARGET_PCT, "5%": SDG_CORRIDOR_CEILING_PCT, "Your value": None}
PROVIDER_GOALS = {"SmaRT": "smart", "Cheapest service": "cheapest"}
SHIFT_LABELS = {
    "bank_to_mto": "Banks → money transfer operators",
    "digital": "Bank or cash → digital services",
}
MEASURES = {
    "US$": ("received_usd", "complete", "US$"),
    "% of GDP": ("received_pct_gdp", "gdp_complete", "% of GDP"),
    "Per person": ("received_per_person_usd", "population_complete", "US$ per person"),
}

st.title("What would cheaper remittances be worth?")
st.markdown(
    "How much of the money migrants send home goes to fees and exchange-rate margins, and how much more would "
    "reach families if costs fell to the SDG's **3%**, to **5%**, to the cheapest services or to a level you "
    "choose. Every input of the scenario is on this page; every number states its year and source."
)

# --- The receiving country or region (?country=TJK, KSV, XKX, a name, or a region's label) -----------
areas = cached.impact_areas()
by_label = {a.label: a for a in areas}
asked = st.query_params.get("country")
normalised = None
if asked and asked not in by_label and "country" not in st.session_state:
    normalised = cached.impact_area_label(asked)
    if normalised:
        st.query_params["country"] = normalised  # the link says what it opened: ?country=KSV -> ?country=Kosovo
        st.rerun()
    else:
        st.warning(f"No receiving country or region called '{asked}' in the data; showing the focus region.")
choice = st.selectbox(
    "Receiving country or region",
    list(by_label),
    key="country",
    bind="query-params",
    help="Type to search. Regions come first: the focus region (South-Eastern Europe, Eastern Europe and "
    "Central Asia) and its parts, then the World Bank's regions. Codes work in the link too: ?country=TJK, "
    "?country=KSV or ?country=XKX.",
)
area = by_label[choice]
members = area.members
is_country = area.kind == "country"
if area.key == "focus":
    where = "the focus region"
elif area.key.startswith("focus:"):
    where = f"{area.key.split(':', 1)[1]} (focus region)"
elif area.key.startswith("wb:"):
    where = f"{area.key.split(':', 1)[1]} (World Bank region)"
else:
    where = area.label
if not is_country:
    st.caption(f"{len(members)} economies: " + ", ".join(members) + ".")

# Bound widgets below drop a value they do not offer without a word: say so here (the link is only read).
years = cached.impact_flow_years(members)
provider = cached.impact_provider_status()
goals = list(GOALS) + (list(PROVIDER_GOALS) if provider["available"] else [])
cost_periods = cached.impact_cost_periods()
warn_ignored(
    ignored_choice("measure", MEASURES, what="measure", shown="US$"),
    ignored_choice(
        "year",
        [str(y) for y in years],
        what="year of the bilateral estimates",
        shown=str(years[0]) if years else "none",
        reason="no estimates for it here",
    ),
    ignored_choice("goal", goals, what="target", shown="SDG 3%"),
    ignored_number("target", 0, 30, what="target", shown=f"{SDG_TARGET_PCT:g}%"),
    ignored_choice(
        "period", [LATEST, *cost_periods], what="cost quarter", shown=LATEST.lower(), reason="no cost data then"
    ),
    ignored_number("growth", -20, 30, what="growth of flows", shown="0% a year"),
    ignored_number("years", 1, 15, what="number of years", shown="5", whole=True),
    ignored_number("shift", 0, 100, what="share of the flow that moves", shown="0%", whole=True),
    ignored_flag("fill", what="'Use the receiving country's average cost'", shown="it off"),
    ignored_flag("scale", what="'Scale the modelled flows'", shown="it off"),
)

# --- 1. Remittances received -------------------------------------------------------------------------
st.header(f"Remittances received by {where}")
series = cached.impact_received(members)
wdi = citation("wdi_received")
if series.empty:
    st.info(
        f"The World Development Indicators have no remittance figures for {where} (only zeros, which the WDI "
        "writes for economies that do not report them)."
    )
else:
    latest = series[series["complete"]].iloc[-1]
    with_gdp = series[series["gdp_complete"] & series["received_pct_gdp"].notna()]
    with_pop = series[series["population_complete"] & series["received_per_person_usd"].notna()]
    group = "" if is_country else f", {int(latest['economies_n'])} economies"
    m1, m2, m3 = st.columns(3)
    m1.metric(
        f"Received in {int(latest['year'])}",
        money(latest["received_usd"]),
        help=f"Personal remittances received, current US$ (WDI BX.TRF.PWKR.CD.DT){group}.",
    )
    if not with_gdp.empty:
        g = with_gdp.iloc[-1]
        m2.metric(
            f"Share of GDP, {int(g['year'])}",
            f"{g['received_pct_gdp']:.1f}%",
            help="Remittances received ÷ GDP, both in current US$ (WDI), for the latest year with both.",
        )
    if not with_pop.empty:
        p = with_pop.iloc[-1]
        m3.metric(
            f"Per person, {int(p['year'])}",
            f"US$ {p['received_per_person_usd']:,.0f}",
            help="Remittances received ÷ population (WDI SP.POP.TOTL), per resident, not per recipient.",
        )
    measure = st.segmented_control(
        "Show", list(MEASURES), default="US$", required=True, key="measure", bind="query-params"
    )
    column, complete, unit = MEASURES[measure]
    shown = series[series[complete]]
    span = f"{int(shown['year'].min())}–{int(shown['year'].max())}" if not shown.empty else ""
    chart(
        charts.received_over_time(
            shown,
            column,
            f"Remittances received ({unit})",
            f"{where[:1].upper() + where[1:]}, {span}" + ("" if is_country else ", years with data for all"),
            {"US$": "World Bank WDI, BX.TRF.PWKR.CD.DT", "% of GDP": "World Bank WDI, received ÷ GDP"}.get(
                measure, "World Bank WDI, received ÷ population"
            ),
            y_title=unit,
        ),
        shown[["year", "received_usd", "received_pct_gdp", "received_per_person_usd", "economies_n", "members_n"]],
        f"received-{area.key}-{measure}",
        citation("wdi_received", "wdi_gdp", "wdi_population"),
        note="% of GDP and per person are computed here from the WDI's current-US$ series."
        + ("" if is_country else " For a group: sums over the economies with both figures that year."),
    )

    comp = cached.impact_comparisons(members)
    # Only measures with a figure are rows; what the data lacks (aid, investment) is one line below the table.
    absent = comp[~comp["available"]]
    st.subheader(
        "How remittances compare with the economy"
        + (", aid and investment" if not absent["column"].isin(["oda_received_usd", "fdi_inflow_usd"]).any() else "")
    )
    rows = []
    for r in comp[comp["available"]].itertuples():
        estimate = r.column == "knomad_inflow_usd" and int(r.year) >= 2023
        rows.append(
            {
                "Measure": r.measure,
                "Value": money(r.value_usd),
                "Year": f"{int(r.year)}{' (est.)' if estimate else ''}",
                "Source": f"{r.indicator}, vintage {r.vintage}",
            }
        )
    if not with_gdp.empty:
        g = with_gdp.iloc[-1]
        rows.insert(
            2,
            {
                "Measure": "Remittances received ÷ GDP",
                "Value": f"{g['received_pct_gdp']:.1f}%",
                "Year": str(int(g["year"])),
                "Source": "Computed here: BX.TRF.PWKR.CD.DT ÷ NY.GDP.MKTP.CD, same year",
            },
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Measure": st.column_config.TextColumn(width="medium"),
            "Value": st.column_config.TextColumn(width="small"),
            "Year": st.column_config.TextColumn(width="small"),
            "Source": st.column_config.TextColumn(width="large"),
        },
    )
    comp_sources = [s for s in comp["source_id"].dropna().unique()]
    lacking = [f"{r.measure.split(' (')[0].lower()} (WDI {r.indicator})" for r in absent.itertuples()]
    if lacking:
        st.caption(f"Not in the shipped data, so not compared: {', '.join(lacking)}.")
    if comp_sources:
        st.caption(f"**Cite this:** {citation(*comp_sources)}")

# --- 2. Where the money comes from (modelled) ----------------------------------------------------------
st.header("Where the money comes from")
if not years:
    st.info(f"The bilateral remittance estimates have no flows into {where}, so no scenario can be built.")
    st.stop()
flow_year = st.selectbox(
    "Year of the bilateral estimates",
    years,
    key="year",
    bind="query-params",
    help="World Bank/KNOMAD bilateral remittance estimates exist for 2010–2017 and 2021. They are modelled "
    "from migrant stocks and incomes, not observed.",
)
flows_in = cached.impact_scenario_inputs(members, int(flow_year), None)
if flows_in.empty:
    st.info(
        f"The {flow_year} bilateral estimates have no flows into {where}. Try another year: for {where} they "
        f"cover {', '.join(map(str, sorted(years)))}."
    )
    st.stop()

shares = scenarios.sender_shares(flows_in)
top = shares.head(15)
bilateral_source = flows_in["flow_source"].iloc[0]
chart(
    charts.flow_bars(
        top,
        "sending_name",
        "Estimated remittances by sending country",
        f"Into {where}, {flow_year}: {len(top)} largest of {len(shares)} senders",
        f"World Bank/KNOMAD, modelled estimates {flow_year}",
    ),
    shares,
    f"senders-{area.key}-{flow_year}",
    citation(bilateral_source),
    note=f"**Modelled estimates, not observations.** The World Bank/KNOMAD matrix for {flow_year} spreads each "
    "country's remittances over sending countries using migrant stocks and incomes. The estimates add up to "
    f"{money(shares['flow_usd'].sum())}"
    + (
        f"; the WDI reports {money(series.loc[series['year'] == int(flow_year), 'received_usd'].iloc[0])} "
        f"received in {flow_year}."
        if not series.empty
        and (series["year"] == int(flow_year)).any()
        and series.loc[series["year"] == int(flow_year), "complete"].iloc[0]
        else "."
    ),
)

# --- 3. The scenario ------------------------------------------------------------------------------------
st.header("What costs take, and what a lower cost would leave with families")
asked_target = "target" in st.query_params and "goal" not in st.query_params
with st.container(border=True):
    st.markdown("**Scenario**")
    c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1])
    with c1:
        goal = st.segmented_control(
            "Target cost",
            goals,
            default="Your value" if asked_target else "SDG 3%",
            required=True,
            key="goal",
            bind="query-params",
            help="SDG 10.c: an average cost below 3% by 2030 and no corridor above 5%. Costs are for sending "
            "USD 200, in % of the amount sent.",
        )
        if goal == "Your value":
            target_pct = st.number_input(
                "Your target (% of the amount sent)",
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
        period_choice = st.selectbox(
            "Cost quarter",
            [LATEST, *cost_periods],
            key="period",
            bind="query-params",
            help="Corridor average cost of sending USD 200 (World Bank RPW). 'Latest for each corridor' takes "
            "each corridor's newest quarter (most end in 2020Q3; corridors to South Asia run to 2025Q3). A "
            "single quarter leaves out corridors without data in it.",
        )
    with c3:
        growth = st.number_input(
            "Growth of flows (% a year)",
            min_value=-20.0,
            max_value=30.0,
            value=0.0,
            step=0.5,
            format="%.1f",
            key="growth",
            bind="query-params",
        )
    with c4:
        n_years = st.slider("Years the total covers", 1, 15, 5, key="years", bind="query-params")
    fill = st.toggle(
        "Use the receiving country's average cost where a corridor has no cost data",
        key="fill",
        bind="query-params",
        help="World Bank WDI SI.RMT.COST.IB.ZS, the average cost of sending money to the country (latest "
        "year, 2020 for most). An average over the corridors surveyed, so only a stand-in for a corridor's "
        "own cost. Off: corridors without cost data are left out of the totals.",
    )
    scale = st.toggle(
        "Scale the modelled flows to the latest WDI total",
        key="scale",
        bind="query-params",
        help=f"Keeps each sending country's share of the {flow_year} estimates and applies it to what the "
        "receiving country received in its latest WDI year. Assumes the shares have not changed since.",
    )
    inputs = cached.impact_scenario_inputs(members, int(flow_year), None if period_choice == LATEST else period_choice)
    available = {k: scenarios.shift_available(inputs, k) for k in scenarios.SHIFTS}
    usable = [k for k, (ok, _, _) in available.items() if ok]
    s1, s2 = st.columns([1.3, 2])
    with s1:
        if usable:
            warn_ignored(
                ignored_choice(
                    "shift_kind",
                    [SHIFT_LABELS[k] for k in usable],
                    what="service shift",
                    shown=SHIFT_LABELS[usable[0]],
                    reason="not possible with these corridors' data",
                )
            )
            shift = st.radio(
                "Move senders to cheaper services",
                usable,
                format_func=SHIFT_LABELS.get,
                key="shift_kind",
                bind="query-params",
                help="A share of the flow moves from the dearer to the cheaper service type, at the average cost "
                "of each type in the corridor; the corridor's cost falls at most to the cheaper type's average. "
                "Assumes at least that share goes through the dearer type today: the data does not say how much does.",
            )
        else:
            shift = None
            st.radio(
                "Move senders to cheaper services (not available)",
                list(SHIFT_LABELS),
                format_func=SHIFT_LABELS.get,
                disabled=True,
                key="shift_kind_off",
            )
    with s2:
        if usable:
            shift_share = st.slider(
                "Share of the flow that moves (%)", 0, 100, 0, step=5, key="shift", bind="query-params"
            )
            st.caption(f"Applies to the {available[shift][2]} corridors with both averages.")
        else:
            shift_share = 0
            st.slider("Share of the flow that moves (%)", 0, 100, 0, disabled=True, key="shift_off")
    if not provider["available"]:
        st.segmented_control(
            "Per-corridor targets (not available)",
            list(PROVIDER_GOALS),
            disabled=True,
            key="goal_provider",
            help=provider["reason"],
        )
    missing = [f"**SmaRT and cheapest service** targets: {provider['reason']}"] if not provider["available"] else []
    missing += [f"**{SHIFT_LABELS[k]}**: {reason}" for k, (ok, reason, _) in available.items() if not ok]
    for line in missing:
        st.caption(f":material/block: Not available here. {line}")

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
except RemitError as exc:
    st.error(str(exc))
    st.stop()
tot = scenarios.totals(result, scenario)
target_text = scenarios.describe_target(scenario)
flow_years_text = ", ".join(map(str, tot["flow_used_years"]))
periods_used = tot["cost_periods"]
period_text = (
    "no quarter"
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

r1, r2, r3, r4 = st.columns(4)
r1.metric(
    f"Sent to {area.label if is_country else 'the region'}, {flow_years_text}",
    money(tot["flow_usd"]),
    help="Sum of the bilateral estimates (modelled)"
    + (", scaled to the latest WDI total" if scenario.scale_to_wdi else "")
    + f", from {tot['senders_n']} sending countries.",
)
r2.metric(
    "Paid in fees and FX margins, a year",
    money(tot["cost_paid_usd"]) if tot["flow_covered_usd"] > 0 else "–",
    help="Flow × current cost ÷ 100, summed over the corridors with a cost figure "
    f"({tot['coverage_pct']:.0f}% of the flow).",
)
r3.metric(
    f"Saving a year at {target_text.split(' (')[0]}" + (" + shift" if scenario.shift else ""),
    money(tot["savings_usd"]) if tot["flow_covered_usd"] > 0 else "–",
    help="Flow × (current cost − scenario cost) ÷ 100 per corridor, never below 0: a corridor that already meets "
    "the target saves nothing.",
)
r4.metric(
    f"Saving over {scenario.years} year{'s' if scenario.years > 1 else ''}",
    money(tot["savings_period_usd"]) if tot["flow_covered_usd"] > 0 else "–",
    help=f"The yearly saving × {tot['period_factor']:.2f}: flows growing {scenario.growth_pct:g}% a year over "
    f"{scenario.years} years (the saving per dollar stays the same).",
)

# The assumptions, next to the result.
assumptions = [
    f"**Flows:** {'modelled shares of ' + str(flow_year) + ' scaled to the latest WDI total (' + flow_years_text + ')' if scenario.scale_to_wdi else 'bilateral estimates for ' + str(flow_year) + ' (modelled, World Bank/KNOMAD)'}"
    + (f", growing {scenario.growth_pct:g}% a year" if scenario.growth_pct else ""),
    f"**Costs:** RPW corridor average for sending USD 200, {'each corridor' + chr(39) + 's latest quarter' if period_choice == LATEST else period_choice} ({period_text})"
    + (
        f"; the receiving country's WDI average ({', '.join(map(str, tot['country_average_years']))}) for "
        f"{tot['corridors_country_average_n']} corridors without one"
        if tot["corridors_country_average_n"]
        else ""
    ),
    f"**Target:** {target_text}"
    + (
        f"; {scenario.shift_share_pct:g}% of the flow moves {scenarios.SHIFTS[scenario.shift][2]}"
        if scenario.shift
        else ""
    ),
    f"**Coverage:** {tot['corridors_n'] - tot['corridors_no_cost_n']} of {tot['corridors_n']} corridors, "
    f"{tot['coverage_pct']:.0f}% of the flow",
]
st.markdown(" · ".join(assumptions))
st.caption(
    "Flows and costs refer to different years. Savings = flow × (current cost − scenario cost) ÷ 100 per corridor; "
    "the scenario cost is the lower of the target and the cost after any shift, and a corridor already at or "
    "below the target saves 0."
    + (
        f" The yearly saving equals **{tot['savings_usd'] / gdp_usd * 100:.2f}% of GDP** ({gdp_year}, WDI) and "
        f"**{tot['savings_usd'] / tot['flow_usd'] * 100:.2f}%** of the flow."
        if gdp_usd and tot["flow_covered_usd"] > 0
        else ""
    )
)
if tot["flow_covered_usd"] <= 0:
    st.warning(
        f"None of the corridors into {where} has cost data"
        + (" in " + period_choice if period_choice != LATEST else "")
        + " in the World Bank's Remittance Prices Worldwide, so the cost paid and the savings cannot be estimated"
        + (
            ". Switch on 'Use the receiving country's average cost' to use the WDI average instead."
            if not fill and result["country_avg_cost_pct"].notna().any()
            else ": there is no average cost for the receiving country either."
            if result["country_avg_cost_pct"].isna().all()
            else "."
        ),
        icon=":material/warning:",
    )
elif tot["corridors_no_cost_n"]:
    avg = result.drop_duplicates("receiving_iso3")
    avg_text = (
        f" ({area.label}'s average: {avg['country_avg_cost_pct'].iloc[0]:.2f}%, WDI {int(avg['country_avg_year'].iloc[0])})"
        if is_country and avg["country_avg_cost_pct"].notna().iloc[0]
        else ""
    )
    st.warning(
        f"{tot['corridors_no_cost_n']} of {tot['corridors_n']} corridors ({money(tot['flow_no_cost_usd'])}, "
        f"{100 - tot['coverage_pct']:.0f}% of the flow) have no cost data and are **left out** of the cost and the "
        "savings. "
        + (
            f"Switch on 'Use the receiving country's average cost' above to include them at the country's average{avg_text}."
            if not fill
            and result.loc[result["cost_basis"] == scenarios.NO_COST_DATA, "country_avg_cost_pct"].notna().any()
            else "There is no receiving-country average to fill them with."
        ),
        icon=":material/warning:",
    )
if tot["corridors_meeting_target_n"]:
    st.success(
        f"{tot['corridors_meeting_target_n']} corridor{'s' if tot['corridors_meeting_target_n'] > 1 else ''} already "
        f"meet{'s' if tot['corridors_meeting_target_n'] == 1 else ''} the target: "
        + ", ".join(
            f"{r.sending_name} → {r.receiving_name} ({r.cost_used_pct:.2f}%, {r.cost_used_period})"
            for r in result[result["meets_target"].fillna(False).astype(bool)].head(8).itertuples()
        )
        + (" and more" if tot["corridors_meeting_target_n"] > 8 else "")
        + (
            ". Lowering the target saves nothing there; only the shift between service types can."
            if scenario.shift
            else ". Their saving is 0."
            if tot["corridors_meeting_target_n"] > 1
            else ". Its saving is 0."
        ),
        icon=":material/check_circle:",
    )

costed = result[result["cost_used_pct"].notna()].copy()
costed["corridor"] = costed["sending_name"] if is_country else costed["sending_name"] + " → " + costed["receiving_name"]
sources_used = sorted(set(result["flow_source"]) | set(costed["cost_used_source"].dropna()))
cite = citation(*sources_used, *(["wdi_received"] if scenario.scale_to_wdi else []))
if not costed.empty:
    top_costed = costed.sort_values("cost_paid_usd", ascending=False).head(12)
    chart(
        charts.savings_bars(
            top_costed,
            "corridor",
            "Paid now and saved, a year",
            f"Into {where}: flows {flow_years_text} (modelled), costs {period_text}<br>"
            f"Target {target_text.split(' (')[0]}"
            + (f", {scenario.shift_share_pct:g}% shift" if scenario.shift else ""),
            "World Bank RPW; KNOMAD estimates",
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
        note=f"The {len(top_costed)} corridors with the largest cost paid, of {len(costed)} with a cost figure.",
    )

st.subheader("Every corridor")
table = result.assign(
    corridor_label=result["sending_name"] + " → " + result["receiving_name"],
    flow_source=source_names(result["flow_source"]),
    cost_used_source=source_names(result["cost_used_source"]),
).rename(
    columns={
        "corridor_label": "Corridor",
        "flow_used_usd": "Flow (US$)",
        "flow_used_year": "Flow year",
        "share_of_receiving_pct": "Share (%)",
        "cost_basis": "Cost basis",
        "cost_used_period": "Cost period",
        "cost_used_pct": "Cost now (%)",
        "target_pct": "Target (%)",
        "scenario_cost_pct": "Scenario cost (%)",
        "cost_paid_usd": "Paid (US$/yr)",
        "savings_usd": "Saving (US$/yr)",
        "savings_period_usd": f"Saving over {scenario.years} yr (US$)",
        "note": "Note",
        "flow_source": "Flow source",
        "cost_used_source": "Cost source",
    }
)
cols = ["Corridor", "Flow (US$)", "Share (%)", "Cost now (%)", "Cost period", "Paid (US$/yr)", "Saving (US$/yr)",
        "Note", "Cost basis", "Target (%)", "Scenario cost (%)", f"Saving over {scenario.years} yr (US$)", "Flow year",
        "Flow source", "Cost source"]  # fmt: skip
st.dataframe(
    table[cols],
    hide_index=True,
    height=min(36 * (len(table) + 1) + 2, 460),
    placeholder="–",
    column_config={
        "Corridor": st.column_config.TextColumn(width="large"),
        "Flow (US$)": st.column_config.NumberColumn(format="compact", help="Modelled bilateral estimate"),
        "Paid (US$/yr)": st.column_config.NumberColumn(format="compact"),
        "Saving (US$/yr)": st.column_config.NumberColumn(format="compact"),
        f"Saving over {scenario.years} yr (US$)": st.column_config.NumberColumn(format="compact"),
        "Share (%)": st.column_config.NumberColumn(
            format="%.1f", help="Share of the receiving country's modelled inflow in the flow year"
        ),
        "Cost now (%)": st.column_config.NumberColumn(format="%.2f"),
        "Target (%)": st.column_config.NumberColumn(format="%.2f"),
        "Scenario cost (%)": st.column_config.NumberColumn(format="%.2f"),
        "Flow year": st.column_config.NumberColumn(format="%d"),
        "Note": st.column_config.TextColumn(width="large"),
        "Cost basis": st.column_config.TextColumn(width="medium"),
        "Flow source": st.column_config.TextColumn(width="large"),
        "Cost source": st.column_config.TextColumn(width="large"),
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
    note="The CSV has every corridor with its inputs, sources and the scenario's assumptions.",
)

st.subheader("Summary for a briefing")
summary = scenarios.summary_text(
    where if not is_country else area.label,
    tot,
    scenario,
    gdp_usd if tot["flow_covered_usd"] > 0 else None,
    gdp_year,
    requested_period=None if period_choice == LATEST else period_choice,
)
st.code(summary, language=None, wrap_lines=True)
st.caption("Copy it with the icon at the top right of the box. It states the years, the assumptions and the sources.")
st.page_link(
    "views/savings_world.py",
    label="Savings by country: the world ranking",
    icon=":material/leaderboard:",
)
