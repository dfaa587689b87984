"""Pickers that show names but keep codes in the URL: ?country=TJK, ?corridors=RUS-TJK,RUS-KGZ.

Streamlit's bind="query-params" writes an option's displayed text to the URL (format_func output
included), so a picker showing "Russian Federation → Tajikistan" would put that whole text in the
link, and a link with RUS-TJK would not select anything. These pickers are not bound: they are
seeded from the URL the first time a page draws them and write their codes back to
st.query_params after each change. Codes are case-insensitive and Kosovo's RPW code KSV is read
as XKX; both a comma-separated value and repeated parameters are accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

_FIX = {"KSV": "XKX"}


def _normalise(code: str) -> str:
    return "-".join(_FIX.get(part, part) for part in code.strip().upper().split("-"))


def _from_url(key: str) -> list[str] | None:
    """The codes in the URL for key (None when the URL does not name key)."""
    if key not in st.query_params:
        return None
    codes: list[str] = []
    for value in st.query_params.get_all(key):
        codes += [_normalise(c) for c in value.split(",") if c.strip()]
    return list(dict.fromkeys(codes))


def _to_url(key: str, codes: list[str], default: list[str]) -> None:
    """Write the codes to the URL, or drop the parameter when they are the default (a clean link)."""
    if codes == default:
        if key in st.query_params:
            del st.query_params[key]
        return
    value = ",".join(codes)
    if st.query_params.get(key) != value or len(st.query_params.get_all(key)) != 1:
        st.query_params[key] = value


def unknown_codes(key: str) -> list[str]:
    """Codes the URL asked for that are not among the options (to tell the user), once."""
    return st.session_state.pop(f"_{key}_unknown", [])


def _seed(key: str, options: Mapping[str, str], default: list[str], limit: int | None) -> None:
    if key in st.session_state:
        return
    wanted = _from_url(key)
    if wanted is None:
        st.session_state[key] = list(default)
        return
    known = [c for c in wanted if c in options]
    st.session_state[f"_{key}_unknown"] = [c for c in wanted if c not in options]
    st.session_state[key] = known[:limit] if limit else known


def coded_multiselect(
    label: str, options: Mapping[str, str], *, key: str, default: list[str] | None = None, **kwargs: Any
) -> list[str]:
    """A multiselect over codes that shows options[code]; the URL holds key=CODE1,CODE2."""
    default = [c for c in (default or []) if c in options]
    _seed(key, options, default, kwargs.get("max_selections"))
    chosen = st.multiselect(label, list(options), format_func=lambda c: options.get(c, c), key=key, **kwargs)
    _to_url(key, list(chosen), default)
    return list(chosen)


def coded_selectbox(label: str, options: Mapping[str, str], *, key: str, default: str, **kwargs: Any) -> str:
    """A selectbox over codes that shows options[code]; the URL holds key=CODE."""
    if default not in options:
        default = next(iter(options))
    if key not in st.session_state:
        wanted = _from_url(key)
        if wanted:
            known = [c for c in wanted if c in options]
            st.session_state[f"_{key}_unknown"] = [c for c in wanted if c not in options]
            st.session_state[key] = known[0] if known else default
        else:
            st.session_state[key] = default
    chosen = st.selectbox(label, list(options), format_func=lambda c: options.get(c, c), key=key, **kwargs)
    _to_url(key, [chosen], [default])
    return chosen
