"""Where the DuckDB store lives, its schema, and opening it read-only.

The store is a build output of data/ (see remit.build): the app and the CLI only read it.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from remit.errors import StoreUnavailable

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE source (
    source_id VARCHAR PRIMARY KEY, file VARCHAR NOT NULL, reader VARCHAR NOT NULL,
    publisher VARCHAR, title VARCHAR, url VARCHAR, vintage VARCHAR, period VARCHAR,
    licence VARCHAR, citation VARCHAR, copied_from VARCHAR, scope VARCHAR,
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
CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
"""


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """data/ of the checkout, or REMIT_DATA_DIR."""
    return Path(os.environ.get("REMIT_DATA_DIR") or project_root() / "data")


def store_path() -> Path:
    """The built store: data/remit.duckdb, or REMIT_STORE."""
    return Path(os.environ.get("REMIT_STORE") or data_dir() / "remit.duckdb")


def input_files(data: Path) -> list[Path]:
    """The files a build reads: sources.toml, the focus region and everything under raw/."""
    files = [data / "sources.toml", data / "focus_region.csv"]
    files += sorted(p for p in (data / "raw").rglob("*") if p.is_file())
    return [p for p in files if p.exists()]


def store_status(store: Path | None = None, data: Path | None = None) -> str:
    """'ok', 'missing', 'stale' (older than data/ or an older schema) or 'corrupt'."""
    store, data = store or store_path(), data or data_dir()
    if not store.exists():
        return "missing"
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            version = con.execute("SELECT value FROM build_info WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        return "corrupt"
    if not version or version[0] != SCHEMA_VERSION:
        return "stale"
    newest = max((p.stat().st_mtime for p in input_files(data)), default=0.0)
    return "stale" if store.stat().st_mtime < newest else "ok"


def connect(store: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store read-only; StoreUnavailable says how to rebuild it if that fails."""
    store = store or store_path()
    if not store.exists():
        raise StoreUnavailable(f"The data store {store} does not exist yet. Run: python -m remit build")
    try:
        con = duckdb.connect(str(store), read_only=True)
        con.execute("SELECT count(*) FROM build_info").fetchone()
    except duckdb.Error as exc:
        raise StoreUnavailable(
            f"The data store {store} cannot be read ({exc}). Rebuild it with: python -m remit build"
        ) from exc
    return con
