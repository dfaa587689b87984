"""Figures of development impact and savings scenarios (remit.scenarios): remittances received,
flows by corridor, savings at a lower cost, and the savings ranking of countries."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from remit.charts.common import BAR_AXIS_TITLE_CHARS, BLUE, EN, GREEN, GREY, frame, room_for_values, wrap
from remit.i18n import N_, Translator


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
    return frame(fig, title, subtitle, y_title, source, height=400, t=t)


def flow_bars(
    shares: pd.DataFrame, label: str, title: str, subtitle: str, source: str, *, t: Translator = EN
) -> go.Figure:
    """Modelled flows by sending country (or corridor), largest first, with each one's share."""
    div, unit = usd_unit(shares["flow_usd"])
    # whole millions read best; billions and small amounts keep decimals
    texts = [
        f"{t.number(v / div, 0 if div == 1e6 and v >= 1e7 else 2)} ({t.percent(s, 0) if s >= 1 else '<1%'})"
        for v, s in zip(shares["flow_usd"], shares["share_pct"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=shares["flow_usd"] / div,
            y=shares[label],
            orientation="h",
            marker_color=BLUE,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x:,.2f}} {t(unit)}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    fig = frame(fig, title, subtitle, "", source, height=150 + 28 * len(shares), t=t)
    # The largest flow's label ("2 307 (79 %)") and the axis title were cut at the right edge on a phone.
    room_for_values(fig, texts)
    fig.update_xaxes(
        title=wrap(t("{unit} (modelled)", unit=t(unit)), BAR_AXIS_TITLE_CHARS),
        gridcolor="#eee",
        range=[0, float(shares["flow_usd"].max() / div) * 1.05],  # the labels have the right margin
        nticks=3,  # few ticks: on a phone the narrow plot turned five of them on their side
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
    fig = frame(fig, title, subtitle, "", source, height=height, t=t)
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
    fig = frame(fig, title, subtitle, "", source, height=150 + 26 * len(df), t=t)
    room_for_values(fig, text)
    fig.update_xaxes(
        # wrapped, and a right margin for the labels: 'млн долл. США в год' ran past the edge on a phone
        title=wrap(x_title if percent else t("{unit} a year", unit=unit), BAR_AXIS_TITLE_CHARS),
        gridcolor="#eee",
        range=[0, float((df[value] / div).max()) * 1.2 or 1],
    )
    return fig
