"""Importing the provider-level RPW workbook and the World Bank indicators computed from it,
checked by hand on a SYNTHETIC workbook in the official layout (tests/synthetic_rpw.py)."""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from remit_cli import remit_cli
from synthetic_rpw import NEW_HEADER, NEW_ROWS, write_workbook

from remit import prices, rpw
from remit.build import country_resolver, load_sources


@pytest.fixture
def imported(provider_import: tuple[Path, dict]) -> Iterator[tuple[dict, duckdb.DuckDBPyConnection]]:
    """The SYNTHETIC workbook's import report and the store built with it (read-only, shared by the session)."""
    store, report = provider_import
    with duckdb.connect(str(store), read_only=True) as con:
        yield report, con


def test_both_sheets_map_onto_one_table(imported) -> None:
    report, con = imported
    assert report["sheets"] == {"Dataset (from Q2 2016)": 8, "Dataset (up to Q1 2016)": 3}
    assert report["periods"] == ["2011Q1", "2016Q2"]  # '2011_1Q' and '2016_2Q' become sortable quarters
    old = con.execute(
        "SELECT product, access_point, pickup_method FROM provider_price WHERE firm='Gamma' AND period='2011Q1'"
    ).fetchone()
    assert old == ("Account to cash", "Branch", "Cash")  # 'sending location' and 'pick-up method' of the old sheet
    assert con.execute("SELECT count(*) FROM provider_price WHERE receiving_iso3 = 'XKX'").fetchone()[0] == 3  # KSV


def test_hard_failures_are_reported_not_dropped_silently(imported) -> None:
    report, _ = imported
    assert report["rejected_rows"] == 3
    assert report["rejected_by_reason"] == {
        "unknown receiving country code": 1,
        "no total cost for USD 200": 1,
        "period is not a quarter like 2016_2Q": 1,
    }
    assert {e["source_row"] for e in report["rejected_examples"]} == {"10", "11", "12"}
    json.dumps(report, allow_nan=False)  # the report is valid JSON


def test_awkward_rows_are_kept_and_flagged(imported) -> None:
    report, con = imported
    assert report["flags"] == {
        "total_cost_mismatch": 1,
        "non_transparent": 1,
        "negative_fx_margin": 1,
        "placeholder_rate": 1,
        "duplicate_service": 0,
    }
    firms = dict(
        con.execute(
            "SELECT firm, [total_cost_mismatch, non_transparent, negative_fx_margin, placeholder_rate] FROM provider_price WHERE period='2016Q2'"
        ).fetchall()
    )
    assert firms["Odd"] == [True, False, False, False]
    assert firms["Opaque"] == [False, True, False, False]
    assert firms["Promo"] == [False, False, True, False]
    assert firms["Placeholder"] == [False, False, False, True]


def test_global_average_is_a_mean_over_transparent_services(imported) -> None:
    _, con = imported
    a = prices.averages(con, "2016Q2")
    # RUS->TJK 1, 2, 3, 8 and DEU->XKX 0.5, 5, 4 (the non-transparent service is left out)
    assert a["global_average_pct"] == pytest.approx(23.5 / 7)
    assert (a["services"], a["corridors"]) == (7, 2)
    by_firm = {g["group"]: g["average_total_cost_pct"] for g in a["by_firm_type"]}
    assert by_firm["Bank"] == pytest.approx((3 + 8 + 5) / 3)
    assert by_firm["Money Transfer Operator"] == pytest.approx((1 + 2 + 0.5) / 3)
    with_opaque = prices.averages(con, "2016Q2", include_non_transparent=True)
    assert with_opaque["global_average_pct"] == pytest.approx(23.5 / 8) and with_opaque["services"] == 8


def test_smart_is_the_mean_of_the_three_cheapest_qualifying_services(imported) -> None:
    _, con = imported
    smart = prices.smart(con, "2016Q2").set_index(["sending_iso3", "receiving_iso3"])
    # RUS->TJK: 1, 2, 3 qualify; 8 takes 6 days or more; the opaque 0 is not transparent
    assert smart.at[("RUS", "TJK"), "smart_pct"] == pytest.approx(2.0)
    assert smart.at[("DEU", "XKX"), "smart_pct"] == pytest.approx((0.5 + 4 + 5) / 3)


def test_provider_averages_replace_shipped_ones_for_the_quarters_they_cover(imported) -> None:
    _, con = imported
    rows = dict(
        con.execute(
            "SELECT period, [total_cost_pct_200, services_n] FROM corridor_cost WHERE sending_iso3='RUS' AND receiving_iso3='TJK'"
        ).fetchall()
    )
    assert rows["2011Q1"] == [pytest.approx(2.0), 2]  # from the workbook (the DataBank file says 2.5)
    assert rows["2016Q2"] == [pytest.approx(3.5), 4]  # (1 + 2 + 3 + 8) / 4: every transparent service, slow ones too
    sources = dict(
        con.execute(
            "SELECT period, source_id FROM corridor_cost WHERE sending_iso3='RUS' AND receiving_iso3='TJK'"
        ).fetchall()
    )
    assert sources == {"2011Q1": "rpw_provider", "2011Q3": "databank", "2012Q1": "databank", "2016Q2": "rpw_provider"}
    # the whole quarter is taken over: USA->MEX had a DataBank value in 2011Q1 but no workbook row
    assert (
        con.execute("SELECT count(*) FROM corridor_cost WHERE period='2011Q1' AND sending_iso3='USA'").fetchone()[0]
        == 0
    )


def test_a_failed_import_keeps_the_previous_one(fixture_data: Path, tmp_path: Path) -> None:
    countries, _ = country_resolver(fixture_data, load_sources(fixture_data))
    rpw.import_workbook(write_workbook(tmp_path / "good.xlsx"), fixture_data, countries)
    saved = (fixture_data / "imported/rpw_providers.parquet").read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(rpw.InvalidWorkbook, match="is damaged: the zip archive inside cannot be opened"):
        rpw.import_workbook(bad, fixture_data, countries)
    wrong = tmp_path / "wrong.xlsx"
    write_workbook(wrong, new_rows=[], old_rows=[])
    with pytest.raises(rpw.InvalidWorkbook, match="no valid provider rows"):
        rpw.import_workbook(wrong, fixture_data, countries)
    assert (fixture_data / "imported/rpw_providers.parquet").read_bytes() == saved
    assert not list((fixture_data / "imported").glob("*.tmp"))


def test_missing_required_column_is_named(fixture_data: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Dataset (from Q2 2016)"
    ws.append(["period", "source_code", "destination_code", "firm"])
    ws.append(["2016_2Q", "RUS", "TJK", "Alpha"])
    path = tmp_path / "thin.xlsx"
    wb.save(path)
    countries, _ = country_resolver(fixture_data, load_sources(fixture_data))
    with pytest.raises(rpw.InvalidWorkbook, match="missing column"):
        rpw.import_workbook(path, fixture_data, countries)


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2016_2Q", "2016Q2"),
        ("2011_1Q", "2011Q1"),
        ("2025Q3", "2025Q3"),
        ("Q4 2019", "2019Q4"),
        ("2016_5Q", None),
        ("spring", None),
    ],
)
def test_period_strings(text: str, quarter: str | None) -> None:
    assert rpw.parse_period(text) == quarter


def test_cli_import_and_averages(fixture_data: Path, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return remit_cli(*args, store=tmp_path / "cli.duckdb", data=fixture_data)

    missing = run("averages", "--json")
    assert missing.returncode == 1 and "import-rpw" in missing.stderr
    done = run("import-rpw", str(write_workbook(tmp_path / "wb.xlsx")), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == len(NEW_ROWS) - 3 + 3
    out = run("averages", "--period", "2016Q2", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["global_average_pct"] == pytest.approx(23.5 / 7)
    assert {"corridors", "services", "by_firm_type"} <= set(payload)
    assert run("averages", "--period", "2030Q1").returncode == 1


# --- Hostile workbooks: random bytes and random sheets never get past InvalidWorkbook or into data/ ---------

HOSTILE = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
CELL = hs.one_of(
    hs.none(),
    hs.sampled_from(["RUS", "TJK", "KSV", "2016_2Q", "2011_1Q", "yes", "no", "", "'; DROP TABLE country;--"]),
    hs.sampled_from(["<script>alert(1)</script>", '=HYPERLINK("http://x")', "1e308", "nan", "-5"]),
    hs.text(alphabet=hs.characters(blacklist_categories=("Cs",)), max_size=20),
    hs.floats(allow_nan=True, allow_infinity=True),
    hs.integers(-(10**12), 10**12),
)


def _imported(data: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in (data / "imported").glob("*"))


def _refused(path: Path, data: Path) -> None:
    """The import either succeeds or raises InvalidWorkbook with a message, leaving data/imported/ as it was."""
    countries, _ = country_resolver(data, load_sources(data))
    before = _imported(data)
    try:
        rpw.import_workbook(path, data, countries)
    except rpw.InvalidWorkbook as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert _imported(data) == before, "a refused workbook changed data/imported/"


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic import make_data_dir

    return make_data_dir(tmp_path_factory.mktemp("hostile"))


@pytest.mark.slow  # hostile input at scale: not in the fast tier
@HOSTILE
@given(raw=hs.one_of(hs.binary(max_size=4000), hs.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b)))
def test_random_bytes_are_refused_as_a_workbook(hostile_data: Path, tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("upload") / "rpw.xlsx"
    path.write_bytes(raw)
    _refused(path, hostile_data)


@pytest.mark.slow  # hostile input at scale: not in the fast tier
@HOSTILE
@given(
    header=hs.lists(hs.sampled_from([*NEW_HEADER, "junk", "", "period"]), max_size=25),
    rows=hs.lists(hs.lists(CELL, max_size=25), max_size=12),
    sheet=hs.sampled_from(["Dataset (from Q2 2016)", "Dataset (up to Q1 2016)", "Sheet1", "Dataset"]),
)
def test_random_sheets_import_or_are_refused_plainly(
    hostile_data: Path, tmp_path_factory, header: list[str], rows: list[list], sheet: str
) -> None:
    path = tmp_path_factory.mktemp("upload") / "rpw.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate([header, *rows]):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif v is not None:
                ws.write(r, c, v if not isinstance(v, float) or math.isfinite(v) else str(v))
    wb.close()
    _refused(path, hostile_data)
