"""How ui/cached.py keeps its results: a small LRU map with one computation per missing key, the keys it
builds from arguments (frames by a digest of their contents), the caller's own copy of a kept result, and
figures whose JSON is made once. No Streamlit here: ui/cached.py decides what is cached and for how long."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.io
import pyarrow as pa
from plotly.basedatatypes import BaseFigure

from remit.i18n import Translator


class Results:
    """Results by key, the least recently used dropped past max_entries; one thread computes a missing
    key while others asking for it wait. A dict lookup: Streamlit's own cache hashed each call's arguments
    through its general hasher, about 1.5 ms a call and 20-40 ms of a page's run."""

    def __init__(self, max_entries: int) -> None:
        self._values: OrderedDict[Any, Any] = OrderedDict()
        self._pending: dict[Any, threading.Lock] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._pending.pop(key, None)  # nothing kept: the next caller tries again
                raise
            with self._lock:  # kept and no longer pending in one step: no caller in between computes it again
                self._values[key] = value
                self._pending.pop(key, None)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
        return value


def key(value: Any) -> Any:
    """A hashable key for an argument: frames by their contents' digest, a translator by its language, lists
    and dicts as tuples; TypeError for anything else that cannot be hashed (then nothing is cached)."""
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index):
        return (type(value).__name__, fingerprint(value))
    if isinstance(value, Translator):
        return ("translator", value.code)
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((k, key(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(key(getattr(value, f.name)) for f in dataclasses.fields(value)))
    hash(value)
    return value


def fresh(value: Any) -> Any:
    """The caller's own copy of a cached result, so that a page changing it cannot change what other pages
    and sessions get. Frames are copied shallow: with pandas' copy-on-write a change to the copy (a new
    column, a value set, a renamed index) copies what it touches and leaves the cached frame as it was,
    where unpickling every result for every call (st.cache_data) cost a few ms a query."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, dict):  # scalars as they are: a call here per value cost a page 10-15 ms
        return {k: v if type(v) in SCALARS else fresh(v) for k, v in value.items()}
    if isinstance(value, list) or type(value) is tuple:
        return type(value)(v if type(v) in SCALARS else fresh(v) for v in value)
    if immutable(value):
        return value
    return copy.deepcopy(value)  # small records with lists or dicts in them (StoreInfo)


SCALARS = (str, int, float, bool, type(None))


def immutable(value: Any) -> bool:
    """A scalar, a tuple of scalars, or a frozen dataclass of those (scenarios.Area): nothing to copy."""
    if isinstance(value, SCALARS):
        return True
    if type(value) is tuple:
        return all(isinstance(v, SCALARS) for v in value)
    params = getattr(value, "__dataclass_params__", None)
    return bool(params and params.frozen) and all(immutable(getattr(value, f.name)) for f in dataclasses.fields(value))


def fingerprint(obj: pd.DataFrame | pd.Series | pd.Index) -> bytes:
    """A digest of a frame's (series', index's) contents, for the figure cache's key.

    Streamlit hashes a frame argument with pandas' hash_pandas_object, which for Arrow-backed text turns
    every cell into a Python object: 15-30 ms per page view, every view, to find a figure already built.
    Here each column's memory is digested as it is (Arrow buffers, NumPy arrays): the same contents in
    the same layout give the same digest; anything else only misses the cache, never hits a wrong entry.
    """
    h = hashlib.blake2b(digest_size=16)
    if isinstance(obj, pd.DataFrame):
        h.update(repr((obj.shape, [str(c) for c in obj.columns], [str(d) for d in obj.dtypes])).encode())
        _digest_index(h, obj.index)
        for i in range(obj.shape[1]):
            _digest_array(h, _column(obj, i))
    elif isinstance(obj, pd.Series):
        h.update(repr((len(obj), str(obj.name), str(obj.dtype))).encode())
        _digest_index(h, obj.index)
        _digest_array(h, obj.array)
    else:
        _digest_index(h, obj)
    return h.digest()


def _digest_index(h: Any, index: pd.Index) -> None:
    if isinstance(index, pd.RangeIndex):
        h.update(repr(("range", index.start, index.stop, index.step, index.name)).encode())
    else:
        h.update(repr((type(index).__name__, str(index.dtype), len(index), index.names)).encode())
        _digest_array(h, index.array)


def _column(frame: pd.DataFrame, i: int) -> Any:
    """The i-th column's array as the frame holds it (no Series made on the way)."""
    try:
        return frame._get_column_array(i)  # noqa: SLF001 (pandas' own accessor; a Series per column costs more)
    except AttributeError:
        return frame.iloc[:, i].array


_ARROW = pd.arrays.ArrowExtensionArray
_MASKED = (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)


def _digest_array(h: Any, array: Any) -> None:
    if isinstance(array, _ARROW):
        for held in array._pa_array.chunks:  # noqa: SLF001 (the Arrow data itself, not a copy)
            # A few rows of a large result: digest a compact copy of them, not the whole result's buffers.
            chunk = pa.concat_arrays([held]) if held.get_total_buffer_size() > 2 * held.nbytes + 4096 else held
            h.update(f"arrow {chunk.type} {chunk.offset} {len(chunk)}".encode())
            for buffer in chunk.buffers():
                h.update(b"-" if buffer is None else buffer)
        return
    if isinstance(array, _MASKED):  # nullable numbers: the values and the mask of missing ones
        _digest_numpy(h, array.to_numpy(dtype=array.dtype.numpy_dtype, na_value=0))
        _digest_numpy(h, array.isna())
        return
    values = array if isinstance(array, np.ndarray) else getattr(array, "_ndarray", None)  # NumPy, dates
    if values is not None and values.dtype != object:
        _digest_numpy(h, values)
    else:  # objects, categories, ...: pandas' own hash
        series = pd.Series(array, copy=False)
        h.update(f"pandas {series.dtype} {len(series)}".encode())
        h.update(pd.util.hash_pandas_object(series, index=False).to_numpy().tobytes())


def _digest_numpy(h: Any, values: np.ndarray) -> None:
    h.update(f"numpy {values.dtype} {values.shape}".encode())
    h.update(np.ascontiguousarray(values).view(np.uint8))


def frozen(fig: Any) -> Any:
    """A shared figure whose dict is made once: st.plotly_chart asks every run for fig.to_dict(), a deep copy
    of the whole figure (map geometry and all), then writes it as JSON, calling back into Python for every
    array. The dict kept here is the figure's JSON read back (plain lists, numbers and strings), which
    writes to the same JSON text in C. Shared figures are never changed (see above), nor the dict
    Streamlit reads from them."""
    if isinstance(fig, BaseFigure):
        as_dict = json.loads(plotly.io.to_json(fig, validate=False))
        object.__setattr__(fig, "to_dict", lambda: as_dict)
    return fig
