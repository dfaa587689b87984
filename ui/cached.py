"""The one place where Streamlit caches wrap the remit library.

One read-only DuckDB connection per process (cached as a resource, opened anew on the new file when the
store file is replaced or written, see remit.store.open_file; the old one is dropped then and closes
when its last query ends); every query runs on its own cursor, because Streamlit serves sessions on
threads. Query results are cached per store version, so a rebuilt store is served on the next page view;
they are kept as objects and every call gets its own shallow copy (memo.fresh).
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import pandas as pd
import streamlit as st

from remit import build, corridors, costs, explorer, impact, prices, scenarios, store
from remit import charts as _charts
from remit.errors import RemitError, WriteFailed
from remit.messages import Message
from ui import memo
from ui.i18n import _, current, say
from ui.url_state import plain

_QUERIES: dict[str, Callable[..., Any]] = {}


_SETTLED = threading.Event()


def settle() -> None:
    """Once per process, after its first page has run: the modules and data loaded by then (about 180,000
    objects: pandas, plotly, Streamlit, the first results) leave the garbage collector's generations
    (gc.freeze), so that its full collections, which stall every session while they run, walk only what
    the sessions create afterwards: 15 ms instead of 160 ms each on this app (benchmarks/RESULTS.md)."""
    if not _SETTLED.is_set():
        _SETTLED.set()
        gc.freeze()
        # At exit the frozen objects go back to the collector, so that DuckDB's types are freed before the
        # interpreter ends (else its bindings report them as leaked).
        atexit.register(gc.unfreeze)


def store_version() -> str:
    """Changes whenever the store file is replaced (a build swaps in a new file) or written."""
    return store.file_identity()


def _root(exc: RemitError) -> RemitError:
    """The error a failed build started from (a data file's problem), when the store's error wraps one."""
    return exc.__cause__ if isinstance(exc.__cause__, RemitError) else exc


def ensure_store() -> None:
    """Make sure there is a store to serve, as remit.build.ensure_store does, and say what happened.

    A build (first start, data files changed, a damaged store) shows a progress bar. When the data
    files changed but cannot be built, the last good store is kept and a warning says so; when there
    is no store that can be served, the page says what is wrong and how to fix it, and stops.
    """
    bar = None

    def progress(frac: float, step: Message) -> None:
        nonlocal bar
        if bar is None:  # only when a build starts: a kept store is not rebuilt on every page view
            bar = st.progress(0.0, text=_("Building the data store…"))
        bar.progress(min(max(frac, 0.0), 1.0), text=say(step))

    try:
        done = build.ensure_store(progress=progress)
    except RemitError as exc:
        if bar is not None:
            bar.empty()
        st.error(
            _(
                "**The data could not be loaded.** There is no data store that can be read, and it could not "
                "be built from the data files: {problem}\n\nFix or restore the file named above in {folder}, "
                "then rebuild the store with `python -m remit build` and reload this page.",
                problem=plain(say(_root(exc).message)),
                folder=plain(store.data_dir()),
            ),
            icon=":material/error:",
        )
        st.stop()
    if bar is not None:
        bar.empty()
    if done.kept:
        st.warning(
            _(
                "**The data files have changed or are damaged, and the data store could not be rebuilt "
                "from them:** {problem}\n\nThe pages show the data as it was last built. To use the new "
                "files, fix or restore them in {folder}, then rebuild the store with `python -m remit build`.",
                problem=plain(say(_root(done.problem).message)),
                folder=plain(done.data),
            ),
            icon=":material/warning:",
        )


IMPORT_ON, IMPORT_OFF = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def imports_allowed() -> bool:
    """Whether visitors may load data from the app: REMIT_ALLOW_IMPORT unset (one user's
    `streamlit run app.py`) or 1/true/yes/on. 0/false/no/off switch it off, and so does any other value
    (a typo must not leave a shared server open), with a warning in the log.

    A shared deployment switches it off (deploy/run_cluster.sh does unless --allow-import), so that one
    visitor cannot change what every visitor sees.
    """
    value = os.environ.get("REMIT_ALLOW_IMPORT")
    if value is None:
        return True
    return _import_switch(value.strip().lower())


@functools.lru_cache(maxsize=8)
def _import_switch(value: str) -> bool:
    if value in IMPORT_ON:
        return True
    if value not in IMPORT_OFF:
        logging.getLogger("remit").warning(
            "REMIT_ALLOW_IMPORT=%r is not one of %s (on) or %s (off): loading data from the app is OFF.",  # i18n: not text (the log)
            value,
            "/".join(sorted(IMPORT_ON)),
            "/".join(sorted(IMPORT_OFF)),
        )
    return False


def provider_import() -> dict | None:
    """The report of the last provider-workbook import, or None (read fresh: it is small)."""
    path = store.data_dir() / "imported/rpw_import.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def import_rpw(upload: BinaryIO, progress: Callable[[float, Message], None]) -> dict:
    """Import an uploaded workbook and rebuild the store (remit.rpw.import_and_rebuild); caches follow the
    new store version. The upload is written to a temporary folder removed when the import ends, however it
    ends; folders a killed process left are swept by the next one (remit.sandbox.upload_folder)."""
    from remit import rpw, sandbox  # noqa: PLC0415 (imported when used: the first page of a new process starts sooner)

    name = Path(str(getattr(upload, "name", "") or "upload.xlsx")).name
    stem, suffix = Path(name).stem[:120] or "upload", Path(name).suffix[:10]  # a 300-character name fits
    try:
        with sandbox.upload_folder() as tmp:
            path = tmp / f"{stem}{suffix}"
            path.write_bytes(upload.getvalue())
            return rpw.import_and_rebuild(path, progress=progress)
    except OSError as exc:  # the temporary folder is full or read-only
        raise WriteFailed(tempfile.gettempdir(), exc) from exc


def update_data(progress: Callable[[float, str], None]) -> dict:
    """What `python -m remit update` runs: the newest workbook, WDI and SDG series, then one rebuild.
    Caches follow the new store version; raises remit.update.Offline when nothing could be reached, and
    WriteFailed when the data folder is read-only or the disk full (a page says so instead of a traceback)."""
    from remit import update  # noqa: PLC0415 (requests and the feeds only when asked for)

    try:
        return update.update(store.data_dir(), progress=progress)
    except OSError as exc:
        raise WriteFailed(store.data_dir(), exc) from exc


@st.cache_resource(show_spinner=False, max_entries=1)
def connection(version: str) -> duckdb.DuckDBPyConnection:
    """The store file of this version (one entry: a new version drops the old connection)."""
    return store.connect()


# The process's query results and figures. Keys carry the store version, so a rebuilt store is read anew.
_RESULTS = {"query": memo.Results(512), "figure": memo.Results(400), "page": memo.Results(256)}


def clear() -> None:
    """Forget every cached result, figure and connection (tests that change the data under a running app)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    for kind, results in _RESULTS.items():
        _RESULTS[kind] = memo.Results(results.max_entries)


def _cached(kind: str, key: tuple, make: Callable[[], Any]) -> Any:
    try:
        full = memo.key(key)
    except TypeError:
        return make()
    return _RESULTS[kind].get(full, make)


def _run(name: str, version: str, *args: Any) -> Any:
    return _cached("query", (name, version, args), lambda: _QUERIES[name](store.cursor(connection(version)), *args))


def per_reader(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register fn(*args) as a page's table that only the store and the reader's language decide (names,
    option lists, labels): built once per store version, language and arguments, and shared read-only, so
    the caller must not change it."""

    @functools.wraps(fn)
    def call(*args: Any) -> Any:
        key = (fn.__module__, fn.__qualname__, store_version(), current().code, args)
        value = _cached("page", key, lambda: fn(*args))
        return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value  # a column set stays the caller's

    return call


def query(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register fn(con, *args) as a cached query called as fn(*args)."""
    _QUERIES[fn.__name__] = fn

    @functools.wraps(fn)
    def call(*args: Any) -> Any:
        return memo.fresh(_run(fn.__name__, store_version(), *args))

    return call


# --- Figures, built once per store version and arguments -------------------------------------------
# A Plotly figure takes 15-30 ms to build and validate, a page draws up to six, and every session on a page
# asks for the same ones: they are built once and shared read-only (pages never change a figure).


# The shared figure builders, by name: remit.charts.FIGURES, an explicit list.
_SHARED: dict[str, Callable[..., Any]] = {fn.__name__: fn for fn in _charts.FIGURES}


def _figure(name: str, version: str, *args: Any, **kwargs: Any) -> Any:
    return _cached("figure", (name, version, args, kwargs), lambda: memo.frozen(_SHARED[name](*args, **kwargs)))


class _SharedFigures:
    """remit.charts as pages use it: the figure builders of remit.charts.FIGURES go through _figure,
    everything else (colours, helpers) passes through."""

    def __getattr__(self, name: str) -> Any:
        if name in _SHARED:
            return functools.partial(_shared_figure, name)
        return getattr(_charts, name)


def _shared_figure(name: str, *args: Any, **kwargs: Any) -> Any:
    return _figure(name, store_version(), *args, **kwargs)


charts = _SharedFigures()


@query
def info(con: duckdb.DuckDBPyConnection) -> store.StoreInfo:
    return store.info(con)


@query
def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM source ORDER BY position").df()


@query
def source_records(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Sources by id, for the cite and source lines every chart draws (a dict: no frame per lookup)."""
    frame = con.execute("SELECT * FROM source ORDER BY position").df()
    return {row["source_id"]: row for row in frame.to_dict("records")}


@query
def corridor_costs(con: duckdb.DuckDBPyConnection, scope: str) -> pd.DataFrame:
    return corridors.corridor_costs(con, scope)


@query
def quarterly_summary(con: duckdb.DuckDBPyConnection, scope: str) -> pd.DataFrame:
    return corridors.quarterly_summary(corridors.corridor_costs(con, scope))


@query
def dependence(con: duckdb.DuckDBPyConnection, scope: str) -> pd.DataFrame:
    return impact.dependence(con, scope)


@query
def at_stake(con: duckdb.DuckDBPyConnection, scope: str, target_pct: float) -> pd.DataFrame:
    return impact.at_stake(con, scope, target_pct)


@query
def countries(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM country ORDER BY name").df()


# --- Corridor explorer, map, regions and country profile (remit.explorer) ---


@query
def periods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return explorer.periods(con)


@query
def corridor_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return explorer.corridor_list(con)


@query
def corridor_histories(con: duckdb.DuckDBPyConnection, codes: tuple[str, ...]) -> pd.DataFrame:
    return explorer.histories(con, codes)


@query
def corridor_ranking(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    return explorer.ranking(con, period)


def _complete_frame(con: duckdb.DuckDBPyConnection, constant: bool) -> pd.DataFrame:
    frame = explorer.corridor_frame(con, complete_only=True)
    return explorer.constant_set(frame) if constant else frame


@query
def complete_corridor_frame(con: duckdb.DuckDBPyConnection, constant: bool) -> pd.DataFrame:
    return _complete_frame(con, constant)


@query
def group_summary(con: duckdb.DuckDBPyConnection, by: str, constant: bool) -> pd.DataFrame:
    return explorer.group_summary(_complete_frame(con, constant), by)


@query
def group_costs(con: duckdb.DuckDBPyConnection, by: str) -> pd.DataFrame:
    return costs.group_costs(con, by)


@query
def map_data(con: duckdb.DuckDBPyConnection, period: str, side: str) -> pd.DataFrame:
    return explorer.map_data(con, period, side)


@query
def countries_with_data(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return explorer.countries_with_data(con)


@query
def country_cost(
    con: duckdb.DuckDBPyConnection, iso3: str, direction: str, period: str | None = None
) -> costs.CountryCost:
    return costs.country_cost(con, iso3, direction, period)


@query
def global_average(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return costs.global_average(con)


@query
def money_at_stake(con: duckdb.DuckDBPyConnection, scope: str, target_pct: float) -> pd.DataFrame:
    return impact.money_at_stake(con, scope, target_pct)


@query
def money_at_stake_extended(con: duckdb.DuckDBPyConnection, scope: str, target_pct: float) -> pd.DataFrame:
    return impact.money_at_stake(con, scope, target_pct, extend_uncovered=True)


@query
def country_profile(con: duckdb.DuckDBPyConnection, iso3: str, period: str) -> dict[str, pd.DataFrame]:
    costs = explorer.country_corridors(con, iso3)
    return {
        "corridors": costs,
        "status": explorer.corridor_status(costs),
        "flows": explorer.country_flows(con, iso3),
        "partners_to": explorer.partners(con, iso3, "to"),
        "partners_from": explorer.partners(con, iso3, "from"),
        "neighbours": explorer.neighbours(con, iso3, period),
    }


# --- Development impact and savings scenarios (remit.scenarios) ---


@query
def impact_areas(con: duckdb.DuckDBPyConnection) -> list[scenarios.Area]:
    return scenarios.areas(con)


@query
def impact_flow_years(con: duckdb.DuckDBPyConnection, members: tuple[str, ...] | None = None) -> list[int]:
    return scenarios.flow_years(con, members)


@query
def impact_cost_periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    return scenarios.cost_periods(con)


@query
def impact_provider_status(con: duckdb.DuckDBPyConnection) -> dict:
    return scenarios.provider_status(con)


@query
def impact_received(con: duckdb.DuckDBPyConnection, members: tuple[str, ...]) -> pd.DataFrame:
    return scenarios.received_series(con, members)


@query
def impact_comparisons(con: duckdb.DuckDBPyConnection, members: tuple[str, ...]) -> pd.DataFrame:
    return scenarios.latest_values(con, members)


@query
def impact_scenario_inputs(
    con: duckdb.DuckDBPyConnection, members: tuple[str, ...], flow_year: int, period: str | None
) -> pd.DataFrame:
    return scenarios.scenario_inputs(con, members, flow_year, period)


@query
def impact_scenario(
    con: duckdb.DuckDBPyConnection,
    members: tuple[str, ...],
    flow_year: int,
    period: str | None,
    scenario: scenarios.Scenario,
) -> tuple[pd.DataFrame, dict]:
    """The scenario per corridor and its totals (scenarios.apply, scenarios.totals): 40-odd frame operations
    a run, the same for every session that asks the same question."""
    result = scenarios.apply(scenarios.scenario_inputs(con, members, flow_year, period), scenario)
    return result, scenarios.totals(result, scenario)


@query
def impact_country_savings(con: duckdb.DuckDBPyConnection, target_pct: float) -> pd.DataFrame:
    return scenarios.country_savings(con, target_pct)


@query
def impact_corridor_savings_by_country(
    con: duckdb.DuckDBPyConnection, target_pct: float, use_country_average: bool, flow_year: int
) -> pd.DataFrame:
    scenario = scenarios.Scenario(target_pct=target_pct, use_country_average=use_country_average)
    return scenarios.corridor_savings_by_country(con, scenario, flow_year)


@query
def impact_area_label(con: duckdb.DuckDBPyConnection, text: str) -> str | None:
    """The label of the area a URL value names (a label, ISO3 code such as KSV or XKX, or a name)."""
    hit = scenarios.find_area(scenarios.areas(con), text, con)
    return hit.label if hit else None


@query
def has_provider_data(con: duckdb.DuckDBPyConnection) -> bool:
    return prices.has_provider_data(con)


@query
def provider_offers(  # noqa: PLR0917 (cached queries take positional arguments only)
    con: duckdb.DuckDBPyConnection,
    send: str,
    recv: str,
    amount: float,
    currency: str,
    usd_per_unit: float | None = None,
) -> tuple:
    from remit import quotes  # noqa: PLC0415 (imported when used: the first page of a new process starts sooner)

    return quotes.provider_offers(con, send, recv, amount, currency=currency, usd_per_unit=usd_per_unit)


# --- Benchmarking an institution's prices (remit.benchmark) ---
# Only store data is cached here, keyed by quarter or corridor: an uploaded price list or a typed price
# is never an argument, so it stays in the user's session and out of the cache shared between sessions.


@query
def benchmark_corridor_costs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    from remit import benchmark  # noqa: PLC0415 (imported when used: the first page starts sooner)

    return benchmark.corridor_table(con)


@query
def benchmark_services(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    from remit import benchmark  # noqa: PLC0415 (imported when used: the first page starts sooner)

    return benchmark.services_table(con, period)


@query
def benchmark_corridor_services(con: duckdb.DuckDBPyConnection, send: str, recv: str) -> pd.DataFrame:
    from remit import benchmark  # noqa: PLC0415 (imported when used: the first page starts sooner)

    return benchmark.corridor_services(con, send, recv)


@query
def benchmark_fallback_period(con: duckdb.DuckDBPyConnection) -> str:
    return corridors.latest_period(con)
