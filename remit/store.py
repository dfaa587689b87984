"""Where the DuckDB store lives, its schema, and opening it read-only.

The store is a build output of data/ (see remit.build): the app and the CLI only read it.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from remit.errors import StoreUnavailable
from remit.messages import msg

SCHEMA_VERSION = "4"

SCHEMA = """
CREATE TABLE source (
    source_id VARCHAR PRIMARY KEY, position INTEGER NOT NULL, file VARCHAR NOT NULL, reader VARCHAR NOT NULL,
    publisher VARCHAR, title VARCHAR, url VARCHAR, vintage VARCHAR, period VARCHAR,
    licence VARCHAR, citation VARCHAR, copied_from VARCHAR, scope VARCHAR,
    covers_all_corridors BOOLEAN NOT NULL,
    indicator VARCHAR, column_name VARCHAR, file_bytes BIGINT, file_sha256 VARCHAR,
    rows_n BIGINT NOT NULL
);
CREATE TABLE country (
    iso3 VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, wb_region VARCHAR, wb_income_group VARCHAR,
    is_aggregate BOOLEAN NOT NULL, rpw_code VARCHAR NOT NULL, focus_subregion VARCHAR
);
CREATE TABLE corridor_cost (
    period VARCHAR NOT NULL, period_start DATE NOT NULL,
    sending_iso3 VARCHAR NOT NULL REFERENCES country, receiving_iso3 VARCHAR NOT NULL REFERENCES country,
    total_cost_pct_200 DOUBLE NOT NULL, total_cost_pct_500 DOUBLE,
    fee_pct_200 DOUBLE, fx_margin_pct_200 DOUBLE, bank_cost_pct_200 DOUBLE, mto_cost_pct_200 DOUBLE,
    services_n INTEGER, digital_services_pct DOUBLE,
    source_id VARCHAR NOT NULL REFERENCES source,
    PRIMARY KEY (period, sending_iso3, receiving_iso3)
);
CREATE TABLE corridor_smart (
    period VARCHAR NOT NULL, period_start DATE NOT NULL,
    sending_iso3 VARCHAR NOT NULL REFERENCES country, receiving_iso3 VARCHAR NOT NULL REFERENCES country,
    smart_cost_pct_200 DOUBLE NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source,
    PRIMARY KEY (period, sending_iso3, receiving_iso3)
);
CREATE TABLE published_cost (
    iso3 VARCHAR NOT NULL REFERENCES country, year INTEGER NOT NULL, direction VARCHAR NOT NULL,
    cost_pct DOUBLE NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source,
    PRIMARY KEY (iso3, year, direction)
);
CREATE TABLE country_year (
    iso3 VARCHAR NOT NULL REFERENCES country, year INTEGER NOT NULL,
    remit_received_usd DOUBLE, remit_paid_usd DOUBLE, remit_received_pct_gdp DOUBLE,
    gdp_usd DOUBLE, population DOUBLE, cost_to_country_pct DOUBLE, cost_from_country_pct DOUBLE,
    knomad_inflow_usd DOUBLE, knomad_inflow_is_estimate BOOLEAN, knomad_outflow_usd DOUBLE,
    PRIMARY KEY (iso3, year)
);
CREATE TABLE bilateral_remittance (
    year INTEGER NOT NULL, sending_iso3 VARCHAR NOT NULL REFERENCES country,
    receiving_iso3 VARCHAR NOT NULL REFERENCES country, remittance_usd DOUBLE NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source,
    PRIMARY KEY (year, sending_iso3, receiving_iso3)
);
CREATE TABLE bilateral_migrant_stock (
    year INTEGER NOT NULL, origin_iso3 VARCHAR NOT NULL REFERENCES country,
    destination_iso3 VARCHAR NOT NULL REFERENCES country, migrants_n DOUBLE NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source,
    PRIMARY KEY (year, origin_iso3, destination_iso3)
);
CREATE TABLE provider_price (
    period VARCHAR NOT NULL, period_start DATE NOT NULL,
    sending_iso3 VARCHAR NOT NULL REFERENCES country, receiving_iso3 VARCHAR NOT NULL REFERENCES country,
    sending_name VARCHAR, receiving_name VARCHAR,
    firm VARCHAR NOT NULL, firm_type VARCHAR, product VARCHAR, payment_instrument VARCHAR,
    access_point VARCHAR, pickup_method VARCHAR, pickup_location VARCHAR, speed VARCHAR, coverage VARCHAR,
    transparent BOOLEAN, note VARCHAR, note2 VARCHAR, lcu_code VARCHAR,
    amount_lcu_200 DOUBLE, fee_lcu_200 DOUBLE, fx_rate_200 DOUBLE, fee_pct_200 DOUBLE,
    fx_margin_pct_200 DOUBLE, total_cost_pct_200 DOUBLE NOT NULL,
    amount_lcu_500 DOUBLE, fee_lcu_500 DOUBLE, fx_rate_500 DOUBLE, fx_margin_pct_500 DOUBLE, total_cost_pct_500 DOUBLE,
    interbank_fx_rate DOUBLE,
    total_cost_mismatch BOOLEAN NOT NULL, non_transparent BOOLEAN NOT NULL, negative_fx_margin BOOLEAN NOT NULL,
    placeholder_rate BOOLEAN NOT NULL, duplicate_service BOOLEAN NOT NULL,
    is_digital BOOLEAN NOT NULL, qualifies_for_smart BOOLEAN NOT NULL,
    source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);
CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
"""
# What store_status finds: current, no file yet, data/ changed since the build (or an older schema), or damaged.
StoreStatus = Literal["ok", "missing", "stale", "corrupt"]
TABLES = tuple(line.split()[2] for line in SCHEMA.splitlines() if line.startswith("CREATE TABLE "))


@functools.cache
def project_root() -> Path:
    """The checkout (resolved once: every query's store-version check asks for it)."""
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """data/ of the checkout, or REMIT_DATA_DIR."""
    return Path(os.environ.get("REMIT_DATA_DIR") or project_root() / "data")


def store_path() -> Path:
    """The built store: data/remit.duckdb, or REMIT_STORE."""
    return Path(os.environ.get("REMIT_STORE") or data_dir() / "remit.duckdb")


def input_files(data: Path) -> list[Path]:
    """The files a build reads: sources.toml, the focus region, everything under raw/ and imported/."""
    files = [data / "sources.toml", data / "focus_region.csv"]
    for folder in ("raw", "imported"):
        files += sorted(p for p in (data / folder).rglob("*") if p.is_file() and not p.name.endswith(".tmp"))
    return [p for p in files if p.exists()]


def inputs_signature(data: Path) -> str:
    """A digest of the name, size and modification time of every file a build reads.

    The build records it in the store; the store is stale when the files no longer match it. Unlike
    comparing times with the store's own, this also notices a file replaced by an older copy, and a
    file dated in the future (clock skew, an unpacked archive) does not make every page view rebuild.
    """
    digest = hashlib.sha256()
    for path in input_files(data):
        try:
            st = path.stat()
        except FileNotFoundError:  # removed while we looked
            continue
        digest.update(f"{path.relative_to(data)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def store_status(store: Path | None = None, data: Path | None = None) -> StoreStatus:
    """'ok', 'missing', 'stale' (data/ changed since the build, or an older schema) or 'corrupt'.

    Cheap enough for every page view: stat() calls, plus opening the store only when its file is
    not the one checked last (see _checked_schema).
    """
    store, data = store or store_path(), data or data_dir()
    try:
        st = store.stat()
    except FileNotFoundError:
        return "missing"
    status, built_from = _checked_schema(str(store), st.st_ino, st.st_size, st.st_mtime_ns)
    if status != "ok":
        return status
    if built_from:
        return "ok" if built_from == inputs_signature(data) else "stale"
    newest = max(
        (p.stat().st_mtime for p in input_files(data)), default=0.0
    )  # a store built before signatures were recorded
    return "stale" if st.st_mtime < newest else "ok"


def schema_current(store: Path) -> bool:
    """The store file opens and has this version's schema (whether or not data/ changed since)."""
    try:
        st = store.stat()
    except FileNotFoundError:
        return False
    return _checked_schema(str(store), st.st_ino, st.st_size, st.st_mtime_ns)[0] == "ok"


@functools.lru_cache(maxsize=16)
def _checked_schema(path: str, inode: int, size: int, mtime_ns: int) -> tuple[StoreStatus, str | None]:
    """('ok' | 'stale' (older schema) | 'corrupt', the inputs signature it was built from) for the
    store file with this identity.

    Keyed by inode, size and modification time, so the file is opened and read through once per
    version (about 10 ms on the shipped data): a build swaps in a new file (new inode), and any
    write or truncation changes the size or the time.
    """
    try:
        with open_file(path) as con:
            info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
            if info.get("schema_version") != SCHEMA_VERSION:
                return "stale", None
            for table in TABLES:  # read every row once: a damaged block fails its checksum here, not in a page
                con.execute(f"SELECT count(*) FROM (SELECT * FROM {table}) t WHERE hash(t) IS NOT NULL").fetchone()  # noqa: S608 (fixed names)
    except duckdb.Error:
        return "corrupt", None
    return "ok", info.get("inputs_sha256")


CATALOG = "store"  # what the store file is attached as (see open_file)


def open_file(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The store file now at path, opened read-only in a DuckDB instance of its own.

    Not duckdb.connect(path): while any connection to a path is open, DuckDB hands back that same
    database for the path, so a process would keep reading the old (replaced, deleted) file after a
    rebuild swapped a new one in. Here every call opens the file anew: an in-memory database with the
    file attached as `store` and made the default. A cursor does not inherit that default: take
    cursors with cursor().
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH ? AS {CATALOG} (READ_ONLY)", [str(path)])
        con.execute(f"USE {CATALOG}")
    except BaseException:
        con.close()
        raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a connection from open_file/connect, reading the store (one per thread)."""
    cur = con.cursor()
    cur.execute(f"USE {CATALOG}")
    return cur


def file_identity(store: Path | None = None) -> str:
    """Changes whenever the store file is replaced or written: inode, size and modification time."""
    try:
        st = (store or store_path()).stat()
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"


def connect(store: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store read-only (the file there now, see open_file); StoreUnavailable says how to
    rebuild it if that fails."""
    store = store or store_path()
    if not store.exists():
        raise StoreUnavailable(
            msg("The data store {store} does not exist yet. Run: python -m remit build", store=str(store))
        )
    try:
        con = open_file(store)
        con.execute("SELECT count(*) FROM build_info").fetchone()
    except duckdb.Error as exc:
        raise StoreUnavailable(
            msg(
                "The data store {store} cannot be read ({error}). Rebuild it with: python -m remit build",
                store=str(store),
                error=str(exc),
            )
        ) from exc
    return con


@dataclass(frozen=True)
class StoreInfo:
    """What the store holds (store.info); dataclasses.asdict gives the CLI's `info --json` keys, in order."""

    store: str | None  # the data folder it was built from
    built_at_utc: str | None
    schema_version: str | None
    sources: list[dict]  # one record per source: id, title, publisher, vintage, period, licence, rows, file
    tables: dict[str, int]  # rows per table
    corridors: int
    sending_countries: int
    receiving_countries: int
    period_first: str | None
    period_last: str | None
    period_complete: str | None  # the latest quarter from a source that covers every corridor
    flow_years: list[int | None]  # first and last year with remittances received
    corridors_beyond_complete: int = 0  # corridors with quarters after period_complete
    receiving_beyond_complete: list[str] = field(default_factory=list)  # where they go (ISO3)
    receiving_beyond_complete_names: list[str] = field(default_factory=list)


def info(con: duckdb.DuckDBPyConnection) -> StoreInfo:
    """What the store holds: sources with vintages and row counts, corridors, period range."""
    sources = con.execute(
        "SELECT source_id, title, publisher, vintage, period, licence, rows_n, file FROM source ORDER BY position"
    ).df()
    corridors = con.execute(
        """SELECT count(DISTINCT (sending_iso3, receiving_iso3)), min(period), max(period),
                  count(DISTINCT sending_iso3), count(DISTINCT receiving_iso3) FROM corridor_cost"""
    ).fetchone()
    tables = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
        for t in ("country", "corridor_cost", "country_year", "bilateral_remittance", "bilateral_migrant_stock")
    }
    years = con.execute("SELECT min(year), max(year) FROM country_year WHERE remit_received_usd IS NOT NULL").fetchone()
    build = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    return StoreInfo(
        store=build.get("data_dir"),
        built_at_utc=build.get("built_at_utc"),
        schema_version=build.get("schema_version"),
        sources=sources.to_dict(orient="records"),
        tables=tables,
        corridors=corridors[0],
        sending_countries=corridors[3],
        receiving_countries=corridors[4],
        period_first=corridors[1],
        period_last=corridors[2],
        period_complete=con.execute(
            "SELECT max(period) FROM corridor_cost WHERE source_id IN (SELECT source_id FROM source WHERE covers_all_corridors)"
        ).fetchone()[0],
        flow_years=[years[0], years[1]],
        **_beyond_complete(con),
    )


def _beyond_complete(con: duckdb.DuckDBPyConnection) -> dict:
    """The corridors that run past the latest quarter covering every corridor, and where they go."""
    rows = con.execute(
        """SELECT DISTINCT c.sending_iso3, c.receiving_iso3 FROM corridor_cost c
           WHERE c.period > (SELECT max(period) FROM corridor_cost
                             WHERE source_id IN (SELECT source_id FROM source WHERE covers_all_corridors))"""
    ).fetchall()
    receiving = sorted({r[1] for r in rows})
    names = dict(con.execute("SELECT iso3, name FROM country WHERE list_contains(?, iso3)", [receiving]).fetchall())
    return {
        "corridors_beyond_complete": len(rows),
        "receiving_beyond_complete": receiving,
        "receiving_beyond_complete_names": [names.get(c, c) for c in receiving],
    }
