"""A read-only data folder and a full disk, at page time and during an import.

Tests run as root, where chmod does not stop writes: the writes are made to fail where they happen
(opening the build lock, creating files and folders, DuckDB writing the new store) with the OSError or
DuckDB error a read-only folder (EROFS) or a full disk (ENOSPC) gives. No page may show a traceback,
a `_duckdb` exception or an `[Errno ...]`; an intact store keeps being served, with a plain warning;
an import whose build fails changes neither the store nor data/imported/.
"""

from __future__ import annotations

import builtins
import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from synthetic_rpw import write_workbook

from remit import build, rpw, sandbox
from remit.build import build_store, ensure_store
from remit.errors import WriteFailed
from remit.store import store_status
from ui import cached

# Every page under a full disk and a read-only data folder: fault injection over the whole app, in the full run
# (README, .ci/run), not the fast tier.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted(p.name for p in (ROOT / "views").glob("*.py"))
RAW = ("Traceback", "_duckdb", "Errno", "TransactionException", "IOException", "OSError")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, fixture_data: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A SYNTHETIC data folder with a built store (REMIT_DATA_DIR, REMIT_STORE), empty caches."""
    store = tmp_path / "store" / "remit.duckdb"
    store.parent.mkdir()
    build_store(fixture_data, store)
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(store))
    monkeypatch.setenv("REMIT_RATES_FILE", str(tmp_path / "rates" / "reference_rates.json"))
    cached.clear()
    yield fixture_data, store
    cached.clear()


def _touch_later(path: Path) -> None:
    """The data changed since the build: the next page view tries to rebuild."""
    later = time.time() + 3600
    os.utime(path, (later, later))


def read_only(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Every write under root fails as on a read-only file system (EROFS)."""

    def refused(path: object) -> OSError:
        return OSError(errno.EROFS, "Read-only file system", str(path))

    def under(path: object) -> bool:
        try:
            return Path(os.fspath(path)).resolve().is_relative_to(root)
        except TypeError:
            return False

    real_open, real_mkstemp, real_mkdtemp = builtins.open, tempfile.mkstemp, tempfile.mkdtemp
    real_mkdir, real_replace, real_connect = Path.mkdir, os.replace, duckdb.connect

    def fake_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202 (builtins.open's signature)
        if any(c in mode for c in "wax+") and under(file):
            raise refused(file)
        return real_open(file, mode, *args, **kwargs)

    def fake_mkstemp(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if under(kwargs.get("dir") or tempfile.gettempdir()):
            raise refused(kwargs.get("dir"))
        return real_mkstemp(*args, **kwargs)

    def fake_mkdtemp(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if under(kwargs.get("dir") or tempfile.gettempdir()):
            raise refused(kwargs.get("dir"))
        return real_mkdtemp(*args, **kwargs)

    def fake_mkdir(self: Path, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if under(self) and not self.is_dir():
            raise refused(self)
        return real_mkdir(self, *args, **kwargs)

    def fake_replace(src, dst, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        if under(dst):
            raise refused(dst)
        return real_replace(src, dst, *args, **kwargs)

    def fake_connect(database: object = ":memory:", *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if database not in (":memory:", "", None) and under(database) and not kwargs.get("read_only"):
            raise duckdb.IOException(f'Cannot open file "{database}": Read-only file system')
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(tempfile, "mkstemp", fake_mkstemp)
    monkeypatch.setattr(tempfile, "mkdtemp", fake_mkdtemp)
    monkeypatch.setattr(Path, "mkdir", fake_mkdir)
    monkeypatch.setattr(os, "replace", fake_replace)
    monkeypatch.setattr(duckdb, "connect", fake_connect)


FULL_DISK: dict[str, Callable[[], BaseException]] = {
    "DuckDB cannot write a block": lambda: duckdb.IOException(
        'Could not write file ".remit.duckdb.build-x.duckdb": No space left on device'
    ),
    "DuckDB cannot commit": lambda: duckdb.TransactionException(
        "Failed to commit: could not write to the WAL: No space left on device"
    ),
    "an OSError from Python": lambda: OSError(errno.ENOSPC, "No space left on device"),
}


def full_disk(monkeypatch: pytest.MonkeyPatch, error: Callable[[], BaseException]) -> None:
    """Writing the new store fails as on a full disk (ENOSPC), after the build has read everything."""

    def boom(*args: object) -> None:
        raise error()

    monkeypatch.setattr(build, "_write", boom)


def _raw(at: AppTest) -> list[str]:
    """Texts on the page that show a traceback or a raw exception."""
    shown = [str(e.value) for e in at.exception]
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "code", "text"):
        shown += [str(e.value) for e in getattr(at, kind)]
    return [s[:200] for s in shown if any(r in s for r in RAW)] + [f"exception: {e.value[:200]}" for e in at.exception]


def _pages(expect: str) -> list[str]:
    problems = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    for page in VIEWS:
        at.switch_page(f"views/{page}").run()
        problems += [f"{page}: {p}" for p in _raw(at)]
        if not any(expect in w.value for w in at.warning):
            problems.append(f"{page}: no warning saying {expect!r}")
        if at.error:
            problems.append(f"{page}: an error instead of the last good store: {at.error[0].value[:200]}")
    return problems


def test_a_read_only_data_folder_keeps_the_store_served_on_every_page(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data, store = env
    _touch_later(data / "raw/databank.csv")
    read_only(monkeypatch, tmp_path)
    assert not _pages("read-only")
    assert store_status(store, data) == "stale" and store.is_file()


@pytest.mark.parametrize("how", list(FULL_DISK))
def test_a_full_disk_keeps_the_store_served_on_every_page(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    data, store = env
    _touch_later(data / "raw/databank.csv")
    full_disk(monkeypatch, FULL_DISK[how])
    before = store.read_bytes()
    assert not _pages("disk is full")
    assert store.read_bytes() == before
    assert not list(store.parent.glob(f".{store.name}.build-*"))


def test_the_library_says_read_only_or_full_in_plain_words(env: tuple[Path, Path], monkeypatch) -> None:
    data, store = env
    _touch_later(data / "raw/databank.csv")
    with monkeypatch.context() as mp:
        full_disk(mp, FULL_DISK["DuckDB cannot commit"])
        state = ensure_store()
    assert state.kept and isinstance(state.problem, WriteFailed) and "disk is full" in str(state.problem)
    build._FAILED_BUILDS.clear()
    with monkeypatch.context() as mp:
        read_only(mp, store.parent.parent)
        state = ensure_store()
    assert state.kept and "read-only" in str(state.problem)


# --- An import on a nearly full disk ----------------------------------------------------------------


@pytest.mark.parametrize("how", list(FULL_DISK))
def test_an_import_whose_build_fails_changes_neither_the_store_nor_imported(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    data, store = env
    workbook = write_workbook(tmp_path / "w.xlsx")
    before = store.read_bytes()
    full_disk(monkeypatch, FULL_DISK[how])
    with pytest.raises(WriteFailed, match="disk is full"):
        rpw.import_and_rebuild(workbook, data, store)
    assert not (data / "imported").exists() or not list((data / "imported").iterdir())
    assert store.read_bytes() == before
    assert store_status(store, data) == "ok"  # not stale: nothing changed for anyone
    assert not list(data.glob(".import-*"))


def test_an_import_over_a_previous_one_keeps_the_previous_one_when_the_build_fails(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data, store = env
    first = rpw.import_and_rebuild(write_workbook(tmp_path / "first.xlsx"), data, store)
    kept = {p.name: p.read_bytes() for p in (data / "imported").iterdir()}
    before = store.read_bytes()
    full_disk(monkeypatch, FULL_DISK["DuckDB cannot write a block"])
    with pytest.raises(WriteFailed):
        rpw.import_and_rebuild(write_workbook(tmp_path / "second.xlsx"), data, store)
    assert {p.name: p.read_bytes() for p in (data / "imported").iterdir()} == kept
    assert store.read_bytes() == before and store_status(store, data) == "ok"
    assert first["rows"] > 0


def test_an_import_that_succeeds_is_current_and_leaves_no_staging(env: tuple[Path, Path], tmp_path: Path) -> None:
    data, store = env
    report = rpw.import_and_rebuild(write_workbook(tmp_path / "w.xlsx"), data, store)
    assert report["store"]["rows"]["provider_price"] == report["rows"]
    assert store_status(store, data) == "ok"
    assert sorted(p.name for p in (data / "imported").iterdir()) == sorted(rpw.IMPORTED_FILES)
    assert not list(data.glob(".import-*"))


def test_an_import_into_a_read_only_folder_says_so(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data, store = env
    workbook = write_workbook(tmp_path / "w.xlsx")
    read_only(monkeypatch, data)
    with pytest.raises(WriteFailed, match="read-only"):
        rpw.import_and_rebuild(workbook, data, store)
    assert store_status(store, data) == "ok"


# --- Uploaded workbooks in the temporary folder -----------------------------------------------------


class _Upload:
    def __init__(self, path: Path, name: str) -> None:
        self.name, self._data = name, path.read_bytes()

    def getvalue(self) -> bytes:
        return self._data


def _uploads() -> list[Path]:

    return sorted(Path(tempfile.gettempdir()).glob(sandbox.UPLOAD_PREFIX + "*"))


def test_an_uploaded_workbook_leaves_nothing_in_the_temp_folder_whatever_happens(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui import cached  # noqa: PLC0415

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    killed = tmp_path / "tmp" / f"{sandbox.UPLOAD_PREFIX}killed"  # left by a process that was killed
    killed.mkdir()
    (killed / "w.xlsx").write_bytes(b"x" * 1000)
    old = time.time() - sandbox.STALE_UPLOAD_SECONDS - 60
    os.utime(killed, (old, old))
    workbook = write_workbook(tmp_path / "w.xlsx")
    with monkeypatch.context() as mp:
        full_disk(mp, FULL_DISK["an OSError from Python"])
        with pytest.raises(WriteFailed):
            cached.import_rpw(_Upload(workbook, "x" * 300 + ".xlsx"), lambda f, m: None)
    assert _uploads() == []
    report = cached.import_rpw(_Upload(workbook, "x" * 300 + ".xlsx"), lambda f, m: None)
    assert report["rows"] > 0 and report["file"].endswith(".xlsx")
    assert _uploads() == []


def test_the_update_button_in_a_read_only_folder_says_so(
    env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import cached  # noqa: PLC0415

    data, store = env
    monkeypatch.setenv("REMIT_CATALOG_URL", "http://127.0.0.1:9/catalog")  # never reached: the folder fails first
    read_only(monkeypatch, data)
    with pytest.raises(WriteFailed, match="read-only"):
        cached.update_data(lambda f, m: None)
    assert store_status(store, data) == "ok"
