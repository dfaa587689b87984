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
