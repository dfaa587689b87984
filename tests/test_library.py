"""Library aggregates checked by hand on the SYNTHETIC fixture store, and their invariants."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from remit import corridors, impact
from remit.errors import UnknownCorridor, UnknownCountry


def test_quarterly_summary_by_hand(fixture_con: duckdb.DuckDBPyConnection) -> None:
    s = corridors.quarterly_summary(corridors.corridor_costs(fixture_con, "world")).set_index("period")
    # 2011Q1: RUS->TJK 2.5, RUS->KGZ 2.0, USA->MEX 5.5
    q1 = s.loc["2011Q1"]
    assert q1["corridors_n"] == 3
    assert q1["mean_of_corridor_averages_pct"] == pytest.approx(10 / 3)
    assert (q1["above_5pct_n"], q1["below_3pct_n"]) == (1, 2)
    assert q1["above_5pct_share_pct"] == pytest.approx(100 / 3)
    assert q1["max_pct"] == 5.5 and q1["min_pct"] == 2.0
    assert list(s.index) == ["2011Q1", "2011Q2", "2011Q3", "2011Q4", "2012Q1"]
    assert s.loc[["2011Q2", "2011Q4"], "corridors_n"].isna().all()


def test_focus_scope_keeps_corridors_touching_the_region(fixture_con: duckdb.DuckDBPyConnection) -> None:
    focus = corridors.corridor_costs(fixture_con, "focus")
    pairs = set(zip(focus["sending_iso3"], focus["receiving_iso3"], strict=True))
    assert pairs == {("RUS", "TJK"), ("RUS", "KGZ"), ("DEU", "XKX")}
    with pytest.raises(ValueError, match="scope"):
        corridors.corridor_costs(fixture_con, "focus; DROP TABLE country")


def test_ranking_is_most_expensive_first(fixture_con: duckdb.DuckDBPyConnection) -> None:
    ranked = corridors.ranking(corridors.corridor_costs(fixture_con, "world"), "2012Q1")
    assert list(ranked["total_cost_pct_200"]) == [5.5, 3.5, 2.0, 1.0]


def test_corridor_history_and_clear_errors(fixture_con: duckdb.DuckDBPyConnection) -> None:
    hist = corridors.corridor_history(fixture_con, "Russian Federation", "tjk")
    assert list(hist["period"]) == ["2011Q1", "2011Q3", "2012Q1"]
    with pytest.raises(UnknownCorridor) as err:
        corridors.corridor_history(fixture_con, "RUS", "MEX")
    assert "from Russian Federation (RUS) the data has corridors to KGZ, TJK" in str(err.value)
    assert "to Mexico (MEX) it has corridors from USA" in str(err.value)
    with pytest.raises(UnknownCountry, match="Did you mean"):
        corridors.corridor_history(fixture_con, "Tajikstan", "RUS")


def test_quarter_range_fills_gaps() -> None:
    assert corridors.quarter_range("2011Q3", "2012Q2") == ["2011Q3", "2011Q4", "2012Q1", "2012Q2"]


def test_dependence_by_hand(fixture_con: duckdb.DuckDBPyConnection) -> None:
    dep = impact.dependence(fixture_con, "focus").set_index("iso3")
    assert dep.at["TJK", "remit_received_pct_gdp_calc"] == pytest.approx(50.0)  # 6.0 bn / 12.0 bn
    assert dep.at["XKX", "remit_received_pct_gdp_calc"] == pytest.approx(15.0)
    assert list(dep.index) == ["TJK", "KGZ", "XKX"]  # highest share first


money = st.floats(min_value=0, max_value=1e12, allow_nan=False)
pct = st.floats(min_value=-20, max_value=60, allow_nan=False)


@given(flow=money, current=pct, target=pct)
def test_savings_never_negative_and_zero_when_target_met(flow: float, current: float, target: float) -> None:
    saved = impact.savings_usd(flow, current, target)
    assert saved >= 0
    if target >= current:
        assert saved == 0
    else:
        assert saved == pytest.approx(flow * (current - target) / 100)


@given(
    flow=money, cost=st.floats(min_value=0, max_value=60, allow_nan=False), target=st.floats(min_value=0, max_value=60)
)
def test_savings_never_exceed_the_cost_paid(flow: float, cost: float, target: float) -> None:
    assert impact.savings_usd(flow, cost, target) <= impact.cost_paid_usd(flow, cost) + 1e-6
