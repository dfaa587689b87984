"""Page elements shared by every page: charts with their source line and downloads."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from remit.geo import TOPOJSON_URL
from ui import cached
from ui.i18n import _, current


def citation(*source_ids: str) -> str:
    """'<citation> Licence: <licence>.' for the given source ids (publications keep their own titles)."""
    src = cached.source_records()
    return " ".join(
        _("{citation} Licence: {licence}.", citation=src[s]["citation"], licence=src[s]["licence"])
        for s in source_ids
        if s in src
    )


def source_line(source_ids) -> str:
    """A short 'publisher, title (vintage)' line for chart subtitles, one per source used."""
    src = cached.source_records()
    ids = [s for s in dict.fromkeys(source_ids) if s in src]
    return "; ".join(f"{src[s]['publisher']}, {src[s]['title'].split(':')[0]} ({src[s]['vintage']})" for s in ids)


def _short_title(title: str) -> str:
    """A source's title without its subtitle, unit or method: 'Bilateral Remittance Estimates for 2021'."""
    for cut in (":", " (", " using", ", aggregated"):
        title = title.split(cut, maxsplit=1)[0]
    return title


def source_names(ids: pd.Series) -> pd.Series:
    """Source ids as people read them in a table ('rpw_databank' -> 'World Bank, Remittance Prices Worldwide
    (2020-12-07)'); a scaled flow's 'a x b' becomes 'A × B'. Unknown ids stay as they are."""
    src = cached.source_records()

    def one(value: object) -> object:
        if not isinstance(value, str):
            return value
        parts = [p.strip() for p in value.split(" x ")]
        return " × ".join(
            f"{src[p]['publisher']}, {_short_title(src[p]['title'])} ({src[p]['vintage']})" if p in src else p
            for p in parts
        )

    return ids.map(one)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "remit"


def chart(
    fig: go.Figure,
    data: pd.DataFrame,
    name: str,
    cite: str,
    note: str | None = None,
    *,
    aspect: float | None = None,
) -> None:
    """A figure with its PNG export (camera icon), its data as CSV, and a 'cite this' line.

    aspect (width / height of the plot area, e.g. a map's view): the figure's height then follows the
    width of the page (its margins plus width / aspect), so that a map fills a phone's screen as it
    fills a desktop's, instead of sitting as a thin strip between blank areas."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": _slug(name), "scale": 2},
        "topojsonURL": TOPOJSON_URL,  # maps draw from the geometry remit serves, not a CDN
    }
    if aspect is None:
        st.plotly_chart(fig, width="stretch", config=config)
    else:
        key = f"fit-{_slug(name)}"
        chrome = int(fig.layout.margin.t or 0) + int(fig.layout.margin.b or 0)
        # Container query units (cqw) measure the outer container's width; the inner one takes the height.
        st.html(
            f"<style>.st-key-{key} {{ container-type: inline-size; }}"
            f".st-key-{key}-plot {{ height: clamp(300px, calc({chrome}px + 100cqw / {aspect:.4f}), 820px) !important;"
            " flex: 0 0 auto !important; }</style>"
        )
        with st.container(key=key), st.container(key=f"{key}-plot"):
            st.plotly_chart(fig, width="stretch", height="stretch", config=config)
    download(data, name, cite, note)


def download(data: pd.DataFrame, name: str, cite: str, note: str | None = None) -> None:
    """The 'cite this' line and a CSV download of exactly the rows shown (written only when clicked)."""
    cite_line = _("**Cite this:** {cite}", cite=cite)
    st.caption(f"{note} {cite_line}" if note else cite_line)
    st.download_button(
        _("Download CSV"),
        lambda: data.to_csv(index=False).encode("utf-8"),
        file_name=f"{_slug(name)}.csv",
        mime="text/csv",
        key=f"csv-{_slug(name)}",
        on_click="ignore",
        icon=":material/download:",
    )


def money(usd: float) -> str:
    """US$ amounts as people read them: US$ 16.6 bn, US$ 290 m; in other languages the locale's short
    form (16,6 млрд $)."""
    if pd.isna(usd):
        return "–"
    t = current()
    if t.code != "en":
        return t.compact_money(usd) if abs(usd) >= 1e6 else t.money(usd, "USD", 0)
    if abs(usd) >= 1e9:
        return f"US$ {usd / 1e9:,.1f} bn"
    if abs(usd) >= 1e6:
        return f"US$ {usd / 1e6:,.0f} m"
    return f"US$ {usd:,.0f}"
