"""The Country profile's biggest section: the corridors to or from the country, each at its latest quarter
(bars against the SDG bands, the status table with its changes, the lines over time, a link to compare them).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import explorer
from remit.costs import age_message
from ui import cached
from ui.cached import charts
from ui.country_sections import MAX_LINES, CountryPage, band_colors, names, pct, quarters_text
from ui.i18n import _, _n, say
from ui.smart import smart_count_line, smart_help, with_smart
from ui.widgets import chart, citation, download, short_sources


def render_corridors(c: CountryPage, word: str) -> None:
    """The corridors to ("to") or from ("from") the country: latest costs, the table, the lines over time."""
    t, iso3, name = c.t, c.iso3, c.name
    part = c.to if word == "to" else c.frm
    cost_to, cost_from = c.cost_to[0], c.cost_from[0]
    other = "sending" if word == "to" else "receiving"
    inbound = word == "to"
    title = _("Corridors to {country}", country=name) if inbound else _("Corridors from {country}", country=name)
    st.header(title)
    if part.empty:
        average = cost_to if inbound else cost_from
        lines = [
            _(
                "The World Bank's Remittance Prices Worldwide surveys no corridor to {country} in the shipped data.",
                country=name,
            )
            if inbound
            else _(
                "The World Bank's Remittance Prices Worldwide surveys no corridor from {country} in the shipped data.",
                country=name,
            )
        ]
        if pd.notna(average):
            lines.append(
                _("The World Bank's average cost of sending to it is {cost}.", cost=pct(average))
                if inbound
                else _("The World Bank's average cost of sending from it is {cost}.", cost=pct(average))
            )
        st.info(" ".join(lines))
        return
    # Every corridor at its own latest quarter: a corridor the newest source does not cover keeps its
    # latest figure (marked with its quarter) instead of disappearing.
    now = explorer.latest_status(part)
    usual = now["quarters"][0][0]
    used = sorted(part["source_id"].unique())
    cite = citation(*used)
    src = short_sources(used)  # one a line: reads on a phone
    part = part.assign(**{f"{other}_name": names(part[f"{other}_iso3"], part[f"{other}_name"])})
    labels = [
        _("{country} ({quarter})", country=c, quarter=q) if q != usual else c
        for c, q in zip(part[f"{other}_name"], part["period_latest"], strict=True)
    ]
    values = {
        "n": now["corridors_n"],
        "country": name,
        "quarters": quarters_text(now["quarters"]),
        "above": now["above_5pct_n"],
        "below": now["below_3pct_n"],
    }
    count = now["corridors_n"]
    caption = (
        _n(
            "{n} corridor to {country}, at its latest quarter with data ({quarters}): {above} above 5%, "
            "{below} below 3%.",
            "{n} corridors to {country}, each at its latest quarter with data ({quarters}): {above} above 5%, "
            "{below} below 3%.",
            count,
            **values,
        )
        if inbound
        else _n(
            "{n} corridor from {country}, at its latest quarter with data ({quarters}): {above} above 5%, "
            "{below} below 3%.",
            "{n} corridors from {country}, each at its latest quarter with data ({quarters}): {above} above "
            "5%, {below} below 3%.",
            count,
            **values,
        )
    )
    st.caption(f"{caption} {smart_count_line(now)}")
    latest_line = (
        _("Latest quarter: {quarter} unless marked", quarter=usual)
        if len(now["quarters"]) > 1
        else _("Latest quarter: {quarter}", quarter=usual)
    )
    chart(
        charts.labelled_bars(
            part.assign(label=labels),
            "total_cost_pct_200",
            "label",
            _("By sending country (% of USD 200)") if inbound else _("By receiving country (% of USD 200)"),
            f"{title}<br>{latest_line}",
            source=src,
            x_title=_("% of the amount sent (USD 200)"),
            colors=band_colors(part["total_cost_pct_200"]),
            t=t,
        ),
        part,
        f"corridors-{word}-{iso3}-latest",
        cite,
    )
    # The name pinned, the figures of now first, the history after; a latest quarter every corridor shares and
    # the code (in the CSV) are not shown as columns: at 1400 px in Russian the 5-year change was cut off.
    latest = list(part["period_latest"].dropna().unique())
    one_latest = len(latest) == 1
    shown = [
        f"{other}_name",
        "total_cost_pct_200",
        "smart_cost_pct_200",
        "sdg_band",
        "change_1y_pp",
        "change_5y_pp",
        *([] if one_latest else ["period_latest"]),
        "first_total_cost_pct_200",
        "change_since_first_pp",
        "period_first",
    ]
    table = part[[*shown, "corridor"]].assign(sdg_band=[_(b) if b else b for b in part["sdg_band"]])
    st.dataframe(
        table,
        hide_index=True,
        placeholder="–",
        column_order=shown,
        column_config={
            f"{other}_name": st.column_config.TextColumn(
                _("Sending country") if inbound else _("Receiving country"), width="medium", pinned=True
            ),
            "period_latest": _("Latest quarter"),
            "total_cost_pct_200": st.column_config.NumberColumn(_("Cost (%)"), format="%.2f"),
            "smart_cost_pct_200": st.column_config.NumberColumn(_("SmaRT (%)"), format="%.2f", help=smart_help()),
            "sdg_band": _("SDG 10.c"),
            "change_1y_pp": st.column_config.NumberColumn(_("1-year change (pp)"), format="%+.2f"),
            "change_5y_pp": st.column_config.NumberColumn(_("5-year change (pp)"), format="%+.2f"),
            "period_first": _("First quarter"),
            "first_total_cost_pct_200": st.column_config.NumberColumn(_("Cost then (%)"), format="%.2f"),
            "change_since_first_pp": st.column_config.NumberColumn(_("Change since (pp)"), format="%+.2f"),
        },
    )
    if part["smart_cost_pct_200"].notna().any():
        st.caption(_("SmaRT: {source}.", source=short_sources(with_smart([], part), sep="; ")))
    download(
        part,
        f"corridor-status-{word}-{iso3}",
        citation(*with_smart(used, part)),
        note=(_("Latest quarter: {quarter}", quarter=say(age_message(latest[0]))) + ". " if one_latest else "")
        + _(
            "Changes in percentage points (pp) on the same quarter one and five years before the latest, and since "
            "the corridor's first quarter with data."
        ),
    )
    shown = list(part["corridor"].head(MAX_LINES))
    hist = cached.corridor_histories(tuple(shown))
    hist = hist.assign(label=names(hist[f"{other}_iso3"], hist[f"{other}_name"]))
    observed = hist.dropna(subset=["total_cost_pct_200"])
    # The history's own sources: its earlier quarters come from the DataBank export, not the latest quarter's source.
    history_used = sorted(observed["source_id"].dropna().unique())
    history_src = short_sources(history_used)
    span = {"country": name, "first": observed["period"].min(), "last": observed["period"].max(), "n": MAX_LINES}
    if inbound:
        subtitle = (
            _("Corridors to {country}, {first}–{last}; the {n} dearest now", **span)
            if len(part) > MAX_LINES
            else _("Corridors to {country}, {first}–{last}", **span)
        )
    else:
        subtitle = (
            _("Corridors from {country}, {first}–{last}; the {n} dearest now", **span)
            if len(part) > MAX_LINES
            else _("Corridors from {country}, {first}–{last}", **span)
        )
    chart(
        charts.corridor_lines(
            hist, "total_cost_pct_200", _("Cost over time (% of USD 200)"), subtitle, history_src, t=t
        ),
        hist[["corridor", "sending_name", "receiving_name", "period", "total_cost_pct_200", "source_id"]],
        f"corridors-{word}-{iso3}-over-time",
        citation(*history_used),
        note=_("Blank quarters: no data for that corridor; lines are not drawn through them."),
    )
    link = f"corridors?corridors={','.join(shown)}" + (f"&lang={t.code}" if t.code != "en" else "")
    st.markdown(_("[Compare these corridors on the Corridors page]({link})", link=link))
