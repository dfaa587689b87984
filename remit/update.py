"""Refresh the data online: the newest RPW complete-dataset workbook from the World Bank data
catalog, the WDI remittance, GDP and population indicators from the World Bank API, and the UN SDG
10.c.1 series newer than the shipped files from the UN Statistics Division's SDG API.

The data catalog (dataset 0037898) lists the workbook as a resource whose file URL looks like
https://datacatalogfiles.worldbank.org/ddh-published/0037898/<resource id>/rpw_dataset_2011_2025_q3.xlsx;
the resource id changes with each release and the file name gives the last quarter (a quarter can be
missing inside: 2025_2Q was never collected). When the catalog answers something we cannot read, the
newest URL recorded in data/sources.toml ([[rpw_workbook]]) is used instead, and the report says so.

Every download streams to a temporary file, is retried with backoff and verified (size, format);
the new files wait in a private folder until the store has been rebuilt from them (remit.rpw.rebuild_with,
the sequence an import uses), and only then go into data/imported/. A failed or interrupted update,
or a rebuild that fails, leaves the previous files and store as they were, and says what failed.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests

from remit import rpw
from remit.build import country_resolver, load_sources
from remit.countries import CountryResolver
from remit.errors import RemitError
from remit.messages import Message, Num, msg
from remit.store import store_path

Progress = Callable[[float, Message], None]  # (fraction done, what is happening)

CATALOG_URL = "https://datacatalogapi.worldbank.org/ddhxext/DatasetView?dataset_unique_id=0037898"
WDI_API = "https://api.worldbank.org/v2"
SDG_API = "https://unstats.un.org/SDGAPI/v1"
# SDG 10.c.1 series -> whether it is by counterpart (corridor series) as in the shipped DDF files.
SDG_SERIES: dict[str, bool] = {
    "SI_RMT_COST_BC": True,  # corridor average
    "SI_RMT_COST_SC": True,  # corridor SmaRT average
    "SI_RMT_COST": False,  # to a country (and the global average, geo_area 1)
    "SI_RMT_COST_SND": False,  # from a country
}
SDG_NEWER_THAN = 2021  # the shipped files (data/raw/sdg/) end there
# WDI indicator -> the store column it refreshes (see METHODOLOGY.md, development-impact indicators).
WDI_INDICATORS: dict[str, str] = {
    "BX.TRF.PWKR.CD.DT": "remit_received_usd",
    "BX.TRF.PWKR.DT.GD.ZS": "remit_received_pct_gdp",
    "BM.TRF.PWKR.CD.DT": "remit_paid_usd",
    "NY.GDP.MKTP.CD": "gdp_usd",
    "SP.POP.TOTL": "population",
}
WORKBOOK_NAME = re.compile(r"rpw_dataset_(\d{4})_(\d{4})_q([1-4])\.xlsx", re.IGNORECASE)
TIMEOUT_S = 30
ATTEMPTS = 3
BACKOFF_S = 0.5  # waits 0.5 s, 1 s, 2 s ... between attempts


class UpdateFailed(RemitError):
    """A download or a check failed; the message says which and why."""


class Offline(UpdateFailed):
    """No connection to the World Bank's servers at all."""


class CatalogUnreadable(UpdateFailed):
    """The data catalog answered, but not with a workbook we can find in it."""


def _answered(url: str, resp: requests.Response) -> Message:
    return msg("{url} answered {status} {reason}", url=url, status=resp.status_code, reason=str(resp.reason))


def _get(session: requests.Session, url: str, *, stream: bool = False) -> requests.Response:
    """GET with retries on time-outs and 5xx answers; a refused connection is Offline at once."""
    last: Exception | None = None
    for attempt in range(ATTEMPTS):
        try:
            resp = session.get(url, stream=stream, timeout=TIMEOUT_S)
        except requests.Timeout as exc:
            last = exc
        except requests.ConnectionError as exc:  # refused or no route: offline, no point waiting
            raise Offline(
                msg("could not reach {host} ({error})", host=urlparse(url).netloc, error=type(exc).__name__)
            ) from exc
        else:
            if resp.status_code < 500:
                if resp.status_code >= 400:
                    raise UpdateFailed(_answered(url, resp))
                return resp
            last = UpdateFailed(_answered(url, resp))
        time.sleep(BACKOFF_S * 2**attempt)
    raise UpdateFailed(last.message if isinstance(last, RemitError) else str(last)) from last


def _workbook_urls(text: str, base: str) -> dict[str, tuple[int, int]]:
    """Every rpw_dataset_2011_YYYY_qN.xlsx URL in a catalog answer -> (year, quarter) of its last quarter."""
    found = {}
    try:  # the DDH DatasetView JSON: walk every string value (resources move between fields)
        stack = [json.loads(text)]
        strings = []
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str):
                strings.append(item)
    except ValueError:  # not JSON: an HTML page or plain text; search the text itself
        strings = [text]
    for piece in strings:
        for m in re.finditer(r"""((?:https?://|/)[^"'\s<>()]*?rpw_dataset_\d{4}_\d{4}_q[1-4]\.xlsx)""", piece, re.I):
            url = urljoin(base, m.group(1))
            name = WORKBOOK_NAME.search(url)
            found[url] = (int(name.group(2)), int(name.group(3)))
    return found


def newest_workbook_url(session: requests.Session, catalog_url: str) -> tuple[str, str]:
    """(url, file name) of the newest rpw_dataset_2011_YYYY_qN.xlsx the catalog lists."""
    found = _workbook_urls(_get(session, catalog_url).text, catalog_url)
    if not found:
        raise CatalogUnreadable(msg("the data catalog at {url} lists no rpw_dataset_*.xlsx workbook", url=catalog_url))
    url = max(found, key=found.get)
    return url, WORKBOOK_NAME.search(url).group(0)


def recorded_workbook_url(data: Path) -> tuple[str, str] | None:
    """The newest workbook URL recorded in data/sources.toml ([[rpw_workbook]] url = ...), or None."""
    import tomllib  # noqa: PLC0415

    try:
        recorded = tomllib.loads((data / "sources.toml").read_text(encoding="utf-8")).get("rpw_workbook", [])
    except (OSError, tomllib.TOMLDecodeError):
        return None
    found = {}
    for entry in recorded if isinstance(recorded, list) else []:
        url = str(entry.get("url", ""))
        name = WORKBOOK_NAME.search(url)
        if name:
            found[url] = (int(name.group(2)), int(name.group(3)))
    if not found:
        return None
    url = max(found, key=found.get)
    return url, WORKBOOK_NAME.search(url).group(0)


def download(session: requests.Session, url: str, folder: Path, progress: Progress | None = None) -> Path:
    """Stream url to a temporary file in folder; verify its size and that it is an xlsx (zip)."""
    say = progress or (lambda f, m: None)
    last: Exception | None = None
    for attempt in range(ATTEMPTS):
        fd, name = tempfile.mkstemp(dir=folder, suffix=".download.tmp")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as fh, _get(session, url, stream=True) as resp:
                expected = int(resp.headers.get("Content-Length") or 0)
                got = 0
                for chunk in resp.iter_content(1 << 20):
                    fh.write(chunk)
                    got += len(chunk)
                    say(got / expected if expected else 0.0, msg("Downloading {mb} MB", mb=Num(got / 1e6, 1)))
            if expected and got != expected:
                raise UpdateFailed(
                    msg(
                        "download of {url} stopped at {got} of {expected} bytes",
                        url=url,
                        got=Num(got),
                        expected=Num(expected),
                    )
                )
            with tmp.open("rb") as fh:
                if fh.read(4) != b"PK\x03\x04":
                    raise UpdateFailed(msg("{url} did not return an Excel workbook", url=url))
            return tmp
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            tmp.unlink(missing_ok=True)
            last = UpdateFailed(
                msg(
                    "the connection to {host} was cut off before the whole file arrived ({error})",
                    host=urlparse(url).netloc,
                    error=type(exc).__name__,
                )
            )
            time.sleep(BACKOFF_S * 2**attempt)
        except Offline:  # the catalog answered a moment ago: the server dropped this download
            tmp.unlink(missing_ok=True)
            last = UpdateFailed(
                msg("the connection to {host} was dropped during the download", host=urlparse(url).netloc)
            )
            time.sleep(BACKOFF_S * 2**attempt)
        except UpdateFailed as exc:
            tmp.unlink(missing_ok=True)
            last = exc
            time.sleep(BACKOFF_S * 2**attempt)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    raise UpdateFailed(
        msg(
            "{problem} (after {n} attempts)",
            problem=last.message if isinstance(last, RemitError) else str(last),
            n=ATTEMPTS,
        )
    ) from last


def fetch_wdi(session: requests.Session, api: str, indicator: str, known: set[str]) -> tuple[list[list], int]:
    """Every (name, ISO3, year, value) of one WDI indicator; rows for codes we do not know are counted."""
    rows, skipped, page, pages = [], 0, 1, 1
    while page <= pages:
        url = f"{api}/country/all/indicator/{indicator}?format=json&per_page=20000&page={page}"
        try:
            meta, data = _get(session, url).json()
            pages = int(meta["pages"])
        except (ValueError, KeyError, TypeError) as exc:
            raise UpdateFailed(
                msg(
                    "the WDI API answered {indicator} in an unexpected format ({error})",
                    indicator=indicator,
                    error=str(exc),
                )
            ) from exc
        for r in data or []:
            code = (r.get("countryiso3code") or "").strip()
            if r.get("value") is None:
                continue
            if code not in known:
                skipped += 1
                continue
            rows.append([r["country"]["value"], code, int(r["date"]), float(r["value"])])
        page += 1
    if not rows:
        raise UpdateFailed(msg("the WDI API returned no values for {indicator}", indicator=indicator))
    return rows, skipped


def sdg_file(series: str) -> str:
    """The DDF file name of a series, the same as the shipped one in data/raw/sdg/."""
    keys = ("counterpart--" if SDG_SERIES[series] else "") + "geo_area--nature--units--year"
    return f"ddf--datapoints--{series.lower()}--by--{keys}.csv"


def sdg_columns(series: str) -> list[str]:
    return (["counterpart"] if SDG_SERIES[series] else []) + ["geo_area", "nature", "units", "year", series.lower()]


SDG_MAX_PAGES = 100


def fetch_sdg(
    session: requests.Session, api: str, series: str, newer_than: int = SDG_NEWER_THAN
) -> tuple[list[list], int]:
    """Rows of one 10.c.1 series for years after `newer_than`, in the DDF columns (sdg_columns), and the
    number of records skipped (no numeric value, or a value outside 0-100%)."""
    rows, skipped, page, pages = [], 0, 1, 1
    while page <= min(pages, SDG_MAX_PAGES):
        url = f"{api}/sdg/Series/Data?seriesCode={series}&timePeriodStart={newer_than + 1}&pageSize=1000&page={page}"
        try:
            answer = _get(session, url).json()
            pages = int(answer.get("totalPages") or 1)
            records = answer["data"]
            if not isinstance(records, list):
                raise TypeError("data is not a list")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UpdateFailed(
                msg("the UN SDG API answered {series} in an unexpected format ({error})", series=series, error=str(exc))
            ) from exc
        for r in records:
            try:
                year = int(float(r["timePeriodStart"]))
                value = float(r["value"])
                geo = str(int(float(r["geoAreaCode"])))
            except (KeyError, TypeError, ValueError):
                skipped += 1
                continue
            if year <= newer_than:
                continue
            if not 0 <= value <= 100:
                skipped += 1
                continue
            dims, attrs = r.get("dimensions") or {}, r.get("attributes") or {}
            nature = str(attrs.get("Nature") or dims.get("Nature") or "").strip().lower()
            units = str(attrs.get("Units") or dims.get("Units") or "").strip().lower()
            row = [geo, nature, units, year, value]
            if SDG_SERIES[series]:
                counterpart = str(dims.get("Counterpart") or "").strip().lower()
                if not counterpart:
                    skipped += 1
                    continue
                row = [counterpart, *row]
            rows.append(row)
        page += 1
    return rows, skipped


def _save_csv(rows: list[list], path: Path, header: list[str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, suffix=".csv.tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header or ["Country Name", "Country Code", "Year", "Value"])
            w.writerows(rows)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def update(
    data: Path,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    *,
    store: Path | None = None,
    catalog_url: str | None = None,
    wdi_api: str | None = None,
    sdg_api: str | None = None,
) -> dict:
    """Refresh the workbook, the WDI indicators and the SDG 10.c.1 series, then rebuild the store once.

    Returns a report of each part ('ok' with details, or 'failed' with the reason). Raises Offline
    when nothing could be reached at all; nothing is changed then. The new files wait in an incoming
    folder and go into data/imported/ through remit.rpw.rebuild_with, the sequence an import uses: only
    once the store has been rebuilt from them. A build that fails raises (a RemitError: WriteFailed,
    DataFileError) and leaves data/imported/ and the store as they were.
    """
    say = progress or (lambda f, m: None)
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", "remit (remittance cost dashboard)")
    store = store or store_path()
    catalog_url = catalog_url or os.environ.get("REMIT_CATALOG_URL") or CATALOG_URL
    wdi_api = wdi_api or os.environ.get("REMIT_WDI_API") or WDI_API
    sdg_api = sdg_api or os.environ.get("REMIT_SDG_API") or SDG_API
    countries, table = country_resolver(data, load_sources(data))
    with rpw.incoming_folder(data) as incoming:
        report = _fetch(
            data,
            incoming,
            session,
            countries=countries,
            known=set(table["iso3"]),
            catalog_url=catalog_url,
            wdi_api=wdi_api,
            sdg_api=sdg_api,
            say=say,
        )
        if any(part["status"] == "ok" and part.get("rows", 1) > 0 for part in report.values()):  # a file changed
            say(0.9, msg("Rebuilding the store"))
            summary = rpw.rebuild_with(incoming, data, store, lambda f, m: say(0.9 + 0.1 * f, m))
            report["store"] = {"status": "ok", **summary}
    return report


def _fetch(
    data: Path,
    incoming: Path,
    session: requests.Session,
    *,
    countries: CountryResolver,
    known: set[str],
    catalog_url: str,
    wdi_api: str,
    sdg_api: str,
    say: Progress,
) -> dict[str, dict]:
    """Download every part into `incoming` (laid out as data/ is); the report of each part. Raises
    Offline when no part could reach its server."""
    imported = rpw.imported_dir(incoming)
    report: dict[str, dict] = {}
    offline: list[Message] = []

    say(0.0, msg("Looking for the newest RPW workbook"))
    try:
        url_from: Message = msg("the data catalog")
        try:
            url, name = newest_workbook_url(session, catalog_url)
        except CatalogUnreadable as exc:
            recorded = recorded_workbook_url(data)
            if recorded is None:
                raise
            url, name = recorded
            url_from = msg("the newest URL recorded in data/sources.toml, because {problem}", problem=exc.message)
        say(0.02, msg("Using {url} (from {source})", url=url, source=url_from))
        tmp = download(session, url, incoming, lambda f, m: say(0.05 + 0.45 * f, m))
        final = tmp.with_name(name)
        try:
            os.replace(tmp, final)
            result = rpw.import_workbook(final, incoming, countries, lambda f, m: say(0.5 + 0.2 * f, m))
        finally:
            tmp.unlink(missing_ok=True)
            final.unlink(missing_ok=True)  # the Parquet import is what the build reads
        report["rpw_workbook"] = {
            "status": "ok",
            "url": url,
            "url_from": str(url_from),
            "rows": result["rows"],
            "periods": result["periods"][-1],
        }
    except Offline as exc:
        offline.append(exc.message)
        report["rpw_workbook"] = {"status": "failed", "reason": str(exc)}
    except RemitError as exc:
        report["rpw_workbook"] = {"status": "failed", "reason": str(exc)}

    for i, (code, column) in enumerate(WDI_INDICATORS.items()):
        say(0.7 + 0.15 * i / len(WDI_INDICATORS), msg("Refreshing WDI {code}", code=code))
        try:
            rows, skipped = fetch_wdi(session, wdi_api, code, known)
            _save_csv(rows, imported / "wdi" / f"{code}.csv")
            years = [r[2] for r in rows]
            report[code] = {
                "status": "ok",
                "column": column,
                "rows": len(rows),
                "years": f"{min(years)}-{max(years)}",
                "skipped_unknown_codes": skipped,
            }
        except Offline as exc:
            offline.append(exc.message)
            report[code] = {"status": "failed", "reason": str(exc)}
        except UpdateFailed as exc:
            report[code] = {"status": "failed", "reason": str(exc)}

    for i, series in enumerate(SDG_SERIES):
        say(
            0.85 + 0.05 * i / len(SDG_SERIES),
            msg("Fetching SDG 10.c.1 {series} after {year}", series=series, year=SDG_NEWER_THAN),
        )
        try:
            rows, skipped = fetch_sdg(session, sdg_api, series)
            part = {"status": "ok", "rows": len(rows), "skipped": skipped}
            if rows:  # nothing newer yet: a previous file stays as it is
                path = imported / "sdg" / sdg_file(series)
                _save_csv(rows, path, sdg_columns(series))
                years = [r[-2] for r in rows]
                part |= {"file": str(path.relative_to(incoming)), "years": f"{min(years)}-{max(years)}"}
            report[f"sdg_{series}"] = part
        except Offline as exc:
            offline.append(str(exc))
            report[f"sdg_{series}"] = {"status": "failed", "reason": str(exc)}
        except UpdateFailed as exc:
            report[f"sdg_{series}"] = {"status": "failed", "reason": str(exc)}

    if len(offline) == len(report):
        raise Offline(
            msg(
                "offline: {problem}; nothing was changed and the app keeps working on the data it has",
                problem=offline[0],
            )
        )
    return report
