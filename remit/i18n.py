"""Languages: message catalogues (gettext .po files in remit/locales/) and locale-aware formatting.

English is the source language: the English text is the message id. Adding a language is one
catalogue file, remit/locales/<code>.po, and no code: it appears in the language switch, complete
or not (untranslated messages fall back to English). Numbers, percentages, money and dates are
formatted for the locale by Babel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent

from remit import messages as m
from remit.keys import normalise_iso3

LOCALES = Path(__file__).parent / "locales"
SOURCE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself: "русский"
    messages: int  # translated messages
    complete: bool  # every message of the source language is translated (see tests/test_i18n.py)


Translation = str | tuple[str, ...]  # a plural message has one string per plural form of the language


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@lru_cache(maxsize=32)
def _catalog(code: str) -> dict[str, Translation]:
    """Message id (for plurals: the singular) -> translation; untranslated and fuzzy entries left out."""
    if code == SOURCE:
        return {}
    with (LOCALES / f"{code}.po").open("rb") as fh:
        catalog = read_po(fh, locale=code)
    out: dict[str, Translation] = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy:
            continue
        if isinstance(entry.id, tuple):  # (singular, plural) -> every form translated
            if all(entry.string):
                out[entry.id[0]] = tuple(entry.string)
        elif entry.string:
            out[entry.id] = entry.string
    return out


@lru_cache(maxsize=32)
def _plural_rule(code: str):  # noqa: ANN202 (a compiled gettext expression: int -> form index)
    """The catalogue's Plural-Forms rule as a function n -> index of the form (English: 0 for 1, else 1)."""
    if code == SOURCE:
        return _english_plural
    import gettext  # noqa: PLC0415

    with (LOCALES / f"{code}.po").open("rb") as fh:
        catalog = read_po(fh, locale=code)
    return gettext.c2py(catalog.plural_expr)


def codes() -> list[str]:
    """English first, then every catalogue in remit/locales/, by code."""
    return [SOURCE, *sorted(p.stem for p in LOCALES.glob("*.po"))]


def language_names() -> dict[str, str]:
    """Code -> the language's name in itself ("Русский"), English first: the switch's choices, without
    reading any catalogue (a catalogue is read when its language is first chosen)."""
    return {code: _own_name(code) for code in codes()}


@lru_cache(maxsize=32)
def _own_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]


def languages(required: set[str] | None = None) -> list[Language]:
    """The languages on offer; `complete` is judged against the message ids in `required` when given."""
    out = []
    for code in codes():
        msgs = _catalog(code)
        complete = code == SOURCE or (required is not None and required <= set(msgs))
        out.append(Language(code, _own_name(code), len(msgs), complete))
    return out


class Translator:
    """Messages and formats for one language; unknown codes fall back to English."""

    def __init__(self, code: str = SOURCE):
        self.code = code if code in codes() else SOURCE
        self.locale = Locale.parse(self.code)
        self._messages = _catalog(self.code)

    def __call__(self, message: str, /, **values: object) -> str:
        """The message in this language, with {placeholders} filled from values."""
        text = self._messages.get(message, message)
        if isinstance(text, tuple):  # a plural entry asked for without a count: its first form
            text = text[0]
        return text.format(**{k: self.value(v) for k, v in values.items()}) if values else text

    def plural(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form of a counted message that suits n in this language ({n} is n unless values give it)."""
        found = self._messages.get(singular)
        if isinstance(found, tuple):
            index = min(int(_plural_rule(self.code)(abs(int(n)))), len(found) - 1)
            text = found[index]
        else:  # untranslated: English's two forms
            text = singular if _english_plural(abs(int(n))) == 0 else plural
        values.setdefault("n", m.Num(n))
        return text.format(**{k: self.value(v) for k, v in values.items()})

    def render(self, message: m.Message | str | object, escape: Callable[[str], str] | None = None) -> str:
        """A library message in this language. escape (e.g. Markdown escaping) is applied to every string
        value that came from data, never to the catalogue's own text."""
        if isinstance(message, str):
            return escape(message) if escape else message
        if not isinstance(message, m.Message):  # a typed value on its own: Country, Pct, Money, ...
            return str(self.value(message, escape))
        values = {k: self.value(v, escape) for k, v in message.values.items()}
        if message.plural is not None:
            return self.plural(message.id, message.plural, message.count or 0, **values)
        return self(message.id, **values)

    def value(self, value: object, escape: Callable[[str], str] | None = None) -> object:  # noqa: PLR0911
        """One message value as text in this language (typed values formatted, nested messages rendered)."""
        match value:
            case m.Message():
                return self.render(value, escape)
            case m.Pct(v, d):
                return self.percent(v, d)
            case m.PctPoints(v, d):
                return self("{value} pp", value=self.number(v, d))
            case m.Money(a, c, d):
                return self.money(a, c, d)
            case m.CompactMoney(a, c):
                return self.compact_money(a, c)
            case m.Num(v, d):
                return self.number(v, d)
            case m.Country(iso3, name):
                return self.country(iso3, name)
            case m.Term(text):
                return self(text)
            case m.Joined(items, sep):
                return sep.join(str(self.value(i, escape)) for i in items)
            case str():
                return escape(value) if escape else value
        return value

    def number(self, value: float, digits: int = 0) -> str:
        # round() first: Babel rounds the decimal text half-even (7.205 -> 7.20), Python the binary value
        # (7.21), and every figure must read the same in every language and in the CSV
        return format_decimal(
            round(value, digits), format="#,##0" + ("." + "0" * digits if digits else ""), locale=self.locale
        )

    def percent(self, value_pct: float, digits: int = 2) -> str:
        """3.45 (a value in %) -> '3.45%' / '3,45 %' (the locale's own pattern, with `digits` decimals)."""
        pattern = self.locale.percent_formats[None].pattern.replace(
            "#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1
        )
        return format_percent(round(value_pct, digits) / 100, format=pattern, locale=self.locale)

    def money(self, value: float, currency: str, digits: int = 2) -> str:
        """200 -> 'US$200.00' / '200,00 $'; digits=0 -> 'US$200' / '200 $' (the locale's pattern either way)."""
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        if digits != 2:
            pattern = pattern.replace("#,##0.00", "#,##0" + ("." + "0" * digits if digits else ""))
        try:
            return format_currency(
                round(value, digits), currency, locale=self.locale, currency_digits=False, format=pattern
            )
        except Exception:  # a currency code Babel does not know: number and code, as typed
            return f"{self.number(value, digits)} {currency}"

    def compact_money(self, value: float, currency: str = "USD") -> str:
        """16.6e9 -> 'US$16.6B' / '16,6 млрд $'."""
        return format_compact_currency(value, currency, locale=self.locale, fraction_digits=1)

    def date(self, value: date, style: str = "medium") -> str:
        return format_date(value, format=style, locale=self.locale)

    def country(self, iso3: str, name: str) -> str:
        """A country's name in this language (Babel's CLDR names); `name` (the data's English name) in
        English, for a code CLDR does not know, or for an aggregate such as "World"."""
        if self.code == SOURCE:
            return name
        if name in self._messages:  # the catalogue overrides CLDR where usage differs (see COUNTRY_NAMES)
            return self._messages[name]
        alpha2 = _alpha2(str(iso3).upper())
        return self.locale.territories.get(alpha2, name) if alpha2 else name

    def corridor(self, send: str, recv: str, send_name: str, recv_name: str) -> str:
        """'Russian Federation → Tajikistan' / 'Россия → Таджикистан'."""
        return f"{self.country(send, send_name)} → {self.country(recv, recv_name)}"


@lru_cache(maxsize=512)
def _alpha2(iso3: str) -> str | None:
    if normalise_iso3(iso3) == "XKX":  # Kosovo (KSV in RPW): a user-assigned code in ISO 3166, XK in CLDR
        return "XK"
    import pycountry  # noqa: PLC0415 (only needed for names in a language other than English)

    found = pycountry.countries.get(alpha_3=iso3)
    return found.alpha_2 if found else None


@lru_cache(maxsize=16)
def translator(code: str) -> Translator:
    return Translator(code)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark for translation, translate later")
    """Mark a message for the catalogues where it is defined; it is translated where it is shown."""
    return message


# Names that come from the data and are shown translated with _(value) on several pages: the World Bank's
# regions and income groups, the focus region's subregions (data/focus_region.csv), the SDG cost bands.
DATA_TERMS = (
    N_("East Asia & Pacific"),
    N_("Europe & Central Asia"),
    N_("Latin America & Caribbean"),
    N_("Middle East, North Africa, Afghanistan & Pakistan"),
    N_("Middle East & North Africa"),
    N_("North America"),
    N_("South Asia"),
    N_("Sub-Saharan Africa"),
    N_("High income"),
    N_("Upper middle income"),
    N_("Lower middle income"),
    N_("Low income"),
    N_("Not classified"),
    N_("Central Asia"),
    N_("Eastern Europe"),
    N_("Russian Federation and Türkiye"),
    N_("South Caucasus"),
    N_("Western Balkans"),
    N_("Below 3%"),
    N_("3% to 5%"),
    N_("Above 5%"),
)

# Countries whose name in a catalogue should win over CLDR's: CLDR's Russian "Киргизия" where the country
# itself and the UN write "Кыргызстан". Keys are the data's English names (WDI).
# Also names CLDR does not have: the Netherlands Antilles (ANT, dissolved in 2010) in the shipped tables.
COUNTRY_NAMES = (N_("Kyrgyz Republic"), N_("Netherlands Antilles"))


# Calls whose literal first argument is a message id; with a literal second argument, its plural:
# _() / t() / N_() on pages and in charts, msg() in the library, _n() and t.plural() for counted messages.
MARKERS = frozenset({"_", "t", "N_", "msg", "_n", "plural"})

# Units the translator itself writes (Translator.value)
UNITS = (N_("{value} pp"),)

Msgid = str | tuple[str, str]  # a message, or (singular, plural)


def extract_messages(files: list[Path]) -> dict[Msgid, list[str]]:
    """Message id (or (singular, plural)) -> places ("file") of every literal passed to a marker call."""
    import ast  # noqa: PLC0415 (only the catalogue tools need it)

    def literal(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    found: dict[Msgid, list[str]] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in MARKERS or (name == "plural" and not isinstance(node.func, ast.Attribute)):
                continue
            first = literal(node.args[0])
            if first is None:
                continue
            second = literal(node.args[1]) if len(node.args) > 1 and name in ("msg", "_n", "plural", "N_") else None
            key: Msgid = (first, second) if second is not None else first
            place = _place(path)
            found.setdefault(key, [])
            if place not in found[key]:
                found[key].append(place)
    return found


def _place(path: Path) -> str:
    """A file's place in the catalogue's comments, the same in every checkout: "views/overview.py", "app.py"."""
    parts = path.parts
    for i, part in enumerate(parts):
        if part in ("remit", "views", "ui"):
            return "/".join(parts[i:])
    return path.name


def source_files(root: Path) -> list[Path]:
    """Files whose every user-facing literal must go through a marker (tests/test_i18n.py scans them): the
    app, its pages and UI helpers, and the library modules that write text for pages."""
    files = [root / "app.py", *sorted((root / "views").glob("*.py")), *sorted((root / "ui").glob("*.py"))]
    files += [root / "remit" / name for name in ("handout.py", "learning.py", "i18n.py", "messages.py")]
    files += sorted((root / "remit" / "charts").glob("*.py"))
    return [f for f in files if f.is_file()]


def message_files(root: Path) -> list[Path]:
    """The files the catalogues are made from: the source files and every library module (the library
    returns remit.messages.Message values; only marked literals count)."""
    library = sorted(p for p in (root / "remit").rglob("*.py") if p not in source_files(root))
    return [*source_files(root), *library]


# --- Catalogue upkeep: python -m remit.i18n update [--merge ru=new.json] -----------------------------------


def update_catalogue(root: Path, code: str, merge: dict[str, str] | None = None) -> list[str]:
    """Rewrite remit/locales/<code>.po with every message the source files use (in their order, with
    their places), keeping its translations and adding those in `merge`; messages no longer used are
    dropped. Returns the message ids still untranslated. Serialised by a lock on the file."""
    import fcntl  # noqa: PLC0415 (catalogue tools only)

    from babel.messages.catalog import Catalog  # noqa: PLC0415
    from babel.messages.pofile import write_po  # noqa: PLC0415

    path = LOCALES / f"{code}.po"
    with (LOCALES / f".{code}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        known = dict(_read_all(path)) if path.exists() else {}
        known.update({k: tuple(v) if isinstance(v, list) else v for k, v in (merge or {}).items() if v})
        catalog = Catalog(locale=code, project="remit", fuzzy=False)
        missing = []
        for msgid, places in extract_messages(message_files(root)).items():
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            have = known.get(key, "")
            if isinstance(msgid, tuple):
                forms = (
                    have
                    if isinstance(have, tuple) and len(have) == catalog.num_plurals
                    else ("",) * catalog.num_plurals
                )
                catalog.add(msgid, forms, locations=[(p, None) for p in places])
                done = all(forms)
            else:
                catalog.add(msgid, have if isinstance(have, str) else "", locations=[(p, None) for p in places])
                done = bool(have) and isinstance(have, str)
            if not done:
                missing.append(key)
        tmp = path.with_suffix(".po.tmp")
        with tmp.open("wb") as fh:
            # sorted, without line numbers: a catalogue changes only where a message does (clean merges)
            write_po(fh, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
        tmp.replace(path)
    _catalog.cache_clear()
    translator.cache_clear()
    return missing


def _read_all(path: Path) -> list[tuple[str, Translation]]:
    with path.open("rb") as fh:
        return [
            (
                e.id[0] if isinstance(e.id, tuple) else e.id,
                tuple(e.string) if isinstance(e.string, (list, tuple)) else e.string,
            )
            for e in read_po(fh)
            if e.id and e.string
        ]


# Parts of the app a catalogue can be promised complete for (remit/locales/complete.txt): each the files whose
# messages it covers, as places ("views/learn.py"). A page also shows the texts of the frame around it (app,
# sidebar, language switch, shared widgets, library messages, units, data terms) and of the library code it
# calls, so its scope lists those files too.
SCOPES: dict[str, tuple[str, ...]] = {
    "frame": (
        "app.py",
        "ui/widgets.py",
        "ui/url_state.py",
        "ui/cached.py",
        "remit/i18n.py",
        "remit/errors.py",
        "remit/charts/common.py",
    ),
    # the Learn page and the handout, for financial-literacy trainers
    "learn": (
        "views/learn.py",
        "ui/learn_sections.py",
        "remit/learning.py",
        "remit/handout.py",
        "remit/quotes.py",
        "remit/rates.py",
    ),
    # the pages for migrants: Compare providers, Check your quotes (and the charts they draw)
    "migrants": (
        "views/send_money.py",
        "views/my_quotes.py",
        "remit/quotes.py",
        "remit/rates.py",
        "remit/charts/prices.py",
        "remit/charts/policy.py",
    ),
}

Scope = frozenset[str] | None  # the places a catalogue is complete for; None: every message


def complete_scopes() -> dict[str, Scope]:
    """The languages promised complete, each with its scope (remit/locales/complete.txt): a line `ru` promises
    every message, a line `uk: frame learn views/my_quotes.py` the messages of those scopes (SCOPES) or files.
    tests/test_i18n.py holds each language to its promise."""
    out: dict[str, Scope] = {}
    for raw in (LOCALES / "complete.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        code, colon, items = line.partition(":")
        if not colon:
            out[code.strip()] = None
            continue
        places: set[str] = set()
        for item in items.split():
            if item not in SCOPES and "/" not in item and not item.endswith(".py"):
                # i18n: not text: a developer's mistake in complete.txt, in English
                raise ValueError(f"complete.txt: {item!r} is neither a scope of remit.i18n.SCOPES nor a file")
            places.update(SCOPES.get(item, (item,)))
        out[code.strip()] = frozenset(places)
    return out


def complete_codes() -> list[str]:
    """The languages promised complete, wholly or for a scope (remit/locales/complete.txt)."""
    return list(complete_scopes())


def in_scope(places: list[str], scope: Scope) -> bool:
    """Does a message used at `places` belong to `scope`?"""
    return scope is None or any(place in scope for place in places)


def _main(argv: list[str] | None = None) -> int:
    import argparse  # noqa: PLC0415
    import json  # noqa: PLC0415

    # i18n: not text: a developers' tool, in English
    parser = argparse.ArgumentParser(prog="python -m remit.i18n", description="Keep the catalogues in step.")
    parser.add_argument("command", choices=["update"])
    parser.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="CODE=FILE.json",
        help="add translations {english: translated} from a JSON file",  # i18n: not text
    )
    args = parser.parse_args(argv)
    merges: dict[str, dict[str, str]] = {}
    for item in args.merge:
        code, _, file = item.partition("=")
        merges.setdefault(code, {}).update(json.loads(Path(file).read_text(encoding="utf-8")))
    root = Path(__file__).resolve().parent.parent
    scopes = complete_scopes()
    places = {(k[0] if isinstance(k, tuple) else k): p for k, p in extract_messages(message_files(root)).items()}
    for code in codes()[1:]:
        missing = update_catalogue(root, code, merges.get(code))
        if scopes.get(code) is not None:  # promised complete for a scope: what of it is missing
            owed = sum(in_scope(places[key], scopes[code]) for key in missing)
            print(f"{code}: {len(missing)} untranslated, {owed} of them in its complete scope")  # i18n: not text
        else:
            print(f"{code}: {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
