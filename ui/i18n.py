"""The language switch and `_()` for pages: messages from remit/locales/, chosen per session.

The chosen language lives in the session and in the URL (?lang=ru), so a trainer can share a link
that opens in Russian.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import streamlit as st

from remit.i18n import SOURCE, Translator, languages, translator
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


# --- Texts the library wrote in English, in the reader's language -----------------------------------------
# remit/ never imports streamlit and writes its messages (errors, notes, reasons) in English. A page lists the
# ones it shows as N_() templates; a text that matches one, its {placeholders} standing for the varying parts,
# is shown translated, with the parts taken from the English text. tests/test_i18n.py checks that every
# listed template is text the library can still write.

Fill = Callable[[str, str], object]  # (placeholder, English text of it) -> the value put in the translation


@lru_cache(maxsize=1024)
def english_pattern(msgid: str) -> re.Pattern[str]:
    """The regex an English text of msgid matches: fixed parts as they are, each {name} a group `name`."""
    parts = re.split(r"\{(\w+)\}", msgid)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)), re.S)


def fill_in(msgid: str, found: re.Match[str], *, fill: Fill | None = None, t: Translator | None = None) -> str:
    """msgid in the reader's language, its placeholders filled from `found` (a match of english_pattern)."""
    values = found.groupdict()
    if fill is not None:
        values = {name: fill(name, text) for name, text in values.items()}
    return (t or current())(msgid, **values)


def from_english(
    text: str, msgids: Iterable[str], *, fill: Fill | None = None, t: Translator | None = None
) -> str | None:
    """text, written in English by the library, in the reader's language when it is one of msgids; else None.

    Placeholders are filled with their part of text, through fill(name, part) when given. t: the translator
    (the session's by default; a format_func may run outside the script run, so pass the page's there).
    """
    for msgid in msgids:
        if found := english_pattern(msgid).fullmatch(text):
            return fill_in(msgid, found, fill=fill, t=t)
    return None


def from_english_list(
    text: str,
    msgids: Iterable[str],
    *,
    fill: Fill | None = None,
    other: Callable[[str], str] | None = None,
    t: Translator | None = None,
    sep: str = "; ",
) -> str:
    """A `sep`-separated list of library messages, each in the reader's language; a piece that is none of
    msgids goes through other (a data term: `_`), else stays as it is."""
    msgids = tuple(msgids)
    return sep.join(
        done if (done := from_english(piece, msgids, fill=fill, t=t)) is not None else (other or str)(piece)
        for piece in text.split(sep)
    )


def language_switch() -> Translator:
    """The language picker (sidebar), seeded from ?lang= and written back to it; returns the translator."""
    names = {lang.code: lang.name for lang in languages()}
    if "lang" not in st.session_state:
        wanted = str(st.query_params.get("lang", SOURCE)).strip().lower()
        st.session_state["lang"] = wanted if wanted in names else SOURCE
    with st.sidebar:
        # i18n: not text: the label is in both languages on purpose, so anyone finds the switch
        code = st.selectbox("Language · Язык", list(names), format_func=names.get, key="lang")
    if code == SOURCE:
        st.query_params.pop("lang", None)
    elif st.query_params.get("lang") != code:
        st.query_params["lang"] = code
    return current()
