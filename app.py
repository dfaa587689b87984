"""remit: the router and frame. Pages live in pages/, logic in remit/, caching in ui/cached.py."""

from __future__ import annotations

import streamlit as st

from remit.errors import RemitError
from ui import cached

st.set_page_config(page_title="remit: the cost of sending money home", page_icon="💸", layout="wide")

pages = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/public:", default=True),
        st.Page("pages/corridor_explorer.py", title="Corridors", icon=":material/timeline:", url_path="corridors"),
        st.Page("pages/cost_map.py", title="Map", icon=":material/map:", url_path="map"),
        st.Page("pages/regional.py", title="Regions", icon=":material/stacked_line_chart:", url_path="regions"),
        st.Page("pages/country_profile.py", title="Country profile", icon=":material/flag:", url_path="country"),
        st.Page("pages/impact.py", title="What lower costs are worth", icon=":material/savings:", url_path="impact"),
        st.Page("pages/savings_world.py", title="Savings by country", icon=":material/leaderboard:", url_path="savings"),
        st.Page("pages/send_money.py", title="Compare providers", icon=":material/compare_arrows:", url_path="send"),
        st.Page("pages/my_quotes.py", title="Check your quotes", icon=":material/calculate:", url_path="quotes"),
        st.Page("pages/data_methods.py", title="Data & methods", icon=":material/menu_book:", url_path="data"),
    ]
)

try:
    cached.ensure_store()
    info = cached.info()
except RemitError as exc:
    st.error(f"The data could not be loaded. {exc}")
    st.stop()

with st.sidebar:
    st.markdown("### remit")
    st.caption("What migrants pay to send money home, and what it is worth to the families who receive it.")
    st.divider()
    st.caption(
        f"**Data:** World Bank Remittance Prices Worldwide (corridor averages to {info['period_complete']} for "
        f"every corridor, to {info['period_last']} for some), World Development Indicators and KNOMAD remittance flows "
        f"({info['flow_years'][0]}–{info['flow_years'][1]}), bilateral estimates. "
        "Licence CC BY 4.0. Details and vintages on *Data & methods*."
    )
    st.caption(f"Store built {info['built_at_utc'].replace('T', ' ')} UTC.")

pages.run()
