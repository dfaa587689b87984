"""The Learn page on a projector: ?present=true in headless Chromium at 1280x720 and 1920x1080.

Screenshots land in test-artifacts/screenshots/learn-present-<width>.png; look at them.
"""

from __future__ import annotations

import pytest
from test_browser import SHOTS, _assert_no_exception, _wait_until_idle, app_url, browser  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NORMAL_INPUT_PX = 14.0  # Streamlit's own input text size (the issue measured about 11 px)
NORMAL_METRIC_PX = 36.0  # st.metric values: 2.25rem


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_projector_mode_reads_from_the_back_of_the_room(app_url: str, browser, width: int, height: int) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/learn?present=true")
    page.wait_for_selector(".st-key-present_next button")
    _wait_until_idle(page)
    _assert_no_exception(page, "learn?present=true")
    for chrome in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]'):
        assert not page.locator(chrome).filter(visible=True).count(), f"{chrome} is visible"
    sizes = page.evaluate(
        """() => [document.querySelector('[data-testid="stMain"] input'),
                  document.querySelector('[data-testid="stMetricValue"] p')]
                 .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes[0] >= 2 * NORMAL_INPUT_PX and sizes[1] >= 2 * NORMAL_METRIC_PX, sizes  # an input, a key number
    for key in ("present_back", "present_next"):  # the controls are on the screen, not below it
        box = page.locator(f".st-key-{key} button").bounding_box()
        assert box and box["y"] + box["height"] <= height and box["height"] >= 60, (key, box)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"learn-present-{width}.png"))
    page.locator(".st-key-present_next button").click()
    # the rerun may not have started when the click returns: wait for the next step's heading itself
    page.get_by_role("heading", name="2. The exchange rate").wait_for(state="visible")
    _wait_until_idle(page)
    page.screenshot(path=str(SHOTS / f"learn-present-{width}-step2.png"))
    page.close()
