"""Foundation benchmark on the shipped data: store build, app cold start, page queries vs plain pandas.

Run from the checkout:  python benchmarks/bench_foundation.py [--repeat N] [--json]

1. Store build: remit.build.build_store into a temporary store path, N times (median, min), and
   the store's file size.
2. App cold start: `streamlit run app.py` with REMIT_STORE on a fresh temporary path (so the time
   includes the first-start build) and again with that store already built; time from starting the
   server process until the Overview page has rendered in Debian's headless Chromium (the h1 is
   visible, at least one Plotly chart is on the page and the status widget is not "Running").
   The browser is launched before the clock starts. Skipped, with the reason, if Chromium or
   playwright is missing.
3. The pages' main queries against the built store over one read-only connection, a cursor per
   query (median of N, ms).
4. The same results computed with plain pandas from the raw files, re-read on every call as a user
   without the store would (read, melt, filter, group), timed the same way. The two must agree on
   key figures before anything is printed, so the pandas/DuckDB ratio compares equal work.

Nothing here asserts on a time; the only checks are that both implementations give the same numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "benchmarks"):  # the remit package and app_server, however this is run
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from app_server import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop, wait_healthy  # noqa: E402

from remit import corridors, impact, store  # noqa: E402
from remit.build import build_store, load_sources  # noqa: E402
from remit.countries import CODE_OVERRIDES  # noqa: E402  (RPW's own codes, e.g. KSV for Kosovo)

OVERVIEW_H1 = "Where do remittances cost too much?"
SERVER_START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_MS = 120_000  # a first start builds the store before the page can render
HISTORY_PAIR = ("RUS", "TJK")
TARGET_PCT = corridors.SDG_TARGET_PCT
MAX_AGE_YEARS = 5

# The Overview page has rendered: its h1 is visible, a Plotly chart exists, and the script run is over.
RENDERED_JS = """(h1Text) => {
    const h1 = [...document.querySelectorAll('h1')].find(
        (h) => h.innerText.includes(h1Text) && h.getClientRects().length > 0);
    if (!h1 || !document.querySelector('.js-plotly-plot')) return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    if (!status) return true;
    const labels = [...status.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
    return !/running/i.test(status.innerText + ' ' + labels.join(' '));
}"""


def log(message: str) -> None:
    """Progress on stderr, so that --json keeps stdout clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by fn() and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def repeat_ms(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """fn() run `repeat` times: the times in ms and the last result."""
    times, result = [], None
    for _ in range(repeat):
        seconds, result = timed(fn)
        times.append(seconds * 1000)
    return times, result


# --- 1. Store build --------------------------------------------------------------------------------


def bench_build(data: Path, store_file: Path, repeat: int) -> dict[str, Any]:
    """build_store into store_file, `repeat` times (each run replaces the previous store)."""
    runs, summary = [], {}
    for i in range(repeat):
        seconds, summary = timed(lambda: build_store(data=data, store=store_file))
        runs.append(seconds)
        log(f"build {i + 1}/{repeat}: {seconds:.2f} s")
    return {
        "runs_s": runs,
        "median_s": statistics.median(runs),
        "min_s": min(runs),
        "store_bytes": store_file.stat().st_size,
        "rows": summary["rows"],
    }


# --- 2. App cold start -----------------------------------------------------------------------------


def chromium_unavailable() -> str | None:
    """Why the browser figure cannot be measured here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -r requirements-dev.txt)"
    return None


def time_first_render(browser: Any, store_file: Path, log_file: Path) -> dict[str, Any]:
    """Seconds from starting the server to the Overview page rendered in a fresh browser context."""
    store_existed = store_file.exists()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    proc = start_app(port, log_file, env={"REMIT_STORE": str(store_file)})
    context = None
    try:
        wait_healthy(url, proc, log_file, timeout_s=SERVER_START_TIMEOUT_S)
        server_ready = time.perf_counter() - start
        context = browser.new_context(viewport={"width": 1400, "height": 2000})
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_function(RENDERED_JS, arg=OVERVIEW_H1, timeout=RENDER_TIMEOUT_MS, polling=50)
        rendered = time.perf_counter() - start
        errors = page.locator('[data-testid="stException"]').all_inner_texts()
        if errors:
            raise RuntimeError(f"the Overview page raised an exception: {errors[0][:500]}")
    finally:
        if context is not None:
            context.close()
        stop(proc)
    return {"store_existed": store_existed, "server_healthy_s": server_ready, "rendered_s": rendered}


def bench_cold_start() -> dict[str, Any]:
    """First start on a missing store (includes the build), then a start on the store it built."""
    reason = chromium_unavailable()
    if reason:
        return {"skipped": reason}
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="remit-bench-app-") as tmp, sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            return {"skipped": f"Chromium did not launch: {str(exc).splitlines()[0]}"}
        try:
            store_file = Path(tmp) / "remit.duckdb"
            log("cold start: fresh store (the app builds it)")
            fresh = time_first_render(browser, store_file, Path(tmp) / "fresh.log")
            log(f"  rendered after {fresh['rendered_s']:.2f} s")
            log("cold start: store already built")
            built = time_first_render(browser, store_file, Path(tmp) / "built.log")
            log(f"  rendered after {built['rendered_s']:.2f} s")
            return {"chromium": browser.version, "fresh_store": fresh, "built_store": built}
        finally:
            browser.close()


# --- 3/4. Page queries: DuckDB store vs plain pandas over the raw files -----------------------------


@dataclass(frozen=True)
class RawFiles:
    """The raw files the pandas reference implementations read (paths from data/sources.toml)."""

    databank: Path  # RPW DataBank corridor averages, wide quarters
    panel: Path  # RPW corridor-quarter panel to South Asia, country names
    received: Path  # WDI remittances received (US$), API CSV
    metadata: Path  # WDI country metadata: region (blank for aggregates), names
    gdp: Path  # WDI GDP (US$), datahub.io long CSV
    cost_to: Path  # WDI average cost of sending to a country (%), Excel
    focus: Path  # the focus region's ISO3 codes

    @classmethod
    def from_sources(cls, data: Path) -> RawFiles:
        by_id = {s["id"]: s for s in load_sources(data)}
        return cls(
            databank=data / by_id["rpw_databank"]["file"],
            panel=data / by_id["rpw_panel_southasia"]["file"],
            received=data / by_id["wdi_received"]["file"],
            metadata=data / by_id["wdi_received"]["metadata_file"],
            gdp=data / by_id["wdi_gdp"]["file"],
            cost_to=data / by_id["wdi_cost_to"]["file"],
            focus=data / "focus_region.csv",
        )


def pd_countries(raw: RawFiles) -> pd.DataFrame:
    """iso3, name, is_aggregate, focus_subregion from the WDI metadata and the focus list."""
    meta = pd.read_csv(raw.metadata, encoding="utf-8-sig")
    countries = pd.DataFrame(
        {
            "iso3": meta["Country Code"].str.strip(),
            "name": meta["TableName"].str.strip(),
            "is_aggregate": meta["Region"].isna(),
        }
    )
    focus = pd.read_csv(raw.focus).rename(columns={"subregion": "focus_subregion"})
    return countries.merge(focus, on="iso3", how="left")


def pd_databank(raw: RawFiles) -> pd.DataFrame:
    """The DataBank export as long corridor-quarter rows: period, sending_iso3, receiving_iso3, cost."""
    wide = pd.read_csv(raw.databank, encoding="utf-8-sig", na_values="..")
    wide.columns = [" ".join(c.split()) for c in wide.columns]
    wide = wide.dropna(subset=["Series Code"])  # the footer lines
    quarters = [c for c in wide.columns if c[:4].isdigit()]
    long = wide.melt(
        id_vars=["Sending Countries Code", "Receiving Countries Code"],
        value_vars=quarters,
        var_name="period",
        value_name="total_cost_pct_200",
    ).dropna(subset=["total_cost_pct_200"])
    return pd.DataFrame(
        {
            "period": long["period"].str[:6],
            "sending_iso3": long["Sending Countries Code"].replace(CODE_OVERRIDES),
            "receiving_iso3": long["Receiving Countries Code"].replace(CODE_OVERRIDES),
            "total_cost_pct_200": long["total_cost_pct_200"].astype("float64"),
        }
    )


def pd_panel(raw: RawFiles, countries: pd.DataFrame) -> pd.DataFrame:
    """The South Asia panel's rows keyed like the DataBank's (names -> ISO3 via the WDI names)."""
    panel = pd.read_csv(raw.panel)
    code = dict(zip(countries["name"], countries["iso3"], strict=True))
    return pd.DataFrame(
        {
            "period": panel["quarter"],
            "sending_iso3": panel["sending_country"].map(code),
            "receiving_iso3": panel["receiving_country"].map(code),
            "total_cost_pct_200": panel["total_cost_pct"].astype("float64"),
        }
    )


def with_names(costs: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    names = countries.set_index("iso3")
    return costs.assign(
        sending_name=costs["sending_iso3"].map(names["name"]),
        receiving_name=costs["receiving_iso3"].map(names["name"]),
        sending_subregion=costs["sending_iso3"].map(names["focus_subregion"]),
        receiving_subregion=costs["receiving_iso3"].map(names["focus_subregion"]),
    )


def pd_corridor_costs(raw: RawFiles, scope: str) -> pd.DataFrame:
    """corridors.corridor_costs(scope): the DataBank's corridor-quarters, named, in a scope."""
    countries = pd_countries(raw)
    costs = with_names(pd_databank(raw), countries)
    if scope == "focus":
        costs = costs[costs["sending_subregion"].notna() | costs["receiving_subregion"].notna()]
    return costs.sort_values(["period", "sending_iso3", "receiving_iso3"], ignore_index=True)


def pd_quarterly_summary(costs: pd.DataFrame) -> pd.DataFrame:
    """corridors.quarterly_summary: per quarter count, mean, spread and SDG counts, gaps kept."""
    cost = costs["total_cost_pct_200"]
    g = costs.assign(above=cost > corridors.SDG_CORRIDOR_CEILING_PCT, below=cost < TARGET_PCT).groupby("period")
    out = pd.DataFrame(
        {
            "corridors_n": g.size(),
            "mean_of_corridor_averages_pct": g["total_cost_pct_200"].mean(),
            "median_pct": g["total_cost_pct_200"].median(),
            "p10_pct": g["total_cost_pct_200"].quantile(0.10),
            "p90_pct": g["total_cost_pct_200"].quantile(0.90),
            "min_pct": g["total_cost_pct_200"].min(),
            "max_pct": g["total_cost_pct_200"].max(),
            "above_5pct_n": g["above"].sum(),
            "below_3pct_n": g["below"].sum(),
        }
    )
    grid = pd.period_range(out.index.min(), out.index.max(), freq="Q").astype(str)
    return out.reindex(grid).rename_axis("period").reset_index()


def pd_wdi_csv(path: Path) -> pd.DataFrame:
    """A WDI API CSV as iso3, year, value rows (values present only)."""
    wide = pd.read_csv(path, skiprows=4, encoding="utf-8-sig")
    years = [c for c in wide.columns if c.isdigit()]
    long = wide.melt(id_vars="Country Code", value_vars=years, var_name="year", value_name="value").dropna()
    return long.rename(columns={"Country Code": "iso3"}).astype({"year": "int64", "value": "float64"})


def pd_wdi_excel(path: Path) -> pd.DataFrame:
    """A WDI Excel download (sheet Data, three title rows) as iso3, year, value rows."""
    wide = pd.read_excel(path, sheet_name="Data", skiprows=3, engine="calamine")
    years = [c for c in wide.columns if str(c).isdigit()]
    long = wide.melt(id_vars="Country Code", value_vars=years, var_name="year", value_name="value").dropna()
    return long.rename(columns={"Country Code": "iso3"}).astype({"year": "int64", "value": "float64"})


def latest_per_country(df: pd.DataFrame) -> pd.DataFrame:
    return df.loc[df.groupby("iso3")["year"].idxmax()]


def in_scope(countries: pd.DataFrame, scope: str) -> pd.DataFrame:
    keep = ~countries["is_aggregate"]
    if scope == "focus":
        keep &= countries["focus_subregion"].notna()
    return countries[keep]


def pd_at_stake(raw: RawFiles, scope: str = "focus", target_pct: float = TARGET_PCT) -> pd.DataFrame:
    """impact.at_stake: the flow of pd_dependence (latest year with flow and GDP), the latest cost of
    sending there, the cost paid and the saving at a target (empty where there is no cost figure)."""
    flow = pd_dependence(raw, scope).rename(columns={"year": "flow_year"})
    cost = latest_per_country(pd_wdi_excel(raw.cost_to))
    df = flow.merge(
        cost.rename(columns={"year": "cost_year", "value": "cost_to_country_pct"}), on="iso3", how="left"
    ).sort_values("remit_received_usd", ascending=False, ignore_index=True)
    df["cost_paid_usd"] = df["remit_received_usd"] * df["cost_to_country_pct"] / 100
    df["savings_at_target_usd"] = (df["remit_received_usd"] * (df["cost_to_country_pct"] - target_pct) / 100).clip(
        lower=0
    )
    return df


def pd_dependence(raw: RawFiles, scope: str = "world") -> pd.DataFrame:
    """impact.dependence: latest remittances received / GDP x 100 per economy."""
    received = pd_wdi_csv(raw.received).rename(columns={"value": "remit_received_usd"})
    gdp = pd.read_csv(raw.gdp).rename(columns={"Country Code": "iso3", "Year": "year", "Value": "gdp_usd"})
    both = received.merge(gdp[["iso3", "year", "gdp_usd"]], on=["iso3", "year"])
    both = both[(both["remit_received_usd"] > 0) & (both["gdp_usd"] > 0)]
    both = latest_per_country(both[both["year"] >= both["year"].max() - MAX_AGE_YEARS])
    df = in_scope(pd_countries(raw), scope)[["iso3", "name", "focus_subregion"]].merge(both, on="iso3")
    df["remit_received_pct_gdp_calc"] = df["remit_received_usd"] / df["gdp_usd"] * 100
    return df.sort_values("remit_received_pct_gdp_calc", ascending=False, ignore_index=True)


def pd_corridor_history(raw: RawFiles, sending: str, receiving: str) -> pd.DataFrame:
    """corridors.corridor_history: every quarter of one corridor; the DataBank wins where both have it."""
    countries = pd_countries(raw)
    parts = [pd_databank(raw), pd_panel(raw, countries)]
    rows = [p[(p["sending_iso3"] == sending) & (p["receiving_iso3"] == receiving)] for p in parts]
    history = pd.concat(rows, ignore_index=True).drop_duplicates("period", keep="first")
    if history.empty:
        raise LookupError(f"no data for {sending}->{receiving}")
    return with_names(history, countries).sort_values("period", ignore_index=True)


def pd_info(raw: RawFiles) -> dict[str, Any]:
    """The corridor and flow-year parts of store.info: corridor counts, periods, flow years."""
    databank = pd_databank(raw)
    panel = pd_panel(raw, pd_countries(raw))
    rows = pd.concat([databank, panel]).drop_duplicates(["period", "sending_iso3", "receiving_iso3"])
    pairs = rows[["sending_iso3", "receiving_iso3"]].drop_duplicates()
    received = pd_wdi_csv(raw.received)
    return {
        "corridor_cost_rows": len(rows),
        "corridors": len(pairs),
        "sending_countries": pairs["sending_iso3"].nunique(),
        "receiving_countries": pairs["receiving_iso3"].nunique(),
        "period_first": rows["period"].min(),
        "period_last": rows["period"].max(),
        "period_complete": databank["period"].max(),
        "flow_years": [int(received["year"].min()), int(received["year"].max())],
    }


@dataclass(frozen=True)
class Query:
    name: str
    duck: Callable[[duckdb.DuckDBPyConnection], Any]
    pandas: Callable[[RawFiles], Any]


def duck_costs_summary(con: duckdb.DuckDBPyConnection, scope: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    costs = corridors.corridor_costs(con.cursor(), scope)
    return costs, corridors.quarterly_summary(costs)


def pandas_costs_summary(raw: RawFiles, scope: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    costs = pd_corridor_costs(raw, scope)
    return costs, pd_quarterly_summary(costs)


QUERIES = [
    Query(
        "corridor_costs + quarterly_summary (focus)",
        lambda con: duck_costs_summary(con, "focus"),
        lambda raw: pandas_costs_summary(raw, "focus"),
    ),
    Query(
        "corridor_costs + quarterly_summary (world)",
        lambda con: duck_costs_summary(con, "world"),
        lambda raw: pandas_costs_summary(raw, "world"),
    ),
    Query(
        "impact.at_stake (focus)",
        lambda con: impact.at_stake(con.cursor(), "focus", TARGET_PCT),
        lambda raw: pd_at_stake(raw, "focus", TARGET_PCT),
    ),
    Query(
        "impact.dependence (world)",
        lambda con: impact.dependence(con.cursor(), "world"),
        lambda raw: pd_dependence(raw, "world"),
    ),
    Query(
        f"corridor_history ({HISTORY_PAIR[0]} -> {HISTORY_PAIR[1]})",
        lambda con: corridors.corridor_history(con.cursor(), *HISTORY_PAIR),
        lambda raw: pd_corridor_history(raw, *HISTORY_PAIR),
    ),
    Query("store.info", lambda con: dataclasses.asdict(store.info(con.cursor())), pd_info),
]


# --- Agreement checks (on results, never on times) ------------------------------------------------


def agree(what: str, ok: bool, detail: str = "") -> None:
    if not ok:
        raise AssertionError(f"DuckDB and pandas disagree on {what}{': ' + detail if detail else ''}")


def same_numbers(a: pd.Series, b: pd.Series) -> bool:
    return len(a) == len(b) and bool(
        np.allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9, atol=1e-9, equal_nan=True)
    )


def check_summary(scope: str, duck: tuple[pd.DataFrame, pd.DataFrame], pand: tuple[pd.DataFrame, pd.DataFrame]) -> str:
    (d_costs, d_sum), (p_costs, p_sum) = duck, pand
    agree(f"{scope} corridor rows", len(d_costs) == len(p_costs), f"{len(d_costs)} vs {len(p_costs)}")
    agree(f"{scope} quarters", d_sum["period"].tolist() == p_sum["period"].tolist())
    for col in ("corridors_n", "mean_of_corridor_averages_pct", "median_pct", "p10_pct", "p90_pct", "max_pct",
                "above_5pct_n", "below_3pct_n"):  # fmt: skip
        agree(f"{scope} summary {col}", same_numbers(d_sum[col], p_sum[col]))
    d_last = d_sum.dropna(subset=["corridors_n"]).iloc[-1]
    p_last = p_sum.dropna(subset=["corridors_n"]).iloc[-1]
    agree(f"{scope} latest quarter", d_last["period"] == p_last["period"])
    agree(f"{scope} {d_last['period']} corridor count", int(d_last["corridors_n"]) == int(p_last["corridors_n"]))
    agree(
        f"{scope} {d_last['period']} mean",
        abs(d_last["mean_of_corridor_averages_pct"] - p_last["mean_of_corridor_averages_pct"]) < 1e-9,
    )
    return (
        f"{scope} {d_last['period']}: {int(d_last['corridors_n'])} corridors, "
        f"mean {d_last['mean_of_corridor_averages_pct']:.4f}%"
    )


def check_at_stake(duck: pd.DataFrame, pand: pd.DataFrame) -> str:
    agree("at_stake economies", duck["iso3"].tolist() == pand["iso3"].tolist())
    agree("at_stake flow years", duck["flow_year"].tolist() == pand["flow_year"].tolist())
    for col in ("remit_received_usd", "cost_year", "cost_to_country_pct", "cost_paid_usd", "savings_at_target_usd"):
        agree(f"at_stake {col}", same_numbers(duck[col], pand[col]))
    return f"at_stake focus: {len(duck)} economies, saving at 3% US${duck['savings_at_target_usd'].sum() / 1e9:.3f} bn"


def check_dependence(duck: pd.DataFrame, pand: pd.DataFrame) -> str:
    agree("dependence economies", duck["iso3"].tolist() == pand["iso3"].tolist())
    agree("dependence years", duck["year"].tolist() == pand["year"].tolist())
    agree("dependence % of GDP", same_numbers(duck["remit_received_pct_gdp_calc"], pand["remit_received_pct_gdp_calc"]))
    top = duck.iloc[0]
    return (
        f"dependence world: {len(duck)} economies, top {top['iso3']} {top['remit_received_pct_gdp_calc']:.2f}% of GDP"
    )


def check_history(duck: pd.DataFrame, pand: pd.DataFrame) -> str:
    agree("history quarters", duck["period"].tolist() == pand["period"].tolist())
    agree("history costs", same_numbers(duck["total_cost_pct_200"], pand["total_cost_pct_200"]))
    last = duck.iloc[-1]
    return (
        f"history {HISTORY_PAIR[0]}->{HISTORY_PAIR[1]}: {len(duck)} quarters, "
        f"{last['period']} {last['total_cost_pct_200']:.3f}%"
    )


def check_info(duck: dict[str, Any], pand: dict[str, Any]) -> str:
    duck_view = {**{k: duck[k] for k in pand if k in duck}, "corridor_cost_rows": duck["tables"]["corridor_cost"]}
    for key, value in pand.items():
        agree(f"info {key}", duck_view[key] == value, f"{duck_view[key]!r} vs {value!r}")
    return f"info: {duck['corridors']} corridors, {duck['period_first']}-{duck['period_last']}"


def check_agreement(results: dict[str, tuple[Any, Any]]) -> list[str]:
    """Raise AssertionError unless both implementations give the same key numbers; return them."""
    names = [q.name for q in QUERIES]
    return [
        check_summary("focus", *results[names[0]]),
        check_summary("world", *results[names[1]]),
        check_at_stake(*results[names[2]]),
        check_dependence(*results[names[3]]),
        check_history(*results[names[4]]),
        check_info(*results[names[5]]),
    ]


def bench_queries(store_file: Path, raw: RawFiles, repeat: int) -> dict[str, Any]:
    """Median ms of each query on the store (one read-only connection) and in pandas over raw files."""
    rows, results = [], {}
    with store.connect(store_file) as con:
        for q in QUERIES:
            duck_ms, duck_result = repeat_ms(lambda q=q: q.duck(con), repeat)
            pandas_ms, pandas_result = repeat_ms(lambda q=q: q.pandas(raw), repeat)
            results[q.name] = (duck_result, pandas_result)
            duck_med, pandas_med = statistics.median(duck_ms), statistics.median(pandas_ms)
            rows.append(
                {
                    "query": q.name,
                    "duckdb_ms": duck_med,
                    "pandas_ms": pandas_med,
                    "ratio": pandas_med / duck_med,
                    "duckdb_runs_ms": duck_ms,
                    "pandas_runs_ms": pandas_ms,
                }
            )
            log(f"{q.name}: duckdb {duck_med:.1f} ms, pandas {pandas_med:.1f} ms")
    return {"rows": rows, "agreed": check_agreement(results)}


# --- Report ----------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    import streamlit

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "streamlit": streamlit.__version__,
    }


def render_table(report: dict[str, Any]) -> str:
    m, b, c, q = report["machine"], report["build"], report["cold_start"], report["queries"]
    lines = [
        f"remit foundation benchmark  |  {m['cpu_count']} CPUs, Python {m['python']}, duckdb {m['duckdb']}, "
        f"pandas {m['pandas']}, streamlit {m['streamlit']}  |  {m['platform']}",
        f"repeat = {report['repeat']} (medians unless stated)",
        "",
        "1. Store build (build_store into a temporary path)",
        f"   {'median':<44}{b['median_s']:>10.2f} s",
        f"   {'min':<44}{b['min_s']:>10.2f} s",
        f"   {'store file size':<44}{b['store_bytes'] / 1e6:>10.1f} MB",
        "",
        "2. App cold start: server process start -> Overview rendered in headless Chromium (1 run each)",
    ]
    if "skipped" in c:
        lines.append(f"   skipped: {c['skipped']}")
    else:
        for key, label in (("fresh_store", "fresh store (includes the first-start build)"),
                           ("built_store", "store already built")):  # fmt: skip
            r = c[key]
            lines.append(
                f"   {label:<44}{r['rendered_s']:>10.2f} s   (server healthy after {r['server_healthy_s']:.2f} s)"
            )
        lines.append(f"   Chromium {c['chromium']}, launched before the clock starts")
    lines += [
        "",
        "3-4. Page queries: DuckDB store (read-only, cursor per query) vs plain pandas re-reading the raw files",
        f"   {'query':<44}{'duckdb ms':>10}{'pandas ms':>11}{'pandas/duckdb':>15}",
    ]
    for r in q["rows"]:
        lines.append(f"   {r['query']:<44}{r['duckdb_ms']:>10.1f}{r['pandas_ms']:>11.1f}{r['ratio']:>14.1f}x")
    lines += [
        "   (pandas times include reading the raw CSV/Excel files on every call, as without a store;",
        "    store.info's pandas version computes its corridor and flow-year fields, not table counts or sources)",
        "",
        "   Both implementations agree on:",
    ]
    lines += [f"     {s}" for s in q["agreed"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per build and per query (default 5)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of the table")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    data = store.data_dir()
    raw = RawFiles.from_sources(data)
    with tempfile.TemporaryDirectory(prefix="remit-bench-") as tmp:
        store_file = Path(tmp) / "remit.duckdb"
        build = bench_build(data, store_file, args.repeat)
        queries = bench_queries(store_file, raw, args.repeat)
    cold_start = bench_cold_start()
    report = {
        "machine": machine(),
        "repeat": args.repeat,
        "build": build,
        "cold_start": cold_start,
        "queries": queries,
    }
    print(json.dumps(report, indent=2, default=str) if args.json else render_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
