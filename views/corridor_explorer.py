"""Corridors: chosen corridors side by side over time, and a ranking of every corridor in a quarter."""

from __future__ import annotations

import streamlit as st

from remit import charts, explorer
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.url_state import coded_multiselect, ignored_choice, ignored_flag, unknown_codes, warn_ignored
from ui.widgets import chart, citation, download, source_names

DEFAULT_CORRIDORS = ["RUS-TJK", "RUS-UZB", "RUS-KGZ", "DEU-TJK"]
SPLIT_EXAMPLE = "corridors?corridors=USA-IND,ARE-IND,GBR-IND"
AMOUNTS = {"USD 200": "total_cost_pct_200", "USD 500": "total_cost_pct_500"}
SOURCE_SHORT = {
    "rpw_databank": "World Bank, RPW (DataBank, Dec 2020)",
    "rpw_panel_southasia": "World Bank, RPW Q3 2025 (aggregated by a third party)",
}

st.title("Corridors")
st.markdown(
    "The average cost of sending money in one **corridor** (from one sending country to one receiving country), "
    "as a % of the amount sent, from the World Bank's Remittance Prices Worldwide (RPW). Each figure is the "
    "mean over the services RPW surveyed in that corridor and quarter."
)

corridor_list = cached.corridor_list()
options = dict(zip(corridor_list["corridor"], corridor_list["label"] + " · " + corridor_list["corridor"], strict=True))
periods = cached.periods()
complete = periods[periods["complete"]]
latest_complete = complete["period"].iloc[-1]
period_options = list(periods["period"].iloc[::-1])
# The corridors that run past the last quarter covering every corridor (to South Asia), counted from the data:
# "55 corridors (53 in 2025Q3)".
newest = periods.iloc[-1]
south_asia_n = int(corridor_list["has_usd_500"].sum())
south_asia = f"{south_asia_n} corridors ({int(newest['corridors_n'])} in {newest['period']})"

everything = cached.complete_corridor_frame(False)
all_regions = sorted(set(everything["sending_region"]) | set(everything["receiving_region"]))
incomes = ["High income", "Upper middle income", "Lower middle income", "Low income", explorer.NOT_CLASSIFIED]
# Bound widgets drop a value they do not offer without a word: say so at the top of the page (the link is
# only read here, never used in a query).
warn_ignored(
    ignored_choice("amount", AMOUNTS, what="amount", shown="USD 200", reason="RPW surveys USD 200 and USD 500"),
    ignored_choice(
        "period",
        period_options,
        what="quarter",
        shown=latest_complete,
        reason=f"no corridor data then (quarters with data: {period_options[-1]} to {period_options[0]})",
    ),
    *(
        ignored_choice(key, all_regions, what=what, shown="the rest of the filter", reason="not a World Bank region")
        for key, what in (("send_region", "sending region"), ("recv_region", "receiving region"))
    ),
    *(
        ignored_choice(key, incomes, what=what, shown="the rest of the filter", reason="not a World Bank income group")
        for key, what in (("send_income", "sending income group"), ("recv_income", "receiving income group"))
    ),
    ignored_flag("above5", what="'Only corridors above 5%'", shown="every corridor"),
)

# --- 1. Corridors side by side over time ----------------------------------------------------------
st.header("Costs over time")
left, right = st.columns([3, 1])
with left:
    codes = coded_multiselect(
        "Corridors (type a country name; up to 8)",
        options,
        key="corridors",
        default=DEFAULT_CORRIDORS,
        max_selections=8,
        wrap=True,
        placeholder="Type a sending or receiving country…",
        help="The link in your browser's address bar keeps the corridors as codes (?corridors=RUS-TJK,RUS-KGZ): "
        "share it to show the same view.",
    )
with right:
    amount = st.segmented_control(
        "Amount sent",
        list(AMOUNTS),
        default="USD 200",
        required=True,
        key="amount",
        bind="query-params",
        help="RPW surveys the cost of sending USD 200 and USD 500. The shipped data has USD 500 figures only for "
        f"the {south_asia} to Bangladesh, India, Nepal and the Philippines.",
    )
if bad := unknown_codes("corridors"):
    st.warning(f"Not a corridor in the data, left out: {', '.join(bad)}. Codes look like RUS-TJK (sending-receiving).")

if not codes:
    st.info("Choose one or more corridors above to see their costs over time.")
else:
    hist = cached.corridor_histories(tuple(codes))
    value = AMOUNTS[amount]
    used_sources = sorted(hist["source_id"].dropna().unique())
    source_line = "<br>".join(SOURCE_SHORT.get(s, s) for s in used_sources)
    span = f"{hist.dropna(subset=['total_cost_pct_200'])['period'].min()}–{hist.dropna(subset=['total_cost_pct_200'])['period'].max()}"
    shown = hist[hist["corridor"].isin(hist.dropna(subset=[value])["corridor"])]
    missing = [c for c in codes if c not in set(shown["corridor"])]
    if missing and amount == "USD 500":
        st.info(
            f"No USD 500 figures in the shipped data for {', '.join(options[c].split(' · ')[0] for c in missing)}; "
            "RPW's USD 500 averages are shipped only for corridors to Bangladesh, India, Nepal and the Philippines. "
            "Choose USD 200 to see them."
        )
    if len(shown):
        shown = shown[shown["period"].between(*shown.dropna(subset=[value])["period"].agg(["min", "max"]))]
        chart(
            charts.corridor_lines(
                shown,
                value,
                f"Cost of sending {amount} (%)",
                f"Corridor averages, {shown.dropna(subset=[value])['period'].min()}–"
                f"{shown.dropna(subset=[value])['period'].max()}",
                source_line,
            ),
            shown[["corridor", "sending_name", "receiving_name", "period", value, "source_id"]],
            f"corridor-costs-{amount}-{'-'.join(codes)}",
            citation(*used_sources),
            note="Blank quarters: no data for that corridor (2011–2012 were surveyed half-yearly; some corridors "
            "joined the survey later). The line is not drawn through them.",
        )

    st.subheader(f"How they have moved: sending {amount}")
    moved = explorer.history_summary(hist, value)
    st.dataframe(
        moved[
            [
                "label",
                "period_first",
                f"first_{value}",
                "period_latest",
                f"latest_{value}",
                "change_since_first_pp",
                "quarters_above_5pct_n",
                "quarters_n",
            ]
        ],
        hide_index=True,
        column_config={
            "label": st.column_config.TextColumn("Corridor", width="large"),
            "period_first": "First quarter",
            f"first_{value}": st.column_config.NumberColumn(f"Cost then (% of {amount})", format="%.2f"),
            "period_latest": "Latest quarter",
            f"latest_{value}": st.column_config.NumberColumn(f"Cost now (% of {amount})", format="%.2f"),
            "change_since_first_pp": st.column_config.NumberColumn("Change (pp)", format="%+.2f"),
            "quarters_above_5pct_n": st.column_config.NumberColumn("Quarters above 5%", format="%d"),
            "quarters_n": st.column_config.NumberColumn("Quarters with data", format="%d"),
        },
    )
    download(
        moved,
        f"corridor-change-{'-'.join(codes)}",
        citation(*used_sources),
        note=f"Cost of sending {amount}, % of the amount sent; change in percentage points (pp) from the "
        "corridor's first quarter with data to its latest.",
    )

    st.subheader("What the cost is made of")
    split = hist[hist["corridor"].isin(hist.dropna(subset=["fee_pct_200"])["corridor"])]
    firm = hist[
        hist["corridor"].isin(hist.dropna(subset=["bank_cost_pct_200", "mto_cost_pct_200"], how="all")["corridor"])
    ]
    if split.empty and firm.empty:
        st.info(
            "The shipped data splits the cost into fee and exchange-rate margin, and into banks and money transfer "
            f"operators, only for the {south_asia} to Bangladesh, India, Nepal and the Philippines (from the "
            f"full RPW dataset); not for the corridors chosen. [See an example]({SPLIT_EXAMPLE})."
        )
    split_cite = citation("rpw_databank", "rpw_panel_southasia")
    if len(split):
        split = split[split["period"] >= split.dropna(subset=["fee_pct_200"])["period"].min()]
        chart(
            charts.split_facets(
                split,
                [("fee_pct_200", "Fee", charts.BLUE), ("fx_margin_pct_200", "Exchange-rate margin", charts.ORANGE)],
                "Fee and FX margin (% of USD 200)",
                f"Corridor averages, {split['period'].min()}–{split['period'].max()}<br>"
                "The two parts add up to the total cost",
                "World Bank, RPW (full dataset, corridor averages)",
                stacked=True,
            ),
            split[["corridor", "period", "total_cost_pct_200", "fee_pct_200", "fx_margin_pct_200", "source_id"]],
            f"fee-fx-{'-'.join(split['corridor'].unique())}",
            split_cite,
            note="The exchange-rate (FX) margin is already part of the total cost: fee + margin = total cost.",
        )
        if len(split["corridor"].unique()) < len(codes):
            others = [options[c].split(" · ")[0] for c in codes if c not in set(split["corridor"])]
            st.caption(f"No fee/FX split in the shipped data for {', '.join(others)}.")
    if len(firm):
        firm = firm[
            firm["period"] >= firm.dropna(subset=["bank_cost_pct_200", "mto_cost_pct_200"], how="all")["period"].min()
        ]
        chart(
            charts.split_facets(
                firm,
                [
                    # series colours, not the SDG red and green: neither type is "good" or "bad"
                    ("bank_cost_pct_200", "Banks", charts.BLUE),
                    ("mto_cost_pct_200", "Money transfer operators", charts.ORANGE),
                ],
                "Banks vs money transfer operators (%)",
                f"Average cost of sending USD 200 by type of provider<br>{firm['period'].min()}–{firm['period'].max()}",
                "World Bank, RPW (full dataset, corridor averages)",
                stacked=False,
            ),
            firm[["corridor", "period", "total_cost_pct_200", "bank_cost_pct_200", "mto_cost_pct_200", "source_id"]],
            f"bank-mto-{'-'.join(firm['corridor'].unique())}",
            split_cite,
            note="Blank: no bank (or no MTO) service surveyed in that corridor and quarter.",
        )

# --- 2. Ranking of every corridor in a quarter ------------------------------------------------
st.header("Ranking of all corridors in a quarter")
period = st.selectbox(
    "Quarter",
    period_options,
    index=period_options.index(latest_complete),
    key="period",
    bind="query-params",
    help=f"Every corridor has data to {latest_complete}; later quarters cover only the {south_asia} to "
    "Bangladesh, India, Nepal and the Philippines.",
)
ranked = cached.corridor_ranking(period)
if period > latest_complete:
    st.info(
        f"In {period} the shipped data covers only {len(ranked)} corridors (to Bangladesh, India, Nepal and the "
        f"Philippines); every corridor has data to {latest_complete}."
    )

senders = corridor_list.drop_duplicates("sending_iso3").sort_values("sending_name")
receivers = corridor_list.drop_duplicates("receiving_iso3").sort_values("receiving_name")
c1, c2 = st.columns(2)
with c1:
    send = coded_multiselect(
        "Sending countries",
        dict(zip(senders["sending_iso3"], senders["sending_name"], strict=True)),
        key="send",
        placeholder="All sending countries",
    )
with c2:
    recv = coded_multiselect(
        "Receiving countries",
        dict(zip(receivers["receiving_iso3"], receivers["receiving_name"], strict=True)),
        key="recv",
        placeholder="All receiving countries",
    )
for key in ("send", "recv"):
    if bad := unknown_codes(key):
        st.warning(f"Not in the corridor data, left out: {', '.join(bad)}.")

filtered = any(k in st.query_params for k in ("send_region", "recv_region", "send_income", "recv_income"))
with st.expander("Filter by region and income group", expanded=filtered):
    r1, r2 = st.columns(2)
    send_region = r1.multiselect("Sending region", all_regions, key="send_region", bind="query-params")
    recv_region = r2.multiselect("Receiving region", all_regions, key="recv_region", bind="query-params")
    i1, i2 = st.columns(2)
    send_income = i1.multiselect("Sending country's income group", incomes, key="send_income", bind="query-params")
    recv_income = i2.multiselect("Receiving country's income group", incomes, key="recv_income", bind="query-params")
above_only = st.toggle("Only corridors above 5%", key="above5", bind="query-params")

table = explorer.filter_corridors(
    ranked,
    send=tuple(send),
    recv=tuple(recv),
    sending_region=tuple(send_region),
    receiving_region=tuple(recv_region),
    sending_income=tuple(send_income),
    receiving_income=tuple(recv_income),
    above_5pct_only=above_only,
)
n = len(table)
m1, m2, m3, m4 = st.columns(4)
m1.metric(f"Corridors shown, {period}", f"{n} of {len(ranked)}")
m2.metric(
    f"Above {SDG_CORRIDOR_CEILING_PCT:.0f}%",
    f"{int((table['total_cost_pct_200'] > SDG_CORRIDOR_CEILING_PCT).sum())} of {n}",
    help="SDG 10.c: eliminate corridors costing more than 5%.",
)
m3.metric(
    f"Below {SDG_TARGET_PCT:.0f}%",
    f"{int((table['total_cost_pct_200'] < SDG_TARGET_PCT).sum())} of {n}",
    help="SDG 10.c: an average cost below 3%.",
)
m4.metric(
    "Mean of corridor averages",
    f"{table['total_cost_pct_200'].mean():.2f}%" if n else "–",
    help="Simple mean over the corridors shown of each corridor's average cost. Not a World Bank regional or "
    "Global Average, which are means over services.",
)

columns = {
    "rank": st.column_config.NumberColumn("Rank", format="%d", help=f"Among all {len(ranked)} corridors in {period}"),
    "sending_name": st.column_config.TextColumn("From", width="medium"),
    "receiving_name": st.column_config.TextColumn("To", width="medium"),
    "total_cost_pct_200": st.column_config.NumberColumn("Cost (%)", format="%.2f", help="Cost of sending USD 200"),
    "sdg_band": st.column_config.TextColumn("SDG 10.c"),
    "change_1y_pp": st.column_config.NumberColumn(
        "1-year change (pp)", format="%+.2f", help=f"On {ranked['period_1y_ago'].iloc[0]}; blank: no data then"
    ),
    "change_5y_pp": st.column_config.NumberColumn(
        "5-year change (pp)", format="%+.2f", help=f"On {ranked['period_5y_ago'].iloc[0]}; blank: no data then"
    ),
    "total_cost_pct_500": st.column_config.NumberColumn("USD 500 (%)", format="%.2f"),
    "sending_region": st.column_config.TextColumn("Sending region", width="large"),
    "receiving_region": st.column_config.TextColumn("Receiving region", width="large"),
    "sending_income_group": "Sender income",
    "receiving_income_group": "Receiver income",
    "corridor": "Code",
    "source_id": st.column_config.TextColumn("Source", width="large"),
}
if table["total_cost_pct_500"].isna().all():
    columns.pop("total_cost_pct_500")
st.dataframe(
    table[list(columns)].assign(source_id=source_names(table["source_id"])),
    hide_index=True,
    column_config=columns,
    height=min(36 * (n + 1) + 2, 600),
    placeholder="–",
)
st.caption(
    "Click a column heading to sort. pp = percentage points. 1- and 5-year changes compare with the same quarter "
    f"one and five years earlier ({ranked['period_1y_ago'].iloc[0]}, {ranked['period_5y_ago'].iloc[0]})."
)
download(
    table,
    f"corridor-ranking-{period}",
    citation(*sorted(table["source_id"].unique())) if n else citation("rpw_databank"),
    note=f"Every corridor average of {period} with the filters above, one row per corridor as in the source "
    "(period, sending and receiving ISO3, source).",
)
if n:
    top = table.head(15)
    chart(
        charts.labelled_bars(
            top.assign(label=top["sending_name"] + " → " + top["receiving_name"]),
            "total_cost_pct_200",
            "label",
            f"{'The ' + str(len(top)) + ' most expensive' if n > len(top) else 'Corridors shown'}, {period}",
            f"Cost of sending USD 200, corridors shown in the table{' (filtered)' if n < len(ranked) else ''}",
            source=SOURCE_SHORT.get(top["source_id"].iloc[0], "World Bank, RPW"),
            x_title="% of the amount sent (USD 200)",
            colors=[
                charts.RED if v > SDG_CORRIDOR_CEILING_PCT else charts.GREEN if v < SDG_TARGET_PCT else charts.ORANGE
                for v in top["total_cost_pct_200"]
            ],
        ),
        top.drop(columns=[c for c in top.columns if c.startswith("period_")]),
        f"corridor-ranking-top-{period}",
        citation(*sorted(top["source_id"].unique())),
    )
