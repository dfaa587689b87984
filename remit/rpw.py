"""Import the World Bank's provider-level workbook "Remittance Prices Worldwide (Complete Dataset)".

The workbook (rpw_dataset_2011_YYYY_qN.xlsx, ~50 MB, CC BY 4.0) has two data sheets whose columns
differ: "Dataset (up to Q1 2016)" and "Dataset (from Q2 2016)". Both are mapped onto one
provider-price table, validated per METHODOLOGY.md, and saved as Parquet in data/imported/ with a
JSON report; the store build then reads it (the build stays the only writer of the store).
import_and_rebuild is the whole sequence the CLI (import-rpw) and the app's import page run; its last
step, rebuild_with (build from a staged copy, then swap the new files in), is shared with remit.update.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from remit import sandbox
from remit.build import build_lock, build_locked, country_resolver, load_sources
from remit.countries import CountryResolver
from remit.errors import RemitError, UnknownCountry, UnsafeFile, WriteFailed
from remit.messages import Message, Num, msg
from remit.store import data_dir, input_files, store_path

Progress = Callable[[float, Message], None]  # (fraction done, what is happening)

# Our column -> the workbook's headers that carry it (both sheets; compared case- and space-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "period": ("period",),
    "sending_code": ("source_code",),
    "sending_name": ("source_name",),
    "receiving_code": ("destination_code",),
    "receiving_name": ("destination_name",),
    "firm": ("firm",),
    "firm_type": ("firm_type", "firm type"),
    "product": ("product",),
    "payment_instrument": ("payment instrument", "payment_instrument"),
    "access_point": ("access point", "sending location"),
    "pickup_method": ("pickup method", "pick-up method"),
    "pickup_location": ("pickup location",),
    "speed": ("speed actual", "speed"),
    "coverage": ("receiving network coverage", "coverage"),
    "transparent": ("transparent",),
    "note": ("standard note", "note1"),
    "note2": ("note2",),
    "lcu_code": ("cc1 lcu code",),
    "amount_lcu_200": ("cc1 lcu amount",),
    "fee_lcu_200": ("cc1 lcu fee",),
    "fx_rate_200": ("cc1 lcu fx rate",),
    "fx_margin_pct_200": ("cc1 fx margin",),
    "total_cost_pct_200": ("cc1 total cost %",),
    "amount_lcu_500": ("cc2 lcu amount",),
    "fee_lcu_500": ("cc2 lcu fee",),
    "fx_rate_500": ("cc2 lcu fx rate",),
    "fx_margin_pct_500": ("cc2 fx margin",),
    "total_cost_pct_500": ("cc2 total cost %",),
    "interbank_fx_rate": ("inter lcu bank fx",),
    "survey_date": ("date",),  # read for the import report only (dd/Mon/yyyy text or an Excel date)
}
REQUIRED = (
    "period",
    "sending_code",
    "receiving_code",
    "firm",
    "amount_lcu_200",
    "fee_lcu_200",
    "fx_margin_pct_200",
    "total_cost_pct_200",
)
NUMERIC = [c for c in COLUMNS if c.endswith(("_200", "_500")) or c == "interbank_fx_rate"]
TEXT = [c for c in COLUMNS if c not in NUMERIC and c != "survey_date"]
# Cells that mean "no value" in the workbook, compared case-insensitively after stripping.
MISSING_TOKENS = {"", "..", "n/a", "na", "n.a.", "-", "\u2013", "\u2014", "nan", "none"}
# One firm under two names across quarters -> the name used throughout (the newer one).
FIRM_NAMES = {"transferwise": "Wise"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_CODE = re.compile(r"\s*[A-Za-z]{3}\s*")
SHEET_PATTERN = re.compile(r"^dataset\b", re.IGNORECASE)
# Recomputed total = fee / amount x 100 + FX margin may differ from the file's total by rounding.
TOTAL_TOLERANCE_PP = 0.05
EARLY_CHECK_ROWS = 1_000  # all of these rejected: the file is refused without validating the rest
IMPORT_BUDGET_S = 900.0  # reading (itself limited, remit.sandbox) and validating together


class InvalidWorkbook(RemitError):
    """A file that is not the RPW complete-dataset workbook, or one we cannot read."""


def _key(header: object) -> str:
    return " ".join(str(header).replace("_", " ").split()).casefold()


def parse_period(text: object) -> str | None:
    """'2016_2Q', '2016Q2', '2016 Q2' or 'Q2 2016' -> '2016Q2'; None when it is none of these."""
    s = str(text).strip().upper().replace("_", " ")
    m = re.fullmatch(r"(\d{4})\s*([1-4])Q", s) or re.fullmatch(r"(\d{4})\s*Q([1-4])", s)
    if m:
        return f"{m.group(1)}Q{m.group(2)}"
    m = re.fullmatch(r"Q([1-4])\s*(\d{4})", s)
    return f"{m.group(2)}Q{m.group(1)}" if m else None


def _columns(path: Path, sheet: str, header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for col, names in COLUMNS.items():
        for n in names:
            if _key(n) in header:
                index[col] = header.index(_key(n))
                break
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in index]
    if missing:
        raise InvalidWorkbook(
            msg(
                "{file}, sheet '{sheet}': missing column(s) {columns}.",
                file=path.name,
                sheet=sheet,
                columns=", ".join(missing),
            )
        )
    return index


def _sheet_frame(sheet: str, index: dict[str, int], chunks: Iterator[dict[int, list]]) -> pd.DataFrame:
    data: dict[str, list] = {c: [] for c in index}
    for chunk in chunks:
        for col, j in index.items():
            data[col].extend(chunk[j])
    df = pd.DataFrame(data)
    for col in COLUMNS:
        if col not in df:
            df[col] = None
    df["source_sheet"] = sheet
    df["source_row"] = range(2, len(df) + 2)
    return df


def _sheet_frames(path: Path, say: Progress) -> list[pd.DataFrame]:
    """One frame per data sheet, read by a worker process under memory, CPU and time limits (remit.sandbox)."""
    try:
        return _read_frames(path, say)
    except UnsafeFile as exc:  # one error type for callers: whatever was wrong with the file, in plain words
        raise InvalidWorkbook(exc.message) from exc


def _read_frames(path: Path, say: Progress) -> list[pd.DataFrame]:
    frames = []
    with sandbox.open_workbook(path, purpose="rpw") as book:
        sheets = [s for s in book.all_sheet_names if SHEET_PATTERN.match(s.strip())]
        if not sheets:
            raise InvalidWorkbook(
                msg(
                    "{file} has no 'Dataset (...)' sheet: it does not look like the RPW complete dataset "
                    "(sheets found: {sheets}).",
                    file=path.name,
                    sheets=", ".join(book.all_sheet_names),
                )
            )
        for i, name in enumerate(sheets):
            say(0.1 + 0.5 * i / 2, msg("Reading sheet '{sheet}'", sheet=name))
            first = book.header(name)
            if first is None:
                raise InvalidWorkbook(msg("{file}, sheet '{sheet}' is empty.", file=path.name, sheet=name))
            index = _columns(path, name, [_key(h) for h in first])
            frames.append(_sheet_frame(name, index, book.columns(name, sorted(set(index.values())))))
    return frames


def _numbers(s: pd.Series) -> pd.Series:
    """Numbers, whether the cell holds a number or text ('1.5', ' 15,000 ', '2.5%': 2024Q3-Q4 store numbers
    as text); the workbook's 'N/A' and '..' and blanks become missing."""
    text = s.astype("string").str.replace("\u00a0", "", regex=False).str.strip()
    text = text.mask(text.str.casefold().isin(MISSING_TOKENS))
    text = text.str.removesuffix("%").str.strip()
    text = text.where(~text.str.match(_THOUSANDS, na=False), text.str.replace(",", "", regex=False))
    return pd.to_numeric(text, errors="coerce")


def _text(s: pd.Series) -> pd.Series:
    """Stripped text; the workbook's 'N/A' and '..' tokens and blanks become missing."""
    text = s.astype("string").str.strip()
    return text.mask(text.str.casefold().isin(MISSING_TOKENS))


def parse_survey_date(value: object) -> date | None:
    """A survey date as the workbook gives it: an Excel date cell, an Excel serial number, 'dd/Mon/yyyy'
    text ('05/May/2025') or ISO text; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial day (1954-2119): days since 1899-12-30
            return date(1899, 12, 30) + timedelta(days=int(value))
        return None
    text = str(value or "").strip()
    for fmt in ("%d/%b/%Y", "%d-%b-%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _transparent(s: pd.Series) -> pd.Series:
    text = s.astype("string").str.strip().str.casefold()
    return text.map(
        {
            "yes": True,
            "y": True,
            "true": True,
            "1": True,
            "1.0": True,
            "no": False,
            "n": False,
            "false": False,
            "0": False,
            "0.0": False,
        }
    ).astype("boolean")


def _in_time(path: Path, started: float, budget_s: float) -> None:
    if time.monotonic() - started > budget_s:
        raise InvalidWorkbook(
            msg(
                "Importing {name} took longer than {seconds} seconds, so it stopped. Is this the RPW complete "
                "dataset as the World Bank publishes it?",
                name=path.name,
                seconds=Num(budget_s),
            )
        )


def _validate(df: pd.DataFrame, countries: CountryResolver) -> tuple[pd.DataFrame, pd.Series]:
    """Typed columns and ISO3 codes, and each row's first reason to be rejected (NA: kept)."""
    for col in NUMERIC:
        df[col] = _numbers(df[col])
    for col in TEXT:
        if col != "transparent":
            df[col] = _text(df[col])
    df["transparent"] = _transparent(df["transparent"])
    df["firm"] = df["firm"].map(lambda f: FIRM_NAMES.get(f.casefold(), f) if isinstance(f, str) else f)

    reasons = pd.Series(pd.NA, index=df.index, dtype="string")

    def reject(mask: pd.Series, why: str) -> None:
        reasons[mask & reasons.isna()] = why

    df["period"] = df["period"].map(parse_period)
    reject(df["period"].isna(), "period is not a quarter like 2016_2Q")
    codes: dict[str, str | None] = {}
    for code in pd.unique(pd.concat([df["sending_code"], df["receiving_code"]]).dropna()):
        if not _CODE.fullmatch(code):  # only three letters can be a code: garbage is rejected without a look-up
            codes[code] = None
            continue
        try:
            codes[code] = countries.code(code, suggest=False)  # a garbage sheet may hold 300,000 unknown codes
        except UnknownCountry:
            codes[code] = None
    df["sending_iso3"] = df["sending_code"].map(codes)
    df["receiving_iso3"] = df["receiving_code"].map(codes)
    reject(df["sending_iso3"].isna(), "unknown sending country code")
    reject(df["receiving_iso3"].isna(), "unknown receiving country code")
    reject(df["firm"].isna(), "no firm name")
    reject(df["total_cost_pct_200"].isna(), "no total cost for USD 200")
    reject(~df["total_cost_pct_200"].between(-100, 100), "total cost outside -100%..100%")
    reject(~(df["amount_lcu_200"] > 0), "amount sent is not positive")
    reject(df["fee_lcu_200"] < 0, "negative fee")

    return df, reasons


def read_workbook(
    path: Path, countries: CountryResolver, progress: Progress | None = None, *, budget_s: float = IMPORT_BUDGET_S
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The workbook's provider rows mapped and validated -> (prices, rejected rows with reasons).

    Stops with InvalidWorkbook when the first EARLY_CHECK_ROWS rows are all rejected (a wrong file
    is refused in a second, not after validating 300,000 rows) or when the import runs past `budget_s` seconds.
    """
    say = progress or (lambda f, m: None)
    started = time.monotonic()
    frames = _sheet_frames(path, say)
    _in_time(path, started, budget_s)
    say(0.65, msg("Validating rows"))
    df = pd.concat(frames, ignore_index=True)
    del frames
    survey_dates = (
        df.pop("survey_date").map(parse_survey_date) if "survey_date" in df else pd.Series(None, index=df.index)
    )
    head = df.head(EARLY_CHECK_ROWS).copy()
    _, head_reasons = _validate(head, countries)
    if len(head) == EARLY_CHECK_ROWS and head_reasons.notna().all():
        raise InvalidWorkbook(
            msg(
                "{name}: the first {n} rows are all rejected (most: {reason}), so the import stopped there. Is this the "
                "RPW complete dataset as the World Bank publishes it?",
                name=path.name,
                n=Num(EARLY_CHECK_ROWS),
                reason=str(head_reasons.value_counts().index[0]),
            )
        )
    df, reasons = _validate(df, countries)
    _in_time(path, started, budget_s)
    rejected = df[reasons.notna()][
        ["source_sheet", "source_row", "period", "sending_code", "receiving_code", "firm"]
    ].copy()
    rejected["reason"] = reasons[reasons.notna()]
    df = df[reasons.isna()].copy()
    kept_dates = survey_dates[reasons.isna()].dropna()
    df.attrs["survey_dates"] = (min(kept_dates), max(kept_dates)) if len(kept_dates) else None

    # Flags (rows kept): see METHODOLOGY.md.
    fee_pct = df["fee_lcu_200"] / df["amount_lcu_200"] * 100
    df["fee_pct_200"] = fee_pct
    df["total_cost_mismatch"] = (
        fee_pct + df["fx_margin_pct_200"] - df["total_cost_pct_200"]
    ).abs() > TOTAL_TOLERANCE_PP
    df["non_transparent"] = df["transparent"].fillna(True).eq(False)
    df["negative_fx_margin"] = df["fx_margin_pct_200"] < 0
    df["placeholder_rate"] = df["fx_rate_200"].eq(1) | df["interbank_fx_rate"].eq(1)
    for flag in ("total_cost_mismatch", "non_transparent", "negative_fx_margin", "placeholder_rate"):
        # a blank cell (or a column the sheet lacks) raises no flag; the store needs true or false
        df[flag] = df[flag].astype("boolean").fillna(False).astype(bool)
    df["period_start"] = pd.PeriodIndex(df["period"], freq="Q").to_timestamp()
    key = [
        "period",
        "sending_iso3",
        "receiving_iso3",
        "firm",
        "product",
        "payment_instrument",
        "access_point",
        "pickup_method",
        "speed",
    ]
    df["duplicate_service"] = df.duplicated(key, keep=False)
    say(0.8, msg("Validated"))
    return df.drop(columns=["sending_code", "receiving_code"]), rejected


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _temp_file(folder: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, suffix=suffix)
    os.close(fd)
    return Path(name)


def imported_dir(data: Path) -> Path:
    return data / "imported"


def import_workbook(path: Path, data: Path, countries: CountryResolver, progress: Progress | None = None) -> dict:
    """Read, validate and save the workbook into data/imported/ atomically; return the report."""
    prices, report = _validated(path, countries, progress)
    _save(prices, report, imported_dir(data))
    return report


def _validated(path: Path, countries: CountryResolver, progress: Progress | None) -> tuple[pd.DataFrame, dict]:
    """The workbook's valid provider rows and the import report (nothing is written)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidWorkbook(msg("No file at {path}.", path=str(path)))
    prices, rejected = read_workbook(path, countries, progress)
    if prices.empty:
        raise InvalidWorkbook(
            msg("{file}: no valid provider rows ({n} rejected).", file=path.name, n=Num(len(rejected)))
        )
    report = {
        "file": path.name,
        "file_sha256": _sha256(path),
        "file_bytes": path.stat().st_size,
        "imported_at_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": int(len(prices)),
        "rejected_rows": int(len(rejected)),
        "rejected_examples": rejected.head(10).astype("string").fillna("").to_dict(orient="records"),
        "rejected_by_reason": {str(k): int(v) for k, v in rejected["reason"].value_counts().items()},
        "flags": {
            f: int(prices[f].sum())
            for f in (
                "total_cost_mismatch",
                "non_transparent",
                "negative_fx_margin",
                "placeholder_rate",
                "duplicate_service",
            )
        },
        "periods": sorted(prices["period"].unique().tolist()),
        # Rows that differ only in the workbook's `id`: kept, each counted as the World Bank counts it
        # (its published averages are simple means over rows; see Data & methods).
        "identical_rows": int(prices.drop(columns=["source_row"]).duplicated().sum()),
        "survey_dates": [d.isoformat() for d in prices.attrs["survey_dates"]]
        if prices.attrs.get("survey_dates")
        else None,
        "sheets": {str(k): int(v) for k, v in prices["source_sheet"].value_counts().items()},
        "corridors": int(prices[["sending_iso3", "receiving_iso3"]].drop_duplicates().shape[0]),
    }
    return prices, report


IMPORTED_FILES = ("rpw_providers.parquet", "rpw_import.json")  # what an import writes into imported/


def _save(prices: pd.DataFrame, report: dict, out: Path) -> None:
    """Write the provider rows and the report into out/ (both beside their targets, then renamed: a
    failure leaves the previous import whole). A read-only folder or a full disk raises WriteFailed."""
    tmp_parquet = tmp_json = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp_parquet, tmp_json = _temp_file(out, ".parquet.tmp"), _temp_file(out, ".json.tmp")
        with duckdb.connect() as con:  # the path goes to DuckDB as an argument, never into SQL text
            con.from_df(prices).write_parquet(str(tmp_parquet))
        tmp_json.write_text(json.dumps(report, indent=2), encoding="utf-8")
        os.replace(tmp_parquet, out / IMPORTED_FILES[0])
        os.replace(tmp_json, out / IMPORTED_FILES[1])
    except (OSError, duckdb.IOException, duckdb.PermissionException) as exc:
        raise WriteFailed(out, exc) from exc
    finally:
        for tmp in (tmp_parquet, tmp_json):
            if tmp is not None:
                tmp.unlink(missing_ok=True)


STAGING_PREFIX = ".import-"  # data/.import-XXXX/: a staging copy of data/ (hard links) for one build
INCOMING_PREFIX = ".incoming-"  # data/.incoming-XXXX/: new input files waiting for their build
STALE_INCOMING_SECONDS = 24 * 3600  # an incoming folder this old was left by a process that was killed


@contextlib.contextmanager
def incoming_folder(data: Path) -> Iterator[Path]:
    """A private folder for new input files, laid out as data/ is (imported/rpw_providers.parquet,
    imported/wdi/CODE.csv), on data/'s file system so that they can be renamed into place by
    rebuild_with. Removed afterwards, whatever happens; a read-only folder or a full disk raises WriteFailed."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=INCOMING_PREFIX, dir=data))
    except OSError as exc:
        raise WriteFailed(data, exc) from exc
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stage(data: Path, skip: set[Path]) -> Path:
    """A staging copy of the files a build reads (store.input_files), as hard links (no extra space;
    a copy where links are refused), without the files in `skip` (those the build replaces). Leftovers
    of a build or an update that was killed are removed first (call with the build lock held)."""
    for leftover in data.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in data.glob(INCOMING_PREFIX + "*"):  # another update may be downloading into a recent one
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > STALE_INCOMING_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data))
    for path in input_files(data):
        if path in skip:
            continue
        target = staging / path.relative_to(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
    return staging


def rebuild_with(incoming: Path, data: Path, store: Path, progress: Progress | None = None) -> dict:
    """Rebuild the store from data/ with the files in `incoming` (an incoming_folder) added or in place
    of data/'s own, and move them into data/ only once that build has succeeded; return its summary.

    The one import-and-rebuild sequence (import-rpw, update, and the app's import and update): with the
    build lock held, the files a build reads are staged (data/.import-XXXX/, hard links), the new files
    moved in beside them, the store built from the staged copy and swapped in, and only then are the new
    files renamed into data/. A build that fails (a full disk, a read-only folder, a file the build
    refuses) changes neither the store nor data/, so the store does not go stale for anyone.
    """
    new = sorted(p.relative_to(incoming) for p in incoming.rglob("*") if p.is_file() and not p.name.endswith(".tmp"))
    with build_lock(store):
        try:
            staging = _stage(data, {data / p for p in new})
        except OSError as exc:
            raise WriteFailed(data, exc) from exc
        try:
            try:
                for p in new:
                    (staging / p).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(incoming / p, staging / p)
            except OSError as exc:
                raise WriteFailed(data, exc) from exc
            summary = build_locked(staging, store, progress, recorded_data=data)
            try:
                for p in new:  # renames keep size and time: the store's recorded inputs match
                    (data / p).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging / p, data / p)
            except OSError as exc:
                raise WriteFailed(imported_dir(data), exc) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return summary


def import_and_rebuild(
    path: Path, data: Path | None = None, store: Path | None = None, progress: Progress | None = None
) -> dict:
    """Import a provider workbook into data/imported/ and rebuild the store from it.

    Returns the import report with the build's summary under "store". The import takes the first 80%
    of the progress, the build the rest. A workbook that fails validation raises before anything is
    written; the import is then saved in an incoming folder and rebuild_with builds from it: a build
    that fails (a full disk, a read-only folder) changes neither the store nor data/imported/.
    """
    data = data or data_dir()
    store = store or store_path()
    say = progress or (lambda frac, msg: None)
    countries, _table = country_resolver(data, load_sources(data))
    prices, report = _validated(path, countries, progress=lambda f, m: say(f * 0.8, m))
    with incoming_folder(data) as incoming:
        _save(prices, report, imported_dir(incoming))
        report["store"] = rebuild_with(incoming, data, store, lambda f, m: say(0.8 + f * 0.2, m))
    return report
