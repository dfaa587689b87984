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
amount = c1.number_input("Amount you send", min_value=1.0, max_value=1e8, value=15000.0, step=100.0, key="q_amount")
fee_on_top = c2.radio("The fee is…", ["taken from the amount", "paid on top"], key="q_fee_mode") == "paid on top"
mid = c3.number_input(
    "Mid-market rate (optional)",
    min_value=0.0,
    value=0.0,
    step=0.0001,
    format="%.6f",
    key="q_mid",
    help="Units of the receiving currency for one unit of the sending currency. Leave 0 if unknown.",
)

st.markdown("**The offers** — for each, give the fee and either the exchange rate or the amount that arrives.")
default = pd.DataFrame(
    {
        "Provider": ["Provider A", "Provider B"],
        "Fee": [150.0, 0.0],
        "Exchange rate": [0.118, 0.112],
        "Amount that arrives": [None, None],
    }
)
edited = st.data_editor(
    default,
    num_rows="dynamic",
    hide_index=True,
    key="q_offers",
    column_config={
        "Provider": st.column_config.TextColumn(required=True, max_chars=60),
        "Fee": st.column_config.NumberColumn(min_value=0.0, format="%.2f"),
        "Exchange rate": st.column_config.NumberColumn(min_value=0.0, format="%.6f"),
        "Amount that arrives": st.column_config.NumberColumn(min_value=0.0, format="%.2f"),
    },
)
rows = edited.dropna(subset=["Provider"]).head(5)
if len(edited) > 5:
    st.warning("Only the first five offers are compared.")

priced, problems = {}, []
for r in rows.itertuples(index=False):
    name = str(r[0]).strip() or "Unnamed"
    fee = 0.0 if pd.isna(r[1]) else float(r[1])
    rate = None if pd.isna(r[2]) or r[2] == 0 else float(r[2])
    received = None if pd.isna(r[3]) or r[3] == 0 else float(r[3])
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
table = pd.DataFrame(
    [
        {
            "Rank": i + 1,
            "Provider": name,
            "You pay": q.paid,
            "Fee": q.fee,
            "Fee (%)": q.fee_pct,
            "Rate": q.rate,
            "FX margin (%)": q.fx_margin_pct,
            "Total cost (%)": q.total_cost_pct,
            "Arrives": q.received,
            "Less than the best": best.received / best.paid * q.paid - q.received,
        }
        for i, (name, q) in enumerate(ranked)
    ]
)
st.subheader(f"Best: {best_name}, {best.received:,.2f} arrive")
st.dataframe(
    table,
    hide_index=True,
    placeholder="needs the mid-market rate",
    column_config={
        c: st.column_config.NumberColumn(format="%.2f") for c in table.columns if c not in ("Rank", "Provider", "Rate")
    }
    | {"Rate": st.column_config.NumberColumn(format="%.6f")},
)
convention = "paid on top of the amount" if fee_on_top else "taken from the amount before it is converted"
st.caption(
    f"Ranked by what arrives for what you pay. The fee is {convention}. Total cost = fee % + FX margin %, the World "
    "Bank's definition; FX margin = (mid-market rate − provider's rate) ÷ mid-market rate."
)
download(table, "my-quotes", "Your own quotes, priced with the World Bank's RPW cost definitions.")

st.subheader("How they compare")
corridor_list = cached.corridor_list()
use_corridor = st.toggle("Compare with a corridor's average", value=True, key="q_compare")
if use_corridor:
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
        f"**{avg:.2f}%** in {row['period_last']} (World Bank, Remittance Prices Worldwide); the SDG target is "
        f"**{SDG_TARGET_PCT:.0f}%**."
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
y1, y2, y3 = st.columns(3)
per_month = y1.number_input("Transfers a month", min_value=0.25, max_value=31.0, value=1.0, step=0.25, key="y_n")
current_name = y2.selectbox("The way you send now", [n for n, _ in ranked], index=len(ranked) - 1, key="y_now")
current = priced[current_name]
if current.total_cost_pct is None:
    st.info("Add the mid-market rate above to count the exchange-rate margin in the yearly cost.")
    cost_now = current.fee_pct
    cost_best = best.fee_pct
else:
    cost_now, cost_best = current.total_cost_pct, best.total_cost_pct
year = yearly_cost(amount, per_month, cost_now, cost_best)
y3.metric(
    "Lost to costs in a year",
    f"{year.cost_per_year:,.0f}",
    help=f"{year.transfers_per_year} transfers × {amount:,.0f} × {cost_now:.2f}%",
)
st.markdown(
    f"Sending {amount:,.0f} {per_month:g} time(s) a month with **{current_name}** costs about **{year.cost_per_year:,.0f}** "
    f"a year. With **{best_name}** it would cost **{year.alternative_cost_per_year:,.0f}**: "
    f"**{year.saving_per_year:,.0f} more a year for your family**."
)
t1, t2 = st.columns(2)
thing = t1.text_input(
    "Something your family pays for", value="", placeholder="e.g. a month of school fees", key="y_thing"
)
price = t2.number_input("What it costs, in the same currency", min_value=0.0, value=0.0, step=10.0, key="y_price")
if thing and price > 0:
    st.success(f"The yearly saving is worth **{year.saving_per_year / price:,.1f} × {thing}**.")
