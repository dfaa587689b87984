"""Untrusted spreadsheets are read by remit.sandbox: a pre-check of what the file declares, then a worker process
under memory, CPU and time limits. Every hostile file here is SYNTHETIC (tests/synthetic_hostile.py) and
reproduces a finding of issue 15: the read or the import ends in a plain message, this process survives, and
its memory stays bounded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import pickle
import resource
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from synthetic_hostile import (
    encrypted_xlsx,
    far_cell_xls,
    far_cell_xlsx,
    repeated_row_ods,
    shared_string_bomb_xlsx,
    write_xlsx,
)
from synthetic_rpw import write_workbook

from remit import rpw, sandbox
from remit.build import country_resolver, load_sources
from remit.errors import RemitError, UnsafeFile

# What this process may grow by while a hostile file is read: the files ask for 1.5 to 512 GB.
GROWTH_MB = 200
DATA_SHEET = "Dataset (from Q2 2016)"  # the import reads the sheet, as it would the World Bank's


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _refused(path: Path, purpose: sandbox.Purpose, reason: str | tuple[str, ...], *words: str) -> UnsafeFile:
    before = _peak_mb()
    with pytest.raises(UnsafeFile) as err:
        sandbox.read_sheets(path, purpose=purpose)
    assert err.value.reason in ((reason,) if isinstance(reason, str) else reason), err.value
    text = str(err.value)
    assert path.name in text and "Traceback" not in text
    for word in words:
        assert word in text, text
    assert _peak_mb() - before < GROWTH_MB
    return err.value


def test_an_ordinary_workbook_reads_through_the_worker(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Prices"
    ws.append(["sending", "receiving", "fee_usd", "when"])
    ws.append(["RUS", "TJK", 2.5, dt.datetime(2024, 5, 1, 12, 30)])
    ws.append(["Кыргызстан", None, 0, True])
    hidden = wb.create_sheet("Notes")
    hidden.append(["a note"])
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "prices.xlsx")
    sheets = sandbox.read_sheets(tmp_path / "prices.xlsx", purpose="price_list")
    assert [s.name for s in sheets] == ["Prices", "Notes"]  # visible first
    assert sheets[0].rows == [
        ["sending", "receiving", "fee_usd", "when"],
        ["RUS", "TJK", 2.5, dt.datetime(2024, 5, 1, 12, 30)],
        ["Кыргызстан", "", 0, True],
    ]
    data = (tmp_path / "prices.xlsx").read_bytes()  # an upload arrives as bytes
    assert sandbox.read_sheets(data, purpose="price_list", name="up.xlsx", sheets="^Pri")[0].name == "Prices"


def test_far_cell_declared_in_the_dimension_is_refused_before_any_reader_opens_it(tmp_path: Path) -> None:
    path = far_cell_xlsx(tmp_path / "far.xlsx")
    assert path.stat().st_size < 3000
    for purpose in ("price_list", "rpw"):
        _refused(path, purpose, "dimensions", "1,048,576 × 16,384")


def test_far_cell_without_a_dimension_crashes_only_the_worker(tmp_path: Path) -> None:
    """calamine allocates the whole range (512 GB) and Rust aborts: the worker dies, we say why."""
    path = far_cell_xlsx(tmp_path / "far.xlsx", dimension=False)
    _refused(path, "price_list", ("memory", "crash"), "memory")


def test_shared_string_bomb_is_refused(tmp_path: Path) -> None:
    small = shared_string_bomb_xlsx(tmp_path / "bomb.xlsx", numbered=False)
    _refused(small, "rpw", "ratio", "zip bomb")
    declared = shared_string_bomb_xlsx(tmp_path / "declared.xlsx")
    _refused(declared, "price_list", "dimensions", "200,000 × 1")
    long_text = write_xlsx(tmp_path / "long.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', dimension="A1",
                           shared=["y" * 6000])  # fmt: skip
    _refused(long_text, "price_list", "long_text", "6,000")


@pytest.mark.slow
def test_shared_string_bomb_without_a_dimension_hits_the_workers_memory_limit(tmp_path: Path) -> None:
    path = shared_string_bomb_xlsx(tmp_path / "bomb.xlsx", dimension=False)  # passes every declared limit
    sandbox.precheck(path, purpose="rpw")
    _refused(path, "rpw", "memory", "memory")


def test_ods_repeating_a_row_a_million_times_is_refused(tmp_path: Path) -> None:
    path = repeated_row_ods(tmp_path / "rows.ods")
    assert path.stat().st_size < 1000
    _refused(path, "price_list", "dimensions", "1,048,000 × 4")


def test_ods_trailing_empty_repeats_are_not_counted(tmp_path: Path) -> None:
    """LibreOffice writes styled empty rows to the end of the sheet as one repeated row: that is no bomb."""
    path = repeated_row_ods(tmp_path / "rows.ods", repeat=3)
    text = (tmp_path / "rows.ods").read_bytes()
    assert text
    sandbox.precheck(path, purpose="price_list")


def test_xls_with_a_cell_at_the_last_row_and_column_is_refused(tmp_path: Path) -> None:
    path = far_cell_xls(tmp_path / "far.xls")
    _refused(path, "price_list", "dimensions", "65,536 × 256")
    _refused(path, "rpw", "dimensions", "65,536 × 256")


def test_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    path = encrypted_xlsx(tmp_path / "locked.xlsx")
    for purpose in ("price_list", "rpw"):
        _refused(path, purpose, "password", "password-protected")


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    (tmp_path / "note.xlsx").write_bytes(b"just text, not a workbook")
    _refused(tmp_path / "note.xlsx", "price_list", "format", "not an Excel")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
    _refused(tmp_path / "broken.xlsx", "price_list", "damaged", "damaged")


def test_the_wall_clock_and_memory_limits_stop_the_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_workbook(tmp_path / "rpw.xlsx")
    limits = sandbox.LIMITS["rpw"]
    monkeypatch.setitem(sandbox.LIMITS, "rpw", dataclasses.replace(limits, wall_seconds=0.5))
    with pytest.raises(UnsafeFile) as err:  # killed while it waits for a request (or earlier, on a busy machine)
        with sandbox.open_workbook(path, purpose="rpw") as book:
            time.sleep(2)
            for _chunk in book.rows(book.sheet_names[0]):
                pass
    assert err.value.reason == "time" and "took longer than" in str(err.value)
    monkeypatch.setitem(
        sandbox.LIMITS, "rpw", dataclasses.replace(limits, memory_bytes=8 * 1024 * 1024)
    )  # too little to start
    _refused(path, "rpw", ("memory", "crash", "unreadable"))


def test_the_parent_unpickles_cell_values_only() -> None:
    evil = pickle.dumps(("rows", [[os.system]]))
    with pytest.raises(pickle.UnpicklingError):
        sandbox._Values(io.BytesIO(evil)).load()
    fine = pickle.dumps(("rows", [[1, "a", None, True, dt.date(2020, 1, 1), dt.timedelta(hours=1)]]))
    assert sandbox._Values(io.BytesIO(fine)).load()[1][0][4] == dt.date(2020, 1, 1)


def test_uploads_leave_no_files_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"{sandbox.UPLOAD_PREFIX}left-by-a-crash"
    stale.mkdir()
    (stale / "upload").write_bytes(b"x")
    old = time.time() - 2 * sandbox.STALE_UPLOAD_SECONDS
    os.utime(stale, (old, old))
    recent = tmp_path / f"{sandbox.UPLOAD_PREFIX}in-use"
    recent.mkdir()
    with pytest.raises(UnsafeFile):
        sandbox.read_sheets(far_cell_xlsx(tmp_path / "far.xlsx").read_bytes(), purpose="price_list", name="far.xlsx")
    with pytest.raises(UnsafeFile):  # the worker crashes: its folder goes too
        sandbox.read_sheets(far_cell_xlsx(tmp_path / "f2.xlsx", dimension=False).read_bytes(), purpose="price_list")
    assert sorted(p.name for p in tmp_path.glob(f"{sandbox.UPLOAD_PREFIX}*")) == [recent.name]


@pytest.mark.parametrize(
    "make",
    [
        lambda p: far_cell_xlsx(p / "far.xlsx", sheet=DATA_SHEET),
        lambda p: far_cell_xlsx(p / "far.xlsx", dimension=False, sheet=DATA_SHEET),
        lambda p: repeated_row_ods(p / "rows.ods", sheet=DATA_SHEET),
        lambda p: far_cell_xls(p / "far.xls"),
        lambda p: encrypted_xlsx(p / "locked.xlsx"),
    ],
    ids=["far-cell", "far-cell-no-dimension", "ods-repeats", "xls-far-cell", "password"],
)
def test_the_rpw_import_refuses_hostile_workbooks_in_words(make, fixture_data: Path, tmp_path: Path) -> None:  # noqa: ANN001
    countries, _ = country_resolver(fixture_data, load_sources(fixture_data))
    before = _peak_mb()
    with pytest.raises(RemitError) as err:
        rpw.import_workbook(make(tmp_path), fixture_data, countries)
    assert isinstance(err.value, rpw.InvalidWorkbook)
    assert "Traceback" not in str(err.value) and len(str(err.value)) < 400
    assert not (fixture_data / "imported/rpw_providers.parquet").exists()
    assert _peak_mb() - before < GROWTH_MB


@pytest.mark.parametrize(
    "make",
    [far_cell_xlsx, lambda p: far_cell_xlsx(p, dimension=False), far_cell_xls, encrypted_xlsx, repeated_row_ods],
    ids=["far-cell-xlsx", "far-cell-undeclared", "far-cell-xls", "password", "repeated-row-ods"],
)
def test_a_hostile_price_list_is_refused_in_plain_words_and_the_process_lives(tmp_path: Path, make) -> None:
    """The price-list upload reads workbooks through the sandbox too (remit.benchmark.reading.read_workbook)."""
    from remit.benchmark import parse_price_list

    path = make(tmp_path / "prices.xlsx")
    result = parse_price_list(path.read_bytes(), path.name)
    assert result.file_problem
    text = str(result.bad["reason"].iloc[0])
    assert "prices" in text and "Traceback" not in text and len(text) < 400
