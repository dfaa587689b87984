"""Loading the provider-level workbook from the Data & methods page (SYNTHETIC workbook)."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import app
from streamlit.testing.v1 import AppTest
from synthetic_rpw import write_workbook

from ui import cached

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data_page(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(tmp_path / "app.duckdb"))
    cached.clear()
    at = app().switch_page("views/data_methods.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, content, XLSX))
    at.run()
    next(b for b in at.button if b.label == "Import this workbook").click().run()
    return at


def test_upload_imports_the_workbook_and_the_page_says_so(data_page: AppTest, tmp_path: Path) -> None:
    assert "Complete Dataset" in data_page.info[0].value
    content = write_workbook(tmp_path / "rpw_dataset_2011_2016_q2.xlsx").read_bytes()
    at = _upload(data_page, "rpw_dataset_2011_2016_q2.xlsx", content)
    assert not at.exception, [e.value for e in at.exception]
    assert any("Loaded: **11 provider prices**" in s.value for s in at.success)
    assert any("Rejected: 3 rows" in c.value for c in at.caption)
    cached.clear()


def test_a_bad_upload_is_refused_and_changes_nothing(data_page: AppTest, fixture_data: Path) -> None:
    at = _upload(data_page, "not-a-workbook.xlsx", b"PK\x03\x04 garbage")
    assert not at.exception
    assert "was not imported" in at.error[0].value and "Nothing that was loaded before has changed" in at.error[0].value
    assert not (fixture_data / "imported/rpw_providers.parquet").exists()
    cached.clear()


def test_a_shared_server_can_switch_loading_off(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REMIT_ALLOW_IMPORT", "0")
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(tmp_path / "app.duckdb"))
    cached.clear()
    at = app().switch_page("views/data_methods.py").run()
    assert not at.exception
    assert len(at.get("file_uploader")) == 0
    assert any("switched off on this server" in c.value for c in at.caption)
