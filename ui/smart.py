"""The official SmaRT beside the corridor averages on the policy pages: its column help, the count of corridors
above 5% by SmaRT and the sources to cite where a SmaRT figure is shown (remit.explorer.sdg_counts)."""

from __future__ import annotations

import pandas as pd

from ui.i18n import _, _n


def with_smart(source_ids, rows: pd.DataFrame) -> list[str]:
    """The sources of corridor rows' prices, and the UN SDG database's SmaRT source where a row shows a SmaRT
    figure (its cite and source lines name the UN database when SmaRT is shown)."""
    ids = list(dict.fromkeys(source_ids))
    if "smart_source_id" in rows and "smart_cost_pct_200" in rows:
        ids += [
            s for s in dict.fromkeys(rows.loc[rows["smart_cost_pct_200"].notna(), "smart_source_id"]) if s not in ids
        ]
    return ids


def smart_help() -> str:
    """The help of a "SmaRT (%)" column."""
    return _(
        "The official SmaRT (UN SDG Global Database): the average cost of the three cheapest services a typical "
        "sender can use. Blank: the database has no SmaRT for this corridor and quarter (it has Q3 of 2016–2021)."
    )


def smart_count_line(counts: dict, period: str | None = None, *, explain: bool = True) -> str:
    """One line beside a count of corridors above 5% by corridor average: the count by the official SmaRT
    (remit.explorer.sdg_counts: above_5pct_smart_n of smart_n), and (explain) what SmaRT is."""
    what = (
        ""
        if not explain
        else _(
            "SmaRT is the average of the three cheapest services a typical sender can use; the World Bank measures "
            "the SDG's “no corridor above 5%” with it (UN SDG Global Database)."
        )
    )
    if not counts.get("smart_n"):
        none = (
            _("No official SmaRT figure for these corridors in {period}.", period=period)
            if period
            else _("No official SmaRT figure for these corridors.")
        )
        return f"{none} {what}".strip()
    return (
        _n(
            "By SmaRT: {above} of the {n} corridor with a SmaRT figure is above 5%.",
            "By SmaRT: {above} of the {n} corridors with a SmaRT figure are above 5%.",
            int(counts["smart_n"]),
            above=int(counts["above_5pct_smart_n"]),
        )
        + " "
        + what
    ).strip()
