"""Page elements shared by every page: charts with their source line and downloads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from remit import briefing, keys, safe
from remit.geo import TOPOJSON_URL
from remit.i18n import N_
from remit.sdg import SDG_TARGET_PCT
from ui import cached
from ui.i18n import _, current, say
from ui.url_state import coded_selectbox, ignored_choice, ignored_number, unknown_codes

if TYPE_CHECKING:
    from remit import rates


# The focus region's name, and what the Overview and Corridors choice "Focus region / World" means by it.
FOCUS_NAME = N_("South-Eastern Europe, Eastern Europe and Central Asia")


def focus_region_help() -> str:
    """The help of a "Focus region / World" choice: which countries the focus region is, and which corridors count."""
    return _(
        "The focus region is {region}: the Western Balkans, Moldova, Ukraine and Belarus, the South "
        "Caucasus, Central Asia, and the Russian Federation and Türkiye as the main host countries. "
        "A corridor counts when it sends from or to one of these countries.",
        region=_(FOCUS_NAME),
    )


def citation(*source_ids: str) -> str:
    """'<citation> Licence: <licence>.' for the given source ids (publications keep their own titles), as
    Markdown: the records' text is escaped (an imported workbook's file name is in its citation)."""
    src = cached.source_records()
    return " ".join(
        _(
            "{citation} Licence: {licence}.",
            citation=safe.markdown(src[s]["citation"], CITED_CHARS),
            licence=safe.markdown(src[s]["licence"], CITED_CHARS),
        )
        for s in source_ids
        if s in src
    )


CITED_CHARS = 400  # a citation is long (publisher, title, URL, file name) but not a page


# Short names of the price sources for a chart's source line, one a line so it reads on a phone.
SOURCE_SHORT = {
    "rpw_databank": N_("World Bank, RPW (DataBank, Dec 2020)"),
    "rpw_panel_southasia": N_("World Bank, RPW Q3 2025 (aggregated by a third party)"),
    "sdg_corridor_cost": N_("UN SDG Global Database, 10.c.1 (World Bank RPW), 2021"),
    "sdg_corridor_smart": N_("UN SDG Global Database, 10.c.1 SmaRT (World Bank RPW)"),
    "sdg_cost_to": N_("UN SDG Global Database, 10.c.1 country and Global Averages (World Bank RPW)"),
    "sdg_cost_from": N_("UN SDG Global Database, 10.c.1 country and Global Averages (World Bank RPW)"),
    "rpw_provider": N_("World Bank, RPW provider-level workbook (imported)"),
}


def short_sources(source_ids, sep: str = "<br>") -> str:
    """source_line with each source on its own line of a chart's subtitle."""
    return source_line(source_ids, sep=sep)


def source_line(source_ids, *, chart: bool = True, sep: str = "; ") -> str:
    """The sources of a chart's prices, one per source used, the same on every page: its short name in the
    reader's language (SOURCE_SHORT), else 'publisher, title (vintage)' as data/sources.toml records it, never
    its internal id. A chart label (remit.safe.label: escaped for Plotly's HTML, each part capped), or with
    chart=False plain text on one line (a PDF)."""
    src = cached.source_records()
    part = safe.label if chart else safe.one_line

    def name(s: str) -> str:
        if s in SOURCE_SHORT:
            return part(_(SOURCE_SHORT[s]), 160)
        record = src[s]
        return f"{part(record['publisher'], 80)}, {part(record['title'].split(':')[0], 80)} ({part(vintage(record['vintage']), 80)})"

    names = (name(s) for s in dict.fromkeys(source_ids) if s in SOURCE_SHORT or s in src)
    return sep.join(dict.fromkeys(names))  # two sources with the same short name (sent to, sent from) say it once


def file_uploader(label: str, types: list[str], key: str, help: str | None = None, max_mb: int | None = None):  # noqa: A002, ANN201
    """st.file_uploader with its own words in the reader's language.

    Streamlit writes the drop zone's button ("Upload") and its limit line ("60MB per file • XLSX") in
    English whatever the page's language. Inside this widget's container, CSS hides that line and puts our
    translated label on the button; the limit follows as a caption. The widget itself is unchanged (its
    value, key and accepted types), so tests and the browser drive it as before. max_mb: a lower limit than the
    server's (server.maxUploadSize) for this widget.
    """
    button = _("Choose a file").replace("\\", "\\\\").replace('"', '\\"')
    slug = _slug(key)  # a CSS class name: only a-z, 0-9 and '-'
    box = f"st-key-{slug}-box"
    words = f".{box} [data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer']"
    st.html(
        f"<style>.{box} [data-testid='stFileUploaderDropzoneInstructions'] {{ display: none; }}"
        f"{words} p {{ display: none; }}"
        f'{words}::after {{ content: "{button}"; }}'
        "</style>"
    )
    with st.container(key=f"{slug}-box"):
        upload = st.file_uploader(label, type=types, key=key, help=help, max_upload_size=max_mb)
        st.caption(
            _(
                "Up to {size} MB per file ({types}).",
                size=current().number(float(max_mb or st.get_option("server.maxUploadSize"))),
                types=", ".join(t.upper() for t in types),
            )
        )
    return upload


def vintage(text: object) -> str:
    """A source's vintage as the reader writes dates ('2020-12-07' -> '7 Dec 2020' / '7 дек. 2020 г.');
    a vintage that is not a date stays as the source records it."""
    try:
        return current().date(date.fromisoformat(str(text)))
    except ValueError:
        return str(text)


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
            f"{src[p]['publisher']}, {_short_title(src[p]['title'])} ({vintage(src[p]['vintage'])})" if p in src else p
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
    """The 'cite this' line (cite: Markdown, as citation() gives it) and a CSV download of exactly the
    rows shown (written only when clicked), every text cell that a spreadsheet would run as a formula
    neutralised (remit.safe.spreadsheet)."""
    cite_line = _("**Cite this:** {cite}", cite=cite)
    st.caption(f"{note} {cite_line}" if note else cite_line)
    st.download_button(
        _("Download CSV"),
        lambda: safe.csv_bytes(data),
        file_name=f"{_slug(name)}.csv",
        mime="text/csv",
        key=f"csv-{_slug(name)}",
        on_click="ignore",
        icon=":material/download:",
    )


TARGET_MAX_PCT = 30  # the highest savings target the pages take, % of the amount sent


def target_input(label: str, help: str | None = None, where: Any = st) -> float:  # noqa: A002 (Streamlit's name)
    """The savings target (% of the amount sent) on Impact and Savings by country: 0 to TARGET_MAX_PCT in steps of
    0.5, the SDG's 3% unless the link says otherwise (bound to ?target=); `where`: a column or st."""
    return where.number_input(
        label,
        min_value=0.0,
        max_value=float(TARGET_MAX_PCT),
        value=SDG_TARGET_PCT,
        step=0.5,
        format="%.1f",
        key="target",
        bind="query-params",
        help=help,
    )


def ignored_target() -> str | None:
    """A ?target= link value the pages cannot take, said in the reader's words (None if it can be taken)."""
    return ignored_number("target", 0, TARGET_MAX_PCT, what=_("target"), shown=gpct(SDG_TARGET_PCT))


def gpct(value: float) -> str:
    """A percentage with as many decimals as it needs (3 -> '3%', 3.5 -> '3.5%'), in the reader's locale."""
    return say(briefing.level(value))


def in_millions(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The table with these columns of US dollars (or people) in millions, for a table's display: Streamlit's
    'compact' number format abbreviates in the browser's language ('7.1B' on a Russian page in an English
    browser), so tables say the unit in the column's heading instead. The CSV downloads keep the full values."""
    return table.assign(**{c: table[c] / 1e6 for c in columns})


MILLIONS = "%.2f"  # the display format of in_millions' columns: 0.01 million is US$ 10,000


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


@dataclass(frozen=True)
class Corridor:
    """The corridor picked: codes, names in the reader's language, and its row of cached.corridor_list()."""

    send: str
    recv: str
    send_name: str
    recv_name: str
    row: pd.Series

    @property
    def key(self) -> keys.Corridor:
        return keys.Corridor(self.send, self.recv)

    @property
    def code(self) -> str:
        return self.key.code

    @property
    def label(self) -> str:
        return f"{self.send_name} → {self.recv_name}"


def _sorted_names(codes: pd.Series, names: pd.Series) -> dict[str, str]:
    t = current()
    return dict(sorted(((c, t.country(c, n)) for c, n in zip(codes, names, strict=True)), key=lambda kv: kv[1]))


def _remembered(key: str) -> None:
    """Bring back the last choice when the user comes to another corridor page (the link wins if it names one)."""
    if key in st.session_state:  # left by the widget of the page before: make it this page's widget's value
        st.session_state[key] = st.session_state[key]
    elif key not in st.query_params and f"_last_{key}" in st.session_state:
        st.session_state[key] = st.session_state[f"_last_{key}"]


LINK_CODE_UNKNOWN = {
    "from": N_(
        "The link asked for {codes} as the sending country, which has no corridor here; showing {shown} instead."
    ),
    "to": N_(
        "The link asked for {codes} as the receiving country, which has no corridor here; showing {shown} instead."
    ),
}


def corridor_picker(default: tuple[str, str] = ("RUS", "TJK")) -> Corridor:
    """'Sending from' and 'Sending to', side by side: every sending country with a corridor, then the
    countries it has corridors to. The link holds ?from=RUS&to=TJK; the choice is kept across the pages
    that use this picker; a link code with no corridor is said and replaced, never silently."""
    corridor_list = cached.corridor_list()
    senders = _sorted_names(corridor_list["sending_iso3"], corridor_list["sending_name"])
    left, right = st.columns(2)
    with left:
        _remembered("from")
        send = coded_selectbox(_("Sending from"), senders, key="from", default=default[0])
        st.session_state["_last_from"] = send
    to = corridor_list[corridor_list["sending_iso3"] == send]
    receivers = _sorted_names(to["receiving_iso3"], to["receiving_name"])
    with right:
        _remembered("to")
        recv = coded_selectbox(_("Sending to"), receivers, key="to", default=default[1])
        st.session_state["_last_to"] = recv
    for key, shown in (("from", senders[send]), ("to", receivers[recv])):
        if ignored := unknown_codes(key):
            st.warning(_(LINK_CODE_UNKNOWN[key], codes=", ".join(ignored), shown=shown))
    row = to[to["receiving_iso3"] == recv].iloc[0]
    return Corridor(send, recv, senders[send], receivers[recv], row)


def quarters() -> tuple[list[str], str]:
    """The quarters with corridor data, newest first, and the latest one that covers every corridor."""
    periods = cached.periods()
    return list(periods["period"].iloc[::-1]), periods[periods["complete"]]["period"].iloc[-1]


def ignored_quarter(options: list[str], shown: str) -> str | None:
    """The warning for a link's ?period= that is no quarter with data (see url_state.ignored_choice)."""
    return ignored_choice(
        "period",
        options,
        what=_("quarter"),
        shown=shown,
        reason=_("no corridor data then (quarters with data: {first} to {last})", first=options[-1], last=options[0]),
    )


def reference_rate(frm: str, to: str, key: str) -> rates.Rate | None:
    """The central banks' reference rate from `frm` to `to` as last fetched (from the cache, no network),
    and a button that fetches today's (a short time-out, only when pressed). None when no cached feed
    covers the pair: the user types the rate then."""
    from remit import rates  # noqa: PLC0415 (requests and the feeds load with the pages that convert currencies)

    if st.button(
        _("Get today's reference rate"),
        key=f"{key}_fetch",
        icon=":material/sync:",
        help=_("Asks the European Central Bank and the Central Bank of Russia for their daily rates (needs internet)."),
    ):
        with st.spinner(_("Asking the central banks…")):
            st.session_state[f"{key}_said"] = rates.refresh(timeout=rates.TIMEOUT_S)
    for message in st.session_state.get(f"{key}_said", []):
        st.caption(say(message))
    return rates.cross_rate(frm, to, rates.cached_tables())
