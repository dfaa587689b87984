"""The official workbook as it really is (METHODOLOGY.md): each known quirk, in a SYNTHETIC workbook built
with tests/synthetic_rpw.py's row layout, read by remit.rpw."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook
from synthetic import copy_data_dir
from synthetic_rpw import NEW_HEADER, OLD_HEADER, OLD_ROWS, _new

from remit import rpw
from remit.build import build_store, country_resolver, load_sources

DATE = NEW_HEADER.index("date")
CORRIDOR = NEW_HEADER.index("corridor")
FIRM = NEW_HEADER.index("firm")
TOTAL = NEW_HEADER.index("cc1 total cost %")
FEE = NEW_HEADER.index("cc1 lcu fee")
AMOUNT = NEW_HEADER.index("cc1 lcu amount")
MARGIN = NEW_HEADER.index("cc1 fx margin")
LCU = NEW_HEADER.index("cc1 lcu code")
NOTE = NEW_HEADER.index("Standard Note")


def _row(
    period: str, firm: str, fee: float, margin: float, total: float, *, send: str = "RUS", recv: str = "TJK"
) -> list:
    return _new(
        period, send, recv, firm, "Money Transfer Operator", "Cash", "Agent", "Cash", "Same day", fee, margin, total
    )


def _as_text(row: list) -> list:
    """2024Q3-Q4: every number stored as text (one with a thousands separator, one with a % sign)."""
    out = [str(v) if isinstance(v, float) else v for v in row]
    out[AMOUNT] = f"{row[AMOUNT]:,.0f}"  # '15,000'
    out[TOTAL] = f" {row[TOTAL]}% "
    return out


def _quirky_rows() -> list[list]:
    rows = []
    # 2024Q3, numbers as text; a dd/Mon/yyyy date
    a = _as_text(_row("2024_3Q", "Alpha", 150.0, 1.0, 2.0))
    a[DATE] = "05/Aug/2024"
    rows.append(a)
    b = _as_text(_row("2024_4Q", "Transferwise", 75.0, 0.5, 1.0))
    b[DATE] = datetime(2024, 11, 4)  # an Excel date cell
    rows.append(b)
    # 2025Q1: Wise, the same firm under its new name; N/A and '..' tokens in optional cells
    c = _row("2025_1Q", "Wise", 75.0, 0.5, 1.0)
    c[NEW_HEADER.index("cc2 total cost %")] = "N/A"
    c[NEW_HEADER.index("cc2 fx margin")] = ".."
    c[LCU] = "N/A"
    c[NOTE] = ".."
    rows.append(c)
    # 2025Q3: Kosovo as XKX in the codes and KSV in the corridor column; unlabeled helper cells after the last header
    d = _row("2025_3Q", "Alpha", 150.0, 1.0, 2.0, send="DEU", recv="XKX")
    d[CORRIDOR] = "DEU_KSV"
    rows.append([*d, 0.0123, "helper", None, 42])
    # two rows identical except for `id`
    e = _row("2025_3Q", "Beta", 300.0, 2.0, 4.0)
    rows += [[*e, 1, "x"], list(e)]
    # a required number as 'N/A': rejected with its reason, not read as zero
    f = _row("2025_3Q", "Gamma", 150.0, 1.0, 2.0)
    f[TOTAL] = "N/A"
    rows.append(f)
    return rows


def write_quirky_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    old = wb.create_sheet("Dataset (up to Q1 2016)")
    old.append(["id", *OLD_HEADER])
    for i, r in enumerate(OLD_ROWS, 1):
        old.append([i, *r])
    new = wb.create_sheet("Dataset (from Q2 2016)")
    new.append(["id", *NEW_HEADER])
    for i, r in enumerate(_quirky_rows(), 100):
        new.append([i, *r])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def quirky(pristine_data: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The quirky workbook's import report and a store built with it, once for this file; the tests only read."""
    root = tmp_path_factory.mktemp("quirky")
    data = copy_data_dir(pristine_data, root / "data")
    countries, _ = country_resolver(data, load_sources(data))
    report = rpw.import_workbook(write_quirky_workbook(root / "rpw_dataset_2011_2025_q3.xlsx"), data, countries)
    store = root / "quirky.duckdb"
    build_store(data, store)
    with duckdb.connect(str(store), read_only=True) as con:
        yield report, con


def test_the_id_column_and_helper_cells_are_ignored(quirky) -> None:  # noqa: ANN001
    report, con = quirky
    assert report["sheets"] == {"Dataset (from Q2 2016)": 6, "Dataset (up to Q1 2016)": 3}
    assert report["periods"] == ["2011Q1", "2024Q3", "2024Q4", "2025Q1", "2025Q3"]  # 2025Q2 never collected
    assert con.execute("SELECT count(*) FROM provider_price WHERE period = '2025Q3'").fetchone()[0] == 3


def test_numbers_stored_as_text_are_numbers(quirky) -> None:  # noqa: ANN001
    _, con = quirky
    row = con.execute(
        "SELECT amount_lcu_200, fee_lcu_200, total_cost_pct_200 FROM provider_price WHERE period = '2024Q3'"
    ).fetchone()
    assert row == (15000.0, 150.0, 2.0)


def test_na_tokens_are_missing_and_a_missing_total_is_rejected(quirky) -> None:  # noqa: ANN001
    report, con = quirky
    row = con.execute(
        "SELECT total_cost_pct_500, fx_margin_pct_500, lcu_code, note FROM provider_price WHERE period = '2025Q1'"
    ).fetchone()
    assert row == (None, None, None, None)
    assert report["rejected_by_reason"] == {"no total cost for USD 200": 1}


def test_kosovo_is_one_country(quirky) -> None:  # noqa: ANN001
    _, con = quirky
    assert con.execute("SELECT DISTINCT receiving_iso3 FROM provider_price WHERE sending_iso3 = 'DEU'").fetchall() == [
        ("XKX",)
    ]


def test_transferwise_and_wise_are_one_firm(quirky) -> None:  # noqa: ANN001
    _, con = quirky
    firms = {r[0] for r in con.execute("SELECT firm FROM provider_price WHERE period >= '2024Q4'").fetchall()}
    assert "Wise" in firms and "Transferwise" not in firms


def test_rows_identical_except_id_count_as_the_world_bank_counts_them(quirky) -> None:  # noqa: ANN001
    report, con = quirky
    assert report["identical_rows"] == 1
    # both kept: the published averages are simple means over the workbook's rows (2 + 4 + 4) / 3
    mean = con.execute(
        "SELECT avg(total_cost_pct_200) FROM provider_price WHERE period = '2025Q3' AND sending_iso3 = 'RUS'"
    ).fetchone()[0]
    assert mean == pytest.approx(4.0)
    assert report["survey_dates"] == ["2016-05-01", "2024-11-04"]  # dd/Mon/yyyy text, Excel dates and ISO text


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("05/May/2025", date(2025, 5, 5)),
        ("5/May/2025", date(2025, 5, 5)),
        (datetime(2025, 8, 1, 0, 0), date(2025, 8, 1)),
        (45870, date(2025, 8, 1)),  # an Excel serial day
        ("2016-05-01", date(2016, 5, 1)),
        ("N/A", None),
        ("..", None),
        (None, None),
        (3.5, None),
    ],
)
def test_survey_dates(cell: object, day: date | None) -> None:
    assert rpw.parse_survey_date(cell) == day
