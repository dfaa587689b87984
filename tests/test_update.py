"""'remit update' against a local HTTP server on 127.0.0.1 that answers like the World Bank's data
catalog and WDI API (SYNTHETIC content), including a dropped connection, a truncated file and a 500."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest
from remit_cli import remit_cli
from synthetic_rpw import write_workbook
from test_disk_failures import FULL_DISK, full_disk

from remit import update
from remit.build import build_store
from remit.errors import DataFileError, RemitError, WriteFailed
from remit.store import store_status

ROOT = Path(__file__).resolve().parent.parent


class FakeWorldBank(BaseHTTPRequestHandler):
    """Serves /catalog, /files/<workbook> and /v2/country/all/indicator/<code>; `mode` breaks things."""

    workbook: bytes = b""
    mode: dict[str, str] = {}

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: PLR0911 (one branch per fake endpoint and failure)
        url = urlparse(self.path)
        if url.path == "/catalog" and self.mode.get("catalog") == "html":
            return self._send(200, b"<html><body>Please enable JavaScript</body></html>", "text/html")
        if url.path == "/catalog" and self.mode.get("catalog") == "ddh":  # the DDH DatasetView layout
            host = self.headers["Host"]
            listing = {
                "dataset_unique_id": "0037898",
                "Resources": [
                    {
                        "name": "RPW dataset 2011-2025 Q1",
                        "distribution": {
                            "url": f"http://{host}/ddh-published/0037898/DR0090001/rpw_dataset_2011_2025_q1.xlsx"
                        },
                    },
                    {
                        "name": "RPW dataset 2011-2025 Q3",  # 2025_2Q was never collected: Q1 then Q3
                        "distribution": {
                            "url": f"http://{host}/ddh-published/0037898/DR0095523/rpw_dataset_2011_2025_q3.xlsx"
                        },
                    },
                    {"name": "Methodology", "url": f"http://{host}/ddh-published/0037898/DR0095524/methodology.pdf"},
                ],
            }
            return self._send(200, json.dumps(listing).encode(), "application/json")
        if url.path == "/catalog":
            listing = {
                "Resources": [
                    {"name": "older", "url": "/files/rpw_dataset_2011_2015_q4.xlsx"},
                    {"name": "newest", "url": f"http://{self.headers['Host']}/files/rpw_dataset_2011_2016_q2.xlsx"},
                ]
            }
            return self._send(200, json.dumps(listing).encode(), "application/json")
        if url.path.startswith("/sdg/Series/Data"):
            return self._sdg(parse_qs(url.query))
        if url.path.startswith(("/files/", "/ddh-published/")):
            how = self.mode.get("workbook", "ok")
            if how == "truncated":  # promises the whole file, sends half, closes
                return self._send(
                    200, self.workbook[: len(self.workbook) // 2], "application/octet-stream", len(self.workbook)
                )
            if how == "dropped":
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            if how == "html":
                return self._send(200, b"<html>maintenance</html>", "text/html")
            return self._send(200, self.workbook, "application/octet-stream")
        if url.path.startswith("/v2/country/all/indicator/"):
            code = url.path.rsplit("/", 1)[1]
            if self.mode.get("wdi") == "500":
                return self._send(500, b"internal error", "text/plain")
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            year = 2023 if self.mode.get("wdi") == "duplicate" else 2024 - page  # one year twice: the build refuses it
            rows = [
                {
                    "country": {"value": "Tajikistan"},
                    "countryiso3code": "TJK",
                    "date": str(year),
                    "value": 7.0e9 if code.startswith("BX.TRF.PWKR.CD") else 1.0,
                },
                {"country": {"value": "Somewhere new"}, "countryiso3code": "QQQ", "date": "2024", "value": 1.0},
                {"country": {"value": "Tajikistan"}, "countryiso3code": "TJK", "date": "1999", "value": None},
            ]
            return self._send(200, json.dumps([{"page": page, "pages": 2}, rows]).encode(), "application/json")
        return self._send(404, b"not found", "text/plain")

    def _sdg(self, query: dict) -> None:
        how = self.mode.get("sdg", "ok")
        if how == "500":
            return self._send(500, b"internal error", "text/plain")
        if how == "malformed":
            return self._send(200, b'{"data": [', "application/json")
        series, page = query["seriesCode"][0], int(query.get("page", ["1"])[0])
        assert query["timePeriodStart"] == ["2022"]
        record = {
            "series": series,
            "geoAreaCode": "643",
            "geoAreaName": "Russian Federation",
            "timePeriodStart": 2021.0 + page,
            "value": "1.73",
            "dimensions": {"Reporting Type": "G", **({"Counterpart": "TJ"} if series.endswith(("_BC", "_SC")) else {})},
            "attributes": {"Nature": "C", "Units": "PERCENT"},
        }
        junk = [dict(record, value="NaN"), dict(record, value="250"), dict(record, timePeriodStart=2019.0)]
        answer = {"totalElements": 5, "totalPages": 2, "pageNumber": page, "data": [record, *junk]}
        return self._send(200, json.dumps(answer).encode(), "application/json")


@pytest.fixture(scope="module")
def _listening(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, bytes]]:
    """One fake World Bank per test file (its address) and the workbook it serves."""
    workbook = write_workbook(tmp_path_factory.mktemp("served") / "served.xlsx").read_bytes()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeWorldBank)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", workbook
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(_listening: tuple[str, bytes]) -> str:
    """The fake World Bank, answering normally and serving the SYNTHETIC workbook until a test sets `mode`."""
    FakeWorldBank.workbook, FakeWorldBank.mode = _listening[1], {}
    return _listening[0]


@pytest.fixture
def built(fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = fixture_data / "remit.duckdb"
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(store))
    monkeypatch.setattr(update, "ATTEMPTS", 2)
    monkeypatch.setattr(update, "BACKOFF_S", 0.01)
    build_store(fixture_data, store)
    return store


def _run(data: Path, base: str) -> dict:
    return update.update(data, catalog_url=f"{base}/catalog", wdi_api=f"{base}/v2", sdg_api=base)


def test_update_downloads_the_newest_workbook_and_wdi(server: str, fixture_data: Path, built: Path) -> None:
    report = _run(fixture_data, server)
    assert report["rpw_workbook"]["status"] == "ok"
    assert report["rpw_workbook"]["url"].endswith("rpw_dataset_2011_2016_q2.xlsx")  # the newest, not 2015_q4
    wdi = report["BX.TRF.PWKR.CD.DT"]
    assert wdi["status"] == "ok" and wdi["rows"] == 2 and wdi["skipped_unknown_codes"] == 2  # two pages
    with duckdb.connect(str(built), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM provider_price").fetchone()[0] == 11
        received = dict(con.execute("SELECT year, remit_received_usd FROM country_year WHERE iso3='TJK'").fetchall())
        assert received[2023] == 7.0e9 and received[2022] == 7.0e9  # the API's values win
        assert "wdi_api_BX.TRF.PWKR.CD.DT" in {r[0] for r in con.execute("SELECT source_id FROM source").fetchall()}
    assert not list((fixture_data / "imported").glob("*.tmp"))


@pytest.mark.parametrize("how", ["truncated", "dropped", "html"])
def test_a_broken_download_keeps_everything_and_says_what_failed(
    server: str, fixture_data: Path, built: Path, how: str
) -> None:
    FakeWorldBank.mode = {"workbook": how, "wdi": "500", "sdg": "500"}
    before = built.read_bytes()
    report = _run(fixture_data, server)
    assert report["rpw_workbook"]["status"] == "failed"
    reason = report["rpw_workbook"]["reason"]
    expected = {"truncated": "cut off", "dropped": "dropped", "html": "did not return an Excel workbook"}[how]
    assert expected in reason
    assert report["SP.POP.TOTL"] == {"status": "failed", "reason": report["SP.POP.TOTL"]["reason"]}
    assert "500" in report["SP.POP.TOTL"]["reason"]
    assert "store" not in report and built.read_bytes() == before  # nothing succeeded: no rebuild
    assert not (fixture_data / "imported/rpw_providers.parquet").exists()
    assert not list((fixture_data / "imported").rglob("*.tmp"))


def test_offline_says_so_in_one_line_and_changes_nothing(
    fixture_data: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    before = built.read_bytes()
    with pytest.raises(update.Offline, match="nothing was changed"):
        _run(fixture_data, dead)
    assert built.read_bytes() == before
    monkeypatch.setenv("REMIT_CATALOG_URL", f"{dead}/catalog")
    monkeypatch.setenv("REMIT_WDI_API", f"{dead}/v2")
    monkeypatch.setenv("REMIT_SDG_API", dead)
    out = remit_cli("update")
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("remit: offline:")


@pytest.mark.slow  # a robustness run at scale: not in the fast tier
def test_an_update_killed_half_way_leaves_the_store_intact(server: str, fixture_data: Path, built: Path) -> None:
    """Kill a real 'remit update' process while it downloads; the store and data stay as they were."""
    FakeWorldBank.workbook = FakeWorldBank.workbook * 1  # same content
    before = built.read_bytes()
    env = {
        **os.environ,
        "REMIT_CATALOG_URL": f"{server}/catalog",
        "REMIT_WDI_API": f"{server}/v2",
        "REMIT_SDG_API": server,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "remit", "update"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = ""
    while "Downloading" not in line and "Refreshing" not in line:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    proc.wait(timeout=30)
    assert built.read_bytes() == before
    with duckdb.connect(str(built), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corridor_cost").fetchone()[0] > 0
    # leftovers of the killed process are temporary files only; the next update cleans nothing it needs
    shutil.rmtree(fixture_data / "imported", ignore_errors=True)
    assert _run(fixture_data, server)["rpw_workbook"]["status"] == "ok"


def test_update_errors_are_remit_errors() -> None:
    assert issubclass(update.Offline, RemitError) and issubclass(update.UpdateFailed, RemitError)


def test_the_data_catalogs_resource_layout_gives_the_newest_quarter(
    server: str, fixture_data: Path, built: Path
) -> None:
    FakeWorldBank.mode = {"catalog": "ddh"}
    report = _run(fixture_data, server)["rpw_workbook"]
    assert report["status"] == "ok", report
    assert report["url"] == f"{server}/ddh-published/0037898/DR0095523/rpw_dataset_2011_2025_q3.xlsx"
    assert report["url_from"] == "the data catalog"


def test_an_unreadable_catalog_falls_back_to_the_url_in_sources_toml(
    server: str, fixture_data: Path, built: Path
) -> None:
    FakeWorldBank.mode = {"catalog": "html"}
    sources = fixture_data / "sources.toml"
    sources.write_text(
        "[[rpw_workbook]]\n"
        f'url = "{server}/ddh-published/0037898/DR0090001/rpw_dataset_2011_2025_q1.xlsx"\n'
        "[[rpw_workbook]]\n"
        f'url = "{server}/ddh-published/0037898/DR0095523/rpw_dataset_2011_2025_q3.xlsx"\n\n'
        + sources.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    report = _run(fixture_data, server)["rpw_workbook"]
    assert report["status"] == "ok", report
    assert report["url"].endswith("/DR0095523/rpw_dataset_2011_2025_q3.xlsx")
    assert report["url_from"].startswith("the newest URL recorded in data/sources.toml, because the data catalog")


def test_an_unreadable_catalog_without_a_recorded_url_says_so(server: str, fixture_data: Path, built: Path) -> None:
    FakeWorldBank.mode = {"catalog": "html"}
    report = _run(fixture_data, server)["rpw_workbook"]
    assert report["status"] == "failed" and "lists no rpw_dataset_*.xlsx workbook" in report["reason"]


def test_sdg_series_newer_than_2021_are_saved_in_the_shipped_ddf_columns(
    server: str, fixture_data: Path, built: Path
) -> None:
    report = _run(fixture_data, server)
    part = report["sdg_SI_RMT_COST_BC"]
    assert part == {
        "status": "ok",
        "rows": 2,
        "skipped": 4,  # NaN and 250% on each page; 2019 is simply older
        "file": "imported/sdg/ddf--datapoints--si_rmt_cost_bc--by--counterpart--geo_area--nature--units--year.csv",
        "years": "2022-2023",
    }
    lines = (fixture_data / part["file"]).read_text(encoding="utf-8").splitlines()
    assert lines == [
        "counterpart,geo_area,nature,units,year,si_rmt_cost_bc",
        "tj,643,c,percent,2022,1.73",
        "tj,643,c,percent,2023,1.73",
    ]
    snd = (fixture_data / report["sdg_SI_RMT_COST_SND"]["file"]).read_text(encoding="utf-8").splitlines()
    assert snd[0] == "geo_area,nature,units,year,si_rmt_cost_snd" and snd[1] == "643,c,percent,2022,1.73"


@pytest.mark.parametrize("how", ["500", "malformed"])
def test_a_failed_sdg_fetch_keeps_the_previous_file(server: str, fixture_data: Path, built: Path, how: str) -> None:
    _run(fixture_data, server)
    path = fixture_data / "imported/sdg" / update.sdg_file("SI_RMT_COST")
    before = path.read_bytes()
    FakeWorldBank.mode = {"sdg": how}
    part = _run(fixture_data, server)["sdg_SI_RMT_COST"]
    assert part["status"] == "failed"
    assert ("500" if how == "500" else "unexpected format") in part["reason"]
    assert path.read_bytes() == before
    assert not list((fixture_data / "imported").rglob("*.tmp"))


# --- A rebuild that fails after the downloads succeeded ------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under folder (its path inside folder -> its bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _unchanged(data: Path, store: Path, imported: dict[str, bytes], before: bytes) -> None:
    assert _files(data / "imported") == imported
    assert store.read_bytes() == before
    assert store_status(store, data) == "ok"  # not stale: nothing changed for anyone
    assert not list(data.glob(".import-*")) and not list(data.glob(".incoming-*"))


def test_a_build_refusing_a_download_changes_neither_imported_nor_the_store(
    server: str, fixture_data: Path, built: Path
) -> None:
    """The workbook, WDI and SDG downloads all succeed, but the WDI series holds one year twice: the
    build refuses it. data/imported/ (here from a previous update) and the store stay byte-identical."""
    assert _run(fixture_data, server)["store"]["status"] == "ok"
    imported, before = _files(fixture_data / "imported"), built.read_bytes()
    FakeWorldBank.mode = {"wdi": "duplicate"}
    with pytest.raises(DataFileError, match="duplicate key") as caught:
        _run(fixture_data, server)
    assert "Traceback" not in str(caught.value.message)
    _unchanged(fixture_data, built, imported, before)


@pytest.mark.parametrize("how", list(FULL_DISK))
def test_an_update_on_a_full_disk_changes_neither_imported_nor_the_store(
    server: str, fixture_data: Path, built: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    imported, before = _files(fixture_data / "imported"), built.read_bytes()
    full_disk(monkeypatch, FULL_DISK[how])
    with pytest.raises(WriteFailed, match="disk is full"):
        _run(fixture_data, server)
    _unchanged(fixture_data, built, imported, before)


def test_the_cli_says_a_failed_rebuild_in_one_line_and_changes_nothing(
    server: str, fixture_data: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REMIT_CATALOG_URL", f"{server}/catalog")
    monkeypatch.setenv("REMIT_WDI_API", f"{server}/v2")
    monkeypatch.setenv("REMIT_SDG_API", server)
    imported, before = _files(fixture_data / "imported"), built.read_bytes()
    FakeWorldBank.mode = {"wdi": "duplicate"}
    out = remit_cli("update")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("remit: ") and "duplicate key" in out.stderr
    _unchanged(fixture_data, built, imported, before)
    FakeWorldBank.mode = {}
    assert remit_cli("update").returncode == 0
    assert (fixture_data / "imported/rpw_providers.parquet").is_file() and store_status(built, fixture_data) == "ok"
