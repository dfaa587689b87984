"""The policymaker pages (Corridors, Map, Regions, Country profile) under AppTest: no exception, the key
numbers shown, the main interactions, and links that reproduce a view."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from apptest import metrics, ok, open_page
from streamlit.testing.v1 import AppTest

from remit import charts, costs, explorer

pytestmark = pytest.mark.usefixtures("app_env")  # the real store, empty caches (conftest.py)


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_corridors_page_defaults_and_ranking(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("views/corridor_explorer.py")
    assert at.title[0].value == "Corridors"
    assert at.multiselect(key="corridors").value == ["RUS-TJK", "RUS-UZB", "RUS-KGZ", "DEU-TJK"]
    # The ranking opens on the focus region (not South Africa -> China), its ranks still among all corridors.
    focus = explorer.filter_corridors(explorer.ranking(real_con, "2021Q3"), focus_only=True)
    assert at.segmented_control(key="scope").value == "Focus region"
    m = metrics(at)
    # 2021Q3 (UN SDG database) is the latest quarter with every corridor
    assert m["Corridors shown, 2021Q3"] == f"{len(focus)} of 362" and 0 < len(focus) < 362
    assert m["Above 5%"] == f"{(focus['total_cost_pct_200'] > 5).sum()} of {len(focus)}"
    assert "Cite this:" in _captions(at) and "Remittance Prices Worldwide" in _captions(at)
    moved = at.dataframe[0].value.set_index("label")
    assert moved.at["Russian Federation → Tajikistan", "period_first"] == "2011Q1"
    ranking = at.dataframe[1].value
    assert list(ranking["corridor"]) == list(focus["corridor"]) and "ZAF-CHN" not in set(ranking["corridor"])
    assert ranking["rank"].iloc[0] > 1  # its rank among all 367
    # the columns before the two changes take no fixed width (in Russian the 5-year change was cut at 1400 px)
    config = json.loads(at.dataframe[1].proto.columns)
    before = list(config)[: list(config).index("change_5y_pp") + 1]
    assert not [c for c in before if config[c].get("width")], before
    # No fee/FX split for these corridors in the shipped data: said plainly, with an example link.
    assert any("only for the 55 corridors" in i.value for i in at.info)
    # The world is one click away, and the link keeps it.
    at.segmented_control(key="scope").set_value("World").run()
    m = metrics(at)
    assert m["Corridors shown, 2021Q3"] == "362 of 362"
    assert m["Above 5%"] == "230 of 362" and m["Below 3%"] == "36 of 362"
    assert m["Mean of corridor averages"] == "6.52%"
    assert at.dataframe[1].value["rank"].iloc[0] == 1 and at.query_params["scope"] == "World"
    assert metrics(open_page("views/corridor_explorer.py", scope="World"))["Corridors shown, 2021Q3"] == "362 of 362"


def test_a_ranking_link_made_before_the_scope_keeps_every_corridor() -> None:
    """?recv=IND named every corridor to India; with no ?scope= it still does (India is outside the focus
    region); an explicit ?scope= wins."""
    at = open_page("views/corridor_explorer.py", recv="IND")
    assert at.segmented_control(key="scope").value == "World" and len(at.dataframe[1].value) > 5
    at = open_page("views/corridor_explorer.py", recv="IND", scope="Focus region")
    assert at.dataframe[1].value.empty and any("choose World" in i.value for i in at.info)


def test_corridors_page_filters_the_ranking_and_keeps_codes_in_the_url() -> None:
    at = open_page("views/corridor_explorer.py", scope="World")
    at.multiselect(key="recv").set_value(["TJK", "KGZ"]).run()
    assert not at.exception
    assert metrics(at)["Corridors shown, 2021Q3"] == "4 of 362"
    assert metrics(at)["Above 5%"] == "1 of 4"  # DEU-KGZ 6.41 (DEU-TJK 4.36 in 2021Q3)
    assert at.query_params["recv"] == "TJK,KGZ"
    at.toggle(key="above5").set_value(True).run()
    assert sorted(at.dataframe[1].value["corridor"]) == ["DEU-KGZ"]
    at.selectbox(key="period").set_value("2015Q3").run()
    assert not at.exception and metrics(at)["Corridors shown, 2015Q3"].endswith("of 227")


def test_corridors_link_reproduces_the_view() -> None:
    at = open_page("views/corridor_explorer.py", corridors="usa-ind,ARE-IND,RUS-DEU", amount="USD 500")
    assert at.multiselect(key="corridors").value == ["USA-IND", "ARE-IND"]
    assert any("RUS-DEU" in w.value for w in at.warning)  # unknown codes are named, not dropped silently
    titles = [c.value for c in at.subheader]
    assert "What the cost is made of" in titles
    assert not any("only for the 55 corridors" in i.value for i in at.info)  # these have the split
    assert at.segmented_control(key="amount").value == "USD 500"
    # the moves table shows the change beside the two costs it compares (it was cut off at 1400 px)
    moved = at.dataframe[0].value
    assert list(moved.columns[:4]) == ["label", "first_total_cost_pct_500", "latest_total_cost_pct_500",
                                        "change_since_first_pp"]  # fmt: skip


def test_overview_and_corridors_share_the_region_choice_across_pages() -> None:
    """Both pages keep ?scope=: the choice made on one is the other's, and neither starts empty (a widget of
    another page with the same key once left Overview with no region and an error)."""
    at = open_page("views/corridor_explorer.py")
    at.segmented_control(key="scope").set_value("World").run()
    at.switch_page("views/overview.py").run()
    assert not at.exception and at.segmented_control(key="scope").value == "World"
    at.switch_page("views/corridor_explorer.py").run()
    assert not at.exception and metrics(at)["Corridors shown, 2021Q3"] == "362 of 362"


def test_the_usd_500_switch_is_offered_only_for_corridors_with_usd_500_data() -> None:
    at = open_page("views/corridor_explorer.py", amount="USD 500")  # the default corridors: no USD 500 figures
    assert not [c for c in at.segmented_control if c.key == "amount"]
    assert any("Amount sent: USD 200" in c.value and "none of them chosen" in c.value for c in at.caption)
    assert "amount" not in at.query_params
    assert at.subheader[0].value == "How they have moved: sending USD 200"
    at.multiselect(key="corridors").set_value(["RUS-TJK", "USA-IND"]).run()
    assert at.segmented_control(key="amount").value == "USD 200"  # offered again, once a corridor has them
    at.segmented_control(key="amount").set_value("USD 500").run()
    assert not at.exception and at.subheader[0].value == "How they have moved: sending USD 500"


def test_map_page_both_directions_and_zoom(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("views/cost_map.py")
    assert at.title[0].value.startswith("Map")
    focus = explorer.map_data(real_con, "2021Q3", "receiving")
    focus = focus[focus["focus_subregion"].notna()]
    above = int((focus["weighted_cost_pct"] > 5).sum())  # coloured by the flow-weighted cost by default
    assert metrics(at)["Receiving countries above 5% on average"] == f"{above} of {len(focus)}"
    hover = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["hovertemplate"]
    assert "flow-weighted" in hover and "coverage" in hover
    at.segmented_control(key="measure").set_value("Mean of corridor averages").run()
    mean_above = int((focus["mean_of_corridor_averages_pct"] > 5).sum())
    assert metrics(at)["Receiving countries above 5% on average"] == f"{mean_above} of {len(focus)}"
    assert "Kosovo (XKX)" in _captions(at)  # no shape in the geometry: said, and drawn as a dot
    at.segmented_control(key="side").set_value("from each country").run()
    assert not at.exception
    assert "Sending countries above 5% on average" in metrics(at)
    at.selectbox(key="view").set_value("World").run()
    table = at.dataframe[0].value
    assert not at.exception and len(table) == 46  # every sending country in 2021Q3


def test_regions_page_groups_and_sdg_picture() -> None:
    at = open_page("views/regional.py")
    m = metrics(at)
    assert m["Above 5%, 2021Q3"] == "230 of 362" and m["Below 3%, 2021Q3"] == "36 of 362"
    assert m["From 3% to 5%, 2021Q3"] == "96 of 362"
    latest = at.dataframe[0].value
    assert latest["corridors_n"].sum() == 362
    assert f"{costs.age_message('2021Q3')}: by receiving region" in [s.value for s in at.subheader]  # with its age
    at.segmented_control(key="by").set_value("Sending income group").run()
    assert not at.exception
    at.selectbox(key="sdg_group").set_value("High income").run()
    high = metrics(at)["Above 5%, 2021Q3"]
    assert not at.exception and not high.endswith("of 362")
    assert "The set of corridors grows over time" in _captions(at)
    at.toggle(key="constant").set_value(True).run()
    assert not at.exception and "The set of corridors grows over time" not in _captions(at)


def test_country_profile_answers_the_four_questions() -> None:
    at = open_page("views/country_profile.py")
    assert at.selectbox(key="country").value == "TJK"
    m = metrics(at)
    assert m["Received, % of GDP, 2023"] == "38.4%"
    assert m["Corridors to it above 5%"] == "0 of 2"  # the quarter is in the help text, not a cut-off label
    # the flow-weighted cost (METHODOLOGY.md), beside the mean of corridors and the published average
    assert m["Cost of sending to it, 2021Q3"] == "2.04%"
    three = next(c.value for c in at.caption if c.value.startswith("**Sending to it**"))
    assert f"2021Q3, {costs.quarter_age_years('2021Q3')} years ago" in three
    assert "flow-weighted 2.04% (coverage 85% of the modelled flow, 2021 estimates)" in three
    assert "mean of 2 corridor averages 3.11%" in three and "published average 2.99% (2021, UN SDG database)" in three
    headers = [h.value for h in at.header]
    assert {"Corridors to Tajikistan", "Compared with Central Asia", "Biggest partners (modelled estimates)"} <= set(
        headers
    )
    assert any("modelled estimates" in md.value for md in at.markdown)
    at.selectbox(key="country").set_value("KGZ").run()
    assert not at.exception
    assert metrics(at)["Received, % of GDP, 2023"] == "20.4%"
    assert at.query_params["country"] == "KGZ"


def test_country_link_accepts_rpw_code_for_kosovo() -> None:
    at = open_page("views/country_profile.py", country="ksv")
    assert at.selectbox(key="country").value == "XKX"
    assert "Corridors to Kosovo" in [h.value for h in at.header]


def _figures(at: AppTest) -> list[dict]:
    """The plotly figures a page drew, as plotly JSON."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_a_sending_country_shows_every_corridor_at_its_own_latest_quarter(real_con: duckdb.DuckDBPyConnection) -> None:
    """Germany's corridors end in 2020Q3, except DEU-IND (2025Q3): none may vanish because one is newer."""
    status = explorer.corridor_status(explorer.country_corridors(real_con, "DEU"))
    frm = status[status["direction"] == "from"]
    assert frm["period_latest"].nunique() > 1  # the case that was cut down to one corridor
    above = int((frm["total_cost_pct_200"] > 5).sum())
    at = open_page("views/country_profile.py", country="DEU")
    m = metrics(at)
    assert m["Corridors from it above 5%"] == f"{above} of {len(frm)}" and m["Corridors to it"] == "none surveyed"
    bars = _figures(at)[0]
    assert bars["layout"]["title"]["text"] == "By receiving country (% of USD 200)"
    labels = list(bars["data"][0]["y"])
    assert len(labels) == len(frm) and "India (2025Q3)" in labels and "Tajikistan" in labels
    # Compared with the other SENDING countries of its region, Germany among them (in blue).
    assert "Compared with Europe & Central Asia" in [h.value for h in at.header]
    assert "compared with the other sending countries" in _captions(at)
    near = next(f for f in _figures(at) if f["layout"]["title"]["text"].startswith("Cost of sending USD 200 from"))
    bar = near["data"][0]
    assert bar["marker"]["color"][list(bar["y"]).index("Germany")] == "#1f5fa8"


def test_no_internal_notes_or_code_names_on_the_policy_pages() -> None:
    for page, params, title, said in (
        ("views/country_profile.py", {"country": "TJK"}, "Country profile", "2 corridors to Tajikistan"),
        ("views/corridor_explorer.py", {"corridors": "USA-IND,ARE-IND"}, "Corridors", "(FX) margin is already part"),
        ("views/cost_map.py", {}, "Map: the cost of sending money", "**Drawn as a dot:** Kosovo (XKX)"),
        ("views/regional.py", {}, "Regions and income groups", "**Not classified:** Netherlands Antilles"),
    ):
        at = open_page(page, **params)
        text = " ".join(e.value for kind in ("caption", "markdown", "info", "warning") for e in getattr(at, kind))
        # The page drew its own notes (so the absence below is checked on a page that has text).
        assert at.title[0].value.startswith(title) and said in text and at.metric, (page, said)
        for word in ("METHODOLOGY", "_calc", "wdi_cost_to_country_pct", "python -m remit", "once the data build"):
            assert word not in text, (page, word)


@pytest.mark.parametrize(
    ("page", "params", "said"),
    [
        ("views/cost_map.py", {"period": "2030Q1", "view": "Mars"}, ["'2030Q1'", "Showing 2021Q3", "'Mars'"]),
        ("views/corridor_explorer.py", {"period": "1999Q1"}, ["'1999Q1'", "Showing 2021Q3"]),
        ("views/corridor_explorer.py", {"amount": "USD 900"}, ["'USD 900'", "Showing USD 200"]),
        ("views/regional.py", {"by": "foo"}, ["grouping 'foo'", "Showing Receiving region"]),
        ("views/regional.py", {"constant": "maybe"}, ["'maybe'"]),
    ],
)
def test_a_bad_value_in_a_link_is_said_not_dropped_silently(page: str, params: dict, said: list[str]) -> None:
    at = open_page(page, **params)
    warned = " ".join(w.value for w in at.warning)
    for text in said:
        assert text in warned, (text, warned)


def _choices(at: AppTest) -> dict[str, object]:
    """The values of the page's keyed select boxes, segmented controls and toggles."""
    kinds = ("selectbox", "segmented_control", "toggle", "multiselect")
    return {w.key: w.value for kind in kinds for w in getattr(at, kind) if w.key}


def test_good_links_raise_no_warning() -> None:
    for page, params, chosen in (
        ("views/cost_map.py", {"period": "2019Q3", "view": "World", "side": "from each country"}, {}),
        ("views/regional.py", {"by": "Sending income group", "constant": "true"}, {"constant": True}),
        (
            "views/corridor_explorer.py",
            {"corridors": "USA-IND,ARE-IND", "period": "2025Q3", "amount": "USD 500"},
            {"corridors": ["USA-IND", "ARE-IND"]},
        ),
    ):
        at = open_page(page, **params)
        assert not [w.value for w in at.warning if "Ignored" in w.value], page
        # ... and the link was followed: each value is the one its widget shows.
        expected = {key: chosen.get(key, value) for key, value in params.items()}
        assert {key: _choices(at).get(key) for key in params} == expected, page


def test_corridor_changes_follow_the_amount_chosen(real_con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("views/corridor_explorer.py", corridors="USA-IND,ARE-IND", amount="USD 500")
    assert "How they have moved: sending USD 500" in [s.value for s in at.subheader]
    moved = at.dataframe[0].value.set_index("label")
    hist = explorer.histories(real_con, ["USA-IND"]).dropna(subset=["total_cost_pct_500"])
    assert moved.at["United States → India", "latest_total_cost_pct_500"] == pytest.approx(
        hist["total_cost_pct_500"].iloc[-1]
    )
    assert "latest_total_cost_pct_200" not in moved.columns
    # The count of corridors beyond 2020Q3 is computed, and says how many the newest quarter has.
    helps = " ".join(w.help or "" for w in at.segmented_control)
    periods = explorer.periods(real_con)
    assert f"({periods['corridors_n'].iloc[-1]} in {periods['period'].iloc[-1]})" in helps


def test_banks_and_mtos_are_not_drawn_in_the_sdg_colours() -> None:
    at = open_page("views/corridor_explorer.py", corridors="USA-IND")
    firm = next(f for f in _figures(at) if f["layout"]["title"]["text"].startswith("Banks vs money transfer"))
    colours = {t["line"]["color"] for t in firm["data"] if t.get("line")}
    assert colours and not colours & {charts.RED, charts.GREEN}


def test_regions_show_the_flow_weighted_cost_beside_the_mean(real_con: duckdb.DuckDBPyConnection) -> None:
    """remit.costs for each region's economies, with coverage and the quarter's age, labelled, with the why line."""
    from remit import costs

    at = open_page("views/regional.py")
    ok(at)
    assert "Weighted by the money sent, by receiving region" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "weighted_pct" in d.value.columns)
    assert list(table.columns[:2]) == ["group", "weighted_pct"]  # in view beside the pinned group on a phone
    table = table.set_index("group")
    expected = costs.group_costs(real_con, "receiving_region").set_index("group")
    assert table.loc["South Asia", "weighted_pct"] == pytest.approx(expected.loc["South Asia", "weighted_pct"])
    assert table.loc["South Asia", "coverage_pct"] == pytest.approx(expected.loc["South Asia", "coverage_pct"])
    assert table.loc["South Asia", "unweighted_mean_pct"] == pytest.approx(
        expected.loc["South Asia", "unweighted_mean_pct"]
    )
    assert table.loc["South Asia", "period"] == str(costs.age_message("2021Q3"))
    assert "counts each corridor by the money sent through it" in _captions(at)
    # a sending grouping weighs the corridors from its economies
    at.segmented_control(key="by").set_value("Sending region").run()
    ok(at)
    assert "Weighted by the money sent, by sending region" in [s.value for s in at.subheader]


def test_regions_flag_small_groups_and_name_not_classified() -> None:
    at = open_page("views/regional.py", by="Sending income group", constant="true")
    assert "Not drawn:** Lower middle income: 3 corridors" in _captions(at)
    lines = _figures(at)[0]
    names = [t["name"] for t in lines["data"] if t.get("mode") == "lines+markers"]
    assert names and all("corridors" in n for n in names) and not any(n.startswith("Lower middle") for n in names)
    at = open_page("views/regional.py", by="Receiving region")
    assert "Not classified:** Netherlands Antilles" in _captions(at)


def test_regions_data_notes_sit_below_the_chart_and_each_region_keeps_its_colour() -> None:
    """The 'Netherlands Antilles' notes are in an expander under the chart, not between heading and chart;
    Europe & Central Asia and Sub-Saharan Africa are drawn in their own, distinct colours."""
    at = open_page("views/regional.py", by="Receiving region")
    notes = [e for e in at.expander if "not drawn" in e.label]
    assert len(notes) == 1 and "Netherlands Antilles" in " ".join(c.value for c in notes[0].caption)
    kinds = [b.type for b in at.main.children.values()]  # the page's elements in order
    assert kinds[kinds.index("header") + 1] == "plotly_chart"  # the chart right under its heading
    assert kinds.index("plotly_chart") < kinds.index("expander")
    lines = _figures(at)[0]
    colour = {t["name"].split(":")[0]: t["line"]["color"] for t in lines["data"] if t.get("mode") == "lines+markers"}
    assert colour["Europe & Central Asia"] == charts.GROUP_COLOURS["Europe & Central Asia"]
    assert colour["Sub-Saharan Africa"] == charts.GROUP_COLOURS["Sub-Saharan Africa"]
    assert len(set(colour.values())) == len(colour)


def test_map_from_each_country_covers_the_senders_to_the_focus_region() -> None:
    at = open_page("views/cost_map.py", side="from each country")
    table = at.dataframe[0].value
    assert {"Germany", "Switzerland", "Austria"} <= set(table["name"])
    geo = _figures(at)[0]["layout"]["geo"]
    assert geo["lonaxis"]["range"][0] <= -10  # the view reaches Western Europe
    legend = [t["name"] for t in _figures(at)[0]["data"] if t.get("showlegend")]
    assert legend == ["Below 3%", "3% to 5%", "5% to 10%", "10% or more", "No corridor data"]


def test_overview_names_the_most_expensive_corridor(real_con: duckdb.DuckDBPyConnection) -> None:
    """The tile gives the corridor with its cost, not a cost alone, in the focus region and the world."""
    at = open_page("views/overview.py")
    focus = explorer.filter_corridors(explorer.ranking(real_con, "2021Q3"), focus_only=True).iloc[0]
    tile = next(m for m in at.metric if m.label == "Most expensive corridor, 2021Q3")
    assert tile.value == f"{focus['total_cost_pct_200']:.1f}%"
    assert tile.delta == f"{focus['sending_name']} → {focus['receiving_name']}"
    at.segmented_control(key="scope").set_value("World").run()
    world = explorer.ranking(real_con, "2021Q3").iloc[0]
    tile = next(m for m in at.metric if m.label == "Most expensive corridor, 2021Q3")
    assert tile.value == f"{world['total_cost_pct_200']:.1f}%"
    assert tile.delta == f"{world['sending_name']} → {world['receiving_name']}"


def test_overview_money_table_says_a_shared_quarter_once_so_every_column_fits() -> None:
    """The money-at-stake table ran past the screen at 1400 px (ten columns, the saving cut off): a quarter and
    flow year every row shares are said once, with the quarter's age, and not repeated in columns."""
    at = open_page("views/overview.py")
    table = next(d.value for d in at.dataframe if "covered_flow_usd" in d.value.columns)
    assert list(table.columns[:2]) == ["name", "savings_usd"]  # the saving in view beside the name on a phone
    assert not {"period", "weights_year", "published_year"} & set(table.columns)
    assert any(
        c.value.startswith("Every cost in the table is of 2021Q3, ") and "years ago" in c.value for c in at.caption
    )


def test_corridor_tables_say_a_shared_latest_quarter_once_and_pin_the_name() -> None:
    """At 1400 px in Russian 'How they have moved' and the Country profile's corridor table cut off their last
    columns: the name is pinned, the amount is in the heading, a latest quarter every corridor shares is said
    once (with its age) in the caption, the quarters above 5% read '12 of 40' in one column."""
    at = open_page("views/corridor_explorer.py")  # four corridors, all last surveyed in 2021Q3
    moved = at.dataframe[0].value
    config = json.loads(at.dataframe[0].proto.columns)
    assert "period_latest" not in moved.columns and "quarters_n" not in moved.columns
    assert config["label"]["pinned"] is True
    assert all(re.fullmatch(r"\d+ of \d+", q) for q in moved["quarters_above"])
    assert any(c.value.startswith("Latest quarter: 2021Q3, ") and "years ago" in c.value for c in at.caption)
    at = open_page("views/country_profile.py", country="TJK")
    table = next(d for d in at.dataframe if "smart_cost_pct_200" in d.value.columns)
    order = list(table.proto.column_order)
    assert order[:3] == ["sending_name", "total_cost_pct_200", "smart_cost_pct_200"]
    assert "period_latest" not in order and "corridor" not in order  # the code is in the CSV
    # Germany's corridors end in different quarters: there the column stays.
    at = open_page("views/country_profile.py", country="DEU")
    table = next(d for d in at.dataframe if "smart_cost_pct_200" in d.value.columns)
    assert "period_latest" in list(table.proto.column_order)


def test_a_partners_cost_says_its_quarter() -> None:
    """The biggest partners' bars showed 'Russian Federation · cost 1.9%' with no quarter: read as today's."""
    at = open_page("views/country_profile.py", country="TJK")
    bars = next(f for f in _figures(at) if f["layout"]["title"]["text"].startswith("Estimated inflows"))
    costed = [y for y in bars["data"][0]["y"] if "· cost" in y]
    assert costed and all(re.search(r"\d{4}Q\d$", y) for y in costed), costed


def test_a_russian_legend_entry_wraps_to_fit_a_phone() -> None:
    """'Глобальная средняя, опубликованная (база данных ЦУР ООН)' ran past a phone's edge on Overview's chart;
    Cyrillic lines are shorter, and an English name that fitted stays on one line."""
    from remit.charts.common import legend_name

    ru = legend_name("Глобальная средняя, опубликованная (база данных ЦУР ООН)")
    assert ru.count("<br>") == 1 and max(len(x) for x in ru.split("<br>")) <= 38
    assert legend_name("Global Average, published (UN SDG database)") == "Global Average, published (UN SDG database)"


def test_overview_money_table_name_column_is_pinned_at_172_px() -> None:
    """At 200 px the Russian table cut its last column at 1400 px; 172 px still holds 'Босния и Герцеговина'."""
    at = open_page("views/overview.py")
    table = next(d for d in at.dataframe if "covered_flow_usd" in d.value.columns)
    name = json.loads(table.proto.columns)["name"]
    assert name["pinned"] is True and name["width"] == 172
