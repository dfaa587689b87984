"""Uploads that were misread or reached other visitors as markup or formulas (issue 15, items 3 and 6):
the uploader's own file name rendered as Markdown, a valid CSV with a cell over 128 KB called headerless,
UTF-16 without a byte-order mark called binary, and text cells of the Excel downloads left as formulas."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from apptest import ok, open_page
from openpyxl import load_workbook
from synthetic_price_list import csv_bytes, make_price_list

from remit import benchmark
from remit.benchmark.template import template_frame

HOSTILE_NAMES = {
    "a Markdown link and LaTeX": "[Official update - click here](https:evil.example) $x$.csv",
    "HTML": '<a href="https://evil.example">Cheapest</a>.csv',
    "a bare URL": "https://evil.example/prices.csv",
    "Streamlit directives": ":red[urgent] :material/warning: **bold**.csv",
}
# The markup of HOSTILE_NAMES, unescaped (not preceded by a backslash): it would render as a link, HTML,
# LaTeX, colour, bold or an autolink.
MARKUP = re.compile(r"(?<!\\)\]\(|(?<!\\)<a |(?<!\\)\$x\$|(?<!\\):red\[|(?<!\\)\*\*bold|https://")


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("case", list(HOSTILE_NAMES))
def test_the_uploaders_file_name_is_shown_as_text(case: str) -> None:
    name = HOSTILE_NAMES[case]
    rows, _expected = make_price_list(20)
    at = open_page("views/price_list.py")
    at.get("file_uploader")[0].set_value((name, csv_bytes(rows, ",", "utf-8"), "text/csv"))
    ok(at.run())
    shown = [
        m.value for m in [*at.markdown, *at.caption, *at.error, *at.warning] if "evil" in m.value or "bold" in m.value
    ]
    assert shown, "the page no longer repeats the file name: update this test"
    for text in shown:
        assert not MARKUP.search(text), text


def _template_csv(product: str = "Card to account") -> str:
    frame = template_frame().astype(object)
    frame.loc[0, "product"] = product
    return frame.to_csv(index=False)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["latin", "cyrillic"])
def test_utf16_without_a_byte_order_mark_is_read(codec: str, text: str) -> None:
    body = _template_csv("Перевод на карту" if text == "cyrillic" else "Card to account")
    parsed = benchmark.parse_price_list(body.encode(codec), "prices.csv")
    assert not parsed.file_problem, [str(r) for r in parsed.bad["reason"]]
    assert str(parsed.describe()) == "CSV, UTF-16, comma-separated"
    assert parsed.good["product"].iloc[0] == ("Перевод на карту" if text == "cyrillic" else "Card to account")


def test_binary_data_with_zero_bytes_is_still_called_binary() -> None:
    parsed = benchmark.parse_price_list(bytes(range(256)) * 20, "x.csv")
    assert parsed.file_problem and "binary data" in str(parsed.bad["reason"].iloc[0])


@pytest.mark.parametrize("size", [131_073, 600_000])
def test_a_csv_with_a_cell_over_128_kb_is_read(size: int) -> None:
    parsed = benchmark.parse_price_list(_template_csv("x" * size).encode(), "prices.csv")
    assert not parsed.file_problem, [str(r) for r in parsed.bad["reason"]]
    assert len(parsed.good) + len(parsed.bad) == len(template_frame())


FORMULAS = ['=HYPERLINK("https://evil.example","Cheapest")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "=1+1"]


def test_excel_downloads_neutralise_formula_cells_column_names_and_notes() -> None:
    frame = pd.DataFrame({"firm": FORMULAS, "=cost": [1.0] * len(FORMULAS), "note": ["fine"] * len(FORMULAS)})
    data = benchmark.to_excel({"Benchmark": frame, "Bad: [sheet]?": frame}, notes=["=cmd|' /C calc'!A0", "ok"])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Benchmark", "Bad_ _sheet__", "About"]
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (ws.title, cell.value)
    firms = [c.value for c in book["Benchmark"]["A"][1:]]
    assert firms == ["'" + f for f in FORMULAS]
    assert book["Benchmark"]["B1"].value == "'=cost" and book["Benchmark"]["B2"].value == 1.0
