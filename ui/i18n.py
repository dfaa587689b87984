"""The language switch and `_()` for pages: messages from remit/locales/, chosen per session.

The chosen language lives in the session and in the URL (?lang=ru), so a trainer can share a link
that opens in Russian.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from remit.i18n import SOURCE, Translator, language_names, translator
from remit.messages import Message

_THIS_RUN = threading.local()  # (session id, translator) the language switch chose for the run on this thread


def current() -> Translator:
    """The session's translator (English until the switch has been drawn).

    A page asks for it hundreds of times a run; reading the session state each time cost 20 ms of a heavy
    page's run. The switch, drawn at the top of every run, leaves the run's translator with the thread that
    runs the session's script (a session's runs, fragments included, share that thread), keyed by the
    session so no other session can read it."""
    ctx = get_script_run_ctx(suppress_warning=True)
    memo = getattr(_THIS_RUN, "memo", None)
    if ctx is not None and memo is not None and memo[0] == ctx.session_id:
        return memo[1]
    return translator(st.session_state.get("lang", SOURCE))


def _(message: str, /, **values: object) -> str:
    """Translate a message for the session's language; {placeholders} are filled from values."""
    return current()(message, **values)


def _n(singular: str, plural: str, n: int, /, **values: object) -> str:
    """A counted message in the session's language, in the plural form the catalogue gives for n."""
    return current().plural(singular, plural, n, **values)


def say(message: Message | str, escape: Callable[[str], str] | None = None) -> str:
    """A message the library returned (remit.messages), in the session's language: the one way a page
    turns library text into words. escape (remit.safe.markdown where the text becomes Markdown) is applied
    to the values from data (file names, sheets, cells), never to the catalogue's own words."""
    return current().render(message, escape)


def language_switch() -> Translator:
    """The language picker (sidebar), seeded from ?lang= and written back to it; returns the translator."""
    names = language_names()
    if "lang" not in st.session_state:
        wanted = str(st.query_params.get("lang", SOURCE)).strip().lower()
        st.session_state["lang"] = wanted if wanted in names else SOURCE
    with st.sidebar:
        # i18n: not text: the label is in every language on offer on purpose, so anyone finds the switch
        code = st.selectbox("Language · Язык · Мова · Limba", list(names), format_func=names.get, key="lang")
    if code == SOURCE:
        st.query_params.pop("lang", None)
    elif st.query_params.get("lang") != code:
        st.query_params["lang"] = code
    ctx = get_script_run_ctx(suppress_warning=True)
    chosen = translator(code)
    _THIS_RUN.memo = (ctx.session_id, chosen) if ctx is not None else None
    return chosen
