"""Languages: no user-facing text outside the catalogues, complete catalogues really complete, every page
in every complete language, numbers and country names in the reader's conventions."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import duckdb
import pytest
from apptest import app
from streamlit.testing.v1 import AppTest

from remit.i18n import (
    MARKERS,
    SCOPES,
    Translator,
    _catalog,
    complete_codes,
    complete_scopes,
    extract_messages,
    in_scope,
    languages,
    message_files,
    source_files,
)
from remit.messages import Joined, Message, msg

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "views").glob("*.py"))
MESSAGES = extract_messages(message_files(ROOT))  # every message id in the code -> where it is used
UI_FILES = source_files(ROOT)  # the app, pages, UI helpers, and the library modules that write text

# Streamlit calls whose text arguments a user reads.
SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning", "error",
    "success", "toast", "metric", "button", "download_button", "link_button", "page_link", "form_submit_button",
    "selectbox", "multiselect", "radio", "toggle", "checkbox", "number_input", "text_input", "text_area",
    "slider", "select_slider", "segmented_control", "pills", "date_input", "file_uploader", "tabs", "expander",
    "popover", "spinner", "status", "Page", "progress", "coded_selectbox", "coded_multiselect",
}  # fmt: skip
TEXT_KWARGS = {"label", "help", "placeholder", "caption", "title", "subtitle", "text", "body", "value_label"}
PROSE = re.compile(r"[A-Za-z]{2,}[,.;:!?'’)]? +[(']?[A-Za-z]{2,}")  # two words: text a person reads
CODE = re.compile(
    r"^\s*(SELECT|WITH|FROM|CREATE|INSERT|UPDATE|DELETE)\b|<style|!important|\.st-key-|[a-z-]+: [^;]+;|\{ [a-z-]+:"
)
WORD = re.compile(r"[A-Za-z]{3,}")
NOT_TEXT = "# i18n: not text"  # on a literal's line or the line above: it only looks like prose (CSS, a file name)


def _literal_text(node: ast.AST) -> str | None:
    """The literal text of a str constant or f-string (its fixed parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "\x00".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _unwrapped(path: Path) -> list[str]:
    """Places in `path` where text a user reads is not passed through _() / t() / N_()."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    inside_marker: set[int] = set()
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            inside_marker |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node, clean=False):
            docstrings.add(id(node.body[0].value))

    found = []

    def flag(node: ast.AST, why: str) -> None:
        if (
            id(node) in inside_marker
            or id(node) in docstrings
            or NOT_TEXT in "".join(lines[max(node.lineno - 2, 0) : node.lineno])
        ):
            return
        text = _literal_text(node)
        if text is None or text.startswith(":material/") or CODE.search(text):
            return
        if why == "shown" and WORD.search(text) or why == "prose" and PROSE.search(text):
            found.append(f"{path.name}:{node.lineno}: {text[:60]!r}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SHOWN:
                args = node.args[:1] if name not in ("tabs",) else node.args
                for arg in args:
                    for sub in arg.elts if isinstance(arg, ast.List | ast.Tuple) else [arg]:
                        flag(sub, "shown")
            for kw in node.keywords:
                if kw.arg in TEXT_KWARGS:
                    flag(kw.value, "shown")
        if isinstance(node, ast.Constant | ast.JoinedStr):
            flag(node, "prose")
    return sorted(set(found))


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_user_facing_text_outside_the_catalogues(path: Path) -> None:
    """Every literal a user reads goes through _() (pages) or t() (library), so it reaches the catalogues."""
    assert _unwrapped(path) == []


def test_every_file_uploader_says_its_words_in_the_readers_language() -> None:
    """Streamlit writes an uploader's button ('Upload') and limit line ('5MB per file') in English whatever the
    page's language: every uploader of the pages goes through ui.widgets.file_uploader, which writes its own."""
    direct = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "file_uploader"
        and path.name != "widgets.py"
    ]
    assert direct == []
    uses = [p.name for p in (ROOT / "views").glob("*.py") if "file_uploader(" in p.read_text(encoding="utf-8")]
    assert {"data_methods.py", "price_list.py"} <= set(uses)


def test_the_scan_catches_an_unwrapped_string(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        'import streamlit as st\nst.title("Costs")\nst.metric(_("Fine"), 1)\nst.caption(f"Data to {x}")\n'
        'x = {"a": "A sending country"}\nst.button(label="Go on")\ny = _("Wrapped {n}", n=1)\n'
    )
    found = _unwrapped(page)
    assert [f.split(":")[1] for f in found] == ["2", "4", "5", "6"]


@pytest.mark.parametrize("code", complete_codes())
def test_complete_catalogues_translate_every_message(code: str) -> None:
    """Every message a complete language promises (all of them, or those of its scope) is translated."""
    scope = complete_scopes()[code]
    messages = MESSAGES
    translated = _catalog(code)
    missing = [
        f"{places[0]}: {msgid!r:.70}"
        for msgid, places in messages.items()
        if in_scope(places, scope) and (msgid[0] if isinstance(msgid, tuple) else msgid) not in translated
    ]
    assert missing == [], f"{len(missing)} messages without a {code} translation (python -m remit.i18n update)"


def test_scopes_name_files_that_have_messages() -> None:
    """A scope (or a complete.txt line) naming a file that was renamed or lost its messages promises nothing."""
    places = {place for found in MESSAGES.values() for place in found}
    for code, scope in complete_scopes().items():
        assert scope is None or scope <= places, (code, sorted(scope - places))
    assert {f for files in SCOPES.values() for f in files} <= places
    assert {"views/learn.py", "remit/handout.py", "views/send_money.py", "views/my_quotes.py", "app.py"} <= (
        complete_scopes()["uk"] or set()
    )


def test_complete_txt_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "complete.txt").write_text("# comment\nru\nuk: learn views/my_quotes.py  # the trainers' pages\n")
    monkeypatch.setattr("remit.i18n.LOCALES", tmp_path)
    assert complete_scopes() == {"ru": None, "uk": frozenset({*SCOPES["learn"], "views/my_quotes.py"})}
    assert in_scope(["views/overview.py", "views/my_quotes.py"], complete_scopes()["uk"])
    assert not in_scope(["views/overview.py"], complete_scopes()["uk"]) and in_scope(["views/overview.py"], None)
    (tmp_path / "complete.txt").write_text("uk: lern\n")
    with pytest.raises(ValueError, match="lern"):
        complete_scopes()


def test_the_switch_names_each_language_in_itself() -> None:
    names = {lang.code: lang.name for lang in languages()}
    assert names["uk"] == "Українська" and names["ro"] == "Română" and names["ru"] == "Русский"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", complete_codes())
def test_translations_keep_their_placeholders_and_markup(code: str) -> None:
    for msgid, translation in _catalog(code).items():
        for msgstr in translation if isinstance(translation, tuple) else (translation,):  # each plural form
            assert _fields(msgstr) == _fields(msgid), msgid
            assert msgstr.count("**") == msgid.count("**"), msgid  # bold stays bold
            assert msgstr.count("\n") == msgid.count("\n") or "\n" not in msgid, msgid


def test_numbers_money_and_countries_follow_the_locale() -> None:
    en, ru = Translator("en"), Translator("ru")
    assert en.percent(6.355) == "6.36%" and ru.percent(6.355) == "6,36\xa0%"
    assert en.number(1234567.891, 2) == "1,234,567.89" and ru.number(1234567.891, 2) == "1\xa0234\xa0567,89"
    assert ru.money(200, "USD") == "200,00\xa0$"
    assert ru.corridor("RUS", "TJK", "Russian Federation", "Tajikistan") == "Россия → Таджикистан"
    assert ru.country("XKX", "Kosovo") == "Косово" and en.country("RUS", "Russian Federation") == "Russian Federation"
    assert ru.country("CHI", "Channel Islands") == "Channel Islands"  # a WDI code unknown to CLDR: the data's name
    assert ru.country("KGZ", "Kyrgyz Republic") == "Кыргызстан"  # the catalogue overrides CLDR's "Киргизия"
    assert ru.percent(7.205) == "7,21\xa0%" == ru.percent(7.21)  # rounded as Python rounds, in every language
    assert ru.money(-274009, "USD", 0) == "-274\xa0009\xa0$" and en.money(-274009, "USD", 0) == "-$274,009"


# --- Messages the library returns, in every complete language ---------------------------------------------


def _ids(value: object) -> list[str]:
    """The message ids in a value: the message's own and those of every message nested in its values."""
    if isinstance(value, Message):
        return [value.id, *(i for v in value.values.values() for i in _ids(v))]
    if isinstance(value, Joined):
        return [i for item in value.items for i in _ids(item)]
    return []


def _library_messages(con: duckdb.DuckDBPyConnection) -> list[Message]:
    """What the library can return for representative calls: errors, quote problems, scenario notes, briefing."""
    from remit import briefing, corridor_savings, quotes, scenarios  # noqa: PLC0415
    from remit.errors import RemitError, UnknownCorridor, UnknownCountry, UnknownPeriod  # noqa: PLC0415

    out = [
        UnknownCountry("Tadjikistan", ["Tajikistan"]).message,
        UnknownCountry("Atlantis").message,
        UnknownCorridor("Mars", "Tajikistan", ["Kyrgyz Republic"], ["Russian Federation"]).message,
        UnknownCorridor("Mars", "Venus", [], []).message,
        UnknownPeriod("1999Q1", "2011Q1", "2025Q3", "2020Q3").message,
        UnknownPeriod("someday", "2011Q1", "2025Q3", malformed=True).message,
    ]
    for call in (
        lambda: quotes.price_quote(-1),
        lambda: quotes.price_quote(100, -1, rate=1),
        lambda: quotes.price_quote(100, 100, rate=1),
        lambda: quotes.price_quote(100, 1),
        lambda: quotes.price_quote(100, 1, rate=1, mid_rate=0),
        lambda: quotes.yearly_cost(1, 0, 0),
        lambda: corridor_savings.corridor_savings(con, "RUS", "TJK", period="1999Q1"),
        lambda: corridor_savings.corridor_savings(con, "RUS", "TJK", target="lots"),
        lambda: corridor_savings.corridor_savings(con, "RUS", "TJK", target="smart"),
    ):
        with pytest.raises(RemitError) as caught:
            call()
        out.append(caught.value.message)
    status = scenarios.provider_status(con)
    out += [status["reason"]] if not status["available"] else []
    for shift in scenarios.SHIFTS:
        inputs = scenarios.scenario_inputs(con, ("TJK",), None)
        ok, reason, _n = scenarios.shift_available(inputs, shift)
        out += [] if ok else [reason]
    for sc in (
        scenarios.Scenario(),
        scenarios.Scenario(target_pct=10, use_country_average=True),
        scenarios.Scenario(shift="bank_to_mto", shift_share_pct=50),
    ):
        for iso in ("TJK", "IND", "XKX"):
            result = scenarios.apply(scenarios.scenario_inputs(con, (iso,), None), sc)
            for r in result[scenarios.NOTE_COLUMNS].itertuples():
                out += scenarios.note_messages(r, sc)
    out += list(scenarios.COST_BASIS_NAMES.values())
    for area, sc in (("TJK", scenarios.Scenario(years=5, growth_pct=2)), ("focus", scenarios.Scenario(years=3))):
        out += briefing.briefing(con, area, sc).sentences
    return out


@pytest.fixture(scope="module")
def library_messages(real_store: Path) -> list[Message]:
    """_library_messages on the real store, computed once for the languages that check them."""
    with duckdb.connect(str(real_store), read_only=True) as con:
        return _library_messages(con)


@pytest.mark.parametrize("code", [c for c in complete_codes() if c != "en"])
def test_every_library_message_renders_translated(code: str, library_messages: list[Message]) -> None:
    """No message id the library returns is missing from a complete catalogue, and each renders in the
    language (for Russian: text with Cyrillic that differs from the English). A language complete for a scope
    (uk, ro) answers for the messages of its scope: those used in its files (remit/errors.py, remit/quotes.py),
    not the impact pages' scenario notes and briefing."""
    translator, catalog, scope = Translator(code), _catalog(code), complete_scopes()[code]
    places = {(k[0] if isinstance(k, tuple) else k): p for k, p in MESSAGES.items()}
    messages = [m for m in library_messages if in_scope(places.get(m.id, []), scope)]
    assert len(messages) > (40 if scope is None else 5)
    for message in messages:
        missing = [i for i in _ids(message) if i not in catalog and in_scope(places.get(i, []), scope)]
        assert not missing, (str(message), missing)
        rendered = translator.render(message)
        assert rendered != str(message), rendered
        if code == "ru":
            assert re.search("[а-яА-ЯёЁ]", rendered), rendered


def test_russian_plurals_take_the_form_of_the_number() -> None:
    """1, 21 take the 'one' form, 3 the 'few' form, 5 the 'many' form (the catalogue's Plural-Forms)."""
    ru = Translator("ru")
    forms = {n: ru.render(msg("{n} corridor already meets the target: {corridors}.",
                              "{n} corridors already meet the target: {corridors}.", count=n, corridors="…"))
             for n in (1, 3, 5, 21)}  # fmt: skip
    assert forms == {
        1: "1 направление уже соответствует цели: ….",
        3: "3 направления уже соответствуют цели: ….",
        5: "5 направлений уже соответствуют цели: ….",
        21: "21 направление уже соответствует цели: ….",
    }
    assert [ru.plural("Saving over {n} year", "Saving over {n} years", n) for n in (1, 3, 5, 21)] == [
        "Экономия за 1 год",
        "Экономия за 3 года",
        "Экономия за 5 лет",
        "Экономия за 21 год",
    ]
    english = Translator("en")
    assert english.plural("Saving over {n} year", "Saving over {n} years", 1) == "Saving over 1 year"
    assert english.plural("Saving over {n} year", "Saving over {n} years", 21) == "Saving over 21 years"


def test_ukrainian_and_romanian_names_numbers_and_plural_forms() -> None:
    uk, ro = Translator("uk"), Translator("ro")
    assert uk.corridor("RUS", "TJK", "Russian Federation", "Tajikistan") == "Росія → Таджикистан"
    assert ro.corridor("ITA", "MDA", "Italy", "Moldova") == "Italia → Republica Moldova"
    assert uk.percent(6.355) == "6,36%" and ro.percent(6.355) == "6,36\xa0%" and ro.number(15000) == "15.000"
    month = ("{n} transfer a month", "{n} transfers a month")  # three forms each: one, few, many / other
    assert [uk.plural(*month, n) for n in (1, 3, 5, 21)] == [
        "1 переказ на місяць", "3 перекази на місяць", "5 переказів на місяць", "21 переказ на місяць",
    ]  # fmt: skip
    assert [ro.plural(*month, n) for n in (1, 19, 20)] == [
        "1 transfer pe lună", "19 transferuri pe lună", "20 de transferuri pe lună",
    ]  # fmt: skip


# --- Every page in every complete language ---------------------------------------------------------------


def _english_left(at: AppTest, code: str) -> list[str]:
    """Texts on screen that are an English message with a different translation: a message shown untranslated."""
    translated = {k: v for k, v in _catalog(code).items() if k != v and WORD.search(k)}
    shown = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]  # fmt: skip
    shown += [e.label for kind in ("metric", "button", "selectbox", "multiselect", "toggle", "number_input")
              for e in getattr(at, kind)]  # fmt: skip
    return [text for text in shown if isinstance(text, str) and text in translated]


# Letters a page in the language must show somewhere (its own alphabet, not only a neighbour's), and the
# script its title is written in
LETTERS = {"ru": "[ыэъёЫЭЁ]", "uk": "[іїєґІЇЄҐ]", "ro": "[ăâîșțĂÂÎȘȚ]"}
TITLE_SCRIPT = {"ru": "[а-яА-Я]", "uk": "[а-яА-ЯіїєґІЇЄҐ]", "ro": "[A-Za-zăâîșțĂÂÎȘȚ]"}
ENGLISH = {k[0] if isinstance(k, tuple) else k for k in MESSAGES}
PAGES_IN_LANGUAGES = [
    (page, code)
    for code, scope in {"en": None, **complete_scopes()}.items()
    for page in PAGES
    if in_scope([f"views/{page.name}"], scope)
]


@pytest.mark.parametrize(("page", "code"), PAGES_IN_LANGUAGES, ids=lambda v: getattr(v, "stem", v))
def test_every_page_runs_in_every_complete_language(page: Path, code: str, app_env: None) -> None:
    """Each page a complete language covers: no exception, no error, no translated message left in English,
    and the page written in the language's own letters (a partial language's other pages fall back to English)."""
    at = app()
    at.query_params["lang"] = code
    at.switch_page(f"views/{page.name}").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # Streamlit's 'compact' numbers are abbreviated in the browser's language, whatever the page's ('7.1B')
    formats = [
        c.get("type_config", {}).get("format") for d in at.dataframe for c in json.loads(d.proto.columns).values()
    ]
    assert "compact" not in formats, page.name
    if code != "en":  # a chart's prices name their source in the reader's language, as on every other page
        subtitles = [
            json.loads(c.proto.spec)["layout"]["title"].get("subtitle", {}).get("text", "")
            for c in at.get("plotly_chart")
        ]
        lines = [s.replace("<br>", " ") for s in subtitles]  # a long line wraps at <br>
        english = [s for s in lines if "Remittance Prices Worldwide" in s or "Statistics Division" in s]
        assert english == [], (page.name, english)
    if code != "en":
        assert _english_left(at, code) == []
        title = at.title[0].value
        assert re.search(TITLE_SCRIPT[code], title) and title not in ENGLISH, title
        shown = " ".join(e.value for kind in ("title", "markdown", "caption", "subheader") for e in getattr(at, kind))
        assert re.search(LETTERS[code], shown), shown[:300]
