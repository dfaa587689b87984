"""A SYNTHETIC price list of a made-up institution: 200 rows over the fixture store's four corridors,
12 of them bad in 12 different ways, written as CSV (any delimiter and encoding) or as an .xlsx.
Every price and product here is made up."""

from __future__ import annotations

import csv
import io

import xlsxwriter

HEADER = ["Product", "Sending country", "Receiving country", "Amount (USD)", "Fee (US$)", "Fee %", "FX margin (%)",
          "Exchange rate", "Mid-market rate", "Speed", "Payout", "Firm type", "Transfers per year"]  # fmt: skip
CORRIDORS = [("RUS", "TJK"), ("Russian Federation", "Kyrgyz Republic"), ("DEU", "KSV"), ("United States", "MEX")]
# (row values by header name, a phrase the reason must contain): 12 kinds of bad row
BAD_ROWS: list[tuple[dict, str]] = [
    ({"Sending country": "Atlantis"}, "unknown sending country 'Atlantis'"),
    ({"Receiving country": ""}, "receiving country is missing"),
    (
        {"Sending country": "RUS", "Receiving country": "Russian Federation"},
        "sending and receiving country are the same",
    ),
    ({"Fee (US$)": "-2"}, "negative fee"),
    ({"Fee (US$)": "", "Fee %": "120"}, "100% or more of the amount sent"),
    ({"FX margin (%)": "150"}, "fx_margin_pct 150 is 100% or more"),
    ({"FX margin (%)": "-35"}, "below -20%"),
    ({"Fee (US$)": "abc"}, "fee_usd 'abc' is not a number"),
    ({"Fee (US$)": ""}, "no fee"),
    ({"FX margin (%)": ""}, "no fx margin"),
    ({"FX margin (%)": "", "Exchange rate": "0,11"}, "mid_rate is missing"),
    ({"Amount (USD)": "0"}, "amount_usd must be above zero"),
]


def make_price_list(n_good: int = 188) -> tuple[list[list[str]], dict[int, str]]:
    """SYNTHETIC rows (with the header) and {row number: expected phrase} for the bad ones, spread through."""
    rows, expected = [HEADER], {}
    bad_at = {int(i * (n_good + len(BAD_ROWS)) / len(BAD_ROWS)) + 3: b for i, b in enumerate(BAD_ROWS)}
    i = 0
    while len(rows) - 1 < n_good + len(BAD_ROWS):
        send, recv = CORRIDORS[i % len(CORRIDORS)]
        values = {
            "Product": f"SYNTHETIC продукт {i}",
            "Sending country": send,
            "Receiving country": recv,
            "Amount (USD)": "" if i % 3 else "500",
            "Fee (US$)": f"{(i % 7) * 0.5:.1f}".replace(".", ","),
            "Fee %": "",
            "FX margin (%)": f"{(i % 5) * 0.4:.1f}".replace(".", ","),
            "Exchange rate": "",
            "Mid-market rate": "",
            "Speed": ["Same day", "Next day", "6 days or more"][i % 3],
            "Payout": ["Cash", "Bank account"][i % 2],
            "Firm type": ["Bank", "Money Transfer Operator"][i % 2],
            "Transfers per year": str(1000 + i),
        }
        row_number = len(rows) + 1  # the header is row 1
        if row_number in bad_at:
            change, phrase = bad_at[row_number]
            values |= change
            expected[row_number] = phrase
        rows.append([values[h] for h in HEADER])
        i += 1
    return rows, expected


def csv_bytes(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], title_rows: int = 0) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("My prices")
    for t in range(title_rows):
        ws.write(t, 0, f"SYNTHETIC price list, title line {t + 1}")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r + title_rows, c, v)
    wb.close()
    return buf.getvalue()
