"""Build the DuckDB store from data/: the only code that writes it.

The build reads every source listed in data/sources.toml with its layout's reader, reconciles
country names and codes to ISO3, validates keys, ranges and row counts, writes a new store to a
temporary file and swaps it in with one atomic rename, so a failed or killed build leaves the
previous store as it was.

sources.py reads the list of sources and the country metadata; readers.py one reader per file layout; this
module merges, validates, writes and swaps, and says whether the store is current (ensure_store).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from remit import __version__, prices
from remit.build import readers
from remit.build.sources import SOURCE_FIELDS, country_resolver, load_sources
from remit.errors import DataFileError, RemitError, StoreUnavailable, WriteFailed
from remit.keys import rpw_code
from remit.messages import Message, Num, msg
from remit.store import (
    SCHEMA,
    SCHEMA_VERSION,
    TABLES,
    StoreStatus,
    data_dir,
    inputs_signature,
    schema_current,
    store_path,
    store_status,
)

__all__ = ["StoreState", "build_store", "country_resolver", "ensure_store", "load_sources"]

Progress = Callable[[float, Message], None]  # (fraction done, what is happening: a Message)

# Corridor averages published by two sources must agree (the panel rounds to 3 decimals).
OVERLAP_TOLERANCE_PP = 0.01
PUBLISHED_TOLERANCE_PP = 0.01  # WDI rounds country averages to 2 decimals


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _merge_corridor_costs(frames: dict[str, pd.DataFrame], sources: list[dict]) -> pd.DataFrame:
    """One row per corridor and quarter. Where two sources cover the same corridor-quarter the
    first-listed source's total cost wins (the official DataBank figure); the others only fill
    the columns it lacks (fee/FX split, bank/MTO, USD 500, service counts). A source that
    replaces periods (imported provider prices) takes those quarters over from later sources."""
    parts = []
    replaced: set[str] = set()  # quarters taken over by provider-level averages
    key = ["period", "sending_iso3", "receiving_iso3"]
    for s in sources:
        if s["id"] in frames and "total_cost_pct_200" in frames[s["id"]]:
            f = frames[s["id"]].drop(columns="_row", errors="ignore")
            if s.get("adds_periods_only") and parts:
                f = _new_periods(f, pd.concat(parts, ignore_index=True), s, key)
            parts.append(f[~f["period"].isin(replaced)].assign(source_id=s["id"]))
            if s.get("replaces_periods"):
                replaced |= set(f["period"])
    if not parts:
        raise DataFileError("sources.toml", msg("no corridor cost source"))
    stacked = pd.concat(parts, ignore_index=True)
    costs = stacked.groupby(key)["total_cost_pct_200"]
    spread = costs.max() - costs.min()
    if (spread > OVERLAP_TOLERANCE_PP).any():
        (period, send, recv), gap = spread.idxmax(), spread.max()
        raise DataFileError(
            "corridor cost sources",
            msg(
                "two sources disagree on {sending}->{receiving} in {period} by {gap} percentage points",
                sending=send,
                receiving=recv,
                period=period,
                gap=Num(gap, 3),
            ),
        )
    merged = stacked.groupby(key, sort=True, as_index=False).first()  # first non-null per column
    merged["period_start"] = readers.quarter_start(merged["period"])
    return merged


def _new_periods(f: pd.DataFrame, earlier: pd.DataFrame, spec: dict, key: list[str]) -> pd.DataFrame:
    """The rows of a source marked adds_periods_only that fall in quarters no earlier-listed source has.

    Its other rows repeat the earlier sources (the UN SDG database's corridor figures for 2016-2020 are
    the DataBank's Q3 averages): they are checked against them and not stored a second time, so a
    quarter keeps one source. Corridor-quarters listed in known_differences (revisions the two
    publishers disagree on) are allowed to differ; the earlier source's figure is kept.
    """
    known = set(spec.get("known_differences", []))
    old = f[f["period"].isin(set(earlier["period"]))]
    both = old.merge(earlier[[*key, "total_cost_pct_200"]], on=key, suffixes=("", "_earlier"))
    gap = (both["total_cost_pct_200"] - both["total_cost_pct_200_earlier"]).abs()
    label = both["sending_iso3"] + "-" + both["receiving_iso3"] + " " + both["period"]
    differs = gap > OVERLAP_TOLERANCE_PP
    unexpected = both[differs & ~label.isin(known)]
    if not unexpected.empty:
        r = unexpected.loc[gap[unexpected.index].idxmax()]
        raise DataFileError(
            spec["file"],
            f"{r['sending_iso3']}->{r['receiving_iso3']} in {r['period']} is {r['total_cost_pct_200']:.3f}% here but "
            f"{r['total_cost_pct_200_earlier']:.3f}% in an earlier-listed source (list it in known_differences if "
            "the publishers revised it)",
        )
    stale = known - set(label[differs])
    if stale:
        raise DataFileError(
            "sources.toml", f"source {spec['id']}: known_differences {', '.join(sorted(stale))} no longer differ"
        )
    return f[~f["period"].isin(set(earlier["period"]))]


def _check_published(published: pd.DataFrame, country_year: pd.DataFrame, sources: list[dict]) -> None:
    """The UN SDG country averages repeat WDI's (both are the World Bank's RPW figures) where both
    have a year: a larger gap means one file is not what its entry says, unless the source lists it
    in known_differences (both are kept: they are stored apart, each with its source)."""
    if published.empty:
        return
    wdi = country_year.melt(
        id_vars=["iso3", "year"],
        value_vars=[c for c in ("cost_to_country_pct", "cost_from_country_pct") if c in country_year],
        var_name="direction",
        value_name="wdi_pct",
    ).dropna(subset=["wdi_pct"])
    wdi["direction"] = wdi["direction"].map({"cost_to_country_pct": "to", "cost_from_country_pct": "from"})
    both = published.merge(wdi, on=["iso3", "year", "direction"])
    gap = (both["cost_pct"] - both["wdi_pct"]).abs()
    known = {(s["id"], k) for s in sources for k in s.get("known_differences", [])}
    label = both["iso3"] + " " + both["year"].astype(str)
    listed = pd.Series([(sid, lb) in known for sid, lb in zip(both["source_id"], label, strict=True)], index=both.index)
    differs = gap > PUBLISHED_TOLERANCE_PP
    stale = known - {(sid, lb) for sid, lb in zip(both["source_id"][differs], label[differs], strict=True)}
    stale = {k for k in stale if any(s["id"] == k[0] and s["reader"] == "sdg_country_costs" for s in sources)}
    if stale:
        raise DataFileError("sources.toml", f"known_differences {sorted(stale)} no longer differ from WDI")
    gap = gap.where(~listed, 0.0)
    if (gap > PUBLISHED_TOLERANCE_PP).any():
        r = both.loc[gap.idxmax()]
        raise DataFileError(
            "country cost sources",
            f"the UN SDG and WDI averages for {r['iso3']} ({r['direction']}) in {r['year']} differ by {gap.max():.3f} points",
        )


def _country_year(frames: dict[str, pd.DataFrame], sources: list[dict]) -> pd.DataFrame:
    """One row per economy and year; where two sources fill one column, the later-listed wins."""
    columns: dict[str, pd.Series] = {}
    for s in sources:
        col = s.get("column")
        if not col or s["id"] not in frames or "iso3" not in frames[s["id"]]:
            continue
        f = frames[s["id"]].set_index(["iso3", "year"])
        pairs = [(col, f["value"])]
        if "is_estimate" in f:
            pairs.append((f"{col.removesuffix('_usd')}_is_estimate", f["is_estimate"]))
        for name, series in pairs:
            columns[name] = series.combine_first(columns[name]) if name in columns else series
    if not columns:
        raise DataFileError("sources.toml", msg("no country-year source"))
    return pd.concat(columns, axis=1).rename_axis(["iso3", "year"]).reset_index()


def _stack(frames: dict[str, pd.DataFrame], sources: list[dict], reader: str) -> pd.DataFrame:
    """All frames read by one reader, each row tagged with its source (empty if none is listed)."""
    parts = [frames[s["id"]].assign(source_id=s["id"]) for s in sources if s["reader"] == reader]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _write(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    if table not in TABLES:  # the table name goes into SQL text: only the store's own tables
        raise ValueError(f"not a table of the store: {table!r}")
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]  # noqa: S608 (table: one of TABLES)
    for c in cols:
        if c not in df:
            df[c] = None
    con.register("_frame", df[cols])
    con.execute(f"INSERT INTO {table} SELECT * FROM _frame")  # noqa: S608 (table: our own schema)
    con.unregister("_frame")


@contextmanager
def _lock(store: Path) -> Iterator[None]:
    """One build at a time per store (several app processes may start together)."""
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fh = open(store.with_suffix(".lock"), "a")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:  # a read-only folder, a full disk: say so, never a traceback
        raise WriteFailed(store.parent, exc) from exc
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


build_lock = _lock  # public names for remit.rpw.import_and_rebuild, which builds from a staging copy


def build_store(data: Path | None = None, store: Path | None = None, progress: Progress | None = None) -> dict:
    """Build the store from data/ and swap it in atomically; return a summary of what was built.

    One build at a time per store (a file lock, so several app processes and the CLI can start
    together); files left behind by a build that was killed are removed first.
    """
    data, store = data or data_dir(), store or store_path()
    with _lock(store):
        try:
            return _build_locked(data, store, progress)
        except DataFileError as exc:
            if schema_current(store):
                raise  # the previous store is untouched and still served
            raise DataFileError(
                exc.file,
                msg(
                    "{problem}. There is no readable data store until this is fixed; then rebuild it with: "
                    "python -m remit build",
                    problem=exc.problem,
                ),
                exc.row,
            ) from exc


def _temp_prefix(store: Path) -> str:
    return f".{store.name}.build-"


def build_locked(data: Path, store: Path, progress: Progress | None, recorded_data: Path | None = None) -> dict:
    """_build_locked for a caller that holds build_lock(store) (remit.rpw.import_and_rebuild)."""
    return _build_locked(data, store, progress, recorded_data)


def _remove_leftovers(store: Path) -> list[Path]:
    """Temporary files of builds of this store that were killed half-way (call with the lock held)."""
    gone = []
    for leftover in store.parent.glob(_temp_prefix(store) + "*"):
        leftover.unlink(missing_ok=True)
        gone.append(leftover)
    return gone


def _build_locked(data: Path, store: Path, progress: Progress | None, recorded_data: Path | None = None) -> dict:
    """The build (call with the lock held). recorded_data: the data folder to record in the store when
    data is a staging copy of it (remit.rpw.import_and_rebuild)."""
    try:
        return _build_files(data, store, progress, recorded_data or data)
    except (OSError, duckdb.IOException, duckdb.TransactionException, duckdb.PermissionException) as exc:
        # A full disk or a read-only folder while writing the new store: the previous store is untouched.
        raise WriteFailed(store.parent, exc) from exc


def _build_files(data: Path, store: Path, progress: Progress | None, recorded_data: Path) -> dict:
    say = progress or (lambda frac, msg: None)
    _remove_leftovers(store)
    inputs = inputs_signature(data)  # before reading: a file changed during the build makes the result stale
    started = time.perf_counter()
    sources = load_sources(data)
    resolver, countries = country_resolver(data, sources)

    frames: dict[str, pd.DataFrame] = {}
    rows_n: dict[str, int] = {}
    provider: Path | None = None  # imported provider rows: averaged here, copied into the store by DuckDB
    for i, s in enumerate(sources):
        say(i / (len(sources) + 1), msg("Reading {file}", file=s["file"]))
        frames[s["id"]] = readers.READERS[s["reader"]](data / s["file"], s, resolver)
        rows_n[s["id"]] = len(frames[s["id"]])
        if s["reader"] == "rpw_providers":
            provider = data / s["file"]
            with duckdb.connect() as con:
                rows_n[s["id"]] = prices.count_services(con, provider)
        if rows_n[s["id"]] == 0:
            raise DataFileError(s["file"], msg("no data rows were read"))

    corridor_cost = _merge_corridor_costs(frames, sources)
    country_year = _country_year(frames, sources)
    bilateral = _stack(frames, sources, "bilateral_remittance_matrix")
    migrants = _stack(frames, sources, "bilateral_migration_matrix")
    smart = _stack(frames, sources, "sdg_corridor_smart").drop(columns="_row", errors="ignore")
    if not smart.empty:
        smart["period_start"] = readers.quarter_start(smart["period"])
    published = _stack(frames, sources, "sdg_country_costs").drop(columns="_row", errors="ignore")
    _check_published(published, country_year, sources)

    extra = pd.DataFrame(
        [{"iso3": k, "name": v, "is_aggregate": False} for k, v in resolver.extra.items()],
        columns=["iso3", "name", "is_aggregate"],
    )
    countries = pd.concat([countries, extra], ignore_index=True)
    countries["rpw_code"] = countries["iso3"].map(rpw_code)
    focus_file = data / "focus_region.csv"
    focus = readers._read_csv(focus_file, dtype=str)
    readers._require(focus_file, list(focus.columns), ["iso3", "subregion"])
    if focus["iso3"].isna().all():
        raise DataFileError("focus_region.csv", msg("lists no country: the focus region cannot be empty"))
    unknown = sorted(set(focus["iso3"].dropna()) - set(countries["iso3"]))
    if unknown:
        raise DataFileError("focus_region.csv", msg("unknown ISO3 code(s) {codes}", codes=", ".join(unknown)))
    countries = countries.merge(focus.rename(columns={"subregion": "focus_subregion"}), on="iso3", how="left")

    say(len(sources) / (len(sources) + 1), msg("Writing the store"))
    source_rows = []
    for position, s in enumerate(sources):
        f = data / s["file"]
        source_rows.append(
            {
                "source_id": s["id"],
                "position": position,
                "file": s["file"],
                "reader": s["reader"],
                **{k: s[k] for k in SOURCE_FIELDS},
                "covers_all_corridors": bool(s.get("covers_all_corridors", False)),
                "indicator": s.get("indicator"),
                "column_name": s.get("column"),
                "file_bytes": f.stat().st_size,
                "file_sha256": _sha256(f),
                "rows_n": rows_n[s["id"]],
            }
        )
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(store), suffix=".duckdb", dir=store.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        with duckdb.connect(str(tmp)) as con:
            con.execute(SCHEMA)
            _write(con, "source", pd.DataFrame(source_rows))
            _write(con, "country", countries)
            _write(con, "corridor_cost", corridor_cost)
            _write(con, "country_year", country_year)
            _write(con, "bilateral_remittance", bilateral)
            _write(con, "bilateral_migrant_stock", migrants)
            _write(con, "corridor_smart", smart)
            _write(con, "published_cost", published)
            if provider:
                _insert_services(con, provider)
            info = {
                "schema_version": SCHEMA_VERSION,
                "remit_version": __version__,
                "built_at_utc": datetime.now(UTC).isoformat(timespec="seconds"),
                "data_dir": str(recorded_data),
                "inputs_sha256": inputs,
            }
            _write(con, "build_info", pd.DataFrame({"key": list(info), "value": list(info.values())}))
            counts = {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
                for t in (
                    "country",
                    "corridor_cost",
                    "country_year",
                    "bilateral_remittance",
                    "bilateral_migrant_stock",
                    "provider_price",
                    "corridor_smart",
                    "published_cost",
                )
            }
            con.execute("CHECKPOINT")
        services_n = sum(rows_n[s["id"]] for s in sources if s["reader"] == "rpw_providers")
        _check_counts(counts, corridor_cost, country_year, bilateral, migrants, services_n, smart, published)
        os.replace(tmp, store)
    except duckdb.ConstraintException as exc:  # a reader let through a row the schema refuses
        raise DataFileError(
            "the data read", msg("breaks a rule of the store and was not stored ({error})", error=str(exc))
        ) from exc
    finally:
        for leftover in (tmp, tmp.with_suffix(".duckdb.wal")):
            leftover.unlink(missing_ok=True)
    say(1.0, msg("Done"))
    return {"store": str(store), "seconds": round(time.perf_counter() - started, 2), "rows": counts}


def _insert_services(con: duckdb.DuckDBPyConnection, parquet: Path) -> None:
    """The imported provider rows, from their Parquet file into provider_price (in DuckDB, not pandas)."""
    try:
        prices.insert_services(con, parquet)
    except duckdb.ConstraintException:
        raise  # reported as a broken rule of the store, as for every table
    except duckdb.Error as exc:  # a file from another version of remit, or damaged since the build read it
        raise DataFileError(
            parquet.name, msg("cannot be stored ({error}); import the workbook again", error=str(exc))
        ) from exc


def _check_counts(counts: dict, *built: pd.DataFrame | int) -> None:
    """Every row read reached its table (no silent drops in a join or an insert)."""
    tables = [
        "corridor_cost",
        "country_year",
        "bilateral_remittance",
        "bilateral_migrant_stock",
        "provider_price",
        "corridor_smart",
        "published_cost",
    ]
    for table, rows in zip(tables, built, strict=True):
        n = rows if isinstance(rows, int) else len(rows)
        if counts[table] != n:
            raise DataFileError(
                table, msg("{built} rows built but {stored} stored", built=Num(n), stored=Num(counts[table]))
            )


# Builds that failed, by the exact inputs they read: a page view does not retry a build that
# cannot succeed until a file in data/ or the store changes (bounded; guarded by a lock).
_FAILED_BUILDS: dict[tuple, RemitError] = {}
_FAILED_LOCK = threading.Lock()


def _attempt(data: Path, store: Path) -> tuple:
    """What a build attempt depends on: the input files and the store file as they are now."""
    try:
        st = store.stat()
        identity: tuple = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        identity = ()
    return (str(data), str(store), inputs_signature(data), identity)


@dataclass(frozen=True)
class StoreState:
    """What ensure_store found and did: the store's status before (store.StoreStatus), whether it was
    (re)built, and, when the data files changed but a rebuild failed and the previous store is kept,
    the failed build's error (problem) and the data folder it read (data), for a page to word itself.

    str() is the CLI's English line: 'ok', 'built (stale)' or 'kept: ...' saying how to rebuild.
    """

    status: StoreStatus
    built: bool = False
    problem: RemitError | None = None
    data: Path | None = None

    @property
    def kept(self) -> bool:
        """The data files changed, the rebuild failed, and the last good store is still served."""
        return self.problem is not None

    def __str__(self) -> str:
        if self.kept:
            return (
                f"kept: the data files changed but the store could not be rebuilt ({self.problem}). "
                f"The app shows the data as last built. {_how(self.data)}"
            )
        return f"built ({self.status})" if self.built else self.status


def _how(data: Path | None) -> str:
    return f"Fix or restore the file in {data}, then rebuild with: python -m remit build"


def ensure_store(progress: Progress | None = None) -> StoreState:
    """Make sure a readable store is there; return what was found and done (a StoreState).

    Current: StoreState('ok'). Missing, stale or damaged: rebuilt (built=True). The data files changed
    but a rebuild failed: the previous store is still served (kept, with the problem). Raises
    StoreUnavailable when there is no readable store and none can be built. The status check is
    cheap; a build that failed is not retried until a file in data/ or the store changes; several
    processes starting together build once.
    """
    data, store = data_dir(), store_path()
    status = store_status(store, data)
    if status == "ok":
        return StoreState("ok")
    with _FAILED_LOCK:
        failed = _FAILED_BUILDS.get(_attempt(data, store))
    if failed is None:
        signature = _attempt(data, store)
        try:
            with _lock(store):  # a read-only folder fails here already (WriteFailed)
                status = store_status(store, data)  # another process may have built it while we waited
                if status == "ok":
                    return StoreState("ok")
                signature = _attempt(data, store)
                say = progress or (lambda frac, msg: None)
                say(0.0, _WHY[status])
                _build_locked(data, store, progress)
                return StoreState(status, built=True)
        except RemitError as exc:
            failed = exc
            with _FAILED_LOCK:
                if len(_FAILED_BUILDS) >= 8:
                    _FAILED_BUILDS.clear()
                _FAILED_BUILDS[signature] = exc
    how = msg("Fix or restore the file in {folder}, then rebuild with: python -m remit build", folder=str(data))
    if status == "stale" and schema_current(store):
        return StoreState(status, problem=failed, data=data)
    raise StoreUnavailable(
        msg(
            "The data store {store} is {status} and could not be built: {problem}. {how}",
            store=str(store),
            status=_STATUS.get(status, status),
            problem=failed.message,
            how=how,
        )
    ) from failed


_STATUS = {"missing": msg("missing"), "stale": msg("stale"), "corrupt": msg("corrupt")}
_WHY = {
    "missing": msg("Building the data store for the first time"),
    "stale": msg("Building the data store because the data files changed"),
    "corrupt": msg("Building the data store because the stored copy is damaged"),
}
