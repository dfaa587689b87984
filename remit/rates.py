"""Official reference exchange rates from public central-bank feeds, cached with their date.

Two feeds, each a daily table of one base currency against others:
- the European Central Bank's euro foreign exchange reference rates (eurofxref-daily.xml: units of a
  currency per 1 EUR; USD, GBP, the EU's currencies and ~25 more);
- the Central Bank of Russia's official rates (XML_daily.asp, windows-1251: `Value` roubles, with a
  decimal comma, per `Nominal` units; TJS, KGS, UZS, AMD, GEL, AZN, MDL, UAH, KZT, BYN, USD, EUR, GBP ...).
A rate between any two currencies is a cross rate within one feed, or across both through a currency
both carry (EUR, USD).

The cache, data/rates/reference_rates.json (REMIT_RATES_FILE), is runtime data: it is gitignored and
not shipped, because a rate frozen at release time would be passed off as today's. Offline, or for a
currency no feed carries, the user types the rate. A fetch happens only when asked (`refresh`), with a
short time-out; a failed or implausible answer never replaces or removes a cached rate, and every
outcome is a Message. A rate older than STALE_DAYS says its age.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import requests

from remit.errors import RemitError
from remit.messages import Message, Money, Num, msg

ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
CBR_URL = "https://www.cbr.ru/scripts/XML_daily.asp"
TIMEOUT_S = 5.0
STALE_DAYS = 4  # the ECB publishes on working days: a Friday rate is 3 days old on Monday
CACHE_NAME = "rates/reference_rates.json"


@dataclass(frozen=True)
class Feed:
    id: str
    name: Message  # the publisher, as the label shows it
    base: str
    url: str
    env: str  # the environment variable that overrides url (tests point it at 127.0.0.1)


FEEDS: dict[str, Feed] = {
    "ECB": Feed("ECB", msg("European Central Bank"), "EUR", ECB_URL, "REMIT_ECB_URL"),
    "CBR": Feed("CBR", msg("Central Bank of Russia"), "RUB", CBR_URL, "REMIT_CBR_URL"),
}


class RatesUnavailable(RemitError):
    """A feed could not be fetched or its answer was not a usable table of rates."""


@dataclass(frozen=True)
class Table:
    """One feed's rates on one day: units of each currency per 1 unit of `base` (base itself is 1)."""

    feed: str
    day: str  # ISO date the publisher gave the rates
    fetched_at: str  # ISO timestamp (UTC) of the download
    per_base: dict[str, float]

    def age_days(self, today: date | None = None) -> int:
        return max(0, ((today or date.today()) - date.fromisoformat(self.day)).days)


@dataclass(frozen=True)
class Rate:
    """Units of `to` per 1 unit of `frm`, from `feeds` as published on `day` (the older day if two)."""

    frm: str
    to: str
    value: float
    feeds: tuple[str, ...]
    day: str
    age_days: int

    @property
    def stale(self) -> bool:
        return self.age_days > STALE_DAYS

    def label(self) -> Message:
        """'Reference rate: Central Bank of Russia, 2026-12-01.' plus the age when stale."""
        names = [FEEDS[f].name for f in self.feeds]
        source = names[0] if len(names) == 1 else msg("{first} and {second}", first=names[0], second=names[1])
        label = msg("Reference rate: {source}, {day}.", source=source, day=self.day)
        if self.stale:
            age = msg("It is {n} day old.", "It is {n} days old.", count=self.age_days)
            return msg("{label} {age}", label=label, age=age)
        return label


# ---- parsing ---------------------------------------------------------------------------------------


def _number(text: str | None) -> float:
    value = float(str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _checked(feed: Feed, per_base: dict[str, float], day: str) -> dict[str, float]:
    """Every rate above zero, and some rates at all; otherwise the whole answer is refused."""
    if not per_base:
        raise RatesUnavailable(msg("The {feed} answer has no exchange rates.", feed=feed.name))
    bad = sorted(code for code, v in per_base.items() if not v > 0)
    if bad:
        raise RatesUnavailable(
            msg(
                "The {feed} answer gives a rate of zero or below for {codes}: it was not used.",
                feed=feed.name,
                codes=", ".join(bad),
            )
        )
    try:
        date.fromisoformat(day)
    except ValueError as exc:
        raise RatesUnavailable(msg("The {feed} answer has no valid date.", feed=feed.name)) from exc
    return {**per_base, feed.base: 1.0}


def parse_ecb(content: bytes, fetched_at: str = "") -> Table:
    """eurofxref-daily.xml: <Cube time="YYYY-MM-DD"><Cube currency="USD" rate="1.08"/>..."""
    feed = FEEDS["ECB"]
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise RatesUnavailable(msg("The {feed} answer is not valid XML.", feed=feed.name)) from exc
    day, per_base = "", {}
    for cube in root.iter():
        if not cube.tag.endswith("Cube"):
            continue
        if cube.get("time"):
            day = cube.get("time", "")
        if cube.get("currency"):
            try:
                per_base[cube.get("currency", "").strip().upper()] = _number(cube.get("rate"))
            except ValueError as exc:
                raise RatesUnavailable(
                    msg("The {feed} answer has a rate that is not a number.", feed=feed.name)
                ) from exc
    return Table(feed.id, day, fetched_at, _checked(feed, per_base, day))


def parse_cbr(content: bytes, fetched_at: str = "") -> Table:
    """XML_daily.asp: <ValCurs Date="02.12.2026"><Valute><CharCode>TJS</CharCode><Nominal>10</Nominal>
    <Value>81,2345</Value></Valute>... (roubles per Nominal units; windows-1251, declared in the prolog)."""
    feed = FEEDS["CBR"]
    try:
        root = ET.fromstring(content)  # the XML prolog names the encoding (windows-1251)
    except (ET.ParseError, LookupError) as exc:
        raise RatesUnavailable(msg("The {feed} answer is not valid XML.", feed=feed.name)) from exc
    if root.tag != "ValCurs":
        raise RatesUnavailable(msg("The {feed} answer is not a table of rates.", feed=feed.name))
    try:
        day = datetime.strptime(root.get("Date", ""), "%d.%m.%Y").date().isoformat()
    except ValueError:
        day = ""
    per_base = {}
    for valute in root.iter("Valute"):
        code = (valute.findtext("CharCode") or "").strip().upper()
        try:
            nominal, value = _number(valute.findtext("Nominal")), _number(valute.findtext("Value"))
        except ValueError as exc:
            raise RatesUnavailable(msg("The {feed} answer has a rate that is not a number.", feed=feed.name)) from exc
        per_base[code] = nominal / value if value > 0 else value  # units per 1 RUB; a bad value stays bad
    return Table(feed.id, day, fetched_at, _checked(feed, per_base, day))


PARSERS = {"ECB": parse_ecb, "CBR": parse_cbr}


# ---- the cache -------------------------------------------------------------------------------------


def cache_path(data: Path | None = None) -> Path:
    if os.environ.get("REMIT_RATES_FILE"):
        return Path(os.environ["REMIT_RATES_FILE"])
    if data is None:
        from remit.store import data_dir  # noqa: PLC0415 (store imports duckdb; only needed here)

        data = data_dir()
    return Path(data) / CACHE_NAME


def load_cache(path: Path) -> dict[str, Table]:
    """The cached tables; an unreadable cache counts as empty (it is rewritten by the next fetch)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            f: Table(f, t["day"], t.get("fetched_at", ""), {k: float(v) for k, v in t["per_base"].items()})
            for f, t in raw.items()
            if f in FEEDS
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _save_cache(path: Path, tables: dict[str, Table]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, suffix=".json.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(
                {f: {"day": t.day, "fetched_at": t.fetched_at, "per_base": t.per_base} for f, t in tables.items()},
                fh,
                indent=1,
                sort_keys=True,
            )
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def fetch(feed_id: str, url: str | None = None, timeout: float = TIMEOUT_S) -> Table:
    """Download and parse one feed; RatesUnavailable with a plain message when that fails."""
    feed = FEEDS[feed_id]
    url = url or os.environ.get(feed.env) or feed.url
    try:
        resp = requests.get(url, timeout=timeout, headers={"User-Agent": "remit (remittance cost dashboard)"})
    except requests.Timeout as exc:
        raise RatesUnavailable(
            msg(
                "The {feed} did not answer within {seconds} seconds.",
                feed=feed.name,
                seconds=Num(timeout, 0 if float(timeout).is_integer() else 1),
            )
        ) from exc
    except requests.RequestException as exc:
        raise RatesUnavailable(msg("Could not reach the {feed}: no connection.", feed=feed.name)) from exc
    if resp.status_code != 200:
        raise RatesUnavailable(
            msg("The {feed} answered with an error ({status}).", feed=feed.name, status=str(resp.status_code))
        )
    head = resp.content[:1024].lower()
    if resp.content.lstrip()[:1] != b"<" or b"<html" in head or b"<!doctype" in head:  # no DTDs: no entity tricks
        raise RatesUnavailable(msg("The {feed} answer is not a table of rates.", feed=feed.name))
    return PARSERS[feed_id](resp.content, datetime.now(UTC).isoformat(timespec="seconds"))


def refresh(
    data: Path | None = None, feeds: tuple[str, ...] = tuple(FEEDS), timeout: float = TIMEOUT_S
) -> list[Message]:
    """Fetch each feed and cache the good answers; one message per feed says what happened."""
    path = cache_path(data)
    tables = load_cache(path)
    said, fresh = [], {}
    for feed_id in feeds:
        feed = FEEDS[feed_id]
        try:
            table = fetch(feed_id, timeout=timeout)
        except RatesUnavailable as exc:
            kept = tables.get(feed_id)
            said.append(
                msg("{problem} The cached rates of {day} are kept.", problem=exc.message, day=kept.day)
                if kept
                else exc.message
            )
            continue
        old = tables.get(feed_id)
        if old and table.day < old.day:  # a mirror or cache upstream answered with an older day
            said.append(
                msg("The {feed} answered with rates older than the cached ones, which are kept.", feed=feed.name)
            )
            continue
        fresh[feed_id] = table
        said.append(msg("{feed}: rates of {day}.", feed=feed.name, day=table.day))
    if fresh:
        try:
            _save_cache(path, {**tables, **fresh})
        except OSError:
            said.append(msg("Today's rates could not be saved on this server; they are used for this visit only."))
            _MEMORY.update(fresh)
    return said


_MEMORY: dict[str, Table] = {}  # rates fetched when the cache folder is read-only (one process)


def cached_tables(data: Path | None = None) -> dict[str, Table]:
    """The cached tables (no network), with any kept only in memory."""
    tables = load_cache(cache_path(data))
    for f, t in _MEMORY.items():
        if f not in tables or t.day > tables[f].day:
            tables[f] = t
    return tables


# ---- cross rates and conversions ------------------------------------------------------------------


def cross_rate(frm: str, to: str, tables: dict[str, Table], today: date | None = None) -> Rate | None:
    """Units of `to` per 1 `frm` from the cached tables, or None when no feed (or pair of feeds) covers both.

    One feed is preferred to two (ECB first, where it carries both); across feeds the rate goes through
    EUR, then USD, on the feed that carries each end.
    """
    frm, to = frm.strip().upper(), to.strip().upper()
    if frm == to:
        return None
    ordered = [tables[f] for f in FEEDS if f in tables]
    for t in ordered:
        if frm in t.per_base and to in t.per_base:
            return Rate(frm, to, t.per_base[to] / t.per_base[frm], (t.feed,), t.day, t.age_days(today))
    for a in ordered:
        for b in ordered:
            if a is b or frm not in a.per_base or to not in b.per_base:
                continue
            for bridge in ("EUR", "USD"):
                if bridge in a.per_base and bridge in b.per_base:
                    value = a.per_base[bridge] / a.per_base[frm] * (b.per_base[to] / b.per_base[bridge])
                    day = min(a.day, b.day)
                    return Rate(frm, to, value, (a.feed, b.feed), day, max(a.age_days(today), b.age_days(today)))
    return None


def convert(amount: float, frm: str, to: str, tables: dict[str, Table]) -> tuple[float, Rate | None]:
    """`amount` in `frm` expressed in `to`, and the rate used (None when the currencies are the same).

    Raises RatesUnavailable when no cached rate links the two (offline: the user gives the rate).
    """
    if frm.strip().upper() == to.strip().upper():
        return float(amount), None
    rate = cross_rate(frm, to, tables)
    if rate is None:
        raise RatesUnavailable(
            msg(
                "No reference rate from {frm} to {to} is available here: type the rate yourself.",
                frm=frm.upper(),
                to=to.upper(),
            )
        )
    return float(amount) * rate.value, rate


def in_usd(amount: float, currency: str, tables: dict[str, Table], usd_per_unit: float | None = None) -> float:
    """An amount in any currency, in US dollars: with `usd_per_unit` when the user gave it, else the cache."""
    if currency.strip().upper() == "USD":
        return float(amount)
    if usd_per_unit is not None:
        if not (math.isfinite(usd_per_unit) and usd_per_unit > 0):
            raise RatesUnavailable(msg("The exchange rate must be a number above zero."))
        return float(amount) * usd_per_unit
    return convert(amount, currency, "USD", tables)[0]


def amount_label(amount: float, currency: str, usd: float) -> Message:
    """'RUB 15,000.00 (about US$165.00)'."""
    if currency.upper() == "USD":
        return msg("{amount}", amount=Money(amount, "USD"))
    return msg("{amount} (about {usd})", amount=Money(amount, currency.upper()), usd=Money(usd, "USD"))


CURRENCIES = ("RUB", "EUR", "USD", "GBP", "TJS", "KGS", "UZS", "AMD", "GEL", "AZN", "MDL", "UAH", "KZT", "BYN")


def country_currency(iso3: str) -> str | None:
    """The currency a country uses today (ISO 4217, from the Unicode CLDR), or None."""
    from babel.numbers import get_territory_currencies  # noqa: PLC0415

    from remit.i18n import _alpha2  # noqa: PLC0415 (iso3 -> alpha2, Kosovo included)

    alpha2 = _alpha2(str(iso3).upper())
    if not alpha2:
        return None
    found = get_territory_currencies(alpha2, date.today(), tender=True)
    return found[0] if found else None
