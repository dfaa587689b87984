"""The build's sources: data/sources.toml with its checks, the files 'remit update' and 'remit import-rpw'
added under data/imported/ as source entries, and the WDI country metadata that resolves names to ISO3."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from remit.build import readers
from remit.countries import CountryResolver
from remit.errors import DataFileError
from remit.messages import msg

SOURCE_FIELDS = ["publisher", "title", "url", "vintage", "period", "licence", "citation", "copied_from", "scope"]


def load_sources(data: Path) -> list[dict]:
    """The [[source]] entries of data/sources.toml, each checked for the fields we rely on."""
    path = data / "sources.toml"
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8"))["source"]
    except FileNotFoundError as exc:
        raise DataFileError(str(path), msg("not found: every build starts from this provenance file")) from exc
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise DataFileError(path.name, msg("is not a list of [[source]] tables ({error})", error=str(exc))) from exc
    ids = set()
    for i, s in enumerate(entries, 1):
        missing = [k for k in ("id", "file", "reader", *SOURCE_FIELDS) if not s.get(k)]
        if missing:
            raise DataFileError(path.name, msg("source #{i} lacks {fields}", i=i, fields=", ".join(missing)))
        if s["reader"] not in readers.READERS:
            raise DataFileError(
                path.name, msg("source {id}: unknown reader '{reader}'", id=s["id"], reader=s["reader"])
            )
        if s["id"] in ids:
            raise DataFileError(path.name, msg("source id {id} appears twice", id=s["id"]))
        if not (data / s["file"]).is_file():
            raise DataFileError(
                s["file"],
                msg("listed in sources.toml (source {id}) but not found in {folder}", id=s["id"], folder=str(data)),
            )
        ids.add(s["id"])
    provider = imported_provider_source(data)
    return ([provider] if provider else []) + entries + imported_wdi_sources(data)


def imported_wdi_sources(data: Path) -> list[dict]:
    """WDI indicators refreshed by 'remit update' (data/imported/wdi/CODE.csv): listed after the
    shipped files, so their values win where both have a year and the shipped ones fill the rest."""
    from remit.update import WDI_INDICATORS  # noqa: PLC0415 (update imports this module)

    out = []
    for path in sorted((data / "imported/wdi").glob("*.csv")):
        code = path.stem
        if code not in WDI_INDICATORS:
            continue
        fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
        out.append(
            {
                "id": f"wdi_api_{code}",
                "file": f"imported/wdi/{path.name}",
                "reader": "datahub_csv",
                "indicator": code,
                "column": WDI_INDICATORS[code],
                "publisher": "World Bank",
                "title": f"World Development Indicators: {code} (refreshed from the WDI API)",
                "url": f"https://data.worldbank.org/indicator/{code}",
                "vintage": f"fetched {fetched}",
                "period": "as published",
                "licence": "CC BY 4.0",
                "citation": f"World Bank, World Development Indicators, {code}, fetched {fetched}.",
                "copied_from": "api.worldbank.org/v2",
                "scope": "all economies and WDI aggregates",
            }
        )
    return out


def imported_provider_source(data: Path) -> dict | None:
    """The provider-level workbook imported by 'remit import-rpw', as a source entry (or None).

    It comes first, so that its corridor averages replace the shipped ones for the quarters it covers.
    """
    parquet, report_file = data / "imported/rpw_providers.parquet", data / "imported/rpw_import.json"
    if not parquet.is_file():
        return None
    try:
        report = json.loads(report_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise DataFileError(
            str(report_file),
            msg("the import report is missing or damaged ({error}); import the workbook again", error=str(exc)),
        ) from exc
    periods = report.get("periods") or ["?"]
    return {
        "id": "rpw_provider",
        "file": "imported/rpw_providers.parquet",
        "reader": "rpw_providers",
        "publisher": "World Bank",
        "title": f"Remittance Prices Worldwide (Complete Dataset), provider level, imported from {report.get('file')}",
        "url": "https://remittanceprices.worldbank.org/data-download",
        "vintage": f"{periods[-1]} (imported {str(report.get('imported_at_utc', ''))[:10]})",
        "period": f"{periods[0]}-{periods[-1]}",
        "licence": "CC BY 4.0",
        "citation": f"The World Bank, Remittance Prices Worldwide, remittanceprices.worldbank.org ({report.get('file')}).",
        "copied_from": f"{report.get('file')} (sha256 {str(report.get('file_sha256', ''))[:12]})",
        "scope": "all surveyed services",
        "covers_all_corridors": True,
        "replaces_periods": True,
    }


def country_resolver(data: Path, sources: list[dict]) -> tuple[CountryResolver, pd.DataFrame]:
    """World Bank codes, names, regions and income groups from the WDI country metadata."""
    meta_files = [s for s in sources if s.get("metadata_file")]
    if not meta_files:
        raise DataFileError("sources.toml", msg("no source gives a WDI country metadata_file"))
    path = data / meta_files[0]["metadata_file"]
    meta = readers._read_csv(path, dtype=str, keep_default_na=False)
    readers._require(path, list(meta.columns), ["Country Code", "Region", "IncomeGroup", "TableName"])
    resolver = CountryResolver()
    for code, name in zip(meta["Country Code"], meta["TableName"], strict=True):
        resolver.add(code.strip(), name)
    table = pd.DataFrame(
        {
            "iso3": meta["Country Code"].str.strip(),
            "name": meta["TableName"].str.strip(),
            "wb_region": meta["Region"].replace("", None),
            "wb_income_group": meta["IncomeGroup"].replace("", None),
            "is_aggregate": meta["Region"].str.strip() == "",
        }
    )
    return resolver, table
