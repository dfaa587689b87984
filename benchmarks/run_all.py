"""Every figure of the performance brief in one run, each beside its target.

Run from the checkout:  python benchmarks/run_all.py [--quick | --item7] [--json] [--skip-browser] [--skip-cluster]

On the shipped data and on a SYNTHETIC provider workbook of the official size (~250,000 rows, made
here with made-up prices, imported into a copy of data/):

1. Store build time (build_store, median of N) without and with the imported provider prices.
2. Workbook import time and peak memory (its own process, so the peak RSS is the import's).
3. Cold start to first page: server start until the Overview has rendered in headless Chromium
   (bench_foundation.py), on a store already built and on a missing one (includes the build).
4. Server time of each main interaction: one session, several rounds, no other load (p50/p95).
5. The pages' queries on DuckDB against plain pandas over the raw files, as a ratio.
6. 50 concurrent sessions (load_test.py) on one app process, with the shipped data and with the
   provider prices, and (with nginx) on two processes behind nginx (deploy/run_cluster.sh).

The end of the output lists the three figures of "every page answers fast" (issue 15, item 7) beside their
targets: cold start to the first rendered page, the p95 of each of the 8 interactions, and 50 sessions on one
process. --item7 measures only those (shipped data, about 5 minutes).

Loopback only; every server started here is stopped at the end. Nothing is asserted on a time.
The machine is shared with whatever else runs: figures are medians/percentiles of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]

import app_server  # noqa: E402
import bench_foundation  # noqa: E402
import bench_import  # noqa: E402
import load_test  # noqa: E402

from remit.build import build_store  # noqa: E402

TARGETS = {
    "build_s": 3.0,
    "import_s": 15.0,
    "import_rss_mb": 1024.0,
    "interaction_p95_ms": 100.0,
    "cold_start_s": 3.0,
    "load_p95_ms": 1000.0,
}


def log(message: str) -> None:
    print(f"[run_all] {message}", file=sys.stderr, flush=True)


def median_build(data: Path, store: Path, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        build_store(data, store)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


IMPORT_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from remit import rpw
from remit.build import country_resolver, load_sources
data = Path({data!r})
countries, _ = country_resolver(data, load_sources(data))
started = time.perf_counter()
report = rpw.import_workbook(Path({workbook!r}), data, countries)
print(json.dumps({{"seconds": time.perf_counter() - started, "rows": report["rows"],
                  "rejected": report["rejected_rows"],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def import_workbook(rows: int, data: Path, tmp: Path) -> dict[str, Any]:
    """Generate the SYNTHETIC workbook and import it into the data copy in a fresh process."""
    workbook = tmp / "rpw_dataset_SYNTHETIC.xlsx"
    started = time.perf_counter()
    bench_import.make_workbook(workbook, rows)
    made = time.perf_counter() - started
    code = IMPORT_CHILD.format(root=str(ROOT), data=str(data), workbook=str(workbook))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=900)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {**result, "workbook_rows": rows, "workbook_mb": workbook.stat().st_size / 1e6, "generated_s": made}


def serve(store: Path, data: Path | None, tmp: Path, name: str) -> tuple[subprocess.Popen, str, Path]:
    port = app_server.free_port()
    log_file = tmp / f"{name}.log"
    env = {"REMIT_STORE": str(store)}
    if data is not None:
        env["REMIT_DATA_DIR"] = str(data)
    proc = app_server.start_app(port, log_file, env=env)
    url = f"http://127.0.0.1:{port}"
    app_server.wait_healthy(url, proc, log_file)
    return proc, url, log_file


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), 0.0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_load(url: str, proc: subprocess.Popen | None, plan: load_test.Plan) -> dict[str, Any]:
    """A load run; with the server's process, also its CPU time per interaction and its memory after."""
    cpu0 = cpu_seconds(proc.pid) if proc else 0.0
    report = load_test.load(plan)
    log(report.render())
    out = report.as_dict()
    n = out["interactions"][-1]["count"]
    if proc:
        out["server_cpu_ms_per_interaction"] = (cpu_seconds(proc.pid) - cpu0) * 1000 / max(n, 1)
        out["server_rss_mb"] = rss_mb(proc.pid)
    return out


def interactions(url: str, proc: subprocess.Popen, rounds: int) -> dict[str, Any]:
    """Server time of each interaction with no other load: one session, `rounds` rounds after a warm-up."""
    load_test.load(load_test.Plan(url, sessions=1, rounds=1, think_s=0))  # warm the process's caches
    return run_load(url, proc, load_test.Plan(url, sessions=1, rounds=rounds, think_s=0.05, duration_s=300))


def cluster_load(store: Path, tmp: Path, name: str, plan_args: dict[str, Any]) -> dict[str, Any]:
    """The load through deploy/run_cluster.sh: two app processes behind nginx, on the given store."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        return {"skipped": "nginx is not installed (apt-get install nginx)"}
    rundir = tmp / name
    rundir.mkdir()
    port = app_server.free_port()
    first = app_server.free_port_pair(avoid=port)
    env = {**os.environ, "REMIT_STORE": str(store), "PYTHON": sys.executable}
    out = rundir / "run_cluster.out"
    cmd = ["bash", str(ROOT / "deploy/run_cluster.sh"), "--apps", "2", "--port", str(port),
           "--first-app-port", str(first), "--dir", str(rundir)]  # fmt: skip
    with open(out, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        app_server.wait_healthy(url, proc, out, timeout_s=180)
        for app in (first, first + 1):  # warm each process's caches, as a long-running server has them
            load_test.load(load_test.Plan(f"http://127.0.0.1:{app}", sessions=1, rounds=1, think_s=0))
        return run_load(url, None, load_test.Plan(url, **plan_args))
    except RuntimeError as exc:
        return {"skipped": f"the cluster did not start: {str(exc)[:300]}"}
    finally:
        app_server.stop(proc)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 (one section per figure)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, 20 sessions, a 50,000-row workbook")
    ap.add_argument("--rows", type=int, help="rows of the SYNTHETIC provider workbook (default 250,000)")
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--think", type=float, default=5.0, help="mean think time of the 50 sessions, s (default 5)")
    ap.add_argument("--skip-browser", action="store_true", help="no cold-start figure (needs Chromium)")
    ap.add_argument("--skip-cluster", action="store_true", help="no two-process run behind nginx")
    ap.add_argument("--item7", action="store_true", help="only the figures of 'every page answers fast', shipped data")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    # SIGTERM (e.g. from timeout) unwinds like Ctrl-C, so every server started here is stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    repeat = 2 if args.quick else 5
    rows = args.rows or (50_000 if args.quick else 250_000)
    sessions = 20 if args.quick and args.sessions == 50 else args.sessions
    load_plan = {"sessions": sessions, "rounds": 2, "think_s": args.think, "ramp_s": 0.1, "duration_s": 600}
    burst_plan = {"sessions": sessions, "rounds": 1, "think_s": 0.5, "ramp_s": 0.02, "duration_s": 600}
    shipped = ROOT / "data"
    results: dict[str, Any] = {"machine": bench_foundation.machine(), "targets": TARGETS}
    results["load_average_start"] = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="remit-run-all-") as tmp_name:
        tmp = Path(tmp_name)
        store = tmp / "shipped.duckdb"
        log("1. store build, shipped data")
        results["build_s"] = median_build(shipped, store, 1 if args.item7 else repeat)
        results["store_mb"] = store.stat().st_size / 1e6
        if args.item7:
            log("4/6. app on the shipped store: interactions, then the sessions on one process")
            proc, url, _ = serve(store, None, tmp, "shipped")
            try:
                results["interactions_shipped"] = interactions(url, proc, rounds=5 if args.quick else 20)
                results["load_shipped"] = run_load(url, proc, load_test.Plan(url, **load_plan))
            finally:
                app_server.stop(proc)
            results["cold_start"] = (
                {"skipped": "--skip-browser"} if args.skip_browser else bench_foundation.bench_cold_start()
            )
            results["load_average_end"] = os.getloadavg()
            print(json.dumps(results, indent=2, default=str) if args.json else render_item7(results))
            return 0

        log(f"2. SYNTHETIC provider workbook of {rows:,} rows: generate and import")
        provider_data = tmp / "data"
        shutil.copytree(shipped, provider_data, ignore=shutil.ignore_patterns("remit.duckdb*", "*.lock", "imported"))
        results["import"] = import_workbook(rows, provider_data, tmp)
        provider_store = tmp / "provider.duckdb"
        log("1b. store build with the provider prices")
        results["build_provider_s"] = median_build(provider_data, provider_store, repeat)

        log("5. DuckDB against plain pandas")
        raw = bench_foundation.RawFiles.from_sources(shipped)
        results["queries"] = bench_foundation.bench_queries(store, raw, repeat)

        for name, st_path, data in (("shipped", store, None), ("provider", provider_store, provider_data)):
            log(f"4/6. app on the {name} store")
            proc, url, _ = serve(st_path, data, tmp, name)
            try:
                results[f"interactions_{name}"] = interactions(url, proc, rounds=5 if args.quick else 20)
                results[f"load_{name}"] = run_load(url, proc, load_test.Plan(url, **load_plan))
                if name == "shipped":
                    results["burst_shipped"] = run_load(url, proc, load_test.Plan(url, **burst_plan))
            finally:
                app_server.stop(proc)
        if not args.skip_cluster:
            log("6b. two processes behind nginx, shipped data")
            results["load_cluster"] = cluster_load(store, tmp, "cluster", load_plan)
            if "skipped" not in results["load_cluster"]:
                results["burst_cluster"] = cluster_load(store, tmp, "cluster-burst", burst_plan)

    results["cold_start"] = {"skipped": "--skip-browser"} if args.skip_browser else bench_foundation.bench_cold_start()
    results["load_average_end"] = os.getloadavg()
    print(json.dumps(results, indent=2, default=str) if args.json else render(results))
    return 0


def _mark(value: float, target: float) -> str:
    return "ok " if value <= target else "MISS"


def render(r: dict[str, Any]) -> str:  # noqa: PLR0915
    m, t = r["machine"], TARGETS
    imp = r["import"]
    lines = [
        f"remit performance  |  {m['cpu_count']} CPUs, Python {m['python']}, duckdb {m['duckdb']}, pandas {m['pandas']}, "
        f"streamlit {m['streamlit']}  |  {m['platform']}",
        "load average (1/5/15 min) at the start {:.1f} {:.1f} {:.1f}, at the end {:.1f} {:.1f} {:.1f}: anything above ~1 "
        "means other work shared the 2 cores and inflated the times below".format(
            *r["load_average_start"], *r["load_average_end"]
        ),
        "",
        f"{'figure':<62}{'measured':>12}{'target':>10}",
        f"{'store build, shipped data (median)':<62}{r['build_s']:>10.2f} s{t['build_s']:>8.1f} s  {_mark(r['build_s'], t['build_s'])}",
        f"{'store build, with ' + format(imp['rows'], ',') + ' SYNTHETIC provider prices':<62}{r['build_provider_s']:>10.2f} s"
        f"{t['build_s']:>8.1f} s  {_mark(r['build_provider_s'], t['build_s'])}",
        f"{'workbook import, ' + format(imp['workbook_rows'], ',') + ' rows (' + format(imp['workbook_mb'], '.0f') + ' MB)':<62}"
        f"{imp['seconds']:>10.2f} s{t['import_s']:>8.1f} s  {_mark(imp['seconds'], t['import_s'])}",
        f"{'workbook import, peak memory (RSS of the import process)':<62}{imp['peak_rss_mb']:>9.0f} MB"
        f"{t['import_rss_mb']:>7.0f} MB  {_mark(imp['peak_rss_mb'], t['import_rss_mb'])}",
    ]
    cold = r["cold_start"]
    if "skipped" in cold:
        lines.append(f"{'cold start to first page':<62}  skipped: {cold['skipped']}")
    else:
        for key, label in (("built_store", "store built"), ("fresh_store", "no store yet: includes the build")):
            v = cold[key]["rendered_s"]
            lines.append(
                f"{'cold start to Overview rendered, ' + label:<62}{v:>10.2f} s{t['cold_start_s']:>8.1f} s  {_mark(v, t['cold_start_s'])}"
            )
    for name in ("shipped", "provider"):
        inter = r[f"interactions_{name}"]
        lines += ["", f"Server time of each interaction, {name} store, one session with no other load (ms):"]
        lines.append(f"   {'interaction':<38}{'n':>4}{'p50':>8}{'p95':>8}   target p95 {t['interaction_p95_ms']:.0f}")
        for row in inter["interactions"]:
            if row["interaction"] == load_test.CONNECT:
                continue
            lines.append(
                f"   {row['interaction']:<38}{row['count']:>4}{row['p50_ms']:>8.0f}{row['p95_ms']:>8.0f}   "
                f"{_mark(row['p95_ms'], t['interaction_p95_ms'])}"
            )
        lines.append(f"   server CPU per interaction: {inter['server_cpu_ms_per_interaction']:.0f} ms")
    lines += ["", "Concurrent sessions (p95 over all interactions; target p95 <= 1000 ms with no errors):"]
    for key, label in (
        ("load_shipped", "one process, shipped data"),
        ("load_provider", "one process, with provider prices"),
        ("load_cluster", "two processes behind nginx, shipped data"),
        ("burst_shipped", "one process, shipped data, BURST (think 0.5 s)"),
        ("burst_cluster", "two processes behind nginx, BURST (think 0.5 s)"),
    ):
        v = r.get(key)
        if not v:
            continue
        if "skipped" in v:
            lines.append(f"   {label:<50} skipped: {v['skipped']}")
            continue
        total = v["interactions"][-1]
        errors = len(v["errors"])
        ok = total["p95_ms"] <= t["load_p95_ms"] and not errors
        extra = (
            f", server CPU {v['server_cpu_ms_per_interaction']:.0f} ms/interaction, RSS {v['server_rss_mb']:.0f} MB"
            if "server_rss_mb" in v
            else ""
        )
        lines.append(
            f"   {label:<50} {v['sessions']} sessions x {v['rounds']} round(s), think {v['think_s']:g} s: "
            f"{total['count']} interactions, {errors} errors, p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} ms, "
            f"max {total['max_ms']:.0f} ms{extra}  {'ok' if ok else 'MISS'}"
        )
    lines += ["", "DuckDB store against plain pandas re-reading the raw files (median ms):"]
    for q in r["queries"]["rows"]:
        lines.append(f"   {q['query']:<48}{q['duckdb_ms']:>8.1f}{q['pandas_ms']:>10.1f}{q['ratio']:>8.1f}x")
    return "\n".join([*lines, "", *item7_lines(r)])


def item7_lines(r: dict[str, Any]) -> list[str]:
    """Issue 15, item 7 ("every page answers fast"): its three figures beside their targets."""
    t = TARGETS
    lines = [
        "Every page answers fast (issue 15, item 7), shipped data; load average at the start "
        "{:.1f}, at the end {:.1f} (2 cores: above ~1, other work inflated these times)".format(
            r["load_average_start"][0], r["load_average_end"][0]
        ),
        f"   {'figure':<58}{'measured':>12}{'target':>10}",
    ]
    cold = r.get("cold_start", {})
    if "built_store" in cold:
        v = cold["built_store"]["rendered_s"]
        lines.append(
            f"   {'cold start to the first page rendered, store built':<58}{v:>10.2f} s"
            f"{t['cold_start_s']:>8.1f} s  {_mark(v, t['cold_start_s'])}"
        )
    else:
        lines.append(f"   {'cold start to the first page rendered, store built':<58}  skipped: {cold.get('skipped')}")
    rows = [
        x
        for x in r["interactions_shipped"]["interactions"]
        if x["interaction"] not in (load_test.CONNECT, "all interactions")
    ]
    for row in rows:
        lines.append(
            f"   {'p95, one session: ' + row['interaction']:<58}{row['p95_ms']:>9.0f} ms{t['interaction_p95_ms']:>7.0f} ms  "
            f"{_mark(row['p95_ms'], t['interaction_p95_ms'])}"
        )
    met = sum(1 for row in rows if row["p95_ms"] <= t["interaction_p95_ms"])
    lines.append(f"   {'interactions meeting p95 <= 100 ms':<58}{met:>9} of {len(rows)}")
    load = r["load_shipped"]
    total = load["interactions"][-1]
    errors = len(load["errors"])
    label = f"p95, {load['sessions']} sessions on one process, think {load['think_s']:g} s"
    if load["sessions"] != 50:
        label += " (target: 50)"
    lines.append(
        f"   {label:<58}{total['p95_ms']:>9.0f} ms{t['load_p95_ms']:>7.0f} ms  "
        f"{'ok ' if total['p95_ms'] <= t['load_p95_ms'] and not errors else 'MISS'}  ({errors} errors, "
        f"server CPU {load['server_cpu_ms_per_interaction']:.0f} ms/interaction)"
    )
    return lines


def render_item7(r: dict[str, Any]) -> str:
    m = r["machine"]
    head = f"remit, every page answers fast  |  {m['cpu_count']} CPUs, Python {m['python']}, streamlit {m['streamlit']}"
    return "\n".join([head, "", *item7_lines(r)])


if __name__ == "__main__":
    sys.exit(main())
