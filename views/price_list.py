"""Benchmark a price list: an institution's prices for many corridors against the market, from a CSV or Excel file.

The uploaded file is read in memory and kept in this session's state only: it is never passed to
the shared cache (ui/cached.py caches store data keyed by quarter), never written to the store or
to disk.
"""

from __future__ import annotations

import hashlib
import re

import streamlit as st

from remit import benchmark, charts
from remit.corridors import SDG_CORRIDOR_CEILING_PCT
from remit.countries import CountryResolver
from ui import cached
from ui.widgets import chart, citation, download, money, source_line

LATEST = "latest"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIMIT_MB = benchmark.MAX_PRICE_LIST_BYTES // 2**20


def plain(text: str) -> str:
    """Text from the user's file shown as it is, not as Markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~$])", r"\\\1", text)


st.title("Benchmark a price list")
st.caption(
    "For banks and money transfer operators with prices in many corridors: upload them in one file and see each "
    "product against its corridor's average, the SDG 3% target and 5% ceiling, and — where the World Bank's "
    "provider-level prices are loaded — the cheapest services, SmaRT and services of the same kind."
)
st.info(
    "Your file stays in this browser session. It is read in memory, never written to the data store or to disk, "
    "and it is gone when you close the tab.",
    icon=":material/lock:",
)

st.subheader("1. Fill in the template")
t1, t2, _ = st.columns([1, 1, 2])
t1.download_button(
    "Template (CSV)",
    benchmark.template_csv(),
    file_name="remit-price-list-template.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    key="pl_template_csv",
)
t2.download_button(
    "Template (Excel)",
    benchmark.template_excel(),
    file_name="remit-price-list-template.xlsx",
    mime=XLSX,
    on_click="ignore",
    icon=":material/download:",
    key="pl_template_xlsx",
)
with st.expander("What goes in each column"):
    guide = benchmark.template_guide()
    st.markdown(
        "| Column | Needed | Meaning |\n|---|---|---|\n"
        + "\n".join(f"| `{r.column}` | {r.needed} | {r.meaning} |" for r in guide.itertuples())
    )
    st.markdown("\n".join(f"- {n}" for n in benchmark.TEMPLATE_NOTES))

st.subheader("2. Upload it")
upload = st.file_uploader(
    "Your price list (CSV or Excel)",
    type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"],
    key="pl_upload",
    max_upload_size=LIMIT_MB,
    help=f"Up to {LIMIT_MB} MB and {benchmark.MAX_PRICE_LIST_ROWS:,} products: far more than a price list needs, "
    "and small enough that a wrong file cannot tie up the app.",
)
periods = cached.periods()["period"].tolist()[::-1]
s1, s2 = st.columns(2)
when = s1.selectbox(
    "Compare with",
    [LATEST, *periods],
    format_func=lambda p: "Each corridor's latest quarter with data" if p == LATEST else f"The quarter {p}",
    key="pl_period",
)
volume = s2.number_input(
    "Transfers a year per product",
    min_value=1,
    max_value=100_000_000,
    value=10_000,
    step=1_000,
    key="pl_volume",
    help="Used for products without a transfers_per_year value in the file, to put the gaps in money a year.",
)

if upload is None:
    st.caption("Upload a file to see the benchmark. The template's example rows show the layout.")
    st.stop()

content = upload.getvalue()
fingerprint = hashlib.sha256(content).hexdigest() + upload.name
if st.session_state.get("_pl_fingerprint") != fingerprint:
    countries = CountryResolver.from_table(cached.countries()[["iso3", "name"]].itertuples(index=False))
    st.session_state["_pl_parsed"] = benchmark.parse_price_list(content, upload.name, countries=countries)
    st.session_state["_pl_fingerprint"] = fingerprint
parsed: benchmark.PriceList = st.session_state["_pl_parsed"]
good, bad = parsed

if parsed.file_problem:
    st.error(f"**{upload.name} could not be benchmarked.** {bad['reason'].iloc[0]}", icon=":material/error:")
    st.stop()

row_bad = bad.dropna(subset=["row"])
st.markdown(
    f"Read **{parsed.rows_read:,} product rows** from *{upload.name}* ({parsed.describe()}): "
    f"**{len(good):,} benchmarked**, **{len(row_bad):,} with problems**."
)
extras = []
if parsed.ignored_columns:
    extras.append(f"Columns not used: {', '.join(parsed.ignored_columns)}.")
if parsed.blank_rows:
    extras.append(f"{parsed.blank_rows:,} blank rows skipped.")
if extras:
    st.caption(" ".join(extras))
for note in parsed.notes:
    st.warning(note)

if len(row_bad):
    st.warning(
        f"**{len(row_bad):,} {'row' if len(row_bad) == 1 else 'rows'} could not be benchmarked.** Each is listed with every reason; row numbers are as "
        "in your file (the header is the first row of a CSV). Fix them and upload the file again.",
        icon=":material/warning:",
    )
    st.dataframe(
        row_bad[["row", "reason", "product", "sending", "receiving"]].rename(
            columns={
                "row": "Row",
                "product": "Product",
                "sending": "Sending",
                "receiving": "Receiving",
                "reason": "Why it cannot be benchmarked",
            }
        ),
        hide_index=True,
        placeholder="–",
        column_config={"Why it cannot be benchmarked": st.column_config.TextColumn(width=560)},
        height=min(36 * (len(row_bad) + 1) + 2, 440),
    )
    with st.expander("Every reason in full"):
        st.markdown(
            "\n".join(
                f"- **Row {r.row}**"
                + (f" ({plain(r.product)})" if isinstance(r.product, str) else "")
                + f": {plain(r.reason)}"
                for r in row_bad.head(500).itertuples()
            )
        )
    download(
        benchmark.safe_for_spreadsheet(row_bad),
        f"price-list-problems-{upload.name}",
        "Your own price list, checked by remit.",
    )

if good.empty:
    st.stop()

has_providers = cached.has_provider_data()
results = benchmark.benchmark_frame(
    good,
    cached.benchmark_corridor_costs(),
    cached.benchmark_services if has_providers else None,
    fallback_period=cached.benchmark_fallback_period(),
    period=None if when == LATEST else when,
    transfers_per_year=float(volume),
)
with_avg = results.dropna(subset=["corridor_average_pct"])
with_services = results[results["services_n"].fillna(0) > 0]
used = list(dict.fromkeys([*results["source_id"].dropna().unique(), *(["rpw_provider"] if len(with_services) else [])]))
cite, short = citation(*used), source_line(used)
quarters = sorted(results["period"].unique())
quarter_text = quarters[0] if len(quarters) == 1 else f"{quarters[0]}–{quarters[-1]}"

st.subheader("3. Where your prices sit")
basis = (
    "each corridor's latest quarter with data" if when == LATEST else f"{when}, the quarter chosen"
) + f" ({quarter_text})"
st.markdown(f"Each product against its corridor in {basis}. Gaps are your price minus the level: above zero is dearer.")
m1, m2, m3, m4 = st.columns(4)
m1.metric("Products benchmarked", f"{len(results):,}", help=f"{len(with_avg):,} of them in corridors with an average.")
m2.metric(
    "Dearer than the corridor average",
    f"{int((with_avg['gap_to_average_pp'] > 0).sum()):,} of {len(with_avg):,}",
    help="Products whose total cost is above their corridor's average in the quarter compared.",
)
m3.metric(
    f"Above the {SDG_CORRIDOR_CEILING_PCT:.0f}% SDG ceiling",
    f"{int((results['total_cost_pct'] > SDG_CORRIDOR_CEILING_PCT).sum()):,}",
)
yearly = with_avg["gap_to_average_usd_per_year"].sum()
m4.metric(
    "Net gap a year",
    ("+" if yearly > 0 else "−" if yearly < 0 else "") + money(abs(yearly)),
    help="Sum over products of amount × gap ÷ 100 × transfers a year: what your customers pay above (+) or below (−) "
    "the corridor averages in a year, at the volumes given.",
)
without = results[results["corridor_average_pct"].isna()]
if len(without):
    st.caption(
        f"{len(without):,} products have no corridor average to compare with (the World Bank does not survey the "
        f"corridor, or not in that quarter): they are compared with the SDG levels and with all corridors only."
    )

chart(
    charts.price_list_scatter(
        results,
        "Your prices vs corridor averages (%)",
        f"{len(with_avg):,} products, corridor averages in {basis}",
        short,
    ),
    results[["row", "product", "corridor", "period", "total_cost_pct", "corridor_average_pct", "gap_to_average_pp"]],
    "price-list-vs-corridor-average",
    cite,
)

COLUMNS = {  # the most telling first, so a phone shows them without scrolling sideways
    "row": "Row",
    "product": "Product",
    "corridor": "Corridor",
    "total_cost_pct": "Your total cost (%)",
    "corridor_average_pct": "Corridor average (%)",
    "gap_to_average_pp": "Gap to average (pp)",
    "gap_to_average_usd_per_year": "Gap to average a year (US$)",
    "rank_among_services": "Rank among services",
    "rank_of": "Of",
    "smart_pct": "SmaRT (%)",
    "gap_to_smart_pp": "Gap to SmaRT (pp)",
    "cheapest_pct": "Cheapest (%)",
    "peer_average_pct": "Peer average (%)",
    "gap_to_peer_pp": "Gap to peers (pp)",
    "gap_to_3pct_pp": "Gap to 3% (pp)",
    "gap_to_5pct_pp": "Gap to 5% (pp)",
    "percentile_among_corridor_averages": "Percentile among corridors",
    "period": "Quarter",
    "amount_usd": "Amount (US$)",
    "note": "Note",
}
shown = results[[c for c in COLUMNS if c in results]]
if not len(with_services):
    shown = shown.drop(columns=[c for c in COLUMNS if c in benchmark.SERVICE_RESULT_COLUMNS and c in shown])
table = shown.rename(columns=COLUMNS)
fmt = {v: st.column_config.NumberColumn(format="%.2f") for k, v in COLUMNS.items() if k.endswith("_pct")}
fmt |= {v: st.column_config.NumberColumn(format="%+.2f") for k, v in COLUMNS.items() if k.endswith("_pp")}
fmt |= {
    "Gap to average a year (US$)": st.column_config.NumberColumn(format="%+,.0f"),
    "Percentile among corridors": st.column_config.NumberColumn(format="%.0f"),
    "Amount (US$)": st.column_config.NumberColumn(format="%,.0f"),
    "Note": st.column_config.TextColumn(width="large"),
}
st.dataframe(table, hide_index=True, placeholder="–", column_config=fmt, height=min(36 * (len(table) + 1) + 2, 520))
st.caption(
    "Percentile among corridors: the share of all corridor averages that quarter cheaper than your price (0 = cheaper "
    "than every corridor). The downloads have every column: fee and margin, gaps in US$ per transfer and a year to "
    "each level, the distribution of corridor averages, services and peer groups."
)
download(benchmark.safe_for_spreadsheet(results), "price-list-benchmark", cite)
st.download_button(
    "Download Excel",
    benchmark.to_excel(
        {"Benchmark": results, "Problems": bad, "Corridors": benchmark.corridor_spread(results)},
        notes=[
            f"Your price list {upload.name}, benchmarked by remit against {basis}.",
            "Total cost = fee % + FX margin %; gap = your total cost − the level (pp), × amount ÷ 100 per "
            "transfer, × transfers a year.",
            f"Cite: {cite}",
        ],
    ),
    file_name="price-list-benchmark.xlsx",
    mime=XLSX,
    on_click="ignore",
    icon=":material/download:",
    key="pl_results_xlsx",
    help="Three sheets: every benchmarked product with all columns, the rows with problems, and the corridors.",
)

st.subheader("4. Spread and providers per corridor")
spread = benchmark.corridor_spread(results)
if len(with_services):
    st.markdown(
        "For each corridor in your list: the services surveyed and their providers, the cheapest and the most "
        "expensive, and the spread between them (services that disclose their exchange rate, sending USD 200)."
    )
else:
    spread = spread.drop(
        columns=["services_n", "providers_n", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct"]
    )
    st.info(
        "The spread between the cheapest and the most expensive services, the number of providers, SmaRT and peer "
        "groups (same firm type, payment instrument and payout) need the World Bank's provider-level prices. Load the "
        "complete dataset in one step on the Data & methods page; until then, each corridor's average is shown."
    )
    st.page_link("views/data_methods.py", label="Load the complete dataset", icon=":material/upload:")
st.dataframe(
    spread.rename(
        columns={
            "corridor": "Corridor",
            "sending_name": "From",
            "receiving_name": "To",
            "period": "Quarter",
            "corridor_average_pct": "Average (%)",
            "services_n": "Services",
            "providers_n": "Providers",
            "cheapest_pct": "Cheapest (%)",
            "most_expensive_pct": "Most expensive (%)",
            "spread_pp": "Spread (pp)",
            "smart_pct": "SmaRT (%)",
            "products_n": "Your products",
        }
    ),
    hide_index=True,
    placeholder="–",
    column_config={
        c: st.column_config.NumberColumn(format="%.2f")
        for c in ("Average (%)", "Cheapest (%)", "Most expensive (%)", "Spread (pp)", "SmaRT (%)")
    },
    height=min(36 * (len(spread) + 1) + 2, 440),
)
download(spread, "price-list-corridors", cite)
