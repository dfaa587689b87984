"""The official SmaRT on the pages that show corridors, the count above 5% by SmaRT beside the count by corridor
average, the region coverage read from one definition, and the mid-market rate field without a rate (AppTest,
the real store)."""

from __future__ import annotations

import duckdb
import pytest
from apptest import ok, open_page
from streamlit.testing.v1 import AppTest

from remit import corridors, costs, explorer, impact

pytestmark = pytest.mark.usefixtures("app_env")


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _line(counts: dict) -> str:
    return f"By SmaRT: {counts['above_5pct_smart_n']} of the {counts['smart_n']} corridors with a SmaRT figure are above 5%."


def test_corridors_page_shows_smart_beside_the_corridor_average(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("views/corridor_explorer.py")
    focus = explorer.filter_corridors(explorer.ranking(real_con, "2021Q3"), focus_only=True)
    counts = explorer.sdg_counts(focus)
    assert counts["smart_n"] > 0
    captions = _captions(at)
    assert _line(counts) in captions and "the World Bank measures the SDG's “no corridor above 5%” with it" in captions
    ranking = at.dataframe[1].value.set_index("corridor")
    assert "smart_cost_pct_200" in ranking.columns
    assert ranking.at["RUS-TJK", "smart_cost_pct_200"] == pytest.approx(1.78333)
    assert "SmaRT: UN SDG Global Database, 10.c.1 SmaRT (World Bank RPW)." in captions  # the cite line
    moved = at.dataframe[0].value.set_index("label")
    assert moved.at["Russian Federation → Tajikistan", "latest_smart_pct"] == pytest.approx(1.78333)
    assert "Diamonds: the official SmaRT" in " ".join(c.value for c in at.caption)


def test_country_profile_corridor_table_has_smart() -> None:
    at = open_page("views/country_profile.py")
    table = next(d.value for d in at.dataframe if "smart_cost_pct_200" in d.value.columns)
    assert table.set_index("corridor").at["RUS-TJK", "smart_cost_pct_200"] == pytest.approx(1.78333)
    captions = _captions(at)
    assert "By SmaRT: 0 of the 2 corridors with a SmaRT figure are above 5%." in captions
    assert "SmaRT: UN SDG Global Database" in captions


def test_overview_regions_and_map_count_above_5pct_by_smart(real_con: duckdb.DuckDBPyConnection) -> None:
    summary = corridors.quarterly_summary(corridors.corridor_costs(real_con, "focus")).set_index("period")
    latest = summary.loc["2021Q3"]
    assert _line({k: int(latest[k]) for k in ("smart_n", "above_5pct_smart_n")}) in _captions(open_page())
    regions = open_page("views/regional.py")
    world = corridors.quarterly_summary(corridors.corridor_costs(real_con, "world")).set_index("period").loc["2021Q3"]
    assert _line({k: int(world[k]) for k in ("smart_n", "above_5pct_smart_n")}) in _captions(regions)
    assert {"above_5pct_smart_n", "smart_n"} <= set(regions.dataframe[0].value.columns)
    assert "By SmaRT:" in _captions(open_page("views/cost_map.py"))


def test_region_coverage_reads_the_same_on_overview_impact_and_savings(real_con: duckdb.DuckDBPyConnection) -> None:
    """Coverage = the share of the region's modelled inflow (every member, those without any priced corridor too)
    that goes through a corridor with a cost: remit.costs for the focus region, on every page."""
    members = impact._members(real_con, "focus")
    region = costs.country_cost(real_con, members)
    tot = impact.stake_totals(impact.money_at_stake(real_con, "focus", 3.0))
    assert tot["coverage_pct"] == pytest.approx(region.coverage_pct) and tot["unpriced_economies_n"] > 0
    share = f"{region.coverage_pct:.0f}%"
    overview = open_page()
    helps = " ".join(m.proto.help for m in overview.metric)
    assert f"{share} of the modelled inflow of all the economies shown" in helps
    page = open_page("views/impact.py")
    assert f"{share} of the flow" in " ".join(md.value for md in page.markdown)
    savings = open_page("views/savings_world.py")
    savings.segmented_control(key="economies").set_value("Focus region").run()
    ok(savings)
    assert f"Flow with a corridor cost: {share} of the modelled inflow of these economies" in _captions(savings)


def test_impact_lists_the_corridors_meeting_the_target_with_their_age() -> None:
    at = open_page("views/impact.py")
    meets = next(s.value for s in at.success if "already meet" in s.value)
    age = costs.quarter_age_years("2021Q3")
    assert f"2021Q3, {age} years ago)" in meets, meets


def test_compare_providers_leaves_the_mid_market_rate_empty_without_a_rate() -> None:
    at = open_page("views/send_money.py")
    field = at.number_input(key="s_mid")
    assert field.value is None and field.proto.placeholder == "Not known: leave it empty"
