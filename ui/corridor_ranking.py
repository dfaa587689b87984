"""The Corridors page's ranking of every corridor in a quarter: the quarter, the focus region or the world,
the filters, the figures, the table and the chart of the most expensive. views/corridor_explorer.py calls them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import explorer
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.cached import charts
from ui.corridor_sections import (
    FOCUS,
    SCOPES,
    WORLD,
    Catalogue,
    default_scope,
)
from ui.i18n import _
from ui.smart import smart_count_line, smart_help, with_smart
from ui.url_state import coded_multiselect, linked_choice, linked_multiselect, unknown_codes
from ui.widgets import chart, citation, download, focus_region_help, short_sources, source_names

# --- 2. Ranking of every corridor in a quarter ------------------------------------------------


def render_quarter_picker(cat: Catalogue) -> tuple[str, pd.DataFrame]:
    """The quarter of the ranking, and every corridor that quarter (most expensive first)."""
    st.header(_("Ranking of corridors in a quarter"))
    period = st.selectbox(
        _("Quarter"),
        cat.period_options,
        index=cat.period_options.index(cat.latest_complete),
        key="period",
        bind="query-params",
        help=_(
            "Every corridor has data to {latest}; later quarters cover only the {south_asia} to "
            "Bangladesh, India, Nepal and the Philippines.",
            latest=cat.latest_complete,
            south_asia=cat.south_asia,
        ),
    )
    ranked = cached.corridor_ranking(period)
    if period > cat.latest_complete:
        st.info(
            _(
                "In {period} the shipped data covers only {n} corridors (to Bangladesh, India, Nepal and the "
                "Philippines); every corridor has data to {latest}.",
                period=period,
                n=len(ranked),
                latest=cat.latest_complete,
            )
        )
    return period, ranked


def render_ranking_filters(cat: Catalogue, ranked: pd.DataFrame) -> pd.DataFrame:
    """The focus region or the world, sending and receiving countries, regions, income groups and 'only above
    5%': the corridors they keep."""
    if "ranking_opened" not in st.session_state:
        # The first time in a session, the link decides over a region chosen on Overview (the same ?scope=).
        asked = st.query_params.get("scope")
        if asked in SCOPES or default_scope() == WORLD:
            st.session_state["scope"] = asked if asked in SCOPES else WORLD
    st.session_state["ranking_opened"] = True
    scope = linked_choice(
        st.segmented_control,
        _("Corridors"),
        {name: _(name) for name in SCOPES},
        key="scope",
        default=default_scope(),
        required=True,
        help=focus_region_help(),
    )
    c1, c2 = st.columns(2)
    with c1:
        send = coded_multiselect(
            _("Sending countries"),
            cat.senders,
            key="send",
            placeholder=_("All sending countries"),
        )
    with c2:
        recv = coded_multiselect(
            _("Receiving countries"),
            cat.receivers,
            key="recv",
            placeholder=_("All receiving countries"),
        )
    for key in ("send", "recv"):
        if bad := unknown_codes(key):
            st.warning(_("Not in the corridor data, left out: {codes}.", codes=", ".join(bad)))

    filtered = any(k in st.query_params for k in ("send_region", "recv_region", "send_income", "recv_income"))
    with st.expander(_("Filter by region and income group"), expanded=filtered):
        r1, r2 = st.columns(2)
        send_region = linked_multiselect(
            r1.multiselect, _("Sending region"), cat.all_regions, key="send_region", format_func=cat.shown_name
        )
        recv_region = linked_multiselect(
            r2.multiselect, _("Receiving region"), cat.all_regions, key="recv_region", format_func=cat.shown_name
        )
        i1, i2 = st.columns(2)
        send_income = linked_multiselect(
            i1.multiselect,
            _("Sending country's income group"),
            cat.incomes,
            key="send_income",
            format_func=cat.shown_name,
        )
        recv_income = linked_multiselect(
            i2.multiselect,
            _("Receiving country's income group"),
            cat.incomes,
            key="recv_income",
            format_func=cat.shown_name,
        )
    above_only = st.toggle(_("Only corridors above 5%"), key="above5", bind="query-params")
    table = explorer.filter_corridors(
        ranked,
        focus_only=scope == FOCUS,
        send=tuple(send),
        recv=tuple(recv),
        sending_region=tuple(send_region),
        receiving_region=tuple(recv_region),
        sending_income=tuple(send_income),
        receiving_income=tuple(recv_income),
        above_5pct_only=above_only,
    )
    if table.empty and scope == FOCUS:
        st.info(_("No corridor from or to the focus region matches these filters: choose World to see every corridor."))
    return table


def render_ranking_figures(cat: Catalogue, period: str, ranked: pd.DataFrame, table: pd.DataFrame) -> None:
    """How many corridors are shown, above 5% (by corridor average, and by the official SmaRT beside it) and
    below 3%, and their mean."""
    t = cat.t
    n = len(table)
    counts = explorer.sdg_counts(table)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(_("Corridors shown, {period}", period=period), _("{n} of {total}", n=n, total=len(ranked)))
    m2.metric(
        _("Above {ceiling}", ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0)),
        _("{n} of {total}", n=counts["above_5pct_n"], total=n),
        help=_("SDG 10.c: eliminate corridors costing more than 5%."),
    )
    m3.metric(
        _("Below {target}", target=t.percent(SDG_TARGET_PCT, 0)),
        _("{n} of {total}", n=counts["below_3pct_n"], total=n),
        help=_("SDG 10.c: an average cost below 3%."),
    )
    m4.metric(
        _("Mean of corridor averages"),
        t.percent(table["total_cost_pct_200"].mean()) if n else "–",
        help=_(
            "Simple mean over the corridors shown of each corridor's average cost. Not a World Bank regional or "
            "Global Average, which are means over services."
        ),
    )
    st.caption(smart_count_line(counts, period))


def render_ranking_table(cat: Catalogue, period: str, ranked: pd.DataFrame, table: pd.DataFrame) -> None:
    """The corridors shown, in the reader's language (the CSV keeps the data's names)."""
    t = cat.t
    n = len(table)
    columns = {
        "rank": st.column_config.NumberColumn(
            _("Rank"), format="%d", help=_("Among all {n} corridors in {period}", n=len(ranked), period=period)
        ),
        # From and To as wide as their names, so that both changes are in view at a desktop width in every
        # language (a fixed width cut the 5-year change off in Russian at 1400 px)
        "sending_name": st.column_config.TextColumn(_("From")),
        "receiving_name": st.column_config.TextColumn(_("To")),
        "total_cost_pct_200": st.column_config.NumberColumn(
            _("Cost (%)"), format="%.2f", help=_("Cost of sending USD 200")
        ),
        "smart_cost_pct_200": st.column_config.NumberColumn(_("SmaRT (%)"), format="%.2f", help=smart_help()),
        "sdg_band": st.column_config.TextColumn(_("SDG 10.c")),
        "change_1y_pp": st.column_config.NumberColumn(
            _("1-year change (pp)"),
            format="%+.2f",
            help=_("On {period}; blank: no data then", period=ranked["period_1y_ago"].iloc[0]),
        ),
        "change_5y_pp": st.column_config.NumberColumn(
            _("5-year change (pp)"),
            format="%+.2f",
            help=_("On {period}; blank: no data then", period=ranked["period_5y_ago"].iloc[0]),
        ),
        "total_cost_pct_500": st.column_config.NumberColumn(_("USD 500 (%)"), format="%.2f"),
        "sending_region": st.column_config.TextColumn(_("Sending region"), width="large"),
        "receiving_region": st.column_config.TextColumn(_("Receiving region"), width="large"),
        "sending_income_group": _("Sender income"),
        "receiving_income_group": _("Receiver income"),
        "corridor": _("Code"),
        "source_id": st.column_config.TextColumn(_("Source"), width="large"),
    }
    if table["total_cost_pct_500"].isna().all():
        columns.pop("total_cost_pct_500")
    named = ("sdg_band", "sending_region", "receiving_region", "sending_income_group", "receiving_income_group")
    st.dataframe(
        table[list(columns)].assign(
            source_id=source_names(table["source_id"]),
            sending_name=[t.country(c, v) for c, v in zip(table["sending_iso3"], table["sending_name"], strict=True)],
            receiving_name=[
                t.country(c, v) for c, v in zip(table["receiving_iso3"], table["receiving_name"], strict=True)
            ],
            **{col: table[col].map(cat.shown_name) for col in named},
            # rounded as shown, and -0.00 (a fall of less than half a hundredth) shown as +0.00
            **{col: table[col].round(2) + 0.0 for col in ("change_1y_pp", "change_5y_pp")},
        ),
        hide_index=True,
        column_config=columns,
        height=min(36 * (n + 1) + 2, 600),
        placeholder="–",
    )
    st.caption(
        _(
            "Click a column heading to sort. pp = percentage points. 1- and 5-year changes compare with the same "
            "quarter one and five years earlier ({one}, {five}).",
            one=ranked["period_1y_ago"].iloc[0],
            five=ranked["period_5y_ago"].iloc[0],
        )
    )
    if n and table["smart_cost_pct_200"].notna().any():
        st.caption(_("SmaRT: {source}.", source=short_sources(with_smart([], table), sep="; ")))
    download(
        table,
        f"corridor-ranking-{period}",
        citation(*with_smart(sorted(table["source_id"].unique()), table)) if n else citation("rpw_databank"),
        note=_(
            "Every corridor average of {period} with the filters above, one row per corridor as in the source "
            "(period, sending and receiving ISO3, source).",
            period=period,
        ),
    )


def render_ranking_chart(cat: Catalogue, period: str, ranked: pd.DataFrame, table: pd.DataFrame) -> None:
    """The 15 most expensive corridors shown, as bars in the SDG colours."""
    n = len(table)
    if not n:
        return
    top = table.head(15)
    chart(
        charts.labelled_bars(
            top.assign(label=top["corridor"].map(cat.names)),
            "total_cost_pct_200",
            "label",
            _("The {n} most expensive, {period}", n=len(top), period=period)
            if n > len(top)
            else _("Corridors shown, {period}", period=period),
            _("Cost of sending USD 200, corridors shown in the table (filtered)")
            if n < len(ranked)
            else _("Cost of sending USD 200, corridors shown in the table"),
            source=short_sources(top["source_id"].unique()),
            x_title=_("% of the amount sent (USD 200)"),
            colors=[charts.sdg_colour(v) for v in top["total_cost_pct_200"]],
            t=cat.t,
        ),
        top.drop(columns=[c for c in top.columns if c.startswith("period_")]),
        f"corridor-ranking-top-{period}",
        citation(*sorted(top["source_id"].unique())),
    )
