"""Regions: costs by region and income group over time, and the SDG 10.c picture per quarter."""

from __future__ import annotations

import streamlit as st

from remit import charts, explorer
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.url_state import ignored_choice, ignored_flag, warn_ignored
from ui.widgets import chart, citation, download

# Option text is the URL value (?by=Sending+region): the words shown.
GROUPINGS = {
    "Receiving region": "receiving_region",
    "Sending region": "sending_region",
    "Receiving income group": "receiving_income",
    "Sending income group": "sending_income",
}
ALL = "All corridors"
RPW_SHORT = "World Bank, RPW (DataBank, Dec 2020)"

st.title("Regions and income groups")
st.markdown(
    "How the cost of sending USD 200 has moved by region and income group, and how many corridors meet the SDG 10.c "
    "target. Each line is a **mean of corridor averages**: the simple mean over the corridors in the group, each "
    "corridor counted once. It is not the World Bank's regional average, which is a mean over services (corridors "
    "with more services weigh more) and needs the provider-level data."
)
# Bound widgets drop a value they do not offer without a word: say so (the link is only read here).
warn_ignored(
    ignored_choice(
        "by", GROUPINGS, what="grouping", shown="Receiving region", reason=f"the groupings are {', '.join(GROUPINGS)}"
    ),
    ignored_flag("constant", what="'Same corridors throughout'", shown="all corridors surveyed"),
)
by_label = st.segmented_control(
    "Group corridors by",
    list(GROUPINGS),
    default="Receiving region",
    required=True,
    key="by",
    bind="query-params",
    help="Regions and income groups are the World Bank's (WDI country metadata, July 2025 classification).",
)
constant = st.toggle(
    "Same corridors throughout",
    key="constant",
    bind="query-params",
    help="The World Bank surveyed 199 corridors in 2011Q1 and 367 in 2020Q3. With this on, only the corridors "
    "with data in every surveyed quarter are counted, so a change over time is not a change of coverage.",
)
by = GROUPINGS[by_label]
frame = cached.complete_corridor_frame(constant)
summary = cached.group_summary(by, constant)
observed = summary.dropna(subset=["corridors_n"])
span = f"{observed['period'].min()}–{observed['period'].max()}"
corridors_n = frame["corridor"].nunique()
scope = f"{'the same ' + str(corridors_n) + ' corridors' if constant else 'all corridors surveyed'}, {span}"
rpw = citation("rpw_databank")

# Groups with few corridors: one corridor swings their average, so they are left out of the chart (and
# said so); the legend gives every group's number of corridors, and "Not classified" says what it holds.
sizes = explorer.group_sizes(summary)
too_few = sizes[sizes["too_few"]]
unclassified = explorer.group_members(frame, by, explorer.NOT_CLASSIFIED)
size_of = dict(zip(sizes["group"], sizes["corridors_n"], strict=True))


def legend_label(group: str) -> str:
    n = size_of.get(group, 0)
    name = f"{group} ({', '.join(unclassified)})" if group == explorer.NOT_CLASSIFIED and unclassified else group
    return f"{name}: {n} corridor{'s' if n != 1 else ''}"


drawn = summary[~summary["group"].isin(too_few["group"])]
counted = "" if constant else f"<br>Corridors in the legend: {sizes['period'].max()}"
st.header(f"Average cost by {by_label.lower()}")
if len(too_few):
    names = ", ".join(f"{legend_label(g)}" for g in too_few["group"])
    st.caption(
        f"**Not drawn:** {names}. With fewer than {explorer.MIN_GROUP_CORRIDORS} corridors, one corridor's change "
        "moves the group's average by several points, so the line would not compare with the others. "
        f"{'Its' if len(too_few) == 1 else 'Their'} figures are in the table and in the SDG 10.c section below."
    )
if unclassified:
    st.caption(
        f"**Not classified:** {', '.join(unclassified)}, "
        f"{'which has' if len(unclassified) == 1 else 'which have'} no World Bank "
        f"{'region' if by.endswith('region') else 'income group'} in the July 2025 classification."
    )
chart(
    charts.group_lines(
        drawn.assign(group=drawn["group"].map(legend_label)),
        f"Cost by {by_label.lower()} (%)",
        f"Mean of corridor averages (USD 200)<br>{scope[0].upper() + scope[1:]}{counted}",
        RPW_SHORT,
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
    note="Blank quarters had no data collection (2011–2012 were surveyed half-yearly); lines are not drawn through "
    "them. " + ("" if constant else "The set of corridors grows over time (199 in 2011Q1, 367 in 2020Q3). "),
)
latest = explorer.latest_by_group(summary)
last_period = latest["period"].max()
st.subheader(f"{last_period} by {by_label.lower()}")
st.dataframe(
    latest[
        [
            "group",
            "period",
            "corridors_n",
            "mean_of_corridor_averages_pct",
            "change_5y_pp",
            "above_5pct_n",
            "above_5pct_share_pct",
            "below_3pct_n",
            "below_3pct_share_pct",
        ]
    ],
    hide_index=True,
    column_config={
        "group": st.column_config.TextColumn(by_label, width="large"),
        "period": "Quarter",
        "corridors_n": st.column_config.NumberColumn("Corridors", format="%d"),
        "mean_of_corridor_averages_pct": st.column_config.NumberColumn("Mean of corridor averages (%)", format="%.2f"),
        "change_5y_pp": st.column_config.NumberColumn(
            "5-year change (pp)", format="%+.2f", help="On the same quarter five years earlier; blank: no data then."
        ),
        "above_5pct_n": st.column_config.NumberColumn("Above 5%", format="%d"),
        "above_5pct_share_pct": st.column_config.NumberColumn("Above 5% (% of corridors)", format="%.0f%%"),
        "below_3pct_n": st.column_config.NumberColumn("Below 3%", format="%d"),
        "below_3pct_share_pct": st.column_config.NumberColumn("Below 3% (% of corridors)", format="%.0f%%"),
    },
)
missing = sorted(set(observed["group"]) - set(latest["group"]))
download(
    latest,
    f"latest-by-{by}-{last_period}",
    rpw,
    note="pp = percentage points."
    + (f" No corridor data in {last_period} for: {', '.join(missing)}." if missing else ""),
)

st.header("SDG 10.c: corridors above 5% and below 3%")
groups = [ALL, *sorted(observed["group"].unique())]
warn_ignored(ignored_choice("sdg_group", groups, what="group", shown=ALL.lower(), reason=f"not a {by_label.lower()}"))
group = st.selectbox(
    "Corridors",
    groups,
    key="sdg_group",
    bind="query-params",
    help=f"All corridors, or only those of one {by_label.lower()}.",
)
column = explorer.GROUPINGS[by][0]
picked = frame if group == ALL else frame[frame[column] == group]
picture = explorer.sdg_picture(picked)
where = "all corridors" if group == ALL else f"corridors with {by_label.lower()} {group}"
seen = picture.dropna(subset=["corridors_n"])
if seen.empty:
    st.info(f"No corridor data for {where}.")
else:
    last = seen.iloc[-1]
    m1, m2, m3 = st.columns(3)
    m1.metric(
        f"Above {SDG_CORRIDOR_CEILING_PCT:.0f}%, {last['period']}",
        f"{int(last['above_5pct_n'])} of {int(last['corridors_n'])}",
        help="SDG 10.c: eliminate corridors costing more than 5%.",
    )
    m2.metric(f"From 3% to 5%, {last['period']}", f"{int(last['from_3_to_5pct_n'])} of {int(last['corridors_n'])}")
    m3.metric(
        f"Below {SDG_TARGET_PCT:.0f}%, {last['period']}",
        f"{int(last['below_3pct_n'])} of {int(last['corridors_n'])}",
        help="SDG 10.c: an average cost below 3%.",
    )
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
    which = "All corridors" if group == ALL else f"{by_label}: {group}"
    sub = f"{which}<br>{'The same corridors throughout, ' if constant else ''}{span}"
    if group in set(too_few["group"]):
        st.caption(
            f"Only {size_of[group]} corridor{'s' if size_of[group] != 1 else ''} in this group: read the counts "
            "as individual corridors rather than a trend."
        )
    chart(
        charts.sdg_counts(picture, "Corridors by cost band (number)", sub, RPW_SHORT),
        picture[sdg_cols],
        f"sdg-counts-{group}-{'constant' if constant else 'all'}",
        rpw,
        note="A corridor counts in a quarter when the World Bank published its average cost then. Blank quarters: no "
        "data collection.",
    )
    chart(
        charts.sdg_shares(picture, "Corridors above 5%, below 3% (%)", sub, RPW_SHORT),
        picture[sdg_cols],
        f"sdg-shares-{group}-{'constant' if constant else 'all'}",
        rpw,
    )
