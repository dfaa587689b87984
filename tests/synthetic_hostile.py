"""SYNTHETIC hostile spreadsheets, small files that declare huge sheets or make readers blow up.

Each one is written by hand (zipfile, struct) so that no library tidies it: they reproduce what an
attack on the upload and import found (issue 15): calamine aborting on a declared cell at XFD1048576,
a shared string repeated into 200,000 cells, a .xls with a cell at (65535, 255), an .ods repeating a row.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_xlsx(
    path: Path, sheet_data: str, *, dimension: str | None, shared: list[str] = (), sheet: str = "Sheet1"
) -> Path:
    """A minimal .xlsx with one sheet: `sheet_data` is the XML inside <sheetData>."""
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    worksheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}<sheetData>{sheet_data}</sheetData></worksheet>'
    strings = "".join(f"<si><t>{s}</t></si>" for s in shared)
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{strings}</sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", worksheet)
        z.writestr("xl/sharedStrings.xml", sst)
    return path


def far_cell_xlsx(path: Path, *, dimension: bool = True, sheet: str = "Sheet1") -> Path:
    """SYNTHETIC: ~2 KB, one number at XFD1048576 (declared in <dimension> unless dimension=False)."""
    cells = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(path, cells, dimension="A1:XFD1048576" if dimension else None, sheet=sheet)


def shared_string_bomb_xlsx(
    path: Path, *, cells: int = 200_000, chars: int = 32_767, dimension: bool = True, numbered: bool = True
) -> Path:
    """SYNTHETIC: one shared string of `chars` characters referenced by `cells` cells of column A (~1 MB; without
    numbered cell references ~17 KB, and then the zip's compression ratio alone gives it away)."""
    if numbered:
        rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>' for i in range(1, cells + 1))
    else:
        rows = '<row><c t="s"><v>0</v></c></row>' * cells
    return write_xlsx(path, rows, dimension=f"A1:A{cells}" if dimension else None, shared=["x" * chars])


def repeated_row_ods(path: Path, repeat: int = 1_048_000, sheet: str = "Sheet1") -> Path:
    """SYNTHETIC: under 1 KB, an .ods whose one row with a value is repeated `repeat` times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">'
        f'<table:table-row table:number-rows-repeated="{repeat}">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4">'
        "<text:p>1</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


# --- OLE compound files (.xls, password-protected .xlsx) ---------------------------------------------------


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _ole(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file (512-byte sectors) holding `streams`, each padded to at least 4,096 bytes so
    it lives in regular sectors (no mini stream)."""
    sector = 512
    bodies = {name: body.ljust(max(4096, -(-len(body) // sector) * sector), b"\0") for name, body in streams.items()}
    n_data = sum(len(b) // sector for b in bodies.values())
    n_dir = -(-(len(streams) + 1) // 4)
    n_fat = 1
    while (n_fat * sector // 4) < n_fat + n_dir + n_data:
        n_fat += 1
    fat = [0xFFFFFFFD] * n_fat  # FAT sectors mark themselves
    dir_start = len(fat)
    fat += [*range(dir_start + 1, dir_start + n_dir), 0xFFFFFFFE]
    starts, data = [], b""
    for body in bodies.values():
        start, n = len(fat), len(body) // sector
        starts.append(start)
        fat += [*range(start + 1, start + n), 0xFFFFFFFE]
        data += body
    fat += [0xFFFFFFFF] * (n_fat * sector // 4 - len(fat))

    def entry(
        name: str, kind: int, start: int, size: int, *, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF
    ) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        e = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
        e += struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        return e + struct.pack("<IIi", start, size, 0)

    names = list(streams)
    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1 if names else 0xFFFFFFFF)
    for i, (name, start) in enumerate(zip(names, starts, strict=True)):
        directory += entry(name, 2, start, len(bodies[name]), right=i + 2 if i + 1 < len(names) else 0xFFFFFFFF)
    directory = directory.ljust(n_dir * sector, b"\0")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    header += struct.pack("<H", 6) + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, 0xFFFFFFFE, 0,
                                                             0xFFFFFFFE, 0)  # fmt: skip
    header += struct.pack("<109I", *range(n_fat), *([0xFFFFFFFF] * (109 - n_fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + directory + data


def far_cell_xls(path: Path) -> Path:
    """SYNTHETIC: a BIFF8 .xls whose one sheet declares and holds a number at (65535, 255)."""
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006))
    bof_sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0006))
    eof = _record(0x000A)
    name = "Sheet1"
    boundsheet_len = 4 + 4 + 2 + 2 + len(name)
    globals_len = len(bof_globals) + boundsheet_len + len(eof)
    boundsheet = _record(0x0085, struct.pack("<IBBBB", globals_len, 0, 0, len(name), 0) + name.encode("latin-1"))
    dimensions = _record(0x0200, struct.pack("<IIHHH", 0, 65536, 0, 256, 0))
    number = _record(0x0203, struct.pack("<HHHd", 65535, 255, 0, 1.0))
    stream = bof_globals + boundsheet + eof + bof_sheet + dimensions + number + eof
    path.write_bytes(_ole({"Workbook": stream}))
    return path


def encrypted_xlsx(path: Path) -> Path:
    """SYNTHETIC: what Excel writes for a workbook saved with a password: an OLE file with EncryptionInfo and
    EncryptedPackage streams (here filled with zeros)."""
    path.write_bytes(_ole({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 200, "EncryptedPackage": b"\0" * 5000}))
    return path
