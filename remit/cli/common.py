"""What every command shares: JSON-safe values, printing a payload as JSON or text, opening the store."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable

from remit import store
from remit.build import ensure_store
from remit.messages import Message


def clean(value: object) -> object:
    """JSON-safe: NaN becomes null, numpy scalars become Python numbers, messages English text."""
    if isinstance(value, Message):
        return str(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def emit(payload: dict, as_json: bool, text: Callable[[dict], str]) -> None:
    if as_json:
        print(json.dumps(payload, indent=2, default=clean, ensure_ascii=False))
    else:
        print(text(payload))


def open_store() -> object:
    done = ensure_store(progress=None)
    if done.status != "ok":
        print(f"remit: data store {done}", file=sys.stderr)
    return store.connect()


def missing(value: object) -> bool:
    """None or NaN (a service that hides its rate has no rank)."""
    return value is None or (isinstance(value, float) and math.isnan(value))
