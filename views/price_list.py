"""Benchmark a price list: an institution's prices for many corridors against the market, from a CSV or Excel file.

The uploaded file is read in memory and kept in this session's state only: it is never passed to
the shared cache (ui/cached.py caches store data keyed by quarter), never written to the store or
to disk.

The template's column names (sending, fee_usd, …) are the file format and stay English in every
language; what the page and the template's 'Read me' sheet say about them is translated.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import streamlit as st

from remit import benchmark
from remit.corridors import SDG_CORRIDOR_CEILING_PCT
from remit.countries import CountryResolver
from remit.i18n import N_
from ui import cached
from ui.cached import charts
from ui.i18n import _, current, english_pattern, fill_in, from_english
from ui.widgets import chart, citation, download, money, source_line

t = current()
LATEST = "latest"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIMIT_MB = benchmark.MAX_PRICE_LIST_BYTES // 2**20

# --- What remit.benchmark writes, in the reader's language ------------------------------------------------
# remit.benchmark writes its reasons and notes in English. The messages below are its wording with the
# varying parts as {placeholders}; a text that matches one is shown translated, anything else as it is.
# Placeholders named in TERMS hold a word from the lists below (a separator, a payout method) and are
# translated too; {reason} and {problems} hold messages of their own.

TERM_WORDS = (
    N_("comma"), N_("semicolon"), N_("tab"),
    N_("a vertical bar (|)"), N_("a colon (:)"), N_("a caret (^)"), N_("a tilde (~)"),
    N_("UTF-8 (with byte-order mark)"), N_("Windows-1251 (Cyrillic)"), N_("Windows-1252 (Western European)"),
    N_("rename it fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount sent)"),
    N_("rename it amount_usd (the amount sent in US dollars; leave it blank for 200)"),
    N_("rename it fx_margin_pct (the exchange-rate margin in %)"),
    N_("Bank"), N_("Money Transfer Operator"), N_("Post office"), N_("Mobile operator"),
    N_("Cash"), N_("Account"), N_("Card"), N_("Online"), N_("Bank account"), N_("Mobile wallet"),
    N_("the quarter chosen"), N_("the corridor's latest quarter with data"),
    N_("the latest quarter with data for every corridor"),
)  # fmt: skip
TERMS = {"advice", "label", "other", "delimiter", "encoding", "terms"}
_ENGLISH_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+\.\d+")

FILE_PROBLEMS = (
    N_("The file could not be read ({error}). Save it again as CSV or .xlsx."),
    N_("'{name}' is empty (0 bytes). Download the template, fill it in and upload it again."),
    N_(
        "'{name}' is {size}; price lists are limited to {limit} (room for about {rows} products). Split it into "
        "several files, or remove pictures and other sheets."
    ),
    N_(
        "'{name}' is {size}; price lists are limited to {limit}. Split it into several files, or remove pictures "
        "and other sheets."
    ),
    N_("'{name}' says it is {encoding} text but is not: save it again as CSV UTF-8."),
    N_(
        "'{name}' is not a CSV text file or an Excel workbook (it holds binary data). Save the price list as CSV "
        "UTF-8 or as an Excel .xlsx workbook and upload it again."
    ),
    N_("'{name}' has no rows: it is blank."),
    N_("'{name}' has a header row (row {row}) but no product rows under it."),
    N_("The file's quotes do not pair up ({error}); check for a stray \" character."),
    N_(
        "The columns are separated by {label}. Use a comma, semicolon or tab (in Excel: File → Save as → CSV "
        "UTF-8), or upload the .xlsx workbook."
    ),
    N_(
        "No header row with the template's column names was found (looked for sending, receiving, fee_usd or "
        "fee_pct, fx_margin_pct… in the first rows; the first row reads '{first}'). Start from the template."
    ),
    N_(
        "No header row with the template's column names was found (looked for sending, receiving, fee_usd or "
        "fee_pct, fx_margin_pct… in the first rows; the first row has: {first}). Start from the template."
    ),
    N_("'{name}' looks like an Excel workbook but is damaged (the zip inside cannot be opened). Save it again."),
    N_("'{name}' is a zip archive or a Word/PowerPoint file, not an Excel workbook. Upload a .csv or .xlsx."),
    N_(
        "'{name}' unpacks to {size}, more than a price list needs (limit {limit}). Save only the price-list sheet, "
        "or upload it as CSV."
    ),
    N_("'{name}' has no worksheet."),
    N_("'{name}' is protected by a password. Remove the password (or save as CSV) and upload it again."),
    N_("'{name}' cannot be read as an Excel workbook ({error}). Save it again as .xlsx or CSV."),
    N_("The file has more than {limit} product rows; only the first {read} were read. Split it into several files."),
    N_("{problems} Columns found in row {row}: {found}."),
)
COLUMN_PROBLEMS = (  # sentences of "{problems}" above, one after the other
    N_("The column '{column}' does not say its unit: {advice}."),
    N_("Two columns mean {column}: '{first}' and '{second}'. Keep one."),
    N_("The column {column} is missing (required: sending and receiving country)."),
    N_("The columns sending and receiving are missing (required: sending and receiving country)."),
    N_("No fee column: add fee_usd (the fee in US dollars) or fee_pct (the fee as % of the amount)."),
    N_(
        "The column mid_rate is missing: with exchange_rate the mid-market rate is needed to work out the margin, "
        "or give fx_margin_pct."
    ),
    N_(
        "No exchange-rate margin column: add fx_margin_pct (0 when no currency is converted), or exchange_rate and "
        "mid_rate."
    ),
)
ROW_REASONS = (  # the '; '-separated parts of a row's reason
    N_("{reason} — it looks garbled, so the file's encoding is wrong: save it again as CSV UTF-8"),
    N_(
        "{column} '{value}' has characters lost in an earlier conversion (shown as �): the file's encoding is "
        "wrong, save it again as CSV UTF-8"
    ),
    N_("sending country is missing"),
    N_("receiving country is missing"),
    N_("unknown sending country '{value}' (did you mean {names}?)"),
    N_("unknown receiving country '{value}' (did you mean {names}?)"),
    N_("unknown sending country '{value}'"),
    N_("unknown receiving country '{value}'"),
    N_("sending and receiving country are the same ({code})"),
    N_("{column} '{value}' is not a number"),
    N_("{column} '{value}' is not a finite number"),
    N_("{column} is not a finite number"),
    N_("{column} '{value}' is a date or time, not a number"),
    N_("amount_usd must be above zero (found {value})"),
    N_("no fee: fill in fee_usd or fee_pct (0 for a transfer without a fee)"),
    N_("negative fee ({column} {value})"),
    N_("fee_pct {value} is 100% or more of the amount sent"),
    N_("fee_usd {fee} is as large as the amount sent ({amount}): nothing would arrive"),
    N_("fee_usd {fee} and fee_pct {pct} disagree (US$ {usd} is {share}% of {amount}): keep one"),
    N_("mid_rate is given but exchange_rate is missing"),
    N_("exchange_rate is given but mid_rate is missing"),
    N_("exchange_rate must be above zero"),
    N_("mid_rate must be above zero"),
    N_(
        "exchange_rate {rate} and mid_rate {mid} differ by more than half: is one of them inverted? Quote both as "
        "units of the receiving currency for one unit of the sending currency"
    ),
    N_("no FX margin: fill in fx_margin_pct (0 when no currency is converted) or exchange_rate and mid_rate"),
    N_("fx_margin_pct {value} is 100% or more: the margin is a percentage of the amount"),
    N_("fx_margin_pct {value} is below {limit}%: was a rate quoted the other way round?"),
    N_("fx_margin_pct {value} disagrees with exchange_rate and mid_rate (which give {margin}%): keep one"),
    N_("transfers_per_year must be above zero (found {value})"),
    N_(
        "has 1 value ('{value}') where the header has {width} columns: the values seem to be separated by a "
        "{other} while the header uses a {delimiter}"
    ),
    N_("has 1 value ('{value}') where the header has {width} columns"),
    N_(
        "has {n} values where the header has {width} columns (a value may contain a {delimiter}: put it in double "
        "quotes)"
    ),
)
NOTES = (  # the '; '-separated parts of a product's note
    N_("negative FX margin (a better rate than mid-market, e.g. a promotion)"),
    N_("slower than 5 days: would not count for SmaRT"),
    N_("no cost data for this corridor: the World Bank does not survey it"),
    N_("no corridor average in {period} (the corridor's latest is {latest})"),
    N_("no surveyed service of the same kind ({terms}) in {period}"),
    N_("no provider prices for this corridor in {period}"),
)
TEMPLATE_TEXTS = (  # remit.benchmark.TEMPLATE_COLUMNS and TEMPLATE_NOTES
    N_("optional"),
    N_("required"),
    N_("one of fee_usd, fee_pct"),
    N_("one of fx_margin_pct, or exchange_rate with mid_rate"),
    N_("Your name for the product; shown in the results."),
    N_("Sending country: ISO3 code (RUS) or name (Russian Federation). Kosovo: XKX or KSV."),
    N_("Receiving country: ISO3 code or name."),
    N_("Amount sent, in US dollars (convert at the mid-market rate). Blank: 200, the amount the World Bank surveys."),
    N_("The fee for this amount, in US dollars."),
    N_("The fee as % of the amount sent. Use it for fees set in local currency: fee ÷ amount × 100."),
    N_(
        "Your exchange-rate margin in %: (mid-market rate − your rate) ÷ mid-market rate × 100. 0 when no currency "
        "is converted."
    ),
    N_("Your customer rate: units of the receiving currency for one unit of the sending currency."),
    N_("The mid-market (interbank) rate at the same moment, quoted the same way as exchange_rate."),
    N_(
        "How fast the money arrives: Less than one hour, Same day, Next day, 2 days, 3-5 days, 6 days or more. Over "
        "5 days does not count for SmaRT."
    ),
    N_("How the money is received (pickup method): Cash, Bank account, Mobile wallet, Card. Used for peer groups."),
    N_("Bank, Money Transfer Operator, Post office or Mobile operator. Used for peer groups."),
    N_("How the sender pays: Cash, Account, Card, Online. Used for peer groups."),
    N_("Your yearly volume for this product, to put the gaps in money a year. Blank: the volume set on the page."),
    N_("One row per corridor and product. Column names are matched ignoring case, spaces and punctuation."),
    N_(
        "Give the fee in US dollars (fee_usd) or as % of the amount sent (fee_pct), and the exchange-rate margin "
        "(fx_margin_pct) or your rate with the mid-market rate (exchange_rate, mid_rate)."
    ),
    N_(
        "Numbers may use a decimal point, or a decimal comma in semicolon- or tab-separated files; a trailing % is "
        "ignored."
    ),
    N_(
        "CSV in UTF-8, Windows-1251 (Cyrillic) or Windows-1252; comma, semicolon or tab separated. Excel .xlsx, "
        ".xls or .ods (the sheet named 'Price list', else the first sheet)."
    ),
    N_("At most {rows} rows and {mb} MB per file."),
    N_("Rows marked EXAMPLE are examples: replace them with your products."),
)


def _fill(name: str, text: str) -> object:
    """A placeholder's value in the reader's language: a reason or problems of their own, a term, a number."""
    if name == "reason":
        return _part(text, ROW_REASONS)
    if name == "problems":
        return _sentences(text)
    if name in TERMS:
        return " · ".join(_(v) for v in text.split(" · "))
    if _ENGLISH_NUMBER.fullmatch(text):  # 10,000 / 1,234.5 as the library wrote them
        return t.number(float(text.replace(",", "")), len(text.partition(".")[2]))
    return text


def _part(text: str, msgids: tuple[str, ...]) -> str:
    """text translated when it is one of msgids (placeholders filled from it), else as it is."""
    done = from_english(text, msgids, fill=_fill)
    return text if done is None else done


def _sentences(text: str) -> str:
    """Column problems one after the other ('The column … Keep one. No fee column: …')."""
    out = []
    while text:
        for msgid in COLUMN_PROBLEMS:
            found = english_pattern(msgid).match(text)
            if found and text[found.end() : found.end() + 1] in ("", " "):
                out.append(fill_in(msgid, found, fill=_fill))
                text = text[found.end() :].lstrip(" ")
                break
        else:
            out.append(text)
            break
    return " ".join(out)


def library(text: object, msgids: tuple[str, ...] = FILE_PROBLEMS + TEMPLATE_TEXTS) -> object:
    """A whole message of remit.benchmark in the reader's language."""
    return _part(text, msgids) if isinstance(text, str) and t.code != "en" else text


def listed(text: object, msgids: tuple[str, ...] = NOTES) -> object:
    """A '; '-separated list of notes or reasons in the reader's language, as one sentence when it was one."""
    if not isinstance(text, str) or t.code == "en":
        return text
    sentence = msgids is ROW_REASONS
    body = text[:-1] if sentence and text.endswith(".") else text
    out = []
    for i, piece in enumerate(body.split("; ")):
        done = _part(piece, msgids)
        if done == piece and i == 0 and sentence:  # the first reason was given a capital letter
            lower = piece[:1].lower() + piece[1:]
            done = _part(lower, msgids)
            done = piece if done == lower else done
        out.append(done)
    joined = "; ".join(out)
    if not sentence:
        return joined
    joined = joined if "_" in joined.split(" ", 1)[0] else joined[:1].upper() + joined[1:]
    return joined if joined.endswith(("?", "!", ".")) else joined + "."


def describe(parsed: benchmark.PriceList) -> str:
    """'CSV, UTF-8, semicolon-separated' / 'Excel, sheet Price list' (PriceList.describe, translated)."""
    if parsed.file_format == "CSV":
        separated = {
            "comma": _("comma-separated"),
            "semicolon": _("semicolon-separated"),
            "tab": _("tab-separated"),
        }.get(parsed.delimiter or "")
        return ", ".join(p for p in ("CSV", library(parsed.encoding, TERM_WORDS), separated) if p)
    if parsed.file_format == "Excel":
        return _("Excel, sheet '{sheet}'", sheet=parsed.sheet) if parsed.sheet else "Excel"
    return _("unreadable file")


def template_excel() -> bytes:
    """The template workbook; its 'Read me' and 'Notes' sheets in the reader's language."""
    if t.code == "en":
        return benchmark.template_excel()
    guide = benchmark.template_guide()
    readme = pd.DataFrame(
        {
            _("Column"): guide["column"],
            _("Needed"): guide["needed"].map(library),
            _("Meaning"): guide["meaning"].map(library),
        }
    )
    notes = pd.DataFrame({_("Notes"): [library(n) for n in benchmark.TEMPLATE_NOTES]})
    sheets = {  # the sheets' names are part of the file format
        "Price list": benchmark.template_frame(),  # i18n: not text
        "Read me": readme,  # i18n: not text
        "Notes": notes,
    }
    return benchmark.to_excel(sheets)


def plain(text: str) -> str:
    """Text from the user's file shown as it is, not as Markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~$])", r"\\\1", text)


st.title(_("Benchmark a price list"))
st.caption(
    _(
        "For banks and money transfer operators with prices in many corridors: upload them in one file and see each "
        "product against its corridor's average, the SDG 3% target and 5% ceiling, and — where the World Bank's "
        "provider-level prices are loaded — the cheapest services, SmaRT and services of the same kind."
    )
)
st.info(
    _(
        "Your file stays in this browser session. It is read in memory, never written to the data store or to disk, "
        "and it is gone when you close the tab."
    ),
    icon=":material/lock:",
)

st.subheader(_("1. Fill in the template"))
t1, t2, _space = st.columns([1, 1, 2])
t1.download_button(
    _("Template (CSV)"),
    benchmark.template_csv(),
    file_name="remit-price-list-template.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    key="pl_template_csv",
)
t2.download_button(
    _("Template (Excel)"),
    template_excel(),
    file_name="remit-price-list-template.xlsx",
    mime=XLSX,
    on_click="ignore",
    icon=":material/download:",
    key="pl_template_xlsx",
)
with st.expander(_("What goes in each column")):
    guide = benchmark.template_guide()
    st.markdown(
        f"| {_('Column')} | {_('Needed')} | {_('Meaning')} |\n|---|---|---|\n"
        + "\n".join(f"| `{r.column}` | {library(r.needed)} | {library(r.meaning)} |" for r in guide.itertuples())
    )
    st.markdown("\n".join(f"- {library(n)}" for n in benchmark.TEMPLATE_NOTES))

st.subheader(_("2. Upload it"))
upload = st.file_uploader(
    _("Your price list (CSV or Excel)"),
    type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"],
    key="pl_upload",
    max_upload_size=LIMIT_MB,
    help=_(
        "Up to {mb} MB and {rows} products: far more than a price list needs, and small enough that a wrong file "
        "cannot tie up the app.",
        mb=LIMIT_MB,
        rows=t.number(benchmark.MAX_PRICE_LIST_ROWS),
    ),
)
periods = cached.periods()["period"].tolist()[::-1]
s1, s2 = st.columns(2)
when = s1.selectbox(
    _("Compare with"),
    [LATEST, *periods],
    format_func=lambda p: (
        t("Each corridor's latest quarter with data") if p == LATEST else t("The quarter {period}", period=p)
    ),
    key="pl_period",
)
volume = s2.number_input(
    _("Transfers a year per product"),
    min_value=1,
    max_value=100_000_000,
    value=10_000,
    step=1_000,
    key="pl_volume",
    help=_("Used for products without a transfers_per_year value in the file, to put the gaps in money a year."),
)

if upload is None:
    st.caption(_("Upload a file to see the benchmark. The template's example rows show the layout."))
    st.stop()

content = upload.getvalue()
fingerprint = hashlib.sha256(content).hexdigest() + upload.name
if st.session_state.get("_pl_fingerprint") != fingerprint:
    countries = CountryResolver.from_table(cached.countries()[["iso3", "name"]].itertuples(index=False))
    st.session_state["_pl_parsed"] = benchmark.parse_price_list(content, upload.name, countries=countries)
    st.session_state["_pl_fingerprint"] = fingerprint
parsed: benchmark.PriceList = st.session_state["_pl_parsed"]
good, bad = parsed

if parsed.file_problem:
    st.error(
        _(
            "**{name} could not be benchmarked.** {reason}",
            name=upload.name,
            reason=library(bad["reason"].iloc[0]),
        ),
        icon=":material/error:",
    )
    st.stop()

row_bad = bad.dropna(subset=["row"])
row_bad = row_bad.assign(reason=row_bad["reason"].map(lambda r: listed(r, ROW_REASONS)))
st.markdown(
    _(
        "Read **{rows} product rows** from *{name}* ({file}): **{good} benchmarked**, **{bad} with problems**.",
        rows=t.number(parsed.rows_read),
        name=upload.name,
        file=describe(parsed),
        good=t.number(len(good)),
        bad=t.number(len(row_bad)),
    )
)
extras = []
if parsed.ignored_columns:
    extras.append(_("Columns not used: {columns}.", columns=", ".join(parsed.ignored_columns)))
if parsed.blank_rows:
    extras.append(_("{n} blank rows skipped.", n=t.number(parsed.blank_rows)))
if extras:
    st.caption(" ".join(extras))
for note in parsed.notes:
    st.warning(library(note))

if len(row_bad):
    explained = _(
        "Each is listed with every reason; row numbers are as in your file (the header is the first row of a CSV). "
        "Fix them and upload the file again."
    )
    st.warning(
        _("**{n} row could not be benchmarked.** {explained}", n=t.number(len(row_bad)), explained=explained)
        if len(row_bad) == 1
        else _("**{n} rows could not be benchmarked.** {explained}", n=t.number(len(row_bad)), explained=explained),
        icon=":material/warning:",
    )
    why = _("Why it cannot be benchmarked")
    st.dataframe(
        row_bad[["row", "reason", "product", "sending", "receiving"]].rename(
            columns={
                "row": _("Row"),
                "product": _("Product"),
                "sending": _("Sending"),
                "receiving": _("Receiving"),
                "reason": why,
            }
        ),
        hide_index=True,
        placeholder="–",
        column_config={why: st.column_config.TextColumn(width=560)},
        height=min(36 * (len(row_bad) + 1) + 2, 440),
    )
    with st.expander(_("Every reason in full")):
        st.markdown(
            "\n".join(
                _("- **Row {row}** ({product}): {reason}", row=r.row, product=plain(r.product), reason=plain(r.reason))
                if isinstance(r.product, str)
                else _("- **Row {row}**: {reason}", row=r.row, reason=plain(r.reason))
                for r in row_bad.head(500).itertuples()
            )
        )
    download(
        benchmark.safe_for_spreadsheet(row_bad),
        f"price-list-problems-{upload.name}",
        _("Your own price list, checked by remit."),
    )

if good.empty:
    st.stop()

has_providers = cached.has_provider_data()
results = benchmark.benchmark_frame(
    good,
    cached.benchmark_corridor_costs(),
    cached.benchmark_services if has_providers else None,
    fallback_period=cached.benchmark_fallback_period(),
    period=None if when == LATEST else when,
    transfers_per_year=float(volume),
)
with_avg = results.dropna(subset=["corridor_average_pct"])
with_services = results[results["services_n"].fillna(0) > 0]
used = list(dict.fromkeys([*results["source_id"].dropna().unique(), *(["rpw_provider"] if len(with_services) else [])]))
cite, short = citation(*used), source_line(used)
quarters = sorted(results["period"].unique())
quarter_text = quarters[0] if len(quarters) == 1 else f"{quarters[0]}–{quarters[-1]}"

st.subheader(_("3. Where your prices sit"))
basis = (
    _("each corridor's latest quarter with data ({quarters})", quarters=quarter_text)
    if when == LATEST
    else _("{period}, the quarter chosen ({quarters})", period=when, quarters=quarter_text)
)
st.markdown(
    _(
        "Each product against its corridor in {basis}. Gaps are your price minus the level: above zero is dearer.",
        basis=basis,
    )
)
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    _("Products benchmarked"),
    t.number(len(results)),
    help=_("{n} of them in corridors with an average.", n=t.number(len(with_avg))),
)
m2.metric(
    _("Dearer than the corridor average"),
    _(
        "{count} of {total}",
        count=t.number(int((with_avg["gap_to_average_pp"] > 0).sum())),
        total=t.number(len(with_avg)),
    ),
    help=_("Products whose total cost is above their corridor's average in the quarter compared."),
)
m3.metric(
    _("Above the {ceiling} SDG ceiling", ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0)),
    t.number(int((results["total_cost_pct"] > SDG_CORRIDOR_CEILING_PCT).sum())),
)
yearly = with_avg["gap_to_average_usd_per_year"].sum()
m4.metric(
    _("Net gap a year"),
    ("+" if yearly > 0 else "−" if yearly < 0 else "") + money(abs(yearly)),
    help=_(
        "Sum over products of amount × gap ÷ 100 × transfers a year: what your customers pay above (+) or below (−) "
        "the corridor averages in a year, at the volumes given."
    ),
)
without = results[results["corridor_average_pct"].isna()]
if len(without):
    st.caption(
        _(
            "{n} products have no corridor average to compare with (the World Bank does not survey the corridor, or "
            "not in that quarter): they are compared with the SDG levels and with all corridors only.",
            n=t.number(len(without)),
        )
    )

chart(
    charts.price_list_scatter(
        results,
        _("Your prices vs corridor averages (%)"),
        _("{n} products, corridor averages in {basis}", n=t.number(len(with_avg)), basis=basis),
        short,
        t=t,
    ),
    results[["row", "product", "corridor", "period", "total_cost_pct", "corridor_average_pct", "gap_to_average_pp"]],
    "price-list-vs-corridor-average",
    cite,
)

COLUMNS = {  # the most telling first, so a phone shows them without scrolling sideways
    "row": _("Row"),
    "product": _("Product"),
    "corridor": _("Corridor"),
    "total_cost_pct": _("Your total cost (%)"),
    "corridor_average_pct": _("Corridor average (%)"),
    "gap_to_average_pp": _("Gap to average (pp)"),
    "gap_to_average_usd_per_year": _("Gap to average a year (US$)"),
    "rank_among_services": _("Rank among services"),
    "rank_of": _("Of"),
    "smart_pct": _("SmaRT (%)"),
    "gap_to_smart_pp": _("Gap to SmaRT (pp)"),
    "cheapest_pct": _("Cheapest (%)"),
    "peer_average_pct": _("Peer average (%)"),
    "gap_to_peer_pp": _("Gap to peers (pp)"),
    "gap_to_3pct_pp": _("Gap to 3% (pp)"),
    "gap_to_5pct_pp": _("Gap to 5% (pp)"),
    "percentile_among_corridor_averages": _("Percentile among corridors"),
    "period": _("Quarter"),
    "amount_usd": _("Amount (US$)"),
    "note": _("Note"),
}
shown = results[[c for c in COLUMNS if c in results]]
if not len(with_services):
    shown = shown.drop(columns=[c for c in COLUMNS if c in benchmark.SERVICE_RESULT_COLUMNS and c in shown])
table = shown.assign(note=shown["note"].map(listed)).rename(columns=COLUMNS)
fmt = {v: st.column_config.NumberColumn(format="%.2f") for k, v in COLUMNS.items() if k.endswith("_pct")}
fmt |= {v: st.column_config.NumberColumn(format="%+.2f") for k, v in COLUMNS.items() if k.endswith("_pp")}
fmt |= {
    COLUMNS["gap_to_average_usd_per_year"]: st.column_config.NumberColumn(format="%+,.0f"),
    COLUMNS["percentile_among_corridor_averages"]: st.column_config.NumberColumn(format="%.0f"),
    COLUMNS["amount_usd"]: st.column_config.NumberColumn(format="%,.0f"),
    COLUMNS["note"]: st.column_config.TextColumn(width="large"),
}
st.dataframe(table, hide_index=True, placeholder="–", column_config=fmt, height=min(36 * (len(table) + 1) + 2, 520))
st.caption(
    _(
        "Percentile among corridors: the share of all corridor averages that quarter cheaper than your price (0 = "
        "cheaper than every corridor). The downloads have every column: fee and margin, gaps in US$ per transfer and "
        "a year to each level, the distribution of corridor averages, services and peer groups."
    )
)
download(benchmark.safe_for_spreadsheet(results), "price-list-benchmark", cite)
st.download_button(
    _("Download Excel"),
    benchmark.to_excel(
        {"Benchmark": results, "Problems": bad, "Corridors": benchmark.corridor_spread(results)},
        notes=[
            _("Your price list {name}, benchmarked by remit against {basis}.", name=upload.name, basis=basis),
            _(
                "Total cost = fee % + FX margin %; gap = your total cost − the level (pp), × amount ÷ 100 per "
                "transfer, × transfers a year."
            ),
            _("Cite: {cite}", cite=cite),
        ],
    ),
    file_name="price-list-benchmark.xlsx",
    mime=XLSX,
    on_click="ignore",
    icon=":material/download:",
    key="pl_results_xlsx",
    help=_("Three sheets: every benchmarked product with all columns, the rows with problems, and the corridors."),
)

st.subheader(_("4. Spread and providers per corridor"))
spread = benchmark.corridor_spread(results)
if len(with_services):
    st.markdown(
        _(
            "For each corridor in your list: the services surveyed and their providers, the cheapest and the most "
            "expensive, and the spread between them (services that disclose their exchange rate, sending USD 200)."
        )
    )
else:
    spread = spread.drop(
        columns=["services_n", "providers_n", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct"]
    )
    st.info(
        _(
            "The spread between the cheapest and the most expensive services, the number of providers, SmaRT and peer "
            "groups (same firm type, payment instrument and payout) need the World Bank's provider-level prices. Load "
            "the complete dataset in one step on the Data & methods page; until then, each corridor's average is "
            "shown."
        )
    )
    st.page_link(
        "views/data_methods.py",  # i18n: not text (a page)
        label=_("Load the complete dataset"),
        icon=":material/upload:",
    )
spread_headers = {
    "corridor": _("Corridor"),
    "sending_name": _("From"),
    "receiving_name": _("To"),
    "period": _("Quarter"),
    "corridor_average_pct": _("Average (%)"),
    "services_n": _("Services"),
    "providers_n": _("Providers"),
    "cheapest_pct": _("Cheapest (%)"),
    "most_expensive_pct": _("Most expensive (%)"),
    "spread_pp": _("Spread (pp)"),
    "smart_pct": _("SmaRT (%)"),
    "products_n": _("Your products"),
}
codes = spread["corridor"].str.split("-", n=1, expand=True) if len(spread) else None
st.dataframe(
    spread.assign(
        sending_name=[t.country(c, n) for c, n in zip(codes[0], spread["sending_name"], strict=True)]
        if codes is not None
        else spread["sending_name"],
        receiving_name=[t.country(c, n) for c, n in zip(codes[1], spread["receiving_name"], strict=True)]
        if codes is not None
        else spread["receiving_name"],
    ).rename(columns=spread_headers),
    hide_index=True,
    placeholder="–",
    column_config={
        spread_headers[c]: st.column_config.NumberColumn(format="%.2f")
        for c in ("corridor_average_pct", "cheapest_pct", "most_expensive_pct", "spread_pp", "smart_pct")
    },
    height=min(36 * (len(spread) + 1) + 2, 440),
)
download(spread, "price-list-corridors", cite)
