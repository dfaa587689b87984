"""The financial institutions' pages under AppTest: Benchmark a price (single-product form) and Benchmark
a price list (upload), on the shipped data, on the SYNTHETIC fixture store and with a SYNTHETIC
provider workbook. An upload must never reach the store or the data folder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from apptest import app, metrics, ok, open_page
from streamlit.testing.v1 import AppTest
from synthetic_price_list import csv_bytes, make_price_list, xlsx_bytes

from remit import benchmark, costs
from remit.build import build_store
from remit.i18n import translator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


pytestmark = pytest.mark.usefixtures("app_env")


@pytest.fixture
def fixture_store(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "app.duckdb"
    build_store(fixture_data, store)
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(store))
    return store


# --- Benchmark a price ---------------------------------------------------------------------------


def test_single_product_on_the_shipped_data() -> None:
    at = open_page("views/benchmark.py")
    m = metrics(at)
    # defaults: RUS -> TJK, US$ 200, fee US$ 3 (1.5%) + margin 1.2% = 2.7%; the corridor's 2021Q3 average is 1.85%
    assert m["Your total cost"] == "2.70%" and m["Corridor average, 2021Q3"] == "1.85%"
    assert m["Gap to the 3% target"] == "-0.30 pp" and "Your percentile" in m
    # the percentile says under it what it is a percentile of (the ▶ set below)
    percentile = next(x for x in at.metric if x.label == "Your percentile")
    assert percentile.delta == "Corridors from Russian Federation (13)"
    text = " ".join(md.value for md in at.markdown)
    # ranked among real peers, never the whole world by default; the market's age said
    assert "- **▶** Corridors from Russian Federation (" in text and "All corridors in the world (" in text
    assert any("2021Q3, 5 years ago" in w.value for w in at.warning)
    assert "**0.85 pp above** the corridor average of 1.85% in 2021Q3" in text
    assert r"**US\$ 17,000 more a year** at 10,000 transfers" in text  # 200 x 0.85% x 10,000
    # every amount in US$ escaped: two bare '$' on one line made the sentence a LaTeX formula
    said = next(md.value for md in at.markdown if md.value.startswith("At **2.70%**"))
    assert r"sending \$200.00 from" in said and r"**\$5.40**" in said
    assert re.search(r"(?<!\\)\$", said) is None
    refs = at.dataframe[0].value
    assert refs["Reference level"].tolist()[:3] == ["Corridor average", "SDG target 3%", "SDG ceiling 5%"]
    assert refs["Your gap (pp)"].iloc[0] == pytest.approx(0.85)  # 2.70% - 1.85% (2021Q3)
    assert any("Load the complete dataset" in p.label for p in at.get("page_link"))
    assert len(at.get("plotly_chart")) == 2  # the distribution of corridor averages, and the history

    at.segmented_control(key="bm_fee_unit").set_value("% of amount").run()
    at.number_input(key="bm_fee_pct").set_value(1.0).run()
    at.segmented_control(key="bm_fx_mode").set_value("Rates").run()
    ok(at)
    assert metrics(at)["Your total cost"] == "2.25%"  # 1.0% + (0.12 - 0.1185) / 0.12 = 1.25%
    at.selectbox(key="bm_period").set_value("2019Q1").run()
    assert "Corridor average, 2019Q1" in metrics(ok(at))
    at.number_input(key="bm_rate").set_value(0.0).run()
    assert "exchange rate must be a number above zero" in ok(at).error[0].value


def test_single_product_in_the_sending_currency() -> None:
    at = open_page("views/benchmark.py")
    at.segmented_control(key="bm_currency").set_value("RUB").run()
    # no cached reference rate in the tests: the page asks for one instead of guessing
    assert any("one RUB buys" in w.value for w in ok(at).warning)
    at.number_input(key="bm_usd_rate").set_value(0.011).run()
    at.number_input(key="bm_amount").set_value(18_000.0).run()
    at.number_input(key="bm_fee_usd").set_value(270.0).run()
    m = metrics(ok(at))
    assert m["Your total cost"] == "2.70%"  # RUB 270 of RUB 18,000 = 1.5% + 1.2% margin: the share needs no rate
    text = " ".join(md.value for md in at.markdown)
    # escaped for Markdown: the two '$' would otherwise make the text between them a LaTeX formula
    assert r"sending RUB18,000.00 \(about \$198.00\) from" in text
    assert r"customer **RUB486.00 \(about \$5.35\)**" in text
    at.segmented_control(key="bm_against").set_value("world").run()
    text = " ".join(md.value for md in ok(at).markdown)
    assert "- **▶** All corridors in the world (" in text


def test_single_product_with_provider_prices_ranks_and_compares_peers(provider_env: Path) -> None:
    at = open_page("views/benchmark.py")
    at.number_input(key="bm_margin").set_value(1.0).run()
    for key, value in (("bm_firm_type", "Bank"), ("bm_instrument", "Account"), ("bm_payout", "Cash")):
        at.selectbox(key=key).set_value(value).run()
    ok(at)
    m = metrics(at)
    # SYNTHETIC RUS -> TJK 2016Q2: services 1, 2, 3, 8% (and one opaque); yours 2.5% ranks 3rd of 5
    assert m["Your total cost"] == "2.50%" and m["Corridor average, 2016Q2"] == "3.50%"
    assert m["Your rank among the services"] == "3 of 5"
    peers = next(d.value for d in at.dataframe if "Peer group" in d.value.columns).set_index("Peer group")
    assert peers.loc["Same firm type: Bank", "Average (%)"] == pytest.approx(5.5)
    assert peers.loc["All services", "Spread (pp)"] == pytest.approx(7.0)
    refs = at.dataframe[0].value.set_index("Reference level")
    assert refs.loc["SmaRT (3 cheapest qualifying services)", "Your gap (pp)"] == pytest.approx(0.5)
    assert refs.loc["Cheapest service", "Level (%)"] == pytest.approx(1.0)


# --- Benchmark a price list ----------------------------------------------------------------------


def _upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    at.get("file_uploader")[0].set_value((name, content, mime))
    return ok(at.run())


def _fingerprint(store: Path, data: Path) -> tuple[str, list[str]]:
    files = sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file())
    return hashlib.sha256(store.read_bytes()).hexdigest(), files


def test_price_list_upload_benchmarks_good_rows_and_explains_every_bad_one(
    fixture_store: Path, fixture_data: Path
) -> None:
    before = _fingerprint(fixture_store, fixture_data)
    at = open_page("views/price_list.py")
    assert any("never written to the data store" in i.value for i in at.info)
    labels = [b.label for b in at.get("download_button")]
    assert "Template (CSV)" in labels and "Template (Excel)" in labels

    rows, expected = make_price_list()
    at = _upload(at, "prices.csv", csv_bytes(rows, ";", "cp1251"))
    text = " ".join(md.value for md in at.markdown)
    assert "Read **200 product rows** from *prices.csv* (CSV, Windows-1251 (Cyrillic), semicolon-separated)" in text
    assert "**188 benchmarked**, **12 with problems**" in text
    bad = next(d.value for d in at.dataframe if "Why it cannot be benchmarked" in d.value.columns)
    assert sorted(bad["Row"].astype(int)) == sorted(expected)
    for row, phrase in expected.items():
        reason = bad.loc[bad["Row"] == row, "Why it cannot be benchmarked"].iloc[0]
        assert phrase.casefold() in reason.casefold()
    assert any(md.value.startswith("- **Row 3** (SYNTHETIC продукт 1): Unknown sending country") for md in at.markdown)
    results = next(d.value for d in at.dataframe if "Your total cost (%)" in d.value.columns)
    assert len(results) == 188 and results["Corridor average (%)"].notna().all()
    assert "Rank among services" not in results.columns  # no provider prices in this store
    m = metrics(at)
    assert m["Products benchmarked"] == "188" and m["Dearer than the corridor average"].endswith("of 188")
    assert "Download Excel" in [b.label for b in at.get("download_button")]
    assert any("provider-level prices" in i.value for i in at.info)
    # the quarter the prices are compared in comes with its age, as every price on every page
    newest = str(costs.age_message(results["Quarter"].max()))
    assert f"{newest})" in " ".join(md.value for md in at.markdown), newest

    at.selectbox(key="pl_period").set_value("2011Q3").run()
    results = next(d.value for d in ok(at).dataframe if "Your total cost (%)" in d.value.columns)
    assert set(results["Quarter"]) == {"2011Q3"}

    at = _upload(at, "prices.xlsx", xlsx_bytes(rows, title_rows=1), XLSX)
    assert "**188 benchmarked**, **12 with problems**" in " ".join(md.value for md in at.markdown)

    assert _fingerprint(fixture_store, fixture_data) == before  # nothing was written to the store or to data/


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.csv", b"", "is empty (0 bytes)"),
        ("bars.csv", b"sending|receiving|fee_pct|fx_margin_pct\nRUS|TJK|1|1\n", "separated by a vertical bar"),
        ("big.csv", b"x" * (benchmark.MAX_PRICE_LIST_BYTES + 1), "limited to 5.0 MB"),
        ("fee.csv", b"sending,receiving,fee,fx_margin_pct\nRUS,TJK,1,1\n", "rename it fee_usd"),
    ],
    ids=["empty", "bar-separated", "over 5 MB", "fee column"],  # a 5 MB file's bytes would be its test's name
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(
    fixture_store: Path, name: str, content: bytes, phrase: str
) -> None:
    at = _upload(open_page("views/price_list.py"), name, content)
    assert len(at.error) == 1 and phrase in at.error[0].value and name in at.error[0].value
    assert not any("Your total cost (%)" in d.value.columns for d in at.dataframe)


def test_price_list_with_provider_prices_shows_ranks_and_spread(provider_env: Path) -> None:
    content = (
        b"product,sending,receiving,fee_pct,fx_margin_pct,firm_type,payment_instrument,payout\n"
        b"Card,RUS,TJK,1.5,1.0,Bank,Account,Cash\nWallet,DEU,KSV,1,1,,,\n"
    )
    at = _upload(open_page("views/price_list.py"), "p.csv", content)
    results = next(d.value for d in at.dataframe if "Your total cost (%)" in d.value.columns).set_index("Product")
    assert results.loc["Card", "Rank among services"] == 3 and results.loc["Card", "Of"] == 5
    assert results.loc["Card", "Peer average (%)"] == pytest.approx(5.5)
    assert results.loc["Card", "SmaRT (%)"] == pytest.approx(2.0)
    spread = next(d.value for d in at.dataframe if "Spread (pp)" in d.value.columns).set_index("Corridor")
    assert spread.loc["RUS-TJK", "Providers"] == 4 and spread.loc["RUS-TJK", "Spread (pp)"] == pytest.approx(7.0)


def test_price_list_reasons_and_notes_are_shown_in_russian(fixture_store: Path) -> None:
    ru = translator("ru")
    at = app()
    at.query_params["lang"] = "ru"
    at.switch_page("views/price_list.py").run()
    content = (
        b"product,sending,receiving,fee_pct,fx_margin_pct,speed\n"
        b"A,Atlantis,TJK,abc,1,\nB,RUS,TJK,1,-1,6 days or more\nC,RUS,TJK,1,1,\nD,RUS,TJK,1,1\n"
    )
    at = _upload(at, "p.csv", content)
    why = ru("Why it cannot be benchmarked")
    bad = next(d.value for d in at.dataframe if why in d.value.columns)
    reason = bad[why].iloc[0]
    assert reason.startswith("Неизвестная страна отправления 'Atlantis'"), reason
    assert "unknown" not in reason.casefold() and "is not a number" not in reason
    results = next(d.value for d in at.dataframe if ru("Your total cost (%)") in d.value.columns)
    note = results.set_index(ru("Product")).loc["B", ru("Note")]
    assert re.search("[а-яё]", note) and "negative" not in note and "slower" not in note, note
    text = " ".join(w.value for w in at.warning)
    assert "Не удалось сравнить 1 строку." in text  # the plural form for 1
