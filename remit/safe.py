"""Data strings made inert where they become markup: Markdown, chart labels (Plotly's HTML), spreadsheet cells.

File names, provider names, products and notes come from files anyone may upload, and what one visitor
loads is shown to every visitor. Each function here is applied at the one place a string turns into
markup, so that text stays text:

    markdown(name)      Markdown (st.markdown, caption, write, table cells, a "Cite this" line)
    label(name)         a Plotly label, hover text, legend entry or category name (Plotly renders <a href>)
    spreadsheet(frame)  the cells of a CSV or Excel download (a cell starting with = + - @ is a formula)

and published(frame) rounds a download's numbers to the precision the sources publish (no float noise such as
4.86399984359741): csv_bytes applies both.
"""

from __future__ import annotations

import html
import re

import pandas as pd

LABEL_CHARS = 60  # a longer label squashes the plot: cut, with an ellipsis (the full text is in the table)

# A backslash-escaped ASCII punctuation character renders as itself in CommonMark. Escaped: what makes
# links and images ([]()), emphasis (*_~), code (`), HTML and entities (<>&), LaTeX ($), Streamlit's
# directives (:red[...], :material/x:), tables (|), headings (#), and what starts an autolink
# (https://, user@host; www. below). Not escaped, as they act only at the start of a line (which
# _LINE_START handles): - + . and digits.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|~$&:@!])")
_WWW = re.compile(r"(?i)\b(www)\.")
_LINE_START = re.compile(r"^(\d*)([-+=.)])")  # a list item (- + 1. 1)) or a heading underline (=)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: CSV injection


def one_line(text: object, limit: int | None = None) -> str:
    """text on one line (runs of whitespace, newlines included, become one space), cut to `limit`
    characters with an ellipsis."""
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: max(limit - 1, 1)].rstrip() + "…"
    return text


def code(text: object, limit: int = 12) -> str:
    """A code someone typed (a currency: 'RUB', 'руб'): its letters and digits only, at most limit of them, so it
    can stand in Markdown, a widget's label or a chart as it is."""
    return "".join(ch for ch in str(text) if ch.isalnum())[:limit]


def markdown(text: object, limit: int | None = None) -> str:
    """text to put inside Markdown so that it shows as it is: on one line, cut to `limit` characters,
    every character Markdown, HTML, LaTeX or an autolink would act on escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", one_line(text, limit))
    text = _WWW.sub(r"\1\\.", text)
    return _LINE_START.sub(r"\1\\\2", text)


def label(text: object, limit: int | None = LABEL_CHARS) -> str:
    """text for a Plotly label, hover text, legend entry or category: on one line, cut to `limit`
    characters (default LABEL_CHARS), HTML-escaped (Plotly draws <a href>, <b>, <br> and entities)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return html.escape(one_line(text, limit), quote=True)


def labels(values: pd.Series, limit: int | None = LABEL_CHARS) -> pd.Series:
    """label() for each value of a Series (same index)."""
    return values.map(lambda v: label(v, limit))


_LINK_TAG = re.compile(r"(?i)<\s*/?\s*a(?:\s[^>]*)?>")


def without_links(text: str) -> str:
    """Plotly text with its <a ...> and </a> tags dropped (the text between them stays): for titles that
    mix the page's own markup (<br>) with data."""
    return _LINK_TAG.sub("", text)


def cell(value: object) -> object:
    """A spreadsheet cell that cannot run: text starting with = + - @, a tab or a carriage return gets a
    leading apostrophe (the OWASP rule for CSV injection). Numbers and other values are untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of frame whose text cells (and column names) are safe to open in a spreadsheet (cell())."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(cell)
    out.columns = [cell(c) for c in out.columns]
    return out


# Decimals a download keeps, by what a column holds (its name, raw or translated): money 2, exchange rates 6,
# everything else (percentages, percentage points, percentiles, shares, years) 4 as the World Bank publishes %.
_MONEY = re.compile(r"(?i)(usd|lcu|eur|rub|us\$|\$|amount|money|долл|руб|сумм)")
_RATE = re.compile(r"(?i)(rate|курс)(?!.*(pct|%|margin|маржа|наценк))")
MONEY_DECIMALS, RATE_DECIMALS, OTHER_DECIMALS = 2, 6, 4


def decimals(column: object) -> int:
    """How many decimals a column's numbers keep in a download ('gap_usd' 2, 'fx_rate_200' 6, 'fee_pct' 4)."""
    name = str(column)
    if re.search(r"(?i)(pct|_pp\b|%|percentile|share)", name):
        return OTHER_DECIMALS
    if _RATE.search(name):
        return RATE_DECIMALS
    if _MONEY.search(name):
        return MONEY_DECIMALS
    return OTHER_DECIMALS


def published(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of frame with every float column rounded to decimals(column): the precision the sources publish."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(decimals(col))
        elif out[col].dtype == object:
            digits = decimals(col)
            out[col] = out[col].map(lambda v, d=digits: round(v, d) if isinstance(v, float) else v)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """frame as a UTF-8 CSV download: numbers at the published precision (published()), every text cell
    neutralised (spreadsheet())."""
    return spreadsheet(published(frame)).to_csv(index=False).encode("utf-8")
