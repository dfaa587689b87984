"""Check your quotes: the true cost of what providers offered, and what a year of sending costs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import limits, safe
from remit.costs import age_message
from remit.quotes import InvalidQuote, price_quote, quote_checks, rank_quotes, yearly_cost
from remit.sdg import SDG_TARGET_PCT
from ui.i18n import _, _n, current, say
from ui.widgets import corridor_picker, download, reference_rate

t = current()


def sum_in(value: float, currency: str, digits: int = 0) -> str:
    """'15,000 RUB' / '15 000 RUB': an amount in the currency code the user typed."""
    return f"{t.number(value, digits)} {currency}"


st.title(_("Check your quotes"))
st.caption(
    _(
        "Type in what two to five providers offered you. Works for any corridor, without internet. "
        "With the mid-market rate (the rate you see on a currency site or news page), the hidden exchange-rate "
        "margin is revealed too."
    )
)

c1, c2, c3 = st.columns(3)
# A typed currency is a code: its letters and digits only (safe.code), so it goes into labels and Markdown as it is.
send_cur = safe.code(c1.text_input(_("Currency you send"), value="RUB", max_chars=12, key="q_cur_send")) or "?"
recv_cur = safe.code(c2.text_input(_("Currency that arrives"), value="TJS", max_chars=12, key="q_cur_recv")) or "?"
fee_modes = {"taken": _("taken from the amount"), "on_top": _("paid on top")}
fee_on_top = c3.radio(_("The fee is…"), list(fee_modes), format_func=fee_modes.get, key="q_fee_mode") == "on_top"
c4, c5 = st.columns(2)
amount = c4.number_input(
    _("Amount you send ({currency})", currency=send_cur),
    min_value=float(limits.AMOUNT_MIN),
    max_value=float(limits.AMOUNT_MAX),
    value=15000.0,
    step=100.0,
    key="q_amount",
)
with c5:
    ref = reference_rate(send_cur, recv_cur, "q_ref")
# The mid-market rate follows the pair and a newly fetched reference rate; the user may overwrite it.
pair = (send_cur.upper(), recv_cur.upper(), ref.day if ref else None)
if st.session_state.get("q_mid_for") != pair:
    st.session_state["q_mid_for"] = pair
    st.session_state["q_mid"] = round(ref.value, 6) if ref else None  # empty, not "0.000000", until typed
mid = c5.number_input(
    _("Mid-market rate ({recv} for 1 {send}), optional", recv=recv_cur, send=send_cur),
    min_value=0.0,
    max_value=limits.RATE_MAX,
    step=0.0001,
    format="%.6f",
    key="q_mid",
    placeholder=_("Not known"),
    help=_("Leave it empty if you do not know it."),
)
if ref:
    c5.caption(say(ref.label()))
else:
    c5.caption(
        _(
            "No reference rate for {send} → {recv} here: type the mid-market rate from a currency site or news page.",
            send=send_cur,
            recv=recv_cur,
        )
    )

st.markdown(
    _(
        "**The offers**: for each, the fee in {send} and either the exchange rate ({recv} for 1 {send}) "
        "or the amount that arrives in {recv}.",
        send=send_cur,
        recv=recv_cur,
    )
)
# Example offers only for the pair they were made for (RUB -> TJS); another pair starts with empty rows,
# so an example rate is never priced against another currency's mid-market rate.
examples = (send_cur.upper(), recv_cur.upper()) == ("RUB", "TJS")
default = pd.DataFrame(
    {
        "Provider": [_("Provider A"), _("Provider B")],
        "Fee": [150.0, 0.0] if examples else [float("nan")] * 2,
        "Rate": [0.118, 0.112] if examples else [float("nan")] * 2,
        "Arrives": [float("nan"), float("nan")],
    }
)
edited = st.data_editor(
    default,
    num_rows="dynamic",
    hide_index=True,
    key=f"q_offers_{send_cur.upper()}_{recv_cur.upper()}",
    placeholder="–",
    column_config={
        "Provider": st.column_config.TextColumn(_("Provider"), required=True, max_chars=60),
        "Fee": st.column_config.NumberColumn(
            _("Fee ({currency})", currency=send_cur), min_value=0.0, max_value=float(limits.FEE_MAX), format="%.2f"
        ),
        "Rate": st.column_config.NumberColumn(
            _("Exchange rate"), min_value=0.0, max_value=limits.RATE_MAX, format="%.6f"
        ),
        "Arrives": st.column_config.NumberColumn(
            _("Or: amount that arrives ({currency})", currency=recv_cur),
            min_value=0.0,
            max_value=limits.RECEIVED_MAX,
            format="%.2f",
        ),
    },
)
rows = edited.dropna(subset=["Provider"]).head(5)
if len(edited) > 5:
    st.warning(_("Only the first five offers are compared."))

# A provider's name is the visitor's text: on one line and capped here (a label cannot squash the page), and
# escaped (safe.markdown) wherever it goes into Markdown below; the CSV download neutralises formulas (safe.csv_bytes).
priced, problems = {}, []
for r in rows.itertuples(index=False):
    name = safe.one_line(r.Provider, safe.LABEL_CHARS) or _("Unnamed")
    fee = 0.0 if pd.isna(r.Fee) else float(r.Fee)
    rate = None if pd.isna(r.Rate) or r.Rate == 0 else float(r.Rate)
    received = None if pd.isna(r.Arrives) or r.Arrives == 0 else float(r.Arrives)
    try:
        priced[name] = price_quote(
            amount, fee, rate=rate, received=received, mid_rate=mid or None, fee_on_top=fee_on_top
        )
    except InvalidQuote as exc:
        problems.append(f"{safe.markdown(name)}: {say(exc.message)}")
for p in problems:
    st.error(p)
for name, q in priced.items():
    for note in quote_checks(name, q, mid or (ref.value if ref else None)):
        st.warning(safe.markdown(say(note)))

if len(priced) < 2:
    st.info(_("Enter at least two offers to compare them."))
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
            "total_cost_pct": q.total_cost_pct,
            "shortfall": shortfall(q),
            "paid": q.paid,
            "fee_pct": q.fee_pct,
            "fx_margin_pct": q.fx_margin_pct,
            "Rate": q.rate,
        }
        for i, (name, q) in enumerate(ranked)
    ]
)
headers = {  # column -> its header in the CSV download (on the page, the headers also give the currency)
    "Rank": _("Rank"),
    "Provider": _("Provider"),
    "Arrives": _("Arrives"),
    "total_cost_pct": _("Total cost (%)"),
    "shortfall": _("Less than the best"),
    "paid": _("You pay"),
    "fee_pct": _("Fee (%)"),
    "fx_margin_pct": _("FX margin (%)"),
    "Rate": _("Rate"),
}
st.subheader(
    _("Best: {name}, {amount} arrive", name=safe.markdown(best_name), amount=sum_in(best.received, recv_cur, 2))
)
# The answer as a short ranked list that fits a phone (390 px) without scrolling sideways; the table has every column.


def ranked_line(i: int, name: str, q) -> str:
    """'2. **B**: **1,680.00 TJS** arrive, total cost 7.44%, 72.30 TJS less than the best' (no cost without
    the mid-market rate: the caption below says why, rather than a bare dash)."""
    values = {
        "rank": i + 1,
        "name": safe.markdown(str(name)),
        "arrives": sum_in(q.received, recv_cur, 2),
        "behind": ""
        if i == 0 or shortfall(q) < 0.005
        else _(", {less} less than the best", less=sum_in(shortfall(q), recv_cur, 2)),
    }
    if q.total_cost_pct is None:
        return _("{rank}. **{name}**: **{arrives}** arrive{behind}", **values)
    return _(
        "{rank}. **{name}**: **{arrives}** arrive, total cost {cost}{behind}",
        cost=t.percent(q.total_cost_pct),
        **values,
    )


st.markdown("\n".join(ranked_line(i, name, q) for i, (name, q) in enumerate(ranked)))
st.dataframe(
    table,
    hide_index=True,
    placeholder="–",
    column_config={
        "Rank": st.column_config.NumberColumn(headers["Rank"], width="small"),
        "Provider": st.column_config.TextColumn(headers["Provider"]),
        "Arrives": st.column_config.NumberColumn(_("Arrives ({currency})", currency=recv_cur), format="localized"),
        "shortfall": st.column_config.NumberColumn(
            _("Less than the best ({currency})", currency=recv_cur), format="localized"
        ),
        "paid": st.column_config.NumberColumn(_("You pay ({currency})", currency=send_cur), format="localized"),
        "total_cost_pct": st.column_config.NumberColumn(headers["total_cost_pct"], format="%.2f"),
        "fee_pct": st.column_config.NumberColumn(headers["fee_pct"], format="%.2f"),
        "fx_margin_pct": st.column_config.NumberColumn(headers["fx_margin_pct"], format="%.2f"),
        "Rate": st.column_config.NumberColumn(headers["Rate"], format="%.6f"),
    },
)
how = [
    _(
        "Ranked by what arrives for what you pay. The fee is paid on top of the amount. Total cost = fee % + FX "
        "margin %, the World Bank's definition; FX margin = (mid-market rate − provider's rate) ÷ mid-market rate."
    )
    if fee_on_top
    else _(
        "Ranked by what arrives for what you pay. The fee is taken from the amount before it is converted. Total "
        "cost = fee % + FX margin %, the World Bank's definition; FX margin = (mid-market rate − provider's rate) ÷ "
        "mid-market rate."
    )
]
if not mid:
    how.append(_("Without the mid-market rate, the margin and total cost stay blank (–)."))
st.caption(" ".join(how))
download(
    table.rename(columns=headers),
    "my-quotes",
    _("Your own quotes, priced with the World Bank's Remittance Prices Worldwide definitions."),
)

st.subheader(_("How they compare"))
if st.toggle(_("Compare with a corridor's average"), value=True, key="q_compare"):
    picked = corridor_picker()
    row = picked.row
    avg = float(row["latest_total_cost_pct_200"])
    target = t.percent(SDG_TARGET_PCT, 0)
    lines = [
        _(
            "The average cost of sending USD 200 from {send} to {recv} was **{avg}** in {period} (World Bank, "
            "Remittance Prices Worldwide; the latest survey in the shipped data); the SDG target is **{target}**.",
            send=safe.markdown(picked.send_name),
            recv=safe.markdown(picked.recv_name),
            avg=t.percent(avg),
            period=say(age_message(row["period_last"])),
            target=target,
        )
    ]
    if mid:
        for name, q in ranked:
            cost = t.percent(q.total_cost_pct)
            within = q.total_cost_pct <= SDG_TARGET_PCT
            if q.total_cost_pct < avg:
                line = (
                    _("- {name}: **{cost}**, cheaper than the corridor average, and within the {target} target.",
                      name=safe.markdown(name), cost=cost, target=target)
                    if within
                    else _("- {name}: **{cost}**, cheaper than the corridor average.", name=safe.markdown(name), cost=cost)
                )  # fmt: skip
            else:
                line = (
                    _("- {name}: **{cost}**, dearer than the corridor average, and within the {target} target.",
                      name=safe.markdown(name), cost=cost, target=target)
                    if within
                    else _("- {name}: **{cost}**, dearer than the corridor average.", name=safe.markdown(name), cost=cost)
                )  # fmt: skip
            lines.append(line)
    else:
        lines.append(_("Add the mid-market rate above to compare each offer's full cost with this average."))
    st.markdown("\n".join(lines))

st.header(_("What sending costs in a year"))
y1, y2 = st.columns(2)
per_month = y1.number_input(_("Transfers a month"), min_value=1, max_value=31, value=1, step=1, key="y_n")
current_name = y2.selectbox(_("The way you send now"), [n for n, _q in ranked], index=len(ranked) - 1, key="y_now")
now = priced[current_name]
times = _n("{n} transfer a month", "{n} transfers a month", int(per_month))
sent = sum_in(amount, send_cur)
if mid:
    year = yearly_cost(now.cost_in_sending_currency, best.cost_in_sending_currency, per_month)
    unit = send_cur
    if current_name == best_name:
        st.markdown(
            _(
                "Sending {amount}, {times}, with **{name}** costs about **{cost}** a year in fees and exchange-rate "
                "margins. **{name}** is already the cheapest of these offers.",
                amount=sent,
                times=times,
                name=safe.markdown(current_name),
                cost=sum_in(year.cost_per_year, send_cur),
            )
        )
    else:
        st.markdown(
            _(
                "Sending {amount}, {times}, with **{name}** costs about **{cost}** a year in fees and exchange-rate "
                "margins. With **{best}** it would cost **{alternative}**: your family would get about **{saving}** "
                "more a year (valued at the mid-market rate).",
                amount=sent,
                times=times,
                name=safe.markdown(current_name),
                cost=sum_in(year.cost_per_year, send_cur),
                best=safe.markdown(best_name),
                alternative=sum_in(year.alternative_cost_per_year, send_cur),
                saving=sum_in(year.saving_per_year, send_cur),
            )
        )
else:
    year = yearly_cost(shortfall(now), 0.0, per_month)
    unit = recv_cur
    if current_name == best_name:
        st.markdown(_("**{name}** is already the best of these offers.", name=safe.markdown(current_name)))
    else:
        st.markdown(
            _(
                "Sending {amount}, {times}, with **{name}** delivers **{less}** less each time than **{best}**: "
                "about **{saving}** a year that your family would get by switching.",
                amount=sent,
                times=times,
                name=safe.markdown(current_name),
                less=sum_in(shortfall(now), recv_cur, 2),
                best=safe.markdown(best_name),
                saving=sum_in(year.saving_per_year, recv_cur),
            )
        )
    st.caption(_("Add the mid-market rate to see the full yearly cost, fees and hidden margins included."))
t1, t2 = st.columns(2)
thing = t1.text_input(
    _("Something your family pays for"), value="", placeholder=_("e.g. a month of school fees"), key="y_thing"
)
price = t2.number_input(
    _("What it costs ({currency})", currency=unit),
    min_value=0.0,
    max_value=limits.RECEIVED_MAX,
    value=0.0,
    step=10.0,
    key="y_price",
)
if thing and price > 0:
    st.success(
        _(
            "The yearly saving is worth **{times} × {thing}**.",
            times=t.number(year.saving_per_year / price, 1),
            thing=safe.markdown(thing),
        )
    )
