"""What a transfer really costs a migrant: quotes, provider estimates for any amount, yearly savings.

Conventions (METHODOLOGY.md): total cost % = fee / amount sent x 100 + FX margin %, with
FX margin % = (mid-market rate - provider rate) / mid-market rate x 100. Amount received =
(amount sent - fee) x provider rate when the fee is deducted from the amount, or amount sent x
provider rate when the fee is paid on top; every screen says which. A migrant has a fixed budget,
so offers are ranked by what arrives.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import duckdb
import pandas as pd

from remit.errors import RemitError
from remit.messages import Message, Num, Pct, msg
from remit.prices import NoProviderData, has_provider_data


class InvalidQuote(RemitError):
    """A quote that cannot be priced; the message says which number is missing or wrong."""


@dataclass(frozen=True)
class QuoteCost:
    """One offer, priced."""

    amount_sent: float  # in the sender's currency, excluding a fee paid on top
    paid: float  # what leaves the sender's pocket
    fee: float
    rate: float  # provider's rate: receiving currency per unit of sending currency
    received: float  # in the receiving currency
    fee_pct: float
    fx_margin_pct: float | None  # None without a mid-market rate
    total_cost_pct: float | None
    cost_in_sending_currency: float | None  # paid - received / mid rate
    fee_on_top: bool

    def as_dict(self) -> dict:
        return asdict(self)


# The numbers of a quote, as its messages name them.
NAMES = {
    "amount": msg("The amount must be a number above zero."),
    "amount sent": msg("The amount sent must be a number above zero."),
    "amount received": msg("The amount received must be a number above zero."),
    "exchange rate": msg("The exchange rate must be a number above zero."),
    "mid-market rate": msg("The mid-market rate must be a number above zero."),
}


def _positive(name: str, value: float | None) -> float:
    if value is None or not math.isfinite(value) or value <= 0:
        raise InvalidQuote(NAMES[name])
    return float(value)


def price_quote(
    amount: float,
    fee: float = 0.0,
    *,
    rate: float | None = None,
    received: float | None = None,
    mid_rate: float | None = None,
    fee_on_top: bool = False,
) -> QuoteCost:
    """Price one offer from what a provider quoted: the rate or the amount received (one is enough).

    Args:
        amount: amount sent, in the sending currency.
        fee: the transfer fee, in the sending currency (>= 0).
        rate: the provider's exchange rate (receiving currency per unit of sending currency).
        received: the amount the family receives, in the receiving currency.
        mid_rate: the mid-market (interbank) rate; without it the FX margin cannot be known.
        fee_on_top: True if the fee is paid on top of the amount; False if deducted from it.
    """
    amount = _positive("amount sent", amount)
    if fee is None or not math.isfinite(fee) or fee < 0:
        raise InvalidQuote(msg("The fee must be zero or more."))
    converted = amount if fee_on_top else amount - fee
    if converted <= 0:
        raise InvalidQuote(msg("The fee is as large as the amount sent: nothing would arrive."))
    if rate is None and received is None:
        raise InvalidQuote(msg("Give the provider's exchange rate or the amount that arrives."))
    if rate is None:
        rate = _positive("amount received", received) / converted
    rate = _positive("exchange rate", rate)
    received = converted * rate
    paid = amount + fee if fee_on_top else amount
    fee_pct = fee / amount * 100
    margin = total = cost = None
    if mid_rate is not None:
        mid = _positive("mid-market rate", mid_rate)
        margin = (mid - rate) / mid * 100
        total = fee_pct + margin
        cost = paid - received / mid
    return QuoteCost(amount, paid, fee, rate, received, fee_pct, margin, total, cost, fee_on_top)


def rank_quotes(quotes: dict[str, QuoteCost]) -> list[tuple[str, QuoteCost]]:
    """Offers for the same amount, best first: the most received per unit paid."""
    return sorted(quotes.items(), key=lambda kv: -(kv[1].received / kv[1].paid))


@dataclass(frozen=True)
class FeeModel:
    """A service's fee and margin at any amount, from its two observed price points (USD 200 and 500).

    fee(A) = max(0, fixed + pct x A), linear through the two observed fees; the FX margin is
    interpolated linearly between the points and held at the nearest point outside them.
    """

    amount_low: float
    fee_low: float
    margin_low: float
    amount_high: float | None = None
    fee_high: float | None = None
    margin_high: float | None = None

    @property
    def has_two_points(self) -> bool:
        return self.amount_high is not None and self.fee_high is not None and self.amount_high != self.amount_low

    def fee(self, amount: float) -> float:
        if not self.has_two_points:
            return self.fee_low  # one point: the fee is taken as flat
        pct = (self.fee_high - self.fee_low) / (self.amount_high - self.amount_low)
        return max(0.0, self.fee_low + pct * (amount - self.amount_low))

    def margin(self, amount: float) -> float:
        if not self.has_two_points or self.margin_high is None:
            return self.margin_low
        w = min(1.0, max(0.0, (amount - self.amount_low) / (self.amount_high - self.amount_low)))
        return self.margin_low + w * (self.margin_high - self.margin_low)

    def total_cost_pct(self, amount: float) -> float:
        return self.fee(amount) / amount * 100 + self.margin(amount)

    def estimate_kind(self, amount: float, tolerance: float = 0.005) -> str:
        """'observed' at a surveyed amount, 'interpolated' between them, 'extrapolated' outside."""
        points = [self.amount_low] + ([self.amount_high] if self.has_two_points else [])
        if any(abs(amount - p) <= tolerance * p for p in points):
            return "observed"
        if self.has_two_points and min(points) < amount < max(points):
            return "interpolated"
        return "extrapolated"


# FeeModel.estimate_kind's codes (the 'estimate' column of provider_offers), as a page names them.
ESTIMATE_NAMES = {"observed": msg("observed"), "interpolated": msg("interpolated"), "extrapolated": msg("extrapolated")}


@dataclass(frozen=True)
class YearlyCost:
    transfers_per_year: float
    cost_per_year: float
    alternative_cost_per_year: float
    saving_per_year: float


def yearly_cost(cost_per_transfer: float, alternative_per_transfer: float, per_month: float) -> YearlyCost:
    """What a sending habit costs in a year, and what switching to another offer saves (same currency)."""
    if per_month is None or not math.isfinite(per_month) or per_month <= 0:
        raise InvalidQuote(msg("The number of transfers a month must be above zero."))
    n = per_month * 12
    current, alternative = cost_per_transfer * n, alternative_per_transfer * n
    return YearlyCost(n, current, alternative, max(0.0, current - alternative))


def provider_offers(
    con: duckdb.DuckDBPyConnection,
    sending_iso3: str,
    receiving_iso3: str,
    amount: float,
    *,
    currency: str = "USD",
    period: str | None = None,
    usd_per_unit: float | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Every service in a corridor's latest quarter (or `period`), priced for `amount`.

    `currency` is 'USD', 'LCU' or the code of the sending country's currency as recorded in the workbook,
    or any other currency code with `usd_per_unit` (US dollars per unit of it, from a reference rate).
    Returns the offers, best first by value received, and facts about the comparison: the period,
    the currency code, the LCU per USD implied by the survey, and the surveyed amounts. Services that
    do not disclose their exchange rate are listed last, unranked.
    """
    if not has_provider_data(con):
        raise NoProviderData()
    amount = _positive("amount", amount)
    if period is None:
        row = con.execute(
            "SELECT max(period) FROM provider_price WHERE sending_iso3 = ? AND receiving_iso3 = ?",
            [sending_iso3, receiving_iso3],
        ).fetchone()
        period = row[0] if row else None
    if period is None:
        raise RemitError(
            msg(
                "The imported provider prices have no services from {send} to {recv}.",
                send=sending_iso3,
                recv=receiving_iso3,
            )
        )
    df = con.execute(
        """SELECT firm, firm_type, payment_instrument, access_point, pickup_method, speed, transparent,
                  non_transparent, lcu_code, amount_lcu_200, fee_lcu_200, fx_margin_pct_200, total_cost_pct_200,
                  amount_lcu_500, fee_lcu_500, fx_margin_pct_500, total_cost_pct_500, note, source_sheet, source_row
           FROM provider_price WHERE sending_iso3 = ? AND receiving_iso3 = ? AND period = ?""",
        [sending_iso3, receiving_iso3, period],
    ).df()
    lcu_per_usd = float((df["amount_lcu_200"] / 200).median())
    lcu_code = df["lcu_code"].dropna().iloc[0] if df["lcu_code"].notna().any() else "LCU"
    currency = currency.strip().upper()
    if currency in ("LCU", str(lcu_code).upper()):
        amount_lcu = amount
    elif currency == "USD":
        amount_lcu = amount * lcu_per_usd
    elif usd_per_unit is not None:
        amount_lcu = amount * _positive("exchange rate", usd_per_unit) * lcu_per_usd
    else:
        raise InvalidQuote(msg("A rate to US dollars is needed for an amount in {currency}.", currency=currency))
    rows = []
    for r in df.itertuples():
        model = FeeModel(
            r.amount_lcu_200,
            r.fee_lcu_200,
            r.fx_margin_pct_200,
            None if pd.isna(r.amount_lcu_500) else r.amount_lcu_500,
            None if pd.isna(r.fee_lcu_500) else r.fee_lcu_500,
            None if pd.isna(r.fx_margin_pct_500) else r.fx_margin_pct_500,
        )
        total = model.total_cost_pct(amount_lcu)
        rows.append(
            {
                "firm": r.firm,
                "firm_type": r.firm_type,
                "payment_instrument": r.payment_instrument,
                "pickup_method": r.pickup_method,
                "speed": r.speed,
                "transparent": not r.non_transparent,
                "fee_lcu": model.fee(amount_lcu),
                "fx_margin_pct": model.margin(amount_lcu),
                "total_cost_pct": total,
                "received_value_lcu": amount_lcu * (1 - total / 100),
                "estimate": model.estimate_kind(amount_lcu),
                "note": r.note,
                "source_row": f"{r.source_sheet} row {r.source_row}",
            }
        )
    offers = pd.DataFrame(rows)
    offers["rank"] = offers["received_value_lcu"].where(offers["transparent"]).rank(ascending=False, method="min")
    offers = offers.sort_values(["transparent", "received_value_lcu"], ascending=[False, False]).reset_index(drop=True)
    facts = {
        "period": period,
        "currency": lcu_code,
        "lcu_per_usd": lcu_per_usd,
        "amount_lcu": amount_lcu,
        "observed_lcu": sorted({float(df["amount_lcu_200"].median()), float(df["amount_lcu_500"].median())}),
    }
    return offers, facts


# A quote above this total cost, or a rate this far from the reference rate, is more likely a typing
# slip (a rate the other way round, a fee in the wrong currency) than a real offer: say so, do not refuse.
IMPLAUSIBLE_COST_PCT = 25.0
RATE_DEVIATION = 0.10


def quote_checks(name: str, quote: QuoteCost, reference_rate: float | None = None) -> list[Message]:
    """Plain 'check this number' notes for an offer that looks mistyped (nothing is refused)."""
    notes = []
    if quote.total_cost_pct is not None and quote.total_cost_pct > IMPLAUSIBLE_COST_PCT:
        notes.append(
            msg(
                "{name}: a cost of {cost} is very high. Check this number: is the fee in the currency you send, "
                "and the rate for 1 unit of it?",
                name=name,
                cost=Pct(quote.total_cost_pct),
            )
        )
    if reference_rate and reference_rate > 0:
        gap = abs(quote.rate - reference_rate) / reference_rate
        if gap > RATE_DEVIATION:
            inverted = abs(quote.rate * reference_rate - 1) < 0.2
            notes.append(
                msg(
                    "{name}: the rate {rate} is the other way round from the reference rate {reference}. Check "
                    "this number: give how much arrives for 1 unit you send.",
                    name=name,
                    rate=Num(quote.rate, 6),
                    reference=Num(reference_rate, 6),
                )
                if inverted
                else msg(
                    "{name}: the rate {rate} is {gap} away from the reference rate {reference}. Check this number.",
                    name=name,
                    rate=Num(quote.rate, 6),
                    gap=Pct(gap * 100, 0),
                    reference=Num(reference_rate, 6),
                )
            )
    return notes


@dataclass(frozen=True)
class AverageOnAmount:
    """A corridor's USD 200 average cost applied to the user's amount, in their currency: an estimate."""

    amount: float
    currency: str
    amount_usd: float | None  # None without a rate to US dollars
    cost_pct: float
    cost: float  # in `currency`
    cost_usd: float | None
    arrives_value: float  # amount - cost, in `currency` (what arrives, valued at the reference rate)
    label: Message


def average_on_amount(
    amount: float, currency: str, average_pct: float, period: str, usd_per_unit: float | None = None
) -> AverageOnAmount:
    """The corridor's average cost % (measured for USD 200) on `amount` in `currency`.

    `usd_per_unit` converts the amount to US dollars (not needed for USD; without it the dollar figures
    are None). Without provider data this is all the data says about another amount: the label says it is
    the USD 200 average applied, not a quote.
    """
    amount = _positive("amount sent", amount)
    currency = currency.strip().upper()
    if currency == "USD":
        usd_per_unit = 1.0
    cost = amount * average_pct / 100
    if usd_per_unit is None:
        rate = None
    else:
        rate = _positive("exchange rate", usd_per_unit)
    label = msg(
        "An estimate, not a quote: the average cost of sending USD 200 in {period} ({cost}) applied to your "
        "amount. Fees are often partly fixed, so larger amounts usually cost a smaller share.",
        period=period,
        cost=Pct(average_pct),
    )
    amount_usd, cost_usd = (amount * rate, cost * rate) if rate else (None, None)
    return AverageOnAmount(amount, currency, amount_usd, average_pct, cost, cost_usd, amount - cost, label)
