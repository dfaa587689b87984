"""Data & methods: every source with vintage, coverage and licence; the formulas; the gaps."""

from __future__ import annotations

from datetime import date

import streamlit as st

from remit import safe
from remit.costs import age_message, why_they_differ
from remit.countries import CODE_OVERRIDES, NAME_OVERRIDES
from remit.errors import RemitError
from remit.update import Offline
from ui import cached
from ui.cached import imports_allowed
from ui.i18n import _, _n, current, say
from ui.widgets import CITED_CHARS, file_uploader

FILE_CHARS = 80  # an uploaded workbook's name, as the page repeats it

t = current()
st.title(_("Data & methods"))
info = cached.info()
st.markdown(
    _(
        "remit ships real public data from the World Bank and KNOMAD and builds its store from it on first start. "
        "The store holds **{corridors} corridors** ({sending} sending and {receiving} receiving countries) from "
        "**{first} to {last}**, and remittance flows for every economy from {first_year} to {last_year}.",
        corridors=info.corridors,
        sending=info.sending_countries,
        receiving=info.receiving_countries,
        first=info.period_first,
        last=info.period_last,
        first_year=info.flow_years[0],
        last_year=info.flow_years[1],
    )
)

st.header(_("Provider-level prices"))
report = cached.provider_import()
if report:
    st.success(
        _n(
            "Loaded: **{rows} provider prices** from {file} ({first}–{last}, {n} corridor), imported "
            "{date}. Corridor averages for these quarters are computed from it and replace the shipped ones.",
            "Loaded: **{rows} provider prices** from {file} ({first}–{last}, {n} corridors), imported "
            "{date}. Corridor averages for these quarters are computed from it and replace the shipped ones.",
            int(report["corridors"]),
            rows=t.number(report["rows"]),
            file=safe.markdown(report["file"], FILE_CHARS),
            first=report["periods"][0],
            last=report["periods"][-1],
            date=t.date(date.fromisoformat(report["imported_at_utc"][:10])),
        )
    )
    flags = report["flags"]
    st.caption(
        _(
            "Kept and flagged: {non_transparent} services that do not disclose their exchange rate (left out of "
            "averages), {negative} negative FX margins, {mismatch} totals that differ from fee + margin, "
            "{placeholder} placeholder rates. Rejected: {rejected} rows.",
            non_transparent=t.number(flags["non_transparent"]),
            negative=t.number(flags["negative_fx_margin"]),
            mismatch=t.number(flags["total_cost_mismatch"]),
            placeholder=t.number(flags["placeholder_rate"]),
            rejected=t.number(report["rejected_rows"]),
        )
    )
else:
    st.info(
        _(
            "The shipped data has corridor averages only. To compare providers and benchmark services, load the "
            "World Bank's **Remittance Prices Worldwide (Complete Dataset)**: download the workbook "
            "(`rpw_dataset_2011_YYYY_qN.xlsx`, about 50 MB) from remittanceprices.worldbank.org → Data download, "
            "then upload it here or run `python -m remit import-rpw PATH`."
        )
    )
if not imports_allowed():
    st.caption(
        _(
            "Loading data is switched off on this server (REMIT_ALLOW_IMPORT=0): an administrator loads the workbook "
            "with `python -m remit import-rpw PATH` on the server, so that no visitor can change what everyone sees."
        )
    )
else:
    upload = file_uploader(
        _("Upload the RPW complete-dataset workbook (.xlsx)"),
        ["xlsx"],
        key="rpw_upload",
        help=_(
            "Imported into data/imported/ and used to rebuild the store. A file that fails validation changes nothing."
        ),
    )
    if upload is not None and st.button(_("Import this workbook"), type="primary"):
        bar = st.progress(0.0, text=_("Importing…"))
        try:
            result = cached.import_rpw(upload, lambda frac, step: bar.progress(min(frac, 1.0), text=say(step)))
        except RemitError as exc:
            bar.empty()
            st.error(
                _(
                    "The workbook was not imported: {problem} Nothing that was loaded before has changed.",
                    problem=safe.markdown(say(exc.message)),
                )
            )
        else:
            bar.empty()
            st.success(
                _(
                    "Imported {rows} provider prices ({rejected} rows rejected). Reloading…",
                    rows=t.number(result["rows"]),
                    rejected=t.number(result["rejected_rows"]),
                )
            )
            st.rerun()

st.header(_("Get the latest World Bank data"))
if not imports_allowed():
    st.caption(
        _(
            "Updating is switched off on this server (REMIT_ALLOW_IMPORT=0): an administrator runs "
            "`python -m remit update` on the server."
        )
    )
else:
    st.markdown(
        _(
            "Downloads the newest Remittance Prices Worldwide workbook from the World Bank's data catalog, the "
            "remittance, GDP and population indicators, and the UN's SDG 10.c.1 series after 2021, then rebuilds "
            "the data, as `python -m remit update` does. It needs internet and takes a few minutes; if anything "
            "fails, the data already here stays as it is."
        )
    )
    if st.button(_("Get the latest World Bank data"), key="update_data", icon=":material/cloud_download:"):
        bar = st.progress(0.0, text=_("Updating…"))
        try:
            result = cached.update_data(lambda frac, message: bar.progress(min(max(frac, 0.0), 1.0), text=say(message)))
        except Offline:
            bar.empty()
            st.warning(
                _(
                    "No connection to the World Bank's servers: nothing was changed, and the app keeps working on "
                    "the data it has."
                )
            )
        except RemitError as exc:
            bar.empty()
            st.error(
                _(
                    "The update stopped: {problem} The data already here has not changed.",
                    problem=safe.markdown(say(exc.message)),
                )
            )
        else:
            bar.empty()
            failed = {part: r for part, r in result.items() if r["status"] == "failed"}
            if "store" in result:
                st.session_state["update_result"] = result
                st.rerun()  # every page now reads the rebuilt store
            st.warning(
                _n(
                    "Nothing new was stored: {n} part failed.",
                    "Nothing new was stored: {n} parts failed.",
                    len(failed),
                )
            )
            with st.expander(_("Details (as the server logged them, in English)")):
                st.code("\n".join(f"{part}: {r.get('reason', r['status'])}" for part, r in result.items()))
if done := st.session_state.pop("update_result", None):
    workbook = done.get("rpw_workbook", {})
    failed = [part for part, r in done.items() if r["status"] == "failed"]
    st.success(
        _(
            "Updated: every page now shows the new data (latest quarter {period}).",
            period=info.period_last,  # `info` was read after the rebuild: this run follows the rerun
        )
    )
    if workbook.get("status") == "ok":
        st.caption(_("Workbook: {url}", url=safe.markdown(workbook["url"])))
    if failed:
        st.warning(
            _n("{n} part could not be updated:", "{n} parts could not be updated:", len(failed), n=len(failed))
            + " "
            + ", ".join(failed)
        )

st.header(_("Sources"))
src = cached.sources()
st.dataframe(
    src[["title", "publisher", "vintage", "period", "scope", "licence", "rows_n", "url", "file", "copied_from"]],
    hide_index=True,
    column_config={
        "title": st.column_config.TextColumn(_("Title"), width="large"),
        "publisher": _("Publisher"),
        "vintage": _("Vintage"),
        "period": _("Period"),
        "scope": _("Coverage"),
        "licence": _("Licence"),
        "rows_n": st.column_config.NumberColumn(_("Rows read"), format="%d"),
        "url": st.column_config.LinkColumn(_("Publisher's page")),
        "file": _("File in data/"),
        "copied_from": _("Copied from"),
    },
)
st.download_button(
    _("Download the source list (CSV)"),
    lambda: safe.csv_bytes(src),
    file_name="remit-sources.csv",
    mime="text/csv",
    on_click="ignore",
)
with st.expander(_("How to cite")):
    for row in src.itertuples():
        st.markdown(
            "- "
            + _(
                "{citation} Licence: {licence}.",
                citation=safe.markdown(row.citation, CITED_CHARS),
                licence=safe.markdown(row.licence, CITED_CHARS),
            )
        )

st.header(_("How the numbers are computed"))
st.markdown(
    _(
        """
These follow the World Bank's published Remittance Prices Worldwide (RPW) and SDG 10.c.1 conventions.

- **Total cost** of a transfer, as a % of the amount sent = the fee ÷ the amount sent × 100 **plus** the
  exchange-rate (FX) margin. The FX margin is already part of the total; it is never added twice.
- **FX margin** = (interbank rate − the provider's rate) ÷ the interbank rate × 100. It can be negative
  during promotions; such values are kept and labelled.
- **Corridor average** = the simple mean of total cost over all services RPW surveys in one corridor
  (one sending country → one receiving country) in one quarter, for sending **USD 200**.
- **Mean of corridor averages** (shown on the Overview) = the simple mean of those corridor averages.
  This is **not** the World Bank's **Global Average** (SDG 10.c.1), which is the mean over every *service*,
  so that corridors with many services weigh more. The published Global Average needs the
  provider-level RPW workbook, which remit does not ship.
- **SDG 10.c**: by 2030, an average cost below **3%** and no corridor above **5%**. Every cost chart
  shows both lines.
- **Remittances as % of GDP** (Overview) = personal remittances received ÷ GDP, both in current US$
  (WDI BX.TRF.PWKR.CD.DT and NY.GDP.MKTP.CD), computed here for the latest year with both. The WDI's own
  % of GDP series (BX.TRF.PWKR.DT.GD.ZS) is stored too, but its shipped vintage ends in 2021.
- **With the provider-level workbook loaded:** the **Global Average** is the simple mean of total cost over
  every service in the quarter; averages by region, firm type, payment instrument, pickup method and digital vs
  non-digital follow the same rule. Services that do not disclose their exchange rate (recorded with a 0 margin
  and a note) are listed but **left out of averages** by default; rows whose total differs from fee + margin, with
  negative margins or with placeholder rates are kept and flagged. **SmaRT** (per corridor) is the mean of the
  three cheapest services that are transparent, arrive within 5 days and are not marked as limited coverage. A
  service counts as **digital** when it is sent online or through a mobile or self-service channel and received
  into an account, wallet or card. These averages replace the shipped corridor averages for the quarters they cover.
- **Cost paid** on a flow = the flow × the average cost ÷ 100. **Savings** at a target = the flow × (the
  current cost − the target) ÷ 100, and zero when the cost already meets the target.
"""
    )
)

st.markdown(
    _(
        "**Rows identical except for their `id`.** The official workbook repeats some services word for word "
        "(133 + 189 rows in the 2025Q3 release). remit keeps and counts each row, as the World Bank's published "
        "averages do: they are simple means over the workbook's rows, and counting the repeats once would move "
        "the Global Average away from the published figure. The import report counts them."
    )
)

st.subheader(_("A country's cost: three different numbers"))
st.markdown(
    _(
        """
- **Flow-weighted cost** (used for cost paid and savings on every page): each corridor's average, weighted by
  the money sent through it (World Bank/KNOMAD bilateral estimates of the year nearest the price quarter),
  the way the World Bank's Global *Weighted* Average weights corridors. It comes with its **coverage**: the
  share of the country's modelled inflow that travels through corridors with a price.
- **Mean of corridor averages**: each corridor counts once, however little money it carries.
- **Published country average** (WDI SI.RMT.COST.IB.ZS / OB.ZS, or the UN SDG database for 2021): the mean
  over every service surveyed in every corridor to (from) the country. A small, expensive corridor weighs as
  much as the one most money travels through. The **Global Average** per year, as reported to the UN SDG
  database, is shown on the Overview beside the mean of corridor averages.
"""
    )
)
example = cached.country_cost("TJK", "to", "2020Q3")
if example.weighted_pct is not None and example.corridors:
    main = example.corridors[0]
    st.markdown(
        _(
            "**Example, computed from the store:** in {period}, Tajikistan received through {n} corridors. "
            "{partner} carried {share} of the money that has a price, at {main_cost}. Weighted by the {year} "
            "estimates the cost is **{weighted}** (coverage {coverage}); the mean of the corridors is **{mean}**; "
            "the published average for {pyear} is **{published}**.",
            period=say(age_message(example.period)),
            n=example.corridors_n,
            partner=t.country(main.sending_iso3, main.partner_name),
            share=t.percent((main.weight or 0) * 100, 0),
            main_cost=t.percent(main.cost_pct),
            year=example.weights_year,
            weighted=t.percent(example.weighted_pct),
            coverage=t.percent(example.coverage_pct or 0, 0),
            mean=t.percent(example.unweighted_mean_pct),
            pyear=example.published_year,
            published=t.percent(example.published_pct) if example.published_pct is not None else "–",
        )
    )
    st.caption(say(why_they_differ(example)))

st.header(_("Known gaps"))
st.markdown(
    _(
        """
- **Corridor averages: the DataBank series ends in 2020Q3**, the shipped export having been last updated in
  December 2020; **the UN SDG database adds 2021Q3** for the corridors it reports, which is why the latest
  quarter of most corridors is 2021Q3 while their lines stop in 2020 (2020Q4 to 2021Q2 are in neither; charts
  show 2021Q3 as a point of its own, and the worked example above uses 2020Q3, the last quarter of the
  DataBank series). Corridors to Bangladesh, India, Nepal and the Philippines run to 2025Q3 from a
  third-party aggregation of the full RPW workbook (it matches the official averages to 0.0005 points on
  every one of the 1,515 quarters where both exist; the build checks this). Fee/FX, bank/MTO and USD 500
  figures come from that panel only.
- **Missing quarters:** 2011 and 2012 were surveyed in Q1 and Q3 only; charts leave those quarters blank.
- **Russia:** no prices were collected for corridors from Russia in 2022 Q1–Q2, and only public prices from
  2022 Q3 (outside the shipped period, but it matters for newer data).
- **Negative averages:** five corridor-quarters average below zero (FX margins below the reference rate,
  e.g. Saudi Arabia → Sudan, 2017Q4, −11.36%). They are kept as published.
- **Bilateral flows are modelled**, not observed: KNOMAD/World Bank estimate them from migrant stocks and
  incomes (years 2010–2017 and 2021). remit uses them as weights and for scenarios, never ranks them as
  measurements.
- **KNOMAD flow tables write 0 for missing years**; remit stores those zeros as missing values.
- **Flows are revised** between releases: every figure states its year and vintage.
- **Remittances paid** (WDI) end in 2022 and the official % of GDP series in 2021 in the shipped vintages.
"""
    )
)

st.header(_("Country names and codes"))
st.markdown(
    _(
        "Every table is keyed by ISO3 code. The World Bank's own country list (WDI metadata) supplies its names; "
        "other spellings go through the maintained `pycountry` library; the spellings neither knows are listed "
        "here. Unknown names stop the build with the file and row, they are never dropped. Kosovo is `KSV` in "
        "RPW and `XKX` in WDI: remit uses `XKX` and accepts both. In other languages than English, country names "
        "come from the Unicode CLDR (through Babel)."
    )
)
overrides = {**CODE_OVERRIDES, **NAME_OVERRIDES}
# "Published as" is the spelling in the publisher's file (data, left as written); the country is named in the
# reader's language (CLDR, or the catalogue for a code CLDR lacks: Netherlands Antilles, ANT, dissolved 2010),
# from the store's name for it in English (the published spelling or code only for a country not in the store).
known = cached.countries()
names = dict(zip(known["iso3"], known["name"], strict=True))
st.dataframe(
    [{_("Published as"): k, _("Country"): t.country(v, names.get(v, k)), "ISO3": v} for k, v in overrides.items()],
    hide_index=True,
)
