"""Reading an uploaded price list into records: bytes to text (encodings), the delimiter, and the one
place a spreadsheet library opens a price-list workbook (read_workbook)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Sequence

from remit import sandbox
from remit.benchmark.template import _ALIAS, AMBIGUOUS, _header_key
from remit.errors import UnsafeFile
from remit.i18n import N_
from remit.messages import Message, Num, Term, msg

# An .xlsx is a zip: a small file can unpack to gigabytes. Its declared unpacked size is checked first.
MAX_WORKBOOK_UNPACKED_BYTES = 64 * 1024 * 1024
# The header row may sit under a title: it is looked for in the first rows of the file or sheet.
HEADER_SEARCH_ROWS = 20

# A separator's name is part of PriceList (PriceList.delimiter) and a term the catalogues translate.
DELIMITERS = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab")}
_OTHER_SEPARATORS = {
    "|": N_("a vertical bar (|)"),
    ":": N_("a colon (:)"),
    "^": N_("a caret (^)"),
    "~": N_("a tilde (~)"),
}
# Encodings a CSV is read as (PriceList.encoding); the ones with words in them are translated.
ENCODING_NAMES = (
    N_("UTF-8 (with byte-order mark)"),
    N_("Windows-1251 (Cyrillic)"),
    N_("Windows-1252 (Western European)"),
)


def _size(n: int) -> Message:
    """A file size: '5.0 MB', '12 KB', '100 bytes' in the reader's language."""
    if n >= 2**20:
        return msg("{size} MB", size=Num(n / 2**20, 1))
    if n >= 1024:
        return msg("{size} KB", size=Num(n / 1024))
    return msg("{n} byte", "{n} bytes", count=n)


# -- bytes to text


def _decode(data: bytes, name: str) -> tuple[str, str] | Message:  # noqa: PLR0911 (one return per encoding)
    """(text, encoding label), or a reason the bytes (of the file `name`) are not a text file."""
    for bom, codec, label in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with byte-order mark)"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return _text_or_reason(data.decode(codec), label, name)
            except UnicodeDecodeError:
                return msg(
                    "'{name}' says it is {encoding} text but is not: save it again as CSV UTF-8.",
                    name=name,
                    encoding=Term(label),
                )
    if b"\x00" in data[:4096]:
        # Before UTF-8: zero bytes are valid UTF-8, so UTF-16 without a byte-order mark would decode as UTF-8
        # text full of NULs and be called binary. In UTF-16 every other byte is zero for Latin text (the high
        # byte: odd positions in little-endian, even in big-endian); Cyrillic has 0x04 there instead.
        sample = data[:4096]
        for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if len(data) % 2 == 0 and sum(1 for b in high if b in (0, 4)) > 0.6 * len(high) and high.count(0):
                try:
                    return _text_or_reason(data.decode(codec), "UTF-16", name)
                except UnicodeDecodeError:
                    continue
        return _not_text(name)
    try:
        return _text_or_reason(data.decode("utf-8"), "UTF-8", name)
    except UnicodeDecodeError:
        pass
    try:
        cyrillic = data.decode("cp1251")
    except UnicodeDecodeError:
        cyrillic = None
    if cyrillic is not None and _looks_cyrillic(cyrillic):
        return _text_or_reason(cyrillic, "Windows-1251 (Cyrillic)", name)
    try:
        return _text_or_reason(data.decode("cp1252"), "Windows-1252 (Western European)", name)
    except UnicodeDecodeError:
        return _text_or_reason(data.decode("latin-1"), "Latin-1", name)


def _not_text(name: str) -> Message:
    return msg(
        "'{name}' is not a CSV text file or an Excel workbook (it holds binary data). Save the price list as CSV "
        "UTF-8 or as an Excel .xlsx workbook and upload it again.",
        name=name,
    )


def _text_or_reason(text: str, label: str, name: str) -> tuple[str, str] | Message:
    # C0 control characters do not occur in text files; C1 ones do, in text that went through a wrong encoding
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if "\x00" in text or control > max(2, 0.01 * len(text)):
        return _not_text(name)
    return text.lstrip("\ufeff"), label


def _looks_cyrillic(text: str) -> bool:
    """Windows-1251 rather than -1252: words made only of Cyrillic letters outnumber words that mix
    Latin and Cyrillic (what accented Latin text turns into when read as Windows-1251)."""
    pure = mixed = 0
    for word in re.findall(r"\w+", text):
        cyr = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        if cyr == 0:
            continue
        if cyr == len(word) or all(("\u0400" <= ch <= "\u04ff") or not ch.isalpha() for ch in word):
            pure += 1
        else:
            mixed += 1
    return pure > 0 and pure >= mixed


# -- text to records


Record = tuple[int, list]  # (row number in the file, values)


def _csv_records(text: str, delimiter: str, limit: int | None = None) -> list[Record]:
    """Records with the physical line each starts on (a quoted value may span lines).

    The csv module refuses a field over 128 KB (its default limit), which made a valid price list with one
    long cell look like a file without a header: the limit is raised to the text's own length (the file
    is already within the upload limit, so no cell can cost more memory than the file itself)."""
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)  # process-wide and only ever raised: safe for other readers
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    out: list[Record] = []
    start = 1
    for fields in reader:
        out.append((start, fields))
        start = reader.line_num + 1
        if limit is not None and len(out) >= limit:
            break
    return out


def _recognised(values: Sequence[object]) -> int:
    keys = [_header_key(v) for v in values if v not in (None, "")]
    return len({_ALIAS.get(k, k) for k in keys if k in _ALIAS or k in AMBIGUOUS})


def _find_delimiter(text: str) -> tuple[str, list[Record]] | Message:
    """The separator whose header names the most known columns, and every record read with it."""
    best: tuple[int, int, str] | None = None  # (recognised, fields, delimiter)
    for d in DELIMITERS:
        try:
            head = _csv_records(text, d, limit=HEADER_SEARCH_ROWS)
        except csv.Error:
            continue
        for _, fields in head:
            score = (_recognised(fields), len(fields), d)
            if best is None or score[:2] > best[:2]:
                best = score
    if best is not None and best[0] >= 2:
        try:
            return best[2], _csv_records(text, best[2])
        except csv.Error as exc:
            return msg("The file's quotes do not pair up ({error}); check for a stray \" character.", error=str(exc))
    first = next((line for line in text.splitlines() if line.strip()), "")
    for sep, label in _OTHER_SEPARATORS.items():
        if _recognised(first.split(sep)) >= 2:
            return msg(
                "The columns are separated by {label}. Use a comma, semicolon or tab (in Excel: File → Save as → CSV "
                "UTF-8), or upload the .xlsx workbook.",
                label=Term(label),
            )
    return msg(
        "No header row with the template's column names was found (looked for sending, receiving, fee_usd or "
        "fee_pct, fx_margin_pct… in the first rows; the first row reads '{first}'). Start from the template.",
        first=first[:80],
    )


def read_workbook(data: bytes, name: str) -> tuple[str, list[list]] | Message:  # noqa: PLR0911 (one return per failure)
    """(sheet name, rows from the sheet's first row) of the price-list sheet, or a reason.

    The only place a price list's workbook is opened: by remit.sandbox, in a worker process under limits.
    """
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                unpacked = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return msg(
                "'{name}' looks like an Excel workbook but is damaged (the zip inside cannot be opened). Save it again.",
                name=name,
            )
        if "xl/workbook.xml" not in names and "content.xml" not in names:
            return msg(
                "'{name}' is a zip archive or a Word/PowerPoint file, not an Excel workbook. Upload a .csv or .xlsx.",
                name=name,
            )
        if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
            return msg(
                "'{name}' unpacks to {size}, more than a price list needs (limit {limit}). Save only the price-list "
                "sheet, or upload it as CSV.",
                name=name,
                size=_size(unpacked),
                limit=_size(MAX_WORKBOOK_UNPACKED_BYTES),
            )
    try:  # in a worker process under memory, CPU and time limits, after a check of what the file declares
        sheets = sandbox.read_sheets(data, purpose="price_list", name=name)
    except UnsafeFile as exc:
        return exc.message
    if not sheets:
        return msg("'{name}' has no worksheet.", name=name)
    preferred = [s for s in sheets if _header_key(s.name) in ("price_list", "prices", "price_list_template")]
    candidates = preferred + [s for s in sheets if s not in preferred]
    for sheet in candidates:
        if any(_recognised(r) >= 2 for r in sheet.rows[:HEADER_SEARCH_ROWS]):
            return sheet.name, sheet.rows
    return candidates[0].name, candidates[0].rows  # reported as 'no header row' by the caller
