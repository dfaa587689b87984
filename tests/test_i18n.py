"""Languages: no user-facing text outside the catalogues, complete catalogues really complete, every page
in every complete language, numbers and country names in the reader's conventions."""

from __future__ import annotations

import ast
import functools
import math
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from remit.i18n import MARKERS, Translator, _catalog, complete_codes, extract_messages, message_files, source_files

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "views").glob("*.py"))
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
    messages = extract_messages(message_files(ROOT))
    translated = _catalog(code)
    missing = [
        f"{places[0]}: {msgid!r:.70}"
        for msgid, places in messages.items()
        if (msgid[0] if isinstance(msgid, tuple) else msgid) not in translated
    ]
    assert missing == [], f"{len(missing)} messages without a {code} translation (python -m remit.i18n update)"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", complete_codes())
def test_translations_keep_their_placeholders_and_markup(code: str) -> None:
    for msgid, translated in _catalog(code).items():
        for msgstr in translated if isinstance(translated, tuple) else (translated,):  # each plural form
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


# --- Every page in every complete language ---------------------------------------------------------------


def _english_left(at: AppTest, code: str) -> list[str]:
    """Texts on screen that are an English message with a different translation: a message shown untranslated."""
    translated = {k: v for k, v in _catalog(code).items() if k != v and WORD.search(k)}
    shown = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]  # fmt: skip
    shown += [e.label for kind in ("metric", "button", "selectbox", "multiselect", "toggle", "number_input")
              for e in getattr(at, kind)]  # fmt: skip
    return [text for text in shown if isinstance(text, str) and text in translated]


@pytest.mark.parametrize("code", ["en", *complete_codes()])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_runs_in_every_complete_language(page: Path, code: str, app_env: None) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = code
    at.run()
    at.switch_page(f"views/{page.name}").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    if code != "en":
        assert _english_left(at, code) == []
        assert re.search("[а-яА-Я]", at.title[0].value), at.title[0].value


# --- Library messages the pages translate back are text the library writes -------------------------------
# remit/ writes some messages in English; pages list them as N_() templates and translate a text that matches
# one (ui.i18n.from_english). If the library's wording changes, the template no longer matches and the reader
# silently gets English: so every template must still be text some literal of remit/*.py can produce.

LIBRARY_TEMPLATES = {  # page -> its tuples of library messages (data terms live in other tuples, not checked)
    "benchmark.py": ("LIBRARY_MESSAGES",),
    "send_money.py": ("LIBRARY_MESSAGES",),
    "price_list.py": ("FILE_PROBLEMS", "COLUMN_PROBLEMS", "ROW_REASONS", "NOTES", "TEMPLATE_TEXTS"),
}
ASSEMBLED = {  # templates the library builds from pieces the check cannot follow (keep this list short)
    # remit.benchmark.peer_groups: "Same " + ", ".join(PEER_DIMENSIONS' labels without "Same ")
    "Same firm type, payment instrument",
    "Same firm type, pickup method",
    "Same payment instrument, pickup method",
    "Same firm type, payment instrument, pickup method",
}
HOLE = "\x00"  # a placeholder, in a normalised text
_FIELD = re.compile(r"\{\w+\}")
_Parts = tuple[str, ...]  # the fixed parts of a text, between its placeholders


def _normalised(parts: list[str]) -> _Parts:
    """Fixed parts with adjacent placeholders merged into one ('{a}{b}' is one varying part)."""
    return (parts[0], *[p for p in parts[1:-1] if p], parts[-1]) if len(parts) > 1 else tuple(parts)


def _template_parts(text: str) -> _Parts:
    return _normalised(_FIELD.split(text))


def _string_parts(node: ast.AST) -> list[str] | None:
    """A literal's fixed parts: a str (its {names} are placeholders too: .format/.replace templates), an
    f-string (each {expression} a placeholder), a + chain with a literal (each other operand a placeholder)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _FIELD.split(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = [""]
        for value in node.values:
            if isinstance(value, ast.Constant):
                first, *rest = _FIELD.split(value.value)
                parts[-1] += first
                parts += rest
            else:
                parts.append("")
        return parts
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_parts(node.left), _string_parts(node.right)
        if left is None and right is None:
            return None
        left, right = left or ["", ""], right or ["", ""]
        return [*left[:-1], left[-1] + right[0], *right[1:]]
    return None


def _library_texts(files: list[Path]) -> set[_Parts]:
    """Every text the modules can write, as fixed parts: literals, f-strings and + chains."""
    texts = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (parts := _string_parts(node)) is not None:
                texts.add(_normalised(parts))
    return texts


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _written_by(msgid: str, library: set[_Parts]) -> bool:
    """Can the library write msgid? Either one of its texts has the same fixed parts, or one fills in the rest:
    each of its placeholders standing for placeholders of msgid, for punctuation or nothing, for another text of
    the library ("exchange rate", " (did you mean {names}?)") or for a single word ("sending", "-20"). Single
    words may make up at most a third of msgid's letters, so that most of the wording is the library's; a text
    with no words of its own ('{label}: {value}') is only a frame around texts of the library with words."""
    wanted = _template_parts(msgid)
    if wanted in library:
        return True
    literals = {parts[0] for parts in library if len(parts) == 1}
    templates = [parts for parts in library if len(parts) > 1 and any(parts)]
    worded = [parts for parts in templates if _letters("".join(parts))]

    @functools.cache
    def free(text: str, depth: int, framed: bool) -> float:
        """Letters of text written by no library text (inf: it cannot be one placeholder's value); framed: it
        fills a text with no words of its own, so it must be a template with words."""
        if not _letters(text):  # placeholders of msgid, punctuation, a number
            return 0
        best = math.inf
        if not framed:
            if text in literals:
                return 0
            best = _letters(text) if re.fullmatch(rf"[^\s{HOLE}]+", text) else best
        if depth > 0:
            best = min(best, written(text, depth - 1, worded))
        for core in {text.strip(HOLE), text.strip(HOLE + " ")} - {text}:  # msgid's placeholder, library text
            best = min(best, free(core, depth, framed))
        return best

    def written(text: str, depth: int, candidates: list[_Parts]) -> float:
        best = math.inf
        for parts in candidates:
            if text.startswith(parts[0]) and text.endswith(parts[-1]) and all(p in text for p in parts):
                framed = not _letters("".join(parts))
                best = min(best, aligned(text, len(parts[0]), parts[1:], depth, framed))
        return best

    def aligned(text: str, start: int, rest: _Parts, depth: int, framed: bool) -> float:
        """Free letters when rest[0], rest[1], … follow text[start:] in order, text ending with rest[-1]."""
        if len(rest) == 1:
            end = len(text) - len(rest[0])
            return free(text[start:end], depth, framed) if end >= start else math.inf
        best, at = math.inf, text.find(rest[0], start)
        while at != -1 and best > 0:
            if (head := free(text[start:at], depth, framed)) < math.inf:
                best = min(best, head + aligned(text, at + len(rest[0]), rest[1:], depth, framed))
            at = text.find(rest[0], at + 1)
        return best

    flat = HOLE.join(wanted)
    return min(free(flat, 2, False), written(flat, 2, templates)) <= _letters(flat) / 3


def _page_templates(path: Path, names: tuple[str, ...]) -> dict[str, list[str]]:
    """The N_() templates of each named module-level tuple of a page."""
    found: dict[str, list[str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if (name := node.targets[0].id) in names:
                found[name] = [
                    call.args[0].value
                    for call in ast.walk(node.value)
                    if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "N_"
                ]
    return found


def _not_written(pages: dict[Path, tuple[str, ...]], library_files: list[Path], allowed: set[str]) -> list[str]:
    library = _library_texts(library_files)
    missing = []
    for page, names in pages.items():
        tuples = _page_templates(page, names)
        assert set(tuples) == set(names), f"{page.name}: tuples not found: {set(names) - set(tuples)}"
        for name, msgids in tuples.items():
            assert msgids, f"{page.name}: {name} has no N_() templates"
            missing += [
                f"{page.name} {name}: {m!r}" for m in msgids if m not in allowed and not _written_by(m, library)
            ]
    return missing


def test_pages_translate_only_messages_the_library_writes() -> None:
    """A page's template of a library message that the library no longer writes (its wording changed) would
    leave the reader with English: update the template (and its translation) with the library's wording."""
    pages = {ROOT / "views" / name: names for name, names in LIBRARY_TEMPLATES.items()}
    assert _not_written(pages, sorted((ROOT / "remit").glob("*.py")), ASSEMBLED) == []
    listed = {m for page, names in pages.items() for msgids in _page_templates(page, names).values() for m in msgids}
    assert ASSEMBLED <= listed, f"not on any page any more, drop from ASSEMBLED: {ASSEMBLED - listed}"


def test_the_library_message_check_catches_a_reworded_message(tmp_path: Path) -> None:
    page, library = tmp_path / "page.py", tmp_path / "lib.py"
    page.write_text(
        "MESSAGES = (\n    N_(\"unknown sending country '{value}' (did you mean {names}?)\"),\n"
        '    N_("The exchange rate must be a number above zero."),\n    N_("no prices in {period}"),\n)\n'
    )
    wording = (
        "hint = f' (did you mean {\", \".join(names)}?)'\nreason = f\"unknown {side} country '{text}'{hint}\"\n"
        'LABELS = ("exchange rate", "mid-market rate")\nerror = f"The {label} must be a number above zero."\n'
        'note = "no prices in " + period\n'
    )
    library.write_text(wording)
    assert _not_written({page: ("MESSAGES",)}, [library], set()) == []
    library.write_text(wording.replace("no prices in", "no price data in").replace("exchange rate", "FX rate"))
    assert len(_not_written({page: ("MESSAGES",)}, [library], set())) == 2
    library.write_text(wording.replace("unknown {side} country", "{side} country not found"))
    assert _not_written({page: ("MESSAGES",)}, [library], set()) == [
        "page.py MESSAGES: \"unknown sending country '{value}' (did you mean {names}?)\""
    ]
    assert (
        _not_written({page: ("MESSAGES",)}, [library], {"unknown sending country '{value}' (did you mean {names}?)"})
        == []
    )
