"""The Corridors page's sections: what every section reads (the catalogue), the link's warnings, and the
chosen corridors over time (their costs, how they moved, what the cost is made of). The ranking of every
corridor in a quarter is in ui/corridor_ranking.py; views/corridor_explorer.py calls them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import explorer
from remit.costs import age_message
from remit.i18n import N_, Translator
from ui import cached
from ui.cached import charts
from ui.i18n import _, current, say
from ui.smart import smart_help, with_smart
from ui.url_state import (
    coded_multiselect,
    ignored_choice,
    ignored_flag,
    linked_choice,
    unknown_codes,
    warn_ignored,
)
from ui.widgets import chart, citation, download, ignored_quarter, quarters, short_sources

DEFAULT_CORRIDORS = ["RUS-TJK", "RUS-UZB", "RUS-KGZ", "DEU-TJK"]
SPLIT_EXAMPLE = "corridors?corridors=USA-IND,ARE-IND,GBR-IND"
# The English amount is the URL value (?amount=USD+500) in every language; only its label is translated.
AMOUNTS = {N_("USD 200"): "total_cost_pct_200", N_("USD 500"): "total_cost_pct_500"}
DEFAULT_AMOUNT = "USD 200"
FULL_RPW = N_("World Bank, RPW (full dataset, corridor averages)")
INCOMES = [N_("High income"), N_("Upper middle income"), N_("Lower middle income"), N_("Low income")]
# The ranking's corridors: those from or to the focus region (the default), or every corridor. The English
# name is the link's value (?scope=World), as on Overview.
FOCUS, WORLD = N_("Focus region"), N_("World")
SCOPES = (FOCUS, WORLD)
# A link that filters the ranking by country, region or income group but names no scope was made when the
# ranking showed every corridor: it keeps showing every corridor.
RANKING_FILTERS = ("send", "recv", "send_region", "recv_region", "send_income", "recv_income")


def default_scope() -> str:
    """The ranking's default: the focus region, or the world for a link made before the choice existed."""
    return WORLD if "scope" not in st.query_params and any(k in st.query_params for k in RANKING_FILTERS) else FOCUS


@dataclass(frozen=True)
class Catalogue:
    """What every section reads: the corridors with their names in the reader's language, the quarters,
    and the regions and income groups a filter can name."""

    t: Translator
    corridor_list: pd.DataFrame
    names: dict[str, str]  # corridor code -> "Russian Federation → Tajikistan" in the reader's language
    options: dict[str, str]  # corridor code -> "name · code", sorted by name
    period_options: list[str]  # newest first
    latest_complete: str
    south_asia: str  # "55 corridors (53 in 2025Q3)": the corridors that run past latest_complete
    all_regions: list[str]
    incomes: list[str]
    senders: dict[str, str]  # ISO3 -> the country's name in the reader's language, sorted by name
    receivers: dict[str, str]

    def shown_name(self, value: object) -> object:
        """A name from the data (region, income group, cost band) in the reader's language; blanks stay blank."""
        return self.t(value) if isinstance(value, str) and value else value


@cached.per_reader
def load_catalogue() -> Catalogue:
    """The corridors, quarters, regions and income groups, from the store, with their names in the reader's
    language (built once per store version and language; read-only)."""
    t = current()
    corridor_list = cached.corridor_list()
    names = {
        row.corridor: t.corridor(row.sending_iso3, row.receiving_iso3, row.sending_name, row.receiving_name)
        for row in corridor_list.itertuples()
    }
    period_options, latest_complete = quarters()
    # The corridors that run past the last quarter covering every corridor (to South Asia), counted from the
    # data: "55 corridors (53 in 2025Q3)".
    newest = cached.periods().iloc[-1]
    south_asia = _(
        "{n} corridors ({newest} in {period})",
        n=int(corridor_list["has_usd_500"].sum()),
        newest=int(newest["corridors_n"]),
        period=newest["period"],
    )
    everything = cached.complete_corridor_frame(False)
    senders, receivers = {}, {}
    for r in corridor_list.itertuples():
        senders[r.sending_iso3] = t.country(r.sending_iso3, r.sending_name)
        receivers[r.receiving_iso3] = t.country(r.receiving_iso3, r.receiving_name)
    return Catalogue(
        t=t,
        corridor_list=corridor_list,
        names=names,
        options={code: f"{names[code]} · {code}" for code in sorted(names, key=names.get)},
        period_options=period_options,
        latest_complete=latest_complete,
        south_asia=south_asia,
        all_regions=sorted(set(everything["sending_region"]) | set(everything["receiving_region"])),
        incomes=[*INCOMES, explorer.NOT_CLASSIFIED],
        senders=dict(sorted(senders.items(), key=lambda kv: kv[1])),
        receivers=dict(sorted(receivers.items(), key=lambda kv: kv[1])),
    )


def render_intro() -> None:
    """The page's title and what a corridor average is."""
    st.title(_("Corridors"))
    st.markdown(
        _(
            "The average cost of sending money in one **corridor** (from one sending country to one receiving "
            "country), as a % of the amount sent, from the World Bank's Remittance Prices Worldwide (RPW). Each "
            "figure is the mean over the services RPW surveyed in that corridor and quarter."
        )
    )


def render_link_warnings(cat: Catalogue) -> None:
    """Bound widgets drop a value they do not offer without a word: say so at the top of the page (the link
    is only read here, never used in a query)."""
    warn_ignored(
        ignored_choice(
            "amount", AMOUNTS, what=_("amount"), shown=_("USD 200"), reason=_("RPW surveys USD 200 and USD 500")
        ),
        ignored_quarter(cat.period_options, cat.latest_complete),
        *(
            ignored_choice(
                key, cat.all_regions, what=what, shown=_("the rest of the filter"), reason=_("not a World Bank region")
            )
            for key, what in (("send_region", _("sending region")), ("recv_region", _("receiving region")))
        ),
        *(
            ignored_choice(
                key,
                cat.incomes,
                what=what,
                shown=_("the rest of the filter"),
                reason=_("not a World Bank income group"),
            )
            for key, what in (("send_income", _("sending income group")), ("recv_income", _("receiving income group")))
        ),
        ignored_flag("above5", what=_("'Only corridors above 5%'"), shown=_("every corridor")),
        ignored_choice("scope", SCOPES, what=_("region"), shown=_(default_scope())),
    )


# --- 1. Corridors side by side over time ----------------------------------------------------------


def render_corridor_picker(cat: Catalogue) -> tuple[list[str], str]:
    """The corridors (up to 8) and the amount sent; unknown codes from the link are named."""
    st.header(_("Costs over time"))
    left, right = st.columns([2, 1])  # room for the amounts in every language
    with left:
        codes = coded_multiselect(
            _("Corridors (type a country name; up to 8)"),
            cat.options,
            key="corridors",
            default=DEFAULT_CORRIDORS,
            max_selections=8,
            wrap=True,
            placeholder=_("Type a sending or receiving country…"),
            help=_(
                "The link in your browser's address bar keeps the corridors as codes (?corridors=RUS-TJK,RUS-KGZ): "
                "share it to show the same view."
            ),
        )
    with right:
        amount = render_amount_switch(cat, codes)
    if bad := unknown_codes("corridors"):
        st.warning(
            _(
                "Not a corridor in the data, left out: {codes}. Codes look like RUS-TJK (sending-receiving).",
                codes=", ".join(bad),
            )
        )
    return codes, amount


def render_amount_switch(cat: Catalogue, codes: list[str]) -> str:
    """USD 200 or USD 500: the switch is offered only when a corridor chosen has USD 500 figures; otherwise
    a caption says why there is none, and the amount is USD 200 (a link's ?amount=USD+500 is dropped)."""
    with_500 = set(cat.corridor_list.loc[cat.corridor_list["has_usd_500"], "corridor"])
    if not with_500 & set(codes):
        st.session_state.pop("amount", None)
        st.query_params.pop("amount", None)
        st.caption(
            _(
                "**Amount sent: USD 200.** RPW also surveys USD 500, but the shipped data has USD 500 figures only "
                "for the {south_asia} to Bangladesh, India, Nepal and the Philippines, none of them chosen.",
                south_asia=cat.south_asia,
            )
        )
        return DEFAULT_AMOUNT
    return linked_choice(
        st.segmented_control,
        _("Amount sent"),
        {a: _(a) for a in AMOUNTS},
        key="amount",
        default=DEFAULT_AMOUNT,
        required=True,
        help=_(
            "RPW surveys the cost of sending USD 200 and USD 500. The shipped data has USD 500 figures only for "
            "the {south_asia} to Bangladesh, India, Nepal and the Philippines.",
            south_asia=cat.south_asia,
        ),
    )


def render_history(cat: Catalogue, codes: list[str], amount: str, hist: pd.DataFrame) -> None:
    """The chosen corridors' costs over time, one line each."""
    value = AMOUNTS[amount]
    smart = "smart_cost_pct_200" if value == "total_cost_pct_200" else None  # SmaRT is for USD 200
    shown = hist[hist["corridor"].isin(hist.dropna(subset=[value])["corridor"])]
    missing = [c for c in codes if c not in set(shown["corridor"])]
    if missing and amount == "USD 500":
        st.info(
            _(
                "No USD 500 figures in the shipped data for {corridors}; RPW's USD 500 averages are shipped only for "
                "corridors to Bangladesh, India, Nepal and the Philippines. Choose USD 200 to see them.",
                corridors=", ".join(cat.names[c] for c in missing),
            )
        )
    if not len(shown):
        return
    shown = shown[shown["period"].between(*shown.dropna(subset=[value])["period"].agg(["min", "max"]))]
    # The cite and source lines name the UN SDG database where a SmaRT figure is drawn.
    used_sources = with_smart(sorted(shown["source_id"].dropna().unique()), shown if smart else shown.iloc[:0])
    source_line = short_sources(used_sources)
    chart(
        charts.corridor_lines(
            shown,
            value,
            _("Cost of sending {amount} (%)", amount=_(amount)),
            _(
                "Corridor averages, {first}–{last}",
                first=shown.dropna(subset=[value])["period"].min(),
                last=shown.dropna(subset=[value])["period"].max(),
            ),
            source_line,
            smart=smart,
            t=cat.t,
        ),
        shown[
            ["corridor", "sending_name", "receiving_name", "period", value, "source_id"]
            + (["smart_cost_pct_200", "smart_source_id"] if smart else [])
        ],
        f"corridor-costs-{amount}-{'-'.join(codes)}",
        citation(*used_sources),
        note=_(
            "Blank quarters: no data for that corridor (2011–2012 were surveyed half-yearly; some corridors "
            "joined the survey later). The line is not drawn through them."
        )
        + (
            " "
            + _(
                "Diamonds: the official SmaRT (UN SDG Global Database, Q3 of 2016–2021), the average of the three "
                "cheapest services a typical sender can use."
            )
            if smart and shown[smart].notna().any()
            else ""
        ),
    )


def moves_columns(value: str, one_latest: bool = False) -> list[str]:
    """The columns of 'How they have moved', in the order shown; without the latest quarter when every
    corridor shares it (the caption says it once)."""
    return [
        "label",
        f"first_{value}",
        f"latest_{value}",
        "change_since_first_pp",
        *(["latest_smart_pct"] if value == "total_cost_pct_200" else []),
        "period_first",
        *([] if one_latest else ["period_latest"]),
        "quarters_above",
    ]


@cached.per_reader
def histories(codes: tuple[str, ...]) -> pd.DataFrame:
    """The corridors' quarters with each corridor's name in the reader's language (read-only)."""
    hist = cached.corridor_histories(codes)
    return hist.assign(label=hist["corridor"].map(load_catalogue().names).fillna(hist["label"]))


@cached.per_reader
def moves(codes: tuple[str, ...], value: str) -> pd.DataFrame:
    """'How they have moved' (explorer.history_summary) for the corridors, in the reader's language (read-only)."""
    return explorer.history_summary(histories(codes), value)


def render_moves(codes: list[str], amount: str, hist: pd.DataFrame) -> None:
    """Per corridor: the cost in its first and latest quarter, the change, the quarters above 5%."""
    value = AMOUNTS[amount]
    used_sources = sorted(hist["source_id"].dropna().unique())
    if value == "total_cost_pct_200":  # the table shows the latest SmaRT: its source is cited
        used_sources = with_smart(used_sources, hist)
    st.subheader(_("How they have moved: sending {amount}", amount=_(amount)))
    moved = moves(tuple(codes), value)
    latest = list(moved["period_latest"].dropna().unique())
    one_latest = len(latest) == 1
    st.dataframe(
        # The change right after the two costs it compares, then SmaRT, the corridor's name pinned: the figures
        # stay in view at a desktop width (in Russian the last columns were cut at 1400 px) and on a phone;
        # the amount is in the heading, a latest quarter every corridor shares in the caption.
        moved.assign(
            # '12 of 40' in one column: the quarters above 5% and the quarters with data were two, cut off
            quarters_above=[
                _("{n} of {total}", n=int(a), total=int(b)) if pd.notna(a) and pd.notna(b) else None
                for a, b in zip(moved["quarters_above_5pct_n"], moved["quarters_n"], strict=True)
            ]
        )[moves_columns(value, one_latest)],
        hide_index=True,
        column_config={
            "label": st.column_config.TextColumn(_("Corridor"), width=170, pinned=True),  # 200 px cut the last column
            "period_first": _("First quarter"),
            f"first_{value}": st.column_config.NumberColumn(_("Cost then (%)"), format="%.2f"),
            "period_latest": _("Latest quarter"),
            f"latest_{value}": st.column_config.NumberColumn(_("Cost now (%)"), format="%.2f"),
            "change_since_first_pp": st.column_config.NumberColumn(_("Change (pp)"), format="%+.2f"),
            "quarters_above": st.column_config.TextColumn(
                _("Quarters above 5%"), help=_("Of the corridor's quarters with data")
            ),
            "latest_smart_pct": st.column_config.NumberColumn(_("SmaRT (%)"), format="%.2f", help=smart_help()),
        },
        placeholder="–",
    )
    download(
        moved,
        f"corridor-change-{'-'.join(codes)}",
        citation(*used_sources),
        note=(_("Latest quarter: {quarter}", quarter=say(age_message(latest[0]))) + ". " if one_latest else "")
        + _(
            "Cost of sending {amount}, % of the amount sent; change in percentage points (pp) from the "
            "corridor's first quarter with data to its latest.",
            amount=_(amount),
        ),
    )


def render_breakdown(cat: Catalogue, codes: list[str], hist: pd.DataFrame) -> None:
    """Fee and exchange-rate margin, and banks vs money transfer operators, where the data splits them."""
    t = cat.t
    st.subheader(_("What the cost is made of"))
    split = hist[hist["corridor"].isin(hist.dropna(subset=["fee_pct_200"])["corridor"])]
    firm = hist[
        hist["corridor"].isin(hist.dropna(subset=["bank_cost_pct_200", "mto_cost_pct_200"], how="all")["corridor"])
    ]
    if split.empty and firm.empty:
        # The example link keeps the reader's language.
        example = SPLIT_EXAMPLE if t.code == "en" else f"{SPLIT_EXAMPLE}&lang={t.code}"
        st.info(
            _(
                "The shipped data splits the cost into fee and exchange-rate margin, and into banks and money "
                "transfer operators, only for the {south_asia} to Bangladesh, India, Nepal and the Philippines "
                "(from the full RPW dataset); not for the corridors chosen. [See an example]({example}).",
                south_asia=cat.south_asia,
                example=example,
            )
        )
    split_cite = citation("rpw_databank", "rpw_panel_southasia")
    if len(split):
        split = split[split["period"] >= split.dropna(subset=["fee_pct_200"])["period"].min()]
        chart(
            charts.split_facets(
                split,
                [
                    ("fee_pct_200", _("Fee"), charts.BLUE),
                    ("fx_margin_pct_200", _("Exchange-rate margin"), charts.ORANGE),
                ],
                _("Fee and FX margin (% of USD 200)"),
                _("Corridor averages, {first}–{last}", first=split["period"].min(), last=split["period"].max())
                + "<br>"
                + _("The two parts add up to the total cost"),
                _(FULL_RPW),
                stacked=True,
                t=t,
            ),
            split[["corridor", "period", "total_cost_pct_200", "fee_pct_200", "fx_margin_pct_200", "source_id"]],
            f"fee-fx-{'-'.join(split['corridor'].unique())}",
            split_cite,
            note=_("The exchange-rate (FX) margin is already part of the total cost: fee + margin = total cost."),
        )
        if len(split["corridor"].unique()) < len(codes):
            others = [cat.names[c] for c in codes if c not in set(split["corridor"])]
            st.caption(_("No fee/FX split in the shipped data for {corridors}.", corridors=", ".join(others)))
    if len(firm):
        firm = firm[
            firm["period"] >= firm.dropna(subset=["bank_cost_pct_200", "mto_cost_pct_200"], how="all")["period"].min()
        ]
        chart(
            charts.split_facets(
                firm,
                [
                    # series colours, not the SDG red and green: neither type is "good" or "bad"
                    ("bank_cost_pct_200", _("Banks"), charts.BLUE),
                    ("mto_cost_pct_200", _("Money transfer operators"), charts.ORANGE),
                ],
                _("Banks vs money transfer operators (%)"),
                _("Average cost of sending USD 200 by type of provider")
                + f"<br>{firm['period'].min()}–{firm['period'].max()}",
                _(FULL_RPW),
                stacked=False,
                t=t,
            ),
            firm[["corridor", "period", "total_cost_pct_200", "bank_cost_pct_200", "mto_cost_pct_200", "source_id"]],
            f"bank-mto-{'-'.join(firm['corridor'].unique())}",
            split_cite,
            note=_("Blank: no bank (or no MTO) service surveyed in that corridor and quarter."),
        )
