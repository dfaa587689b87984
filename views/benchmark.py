"""Benchmark a price: where one product of a bank or money transfer operator sits in its corridor.

A short script of named sections (ui/benchmark_sections.py draws the results). Session state, all widget
keys that Streamlit sets when the reader changes them and keeps for the session:
- from, to: the corridor (ui.widgets.corridor_picker, also in the link);
- bm_amount, bm_period: the amount sent and the quarter compared with ("latest" or a quarter);
- bm_fee_unit ("US$" or "% of amount"), bm_fee_usd, bm_fee_pct: the fee;
- bm_fx_mode ("FX margin %" or "Rates"), bm_margin, bm_rate, bm_mid: the exchange-rate margin;
- bm_firm_type, bm_instrument, bm_payout, bm_speed: the peer-group choices ("Not specified" = none);
- bm_name, bm_volume: the product's name and its transfers a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import benchmark, limits, safe
from remit.benchmark import InvalidProduct, Product
from remit.i18n import N_
from ui import benchmark_sections as sections
from ui import cached
from ui.i18n import _, current, say
from ui.widgets import Corridor, corridor_picker

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


def render_product_form(picked: Corridor, market: Market) -> tuple[Product, str | None]:
    """The product form; returns the product and the quarter chosen (None: the corridor's latest). Stops the
    script with the reason when the numbers cannot make a product."""
    t = current()
    quarters = market.quarters
    st.subheader(_("Your product"))
    a, b, c = st.columns(3)
    amount = a.number_input(
        _("Amount sent (US$)"),
        min_value=float(limits.AMOUNT_MIN),
        max_value=float(limits.AMOUNT_MAX),
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
    fee_units = {"US$": _("US$"), FEE_PCT: _("% of amount")}
    fee_unit = b.segmented_control(
        _("Fee given in"), list(fee_units), format_func=fee_units.get, default="US$", required=True, key="bm_fee_unit"
    )
    if fee_unit == "US$":
        fee = b.number_input(
            _("Fee (US$)"), min_value=0.0, max_value=float(limits.FEE_MAX), value=3.0, step=0.5, key="bm_fee_usd"
        )
        fee_pct = fee / amount * 100
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
    if margin_error:
        st.error(margin_error)
        st.stop()

    def chosen(value: str) -> str | None:
        return None if value == NOT_SET else value

    try:
        product = Product(
            picked.send,
            picked.recv,
            fee_pct=float(fee_pct),
            fx_margin_pct=float(margin),
            amount_usd=float(amount),
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
    return product, None if when == LATEST else when


def benchmarked(product: Product, period: str | None, has_providers: bool) -> dict:
    """The product's row of benchmark_frame as a dict (NaN as None)."""
    frame = benchmark.benchmark_frame(
        pd.DataFrame([product.as_row()]),
        cached.benchmark_corridor_costs(),
        cached.benchmark_services if has_providers else None,
        fallback_period=cached.benchmark_fallback_period(),
        period=period,
    )
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def main() -> None:
    render_intro()
    picked = corridor_picker()
    market = load_market(picked)
    product, period = render_product_form(picked, market)
    result = benchmarked(product, period, market.has_providers)
    page = sections.SinglePrice.of(picked, product, result, market.has_providers)
    sections.render_comparison(page)
    sections.render_references(page)
    sections.render_market_chart(page)
    sections.render_peer_groups(page, no_choice=product.firm_type is None and product.payment_instrument is None
                                and product.payout is None)  # fmt: skip
    sections.render_history(page, market.history, market.services, market.quarters)
    sections.render_method()


main()
