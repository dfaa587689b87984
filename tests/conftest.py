"""Shared fixtures: the SYNTHETIC data and stores, and the real store built once from data/.

Every store here is built once per session and opened read-only; the SYNTHETIC ones are chmod 444 and
checked unchanged at the end of the session (root ignores the mode). A test that edits data or writes
a store takes fixture_data (a fresh copy per test) and builds its own. Markers (pyproject.toml): `slow` for browser, load, cluster, hostile-at-scale and long
robustness runs; `python -m pytest -m "not slow"` is the fast tier."""

from __future__ import annotations

import sys

# Keep compiled modules between runs even where the environment sets PYTHONDONTWRITEBYTECODE (this machine does):
# otherwise every run, and every xdist worker in it, compiles the project's modules and re-rewrites the assertions
# of every test module (about 2 s per worker, a tenth of the fast tier). __pycache__/ is ignored by git.
sys.dont_write_bytecode = False

import hashlib  # noqa: E402
import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import duckdb  # noqa: E402
import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
# A served app shows visitors no exception details (.streamlit/config.toml); a failing AppTest should.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")


def _apptest_does_once_what_a_server_does_once() -> None:
    """Two things every AppTest run does anew that a real server does once per process: scan the metadata of
    every installed package for Streamlit components (0.2 s per AppTest, half of a short page's test) and
    compile the scripts it runs (30-40 ms per run, Streamlit's magic rewrites each script's syntax tree).
    Neither the installed packages nor the scripts change during a test run, so the first answer serves
    every test; what the pages do is unchanged."""
    import functools

    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)
    shared = ScriptCache()  # keyed by each script's absolute path (AppTest.from_string writes a new file each time)
    app_test.ScriptCache = lambda: shared


_apptest_does_once_what_a_server_does_once()

from synthetic import add_weighting_data, copy_data_dir, make_data_dir  # noqa: E402
from synthetic_rpw import write_workbook  # noqa: E402

from remit import rpw  # noqa: E402
from remit.build import build_store, country_resolver, load_sources  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


FAST_TIER = "not slow"


def pytest_configure(config: pytest.Config) -> None:
    """The fast tier (`python -m pytest -m "not slow"`) runs on every core with pytest-xdist, one test file
    per worker at a time (module fixtures are built once); the full run stays in one process, as CI and
    the browser, load and cluster tests expect. `-n 0` (or any -n) on the command line wins."""
    if (
        config.getoption("markexpr", "") == FAST_TIER
        and config.pluginmanager.hasplugin("xdist")
        and config.getoption("numprocesses", None) is None
        and "PYTEST_XDIST_WORKER" not in os.environ
        and not config.getoption("collectonly", False)
        and (workers := min(os.cpu_count() or 1, 4)) > 1
    ):
        config.option.numprocesses = workers
        config.option.dist = "loadfile"
        config.option.tx = ["popen"] * workers


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is slow too: `-m "not slow"` leaves them out without a second mark in each file."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


# --- The SYNTHETIC data and stores: built once per session, read-only; a test that writes gets a copy ---


def _unchanged(store: Path) -> Iterator[Path]:
    """Hand out a shared store read-only, and fail the session if any test wrote to it."""
    store.chmod(0o444)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    yield store
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before, f"a test wrote to the shared {store.name}"


@pytest.fixture(scope="session")
def pristine_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SYNTHETIC data/ folder, written once per session. Never edit it: use fixture_data."""
    return make_data_dir(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def fixture_data(pristine_data: Path, tmp_path: Path) -> Path:
    """A fresh copy of the SYNTHETIC data/ folder in the publishers' layouts (tests may edit it)."""
    return copy_data_dir(pristine_data, tmp_path / "data")


@pytest.fixture(scope="session")
def fixture_store(pristine_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The store of the SYNTHETIC data, built once per session. Read-only: a test that writes to a store
    builds its own (build_store(fixture_data, tmp_path / "x.duckdb"))."""
    store = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    build_store(pristine_data, store)
    yield from _unchanged(store)


@pytest.fixture(scope="session")
def provider_import(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A store of the SYNTHETIC data with the SYNTHETIC provider workbook imported (tests/synthetic_rpw.py), and
    the import's report, built once per session. Read-only, like fixture_store."""
    root = tmp_path_factory.mktemp("providers")
    data = make_data_dir(root)
    countries, _ = country_resolver(data, load_sources(data))
    report = rpw.import_workbook(write_workbook(root / "rpw_dataset_2011_2016_q2.xlsx"), data, countries)
    store = root / "providers.duckdb"
    build_store(data, store)
    for unchanged in _unchanged(store):
        yield unchanged, report


@pytest.fixture(scope="session")
def provider_store(provider_import: tuple[Path, dict]) -> Path:
    """The store of provider_import. Read-only."""
    return provider_import[0]


def _read_only(store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(store), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def weighting_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The store of the SYNTHETIC data with the weighting additions (synthetic.add_weighting_data), built once
    per session. Read-only, like fixture_store."""
    root = tmp_path_factory.mktemp("weighting")
    store = root / "weighting.duckdb"
    build_store(add_weighting_data(make_data_dir(root / "w")), store)
    yield from _unchanged(store)


@pytest.fixture
def weighting_con(weighting_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session's SYNTHETIC store with the weighting additions."""
    yield from _read_only(weighting_store)


@pytest.fixture
def fixture_con(fixture_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session's SYNTHETIC store."""
    yield from _read_only(fixture_store)


@pytest.fixture
def provider_con(provider_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session's SYNTHETIC store with provider prices."""
    yield from _read_only(provider_store)


@pytest.fixture(scope="session")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real store, built once per test session from the shipped data/."""
    store = tmp_path_factory.mktemp("real") / "remit.duckdb"
    build_store(ROOT / "data", store)
    return store


def _empty_caches() -> None:
    from ui import cached  # noqa: PLC0415 (only the page tests need it)

    cached.clear()


@pytest.fixture
def app_env(real_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For AppTests: point the app at the session's real store (and an empty reference-rate cache). Its cached
    queries and figures are kept from one page test to the next, as one app process keeps them between
    visitors (about a third of the page tests' time): ui/cached.py keys them by the store file's version, so
    no other store's results are served, and the fixtures of other stores (provider_env, test_failures' env)
    empty the caches before and after themselves."""
    monkeypatch.setenv("REMIT_STORE", str(real_store))
    monkeypatch.setenv("REMIT_RATES_FILE", str(tmp_path / "rates" / "reference_rates.json"))  # no real cache
    yield


@pytest.fixture
def provider_env(provider_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """For AppTests: the session's SYNTHETIC store with provider prices (read-only) and its data folder,
    and empty caches. Yields the store's path."""
    monkeypatch.setenv("REMIT_DATA_DIR", str(provider_store.parent / "data"))
    monkeypatch.setenv("REMIT_STORE", str(provider_store))
    monkeypatch.setenv("REMIT_RATES_FILE", str(tmp_path / "rates" / "reference_rates.json"))  # no real cache
    _empty_caches()
    yield provider_store
    _empty_caches()


@pytest.fixture
def real_con(real_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session's real store."""
    yield from _read_only(real_store)
