"""remit: the router and frame. Pages live in views/, logic in remit/, caching in ui/cached.py.

The page scripts are in views/, not pages/: with a pages/ folder beside the entry script,
Streamlit falls back to its old folder-based navigation until app.py has run once, so the first
deep link after a server start (/impact?country=TJK) would open the bare page without this frame.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st
import streamlit.delta_generator

from remit.errors import RemitError
from ui import cached
from ui.i18n import _, language_switch, say
from ui.url_state import plain

# Streamlit checks once per process, at the first element, whether it runs in a Python REPL to print a hint:
# inspect.stack() then resolves the path of every loaded module, 80 ms of the first page's CPU. It never does here.
streamlit.delta_generator._use_warning_has_been_displayed = True  # noqa: SLF001
t = language_switch()
st.set_page_config(page_title=_("remit: the cost of sending money home"), page_icon="💸", layout="wide")


def page(file: str, title: str, icon: str, url: str | None = None, default: bool = False) -> st.Page:
    """A page in views/ with its (translated) title; the URL path stays the same in every language."""
    # i18n: not text: a file path
    return st.Page(f"views/{file}", title=title, icon=f":material/{icon}:", url_path=url, default=default)


pages = st.navigation(
    {
        _("Costs"): [
            page("overview.py", _("Overview"), "public", default=True),
            page("corridor_explorer.py", _("Corridors"), "timeline", "corridors"),
            page("cost_map.py", _("Map"), "map", "map"),
            page("regional.py", _("Regions"), "stacked_line_chart", "regions"),
            page("country_profile.py", _("Country profile"), "flag", "country"),
        ],
        _("Impact"): [
            page("impact.py", _("What lower costs are worth"), "savings", "impact"),
            page("savings_world.py", _("Savings by country"), "leaderboard", "savings"),
        ],
        _("Sending money"): [
            page("send_money.py", _("Compare providers"), "compare_arrows", "send"),
            page("my_quotes.py", _("Check your quotes"), "calculate", "quotes"),
        ],
        _("Financial institutions"): [
            page("benchmark.py", _("Benchmark a price"), "query_stats", "benchmark"),
            page("price_list.py", _("Benchmark a price list"), "table_view", "price-list"),
        ],
        _("Training"): [page("learn.py", _("Learn"), "school", "learn")],
        _("About"): [page("data_methods.py", _("Data & methods"), "menu_book", "data")],
    },
    expanded=True,  # every section in view: with more than twelve pages Streamlit would hide some behind "View more"
)

try:
    cached.ensure_store()
    info = cached.info()
except RemitError as exc:
    st.error(_("The data could not be loaded. {problem}", problem=plain(say(exc.message))))
    st.stop()

with st.sidebar:
    st.markdown("### remit")  # i18n: not text: the name
    st.caption(_("What migrants pay to send money home, and what it is worth to the families who receive it."))
    st.divider()
    beyond = info.receiving_beyond_complete
    st.caption(
        _(
            "**Data:** World Bank Remittance Prices Worldwide: corridor averages to {complete} for every corridor "
            "({complete} from the UN SDG database), to {last} only for the {n} corridors to {countries}; World "
            "Development Indicators and KNOMAD remittance flows ({first_year}–{last_year}), bilateral estimates. "
            "Licence CC BY 4.0. Details and vintages on *Data & methods*.",
            complete=info.period_complete,
            last=info.period_last,
            n=info.corridors_beyond_complete,
            countries=", ".join(
                t.country(c, n) for c, n in zip(beyond, info.receiving_beyond_complete_names, strict=True)
            ),
            first_year=info.flow_years[0],
            last_year=info.flow_years[1],
        )
        if beyond
        else _(
            "**Data:** World Bank Remittance Prices Worldwide: corridor averages to {complete} for every corridor; "
            "World Development Indicators and KNOMAD remittance flows ({first_year}–{last_year}), bilateral "
            "estimates. Licence CC BY 4.0. Details and vintages on *Data & methods*.",
            complete=info.period_complete,
            first_year=info.flow_years[0],
            last_year=info.flow_years[1],
        )
    )
    built = datetime.fromisoformat(info.built_at_utc)
    st.caption(_("Data store built {date}, {time} UTC.", date=t.date(built.date()), time=built.strftime("%H:%M")))

pages.run()
cached.settle()  # once per process, after the first page: see its docstring
