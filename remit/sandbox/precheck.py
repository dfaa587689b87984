"""The pre-check of an untrusted spreadsheet, in the parent, pure Python with bounded reads, before any native
library touches it: what the file declares (sizes, compression ratios, sheet extents, shared strings, an
encryption marker) against its purpose's limits. See remit.sandbox."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from remit.errors import UnsafeFile
from remit.messages import Message, Num, msg
from remit.sandbox.limits import LIMITS, MB, PURPOSE_TEXT, Purpose, mb


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
                    purpose=PURPOSE_TEXT[self.purpose],
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
                        size=mb(unpacked),
                        purpose=PURPOSE_TEXT[self.purpose],
                        limit=mb(lim.max_unpacked_bytes),
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
                            size=mb(i.file_size),
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
                    size=mb(shared.file_size),
                    purpose=PURPOSE_TEXT[self.purpose],
                    limit=mb(self.limits.max_shared_strings_bytes),
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
                    purpose=PURPOSE_TEXT[self.purpose],
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
            raise self.fail("password", password_message(self.name))
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
                raise self.fail("password", password_message(self.name))
            if kind == 0x0200 and size >= 14:  # DIMENSIONS (BIFF8): first row, last row + 1, first col, last col + 1
                first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", body)
                self.extent(max(end_row - first_row, 0), max(end_col - first_col, 0))
            pos += 4 + size


def password_message(name: str) -> Message:
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
