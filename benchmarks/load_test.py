"""Load test: many concurrent sessions drive a running remit app over Streamlit's own websocket protocol.

Run against a running `streamlit run app.py` (or the nginx front of deploy/run_cluster.sh):

    python benchmarks/load_test.py --url http://127.0.0.1:8501 --sessions 50 --rounds 2 --duration 300

Each session does what a browser does, without drawing anything: it GETs the page (keeping any
cookie the server or a sticky-session proxy sets), opens the websocket /_stcore/stream and sends
BackMsg rerun requests (page, query string, widget states, hashes of messages it already holds),
reading ForwardMsgs until the script run has finished. One round is:

    Overview (focus region) -> Overview, Region switched to World (a widget change)
    -> Corridors ?corridors=RUS-TJK -> Country profile ?country=TJK -> Country profile, Kosovo picked
    (a widget change) -> What lower costs are worth ?country=TJK -> Compare providers -> Data & methods

The time of an interaction is from sending the rerun to receiving the final script_finished (a
run the page restarts itself, e.g. to normalise its link, is included): the server's time for that
interaction plus a loopback hop. Errors are exceptions shown by the app, st.error messages, compile
errors, pages not found, pages that do not show their title, dropped connections and time-outs.

Bounded in count and time: every session stops after --rounds rounds, the whole run after
--duration seconds or --max-requests interactions, whichever comes first, and each interaction
after --timeout seconds. Loopback only: a URL whose host is not on this machine's loopback
(127.0.0.0/8, ::1, localhost) is refused.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import socket
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlparse

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
MAX_CACHED_HASHES = 2000  # what a session tells the server it already holds (a browser keeps a similar cache)


@dataclass(frozen=True)
class Step:
    """One interaction: open a page (url path + query string), or change one widget on the current page."""

    name: str
    page: str | None = None  # url path ("" is the default page); None: stay on the current page
    query: str = ""
    widget: str | None = None  # the widget's key (its id ends in -KEY)
    pick: Callable[[list[str]], Any] | None = None  # options -> the new value on the wire
    expect: str = ""  # text the page must show in a heading or a paragraph


def _pick(text: str) -> Callable[[list[str]], str]:
    def choose(options: list[str]) -> str:
        hits = [o for o in options if text in o]
        if not hits:
            raise LookupError(f"no option contains {text!r}")
        return hits[0]

    return choose


ROUND: list[Step] = [
    Step("Overview (focus region)", page="", expect="Where do remittances cost too much?"),
    Step(
        "Overview: Region -> World",
        widget="scope",
        pick=lambda options: [_pick("World")(options)],
        expect="in all corridors",
    ),
    Step("Corridors ?corridors=RUS-TJK", page="corridors", query="corridors=RUS-TJK", expect="Corridors"),
    Step("Country profile ?country=TJK", page="country", query="country=TJK", expect="Country profile"),
    Step("Country profile: pick Kosovo", widget="country", pick=_pick("(XKX)"), expect="Kosovo"),
    Step("Impact ?country=TJK", page="impact", query="country=TJK", expect="What would cheaper remittances be worth?"),
    Step("Compare providers", page="send", expect="Which way of sending"),
    Step("Data & methods", page="data", expect="Data & methods"),
]
CONNECT = "connect (GET page + websocket)"


def check_loopback(url: str) -> None:
    """Refuse any target that is not this machine's loopback interface."""
    host = urlparse(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve {host!r}: {exc}") from exc
    outside = [a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_loopback]
    if not addresses or outside:
        raise ValueError(f"{url}: the load test only targets loopback addresses, and {host} is {outside}")


@dataclass
class Result:
    name: str
    seconds: float
    error: str | None = None


@dataclass
class Report:
    url: str
    sessions: int
    rounds: int
    wall_s: float
    results: list[Result] = field(default_factory=list)
    stopped_by: str = ""
    think_s: float = 0.0

    @property
    def errors(self) -> list[Result]:
        return [r for r in self.results if r.error]

    def table(self) -> list[dict[str, Any]]:
        order = [CONNECT] + [s.name for s in ROUND]
        names = order + sorted({r.name for r in self.results} - set(order))
        rows = [_row(n, [r for r in self.results if r.name == n]) for n in names]
        rows = [r for r in rows if r["count"]]
        rows.append(_row("all interactions", [r for r in self.results if r.name != CONNECT]))
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "sessions": self.sessions,
            "rounds": self.rounds,
            "think_s": self.think_s,
            "wall_s": round(self.wall_s, 2),
            "stopped_by": self.stopped_by,
            "interactions": self.table(),
            "errors": [{"interaction": r.name, "error": r.error} for r in self.errors],
        }

    def render(self) -> str:
        lines = [
            f"remit load test: {self.sessions} sessions x {self.rounds} round(s) of {len(ROUND)} interactions against "
            f"{self.url}, mean think time {self.think_s:g} s, {self.wall_s:.1f} s wall{f' (stopped by {self.stopped_by})' if self.stopped_by else ''}",
            "time = send rerun -> final script_finished (server time + loopback), ms",
            f"{'interaction':<36}{'count':>7}{'errors':>8}{'p50':>9}{'p95':>9}{'max':>9}",
        ]
        for r in self.table():
            lines.append(
                f"{r['interaction']:<36}{r['count']:>7}{r['errors']:>8}"
                f"{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}{r['max_ms']:>9.0f}"
            )
        errs = self.errors
        if errs:
            distinct: dict[str, int] = {}
            for r in errs:
                distinct[f"{r.name}: {r.error}"] = distinct.get(f"{r.name}: {r.error}", 0) + 1
            lines.append(f"{len(errs)} error(s):")
            lines += [f"  {n} x {text[:300]}" for text, n in sorted(distinct.items(), key=lambda kv: -kv[1])]
        else:
            lines.append("errors: none")
        return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _row(name: str, results: list[Result]) -> dict[str, Any]:
    ok = [r.seconds * 1000 for r in results if not r.error]
    nan = float("nan")
    return {
        "interaction": name,
        "count": len(results),
        "errors": sum(1 for r in results if r.error),
        "p50_ms": statistics.median(ok) if ok else nan,
        "p95_ms": percentile(ok, 95) if ok else nan,
        "max_ms": max(ok) if ok else nan,
    }


async def http_get(url: str, cookies: dict[str, str], timeout_s: float) -> tuple[int, bytes]:
    """A minimal HTTP/1.1 GET (Connection: close) that keeps the cookies the answer sets."""
    u = urlparse(url)
    port = u.port or 80
    path = (u.path or "/") + (f"?{u.query}" if u.query else "")
    reader, writer = await asyncio.wait_for(asyncio.open_connection(u.hostname, port), timeout_s)
    try:
        head = [f"GET {path} HTTP/1.1", f"Host: {u.netloc}", "Connection: close", "Accept: text/html"]
        if cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout_s)
    finally:
        writer.close()
    header, _, body = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            jar = SimpleCookie()
            jar.load(value.strip())
            cookies.update({k: m.value for k, m in jar.items()})
    return status, body


class Session:
    """One browser-like Streamlit session over the websocket protocol."""

    def __init__(self, url: str, timeout_s: float) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self.cookies: dict[str, str] = {}
        self.ws: ClientConnection | None = None
        self.page_hash = ""
        self.query = ""
        self.widgets: dict[str, tuple[str, str, list[str]]] = {}  # key -> (id, kind, options)
        self.cached: dict[str, None] = {}  # hashes of cacheable messages, oldest first

    async def open(self) -> None:
        status, _ = await http_get(self.url + "/", self.cookies, self.timeout_s)
        if status != 200:
            raise ConnectionError(f"GET / answered {status}")
        u = urlparse(self.url)
        ws_url = f"{'wss' if u.scheme == 'https' else 'ws'}://{u.netloc}{u.path}/_stcore/stream"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        self.ws = await connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=self.timeout_s,
            ping_interval=None,
            compression=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def _message(self, step: Step) -> BackMsg:
        msg = BackMsg()
        rerun = msg.rerun_script
        if step.page is not None:  # open a page, as following a link does
            rerun.page_name = step.page
            rerun.query_string = step.query
        else:  # a widget change on the current page
            rerun.page_script_hash = self.page_hash
            rerun.query_string = self.query
            if step.widget not in self.widgets:
                raise LookupError(f"no widget with key {step.widget!r} on the page")
            wid, kind, options = self.widgets[step.widget]
            value = step.pick(options)
            state = rerun.widget_states.widgets.add()
            state.id = wid
            if isinstance(value, list):
                state.string_array_value.data.extend(value)
            else:
                state.string_value = value
        rerun.cached_message_hashes.extend(list(self.cached)[-MAX_CACHED_HASHES:])
        return msg

    async def run(self, step: Step) -> Result:
        """Send one rerun and read until the run has finished; a Result with the time or the error."""
        assert self.ws is not None
        try:
            payload = self._message(step).SerializeToString()
        except LookupError as exc:
            return Result(step.name, 0.0, str(exc))
        if step.page is not None:
            self.widgets = {}
        texts: list[str] = []
        problems: list[str] = []
        started = time.perf_counter()
        deadline = started + self.timeout_s
        await self.ws.send(payload)
        try:
            while True:
                data = await asyncio.wait_for(self.ws.recv(), max(0.001, deadline - time.perf_counter()))
                msg = ForwardMsg()
                msg.ParseFromString(data)
                if msg.metadata.cacheable and msg.hash and msg.hash not in self.cached:
                    self.cached[msg.hash] = None
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    self.page_hash = msg.new_session.page_script_hash or self.page_hash
                elif kind == "navigation":
                    self.page_hash = msg.navigation.page_script_hash or self.page_hash
                elif kind == "page_info_changed":
                    self.query = msg.page_info_changed.query_string
                elif kind == "page_not_found":
                    problems.append(f"page not found: {msg.page_not_found.page_name!r}")
                elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                    problems.append(
                        f"script compilation error: {msg.session_event.script_compilation_exception.message}"
                    )
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    self._element(msg.delta.new_element, texts, problems)
                elif kind == "script_finished":
                    if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                        continue  # the page asked for a rerun (e.g. to normalise its link): keep reading
                    if msg.script_finished == FINISHED_WITH_COMPILE_ERROR:
                        problems.append("the script did not compile")
                    break
        except TimeoutError:
            return Result(step.name, time.perf_counter() - started, f"no script_finished within {self.timeout_s:.0f} s")
        except WebSocketException as exc:
            return Result(step.name, time.perf_counter() - started, f"connection lost: {type(exc).__name__} {exc}")
        seconds = time.perf_counter() - started
        if step.expect and not any(step.expect in h for h in texts):
            problems.append(f"the page did not show {step.expect!r} (it began: {[h[:60] for h in texts[:3]]})")
        return Result(step.name, seconds, "; ".join(problems) or None)

    def _element(self, el: Any, texts: list[str], problems: list[str]) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            problems.append(f"exception {el.exception.type}: {el.exception.message[:200]}")
        elif kind == "alert" and el.alert.format == Alert.ERROR:
            problems.append(f"error shown: {el.alert.body[:200]}")
        elif kind == "heading":
            texts.append(el.heading.body)
        elif kind == "markdown":
            texts.append(el.markdown.body)
        elif kind in ("selectbox", "button_group", "multiselect", "radio"):
            widget = getattr(el, kind)
            key = widget.id.rsplit("-", 1)[-1] if widget.id.startswith("$$ID-") else widget.id
            options = list(widget.options) if kind != "button_group" else [o.content for o in widget.options]
            self.widgets[key] = (widget.id, kind, options)


@dataclass
class Budget:
    """The run's bounds: a deadline and a maximum number of interactions."""

    deadline: float
    remaining: int

    def take(self) -> str | None:
        if time.monotonic() >= self.deadline:
            return "duration"
        if self.remaining <= 0:
            return "max-requests"
        self.remaining -= 1
        return None


@dataclass(frozen=True)
class Plan:
    """What each session does and the run's bounds."""

    url: str
    sessions: int = 10
    rounds: int = 1
    think_s: float = 0.5  # mean pause between interactions (uniform 0.5x-1.5x)
    ramp_s: float = 0.1  # delay between session starts
    timeout_s: float = 60.0  # one interaction
    duration_s: float = 300.0  # no interaction starts after this
    max_requests: int | None = None  # interactions in all (default: sessions x rounds x len(ROUND))


async def _session(index: int, plan: Plan, budget: Budget, report: Report) -> None:
    rng = random.Random(index)
    await asyncio.sleep(plan.ramp_s * index)
    if budget.take():
        return
    session = Session(plan.url, plan.timeout_s)
    started = time.perf_counter()
    try:
        await session.open()
    except (OSError, TimeoutError, WebSocketException, ConnectionError) as exc:
        report.results.append(Result(CONNECT, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"))
        return
    report.results.append(Result(CONNECT, time.perf_counter() - started))
    try:
        for _ in range(plan.rounds):
            for step in ROUND:
                stop = budget.take()
                if stop:
                    report.stopped_by = report.stopped_by or stop
                    return
                result = await session.run(step)
                report.results.append(result)
                if result.error and result.error.startswith(("connection lost", "no script_finished")):
                    return  # this session is gone; the others go on
                if plan.think_s:
                    await asyncio.sleep(plan.think_s * rng.uniform(0.5, 1.5))
    finally:
        await session.close()


async def run_load(plan: Plan) -> Report:
    """Drive plan.sessions concurrent sessions through plan.rounds rounds of ROUND, within the plan's bounds."""
    check_loopback(plan.url)
    limit = plan.max_requests if plan.max_requests is not None else plan.sessions * (plan.rounds * len(ROUND) + 1)
    budget = Budget(time.monotonic() + plan.duration_s, limit)
    report = Report(plan.url, plan.sessions, plan.rounds, 0.0, think_s=plan.think_s)
    started = time.perf_counter()
    tasks = [asyncio.create_task(_session(i, plan, budget, report)) for i in range(plan.sessions)]
    done, pending = await asyncio.wait(tasks, timeout=plan.duration_s + plan.timeout_s + 30)
    for task in pending:  # a hard stop beyond the bounds above: nothing is left running
        task.cancel()
        report.stopped_by = "hard time limit"
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception():
            report.results.append(Result("session", 0.0, f"{type(task.exception()).__name__}: {task.exception()}"))
    report.wall_s = time.perf_counter() - started
    return report


def load(plan: Plan) -> Report:
    """run_load from synchronous code (tests, benchmarks/run_all.py)."""
    return asyncio.run(run_load(plan))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="the app's base URL on this machine, e.g. http://127.0.0.1:8501")
    ap.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default 50)")
    ap.add_argument("--rounds", type=int, default=1, help="rounds of the 8 interactions per session (default 1)")
    ap.add_argument("--think", type=float, default=0.5, help="mean pause between interactions, s (default 0.5)")
    ap.add_argument("--ramp", type=float, default=0.1, help="delay between session starts, s (default 0.1)")
    ap.add_argument("--timeout", type=float, default=60.0, help="time-out of one interaction, s (default 60)")
    ap.add_argument("--duration", type=float, default=300.0, help="stop starting interactions after this, s")
    ap.add_argument("--max-requests", type=int, help="stop after this many interactions in all")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.rounds < 1:
        ap.error("--sessions and --rounds must be at least 1")
    try:
        report = load(
            Plan(
                args.url,
                sessions=args.sessions,
                rounds=args.rounds,
                think_s=args.think,
                ramp_s=args.ramp,
                timeout_s=args.timeout,
                duration_s=args.duration,
                max_requests=args.max_requests,
            )
        )
    except ValueError as exc:
        print(f"load_test: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.render())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
