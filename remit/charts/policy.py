"""Figures of the policy pages: cost over time and SDG shares (Overview), corridors side by side, the
fee/FX split and bank/MTO facets (Corridors), groups and SDG counts (Regions), the cost map (Map), and a
country's remittance flows (Country profile)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from remit.charts.common import (
    BAR_AXIS_TITLE_CHARS,
    BLUE,
    EN,
    GREEN,
    GREY,
    LEGEND_LINE_CHARS,
    ORANGE,
    RED,
    SDG_LINES_NOTE,
    add_lines,
    bar_labels,
    bar_row_px,
    cost_bars,
    frame,
    legend_name,
    room_for_values,
    sdg_colour,
    sdg_lines,
    wrap,
)
from remit.i18n import N_, Translator
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT


def cost_over_time(
    summary: pd.DataFrame,
    title: str,
    subtitle: str,
    source: str,
    *,
    published: pd.DataFrame | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Mean of corridor averages per quarter with the 10th-90th percentile band; gaps stay gaps.

    published (year, cost_pct): the World Bank's Global Average per year as reported to the UN SDG database
    (remit.costs.global_average), drawn beside it at mid-year, labelled as what it is: a mean over services."""
    x = summary["period_start"]
    fig = go.Figure()
    for i, run in enumerate(_runs(summary.dropna(subset=["p10_pct", "p90_pct"]), summary)):
        # One closed polygon per run of consecutive quarters, so the band never bridges a gap.
        fig.add_trace(
            go.Scatter(
                x=pd.concat([run["period_start"], run["period_start"][::-1]]),
                y=pd.concat([run["p90_pct"], run["p10_pct"][::-1]]),
                fill="toself",
                fillcolor="rgba(31,95,168,0.15)",
                line={"width": 0},
                mode="lines",
                name=legend_name(t("10th–90th percentile of corridors")),
                legendgroup="band",
                showlegend=i == 0,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=summary["mean_of_corridor_averages_pct"],
            mode="lines+markers",
            name=legend_name(t("Mean of corridor averages")),
            line={"color": BLUE, "width": 2.5},
            marker={"size": 5},
            connectgaps=False,
            customdata=summary[["period", "corridors_n", "median_pct"]],
            hovertemplate=t(
                "%{customdata[0]}: mean %{y:.2f}%, median %{customdata[2]:.2f}%, %{customdata[1]} corridors"
            )
            + "<extra></extra>",
        )
    )
    if published is not None and not published.empty:
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(published["year"].astype(int).astype(str) + "-07-01"),
                y=published["cost_pct"].tolist(),
                mode="lines+markers",
                name=legend_name(t("Global Average, published (UN SDG database)")),
                line={"color": "#4a4a4a", "width": 1.5, "dash": "dot"},  # dark: beside the blue, not an SDG line
                marker={"size": 7, "symbol": "diamond"},
                customdata=published[["year"]],
                hovertemplate=t(
                    "%{customdata[0]}: Global Average %{y:.2f}% (a mean over services, as reported to the UN SDG "
                    "database)"
                )
                + "<extra></extra>",
            )
        )
    sdg_lines(fig, t=t)
    return frame(fig, title, subtitle, t("% of the amount sent"), source, bottom=80, t=t)


def _runs(observed: pd.DataFrame, full: pd.DataFrame) -> list[pd.DataFrame]:
    """Split observed rows into runs of consecutive quarters of the full grid."""
    position = pd.Series(range(len(full)), index=full["period"])
    step = position.loc[observed["period"]].diff().ne(1).cumsum().to_numpy()
    return [g for _, g in observed.groupby(step)]


def sdg_shares(summary: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Share of corridors above the 5% ceiling and below the 3% target, per quarter."""
    fig = go.Figure()
    for col, n_col, name, color in (
        ("above_5pct_share_pct", "above_5pct_n", t("Above 5%"), RED),
        ("below_3pct_share_pct", "below_3pct_n", t("Below 3%"), GREEN),
    ):
        fig.add_trace(
            go.Scatter(
                x=summary["period_start"],
                y=summary[col],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": color, "width": 2.5},
                marker={"size": 5},
                customdata=summary[["period", n_col, "corridors_n"]],
                hovertemplate=t(
                    "%{customdata[0]}: {what} %{y:.0f}% (%{customdata[1]} of %{customdata[2]} corridors)"
                ).replace("{what}", name.lower())  # not t(..., what=): str.format would read plotly's %{…} fields
                + "<extra></extra>",
            )
        )
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    return frame(fig, title, subtitle, t("% of corridors with data"), source, bottom=80, t=t)


def corridor_bars(ranked: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Horizontal bars of corridor costs, with the SDG lines."""
    cols = ["sending_iso3", "receiving_iso3", "sending_name", "receiving_name"]
    labels = bar_labels(
        [t.corridor(*codes) for codes in ranked[cols].itertuples(index=False)]
        if "sending_iso3" in ranked
        else ranked["sending_name"] + " → " + ranked["receiving_name"]
    )
    colors = [sdg_colour(v) for v in ranked["total_cost_pct_200"]]
    fig = cost_bars(ranked["total_cost_pct_200"], labels, colors, digits=1, t=t)
    fig = frame(
        fig,
        title,
        f"{subtitle}<br>{t(SDG_LINES_NOTE)}",
        "",
        source,
        height=150 + bar_row_px(labels, 32) * len(ranked),
        t=t,
    )
    room_for_values(fig, list(fig.data[0].text))
    top = max(float(ranked["total_cost_pct_200"].max()), SDG_CORRIDOR_CEILING_PCT)
    lo = min(float(ranked["total_cost_pct_200"].min()), 0.0)
    fig.update_xaxes(
        title=wrap(t("% of the amount sent (USD 200)"), BAR_AXIS_TITLE_CHARS),
        gridcolor="#eee",
        range=[lo * 1.2, top * 1.2],
        title_font={"size": 12},
    )
    return fig


def dependence_bars(df: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Remittances received as % of GDP per economy, focus-region economies highlighted."""
    colors = [BLUE if pd.notna(s) else GREY for s in df["focus_subregion"]]
    fig = go.Figure(
        go.Bar(
            x=df["remit_received_pct_gdp_calc"],
            y=df["name"],
            orientation="h",
            marker_color=colors,
            # the year beside each bar only where years differ between economies
            text=[
                t.percent(v, 1) + (f" ({y})" if df["year"].nunique() > 1 else "")
                for v, y in zip(df["remit_received_pct_gdp_calc"], df["year"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=t("%{y}: %{x:.1f}% of GDP") + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    fig = frame(fig, title, subtitle, "", source, height=130 + 28 * len(df), t=t)
    room_for_values(fig, list(fig.data[0].text))
    fig.update_xaxes(
        title=wrap(t("Remittances received, % of GDP"), BAR_AXIS_TITLE_CHARS),
        title_font={"size": 12},
        gridcolor="#eee",
        range=[0, float(df["remit_received_pct_gdp_calc"].max()) * 1.18],
    )
    return fig


# --- Corridor explorer, map, regions and country profile (remit.explorer) ---------------------

# Series colours (one per corridor or group): the Okabe-Ito qualitative palette, whose hues stay apart for
# colour-blind readers (yellow left out: too faint for a line on white), grey last. None is the SDG red or
# green, which mean "above 5%" and "below 3%" (the SDG lines and cost bands) wherever remit shows costs.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#9aa5b1"]
# One colour per World Bank region and income group, the same on every chart and whichever groups are
# drawn (the focus region's Europe & Central Asia in the strongest blue); "Not classified" in grey.
GROUP_COLOURS: dict[str, str] = {
    "Europe & Central Asia": PALETTE[0],  # i18n: not text
    "Sub-Saharan Africa": PALETTE[1],  # i18n: not text
    "East Asia & Pacific": PALETTE[2],  # i18n: not text
    "South Asia": PALETTE[3],  # i18n: not text
    "Middle East, North Africa, Afghanistan & Pakistan": PALETTE[4],  # i18n: not text
    "Middle East & North Africa": PALETTE[4],  # i18n: not text; the name before the July 2025 classification
    "North America": PALETTE[5],  # i18n: not text
    "Latin America & Caribbean": PALETTE[6],  # i18n: not text
    "High income": PALETTE[0],  # i18n: not text
    "Upper middle income": PALETTE[4],  # i18n: not text
    "Lower middle income": PALETTE[1],  # i18n: not text
    "Low income": PALETTE[5],  # i18n: not text
    "Not classified": PALETTE[7],  # i18n: not text
}
# Cost bands of the map, as its text and legend say: green below the SDG target of 3%, amber from 3% to 5%,
# red above the 5% ceiling and dark red from 10%. One flat colour per band (no gradient between them).
COST_BANDS: list[tuple[float, str, str]] = [  # (upper bound, label, colour); a value equal to a bound is below it
    (SDG_TARGET_PCT, N_("Below 3%"), "#1a7f37"),
    (SDG_CORRIDOR_CEILING_PCT, N_("3% to 5%"), "#f0a030"),
    (10.0, N_("5% to 10%"), "#d7301f"),
    (float("inf"), N_("10% or more"), "#67000d"),
]
NO_DATA_COLOUR = "#e3e3e3"


MAP_BOTTOM_PX = 56  # the map's bottom margin: room for its legend, one row (two on a phone)


def cost_band(value: float) -> int:
    """The COST_BANDS index of a cost: below 3% -> 0, 3% to 5% (both included) -> 1, above 5% -> 2, 10% or
    more -> 3, as in explorer.sdg_band."""
    if value < SDG_TARGET_PCT:
        return 0
    if value <= SDG_CORRIDOR_CEILING_PCT:
        return 1
    return 2 if value < COST_BANDS[2][0] else 3


def _band_scale() -> list[list]:
    """A stepped colour scale for z = band index + 0.5 on [0, len(COST_BANDS)]: one flat colour per band."""
    n, scale = len(COST_BANDS), []
    for i, (_, _, colour) in enumerate(COST_BANDS):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def corridor_lines(  # noqa: PLR0913 (the figure's texts, and the optional SmaRT column)
    hist: pd.DataFrame,
    value: str,
    title: str,
    subtitle: str,
    source: str,
    *,
    smart: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """One line per corridor over quarters, with the SDG lines; quarters without data stay gaps. smart names a
    column with the official SmaRT (UN SDG database): drawn as diamonds in the corridor's colour where it has
    a figure, with one legend entry for all of them."""
    fig = go.Figure()
    has_smart = smart is not None and smart in hist and hist[smart].notna().any()
    for i, (code, g) in enumerate(hist.groupby("corridor", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=g["period_start"],
                y=g[value],
                name=wrap(f"{g['label'].iloc[0]} ({code})", LEGEND_LINE_CHARS),
                mode="lines+markers",
                connectgaps=False,
                line={"color": colour, "width": 2.2},
                marker={"size": 4},
                customdata=g[["period"]],
                hovertemplate="%{customdata[0]}: %{y:.2f}%",
            )
        )
        if has_smart and g[smart].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=g["period_start"],
                    y=g[smart],
                    name=t("SmaRT (UN SDG database)"),
                    legendgroup="smart",
                    showlegend=False,
                    mode="markers",
                    marker={"color": colour, "size": 8, "symbol": "diamond-open", "line": {"width": 2}},
                    customdata=g[["period"]],
                    hovertemplate="%{customdata[0]}: " + t("SmaRT") + " %{y:.2f}%<extra></extra>",
                )
            )
    if has_smart:  # one legend entry for the diamonds of every corridor
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                name=t("SmaRT (UN SDG database)"),
                legendgroup="smart",
                mode="markers",
                marker={"color": "#555555", "size": 8, "symbol": "diamond-open", "line": {"width": 2}},
                hoverinfo="skip",
            )
        )
    sdg_lines(fig, t=t)
    # legend rows, two entries a row on a wide screen, and a line more for each name that wraps
    entries = hist["corridor"].nunique() + int(has_smart)
    rows = -(-entries // 2) + sum(
        "<br>" in trace.name for trace in fig.data if trace.name and trace.showlegend is not False
    )
    return frame(
        fig, title, subtitle, t("% of the amount sent"), source, height=460 + 22 * rows, bottom=80 + 22 * rows, t=t
    )


def split_facets(
    hist: pd.DataFrame,
    parts: list[tuple[str, str, str]],
    title: str,
    subtitle: str,
    source: str,
    *,
    stacked: bool,
    t: Translator = EN,
) -> go.Figure:
    """One panel per corridor: the parts of the cost over quarters, stacked bars (parts that add up
    to the total, e.g. fee + FX margin) or lines (alternatives, e.g. banks vs money transfer operators)."""
    from plotly.subplots import make_subplots

    codes = list(dict.fromkeys(hist["corridor"]))
    labels = hist.drop_duplicates("corridor").set_index("corridor")["label"]
    fig = make_subplots(
        rows=len(codes),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.32 / max(len(codes), 1) if len(codes) > 1 else 0,
        subplot_titles=[f"{labels[c]} ({c})" for c in codes],
    )
    for row, code in enumerate(codes, 1):
        g = hist[hist["corridor"] == code]
        for col, name, color in parts:
            common = {"x": g["period_start"], "y": g[col], "name": name, "legendgroup": name, "showlegend": row == 1}
            hover = {"customdata": g[["period"]], "hovertemplate": "%{customdata[0]}: " + name.lower() + " %{y:.2f}%"}
            if stacked:
                fig.add_trace(go.Bar(**common, marker_color=color, **hover), row=row, col=1)
            else:
                fig.add_trace(
                    go.Scatter(
                        **common,
                        mode="lines+markers",
                        connectgaps=False,
                        line={"color": color, "width": 2},
                        marker={"size": 4},
                        **hover,
                    ),
                    row=row,
                    col=1,
                )
        for value, color in ((SDG_TARGET_PCT, GREEN), (SDG_CORRIDOR_CEILING_PCT, RED)):
            fig.add_hline(y=value, line={"dash": "dash", "color": color, "width": 1.2}, row=row, col=1)
    if stacked:
        fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_annotations(font_size=13, x=0, xanchor="left")
    # extra_top: room for the first panel's title, which sits above the plot area
    fig = frame(
        fig, title, f"{subtitle}<br>{t(SDG_LINES_NOTE)}", "", source, height=200 + 230 * len(codes), extra_top=26, t=t
    )
    fig.update_yaxes(title_text="%", ticksuffix="")
    fig.update_layout(margin={"b": 70}, legend={"y": -0.06 if len(codes) > 1 else -0.15})
    return fig


def group_lines(summary: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Mean of corridor averages per group (region, income group) over quarters, with SDG lines.

    Each group keeps its colour of GROUP_COLOURS, found by the data's name in the column `group_key` (when
    `group` holds a label such as 'Южная Азия: 52 коридора') or in `group`; other groups take PALETTE's
    colours."""
    fig = go.Figure()
    for i, (group, g) in enumerate(summary.groupby("group", sort=False)):
        key = g["group_key"].iloc[0] if "group_key" in g else group
        fig.add_trace(
            go.Scatter(
                x=g["period_start"],
                y=g["mean_of_corridor_averages_pct"],
                name=wrap(str(group), LEGEND_LINE_CHARS),
                mode="lines+markers",
                connectgaps=False,
                line={"color": GROUP_COLOURS.get(key, PALETTE[i % len(PALETTE)]), "width": 2.2},
                marker={"size": 4},
                customdata=g[["period", "corridors_n"]],
                hovertemplate=t("%{customdata[0]}: %{y:.2f}% (%{customdata[1]} corridors)"),
            )
        )
    sdg_lines(fig, t=t)
    # legend rows, two entries a row on a wide screen, and a line more for each name that wraps
    rows = -(-summary["group"].nunique() // 2) + sum("<br>" in trace.name for trace in fig.data if trace.name)
    return frame(
        fig, title, subtitle, t("% of the amount sent"), source, height=470 + 22 * rows, bottom=80 + 22 * rows, t=t
    )


def sdg_counts(picture: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Corridors above 5%, from 3% to 5% and below 3% per quarter, stacked; empty quarters stay empty."""
    fig = go.Figure()
    for col, share, name, color in (
        ("below_3pct_n", "below_3pct_share_pct", t("Below 3%"), GREEN),
        ("from_3_to_5pct_n", "from_3_to_5pct_share_pct", t("3% to 5%"), ORANGE),
        ("above_5pct_n", "above_5pct_share_pct", t("Above 5%"), RED),
    ):
        fig.add_trace(
            go.Bar(
                x=picture["period_start"],
                y=picture[col],
                name=name,
                marker_color=color,
                customdata=picture[["period", share, "corridors_n"]],
                hovertemplate=t(
                    "%{customdata[0]}: {what} %{y:.0f} of %{customdata[2]} corridors (%{customdata[1]:.0f}%)"
                ).replace("{what}", name.lower()),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.1)
    return frame(fig, title, subtitle, t("Number of corridors"), source, bottom=80, t=t)


def cost_map(
    df: pd.DataFrame,
    value: str,
    title: str,
    subtitle: str,
    source: str,
    *,
    view: dict[str, list[float]],
    shapes: frozenset[str],
    points: dict[str, tuple[str, float, float]],
    t: Translator = EN,
) -> go.Figure:
    """Countries coloured by the cost band they fall in (COST_BANDS: the colour turns at the SDG 3% and 5%,
    and at 10%), with a legend of the bands below the map; economies without a shape in the geometry are
    drawn as dots at `points`. The figure's height suits a desktop; a page can let it follow the width."""
    weighted = "weighted_cost_pct" in df and "coverage_pct" in df
    hover = (
        "<b>%{customdata[0]}</b><br>"
        + (
            t(
                "flow-weighted %{customdata[5]:.2f}% (coverage %{customdata[6]:.0f}% of the modelled flow)<br>"
                "mean of %{customdata[2]} corridor averages %{customdata[7]:.2f}%<br>"
                "range %{customdata[3]:.1f}% to %{customdata[4]:.1f}%"
            )
            if weighted
            else t(
                "%{customdata[1]:.2f}% (mean of %{customdata[2]} corridor averages)<br>"
                "range %{customdata[3]:.1f}% to %{customdata[4]:.1f}%"
            )
        )
        + "<extra></extra>"
    )
    cols = ["name", value, "corridors_n", "min_pct", "max_pct"]
    if weighted:
        cols += ["weighted_cost_pct", "coverage_pct", "mean_of_corridor_averages_pct"]
    df = df[df[value].notna()].assign(
        name=lambda d: [t.country(c, n) for c, n in zip(d["iso3"], d["name"], strict=True)]
    )
    drawn = df[df["iso3"].isin(shapes)]
    dots = df[~df["iso3"].isin(shapes) & df["iso3"].isin(points)]
    n = len(COST_BANDS)
    fig = go.Figure(
        go.Choropleth(
            locations=drawn["iso3"],
            locationmode="ISO-3",
            z=[cost_band(v) + 0.5 for v in drawn[value]],
            zmin=0,
            zmax=n,
            colorscale=_band_scale(),
            showscale=False,
            marker_line_color="white",
            marker_line_width=0.5,
            customdata=drawn[cols].to_numpy(),
            hovertemplate=hover,
            name="",
            showlegend=False,
        )
    )
    if len(dots):
        fig.add_trace(
            go.Scattergeo(
                lat=[points[c][1] for c in dots["iso3"]],
                lon=[points[c][2] for c in dots["iso3"]],
                text=dots["name"],
                mode="markers+text",
                textposition="bottom center",  # i18n: not text
                textfont={"size": 10, "color": "#333"},
                marker={
                    "size": 11,
                    "color": [COST_BANDS[cost_band(v)][2] for v in dots[value]],
                    "line": {"color": "#333", "width": 1},
                },
                customdata=dots[cols].to_numpy(),
                hovertemplate=hover,
                name="",
                showlegend=False,
            )
        )
    # The legend: one square per band (empty traces: they only draw their legend entry).
    for _, label, colour in [*COST_BANDS, (None, N_("No corridor data"), NO_DATA_COLOUR)]:
        fig.add_trace(
            go.Scattergeo(
                lat=[None],
                lon=[None],
                mode="markers",
                marker={"size": 13, "symbol": "square", "color": colour, "line": {"color": "#999", "width": 0.5}},
                name=t(label),
                hoverinfo="skip",
                showlegend=True,
            )
        )
    fig = frame(fig, title, subtitle, "", source, height=560, t=t)
    fig.update_layout(
        hovermode="closest",
        margin={"l": 0, "r": 0, "b": MAP_BOTTOM_PX},
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": 12},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        geo={
            "projection": {"type": "natural earth"},  # i18n: not text
            "lonaxis": {"range": view["lon"]},
            "lataxis": {"range": view["lat"]},
            "resolution": 50,
            "showcountries": True,
            "countrycolor": "white",
            "showland": True,
            "landcolor": NO_DATA_COLOUR,
            "showocean": True,
            "oceancolor": "#f4f8fb",
            "showlakes": False,
            "showcoastlines": False,
            "showframe": False,
        },
    )
    return fig


def flows_over_time(flows: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Remittances received and paid per year, in current US$ billion or million (bars)."""
    top = float(flows[["remit_received_usd", "remit_paid_usd"]].max().max())
    scale, unit = (1e9, N_("US$ billion (current)")) if top >= 1e9 else (1e6, N_("US$ million (current)"))
    fig = go.Figure()
    for col, name, color in (("remit_received_usd", t("Received"), BLUE), ("remit_paid_usd", t("Paid"), ORANGE)):
        if flows[col].notna().any():
            fig.add_trace(
                go.Bar(
                    x=flows["year"],
                    y=flows[col] / scale,
                    name=name,
                    marker_color=color,
                    hovertemplate=f"%{{x}}: {name.lower()} %{{y:,.2f}} {t(unit)}<extra></extra>",
                )
            )
    fig.update_layout(barmode="group", bargap=0.2)
    return frame(fig, title, subtitle, t(unit), source, bottom=80, t=t)


def share_of_gdp(flows: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Remittances received as % of GDP: computed here (received / GDP) and as WDI publishes it."""
    fig = go.Figure()
    series = (
        ("remit_received_pct_gdp_calc", t("Received ÷ GDP (computed here)"), BLUE, "solid"),
        ("remit_received_pct_gdp_wdi", t("WDI BX.TRF.PWKR.DT.GD.ZS (published)"), ORANGE, "dot"),
    )
    add_lines(fig, flows["year"], flows, series, hover=lambda _name: t("%{x}: %{y:.1f}% of GDP"))
    return frame(fig, title, subtitle, t("% of GDP"), source, bottom=80, t=t)
