"""Corridors: chosen corridors side by side over time, and a ranking of every corridor in a quarter.

A short script of named sections (ui/corridor_sections.py, ui/corridor_ranking.py); the numbers come from
remit.explorer.

Session-state keys (widget keys; each is seeded from the link's parameter of the same name when the page
opens and written back to it when it changes, see ui/url_state.py):
- corridors: the corridors over time, as codes (?corridors=RUS-TJK,RUS-KGZ; up to 8)
- amount: the amount sent, USD 200 or USD 500 (the link holds the English name)
- period: the ranking's quarter (bound to the link)
- scope: the ranking's corridors, "Focus region" (default) or "World" (the link holds the English name);
  shared with Overview. A link that filters by country, region or income group and names no scope opens on
  the world, as the ranking did before the choice existed
- ranking_opened: set once the ranking has been drawn in the session; until then the link's scope wins over
  a region chosen on Overview
- send, recv: the ranking's sending and receiving countries, as ISO3 codes
- send_region, recv_region, send_income, recv_income: the ranking's regions and income groups
- above5: only corridors above 5% (bound to the link)
"""

from __future__ import annotations

import streamlit as st

from ui.corridor_ranking import (
    render_quarter_picker,
    render_ranking_chart,
    render_ranking_figures,
    render_ranking_filters,
    render_ranking_table,
)
from ui.corridor_sections import (
    histories,
    load_catalogue,
    render_breakdown,
    render_corridor_picker,
    render_history,
    render_intro,
    render_link_warnings,
    render_moves,
)
from ui.i18n import _

render_intro()
catalogue = load_catalogue()
render_link_warnings(catalogue)

# 1. Corridors side by side over time
codes, amount = render_corridor_picker(catalogue)
if not codes:
    st.info(_("Choose one or more corridors above to see their costs over time."))
else:
    hist = histories(tuple(codes))
    render_history(catalogue, codes, amount, hist)
    render_moves(codes, amount, hist)
    render_breakdown(catalogue, codes, hist)

# 2. Ranking of every corridor in a quarter
period, ranked = render_quarter_picker(catalogue)
table = render_ranking_filters(catalogue, ranked)
render_ranking_figures(catalogue, period, ranked, table)
render_ranking_table(catalogue, period, ranked, table)
render_ranking_chart(catalogue, period, ranked, table)
