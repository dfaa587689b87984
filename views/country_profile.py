"""Country profile: every corridor to and from one country, its remittances, and its biggest partners."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import charts, explorer
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.url_state import coded_selectbox, unknown_codes
from ui.widgets import chart, citation, download, money

DEFAULT_COUNTRY = "TJK"
MAX_LINES = 8
SOURCE_SHORT = {
    "rpw_databank": "World Bank, RPW (DataBank, Dec 2020)",
    "rpw_panel_southasia": "World Bank, RPW Q3 2025 (aggregated by a third party)",
}


def band_colors(values: pd.Series) -> list[str]:
    return [
        charts.RED if v > SDG_CORRIDOR_CEILING_PCT else charts.GREEN if v < SDG_TARGET_PCT else charts.ORANGE
        for v in values
    ]


def pct(value: float, digits: int = 2) -> str:
    return "–" if pd.isna(value) else f"{value:.{digits}f}%"


st.title("Country profile")
countries = cached.countries_with_data()
options = dict(zip(countries["iso3"], countries["name"] + " (" + countries["iso3"] + ")", strict=True))
iso3 = coded_selectbox(
    "Country",
    options,
    key="country",
    default=DEFAULT_COUNTRY,
    help="Type a name or an ISO3 code. The link keeps the code (?country=TJK).",
)
if bad := unknown_codes("country"):
    st.warning(f"No data for {', '.join(bad)}; showing {options[iso3]}.")
periods = cached.periods()
latest_complete = periods[periods["complete"]]["period"].iloc[-1]
profile = cached.country_profile(iso3, latest_complete)
me = countries.set_index("iso3").loc[iso3]
name = me["name"]
meta = cached.countries().set_index("iso3").loc[iso3]
facts = [str(meta["wb_region"]) if pd.notna(meta["wb_region"]) else None]
facts.append(str(meta["wb_income_group"]) if pd.notna(meta["wb_income_group"]) else None)
if pd.notna(meta["focus_subregion"]):
    facts.append(f"focus region: {meta['focus_subregion']}")
st.caption(" · ".join(f for f in facts if f))

flows, status, costs = profile["flows"], profile["status"], profile["corridors"]

# --- Key figures ----------------------------------------------------------------------------------
received, r_year = explorer.latest_value(flows, "remit_received_usd")
paid, p_year = explorer.latest_value(flows, "remit_paid_usd")
share, s_year = explorer.latest_value(flows, "remit_received_pct_gdp_calc")
wdi_share, w_year = explorer.latest_value(flows, "remit_received_pct_gdp_wdi")
per_person, pp_year = explorer.latest_value(flows, "remit_received_per_person_usd")
cost_to, ct_year = explorer.latest_value(flows, "cost_to_country_pct")
cost_from, cf_year = explorer.latest_value(flows, "cost_from_country_pct")
k1, k2, k3, k4 = st.columns(4)
k1.metric(
    f"Received, {r_year or '–'}",
    money(received),
    help="Personal remittances received, WDI BX.TRF.PWKR.CD.DT, current US$.",
)
k2.metric(
    f"Received, % of GDP, {s_year or '–'}",
    pct(share, 1),
    help="Computed here: remittances received ÷ GDP (WDI NY.GDP.MKTP.CD), both in current US$. "
    + (
        f"The WDI's own series BX.TRF.PWKR.DT.GD.ZS gives {wdi_share:.1f}% for {w_year} (its shipped vintage ends in 2021)."
        if w_year
        else "The WDI's own % of GDP series has no value for this country."
    ),
)
k3.metric(
    f"Received per person, {pp_year or '–'}",
    "–" if pd.isna(per_person) else f"US$ {per_person:,.0f}",
    help="Remittances received ÷ population (WDI SP.POP.TOTL), same year.",
)
k4.metric(f"Paid, {p_year or '–'}", money(paid), help="Personal remittances paid, WDI BM.TRF.PWKR.CD.DT, current US$.")

to = status[status["direction"] == "to"] if len(status) else status
frm = status[status["direction"] == "from"] if len(status) else status
j1, j2, j3, j4 = st.columns(4)
j1.metric(
    "Cost of sending to it" + (f", {ct_year}" if ct_year else ""),
    pct(cost_to),
    help=f"The World Bank's own annual average cost of sending USD 200 to {name} (WDI SI.RMT.COST.IB.ZS), a mean "
    "over the services surveyed in all corridors to it.",
)
j2.metric(
    "Cost of sending from it" + (f", {cf_year}" if cf_year else ""),
    pct(cost_from),
    help=f"The World Bank's own annual average cost of sending USD 200 from {name} (WDI SI.RMT.COST.OB.ZS), a "
    "mean over services.",
)


def quarters_text(quarters: list[tuple[str, int]]) -> str:
    """'2020Q3' or '2020Q3 for 19 corridors, 2025Q3 for 1'."""
    if len(quarters) == 1:
        return quarters[0][0]
    first, *rest = quarters
    return f"{first[0]} for {first[1]} corridors, " + ", ".join(f"{q} for {n}" for q, n in rest)


for col, part, word in ((j3, to, "to"), (j4, frm, "from")):
    if len(part):
        now = explorer.latest_status(part)
        col.metric(
            f"Corridors {word} it above 5%",
            f"{now['above_5pct_n']} of {now['corridors_n']}",
            help=f"Every corridor {word} {name} at its latest quarter with data ({quarters_text(now['quarters'])}): "
            "the cost of sending USD 200, against the SDG 10.c ceiling of 5%.",
        )
    else:
        col.metric(f"Corridors {word} it", "none surveyed")


# --- Corridors to and from the country ---------------------------------------------------------------
def corridor_section(part: pd.DataFrame, word: str) -> None:
    other = "sending" if word == "to" else "receiving"
    st.header(f"Corridors {word} {name}")
    if part.empty:
        st.info(
            f"The World Bank's Remittance Prices Worldwide surveys no corridor {word} {name} in the shipped data."
            + (
                f" The World Bank's average cost of sending {word} it is {pct(cost_to if word == 'to' else cost_from)}."
                if pd.notna(cost_to if word == "to" else cost_from)
                else ""
            )
        )
        return
    # Every corridor at its own latest quarter: a corridor the newest source does not cover keeps its
    # latest figure (marked with its quarter) instead of disappearing.
    now = explorer.latest_status(part)
    usual = now["quarters"][0][0]
    used = sorted(part["source_id"].unique())
    cite = citation(*used)
    src = "<br>".join(SOURCE_SHORT.get(s, s) for s in used)  # one source a line: it reads on a phone
    labels = part[f"{other}_name"] + [f" ({q})" if q != usual else "" for q in part["period_latest"]]
    st.caption(
        f"{now['corridors_n']} corridor{'s' if now['corridors_n'] != 1 else ''} {word} {name}, each at its latest "
        f"quarter with data ({quarters_text(now['quarters'])}): {now['above_5pct_n']} above 5%, "
        f"{now['below_3pct_n']} below 3%."
    )
    chart(
        charts.labelled_bars(
            part.assign(label=labels),
            "total_cost_pct_200",
            "label",
            f"By {other} country (% of USD 200)",
            f"Corridors {word} {name}<br>Latest quarter: {usual}"
            + (" unless marked" if len(now["quarters"]) > 1 else ""),
            source=src,
            x_title="% of the amount sent (USD 200)",
            colors=band_colors(part["total_cost_pct_200"]),
        ),
        part,
        f"corridors-{word}-{iso3}-latest",
        cite,
    )
    table = part[
        [
            f"{other}_name",
            "period_latest",
            "total_cost_pct_200",
            "sdg_band",
            "change_1y_pp",
            "change_5y_pp",
            "period_first",
            "first_total_cost_pct_200",
            "change_since_first_pp",
            "corridor",
        ]
    ]
    st.dataframe(
        table,
        hide_index=True,
        placeholder="–",
        column_config={
            f"{other}_name": st.column_config.TextColumn(f"{other.capitalize()} country", width="medium"),
            "period_latest": "Latest quarter",
            "total_cost_pct_200": st.column_config.NumberColumn("Cost (%)", format="%.2f"),
            "sdg_band": "SDG 10.c",
            "change_1y_pp": st.column_config.NumberColumn("1-year change (pp)", format="%+.2f"),
            "change_5y_pp": st.column_config.NumberColumn("5-year change (pp)", format="%+.2f"),
            "period_first": "First quarter",
            "first_total_cost_pct_200": st.column_config.NumberColumn("Cost then (%)", format="%.2f"),
            "change_since_first_pp": st.column_config.NumberColumn("Change since (pp)", format="%+.2f"),
            "corridor": "Code",
        },
    )
    download(
        part,
        f"corridor-status-{word}-{iso3}",
        cite,
        note="Changes in percentage points (pp) on the same quarter one and five years before the latest, and since "
        "the corridor's first quarter with data.",
    )
    shown = list(part["corridor"].head(MAX_LINES))
    hist = cached.corridor_histories(tuple(shown))
    hist = hist.assign(label=hist[f"{other}_name"])
    observed = hist.dropna(subset=["total_cost_pct_200"])
    chart(
        charts.corridor_lines(
            hist,
            "total_cost_pct_200",
            "Cost over time (% of USD 200)",
            f"Corridors {word} {name}, {observed['period'].min()}–{observed['period'].max()}"
            + (f"; the {MAX_LINES} dearest now" if len(part) > MAX_LINES else ""),
            src,
        ),
        hist[["corridor", "sending_name", "receiving_name", "period", "total_cost_pct_200", "source_id"]],
        f"corridors-{word}-{iso3}-over-time",
        cite,
        note="Blank quarters: no data for that corridor; lines are not drawn through them.",
    )
    st.markdown(f"[Compare these corridors on the Corridors page](corridors?corridors={','.join(shown)})")


corridor_section(to, "to")
corridor_section(frm, "from")

# --- Neighbours -----------------------------------------------------------------------------------
near = profile["neighbours"]
if len(near) and near["is_selected"].any() and len(near) > 1:
    group = near["peer_group"].iloc[0]
    # The side where the country has corridors: money sent to it, or (a sending country) money sent from it.
    sending = near["side"].iloc[0] == "sending"
    direction = "from" if sending else "to"
    st.header(f"Compared with {group}")
    if sending:
        st.caption(
            f"No corridor to {name} is surveyed, so {name} is compared with the other sending countries of {group}: "
            "the cost of sending money from each."
        )
    near = near.sort_values("mean_of_corridor_averages_pct", ascending=False)
    chart(
        charts.labelled_bars(
            near,
            "mean_of_corridor_averages_pct",
            "name",
            f"Cost of sending USD 200 {direction} each (%)",
            f"{'Sending' if sending else 'Receiving'} countries in {group}, {latest_complete}<br>"
            f"Mean of corridor averages; {name} in blue",
            source=SOURCE_SHORT["rpw_databank"],
            x_title="% of the amount sent (mean of corridor averages)",
            colors=[charts.BLUE if s else charts.GREY for s in near["is_selected"]],
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
        note=f"Mean of corridor averages: each corridor {direction} the country counted once. The World Bank's own "
        "average, a mean over services, is in the CSV for comparison.",
    )
elif len(near):
    st.caption(
        f"No comparison with the other countries of {near['peer_group'].iloc[0]}: no corridor to or from {name} "
        f"has data in {latest_complete}."
    )

# --- Remittance flows -----------------------------------------------------------------------------
st.header(f"Remittances received and paid by {name}")
if flows.empty:
    st.info(f"The World Bank publishes no remittance flows for {name} in the shipped data.")
else:
    recent = flows[flows["year"] >= 2000]
    span = f"{int(recent['year'].min())}–{int(recent['year'].max())}"
    flow_cite = citation("wdi_received", "wdi_paid")
    chart(
        charts.flows_over_time(
            recent,
            "Received and paid (current US$)",
            f"{name}, {span}",
            "World Bank WDI, BX.TRF.PWKR.CD.DT (Jul 2025),<br>BM.TRF.PWKR.CD.DT (May 2023)",
        ),
        recent[["year", "remit_received_usd", "remit_paid_usd"]],
        f"flows-{iso3}",
        flow_cite,
        note="Paid ends in 2022 in the shipped vintage.",
    )
    if recent["remit_received_pct_gdp_calc"].notna().any() or recent["remit_received_pct_gdp_wdi"].notna().any():
        chart(
            charts.share_of_gdp(
                recent,
                "Remittances received (% of GDP)",
                f"{name}, {span}: computed here and as published",
                "World Bank WDI, BX.TRF.PWKR.CD.DT ÷ NY.GDP.MKTP.CD;<br>BX.TRF.PWKR.DT.GD.ZS (May 2023)",
            ),
            recent[
                ["year", "remit_received_usd", "gdp_usd", "remit_received_pct_gdp_calc", "remit_received_pct_gdp_wdi"]
            ],
            f"share-of-gdp-{iso3}",
            citation("wdi_received", "wdi_gdp", "wdi_received_pct_gdp"),
            note="The two differ slightly where the GDP vintages differ; the published series ends in 2021.",
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
    with st.expander(f"Every year's figures for {name}"):
        st.dataframe(
            table,
            hide_index=True,
            placeholder="–",
            column_config={
                "year": st.column_config.NumberColumn("Year", format="%d"),
                "remit_received_usd": st.column_config.NumberColumn("Received (US$)", format="compact"),
                "remit_paid_usd": st.column_config.NumberColumn("Paid (US$)", format="compact"),
                "remit_received_pct_gdp_calc": st.column_config.NumberColumn("Received, % of GDP", format="%.1f"),
                "remit_received_pct_gdp_wdi": st.column_config.NumberColumn("% of GDP (WDI)", format="%.1f"),
                "remit_received_per_person_usd": st.column_config.NumberColumn("Per person (US$)", format="%.0f"),
                "population": st.column_config.NumberColumn("Population", format="compact"),
                "cost_to_country_pct": st.column_config.NumberColumn("Cost to (%)", format="%.2f"),
                "cost_from_country_pct": st.column_config.NumberColumn("Cost from (%)", format="%.2f"),
            },
        )
    download(
        flows,
        f"remittance-flows-{iso3}",
        citation("wdi_received", "wdi_paid", "wdi_gdp", "wdi_population", "wdi_received_pct_gdp", "wdi_cost_to"),
        note="One row per year from the World Bank's WDI files. Received as % of GDP and per person are computed "
        "here (received ÷ GDP, received ÷ population); the WDI's own published % of GDP is given beside it.",
    )

# --- Bilateral partners (modelled) --------------------------------------------------------------------
st.header("Biggest partners (modelled estimates)")
st.markdown(
    "Bilateral remittances are **modelled estimates** by the World Bank/KNOMAD from migrant stocks and incomes, "
    "not measured flows: use them as orders of magnitude. Where the World Bank surveys the corridor, its latest "
    "measured cost is shown beside it."
)
left, right = st.columns(2)
for col, key, word in ((left, "partners_to", "to"), (right, "partners_from", "from")):
    part = profile[key]
    with col:
        if part.empty:
            st.info(f"No bilateral estimates {word} {name}.")
            continue
        year = int(part["year"].iloc[0])
        label = part["partner_name"] + [
            f" · cost {c:.1f}%" if pd.notna(c) else "" for c in part["latest_total_cost_pct_200"]
        ]
        chart(
            charts.labelled_bars(
                part.assign(label=label, estimated_musd=part["estimated_usd"] / 1e6),
                "estimated_musd",
                "label",
                f"Estimated {'inflows' if word == 'to' else 'outflows'} (US$ m)",
                f"Remittances {'sent to' if word == 'to' else 'sent from'} {name}<br>"
                f"Modelled estimates, {year}: the {len(part)} largest {'senders' if word == 'to' else 'receivers'}",
                source=f"KNOMAD/World Bank, Bilateral Remittance Matrix {year}",
                x_title="US$ million (modelled estimate)",
                colors=[charts.GREY] * len(part),
                text_format="{:,.1f}",
                sdg=False,
            ),
            part,
            f"partners-{word}-{iso3}-{year}",
            citation(*part["source_id"].unique()),
            note="Modelled estimates, not observations: they rank partners by the model, not by measured flows.",
        )
