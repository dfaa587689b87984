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
        return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""), locale=self.locale)

    def percent(self, value_pct: float, digits: int = 2) -> str:
        """3.45 (a value in %) -> '3.45%' / '3,45 %'."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(value_pct / 100, format=pattern, locale=self.locale)

    def money(self, value: float, currency: str, digits: int = 2) -> str:
        try:
            return format_currency(
                value, currency, locale=self.locale, currency_digits=False, format=None if digits == 2 else "¤#,##0"
            )
        except Exception:  # a currency code Babel does not know: number and code, as typed
            return f"{self.number(value, digits)} {currency}"

    def compact_money(self, value: float, currency: str = "USD") -> str:
        """16.6e9 -> 'US$16.6B' / '16,6 млрд $'."""
        return format_compact_currency(value, currency, locale=self.locale, fraction_digits=1)

    def date(self, value: date, style: str = "medium") -> str:
        return format_date(value, format=style, locale=self.locale)


@lru_cache(maxsize=16)
def translator(code: str) -> Translator:
    return Translator(code)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark for translation, translate later")
    """Mark a message for the catalogues where it is defined; it is translated where it is shown."""
    return message


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
    files += [root / "remit" / "handout.py", root / "remit" / "learning.py"]
    return [f for f in files if f.is_file()]
