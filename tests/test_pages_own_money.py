"""Check your quotes and Compare providers in the sender's money, with a cached reference rate (SYNTHETIC
rates written into the cache file; no network)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from apptest import ok, open_page

pytestmark = pytest.mark.usefixtures("app_env")


def _cache(rub_per: dict[str, float], day: str | None = None) -> None:
    """A CBR table in the cache the app reads: roubles per unit of each currency."""
    path = Path(os.environ["REMIT_RATES_FILE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    table = {"day": day or date.today().isoformat(), "fetched_at": "", "per_base": {"RUB": 1.0}}
    table["per_base"] |= {code: 1 / v for code, v in rub_per.items()}
    path.write_text(json.dumps({"CBR": table}), encoding="utf-8")


def test_quotes_prefill_the_reference_rate_with_its_source_and_date() -> None:
    _cache({"TJS": 8.0, "USD": 80.0}, day="2026-11-02")
    at = open_page("views/my_quotes.py")
    assert at.number_input(key="q_mid").value == pytest.approx(0.125)
    assert any(c.value.startswith("Reference rate: Central Bank of Russia, 2026-11-02.") for c in at.caption)
    assert any("days old" in c.value for c in at.caption)  # a stale rate says its age
    assert any("Provider B" in w.value and "away from the reference rate" in w.value for w in at.warning)


def test_without_a_rate_the_user_types_it_and_another_pair_clears_the_examples() -> None:
    at = open_page("views/my_quotes.py")
    assert at.number_input(key="q_mid").value == 0.0
    assert any("No reference rate for RUB → TJS here" in c.value for c in at.caption)
    at.number_input(key="q_mid").set_value(0.121).run()
    at.text_input(key="q_cur_send").set_value("EUR").run()
    ok(at)
    assert at.number_input(key="q_mid").value == 0.0  # the old pair's rate is not kept for the new one
    assert any("at least two offers" in i.value for i in at.info)  # no example priced in the wrong currency
    assert not any("%" in m.value and "Provider A" in m.value for m in at.markdown)


def test_the_cheapest_is_said_and_transfers_are_whole() -> None:
    _cache({"TJS": 8.2})
    at = open_page("views/my_quotes.py")
    assert at.number_input(key="y_n").value == 1 and isinstance(at.number_input(key="y_n").value, int)
    at.selectbox(key="y_now").set_value("Provider A").run()
    ok(at)
    text = " ".join(m.value for m in at.markdown)
    assert "is already the cheapest of these offers" in text and "1 transfer a month" in text
    assert "more a year" not in text
