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
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, Literal
from xml.etree import ElementTree

from remit.errors import UnsafeFile
from remit.messages import Message, Num, msg

Purpose = Literal["price_list", "rpw"]
CHUNK_ROWS = 5_000
UPLOAD_PREFIX = "remit-upload-"
STALE_UPLOAD_SECONDS = 3600
MB = 1024 * 1024
# Workers one server process runs at once (each may use its purpose's memory limit); others wait their turn.
_WORKERS_SETTING = os.environ.get("REMIT_SANDBOX_WORKERS", "2").strip()
_WORKERS = threading.BoundedSemaphore(max(1, min(int(_WORKERS_SETTING), 16)) if _WORKERS_SETTING.isdigit() else 2)


@dataclass(frozen=True)
class Limits:
    """What one kind of file may declare and use while it is read."""

    max_rows: int  # per sheet
    max_columns: int
    max_cells: int  # per sheet, rows x columns as declared
    max_unpacked_bytes: int  # zip: all parts together
    max_ratio: float  # zip: unpacked / packed size of one part over 1 MB (Apache POI stops at 100)
    max_string_chars: int  # the longest text in one cell
    max_shared_strings_bytes: int
    memory_bytes: int  # the worker's address space
    cpu_seconds: int
    wall_seconds: float


LIMITS: dict[str, Limits] = {
    # A price list is read whole; the benchmark keeps 10,000 product rows and says when there are more.
    "price_list": Limits(
        max_rows=100_000,
        max_columns=256,
        max_cells=2_000_000,
        max_unpacked_bytes=64 * MB,
        max_ratio=200.0,
        max_string_chars=5_000,
        max_shared_strings_bytes=16 * MB,
        memory_bytes=1024 * MB,
        cpu_seconds=30,
        wall_seconds=45.0,
    ),
    # The World Bank's complete dataset: ~250,000 rows x ~45 columns over two sheets, ~50 MB packed.
    "rpw": Limits(
        max_rows=1_048_576,
        max_columns=128,
        max_cells=20_000_000,
        max_unpacked_bytes=2048 * MB,
        max_ratio=200.0,
        max_string_chars=32_767,  # Excel's own limit for a cell
        max_shared_strings_bytes=512 * MB,
        memory_bytes=3072 * MB,
        cpu_seconds=240,
        wall_seconds=300.0,
    ),
}

_PURPOSE_TEXT = {"price_list": msg("a price list"), "rpw": msg("the RPW workbook")}


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]


# --- the pre-check (parent, pure Python, bounded reads) ------------------------------------------------


def _mb(n: float) -> Num:
    return Num(n / MB, 1 if n < 10 * MB else 0)


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_CELL = re.compile(r"([A-Z]{1,4})(\d{1,8})")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")


def _extent(ref: str) -> tuple[int, int] | None:
    """'A1:XFD1048576' -> (rows, columns); None when the ref is not a cell range."""
    cells = [_CELL.fullmatch(part.strip().replace("$", "").upper()) for part in ref.split(":")]
    if not cells or not all(cells):
        return None
    rows = [int(c.group(2)) for c in cells if c]
    cols = [_col_number(c.group(1)) for c in cells if c]
    return max(rows) - min(rows) + 1 if len(rows) > 1 else rows[0], max(cols) - min(cols) + 1 if len(
        cols
    ) > 1 else cols[0]


class _Check:
    """The pre-check of one file against one purpose's limits; each method raises UnsafeFile."""

    def __init__(self, path: Path, name: str, purpose: Purpose):
        self.path, self.name, self.purpose, self.limits = path, name, purpose, LIMITS[purpose]

    def fail(self, reason: str, message: Message) -> UnsafeFile:
        return UnsafeFile(message, reason=reason)

    def extent(self, rows: int, columns: int) -> None:
        lim = self.limits
        if rows > lim.max_rows or columns > lim.max_columns or rows * columns > lim.max_cells:
            raise self.fail(
                "dimensions",
                msg(
                    "'{name}' says a sheet has {rows} × {columns} cells (rows × columns); the limit for {purpose} is "
                    "{max_rows} × {max_columns}, {max_cells} cells in all. Save only the data you need, in a new file.",
                    name=self.name,
                    rows=Num(rows),
                    columns=Num(columns),
                    purpose=_PURPOSE_TEXT[self.purpose],
                    max_rows=Num(lim.max_rows),
                    max_columns=Num(lim.max_columns),
                    max_cells=Num(lim.max_cells),
                ),
            )

    def run(self) -> None:
        with self.path.open("rb") as fh:
            head = fh.read(8)
        if head[:4] == b"PK\x03\x04":
            self.zip()
        elif head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            self.ole()
        else:
            raise self.fail(
                "format",
                msg(
                    "'{name}' is not an Excel or OpenDocument spreadsheet (.xlsx, .xls, .ods). Save it as .xlsx and "
                    "try again.",
                    name=self.name,
                ),
            )

    # .xlsx / .ods
    def zip(self) -> None:
        lim = self.limits
        try:
            z = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self.fail(
                "damaged",
                msg("'{name}' is damaged: the zip archive inside cannot be opened. Save it again.", name=self.name),
            ) from exc
        with z:
            infos = z.infolist()
            if len(infos) > 10_000:
                raise self.fail(
                    "parts",
                    msg(
                        "'{name}' holds {n} parts; a spreadsheet has far fewer (limit {limit}).",
                        name=self.name,
                        n=Num(len(infos)),
                        limit=Num(10_000),
                    ),
                )
            unpacked = sum(i.file_size for i in infos)
            if unpacked > lim.max_unpacked_bytes:
                raise self.fail(
                    "unpacked",
                    msg(
                        "'{name}' unpacks to {size} MB; the limit for {purpose} is {limit} MB.",
                        name=self.name,
                        size=_mb(unpacked),
                        purpose=_PURPOSE_TEXT[self.purpose],
                        limit=_mb(lim.max_unpacked_bytes),
                    ),
                )
            for i in infos:
                if i.file_size > MB and i.file_size > lim.max_ratio * max(i.compress_size, 1):
                    raise self.fail(
                        "ratio",
                        msg(
                            "'{name}' is a zip bomb: one part grows {ratio} times when unpacked ({size} MB), which no "
                            "spreadsheet does.",
                            name=self.name,
                            ratio=Num(i.file_size / max(i.compress_size, 1)),
                            size=_mb(i.file_size),
                        ),
                    )
            names = {i.filename for i in infos}
            try:
                if "content.xml" in names:
                    self.ods(z)
                else:
                    self.xlsx(z, infos)
            except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, OSError, ValueError) as exc:
                if isinstance(exc, UnsafeFile):
                    raise
                raise self.fail(
                    "damaged",
                    msg("'{name}' is damaged: a part inside cannot be read ({detail}). Save it again.", name=self.name,
                        detail=str(exc)[:120]),
                ) from exc  # fmt: skip

    def xlsx(self, z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with z.open(info) as part:
                    head = part.read(64 * 1024)
                m = _DIMENSION.search(head)
                extent = _extent(m.group(1).decode("ascii", "replace")) if m else None
                if extent:
                    self.extent(*extent)
        shared = next((i for i in infos if i.filename.lower() == "xl/sharedstrings.xml"), None)
        if shared is None:
            return
        if shared.file_size > self.limits.max_shared_strings_bytes:
            raise self.fail(
                "shared_strings",
                msg(
                    "'{name}' holds {size} MB of text; the limit for {purpose} is {limit} MB.",
                    name=self.name,
                    size=_mb(shared.file_size),
                    purpose=_PURPOSE_TEXT[self.purpose],
                    limit=_mb(self.limits.max_shared_strings_bytes),
                ),
            )
        longest = 0
        with z.open(shared) as part:
            for _event, elem in ElementTree.iterparse(part, events=("end",)):
                if elem.tag.endswith("}si") or elem.tag == "si":
                    longest = max(longest, sum(len(t) for t in elem.itertext()))
                    elem.clear()
        self.string(longest)

    def string(self, longest: int) -> None:
        if longest > self.limits.max_string_chars:
            raise self.fail(
                "long_text",
                msg(
                    "'{name}' has a text of {chars} characters in one cell; the limit for {purpose} is {limit}.",
                    name=self.name,
                    chars=Num(longest),
                    purpose=_PURPOSE_TEXT[self.purpose],
                    limit=Num(self.limits.max_string_chars),
                ),
            )

    def ods(self, z: zipfile.ZipFile) -> None:
        """Rows and columns as the reader expands them: repeat counts included, trailing empty ones not."""
        table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
        office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
        rows = pending = width = longest = 0
        with z.open("content.xml") as part:
            for event, elem in ElementTree.iterparse(part, events=("start", "end")):
                if event == "start":
                    if elem.tag == f"{table}table":
                        rows = pending = width = 0
                    continue
                if elem.tag != f"{table}table-row":
                    continue
                columns = empty = 0
                for cell in elem:
                    repeat = int(cell.get(f"{table}number-columns-repeated", "1") or 1)
                    text = sum(len(t) for t in cell.itertext())
                    longest = max(longest, text)
                    if cell.get(f"{office}value-type") or text:
                        columns += empty + repeat
                        empty = 0
                    else:
                        empty += repeat
                repeat = int(elem.get(f"{table}number-rows-repeated", "1") or 1)
                if columns:
                    rows += pending + repeat
                    pending = 0
                    width = max(width, columns)
                    self.extent(rows, width)
                else:
                    pending += repeat
                elem.clear()
        self.string(longest)

    # .xls and password-protected .xlsx (OLE compound files)
    def ole(self) -> None:
        data = self.path.read_bytes()
        try:
            streams = _ole_streams(data)
        except (ValueError, struct.error, IndexError) as exc:
            raise self.fail(
                "damaged",
                msg("'{name}' is damaged: the Excel 97-2003 file structure is broken. Save it again.", name=self.name),
            ) from exc
        if "encryptedpackage" in streams or "encryptioninfo" in streams:
            raise self.fail("password", _password(self.name))
        book = streams.get("workbook") or streams.get("book")
        if book is None:
            raise self.fail(
                "format",
                msg(
                    "'{name}' is an Office file but not an Excel workbook (a Word or other document?). Save it as "
                    ".xlsx and try again.",
                    name=self.name,
                ),
            )
        pos = 0
        while pos + 4 <= len(book):
            kind, size = struct.unpack_from("<HH", book, pos)
            body = book[pos + 4 : pos + 4 + size]
            if kind == 0x002F:  # FILEPASS: the workbook stream is encrypted
                raise self.fail("password", _password(self.name))
            if kind == 0x0200 and size >= 14:  # DIMENSIONS (BIFF8): first row, last row + 1, first col, last col + 1
                first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", body)
                self.extent(max(end_row - first_row, 0), max(end_col - first_col, 0))
            pos += 4 + size


def _password(name: str) -> Message:
    return msg(
        "'{name}': this workbook is password-protected. Save it without a password (File → Info → Protect "
        "Workbook → Encrypt with Password, clear it) and try again.",
        name=name,
    )


def _ole_streams(data: bytes, max_stream: int = 256 * MB) -> dict[str, bytes]:
    """The streams of an OLE compound file (name casefolded -> bytes); raises ValueError when it is broken."""
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if sector not in (512, 4096) or mini != 64:
        raise ValueError("sector size")
    first_dir, _, cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from("<IIIIIII", data, 0x30)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
    seen = 0
    while first_difat < 0xFFFFFFFA and seen < n_difat:  # more FAT sectors, listed in DIFAT sectors
        entries = struct.unpack_from(f"<{sector // 4}I", data, sector * (first_difat + 1))
        fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
        first_difat, seen = entries[-1], seen + 1

    def at(n: int) -> bytes:
        start = sector * (n + 1)
        if start + sector > len(data) + sector:
            raise ValueError("sector beyond the end of the file")
        return data[start : start + sector]

    fat: list[int] = []
    for s in fat_sectors:
        fat += struct.unpack(f"<{sector // 4}I", at(s).ljust(sector, b"\xff"))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        while start < 0xFFFFFFFA:
            if start >= len(table) or len(out) > limit:
                raise ValueError("broken sector chain")
            out.append(start)
            start = table[start]
        return out

    max_sectors = len(data) // sector + 1
    directory = b"".join(at(s) for s in chain(first_dir, fat, max_sectors))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        e = directory[off : off + 128]
        n = struct.unpack_from("<H", e, 64)[0]
        kind, start, size = e[66], struct.unpack_from("<I", e, 116)[0], struct.unpack_from("<I", e, 120)[0]
        name = e[: max(n - 2, 0)].decode("utf-16-le", "replace")
        entries.append((name, kind, start, size))
    if not entries:
        raise ValueError("no directory")
    root_start, root_size = entries[0][2], entries[0][3]
    ministream = b"".join(at(s) for s in chain(root_start, fat, max_sectors))[:root_size] if root_size else b""
    minifat: list[int] = []
    if n_minifat:
        raw = b"".join(at(s) for s in chain(first_minifat, fat, max_sectors))
        minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw))
    streams = {}
    for name, kind, start, size in entries[1:]:
        if kind != 2 or size > max_stream:
            continue
        if size < cutoff:
            blocks = chain(start, minifat, len(ministream) // mini + 1)
            body = b"".join(ministream[b * mini : (b + 1) * mini] for b in blocks)
        else:
            body = b"".join(at(s) for s in chain(start, fat, max_sectors))
        streams[name.casefold()] = body[:size]
    return streams


def precheck(path: Path, *, purpose: Purpose, name: str | None = None) -> None:
    """Raise UnsafeFile if the file's own declarations (sizes, extents, strings) exceed the purpose's limits."""
    _Check(Path(path), name or Path(path).name, purpose).run()


# --- the worker (python -m remit.sandbox CONFIG) ---------------------------------------------------------


def _worker(config: dict) -> None:  # noqa: PLR0912 (one branch per request and failure)
    import resource  # noqa: PLC0415 (the worker's own imports, after the limits where they matter)

    resource.setrlimit(resource.RLIMIT_AS, (config["memory_bytes"], config["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_CPU, (config["cpu_seconds"], config["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * MB, 4 * MB))
    out = sys.stdout.buffer

    def send(*item: Any) -> None:
        pickle.dump(item, out, protocol=5)
        out.flush()

    try:
        import python_calamine  # noqa: PLC0415

        book = python_calamine.CalamineWorkbook.from_path(config["path"])
        meta = [
            (m.name, str(m.typ).endswith("WorkSheet"), str(m.visible).endswith(".Visible"))
            for m in book.sheets_metadata
        ]
    except MemoryError:
        send("error", "memory", "")
        return
    except BaseException as exc:  # calamine raises its own types, and a Rust panic derives from BaseException
        text = f"{type(exc).__name__}: {exc}"
        send(
            "error", "password" if "password" in text.lower() or "encrypt" in text.lower() else "unreadable", text[:300]
        )
        return
    send("sheets", meta)
    rows: Iterator[list] = iter(())
    for line in sys.stdin:
        request = json.loads(line)
        if "sheet" not in request:
            return
        try:
            if request.get("header"):  # the first row now; the other rows by column, on the next request
                rows = iter(book.get_sheet_by_name(request["sheet"]).iter_rows())
                send("header", next(rows, None))
                continue
            if "columns" in request:
                n = _send_columns(rows, request["columns"], config, send)
            else:
                n = _send_rows(iter(book.get_sheet_by_name(request["sheet"]).iter_rows()), config, send)
        except MemoryError:
            send("error", "memory", "")
            return
        except BaseException as exc:  # as above: calamine's errors and Rust panics
            send("error", "unreadable", f"{type(exc).__name__}: {exc}"[:300])
            return
        if n is None:
            return
        send("end", n)


def _too_big(n: int, width: int, config: dict, send: Any) -> bool:
    if n > config["max_rows"] or width > config["max_columns"]:
        send("error", "dimensions", [n, width])
        return True
    return False


def _send_rows(rows: Iterator[list], config: dict, send: Any) -> int | None:
    n, chunk = 0, []
    for row in rows:
        n += 1
        if _too_big(n, len(row), config, send):
            return None
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            send("rows", chunk)
            chunk = []
    if chunk:
        send("rows", chunk)
    return n


def _send_columns(rows: Iterator[list], columns: list[int], config: dict, send: Any) -> int | None:
    """The rows after the header as {column index: values}, blank rows left out: the caller extends its lists."""
    n, kept = 1, 0
    chunk: dict[int, list] = {j: [] for j in columns}
    for row in rows:
        n += 1
        if _too_big(n, len(row), config, send):
            return None
        if all(v is None or v == "" for v in row):
            continue
        width = len(row)
        for j, values in chunk.items():
            values.append(row[j] if j < width else None)
        kept += 1
        if kept % CHUNK_ROWS == 0:
            send("columns", chunk)
            chunk = {j: [] for j in columns}
    if kept % CHUNK_ROWS:
        send("columns", chunk)
    return n


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
        root = str(Path(__file__).resolve().parent.parent)
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
                    limit=_mb(lim.memory_bytes),
                ),
                reason="memory",
            )
        if reason == "password":
            return UnsafeFile(_password(name), reason="password")
        if reason == "dimensions":
            rows, columns = detail
            return UnsafeFile(
                msg(
                    "'{name}' has more than {rows} rows or {columns} columns in one sheet; the limit for {purpose} is "
                    "{max_rows} rows × {max_columns} columns. Save only the data you need, in a new file.",
                    name=name,
                    rows=Num(rows - 1),
                    columns=Num(columns),
                    purpose=_PURPOSE_TEXT[self.purpose],
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


if __name__ == "__main__":
    _worker(json.loads(sys.argv[1]))
