"""Pricing a migrant's quotes and providers' offers for any amount (METHODOLOGY.md conventions)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from remit_cli import remit_cli
from synthetic_rpw import write_workbook

from remit import quotes
from remit.prices import NoProviderData


def test_quote_by_hand() -> None:
    q = quotes.price_quote(10000, 150, rate=0.118, mid_rate=0.121)
    assert q.fee_pct == pytest.approx(1.5)
    assert q.fx_margin_pct == pytest.approx((0.121 - 0.118) / 0.121 * 100)
    assert q.total_cost_pct == pytest.approx(1.5 + 2.4793388)
    assert q.received == pytest.approx((10000 - 150) * 0.118)  # fee deducted from the amount sent
    on_top = quotes.price_quote(10000, 150, rate=0.118, mid_rate=0.121, fee_on_top=True)
    assert on_top.received == pytest.approx(10000 * 0.118) and on_top.paid == 10150


def test_quote_from_the_amount_received_instead_of_the_rate() -> None:
    q = quotes.price_quote(300, 0, received=300 * 19.6, mid_rate=20.0)
    assert (
        q.rate == pytest.approx(19.6)
        and q.fx_margin_pct == pytest.approx(2.0)
        and q.total_cost_pct == pytest.approx(2.0)
    )


def test_without_a_mid_rate_the_margin_is_unknown_not_zero() -> None:
    q = quotes.price_quote(300, 5, rate=19.6)
    assert q.fx_margin_pct is None and q.total_cost_pct is None and q.fee_pct == pytest.approx(5 / 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": 0, "rate": 1}, "amount sent"),
        ({"amount": 100, "fee": -1, "rate": 1}, "fee must be zero or more"),
        ({"amount": 100, "fee": 100, "rate": 1}, "nothing would arrive"),
        ({"amount": 100}, "exchange rate or the amount that arrives"),
        ({"amount": 100, "rate": 1, "mid_rate": 0}, "mid-market rate"),
        ({"amount": float("nan"), "rate": 1}, "amount sent"),
    ],
)
def test_bad_quotes_get_a_plain_message(kwargs: dict, message: str) -> None:
    with pytest.raises(quotes.InvalidQuote, match=message):
        quotes.price_quote(**kwargs)


positive = st.floats(min_value=1, max_value=1e7, allow_nan=False)


@given(amount=positive, fee_share=st.floats(0, 0.5), margin=st.floats(0, 30), mid=st.floats(0.001, 1000))
def test_received_never_exceeds_the_amount_at_the_mid_rate(
    amount: float, fee_share: float, margin: float, mid: float
) -> None:
    q = quotes.price_quote(amount, amount * fee_share, rate=mid * (1 - margin / 100), mid_rate=mid)
    assert q.received <= amount * mid * (1 + 1e-9)
    assert q.total_cost_pct == pytest.approx(q.fee_pct + q.fx_margin_pct)


@given(amount=positive, offers=st.lists(st.tuples(st.floats(0, 0.4), st.floats(0, 20)), min_size=2, max_size=5))
def test_ranking_by_received_equals_ranking_by_true_cost(amount: float, offers: list[tuple[float, float]]) -> None:
    """For one amount, the offer that delivers most is the one that costs least at the mid rate."""
    mid = 10.0
    priced = {
        f"p{i}": quotes.price_quote(amount, amount * f, rate=mid * (1 - m / 100), mid_rate=mid)
        for i, (f, m) in enumerate(offers)
    }
    costs = [round(q.cost_in_sending_currency, 9) for q in priced.values()]
    assume(len(set(costs)) == len(costs))  # ties may order either way
    by_received = [k for k, _ in quotes.rank_quotes(priced)]
    assert by_received == sorted(priced, key=lambda k: priced[k].cost_in_sending_currency)


def test_fee_model_through_two_points() -> None:
    m = quotes.FeeModel(200, 10, 1.0, 500, 16, 0.4)  # fixed 6 + 2% of the amount
    assert m.fee(200) == pytest.approx(10) and m.fee(500) == pytest.approx(16) and m.fee(1000) == pytest.approx(26)
    assert m.fee(0.01) == pytest.approx(6.0002)
    assert quotes.FeeModel(200, 10, 1, 500, 2, 1).fee(2000) == 0  # floored at 0
    assert m.margin(350) == pytest.approx(0.7) and m.margin(1000) == pytest.approx(0.4)
    assert [m.estimate_kind(a) for a in (200, 350, 100, 900)] == [
        "observed",
        "interpolated",
        "extrapolated",
        "extrapolated",
    ]
    assert m.total_cost_pct(200) == pytest.approx(5 + 1.0)


@given(a=st.floats(1, 1e6), b=st.floats(1, 1e6))
def test_fee_model_never_negative(a: float, b: float) -> None:
    m = quotes.FeeModel(200, 5, 1, 500, 1, 2)
    assert m.fee(a) >= 0 and m.fee(b) >= 0


def test_yearly_cost() -> None:
    y = quotes.yearly_cost(18.0, 7.5, 2)  # 24 transfers a year
    assert y.transfers_per_year == 24 and y.cost_per_year == pytest.approx(432)
    assert y.alternative_cost_per_year == pytest.approx(180) and y.saving_per_year == pytest.approx(252)
    assert quotes.yearly_cost(6.0, 9.0, 1).saving_per_year == 0  # the other offer is dearer: nothing saved
    with pytest.raises(quotes.InvalidQuote, match="a month"):
        quotes.yearly_cost(6.0, 3.0, 0)


def test_provider_offers_rank_by_what_arrives(provider_con: duckdb.DuckDBPyConnection) -> None:
    offers, facts = quotes.provider_offers(provider_con, "RUS", "TJK", 300)
    assert facts["period"] == "2016Q2" and facts["currency"] == "RUB" and facts["lcu_per_usd"] == 75
    assert list(offers["firm"]) == ["Alpha", "Beta", "Gamma", "Delta", "Opaque"]  # the opaque one last, unranked
    assert offers["rank"].tolist()[:4] == [1, 2, 3, 4] and offers["rank"].isna().iloc[-1]
    alpha = offers.iloc[0]
    assert alpha["estimate"] == "interpolated"  # 22,500 RUB lies between the surveyed 15,000 and 37,500
    assert alpha["received_value_lcu"] == pytest.approx(22500 * (1 - (75 / 22500 * 100 + 0.5) / 100))
    in_rub, _ = quotes.provider_offers(provider_con, "RUS", "TJK", 15000, currency="LCU")
    assert in_rub.iloc[0]["estimate"] == "observed" and in_rub.iloc[0]["total_cost_pct"] == pytest.approx(1.0)


def test_provider_offers_need_provider_data(fixture_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NoProviderData, match="import-rpw"):
        quotes.provider_offers(fixture_con, "RUS", "TJK", 300)


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return remit_cli(*args, **env)


def test_cli_quote_contract() -> None:
    out = _cli({}, "quote", "--send", "10000", "--fee", "150", "--rate", "0.118", "--mid-rate", "0.121", "--json")
    assert out.returncode == 0, out.stderr
    q = json.loads(out.stdout)
    assert q["received"] == pytest.approx(1162.3) and q["fee_pct"] == pytest.approx(1.5)
    assert q["fx_margin_pct"] == pytest.approx(2.4793388) and q["total_cost_pct"] == pytest.approx(3.9793388)
    bad = _cli({}, "quote", "--send", "100", "--fee", "100", "--rate", "1")
    assert (
        bad.returncode == 1
        and bad.stderr.strip() == "remit: The fee is as large as the amount sent: nothing would arrive."
    )


def test_cli_compare_lists_providers_or_says_how_to_load_them(fixture_data: Path, tmp_path: Path) -> None:
    env = {"data": fixture_data, "store": tmp_path / "cli.duckdb"}
    missing = _cli(env, "compare", "RUS", "TJK", "--amount", "300", "--json")
    assert missing.returncode == 1 and "import-rpw" in missing.stderr and missing.stdout == ""
    assert _cli(env, "import-rpw", str(write_workbook(tmp_path / "w.xlsx"))).returncode == 0
    out = _cli(env, "compare", "Russian Federation", "TJK", "--amount", "300", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert [p["firm"] for p in payload["providers"]][:2] == ["Alpha", "Beta"] and payload["period"] == "2016Q2"
