"""Refresh the data online: the newest RPW complete-dataset workbook from the World Bank data
catalog, and the WDI remittance, GDP and population indicators from the World Bank API.

Every download streams to a temporary file, is retried with backoff, verified (size, format) and
only then swapped in; the store is rebuilt once at the end, atomically. A failed or interrupted
update leaves the previous files and store as they were, and says what failed.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests

from remit import rpw
from remit.build import build_store, country_resolver, load_sources
from remit.errors import RemitError
from remit.messages import Message, Num, msg

Progress = Callable[[float, Message], None]  # (fraction done, what is happening)

CATALOG_URL = "https://datacatalogapi.worldbank.org/ddhxext/DatasetView?dataset_unique_id=0037898"
WDI_API = "https://api.worldbank.org/v2"
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


def newest_workbook_url(session: requests.Session, catalog_url: str) -> tuple[str, str]:
    """(url, file name) of the newest rpw_dataset_2011_YYYY_qN.xlsx the catalog lists."""
    text = _get(session, catalog_url).text
    found = {}
    for m in re.finditer(r"""["'(]?((?:https?://|/)[^"'\s<>()]*?rpw_dataset_\d{4}_\d{4}_q[1-4]\.xlsx)""", text, re.I):
        url = urljoin(catalog_url, m.group(1))
        name = WORKBOOK_NAME.search(url)
        found[url] = (int(name.group(2)), int(name.group(3)))
    if not found:
        raise UpdateFailed(msg("the data catalog at {url} lists no rpw_dataset_*.xlsx workbook", url=catalog_url))
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


def _save_csv(rows: list[list], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, suffix=".csv.tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["Country Name", "Country Code", "Year", "Value"])
            w.writerows(rows)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def update(
    data: Path,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    catalog_url: str | None = None,
    wdi_api: str | None = None,
) -> dict:
    """Refresh the workbook and the WDI indicators, then rebuild the store once.

    Returns a report of each part ('ok' with details, or 'failed' with the reason). Raises Offline
    when nothing could be reached at all; nothing is changed then.
    """
    say = progress or (lambda f, m: None)
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", "remit (remittance cost dashboard)")
    catalog_url = catalog_url or os.environ.get("REMIT_CATALOG_URL") or CATALOG_URL
    wdi_api = wdi_api or os.environ.get("REMIT_WDI_API") or WDI_API
    imported = rpw.imported_dir(data)
    imported.mkdir(parents=True, exist_ok=True)
    countries, table = country_resolver(data, load_sources(data))
    report: dict[str, dict] = {}
    offline: list[Message] = []

    say(0.0, msg("Looking for the newest RPW workbook"))
    try:
        url, name = newest_workbook_url(session, catalog_url)
        tmp = download(session, url, imported, lambda f, m: say(0.05 + 0.45 * f, m))
        try:
            final = tmp.with_name(name)
            os.replace(tmp, final)
            result = rpw.import_workbook(final, data, countries, lambda f, m: say(0.5 + 0.2 * f, m))
        finally:
            tmp.unlink(missing_ok=True)
            (imported / name).unlink(missing_ok=True)  # the Parquet import is what the build reads
        report["rpw_workbook"] = {"status": "ok", "url": url, "rows": result["rows"], "periods": result["periods"][-1]}
    except Offline as exc:
        offline.append(exc.message)
        report["rpw_workbook"] = {"status": "failed", "reason": str(exc)}
    except RemitError as exc:
        report["rpw_workbook"] = {"status": "failed", "reason": str(exc)}

    known = set(table["iso3"])
    for i, (code, column) in enumerate(WDI_INDICATORS.items()):
        say(0.7 + 0.2 * i / len(WDI_INDICATORS), msg("Refreshing WDI {code}", code=code))
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

    if len(offline) == len(report):
        raise Offline(
            msg(
                "offline: {problem}; nothing was changed and the app keeps working on the data it has",
                problem=offline[0],
            )
        )
    if any(part["status"] == "ok" for part in report.values()):
        say(0.9, msg("Rebuilding the store"))
        report["store"] = {"status": "ok", **build_store(data, progress=lambda f, m: say(0.9 + 0.1 * f, m))}
    return report
