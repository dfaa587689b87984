"""Figures of provider prices: a migrant's offers (Compare providers) and an institution's benchmark
(Benchmark your prices, Check a price list) against the corridor, its peers and SDG 10.c."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from remit import safe
from remit.charts.common import (
    BLUE,
    EN,
    GREEN,
    GREY,
    ORANGE,
    RED,
    SDG_LINES_NOTE,
    add_lines,
    cost_bars,
    frame,
    sdg_lines,
    unique_labels,
)
from remit.i18n import Translator
from remit.sdg import SDG_CORRIDOR_CEILING_PCT


def offers_bars(
    offers: pd.DataFrame, currency: str, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """What arrives with each service (in the sender's currency at the mid-market rate), best first;
    estimates beyond the surveyed amounts are hatched."""
    ranked = offers[offers["transparent"]]
    labels = (  # data from an imported workbook: escaped and capped (remit.safe.label)
        safe.labels(ranked["firm"])
        + " · "
        + safe.labels(ranked["pickup_method"].fillna("?"), 30)
        + " · "
        + safe.labels(ranked["speed"].fillna("?"), 30)
    )
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
    fig = frame(fig, title, subtitle, "", source, height=150 + 30 * max(len(ranked), 1), t=t)
    fig.update_xaxes(
        title=t("What arrives, valued in {currency} at the mid-market rate", currency=currency),
        gridcolor="#eee",
        range=[low * 0.9, high * 1.08],
    )
    return fig


# --- Benchmarking an institution's prices (remit.benchmark) ------------------------------------

YOU = "#1f5fa8"


def _level_line(
    fig: go.Figure, value: float, label: str, color: str, *, row: int = 0, dash: str = "dot", side: str = "left"
) -> None:
    """A labelled vertical reference level (your price, the corridor average, SmaRT). Labels sit inside the
    plot, one row apart, on `side` of their line ('left': the label starts at the line and runs right), so
    that two close levels print away from each other instead of over the other's line."""
    fig.add_vline(x=value, line={"dash": dash, "color": color, "width": 1.8})
    fig.add_annotation(x=value, y=1 - 0.085 * row, xref="x", yref="paper", text=label, showarrow=False,
                       xanchor=side, yanchor="top", xshift=3 if side == "left" else -3,
                       font={"color": color, "size": 11}, bgcolor="rgba(255,255,255,0.85)")  # fmt: skip


def benchmark_services(
    services: pd.DataFrame, levels: dict[str, float], title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """The corridor's services and the user's price as horizontal bars, cheapest first: the user's
    price in blue, its peer group in orange, others grey; SDG lines and the reference levels."""
    df = services.sort_values("total_cost_pct").reset_index(drop=True)
    colors = [YOU if k == "you" else ORANGE if k == "peer" else GREY for k in df["kind"]]
    fig = cost_bars(df["total_cost_pct"], unique_labels(df["label"], 2 * safe.LABEL_CHARS), colors, t=t)
    for row, (label, value) in enumerate(sorted(levels.items(), key=lambda kv: kv[1])):
        _level_line(fig, value, safe.label(label, 2 * safe.LABEL_CHARS), "#333", row=row)
    note = t(SDG_LINES_NOTE) + ". " + t("Blue: your price; orange: services in your peer group")
    fig = frame(fig, title, f"{subtitle}<br>{note}", "", source, height=190 + 30 * len(df), t=t)
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
    has_corridor = corridor_pct is not None and not pd.isna(corridor_pct)
    you_right = not has_corridor or your_pct >= corridor_pct  # each label on the side away from the other line
    _level_line(fig, your_pct, t("Your price {value}", value=t.percent(your_pct)), YOU, dash="solid",
                side="left" if you_right else "right")  # i18n: not text  # fmt: skip
    if has_corridor:
        _level_line(fig, corridor_pct, t("This corridor {value}", value=t.percent(corridor_pct)), "#333", row=1,
                    side="right" if you_right else "left")  # i18n: not text  # fmt: skip
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.05)
    start = min(0.0, float(averages.min()) if len(averages) else 0.0, your_pct)
    counts, _ = np.histogram(averages.dropna(), bins=np.arange(start, top + 0.5, 0.5))
    fig.update_yaxes(range=[0, max(int(counts.max()) if len(counts) else 1, 1) * 1.3])  # room for the labels
    fig = frame(fig, title, f"{subtitle}<br>{t(SDG_LINES_NOTE)}", t("Number of corridors"), source, t=t)
    fig.update_xaxes(title=t("Corridor average, % of USD 200"), title_font={"size": 12}, ticksuffix="%")
    fig.update_layout(margin={"t": fig.layout.margin.t + 36})
    return fig


def benchmark_history(
    history: pd.DataFrame, your_pct: float, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """The corridor average (and, with provider prices, SmaRT and the cheapest service) over quarters,
    against the user's price today; quarters without data stay gaps."""
    fig = go.Figure()
    series = (
        ("corridor_average_pct", t("Corridor average"), "#333", "solid"),
        ("smart_pct", "SmaRT", GREEN, "dot"),
        ("cheapest_pct", t("Cheapest service"), ORANGE, "dot"),
    )
    add_lines(
        fig,
        history["period_start"],
        history,
        series,
        hover=lambda name: f"%{{customdata[0]}}: {name.lower()} %{{y:.2f}}%<extra></extra>",
        customdata=history[["period"]],
    )
    fig.add_hline(y=your_pct, line={"color": YOU, "width": 2.5},
                  annotation_text=t("Your price {value}", value=t.percent(your_pct)),
                  annotation_position="top right", annotation_font_color=YOU)  # i18n: not text  # fmt: skip
    sdg_lines(fig, t=t)
    fig = frame(fig, title, subtitle, t("% of the amount sent"), source, t=t)
    fig.update_layout(margin={"b": 80}, showlegend=True)
    return fig


def price_list_scatter(
    results: pd.DataFrame, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """Each product's total cost against its corridor's average: above the diagonal is dearer than the
    market (red), below cheaper (green); the SDG lines are on the price axis."""
    df = results.dropna(subset=["corridor_average_pct"])
    label = safe.labels(df["product"]).where(df["product"].notna(), [t("row {n}", n=n) for n in df["row"]])
    colors = [GREY if abs(g) < 0.005 else RED if g > 0 else GREEN for g in df["gap_to_average_pp"]]
    top = max(float(df[["total_cost_pct", "corridor_average_pct"]].max().max()) if len(df) else 0.0,
              SDG_CORRIDOR_CEILING_PCT) * 1.1  # fmt: skip
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"color": "#999", "dash": "dot"},
                             name=t("Same as the corridor average"), hoverinfo="skip"))  # fmt: skip
    fig.add_annotation(x=top * 0.8, y=top * 0.8, text=t("same as the average"), showarrow=False, xanchor="left",
                       yanchor="top", xshift=8, font={"color": "#777", "size": 11})  # fmt: skip
    few = len(df) <= 25  # few enough products to name each point; more are named on hover
    fig.add_trace(
        go.Scatter(
            x=df["corridor_average_pct"],
            y=df["total_cost_pct"],
            mode="markers+text" if few else "markers",
            text=label if few else None,
            textposition="top center",  # i18n: not text
            textfont={"size": 10, "color": "#444"},
            marker={"color": colors, "size": 9, "opacity": 0.8, "line": {"color": "white", "width": 1}},
            customdata=pd.concat(
                [label, safe.labels(df["corridor"]), safe.labels(df["period"]), df["gap_to_average_pp"]], axis=1
            ),
            hovertemplate="%{customdata[0]} (%{customdata[1]}, %{customdata[2]})<br>"
            + t("your price %{y:.2f}%, corridor average %{x:.2f}%<br>gap %{customdata[3]:+.2f} pp")
            + "<extra></extra>",
            name=t("Your products"),
        )
    )
    sdg_lines(fig, t=t)
    fig.update_layout(hovermode="closest", showlegend=False)
    note = t("Red: dearer than the corridor average, green: cheaper.") + " " + t(SDG_LINES_NOTE)
    fig = frame(
        fig, title, f"{subtitle}<br>{note}", t("Your total cost, % of the amount sent"), source, height=520, t=t
    )
    fig.update_xaxes(
        title=t("Corridor average, % of USD 200"), range=[0, top], title_font={"size": 12}, gridcolor="#eee"
    )
    fig.update_yaxes(range=[0, top], automargin=True, title_font={"size": 12}, title_standoff=6)
    fig.update_layout(margin={"t": fig.layout.margin.t + 18, "l": max(fig.layout.margin.l or 0, 70)})
    return fig
