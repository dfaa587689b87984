"""The price-list template: its columns and the header spellings they accept, the template as CSV and
Excel, and writing results to a spreadsheet safely (to_excel, safe_for_spreadsheet)."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from remit import safe
from remit.i18n import SOURCE, Translator, translator
from remit.messages import Message, Num, msg
from remit.safe import published

# A price list of 10,000 products is under 2 MB as CSV or Excel: 5 MB leaves room for formatting and
# long product names while keeping a wrong file (a database dump, a scan) from tying up the app for
# everyone. The 60 MB server limit in .streamlit/config.toml is for the World Bank workbook.
MAX_PRICE_LIST_BYTES = 5 * 1024 * 1024
MAX_PRICE_LIST_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    name: str
    need: Message  # required, one of …, optional
    meaning: Message
    examples: tuple[object, ...]


_OPTIONAL, _REQUIRED = msg("optional"), msg("required")
_ONE_FEE = msg("one of fee_usd, fee_pct")
_ONE_MARGIN = msg("one of fx_margin_pct, or exchange_rate with mid_rate")
TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("product", _OPTIONAL, msg("Your name for the product; shown in the results."),
           ("EXAMPLE Card to account", "EXAMPLE Cash to cash", "EXAMPLE App to wallet")),
    Column("sending", _REQUIRED,
           msg("Sending country: ISO3 code (RUS) or name (Russian Federation). Kosovo: XKX or KSV."),
           ("RUS", "Russian Federation", "DEU")),
    Column("receiving", _REQUIRED, msg("Receiving country: ISO3 code or name."), ("TJK", "Kyrgyz Republic", "KSV")),
    Column("amount_usd", _OPTIONAL, msg("Amount sent, in US dollars (convert at the mid-market rate). Blank: 200, the "
           "amount the World Bank surveys."), (200, 200, 500)),
    Column("fee_usd", _ONE_FEE, msg("The fee for this amount, in US dollars."), (3.0, "", 4.5)),
    Column("fee_pct", _ONE_FEE, msg("The fee as % of the amount sent. Use it for fees set in local "
           "currency: fee ÷ amount × 100."), ("", 1.0, "")),
    Column("fx_margin_pct", _ONE_MARGIN, msg("Your exchange-rate margin in %: "
           "(mid-market rate − your rate) ÷ mid-market rate × 100. 0 when no currency is converted."), (1.2, "", 0.8)),
    Column("exchange_rate", _ONE_MARGIN, msg("Your customer rate: units of the "
           "receiving currency for one unit of the sending currency."), ("", 0.1185, "")),
    Column("mid_rate", _ONE_MARGIN, msg("The mid-market (interbank) rate at the "
           "same moment, quoted the same way as exchange_rate."), ("", 0.12, "")),
    Column("speed", _OPTIONAL, msg("How fast the money arrives: Less than one hour, Same day, Next day, 2 days, 3-5 days, "
           "6 days or more. Over 5 days does not count for SmaRT."), ("Less than one hour", "Same day", "Next day")),
    Column("payout", _OPTIONAL, msg("How the money is received (pickup method): Cash, Bank account, Mobile wallet, Card. "
           "Used for peer groups."), ("Bank account", "Cash", "Mobile wallet")),
    Column("firm_type", _OPTIONAL, msg("Bank, Money Transfer Operator, Post office or Mobile operator. Used for peer "
           "groups."), ("Bank", "Money Transfer Operator", "Money Transfer Operator")),
    Column("payment_instrument", _OPTIONAL, msg("How the sender pays: Cash, Account, Card, Online. Used for peer "
           "groups."), ("Card", "Cash", "Online")),
    Column("transfers_per_year", _OPTIONAL, msg("Your yearly volume for this product, to put the gaps in money a year. "
           "Blank: the volume set on the page."), (12000, 40000, 5000)),
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
_RENAME_FEE = msg("rename it fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount sent)")
AMBIGUOUS: dict[str, Message] = {
    "fee": _RENAME_FEE,
    "fees": _RENAME_FEE,
    "amount": msg("rename it amount_usd (the amount sent in US dollars; leave it blank for 200)"),
    "margin": msg("rename it fx_margin_pct (the exchange-rate margin in %)"),
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


def template_guide(t: Translator | None = None) -> pd.DataFrame:
    """What each template column means, for the page and the workbook's 'Read me' sheet, in t's language
    (English by default)."""
    t = t or translator(SOURCE)
    return pd.DataFrame(
        [{"column": c.name, "needed": t.render(c.need), "meaning": t.render(c.meaning)} for c in TEMPLATE_COLUMNS],
    )


TEMPLATE_NOTES: tuple[Message, ...] = (
    msg("One row per corridor and product. Column names are matched ignoring case, spaces and punctuation."),
    msg(
        "Give the fee in US dollars (fee_usd) or as % of the amount sent (fee_pct), and the exchange-rate margin "
        "(fx_margin_pct) or your rate with the mid-market rate (exchange_rate, mid_rate)."
    ),
    msg(
        "Numbers may use a decimal point, or a decimal comma in semicolon- or tab-separated files; a trailing % is "
        "ignored."
    ),
    msg(
        "CSV in UTF-8, Windows-1251 (Cyrillic) or Windows-1252; comma, semicolon or tab separated. Excel .xlsx, "
        ".xls or .ods (the sheet named 'Price list', else the first sheet)."
    ),
    msg(
        "At most {rows} rows and {mb} MB per file.",
        rows=Num(MAX_PRICE_LIST_ROWS),
        mb=Num(MAX_PRICE_LIST_BYTES // 2**20),
    ),
    msg("Rows marked EXAMPLE are examples: replace them with your products."),
)


def template_csv() -> bytes:
    """The template as CSV (UTF-8 with a byte-order mark, so Excel opens it with the right characters)."""
    return template_frame().to_csv(index=False).encode("utf-8-sig")


def template_excel(t: Translator | None = None) -> bytes:
    """The template as an Excel workbook: the 'Price list' sheet, and 'Read me' and 'Notes' sheets in t's
    language (English by default; the sheets' names and the column names are the file format)."""
    t = t or translator(SOURCE)
    guide = template_guide(t)
    if t.code != SOURCE:
        guide.columns = [t("Column"), t("Needed"), t("Meaning")]
    notes = pd.DataFrame({"notes" if t.code == SOURCE else t("Notes"): [t.render(n) for n in TEMPLATE_NOTES]})
    return to_excel({"Price list": template_frame(), "Read me": guide, "Notes": notes})


def to_excel(sheets: Mapping[str, pd.DataFrame], notes: Sequence[str] = ()) -> bytes:
    """An .xlsx with one sheet per frame (bold header, frozen first row, readable widths) and an
    optional 'About' sheet of notes (source, citation). Text is never turned into formulas or links:
    xlsxwriter writes strings as strings, and every text cell (column names and notes too) that a
    spreadsheet would run once edited or saved as CSV (= + - @, a tab or CR first) gets the apostrophe
    of remit.safe.spreadsheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        frames = {name: safe.spreadsheet(df) for name, df in sheets.items()}
        if notes:
            frames["About"] = safe.spreadsheet(pd.DataFrame({"About these figures": list(notes)}))
        for name, df in frames.items():
            sheet = _sheet_name(name)
            df = published(df)  # noqa: PLW2901 (the numbers at the precision the sources publish)
            df.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes(1, 0)
            for j, col in enumerate(df.columns):
                longest = max([len(str(col)), *(len(str(v)) for v in df[col].head(200))])
                ws.set_column(j, j, min(max(10, longest + 2), 80))
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet"


def safe_for_spreadsheet(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (=, +, -, @, a tab or CR first) get a leading
    apostrophe, so a downloaded CSV of uploaded text cannot execute anything when opened (remit.safe.spreadsheet)."""
    return safe.spreadsheet(df)
