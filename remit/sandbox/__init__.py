"""Read an untrusted spreadsheet (.xlsx, .xls, .ods) where neither a crash nor a bomb can touch the caller.

A 2 KB .xlsx that declares a cell at XFD1048576 makes calamine allocate 512 GB and Rust abort the whole
process; a 62 KB .xlsx whose one long shared string fills 200,000 cells takes 7 GB. So every workbook a
user brings is read in two steps, and the second one in another process:

1. A cheap pre-check here, before any native library touches the file: for .xlsx/.ods (zip) the declared
   unpacked sizes and compression ratios, each sheet's declared extent (<dimension ref>, or the
   .ods rows and columns with their repeat counts), the shared strings' total size and longest string; for
   .xls (OLE) the BIFF DIMENSIONS record of each sheet, and for any OLE file an EncryptedPackage (a
   password-protected .xlsx) or a FILEPASS record (a password-protected .xls).
2. A worker, `python -m remit.sandbox`, under resource limits (RLIMIT_AS memory, RLIMIT_CPU, no core file,
   a small RLIMIT_FSIZE) and a wall-clock budget after which it is killed. It opens the file with calamine
   and sends sheets' rows back in chunks (pickles of plain values, read back by an unpickler that accepts
   nothing but datetime types). A crash (SIGABRT from a failed Rust allocation, SIGKILL or SIGXCPU from a
   limit) or a read error becomes UnsafeFile, whose message says in plain words what was wrong.

API (errors: remit.errors.UnsafeFile, a RemitError carrying a Message; `exc.reason` is a short code):

    read_sheets(path_or_bytes, purpose="price_list", name="prices.xlsx") -> list[Sheet]
        every worksheet (visible ones first), each Sheet(name, rows) with rows as lists of cell values
        (str, float, int, bool, datetime/date/time/timedelta, "" for an empty cell); `sheets=` a regex
        to read only the sheets whose name matches. This is what a price-list upload needs: the caller then
        picks the sheet whose first rows hold its header.

    with open_workbook(path, purpose="rpw") as book:   # streaming, for the big RPW workbook
        book.sheet_names                                 # worksheets, visible first (all_sheet_names: all)
        for chunk in book.rows("Dataset (from Q2 2016)"):   # lists of up to CHUNK_ROWS rows
            ...
        header = book.header(sheet)                      # or: the first row, then chosen columns
        for chunk in book.columns(sheet, [0, 3, 5]):     # {column index: values}, blank rows left out
            ...

At most REMIT_SANDBOX_WORKERS (default 2) workers run at once per process; a third read waits for one.
`purpose` chooses the limits (LIMITS: rows, columns, cells, unpacked bytes, longest string, memory, CPU
and wall-clock seconds). Bytes are written to a private temporary folder that is removed in `finally`;
folders left by a killed process (prefix remit-upload-) are swept after an hour (upload_folder()).

The package: limits.py (Limits, LIMITS), precheck.py (step 1), worker.py (step 2, started as __main__.py), and
here the parent side that starts a worker and reads its answers (Workbook, open_workbook, read_sheets).
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from remit.errors import UnsafeFile
from remit.messages import Num, msg
from remit.sandbox.limits import CHUNK_ROWS, LIMITS, MB, PURPOSE_TEXT, Limits, Purpose, mb
from remit.sandbox.precheck import password_message, precheck

__all__ = [
    "CHUNK_ROWS",
    "LIMITS",
    "MB",
    "STALE_UPLOAD_SECONDS",
    "UPLOAD_PREFIX",
    "Limits",
    "Purpose",
    "Sheet",
    "Workbook",
    "open_workbook",
    "precheck",
    "read_sheets",
    "upload_folder",
]

UPLOAD_PREFIX = "remit-upload-"
STALE_UPLOAD_SECONDS = 3600
# Workers one server process runs at once (each may use its purpose's memory limit); others wait their turn.
_WORKERS_SETTING = os.environ.get("REMIT_SANDBOX_WORKERS", "2").strip()
_WORKERS = threading.BoundedSemaphore(max(1, min(int(_WORKERS_SETTING), 16)) if _WORKERS_SETTING.isdigit() else 2)


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]


# --- the parent side ------------------------------------------------------------------------------------


class _Values(pickle.Unpickler):
    """Unpickles plain values only: the worker parsed a hostile file and is not trusted to send code."""

    ALLOWED = frozenset({("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"),
                         ("datetime", "timezone")})  # fmt: skip

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _sweep_stale_uploads(root: Path) -> None:
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for old in root.glob(f"{UPLOAD_PREFIX}*"):
        with contextlib.suppress(OSError):
            if old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def upload_folder() -> Iterator[Path]:
    """A private temporary folder, removed on the way out; folders a killed process left are swept after an hour."""
    root = Path(tempfile.gettempdir())
    _sweep_stale_uploads(root)
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Workbook:
    """A spreadsheet opened by a worker process; use open_workbook()."""

    def __init__(self, path: Path, name: str, purpose: Purpose, folder: Path):
        self.name, self.purpose, self.limits = name, purpose, LIMITS[purpose]
        self._expired = False
        self._stderr: IO[bytes] = (folder / "worker.err").open("w+b")
        config = {**asdict(self.limits), "path": str(path)}
        root = str(Path(__file__).resolve().parent.parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p),
               "TMPDIR": str(folder)}  # fmt: skip
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "remit.sandbox", json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=folder,
            env=env,
            start_new_session=True,  # a Ctrl-C in a terminal reaches the caller, which then stops the worker
        )
        self._timer = threading.Timer(self.limits.wall_seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()
        kind, *rest = self._receive()
        if kind != "sheets":
            raise self._error(kind, rest)
        meta = rest[0]
        self.sheet_names: list[str] = [n for n, work, vis in meta if work and vis] + [
            n for n, work, vis in meta if work and not vis
        ]
        self.all_sheet_names: list[str] = [n for n, _w, _v in meta]

    def _expire(self) -> None:
        self._expired = True
        with contextlib.suppress(OSError):
            self._proc.kill()

    def _receive(self) -> tuple:
        try:
            item = _Values(self._proc.stdout).load()  # type: ignore[arg-type]
        except (EOFError, pickle.UnpicklingError, OSError, ValueError, TypeError, AttributeError) as exc:
            raise self._died() from exc
        if not isinstance(item, tuple) or not item:
            raise self._died()
        if item[0] == "error":
            raise self._error(item[1], item[2:])
        return item

    def _died(self) -> UnsafeFile:
        """The worker stopped without an answer: say which limit (or crash) stopped it."""
        try:
            code = self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            code = self._proc.wait()
        self._stderr.seek(0)
        err = self._stderr.read(64 * 1024).decode("utf-8", "replace")
        lim, values = self.limits, {"name": self.name}
        if self._expired:
            return UnsafeFile(
                msg(
                    "Reading '{name}' took longer than {seconds} seconds, so it was stopped. Save only the data you "
                    "need, in a new file, and try again.",
                    seconds=Num(lim.wall_seconds),
                    **values,
                ),
                reason="time",
            )
        if code == -signal.SIGXCPU or (code == -signal.SIGKILL and "memory" not in err):
            if code == -signal.SIGXCPU:
                return UnsafeFile(
                    msg(
                        "Reading '{name}' needed more than {seconds} seconds of computing time, so it was stopped. "
                        "Save only the data you need, in a new file, and try again.",
                        seconds=Num(lim.cpu_seconds),
                        **values,
                    ),
                    reason="cpu",
                )
        if "memory" in err.lower() or code == -signal.SIGKILL or "MemoryError" in err:
            return self._error("memory", [])
        return UnsafeFile(
            msg(
                "The spreadsheet reader crashed on '{name}' (exit {code}): the file is damaged or made to break "
                "readers. Open it in Excel or LibreOffice, save it as a new .xlsx and try again.",
                code=str(code),
                **values,
            ),
            reason="crash",
        )

    def _error(self, reason: str, rest: list | tuple) -> UnsafeFile:
        lim, name = self.limits, self.name
        detail = rest[0] if rest else ""
        if reason == "memory":
            return UnsafeFile(
                msg(
                    "Reading '{name}' needed more than {limit} MB of memory, so it was stopped: the file declares far "
                    "more cells or text than a spreadsheet of its size holds. Save only the data you need, in a new "
                    "file, and try again.",
                    name=name,
                    limit=mb(lim.memory_bytes),
                ),
                reason="memory",
            )
        if reason == "password":
            return UnsafeFile(password_message(name), reason="password")
        if reason == "dimensions":
            rows, columns = detail
            return UnsafeFile(
                msg(
                    "'{name}' has more than {rows} rows or {columns} columns in one sheet; the limit for {purpose} is "
                    "{max_rows} rows × {max_columns} columns. Save only the data you need, in a new file.",
                    name=name,
                    rows=Num(rows - 1),
                    columns=Num(columns),
                    purpose=PURPOSE_TEXT[self.purpose],
                    max_rows=Num(lim.max_rows),
                    max_columns=Num(lim.max_columns),
                ),
                reason="dimensions",
            )
        return UnsafeFile(
            msg(
                "'{name}' cannot be read as a spreadsheet ({detail}). Open it in Excel or LibreOffice, save it as .xlsx "
                "and try again.",
                name=name,
                detail=str(detail)[:200],
            ),
            reason="unreadable",
        )

    def _ask(self, request: dict) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write((json.dumps(request) + "\n").encode())
            self._proc.stdin.flush()
        except OSError as exc:
            raise self._died() from exc

    def _stream(self) -> Iterator[Any]:
        while True:
            kind, *rest = self._receive()
            if kind == "end":
                return
            yield rest[0]

    def rows(self, sheet: str) -> Iterator[list[list[Any]]]:
        """The sheet's rows in chunks of up to CHUNK_ROWS (the first chunk starts with its first row)."""
        self._ask({"sheet": sheet})
        yield from self._stream()

    def header(self, sheet: str) -> list[Any] | None:
        """The sheet's first row (None: the sheet is empty); then columns() streams the rest."""
        self._ask({"sheet": sheet, "header": True})
        kind, *rest = self._receive()
        return rest[0]

    def columns(self, sheet: str, indices: list[int]) -> Iterator[dict[int, list[Any]]]:
        """After header(sheet): the other rows' cells in the columns `indices` ({index: values}, None past a
        row's end), blank rows left out, in chunks of CHUNK_ROWS rows; the big import needs no per-cell loop."""
        self._ask({"sheet": sheet, "columns": list(indices)})
        yield from self._stream()

    def close(self) -> None:
        self._timer.cancel()
        with contextlib.suppress(OSError):
            if self._proc.stdin:
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._proc.stdout, self._stderr):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]


@contextlib.contextmanager
def open_workbook(source: Path | bytes, *, purpose: Purpose, name: str | None = None) -> Iterator[Workbook]:
    """Pre-check the file, then open it in a worker process; raises UnsafeFile. Streams rows: see Workbook.rows."""
    with upload_folder() as folder:
        if isinstance(source, bytes | bytearray | memoryview):
            name = Path(name or "upload.xlsx").name
            path = folder / "upload"
            path.write_bytes(bytes(source))
        else:
            path = Path(source)
            name = name or path.name
        precheck(path, purpose=purpose, name=name)
        if not _WORKERS.acquire(timeout=LIMITS[purpose].wall_seconds):
            raise UnsafeFile(
                msg("The server is busy reading other spreadsheets. Try again in a minute."), reason="busy"
            )
        try:
            book = Workbook(path, name, purpose, folder)
            try:
                yield book
            finally:
                book.close()
        finally:
            _WORKERS.release()


def read_sheets(
    source: Path | bytes, *, purpose: Purpose, name: str | None = None, sheets: str | None = None
) -> list[Sheet]:
    """Every worksheet (visible first) whose name matches the regex `sheets` (all when None), rows and all."""
    with open_workbook(source, purpose=purpose, name=name) as book:
        wanted = [s for s in book.sheet_names if sheets is None or re.search(sheets, s)]
        return [Sheet(s, [row for chunk in book.rows(s) for row in chunk]) for s in wanted]
