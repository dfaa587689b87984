"""remit.explorer aggregates, checked by hand on the SYNTHETIC fixture store and against the real data.

The fixture's corridors (tests/synthetic.py), cost of sending USD 200 in %:
    RUS-TJK  2011Q1 2.5  2011Q3 2.6  2012Q1 2.0
    RUS-KGZ  2011Q1 2.0  2011Q3 1.5  2012Q1 1.0
    DEU-XKX             2011Q3 6.0  2012Q1 5.5   (published as DEU-KSV)
    USA-MEX  2011Q1 5.5  2011Q3 4.0  2012Q1 3.5
"""

from __future__ import annotations

import csv
import json
import math
import tomllib
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from remit import corridors, explorer, geo
from remit.errors import UnknownCorridor, UnknownPeriod
from remit.keys import Corridor

ROOT = Path(__file__).resolve().parent.parent
DATABANK = ROOT / "data/raw/rpw/rpw_databank_corridor_avg_total_cost_2011Q1_2020Q3.csv"


# --- Synthetic fixture: hand-counted ------------------------------------------------------------


def test_ranking_with_one_and_five_year_change(fixture_con: duckdb.DuckDBPyConnection) -> None:
    r = explorer.ranking(fixture_con, "2012Q1").set_index("corridor")
    assert list(r.index) == ["DEU-XKX", "USA-MEX", "RUS-TJK", "RUS-KGZ"]
    assert list(r["rank"]) == [1, 2, 3, 4]
    assert (r["corridors_in_quarter_n"] == 4).all()
    # 1 year earlier is 2011Q1: DEU-XKX had no data then, so its change is blank.
    assert math.isnan(r.at["DEU-XKX", "change_1y_pp"])
    assert r.at["USA-MEX", "change_1y_pp"] == pytest.approx(3.5 - 5.5)
    assert r.at["RUS-TJK", "change_1y_pp"] == pytest.approx(2.0 - 2.5)
    assert r.at["RUS-KGZ", "total_cost_pct_200_1y_ago"] == pytest.approx(2.0)
    assert r["change_5y_pp"].isna().all()  # 2007Q1 is before the data
    assert list(r["sdg_band"]) == ["Above 5%", "3% to 5%", "Below 3%", "Below 3%"]
    assert r.at["DEU-XKX", "receiving_name"] == "Kosovo"
    assert set(r["period_1y_ago"]) == {"2011Q1"} and set(r["period_5y_ago"]) == {"2007Q1"}


def test_filters_by_country_region_income_and_ceiling(fixture_con: duckdb.DuckDBPyConnection) -> None:
    r = explorer.ranking(fixture_con, "2011Q3")

    def codes(**kw: object) -> list[str]:
        return sorted(explorer.filter_corridors(r, **kw)["corridor"])

    assert codes() == ["DEU-XKX", "RUS-KGZ", "RUS-TJK", "USA-MEX"]
    assert codes(recv=("TJK", "KGZ")) == ["RUS-KGZ", "RUS-TJK"]
    assert codes(send=("RUS",), recv=("TJK",)) == ["RUS-TJK"]
    assert codes(either=("XKX", "USA")) == ["DEU-XKX", "USA-MEX"]
    assert codes(receiving_region=("Latin America & Caribbean",)) == ["USA-MEX"]
    assert codes(sending_region=("North America",)) == ["USA-MEX"]
    assert codes(receiving_income=("Lower middle income",)) == ["RUS-KGZ", "RUS-TJK"]
    assert codes(sending_income=("High income",), receiving_income=("Upper middle income",)) == ["DEU-XKX", "USA-MEX"]
    assert codes(above_5pct_only=True) == ["DEU-XKX"]  # 6.0; USA-MEX is 4.0 in 2011Q3
    # the focus region (TJK, KGZ, XKX, RUS in the fixture) at either end: not USA-MEX
    assert codes(focus_only=True) == ["DEU-XKX", "RUS-KGZ", "RUS-TJK"]
    assert codes(focus_only=True, sending_region=("North America",)) == []


def test_sdg_picture_counts_by_hand(fixture_con: duckdb.DuckDBPyConnection) -> None:
    pic = explorer.sdg_picture(explorer.corridor_frame(fixture_con)).set_index("period")
    q = pic.loc["2011Q3"]  # 2.6, 1.5, 6.0, 4.0
    assert (q["corridors_n"], q["above_5pct_n"], q["from_3_to_5pct_n"], q["below_3pct_n"]) == (4, 1, 1, 2)
    assert q["above_5pct_share_pct"] == pytest.approx(25.0)
    assert q["below_3pct_share_pct"] == pytest.approx(50.0)
    assert q["from_3_to_5pct_share_pct"] == pytest.approx(25.0)
    assert pic.loc["2011Q1", "above_5pct_n"] == 1  # USA-MEX 5.5
    assert pic.loc[["2011Q2", "2011Q4"], "corridors_n"].isna().all()  # gaps stay gaps


def test_group_summary_by_receiving_region(fixture_con: duckdb.DuckDBPyConnection) -> None:
    s = explorer.group_summary(explorer.corridor_frame(fixture_con), "receiving_region").set_index(["group", "period"])
    eca = "Europe & Central Asia"
    assert s.loc[(eca, "2011Q1"), "corridors_n"] == 2
    assert s.loc[(eca, "2011Q1"), "mean_of_corridor_averages_pct"] == pytest.approx((2.5 + 2.0) / 2)
    assert s.loc[(eca, "2011Q3"), "mean_of_corridor_averages_pct"] == pytest.approx((2.6 + 1.5 + 6.0) / 3)
    assert s.loc[(eca, "2011Q3"), "above_5pct_n"] == 1
    assert s.loc[("Latin America & Caribbean", "2012Q1"), "mean_of_corridor_averages_pct"] == pytest.approx(3.5)
    assert math.isnan(s.loc[(eca, "2011Q2"), "corridors_n"])
    latest = explorer.latest_by_group(s.reset_index()).set_index("group")
    assert latest.at[eca, "mean_of_corridor_averages_pct"] == pytest.approx((2.0 + 1.0 + 5.5) / 3)
    with pytest.raises(ValueError, match="by must be one of"):
        explorer.group_summary(explorer.corridor_frame(fixture_con), "r.wb_region; DROP TABLE country")


def test_group_summary_by_sending_income(fixture_con: duckdb.DuckDBPyConnection) -> None:
    s = explorer.group_summary(explorer.corridor_frame(fixture_con), "sending_income").set_index(["group", "period"])
    # Every sender (RUS, DEU, USA) is high income: the group is all corridors.
    assert set(s.index.get_level_values("group")) == {"High income"}
    assert s.loc[("High income", "2011Q3"), "corridors_n"] == 4


def test_constant_set_keeps_corridors_with_every_quarter(fixture_con: duckdb.DuckDBPyConnection) -> None:
    kept = explorer.constant_set(explorer.corridor_frame(fixture_con))
    assert sorted(kept["corridor"].unique()) == ["RUS-KGZ", "RUS-TJK", "USA-MEX"]  # DEU-XKX starts in 2011Q3


def test_map_data_both_sides(fixture_con: duckdb.DuckDBPyConnection) -> None:
    to = explorer.map_data(fixture_con, "2011Q3", "receiving").set_index("iso3")
    assert to.at["XKX", "mean_of_corridor_averages_pct"] == 6.0 and to.at["XKX", "corridors_n"] == 1
    frm = explorer.map_data(fixture_con, "2011Q3", "sending").set_index("iso3")
    assert frm.at["RUS", "mean_of_corridor_averages_pct"] == pytest.approx((2.6 + 1.5) / 2)
    assert (frm.at["RUS", "min_pct"], frm.at["RUS", "max_pct"]) == (1.5, 2.6)
    assert frm.at["RUS", "cheapest_partner"] == "Kyrgyz Republic" and frm.at["RUS", "dearest_partner"] == "Tajikistan"
    assert sorted(frm.index) == ["DEU", "RUS", "USA"]
    with pytest.raises(ValueError, match="side"):
        explorer.map_data(fixture_con, "2011Q3", "both")


def test_histories_keep_gaps_and_accept_rpw_codes(fixture_con: duckdb.DuckDBPyConnection) -> None:
    h = explorer.histories(fixture_con, ["rus-tjk", "DEU-KSV"])
    assert list(h["corridor"].unique()) == ["RUS-TJK", "DEU-XKX"]
    assert list(h[h["corridor"] == "DEU-XKX"]["period"]) == ["2011Q1", "2011Q2", "2011Q3", "2011Q4", "2012Q1"]
    dx = h[h["corridor"] == "DEU-XKX"].set_index("period")["total_cost_pct_200"]
    assert dx.isna().tolist() == [True, True, False, True, False]
    moved = explorer.history_summary(h).set_index("corridor")
    assert moved.at["RUS-TJK", "period_first"] == "2011Q1"
    assert moved.at["RUS-TJK", "change_since_first_pp"] == pytest.approx(-0.5)
    assert moved.at["DEU-XKX", "quarters_above_5pct_n"] == 2
    with pytest.raises(UnknownCorridor, match="from Russian Federation"):
        explorer.histories(fixture_con, ["RUS-MEX"])
    with pytest.raises(ValueError, match="RUS-TJK"):
        Corridor.parse("RUSTJK")


def test_periods_and_clear_period_errors(fixture_con: duckdb.DuckDBPyConnection) -> None:
    assert list(explorer.periods(fixture_con)["period"]) == ["2011Q1", "2011Q3", "2012Q1"]
    assert explorer.check_period(fixture_con, " 2012q1") == "2012Q1"
    with pytest.raises(UnknownPeriod, match="'2011Q2' has no corridor cost data: .* from 2011Q1 to 2012Q1"):
        explorer.check_period(fixture_con, "2011Q2")
    with pytest.raises(UnknownPeriod, match="is not a quarter like 2020Q3"):
        explorer.ranking(fixture_con, "2012-03")


def test_country_profile_queries(fixture_con: duckdb.DuckDBPyConnection) -> None:
    status = explorer.corridor_status(explorer.country_corridors(fixture_con, "TJK"))
    assert list(status["corridor"]) == ["RUS-TJK"] and status.at[0, "direction"] == "to"
    assert status.at[0, "change_1y_pp"] == pytest.approx(-0.5) and status.at[0, "first_total_cost_pct_200"] == 2.5
    assert list(explorer.corridor_status(explorer.country_corridors(fixture_con, "RUS"))["direction"]) == ["from"] * 2
    flows = explorer.country_flows(fixture_con, "TJK").set_index("year")
    assert flows.at[2023, "remit_received_pct_gdp_calc"] == pytest.approx(50.0)  # 6.0 bn / 12.0 bn
    assert explorer.latest_value(flows.reset_index(), "remit_received_usd") == (6.0e9, 2023)
    p = explorer.partners(fixture_con, "TJK", "to")
    assert list(p["partner_iso3"]) == ["RUS"] and p.at[0, "estimated_usd"] == pytest.approx(2.3e9)
    assert p.at[0, "share_of_estimated_total_pct"] == pytest.approx(100.0)
    assert p.at[0, "latest_total_cost_pct_200"] == 2.0 and p.at[0, "estimate_type"] == "modelled estimate"
    assert list(explorer.partners(fixture_con, "DEU", "from")["partner_iso3"]) == ["XKX"]
    near = explorer.neighbours(fixture_con, "TJK", "2012Q1").set_index("iso3")
    assert sorted(near.index) == ["KGZ", "TJK"]  # the focus subregion Central Asia
    assert near.at["TJK", "is_selected"] and near.at["KGZ", "mean_of_corridor_averages_pct"] == 1.0


def test_latest_status_keeps_every_corridor_at_its_own_quarter() -> None:
    """Three corridors end in 2020Q3 and one in 2025Q3: all four count, each at its own latest quarter."""
    status = pd.DataFrame(
        {
            "corridor": ["A-B", "A-C", "A-D", "A-E"],
            "period_latest": ["2020Q3", "2020Q3", "2025Q3", "2020Q3"],
            "total_cost_pct_200": [9.0, 2.5, 6.5, 4.0],
        }
    )
    now = explorer.latest_status(status)
    assert now["corridors_n"] == 4 and now["above_5pct_n"] == 2 and now["below_3pct_n"] == 1
    assert now["quarters"] == [("2020Q3", 3), ("2025Q3", 1)]


def test_neighbours_of_a_sending_only_country(fixture_con: duckdb.DuckDBPyConnection) -> None:
    """Germany only sends (DEU-XKX): it is compared with the other sending countries of its region."""
    near = explorer.neighbours(fixture_con, "DEU", "2012Q1").set_index("iso3")
    assert set(near["side"]) == {"sending"} and near.at["DEU", "is_selected"]
    assert near.at["DEU", "mean_of_corridor_averages_pct"] == 5.5
    assert sorted(near.index) == ["DEU", "RUS"]  # Europe & Central Asia's senders; USA is another region
    # A receiving country keeps the comparison of the cost of sending to it.
    assert set(explorer.neighbours(fixture_con, "TJK", "2012Q1")["side"]) == {"receiving"}


def test_group_sizes_and_members(fixture_con: duckdb.DuckDBPyConnection) -> None:
    frame = explorer.corridor_frame(fixture_con)
    sizes = explorer.group_sizes(explorer.group_summary(frame, "receiving_region")).set_index("group")
    eca = "Europe & Central Asia"
    assert sizes.at[eca, "corridors_n"] == 3 and sizes.at[eca, "period"] == "2012Q1"
    assert sizes["too_few"].all()  # 3 and 1 corridors: fewer than MIN_GROUP_CORRIDORS
    assert not explorer.group_sizes(explorer.group_summary(frame, "receiving_region"), minimum=3).at[0, "too_few"]
    assert explorer.group_members(frame, "receiving_region", eca) == ["Kosovo", "Kyrgyz Republic", "Tajikistan"]
    assert explorer.group_members(frame, "sending_income", "High income") == [
        "Germany",
        "Russian Federation",
        "United States",
    ]


@given(st.lists(st.floats(min_value=-15, max_value=40, allow_nan=False), min_size=1, max_size=40))
def test_sdg_bands_partition_the_corridors(costs: list[float]) -> None:
    df = pd.DataFrame(
        {
            "period": "2020Q3",
            "corridor": [f"C{i}" for i in range(len(costs))],
            "total_cost_pct_200": costs,
        }
    )
    q = explorer.sdg_picture(df).iloc[0]
    assert q["above_5pct_n"] + q["from_3_to_5pct_n"] + q["below_3pct_n"] == len(costs)
    bands = [explorer.sdg_band(c) for c in costs]
    assert bands.count("Above 5%") == q["above_5pct_n"] and bands.count("Below 3%") == q["below_3pct_n"]


# --- Real data: figures that trace back to the source rows ---------------------------------------


def test_ranking_2020q3_equals_the_databank_rows(real_con: duckdb.DuckDBPyConnection) -> None:
    ranked = explorer.ranking(real_con, "2020Q3")
    assert len(ranked) == 367 and ranked["rank"].tolist() == list(range(1, 368))
    assert ranked["total_cost_pct_200"].is_monotonic_decreasing
    with DATABANK.open(encoding="utf-8-sig") as fh:
        raw = {
            (r["Sending Countries Code"], r["Receiving Countries  Code"].replace("KSV", "XKX")): float(r[c])
            for r in csv.DictReader(fh)
            for c in r
            if c and c.startswith("2020Q3") and r[c] not in ("..", "")
        }
    pairs = zip(ranked["sending_iso3"], ranked["receiving_iso3"], strict=True)
    ours = dict(zip(pairs, ranked["total_cost_pct_200"], strict=True))
    assert ours.keys() == raw.keys()
    assert all(ours[k] == pytest.approx(raw[k]) for k in raw)
    assert set(ranked["source_id"]) == {"rpw_databank"}


def test_sdg_shares_2020q3_and_mean_of_corridor_averages(real_con: duckdb.DuckDBPyConnection) -> None:
    frame = explorer.corridor_frame(real_con, complete_only=True)
    q = explorer.sdg_picture(frame).set_index("period").loc["2020Q3"]
    ranked = explorer.ranking(real_con, "2020Q3")
    assert q["above_5pct_n"] == (ranked["total_cost_pct_200"] > 5).sum() == 241
    assert q["below_3pct_n"] == (ranked["total_cost_pct_200"] < 3).sum() == 26
    assert round(q["mean_of_corridor_averages_pct"], 2) == 7.00  # METHODOLOGY.md reference
    # The groups partition the corridors: their corridor-weighted means give back the overall mean.
    for by in explorer.GROUPINGS:
        g = explorer.group_summary(frame, by)
        g = g[g["period"] == "2020Q3"].dropna(subset=["corridors_n"])
        assert g["corridors_n"].sum() == 367
        weighted = (g["mean_of_corridor_averages_pct"] * g["corridors_n"]).sum() / 367
        assert weighted == pytest.approx(q["mean_of_corridor_averages_pct"])


def test_rus_tjk_changes_trace_to_the_history(real_con: duckdb.DuckDBPyConnection) -> None:
    hist = corridors.corridor_history(real_con, "RUS", "TJK").set_index("period")["total_cost_pct_200"]
    row = explorer.ranking(real_con, "2020Q3").set_index("corridor").loc["RUS-TJK"]
    assert row["change_1y_pp"] == pytest.approx(hist["2020Q3"] - hist["2019Q3"])
    assert row["change_5y_pp"] == pytest.approx(hist["2020Q3"] - hist["2015Q3"])


def test_fee_and_fx_margin_add_up_to_the_total(real_con: duckdb.DuckDBPyConnection) -> None:
    h = explorer.histories(real_con, ["USA-IND", "ARE-IND"]).dropna(subset=["fee_pct_200", "fx_margin_pct_200"])
    assert len(h) > 80
    gap = (h["fee_pct_200"] + h["fx_margin_pct_200"] - h["total_cost_pct_200"]).abs()
    assert gap.max() < 0.01  # METHODOLOGY: total = fee % + FX margin %, never the margin twice
    assert explorer.histories(real_con, ["USA-IND"])["period"].max() == "2025Q3"


def test_map_and_profile_for_tajikistan(real_con: duckdb.DuckDBPyConnection) -> None:
    to = explorer.map_data(real_con, "2020Q3", "receiving").set_index("iso3")
    # Corridors to Tajikistan in 2020Q3: RUS-TJK 2.00 and DEU-TJK 9.16 (DataBank).
    assert to.at["TJK", "corridors_n"] == 2
    assert to.at["TJK", "mean_of_corridor_averages_pct"] == pytest.approx((2.0 + 9.16) / 2, abs=0.01)
    assert to.at["TJK", "wdi_cost_to_country_pct"] == pytest.approx(7.21, abs=0.01)  # the WB's own, over services
    flows = explorer.country_flows(real_con, "TJK").set_index("year")
    assert round(flows.at[2023, "remit_received_pct_gdp_calc"], 1) == 38.4  # SOURCES.md spot check
    p = explorer.partners(real_con, "TJK", "to").set_index("partner_iso3")
    assert p["year"].iloc[0] == 2021 and round(p.at["RUS", "estimated_usd"] / 1e6) == 2307
    assert p.index[0] == "RUS"


def test_every_economy_with_corridors_can_be_drawn(real_con: duckdb.DuckDBPyConnection) -> None:
    """The map never drops a country silently: a shape, or a dot at geo.POINTS."""
    codes = {
        r[0]
        for r in real_con.execute(
            "SELECT sending_iso3 FROM corridor_cost UNION SELECT receiving_iso3 FROM corridor_cost"
        ).fetchall()
    }
    shapes = geo.geometry_ids()
    assert "XKX" not in shapes and "SRB" in shapes and len(shapes) > 230
    assert codes - shapes <= set(geo.POINTS), codes - shapes - set(geo.POINTS)


def test_map_geometry_is_served_locally() -> None:
    """plotly would fetch the world from a CDN; the app serves static/topojson/ itself."""
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert geo.TOPOJSON_URL == "app/static/topojson/"
    topo = json.loads(geo.topojson_path().read_text(encoding="utf-8"))
    assert {"countries", "land", "coastlines"} <= set(topo["objects"])


def test_sending_country_profile_on_the_real_data(real_con: duckdb.DuckDBPyConnection) -> None:
    """Germany: every corridor from it counts, at its own latest quarter (DEU-IND runs to 2025Q3)."""
    status = explorer.corridor_status(explorer.country_corridors(real_con, "DEU"))
    now = explorer.latest_status(status[status["direction"] == "from"])
    assert now["corridors_n"] == status["corridor"].nunique() > 20
    assert (
        dict(now["quarters"])["2025Q3"] >= 1 and now["quarters"][0][0] == "2021Q3"
    )  # most of them: the UN SDG database
    near = explorer.neighbours(real_con, "DEU", "2020Q3")
    assert set(near["side"]) == {"sending"} and near["is_selected"].sum() == 1
    assert {"CHE", "AUT", "ITA"} <= set(near["iso3"])


def test_history_summary_follows_the_amount(real_con: duckdb.DuckDBPyConnection) -> None:
    h = explorer.histories(real_con, ["USA-IND", "RUS-TJK"])
    moved = explorer.history_summary(h, "total_cost_pct_500").set_index("corridor")
    assert list(moved.index) == ["USA-IND"]  # RUS-TJK has no USD 500 figures
    last = h[h["corridor"] == "USA-IND"].dropna(subset=["total_cost_pct_500"]).iloc[-1]
    assert moved.at["USA-IND", "latest_total_cost_pct_500"] == pytest.approx(last["total_cost_pct_500"])
    assert moved.at["USA-IND", "latest_total_cost_pct_500"] != pytest.approx(last["total_cost_pct_200"])


def test_small_groups_and_not_classified_on_the_real_data(real_con: duckdb.DuckDBPyConnection) -> None:
    constant = explorer.constant_set(explorer.corridor_frame(real_con, complete_only=True))
    sizes = explorer.group_sizes(explorer.group_summary(constant, "sending_income")).set_index("group")
    assert sizes.at["Lower middle income", "corridors_n"] == 3 and sizes.at["Lower middle income", "too_few"]
    assert not sizes.at["High income", "too_few"]
    frame = explorer.corridor_frame(real_con, complete_only=True)
    assert explorer.group_members(frame, "receiving_region", explorer.NOT_CLASSIFIED) == ["Netherlands Antilles"]
