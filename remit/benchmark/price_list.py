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
        sheet = read_workbook(data, name)
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
