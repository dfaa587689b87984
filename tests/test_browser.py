"""Drive the real app in Debian's headless Chromium: every page renders without an exception.

Starts `streamlit run app.py` on a free localhost port with a fresh store path (so the app builds
its own store on first start), opens every page found in the sidebar at desktop and phone width,
checks key text, saves screenshots to test-artifacts/screenshots/ and exercises the Region control.
Never downloads a browser: it uses /usr/bin/chromium, and fails (in CI) or skips (locally) without it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import app_server  # noqa: E402
from app_server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1400, "height": 4200}  # the main area scrolls in its own container: a tall viewport shows it all
PHONE = {"width": 390, "height": 2400}
SERVER_START_S = 60.0
RENDER_TIMEOUT_MS = 30_000

# url_path -> (title in the sidebar, texts the page must show)
EXPECTED_PAGES: dict[str, tuple[str, list[str]]] = {
    "": ("Overview", ["Where do remittances cost too much?", "How much money is at stake?"]),
    "data": ("Data & methods", ["Sources", "Known gaps"]),
}


def _unavailable(reason: str) -> None:
    """Fail in CI (the browser test must run there), skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    _unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running `streamlit run app.py` with its own, not yet built, store; yields its base URL."""
    tmp = tmp_path_factory.mktemp("browser")
    store, log_path = tmp / "remit.duckdb", tmp / "streamlit.log"
    port = app_server.free_port()
    url = f"http://127.0.0.1:{port}"
    proc = app_server.start_app(port, log_path, env={"REMIT_STORE": str(store)})
    try:
        try:
            app_server.wait_healthy(url, proc, log_path, timeout_s=SERVER_START_S)
        except RuntimeError as exc:
            pytest.fail(f"streamlit did not start: {exc}", pytrace=False)
        yield url
    finally:
        app_server.stop(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, through playwright (which never downloads a browser here)."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Browser, url: str, viewport: dict[str, int]) -> Page:
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    page.goto(url)
    _wait_until_idle(page)
    return page


def _wait_until_idle(page: Page) -> None:
    """Wait for the app shell, then until the script run has finished (status widget not 'Running')
    and every element has drawn (lazily loaded ones, e.g. metrics and charts, show a stSkeleton first)."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            return app && app.dataset.testConnectionState === 'CONNECTED'
                && app.dataset.testScriptState === 'notRunning'
                && !(status && /running/i.test(status.innerText))
                && !document.querySelector('[data-testid="stSkeleton"]');
        }""",
        timeout=RENDER_TIMEOUT_MS,
    )


def _assert_no_exception(page: Page, where: str) -> None:
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        texts = "\n---\n".join(errors.all_inner_texts())
        pytest.fail(f"{where}: the app raised {errors.count()} exception(s):\n{texts}", pytrace=False)


def _assert_texts(page: Page, texts: list[str], where: str) -> None:
    main = page.locator('[data-testid="stMain"]')
    for text in texts:
        visible = main.get_by_text(text).filter(visible=True)
        assert visible.count(), f"{where}: {text!r} is not visible"


def _shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _nav_pages(page: Page, base: str) -> dict[str, str]:
    """url_path -> link text of every page in the sidebar nav."""
    page.wait_for_selector('[data-testid="stSidebarNav"] a')
    found = {}
    for link in page.locator('[data-testid="stSidebarNav"] a').all():
        href = link.get_attribute("href") or ""
        found[urlparse(href).path.strip("/")] = link.inner_text().strip()
    return found


def _slug(url_path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url_path.lower()).strip("-") or "overview"


def test_every_page_renders(app_url: str, browser: Browser) -> None:
    """Every sidebar page renders at desktop and phone width with its key text and no exception."""
    home = _open(browser, app_url, DESKTOP)
    pages = _nav_pages(home, app_url)
    home.close()
    for url_path, (title, _) in EXPECTED_PAGES.items():
        assert url_path in pages, f"page /{url_path} ({title}) missing from the sidebar; found {pages}"
        assert title in pages[url_path], f"page /{url_path} is labelled {pages[url_path]!r}, expected {title!r}"

    for url_path in pages:
        where = f"/{url_path} ({pages[url_path]})"
        page = _open(browser, f"{app_url}/{url_path}", DESKTOP)
        try:
            _assert_no_exception(page, where)
            _assert_texts(page, EXPECTED_PAGES.get(url_path, ("", []))[1], where)
            if url_path == "":
                page.wait_for_selector(".js-plotly-plot")
                assert page.locator(".js-plotly-plot").count() >= 1, f"{where}: no plotly chart"
            _shot(page, f"{_slug(url_path)}-desktop")
        finally:
            page.close()

        phone = _open(browser, f"{app_url}/{url_path}", PHONE)
        try:
            _assert_no_exception(phone, f"{where} at phone width")
            _shot(phone, f"{_slug(url_path)}-phone")
        finally:
            phone.close()


def test_overview_region_world(app_url: str, browser: Browser) -> None:
    """Choosing 'World' in the Region control puts scope=World in the URL, re-renders cleanly,
    and the URL it wrote opens the same view (a shareable link)."""
    page = _open(browser, app_url, DESKTOP)
    try:
        control = page.locator('[data-testid="stButtonGroup"]').filter(has_text="World").first
        control.get_by_role("radio", name="World", exact=True).click()
        # The option's text is the URL value: ?scope=World.
        page.wait_for_function("() => new URLSearchParams(location.search).get('scope') === 'World'")
        page.locator('[data-testid="stMain"]').get_by_text("all corridors").first.wait_for()  # the rerun began
        _wait_until_idle(page)
        _assert_no_exception(page, "Overview after choosing World")
        _assert_texts(page, ["all corridors"], "Overview after choosing World")
        _shot(page, "overview-world-desktop")
        shared = page.url
    finally:
        page.close()

    page = _open(browser, shared, DESKTOP)
    try:
        scope = parse_qs(urlparse(page.url).query).get("scope", [""])[0]
        assert scope == "World", f"opening {shared} dropped the scope: now at {page.url}"
        _assert_no_exception(page, f"Overview opened at {shared}")
        _assert_texts(page, ["all corridors"], f"Overview opened at {shared}")
    finally:
        page.close()
