"""Languages: message catalogues (gettext .po files in remit/locales/) and locale-aware formatting.

English is the source language: the English text is the message id. Adding a language is one
catalogue file, remit/locales/<code>.po, and no code: it appears in the language switch, complete
or not (untranslated messages fall back to English). Numbers, percentages, money and dates are
formatted for the locale by Babel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent

LOCALES = Path(__file__).parent / "locales"
SOURCE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself: "русский"
    messages: int  # translated messages
    complete: bool  # every message of the source language is translated (see tests/test_i18n.py)


@lru_cache(maxsize=32)
def _catalog(code: str) -> dict[str, str]:
    if code == SOURCE:
        return {}
    with (LOCALES / f"{code}.po").open("rb") as fh:
        catalog = read_po(fh, locale=code)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def codes() -> list[str]:
    """English first, then every catalogue in remit/locales/, by code."""
    return [SOURCE, *sorted(p.stem for p in LOCALES.glob("*.po"))]


def languages(required: set[str] | None = None) -> list[Language]:
    """The languages on offer; `complete` is judged against the message ids in `required` when given."""
    out = []
    for code in codes():
        msgs = _catalog(code)
        complete = code == SOURCE or (required is not None and required <= set(msgs))
        name = Locale.parse(code).get_display_name(code)
        out.append(Language(code, name[:1].upper() + name[1:], len(msgs), complete))
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
        return text.format(**values) if values else text

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
    if iso3 in ("XKX", "KSV"):  # Kosovo: a user-assigned code in ISO 3166, XK in CLDR
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
COUNTRY_NAMES = (N_("Kyrgyz Republic"),)


MARKERS = frozenset({"_", "t", "N_"})  # calls whose first, literal argument is a message id


def extract_messages(files: list[Path]) -> dict[str, list[str]]:
    """Message id -> places ("file:line") of every literal passed to _(), t() or N_() in the files."""
    import ast  # noqa: PLC0415 (only the catalogue tools need it)

    found: dict[str, list[str]] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, []).append(f"{path.name}:{node.lineno}")
    return found


def source_files(root: Path) -> list[Path]:
    """Every file with user-facing text: the app, its pages and UI helpers, and the handout and quiz."""
    files = [root / "app.py", *sorted((root / "views").glob("*.py")), *sorted((root / "ui").glob("*.py"))]
    files += [root / "remit" / name for name in ("handout.py", "learning.py", "charts.py", "i18n.py")]
    return [f for f in files if f.is_file()]


def message_files(root: Path) -> list[Path]:
    """source_files, and the library modules that write English for the CLI and hand the app some of their
    messages as N_() templates to translate (remit.scenarios.note_messages): only those are catalogued."""
    return [*source_files(root), root / "remit" / "scenarios.py"]


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
        known.update({k: v for k, v in (merge or {}).items() if v})
        catalog = Catalog(locale=code, project="remit", fuzzy=False)
        missing = []
        for msgid, places in extract_messages(message_files(root)).items():
            locations = [(p.split(":")[0], int(p.split(":")[1])) for p in places]
            catalog.add(msgid, known.get(msgid, ""), locations=locations)
            if not known.get(msgid):
                missing.append(msgid)
        tmp = path.with_suffix(".po.tmp")
        with tmp.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
        tmp.replace(path)
    _catalog.cache_clear()
    translator.cache_clear()
    return missing


def _read_all(path: Path) -> list[tuple[str, str]]:
    with path.open("rb") as fh:
        return [(m.id, m.string) for m in read_po(fh) if m.id and m.string]


def complete_codes() -> list[str]:
    """The languages promised complete (remit/locales/complete.txt); tests hold them to it."""
    lines = (LOCALES / "complete.txt").read_text(encoding="utf-8").split()
    return [c for c in lines if not c.startswith("#")]


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
    for code in codes()[1:]:
        missing = update_catalogue(root, code, merges.get(code))
        print(f"{code}: {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
