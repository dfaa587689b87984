"""Benchmark a price: where one product of a bank or money transfer operator sits in its corridor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import benchmark
from remit.benchmark import InvalidProduct, Product
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from remit.i18n import N_
from ui import cached
from ui.cached import charts
from ui.i18n import _, current, from_english, from_english_list
from ui.widgets import chart, citation, corridor_picker, download, source_line

t = current()
LATEST = "latest"
FEE_PCT, FX_MARGIN = "% of amount", "FX margin %"  # i18n: not text (choices' values; shown translated)
NOT_SET = N_("Not specified")  # the choice's value stays English; it is shown translated

# Values from the World Bank's provider data and remit.benchmark's usual choices, shown translated.
DATA_TERMS = (
    N_("Bank"), N_("Money Transfer Operator"), N_("Post office"), N_("Mobile operator"),
    N_("Cash"), N_("Account"), N_("Card"), N_("Online"), N_("Bank account"), N_("Mobile wallet"),
    N_("Less than one hour"), N_("Same day"), N_("Next day"), N_("2 days"), N_("3-5 days"), N_("6 days or more"),
    N_("the quarter chosen"), N_("the corridor's latest quarter with data"),
    N_("the latest quarter with data for every corridor"),
    N_("services of the same firm type"), N_("corridor data: banks' average"),
    N_("corridor data: money transfer operators' average"), N_("banks' average"),
    N_("money transfer operators' average"),
)  # fmt: skip
# Texts remit.benchmark writes (errors, notes, reference levels, peer groups), shown translated; {term},
# {terms} and {basis} are data terms themselves ("Bank · Cash").
LIBRARY_MESSAGES = (
    N_("The exchange rate must be a number above zero."),
    N_("The mid-market rate must be a number above zero."),
    N_("The amount sent must be above zero."),
    N_("The fee must be zero or more and less than 100% of the amount sent."),
    N_(
        "The FX margin must be between -20% and 100%; check that the exchange rate and the mid-market rate are "
        "quoted the same way."
    ),
    N_("The number of transfers a year must be above zero."),
    N_("no cost data for this corridor: the World Bank does not survey it"),
    N_("no corridor average in {period} (the corridor's latest is {latest})"),
    N_("no surveyed service of the same kind ({terms}) in {period}"),
    N_("no provider prices for this corridor in {period}"),
    N_("negative FX margin (a better rate than mid-market, e.g. a promotion)"),
    N_("slower than 5 days: would not count for SmaRT"),
    N_("Corridor average"),
    N_("SmaRT (3 cheapest qualifying services)"),
    N_("Cheapest service"),
    N_("Peer group average"),
    N_("Peer group average ({terms})"),
    N_("SDG target 3%"),
    N_("SDG ceiling 5%"),
    N_("Mean of corridor averages (all corridors)"),
    N_("Same firm type ({term}; {basis})"),
    N_("All services"),
    N_("Same firm type: {term}"),
    N_("Same payment instrument: {term}"),
    N_("Same pickup method: {term}"),
    N_("Same firm type, payment instrument"),
    N_("Same firm type, pickup method"),
    N_("Same payment instrument, pickup method"),
    N_("Same firm type, payment instrument, pickup method"),
)
_TERMS = {"term", "terms", "basis"}


def term(value: object) -> object:
    """A value from the data ("Bank", "Bank · Cash") in the reader's language."""
    # t, not _: format_func may be called outside the script run (AppTest), where _ would give English
    return " · ".join(t(part) for part in value.split(" · ")) if isinstance(value, str) else value


def _fill(name: str, value: str) -> object:
    """A placeholder's value: data terms ({term}, {terms}, {basis}) translated, the rest as written."""
    return term(value) if name in _TERMS else value


def translated(text: object) -> object:
    """A text remit.benchmark wrote, in the reader's language ('; '-separated notes one by one)."""
    if not isinstance(text, str) or t.code == "en":
        return text
    if (whole := from_english(text, LIBRARY_MESSAGES, fill=_fill)) is not None:
        return whole
    return from_english_list(text, LIBRARY_MESSAGES, fill=_fill, other=_)  # other=_: a term of DATA_TERMS


def usd(value: float, digits: int = 0) -> str:
    return _("US$ {amount}", amount=t.number(value, digits))


def signed(value: float, digits: int = 2) -> str:
    """+0.70 / -0.30, in the reader's number format."""
    return ("+" if value >= 0 else "") + t.number(value, digits)


def pp(value: float) -> str:
    return _("{value} pp", value=signed(value))


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

picked = corridor_picker()
send, recv, code, label = picked.send, picked.recv, picked.code, picked.label

history = cached.corridor_histories((code,))
quarters = history.dropna(subset=["total_cost_pct_200"])["period"].tolist()[::-1]
has_providers = cached.has_provider_data()
corridor_services = cached.benchmark_corridor_services(send, recv) if has_providers else None

st.subheader(_("Your product"))
a, b, c = st.columns(3)
amount = a.number_input(
    _("Amount sent (US$)"),
    min_value=1.0,
    max_value=1_000_000.0,
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
    fee = b.number_input(_("Fee (US$)"), min_value=0.0, max_value=1_000_000.0, value=3.0, step=0.5, key="bm_fee_usd")
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
    rate = r1.number_input(_("Your rate"), min_value=0.0, value=0.1185, step=0.0001, format="%.6f", key="bm_rate",
                           help=_("Units of the receiving currency for one unit of the sending currency."))  # fmt: skip
    mid = r2.number_input(_("Mid-market rate"), min_value=0.0, value=0.12, step=0.0001, format="%.6f", key="bm_mid",
                          help=_("Quoted the same way as your rate, at the same moment."))  # fmt: skip
    try:
        margin = benchmark.margin_from_rates(rate, mid)
    except InvalidProduct as exc:
        margin, margin_error = 0.0, translated(str(exc))

period = quarters[0] if when == LATEST else when
if corridor_services is not None and len(corridor_services):
    in_period = corridor_services[corridor_services["period"] == period]
    source_rows = in_period if len(in_period) else corridor_services
else:
    source_rows = None


def choices(column: str, standard: tuple[str, ...]) -> list[str]:
    """The values this corridor's surveyed services use (so peer groups match), else RPW's usual ones."""
    found = sorted(source_rows[column].dropna().astype(str).unique()) if source_rows is not None else []
    return [NOT_SET, *(found or standard)]


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
name = e1.text_input(_("Product name (optional)"), max_chars=60, key="bm_name", placeholder=_("e.g. Card to account"))
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
        send,
        recv,
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
    st.error(translated(str(exc)))
    st.stop()

frame = benchmark.benchmark_frame(
    pd.DataFrame([product.as_row()]),
    cached.benchmark_corridor_costs(),
    cached.benchmark_services if has_providers else None,
    fallback_period=cached.benchmark_fallback_period(),
    period=None if when == LATEST else when,
)
result = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}
total, avg, period = result["total_cost_pct"], result["corridor_average_pct"], result["period"]
services_here = (
    cached.benchmark_services(period).query("sending_iso3 == @send and receiving_iso3 == @recv")  # i18n: not text
    if has_providers
    else pd.DataFrame()
)
used = list(dict.fromkeys(s for s in [result["source_id"], "rpw_provider" if len(services_here) else None] if s))
cite, short = citation(*used), source_line(used)
volume_text = t.number(volume)

st.header(_("How your price compares"))
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    _("Your total cost"),
    t.percent(total),
    help=_(
        "Fee {fee} + FX margin {margin} of {amount}: {cost} a transfer.",
        fee=t.percent(product.fee_pct),
        margin=t.percent(product.fx_margin_pct),
        amount=usd(amount),
        cost=usd(result["cost_usd"], 2),
    ),
)
m2.metric(
    _("Corridor average, {period}", period=period),
    "–" if avg is None else t.percent(avg),
    delta=None if avg is None else _("{gap} pp your price", gap=signed(result["gap_to_average_pp"])),
    delta_color="inverse",
    help=_(
        "Mean over the services the World Bank surveyed in this corridor, sending USD 200. A gap above zero means "
        "your price is dearer."
    ),
)
if result["services_n"]:
    m3.metric(
        _("Your rank among the services"),
        _("{rank} of {total}", rank=result["rank_among_services"], total=result["rank_of"]),
        help=_(
            "Cheapest first, your price among the {n} services surveyed in {period} that disclose their rate. "
            "Percentile {percentile}: the share of them cheaper than yours (ties count half).",
            n=result["services_n"],
            period=period,
            percentile=t.number(result["percentile_among_services"]),
        ),
    )
else:
    m3.metric(
        _("Percentile among corridors"),
        "–"
        if result["percentile_among_corridor_averages"] is None
        else t.number(result["percentile_among_corridor_averages"]),
        help=_(
            "The share of the {n} corridor averages in {period} that are cheaper than your price (ties count half): "
            "0 = cheaper than every corridor, 100 = dearer than all.",
            n=result["corridors_in_quarter_n"],
            period=period,
        ),
    )
m4.metric(
    _("Gap to the {target} target", target=t.percent(SDG_TARGET_PCT, 0)),
    pp(result["gap_to_3pct_pp"]),
    help=_(
        "Your total cost minus {target}, the SDG 10.c target for the average cost of remittances.",
        target=t.percent(SDG_TARGET_PCT, 0),
    ),
)


def gap_words(gap: float | None, level: str) -> str:
    """'**0.70 pp above** the corridor average of 2.00%'. In Russian, `level` is in the genitive."""
    if gap is None:
        return ""
    if abs(gap) < 0.005:
        return _("the same as {level}", level=level)
    if gap > 0:
        return _("**{gap} pp above** {level}", gap=t.number(abs(gap), 2), level=level)
    return _("**{gap} pp below** {level}", gap=t.number(abs(gap), 2), level=level)


money_year = result["gap_to_average_usd_per_year"]
lines = [
    _(
        "At **{total}** (fee {fee} + FX margin {margin}), sending {amount} from {send} to {recv} costs your customer "
        "**{cost}**.",
        total=t.percent(total),
        fee=t.percent(product.fee_pct),
        margin=t.percent(product.fx_margin_pct),
        amount=usd(amount),
        send=picked.send_name,
        recv=picked.recv_name,
        cost=usd(result["cost_usd"], 2),
    )
]
if avg is not None:
    values = {
        "gap": gap_words(result["gap_to_average_pp"], _("the corridor average of {average}", average=t.percent(avg))),
        "period": period,
        "basis": translated(result["period_basis"]),
        "per_transfer": usd(abs(result["gap_to_average_usd"]), 2),
        "per_year": usd(abs(money_year)),
        "volume": volume_text,
    }
    lines.append(
        _(
            "That is {gap} in {period} ({basis}): {per_transfer} more per transfer, **{per_year} more a year** at "
            "{volume} transfers.",
            **values,
        )
        if result["gap_to_average_usd"] > 0
        else _(
            "That is {gap} in {period} ({basis}): {per_transfer} less per transfer, **{per_year} less a year** at "
            "{volume} transfers.",
            **values,
        )
    )
else:
    st.warning(
        _(
            "{note}. Your price is compared with the SDG levels and with all corridors in {period}.",
            note=str(translated(result["note"]))[:1].upper() + str(translated(result["note"]))[1:],
            period=period,
        )
    )
if result["smart_pct"] is not None:
    lines.append(
        _(
            "It is {smart} and {cheapest}.",
            smart=gap_words(result["gap_to_smart_pp"], _("SmaRT ({level})", level=t.percent(result["smart_pct"]))),
            cheapest=gap_words(
                result["gap_to_cheapest_pp"],
                _("the cheapest service ({level})", level=t.percent(result["cheapest_pct"])),
            ),
        )
    )
lines.append(
    _(
        "Against the SDG levels: {target} and {ceiling}.",
        target=gap_words(result["gap_to_3pct_pp"], _("the {target} target", target=t.percent(SDG_TARGET_PCT, 0))),
        ceiling=gap_words(
            result["gap_to_5pct_pp"], _("the {ceiling} ceiling", ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0))
        ),
    )
)
if result["note"] and avg is not None:
    lines.append(_("Note: {note}.", note=translated(result["note"])))
st.markdown(" ".join(lines))

refs = benchmark.references(result)
st.subheader(_("Gap to each reference level"))
level_col, gap_col = _("Level (%)"), _("Your gap (pp)")
per_transfer_col = _("Per transfer (US$)")
per_year_col = _("A year at {volume} transfers (US$)", volume=volume_text)
st.dataframe(
    refs.assign(reference=refs["reference"].map(translated)).rename(
        columns={
            "reference": _("Reference level"),
            "level_pct": level_col,
            "gap_pp": gap_col,
            "gap_usd_per_transfer": per_transfer_col,
            "gap_usd_per_year": per_year_col,
        }
    ),
    hide_index=True,
    column_config={
        level_col: st.column_config.NumberColumn(format="%.2f"),
        gap_col: st.column_config.NumberColumn(format="%+.2f"),
        per_transfer_col: st.column_config.NumberColumn(format="%+.2f"),
        per_year_col: st.column_config.NumberColumn(format="%+,.0f"),
    },
)
download(
    refs.assign(corridor=code, period=period, your_total_cost_pct=total, amount_usd=amount, transfers_per_year=volume),
    f"benchmark-{code}-{period}",
    cite,
    note=_(
        "Gap = your total cost − the level: above zero, your customers pay more than at that level; in US$ on "
        "{amount} a transfer and {volume} transfers a year.",
        amount=usd(amount),
        volume=volume_text,
    ),
)

if len(services_here):
    shown = benchmark.positions(services_here, result)
    you = shown["kind"] == "you"
    shown["label"] = shown["label"].where(
        you, shown["label"].map(lambda s: " · ".join([s.split(" · ")[0], *map(_, s.split(" · ")[1:])]))
    )
    shown.loc[you, "label"] = "▶ " + (result.get("product") or _("Your price"))
    levels = {_("Average {value}", value=t.percent(avg)): avg} if avg is not None else {}
    if result["smart_pct"] is not None:
        levels[f"SmaRT {t.percent(result['smart_pct'])}"] = result["smart_pct"]
    chart(
        charts.benchmark_services(
            shown,
            levels,
            _("Services and your price (% of amount sent)"),
            _("{route}, {period}, sending USD 200", route=label, period=period),
            short,
            t=t,
        ),
        shown,
        f"services-{code}-{period}",
        cite,
        note=_(
            "{n} services that do not disclose their exchange rate are not ranked. The services are priced at "
            "USD 200; your price at the amount you entered.",
            n=result["non_transparent_n"] or 0,
        ),
    )
else:
    averages = cached.benchmark_corridor_costs().query("period == @period")
    chart(
        charts.benchmark_distribution(
            averages["total_cost_pct_200"],
            total,
            _("Your price among corridors (number)"),
            _("{n} corridors with data in {period}, sending USD 200", n=t.number(len(averages)), period=period),
            source_line(averages["source_id"].unique()),
            corridor_pct=avg,
            t=t,
        ),
        averages[["period", "sending_iso3", "receiving_iso3", "sending_name", "receiving_name", "total_cost_pct_200"]],
        f"corridor-distribution-{period}",
        citation(*averages["source_id"].unique()),
        note=_(
            "Without provider-level prices, the market is the corridor averages: each bar counts the corridors "
            "whose average falls in that half-point band."
        ),
    )

st.header(_("Services of the same kind"))
if len(services_here):
    peers = benchmark.peer_groups(services_here, result)
    headers = {
        "peer_group": _("Peer group"),
        "services_n": _("Services"),
        "providers_n": _("Providers"),
        "average_pct": _("Average (%)"),
        "cheapest_pct": _("Cheapest (%)"),
        "most_expensive_pct": _("Most expensive (%)"),
        "spread_pp": _("Spread (pp)"),
        "your_gap_to_average_pp": _("Your gap to the average (pp)"),
        "your_rank": _("Your rank"),
        "of": _("Of"),
        "your_percentile": _("Your percentile"),
    }
    st.dataframe(
        peers.assign(peer_group=peers["peer_group"].map(translated)).rename(columns=headers),
        hide_index=True,
        placeholder="–",
        column_config={
            headers[c]: st.column_config.NumberColumn(format="%.2f")
            for c in ("average_pct", "cheapest_pct", "most_expensive_pct", "spread_pp")
        }
        | {
            headers["your_gap_to_average_pp"]: st.column_config.NumberColumn(format="%+.2f"),
            headers["your_percentile"]: st.column_config.NumberColumn(format="%.0f"),
        },
    )
    download(
        peers.assign(corridor=code, period=period, your_total_cost_pct=total),
        f"peer-groups-{code}-{period}",
        citation("rpw_provider"),
        note=_(
            "Services that disclose their exchange rate, sending USD 200; spread = most expensive − cheapest. A "
            "choice matches a service's value ignoring case, or as whole words inside it (Account matches Bank "
            "account)."
        ),
    )
    if firm_type == NOT_SET and instrument == NOT_SET and payout == NOT_SET:
        st.info(
            _("Choose your firm type, payment instrument and payout above to compare with services of the same kind.")
        )
else:
    if has_providers:
        st.info(_("The imported provider prices have no services for {route} in {period}.", route=label, period=period))
    else:
        st.info(
            _(
                "Comparing with services of the same firm type, payment instrument and payout needs the World Bank's "
                "provider-level prices. Load the complete dataset in one step on the Data & methods page."
            )
        )
        st.page_link(
            "views/data_methods.py",  # i18n: not text (a page)
            label=_("Load the complete dataset"),
            icon=":material/upload:",
        )
    if result["firm_type_average_pct"] is not None:
        st.markdown(
            _(
                "The corridor data has the **{basis}** in {period}: **{average}**; your price is {gap}.",
                basis=_(result["firm_type_basis"].removeprefix("corridor data: ")),
                period=period,
                average=t.percent(result["firm_type_average_pct"]),
                gap=gap_words(total - result["firm_type_average_pct"], _("it")),
            )
        )

st.header(_("How the market moved"))
hist = benchmark.reference_history(history, corridor_services, total)
first = hist.dropna(subset=["corridor_average_pct"])["period"].iloc[0]
chart(
    charts.benchmark_history(
        hist,
        total,
        _("Market and your price (% of amount sent)"),
        _("{route}, {period}, sending USD 200", route=label, period=f"{first}–{quarters[0]}"),
        source_line(
            list(dict.fromkeys([*history["source_id"].dropna().unique(), *(["rpw_provider"] if has_providers else [])]))
        ),
        t=t,
    ),
    hist,
    f"market-over-time-{code}",
    citation(*dict.fromkeys([*history["source_id"].dropna().unique(), *(["rpw_provider"] if has_providers else [])])),
    note=_(
        "Your price is today's; the lines show where the market stood each quarter. Blank quarters had no data "
        "(SmaRT and the cheapest service only where provider prices were imported)."
    )
    if has_providers
    else _("Your price is today's; the lines show where the market stood each quarter. Blank quarters had no data."),
)

with st.expander(_("How these figures are computed")):
    st.markdown(
        _(
            """
- **Total cost** = fee ÷ amount sent × 100 + FX margin, the World Bank's definition; **FX margin** = (mid-market
  rate − your rate) ÷ mid-market rate × 100.
- **Corridor average**: the mean over the services surveyed in the corridor, sending USD 200, in the corridor's
  latest quarter with data or the quarter you chose. Without provider-level prices, your price is also placed among
  all corridor averages of that quarter (**percentile**: the share cheaper than yours, ties count half).
- **With provider-level prices**: your **rank** among the services that disclose their exchange rate (cheapest
  first, your price included), the **cheapest service**, **SmaRT** (the mean of the three cheapest services that are
  transparent, arrive within 5 days and are accessible) and **peer groups** (same firm type, payment instrument,
  payout).
- **SDG 10.c**: average cost below {target} by 2030; no corridor above {ceiling}.
- **Gap** = your total cost − the level, in percentage points (pp); in money, amount × gap ÷ 100 per transfer,
  times the transfers a year you gave.
- The World Bank's prices are for USD 200; at other amounts a fixed fee weighs less, so compare like with like.
""",
            target=t.percent(SDG_TARGET_PCT, 0),
            ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0),
        )
    )
