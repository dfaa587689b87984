"""Open a page of the app under Streamlit's AppTest, as a user following a link would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

# The pages st.navigation registers (page hash -> script path and URL path), read off the first app run in this
# process: they do not depend on the session, and with them a test opens a page straight from its link, without
# running the default page first (what a user following the link meets, and half the time of a short test).
_PAGES: dict[str, dict] = {}


def ok(at: AppTest) -> AppTest:
    """The app after a run, which must have shown no exception."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def app() -> AppTest:
    """The app, not yet run, its pages known so that switch_page works before the first run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if not _PAGES:
        _PAGES.update(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()._registered_pages)  # noqa: SLF001
    at._registered_pages = dict(_PAGES)  # noqa: SLF001 (AppTest keeps them private; switch_page reads them)
    return at


def open_page(page: str | None = None, **query: str) -> AppTest:
    """The page (a path under views/; None: the default page) opened from a link with these query parameters."""
    at = app()
    at.query_params.update(query)
    if page:
        at.switch_page(page)
    return ok(at.run())


def metrics(at: AppTest) -> dict[str, str]:
    """The page's st.metric figures, by label."""
    return {m.label: m.value for m in at.metric}
