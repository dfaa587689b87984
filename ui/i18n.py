"""The language switch and `_()` for pages: messages from remit/locales/, chosen per session.

The chosen language lives in the session and in the URL (?lang=ru), so a trainer can share a link
that opens in Russian.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from remit.i18n import SOURCE, Translator, language_names, translator
from remit.messages import Message


def current() -> Translator:
    """The session's translator (English until the switch has been drawn)."""
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
    return current()
