"""Plotly figure builders: data in, go.Figure out. No Streamlit here.

Every figure carries its title (what and unit), the SDG lines where it shows costs, and a source
line inside the figure, so that an exported PNG still says where its numbers come from.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

BLUE, GREY, RED, GREEN, ORANGE = "#1f5fa8", "#9aa5b1", "#c0392b", "#2e8540", "#d9822b"
FONT = "Source Sans Pro, Arial, sans-serif"


def _frame(fig: go.Figure, title: str, subtitle: str, y_title: str, source: str, *, height: int = 440) -> go.Figure:
    """Title (what and unit), subtitle (scope and period) and source line inside the figure, so an
    exported PNG carries them; titles stay short enough for a phone."""
    fig.update_layout(
        title={
            "text": title,
            "subtitle": {"text": f"{subtitle}<br>Source: {source}", "font": {"size": 12, "color": "#555"}},
            "x": 0,
            "xanchor": "left",
            "font": {"size": 17},
        },
        yaxis_title=y_title,
        height=height,
        margin={"l": 60, "r": 20, "t": 48 + 17 * (subtitle.count("<br>") + 2), "b": 50},
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_xaxes(showgrid=False, linecolor="#ccc")
    fig.update_yaxes(gridcolor="#eee", zerolinecolor="#ccc")
    return fig


SDG_LINES_NOTE = "Dashed lines: SDG target 3% (green), ceiling 5% (red)"


def sdg_lines(fig: go.Figure, horizontal: bool = True) -> go.Figure:
    """The SDG 10.c lines: 3% average target and 5% corridor ceiling (labelled on line charts;
    on bar charts the axis title names them, as labels would sit on the bars)."""
    for value, label, color in (
        (SDG_TARGET_PCT, "SDG target 3%", GREEN),
        (SDG_CORRIDOR_CEILING_PCT, "SDG ceiling 5%", RED),
    ):
        if horizontal:
            fig.add_hline(
                y=value,
                line={"dash": "dash", "color": color, "width": 1.5},
                annotation_text=label,
                annotation_position="top left",
                annotation_font_color=color,
            )
        else:
            fig.add_vline(x=value, line={"dash": "dash", "color": color, "width": 2.5}, layer="above")
    return fig


def cost_over_time(summary: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
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
                name="10th–90th percentile of corridors",
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
            name="Mean of corridor averages",
            line={"color": BLUE, "width": 2.5},
            marker={"size": 5},
            connectgaps=False,
            customdata=summary[["period", "corridors_n", "median_pct"]],
            hovertemplate="%{customdata[0]}: mean %{y:.2f}%, median %{customdata[2]:.2f}%, %{customdata[1]} corridors<extra></extra>",
        )
    )
    sdg_lines(fig)
    fig = _frame(fig, title, subtitle, "% of the amount sent", source)
    fig.update_layout(margin={"b": 80})
    return fig


def _runs(observed: pd.DataFrame, full: pd.DataFrame) -> list[pd.DataFrame]:
    """Split observed rows into runs of consecutive quarters of the full grid."""
    position = pd.Series(range(len(full)), index=full["period"])
    step = position.loc[observed["period"]].diff().ne(1).cumsum().to_numpy()
    return [g for _, g in observed.groupby(step)]


def sdg_shares(summary: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
    """Share of corridors above the 5% ceiling and below the 3% target, per quarter."""
    fig = go.Figure()
    for col, n_col, name, color in (
        ("above_5pct_share_pct", "above_5pct_n", "Above 5%", RED),
        ("below_3pct_share_pct", "below_3pct_n", "Below 3%", GREEN),
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
                hovertemplate=f"%{{customdata[0]}}: {name.lower()} %{{y:.0f}}% (%{{customdata[1]}} of %{{customdata[2]}} corridors)<extra></extra>",
            )
        )
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    fig = _frame(fig, title, subtitle, "% of corridors with data", source)
    fig.update_layout(margin={"b": 80})
    return fig


def corridor_bars(ranked: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
    """Horizontal bars of corridor costs, with the SDG lines."""
    labels = ranked["sending_name"] + " → " + ranked["receiving_name"]
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
            text=ranked["total_cost_pct_200"].map("{:.1f}%".format),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    sdg_lines(fig, horizontal=False)
    fig = _frame(fig, title, f"{subtitle}<br>{SDG_LINES_NOTE}", "", source, height=150 + 32 * len(ranked))
    top = max(float(ranked["total_cost_pct_200"].max()), SDG_CORRIDOR_CEILING_PCT)
    lo = min(float(ranked["total_cost_pct_200"].min()), 0.0)
    fig.update_xaxes(
        title="% of the amount sent (USD 200)",
        gridcolor="#eee",
        range=[lo * 1.2, top * 1.2],
        title_font={"size": 12},
    )
    return fig


def dependence_bars(df: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
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
                f"{v:.1f}%" + (f" ({y})" if df["year"].nunique() > 1 else "")
                for v, y in zip(df["remit_received_pct_gdp_calc"], df["year"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}% of GDP<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    fig = _frame(fig, title, subtitle, "", source, height=130 + 28 * len(df))
    fig.update_xaxes(
        title="Remittances received, % of GDP",
        gridcolor="#eee",
        range=[0, float(df["remit_received_pct_gdp_calc"].max()) * 1.18],
    )
    return fig


# --- Corridor explorer, map, regions and country profile (remit.explorer) ---------------------

PALETTE = ["#1f5fa8", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#17a2b8", "#6c757d", "#b8860b", "#e83e8c", "#343a40"]
# Cost colour scale with the SDG thresholds where the colour turns: green below 3%, amber 3-5%, red above.
COST_SCALE_MAX = 12.0
COST_SCALE = [
    [0.0, "#1a7f37"],
    [SDG_TARGET_PCT / COST_SCALE_MAX, "#a6d96a"],
    [SDG_CORRIDOR_CEILING_PCT / COST_SCALE_MAX, "#fdae61"],
    [8 / COST_SCALE_MAX, "#d7301f"],
    [1.0, "#67000d"],
]


def corridor_lines(hist: pd.DataFrame, value: str, title: str, subtitle: str, source: str) -> go.Figure:
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
    sdg_lines(fig)
    rows = -(-hist["corridor"].nunique() // 2)  # legend rows, two entries a row on a wide screen
    fig = _frame(fig, title, subtitle, "% of the amount sent", source, height=460 + 22 * rows)
    fig.update_layout(margin={"b": 80 + 22 * rows})
    return fig


def split_facets(
    hist: pd.DataFrame, parts: list[tuple[str, str, str]], title: str, subtitle: str, source: str, *, stacked: bool
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
            hover = {"customdata": g[["period"]], "hovertemplate": f"%{{customdata[0]}}: {name.lower()} %{{y:.2f}}%"}
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
    fig = _frame(fig, title, f"{subtitle}<br>{SDG_LINES_NOTE}", "", source, height=200 + 230 * len(codes))
    fig.update_yaxes(title_text="%", ticksuffix="")
    # room for the third subtitle line and the first panel's title
    fig.update_layout(margin={"b": 70, "t": fig.layout.margin.t + 40}, legend={"y": -0.06 if len(codes) > 1 else -0.15})
    return fig


def group_lines(summary: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
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
                hovertemplate="%{customdata[0]}: %{y:.2f}% (%{customdata[1]} corridors)",
            )
        )
    sdg_lines(fig)
    rows = -(-summary["group"].nunique() // 2)  # legend rows, two entries a row on a wide screen
    fig = _frame(fig, title, subtitle, "% of the amount sent", source, height=470 + 22 * rows)
    fig.update_layout(margin={"b": 80 + 22 * rows})
    return fig


def sdg_counts(picture: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
    """Corridors above 5%, from 3% to 5% and below 3% per quarter, stacked; empty quarters stay empty."""
    fig = go.Figure()
    for col, share, name, color in (
        ("below_3pct_n", "below_3pct_share_pct", "Below 3%", GREEN),
        ("from_3_to_5pct_n", "from_3_to_5pct_share_pct", "3% to 5%", ORANGE),
        ("above_5pct_n", "above_5pct_share_pct", "Above 5%", RED),
    ):
        fig.add_trace(
            go.Bar(
                x=picture["period_start"],
                y=picture[col],
                name=name,
                marker_color=color,
                customdata=picture[["period", share, "corridors_n"]],
                hovertemplate=f"%{{customdata[0]}}: {name.lower()} %{{y:.0f}} of %{{customdata[2]}} corridors (%{{customdata[1]:.0f}}%)",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.1)
    fig = _frame(fig, title, subtitle, "Number of corridors", source)
    fig.update_layout(margin={"b": 80})
    return fig


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
) -> go.Figure:
    """Countries coloured by a cost (the colour turns at the SDG 3% and 5%); economies without a shape
    in the geometry are drawn as dots at `points`."""
    hover = (
        "<b>%{customdata[0]}</b><br>%{customdata[1]:.2f}% (mean of %{customdata[2]} corridor averages)"
        "<br>range %{customdata[3]:.1f}% to %{customdata[4]:.1f}%<extra></extra>"
    )
    cols = ["name", value, "corridors_n", "min_pct", "max_pct"]
    drawn = df[df["iso3"].isin(shapes)]
    dots = df[~df["iso3"].isin(shapes) & df["iso3"].isin(points)]
    fig = go.Figure(
        go.Choropleth(
            locations=drawn["iso3"],
            locationmode="ISO-3",
            z=drawn[value].clip(0, COST_SCALE_MAX),
            coloraxis="coloraxis",
            marker_line_color="white",
            marker_line_width=0.5,
            customdata=drawn[cols],
            hovertemplate=hover,
            name="",
        )
    )
    if len(dots):
        fig.add_trace(
            go.Scattergeo(
                lat=[points[c][1] for c in dots["iso3"]],
                lon=[points[c][2] for c in dots["iso3"]],
                text=dots["name"],
                mode="markers+text",
                textposition="bottom center",
                textfont={"size": 10, "color": "#333"},
                marker={
                    "size": 11,
                    "color": dots[value].clip(0, COST_SCALE_MAX),
                    "coloraxis": "coloraxis",
                    "line": {"color": "#333", "width": 1},
                },
                customdata=dots[cols],
                hovertemplate=hover,
                name="",
                showlegend=False,
            )
        )
    fig = _frame(fig, title, subtitle, "", source, height=560)
    fig.update_layout(
        coloraxis={
            "colorscale": COST_SCALE,
            "cmin": 0,
            "cmax": COST_SCALE_MAX,
            "colorbar": {
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": -0.02,
                "yanchor": "top",
                "title": {"text": "% of USD 200", "side": "right"},
                "tickvals": [0, SDG_TARGET_PCT, SDG_CORRIDOR_CEILING_PCT, 8, COST_SCALE_MAX],
                "ticktext": ["0", "3 (SDG)", "5 (SDG)", "8", f"{COST_SCALE_MAX:.0f}+"],
                "thickness": 12,
                "len": 0.6,
            },
        },
        hovermode="closest",
        margin={"l": 0, "r": 0, "b": 70},
        geo={
            "projection": {"type": "natural earth"},
            "lonaxis": {"range": view["lon"]},
            "lataxis": {"range": view["lat"]},
            "resolution": 50,
            "showcountries": True,
            "countrycolor": "white",
            "showland": True,
            "landcolor": "#e3e3e3",
            "showocean": True,
            "oceancolor": "#f4f8fb",
            "showlakes": False,
            "showcoastlines": False,
            "showframe": False,
        },
    )
    return fig


def flows_over_time(flows: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
    """Remittances received and paid per year, in current US$ billion or million (bars)."""
    top = float(flows[["remit_received_usd", "remit_paid_usd"]].max().max())
    scale, unit = (1e9, "billion") if top >= 1e9 else (1e6, "million")
    fig = go.Figure()
    for col, name, color in (("remit_received_usd", "Received", BLUE), ("remit_paid_usd", "Paid", ORANGE)):
        if flows[col].notna().any():
            fig.add_trace(
                go.Bar(
                    x=flows["year"],
                    y=flows[col] / scale,
                    name=name,
                    marker_color=color,
                    hovertemplate=f"%{{x}}: {name.lower()} US$ %{{y:,.2f}} {unit}<extra></extra>",
                )
            )
    fig.update_layout(barmode="group", bargap=0.2)
    fig = _frame(fig, title, subtitle, f"US$ {unit} (current)", source)
    fig.update_layout(margin={"b": 80})
    return fig


def share_of_gdp(flows: pd.DataFrame, title: str, subtitle: str, source: str) -> go.Figure:
    """Remittances received as % of GDP: computed here (received / GDP) and as WDI publishes it."""
    fig = go.Figure()
    for col, name, color, dash in (
        ("remit_received_pct_gdp_calc", "Received ÷ GDP (computed here)", BLUE, "solid"),
        ("remit_received_pct_gdp_wdi", "WDI BX.TRF.PWKR.DT.GD.ZS (published)", ORANGE, "dot"),
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
                    hovertemplate="%{x}: %{y:.1f}% of GDP",
                )
            )
    fig = _frame(fig, title, subtitle, "% of GDP", source)
    fig.update_layout(margin={"b": 80})
    return fig


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
) -> go.Figure:
    """Horizontal bars, largest first as given, with the value beside each bar."""
    fig = go.Figure(
        go.Bar(
            x=df[value],
            y=df[label],
            orientation="h",
            marker_color=colors or BLUE,
            text=[text_format.format(v) if pd.notna(v) else "" for v in df[value]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    if sdg:
        sdg_lines(fig, horizontal=False)
        subtitle = f"{subtitle}<br>{SDG_LINES_NOTE}"
    fig = _frame(fig, title, subtitle, "", source, height=max(300, 200 + 30 * len(df)))
    fig.update_layout(margin={"t": fig.layout.margin.t + 18})  # room for the third subtitle line
    top = max(float(df[value].max()) if len(df) else 0.0, SDG_CORRIDOR_CEILING_PCT if sdg else 0.0)
    lo = min(float(df[value].min()) if len(df) else 0.0, 0.0)
    fig.update_xaxes(title=x_title, gridcolor="#eee", range=[lo * 1.2, top * 1.25 or 1], title_font={"size": 12})
    return fig


# --- Development impact and savings scenarios (remit.scenarios) -------------------------------


def usd_unit(values: pd.Series) -> tuple[float, str]:
    """The divisor and unit name that keep US$ axis labels short: billion, million or plain dollars."""
    top = float(values.abs().max()) if len(values) and values.notna().any() else 0.0
    if top >= 1e10:
        return 1e9, "US$ billion"
    if top >= 1e6:
        return 1e6, "US$ million"
    return 1.0, "US$"


def received_over_time(
    series: pd.DataFrame, column: str, title: str, subtitle: str, source: str, *, y_title: str
) -> go.Figure:
    """Remittances received per year: bars for US$ amounts, a line for shares and per-person values."""
    data = series.dropna(subset=[column])
    fig = go.Figure()
    if column.endswith("_usd") and not column.endswith("per_person_usd"):
        div, unit = usd_unit(data[column])
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
    return _frame(fig, title, subtitle, y_title, source, height=400)


def flow_bars(shares: pd.DataFrame, label: str, title: str, subtitle: str, source: str) -> go.Figure:
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
                f"{v / div:,.{0 if div == 1e6 and v >= 1e7 else 2}f} ({f'{s:.0f}%' if s >= 1 else '<1%'})"
                for v, s in zip(shares["flow_usd"], shares["share_pct"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    fig = _frame(fig, title, subtitle, "", source, height=150 + 28 * len(shares))
    fig.update_xaxes(
        title=f"{unit} (modelled)", gridcolor="#eee", range=[0, float(shares["flow_usd"].max() / div) * 1.4]
    )
    return fig


def savings_bars(result: pd.DataFrame, label: str, title: str, subtitle: str, source: str) -> go.Figure:
    """Per corridor: what senders pay now and what the scenario would leave with recipients, a year."""
    div, unit = usd_unit(result["cost_paid_usd"])
    fig = go.Figure()
    for col, name, color in (
        ("cost_paid_usd", "Paid in fees and FX margins now", GREY),
        ("savings_usd", "Saving in the scenario", GREEN),
    ):
        fig.add_trace(
            go.Bar(
                x=result[col] / div,
                y=result[label],
                orientation="h",
                name=name,
                marker_color=color,
                text=[f"{v / div:,.1f}" if pd.notna(v) else "" for v in result[col]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit}<extra>{name}</extra>",
            )
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="group", hovermode="closest", bargap=0.25)
    height = 210 + 44 * len(result)
    fig = _frame(fig, title, subtitle, "", source, height=height)
    fig.update_xaxes(
        title=f"{unit} a year", gridcolor="#eee", range=[0, float(result["cost_paid_usd"].max() / div) * 1.25 or 1]
    )
    # The legend sits below the x-axis title: place it in pixels, whatever the number of bars.
    plot_px = height - fig.layout.margin.t - 110
    fig.update_layout(legend={"y": -70 / plot_px, "yanchor": "top"}, margin={"b": 110})
    return fig


def savings_ranking(
    df: pd.DataFrame, value: str, title: str, subtitle: str, source: str, *, x_title: str, percent: bool
) -> go.Figure:
    """Economies ranked by what a lower cost would be worth; focus-region economies in blue."""
    div, unit = (1.0, x_title) if percent else usd_unit(df[value])
    colors = [BLUE if pd.notna(s) else GREY for s in df["focus_subregion"]]
    text = [f"{v:.2f}%" if percent else f"{v / div:,.{0 if div == 1e6 else 1}f}" for v in df[value]]
    fig = go.Figure(
        go.Bar(
            x=df[value] / div,
            y=df["name"],
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
    fig = _frame(fig, title, subtitle, "", source, height=150 + 26 * len(df))
    fig.update_xaxes(
        title=x_title if percent else f"{unit} a year",
        gridcolor="#eee",
        range=[0, float((df[value] / div).max()) * 1.2 or 1],
    )
    return fig


def offers_bars(offers: pd.DataFrame, currency: str, title: str, subtitle: str, source: str) -> go.Figure:
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
                f"{v:,.0f} {currency} ({t:.1f}%)"
                for v, t in zip(ranked["received_value_lcu"], ranked["total_cost_pct"], strict=True)
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
    fig = _frame(fig, title, subtitle, "", source, height=150 + 30 * max(len(ranked), 1))
    fig.update_xaxes(
        title=f"What arrives, valued in {currency} at the mid-market rate",
        gridcolor="#eee",
        range=[low * 0.9, high * 1.08],
    )
    return fig
