"""The "Get the latest World Bank data" button on Data & methods, against a local 127.0.0.1 server that
answers like the World Bank and the UN (tests/test_update.py's FakeWorldBank, SYNTHETIC content)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from apptest import app
from streamlit.testing.v1 import AppTest
from test_update import FakeWorldBank, _files, _listening, server  # noqa: F401 (the fixtures)

from remit import update
from ui import cached

ROOT = Path(__file__).resolve().parent.parent


def _page(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str) -> AppTest:
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(tmp_path / "app.duckdb"))
    monkeypatch.setenv("REMIT_CATALOG_URL", f"{base}/catalog")
    monkeypatch.setenv("REMIT_WDI_API", f"{base}/v2")
    monkeypatch.setenv("REMIT_SDG_API", base)
    monkeypatch.setattr(update, "ATTEMPTS", 2)
    monkeypatch.setattr(update, "BACKOFF_S", 0.01)
    cached.clear()
    at = app().switch_page("views/data_methods.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _press(at: AppTest) -> AppTest:
    at.button(key="update_data").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_button_updates_and_every_page_shows_the_new_quarter(
    server: str,  # noqa: F811
    fixture_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _page(fixture_data, tmp_path, monkeypatch, server)
    at = _press(at)
    assert any(s.value.startswith("Updated: every page now shows the new data") for s in at.success)
    assert any("Loaded: **11 provider prices**" in s.value for s in at.success)
    cached.clear()


def test_offline_the_button_says_so_and_changes_nothing(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    at = _page(fixture_data, tmp_path, monkeypatch, dead)
    before = (tmp_path / "app.duckdb").read_bytes()
    at = _press(at)
    assert any("No connection to the World Bank's servers: nothing was changed" in w.value for w in at.warning)
    assert (tmp_path / "app.duckdb").read_bytes() == before
    cached.clear()


def test_the_button_is_off_when_loading_is_switched_off(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REMIT_ALLOW_IMPORT", "0")
    at = _page(fixture_data, tmp_path, monkeypatch, "http://127.0.0.1:9")
    assert not [b for b in at.button if b.key == "update_data"]
    assert any("Updating is switched off on this server" in c.value for c in at.caption)


def test_a_failed_rebuild_says_so_and_every_page_keeps_the_data_it_had(
    server: str,  # noqa: F811
    fixture_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every download succeeds but the build refuses one (a WDI year twice): a plain error, and neither
    data/imported/ nor the store changes (they are swapped in only after a build that succeeded)."""
    at = _page(fixture_data, tmp_path, monkeypatch, server)
    store = tmp_path / "app.duckdb"
    before, imported = store.read_bytes(), _files(fixture_data / "imported")
    FakeWorldBank.mode = {"wdi": "duplicate"}
    at = _press(at)
    assert [e.value for e in at.error if e.value.startswith("The update stopped:")], [e.value for e in at.error]
    assert not [e for e in at.error if "Traceback" in e.value or "DataFileError" in e.value]
    assert "The data already here has not changed." in at.error[0].value
    assert store.read_bytes() == before
    assert _files(fixture_data / "imported") == imported
    assert not list(fixture_data.glob(".incoming-*")) and not list(fixture_data.glob(".import-*"))
    at.switch_page("views/data_methods.py").run()  # the next page view: the data it had, no warning
    assert not at.exception and not at.error
    assert not any("Loaded: **11 provider prices**" in s.value for s in at.success)
    cached.clear()
