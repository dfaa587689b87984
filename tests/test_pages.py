"""Every page runs under AppTest without an exception and shows the key numbers."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from apptest import open_page
from streamlit.testing.v1 import AppTest

from remit import corridors, impact

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("app_env")  # the real store, empty caches (conftest.py)


def at_money(usd: float) -> str:
    """US$ as the English pages write it (ui.widgets.money)."""
    return f"US$ {usd / 1e9:,.1f} bn" if abs(usd) >= 1e9 else f"US$ {usd / 1e6:,.0f} m"


def _latest(real_con: duckdb.DuckDBPyConnection, scope: str):
    summary = corridors.quarterly_summary(corridors.corridor_costs(real_con, scope)).dropna(subset=["corridors_n"])
    return summary.iloc[-1]


def test_overview_shows_the_focus_region_numbers(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page()
    assert at.title[0].value == "Where do remittances cost too much?"
    latest = _latest(real_con, "focus")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mean of corridor averages, 2021Q3"] == f"{latest['mean_of_corridor_averages_pct']:.2f}%"
    assert metrics["Corridors above 5%, 2021Q3"] == f"{int(latest['above_5pct_n'])} of 43"
    # money at stake: the corridor basis of impact.money_at_stake, the same totals as every page
    tot = impact.stake_totals(impact.money_at_stake(real_con, "focus", 3.0))
    assert metrics["Flow with a corridor cost, 2021"] == at_money(tot["covered_flow_usd"])
    assert metrics["Paid in fees and FX margins, a year"] == at_money(tot["cost_paid_usd"])
    assert metrics["Saving a year at 3%"] == at_money(tot["savings_usd"])
    assert [m.delta for m in at.metric if m.label.startswith("Most expensive corridor")] == ["Türkiye → Bulgaria"]
    assert any("How much money is at stake?" in h.value for h in at.header)
    assert any("2021Q3, " in m.value and "years ago" in m.value for m in at.markdown)  # the quarter says its age
    assert any("Global Average" in c.value and "6.30% in 2021" in c.value for c in at.caption)
    captions = " ".join(c.value for c in at.caption)
    assert "Cite this:" in captions and "Remittance Prices Worldwide" in captions


def test_overview_draws_the_published_global_average(real_con: duckdb.DuckDBPyConnection) -> None:
    """The World Bank's Global Average per year (UN SDG database) is a line on the chart beside the mean of
    corridor averages, labelled as what it is, and the cite line names the UN database."""
    from remit import costs

    at = open_page()
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    (trace,) = [d for d in fig["data"] if d.get("name") == "Global Average, published (UN SDG database)"]
    published = costs.global_average(real_con)
    shown = published[published["year"].between(2011, 2021)]
    assert trace["y"] == list(shown["cost_pct"]) and 6.30 in trace["y"]
    assert "Mean of corridor averages" in [d.get("name") for d in fig["data"]]
    assert "UN SDG database" in trace["hovertemplate"]
    assert "SDG Global Database" in fig["layout"]["title"]["subtitle"]["text"]  # the chart's source line
    captions = " ".join(c.value for c in at.caption)
    assert (
        r"United Nations, SDG Global Database, indicator 10.c.1 \(series SI\_RMT\_COST\)" in captions
    )  # escaped Markdown
    assert "The dotted line is the World Bank's Global Average per year" in captions


def test_overview_switches_to_the_whole_world(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page()
    at.segmented_control(key="scope").set_value("World").run()
    assert not at.exception
    latest = _latest(real_con, "world")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Corridors above 5%, 2021Q3"] == f"{int(latest['above_5pct_n'])} of {int(latest['corridors_n'])}"
    assert int(latest["corridors_n"]) == 362
    assert any("all corridors" in m.value for m in at.markdown)


def test_data_and_methods_lists_every_source(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("views/data_methods.py")
    assert at.title[0].value == "Data & methods"
    table = at.dataframe[0].value
    n_sources = real_con.execute("SELECT count(*) FROM source").fetchone()[0]
    assert len(table) == n_sources and table["vintage"].notna().all()
    headers = [h.value for h in at.header]
    assert {"Sources", "How the numbers are computed", "Known gaps"} <= set(headers)
    assert any("377 corridors" in m.value for m in at.markdown)
    # the three measures, with the Tajikistan example computed from the store (METHODOLOGY.md)
    example = next(m.value for m in at.markdown if m.value.startswith("**Example, computed from the store:**"))
    assert "**2.55%** (coverage 85%)" in example and "**5.58%**" in example and "for 2020 is **7.21%**" in example
    # the country a published spelling or code stands for is named, never given as its code again
    names = at.dataframe[-1].value.set_index("Published as")["Country"]
    assert names["KSV"] == "Kosovo" and names["ROM"] == "Romania" and names["Cape Verde"] == "Cabo Verde"
    assert (names != at.dataframe[-1].value.set_index("Published as")["ISO3"]).all()


def test_sidebar_states_vintage_and_licence() -> None:
    at = open_page()
    text = " ".join(c.value for c in at.sidebar.caption)
    assert "CC BY 4.0" in text and "2021Q3" in text and "Data store built" in text
    # which corridors run past 2021, precisely
    assert "to 2025Q3 only for the 55 corridors to Bangladesh, India, Nepal, Philippines;" in text


def test_app_says_plainly_when_the_store_cannot_be_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "sources.toml").write_text("this is not toml [[[")
    monkeypatch.setenv("REMIT_DATA_DIR", str(bad))
    monkeypatch.setenv("REMIT_STORE", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value and "sources.toml" in at.error[0].value
