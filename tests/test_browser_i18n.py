"""Every page in every complete language other than English, in Debian's headless Chromium.

A trainer shares /learn?lang=ru: the sidebar, the page and its charts must then be in Russian, with
no exception, and the language must stay when the participant moves to another page. Uses the server
and browser fixtures of test_browser.py (a fresh `streamlit run app.py`); screenshots land beside the
English ones as <page>-<lang>-desktop.png."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401
    _assert_no_exception,
    _nav_pages,
    _open,
    _shot,
    _slug,
    _wait_until_idle,
    app_url,
    browser,
)

from remit.i18n import complete_scopes, in_scope

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1400, "height": 4000}
CYRILLIC = re.compile("[а-яА-ЯёЁ]")
# how to tell a complete language's text on screen: its script, and letters only it (of these) has
SCRIPT = {"ru": CYRILLIC, "uk": re.compile("[а-яА-ЯіїєґІЇЄҐ]"), "ro": re.compile("[A-Za-zăâîșțĂÂÎȘȚ]")}
OWN_LETTERS = {"ru": re.compile("[ыэъЫЭ]"), "uk": re.compile("[іїєґІЇЄҐ]"), "ro": re.compile("[ăâîșțĂÂÎȘȚ]")}


def _page_files() -> dict[str, str]:
    """URL path ("" for the default page) -> the page's file, as app.py's page() calls give them."""
    found = {}
    for node in ast.walk(ast.parse((Path(__file__).resolve().parent.parent / "app.py").read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "page":
            url = node.args[3].value if len(node.args) > 3 else ""
            found[url] = f"views/{node.args[0].value}"
    return found


@pytest.mark.parametrize("code", [c for c in complete_scopes() if c != "en"])
def test_every_page_in_another_language(app_url: str, browser, code: str) -> None:  # noqa: F811
    """Every page a complete language covers (all, or its scope's: the rest fall back to English)."""
    home = _open(browser, f"{app_url}/?lang={code}", DESKTOP)
    try:
        pages = _nav_pages(home, app_url)
    finally:
        home.close()
    assert all(SCRIPT[code].search(title) for title in pages.values()), pages  # the navigation is translated
    assert OWN_LETTERS[code].search(" ".join(pages.values())), pages
    files, scope = _page_files(), complete_scopes()[code]
    assert set(pages) <= set(files), (pages, files)
    for url_path, title in pages.items():
        if not in_scope([files[url_path]], scope):
            continue
        where = f"/{url_path}?lang={code} ({title})"
        page = _open(browser, f"{app_url}/{url_path}?lang={code}", DESKTOP)
        try:
            _assert_no_exception(page, where)
            heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
            assert SCRIPT[code].search(heading), f"{where}: title {heading!r} is not translated"
            for axis in page.locator(".js-plotly-plot .gtitle").all_text_contents():
                assert SCRIPT[code].search(axis), f"{where}: chart title {axis!r} is not translated"
            _shot(page, f"{_slug(url_path)}-{code}-desktop")
        finally:
            page.close()


def test_the_language_stays_when_moving_between_pages(app_url: str, browser) -> None:  # noqa: F811
    page = _open(browser, f"{app_url}/learn?lang=ru", DESKTOP)
    try:
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Данные и методы").click()
        page.wait_for_url(re.compile(r"/data"))
        page.locator('[data-testid="stMain"] h1').filter(has_text="Данные и методы").wait_for()
        _wait_until_idle(page)
        _assert_no_exception(page, "/data after /learn?lang=ru")
        assert "lang=ru" in page.url  # a link copied now still opens in Russian
    finally:
        page.close()
