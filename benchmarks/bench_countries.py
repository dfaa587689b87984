"""Country-name suggestions: what an unknown name costs (the 'did you mean' search), and the RPW import's
validation of a SYNTHETIC garbage workbook's country codes (every code unknown).

Run from the checkout:  python benchmarks/bench_countries.py [--names 300]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = (
    Path(sys.argv[sys.argv.index("--root") + 1]).resolve()
    if "--root" in sys.argv
    else Path(__file__).resolve().parent.parent
)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import pandas as pd  # noqa: E402
from synthetic import make_data_dir  # noqa: E402

from remit import rpw  # noqa: E402
from remit.build import country_resolver, load_sources  # noqa: E402
from remit.errors import UnknownCountry  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=300, help="unknown names to look up")
    ap.add_argument("--rows", type=int, default=300_000, help="rows of the garbage workbook (0: skip)")
    ap.add_argument("--root", type=Path, help="another checkout to measure (e.g. main, for the figures before)")
    args = ap.parse_args()
    data = ROOT / "data" if (ROOT / "data/sources.toml").exists() else make_data_dir(Path(tempfile.mkdtemp()))
    countries, _ = country_resolver(data, load_sources(data))
    print(f"{len(countries.display)} countries known ({data})")
    for iso, name in [
        ("UZB", "Uzbekistan"),
        ("ITA", "Italy"),
        ("MDA", "Moldova"),
        ("IND", "India"),
        ("PAK", "Pakistan"),
    ]:
        countries.add(iso, name)
    rng = random.Random(7)
    names = ["".join(rng.choices(string.ascii_letters + " ", k=rng.randint(4, 30))) for _ in range(args.names)]
    typos = ["Rusia", "Tajikstan", "Kyrgystan", "Uzbekistn", "Moldva", "Germny", "Russian Fed."]
    t = time.perf_counter()
    for name in names:
        try:
            countries.iso3(name)
        except UnknownCountry:
            pass
    per_name = (time.perf_counter() - t) / len(names)
    t = time.perf_counter()
    codes = 0
    for i in range(args.names):
        try:
            countries.code(f"Q{i:04d}")
        except UnknownCountry:
            codes += 1
    per_code = (time.perf_counter() - t) / args.names
    print(f"unknown name, with suggestions   {per_name * 1000:8.2f} ms each ({len(names)} random names)")
    print(f"unknown code, with suggestions   {per_code * 1000:8.2f} ms each ({codes} codes)")
    for typo in typos:
        print(f"  {typo!r:16} -> {countries.suggest(typo)}")
    if args.rows and hasattr(rpw, "_sheet_frames"):
        garbage_validation(countries, args.rows)


def garbage_validation(countries: object, rows: int) -> None:
    """The import's 'Validating rows' phase on SYNTHETIC garbage: every row a new unknown country code."""
    rng = random.Random(3)
    frame = pd.DataFrame(
        {
            "period": [f"{rng.randint(1000, 9999)}x" for _ in range(rows)],
            "sending_code": [f"Z{i:07d}" for i in range(rows)],
            "receiving_code": [f"Y{i:07d}" for i in range(rows)],
            "firm": ["x"] * rows,
            "amount_lcu_200": ["?"] * rows,
            "fee_lcu_200": ["?"] * rows,
            "fx_margin_pct_200": ["?"] * rows,
            "total_cost_pct_200": ["?"] * rows,
        }
    )
    for col in rpw.COLUMNS:
        if col not in frame:
            frame[col] = None
    frame["source_sheet"], frame["source_row"] = "Dataset (from Q2 2016)", range(2, rows + 2)
    original, early = rpw._sheet_frames, rpw.EARLY_CHECK_ROWS
    rpw._sheet_frames = lambda path, say: [frame.copy()]
    try:
        for label, check in (("stops early", early), ("validated whole", rows + 1)):
            rpw.EARLY_CHECK_ROWS = check
            t = time.perf_counter()
            try:
                prices, rejected = rpw.read_workbook(Path("garbage.xlsx"), countries)
                outcome = f"{len(rejected):,} rejected, {len(prices)} kept"
            except rpw.InvalidWorkbook as exc:
                outcome = str(exc)[:70] + "..."
            took = time.perf_counter() - t
            print(f"{rows:,} garbage rows, {label:15} {took:8.2f} s  {outcome}")
    finally:
        rpw._sheet_frames, rpw.EARLY_CHECK_ROWS = original, early


if __name__ == "__main__":
    main()
