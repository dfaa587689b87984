"""Amounts in the sender's currency (remit.quotes with a reference rate) and the 'check this number' notes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from synthetic_rpw import write_workbook

from remit import quotes, rpw
from remit.build import build_store, country_resolver, load_sources


def test_the_average_applied_to_an_amount_in_roubles_says_it_is_not_a_quote() -> None:
    est = quotes.average_on_amount(15000, "rub", 6.5, "2020Q3", usd_per_unit=0.0125)
    assert est.currency == "RUB" and est.amount_usd == pytest.approx(187.5)
    assert est.cost == pytest.approx(975.0) and est.cost_usd == pytest.approx(12.1875)
    assert est.arrives_value == pytest.approx(14025.0)
    assert str(est.label).startswith("An estimate, not a quote: the average cost of sending USD 200 in 2020Q3 (6.50%)")
    usd = quotes.average_on_amount(200, "USD", 6.5, "2020Q3")
    assert usd.cost == pytest.approx(13.0) and usd.amount_usd == 200
    offline = quotes.average_on_amount(15000, "RUB", 6.5, "2020Q3")  # no rate: the cost in roubles all the same
    assert offline.cost == pytest.approx(975.0) and offline.amount_usd is None and offline.cost_usd is None
    with pytest.raises(quotes.InvalidQuote):
        quotes.average_on_amount(15000, "RUB", 6.5, "2020Q3", usd_per_unit=0)


def test_check_this_number_notes() -> None:
    fine = quotes.price_quote(15000, 150, rate=0.118, mid_rate=0.12)
    assert quotes.quote_checks("A", fine, 0.12) == []
    dear = quotes.price_quote(15000, 5000, rate=0.118, mid_rate=0.12)
    notes = [str(n) for n in quotes.quote_checks("A", dear, 0.12)]
    assert notes == [
        "A: a cost of 35.00% is very high. Check this number: is the fee in the currency you send, and the rate "
        "for 1 unit of it?"
    ]
    inverted = quotes.price_quote(15000, 0, rate=8.3, mid_rate=None)
    assert "the other way round" in str(quotes.quote_checks("B", inverted, 0.12)[0])
    far = quotes.price_quote(15000, 0, rate=0.09)
    assert str(quotes.quote_checks("C", far, 0.12)[0]) == (
        "C: the rate 0.090000 is 25% away from the reference rate 0.120000. Check this number."
    )
    assert quotes.quote_checks("C", far, None) == []  # no reference rate: nothing to compare with


@pytest.fixture
def con(fixture_data: Path, tmp_path: Path):  # noqa: ANN201
    countries, _ = country_resolver(fixture_data, load_sources(fixture_data))
    rpw.import_workbook(write_workbook(tmp_path / "rpw_dataset_2011_2016_q2.xlsx"), fixture_data, countries)
    store = tmp_path / "s.duckdb"
    build_store(fixture_data, store)
    c = duckdb.connect(str(store), read_only=True)
    yield c
    c.close()


def test_provider_offers_in_any_currency(con) -> None:  # noqa: ANN001
    usd, facts = quotes.provider_offers(con, "RUS", "TJK", 200.0, currency="USD")
    assert facts["currency"] == "RUB" and facts["amount_lcu"] == pytest.approx(15000.0)
    rub, _ = quotes.provider_offers(con, "RUS", "TJK", 15000.0, currency="RUB")
    assert rub["total_cost_pct"].tolist() == pytest.approx(usd["total_cost_pct"].tolist())
    # 170 EUR at 1.1 USD per EUR = 187 USD -> 14,025 RUB at the survey's 75 RUB per USD
    _, eur = quotes.provider_offers(con, "RUS", "TJK", 170.0, currency="EUR", usd_per_unit=1.1)
    assert eur["amount_lcu"] == pytest.approx(170 * 1.1 * 75)
    with pytest.raises(quotes.InvalidQuote, match="rate to US dollars is needed for an amount in EUR"):
        quotes.provider_offers(con, "RUS", "TJK", 170.0, currency="EUR")
