"""Overview: where remittances cost too much, and how much money is at stake."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit.costs import age_message
from remit.i18n import N_
from remit.impact import stake_totals
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.i18n import _, current, say
from ui.smart import smart_count_line
from ui.url_state import linked_choice
from ui.widgets import (
    FOCUS_NAME,
    MILLIONS,
    chart,
    citation,
    download,
    focus_region_help,
    in_millions,
    money,
    short_sources,
)

# The English option is the URL value (?scope=World) in every language; only its label is translated.
FOCUS = N_("Focus region")
SCOPES = {FOCUS: "focus", N_("World"): "world"}


t = current()
st.title(_("Where do remittances cost too much?"))
choice = linked_choice(
    st.segmented_control,
    _("Region"),
    {name: _(name) for name in SCOPES},
    key="scope",
    default=FOCUS,
    required=True,
    help=focus_region_help(),
)
scope = SCOPES[choice]
where_short = _("Corridors from or to the focus region") if scope == "focus" else _("All corridors")

summary = cached.quarterly_summary(scope)
costs = cached.corridor_costs(scope)
observed = summary.dropna(subset=["corridors_n"])
latest = observed.iloc[-1]
period = latest["period"]
span = f"{observed.iloc[0]['period']}–{period}"
year_ago = summary[summary["period"] == str(pd.Period(period, "Q") - 4)]
# The sources behind the figures shown: the shipped DataBank averages, or imported provider prices.
used = costs["source_id"].unique()
rpw, rpw_short = citation(*used), short_sources(used)  # short names, one a line: reads on a phone

if scope == "focus":
    st.markdown(
        _(
            "The cost of sending **USD 200**, as a share of the amount sent, in corridors from or to {region}, "
            "from the World Bank's Remittance Prices Worldwide. Latest quarter with data for every corridor: "
            "**{period}**.",
            region=_(FOCUS_NAME),
            period=say(age_message(period)),
        )
    )
else:
    st.markdown(
        _(
            "The cost of sending **USD 200**, as a share of the amount sent, in all corridors, from the World "
            "Bank's Remittance Prices Worldwide. Latest quarter with data for every corridor: **{period}**.",
            period=say(age_message(period)),
        )
    )

c1, c2, c3, c4 = st.columns(4)
delta, arrow = None, "auto"
if not year_ago.empty and pd.notna(year_ago["mean_of_corridor_averages_pct"].iloc[0]):
    change = latest["mean_of_corridor_averages_pct"] - year_ago["mean_of_corridor_averages_pct"].iloc[0]
    if abs(change) >= 0.005:
        # The sign leads (an ASCII minus), so that Streamlit draws the arrow the right way in every language.
        signed = ("+" if change > 0 else "-") + t.number(abs(change), 2)
        delta = _("{change} pp on a year earlier", change=signed)
    else:
        delta, arrow = _("unchanged on a year earlier"), "off"
c1.metric(
    _("Mean of corridor averages, {period}", period=period),
    t.percent(latest["mean_of_corridor_averages_pct"]),
    delta=delta,
    delta_color="inverse" if arrow == "auto" else "off",
    delta_arrow=arrow,
    help=_(
        "Simple mean over corridors of each corridor's average cost. Not the World Bank's Global "
        "Average, which is a mean over services (see Data & methods)."
    ),
)
c2.metric(
    _("Corridors above {ceiling}, {period}", ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0), period=period),
    _("{n} of {total}", n=int(latest["above_5pct_n"]), total=int(latest["corridors_n"])),
    help=_("SDG 10.c: eliminate corridors costing more than 5%."),
)
c3.metric(
    _("Corridors below {target}, {period}", target=t.percent(SDG_TARGET_PCT, 0), period=period),
    _("{n} of {total}", n=int(latest["below_3pct_n"]), total=int(latest["corridors_n"])),
    help=_("SDG 10.c: reduce the average cost to less than 3%."),
)
top = costs[costs["period"] == period].nlargest(1, "total_cost_pct_200")
dearest = top.iloc[0] if len(top) else None
c4.metric(
    _("Most expensive corridor, {period}", period=period),
    t.percent(dearest["total_cost_pct_200"], 1) if dearest is not None else "–",
    # the corridor's name under the figure (a delta without colour or arrow)
    delta=t.corridor(
        dearest["sending_iso3"], dearest["receiving_iso3"], dearest["sending_name"], dearest["receiving_name"]
    )
    if dearest is not None
    else None,
    delta_color="off",
    delta_arrow="off",
    help=_("The highest corridor average."),
)
st.caption(smart_count_line(latest, period))
world_avg = cached.global_average()
same_year = world_avg[world_avg["year"] == pd.Period(period, "Q").year]
if len(same_year):
    st.caption(
        _(
            "For comparison: the World Bank's Global Average (a mean over every service surveyed worldwide, as "
            "reported to the UN SDG database) was {global_avg} in {year}; the mean of corridor averages above "
            "counts each corridor once.",
            global_avg=t.percent(float(same_year["cost_pct"].iloc[0])),
            year=int(same_year["year"].iloc[0]),
        )
    )

# The published Global Average per year (UN SDG database) beside the mean of corridor averages, over the same years.
first_year, last_year = pd.Period(observed.iloc[0]["period"], "Q").year, pd.Period(period, "Q").year
published = world_avg[world_avg["year"].between(first_year, last_year)]
sdg_ids = list(published["source_id"].unique())
chart(
    charts.cost_over_time(
        summary,
        _("Cost of sending USD 200 (% of amount sent)"),
        f"{where_short}, {span}",
        short_sources([*used, *sdg_ids]),
        published=published,
        t=t,
    ),
    summary.merge(
        published.rename(columns={"cost_pct": "global_average_published_pct", "source_id": "global_average_source"})
        .assign(period=lambda d: d["year"].astype(str) + "Q3")
        .drop(columns="year"),
        on="period",
        how="left",
    ),
    f"cost-over-time-{scope}",
    " ".join(filter(None, [rpw, citation(*sdg_ids)])),
    note=_(
        "Blank quarters had no data collection (2011–2012 were surveyed half-yearly); the line is not drawn"
        " through them."
    )
    + " "
    + _(
        "The dotted line is the World Bank's Global Average per year as reported to the UN SDG Global Database: a "
        "mean over every service surveyed worldwide, not over corridors, so it is not the same measure as the "
        "mean of corridor averages."
    ),
)
chart(
    charts.sdg_shares(
        summary, _("Corridors above 5% and below 3% (% of corridors)"), f"{where_short}, {span}", rpw_short, t=t
    ),
    summary[["period", "corridors_n", "above_5pct_n", "above_5pct_share_pct", "below_3pct_n", "below_3pct_share_pct"]],
    f"sdg-shares-{scope}",
    rpw,
)

st.subheader(_("The most and least expensive corridors in {period}", period=period))
ranked = costs[costs["period"] == period].sort_values("total_cost_pct_200", ascending=False)
n = min(10, len(ranked) // 2)
left, right = st.columns(2)
with left:
    top = ranked.head(n)
    chart(
        charts.corridor_bars(top, _("{n} most expensive", n=n), f"{where_short}, {period}", rpw_short, t=t),
        top,
        f"most-expensive-{scope}-{period}",
        rpw,
    )
with right:
    cheapest = ranked.tail(n).iloc[::-1]
    chart(
        charts.corridor_bars(cheapest, _("{n} cheapest", n=n), f"{where_short}, {period}", rpw_short, t=t),
        cheapest,
        f"cheapest-{scope}-{period}",
        rpw,
    )

st.header(_("How much money is at stake?"))
stake = cached.money_at_stake(scope, SDG_TARGET_PCT)
tot = stake_totals(stake)
years = lambda ys: "–" if not ys else (str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}")  # noqa: E731
m1, m2, m3 = st.columns(3)
m1.metric(
    _("Flow with a corridor cost, {years}", years=years(tot["weights_years"])),
    money(tot["covered_flow_usd"]),
    help=_(
        "Modelled bilateral estimates (World Bank/KNOMAD) of the money sent through the corridors that have a "
        "cost figure, to {n} economies: {coverage} of the modelled inflow of all the economies shown, {unpriced} "
        "of which have no priced corridor. The rest ({uncovered}) travels through corridors without a price and is "
        "not counted.",
        n=tot["economies_n"],
        unpriced=tot["unpriced_economies_n"],
        coverage=t.percent(tot["coverage_pct"] or 0, 0),
        uncovered=money(tot["uncovered_flow_usd"]),
    ),
)
m2.metric(
    _("Paid in fees and FX margins, a year"),
    money(tot["cost_paid_usd"]),
    help=_(
        "Each corridor's flow × its average cost ({periods}); together a flow-weighted cost of {cost}.",
        periods="; ".join(say(age_message(p)) for p in tot["periods"]),
        cost=t.percent(tot["weighted_cost_pct"] or 0),
    ),
)
m3.metric(
    _("Saving a year at {target}", target=t.percent(SDG_TARGET_PCT, 0)),
    money(tot["savings_usd"]),
    help=_("Each corridor's flow × (its cost − 3%) ÷ 100, and zero where a corridor is already below 3%."),
)
st.caption(
    _(
        "Method: corridor averages × the modelled flows of the same corridors (the matrix year nearest the "
        "price quarter), the same on every page (What lower costs are worth, Savings by country). Flow "
        "without a corridor cost ({uncovered}) is reported apart, not priced.",
        uncovered=money(tot["uncovered_flow_usd"]),
    )
)
# The saving first after the pinned name: on a phone only the next column is in view (it was the flow, the
# saving four columns off the screen); the table stays sorted by flow.
cols = ["name", "savings_usd", "cost_paid_usd", "weighted_cost_pct", "covered_flow_usd", "coverage_pct", "period",
        "weights_year", "published_pct", "published_year"]  # fmt: skip
table = stake.sort_values("covered_flow_usd", ascending=False, ignore_index=True) if len(stake) else stake
shown = table[cols].head(25) if len(table) else pd.DataFrame(columns=cols)
# A quarter, flow year or published year that every row shares is said once (in the caption or the heading)
# rather than repeated in a column: ten columns ran past the screen at 1400 px and cut the saving off.
quarters_shown = list(shown["period"].dropna().unique())
flow_years_shown = list(shown["weights_year"].dropna().unique())
published_years = list(shown["published_year"].dropna().unique())
one_basis = len(quarters_shown) == 1 and len(flow_years_shown) == 1
one_published_year = len(published_years) == 1
dropped = (["period", "weights_year"] if one_basis else []) + (["published_year"] if one_published_year else [])
# The unit is said once above the table: in each heading it pushed the last column off the screen at 1400 px.
st.caption(_("Flows, costs paid and savings in US$ million a year; costs in % of the amount sent."))
st.dataframe(
    in_millions(shown, ["covered_flow_usd", "cost_paid_usd", "savings_usd"])
    .assign(
        name=[t.country(c, name) for c, name in zip(table["iso3"].head(25), shown["name"], strict=True)],
        period=[say(age_message(p)) if isinstance(p, str) else None for p in shown["period"]],
    )
    .drop(columns=dropped),
    hide_index=True,
    placeholder="–",
    height=36 * (len(shown) + 1) + 2,
    column_config={
        # 172 px: holds 'Босния и Герцеговина' (auto width cut it) and leaves the last column in view at 1400 px
        "name": st.column_config.TextColumn(_("Receiving economy"), width=172, pinned=True),
        "covered_flow_usd": st.column_config.NumberColumn(_("Flow with a cost"), format=MILLIONS),
        "coverage_pct": st.column_config.NumberColumn(_("Coverage (%)"), format="%.0f"),
        "weighted_cost_pct": st.column_config.NumberColumn(_("Flow-weighted cost (%)"), format="%.2f"),
        "cost_paid_usd": st.column_config.NumberColumn(_("Cost paid"), format=MILLIONS),
        "savings_usd": st.column_config.NumberColumn(_("Saving at 3%"), format=MILLIONS),
        "period": st.column_config.TextColumn(_("Quarter")),
        "weights_year": st.column_config.NumberColumn(_("Flow year"), format="%d"),
        "published_pct": st.column_config.NumberColumn(
            _("Published average, {year} (%)", year=int(published_years[0]))
            if one_published_year
            else _("Published average (%)"),
            format="%.2f",
            help=_("The World Bank's own average cost of sending to the economy (unweighted), as published"),
        ),
        "published_year": st.column_config.NumberColumn(_("Its year"), format="%d"),
    },
)
if one_basis:
    st.caption(
        _(
            "Every cost in the table is of {quarter}, and every flow is the modelled estimate for {year}.",
            quarter=say(age_message(quarters_shown[0])),
            year=int(flow_years_shown[0]),
        )
    )
if len(table) > len(shown):
    st.caption(
        _(
            "The {shown} largest of {total} receiving economies; the CSV has them all.",
            shown=len(shown),
            total=len(table),
        )
    )
download(stake, f"at-stake-{scope}", citation(*used, *(f"bilateral_remittances_{y}" for y in tot["weights_years"])))

dep = cached.dependence(scope).head(20)
dep_years = sorted(dep["year"].unique())
year_text = (
    str(dep_years[0])
    if len(dep_years) == 1
    else _("latest year, {first}–{last}", first=dep_years[0], last=dep_years[-1])
)
chart(
    charts.dependence_bars(
        dep.assign(name=[t.country(c, name) for c, name in zip(dep["iso3"], dep["name"], strict=True)]),
        _("Remittances received (% of GDP)"),
        _("Top {n} focus-region economies, {years}", n=len(dep), years=year_text)
        if scope == "focus"
        else _("Top {n} economies, {years}", n=len(dep), years=year_text),
        _("World Bank WDI, BX.TRF.PWKR.CD.DT (Jul 2025) ÷ NY.GDP.MKTP.CD"),
        t=t,
    ),
    dep,
    f"dependence-{scope}",
    citation("wdi_received", "wdi_gdp"),
    note=_(
        "Computed here as remittances received ÷ GDP, both in current US$, for the latest year with both."
        " Blue: focus-region economies."
    ),
)
