"""A small, bounded load on a real `streamlit run app.py`: concurrent sessions through the main pages
and interactions over Streamlit's websocket protocol, with no error. Timings are printed, never
asserted (the 50-session figures are in benchmarks/, see benchmarks/RESULTS.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import app_server  # noqa: E402
import load_test  # noqa: E402

SESSIONS = 10


@pytest.fixture(scope="module")
def app_url(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, reading the session's real store."""
    log = tmp_path_factory.mktemp("load") / "streamlit.log"
    port = app_server.free_port()
    url = f"http://127.0.0.1:{port}"
    proc = app_server.start_app(port, log, env={"REMIT_STORE": str(real_store)})
    try:
        app_server.wait_healthy(url, proc, log)
        yield url
    finally:
        app_server.stop(proc)


def test_concurrent_sessions_get_every_page_without_error(app_url: str) -> None:
    plan = load_test.Plan(app_url, sessions=SESSIONS, rounds=1, think_s=0.1, ramp_s=0.05, duration_s=240)
    report = load_test.load(plan)
    print("\n" + report.render())
    assert not report.errors, report.render()
    table = {row["interaction"]: row for row in report.table()}
    assert table[load_test.CONNECT]["count"] == SESSIONS
    for step in load_test.ROUND:
        assert table[step.name]["count"] == SESSIONS, f"{step.name}: {table[step.name]}"


def test_the_load_test_refuses_targets_off_this_machine() -> None:
    for url in ("http://10.0.0.1:8501", "http://192.168.1.10", "http://8.8.8.8"):
        with pytest.raises(ValueError, match="loopback"):
            load_test.check_loopback(url)
    load_test.check_loopback("http://127.0.0.1:8501")
    load_test.check_loopback("http://localhost:8501")
