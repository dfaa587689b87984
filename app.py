"""remit: the router and frame. Pages live in views/, logic in remit/, caching in ui/cached.py.

The page scripts are in views/, not pages/: with a pages/ folder beside the entry script,
Streamlit falls back to its old folder-based navigation until app.py has run once, so the first
deep link after a server start (/impact?country=TJK) would open the bare page without this frame.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from remit.errors import RemitError
from ui import cached
from ui.i18n import language_switch

st.set_page_config(page_title="remit: the cost of sending money home", page_icon="💸", layout="wide")
language_switch()


def page(file: str, title: str, icon: str, url: str | None = None, default: bool = False) -> st.Page:
    return st.Page(f"views/{file}", title=title, icon=f":material/{icon}:", url_path=url, default=default)


pages = st.navigation(
    {
        "Costs": [
            page("overview.py", "Overview", "public", default=True),
            page("corridor_explorer.py", "Corridors", "timeline", "corridors"),
            page("cost_map.py", "Map", "map", "map"),
            page("regional.py", "Regions", "stacked_line_chart", "regions"),
            page("country_profile.py", "Country profile", "flag", "country"),
        ],
        "Impact": [
            page("impact.py", "What lower costs are worth", "savings", "impact"),
            page("savings_world.py", "Savings by country", "leaderboard", "savings"),
        ],
        "Sending money": [
            page("send_money.py", "Compare providers", "compare_arrows", "send"),
            page("my_quotes.py", "Check your quotes", "calculate", "quotes"),
        ],
        "Financial institutions": [
            page("benchmark.py", "Benchmark a price", "query_stats", "benchmark"),
            page("price_list.py", "Benchmark a price list", "table_view", "price-list"),
        ],
        "Training": [page("learn.py", "Learn", "school", "learn")],
        "About": [page("data_methods.py", "Data & methods", "menu_book", "data")],
    },
    expanded=True,  # every section in view: with more than twelve pages Streamlit would hide some behind "View more"
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
    built = datetime.fromisoformat(info["built_at_utc"]).strftime("%d %b %Y, %H:%M UTC")
    st.caption(f"Data store built {built}.")

pages.run()
