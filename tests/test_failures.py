"""Failures: a damaged store, data files that changed shape, a build killed half-way, many processes
starting at once. The app and the CLI keep serving the last good store or say plainly what is wrong
and how to rebuild; nothing stored is lost. (tests/test_build.py has the per-reader validation
messages and the plain failed-build case; tests/test_update.py has an update killed while it downloads.)"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook
from remit_cli import remit_cli
from streamlit.testing.v1 import AppTest

from remit import build
from remit.build import StoreState, build_store, ensure_store
from remit.errors import DataFileError, StoreUnavailable
from remit.store import connect, store_status
from ui import cached

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 180


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f".{store.name}.build-*"))


def _readable(store: Path) -> int:
    with connect(store) as con:
        return con.execute("SELECT count(*) FROM corridor_cost").fetchone()[0]


def _later(path: Path) -> None:
    """Date path in the future (clock skew, an unpacked archive): it must still count as changed."""
    later = time.time() + 3600
    os.utime(path, (later, later))


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, fixture_data: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """REMIT_DATA_DIR / REMIT_STORE pointing at a SYNTHETIC data folder and a store path; empty caches."""
    store = tmp_path / "store" / "remit.duckdb"
    store.parent.mkdir()
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(store))
    cached.clear()
    yield fixture_data, store
    cached.clear()


# --- Data files that changed shape -----------------------------------------------------------------


def _workbook(sheet: str, rows: list[list[object]]) -> bytes:
    wb = Workbook()
    wb.active.title = sheet
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rename_column(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8-sig").replace(old, new, 1), encoding="utf-8")


RESHAPES: dict[str, tuple[Callable[[Path], None], str]] = {
    "a column renamed": (
        lambda d: _rename_column(d / "raw/databank.csv", "Sending Countries Code", "Sender"),
        r"databank.csv, row 1: missing column\(s\) Sending Countries Code",
    ),
    "a matrix sheet replaced": (
        lambda d: (d / "raw/bilateral.xlsx").write_bytes(_workbook("Notes", [["see the other sheet"]])),
        r"bilateral.xlsx: the first sheet has .* not a matrix",
    ),
    "a KNOMAD table without its header row": (
        lambda d: (d / "raw/knomad_in.xlsx").write_bytes(_workbook("Inflows", [["Country", 2021, 2022]])),
        r"knomad_in.xlsx: no header row",
    ),
    "the focus region's column renamed": (
        lambda d: _rename_column(d / "focus_region.csv", "iso3", "code"),
        r"focus_region.csv, row 1: missing column\(s\) iso3",
    ),
    "the focus region emptied": (
        lambda d: (d / "focus_region.csv").write_text("iso3,subregion\n", encoding="utf-8"),
        r"focus_region.csv: lists no country",
    ),
    "sources.toml garbled": (
        lambda d: (d / "sources.toml").write_text("[[source]\nid = ", encoding="utf-8"),
        r"sources.toml: is not a list of \[\[source\]\] tables",
    ),
    "a listed file gone": (lambda d: (d / "raw/gdp.csv").unlink(), r"raw/gdp.csv: listed in sources.toml"),
}


@pytest.mark.parametrize("change", list(RESHAPES))
def test_a_data_file_that_changed_shape_stops_the_build_and_keeps_the_store(
    env: tuple[Path, Path], change: str
) -> None:
    data, store = env
    build_store(data, store)
    before = _sha(store)
    reshape, message = RESHAPES[change]
    reshape(data)
    with pytest.raises(DataFileError, match=message):
        build_store(data, store)
    assert _sha(store) == before and _readable(store) > 0
    assert not _leftovers(store)

    # The app's and the CLI's path: the data changed, the rebuild fails, the last good store is kept.
    for path in [data / "sources.toml", *data.rglob("*.*")]:
        if path.exists():
            _later(path)
    assert store_status(store, data) == "stale"
    done = ensure_store()
    assert done.kept and done.status == "stale" and done.data == data, done
    assert "python -m remit build" in str(done) and "The app shows the data as last built" in str(done)
    assert str(done).startswith("kept:")
    assert _sha(store) == before


def test_a_failed_build_is_not_retried_on_every_page_view(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, store = env
    build_store(data, store)
    RESHAPES["a matrix sheet replaced"][0](data)
    _later(data / "raw/bilateral.xlsx")
    calls = []
    real = build._build_locked
    monkeypatch.setattr(build, "_build_locked", lambda *a: calls.append(1) or real(*a))
    for _ in range(5):
        assert ensure_store().kept
    assert len(calls) == 1, "a build that cannot succeed was retried without any file changing"
    shutil.copy(_fresh_bilateral(data), data / "raw/bilateral.xlsx")  # the fix: the good file is back
    assert ensure_store() == StoreState("stale", built=True)
    assert len(calls) == 2 and store_status(store, data) == "ok"


def _fresh_bilateral(data: Path) -> Path:
    from synthetic import make_data_dir

    return make_data_dir(data.parent / "fresh") / "raw/bilateral.xlsx"


def test_cli_keeps_answering_from_the_last_good_store(env: tuple[Path, Path]) -> None:
    data, store = env
    build_store(data, store)
    before = _sha(store)
    RESHAPES["a column renamed"][0](data)
    _later(data / "raw/databank.csv")
    out = remit_cli("info", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["corridors"] > 0
    assert "databank.csv, row 1: missing column(s)" in out.stderr and "python -m remit build" in out.stderr
    out = remit_cli("build")
    assert out.returncode == 1 and "databank.csv" in out.stderr.strip().splitlines()[-1]
    assert _sha(store) == before


# --- A damaged store --------------------------------------------------------------------------------


def _damage(store: Path, how: str) -> None:
    raw = store.read_bytes()
    if how == "truncated":
        store.write_bytes(raw[: len(raw) // 3])
    elif how == "garbage":
        store.write_bytes(b"not a duckdb file at all " * 4000)
    else:  # a damaged block in the middle of the table data: found by reading every row once
        with duckdb.connect(str(store), read_only=True) as con:
            block = con.execute(
                "SELECT block_id FROM pragma_storage_info('corridor_cost') WHERE block_id >= 0 LIMIT 1"
            ).fetchone()[0]
        with store.open("r+b") as fh:
            fh.seek(4096 * 3 + block * 262144 + 8)  # DuckDB: 3 header pages, then 256 KiB blocks
            fh.write(b"\xab" * 4096)


@pytest.mark.parametrize("how", ["truncated", "garbage", "damaged block"])
def test_a_damaged_store_is_rebuilt_from_good_data(env: tuple[Path, Path], how: str) -> None:
    data, store = env
    build_store(data, store)
    _damage(store, how)
    assert store_status(store, data) == "corrupt"
    assert ensure_store() == StoreState("corrupt", built=True)
    assert store_status(store, data) == "ok" and _readable(store) > 0


def test_app_rebuilds_a_truncated_store_and_shows_the_overview(real_store: Path, tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "remit.duckdb"
    store.write_bytes(real_store.read_bytes()[: real_store.stat().st_size // 2])
    monkeypatch.setenv("REMIT_STORE", str(store))
    cached.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == "Where do remittances cost too much?"
        assert store_status(store) == "ok"
    finally:
        cached.clear()


def test_app_says_what_is_wrong_and_how_to_rebuild_when_nothing_can_be_served(env: tuple[Path, Path]) -> None:
    data, store = env
    store.write_bytes(b"\x00" * 5000)  # a store cut off to nothing
    (data / "raw/gdp.csv").unlink()  # and a data folder the build cannot read
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    message = " ".join(e.value for e in at.error)
    assert "raw/gdp.csv" in message, message
    assert "python -m remit build" in message, message


def test_cli_says_what_is_wrong_and_how_to_rebuild(env: tuple[Path, Path]) -> None:
    data, store = env
    store.write_bytes(b"garbage")
    (data / "raw/gdp.csv").unlink()
    out = remit_cli("info")
    assert out.returncode == 1
    last = out.stderr.strip().splitlines()[-1]
    assert "raw/gdp.csv" in last and "python -m remit build" in last and "Traceback" not in out.stderr
    with pytest.raises(StoreUnavailable, match="python -m remit build"):
        ensure_store()


def test_app_keeps_serving_the_last_good_store_when_the_data_changed_shape(env: tuple[Path, Path]) -> None:
    data, store = env
    build_store(data, store)
    RESHAPES["a column renamed"][0](data)
    _later(data / "raw/databank.csv")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("views/data_methods.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("python -m remit build" in w.value for w in at.warning)


# --- A build killed half-way ------------------------------------------------------------------------


def _start_build(store: Path) -> subprocess.Popen:
    env = {**os.environ, "REMIT_STORE": str(store)}
    env.pop("REMIT_DATA_DIR", None)  # the shipped data: a real build, long enough to be killed inside
    return subprocess.Popen(
        [sys.executable, "-m", "remit", "build", "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.slow  # a robustness run at scale: not in the fast tier
def test_a_build_killed_at_any_moment_keeps_the_previous_store(real_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "remit.duckdb"
    shutil.copy(real_store, store)
    before = _sha(store)
    started = time.monotonic()
    proc = _start_build(tmp_path / "timing.duckdb")
    assert proc.wait(timeout=BUILD_TIMEOUT_S) == 0, proc.stderr.read()
    full = time.monotonic() - started

    seed = int(time.time())
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0.1, 1.0) * full for _ in range(4))
    for moment in moments:
        proc = _start_build(store)
        try:
            time.sleep(moment)
        finally:
            _kill(proc)
        where = f"killed after {moment:.2f} s of a {full:.2f} s build (seed {seed})"
        if proc.returncode == 0 or _sha(store) != before:
            # It swapped its store in before the kill (the kill may still come while the process exits):
            # then the store must be the new one, complete, never a part of it.
            assert store_status(store) == "ok" and _readable(store) > 0, f"{where}: a damaged store was swapped in"
            before = _sha(store)
            continue
        assert _readable(store) > 0, where

    # SIGKILL right after the new store's temporary file appears: the worst moment for leftovers.
    proc = _start_build(store)
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT_S
        while not _leftovers(store) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
    finally:
        _kill(proc)
    assert _sha(store) == before and _readable(store) > 0
    # What a build killed at that moment leaves (planted too, in case the kill above came a hair late).
    (store.parent / f".{store.name}.build-killed.duckdb").write_bytes(b"half a database")
    (store.parent / f".{store.name}.build-killed.duckdb.wal").write_bytes(b"half a log")

    # The next build cleans up after the killed one and swaps a complete store in.
    proc = _start_build(store)
    try:
        assert proc.wait(timeout=BUILD_TIMEOUT_S) == 0, proc.stderr.read()
    finally:
        _kill(proc)
    assert not _leftovers(store)
    assert store_status(store) == "ok" and _readable(store) > 0


# --- Many processes and sessions at once ------------------------------------------------------------


def test_sessions_starting_together_on_a_missing_store_build_it_once(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, store = env
    calls = []
    real = build._build_locked
    monkeypatch.setattr(build, "_build_locked", lambda *a: calls.append(1) or real(*a))
    results: list[StoreState] = []
    threads = [threading.Thread(target=lambda: results.append(ensure_store())) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(calls) == 1, f"{len(calls)} builds for one missing store"
    assert sorted(map(str, results)) == ["built (missing)"] + ["ok"] * 5
    assert store_status(store, data) == "ok"


def test_inputs_dated_in_the_future_do_not_make_every_page_view_rebuild(env: tuple[Path, Path]) -> None:
    data, store = env
    build_store(data, store)
    _later(data / "raw/gdp.csv")  # a copy that kept a timestamp from a clock ahead of ours
    assert store_status(store, data) == "stale"
    assert ensure_store() == StoreState("stale", built=True)
    assert store_status(store, data) == "ok" and ensure_store() == StoreState("ok")


def test_a_file_replaced_by_an_older_copy_makes_the_store_stale(env: tuple[Path, Path]) -> None:
    data, store = env
    build_store(data, store)
    os.utime(data / "raw/gdp.csv", (1_000_000_000, 1_000_000_000))  # restored from a 2001 backup
    assert store_status(store, data) == "stale"
