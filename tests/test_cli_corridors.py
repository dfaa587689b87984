"""`python -m remit corridors`: every corridor's average for a quarter, a public contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import run


def test_corridors_json_lists_every_corridor_of_the_quarter(real_store: Path) -> None:
    out = run(real_store, "corridors", "--period", "2020Q3", "--json")
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert p["period"] == "2020Q3" and p["count"] == len(p["corridors"]) == 367
    assert (p["above_5pct_n"], p["below_3pct_n"]) == (241, 26)
    assert round(p["mean_of_corridor_averages_pct"], 2) == 7.00  # METHODOLOGY.md reference
    first = p["corridors"][0]
    keys = {"sending_iso3", "sending_name", "receiving_iso3", "receiving_name", "total_cost_pct", "source"}
    assert keys <= set(first) and first["rank"] == 1
    costs = [c["total_cost_pct"] for c in p["corridors"]]
    assert costs == sorted(costs, reverse=True)
    rus_tjk = next(c for c in p["corridors"] if c["corridor"] == "RUS-TJK")
    assert rus_tjk["total_cost_pct"] == pytest.approx(2.0) and rus_tjk["source"] == "rpw_databank"
    assert rus_tjk["sending_name"] == "Russian Federation" and rus_tjk["receiving_name"] == "Tajikistan"
    assert "Remittance Prices Worldwide" in p["sources"]["rpw_databank"]


def test_corridors_filters_by_sending_and_receiving_country(real_store: Path) -> None:
    out = run(real_store, "corridors", "--period", "2020Q3", "--recv", "TJK", "--recv", "Kyrgyz Republic", "--json")
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert sorted(c["corridor"] for c in p["corridors"]) == ["DEU-KGZ", "DEU-TJK", "RUS-KGZ", "RUS-TJK"]
    assert p["corridors_in_quarter"] == 367 and p["filters"]["recv"] == ["TJK", "KGZ"]
    out = run(real_store, "corridors", "--period", "2025Q3", "--send", "USA", "--recv", "IND", "--json")
    only = json.loads(out.stdout)["corridors"]
    assert [c["corridor"] for c in only] == ["USA-IND"] and only[0]["source"] == "rpw_panel_southasia"


def test_corridors_text_defaults_to_the_latest_complete_quarter(real_store: Path) -> None:
    out = run(real_store, "corridors", "--send", "RUS")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("2021Q3: 13 of 362 corridors") and "RUS-TJK" in out.stdout
    assert "United Nations, SDG Global Database" in out.stdout  # the cite line names where 2021Q3 comes from


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--period", "2031Q1"), "'2031Q1' has no corridor cost data: the data has quarters from 2011Q1 to 2025Q3"),
        (("--period", "2011Q2"), "has no corridor cost data"),
        (("--period", "Q3-2020"), "--period must be a quarter like 2020Q3, not 'Q3-2020'"),
        (("--send", "Rusia"), "Did you mean: Russian Federation (RUS)"),
    ],
)
def test_corridors_bad_input_exits_with_one_line(real_store: Path, args: tuple[str, ...], expected: str) -> None:
    out = run(real_store, "corridors", *args, "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and expected in out.stderr
