"""The worker, `python -m remit.sandbox CONFIG`: under resource limits it opens the file with calamine and
sends sheets' rows back in pickled chunks of plain values (see remit.sandbox)."""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Iterator
from typing import Any

from remit.sandbox.limits import CHUNK_ROWS, MB


def serve(config: dict) -> None:  # noqa: PLR0912 (one branch per request and failure)
    import resource  # noqa: PLC0415 (the worker's own imports, after the limits where they matter)

    resource.setrlimit(resource.RLIMIT_AS, (config["memory_bytes"], config["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_CPU, (config["cpu_seconds"], config["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * MB, 4 * MB))
    out = sys.stdout.buffer

    def send(*item: Any) -> None:
        pickle.dump(item, out, protocol=5)
        out.flush()

    try:
        import python_calamine  # noqa: PLC0415

        book = python_calamine.CalamineWorkbook.from_path(config["path"])
        meta = [
            (m.name, str(m.typ).endswith("WorkSheet"), str(m.visible).endswith(".Visible"))
            for m in book.sheets_metadata
        ]
    except MemoryError:
        send("error", "memory", "")
        return
    except BaseException as exc:  # calamine raises its own types, and a Rust panic derives from BaseException
        text = f"{type(exc).__name__}: {exc}"
        send(
            "error", "password" if "password" in text.lower() or "encrypt" in text.lower() else "unreadable", text[:300]
        )
        return
    send("sheets", meta)
    rows: Iterator[list] = iter(())
    for line in sys.stdin:
        request = json.loads(line)
        if "sheet" not in request:
            return
        try:
            if request.get("header"):  # the first row now; the other rows by column, on the next request
                rows = iter(book.get_sheet_by_name(request["sheet"]).iter_rows())
                send("header", next(rows, None))
                continue
            if "columns" in request:
                n = _send_columns(rows, request["columns"], config, send)
            else:
                n = _send_rows(iter(book.get_sheet_by_name(request["sheet"]).iter_rows()), config, send)
        except MemoryError:
            send("error", "memory", "")
            return
        except BaseException as exc:  # as above: calamine's errors and Rust panics
            send("error", "unreadable", f"{type(exc).__name__}: {exc}"[:300])
            return
        if n is None:
            return
        send("end", n)


def _too_big(n: int, width: int, config: dict, send: Any) -> bool:
    if n > config["max_rows"] or width > config["max_columns"]:
        send("error", "dimensions", [n, width])
        return True
    return False


def _send_rows(rows: Iterator[list], config: dict, send: Any) -> int | None:
    n, chunk = 0, []
    for row in rows:
        n += 1
        if _too_big(n, len(row), config, send):
            return None
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            send("rows", chunk)
            chunk = []
    if chunk:
        send("rows", chunk)
    return n


def _send_columns(rows: Iterator[list], columns: list[int], config: dict, send: Any) -> int | None:
    """The rows after the header as {column index: values}, blank rows left out: the caller extends its lists."""
    n, kept = 1, 0
    chunk: dict[int, list] = {j: [] for j in columns}
    for row in rows:
        n += 1
        if _too_big(n, len(row), config, send):
            return None
        if all(v is None or v == "" for v in row):
            continue
        width = len(row)
        for j, values in chunk.items():
            values.append(row[j] if j < width else None)
        kept += 1
        if kept % CHUNK_ROWS == 0:
            send("columns", chunk)
            chunk = {j: [] for j in columns}
    if kept % CHUNK_ROWS:
        send("columns", chunk)
    return n
