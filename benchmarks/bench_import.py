"""Import benchmark: a SYNTHETIC provider workbook of the official size (~250,000 rows over the two
data sheets, generated here with made-up prices), imported with remit.rpw; prints the time and the
peak memory of the import process.

Run from the checkout:  python benchmarks/bench_import.py [--rows 250000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from synthetic_rpw import NEW_HEADER, OLD_HEADER  # noqa: E402

CORRIDORS = [
    ("RUS", "TJK"),
    ("RUS", "KGZ"),
    ("RUS", "UZB"),
    ("DEU", "KSV"),
    ("ITA", "MDA"),
    ("USA", "MEX"),
    ("GBR", "IND"),
    ("ARE", "PAK"),
    ("SAU", "EGY"),
    ("FRA", "SEN"),
]


def make_workbook(path: Path, rows: int) -> None:
    """SYNTHETIC: random but well-formed rows; 20% in the old sheet, 80% in the new one."""
    rng = random.Random(42)
    wb = Workbook(write_only=True)
    for title, header, share, periods in (
        ("Dataset (up to Q1 2016)", OLD_HEADER, 0.2, [f"{y}_{q}Q" for y in range(2011, 2016) for q in (1, 3)]),
        ("Dataset (from Q2 2016)", NEW_HEADER, 0.8, [f"{y}_{q}Q" for y in range(2016, 2026) for q in (1, 2, 3, 4)]),
    ):
        ws = wb.create_sheet(title)
        ws.append(header)
        for i in range(int(rows * share)):
            send, recv = CORRIDORS[i % len(CORRIDORS)]
            fee, margin = round(rng.uniform(0, 20), 2), round(rng.uniform(-0.5, 5), 2)
            values = {
                "period": periods[i % len(periods)],
                "source_code": send,
                "destination_code": recv,
                "firm": f"Firm {i % 400}",
                "firm_type": rng.choice(["Bank", "Money Transfer Operator", "Post office"]),
                "cc1 lcu amount": 200.0,
                "cc1 lcu fee": fee,
                "cc1 fx margin": margin,
                "cc1 total cost %": round(fee / 2 + margin, 4),
                "transparent": "yes",
                "speed actual": "Same day",
                "cc2 lcu amount": 500.0,
                "cc2 lcu fee": fee,
                "cc2 fx margin": margin,
                "cc2 total cost %": round(fee / 5 + margin, 4),
                "payment instrument": "Cash",
                "pickup method": "Cash",
                "product": "Cash to cash",
                "pick-up method": "Cash",
            }
            ws.append([values.get(h) for h in header])
    wb.save(path)


def import_in_child(workbook: Path) -> dict:
    """Import in a fresh process so its peak RSS is the import's alone."""
    code = f"""
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / "tests")!r})
from synthetic import make_data_dir
from remit import rpw
from remit.build import country_resolver, load_sources
from remit.countries import CountryResolver
data = make_data_dir(Path(tempfile.mkdtemp()))
countries, _ = country_resolver(data, load_sources(data))
for code, name in [("UZB","Uzbekistan"),("ITA","Italy"),("MDA","Moldova"),("GBR","United Kingdom"),("IND","India"),
                   ("ARE","United Arab Emirates"),("PAK","Pakistan"),("SAU","Saudi Arabia"),("EGY","Egypt"),("FRA","France"),("SEN","Senegal")]:
    countries.add(code, name)
t = time.perf_counter()
report = rpw.import_workbook(Path({str(workbook)!r}), data, countries)
print(json.dumps({{"seconds": time.perf_counter() - t, "rows": report["rows"], "rejected": report["rejected_rows"],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=250_000)
    ap.add_argument("--keep", type=Path, help="keep the generated workbook here (reused when it exists)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "rpw_dataset_synthetic.xlsx"
        t = time.perf_counter()
        if not path.exists():
            make_workbook(path, args.rows)
        made = time.perf_counter() - t
        result = import_in_child(path)
        print(
            f"SYNTHETIC workbook: {args.rows:,} rows, {path.stat().st_size / 1e6:,.1f} MB (generated in {made:,.1f} s)"
        )
        print(
            f"import time        {result['seconds']:8.1f} s   ({result['rows']:,} rows kept, {result['rejected']:,} rejected)"
        )
        print(f"peak memory (RSS)  {result['peak_rss_mb']:8.0f} MB  (import process)")
        print(f"reader worker      {result['worker_peak_rss_mb']:8.0f} MB  (remit.sandbox's worker process, if any)")
        print(f"this process       {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB  (generator)")


if __name__ == "__main__":
    main()
