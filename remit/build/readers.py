"""Readers for each published file layout: raw file -> tidy, validated DataFrame.

Each reader takes the file, its entry in data/sources.toml and the country resolver, and returns
long rows keyed by ISO3 codes. A file that does not look as its layout says raises DataFileError
naming the file, the row and the problem; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from remit import prices
from remit.countries import CountryResolver
from remit.errors import DataFileError, UnknownCountry
from remit.messages import msg

Reader = Callable[[Path, dict, CountryResolver], pd.DataFrame]
_QUARTER = re.compile(r"^(\d{4})Q([1-4])")
# How the publishers write "no value" (N/A* carries a footnote in the 2015 bilateral matrix).
MISSING = frozenset({"", "..", "…", "-", "NA", "N/A", "N/A*"})


def _read_excel(path: Path, sheet: str | int = 0) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=sheet, header=None, engine="calamine")
    except Exception as exc:  # calamine raises its own types for corrupt or non-Excel files
        raise DataFileError(path.name, msg("cannot be read as an Excel workbook ({error})", error=str(exc))) from exc


def _read_csv(path: Path, **kw) -> pd.DataFrame:
    try:
        return pd.read_csv(path, encoding="utf-8-sig", **kw)
    except (UnicodeDecodeError, pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise DataFileError(path.name, msg("cannot be read as CSV ({error})", error=str(exc))) from exc


def _require(path: Path, columns: list[str], wanted: list[str]) -> None:
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise DataFileError(path.name, msg("missing column(s) {columns}", columns=", ".join(missing)), row=1)


def _numbers(path: Path, values: pd.Series, rows: pd.Series, what: str) -> pd.Series:
    """Parse numbers; MISSING markers are missing values; anything else unparsable is an error."""
    raw = values.astype("string").str.strip()
    raw = raw.mask(raw.isin(MISSING))
    out = pd.to_numeric(raw, errors="coerce")
    bad = out.isna() & raw.notna()
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise DataFileError(
            path.name, msg("{what} '{value}' is not a number", what=what, value=str(raw.iloc[i])), row=int(rows.iloc[i])
        )
    return out.astype("float64")


def _resolve(path: Path, names: pd.Series, rows: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    mapping: dict[str, str] = {}
    for name, row in zip(names, rows, strict=True):
        if name in mapping:
            continue
        try:
            mapping[name] = fn(name)
        except UnknownCountry as exc:
            raise DataFileError(path.name, exc.message, row=int(row)) from exc
    return names.map(mapping)


def _unique(path: Path, df: pd.DataFrame, key: list[str]) -> None:
    dup = df.duplicated(key, keep=False)
    if dup.any():
        first = df[dup].iloc[0]
        what = ", ".join(f"{k}={first[k]}" for k in key)
        raise DataFileError(path.name, msg("duplicate key ({key})", key=what), row=int(first.get("_row", -1)))


def _in_range(path: Path, df: pd.DataFrame, col: str, lo: float, hi: float) -> None:
    bad = df[col].notna() & ~df[col].between(lo, hi)
    if bad.any():
        r = df[bad].iloc[0]
        raise DataFileError(
            path.name,
            msg(
                "{column} = {value} is outside the plausible range [{low}, {high}]",
                column=col,
                value=str(r[col]),
                low=str(lo),
                high=str(hi),
            ),
            row=int(r["_row"]),
        )


def quarter_start(period: pd.Series) -> pd.Series:
    """'2020Q3' -> 2020-07-01, for time axes."""
    return pd.PeriodIndex(period.astype(str), freq="Q").to_timestamp().to_series(index=period.index)


# --- Remittance prices -------------------------------------------------------------------------


def databank_corridor_costs(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """The World Bank DataBank export of ATCR.CORR: wide quarters, '..' for missing, a footer."""
    df = _read_csv(path, dtype=str, keep_default_na=False)
    df.columns = [" ".join(c.split()) for c in df.columns]  # "Receiving Countries  Code"
    key = ["Sending Countries Code", "Receiving Countries Code", "Series Code"]
    _require(path, list(df.columns), key)
    df["_row"] = np.arange(len(df)) + 2
    df = df[df["Series Code"].str.strip() != ""]  # the footer ("Data from database: ...")
    series = set(df["Series Code"])
    if series != {"ATCR.CORR"}:
        raise DataFileError(path.name, msg("expected series ATCR.CORR only, found {found}", found=str(sorted(series))))
    quarters = {c: m.group(0) for c in df.columns if (m := _QUARTER.match(c))}
    if not quarters:
        raise DataFileError(path.name, msg("no quarter columns like '2011Q1 [YR2011Q1]'"), row=1)
    long = df.melt(id_vars=[*key, "_row"], value_vars=list(quarters), var_name="q", value_name="v")
    long["total_cost_pct_200"] = _numbers(path, long["v"], long["_row"], "cost")
    long = long.dropna(subset=["total_cost_pct_200"])
    long["period"] = long["q"].map(quarters)
    long["sending_iso3"] = _resolve(path, long[key[0]], long["_row"], countries.code)
    long["receiving_iso3"] = _resolve(path, long[key[1]], long["_row"], countries.code)
    _unique(path, long, ["period", "sending_iso3", "receiving_iso3"])
    _in_range(path, long, "total_cost_pct_200", -50, 100)
    return long[["period", "sending_iso3", "receiving_iso3", "total_cost_pct_200", "_row"]]


PANEL_COLUMNS = {
    "total_cost_pct": "total_cost_pct_200",
    "total_cost_pct_500": "total_cost_pct_500",
    "fee_pct": "fee_pct_200",
    "fx_margin_pct": "fx_margin_pct_200",
    "bank_cost_pct": "bank_cost_pct_200",
    "mto_cost_pct": "mto_cost_pct_200",
    "num_services": "services_n",
    "pct_digital": "digital_services_pct",
}


def southasia_corridor_panel(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """A corridor-quarter panel with country names, cost splits and service counts."""
    df = _read_csv(path, dtype=str, keep_default_na=False)
    _require(path, list(df.columns), ["quarter", "receiving_country", "sending_country", "amount_usd", *PANEL_COLUMNS])
    df["_row"] = np.arange(len(df)) + 2
    if set(df["amount_usd"].str.strip()) != {"200"}:
        raise DataFileError(path.name, msg("expected amount_usd = 200 on every row"))
    bad = ~df["quarter"].str.fullmatch(r"\d{4}Q[1-4]")
    if bad.any():
        raise DataFileError(
            path.name,
            msg("quarter '{quarter}' is not like 2020Q3", quarter=str(df["quarter"][bad].iloc[0])),
            row=int(df["_row"][bad].iloc[0]),
        )
    out = pd.DataFrame({"period": df["quarter"], "_row": df["_row"]})
    out["sending_iso3"] = _resolve(path, df["sending_country"], df["_row"], countries.iso3)
    out["receiving_iso3"] = _resolve(path, df["receiving_country"], df["_row"], countries.iso3)
    for src, dst in PANEL_COLUMNS.items():
        out[dst] = _numbers(path, df[src], df["_row"], src)
    _unique(path, out, ["period", "sending_iso3", "receiving_iso3"])
    for col in ("total_cost_pct_200", "total_cost_pct_500", "fee_pct_200", "bank_cost_pct_200", "mto_cost_pct_200"):
        _in_range(path, out, col, -50, 100)
    _in_range(path, out, "digital_services_pct", 0, 100)
    _in_range(path, out, "services_n", 0, 1000)
    return out


# --- Country-year indicators -------------------------------------------------------------------


def _wdi_wide(path: Path, df: pd.DataFrame, spec: dict, first_row: int, countries: CountryResolver) -> pd.DataFrame:
    df.columns = [str(c).strip() for c in df.columns]
    _require(path, list(df.columns), ["Country Name", "Country Code", "Indicator Code"])
    df["_row"] = np.arange(len(df)) + first_row
    df = df[df["Country Code"].notna() & (df["Country Code"].astype(str).str.strip() != "")]
    codes = set(df["Indicator Code"].astype(str).str.strip())
    if codes != {spec["indicator"]}:
        raise DataFileError(
            path.name,
            msg("expected indicator {indicator}, found {found}", indicator=spec["indicator"], found=str(sorted(codes))),
        )
    years = [c for c in df.columns if re.fullmatch(r"\d{4}(\.0)?", c)]
    long = df.melt(id_vars=["Country Code", "_row"], value_vars=years, var_name="year", value_name="v")
    long["value"] = _numbers(path, long["v"], long["_row"], spec["indicator"])
    long = long.dropna(subset=["value"])
    long["year"] = long["year"].astype(float).astype(int)
    long["iso3"] = _resolve(path, long["Country Code"].astype(str), long["_row"], countries.code)
    _unique(path, long, ["iso3", "year"])
    return long[["iso3", "year", "value", "_row"]]


def wdi_excel(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """WDI's Excel download: sheet 'Data', title rows, then Country Name/Code/Indicator/years."""
    raw = _read_excel(path, "Data")
    header = raw.index[raw.iloc[:, 0].astype(str).str.strip() == "Country Name"]
    if len(header) == 0:
        raise DataFileError(path.name, msg("no header row starting with 'Country Name' in sheet Data"))
    h = int(header[0])
    df = raw.iloc[h + 1 :].copy()
    df.columns = [str(int(c)) if isinstance(c, float) else str(c) for c in raw.iloc[h]]
    return _wdi_wide(path, df.reset_index(drop=True), spec, h + 2, countries)


def wdi_csv(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """WDI's API CSV download: four title lines, then Country Name/Code/Indicator/years."""
    df = _read_csv(path, skiprows=4, dtype=str)
    df = df.loc[:, ~df.columns.str.startswith("Unnamed")]
    return _wdi_wide(path, df, spec, 6, countries)


def datahub_csv(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """datahub.io core packages of WDI series: Country Name, Country Code, Year, Value."""
    df = _read_csv(path, dtype=str)
    _require(path, list(df.columns), ["Country Code", "Year", "Value"])
    df["_row"] = np.arange(len(df)) + 2
    out = pd.DataFrame({"_row": df["_row"]})
    out["iso3"] = _resolve(path, df["Country Code"], df["_row"], countries.code)
    out["year"] = _numbers(path, df["Year"], df["_row"], "Year").astype("Int64")
    out["value"] = _numbers(path, df["Value"], df["_row"], "Value")
    out = out.dropna(subset=["value", "year"])
    _unique(path, out, ["iso3", "year"])
    return out


def knomad_flows(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """KNOMAD's inflow/outflow tables (US$ million): a name column, years, '% of GDP in YYYY'.

    Zeros in these tables mark years without data, not zero flows (see Data & methods), so they
    become missing values here.
    """
    raw = _read_excel(path)
    first = raw.iloc[:, 0].astype(str)
    header = raw.index[first.str.contains(r"Remittance (?:in|out)flows", regex=True)]
    if len(header) == 0:
        raise DataFileError(path.name, msg("no header row like 'Remittance inflows (US$ million)'"))
    h = int(header[0])
    years: dict[int, tuple[int, bool]] = {}
    for j, cell in enumerate(raw.iloc[h]):
        m = re.fullmatch(r"(\d{4})(?:\.0)?(e?)", str(cell).strip())
        if j > 0 and m:
            years[j] = (int(m.group(1)), m.group(2) == "e")
    if not years:
        raise DataFileError(path.name, msg("no year columns in the header row"), row=h + 1)
    cells = raw.to_numpy(dtype=object)
    rows = []
    for i, iso in _economy_rows(path, cells, h + 1, countries):
        for j, (year, estimate) in years.items():
            v = _value(path, cells[i, j], str(year), i + 1)
            if v is not None:
                rows.append((iso, year, v * 1e6, estimate, i + 1))
    out = pd.DataFrame(rows, columns=["iso3", "year", "value", "is_estimate", "_row"])
    _unique(path, out, ["iso3", "year"])
    _in_range(path, out, "value", 0, 2e12)
    return out


def _economy_rows(path: Path, cells: np.ndarray, first: int, countries: CountryResolver) -> Iterator[tuple[int, str]]:
    """(row index, ISO3) of each economy named in the first column from row `first` down to the first
    blank name (the footnotes start there); totals and residual rows ('World', 'Other South') are skipped.
    `cells` is the sheet as a NumPy array: a cell is read from it ~30 times faster than with DataFrame.iat."""
    for i in range(first, len(cells)):
        name = cells[i, 0]
        if pd.isna(name) or not str(name).strip():
            return
        if not countries.is_economy_label(str(name)):
            continue
        try:
            iso = countries.iso3(str(name))
        except UnknownCountry as exc:
            raise DataFileError(path.name, exc.message, row=i + 1) from exc
        yield i, iso


def _value(path: Path, cell: object, where: object, row: int) -> float | None:
    """A cell of a published table as a number; None where it is missing or 0 (no data in these tables)."""
    if isinstance(cell, str):
        cell = _footnoted_number(path, cell, where, row)
    if isinstance(cell, float):  # the common case, without pd.notna's overhead
        return None if cell == 0 or math.isnan(cell) else cell
    return float(cell) if pd.notna(cell) and cell != 0 else None


def _footnoted_number(path: Path, cell: str, where: object, row: int) -> float:
    """A text cell in a numeric table: a missing marker, or a number with a footnote star ('0*')."""
    text = cell.strip()
    if text in MISSING:
        return float("nan")
    try:
        return float(text.rstrip("*"))
    except ValueError:
        raise DataFileError(
            path.name, msg("value '{value}' in {where} is not a number", value=str(cell), where=where), row=row
        ) from None


# --- Bilateral matrices ------------------------------------------------------------------------


def _matrix(path: Path, countries: CountryResolver, value_name: str) -> pd.DataFrame:
    """Senders (or origins) down, receivers (or destinations) across; stop at the notes."""
    raw = _read_excel(path)
    h = 1
    if raw.shape[0] <= h + 1 or raw.shape[1] < 2:
        raise DataFileError(
            path.name,
            msg(
                "the first sheet has {rows} rows and {columns} columns, not a matrix",
                rows=raw.shape[0],
                columns=raw.shape[1],
            ),
        )
    if not str(raw.iat[h, 0]).strip().lower().startswith(("remittance-receiving", "destination")):
        raise DataFileError(
            path.name,
            msg("row 2 should read 'Remittance-receiving country (across)' or 'Destination country (across)'"),
            row=2,
        )
    cols: dict[int, str] = {}
    for j in range(1, raw.shape[1]):
        name = raw.iat[h, j]
        if pd.isna(name) or not countries.is_economy_label(str(name)):
            continue
        try:
            cols[j] = countries.iso3(str(name))
        except UnknownCountry as exc:
            raise DataFileError(
                path.name, msg("column {n}: {problem}", n=j + 1, problem=exc.message), row=h + 1
            ) from exc
    cells = raw.to_numpy(dtype=object)
    out = []
    for i, iso in _economy_rows(path, cells, h + 1, countries):
        for j, dest in cols.items():
            v = _value(path, cells[i, j], msg("column {n}", n=j + 1), i + 1)
            if v is not None:
                out.append((iso, dest, v, i + 1))
    df = pd.DataFrame(out, columns=["from_iso3", "to_iso3", value_name, "_row"])
    _in_range(path, df, value_name, 0, 1e9)
    return df


def bilateral_remittance_matrix(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """Bilateral remittance estimates (US$ million) -> remittance_usd per sender/receiver."""
    df = _matrix(path, countries, "remittance_usd")
    _unique(path, df, ["from_iso3", "to_iso3"])
    df["remittance_usd"] *= 1e6
    df["year"] = int(spec["year"])
    return df.rename(columns={"from_iso3": "sending_iso3", "to_iso3": "receiving_iso3"})


def bilateral_migration_matrix(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """Bilateral migrant stocks (people) -> migrants_n per origin/destination."""
    df = _matrix(path, countries, "migrants_n")
    _unique(path, df, ["from_iso3", "to_iso3"])
    df["year"] = int(spec["year"])
    return df.rename(columns={"from_iso3": "origin_iso3", "to_iso3": "destination_iso3"})


# --- Imported provider prices --------------------------------------------------------------------


def rpw_providers(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """Corridor averages of the provider rows saved by 'remit import-rpw' (validated there; codes
    re-checked here). DuckDB reads the Parquet file and averages it in SQL: the rows themselves go
    into the store straight from the file (prices.insert_services), never through pandas."""
    try:
        with duckdb.connect() as con:
            codes = {
                row[0]
                for row in con.execute(
                    "SELECT sending_iso3 FROM read_parquet($p) UNION SELECT receiving_iso3 FROM read_parquet($p)",
                    {"p": str(path)},
                ).fetchall()
            }
            averages = prices.corridor_averages(con, path)
    except duckdb.Error as exc:
        raise DataFileError(
            path.name, msg("cannot be read ({error}); import the workbook again", error=str(exc))
        ) from exc
    for code in sorted(codes - set(countries.display) - set(countries.extra), key=str):
        try:
            countries.code(code)
        except UnknownCountry as exc:
            raise DataFileError(path.name, exc.message) from exc
    return averages


# --- UN SDG Global Database, indicator 10.c.1 (Gapminder DDF layout) -----------------------------

# M49 numeric codes and alpha-2 codes that pycountry does not map to the store's ISO3 codes.
M49_OVERRIDES: dict[str, str] = {"1": "WLD", "412": "XKX"}  # World; Kosovo (XKX as in WDI and this store)
ALPHA2_OVERRIDES: dict[str, str] = {"xk": "XKX"}
# A receiving side the database leaves unspecified ('notspec', Angola's sending corridors): no corridor.
UNSPECIFIED_COUNTERPART = "notspec"


def _sdg_frame(path: Path, value: str, counterpart: bool) -> pd.DataFrame:
    """One DDF datapoints file: geo_area (M49), [counterpart (alpha-2)], nature, units, year, value."""
    df = _read_csv(path, dtype=str, keep_default_na=False)
    wanted = (["counterpart"] if counterpart else []) + ["geo_area", "nature", "units", "year", value]
    _require(path, list(df.columns), wanted)
    df["_row"] = np.arange(len(df)) + 2
    units = set(df["units"].str.strip())
    if units - {"percent"}:
        raise DataFileError(path.name, f"expected units 'percent' only, found {sorted(units)}")
    df["year"] = _numbers(path, df["year"], df["_row"], "year")
    df["cost_pct"] = _numbers(path, df[value], df["_row"], value)
    return df.dropna(subset=["cost_pct"])


def _m49(path: Path, codes: pd.Series, rows: pd.Series, countries: CountryResolver, regions: set[str]) -> pd.Series:
    """UN M49 numeric codes -> ISO3; the UN's own regions (names in the geo_area list) -> None."""
    import pycountry  # noqa: PLC0415 (only these readers need it)

    def one(code: str) -> str | None:
        c = str(code).strip().lstrip("0") or "0"
        if c in M49_OVERRIDES:
            return countries.code(M49_OVERRIDES[c])
        hit = pycountry.countries.get(numeric=c.zfill(3))
        if hit is not None:
            return countries.code(hit.alpha_3)
        if c in regions:
            return None
        raise UnknownCountry(f"M49 code {code}")

    return _resolve(path, codes.astype(str), rows, one)


def _alpha2(path: Path, codes: pd.Series, rows: pd.Series, countries: CountryResolver) -> pd.Series:
    """Lower-case ISO 3166 alpha-2 codes -> ISO3 (xk = Kosovo -> XKX)."""
    import pycountry  # noqa: PLC0415

    def one(code: str) -> str:
        c = str(code).strip().lower()
        if c in ALPHA2_OVERRIDES:
            return countries.code(ALPHA2_OVERRIDES[c])
        hit = pycountry.countries.get(alpha_2=c.upper())
        if hit is None:
            raise UnknownCountry(f"alpha-2 code {code}")
        return countries.code(hit.alpha_3)

    return _resolve(path, codes.astype(str), rows, one)


def _sdg_regions(path: Path, spec: dict) -> set[str]:
    """The geo_area codes the UN's list names but that are no country (World is mapped, the rest are
    UN regions): read from the geo_area entities file beside the data."""
    import pycountry  # noqa: PLC0415

    names = path.parent / spec.get("names_file", "ddf--entities--geo_area.csv").split("/")[-1]
    if not names.is_file():
        raise DataFileError(names.name, f"the geo_area list that {path.name} needs is missing")
    geo = _read_csv(names, dtype=str, keep_default_na=False)
    _require(names, list(geo.columns), ["geo_area", "name"])
    return {
        g.strip().lstrip("0")
        for g in geo["geo_area"]
        if g.strip().lstrip("0") not in M49_OVERRIDES and pycountry.countries.get(numeric=g.strip().zfill(3)) is None
    }


def _sdg_corridors(path: Path, spec: dict, countries: CountryResolver, value: str, column: str) -> pd.DataFrame:
    df = _sdg_frame(path, value, counterpart=True)
    df = df[df["counterpart"].str.strip().str.lower() != UNSPECIFIED_COUNTERPART]
    regions = _sdg_regions(path, spec)
    out = pd.DataFrame({"_row": df["_row"]})
    out["sending_iso3"] = _m49(path, df["geo_area"], df["_row"], countries, regions)
    if out["sending_iso3"].isna().any():
        r = int(out.loc[out["sending_iso3"].isna(), "_row"].iloc[0])
        raise DataFileError(path.name, "a corridor's sending side is a region, not a country", row=r)
    out["receiving_iso3"] = _alpha2(path, df["counterpart"], df["_row"], countries)
    # The database's value for a year is the corridor average of that year's third quarter (SOURCES.md 1.5).
    out["period"] = df["year"].astype(int).astype(str) + "Q3"
    out[column] = df["cost_pct"]
    _unique(path, out, ["period", "sending_iso3", "receiving_iso3"])
    _in_range(path, out, column, -50, 100)
    return out[["period", "sending_iso3", "receiving_iso3", column, "_row"]]


def sdg_corridor_costs(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """SI_RMT_COST_BC: corridor average cost of sending USD 200, one value per year (= its Q3)."""
    return _sdg_corridors(path, spec, countries, spec.get("value", "si_rmt_cost_bc"), "total_cost_pct_200")


def sdg_corridor_smart(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """SI_RMT_COST_SC: the official SmaRT cost per corridor (three cheapest qualifying services)."""
    return _sdg_corridors(path, spec, countries, spec.get("value", "si_rmt_cost_sc"), "smart_cost_pct_200")


def sdg_country_costs(path: Path, spec: dict, countries: CountryResolver) -> pd.DataFrame:
    """SI_RMT_COST (to a country; geo_area 1 = the published Global Average) and SI_RMT_COST_SND
    (from a country). The UN's regional aggregates are not economies of this store and are left out."""
    value = spec["value"]
    df = _sdg_frame(path, value, counterpart=False)
    regions = _sdg_regions(path, spec)
    out = pd.DataFrame({"_row": df["_row"], "year": df["year"].astype(int), "cost_pct": df["cost_pct"]})
    out["iso3"] = _m49(path, df["geo_area"], df["_row"], countries, regions)
    out = out.dropna(subset=["iso3"])  # UN regions (e.g. 'Sub-Saharan Africa'): no counterpart in the store
    out["direction"] = spec["direction"]
    if spec["direction"] not in ("to", "from"):
        raise DataFileError("sources.toml", f"source {spec['id']}: direction must be 'to' or 'from'")
    _unique(path, out, ["iso3", "year"])
    _in_range(path, out, "cost_pct", -50, 100)
    return out[["iso3", "year", "direction", "cost_pct", "_row"]]


READERS: dict[str, Reader] = {
    f.__name__: f
    for f in (
        databank_corridor_costs,
        southasia_corridor_panel,
        wdi_excel,
        wdi_csv,
        datahub_csv,
        knomad_flows,
        bilateral_remittance_matrix,
        bilateral_migration_matrix,
        rpw_providers,
        sdg_corridor_costs,
        sdg_corridor_smart,
        sdg_country_costs,
    )
}
