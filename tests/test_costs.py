"""A country's cost three ways (remit.costs), worked by hand on the SYNTHETIC weighting store."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from remit import corridors, costs


def test_weighted_cost_coverage_and_the_two_unweighted_figures(weighting_con: duckdb.DuckDBPyConnection) -> None:
    c = costs.country_cost(weighting_con, "TJK", "to", "2011Q3", today=date(2026, 12, 2))
    # Matrices 2010, 2012 and 2021: 2011 is as near 2010 as 2012, and a tie goes to the earlier year.
    assert c.weights_year == 2010
    # RUS 2.6% x 1000, DEU 9.0% x 250; USA (12.0%) has no flow estimate; KGZ's 250 has no price.
    assert c.weighted_pct == pytest.approx((2.6 * 1000 + 9.0 * 250) / 1250)
    assert c.coverage_pct == pytest.approx(1250 / 1500 * 100)
    assert c.covered_flow_usd == pytest.approx(1250e6) and c.uncovered_flow_usd() == pytest.approx(250e6)
    assert c.unweighted_mean_pct == pytest.approx((2.6 + 9.0 + 12.0) / 3)
    assert (c.published_pct, c.published_year, c.published_source) == (4.4, 2011, "sdg_cost_to")
    assert c.corridors_n == 3 and (c.period, c.age_years) == ("2011Q3", 15)
    by = {k.sending_iso3: k for k in c.corridors}
    assert by["USA"].flow_usd is None and by["USA"].weight is None
    assert by["RUS"].weight == pytest.approx(0.8) and by["DEU"].weight == pytest.approx(0.2)
    assert by["RUS"].smart_pct == 2.1 and by["DEU"].smart_pct is None


def test_the_nearest_year_and_the_latest_quarter(weighting_con: duckdb.DuckDBPyConnection) -> None:
    assert costs.nearest_year([2010, 2012, 2021], "2011Q3") == 2010
    assert costs.nearest_year([2017, 2021], "2019Q3") == 2017  # a tie again
    assert costs.nearest_year([2017, 2021], "2020Q3") == 2021
    assert costs.nearest_year([], "2020Q3") is None
    c = costs.country_cost(weighting_con, "TJK")
    assert c.period == "2012Q1" and c.weights_year == 2012
    assert c.weighted_pct == pytest.approx((2.0 * 3000 + 8.0 * 1000) / 4000) and c.coverage_pct == pytest.approx(100)


def test_a_country_whose_corridors_have_no_flow_estimate(weighting_con: duckdb.DuckDBPyConnection) -> None:
    c = costs.country_cost(weighting_con, "KGZ", "to", "2011Q3")
    assert c.weighted_pct is None and c.coverage_pct is None and c.unweighted_mean_pct == 1.5
    assert "no weighted cost" in str(costs.why_they_differ(c))


def test_kosovo_by_every_name(weighting_con: duckdb.DuckDBPyConnection) -> None:
    resolver = corridors.resolver(weighting_con)
    found = {resolver.resolve(t) for t in ("KSV", "XKX", "ksv", "Kosovo")}
    assert found == {"XKX"}
    c = costs.country_cost(weighting_con, "XKX", "to", "2011Q3")
    assert c.weighted_pct == 6.0 and c.coverage_pct == pytest.approx(100) and c.published_pct == 6.1


def test_a_region_and_a_sending_country(weighting_con: duckdb.DuckDBPyConnection) -> None:
    region = costs.country_cost(weighting_con, ["TJK", "XKX"], "to", "2011Q3")
    assert region.weighted_pct == pytest.approx((2.6 * 1000 + 9.0 * 250 + 6.0 * 500) / 1750)
    assert region.coverage_pct == pytest.approx(1750 / 2000 * 100) and region.published_pct is None
    rus = costs.country_cost(weighting_con, "RUS", "from", "2011Q3")
    assert rus.weighted_pct == pytest.approx(2.6) and rus.published_pct == 2.05  # only RUS->TJK has a flow


def test_age_of_a_quarter() -> None:
    dec = date(2026, 12, 2)
    assert costs.quarter_age_years("2021Q3", dec) == 5 and costs.quarter_age_years("2020Q3", dec) == 6
    assert costs.quarter_age_years("2026Q3", dec) == 0 and costs.quarter_age_years("2021Q3", date(2026, 6, 30)) == 4
    assert str(costs.age_message("2021Q3", dec)) == "2021Q3, 5 years ago"
    assert str(costs.age_message("2025Q3", dec)) == "2025Q3, 1 year ago"


def test_many_countries_at_once_equal_one_at_a_time(weighting_con: duckdb.DuckDBPyConnection) -> None:
    many = costs.country_costs(weighting_con, ["TJK", "XKX", "KGZ", "MEX"], "to", "2011Q3")
    for iso, c in many.items():
        assert c == costs.country_cost(weighting_con, iso, "to", "2011Q3")
    latest = costs.country_costs(weighting_con, ["TJK", "XKX"])
    assert {k: v.period for k, v in latest.items()} == {"TJK": "2012Q1", "XKX": "2012Q1"}


def test_money_at_stake_on_the_covered_flow(weighting_con: duckdb.DuckDBPyConnection) -> None:
    from remit import impact

    stake = impact.money_at_stake(weighting_con, ["TJK"], 3.0, "2011Q3").set_index("iso3")
    tjk = stake.loc["TJK"]
    # RUS 2.6% x US$ 1000 m and DEU 9.0% x 250 m: paid 26 + 22.5; only DEU is above 3%: saving 250 x 6.0%.
    assert tjk["cost_paid_usd"] == pytest.approx(48.5e6) and tjk["savings_usd"] == pytest.approx(15e6)
    assert tjk["uncovered_flow_usd"] == pytest.approx(250e6) and pd.isna(tjk["savings_uncovered_usd"])
    extended = impact.money_at_stake(weighting_con, ["TJK"], 3.0, "2011Q3", extend_uncovered=True).iloc[0]
    # the uncovered US$ 250 m at the weighted cost of the covered corridors (3.88%), not a country average
    assert extended["cost_paid_uncovered_usd"] == pytest.approx(250e6 * 3.88 / 100)
    assert extended["savings_uncovered_usd"] == pytest.approx(250e6 * 0.88 / 100)
    totals = impact.stake_totals(stake.reset_index())
    assert totals["cost_paid_usd"] == pytest.approx(48.5e6) and totals["coverage_pct"] == pytest.approx(
        1250 / 1500 * 100
    )
    assert totals["weighted_cost_pct"] == pytest.approx(3.88) and totals["cost_paid_uncovered_usd"] is None


def test_group_costs_are_country_cost_over_every_economy_of_the_group(weighting_con: duckdb.DuckDBPyConnection) -> None:
    groups = costs.group_costs(weighting_con, "receiving_region")
    assert not groups.empty and set(groups["direction"]) == {"to"}
    for r in groups.itertuples():
        members = [
            iso
            for (iso,) in weighting_con.execute(
                "SELECT iso3 FROM country WHERE wb_region = ? AND NOT is_aggregate", [r.group]
            ).fetchall()
        ]
        c = costs.country_cost(weighting_con, members)
        assert r.economies_n == len(members) and r.period == c.period and r.corridors_n == c.corridors_n
        assert r.weighted_pct == pytest.approx(
            c.weighted_pct if c.weighted_pct is not None else float("nan"), nan_ok=True
        )
        assert r.coverage_pct == pytest.approx(
            c.coverage_pct if c.coverage_pct is not None else float("nan"), nan_ok=True
        )
    with pytest.raises(ValueError, match="by must be"):
        costs.group_costs(weighting_con, "planet")
