"""A price list: records of an upload matched to the template's columns, each row a product or its
reasons (parse_price_list never raises)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from remit.benchmark.products import _cell_text, _country_lookup, _product
from remit.benchmark.reading import (
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    Record,
    _decode,
    _find_delimiter,
    _recognised,
    _size,
    read_workbook,
)
from remit.benchmark.template import _ALIAS, AMBIGUOUS, MAX_PRICE_LIST_BYTES, MAX_PRICE_LIST_ROWS, REQUIRED, _header_key
from remit.countries import CountryResolver
from remit.messages import Joined, Message, Num, Term, msg


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
    notes: list[Message] = field(default_factory=list)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.good, self.bad))

    @property
    def file_problem(self) -> bool:
        """True if the file as a whole could not be read (nothing to benchmark)."""
        return bool(self.bad["row"].isna().any()) and self.good.empty

    def describe(self) -> Message:
        """'CSV, UTF-8, semicolon-separated' / 'Excel, sheet 'Price list'' / 'unreadable file'."""
        if self.file_format == "CSV":
            separated = {
                "comma": msg("comma-separated"),
                "semicolon": msg("semicolon-separated"),
                "tab": msg("tab-separated"),
            }.get(self.delimiter or "")
            parts = ("CSV", Term(self.encoding) if self.encoding else None, separated)
            return Message("{parts}", {"parts": Joined(tuple(p for p in parts if p))})  # a list: no words of its own
        if self.file_format == "Excel":
            return msg("Excel, sheet '{sheet}'", sheet=self.sheet) if self.sheet else Message("Excel")
        return msg("unreadable file")


GOOD_COLUMNS = [
    "row", "product", "sending", "receiving", "sending_iso3", "receiving_iso3", "amount_usd", "fee_usd", "fee_pct",
    "fx_margin_pct", "exchange_rate", "mid_rate", "total_cost_pct", "speed", "payout", "firm_type",
    "payment_instrument", "transfers_per_year", "note",
]  # fmt: skip
BAD_COLUMNS = ["row", "product", "sending", "receiving", "reason"]


def _empty_good() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else object) for c in GOOD_COLUMNS})


def _bad_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=BAD_COLUMNS)
    df["row"] = df["row"].astype("Int64")
    for c in BAD_COLUMNS[1:]:
        df[c] = df[c].astype(object)
    return df


def _file_problem(reason: Message, **info: object) -> PriceList:
    bad = _bad_frame([{"row": None, "product": None, "sending": None, "receiving": None, "reason": reason}])
    return PriceList(_empty_good(), bad, **info)  # type: ignore[arg-type]


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
        return _file_problem(
            msg("The file could not be read ({error}). Save it again as CSV or .xlsx.", error=type(exc).__name__)
        )


def _parse(  # noqa: PLR0911 (one early return per way a file can fail)
    data: bytes, filename: str, max_bytes: int, countries: CountryResolver | None, max_rows: int
) -> PriceList:
    name = PurePath(filename).name or "upload"
    if len(data) == 0:
        return _file_problem(
            msg("'{name}' is empty (0 bytes). Download the template, fill it in and upload it again.", name=name)
        )
    if len(data) > max_bytes:
        values = {"name": name, "size": _size(len(data)), "limit": _size(max_bytes)}
        return _file_problem(
            msg(
                "'{name}' is {size}; price lists are limited to {limit} (room for about {rows} products). Split it "
                "into several files, or remove pictures and other sheets.",
                rows=Num(MAX_PRICE_LIST_ROWS),
                **values,
            )
            if max_bytes >= MAX_PRICE_LIST_BYTES
            else msg(
                "'{name}' is {size}; price lists are limited to {limit}. Split it into several files, or remove "
                "pictures and other sheets.",
                **values,
            )
        )
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        sheet = read_workbook(data, name)
        if isinstance(sheet, Message):
            return _file_problem(sheet, file_format="Excel")
        sheet_name, rows = sheet
        info: dict = {"file_format": "Excel", "sheet": sheet_name}
        records = [(i + 1, row) for i, row in enumerate(rows)]
        return _from_records(records, None, info=info, countries=countries, max_rows=max_rows, name=name)
    text = _decode(data, name)
    if isinstance(text, Message):
        return _file_problem(text, file_format="CSV")
    body, encoding = text
    info = {"file_format": "CSV", "encoding": encoding}
    if not body.strip():
        return _file_problem(_blank(name), **info)
    found = _find_delimiter(body)
    if isinstance(found, Message):
        return _file_problem(found, **info)
    delimiter, records = found
    info["delimiter"] = DELIMITERS[delimiter]
    return _from_records(records, delimiter, info=info, countries=countries, max_rows=max_rows, name=name)


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
            return _file_problem(_blank(name), **info)
        shown = ", ".join(str(v) for v in first[:8] if v not in (None, ""))[:120]
        return _file_problem(
            msg(
                "No header row with the template's column names was found (looked for sending, receiving, fee_usd or "
                "fee_pct, fx_margin_pct… in the first rows; the first row has: {first}). Start from the template.",
                first=shown,
            ),
            **info,
        )
    header_row, header = records[header_at]
    columns: dict[str, int] = {}
    problems: list[Message] = []
    ignored: list[str] = []
    unit_missing = False
    for j, raw in enumerate(header):
        key = _header_key(raw)
        if not key:
            continue
        if key in AMBIGUOUS:
            problems.append(
                msg(
                    "The column '{column}' does not say its unit: {advice}.",
                    column=str(raw).strip(),
                    advice=AMBIGUOUS[key],
                )
            )
            unit_missing = True
            continue
        canonical = _ALIAS.get(key)
        if canonical is None:
            ignored.append(str(raw).strip())
        elif canonical in columns:
            problems.append(
                msg(
                    "Two columns mean {column}: '{first}' and '{second}'. Keep one.",
                    column=canonical,
                    first=str(header[columns[canonical]]).strip(),
                    second=str(raw).strip(),
                )
            )
        else:
            columns[canonical] = j
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            msg("The column {column} is missing (required: sending and receiving country).", column=missing[0])
            if len(missing) == 1
            else msg("The columns sending and receiving are missing (required: sending and receiving country).")
        )
    if "fee_usd" not in columns and "fee_pct" not in columns and not unit_missing:
        problems.append(
            msg("No fee column: add fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount).")
        )
    has_rates = "exchange_rate" in columns and "mid_rate" in columns
    if "fx_margin_pct" not in columns and not has_rates:
        one = [c for c in ("exchange_rate", "mid_rate") if c in columns]
        problems.append(
            msg(
                "The column mid_rate is missing: with exchange_rate the mid-market rate is needed to work out the "
                "margin, or give fx_margin_pct."
            )
            if one == ["exchange_rate"]
            else msg(
                "No exchange-rate margin column: add fx_margin_pct (0 when no currency is converted), or "
                "exchange_rate and mid_rate."
            )
        )
    if problems:
        found = ", ".join(str(h).strip() for h in header if str(h or "").strip())[:200]
        return _file_problem(
            msg(
                "{problems} Columns found in row {row}: {found}.",
                problems=Joined(tuple(problems), " "),
                row=header_row,
                found=found,
            ),
            **info,
        )

    resolve = _country_lookup(countries)
    good: list[dict] = []
    bad: list[dict] = []
    notes: list[Message] = []
    blank_rows = rows_read = 0
    width = len(header)
    for row_number, raw_values in records[header_at + 1 :]:
        if blank(raw_values):
            blank_rows += 1
            continue
        if rows_read >= max_rows:
            notes.append(
                msg(
                    "The file has more than {n} product row; only the first {n} was read. Split it into several files.",
                    "The file has more than {n} product rows; only the first {n} were read. Split it into several "
                    "files.",
                    count=max_rows,
                )
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
                shown = str(values[0]).strip()[:60]
                one_value = (
                    msg(
                        "has 1 value ('{value}') where the header has {width} column: the values seem to be separated "
                        "by a {other} while the header uses a {delimiter}",
                        "has 1 value ('{value}') where the header has {width} columns: the values seem to be separated "
                        "by a {other} while the header uses a {delimiter}",
                        count=width,
                        value=shown,
                        width=Num(width),
                        other=Term(other[0]),
                        delimiter=Term(DELIMITERS[delimiter]),
                    )
                    if other
                    else msg(
                        "has 1 value ('{value}') where the header has {width} column",
                        "has 1 value ('{value}') where the header has {width} columns",
                        count=width,
                        value=shown,
                        width=Num(width),
                    )
                )
                bad.append(_bad_row(row_number, values, {}, [one_value]))
                continue
            elif len(values) > width:
                too_many = msg(
                    "has {values} where the header has {columns} (a value may contain a {delimiter}: put it in double "
                    "quotes)",
                    values=msg("{n} value", "{n} values", count=len(values)),
                    columns=msg("{n} column", "{n} columns", count=width),
                    delimiter=Term(DELIMITERS[delimiter]),
                )
                bad.append(_bad_row(row_number, values, columns, [too_many]))
                continue
            else:
                values = values + [""] * (width - len(values))
        product, reasons = _product(values, columns, resolve, info.get("encoding"), decimal_comma=delimiter != ",")
        if reasons:
            bad.append(_bad_row(row_number, values, columns, reasons))
        else:
            good.append({"row": row_number, **product})
    if rows_read == 0 and not bad:
        return _file_problem(
            msg("'{name}' has a header row (row {row}) but no product rows under it.", name=name, row=header_row),
            **info,
        )
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


def _blank(name: str) -> Message:
    return msg("'{name}' has no rows: it is blank.", name=name)


def _reasons(reasons: list[Message]) -> Message:
    """A row's reasons as one message, 'reason; reason.' (a frame with no words of its own: not catalogued).
    A page shows it as a sentence (remit.benchmark.sentence: the first letter a capital)."""
    frame = "{reasons}" if reasons[-1].id.endswith(("?", "!")) else "{reasons}."
    return Message(frame, {"reasons": Joined(tuple(reasons), "; ")})


def sentence(text: str) -> str:
    """A row's reasons as rendered, as a sentence: 'unknown …' -> 'Unknown …'; a reason that starts with a
    column name (fee_pct …) keeps its spelling."""
    first = text.split(" ", 1)[0]
    return text if "_" in first else text[:1].upper() + text[1:]


def _bad_row(row: int, values: Sequence[object], columns: Mapping[str, int], reasons: list[Message]) -> dict:
    def get(col: str) -> str | None:
        j = columns.get(col)
        text = _cell_text(values[j]) if j is not None and j < len(values) else ""
        return text[:80] or None

    return {
        "row": row,
        "product": get("product"),
        "sending": get("sending"),
        "receiving": get("receiving"),
        "reason": _reasons(reasons),
    }
