"""Benchmark a price: where one product of a bank or money transfer operator sits in its corridor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import benchmark, charts
from remit.benchmark import InvalidProduct, Product
from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.url_state import coded_selectbox
from ui.widgets import chart, citation, download, source_line

LATEST = "latest"
NOT_SET = "Not specified"

st.title("Where does your price sit in the market?")
st.caption(
    "For banks and money transfer operators: enter one product and see its total cost against the corridor average, "
    "the cheapest services, SmaRT, the SDG 3% target and 5% ceiling, and services of the same kind. Costs follow the "
    "World Bank's definition: fee % + exchange-rate margin %. Many corridors at once: *Benchmark a price list*."
)
st.caption(":material/lock: What you type stays in this browser session: it is not saved or shared.")

corridor_list = cached.corridor_list()
senders = dict(
    sorted(zip(corridor_list["sending_iso3"], corridor_list["sending_name"], strict=True), key=lambda kv: kv[1])
)
left, right = st.columns(2)
with left:
    send = coded_selectbox("Sending from", senders, key="from", default="RUS")
to = corridor_list[corridor_list["sending_iso3"] == send]
receivers = dict(sorted(zip(to["receiving_iso3"], to["receiving_name"], strict=True), key=lambda kv: kv[1]))
with right:
    recv = coded_selectbox("Sending to", receivers, key="to", default="TJK")
code = f"{send}-{recv}"
label = f"{senders[send]} → {receivers[recv]}"

history = cached.corridor_histories((code,))
quarters = history.dropna(subset=["total_cost_pct_200"])["period"].tolist()[::-1]
has_providers = cached.has_provider_data()
corridor_services = cached.benchmark_corridor_services(send, recv) if has_providers else None

st.subheader("Your product")
a, b, c = st.columns(3)
amount = a.number_input(
    "Amount sent (US$)",
    min_value=1.0,
    max_value=1_000_000.0,
    value=200.0,
    step=50.0,
    key="bm_amount",
    help="The World Bank surveys US$ 200 and 500. Convert other currencies at the mid-market rate.",
)
when = a.selectbox(
    "Compare with the quarter",
    [LATEST, *quarters],
    format_func=lambda p: f"Latest with data ({quarters[0]})" if p == LATEST else p,
    key="bm_period",
)
fee_unit = b.segmented_control("Fee given in", ["US$", "% of amount"], default="US$", required=True, key="bm_fee_unit")
if fee_unit == "US$":
    fee = b.number_input("Fee (US$)", min_value=0.0, max_value=1_000_000.0, value=3.0, step=0.5, key="bm_fee_usd")
    fee_pct = fee / amount * 100
else:
    fee_pct = b.number_input(
        "Fee (% of the amount sent)", min_value=0.0, max_value=99.0, value=1.5, step=0.1, key="bm_fee_pct"
    )
fx_mode = c.segmented_control(
    "Exchange rate given as", ["FX margin %", "Rates"], default="FX margin %", required=True, key="bm_fx_mode"
)
margin_error = None
if fx_mode == "FX margin %":
    margin = c.number_input(
        "FX margin (%)",
        min_value=benchmark.MIN_FX_MARGIN_PCT,
        max_value=99.0,
        value=1.2,
        step=0.1,
        key="bm_margin",
        help="(mid-market rate − your rate) ÷ mid-market rate × 100. 0 when no currency is converted.",
    )
else:
    r1, r2 = c.columns(2)
    rate = r1.number_input("Your rate", min_value=0.0, value=0.1185, step=0.0001, format="%.6f", key="bm_rate",
                           help="Units of the receiving currency for one unit of the sending currency.")  # fmt: skip
    mid = r2.number_input("Mid-market rate", min_value=0.0, value=0.12, step=0.0001, format="%.6f", key="bm_mid",
                          help="Quoted the same way as your rate, at the same moment.")  # fmt: skip
    try:
        margin = benchmark.margin_from_rates(rate, mid)
    except InvalidProduct as exc:
        margin, margin_error = 0.0, str(exc)

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
firm_type = d1.selectbox("Firm type", choices("firm_type", benchmark.STANDARD_FIRM_TYPES), key="bm_firm_type")
instrument = d2.selectbox(
    "Payment instrument", choices("payment_instrument", benchmark.STANDARD_INSTRUMENTS), key="bm_instrument"
)
payout = d3.selectbox("Payout (pickup method)", choices("pickup_method", benchmark.STANDARD_PAYOUTS), key="bm_payout")
speed = d4.selectbox("Speed", [NOT_SET, *benchmark.STANDARD_SPEEDS], key="bm_speed")
e1, e2 = st.columns([2, 1])
name = e1.text_input("Product name (optional)", max_chars=60, key="bm_name", placeholder="e.g. Card to account")
volume = e2.number_input(
    "Transfers a year",
    min_value=1,
    max_value=100_000_000,
    value=10_000,
    step=1_000,
    key="bm_volume",
    help="Your yearly volume for this product: the gaps are also shown in money a year.",
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
    st.error(str(exc))
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
    cached.benchmark_services(period).query("sending_iso3 == @send and receiving_iso3 == @recv")
    if has_providers
    else pd.DataFrame()
)
used = list(dict.fromkeys(s for s in [result["source_id"], "rpw_provider" if len(services_here) else None] if s))
cite, short = citation(*used), source_line(used)

st.header("How your price compares")
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    "Your total cost",
    f"{total:.2f}%",
    help=f"Fee {product.fee_pct:.2f}% + FX margin {product.fx_margin_pct:.2f}% of US$ {amount:,.0f}: "
    f"US$ {result['cost_usd']:,.2f} a transfer.",
)
m2.metric(
    f"Corridor average, {period}",
    "–" if avg is None else f"{avg:.2f}%",
    delta=None if avg is None else f"{result['gap_to_average_pp']:+.2f} pp your price",
    delta_color="inverse",
    help="Mean over the services the World Bank surveyed in this corridor, sending USD 200. A gap above zero means "
    "your price is dearer.",
)
if result["services_n"]:
    m3.metric(
        "Your rank among the services",
        f"{result['rank_among_services']} of {result['rank_of']}",
        help=f"Cheapest first, your price among the {result['services_n']} services surveyed in {period} that "
        f"disclose their rate. Percentile {result['percentile_among_services']:.0f}: the share of them cheaper than "
        "yours (ties count half).",
    )
else:
    m3.metric(
        "Percentile among corridors",
        "–"
        if result["percentile_among_corridor_averages"] is None
        else f"{result['percentile_among_corridor_averages']:.0f}",
        help=f"The share of the {result['corridors_in_quarter_n']} corridor averages in {period} that are cheaper than "
        "your price (ties count half): 0 = cheaper than every corridor, 100 = dearer than all.",
    )
m4.metric(
    f"Gap to the {SDG_TARGET_PCT:.0f}% target",
    f"{result['gap_to_3pct_pp']:+.2f} pp",
    help="Your total cost minus 3%, the SDG 10.c target for the average cost of remittances.",
)


def gap_words(gap: float | None, level: str) -> str:
    if gap is None:
        return ""
    if abs(gap) < 0.005:
        return f"the same as {level}"
    return f"**{abs(gap):.2f} pp {'above' if gap > 0 else 'below'}** {level}"


money_year = result["gap_to_average_usd_per_year"]
lines = [
    f"At **{total:.2f}%** (fee {product.fee_pct:.2f}% + FX margin {product.fx_margin_pct:.2f}%), sending "
    f"US$ {amount:,.0f} from {senders[send]} to {receivers[recv]} costs your customer **US$ {result['cost_usd']:,.2f}**."
]
if avg is not None:
    more = "more" if result["gap_to_average_usd"] > 0 else "less"
    lines.append(
        f"That is {gap_words(result['gap_to_average_pp'], f'the corridor average of {avg:.2f}%')} in {period} "
        f"({result['period_basis']}): US$ {abs(result['gap_to_average_usd']):,.2f} {more} per transfer, "
        f"**US$ {abs(money_year):,.0f} {more} a year** at {volume:,} transfers."
    )
else:
    st.warning(f"{result['note']}. Your price is compared with the SDG levels and with all corridors in {period}.")
if result["smart_pct"] is not None:
    smart_level = f"SmaRT ({result['smart_pct']:.2f}%)"
    cheapest_level = f"the cheapest service ({result['cheapest_pct']:.2f}%)"
    lines.append(
        f"It is {gap_words(result['gap_to_smart_pp'], smart_level)} and "
        f"{gap_words(result['gap_to_cheapest_pp'], cheapest_level)}."
    )
lines.append(
    f"Against the SDG levels: {gap_words(result['gap_to_3pct_pp'], f'the {SDG_TARGET_PCT:.0f}% target')} and "
    f"{gap_words(result['gap_to_5pct_pp'], f'the {SDG_CORRIDOR_CEILING_PCT:.0f}% ceiling')}."
)
if result["note"] and avg is not None:
    lines.append(f"Note: {result['note']}.")
st.markdown(" ".join(lines))

refs = benchmark.references(result)
st.subheader("Gap to each reference level")
st.dataframe(
    refs.rename(
        columns={
            "reference": "Reference level",
            "level_pct": "Level (%)",
            "gap_pp": "Your gap (pp)",
            "gap_usd_per_transfer": "Per transfer (US$)",
            "gap_usd_per_year": f"A year at {volume:,} transfers (US$)",
        }
    ),
    hide_index=True,
    column_config={
        "Level (%)": st.column_config.NumberColumn(format="%.2f"),
        "Your gap (pp)": st.column_config.NumberColumn(format="%+.2f"),
        "Per transfer (US$)": st.column_config.NumberColumn(format="%+.2f"),
        f"A year at {volume:,} transfers (US$)": st.column_config.NumberColumn(format="%+,.0f"),
    },
)
download(
    refs.assign(corridor=code, period=period, your_total_cost_pct=total, amount_usd=amount, transfers_per_year=volume),
    f"benchmark-{code}-{period}",
    cite,
    note="Gap = your total cost − the level: above zero, your customers pay more than at that level; in US$ on "
    f"US$ {amount:,.0f} a transfer and {volume:,} transfers a year.",
)

if len(services_here):
    shown = benchmark.positions(services_here, result)
    levels = {f"Average {avg:.2f}%": avg} if avg is not None else {}
    if result["smart_pct"] is not None:
        levels[f"SmaRT {result['smart_pct']:.2f}%"] = result["smart_pct"]
    chart(
        charts.benchmark_services(
            shown,
            levels,
            "Services and your price (% of amount sent)",
            f"{label}, {period}, sending USD 200",
            short,
        ),
        shown,
        f"services-{code}-{period}",
        cite,
        note=f"{result['non_transparent_n'] or 0} services that do not disclose their exchange rate are not ranked. "
        "The services are priced at USD 200; your price at the amount you entered.",
    )
else:
    averages = cached.benchmark_corridor_costs().query("period == @period")
    chart(
        charts.benchmark_distribution(
            averages["total_cost_pct_200"],
            total,
            "Your price among corridors (number)",
            f"{len(averages)} corridors with data in {period}, sending USD 200",
            source_line(averages["source_id"].unique()),
            corridor_pct=avg,
        ),
        averages[["period", "sending_iso3", "receiving_iso3", "sending_name", "receiving_name", "total_cost_pct_200"]],
        f"corridor-distribution-{period}",
        citation(*averages["source_id"].unique()),
        note="Without provider-level prices, the market is the corridor averages: each bar counts the corridors "
        "whose average falls in that half-point band.",
    )

st.header("Services of the same kind")
if len(services_here):
    peers = benchmark.peer_groups(services_here, result)
    st.dataframe(
        peers.rename(
            columns={
                "peer_group": "Peer group",
                "services_n": "Services",
                "providers_n": "Providers",
                "average_pct": "Average (%)",
                "cheapest_pct": "Cheapest (%)",
                "most_expensive_pct": "Most expensive (%)",
                "spread_pp": "Spread (pp)",
                "your_gap_to_average_pp": "Your gap to the average (pp)",
                "your_rank": "Your rank",
                "of": "Of",
                "your_percentile": "Your percentile",
            }
        ),
        hide_index=True,
        placeholder="–",
        column_config={
            c: st.column_config.NumberColumn(format="%.2f")
            for c in ("Average (%)", "Cheapest (%)", "Most expensive (%)", "Spread (pp)")
        }
        | {
            "Your gap to the average (pp)": st.column_config.NumberColumn(format="%+.2f"),
            "Your percentile": st.column_config.NumberColumn(format="%.0f"),
        },
    )
    download(
        peers.assign(corridor=code, period=period, your_total_cost_pct=total),
        f"peer-groups-{code}-{period}",
        citation("rpw_provider"),
        note="Services that disclose their exchange rate, sending USD 200; spread = most expensive − cheapest. A "
        "choice matches a service's value ignoring case, or as whole words inside it (Account matches Bank account).",
    )
    if firm_type == NOT_SET and instrument == NOT_SET and payout == NOT_SET:
        st.info("Choose your firm type, payment instrument and payout above to compare with services of the same kind.")
else:
    if has_providers:
        st.info(f"The imported provider prices have no services for {label} in {period}.")
    else:
        st.info(
            "Comparing with services of the same firm type, payment instrument and payout needs the World Bank's "
            "provider-level prices. Load the complete dataset in one step on the Data & methods page."
        )
        st.page_link("views/data_methods.py", label="Load the complete dataset", icon=":material/upload:")
    if result["firm_type_average_pct"] is not None:
        st.markdown(
            f"The corridor data has the **{result['firm_type_basis'].removeprefix('corridor data: ')}** in {period}: "
            f"**{result['firm_type_average_pct']:.2f}%**; your price is "
            f"{gap_words(total - result['firm_type_average_pct'], 'it')}."
        )

st.header("How the market moved")
hist = benchmark.reference_history(history, corridor_services, total)
first = hist.dropna(subset=["corridor_average_pct"])["period"].iloc[0]
chart(
    charts.benchmark_history(
        hist,
        total,
        "Market and your price (% of amount sent)",
        f"{label}, {first}–{quarters[0]}, sending USD 200",
        source_line(
            list(dict.fromkeys([*history["source_id"].dropna().unique(), *(["rpw_provider"] if has_providers else [])]))
        ),
    ),
    hist,
    f"market-over-time-{code}",
    citation(*dict.fromkeys([*history["source_id"].dropna().unique(), *(["rpw_provider"] if has_providers else [])])),
    note="Your price is today's; the lines show where the market stood each quarter. Blank quarters had no data"
    + (" (SmaRT and the cheapest service only where provider prices were imported)." if has_providers else "."),
)

with st.expander("How these figures are computed"):
    st.markdown(
        f"""
- **Total cost** = fee ÷ amount sent × 100 + FX margin, the World Bank's definition; **FX margin** = (mid-market
  rate − your rate) ÷ mid-market rate × 100.
- **Corridor average**: the mean over the services surveyed in the corridor, sending USD 200, in the corridor's
  latest quarter with data or the quarter you chose. Without provider-level prices, your price is also placed among
  all corridor averages of that quarter (**percentile**: the share cheaper than yours, ties count half).
- **With provider-level prices**: your **rank** among the services that disclose their exchange rate (cheapest
  first, your price included), the **cheapest service**, **SmaRT** (the mean of the three cheapest services that are
  transparent, arrive within 5 days and are accessible) and **peer groups** (same firm type, payment instrument,
  payout).
- **SDG 10.c**: average cost below {SDG_TARGET_PCT:.0f}% by 2030; no corridor above {SDG_CORRIDOR_CEILING_PCT:.0f}%.
- **Gap** = your total cost − the level, in percentage points (pp); in money, amount × gap ÷ 100 per transfer,
  times the transfers a year you gave.
- The World Bank's prices are for USD 200; at other amounts a fixed fee weighs less, so compare like with like.
"""
    )
