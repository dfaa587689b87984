"""Open a page of the app under Streamlit's AppTest, as a user following a link would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def ok(at: AppTest) -> AppTest:
    """The app after a run, which must have shown no exception."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(page: str | None = None, **query: str) -> AppTest:
    """The app opened, then the page (a path under views/) with the link's query parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.query_params.update(query)
    if page:
        at.switch_page(page).run()
    return ok(at)


def metrics(at: AppTest) -> dict[str, str]:
    """The page's st.metric figures, by label."""
    return {m.label: m.value for m in at.metric}
