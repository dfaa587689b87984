"""Sections of the financial institutions' pages (Benchmark a price, Benchmark a price list) and what both
share: data terms and library messages in the reader's language, the link to load provider prices.

Each render_… function draws one section from a benchmarked result; the pages are short scripts that call
them. remit.benchmark returns its notes, reasons and labels as messages (remit.messages): they are shown
with say() or, a column at a time, with said().
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import benchmark, safe
from remit.benchmark import Product
from remit.messages import Message
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.widgets import Corridor, chart, citation, download, source_line


def term(value: object) -> object:
    """A value from the data ("Bank", "Bank · Cash") in the reader's language."""
    t = current()  # a format_func may run outside the script run (AppTest): the translator is taken here
    return " · ".join(t(part) for part in value.split(" · ")) if isinstance(value, str) else value


def said(column: pd.Series) -> pd.Series:
    """A column of library messages (None where there is none) as text in the reader's language."""
    render = current().render
    return column.map(lambda m: render(m) if isinstance(m, Message | str) else m)


def load_dataset_link() -> None:
    st.page_link(
        "views/data_methods.py",  # i18n: not text (a page)
        label=_("Load the complete dataset"),
        icon=":material/upload:",
    )


# --- Benchmark a price: one product -------------------------------------------------------------------------


@dataclass
class SinglePrice:
    """One benchmarked product and what the sections show around it."""

    picked: Corridor
    product: Product
    result: dict
    has_providers: bool
    services_here: pd.DataFrame  # the corridor's surveyed services in the quarter compared (empty without)
    cite: str
    short: str
    sent: str  # the amount as typed, in the reader's language: 'RUB 18,000.00 (about US$ 198.00)'
    cost: str  # the cost of one transfer in the same money

    @classmethod
    def of(
        cls,
        picked: Corridor,
        product: Product,
        result: dict,
        has_providers: bool,
        sent: tuple[str, str] | None = None,
    ) -> SinglePrice:
        """sent: the amount and the cost of a transfer as the reader typed them (default: in US$)."""
        services = cached.benchmark_services(result["period"]) if has_providers else pd.DataFrame()
        services_here = (
            services[(services["sending_iso3"] == picked.send) & (services["receiving_iso3"] == picked.recv)]
            if has_providers
            else services
        )
        used = [result["source_id"], "rpw_provider" if len(services_here) else None]
        used = list(dict.fromkeys(s for s in used if s))
        amount, cost = sent or (usd(product.amount_usd), usd(result["cost_usd"], 2))
        return cls(
            picked, product, result, has_providers, services_here, citation(*used), source_line(used), amount, cost
        )

    @property
    def period(self) -> str:
        return self.result["period"]

    @property
    def volume(self) -> float:
        return self.product.transfers_per_year or 0


def usd(value: float, digits: int = 0) -> str:
    return _("US$ {amount}", amount=current().number(value, digits))


def signed(value: float, digits: int = 2) -> str:
    """+0.70 / -0.30, in the reader's number format."""
    return ("+" if value >= 0 else "") + current().number(value, digits)


def pp(value: float) -> str:
    return _("{value} pp", value=signed(value))


def gap_words(gap: float | None, level: str) -> str:
    """'**0.70 pp above** the corridor average of 2.00%'. In Russian, `level` is in the genitive."""
    t = current()
    if gap is None:
        return ""
    if abs(gap) < 0.005:
        return _("the same as {level}", level=level)
    if gap > 0:
        return _("**{gap} pp above** {level}", gap=t.number(abs(gap), 2), level=level)
    return _("**{gap} pp below** {level}", gap=t.number(abs(gap), 2), level=level)


def render_comparison(page: SinglePrice) -> None:
    """The four figures and the sentences that say where the price sits."""
    t, result, product = current(), page.result, page.product
    total, avg, period = result["total_cost_pct"], result["corridor_average_pct"], page.period
    st.header(_("How your price compares"))
    age = say(result["market_age"])
    if result["age_years"] is not None and result["age_years"] >= 2:
        st.warning(
            _(
                "The market figures are from **{age}**: the latest the data has for this corridor. Prices have "
                "changed since; load newer data on Data & methods.",
                age=age,
            ),
            icon=":material/history:",
        )
    else:
        st.caption(_(":material/history: Market figures: {age}.", age=age))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        _("Your total cost"),
        t.percent(total),
        help=_(
            "Fee {fee} + FX margin {margin} of {amount}: {cost} a transfer.",
            fee=t.percent(product.fee_pct),
            margin=t.percent(product.fx_margin_pct),
            amount=safe.markdown(page.sent),
            cost=safe.markdown(page.cost),
        ),
    )
    m2.metric(
        _("Corridor average, {period}", period=period),
        "–" if avg is None else t.percent(avg),
        delta=None if avg is None else _("{gap} pp your price", gap=signed(result["gap_to_average_pp"])),
        delta_color="inverse",
        help=_(
            "Mean over the services the World Bank surveyed in this corridor, sending USD 200. A gap above zero "
            "means your price is dearer."
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
        peers = say(benchmark.peer_set_label(result["peer_set"] or "world", result))
        m3.metric(
            _("Your percentile"),
            "–" if result["peers_percentile"] is None else t.number(result["peers_percentile"]),
            # the set it is a percentile of, under the figure: '69' alone was quoted without it
            delta=None if result["peers_percentile"] is None else _("{peers} ({n})", peers=peers, n=result["peers_n"]),
            delta_color="off",
            delta_arrow="off",
            help=_(
                "Among {peers} ({n}) in {period}: the share of their averages cheaper than your price (ties count "
                "half); 0 = cheaper than every one, 100 = dearer than all. Every peer set is below.",
                peers=peers,
                n=result["peers_n"],
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

    volume_text = t.number(page.volume)
    # Money goes into Markdown escaped: two amounts in US$ on one line would otherwise open and close LaTeX
    # ('US$200.00 from … costs US$5.40' showed as a formula).
    lines = [
        _(
            "At **{total}** (fee {fee} + FX margin {margin}), sending {amount} from {send} to {recv} costs your "
            "customer **{cost}**.",
            total=t.percent(total),
            fee=t.percent(product.fee_pct),
            margin=t.percent(product.fx_margin_pct),
            amount=safe.markdown(page.sent),
            send=safe.markdown(page.picked.send_name),
            recv=safe.markdown(page.picked.recv_name),
            cost=safe.markdown(page.cost),
        )
    ]
    note = say(result["note"], safe.markdown) if result["note"] is not None else ""  # Markdown: values escaped
    if avg is not None:
        values = {
            "gap": gap_words(
                result["gap_to_average_pp"], _("the corridor average of {average}", average=t.percent(avg))
            ),
            "period": period,
            "basis": say(result["period_basis"], safe.markdown),
            "per_transfer": safe.markdown(usd(abs(result["gap_to_average_usd"]), 2)),
            "per_year": safe.markdown(usd(abs(result["gap_to_average_usd_per_year"]))),
            "volume": volume_text,
        }
        lines.append(
            _(
                "That is {gap} in {period} ({basis}): {per_transfer} more per transfer, **{per_year} more a year** "
                "at {volume} transfers.",
                **values,
            )
            if result["gap_to_average_usd"] > 0
            else _(
                "That is {gap} in {period} ({basis}): {per_transfer} less per transfer, **{per_year} less a year** "
                "at {volume} transfers.",
                **values,
            )
        )
    else:
        st.warning(
            _(
                "{note}. Your price is compared with the SDG levels and with all corridors in {period}.",
                note=note[:1].upper() + note[1:],
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
    if note and avg is not None:
        lines.append(_("Note: {note}.", note=note))
    st.markdown(" ".join(lines))


def render_peer_sets(page: SinglePrice) -> None:
    """Where the price ranks in each peer set: the corridor's services (with provider prices), the corridors from
    the same sending country, to the same receiving country and region, and the world (for reference)."""
    t, result = current(), page.result
    sets = benchmark.peer_sets(result)
    st.subheader(_("Where your price ranks"))
    lines = []
    for row in sets.itertuples():
        name = say(row.label)
        if not row.peers_n:
            text = _("{peers}: no corridor with data in {period}", peers=name, period=page.period)
        else:
            count = (
                _n("{n} service", "{n} services", row.peers_n)
                if row.peer_set == "corridor_services"
                else _n("{n} corridor", "{n} corridors", row.peers_n)
            )
            text = _(
                "{peers} ({count}): percentile **{percentile}**, average {average}",
                peers=name,
                count=count,
                percentile=t.number(row.percentile),
                average=t.percent(row.average_pct),
            )
        lines.append(f"- {'**▶** ' if row.headline else ''}{text}")
    st.markdown("\n".join(lines))
    st.caption(
        _(
            "▶ marks the set your price is ranked in. Percentile: the share of the set cheaper than your price (ties "
            "count half), the World Bank's prices for sending USD 200 in {period}. The whole world is shown for "
            "reference; choose it above to rank against it.",
            period=page.period,
        )
    )


def render_references(page: SinglePrice) -> None:
    """The gap to each reference level, in pp, per transfer and a year, with its download."""
    t, result, amount = current(), page.result, page.product.amount_usd
    volume_text = t.number(page.volume)
    refs = benchmark.references(result)
    refs = refs.assign(reference=said(refs["reference"]))
    st.subheader(_("Gap to each reference level"))
    level_col, gap_col = _("Level (%)"), _("Your gap (pp)")
    per_transfer_col = _("Per transfer (US$)")
    per_year_col = _("A year (US$)")  # short: the volume is in the column's help (long headers were cut off)
    st.dataframe(
        refs.rename(
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
            per_year_col: st.column_config.NumberColumn(
                format="%+,.0f", help=_("At {volume} transfers a year.", volume=volume_text)
            ),
        },
    )
    code, period = page.picked.code, page.period
    download(
        refs.assign(
            corridor=code,
            period=period,
            your_total_cost_pct=result["total_cost_pct"],
            amount_usd=amount,
            transfers_per_year=page.volume,
        ),  # fmt: skip
        f"benchmark-{code}-{period}",
        page.cite,
        note=_(
            "Gap = your total cost − the level: above zero, your customers pay more than at that level; in US$ on "
            "{amount} a transfer and {volume} transfers a year.",
            amount=safe.markdown(usd(amount)),
            volume=volume_text,
        ),
    )


def render_market_chart(page: SinglePrice) -> None:
    """The corridor's services and the price; without provider prices, the price among all corridor averages."""
    t, result, period, code = current(), page.result, page.period, page.picked.code
    avg, total = result["corridor_average_pct"], result["total_cost_pct"]
    if len(page.services_here):
        shown = benchmark.positions(page.services_here, result)
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
                _("{route}, {period}, sending USD 200", route=page.picked.label, period=period),
                page.short,
                t=t,
            ),
            shown,
            f"services-{code}-{period}",
            page.cite,
            note=_(
                "{n} services that do not disclose their exchange rate are not ranked. The services are priced at "
                "USD 200; your price at the amount you entered.",
                n=result["non_transparent_n"] or 0,
            ),
        )
        return
    averages = cached.benchmark_corridor_costs().query("period == @period")
    peer_set = result["peer_set"] or "world"
    mask = {
        "sending_country": averages["sending_iso3"] == page.picked.send,
        "receiving_country": averages["receiving_iso3"] == page.picked.recv,
        "region": averages["receiving_region"] == result["receiving_region"],
    }.get(peer_set)
    if mask is not None:
        averages = averages[mask]
    peers = say(benchmark.peer_set_label(peer_set, result))
    chart(
        charts.benchmark_distribution(
            averages["total_cost_pct_200"],
            total,
            _("Your price among the peer corridors (number)"),
            _(
                "{peers}: {count} with data in {period}, sending USD 200",
                peers=peers,
                count=_n("{n} corridor", "{n} corridors", len(averages)),
                period=period,
            ),  # fmt: skip
            source_line(averages["source_id"].unique()),
            corridor_pct=avg,
            t=t,
        ),
        averages[["period", "sending_iso3", "receiving_iso3", "sending_name", "receiving_name", "total_cost_pct_200"]],
        f"corridor-distribution-{code}-{period}",
        citation(*averages["source_id"].unique()),
        note=_(
            "Without provider-level prices, the market is the corridor averages of the peer set: each bar counts the "
            "corridors whose average falls in that half-point band."
        ),
    )


def render_peer_groups(page: SinglePrice, no_choice: bool) -> None:
    """Services of the same kind: the peer groups table, or why there is none."""
    t, result, period, code = current(), page.result, page.period, page.picked.code
    st.header(_("Services of the same kind"))
    if len(page.services_here):
        peers = benchmark.peer_groups(page.services_here, result)
        peers = peers.assign(peer_group=said(peers["peer_group"]))
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
            peers.rename(columns=headers),
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
            peers.assign(corridor=code, period=period, your_total_cost_pct=result["total_cost_pct"]),
            f"peer-groups-{code}-{period}",
            citation("rpw_provider"),
            note=_(
                "Services that disclose their exchange rate, sending USD 200; spread = most expensive − cheapest. A "
                "choice matches a service's value ignoring case, or as whole words inside it (Account matches Bank "
                "account)."
            ),
        )
        if no_choice:
            st.info(
                _(
                    "Choose your firm type, payment instrument and payout above to compare with services of the "
                    "same kind."
                )
            )
        return
    if page.has_providers:
        st.info(
            _(
                "The imported provider prices have no services for {route} in {period}.",
                route=safe.markdown(page.picked.label),
                period=period,
            )
        )
    else:
        st.info(
            _(
                "Comparing with services of the same firm type, payment instrument and payout needs the World Bank's "
                "provider-level prices. Load the complete dataset in one step on the Data & methods page."
            )
        )
        load_dataset_link()
    if result["firm_type_average_pct"] is not None:
        basis = result["firm_type_basis"]  # corridor data: {average}
        st.markdown(
            _(
                "The corridor data has the **{basis}** in {period}: **{average}**; your price is {gap}.",
                basis=say(basis.values.get("average", basis), safe.markdown),
                period=period,
                average=t.percent(result["firm_type_average_pct"]),
                gap=gap_words(result["total_cost_pct"] - result["firm_type_average_pct"], _("it")),
            )
        )


def render_history(
    page: SinglePrice, history: pd.DataFrame, services: pd.DataFrame | None, quarters: list[str]
) -> None:
    """How the market moved: the corridor's reference levels over the quarters and today's price."""
    t, total, code = current(), page.result["total_cost_pct"], page.picked.code
    st.header(_("How the market moved"))
    hist = benchmark.reference_history(history, services, total)
    first = hist.dropna(subset=["corridor_average_pct"])["period"].iloc[0]
    sources = list(
        dict.fromkeys([*history["source_id"].dropna().unique(), *(["rpw_provider"] if page.has_providers else [])])
    )
    chart(
        charts.benchmark_history(
            hist,
            total,
            _("Market and your price (% of amount sent)"),
            _("{route}, {period}, sending USD 200", route=page.picked.label, period=f"{first}–{quarters[0]}"),
            source_line(sources),
            t=t,
        ),
        hist,
        f"market-over-time-{code}",
        citation(*sources),
        note=_(
            "Your price is today's; the lines show where the market stood each quarter. Blank quarters had no data "
            "(SmaRT and the cheapest service only where provider prices were imported)."
        )
        if page.has_providers
        else _(
            "Your price is today's; the lines show where the market stood each quarter. Blank quarters had no data."
        ),
    )


def render_method() -> None:
    t = current()
    with st.expander(_("How these figures are computed")):
        st.markdown(
            _(
                """
- **Total cost** = fee ÷ amount sent × 100 + FX margin, the World Bank's definition; **FX margin** = (mid-market
  rate − your rate) ÷ mid-market rate × 100.
- **Corridor average**: the mean over the services surveyed in the corridor, sending USD 200, in the corridor's
  latest quarter with data or the quarter you chose. Without provider-level prices, your price is placed among its
  **real peers**: the corridor averages of that quarter from the same sending country, to the same receiving country
  and to the same region (**percentile**: the share cheaper than yours, ties count half); all corridors in the world
  only when you choose them.
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
