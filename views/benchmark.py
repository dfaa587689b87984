"""Benchmark a price: where one product of a bank or money transfer operator sits in its corridor.

A short script of named sections (ui/benchmark_sections.py draws the results). Session state, all widget
keys that Streamlit sets when the reader changes them and keeps for the session:
- from, to: the corridor (ui.widgets.corridor_picker, also in the link);
- bm_currency ("USD" or the sending country's currency), bm_usd_rate (US$ for 1 unit of it, prefilled from the
  cached reference rate, or typed): the money the amount and fee are typed in;
- bm_amount, bm_period: the amount sent and the quarter compared with ("latest" or a quarter);
- bm_against ("peers" or "world"): what the price is ranked among;
- bm_fee_unit ("US$": money in the chosen currency, or "% of amount"), bm_fee_usd, bm_fee_pct: the fee;
- bm_fx_mode ("FX margin %" or "Rates"), bm_margin, bm_rate, bm_mid: the exchange-rate margin;
- bm_firm_type, bm_instrument, bm_payout, bm_speed: the peer-group choices ("Not specified" = none);
- bm_name, bm_volume: the product's name and its transfers a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import benchmark, limits, rates, safe
from remit.benchmark import InvalidProduct, Product
from remit.i18n import N_
from ui import benchmark_sections as sections
from ui import cached
from ui.i18n import _, current, say
from ui.widgets import Corridor, corridor_picker, reference_rate

LATEST = "latest"
FEE_PCT, FX_MARGIN = "% of amount", "FX margin %"  # i18n: not text (choices' values; shown translated)
NOT_SET = N_("Not specified")  # the choice's value stays English; it is shown translated


@dataclass
class Market:
    """What the store has for the corridor picked: its history, quarters with data and surveyed services."""

    history: pd.DataFrame
    quarters: list[str]
    has_providers: bool
    services: pd.DataFrame | None


def render_intro() -> None:
    st.title(_("Where does your price sit in the market?"))
    st.caption(
        _(
            "For banks and money transfer operators: enter one product and see its total cost against the corridor "
            "average, the cheapest services, SmaRT, the SDG 3% target and 5% ceiling, and services of the same kind. "
            "Costs follow the World Bank's definition: fee % + exchange-rate margin %. Many corridors at once: "
            "*Benchmark a price list*."
        )
    )
    st.caption(_(":material/lock: What you type stays in this browser session: it is not saved or shared."))


def load_market(picked: Corridor) -> Market:
    history = cached.corridor_histories((picked.code,))
    has_providers = cached.has_provider_data()
    return Market(
        history,
        history.dropna(subset=["total_cost_pct_200"])["period"].tolist()[::-1],
        has_providers,
        cached.benchmark_corridor_services(picked.send, picked.recv) if has_providers else None,
    )


@dataclass
class Money:
    """The currency the amount and fee are typed in, and US$ for one unit of it (None: not known yet)."""

    currency: str
    usd_per_unit: float | None
    rate_note: str


def render_currency(picked: Corridor) -> Money:
    """US dollars or the sending country's currency; for the latter, US$ for 1 unit from the cached reference
    rate (source and date said) or typed. Switching converts the amount and fee already typed."""
    local = rates.country_currency(picked.send) or "USD"
    options = ["USD"] + ([local] if local != "USD" else [])
    top, rate_col = st.columns(2)  # wide enough for "Russian Federation's currency (RUB)" at 1400 px
    currency = top.segmented_control(
        _("Amount and fee in"),
        options,
        default="USD",
        required=True,
        key="bm_currency",
        format_func={
            "USD": _("US dollars"),
            local: _("{country}'s currency ({code})", country=picked.send_name, code=local),
        }.get,  # fmt: skip
    )
    if currency not in options:  # the corridor changed to a country with another currency
        currency = "USD"
    tables = rates.cached_tables()  # the cache only: no network unless the user asks
    before = st.session_state.get("bm_amount_cur", "USD")
    if before != currency:  # the same money in the newly chosen currency
        switch = rates.cross_rate(before, currency, tables)
        for key in ("bm_amount", "bm_fee_usd"):
            if switch and key in st.session_state:
                st.session_state[key] = float(min(1e10, round(st.session_state[key] * switch.value, 2)))
    st.session_state["bm_amount_cur"] = currency
    if currency == "USD":
        return Money("USD", 1.0, "")
    with rate_col:
        r1, r2 = st.columns([2, 1])
        with r2:
            ref = reference_rate(currency, "USD", "bm_ref")
        pair = (currency, ref.day if ref else None)
        if st.session_state.get("bm_usd_for") != pair:  # prefilled per currency and newly fetched rate
            st.session_state["bm_usd_for"] = pair
            st.session_state["bm_usd_rate"] = round(ref.value, 8) if ref else 0.0
        usd_rate = r1.number_input(
            _("US$ for 1 {currency}", currency=currency),
            min_value=0.0,
            max_value=limits.RATE_MAX,
            step=0.0001,
            format="%.6f",
            key="bm_usd_rate",
            help=_("Converts your amount to US dollars, the currency the World Bank's prices are for."),
        )
        note = (
            say(ref.label())
            if ref
            else _(
                "No reference rate for {currency} here: type how many US dollars one {currency} buys.",
                currency=currency,
            )  # fmt: skip
        )
        r1.caption(note)
    return Money(currency, usd_rate or None, note)


def render_product_form(picked: Corridor, market: Market, money: Money) -> tuple[Product, str | None, str, float]:
    """The product form; returns the product, the quarter chosen (None: the corridor's latest), what to rank the
    price among ("peers" or "world") and the amount in the currency typed. Stops the
    script with the reason when the numbers cannot make a product."""
    t = current()
    quarters = market.quarters
    cur = money.currency
    a, b, c = st.columns(3)
    amount = a.number_input(
        _("Amount sent (US$)") if cur == "USD" else _("Amount sent ({currency})", currency=cur),
        min_value=float(limits.AMOUNT_MIN),
        max_value=float(limits.AMOUNT_MAX) if cur == "USD" else 1e10,
        value=200.0,
        step=50.0,
        key="bm_amount",
        help=_("The World Bank surveys US$ 200 and 500. Convert other currencies at the mid-market rate."),
    )
    when = a.selectbox(
        _("Compare with the quarter"),
        [LATEST, *quarters],
        format_func=lambda p: t("Latest with data ({period})", period=quarters[0]) if p == LATEST else p,
        key="bm_period",
    )
    fee_units = {"US$": _("US$") if cur == "USD" else cur, FEE_PCT: _("% of amount")}
    fee_unit = b.segmented_control(
        _("Fee given in"), list(fee_units), format_func=fee_units.get, default="US$", required=True, key="bm_fee_unit"
    )
    if fee_unit == "US$":
        fee = b.number_input(
            _("Fee (US$)") if cur == "USD" else _("Fee ({currency})", currency=cur),
            min_value=0.0,
            max_value=float(limits.FEE_MAX) if cur == "USD" else 1e10,
            value=3.0,
            step=0.5,
            key="bm_fee_usd",
        )
        fee_pct = fee / amount * 100  # the same share in any currency
    else:
        fee_pct = b.number_input(
            _("Fee (% of the amount sent)"), min_value=0.0, max_value=99.0, value=1.5, step=0.1, key="bm_fee_pct"
        )
    fx_modes = {FX_MARGIN: _("FX margin %"), "Rates": _("Rates")}
    fx_mode = c.segmented_control(
        _("Exchange rate given as"),
        list(fx_modes),
        format_func=fx_modes.get,
        default=FX_MARGIN,
        required=True,
        key="bm_fx_mode",
    )
    margin_error = None
    if fx_mode == FX_MARGIN:
        margin = c.number_input(
            _("FX margin (%)"),
            min_value=benchmark.MIN_FX_MARGIN_PCT,
            max_value=99.0,
            value=1.2,
            step=0.1,
            key="bm_margin",
            help=_("(mid-market rate − your rate) ÷ mid-market rate × 100. 0 when no currency is converted."),
        )
    else:
        r1, r2 = c.columns(2)
        rate = r1.number_input(_("Your rate"), min_value=0.0, max_value=limits.RATE_MAX, value=0.1185, step=0.0001, format="%.6f", key="bm_rate",
                               help=_("Units of the receiving currency for one unit of the sending currency."))  # fmt: skip
        mid = r2.number_input(_("Mid-market rate"), min_value=0.0, max_value=limits.RATE_MAX, value=0.12, step=0.0001, format="%.6f",
                              key="bm_mid", help=_("Quoted the same way as your rate, at the same moment."))  # fmt: skip
        try:
            margin = benchmark.margin_from_rates(rate, mid)
        except InvalidProduct as exc:
            margin, margin_error = 0.0, say(exc.message, safe.markdown)

    period = quarters[0] if when == LATEST else when
    services = market.services
    if services is not None and len(services):
        in_period = services[services["period"] == period]
        source_rows = in_period if len(in_period) else services
    else:
        source_rows = None

    def choices(column: str, standard: tuple[str, ...]) -> list[str]:
        """The values this corridor's surveyed services use (so peer groups match), else RPW's usual ones."""
        found = sorted(source_rows[column].dropna().astype(str).unique()) if source_rows is not None else []
        return [NOT_SET, *(found or standard)]

    term = sections.term
    d1, d2, d3, d4 = st.columns(4)
    firm_type = d1.selectbox(
        _("Firm type"), choices("firm_type", benchmark.STANDARD_FIRM_TYPES), format_func=term, key="bm_firm_type"
    )
    instrument = d2.selectbox(
        _("Payment instrument"),
        choices("payment_instrument", benchmark.STANDARD_INSTRUMENTS),
        format_func=term,
        key="bm_instrument",
    )
    payout = d3.selectbox(
        _("Payout (pickup method)"),
        choices("pickup_method", benchmark.STANDARD_PAYOUTS),
        format_func=term,
        key="bm_payout",
    )
    speed = d4.selectbox(_("Speed"), [NOT_SET, *benchmark.STANDARD_SPEEDS], format_func=term, key="bm_speed")
    e1, e2 = st.columns([2, 1])
    name = e1.text_input(
        _("Product name (optional)"), max_chars=60, key="bm_name", placeholder=_("e.g. Card to account")
    )
    volume = e2.number_input(
        _("Transfers a year"),
        min_value=1,
        max_value=100_000_000,
        value=10_000,
        step=1_000,
        key="bm_volume",
        help=_("Your yearly volume for this product: the gaps are also shown in money a year."),
    )
    against_choices = {"peers": _("Real peers"), "world": _("All corridors in the world")}
    against = e1.segmented_control(
        _("Rank your price among"),
        list(against_choices),
        format_func=against_choices.get,
        default="peers",
        required=True,
        key="bm_against",
        help=_(
            "Real peers: the corridor's own services when provider prices are loaded; otherwise the corridors from "
            "the same sending country, to the same receiving country and to the same region."
        ),
    )
    if margin_error:
        st.error(margin_error)
        st.stop()
    if money.usd_per_unit is None:
        st.warning(_("Type how many US dollars one {currency} buys to compare your price.", currency=cur))
        st.stop()

    def chosen(value: str) -> str | None:
        return None if value == NOT_SET else value

    try:
        product = Product(
            picked.send,
            picked.recv,
            fee_pct=float(fee_pct),
            fx_margin_pct=float(margin),
            amount_usd=float(amount) * money.usd_per_unit,
            product=name.strip() or None,
            speed=chosen(speed),
            payout=chosen(payout),
            firm_type=chosen(firm_type),
            payment_instrument=chosen(instrument),
            transfers_per_year=float(volume),
        )
    except InvalidProduct as exc:
        st.error(say(exc.message, safe.markdown))
        st.stop()
    return product, None if when == LATEST else when, against, float(amount)


def benchmarked(product: Product, period: str | None, has_providers: bool, against: str) -> dict:
    """The product's row of benchmark_frame as a dict (NaN as None)."""
    frame = benchmark.benchmark_frame(
        pd.DataFrame([product.as_row()]),
        cached.benchmark_corridor_costs(),
        cached.benchmark_services if has_providers else None,
        fallback_period=cached.benchmark_fallback_period(),
        period=period,
        against=against,
    )
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def main() -> None:
    render_intro()
    picked = corridor_picker()
    market = load_market(picked)
    st.subheader(_("Your product"))
    money = render_currency(picked)
    product, period, against, amount = render_product_form(picked, market, money)
    result = benchmarked(product, period, market.has_providers, against)
    sent = rates.amount_label(amount, money.currency, product.amount_usd)
    cost = rates.amount_label(amount * product.total_cost_pct / 100, money.currency, result["cost_usd"])
    page = sections.SinglePrice.of(picked, product, result, market.has_providers, (say(sent), say(cost)))
    sections.render_comparison(page)
    sections.render_peer_sets(page)
    sections.render_references(page)
    sections.render_market_chart(page)
    sections.render_peer_groups(page, no_choice=product.firm_type is None and product.payment_instrument is None
                                and product.payout is None)  # fmt: skip
    sections.render_history(page, market.history, market.services, market.quarters)
    sections.render_method()


main()
