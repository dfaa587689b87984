"""The official SmaRT (UN SDG database) beside the corridor averages, and the SDG "no corridor above 5%" count
by SmaRT; one coverage definition for a region. Library figures by hand on the SYNTHETIC store (tests/synthetic.py:
2011Q3 has RUS-TJK 2.6 / SmaRT 2.1, RUS-KGZ 1.5 / none, DEU-KSV 6.0 / 4.5, USA-MEX 4.0 / 3.2)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from remit_cli import remit_cli
from synthetic import write_matrix

from remit import corridors, costs, explorer, impact
from remit.build import build_store


def test_the_corridor_query_carries_the_official_smart(fixture_con: duckdb.DuckDBPyConnection) -> None:
    ranked = explorer.ranking(fixture_con, "2011Q3").set_index("corridor")
    smart = ranked["smart_cost_pct_200"]
    assert smart.to_dict() == pytest.approx(
        {"DEU-XKX": 4.5, "USA-MEX": 3.2, "RUS-TJK": 2.1, "RUS-KGZ": float("nan")}, nan_ok=True
    )
    assert ranked.at["RUS-TJK", "smart_source_id"] == "sdg_corridor_smart"
    hist = explorer.histories(fixture_con, ["RUS-TJK"]).set_index("period")
    assert hist.at["2011Q3", "smart_cost_pct_200"] == 2.1 and hist["smart_cost_pct_200"].notna().sum() == 1
    # the history of one corridor (CLI `corridor`) reads the same query: no column twice
    one = corridors.corridor_history(fixture_con, "RUS", "TJK")
    assert list(one.columns).count("smart_cost_pct_200") == 1 and one["smart_cost_pct_200"].dropna().tolist() == [2.1]


def test_above_5pct_by_smart_beside_the_corridor_average(fixture_con: duckdb.DuckDBPyConnection) -> None:
    """2011Q3: 1 corridor above 5% by corridor average (DEU-KSV 6.0); by SmaRT none of the 3 with a figure
    (4.5, 3.2, 2.1); other quarters have no SmaRT."""
    s = corridors.quarterly_summary(corridors.corridor_costs(fixture_con, "world")).set_index("period")
    assert s.loc["2011Q3", ["corridors_n", "above_5pct_n", "smart_n", "above_5pct_smart_n"]].tolist() == [4, 1, 3, 0]
    assert s.loc["2011Q1", ["smart_n", "above_5pct_smart_n"]].tolist() == [0, 0]
    focus = corridors.quarterly_summary(corridors.corridor_costs(fixture_con, "focus")).set_index("period")
    assert focus.loc["2011Q3", ["corridors_n", "above_5pct_n", "smart_n", "above_5pct_smart_n"]].tolist() == [
        3,
        1,
        2,
        0,
    ]
    counts = explorer.sdg_counts(explorer.ranking(fixture_con, "2011Q3"))
    assert counts == {"corridors_n": 4, "above_5pct_n": 1, "below_3pct_n": 2, "smart_n": 3, "above_5pct_smart_n": 0}
    by_region = explorer.latest_by_group(
        explorer.group_summary(explorer.corridor_frame(fixture_con), "receiving_region"), period="2011Q3"
    ).set_index("group")
    assert by_region.loc["Europe & Central Asia", ["above_5pct_n", "smart_n", "above_5pct_smart_n"]].tolist() == [
        1,
        2,
        0,
    ]
    m = explorer.map_data(fixture_con, "2011Q3").set_index("iso3")
    assert m.loc["XKX", ["above_5pct_n", "smart_n", "above_5pct_smart_n"]].tolist() == [1, 1, 0]
    assert m.loc["KGZ", ["smart_n", "above_5pct_smart_n"]].tolist() == [0, 0]


def test_a_country_s_corridors_carry_smart_at_their_latest_quarter(fixture_con: duckdb.DuckDBPyConnection) -> None:
    status = explorer.corridor_status(explorer.country_corridors(fixture_con, "XKX"))
    assert status["period_latest"].tolist() == ["2012Q1"] and status["smart_cost_pct_200"].isna().all()
    now = explorer.latest_status(status)
    assert (now["above_5pct_n"], now["smart_n"], now["above_5pct_smart_n"]) == (1, 0, 0)
    early = explorer.country_corridors(fixture_con, "XKX")
    status = explorer.corridor_status(early[early["period"] <= "2011Q3"])
    assert status["smart_cost_pct_200"].tolist() == [4.5] and explorer.latest_status(status)["smart_n"] == 1


def test_cli_corridors_counts_above_5pct_by_smart(fixture_store: Path, pristine_data: Path) -> None:
    out = remit_cli("corridors", "--period", "2011Q3", "--json", store=fixture_store, data=pristine_data)
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert (p["above_5pct_n"], p["above_5pct_smart_n"], p["smart_n"]) == (1, 0, 3)
    by = {c["corridor"]: c["smart_pct"] for c in p["corridors"]}
    assert by == {"DEU-XKX": 4.5, "USA-MEX": 3.2, "RUS-TJK": 2.1, "RUS-KGZ": None}
    assert "sdg_corridor_smart" in p["sources"]
    text = remit_cli("corridors", "--period", "2011Q3", store=fixture_store, data=pristine_data).stdout
    assert "Above 5%: 1 of 4 by corridor average; by SmaRT" in text and "0 of the 3 with a SmaRT figure" in text


def test_region_coverage_counts_economies_without_a_priced_corridor(fixture_data: Path, tmp_path: Path) -> None:
    """Add a modelled flow into Russia (Tajikistan -> Russia 400), which has no priced corridor: the focus
    region's modelled inflow is 2,300 (TJK) + 500 (XKX) + 400 (RUS) and 2,800 of it has a price, 87.5%, for
    money_at_stake's totals as for remit.costs' region figure (was 100% for the totals: Russia was left out)."""
    write_matrix(
        fixture_data / "raw/bilateral.xlsx",
        {
            ("Russian Federation", "Tajikistan"): 2300.0,
            ("Germany", "Kosovo"): 500.0,
            ("Tajikistan", "Russian Federation"): 400.0,
        },
        ["Russian Federation", "Tajikistan", "Germany", "Kosovo"],
    )
    store = tmp_path / "x.duckdb"
    build_store(fixture_data, store)
    con = duckdb.connect(str(store), read_only=True)
    try:
        stake = impact.money_at_stake(con, "focus", 3.0)
        rus = stake.set_index("iso3").loc["RUS"]
        assert (rus["corridors_n"], rus["modelled_flow_usd"], rus["covered_flow_usd"]) == (0, 400e6, 0.0)
        assert rus["uncovered_flow_usd"] == 400e6 and rus["weights_year"] == 2021
        tot = impact.stake_totals(stake)
        assert tot["coverage_pct"] == pytest.approx(87.5)
        assert (tot["economies_n"], tot["unpriced_economies_n"]) == (3, 1)  # TJK, KGZ, XKX priced; RUS not
        assert tot["periods"] == ["2012Q1"]
        members = impact._members(con, "focus")
        region = costs.country_cost(con, members)
        assert region.coverage_pct == pytest.approx(tot["coverage_pct"])
        assert region.weighted_pct == pytest.approx(tot["weighted_cost_pct"])
        # the savings and cost paid are those of the priced economies only
        priced = stake[stake["corridors_n"] > 0]
        assert tot["savings_usd"] == pytest.approx(priced["savings_usd"].sum())
    finally:
        con.close()
