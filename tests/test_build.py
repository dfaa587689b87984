"""The store build: validation that names file, row and problem; atomic swap; staleness."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from synthetic import CORRIDORS, write_databank, write_knomad

from remit.build import build_store
from remit.errors import DataFileError, StoreUnavailable
from remit.store import connect, store_status


def test_build_reconciles_codes_and_records_sources(fixture_con: duckdb.DuckDBPyConnection) -> None:
    # RPW writes Kosovo as KSV; the store keys it as XKX, remembering the RPW code.
    assert fixture_con.execute("SELECT rpw_code FROM country WHERE iso3 = 'XKX'").fetchone() == ("KSV",)
    rows = fixture_con.execute(
        "SELECT total_cost_pct_200 FROM corridor_cost WHERE sending_iso3 = 'DEU' AND receiving_iso3 = 'XKX' ORDER BY period"
    ).fetchall()
    assert rows == [(6.0,), (5.5,)]
    # '..' cells are gaps, not zeros: 11 non-empty cells in the synthetic export.
    assert fixture_con.execute("SELECT count(*) FROM corridor_cost").fetchone()[0] == sum(map(len, CORRIDORS.values()))
    counts = dict(fixture_con.execute("SELECT source_id, rows_n FROM source").fetchall())
    assert counts["databank"] == 11 and counts["bilateral"] == 2
    assert fixture_con.execute("SELECT count(*) FROM source WHERE file_sha256 IS NULL").fetchone()[0] == 0


def test_knomad_zeros_become_missing_and_millions_become_dollars(fixture_con: duckdb.DuckDBPyConnection) -> None:
    rows = dict(
        fixture_con.execute(
            "SELECT year, knomad_inflow_usd FROM country_year WHERE iso3 = 'TJK' AND knomad_inflow_usd IS NOT NULL"
        ).fetchall()
    )
    assert rows == {2022: 5.0e9, 2023: 6.0e9}  # the 0 for 2021 marks a missing year
    est = fixture_con.execute(
        "SELECT knomad_inflow_is_estimate FROM country_year WHERE iso3='TJK' AND year=2023"
    ).fetchone()
    assert est == (True,)  # the '2023e' column


def test_bilateral_matrix_drops_totals_and_keys_by_iso3(fixture_con: duckdb.DuckDBPyConnection) -> None:
    got = fixture_con.execute(
        "SELECT sending_iso3, receiving_iso3, remittance_usd FROM bilateral_remittance ORDER BY 1"
    ).fetchall()
    assert got == [("DEU", "XKX", 5.0e8), ("RUS", "TJK", 2.3e9)]


def _break(data: Path, corridors: dict) -> None:
    write_databank(data / "raw/databank.csv", corridors)


@pytest.mark.parametrize(
    ("corridors", "message"),
    [
        ({("RUS", "ZZZ"): {"2011Q1": 2.0}}, "Unknown country 'ZZZ'"),
        ({("RUS", "TJK"): {"2011Q1": 250.0}}, "outside the plausible range"),
        ({("RUS", "TJK"): {"2011Q1": "2,5"}}, "'2,5' is not a number"),
    ],
)
def test_bad_corridor_file_names_file_row_and_problem(
    fixture_data: Path, tmp_path: Path, corridors: dict, message: str
) -> None:
    _break(fixture_data, corridors)
    with pytest.raises(DataFileError) as err:
        build_store(fixture_data, tmp_path / "s.duckdb")
    assert "databank.csv, row 2" in str(err.value) and message in str(err.value)


def test_unknown_country_name_is_an_error_not_a_drop(fixture_data: Path, tmp_path: Path) -> None:
    write_knomad(fixture_data / "raw/knomad_in.xlsx", {"Tajikistan": [1.0, 2.0, 3.0], "Atlantis": [1.0, 2.0, 3.0]})
    with pytest.raises(DataFileError, match=r"knomad_in.xlsx, row 3: Unknown country 'Atlantis'"):
        build_store(fixture_data, tmp_path / "s.duckdb")


def test_duplicate_keys_and_missing_columns_are_reported(fixture_data: Path, tmp_path: Path) -> None:
    path = fixture_data / "raw/databank.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[1], lines[1], *lines[2:]]) + "\n")
    with pytest.raises(DataFileError, match="duplicate key"):
        build_store(fixture_data, tmp_path / "s.duckdb")
    path.write_text(lines[0].replace("Series Code", "Series") + "\n" + "\n".join(lines[1:]) + "\n")
    with pytest.raises(DataFileError, match="missing column"):
        build_store(fixture_data, tmp_path / "s.duckdb")


def test_missing_listed_file_is_named(fixture_data: Path, tmp_path: Path) -> None:
    (fixture_data / "raw/gdp.csv").unlink()
    with pytest.raises(DataFileError, match="raw/gdp.csv: listed in sources.toml"):
        build_store(fixture_data, tmp_path / "s.duckdb")


def test_failed_build_keeps_the_previous_store(fixture_data: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    build_store(fixture_data, store)
    before = store.read_bytes()
    (fixture_data / "raw/bilateral.xlsx").write_bytes(b"PK\x03\x04 truncated workbook")
    with pytest.raises(DataFileError, match="bilateral.xlsx: cannot be read as an Excel workbook"):
        build_store(fixture_data, store)
    assert store.read_bytes() == before
    with connect(store) as con:
        assert con.execute("SELECT count(*) FROM corridor_cost").fetchone()[0] == 11
    assert not list(tmp_path.glob(".remit-build-*")), "temporary build files left behind"


def test_store_status_tracks_missing_stale_and_corrupt(fixture_data: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    assert store_status(store, fixture_data) == "missing"
    build_store(fixture_data, store)
    assert store_status(store, fixture_data) == "ok"
    later = time.time() + 5
    os.utime(fixture_data / "raw/gdp.csv", (later, later))
    assert store_status(store, fixture_data) == "stale"
    store.write_bytes(b"not a duckdb file at all" * 100)
    assert store_status(store, fixture_data) == "corrupt"
    with pytest.raises(StoreUnavailable, match="python -m remit build"):
        connect(store)


def test_sources_that_disagree_on_a_corridor_stop_the_build(fixture_data: Path, tmp_path: Path) -> None:
    panel = pd.DataFrame(
        {
            "quarter": ["2011Q1"],
            "quarter_date": ["2011-01-01"],
            "receiving_country": ["Tajikistan"],
            "sending_country": ["Russian Federation"],
            "amount_usd": [200],
            "total_cost_pct": [9.9],
            "mto_cost_pct": [""],
            "bank_cost_pct": [""],
            "fee_pct": [""],
            "fx_margin_pct": [""],
            "total_cost_pct_500": [""],
            "num_services": [3],
            "pct_digital": [0],
        }
    )
    panel.to_csv(fixture_data / "raw/panel.csv", index=False)
    with (fixture_data / "sources.toml").open("a") as fh:
        fh.write(
            '\n[[source]]\nid = "panel"\nfile = "raw/panel.csv"\nreader = "southasia_corridor_panel"\n'
            'publisher = "S"\ntitle = "S"\nurl = "u"\nvintage = "v"\nperiod = "p"\nlicence = "l"\n'
            'citation = "c"\ncopied_from = "x"\nscope = "s"\n'
        )
    with pytest.raises(DataFileError, match=r"disagree on RUS->TJK in 2011Q1 by 7.400"):
        build_store(fixture_data, tmp_path / "s.duckdb")
