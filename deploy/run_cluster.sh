#!/usr/bin/env bash
# Serve remit to more users than one process can: N `streamlit run app.py` processes on loopback
# ports behind nginx with sticky sessions, all reading the same store read-only. Runs in the
# foreground; Ctrl-C (or SIGTERM to this script) stops nginx and every app process it started.
#
#   deploy/run_cluster.sh [--apps N] [--listen ADDR] [--port PORT] [--first-app-port PORT] [--dir RUNDIR] [--allow-import]
#
# Defaults: 2 apps (one per core is a good start), nginx on 127.0.0.1:8080, apps on 127.0.0.1:8601...,
# run directory (rendered nginx.conf, pid, logs, temp files) a new temporary directory. Visitors cannot
# load data (REMIT_ALLOW_IMPORT=0 for every app: what one visitor loads, every visitor sees); --allow-import
# lets them (the upload on Data & methods). An administrator imports with python -m remit import-rpw.
# REMIT_STORE / REMIT_DATA_DIR are passed to every process. The store is built (or checked) once
# before the apps start; the apps only read it, and a rebuild (python -m remit build, an import,
# an update) swaps a new file in atomically, which every process picks up on its next page view.
# An app process that dies (say a crash in a native library) is started again within a second or two.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APPS=2
LISTEN=127.0.0.1
PORT=8080
FIRST=8601
RUNDIR=""
ALLOW_IMPORT=0
PYTHON="${PYTHON:-python3}"

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --apps) APPS="$2"; shift 2 ;;
        --listen) LISTEN="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --first-app-port) FIRST="$2"; shift 2 ;;
        --dir) RUNDIR="$2"; shift 2 ;;
        --allow-import) ALLOW_IMPORT=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run_cluster.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
for n in "$APPS" "$PORT" "$FIRST"; do
    case "$n" in ''|*[!0-9]*) echo "run_cluster.sh: '$n' is not a number" >&2; exit 2 ;; esac
done
[ "$APPS" -ge 1 ] || { echo "run_cluster.sh: --apps must be at least 1" >&2; exit 2; }
NGINX="$(command -v nginx || true)"
[ -n "$NGINX" ] || NGINX="$(ls /usr/sbin/nginx 2>/dev/null || true)"
[ -n "$NGINX" ] || { echo "run_cluster.sh: nginx not found (Debian: apt-get install nginx)" >&2; exit 1; }

RUNDIR="${RUNDIR:-$(mktemp -d -t remit-cluster-XXXXXX)}"
mkdir -p "$RUNDIR/logs" "$RUNDIR/tmp"
RUNDIR="$(cd "$RUNDIR" && pwd)"
cd "$ROOT"  # streamlit reads .streamlit/config.toml from here

PIDS=()
NGINX_PID=""
cleanup() {
    trap - EXIT INT TERM
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 143' INT TERM

# 1. The store: built once here if it is missing or older than data/, so the apps never race to build it.
"$PYTHON" -m remit info >/dev/null

# 2. The app processes, each on its own loopback port; one cookie secret, so XSRF and auth cookies
#    stay valid when a user lands on another process (e.g. after one was restarted).
export STREAMLIT_SERVER_COOKIE_SECRET="${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}"
export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
export REMIT_ALLOW_IMPORT="$ALLOW_IMPORT"  # off unless --allow-import (an inherited value does not count)
# Each app runs under a small supervisor that starts it again when it exits (a crash, the kernel's OOM killer):
# nginx sends that process's users to the others meanwhile (max_fails, fail_timeout below). The app's pid is
# in RUNDIR/app-PORT.pid. Under systemd, deploy/remit-app@.service does the same with Restart=always.
supervise() {
    local port=$1 child="" code
    trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' INT TERM
    while true; do
        "$PYTHON" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
            --server.port "$port" >>"$RUNDIR/logs/app-$port.log" 2>&1 &
        child=$!
        echo "$child" >"$RUNDIR/app-$port.pid"
        code=0
        wait "$child" || code=$?
        echo "run_cluster.sh: app on port $port exited with status $code; starting it again" >>"$RUNDIR/logs/app-$port.log"
        sleep 1  # a process that fails at once is started at most once a second
    done
}
UPSTREAMS=""
for i in $(seq 0 $((APPS - 1))); do
    port=$((FIRST + i))
    : >"$RUNDIR/logs/app-$port.log"
    supervise "$port" &
    PIDS+=("$!")
    UPSTREAMS+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
done
for i in $(seq 0 $((APPS - 1))); do
    port=$((FIRST + i))
    for _ in $(seq 600); do
        "$PYTHON" - "$port" <<'PY' && break
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health", timeout=2).read() == b"ok" else 1)
except OSError:
    sys.exit(1)
PY
        if grep -q "run_cluster.sh: app on port $port exited" "$RUNDIR/logs/app-$port.log"; then
            echo "run_cluster.sh: app on port $port exited at start; see $RUNDIR/logs/app-$port.log" >&2
            tail -20 "$RUNDIR/logs/app-$port.log" >&2
            exit 1
        fi
        sleep 0.1
    done
done

# 3. nginx, from deploy/nginx.conf with this run's paths and ports.
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;  # this script was started as root: the workers must reach the run directory (better: start it as a service user)"
"$PYTHON" - "$ROOT/deploy/nginx.conf" "$RUNDIR/nginx.conf" "$RUNDIR" "$LISTEN:$PORT" "$USER_LINE" "$UPSTREAMS" <<'PY'
import sys
src, dst, rundir, listen, user, upstreams = sys.argv[1:7]
text = open(src).read()
for key, value in {"@RUNDIR@": rundir, "@LISTEN@": listen, "@USER_LINE@": user, "@UPSTREAMS@": upstreams.rstrip("\n")}.items():
    text = text.replace(key, value)
open(dst, "w").write(text)
PY
"$NGINX" -t -q -c "$RUNDIR/nginx.conf" -p "$RUNDIR/"
"$NGINX" -c "$RUNDIR/nginx.conf" -p "$RUNDIR/" -g 'daemon off;' &
NGINX_PID=$!
echo "remit: http://$LISTEN:$PORT/ -> $APPS app processes on 127.0.0.1:$FIRST-$((FIRST + APPS - 1)) (run directory $RUNDIR)"
wait "$NGINX_PID"
