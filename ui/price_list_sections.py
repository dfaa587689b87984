"""Sections of Benchmark a price list (views/price_list.py) once a file is read: the summary and the chart,
the table of every product with its downloads, and the spread and providers per corridor."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import benchmark, briefing
from remit.sdg import SDG_CORRIDOR_CEILING_PCT
from ui import cached
from ui.benchmark_sections import load_dataset_link, said
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.widgets import chart, citation, download, money, source_line

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MESSAGE_COLUMNS = ("note", "period_basis", "firm_type_basis")  # results columns that hold library messages


@dataclass
class PriceListPage:
    """A benchmarked price list and what the sections say about it."""

    name: str  # the file's name
    results: pd.DataFrame  # benchmark_frame's rows, messages rendered in the reader's language
    with_avg: pd.DataFrame
    with_services: pd.DataFrame
    basis: str  # 'each corridor's latest quarter with data (2019Q1–2020Q3)' / '2019Q1, the quarter chosen (…)'
    cite: str
    short: str


def benchmarked(parsed: benchmark.PriceList, name: str, period: str | None, volume: float) -> PriceListPage:
    """The price list's good rows benchmarked against the store's market tables."""
    has_providers = cached.has_provider_data()
    results = benchmark.benchmark_frame(
        parsed.good,
        cached.benchmark_corridor_costs(),
        cached.benchmark_services if has_providers else None,
        fallback_period=cached.benchmark_fallback_period(),
        period=period,
        transfers_per_year=volume,
    )
    results = results.assign(**{c: said(results[c]) for c in MESSAGE_COLUMNS if c in results})
    with_services = results[results["services_n"].fillna(0) > 0]
    used = [*results["source_id"].dropna().unique(), *(["rpw_provider"] if len(with_services) else [])]
    used = list(dict.fromkeys(used))
    quarters = sorted(results["period"].unique())
    quarter_text = say(briefing.dated(quarters))  # '2021Q3, 5 years ago': a price's quarter comes with its age
    basis = (
        _("each corridor's latest quarter with data ({quarters})", quarters=quarter_text)
        if period is None
        else _("{period}, the quarter chosen ({quarters})", period=period, quarters=quarter_text)
    )
    with_avg = results.dropna(subset=["corridor_average_pct"])
    return PriceListPage(name, results, with_avg, with_services, basis, citation(*used), source_line(used))


def render_summary(page: PriceListPage) -> None:
    """3. The four figures and the chart of the prices against their corridor averages."""
    t, results, with_avg = current(), page.results, page.with_avg
    st.subheader(_("3. Where your prices sit"))
    st.markdown(
        _(
            "Each product against its corridor in {basis}. Gaps are your price minus the level: above zero is dearer.",
            basis=page.basis,
        )
    )
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        _("Products benchmarked"),
        t.number(len(results)),
        help=_("{n} of them in corridors with an average.", n=t.number(len(with_avg))),
    )
    m2.metric(
        _("Dearer than the corridor average"),
        _(
            "{count} of {total}",
            count=t.number(int((with_avg["gap_to_average_pp"] > 0).sum())),
            total=t.number(len(with_avg)),
        ),
        help=_("Products whose total cost is above their corridor's average in the quarter compared."),
    )
    m3.metric(
        _("Above the {ceiling} SDG ceiling", ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0)),
        t.number(int((results["total_cost_pct"] > SDG_CORRIDOR_CEILING_PCT).sum())),
    )
    yearly = with_avg["gap_to_average_usd_per_year"].sum()
    m4.metric(
        _("Net gap a year"),
        ("+" if yearly > 0 else "−" if yearly < 0 else "") + money(abs(yearly)),
        help=_(
            "Sum over products of amount × gap ÷ 100 × transfers a year: what your customers pay above (+) or below "
            "(−) the corridor averages in a year, at the volumes given."
        ),
    )
    without = int(results["corridor_average_pct"].isna().sum())
    if without:
        st.caption(
            _n(
                "{n} product has no corridor average to compare with (the World Bank does not survey the corridor, "
                "or not in that quarter): it is compared with the SDG levels and with all corridors only.",
                "{n} products have no corridor average to compare with (the World Bank does not survey the corridor, "
                "or not in that quarter): they are compared with the SDG levels and with all corridors only.",
                without,
            )
        )
    chart(
        charts.price_list_scatter(
            results,
            _("Your prices vs corridor averages (%)"),
            _("{n} products, corridor averages in {basis}", n=t.number(len(with_avg)), basis=page.basis),
            page.short,
            t=t,
        ),
        results[
            ["row", "product", "corridor", "period", "total_cost_pct", "corridor_average_pct", "gap_to_average_pp"]
        ],
        "price-list-vs-corridor-average",
        page.cite,
    )


def render_results(page: PriceListPage, problems: pd.DataFrame) -> None:
    """Every product with the telling columns first, and the downloads (CSV, Excel with the problem rows)."""
    results = page.results
    columns = {  # the most telling first, so a phone shows them without scrolling sideways
        "row": _("Row"),
        "product": _("Product"),
        "corridor": _("Corridor"),
        "total_cost_pct": _("Your total cost (%)"),
        "corridor_average_pct": _("Corridor average (%)"),
        "gap_to_average_pp": _("Gap to average (pp)"),
        "gap_to_average_usd_per_year": _("Gap to average a year (US$)"),
        "rank_among_services": _("Rank among services"),
        "rank_of": _("Of"),
        "smart_pct": _("SmaRT (%)"),
        "gap_to_smart_pp": _("Gap to SmaRT (pp)"),
        "cheapest_pct": _("Cheapest (%)"),
        "peer_average_pct": _("Peer average (%)"),
        "gap_to_peer_pp": _("Gap to peers (pp)"),
        "gap_to_3pct_pp": _("Gap to 3% (pp)"),
        "gap_to_5pct_pp": _("Gap to 5% (pp)"),
        "percentile_among_corridor_averages": _("Percentile among corridors"),
        "period": _("Quarter"),
        "amount_usd": _("Amount (US$)"),
        "note": _("Note"),
    }
    shown = results[[c for c in columns if c in results]]
    if not len(page.with_services):
        shown = shown.drop(columns=[c for c in columns if c in benchmark.SERVICE_RESULT_COLUMNS and c in shown])
    table = shown.rename(columns=columns)
    fmt = {v: st.column_config.NumberColumn(format="%.2f") for k, v in columns.items() if k.endswith("_pct")}
    fmt |= {v: st.column_config.NumberColumn(format="%+.2f") for k, v in columns.items() if k.endswith("_pp")}
    fmt |= {
        columns["gap_to_average_usd_per_year"]: st.column_config.NumberColumn(format="%+,.0f"),
        columns["percentile_among_corridor_averages"]: st.column_config.NumberColumn(format="%.0f"),
        columns["amount_usd"]: st.column_config.NumberColumn(format="%,.0f"),
        columns["note"]: st.column_config.TextColumn(width="large"),
    }
    st.dataframe(table, hide_index=True, placeholder="–", column_config=fmt, height=min(36 * (len(table) + 1) + 2, 520))
    st.caption(
        _(
            "Percentile among corridors: the share of all corridor averages that quarter cheaper than your price (0 = "
            "cheaper than every corridor). The downloads have every column: fee and margin, gaps in US$ per transfer "
            "and a year to each level, the distribution of corridor averages, services and peer groups."
        )
    )
    download(benchmark.safe_for_spreadsheet(results), "price-list-benchmark", page.cite)
    st.download_button(
        _("Download Excel"),
        benchmark.to_excel(
            {"Benchmark": results, "Problems": problems, "Corridors": benchmark.corridor_spread(results)},
            notes=[
                _("Your price list {name}, benchmarked by remit against {basis}.", name=page.name, basis=page.basis),
                _(
                    "Total cost = fee % + FX margin %; gap = your total cost − the level (pp), × amount ÷ 100 per "
                    "transfer, × transfers a year."
                ),
                _("Cite: {cite}", cite=page.cite),
            ],
        ),
        file_name="price-list-benchmark.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
        key="pl_results_xlsx",
        help=_("Three sheets: every benchmarked product with all columns, the rows with problems, and the corridors."),
    )


def render_spread(page: PriceListPage) -> None:
    """4. Per corridor of the list: services, providers, cheapest, most expensive, spread and SmaRT."""
    t = current()
    st.subheader(_("4. Spread and providers per corridor"))
    spread = benchmark.corridor_spread(page.results)
    if len(page.with_services):
        st.markdown(
            _(
                "For each corridor in your list: the services surveyed and their providers, the cheapest and the most "
                "expensive, and the spread between them (services that disclose their exchange rate, sending USD 200)."
            )
        )
    else:
        spread = spread.drop(
            columns=["services_n", "providers_n", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct"]
        )
        st.info(
            _(
                "The spread between the cheapest and the most expensive services, the number of providers, SmaRT and "
                "peer groups (same firm type, payment instrument and payout) need the World Bank's provider-level "
                "prices. Load the complete dataset in one step on the Data & methods page; until then, each "
                "corridor's average is shown."
            )
        )
        load_dataset_link()
    headers = {
        "corridor": _("Corridor"),
        "sending_name": _("From"),
        "receiving_name": _("To"),
        "period": _("Quarter"),
        "corridor_average_pct": _("Average (%)"),
        "services_n": _("Services"),
        "providers_n": _("Providers"),
        "cheapest_pct": _("Cheapest (%)"),
        "most_expensive_pct": _("Most expensive (%)"),
        "spread_pp": _("Spread (pp)"),
        "smart_pct": _("SmaRT (%)"),
        "products_n": _("Your products"),
    }
    codes = spread["corridor"].str.split("-", n=1, expand=True) if len(spread) else None
    st.dataframe(
        spread.assign(
            sending_name=[t.country(c, n) for c, n in zip(codes[0], spread["sending_name"], strict=True)]
            if codes is not None
            else spread["sending_name"],
            receiving_name=[t.country(c, n) for c, n in zip(codes[1], spread["receiving_name"], strict=True)]
            if codes is not None
            else spread["receiving_name"],
        ).rename(columns=headers),
        hide_index=True,
        placeholder="–",
        column_config={
            headers[c]: st.column_config.NumberColumn(format="%.2f")
            for c in ("corridor_average_pct", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct")
        },
        height=min(36 * (len(spread) + 1) + 2, 440),
    )
    download(spread, "price-list-corridors", page.cite)
