"""Learn: a guided walk-through for financial-literacy sessions, a quiz and a printable handout."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import limits
from remit.handout import handout
from remit.learning import QUIZ, score
from remit.quotes import price_quote
from remit.sdg import SDG_TARGET_PCT
from ui import cached
from ui.i18n import _, current
from ui.url_state import coded_selectbox
from ui.widgets import source_line

t = current()
present = st.toggle(_("Presentation mode (large type, no sidebar)"), key="present", bind="query-params")
if present:
    # Projector view: larger type everywhere and the sidebar out of the way (CSS only, no script).
    st.markdown(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
        [data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label {font-size: 1.5rem !important;}
        [data-testid="stMain"] h1 {font-size: 3.2rem !important;} [data-testid="stMain"] h2 {font-size: 2.4rem !important;}
        [data-testid="stMetricValue"] {font-size: 3rem !important;}
        </style>""",
        unsafe_allow_html=True,
    )

st.title(_("What sending money really costs"))
st.markdown(_("A step-by-step guide for a session before departure or in the host country."))

corridors = cached.corridor_list()
focus = corridors[corridors["in_focus_region"]]
options = {
    row.corridor: t.corridor(row.sending_iso3, row.receiving_iso3, row.sending_name, row.receiving_name)
    for row in focus.itertuples()
}
code = coded_selectbox(_("Corridor for the examples"), options, key="corridor", default="RUS-TJK")
hist = cached.corridor_histories((code,))
observed = hist.dropna(subset=["total_cost_pct_200"])
latest = observed.iloc[-1]
avg = float(latest["total_cost_pct_200"])
route = options[code]

steps = st.tabs(
    [
        _("1. The fee"),
        _("2. The exchange rate"),
        _("3. The mid-market rate"),
        _("4. The hidden margin"),
        _("5. Total cost"),
        _("6. Speed and pickup"),
        _("7. Formal and informal"),
    ]
)
with steps[0]:
    st.markdown(
        _(
            "The **fee** is what the provider charges to send the money. It is shown on the counter or in the "
            "app. Some take it from the amount you send, others add it on top."
        )
    )
    a, b = st.columns(2)
    amount = a.number_input(
        _("You send (US$)"), min_value=10.0, max_value=10000.0, value=200.0, step=10.0, key="l_amount"
    )
    fee = b.number_input(_("Fee (US$)"), min_value=0.0, max_value=1000.0, value=4.0, step=0.5, key="l_fee")
    st.metric(_("The fee as a share of what you send"), t.percent(fee / amount * 100))
with steps[1]:
    st.markdown(
        _(
            "The **exchange rate** says how much of your family's currency you get for one unit of yours. "
            "Providers set their own rate."
        )
    )
    a, b = st.columns(2)
    mid = a.number_input(
        _("Mid-market rate"),
        min_value=0.0001,
        max_value=limits.RATE_MAX,
        value=10.0,
        step=0.1,
        format="%.4f",
        key="l_mid",
    )
    rate = b.number_input(
        _("Provider's rate"),
        min_value=0.0001,
        max_value=limits.RATE_MAX,
        value=9.7,
        step=0.1,
        format="%.4f",
        key="l_rate",
    )
    q = price_quote(amount, fee, rate=rate, mid_rate=mid)
    st.metric(_("What arrives (fee taken from the amount)"), t.number(q.received, 2))
with steps[2]:
    st.markdown(
        _(
            "The **mid-market rate** is the rate banks use between themselves: halfway between buying and "
            "selling. You find it on currency websites and in the news. It is the fair yardstick."
        )
    )
with steps[3]:
    st.markdown(
        _(
            "The **exchange-rate margin** is how far the provider's rate is below the mid-market rate. "
            "You do not see it as a charge, but your family receives less."
        )
    )
    st.metric(_("Hidden margin in the provider's rate"), t.percent(q.fx_margin_pct))
    st.caption(_("Margin = (mid-market rate − provider's rate) ÷ mid-market rate."))
with steps[4]:
    st.markdown(_("**Total cost = fee + margin**, as a share of what you send. That is what to compare."))
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Your example"), t.percent(q.total_cost_pct))
    c2.metric(_("Average for {route}, {period}", route=route, period=latest["period"]), t.percent(avg))
    c3.metric(_("SDG target"), t.percent(SDG_TARGET_PCT, 0))
    zero = price_quote(amount, 0, rate=mid * (1 - (q.total_cost_pct + 2) / 100), mid_rate=mid)
    st.markdown(
        _(
            'A **"zero fee"** offer with a margin of {margin} leaves your family **{zero}**, against **{yours}** '
            "with your example: compare what arrives, not the fee.",
            margin=t.percent(zero.fx_margin_pct),
            zero=t.number(zero.received, 2),
            yours=t.number(q.received, 2),
        )
    )
    st.caption(
        _(
            "The corridor average is the World Bank's survey for {period} ({source}).",
            period=latest["period"],
            source=source_line(observed["source_id"].unique()),
        )
    )
with steps[5]:
    st.markdown(
        _(
            "- **Speed**: from minutes to several days. Faster services often cost more.\n"
            "- **Pickup**: cash at an agent, a bank account, a card or a mobile wallet. Ask whether your family "
            "pays anything to collect.\n"
            "- **Access**: is there an agent near your family? Is the service open when they need it?"
        )
    )
with steps[6]:
    st.markdown(
        _(
            "- **Formal channels** (banks, money transfer operators, post offices, licensed apps) are regulated: "
            "your money is protected and you can complain.\n"
            "- **Informal channels** (a friend, a driver, an unlicensed agent) may look cheap but carry risks: "
            "loss or theft, no receipt, no way to complain, and sometimes breaking the law.\n"
            "- Keep every receipt and the transfer number until the money has arrived."
        )
    )

st.header(_("Quiz: which offer leaves your family more?"))
answers: dict[int, int] = {}
for i, question in enumerate(QUIZ):
    st.markdown(
        _(
            "**Question {n}.** You send {amount}. Today's mid-market rate is {mid} {recv} for 1 {send}.",
            n=i + 1,
            amount=t.money(question.amount, question.send_currency, 0),
            mid=t.number(question.mid_rate, 4),
            recv=question.receive_currency,
            send=question.send_currency,
        )
    )
    labels = [_(o.label) for o in question.offers]
    choice = st.radio(
        _("Your answer"),
        range(len(labels)),
        format_func=lambda k, labels=labels: labels[k],
        index=None,
        key=f"quiz_{i}",
        horizontal=True,
    )
    if choice is not None:
        answers[i] = choice
        best = question.best()
        priced = question.priced()
        arrives = ", ".join(
            f"{labels[k]}: {t.number(p.received, 2)} {question.receive_currency}" for k, p in enumerate(priced)
        )
        if choice == best:
            st.success(_("Right. {lesson}", lesson=_(question.lesson)) + " " + arrives)
        else:
            st.error(_("Not this one. {lesson}", lesson=_(question.lesson)) + " " + arrives)
right, answered = score(answers)
if answered:
    st.metric(_("Score"), f"{right} / {len(QUIZ)}")

st.header(_("Handout to take home"))
a, b = st.columns(2)
h_amount = a.number_input(
    _("Amount for the example (US$)"), min_value=10.0, max_value=10000.0, value=200.0, step=10.0, key="h_amount"
)
history = [
    (p, None if pd.isna(v) else float(v)) for p, v in zip(hist["period"], hist["total_cost_pct_200"], strict=True)
]
pdf = handout(
    t,
    sending_name=t.country(latest["sending_iso3"], str(latest["sending_name"])),
    receiving_name=t.country(latest["receiving_iso3"], str(latest["receiving_name"])),
    amount_usd=h_amount,
    history=history,
    source=source_line(observed["source_id"].unique(), chart=False),
)
b.download_button(
    _("Download the handout (PDF)"),
    pdf,
    file_name=f"remit-handout-{code}-{t.code}.pdf",  # i18n: not text
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    key="handout",
)
st.caption(
    _(
        "One or two A4 pages in the language chosen at the top of the sidebar: what a transfer costs, this "
        "corridor's average and trend, the 3% target and the questions to ask a provider."
    )
)
