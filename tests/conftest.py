"""Shared fixtures: a SYNTHETIC fixture store, and the real store built once from data/."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import add_weighting_data, make_data_dir  # noqa: E402
from synthetic_rpw import write_workbook  # noqa: E402

from remit import rpw  # noqa: E402
from remit.build import build_store, country_resolver, load_sources  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    """A fresh SYNTHETIC data/ folder in the publishers' layouts (tests may edit it)."""
    return make_data_dir(tmp_path)


@pytest.fixture
def fixture_con(fixture_data: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a store built from the SYNTHETIC data."""
    store = tmp_path / "fixture.duckdb"
    build_store(fixture_data, store)
    con = duckdb.connect(str(store), read_only=True)
    yield con
    con.close()


@pytest.fixture
def weighting_con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The SYNTHETIC store with the weighting additions (synthetic.add_weighting_data)."""
    data = add_weighting_data(make_data_dir(tmp_path / "w"))
    store = tmp_path / "weighting.duckdb"
    build_store(data, store)
    con = duckdb.connect(str(store), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real store, built once per test session from the shipped data/."""
    store = tmp_path_factory.mktemp("real") / "remit.duckdb"
    build_store(ROOT / "data", store)
    return store


def _empty_caches() -> None:
    import streamlit as st  # noqa: PLC0415 (only the page tests need it)

    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_env(real_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For AppTests: point the app at the session's real store and start with empty caches."""
    monkeypatch.setenv("REMIT_STORE", str(real_store))
    monkeypatch.setenv("REMIT_RATES_FILE", str(tmp_path / "rates" / "reference_rates.json"))  # no real cache
    _empty_caches()
    yield
    _empty_caches()


@pytest.fixture
def provider_env(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """For AppTests: a store of the SYNTHETIC fixture data with the SYNTHETIC provider workbook imported
    (tests/synthetic_rpw.py), and empty caches. Yields the store's path."""
    countries, _ = country_resolver(fixture_data, load_sources(fixture_data))
    rpw.import_workbook(write_workbook(tmp_path / "w.xlsx"), fixture_data, countries)
    store = tmp_path / "s.duckdb"
    build_store(fixture_data, store)
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(store))
    monkeypatch.setenv("REMIT_RATES_FILE", str(tmp_path / "rates" / "reference_rates.json"))  # no real cache
    _empty_caches()
    yield store
    _empty_caches()


@pytest.fixture
def real_con(real_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(real_store), read_only=True)
    yield con
    con.close()
