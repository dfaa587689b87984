"""The impact and savings pages under AppTest: no exception, the key numbers shown, the scenario driven."""

from __future__ import annotations

import json

import duckdb
import pytest
from apptest import metrics, ok, open_page

from remit import briefing, costs, impact, scenarios
from remit.scenarios import Scenario
from ui.widgets import money

IMPACT, WORLD = "views/impact.py", "views/savings_world.py"


pytestmark = pytest.mark.usefixtures("app_env")  # the real store, empty caches (conftest.py)


def _expected(con: duckdb.DuckDBPyConnection, members: tuple[str, ...], sc: Scenario) -> dict:
    return scenarios.totals(scenarios.apply(scenarios.scenario_inputs(con, members, 2021), sc), sc)


def test_impact_page_opens_on_the_focus_region(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(IMPACT)
    assert at.title[0].value == "What would cheaper remittances be worth?"
    assert at.selectbox(key="country").value == "Focus region (all 19 economies)"
    focus = next(a for a in scenarios.areas(real_con) if a.key == "focus")
    tot = _expected(real_con, focus.members, Scenario(years=5))
    m = metrics(at)
    assert m["Sent to the region, 2021"] == money(tot["flow_usd"])
    assert m["Paid in fees and FX margins, a year"] == money(tot["cost_paid_usd"])
    assert m["Saving a year at 3%"] == money(tot["savings_usd"])
    assert m["Saving over 5 years"] == money(tot["savings_period_usd"])
    assert any("left out" in w.value for w in at.warning)  # corridors without cost data are said, not hidden
    captions = " ".join(c.value for c in at.caption)
    assert "Cite this:" in captions and "Bilateral Remittance Matrix 2021" in captions
    assert at.code[0].value.startswith("Remittances to the focus region")
    headers = [h.value for h in at.header]
    assert "Where the money comes from" in headers


def test_tajikistan_scenario_in_a_few_clicks(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(IMPACT)
    at.selectbox(key="country").set_value("Tajikistan").run()
    ok(at)
    m = metrics(at)
    assert m["Sent to Tajikistan, 2021"] == "US$ 2.9 bn"
    assert m["Share of GDP, 2023"] == "38.4%"  # SOURCES.md spot check
    tot = _expected(real_con, ("TJK",), Scenario(years=5))
    assert m["Saving a year at 3%"] == money(tot["savings_usd"])
    warning = " ".join(w.value for w in at.warning)
    weighted = costs.country_cost(real_con, "TJK")  # the stand-in offered: the covered corridors' weighted cost
    offered = f"at Tajikistan's weighted cost ({weighted.weighted_pct:.2f}%, {weighted.period}, {weighted.age_years} years ago)"
    assert "46 of 48 corridors" in warning and offered in warning, warning
    age = costs.quarter_age_years("2021Q3")  # the quarter says its age, as on the rest of the page
    assert any(f"Russian Federation → Tajikistan (1.85%, 2021Q3, {age} years ago)" in s.value for s in at.success)
    # the corridor table in US$ million (its heading says so): its rows add up to the totals above
    table = at.dataframe[-1].value
    assert table["Saving (US$ million/yr)"].sum() * 1e6 == pytest.approx(tot["savings_usd"])
    assert table["Paid (US$ million/yr)"].sum() * 1e6 == pytest.approx(tot["cost_paid_usd"])

    at.toggle(key="fill").set_value(True).run()  # the visible switch: fill gaps at the covered corridors' cost
    ok(at)
    filled = _expected(real_con, ("TJK",), Scenario(years=5, use_country_average=True))
    assert metrics(at)["Saving a year at 3%"] == money(filled["savings_usd"])
    # the gaps pay the covered corridors' 2.04%: more is paid, nothing more is saved at 3% (the WDI 7.21% would)
    assert filled["cost_paid_usd"] > tot["cost_paid_usd"] and filled["savings_usd"] == pytest.approx(tot["savings_usd"])
    assert metrics(at)["Paid in fees and FX margins, a year"] == money(filled["cost_paid_usd"])
    assert not any("left out" in w.value for w in at.warning)
    table = at.dataframe[-1].value
    assert "weighted cost of the covered corridors" in set(table["Cost basis"])
    assert "receiving-country average" not in set(table["Cost basis"])  # never the unweighted WDI average
    # the gaps at the weighted cost: the same total as Savings by country's extended basis (remit.impact)
    ext = impact.stake_totals(impact.money_at_stake(real_con, ["TJK"], 3.0, extend_uncovered=True))
    assert filled["savings_usd"] == pytest.approx(ext["savings_usd"] + ext["savings_uncovered_usd"])

    at.segmented_control(key="goal").set_value("5%").run()
    ok(at)
    assert "Saving a year at 5%" in metrics(at)
    assert "Target:** 5% (the SDG 10.c corridor ceiling)" in " ".join(md.value for md in at.markdown)


def test_a_target_above_the_cost_saves_nothing_and_says_so() -> None:
    at = open_page(IMPACT, country="Kosovo")
    at.segmented_control(key="goal").set_value("Your value").run()
    at.number_input(key="target").set_value(10.0).run()
    ok(at)
    assert metrics(at)["Saving a year at 10%"] == "US$ 0"
    success = " ".join(s.value for s in at.success)
    age = costs.quarter_age_years("2021Q3")
    assert "already meet the target" in success and f"Germany → Kosovo (5.38%, 2021Q3, {age} years ago)" in success


@pytest.mark.parametrize("code", ["KSV", "XKX", "Kosovo", "xkx"])
def test_kosovo_opens_from_a_link_with_either_code(code: str) -> None:
    at = open_page(IMPACT, country=code)
    assert at.selectbox(key="country").value == "Kosovo"
    assert "Sent to Kosovo, 2021" in metrics(at)
    assert not any("No receiving country" in w.value for w in at.warning)


def test_an_unknown_country_in_a_link_is_said() -> None:
    at = open_page(IMPACT, country="Atlantis")
    assert any("No receiving country or region called 'Atlantis'" in w.value for w in at.warning)


@pytest.mark.slow  # a robustness run at scale: not in the fast tier
def test_every_focus_economy_works(real_con: duckdb.DuckDBPyConnection) -> None:
    names = [
        r[0]
        for r in real_con.execute("SELECT name FROM country WHERE focus_subregion IS NOT NULL ORDER BY 1").fetchall()
    ]
    assert len(names) == 19
    at = open_page(IMPACT)
    for name in names:
        at.selectbox(key="country").set_value(name).run()
        ok(at)
        assert f"Sent to {name}, 2021" in metrics(at), name


def test_every_input_is_visible_and_unavailable_levers_say_why() -> None:
    at = open_page(IMPACT, country="TJK")
    for key in ("year", "period"):
        assert at.selectbox(key=key) is not None
    assert at.toggle(key="fill").label.startswith("Use the covered corridors' weighted cost")
    assert at.toggle(key="scale").label == "Scale the modelled flows to the latest WDI total"
    assert at.number_input(key="growth").value == 0.0 and at.slider(key="years").value == 5
    assert at.segmented_control(key="goal_provider").disabled  # SmaRT and cheapest service, shown disabled
    assert at.slider(key="shift_off").disabled
    captions = " ".join(c.value for c in at.caption)
    assert "Not available here. **SmaRT and cheapest service** targets" in captions
    assert "Not available here. **Bank or cash → digital services**: It needs the average cost" in captions


def test_the_bank_to_mto_lever_works_where_the_data_has_the_split(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(IMPACT, country="IND")
    assert at.radio(key="shift_kind").value == "bank_to_mto"
    before = _expected(real_con, ("IND",), Scenario(years=5))
    at.slider(key="shift").set_value(50).run()
    ok(at)
    after = _expected(real_con, ("IND",), Scenario(years=5, shift="bank_to_mto", shift_share_pct=50))
    assert after["savings_usd"] > before["savings_usd"]
    assert metrics(at)["Saving a year at 3% + shift"] == money(after["savings_usd"])
    assert any("only the shift between service types can" in s.value for s in at.success)


def test_scaling_and_a_single_quarter(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(IMPACT, country="TJK")
    at.toggle(key="scale").set_value(True).run()
    ok(at)
    assert "Sent to Tajikistan, 2024" in metrics(at)  # the modelled shares of 2021 x the 2024 WDI total
    at.selectbox(key="period").set_value("2019Q4").run()
    ok(at)
    assert "Costs:** RPW corridor average for sending USD 200, 2019Q4" in " ".join(m.value for m in at.markdown)


def test_world_ranking(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(WORLD)
    assert at.title[0].value == "What would a cut in costs be worth, country by country?"
    # default: the flow with a corridor cost, from the one function behind every page's totals
    stake = impact.money_at_stake(real_con, "world", 3.0)
    m = metrics(at)
    assert m["Saving a year at 3%"] == money(impact.stake_totals(stake)["savings_usd"])
    priced = stake[stake["corridors_n"] > 0]  # the economies without a priced corridor have no saving to rank
    assert m["Economies already at or below 3%"] == f"{int((priced['savings_usd'] == 0).sum())} of {len(priced)}"
    # every cost's quarter comes with its age: an old price (2012Q3) is not read as a current one
    table = at.dataframe[0].value
    assert table["age_years"].tolist() == [costs.quarter_age_years(q) for q in table["cost_periods"]]
    at.toggle(key="fill").set_value(True).run()  # the uncovered flow at the covered corridors' weighted cost
    ok(at)
    extended = impact.money_at_stake(real_con, "world", 3.0, extend_uncovered=True)
    total = impact.stake_totals(extended)
    assert metrics(at)["Saving a year at 3%"] == money(total["savings_usd"] + total["savings_uncovered_usd"])
    at.segmented_control(key="rank").set_value("% of GDP").run()
    ok(at)
    at.toggle(key="fill").set_value(False).run()
    at.segmented_control(key="basis").set_value("Whole inflow").run()
    ok(at)
    whole = scenarios.country_savings(real_con, 3.0)
    assert metrics(at)["Saving a year at 3%"] == money(whole["savings_usd"].sum())
    at.segmented_control(key="economies").set_value("Focus region").run()
    ok(at)
    assert len(at.dataframe[0].value) <= 19
    # What the data lacks is one short line naming the series it would need, not a box.
    assert not at.info
    assert any("DT.ODA.ODAT.CD" in c.value and "BX.KLT.DINV.CD.WD" in c.value for c in at.caption)


def test_a_target_in_the_link_opens_as_your_value() -> None:
    at = open_page(IMPACT, country="TJK", target="4")
    assert at.segmented_control(key="goal").value == "Your value"
    assert at.number_input(key="target").value == 4.0
    assert "Saving a year at 4%" in metrics(at)


def test_without_any_cost_data_the_page_says_so() -> None:
    at = open_page(IMPACT, country="Kosovo")
    at.selectbox(key="period").set_value("2011Q1").run()  # Kosovo's corridors start in 2015Q4
    ok(at)
    assert any("None of the corridors into Kosovo has cost data in 2011Q1" in w.value for w in at.warning)
    assert metrics(at)["Saving a year at 3%"] == "–"
    assert "has cost data in 2011Q1" in at.code[0].value
    at.selectbox(key="country").set_value("Montenegro").run()  # no corridor at all
    ok(at)
    assert any("None of the corridors into Montenegro has cost data" in w.value for w in at.warning)
    at.selectbox(key="country").set_value("Turkmenistan").run()  # WDI writes 0 for every year
    ok(at)
    assert "Received in 1996" in metrics(at)


def test_the_comparison_table_lists_only_measures_with_a_figure() -> None:
    at = open_page(IMPACT, country="TJK")
    table = at.dataframe[0].value
    assert "not in the data" not in set(table["Value"])
    assert not any("Aid" in m or "investment" in m for m in table["Measure"])
    assert "How remittances compare with the economy" in [s.value for s in at.subheader]
    captions = " ".join(c.value for c in at.caption)
    assert "DT.ODA.ODAT.CD" in captions and "BX.KLT.DINV.CD.WD" in captions
    assert not any("DT.ODA.ODAT.CD" in i.value for i in at.info)
    assert "once the data build" not in captions


def test_the_briefing_counts_the_corridors_above_the_target(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(IMPACT)
    focus = next(a for a in scenarios.areas(real_con) if a.key == "focus")
    tot = _expected(real_con, focus.members, Scenario(years=5))
    text = at.code[0].value
    above, costed = tot["corridors_above_target_n"], tot["corridors_above_target_n"] + tot["corridors_meeting_target_n"]
    assert f"{above} of the {costed} corridors with a cost figure cost more than 3%" in text
    assert f"If those fell to 3%, recipients would keep about {briefing.amount(tot['savings_usd'])} more" in text
    assert "already cost 3% or less: Russian Federation →" in text


@pytest.mark.parametrize(
    ("page", "query", "said"),
    [
        (WORLD, {"target": "-5"}, ["target '-5'", "from 0 to 30", "Showing 3%"]),
        (WORLD, {"rank": "Mars"}, ["ranking 'Mars'"]),
        (IMPACT, {"target": "abc"}, ["target 'abc'", "not a number", "Showing 3%"]),
        (IMPACT, {"country": "TJK", "period": "1999Q1", "years": "40"}, ["'1999Q1'", "number of years '40'"]),
    ],
)
def test_a_bad_value_in_a_link_is_said(page: str, query: dict, said: list[str]) -> None:
    at = open_page(page, **query)
    warned = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown escapes (\-5) are not shown
    for text in said:
        assert text in warned, (text, warned)


def test_the_savings_chart_title_has_the_unit_of_its_bars() -> None:
    at = open_page(WORLD)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    title = fig["layout"]["title"]["text"]
    assert title == "Saving at 3% (US$ million a year)", title
    assert fig["layout"]["xaxis"]["title"]["text"] == "US$ million a year"


def test_overview_impact_and_savings_show_the_same_totals(real_con: duckdb.DuckDBPyConnection) -> None:
    """One source of the totals (remit.impact.money_at_stake): the focus region at 3% on the flow with a
    corridor cost, each economy's latest quarter. Overview, Savings by country (focus rows) and What lower
    costs are worth (metrics, the assumptions line and the briefing) show the same figures."""
    tot = impact.stake_totals(impact.money_at_stake(real_con, "focus", 3.0))
    overview = metrics(open_page())
    assert overview["Paid in fees and FX margins, a year"] == money(tot["cost_paid_usd"])
    assert overview["Saving a year at 3%"] == money(tot["savings_usd"])
    world = open_page(WORLD)
    world.segmented_control(key="economies").set_value("Focus region").run()
    ok(world)
    assert metrics(world)["Saving a year at 3%"] == money(tot["savings_usd"])
    assert metrics(world)["Paid in fees and FX margins now, a year"] == money(tot["cost_paid_usd"])
    page = open_page(IMPACT)
    m = metrics(page)
    assert m["Paid in fees and FX margins, a year"] == money(tot["cost_paid_usd"])
    assert m["Saving a year at 3%"] == money(tot["savings_usd"])
    lines = " ".join(md.value for md in page.markdown)
    assert f"**Weighted cost now:** {tot['weighted_cost_pct']:.2f}%" in lines
    # the region's coverage counts the economies without any priced corridor too, in remit.costs for the members
    # and in stake_totals alike (money_at_stake lists those economies with their uncovered inflow)
    focus = next(a for a in scenarios.areas(real_con) if a.key == "focus")
    region = costs.country_cost(real_con, focus.members)
    assert region.weighted_pct == pytest.approx(tot["weighted_cost_pct"])
    assert region.coverage_pct == pytest.approx(tot["coverage_pct"])
    assert f"{region.coverage_pct:.0f}% of the flow" in lines
    text = page.code[0].value
    assert f"For {region.coverage_pct:.0f}% of this flow ({briefing.amount(tot['covered_flow_usd'])})" in text
    assert f"pay about {briefing.amount(tot['cost_paid_usd'])} a year" in text
    assert f"on average {tot['weighted_cost_pct']:.2f}% of the amount sent (weighted by flow)" in text
    assert f"recipients would keep about {briefing.amount(tot['savings_usd'])} more" in text
    assert "(2021Q3, " in text and " years ago)" in text  # the cost quarter says its age


def test_four_countries_read_the_same_everywhere(real_con: duckdb.DuckDBPyConnection, real_store, tmp_path) -> None:
    """Done when (issue 16): for Tajikistan, Kyrgyzstan, Moldova and Kosovo the weighted cost, the coverage and
    the saving at 3% read the same on Country profile, Map hover, Impact, Savings by country, the handout and the
    CLI, each computed through that page's (or the CLI's, or the handout's) own path."""
    from pypdf import PdfReader
    from remit_cli import remit_cli

    from remit.handout import country_line, handout
    from remit.i18n import Translator
    from remit.messages import CompactMoney

    en = Translator("en")
    stake = impact.money_at_stake(real_con, "world", 3.0).set_index("iso3")
    geo_map = json.loads(open_page("views/cost_map.py").get("plotly_chart")[0].proto.spec)
    # the hover's data by country name: the shapes and the dots (Kosovo has no shape in the geometry)
    hover = {row[0]: row for trace in geo_map["data"] for row in trace.get("customdata", [])}
    world = open_page(WORLD).dataframe[0].value.set_index("name")
    for iso in ("TJK", "KGZ", "MDA", "XKX"):
        c = costs.country_cost(real_con, iso)
        row = stake.loc[iso]
        weighted, coverage, saving = c.weighted_pct, c.coverage_pct, row["savings_usd"]
        assert row["weighted_cost_pct"] == pytest.approx(weighted) and row["coverage_pct"] == pytest.approx(coverage)
        name = row["name"]
        # Country profile (AppTest metrics and the three-measures line)
        profile = open_page("views/country_profile.py", country=iso)
        ok(profile)
        m = metrics(profile)
        assert m[f"Cost of sending to it, {c.period}"] == f"{weighted:.2f}%", iso
        assert m["Saving a year at 3%"] == money(saving), iso
        assert f"coverage {coverage:.0f}% of the modelled flow" in " ".join(x.value for x in profile.caption), iso
        # Map hover: flow-weighted cost and coverage in the hover's data
        assert hover[name][5] == pytest.approx(weighted) and hover[name][6] == pytest.approx(coverage), iso
        # What lower costs are worth: the metric, the weighted cost and the coverage beside it
        page = open_page(IMPACT, country=iso)
        ok(page)
        assert metrics(page)["Saving a year at 3%"] == money(saving), iso
        lines = " ".join(md.value for md in page.markdown)
        assert f"**Weighted cost now:** {weighted:.2f}%" in lines and f"{coverage:.0f}% of the flow" in lines, iso
        # Savings by country: the economy's row
        shown = world.loc[name]
        assert shown["weighted_cost_pct"] == pytest.approx(weighted), iso
        assert shown["coverage_pct"] == pytest.approx(coverage), iso
        assert shown["savings_usd"] * 1e6 == pytest.approx(saving), iso  # the table is in US$ million
        # The handout: the receiving country's line, read back from the PDF
        pdf = tmp_path / f"{iso}.pdf"
        pdf.write_bytes(
            handout(
                en,
                sending_name="Russian Federation",
                receiving_name=name,
                amount=15000,
                currency="RUB",
                history=[(c.period, 2.0)],
                source="test",
                link="https://remit.example.org/learn",
                country=country_line(next(stake.loc[[iso]].reset_index().itertuples())),
            )
        )
        pages = PdfReader(pdf).pages
        assert len(pages) == 1, iso  # the line keeps the handout on one A4 page
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
        assert f"{weighted:.2f}% on average, weighted by the money sent" in text, iso
        assert f"{coverage:.0f}% of the money sent there has a price" in text, iso
        assert f"keep about {en.render(CompactMoney(saving))} more a year" in text, iso
        # The CLI's JSON
        out = remit_cli("country", iso, "--json", store=real_store)
        assert out.returncode == 0, out.stderr
        p = json.loads(out.stdout)
        assert p["cost_to_weighted_pct"] == pytest.approx(weighted) and p["coverage_pct"] == pytest.approx(coverage)
        assert p["savings_usd"] == pytest.approx(saving) and p["savings_target_pct"] == 3.0


def test_the_savings_table_shows_the_saving_beside_the_pinned_name() -> None:
    """On a phone only the column after the pinned name is in view: it was the flow year, the saving eleven
    columns off the screen."""
    at = open_page(WORLD)
    table = next(d for d in at.dataframe if "savings_usd" in d.value.columns)
    assert list(table.value.columns[:2]) == ["name", "savings_usd"]
    assert json.loads(table.proto.columns)["name"]["pinned"] is True
