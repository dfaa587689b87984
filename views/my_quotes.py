"""Check your quotes: the true cost of what providers offered, and what a year of sending costs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit.corridors import SDG_TARGET_PCT
from remit.quotes import InvalidQuote, price_quote, rank_quotes, yearly_cost
from ui import cached
from ui.url_state import coded_selectbox
from ui.widgets import download

st.title("Check your quotes")
st.caption(
    "Type in what two to five providers offered you. Works for any corridor, without internet. "
    "With the mid-market rate (the rate you see on a currency site or news page), the hidden exchange-rate margin "
    "is revealed too."
)

c1, c2, c3 = st.columns(3)
send_cur = c1.text_input("Currency you send", value="RUB", max_chars=12, key="q_cur_send").strip() or "?"
recv_cur = c2.text_input("Currency that arrives", value="TJS", max_chars=12, key="q_cur_recv").strip() or "?"
fee_on_top = c3.radio("The fee is…", ["taken from the amount", "paid on top"], key="q_fee_mode") == "paid on top"
c4, c5 = st.columns(2)
amount = c4.number_input(
    f"Amount you send ({send_cur})", min_value=1.0, max_value=1e8, value=15000.0, step=100.0, key="q_amount"
)
mid = c5.number_input(
    f"Mid-market rate ({recv_cur} for 1 {send_cur}), optional",
    min_value=0.0,
    value=0.0,
    step=0.0001,
    format="%.6f",
    key="q_mid",
    help="Leave 0 if you do not know it.",
)

st.markdown(
    f"**The offers**: for each, the fee in {send_cur} and either the exchange rate ({recv_cur} for 1 {send_cur}) "
    f"or the amount that arrives in {recv_cur}."
)
default = pd.DataFrame(
    {
        "Provider": ["Provider A", "Provider B"],
        "Fee": [150.0, 0.0],
        "Rate": [0.118, 0.112],
        "Arrives": [float("nan"), float("nan")],
    }
)
edited = st.data_editor(
    default,
    num_rows="dynamic",
    hide_index=True,
    key="q_offers",
    placeholder="–",
    column_config={
        "Provider": st.column_config.TextColumn("Provider", required=True, max_chars=60),
        "Fee": st.column_config.NumberColumn(f"Fee ({send_cur})", min_value=0.0, format="%.2f"),
        "Rate": st.column_config.NumberColumn("Exchange rate", min_value=0.0, format="%.6f"),
        "Arrives": st.column_config.NumberColumn(f"Or: amount that arrives ({recv_cur})", min_value=0.0, format="%.2f"),
    },
)
rows = edited.dropna(subset=["Provider"]).head(5)
if len(edited) > 5:
    st.warning("Only the first five offers are compared.")

priced, problems = {}, []
for r in rows.itertuples(index=False):
    name = str(r.Provider).strip() or "Unnamed"
    fee = 0.0 if pd.isna(r.Fee) else float(r.Fee)
    rate = None if pd.isna(r.Rate) or r.Rate == 0 else float(r.Rate)
    received = None if pd.isna(r.Arrives) or r.Arrives == 0 else float(r.Arrives)
    try:
        priced[name] = price_quote(
            amount, fee, rate=rate, received=received, mid_rate=mid or None, fee_on_top=fee_on_top
        )
    except InvalidQuote as exc:
        problems.append(f"{name}: {exc}")
for p in problems:
    st.error(p)

if len(priced) < 2:
    st.info("Enter at least two offers to compare them.")
    st.stop()

ranked = rank_quotes(priced)
best_name, best = ranked[0]


def shortfall(q) -> float:
    """How much less arrives than with the best offer, for the same money paid."""
    return best.received / best.paid * q.paid - q.received


table = pd.DataFrame(
    [
        {
            "Rank": i + 1,
            "Provider": name,
            "Arrives": q.received,
            "Total cost (%)": q.total_cost_pct,
            "Less than the best": shortfall(q),
            "You pay": q.paid,
            "Fee (%)": q.fee_pct,
            "FX margin (%)": q.fx_margin_pct,
            "Rate": q.rate,
        }
        for i, (name, q) in enumerate(ranked)
    ]
)
st.subheader(f"Best: {best_name}, {best.received:,.2f} {recv_cur} arrive")
st.dataframe(
    table,
    hide_index=True,
    placeholder="–",
    column_config={
        "Rank": st.column_config.NumberColumn(width="small"),
        "Arrives": st.column_config.NumberColumn(f"Arrives ({recv_cur})", format="localized"),
        "Less than the best": st.column_config.NumberColumn(f"Less than the best ({recv_cur})", format="localized"),
        "You pay": st.column_config.NumberColumn(f"You pay ({send_cur})", format="localized"),
        "Total cost (%)": st.column_config.NumberColumn(format="%.2f"),
        "Fee (%)": st.column_config.NumberColumn(format="%.2f"),
        "FX margin (%)": st.column_config.NumberColumn(format="%.2f"),
        "Rate": st.column_config.NumberColumn(format="%.6f"),
    },
)
convention = "paid on top of the amount" if fee_on_top else "taken from the amount before it is converted"
st.caption(
    f"Ranked by what arrives for what you pay. The fee is {convention}. Total cost = fee % + FX margin %, the World "
    "Bank's definition; FX margin = (mid-market rate − provider's rate) ÷ mid-market rate."
    + ("" if mid else " Without the mid-market rate, the margin and total cost stay blank (–).")
)
download(table, "my-quotes", "Your own quotes, priced with the World Bank's Remittance Prices Worldwide definitions.")

st.subheader("How they compare")
corridor_list = cached.corridor_list()
if st.toggle("Compare with a corridor's average", value=True, key="q_compare"):
    senders = dict(
        sorted(zip(corridor_list["sending_iso3"], corridor_list["sending_name"], strict=True), key=lambda kv: kv[1])
    )
    a, b = st.columns(2)
    with a:
        send = coded_selectbox("Sending from", senders, key="from", default="RUS")
    to = corridor_list[corridor_list["sending_iso3"] == send]
    with b:
        recv = coded_selectbox(
            "Sending to",
            dict(sorted(zip(to["receiving_iso3"], to["receiving_name"], strict=True), key=lambda kv: kv[1])),
            key="to",
            default="TJK",
        )
    row = to[to["receiving_iso3"] == recv].iloc[0]
    avg = float(row["latest_total_cost_pct_200"])
    lines = [
        f"The average cost of sending USD 200 from {row['sending_name']} to {row['receiving_name']} was "
        f"**{avg:.2f}%** in {row['period_last']} (World Bank, Remittance Prices Worldwide; the latest survey in the "
        f"shipped data); the SDG target is **{SDG_TARGET_PCT:.0f}%**."
    ]
    if mid:
        for name, q in ranked:
            verdict = "cheaper than" if q.total_cost_pct < avg else "dearer than"
            lines.append(
                f"- {name}: **{q.total_cost_pct:.2f}%**, {verdict} the corridor average"
                + (", and within the 3% target." if q.total_cost_pct <= SDG_TARGET_PCT else ".")
            )
    else:
        lines.append("Add the mid-market rate above to compare each offer's full cost with this average.")
    st.markdown("\n".join(lines))

st.header("What sending costs in a year")
y1, y2 = st.columns(2)
per_month = y1.number_input("Transfers a month", min_value=0.25, max_value=31.0, value=1.0, step=0.25, key="y_n")
current_name = y2.selectbox("The way you send now", [n for n, _ in ranked], index=len(ranked) - 1, key="y_now")
current = priced[current_name]
times = f"{per_month:g} transfer{'s' if per_month != 1 else ''} a month"
if mid:
    year = yearly_cost(current.cost_in_sending_currency, best.cost_in_sending_currency, per_month)
    unit = send_cur
    st.markdown(
        f"Sending {amount:,.0f} {send_cur}, {times}, with **{current_name}** costs about "
        f"**{year.cost_per_year:,.0f} {send_cur}** a year in fees and exchange-rate margins. With **{best_name}** it "
        f"would cost **{year.alternative_cost_per_year:,.0f} {send_cur}**: your family would get about "
        f"**{year.saving_per_year:,.0f} {send_cur}** more a year (valued at the mid-market rate)."
    )
else:
    year = yearly_cost(shortfall(current), 0.0, per_month)
    unit = recv_cur
    if current_name == best_name:
        st.markdown(f"**{current_name}** is already the best of these offers.")
    else:
        st.markdown(
            f"Sending {amount:,.0f} {send_cur}, {times}, with **{current_name}** delivers "
            f"**{shortfall(current):,.2f} {recv_cur}** less each time than **{best_name}**: about "
            f"**{year.saving_per_year:,.0f} {recv_cur}** a year that your family would get by switching."
        )
    st.caption("Add the mid-market rate to see the full yearly cost, fees and hidden margins included.")
t1, t2 = st.columns(2)
thing = t1.text_input(
    "Something your family pays for", value="", placeholder="e.g. a month of school fees", key="y_thing"
)
price = t2.number_input(f"What it costs ({unit})", min_value=0.0, value=0.0, step=10.0, key="y_price")
if thing and price > 0:
    st.success(f"The yearly saving is worth **{year.saving_per_year / price:,.1f} × {thing}**.")
