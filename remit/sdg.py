"""The Sustainable Development Goal on remittance costs (SDG 10.c), in one place.

By 2030: the average cost of sending remittances below 3% of the amount sent, and no corridor above
5%. Every figure, chart, page and CLI command that compares a cost with the goal reads it from here.
"""

from __future__ import annotations

import pandas as pd

SDG_TARGET_PCT = 3.0  # SDG 10.c: average cost below 3%
SDG_CORRIDOR_CEILING_PCT = 5.0  # SDG 10.c: no corridor above 5%

# The bands of sdg_band, in English (pages translate them: they are catalogue messages, see remit/charts).
ABOVE_CEILING, BETWEEN, BELOW_TARGET = "Above 5%", "3% to 5%", "Below 3%"


def sdg_band(cost_pct: float) -> str:
    """Where a corridor average stands against SDG 10.c: above 5%, 3-5%, below 3% ('' for no figure)."""
    if pd.isna(cost_pct):
        return ""
    if cost_pct > SDG_CORRIDOR_CEILING_PCT:
        return ABOVE_CEILING
    if cost_pct < SDG_TARGET_PCT:
        return BELOW_TARGET
    return BETWEEN
