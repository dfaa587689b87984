"""The product model: one price in one corridor, validated from a price-list row (every reason it cannot
be benchmarked) or built directly (Product, InvalidProduct), and country names in the region's languages."""

from __future__ import annotations

import functools
import gettext
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pycountry

from remit.benchmark.template import NUMERIC_COLUMNS, TEXT_COLUMNS
from remit.countries import CountryResolver, _norm
from remit.errors import RemitError, UnknownCountry
from remit.i18n import N_
from remit.messages import Joined, Message, Num, msg
from remit.prices import SLOW_SPEED

DEFAULT_AMOUNT_USD = 200.0
# A margin below -20% means the provider's rate beats the mid-market rate by a fifth: in practice one
# of the two rates is quoted the other way round. Small negative margins (promotions) are kept.
MIN_FX_MARGIN_PCT = -20.0
# Two ways of giving the same figure (fee in US$ and in %, margin and rates) must agree this closely.
FEE_TOLERANCE_USD = 0.01
MARGIN_TOLERANCE_PP = 0.05


class InvalidProduct(RemitError):
    """A product that cannot be benchmarked; the message says which number is wrong."""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)


def _number(  # noqa: PLR0911 (one return per kind of value)
    value: object, decimal_comma: bool, column: str = "value"
) -> tuple[float | None, Message | None]:
    """(number or None when blank, problem with the column's value). Accepts 1.5, 1,5 (decimal comma),
    1 234.5, 2.5%, US$ 3."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, msg("{column} '{value}' is not a number", column=column, value=str(value))
    if isinstance(value, int | float):
        v = float(value)
        return (v, None) if math.isfinite(v) else (None, msg("{column} is not a finite number", column=column))
    if isinstance(value, datetime | date | time | timedelta):
        return None, msg("{column} '{value}' is a date or time, not a number", column=column, value=str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    t = re.sub(r"^(?:us\$|usd|\$)\s*|\s*(?:%|usd|us\$|\$)$", "", text, flags=re.IGNORECASE)
    t = re.sub(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3}\b)", "", t).replace("\u2212", "-")  # 1 234,5 / 1'234.5 / −2
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", t) and not decimal_comma:
        t = t.replace(",", "")  # 1,234.5 in a comma-separated file (the value was quoted)
    elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", t):
        t = t.replace(".", "").replace(",", ".")  # 1.234,5
    elif re.fullmatch(r"[+-]?\d*,\d+(?:e[+-]?\d+)?", t, flags=re.IGNORECASE):
        t = t.replace(",", ".")  # 1,5 and 1,5e-3
    if not _NUMBER.fullmatch(t):
        return None, msg("{column} '{value}' is not a number", column=column, value=text[:40])
    v = float(t)
    if not math.isfinite(v):
        return None, msg("{column} '{value}' is not a finite number", column=column, value=text[:40])
    return v, None


# UTF-8 read as a one-byte code page ('Ð Ð¾ÑÑÐ¸Ñ' for 'Россия', 'CÃ´te' for 'Côte'), or runs of accented
# capitals that no country name has: signs that the text went through the wrong encoding.
_MOJIBAKE = re.compile(r"[ÃÂÐÑ][\u0080-\u00bf]|Ã.|â€")
_ACCENTS = re.compile(r"[\u00c0-\u00ff]{2}")


def _fmt(v: float) -> Num:
    """A number from the file as the reader writes numbers, with up to 4 decimals (1,234.5 / 1 234,5)."""
    return Num(v, len(f"{v:.4f}".rstrip("0").partition(".")[2]))


def joined(messages: Sequence[Message]) -> Message | None:
    """Several notes as one message, 'note; note' (a frame with no words of its own: not catalogued)."""
    found = list(dict.fromkeys(messages))
    if not found:
        return None
    return found[0] if len(found) == 1 else Message("{notes}", {"notes": Joined(tuple(found), "; ")})


SLOWER_THAN_SMART = msg("slower than 5 days: would not count for SmaRT")


def _product(  # noqa: PLR0912, PLR0915 (one check after the other, in column order)
    values: Sequence[object],
    columns: Mapping[str, int],
    resolve: Callable[[str], str],
    encoding: str | None,
    *,
    decimal_comma: bool,
) -> tuple[dict, list[Message]]:
    """One product from a row, or the reasons it cannot be benchmarked (all of them, in column order)."""
    reasons: list[Message] = []
    notes: list[Message] = []

    def raw(col: str) -> object:
        j = columns.get(col)
        return values[j] if j is not None and j < len(values) else None

    text = {c: _cell_text(raw(c))[:200] for c in TEXT_COLUMNS}
    for c, v in text.items():
        if "\ufffd" in v:
            reasons.append(
                msg(
                    "{column} '{value}' has characters lost in an earlier conversion (shown as �): the file's "
                    "encoding is wrong, save it again as CSV UTF-8",
                    column=c,
                    value=v[:40],
                )
            )
    iso: dict[str, str | None] = {}
    for side in ("sending", "receiving"):
        iso[side] = None
        if not text[side]:
            reasons.append(
                msg("sending country is missing") if side == "sending" else msg("receiving country is missing")
            )
            continue
        try:
            iso[side] = resolve(text[side])
        except UnknownCountry as exc:
            reasons.append(_unknown_country(side, text[side], exc.suggestions[:2], encoding))
    if iso["sending"] and iso["sending"] == iso["receiving"]:
        reasons.append(msg("sending and receiving country are the same ({code})", code=iso["sending"]))

    num: dict[str, float | None] = {}
    unreadable: set[str] = set()
    for c in NUMERIC_COLUMNS:
        num[c], problem = _number(raw(c), decimal_comma, c)
        if problem:
            reasons.append(problem)
            unreadable.add(c)

    amount = num["amount_usd"]
    if amount is None and "amount_usd" not in unreadable:
        amount = DEFAULT_AMOUNT_USD
    if amount is not None and amount <= 0:
        reasons.append(msg("amount_usd must be above zero (found {value})", value=_fmt(amount)))
        amount = None

    fee_usd, fee_pct = num["fee_usd"], num["fee_pct"]
    if fee_usd is None and fee_pct is None and not unreadable & {"fee_usd", "fee_pct"}:
        reasons.append(msg("no fee: fill in fee_usd or fee_pct (0 for a transfer without a fee)"))
    for col, v in (("fee_usd", fee_usd), ("fee_pct", fee_pct)):
        if v is not None and v < 0:
            reasons.append(msg("negative fee ({column} {value})", column=col, value=_fmt(v)))
    if fee_pct is not None and fee_pct >= 100:
        reasons.append(msg("fee_pct {value} is 100% or more of the amount sent", value=_fmt(fee_pct)))
    if amount is not None and fee_usd is not None and fee_usd >= amount:
        reasons.append(
            msg(
                "fee_usd {fee} is as large as the amount sent ({amount}): nothing would arrive",
                fee=_fmt(fee_usd),
                amount=_fmt(amount),
            )
        )
    if amount is not None and fee_usd is not None and fee_pct is not None and fee_usd >= 0 and fee_pct >= 0:
        if abs(fee_usd - amount * fee_pct / 100) > max(FEE_TOLERANCE_USD, 0.005 * fee_usd):
            reasons.append(
                msg(
                    "fee_usd {fee} and fee_pct {pct} disagree (US$ {usd} is {share}% of {amount}): keep one",
                    fee=_fmt(fee_usd),
                    pct=_fmt(fee_pct),
                    usd=_fmt(fee_usd),
                    share=Num(fee_usd / amount * 100, 2),
                    amount=_fmt(amount),
                )
            )

    margin, rate, mid = num["fx_margin_pct"], num["exchange_rate"], num["mid_rate"]
    rate_problem = bool(unreadable & {"fx_margin_pct", "exchange_rate", "mid_rate"})
    from_rates = None
    if rate is not None or mid is not None:
        rate_problem = True
        if rate is None:
            reasons.append(msg("mid_rate is given but exchange_rate is missing"))
        elif mid is None:
            reasons.append(msg("exchange_rate is given but mid_rate is missing"))
        elif rate <= 0 or mid <= 0:
            reasons.append(msg("exchange_rate must be above zero") if rate <= 0 else msg("mid_rate must be above zero"))
        else:
            rate_problem = False
            from_rates = (mid - rate) / mid * 100
            if rate > 2 * mid or rate < 0.5 * mid:
                reasons.append(
                    msg(
                        "exchange_rate {rate} and mid_rate {mid} differ by more than half: is one of them inverted? "
                        "Quote both as units of the receiving currency for one unit of the sending currency",
                        rate=_fmt(rate),
                        mid=_fmt(mid),
                    )
                )
                rate_problem = True
                from_rates = None
        rate_problem = rate_problem or bool(unreadable & {"fx_margin_pct", "exchange_rate", "mid_rate"})
    if margin is None and from_rates is None:
        if not rate_problem:
            reasons.append(
                msg(
                    "no FX margin: fill in fx_margin_pct (0 when no currency is converted) or exchange_rate and mid_rate"
                )
            )
    elif margin is not None:
        if margin >= 100:
            reasons.append(
                msg(
                    "fx_margin_pct {value} is 100% or more: the margin is a percentage of the amount",
                    value=_fmt(margin),
                )
            )
        elif margin < MIN_FX_MARGIN_PCT:
            reasons.append(
                msg(
                    "fx_margin_pct {value} is below {limit}%: was a rate quoted the other way round?",
                    value=_fmt(margin),
                    limit=Num(MIN_FX_MARGIN_PCT),
                )
            )
        if from_rates is not None and abs(margin - from_rates) > MARGIN_TOLERANCE_PP:
            reasons.append(
                msg(
                    "fx_margin_pct {value} disagrees with exchange_rate and mid_rate (which give {margin}%): keep one",
                    value=_fmt(margin),
                    margin=Num(from_rates, 2),
                )
            )
    else:
        margin = from_rates

    volume = num["transfers_per_year"]
    if volume is not None and volume <= 0:
        reasons.append(msg("transfers_per_year must be above zero (found {value})", value=_fmt(volume)))
    if reasons:
        return {}, reasons

    assert amount is not None and margin is not None  # noqa: S101 - guaranteed by the checks above
    if fee_pct is None:
        fee_pct = fee_usd / amount * 100  # type: ignore[operator]
    if fee_usd is None:
        fee_usd = amount * fee_pct / 100
    if margin < 0:
        notes.append(msg("negative FX margin (a better rate than mid-market, e.g. a promotion)"))
    if text["speed"] and re.search(SLOW_SPEED, text["speed"]):
        notes.append(SLOWER_THAN_SMART)
    return {
        "product": text["product"] or None,
        "sending": text["sending"],
        "receiving": text["receiving"],
        "sending_iso3": iso["sending"],
        "receiving_iso3": iso["receiving"],
        "amount_usd": amount,
        "fee_usd": fee_usd,
        "fee_pct": fee_pct,
        "fx_margin_pct": margin,
        "exchange_rate": rate,
        "mid_rate": mid,
        "total_cost_pct": fee_pct + margin,
        "speed": text["speed"] or None,
        "payout": text["payout"] or None,
        "firm_type": text["firm_type"] or None,
        "payment_instrument": text["payment_instrument"] or None,
        "transfers_per_year": volume,
        "note": joined(notes),
    }, []


def _unknown_country(side: str, text: str, suggestions: list[str], encoding: str | None) -> Message:
    """'unknown sending country 'X' (did you mean …?)', and when the text looks garbled, that the file's
    encoding is wrong."""
    values = {"value": text[:40], "names": Joined(tuple(suggestions))}
    if side == "sending":
        reason = (
            msg("unknown sending country '{value}' (did you mean {names}?)", **values)
            if suggestions
            else msg("unknown sending country '{value}'", value=text[:40])
        )
    else:
        reason = (
            msg("unknown receiving country '{value}' (did you mean {names}?)", **values)
            if suggestions
            else msg("unknown receiving country '{value}'", value=text[:40])
        )
    if _MOJIBAKE.search(text) or (
        encoding and not encoding.startswith(("UTF", "Windows-1251")) and _ACCENTS.search(text)
    ):
        return msg(
            "{reason} — it looks garbled, so the file's encoding is wrong: save it again as CSV UTF-8", reason=reason
        )
    return reason


# -- countries in the region's languages


# Languages of the focus region and its main host countries, for country names in a price list.
REGION_LANGUAGES = ("ru", "uk", "be", "kk", "ky", "tg", "uz", "az", "hy", "ka", "ro", "ro_MD", "sq", "sr",
                    "sr@latin", "mk", "bs", "hr", "bg", "tr", "de")  # fmt: skip
# Short forms people write that the ISO catalogues do not list.
COMMON_NAMES: dict[str, str] = {
    "Россия": "RUS", "РФ": "RUS", "Кыргызстан": "KGZ", "Киргизстан": "KGZ", "Молдова": "MDA", "Молдавия": "MDA",
    "Косово": "XKX", "США": "USA", "Великобритания": "GBR", "ОАЭ": "ARE", "Беларусь": "BLR", "Белоруссия": "BLR",
    "Узбекистан": "UZB", "Таджикистан": "TJK", "Казахстан": "KAZ", "Армения": "ARM", "Грузия": "GEO",
    "Азербайджан": "AZE", "Украина": "UKR", "Турция": "TUR", "Германия": "DEU", "Росія": "RUS", "Kosova": "XKX",
    "Kosovë": "XKX", "Rusija": "RUS", "Rusya": "RUS",
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _regional_names() -> dict[str, str]:
    """Normalised country name in the region's languages -> ISO3 (names two countries share are left out)."""
    found: dict[str, set[str]] = {}
    for lang in REGION_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(c, attr, None)
                if english:
                    found.setdefault(_norm(tr.gettext(english)), set()).add(c.alpha_3)
    names = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    names.update({_norm(k): v for k, v in COMMON_NAMES.items()})
    return names


def _country_lookup(countries: CountryResolver | None) -> Callable[[str], str]:
    """text -> ISO3 through the store's resolver, then the region's languages; UnknownCountry otherwise."""
    base = countries or CountryResolver()
    regional = _regional_names()
    known = set(base.display) | set(base.extra)

    def resolve(text: str) -> str:
        try:
            return base.resolve(text)
        except UnknownCountry:
            iso = regional.get(_norm(text))
            if iso == "XKX" or (iso and (not known or iso in known)):
                return iso
            raise

    return resolve


def margin_from_rates(exchange_rate: float, mid_rate: float) -> float:
    """FX margin % = (mid-market rate - provider rate) / mid-market rate x 100 (METHODOLOGY.md)."""
    for problem, v in (
        (msg("The exchange rate must be a number above zero."), exchange_rate),
        (msg("The mid-market rate must be a number above zero."), mid_rate),
    ):
        if v is None or not math.isfinite(v) or v <= 0:
            raise InvalidProduct(problem)
    return (mid_rate - exchange_rate) / mid_rate * 100


@dataclass(frozen=True)
class Product:
    """One product to benchmark: a price in one corridor at one amount (US$)."""

    sending_iso3: str
    receiving_iso3: str
    fee_pct: float
    fx_margin_pct: float
    amount_usd: float = DEFAULT_AMOUNT_USD
    product: str | None = None
    speed: str | None = None
    payout: str | None = None
    firm_type: str | None = None
    payment_instrument: str | None = None
    transfers_per_year: float | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.amount_usd) or self.amount_usd <= 0:
            raise InvalidProduct(msg("The amount sent must be above zero."))
        if not math.isfinite(self.fee_pct) or not 0 <= self.fee_pct < 100:
            raise InvalidProduct(msg("The fee must be zero or more and less than 100% of the amount sent."))
        if not math.isfinite(self.fx_margin_pct) or not MIN_FX_MARGIN_PCT <= self.fx_margin_pct < 100:
            raise InvalidProduct(
                msg(
                    "The FX margin must be between -20% and 100%; check that the exchange rate and the mid-market "
                    "rate are quoted the same way."
                )
            )
        if self.transfers_per_year is not None and not (
            math.isfinite(self.transfers_per_year) and self.transfers_per_year > 0
        ):
            raise InvalidProduct(msg("The number of transfers a year must be above zero."))

    @classmethod
    def with_fee_usd(cls, sending_iso3: str, receiving_iso3: str, fee_usd: float, fx_margin_pct: float,
                     amount_usd: float = DEFAULT_AMOUNT_USD, **kwargs: object) -> Product:  # fmt: skip
        """A product whose fee is given in US dollars for amount_usd."""
        if not math.isfinite(amount_usd) or amount_usd <= 0:
            raise InvalidProduct(msg("The amount sent must be above zero."))
        if not math.isfinite(fee_usd) or fee_usd < 0:
            raise InvalidProduct(msg("The fee must be zero or more."))
        return cls(sending_iso3, receiving_iso3, fee_usd / amount_usd * 100, fx_margin_pct, amount_usd, **kwargs)  # type: ignore[arg-type]

    @property
    def fee_usd(self) -> float:
        return self.amount_usd * self.fee_pct / 100

    @property
    def total_cost_pct(self) -> float:
        return self.fee_pct + self.fx_margin_pct

    def as_row(self) -> dict:
        return {
            "row": 1,
            "product": self.product,
            "sending_iso3": self.sending_iso3,
            "receiving_iso3": self.receiving_iso3,
            "amount_usd": self.amount_usd,
            "fee_usd": self.fee_usd,
            "fee_pct": self.fee_pct,
            "fx_margin_pct": self.fx_margin_pct,
            "total_cost_pct": self.total_cost_pct,
            "speed": self.speed,
            "payout": self.payout,
            "firm_type": self.firm_type,
            "payment_instrument": self.payment_instrument,
            "transfers_per_year": self.transfers_per_year,
            "note": SLOWER_THAN_SMART if self.speed and re.search(SLOW_SPEED, self.speed) else None,
        }


# Choices offered when the corridor has no provider prices to take them from (RPW's wording).
STANDARD_FIRM_TYPES = (N_("Bank"), N_("Money Transfer Operator"), N_("Post office"), N_("Mobile operator"))
STANDARD_INSTRUMENTS = (N_("Cash"), N_("Account"), N_("Card"), N_("Online"))
STANDARD_PAYOUTS = (N_("Cash"), N_("Bank account"), N_("Mobile wallet"), N_("Card"))
STANDARD_SPEEDS = (N_("Less than one hour"), N_("Same day"), N_("Next day"), N_("2 days"), N_("3-5 days"),
                   N_("6 days or more"))  # fmt: skip
