"""remit.charts layout rules that a reader sees: room for titles, SDG lines under bars, series colours
that are not the SDG red and green, and the map's three-plus-one cost bands."""

from __future__ import annotations

import colorsys
import inspect
from pathlib import Path

import pandas as pd
import pytest

from remit import charts, geo

BARS = pd.DataFrame({"label": ["A → B", "C → D", "E → F"], "cost": [9.0, 4.0, 2.0]})


def _bars(subtitle: str) -> object:
    return charts.labelled_bars(BARS, "cost", "label", "Title (%)", subtitle, source="Src", x_title="%")


def test_the_top_margin_counts_every_line_of_title_and_subtitle() -> None:
    one = charts.top_margin("T", "S")
    assert charts.top_margin("T", "S<br>S2") == one + charts.SUBTITLE_LINE_PX
    # a second title line, and the half line Plotly moves a title of two lines up by
    assert charts.top_margin("T<br>T2", "S") == one + charts.TITLE_LINE_PX + charts.TITLE_SHIFT_PX
    # the title, each subtitle line (about 20 px for 12-px text) and the source line fit above the plot
    assert one >= charts.TITLE_LINE_PX + 2 * charts.SUBTITLE_LINE_PX + 10


def test_more_subtitle_lines_make_the_figure_taller_not_the_plot_smaller() -> None:
    short, tall = _bars("One line"), _bars("Line one<br>Line two<br>Line three")
    plot = lambda f: f.layout.height - f.layout.margin.t - f.layout.margin.b  # noqa: E731
    assert plot(short) == plot(tall)
    # with the SDG note the subtitle has 4 lines, and a source line: all inside the top margin
    assert tall.layout.margin.t == charts.top_margin(
        "Title (%)", f"Line one<br>Line two<br>Line three<br>{charts.SDG_LINES_NOTE}"
    )
    assert tall.layout.title.yref == "container" and tall.layout.title.yanchor == "top"


def test_facets_leave_room_for_the_first_panel_title() -> None:
    hist = pd.DataFrame(
        {
            "corridor": ["A-B", "A-B", "C-D", "C-D"],
            "label": ["A → B", "A → B", "C → D", "C → D"],
            "period": ["2020Q1", "2020Q2", "2020Q1", "2020Q2"],
            "period_start": pd.to_datetime(["2020-01-01", "2020-04-01"] * 2),
            "fee": [1.0, 1.1, 2.0, 2.1],
            "fx": [3.0, 3.1, 4.0, 4.1],
        }
    )
    fig = charts.split_facets(
        hist, [("fee", "Fee", charts.BLUE), ("fx", "FX", charts.ORANGE)], "T", "S", "Src", stacked=True
    )
    assert fig.layout.margin.t >= charts.top_margin("T", f"S<br>{charts.SDG_LINES_NOTE}") + 20


def test_sdg_lines_are_drawn_below_the_bars() -> None:
    shapes = _bars("S").layout.shapes
    assert len(shapes) == 2 and {s.layer for s in shapes} == {"below"}


def test_series_colours_are_neither_the_sdg_red_nor_green() -> None:
    assert charts.RED not in charts.PALETTE and charts.GREEN not in charts.PALETTE
    for colour in charts.PALETTE:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        hue, _, sat = colorsys.rgb_to_hls(r, g, b)
        if sat > 0.25:  # a real colour, not a grey: not red (hue near 0) and not green (near 1/3)
            assert not (hue < 0.03 or hue > 0.97) and not 0.22 < hue < 0.45, colour


def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a #rrggbb colour: distances in it follow what the eye sees."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda v: v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116  # noqa: E731
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _distance(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


def test_series_and_region_colours_are_far_apart() -> None:
    """Every two series colours differ clearly (CIELAB distance >= 25; the two oranges the Regions chart once
    drew for Europe & Central Asia and Sub-Saharan Africa were 18 apart), and each region has its own."""
    assert _distance("#d9822b", "#b8860b") < 25  # the old pair fails the rule
    for i, a in enumerate(charts.PALETTE):
        for b in charts.PALETTE[i + 1 :]:
            assert _distance(a, b) >= 25, (a, b)
    regions = [
        "East Asia & Pacific",
        "Europe & Central Asia",
        "Latin America & Caribbean",
        "Middle East, North Africa, Afghanistan & Pakistan",
        "North America",
        "South Asia",
        "Sub-Saharan Africa",
        "Not classified",
    ]
    assert len({charts.GROUP_COLOURS[r] for r in regions}) == len(regions)


def test_group_lines_keep_each_groups_colour_whatever_is_drawn() -> None:
    rows = pd.DataFrame(
        {
            "group_key": ["Sub-Saharan Africa", "Europe & Central Asia"],
            "group": ["Африка южнее Сахары: 86", "Европа и Центральная Азия: 58"],
            "period": ["2020Q3"] * 2,
            "period_start": pd.to_datetime(["2020-07-01"] * 2),
            "mean_of_corridor_averages_pct": [9.1, 5.8],
            "corridors_n": [86, 58],
        }
    )
    fig = charts.group_lines(rows, "T", "S", "Src")
    lines = {t.name: t.line.color for t in fig.data if t.mode == "lines+markers"}
    assert lines["Африка южнее Сахары: 86"] == charts.GROUP_COLOURS["Sub-Saharan Africa"]
    assert lines["Европа и Центральная Азия: 58"] == charts.GROUP_COLOURS["Europe & Central Asia"]
    # a name too long for a phone's legend wraps (it was cut), and the legend gets a row more for it
    long = rows.assign(group=["Middle East, North Africa, Afghanistan & Pakistan: 57 corridors", "B"])
    fig_long = charts.group_lines(long, "T", "S", "Src")
    assert "Afghanistan &<br>Pakistan: 57 corridors" in fig_long.data[0].name
    assert fig_long.layout.margin.b == fig.layout.margin.b + 22


@pytest.mark.parametrize(
    ("cost", "band"), [(-1.0, 0), (2.99, 0), (3.0, 1), (5.0, 1), (5.01, 2), (9.99, 2), (10.0, 3), (25.0, 3)]
)
def test_cost_bands_turn_at_3_5_and_10(cost: float, band: int) -> None:
    assert charts.cost_band(cost) == band


def test_the_map_is_banded_with_a_legend_and_no_gradient() -> None:
    df = pd.DataFrame(
        {
            "iso3": ["DEU", "TJK", "KGZ", "SYR", "XKX"],
            "name": ["Germany", "Tajikistan", "Kyrgyz Republic", "Syria", "Kosovo"],
            "cost": [2.0, 4.0, 6.0, 12.0, 5.5],
            "corridors_n": [1] * 5,
            "min_pct": [1.0] * 5,
            "max_pct": [9.0] * 5,
        }
    )
    fig = charts.cost_map(
        df, "cost", "T", "S", "Src", view=geo.VIEWS["World"], shapes=frozenset(df["iso3"][:4]), points=geo.POINTS
    )
    choropleth = fig.data[0]
    assert not choropleth.showscale
    colours = {s[1] for s in choropleth.colorscale}
    assert colours == {c for _, _, c in charts.COST_BANDS}  # flat colours only: no blend between bands
    n = len(charts.COST_BANDS)
    shown = [next(c for lo, c in choropleth.colorscale if lo >= (z / n) - 1e-9) for z in choropleth.z]
    assert shown == [charts.COST_BANDS[b][2] for b in (0, 1, 2, 3)]
    assert list(fig.data[1].marker.color) == [charts.COST_BANDS[2][2]]  # Kosovo's dot, 5.5%
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == ["Below 3%", "3% to 5%", "5% to 10%", "10% or more", "No corridor data"]


def test_views_and_their_aspect() -> None:
    assert geo.view_box("Focus region", "sending")["lon"][0] < 0 < geo.view_box("Focus region")["lon"][0] + 20
    assert geo.view_box("World", "sending") == geo.VIEWS["World"]
    assert 2.0 < geo.view_aspect(geo.VIEWS["World"]) < 2.5  # Natural Earth's world is about twice as wide as tall
    assert geo.view_aspect(geo.VIEWS["Latin America & Caribbean"]) < 1  # a tall view


def test_figures_lists_every_figure_builder_and_nothing_else() -> None:
    """ui/cached shares exactly charts.FIGURES: a new figure builder must be added there to be shared."""
    builders = {
        name
        for name, fn in inspect.getmembers(charts, inspect.isfunction)
        if not name.startswith("_")
        and name not in ("frame", "sdg_lines")
        and fn.__annotations__.get("return") == "go.Figure"
    }
    assert {fn.__name__ for fn in charts.FIGURES} == builders
    assert len(charts.FIGURES) == len(builders)


def test_sdg_colour_turns_at_the_target_and_the_ceiling() -> None:
    assert [charts.sdg_colour(v) for v in (2.99, 3.0, 5.0, 5.01)] == [
        charts.GREEN,
        charts.ORANGE,
        charts.ORANGE,
        charts.RED,
    ]


def test_no_chart_module_over_600_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in Path(charts.__file__).parent.glob("*.py")}
    assert max(sizes.values()) <= 600, sizes


def test_long_titles_wrap_to_fit_a_phone_and_the_top_margin_counts_the_lines() -> None:
    title = "Corridors above 5% and below 3% (% of corridors)"  # cut at 390 px when on one line
    source = "World Bank, Remittance Prices Worldwide (Corridor averages, DataBank)"
    fig = charts.labelled_bars(BARS, "cost", "label", title, "Corridors from or to the focus region", source=source,
                               x_title="%")  # fmt: skip
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= charts.TITLE_LINE_CHARS for line in lines)
    assert " ".join(lines) == title  # broken at spaces, nothing lost
    sub = fig.layout.title.subtitle.text.split("<br>")
    assert all(len(line) <= charts.SUBTITLE_LINE_CHARS for line in sub) and sub[-1].endswith("DataBank)")
    assert fig.layout.margin.t == charts.top_margin(fig.layout.title.text, "<br>".join(sub[:-1]))
    assert fig.layout.title.pad.t == charts.TITLE_PAD_PX + charts.TITLE_SHIFT_PX  # the first line not cut off
    assert charts.wrap("Short title (%)", charts.TITLE_LINE_CHARS) == "Short title (%)"


def test_a_cyrillic_subtitle_wraps_shorter_as_its_letters_are_wider() -> None:
    """'Направления перевода из страны: Россия: 13 направлений' (54 characters) ran past a 390-px phone."""
    subtitle = "Направления перевода из страны: Россия: 13 направлений с данными за 2021Q3, перевод 200 долл. США"
    fig = charts.labelled_bars(BARS, "cost", "label", "Заголовок", subtitle, source="Всемирный банк", x_title="%")
    sub = fig.layout.title.subtitle.text.split("<br>")
    assert all(len(line) <= charts.SUBTITLE_LINE_CHARS * 7 // 8 for line in sub)
    assert " ".join(sub).startswith(subtitle + " ")  # broken at spaces, nothing lost


def test_bar_values_have_room_beside_the_longest_bar() -> None:
    """'38.4%' beside Tajikistan's bar was cut where the figure ends: the right margin holds the label."""
    dep = pd.DataFrame(
        {
            "name": ["Tajikistan", "Kyrgyz Republic"],
            "remit_received_pct_gdp_calc": [38.4, 20.4],
            "year": [2023, 2022],
            "focus_subregion": ["Central Asia"] * 2,
        }
    )
    fig = charts.dependence_bars(dep, "T", "S", "Src")
    assert fig.data[0].text[0] == "38.4% (2023)" and fig.data[0].cliponaxis is False
    assert fig.layout.margin.r >= charts.VALUE_LABEL_CHAR_PX * len("38.4% (2023)")
    assert _bars("S").layout.margin.r >= charts.VALUE_LABEL_CHAR_PX * len("9.0%")
    # the axis title, centred under a plot the labels leave narrow, wraps rather than running off the figure
    assert fig.layout.xaxis.title.text == "Remittances received,<br>% of GDP"


def test_long_bar_labels_break_after_the_corridor_arrow_so_a_phone_keeps_room_for_the_bars() -> None:
    from remit.charts.common import BAR_LABEL_CHARS, bar_labels

    long, short = "Russian Federation → Kyrgyz Republic", "Russia → Georgia"
    assert bar_labels([long, short]) == ["Russian Federation →<br>Kyrgyz Republic", short]
    assert all(
        len(line) <= BAR_LABEL_CHARS for line in bar_labels(["Middle East, North Africa, Afghanistan"])[0].split("<br>")
    )
    fig = charts.labelled_bars(
        pd.DataFrame({"label": [long, short], "cost": [6.4, 1.4]}),
        "cost",
        "label",
        "T (%)",
        "S",
        source="Src",
        x_title="%",
    )
    assert list(fig.data[0].y) == ["Russian Federation →<br>Kyrgyz Republic", short]
    # two-line rows are taller than one-line rows
    six = pd.DataFrame({"label": [f"{long} {i}" for i in range(6)], "cost": [2.0] * 6})
    plain = six.assign(label=[f"A → B {i}" for i in range(6)])
    tall, low = (charts.labelled_bars(d, "cost", "label", "T", "S", source="Src", x_title="%") for d in (six, plain))
    assert tall.layout.height > low.layout.height
