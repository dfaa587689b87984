"""`python -m remit ...` as an analyst runs it: a fresh process from the project root, on a given store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def remit_cli(
    *args: str, store: Path | None = None, data: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run the CLI; store and data set REMIT_STORE and REMIT_DATA_DIR (else the shipped ones are used)."""
    env = dict(os.environ)
    if store is not None:
        env["REMIT_STORE"] = str(store)
    if data is not None:
        env["REMIT_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "remit", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
