"""Benchmark a price list: an institution's prices for many corridors against the market, from a CSV or Excel file.

The uploaded file is read in memory and kept in this session's state only: it is never passed to
the shared cache (ui/cached.py caches store data keyed by quarter), never written to the store or
to disk.

The template's column names (sending, fee_usd, …) are the file format and stay English in every
language; what the page and the template's 'Read me' sheet say about them is translated.

A short script of named sections (ui/price_list_sections.py draws the results). Session state:
- pl_upload: the uploaded file (Streamlit's file uploader); pl_period ("latest" or a quarter) and pl_volume
  (transfers a year for products without their own): widget keys, kept for the session;
- _pl_fingerprint, _pl_parsed: the parsed upload (remit.benchmark.PriceList) and the SHA-256 + name of the
  file it came from; set when a different file is uploaded, so the file is parsed once, not on every rerun.
"""

from __future__ import annotations

import hashlib

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from remit import benchmark, safe
from remit.countries import CountryResolver
from ui import cached
from ui import price_list_sections as sections
from ui.benchmark_sections import said
from ui.i18n import _, _n, current, say
from ui.widgets import download, file_uploader

LATEST = "latest"
LIMIT_MB = benchmark.MAX_PRICE_LIST_BYTES // 2**20
NAME_CHARS = 80  # the uploaded file's name, a sheet, a column or a product, as the page repeats them


def render_intro() -> None:
    st.title(_("Benchmark a price list"))
    st.caption(
        _(
            "For banks and money transfer operators with prices in many corridors: upload them in one file and see "
            "each product against its corridor's average, the SDG 3% target and 5% ceiling, and — where the World "
            "Bank's provider-level prices are loaded — the cheapest services, SmaRT and services of the same kind."
        )
    )
    st.info(
        _(
            "Your file stays in this browser session. It is read in memory, never written to the data store or to "
            "disk, and it is gone when you close the tab."
        ),
        icon=":material/lock:",
    )


def render_template() -> None:
    """1. The template to download, and what goes in each column."""
    t = current()
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
        benchmark.template_excel(t),
        file_name="remit-price-list-template.xlsx",
        mime=sections.XLSX,
        on_click="ignore",
        icon=":material/download:",
        key="pl_template_xlsx",
    )
    with st.expander(_("What goes in each column")):
        guide = benchmark.template_guide(t)
        st.markdown(
            f"| {_('Column')} | {_('Needed')} | {_('Meaning')} |\n|---|---|---|\n"
            + "\n".join(f"| `{r.column}` | {r.needed} | {r.meaning} |" for r in guide.itertuples())
        )
        st.markdown("\n".join(f"- {say(n)}" for n in benchmark.TEMPLATE_NOTES))


def render_upload() -> tuple[UploadedFile | None, str, int]:
    """2. The file, the quarter to compare with and the default volume."""
    t = current()
    st.subheader(_("2. Upload it"))
    upload = file_uploader(
        _("Your price list (CSV or Excel)"),
        ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"],
        "pl_upload",
        max_mb=LIMIT_MB,
        help=_(
            "Up to {mb} MB and {rows} products: far more than a price list needs, and small enough that a wrong "
            "file cannot tie up the app.",
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
    return upload, when, volume


def parsed_upload(upload: UploadedFile) -> benchmark.PriceList:
    """The upload parsed once per file (kept in this session's state, never in the shared cache)."""
    content = upload.getvalue()
    fingerprint = hashlib.sha256(content).hexdigest() + upload.name
    if st.session_state.get("_pl_fingerprint") != fingerprint:
        countries = CountryResolver.from_table(cached.countries()[["iso3", "name"]].itertuples(index=False))
        st.session_state["_pl_parsed"] = benchmark.parse_price_list(content, upload.name, countries=countries)
        st.session_state["_pl_fingerprint"] = fingerprint
    return st.session_state["_pl_parsed"]


def render_reading(parsed: benchmark.PriceList, name: str) -> None:
    """What was read from the file; stops with the reason when the file cannot be benchmarked at all."""
    t = current()
    good, bad = parsed
    if parsed.file_problem:
        st.error(
            _(
                "**{name} could not be benchmarked.** {reason}",
                name=safe.markdown(name, NAME_CHARS),
                reason=say(bad["reason"].iloc[0], safe.markdown),
            ),
            icon=":material/error:",
        )
        st.stop()
    st.markdown(
        _(
            "Read **{rows} product rows** from *{name}* ({file}): **{good} benchmarked**, **{bad} with problems**.",
            rows=t.number(parsed.rows_read),
            name=safe.markdown(name, NAME_CHARS),
            file=say(parsed.describe(), safe.markdown),
            good=t.number(len(good)),
            bad=t.number(int(bad["row"].notna().sum())),
        )
    )
    extras = []
    if parsed.ignored_columns:
        extras.append(
            _(
                "Columns not used: {columns}.",
                columns=", ".join(safe.markdown(c, NAME_CHARS) for c in parsed.ignored_columns),
            )
        )
    if parsed.blank_rows:
        extras.append(_n("{n} blank row skipped.", "{n} blank rows skipped.", parsed.blank_rows))
    if extras:
        st.caption(" ".join(extras))
    for note in parsed.notes:
        st.warning(say(note, safe.markdown))


def render_problem_rows(parsed: benchmark.PriceList, name: str) -> None:
    """The rows that cannot be benchmarked, each with every reason (in the reader's language)."""
    row_bad = parsed.bad.dropna(subset=["row"])
    if not len(row_bad):
        return
    render = current().render
    row_bad = row_bad.assign(reason=row_bad["reason"].map(lambda r: benchmark.sentence(render(r))))
    explained = _(
        "Each is listed with every reason; row numbers are as in your file (the header is the first row of a CSV). "
        "Fix them and upload the file again."
    )
    st.warning(
        _n(
            "**{n} row could not be benchmarked.** {explained}",
            "**{n} rows could not be benchmarked.** {explained}",
            len(row_bad),
            explained=explained,
        ),
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
                _(
                    "- **Row {row}** ({product}): {reason}",
                    row=r.row,
                    product=safe.markdown(r.product, NAME_CHARS),
                    reason=safe.markdown(r.reason),
                )
                if isinstance(r.product, str)
                else _("- **Row {row}**: {reason}", row=r.row, reason=safe.markdown(r.reason))
                for r in row_bad.head(500).itertuples()
            )
        )
    download(
        benchmark.safe_for_spreadsheet(row_bad),
        f"price-list-problems-{name}",
        _("Your own price list, checked by remit."),
    )


def main() -> None:
    render_intro()
    render_template()
    upload, when, volume = render_upload()
    if upload is None:
        st.caption(_("Upload a file to see the benchmark. The template's example rows show the layout."))
        st.stop()
    parsed = parsed_upload(upload)
    render_reading(parsed, upload.name)
    render_problem_rows(parsed, upload.name)
    if parsed.good.empty:
        st.stop()
    page = sections.benchmarked(parsed, upload.name, None if when == LATEST else when, float(volume))
    sections.render_summary(page)
    sections.render_results(page, problems=parsed.bad.assign(reason=said(parsed.bad["reason"])))
    sections.render_spread(page)


main()
