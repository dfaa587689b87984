"""Hostile input, with a count of the cases tried (test-artifacts/hostile_cases.json).

1. Links: every page runs under AppTest with every URL query parameter it reads (found in views/ by
   reading the code, not from a list kept by hand) set to wrong types, huge values, empty values,
   unknown codes, SQL, HTML and script fragments, Markdown and LaTeX, Unicode junk and repeated
   parameters, then to random values (hypothesis). No page may raise, show a traceback, or put a
   fragment of HTML from the link unescaped into an element that renders HTML (st.html, or
   st.markdown with unsafe_allow_html).
2. Queries: no SQL text passed to DuckDB in remit/ or ui/ is built from anything but constants of the
   code (an f-string, %, .format or + over a value from outside is refused).
3. HTML: every st.html and unsafe_allow_html call in views/, ui/ and app.py interpolates only
   constants of the code, numbers, or text passed through html.escape.

Uploads (price lists, provider workbooks) and CLI arguments are tried in tests/test_benchmark.py,
tests/test_pages_benchmark.py, tests/test_pages_import.py, tests/test_rpw.py and
tests/test_cli_hostile.py; their case counts are summarised in the same JSON file.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apptest import app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from ui import cached

ROOT = Path(__file__).resolve().parent.parent
ARTIFACT = ROOT / "test-artifacts" / "hostile_cases.json"
VIEWS = sorted(p.name for p in (ROOT / "views").glob("*.py"))

# --- Which query parameters each page reads ------------------------------------------------------------

# Helpers of ui/url_state.py that read the link, and where their key argument is (position or keyword).
LINK_HELPERS: dict[str, int | str] = {
    "coded_selectbox": "key",
    "coded_multiselect": "key",
    "ignored_choice": 0,
    "ignored_number": 0,
    "ignored_flag": 0,
    "unknown_codes": 0,
}
NOT_READ = "utm_source"  # a parameter no page reads: it must be ignored quietly


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _reads_link(node: ast.AST) -> bool:
    return "query_params" in ast.unparse(node)


def _literal_keys(node: ast.AST) -> set[str]:
    """Strings listed in a literal tuple/list (or first items of its tuples): the keys of a loop."""
    keys = set()
    for elt in getattr(node, "elts", []):
        first = elt.elts[0] if isinstance(elt, ast.Tuple) and elt.elts else elt
        if _text(first):
            keys.add(_text(first))
    return keys


def url_parameters(path: Path) -> set[str]:
    """The query parameters a page script reads: bound widgets, the url_state helpers, direct reads
    of st.query_params, the page's own helpers that read the link (called with a literal key), and
    literal keys of loops that call any of these, and the keys of the shared widgets it calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = _keys_read(tree)
    for module in _section_modules(tree):  # a page's sections live in ui/<page>_sections.py and the like
        keys |= _keys_read(ast.parse((ROOT / "ui" / f"{module}.py").read_text(encoding="utf-8")))
    return keys


SHARED_UI = {"cached", "i18n", "widgets", "url_state", "__init__"}  # scanned through SHARED_WIDGETS instead


def _section_modules(tree: ast.AST) -> set[str]:
    """The ui/ modules a page imports its sections from (not the shared helpers)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("ui.") and node.module[3:] not in SHARED_UI:
                found.add(node.module[3:])
            elif node.module == "ui":
                found |= {a.name for a in node.names if a.name not in SHARED_UI}
    return {m for m in found if (ROOT / "ui" / f"{m}.py").is_file()}


def _keys_read(tree: ast.AST) -> set[str]:
    helpers = dict(LINK_HELPERS)
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and _reads_link(fn):
            positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            if "key" in positional:
                helpers[fn.name] = positional.index("key")
            elif any(a.arg == "key" for a in fn.args.kwonlyargs):
                helpers[fn.name] = "key"
    keys: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            kw = {k.arg: k.value for k in node.keywords}
            if _text(kw.get("bind")) == "query-params" and _text(kw.get("key")):
                keys.add(_text(kw["key"]))
            keys |= SHARED_WIDGETS.get(name, set())
            if name in helpers:
                where = helpers[name]
                arg = kw.get("key")
                if isinstance(where, int) and len(node.args) > where:
                    arg = node.args[where]
                if _text(arg):
                    keys.add(_text(arg))
            if (
                isinstance(func, ast.Attribute)
                and name in ("get", "get_all", "pop")
                and _reads_link(func.value)
                and node.args
                and _text(node.args[0])
            ):
                keys.add(_text(node.args[0]))
        elif isinstance(node, ast.Subscript) and _reads_link(node.value) and _text(node.slice):
            keys.add(_text(node.slice))
        elif isinstance(node, ast.Compare) and _reads_link(node.comparators[-1]) and _text(node.left):
            keys.add(_text(node.left))
        elif isinstance(node, ast.For | ast.GeneratorExp | ast.ListComp | ast.SetComp | ast.DictComp):
            body = ast.unparse(node)
            if "query_params" in body or any(f"{h}(" in body for h in helpers):
                iters = [node.iter] if isinstance(node, ast.For) else [g.iter for g in node.generators]
                for it in iters:
                    keys |= _literal_keys(it)
    return keys


# Widgets of ui/widgets.py that read the link under keys of their own (corridor_picker: ?from= and ?to=).
SHARED_WIDGETS: dict[str, set[str]] = {}
SHARED_WIDGETS.update(
    (fn.name, keys)
    for fn in ast.parse((ROOT / "ui" / "widgets.py").read_text(encoding="utf-8")).body
    if isinstance(fn, ast.FunctionDef) and (keys := _keys_read(fn))
)
FRAME_PARAMETERS = url_parameters(ROOT / "ui/i18n.py") | url_parameters(ROOT / "app.py")  # ?lang=
PARAMS = {page: sorted(url_parameters(ROOT / "views" / page) | {NOT_READ}) for page in VIEWS}


def test_the_scan_finds_the_parameters_pages_are_known_to_read() -> None:
    """A guard on the scan itself: parameters documented in the pages' own tests and links."""
    assert "lang" in FRAME_PARAMETERS
    known = {
        "country_profile.py": {"country"},
        "corridor_explorer.py": {"corridors", "period", "send", "recv", "send_region", "above5"},
        "impact.py": {"country", "target", "goal", "years", "growth", "fill", "scale", "shift", "measure"},
        "savings_world.py": {"target", "basis", "economies", "rank", "year", "fill"},
        "send_money.py": {"from", "to"},
        "benchmark.py": {"from", "to"},
        "my_quotes.py": {"from", "to"},
        "learn.py": {"present", "corridor"},
    }
    for page, keys in known.items():
        assert keys <= set(PARAMS[page]), (page, sorted(keys - set(PARAMS[page])))


# --- Hostile values -----------------------------------------------------------------------------------

SQL = "'; DROP TABLE country;--"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_LINK = "[click](http://evil.example)"
# Must never reach an element that renders HTML as they are (escaped, they read &lt;script&gt;...); nor
# may any injected value that holds a '<'. (The pages' own HTML is <style> only.)
HTML_FRAGMENTS = ("<script", "<img", "<svg", "onerror=", "onload=")

CATEGORIES: dict[str, list[Any]] = {
    "empty": [""],
    "wrong type": ["abc", "1.5.3", "true", "-", "[]", "{}", "None", "0x1F"],
    "huge": ["9" * 400, "1e308", "-1e308", "x" * 20_000, "RUS-" * 2_000],
    "non-finite number": ["nan", "inf", "-inf", "1e309", "-0"],
    "unknown code": ["ZZZ", "ZZZ-QQQ", "RUS-", "-TJK", "2099Q9", "XKX-XKX", "KSV", "tjk"],
    "SQL fragment": [SQL, "1 OR 1=1", "TJK' OR '1'='1", "RUS-TJK;DELETE FROM corridor_cost", "%' --"],
    "HTML or script fragment": [SCRIPT, IMG, '"><svg onload=alert(1)>', "</style><script>alert(1)</script>"],
    "Markdown or LaTeX": [MD_LINK, "**bold** _it_ `code`", "$\\frac{1}{0}$", ":red[alert]", "# heading", "<b>x</b>"],
    "unicode junk": ["\u202eKJT", "\x00\x01\x7f", "𝕋𝕁𝕂", "Т\u0301ДЖ", "\ufeff\u200bRUS", "😀" * 50, "ﷺ" * 10],
    "repeated parameter": [["RUS-TJK", SCRIPT, ""], ["", SQL], ["TJK"] * 50, [IMG, IMG]],
    "all at once": [f"{SCRIPT}{IMG} {MD_LINK} **x** $y$ {SQL}"],  # every parameter meets every kind of markup
}
ALL_VALUES = [v for values in CATEGORIES.values() for v in values if isinstance(v, str)]
HYPOTHESIS_EXAMPLES = 3  # per page; each runs the app twice (about 1 s)


def _case(page: str, category: str) -> tuple[dict[str, Any], str]:
    """The link of one case: every parameter the page reads gets a value of the category (rotating
    through its values, so that the parameters of one page get different ones); ?lang= too, or
    lang=ru on every other category so that the Russian messages meet hostile values as well."""
    values = CATEGORIES[category]
    start = VIEWS.index(page)
    params = {key: values[(start + i) % len(values)] for i, key in enumerate(PARAMS[page])}
    lang = values[start % len(values)] if list(CATEGORIES).index(category) % 2 == 0 else "ru"
    return params, lang if isinstance(lang, str) else lang[0]


def _elements(node: Any) -> Iterator[Any]:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _elements(child)
    else:
        yield node


def _injected(params: dict[str, Any]) -> list[str]:
    """The values of a link that would be markup if they reached HTML as they are."""
    values = [v for value in params.values() for v in (value if isinstance(value, list) else [value])]
    return sorted({v for v in values if isinstance(v, str) and "<" in v and len(v.strip()) > 1})


def _problems(at: AppTest, params: dict[str, Any]) -> list[str]:
    """Exceptions, tracebacks, and HTML from the link that reaches an element rendering HTML."""
    markup = [*HTML_FRAGMENTS, *_injected(params)]
    found = [f"exception: {e.value[:300]}" for e in at.exception]
    for el in _elements(at._tree):
        proto = getattr(el, "proto", None)
        body = getattr(proto, "body", "") if proto is not None else ""
        if not isinstance(body, str):
            continue
        if "Traceback (most recent call last)" in body:
            found.append(f"a traceback in a {el.type}: {body[:200]}")
        renders_html = el.type == "html" or (el.type == "markdown" and getattr(proto, "allow_html", False))
        if renders_html:
            found += [f"{frag[:40]!r} unescaped in {el.type}: {body[:200]}" for frag in markup if frag in body]
    return found


def _echoes(at: AppTest) -> list[str]:
    """Markdown from the link rendered as Markdown (it would be a clickable link), and a huge link
    value shown whole: neither is a security hole (Streamlit's Markdown renders no HTML), but a page
    should show such values as plain text, cut short (ui.url_state.plain)."""
    out = []
    for el in _elements(at._tree):
        body = getattr(getattr(el, "proto", None), "body", None)
        if isinstance(body, str) and MD_LINK in body:
            out.append(f"Markdown from the link in a {el.type}: {body[:160]}")
        if isinstance(body, str) and "x" * 1000 in body:
            out.append(f"a 20,000-character link value shown whole in a {el.type}: {body[:100]}")
    return out


def _drawn(at: AppTest) -> bool:
    """The page drew its title and something below it in the main area (not a blank or stopped page)."""
    return bool(at.title) and bool(at.title[0].value.strip()) and sum(1 for _ in _elements(at.main)) >= 2


# Pages known to echo link values as Markdown or whole, with why (none now: views/impact.py's warning
# about an unknown ?country= shows it through ui.url_state.plain() since 2026-11-23).
KNOWN_ECHOES: dict[str, str] = {}


def _open(page: str, params: dict[str, Any], lang: str) -> AppTest:
    """The page opened straight from a link carrying ?lang= and the hostile parameters, as a visitor following
    the link meets it (a page reads its link when first drawn)."""
    at = app()
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.switch_page(f"views/{page}").run()


@pytest.fixture(scope="module", autouse=True)
def app_env(real_store: Path) -> Iterator[None]:
    """The app on the session's real store; caches emptied before and after this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REMIT_STORE", str(real_store))
        mp.delenv("REMIT_DATA_DIR", raising=False)
        cached.clear()
        yield
        cached.clear()


def _record(path: list[str], value: Any) -> None:
    """Set one entry of test-artifacts/hostile_cases.json (each test writes its own part)."""
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        data = {}
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    pages = data.get("url_query_parameters", {}).get("pages", {})
    data.setdefault("url_query_parameters", {})["total"] = {
        key: sum(p.get(key, 0) for p in pages.values())
        for key in ("fixed_cases", "parameter_values_tried", "hypothesis_examples")
    }
    ARTIFACT.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("page", VIEWS)
def test_every_page_survives_hostile_links(page: str) -> None:
    failures, links, tried, blank = [], [], 0, []
    for category in CATEGORIES:
        params, lang = _case(page, category)
        at = _open(page, params, lang)
        tried += len(params) + 1
        failures += [f"{category} (lang={lang[:20]!r}): {p}" for p in _problems(at, params)]
        links += _echoes(at)
        if not _drawn(at):
            blank.append(category)
    entry = {
        "parameters": PARAMS[page],
        "frame_parameters": sorted(FRAME_PARAMETERS),
        "fixed_cases": len(CATEGORIES),
        "parameter_values_tried": tried,
        "link_values_echoed_as_markdown_or_whole": sorted(set(links)),
    }
    previous = json.loads(ARTIFACT.read_text(encoding="utf-8")) if ARTIFACT.is_file() else {}
    entry["hypothesis_examples"] = (
        previous.get("url_query_parameters", {}).get("pages", {}).get(page, {}).get("hypothesis_examples", 0)
    )
    _record(["url_query_parameters", "pages", page], entry)
    _record(["url_query_parameters", "categories"], {k: len(v) for k, v in CATEGORIES.items()})
    print(f"{page}: {len(CATEGORIES)} links, {tried} parameter values")
    assert not failures, "\n".join(failures)
    assert bool(links) == (page in KNOWN_ECHOES), sorted(set(links)) or f"{page} no longer echoes: update KNOWN_ECHOES"
    # The hostile values reached a page that went on to draw itself: a page that stopped blank (or an
    # exception swallowed before its title) would pass the checks above without having read the link.
    assert not blank, f"{page} drew no title and content for: {blank}"


LINK_VALUE = hs.one_of(
    hs.text(alphabet=hs.characters(blacklist_categories=("Cs",)), max_size=60),
    hs.sampled_from(ALL_VALUES),
    hs.floats().map(str),
    hs.integers(-(10**30), 10**30).map(str),
    hs.lists(hs.sampled_from(ALL_VALUES), min_size=2, max_size=4),
)


@pytest.mark.slow
@pytest.mark.parametrize("page", VIEWS)
def test_random_link_values(page: str) -> None:
    tried: list[int] = []

    @settings(
        max_examples=HYPOTHESIS_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(params=hs.dictionaries(hs.sampled_from(PARAMS[page]), LINK_VALUE, min_size=1), ru=hs.booleans())
    def run(params: dict[str, Any], ru: bool) -> None:
        tried.append(1)
        at = _open(page, params, "ru" if ru else "en")
        assert not _problems(at, params), (params, _problems(at, params))
        assert _drawn(at), (params, "the page drew no title and content")

    run()
    previous = json.loads(ARTIFACT.read_text(encoding="utf-8")) if ARTIFACT.is_file() else {}
    entry = previous.get("url_query_parameters", {}).get("pages", {}).get(page, {"parameters": PARAMS[page]})
    entry["hypothesis_examples"] = len(tried)
    _record(["url_query_parameters", "pages", page], entry)
    print(f"{page}: {len(tried)} random links")
    assert len(tried) >= HYPOTHESIS_EXAMPLES


# --- Static checks: SQL text and HTML built only from constants of the code -------------------------------

SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}
NUMERIC_CALLS = {"int", "float", "len", "round", "abs", "bool"}
STR_METHODS = {"strip", "lower", "upper", "replace", "splitlines", "split", "items", "keys", "values", "join"}
TRANSLATE = {"_", "t", "N_", "msg"}  # a message of the catalogues: constant text of the project
# Functions that return text safe to put into HTML although the checker cannot prove it, with the reason.
HTML_SANITIZERS: dict[tuple[str, str], str] = {
    ("ui/widgets.py", "_slug"): "re.sub(r'[^a-z0-9]+', '-', ...): only a-z, 0-9 and '-'",
}
NUMBER_FORMAT = re.compile(r"^[-+ ]?#?0?\d*[,_]?(\.\d+)?[bdeEfFgGnoxX%]$")


class Module:
    """One source file, parsed, with what the checker needs to follow names."""

    _cache: dict[Path, Module] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.functions = {n.name: n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef)}
        self.imports: dict[str, tuple[str, str]] = {}
        for node in self.tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("remit", "ui"):
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (node.module, alias.name)

    @classmethod
    def of(cls, path: Path) -> Module:
        if path not in cls._cache:
            cls._cache[path] = cls(path)
        return cls._cache[path]

    def enclosing(self, node: ast.AST) -> list[ast.AST]:
        out = []
        while node in self.parent:
            node = self.parent[node]
            out.append(node)
        return out


def _module_file(dotted: str) -> Path | None:
    base = ROOT / dotted.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


class Checker:
    """Whether an expression can only be built from constants of the code (mode 'sql'), or from those,
    numbers and html.escape'd text (mode 'html')."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.seen: set[tuple[str, int, str]] = set()

    def safe(self, mod: Module, node: ast.AST | None) -> bool:  # noqa: PLR0911, PLR0912 (one rule per node type)
        if node is None:
            return True
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(mod, v) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            spec = node.format_spec
            if isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values):
                if NUMBER_FORMAT.match("".join(str(v.value) for v in spec.values)):
                    return True  # formatted as a number: no text gets through
            return self.safe(mod, node.value)
        if isinstance(node, ast.BinOp | ast.BoolOp):
            parts = [node.left, node.right] if isinstance(node, ast.BinOp) else node.values
            return all(self.safe(mod, p) for p in parts)
        if isinstance(node, ast.IfExp):
            return self.safe(mod, node.body) and self.safe(mod, node.orelse)
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return all(self.safe(mod, e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(self.safe(mod, e) for e in [*node.keys, *node.values])
        if isinstance(node, ast.Subscript):
            return self.safe(mod, node.value)  # an item of a constant collection
        if isinstance(node, ast.GeneratorExp | ast.ListComp | ast.SetComp):
            return self.safe(mod, node.elt)
        if isinstance(node, ast.Call):
            return self._safe_call(mod, node)
        if isinstance(node, ast.Name):
            return self._safe_name(mod, node)
        return False

    def _safe_call(self, mod: Module, node: ast.Call) -> bool:  # noqa: PLR0911
        func = node.func
        args = [*node.args, *(k.value for k in node.keywords)]
        if isinstance(func, ast.Name):
            if func.id in NUMERIC_CALLS:
                return True
            if func.id in ("tuple", "list", "sorted", "set", "frozenset"):
                return all(self.safe(mod, a) for a in args)
            if func.id in TRANSLATE:
                return bool(node.args) and _text(node.args[0]) is not None and all(self.safe(mod, a) for a in args[1:])
            if self.mode == "html" and func.id == "escape" and mod.imports.get("escape", ("html",))[0] == "html":
                return True
            return self._safe_function(mod, func.id)
        if isinstance(func, ast.Attribute):
            if self.mode == "html" and ast.unparse(func) == "html.escape":
                return True
            if func.attr in STR_METHODS or func.attr == "format":
                return self.safe(mod, func.value) and all(self.safe(mod, a) for a in args)
        return False

    def _safe_function(self, mod: Module, name: str) -> bool:
        """A function of the project whose every return value is safe (its parameters are not)."""
        if self.mode == "html" and (mod.rel, name) in HTML_SANITIZERS:
            return True
        if name in mod.imports:
            path = _module_file(mod.imports[name][0])
            if path is None:
                return False
            mod, name = Module.of(path), mod.imports[name][1]
            if self.mode == "html" and (mod.rel, name) in HTML_SANITIZERS:
                return True
        fn = mod.functions.get(name)
        key = (mod.rel, getattr(fn, "lineno", 0), "()")
        if fn is None or key in self.seen:
            return False
        self.seen.add(key)
        try:
            returns = [n.value for n in ast.walk(fn) if isinstance(n, ast.Return)]
            return bool(returns) and all(self.safe(mod, r) for r in returns)
        finally:
            self.seen.discard(key)

    def _safe_name(self, mod: Module, node: ast.Name) -> bool:
        key = (mod.rel, node.lineno, node.id)
        if key in self.seen:
            return True  # a loop in the bindings: decided by the others
        self.seen.add(key)
        try:
            return self._resolve(mod, node)
        finally:
            self.seen.discard(key)

    def _resolve(self, mod: Module, node: ast.Name) -> bool:
        """Follow a name to what binds it: a comprehension, the enclosing functions, then the module."""
        name = node.id
        for scope in mod.enclosing(node):
            if isinstance(scope, ast.GeneratorExp | ast.ListComp | ast.SetComp | ast.DictComp):
                for gen in scope.generators:
                    if name in _bound(gen.target):
                        return self._safe_item(mod, gen.target, gen.iter, name)
            if isinstance(scope, ast.FunctionDef | ast.Lambda):
                params = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs)]
                if name in params:
                    return isinstance(scope, ast.FunctionDef) and self._safe_parameter(mod, scope, name)
                bindings = _bindings(scope, name)
                if bindings:
                    return all(self._safe_binding(mod, b, name) for b in bindings)
        return self._module_name(mod, name)

    def _module_name(self, mod: Module, name: str) -> bool:
        """A name of the module itself, or one it imports from remit/ or ui/."""
        key = (mod.rel, -1, name)
        if key in self.seen:
            return True
        self.seen.add(key)
        try:
            bindings = _bindings(mod.tree, name)
            if bindings:
                return all(self._safe_binding(mod, b, name) for b in bindings)
            if name in mod.imports:
                path = _module_file(mod.imports[name][0])
                return path is not None and self._module_name(Module.of(path), mod.imports[name][1])
            return False
        finally:
            self.seen.discard(key)

    def _safe_parameter(self, mod: Module, fn: ast.FunctionDef, name: str) -> bool:
        """A parameter of a nested or module-private function: safe when every call passes a safe value."""
        nested = any(isinstance(s, ast.FunctionDef) for s in mod.enclosing(fn))
        if not (nested or fn.name.startswith("_")):
            return False  # public: called from anywhere
        positional = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        calls = [
            n
            for n in ast.walk(mod.tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == fn.name
        ]
        if not calls:
            return False
        for call in calls:
            kw = {k.arg: k.value for k in call.keywords}
            if name in kw:
                value = kw[name]
            elif name in positional and positional.index(name) < len(call.args):
                value = call.args[positional.index(name)]
            elif name in _defaults(fn):
                value = _defaults(fn)[name]
            else:
                return False
            if not self.safe(mod, value):
                return False
        return True

    def _safe_binding(self, mod: Module, binding: ast.AST, name: str) -> bool:
        if isinstance(binding, ast.Assign | ast.AnnAssign):
            targets = binding.targets if isinstance(binding, ast.Assign) else [binding.target]
            return all(
                self._safe_item(mod, t, binding.value, name, iterate=False) for t in targets if name in _bound(t)
            )
        if isinstance(binding, ast.AugAssign):
            return self.safe(mod, binding.value)
        if isinstance(binding, ast.For):
            return self._safe_item(mod, binding.target, binding.iter, name)
        if isinstance(binding, ast.Call):  # name.append(x), name.extend(x), name.insert(i, x)
            return all(self.safe(mod, a) for a in binding.args)
        return False

    def _safe_item(self, mod: Module, target: ast.AST, value: ast.AST, name: str, iterate: bool = True) -> bool:
        """The part of value (an item of it when iterate) that target binds to name."""
        if value is None:
            return False
        if isinstance(target, ast.Name):
            if not iterate:
                return self.safe(mod, value)
            if isinstance(value, ast.Tuple | ast.List | ast.Set):
                return all(self.safe(mod, e) for e in value.elts)
            return self.safe(mod, value)
        if isinstance(target, ast.Tuple | ast.List):
            index = next(i for i, t in enumerate(target.elts) if name in _bound(t))
            branches = [value]
            if iterate and isinstance(value, ast.Tuple | ast.List):
                branches = list(value.elts)
            out = []
            for branch in branches:
                for option in [branch.body, branch.orelse] if isinstance(branch, ast.IfExp) else [branch]:
                    if isinstance(option, ast.Tuple | ast.List) and len(option.elts) == len(target.elts):
                        out.append(self._safe_item(mod, target.elts[index], option.elts[index], name, iterate=False))
                    else:
                        out.append(self.safe(mod, option))
            return all(out)
        return False


def _defaults(fn: ast.FunctionDef) -> dict[str, ast.AST]:
    pos = [*fn.args.posonlyargs, *fn.args.args]
    out = {a.arg: d for a, d in zip(pos[len(pos) - len(fn.args.defaults) :], fn.args.defaults, strict=True)}
    out |= {a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True) if d is not None}
    return out


def _bound(target: ast.AST) -> set[str]:
    """The names an assignment target binds (not those it reads, as in out[f"x_{name}"] = ...)."""
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function (or module) body, without those of the functions defined inside it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))


def _bindings(scope: ast.AST, name: str) -> list[ast.AST]:
    out: list[ast.AST] = []
    for node in _own_nodes(scope):
        if isinstance(node, ast.Assign) and any(name in _bound(t) for t in node.targets):
            out.append(node)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For) and name in _bound(node.target):
            out.append(node)
        elif isinstance(node, ast.With) and any(
            i.optional_vars and name in _bound(i.optional_vars) for i in node.items
        ):
            out.append(node)  # not a safe binding
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend", "insert")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == name
        ):
            out.append(node)
    return out


def _calls(
    paths: list[Path], is_target: Callable[[ast.Call], list[ast.AST]]
) -> Iterator[tuple[Module, ast.Call, ast.AST]]:
    for path in paths:
        mod = Module.of(path)
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Call):
                for arg in is_target(node):
                    yield mod, node, arg


def _sql_text(call: ast.Call) -> list[ast.AST]:
    """The SQL argument of a DuckDB call (con.execute(sql, ...), duckdb.sql(sql), ...)."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in SQL_METHODS):
        return []
    kw = {k.arg: k.value for k in call.keywords}
    return [call.args[0]] if call.args else [kw["query"]] if "query" in kw else []


def _html_text(call: ast.Call) -> list[ast.AST]:
    """What a call renders as HTML: st.html(body) and anything with unsafe_allow_html=True."""
    kw = {k.arg: k.value for k in call.keywords}
    unsafe = "unsafe_allow_html" in kw and not (
        isinstance(kw["unsafe_allow_html"], ast.Constant) and not kw["unsafe_allow_html"].value
    )
    is_html = isinstance(call.func, ast.Attribute) and call.func.attr == "html"
    if unsafe or is_html:
        return [*call.args[:1], *([kw["body"]] if "body" in kw else [])]
    return []


def _where(mod: Module, call: ast.Call) -> str:
    return f"{mod.rel}:{call.lineno}: {ast.unparse(call)[:140]}"


def test_no_query_is_built_from_text_from_outside() -> None:
    paths = sorted((ROOT / "remit").rglob("*.py")) + sorted((ROOT / "ui").glob("*.py"))
    checked, dynamic, offenders = 0, 0, []
    for mod, call, arg in _calls(paths, _sql_text):
        checked += 1
        if isinstance(arg, ast.Constant):
            continue
        dynamic += 1
        if not Checker("sql").safe(mod, arg):
            offenders.append(_where(mod, call))
    _record(
        ["static", "sql"],
        {
            "files": len(paths),
            "duckdb_calls_checked": checked,
            "with_sql_text_not_a_single_literal": dynamic,
            "offenders": offenders,
        },
    )
    assert checked > 50 and dynamic > 10, (checked, dynamic)  # the scan does find the calls
    assert not offenders, "SQL text built from values that are not constants of the code:\n" + "\n".join(offenders)


def test_the_sql_check_refuses_what_it_should(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    bad.write_text(
        "import duckdb\nTABLE = 'country'\n"
        "def f(con, name):\n"
        "    ok = f'SELECT * FROM {TABLE} WHERE iso3 = ?'\n"
        "    con.execute(ok, [name])\n"
        "    con.execute(f\"SELECT * FROM country WHERE name = '{name}'\")\n"
        "    con.execute('SELECT ' + name)\n"
        "    con.execute('SELECT %s' % name)\n"
        "    con.execute('SELECT {}'.format(name))\n"
        "    where = ['TRUE']\n    where.append(name)\n"
        "    con.execute(' AND '.join(where))\n",
        encoding="utf-8",
    )
    lines = [call.lineno for mod, call, arg in _calls([bad], _sql_text) if not Checker("sql").safe(mod, arg)]
    assert lines == [6, 7, 8, 9, 12]


def test_html_is_built_only_from_constants_numbers_and_escaped_text() -> None:
    paths = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "views").glob("*.py"))]
    checked, offenders = 0, []
    for mod, call, arg in _calls(paths, _html_text):
        checked += 1
        if not Checker("html").safe(mod, arg):
            offenders.append(_where(mod, call))
    _record(["static", "html"], {"files": len(paths), "html_calls_checked": checked, "offenders": offenders})
    assert checked >= 2, checked
    assert not offenders, "HTML built from values that are neither constants nor escaped:\n" + "\n".join(offenders)


# --- The other input paths, counted from their tests ----------------------------------------------------------


def _cases(
    fn: ast.FunctionDef, settings_by_name: dict[str, int], literals: dict[str, int], unresolved: list[str]
) -> int:
    """How many cases a test function runs: product of its parametrize lists, or its hypothesis examples.
    A parametrize list it cannot count (not a literal, nor a name bound to one) goes into unresolved."""
    n = 1
    for dec in fn.decorator_list:
        text = ast.unparse(dec)
        if isinstance(dec, ast.Call) and text.startswith("pytest.mark.parametrize") and len(dec.args) > 1:
            values = dec.args[1]
            if isinstance(values, ast.Call) and values.args:  # list(NAMES)
                values = values.args[0]
            if isinstance(values, ast.List | ast.Tuple):
                n *= len(values.elts)
            elif isinstance(values, ast.Name) and values.id in literals:
                n *= literals[values.id]
            else:
                unresolved.append(f"{fn.name}: {ast.unparse(values)[:60]}")
        elif isinstance(dec, ast.Name) and dec.id in settings_by_name:
            n *= settings_by_name[dec.id]
        elif isinstance(dec, ast.Call) and text.startswith("settings("):
            n *= next((k.value.value for k in dec.keywords if k.arg == "max_examples"), 100)
        elif text.startswith("given(") and not any(
            isinstance(d, ast.Name) and d.id in settings_by_name or ast.unparse(d).startswith("settings(")
            for d in fn.decorator_list
        ):
            n *= 100  # hypothesis' default
    return n


def test_count_the_cases_of_the_other_input_paths() -> None:
    files = {
        "price list uploads (parser)": "tests/test_benchmark.py",
        "price list and single price (pages)": "tests/test_pages_benchmark.py",
        "provider workbook uploads (page)": "tests/test_pages_import.py",
        "provider workbook import": "tests/test_rpw.py",
        "CLI arguments": "tests/test_cli_hostile.py",
        "data files and the store (failures)": "tests/test_failures.py",
        "a read-only data folder and a full disk (pages, import)": "tests/test_disk_failures.py",
        "uploads misread or shown as markup or formulas": "tests/test_hostile_uploads.py",
        "numbers the pages accept": "tests/test_bounds.py",
    }
    summary, missing, unresolved = {}, [], []
    for what, rel in files.items():
        path = ROOT / rel
        if not path.is_file():
            missing.append(rel)
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        settings_by_name = {
            t.id: next((k.value.value for k in node.value.keywords if k.arg == "max_examples"), 100)
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and ast.unparse(node.value.func) == "settings"
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        literals = {
            t.id: len(node.value.keys if isinstance(node.value, ast.Dict) else node.value.elts)
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict | ast.List | ast.Tuple)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        tests = {
            fn.name: _cases(fn, settings_by_name, literals, unresolved)
            for fn in tree.body
            if isinstance(fn, ast.FunctionDef) and fn.name.startswith("test_")
        }
        summary[what] = {
            "file": rel,
            "tests": len(tests),
            "cases_at_most": sum(tests.values()),
            "tests_with_many_cases": sum(n > 1 for n in tests.values()),
        }
    _record(["other_input_paths"], summary)
    # Each input path is still tested where this says (a renamed file would drop out of the count
    # silently), every count was read rather than guessed, and each path tries many cases in at
    # least one test (a parametrize list or hypothesis), not one input per test.
    assert not missing, f"moved or deleted: {missing} (update the list above)"
    assert not unresolved, f"parametrize lists the count cannot read: {unresolved}"
    one_case = {
        "tests/test_pages_import.py": "one bad upload through the page; the hostile workbooks are in test_rpw.py",
        "tests/test_bounds.py": "one static check over every number input of every page (counted per input below)",
    }
    few = [v["file"] for v in summary.values() if v["tests_with_many_cases"] == 0 and v["file"] not in one_case]
    assert not few, f"no test tries more than one case in {few}"


def test_count_the_cases_of_the_disk_and_upload_categories() -> None:
    """Cases per category of issue 15's second round (each a test that failed before its fix)."""
    import test_bounds as bounds  # noqa: PLC0415
    import test_disk_failures as disk  # noqa: PLC0415 (tests/ is on the path: conftest.py)
    import test_hostile_uploads as uploads  # noqa: PLC0415

    pages = len(disk.VIEWS)
    categories = {
        "read-only data folder": pages + 2,  # every page, the library's word, an import into it
        "full disk": len(disk.FULL_DISK) * (pages + 1)
        + 2,  # every page and an import, per error; a second import; the upload's temp folder
        "oversized cell CSV": 2,
        "UTF-16 without a byte-order mark": 4 + 1,  # LE/BE x Latin/Cyrillic, and binary data still refused
        "uploader's file name as markup": len(uploads.HOSTILE_NAMES),
        "formula cells in Excel downloads": len(uploads.FORMULAS) + 2,  # cells, a column name, the notes
        "numbers the pages accept (inputs checked for a minimum and a maximum)": sum(
            len(bounds._inputs(p)) for p in bounds.PAGES
        ),
    }
    _record(["disk_and_upload_categories"], categories)
    assert all(n >= 1 for n in categories.values()), categories
