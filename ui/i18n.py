"""The language switch and `_()` for pages: messages from remit/locales/, chosen per session.

The chosen language lives in the session and in the URL (?lang=ru), so a trainer can share a link
that opens in Russian.
"""

from __future__ import annotations

import streamlit as st

from remit.i18n import SOURCE, Translator, languages, translator


def current() -> Translator:
    """The session's translator (English until the switch has been drawn)."""
    return translator(st.session_state.get("lang", SOURCE))


def _(message: str, /, **values: object) -> str:
    """Translate a message for the session's language; {placeholders} are filled from values."""
    return current()(message, **values)


def language_switch() -> Translator:
    """The language picker (sidebar), seeded from ?lang= and written back to it; returns the translator."""
    names = {lang.code: lang.name for lang in languages()}
    if "lang" not in st.session_state:
        wanted = str(st.query_params.get("lang", SOURCE)).strip().lower()
        st.session_state["lang"] = wanted if wanted in names else SOURCE
    with st.sidebar:
        code = st.selectbox("Language · Язык", list(names), format_func=names.get, key="lang")
    if code == SOURCE:
        st.query_params.pop("lang", None)
    elif st.query_params.get("lang") != code:
        st.query_params["lang"] = code
    return current()
