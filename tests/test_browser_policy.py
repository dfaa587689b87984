"""The policymaker pages in Debian's headless Chromium: the map draws from the geometry remit serves
(no network here, so a CDN fetch would leave it blank), and shared links reproduce a view.

Uses the server and browser fixtures of test_browser.py (a fresh `streamlit run app.py`)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from test_browser import _assert_no_exception, _assert_texts, _open, _shot, app_url, browser  # noqa: F401

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1400, "height": 4000}
PHONE = {"width": 390, "height": 2400}


@pytest.fixture(scope="module")
def warm(app_url: str, browser) -> str:  # noqa: F811
    """The first session of a fresh server opens a deep link, as a shared link would after a restart:
    it must get the app's own navigation and frame, not a bare page (why views/ is not named pages/)."""
    page = _open(browser, f"{app_url}/country?country=TJK", DESKTOP)
    try:
        _assert_no_exception(page, "first visit /country?country=TJK")
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Country profile" in nav and "Data & methods" in nav and "country_profile" not in nav, nav
        assert page.get_by_text("Page not found").count() == 0
        _assert_texts(page, ["Tajikistan"], "first visit /country?country=TJK")
    finally:
        page.close()
    return app_url


def test_map_draws_offline_with_kosovo_marked(warm: str, browser) -> None:  # noqa: F811
    for viewport, name in ((DESKTOP, "map-desktop"), (PHONE, "map-phone")):
        page = _open(browser, f"{warm}/map", viewport)
        try:
            _assert_no_exception(page, "/map")
            page.wait_for_selector(".js-plotly-plot .choroplethlocation", state="attached", timeout=30_000)
            assert (
                page.locator(".js-plotly-plot .choroplethlocation").count() > 50
            )  # countries drawn from the local geometry
            _assert_texts(page, ["Drawn as a dot:", "Kosovo (XKX)"], "/map")
            _assert_map_fills_its_plot(page, name)
            _shot(page, name)
        finally:
            page.close()


def _assert_map_fills_its_plot(page, where: str) -> None:
    """The map's height follows the page's width: the drawn map fills its plot area (no tall blank bands
    above and below it on a phone, no side bands on a desktop)."""
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .geolayer .bg rect')")
    frame, plot = page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const r = gd.querySelector('.geolayer .bg rect').getBoundingClientRect();
            return [[r.width, r.height], [gd._fullLayout._size.w, gd._fullLayout._size.h]];
        }"""
    )
    assert frame[0] >= 0.85 * plot[0] and frame[1] >= 0.85 * plot[1], (where, frame, plot)


def test_from_each_country_on_a_phone_shows_western_europe(warm: str, browser) -> None:  # noqa: F811
    page = _open(browser, f"{warm}/map?side=from+each+country", PHONE)
    try:
        _assert_no_exception(page, "/map from each country, phone")
        page.wait_for_selector(".js-plotly-plot .choroplethlocation", state="attached", timeout=30_000)
        _assert_map_fills_its_plot(page, "from each country, phone")
        _assert_texts(page, ["sending countries with corridors to the focus region"], "/map from each country")
        _shot(page, "map-from-phone")
    finally:
        page.close()


def test_world_view_from_each_sending_country_by_link(warm: str, browser) -> None:  # noqa: F811
    page = _open(browser, f"{warm}/map?side=from+each+country&view=World&period=2019Q3", DESKTOP)
    try:
        _assert_no_exception(page, "/map from each country")
        _assert_texts(page, ["Sending countries above 5% on average", "countries with corridor data, 2019Q3"], "/map")
        q = parse_qs(urlparse(page.url).query)
        assert q.get("side") == ["from each country"] and q.get("view") == ["World"], page.url
    finally:
        page.close()


def test_corridor_codes_in_the_link_select_the_corridors(warm: str, browser) -> None:  # noqa: F811
    page = _open(browser, f"{warm}/corridors?corridors=RUS-TJK,USA-IND", DESKTOP)
    try:
        _assert_no_exception(page, "/corridors with codes")
        _assert_texts(page, ["Russian Federation → Tajikistan · RUS-TJK", "United States → India · USA-IND"], "link")
        _assert_texts(page, ["Fee and FX margin"], "link")  # USA-IND has the split: chart drawn
        assert parse_qs(urlparse(page.url).query).get("corridors") == ["RUS-TJK,USA-IND"], page.url
        _shot(page, "corridors-link-desktop")
    finally:
        page.close()


@pytest.mark.parametrize("path", ["corridors", "regions", "country?country=KGZ"])
def test_pages_at_phone_width(warm: str, browser, path: str) -> None:  # noqa: F811
    page = _open(browser, f"{warm}/{path}", PHONE)
    try:
        _assert_no_exception(page, f"/{path} at phone width")
        if path.startswith("country"):
            _assert_texts(page, ["Corridors to Kyrgyz Republic"], path)
        _shot(page, f"{path.split('?', maxsplit=1)[0]}-policy-phone")
    finally:
        page.close()
