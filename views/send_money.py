"""Compare providers: which way of sending leaves my family the most, for the amount I send."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import charts
from remit.corridors import SDG_TARGET_PCT
from remit.errors import RemitError
from ui import cached
from ui.url_state import coded_selectbox, unknown_codes
from ui.widgets import chart, citation, download, source_line

st.title("Which way of sending leaves your family the most?")
st.caption(
    "Choose where you send from and to, and how much. Costs include the fee and the hidden exchange-rate margin "
    "(the difference between the provider's rate and the mid-market rate)."
)


def remembered(key: str) -> None:
    """Keep the last choice when the user comes back to this page (the URL wins when it names one)."""
    if key not in st.session_state and key not in st.query_params and f"_last_{key}" in st.session_state:
        st.session_state[key] = st.session_state[f"_last_{key}"]


corridor_list = cached.corridor_list()
senders = dict(zip(corridor_list["sending_iso3"], corridor_list["sending_name"], strict=True))
senders = dict(sorted(senders.items(), key=lambda kv: kv[1]))
left, right = st.columns(2)
with left:
    remembered("from")
    send = coded_selectbox("Sending from", senders, key="from", default="RUS")
    st.session_state["_last_from"] = send
to = corridor_list[corridor_list["sending_iso3"] == send]
receivers = dict(sorted(zip(to["receiving_iso3"], to["receiving_name"], strict=True), key=lambda kv: kv[1]))
with right:
    remembered("to")
    recv = coded_selectbox("Sending to", receivers, key="to", default="TJK")
    st.session_state["_last_to"] = recv
code = f"{send}-{recv}"
for key, where in (("from", "sending"), ("to", "receiving")):
    if ignored := unknown_codes(key):
        st.warning(
            f"The link asked for {', '.join(ignored)} as the {where} country, which has no corridor here; "
            f"showing {senders[send] if key == 'from' else receivers[recv]} instead."
        )

has_providers = cached.has_provider_data()
a, b = st.columns([2, 1])
currency = "USD"
if has_providers:
    currency = b.segmented_control(
        "Currency",
        ["USD", "LCU"],
        default="USD",
        required=True,
        key="cur",
        format_func=lambda c: "US dollars" if c == "USD" else f"{senders[send]}'s currency",
    )
amount = a.number_input(
    f"Amount you send ({'US$' if currency == 'USD' else 'in local currency'})",
    min_value=1.0,
    max_value=1e7,
    value=200.0 if currency == "USD" else 15000.0,
    step=10.0,
    key="amount",
)

if has_providers:
    try:
        offers, facts = cached.provider_offers(send, recv, float(amount), currency)
    except RemitError as exc:
        st.warning(f"{exc} The corridor average is shown below instead.")
        has_providers = False

if has_providers:
    f1, f2 = st.columns(2)
    payouts = sorted(offers["pickup_method"].dropna().unique())
    speeds = sorted(offers["speed"].dropna().unique())
    want_payout = f1.multiselect("How the money is received", payouts, default=payouts, key="payout")
    want_speed = f2.multiselect("Speed", speeds, default=speeds, key="speed")
    shown = offers[offers["pickup_method"].isin(want_payout) & offers["speed"].isin(want_speed)]
    cur = facts["currency"]
    st.markdown(
        f"**{len(shown[shown['transparent']])} services** from {senders[send]} to {receivers[recv]} in **{facts['period']}**, "
        f"for sending **{facts['amount_lcu']:,.0f} {cur}** (about US$ {facts['amount_lcu'] / facts['lcu_per_usd']:,.0f}). "
        "Ranked by what arrives; the fee is taken from the amount sent."
    )
    kinds = set(shown["estimate"])
    observed = " and ".join(f"{v:,.0f} {cur}" for v in facts["observed_lcu"])
    if "extrapolated" in kinds:
        st.warning(
            f"Prices were surveyed for {observed} (USD 200 and 500). Your amount lies outside that range, so the costs "
            "below are **extrapolated estimates** from a fixed-plus-percentage fee: check with the provider."
        )
    elif "interpolated" in kinds:
        st.info(
            f"Prices were surveyed for {observed}; costs for your amount are **estimated** between those two points."
        )
    if shown.empty:
        st.warning("No service matches these filters. Widen the payout or speed choices.")
    else:
        chart(
            charts.offers_bars(
                shown,
                cur,
                "What arrives, by service",
                f"{senders[send]} → {receivers[recv]}, {facts['period']}, {facts['amount_lcu']:,.0f} {cur} sent",
                source_line(["rpw_provider"]),
            ),
            shown,
            f"offers-{code}",
            citation("rpw_provider"),
        )
        table = shown.rename(
            columns={
                "rank": "Rank",
                "firm": "Provider",
                "firm_type": "Type",
                "pickup_method": "Received as",
                "speed": "Speed",
                "fee_lcu": f"Fee ({cur})",
                "fx_margin_pct": "FX margin (%)",
                "total_cost_pct": "Total cost (%)",
                "received_value_lcu": f"What arrives ({cur} at mid rate)",
                "estimate": "Price is",
            }
        )
        cols = [
            "Rank",
            "Provider",
            "Type",
            "Received as",
            "Speed",
            f"Fee ({cur})",
            "FX margin (%)",
            "Total cost (%)",
            f"What arrives ({cur} at mid rate)",
            "Price is",
        ]
        st.dataframe(
            table[table["transparent"]][cols],
            hide_index=True,
            placeholder="–",
            column_config={c: st.column_config.NumberColumn(format="%.2f") for c in cols if "(" in c},
        )
        opaque = shown[~shown["transparent"]]
        if not opaque.empty:
            st.markdown(
                f"**Not ranked: {len(opaque)} services that do not disclose their exchange rate.** Their fee is "
                "known but the margin hidden in their rate is not, so what arrives cannot be compared."
            )
            st.dataframe(opaque[["firm", "firm_type", "pickup_method", "speed", "fee_lcu", "note"]], hide_index=True)
        download(shown, f"providers-{code}", citation("rpw_provider"))
else:
    st.info(
        "The provider-by-provider prices are not loaded here, so this page shows the average over the providers "
        "the World Bank surveyed in your corridor. To compare the offers you were given, use **Check your quotes**; "
        "for today's prices of each provider, see the World Bank's comparison site, remittanceprices.worldbank.org."
    )
    st.page_link("views/my_quotes.py", label="Check your quotes", icon=":material/calculate:")
    hist = cached.corridor_histories((code,))
    latest = hist.dropna(subset=["total_cost_pct_200"]).iloc[-1]
    avg = float(latest["total_cost_pct_200"])
    age = pd.Timestamp.now().year - int(str(latest["period"])[:4])
    if age >= 2:
        st.warning(
            f"These are survey averages from **{latest['period']}**, {age} years ago: the latest in the data shipped "
            "with this app. Prices change; ask the provider for today's fee and exchange rate."
        )
    m1, m2, m3 = st.columns(3)
    m1.metric(
        f"Average cost, {latest['period']}",
        f"{avg:.2f}%",
        help="Mean over the services the World Bank surveyed in this corridor, for sending USD 200.",
    )
    m2.metric(
        "Rough cost on your amount",
        f"US$ {amount * avg / 100:,.2f}",
        help="Your amount × the average cost measured for USD 200. Fees are often partly fixed, so for larger "
        "amounts the real cost is usually lower, and for smaller amounts higher.",
    )
    m3.metric(
        f"At the {SDG_TARGET_PCT:.0f}% SDG target",
        f"US$ {amount * SDG_TARGET_PCT / 100:,.2f}",
        help="What the same transfer would cost if the corridor met the SDG target of 3%.",
    )
    chart(
        charts.corridor_lines(
            hist,
            "total_cost_pct_200",
            "Average cost of sending USD 200 (% of amount sent)",
            f"{latest['label']}, {hist['period'].iloc[0]}–{latest['period']}",
            source_line(hist["source_id"].dropna().unique()),
        ),
        hist,
        f"corridor-{code}",
        citation(*hist["source_id"].dropna().unique()),
    )
    st.caption("Site administrators can load the complete provider-level dataset on Data & methods.")
