"""What every figure shares: the title block, the source line, the SDG 10.c lines, colours, labelled bars.

Every figure carries its title (what and unit), the SDG lines where it shows costs, and a source
line inside the figure, so that an exported PNG still says where its numbers come from.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from remit import safe
from remit.i18n import N_, SOURCE, Translator, translator
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

EN = translator(SOURCE)  # every figure function takes t=, the reader's language; English by default

BLUE, GREY, RED, GREEN, ORANGE = "#1f5fa8", "#9aa5b1", "#c0392b", "#2e8540", "#d9822b"
FONT = "Source Sans Pro, Arial, sans-serif"  # i18n: not text


# The title block above the plot, in px: a 17-px title line, a 12-px subtitle line (generously, with its
# spacing), the room above the title, between title and subtitle, and below the source line (where the top
# tick label, e.g. "100%", reaches up).
TITLE_LINE_PX, SUBTITLE_LINE_PX, TITLE_PAD_PX, TITLE_GAP_PX, PLOT_GAP_PX = 24, 20, 10, 6, 18


# The longest line of the title (17 px) and of the subtitle and source (12 px), in characters, that fits a
# phone's 390-px screen: longer lines wrap (a figure cannot learn its width, and Plotly cuts a long title).
# An axis title under horizontal bars is centred under a plot that the bar labels leave narrow: 22 characters.
TITLE_LINE_CHARS, SUBTITLE_LINE_CHARS, BAR_AXIS_TITLE_CHARS = 42, 54, 22
# A bar's label beside a horizontal bar takes the plot's width from the bars: on a phone "Russian Federation →
# Kyrgyz Republic" left the bars a third of the screen. A longer label breaks after the corridor's arrow (or at
# spaces), and its row is taller by BAR_ROW_EXTRA_PX.
BAR_LABEL_CHARS, BAR_ROW_EXTRA_PX = 22, 10
# Cyrillic letters are wider than Latin ones in the 12-px subtitle: 54 of them ran past a phone's screen
# (Russian, 390 px: "…13 направле" cut); a subtitle with Cyrillic in it wraps at 7/8 of the width.
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Plotly moves a title of several lines up by about half a line for each line after the first (the first line
# was cut off at the top): the title block is moved down by as much.
TITLE_SHIFT_PX = 12
# A value label beside a bar (textposition outside) sits in the right margin when the bar is the longest:
# room for it, in px per character of 12-px text, plus a gap.
VALUE_LABEL_CHAR_PX, VALUE_LABEL_GAP_PX = 8, 12


LEGEND_LINE_CHARS = 44  # a legend entry (13 px, after its line sample) that fits a phone; longer names wrap


def legend_name(text: str) -> str:
    """A legend entry wrapped to fit a phone; Cyrillic letters are wider, so its lines are shorter
    ('Глобальная средняя, опубликованная (база данных ЦУР ООН)' ran past the edge)."""
    return wrap(text, LEGEND_LINE_CHARS * 7 // 8 if _CYRILLIC.search(text) else LEGEND_LINE_CHARS)


def wrap(text: str, width: int) -> str:
    """Text whose lines (split at <br>) are at most `width` characters, broken at spaces (a longer word
    stays whole), joined with <br> as Plotly writes line breaks."""
    lines = []
    for line in text.split("<br>"):
        lines += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]
    return "<br>".join(lines)


def bar_labels(labels) -> list[str]:
    """Labels of horizontal bars, each at most about BAR_LABEL_CHARS a line: a corridor "A → B" breaks after
    its arrow, any other long label at spaces (a label's lines are joined with <br>, as Plotly writes them)."""
    out = []
    for label in labels:
        text = str(label)
        if len(text) > BAR_LABEL_CHARS and " → " in text:
            send, recv = text.split(" → ", 1)
            text = f"{wrap(send, BAR_LABEL_CHARS)} →<br>{wrap(recv, BAR_LABEL_CHARS)}"
        elif len(text) > BAR_LABEL_CHARS:
            text = wrap(text, BAR_LABEL_CHARS)
        out.append(text)
    return out


def bar_row_px(labels: list[str], row_px: int) -> int:
    """The height of one bar's row: taller when a label takes two lines or more."""
    return row_px + (BAR_ROW_EXTRA_PX if any("<br>" in x for x in labels) else 0)


def room_for_values(fig: go.Figure, texts: list[str]) -> None:
    """A right margin that holds the longest value label beside a horizontal bar ("38.4% (2023)"), which
    would otherwise be cut where the figure ends, on a phone most of all."""
    longest = max((len(x) for x in texts), default=0)
    fig.update_layout(margin={"r": max(20, VALUE_LABEL_CHAR_PX * longest + VALUE_LABEL_GAP_PX)})


def top_margin(title: str, subtitle: str, *, extra: int = 0) -> int:
    """The top margin that holds the title, the subtitle and the source line (one more line than the
    subtitle has), counted from their real number of lines, plus `extra` (e.g. a facet's panel title)."""
    title_lines = title.count("<br>") + 1
    subtitle_lines = subtitle.count("<br>") + 2  # the subtitle's lines and the source line
    return (
        TITLE_PAD_PX
        + TITLE_SHIFT_PX * (title_lines - 1)
        + TITLE_LINE_PX * title_lines
        + TITLE_GAP_PX
        + SUBTITLE_LINE_PX * subtitle_lines
        + PLOT_GAP_PX
        + extra
    )


def add_lines(
    fig: go.Figure,
    x: pd.Series,
    data: pd.DataFrame,
    series: tuple[tuple[str, str, str, str], ...],
    *,
    hover: Callable[[str], str],
    customdata: pd.DataFrame | None = None,
) -> None:
    """One line with markers for each (column, name, colour, dash) of `series` that has data; gaps stay gaps.
    hover(name) gives the line's hover template."""
    for col, name, color, dash in series:
        if col in data and data[col].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=data[col],
                    name=name,
                    mode="lines+markers",
                    connectgaps=False,
                    line={"color": color, "width": 2.2, "dash": dash},
                    marker={"size": 4},
                    customdata=customdata,
                    hovertemplate=hover(name),
                )
            )


def frame(
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
    `bottom`: the bottom margin, room for a legend below the plot.

    No figure links anywhere: an <a> tag that reached the title, subtitle or source (a page put a data
    string there without remit.safe.label) is dropped, its text kept."""
    title, subtitle, source = (safe.without_links(x) for x in (title, subtitle, source))
    # Lines too long for a phone wrap, and the top margin counts the lines they make.
    title = wrap(title, TITLE_LINE_CHARS)
    subtitle = subtitle + "<br>" + t("Source: {source}", source=source)
    subtitle = wrap(subtitle, SUBTITLE_LINE_CHARS * 7 // 8 if _CYRILLIC.search(subtitle) else SUBTITLE_LINE_CHARS)
    top = top_margin(title, subtitle.rsplit("<br>", 1)[0], extra=extra_top)  # the source is the last line
    fig.update_layout(
        title={
            "text": title,
            "subtitle": {
                "text": subtitle,
                "font": {"size": 12, "color": "#555"},
            },
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": TITLE_PAD_PX + TITLE_SHIFT_PX * title.count("<br>")},
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


def unique_labels(values: pd.Series, limit: int) -> list[str]:
    """Category labels made safe (remit.safe.label) that stay distinct when capping makes two the same
    (Plotly would draw both on one row): a repeat gets ' (2)', ' (3)'..."""
    seen: dict[str, int] = {}
    out = []
    for value in values:
        text = safe.label(value, limit)
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def _separators(t: Translator) -> str:
    """Plotly's decimal and thousands separators for the reader's locale ("., " in English, ", " in Russian)."""
    symbols = t.locale.number_symbols["latn"]
    return symbols["decimal"] + symbols["group"].replace("\u202f", "\xa0")


SDG_LINES_NOTE = N_("Dashed lines: SDG target 3% (green), ceiling 5% (red)")


def cost_bars(
    costs: pd.Series, labels: list[str], colors: list[str], *, digits: int = 2, t: Translator = EN
) -> go.Figure:
    """Horizontal bars of costs (% of the amount sent) in the given order, top to bottom, each with its value at
    its end, and the SDG lines."""
    fig = go.Figure(
        go.Bar(
            x=costs,
            y=labels,
            orientation="h",
            marker_color=colors,
            text=[t.percent(v, digits) for v in costs],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(hovermode="closest", showlegend=False)
    return sdg_lines(fig, horizontal=False, t=t)


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


def sdg_colour(cost_pct: float) -> str:
    """A cost's colour against SDG 10.c: red above the 5% ceiling, green below the 3% target, orange between."""
    return RED if cost_pct > SDG_CORRIDOR_CEILING_PCT else GREEN if cost_pct < SDG_TARGET_PCT else ORANGE


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
    """Horizontal bars, largest first as given, with the value beside each bar (long labels on two lines)."""
    labels = bar_labels(df[label])
    fig = go.Figure(
        go.Bar(
            x=df[value],
            y=labels,
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
    fig = frame(fig, title, subtitle, "", source, height=max(300, 200 + bar_row_px(labels, 30) * len(df)), t=t)
    room_for_values(fig, list(fig.data[0].text))
    top = max(float(df[value].max()) if len(df) else 0.0, SDG_CORRIDOR_CEILING_PCT if sdg else 0.0)
    lo = min(float(df[value].min()) if len(df) else 0.0, 0.0)
    fig.update_xaxes(
        title=wrap(x_title, BAR_AXIS_TITLE_CHARS),
        gridcolor="#eee",
        range=[lo * 1.2, top * 1.25 or 1],
        title_font={"size": 12},
    )
    return fig


def _text(text_format: str, value: float, t: Translator) -> str:
    """A bar's value label: percentages ("{:.1f}%") and plain numbers in the reader's locale."""
    digits = int(text_format.split(".")[1][0]) if "." in text_format else 0
    return (
        t.percent(value, digits) if text_format.endswith("%}") or text_format.endswith("%") else t.number(value, digits)
    )
