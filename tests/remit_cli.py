"""`python -m remit ...` as an analyst runs it, in this process: remit.cli.main(argv) from the project
root with REMIT_STORE / REMIT_DATA_DIR set, stdout and stderr captured, the exit status as a process
would give it (an argparse error is 2, an uncaught exception prints its traceback and is 1).

A fresh interpreter costs about 1.5 s a call (pandas, duckdb, plotly imports); in-process the suite runs
each CLI check in milliseconds. One real subprocess is kept as a smoke test (tests/test_cli.py)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from pathlib import Path

from remit.cli import main

ROOT = Path(__file__).resolve().parent.parent


def remit_cli(
    *args: str, store: Path | None = None, data: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run the CLI; store and data set REMIT_STORE and REMIT_DATA_DIR (else the environment's or the
    shipped ones are used). timeout is kept for the subprocess variant's callers and not enforced."""
    del timeout
    env = {"REMIT_STORE": store, "REMIT_DATA_DIR": data}
    saved = {key: os.environ.get(key) for key in env}
    cwd = Path.cwd()
    out, err = io.StringIO(), io.StringIO()
    try:
        for key, value in env.items():
            if value is not None:
                os.environ[key] = str(value)
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
            except Exception:  # noqa: BLE001 (what the interpreter would do: traceback, status 1)
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(["python", "-m", "remit", *args], code or 0, out.getvalue(), err.getvalue())


def remit_subprocess(
    *args: str, store: Path | None = None, data: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The same in a fresh `python -m remit` process (the smoke test that the entry point works)."""
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
