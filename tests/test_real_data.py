"""The store built from the shipped data holds what the sources say, checked against them."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from remit import corridors, impact

ROOT = Path(__file__).resolve().parent.parent
DATABANK = ROOT / "data/raw/rpw/rpw_databank_corridor_avg_total_cost_2011Q1_2020Q3.csv"


def test_all_377_corridors_of_the_databank_export(real_con: duckdb.DuckDBPyConnection) -> None:
    n, rows = real_con.execute(
        "SELECT count(DISTINCT (sending_iso3, receiving_iso3)), count(*) FROM corridor_cost WHERE source_id = 'rpw_databank'"
    ).fetchone()
    assert (n, rows) == (377, 10417)  # SOURCES.md: 377 corridors, 10,417 non-empty cells


def test_rus_tjk_history_matches_the_raw_file(real_con: duckdb.DuckDBPyConnection) -> None:
    with DATABANK.open(encoding="utf-8-sig") as fh:
        row = next(
            r
            for r in csv.DictReader(fh)
            if r["Sending Countries Code"] == "RUS" and r["Receiving Countries  Code"] == "TJK"
        )
    expected = {k[:6]: float(v) for k, v in row.items() if k[:4].isdigit() and v != ".."}
    hist = corridors.corridor_history(real_con, "RUS", "TJK")
    hist = hist[hist["source_id"] == "rpw_databank"]
    assert dict(zip(hist["period"], hist["total_cost_pct_200"], strict=True)) == pytest.approx(expected)
    assert len(expected) == 35


def test_mean_of_corridor_averages_q3_2020(real_con: duckdb.DuckDBPyConnection) -> None:
    # METHODOLOGY.md: for Q3 2020 the mean of the 367 corridor averages is 7.00%.
    summary = corridors.quarterly_summary(corridors.corridor_costs(real_con, "world"))
    q = summary.set_index("period").loc["2020Q3"]
    assert q["corridors_n"] == 367
    assert round(q["mean_of_corridor_averages_pct"], 2) == 7.00


def test_gaps_in_the_quarters_stay_gaps(real_con: duckdb.DuckDBPyConnection) -> None:
    summary = corridors.quarterly_summary(corridors.corridor_costs(real_con, "world")).set_index("period")
    assert summary.loc[["2011Q2", "2011Q4", "2012Q2", "2012Q4"], "corridors_n"].isna().all()
    assert summary.loc["2013Q2", "corridors_n"] > 0


def test_negative_corridor_averages_are_kept(real_con: duckdb.DuckDBPyConnection) -> None:
    neg = real_con.execute(
        "SELECT count(*), min(total_cost_pct_200) FROM corridor_cost WHERE total_cost_pct_200 < 0 AND source_id = 'rpw_databank'"
    ).fetchone()
    assert neg[0] == 5 and neg[1] == pytest.approx(-11.36, abs=0.01)


def test_focus_region_and_kosovo(real_con: duckdb.DuckDBPyConnection) -> None:
    focus = real_con.execute("SELECT iso3 FROM country WHERE focus_subregion IS NOT NULL ORDER BY 1").fetchall()
    assert len(focus) == 19
    # 43 corridors with a focus-region sender or receiver (SOURCES.md), Kosovo among them via KSV.
    assert (
        real_con.execute(
            """SELECT count(DISTINCT (c.sending_iso3, c.receiving_iso3)) FROM corridor_cost c
           JOIN country s ON s.iso3 = c.sending_iso3 JOIN country r ON r.iso3 = c.receiving_iso3
           WHERE s.focus_subregion IS NOT NULL OR r.focus_subregion IS NOT NULL"""
        ).fetchone()[0]
        == 43
    )
    assert corridors.corridor_history(real_con, "DEU", "KSV")["receiving_iso3"].iloc[0] == "XKX"


def test_flows_of_every_economy(real_con: duckdb.DuckDBPyConnection) -> None:
    economies = real_con.execute(
        "SELECT count(*) FROM country WHERE NOT is_aggregate AND wb_region IS NOT NULL"
    ).fetchone()[0]
    assert economies == 217
    with_flows = real_con.execute(
        """SELECT count(DISTINCT iso3) FROM country_year JOIN country USING (iso3)
           WHERE NOT is_aggregate AND wb_region IS NOT NULL
             AND (remit_received_usd IS NOT NULL OR knomad_inflow_usd IS NOT NULL)"""
    ).fetchone()[0]
    assert with_flows >= 200


def test_remittances_as_share_of_gdp_2023(real_con: duckdb.DuckDBPyConnection) -> None:
    # SOURCES.md spot check (received / GDP, 2023): TJK 38.4, KGZ 20.4, XKX 17.6.
    dep = impact.dependence(real_con, "focus").set_index("iso3")
    for iso, pct in {"TJK": 38.4, "KGZ": 20.4, "XKX": 17.6}.items():
        assert dep.at[iso, "year"] == 2023
        assert round(dep.at[iso, "remit_received_pct_gdp_calc"], 1) == pct


def test_bilateral_estimates(real_con: duckdb.DuckDBPyConnection) -> None:
    rus_tjk = dict(
        real_con.execute(
            "SELECT year, remittance_usd / 1e6 FROM bilateral_remittance WHERE sending_iso3='RUS' AND receiving_iso3='TJK'"
        ).fetchall()
    )
    assert round(rus_tjk[2013]) == 3197 and round(rus_tjk[2017]) == 1687 and round(rus_tjk[2021]) == 2307
    per_year = dict(real_con.execute("SELECT year, count(*) FROM bilateral_remittance GROUP BY 1").fetchall())
    assert per_year[2021] == 10227 and per_year[2013] == 11913


def test_overview_and_savings_by_country_use_one_method(real_con: duckdb.DuckDBPyConnection) -> None:
    from remit import scenarios

    stake = impact.at_stake(real_con, "world").dropna(subset=["cost_to_country_pct"])
    ranking = scenarios.country_savings(real_con)
    assert len(ranking) == len(stake)
    assert ranking["savings_usd"].sum() == pytest.approx(stake["savings_at_target_usd"].sum())
    assert set(ranking["flow_year"]) == set(stake["flow_year"])


def test_un_sdg_corridor_costs_add_2021q3_only(real_con: duckdb.DuckDBPyConnection) -> None:
    # SOURCES.md 1.5: 2016-2020 repeat the DataBank's Q3 averages (checked by the build, stored once);
    # 2021Q3 is new: 362 corridors (the 363rd, Angola -> unspecified, names no receiving country).
    by_period = dict(
        real_con.execute(
            "SELECT period, count(*) FROM corridor_cost WHERE source_id = 'sdg_corridor_cost' GROUP BY 1"
        ).fetchall()
    )
    assert by_period == {"2021Q3": 362}
    dup = real_con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM corridor_cost GROUP BY period, sending_iso3, receiving_iso3 HAVING count(*) > 1)"
    ).fetchone()[0]
    assert dup == 0
    rows = dict(
        real_con.execute(
            """SELECT sending_iso3 || '-' || receiving_iso3, total_cost_pct_200 FROM corridor_cost
               WHERE period = '2021Q3' AND (sending_iso3, receiving_iso3) IN (('RUS', 'TJK'), ('DEU', 'MDA'), ('DEU', 'XKX'))"""
        ).fetchall()
    )
    assert rows["RUS-TJK"] == pytest.approx(1.85) and rows["DEU-MDA"] == pytest.approx(5.68714)
    assert "DEU-XKX" in rows  # 'xk' in the UN file is Kosovo, XKX in the store
    assert corridors.latest_period(real_con) == "2021Q3"
    # 2020Q3 stays the DataBank's (UN 2.0 for RUS->TJK as well).
    src = real_con.execute(
        "SELECT source_id FROM corridor_cost WHERE period = '2020Q3' AND sending_iso3 = 'RUS' AND receiving_iso3 = 'TJK'"
    ).fetchone()[0]
    assert src == "rpw_databank"


def test_un_sdg_smart_and_published_averages(real_con: duckdb.DuckDBPyConnection) -> None:
    smart = real_con.execute(
        """SELECT smart_cost_pct_200, source_id FROM corridor_smart
           WHERE period = '2021Q3' AND sending_iso3 = 'RUS' AND receiving_iso3 = 'TJK'"""
    ).fetchone()
    assert smart[0] == pytest.approx(1.78333) and smart[1] == "sdg_corridor_smart"
    assert real_con.execute("SELECT min(period), max(period) FROM corridor_smart").fetchone() == ("2016Q3", "2021Q3")
    world = dict(
        real_con.execute("SELECT year, cost_pct FROM published_cost WHERE iso3 = 'WLD' AND direction = 'to'").fetchall()
    )
    # SOURCES.md 1.5: the Global Average as reported to the UN SDG database.
    assert world == {2011: 9.3, 2015: 7.52, 2017: 7.21, 2018: 6.94, 2019: 6.84, 2020: 6.75, 2021: 6.3}
    published = dict(
        real_con.execute(
            """SELECT iso3 || ' ' || direction || ' ' || year, cost_pct FROM published_cost
               WHERE (iso3, direction, year) IN (('ARM', 'to', 2021), ('DEU', 'from', 2021), ('BIH', 'to', 2021),
                                                 ('TJK', 'to', 2020), ('XKX', 'to', 2021))"""
        ).fetchall()
    )
    assert published["ARM to 2021"] == 5.64 and published["DEU from 2021"] == 6.37
    assert published["BIH to 2021"] == 6.94 and published["TJK to 2020"] == 7.21  # = WDI's 7.21
    assert "XKX to 2021" in published  # M49 412 = Kosovo


def test_tajikistan_three_measures_methodology_example(real_con: duckdb.DuckDBPyConnection) -> None:
    from remit import costs

    # METHODOLOGY.md: 2020Q3 with 2021 weights: weighted about 2.55%, mean of corridors 5.58%, WDI 7.21%.
    c = costs.country_cost(real_con, "TJK", "to", "2020Q3")
    assert c.weights_year == 2021
    assert round(c.weighted_pct, 2) == 2.55 and round(c.unweighted_mean_pct, 2) == 5.58
    assert (round(c.published_pct, 2), c.published_year, c.published_source) == (7.21, 2020, "wdi_cost_to")
    assert [k.sending_iso3 for k in c.corridors] == ["RUS", "DEU"]


@pytest.mark.parametrize(
    ("iso3", "weighted", "mean", "published"),
    [("TJK", 2.04, 3.11, 2.99), ("KGZ", 2.18, 3.89, 4.31), ("MDA", 2.35, 3.78, 4.27), ("XKX", 5.65, 5.86, 5.92)],
)
def test_focus_countries_at_the_latest_quarter(
    real_con: duckdb.DuckDBPyConnection, iso3: str, weighted: float, mean: float, published: float
) -> None:
    from remit import costs

    c = costs.country_cost(real_con, iso3)
    assert (c.period, c.weights_year, c.published_year, c.published_source) == ("2021Q3", 2021, 2021, "sdg_cost_to")
    assert round(c.weighted_pct, 2) == weighted and round(c.unweighted_mean_pct, 2) == mean
    assert c.published_pct == published
    assert 30 < c.coverage_pct <= 100
    assert all(k.smart_pct is not None for k in c.corridors)  # official SmaRT for every corridor in 2021Q3


def test_money_at_stake_agrees_across_pages(real_con: duckdb.DuckDBPyConnection) -> None:
    """Overview (focus scope), Savings by country (world table, focus rows) and What lower costs are worth
    (the corridor scenario) give the same totals for the same scope, quarter, flow year and target."""
    from remit import scenarios

    focus = impact.money_at_stake(real_con, "focus", 3.0, "2021Q3")
    world = impact.money_at_stake(real_con, "world", 3.0, "2021Q3")
    overview = impact.stake_totals(focus)
    savings_page = impact.stake_totals(world[world["focus_subregion"].notna()])
    members = list(focus["iso3"])
    scenario = scenarios.totals(
        scenarios.apply(
            scenarios.scenario_inputs(real_con, members, 2021, "2021Q3"), scenarios.Scenario(target_pct=3.0)
        ),
        scenarios.Scenario(target_pct=3.0),
    )
    for key in ("cost_paid_usd", "savings_usd", "covered_flow_usd"):
        assert savings_page[key] == pytest.approx(overview[key])
    assert scenario["cost_paid_usd"] == pytest.approx(overview["cost_paid_usd"])
    assert scenario["savings_usd"] == pytest.approx(overview["savings_usd"])
    assert scenario["flow_covered_usd"] == pytest.approx(overview["covered_flow_usd"])
    assert overview["weights_years"] == [2021] and overview["periods"] == ["2021Q3"]
    tjk = focus.set_index("iso3").loc["TJK"]
    assert round(tjk["weighted_cost_pct"], 2) == 2.04 and tjk["coverage_pct"] == pytest.approx(85.5, abs=0.1)
