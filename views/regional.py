"""Regions: costs by region and income group over time, and the SDG 10.c picture per quarter."""

from __future__ import annotations

import streamlit as st

from remit import explorer
from remit.costs import age_message
from remit.i18n import N_
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.smart import smart_count_line
from ui.url_state import ignored_choice, ignored_flag, linked_choice, warn_ignored
from ui.widgets import chart, citation, download, short_sources

# The English option is the URL value (?by=Sending+income+group) in every language; only its label is translated.
RECEIVING_REGION = N_("Receiving region")
GROUPINGS = {
    RECEIVING_REGION: "receiving_region",
    N_("Sending region"): "sending_region",
    N_("Receiving income group"): "receiving_income",
    N_("Sending income group"): "sending_income",
}
# "Average cost by receiving region": the grouping as the end of a heading.
BY = {
    "receiving_region": N_("by receiving region"),
    "sending_region": N_("by sending region"),
    "receiving_income": N_("by receiving income group"),
    "sending_income": N_("by sending income group"),
}
ALL = N_("All corridors")
PRICE_SOURCES = ("rpw_databank", "sdg_corridor_cost")  # the complete corridor set: DataBank to 2020Q3, UN 2021Q3


t = current()
st.title(_("Regions and income groups"))
st.markdown(
    _(
        "How the cost of sending USD 200 has moved by region and income group, and how many corridors meet the "
        "SDG 10.c target. Each line is a **mean of corridor averages**: the simple mean over the corridors in the "
        "group, each corridor counted once. It is not the World Bank's regional average, which is a mean over "
        "services (corridors with more services weigh more) and needs the provider-level data."
    )
)
# Bound widgets drop a value they do not offer without a word: say so (the link is only read here).
warn_ignored(
    ignored_choice(
        "by",
        GROUPINGS,
        what=_("grouping"),
        shown=_(RECEIVING_REGION),
        reason=_("the groupings are {names}", names=", ".join(_(g) for g in GROUPINGS)),
    ),
    ignored_flag("constant", what=_("'Same corridors throughout'"), shown=_("all corridors surveyed")),
)
by_label = linked_choice(
    st.segmented_control,
    _("Group corridors by"),
    {g: _(g) for g in GROUPINGS},
    key="by",
    default=RECEIVING_REGION,
    required=True,
    help=_("Regions and income groups are the World Bank's (WDI country metadata, July 2025 classification)."),
)
constant = st.toggle(
    _("Same corridors throughout"),
    key="constant",
    bind="query-params",
    help=_(
        "The World Bank surveyed 199 corridors in 2011Q1 and 367 in 2020Q3. With this on, only the corridors "
        "with data in every surveyed quarter are counted, so a change over time is not a change of coverage."
    ),
)
by = GROUPINGS[by_label]
grouping = _(by_label)  # "Receiving region", in the reader's language
by_text = _(BY[by])  # "by receiving region"
frame = cached.complete_corridor_frame(constant)
summary = cached.group_summary(by, constant)
observed = summary.dropna(subset=["corridors_n"])
span = f"{observed['period'].min()}–{observed['period'].max()}"
corridors_n = frame["corridor"].nunique()
scope = (
    _("The same {n} corridors, {span}", n=corridors_n, span=span)
    if constant
    else _("All corridors surveyed, {span}", span=span)
)
rpw = citation("rpw_databank")

# Groups with few corridors: one corridor swings their average, so they are left out of the chart (and
# said so); the legend gives every group's number of corridors, and "Not classified" says what it holds.
sizes = explorer.group_sizes(summary)
too_few = sizes[sizes["too_few"]]
unclassified = explorer.group_members(frame, by, explorer.NOT_CLASSIFIED)
size_of = dict(zip(sizes["group"], sizes["corridors_n"], strict=True))
# Country names in the reader's language (the groups name their members, so the codes come from the corridors).
side = "receiving" if by.startswith("receiving") else "sending"
iso3_of = dict(zip(frame[f"{side}_name"], frame[f"{side}_iso3"], strict=False))
members = ", ".join(t.country(iso3_of.get(name, ""), name) for name in unclassified)


def legend_label(group: str) -> str:
    n = size_of.get(group, 0)
    name = f"{_(group)} ({members})" if group == explorer.NOT_CLASSIFIED and unclassified else _(group)
    return _n("{name}: {n} corridor", "{name}: {n} corridors", n, name=name)


drawn = summary[~summary["group"].isin(too_few["group"])]
counted = "" if constant else "<br>" + _("Corridors in the legend: {period}", period=sizes["period"].max())
st.header(_("Average cost {by}", by=by_text))
chart(
    charts.group_lines(
        drawn.assign(group_key=drawn["group"], group=drawn["group"].map(legend_label)),
        _("Cost {by} (%)", by=by_text),
        _("Mean of corridor averages (USD 200)") + f"<br>{scope}{counted}",
        short_sources(PRICE_SOURCES),
        t=t,
    ),
    drawn[
        [
            "group",
            "period",
            "corridors_n",
            "mean_of_corridor_averages_pct",
            "median_pct",
            "above_5pct_n",
            "below_3pct_n",
        ]
    ],
    f"cost-by-{by}-{'constant' if constant else 'all'}",
    rpw,
    note=_(
        "Blank quarters had no data collection (2011–2012 were surveyed half-yearly); lines are not drawn through them."
    )
    + ("" if constant else " " + _("The set of corridors grows over time (199 in 2011Q1, 367 in 2020Q3).")),
)
# The groups left out of the chart and those without a World Bank group: data notes, below the chart in an
# expander, so that they do not stand between the heading and the chart.
if len(too_few) or unclassified:
    with st.expander(
        _n("{n} group not drawn", "{n} groups not drawn", len(too_few)) if len(too_few) else _("Not classified")
    ):
        if len(too_few):
            names = ", ".join(f"{legend_label(g)}" for g in too_few["group"])
            values = {"names": names, "n": explorer.MIN_GROUP_CORRIDORS}
            st.caption(
                _n(
                    "**Not drawn:** {names}. With fewer than {n} corridors, one corridor's change moves the group's "
                    "average by several points, so the line would not compare with the others. Its figures are in "
                    "the table and in the SDG 10.c section below.",
                    "**Not drawn:** {names}. With fewer than {n} corridors, one corridor's change moves the group's "
                    "average by several points, so the line would not compare with the others. Their figures are in "
                    "the table and in the SDG 10.c section below.",
                    len(too_few),
                    **values,
                )
            )
        if unclassified:
            if by.endswith("region"):
                text = _n(
                    "**Not classified:** {names}, which has no World Bank region in the July 2025 classification.",
                    "**Not classified:** {names}, which have no World Bank region in the July 2025 classification.",
                    len(unclassified),
                    names=members,
                )
            else:
                text = _n(
                    "**Not classified:** {names}, which has no World Bank income group in the July 2025 "
                    "classification.",
                    "**Not classified:** {names}, which have no World Bank income group in the July 2025 "
                    "classification.",
                    len(unclassified),
                    names=members,
                )
            st.caption(text)
latest = explorer.latest_by_group(summary)
last_period = latest["period"].max()
st.subheader(_("{period}: {by}", period=say(age_message(last_period)), by=by_text))  # the quarter with its age
# The counts first (above 5% by the corridor average and by SmaRT, below 3%), the shares after: eleven columns
# ran past the screen at 1400 px and cut the SmaRT count off. The quarter is in the heading when all share it.
latest_cols = [
    "group",
    "period",
    "corridors_n",
    "mean_of_corridor_averages_pct",
    "change_5y_pp",
    "above_5pct_n",
    "above_5pct_smart_n",
    "smart_n",
    "below_3pct_n",
    "above_5pct_share_pct",
    "below_3pct_share_pct",
]
if latest["period"].nunique() <= 1:
    latest_cols.remove("period")
st.dataframe(
    latest[latest_cols].assign(group=latest["group"].map(_)),
    hide_index=True,
    column_config={
        # pinned at 200 px: as wide as 'Middle East, North Africa, Afghanistan & Pakistan' it filled a phone's
        # screen and hid every figure (the full name shows on hover)
        "group": st.column_config.TextColumn(grouping, width="medium", pinned=True),
        "period": _("Quarter"),
        "corridors_n": st.column_config.NumberColumn(_("Corridors"), format="%d"),
        "mean_of_corridor_averages_pct": st.column_config.NumberColumn(
            _("Mean of corridor averages (%)"), format="%.2f"
        ),
        "change_5y_pp": st.column_config.NumberColumn(
            _("5-year change (pp)"),
            format="%+.2f",
            help=_("On the same quarter five years earlier; blank: no data then."),
        ),
        "above_5pct_n": st.column_config.NumberColumn(_("Above 5%"), format="%d"),
        "above_5pct_share_pct": st.column_config.NumberColumn(_("Above 5% (% of corridors)"), format="%.0f%%"),
        "above_5pct_smart_n": st.column_config.NumberColumn(
            _("Above 5% by SmaRT"), format="%d", help=_("Corridors whose official SmaRT is above 5%.")
        ),
        "smart_n": st.column_config.NumberColumn(
            _("With a SmaRT figure"), format="%d", help=_("Corridors with an official SmaRT figure that quarter.")
        ),
        "below_3pct_n": st.column_config.NumberColumn(_("Below 3%"), format="%d"),
        "below_3pct_share_pct": st.column_config.NumberColumn(_("Below 3% (% of corridors)"), format="%.0f%%"),
    },
)
st.caption(
    _(
        "Above 5% by SmaRT: the corridors whose official SmaRT (UN SDG Global Database) is above 5%. SmaRT is the "
        "average of the three cheapest services a typical sender can use; the World Bank measures the SDG's “no "
        "corridor above 5%” with it."
    )
)
missing = sorted(set(observed["group"]) - set(latest["group"]))
download(
    latest,
    f"latest-by-{by}-{last_period}",
    rpw,
    note=_("pp = percentage points.")
    + (
        " " + _("No corridor data in {period} for: {groups}.", period=last_period, groups=", ".join(map(_, missing)))
        if missing
        else ""
    ),
)

# --- The flow-weighted cost per group (remit.costs), beside the mean of corridor averages ---------------
weighted = cached.group_costs(by)
if not weighted.empty:
    st.subheader(_("Weighted by the money sent, {by}", by=by_text))
    st.dataframe(
        weighted.assign(group=weighted["group"].map(_), period=[say(age_message(p)) for p in weighted["period"]])[
            # the weighted cost beside the pinned group (on a phone the quarter, the same in every row, hid it)
            ["group", "weighted_pct", "coverage_pct", "unweighted_mean_pct", "corridors_n", "period", "weights_year"]
        ],
        hide_index=True,
        column_config={
            "group": st.column_config.TextColumn(grouping, width="medium", pinned=True),  # as above
            "period": _("Quarter"),
            "weighted_pct": st.column_config.NumberColumn(_("Flow-weighted cost (%)"), format="%.2f"),
            "coverage_pct": st.column_config.NumberColumn(
                _("Coverage (%)"), format="%.0f", help=_("Share of the group's modelled flow that has a corridor cost")
            ),
            "unweighted_mean_pct": st.column_config.NumberColumn(_("Mean of corridor averages (%)"), format="%.2f"),
            "corridors_n": st.column_config.NumberColumn(_("Corridors"), format="%d"),
            "weights_year": st.column_config.NumberColumn(_("Weights (year of the estimates)"), format="%d"),
        },
    )
    st.caption(
        _(
            "The flow-weighted cost counts each corridor by the money sent through it (World Bank/KNOMAD bilateral "
            "estimates, modelled), so it is what a typical dollar sent pays; the mean of corridor averages counts "
            "every corridor once, so a small, expensive corridor weighs as much as the main one. Coverage: the share "
            "of the group's modelled flow whose corridor has a cost."
        )
    )

st.header(_("SDG 10.c: corridors above 5% and below 3%"))
groups = [ALL, *sorted(observed["group"].unique())]
warn_ignored(
    ignored_choice(
        "sdg_group",
        groups,
        what=_("group"),
        shown=_(ALL).lower(),
        reason=_("not a {grouping}", grouping=grouping.lower()),
    )
)
group = linked_choice(
    st.selectbox,
    _("Corridors"),
    {g: _(g) for g in groups},
    key="sdg_group",
    default=ALL,
    help=_("All corridors, or only those of one {grouping}.", grouping=grouping.lower()),
)
column = explorer.GROUPINGS[by][0]
picked = frame if group == ALL else frame[frame[column] == group]
picture = explorer.sdg_picture(picked)
seen = picture.dropna(subset=["corridors_n"])
if seen.empty:
    st.info(
        _("No corridor data for all corridors.")
        if group == ALL
        else _("No corridor data for corridors with {grouping} {group}.", grouping=grouping.lower(), group=_(group))
    )
else:
    last = seen.iloc[-1]
    total = int(last["corridors_n"])
    m1, m2, m3 = st.columns(3)
    m1.metric(
        _("Above {ceiling}, {period}", ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0), period=last["period"]),
        _("{n} of {total}", n=int(last["above_5pct_n"]), total=total),
        help=_("SDG 10.c: eliminate corridors costing more than 5%."),
    )
    m2.metric(
        _(
            "From {target} to {ceiling}, {period}",
            target=t.percent(SDG_TARGET_PCT, 0),
            ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0),
            period=last["period"],
        ),
        _("{n} of {total}", n=int(last["from_3_to_5pct_n"]), total=total),
    )
    m3.metric(
        _("Below {target}, {period}", target=t.percent(SDG_TARGET_PCT, 0), period=last["period"]),
        _("{n} of {total}", n=int(last["below_3pct_n"]), total=total),
        help=_("SDG 10.c: an average cost below 3%."),
    )
    st.caption(smart_count_line(last, last["period"]))
    sdg_cols = [
        "period",
        "corridors_n",
        "above_5pct_n",
        "above_5pct_share_pct",
        "from_3_to_5pct_n",
        "from_3_to_5pct_share_pct",
        "below_3pct_n",
        "below_3pct_share_pct",
        "mean_of_corridor_averages_pct",
    ]
    which = _(ALL) if group == ALL else f"{grouping}: {_(group)}"
    sub = f"{which}<br>" + (_("The same corridors throughout, {span}", span=span) if constant else span)
    if group in set(too_few["group"]):
        st.caption(
            _n(
                "Only {n} corridor in this group: read the counts as individual corridors rather than a trend.",
                "Only {n} corridors in this group: read the counts as individual corridors rather than a trend.",
                size_of[group],
            )
        )
    chart(
        charts.sdg_counts(picture, _("Corridors by cost band (number)"), sub, short_sources(PRICE_SOURCES), t=t),
        picture[sdg_cols],
        f"sdg-counts-{group}-{'constant' if constant else 'all'}",
        rpw,
        note=_(
            "A corridor counts in a quarter when the World Bank published its average cost then. Blank quarters: "
            "no data collection."
        ),
    )
    chart(
        charts.sdg_shares(picture, _("Corridors above 5%, below 3% (%)"), sub, short_sources(PRICE_SOURCES), t=t),
        picture[sdg_cols],
        f"sdg-shares-{group}-{'constant' if constant else 'all'}",
        rpw,
    )
