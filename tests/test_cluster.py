"""Scale-out: deploy/run_cluster.sh starts two app processes behind nginx on loopback, and the small
load test runs through nginx with no error, sessions spread over both processes, each session
pinned to one process (sticky). Skipped locally without nginx; fails in CI (CI=true) without it."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import app_server  # noqa: E402
import load_test  # noqa: E402

SESSIONS = 8
START_TIMEOUT_S = 120.0


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (.ci/run installs Debian's nginx)", pytrace=False)
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


@pytest.fixture(scope="module")
def cluster(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, list[int]]]:
    """run_cluster.sh with 2 apps; yields (nginx URL, run directory, app ports)."""
    _nginx()
    rundir = tmp_path_factory.mktemp("cluster")
    rundir.chmod(0o755)
    port = app_server.free_port()
    first = app_server.free_port_pair(avoid=port)
    apps = [first, first + 1]
    out = rundir / "run_cluster.out"
    cmd = ["bash", str(ROOT / "deploy/run_cluster.sh"), "--apps", "2", "--port", str(port),
           "--first-app-port", str(first), "--dir", str(rundir)]  # fmt: skip
    env = {**os.environ, "REMIT_STORE": str(real_store), "PYTHON": sys.executable}
    with open(out, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        app_server.wait_healthy(url, proc, out, timeout_s=START_TIMEOUT_S)
        yield url, rundir, apps
    finally:
        app_server.stop(proc)


STREAM = re.compile(r'"GET /_stcore/stream [^"]*" 101 .*upstream=(?P<upstream>\S+) route=(?P<route>\S+)')


def _websockets(log: Path, at_least: int, wait_s: float = 10.0) -> list[tuple[str, str]]:
    """(route, upstream) of each websocket session in nginx's access log (logged when it closes)."""
    deadline = time.monotonic() + wait_s
    while True:
        lines = log.read_text().splitlines() if log.exists() else []
        found = [(m["route"], m["upstream"]) for m in map(STREAM.search, lines) if m]
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


async def _one_session(url: str) -> None:
    session = load_test.Session(url, timeout_s=60)
    await session.open()
    try:
        await session.run(load_test.ROUND[-1])
    finally:
        await session.close()


def test_load_through_nginx_reaches_both_processes_and_sessions_stay_put(cluster: tuple[str, Path, list[int]]) -> None:
    url, rundir, apps = cluster
    for port in apps:  # each backend answers on its own
        assert app_server.healthy(f"http://127.0.0.1:{port}"), f"app on port {port} is not healthy"
    report = load_test.load(load_test.Plan(url, sessions=SESSIONS, rounds=1, think_s=0.1, ramp_s=0.05, duration_s=240))
    print("\n" + report.render())
    assert not report.errors, report.render()

    log = rundir / "logs/nginx-access.log"
    streams = _websockets(log, SESSIONS)
    assert len(streams) >= SESSIONS, f"{len(streams)} websocket sessions in the nginx log:\n{log.read_text()[-3000:]}"
    used = {upstream for _, upstream in streams}
    for _ in range(20):  # routes are random: 8 sessions all land on one process 1 time in 128, so add a few
        if len(used) == len(apps):
            break
        asyncio.run(_one_session(url))
        streams = _websockets(log, len(streams) + 1)
        used = {upstream for _, upstream in streams}
    assert used == {f"127.0.0.1:{p}" for p in apps}, f"sessions went to {used}, expected both of {apps}"

    # Sticky: every request that carried a session's route cookie went to one process.
    by_route: dict[str, set[str]] = defaultdict(set)
    for line in log.read_text().splitlines():
        m = re.search(r"upstream=(?P<upstream>\S+) route=(?P<route>\S+)", line)
        if m and m["upstream"] != "-":
            by_route[m["route"]].add(m["upstream"])
    split = {route: ups for route, ups in by_route.items() if len(ups) > 1}
    assert not split, f"sessions served by more than one process: {split}"


@pytest.mark.slow
def test_a_crashed_app_process_is_started_again(cluster: tuple[str, Path, list[int]]) -> None:
    """A native crash (SIGABRT, as calamine's failed allocation did) takes one process down: the other serves
    meanwhile, and run_cluster.sh's supervisor starts the dead one again."""
    url, rundir, apps = cluster
    port = apps[0]
    pid_file = rundir / f"app-{port}.pid"
    pid = int(pid_file.read_text())
    os.kill(pid, signal.SIGABRT)
    assert app_server.healthy(url), "nginx did not serve from the other process"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        restarted = int(pid_file.read_text() or 0) != pid
        if restarted and app_server.healthy(f"http://127.0.0.1:{port}"):
            break
        time.sleep(0.2)
    else:
        pytest.fail(
            f"the app on port {port} was not started again:\n{(rundir / f'logs/app-{port}.log').read_text()[-2000:]}"
        )
    assert f"app on port {port} exited with status 134" in (rundir / f"logs/app-{port}.log").read_text()
    assert app_server.healthy(url)
    asyncio.run(_one_session(url))  # a whole session through nginx works again
