"""A rebuilt store is served at once: after an import, `remit build` or `remit update` (in this process or
another one), the next query and the next page view read the new file, never the old deleted one that
DuckDB's per-path instance cache would hand back while a connection to it is open. SYNTHETIC data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from synthetic_rpw import write_workbook

from remit import rpw, store
from remit.build import build_store, country_resolver, ensure_store, load_sources
from ui import cached

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_LOADED = "provider-by-provider prices are not loaded"


@pytest.fixture
def env(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    db = tmp_path / "store" / "remit.duckdb"
    db.parent.mkdir()
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(db))
    build_store(fixture_data, db)
    cached.clear()
    yield fixture_data, db
    cached.clear()


def _import(data: Path, tmp: Path) -> None:
    countries, _ = country_resolver(data, load_sources(data))
    rpw.import_workbook(write_workbook(tmp / "w.xlsx"), data, countries)


def _providers(con) -> int:  # noqa: ANN001
    return con.execute("SELECT count(*) FROM provider_price").fetchone()[0]


def test_a_connection_opened_after_a_rebuild_reads_the_new_file(env: tuple[Path, Path], tmp_path: Path) -> None:
    data, db = env
    before = store.connect(db)  # a running process holds the store open
    assert _providers(before) == 0
    _import(data, tmp_path)
    build_store(data, db)
    assert store.store_status(db, data) == "ok"  # not 'stale' read from the old file, which would rebuild again
    assert str(ensure_store()) == "ok"
    after = store.connect(db)
    assert _providers(after) > 0
    assert _providers(before) == 0  # the old connection keeps its own file until it is dropped
    before.close()
    after.close()


def _page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _compare_says_not_loaded(at: AppTest) -> bool:
    return any(NOT_LOADED in i.value for i in _page(at, "views/send_money.py").info)


def test_an_import_in_the_app_is_served_on_the_next_page_view(env: tuple[Path, Path], tmp_path: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert _compare_says_not_loaded(at)
    _page(at, "views/data_methods.py")
    at.get("file_uploader")[0].set_value(("rpw.xlsx", write_workbook(tmp_path / "w.xlsx").read_bytes(), XLSX))
    at.run()
    next(b for b in at.button if b.label == "Import this workbook").click().run()
    assert any("provider prices" in s.value for s in at.success), [e.value for e in at.error]
    assert not _compare_says_not_loaded(at)


def test_a_rebuild_by_another_process_is_served_on_the_next_page_view(env: tuple[Path, Path], tmp_path: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert _compare_says_not_loaded(at)
    workbook = write_workbook(tmp_path / "w.xlsx")
    out = subprocess.run(
        [sys.executable, "-m", "remit", "import-rpw", str(workbook)],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert not _compare_says_not_loaded(at)


def test_a_damaged_store_rebuilt_while_open_is_served_without_an_error(env: tuple[Path, Path]) -> None:
    data, db = env
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    _page(at, "views/impact.py")
    with db.open("r+b") as fh:  # damaged in place while the app holds it open
        fh.seek(4096 * 3 + 8)
        fh.write(b"\xab" * 4096)
    assert store.store_status(db, data) == "corrupt"
    at = _page(at, "views/impact.py")
    assert store.store_status(db, data) == "ok"
    assert not at.error, [e.value for e in at.error]
