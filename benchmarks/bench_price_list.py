"""Price-list benchmark timing: parse and benchmark a SYNTHETIC price list against the store.

Run from the checkout:  python benchmarks/bench_price_list.py [--rows 200] [--repeat 5]

Builds a made-up price list over the store's corridors (tests/synthetic_price_list.py: 12 bad rows
of different kinds spread through it, the rest good), as a semicolon-separated Windows-1251 CSV and
as an .xlsx, then times remit.benchmark.parse_price_list and benchmark_price_list (median of N, s).
With --rows above 200 the good rows are repeated to that length. Nothing here asserts on a time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from synthetic_price_list import csv_bytes, make_price_list, xlsx_bytes  # noqa: E402

from remit import benchmark, corridors, store  # noqa: E402
from remit.build import ensure_store  # noqa: E402


def _median(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    ensure_store(progress=None)
    con = store.connect()
    countries = corridors.resolver(con)
    rows, bad = make_price_list(max(args.rows - 12, 0))
    print(f"SYNTHETIC price list: {len(rows) - 1} rows, {len(bad)} bad; store {store.store_path()}")
    for label, data, name in (
        ("CSV (Windows-1251, ;)", csv_bytes(rows, ";", "cp1251"), "prices.csv"),
        ("Excel (.xlsx)", xlsx_bytes(rows), "prices.xlsx"),
    ):
        t_parse, parsed = _median(
            lambda d=data, n=name: benchmark.parse_price_list(d, n, countries=countries), args.repeat
        )
        t_bench, out = _median(
            lambda p=parsed: benchmark.benchmark_price_list(con, p.good, transfers_per_year=1e4), args.repeat
        )
        print(
            f"{label:<24} {len(data) / 1024:8.0f} KB  parse {t_parse:6.3f} s  benchmark {t_bench:6.3f} s  "
            f"good {len(parsed.good):,}  bad {parsed.bad['row'].notna().sum():,}  benchmarked {len(out):,}"
        )


if __name__ == "__main__":
    main()
