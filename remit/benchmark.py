"""Benchmarking a financial institution's prices against the market (METHODOLOGY.md conventions).

A product is one way of sending money in one corridor at one amount. Its total cost follows the
World Bank's definition: total cost % = fee / amount sent x 100 + FX margin %, with FX margin % =
(mid-market rate - provider's rate) / mid-market rate x 100. It is compared with:

- the corridor average (mean over the services the World Bank surveyed in the corridor) in the
  corridor's latest quarter or a quarter the user names, and the distribution of all corridor
  averages in that quarter (percentile: the share of corridors cheaper than the price, ties half);
- the SDG 10.c levels: the 3% target and the 5% ceiling;
- where provider-level prices are imported: the corridor's services (rank and percentile among
  the transparent services), the cheapest service, SmaRT (mean of the three cheapest services that
  are transparent, arrive within 5 days and are accessible) and peer groups (services of the same
  firm type, payment instrument and pickup method).

Gaps are price minus level: positive means dearer than the level. In money, a gap is
amount x gap / 100 per transfer and that times the transfers a year the user gives.

Price lists (CSV or Excel) are parsed by parse_price_list, which never raises: every problem
becomes a plain-language reason on the row (or on the file) it concerns. Nothing here writes to
the store.
"""

from __future__ import annotations

import codecs
import csv
import functools
import gettext
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath

import duckdb
import numpy as np
import pandas as pd
import pycountry
import python_calamine

from remit.corridors import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT, latest_period, resolver
from remit.countries import CountryResolver, _norm
from remit.errors import MissingData, RemitError, UnknownCountry
from remit.explorer import check_period
from remit.prices import SLOW_SPEED

DEFAULT_AMOUNT_USD = 200.0
# A price list of 10,000 products is under 2 MB as CSV or Excel: 5 MB leaves room for formatting and
# long product names while keeping a wrong file (a database dump, a scan) from tying up the app for
# everyone. The 60 MB server limit in .streamlit/config.toml is for the World Bank workbook.
MAX_PRICE_LIST_BYTES = 5 * 1024 * 1024
MAX_PRICE_LIST_ROWS = 10_000
# An .xlsx is a zip: a small file can unpack to gigabytes. Its declared unpacked size is checked first.
MAX_WORKBOOK_UNPACKED_BYTES = 64 * 1024 * 1024
# A margin below -20% means the provider's rate beats the mid-market rate by a fifth: in practice one
# of the two rates is quoted the other way round. Small negative margins (promotions) are kept.
MIN_FX_MARGIN_PCT = -20.0
# Two ways of giving the same figure (fee in US$ and in %, margin and rates) must agree this closely.
FEE_TOLERANCE_USD = 0.01
MARGIN_TOLERANCE_PP = 0.05
# The header row may sit under a title: it is looked for in the first rows of the file or sheet.
HEADER_SEARCH_ROWS = 20
_EPS = 1e-9


class InvalidProduct(RemitError):
    """A product that cannot be benchmarked; the message says which number is wrong."""


# --- The price-list template -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    need: str  # "required", "one of …" or "optional"
    meaning: str
    examples: tuple[object, ...]


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("product", "optional", "Your name for the product; shown in the results.",
           ("EXAMPLE Card to account", "EXAMPLE Cash to cash", "EXAMPLE App to wallet")),
    Column("sending", "required", "Sending country: ISO3 code (RUS) or name (Russian Federation). Kosovo: XKX or KSV.",
           ("RUS", "Russian Federation", "DEU")),
    Column("receiving", "required", "Receiving country: ISO3 code or name.", ("TJK", "Kyrgyz Republic", "KSV")),
    Column("amount_usd", "optional", "Amount sent, in US dollars (convert at the mid-market rate). Blank: 200, the "
           "amount the World Bank surveys.", (200, 200, 500)),
    Column("fee_usd", "one of fee_usd, fee_pct", "The fee for this amount, in US dollars.", (3.0, "", 4.5)),
    Column("fee_pct", "one of fee_usd, fee_pct", "The fee as % of the amount sent. Use it for fees set in local "
           "currency: fee ÷ amount × 100.", ("", 1.0, "")),
    Column("fx_margin_pct", "one of fx_margin_pct, or exchange_rate with mid_rate", "Your exchange-rate margin in %: "
           "(mid-market rate − your rate) ÷ mid-market rate × 100. 0 when no currency is converted.", (1.2, "", 0.8)),
    Column("exchange_rate", "one of fx_margin_pct, or exchange_rate with mid_rate", "Your customer rate: units of the "
           "receiving currency for one unit of the sending currency.", ("", 0.1185, "")),
    Column("mid_rate", "one of fx_margin_pct, or exchange_rate with mid_rate", "The mid-market (interbank) rate at the "
           "same moment, quoted the same way as exchange_rate.", ("", 0.12, "")),
    Column("speed", "optional", "How fast the money arrives: Less than one hour, Same day, Next day, 2 days, 3-5 days, "
           "6 days or more. Over 5 days does not count for SmaRT.", ("Less than one hour", "Same day", "Next day")),
    Column("payout", "optional", "How the money is received (pickup method): Cash, Bank account, Mobile wallet, Card. "
           "Used for peer groups.", ("Bank account", "Cash", "Mobile wallet")),
    Column("firm_type", "optional", "Bank, Money Transfer Operator, Post office or Mobile operator. Used for peer "
           "groups.", ("Bank", "Money Transfer Operator", "Money Transfer Operator")),
    Column("payment_instrument", "optional", "How the sender pays: Cash, Account, Card, Online. Used for peer groups.",
           ("Card", "Cash", "Online")),
    Column("transfers_per_year", "optional", "Your yearly volume for this product, to put the gaps in money a year. "
           "Blank: the volume set on the page.", (12000, 40000, 5000)),
)  # fmt: skip
REQUIRED = ("sending", "receiving")
NUMERIC_COLUMNS = (
    "amount_usd",
    "fee_usd",
    "fee_pct",
    "fx_margin_pct",
    "exchange_rate",
    "mid_rate",
    "transfers_per_year",
)
TEXT_COLUMNS = ("product", "sending", "receiving", "speed", "payout", "firm_type", "payment_instrument")

# Header spellings accepted for each column, after normalising (case, spaces, %, $ -> _pct, _usd).
ALIASES: dict[str, tuple[str, ...]] = {
    "product": ("product", "product_name", "service", "service_name", "name"),
    "sending": ("sending", "sending_country", "send", "from", "from_country", "origin", "source_country",
                "sender_country", "sending_iso3", "source_code", "sending_code"),
    "receiving": ("receiving", "receiving_country", "receive", "to", "to_country", "destination",
                  "destination_country", "recipient_country", "receiving_iso3", "destination_code", "receiving_code"),
    "amount_usd": ("amount_usd", "amount_sent_usd", "usd_amount", "amount_in_usd", "amount_us_dollars"),
    "fee_usd": ("fee_usd", "fee_in_usd", "fee_us_dollars", "fees_usd"),
    "fee_pct": ("fee_pct", "fee_percent", "fee_percentage", "fee_in_pct", "fees_pct"),
    "fx_margin_pct": ("fx_margin_pct", "fx_margin", "fx_margin_percent", "exchange_rate_margin_pct",
                      "exchange_rate_margin", "margin_pct", "fx_markup_pct"),
    "exchange_rate": ("exchange_rate", "rate", "customer_rate", "provider_rate", "your_rate", "fx_rate"),
    "mid_rate": ("mid_rate", "mid_market_rate", "midmarket_rate", "interbank_rate", "market_rate", "mid"),
    "speed": ("speed", "delivery_speed", "speed_of_delivery", "delivery_time"),
    "payout": ("payout", "payout_method", "pickup_method", "pick_up_method", "pickup", "receiving_method"),
    "firm_type": ("firm_type", "institution_type", "provider_type", "type_of_firm"),
    "payment_instrument": ("payment_instrument", "instrument", "funding_method", "payment_method"),
    "transfers_per_year": ("transfers_per_year", "transfers_a_year", "transfers_year", "volume", "annual_transfers",
                           "yearly_transfers", "transfers"),
}  # fmt: skip
_ALIAS = {alias: canonical for canonical, names in ALIASES.items() for alias in names}
# Headers that name a figure without its unit: the file is refused with a message saying which to use.
AMBIGUOUS: dict[str, str] = {
    "fee": "rename it fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount sent)",
    "fees": "rename it fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount sent)",
    "amount": "rename it amount_usd (the amount sent in US dollars; leave it blank for 200)",
    "margin": "rename it fx_margin_pct (the exchange-rate margin in %)",
}


def _header_key(text: object) -> str:
    """'Fee (US$)' -> 'fee_usd', 'FX margin, %' -> 'fx_margin_pct', 'Mid-market rate' -> 'mid_market_rate'."""
    t = unicodedata.normalize("NFKC", str(text)).strip().casefold().lstrip("\ufeff")
    t = t.replace("us$", " usd ").replace("$", " usd ").replace("%", " pct ")
    t = re.sub(r"\bpercent(age)?\b", "pct", t)
    return re.sub(r"[^0-9a-z]+", "_", t).strip("_")


def template_frame() -> pd.DataFrame:
    """The template's example rows (marked EXAMPLE), one column per TEMPLATE_COLUMNS entry."""
    return pd.DataFrame({c.name: list(c.examples) for c in TEMPLATE_COLUMNS})


def template_guide() -> pd.DataFrame:
    """What each template column means, for the page and the workbook's 'Read me' sheet."""
    return pd.DataFrame(
        [{"column": c.name, "needed": c.need, "meaning": c.meaning} for c in TEMPLATE_COLUMNS],
    )


TEMPLATE_NOTES = (
    "One row per corridor and product. Column names are matched ignoring case, spaces and punctuation.",
    "Give the fee in US dollars (fee_usd) or as % of the amount sent (fee_pct), and the exchange-rate margin "
    "(fx_margin_pct) or your rate with the mid-market rate (exchange_rate, mid_rate).",
    "Numbers may use a decimal point, or a decimal comma in semicolon- or tab-separated files; a trailing % is ignored.",
    "CSV in UTF-8, Windows-1251 (Cyrillic) or Windows-1252; comma, semicolon or tab separated. Excel .xlsx, .xls or "
    ".ods (the sheet named 'Price list', else the first sheet).",
    f"At most {MAX_PRICE_LIST_ROWS:,} rows and {MAX_PRICE_LIST_BYTES // 2**20} MB per file.",
    "Rows marked EXAMPLE are examples: replace them with your products.",
)


def template_csv() -> bytes:
    """The template as CSV (UTF-8 with a byte-order mark, so Excel opens it with the right characters)."""
    return template_frame().to_csv(index=False).encode("utf-8-sig")


def template_excel() -> bytes:
    """The template as an Excel workbook: the 'Price list' sheet and a 'Read me' sheet."""
    guide = template_guide()
    notes = pd.DataFrame({"notes": list(TEMPLATE_NOTES)})
    return to_excel({"Price list": template_frame(), "Read me": guide, "Notes": notes})


def to_excel(sheets: Mapping[str, pd.DataFrame], notes: Sequence[str] = ()) -> bytes:
    """An .xlsx with one sheet per frame (bold header, frozen first row, readable widths) and an
    optional 'About' sheet of notes (source, citation). Text is never turned into formulas or links."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        frames = dict(sheets)
        if notes:
            frames["About"] = pd.DataFrame({"About these figures": list(notes)})
        for name, df in frames.items():
            sheet = name[:31]
            df.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes(1, 0)
            for j, col in enumerate(df.columns):
                longest = max([len(str(col)), *(len(str(v)) for v in df[col].head(200))])
                ws.set_column(j, j, min(max(10, longest + 2), 80))
    return buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_for_spreadsheet(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe, so
    a downloaded CSV of uploaded text cannot execute anything when opened. Numbers are untouched."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


# --- Reading a price list ----------------------------------------------------------------------


@dataclass
class PriceList:
    """A parsed price list. Unpacks as (good, bad): `good, bad = parse_price_list(...)`.

    good: one row per product that can be benchmarked (row = its row number in the file).
    bad: one row per problem row with every reason; a problem with the whole file has no row number.
    """

    good: pd.DataFrame
    bad: pd.DataFrame
    file_format: str | None = None  # "CSV" or "Excel"
    encoding: str | None = None  # for CSV: which encoding the text was read as
    delimiter: str | None = None  # for CSV: "comma", "semicolon" or "tab"
    sheet: str | None = None  # for Excel: the sheet read
    rows_read: int = 0  # product rows (not blank) under the header
    blank_rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.good, self.bad))

    @property
    def file_problem(self) -> bool:
        """True if the file as a whole could not be read (nothing to benchmark)."""
        return bool(self.bad["row"].isna().any()) and self.good.empty

    def describe(self) -> str:
        """'CSV, UTF-8, semicolon-separated' / 'Excel, sheet Price list'."""
        if self.file_format == "CSV":
            return ", ".join(
                p for p in ("CSV", self.encoding, f"{self.delimiter}-separated" if self.delimiter else None) if p
            )
        if self.file_format == "Excel":
            return f"Excel, sheet '{self.sheet}'" if self.sheet else "Excel"
        return "unreadable file"


GOOD_COLUMNS = [
    "row", "product", "sending", "receiving", "sending_iso3", "receiving_iso3", "amount_usd", "fee_usd", "fee_pct",
    "fx_margin_pct", "exchange_rate", "mid_rate", "total_cost_pct", "speed", "payout", "firm_type",
    "payment_instrument", "transfers_per_year", "note",
]  # fmt: skip
BAD_COLUMNS = ["row", "product", "sending", "receiving", "reason"]
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_OTHER_SEPARATORS = {"|": "a vertical bar (|)", ":": "a colon (:)", "^": "a caret (^)", "~": "a tilde (~)"}


def _empty_good() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else object) for c in GOOD_COLUMNS})


def _bad_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=BAD_COLUMNS)
    df["row"] = df["row"].astype("Int64")
    for c in BAD_COLUMNS[1:]:
        df[c] = df[c].astype(object)
    return df


def _file_problem(reason: str, **info: object) -> PriceList:
    bad = _bad_frame([{"row": None, "product": None, "sending": None, "receiving": None, "reason": reason}])
    return PriceList(_empty_good(), bad, **info)  # type: ignore[arg-type]


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def parse_price_list(
    data: bytes,
    filename: str,
    max_bytes: int = MAX_PRICE_LIST_BYTES,
    *,
    countries: CountryResolver | None = None,
    max_rows: int = MAX_PRICE_LIST_ROWS,
) -> PriceList:
    """Read a price list (CSV or Excel) into products to benchmark and rows with problems.

    Never raises on bad input: a file that cannot be read at all comes back with one reason and no
    row number; each bad row comes back with its row number and every reason. Countries resolve with
    `countries` (remit.corridors.resolver(con) for the store's names; ISO3 codes, names and KSV),
    plus names in the region's languages; without it, ISO3 codes and English names via pycountry.

    Args:
        data: the file's bytes.
        filename: its name, only for messages and the format hint.
        max_bytes: files above this are refused (the page's upload limit, enforced here too).
        countries: the resolver for country codes and names.
        max_rows: product rows beyond this are not read (and the file says so).
    """
    try:
        return _parse(bytes(data or b""), str(filename or "upload"), max_bytes, countries, max_rows)
    except Exception as exc:  # noqa: BLE001 - the contract is a reason, never a traceback
        return _file_problem(f"The file could not be read ({type(exc).__name__}). Save it again as CSV or .xlsx.")


def _parse(  # noqa: PLR0911 (one early return per way a file can fail)
    data: bytes, filename: str, max_bytes: int, countries: CountryResolver | None, max_rows: int
) -> PriceList:
    name = PurePath(filename).name or "upload"
    if len(data) == 0:
        return _file_problem(f"'{name}' is empty (0 bytes). Download the template, fill it in and upload it again.")
    if len(data) > max_bytes:
        room = f" (room for about {MAX_PRICE_LIST_ROWS:,} products)" if max_bytes >= MAX_PRICE_LIST_BYTES else ""
        return _file_problem(
            f"'{name}' is {_size(len(data))}; price lists are limited to {_size(max_bytes)}{room}. Split it into "
            "several files, or remove pictures and other sheets."
        )
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        sheet = _read_workbook(data, name)
        if isinstance(sheet, str):
            return _file_problem(sheet, file_format="Excel")
        sheet_name, rows = sheet
        info: dict = {"file_format": "Excel", "sheet": sheet_name}
        records = [(i + 1, row) for i, row in enumerate(rows)]
        return _from_records(records, None, info=info, countries=countries, max_rows=max_rows, name=name)
    text = _decode(data)
    if isinstance(text, str):
        return _file_problem(text.replace("{name}", name), file_format="CSV")
    body, encoding = text
    info = {"file_format": "CSV", "encoding": encoding}
    if not body.strip():
        return _file_problem(f"'{name}' has no rows: it is blank.", **info)
    found = _find_delimiter(body)
    if isinstance(found, str):
        return _file_problem(found, **info)
    delimiter, records = found
    info["delimiter"] = DELIMITERS[delimiter]
    return _from_records(records, delimiter, info=info, countries=countries, max_rows=max_rows, name=name)


# -- bytes to text


def _decode(data: bytes) -> tuple[str, str] | str:  # noqa: PLR0911 (one return per encoding)
    """(text, encoding label), or a reason the bytes are not a text file."""
    for bom, codec, label in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with byte-order mark)"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return _text_or_reason(data.decode(codec), label)
            except UnicodeDecodeError:
                return "'{name}' says it is " + label + " text but is not: save it again as CSV UTF-8."
    try:
        return _text_or_reason(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte-order mark: every other byte is zero for Latin and Cyrillic text
        sample = data[:4096]
        for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if zeros.count(0) > 0.4 * len(zeros):
                try:
                    return _text_or_reason(data.decode(codec), "UTF-16")
                except UnicodeDecodeError:
                    break
        return _NOT_TEXT
    try:
        cyrillic = data.decode("cp1251")
    except UnicodeDecodeError:
        cyrillic = None
    if cyrillic is not None and _looks_cyrillic(cyrillic):
        return _text_or_reason(cyrillic, "Windows-1251 (Cyrillic)")
    try:
        return _text_or_reason(data.decode("cp1252"), "Windows-1252 (Western European)")
    except UnicodeDecodeError:
        return _text_or_reason(data.decode("latin-1"), "Latin-1")


_NOT_TEXT = (
    "'{name}' is not a CSV text file or an Excel workbook (it holds binary data). Save the price list as "
    "CSV UTF-8 or as an Excel .xlsx workbook and upload it again."
)


def _text_or_reason(text: str, label: str) -> tuple[str, str] | str:
    # C0 control characters do not occur in text files; C1 ones do, in text that went through a wrong encoding
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if "\x00" in text or control > max(2, 0.01 * len(text)):
        return _NOT_TEXT
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
    """Records with the physical line each starts on (a quoted value may span lines)."""
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


def _find_delimiter(text: str) -> tuple[str, list[Record]] | str:
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
            return f"The file's quotes do not pair up ({exc}); check for a stray \" character."
    first = next((line for line in text.splitlines() if line.strip()), "")
    for sep, label in _OTHER_SEPARATORS.items():
        if _recognised(first.split(sep)) >= 2:
            return (
                f"The columns are separated by {label}. Use a comma, semicolon or tab "
                "(in Excel: File → Save as → CSV UTF-8), or upload the .xlsx workbook."
            )
    return (
        "No header row with the template's column names was found (looked for sending, receiving, fee_usd or "
        f"fee_pct, fx_margin_pct… in the first rows; the first row reads '{first[:80]}'). Start from the template."
    )


def _read_workbook(data: bytes, name: str) -> tuple[str, list[list]] | str:  # noqa: PLR0911 (one return per failure)
    """(sheet name, rows from the sheet's first row) of the price-list sheet, or a reason."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                unpacked = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return f"'{name}' looks like an Excel workbook but is damaged (the zip inside cannot be opened). Save it again."
        if "xl/workbook.xml" not in names and "content.xml" not in names:
            return (
                f"'{name}' is a zip archive or a Word/PowerPoint file, not an Excel workbook. Upload a .csv or .xlsx."
            )
        if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
            return (
                f"'{name}' unpacks to {_size(unpacked)}, more than a price list needs "
                f"(limit {_size(MAX_WORKBOOK_UNPACKED_BYTES)}). Save only the price-list sheet, or upload it as CSV."
            )
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            m.name
            for m in book.sheets_metadata
            if str(m.typ).endswith("WorkSheet") and str(m.visible).endswith(".Visible")
        ] or list(book.sheet_names)
        if not sheets:
            return f"'{name}' has no worksheet."
        preferred = [s for s in sheets if _header_key(s) in ("price_list", "prices", "price_list_template")]
        candidates = preferred + [s for s in sheets if s not in preferred]
        first_rows = None
        for sheet in candidates:
            rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            if first_rows is None:
                first_rows = (sheet, rows)
            if any(_recognised(r) >= 2 for r in rows[:HEADER_SEARCH_ROWS]):
                return sheet, rows
        return first_rows  # type: ignore[return-value]  # reported as 'no header row' by the caller
    except BaseException as exc:  # calamine raises its own types, and a Rust panic derives from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        if "password" in str(exc).lower() or type(exc).__name__ == "PasswordError":
            return f"'{name}' is protected by a password. Remove the password (or save as CSV) and upload it again."
        return f"'{name}' cannot be read as an Excel workbook ({str(exc)[:120] or type(exc).__name__}). Save it again as .xlsx or CSV."


# -- records to products


def _from_records(
    records: list[Record],
    delimiter: str | None,
    *,
    info: dict,
    countries: CountryResolver | None,
    max_rows: int,
    name: str,
) -> PriceList:
    def blank(values: Sequence[object]) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)

    header_at = next((i for i, (_, r) in enumerate(records[:HEADER_SEARCH_ROWS]) if _recognised(r) >= 2), None)
    if header_at is None:
        first = next((r for _, r in records if not blank(r)), [])
        if not first:
            return _file_problem(f"'{name}' has no rows: it is blank.", **info)
        shown = ", ".join(str(v) for v in first[:8] if v not in (None, ""))[:120]
        return _file_problem(
            "No header row with the template's column names was found (looked for sending, receiving, fee_usd or "
            f"fee_pct, fx_margin_pct… in the first rows; the first row has: {shown}). Start from the template.",
            **info,
        )
    header_row, header = records[header_at]
    columns: dict[str, int] = {}
    problems, ignored = [], []
    for j, raw in enumerate(header):
        key = _header_key(raw)
        if not key:
            continue
        if key in AMBIGUOUS:
            problems.append(f"The column '{str(raw).strip()}' does not say its unit: {AMBIGUOUS[key]}.")
            continue
        canonical = _ALIAS.get(key)
        if canonical is None:
            ignored.append(str(raw).strip())
        elif canonical in columns:
            problems.append(
                f"Two columns mean {canonical}: '{str(header[columns[canonical]]).strip()}' and '{str(raw).strip()}'. "
                "Keep one."
            )
        else:
            columns[canonical] = j
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            f"The column{'s' if len(missing) > 1 else ''} {' and '.join(missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing (required: sending and receiving country)."
        )
    if (
        "fee_usd" not in columns
        and "fee_pct" not in columns
        and not any("does not say its unit" in p for p in problems)
    ):
        problems.append("No fee column: add fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount).")
    has_rates = "exchange_rate" in columns and "mid_rate" in columns
    if "fx_margin_pct" not in columns and not has_rates:
        one = [c for c in ("exchange_rate", "mid_rate") if c in columns]
        problems.append(
            f"The column mid_rate is missing: with {one[0]} the mid-market rate is needed to work out the margin, or give fx_margin_pct."
            if one == ["exchange_rate"]
            else "No exchange-rate margin column: add fx_margin_pct (0 when no currency is converted), or "
            "exchange_rate and mid_rate."
        )
    if problems:
        found = ", ".join(str(h).strip() for h in header if str(h or "").strip())[:200]
        return _file_problem(f"{' '.join(problems)} Columns found in row {header_row}: {found}.", **info)

    resolve = _country_lookup(countries)
    good, bad, notes = [], [], []
    blank_rows = rows_read = 0
    width = len(header)
    for row_number, raw_values in records[header_at + 1 :]:
        if blank(raw_values):
            blank_rows += 1
            continue
        if rows_read >= max_rows:
            notes.append(
                f"The file has more than {max_rows:,} product rows; only the first {max_rows:,} were read. "
                "Split it into several files."
            )
            break
        rows_read += 1
        values = list(raw_values)
        if delimiter is not None and len(values) != width:
            extra = values[width:]
            if len(values) > width and blank(extra):
                values = values[:width]
            elif len(values) == 1 and width > 1:
                other = [label for d, label in DELIMITERS.items() if d != delimiter and d in str(values[0])]
                hint = (
                    f": the values seem to be separated by a {other[0]} while the header uses a {DELIMITERS[delimiter]}"
                    if other
                    else ""
                )
                shown = str(values[0]).strip()[:60]
                bad.append(
                    _bad_row(
                        row_number, values, {}, [f"has 1 value ('{shown}') where the header has {width} columns{hint}"]
                    )
                )
                continue
            elif len(values) > width:
                bad.append(
                    _bad_row(
                        row_number,
                        values,
                        columns,
                        [
                            f"has {len(values)} values where the header has {width} columns (a value may contain a "
                            f"{DELIMITERS[delimiter]}: put it in double quotes)"
                        ],
                    )
                )
                continue
            else:
                values = values + [""] * (width - len(values))
        product, reasons = _product(values, columns, resolve, info.get("encoding"), decimal_comma=delimiter != ",")
        if reasons:
            bad.append(_bad_row(row_number, values, columns, reasons))
        else:
            good.append({"row": row_number, **product})
    if rows_read == 0 and not bad:
        return _file_problem(f"'{name}' has a header row (row {header_row}) but no product rows under it.", **info)
    good_df = pd.DataFrame(good, columns=GOOD_COLUMNS) if good else _empty_good()
    good_df["row"] = good_df["row"].astype("Int64")
    bad_rows = [
        {"row": None, "product": None, "sending": None, "receiving": None, "reason": n} for n in dict.fromkeys(notes)
    ]
    return PriceList(
        good_df,
        _bad_frame(bad + bad_rows),
        rows_read=rows_read,
        blank_rows=blank_rows,
        ignored_columns=ignored,
        notes=list(dict.fromkeys(notes)),
        **info,
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sentence(text: str) -> str:
    """'has 9 values…' -> 'Has 9 values….'; a reason that starts with a column name keeps its spelling."""
    first = text.split(" ", 1)[0]
    text = (text if "_" in first else text[:1].upper() + text[1:]).rstrip(".")
    return text if text.endswith(("?", "!")) else text + "."


def _bad_row(row: int, values: Sequence[object], columns: Mapping[str, int], reasons: list[str]) -> dict:
    def get(col: str) -> str | None:
        j = columns.get(col)
        text = _cell_text(values[j]) if j is not None and j < len(values) else ""
        return text[:80] or None

    return {
        "row": row,
        "product": get("product"),
        "sending": get("sending"),
        "receiving": get("receiving"),
        "reason": _sentence("; ".join(reasons)),
    }


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)


def _number(value: object, decimal_comma: bool) -> tuple[float | None, str | None]:
    """(number or None when blank, problem). Accepts 1.5, 1,5 (decimal comma), 1 234.5, 2.5%, US$ 3."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"'{value}' is not a number"
    if isinstance(value, int | float):
        v = float(value)
        return (v, None) if math.isfinite(v) else (None, "is not a finite number")
    if isinstance(value, datetime | date | time | timedelta):
        return None, f"'{value}' is a date or time, not a number"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    t = re.sub(r"^(?:us\$|usd|\$)\s*|\s*(?:%|usd|us\$|\$)$", "", text, flags=re.IGNORECASE)
    t = re.sub(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3}\b)", "", t).replace("\u2212", "-")  # 1 234,5 / 1'234.5 / −2
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", t) and not decimal_comma:
        t = t.replace(",", "")  # 1,234.5 in a comma-separated file (the value was quoted)
    elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", t):
        t = t.replace(".", "").replace(",", ".")  # 1.234,5
    elif re.fullmatch(r"[+-]?\d*,\d+(?:e[+-]?\d+)?", t, flags=re.IGNORECASE):
        t = t.replace(",", ".")  # 1,5 and 1,5e-3
    if not _NUMBER.fullmatch(t):
        return None, f"'{text[:40]}' is not a number"
    v = float(t)
    return (v, None) if math.isfinite(v) else (None, f"'{text[:40]}' is not a finite number")


# UTF-8 read as a one-byte code page ('Ð Ð¾ÑÑÐ¸Ñ' for 'Россия', 'CÃ´te' for 'Côte'), or runs of accented
# capitals that no country name has: signs that the text went through the wrong encoding.
_MOJIBAKE = re.compile(r"[ÃÂÐÑ][\u0080-\u00bf]|Ã.|â€")
_ACCENTS = re.compile(r"[\u00c0-\u00ff]{2}")


def _fmt(v: float) -> str:
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def _product(
    values: Sequence[object],
    columns: Mapping[str, int],
    resolve: Callable[[str], str],
    encoding: str | None,
    *,
    decimal_comma: bool,
) -> tuple[dict, list[str]]:
    """One product from a row, or the reasons it cannot be benchmarked (all of them, in column order)."""
    reasons: list[str] = []
    notes: list[str] = []

    def raw(col: str) -> object:
        j = columns.get(col)
        return values[j] if j is not None and j < len(values) else None

    text = {c: _cell_text(raw(c))[:200] for c in TEXT_COLUMNS}
    for c, v in text.items():
        if "\ufffd" in v:
            reasons.append(
                f"{c} '{v[:40]}' has characters lost in an earlier conversion (shown as �): the file's encoding is "
                "wrong, save it again as CSV UTF-8"
            )
    iso: dict[str, str | None] = {}
    for side in ("sending", "receiving"):
        iso[side] = None
        if not text[side]:
            reasons.append(f"{side} country is missing")
            continue
        try:
            iso[side] = resolve(text[side])
        except UnknownCountry as exc:
            hint = f" (did you mean {', '.join(exc.suggestions[:2])}?)" if exc.suggestions else ""
            garbled = (
                " — it looks garbled, so the file's encoding is wrong: save it again as CSV UTF-8"
                if _MOJIBAKE.search(text[side])
                or (encoding and not encoding.startswith(("UTF", "Windows-1251")) and _ACCENTS.search(text[side]))
                else ""
            )
            reasons.append(f"unknown {side} country '{text[side][:40]}'{hint}{garbled}")
    if iso["sending"] and iso["sending"] == iso["receiving"]:
        reasons.append(f"sending and receiving country are the same ({iso['sending']})")

    num: dict[str, float | None] = {}
    unreadable: set[str] = set()
    for c in NUMERIC_COLUMNS:
        num[c], problem = _number(raw(c), decimal_comma)
        if problem:
            reasons.append(f"{c} {problem}")
            unreadable.add(c)

    amount = num["amount_usd"]
    if amount is None and "amount_usd" not in unreadable:
        amount = DEFAULT_AMOUNT_USD
    if amount is not None and amount <= 0:
        reasons.append(f"amount_usd must be above zero (found {_fmt(amount)})")
        amount = None

    fee_usd, fee_pct = num["fee_usd"], num["fee_pct"]
    if fee_usd is None and fee_pct is None:
        if not any(r.startswith(("fee_usd", "fee_pct")) for r in reasons):
            reasons.append("no fee: fill in fee_usd or fee_pct (0 for a transfer without a fee)")
    for col, v in (("fee_usd", fee_usd), ("fee_pct", fee_pct)):
        if v is not None and v < 0:
            reasons.append(f"negative fee ({col} {_fmt(v)})")
    if fee_pct is not None and fee_pct >= 100:
        reasons.append(f"fee_pct {_fmt(fee_pct)} is 100% or more of the amount sent")
    if amount is not None and fee_usd is not None and fee_usd >= amount:
        reasons.append(f"fee_usd {_fmt(fee_usd)} is as large as the amount sent ({_fmt(amount)}): nothing would arrive")
    if amount is not None and fee_usd is not None and fee_pct is not None and fee_usd >= 0 and fee_pct >= 0:
        if abs(fee_usd - amount * fee_pct / 100) > max(FEE_TOLERANCE_USD, 0.005 * fee_usd):
            reasons.append(
                f"fee_usd {_fmt(fee_usd)} and fee_pct {_fmt(fee_pct)} disagree (US$ {_fmt(fee_usd)} is "
                f"{fee_usd / amount * 100:.2f}% of {_fmt(amount)}): keep one"
            )

    margin, rate, mid = num["fx_margin_pct"], num["exchange_rate"], num["mid_rate"]
    from_rates = None
    if rate is not None or mid is not None:
        if rate is None:
            reasons.append("mid_rate is given but exchange_rate is missing")
        elif mid is None:
            reasons.append("exchange_rate is given but mid_rate is missing")
        elif rate <= 0 or mid <= 0:
            reasons.append(f"{'exchange_rate' if rate <= 0 else 'mid_rate'} must be above zero")
        else:
            from_rates = (mid - rate) / mid * 100
            if rate > 2 * mid or rate < 0.5 * mid:
                reasons.append(
                    f"exchange_rate {_fmt(rate)} and mid_rate {_fmt(mid)} differ by more than half: is one of them "
                    "inverted? Quote both as units of the receiving currency for one unit of the sending currency"
                )
                from_rates = None
    if margin is None and from_rates is None:
        if not any(r.startswith(("fx_margin_pct", "exchange_rate", "mid_rate")) for r in reasons):
            reasons.append(
                "no FX margin: fill in fx_margin_pct (0 when no currency is converted) or exchange_rate and mid_rate"
            )
    elif margin is not None:
        if margin >= 100:
            reasons.append(f"fx_margin_pct {_fmt(margin)} is 100% or more: the margin is a percentage of the amount")
        elif margin < MIN_FX_MARGIN_PCT:
            reasons.append(
                f"fx_margin_pct {_fmt(margin)} is below {MIN_FX_MARGIN_PCT:.0f}%: was a rate quoted the other way round?"
            )
        if from_rates is not None and abs(margin - from_rates) > MARGIN_TOLERANCE_PP:
            reasons.append(
                f"fx_margin_pct {_fmt(margin)} disagrees with exchange_rate and mid_rate (which give "
                f"{from_rates:.2f}%): keep one"
            )
    else:
        margin = from_rates

    volume = num["transfers_per_year"]
    if volume is not None and volume <= 0:
        reasons.append(f"transfers_per_year must be above zero (found {_fmt(volume)})")
    if reasons:
        return {}, reasons

    assert amount is not None and margin is not None  # noqa: S101 - guaranteed by the checks above
    if fee_pct is None:
        fee_pct = fee_usd / amount * 100  # type: ignore[operator]
    if fee_usd is None:
        fee_usd = amount * fee_pct / 100
    if margin < 0:
        notes.append("negative FX margin (a better rate than mid-market, e.g. a promotion)")
    if text["speed"] and re.search(SLOW_SPEED, text["speed"]):
        notes.append("slower than 5 days: would not count for SmaRT")
    return {
        "product": text["product"] or None,
        "sending": text["sending"],
        "receiving": text["receiving"],
        "sending_iso3": iso["sending"],
        "receiving_iso3": iso["receiving"],
        "amount_usd": amount,
        "fee_usd": fee_usd,
        "fee_pct": fee_pct,
        "fx_margin_pct": margin,
        "exchange_rate": rate,
        "mid_rate": mid,
        "total_cost_pct": fee_pct + margin,
        "speed": text["speed"] or None,
        "payout": text["payout"] or None,
        "firm_type": text["firm_type"] or None,
        "payment_instrument": text["payment_instrument"] or None,
        "transfers_per_year": volume,
        "note": "; ".join(notes) or None,
    }, []


# -- countries in the region's languages


# Languages of the focus region and its main host countries, for country names in a price list.
REGION_LANGUAGES = ("ru", "uk", "be", "kk", "ky", "tg", "uz", "az", "hy", "ka", "ro", "ro_MD", "sq", "sr",
                    "sr@latin", "mk", "bs", "hr", "bg", "tr", "de")  # fmt: skip
# Short forms people write that the ISO catalogues do not list.
COMMON_NAMES: dict[str, str] = {
    "Россия": "RUS", "РФ": "RUS", "Кыргызстан": "KGZ", "Киргизстан": "KGZ", "Молдова": "MDA", "Молдавия": "MDA",
    "Косово": "XKX", "США": "USA", "Великобритания": "GBR", "ОАЭ": "ARE", "Беларусь": "BLR", "Белоруссия": "BLR",
    "Узбекистан": "UZB", "Таджикистан": "TJK", "Казахстан": "KAZ", "Армения": "ARM", "Грузия": "GEO",
    "Азербайджан": "AZE", "Украина": "UKR", "Турция": "TUR", "Германия": "DEU", "Росія": "RUS", "Kosova": "XKX",
    "Kosovë": "XKX", "Rusija": "RUS", "Rusya": "RUS",
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _regional_names() -> dict[str, str]:
    """Normalised country name in the region's languages -> ISO3 (names two countries share are left out)."""
    found: dict[str, set[str]] = {}
    for lang in REGION_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(c, attr, None)
                if english:
                    found.setdefault(_norm(tr.gettext(english)), set()).add(c.alpha_3)
    names = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    names.update({_norm(k): v for k, v in COMMON_NAMES.items()})
    return names


def _country_lookup(countries: CountryResolver | None) -> Callable[[str], str]:
    """text -> ISO3 through the store's resolver, then the region's languages; UnknownCountry otherwise."""
    base = countries or CountryResolver()
    regional = _regional_names()
    known = set(base.display) | set(base.extra)

    def resolve(text: str) -> str:
        try:
            return base.resolve(text)
        except UnknownCountry:
            iso = regional.get(_norm(text))
            if iso == "XKX" or (iso and (not known or iso in known)):
                return iso
            raise

    return resolve


# --- Products and reference data ---------------------------------------------------------------


def margin_from_rates(exchange_rate: float, mid_rate: float) -> float:
    """FX margin % = (mid-market rate - provider rate) / mid-market rate x 100 (METHODOLOGY.md)."""
    for label, v in (("exchange rate", exchange_rate), ("mid-market rate", mid_rate)):
        if v is None or not math.isfinite(v) or v <= 0:
            raise InvalidProduct(f"The {label} must be a number above zero.")
    return (mid_rate - exchange_rate) / mid_rate * 100


@dataclass(frozen=True)
class Product:
    """One product to benchmark: a price in one corridor at one amount (US$)."""

    sending_iso3: str
    receiving_iso3: str
    fee_pct: float
    fx_margin_pct: float
    amount_usd: float = DEFAULT_AMOUNT_USD
    product: str | None = None
    speed: str | None = None
    payout: str | None = None
    firm_type: str | None = None
    payment_instrument: str | None = None
    transfers_per_year: float | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.amount_usd) or self.amount_usd <= 0:
            raise InvalidProduct("The amount sent must be above zero.")
        if not math.isfinite(self.fee_pct) or not 0 <= self.fee_pct < 100:
            raise InvalidProduct("The fee must be zero or more and less than 100% of the amount sent.")
        if not math.isfinite(self.fx_margin_pct) or not MIN_FX_MARGIN_PCT <= self.fx_margin_pct < 100:
            raise InvalidProduct(
                f"The FX margin must be between {MIN_FX_MARGIN_PCT:.0f}% and 100%; check that the exchange rate and "
                "the mid-market rate are quoted the same way."
            )
        if self.transfers_per_year is not None and not (
            math.isfinite(self.transfers_per_year) and self.transfers_per_year > 0
        ):
            raise InvalidProduct("The number of transfers a year must be above zero.")

    @classmethod
    def with_fee_usd(cls, sending_iso3: str, receiving_iso3: str, fee_usd: float, fx_margin_pct: float,
                     amount_usd: float = DEFAULT_AMOUNT_USD, **kwargs: object) -> Product:  # fmt: skip
        """A product whose fee is given in US dollars for amount_usd."""
        if not math.isfinite(amount_usd) or amount_usd <= 0:
            raise InvalidProduct("The amount sent must be above zero.")
        if not math.isfinite(fee_usd) or fee_usd < 0:
            raise InvalidProduct("The fee must be zero or more.")
        return cls(sending_iso3, receiving_iso3, fee_usd / amount_usd * 100, fx_margin_pct, amount_usd, **kwargs)  # type: ignore[arg-type]

    @property
    def fee_usd(self) -> float:
        return self.amount_usd * self.fee_pct / 100

    @property
    def total_cost_pct(self) -> float:
        return self.fee_pct + self.fx_margin_pct

    def as_row(self) -> dict:
        return {
            "row": 1,
            "product": self.product,
            "sending_iso3": self.sending_iso3,
            "receiving_iso3": self.receiving_iso3,
            "amount_usd": self.amount_usd,
            "fee_usd": self.fee_usd,
            "fee_pct": self.fee_pct,
            "fx_margin_pct": self.fx_margin_pct,
            "total_cost_pct": self.total_cost_pct,
            "speed": self.speed,
            "payout": self.payout,
            "firm_type": self.firm_type,
            "payment_instrument": self.payment_instrument,
            "transfers_per_year": self.transfers_per_year,
            "note": "slower than 5 days: would not count for SmaRT"
            if self.speed and re.search(SLOW_SPEED, self.speed)
            else None,
        }


# Choices offered when the corridor has no provider prices to take them from (RPW's wording).
STANDARD_FIRM_TYPES = ("Bank", "Money Transfer Operator", "Post office", "Mobile operator")
STANDARD_INSTRUMENTS = ("Cash", "Account", "Card", "Online")
STANDARD_PAYOUTS = ("Cash", "Bank account", "Mobile wallet", "Card")
STANDARD_SPEEDS = ("Less than one hour", "Same day", "Next day", "2 days", "3-5 days", "6 days or more")


def corridor_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every corridor average in the store (one row per corridor and quarter) with its source."""
    return con.execute(
        """SELECT c.period, c.sending_iso3, c.receiving_iso3, s.name AS sending_name, r.name AS receiving_name,
                  c.total_cost_pct_200, c.bank_cost_pct_200, c.mto_cost_pct_200, c.services_n, c.source_id
           FROM corridor_cost c JOIN country s ON s.iso3 = c.sending_iso3 JOIN country r ON r.iso3 = c.receiving_iso3
           ORDER BY c.period, c.sending_iso3, c.receiving_iso3"""
    ).df()


_SERVICE_COLUMNS = """period, sending_iso3, receiving_iso3, firm, firm_type, payment_instrument, pickup_method, speed,
                      non_transparent, qualifies_for_smart, total_cost_pct_200"""


def services_table(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    """Every surveyed service (provider prices, USD 200) in one quarter; empty without an import."""
    return con.execute(
        f"SELECT {_SERVICE_COLUMNS} FROM provider_price WHERE period = ? ORDER BY sending_iso3, receiving_iso3, firm",  # noqa: S608 (constant)
        [period],
    ).df()


def corridor_services(con: duckdb.DuckDBPyConnection, sending_iso3: str, receiving_iso3: str) -> pd.DataFrame:
    """Every surveyed service of one corridor, in every quarter; empty without an import."""
    return con.execute(
        f"SELECT {_SERVICE_COLUMNS} FROM provider_price WHERE sending_iso3 = ? AND receiving_iso3 = ? ORDER BY period, firm",  # noqa: S608 (constant)
        [sending_iso3, receiving_iso3],
    ).df()


# --- Benchmarking ------------------------------------------------------------------------------


def percentile(value: float, values: Sequence[float] | np.ndarray) -> float | None:
    """Share of `values` below `value`, ties counted half, in % (0 = cheapest, 100 = dearest); None if empty."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return None
    below = float((v < value - _EPS).sum())
    equal = float((np.abs(v - value) <= _EPS).sum())
    return (below + 0.5 * equal) / len(v) * 100


_FIRM_ALIASES = {"mto": "money transfer operator", "money transfer company": "money transfer operator",
                 "post": "post office", "postal": "post office", "mno": "mobile operator"}  # fmt: skip


def _term(text: object) -> str:
    t = " ".join(str(text).split()).casefold()
    return _FIRM_ALIASES.get(t, t)


def matches(value: object, wanted: object) -> bool:
    """A service's attribute matches the product's: equal ignoring case and spacing, or containing it as
    whole words ('Account' matches 'Bank account'); MTO means Money Transfer Operator."""
    if value is None or wanted is None or (isinstance(value, float) and math.isnan(value)):
        return False
    v, w = _term(value), _term(wanted)
    return bool(w) and (v == w or re.search(rf"\b{re.escape(w)}\b", v) is not None)


PEER_DIMENSIONS = (("firm_type", "firm_type", "Same firm type"),
                   ("payment_instrument", "payment_instrument", "Same payment instrument"),
                   ("payout", "pickup_method", "Same pickup method"))  # fmt: skip


def _peer_mask(services: pd.DataFrame, product: Mapping[str, object], dims: Sequence[str]) -> pd.Series:
    mask = pd.Series(True, index=services.index)
    for own, theirs, _ in PEER_DIMENSIONS:
        if own in dims:
            wanted = product.get(own)
            mask &= services[theirs].map(lambda v, w=wanted: matches(v, w))
    return mask


def _given(product: Mapping[str, object], col: str) -> bool:
    v = product.get(col)
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and bool(str(v).strip())


def _stats(services: pd.DataFrame, price: float) -> dict:
    """Rank, percentile and levels among transparent services (opaque ones are counted, not ranked)."""
    ranked = services[~services["non_transparent"]]
    costs = ranked["total_cost_pct_200"].to_numpy(dtype=float)
    smart = np.sort(ranked.loc[ranked["qualifies_for_smart"], "total_cost_pct_200"].to_numpy(dtype=float))[:3]
    n = len(costs)
    return {
        "services_n": n,
        "providers_n": int(ranked["firm"].nunique()),
        "non_transparent_n": int(services["non_transparent"].sum()),
        "services_average_pct": float(costs.mean()) if n else None,
        "cheapest_pct": float(costs.min()) if n else None,
        "most_expensive_pct": float(costs.max()) if n else None,
        "spread_pp": float(costs.max() - costs.min()) if n else None,
        "rank": int((costs < price - _EPS).sum()) + 1 if n else None,
        "rank_of": n + 1 if n else None,
        "percentile": percentile(price, costs),
        "smart_pct": float(smart.mean()) if len(smart) else None,
        "smart_services_n": len(smart),
    }


REFERENCE_LEVELS = (  # (key, label); gap columns are gap_to_<key>_pp, _usd, _usd_per_year
    ("average", "Corridor average"),
    ("smart", "SmaRT (3 cheapest qualifying services)"),
    ("cheapest", "Cheapest service"),
    ("peer", "Peer group average"),
    ("3pct", f"SDG target {SDG_TARGET_PCT:.0f}%"),
    ("5pct", f"SDG ceiling {SDG_CORRIDOR_CEILING_PCT:.0f}%"),
    ("corridors_mean", "Mean of corridor averages (all corridors)"),
)
_LEVEL_COLUMN = {
    "average": "corridor_average_pct",
    "smart": "smart_pct",
    "cheapest": "cheapest_pct",
    "peer": "peer_average_pct",
    "3pct": "sdg_target_pct",
    "5pct": "sdg_ceiling_pct",
    "corridors_mean": "mean_of_corridor_averages_pct",
}


def benchmark_frame(
    products: pd.DataFrame,
    corridor_costs: pd.DataFrame,
    services_for: Callable[[str], pd.DataFrame] | None,
    *,
    fallback_period: str,
    period: str | None = None,
    transfers_per_year: float | None = None,
) -> pd.DataFrame:
    """Benchmark products (parse_price_list's good rows, or Product.as_row() rows) against the market.

    Args:
        products: sending_iso3, receiving_iso3, amount_usd, fee_pct, fx_margin_pct, total_cost_pct and
            optionally product, firm_type, payment_instrument, payout, speed, transfers_per_year, row.
        corridor_costs: corridor_table(con).
        services_for: period -> services_table(con, period); None when provider prices are not loaded.
        fallback_period: the quarter for corridors without any cost data (latest with every corridor).
        period: one quarter for every product; None: each corridor's latest quarter with data.
        transfers_per_year: the volume for products without their own; None leaves yearly gaps blank.
    """
    cc = corridor_costs
    latest = cc.groupby(["sending_iso3", "receiving_iso3"])["period"].max().to_dict()
    by_key = cc.set_index(["period", "sending_iso3", "receiving_iso3"])
    by_period = {p: np.sort(g["total_cost_pct_200"].to_numpy(dtype=float)) for p, g in cc.groupby("period")}
    names = dict(zip(cc["sending_iso3"], cc["sending_name"], strict=False)) | dict(
        zip(cc["receiving_iso3"], cc["receiving_name"], strict=False)
    )
    service_cache: dict[str, dict[tuple[str, str], pd.DataFrame]] = {}  # quarter -> corridor -> its services
    rows = []
    for record in products.to_dict(orient="records"):
        p = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in record.items()}  # NaN -> None
        send, recv = p["sending_iso3"], p["receiving_iso3"]
        price = float(p["total_cost_pct"])
        amount = float(p["amount_usd"])
        volume = p.get("transfers_per_year")
        volume = volume if volume is not None and not pd.isna(volume) else transfers_per_year
        notes = [p["note"]] if p.get("note") else []
        firm = _term(p.get("firm_type") or "")
        firm_column = (
            "bank_cost_pct_200"
            if re.fullmatch(r"(?:commercial\s+)?banks?", firm)
            else "mto_cost_pct_200"
            if firm == "money transfer operator"
            else None
        )
        corridor_latest = latest.get((send, recv))
        if period is not None:
            when, basis = period, "the quarter chosen"
        elif corridor_latest is not None:
            when, basis = corridor_latest, "the corridor's latest quarter with data"
        else:
            when, basis = fallback_period, "the latest quarter with data for every corridor"
        out = {
            "row": p.get("row"),
            "product": p.get("product"),
            "corridor": f"{send}-{recv}",
            "sending_iso3": send,
            "sending_name": names.get(send, send),
            "receiving_iso3": recv,
            "receiving_name": names.get(recv, recv),
            "amount_usd": amount,
            "fee_usd": amount * float(p["fee_pct"]) / 100,
            "fee_pct": float(p["fee_pct"]),
            "fx_margin_pct": float(p["fx_margin_pct"]),
            "total_cost_pct": price,
            "cost_usd": amount * price / 100,
            "transfers_per_year": volume,
            "speed": p.get("speed"),
            "payout": p.get("payout"),
            "firm_type": p.get("firm_type"),
            "payment_instrument": p.get("payment_instrument"),
            "period": when,
            "period_basis": basis,
            "corridor_average_pct": None,
            "source_id": None,
            "services_in_average_n": None,
        }
        key = (when, send, recv)
        if key in by_key.index:
            ref = by_key.loc[key]
            out["corridor_average_pct"] = float(ref["total_cost_pct_200"])
            out["source_id"] = ref["source_id"]
            out["services_in_average_n"] = None if pd.isna(ref["services_n"]) else int(ref["services_n"])
            corridor_firm = ref[firm_column] if firm_column else None
        else:
            corridor_firm = None
            if corridor_latest is None:
                notes.append("no cost data for this corridor: the World Bank does not survey it")
            else:
                notes.append(f"no corridor average in {when} (the corridor's latest is {corridor_latest})")
        values = by_period.get(when, np.array([]))
        out["corridors_in_quarter_n"] = len(values)
        out["mean_of_corridor_averages_pct"] = float(values.mean()) if len(values) else None
        out["median_corridor_average_pct"] = float(np.median(values)) if len(values) else None
        out["percentile_among_corridor_averages"] = percentile(price, values)
        out["sdg_target_pct"], out["sdg_ceiling_pct"] = SDG_TARGET_PCT, SDG_CORRIDOR_CEILING_PCT

        stats: dict = {}
        peer: dict = {}
        if services_for is not None:
            if when not in service_cache:
                service_cache[when] = {
                    key: g for key, g in services_for(when).groupby(["sending_iso3", "receiving_iso3"], sort=False)
                }
            s = service_cache[when].get((send, recv))
            if s is not None and len(s):
                stats = _stats(s, price)
                dims = [own for own, _, _ in PEER_DIMENSIONS if _given(p, own)]
                if dims:
                    peers = s[_peer_mask(s, p, dims)]
                    ps = _stats(peers, price)
                    peer = {
                        "peer_group": " · ".join(str(p[d]) for d in dims),
                        "peer_services_n": ps["services_n"],
                        "peer_average_pct": ps["services_average_pct"],
                        "peer_rank": ps["rank"],
                        "peer_rank_of": ps["rank_of"],
                    }
                    if _given(p, "firm_type"):
                        same = s[_peer_mask(s, p, ["firm_type"])]
                        fs = _stats(same, price)
                        peer["firm_type_average_pct"] = fs["services_average_pct"]
                        peer["firm_type_services_n"] = fs["services_n"]
                        peer["firm_type_basis"] = "services of the same firm type"
                    if not ps["services_n"]:
                        notes.append(f"no surveyed service of the same kind ({peer['peer_group']}) in {when}")
            else:
                notes.append(f"no provider prices for this corridor in {when}")
        if "firm_type_average_pct" not in peer and corridor_firm is not None and not pd.isna(corridor_firm):
            peer["firm_type_average_pct"] = float(corridor_firm)
            peer["firm_type_basis"] = "corridor data: " + (
                "banks' average" if firm_column == "bank_cost_pct_200" else "money transfer operators' average"
            )
        out.update({
            "services_n": stats.get("services_n"),
            "providers_n": stats.get("providers_n"),
            "non_transparent_n": stats.get("non_transparent_n"),
            "rank_among_services": stats.get("rank"),
            "rank_of": stats.get("rank_of"),
            "percentile_among_services": stats.get("percentile"),
            "cheapest_pct": stats.get("cheapest_pct"),
            "most_expensive_pct": stats.get("most_expensive_pct"),
            "spread_pp": stats.get("spread_pp"),
            "smart_pct": stats.get("smart_pct"),
            "smart_services_n": stats.get("smart_services_n"),
            "peer_group": peer.get("peer_group"),
            "peer_services_n": peer.get("peer_services_n"),
            "peer_average_pct": peer.get("peer_average_pct"),
            "peer_rank": peer.get("peer_rank"),
            "peer_rank_of": peer.get("peer_rank_of"),
            "firm_type_average_pct": peer.get("firm_type_average_pct"),
            "firm_type_services_n": peer.get("firm_type_services_n"),
            "firm_type_basis": peer.get("firm_type_basis"),
        })  # fmt: skip
        for ref_key, _ in REFERENCE_LEVELS:
            level = out.get(_LEVEL_COLUMN[ref_key])
            gap = None if level is None or pd.isna(level) else price - float(level)
            out[f"gap_to_{ref_key}_pp"] = gap
            out[f"gap_to_{ref_key}_usd"] = None if gap is None else amount * gap / 100
            out[f"gap_to_{ref_key}_usd_per_year"] = (
                None if gap is None or volume is None or pd.isna(volume) else amount * gap / 100 * float(volume)
            )
        out["note"] = "; ".join(dict.fromkeys(n for n in notes if n)) or None
        rows.append(out)
    result = pd.DataFrame(rows)
    if result.empty:
        return result
    for col in result.columns:
        if col.endswith(("_pct", "_pp", "_usd", "_usd_per_year", "percentile_among_services")) or col.startswith(
            "percentile"
        ):
            result[col] = pd.to_numeric(result[col], errors="coerce").astype(float)
    for col in ("services_n", "providers_n", "non_transparent_n", "rank_among_services", "rank_of", "smart_services_n",
                "peer_services_n", "peer_rank", "peer_rank_of", "firm_type_services_n", "corridors_in_quarter_n",
                "services_in_average_n", "row"):  # fmt: skip
        result[col] = pd.to_numeric(result[col], errors="coerce").astype("Int64")
    result["transfers_per_year"] = pd.to_numeric(result["transfers_per_year"], errors="coerce").astype(float)
    return result


# Result columns that only provider-level prices fill (a page may hide them without an import).
SERVICE_RESULT_COLUMNS = frozenset(
    {"services_n", "providers_n", "non_transparent_n", "rank_among_services", "rank_of", "percentile_among_services",
     "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct", "smart_services_n", "peer_group",
     "peer_services_n", "peer_average_pct", "peer_rank", "peer_rank_of", "gap_to_smart_pp", "gap_to_cheapest_pp",
     "gap_to_peer_pp"}
)  # fmt: skip


def _checked_period(con: duckdb.DuckDBPyConnection, period: str | None) -> str | None:
    return None if period is None else check_period(con, period)


def benchmark_price_list(
    con: duckdb.DuckDBPyConnection,
    products: pd.DataFrame,
    *,
    period: str | None = None,
    transfers_per_year: float | None = None,
) -> pd.DataFrame:
    """benchmark_frame over the store: parse_price_list's good rows in, one benchmarked row per product out."""
    has_services = con.execute("SELECT count(*) > 0 FROM provider_price").fetchone()[0]
    return benchmark_frame(
        products,
        corridor_table(con),
        (lambda p: services_table(con, p)) if has_services else None,
        fallback_period=latest_period(con),
        period=_checked_period(con, period),
        transfers_per_year=transfers_per_year,
    )


def benchmark_product(
    con: duckdb.DuckDBPyConnection, product: Product, *, period: str | None = None, strict: bool = False
) -> dict:
    """One product benchmarked (a row of benchmark_frame as a dict). strict: an unknown corridor or a
    quarter without data for the corridor raises (for the command line) instead of becoming a note."""
    period = _checked_period(con, period)
    if strict:
        from remit.explorer import _raise_unknown

        have = con.execute(
            "SELECT list(period ORDER BY period) FROM corridor_cost WHERE sending_iso3 = ? AND receiving_iso3 = ?",
            [product.sending_iso3, product.receiving_iso3],
        ).fetchone()[0]
        if not have:
            _raise_unknown(con, product.sending_iso3, product.receiving_iso3)
        if period is not None and period not in have:
            raise MissingData(
                f"No cost data for {product.sending_iso3} -> {product.receiving_iso3} in {period}: the corridor has "
                f"data from {have[0]} to {have[-1]}."
            )
    frame = benchmark_price_list(
        con, pd.DataFrame([product.as_row()]), period=period, transfers_per_year=product.transfers_per_year
    )
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def resolve_product(con: duckdb.DuckDBPyConnection, sending: str, receiving: str) -> tuple[str, str]:
    """ISO3 codes of a corridor from user input (codes, names, KSV); UnknownCountry otherwise."""
    countries = resolver(con)
    return countries.resolve(sending), countries.resolve(receiving)


def references(result: Mapping[str, object]) -> pd.DataFrame:
    """The reference levels of one benchmarked product with the gaps, levels the data lacks left out."""
    rows = []
    for key, name in REFERENCE_LEVELS:
        level = result.get(_LEVEL_COLUMN[key])
        if level is None or (isinstance(level, float) and math.isnan(level)):
            continue
        label = f"Peer group average ({result['peer_group']})" if key == "peer" and result.get("peer_group") else name
        rows.append(
            {
                "reference": label,
                "level_pct": float(level),  # type: ignore[arg-type]
                "gap_pp": result[f"gap_to_{key}_pp"],
                "gap_usd_per_transfer": result[f"gap_to_{key}_usd"],
                "gap_usd_per_year": result[f"gap_to_{key}_usd_per_year"],
            }
        )
    firm = result.get("firm_type_average_pct")
    if firm is not None and not (isinstance(firm, float) and math.isnan(firm)):
        price, amount = float(result["total_cost_pct"]), float(result["amount_usd"])  # type: ignore[arg-type]
        volume = result.get("transfers_per_year")
        gap = price - float(firm)  # type: ignore[arg-type]
        rows.insert(
            min(4, len(rows)),
            {
                "reference": f"Same firm type ({result['firm_type']}; {result['firm_type_basis']})",
                "level_pct": float(firm),  # type: ignore[arg-type]
                "gap_pp": gap,
                "gap_usd_per_transfer": amount * gap / 100,
                "gap_usd_per_year": None
                if volume is None or (isinstance(volume, float) and math.isnan(volume))
                else amount * gap / 100 * float(volume),  # type: ignore[arg-type]
            },
        )
    return pd.DataFrame(rows, columns=["reference", "level_pct", "gap_pp", "gap_usd_per_transfer", "gap_usd_per_year"])


def peer_groups(services: pd.DataFrame, product: Mapping[str, object]) -> pd.DataFrame:
    """The product against peer groups of one corridor's services in one quarter: all services, the same
    firm type, payment instrument, pickup method, and all three. Spread = most expensive - cheapest."""
    price = float(product["total_cost_pct"])  # type: ignore[arg-type]
    groups: list[tuple[str, list[str]]] = [("All services", [])]
    given = [own for own, _, _ in PEER_DIMENSIONS if _given(product, own)]
    for own, _, label in PEER_DIMENSIONS:
        if own in given:
            groups.append((f"{label}: {product[own]}", [own]))
    if len(given) > 1:
        groups.append(
            ("Same " + ", ".join(lbl.removeprefix("Same ") for own, _, lbl in PEER_DIMENSIONS if own in given), given)
        )
    rows = []
    for label, dims in groups:
        s = services[_peer_mask(services, product, dims)] if dims else services
        st = _stats(s, price)
        rows.append(
            {
                "peer_group": label,
                "services_n": st["services_n"],
                "providers_n": st["providers_n"],
                "average_pct": st["services_average_pct"],
                "cheapest_pct": st["cheapest_pct"],
                "most_expensive_pct": st["most_expensive_pct"],
                "spread_pp": st["spread_pp"],
                "your_gap_to_average_pp": None
                if st["services_average_pct"] is None
                else price - st["services_average_pct"],
                "your_rank": st["rank"],
                "of": st["rank_of"],
                "your_percentile": st["percentile"],
            }
        )
    return pd.DataFrame(rows)


def corridor_spread(results: pd.DataFrame) -> pd.DataFrame:
    """Per corridor of a benchmarked list: the quarter, the corridor average, services and providers,
    cheapest, most expensive and spread (pp), SmaRT, and how many of the list's products are in it."""
    cols = ["corridor", "sending_name", "receiving_name", "period", "corridor_average_pct", "services_n",
            "providers_n", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct"]  # fmt: skip
    if results.empty:
        return pd.DataFrame(columns=[*cols, "products_n"])
    g = results.groupby(["corridor", "period"], sort=False)
    out = g[[c for c in cols if c not in ("corridor", "period")]].first()
    out["products_n"] = g.size()
    return out.reset_index()[[*cols, "products_n"]].sort_values("corridor").reset_index(drop=True)


def reference_history(
    hist: pd.DataFrame, services: pd.DataFrame | None, total_cost_pct: float | None = None
) -> pd.DataFrame:
    """One corridor's reference levels over quarters: the corridor average (explorer.histories, gaps kept)
    and, with provider prices, the cheapest service, SmaRT and the number of services; plus the gap of a
    price to the average in each quarter."""
    out = hist[["period", "period_start", "total_cost_pct_200", "source_id"]].rename(
        columns={"total_cost_pct_200": "corridor_average_pct"}
    )
    out = out.assign(cheapest_pct=np.nan, smart_pct=np.nan, services_n=pd.NA)
    if services is not None and len(services):
        per = {p: _stats(g, total_cost_pct or 0.0) for p, g in services.groupby("period")}
        out["cheapest_pct"] = out["period"].map(lambda p: per[p]["cheapest_pct"] if p in per else np.nan)
        out["smart_pct"] = out["period"].map(lambda p: per[p]["smart_pct"] if p in per else np.nan)
        out["services_n"] = out["period"].map(lambda p: per[p]["services_n"] if p in per else pd.NA)
    out["cheapest_pct"] = pd.to_numeric(out["cheapest_pct"], errors="coerce").astype(float)
    out["smart_pct"] = pd.to_numeric(out["smart_pct"], errors="coerce").astype(float)
    out["services_n"] = pd.to_numeric(out["services_n"], errors="coerce").astype("Int64")
    if total_cost_pct is not None:
        out["your_total_cost_pct"] = float(total_cost_pct)
        out["gap_to_average_pp"] = float(total_cost_pct) - out["corridor_average_pct"]
    return out.reset_index(drop=True)


def positions(services: pd.DataFrame, result: Mapping[str, object]) -> pd.DataFrame:
    """One corridor's transparent services in one quarter plus the user's price, for a ranking chart:
    label (firm · pickup method · speed), total_cost_pct, kind ('you', 'peer' or 'other')."""
    ranked = services[~services["non_transparent"]]
    dims = [own for own, _, _ in PEER_DIMENSIONS if _given(result, own)]
    peer = _peer_mask(ranked, result, dims) if dims else pd.Series(False, index=ranked.index)
    label = (
        ranked["firm"].astype(str)
        + " · "
        + ranked["pickup_method"].fillna("?").astype(str)
        + " · "
        + ranked["speed"].fillna("?").astype(str)
    )
    others = pd.DataFrame(
        {"label": label, "total_cost_pct": ranked["total_cost_pct_200"], "kind": np.where(peer, "peer", "other")}
    )
    you = pd.DataFrame(
        [
            {
                "label": f"▶ {result.get('product') or 'Your price'}",
                "total_cost_pct": result["total_cost_pct"],
                "kind": "you",
            }
        ]
    )
    return (
        pd.concat([others, you], ignore_index=True).sort_values("total_cost_pct", kind="stable").reset_index(drop=True)
    )
