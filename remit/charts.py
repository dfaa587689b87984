"""Plotly figure builders: data in, go.Figure out. No Streamlit here.

Every figure carries its title (what and unit), the SDG lines where it shows costs, and a source
line inside the figure, so that an exported PNG still says where its numbers come from.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from remit.i18n import N_, SOURCE, Translator, translator

EN = translator(SOURCE)  # every figure function takes t=, the reader's language; English by default

BLUE, GREY, RED, GREEN, ORANGE = "#1f5fa8", "#9aa5b1", "#c0392b", "#2e8540", "#d9822b"
FONT = "Source Sans Pro, Arial, sans-serif"  # i18n: not text


# The title block above the plot, in px: a 17-px title line, a 12-px subtitle line (generously, with its
# spacing), the room above the title, between title and subtitle, and below the source line (where the top
# tick label, e.g. "100%", reaches up).
TITLE_LINE_PX, SUBTITLE_LINE_PX, TITLE_PAD_PX, TITLE_GAP_PX, PLOT_GAP_PX = 24, 20, 10, 6, 18


def top_margin(title: str, subtitle: str, *, extra: int = 0) -> int:
    """The top margin that holds the title, the subtitle and the source line (one more line than the
    subtitle has), counted from their real number of lines, plus `extra` (e.g. a facet's panel title)."""
    title_lines = title.count("<br>") + 1
    subtitle_lines = subtitle.count("<br>") + 2  # the subtitle's lines and the source line
    return (
        TITLE_PAD_PX
        + TITLE_LINE_PX * title_lines
        + TITLE_GAP_PX
        + SUBTITLE_LINE_PX * subtitle_lines
        + PLOT_GAP_PX
        + extra
    )


def _frame(
    fig: go.Figure,
    title: str,
    subtitle: str,
    y_title: str,
    source: str,
    *,
    height: int = 440,
    extra_top: int = 0,
    bottom: int = 50,
    t: Translator = EN,
) -> go.Figure:
    """Title (what and unit), subtitle (scope and period) and source line inside the figure, so an
    exported PNG carries them; titles stay short enough for a phone.

    The top margin is computed from the lines of title and subtitle (top_margin), so they never overlap the
    plot. `height` is the figure's height with a one-line title and subtitle: every further line (and
    `extra_top`, room for e.g. the first facet's title) makes the figure taller rather than the plot smaller.
    `bottom`: the bottom margin, room for a legend below the plot."""
    top = top_margin(title, subtitle + "<br>" * source.count("<br>"), extra=extra_top)  # a source may take lines
    fig.update_layout(
        title={
            "text": title,
            "subtitle": {
                "text": subtitle + "<br>" + t("Source: {source}", source=source),
                "font": {"size": 12, "color": "#555"},
            },
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": TITLE_PAD_PX},
            "font": {"size": 17},
        },
        yaxis_title=y_title,
        height=height + top - top_margin("", ""),
        margin={"l": 60, "r": 20, "t": top, "b": bottom},
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        plot_bgcolor="white",
        hovermode="x unified",
        separators=_separators(t),
    )
    fig.update_xaxes(showgrid=False, linecolor="#ccc")
    fig.update_yaxes(gridcolor="#eee", zerolinecolor="#ccc")
    return fig


def _separators(t: Translator) -> str:
    """Plotly's decimal and thousands separators for the reader's locale ("., " in English, ", " in Russian)."""
    symbols = t.locale.number_symbols["latn"]
    return symbols["decimal"] + symbols["group"].replace("\u202f", "\xa0")


SDG_LINES_NOTE = N_("Dashed lines: SDG target 3% (green), ceiling 5% (red)")


def sdg_lines(fig: go.Figure, horizontal: bool = True, *, t: Translator = EN) -> go.Figure:
    """The SDG 10.c lines: 3% average target and 5% corridor ceiling (labelled on line charts;
    on bar charts the subtitle names them, as labels would sit on the bars, and the lines are drawn
    below the bars so that bars and their value labels stay readable)."""
    for value, label, color in (
        (SDG_TARGET_PCT, t("SDG target 3%"), GREEN),
        (SDG_CORRIDOR_CEILING_PCT, t("SDG ceiling 5%"), RED),
    ):
        if horizontal:
            fig.add_hline(
                y=value,
                line={"dash": "dash", "color": color, "width": 1.5},
                annotation_text=label,
                annotation_position="top left",  # i18n: not text
                annotation_font_color=color,
            )
        else:
            fig.add_vline(x=value, line={"dash": "dash", "color": color, "width": 2.5}, layer="below")
    return fig


def cost_over_time(summary: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Mean of corridor averages per quarter with the 10th-90th percentile band; gaps stay gaps."""
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
                name=t("10th–90th percentile of corridors"),
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
            name=t("Mean of corridor averages"),
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
    sdg_lines(fig, t=t)
    return _frame(fig, title, subtitle, t("% of the amount sent"), source, bottom=80, t=t)


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
    return _frame(fig, title, subtitle, t("% of corridors with data"), source, bottom=80, t=t)


def corridor_bars(ranked: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Horizontal bars of corridor costs, with the SDG lines."""
    labels = (
        [
            t.corridor(*codes)
            for codes in zip(
                ranked["sending_iso3"],
                ranked["receiving_iso3"],
                ranked["sending_name"],
                ranked["receiving_name"],
                strict=True,
            )
        ]
        if "sending_iso3" in ranked
        else ranked["sending_name"] + " → " + ranked["receiving_name"]
    )
    colors = [
        RED if v > SDG_CORRIDOR_CEILING_PCT else GREEN if v < SDG_TARGET_PCT else ORANGE
        for v in ranked["total_cost_pct_200"]
    ]
    fig = go.Figure(
        go.Bar(
            x=ranked["total_cost_pct_200"],
            y=labels,
            orientation="h",
            marker_color=colors,
            text=[t.percent(v, 1) for v in ranked["total_cost_pct_200"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    sdg_lines(fig, horizontal=False, t=t)
    fig = _frame(fig, title, f"{subtitle}<br>{t(SDG_LINES_NOTE)}", "", source, height=150 + 32 * len(ranked), t=t)
    top = max(float(ranked["total_cost_pct_200"].max()), SDG_CORRIDOR_CEILING_PCT)
    lo = min(float(ranked["total_cost_pct_200"].min()), 0.0)
    fig.update_xaxes(
        title=t("% of the amount sent (USD 200)"),
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
    fig = _frame(fig, title, subtitle, "", source, height=130 + 28 * len(df), t=t)
    fig.update_xaxes(
        title=t("Remittances received, % of GDP"),
        gridcolor="#eee",
        range=[0, float(df["remit_received_pct_gdp_calc"].max()) * 1.18],
    )
    return fig


# --- Corridor explorer, map, regions and country profile (remit.explorer) ---------------------

# Series colours (one per corridor or group): no green and no red, which mean "below 3%" and "above 5%"
# (the SDG lines and cost bands) wherever remit shows costs.
PALETTE = ["#1f5fa8", "#d9822b", "#8e44ad", "#17a2b8", "#343a40", "#b8860b", "#e377c2", "#4b4b8f", "#7fa7d9", "#9aa5b1"]
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


def corridor_lines(
    hist: pd.DataFrame, value: str, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """One line per corridor over quarters, with the SDG lines; quarters without data stay gaps."""
    fig = go.Figure()
    for i, (code, g) in enumerate(hist.groupby("corridor", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=g["period_start"],
                y=g[value],
                name=f"{g['label'].iloc[0]} ({code})",
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[i % len(PALETTE)], "width": 2.2},
                marker={"size": 4},
                customdata=g[["period"]],
                hovertemplate="%{customdata[0]}: %{y:.2f}%",
            )
        )
    sdg_lines(fig, t=t)
    rows = -(-hist["corridor"].nunique() // 2)  # legend rows, two entries a row on a wide screen
    return _frame(
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
    fig = _frame(
        fig, title, f"{subtitle}<br>{t(SDG_LINES_NOTE)}", "", source, height=200 + 230 * len(codes), extra_top=26, t=t
    )
    fig.update_yaxes(title_text="%", ticksuffix="")
    fig.update_layout(margin={"b": 70}, legend={"y": -0.06 if len(codes) > 1 else -0.15})
    return fig


def group_lines(summary: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Mean of corridor averages per group (region, income group) over quarters, with SDG lines."""
    fig = go.Figure()
    for i, (group, g) in enumerate(summary.groupby("group", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=g["period_start"],
                y=g["mean_of_corridor_averages_pct"],
                name=str(group),
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[i % len(PALETTE)], "width": 2.2},
                marker={"size": 4},
                customdata=g[["period", "corridors_n"]],
                hovertemplate=t("%{customdata[0]}: %{y:.2f}% (%{customdata[1]} corridors)"),
            )
        )
    sdg_lines(fig, t=t)
    rows = -(-summary["group"].nunique() // 2)  # legend rows, two entries a row on a wide screen
    return _frame(
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
    return _frame(fig, title, subtitle, t("Number of corridors"), source, bottom=80, t=t)


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
    fig = _frame(fig, title, subtitle, "", source, height=560, t=t)
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
    return _frame(fig, title, subtitle, t(unit), source, bottom=80, t=t)


def share_of_gdp(flows: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN) -> go.Figure:
    """Remittances received as % of GDP: computed here (received / GDP) and as WDI publishes it."""
    fig = go.Figure()
    for col, name, color, dash in (
        ("remit_received_pct_gdp_calc", t("Received ÷ GDP (computed here)"), BLUE, "solid"),
        ("remit_received_pct_gdp_wdi", t("WDI BX.TRF.PWKR.DT.GD.ZS (published)"), ORANGE, "dot"),
    ):
        if flows[col].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=flows["year"],
                    y=flows[col],
                    name=name,
                    mode="lines+markers",
                    connectgaps=False,
                    line={"color": color, "width": 2.2, "dash": dash},
                    marker={"size": 4},
                    hovertemplate=t("%{x}: %{y:.1f}% of GDP"),
                )
            )
    return _frame(fig, title, subtitle, t("% of GDP"), source, bottom=80, t=t)


def labelled_bars(
    df: pd.DataFrame,
    value: str,
    label: str,
    title: str,
    subtitle: str,
    *,
    source: str,
    x_title: str,
    colors: list[str] | None = None,
    text_format: str = "{:.1f}%",
    sdg: bool = True,
    t: Translator = EN,
) -> go.Figure:
    """Horizontal bars, largest first as given, with the value beside each bar."""
    fig = go.Figure(
        go.Bar(
            x=df[value],
            y=df[label],
            orientation="h",
            marker_color=colors or BLUE,
            text=[_text(text_format, v, t) if pd.notna(v) else "" for v in df[value]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    if sdg:
        sdg_lines(fig, horizontal=False, t=t)
        subtitle = f"{subtitle}<br>{t(SDG_LINES_NOTE)}"
    fig = _frame(fig, title, subtitle, "", source, height=max(300, 200 + 30 * len(df)), t=t)
    top = max(float(df[value].max()) if len(df) else 0.0, SDG_CORRIDOR_CEILING_PCT if sdg else 0.0)
    lo = min(float(df[value].min()) if len(df) else 0.0, 0.0)
    fig.update_xaxes(title=x_title, gridcolor="#eee", range=[lo * 1.2, top * 1.25 or 1], title_font={"size": 12})
    return fig


def _text(text_format: str, value: float, t: Translator) -> str:
    """A bar's value label: percentages ("{:.1f}%") and plain numbers in the reader's locale."""
    digits = int(text_format.split(".")[1][0]) if "." in text_format else 0
    return (
        t.percent(value, digits) if text_format.endswith("%}") or text_format.endswith("%") else t.number(value, digits)
    )


# --- Development impact and savings scenarios (remit.scenarios) -------------------------------


def usd_unit(values: pd.Series) -> tuple[float, str]:
    """The divisor and unit name that keep US$ axis labels short: billion, million or plain dollars."""
    top = float(values.abs().max()) if len(values) and values.notna().any() else 0.0
    if top >= 1e10:
        return 1e9, N_("US$ billion")
    if top >= 1e6:
        return 1e6, N_("US$ million")
    return 1.0, N_("US$")


def received_over_time(
    series: pd.DataFrame, column: str, title: str, subtitle: str, source: str, *, y_title: str, t: Translator = EN
) -> go.Figure:
    """Remittances received per year: bars for US$ amounts, a line for shares and per-person values."""
    data = series.dropna(subset=[column])
    fig = go.Figure()
    if column.endswith("_usd") and not column.endswith("per_person_usd"):
        div, unit = usd_unit(data[column])
        unit = t(unit)
        fig.add_trace(
            go.Bar(
                x=data["year"],
                y=data[column] / div,
                marker_color=BLUE,
                name=y_title,
                hovertemplate=f"%{{x}}: %{{y:,.2f}} {unit}<extra></extra>",
            )
        )
        y_title = unit
    else:
        fmt = ",.0f" if column.endswith("_usd") else ".1f"
        fig.add_trace(
            go.Scatter(
                x=data["year"],
                y=data[column],
                mode="lines+markers",
                line={"color": BLUE, "width": 2.5},
                marker={"size": 5},
                name=y_title,
                hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra></extra>",
            )
        )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(dtick=5 if len(data) > 12 else 1)
    return _frame(fig, title, subtitle, y_title, source, height=400, t=t)


def flow_bars(
    shares: pd.DataFrame, label: str, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """Modelled flows by sending country (or corridor), largest first, with each one's share."""
    div, unit = usd_unit(shares["flow_usd"])
    fig = go.Figure(
        go.Bar(
            x=shares["flow_usd"] / div,
            y=shares[label],
            orientation="h",
            marker_color=BLUE,
            # whole millions read best; billions and small amounts keep decimals
            text=[
                f"{t.number(v / div, 0 if div == 1e6 and v >= 1e7 else 2)} ({t.percent(s, 0) if s >= 1 else '<1%'})"
                for v, s in zip(shares["flow_usd"], shares["share_pct"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x:,.2f}} {t(unit)}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    fig = _frame(fig, title, subtitle, "", source, height=150 + 28 * len(shares), t=t)
    fig.update_xaxes(
        title=t("{unit} (modelled)", unit=t(unit)),
        gridcolor="#eee",
        range=[0, float(shares["flow_usd"].max() / div) * 1.4],
    )
    return fig


def savings_bars(
    result: pd.DataFrame, label: str, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """Per corridor: what senders pay now and what the scenario would leave with recipients, a year."""
    div, unit = usd_unit(result["cost_paid_usd"])
    unit = t(unit)
    fig = go.Figure()
    for col, name, color in (
        ("cost_paid_usd", t("Paid in fees and FX margins now"), GREY),
        ("savings_usd", t("Saving in the scenario"), GREEN),
    ):
        fig.add_trace(
            go.Bar(
                x=result[col] / div,
                y=result[label],
                orientation="h",
                name=name,
                marker_color=color,
                text=[t.number(v / div, 1) if pd.notna(v) else "" for v in result[col]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit}<extra>{name}</extra>",
            )
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="group", hovermode="closest", bargap=0.25)
    height = 210 + 44 * len(result)
    fig = _frame(fig, title, subtitle, "", source, height=height, t=t)
    fig.update_xaxes(
        title=t("{unit} a year", unit=unit),
        gridcolor="#eee",
        range=[0, float(result["cost_paid_usd"].max() / div) * 1.25 or 1],
    )
    # The legend sits below the x-axis title: place it in pixels, whatever the number of bars.
    plot_px = fig.layout.height - fig.layout.margin.t - 110
    fig.update_layout(legend={"y": -70 / plot_px, "yanchor": "top"}, margin={"b": 110})
    return fig


def savings_ranking(
    df: pd.DataFrame,
    value: str,
    title: str,
    subtitle: str,
    source: str,
    *,
    x_title: str,
    percent: bool,
    t: Translator = EN,
) -> go.Figure:
    """Economies ranked by what a lower cost would be worth; focus-region economies in blue."""
    div, unit = (1.0, x_title) if percent else usd_unit(df[value])
    unit = unit if percent else t(unit)
    colors = [BLUE if pd.notna(s) else GREY for s in df["focus_subregion"]]
    text = [t.percent(v) if percent else t.number(v / div, 0 if div == 1e6 else 1) for v in df[value]]
    fig = go.Figure(
        go.Bar(
            x=df[value] / div,
            y=[t.country(c, n) for c, n in zip(df["iso3"], df["name"], strict=True)] if "iso3" in df else df["name"],
            orientation="h",
            marker_color=colors,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}" + ("" if percent else f" {unit}") + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    fig = _frame(fig, title, subtitle, "", source, height=150 + 26 * len(df), t=t)
    fig.update_xaxes(
        title=x_title if percent else t("{unit} a year", unit=unit),
        gridcolor="#eee",
        range=[0, float((df[value] / div).max()) * 1.2 or 1],
    )
    return fig


def offers_bars(
    offers: pd.DataFrame, currency: str, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """What arrives with each service (in the sender's currency at the mid-market rate), best first;
    estimates beyond the surveyed amounts are hatched."""
    ranked = offers[offers["transparent"]]
    labels = ranked["firm"] + " · " + ranked["pickup_method"].fillna("?") + " · " + ranked["speed"].fillna("?")
    fig = go.Figure(
        go.Bar(
            x=ranked["received_value_lcu"],
            y=labels,
            orientation="h",
            marker={
                "color": BLUE,
                "pattern": {"shape": ["/" if e == "extrapolated" else "" for e in ranked["estimate"]]},
            },
            text=[
                f"{t.number(v)} {currency} ({t.percent(c, 1)})"
                for v, c in zip(ranked["received_value_lcu"], ranked["total_cost_pct"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    low = float(ranked["received_value_lcu"].min()) if len(ranked) else 0.0
    high = float(ranked["received_value_lcu"].max()) if len(ranked) else 1.0
    fig = _frame(fig, title, subtitle, "", source, height=150 + 30 * max(len(ranked), 1), t=t)
    fig.update_xaxes(
        title=t("What arrives, valued in {currency} at the mid-market rate", currency=currency),
        gridcolor="#eee",
        range=[low * 0.9, high * 1.08],
    )
    return fig


# --- Benchmarking an institution's prices (remit.benchmark) ------------------------------------

YOU = "#1f5fa8"


def _level_line(fig: go.Figure, value: float, label: str, color: str, *, row: int = 0, dash: str = "dot") -> None:
    """A labelled vertical reference level (your price, the corridor average, SmaRT). Labels sit inside the
    plot, right of their line, one row apart, so that close levels never print over each other."""
    fig.add_vline(x=value, line={"dash": dash, "color": color, "width": 1.8})
    fig.add_annotation(x=value, y=1 - 0.085 * row, xref="x", yref="paper", text=label, showarrow=False,
                       xanchor="left", yanchor="top", xshift=3, font={"color": color, "size": 11},
                       bgcolor="rgba(255,255,255,0.85)")  # fmt: skip


def benchmark_services(
    services: pd.DataFrame, levels: dict[str, float], title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """The corridor's services and the user's price as horizontal bars, cheapest first: the user's
    price in blue, its peer group in orange, others grey; SDG lines and the reference levels."""
    df = services.sort_values("total_cost_pct").reset_index(drop=True)
    colors = [YOU if k == "you" else ORANGE if k == "peer" else GREY for k in df["kind"]]
    fig = go.Figure(
        go.Bar(
            x=df["total_cost_pct"],
            y=df["label"],
            orientation="h",
            marker_color=colors,
            text=[t.percent(v) for v in df["total_cost_pct"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    sdg_lines(fig, horizontal=False, t=t)
    for row, (label, value) in enumerate(sorted(levels.items(), key=lambda kv: kv[1])):
        _level_line(fig, value, label, "#333", row=row)
    note = t(SDG_LINES_NOTE) + ". " + t("Blue: your price; orange: services in your peer group")
    fig = _frame(fig, title, f"{subtitle}<br>{note}", "", source, height=190 + 30 * len(df), t=t)
    top = max(float(df["total_cost_pct"].max()), SDG_CORRIDOR_CEILING_PCT, *levels.values())
    lo = min(float(df["total_cost_pct"].min()), 0.0)
    fig.update_xaxes(title=t("Total cost, % of the amount sent"), gridcolor="#eee", range=[lo * 1.2, top * 1.2],
                     title_font={"size": 12})  # fmt: skip
    fig.update_layout(margin={"t": fig.layout.margin.t + 36})
    return fig


def benchmark_distribution(
    averages: pd.Series,
    your_pct: float,
    title: str,
    subtitle: str,
    source: str,
    *,
    corridor_pct: float | None = None,
    t: Translator = EN,
) -> go.Figure:
    """How many corridors' averages fall in each half-point band that quarter, with the user's price
    and its corridor's average marked."""
    import numpy as np  # local: this block is appended to a shared module

    top = max(float(averages.max()) if len(averages) else 0.0, your_pct, SDG_CORRIDOR_CEILING_PCT) + 0.5
    fig = go.Figure(
        go.Histogram(
            x=averages,
            xbins={
                "start": min(0.0, float(averages.min()) if len(averages) else 0.0, your_pct),
                "end": top,
                "size": 0.5,
            },
            marker_color=GREY,
            marker_line={"color": "white", "width": 1},
            hovertemplate=t("%{x}%: %{y} corridors") + "<extra></extra>",
            name=t("Corridor averages"),
        )
    )
    sdg_lines(fig, horizontal=False, t=t)
    _level_line(fig, your_pct, t("Your price {value}", value=t.percent(your_pct)), YOU, dash="solid")
    if corridor_pct is not None and not pd.isna(corridor_pct):
        _level_line(fig, corridor_pct, t("This corridor {value}", value=t.percent(corridor_pct)), "#333", row=1)
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.05)
    start = min(0.0, float(averages.min()) if len(averages) else 0.0, your_pct)
    counts, _ = np.histogram(averages.dropna(), bins=np.arange(start, top + 0.5, 0.5))
    fig.update_yaxes(range=[0, max(int(counts.max()) if len(counts) else 1, 1) * 1.3])  # room for the labels
    fig = _frame(fig, title, f"{subtitle}<br>{t(SDG_LINES_NOTE)}", t("Number of corridors"), source, t=t)
    fig.update_xaxes(title=t("Corridor average, % of USD 200"), title_font={"size": 12}, ticksuffix="%")
    fig.update_layout(margin={"t": fig.layout.margin.t + 36})
    return fig


def benchmark_history(
    history: pd.DataFrame, your_pct: float, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """The corridor average (and, with provider prices, SmaRT and the cheapest service) over quarters,
    against the user's price today; quarters without data stay gaps."""
    fig = go.Figure()
    for col, name, color, dash in (
        ("corridor_average_pct", t("Corridor average"), "#333", "solid"),
        ("smart_pct", "SmaRT", GREEN, "dot"),
        ("cheapest_pct", t("Cheapest service"), ORANGE, "dot"),
    ):
        if col in history and history[col].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=history["period_start"],
                    y=history[col],
                    name=name,
                    mode="lines+markers",
                    connectgaps=False,
                    line={"color": color, "width": 2.2, "dash": dash},
                    marker={"size": 4},
                    customdata=history[["period"]],
                    hovertemplate=f"%{{customdata[0]}}: {name.lower()} %{{y:.2f}}%<extra></extra>",
                )
            )
    fig.add_hline(y=your_pct, line={"color": YOU, "width": 2.5},
                  annotation_text=t("Your price {value}", value=t.percent(your_pct)),
                  annotation_position="top right", annotation_font_color=YOU)  # i18n: not text  # fmt: skip
    sdg_lines(fig, t=t)
    fig = _frame(fig, title, subtitle, t("% of the amount sent"), source, t=t)
    fig.update_layout(margin={"b": 80}, showlegend=True)
    return fig


def price_list_scatter(
    results: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """Each product's total cost against its corridor's average: above the diagonal is dearer than the
    market (red), below cheaper (green); the SDG lines are on the price axis."""
    df = results.dropna(subset=["corridor_average_pct"])
    label = df["product"].fillna("").astype(str).where(df["product"].notna(), [t("row {n}", n=n) for n in df["row"]])
    colors = [GREY if abs(g) < 0.005 else RED if g > 0 else GREEN for g in df["gap_to_average_pp"]]
    top = max(float(df[["total_cost_pct", "corridor_average_pct"]].max().max()) if len(df) else 0.0,
              SDG_CORRIDOR_CEILING_PCT) * 1.1  # fmt: skip
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"color": "#999", "dash": "dot"},
                             name=t("Same as the corridor average"), hoverinfo="skip"))  # fmt: skip
    fig.add_annotation(x=top * 0.8, y=top * 0.8, text=t("same as the average"), showarrow=False, xanchor="left",
                       yanchor="top", xshift=8, font={"color": "#777", "size": 11})  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=df["corridor_average_pct"],
            y=df["total_cost_pct"],
            mode="markers",
            marker={"color": colors, "size": 9, "opacity": 0.8, "line": {"color": "white", "width": 1}},
            customdata=pd.concat([label, df["corridor"], df["period"], df["gap_to_average_pp"]], axis=1),
            hovertemplate="%{customdata[0]} (%{customdata[1]}, %{customdata[2]})<br>"
            + t("your price %{y:.2f}%, corridor average %{x:.2f}%<br>gap %{customdata[3]:+.2f} pp")
            + "<extra></extra>",
            name=t("Your products"),
        )
    )
    sdg_lines(fig, t=t)
    fig.update_layout(hovermode="closest", showlegend=False)
    note = t("Red: dearer than the corridor average, green: cheaper.") + " " + t(SDG_LINES_NOTE)
    fig = _frame(
        fig, title, f"{subtitle}<br>{note}", t("Your total cost, % of the amount sent"), source, height=520, t=t
    )
    fig.update_xaxes(
        title=t("Corridor average, % of USD 200"), range=[0, top], title_font={"size": 12}, gridcolor="#eee"
    )
    fig.update_yaxes(range=[0, top])
    fig.update_layout(margin={"t": fig.layout.margin.t + 18})
    return fig
