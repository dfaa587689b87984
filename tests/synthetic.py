"""SYNTHETIC test data in the publishers' file layouts. Every figure here is made up for tests.

A small data/ folder: WDI country metadata and remittances (API CSV), a DataBank corridor export,
a KNOMAD inflow table and a bilateral remittance matrix, with a sources.toml that lists them.
Tests change single cells to provoke each validation error.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd

ECONOMIES = [  # (code, World Bank name, region, income group)
    ("RUS", "Russian Federation", "Europe & Central Asia", "High income"),
    ("TJK", "Tajikistan", "Europe & Central Asia", "Lower middle income"),
    ("KGZ", "Kyrgyz Republic", "Europe & Central Asia", "Lower middle income"),
    ("XKX", "Kosovo", "Europe & Central Asia", "Upper middle income"),
    ("DEU", "Germany", "Europe & Central Asia", "High income"),
    ("USA", "United States", "North America", "High income"),
    ("MEX", "Mexico", "Latin America & Caribbean", "Upper middle income"),
]
AGGREGATES = [("WLD", "World")]

# (sending RPW code, receiving RPW code) -> {quarter: cost %}; '..' cells are the gaps.
CORRIDORS: dict[tuple[str, str], dict[str, float]] = {
    ("RUS", "TJK"): {"2011Q1": 2.5, "2011Q3": 2.6, "2012Q1": 2.0},
    ("RUS", "KGZ"): {"2011Q1": 2.0, "2011Q3": 1.5, "2012Q1": 1.0},
    ("DEU", "KSV"): {"2011Q3": 6.0, "2012Q1": 5.5},
    ("USA", "MEX"): {"2011Q1": 5.5, "2011Q3": 4.0, "2012Q1": 3.5},
}
QUARTERS = ["2011Q1", "2011Q3", "2012Q1"]
RECEIVED_USD = {("TJK", 2022): 5.0e9, ("TJK", 2023): 6.0e9, ("KGZ", 2023): 2.5e9, ("XKX", 2023): 1.5e9}
GDP_USD = {("TJK", 2023): 12.0e9, ("KGZ", 2023): 12.5e9, ("XKX", 2023): 10.0e9}

SOURCE_FIELDS = """publisher = "SYNTHETIC test data"
title = "SYNTHETIC {id}"
url = "http://127.0.0.1/"
vintage = "2000-01-01"
period = "test"
licence = "test only"
citation = "SYNTHETIC {id}."
copied_from = "tests/synthetic.py"
scope = "test"
"""


def _write_csv(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def write_databank(path: Path, corridors: dict[tuple[str, str], dict[str, float]] = CORRIDORS) -> None:
    names = {c: n for c, n, *_ in ECONOMIES} | {"KSV": "Kosovo"}
    header = [
        "Sending Countries Name",
        "Sending Countries Code",
        "Series Name",
        "Series Code",
        "Receiving Countries  Name",
        "Receiving Countries  Code",
        *(f"{q} [YR{q}]" for q in QUARTERS),
    ]
    rows: list[list[object]] = [header]
    for (s, r), values in corridors.items():
        rows.append(
            [
                names.get(s, s),
                s,
                "Average Total Cost to remit in corridor",
                "ATCR.CORR",
                names.get(r, r),
                r,
                *(values.get(q, "..") for q in QUARTERS),
            ]
        )
    rows += [
        [""] * len(header),
        ["Data from database: Remittance Prices Worldwide (Corridors)"],
        ["Last Updated: 12/07/2020"],
    ]
    _write_csv(path, rows)


def write_wdi_csv(path: Path, indicator: str, values: dict[tuple[str, int], float]) -> None:
    years = list(range(2020, 2025))
    rows: list[list[object]] = [
        ["Data Source", "World Development Indicators"],
        [],
        ["Last Updated Date", "2025-07-01"],
        [],
        ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *map(str, years)],
    ]
    for code, name, *_ in ECONOMIES + AGGREGATES:
        rows.append([name, code, "SYNTHETIC", indicator, *(values.get((code, y), "") for y in years)])
    _write_csv(path, rows)


def write_metadata(path: Path) -> None:
    rows: list[list[object]] = [["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]]
    rows += [[c, reg, inc, "", n] for c, n, reg, inc in ECONOMIES]
    rows += [[c, "", "", "aggregate", n] for c, n in AGGREGATES]
    _write_csv(path, rows)


def write_datahub(path: Path, values: dict[tuple[str, int], float]) -> None:
    names = dict((c, n) for c, n, *_ in ECONOMIES)
    _write_csv(
        path,
        [["Country Name", "Country Code", "Year", "Value"]] + [[names[c], c, y, v] for (c, y), v in values.items()],
    )


def write_knomad(path: Path, inflows: dict[str, list[float]]) -> None:
    """A KNOMAD inflow table: name column, 2021, 2022, 2023e, % of GDP; a blank row; footnotes."""
    rows = [["Remittance inflows (US$ million)", 2021.0, 2022.0, "2023e", "% of GDP in 2023"]]
    rows += [[name, *vals, 1.0] for name, vals in inflows.items()]
    rows += [[None] * 5, ["Note: SYNTHETIC", None, None, None, None]]
    pd.DataFrame(rows).to_excel(path, header=False, index=False)


def write_matrix(path: Path, flows: dict[tuple[str, str], float], names: list[str]) -> None:
    """A bilateral remittance matrix: title row, header row (receivers across), senders down."""
    rows: list[list[object]] = [["Bilateral Remittance Estimates for 2021 (SYNTHETIC)", *[None] * (len(names) + 1)]]
    rows.append(
        ["Remittance-receiving country (across)                 -  Remittance-sending country (down)", *names, "WORLD"]
    )
    for s in names:
        row = [flows.get((s, r)) for r in names]
        rows.append([s, *row, sum(v for v in row if v)])
    rows.append(["WORLD", *[None] * (len(names) + 1)])
    rows += [[None] * (len(names) + 2), ["Note: SYNTHETIC", *[None] * (len(names) + 1)]]
    pd.DataFrame(rows).to_excel(path, header=False, index=False)


M49 = {"RUS": 643, "TJK": 762, "KGZ": 417, "XKX": 412, "DEU": 276, "USA": 840, "MEX": 484, "WLD": 1}
ALPHA2 = {"TJK": "tj", "KGZ": "kg", "KSV": "xk", "XKX": "xk", "MEX": "mx"}
# UN SDG 10.c.1 figures (year -> %): corridor costs repeat the DataBank's Q3 (checked, not stored again),
# SmaRT per corridor, country averages to / from, and the World's published Global Average.
SDG_CORRIDORS = {(s, r): {2011: v["2011Q3"]} for (s, r), v in CORRIDORS.items() if "2011Q3" in v}
SDG_SMART = {("RUS", "TJK"): {2011: 2.1}, ("DEU", "KSV"): {2011: 4.5}, ("USA", "MEX"): {2011: 3.2}}
SDG_COST_TO = {("TJK", 2011): 4.4, ("KGZ", 2011): 2.2, ("XKX", 2011): 6.1, ("WLD", 2011): 7.5, ("WLD", 2012): 7.1}
SDG_COST_FROM = {("RUS", 2011): 2.05, ("DEU", 2011): 6.0}


def write_sdg(
    raw: Path,
    corridors: dict[tuple[str, str], dict[int, float]] = SDG_CORRIDORS,
    smart: dict[tuple[str, str], dict[int, float]] = SDG_SMART,
) -> None:
    """The UN SDG Global Database's 10.c.1 series in Gapminder's DDF layout (M49 senders, alpha-2
    receivers, one 'notspec' row), and its geo_area list with a UN region."""
    names = {c: n for c, n, *_ in ECONOMIES} | {"WLD": "World"}
    _write_csv(
        raw / "sdg/ddf--entities--geo_area.csv",
        [["geo_area", "name"], *([M49[c], names[c]] for c in M49), [202, "Sub-Saharan Africa"]],
    )
    for series, table in (("si_rmt_cost_bc", corridors), ("si_rmt_cost_sc", smart)):
        rows: list[list[object]] = [["counterpart", "geo_area", "nature", "units", "year", series]]
        rows += [[ALPHA2[r], M49[s], "g", "percent", y, v] for (s, r), by in table.items() for y, v in by.items()]
        rows.append(["notspec", M49["RUS"], "g", "percent", 2011, 9.9])
        _write_csv(raw / f"sdg/ddf--datapoints--{series}--by--counterpart--geo_area--nature--units--year.csv", rows)
    for series, table in (("si_rmt_cost", SDG_COST_TO), ("si_rmt_cost_snd", SDG_COST_FROM)):
        rows = [["geo_area", "nature", "units", "year", series]]
        rows += [[M49[c], "g", "percent", y, v] for (c, y), v in table.items()]
        if series == "si_rmt_cost":
            rows.append([202, "g", "percent", 2011, 8.0])  # a UN region: not an economy of the store
        _write_csv(raw / f"sdg/ddf--datapoints--{series}--by--geo_area--nature--units--year.csv", rows)


SDG_ENTRIES = [
    (
        "sdg_corridor_cost",
        "raw/sdg/ddf--datapoints--si_rmt_cost_bc--by--counterpart--geo_area--nature--units--year.csv",
        "sdg_corridor_costs",
        "covers_all_corridors = true\nadds_periods_only = true\n",
    ),
    (
        "sdg_corridor_smart",
        "raw/sdg/ddf--datapoints--si_rmt_cost_sc--by--counterpart--geo_area--nature--units--year.csv",
        "sdg_corridor_smart",
        "",
    ),
    (
        "sdg_cost_to",
        "raw/sdg/ddf--datapoints--si_rmt_cost--by--geo_area--nature--units--year.csv",
        "sdg_country_costs",
        'value = "si_rmt_cost"\ndirection = "to"\n',
    ),
    (
        "sdg_cost_from",
        "raw/sdg/ddf--datapoints--si_rmt_cost_snd--by--geo_area--nature--units--year.csv",
        "sdg_country_costs",
        'value = "si_rmt_cost_snd"\ndirection = "from"\n',
    ),
]


def make_data_dir(root: Path) -> Path:
    """Write the synthetic data/ folder under root and return it."""
    data = root / "data"
    raw = data / "raw"
    write_metadata(raw / "meta.csv")
    write_wdi_csv(raw / "received.csv", "BX.TRF.PWKR.CD.DT", RECEIVED_USD)
    write_datahub(raw / "gdp.csv", GDP_USD)
    write_databank(raw / "databank.csv")
    write_sdg(raw)
    write_knomad(
        raw / "knomad_in.xlsx",
        {
            "Tajikistan": [0.0, 5000.0, 6000.0],
            "Kyrgyz Republic": [2000.0, 2200.0, 2500.0],
            "Kosovo": [1300.0, 1400.0, 1500.0],
            "World": [9.0, 9.0, 9.0],
        },
    )
    write_matrix(
        raw / "bilateral.xlsx",
        {("Russian Federation", "Tajikistan"): 2300.0, ("Germany", "Kosovo"): 500.0},
        ["Russian Federation", "Tajikistan", "Germany", "Kosovo"],
    )
    entries = [
        ("databank", "raw/databank.csv", "databank_corridor_costs", "covers_all_corridors = true\n"),
        *SDG_ENTRIES,
        (
            "received",
            "raw/received.csv",
            "wdi_csv",
            'metadata_file = "raw/meta.csv"\nindicator = "BX.TRF.PWKR.CD.DT"\ncolumn = "remit_received_usd"\n',
        ),
        ("gdp", "raw/gdp.csv", "datahub_csv", 'indicator = "NY.GDP.MKTP.CD"\ncolumn = "gdp_usd"\n'),
        ("knomad", "raw/knomad_in.xlsx", "knomad_flows", 'column = "knomad_inflow_usd"\n'),
        ("bilateral", "raw/bilateral.xlsx", "bilateral_remittance_matrix", "year = 2021\n"),
    ]
    text = "# SYNTHETIC test data\n"
    for sid, file, reader, extra in entries:
        text += f'\n[[source]]\nid = "{sid}"\nfile = "{file}"\nreader = "{reader}"\n{extra}' + SOURCE_FIELDS.format(
            id=sid
        )
    (data / "sources.toml").write_text(text, encoding="utf-8")
    (data / "focus_region.csv").write_text(
        "iso3,subregion\nTJK,Central Asia\nKGZ,Central Asia\nXKX,Western Balkans\nRUS,Russian Federation and Türkiye\n"
    )
    return data


def copy_data_dir(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


# For the weighting tests: Tajikistan gains a German corridor and one (USA) without any flow estimate,
# and matrices for 2010 and 2012 make 2011Q3 a tie (-> 2010, the earlier year).
WEIGHTING_CORRIDORS = {**CORRIDORS, ("DEU", "TJK"): {"2011Q3": 9.0, "2012Q1": 8.0}, ("USA", "TJK"): {"2011Q3": 12.0}}
WEIGHTING_MATRICES = {
    2010: {
        ("Russian Federation", "Tajikistan"): 1000.0,
        ("Germany", "Tajikistan"): 250.0,
        ("Kyrgyz Republic", "Tajikistan"): 250.0,  # no corridor cost: outside the coverage
        ("Germany", "Kosovo"): 500.0,
    },
    2012: {("Russian Federation", "Tajikistan"): 3000.0, ("Germany", "Tajikistan"): 1000.0},
}


def add_weighting_data(data: Path) -> Path:
    """Extend a make_data_dir folder with WEIGHTING_CORRIDORS and the 2010 and 2012 matrices."""
    write_databank(data / "raw/databank.csv", WEIGHTING_CORRIDORS)
    names = ["Russian Federation", "Tajikistan", "Germany", "Kosovo", "Kyrgyz Republic"]
    text = ""
    for year, flows in WEIGHTING_MATRICES.items():
        write_matrix(data / f"raw/bilateral_{year}.xlsx", flows, names)
        text += (
            f'\n[[source]]\nid = "bilateral_{year}"\nfile = "raw/bilateral_{year}.xlsx"\n'
            f'reader = "bilateral_remittance_matrix"\nyear = {year}\n' + SOURCE_FIELDS.format(id=f"bilateral_{year}")
        )
    with (data / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write(text)
    return data
