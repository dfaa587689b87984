"""What lower costs are worth: remittances to a country or region, where they come from, what senders
pay on them, and what a lower cost would leave with families (the scenario builder).

A short script of named sections (ui/impact_inputs.py, ui/impact_context.py, ui/impact_results.py); the
numbers and the briefing come from remit.scenarios and remit.briefing.

Session-state keys (widget keys; each is seeded from the link's parameter of the same name when the page
opens and written back to it when it changes, see ui/url_state.py):
- country: the receiving area's label (?country= also takes ISO3 codes and names, normalised once)
- measure: the unit of the remittances chart (US$, % of GDP, per person)
- year: year of the bilateral estimates (bound to the link)
- goal: the target (SDG 3%, 5%, Your value, SmaRT, Cheapest service); target: your level (bound)
- period: the cost quarter or 'Latest for each corridor'
- growth, years, fill, scale, shift: growth of flows, years summed, the covered corridors' weighted cost as stand-in, scaling
  to the WDI total, the share that moves (all bound to the link)
- shift_kind: the service shift (the link holds its English name)
- shift_kind_off, shift_off, goal_provider: the disabled widgets drawn when a lever is not available
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import _
from ui.impact_context import render_comparisons, render_flows, render_received
from ui.impact_inputs import link_options, render_area_picker, render_scenario_form
from ui.impact_results import (
    render_briefing,
    render_corridor_table,
    render_left_out,
    render_savings_chart,
    render_totals,
    run,
)

st.title(_("What would cheaper remittances be worth?"))
st.markdown(
    _(
        "How much of the money migrants send home goes to fees and exchange-rate margins, and how much more would "
        "reach families if costs fell to the SDG's **3%**, to **5%**, to the cheapest services or to a level you "
        "choose. Every input of the scenario is on this page; every number states its year and source."
    )
)

place = render_area_picker()
options = link_options(place)

# 1. Remittances received, and how they compare with the economy
series = render_received(place)
render_comparisons(place, series)

# 2. Where the money comes from (modelled)
flow_year = render_flows(place, series, options.years)

# 3. The scenario and what it would leave with families
st.header(_("What costs take, and what a lower cost would leave with families"))
choice = render_scenario_form(place, options, flow_year)
result, tot = run(choice)
render_totals(place, choice, series, result, tot)
render_left_out(place, choice, result, tot)
cite = render_savings_chart(place, choice, result, tot)
render_corridor_table(place, choice, result, cite)
render_briefing(place, choice, series, result, tot)
