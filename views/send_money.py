"""Compare providers: which way of sending leaves my family the most, for the amount I send."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import limits, rates, safe
from remit.errors import RemitError
from remit.i18n import N_
from remit.quotes import ESTIMATE_NAMES, average_on_amount
from remit.sdg import SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.i18n import _, current, say
from ui.widgets import chart, citation, corridor_picker, download, reference_rate, source_line

t = current()

# Values from the World Bank's provider data, shown translated (the data and the filters keep them in English).
DATA_TERMS = (
    N_("Cash"), N_("Bank account"), N_("Mobile wallet"), N_("Card"), N_("Account"), N_("Online"),
    N_("Less than one hour"), N_("Same day"), N_("Next day"), N_("2 days"), N_("3-5 days"), N_("6 days or more"),
    N_("Bank"), N_("Money Transfer Operator"), N_("Post office"), N_("Mobile operator"),
)  # fmt: skip


def term(value: object) -> object:
    """A value from the data (payout method, speed, firm type) in the reader's language."""
    return t(value) if isinstance(value, str) else value  # t, not _: also right when called outside a run


st.title(_("Which way of sending leaves your family the most?"))
st.caption(
    _(
        "Choose where you send from and to, and how much. Costs include the fee and the hidden exchange-rate margin "
        "(the difference between the provider's rate and the mid-market rate)."
    )
)


picked = corridor_picker()
send, recv, code, route = picked.send, picked.recv, picked.code, picked.label

has_providers = cached.has_provider_data()
# The sender's own currency (CLDR: RUB for Russia, EUR for Germany) beside US dollars.
local = rates.country_currency(send) or "USD"
recv_cur = rates.country_currency(recv)
a, b = st.columns([2, 1])
currency = b.segmented_control(
    _("Currency"),
    ["USD"] + ([local] if local != "USD" else []),
    default="USD",
    required=True,
    key="cur",
    format_func={
        "USD": _("US dollars"),
        local: _("{country}'s currency ({code})", country=picked.send_name, code=local),
    }.get,
)
if currency not in ("USD", local):  # the corridor changed to a country with another currency
    currency = "USD"
tables = rates.cached_tables()  # the cache only: no network unless the user asks below
before = st.session_state.get("amount_cur", "USD")
if before != currency and "amount" in st.session_state:  # the same money in the newly chosen currency
    switch = rates.cross_rate(before, currency, tables)
    if switch:
        st.session_state["amount"] = float(
            min(limits.AMOUNT_MAX, max(limits.AMOUNT_MIN, round(st.session_state["amount"] * switch.value)))
        )
st.session_state["amount_cur"] = currency
amount = a.number_input(
    _("Amount you send (US$)") if currency == "USD" else _("Amount you send ({currency})", currency=currency),
    min_value=float(limits.AMOUNT_MIN),
    max_value=float(limits.AMOUNT_MAX),
    value=200.0,
    step=10.0,
    key="amount",
)
to_usd = rates.cross_rate(currency, "USD", tables) if currency != "USD" else None
mid = None
if recv_cur and recv_cur != currency:
    r1, r2 = st.columns([2, 1])
    with r2:
        ref = reference_rate(currency, recv_cur, "s_ref")
    pair = (currency, recv_cur, ref.day if ref else None)
    if st.session_state.get("s_mid_for") != pair:  # prefilled per currency pair and newly fetched rate
        st.session_state["s_mid_for"] = pair
        # empty, not 0.000000, when there is no reference rate: the field says what to type instead
        st.session_state["s_mid"] = round(ref.value, 6) if ref else None
    mid = (
        r1.number_input(
            _("Mid-market rate ({recv} for 1 {send}), optional", recv=recv_cur, send=currency),
            min_value=0.0,
            max_value=limits.RATE_MAX,
            step=0.0001,
            format="%.6f",
            key="s_mid",
            placeholder=_("Not known: leave it empty"),
            help=_("Leave it empty if you do not know it."),
        )
        or None
    )
    r1.caption(
        say(ref.label())
        if ref
        else _(
            "No reference rate for {send} → {recv} here: type the mid-market rate from a currency site or news page.",
            send=currency,
            recv=recv_cur,
        )
    )

if has_providers:
    try:
        offers, facts = cached.provider_offers(send, recv, float(amount), currency, to_usd.value if to_usd else None)
    except RemitError as exc:
        st.warning(_("{problem} The corridor average is shown below instead.", problem=say(exc.message)))
        has_providers = False

if has_providers:
    f1, f2 = st.columns(2)
    payouts = sorted(offers["pickup_method"].dropna().unique())
    speeds = sorted(offers["speed"].dropna().unique())
    want_payout = f1.multiselect(
        _("How the money is received"), payouts, default=payouts, key="payout", format_func=term
    )
    want_speed = f2.multiselect(_("Speed"), speeds, default=speeds, key="speed", format_func=term)
    shown = offers[offers["pickup_method"].isin(want_payout) & offers["speed"].isin(want_speed)]
    cur = facts["currency"]
    sent = f"{t.number(facts['amount_lcu'])} {cur}"
    st.markdown(
        _(
            "**{n} services** from {send} to {recv} in **{period}**, for sending **{amount}** (about {usd}). "
            "Ranked by what arrives; the fee is taken from the amount sent.",
            n=t.number(len(shown[shown["transparent"]])),
            send=picked.send_name,
            recv=picked.recv_name,
            period=facts["period"],
            amount=sent,
            usd=_("US$ {amount}", amount=t.number(facts["amount_lcu"] / facts["lcu_per_usd"])),
        )
    )
    kinds = set(shown["estimate"])
    points = [f"{t.number(v)} {cur}" for v in facts["observed_lcu"]]
    observed = _("{first} and {second}", first=points[0], second=points[1]) if len(points) == 2 else points[0]
    if "extrapolated" in kinds:
        st.warning(
            _(
                "Prices were surveyed for {observed} (USD 200 and 500). Your amount lies outside that range, so the "
                "costs below are **extrapolated estimates** from a fixed-plus-percentage fee: check with the provider.",
                observed=observed,
            )
        )
    elif "interpolated" in kinds:
        st.info(
            _(
                "Prices were surveyed for {observed}; costs for your amount are **estimated** between those two "
                "points.",
                observed=observed,
            )
        )
    if shown.empty:
        st.warning(_("No service matches these filters. Widen the payout or speed choices."))
    else:
        # The answer first, as a short list that fits a phone (390 px) without scrolling sideways; the full table
        # and the chart follow.
        best = shown[shown["transparent"]].head(3)
        if len(best):
            lines = [
                _(
                    "{rank}. **{firm}** ({payout}, {speed}): **{arrives}** arrives, total cost {cost}",
                    rank=int(r.rank),
                    firm=safe.markdown(str(r.firm)),
                    payout=term(r.pickup_method),
                    speed=term(r.speed),
                    arrives=f"{t.number(r.received_value_lcu)} {cur}",
                    cost=t.percent(r.total_cost_pct),
                )
                for r in best.itertuples()
            ]
            ranked_all = shown[shown["transparent"]]
            spread = float(ranked_all["received_value_lcu"].max() - ranked_all["received_value_lcu"].min())
            st.markdown(
                "#### " + _("Leaves your family the most") + "\n" + "\n".join(lines)
                + ("\n\n" + _("The best leaves **{gap}** more than the worst of the {n}.", gap=f"{t.number(spread)} {cur}",
                                 n=t.number(len(ranked_all))) if len(ranked_all) > 1 and spread >= 0.5 else "")
            )  # fmt: skip
        chart(
            charts.offers_bars(
                shown.assign(pickup_method=shown["pickup_method"].map(term), speed=shown["speed"].map(term)),
                cur,
                _("What arrives, by service"),
                _("{route}, {period}, {amount} sent", route=route, period=facts["period"], amount=sent),
                source_line(["rpw_provider"]),
                t=t,
            ),
            shown,
            f"offers-{code}",
            citation("rpw_provider"),
        )
        # Column -> header; the numbers stay numbers (two decimals) under the headers marked True.
        headers = {
            "rank": (_("Rank"), False),
            "firm": (_("Provider"), False),
            "firm_type": (_("Type"), False),
            "pickup_method": (_("Received as"), False),
            "speed": (_("Speed"), False),
            "fee_lcu": (_("Fee ({currency})", currency=cur), True),
            "fx_margin_pct": (_("FX margin (%)"), True),
            "total_cost_pct": (_("Total cost (%)"), True),
            "received_value_lcu": (_("What arrives ({currency} at mid rate)", currency=cur), True),
            **(
                {
                    "arrives_recv": (
                        _("What arrives ({currency}, at the mid-market rate above)", currency=recv_cur),
                        True,
                    )
                }
                if mid and currency == cur
                else {}
            ),
            "estimate": (_("Price is"), False),
        }
        ranked = shown[shown["transparent"]]
        if mid and currency == cur:
            ranked = ranked.assign(arrives_recv=ranked["received_value_lcu"] * mid)
        table = ranked.assign(
            **{c: ranked[c].map(term) for c in ("firm_type", "pickup_method", "speed")},
            estimate=[say(ESTIMATE_NAMES[k]) for k in ranked["estimate"]],
        )
        st.dataframe(
            table[list(headers)].rename(columns={c: h for c, (h, _n) in headers.items()}),
            hide_index=True,
            placeholder="–",
            column_config={h: st.column_config.NumberColumn(format="%.2f") for h, number in headers.values() if number},
        )
        opaque = shown[~shown["transparent"]]
        if not opaque.empty:
            st.markdown(
                _(
                    "**Not ranked: {n} services that do not disclose their exchange rate.** Their fee is known but "
                    "the margin hidden in their rate is not, so what arrives cannot be compared.",
                    n=t.number(len(opaque)),
                )
            )
            unranked = opaque.assign(**{c: opaque[c].map(term) for c in ("firm_type", "pickup_method", "speed")})
            st.dataframe(
                unranked[["firm", "firm_type", "pickup_method", "speed", "fee_lcu", "note"]].rename(
                    columns={
                        "firm": _("Provider"),
                        "firm_type": _("Type"),
                        "pickup_method": _("Received as"),
                        "speed": _("Speed"),
                        "fee_lcu": _("Fee ({currency})", currency=cur),
                        "note": _("Note"),
                    }
                ),
                hide_index=True,
            )
        download(shown, f"providers-{code}", citation("rpw_provider"))
else:
    st.info(
        _(
            "The provider-by-provider prices are not loaded here, so this page shows the average over the providers "
            "the World Bank surveyed in your corridor. To compare the offers you were given, use **Check your "
            "quotes**; for today's prices of each provider, see the World Bank's comparison site, "
            "remittanceprices.worldbank.org."
        )
    )
    st.page_link(
        "views/my_quotes.py",  # i18n: not text (a page)
        label=_("Check your quotes"),
        icon=":material/calculate:",
    )
    hist = cached.corridor_histories((code,))
    latest = hist.dropna(subset=["total_cost_pct_200"]).iloc[-1]
    avg = float(latest["total_cost_pct_200"])
    age = pd.Timestamp.now().year - int(str(latest["period"])[:4])
    if age >= 2:
        st.warning(
            _(
                "These are survey averages from **{period}**, {age} years ago: the latest in the data shipped with "
                "this app. Prices change; ask the provider for today's fee and exchange rate.",
                period=latest["period"],
                age=age,
            )
        )
    estimate = average_on_amount(float(amount), currency, avg, str(latest["period"]), to_usd.value if to_usd else None)

    def in_sent(value: float) -> str:
        """An amount in the currency the user sends ('US$ 4.00' / '975.00 RUB')."""
        if currency == "USD":
            return _("US$ {amount}", amount=t.number(value, 2))
        return f"{t.number(value, 2)} {currency}"

    m1, m2, m3 = st.columns(3)
    m1.metric(
        _("Average cost, {period}", period=latest["period"]),
        t.percent(avg),
        help=_("Mean over the services the World Bank surveyed in this corridor, for sending USD 200."),
    )
    m2.metric(
        _("Rough cost on your amount"),
        in_sent(estimate.cost),
        help=_(
            "Your amount × the average cost measured for USD 200. Fees are often partly fixed, so for larger "
            "amounts the real cost is usually lower, and for smaller amounts higher."
        ),
    )
    at_target = in_sent(float(amount) * SDG_TARGET_PCT / 100)
    if avg <= SDG_TARGET_PCT:  # a figure above the cost itself would read as what the transfer might cost
        m3.metric(
            _("The {target} SDG target", target=t.percent(SDG_TARGET_PCT, 0)),
            _("Already met"),
            help=_(
                "This corridor's average ({average}) is below the SDG target of {target}, at which the same "
                "transfer would cost {cost}.",
                average=t.percent(avg),
                target=t.percent(SDG_TARGET_PCT, 0),
                cost=at_target,
            ),
        )
    else:
        m3.metric(
            _("At the {target} SDG target", target=t.percent(SDG_TARGET_PCT, 0)),
            at_target,
            help=_(
                "What the same transfer would cost if the corridor met the SDG target of {target}.",
                target=t.percent(SDG_TARGET_PCT, 0),
            ),
        )
    notes = [say(estimate.label)]
    if estimate.amount_usd is not None and currency != "USD":
        notes.append(_("Your amount is about US$ {amount}.", amount=t.number(estimate.amount_usd, 0)))
    if mid and recv_cur:
        notes.append(
            _(
                "About **{arrives}** would arrive (at the mid-market rate above, after the average cost).",
                arrives=f"{t.number(estimate.arrives_value * mid, 0)} {recv_cur}",
            )
        )
    st.caption(" ".join(notes))
    chart(
        charts.corridor_lines(
            hist.assign(label=route),
            "total_cost_pct_200",
            _("Average cost of sending USD 200 (% of amount sent)"),
            f"{route}, {hist['period'].iloc[0]}–{latest['period']}",
            source_line(hist["source_id"].dropna().unique()),
            t=t,
        ),
        hist,
        f"corridor-{code}",
        citation(*hist["source_id"].dropna().unique()),
    )
    st.caption(_("Site administrators can load the complete provider-level dataset on Data & methods."))
