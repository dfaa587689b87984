"""Pickers that show names but keep codes in the URL: ?country=TJK, ?corridors=RUS-TJK,RUS-KGZ.

Streamlit's bind="query-params" writes an option's displayed text to the URL (format_func output
included), so a picker showing "Russian Federation → Tajikistan" would put that whole text in the
link, and a link with RUS-TJK would not select anything. These pickers are not bound: they are
seeded from the URL the first time a page draws them and write their codes back to
st.query_params after each change. Codes are case-insensitive and Kosovo's RPW code KSV is read
as XKX; both a comma-separated value and repeated parameters are accepted.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
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


# --- Values in the link that a bound widget would drop -------------------------------------------------
# A widget with bind="query-params" silently ignores a value it does not offer (?period=2030Q1, ?target=abc)
# and drops it from the link. These checks read the link BEFORE such a widget is drawn and say what was
# ignored and what is shown instead. They only read st.query_params (never build a query from it).


def _link_values(key: str) -> list[str]:
    return [v for v in st.query_params.get_all(key) if v is not None] if key in st.query_params else []


def ignored_choice(
    key: str, options: Collection[str], *, what: str, shown: str, reason: str = "not one of the choices"
) -> str | None:
    """'Ignored ...' when the link gives `key` values that are not among `options`, else None.

    A multiselect keeps the values it offers, so only the others are named."""
    bad = [v for v in _link_values(key) if v not in options]
    if not bad:
        return None
    named = ", ".join(f"'{v}'" for v in bad)
    return f"Ignored {what} {named} from the link: {reason}. Showing {shown}."


def ignored_number(key: str, low: float, high: float, *, what: str, shown: str, whole: bool = False) -> str | None:
    """'Ignored ...' when the link gives `key` a value that is not a number from low to high, else None."""
    for raw in _link_values(key):
        try:
            value = float(raw)
        except ValueError:
            return f"Ignored {what} '{raw}' from the link: not a number. Showing {shown}."
        if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
            kind = "a whole number" if whole else "a number"
            return f"Ignored {what} '{raw}' from the link: it must be {kind} from {low:g} to {high:g}. Showing {shown}."
    return None


def ignored_flag(key: str, *, what: str, shown: str) -> str | None:
    """'Ignored ...' when the link gives an on/off switch a value other than true or false, else None."""
    bad = [v for v in _link_values(key) if v.lower() not in ("true", "false")]
    return f"Ignored {what} '{bad[0]}' from the link: use true or false. Showing {shown}." if bad else None


def warn_ignored(*messages: str | None) -> None:
    """One warning naming every value of the link that is ignored (nothing when all are valid)."""
    found = [m for m in messages if m]
    if found:
        st.warning(" ".join(found), icon=":material/link_off:")
