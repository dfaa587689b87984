"""Starting and stopping `streamlit run app.py` on loopback, for the benchmarks and the tests that
need a real server (tests/test_browser.py, test_load.py, test_cluster.py): one copy of the helpers.

Every server runs in its own process group, so stop() ends it and whatever it started, and nothing else.
Import it with benchmarks/ on sys.path (the benchmark scripts have it; the tests insert it).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_pair(avoid: int | None = None) -> int:
    """A port P such that P and P + 1 are free on 127.0.0.1 (deploy/run_cluster.sh numbers apps from P)."""
    for _ in range(50):
        first = free_port()
        if avoid in (first, first + 1):
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", first + 1))
            except OSError:
                continue
        return first
    raise RuntimeError("no two consecutive free ports on 127.0.0.1")


def healthy(url: str) -> bool:
    """Whether the Streamlit server at url answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def start_app(port: int, log_file: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:port in its own process group, output to log_file
    (stop it with stop()); env adds to this process's environment (REMIT_STORE, REMIT_DATA_DIR)."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    with open(log_file, "wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(url: str, proc: subprocess.Popen, log_file: Path, timeout_s: float = 90.0) -> float:
    """Seconds until url answers its health check; RuntimeError (with the log's end) if the process
    exits or the time runs out."""
    started = time.monotonic()
    while not healthy(url):
        if proc.poll() is not None or time.monotonic() - started > timeout_s:
            why = f"exited with {proc.returncode}" if proc.poll() is not None else f"not healthy in {timeout_s:.0f} s"
            raise RuntimeError(f"{url}: {why}. Log:\n{log_file.read_text(errors='replace')[-4000:]}")
        time.sleep(0.05)
    return time.monotonic() - started


def stop(proc: subprocess.Popen, timeout_s: float = 15.0) -> None:
    """Terminate the process group we started (proc's own), then kill it if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout_s)
    except ProcessLookupError:
        pass
