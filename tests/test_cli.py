"""The command line is a public contract: subcommands, flags, JSON keys and exit codes.

The checks call remit.cli.main in this process (tests/remit_cli.py); one smoke test runs the real
`python -m remit` entry point in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from remit_cli import remit_cli, remit_subprocess


def run(store: Path, *args: str) -> subprocess.CompletedProcess:
    return remit_cli(*args, store=store)


def test_python_m_remit_runs_in_a_fresh_process(real_store: Path) -> None:
    """The one subprocess: the entry point, its exit codes and its output streams as a shell sees them."""
    out = remit_subprocess("corridor", "RUS", "TJK", "--json", store=real_store)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["receiving_iso3"] == "TJK"
    bad = remit_subprocess("corridor", "Atlantis", "TJK", store=real_store)
    assert bad.returncode == 1 and bad.stdout == "" and bad.stderr.startswith("remit: ")


def test_corridor_json_prints_the_real_history(real_store: Path) -> None:
    out = run(real_store, "corridor", "RUS", "TJK", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["sending_iso3"] == "RUS" and payload["receiving_iso3"] == "TJK"
    periods = [h["period"] for h in payload["history"]]
    # 35 DataBank quarters 2011Q1-2020Q3, then 2021Q3 from the UN SDG database
    assert periods[0] == "2011Q1" and periods[-2:] == ["2020Q3", "2021Q3"] and len(periods) == 36
    assert all(isinstance(h["total_cost_pct"], float) for h in payload["history"])
    assert "rpw_databank" in payload["sources"] and "sdg_corridor_cost" in payload["sources"]


def test_corridor_accepts_names_and_rpw_codes(real_store: Path) -> None:
    out = run(real_store, "corridor", "Germany", "KSV", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["receiving_iso3"] == "XKX"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("corridor", "Rusia", "TJK"), "Did you mean: Russian Federation (RUS)"),
        (("corridor", "RUS", "DEU"), "from Russian Federation (RUS) the data has corridors to ARM"),
    ],
)
def test_unknown_country_or_corridor_exits_with_one_line(
    real_store: Path, args: tuple[str, ...], expected: str
) -> None:
    out = run(real_store, *args)
    assert out.returncode == 1
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and expected in out.stderr


def test_info_json(real_store: Path) -> None:
    out = run(real_store, "info", "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["corridors"] == 377
    assert info["period_first"] == "2011Q1" and info["period_last"] == "2025Q3" and info["period_complete"] == "2021Q3"
    ids = {s["source_id"] for s in info["sources"]}
    assert {"rpw_databank", "wdi_received", "knomad_inflows", "bilateral_remittances_2021"} <= ids
    assert all(s["vintage"] and s["rows_n"] > 0 for s in info["sources"])


def test_build_into_a_new_store(tmp_path: Path) -> None:
    store = tmp_path / "new.duckdb"
    out = run(store, "build", "--json", "--quiet")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["rows"]["corridor_cost"] > 10000 and store.exists()
