"""Hostile command-line arguments: SQL-looking names, pasted pages of text, non-finite numbers. Each
gets a one-line error and exit status 1, quickly, and nothing is run as a query."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from remit_cli import remit_cli

from remit import corridor_savings, corridors
from remit.countries import CountryResolver
from remit.errors import MissingData, RemitError, UnknownCountry


@pytest.mark.parametrize("text", ["A" * 100_000, "(" * 100_000, "(a" * 50_000, "\x00" * 1000, "é" * 5000])
def test_a_huge_country_name_is_unknown_at_once_with_a_short_message(text: str) -> None:
    resolver = CountryResolver()
    resolver.add("RUS", "Russian Federation")
    with pytest.raises(UnknownCountry) as err:
        resolver.resolve(text)
    assert len(str(err.value)) < 200


@pytest.mark.parametrize("target", ["nan", "inf", "-inf", "-1", "101", "1e308", "3; DROP TABLE country"])
def test_savings_target_must_be_a_percentage(real_con: duckdb.DuckDBPyConnection, target: str) -> None:
    with pytest.raises(MissingData, match="from 0 to 100"):
        corridor_savings.corridor_savings(real_con, "RUS", "TJK", target=target)


@pytest.mark.parametrize(
    "name", ["RUS' OR '1'='1", "TJK); DROP TABLE corridor_cost; --", "../../etc/passwd", "%", "_", "*"]
)
def test_sql_looking_names_are_just_unknown(real_con: duckdb.DuckDBPyConnection, name: str) -> None:
    with pytest.raises(RemitError):
        corridors.corridor_history(real_con, name, "TJK")
    assert real_con.execute("SELECT count(*) FROM corridor_cost").fetchone()[0] > 0


def test_cli_answers_a_pasted_page_of_text_with_one_line(real_store: Path) -> None:
    out = remit_cli("corridor", "A" * 100_000, "TJK", store=real_store)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and len(out.stderr) < 300, out.stderr[:500]


# --- Issue 15: no traceback for any argument; every number bounded ---------------------------------------


def test_compare_shows_a_service_that_hides_its_rate_without_a_traceback(provider_env: Path) -> None:
    out = remit_cli("compare", "RUS", "TJK", store=provider_env)  # the SYNTHETIC workbook's non-transparent service
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-500:]
    assert "rate not disclosed" in out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("savings", "RUS", "TJK", "--period", ""),
        ("savings", "RUS", "TJK", "--period", "nan"),
        ("corridors", "--period", ""),
        ("benchmark", "RUS", "TJK", "--fee-pct", "1", "--fx-margin-pct", "1", "--period", "nan"),
        ("import-rpw", "a" * 300 + ".xlsx"),
        ("compare", "RUS", "TJK", "--amount", "1e308"),
        ("compare", "RUS", "TJK", "--amount", "inf"),
        ("compare", "RUS", "TJK", "--amount", "nan"),
        ("compare", "RUS", "TJK", "--amount", "0"),
        ("benchmark", "RUS", "TJK", "--fee-pct", "1", "--fx-margin-pct", "1", "--amount", "1e308"),
        ("benchmark", "RUS", "TJK", "--fee-pct", "1e308", "--fx-margin-pct", "1"),
        ("quote", "--send", "1e308", "--fee", "1", "--rate", "1", "--mid-rate", "1"),
    ],
    ids=lambda a: " ".join(x[:12] for x in a),
)
def test_a_hostile_argument_gets_one_line_and_status_1(provider_env: Path, args: tuple[str, ...]) -> None:
    out = remit_cli(*args, store=provider_env)
    assert out.returncode == 1, (out.returncode, out.stdout[-300:], out.stderr[-500:])
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1 and len(out.stderr) < 300, out.stderr[-500:]
    assert not out.stdout
