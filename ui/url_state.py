"""Pickers that show names but keep codes in the URL: ?country=TJK, ?corridors=RUS-TJK,RUS-KGZ.

Streamlit's bind="query-params" writes an option's displayed text to the URL (format_func output
included), so a picker showing "Russian Federation → Tajikistan" would put that whole text in the
link, and a link with RUS-TJK would not select anything. These pickers are not bound: they are
seeded from the URL the first time a page draws them and write their codes back to
st.query_params after each change. Codes are read by remit.keys (case-insensitive; Kosovo's RPW code
KSV is read as XKX); both a comma-separated value and repeated parameters are accepted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

import streamlit as st

from remit import safe
from remit.keys import CORRIDOR_SEPARATOR, Corridor, normalise_iso3
from ui.i18n import _

_SHOWN_CHARS = 40  # a value from the link longer than this is cut where a message names it


def _normalise(code: str) -> str:
    """A country code (TJK) or a corridor code (RUS-TJK) from the link as the store writes it; anything
    else upper-cased, to be reported as unknown."""
    text = code.strip().upper()
    if CORRIDOR_SEPARATOR in text:
        try:
            return Corridor.parse(text).code
        except ValueError:
            return text
    return normalise_iso3(text, names=False) or text


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
    """Codes the URL asked for that are not among the options (to tell the user), once.

    They are ready to show inside Markdown: cut to a readable length and escaped (see plain()), at most
    ten of them and then '…'."""
    codes = st.session_state.pop(f"_{key}_unknown", [])
    return [plain(c, _SHOWN_CHARS) for c in codes[:10]] + (["…"] if len(codes) > 10 else [])


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


# --- Choices whose link value is an English name ----------------------------------------------------
# A widget with bind="query-params" writes its displayed text to the link: in Russian, a translated label
# would land there and an English link would no longer select anything. These keep the option's English
# value (?scope=World) in the link in every language and show the translation.


def seed_from_link(key: str, options: Collection[str], default: str) -> None:
    """Seed a choice from the link the first time a page draws it (or when its value is no longer offered).

    The value is set anew on every run: a choice of another page with the same key (?scope= on Overview and
    Corridors) leaves its value in the session state but not in this page's widget, which would start empty."""
    value = st.session_state.get(key)
    if value not in options:
        asked = st.query_params.get(key)
        value = asked if asked in options else default
    st.session_state[key] = value


def write_to_link(key: str, value: str, default: str | None) -> None:
    """Write a choice's value to the link, or drop it when it is the default (a clean link)."""
    if value == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def linked_choice(
    draw: Callable[..., Any], label: str, options: Mapping[str, str], *, key: str, default: str, **kwargs: Any
) -> Any:
    """A one-of picker (st.selectbox, st.radio, st.segmented_control, ...) that shows options[value] and
    keeps the value in the link."""
    seed_from_link(key, options, default)
    chosen = draw(label, list(options), format_func=options.get, key=key, **kwargs)
    write_to_link(key, chosen, default)
    return chosen


def linked_multiselect(
    draw: Callable[..., Any], label: str, options: list[str], *, key: str, format_func: Callable, **kwargs: Any
) -> list[str]:
    """A multiselect that shows format_func(value) and keeps the values in the link (?key=A&key=B)."""
    if key not in st.session_state:
        st.session_state[key] = [v for v in dict.fromkeys(st.query_params.get_all(key)) if v in options]
    chosen = draw(label, options, format_func=format_func, key=key, **kwargs)
    if not chosen:
        st.query_params.pop(key, None)
    elif st.query_params.get_all(key) != chosen:
        st.query_params[key] = chosen
    return chosen


# --- Values in the link that a bound widget would drop -------------------------------------------------
# A widget with bind="query-params" silently ignores a value it does not offer (?period=2030Q1, ?target=abc)
# and drops it from the link. These checks read the link BEFORE such a widget is drawn and say what was
# ignored and what is shown instead. They only read st.query_params (never build a query from it).


def plain(text: object, limit: int | None = None) -> str:
    """Text from a link, a file or an error message, to show as it is inside Markdown: on one line,
    cut to `limit` characters, with the characters Markdown, HTML, LaTeX and autolinks act on escaped
    (remit.safe.markdown)."""
    return safe.markdown(text, limit)


def _link_values(key: str) -> list[str]:
    return [v for v in st.query_params.get_all(key) if v is not None] if key in st.query_params else []


def _quoted(value: str) -> str:
    return f"'{plain(value, _SHOWN_CHARS)}'"


def ignored_choice(
    key: str, options: Collection[str], *, what: str, shown: str, reason: str | None = None
) -> str | None:
    """'Ignored ...' when the link gives `key` values that are not among `options`, else None.

    A multiselect keeps the values it offers, so only the others are named. `what`, `shown` and
    `reason` (default: not one of the choices) are already in the reader's language."""
    bad = [v for v in _link_values(key) if v not in options]
    if not bad:
        return None
    return _(
        "Ignored {what} {values} from the link: {reason}. Showing {shown}.",
        what=what,
        values=", ".join(_quoted(v) for v in bad[:5]) + (", …" if len(bad) > 5 else ""),
        reason=reason or _("not one of the choices"),
        shown=shown,
    )


def ignored_number(key: str, low: float, high: float, *, what: str, shown: str, whole: bool = False) -> str | None:
    """'Ignored ...' when the link gives `key` a value that is not a number from low to high, else None."""
    for raw in _link_values(key):
        try:
            value = float(raw)
        except ValueError:
            return _(
                "Ignored {what} {value} from the link: not a number. Showing {shown}.",
                what=what,
                value=_quoted(raw),
                shown=shown,
            )
        if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
            values = {"what": what, "value": _quoted(raw), "low": f"{low:g}", "high": f"{high:g}", "shown": shown}
            if whole:
                return _(
                    "Ignored {what} {value} from the link: it must be a whole number from {low} to {high}. "
                    "Showing {shown}.",
                    **values,
                )
            return _(
                "Ignored {what} {value} from the link: it must be a number from {low} to {high}. Showing {shown}.",
                **values,
            )
    return None


def ignored_flag(key: str, *, what: str, shown: str) -> str | None:
    """'Ignored ...' when the link gives an on/off switch a value other than true or false, else None."""
    bad = [v for v in _link_values(key) if v.lower() not in ("true", "false")]
    if not bad:
        return None
    return _(
        "Ignored {what} {value} from the link: use true or false. Showing {shown}.",
        what=what,
        value=_quoted(bad[0]),
        shown=shown,
    )


def warn_ignored(*messages: str | None) -> None:
    """One warning naming every value of the link that is ignored (nothing when all are valid)."""
    found = [m for m in messages if m]
    if found:
        st.warning(" ".join(found), icon=":material/link_off:")
