"""Savings by country: every receiving economy ranked by what a cut in costs to a target would be worth,
in US$ and as % of GDP."""

from __future__ import annotations

import streamlit as st

from remit.costs import age_message
from remit.i18n import N_
from remit.impact import stake_totals
from ui import cached
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.url_state import ignored_choice, ignored_flag, seed_from_link, warn_ignored, write_to_link
from ui.widgets import MILLIONS, chart, citation, download, gpct, ignored_target, in_millions, money, target_input

# The choices' English names are what the link holds (?basis=Whole+inflow); only their display is translated.
BASES = {  # the first is the default: the flow that has a corridor cost (remit.impact.money_at_stake)
    N_("Corridors with cost data"): "corridors",
    N_("Whole inflow"): "country",
}
SCOPES = {N_("World"): "world", N_("Focus region"): "focus"}
RANKS = {N_("US$"): "savings_usd", N_("% of GDP"): "savings_pct_gdp"}
TOP_N = 25

t = current()


st.title(_("What would a cut in costs be worth, country by country?"))
st.markdown(
    _(
        "Every receiving economy ranked by how much more of the money sent home would reach families if the cost "
        "of sending it fell to a target: in US dollars a year, and as a share of the economy (GDP)."
    )
)
# The links are read here, before the widgets: a value they do not offer is said, not dropped silently.
years = cached.impact_flow_years()
warn_ignored(
    ignored_target(),
    ignored_choice("basis", BASES, what=_("basis"), shown=_("the corridors with cost data")),
    ignored_choice("economies", SCOPES, what=_("economies"), shown=_("the world")),
    ignored_choice("rank", RANKS, what=_("ranking"), shown=_("US$")),
    ignored_choice(
        "year",
        [str(y) for y in years],
        what=_("year of the bilateral estimates"),
        shown=str(years[0]),
        reason=_("no estimates for it"),
    ),
    ignored_flag("fill", what=_("'Extend the weighted cost to the flow without one'"), shown=_("it off")),
)
c1, c2, c3, c4 = st.columns([0.9, 1.4, 1.2, 0.9])
target = target_input(
    _("Target cost (% of the amount sent)"),
    help=_("SDG 10.c: reduce the average cost of sending remittances to less than 3% by 2030."),
    where=c1,
)
# Not bound to the link: a bound widget would write its translated label there (see ui/url_state.py).
defaults = {"basis": next(iter(BASES)), "economies": next(iter(SCOPES)), "rank": next(iter(RANKS))}
for key, choices in (("basis", BASES), ("economies", SCOPES), ("rank", RANKS)):
    seed_from_link(key, choices, defaults[key])
basis_label = c2.segmented_control(
    _("Basis"),
    list(BASES),
    format_func=t,
    required=True,
    key="basis",
    help=_(
        "Whole inflow: each economy's remittances received (WDI) at the World Bank's average cost of sending "
        "money to it (SI.RMT.COST.IB.ZS). Corridors with cost data: the modelled bilateral flows of the corridors "
        "that have an RPW corridor average, at that average."
    ),
)
scope_label = c3.segmented_control(_("Economies"), list(SCOPES), format_func=t, required=True, key="economies")
rank_label = c4.segmented_control(_("Rank by"), list(RANKS), format_func=t, required=True, key="rank")
for key, value in (("basis", basis_label), ("economies", scope_label), ("rank", rank_label)):
    write_to_link(key, value, defaults[key])
basis, scope, rank = BASES[basis_label], SCOPES[scope_label], RANKS[rank_label]

if basis == "country":
    df = cached.impact_country_savings(float(target))
    flow_years = sorted(df["flow_year"].unique())
    cost_years = sorted(df["cost_year"].unique())
    how = _(
        "Flow: remittances received (WDI BX.TRF.PWKR.CD.DT) in the latest year with GDP ({flow_years}). Cost: "
        "the World Bank's average cost of sending money to the economy (WDI SI.RMT.COST.IB.ZS, latest year: "
        "{cost_years}), applied to the whole inflow. % of GDP: the saving ÷ GDP of the flow's year.",
        flow_years=", ".join(map(str, flow_years)),
        cost_years=", ".join(f"{y:.0f}" for y in cost_years),
    )
    cite = citation("wdi_received", "wdi_cost_to", "wdi_gdp")
    source_line = _("World Bank WDI (received, cost, GDP)")
else:
    fill = st.toggle(
        _("Extend the weighted cost to the flow without one"),
        key="fill",
        bind="query-params",
        help=_(
            "Off: only the flow through corridors with a cost figure counts. On: each economy's remaining modelled "
            "inflow is priced at the flow-weighted cost of its covered corridors (an assumption, not a price)."
        ),
    )
    stake = cached.money_at_stake("world", float(target))
    extend = cached.money_at_stake_extended("world", float(target)) if fill else None
    df = stake.assign(
        flow_year=stake["weights_year"],
        flow_usd=stake["covered_flow_usd"],
        cost_periods=stake["period"],
        gdp_year=stake["weights_year"],
    )
    if extend is not None:
        more = extend.set_index("iso3")[["cost_paid_uncovered_usd", "savings_uncovered_usd"]].fillna(0.0)
        df = df.drop(columns=list(more.columns)).join(more, on="iso3")
        df = df.assign(
            flow_usd=df["covered_flow_usd"] + df["uncovered_flow_usd"],
            cost_paid_usd=df["cost_paid_usd"] + df["cost_paid_uncovered_usd"],
            savings_usd=df["savings_usd"] + df["savings_uncovered_usd"],
        )
        df["savings_pct_gdp"] = df["savings_usd"] / df["gdp_usd"] * 100
    flow_years_used = sorted({int(y) for y in df["weights_year"].dropna()})
    quarters_used = sorted(set(df["period"].dropna()))  # economies without a priced corridor have none
    how = _(
        "Flow: World Bank/KNOMAD bilateral remittance estimates (modelled, not observed) for {years}, the year "
        "nearest each price quarter. Cost: each corridor's average for sending USD 200 ({quarters}). Only the "
        "flow with a corridor cost counts (see the coverage column){extended}. % of GDP: the saving ÷ GDP of the "
        "flow's year.",
        years=", ".join(map(str, flow_years_used)),
        quarters="; ".join(say(age_message(q)) for q in quarters_used),  # "2011Q3, 15 years ago; 2021Q3, …"
        extended=_("; the rest is priced at the flow-weighted cost of the covered corridors") if fill else "",
    )
    cite = citation(
        *sorted({sid for ids in df["cost_sources"] for sid in ids.split(",")}),
        *(f"bilateral_remittances_{y}" for y in flow_years_used),
        "wdi_gdp",
    )
    source_line = _(
        "World Bank RPW and UN SDG database; KNOMAD estimates {year}; WDI", year=", ".join(map(str, flow_years_used))
    )

if scope == "focus":
    df = df[df["focus_subregion"].notna()]
ranked = df.dropna(subset=[rank]).sort_values(rank, ascending=False, ignore_index=True)
ranked["name"] = [t.country(c, n) for c, n in zip(ranked["iso3"], ranked["name"], strict=True)]
gaining = ranked[ranked["savings_usd"] > 0]
meeting = len(ranked) - len(gaining)
focus_only = scope == "focus"
at = gpct(target)

m1, m2, m3 = st.columns(3)
m1.metric(
    _("Saving a year at {target}", target=at),
    money(ranked["savings_usd"].sum()),
    help=_(
        "Sum over the economies below. Flow × (current cost − target) ÷ 100, and 0 where the cost already "
        "meets the target."
    ),
)
m2.metric(
    _("Paid in fees and FX margins now, a year"),
    money(ranked["cost_paid_usd"].sum()),
    help=_("Flow × current cost ÷ 100."),
)
m3.metric(
    _("Focus-region economies already at or below {target}", target=at)
    if focus_only
    else _("Economies already at or below {target}", target=at),
    _("{n} of {total}", n=meeting, total=len(ranked)),
)
st.caption(how)
if basis == "corridors":
    # The region's coverage as remit.costs gives it for the region: every economy's modelled inflow, those
    # without any priced corridor counted as uncovered (remit.impact.stake_totals).
    tot = stake_totals(df)
    st.caption(
        _n(
            "Flow with a corridor cost: {coverage} of the modelled inflow of these economies; {n} economy has no "
            "priced corridor and counts as uncovered.",
            "Flow with a corridor cost: {coverage} of the modelled inflow of these economies; {n} economies have "
            "no priced corridor and count as uncovered.",
            tot["unpriced_economies_n"],
            coverage=t.percent(tot["coverage_pct"] or 0, 0),
        )
    )

top = gaining.head(TOP_N)
if top.empty:
    st.info(
        _("Every one of these focus-region economies already meets a {target} target: nothing to save.", target=at)
        if focus_only
        else _("Every one of these economies already meets a {target} target: nothing to save.", target=at)
    )
else:
    percent = rank == "savings_pct_gdp"
    # the unit the bars are drawn in
    unit = _("% of GDP") if percent else _("{unit} a year", unit=_(charts.usd_unit(top[rank])[1]))
    basis_text = _("whole inflow basis") if basis == "country" else _("corridors with cost data basis")
    if focus_only:
        subtitle = _("Top {n} focus-region economies, {basis}", n=len(top), basis=basis_text)
    else:
        subtitle = _("Top {n} economies, {basis}. Blue: focus region", n=len(top), basis=basis_text)
    chart(
        charts.savings_ranking(
            top,
            rank,
            _("Saving at {target} ({unit})", target=at, unit=unit),
            subtitle,
            source_line,
            x_title=_("Saving, % of GDP") if percent else _("US$"),
            percent=percent,
            t=t,
        ),
        top,
        f"savings-ranking-{basis}-{scope}-{rank}",
        cite,
    )

st.subheader(
    _("All {n} focus-region economies", n=len(ranked)) if focus_only else _("All {n} economies", n=len(ranked))
)
cols = [
    c
    for c in [
        # the saving beside the pinned name: on a phone it was eleven columns off the screen
        "name",
        "savings_usd",
        "savings_pct_gdp",
        "cost_paid_usd",
        "flow_year",
        "flow_usd",
        "coverage_pct",
        "weighted_cost_pct",
        "cost_year",
        "cost_to_country_pct",
        "cost_periods",
        "age_years",
        "target_pct",
        "gdp_year",
    ]
    if c in ranked.columns
]
st.dataframe(
    in_millions(ranked[cols], [c for c in ("flow_usd", "cost_paid_usd", "savings_usd") if c in cols]),
    hide_index=True,
    height=420,
    placeholder="–",
    column_config={
        "name": st.column_config.TextColumn(_("Economy"), width="medium", pinned=True),
        "flow_year": st.column_config.NumberColumn(_("Flow year"), format="%d"),
        "flow_usd": st.column_config.NumberColumn(_("Flow (US$ million)"), format=MILLIONS),
        "coverage_pct": st.column_config.NumberColumn(_("Flow with cost data (%)"), format="%.0f"),
        "weighted_cost_pct": st.column_config.NumberColumn(
            _("Flow-weighted cost (%)"),
            format="%.2f",
            help=_("Corridor averages weighted by the money sent through each corridor"),
        ),
        "cost_year": st.column_config.NumberColumn(_("Cost year"), format="%d"),
        "cost_to_country_pct": st.column_config.NumberColumn(_("Average cost (%)"), format="%.2f"),
        "cost_periods": _("Cost quarters"),
        # how old the price is, beside its quarter (a 2012Q3 cost is ranked with the 2021Q3 ones)
        "age_years": st.column_config.NumberColumn(_("Age (years)"), format="%d"),
        "target_pct": st.column_config.NumberColumn(_("Target (%)"), format="%.1f"),
        "cost_paid_usd": st.column_config.NumberColumn(_("Paid (US$ million/yr)"), format=MILLIONS),
        "savings_usd": st.column_config.NumberColumn(_("Saving (US$ million/yr)"), format=MILLIONS),
        "gdp_year": st.column_config.NumberColumn(_("GDP year"), format="%d"),
        "savings_pct_gdp": st.column_config.NumberColumn(_("Saving (% of GDP)"), format="%.3f"),
    },
)
download(ranked, f"savings-by-country-{basis}-{scope}", cite)
st.caption(
    _(
        "Not in the shipped data, so not compared: aid (WDI DT.ODA.ODAT.CD) and foreign direct investment "
        "(WDI BX.KLT.DINV.CD.WD)."
    )
)
st.page_link(
    "views/impact.py",  # i18n: not text: the page's file
    label=_("Build a scenario for one country or region"),
    icon=":material/tune:",
)
