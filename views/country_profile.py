"""Country profile: every corridor to and from one country, its remittances, and its biggest partners.

A short script of named sections (ui/country_sections.py draws them). Session state:
- country: the ISO3 code picked (ui.url_state.coded_selectbox; seeded from and kept in the link, ?country=TJK;
  Streamlit keeps it for the session);
- _country_unknown: the codes in the link with no data, set when the picker is seeded and popped by the warning.
"""

from __future__ import annotations

import streamlit as st

from ui import country_corridors
from ui import country_sections as sections
from ui.i18n import _

st.title(_("Country profile"))
country = sections.pick_country()
sections.render_headline_figures(country)
sections.render_cost_figures(country)
sections.render_money_at_stake(country)
country_corridors.render_corridors(country, "to")
country_corridors.render_corridors(country, "from")
sections.render_neighbours(country)
sections.render_flows(country)
sections.render_partners(country)
