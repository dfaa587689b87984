"""Nothing a visitor uploads reaches others as markup or formulas (remit.safe at the places text becomes
Markdown, a Plotly label or a spreadsheet cell), and the switch for loading data from the app is off
for any value it does not recognise. SYNTHETIC data; the hostile names are the attack's."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from apptest import app
from streamlit.testing.v1 import AppTest
from synthetic_rpw import write_workbook

from remit import charts, safe
from ui import cached

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL_FILE = "[Official update - click here](https:evil.example) $x$.xlsx"
EVIL_FIRM = '<a href="https://evil.example">Cheapest</a>'


@pytest.mark.parametrize(
    "text",
    [EVIL_FILE, "see https://evil.example", "www.evil.example", "me@evil.example", ":red[x] :material/home:", "**b**"],
)
def test_markdown_keeps_links_latex_and_directives_out(text: str) -> None:
    out = safe.markdown(text)
    assert not re.search(r"(?<!\\)[\[\]()$@:*]", out), out  # each one escaped
    assert "www." not in out
    assert out.replace("\\", "") == text  # every character shows as it was


def test_a_chart_label_is_escaped_and_capped() -> None:
    assert "<a" not in safe.label(EVIL_FIRM) and "&lt;a href" in safe.label(EVIL_FIRM)
    assert len(safe.label("W" * 32_000)) == safe.LABEL_CHARS


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_spreadsheet_cell_never_starts_a_formula(text: str) -> None:
    frame = pd.DataFrame({"firm": [text, "Fine"], "cost": [-1.5, 2.0]})
    assert safe.spreadsheet(frame)["firm"].tolist() == ["'" + text, "Fine"]
    out = pd.read_csv(io.BytesIO(safe.csv_bytes(frame)), keep_default_na=False, lineterminator="\n")
    assert str(out["firm"].iloc[0]).startswith("'")
    assert out["cost"].tolist() == [-1.5, 2.0]  # numbers stay numbers


def _offers(firm: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "firm": [firm, "Other"],
            "pickup_method": ["Cash", "Account"],
            "speed": ["Minutes", "1 day"],
            "transparent": [True, True],
            "received_value_lcu": [15_000.0, 14_000.0],
            "total_cost_pct": [1.0, 2.0],
            "estimate": ["surveyed", "surveyed"],
        }
    )


@pytest.mark.parametrize("firm", [EVIL_FIRM, "F" * 32_000], ids=["a link", "32,000 characters"])
def test_a_provider_name_is_no_link_in_a_chart_and_cannot_squash_it(firm: str) -> None:
    fig = charts.offers_bars(_offers(firm), "RUB", "Title", "Sub", f"Imported from {EVIL_FIRM}")
    labels = list(fig.data[0].y)
    assert all("<a" not in label for label in labels), labels
    assert all(len(label) < 2 * safe.LABEL_CHARS for label in labels), [len(x) for x in labels]
    assert "<a" not in fig.layout.title.subtitle.text


# --- The imports switch -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "N", "disabled", "0.0", "none", "0", "false", "OFF", "ja"])
def test_an_unrecognised_import_switch_means_off(
    value: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("REMIT_ALLOW_IMPORT", value)
    cached._import_switch.cache_clear()
    with caplog.at_level(logging.WARNING, logger="remit"):
        assert cached.imports_allowed() is False
    known = value.strip().lower() in cached.IMPORT_OFF
    assert known or "is OFF" in caplog.text  # an unknown value is said in the log


@pytest.mark.parametrize("value", [None, "1", "true", "YES", " on "])
def test_the_import_switch_is_on_when_unset_or_clearly_on(value: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if value is None:
        monkeypatch.delenv("REMIT_ALLOW_IMPORT", raising=False)
    else:
        monkeypatch.setenv("REMIT_ALLOW_IMPORT", value)
    assert cached.imports_allowed() is True


def test_run_cluster_starts_with_imports_off_unless_asked() -> None:
    script = (ROOT / "deploy/run_cluster.sh").read_text()
    assert "ALLOW_IMPORT=0\n" in script and "--allow-import) ALLOW_IMPORT=1" in script
    assert 'export REMIT_ALLOW_IMPORT="$ALLOW_IMPORT"' in script


# --- A workbook with a hostile file name, imported in the app -------------------------------------------


@pytest.fixture
def imported(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app after a visitor imported the SYNTHETIC workbook under a hostile file name."""
    monkeypatch.setenv("REMIT_DATA_DIR", str(fixture_data))
    monkeypatch.setenv("REMIT_STORE", str(tmp_path / "app.duckdb"))
    monkeypatch.delenv("REMIT_ALLOW_IMPORT", raising=False)
    cached.clear()
    at = app().switch_page("views/data_methods.py").run()
    at.get("file_uploader")[0].set_value((EVIL_FILE, write_workbook(tmp_path / "w.xlsx").read_bytes(), XLSX))
    at.run()
    next(b for b in at.button if b.label == "Import this workbook").click().run()
    assert not at.exception, [e.value for e in at.exception]
    yield at
    cached.clear()


def _markdown_texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "success", "info", "warning", "error") for e in at.get(kind)]


def _no_live_file_name(texts: list[str]) -> None:
    shown = [x for x in texts if "Official update" in x]
    assert shown, "the file name is shown somewhere"
    for text in shown:
        assert "](https:" not in text and "$x$" not in text and "[Official" not in text.replace("\\[", ""), text


def test_an_uploaded_file_name_is_text_on_data_and_methods(imported: AppTest) -> None:
    at = imported
    at.switch_page("views/data_methods.py").run()
    _no_live_file_name(_markdown_texts(at))


def test_an_uploaded_file_name_is_text_in_every_cite_line(imported: AppTest) -> None:
    at = imported
    at.switch_page("views/send_money.py").run()
    assert not at.exception, [e.value for e in at.exception]
    cites = [x for x in _markdown_texts(at) if "Cite this" in x]
    assert cites
    _no_live_file_name(cites)


def test_downloads_carry_the_published_precision_not_float_noise() -> None:
    frame = pd.DataFrame(
        {
            "total_cost_pct_200": [4.86399984359741],
            "gap_usd_per_year": [1234.5678912],
            "fx_rate_200": [0.11851234567],
            "Per transfer (US$)": [1.23456],
            "percentile": [66.66666666666667],
            "firm": ["=HYPERLINK()"],
            "mixed": [0.1234567],
        }
    )
    assert [safe.decimals(c) for c in frame.columns] == [4, 2, 6, 2, 4, 4, 4]
    text = safe.csv_bytes(frame).decode()
    assert text.splitlines()[1] == "4.864,1234.57,0.118512,1.23,66.6667,'=HYPERLINK(),0.1235"
