"""`python -m remit country` and the corridor history's SmaRT, period and age (a public JSON contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from remit_cli import remit_cli

from remit import costs

CONTRACT = [
    "iso3",
    "period",
    "age_years",
    "weights_year",
    "coverage_pct",
    "cost_to_weighted_pct",
    "cost_to_unweighted_pct",
    "cost_to_published_pct",
    "cost_to_published_year",
    "corridors",
]


def _json(store: Path, *args: str) -> dict:
    out = remit_cli(*args, "--json", store=store)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_country_json_tajikistan_2020q3(real_store: Path) -> None:
    p = _json(real_store, "country", "Tajikistan", "--period", "2020Q3")
    assert all(k in p for k in CONTRACT)
    assert p["iso3"] == "TJK" and p["period"] == "2020Q3" and p["weights_year"] == 2021
    assert round(p["cost_to_weighted_pct"], 2) == 2.55 and round(p["cost_to_unweighted_pct"], 2) == 5.58
    assert round(p["cost_to_published_pct"], 2) == 7.21 and p["cost_to_published_year"] == 2020
    assert p["age_years"] == costs.quarter_age_years("2020Q3")
    rus = p["corridors"][0]
    assert rus["sending_iso3"] == "RUS" and rus["cost_pct"] == 2.0 and rus["smart_pct"] == 2.0
    assert rus["flow_usd"] > 2e9 and 0.9 < rus["weight"] < 0.95
    assert "cost_from_weighted_pct" not in p  # Tajikistan sends through no surveyed corridor


def test_country_json_sending_side_and_kosovo_codes(real_store: Path) -> None:
    rus = _json(real_store, "country", "RUS")
    assert rus["cost_from_period"] == "2021Q3" and rus["cost_from_corridors_n"] == 13
    assert rus["cost_from_weighted_pct"] is not None and rus["cost_from_published_year"] == 2021
    ksv, xkx = _json(real_store, "country", "KSV"), _json(real_store, "country", "Kosovo")
    assert ksv["iso3"] == xkx["iso3"] == "XKX" and ksv["cost_to_weighted_pct"] == xkx["cost_to_weighted_pct"]
    assert "United Nations, SDG Global Database" in ksv["cost_to_published_source"]


def test_country_text_says_the_age(real_store: Path) -> None:
    out = remit_cli("country", "KGZ", store=real_store)
    assert out.returncode == 0, out.stderr
    assert f"2021Q3, {costs.quarter_age_years('2021Q3')} years ago" in out.stdout and "flow-weighted" in out.stdout


@pytest.mark.parametrize(("args", "error"), [(("Atlantis",), "Unknown country"), (("TJK", "--period", "Q3"), "Q3")])
def test_country_errors(real_store: Path, args: tuple[str, ...], error: str) -> None:
    out = remit_cli("country", *args, store=real_store)
    assert out.returncode == 1 and error in out.stderr


def test_corridor_history_has_smart_source_period_and_age(real_store: Path) -> None:
    p = _json(real_store, "corridor", "RUS", "TJK")
    last = p["history"][-1]
    assert last["period"] == p["period"] == "2021Q3" and p["age_years"] == costs.quarter_age_years("2021Q3")
    assert last["smart_pct"] == pytest.approx(1.78333) and last["source"] == "sdg_corridor_cost"
    assert p["history"][0]["smart_pct"] is None  # SmaRT from the UN database starts in 2016Q3
    assert "sdg_corridor_smart" in p["sources"]
