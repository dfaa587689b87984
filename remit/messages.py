"""Text for people, as data: a message id (the English source text), its values and, for counts, a plural.

The library never writes finished sentences for a reader. It returns `Message`s; the CLI renders them
in English (`str(message)`), a page renders them in the reader's language through one function
(`remit.i18n.Translator.render`, which `ui.i18n.say` calls). A value may be a plain string or number, a
nested Message, or one of the typed values below, which each language formats its own way (decimal
comma, currency symbol, country names). Never match rendered English back to translate it.

    msg("Unknown country '{text}'.", text="Tadjikistan")
    msg("{n} corridor above 5%", "{n} corridors above 5%", count=12)      # plural: the catalogue's forms
    msg("The average is {cost}.", cost=Pct(2.55))                           # '2.55%' / '2,55 %'

`msg` (like `N_`) marks its literal id(s) for the catalogues (`python -m remit.i18n update` finds them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pct:
    """A percentage value (3.45 means 3.45%), shown with `digits` decimals in the reader's locale."""

    value: float
    digits: int = 2


@dataclass(frozen=True)
class PctPoints:
    """A difference of percentages in percentage points (1.2 -> '1.2 pp' / '1,2 п. п.')."""

    value: float
    digits: int = 2


@dataclass(frozen=True)
class Money:
    """An amount in a currency (ISO 4217 code), shown with `digits` decimals in the reader's locale."""

    amount: float
    currency: str = "USD"
    digits: int = 2


@dataclass(frozen=True)
class CompactMoney:
    """A large amount in short form: 16.6e9 USD -> 'US$16.6B' / '16,6 млрд $'."""

    amount: float
    currency: str = "USD"


@dataclass(frozen=True)
class Num:
    """A plain number with `digits` decimals and the locale's grouping (12,345 / 12 345)."""

    value: float
    digits: int = 0


@dataclass(frozen=True)
class Country:
    """A country, named in the reader's language (CLDR, with catalogue overrides); `name` is the data's."""

    iso3: str
    name: str


@dataclass(frozen=True)
class Term:
    """A name from the data that the catalogues translate (a region, an income group: remit.i18n.DATA_TERMS)."""

    text: str


@dataclass(frozen=True)
class Joined:
    """Several values shown as one list ('a, b, c'), each formatted as a value of its own."""

    items: tuple[Any, ...]
    sep: str = ", "


@dataclass(frozen=True)
class Message:
    """One text for a reader: `id` is the English source (with {placeholders}); `plural` its English plural
    when the text depends on `count`. Rendered by remit.i18n.Translator.render; str() gives English."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def __str__(self) -> str:
        from remit.i18n import translator  # noqa: PLC0415 (i18n imports this module)

        return translator("en").render(self)

    def __hash__(self) -> int:  # values may hold lists; a message is hashed by its text
        return hash((self.id, self.plural, self.count, str(sorted(self.values.items(), key=lambda kv: kv[0]))))


def msg(message: str, plural: str | None = None, /, count: int | None = None, **values: Any) -> Message:
    """A Message. With `plural`, `count` chooses the form and fills {n} unless values give n."""
    if plural is not None:
        if count is None:
            raise TypeError("a plural message needs count=")  # i18n: not text: a programming error
        values.setdefault("n", Num(count))
    return Message(message, values, plural, count)


def english(message: Message | str) -> str:
    """A message (or a plain string) in English, as the CLI and logs show it."""
    return str(message)
