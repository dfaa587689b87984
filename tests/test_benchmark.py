"""Benchmarking an institution's prices: hand-calculated cases on the SYNTHETIC fixture store and a
SYNTHETIC provider import, the price-list parser (a generated 200-row list with 12 bad rows, every
file-level failure, hypothesis: random bytes and random CSV shapes), and the CLI contract.

Every price here is made up.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from remit_cli import remit_cli
from synthetic_price_list import csv_bytes as _csv_bytes
from synthetic_price_list import make_price_list
from synthetic_price_list import xlsx_bytes as _xlsx_bytes

from remit import benchmark, corridors, costs
from remit.benchmark import InvalidProduct, Product
from remit.benchmark.products import _number
from remit.countries import CountryResolver
from remit.errors import MissingData, UnknownCorridor, UnknownPeriod
from remit.i18n import translator
from remit.messages import Message

COUNTRIES = CountryResolver.from_table(
    [("RUS", "Russian Federation"), ("TJK", "Tajikistan"), ("KGZ", "Kyrgyz Republic"), ("XKX", "Kosovo"),
     ("DEU", "Germany"), ("USA", "United States"), ("MEX", "Mexico")]
)  # fmt: skip


# --- Hand calculations on corridor averages only ------------------------------------------------


def test_product_against_corridor_averages_by_hand(fixture_con: duckdb.DuckDBPyConnection) -> None:
    # US$ 3 on US$ 200 = 1.5% + 1.0% margin = 2.5%. RUS->TJK's latest quarter is 2012Q1 at 2.0%; the four
    # corridor averages that quarter are 1.0, 2.0, 3.5, 5.5 (mean 3.0): 2 are cheaper, so percentile 50.
    p = Product.with_fee_usd("RUS", "TJK", 3.0, 1.0, 200.0, transfers_per_year=1000)
    r = benchmark.benchmark_product(fixture_con, p)
    assert r["total_cost_pct"] == pytest.approx(2.5) and r["cost_usd"] == pytest.approx(5.0)
    assert r["period"] == "2012Q1" and str(r["period_basis"]) == "the corridor's latest quarter with data"
    assert r["corridor_average_pct"] == pytest.approx(2.0) and r["source_id"] == "databank"
    assert r["gap_to_average_pp"] == pytest.approx(0.5)
    assert r["gap_to_average_usd"] == pytest.approx(1.0) and r["gap_to_average_usd_per_year"] == pytest.approx(1000)
    assert r["gap_to_3pct_pp"] == pytest.approx(-0.5) and r["gap_to_3pct_usd"] == pytest.approx(-1.0)
    assert r["gap_to_5pct_pp"] == pytest.approx(-2.5) and r["gap_to_5pct_usd_per_year"] == pytest.approx(-5000)
    assert r["corridors_in_quarter_n"] == 4 and r["mean_of_corridor_averages_pct"] == pytest.approx(3.0)
    assert r["percentile_among_corridor_averages"] == pytest.approx(50.0)
    assert r["services_n"] is None and r["percentile_among_services"] is None and r["smart_pct"] is None
    refs = benchmark.references(r)
    assert list(refs["reference"].map(str)) == [
        "Corridor average",
        "SDG target 3%",
        "SDG ceiling 5%",
        "Mean of corridor averages (all corridors)",
    ]
    assert refs["gap_usd_per_year"].tolist() == pytest.approx([1000.0, -1000.0, -5000.0, -1000.0])


def test_without_provider_prices_a_price_is_ranked_among_real_peers_not_the_world(
    fixture_con: duckdb.DuckDBPyConnection,
) -> None:
    # 2012Q1: RUS-KGZ 1.0, RUS-TJK 2.0, DEU-XKX 5.5 (all to Europe & Central Asia), USA-MEX 3.5. A price of 2.5%
    # RUS -> TJK: from Russia 1.0, 2.0 (both cheaper: 100); to Tajikistan 2.0 (100); to the region 1.0, 2.0, 5.5
    # (two cheaper of three: 66.7). The headline is the sending country's corridors, not the world's four.
    p = Product.with_fee_usd("RUS", "TJK", 3.0, 1.0, 200.0)
    r = benchmark.benchmark_product(fixture_con, p)
    assert (r["peer_set"], r["peers_n"], r["peers_percentile"]) == ("sending_country", 2, pytest.approx(100.0))
    assert (r["peers_receiving_n"], r["peers_receiving_percentile"]) == (1, pytest.approx(100.0))
    assert (r["peers_region_n"], r["peers_region_percentile"]) == (3, pytest.approx(200 / 3))
    assert r["peers_sending_average_pct"] == pytest.approx(1.5) and r["receiving_region"] == "Europe & Central Asia"
    sets = benchmark.peer_sets(r)
    assert sets["peer_set"].tolist() == ["sending_country", "receiving_country", "region", "world"]
    assert [str(m) for m in sets["label"]] == [
        "Corridors from Russian Federation",
        "Corridors to Tajikistan",
        "Corridors to the region Europe & Central Asia",
        "All corridors in the world",
    ]
    assert sets["headline"].tolist() == [True, False, False, False]
    # the world only when asked for
    w = benchmark.benchmark_product(fixture_con, p, against="world")
    assert (w["peer_set"], w["peers_n"], w["peers_percentile"]) == ("world", 4, pytest.approx(50.0))
    # a sending country without surveyed corridors falls to the receiving country's, then the region's
    t = benchmark.benchmark_product(fixture_con, Product("TJK", "KGZ", 1.0, 1.0))
    assert (t["peer_set"], t["peers_n"], t["peers_sending_n"]) == ("receiving_country", 1, 0)
    with pytest.raises(ValueError, match="against"):
        benchmark.benchmark_product(fixture_con, p, against="everyone")


def test_the_market_figures_say_how_old_they_are() -> None:
    today = date(2026, 12, 2)
    assert benchmark.quarter_age_years is costs.quarter_age_years and benchmark.market_age is costs.age_message
    assert benchmark.quarter_age_years("2021Q3", today) == 5
    assert str(benchmark.market_age("2021Q3", today)) == "2021Q3, 5 years ago"
    assert str(benchmark.market_age("2025Q3", today)) == "2025Q3, 1 year ago"
    assert str(benchmark.market_age("2026Q3", today)) == "2026Q3, less than a year ago"
    assert benchmark.quarter_age_years("2027Q1", today) == 0
    ru = translator("ru")
    assert ru.render(benchmark.market_age("2021Q3", today)) == "2021Q3, 5 лет назад"
    assert ru.render(benchmark.market_age("2023Q3", today)) == "2023Q3, 3 года назад"
    assert ru.render(benchmark.market_age("2025Q3", today)) == "2025Q3, 1 год назад"


def test_a_chosen_quarter_ties_count_half(fixture_con: duckdb.DuckDBPyConnection) -> None:
    # 2011Q1: RUS-TJK 2.5, RUS-KGZ 2.0, USA-MEX 5.5. A price of 2.5 has one cheaper and one equal: (1 + 0.5) / 3.
    r = benchmark.benchmark_product(fixture_con, Product("RUS", "TJK", 1.5, 1.0), period="2011q1")
    assert r["period"] == "2011Q1" and str(r["period_basis"]) == "the quarter chosen"
    assert r["gap_to_average_pp"] == pytest.approx(0.0)
    assert r["percentile_among_corridor_averages"] == pytest.approx(50.0)
    assert r["gap_to_average_usd_per_year"] is None  # no volume given


def test_a_corridor_without_data_is_compared_with_the_sdg_levels(fixture_con: duckdb.DuckDBPyConnection) -> None:
    r = benchmark.benchmark_product(fixture_con, Product("TJK", "RUS", 2.0, 1.0, 500.0))
    assert r["corridor_average_pct"] is None and "does not survey it" in str(r["note"])
    assert r["period"] == "2012Q1" and str(r["period_basis"]) == "the latest quarter with data for every corridor"
    assert r["gap_to_3pct_usd"] == pytest.approx(500 * 0.0 / 100)
    assert r["percentile_among_corridor_averages"] == pytest.approx(50.0)  # 3.0: below 1.0 and 2.0, above 3.5, 5.5


def test_strict_mode_refuses_unknown_corridors_and_quarters(fixture_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownCorridor, match="from Russian Federation"):
        benchmark.benchmark_product(fixture_con, Product("RUS", "DEU", 1.0, 1.0), strict=True)
    with pytest.raises(MissingData, match="from 2011Q3 to 2012Q1"):
        benchmark.benchmark_product(fixture_con, Product("DEU", "XKX", 1.0, 1.0), period="2011Q1", strict=True)
    with pytest.raises(UnknownPeriod, match="not a quarter"):
        benchmark.benchmark_product(fixture_con, Product("RUS", "TJK", 1.0, 1.0), period="2011-1")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fee_pct": -1.0, "fx_margin_pct": 1.0}, "fee must be zero or more"),
        ({"fee_pct": 100.0, "fx_margin_pct": 1.0}, "less than 100%"),
        ({"fee_pct": 1.0, "fx_margin_pct": 150.0}, "between -20% and 100%"),
        ({"fee_pct": 1.0, "fx_margin_pct": -25.0}, "quoted the same way"),
        ({"fee_pct": 1.0, "fx_margin_pct": 1.0, "amount_usd": 0.0}, "amount sent"),
        ({"fee_pct": 1.0, "fx_margin_pct": float("nan")}, "FX margin"),
    ],
)
def test_a_product_that_cannot_be_priced_says_why(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidProduct, match=message):
        Product("RUS", "TJK", **kwargs)


def test_margin_from_rates() -> None:
    assert benchmark.margin_from_rates(0.1185, 0.12) == pytest.approx(1.25)
    with pytest.raises(InvalidProduct, match="mid-market rate"):
        benchmark.margin_from_rates(0.1, 0)


def test_firm_type_average_from_corridor_data_when_services_are_missing() -> None:
    costs = pd.DataFrame(
        [{"period": "2020Q3", "sending_iso3": "RUS", "receiving_iso3": "TJK", "sending_name": "Russia",
          "receiving_name": "Tajikistan", "total_cost_pct_200": 2.0, "bank_cost_pct_200": 2.6,
          "mto_cost_pct_200": 1.4, "services_n": 9, "source_id": "x"}]
    )  # fmt: skip
    products = pd.DataFrame([Product("RUS", "TJK", 1.0, 1.0, firm_type="MTO").as_row()])
    r = benchmark.benchmark_frame(products, costs, None, fallback_period="2020Q3").iloc[0]
    assert r["firm_type_average_pct"] == pytest.approx(1.4) and "money transfer operators" in str(r["firm_type_basis"])
    assert r["services_in_average_n"] == 9
    refs = benchmark.references(r.to_dict())
    same = refs[refs["reference"].map(str).str.startswith("Same firm type")].iloc[0]
    assert same["gap_pp"] == pytest.approx(0.6)


# --- Hand calculations with SYNTHETIC provider prices ------------------------------------------


def test_product_among_services_by_hand(provider_con: duckdb.DuckDBPyConnection) -> None:
    # RUS->TJK 2016Q2: transparent services Alpha 1.0, Beta 2.0, Gamma 3.0 (banks: Gamma, Delta), Delta 8.0 (slow);
    # Opaque hides its rate. Average 3.5; SmaRT = mean(1, 2, 3) = 2.0 (Delta is slower than 5 days); cheapest 1.0.
    p = Product.with_fee_usd("RUS", "TJK", 3.0, 1.0, 200.0, firm_type="Bank", payment_instrument="Account",
                             payout="Cash", transfers_per_year=1000)  # fmt: skip
    r = benchmark.benchmark_product(provider_con, p)
    assert r["period"] == "2016Q2" and r["source_id"] == "rpw_provider"
    assert r["corridor_average_pct"] == pytest.approx(3.5) and r["gap_to_average_pp"] == pytest.approx(-1.0)
    assert r["services_n"] == 4 and r["providers_n"] == 4 and r["non_transparent_n"] == 1
    assert (r["rank_among_services"], r["rank_of"]) == (3, 5)  # after Alpha and Beta
    assert r["percentile_among_services"] == pytest.approx(50.0)
    assert r["cheapest_pct"] == pytest.approx(1.0) and r["gap_to_cheapest_pp"] == pytest.approx(1.5)
    assert r["smart_pct"] == pytest.approx(2.0) and r["smart_services_n"] == 3
    assert r["gap_to_smart_pp"] == pytest.approx(0.5) and r["gap_to_smart_usd_per_year"] == pytest.approx(1000)
    assert r["spread_pp"] == pytest.approx(7.0) and r["most_expensive_pct"] == pytest.approx(8.0)
    # Peers Bank · Account · Cash: Gamma 3.0 and Delta 8.0
    assert r["peer_group"] == "Bank · Account · Cash" and r["peer_services_n"] == 2
    assert r["peer_average_pct"] == pytest.approx(5.5) and r["gap_to_peer_pp"] == pytest.approx(-3.0)
    assert (r["peer_rank"], r["peer_rank_of"]) == (1, 3)
    assert (
        r["firm_type_average_pct"] == pytest.approx(5.5)
        and str(r["firm_type_basis"]) == "services of the same firm type"
    )
    # 2016Q2 corridor averages: RUS-TJK 3.5, DEU-XKX 3.1667: 2.5 is below both
    assert r["corridors_in_quarter_n"] == 2 and r["percentile_among_corridor_averages"] == pytest.approx(0.0)


def test_peer_groups_positions_and_history(provider_con: duckdb.DuckDBPyConnection) -> None:
    services = benchmark.services_table(provider_con, "2016Q2")
    here = services[(services["sending_iso3"] == "RUS") & (services["receiving_iso3"] == "TJK")]
    product = Product("RUS", "TJK", 1.5, 1.0, firm_type="money transfer operator", payout="account").as_row()
    peers = benchmark.peer_groups(here, product)
    peers = peers.assign(peer_group=peers["peer_group"].map(str)).set_index("peer_group")
    assert list(peers.index) == [
        "All services",
        "Same firm type: money transfer operator",
        "Same pickup method: account",
        "Same firm type, pickup method",
    ]
    mto = peers.loc["Same firm type: money transfer operator"]  # Alpha 1.0 and Beta 2.0 (Opaque not ranked)
    assert mto["services_n"] == 2 and mto["average_pct"] == pytest.approx(1.5) and mto["your_rank"] == 3
    assert peers.loc["Same pickup method: account", "services_n"] == 1  # 'account' matches 'Bank account'
    assert peers.loc["All services", "spread_pp"] == pytest.approx(7.0)
    pos = benchmark.positions(here, product)
    assert pos["kind"].tolist() == ["peer", "other", "you", "other", "other"]  # 1.0, 2.0, 2.5, 3.0, 8.0

    hist = benchmark.reference_history(
        pd.DataFrame(
            {"period": ["2011Q1", "2016Q2"], "period_start": pd.to_datetime(["2011-01-01", "2016-04-01"]),
             "total_cost_pct_200": [2.0, 3.5], "source_id": ["rpw_provider"] * 2}
        ),
        benchmark.corridor_services(provider_con, "RUS", "TJK"),
        2.5,
    )  # fmt: skip
    assert hist["smart_pct"].tolist() == pytest.approx([2.0, 2.0])  # 2011Q1: mean(1.5, 2.5)
    assert hist["cheapest_pct"].tolist() == pytest.approx([1.5, 1.0])
    assert hist["gap_to_average_pp"].tolist() == pytest.approx([0.5, -1.0])


def test_price_list_with_provider_prices(provider_con: duckdb.DuckDBPyConnection) -> None:
    text = (
        "product,sending,receiving,fee_pct,fx_margin_pct,firm_type\n"
        "A,RUS,TJK,1.5,1.0,Bank\nB,Germany,KSV,1,1,\nC,USA,MEX,1,1,\n"
    )
    good, bad = benchmark.parse_price_list(text.encode(), "list.csv", countries=corridors.resolver(provider_con))
    assert bad.empty and len(good) == 3
    out = benchmark.benchmark_price_list(provider_con, good, transfers_per_year=100)
    a, b, c = (out.iloc[i] for i in range(3))
    assert a["rank_among_services"] == 3 and a["peer_average_pct"] == pytest.approx(5.5)
    assert b["corridor"] == "DEU-XKX" and b["corridor_average_pct"] == pytest.approx((0.5 + 5.0 + 4.0) / 3)
    assert b["services_n"] == 3 and b["rank_among_services"] == 2  # 2.0 after Promo's 0.5
    assert c["period"] == "2012Q1" and pd.isna(c["services_n"]) and "no provider prices" in str(c["note"])
    spread = benchmark.corridor_spread(out).set_index("corridor")
    assert spread.loc["DEU-XKX", "spread_pp"] == pytest.approx(4.5) and spread.loc["RUS-TJK", "providers_n"] == 4


# --- The template and downloads ----------------------------------------------------------------


def test_the_template_reads_back_without_problems() -> None:
    for data, name in ((benchmark.template_csv(), "t.csv"), (benchmark.template_excel(), "t.xlsx")):
        parsed = benchmark.parse_price_list(data, name, countries=COUNTRIES)
        good, bad = parsed
        assert bad.empty, bad
        assert good["sending_iso3"].tolist() == ["RUS", "RUS", "DEU"]
        assert good["receiving_iso3"].tolist() == ["TJK", "KGZ", "XKX"]
        assert good["total_cost_pct"].tolist() == pytest.approx([2.7, 1.0 + 1.25, 0.9 + 0.8])
        assert good["product"].str.startswith("EXAMPLE").all()
    assert benchmark.parse_price_list(benchmark.template_excel(), "t.xlsx").sheet == "Price list"


def test_excel_output_keeps_text_as_text() -> None:
    data = benchmark.to_excel({"Benchmark": pd.DataFrame({"product": ["=HYPERLINK(1)"], "x": [1.5]})}, notes=["cite"])
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["Benchmark", "About"]
    # stored as text, with the apostrophe that keeps it text once edited or saved as CSV (remit.safe.cell)
    assert book.get_sheet_by_name("Benchmark").to_python() == [["product", "x"], ["'=HYPERLINK(1)", 1.5]]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()  # stored as a string, not a formula
    safe = benchmark.safe_for_spreadsheet(pd.DataFrame({"a": ["=1+1", "+x", "ok", None], "n": [-1, 2, 3, 4]}))
    assert safe["a"].tolist()[:3] == ["'=1+1", "'+x", "ok"] and safe["n"].tolist() == [-1, 2, 3, 4]


# --- A 200-row price list with 12 bad rows -------------------------------------------------------


def _check_list(parsed: benchmark.PriceList, expected: dict[int, str], n_good: int) -> None:
    good, bad = parsed
    assert len(good) == n_good and len(bad) == len(expected), bad
    reasons = dict(zip(bad["row"].astype(int), bad["reason"].map(str), strict=True))
    assert set(reasons) == set(expected)
    for row, phrase in expected.items():
        assert phrase.casefold() in reasons[row].casefold(), (row, reasons[row])
    assert not set(good["row"]) & set(reasons)


def test_a_200_row_price_list_with_12_bad_rows_every_one_explained(fixture_con: duckdb.DuckDBPyConnection) -> None:
    rows, expected = make_price_list()
    assert len(rows) - 1 == 200 and len(expected) == 12
    countries = corridors.resolver(fixture_con)
    parsed = benchmark.parse_price_list(_csv_bytes(rows, ";", "cp1251"), "prices.csv", countries=countries)
    assert (parsed.file_format, parsed.delimiter, parsed.rows_read) == ("CSV", "semicolon", 200)
    assert parsed.encoding == "Windows-1251 (Cyrillic)" and parsed.good["product"].iloc[0] == "SYNTHETIC продукт 0"
    _check_list(parsed, expected, 188)
    good = parsed.good
    # decimal commas read as decimals: row 2 is product 0 (500 US$, fee 0, margin 0); row 4 is product 2
    second = good[good["row"] == 4].iloc[0]
    assert second["fee_usd"] == pytest.approx(1.0) and second["fx_margin_pct"] == pytest.approx(0.8)
    assert second["total_cost_pct"] == pytest.approx(1.0 / 200 * 100 + 0.8)
    assert (
        good["note"].map(lambda n: "SmaRT" in str(n) if n is not None else False).sum() > 0
    )  # '6 days or more' is flagged
    out = benchmark.benchmark_price_list(fixture_con, good, transfers_per_year=12)
    assert len(out) == 188 and out["corridor_average_pct"].notna().all()
    first = out[out["row"] == 4].iloc[0]  # RUS-KGZ... product 2 is DEU-KSV: 2012Q1 average 5.5
    assert first["corridor"] == "DEU-XKX" and first["period"] == "2012Q1"
    assert first["gap_to_average_pp"] == pytest.approx(1.3 - 5.5)
    assert first["gap_to_average_usd_per_year"] == pytest.approx(200 * (1.3 - 5.5) / 100 * 1002)

    xlsx = _xlsx_bytes([[v for v in r] for r in rows], title_rows=2)
    parsed_x = benchmark.parse_price_list(xlsx, "prices.xlsx", countries=countries)
    assert parsed_x.file_format == "Excel" and parsed_x.sheet == "My prices"
    _check_list(parsed_x, {k + 2: v for k, v in expected.items()}, 188)  # two title rows above the header


# --- Every way a file can fail -------------------------------------------------------------------

GOOD_CSV = "sending,receiving,fee_pct,fx_margin_pct\nRUS,TJK,1,1\n"


@pytest.mark.parametrize(
    ("data", "name", "phrase"),
    [
        (b"", "p.csv", "is empty (0 bytes)"),
        (b"\n\n  \n", "p.csv", "it is blank"),
        (b"x" * 2000, "p.csv", "No header row"),
        (bytes(range(256)) * 20, "p.csv", "holds binary data"),
        (b"sending|receiving|fee_pct|fx_margin_pct\nRUS|TJK|1|1\n", "p.csv", "separated by a vertical bar"),
        (b"sending,receiving,fee,fx_margin_pct\nRUS,TJK,1,1\n", "p.csv", "rename it fee_usd"),
        (b"sending,fee_pct,fx_margin_pct\nRUS,1,1\n", "p.csv", "The column receiving is missing"),
        (b"sending,receiving,fx_margin_pct\nRUS,TJK,1\n", "p.csv", "No fee column"),
        (b"sending,receiving,fee_pct\nRUS,TJK,1\n", "p.csv", "No exchange-rate margin column"),
        (b"sending,receiving,fee_pct,exchange_rate\nRUS,TJK,1,1\n", "p.csv", "mid_rate is missing"),
        (b"sending,receiving,fee_pct,fee %,fx_margin_pct\nRUS,TJK,1,1,1\n", "p.csv", "Two columns mean fee_pct"),
        (b"sending,receiving,fee_pct,fx_margin_pct\n", "p.csv", "no product rows"),
        (b"PK\x03\x04 not really a zip", "p.xlsx", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "p.xls", "file structure is broken"),
        (codecs.BOM_UTF8 + b"\xff\xfe", "p.csv", "says it is UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_plain_reason(data: bytes, name: str, phrase: str) -> None:
    parsed = benchmark.parse_price_list(data, name, countries=COUNTRIES)
    assert parsed.good.empty and parsed.file_problem
    assert len(parsed.bad) == 1 and parsed.bad["row"].isna().all()
    assert phrase.casefold() in str(parsed.bad["reason"].iloc[0]).casefold(), parsed.bad["reason"].iloc[0]


def test_a_file_too_large_is_refused_before_reading() -> None:
    parsed = benchmark.parse_price_list(GOOD_CSV.encode() * 10, "big.csv", max_bytes=100)
    assert "limited to 100 bytes" in str(parsed.bad["reason"].iloc[0]) and parsed.good.empty
    assert benchmark.MAX_PRICE_LIST_BYTES == 5 * 2**20


def test_a_word_file_and_a_zip_bomb_are_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w/>")
    assert "not an Excel workbook" in str(benchmark.parse_price_list(buf.getvalue(), "x.docx").bad["reason"].iloc[0])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<w/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (benchmark.MAX_WORKBOOK_UNPACKED_BYTES + 1))
    assert len(bomb.getvalue()) < benchmark.MAX_PRICE_LIST_BYTES
    assert "unpacks to" in str(benchmark.parse_price_list(bomb.getvalue(), "x.xlsx").bad["reason"].iloc[0])


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        ("product;sending;receiving;fee_pct;fx_margin_pct\nКарта;Россия;Таджикистан;1,5;1\n", "cp1251", "Windows-1251"),
        ("product,sending,receiving,fee_pct,fx_margin_pct\nCôté,RUS,TJK,1.5,1\n", "cp1252", "Windows-1252"),
        ("product\tsending\treceiving\tfee_pct\tfx_margin_pct\nKarte\tRUS\tTJK\t1,5\t1\n", "utf-16", "UTF-16"),
        ("product,sending,receiving,fee_pct,fx_margin_pct\nKarta,Российская Федерация,TJK,1.5,1\n", "utf-8", "UTF-8"),
    ],
)
def test_encodings_and_delimiters_are_detected_and_named(text: str, encoding: str, label: str) -> None:
    parsed = benchmark.parse_price_list(text.encode(encoding), "p.csv", countries=COUNTRIES)
    assert parsed.bad.empty, parsed.bad
    assert parsed.encoding.startswith(label) and label in str(parsed.describe())
    row = parsed.good.iloc[0]
    assert (row["sending_iso3"], row["receiving_iso3"]) == ("RUS", "TJK")
    assert row["total_cost_pct"] == pytest.approx(2.5)


def test_row_level_problems_name_the_row_as_the_file_numbers_it() -> None:
    text = (
        "sending;receiving;fee_pct;fx_margin_pct;product\n"
        'RUS;TJK;1;1;"two\nlines"\n'  # a quoted value over two lines: rows 2-3
        "RUS,TJK,1,1\n"  # row 4: commas in a semicolon file
        "RUS;TJK;1;1;a;b\n"  # row 5: a value too many
        "RUS;TJK;1;1\n"  # row 6: the last value left off: read as blank
        ";;;;\n"  # row 7: blank, skipped
        "RUS;TJK;1.234,5;1\n"  # row 8: fee 1234.5% -> refused
        "KSV;XKX;1;1\n"  # row 9: Kosovo both ways
        "RUS;TJK;1;3;x\n"  # row 10
    )
    parsed = benchmark.parse_price_list(text.encode(), "p.csv", countries=COUNTRIES)
    reasons = dict(zip(parsed.bad["row"].astype(int), parsed.bad["reason"].map(str).str.casefold(), strict=True))
    assert parsed.good["row"].tolist() == [2, 6, 10] and parsed.blank_rows == 1
    assert "separated by a comma while the header uses a semicolon" in reasons[4]
    assert "has 6 values where the header has 5 columns" in reasons[5]
    assert "fee_pct 1,234.5 is 100% or more" in reasons[8]
    assert "same (xkx)" in reasons[9]


def test_text_that_went_through_a_wrong_encoding_is_named_as_such() -> None:
    garbled = "Россия".encode().decode("latin-1")  # UTF-8 read as Latin-1 somewhere before the upload
    text = f"sending,receiving,fee_pct,fx_margin_pct\n{garbled},TJK,1,1\nRUS,Tadschi\ufffdstan,1,1\n"
    reasons = benchmark.parse_price_list(text.encode(), "p.csv", countries=COUNTRIES).bad["reason"].map(str).tolist()
    assert "looks garbled, so the file's encoding is wrong" in reasons[0]
    assert "characters lost in an earlier conversion" in reasons[1] and "did you mean Tajikistan (TJK)" in reasons[1]


def test_more_rows_than_the_limit_are_cut_and_the_file_says_so() -> None:
    text = "sending,receiving,fee_pct,fx_margin_pct\n" + "RUS,TJK,1,1\n" * 30
    parsed = benchmark.parse_price_list(text.encode(), "p.csv", countries=COUNTRIES, max_rows=25)
    assert len(parsed.good) == 25 and "only the first 25 were read" in str(parsed.notes[0])
    assert parsed.bad["row"].isna().sum() == 1 and not parsed.file_problem


def test_numbers_in_the_forms_people_write_them() -> None:
    read = _number
    assert read("2.5%", False) == (2.5, None) and read("US$ 3", False) == (3.0, None)
    assert read("1 234,5", True) == (1234.5, None) and read("1,234.5", False) == (1234.5, None)
    assert read("−2", True) == (-2.0, None) and read(" ", True) == (None, None)
    assert read("nan", True)[1] and read("inf", True)[1] and read(True, True)[1] and read("1e999", True)[1]


def test_exchange_rates_give_the_margin_and_must_agree_with_it() -> None:
    head = "sending,receiving,fee_pct,fx_margin_pct,exchange_rate,mid_rate\n"
    rows = "RUS,TJK,1,,0.1185,0.12\nRUS,TJK,1,1.25,0.1185,0.12\nRUS,TJK,1,2,0.1185,0.12\nRUS,TJK,1,,8.4,0.12\n"
    parsed = benchmark.parse_price_list((head + rows).encode(), "p.csv", countries=COUNTRIES)
    assert parsed.good["fx_margin_pct"].tolist() == pytest.approx([1.25, 1.25])
    reasons = parsed.bad.set_index("row")["reason"].map(str)
    assert "disagrees with exchange_rate and mid_rate (which give 1.25%)" in reasons[4]
    assert "is one of them inverted" in reasons[5]


# --- Hypothesis: the parser never raises ---------------------------------------------------------

RELAXED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_well_formed(parsed: benchmark.PriceList) -> None:
    assert isinstance(parsed, benchmark.PriceList)
    good, bad = parsed
    assert list(good.columns) == benchmark.GOOD_COLUMNS and list(bad.columns) == benchmark.BAD_COLUMNS
    assert bad["reason"].map(lambda r: isinstance(r, Message) and len(str(r)) > 10).all()
    reasons = bad["reason"].map(str)
    assert "Traceback" not in " ".join(reasons)
    assert not reasons.str.contains("could not be read (", regex=False).any()  # the last-resort catch-all
    if len(good):
        assert (good["total_cost_pct"] - good["fee_pct"] - good["fx_margin_pct"]).abs().max() < 1e-9
        assert good["fee_pct"].between(0, 100, inclusive="left").all() and (good["amount_usd"] > 0).all()
        assert good["fx_margin_pct"].between(benchmark.MIN_FX_MARGIN_PCT, 100, inclusive="left").all()
        assert good["sending_iso3"].ne(good["receiving_iso3"]).all()
    rows = bad["row"].dropna().tolist() + good["row"].tolist()
    assert len(rows) == len(set(rows))


@pytest.mark.slow  # hostile input at scale: not in the fast tier
@RELAXED
@given(data=st.binary(max_size=3000), name=st.sampled_from(["p.csv", "p.xlsx", "p.xls", "p", "p.txt"]))
def test_random_bytes_never_raise(data: bytes, name: str) -> None:
    _assert_well_formed(benchmark.parse_price_list(data, name, countries=COUNTRIES))


@pytest.mark.slow  # hostile input at scale: not in the fast tier
@RELAXED
@given(
    data=st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b),
)
def test_random_zip_like_bytes_never_raise(data: bytes) -> None:
    _assert_well_formed(benchmark.parse_price_list(data, "p.xlsx", countries=COUNTRIES))


NAMES = [*benchmark.ALIASES, "fee", "Fee (US$)", "FX margin %", "junk", "", "Sending country"]
CELLS = st.one_of(
    st.sampled_from(["RUS", "TJK", "KSV", "Germany", "Россия", "", " ", "-1", "0", "1,5", "150", "abc", "2%", "1e3"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
)


@pytest.mark.slow  # hostile input at scale: not in the fast tier
@RELAXED
@given(
    header=st.lists(st.sampled_from(NAMES), min_size=0, max_size=9),
    body=st.lists(st.lists(CELLS, max_size=10), max_size=15),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16", "latin-1"]),
)
def test_random_csv_shapes_never_raise(header: list[str], body: list[list[str]], delimiter: str, encoding: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows([header, *body])
    data = buf.getvalue().encode(encoding, errors="replace")
    _assert_well_formed(benchmark.parse_price_list(data, "p.csv", countries=COUNTRIES))


XLSX_CELLS = st.one_of(
    CELLS,
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    st.none(),
)


@pytest.mark.slow  # hostile input at scale: not in the fast tier
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.sampled_from(NAMES), max_size=9),
    body=st.lists(st.lists(XLSX_CELLS, max_size=10), max_size=10),
    title_rows=st.integers(0, 3),
)
def test_random_workbooks_never_raise(header: list[str], body: list[list[object]], title_rows: int) -> None:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet()
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate([header, *body]):
        for c, v in enumerate(row):
            if v is None:
                continue
            if hasattr(v, "year"):
                ws.write_datetime(r + title_rows, c, v, date_format)
            elif isinstance(v, str):
                ws.write_string(r + title_rows, c, v)
            else:
                ws.write(r + title_rows, c, v)
    wb.close()
    _assert_well_formed(benchmark.parse_price_list(buf.getvalue(), "p.xlsx", countries=COUNTRIES))


@pytest.mark.slow  # 150 random price lists: not in the fast tier
@RELAXED
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([("RUS", "TJK"), ("Germany", "KSV"), ("USA", "Mexico")]),
            st.floats(1, 10_000),
            st.floats(0, 99),
            st.floats(-19.9, 99),
        ),
        min_size=1,
        max_size=20,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]),
)
def test_valid_rows_round_trip(rows: list, delimiter: str, encoding: str) -> None:
    lines = [["sending", "receiving", "amount_usd", "fee_pct", "fx_margin_pct"]]
    decimal = "," if delimiter != "," else "."
    for (s, r), amount, fee, margin in rows:
        lines.append([s, r, *(repr(v).replace(".", decimal) for v in (amount, fee, margin))])
    parsed = benchmark.parse_price_list(_csv_bytes(lines, delimiter, encoding), "p.csv", countries=COUNTRIES)
    assert parsed.bad.empty, parsed.bad
    assert parsed.good["amount_usd"].tolist() == pytest.approx([a for _, a, _, _ in rows])
    assert parsed.good["total_cost_pct"].tolist() == pytest.approx([f + m for _, _, f, m in rows])


# --- The command line ----------------------------------------------------------------------------


def _cli(store: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI on a store and the data/ it was built from (else it would rebuild it from the shipped data)."""
    return remit_cli(*args, store=store, data=data)


def test_cli_benchmark_contract(fixture_store: Path, pristine_data: Path, provider_store: Path) -> None:
    provider_data = provider_store.parent / "data"  # the data/ it was built from (conftest.py)
    out = _cli(
        fixture_store, pristine_data, "benchmark", "RUS", "TJK", "--fee-pct", "1.5", "--fx-margin-pct", "1", "--json"
    )
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert {"total_cost_pct", "corridor_average_pct", "gap_to_3pct_pp", "percentile", "period", "source"} <= set(p)
    assert p["total_cost_pct"] == pytest.approx(2.5) and p["corridor_average_pct"] == pytest.approx(2.0)
    assert p["gap_to_3pct_pp"] == pytest.approx(-0.5) and p["period"] == "2012Q1" and p["source"] == "databank"
    assert p["percentile"] is None and "import-rpw" in p["note"] and p["services_n"] is None
    assert p["percentile_among_corridor_averages"] == pytest.approx(50.0)
    assert (p["peer_set"], p["peers_n"], p["peers_percentile"]) == ("sending_country", 2, pytest.approx(100.0))
    assert p["age_years"] == costs.quarter_age_years("2012Q1")
    assert p["market_age"].startswith("2012Q1, ") and p["market_age"].endswith(" years ago")
    assert [s["peer_set"] for s in p["peer_sets"]] == ["sending_country", "receiving_country", "region", "world"]
    assert p["peer_sets"][2] == {"peer_set": "region", "label": "Corridors to the region Europe & Central Asia",
                                 "peers_n": 3, "percentile": pytest.approx(200 / 3), "average_pct": pytest.approx(8.5 / 3)}  # fmt: skip
    world = _cli(fixture_store, pristine_data, "benchmark", "RUS", "TJK", "--fee-pct", "1.5", "--fx-margin-pct", "1", "--against",
                 "world", "--json")  # fmt: skip
    assert (json.loads(world.stdout)["peer_set"], json.loads(world.stdout)["peers_n"]) == ("world", 4)

    out = _cli(provider_store, provider_data, "benchmark", "Russian Federation", "TJK", "--fee-usd", "3", "--fx-margin-pct", "1",
               "--firm-type", "Bank", "--transfers-per-year", "1000", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert p["percentile"] == pytest.approx(50.0) and (p["rank"], p["rank_of"]) == (3, 5)
    assert p["smart_pct"] == pytest.approx(2.0) and p["services_n"] == 4 and p["note"] is None
    assert (p["peer_set"], p["peers_n"], p["peers_percentile"]) == ("corridor_services", 4, pytest.approx(50.0))
    assert p["peer_sets"][0]["peer_set"] == "corridor_services" and p["period"] == "2016Q2"
    assert p["gap_to_average_usd_per_year"] == pytest.approx(-2000.0) and "rpw_provider" in p["sources"]

    text = _cli(provider_store, provider_data, "benchmark", "RUS", "TJK", "--fee-pct", "1.5", "--fx-margin-pct", "1")
    assert text.returncode == 0 and "Rank 3 of 5" in text.stdout and "Market figures: 2016Q2, " in text.stdout


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (("Atlantis", "TJK", "--fee-pct", "1", "--fx-margin-pct", "1"), "Unknown country 'Atlantis'"),
        (("RUS", "DEU", "--fee-pct", "1", "--fx-margin-pct", "1"), "No cost data for the corridor"),
        (("RUS", "TJK", "--fee-pct", "1", "--fx-margin-pct", "1", "--period", "1999Q1"), "has no corridor cost data"),
        (("DEU", "XKX", "--fee-pct", "1", "--fx-margin-pct", "1", "--period", "2011Q1"), "from 2011Q3 to 2012Q1"),
        (("RUS", "TJK", "--fee-pct", "1"), "Give --fx-margin-pct"),
        (("RUS", "TJK", "--fee-pct", "1", "--fx-margin-pct", "120"), "--fx-margin-pct must be a number from"),
    ],
)
def test_cli_benchmark_refuses_with_one_line(
    fixture_store: Path, pristine_data: Path, args: tuple, phrase: str
) -> None:
    out = _cli(fixture_store, pristine_data, "benchmark", *args, "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and phrase in out.stderr, out.stderr


# --- Messages: reasons and notes are data, rendered in the reader's language ----------------------------


def test_a_reason_and_a_note_render_in_russian_with_no_english_left() -> None:
    ru, en = translator("ru"), translator("en")
    text = "sending,receiving,fee_pct,fx_margin_pct,speed\nAtlantis,TJK,abc,1,\nRUS,TJK,1,-1,6 days or more\n"
    parsed = benchmark.parse_price_list(text.encode(), "p.csv", countries=COUNTRIES)
    reason = parsed.bad["reason"].iloc[0]
    assert str(reason) == en.render(reason) == "unknown sending country 'Atlantis'; fee_pct 'abc' is not a number."
    russian = ru.render(reason)
    assert re.search("[а-яё]", russian) and "Atlantis" in russian
    assert "unknown" not in russian and "is not a number" not in russian
    note = parsed.good["note"].iloc[0]  # a negative margin and a slow service
    assert "SmaRT" in str(note) and "negative FX margin" in str(note)
    assert re.search("[а-яё]", ru.render(note)) and "negative" not in ru.render(note)

    costs = pd.DataFrame(
        [{"period": "2020Q3", "sending_iso3": "RUS", "receiving_iso3": "TJK", "sending_name": "Russia",
          "receiving_name": "Tajikistan", "total_cost_pct_200": 2.0, "bank_cost_pct_200": 2.6,
          "mto_cost_pct_200": 1.4, "services_n": 9, "source_id": "x"}]
    )  # fmt: skip
    products = pd.DataFrame([Product("TJK", "RUS", 1.0, 1.0).as_row()])
    r = benchmark.benchmark_frame(products, costs, None, fallback_period="2020Q3").iloc[0]
    assert str(r["note"]) == "no cost data for this corridor: the World Bank does not survey it"
    for message in (r["note"], r["period_basis"]):
        assert isinstance(message, Message)
        assert re.search("[а-яё]", ru.render(message)) and message.id not in ru.render(message)
    assert benchmark.references(r.to_dict())["reference"].map(ru.render).str.contains("[а-яё]").all()


@pytest.mark.parametrize(("n", "form"), [(1, "первая 1 строка"), (3, "первые 3 строки"), (5, "первые 5 строк")])
def test_a_counted_reason_takes_the_russian_plural_form(n: int, form: str) -> None:
    text = "sending,receiving,fee_pct,fx_margin_pct\n" + "RUS,TJK,1,1\n" * 6
    parsed = benchmark.parse_price_list(text.encode(), "p.csv", countries=COUNTRIES, max_rows=n)
    assert form in translator("ru").render(parsed.notes[0])
    assert f"only the first {n} {'was' if n == 1 else 'were'} read" in str(parsed.notes[0])
