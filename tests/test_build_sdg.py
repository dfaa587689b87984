"""The UN SDG 10.c.1 series: M49 and alpha-2 codes, one row per corridor-quarter, checks against DataBank."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from synthetic import SDG_CORRIDORS, SDG_SMART, write_sdg

from remit import corridors
from remit.build import build_store
from remit.errors import DataFileError


def test_sdg_rows_reach_their_tables_with_store_codes(fixture_con: duckdb.DuckDBPyConnection) -> None:
    # Corridor figures for 2011 repeat the DataBank's 2011Q3: checked, not stored a second time.
    assert fixture_con.execute(
        "SELECT count(*) FROM corridor_cost WHERE source_id = 'sdg_corridor_cost'"
    ).fetchone() == (0,)
    smart = dict(
        fixture_con.execute(
            "SELECT sending_iso3 || '-' || receiving_iso3, smart_cost_pct_200 FROM corridor_smart WHERE period = '2011Q3'"
        ).fetchall()
    )
    assert smart == {"RUS-TJK": 2.1, "DEU-XKX": 4.5, "USA-MEX": 3.2}  # 'xk' = Kosovo = XKX; 'notspec' left out
    published = dict(
        fixture_con.execute("SELECT iso3 || ' ' || direction || ' ' || year, cost_pct FROM published_cost").fetchall()
    )
    assert published["XKX to 2011"] == 6.1  # M49 412 = Kosovo
    assert published["WLD to 2012"] == 7.1 and published["RUS from 2011"] == 2.05  # M49 1 = World
    assert len(published) == 7  # the UN region (202) is not an economy of the store


def _rebuild(data: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    store = tmp_path / "sdg.duckdb"
    build_store(data, store)
    return duckdb.connect(str(store), read_only=True)


def test_a_new_year_adds_its_third_quarter(fixture_data: Path, tmp_path: Path) -> None:
    new = {k: {**v, 2012: v[2011] - 0.5} for k, v in SDG_CORRIDORS.items()}
    write_sdg(fixture_data / "raw", corridors=new, smart={**SDG_SMART, ("RUS", "TJK"): {2011: 2.1, 2012: 1.7}})
    con = _rebuild(fixture_data, tmp_path)
    rows = con.execute(
        "SELECT period, source_id, count(*) FROM corridor_cost WHERE period = '2012Q3' GROUP BY ALL"
    ).fetchall()
    assert rows == [("2012Q3", "sdg_corridor_cost", len(new))]
    assert corridors.latest_period(con) == "2012Q3"  # the UN source covers all corridors


def test_a_disagreement_with_the_databank_stops_the_build(fixture_data: Path, tmp_path: Path) -> None:
    bad = {**SDG_CORRIDORS, ("RUS", "TJK"): {2011: 3.6}}
    write_sdg(fixture_data / "raw", corridors=bad)
    with pytest.raises(DataFileError, match=r"RUS->TJK in 2011Q3 is 3\.600% here but 2\.600%"):
        build_store(fixture_data, tmp_path / "x.duckdb")


def test_a_listed_revision_is_allowed_and_the_databank_wins(fixture_data: Path, tmp_path: Path) -> None:
    write_sdg(fixture_data / "raw", corridors={**SDG_CORRIDORS, ("RUS", "TJK"): {2011: 3.6}})
    toml = fixture_data / "sources.toml"
    toml.write_text(
        toml.read_text().replace(
            "adds_periods_only = true\n", 'adds_periods_only = true\nknown_differences = ["RUS-TJK 2011Q3"]\n'
        )
    )
    con = _rebuild(fixture_data, tmp_path)
    row = con.execute(
        "SELECT total_cost_pct_200, source_id FROM corridor_cost WHERE period = '2011Q3' AND sending_iso3 = 'RUS' AND receiving_iso3 = 'TJK'"
    ).fetchone()
    assert row == (2.6, "databank")


def test_an_unknown_m49_code_names_file_and_row(fixture_data: Path, tmp_path: Path) -> None:
    path = fixture_data / "raw/sdg/ddf--datapoints--si_rmt_cost--by--geo_area--nature--units--year.csv"
    path.write_text(path.read_text() + "999,g,percent,2011,5.0\n")
    with pytest.raises(DataFileError, match="M49 code 999") as exc:
        build_store(fixture_data, tmp_path / "x.duckdb")
    assert "si_rmt_cost--by" in str(exc.value) and exc.value.row is not None
