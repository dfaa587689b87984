"""The migrants' pages under AppTest: on the shipped data, and with a SYNTHETIC provider workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import ok, open_page

pytestmark = pytest.mark.usefixtures("app_env")


def test_compare_without_provider_data_shows_the_corridor_average() -> None:
    at = open_page("views/send_money.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Average cost, 2021Q3"] == "1.85%"  # RUS -> TJK, the default corridor
    assert metrics["Rough cost on your amount"] == "US$ 3.70"  # 1.85% of US$ 200
    # below the 3% target: said so, not a 'cost at the target' (US$ 6.00) above what the transfer costs
    assert metrics["The 3% SDG target"] == "Already met" and "At the 3% SDG target" not in metrics
    assert any("Check your quotes" in p.label for p in at.get("page_link"))
    assert any("survey averages from **2021Q3**" in w.value for w in at.warning)  # old prices are called old
    at.selectbox(key="to").set_value("UKR").run()  # RUS -> UKR: 4.00% in 2021Q3, above the target
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Average cost, 2021Q3"] == "4.00%"
    assert (metrics["Rough cost on your amount"], metrics["At the 3% SDG target"]) == ("US$ 7.99", "US$ 6.00")


def test_compare_with_provider_data_ranks_services(provider_env: Path) -> None:
    at = open_page("views/send_money.py")
    at.number_input(key="amount").set_value(300.0).run()
    ok(at)
    ranked = at.dataframe[0].value
    assert list(ranked["Provider"]) == ["Alpha", "Beta", "Gamma", "Delta"]
    assert any("estimated" in i.value for i in at.info)  # 300 USD lies between the surveyed 200 and 500
    assert any("do not disclose" in m.value for m in at.markdown)
    at.number_input(key="amount").set_value(2000.0).run()
    assert any("extrapolated" in w.value for w in at.warning)


def test_quotes_rank_offers_and_count_a_year() -> None:
    at = open_page("views/my_quotes.py")
    assert any("Add the mid-market rate" in m.value for m in at.markdown)
    # without the mid rate, a year is counted in what arrives less than with the best offer, never as free
    # B: 15000 x 0.112 = 1,680 vs A's 1,752.3 for the same 15,000 -> 72.30 TJS less each time, 868 a year
    assert any("**72.30 TJS** less each time" in m.value and "**868 TJS** a year" in m.value for m in at.markdown)
    at.number_input(key="q_mid").set_value(0.121).run()
    ok(at)
    table = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    # A: (15000 - 150) x 0.118 = 1,752.3; B: 15000 x 0.112 = 1,680 -> A first
    assert list(table["Provider"]) == ["Provider A", "Provider B"]
    assert table["Arrives"].iloc[0] == pytest.approx(1752.3)
    assert at.subheader[0].value.startswith("Best: Provider A")
    # the answer as a short ranked list (fits a phone), above the full table
    assert any(md.value.startswith("1. **Provider A**: **") for md in at.markdown)
    assert any("cheaper than the corridor average" in m.value or "dearer than" in m.value for m in at.markdown)
    at.text_input(key="y_thing").set_value("a month of school fees").run()
    at.number_input(key="y_price").set_value(100.0).run()
    assert any("a month of school fees" in s.value for s in at.success)


def test_the_corridor_picked_follows_the_user_and_a_bad_link_code_is_said() -> None:
    """Compare providers, Benchmark a price and Check your quotes share one picker: a corridor chosen on one
    is the one shown on the next, and a link naming a country with no corridor gets a warning on each."""
    at = open_page("views/send_money.py")
    at.selectbox(key="to").set_value("UKR").run()
    for page in ("views/benchmark.py", "views/my_quotes.py", "views/send_money.py"):
        at.switch_page(page).run()
        ok(at)
        assert (at.selectbox(key="from").value, at.selectbox(key="to").value) == ("RUS", "UKR"), page
    for page in ("views/benchmark.py", "views/my_quotes.py", "views/send_money.py"):
        fresh = open_page(page, **{"from": "ZZZ"})
        assert fresh.selectbox(key="from").value == "RUS", page  # the default, not nothing
        assert any("ZZZ" in w.value and "no corridor here" in w.value for w in fresh.warning), page
