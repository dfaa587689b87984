"""Savings scenarios (remit.scenarios): hand-checked on a SYNTHETIC store, invariants with hypothesis,
the real data (Tajikistan, Kosovo, every focus-region economy) and the `savings` command line."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from remit_cli import remit_cli
from synthetic import RECEIVED_USD, copy_data_dir, write_matrix, write_wdi_csv

from remit import briefing, corridor_savings, corridors, costs, scenarios
from remit.build import build_store
from remit.errors import MissingData, UnknownCountry
from remit.scenarios import Scenario, UnavailableTarget

# SYNTHETIC bilateral estimates for 2021 (US$ million) on top of the fixture's corridors and costs:
# RUS->TJK 2.0% (2012Q1), RUS->KGZ 1.0%, DEU->XKX 5.5% (2011Q3: 6.0%), USA->MEX 3.5%; DEU->TJK has no cost.
FLOWS = {
    ("Russian Federation", "Tajikistan"): 2300.0,
    ("Germany", "Tajikistan"): 200.0,
    ("Germany", "Kosovo"): 500.0,
    ("Russian Federation", "Kyrgyz Republic"): 1000.0,
    ("United States", "Mexico"): 4000.0,
}
NAMES = ["Russian Federation", "Tajikistan", "Germany", "Kosovo", "Kyrgyz Republic", "United States", "Mexico"]
COST_TO = {("TJK", 2020): 4.0, ("XKX", 2020): 7.0}  # WDI average cost of sending to the country (SYNTHETIC)


def _scenario_data(fixture_data: Path) -> Path:
    """The fixture data/ with more bilateral flows and a WDI average-cost series."""
    write_matrix(fixture_data / "raw/bilateral.xlsx", FLOWS, NAMES)
    write_wdi_csv(fixture_data / "raw/cost_to.csv", "SI.RMT.COST.IB.ZS", COST_TO)
    with (fixture_data / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[source]]\nid = "cost_to"\nfile = "raw/cost_to.csv"\nreader = "wdi_csv"\n'
            'metadata_file = "raw/meta.csv"\nindicator = "SI.RMT.COST.IB.ZS"\ncolumn = "cost_to_country_pct"\n'
            'publisher = "SYNTHETIC test data"\ntitle = "SYNTHETIC cost_to"\nurl = "http://127.0.0.1/"\n'
            'vintage = "2000-01-01"\nperiod = "test"\nlicence = "test only"\ncitation = "SYNTHETIC cost_to."\n'
            'copied_from = "tests/test_impact.py"\nscope = "test"\n'
        )
    return fixture_data


@pytest.fixture(scope="module")
def scenario_store(pristine_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once for this module from a copy of the SYNTHETIC data; read-only (its data/ is beside it)."""
    root = tmp_path_factory.mktemp("scenario")
    store = root / "scenario.duckdb"
    build_store(_scenario_data(copy_data_dir(pristine_data, root / "data")), store)
    return store


@pytest.fixture
def con(scenario_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(str(scenario_store), read_only=True)
    yield c
    c.close()


def _run(con: duckdb.DuckDBPyConnection, members: tuple[str, ...], sc: Scenario, period: str | None = None):
    res = scenarios.apply(scenarios.scenario_inputs(con, members, 2021, period), sc)
    return res.set_index("sending_iso3"), scenarios.totals(res, sc)


# --- Hand-checked on the SYNTHETIC store ----------------------------------------------------------


def test_tajikistan_by_hand_corridors_without_cost_are_left_out(con: duckdb.DuckDBPyConnection) -> None:
    res, tot = _run(con, ("TJK",), Scenario())
    rus = res.loc["RUS"]
    assert (rus["flow_usd"], rus["cost_used_pct"], rus["cost_used_period"]) == (2.3e9, 2.0, "2012Q1")
    assert rus["cost_paid_usd"] == pytest.approx(46e6)  # 2,300 m x 2.0 / 100
    assert rus["savings_usd"] == 0 and rus["meets_target"]  # 2.0% is below the 3% target
    assert "already meets the target" in rus["note"]
    deu = res.loc["DEU"]
    assert deu["cost_basis"] == scenarios.NO_COST_DATA and pd.isna(deu["savings_usd"])
    assert "left out" in deu["note"]
    assert tot["flow_usd"] == pytest.approx(2.5e9) and tot["flow_covered_usd"] == pytest.approx(2.3e9)
    assert tot["coverage_pct"] == pytest.approx(92.0)
    assert (tot["cost_paid_usd"], tot["savings_usd"]) == (pytest.approx(46e6), 0)
    assert (tot["corridors_no_cost_n"], tot["corridors_meeting_target_n"]) == (1, 1)


def test_the_covered_corridors_weighted_cost_fills_gaps_only_when_asked(con: duckdb.DuckDBPyConnection) -> None:
    """The stand-in is the flow-weighted cost of the covered corridors (remit.costs), not the WDI average (4.0%)."""
    res, tot = _run(con, ("TJK",), Scenario(use_country_average=True))
    deu = res.loc["DEU"]
    weighted = costs.country_cost(con, "TJK")
    assert deu["cost_basis"] == scenarios.COVERED_WEIGHTED
    assert deu["cost_used_pct"] == pytest.approx(weighted.weighted_pct) and deu["cost_used_pct"] != 4.0
    assert deu["cost_used_period"] == weighted.period
    assert deu["cost_paid_usd"] == pytest.approx(200e6 * weighted.weighted_pct / 100)
    assert "weighted cost of the receiving country's covered corridors" in deu["note"]
    assert tot["coverage_pct"] == pytest.approx(100.0) and tot["fill_periods"] == [weighted.period]
    assert tot["country_average_years"] == [weighted.weights_year]


def test_scaling_keeps_the_modelled_shares_of_the_latest_wdi_total(con: duckdb.DuckDBPyConnection) -> None:
    res, tot = _run(con, ("TJK",), Scenario(use_country_average=True, scale_to_wdi=True))
    factor = RECEIVED_USD[("TJK", 2023)] / 2.5e9  # 6.0 bn / (2,300 m + 200 m) = 2.4
    assert res.loc["RUS", "flow_used_usd"] == pytest.approx(2.3e9 * factor)
    weighted = costs.country_cost(con, "TJK").weighted_pct  # the covered corridors' weighted cost fills DEU
    assert res.loc["DEU", "cost_paid_usd"] == pytest.approx(200e6 * factor * weighted / 100)
    assert tot["flow_usd"] == pytest.approx(6.0e9) and tot["flow_used_years"] == [2023] and tot["flow_years"] == [2021]
    assert res.loc["RUS", "flow_basis"] == "modelled share x WDI total"


def test_kosovo_targets_periods_and_growth(con: duckdb.DuckDBPyConnection) -> None:
    res, _ = _run(con, ("XKX",), Scenario())
    deu = res.loc["DEU"]
    assert (deu["cost_used_pct"], deu["cost_paid_usd"]) == (5.5, pytest.approx(27.5e6))
    assert deu["savings_usd"] == pytest.approx(12.5e6)  # 500 m x (5.5 - 3) / 100
    assert _run(con, ("XKX",), Scenario(target_pct=5.0))[0].loc["DEU", "savings_usd"] == pytest.approx(2.5e6)
    above, tot = _run(con, ("XKX",), Scenario(target_pct=6.0))
    assert above.loc["DEU", "savings_usd"] == 0 and "already meets the target" in above.loc["DEU", "note"]
    assert tot["corridors_meeting_target_n"] == 1
    q3 = _run(con, ("XKX",), Scenario(), period="2011Q3")[0].loc["DEU"]
    assert (q3["cost_used_pct"], q3["savings_usd"]) == (6.0, pytest.approx(15e6))
    q1 = _run(con, ("XKX",), Scenario(), period="2011Q1")[0].loc["DEU"]
    assert q1["cost_basis"] == scenarios.NO_COST_DATA
    assert "no cost data in 2011Q1 (this corridor has data 2011Q3–2012Q1)" in q1["note"]
    grown = _run(con, ("XKX",), Scenario(growth_pct=10, years=3))[1]
    assert grown["period_factor"] == pytest.approx(1 + 1.1 + 1.21)
    assert grown["savings_period_usd"] == pytest.approx(12.5e6 * 3.31)


def test_a_region_sums_its_corridors(con: duckdb.DuckDBPyConnection) -> None:
    areas = {a.key: a for a in scenarios.areas(con)}
    focus = areas["focus"]
    assert focus.members == ("KGZ", "RUS", "TJK", "XKX") and focus.label == "Focus region (all 4 economies)"
    res = scenarios.apply(scenarios.scenario_inputs(con, focus.members, 2021), Scenario())
    tot = scenarios.totals(res, Scenario())
    assert len(res) == 4  # RUS->TJK, DEU->TJK, DEU->XKX, RUS->KGZ; USA->MEX is outside
    assert tot["savings_usd"] == pytest.approx(12.5e6)  # only DEU->XKX is above 3%
    assert tot["cost_paid_usd"] == pytest.approx(46e6 + 27.5e6 + 10e6)
    assert tot["receivers_n"] == 3


def test_areas_accept_codes_names_and_kosovo_both_ways(con: duckdb.DuckDBPyConnection) -> None:
    options = scenarios.areas(con)
    for text in ("XKX", "KSV", "ksv", "Kosovo"):
        assert scenarios.find_area(options, text, con).key == "XKX"
    assert scenarios.find_area(options, "Focus region: Central Asia", con).members == ("KGZ", "TJK")
    assert scenarios.find_area(options, "Atlantis", con) is None


def test_provider_targets_and_the_digital_lever_are_unavailable_without_provider_prices(
    con: duckdb.DuckDBPyConnection,
) -> None:
    status = scenarios.provider_status(con)
    assert not status["available"] and "provider-level RPW workbook" in str(status["reason"])
    inputs = scenarios.scenario_inputs(con, ("TJK",), 2021)
    with pytest.raises(UnavailableTarget, match="SmaRT target needs provider-level prices"):
        scenarios.apply(inputs, Scenario(target="smart"))
    ok, reason, n = scenarios.shift_available(inputs, "digital")
    assert not ok and n == 0 and "digital and of non-digital services" in str(reason)
    ok, reason, _ = scenarios.shift_available(inputs, "bank_to_mto")
    assert not ok and "Bangladesh, India, Nepal and the Philippines" in str(reason)


def test_comparisons_say_aid_and_investment_are_not_in_the_data(con: duckdb.DuckDBPyConnection) -> None:
    comp = scenarios.latest_values(con, ("TJK",)).set_index("column")
    assert comp.at["remit_received_usd", "value_usd"] == 6.0e9 and comp.at["remit_received_usd", "year"] == 2023
    assert comp.at["gdp_usd", "value_usd"] == 12.0e9 and comp.at["gdp_usd", "source_id"] == "gdp"
    for column, code in (("oda_received_usd", "DT.ODA.ODAT.CD"), ("fdi_inflow_usd", "BX.KLT.DINV.CD.WD")):
        assert not comp.at[column, "available"] and code in comp.at[column, "citation"]


def test_received_series_per_person_and_share_of_gdp(con: duckdb.DuckDBPyConnection) -> None:
    s = scenarios.received_series(con, ("TJK",)).set_index("year")
    assert s.at[2023, "received_usd"] == 6.0e9 and s.at[2023, "received_pct_gdp"] == pytest.approx(50.0)
    assert pd.isna(s.at[2022, "received_pct_gdp"])  # no GDP for 2022 in the fixture


def _briefing(
    where: str, tot: dict, sc: Scenario, res: pd.DataFrame, *, gdp: float | None = None, year: int | None = None
) -> str:
    """The briefing's sentences in English, as the CLI prints them."""
    return " ".join(map(str, briefing.sentences(where, tot, sc, res, gdp_usd=gdp, gdp_year=year)))


def test_summary_text_states_years_assumptions_and_sources(con: duckdb.DuckDBPyConnection) -> None:
    sc = Scenario(years=5, growth_pct=2)
    res = scenarios.apply(scenarios.scenario_inputs(con, ("XKX",), 2021), sc)
    text = _briefing("Kosovo", scenarios.totals(res, sc), sc, res, gdp=10e9, year=2023)
    assert "US$ 500 million" in text and "2021" in text and "2012Q1" in text
    assert "US$ 12 million more a year (0.12% of 2023 GDP)" in text
    assert "over 5 years with flows growing 2% a year" in text
    assert "modelled estimates" in text and "Remittance Prices Worldwide" in text


def test_summary_text_says_which_corridors_cost_more_than_the_target(con: duckdb.DuckDBPyConnection) -> None:
    """The flow-weighted average (2.7%) is below 3%, yet two corridors cost more: the text names the count
    of those, says the saving comes from them, and names the corridors already below the target."""
    sc = Scenario()
    res = scenarios.apply(scenarios.scenario_inputs(con, ("TJK", "KGZ", "XKX", "MEX"), 2021), sc)
    tot = scenarios.totals(res, sc)
    assert (tot["corridors_above_target_n"], tot["corridors_meeting_target_n"]) == (2, 2)
    text = _briefing("the four", tot, sc, res)
    assert "flow-weighted average cost" not in text
    assert f"on average {tot['current_cost_weighted_pct']:.2f}% of the amount sent" in text
    assert "2 of the 4 corridors with a cost figure cost more than 3% (the SDG 10.c target)." in text
    assert f"If those fell to 3%, recipients would keep about {briefing.amount(tot['savings_usd'])} more" in text
    assert (
        "2 corridors already cost 3% or less: Russian Federation → Tajikistan (2.00%, 2012Q1), "
        "Russian Federation → Kyrgyz Republic (1.00%, 2012Q1); a cut saves nothing there." in text
    )
    high = Scenario(target_pct=10)
    res = scenarios.apply(scenarios.scenario_inputs(con, ("XKX",), 2021), high)
    text = _briefing("Kosovo", scenarios.totals(res, high), high, res)
    assert "The corridor with a cost figure costs no more than 10%, so a cut to 10% would save nothing." in text


def test_world_rankings(con: duckdb.DuckDBPyConnection) -> None:
    by_corridor = scenarios.corridor_savings_by_country(con, Scenario(), 2021).set_index("iso3")
    assert by_corridor.at["XKX", "savings_usd"] == pytest.approx(12.5e6)
    assert by_corridor.at["MEX", "savings_usd"] == pytest.approx(4000e6 * 0.5 / 100)
    assert "TJK" in by_corridor.index and by_corridor.at["TJK", "coverage_pct"] == pytest.approx(92.0)
    whole = scenarios.country_savings(con, 3.0).set_index("iso3")
    # TJK: 2023 inflow 6.0 bn at its 2020 average cost of 4%: 6.0 bn x 1 / 100, and 0.5% of 12 bn GDP
    assert whole.at["TJK", "savings_usd"] == pytest.approx(60e6)
    assert whole.at["TJK", "savings_pct_gdp"] == pytest.approx(0.5)
    assert (whole.at["TJK", "flow_year"], whole.at["TJK", "cost_year"]) == (2023, 2020)


# --- The levers, on inputs built by hand -----------------------------------------------------------


def _inputs(**cols: list) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {
        "flow_year": [2021] * n,
        "sending_iso3": [f"S{i:02d}" for i in range(n)],
        "sending_name": [f"Sender {i}" for i in range(n)],
        "receiving_iso3": ["RRR"] * n,
        "receiving_name": ["Receiver"] * n,
        "flow_usd": [100e6] * n,
        "flow_source": ["flows"] * n,
        "cost_first_period": ["2020Q3"] * n,
        "cost_last_period": ["2020Q3"] * n,
        "cost_period": ["2020Q3"] * n,
        "corridor_cost_pct": [4.0] * n,
        "bank_cost_pct": [np.nan] * n,
        "mto_cost_pct": [np.nan] * n,
        "cost_source": ["costs"] * n,
        "fill_cost_pct": [6.0] * n,
        "fill_period": ["2020Q3"] * n,
        "fill_weights_year": [2021] * n,
        "fill_coverage_pct": [80.0] * n,
        "fill_source": ["costs"] * n,
        "wdi_year": [2024] * n,
        "wdi_received_usd": [np.nan] * n,
        "wdi_source": ["wdi"] * n,
        "smart_pct": [np.nan] * n,
        "cheapest_pct": [np.nan] * n,
        "digital_cost_pct": [np.nan] * n,
        "non_digital_cost_pct": [np.nan] * n,
        "requested_period": [None] * n,
    }
    base.update(cols)
    return pd.DataFrame(base)


def test_bank_to_mto_shift_by_hand() -> None:
    inputs = _inputs(corridor_cost_pct=[5.0, 5.0], bank_cost_pct=[6.0, 2.0], mto_cost_pct=[2.0, 3.0])
    assert scenarios.shift_available(inputs, "bank_to_mto") == (True, "", 2)
    sc = Scenario(target_pct=4.0, shift="bank_to_mto", shift_share_pct=50)
    res = scenarios.apply(inputs, sc).set_index("sending_iso3")
    # S00: 50% of the flow moves from banks (6%) to MTOs (2%): 5.0 - 0.5 x 4 = 3.0%, below the 4% target
    assert res.at["S00", "cost_after_shift_pct"] == pytest.approx(3.0)
    assert res.at["S00", "scenario_cost_pct"] == pytest.approx(3.0)
    assert res.at["S00", "savings_usd"] == pytest.approx(100e6 * 2.0 / 100)
    assert res.at["S00", "savings_target_usd"] == pytest.approx(1e6)
    assert res.at["S00", "savings_shift_usd"] == pytest.approx(1e6)
    # S01: banks are cheaper than MTOs here, so moving to MTOs saves nothing beyond the target
    assert res.at["S01", "savings_usd"] == pytest.approx(1e6)
    assert "not cheaper here" in res.at["S01", "note"]


def test_a_shift_never_takes_the_cost_below_the_cheaper_service_type() -> None:
    inputs = _inputs(corridor_cost_pct=[4.0], bank_cost_pct=[20.0], mto_cost_pct=[2.5])
    res = scenarios.apply(inputs, Scenario(target_pct=4.0, shift="bank_to_mto", shift_share_pct=100))
    assert res["cost_after_shift_pct"].iloc[0] == pytest.approx(2.5)
    assert res["savings_usd"].iloc[0] == pytest.approx(1.5e6)


def test_smart_and_cheapest_targets_per_corridor() -> None:
    inputs = _inputs(corridor_cost_pct=[5.0, 2.0], smart_pct=[3.5, 1.5], cheapest_pct=[1.0, np.nan])
    smart = scenarios.apply(inputs, Scenario(target="smart"))
    assert list(smart["savings_usd"]) == [pytest.approx(1.5e6), pytest.approx(0.5e6)]
    cheapest = scenarios.apply(inputs, Scenario(target="cheapest"))
    assert cheapest["savings_usd"].iloc[0] == pytest.approx(4e6)
    assert cheapest["savings_usd"].iloc[1] == 0 and "no cheapest-service level" in cheapest["note"].iloc[1]


def test_scenario_rejects_unknown_levers() -> None:
    with pytest.raises(ValueError, match="target"):
        Scenario(target="half")
    with pytest.raises(ValueError, match="shift"):
        Scenario(shift="teleport")
    with pytest.raises(ValueError, match="years"):
        Scenario(years=0)


# --- Invariants ------------------------------------------------------------------------------------

pct = st.floats(min_value=0, max_value=40, allow_nan=False)
maybe_pct = st.one_of(st.just(np.nan), pct)
corridor = st.tuples(st.floats(min_value=1, max_value=1e11, allow_nan=False), maybe_pct, maybe_pct, maybe_pct)


def _random_inputs(rows: list[tuple[float, float, float, float]]) -> pd.DataFrame:
    return _inputs(
        flow_usd=[r[0] for r in rows],
        corridor_cost_pct=[r[1] for r in rows],
        bank_cost_pct=[r[2] for r in rows],
        mto_cost_pct=[r[3] for r in rows],
    )


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(corridor, min_size=1, max_size=6), target=pct, share=st.floats(0, 100), fill=st.booleans())
def test_savings_are_never_negative_and_never_exceed_the_cost_paid(rows, target, share, fill) -> None:
    sc = Scenario(target_pct=target, shift="bank_to_mto", shift_share_pct=share, use_country_average=fill)
    res = scenarios.apply(_random_inputs(rows), sc)
    has = res["cost_used_pct"].notna()
    assert (res.loc[has, "savings_usd"] >= 0).all()
    assert (res.loc[has, "savings_usd"] <= res.loc[has, "cost_paid_usd"] * (1 + 1e-9) + 1e-6).all()
    met = has & (res["cost_used_pct"] <= target) & (share == 0)
    assert (res.loc[met, "savings_usd"] == 0).all()


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(corridor, min_size=1, max_size=6), a=pct, b=pct, share=st.floats(0, 100))
def test_savings_fall_as_the_target_rises(rows, a, b, share) -> None:
    low, high = sorted((a, b))
    inputs = _random_inputs(rows)
    at_low = scenarios.apply(inputs, Scenario(target_pct=low, shift="bank_to_mto", shift_share_pct=share))
    at_high = scenarios.apply(inputs, Scenario(target_pct=high, shift="bank_to_mto", shift_share_pct=share))
    has = at_low["cost_used_pct"].notna()
    assert (at_low.loc[has, "savings_usd"] >= at_high.loc[has, "savings_usd"] - 1e-6).all()


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(corridor, min_size=1, max_size=8), target=pct, years=st.integers(1, 15), growth=pct)
def test_the_total_is_the_sum_of_the_corridors(rows, target, years, growth) -> None:
    sc = Scenario(target_pct=target, years=years, growth_pct=growth)
    res = scenarios.apply(_random_inputs(rows), sc)
    tot = scenarios.totals(res, sc)
    assert tot["savings_usd"] == pytest.approx(res["savings_usd"].sum(), rel=1e-9, abs=1e-6)
    assert tot["cost_paid_usd"] == pytest.approx(res["cost_paid_usd"].sum(), rel=1e-9, abs=1e-6)
    assert tot["savings_period_usd"] == pytest.approx(tot["savings_usd"] * tot["period_factor"], rel=1e-9, abs=1e-6)
    assert tot["flow_usd"] == pytest.approx(sum(r[0] for r in rows), rel=1e-9, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(corridor, min_size=1, max_size=6), target=pct)
def test_filling_gaps_only_adds_savings(rows, target) -> None:
    inputs = _random_inputs(rows)
    off = scenarios.totals(scenarios.apply(inputs, Scenario(target_pct=target)), Scenario())
    on = scenarios.totals(scenarios.apply(inputs, Scenario(target_pct=target, use_country_average=True)), Scenario())
    assert on["savings_usd"] >= off["savings_usd"] - 1e-6 and on["coverage_pct"] >= off["coverage_pct"] - 1e-9


# --- Provider prices (SYNTHETIC workbook imported) ---------------------------------------------------


def test_smart_cheapest_and_digital_levers_with_provider_prices(provider_con: duckdb.DuckDBPyConnection) -> None:
    assert scenarios.provider_status(provider_con)["available"]
    inputs = scenarios.scenario_inputs(provider_con, ("TJK",), 2021)
    rus = inputs.set_index("sending_iso3").loc["RUS"]
    # RUS->TJK 2016Q2, transparent services 1, 2, 3 and 8% (8% takes 6 days or more; the opaque one is out)
    assert rus["cost_period"] == "2016Q2" and rus["corridor_cost_pct"] == pytest.approx(3.5)
    assert (rus["smart_pct"], rus["cheapest_pct"]) == (pytest.approx(2.0), pytest.approx(1.0))
    assert (rus["digital_cost_pct"], rus["non_digital_cost_pct"]) == (pytest.approx(1.0), pytest.approx(13 / 3))
    flow = 2.3e9
    smart = scenarios.apply(inputs, Scenario(target="smart")).set_index("sending_iso3")
    assert smart.at["RUS", "savings_usd"] == pytest.approx(flow * 1.5 / 100)
    cheapest = scenarios.apply(inputs, Scenario(target="cheapest")).set_index("sending_iso3")
    assert cheapest.at["RUS", "savings_usd"] == pytest.approx(flow * 2.5 / 100)
    assert scenarios.shift_available(inputs, "digital")[0]
    # 30% of the flow moves to digital services: 3.5 - 0.3 x (13/3 - 1) = 2.5%, below the 3% target
    digital = scenarios.apply(inputs, Scenario(shift="digital", shift_share_pct=30)).set_index("sending_iso3")
    assert digital.at["RUS", "scenario_cost_pct"] == pytest.approx(2.5)
    assert digital.at["RUS", "savings_usd"] == pytest.approx(flow * 1.0 / 100)
    cli = corridor_savings.corridor_savings(provider_con, "RUS", "TJK", target="smart")
    assert (cli["target"], cli["target_pct"], cli["savings_usd"]) == ("smart", 2.0, pytest.approx(flow * 1.5 / 100))


# --- The real data ---------------------------------------------------------------------------------


def test_rus_tjk_2021_on_the_real_data(real_con: duckdb.DuckDBPyConnection) -> None:
    out = corridor_savings.corridor_savings(real_con, "RUS", "TJK", target=3)
    assert round(out["flow_usd"] / 1e6) == 2307 and out["flow_year"] == 2021  # SOURCES.md
    hist = corridors.corridor_history(real_con, "RUS", "TJK")
    assert out["cost_period"] == "2021Q3" and out["current_cost_pct"] == hist["total_cost_pct_200"].iloc[-1]
    assert out["cost_paid_usd"] == pytest.approx(out["flow_usd"] * out["current_cost_pct"] / 100)
    assert out["savings_usd"] == 0 and "already meets the target" in out["note"]  # 1.85% (2021Q3, UN SDG) < 3%


def test_kosovo_works_with_either_code_on_the_real_data(real_con: duckdb.DuckDBPyConnection) -> None:
    ksv = corridor_savings.corridor_savings(real_con, "DEU", "KSV", target=3)
    xkx = corridor_savings.corridor_savings(real_con, "Germany", "XKX", target=3)
    assert ksv == xkx and ksv["receiving_iso3"] == "XKX"
    assert round(ksv["flow_usd"] / 1e6, 1) == 923.3 and ksv["cost_period"] == "2021Q3"
    assert ksv["savings_usd"] == pytest.approx(ksv["flow_usd"] * (ksv["current_cost_pct"] - 3) / 100)
    options = scenarios.areas(real_con)
    assert scenarios.find_area(options, "KSV", real_con).label == "Kosovo"


def test_every_focus_economy_gets_a_scenario(real_con: duckdb.DuckDBPyConnection) -> None:
    options = {a.key: a for a in scenarios.areas(real_con)}
    focus = options["focus"].members
    assert len(focus) == 19
    sc = Scenario(use_country_average=True, years=5)
    for iso in focus:
        assert iso in options, f"{iso} is not offered"
        res = scenarios.apply(scenarios.scenario_inputs(real_con, (iso,), 2021), sc)
        assert not res.empty, f"no 2021 flows into {iso}"
        tot = scenarios.totals(res, sc)
        assert tot["savings_usd"] >= 0
        assert _briefing(options[iso].label, tot, sc, res).startswith(f"Remittances to {options[iso].label}")
        with_corridors = real_con.execute(
            "SELECT count(*) FROM corridor_cost WHERE receiving_iso3 = ?", [iso]
        ).fetchone()[0]
        if with_corridors:
            assert tot["corridors_with_corridor_cost_n"] > 0, iso


def test_real_world_rankings(real_con: duckdb.DuckDBPyConnection) -> None:
    whole = scenarios.country_savings(real_con, 3.0)
    assert len(whole) > 90 and (whole["savings_usd"] >= 0).all()
    assert whole["savings_usd"].is_monotonic_decreasing
    ranked = scenarios.corridor_savings_by_country(real_con, Scenario(), 2021)
    assert (ranked["coverage_pct"] <= 100 + 1e-9).all() and ranked["savings_usd"].sum() > 0
    assert whole.set_index("iso3").at["TJK", "gdp_year"] == 2023


def test_real_missing_data_names_the_closest(real_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(MissingData, match="closest year with one: 2021"):
        corridor_savings.corridor_savings(real_con, "RUS", "TJK", year=2019)
    with pytest.raises(MissingData, match="closest quarter with data: 2015Q4"):
        corridor_savings.corridor_savings(real_con, "DEU", "XKX", period="2012Q1")
    with pytest.raises(MissingData, match="--use-country-average"):
        corridor_savings.corridor_savings(real_con, "UKR", "TJK")
    with pytest.raises(UnknownCountry):
        corridor_savings.corridor_savings(real_con, "Atlantis", "TJK")


# --- Command line: python -m remit savings ---------------------------------------------------------


def _cli(store: Path, *args: str, data: Path | None = None) -> subprocess.CompletedProcess:
    return remit_cli("savings", *args, store=store, data=data)


def test_cli_savings_json_contract(real_store: Path) -> None:
    out = _cli(real_store, "RUS", "TJK", "--target", "3", "--json")
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    for key in ("flow_usd", "flow_year", "current_cost_pct", "cost_period", "cost_paid_usd", "savings_usd"):
        assert key in p
    for key in ("flow_source", "cost_source", "target_pct", "note"):
        assert key in p
    assert round(p["flow_usd"] / 1e6) == 2307 and p["flow_year"] == 2021 and p["cost_period"] == "2021Q3"
    assert (p["flow_source"], p["cost_source"], p["target_pct"]) == (
        "bilateral_remittances_2021",
        "sdg_corridor_cost",
        3.0,
    )
    assert p["savings_usd"] == 0 and "already meets the target" in p["note"]


def test_cli_savings_kosovo_either_code_and_year_period(real_store: Path) -> None:
    a = json.loads(_cli(real_store, "DEU", "KSV", "--json").stdout)
    b = json.loads(_cli(real_store, "Germany", "XKX", "--json").stdout)
    assert a == b and a["receiving_iso3"] == "XKX" and a["note"] is None and a["savings_usd"] > 0
    out = _cli(real_store, "RUS", "TJK", "--year", "2013", "--period", "2013Q1", "--target", "1", "--json")
    p = json.loads(out.stdout)
    assert (p["flow_year"], p["cost_period"], p["flow_source"]) == (2013, "2013Q1", "bilateral_remittances_2013")
    assert round(p["flow_usd"] / 1e6) == 3197


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("RUS", "TJK", "--year", "2019"), "closest year with one: 2021"),
        (("DEU", "KSV", "--period", "2012Q1"), "closest quarter with data: 2015Q4"),
        (("UKR", "TJK"), "No cost data for the corridor Ukraine (UKR) -> Tajikistan (TJK)"),
        (("RUS", "TJK", "--target", "smart"), "The SmaRT target is not available"),
        (("Rusia", "TJK"), "Did you mean: Russian Federation (RUS)"),
    ],
)
def test_cli_savings_missing_data_exits_with_one_line(real_store: Path, args: tuple[str, ...], expected: str) -> None:
    out = _cli(real_store, *args)
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and expected in out.stderr


def test_cli_savings_by_hand_on_the_synthetic_store(scenario_store: Path) -> None:
    store, fixture_data = scenario_store, scenario_store.parent / "data"
    p = json.loads(_cli(store, "DEU", "KSV", "--target", "3", "--json", data=fixture_data).stdout)
    assert (p["flow_usd"], p["flow_year"], p["current_cost_pct"], p["cost_period"]) == (5e8, 2021, 5.5, "2012Q1")
    assert (p["cost_paid_usd"], p["savings_usd"]) == (pytest.approx(27.5e6), pytest.approx(12.5e6))
    filled = _cli(store, "DEU", "TJK", "--use-country-average", "--json", data=fixture_data)
    q = json.loads(filled.stdout)
    assert (q["cost_basis"], q["current_cost_pct"], q["cost_period"], q["cost_source"]) == (
        "receiving-country average",
        4.0,
        "2020",
        "cost_to",
    )
    text = _cli(store, "RUS", "TJK", "--target", "5", data=fixture_data)
    assert text.returncode == 0 and "already meets the target" in text.stdout


# --- The briefing (remit.briefing): hand-checked on the SYNTHETIC store ---------------------------------------

KOSOVO_BRIEFING = (
    "Remittances to Kosovo: about US$ 500 million a year from 1 sending country (World Bank/KNOMAD modelled "
    "bilateral estimates for 2021). For the whole flow (US$ 500 million), RPW corridor average costs of sending "
    "USD 200 (2012Q1, {age} years ago) imply that senders pay about US$ 28 million a year in fees and exchange-rate margins, on "
    "average 5.50% of the amount sent (weighted by flow). The corridor with a cost figure costs more than 3% (the "
    "SDG 10.c target). If that corridor fell to 3%, recipients would keep about US$ 12 million more a year, or "
    "US$ 65 million over 5 years with flows growing 2% a year. Bilateral flows are modelled estimates, not "
    "observations, and flows and costs refer to different years. Sources: World Bank, Remittance Prices "
    "Worldwide; World Bank/KNOMAD bilateral remittance estimates; World Bank, World Development Indicators."
).format(age=costs.quarter_age_years("2012Q1"))  # every price says its quarter and its age


def test_the_briefing_states_hand_checked_figures(con: duckdb.DuckDBPyConnection) -> None:
    """DEU->XKX: US$ 500 million at 5.5% -> paid 27.5 million; at 3% the saving is 500 x 2.5% = 12.5 million a
    year, x (1 + 1.02 + 1.02^2 + 1.02^3 + 1.02^4) = 5.204 over 5 years = 65.05 million. Either code works."""
    for name in ("Kosovo", "KSV", "XKX"):
        done = briefing.briefing(con, name, Scenario(years=5, growth_pct=2))
        assert done.area.key == "XKX" and done.flow_year == 2021
        assert done.totals["cost_paid_usd"] == pytest.approx(27.5e6)
        assert done.totals["savings_usd"] == pytest.approx(12.5e6)
        assert done.totals["savings_period_usd"] == pytest.approx(12.5e6 * 5.20404016)
        assert done.text() == KOSOVO_BRIEFING
    tajikistan = briefing.briefing(con, "TJK").text()
    assert "from 2 sending countries" in tajikistan and "For 92% of this flow (US$ 2.30 billion)" in tajikistan
    assert "1 corridor already costs 3% or less: Russian Federation → Tajikistan (2.00%, 2012Q1)." in tajikistan
    assert "1 corridor (US$ 200 million) has no cost data and is left out." in tajikistan
    with pytest.raises(UnknownCountry):
        briefing.briefing(con, "Atlantis")


def test_the_briefing_reads_in_russian(con: duckdb.DuckDBPyConnection) -> None:
    from remit.i18n import translator

    ru = translator("ru")
    done = briefing.briefing(con, "Kosovo", Scenario(years=5, growth_pct=2))
    for sentence in done.sentences:
        text = ru.render(sentence)
        assert text != str(sentence) and any("а" <= c <= "я" for c in text.lower()), text
    text = " ".join(ru.render(s) for s in done.sentences)
    assert "Косово" in text and "500 млн" in text and "5,50\xa0%" in text
    for english in ("Remittances to", "recipients would", "sending country", "over 5 years"):
        assert english not in text


def test_cli_briefing_prints_the_briefing_and_its_figures(scenario_store: Path, fixture_data: Path) -> None:
    out = remit_cli("briefing", "KSV", "--years", "5", "--growth", "2", store=scenario_store, data=fixture_data)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == KOSOVO_BRIEFING
    out = remit_cli("briefing", "Kosovo", "--json", store=scenario_store, data=fixture_data)
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert p["country"] == "Kosovo" and p["paragraphs"][0].startswith("Remittances to Kosovo: about US$ 500 million")
    assert p["savings_usd"] == pytest.approx(12.5e6) and p["flow_year"] == 2021 and p["target_pct"] == 3.0
    out = remit_cli("briefing", "Atlantis", store=scenario_store, data=fixture_data)
    assert out.returncode == 1 and "Unknown country 'Atlantis'" in out.stderr
